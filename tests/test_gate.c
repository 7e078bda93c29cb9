/*
 * test_gate.c: the gate as a library (reports/gate.h), the history
 * matrix's columns (reports/matrix.h) and the never-cut path
 * (corpus/path.h), without the command around them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus/path.h"
#include "corpus/sched_dir.h"
#include "invariants/breakage.h"
#include "reports/gate.h"
#include "reports/matrix.h"

#define CLEAN_SCN \
	"scenario tiny\n" \
	"world pages=4 swap=1 intrsafe=1\n" \
	"proc A\n" \
	"thread a1 A: kmem-fault 0\n" \
	"expect fixed -> clean\n" \
	"bound depth=16\n"

/* the same scenario, expected (wrongly) to free a page in use */
#define WRONG_SCN \
	"scenario wrong\n" \
	"world pages=4 swap=1 intrsafe=1\n" \
	"proc A\n" \
	"thread a1 A: kmem-fault 0\n" \
	"expect fixed -> freed-page-in-use\n" \
	"bound depth=16\n"

static void
write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* a root holding scenarios/ with the given files; its path in root */
static void
make_root(char *root, size_t len, const char *const *names,
    const char *const *texts, int n)
{
	char dir[512], path[600];

	snprintf(root, len, "/tmp/uvmcheck-test-gate.XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(dir, sizeof(dir), "%s/scenarios", root);
	assert_int_equal(mkdir(dir, 0755), 0);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		write_text(path, texts[i]);
	}
}

static void
remove_root(const char *root)
{
	char cmd[600];

	/* the test's own temporary directory, made by mkdtemp above */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

static void
opts_for(struct gate_opts *o, const char *root)
{
	memset(o, 0, sizeof(*o));
	o->root = root;
	o->check.max_states = 100000;
	o->partial = true;	/* a part of the library: no golden matrix */
}

static void
test_path_format(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(path_format(buf, sizeof(buf), "t", "%s/%s", "ab",
	    "cd"), 0);
	assert_string_equal(buf, "ab/cd");
	/* seven bytes fit, eight do not: never a cut path */
	assert_int_equal(path_format(buf, sizeof(buf), "t", "%s", "1234567"),
	    0);
	assert_int_equal(path_format(buf, sizeof(buf), "t", "%s", "12345678"),
	    -1);
}

/* sched_dir_walk's callback: the paths, one a line, after root */
static void
note_path(void *arg, const char *path)
{
	char *seen = arg;
	const char *rel = strchr(path + strlen("/tmp/"), '/');

	strcat(seen, rel != NULL ? rel + 1 : path);
	strcat(seen, "\n");
}

/*
 * The .sched files under a directory: each directory's entries in name
 * order, subdirectories where they sort ("a" before "a-b", though a
 * sort of whole paths would put "a-b/" first), hidden names and other
 * files left out.
 */
static void
test_sched_dir_walk(void **state)
{
	char root[64], path[256], seen[1024] = "";
	static const char *const dirs[] = { "a", "a-b", "a/deeper" };
	static const char *const files[] = { "z.sched", "a/x.sched",
	    "a-b/y.sched", "a/deeper/w.sched", ".hidden.sched", "n.txt",
	    "a/.sched" };

	(void)state;
	snprintf(root, sizeof(root), "/tmp/uvmcheck-test-gate.XXXXXX");
	assert_non_null(mkdtemp(root));
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, dirs[i]);
		assert_int_equal(mkdir(path, 0755), 0);
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files[i]);
		write_text(path, "x");
	}
	assert_int_equal(sched_dir_walk(root, "t", note_path, seen), 0);
	assert_string_equal(seen, "a/deeper/w.sched\na/x.sched\n"
	    "a-b/y.sched\nz.sched\n");
	/* a directory that is not there holds no file */
	seen[0] = '\0';
	snprintf(path, sizeof(path), "%s/none", root);
	assert_int_equal(sched_dir_walk(path, "t", note_path, seen), 0);
	assert_string_equal(seen, "");
	remove_root(root);
}

static void
test_matrix_columns(void **state)
{
	const char *cols[MATRIX_MAX_COLUMNS];
	int n;

	(void)state;
	n = matrix_columns(NULL, cols);
	assert_int_equal(n, nprofile_descs + 1);
	assert_string_equal(cols[0], profile_descs[0].name);
	assert_string_equal(cols[n - 1], MATRIX_KNOB_COLUMN);
	/* one profile: its column only, no bug-knob column */
	n = matrix_columns("netbsd-2003", cols);
	assert_int_equal(n, 1);
	assert_string_equal(cols[0], "netbsd-2003");
}

/* a root that cannot be checked is refused before anything runs */
static void
test_gate_refuses_root(void **state)
{
	struct gate *g = calloc(1, sizeof(*g));
	struct gate_opts o;
	char root[64];

	(void)state;
	assert_non_null(g);
	opts_for(&o, "/nonexistent/uvmcheck-gate-root");
	assert_int_equal(gate_open(g, &o), GATE_USAGE);
	opts_for(&o, "/etc/passwd");
	assert_int_equal(gate_open(g, &o), GATE_USAGE);
	snprintf(root, sizeof(root), "/tmp/uvmcheck-test-gate.XXXXXX");
	assert_non_null(mkdtemp(root));
	opts_for(&o, root);	/* neither scenarios/ nor corpus/ */
	assert_int_equal(gate_open(g, &o), GATE_USAGE);
	remove_root(root);
	free(g);
}

