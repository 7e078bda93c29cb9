/*
 * cmd_gate.c: uvmcheck gate: the CI gate (docs/design.md §10).
 *
 *   1. every scenario of the library (the .scn files of scenarios/,
 *      scenarios/seeds/, scenarios/ops/ and scenarios/conformance/)
 *      parses, and each of its `expect` lines
 *      holds: configured as the line says, the check gives the verdict
 *      it names (clean under the fixed kernel, the invariant under the
 *      bug's knob);
 *   2. the history matrix (every seed scenario of scenarios/seeds under
 *      every profile, and under the fixed kernel with only its bug's knob
 *      turned back) gives the verdicts of the golden matrix,
 *      scenarios/matrix.golden, cell by cell.  `uvmcheck gate
 *      --update-matrix` rewrites the golden file from the model as it
 *      is now: a deliberate act, reviewed in the diff;
 *   3. every .sched file under corpus/ replays with its recorded verdict
 *      and without diverging from its recorded fingerprints.  A file
 *      whose steps carry no fingerprints cannot show a divergence and
 *      fails; so does one whose scenario-name header is not the name of
 *      the scenario it embeds.  A divergence is its own outcome
 *      (DIVERGED, counted as failed), apart from a changed verdict;
 *   4. what the checks exercised: each invariant of the catalogue must
 *      fire in some passing check (a scenario expectation or a corpus
 *      verdict naming it), and each knob value must be told apart: an
 *      `expect bug K=V` line whose verdict changes when K is set back
 *      to its fixed value exercises V and the fixed value.  The lists
 *      are printed; anything unexercised fails the gate (--partial, for
 *      a library that is only a part of the full one, prints them
 *      without failing and skips the golden matrix).  The known gaps,
 *      each with its reason, are listed in scenarios/exercise.gaps
 *      ("invariant NAME reason..." or "knob NAME=VALUE reason..."): a
 *      listed gap is printed as GAP and does not fail, an entry that a
 *      check now exercises fails (so the list only shrinks), and so does
 *      an entry naming no invariant or knob value.
 *
 * A gate that checked nothing fails: --root must be a directory holding
 * scenarios/ or corpus/ (else exit 2), and a run with no check at all
 * exits 1.  --junit FILE is checked before the gate runs (a path that
 * cannot be written is exit 2, nothing run) and written atomically at
 * the end; a failure to write it is exit 3.
 *
 * One line per check, PASS or FAIL, then "N passed, N failed" alone on
 * the last line.  Exit 0 only when nothing failed.  --junit FILE also
 * writes the results as JUnit XML for CI systems: one testcase per
 * check, a <failure message="..."> for each failed one.
 *
 * --time-budget S: no check is started once S seconds have passed since
 * the gate began (a check already running finishes).  The checks not
 * started are reported as SKIP lines and as <skipped/> testcases, and
 * "N skipped (time budget S s)" is printed before the last line; they
 * do not fail the gate unless --budget-fails is given, which counts them
 * as failed (for a gate that must be complete to pass).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "corpus/file_write.h"
#include "fuzz/soak.h"
#include "invariants/invariants.h"
#include "reports/report.h"

static const char usage[] =
    "uvmcheck gate [--root DIR] [--junit FILE] [--depth N] [--max-states N]\n"
    "              [--time-budget S [--budget-fails]] [--partial]\n"
    "              [--profile NAME] [--bug KNOB=VALUE]...\n"
    "uvmcheck gate --update-matrix [--root DIR]\n"
    "  --root: the directory holding scenarios/ and corpus/\n"
    "  --profile/--bug: only the expectations configured that way\n"
    "  --max-states: per search, default 2000000 (0 = no limit)\n"
    "  --time-budget S: start no check after S seconds; the rest are\n"
    "                   skipped (failed with --budget-fails)\n"
    "  --partial: a part of the library: no golden matrix, and what the\n"
    "             checks did not exercise is listed without failing\n"
    "  --update-matrix: rewrite scenarios/matrix.golden from the model\n";

#define GOLDEN_FILE	"scenarios/matrix.golden"
#define GAPS_FILE	"scenarios/exercise.gaps"
#define KNOB_COLUMN	"bug-knob"
#define MAX_GOLDEN	512

enum outcome {
	OUT_PASS = 0,
	OUT_FAIL,
	OUT_DIVERGED,	/* a replay left its recorded fingerprints */
	OUT_SKIP,
};

struct result {
	char name[1600];
	char msg[1600];
	enum outcome out;
	bool skipped;
	double seconds;
	const char *suite;
};

struct golden {
	char scenario[SCN_NAME_MAX];
	char column[SCN_PROFILE_MAX];
	char verdict[SCN_VERDICT_MAX];
	bool seen;
};

