/*
 * cmd_check.c: uvmcheck check SCENARIO [--depth N] [--save FILE] [--json]
 *
 * Explores every schedule of the scenario up to its depth bound with the
 * DFS explorer and prints the verdict and the search's figures.  A
 * counterexample is replayed once more to describe the violation in
 * UVM's words and, with --save, written as a .sched file.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/report.h"
#include "reports/campaign.h"
#include "explore/bitstate.h"
#include "explore/follow.h"
#include "explore/minimize.h"
#include "explore/trace.h"

static void print_figures(const struct dfs_result *r);
static void json_figures(const struct dfs_result *r);

static const char usage[] =
    "uvmcheck check SCENARIO [--depth N] [--max-states N] [--save FILE|DIR/]\n"
    "               [--json] [--trace] [--quiet] [--profile NAME] "
    "[--bug KNOB=VALUE]...\n"
    "  --depth: bound on schedule length (default: the scenario's bound)\n"
    "  --max-states: stop after N states (default: no limit)\n"
    "  --strategy dfs|bfs|icb|random|pct|stateless (default dfs: stateful,\n"
    "             sleep sets); --no-reduction: no sleep sets\n"
    "  --preemptions K (icb), --seed N and --walks N (random, pct)\n"
    "  --time S: stop after S seconds (fractions allowed)\n"
    "  --shard K/N: explore shard K of N (0 <= K < N <= 1000000)\n"
    "  --jobs N: dfs: N threads sharing one state table; other strategies\n"
    "             and --liveness: fork N processes, one shard each, merged\n"
    "  --memory SIZE: the state table (bitstate: the bit array) may use\n"
    "             SIZE bytes (suffix K, M, G); reached, the search stops\n"
    "             at the memory bound\n"
    "  --bitstate: dfs without a table: 3 bits per state in a bit array\n"
    "             (default 64M), no sleep sets; prints a coverage estimate\n"
    "  --liveness: also search for PMAP_CANFAIL non-progress cycles (dfs)\n"
    "  --no-minimize: keep the counterexample as found (default: fewest\n"
    "             steps, fewest preemptions, then delta debugging)\n"
    "  --save DIR/ names the file DIR/SCENARIO-PROFILE.sched\n"
    "  --db FILE: record the campaign and its finding in the SQLite store\n"
    "             (off by default: check leaves no database behind)\n"
    "  --follow: a counterexample ending at a warning-level invariant\n"
    "             (a lent page wired, a slot reused ...) is continued to\n"
    "             the damage it leads to (a page freed under DMA, a panic)\n";

/* --save FILE, or DIR/ (or an existing DIR): DIR/SCENARIO-LABEL.sched */
static int
save_path(const char *save, const struct scenario *s, const char *label,
    char *buf, size_t len)
{
	struct stat st;
	size_t n = strlen(save);

	if ((n > 0 && save[n - 1] == '/') ||
	    (stat(save, &st) == 0 && S_ISDIR(st.st_mode)))
		return cli_path(buf, len, "--save", "%s%s%s-%s.sched", save,
		    n > 0 && save[n - 1] == '/' ? "" : "/", s->name, label);
	return cli_path(buf, len, "--save", "%s", save);
}

