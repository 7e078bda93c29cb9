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
 * Sharding (shard.c): at depth SHARD_DEPTH a child is kept only when a
 * hash of its path's choices falls in this shard; shallower states are
 * explored by every shard, deeper ones by the shard that owns their
 * prefix.
 *
 * --jobs N (dfs): N worker threads, each a depth-first search from the
 * initial state with its own stack, sharing one table (fptable.c,
 * lock-free).  A state is expanded by the worker that stored it first;
 * another worker reaching it goes on elsewhere, or re-explores the
 * threads that were asleep there before, as one worker would.  A worker
 * with nothing left to do waits; a busy worker that sees one waiting
 * gives it the shallowest node of its stack with threads not started
 * yet (give/take).  No state is stored twice; a worker that finds a
 * violation stops all of them.
 *
 * --bitstate: the table is a bit array (bitstate.c): no aux word, so no
 * sleep sets and no re-exploration.
 *
 * --symmetry (symmetry.c): a state is stored under the fingerprint of
 * its class's representative, the world with each group of
 * interchangeable threads renumbered in order.  Its aux word's sleep set
 * is kept in the representative's numbering: a state reached again as
 * another member of its class is explored again for the threads asleep
 * when the class was stored (renamed to this member) that are awake now.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore/bitstate.h"
#include "explore/explore.h"
#include "explore/shard.h"
#include "explore/symmetry.h"

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
	uint64_t bh[EXPLORE_FP_BLOCKS];	/* its blocks' hashes */
	struct por_cache pc;	/* children made here (sleep sets) */
};

/* what the workers share */
struct shared {
	const struct model *m;
	const struct dfs_opts *o;
	struct fptable *t;		/* NULL: stateless or bitstate */
	struct bitstate *bs;		/* bitstate */
	bool por, icb;
	bool symm;			/* --symmetry: states stored by class */
	struct symmetry sym;
	int bound, pbound;
	int jobs;
	atomic_bool stop;		/* a finding or a limit: every worker stops */
	atomic_bool preempt_cut;
	atomic_bool bound_hit;		/* the depth bound cut some schedule */
	atomic_bool capacity_hit;	/* the model's capacity cut some schedule */
	_Atomic uint64_t states;	/* distinct states, all workers */
	pthread_mutex_t mu;
	struct search *winner;		/* the worker whose finding is reported */
	struct world root;
	uint64_t root_fp;
	/* work sharing: idle workers wait for a node a busy one gives */
	pthread_cond_t cv;
	struct gift *pool;		/* NULL: empty */
	int idle;			/* workers waiting for work */
	atomic_int want;		/* idle workers (read without the lock) */
};

/* a node given away, with the path to it */
struct gift {
	struct gift *next;
	struct node n;
	int depth;
	struct sched_choice path[SCHED_MAX_STEPS];
};

