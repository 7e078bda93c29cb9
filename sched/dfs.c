/*
 * dfs.c: stateful depth-first search, iterative context bounding, and
 * the plain stateless DFS, on one engine.
 *
 * A node of the search is a world and the alternatives still to try from
 * it: for each thread to explore, choice 0 first, then 1..nchoice.  A
 * child is a copy of its parent's world stepped once, kept in the next
 * slot of the stack, so backtracking is popping.
 *
 * State table (fptable.c): a new state is checked (invariants, deadlock)
 * and stored with the depth it was reached at and its sleep set.  A state
 * seen before is explored again only (Godefroid's sleep sets with state
 * caching) for the threads that were asleep then and are awake now, or
 * in full when it is reached at a smaller depth after the depth bound has
 * cut some schedule (it may reach further now).
 *
 * Sleep sets (por.c): a thread whose steps were all explored at a node
 * (or that was asleep there) stays asleep in a child when it commutes
 * with the step taken to the child; a sleeping thread is not explored.
 *
 * icb: the same search with a bound on preemptions (switching away from
 * a thread that could go on), run for 0, 1, ... K; the table key holds
 * the last thread run, the aux word the preemptions used.  No sleep sets.
 *
 * Sharding: at depth SHARD_DEPTH a child is kept only when a hash of its
 * path's choices falls in this shard; shallower states are explored by
 * every shard, deeper ones by the shard that owns their prefix.
 */
#include <stdlib.h>
#include <string.h>

#include "sched/explore.h"
#include <xxhash.h>

#define SHARD_DEPTH	6
#define ICB_KEY		0x9e3779b97f4a7c15ull

struct node {
	struct world w;
	uint8_t tids[MAX_THREADS];
	uint8_t ntids;
	uint8_t ti;		/* next index into tids */
	uint8_t next_choice;
	uint8_t nchoice;
	uint8_t enabled;	/* mask of tids */
	uint8_t sleep;		/* asleep on entry */
	uint8_t explore;	/* threads to try here */
	uint8_t done;		/* threads whose alternatives are all tried */
	uint8_t last;		/* icb: thread that ran last (0 none) */
	uint8_t preempt;	/* icb: preemptions used to get here */
	bool via_progress;	/* the step that reached it made progress */
	uint64_t fp;		/* explore_fingerprint */
};

struct search {
	const struct model *m;
	const struct dfs_opts *o;
	struct dfs_result *res;
	struct fptable *t;		/* NULL: stateless */
	bool por, icb;
	int bound, pbound;
	bool preempt_cut;
	struct node *stack;
	struct sched_choice path[SCHED_MAX_STEPS];
	struct explore_clock clk;
};

static void
fill_enabled(struct search *s, struct node *n)
{
	n->ntids = (uint8_t)enabled_threads(&n->w, s->m, n->tids);
	n->enabled = 0;
	for (int i = 0; i < n->ntids; i++)
		n->enabled |= TBIT(n->tids[i]);
	n->ti = 0;
	n->next_choice = 0;
	n->nchoice = 0;
	n->done = 0;
}

static uint16_t
aux_of(int depth, uint8_t hi)
{
	return (uint16_t)((depth > 255 ? 255 : depth) | (hi << 8));
}

static bool
shard_keeps(const struct search *s, int depth)
{
	uint64_t h;

	if (s->o->shard_n <= 1 || depth != SHARD_DEPTH)
		return true;
	h = XXH3_64bits(s->path, (size_t)depth * sizeof(s->path[0]));
	return (int)(h % (uint64_t)s->o->shard_n) == s->o->shard_k;
}

/* 1 found something, 0 clean, -1 out of memory; stopped by a limit: 0 */
/*
 * The step just taken from stack[d] returns to stack[i] (found on the
 * stack by fingerprint): a PMAP_CANFAIL non-progress cycle?
 */
static bool
closes_cycle(struct search *s, int d, uint64_t fp, bool progress)
{
	uint8_t tids[SCHED_MAX_STEPS], en[SCHED_MAX_STEPS];
	bool prog[SCHED_MAX_STEPS];
	int i, n;

	for (i = d; i >= 0 && s->stack[i].fp != fp; i--)
		;
	if (i < 0)
		return false;
	n = d + 1 - i;
	for (int j = 0; j < n; j++) {
		tids[j] = s->path[i + j].tid;
		en[j] = s->stack[i + j].enabled;
		prog[j] = j + 1 < n ? s->stack[i + j + 1].via_progress : progress;
	}
	return nonprogress_cycle(&s->stack[d + 1].w, tids, prog, en, n);
}

