/*
 * explore.c: dfs_check() dispatches to the strategy's explorer; the
 * helpers every explorer shares (clock, progress line, bounds, figures).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore/explore.h"
#include "explore/clock.h"
#include "explore/mpi.h"

static const char *const strategy_names[NSTRATEGIES] = {
	[STRAT_DFS] = "dfs", [STRAT_BFS] = "bfs", [STRAT_ICB] = "icb",
	[STRAT_RANDOM] = "random", [STRAT_PCT] = "pct",
	[STRAT_STATELESS] = "stateless",
};

const char *
strategy_name(enum explore_strategy s)
{
	return (unsigned)s < NSTRATEGIES ? strategy_names[s] : "?";
}

int
strategy_parse(const char *name)
{
	for (int i = 0; i < NSTRATEGIES; i++)
		if (strcmp(name, strategy_names[i]) == 0)
			return i;
	return -1;
}

const char *
bound_name(enum explore_bound b)
{
	switch (b) {
	case BOUND_NONE: return "none";
	case BOUND_DEPTH: return "depth";
	case BOUND_STATES: return "max-states";
	case BOUND_TIME: return "time";
	case BOUND_PREEMPTIONS: return "preemptions";
	case BOUND_WALKS: return "walks";
	case BOUND_MEMORY: return "memory";
	case BOUND_BITSTATE: return "bitstate";
	case BOUND_CAPACITY: return "capacity";
	}
	return "?";
}

void
explore_clock_init(struct explore_clock *c, const struct dfs_opts *o,
    const char *name)
{
	c->t0 = c->last = clock_monotonic();
	c->deadline = o->time_limit > 0 ? c->t0 + o->time_limit : 0;
	c->out = o->progress;
	c->name = name;
	c->printed = false;
}

bool
explore_tick(struct explore_clock *c, struct dfs_result *res, int depth,
    uint64_t frontier, size_t mem)
{
	double t = clock_monotonic();

	if (c->out != NULL && t - c->last >= 0.5) {
		fprintf(c->out, "\r  %s: %llu states, %.0f states/s, depth %d, "
		    "%s %llu, %.1f MiB   ", c->name,
		    (unsigned long long)res->states,
		    (double)res->states / (t - c->t0), depth,
		    res->strategy == STRAT_BFS ? "queue" : "stack",
		    (unsigned long long)frontier, (double)mem / 1048576.0);
		fflush(c->out);
		c->last = t;
		c->printed = true;
	}
	if (c->deadline != 0 && t >= c->deadline) {
		res->limit_hit = true;
		res->bound = BOUND_TIME;
		return true;
	}
	return false;
}

void
explore_clock_done(struct explore_clock *c, struct dfs_result *res)
{
	if (c->out != NULL && c->printed) {
		fprintf(c->out, "\r%90s\r", "");
		fflush(c->out);
	}
	res->seconds = clock_monotonic() - c->t0;
}

bool
explore_state_limit(const struct dfs_opts *o, struct dfs_result *res)
{
	if (o->max_states != 0 && res->states >= o->max_states) {
		res->limit_hit = true;
		res->bound = BOUND_STATES;
		return true;
	}
	return false;
}

void
explore_set_violation(struct dfs_result *res, const struct inv_violation *v)
{
	res->verdict = VERDICT_VIOLATION;
	res->inv = v->inv;
	res->viol = *v;
}

void
explore_set_deadlock(struct dfs_result *res)
{
	res->verdict = VERDICT_DEADLOCK;
	res->inv = INV_DEADLOCK;
}

void
explore_path(struct dfs_result *res, const struct sched_choice *path, int n)
{
	res->sched.n = n;
	memcpy(res->sched.c, path, (size_t)n * sizeof(path[0]));
}

int
explore_table_lookup(struct fptable *t, uint64_t fp, uint16_t aux,
    struct fp_ref *ref, struct dfs_result *res)
{
	int rc = fptable_lookup(t, fp, aux, ref);

	if (rc == FP_FULL) {
		res->limit_hit = true;
		res->bound = BOUND_MEMORY;
	}
	return rc;
}

void
explore_table_figures(struct dfs_result *res, const struct fptable *t)
{
	double n = (double)fptable_count(t), gen = (double)res->transitions + 1;

	res->table_bytes = fptable_bytes(t);
	res->table_slots = fptable_slots(t);
	/* meaningful once the states, not the initial size, set the size */
	res->bytes_per_state = n * 2 > (double)(((uint64_t)1 <<
	    FPTABLE_MIN_BITS) * FPTABLE_WAYS) ? (double)res->table_bytes / n : 0;
	/*
	 * TLC's "calculated (optimistic)" collision probability: each
	 * generated state that was already seen could have been a new one
	 * whose fingerprint collided with one of the n stored.
	 */
	res->collision_prob = gen > n ? n * (gen - n) / ldexp(1.0, 64) :
	    n * n / ldexp(1.0, 65);
}

int
explore_bound_depth(const struct dfs_opts *o)
{
	int bound = o->depth > 0 ? o->depth : DFS_DEFAULT_DEPTH;

	return bound > SCHED_MAX_STEPS ? SCHED_MAX_STEPS : bound;
}

bool
dfs_exhaustive(const struct dfs_result *res)
{
	return !res->bound_hit && !res->capacity_hit && !res->limit_hit &&
	    res->bound == BOUND_NONE;
}

void
dfs_result_free(struct dfs_result *res)
{
	if (res->table != NULL) {
		fptable_free(res->table);
		free(res->table);
		res->table = NULL;
	}
}

int
dfs_check(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	int rc;

	memset(res, 0, sizeof(*res));
	res->strategy = o->strategy;
	switch (o->strategy) {
	case STRAT_BFS:
		rc = o->mpi ? explore_mpi(m, o, res) : explore_bfs(m, o, res);
		break;
	case STRAT_RANDOM:
	case STRAT_PCT:
		rc = explore_random(m, o, res);
		break;
	default:
		rc = explore_stateful(m, o, res);
		break;
	}
	if (res->transitions != 0)
		res->reduction = (double)(res->transitions + res->slept) /
		    (double)res->transitions;
	return rc;
}
