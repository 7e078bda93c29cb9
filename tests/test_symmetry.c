/*
 * test_symmetry.c: --symmetry (explore/symmetry.c) and the renaming it
 * rests on (core/thread_perm.c).
 *
 * Soundness: for every reachable world w of the scenarios below (and of
 * generated scenarios given a twin thread), every swap of two
 * interchangeable threads (w -> w'), every thread t and every
 * environment choice: stepping w' with t's new number gives the renamed
 * result of stepping w with t, byte for byte, with the same status,
 * alternatives, notes and assertion; the same threads are enabled; the
 * invariants give the same verdict; deadlock and the end agree.  A
 * renaming that misses a field is caught (the mutant below).
 *
 * Then the search: the same verdicts with and without --symmetry (a
 * counterexample replaying to it), fewer states when interchangeable
 * threads exist, and which threads are found interchangeable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "explore/dfs.h"
#include "explore/fingerprint.h"
#include "explore/run.h"
#include "explore/symmetry.h"
#include "fuzz/soak.h"
#include "scenarios/scenario.h"

typedef void rename_fn(struct world *out, const struct world *w,
    const uint8_t to[MAX_THREADS + 1]);

/* ------------------------------------------------------------ scenarios */

/* three LWPs wiring, doing raw reads and faulting under memory pressure */
static const char lwps3[] =
    "scenario sym-lwps3\n"
    "world pages=6 swap=2 freemin=1 freetarg=2 reserve=0 failures=1\n"
    "vnode f pages=2 resident=1\n"
    "proc A\n"
    "map A 0 anon 0 2 private rw\n"
    "map A 2 f 0 2 shared rw\n"
    "thread a1 A: mlock 0 1; physio-read 0 1; touch 2 w; munlock 0 1\n"
    "thread a2 A: mlock 0 1; physio-read 0 1; touch 2 w; munlock 0 1\n"
    "thread a3 A: mlock 0 1; physio-read 0 1; touch 2 w; munlock 0 1\n"
    "kthread pd pagedaemon\n"
    "kthread io aiodone\n";

/* two LWPs racing a raw read against munmap (S-11's shape, twice) */
static const char unmap2[] =
    "scenario sym-unmap2\n"
    "world pages=5 swap=1\n"
    "proc A\n"
    "map A 0 anon 0 1 private rw\n"
    "thread a1 A: touch 0 w; physio-read 0 1; munmap 0 1\n"
    "thread a2 A: touch 0 w; physio-read 0 1; munmap 0 1\n"
    "thread a3 A: touch 0 w; physio-read 0 1; munmap 0 1\n";

/* loans, truncation and a second process that is not interchangeable */
static const char loans2[] =
    "scenario sym-loans2\n"
    "world pages=6 swap=1 freemin=1 freetarg=2\n"
    "vnode f pages=2 resident=2\n"
    "proc A\n"
    "proc B\n"
    "map A 0 f 0 2 shared rw\n"
    "map B 0 f 0 2 shared rw\n"
    "thread a1 A: send 0 1; touch 1 w; mlock 0 2; munlock 0 2\n"
    "thread a2 A: send 0 1; touch 1 w; mlock 0 2; munlock 0 2\n"
    "thread b1 B: send 0 1; touch 1 w; mlock 0 2; munlock 0 2\n"
    "thread t1 B: truncate f 1\n"
    "kthread pd pagedaemon\n"
    "kthread net netisr\n";

/* pageins: a page held busy, the map held read across the sleep */
static const char pagein2[] =
    "scenario sym-pagein2\n"
    "world pages=6\n"
    "vnode f pages=2 resident=0\n"
    "proc A\n"
    "map A 0 f 0 2 shared rw\n"
    "thread a1 A: mlock 0 2; touch 1 w; munlock 0 2\n"
    "thread a2 A: mlock 0 2; touch 1 w; munlock 0 2\n";

/* three LWPs each exiting the process while the others may be in the
 * kernel or between calls (exit_lwps), beside one that is not a twin */
static const char exit3[] =
    "scenario sym-exit3\n"
    "world pages=5 swap=1\n"
    "proc A\n"
    "map A 0 anon 0 2 private rw\n"
    "thread a1 A: touch 0 w; physio-read 0 1; exit\n"
    "thread a2 A: touch 0 w; physio-read 0 1; exit\n"
    "thread a3 A: touch 0 w; physio-read 0 1; exit\n"
    "thread a4 A: touch 1 w; munmap 1 1\n";

static const char *const profiles[] = { "fixed", "netbsd-2003",
    "netbsd-2020" };