struct gate {
	struct result *results;
	int n, cap;
	int passed, failed, skipped, diverged;
	const struct cli_config *cfg;
	double t0, budget;	/* start; seconds allowed (0 = no budget) */
	bool budget_fails;
	bool skipping;		/* record() is recording a skipped check */
	struct check_opts co;
	/* what the passing checks exercised */
	bool inv_fired[NINVS];
	bool knob_told[NKNOBS][KNOB_MAX_VALUES];
	/* the golden matrix */
	struct golden *gold;
	int ngold;
};

static void
record(struct gate *g, const char *suite, enum outcome out, double secs,
    const char *name, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
record(struct gate *g, const char *suite, enum outcome out, double secs,
    const char *name, const char *fmt, ...)
{
	static const char *const tag[] = { "PASS", "FAIL", "DIVERGED", "SKIP" };
	struct result *r;
	va_list ap;

	if (g->n == g->cap) {
		int ncap = g->cap ? g->cap * 2 : 64;
		struct result *nr = realloc(g->results, (size_t)ncap * sizeof(*nr));

		if (nr == NULL) {
			fprintf(stderr, "uvmcheck gate: out of memory\n");
			exit(EXIT_INTERNAL);
		}
		g->results = nr;
		g->cap = ncap;
	}
	if (g->skipping)
		out = OUT_SKIP;
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
	if (out == OUT_PASS)
		g->passed++;
	else if (out == OUT_SKIP && !g->budget_fails)
		g->skipped++;
	else
		g->failed++;
	if (out == OUT_DIVERGED)
		g->diverged++;
	printf("%s %s: %s\n", tag[out], r->name, r->msg);
	fflush(stdout);
}

/* the time budget is spent: record the check as skipped, return true */
static bool
over_budget(struct gate *g, const char *suite, const char *name)
{
	if (g->budget <= 0 || clock_monotonic() - g->t0 < g->budget)
		return false;
	g->skipping = true;
	record(g, suite, OUT_SKIP, 0, name, "not started: time budget of %g s "
	    "spent", g->budget);
	g->skipping = false;
	return true;
}

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
	if (g->cfg->profile != NULL && strcmp(g->cfg->profile, e->profile) != 0)
		return false;
	for (int k = 0; k < NKNOBS; k++)
		if (g->cfg->mask[k] && (!e->knob_mask[k] ||
		    e->knobs.v[k] != g->cfg->overrides.v[k]))
			return false;
	return true;
}

/* an invariant fired in a passing check */
static void
fired(struct gate *g, const char *verdict)
{
	const struct inv_desc *d = inv_lookup(verdict);

	if (d != NULL)
		g->inv_fired[d->id] = true;
	else if (strcmp(verdict, "deadlock") == 0)
		g->inv_fired[INV_DEADLOCK] = true;
}

/*
 * The check the gate runs for an expectation: a non-progress cycle is a
 * liveness verdict, searched for with --liveness; everything else is
 * the safety search.
 */
static void
gate_check(struct gate *g, const struct scenario *s, const char *want,
    struct dfs_result *r)
{
	struct check_opts co = g->co;

	co.liveness = strcmp(want, inv_name(INV_NONPROGRESS_CYCLE)) == 0;
	cli_check(s, &co, r);
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
	for (int k = 0; k < NKNOBS; k++) {
		int v = e->knobs.v[k];

		if (!e->knob_mask[k] || v == 0 || v >= 4 || g->knob_told[k][v])
			continue;
		s->model.knobs.v[k] = 0;
		model_finish(&s->model);
		gate_check(g, s, e->verdict, r);
		if (strcmp(run_verdict_label(r->verdict, r->inv),
		    e->verdict) != 0) {
			g->knob_told[k][v] = true;
			g->knob_told[k][0] = true;
		}
		s->model.knobs.v[k] = (uint8_t)v;
		model_finish(&s->model);
	}
}

static void
gate_scenario(struct gate *g, const char *path, struct scenario *s,
    struct dfs_result *r)
{
	struct scenario_error err;
	char name[1600], what[160];

