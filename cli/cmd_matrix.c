/*
 * cmd_matrix.c: uvmcheck matrix [--dir DIR] [--json]
 *
 * The history matrix (reports/matrix.h): every seed scenario checked
 * under every profile and under its bug's knob.  This file reads the
 * options and prints what matrix_build() computed.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/matrix.h"

static const char usage[] =
    "uvmcheck matrix [--dir DIR] [--json] [--depth N] [--max-states N]\n"
    "                [--profile NAME] [--bug KNOB=VALUE]...\n"
    "  DIR defaults to scenarios/seeds; --profile restricts the columns\n"
    "  --max-states: per search, default 2000000 (0 = no limit)\n";

static const struct cli_accept matrix_accepts[] = {
	{ CLI_O_DIR, 0, 0 }, { CLI_O_JSON, 0, 0 }, { CLI_O_DEPTH, 0, 0 },
	{ CLI_O_MAX_STATES, 0, 0 }, { CLI_O_PROFILE, 0, 0 },
	{ CLI_O_BUG, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command matrix_cmd = { "matrix", usage,
    matrix_accepts, true };

int
cmd_matrix(int argc, char **argv)
{
	struct cli_opts op;
	struct cli_paths paths;
	struct matrix_opts mo;
	struct matrix m;
	char defdir[1100], err[1400];
	int rc;

	memset(&op, 0, sizeof(op));
	op.max_states = CLI_DEFAULT_MAX_STATES;
	if (!cli_parse(&matrix_cmd, argc, argv, &op))
		return op.rc;
	memset(&mo, 0, sizeof(mo));
	mo.dir = op.dir;
	if (mo.dir == NULL) {
		cli_paths_find(&paths);
		cli_xpath(defdir, sizeof(defdir), "the library",
		    "%s/scenarios/%s", paths.root, SCN_LIBRARY_SEEDS);
		mo.dir = defdir;
	}
	mo.profile = op.cfg.profile;
	mo.overrides = &op.cfg.overrides;
	mo.mask = op.cfg.mask;
	cli_check_opts(&op, &mo.check);
	mo.progress = isatty(2);
	if ((rc = matrix_build(&mo, &m, err, sizeof(err))) != 0) {
		if (err[0] != '\0')
			fprintf(stderr, "uvmcheck%s: %s\n", rc == -1 ?
			    " matrix" : "", err);
		return rc == -1 ? EXIT_USAGE : EXIT_INTERNAL;
	}
	if (op.json)
		matrix_print_json(&m, stdout);
	else
		matrix_print_table(&m, stdout);
	rc = m.bad > 0 ? EXIT_USAGE : EXIT_CLEAN;
	matrix_free(&m);
	return rc;
}
