/*
 * campaign.c: the rows of a check or fuzz campaign in the store
 * (reports/campaign.h).
 */
#include "reports/campaign.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/file_write.h"
#include "reports/report.h"
#include "explore/clock.h"

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

/* ---- check --db ---- */

int
report_check_begin(struct report_check *c, const char *cmd, const char *db,
    const struct scenario *s, const char *label, const char *knobs,
    const char *engine, uint64_t seed)
{
	struct store_campaign sc;
	char err[FW_PATH_MAX + 512];
	int rc;

	memset(c, 0, sizeof(*c));
	if ((rc = store_open(db, STORE_CREATE, &c->st, err,
	    sizeof(err))) != 0) {
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, err);
		return rc;
	}
	memset(&sc, 0, sizeof(sc));
	sc.command = cmd;
	sc.scenario = s->name;
	sc.profile = label;
	sc.knobs = knobs;
	sc.engine = engine;
	/* a seed means something to the random explorers only */
	sc.seed = strcmp(engine, "random") == 0 || strcmp(engine, "pct") == 0 ?
	    seed : 0;
	sc.model_version = UVMCHECK_MODEL_VERSION;
	sc.start = clock_wall();
	c->start = sc.start;
	if (store_campaign_begin(c->st, &sc, &c->id) != 0 ||
	    store_throughput_add(c->st, c->id, 0, 0, 0) != 0) {
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, store_errmsg(c->st));
		store_close(c->st);
		c->st = NULL;
		return STORE_EIO;
	}
	return 0;
}

int
report_check_end(struct report_check *c, const char *cmd,
    const struct scenario *s, const char *profile, const struct knobs *ov,
    const uint8_t *mask, const char *label, const struct dfs_result *r)
{
	struct store_campaign sc;
	struct report_run *rr = calloc(1, sizeof(*rr));
	struct sched_file *sf = calloc(1, sizeof(*sf));
	char *text = NULL;
	size_t len = 0;
	bool is_new = false;
	char attr[TRIAGE_ATTR_LEN] = "untriaged", site[TRIAGE_SITE_LEN];
	int rc = 0;

	if (rr == NULL || sf == NULL) {
		free(rr);
		free(sf);
		store_close(c->st);
		c->st = NULL;
		fprintf(stderr, "uvmcheck %s: out of memory\n", cmd);
		return STORE_EIO;
	}
	memset(&sc, 0, sizeof(sc));
	sc.end = clock_wall();
	sc.states = r->states;
	sc.transitions = r->transitions;
	sc.seconds = r->seconds;
	sc.verdict = run_verdict_label(r->verdict, r->inv);
	if (store_throughput_add(c->st, c->id, r->seconds, r->states, 0) != 0)
		rc = STORE_EIO;
	if (rc == 0 && r->verdict != VERDICT_CLEAN) {
		struct store_finding f;

		if (report_replay(&s->model, &r->sched, rr) != 0 ||
		    sched_file_init(sf, s->name, profile, ov, mask, s->text,
		    s->textlen) != 0) {
			fprintf(stderr, "uvmcheck %s: cannot record the "
			    "finding (the counterexample does not replay)\n",
			    cmd);
			rc = STORE_EIO;
			goto out;
		}
		run_to_sched_file(&s->model, &r->sched, &rr->res, sf);
		if (sched_file_format(sf, &s->model, &text, &len) != 0) {
			rc = STORE_EIO;
			goto out;
		}
		memset(&f, 0, sizeof(f));
		memcpy(f.signature, rr->signature, sizeof(f.signature));
		/* the root cause: the finding is recorded by it */
		if (report_root_cause(text, attr, site, rr->signature) == 0) {
			memcpy(f.signature, rr->signature, sizeof(f.signature));
			f.attribution = attr;
			f.site = site;
		}
		f.invariant = sc.verdict;
		f.profile = label;
		f.scenario = s->name;
		f.sched_text = text;
		f.length = sf->sched.n;
		f.seen = sc.end;
		if (store_finding_add(c->st, c->id, &f, &is_new) != 0 ||
		    store_coverage_add(c->st, c->id, rr->sites, rr->hits,
		    rr->nsites) != 0)
			rc = STORE_EIO;
	}
	if (rc == 0 && store_campaign_end(c->st, c->id, &sc) != 0)
		rc = STORE_EIO;
out:
	if (rc != 0)
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, store_errmsg(c->st));
	else if (r->verdict != VERDICT_CLEAN)
		fprintf(stderr, "recorded: campaign %lld, finding %s (%s, "
		    "attributed to %s)\n", (long long)c->id, rr->signature,
		    is_new ? "new" : "seen before", attr);
	else
		fprintf(stderr, "recorded: campaign %lld\n", (long long)c->id);
	free(text);
	if (sf->scenario_text != NULL)
		sched_file_free(sf);
	free(sf);
	free(rr);
	store_close(c->st);
	c->st = NULL;
	return rc;
}

void
report_fuzz_summary(FILE *out, const struct fuzz_session *s, bool json)
{
	const struct fuzz_campaign *c = &s->c;
	unsigned long long execs = s->execs;
	double elapsed = s->elapsed, total = s->total;
	double rate = elapsed > 0 ? (double)execs / elapsed : 0.0;

	if (json) {
		fprintf(out, "{\"engine\": \"%s\", \"seed\": %llu, "
		    "\"execs\": %llu, "
		    "\"execs_per_sec\": %.1f, \"seconds\": %.2f, "
		    "\"total_seconds\": %.2f, "
		    "\"findings\": %d, \"unique_findings\": %d, "
		    "\"first_finding_seconds\": ", s->o.engine, s->o.seed,
		    execs, rate, elapsed, total, c->total, c->n);
		if (c->first >= 0)
			fprintf(out, "%.3f", c->first);
		else
			fprintf(out, "null");
		fprintf(out, ", \"out\": ");
		report_json_string(out, c->outdir);
		fprintf(out, ", \"workdir\": ");
		if (s->keep_work)
			report_json_string(out, s->work);
		else
			fprintf(out, "null");
		fprintf(out, "}\n");
		return;
	}
	fprintf(out, "fuzz %s %s: seed %llu, %llu execs in %.1fs (%.0f/s), "
	    "%d findings, %d unique", s->o.engine, s->o.generate ? "gen" :
	    "sched", s->o.seed, execs, elapsed, rate, c->total, c->n);
	if (c->first >= 0)
		fprintf(out, ", first after %.2fs", c->first);
	if (total - elapsed >= 0.05)
		fprintf(out, ", then %.1fs to minimize and record",
		    total - elapsed);
	fprintf(out, ", in %s\n", c->outdir);
}
