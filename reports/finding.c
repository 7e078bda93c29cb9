/*
 * finding.c: a violating schedule as a finding: replay, signature,
 * coverage of interleaving points.
 */
#include <stdlib.h>
#include <string.h>

#include "scenarios/scenario.h"

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

int
report_root_cause(const char *sched_text, char attribution[TRIAGE_ATTR_LEN],
    char site[TRIAGE_SITE_LEN], char sig[17])
{
	struct sched_file *sf = calloc(1, sizeof(*sf));
	struct scenario *s = calloc(1, sizeof(*s));
	struct triage_result *t = calloc(1, sizeof(*t));
	struct triage_opts o = { REPORT_TRIAGE_STATES, 0 };
	struct sched_error err;
	int rc = -1;

	if (sf == NULL || s == NULL || t == NULL)
		goto out;
	if (sched_file_parse(sched_text, strlen(sched_text), "<finding>", sf, s,
	    &err) != 0)
		goto out;
	if (triage_schedule(s, &sf->sched, &o, t) == 0) {
		snprintf(attribution, TRIAGE_ATTR_LEN, "%s", t->attribution);
		snprintf(site, TRIAGE_SITE_LEN, "%s", t->site);
		store_signature_root(t->attribution, t->invariant, t->site, sig);
		rc = 0;
	}
	sched_file_free(sf);
out:
	free(t);
	free(s);
	free(sf);
	return rc;
}
