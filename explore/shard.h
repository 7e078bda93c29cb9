/*
 * shard.h: --shard K/N, a deterministic 1/N of the search tree.
 *
 * Every shard walks the same first SHARD_DEPTH levels of the tree; at
 * that depth a child is kept only by the shard that owns a hash (XXH3)
 * of its path's choices, modulo N.  Deeper states belong to the shard
 * that owns their prefix.  A state reachable under two prefixes owned by
 * two shards is explored by both: shard_duplication() measures how much
 * the shards' summed states exceed the whole search's.
 */
#ifndef UVMCHECK_SHARD_H
#define UVMCHECK_SHARD_H

#include <stdbool.h>
#include <stdint.h>

#include "corpus/sched_file.h"
#include "explore/dfs.h"

#define SHARD_DEPTH	6
#define SHARD_MAX	1000000	/* largest N accepted */

/*
 * Parse "K/N": two decimal numbers without sign, space or leading '+',
 * 0 <= K < N <= SHARD_MAX.  Returns 0, or -1 with a reason in why.
 */
int shard_parse(const char *arg, int *k, int *n, const char **why);

/* is the child at depth reached by path[0..depth-1] in shard k of n? */
bool shard_keeps(const struct sched_choice *path, int depth, int k, int n);

/*
 * --jobs N for a search that does not share one table between threads
 * (every strategy but the stateful DFS, and --liveness): fork N
 * processes, process k exploring shard k of N with the options o (its
 * progress line off), each sending its dfs_result up a pipe.  The
 * verdict and counterexample are the first shard's, in shard order, that
 * found something; states, transitions and the table's figures are
 * summed (a state near the root is explored, and counted, by every
 * shard).  Returns 0, or -1 if a shard could not be started or failed
 * (r then holds what the others found).
 */
int shard_fork_check(const struct model *m, const struct dfs_opts *o, int n,
    struct dfs_result *r);

#endif
