/*
 * cmd_matrix.c: uvmcheck matrix [--dir DIR] [--json]
 *
 * The history matrix (docs/design.md §5): every seed scenario checked
 * under every profile.  Rows are bugs (the S-N prefix of the scenario's file name),
 * columns are the eras of the kernel; a cell is the invariant found with
 * the length of its counterexample and the time it took, or "clean".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"

static const char usage[] =
    "uvmcheck matrix [--dir DIR] [--json] [--depth N] [--max-states N]\n"
    "                [--profile NAME] [--bug KNOB=VALUE]...\n"
    "  DIR defaults to scenarios/seeds; --profile restricts the columns\n"
    "  --max-states: per search, default 2000000 (0 = no limit)\n";

#define MAX_ROWS	128
#define CELL_LEN	(SCHED_NAME_LEN + 64)

struct cell {
	enum verdict verdict;
	char inv[SCHED_NAME_LEN];
	int steps;
	double ms;
	bool bound_hit, limit_hit;
	bool none;		/* bug-knob column of a scenario without one */
	uint64_t states;
};

struct row {
	char bug[32];
	char scenario[SCN_NAME_MAX];
	bool bad;		/* the scenario did not load */
	struct cell cells[16];
};

#define KNOB_COLUMN "bug-knob"

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
	const struct row *x = a, *y = b;
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

static const char *
verdict_json(const struct cell *c)
{
	if (c->verdict == VERDICT_VIOLATION &&
	    strcmp(c->inv, inv_name(INV_NONPROGRESS_CYCLE)) == 0)
		return "cycle";
	return verdict_name(c->verdict);
}

static void
cell_str(const struct cell *c, char *buf, size_t len)
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

