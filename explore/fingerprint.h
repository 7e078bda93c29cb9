/*
 * fingerprint.h: a 64-bit fingerprint of the whole world (docs/design.md §2).
 *
 * The world is one flat struct whose unused slots and padding stay zero,
 * so two equal worlds have equal bytes: XXH3-64 of the bytes identifies a
 * state.  Recorded in .sched files after every step, so that a replay
 * under a changed model says where it diverged.
 */
#ifndef UVMCHECK_FINGERPRINT_H
#define UVMCHECK_FINGERPRINT_H

#include <stdint.h>

#include "core/world.h"

uint64_t world_fingerprint(const struct world *w);

#endif
