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
#include "reports/check_print.h"
#include "explore/follow.h"
#include "explore/minimize.h"
#include "explore/mpi.h"
#include "explore/trace.h"

static const char usage[] =
    "uvmcheck check SCENARIO [--depth N] [--max-states N] [--save FILE|DIR/]\n"
    "               [--json] [--trace] [--quiet] [--profile NAME] "
    "[--bug KNOB=VALUE]...\n"
    "  --depth: bound on schedule length (default: the scenario's bound)\n"
    "  --max-states: stop after N states (default: no limit)\n"
    "  --strategy dfs|bfs|icb|random|pct|stateless (default dfs: stateful,\n"
    "             sleep sets); --no-reduction: no sleep sets\n"
    "  --symmetry: dfs: LWPs of one process running the same program are\n"
    "             interchangeable: a state is stored once for all\n"
    "             renamings of them (not with --liveness or --mpi)\n"
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
    "  --mpi: run under mpirun: one breadth-first search over the ranks,\n"
    "             each state explored by the one rank owning its hash;\n"
    "             rank 0 reports (not with --strategy other than bfs,\n"
    "             --jobs, --shard, --liveness or --bitstate)\n"
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

/*
 * --mpi: refuse what it cannot do, then join the ranks.  A rank other
 * than 0 searches its share and stays silent: its stdout goes to
 * /dev/null, it writes no --save file and no --db record, and it exits
 * 0 after the search (rank 0 reports).  EXIT_CLEAN to go on.
 */
static int
mpi_setup(const struct cli_opts *op, struct check_opts *co, const char **save,
    const char **db)
{
	const char *bad = op->given[CLI_O_STRATEGY] &&
	    co->strategy != STRAT_BFS ? "--strategy other than bfs" :
	    op->given[CLI_O_JOBS] ? "--jobs" : op->given[CLI_O_SHARD] ?
	    "--shard" : co->liveness ? "--liveness" : co->bitstate ?
	    "--bitstate" : NULL;
	int rank;

	if (bad != NULL) {
		fprintf(stderr, "uvmcheck check: --mpi is one breadth-first "
		    "search over the MPI ranks: %s cannot go with it\n", bad);
		return EXIT_USAGE;
	}
	if (!explore_mpi_available()) {
		fprintf(stderr, "uvmcheck check: --mpi: this uvmcheck was built "
		    "without MPI (meson feature 'mpi'; Debian's "
		    "libopenmpi-dev)\n");
		return EXIT_USAGE;
	}
	co->strategy = STRAT_BFS;
	if (explore_mpi_init(&rank) != 0) {
		fprintf(stderr, "uvmcheck check: --mpi: MPI_Init failed\n");
		return EXIT_INTERNAL;
	}
	if (rank != 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			return EXIT_INTERNAL;
		*save = NULL;
		*db = NULL;
	}
	return EXIT_CLEAN;
}

static const struct cli_accept check_accepts[] = {
	{ CLI_O_DEPTH, 0, 0 }, { CLI_O_MAX_STATES, 0, 0 },
	{ CLI_O_STRATEGY, 0, 0 }, { CLI_O_PREEMPTIONS, 0, 0 },
	{ CLI_O_SEED, 0, 0 }, { CLI_O_WALKS, 0, 0 }, { CLI_O_TIME, 0, 0 },
	{ CLI_O_SHARD, 0, 0 }, { CLI_O_JOBS, 0, 0 },
	{ CLI_O_NO_REDUCTION, 0, 0 }, { CLI_O_SYMMETRY, 0, 0 },
	{ CLI_O_LIVENESS, 0, 0 },
	{ CLI_O_NO_MINIMIZE, 0, 0 }, { CLI_O_MEMORY, 0, 0 },
	{ CLI_O_BITSTATE, 0, 0 }, { CLI_O_MPI, 0, 0 }, { CLI_O_SAVE, 0, 0 },
	{ CLI_O_JSON, 0, 0 },
	{ CLI_O_TRACE, 0, 0 }, { CLI_O_QUIET, 0, 0 }, { CLI_O_PROFILE, 0, 0 },
	{ CLI_O_BUG, 0, 0 }, { CLI_O_DB, 0, 0 }, { CLI_O_FOLLOW, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command check_cmd = { "check", usage, check_accepts };

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
	struct check_outcome cr;
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
	if (co.symmetry && (co.strategy != STRAT_DFS || co.liveness ||
	    co.mpi)) {
		fprintf(stderr, "uvmcheck check: --symmetry is for the stateful "
		    "dfs: %s cannot go with it\n", co.mpi ? "--mpi" :
		    co.liveness ? "--liveness" : "--strategy other than dfs");
		return EXIT_USAGE;
	}
	if (co.mpi && (rc = mpi_setup(&op, &co, &save, &db)) != EXIT_CLEAN)
		return rc;

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
	/*
	 * --mpi: a rank other than 0 is done once the search is: rank 0
	 * minimizes, replays, saves and reports, and the job's exit code
	 * is its (mpirun would abort rank 0 were another rank to exit
	 * non-zero first).
	 */
	if (r->mpi && r->rank != 0) {
		rc = EXIT_CLEAN;
		goto out;
	}

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
	cr = (struct check_outcome){ .s = s, .r = r, .res = res, .fr = fr,
	    .label = label, .inv = inv, .saved = saved,
	    .sched_text = sched_text, .bound = bound,
	    .default_profile = cfg.profile == NULL && s->profile[0] == '\0' };
	if (json)
		check_print_json(stdout, &cr);
	else
		check_print_text(stdout, &cr);
	rc = r->verdict == VERDICT_CLEAN ? EXIT_CLEAN : EXIT_VIOLATION;
out:
	free(fr);
	free(sched_text);
	free(res);
	free(r);
	free(s);
	return rc;
}
