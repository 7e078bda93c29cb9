/*
 * finding.c: a violating schedule as a finding: replay, signature,
 * coverage of interleaving points.
 */
#include <string.h>

#include "reports/report.h"

static void
collect(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp)
{
	struct report_run *rr = arg;
	const char *p = r->point != NULL ? r->point : "-";
	int i;

	(void)ch;
	(void)before;
	(void)after;
	(void)fp;
	if (step >= 1 && step <= SCHED_MAX_STEPS)
		rr->ops[step - 1] = r->op;
	for (i = 0; i < rr->nsites; i++)
		if (strcmp(rr->sites[i], p) == 0)
			break;
	if (i == rr->nsites) {
		if (rr->nsites == SCHED_MAX_STEPS)
			return;
		rr->sites[rr->nsites++] = p;
	}
	rr->hits[i]++;
}

int
report_replay(const struct model *m, const struct schedule *s,
    struct report_run *rr)
{
	const char *point = NULL;

	memset(rr, 0, sizeof(*rr));
	if (run_schedule(m, s, &rr->res, collect, rr) != 0 ||
	    rr->res.verdict == VERDICT_CLEAN)
		return -1;
	if (rr->res.vstep >= 1)
		point = rr->res.point[rr->res.vstep - 1];
	store_signature(run_verdict_label(rr->res.verdict, rr->res.inv),
	    rr->ops, rr->res.nsteps, point != NULL ? point : "initial",
	    rr->signature);
	return 0;
}
