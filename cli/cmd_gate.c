/*
 * cmd_gate.c: uvmcheck gate: the CI gate (docs/design.md §10).
 *
 *   1. every scenario of the library (the .scn files of scenarios/,
 *      scenarios/seeds/ and scenarios/conformance/) parses, and each of its `expect` lines
 *      holds: configured as the line says, the check gives the verdict
 *      it names (clean under the fixed kernel, the invariant under the
 *      bug's knob);
 *   2. every .sched file under corpus/ replays with its recorded verdict
 *      and without diverging from its recorded fingerprints.
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
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "fuzz/soak.h"
#include "invariants/invariants.h"
#include "reports/report.h"

static const char usage[] =
    "uvmcheck gate [--root DIR] [--junit FILE] [--depth N] [--max-states N]\n"
    "              [--time-budget S [--budget-fails]]\n"
    "              [--profile NAME] [--bug KNOB=VALUE]...\n"
    "  --root: the directory holding scenarios/ and corpus/\n"
    "  --profile/--bug: only the expectations configured that way\n"
    "  --max-states: per search, default 2000000 (0 = no limit)\n"
    "  --time-budget S: start no check after S seconds; the rest are\n"
    "                   skipped (failed with --budget-fails)\n";

struct result {
	char name[1600];
	char msg[1600];
	bool pass;
	bool skipped;
	double seconds;
	const char *suite;
};

struct gate {
	struct result *results;
	int n, cap;
	int passed, failed, skipped;
	const struct cli_config *cfg;
	double t0, budget;	/* start; seconds allowed (0 = no budget) */
	bool budget_fails;
	bool skipping;		/* record() is recording a skipped check */
	struct check_opts co;
};

