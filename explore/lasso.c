/*
 * lasso.c: minimize a non-progress-cycle counterexample (minimize.h).
 *
 * Such a counterexample is a lasso: a stem from the initial world to a
 * state s, then a cycle of steps from s back to s (run.c recognises it
 * at the end of the schedule).  Delta debugging alone does poorly on it:
 * removing a step of the cycle opens the cycle, and removing a step of
 * the stem changes every state of the cycle, so neither closes any more.
 * Instead, with the recorded run's explore fingerprints:
 *
 *   1. the shortest cycle: among the pairs of steps a < b inside the
 *      recorded cycle whose states are equal, the shortest b - a whose
 *      steps still form a non-progress cycle (no progress, a retrying
 *      fault, weakly fair: nonprogress_cycle in liveness.c);
 *   2. the shortest stem: iterative deepening from the initial world,
 *      every thread and environment choice, up to the old stem's length,
 *      until a state of that cycle is reached (at most LASSO_STATES
 *      distinct states per depth); the cycle is then rotated to start
 *      there.
 *
 * The candidate is kept only when a strict replay (run_schedule) gives a
 * nonprogress-cycle again and it is shorter.
 */
#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"
#include "explore/minimize.h"

#define LASSO_STATES	200000u
#define VIS_LOG2	18

struct lasso {
	const struct model *m;
	const uint64_t *cyc;		/* cycle state fingerprints */
	int ncyc;
	uint64_t *vis;			/* visited fingerprints (0 empty) */
	uint8_t *vdepth;		/* remaining depth they were seen with */
	uint64_t mask, nvis, budget;
	struct sched_choice path[SCHED_MAX_STEPS];
	struct world *stack;		/* one world per depth */
	int hit;			/* index in cyc of the state reached */
};

/* seen with at least `left` steps to go?  else record it */
static bool
seen(struct lasso *l, uint64_t fp, int left)
{
	uint64_t i = fp & l->mask;

	if (fp == 0)
		fp = 1;
	for (;;) {
		if (l->vis[i] == 0) {
			if (l->nvis >= l->budget)
				return true;	/* out of budget: prune */
			l->vis[i] = fp;
			l->vdepth[i] = (uint8_t)(left > 255 ? 255 : left);
			l->nvis++;
			return false;
		}
		if (l->vis[i] == fp) {
			if (l->vdepth[i] >= left)
				return true;
			l->vdepth[i] = (uint8_t)(left > 255 ? 255 : left);
			return false;
		}
		i = (i + 1) & l->mask;
	}
}

static int
on_cycle(const struct lasso *l, uint64_t fp)
{
	for (int i = 0; i < l->ncyc; i++)
		if (l->cyc[i] == fp)
			return i;
	return -1;
}

/* depth-first from stack[d] with `left` steps allowed; true when found */
static bool
search(struct lasso *l, int d, int left)
{
	const struct world *w = &l->stack[d];
	struct inv_violation v;
	struct step_result r;

	if ((l->hit = on_cycle(l, explore_fingerprint(w))) >= 0)
		return true;
	if (left == 0 || seen(l, explore_fingerprint(w), left))
		return false;
	for (int t = 1; t <= l->m->nthreads; t++) {
		int nchoice = 0;

		if (!thread_enabled(w, l->m, t))
			continue;
		for (int c = 0; c <= nchoice; c++) {
			struct world *n = &l->stack[d + 1];

			*n = *w;
			world_step(n, l->m, t, c, &r);
			if (c == 0)
				nchoice = r.nchoice;
			if (c > 0 && !r.choice_taken)
				continue;
			if (run_check_world(n, l->m, &v))
				continue;	/* a safety violation: not this lasso */
			l->path[d].tid = (uint8_t)t;
			l->path[d].choice = (uint8_t)c;
			if (search(l, d + 1, left - 1))
				return true;
		}
	}
	return false;
}

static bool
is_cycle(const struct model *m, const struct schedule *s, struct run_result *res)
{
	return run_schedule(m, s, res, NULL, NULL) == 0 &&
	    res->verdict == VERDICT_VIOLATION &&
	    res->inv == INV_NONPROGRESS_CYCLE && res->nsteps == s->n;
}