#define NPROFILES	(sizeof(profiles) / sizeof(profiles[0]))

static struct scenario *
parse(const char *text)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct scenario_error err;

	assert_non_null(s);
	if (scenario_parse(text, strlen(text), "test", s, &err) != 0)
		fail_msg("does not parse: %s\n%s", err.msg, text);
	return s;
}

/* ------------------------------------------------------------ equivariance */

/* the permutation swapping a and b */
static void
swap_of(int a, int b, uint8_t to[MAX_THREADS + 1])
{
	for (int tid = 0; tid <= MAX_THREADS; tid++)
		to[tid] = (uint8_t)tid;
	to[a] = (uint8_t)b;
	to[b] = (uint8_t)a;
}

static bool
same_result(const struct step_result *x, const struct step_result *y)
{
	if (x->status != y->status || x->nchoice != y->nchoice ||
	    x->choice_taken != y->choice_taken || x->progress != y->progress ||
	    x->event_inv != y->event_inv || x->nnotes != y->nnotes ||
	    x->point != y->point || x->op != y->op)
		return false;
	/* the same notes; their order follows the threads' numbers (a loop
	 * over the LWPs notes each one it kills) */
	for (int i = 0; i < x->nnotes; i++) {
		int nx = 0, ny = 0;

		for (int j = 0; j < x->nnotes; j++) {
			nx += x->notes[j] == x->notes[i];
			ny += y->notes[j] == x->notes[i];
		}
		if (nx != ny)
			return false;
	}
	return true;
}

/*
 * w and its renaming wr (by the swap to) behave alike, one step deep.
 * false with why filled when they do not.
 */
static bool
alike(const struct model *m, const struct world *w, const struct world *wr,
    const uint8_t *to, rename_fn *rename, char *why, size_t len)
{
	struct inv_violation v1, v2;
	bool f1, f2;

	f1 = run_check_world(w, m, &v1);
	f2 = run_check_world(wr, m, &v2);
	if (f1 != f2 || (f1 && v1.inv != v2.inv)) {
		snprintf(why, len, "the invariants judge the renamed world "
		    "differently");
		return false;
	}
	if (world_deadlocked(w, m) != world_deadlocked(wr, m) ||
	    world_finished(w, m) != world_finished(wr, m)) {
		snprintf(why, len, "deadlock or the end differ");
		return false;
	}
	for (int t = 1; t <= m->nthreads; t++) {
		int n;

		if (thread_enabled(w, m, t) != thread_enabled(wr, m, to[t])) {
			snprintf(why, len, "thread %d enabled differs", t);
			return false;
		}
		if (!thread_enabled(w, m, t))
			continue;
		n = 0;
		for (int c = 0; c <= n; c++) {
			struct world a, b, ar;
			struct step_result ra, rb;

			memcpy(&a, w, sizeof(a));
			memcpy(&b, wr, sizeof(b));
			world_step(&a, m, t, c, &ra);
			world_step(&b, m, to[t], c, &rb);
			if (c == 0)
				n = ra.nchoice;
			if (!same_result(&ra, &rb)) {
				snprintf(why, len, "thread %d choice %d: the "
				    "step's result differs (status %d/%d, "
				    "choices %d/%d, event %d/%d, at %s/%s)",
				    t, c, ra.status, rb.status, ra.nchoice,
				    rb.nchoice, ra.event_inv, rb.event_inv,
				    ra.point != NULL ? ra.point : "-",
				    rb.point != NULL ? rb.point : "-");
				return false;
			}
			rename(&ar, &a, to);
			if (memcmp(&ar, &b, sizeof(ar)) != 0) {
				snprintf(why, len, "thread %d choice %d: the "
				    "renamed step differs from the step of the "
				    "renamed world", t, c);
				return false;
			}
		}
	}
	return true;
}

/*
 * Walk up to max worlds of m breadth first; check every swap of two
 * interchangeable threads on each.  The number of worlds checked, or -1
 * with why filled.
 */
