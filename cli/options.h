/*
 * options.h: the options of every uvmcheck command, declared once.
 *
 * cli/options.c holds one table: each option's long name, its short
 * letter (if it has one: then the letter means the same in every
 * command), the kind of its argument, its default range and a line of
 * help.  A command says which options it takes (struct cli_command);
 * cli_parse() reads argv against that list into struct cli_opts, one
 * typed field per option, and prints the message for an unknown option,
 * a missing argument or an argument that is not valid (exit 2).
 */
#ifndef UVMCHECK_CLI_OPTIONS_H
#define UVMCHECK_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"

enum cli_opt {
	CLI_O_HELP = 1,
	CLI_O_PROFILE,
	CLI_O_BUG,
	CLI_O_DEPTH,
	CLI_O_MAX_STATES,
	CLI_O_JSON,
	CLI_O_QUIET,
	CLI_O_OUTPUT,
	CLI_O_SEED,
	CLI_O_DB,
	CLI_O_SAVE,
	CLI_O_TRACE,
	CLI_O_FOLLOW,
	CLI_O_STRATEGY,
	CLI_O_PREEMPTIONS,
	CLI_O_WALKS,
	CLI_O_TIME,
	CLI_O_SHARD,
	CLI_O_JOBS,
	CLI_O_NO_REDUCTION,
	CLI_O_SYMMETRY,
	CLI_O_LIVENESS,
	CLI_O_NO_MINIMIZE,
	CLI_O_MEMORY,
	CLI_O_BITSTATE,
	CLI_O_MPI,
	CLI_O_SCHEDULE,
	CLI_O_DIR,
	CLI_O_ROOT,
	CLI_O_JUNIT,
	CLI_O_TIME_BUDGET,
	CLI_O_BUDGET_FAILS,
	CLI_O_PARTIAL,
	CLI_O_UPDATE_MATRIX,
	CLI_O_HTML,
	CLI_O_SCHED,
	CLI_O_SCENARIOS,
	CLI_O_START,
	CLI_O_LIST,
	CLI_O_GENERATE,
	CLI_O_ENGINE,
	CLI_O_OUT,
	CLI_O_CORPUS,
	CLI_O_MAKE_SEEDS,
	CLI_O_OPS,
	CLI_O_LIKE,
	CLI_O_PAGES,
	CLI_O_PROCS,
	CLI_O_THREADS,
	CLI_O_WORKDIR,
	CLI_O_SYNC,
	CLI_O_NAME,
	CLI_NOPTS
};

/*
 * What cli_parse() read.  A field keeps its zero (or the command's
 * default, set before the call) unless its option was given; given[]
 * says which were.  The arguments that are not options: args[0..nargs).
 */
struct cli_opts {
	struct cli_config cfg;		/* --profile, --bug */
	bool given[CLI_NOPTS];
	int rc;				/* cli_parse false: the exit code */

	/* flags */
	bool json, quiet, trace, follow, no_reduction, liveness;
	bool symmetry;
	bool no_minimize, bitstate, budget_fails, partial, update_matrix;
	bool mpi;
	bool list, generate;
	/* numbers, within the range the command gives (or the table's) */
	unsigned long long depth, max_states, seed, preemptions, walks, jobs;
	unsigned long long scenarios, start, pages, procs, threads;
	/* seconds > 0, fractions allowed */
	double time, time_budget;
	size_t memory;			/* --memory: bytes */
	int strategy;			/* enum explore_strategy */
	int shard_k, shard_n;		/* --shard K/N */
	/* strings */
	const char *output, *db, *save, *schedule, *dir, *root, *junit;
	const char *html, *sched, *engine, *out, *make_seeds, *ops, *like;
	const char *workdir, *sync, *name;

	int nargs;
	char **args;
};

/* an option a command takes; min == max == 0: the table's range */
struct cli_accept {
	enum cli_opt opt;
	unsigned long long min, max;
};

struct cli_command {
	const char *name;		/* "check", "report merge" */
	const char *usage;		/* printed by --help and after errors */
	const struct cli_accept *opts;	/* ends with { 0 } */
	bool no_args;			/* takes no word that is not an option */
};

/*
 * Read argv (argv[0] the command) into o.  true: go on with o; false:
 * stop and return o->rc -- EXIT_CLEAN after --help, EXIT_USAGE after
 * the message naming the option that is unknown, lacks its argument or
 * has an argument out of its range (or, for a command with no_args,
 * the first word that is not an option).  Fields set before the call are the
 * command's defaults; o->cfg is cleared.
 */
bool cli_parse(const struct cli_command *cmd, int argc, char **argv,
    struct cli_opts *o);

/*
 * The search options read (--depth, --max-states, --strategy ...) as the
 * check_opts of cli_check(); what the command does not take stays zero.
 */
void cli_check_opts(const struct cli_opts *op, struct check_opts *co);

#endif
