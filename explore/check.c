/*
 * check.c: a configured scenario searched as a command's options say
 * (explore/check.h).
 */
#include <stdio.h>
#include <string.h>

#include "explore/check.h"
#include "explore/shard.h"

/* --jobs as threads sharing the table (dfs), or as forked shards */
static bool
check_threads(const struct check_opts *o)
{
	return o->strategy == STRAT_DFS && !o->liveness;
}

static void
check_opts_to_dfs(const struct scenario *s, const struct check_opts *o,
    struct dfs_opts *d)
{
	memset(d, 0, sizeof(*d));
	d->depth = (int)(o->depth != 0 ? o->depth : s->bound_depth != 0 ?
	    (s->bound_depth > SCHED_MAX_STEPS ? SCHED_MAX_STEPS : s->bound_depth) :
	    DFS_DEFAULT_DEPTH);
	d->max_states = o->max_states;
	d->progress = o->progress ? stderr : NULL;
	d->strategy = o->strategy;
	d->no_reduction = o->no_reduction;
	d->symmetry = o->symmetry;
	d->preemptions = o->preemptions;
	d->seed = o->seed;
	d->walks = o->walks;
	d->time_limit = o->time_limit;
	d->shard_k = o->shard_k;
	d->shard_n = o->shard_n;
	d->liveness = o->liveness;
	d->max_memory = o->max_memory;
	d->bitstate = o->bitstate;
	d->mpi = o->mpi;
	if (o->mpi)
		d->strategy = STRAT_BFS;
	if (o->jobs > 1 && check_threads(o))
		d->jobs = o->jobs;
}

int
explore_check(const struct scenario *s, const struct check_opts *o,
    struct dfs_result *r, char *err, size_t errlen)
{
	struct dfs_opts d;

	check_opts_to_dfs(s, o, &d);
	if (o->jobs > 1 && !check_threads(o)) {
		if (shard_fork_check(&s->model, &d, o->jobs, r) != 0) {
			snprintf(err, errlen, "a shard of --jobs failed");
			return -1;
		}
		return 0;
	}
	if (dfs_check(&s->model, &d, r) != 0) {
		snprintf(err, errlen, "out of memory for the search");
		return -1;
	}
	return 0;
}
