/*
 * main.c: uvmcheck, a deterministic model checker of NetBSD's UVM.
 *
 *	uvmcheck list invariants|bugs|profiles|knobs|scenarios
 *	uvmcheck run SCENARIO --schedule "a1 a1 t1/f1" [--save FILE]
 *	uvmcheck replay FILE.sched
 *	uvmcheck check SCENARIO [--depth N] [--save FILE] [--json]
 *	uvmcheck matrix [--dir DIR] [--json]
 *	uvmcheck gate [--junit FILE] [--time-budget S]
 *	uvmcheck report [--db FILE] [--html OUT] | merge A.db ... -o OUT.db
 *	uvmcheck triage FILE.sched|DIR [--json]
 *
 * Every command takes --profile NAME and --bug KNOB=VALUE.  Exit codes:
 * 0 clean, 1 an invariant violated, 2 bad input or usage, 3 internal.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct cmd_entry {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd_entry cmds[] = {
	{ "list", cmd_list,
	    "list invariants, bugs, profiles, knobs or scenarios" },
	{ "run", cmd_run, "run one schedule of a scenario and print its trace" },
	{ "replay", cmd_replay,
	    "replay a .sched file, reporting divergence from its recording" },
	{ "check", cmd_check,
	    "explore every schedule of a scenario up to its depth bound" },
	{ "matrix", cmd_matrix,
	    "check every seed scenario under every profile: the history matrix" },
	{ "fuzz", cmd_fuzz,
	    "a libFuzzer or AFL++ campaign; findings as .sched in the corpus" },
	{ "gate", cmd_gate,
	    "CI gate: every expectation of the library and every corpus verdict" },
	{ "report", cmd_report,
	    "campaigns and findings of the SQLite store: tables, HTML, merge" },
	{ "minimize", cmd_minimize,
	    "make a .sched counterexample small, keeping its finding" },
	{ "triage", cmd_triage,
	    "name the catalogued bug whose fix removes a finding (.sched)" },
	{ "soak", cmd_soak,
	    "sweep generated scenarios by random walks: all clean (the gate's soak)" },
};

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage: uvmcheck COMMAND [ARGS] [--profile NAME] [--bug KNOB=VALUE]...\n"
	    "\n"
	    "uvmcheck is a deterministic model checker of NetBSD's UVM: it runs\n"
	    "kernel operations as threads, interleaves their steps and checks\n"
	    "UVM's invariants after every step.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(out, "  %-8s %s\n", cmds[i].name, cmds[i].summary);
	fprintf(out,
	    "\n'uvmcheck COMMAND --help' describes a command.\n"
	    "exit codes: 0 clean, 1 invariant violated, 2 bad input or usage, "
	    "3 internal error\n");
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_CLEAN;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("uvmcheck 0.1.0 (schedule format %d)\n", SCHED_FORMAT_VERSION);
		return EXIT_CLEAN;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "uvmcheck: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
