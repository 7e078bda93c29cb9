/*
 * dfs.h: the first exhaustive explorer: stateless depth-first search.
 *
 * Every schedule up to the depth bound: at each state, every enabled
 * thread, and for each thread every environment alternative of its step
 * (no failure first; the step's r.nchoice then says how many failure
 * points it met, and each is tried failing in turn).  No state table and
 * no reduction: the same state reached by two schedules is explored
 * twice.  The search stops at the first violation or deadlock and
 * returns the schedule that reached it.
 *
 * The stack holds one world per depth (memcpy snapshots), so the search
 * is iterative and its memory is depth x sizeof(struct world).
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

struct dfs_opts {
	int depth;		/* bound on schedule length (0 = DFS_DEFAULT_DEPTH) */
	uint64_t max_states;	/* stop after this many states (0 = no limit) */
	FILE *progress;		/* a progress line now and then (NULL = none) */
};

struct dfs_result {
	enum verdict verdict;
	int inv;		/* enum inv_id (violation; INV_DEADLOCK for deadlock) */
	struct inv_violation viol;
	struct schedule sched;	/* the counterexample */
	uint64_t states;	/* nodes visited, the initial world included */
	uint64_t transitions;	/* world_step calls */
	int max_depth;		/* deepest schedule explored */
	bool bound_hit;		/* some schedule was cut at the depth bound */
	bool limit_hit;		/* max_states reached: the search stopped early */
	double seconds;
};

/* returns 0; res->verdict says what was found */
int dfs_check(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res);

/* true when the search covered every schedule (no bound, no limit hit) */
bool dfs_exhaustive(const struct dfs_result *res);

#endif
