/*
 * test_explore.c: the explorers agree.
 *
 *  - every library scenario (scenarios/ and scenarios/seeds/, every .scn) under
 *    every profile and every expectation: the stateful DFS gives the same
 *    verdict with and without sleep sets (and visits no more states with);
 *  - sharding: the shards of a search together reach the same verdict and
 *    the same distinct states as one unsharded run;
 *  - --jobs 2 and --bitstate give the same verdicts (and --jobs the same
 *    states); the fingerprint table keeps every fingerprint through its
 *    doublings, alone and with two threads, and stops at its limit;
 *  - bfs finds a counterexample no longer than dfs's; random and pct
 *    replay the same walks from the same seed; every counterexample
 *    replays to the verdict the explorer reported.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "core/knobs.h"
#include "scenarios/scenario.h"
#include "explore/dfs.h"
#include "explore/fptable.h"
#include "explore/minimize.h"
#include "explore/run.h"

#define MAX_STATES	400000ull
#define MAX_SCN		64

/* check() runs with these (test_jobs_bitstate) */
static int g_jobs;
static bool g_bitstate;

static char paths[MAX_SCN][1200];
static int npaths;

static void
collect(const char *dir)
{
	static char names[MAX_SCN][256];
	int n = scenario_library_list(dir, names, MAX_SCN);

	for (int i = 0; i < n && i < MAX_SCN && npaths < MAX_SCN; i++) {
		size_t dl = strlen(dir), nl = strlen(names[i]);

		if (dl + nl + 2 > sizeof(paths[0]))
			continue;
		memcpy(paths[npaths], dir, dl);
		paths[npaths][dl] = '/';
		memcpy(paths[npaths] + dl + 1, names[i], nl + 1);
		npaths++;
	}
}

static int
setup(void **state)
{
	(void)state;
	collect(SOURCE_ROOT "/scenarios");
	collect(SOURCE_ROOT "/scenarios/seeds");
	return npaths > 0 ? 0 : -1;
}

static void
check(const struct scenario *s, enum explore_strategy st, bool noreduce,
    int shard_k, int shard_n, bool keep, struct dfs_result *r)
{
	struct dfs_opts o;

	memset(&o, 0, sizeof(o));
	o.depth = (int)(s->bound_depth > SCHED_MAX_STEPS ? SCHED_MAX_STEPS :
	    s->bound_depth);
	o.max_states = MAX_STATES;
	o.strategy = st;
	o.no_reduction = noreduce;
	o.shard_k = shard_k;
	o.shard_n = shard_n;
	o.keep_table = keep;
	o.jobs = g_jobs;
	o.bitstate = g_bitstate;
	o.seed = 42;
	o.walks = 200;
	assert_int_equal(dfs_check(&s->model, &o, r), 0);
}

static void
assert_replays(const struct scenario *s, const struct dfs_result *r)
{
	struct run_result *res;

	if (r->verdict == VERDICT_CLEAN)
		return;
	res = calloc(1, sizeof(*res));
	assert_non_null(res);
	assert_int_equal(run_schedule(&s->model, &r->sched, res, NULL, NULL), 0);
	assert_int_equal(res->verdict, r->verdict);
	if (r->verdict == VERDICT_VIOLATION)
		assert_int_equal(res->inv, r->inv);
	free(res);
}

/* configurations: every profile, then every expectation */
static int
configure(struct scenario *s, int i)
{
	if (i < nprofile_descs)
		return scenario_apply_config(s, profile_descs[i].name, NULL,
		    NULL);
	return scenario_apply_expect(s, i - nprofile_descs);
}

static void
test_reduction_same_verdicts(void **state)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct scenario_error err;
	int compared = 0;

	(void)state;
	assert_non_null(s);
	assert_non_null(a);
	assert_non_null(b);
	for (int p = 0; p < npaths; p++) {
		assert_int_equal(scenario_load_file(paths[p], s, &err), 0);
		for (int i = 0; i < nprofile_descs + s->nexpect; i++) {
			assert_int_equal(configure(s, i), 0);
			check(s, STRAT_DFS, false, 0, 0, false, a);
			check(s, STRAT_DFS, true, 0, 0, false, b);
			assert_replays(s, a);
			assert_replays(s, b);
			if (a->limit_hit || b->limit_hit)
				continue;	/* a cut search proves nothing */
			if (strcmp(run_verdict_label(a->verdict, a->inv),
			    run_verdict_label(b->verdict, b->inv)) != 0)
				fail_msg("%s config %d: %s with sleep sets, %s "
				    "without", paths[p], i,
				    run_verdict_label(a->verdict, a->inv),
				    run_verdict_label(b->verdict, b->inv));
			if (a->verdict == VERDICT_CLEAN && dfs_exhaustive(b))
				assert_true(a->states <= b->states);
			compared++;
		}
	}
	print_message("compared %d configurations\n", compared);
	assert_true(compared > 0);
	free(a);
	free(b);
	free(s);
}

