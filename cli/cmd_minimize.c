/*
 * cmd_minimize.c: uvmcheck minimize FILE.sched [-o OUT.sched] [--depth N]
 *
 * Makes a saved counterexample small while it keeps its finding (the
 * same invariant violated, the deadlock, the non-progress cycle): fewest
 * steps first, then fewest preemptions, then delta debugging over the
 * choice list (sched/minimize.h).  The scenario and configuration come
 * from the file.  Writes OUT (default: FILE itself, atomically) and
 * prints the schedule before and after.  Exit 0 when minimized, 2 when
 * the file is malformed, does not run or replays clean.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "sched/minimize.h"

static const char usage[] =
    "uvmcheck minimize FILE.sched [-o OUT.sched] [--depth N]\n"
    "  -o: where to write the result (default: FILE.sched itself)\n"
    "  --depth: bound of the shortest-schedule search (default: the "
    "scenario's)\n";

int
cmd_minimize(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "depth", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sched_file *sf;
	struct scenario *s;
	struct min_result *mr;
	struct run_result *res;
	struct sched_error err;
	const char *path, *out = NULL;
	unsigned long long num;
	unsigned depth = 0;
	char *text;
	size_t tlen = (size_t)SCHED_MAX_STEPS * (NAME_MAX_LEN + 8);
	int ch, rc;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":o:d:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case 'd':
			if ((rc = cli_number("minimize", "--depth", optarg, 1,
			    SCHED_MAX_STEPS, &num)) != 0)
				return rc;
			depth = (unsigned)num;
			break;
		case 'h':
			printf("usage: %s", usage);
			return EXIT_CLEAN;
		default:
			return cli_bad_option("minimize", argv, ch, usage);
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "uvmcheck minimize: expected one FILE.sched\n"
		    "usage: %s", usage);
		return EXIT_USAGE;
	}
	path = argv[optind];
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
		if (err.line > 0)
			fprintf(stderr, "%s:%d:%d: error: %s\n", err.file, err.line,
			    err.col, err.msg);
		else
			fprintf(stderr, "%s: error: %s\n", err.file, err.msg);
		rc = EXIT_USAGE;
		goto done;
	}
	if (depth == 0)
		depth = s->bound_depth != 0 ? s->bound_depth : DFS_DEFAULT_DEPTH;
	if (sched_minimize(&s->model, &sf->sched, (int)depth, mr) != 0) {
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
