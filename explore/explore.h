/*
 * explore.h: what the explorers (dfs.c, bfs.c, random.c) share; internal
 * to explore/.
 */
#ifndef UVMCHECK_EXPLORE_H
#define UVMCHECK_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "explore/dfs.h"
#include "explore/fingerprint.h"
#include "explore/fptable.h"
#include "explore/run.h"

#define TBIT(tid)	((uint8_t)(1u << ((tid) - 1)))

/* progress line and limits, checked every few hundred transitions */
struct explore_clock {
	double t0, last, deadline;	/* deadline 0: none */
	FILE *out;
	const char *name;
	bool printed;
};
void explore_clock_init(struct explore_clock *c, const struct dfs_opts *o,
    const char *name);
/* true: the time bound is reached (res->limit_hit, res->bound set) */
bool explore_tick(struct explore_clock *c, struct dfs_result *res, int depth,
    uint64_t frontier, size_t mem);
void explore_clock_done(struct explore_clock *c, struct dfs_result *res);
/* max_states reached: sets limit_hit and bound */
bool explore_state_limit(const struct dfs_opts *o, struct dfs_result *res);
void explore_set_violation(struct dfs_result *res,
    const struct inv_violation *v);
void explore_set_deadlock(struct dfs_result *res);
void explore_path(struct dfs_result *res, const struct sched_choice *path,
    int n);
void explore_table_figures(struct dfs_result *res, const struct fptable *t);
/* fptable_lookup; FP_FULL also sets the memory bound in res */
int explore_table_lookup(struct fptable *t, uint64_t fp, uint16_t aux,
    struct fp_ref *ref, struct dfs_result *res);
int explore_bound_depth(const struct dfs_opts *o);
/* is a finding of inv the one the search looks for (o->target_inv)? */
static inline bool
explore_wanted(const struct dfs_opts *o, int inv)
{
	return o->target_inv == 0 || o->target_inv == inv;
}

/*
 * Sleep sets (por.c): the subset of cand, threads asleep or already
 * explored at state s, that stay asleep after the step (t, c) took s to
 * st.  A thread u stays asleep only when the two steps are proved to
 * commute at s: u is enabled at s and at st with the same number of
 * environment alternatives, and for every alternative cu of u,
 * s.(u,cu).(t,c) and st.(u,cu) are the same world byte for byte (each
 * step enabled, each failure point taken).  Anything else is dependent.
 * pc (or NULL) holds the worlds s.(u,0) already computed at s; next (or
 * NULL) is st's cache, where the st.(u,0) it computes are left.  *steps
 * counts the world_step calls spent.
 */
struct por_cache {
	uint8_t valid;			/* TBIT(u): w[u-1] is s.(u,0) */
	uint16_t nchoice[MAX_THREADS];	/* its step's environment choices */
	struct world w[MAX_THREADS];
};
uint8_t por_sleep(const struct model *m, const struct world *s,
    const struct world *st, int t, int c, uint8_t cand,
    const struct por_cache *pc, struct por_cache *next, uint64_t *steps);

int explore_stateful(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res);
int explore_bfs(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res);
int explore_random(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res);

#endif
