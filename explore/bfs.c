/*
 * bfs.c: breadth-first search, level by level, with the state table:
 * the first violation found is at the smallest depth, so its schedule is
 * a shortest counterexample.  Each level's worlds are kept whole (the
 * frontier); every state keeps (parent, thread, choice) to rebuild its
 * schedule.  No sleep sets.
 */
#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"

struct bnode {
	uint32_t parent;
	uint8_t tid, choice;
};

struct level {
	struct world *w;
	uint32_t *id;
	size_t n, cap;
};

static int
level_push(struct level *l, const struct world *w, uint32_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap != 0 ? l->cap * 2 : 64;
		struct world *nw = realloc(l->w, cap * sizeof(*nw));
		uint32_t *ni;

		if (nw == NULL)
			return -1;
		l->w = nw;
		ni = realloc(l->id, cap * sizeof(*ni));
		if (ni == NULL)
			return -1;
		l->id = ni;
		l->cap = cap;
	}
	memcpy(&l->w[l->n], w, sizeof(*w));
	l->id[l->n++] = id;
	return 0;
}

static void
rebuild(struct dfs_result *res, const struct bnode *nodes, uint32_t id)
{
	int n = 0;

	for (uint32_t i = id; i != 0; i = nodes[i].parent)
		n++;
	res->sched.n = n;
	for (uint32_t i = id; i != 0; i = nodes[i].parent) {
		n--;
		res->sched.c[n].tid = nodes[i].tid;
		res->sched.c[n].choice = nodes[i].choice;
	}
}

int
explore_bfs(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	struct level cur = { 0 }, next = { 0 }, tmp;
	struct bnode *nodes = NULL;
	size_t nnodes = 0, capnodes = 0;
	struct fptable t;
	struct explore_clock clk;
	struct inv_violation v;
	struct step_result r;
	struct world *w = malloc(sizeof(*w));
	int bound = explore_bound_depth(o), rc = -1, depth;
	struct fp_ref ref;
	int fr;

	if (w == NULL || fptable_init(&t, o->max_memory) != 0) {
		free(w);
		return -1;
	}
	explore_clock_init(&clk, o, "bfs");
	world_init(w, m);
	res->states = 1;
	if (explore_table_lookup(&t, world_fingerprint(w), 0, &ref, res) ==
	    FP_FULL)
		goto stopped;
	capnodes = 1024;
	nodes = calloc(capnodes, sizeof(*nodes));
	if (nodes == NULL)
		goto out;
	nnodes = 1;	/* node 0: the initial world */
	if (run_check_world(w, m, &v)) {
		explore_set_violation(res, &v);
		rc = 0;
		goto out;
	}
	if (level_push(&cur, w, 0) != 0)
		goto out;
	res->verdict = VERDICT_CLEAN;
	for (depth = 0; cur.n != 0; depth++) {
		next.n = 0;
		for (size_t i = 0; i < cur.n; i++) {
			uint8_t tids[MAX_THREADS];
			int nt = enabled_threads(&cur.w[i], m, tids);

			if (nt == 0) {
				if (world_capacity_hit(&cur.w[i]))
					res->capacity_hit = true;
				if (world_deadlocked(&cur.w[i], m) &&
				    explore_wanted(o, INV_DEADLOCK)) {
					explore_set_deadlock(res);
					rebuild(res, nodes, cur.id[i]);
					rc = 0;
					goto out;
				}
				continue;
			}
			if (depth >= bound) {
				res->bound_hit = true;
				continue;
			}
			for (int k = 0; k < nt; k++) {
				for (int c = 0, nc = 0; c <= nc; c++) {
					memcpy(w, &cur.w[i], sizeof(*w));
					world_step(w, m, tids[k], c, &r);
					res->transitions++;
					if (c == 0)
						nc = r.nchoice;
					if ((res->transitions & 0x3ff) == 0 &&
					    explore_tick(&clk, res, depth + 1,
					    cur.n - i + next.n, fptable_bytes(&t) +
					    (cur.cap + next.cap) * sizeof(*w)))
						goto stopped;
					fr = explore_table_lookup(&t,
					    world_fingerprint(w), 0, &ref, res);
					if (fr == FP_FULL)
						goto stopped;
					if (fr == FP_FOUND)
						continue;
					res->states++;
					if (nnodes == capnodes) {
						struct bnode *nn = realloc(nodes,
						    capnodes * 2 * sizeof(*nn));

						if (nn == NULL)
							goto nomem;
						nodes = nn;
						capnodes *= 2;
					}
					nodes[nnodes].parent = cur.id[i];
					nodes[nnodes].tid = tids[k];
					nodes[nnodes].choice = (uint8_t)c;
					nnodes++;
					if (depth + 1 > res->max_depth)
						res->max_depth = depth + 1;
					if (run_check_world(w, m, &v)) {
						if (!explore_wanted(o, v.inv))
							continue;
						explore_set_violation(res, &v);
						rebuild(res, nodes,
						    (uint32_t)(nnodes - 1));
						rc = 0;
						goto out;
					}
					if (level_push(&next, w,
					    (uint32_t)(nnodes - 1)) != 0 ||
					    (o->max_memory != 0 && fptable_bytes(&t) +
					    (cur.cap + next.cap) * sizeof(*w) +
					    capnodes * sizeof(*nodes) > o->max_memory))
						goto nomem;
					if (explore_state_limit(o, res))
						goto stopped;
				}
			}
		}
		tmp = cur;
		cur = next;
		next = tmp;
	}
	goto stopped;
nomem:	/* a search never dies of memory: it stops at the bound */
	res->limit_hit = true;
	res->bound = BOUND_MEMORY;
stopped:
	res->verdict = VERDICT_CLEAN;
	rc = 0;
out:
	if (res->bound == BOUND_NONE && res->bound_hit)
		res->bound = BOUND_DEPTH;
	if (res->bound == BOUND_NONE && res->capacity_hit)
		res->bound = BOUND_CAPACITY;
	explore_clock_done(&clk, res);
	explore_table_figures(res, &t);
	fptable_free(&t);
	free(cur.w);
	free(cur.id);
	free(next.w);
	free(next.id);
	free(nodes);
	free(w);
	return rc;
}
