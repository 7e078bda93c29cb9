/*
 * options.c: the one table of uvmcheck's options and the one function
 * that reads them (cli/options.h).
 *
 * A short letter belongs to one option and means it in every command
 * that takes the option; a command that does not take it refuses the
 * letter as unknown.  The letters: -h --help, -p --profile, -b --bug,
 * -d --depth, -m --max-states, -j --json, -q --quiet, -o --output,
 * -s --seed, -D --db (uvmcheck(1) lists them).  getopt_long(3) does the
 * scanning: options and arguments may come in any order, and a long
 * name may be shortened to a prefix that is unique.
 */
#include "cli/options.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"
#include "explore/shard.h"

enum cli_arg {
	ARG_NONE,	/* a flag: the bool at off set */
	ARG_STRING,	/* the const char * at off */
	ARG_NUMBER,	/* the unsigned long long at off, in [min, max] */
	ARG_SECONDS,	/* the double at off, 0 < s <= max */
	ARG_SIZE,	/* the size_t at off: SIZE[K|M|G|T], 16M .. 1T */
	ARG_STRATEGY,	/* the int at off: an explore_strategy by name */
	ARG_SHARD,	/* shard_k, shard_n: K/N */
	ARG_PROFILE,	/* cfg.profile: a profile's name */
	ARG_BUG,	/* cfg: KNOB=VALUE, repeatable */
};

struct cli_option {
	const char *name;
	char letter;		/* 0: none */
	enum cli_arg arg;
	size_t off;
	unsigned long long min, max;
	const char *argname;
	const char *help;
};

#define F(field)	offsetof(struct cli_opts, field)

