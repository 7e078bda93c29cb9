/*
 * mutate.h: the structure-aware mutator, shared by libFuzzer's
 * LLVMFuzzerCustomMutator and AFL++'s custom mutator (fuzz/afl_mutator.c).
 *
 * It knows the input layout of decode.h and gen.h and mutates at their
 * level: the scenario and configuration bytes; in generated scenarios an
 * operation's kind or an argument, inserting or deleting an operation
 * (the thread's count), swapping two operations; on the choice tape
 * inserting, deleting, changing or swapping a scheduling choice, moving
 * a preemption (a run of one thread) and toggling an environment
 * failure.  Every output decodes (every input does).
 */
#ifndef UVMCHECK_FUZZ_MUTATE_H
#define UVMCHECK_FUZZ_MUTATE_H

#include <stddef.h>
#include <stdint.h>

#include "fuzz/decode.h"

/* mutate data[0..size) in place, at most max bytes; returns the new size */
size_t fuzz_mutate(uint8_t *data, size_t size, size_t max, unsigned seed,
    enum fuzz_mode mode);

#endif
