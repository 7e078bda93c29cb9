/*
 * check.h: a configured scenario searched as a command's options say
 * (uvmcheck check, matrix, gate): the options, and the one call that
 * picks the explorer for them.
 *
 * --jobs runs as threads sharing one state table for the stateful DFS
 * (explore/dfs.h), and as forked shards for every other strategy and
 * for the liveness search (explore/shard.h).  The depth is the
 * option's, else the scenario's `bound depth` (at most
 * SCHED_MAX_STEPS), else DFS_DEFAULT_DEPTH.
 */
#ifndef UVMCHECK_EXPLORE_CHECK_H
#define UVMCHECK_EXPLORE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "explore/dfs.h"
#include "scenarios/scenario.h"

struct check_opts {
	unsigned depth;		/* 0: the scenario's bound */
	uint64_t max_states;	/* 0: no limit */
	bool progress;		/* progress line on stderr */
	/* the explorer; zero: stateful DFS with sleep sets */
	enum explore_strategy strategy;
	bool no_reduction;
	bool symmetry;		/* dfs: --symmetry (explore/symmetry.h) */
	int preemptions;	/* icb */
	uint64_t seed;		/* random, pct */
	bool seed_set;
	uint64_t walks;
	double time_limit;	/* seconds, 0 none */
	int shard_k, shard_n;
	int jobs;		/* threads (dfs) or forked shards (check) */
	size_t max_memory;	/* --memory: bytes, 0 no limit */
	bool bitstate;		/* --bitstate */
	bool mpi;		/* --mpi: bfs over the MPI ranks (mpi.c) */
	bool liveness;		/* non-progress cycles (dfs): check --liveness */
	bool no_minimize;	/* check: keep the counterexample as found */
};

/*
 * Search s (configured) as o says, into r.  0, or -1 with err saying
 * what failed (the memory for the search, or a shard of --jobs): the
 * search did not finish and r is not a verdict.
 */
int explore_check(const struct scenario *s, const struct check_opts *o,
    struct dfs_result *r, char *err, size_t errlen);

#endif