	if (scenario_load_file(path, s, &err) != 0) {
		record(g, "scenarios", OUT_FAIL, 0, path, "%s:%d:%d: %s", err.file,
		    err.line, err.col, err.msg);
		return;
	}
	if (scenario_check_verdicts(s, known_verdict, NULL, &err) != 0) {
		record(g, "scenarios", OUT_FAIL, 0, path, "%s:%d:%d: %s", err.file,
		    err.line, err.col, err.msg);
		return;
	}
	for (int i = 0; i < s->nexpect; i++) {
		const struct scenario_expect *e = &s->expect[i];
		const char *got;

		if (!selected(g, e))
			continue;
		expect_str(e, what, sizeof(what));
		snprintf(name, sizeof(name), "%s:%d [%s]", path, e->line, what);
		if (over_budget(g, "scenarios", name))
			continue;
		if (scenario_apply_expect(s, i) != 0) {
			record(g, "scenarios", OUT_FAIL, 0, name,
			    "cannot configure the expectation");
			continue;
		}
		gate_check(g, s, e->verdict, r);
		got = run_verdict_label(r->verdict, r->inv);
		if (strcmp(got, e->verdict) == 0) {
			record(g, "scenarios", OUT_PASS, r->seconds, name,
			    "%s%s (%d step%s, %llu states, %.0f ms)%s", got,
			    r->verdict == VERDICT_CLEAN ? "" : " found",
			    r->sched.n, r->sched.n == 1 ? "" : "s",
			    (unsigned long long)r->states,
			    r->seconds * 1000, r->verdict != VERDICT_CLEAN ? "" :
			    r->limit_hit ? " [not exhaustive: --max-states reached]" :
			    r->bound_hit ? " [not exhaustive: depth bound hit]" : "");
			fired(g, got);
			if (e->kind == SCN_EXPECT_BUG)
				tell_apart(g, s, e, r);
		} else {
			char sch[512];

			schedule_format(&s->model, &r->sched, sch, sizeof(sch));
			record(g, "scenarios", OUT_FAIL, r->seconds, name,
			    "expected %s, got %s%s%s%s", e->verdict, got,
			    r->verdict != VERDICT_CLEAN ? " after \"" : "",
			    r->verdict != VERDICT_CLEAN ? sch : "",
			    r->verdict != VERDICT_CLEAN ? "\"" :
			    r->limit_hit ? " (--max-states reached first)" :
			    r->bound_hit ? " (depth bound hit: raise bound depth?)" : "");
		}
	}
}

/* ------------------------------------------------------ the golden matrix */

/* the matrix's columns: every profile, then the bug-knob column */
static int
matrix_columns(const char **cols)
{
	int n = 0;

	for (int i = 0; i < nprofile_descs && n < 15; i++)
		cols[n++] = profile_descs[i].name;
	cols[n++] = KNOB_COLUMN;
	return n;
}

/* configure s as column col says; false for a bug-knob column without one */
static bool
matrix_configure(struct scenario *s, const char *col)
{
	if (strcmp(col, KNOB_COLUMN) == 0) {
		int e = scenario_bug_expectation(s);

		if (e < 0)
			return false;
		scenario_apply_expect(s, e);
		return true;
	}
	scenario_apply_config(s, col, NULL, NULL);
	return true;
}

/* read root/scenarios/matrix.golden; -1 (with msg) if absent or bad */
static int
golden_load(struct gate *g, const char *path, char *msg, size_t msglen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int ln = 0;

	if (f == NULL) {
		snprintf(msg, msglen, "cannot read %s: %s (uvmcheck gate "
		    "--update-matrix writes it)", path, strerror(errno));
		return -1;
	}
	g->gold = cli_xcalloc(MAX_GOLDEN, sizeof(*g->gold));
	while (getline(&line, &cap, f) != -1) {
		struct golden *gd;
		char a[SCN_NAME_MAX], b[SCN_PROFILE_MAX], c[SCN_VERDICT_MAX], x;
		int n;

		_Static_assert(SCN_NAME_MAX == 48 && SCN_PROFILE_MAX == 32 &&
		    SCN_VERDICT_MAX == 32, "the sscanf widths below");

		ln++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		n = sscanf(line, "%47s %31s %31s %c", a, b, c, &x);
		if (n != 3 || g->ngold == MAX_GOLDEN) {
			snprintf(msg, msglen, "%s:%d:1: expected SCENARIO "
			    "COLUMN VERDICT", path, ln);
			free(line);
			fclose(f);
			return -1;
		}
		gd = &g->gold[g->ngold++];
		snprintf(gd->scenario, sizeof(gd->scenario), "%s", a);
		snprintf(gd->column, sizeof(gd->column), "%s", b);
		snprintf(gd->verdict, sizeof(gd->verdict), "%s", c);
	}
	free(line);
	fclose(f);
	return 0;
}

static struct golden *
golden_find(struct gate *g, const char *scenario, const char *col)
{
	for (int i = 0; i < g->ngold; i++)
		if (strcmp(g->gold[i].scenario, scenario) == 0 &&
		    strcmp(g->gold[i].column, col) == 0)
			return &g->gold[i];
	return NULL;
}

/*
 * Every cell of the history matrix against the golden file.  With out
 * != NULL the cells are written there instead (--update-matrix).
 */
