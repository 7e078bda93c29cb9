/*
 * witness.c: walk a scenario and break one of its worlds (witness.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "explore/run.h"
#include "explore/witness.h"
#include "invariants/invariants.h"

/* b's invariant reported on the broken world, before anything else? */
static void
judge(const struct world *broken, const struct model *m,
    const struct inv_breakage *b, struct witness_result *r)
{
	struct inv_violation v;

	memset(&v, 0, sizeof(v));
	if (run_check_world(broken, m, &v)) {
		r->got_inv = v.inv;
	} else if (inv_descs[b->inv].liveness && inv_descs[b->inv].check &&
	    inv_descs[b->inv].check(broken, m, &v)) {
		r->got_inv = v.inv;
	} else {
		r->got_inv = INV_NONE;
		return;
	}
	r->fired = r->got_inv == b->inv;
	inv_describe(broken, m, &v, r->detail, sizeof(r->detail));
}

void
explore_witness(const struct model *m, const struct inv_breakage *b,
    int max_steps, struct witness_result *r)
{
	struct world w, broken;
	struct step_result sr;
	struct inv_violation v;
	uint8_t tids[MAX_THREADS + 1];

	memset(r, 0, sizeof(*r));
	r->got_inv = INV_NONE;
	world_init(&w, m);
	for (int step = 0; step <= max_steps; step++) {
		int n;

		if (run_check_world(&w, m, &v)) {
			r->walk_broken = true;
			r->step = step;
			r->got_inv = v.inv;
			inv_describe(&w, m, &v, r->detail, sizeof(r->detail));
			return;
		}
		broken = w;
		if (b->apply(&broken, m, r->what, sizeof(r->what))) {
			r->applied = true;
			r->step = step;
			judge(&broken, m, b, r);
			return;
		}
		if ((n = enabled_threads(&w, m, tids)) == 0)
			return;
		world_step(&w, m, tids[step % n], 0, &sr);
	}
}
