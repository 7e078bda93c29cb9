/*
 * gate.c: the CI gate (reports/gate.h): its results, the scenario
 * library's expectations, the corpus replays, the soak, and the order
 * the kinds of checks run in.
 *
 * A gate that checked nothing fails: the root must be a directory
 * holding scenarios/ or corpus/ (else bad input), and a run with no
 * check at all fails.  --time-budget S: no check is started once S
 * seconds have passed since the gate began (a check already running
 * finishes); the checks not started are recorded as skipped and do not
 * fail the gate unless budget_fails counts them as failed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus/path.h"
#include "corpus/sched_dir.h"
#include "explore/clock.h"
#include "explore/replay.h"
#include "fuzz/soak.h"
#include "reports/gate.h"
#include "reports/report.h"


void
gate_record(struct gate *g, const char *suite, enum gate_outcome out,
    double secs, const char *name, const char *fmt, ...)
{
	static const char *const tag[] = { "PASS", "FAIL", "DIVERGED", "SKIP" };
	struct gate_result *r;
	va_list ap;

	if (g->fatal != 0)
		return;
	if (g->n == g->cap) {
		int ncap = g->cap ? g->cap * 2 : 64;
		struct gate_result *nr = realloc(g->results,
		    (size_t)ncap * sizeof(*nr));

		if (nr == NULL) {
			fprintf(stderr, "uvmcheck gate: out of memory\n");
			g->fatal = GATE_INTERNAL;
			return;
		}
		g->results = nr;
		g->cap = ncap;
	}
	if (g->skipping)
		out = GATE_SKIP;
	r = &g->results[g->n++];
	memset(r, 0, sizeof(*r));
	r->suite = suite;
	r->out = out;
	r->seconds = secs;
	snprintf(r->name, sizeof(r->name), "%s", name);
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	r->skipped = g->skipping;
	if (out == GATE_PASS)
		g->passed++;
	else if (out == GATE_SKIP && !g->o.budget_fails)
		g->skipped++;
	else
		g->failed++;
	if (out == GATE_DIVERGED)
		g->diverged++;
	printf("%s %s: %s\n", tag[out], r->name, r->msg);
	fflush(stdout);
}

bool
gate_over_budget(struct gate *g, const char *suite, const char *name)
{
	if (g->o.budget <= 0 || clock_monotonic() - g->t0 < g->o.budget)
		return false;
	g->skipping = true;
	gate_record(g, suite, GATE_SKIP, 0, name, "not started: time budget "
	    "of %g s spent", g->o.budget);
	g->skipping = false;
	return true;
}

void
gate_fired(struct gate *g, const char *verdict)
{
	const struct inv_desc *d = inv_lookup(verdict);

	if (d != NULL)
		g->inv_fired[d->id] = true;
	else if (strcmp(verdict, "deadlock") == 0)
		g->inv_fired[INV_DEADLOCK] = true;
}

/*
 * A non-progress cycle is a liveness verdict, searched for with
 * --liveness; everything else is the safety search.
 */
bool
gate_check(struct gate *g, const struct scenario *s, const char *want,
    struct dfs_result *r)
{
	struct check_opts co = g->o.check;
	char err[128];

	co.liveness = strcmp(want, inv_name(INV_NONPROGRESS_CYCLE)) == 0;
	if (explore_check(s, &co, r, err, sizeof(err)) == 0)
		return true;
	fprintf(stderr, "uvmcheck: %s\n", err);
	g->fatal = GATE_INTERNAL;
	return false;
}

bool
gate_path(struct gate *g, char *buf, size_t len, const char *what,
    const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = path_vformat(buf, len, what, fmt, ap);
	va_end(ap);
	if (rc != 0 && g->fatal == 0)
		g->fatal = GATE_USAGE;
	return rc == 0;
}

/* ------------------------------------------------- the scenario library */

static bool
known_verdict(const char *verdict, void *arg)
{
	(void)arg;
	return inv_lookup(verdict) != NULL;
}

static void
expect_str(const struct scenario_expect *e, char *buf, size_t len)
{
	size_t used;

	used = (size_t)snprintf(buf, len, "%s", e->kind == SCN_EXPECT_FIXED ?
	    "fixed" : e->kind == SCN_EXPECT_BUG ? "bug" : e->profile);
	for (int k = 0; k < NKNOBS && used < len; k++) {
		int v = e->knobs.v[k];

		if (!e->knob_mask[k])
			continue;
		used += (size_t)snprintf(buf + used, len - used, " %s=%s",
		    knob_descs[k].name, knob_value_name(k, v));
	}
}