/*
 * --jobs 2 (threads sharing the table, work given to idle workers) gives
 * the verdicts of one worker and stores every state once (sleep sets
 * keep every state, so the counts are equal); --bitstate, with a bit
 * array far larger than these searches, gives the same verdicts.
 */
static void
test_jobs_bitstate(void **state)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct scenario_error err;
	int compared = 0;

	(void)state;
	assert_non_null(s);
	assert_non_null(a);
	assert_non_null(b);
	for (int p = 0; p < npaths; p++) {
		assert_int_equal(scenario_load_file(paths[p], s, &err), 0);
		for (int i = 0; i < s->nexpect; i++) {
			assert_int_equal(scenario_apply_expect(s, i), 0);
			check(s, STRAT_DFS, false, 0, 0, false, a);
			for (int mode = 0; mode < 2; mode++) {
				g_jobs = mode == 0 ? 2 : 0;
				g_bitstate = mode == 1;
				check(s, STRAT_DFS, false, 0, 0, false, b);
				g_jobs = 0;
				g_bitstate = false;
				assert_replays(s, b);
				if (a->limit_hit || b->limit_hit)
					continue;
				if (strcmp(run_verdict_label(a->verdict, a->inv),
				    run_verdict_label(b->verdict, b->inv)) != 0)
					fail_msg("%s expectation %d: %s, %s with %s",
					    paths[p], i,
					    run_verdict_label(a->verdict, a->inv),
					    run_verdict_label(b->verdict, b->inv),
					    mode == 0 ? "--jobs 2" : "--bitstate");
				if (mode == 0 && a->verdict == VERDICT_CLEAN) {
					assert_int_equal(b->jobs, 2);
					assert_int_equal(a->states, b->states);
				}
				if (mode == 1)
					assert_true(b->coverage > 0.999);
				compared++;
			}
		}
	}
	print_message("compared %d configurations\n", compared);
	assert_true(compared > 0);
	free(a);
	free(b);
	free(s);
}

/*
 * The table keeps every fingerprint through its doublings (a slot holds
 * only part of one; the bucket says the rest), never stores one twice
 * when two threads insert the same ones, and stops at max_bytes.
 */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

struct ins_arg {
	struct fptable *t;
	uint64_t n;
	uint64_t added;
};

static void *
ins_thread(void *p)
{
	struct ins_arg *a = p;
	struct fp_ref ref;

	fptable_worker_enter(a->t);
	for (uint64_t i = 0; i < a->n; i++) {
		int rc = fptable_lookup(a->t, mix(i), (uint16_t)i, &ref);

		a->added += rc == FP_NEW;
		fptable_safepoint(a->t);
	}
	fptable_worker_leave(a->t);
	return NULL;
}

