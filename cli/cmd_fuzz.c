/*
 * cmd_fuzz.c: uvmcheck fuzz: a libFuzzer or AFL++ campaign
 * (docs/design.md §9).
 *
 * Reads the options into a target (fuzz/target.h; its scenario and
 * --ops through fuzz/target_args.h: a scenario file or the library, a
 * configuration, the generator's options), finds the harness binary
 * fuzz-{sched,gen}-{libfuzzer,afl} in cli_paths.fuzz_dir (BUILD/fuzz,
 * or PREFIX/libexec/uvmcheck when installed), and runs the session of
 * fuzz/session.h: the directories claimed, the seeds, the engines
 * (fuzz/engine.c), the triage of their crashes (decoded again,
 * minimized, deduplicated by signature, written as .sched in the
 * findings directory, ./uvmcheck-findings by default, and listed in
 * its findings.txt: fuzz/campaign.c).  The store's rows (--db) and the
 * closing figures are reports/campaign.c's.  Nothing is compiled here;
 * what stays here is the options and the signal handler that stops the
 * engines.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/report.h"
#include "fuzz/campaign.h"
#include "fuzz/decode.h"
#include "fuzz/engine.h"
#include "fuzz/session.h"
#include "fuzz/target.h"
#include "fuzz/target_args.h"
#include "reports/campaign.h"
#include "reports/store.h"

static const char usage[] =
    "uvmcheck fuzz [SCENARIO | --generate [GENERATOR]] --engine libfuzzer|afl\n"
    "           --time SECONDS [--seed N] [--jobs N] [--profile P] [--bug K=V]\n"
    "           [--out DIR] [--db FILE] [--workdir DIR] [--json] "
    "[--no-minimize]\n"
    "           [--sync DIR --name NAME]\n"
    "       uvmcheck fuzz --make-seeds DIR [SCENARIO | --generate ...] "
    "[--profile P]\n"
    "  SCENARIO: a scenario file (PATH.scn) or a library scenario; its\n"
    "    schedules and environment failures are fuzzed.  None: every\n"
    "    library scenario.\n"
    "  --generate: scenarios generated too (scenario and schedule fuzzed);\n"
    "    GENERATOR: --ops OP,OP,...  only these operations\n"
    "               --like PATH.scn  around this scenario (its world,\n"
    "                                objects, processes and operations)\n"
    "               --pages N (4..16) --procs N (1..2) --threads N (1..3)\n"
    "  --profile P, --bug K=V: every run under this configuration (none:\n"
    "    the fuzzer picks the scenario's own, its expectations, each\n"
    "    profile, each bug's knob)\n"
    "  --time SECONDS: wall time of the campaign (fractions allowed)\n"
    "  --seed N: the engines' seed (1..4294967295; default: from the\n"
    "    clock, printed); the same seed gives the same findings where the\n"
    "    engine is deterministic (libFuzzer with one job)\n"
    "  --out DIR: where findings go as .sched, minimized unless\n"
    "    --no-minimize (default ./uvmcheck-findings; --corpus DIR is the\n"
    "    same)\n"
    "  --db FILE: record the campaign and its findings in the SQLite store\n"
    "  --workdir DIR: keep the engines' queue there; the same command\n"
    "    on the same DIR resumes the campaign\n"
    "  --sync DIR --name NAME: AFL++: one campaign over several machines\n"
    "    sharing DIR (each its own --name, --db; report merge joins them)\n"
    "  --jobs N: libFuzzer -fork=N; AFL++ N instances\n"
    "  --json: one JSON object at the end (first_finding_seconds included)\n"
    "  --make-seeds DIR: write the seed inputs (and DIR.target, for a\n"
    "    harness run by hand with UVMCHECK_FUZZ_TARGET) and stop\n"
    "The harnesses are built with uvmcheck (./run.sh; meson -Dfuzz=true\n"
    "under clang).  Exit: 1 something found, 0 nothing, 2 bad input.\n";

#define DEFAULT_OUT	"uvmcheck-findings"

_Static_assert(FUZZ_SESSION_FOUND == EXIT_VIOLATION &&
    FUZZ_SESSION_BAD_INPUT == EXIT_USAGE &&
    FUZZ_SESSION_FAILED == EXIT_INTERNAL,
    "a session's status is the command's exit code");

static bool
valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-") == n;
}

static const struct cli_accept fuzz_accepts[] = {
	{ CLI_O_GENERATE, 0, 0 }, { CLI_O_ENGINE, 0, 0 },
	{ CLI_O_TIME, 0, 1000000 }, { CLI_O_JOBS, 1, FUZZ_MAX_JOBS },
	{ CLI_O_PROFILE, 0, 0 }, { CLI_O_BUG, 0, 0 }, { CLI_O_OUT, 0, 0 },
	{ CLI_O_CORPUS, 0, 0 }, { CLI_O_DB, 0, 0 }, { CLI_O_JSON, 0, 0 },
	{ CLI_O_MAKE_SEEDS, 0, 0 }, { CLI_O_NO_MINIMIZE, 0, 0 },
	{ CLI_O_OPS, 0, 0 }, { CLI_O_LIKE, 0, 0 }, { CLI_O_PAGES, 0, 0 },
	{ CLI_O_PROCS, 0, 0 }, { CLI_O_THREADS, 1, GEN_NTHREADS },
	{ CLI_O_SEED, 1, 4294967295ull }, { CLI_O_WORKDIR, 0, 0 },
	{ CLI_O_SYNC, 0, 0 }, { CLI_O_NAME, 0, 0 }, { CLI_O_HELP, 0, 0 },
	{ 0, 0, 0 },
};
static const struct cli_command fuzz_cmd = { "fuzz", usage,
    fuzz_accepts };

/* the combinations of options that do not go together: 0 or EXIT_USAGE */
static int
check_options(const struct cli_opts *op)
{
	const char *scenario = op->nargs > 0 ? op->args[0] : NULL;
	bool gen_opts = op->pages || op->procs || op->threads;

	if (op->engine != NULL && strcmp(op->engine, "libfuzzer") != 0 &&
	    strcmp(op->engine, "afl") != 0) {
		fprintf(stderr, "uvmcheck fuzz: --engine: unknown engine '%s' "
		    "(libfuzzer or afl)\n", op->engine);
		return EXIT_USAGE;
	}
	if (op->nargs > 1) {
		fprintf(stderr, "uvmcheck fuzz: one SCENARIO, got '%s' too\n"
		    "usage: %s", op->args[1], usage);
		return EXIT_USAGE;
	}
	if (scenario != NULL && op->generate) {
		fprintf(stderr, "uvmcheck fuzz: SCENARIO or --generate, not "
		    "both (--generate --like %s generates around it)\n",
		    scenario);
		return EXIT_USAGE;
	}
	if (!op->generate && (op->ops != NULL || op->like != NULL ||
	    gen_opts)) {
		fprintf(stderr, "uvmcheck fuzz: --ops, --like, --pages, "
		    "--procs and --threads aim the generator: they need "
		    "--generate\n");
		return EXIT_USAGE;
	}
	if (op->like != NULL && gen_opts) {
		fprintf(stderr, "uvmcheck fuzz: --like keeps its scenario's "
		    "world: --pages, --procs and --threads are for the "
		    "grammar\n");
		return EXIT_USAGE;
	}
	if ((op->sync != NULL) != (op->name != NULL)) {
		fprintf(stderr, "uvmcheck fuzz: --sync DIR and --name NAME "
		    "go together\n");
		return EXIT_USAGE;
	}
	if (op->name != NULL && !valid_name(op->name)) {
		fprintf(stderr, "uvmcheck fuzz: --name '%s': 1 to 32 letters, "
		    "digits, '_' or '-'\n", op->name);
		return EXIT_USAGE;
	}
	if (op->sync != NULL && op->engine != NULL &&
	    strcmp(op->engine, "afl") != 0) {
		fprintf(stderr, "uvmcheck fuzz: --sync shares an AFL++ "
		    "campaign: it needs --engine afl\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* a fuzz command: its options, target and campaign (on the heap) */
struct fuzz_cmd {
	struct cli_opts op;
	struct fuzz_target t;
	char ttext[SCN_TEXT_MAX * 2 + 4096];	/* the target as text */
	int tlen;
	char label[128];	/* the configuration or "every configuration" */
	struct report_fuzz rf;
	char bin[FUZZ_PATH_MAX + 64];	/* the harness */
	struct cli_paths paths;		/* the data and the harnesses */
	struct fuzz_session fs;		/* the run (fuzz/session.h) */
};

/* the target of the options (fuzz/target.h) set: 0 or EXIT_USAGE */
static int
make_target(struct fuzz_cmd *fc)
{
	const struct cli_opts *op = &fc->op;
	struct fuzz_target *t = &fc->t;
	char err[1200];

	t->mode = op->generate ? FUZZ_GENERATE : FUZZ_SCHEDULE;
	if ((op->nargs > 0 &&
	    fuzz_target_add_scenario(t, "", op->args[0]) != 0) ||
	    (op->like != NULL &&
	    fuzz_target_add_scenario(t, "--like", op->like) != 0) ||
	    (op->ops != NULL &&
	    fuzz_target_add_ops(t, op->ops, op->like != NULL) != 0))
		return EXIT_USAGE;
	t->gen.max_pages = (int)op->pages;
	t->gen.max_procs = (int)op->procs;
	t->gen.max_threads = (int)op->threads;
	if (op->cfg.profile != NULL || op->cfg.nbugs > 0) {
		t->pinned = true;
		snprintf(t->profile, sizeof(t->profile), "%s",
		    op->cfg.profile != NULL ? op->cfg.profile : "fixed");
		t->overrides = op->cfg.overrides;
		memcpy(t->mask, op->cfg.mask, sizeof(t->mask));
	}
	if (fuzz_set_target(t, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s%s\n", op->like != NULL ?
		    "--like: " : "", err);
		return EXIT_USAGE;
	}
	if ((fc->tlen = fuzz_target_format(t, fc->ttext,
	    sizeof(fc->ttext))) < 0) {
		fprintf(stderr, "uvmcheck fuzz: the target does not fit\n");
		return EXIT_USAGE;
	}
	if (t->pinned)
		fuzz_config_label(t->profile, &t->overrides, t->mask,
		    fc->label, sizeof(fc->label));
	else
		snprintf(fc->label, sizeof(fc->label), "every configuration");
	return 0;
}

/* --make-seeds DIR: the seeds and DIR.target, nothing run */
static int
make_seeds_only(struct fuzz_cmd *fc, const char *dir)
{
	char path[FUZZ_PATH_MAX + 16];
	int rc;

	if ((rc = cli_path(path, sizeof(path), "--make-seeds", "%s.target",
	    dir)) != 0)
		return rc;
	fuzz_seeds_make(&fc->fs.ss, fc->op.generate, fc->paths.root);
	if (fuzz_seeds_save(&fc->fs.ss, dir, false) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", dir,
		    strerror(errno));
		return EXIT_USAGE;
	}
	printf("%d seeds in %s\n", fc->fs.ss.n, dir);
	/* the harness needs the target to read them as meant */
	if (fuzz_write_file(path, fc->ttext, (size_t)fc->tlen) == 0)
		printf("target in %s (for a harness run by hand: %s=%s)\n",
		    path, FUZZ_TARGET_ENV, path);
	return EXIT_CLEAN;
}

/*
 * SIGINT and SIGTERM while the engines run stop them, and the findings
 * so far are still collected: the handler sets this flag, the one piece
 * of process-wide state of the commands, read by fuzz_session_wait().
 */
static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
wait_engines(struct fuzz_cmd *fc)
{
	struct sigaction sa, old_int, old_term;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	interrupted = 0;
	fuzz_session_wait(&fc->fs, &interrupted);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
}

/*
 * The campaign (fuzz/session.h): directories, the store (--db), seeds,
 * engines, findings, the figures.
 */
static int
run_campaign(struct fuzz_cmd *fc)
{
	const struct cli_opts *op = &fc->op;
	struct fuzz_session *fs = &fc->fs;
	char err[FW_PATH_MAX + 512];
	int rc;

	if ((rc = fuzz_session_dirs(fs)) != 0)
		return rc;
	if (op->db != NULL) {
		rc = report_fuzz_begin(&fc->rf, op->db, fc->t.has_scenario ?
		    fc->t.scn_name : op->generate ? "generated" : "library",
		    fc->t.pinned ? fc->label : "", op->engine, op->seed, err,
		    sizeof(err));
		if (rc != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s\n", err);
			return rc == STORE_EBAD ? EXIT_USAGE : EXIT_INTERNAL;
		}
		fs->c.record = report_fuzz_finding;
		fs->c.record_arg = &fc->rf;
	}
	fprintf(stderr, "uvmcheck fuzz: %s %s, %s, seed %llu, %gs%s%s\n",
	    op->engine, fc->t.has_scenario ? fc->t.scn_name : op->generate ?
	    "generated" : "library", fc->label, op->seed, op->time,
	    fs->keep_work ? ", workdir " : "", fs->keep_work ? fs->work : "");
	if ((rc = fuzz_session_start(fs)) != 0)
		return rc;
	wait_engines(fc);
	fuzz_session_collect(fs);
	report_fuzz_end(&fc->rf, fs->execs, fs->elapsed, fs->c.n > 0 ?
	    fs->c.f[0].inv : "clean");
	report_fuzz_summary(stdout, fs, op->json);
	return fuzz_session_finish(fs);
}

/* the seed of the engines when --seed is not given: printed */
static unsigned long long
fresh_seed(void)
{
	double now = clock_wall();
	unsigned long long sec = (unsigned long long)now;
	unsigned long long ns = (unsigned long long)((now - (double)sec) * 1e9);

	return (ns ^ (sec << 8) ^ (unsigned long long)getpid()) %
	    4294967295ull + 1;
}

int
cmd_fuzz(int argc, char **argv)
{
	struct fuzz_cmd *fc = cli_xcalloc(1, sizeof(*fc));
	struct cli_opts *op = &fc->op;
	bool afl;
	int rc;

	op->jobs = 1;
	if (!cli_parse(&fuzz_cmd, argc, argv, op)) {
		rc = op->rc;
		goto out;
	}
	cli_paths_find(&fc->paths);
	if ((rc = check_options(op)) != 0 || (rc = make_target(fc)) != 0)
		goto out;
	if (op->make_seeds != NULL) {
		rc = make_seeds_only(fc, op->make_seeds);
		goto out;
	}
	if (op->engine == NULL || op->time == 0) {
		fprintf(stderr, "uvmcheck fuzz: --engine libfuzzer|afl and "
		    "--time SECONDS are required\nusage: %s", usage);
		rc = EXIT_USAGE;
		goto out;
	}
	afl = strcmp(op->engine, "afl") == 0;
	if ((rc = cli_path(fc->bin, sizeof(fc->bin), "the harness",
	    "%s/fuzz-%s-%s", fc->paths.fuzz_dir, op->generate ? "gen" : "sched",
	    afl ? "afl" : "libfuzzer")) != 0)
		goto out;
	if (access(fc->bin, X_OK) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: not built: this uvmcheck "
		    "was configured without the fuzz harnesses (./run.sh "
		    "builds them: clang, meson -Dfuzz=true%s)\n", fc->bin,
		    afl ? ", afl++ installed" : "");
		rc = EXIT_USAGE;
		goto out;
	}
	if (op->seed == 0)
		op->seed = fresh_seed();
	fc->fs.o = (struct fuzz_session_opts){ .engine = op->engine,
	    .generate = op->generate, .harness = fc->bin,
	    .root = fc->paths.root, .fuzz_dir = fc->paths.fuzz_dir,
	    .target = fc->ttext, .target_len = fc->tlen,
	    .workdir = op->workdir, .sync = op->sync, .name = op->name,
	    .jobs = (int)op->jobs, .seed = op->seed, .seconds = op->time };
	fc->fs.c.mode = fc->t.mode;
	fc->fs.c.minimize = !op->no_minimize;
	fc->fs.c.quiet = op->json;
	fc->fs.c.outdir = op->out != NULL ? op->out : DEFAULT_OUT;
	rc = run_campaign(fc);
out:
	fuzz_session_close(&fc->fs);
	free(fc);
	return rc;
}