static void
gate_matrix(struct gate *g, const char *seeds, const char *golden_path,
    char names[][256], struct scenario *s, struct dfs_result *r, FILE *out)
{
	const char *cols[16];
	int ncol = matrix_columns(cols), n;
	char msg[600];

	n = scenario_library_list(seeds, names, 512);
	if (out == NULL && golden_load(g, golden_path, msg, sizeof(msg)) != 0) {
		record(g, "matrix", OUT_FAIL, 0, golden_path, "%s", msg);
		return;
	}
	for (int i = 0; i < n && i < 512; i++) {
		char path[1400], stem[256], name[1700];
		struct scenario_error err;
		size_t len;

		cli_xpath(path, sizeof(path), "a seed scenario",
		    "%s/%s", seeds, names[i]);
		snprintf(stem, sizeof(stem), "%s", names[i]);
		len = strlen(stem);
		if (len > 4)
			stem[len - 4] = '\0';
		if (scenario_load_file(path, s, &err) != 0)
			continue;	/* the scenario check reports it */
		for (int c = 0; c < ncol; c++) {
			struct golden *gd;
			const char *got;
			double t0 = clock_monotonic();

			snprintf(name, sizeof(name), "matrix %s [%s]", stem,
			    cols[c]);
			if (out == NULL && over_budget(g, "matrix", name))
				continue;
			if (!matrix_configure(s, cols[c])) {
				got = "-";
			} else {
				gate_check(g, s, "", r);
				got = run_verdict_label(r->verdict, r->inv);
			}
			if (out != NULL) {
				fprintf(out, "%s %s %s\n", stem, cols[c], got);
				continue;
			}
			gd = golden_find(g, stem, cols[c]);
			if (gd == NULL) {
				record(g, "matrix", OUT_FAIL,
				    clock_monotonic() - t0, name,
				    "%s, not in %s", got, golden_path);
				continue;
			}
			gd->seen = true;
			if (strcmp(gd->verdict, got) == 0) {
				record(g, "matrix", OUT_PASS,
				    clock_monotonic() - t0, name,
				    "%s as recorded", got);
				fired(g, got);
			} else
				record(g, "matrix", OUT_FAIL,
				    clock_monotonic() - t0, name,
				    "recorded %s, now %s", gd->verdict, got);
		}
	}
	for (int i = 0; out == NULL && i < g->ngold; i++)
		if (!g->gold[i].seen && g->budget <= 0) {
			char name[300];

			snprintf(name, sizeof(name), "matrix %s [%s]",
			    g->gold[i].scenario, g->gold[i].column);
			record(g, "matrix", OUT_FAIL, 0, name, "in %s but no "
			    "such scenario in %s", golden_path, seeds);
		}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* every *.sched under dir, recursively, sorted */
static void
find_sched(const char *dir, char ***list, int *n, int *cap, int depth)
{
	DIR *d;
	struct dirent *de;

	if (depth > 8 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		char path[2048];
		struct stat st;
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.')
			continue;
		cli_xpath(path, sizeof(path), "a corpus file",
		    "%s/%s", dir, de->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			find_sched(path, list, n, cap, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode) || len < 7 ||
		    strcmp(de->d_name + len - 6, ".sched") != 0)
			continue;
		if (*n == *cap) {
			int ncap = *cap ? *cap * 2 : 32;
			char **nl = realloc(*list, (size_t)ncap * sizeof(char *));

			if (nl == NULL)
				break;
			*list = nl;
			*cap = ncap;
		}
		(*list)[*n] = strdup(path);
		if ((*list)[*n] != NULL)
			(*n)++;
	}
	closedir(d);
}

static void
gate_sched(struct gate *g, const char *path, struct scenario *s,
    struct sched_file *sf, struct replay_outcome *o)
{
	struct sched_error err;
	char rv[160], nv[160];
	double t0 = clock_monotonic();
	int unrec = 0;

	if (over_budget(g, "corpus", path))
		return;
	if (sched_file_load(path, sf, s, &err) != 0) {
		record(g, "corpus", OUT_FAIL, 0, path, "%s:%d:%d: %s", err.file,
		    err.line, err.col, err.msg);
		return;
	}
	for (int i = 0; i < sf->sched.n; i++)
		if (!sf->rec[i].recorded && unrec == 0)
			unrec = i + 1;
	cli_verdict_str(sf->verdict, sf->verdict_inv, sf->verdict_step, rv,
	    sizeof(rv));
	if (strcmp(sf->scenario_name, s->name) != 0) {
		record(g, "corpus", OUT_FAIL, 0, path, "scenario-name %s, but "
		    "the embedded scenario is %s", sf->scenario_name, s->name);
		sched_file_free(sf);
		return;
	}
	explore_replay(sf, &s->model, NULL, o);
	if (o->rc != 0)
		record(g, "corpus", OUT_FAIL, clock_monotonic() - t0, path,
		    "%s:%d:%d: %s", path, sf->choices_line,
		    sf->choice_col[o->res.err_step - 1], o->res.errmsg);
	else if (o->diverged_step != 0)
		record(g, "corpus", OUT_DIVERGED, clock_monotonic() - t0, path,
		    "diverged at step %d: recorded fp %016" PRIx64 ", now %016"
		    PRIx64 " (the model changed since the recording)",
		    o->diverged_step, o->recorded_fp, o->now_fp);
	else if (unrec != 0)
		record(g, "corpus", OUT_FAIL, clock_monotonic() - t0, path,
		    "step %d has no recorded fingerprint: a divergence could "
		    "not be seen (re-record it with uvmcheck minimize)", unrec);
	else if (!o->verdict_matches) {
		cli_verdict_str(o->res.verdict, run_verdict_label(o->res.verdict,
		    o->res.inv), o->res.vstep, nv, sizeof(nv));
		record(g, "corpus", OUT_FAIL, clock_monotonic() - t0, path,
		    "recorded %s, now %s", rv, nv);
	} else {
		record(g, "corpus", OUT_PASS, clock_monotonic() - t0, path,
		    "%s (replayed)", rv);
		if (sf->verdict != VERDICT_CLEAN)
			fired(g, sf->verdict == VERDICT_DEADLOCK ? "deadlock" :
			    sf->verdict_inv);
	}
	sched_file_free(sf);
}

/* ------------------------------------------------------------ exercised */

#define MAX_GAPS	64

struct gaps {
	char item[MAX_GAPS][96];	/* "invariant NAME" / "knob NAME=VALUE" */
	char why[MAX_GAPS][1024];
	bool used[MAX_GAPS];
	int n;
};

/* read the known gaps (a missing file is no gap); bad lines fail */
static void
gaps_load(struct gate *g, const char *path, struct gaps *gp)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;	/* a reason may be long: no line limit */
	size_t cap = 0;
	int ln = 0;

	memset(gp, 0, sizeof(*gp));
	if (f == NULL)
		return;
	while (getline(&line, &cap, f) != -1) {
		char kind[32], name[64], name2[1300];
		int off = 0;
		bool ok = false;

		ln++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (sscanf(line, "%31s %63s %n", kind, name, &off) == 2 &&
		    gp->n < MAX_GAPS) {
			if (strcmp(kind, "invariant") == 0)
				ok = inv_lookup(name) != NULL;
			else if (strcmp(kind, "knob") == 0) {
				struct knobs k;
				char e[200];

				memset(&k, 0, sizeof(k));
				ok = strchr(name, '=') != NULL &&
				    knob_parse_assignment(name, &k, e,
				    (int)sizeof(e)) == 0;
			}
		}
		if (!ok || line[off] == '\0') {
			snprintf(name2, sizeof(name2), "%s:%d", path, ln);
			record(g, "exercise", OUT_FAIL, 0, name2, "expected "
			    "'invariant NAME REASON' or 'knob NAME=VALUE "
			    "REASON'");
			continue;
		}
		snprintf(gp->item[gp->n], sizeof(gp->item[0]), "%s %s", kind,
		    name);
		snprintf(gp->why[gp->n], sizeof(gp->why[0]), "%s", line + off);
		gp->n++;
	}
	free(line);
	fclose(f);
}

