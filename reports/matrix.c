/*
 * matrix.c: the history matrix (reports/matrix.h).
 */
#include <stdlib.h>
#include <string.h>

#include "corpus/path.h"
#include "reports/matrix.h"
#include "reports/report.h"

#define CELL_LEN	(SCHED_NAME_LEN + 64)

int
matrix_columns(const char *profile, const char *cols[MATRIX_MAX_COLUMNS])
{
	int n = 0;

	for (int i = 0; i < nprofile_descs && n < MATRIX_MAX_COLUMNS - 1; i++)
		if (profile == NULL || strcmp(profile, profile_descs[i].name) == 0)
			cols[n++] = profile_descs[i].name;
	/*
	 * The last column: the fixed kernel with only the bug's knob turned
	 * back (the scenario's first `expect bug ... -> INVARIANT` line), so
	 * that bugs no era had (S-2, S-3, S-12) show too.
	 */
	if (profile == NULL)
		cols[n++] = MATRIX_KNOB_COLUMN;
	return n;
}

bool
matrix_configure(struct scenario *s, const char *col,
    const struct knobs *overrides, const uint8_t *mask)
{
	if (strcmp(col, MATRIX_KNOB_COLUMN) == 0) {
		int e = scenario_bug_expectation(s);

		if (e < 0)
			return false;
		scenario_apply_expect(s, e);
		return true;
	}
	scenario_apply_config(s, col, overrides, mask);
	return true;
}

/* "S-10" from "S-10-vslock-truncate.scn"; else the stem */
static void
bug_id(const char *file, char *buf, size_t len)
{
	const char *p = file;
	size_t n;

	while (*p >= 'A' && *p <= 'Z')
		p++;
	if (p > file && *p == '-' && p[1] >= '0' && p[1] <= '9') {
		const char *q;

		p++;
		while (*p >= '0' && *p <= '9')
			p++;
		for (q = p; *q >= 'a' && *q <= 'z'; q++)
			;
		if (*q == '-' || *q == '.')	/* "S-3b-...": a variant of S-3 */
			p = q;
		n = (size_t)(p - file);
	} else {
		n = strlen(file);
		if (n > 4 && strcmp(file + n - 4, ".scn") == 0)
			n -= 4;
	}
	snprintf(buf, len, "%.*s", (int)n, file);
}

/* bug ids in natural order: S-2 before S-10, S-3 before S-3b */
static int
cmp_rows(const void *a, const void *b)
{
	const struct matrix_row *x = a, *y = b;
	const char *p = x->bug, *q = y->bug;

	while (*p != '\0' && *q != '\0') {
		if (*p >= '0' && *p <= '9' && *q >= '0' && *q <= '9') {
			long u = strtol(p, (char **)&p, 10);
			long v = strtol(q, (char **)&q, 10);

			if (u != v)
				return u < v ? -1 : 1;
			continue;
		}
		if (*p != *q)
			return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
		p++;
		q++;
	}
	if (*p != *q)
		return *p == '\0' ? -1 : 1;
	return strcmp(x->scenario, y->scenario);
}

/* row's cells: s checked under every column's configuration; -1 failed */
static int
check_row(const struct matrix_opts *o, const struct matrix *m,
    struct matrix_row *row, struct scenario *s, struct dfs_result *r,
    char *err, size_t errlen)
{
	for (int p = 0; p < m->ncols; p++) {
		struct matrix_cell *c = &row->cells[p];

		if (o->progress) {
			fprintf(stderr, "\r  %s under %s ...%20s", row->scenario,
			    m->cols[p], "");
			fflush(stderr);
		}
		if (!matrix_configure(s, m->cols[p], o->overrides, o->mask)) {
			c->none = true;
			continue;
		}
		if (explore_check(s, &o->check, r, err, errlen) != 0)
			return -1;
		c->verdict = r->verdict;
		snprintf(c->inv, sizeof(c->inv), "%s",
		    run_verdict_label(r->verdict, r->inv));
		c->steps = r->sched.n;
		c->ms = r->seconds * 1000.0;
		c->bound_hit = r->bound_hit;
		c->limit_hit = r->limit_hit;
		c->states = r->states;
	}
	return 0;
}

int
matrix_build(const struct matrix_opts *o, struct matrix *m, char *err,
    size_t errlen)
{
	char (*names)[256];
	struct scenario *s;
	struct dfs_result *r;
	int n, rc = 0;

	memset(m, 0, sizeof(*m));
	m->ncols = matrix_columns(o->profile, m->cols);
	names = calloc(MATRIX_MAX_ROWS, sizeof(*names));
	s = calloc(1, sizeof(*s));
	r = calloc(1, sizeof(*r));
	if (names == NULL || s == NULL || r == NULL) {
		snprintf(err, errlen, "out of memory");
		rc = -2;
		goto out;
	}
	n = scenario_library_list(o->dir, names, MATRIX_MAX_ROWS);
	if (n <= 0) {
		snprintf(err, errlen, n < 0 ? "cannot read directory %s" :
		    "no *.scn scenarios in %s", o->dir);
		rc = -1;
		goto out;
	}
	if (n > MATRIX_MAX_ROWS)
		n = MATRIX_MAX_ROWS;
	if ((m->rows = calloc((size_t)n, sizeof(*m->rows))) == NULL) {
		snprintf(err, errlen, "out of memory");
		rc = -2;
		goto out;
	}
	for (int i = 0; i < n && rc == 0; i++) {
		struct matrix_row *row = &m->rows[m->nrows++];
		char path[1400];
		struct scenario_error serr;

		bug_id(names[i], row->bug, sizeof(row->bug));
		if (path_format(path, sizeof(path), "--dir", "%s/%s", o->dir,
		    names[i]) != 0) {
			err[0] = '\0';		/* path_format said why */
			rc = -1;
			break;
		}
		if (scenario_load_file(path, s, &serr) != 0) {
			scenario_error_print(&serr, stderr);
			row->bad = true;
			snprintf(row->scenario, sizeof(row->scenario), "%s",
			    names[i]);
			m->bad++;
			continue;
		}
		snprintf(row->scenario, sizeof(row->scenario), "%s", s->name);
		if (check_row(o, m, row, s, r, err, errlen) != 0)
			rc = -2;
	}
	if (o->progress)
		fprintf(stderr, "\r%78s\r", "");
	if (rc == 0)
		qsort(m->rows, (size_t)m->nrows, sizeof(*m->rows), cmp_rows);
out:
	if (rc != 0)
		matrix_free(m);
	free(r);
	free(s);
	free(names);
	return rc;
}

