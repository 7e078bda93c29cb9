/*
 * matrix.h: the history matrix (docs/design.md §5): every seed scenario
 * checked under every profile, and under the fixed kernel with only its
 * bug's knob turned back (the bug-knob column).  `uvmcheck matrix`
 * prints it; `uvmcheck gate` compares it with the golden matrix
 * (reports/gate.h).
 *
 * Rows are bugs (the S-N prefix of the scenario's file name), columns
 * the eras of the kernel; a cell is the verdict with the length of its
 * counterexample and the time the search took.
 */
#ifndef UVMCHECK_REPORTS_MATRIX_H
#define UVMCHECK_REPORTS_MATRIX_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/knobs.h"
#include "explore/check.h"
#include "scenarios/scenario.h"

#define MATRIX_KNOB_COLUMN	"bug-knob"
#define MATRIX_MAX_COLUMNS	16
#define MATRIX_MAX_ROWS		128

/*
 * The columns: every profile (only `profile` when it is not NULL), then,
 * when profile is NULL, the bug-knob column.  Returns how many.
 */
int matrix_columns(const char *profile, const char *cols[MATRIX_MAX_COLUMNS]);

/*
 * Configure s as column col says: its profile with the overrides of
 * mask (NULL: none), or for the bug-knob column the scenario's first
 * `expect bug ... -> INVARIANT` line.  false: a bug-knob column and s
 * has no such line (the cell is "-").
 */
bool matrix_configure(struct scenario *s, const char *col,
    const struct knobs *overrides, const uint8_t *mask);

struct matrix_cell {
	enum verdict verdict;
	char inv[SCHED_NAME_LEN];
	int steps;
	double ms;
	bool bound_hit, limit_hit;
	bool none;		/* bug-knob column of a scenario without one */
	uint64_t states;
};

struct matrix_row {
	char bug[32];
	char scenario[SCN_NAME_MAX];
	bool bad;		/* the scenario did not load */
	struct matrix_cell cells[MATRIX_MAX_COLUMNS];
};

struct matrix {
	const char *cols[MATRIX_MAX_COLUMNS];
	int ncols;
	struct matrix_row *rows;
	int nrows;
	int bad;		/* rows whose scenario did not load */
};

/* what a matrix is computed from */
struct matrix_opts {
	const char *dir;	/* the seed scenarios */
	const char *profile;	/* NULL: every profile and bug-knob */
	const struct knobs *overrides;
	const uint8_t *mask;	/* NULL: no --bug */
	struct check_opts check;
	bool progress;		/* "scenario under column ..." on stderr */
};

/*
 * Check every *.scn of o->dir (the first MATRIX_MAX_ROWS in name order)
 * under every column, rows sorted by bug id (S-2 before S-10).  A
 * scenario that does not load is printed (file:line:col) and its row
 * marked bad.  0; with err, -1 when the directory cannot be read or
 * holds no scenario (bad input; err is empty when a path was too long:
 * corpus/path.h said so), -2 when a search fails (memory, a shard of
 * --jobs); m is then empty.
 */
int matrix_build(const struct matrix_opts *o, struct matrix *m, char *err,
    size_t errlen);
void matrix_free(struct matrix *m);

/* the table, a row a scenario, a column a configuration, with its key */
void matrix_print_table(const struct matrix *m, FILE *out);
/* a JSON array, one object a cell */
void matrix_print_json(const struct matrix *m, FILE *out);

#endif