/* does --profile/--bug select this expectation? */
static bool
selected(const struct gate *g, const struct scenario_expect *e)
{
	if (g->o.profile != NULL && strcmp(g->o.profile, e->profile) != 0)
		return false;
	for (int k = 0; k < NKNOBS; k++)
		if (g->o.mask[k] && (!e->knob_mask[k] ||
		    e->knobs.v[k] != g->o.overrides.v[k]))
			return false;
	return true;
}

/*
 * `expect bug K=V ... -> VERDICT` passed: for each knob K it sets to a
 * value V other than the fixed one, check the same configuration with K
 * fixed.  A different verdict tells V and the fixed value apart.
 */
static void
tell_apart(struct gate *g, struct scenario *s, const struct scenario_expect *e,
    struct dfs_result *r)
{
	/* the expectation's own search, which r holds now */
	bool clean = r->verdict == VERDICT_CLEAN && dfs_exhaustive(r);
	uint64_t states = r->states;

	for (int k = 0; k < NKNOBS && g->fatal == 0; k++) {
		int v = e->knobs.v[k];

		if (!e->knob_mask[k] || v == 0 || v >= KNOB_MAX_VALUES ||
		    g->knob_told[k][v])
			continue;
		s->model.knobs.v[k] = 0;
		model_finish(&s->model);
		if (!gate_check(g, s, e->verdict, r))
			;
		else if (strcmp(run_verdict_label(r->verdict, r->inv),
		    e->verdict) != 0) {
			g->knob_told[k][v] = true;
			g->knob_told[k][0] = true;
		} else if (clean && r->verdict == VERDICT_CLEAN &&
		    dfs_exhaustive(r) && r->states != states) {
			/*
			 * Both clean and exhaustive, over different state
			 * spaces: the value takes effect, though no invariant
			 * can tell (a difference of timing only).
			 */
			g->knob_told[k][v] = true;
			g->knob_told_states[k][v] = true;
		}
		s->model.knobs.v[k] = (uint8_t)v;
		model_finish(&s->model);
	}
}

/* one expectation of s held, checked as configured */
static void
expectation_passed(struct gate *g, const char *name,
    const struct dfs_result *r, const char *got)
{
	gate_record(g, "scenarios", GATE_PASS, r->seconds, name,
	    "%s%s (%d step%s, %llu states, %.0f ms)%s", got,
	    r->verdict == VERDICT_CLEAN ? "" : " found",
	    r->sched.n, r->sched.n == 1 ? "" : "s",
	    (unsigned long long)r->states,
	    r->seconds * 1000, r->verdict != VERDICT_CLEAN ? "" :
	    r->limit_hit ? " [not exhaustive: --max-states reached]" :
	    r->bound_hit ? " [not exhaustive: depth bound hit]" : "");
}

static void
expectation_failed(struct gate *g, const char *name, struct scenario *s,
    const struct scenario_expect *e, const struct dfs_result *r,
    const char *got)
{
	char sch[512];

	schedule_format(&s->model, &r->sched, sch, sizeof(sch));
	gate_record(g, "scenarios", GATE_FAIL, r->seconds, name,
	    "expected %s, got %s%s%s%s", e->verdict, got,
	    r->verdict != VERDICT_CLEAN ? " after \"" : "",
	    r->verdict != VERDICT_CLEAN ? sch : "",
	    r->verdict != VERDICT_CLEAN ? "\"" :
	    r->limit_hit ? " (--max-states reached first)" :
	    r->bound_hit ? " (depth bound hit: raise bound depth?)" : "");
}