/* one worker */
struct search {
	struct shared *sh;
	const struct model *m;
	const struct dfs_opts *o;
	struct fptable *t;
	int id;
	int base;			/* depth of the node it was given */
	struct dfs_result r;		/* its counts, its finding */
	struct node *stack;
	struct explore_clock clk;
	struct sched_choice path[SCHED_MAX_STEPS];
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

/* this worker's finding is the search's, unless another's came first */
static void
report(struct search *s)
{
	struct shared *sh = s->sh;

	pthread_mutex_lock(&sh->mu);
	if (sh->winner == NULL)
		sh->winner = s;
	atomic_store(&sh->stop, true);
	pthread_mutex_unlock(&sh->mu);
}

/* a limit reached: every worker stops (limit_hit set in s->r) */
static int
limit(struct search *s)
{
	atomic_store(&s->sh->stop, true);
	return 0;
}

/*
 * A state seen before, reached again at depth d1 = d + 1 with sleep set
 * (icb: preemptions) hi: which threads to explore from it (*explore),
 * after updating its aux word; false: nothing to do.
 */
static bool
revisit(struct search *s, struct fp_ref *ref, int d1, uint8_t hi,
    uint8_t *explore)
{
	for (;;) {
		int sd = ref->aux & 0xff;
		uint8_t h1 = (uint8_t)(ref->aux >> 8);
		bool deeper = d1 < sd && atomic_load(&s->sh->bound_hit);
		uint16_t nx;

		*explore = 0xff;
		if (s->sh->icb) {
			if (hi >= h1 && !deeper)
				return false;
			nx = aux_of(d1 < sd ? d1 : sd, hi < h1 ? hi : h1);
		} else if (deeper) {
			nx = aux_of(d1, h1 & hi);
		} else if (h1 & ~hi) {
			*explore = h1 & (uint8_t)~hi;
			nx = aux_of(sd, h1 & hi);
		} else {
			return false;
		}
		if (fptable_set_aux(s->t, ref, nx))
			return true;
	}
}

/*
 * The sleep set of the step (tid, choice) from top to child (por.c),
 * computed only as far as it can matter.  A state the table holds
 * already is explored again only for the threads asleep when it was
 * stored that are awake now, or because it is reached at a smaller depth
 * than stored after the bound cut a schedule (revisit).  So for a stored
 * state the threads of its stored sleep set are tried first; when all of
 * them stay asleep, revisit will not explore it and the other threads'
 * bits are never read, and their independence is not measured.  Otherwise
 * (a new state, or one explored again) the whole set is computed, as
 * por_sleep over cand does: each thread's bit is decided on its own.
 * With --jobs a stored aux word only loses sleep bits and depth, so a
 * set left partial is still every bit revisit reads; a concurrent first
 * cut of the bound can make revisit take it as it is, a subset of the
 * true set, which only explores more.  The aux word is read with
 * fptable_lookup once fptable_contains has found the state: a position
 * is never freed (a doubling reinserts), so that lookup finds it and
 * inserts nothing.
 */
static uint8_t
sleep_after(struct search *s, struct node *top, struct node *child, int tid,
    int choice, uint8_t cand, uint64_t fp, const uint8_t *to, int d1)
{
	const struct model *m = s->m;
	uint64_t *steps = &s->r.por_steps;
	struct fp_ref ref;
	uint8_t stored, sleep;

	if (s->t == NULL || s->sh->icb || !fptable_contains(s->t, fp) ||
	    fptable_lookup(s->t, fp, 0, &ref) != FP_FOUND)
		return por_sleep(m, &top->w, &child->w, tid, choice, cand,
		    &top->pc, &child->pc, steps);
	stored = (uint8_t)(ref.aux >> 8);
	if (to != NULL)
		stored = symmetry_bits_from(to, stored);
	if ((stored & ~cand) != 0 || (d1 < (ref.aux & 0xff) &&
	    atomic_load(&s->sh->bound_hit)))
		return por_sleep(m, &top->w, &child->w, tid, choice, cand,
		    &top->pc, &child->pc, steps);	/* explored again */
	sleep = por_sleep(m, &top->w, &child->w, tid, choice, stored,
	    &top->pc, &child->pc, steps);
	if ((stored & ~sleep) == 0)
		return sleep;		/* revisit will not explore it */
	return sleep | por_sleep(m, &top->w, &child->w, tid, choice,
	    (uint8_t)(cand & ~stored), &top->pc, &child->pc, steps);
}

/*
 * An idle worker waits: give it the shallowest node of this stack that
 * has threads not started yet (they leave this worker's node).
 */
static void
give(struct search *s, int d)
{
	struct shared *sh = s->sh;
	struct gift *g;

	pthread_mutex_lock(&sh->mu);
	g = sh->pool;
	pthread_mutex_unlock(&sh->mu);
	if (g != NULL)		/* a gift is waiting already */
		return;
	for (int i = s->base; i <= d; i++) {
		struct node *n = &s->stack[i];
		int from = n->ti + (n->next_choice > 0 ? 1 : 0);
		uint8_t mask = 0;

		for (int j = from; j < n->ntids; j++)
			mask |= n->explore & TBIT(n->tids[j]);
		if (mask == 0)
			continue;
		g = malloc(sizeof(*g));
		if (g == NULL)
			return;
		memcpy(&g->n, n, sizeof(*n));
		g->n.explore = mask;
		g->n.ti = (uint8_t)from;
		g->n.next_choice = 0;
		g->n.nchoice = 0;
		if (n->next_choice > 0)
			g->n.done |= TBIT(n->tids[n->ti]);
		g->depth = i;
		memcpy(g->path, s->path, (size_t)i * sizeof(s->path[0]));
		n->explore &= (uint8_t)~mask;
		pthread_mutex_lock(&sh->mu);
		g->next = sh->pool;
		sh->pool = g;
		pthread_cond_signal(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
		return;
	}
}

/* 1 found something, 0 clean or stopped by a limit */
static int
search_from(struct search *s, int d)
{
	struct shared *sh = s->sh;
	struct dfs_result *res = &s->r;
	const struct model *m = s->m;
	struct node *stack = s->stack;
	struct inv_violation v;
	struct step_result r;
	struct fp_ref ref;

	while (d >= s->base) {
		struct node *top = &stack[d], *child = &stack[d + 1];
		int tid, choice, preempt, fr;
		uint8_t cand, sleep, explore, to[MAX_THREADS + 1];
		uint64_t fp;

		if (s->t != NULL && sh->jobs > 1)
			fptable_safepoint(s->t);
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
		if (sh->icb && top->last != 0 && tid != top->last &&
		    (top->enabled & TBIT(top->last)))
			preempt++;
		if (sh->icb && preempt > sh->pbound) {
			atomic_store(&sh->preempt_cut, true);
			top->ti++;
			continue;
		}
		cand = (uint8_t)((top->sleep | top->done) & ~TBIT(tid));
		memcpy(&child->w, &top->w, sizeof(child->w));
		world_step(&child->w, m, tid, choice, &r);
		res->transitions++;
		if (choice == 0)
			top->nchoice = (uint8_t)(r.nchoice > 255 ? 255 : r.nchoice);
		if (choice == 0 && sh->por) {
			memcpy(&top->pc.w[tid - 1], &child->w, sizeof(child->w));
			top->pc.nchoice[tid - 1] = (uint16_t)r.nchoice;
			top->pc.valid |= TBIT(tid);
		}
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
		if ((res->transitions & 0xff) == 0 && sh->jobs > 1 &&
		    atomic_load_explicit(&sh->want, memory_order_relaxed) > 0)
			give(s, d);
		if ((res->transitions & 0x3ff) == 0) {
			if (atomic_load_explicit(&sh->stop,
			    memory_order_relaxed))
				return 0;
			res->states = atomic_load(&sh->states);
			if (explore_tick(&s->clk, res, d + 1, (uint64_t)d + 1,
			    s->t != NULL ? fptable_bytes(s->t) : sh->bs != NULL ?
			    sh->bs->bytes : 0))
				return limit(s);
		}
		if (!shard_keeps(s->path, d + 1, s->o->shard_k, s->o->shard_n))
			continue;

		fp = child->fp = explore_fingerprint_step_blocks(&top->w,
		    top->fp, top->bh, &child->w, child->bh);
		child->via_progress = r.progress;
		if (sh->symm)
			fp = symmetry_key(&sh->sym, &child->w, fp, to);
		if (sh->icb)
			fp ^= (uint64_t)tid * ICB_KEY;
		explore = 0xff;
		if (sh->bs != NULL && bitstate_test_set(sh->bs, fp))
			continue;
		sleep = 0;
		child->pc.valid = 0;	/* por fills it: child.(u,0) */
		if (sh->por && cand != 0)
			sleep = sleep_after(s, top, child, tid, choice, cand, fp,
			    sh->symm ? to : NULL, d + 1);
		if (s->t != NULL) {
			uint8_t hi = sh->icb ? (uint8_t)preempt :
			    sh->symm ? symmetry_bits_to(to, sleep) : sleep;

			fr = explore_table_lookup(s->t, fp, aux_of(d + 1, hi),
			    &ref, res);
			if (fr == FP_FULL)
				return limit(s);
			if (fr == FP_FOUND && s->o->liveness && !sh->icb &&
			    closes_cycle(s, d, fp, r.progress) &&
			    explore_wanted(s->o, INV_NONPROGRESS_CYCLE)) {
				memset(&v, 0, sizeof(v));
				v.inv = INV_NONPROGRESS_CYCLE;
				explore_set_violation(res, &v);
				explore_path(res, s->path, d + 1);
				return 1;
			}
			if (fr == FP_FOUND) {
				if (!revisit(s, &ref, d + 1, hi, &explore))
					continue;
				if (sh->symm && explore != 0xff)
					explore = symmetry_bits_from(to,
					    explore);
				/* explored again: its checks passed before */
				fill_enabled(s, child);
				goto push;
			}
		}
		atomic_fetch_add_explicit(&sh->states, 1, memory_order_relaxed);
		if (run_check_world(&child->w, m, &v)) {
			if (!explore_wanted(s->o, v.inv))
				continue;	/* another finding: a leaf */
			explore_set_violation(res, &v);
			explore_path(res, s->path, d + 1);
			return 1;
		}
		fill_enabled(s, child);
		if (child->ntids == 0) {
			if (world_capacity_hit(&child->w) &&
			    !atomic_load_explicit(&sh->capacity_hit,
			    memory_order_relaxed))
				atomic_store(&sh->capacity_hit, true);
			if (world_deadlocked(&child->w, m) &&
			    explore_wanted(s->o, INV_DEADLOCK)) {
				explore_set_deadlock(res);
				explore_path(res, s->path, d + 1);
				return 1;
			}
			continue;	/* finished: a leaf */
		}
		if (s->o->max_states != 0 &&
		    atomic_load_explicit(&sh->states, memory_order_relaxed) >=
		    s->o->max_states) {
			res->limit_hit = true;
			res->bound = BOUND_STATES;
			return limit(s);
		}
push:
		if (d + 1 >= sh->bound) {
			if (!atomic_load_explicit(&sh->bound_hit,
			    memory_order_relaxed))
				atomic_store(&sh->bound_hit, true);
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

/*
 * Take a node to explore: the root for worker 0 at the start, then what
 * busy workers give.  false: no work is left anywhere (every worker
 * idle, the pool empty) or the search stopped.
 */
static bool
take(struct search *s, bool first)
{
	struct shared *sh = s->sh;
	struct gift *g;

	if (first && s->id == 0) {
		struct node *n = &s->stack[0];

		memcpy(&n->w, &sh->root, sizeof(n->w));
		n->fp = explore_fingerprint_blocks(&n->w, n->bh);
		fill_enabled(s, n);
		n->pc.valid = 0;
		n->sleep = 0;
		n->explore = n->enabled;
		n->last = 0;
		n->preempt = 0;
		s->base = 0;
		return true;
	}
	pthread_mutex_lock(&sh->mu);
	sh->idle++;
	atomic_fetch_add(&sh->want, 1);
	for (;;) {
		if (atomic_load(&sh->stop) || (sh->pool == NULL &&
		    sh->idle == sh->jobs)) {
			pthread_cond_broadcast(&sh->cv);
			pthread_mutex_unlock(&sh->mu);
			return false;
		}
		if (sh->pool != NULL)
			break;
		/* park at the table's safe point while waiting */
		pthread_mutex_unlock(&sh->mu);
		if (s->t != NULL)
			fptable_safepoint(s->t);
		pthread_mutex_lock(&sh->mu);
		if (sh->pool == NULL && !atomic_load(&sh->stop) &&
		    sh->idle < sh->jobs) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 2000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&sh->cv, &sh->mu, &ts);
		}
	}
	g = sh->pool;
	sh->pool = g->next;
	sh->idle--;
	atomic_fetch_sub(&sh->want, 1);
	pthread_mutex_unlock(&sh->mu);
	memcpy(&s->stack[g->depth], &g->n, sizeof(g->n));
	memcpy(s->path, g->path, (size_t)g->depth * sizeof(s->path[0]));
	s->base = g->depth;
	free(g);
	return true;
}

static void *
worker(void *arg)
{
	struct search *s = arg;

	for (bool first = true; take(s, first); first = false)
		if (search_from(s, s->base) == 1) {
			report(s);
			break;
		}
	pthread_mutex_lock(&s->sh->mu);
	pthread_cond_broadcast(&s->sh->cv);
	pthread_mutex_unlock(&s->sh->mu);
	if (s->t != NULL && s->sh->jobs > 1)
		fptable_worker_leave(s->t);
	return NULL;
}

/* the initial state: stored and checked once, before the workers start */
static int
root(struct shared *sh, struct dfs_result *res)
{
	struct inv_violation v;
	struct fp_ref ref;

	world_init(&sh->root, sh->m);
	sh->root_fp = explore_fingerprint(&sh->root);
	if (sh->symm) {
		uint8_t to[MAX_THREADS + 1];

		sh->root_fp = symmetry_key(&sh->sym, &sh->root, sh->root_fp,
		    to);
	}
	atomic_store(&sh->states, 1);
	if (sh->t != NULL && explore_table_lookup(sh->t, sh->root_fp,
	    aux_of(0, 0), &ref, res) == FP_FULL)
		return 0;
	if (sh->bs != NULL)
		(void)bitstate_test_set(sh->bs, sh->root_fp);
	if (run_check_world(&sh->root, sh->m, &v)) {
		explore_set_violation(res, &v);
		return 1;
	}
	if (enabled_threads(&sh->root, sh->m, (uint8_t[MAX_THREADS]){ 0 }) ==
	    0) {
		if (world_deadlocked(&sh->root, sh->m)) {
			explore_set_deadlock(res);
			return 1;
		}
		return 0;
	}
	return 2;
}

/* one round: the workers from the root; 1 found, 0 not, -1 no memory */
static int
round_run(struct shared *sh, struct search *ws, struct dfs_result *res)
{
	pthread_t th[DFS_MAX_JOBS];
	int rc, started = 1;

	atomic_store(&sh->stop, false);
	atomic_store(&sh->preempt_cut, false);
	atomic_store(&sh->bound_hit, false);
	atomic_store(&sh->capacity_hit, false);
	sh->winner = NULL;
	sh->idle = 0;
	atomic_store(&sh->want, 0);
	rc = root(sh, res);
	if (rc != 2)
		return rc;
	if (res->limit_hit)
		return 0;
	for (int i = 0; i < sh->jobs; i++) {
		struct search *s = &ws[i];

		memset(&s->r, 0, sizeof(s->r));
		s->r.strategy = res->strategy;
	}
	if (sh->t != NULL && sh->jobs > 1)
		for (int i = 0; i < sh->jobs; i++)
			fptable_worker_enter(sh->t);
	for (int i = 1; i < sh->jobs; i++) {
		if (pthread_create(&th[i], NULL, worker, &ws[i]) != 0)
			break;
		started++;
	}
	/* threads that did not start leave at once */
	for (int i = started; i < sh->jobs; i++)
		if (sh->t != NULL)
			fptable_worker_leave(sh->t);
	worker(&ws[0]);
	for (int i = 1; i < started; i++)
		pthread_join(th[i], NULL);
	sh->jobs = started;
	/* merge the workers' counts; the winner's finding */
	res->states = atomic_load(&sh->states);
	for (int i = 0; i < started; i++) {
		struct dfs_result *p = &ws[i].r;

		res->transitions += p->transitions;
		res->slept += p->slept;
		res->por_steps += p->por_steps;
		if (p->max_depth > res->max_depth)
			res->max_depth = p->max_depth;
		if (p->limit_hit && !res->limit_hit) {
			res->limit_hit = true;
			res->bound = p->bound;
		}
	}
	res->bound_hit = atomic_load(&sh->bound_hit);
	res->capacity_hit = atomic_load(&sh->capacity_hit);
	if (sh->winner != NULL) {
		struct dfs_result *p = &sh->winner->r;

		res->verdict = p->verdict;
		res->inv = p->inv;
		res->viol = p->viol;
		res->sched = p->sched;
		return 1;
	}
	return 0;
}

int
explore_stateful(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	struct shared sh;
	struct search *ws;
	struct bitstate bs;
	int rc = 0, kmax, jobs;

	memset(&sh, 0, sizeof(sh));
	sh.m = m;
	sh.o = o;
	sh.bound = explore_bound_depth(o);
	sh.icb = o->strategy == STRAT_ICB;
	if (o->symmetry && o->strategy == STRAT_DFS && !o->liveness) {
		symmetry_find(&sh.sym, m);
		sh.symm = sh.sym.ngroups > 0;
	}
	res->symmetry = o->symmetry;
	res->symmetry_order = sh.symm ? symmetry_order(&sh.sym) : 1;
	/*
	 * Sleep sets preserve states, not cycles: with liveness on, no
	 * reduction (soundness first).  Bitstate keeps no sleep sets.
	 */
	sh.por = o->strategy == STRAT_DFS && !o->no_reduction &&
	    !o->liveness && !o->bitstate;
	jobs = o->jobs > 1 && o->strategy == STRAT_DFS && !o->liveness ?
	    o->jobs : 1;
	if (jobs > DFS_MAX_JOBS)
		jobs = DFS_MAX_JOBS;
	sh.jobs = jobs;
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.cv, NULL);
	ws = calloc((size_t)jobs, sizeof(*ws));
	if (ws == NULL)
		return -1;
	for (int i = 0; i < jobs; i++) {
		ws[i].sh = &sh;
		ws[i].m = m;
		ws[i].o = o;
		ws[i].id = i;
		ws[i].stack = calloc((size_t)sh.bound + 2, sizeof(*ws[i].stack));
		if (ws[i].stack == NULL)
			goto nomem;
	}
	if (o->strategy != STRAT_STATELESS && o->bitstate) {
		if (bitstate_init(&bs, o->max_memory != 0 ? o->max_memory :
		    BITSTATE_DEFAULT) != 0)
			goto nomem;
		sh.bs = &bs;
	} else if (o->strategy != STRAT_STATELESS) {
		sh.t = calloc(1, sizeof(*sh.t));
		if (sh.t == NULL || fptable_init(sh.t, o->max_memory) != 0) {
			free(sh.t);
			sh.t = NULL;
			goto nomem;
		}
	}
	for (int i = 0; i < jobs; i++) {
		ws[i].t = sh.t;
		explore_clock_init(&ws[i].clk, o, strategy_name(o->strategy));
		if (i > 0)
			ws[i].clk.out = NULL;
	}
	kmax = sh.icb ? (o->preemptions > 0 ? o->preemptions : 2) : 0;
	for (int k = 0; k <= kmax; k++) {
		sh.pbound = k;
		res->preemptions = k;
		if (k > 0) {	/* a new round: a fresh table and counts */
			fptable_free(sh.t);
			if (fptable_init(sh.t, o->max_memory) != 0) {
				free(sh.t);
				sh.t = NULL;
				goto nomem;
			}
			res->states = res->transitions = 0;
			res->slept = res->por_steps = 0;
			res->bound_hit = false;
			res->max_depth = 0;
		}
		rc = round_run(&sh, ws, res);
		if (rc != 0 || res->limit_hit || !atomic_load(&sh.preempt_cut))
			break;
	}
	if (rc == 1)
		rc = 0;
	else if (rc == 0)
		res->verdict = VERDICT_CLEAN;
	if (atomic_load(&sh.preempt_cut) && res->verdict == VERDICT_CLEAN &&
	    !res->limit_hit)
		res->bound = BOUND_PREEMPTIONS;
	if (res->bound == BOUND_NONE && res->bound_hit)
		res->bound = BOUND_DEPTH;
	if (res->bound == BOUND_NONE && res->capacity_hit)
		res->bound = BOUND_CAPACITY;
	if (res->bound == BOUND_NONE && sh.bs != NULL)
		res->bound = BOUND_BITSTATE;
	res->jobs = sh.jobs;
	explore_clock_done(&ws[0].clk, res);
	if (sh.t != NULL) {
		explore_table_figures(res, sh.t);
		if (o->keep_table && rc == 0)
			res->table = sh.t;
		else {
			fptable_free(sh.t);
			free(sh.t);
		}
	}
	if (sh.bs != NULL) {
		res->table_bytes = sh.bs->bytes;
		res->table_slots = sh.bs->mask + 1;
		res->bits_per_state = (double)(sh.bs->mask + 1) /
		    (double)(res->states != 0 ? res->states : 1);
		res->coverage = bitstate_coverage(sh.bs);
		bitstate_free(sh.bs);
	}
	for (int i = 0; i < jobs; i++)
		free(ws[i].stack);
	free(ws);
	while (sh.pool != NULL) {
		struct gift *g = sh.pool;

		sh.pool = g->next;
		free(g);
	}
	pthread_cond_destroy(&sh.cv);
	pthread_mutex_destroy(&sh.mu);
	return rc;
nomem:
	for (int i = 0; i < jobs; i++)
		free(ws[i].stack);
	free(ws);
	pthread_mutex_destroy(&sh.mu);
	return -1;
}