static int
gap_find(struct gaps *gp, const char *item)
{
	for (int i = 0; i < gp->n; i++)
		if (strcmp(gp->item[i], item) == 0) {
			gp->used[i] = true;
			return i;
		}
	return -1;
}

/* one unexercised item: GAP if listed, else a failure (a note if partial) */
static void
unexercised(struct gate *g, struct gaps *gp, bool partial, const char *item,
    const char *why)
{
	char name[200];
	int i = gap_find(gp, item);

	snprintf(name, sizeof(name), "exercise %s", item);
	if (i >= 0)
		printf("GAP %s: %s\n", name, gp->why[i]);
	else if (partial)
		printf("NOTE %s: %s (--partial)\n", name, why);
	else
		record(g, "exercise", OUT_FAIL, 0, name, "%s", why);
}

/*
 * Print what the passing checks exercised; record one failing check per
 * invariant and knob value they did not, unless it is a known gap (a
 * mere note with --partial).
 */
static void
gate_exercised(struct gate *g, bool partial, const char *gaps_path)
{
	int ninv = 0, nknob = 0, miss = 0;
	struct gaps *gp = cli_xcalloc(1, sizeof(*gp));

	printf("exercised invariants (fired in a passing check):");
	for (int i = 1; i < NINVS; i++)
		if (g->inv_fired[i]) {
			printf(" %s", inv_descs[i].name);
			ninv++;
		}
	printf("\nexercised knob values (told apart by a scenario):");
	for (int k = 0; k < NKNOBS; k++)
		for (int v = 0; v < knob_nvalues(k); v++)
			if (g->knob_told[k][v]) {
				printf(" %s=%s", knob_descs[k].name,
				    knob_descs[k].values[v]);
				nknob++;
			}
	printf("\n");
	if (!partial)
		gaps_load(g, gaps_path, gp);
	for (int i = 1; i < NINVS; i++) {
		char item[96];

		snprintf(item, sizeof(item), "invariant %s", inv_descs[i].name);
		if (g->inv_fired[i]) {
			if (gap_find(gp, item) >= 0)
				record(g, "exercise", OUT_FAIL, 0, item, "fires "
				    "in a check now: remove it from %s",
				    gaps_path);
			continue;
		}
		miss++;
		unexercised(g, gp, partial, item, "fires in no passing check: "
		    "add a scenario expectation or a corpus schedule where it "
		    "fires");
	}
	for (int k = 0; k < NKNOBS; k++)
		for (int v = 0; v < knob_nvalues(k); v++) {
			char item[96], why[200];

			snprintf(item, sizeof(item), "knob %s=%s",
			    knob_descs[k].name, knob_descs[k].values[v]);
			if (g->knob_told[k][v]) {
				if (gap_find(gp, item) >= 0)
					record(g, "exercise", OUT_FAIL, 0, item,
					    "told apart now: remove it from %s",
					    gaps_path);
				continue;
			}
			miss++;
			snprintf(why, sizeof(why), "no `expect bug %s=...` line "
			    "whose verdict changes with this value",
			    knob_descs[k].name);
			unexercised(g, gp, partial, item, why);
		}
	for (int i = 0; i < gp->n; i++)
		if (!gp->used[i])
			record(g, "exercise", OUT_FAIL, 0, gp->item[i], "listed "
			    "in %s but no such invariant or knob value",
			    gaps_path);
	printf("exercised %d of %d invariants and %d knob values; %d not "
	    "(%d of them known gaps)\n", ninv, NINVS - 1, nknob, miss, gp->n);
	free(gp);
}