/* the file at path parses, and each selected `expect` line holds */
static void
gate_scenario(struct gate *g, const char *path)
{
	struct scenario *s = g->s;
	struct dfs_result *r = g->r;
	struct scenario_error err;
	char name[1600], what[160];

	if (scenario_load_file(path, s, &err) != 0 ||
	    scenario_check_verdicts(s, known_verdict, NULL, &err) != 0) {
		gate_record(g, "scenarios", GATE_FAIL, 0, path, "%s:%d:%d: %s",
		    err.file, err.line, err.col, err.msg);
		return;
	}
	for (int i = 0; i < s->nexpect && g->fatal == 0; i++) {
		const struct scenario_expect *e = &s->expect[i];
		const char *got;

		if (!selected(g, e))
			continue;
		expect_str(e, what, sizeof(what));
		snprintf(name, sizeof(name), "%s:%d [%s]", path, e->line, what);
		if (gate_over_budget(g, "scenarios", name))
			continue;
		if (scenario_apply_expect(s, i) != 0) {
			gate_record(g, "scenarios", GATE_FAIL, 0, name,
			    "cannot configure the expectation");
			continue;
		}
		if (!gate_check(g, s, e->verdict, r))
			return;
		got = run_verdict_label(r->verdict, r->inv);
		if (strcmp(got, e->verdict) != 0) {
			expectation_failed(g, name, s, e, r, got);
			continue;
		}
		expectation_passed(g, name, r, got);
		gate_fired(g, got);
		if (e->kind == SCN_EXPECT_BUG)
			tell_apart(g, s, e, r);
	}
}

void
gate_library(struct gate *g)
{
	static const char *const sub[] = { "", ("/" SCN_LIBRARY_SEEDS),
	    "/ops", ("/" SCN_LIBRARY_CONFORMANCE) };
	char dir[GATE_PATH_MAX + 32], path[1400];

	for (int pass = 0; pass < 4 && g->fatal == 0; pass++) {
		int n;

		if (!gate_path(g, dir, sizeof(dir), "--root", "%sscenarios%s",
		    g->pre, sub[pass]))
			return;
		n = scenario_library_list(dir, g->names, GATE_MAX_SCENARIOS);
		for (int i = 0; i < n && i < GATE_MAX_SCENARIOS && g->fatal == 0; i++) {
			if (!gate_path(g, path, sizeof(path),
			    "a library scenario", "%s/%s", dir, g->names[i]))
				return;
			gate_scenario(g, path);
		}
	}
}

/* ------------------------------------------------------------ the corpus */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the .sched files found under corpus/, to be sorted by path */
struct sched_list {
	char **path;
	int n, cap;
	bool nomem;
};

static void
add_sched(void *arg, const char *path)
{
	struct sched_list *l = arg;

	if (l->nomem)
		return;
	if (l->n == l->cap) {
		int ncap = l->cap ? l->cap * 2 : 32;
		char **np = realloc(l->path, (size_t)ncap * sizeof(*np));

		if (np == NULL) {
			l->nomem = true;
			return;
		}
		l->path = np;
		l->cap = ncap;
	}
	if ((l->path[l->n] = strdup(path)) != NULL)
		l->n++;
	else
		l->nomem = true;
}

/* the .sched at path replays with its recorded verdict and fingerprints */
static void
gate_sched(struct gate *g, const char *path)
{
	struct scenario *s = g->s;
	struct sched_file *sf = g->sf;
	struct replay_outcome *o = g->ro;
	struct sched_error err;
	char rv[160], nv[160];
	double t0 = clock_monotonic();
	int unrec = 0;

	if (gate_over_budget(g, "corpus", path))
		return;
	if (sched_file_load(path, sf, s, &err) != 0) {
		gate_record(g, "corpus", GATE_FAIL, 0, path, "%s:%d:%d: %s",
		    err.file, err.line, err.col, err.msg);
		return;
	}
	for (int i = 0; i < sf->sched.n; i++)
		if (!sf->rec[i].recorded && unrec == 0)
			unrec = i + 1;
	report_verdict_str(sf->verdict, sf->verdict_inv, sf->verdict_step, rv,
	    sizeof(rv));
	if (strcmp(sf->scenario_name, s->name) != 0) {
		gate_record(g, "corpus", GATE_FAIL, 0, path, "scenario-name %s, "
		    "but the embedded scenario is %s", sf->scenario_name,
		    s->name);
		sched_file_free(sf);
		return;
	}
	explore_replay(sf, &s->model, NULL, o);
	if (o->rc != 0)
		gate_record(g, "corpus", GATE_FAIL, clock_monotonic() - t0, path,
		    "%s:%d:%d: %s", path, sf->choices_line,
		    sf->choice_col[o->res.err_step - 1], o->res.errmsg);
	else if (o->diverged_step != 0)
		gate_record(g, "corpus", GATE_DIVERGED, clock_monotonic() - t0,
		    path, "diverged at step %d: recorded fp %016" PRIx64 ", now "
		    "%016" PRIx64 " (the model changed since the recording)",
		    o->diverged_step, o->recorded_fp, o->now_fp);
	else if (unrec != 0)
		gate_record(g, "corpus", GATE_FAIL, clock_monotonic() - t0, path,
		    "step %d has no recorded fingerprint: a divergence could "
		    "not be seen (re-record it with uvmcheck minimize)", unrec);
	else if (!o->verdict_matches) {
		report_verdict_str(o->res.verdict,
		    run_verdict_label(o->res.verdict, o->res.inv),
		    o->res.vstep, nv, sizeof(nv));
		gate_record(g, "corpus", GATE_FAIL, clock_monotonic() - t0, path,
		    "recorded %s, now %s", rv, nv);
	} else {
		gate_record(g, "corpus", GATE_PASS, clock_monotonic() - t0, path,
		    "%s (replayed)", rv);
		if (sf->verdict != VERDICT_CLEAN)
			gate_fired(g, sf->verdict == VERDICT_DEADLOCK ?
			    "deadlock" : sf->verdict_inv);
	}
	sched_file_free(sf);
}