static void
record(struct gate *g, const char *suite, bool pass, double secs,
    const char *name, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
record(struct gate *g, const char *suite, bool pass, double secs,
    const char *name, const char *fmt, ...)
{
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
	r = &g->results[g->n++];
	memset(r, 0, sizeof(*r));
	r->suite = suite;
	r->pass = pass;
	r->seconds = secs;
	snprintf(r->name, sizeof(r->name), "%s", name);
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	r->skipped = g->skipping;
	if (pass)
		g->passed++;
	else if (g->skipping && !g->budget_fails)
		g->skipped++;
	else
		g->failed++;
	printf("%s %s: %s\n", pass ? "PASS" : g->skipping ? "SKIP" : "FAIL",
	    r->name, r->msg);
	fflush(stdout);
}

/* the time budget is spent: record the check as skipped, return true */
static bool
over_budget(struct gate *g, const char *suite, const char *name)
{
	if (g->budget <= 0 || cli_now() - g->t0 < g->budget)
		return false;
	g->skipping = true;
	record(g, suite, false, 0, name, "not started: time budget of %g s "
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
		    knob_descs[k].name, v < 4 && knob_descs[k].values[v] ?
		    knob_descs[k].values[v] : "?");
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

static void
gate_scenario(struct gate *g, const char *path, struct scenario *s,
    struct dfs_result *r)
{
	struct scenario_error err;
	char name[1600], what[160];

	if (scenario_load_file(path, s, &err) != 0) {
		record(g, "scenarios", false, 0, path, "%s:%d:%d: %s", err.file,
		    err.line, err.col, err.msg);
		return;
	}
	if (scenario_check_verdicts(s, known_verdict, NULL, &err) != 0) {
		record(g, "scenarios", false, 0, path, "%s:%d:%d: %s", err.file,
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
			record(g, "scenarios", false, 0, name,
			    "cannot configure the expectation");
			continue;
		}
		cli_check(s, &g->co, r);
		got = run_verdict_label(r->verdict, r->inv);
		if (strcmp(got, e->verdict) == 0)
			record(g, "scenarios", true, r->seconds, name,
			    "%s%s (%d step%s, %llu states, %.0f ms)%s", got,
			    r->verdict == VERDICT_CLEAN ? "" : " found",
			    r->sched.n, r->sched.n == 1 ? "" : "s",
			    (unsigned long long)r->states,
			    r->seconds * 1000, r->verdict != VERDICT_CLEAN ? "" :
			    r->limit_hit ? " [not exhaustive: --max-states reached]" :
			    r->bound_hit ? " [not exhaustive: depth bound hit]" : "");
		else {
			char sch[512];

			schedule_format(&s->model, &r->sched, sch, sizeof(sch));
			record(g, "scenarios", false, r->seconds, name,
			    "expected %s, got %s%s%s%s", e->verdict, got,
			    r->verdict != VERDICT_CLEAN ? " after \"" : "",
			    r->verdict != VERDICT_CLEAN ? sch : "",
			    r->verdict != VERDICT_CLEAN ? "\"" :
			    r->limit_hit ? " (--max-states reached first)" :
			    r->bound_hit ? " (depth bound hit: raise bound depth?)" : "");
		}
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
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
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
	double t0 = cli_now();

	if (over_budget(g, "corpus", path))
		return;
	if (sched_file_load(path, sf, s, &err) != 0) {
		record(g, "corpus", false, 0, path, "%s:%d:%d: %s", err.file,
		    err.line, err.col, err.msg);
		return;
	}
	replay_sched(sf, s, NULL, o);
	cli_verdict_str(sf->verdict, sf->verdict_inv, sf->verdict_step, rv,
	    sizeof(rv));
	if (o->rc != 0)
		record(g, "corpus", false, cli_now() - t0, path,
		    "%s:%d:%d: %s", path, sf->choices_line,
		    sf->choice_col[o->res.err_step - 1], o->res.errmsg);
	else if (o->diverged_step != 0)
		record(g, "corpus", false, cli_now() - t0, path,
		    "diverged at step %d: recorded fp %016" PRIx64 ", now %016"
		    PRIx64, o->diverged_step, o->recorded_fp, o->now_fp);
	else if (!o->verdict_matches) {
		cli_verdict_str(o->res.verdict, run_verdict_label(o->res.verdict,
		    o->res.inv), o->res.vstep, nv, sizeof(nv));
		record(g, "corpus", false, cli_now() - t0, path,
		    "recorded %s, now %s", rv, nv);
	} else
		record(g, "corpus", true, cli_now() - t0, path, "%s (replayed)", rv);
	sched_file_free(sf);
}

static int
write_junit(const struct gate *g, const char *path)
{
	struct file_writer w;
	char err[FW_PATH_MAX + 256];
	FILE *out;

	if (file_write_begin(&w, path, err, sizeof(err)) != FW_OK) {
		fprintf(stderr, "uvmcheck gate: --junit: %s\n", err);
		return -1;
	}
	out = w.fp;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"uvmcheck gate\" tests=\"%d\" failures=\"%d\" "
	    "skipped=\"%d\">\n", g->n, g->failed, g->skipped);
	for (int s = 0; s < 3; s++) {
		const char *suite = s == 0 ? "scenarios" : s == 1 ? "corpus" :
		    "soak";
		int n = 0, f = 0;

		for (int i = 0; i < g->n; i++)
			if (strcmp(g->results[i].suite, suite) == 0) {
				n++;
				f += !g->results[i].pass &&
				    !(g->results[i].skipped && !g->budget_fails);
			}
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
			} else if (!r->pass) {
				fprintf(out, "<failure message=\"");
				report_escape(out, r->msg);
				fprintf(out, "\"/>");
			}
			fprintf(out, "</testcase>\n");
		}
		fprintf(out, "  </testsuite>\n");
	}
	fprintf(out, "</testsuites>\n");
	if (file_write_commit(&w, err, sizeof(err)) != FW_OK) {
		fprintf(stderr, "uvmcheck gate: --junit: %s\n", err);
		return -1;
	}
	return 0;
}