static void
test_fptable(void **state)
{
	struct fptable t;
	struct fp_ref ref;
	const uint64_t n = 3000000;
	uint64_t i;
	int rc;

	(void)state;
	assert_int_equal(fptable_init(&t, 0), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(fptable_lookup(&t, mix(i), (uint16_t)i, &ref),
		    FP_NEW);
	assert_true(fptable_bytes(&t) > ((size_t)16 << 20));	/* it grew */
	assert_int_equal(fptable_count(&t), n);
	for (i = 0; i < n; i++) {
		assert_int_equal(fptable_lookup(&t, mix(i), 0, &ref), FP_FOUND);
		assert_int_equal(ref.aux, (uint16_t)i);
	}
	assert_false(fptable_contains(&t, mix(n)));
	assert_true(fptable_set_aux(&t, &ref, 7));
	ref.aux = 9;
	assert_false(fptable_set_aux(&t, &ref, 8));	/* stale: refused */
	assert_int_equal(ref.aux, 7);
	fptable_free(&t);

	/* at its limit the table says so instead of growing */
	assert_int_equal(fptable_init(&t, (size_t)16 << 20), 0);
	for (i = 0; (rc = fptable_lookup(&t, mix(i), 0, &ref)) == FP_NEW; i++)
		;
	assert_int_equal(rc, FP_FULL);
	assert_int_equal(fptable_bytes(&t), (size_t)16 << 20);
	assert_true(i > fptable_slots(&t) * 8 / 10);	/* filled past 80% */
	fptable_free(&t);

	/* two threads insert the same fingerprints, growing the table */
	{
		pthread_t th;
		struct ins_arg a = { &t, 2500000, 0 }, b = { &t, 2500000, 0 };

		assert_int_equal(fptable_init(&t, 0), 0);
		assert_int_equal(pthread_create(&th, NULL, ins_thread, &a), 0);
		ins_thread(&b);
		pthread_join(th, NULL);
		assert_int_equal(a.added + b.added, 2500000);
		assert_int_equal(fptable_count(&t), 2500000);
		for (i = 0; i < 2500000; i++)
			assert_true(fptable_contains(&t, mix(i)));
		fptable_free(&t);
	}
}

/*
 * The bench scenarios (bench/scenarios, millions of states) at a small
 * depth bound (6): the same verdict with sleep sets, without them, and with
 * --jobs 2 (with the same states).
 */
static void
test_bench_small(void **state)
{
	static char names[16][256];
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *r = calloc(3, sizeof(*r));
	struct scenario_error err;
	const char *dir = SOURCE_ROOT "/bench/scenarios";
	char path[4500];
	int n = scenario_library_list(dir, names, 16), compared = 0;

	(void)state;
	assert_non_null(s);
	assert_non_null(r);
	assert_true(n >= 3);
	for (int p = 0; p < n; p++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[p]);
		assert_int_equal(scenario_load_file(path, s, &err), 0);
		assert_int_equal(scenario_apply_config(s, NULL, NULL, NULL), 0);
		s->bound_depth = 6;
		check(s, STRAT_DFS, false, 0, 0, false, &r[0]);
		check(s, STRAT_DFS, true, 0, 0, false, &r[1]);
		g_jobs = 2;
		check(s, STRAT_DFS, false, 0, 0, false, &r[2]);
		g_jobs = 0;
		for (int k = 0; k < 3; k++) {
			assert_false(r[k].limit_hit);
			assert_replays(s, &r[k]);
			assert_string_equal(run_verdict_label(r[k].verdict,
			    r[k].inv), run_verdict_label(r[0].verdict, r[0].inv));
		}
		assert_int_equal(r[0].states, r[1].states);
		assert_int_equal(r[0].states, r[2].states);
		compared++;
	}
	print_message("compared %d bench scenarios\n", compared);
	free(r);
	free(s);
}

/*
 * The explorers' fingerprint updated step by step equals the one
 * computed from scratch, along random walks of every library scenario;
 * it ignores t_retries beyond 1 and sees any other byte.
 */
static void
test_incremental_fingerprint(void **state)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct world *w = calloc(2, sizeof(*w));
	struct scenario_error err;
	struct step_result r;
	uint8_t tids[MAX_THREADS];
	uint64_t x = 7, steps = 0, fp, fpb;
	uint64_t bh[2][EXPLORE_FP_BLOCKS], want[EXPLORE_FP_BLOCKS];

	(void)state;
	assert_non_null(s);
	assert_non_null(w);
	for (int p = 0; p < npaths; p++) {
		assert_int_equal(scenario_load_file(paths[p], s, &err), 0);
		assert_int_equal(scenario_apply_config(s, NULL, NULL, NULL), 0);
		for (int walk = 0; walk < 20; walk++) {
			world_init(&w[0], &s->model);
			fp = explore_fingerprint(&w[0]);
			fpb = explore_fingerprint_blocks(&w[0], bh[0]);
			assert_true(fpb == fp);
			for (int d = 0; d < 40; d++) {
				int n = enabled_threads(&w[0], &s->model, tids);

				if (n == 0)
					break;
				x = x * 6364136223846793005ull +
				    1442695040888963407ull;
				memcpy(&w[1], &w[0], sizeof(w[0]));
				world_step(&w[1], &s->model,
				    tids[(x >> 33) % (uint64_t)n], 0, &r);
				fp = explore_fingerprint_step(&w[0], fp, &w[1]);
				assert_true(fp == explore_fingerprint(&w[1]));
				/* the kept block hashes: the same sum, and each
				 * block's hash that of the child's block */
				fpb = explore_fingerprint_step_blocks(&w[0], fpb,
				    bh[0], &w[1], bh[1]);
				assert_true(fpb == fp);
				(void)explore_fingerprint_blocks(&w[1], want);
				assert_memory_equal(bh[1], want, sizeof(want));
				memcpy(bh[0], bh[1], sizeof(bh[0]));
				memcpy(&w[0], &w[1], sizeof(w[0]));
				steps++;
			}
		}
	}
	assert_true(steps > 1000);
	memcpy(&w[1], &w[0], sizeof(w[0]));
	w[1].threads[1].t_retries = 2;
	w[0].threads[1].t_retries = 7;
	assert_true(explore_fingerprint(&w[0]) == explore_fingerprint(&w[1]));
	w[1].wirings[MAX_WIRINGS].w_page ^= 1;	/* the last byte block */
	assert_true(explore_fingerprint(&w[0]) != explore_fingerprint(&w[1]));
	assert_true(explore_fingerprint_step(&w[0], explore_fingerprint(&w[0]),
	    &w[1]) == explore_fingerprint(&w[1]));
	free(w);
	free(s);
}

