/*
 * bitstate.h: --bitstate, Holzmann's supertrace: a state is K_HASH bits
 * of one large bit array instead of a table slot, so a search fits where
 * the table would not.  A state whose bits are all set already is taken
 * as seen, and may not have been: the search is then incomplete, and
 * bitstate_coverage() estimates the fraction of states it reached.
 */
#ifndef UVMCHECK_BITSTATE_H
#define UVMCHECK_BITSTATE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BITSTATE_K		3
#define BITSTATE_DEFAULT	((size_t)64 << 20)	/* bytes */

struct bitstate {
	_Atomic uint64_t *w;
	uint64_t mask;		/* bits - 1 */
	size_t bytes;
	_Atomic uint64_t n;	/* states taken as new */
};

/* bytes: the array's size, rounded down to a power of two (>= 4 KiB) */
int bitstate_init(struct bitstate *b, size_t bytes);
void bitstate_free(struct bitstate *b);
/* set fp's bits: true if they were all set already (seen, perhaps) */
bool bitstate_test_set(struct bitstate *b, uint64_t fp);
/*
 * The expected fraction of the states inserted so far that were
 * reached, not lost to a false "seen": 1 - mean over i < n of
 * (1 - e^(-K i / m))^K.
 */
double bitstate_coverage(const struct bitstate *b);

#endif