static const struct cli_accept check_accepts[] = {
	{ CLI_O_DEPTH, 0, 0 }, { CLI_O_MAX_STATES, 0, 0 },
	{ CLI_O_STRATEGY, 0, 0 }, { CLI_O_PREEMPTIONS, 0, 0 },
	{ CLI_O_SEED, 0, 0 }, { CLI_O_WALKS, 0, 0 }, { CLI_O_TIME, 0, 0 },
	{ CLI_O_SHARD, 0, 0 }, { CLI_O_JOBS, 0, 0 },
	{ CLI_O_NO_REDUCTION, 0, 0 }, { CLI_O_LIVENESS, 0, 0 },
	{ CLI_O_NO_MINIMIZE, 0, 0 }, { CLI_O_MEMORY, 0, 0 },
	{ CLI_O_BITSTATE, 0, 0 }, { CLI_O_SAVE, 0, 0 }, { CLI_O_JSON, 0, 0 },
	{ CLI_O_TRACE, 0, 0 }, { CLI_O_QUIET, 0, 0 }, { CLI_O_PROFILE, 0, 0 },
	{ CLI_O_BUG, 0, 0 }, { CLI_O_DB, 0, 0 }, { CLI_O_FOLLOW, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command check_cmd = { "check", usage, check_accepts };

/* a check's outcome, for the two ways of printing it */
struct check_result {
	const struct scenario *s;
	const struct dfs_result *r;
	const struct run_result *res;	/* the counterexample's replay */
	const struct follow_result *fr;	/* --follow, or NULL */
	const char *label, *inv, *saved;
	char *sched_text;		/* the counterexample, formatted */
	int bound;			/* the depth bound */
	bool default_profile;		/* no --profile, none in the scenario */
};

/* --json: one object */
static void
print_json(const struct check_result *cr)
{
	const struct dfs_result *r = cr->r;
	const struct follow_result *fr = cr->fr;

	printf("{\"scenario\":");
	report_json_string(stdout, cr->s->name);
	printf(",\"profile\":");
	report_json_string(stdout, cr->label);
	printf(",\"verdict\":\"%s\",\"invariant\":", verdict_name(r->verdict));
	report_json_string(stdout, r->verdict == VERDICT_VIOLATION ? cr->inv :
	    NULL);
	printf(",\"steps\":%d,\"schedule\":", r->verdict != VERDICT_CLEAN ?
	    r->sched.n : 0);
	report_json_string(stdout, r->verdict != VERDICT_CLEAN ? cr->sched_text :
	    NULL);
	printf(",\"states\":%llu,\"transitions\":%llu,\"seconds\":%.6f,"
	    "\"max_depth\":%d,\"bound_hit\":%s,\"limit_hit\":%s,\"saved\":",
	    (unsigned long long)r->states,
	    (unsigned long long)r->transitions, r->seconds, r->max_depth,
	    r->bound_hit ? "true" : "false",
	    r->limit_hit ? "true" : "false");
	report_json_string(stdout, cr->saved);
	json_figures(cr->r);
	if (fr != NULL) {
		printf(",\"follow\":{\"stages\":[");
		for (int i = 0; i < fr->nstages; i++) {
			printf("%s{\"invariant\":", i ? "," : "");
			report_json_string(stdout, inv_name(fr->stage[i].inv));
			printf(",\"step\":%d,\"warning\":%s}",
			    fr->stage[i].step, fr->stage[i].warning ?
			    "true" : "false");
		}
		schedule_format(&cr->s->model, &fr->sched, cr->sched_text,
		    (size_t)SCHED_MAX_STEPS * (NAME_MAX_LEN + 8));
		printf("],\"damage\":%s,\"schedule\":", fr->damage ?
		    "true" : "false");
		report_json_string(stdout, cr->sched_text);
		printf("}");
	}
	printf("}\n");
}

/* the verdict, the counterexample and the search's figures */
static void
print_text(const struct check_result *cr)
{
	const struct dfs_result *r = cr->r;
	const struct follow_result *fr = cr->fr;
	char v[160];

	report_verdict_str(r->verdict, cr->inv, cr->res->vstep, v, sizeof(v));
	printf("verdict: %s\n", v);
	if (r->verdict != VERDICT_CLEAN) {
		if (cr->res->detail[0] != '\0')
			printf("  %s\n", cr->res->detail);
		printf("counterexample (%d step%s): %s\n", r->sched.n,
		    r->sched.n == 1 ? "" : "s", cr->sched_text);
	}
	printf("states %llu, transitions %llu, max depth %d, %.3f s",
	    (unsigned long long)r->states,
	    (unsigned long long)r->transitions, r->max_depth,
	    r->seconds);
	if (r->seconds > 0)
		printf(" (%.0f states/s)", (double)r->states /
		    r->seconds);
	printf("\n");
	print_figures(cr->r);
	if (fr != NULL) {
		printf("follow:");
		for (int i = 0; i < fr->nstages; i++)
			printf("%s %s at step %d (%s)", i ? " ->" : "",
			    inv_name(fr->stage[i].inv), fr->stage[i].step,
			    fr->stage[i].warning ? "warning" : "damage");
		printf("\n");
		if (fr->nstages > 1) {
			schedule_format(&cr->s->model, &fr->sched,
			    cr->sched_text, (size_t)SCHED_MAX_STEPS *
			    (NAME_MAX_LEN + 8));
			printf("followed schedule (%d steps): %s\n",
			    fr->sched.n, cr->sched_text);
		}
		if (!fr->damage)
			printf("  no damage after it within %d steps%s\n",
			    r->sched.n + cr->bound, fr->budget_hit ?
			    " (the state budget was reached)" : "");
	}
	if (r->verdict == VERDICT_CLEAN && cr->default_profile)
		printf("(clean with every fix applied; --profile NAME "
		    "checks a historical kernel: uvmcheck list "
		    "profiles)\n");
	if (cr->saved != NULL)
		printf("saved: %s\n", cr->saved);
	else if (r->verdict != VERDICT_CLEAN)
		printf("(use --save FILE.sched to keep the counterexample)\n");
}

int
cmd_check(int argc, char **argv)
{
	struct cli_opts op;
	struct cli_config cfg;
	struct check_opts co;
	const char *save;
	bool json, trace, quiet, follow;
	struct follow_result *fr = NULL;
	struct scenario *s;
	struct dfs_result *r;
	struct run_result *res;
	char label[512], path[1400], *sched_text;
	const char *inv = NULL, *saved = NULL, *db;
	struct report_check camp;
	struct check_result cr;
	char knobs[1024];
	int rc, bound;

	memset(&op, 0, sizeof(op));
	if (!cli_parse(&check_cmd, argc, argv, &op))
		return op.rc;
	cfg = op.cfg;
	cli_check_opts(&op, &co);
	save = op.save;
	json = op.json;
	trace = op.trace;
	quiet = op.quiet;
	follow = op.follow;
	db = op.db;
	if (!co.seed_set)	/* random, pct: a fresh seed, printed */
		co.seed = (uint64_t)clock_wall() ^ ((uint64_t)getpid() << 32);
	if (op.nargs != 1) {
		fprintf(stderr, "uvmcheck check: expected one SCENARIO\nusage: %s",
		    usage);
		return EXIT_USAGE;
	}

	s = cli_xcalloc(1, sizeof(*s));
	r = cli_xcalloc(1, sizeof(*r));
	res = cli_xcalloc(1, sizeof(*res));
	sched_text = cli_xcalloc(SCHED_MAX_STEPS, NAME_MAX_LEN + 8);
	if ((rc = cli_load_scenario("check", op.args[0], &cfg, s)) != 0)
		goto out;
	cli_config_label(cfg.profile != NULL ? cfg.profile :
	    s->profile[0] != '\0' ? s->profile : "fixed", &cfg.overrides,
	    cfg.mask, label, sizeof(label));
	bound = co.depth != 0 ? (int)co.depth : s->bound_depth != 0 ?
	    (int)s->bound_depth : DFS_DEFAULT_DEPTH;
	/* a --save path that cannot be written is refused before the search */
	if (save != NULL) {
		if ((rc = save_path(save, s, label, path, sizeof(path))) != 0 ||
		    (rc = cli_output_ok("check", "--save", path)) != 0)
			goto out;
	}
	co.progress = !json && !quiet && isatty(2);
	if (!json) {
		/* say where the profile came from: "fixed" by default */
		printf("check %s, profile %s%s, depth bound %u\n", s->name,
		    label, cfg.profile != NULL ? "" : s->profile[0] != '\0' ?
		    " (the scenario's)" : " (default)", bound);
		cli_print_knobs(stdout, "knobs", &s->model.knobs);
		fflush(stdout);
	}
	cli_knobs_str(&s->model.knobs, knobs, sizeof(knobs));
	if (db != NULL && (rc = report_check_begin(&camp, "check", db, s,
	    label, knobs, strategy_name(co.strategy), co.seed)) != 0) {
		rc = rc == STORE_EBAD ? EXIT_USAGE : EXIT_INTERNAL;
		goto out;
	}
	cli_check(s, &co, r);

	if (r->verdict != VERDICT_CLEAN && !co.no_minimize) {
		struct min_result *mr = cli_xcalloc(1, sizeof(*mr));

		if (explore_minimize(&s->model, &r->sched, bound, mr) == 0 &&
		    mr->steps < mr->steps0) {
			r->sched = mr->sched;
			if (!json)
				printf("minimized the counterexample: %d -> %d "
				    "steps, %d -> %d preemptions\n", mr->steps0,
				    mr->steps, mr->preempt0, mr->preempt);
		}
		free(mr);
	}
	if (db != NULL && report_check_end(&camp, "check", s, cfg.profile,
	    &cfg.overrides, cfg.mask, label, r) != 0) {
		rc = EXIT_INTERNAL;
		goto out;
	}
	if (r->verdict != VERDICT_CLEAN) {
		struct trace_arg ta = { &s->model, stdout };

		if (trace && !json)
			printf("counterexample trace:\n");
		if (run_schedule(&s->model, &r->sched, res,
		    trace && !json ? trace_run_cb : NULL, &ta) != 0 ||
		    res->verdict != r->verdict) {
			fprintf(stderr, "uvmcheck check: internal error: the "
			    "counterexample does not replay (%s)\n", res->errmsg);
			rc = EXIT_INTERNAL;
			goto out;
		}
		inv = run_verdict_label(res->verdict, res->inv);
		schedule_format(&s->model, &r->sched, sched_text,
		    (size_t)SCHED_MAX_STEPS * (NAME_MAX_LEN + 8));
		if (save != NULL) {
			if ((rc = cli_save_sched("check", path, s, cfg.profile,
			    &cfg.overrides, cfg.mask, &r->sched, res)) != 0)
				goto out;
			saved = path;
		}
	}

	if (follow && r->verdict == VERDICT_VIOLATION) {
		fr = cli_xcalloc(1, sizeof(*fr));
		if (follow_damage(&s->model, &r->sched, r->sched.n + bound,
		    co.max_states, fr) != 0) {
			fprintf(stderr, "uvmcheck check: internal error: --follow "
			    "cannot replay the counterexample\n");
			rc = EXIT_INTERNAL;
			goto out;
		}
	}
	cr = (struct check_result){ .s = s, .r = r, .res = res, .fr = fr,
	    .label = label, .inv = inv, .saved = saved,
	    .sched_text = sched_text, .bound = bound,
	    .default_profile = cfg.profile == NULL && s->profile[0] == '\0' };
	if (json)
		print_json(&cr);
	else
		print_text(&cr);
	rc = r->verdict == VERDICT_CLEAN ? EXIT_CLEAN : EXIT_VIOLATION;
out:
	free(fr);
	free(sched_text);
	free(res);
	free(r);
	free(s);
	return rc;
}

static void
print_figures(const struct dfs_result *r)
{
	printf("strategy %s", strategy_name(r->strategy));
	if (r->strategy == STRAT_RANDOM || r->strategy == STRAT_PCT)
		printf(", seed %llu", (unsigned long long)r->seed);
	if (r->strategy == STRAT_ICB)
		printf(", preemption bound %d", r->preemptions);
	printf("\n");
	if (r->jobs > 1)
		printf("jobs: %d threads sharing one state table\n", r->jobs);
	if (r->table_bytes != 0 && r->bits_per_state != 0)
		printf("bitstate: %.1f MiB, %.1f bits/state (%d per state "
		    "set), coverage estimate %.4f%%\n",
		    (double)r->table_bytes / 1048576.0, r->bits_per_state,
		    BITSTATE_K, 100.0 * r->coverage);
	else if (r->table_bytes != 0) {
		printf("state table: %.1f MiB (%llu slots of 8 bytes, %.0f%% "
		    "full)", (double)r->table_bytes / 1048576.0,
		    (unsigned long long)r->table_slots, r->table_slots != 0 ?
		    100.0 * (double)r->states / (double)r->table_slots : 0.0);
		if (r->bytes_per_state != 0)
			printf(", %.1f bytes/state", r->bytes_per_state);
		printf(", 64-bit fingerprints, collision probability %.2g "
		    "(optimistic, as TLC)\n", r->collision_prob);
	}
	if (r->strategy == STRAT_DFS)
		printf("reduction: %s, sleep sets pruned %llu transitions "
		    "(factor %.2f), %llu steps spent on independence\n",
		    r->slept != 0 || r->por_steps != 0 ? "sleep sets" : "none",
		    (unsigned long long)r->slept, r->reduction,
		    (unsigned long long)r->por_steps);
	if (r->verdict == VERDICT_CLEAN) {
		if (dfs_exhaustive(r))
			printf("exhaustive: yes\n");
		else
			printf("exhaustive: no (bound hit: %s%s)\n",
			    bound_name(r->bound), r->bound == BOUND_STATES ?
			    ", --max-states reached" : r->bound == BOUND_DEPTH ?
			    ", the depth bound cut some schedules" :
			    r->bound == BOUND_CAPACITY ? ", the model's tables "
			    "(map entries, frames, wiring records) ran out on "
			    "some schedules, cut there" :
			    r->bound == BOUND_MEMORY ? ", --memory reached: "
			    "the state table is full" : r->bound == BOUND_BITSTATE ?
			    ", states whose bits were set may have been skipped" :
			    "");
	}
}

static void
json_figures(const struct dfs_result *r)
{
	printf(",\"strategy\":\"%s\",\"states_per_sec\":%.0f,"
	    "\"bytes_per_state\":", strategy_name(r->strategy),
	    r->seconds > 0 ? (double)r->states / r->seconds : 0.0);
	/* null while the table is at its initial size */
	if (r->bytes_per_state != 0)
		printf("%.2f", r->bytes_per_state);
	else
		printf("null");
	printf(",\"table_bytes\":%llu,"
	    "\"table_slots\":%llu,"
	    "\"collision_probability\":%.3g,\"reduction\":%.4f,"
	    "\"slept\":%llu,\"jobs\":%d,",
	    (unsigned long long)r->table_bytes,
	    (unsigned long long)r->table_slots,
	    r->collision_prob, r->reduction, (unsigned long long)r->slept,
	    r->jobs > 1 ? r->jobs : 1);
	if (r->bits_per_state != 0)
		printf("\"bits_per_state\":%.2f,\"coverage\":%.6f,",
		    r->bits_per_state, r->coverage);
	printf("\"bound\":");
	if (dfs_exhaustive(r))
		printf("null");
	else
		printf("\"%s\"", bound_name(r->bound));
	printf(",\"exhaustive\":%s", dfs_exhaustive(r) ? "true" : "false");
	if (r->strategy == STRAT_RANDOM || r->strategy == STRAT_PCT)
		printf(",\"seed\":%llu", (unsigned long long)r->seed);
}
