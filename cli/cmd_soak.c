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
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
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

int
cmd_soak(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "scenarios", required_argument, NULL, 'n' },
		{ "start", required_argument, NULL, 'f' },
		{ "walks", required_argument, NULL, 'w' },
		{ "save", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct soak_opts o = { NULL, SOAK_DEFAULT_SEED, 0,
	    SOAK_DEFAULT_SCENARIOS, SOAK_DEFAULT_WALKS, NULL, NULL };
	struct soak_result res;
	struct cli_config cfg;
	const char *save = NULL;
	unsigned long long num;
	bool json = false;
	double t0;
	int ch, rc;

	memset(&cfg, 0, sizeof(cfg));
	memset(&res, 0, sizeof(res));
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":p:s:n:f:w:S:jlh", opts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'p':
			if ((rc = cli_set_profile(&cfg, "soak", optarg)) != 0)
				return rc;
			o.profile = optarg;
			break;
		case 's':
			if ((rc = cli_number("soak", "--seed", optarg, 0,
			    UINT64_MAX, &num)) != 0)
				return rc;
			o.seed = num;
			break;
		case 'n':
			if ((rc = cli_number("soak", "--scenarios", optarg, 1,
			    1000000, &num)) != 0)
				return rc;
			o.scenarios = (int)num;
			break;
		case 'f':
			if ((rc = cli_number("soak", "--start", optarg, 0,
			    1000000, &num)) != 0)
				return rc;
			o.start = (int)num;
			break;
		case 'w':
			if ((rc = cli_number("soak", "--walks", optarg, 1,
			    1000000, &num)) != 0)
				return rc;
			o.walks = num;
			break;
		case 'S':
			save = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'l':
			o.on_fail = list_fail;
			break;
		case 'h':
			printf("usage: %s", usage);
			return EXIT_CLEAN;
		default:
			return cli_bad_option("soak", argv, ch, usage);
		}
	}
	if (optind != argc) {
		fprintf(stderr, "uvmcheck soak: unexpected argument '%s'\n"
		    "usage: %s", argv[optind], usage);
		return EXIT_USAGE;
	}
	res.first_scen = cli_xcalloc(1, sizeof(*res.first_scen));
	t0 = cli_now();
	if (fuzz_soak(&o, &res) != 0) {
		fprintf(stderr, "uvmcheck soak: out of memory\n");
		free(res.first_scen);
		return EXIT_INTERNAL;
	}
	res.seconds = cli_now() - t0;
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