int
cmd_gate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "junit", required_argument, NULL, 'J' },
		{ "depth", required_argument, NULL, 'd' },
		{ "max-states", required_argument, NULL, 'm' },
		{ "profile", required_argument, NULL, 'p' },
		{ "bug", required_argument, NULL, 'b' },
		{ "time-budget", required_argument, NULL, 'T' },
		{ "budget-fails", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_config cfg;
	struct gate g;
	const char *root = NULL, *junit = NULL;
	unsigned long long num;
	struct scenario *s;
	struct dfs_result *r;
	struct sched_file *sf;
	struct replay_outcome *o;
	char (*names)[256], dir[1100], path[1400], **scheds = NULL;
	int ch, rc, nsched = 0, capsched = 0;
	bool here;

	memset(&cfg, 0, sizeof(cfg));
	memset(&g, 0, sizeof(g));
	g.co.max_states = CLI_DEFAULT_MAX_STATES;
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":r:J:d:m:p:b:T:Fh", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'r':
			root = optarg;
			break;
		case 'J':
			junit = optarg;
			break;
		case 'd':
			if ((rc = cli_number("gate", "--depth", optarg, 1,
			    SCHED_MAX_STEPS, &num)) != 0)
				return rc;
			g.co.depth = (unsigned)num;
			break;
		case 'm':
			if ((rc = cli_number("gate", "--max-states", optarg, 0,
			    UINT64_MAX, &num)) != 0)
				return rc;
			g.co.max_states = num;
			break;
		case 'p':
			if ((rc = cli_set_profile(&cfg, "gate", optarg)) != 0)
				return rc;
			break;
		case 'b':
			if ((rc = cli_add_bug(&cfg, "gate", optarg)) != 0)
				return rc;
			break;
		case 'T': {
			char *end;

			g.budget = strtod(optarg, &end);
			if (end == optarg || *end != '\0' || !(g.budget > 0) ||
			    g.budget > 1e9) {
				fprintf(stderr, "uvmcheck gate: --time-budget: "
				    "expected seconds > 0, got '%s'\n", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'F':
			g.budget_fails = true;
			break;
		case 'h':
			printf("usage: %s", usage);
			return EXIT_CLEAN;
		default:
			return cli_bad_option("gate", argv, ch, usage);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "uvmcheck gate: unexpected argument '%s'\n"
		    "usage: %s", argv[optind], usage);
		return EXIT_USAGE;
	}
	if (root == NULL)
		root = cli_root();
	here = strcmp(root, ".") == 0;	/* print paths as scenarios/x.scn */
	g.cfg = &cfg;
	g.t0 = cli_now();

	s = cli_xcalloc(1, sizeof(*s));
	r = cli_xcalloc(1, sizeof(*r));
	sf = cli_xcalloc(1, sizeof(*sf));
	o = cli_xcalloc(1, sizeof(*o));
	names = cli_xcalloc(512, sizeof(*names));

	/* 1. the scenario library */
	for (int pass = 0; pass < 3; pass++) {
		int n;

		if (pass == 0)
			snprintf(dir, sizeof(dir), "%s%sscenarios", here ? "" : root,
			    here ? "" : "/");
		else
			snprintf(dir, sizeof(dir), "%s%sscenarios/%s", here ? "" :
			    root, here ? "" : "/", pass == 1 ? SCN_LIBRARY_SEEDS :
			    SCN_LIBRARY_CONFORMANCE);
		n = scenario_library_list(dir, names, 512);
		for (int i = 0; i < n && i < 512; i++) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			gate_scenario(&g, path, s, r);
		}
	}

	/* 2. the corpus */
	snprintf(dir, sizeof(dir), "%s%scorpus", here ? "" : root,
	    here ? "" : "/");
	find_sched(dir, &scheds, &nsched, &capsched, 0);
	if (nsched > 1)
		qsort(scheds, (size_t)nsched, sizeof(char *), cmp_str);
	for (int i = 0; i < nsched; i++) {
		if (cfg.profile == NULL && cfg.nbugs == 0)
			gate_sched(&g, scheds[i], s, sf, o);
		free(scheds[i]);
	}
	free(scheds);

	/* 3. the soak: generated scenarios, clean under fixed (fuzz/soak.h) */
	if (cfg.profile == NULL && cfg.nbugs == 0 &&
	    !over_budget(&g, "soak", "soak")) {
		struct soak_opts so = { "fixed", SOAK_DEFAULT_SEED, 0,
		    SOAK_DEFAULT_SCENARIOS, SOAK_DEFAULT_WALKS, NULL, NULL };
		struct soak_result sr;
		double t1 = cli_now();

		memset(&sr, 0, sizeof(sr));
		if (fuzz_soak(&so, &sr) != 0)
			record(&g, "soak", false, cli_now() - t1, "soak",
			    "out of memory");
		else if (sr.failed == 0)
			record(&g, "soak", true, cli_now() - t1, "soak",
			    "%d generated scenarios x %" PRIu64 " walks "
			    "under fixed: clean", sr.scenarios, so.walks);
		else
			record(&g, "soak", false, cli_now() - t1, "soak",
			    "%d generated scenarios x %" PRIu64 " walks "
			    "under fixed: %d failing, the first %s (uvmcheck "
			    "soak --start %d --scenarios 1)", sr.scenarios,
			    so.walks, sr.failed,
			    run_verdict_label(sr.first_res.verdict,
			    sr.first_res.inv), sr.first);
	}

	if (junit != NULL)
		write_junit(&g, junit);
	if (g.skipped > 0)
		printf("%d skipped (time budget %g s)\n", g.skipped, g.budget);
	printf("%d passed, %d failed\n", g.passed, g.failed);
	free(g.results);
	free(names);
	free(o);
	free(sf);
	free(r);
	free(s);
	return g.failed == 0 ? EXIT_CLEAN : EXIT_VIOLATION;
}
