/*
 * gate_matrix.c: the gate's golden matrix (reports/gate.h).
 *
 * The history matrix (reports/matrix.h: every seed scenario of
 * scenarios/seeds under every profile, and under the fixed kernel with
 * only its bug's knob turned back) must give the verdicts of the golden
 * matrix, scenarios/matrix.golden, cell by cell: a line "SCENARIO
 * COLUMN VERDICT" a cell, "-" for a bug-knob cell of a scenario without
 * an `expect bug` line.  A cell missing from the file fails, and so
 * does a line of the file naming no scenario (unless the time budget
 * left cells unchecked).  `uvmcheck gate --update-matrix` rewrites the
 * file from the model as it is now: a deliberate act, reviewed in the
 * diff.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/file_write.h"
#include "explore/clock.h"
#include "reports/gate.h"
#include "reports/matrix.h"

#define MAX_GOLDEN	512
#define MAX_SEEDS	512

struct gate_golden {
	char scenario[SCN_NAME_MAX];
	char column[SCN_PROFILE_MAX];
	char verdict[SCN_VERDICT_MAX];
	bool seen;
};

/* read the golden file; -1 (with msg) if absent or bad */
static int
golden_load(struct gate *g, const char *path, char *msg, size_t msglen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int ln = 0;

	if (f == NULL) {
		snprintf(msg, msglen, "cannot read %s: %s (uvmcheck gate "
		    "--update-matrix writes it)", path, strerror(errno));
		return -1;
	}
	free(g->gold);
	g->ngold = 0;
	if ((g->gold = calloc(MAX_GOLDEN, sizeof(*g->gold))) == NULL) {
		fprintf(stderr, "uvmcheck: out of memory\n");
		g->fatal = GATE_INTERNAL;
		fclose(f);
		return -1;
	}
	while (getline(&line, &cap, f) != -1) {
		struct gate_golden *gd;
		char a[SCN_NAME_MAX], b[SCN_PROFILE_MAX], c[SCN_VERDICT_MAX], x;
		int n;

		_Static_assert(SCN_NAME_MAX == 48 && SCN_PROFILE_MAX == 32 &&
		    SCN_VERDICT_MAX == 32, "the sscanf widths below");

		ln++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		n = sscanf(line, "%47s %31s %31s %c", a, b, c, &x);
		if (n != 3 || g->ngold == MAX_GOLDEN) {
			snprintf(msg, msglen, "%s:%d:1: expected SCENARIO "
			    "COLUMN VERDICT", path, ln);
			free(line);
			fclose(f);
			return -1;
		}
		gd = &g->gold[g->ngold++];
		snprintf(gd->scenario, sizeof(gd->scenario), "%s", a);
		snprintf(gd->column, sizeof(gd->column), "%s", b);
		snprintf(gd->verdict, sizeof(gd->verdict), "%s", c);
	}
	free(line);
	fclose(f);
	return 0;
}

static struct gate_golden *
golden_find(struct gate *g, const char *scenario, const char *col)
{
	for (int i = 0; i < g->ngold; i++)
		if (strcmp(g->gold[i].scenario, scenario) == 0 &&
		    strcmp(g->gold[i].column, col) == 0)
			return &g->gold[i];
	return NULL;
}

/* one cell against its golden line */
static void
golden_cell(struct gate *g, const char *golden_path, const char *stem,
    const char *col, const char *name, const char *got, double t0)
{
	struct gate_golden *gd = golden_find(g, stem, col);

	if (gd == NULL) {
		gate_record(g, "matrix", GATE_FAIL, clock_monotonic() - t0,
		    name, "%s, not in %s", got, golden_path);
		return;
	}
	gd->seen = true;
	if (strcmp(gd->verdict, got) == 0) {
		gate_record(g, "matrix", GATE_PASS, clock_monotonic() - t0,
		    name, "%s as recorded", got);
		gate_fired(g, got);
	} else
		gate_record(g, "matrix", GATE_FAIL, clock_monotonic() - t0,
		    name, "recorded %s, now %s", gd->verdict, got);
}

/*
 * Every cell of the history matrix of seeds: against the golden file
 * at golden_path, or with out != NULL written there instead.
 */