static int
search(struct search *s)
{
	struct dfs_result *res = s->res;
	const struct model *m = s->m;
	struct node *stack = s->stack;
	struct inv_violation v;
	struct step_result r;
	bool found;
	uint16_t *aux;
	int d = 0;

	world_init(&stack[0].w, m);
	stack[0].fp = explore_fingerprint(&stack[0].w);
	res->states = 1;
	if (s->t != NULL && fptable_lookup(s->t, stack[0].fp,
	    aux_of(0, 0), &found) == NULL)
		return -1;
	if (run_check_world(&stack[0].w, m, &v)) {
		explore_set_violation(res, &v);
		return 1;
	}
	fill_enabled(s, &stack[0]);
	stack[0].sleep = 0;
	stack[0].explore = stack[0].enabled;
	stack[0].last = 0;
	stack[0].preempt = 0;
	if (stack[0].ntids == 0 && world_deadlocked(&stack[0].w, m)) {
		explore_set_deadlock(res);
		return 1;
	}

	while (d >= 0) {
		struct node *top = &stack[d], *child = &stack[d + 1];
		int tid, choice, preempt;
		uint8_t cand, sleep, explore;
		uint64_t fp;

		while (top->ti < top->ntids &&
		    !(top->explore & TBIT(top->tids[top->ti])))
			top->ti++;
		if (top->ti >= top->ntids) {
			d--;
			continue;
		}
		tid = top->tids[top->ti];
		choice = top->next_choice;
		preempt = top->preempt;
		if (s->icb && top->last != 0 && tid != top->last &&
		    (top->enabled & TBIT(top->last)))
			preempt++;
		if (s->icb && preempt > s->pbound) {
			s->preempt_cut = true;
			top->ti++;
			continue;
		}
		cand = (uint8_t)((top->sleep | top->done) & ~TBIT(tid));
		memcpy(&child->w, &top->w, sizeof(child->w));
		world_step(&child->w, m, tid, choice, &r);
		res->transitions++;
		if (choice == 0)
			top->nchoice = (uint8_t)(r.nchoice > 255 ? 255 : r.nchoice);
		if (top->next_choice < top->nchoice) {
			top->next_choice++;
		} else {
			top->done |= TBIT(tid);
			top->ti++;
			top->next_choice = 0;
			top->nchoice = 0;
		}
		s->path[d].tid = (uint8_t)tid;
		s->path[d].choice = (uint8_t)choice;
		if (d + 1 > res->max_depth)
			res->max_depth = d + 1;
		if ((res->transitions & 0x3ff) == 0 && explore_tick(&s->clk,
		    res, d + 1, (uint64_t)d + 1, s->t != NULL ?
		    fptable_bytes(s->t) : 0))
			return 0;
		if (!shard_keeps(s, d + 1))
			continue;

		sleep = 0;
		if (s->por && cand != 0)
			sleep = por_sleep(m, &top->w, &child->w, tid, choice, cand,
			    &res->por_steps);
		fp = child->fp = explore_fingerprint(&child->w);
		child->via_progress = r.progress;
		if (s->icb)
			fp ^= (uint64_t)tid * ICB_KEY;
		explore = 0xff;
		if (s->t != NULL) {
			uint8_t hi = s->icb ? (uint8_t)preempt : sleep;

			aux = fptable_lookup(s->t, fp, aux_of(d + 1, hi), &found);
			if (aux == NULL)
				return -1;
			if (found && s->o->liveness && !s->icb && closes_cycle(s, d, fp,
			    r.progress) && explore_wanted(s->o,
			    INV_NONPROGRESS_CYCLE)) {
				memset(&v, 0, sizeof(v));
				v.inv = INV_NONPROGRESS_CYCLE;
				explore_set_violation(res, &v);
				explore_path(res, s->path, d + 1);
				return 1;
			}
			if (found) {
				int d1 = *aux & 0xff;
				uint8_t h1 = (uint8_t)(*aux >> 8);
				bool deeper = d + 1 < d1 && res->bound_hit;

				if (s->icb) {
					if (preempt >= h1 && !deeper)
						continue;
					*aux = aux_of(d + 1 < d1 ? d + 1 : d1,
					    preempt < h1 ? (uint8_t)preempt : h1);
				} else if (deeper) {
					*aux = aux_of(d + 1, h1 & sleep);
				} else if (h1 & ~sleep) {
					explore = h1 & (uint8_t)~sleep;
					*aux = aux_of(d1, h1 & sleep);
				} else {
					continue;
				}
				/* explored again: its checks passed before */
				fill_enabled(s, child);
				goto push;
			}
		}
		res->states++;
		if (run_check_world(&child->w, m, &v)) {
			if (!explore_wanted(s->o, v.inv))
				continue;	/* another finding: a leaf */
			explore_set_violation(res, &v);
			explore_path(res, s->path, d + 1);
			return 1;
		}
		fill_enabled(s, child);
		if (child->ntids == 0) {
			if (world_deadlocked(&child->w, m) &&
			    explore_wanted(s->o, INV_DEADLOCK)) {
				explore_set_deadlock(res);
				explore_path(res, s->path, d + 1);
				return 1;
			}
			continue;	/* finished: a leaf */
		}
		if (explore_state_limit(s->o, res))
			return 0;
push:
		if (d + 1 >= s->bound) {
			res->bound_hit = true;
			continue;
		}
		child->sleep = sleep & child->enabled;
		child->explore = explore & child->enabled &
		    (uint8_t)~child->sleep;
		/* the pruned alternatives: every choice of a sleeping thread */
		res->slept += (uint64_t)__builtin_popcount(child->sleep);
		child->last = (uint8_t)tid;
		child->preempt = (uint8_t)preempt;
		d++;
	}
	return 0;
}

