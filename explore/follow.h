/*
 * follow.h: continue a counterexample past a warning-level invariant to
 * the damage it leads to (`check --follow`).
 *
 * Some invariants break at the moment a state becomes dangerous, before
 * anything is lost: a lent page still writable (loaned-page-writable,
 * S-2), a lent page wired (loaned-page-wired, S-13), a swap slot released
 * under its pageout (swap-slot-reused-in-flight, S-7), a wired mapping
 * gone (wired-mapping-lost), a clean anon without swap (PR 7578), a stale
 * mapping of a shared amap.  These are the warning-level invariants.  The
 * damage the seed describes comes later: a page freed under DMA, a
 * kernel panic, a wire count gone wrong.
 *
 * follow_damage() starts from the end of a counterexample and searches
 * on (depth-first, every thread and environment choice, a table of the
 * states seen), with the invariants already violated ignored, for the
 * next invariant to break.  If that one is warning-level too it is
 * added to the ignored set and the search goes on from there, until a
 * damage invariant breaks or the depth bound or the state budget ends
 * the search.  The stages are returned in order.
 */
#ifndef UVMCHECK_FOLLOW_H
#define UVMCHECK_FOLLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "corpus/sched_file.h"

#define FOLLOW_MAX_STAGES	8

struct follow_stage {
	int inv;		/* enum inv_id that broke */
	int step;		/* 1-based step of the extended schedule */
	bool warning;		/* a warning-level invariant */
};

struct follow_result {
	struct schedule sched;	/* the counterexample extended to the damage */
	struct follow_stage stage[FOLLOW_MAX_STAGES];
	int nstages;		/* stage[0] is the counterexample's own */
	bool damage;		/* the last stage is a damage invariant */
	uint64_t states;	/* states the searches visited */
	bool budget_hit;	/* a search stopped at its state budget */
};

/* is inv a warning-level invariant? */
bool follow_is_warning(int inv);

/*
 * Follow s (which must replay to a violation) to the damage, within
 * depth steps in all and max_states states per search (0: 1000000).
 * Returns 0, or -1 when s does not replay to a violation.
 */
int follow_damage(const struct model *m, const struct schedule *s, int depth,
    uint64_t max_states, struct follow_result *out);

#endif