static int
check_equivariance(const struct model *m, rename_fn *rename, int max,
    char *why, size_t len)
{
	struct symmetry sy;
	struct world *q = calloc((size_t)max, sizeof(*q));
	uint64_t *seen = calloc((size_t)max * 4, sizeof(*seen));
	int head = 0, tail = 0, rc = 0;

	assert_non_null(q);
	assert_non_null(seen);
	symmetry_find(&sy, m);
	world_init(&q[tail++], m);
	while (head < tail && rc >= 0) {
		struct world *w = &q[head++];
		uint8_t tids[MAX_THREADS];
		int n;

		for (int g = 0; g < sy.ngroups && rc >= 0; g++)
			for (int i = 0; i < sy.nmembers[g]; i++)
				for (int j = i + 1; j < sy.nmembers[g]; j++) {
					struct world wr;
					uint8_t to[MAX_THREADS + 1];

					swap_of(sy.members[g][i],
					    sy.members[g][j], to);
					rename(&wr, w, to);
					if (!alike(m, w, &wr, to, rename, why,
					    len)) {
						rc = -1;
						break;
					}
				}
		if (rc < 0)
			break;
		rc++;
		n = enabled_threads(w, m, tids);
		for (int k = 0; k < n && tail < max; k++) {
			struct step_result r;
			struct world c;
			uint64_t fp;
			size_t h;

			memcpy(&c, w, sizeof(c));
			world_step(&c, m, tids[k], 0, &r);
			fp = world_fingerprint(&c);
			for (h = fp % ((size_t)max * 4); seen[h] != 0 &&
			    seen[h] != fp; h = (h + 1) % ((size_t)max * 4))
				;
			if (seen[h] == fp)
				continue;
			seen[h] = fp;
			memcpy(&q[tail++], &c, sizeof(c));
		}
	}
	free(seen);
	free(q);
	return rc;
}

static void
assert_equivariant(const struct model *m, int max, const char *what)
{
	char why[320];
	int n = check_equivariance(m, world_rename_threads, max, why,
	    sizeof(why));

	if (n < 0)
		fail_msg("%s: %s", what, why);
	assert_true(n > 0);
}

/* fn on each scenario above under each profile */
static void
each_shape(void (*fn)(const struct model *m, const char *what, int *acc),
    int *acc)
{
	const char *texts[] = { lwps3, unmap2, loans2, pagein2, exit3 };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct scenario *s = parse(texts[i]);

		for (size_t p = 0; p < NPROFILES; p++) {
			char what[96];

			assert_int_equal(scenario_apply_config(s, profiles[p],
			    NULL, NULL), 0);
			snprintf(what, sizeof(what), "%s under %s", s->name,
			    profiles[p]);
			fn(&s->model, what, acc);
		}
		free(s);
	}
}

static void
shape_equivariant(const struct model *m, const char *what, int *acc)
{
	assert_equivariant(m, 3000, what);
	(*acc)++;
}

static void
test_library_shapes_equivariant(void **state)
{
	int checked = 0;

	(void)state;
	each_shape(shape_equivariant, &checked);
	assert_int_equal(checked, 5 * (int)NPROFILES);
}

/* a renaming that forgets who holds a page busy */
static void
rename_forgets_busy(struct world *out, const struct world *w,
    const uint8_t to[MAX_THREADS + 1])
{
	world_rename_threads(out, w, to);
	for (int i = 1; i <= MAX_PAGES; i++)
		out->pages[i].busy_tid = w->pages[i].busy_tid;
}

/* ... and one that forgets who busied a map (vm_map_busy) */
static void
rename_forgets_map_busy(struct world *out, const struct world *w,
    const uint8_t to[MAX_THREADS + 1])
{
	world_rename_threads(out, w, to);
	for (int i = 1; i <= MAX_VMSPACES; i++)
		out->vms[i].vm_busy = w->vms[i].vm_busy;
}

static void
test_mutant_renaming_caught(void **state)
{
	struct scenario *s = parse(pagein2);
	char why[320];

	(void)state;
	assert_int_equal(scenario_apply_config(s, "fixed", NULL, NULL), 0);
	/* the true renaming holds on it */
	assert_true(check_equivariance(&s->model, world_rename_threads, 3000,
	    why, sizeof(why)) > 0);
	assert_int_equal(check_equivariance(&s->model, rename_forgets_busy,
	    3000, why, sizeof(why)), -1);
	assert_int_equal(check_equivariance(&s->model, rename_forgets_map_busy,
	    3000, why, sizeof(why)), -1);
	free(s);
}

/* ---------------------------------------------------------------- groups */

