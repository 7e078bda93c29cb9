/*
 * minimize.h: make a counterexample small, keeping its finding.
 *
 * The finding is the verdict the schedule replays to (the same invariant
 * violated, or a deadlock, or the non-progress cycle).  First the
 * fewest steps and then the fewest preemptions: a breadth-first search
 * for that finding alone (other findings are leaves) gives the shortest
 * schedule; iterative context bounding up to the schedule's own
 * preemption count gives one with the fewest preemptions; the best by
 * (steps, preemptions) wins.  Then delta debugging (ddmin, over
 * complements) over its choice list: a candidate runs leniently (a choice
 * whose thread is not enabled is skipped, a failure choice the step does
 * not reach runs as no failure) and is kept when the run it makes
 * replays to the same finding.  A non-progress cycle is a lasso, which
 * ddmin shortens badly (a removed step opens the cycle); it is first
 * minimized as a lasso (lasso.c): the shortest non-progress sub-cycle,
 * then the shortest stem to it.
 */
#ifndef UVMCHECK_MINIMIZE_H
#define UVMCHECK_MINIMIZE_H

#include <stdint.h>

#include "core/model.h"
#include "corpus/sched_file.h"

struct min_result {
	struct schedule sched;		/* the minimized schedule */
	int steps0, preempt0;		/* the input's */
	int steps, preempt;		/* the output's */
	uint64_t runs;			/* candidate runs of ddmin */
	uint64_t states;		/* states the searches visited */
};

/* preemptions of s: switches away from a thread that could go on */
int explore_preemptions(const struct model *m, const struct schedule *s);

/*
 * Minimize in (which must replay to a finding) within depth steps.
 * Returns 0, or -1 when in replays clean or does not run.
 */
int explore_minimize(const struct model *m, const struct schedule *in,
    int depth, struct min_result *out);

/*
 * lasso.c: shorten a schedule ending in a nonprogress-cycle to the
 * shortest sub-cycle and the shortest stem reaching it.  0 when *s was
 * replaced by a shorter lasso, -1 when it was left alone.
 */
int lasso_minimize(const struct model *m, struct schedule *s);

#endif
