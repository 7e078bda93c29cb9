/*
 * follow.c: from a warning-level violation to the damage (follow.h).
 */
#include "explore/follow.h"

#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"

static const int warnings[] = {
	INV_WIRED_MAPPING_LOST,		/* the later unwire panics or misses */
	INV_LOANED_PAGE_WRITABLE,	/* S-2: the lent data may change */
	INV_LOANED_PAGE_WIRED,		/* S-13: the loan break orphans it */
	INV_LOAN_MAPPING_LOST,		/* S-1: the kernel's next access faults */
	INV_CLEAN_ANON_WITHOUT_SWAP,	/* S-8: freed, its data is lost */
	INV_SWAP_SLOT_REUSED,		/* S-7: the slot's data is overwritten */
	INV_STALE_SHARED_AMAP_MAPPING,	/* S-3: a sharer reads the old page */
	INV_OWNERLESS_PAGE_UNLENT,	/* nothing holds it: freed next */
};

bool
follow_is_warning(int inv)
{
	for (size_t i = 0; i < sizeof(warnings) / sizeof(warnings[0]); i++)
		if (warnings[i] == inv)
			return true;
	return false;
}

#define VIS_LOG2	20

struct search {
	const struct model *m;
	bool ignore[NINVS];
	uint64_t *vis;
	uint64_t mask, nvis, budget;
	struct sched_choice path[SCHED_MAX_STEPS];
	struct world *stack;
	int found_inv, found_depth;
	bool budget_hit;
};

/* the safety check, the ignored invariants left out */
static int
violated(const struct search *sr, const struct world *w)
{
	struct inv_violation v;

	if (w->event.ev_inv != INV_NONE && w->event.ev_inv < NINVS &&
	    !sr->ignore[w->event.ev_inv])
		return w->event.ev_inv;
	for (int i = 1; i < NINVS; i++) {
		const struct inv_desc *d = &inv_descs[i];

		if (d->check == NULL || d->liveness || sr->ignore[i])
			continue;
		if (d->check(w, sr->m, &v))
			return i;
	}
	return INV_NONE;
}

static bool
seen(struct search *sr, uint64_t fp)
{
	uint64_t i = fp & sr->mask;

	if (fp == 0)
		fp = 1;
	for (;;) {
		if (sr->vis[i] == fp)
			return true;
		if (sr->vis[i] == 0) {
			if (sr->nvis >= sr->budget) {
				sr->budget_hit = true;
				return true;
			}
			sr->vis[i] = fp;
			sr->nvis++;
			return false;
		}
		i = (i + 1) & sr->mask;
	}
}

static bool
dfs(struct search *sr, int d, int left)
{
	const struct world *w = &sr->stack[d];
	struct step_result r;

	if (left == 0 || seen(sr, world_fingerprint(w)))
		return false;
	for (int t = 1; t <= sr->m->nthreads; t++) {
		int nchoice = 0;

		if (!thread_enabled(w, sr->m, t))
			continue;
		for (int c = 0; c <= nchoice; c++) {
			struct world *n = &sr->stack[d + 1];
			int inv;

			*n = *w;
			world_step(n, sr->m, t, c, &r);
			if (c == 0)
				nchoice = r.nchoice;
			if (c > 0 && !r.choice_taken)
				continue;
			sr->path[d].tid = (uint8_t)t;
			sr->path[d].choice = (uint8_t)c;
			if ((inv = violated(sr, n)) != INV_NONE) {
				sr->found_inv = inv;
				sr->found_depth = d + 1;
				return true;
			}
			if (dfs(sr, d + 1, left - 1))
				return true;
		}
	}
	return false;
}

int
follow_damage(const struct model *m, const struct schedule *s, int depth,
    uint64_t max_states, struct follow_result *out)
{
	struct run_result *res = malloc(sizeof(*res));
	struct search sr;
	struct world *w = malloc(sizeof(*w));
	struct step_result r;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&sr, 0, sizeof(sr));
	if (res == NULL || w == NULL ||
	    run_schedule(m, s, res, NULL, NULL) != 0 ||
	    res->verdict != VERDICT_VIOLATION)
		goto done;
	if (depth > SCHED_MAX_STEPS)
		depth = SCHED_MAX_STEPS;
	out->sched.n = res->nsteps;
	memcpy(out->sched.c, s->c, (size_t)res->nsteps * sizeof(s->c[0]));
	out->stage[0].inv = res->inv;
	out->stage[0].step = res->vstep;
	out->stage[0].warning = follow_is_warning(res->inv);
	out->nstages = 1;
	out->damage = !out->stage[0].warning;
	sr.m = m;
	sr.ignore[res->inv] = true;
	sr.mask = (1u << VIS_LOG2) - 1;
	sr.vis = calloc(sr.mask + 1, sizeof(*sr.vis));
	sr.stack = malloc((size_t)(depth + 2) * sizeof(*sr.stack));
	if (sr.vis == NULL || sr.stack == NULL)
		goto done;
	rc = 0;
	while (!out->damage && out->nstages < FOLLOW_MAX_STAGES &&
	    out->sched.n < depth) {
		struct follow_stage *st;

		/* the world at the end of what we have */
		world_init(w, m);
		for (int i = 0; i < out->sched.n; i++)
			world_step(w, m, out->sched.c[i].tid,
			    out->sched.c[i].choice, &r);
		memset(&w->event, 0, sizeof(w->event));
		sr.stack[0] = *w;
		memset(sr.vis, 0, (sr.mask + 1) * sizeof(*sr.vis));
		sr.nvis = 0;
		sr.budget = max_states != 0 ? max_states : 1000000;
		if (sr.budget > sr.mask / 2)
			sr.budget = sr.mask / 2;
		sr.found_inv = INV_NONE;
		if (!dfs(&sr, 0, depth - out->sched.n)) {
			out->states += sr.nvis;
			break;
		}
		out->states += sr.nvis;
		for (int i = 0; i < sr.found_depth; i++)
			out->sched.c[out->sched.n++] = sr.path[i];
		st = &out->stage[out->nstages++];
		st->inv = sr.found_inv;
		st->step = out->sched.n;
		st->warning = follow_is_warning(sr.found_inv);
		out->damage = !st->warning;
		sr.ignore[sr.found_inv] = true;
	}
	out->budget_hit = sr.budget_hit;
done:
	free(sr.vis);
	free(sr.stack);
	free(w);
	free(res);
	return rc;
}