static void
test_groups_found(void **state)
{
	struct scenario *s;
	struct symmetry sy;
	char buf[128];

	(void)state;
	s = parse(lwps3);
	symmetry_find(&sy, &s->model);
	symmetry_describe(&sy, &s->model, buf, sizeof(buf));
	assert_string_equal(buf, "a1 a2 a3");
	assert_int_equal(symmetry_order(&sy), 6);
	free(s);

	/* b1 runs a1's program in another process: not interchangeable */
	s = parse(loans2);
	symmetry_find(&sy, &s->model);
	symmetry_describe(&sy, &s->model, buf, sizeof(buf));
	assert_string_equal(buf, "a1 a2");
	assert_int_equal(symmetry_order(&sy), 2);
	free(s);

	/* a different argument, a different expected result, a thread
	 * named by waitpid, an embryo: none interchangeable */
	s = parse("scenario g\nworld pages=4\nproc A\n"
	    "map A 0 anon 0 2 private rw\n"
	    "thread a1 A: touch 0 w\n"
	    "thread a2 A: touch 1 w\n"
	    "thread a3 A: touch 0 w -> SIGSEGV\n"
	    "thread a4 A: touch 0 w\n"
	    "thread a5 A: touch 0 w\n"
	    "thread a6 A: wait a5\n");
	symmetry_find(&sy, &s->model);
	symmetry_describe(&sy, &s->model, buf, sizeof(buf));
	assert_string_equal(buf, "a1 a4");
	free(s);
}

/* ---------------------------------------------------------------- search */

static int g_jobs;	/* --jobs of the searches below (0: one) */

static void
search(const struct model *m, bool symmetry, uint64_t max,
    struct dfs_result *r)
{
	struct dfs_opts o;

	memset(&o, 0, sizeof(o));
	o.jobs = g_jobs;
	o.depth = 64;
	o.max_states = max;
	o.symmetry = symmetry;
	assert_int_equal(dfs_check(m, &o, r), 0);
}

/* the same verdict with and without; a counterexample replays */
static void
assert_same_verdicts(const struct model *m, const char *what, uint64_t max,
    int *fewer)
{
	struct dfs_result *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct run_result *res = calloc(1, sizeof(*res));

	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(res);
	search(m, false, max, a);
	search(m, true, max, b);
	if (!a->limit_hit && !b->limit_hit) {
		if (strcmp(run_verdict_label(a->verdict, a->inv),
		    run_verdict_label(b->verdict, b->inv)) != 0)
			fail_msg("%s: %s without --symmetry, %s with", what,
			    run_verdict_label(a->verdict, a->inv),
			    run_verdict_label(b->verdict, b->inv));
		if (b->verdict != VERDICT_CLEAN) {
			assert_int_equal(run_schedule(m, &b->sched, res, NULL,
			    NULL), 0);
			assert_int_equal(res->verdict, b->verdict);
			if (b->verdict == VERDICT_VIOLATION)
				assert_int_equal(res->inv, b->inv);
		}
		if (a->verdict == VERDICT_CLEAN && dfs_exhaustive(a) &&
		    dfs_exhaustive(b)) {
			assert_true(b->states <= a->states);
			*fewer += b->states < a->states;
		}
	}
	free(res);
	free(a);
	free(b);
}

static void
shape_same_verdicts(const struct model *m, const char *what, int *fewer)
{
	assert_same_verdicts(m, what, 0, fewer);
}

static void
test_search_same_verdicts(void **state)
{
	struct dfs_result *r = calloc(1, sizeof(*r)), *r0 = calloc(1,
	    sizeof(*r0));
	int fewer = 0;

	(void)state;
	each_shape(shape_same_verdicts, &fewer);
	assert_true(fewer >= 3);
	/* the knob of S-11 makes unmap2 fail; --symmetry finds it too */
	{
		struct scenario *s = parse(unmap2);

		assert_int_equal(scenario_apply_config(s, "netbsd-2003", NULL,
		    NULL), 0);
		search(&s->model, true, 0, r);
		assert_int_equal(r->verdict, VERDICT_VIOLATION);
		assert_string_equal(run_verdict_label(r->verdict, r->inv),
		    "freed-page-in-use");
		free(s);
	}
	/* three interchangeable LWPs: at least 4x fewer states (of 6x) */
	{
		struct scenario *s = parse(lwps3);

		assert_int_equal(scenario_apply_config(s, "fixed", NULL, NULL),
		    0);
		search(&s->model, false, 0, r0);
		search(&s->model, true, 0, r);
		assert_true(dfs_exhaustive(r0) && dfs_exhaustive(r));
		assert_int_equal(r->symmetry_order, 6);
		assert_true(r->states * 4 <= r0->states);
		/* two threads sharing the table store the same classes */
		g_jobs = 2;
		search(&s->model, true, 0, r0);
		g_jobs = 0;
		assert_true(dfs_exhaustive(r0));
		assert_int_equal(r0->states, r->states);
		free(s);
	}
	free(r);
	free(r0);
}

/*
 * The bench scenarios (bench/scenarios, millions of states) at a depth
 * bound of 8: the same verdict with and without --symmetry, never more
 * states, fewer on the one with interchangeable workers.
 */
