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
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/report.h"
#include "explore/triage.h"

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
json_words(const char *words)
{
	const char *p = words;
	bool first = true;

	printf("[");
	if (strcmp(words, "none") == 0) {
		printf("]");
		return;
	}
	while (*p != '\0') {
		size_t n = strcspn(p, " ");
		char w[128];

		snprintf(w, sizeof(w), "%.*s", (int)n, p);
		printf("%s", first ? "" : ",");
		report_json_string(stdout, w);
		first = false;
		p += n;
		while (*p == ' ')
			p++;
	}
	printf("]");
}

static void
triage_file(struct tstate *ts, const char *path)
{
	struct sched_error err;
	char knobs[1024], profs[256];
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
	triage_knobs_str(t, knobs, sizeof(knobs));
	triage_profiles_str(t, profs, sizeof(profs));
	if (ts->json) {
		printf("%s{\"file\":", ts->first ? "" : ",\n");
		ts->first = false;
		report_json_string(stdout, path);
		printf(",\"attribution\":");
		report_json_string(stdout, t->attribution);
		printf(",\"bugs\":[");
		for (int i = 0; i < t->nbugs; i++) {
			printf("%s", i ? "," : "");
			report_json_string(stdout, t->bugs[i]);
		}
		printf("],\"invariant\":");
		report_json_string(stdout, t->invariant);
		printf(",\"profiles_failing\":");
		json_words(profs);
		printf(",\"knobs_that_fix\":");
		json_words(knobs);
		printf(",\"site\":");
		report_json_string(stdout, t->site);
		printf(",\"configs\":%d,\"bounded\":%s}", t->configs,
		    t->bounded ? "true" : "false");
	} else {
		printf("%s: %s (%s)\n", path, t->attribution, t->invariant);
		printf("  profiles failing: %s\n", profs);
		printf("  knobs that fix it: %s\n", knobs);
		printf("  damage begins at: %s\n", t->site);
		printf("  %d configurations: %d by replay, %d re-checked%s\n",
		    t->configs, t->replayed, t->rechecked, t->bounded ?
		    " (some re-check reached --max-states: not exhaustive)" : "");
	}
	sched_file_free(ts->sf);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
walk(struct tstate *ts, const char *dir, int depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	int n = 0, cap = 0;

	if (depth > 8 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = realloc(names, (size_t)cap * sizeof(*names));
			if (names == NULL) {
				fprintf(stderr, "uvmcheck triage: out of memory\n");
				exit(EXIT_INTERNAL);
			}
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, (size_t)n, sizeof(*names), cmp_str);
	for (int i = 0; i < n; i++) {
		char path[4096];
		struct stat st;
		size_t len = names[i] != NULL ? strlen(names[i]) : 0;

		if (names[i] == NULL)
			continue;
		cli_xpath(path, sizeof(path), "a finding",
		    "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			walk(ts, path, depth + 1);
		else if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    len > 6 && strcmp(names[i] + len - 6, ".sched") == 0)
			triage_file(ts, path);
		free(names[i]);
	}
	free(names);
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
	if (S_ISDIR(st.st_mode))
		walk(&ts, op.args[0], 0);
	else
		triage_file(&ts, op.args[0]);
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
	free(ts.t);
	free(ts.s);
	free(ts.sf);
	return rc;
}
