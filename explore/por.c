/*
 * por.c: sleep sets over steps proved independent (partial-order
 * reduction).
 *
 * The model's steps do not report their footprints, so independence is
 * measured rather than declared: two steps are independent at a state
 * when both orders are possible, neither changes the other's
 * alternatives, and both orders reach the same world, byte for byte.
 * This is the diamond the sleep-set argument needs, checked at exactly
 * the state where a sleeping thread is carried past a step, so it is
 * conservative by construction: when in doubt (a thread disabled, a
 * failure point moved, a byte differs) the steps are dependent and the
 * thread wakes up.  It costs extra steps (counted as por_steps); the
 * step s.(u,0) of a thread already explored at s is taken from the
 * explorer's cache of the children it made there (struct por_cache).
 * The step st.(u,0) it makes is left in st's cache (next): a thread that
 * stays asleep is never explored at st, and the sleep set of each step
 * from st asks for st.(u,0) first, so a sleeping thread costs two steps
 * per diamond, not three.
 */
#include <string.h>

#include "explore/explore.h"

static bool
commutes(const struct model *m, const struct world *s, const struct world *st,
    int t, int c, int u, const struct por_cache *pc, struct por_cache *next,
    uint64_t *steps)
{
	struct world a, bw, *b;
	struct step_result r;
	int nu;

	if (!thread_enabled(s, m, u) || !thread_enabled(st, m, u))
		return false;
	for (int cu = 0, n = 0; cu <= n; cu++) {
		/* s.(u,cu).(t,c) */
		if (cu == 0 && pc != NULL && (pc->valid & TBIT(u))) {
			memcpy(&a, &pc->w[u - 1], sizeof(a));
			n = pc->nchoice[u - 1];
		} else {
			memcpy(&a, s, sizeof(a));
			world_step(&a, m, u, cu, &r);
			(*steps)++;
			if (cu == 0)
				n = r.nchoice;
			else if (!r.choice_taken)
				return false;
		}
		if (!thread_enabled(&a, m, t))
			return false;
		world_step(&a, m, t, c, &r);
		(*steps)++;
		if (c > 0 && !r.choice_taken)
			return false;
		/* st.(u,cu), made in st's cache when cu is 0 */
		b = cu == 0 && next != NULL ? &next->w[u - 1] : &bw;
		memcpy(b, st, sizeof(*b));
		world_step(b, m, u, cu, &r);
		(*steps)++;
		nu = r.nchoice;
		if (b != &bw) {
			next->nchoice[u - 1] = (uint16_t)nu;
			next->valid |= TBIT(u);
		}
		if (cu == 0 && nu != n)
			return false;
		if (cu > 0 && !r.choice_taken)
			return false;
		if (memcmp(&a, b, sizeof(a)) != 0)
			return false;
	}
	return true;
}

uint8_t
por_sleep(const struct model *m, const struct world *s, const struct world *st,
    int t, int c, uint8_t cand, const struct por_cache *pc,
    struct por_cache *next, uint64_t *steps)
{
	uint8_t out = 0;

	cand &= (uint8_t)~TBIT(t);
	for (int u = 1; u <= m->nthreads && cand != 0; u++) {
		if (!(cand & TBIT(u)))
			continue;
		cand &= (uint8_t)~TBIT(u);
		if (commutes(m, s, st, t, c, u, pc, next, steps))
			out |= TBIT(u);
	}
	return out;
}