/* how many fingerprints of t are in none of the earlier tables */
static uint64_t
new_in(const struct fptable *t, struct fptable *const *earlier, int n)
{
	uint64_t c = 0;

	for (uint64_t i = 0; i < fptable_slots(t); i++) {
		bool seen = false;
		uint64_t fp;

		if (!fptable_at(t, i, &fp))
			continue;
		for (int k = 0; k < n && !seen; k++)
			seen = fptable_contains(earlier[k], fp);
		c += !seen;
	}
	return c;
}

static void
test_shards_cover(void **state)
{
	enum { N = 4 };
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *whole = calloc(1, sizeof(*whole));
	struct dfs_result *part = calloc(N, sizeof(*part));
	struct scenario_error err;
	int compared = 0;

	(void)state;
	assert_non_null(s);
	assert_non_null(whole);
	assert_non_null(part);
	for (int p = 0; p < npaths; p++) {
		for (int red = 0; red < 2; red++) {
			struct fptable *tabs[N];
			uint64_t distinct = 0;
			enum verdict v = VERDICT_CLEAN;

			assert_int_equal(scenario_load_file(paths[p], s, &err), 0);
			assert_int_equal(scenario_apply_config(s, NULL, NULL, NULL),
			    0);
			check(s, STRAT_DFS, red != 0, 0, 0, true, whole);
			if (!dfs_exhaustive(whole) ||
			    whole->verdict != VERDICT_CLEAN) {
				dfs_result_free(whole);
				continue;
			}
			for (int k = 0; k < N; k++) {
				check(s, STRAT_DFS, red != 0, k, N, true, &part[k]);
				assert_true(dfs_exhaustive(&part[k]));
				if (part[k].verdict != VERDICT_CLEAN)
					v = part[k].verdict;
				tabs[k] = part[k].table;
				distinct += new_in(tabs[k], tabs, k);
			}
			assert_int_equal(v, whole->verdict);
			assert_int_equal(distinct, fptable_count(whole->table));
			for (int k = 0; k < N; k++)
				dfs_result_free(&part[k]);
			dfs_result_free(whole);
			compared++;
		}
	}
	/* a finding of the whole search is a finding of some shard */
	for (int p = 0; p < npaths; p++) {
		assert_int_equal(scenario_load_file(paths[p], s, &err), 0);
		for (int i = nprofile_descs; i < nprofile_descs + s->nexpect;
		    i++) {
			bool any = false;

			assert_int_equal(configure(s, i), 0);
			check(s, STRAT_DFS, false, 0, 0, false, whole);
			if (whole->verdict == VERDICT_CLEAN)
				continue;
			for (int k = 0; k < N && !any; k++) {
				check(s, STRAT_DFS, false, k, N, false, &part[k]);
				any = part[k].verdict != VERDICT_CLEAN;
				assert_replays(s, &part[k]);
			}
			assert_true(any);
			compared++;
		}
	}
	print_message("compared %d sharded searches\n", compared);
	assert_true(compared > 0);
	free(part);
	free(whole);
	free(s);
}

