/*
 * campaign.c: a fuzz campaign's rows in the store (reports/campaign.h).
 */
#include "reports/campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched/clock.h"

int
report_fuzz_begin(struct report_fuzz *rf, const char *db,
    const char *scenario, const char *profile, const char *engine,
    uint64_t seed, char *err, size_t errlen)
{
	struct store_campaign sc;
	int rc;

	memset(rf, 0, sizeof(*rf));
	if ((rc = store_open(db, STORE_CREATE, &rf->st, err, errlen)) != 0)
		return rc;
	rf->engine = engine;
	rf->seed = seed;
	memset(&sc, 0, sizeof(sc));
	sc.command = "fuzz";
	sc.scenario = scenario;
	sc.profile = profile;
	sc.knobs = "";
	sc.engine = engine;
	sc.seed = seed;
	sc.model_version = UVMCHECK_MODEL_VERSION;
	sc.start = (double)(long long)clock_wall();	/* whole seconds */
	if (store_campaign_begin(rf->st, &sc, &rf->id) != 0) {
		snprintf(err, errlen, "%s", store_errmsg(rf->st));
		store_close(rf->st);
		rf->st = NULL;
		return STORE_EIO;
	}
	return 0;
}

void
report_fuzz_finding(void *arg, const struct fuzz_run *run, const char *sig,
    double when)
{
	struct report_fuzz *rf = arg;
	struct store_finding f;
	struct sched_file sf;
	char *text = NULL;
	size_t len = 0;

	if (rf->st == NULL || fuzz_run_to_sched(run, &sf) != 0)
		return;
	if (sched_file_format(&sf, &run->scen.model, &text, &len) == 0) {
		memset(&f, 0, sizeof(f));
		snprintf(f.signature, sizeof(f.signature), "%s", sig);
		f.invariant = fuzz_verdict_inv(run);
		f.profile = run->config_label;
		f.scenario = run->scen.name;
		f.sched_text = text;
		f.length = sf.sched.n;
		f.seen = when;
		if (store_finding_add(rf->st, rf->id, &f, NULL) != 0)
			fprintf(stderr, "uvmcheck fuzz: %s\n",
			    store_errmsg(rf->st));
	}
	free(text);
	sched_file_free(&sf);
}

int
report_fuzz_end(struct report_fuzz *rf, uint64_t execs, double seconds,
    const char *verdict)
{
	struct store_campaign sc;
	int rc = 0;

	if (rf->st == NULL)
		return 0;
	memset(&sc, 0, sizeof(sc));
	sc.command = "fuzz";
	sc.engine = rf->engine;
	sc.seed = rf->seed;
	sc.end = (double)(long long)clock_wall();
	sc.execs = execs;
	sc.seconds = seconds;
	sc.verdict = verdict;
	if (store_throughput_add(rf->st, rf->id, seconds, 0, execs) != 0 ||
	    store_campaign_end(rf->st, rf->id, &sc) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s\n", store_errmsg(rf->st));
		rc = -1;
	}
	store_close(rf->st);
	rf->st = NULL;
	return rc;
}