static void
matrix_cells(struct gate *g, const char *seeds, const char *golden_path,
    FILE *out)
{
	const char *cols[MATRIX_MAX_COLUMNS];
	int ncol = matrix_columns(NULL, cols), n;
	struct scenario *s = g->s;
	struct dfs_result *r = g->r;

	n = scenario_library_list(seeds, g->names, MAX_SEEDS);
	for (int i = 0; i < n && i < MAX_SEEDS && g->fatal == 0; i++) {
		char path[1400], stem[256], name[1700];
		struct scenario_error err;
		size_t len;

		if (!gate_path(g, path, sizeof(path), "a seed scenario",
		    "%s/%s", seeds, g->names[i]))
			return;
		snprintf(stem, sizeof(stem), "%s", g->names[i]);
		len = strlen(stem);
		if (len > 4)
			stem[len - 4] = '\0';
		if (scenario_load_file(path, s, &err) != 0)
			continue;	/* the scenario check reports it */
		for (int c = 0; c < ncol && g->fatal == 0; c++) {
			const char *got;
			double t0 = clock_monotonic();

			snprintf(name, sizeof(name), "matrix %s [%s]", stem,
			    cols[c]);
			if (out == NULL && gate_over_budget(g, "matrix", name))
				continue;
			if (!matrix_configure(s, cols[c], NULL, NULL))
				got = "-";
			else if (gate_check(g, s, "", r))
				got = run_verdict_label(r->verdict, r->inv);
			else
				return;
			if (out != NULL)
				fprintf(out, "%s %s %s\n", stem, cols[c], got);
			else
				golden_cell(g, golden_path, stem, cols[c], name,
				    got, t0);
		}
	}
}

/* the seeds' directory and the golden file under the root */
static bool
matrix_paths(struct gate *g, char *seeds, size_t slen, char *golden,
    size_t glen)
{
	return gate_path(g, seeds, slen, "--root", "%sscenarios/%s", g->pre,
	    SCN_LIBRARY_SEEDS) && gate_path(g, golden, glen, "--root",
	    "%s%s", g->pre, GATE_GOLDEN_FILE);
}

void
gate_matrix(struct gate *g)
{
	char seeds[GATE_PATH_MAX + 32], golden[GATE_PATH_MAX + 32];
	char msg[GATE_PATH_MAX + 400];

	if (!matrix_paths(g, seeds, sizeof(seeds), golden, sizeof(golden)))
		return;
	if (golden_load(g, golden, msg, sizeof(msg)) != 0) {
		gate_record(g, "matrix", GATE_FAIL, 0, golden, "%s", msg);
		return;
	}
	matrix_cells(g, seeds, golden, NULL);
	for (int i = 0; i < g->ngold && g->fatal == 0; i++)
		if (!g->gold[i].seen && g->o.budget <= 0) {
			char name[300];

			snprintf(name, sizeof(name), "matrix %s [%s]",
			    g->gold[i].scenario, g->gold[i].column);
			gate_record(g, "matrix", GATE_FAIL, 0, name, "in %s but "
			    "no such scenario in %s", golden, seeds);
		}
}

int
gate_update_matrix(struct gate *g)
{
	char seeds[GATE_PATH_MAX + 32], golden[GATE_PATH_MAX + 32];
	char *buf = NULL, err[4400];
	size_t len = 0;
	FILE *out;
	int rc;

	if (!matrix_paths(g, seeds, sizeof(seeds), golden, sizeof(golden)))
		return g->fatal;
	if ((out = open_memstream(&buf, &len)) == NULL)
		return GATE_INTERNAL;
	fprintf(out, "# The golden history matrix: every seed scenario "
	    "(scenarios/seeds) under\n# every profile and under the fixed "
	    "kernel with its bug's knob turned back\n# (bug-knob; - when the "
	    "scenario has no `expect bug` line).  `uvmcheck gate`\n# asserts "
	    "every cell.  Regenerate deliberately, and review the diff:\n"
	    "#\tuvmcheck gate --update-matrix\n# SCENARIO COLUMN VERDICT\n");
	matrix_cells(g, seeds, golden, out);
	if (fclose(out) != 0 || g->fatal != 0) {
		free(buf);
		return g->fatal != 0 ? g->fatal : GATE_INTERNAL;
	}
	rc = file_write_buf(golden, buf, len, err, sizeof(err));
	if (rc == FW_OK)
		printf("wrote %s (%zu bytes)\n", golden, len);
	else
		fprintf(stderr, "uvmcheck gate: %s\n", err);
	free(buf);
	return rc == FW_OK ? GATE_PASSED : rc == FW_REFUSED ? GATE_USAGE :
	    GATE_INTERNAL;
}