int
lasso_minimize(const struct model *m, struct schedule *best)
{
	struct run_result *res = malloc(sizeof(*res));
	struct world *w = malloc(sizeof(*w));
	struct schedule *cand = malloc(sizeof(*cand));
	uint64_t *efp = malloc((SCHED_MAX_STEPS + 1) * sizeof(*efp));
	uint8_t *tids = malloc(SCHED_MAX_STEPS), *en = malloc(SCHED_MAX_STEPS);
	bool *prog = malloc(SCHED_MAX_STEPS * sizeof(bool));
	struct lasso l;
	struct step_result r;
	int n = best->n, j = -1, a, b, rc = -1;

	memset(&l, 0, sizeof(l));
	if (res == NULL || w == NULL || cand == NULL || efp == NULL ||
	    tids == NULL || en == NULL || prog == NULL || n < 1 ||
	    !is_cycle(m, best, res))
		goto out;

	/* the recorded run's states */
	world_init(w, m);
	efp[0] = explore_fingerprint(w);
	for (int i = 0; i < n; i++) {
		en[i] = 0;
		for (int t = 1; t <= m->nthreads; t++)
			if (thread_enabled(w, m, t))
				en[i] |= TBIT(t);
		world_step(w, m, best->c[i].tid, best->c[i].choice, &r);
		tids[i] = best->c[i].tid;
		prog[i] = r.progress;
		efp[i + 1] = explore_fingerprint(w);
	}
	for (int i = n - 1; i >= 0 && j < 0; i--)
		if (efp[i] == efp[n])
			j = i;
	if (j < 0)
		goto out;

	/* 1. the shortest non-progress sub-cycle of the recorded cycle */
	a = j;
	b = n;
	for (int x = j; x < n; x++)
		for (int y = x + 1; y <= n; y++) {
			if (efp[x] != efp[y] || y - x >= b - a)
				continue;
			/* replay to y for the retry counts the check reads */
			world_init(w, m);
			for (int i = 0; i < y; i++)
				world_step(w, m, best->c[i].tid,
				    best->c[i].choice, &r);
			if (nonprogress_cycle(w, tids + x, prog + x, en + x,
			    y - x)) {
				a = x;
				b = y;
			}
		}

	/* 2. the shortest stem to any state of that cycle */
	l.m = m;
	l.cyc = efp + a;
	l.ncyc = b - a;
	l.mask = (1u << VIS_LOG2) - 1;
	l.vis = calloc(l.mask + 1, sizeof(*l.vis));
	l.vdepth = calloc(l.mask + 1, 1);
	l.stack = malloc((size_t)(a + 2) * sizeof(*l.stack));
	if (l.vis == NULL || l.vdepth == NULL || l.stack == NULL)
		goto out;
	for (int d = 0; d <= a; d++) {
		memset(l.vis, 0, (l.mask + 1) * sizeof(*l.vis));
		memset(l.vdepth, 0, l.mask + 1);
		l.nvis = 0;
		l.budget = LASSO_STATES < l.mask / 2 ? LASSO_STATES : l.mask / 2;
		world_init(&l.stack[0], m);
		if (!search(&l, 0, d))
			continue;
		/* stem of d steps reaching cycle state a + hit, then the cycle
		 * rotated to start there */
		cand->n = 0;
		for (int i = 0; i < d; i++)
			cand->c[cand->n++] = l.path[i];
		for (int i = 0; i < b - a; i++)
			cand->c[cand->n++] = best->c[a + (l.hit + i) % (b - a)];
		break;
	}
	if (cand->n == 0 || cand->n >= best->n || !is_cycle(m, cand, res)) {
		/* at least the shorter cycle on the old stem */
		cand->n = 0;
		for (int i = 0; i < b; i++)
			cand->c[cand->n++] = best->c[i];
		if (cand->n >= best->n || !is_cycle(m, cand, res))
			goto out;
	}
	*best = *cand;
	rc = 0;
out:
	free(l.vis);
	free(l.vdepth);
	free(l.stack);
	free(res);
	free(w);
	free(cand);
	free(efp);
	free(tids);
	free(en);
	free(prog);
	return rc;
}