int
explore_stateful(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	struct search s;
	int rc = 0, kmax;

	memset(&s, 0, sizeof(s));
	s.m = m;
	s.o = o;
	s.res = res;
	s.bound = explore_bound_depth(o);
	s.icb = o->strategy == STRAT_ICB;
	/*
	 * Sleep sets preserve states, not cycles: with liveness on, no
	 * reduction (soundness first).
	 */
	s.por = o->strategy == STRAT_DFS && !o->no_reduction && !o->liveness;
	s.stack = calloc((size_t)s.bound + 2, sizeof(*s.stack));
	if (s.stack == NULL)
		return -1;
	if (o->strategy != STRAT_STATELESS) {
		s.t = calloc(1, sizeof(*s.t));
		if (s.t == NULL || fptable_init(s.t, 10) != 0) {
			free(s.t);
			free(s.stack);
			return -1;
		}
	}
	explore_clock_init(&s.clk, o, strategy_name(o->strategy));
	kmax = s.icb ? (o->preemptions > 0 ? o->preemptions : 2) : 0;
	for (int k = 0; k <= kmax; k++) {
		s.pbound = k;
		s.preempt_cut = false;
		res->preemptions = k;
		if (k > 0) {	/* a new round: a fresh table and counts */
			s.t->n = 0;
			memset(s.t->fp, 0, (size_t)(s.t->mask + 1) *
			    sizeof(*s.t->fp));
			res->states = res->transitions = 0;
			res->bound_hit = false;
			res->max_depth = 0;
		}
		rc = search(&s);
		if (rc != 0 || res->limit_hit || !s.preempt_cut)
			break;
	}
	if (rc == 1)
		rc = 0;
	else if (rc == 0)
		res->verdict = VERDICT_CLEAN;
	if (s.preempt_cut && res->verdict == VERDICT_CLEAN && !res->limit_hit)
		res->bound = BOUND_PREEMPTIONS;
	if (res->bound == BOUND_NONE && res->bound_hit)
		res->bound = BOUND_DEPTH;
	explore_clock_done(&s.clk, res);
	if (s.t != NULL) {
		explore_table_figures(res, s.t);
		if (o->keep_table && rc == 0)
			res->table = s.t;
		else {
			fptable_free(s.t);
			free(s.t);
		}
	}
	free(s.stack);
	return rc;
}