void
matrix_free(struct matrix *m)
{
	free(m->rows);
	m->rows = NULL;
	m->nrows = 0;
}

static const char *
verdict_json(const struct matrix_cell *c)
{
	if (c->verdict == VERDICT_VIOLATION &&
	    strcmp(c->inv, inv_name(INV_NONPROGRESS_CYCLE)) == 0)
		return "cycle";
	return verdict_name(c->verdict);
}

static void
cell_str(const struct matrix_cell *c, char *buf, size_t len)
{
	const char *mark = c->limit_hit ? "+" : c->bound_hit ? "*" : "";
	char t[32];

	if (c->none) {
		snprintf(buf, len, "-");
		return;
	}
	if (c->ms < 10)
		snprintf(t, sizeof(t), "%.1fms", c->ms);
	else
		snprintf(t, sizeof(t), "%.0fms", c->ms);
	if (c->verdict == VERDICT_CLEAN)
		snprintf(buf, len, "clean%s %s", mark, t);
	else
		snprintf(buf, len, "%s@%d %s", c->verdict == VERDICT_DEADLOCK ?
		    "deadlock" : c->inv, c->steps, t);
}

void
matrix_print_json(const struct matrix *m, FILE *out)
{
	bool first = true;

	fprintf(out, "[");
	for (int i = 0; i < m->nrows; i++) {
		if (m->rows[i].bad)
			continue;
		for (int p = 0; p < m->ncols; p++) {
			const struct matrix_cell *c = &m->rows[i].cells[p];

			if (c->none)
				continue;
			fprintf(out, "%s\n  {\"bug\":", first ? "" : ",");
			first = false;
			report_json_string(out, m->rows[i].bug);
			fprintf(out, ",\"scenario\":");
			report_json_string(out, m->rows[i].scenario);
			fprintf(out, ",\"profile\":");
			report_json_string(out, m->cols[p]);
			fprintf(out, ",\"verdict\":\"%s\",\"invariant\":",
			    verdict_json(c));
			report_json_string(out, c->verdict == VERDICT_VIOLATION ?
			    c->inv : NULL);
			fprintf(out, ",\"steps\":%d,\"ms\":%.3f,\"states\":%llu,"
			    "\"bound_hit\":%s}", c->verdict == VERDICT_CLEAN ? 0 :
			    c->steps, c->ms, (unsigned long long)c->states,
			    c->bound_hit ? "true" : "false");
		}
	}
	fprintf(out, "\n]\n");
}

void
matrix_print_table(const struct matrix *m, FILE *out)
{
	char cell[CELL_LEN];
	int bugw = 3, colw[MATRIX_MAX_COLUMNS];

	for (int p = 0; p < m->ncols; p++)
		colw[p] = (int)strlen(m->cols[p]);
	for (int i = 0; i < m->nrows; i++) {
		if ((int)strlen(m->rows[i].bug) > bugw)
			bugw = (int)strlen(m->rows[i].bug);
		for (int p = 0; p < m->ncols && !m->rows[i].bad; p++) {
			cell_str(&m->rows[i].cells[p], cell, sizeof(cell));
			if ((int)strlen(cell) > colw[p])
				colw[p] = (int)strlen(cell);
		}
	}
	fprintf(out, "%-*s", bugw, "bug");
	for (int p = 0; p < m->ncols; p++)
		fprintf(out, "  %-*s", colw[p], m->cols[p]);
	fprintf(out, "\n");
	for (int i = 0; i < m->nrows; i++) {
		fprintf(out, "%-*s", bugw, m->rows[i].bug);
		for (int p = 0; p < m->ncols; p++) {
			if (m->rows[i].bad)
				snprintf(cell, sizeof(cell), "(bad scenario)");
			else
				cell_str(&m->rows[i].cells[p], cell, sizeof(cell));
			fprintf(out, "  %-*s", colw[p], cell);
		}
		fprintf(out, "\n");
	}
	fprintf(out, "cells: invariant@counterexample-length and search time; "
	    "clean = no violation\n"
	    "bug-knob: the fixed kernel with only the bug's knob turned "
	    "back\n(* depth bound cut some schedules, "
	    "+ --max-states reached: not exhaustive)\n");
}