/*
 * Every .sched under corpus/, in name order.  Under --profile/--bug
 * none is replayed (a .sched names its own configuration).
 */
void
gate_corpus(struct gate *g)
{
	char dir[GATE_PATH_MAX + 16];
	struct sched_list l;
	int rc;

	if (!gate_path(g, dir, sizeof(dir), "--root", "%scorpus", g->pre))
		return;
	memset(&l, 0, sizeof(l));
	rc = sched_dir_walk(dir, "a corpus file", add_sched, &l);
	if (rc != 0)
		g->fatal = rc == -1 ? GATE_USAGE : GATE_INTERNAL;
	else if (l.nomem) {
		fprintf(stderr, "uvmcheck: out of memory\n");
		g->fatal = GATE_INTERNAL;
	}
	if (l.n > 1)
		qsort(l.path, (size_t)l.n, sizeof(char *), cmp_str);
	for (int i = 0; i < l.n; i++) {
		if (!g->filtered && g->fatal == 0)
			gate_sched(g, l.path[i]);
		free(l.path[i]);
	}
	free(l.path);
}

/* -------------------------------------------------------------- the soak */

/* the soak's generated scenarios, each walked at random: all clean */
void
gate_soak(struct gate *g)
{
	struct soak_opts so = { "fixed", SOAK_DEFAULT_SEED, 0,
	    SOAK_DEFAULT_SCENARIOS, SOAK_DEFAULT_WALKS, NULL, NULL };
	struct soak_result sr;
	double t1 = clock_monotonic();

	memset(&sr, 0, sizeof(sr));
	if (fuzz_soak(&so, &sr) != 0)
		gate_record(g, "soak", GATE_FAIL, clock_monotonic() - t1, "soak",
		    "out of memory");
	else if (sr.failed == 0)
		gate_record(g, "soak", GATE_PASS, clock_monotonic() - t1, "soak",
		    "%d generated scenarios x %" PRIu64 " walks "
		    "under fixed: clean", sr.scenarios, so.walks);
	else
		gate_record(g, "soak", GATE_FAIL, clock_monotonic() - t1, "soak",
		    "%d generated scenarios x %" PRIu64 " walks "
		    "under fixed: %d failing, the first %s (uvmcheck "
		    "soak --start %d --scenarios 1)", sr.scenarios,
		    so.walks, sr.failed,
		    run_verdict_label(sr.first_res.verdict,
		    sr.first_res.inv), sr.first);
}

