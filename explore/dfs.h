/*
 * dfs.h: the explorers' common entry point (docs/design.md §8).
 *
 * dfs_check() runs the strategy the options name, each in its own file:
 *
 *	dfs	  stateful depth-first search (dfs.c): a table of 64-bit XXH3
 *		  fingerprints (fptable.c), sleep sets over the steps'
 *		  measured independence (por.c), bounded by depth.  The default.
 *	bfs	  breadth-first (bfs.c): the shortest counterexample.
 *	icb	  iterative context bounding (dfs.c): 0, 1, 2 ... preemptions.
 *	random	  random walks (random.c), the seed printed.
 *	pct	  probabilistic concurrency testing (random.c).
 *	stateless the old plain DFS (dfs.c): no table, no reduction.
 *
 * Alternatives at a state are (thread, choice) pairs: choice 0 (no
 * environment failure) first; that step's nchoice says how many failure
 * points it met, and choices 1..nchoice are tried next.  The search stops
 * at the first violation or deadlock and returns the schedule.  A bound
 * (depth, states, time, preemptions) that stopped or cut the search is
 * named in the result, and the search is then not exhaustive.
 *
 * With liveness, the stateful dfs also reports a PMAP_CANFAIL
 * non-progress cycle (liveness.c) that closes on its stack: the
 * schedule then ends in a state equal to an earlier one of it, and
 * replaying it (run.c) finds the same cycle.  Detection is on-stack, so
 * it finds cycles the search walks around, not every cycle.
 */
#ifndef UVMCHECK_DFS_H
#define UVMCHECK_DFS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/model.h"
#include "corpus/sched_file.h"
#include "invariants/invariants.h"

#define DFS_DEFAULT_DEPTH	64
#define DFS_MAX_JOBS		64	/* worker threads of one search */

enum explore_strategy {
	STRAT_DFS = 0,		/* the default (zeroed options) */
	STRAT_BFS,
	STRAT_ICB,
	STRAT_RANDOM,
	STRAT_PCT,
	STRAT_STATELESS,
	NSTRATEGIES
};

/* which bound stopped or cut the search */
enum explore_bound {
	BOUND_NONE = 0,
	BOUND_DEPTH,		/* some schedule was cut at the depth bound */
	BOUND_STATES,		/* --max-states reached */
	BOUND_TIME,		/* --time reached */
	BOUND_PREEMPTIONS,	/* icb: some schedule needed more preemptions */
	BOUND_WALKS,		/* random/pct: sampling is never exhaustive */
	BOUND_MEMORY,		/* --memory reached (or no memory left) */
	BOUND_BITSTATE,		/* --bitstate: states may have been skipped */
	BOUND_CAPACITY,		/* the model's tables ran out on some path
				 * (EV_MODEL_CAPACITY): cut there */
};

struct dfs_opts {
	int depth;		/* bound on schedule length (0 = DFS_DEFAULT_DEPTH) */
	uint64_t max_states;	/* stop after this many states (0 = no limit) */
	FILE *progress;		/* a progress line now and then (NULL = none) */
	enum explore_strategy strategy;
	bool no_reduction;	/* dfs: no sleep sets */
	int preemptions;	/* icb: the last bound tried (0 = 2) */
	uint64_t seed;		/* random, pct */
	uint64_t walks;		/* random, pct: walks (0 = 1000) */
	double time_limit;	/* seconds (0 = none) */
	int shard_k, shard_n;	/* dfs: explore shard k of n (n 0 or 1 = all) */
	bool keep_table;	/* dfs: leave the state table in the result */
	bool liveness;		/* dfs: report PMAP_CANFAIL non-progress cycles */
	size_t max_memory;	/* bytes for the state table (and bfs's
				 * queue); 0: no limit.  Reached: the search
				 * stops with BOUND_MEMORY */
	bool bitstate;		/* dfs: a bit array instead of the table */
	int jobs;		/* dfs: worker threads sharing the table
				 * (0 or 1: one) */
	bool mpi;		/* bfs over MPI ranks, states partitioned by
				 * fingerprint (mpi.c) */
	bool symmetry;		/* dfs: states stored up to renaming
				 * interchangeable threads (symmetry.h) */
	int target_inv;		/* dfs, bfs, icb: report only this verdict
				 * (an inv_id, INV_DEADLOCK, INV_NONPROGRESS_CYCLE);
				 * other violations are leaves.  0: any */
};

struct fptable;

struct dfs_result {
	enum verdict verdict;
	int inv;		/* enum inv_id (violation; INV_DEADLOCK for deadlock) */
	struct inv_violation viol;
	struct schedule sched;	/* the counterexample */
	uint64_t states;	/* distinct states (stateless: nodes), the initial one included */
	uint64_t transitions;	/* world_step calls of the search proper */
	int max_depth;		/* deepest schedule explored */
	bool bound_hit;		/* some schedule was cut at the depth bound */
	bool capacity_hit;	/* some schedule was cut by the model's capacity */
	bool limit_hit;		/* max_states or time reached: stopped early */
	double seconds;
	/* the explorers' figures */
	enum explore_strategy strategy;
	enum explore_bound bound;	/* the bound that made it inexhaustive */
	uint64_t table_bytes;	/* state table memory */
	uint64_t table_slots;	/* slots (bitstate: bits) */
	double bytes_per_state;	/* 0 when the table is at its initial size
				 * (then it says nothing about the states) */
	double collision_prob;	/* TLC's optimistic estimate */
	double bits_per_state;	/* bitstate */
	double coverage;	/* bitstate: estimated fraction of states reached */
	int jobs;		/* worker threads (mpi: ranks) that ran */
	bool mpi;		/* searched over MPI ranks (jobs: how many) */
	int rank;		/* mpi: this process's rank; 0 reports */
	uint64_t slept;		/* transitions the sleep sets pruned */
	uint64_t por_steps;	/* extra steps spent proving independence */
	double reduction;	/* (transitions + slept) / transitions */
	bool symmetry;		/* --symmetry was asked for */
	uint64_t symmetry_order;	/* --symmetry: the product of k! over
					 * its groups (1: none, or off) */
	uint64_t seed;
	int preemptions;	/* icb: the bound of the last round run */
	struct fptable *table;	/* keep_table: free with dfs_result_free */
};

/* returns 0 (res->verdict says what was found), -1 out of memory */
int dfs_check(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res);
void dfs_result_free(struct dfs_result *res);

/* true when the search covered every schedule (no bound, no limit hit) */
bool dfs_exhaustive(const struct dfs_result *res);

const char *strategy_name(enum explore_strategy s);
int strategy_parse(const char *name);	/* -1 unknown */
const char *bound_name(enum explore_bound b);

#endif
