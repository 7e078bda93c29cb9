/*
 * random.c: random walks and PCT (probabilistic concurrency testing).
 *
 * random: each walk starts from the initial world and, until the threads
 *	finish or the depth bound, steps an enabled thread chosen uniformly;
 *	the step's environment alternative is chosen uniformly among
 *	0..nchoice.
 * pct:	Burckhardt et al.: each walk gives the threads random distinct
 *	priorities and picks PCT_D - 1 change points among the first
 *	`depth` steps; the highest-priority enabled thread runs, and at a
 *	change point the running thread drops below every other.
 *	Environment alternatives are chosen as in random.
 *
 * The generator is splitmix64 seeded with --seed, so a seed replays the
 * same walks.  States are counted distinct (a fingerprint table); random
 * search is never exhaustive (bound "walks").
 */
#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"

#define PCT_D		3
#define DEFAULT_WALKS	1000

static uint64_t
next_rand(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int
below(uint64_t *x, int n)
{
	return (int)(next_rand(x) % (uint64_t)n);
}

int
explore_random(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	struct world *w = malloc(2 * sizeof(*w)), *save;
	struct sched_choice path[SCHED_MAX_STEPS];
	struct explore_clock clk;
	struct inv_violation v;
	struct step_result r;
	struct fptable t;
	uint64_t rng = o->seed, walks = o->walks ? o->walks : DEFAULT_WALKS;
	int bound = explore_bound_depth(o), rc = -1;
	bool pct = o->strategy == STRAT_PCT;
	struct fp_ref ref;
	int fr;

	if (w == NULL || fptable_init(&t, o->max_memory) != 0) {
		free(w);
		return -1;
	}
	save = w + 1;
	res->seed = o->seed;
	explore_clock_init(&clk, o, pct ? "pct" : "random");
	res->verdict = VERDICT_CLEAN;
	for (uint64_t walk = 0; walk < walks; walk++) {
		int prio[MAX_THREADS + 1], change[PCT_D - 1];

		for (int i = 1; i <= m->nthreads; i++)
			prio[i] = PCT_D + i;
		for (int i = m->nthreads; i > 1; i--) {	/* shuffle */
			int j = 1 + below(&rng, i), x = prio[i];

			prio[i] = prio[j];
			prio[j] = x;
		}
		for (int i = 0; i < PCT_D - 1; i++)
			change[i] = 1 + below(&rng, bound);
		world_init(w, m);
		if (walk == 0) {
			if (explore_table_lookup(&t, world_fingerprint(w), 0,
			    &ref, res) == FP_FULL)
				goto stopped;
			res->states = 1;
			if (run_check_world(w, m, &v)) {
				explore_set_violation(res, &v);
				rc = 0;
				goto out;
			}
		}
		for (int d = 0;; d++) {
			uint8_t tids[MAX_THREADS];
			int nt = enabled_threads(w, m, tids), tid, c;

			if (nt == 0) {
				if (world_capacity_hit(w))
					res->capacity_hit = true;
				if (world_deadlocked(w, m)) {
					explore_set_deadlock(res);
					explore_path(res, path, d);
					rc = 0;
					goto out;
				}
				break;
			}
			if (d >= bound) {
				res->bound_hit = true;
				break;
			}
			if (pct) {
				tid = tids[0];
				for (int i = 1; i < nt; i++)
					if (prio[tids[i]] > prio[tid])
						tid = tids[i];
				for (int i = 0; i < PCT_D - 1; i++)
					if (change[i] == d + 1)
						prio[tid] = i + 1;
			} else {
				tid = tids[below(&rng, nt)];
			}
			memcpy(save, w, sizeof(*w));
			world_step(w, m, tid, 0, &r);
			res->transitions++;
			c = r.nchoice > 0 ? below(&rng, r.nchoice + 1) : 0;
			if (c != 0) {
				memcpy(w, save, sizeof(*w));
				world_step(w, m, tid, c, &r);
				res->transitions++;
			}
			path[d].tid = (uint8_t)tid;
			path[d].choice = (uint8_t)c;
			if (d + 1 > res->max_depth)
				res->max_depth = d + 1;
			if ((res->transitions & 0x3ff) == 0 && explore_tick(&clk,
			    res, d + 1, 1, fptable_bytes(&t)))
				goto stopped;
			fr = explore_table_lookup(&t, world_fingerprint(w), 0, &ref,
			    res);
			if (fr == FP_FULL)
				goto stopped;
			if (fr == FP_FOUND)
				continue;
			res->states++;
			if (run_check_world(w, m, &v)) {
				explore_set_violation(res, &v);
				explore_path(res, path, d + 1);
				rc = 0;
				goto out;
			}
			if (explore_state_limit(o, res))
				goto stopped;
		}
	}
stopped:
	rc = 0;
	if (res->bound == BOUND_NONE)
		res->bound = BOUND_WALKS;
out:
	explore_clock_done(&clk, res);
	explore_table_figures(res, &t);
	fptable_free(&t);
	free(w);
	return rc;
}
