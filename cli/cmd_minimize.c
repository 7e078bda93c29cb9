/*
 * cmd_minimize.c: uvmcheck minimize FILE.sched [-o OUT.sched] [--depth N]
 *
 * Makes a saved counterexample small while it keeps its finding (the
 * same invariant violated, the deadlock, the non-progress cycle): fewest
 * steps first, then fewest preemptions, then delta debugging over the
 * choice list (explore/minimize.h).  The scenario and configuration come
 * from the file.  Writes OUT (default: FILE itself, atomically) and
 * prints the schedule before and after.  Exit 0 when minimized, 2 when
 * the file is malformed, does not run or replays clean.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "explore/minimize.h"

static const char usage[] =
    "uvmcheck minimize FILE.sched [-o OUT.sched] [--depth N]\n"
    "  -o: where to write the result (default: FILE.sched itself)\n"
    "  --depth: bound of the shortest-schedule search (default: the "
    "scenario's)\n";

static const struct cli_accept minimize_accepts[] = {
	{ CLI_O_OUTPUT, 0, 0 }, { CLI_O_DEPTH, 0, 0 }, { CLI_O_HELP, 0, 0 },
	{ 0, 0, 0 },
};
static const struct cli_command minimize_cmd = { "minimize", usage,
    minimize_accepts };

int
cmd_minimize(int argc, char **argv)
{
	struct cli_opts op;
	struct sched_file *sf;
	struct scenario *s;
	struct min_result *mr;
	struct run_result *res;
	struct sched_error err;
	const char *path, *out;
	unsigned depth;
	char *text;
	size_t tlen = (size_t)SCHED_MAX_STEPS * (NAME_MAX_LEN + 8);
	int rc;

	memset(&op, 0, sizeof(op));
	if (!cli_parse(&minimize_cmd, argc, argv, &op))
		return op.rc;
	out = op.output;
	depth = (unsigned)op.depth;
	if (op.nargs != 1) {
		fprintf(stderr, "uvmcheck minimize: expected one FILE.sched\n"
		    "usage: %s", usage);
		return EXIT_USAGE;
	}
	path = op.args[0];
	if (out == NULL)
		out = path;
	/* an output path that cannot be written is refused before the work */
	if ((rc = cli_output_ok("minimize", "-o", out)) != 0)
		return rc;
	sf = cli_xcalloc(1, sizeof(*sf));
	s = cli_xcalloc(1, sizeof(*s));
	mr = cli_xcalloc(1, sizeof(*mr));
	res = cli_xcalloc(1, sizeof(*res));
	text = cli_xcalloc(1, tlen);
	if (sched_file_load(path, sf, s, &err) != 0) {
		sched_error_print(&err, stderr);
		rc = EXIT_USAGE;
		goto done;
	}
	if (depth == 0)
		depth = s->bound_depth != 0 ? s->bound_depth : DFS_DEFAULT_DEPTH;
	if (explore_minimize(&s->model, &sf->sched, (int)depth, mr) != 0) {
		fprintf(stderr, "%s: error: the schedule does not run or replays "
		    "clean: nothing to minimize\n", path);
		rc = EXIT_USAGE;
		goto done;
	}
	schedule_format(&s->model, &sf->sched, text, tlen);
	printf("minimize %s: scenario %s\n  before: %d steps, %d preemptions: "
	    "%s\n", path, sf->scenario_name, mr->steps0, mr->preempt0, text);
	schedule_format(&s->model, &mr->sched, text, tlen);
	printf("  after:  %d steps, %d preemptions: %s\n", mr->steps,
	    mr->preempt, text);
	printf("  (%llu search states, %llu delta-debugging runs)\n",
	    (unsigned long long)mr->states, (unsigned long long)mr->runs);
	if (run_schedule(&s->model, &mr->sched, res, NULL, NULL) != 0) {
		fprintf(stderr, "uvmcheck minimize: internal error: the result "
		    "does not run\n");
		rc = EXIT_INTERNAL;
		goto done;
	}
	if ((rc = cli_save_sched("minimize", out, s, sf->profile[0] != '\0' ?
	    sf->profile : NULL, &sf->overrides, sf->override_mask, &mr->sched,
	    res)) != 0)
		goto done;
	printf("saved: %s\n", out);
	rc = EXIT_CLEAN;
done:
	sched_file_free(sf);
	free(text);
	free(res);
	free(mr);
	free(s);
	free(sf);
	return rc;
}
