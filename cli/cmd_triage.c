/*
 * cmd_triage.c: uvmcheck triage FILE.sched|DIR [--json] [--max-states N]
 *
 * Names the catalogued bug(s) whose fix removes a finding, or says
 * `unexplained` when the fixed kernel still has it (explore/triage.h says
 * how: replay under the fixed kernel, every era, and single knobs turned
 * back or fixed, with a bounded re-check where the recorded choices no
 * longer lead to the finding).  A DIR is searched recursively for
 * *.sched files; a file whose recorded verdict is clean is skipped.
 *
 * Text: one line per finding, "FILE: ATTRIBUTION (INVARIANT)", then the
 * profiles that have it, the knobs whose fix removes it and the site of
 * the damage.  --json: one object per finding (an array for a DIR) with
 * file, attribution, bugs, invariant, profiles_failing, knobs_that_fix,
 * site, configs and bounded.  Exit 0 when every finding is attributed,
 * 1 when some is unexplained, 2 for bad input.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/report.h"
#include "explore/triage.h"
#include "corpus/sched_dir.h"

static const char usage[] =
    "uvmcheck triage FILE.sched|DIR [--json] [--max-states N]\n"
    "  which catalogued bug's fix removes the finding (or `unexplained`)\n"
    "  --max-states: per re-check under another configuration "
    "(default 20000)\n";

struct tstate {
	bool json, first;
	int files, unexplained, bad;
	struct triage_opts o;
	struct sched_file *sf;
	struct scenario *s;
	struct triage_result *t;
};

static void
triage_file(struct tstate *ts, const char *path)
{
	struct sched_error err;
	struct triage_result *t = ts->t;

	if (sched_file_load(path, ts->sf, ts->s, &err) != 0) {
		fprintf(stderr, "%s:%d:%d: error: %s\n", err.file, err.line,
		    err.col, err.msg);
		ts->bad++;
		return;
	}
	if (ts->sf->verdict == VERDICT_CLEAN) {
		sched_file_free(ts->sf);
		return;
	}
	ts->files++;
	if (triage_schedule(ts->s, &ts->sf->sched, &ts->o, t) != 0) {
		fprintf(stderr, "%s: error: the schedule does not replay to a "
		    "finding under its own configuration\n", path);
		ts->bad++;
		sched_file_free(ts->sf);
		return;
	}
	if (strcmp(t->attribution, "unexplained") == 0)
		ts->unexplained++;
	if (ts->json && !ts->first)
		printf(",\n");
	ts->first = false;
	report_triage(stdout, path, t, ts->json);
	sched_file_free(ts->sf);
}

/* sched_dir_walk's callback: arg is the struct tstate */
static void
triage_found(void *arg, const char *path)
{
	triage_file(arg, path);
}

static const struct cli_accept triage_accepts[] = {
	{ CLI_O_JSON, 0, 0 }, { CLI_O_MAX_STATES, 1, UINT64_MAX },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command triage_cmd = { "triage", usage,
    triage_accepts };

int
cmd_triage(int argc, char **argv)
{
	struct cli_opts op;
	struct tstate ts;
	struct stat st;
	int rc;

	memset(&ts, 0, sizeof(ts));
	ts.first = true;
	memset(&op, 0, sizeof(op));
	if (!cli_parse(&triage_cmd, argc, argv, &op))
		return op.rc;
	ts.json = op.json;
	ts.o.max_states = op.max_states;
	if (op.nargs != 1) {
		fprintf(stderr, "uvmcheck triage: expected one FILE.sched or "
		    "DIR\nusage: %s", usage);
		return EXIT_USAGE;
	}
	if (stat(op.args[0], &st) != 0) {
		fprintf(stderr, "uvmcheck triage: %s: no such file or "
		    "directory\n", op.args[0]);
		return EXIT_USAGE;
	}
	ts.sf = cli_xcalloc(1, sizeof(*ts.sf));
	ts.s = cli_xcalloc(1, sizeof(*ts.s));
	ts.t = cli_xcalloc(1, sizeof(*ts.t));
	if (ts.json && S_ISDIR(st.st_mode))
		printf("[");
	if (!S_ISDIR(st.st_mode))
		triage_file(&ts, op.args[0]);
	else if ((rc = sched_dir_walk(op.args[0], "a finding", triage_found,
	    &ts)) != 0) {
		rc = rc == -1 ? EXIT_USAGE : EXIT_INTERNAL;
		goto out;
	}
	if (ts.json && S_ISDIR(st.st_mode))
		printf("]");
	if (ts.json && !ts.first)
		printf("\n");
	else if (ts.json && S_ISDIR(st.st_mode))
		printf("\n");
	if (!ts.json)
		printf("%d finding%s triaged, %d unexplained%s\n", ts.files,
		    ts.files == 1 ? "" : "s", ts.unexplained,
		    ts.bad ? ", some files could not be triaged" : "");
	rc = ts.bad > 0 ? EXIT_USAGE : ts.files == 0 && !S_ISDIR(st.st_mode) ?
	    EXIT_USAGE : ts.unexplained > 0 ? EXIT_VIOLATION : EXIT_CLEAN;
	if (ts.files == 0 && !S_ISDIR(st.st_mode) && ts.bad == 0)
		fprintf(stderr, "uvmcheck triage: %s records a clean run: "
		    "nothing to triage\n", op.args[0]);
out:
	free(ts.t);
	free(ts.s);
	free(ts.sf);
	return rc;
}