static const struct cli_option table[CLI_NOPTS] = {
	[CLI_O_HELP] = { "help", 'h', ARG_NONE, 0, 0, 0, NULL,
	    "this text" },
	[CLI_O_PROFILE] = { "profile", 'p', ARG_PROFILE, 0, 0, 0, "NAME",
	    "the era to run under (uvmcheck list profiles)" },
	[CLI_O_BUG] = { "bug", 'b', ARG_BUG, 0, 0, 0, "KNOB=VALUE",
	    "set one knob over the profile (repeatable)" },
	[CLI_O_DEPTH] = { "depth", 'd', ARG_NUMBER, F(depth), 1,
	    SCHED_MAX_STEPS, "N", "bound on a schedule's length" },
	[CLI_O_MAX_STATES] = { "max-states", 'm', ARG_NUMBER, F(max_states),
	    0, UINT64_MAX, "N", "stop a search after N states" },
	[CLI_O_JSON] = { "json", 'j', ARG_NONE, F(json), 0, 0, NULL,
	    "the result as JSON" },
	[CLI_O_QUIET] = { "quiet", 'q', ARG_NONE, F(quiet), 0, 0, NULL,
	    "less output" },
	[CLI_O_OUTPUT] = { "output", 'o', ARG_STRING, F(output), 0, 0, "FILE",
	    "where the result is written" },
	[CLI_O_SEED] = { "seed", 's', ARG_NUMBER, F(seed), 0, UINT64_MAX, "N",
	    "the seed of the pseudo-random choices" },
	[CLI_O_DB] = { "db", 'D', ARG_STRING, F(db), 0, 0, "FILE",
	    "the SQLite store of campaigns and findings" },
	[CLI_O_SAVE] = { "save", 0, ARG_STRING, F(save), 0, 0, "FILE",
	    "write the counterexample as a .sched" },
	[CLI_O_TRACE] = { "trace", 0, ARG_NONE, F(trace), 0, 0, NULL,
	    "print the counterexample's trace" },
	[CLI_O_FOLLOW] = { "follow", 0, ARG_NONE, F(follow), 0, 0, NULL,
	    "continue a warning to the damage it leads to" },
	[CLI_O_STRATEGY] = { "strategy", 0, ARG_STRATEGY, F(strategy), 0, 0,
	    "NAME", "the explorer: dfs bfs icb random pct stateless" },
	[CLI_O_PREEMPTIONS] = { "preemptions", 0, ARG_NUMBER, F(preemptions),
	    0, 64, "K", "icb: the preemption bound" },
	[CLI_O_WALKS] = { "walks", 0, ARG_NUMBER, F(walks), 1, UINT64_MAX,
	    "N", "random walks" },
	[CLI_O_TIME] = { "time", 0, ARG_SECONDS, F(time), 0, 100000000,
	    "SECONDS", "wall time (fractions allowed)" },
	[CLI_O_SHARD] = { "shard", 0, ARG_SHARD, 0, 0, 0, "K/N",
	    "explore shard K of N" },
	[CLI_O_JOBS] = { "jobs", 0, ARG_NUMBER, F(jobs), 1, 1024, "N",
	    "N threads, processes or engine instances" },
	[CLI_O_NO_REDUCTION] = { "no-reduction", 0, ARG_NONE,
	    F(no_reduction), 0, 0, NULL, "no sleep sets" },
	[CLI_O_SYMMETRY] = { "symmetry", 0, ARG_NONE, F(symmetry), 0, 0, NULL,
	    "store states up to renaming interchangeable threads" },
	[CLI_O_LIVENESS] = { "liveness", 0, ARG_NONE, F(liveness), 0, 0, NULL,
	    "also search for non-progress cycles" },
	[CLI_O_NO_MINIMIZE] = { "no-minimize", 0, ARG_NONE, F(no_minimize),
	    0, 0, NULL, "keep a counterexample as found" },
	[CLI_O_MEMORY] = { "memory", 0, ARG_SIZE, F(memory), 0, 0, "SIZE",
	    "memory bound of the state table (K, M, G, T)" },
	[CLI_O_BITSTATE] = { "bitstate", 0, ARG_NONE, F(bitstate), 0, 0, NULL,
	    "bits of a bit array instead of a state table" },
	[CLI_O_MPI] = { "mpi", 0, ARG_NONE, F(mpi), 0, 0, NULL,
	    "one breadth-first search over the MPI ranks (mpirun)" },
	[CLI_O_SCHEDULE] = { "schedule", 0, ARG_STRING, F(schedule), 0, 0,
	    "STEPS", "the schedule to run (\"a1 a1 t1/f1\")" },
	[CLI_O_DIR] = { "dir", 0, ARG_STRING, F(dir), 0, 0, "DIR",
	    "the scenarios to use" },
	[CLI_O_ROOT] = { "root", 0, ARG_STRING, F(root), 0, 0, "DIR",
	    "the tree holding scenarios/ and corpus/" },
	[CLI_O_JUNIT] = { "junit", 0, ARG_STRING, F(junit), 0, 0, "FILE",
	    "a JUnit XML report" },
	[CLI_O_TIME_BUDGET] = { "time-budget", 0, ARG_SECONDS, F(time_budget),
	    0, 1000000000, "SECONDS", "skip what would exceed it" },
	[CLI_O_BUDGET_FAILS] = { "budget-fails", 0, ARG_NONE, F(budget_fails),
	    0, 0, NULL, "a skip for the budget fails" },
	[CLI_O_PARTIAL] = { "partial", 0, ARG_NONE, F(partial), 0, 0, NULL,
	    "a filtered gate is not a failure" },
	[CLI_O_UPDATE_MATRIX] = { "update-matrix", 0, ARG_NONE,
	    F(update_matrix), 0, 0, NULL, "rewrite the golden matrix" },
	[CLI_O_HTML] = { "html", 0, ARG_STRING, F(html), 0, 0, "FILE",
	    "an HTML report" },
	[CLI_O_SCHED] = { "sched", 0, ARG_STRING, F(sched), 0, 0, "SIG",
	    "print a stored finding's .sched" },
	[CLI_O_SCENARIOS] = { "scenarios", 0, ARG_NUMBER, F(scenarios), 1,
	    1000000, "N", "how many generated scenarios" },
	[CLI_O_START] = { "start", 0, ARG_NUMBER, F(start), 0, 1000000, "I",
	    "begin at generated scenario I" },
	[CLI_O_LIST] = { "list", 0, ARG_NONE, F(list), 0, 0, NULL,
	    "a line for every failure" },
	[CLI_O_GENERATE] = { "generate", 0, ARG_NONE, F(generate), 0, 0, NULL,
	    "generated scenarios too" },
	[CLI_O_ENGINE] = { "engine", 0, ARG_STRING, F(engine), 0, 0, "NAME",
	    "libfuzzer or afl" },
	[CLI_O_OUT] = { "out", 0, ARG_STRING, F(out), 0, 0, "DIR",
	    "where findings go" },
	[CLI_O_CORPUS] = { "corpus", 0, ARG_STRING, F(out), 0, 0, "DIR",
	    "the same as --out" },
	[CLI_O_MAKE_SEEDS] = { "make-seeds", 0, ARG_STRING, F(make_seeds), 0,
	    0, "DIR", "write the seed inputs and stop" },
	[CLI_O_OPS] = { "ops", 0, ARG_STRING, F(ops), 0, 0, "OP,...",
	    "the operations the generator makes" },
	[CLI_O_LIKE] = { "like", 0, ARG_STRING, F(like), 0, 0, "PATH.scn",
	    "generate around this scenario" },
	[CLI_O_PAGES] = { "pages", 0, ARG_NUMBER, F(pages), 4, 16, "N",
	    "the generator's pages" },
	[CLI_O_PROCS] = { "procs", 0, ARG_NUMBER, F(procs), 1, 2, "N",
	    "the generator's processes" },
	[CLI_O_THREADS] = { "threads", 0, ARG_NUMBER, F(threads), 1, 3, "N",
	    "the generator's threads" },
	[CLI_O_WORKDIR] = { "workdir", 0, ARG_STRING, F(workdir), 0, 0, "DIR",
	    "keep (and resume) the engines' queue there" },
	[CLI_O_SYNC] = { "sync", 0, ARG_STRING, F(sync), 0, 0, "DIR",
	    "AFL++: a campaign shared over machines" },
	[CLI_O_NAME] = { "name", 0, ARG_STRING, F(name), 0, 0, "NAME",
	    "this instance's name in --sync DIR" },
};