/* ------------------------------------------------------- the whole gate */

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
gate_open(struct gate *g, const struct gate_opts *o)
{
	char dir[GATE_PATH_MAX + 16], path[GATE_PATH_MAX + 16];
	const char *root = o->root;
	size_t len;

	memset(g, 0, sizeof(*g));
	g->o = *o;
	g->filtered = o->profile != NULL || o->nbugs > 0;
	/* a gate that would check nothing is refused before it starts */
	if (!is_dir(root)) {
		fprintf(stderr, "uvmcheck gate: --root %s: %s\n", root,
		    access(root, F_OK) != 0 ? "no such directory" :
		    "not a directory");
		return GATE_USAGE;
	}
	if (path_format(g->pre, sizeof(g->pre) - 1, "--root", "%s",
	    strcmp(root, ".") == 0 ? "" : root) != 0)
		return GATE_USAGE;
	len = strlen(g->pre);
	if (len > 0 && g->pre[len - 1] != '/')
		g->pre[len] = '/';
	if (path_format(dir, sizeof(dir), "--root", "%sscenarios",
	    g->pre[0] ? g->pre : "./") != 0 ||
	    path_format(path, sizeof(path), "--root", "%scorpus",
	    g->pre[0] ? g->pre : "./") != 0)
		return GATE_USAGE;
	if (!is_dir(dir) && !is_dir(path)) {
		fprintf(stderr, "uvmcheck gate: --root %s holds neither "
		    "scenarios/ nor corpus/: nothing to check\n", root);
		return GATE_USAGE;
	}
	g->s = calloc(1, sizeof(*g->s));
	g->r = calloc(1, sizeof(*g->r));
	g->sf = calloc(1, sizeof(*g->sf));
	g->ro = calloc(1, sizeof(*g->ro));
	g->names = calloc(GATE_MAX_SCENARIOS, sizeof(*g->names));
	if (g->s == NULL || g->r == NULL || g->sf == NULL || g->ro == NULL ||
	    g->names == NULL) {
		fprintf(stderr, "uvmcheck: out of memory\n");
		gate_close(g);
		return GATE_INTERNAL;
	}
	g->t0 = clock_monotonic();
	return GATE_PASSED;
}

void
gate_close(struct gate *g)
{
	free(g->results);
	free(g->gold);
	free(g->names);
	free(g->ro);
	free(g->sf);
	free(g->r);
	free(g->s);
	memset(g, 0, sizeof(*g));
}

void
gate_run(struct gate *g)
{
	char seeds[GATE_PATH_MAX + 32];

	/* 1. the scenario library: scenarios/, its seeds/, ops/, conformance/ */
	gate_library(g);

	/* 2. the golden history matrix (a full, unfiltered library) */
	if (!gate_path(g, seeds, sizeof(seeds), "--root", "%sscenarios/%s",
	    g->pre, SCN_LIBRARY_SEEDS))
		return;
	if (g->fatal == 0 && !g->o.partial && !g->filtered && is_dir(seeds))
		gate_matrix(g);

	/* 3. the corpus (not under --profile/--bug: a .sched names its own) */
	if (g->fatal == 0)
		gate_corpus(g);

	/* 3b. the soak: generated scenarios, clean under fixed (fuzz/soak.h) */
	if (g->fatal == 0 && !g->filtered && g->n > 0 &&
	    !gate_over_budget(g, "soak", "soak"))
		gate_soak(g);

	/* 3c. invariants no kernel sets off, on broken fixed-kernel worlds */
	if (g->fatal == 0 && !g->filtered)
		gate_witnesses(g);

	/* 4. what was exercised (a full, unfiltered, unskipped run only) */
	if (g->fatal == 0 && !g->filtered &&
	    (g->skipped == 0 || g->o.budget_fails))
		gate_exercised(g);
}

int
gate_finish(struct gate *g, const char *junit)
{
	int rc;

	if (g->fatal != 0)
		return g->fatal;
	if (g->n == 0)
		fprintf(stderr, "uvmcheck gate: no check ran (no scenario "
		    "expectation selected and no corpus schedule under %s): "
		    "a gate that checked nothing fails\n", g->o.root);
	rc = g->failed == 0 && g->n > 0 ? GATE_PASSED : GATE_FAILED;
	if (junit != NULL) {
		int jrc = gate_write_junit(g, junit);

		if (jrc != 0)
			rc = jrc;
	}
	if (g->skipped > 0)
		printf("%d skipped (time budget %g s)\n", g->skipped,
		    g->o.budget);
	if (g->diverged > 0)
		printf("%d diverged from their recorded fingerprints (counted "
		    "as failed)\n", g->diverged);
	printf("%d passed, %d failed\n", g->passed, g->failed);
	return rc;
}
