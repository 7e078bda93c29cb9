/*
 * replay.c: a recorded .sched run again, step by step, against its
 * recorded fingerprints (replay.h).
 */
#include "explore/replay.h"

#include <inttypes.h>
#include <string.h>

#include "explore/trace.h"

struct replay_arg {
	const struct sched_file *sf;
	const struct model *m;
	FILE *trace;
	struct replay_outcome *o;
};

static void
replay_cb(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp)
{
	struct replay_arg *ra = arg;
	const struct sched_rec *rec = &ra->sf->rec[step - 1];

	if (ra->trace != NULL)
		trace_step(ra->trace, ra->m, step, ch, before, after, r);
	if (rec->recorded && rec->fp != fp && ra->o->diverged_step == 0) {
		ra->o->diverged_step = step;
		ra->o->recorded_fp = rec->fp;
		ra->o->now_fp = fp;
		if (ra->trace != NULL)
			fprintf(ra->trace, "diverged at step %d: recorded fp %016"
			    PRIx64 ", now %016" PRIx64 "\n", step, rec->fp, fp);
	}
}

void
explore_replay(const struct sched_file *sf, const struct model *m, FILE *trace,
    struct replay_outcome *o)
{
	struct replay_arg ra = { sf, m, trace, o };
	const char *label;

	memset(o, 0, sizeof(*o));
	o->rc = run_schedule(m, &sf->sched, &o->res, replay_cb, &ra);
	if (o->rc != 0)
		return;
	label = run_verdict_label(o->res.verdict, o->res.inv);
	o->verdict_matches = o->res.verdict == sf->verdict &&
	    (sf->verdict == VERDICT_CLEAN || o->res.vstep == sf->verdict_step) &&
	    (sf->verdict != VERDICT_VIOLATION ||
	    strcmp(label, sf->verdict_inv) == 0);
}