#undef F

/* SIZE[K|M|G|T][B] in bytes, 16 MiB .. 1 TiB: 0, or -1 */
static int
parse_size(const char *arg, size_t *out)
{
	unsigned long long v = 0, mul = 1;
	const char *p = arg;

	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9') {
		if (v > (1ull << 40))
			return -1;
		v = v * 10 + (unsigned long long)(*p++ - '0');
	}
	switch (*p) {
	case 'K': case 'k': mul = 1ull << 10; p++; break;
	case 'M': case 'm': mul = 1ull << 20; p++; break;
	case 'G': case 'g': mul = 1ull << 30; p++; break;
	case 'T': case 't': mul = 1ull << 40; p++; break;
	}
	if (*p == 'B' || *p == 'b')
		p++;
	if (*p != '\0' || v > (1ull << 40) / mul || v * mul < (16ull << 20) ||
	    v * mul > (1ull << 40))
		return -1;
	*out = (size_t)(v * mul);
	return 0;
}

/* seconds: digits and a point, > 0 and <= max: 0, or -1 */
static int
parse_seconds(const char *arg, unsigned long long max, double *out)
{
	char *end;
	double v;

	if (arg[0] < '0' || arg[0] > '9' ||
	    arg[strspn(arg, "0123456789.")] != '\0')
		return -1;
	errno = 0;
	v = strtod(arg, &end);
	if (*end != '\0' || errno != 0 || !(v > 0) || v > (double)max)
		return -1;
	*out = v;
	return 0;
}

/* an unknown option or a missing argument: message and EXIT_USAGE */
static int
bad_option(const char *cmd, char **argv, int opt, const char *usage)
{
	if (opt == ':')
		fprintf(stderr, "uvmcheck %s: option '%s' needs an argument\n",
		    cmd, argv[optind - 1]);
	else if (optopt != 0)
		fprintf(stderr, "uvmcheck %s: unknown option '-%c'\n", cmd,
		    optopt);
	else
		fprintf(stderr, "uvmcheck %s: unknown option '%s'\n", cmd,
		    argv[optind - 1]);
	fprintf(stderr, "usage: %s", usage);
	return EXIT_USAGE;
}

/* one option's argument into o: 0, or EXIT_USAGE after the message */
static int
take(const char *cmd, const struct cli_option *op,
    const struct cli_accept *acc, const char *arg, struct cli_opts *o)
{
	unsigned long long min = op->min, max = op->max;
	char opt[40];
	char *field = (char *)o + op->off;
	const char *why;
	int k, n;

	if (acc->min != 0 || acc->max != 0) {
		min = acc->min;
		max = acc->max;
	}
	snprintf(opt, sizeof(opt), "--%s", op->name);
	switch (op->arg) {
	case ARG_NONE:
		*(bool *)(void *)field = true;
		return 0;
	case ARG_STRING:
		*(const char **)(void *)field = arg;
		return 0;
	case ARG_NUMBER:
		return cli_number(cmd, opt, arg, min, max,
		    (unsigned long long *)(void *)field);
	case ARG_SECONDS:
		if (parse_seconds(arg, max, (double *)(void *)field) == 0)
			return 0;
		fprintf(stderr, "uvmcheck %s: %s: expected seconds > 0 and <= "
		    "%llu (fractions allowed, e.g. 20 or 2.5), got '%s'\n", cmd,
		    opt, max, arg);
		return EXIT_USAGE;
	case ARG_SIZE:
		if (parse_size(arg, (size_t *)(void *)field) == 0)
			return 0;
		fprintf(stderr, "uvmcheck %s: %s: expected a size from 16M to "
		    "1T (bytes, or with K, M, G, T), got '%s'\n", cmd, opt,
		    arg);
		return EXIT_USAGE;
	case ARG_STRATEGY:
		if ((k = strategy_parse(arg)) >= 0) {
			*(int *)(void *)field = k;
			return 0;
		}
		fprintf(stderr, "uvmcheck %s: unknown strategy '%s' (dfs, bfs, "
		    "icb, random, pct, stateless)\n", cmd, arg);
		return EXIT_USAGE;
	case ARG_SHARD:
		if (shard_parse(arg, &k, &n, &why) == 0) {
			o->shard_k = k;
			o->shard_n = n;
			return 0;
		}
		fprintf(stderr, "uvmcheck %s: --shard wants K/N with 0 <= K < "
		    "N <= %d, not '%s': %s\n", cmd, SHARD_MAX, arg, why);
		return EXIT_USAGE;
	case ARG_PROFILE:
		return cli_set_profile(&o->cfg, cmd, arg);
	case ARG_BUG:
		return cli_add_bug(&o->cfg, cmd, arg);
	}
	return EXIT_USAGE;
}