static void
test_bench_scenarios(void **state)
{
	static char names[16][256];
	const char *dir = SOURCE_ROOT "/bench/scenarios";
	struct scenario *s = calloc(1, sizeof(*s));
	struct scenario_error err;
	char path[4500];
	int n = scenario_library_list(dir, names, 16), fewer = 0, grouped = 0;

	(void)state;
	assert_non_null(s);
	assert_true(n >= 4);
	for (int p = 0; p < n; p++) {
		struct symmetry sy;

		snprintf(path, sizeof(path), "%s/%s", dir, names[p]);
		assert_int_equal(scenario_load_file(path, s, &err), 0);
		assert_int_equal(scenario_apply_config(s, NULL, NULL, NULL), 0);
		symmetry_find(&sy, &s->model);
		grouped += sy.ngroups > 0;
		{
			struct dfs_result *a = calloc(1, sizeof(*a));
			struct dfs_result *b = calloc(1, sizeof(*b));
			struct dfs_opts o;

			assert_non_null(a);
			assert_non_null(b);
			memset(&o, 0, sizeof(o));
			o.depth = 8;
			assert_int_equal(dfs_check(&s->model, &o, a), 0);
			o.symmetry = true;
			assert_int_equal(dfs_check(&s->model, &o, b), 0);
			assert_string_equal(run_verdict_label(a->verdict, a->inv),
			    run_verdict_label(b->verdict, b->inv));
			assert_true(b->states <= a->states);
			fewer += b->states < a->states;
			if (sy.ngroups == 0)
				assert_int_equal(b->states, a->states);
			free(a);
			free(b);
		}
	}
	assert_true(grouped >= 1);
	assert_int_equal(fewer, grouped);
	free(s);
}

/* --------------------------------------------------- generated scenarios */

/*
 * Give a generated scenario a twin: a copy of its first user LWP that
 * starts with the program (not fork, clone or exit: the program's
 * structure), in the same process.  false when it has none.
 */
static bool
add_twin(struct model *m)
{
	if (m->nthreads >= MAX_THREADS)
		return false;
	for (int t = 1; t <= m->nthreads; t++) {
		struct thread_def *td = &m->threads[t];
		bool plain = td->kthread == KT_NONE && !td->embryo &&
		    td->nops > 0;

		for (int i = 0; plain && i < td->nops; i++) {
			const struct op_desc *d = op_desc(td->ops[i].kind);

			if (d == NULL || (d->flags & OPF_KEEP))
				plain = false;
		}
		if (!plain)
			continue;
		m->threads[m->nthreads + 1] = *td;
		snprintf(m->threads[m->nthreads + 1].name, NAME_MAX_LEN,
		    "twin");
		m->nthreads++;
		return true;
	}
	return false;
}

#define NGEN		120
#define GEN_SEED	4242
#define GEN_MAX_STATES	30000

static void
test_generated_twins(void **state)
{
	static const char *const gprofiles[] = { "fixed", "netbsd-2020" };
	struct scenario *s = calloc(1, sizeof(*s));
	struct scenario_error err;
	char text[8192];
	int twins = 0, fewer = 0;

	(void)state;
	assert_non_null(s);
	for (int i = 0; i < NGEN; i++) {
		soak_scenario_text(GEN_SEED, i, text, sizeof(text));
		if (scenario_parse(text, strlen(text), "gen", s, &err) != 0)
			fail_msg("generated scenario %d does not parse: %s", i,
			    err.msg);
		for (int p = 0; p < 2; p++) {
			char what[64];

			assert_int_equal(scenario_apply_config(s, gprofiles[p],
			    NULL, NULL), 0);
			if (!add_twin(&s->model))
				break;
			twins += p == 0;
			snprintf(what, sizeof(what), "generated %d under %s", i,
			    gprofiles[p]);
			assert_equivariant(&s->model, 400, what);
			assert_same_verdicts(&s->model, what, GEN_MAX_STATES,
			    &fewer);
			if (scenario_parse(text, strlen(text), "gen", s,
			    &err) != 0)
				fail_msg("generated scenario %d", i);
		}
	}
	print_message("generated scenarios with a twin: %d, %d searches with "
	    "fewer states\n", twins, fewer);
	assert_true(twins >= NGEN / 2);
	assert_true(fewer > 0);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_found),
		cmocka_unit_test(test_library_shapes_equivariant),
		cmocka_unit_test(test_mutant_renaming_caught),
		cmocka_unit_test(test_search_same_verdicts),
		cmocka_unit_test(test_bench_scenarios),
		cmocka_unit_test(test_generated_twins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