static void
test_strategies(void **state)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct scenario_error err;
	int found = 0;

	(void)state;
	assert_non_null(s);
	assert_non_null(a);
	assert_non_null(b);
	for (int p = 0; p < npaths; p++) {
		assert_int_equal(scenario_load_file(paths[p], s, &err), 0);
		for (int i = nprofile_descs; i < nprofile_descs + s->nexpect;
		    i++) {
			assert_int_equal(configure(s, i), 0);
			check(s, STRAT_DFS, false, 0, 0, false, a);
			if (a->verdict == VERDICT_CLEAN)
				continue;
			check(s, STRAT_BFS, false, 0, 0, false, b);
			assert_replays(s, b);
			if (!b->limit_hit) {
				assert_int_not_equal(b->verdict, VERDICT_CLEAN);
				assert_true(b->sched.n <= a->sched.n);
			}
			check(s, STRAT_ICB, false, 0, 0, false, b);
			assert_replays(s, b);
			found++;
		}
		assert_int_equal(configure(s, 0), 0);
		for (int st = STRAT_RANDOM; st <= STRAT_PCT; st++) {
			check(s, (enum explore_strategy)st, false, 0, 0, false, a);
			check(s, (enum explore_strategy)st, false, 0, 0, false, b);
			assert_int_equal(a->verdict, b->verdict);
			assert_int_equal(a->states, b->states);
			assert_int_equal(a->transitions, b->transitions);
			if (a->verdict == VERDICT_CLEAN)
				assert_false(dfs_exhaustive(a));
			assert_replays(s, a);
		}
	}
	assert_true(found > 0);
	free(a);
	free(b);
	free(s);
}

/*
 * minimization: a random walk's counterexample shrinks to a schedule as
 * short as bfs's shortest, with the same finding
 */
static void
test_minimize(void **state)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct min_result *mr = calloc(1, sizeof(*mr));
	struct run_result *res = calloc(1, sizeof(*res));
	struct scenario_error err;
	int done = 0;

	(void)state;
	assert_non_null(s);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(mr);
	assert_non_null(res);
	for (int p = 0; p < npaths; p++) {
		assert_int_equal(scenario_load_file(paths[p], s, &err), 0);
		for (int i = nprofile_descs; i < nprofile_descs + s->nexpect;
		    i++) {
			assert_int_equal(configure(s, i), 0);
			check(s, STRAT_RANDOM, false, 0, 0, false, a);
			if (a->verdict != VERDICT_VIOLATION)
				continue;
			check(s, STRAT_BFS, false, 0, 0, false, b);
			assert_int_equal(explore_minimize(&s->model, &a->sched,
			    (int)s->bound_depth, mr), 0);
			assert_int_equal(mr->steps0, a->sched.n);
			assert_true(mr->steps <= mr->steps0);
			assert_int_equal(mr->sched.n, mr->steps);
			assert_int_equal(run_schedule(&s->model, &mr->sched, res,
			    NULL, NULL), 0);
			assert_int_equal(res->verdict, VERDICT_VIOLATION);
			assert_int_equal(res->inv, a->inv);
			if (!b->limit_hit && b->inv == a->inv)
				assert_true(mr->steps <= b->sched.n);
			done++;
		}
	}
	print_message("minimized %d counterexamples\n", done);
	assert_true(done > 0);
	free(res);
	free(mr);
	free(a);
	free(b);
	free(s);
}

/* canfail-livelock: a non-progress cycle with always-wait, clean fixed */
static void
test_liveness(void **state)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *r = calloc(1, sizeof(*r));
	struct scenario_error err;
	struct knobs ov;
	uint8_t mask[NKNOBS];
	struct dfs_opts o;

	(void)state;
	assert_non_null(s);
	assert_non_null(r);
	assert_int_equal(scenario_load_file(SOURCE_ROOT
	    "/scenarios/canfail-livelock.scn", s, &err), 0);
	memset(&o, 0, sizeof(o));
	o.depth = 40;
	o.liveness = true;
	for (int bug = 0; bug < 2; bug++) {
		memset(&ov, 0, sizeof(ov));
		memset(mask, 0, sizeof(mask));
		ov.v[K_FAULT_CHECKS_RECLAIMABLE] = (uint8_t)bug;
		mask[K_FAULT_CHECKS_RECLAIMABLE] = 1;
		assert_int_equal(scenario_apply_config(s, "fixed", &ov, mask), 0);
		assert_int_equal(dfs_check(&s->model, &o, r), 0);
		if (bug) {
			assert_int_equal(r->verdict, VERDICT_VIOLATION);
			assert_int_equal(r->inv, INV_NONPROGRESS_CYCLE);
			assert_replays(s, r);
		} else {
			assert_int_equal(r->verdict, VERDICT_CLEAN);
			assert_true(dfs_exhaustive(r));
		}
	}
	free(r);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reduction_same_verdicts),
		cmocka_unit_test(test_shards_cover),
		cmocka_unit_test(test_jobs_bitstate),
		cmocka_unit_test(test_fptable),
		cmocka_unit_test(test_incremental_fingerprint),
		cmocka_unit_test(test_bench_small),
		cmocka_unit_test(test_strategies),
		cmocka_unit_test(test_liveness),
		cmocka_unit_test(test_minimize),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