/* ---------------------------------------------------------------- JUnit */

static void
junit_suite(const struct gate *g, FILE *out, const char *suite)
{
	int n = 0, f = 0;

	for (int i = 0; i < g->n; i++)
		if (strcmp(g->results[i].suite, suite) == 0) {
			n++;
			f += g->results[i].out != OUT_PASS &&
			    !(g->results[i].skipped && !g->budget_fails);
		}
	if (n == 0)
		return;
	fprintf(out, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n",
	    suite, n, f);
	for (int i = 0; i < g->n; i++) {
		const struct result *r = &g->results[i];

		if (strcmp(r->suite, suite) != 0)
			continue;
		fprintf(out, "    <testcase classname=\"%s\" name=\"", suite);
		report_escape(out, r->name);
		fprintf(out, "\" time=\"%.3f\">", r->seconds);
		if (r->skipped && !g->budget_fails) {
			fprintf(out, "<skipped message=\"");
			report_escape(out, r->msg);
			fprintf(out, "\"/>");
		} else if (r->out != OUT_PASS) {
			fprintf(out, "<failure message=\"");
			report_escape(out, r->msg);
			fprintf(out, "\" type=\"%s\"/>",
			    r->out == OUT_DIVERGED ? "diverged" : "failed");
		}
		fprintf(out, "</testcase>\n");
	}
	fprintf(out, "  </testsuite>\n");
}

/* 0, EXIT_USAGE (the path is refused) or EXIT_INTERNAL */
static int
write_junit(const struct gate *g, const char *path)
{
	static const char *const suites[] = { "scenarios", "matrix", "corpus",
	    "soak", "exercise" };
	struct file_writer w;
	char err[FW_PATH_MAX + 256];
	enum fw_status st;
	FILE *out;

	if ((st = file_write_begin(&w, path, err, sizeof(err))) != FW_OK) {
		fprintf(stderr, "uvmcheck gate: --junit: %s\n", err);
		return st == FW_REFUSED ? EXIT_USAGE : EXIT_INTERNAL;
	}
	out = w.fp;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"uvmcheck gate\" tests=\"%d\" failures=\"%d\" "
	    "skipped=\"%d\">\n", g->n, g->failed, g->skipped);
	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++)
		junit_suite(g, out, suites[s]);
	fprintf(out, "</testsuites>\n");
	if ((st = file_write_commit(&w, err, sizeof(err))) != FW_OK) {
		fprintf(stderr, "uvmcheck gate: --junit: %s\n", err);
		return st == FW_REFUSED ? EXIT_USAGE : EXIT_INTERNAL;
	}
	return 0;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* --update-matrix: rewrite root/scenarios/matrix.golden */
static int
update_matrix(struct gate *g, const char *seeds, const char *golden_path,
    char names[][256], struct scenario *s, struct dfs_result *r)
{
	char *buf = NULL, err[4400];
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	int rc;

	if (out == NULL)
		return EXIT_INTERNAL;
	fprintf(out, "# The golden history matrix: every seed scenario "
	    "(scenarios/seeds) under\n# every profile and under the fixed "
	    "kernel with its bug's knob turned back\n# (bug-knob; - when the "
	    "scenario has no `expect bug` line).  `uvmcheck gate`\n# asserts "
	    "every cell.  Regenerate deliberately, and review the diff:\n"
	    "#\tuvmcheck gate --update-matrix\n# SCENARIO COLUMN VERDICT\n");
	gate_matrix(g, seeds, golden_path, names, s, r, out);
	if (fclose(out) != 0) {
		free(buf);
		return EXIT_INTERNAL;
	}
	rc = file_write_buf(golden_path, buf, len, err, sizeof(err));
	if (rc == FW_OK)
		printf("wrote %s (%zu bytes)\n", golden_path, len);
	else
		fprintf(stderr, "uvmcheck gate: %s\n", err);
	free(buf);
	return rc == FW_OK ? EXIT_CLEAN : rc == FW_REFUSED ? EXIT_USAGE :
	    EXIT_INTERNAL;
}

