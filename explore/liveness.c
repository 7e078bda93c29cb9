/*
 * liveness.c: the PMAP_CANFAIL non-progress cycle (docs/design.md §4,
 * nonprogress-cycle).
 *
 * A cycle of states (the last step returns to the state the first step
 * left) is a non-progress cycle when
 *   - no step of it made progress (step_result.progress: no operation or
 *     fault completed),
 *   - a thread it schedules is a faulting thread that keeps retrying
 *     (t_retries > 0: its fault slept in uvm_wait and restarted), and
 *   - it is weakly fair: every thread enabled in every state of the cycle
 *     is scheduled on it (an unfair cycle is the scheduler's doing, not
 *     the kernel's).
 *
 * t_retries counts restarts, saturating at 255, so a retry loop would
 * never return to the same bytes; the model reads it only as "> 0", so
 * the explorers' fingerprint (statehash.c) clamps it to 1.  (The
 * fingerprint recorded in .sched files stays the raw one.)
 */
#include <string.h>

#include <xxhash.h>

#include "explore/explore.h"

bool
nonprogress_cycle(const struct world *w, const uint8_t *tids,
    const bool *progress, const uint8_t *enabled, int n)
{
	uint8_t always = 0xff, sched = 0;
	bool retrying = false;

	if (n <= 0)
		return false;
	for (int j = 0; j < n; j++) {
		if (progress[j])
			return false;
		always &= enabled[j];
		sched |= TBIT(tids[j]);
		retrying |= w->threads[tids[j]].t_retries > 0;
	}
	return retrying && (always & (uint8_t)~sched) == 0;
}