static const struct cli_accept matrix_accepts[] = {
	{ CLI_O_DIR, 0, 0 }, { CLI_O_JSON, 0, 0 }, { CLI_O_DEPTH, 0, 0 },
	{ CLI_O_MAX_STATES, 0, 0 }, { CLI_O_PROFILE, 0, 0 },
	{ CLI_O_BUG, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command matrix_cmd = { "matrix", usage,
    matrix_accepts };

/* the matrix: its columns and its rows */
struct matrix {
	const char *profiles[16];
	int nprof;
	struct row *rows;
	int nrows;
};

/* row's cells: s checked under every column's configuration */
static void
check_row(const struct matrix *m, struct row *row, struct scenario *s,
    struct dfs_result *r, const struct check_opts *co,
    const struct cli_config *cfg, bool progress)
{
	for (int p = 0; p < m->nprof; p++) {
		struct cell *c = &row->cells[p];

		if (progress) {
			fprintf(stderr, "\r  %s under %s ...%20s", row->scenario,
			    m->profiles[p], "");
			fflush(stderr);
		}
		if (strcmp(m->profiles[p], KNOB_COLUMN) == 0) {
			int e = scenario_bug_expectation(s);

			if (e < 0) {
				c->none = true;
				continue;
			}
			scenario_apply_expect(s, e);
		} else {
			scenario_apply_config(s, m->profiles[p],
			    &cfg->overrides, cfg->mask);
		}
		cli_check(s, co, r);
		c->verdict = r->verdict;
		snprintf(c->inv, sizeof(c->inv), "%s",
		    run_verdict_label(r->verdict, r->inv));
		c->steps = r->sched.n;
		c->ms = r->seconds * 1000.0;
		c->bound_hit = r->bound_hit;
		c->limit_hit = r->limit_hit;
		c->states = r->states;
}
}

/* --json: one object a cell */
static void
print_json(const struct matrix *m)
{
	bool first = true;

	printf("[");
	for (int i = 0; i < m->nrows; i++) {
		if (m->rows[i].bad)
			continue;
		for (int p = 0; p < m->nprof; p++) {
			const struct cell *c = &m->rows[i].cells[p];

			if (c->none)
				continue;
			printf("%s\n  {\"bug\":", first ? "" : ",");
			first = false;
			cli_json_string(stdout, m->rows[i].bug);
			printf(",\"scenario\":");
			cli_json_string(stdout, m->rows[i].scenario);
			printf(",\"profile\":");
			cli_json_string(stdout, m->profiles[p]);
			printf(",\"verdict\":\"%s\",\"invariant\":",
			    verdict_json(c));
			cli_json_string(stdout, c->verdict == VERDICT_VIOLATION ?
			    c->inv : NULL);
			printf(",\"steps\":%d,\"ms\":%.3f,\"states\":%llu,"
			    "\"bound_hit\":%s}", c->verdict == VERDICT_CLEAN ? 0 :
			    c->steps, c->ms, (unsigned long long)c->states,
			    c->bound_hit ? "true" : "false");
		}
	}
	printf("\n]\n");
}

/* the table, a row a scenario, a column a configuration */
static void
print_table(const struct matrix *m)
{
	char cell[CELL_LEN];
	int bugw = 3, colw[16];

	for (int p = 0; p < m->nprof; p++)
		colw[p] = (int)strlen(m->profiles[p]);
	for (int i = 0; i < m->nrows; i++) {
		if ((int)strlen(m->rows[i].bug) > bugw)
			bugw = (int)strlen(m->rows[i].bug);
		for (int p = 0; p < m->nprof && !m->rows[i].bad; p++) {
			cell_str(&m->rows[i].cells[p], cell, sizeof(cell));
			if ((int)strlen(cell) > colw[p])
				colw[p] = (int)strlen(cell);
		}
	}
	printf("%-*s", bugw, "bug");
	for (int p = 0; p < m->nprof; p++)
		printf("  %-*s", colw[p], m->profiles[p]);
	printf("\n");
	for (int i = 0; i < m->nrows; i++) {
		printf("%-*s", bugw, m->rows[i].bug);
		for (int p = 0; p < m->nprof; p++) {
			if (m->rows[i].bad)
				snprintf(cell, sizeof(cell), "(bad scenario)");
			else
				cell_str(&m->rows[i].cells[p], cell, sizeof(cell));
			printf("  %-*s", colw[p], cell);
		}
		printf("\n");
	}
	printf("cells: invariant@counterexample-length and search time; "
	    "clean = no violation\n"
	    "bug-knob: the fixed kernel with only the bug's knob turned "
	    "back\n(* depth bound cut some schedules, "
	    "+ --max-states reached: not exhaustive)\n");
}

int
cmd_matrix(int argc, char **argv)
{
	struct cli_opts op;
	struct cli_config cfg;
	struct check_opts co;
	const char *dir;
	char defdir[1100], (*names)[256];
	bool json, progress;
	struct scenario *s;
	struct dfs_result *r;
	struct matrix m;
	int n, bad = 0;

	memset(&op, 0, sizeof(op));
	memset(&m, 0, sizeof(m));
	op.max_states = CLI_DEFAULT_MAX_STATES;
	if (!cli_parse(&matrix_cmd, argc, argv, &op))
		return op.rc;
	cfg = op.cfg;
	dir = op.dir;
	json = op.json;
	cli_check_opts(&op, &co);
	if (op.nargs != 0) {
		fprintf(stderr, "uvmcheck matrix: unexpected argument '%s'\n"
		    "usage: %s", op.args[0], usage);
		return EXIT_USAGE;
	}
	if (dir == NULL) {
		cli_xpath(defdir, sizeof(defdir), "the library",
		    "%s/scenarios/%s", cli_root(), SCN_LIBRARY_SEEDS);
		dir = defdir;
	}
	for (int i = 0; i < nprofile_descs && m.nprof < 15; i++)
		if (cfg.profile == NULL ||
		    strcmp(cfg.profile, profile_descs[i].name) == 0)
			m.profiles[m.nprof++] = profile_descs[i].name;
	/*
	 * The last column: the fixed kernel with only the bug's knob turned
	 * back (the scenario's first `expect bug ... -> INVARIANT` line), so
	 * that bugs no era had (S-2, S-3, S-12) show too.
	 */
	if (cfg.profile == NULL)
		m.profiles[m.nprof++] = KNOB_COLUMN;

	names = cli_xcalloc(MAX_ROWS, sizeof(*names));
	n = scenario_library_list(dir, names, MAX_ROWS);
	if (n < 0) {
		fprintf(stderr, "uvmcheck matrix: cannot read directory %s\n", dir);
		free(names);
		return EXIT_USAGE;
	}
	if (n == 0) {
		fprintf(stderr, "uvmcheck matrix: no *.scn scenarios in %s\n", dir);
		free(names);
		return EXIT_USAGE;
	}
	if (n > MAX_ROWS)
		n = MAX_ROWS;

	s = cli_xcalloc(1, sizeof(*s));
	r = cli_xcalloc(1, sizeof(*r));
	m.rows = cli_xcalloc((size_t)n, sizeof(*m.rows));
	progress = isatty(2);
	for (int i = 0; i < n; i++) {
		struct row *row = &m.rows[m.nrows++];
		char path[1400];
		struct scenario_error err;

		bug_id(names[i], row->bug, sizeof(row->bug));
		cli_xpath(path, sizeof(path), "--dir", "%s/%s", dir, names[i]);
		if (scenario_load_file(path, s, &err) != 0) {
			scenario_error_print(&err, stderr);
			row->bad = true;
			snprintf(row->scenario, sizeof(row->scenario), "%s", names[i]);
			bad++;
			continue;
		}
		snprintf(row->scenario, sizeof(row->scenario), "%s", s->name);
		check_row(&m, row, s, r, &co, &cfg, progress);
	}
	if (progress)
		fprintf(stderr, "\r%78s\r", "");
	qsort(m.rows, (size_t)m.nrows, sizeof(*m.rows), cmp_rows);

	if (json)
		print_json(&m);
	else
		print_table(&m);
	free(m.rows);
	free(r);
	free(s);
	free(names);
	return bad > 0 ? EXIT_USAGE : EXIT_CLEAN;
}