static const struct cli_accept gate_accepts[] = {
	{ CLI_O_ROOT, 0, 0 }, { CLI_O_JUNIT, 0, 0 }, { CLI_O_DEPTH, 0, 0 },
	{ CLI_O_MAX_STATES, 0, 0 }, { CLI_O_PROFILE, 0, 0 },
	{ CLI_O_BUG, 0, 0 },
	{ CLI_O_TIME_BUDGET, 0, 0 }, { CLI_O_BUDGET_FAILS, 0, 0 },
	{ CLI_O_PARTIAL, 0, 0 }, { CLI_O_UPDATE_MATRIX, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command gate_cmd = { "gate", usage,
    gate_accepts };

/* every scenario of the library: scenarios/, seeds/, ops/, conformance/ */
static void
gate_library(struct gate *g, const char *pre, char (*names)[256],
    struct scenario *s, struct dfs_result *r)
{
	char dir[1100], path[1400];

	for (int pass = 0; pass < 4; pass++) {
		static const char *const sub[] = { "", ("/" SCN_LIBRARY_SEEDS),
		    "/ops", ("/" SCN_LIBRARY_CONFORMANCE) };
		int n;

		cli_xpath(dir, sizeof(dir), "--root",
		    "%sscenarios%s", pre, sub[pass]);
		n = scenario_library_list(dir, names, 512);
		for (int i = 0; i < n && i < 512; i++) {
			cli_xpath(path, sizeof(path), "a library scenario",
			    "%s/%s", dir, names[i]);
			gate_scenario(g, path, s, r);
		}
	}
}

/* every .sched under corpus/, in name order: verdict and fingerprints */
static void
gate_corpus(struct gate *g, const char *pre, bool filtered,
    struct scenario *s, struct sched_file *sf, struct replay_outcome *o)
{
	char dir[1100], **scheds = NULL;
	int nsched = 0, capsched = 0;

	cli_xpath(dir, sizeof(dir), "--root", "%scorpus", pre);
	find_sched(dir, &scheds, &nsched, &capsched, 0);
	if (nsched > 1)
		qsort(scheds, (size_t)nsched, sizeof(char *), cmp_str);
	for (int i = 0; i < nsched; i++) {
		if (!filtered)
			gate_sched(g, scheds[i], s, sf, o);
		free(scheds[i]);
	}
	free(scheds);
}

/* the soak's generated scenarios, each walked at random: all clean */
static void
gate_soak(struct gate *g)
{
	struct soak_opts so = { "fixed", SOAK_DEFAULT_SEED, 0,
	    SOAK_DEFAULT_SCENARIOS, SOAK_DEFAULT_WALKS, NULL, NULL };
	struct soak_result sr;
	double t1 = clock_monotonic();

	memset(&sr, 0, sizeof(sr));
	if (fuzz_soak(&so, &sr) != 0)
		record(g, "soak", OUT_FAIL, clock_monotonic() - t1, "soak",
		    "out of memory");
	else if (sr.failed == 0)
		record(g, "soak", OUT_PASS, clock_monotonic() - t1, "soak",
		    "%d generated scenarios x %" PRIu64 " walks "
		    "under fixed: clean", sr.scenarios, so.walks);
	else
		record(g, "soak", OUT_FAIL, clock_monotonic() - t1, "soak",
		    "%d generated scenarios x %" PRIu64 " walks "
		    "under fixed: %d failing, the first %s (uvmcheck "
		    "soak --start %d --scenarios 1)", sr.scenarios,
		    so.walks, sr.failed,
		    run_verdict_label(sr.first_res.verdict,
		    sr.first_res.inv), sr.first);
}

int
cmd_gate(int argc, char **argv)
{
	struct cli_opts op;
	struct cli_config cfg;
	struct gate g;
	const char *root, *junit;
	struct scenario *s;
	struct dfs_result *r;
	struct sched_file *sf;
	struct replay_outcome *o;
	char (*names)[256], dir[1100], path[1400], seeds[1200], golden[1200];
	char pre[1100], err[4400];
	int rc;
	bool partial, update, filtered;

	memset(&g, 0, sizeof(g));
	memset(&op, 0, sizeof(op));
	op.max_states = CLI_DEFAULT_MAX_STATES;
	if (!cli_parse(&gate_cmd, argc, argv, &op))
		return op.rc;
	cfg = op.cfg;
	root = op.root;
	junit = op.junit;
	cli_check_opts(&op, &g.co);
	g.budget = op.time_budget;
	g.budget_fails = op.budget_fails;
	partial = op.partial;
	update = op.update_matrix;
	if (op.nargs != 0) {
		fprintf(stderr, "uvmcheck gate: unexpected argument '%s'\n"
		    "usage: %s", op.args[0], usage);
		return EXIT_USAGE;
	}
	if (root == NULL)
		root = cli_root();
	/* a gate that would check nothing is refused before it starts */
	if (!is_dir(root)) {
		fprintf(stderr, "uvmcheck gate: --root %s: %s\n", root,
		    access(root, F_OK) != 0 ? "no such directory" :
		    "not a directory");
		return EXIT_USAGE;
	}
	cli_xpath(pre, sizeof(pre), "--root",
	    "%s", strcmp(root, ".") == 0 ? "" : root);
	if (pre[0] != '\0' && pre[strlen(pre) - 1] != '/')
		cli_xpath(pre + strlen(pre), sizeof(pre) - strlen(pre),
		    "--root", "/");
	cli_xpath(dir, sizeof(dir), "--root",
	    "%sscenarios", pre[0] ? pre : "./");
	cli_xpath(path, sizeof(path), "--root",
	    "%scorpus", pre[0] ? pre : "./");
	if (!is_dir(dir) && !is_dir(path)) {
		fprintf(stderr, "uvmcheck gate: --root %s holds neither "
		    "scenarios/ nor corpus/: nothing to check\n", root);
		return EXIT_USAGE;
	}
	if (update && (junit != NULL || partial || g.budget > 0 ||
	    cfg.profile != NULL || cfg.nbugs > 0)) {
		fprintf(stderr, "uvmcheck gate: --update-matrix takes only "
		    "--root, --depth and --max-states\nusage: %s", usage);
		return EXIT_USAGE;
	}
	if (junit != NULL && file_write_check(junit, err, sizeof(err)) !=
	    FW_OK) {
		fprintf(stderr, "uvmcheck gate: --junit: %s\n",
		    err);
		return EXIT_USAGE;
	}
	filtered = cfg.profile != NULL || cfg.nbugs > 0;
	g.cfg = &cfg;
	g.t0 = clock_monotonic();
	cli_xpath(seeds, sizeof(seeds), "--root",
	    "%sscenarios/%s", pre, SCN_LIBRARY_SEEDS);
	cli_xpath(golden, sizeof(golden), "--root", "%s%s", pre, GOLDEN_FILE);

	s = cli_xcalloc(1, sizeof(*s));
	r = cli_xcalloc(1, sizeof(*r));
	sf = cli_xcalloc(1, sizeof(*sf));
	o = cli_xcalloc(1, sizeof(*o));
	names = cli_xcalloc(512, sizeof(*names));

	if (update) {
		rc = update_matrix(&g, seeds, golden, names, s, r);
		goto out;
	}

	/* 1. the scenario library: scenarios/, its seeds/, ops/, conformance/ */
	gate_library(&g, pre, names, s, r);

	/* 2. the golden history matrix */
	if (!partial && !filtered && is_dir(seeds))
		gate_matrix(&g, seeds, golden, names, s, r, NULL);

	/* 3. the corpus (not under --profile/--bug: a .sched names its own) */
	gate_corpus(&g, pre, filtered, s, sf, o);

	/* 3b. the soak: generated scenarios, clean under fixed (fuzz/soak.h) */
	if (!filtered && g.n > 0 && !over_budget(&g, "soak", "soak"))
		gate_soak(&g);

	/* 4. what was exercised (a full, unfiltered, unskipped run only) */
	if (!filtered && (g.skipped == 0 || g.budget_fails)) {
		char gaps[1200];

		cli_xpath(gaps, sizeof(gaps), "--root", "%s%s", pre, GAPS_FILE);
		gate_exercised(&g, partial, gaps);
	}

	if (g.n == 0)
		fprintf(stderr, "uvmcheck gate: no check ran (no scenario "
		    "expectation selected and no corpus schedule under %s): "
		    "a gate that checked nothing fails\n", root);
	rc = g.failed == 0 && g.n > 0 ? EXIT_CLEAN : EXIT_VIOLATION;
	if (junit != NULL) {
		int jrc = write_junit(&g, junit);

		if (jrc != 0)
			rc = jrc;
	}
	if (g.skipped > 0)
		printf("%d skipped (time budget %g s)\n", g.skipped, g.budget);
	if (g.diverged > 0)
		printf("%d diverged from their recorded fingerprints (counted "
		    "as failed)\n", g.diverged);
	printf("%d passed, %d failed\n", g.passed, g.failed);
out:
	free(g.results);
	free(g.gold);
	free(names);
	free(o);
	free(sf);
	free(r);
	free(s);
	return rc;
}
