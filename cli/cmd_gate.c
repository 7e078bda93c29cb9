/*
 * cmd_gate.c: uvmcheck gate: the CI gate (docs/design.md §10).
 *
 * Reads the options and runs the gate of reports/gate.h (which says
 * what it checks) over --root, by default the directory holding the
 * scenario library (cli/paths.c).  --junit FILE is checked before the
 * gate runs (a path that cannot be written is exit 2, nothing run) and
 * written atomically at the end; a failure to write it is exit 3.
 * --update-matrix rewrites scenarios/matrix.golden instead, and takes
 * only --root, --depth and --max-states.
 *
 * One line per check, PASS or FAIL, then "N passed, N failed" alone on
 * the last line.  Exit 0 only when nothing failed.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/gate.h"

_Static_assert(GATE_PASSED == EXIT_CLEAN && GATE_FAILED == EXIT_VIOLATION &&
    GATE_USAGE == EXIT_USAGE && GATE_INTERNAL == EXIT_INTERNAL,
    "the gate's status is the command's exit code");

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

static const struct cli_accept gate_accepts[] = {
	{ CLI_O_ROOT, 0, 0 }, { CLI_O_JUNIT, 0, 0 }, { CLI_O_DEPTH, 0, 0 },
	{ CLI_O_MAX_STATES, 0, 0 }, { CLI_O_PROFILE, 0, 0 },
	{ CLI_O_BUG, 0, 0 },
	{ CLI_O_TIME_BUDGET, 0, 0 }, { CLI_O_BUDGET_FAILS, 0, 0 },
	{ CLI_O_PARTIAL, 0, 0 }, { CLI_O_UPDATE_MATRIX, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command gate_cmd = { "gate", usage,
    gate_accepts, true };

int
cmd_gate(int argc, char **argv)
{
	struct cli_opts op;
	struct cli_paths paths;
	struct gate_opts go;
	struct gate *g;
	int rc;

	memset(&op, 0, sizeof(op));
	op.max_states = CLI_DEFAULT_MAX_STATES;
	if (!cli_parse(&gate_cmd, argc, argv, &op))
		return op.rc;
	memset(&go, 0, sizeof(go));
	go.root = op.root;
	if (go.root == NULL) {
		cli_paths_find(&paths);
		go.root = paths.root;
	}
	go.profile = op.cfg.profile;
	go.overrides = op.cfg.overrides;
	memcpy(go.mask, op.cfg.mask, sizeof(go.mask));
	go.nbugs = op.cfg.nbugs;
	cli_check_opts(&op, &go.check);
	go.budget = op.time_budget;
	go.budget_fails = op.budget_fails;
	go.partial = op.partial;

	g = cli_xcalloc(1, sizeof(*g));
	if ((rc = gate_open(g, &go)) != GATE_PASSED)
		goto out;
	if (op.update_matrix && (op.junit != NULL || op.partial ||
	    op.time_budget > 0 || g->filtered)) {
		fprintf(stderr, "uvmcheck gate: --update-matrix takes only "
		    "--root, --depth and --max-states\nusage: %s", usage);
		rc = EXIT_USAGE;
	} else if (op.junit != NULL &&
	    (rc = cli_output_ok("gate", "--junit", op.junit)) != 0)
		;
	else if (op.update_matrix)
		rc = gate_update_matrix(g);
	else {
		gate_run(g);
		rc = gate_finish(g, op.junit);
	}
out:
	gate_close(g);
	free(g);
	return rc;
}