/* --help: the command's usage, then its options from the table */
static void
help(const struct cli_command *cmd)
{
	printf("usage: %s\noptions:\n", cmd->usage);
	for (const struct cli_accept *a = cmd->opts; a->opt != 0; a++) {
		const struct cli_option *op = &table[a->opt];
		char left[64];

		if (op->letter != 0)
			snprintf(left, sizeof(left), "-%c, --%s%s%s",
			    op->letter, op->name,
			    op->argname != NULL ? " " : "",
			    op->argname != NULL ? op->argname : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", op->name,
			    op->argname != NULL ? " " : "",
			    op->argname != NULL ? op->argname : "");
		printf("  %-26s %s\n", left, op->help);
	}
}

bool
cli_parse(const struct cli_command *cmd, int argc, char **argv,
    struct cli_opts *o)
{
	struct option lopts[CLI_NOPTS + 1];
	const struct cli_accept *accs[CLI_NOPTS];
	char shorts[2 * CLI_NOPTS + 2];
	size_t ns = 0;
	int n = 0, ch, idx;

	memset(&o->cfg, 0, sizeof(o->cfg));
	memset(o->given, 0, sizeof(o->given));
	shorts[ns++] = ':';
	for (const struct cli_accept *a = cmd->opts; a->opt != 0; a++) {
		const struct cli_option *op = &table[a->opt];

		lopts[n].name = op->name;
		lopts[n].has_arg = op->arg == ARG_NONE ? no_argument :
		    required_argument;
		lopts[n].flag = NULL;
		lopts[n].val = 256 + (int)a->opt;
		accs[a->opt] = a;
		n++;
		if (op->letter != 0) {
			shorts[ns++] = op->letter;
			if (op->arg != ARG_NONE)
				shorts[ns++] = ':';
		}
	}
	memset(&lopts[n], 0, sizeof(lopts[n]));
	shorts[ns] = '\0';

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, shorts, lopts, &idx)) != -1) {
		enum cli_opt id = 0;

		if (ch >= 256 && ch < 256 + CLI_NOPTS)
			id = (enum cli_opt)(ch - 256);
		else
			for (int i = 1; i < CLI_NOPTS && ch < 256; i++)
				if (ch > 0 && table[i].letter == ch)
					id = (enum cli_opt)i;
		if (id == 0) {
			o->rc = bad_option(cmd->name, argv, ch, cmd->usage);
			return false;
		}
		if (id == CLI_O_HELP) {
			help(cmd);
			o->rc = EXIT_CLEAN;
			return false;
		}
		o->given[id] = true;
		if ((o->rc = take(cmd->name, &table[id], accs[id], optarg,
		    o)) != 0)
			return false;
	}
	if (cmd->no_args && optind < argc) {
		fprintf(stderr, "uvmcheck %s: unexpected argument '%s'\n"
		    "usage: %s", cmd->name, argv[optind], cmd->usage);
		o->rc = EXIT_USAGE;
		return false;
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	o->rc = 0;
	return true;
}

void
cli_check_opts(const struct cli_opts *op, struct check_opts *co)
{
	memset(co, 0, sizeof(*co));
	co->depth = (unsigned)op->depth;
	co->max_states = op->max_states;
	co->strategy = (enum explore_strategy)op->strategy;
	co->no_reduction = op->no_reduction;
	co->symmetry = op->symmetry;
	co->preemptions = (int)op->preemptions;
	co->seed = op->seed;
	co->seed_set = op->given[CLI_O_SEED];
	co->walks = op->walks;
	co->time_limit = op->time;
	co->shard_k = op->shard_k;
	co->shard_n = op->shard_n;
	co->jobs = (int)op->jobs;
	co->max_memory = op->memory;
	co->bitstate = op->bitstate;
	co->mpi = op->mpi;
	co->liveness = op->liveness;
	co->no_minimize = op->no_minimize;
}
