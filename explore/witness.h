/*
 * witness.h: an invariant seen to fire on a world a real run reached,
 * broken as a kernel bug of its class would break it (invariants/
 * breakage.h).  For the invariants no catalogued kernel sets off, this
 * is how `uvmcheck gate` shows that they still have teeth.
 */
#ifndef UVMCHECK_WITNESS_H
#define UVMCHECK_WITNESS_H

#include <stdbool.h>

#include "core/model.h"
#include "invariants/breakage.h"

struct witness_result {
	bool applied;		/* a world of the walk had what it breaks */
	int step;		/* steps of the walk before that world */
	bool fired;		/* its invariant fired, first of all */
	int got_inv;		/* what fired instead (INV_NONE: nothing) */
	bool walk_broken;	/* the walk itself hit a violation first */
	char what[200];		/* the breakage, in words */
	char detail[320];	/* the violation reported on the broken world */
};

/*
 * Walk m from its initial world for at most max_steps steps (the
 * enabled threads taken in turn, no injected failure); at the first
 * world where b applies, check that the world is clean and that b's
 * invariant is the one the safety check (or, for deadlock, the
 * explorers' check) reports on the broken copy.
 */
void explore_witness(const struct model *m, const struct inv_breakage *b,
    int max_steps, struct witness_result *r);

#endif