/* a held expectation passes; a wrong one fails, and so does the gate */
static void
test_gate_library(void **state)
{
	static const char *const names[] = { "tiny.scn", "wrong.scn" };
	static const char *const texts[] = { CLEAN_SCN, WRONG_SCN };
	struct gate *g = calloc(1, sizeof(*g));
	struct gate_opts o;
	char root[64];

	(void)state;
	assert_non_null(g);
	make_root(root, sizeof(root), names, texts, 1);
	opts_for(&o, root);
	assert_int_equal(gate_open(g, &o), GATE_PASSED);
	gate_library(g);
	assert_int_equal(g->passed, 1);
	assert_int_equal(g->failed, 0);
	assert_int_equal(g->fatal, 0);
	assert_string_equal(g->results[0].suite, "scenarios");
	assert_non_null(strstr(g->results[0].msg, "clean"));
	assert_int_equal(gate_finish(g, NULL), GATE_PASSED);
	gate_close(g);
	remove_root(root);

	make_root(root, sizeof(root), names, texts, 2);
	opts_for(&o, root);
	assert_int_equal(gate_open(g, &o), GATE_PASSED);
	gate_run(g);		/* the library, the soak, the breakages */
	assert_int_equal(g->failed, 1);
	assert_non_null(strstr(g->results[1].msg,
	    "expected freed-page-in-use, got clean"));
	assert_string_equal(g->results[2].suite, "soak");
	/*
	 * --partial: the breakages this tiny library has a world for pass
	 * (a free swap slot to leak, a user thread to strand); the others
	 * are notes, not results
	 */
	assert_true(g->n > 3 && g->n < 3 + inv_nbreakages);
	for (int i = 3; i < g->n; i++) {
		assert_string_equal(g->results[i].suite, "witnesses");
		assert_int_equal(g->results[i].out, GATE_PASS);
	}
	assert_int_equal(g->passed, 2 + g->n - 3);
	assert_true(g->inv_broken[INV_SWAP_SLOT_LEAKED]);
	assert_true(g->inv_broken[INV_DEADLOCK]);
	assert_false(g->inv_broken[INV_COW_PAGE_WRITABLE]);	/* no fork */
	assert_int_equal(gate_finish(g, NULL), GATE_FAILED);
	gate_close(g);

	/* the whole library: a breakage with no world to break fails */
	opts_for(&o, root);
	o.partial = false;
	assert_int_equal(gate_open(g, &o), GATE_PASSED);
	gate_witnesses(g);
	assert_int_equal(g->passed + g->failed, inv_nbreakages);
	assert_true(g->failed > 0 && g->passed > 0);
	for (int i = 0; i < g->n; i++)
		if (strstr(g->results[i].name, "cow-page-writable") != NULL) {
			assert_int_equal(g->results[i].out, GATE_FAIL);
			assert_non_null(strstr(g->results[i].msg,
			    "has what it breaks"));
		}
	gate_close(g);
	remove_root(root);
	free(g);
}

/*
 * A check of a new kind records through gate_record(); a spent time
 * budget records it as skipped, which fails only with budget_fails; the
 * JUnit file shows each.
 */
static void
test_gate_record_budget_junit(void **state)
{
	static const char *const names[] = { "tiny.scn" };
	static const char *const texts[] = { CLEAN_SCN };
	struct gate *g = calloc(1, sizeof(*g));
	struct gate_opts o;
	char root[64], junit[128], buf[4096];
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(g);
	make_root(root, sizeof(root), names, texts, 1);
	opts_for(&o, root);
	o.budget = 1e-9;	/* spent before the first check */
	assert_int_equal(gate_open(g, &o), GATE_PASSED);
	gate_record(g, "scenarios", GATE_PASS, 0.5, "a new check", "held");
	assert_true(gate_over_budget(g, "scenarios", "a later check"));
	assert_int_equal(g->passed, 1);
	assert_int_equal(g->skipped, 1);
	assert_int_equal(g->failed, 0);
	snprintf(junit, sizeof(junit), "%s/junit.xml", root);
	assert_int_equal(gate_finish(g, junit), GATE_PASSED);
	f = fopen(junit, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_non_null(strstr(buf, "name=\"a new check\" time=\"0.500\">"
	    "</testcase>"));
	assert_non_null(strstr(buf, "name=\"a later check\""));
	assert_non_null(strstr(buf, "<skipped message=\"not started"));
	gate_close(g);

	o.budget_fails = true;
	assert_int_equal(gate_open(g, &o), GATE_PASSED);
	assert_true(gate_over_budget(g, "scenarios", "a later check"));
	assert_int_equal(g->failed, 1);
	assert_int_equal(gate_finish(g, NULL), GATE_FAILED);
	gate_close(g);
	remove_root(root);
	free(g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_format),
		cmocka_unit_test(test_sched_dir_walk),
		cmocka_unit_test(test_matrix_columns),
		cmocka_unit_test(test_gate_refuses_root),
		cmocka_unit_test(test_gate_library),
		cmocka_unit_test(test_gate_record_budget_junit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
