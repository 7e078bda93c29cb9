/*
 * cmd_soak.c: uvmcheck soak [--profile P] [--seed N] [--start I] [--scenarios N]
 *             [--walks N] [--save FILE.sched] [--list] [--json]
 *
 * The deterministic soak (fuzz/soak.h): generated scenarios, each walked
 * at random to its depth bound, which must all be clean under the
 * profile (default fixed).  The gate runs it with the defaults.  A
 * failure prints the first failing scenario's index, text and
 * counterexample (and saves it as a .sched with --save).  Exit 0 clean,
 * 1 a violation or deadlock, 2 bad usage.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "fuzz/soak.h"

static const char usage[] =
    "uvmcheck soak [--profile P] [--seed N] [--start I] [--scenarios N]\n"
    "              [--walks N]\n"
    "              [--save FILE.sched] [--list] [--json]\n"
    "  generated scenarios (fuzz/gen.c), each explored by N random walks\n"
    "  to its depth bound; all must be clean under P (default fixed).\n"
    "  --start I: begin at scenario I (to re-run a failing one alone)\n"
    "  --list: a line for every failing scenario, not only the first\n"
    "  defaults: --seed 24301 --scenarios 3000 --walks 32\n";

/* --list: one line per failing scenario */
static void
list_fail(void *arg, int i, const struct scenario *s,
    const struct dfs_result *r)
{
	(void)arg;
	(void)s;
	printf("soak: scenario %d: %s (%d steps)\n", i,
	    run_verdict_label(r->verdict, r->inv), r->sched.n);
}

static const struct cli_accept soak_accepts[] = {
	{ CLI_O_PROFILE, 0, 0 }, { CLI_O_SEED, 0, 0 },
	{ CLI_O_SCENARIOS, 0, 0 }, { CLI_O_START, 0, 0 },
	{ CLI_O_WALKS, 1, 1000000 }, { CLI_O_SAVE, 0, 0 },
	{ CLI_O_JSON, 0, 0 }, { CLI_O_LIST, 0, 0 }, { CLI_O_HELP, 0, 0 },
	{ 0, 0, 0 },
};
static const struct cli_command soak_cmd = { "soak", usage,
    soak_accepts, true };

int
cmd_soak(int argc, char **argv)
{
	struct cli_opts op;
	struct soak_opts o = { NULL, SOAK_DEFAULT_SEED, 0,
	    SOAK_DEFAULT_SCENARIOS, SOAK_DEFAULT_WALKS, NULL, NULL };
	struct soak_result res;
	const char *save;
	bool json;
	double t0;
	int rc;

	memset(&res, 0, sizeof(res));
	memset(&op, 0, sizeof(op));
	op.seed = o.seed;
	op.scenarios = (unsigned long long)o.scenarios;
	op.walks = o.walks;
	if (!cli_parse(&soak_cmd, argc, argv, &op))
		return op.rc;
	o.profile = op.cfg.profile;
	o.seed = op.seed;
	o.scenarios = (int)op.scenarios;
	o.start = (int)op.start;
	o.walks = op.walks;
	if (op.list)
		o.on_fail = list_fail;
	save = op.save;
	json = op.json;
	res.first_scen = cli_xcalloc(1, sizeof(*res.first_scen));
	t0 = clock_monotonic();
	if (fuzz_soak(&o, &res) != 0) {
		fprintf(stderr, "uvmcheck soak: out of memory\n");
		free(res.first_scen);
		return EXIT_INTERNAL;
	}
	res.seconds = clock_monotonic() - t0;
	rc = res.failed == 0 ? EXIT_CLEAN : EXIT_VIOLATION;
	if (res.failed > 0) {
		struct scenario *s = res.first_scen;
		struct run_result *rr = cli_xcalloc(1, sizeof(*rr));
		size_t tl = (size_t)SCHED_MAX_STEPS * (NAME_MAX_LEN + 8);
		char *st = cli_xcalloc(1, tl);

		schedule_format(&s->model, &res.first_res.sched, st, tl);
		if (!json)
			printf("soak: scenario %d of seed %" PRIu64 " fails under "
			    "%s: %s\n%scounterexample (%d steps): %s\n",
			    res.first, o.seed, o.profile ? o.profile : "fixed",
			    run_verdict_label(res.first_res.verdict,
			    res.first_res.inv), s->text, res.first_res.sched.n,
			    st);
		if (save != NULL &&
		    (run_schedule(&s->model, &res.first_res.sched, rr, NULL,
		    NULL) != 0 || cli_save_sched("soak", save, s, o.profile ?
		    o.profile : "fixed", NULL, NULL, &res.first_res.sched,
		    rr) != 0))
			rc = EXIT_USAGE;
		free(st);
		free(rr);
	}
	if (json)
		printf("{\"seed\":%" PRIu64 ",\"scenarios\":%d,\"walks\":%" PRIu64
		    ",\"states\":%" PRIu64 ",\"failed\":%d,\"first\":%d,"
		    "\"seconds\":%.3f}\n", o.seed, res.scenarios, o.walks,
		    res.states, res.failed, res.first, res.seconds);
	else
		printf("soak: %d scenarios x %" PRIu64 " walks, %" PRIu64
		    " states, %d failing, %.1f s\n", res.scenarios, o.walks,
		    res.states, res.failed, res.seconds);
	free(res.first_scen);
	return rc;
}
