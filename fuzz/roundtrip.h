/*
 * roundtrip.h: the properties the parser harnesses check on any bytes.
 *
 * For the scenario parser (scenarios/parse.c) and the .sched reader
 * (corpus/sched_file.c), whatever the input:
 *  1. no crash, no sanitizer report, no hang (the engines see those);
 *  2. a rejected input gets an error with a file name, a line and a
 *     column (both >= 1) and a message: file:line:col: error: msg;
 *  3. an accepted input prints to a canonical text that parses again,
 *     and printing that gives the same text: print -> parse -> print is
 *     stable.
 * fuzz/harness_parse.c and fuzz/harness_sched.c call these on the
 * engines' inputs and abort() on a violation; tests/test_roundtrip.c
 * calls them on every library scenario and schedule in every build.
 */
#ifndef UVMCHECK_FUZZ_ROUNDTRIP_H
#define UVMCHECK_FUZZ_ROUNDTRIP_H

#include <stddef.h>
#include <stdint.h>

/* outcome: accepted, rejected (both fine), or the property violated */
enum roundtrip_result {
	ROUNDTRIP_ACCEPTED = 0,
	ROUNDTRIP_REJECTED = 1,
	ROUNDTRIP_VIOLATED = -1,
};

/* why: what was violated (or the error message of a rejected input) */
enum roundtrip_result roundtrip_scenario(const uint8_t *data, size_t size,
    char *why, size_t len);
enum roundtrip_result roundtrip_sched(const uint8_t *data, size_t size,
    char *why, size_t len);

#endif
