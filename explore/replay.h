/*
 * replay.h: a recorded .sched run again against the current model
 * (uvmcheck replay, and the gate's corpus verdicts).
 *
 * The schedule runs step by step; each step's fingerprint is compared
 * with the one recorded (a file may record none: then no divergence can
 * show).  The first step whose fingerprint differs is the divergence:
 * the model changed, and whatever verdict the run ends in is no longer
 * the recorded run's.  With trace, each step is printed as `uvmcheck
 * run` prints it, and the divergence where it happens.
 */
#ifndef UVMCHECK_REPLAY_H
#define UVMCHECK_REPLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "corpus/sched_file.h"
#include "explore/run.h"

struct replay_outcome {
	int rc;			/* run_schedule's: 0 ran, -1 schedule error */
	struct run_result res;
	int diverged_step;	/* first step whose fingerprint differs, or 0 */
	uint64_t recorded_fp, now_fp;
	bool verdict_matches;	/* verdict, invariant and step as recorded */
};

/* sf's schedule on m (the model of the scenario sf embeds, configured) */
void explore_replay(const struct sched_file *sf, const struct model *m,
    FILE *trace, struct replay_outcome *o);

#endif
