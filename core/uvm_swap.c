/*
 * uvm_swap.c: swap space.
 *
 * The model of the slot allocator of sys/uvm/uvm_swap.c (uvm_swap_alloc,
 * uvm_swap_free, uvm_swap_markbad): one swap device of tun.nswap slots,
 * numbered 1..nswap; slot 0 means "no slot" (an_swslot == 0).  Each slot
 * in use remembers the anon whose data it holds, for I11 ("a swap slot is
 * never free while a write to it is in flight, and never assigned to two
 * resident owners").  Clustering, swap encryption, several devices and
 * swpgonly accounting are not modelled.
 *
 * A word on a slot's lifecycle (docs/uvm-semantics.md §8.3-8.4):
 *
 *            uvm_swap_alloc (pagedaemon:        uvm_swap_markbad (write
 *            a dirty anon page to page out)     error: aiodone)
 *     FREE  ------------------------------> IN USE -------------------> BAD
 *       ^                                     |                     (never
 *       |        uvm_swap_free (anon freed,   |                reallocated;
 *       +------- slot dropped: uvm_anon_      |               uvm_swap_free
 *                dropswap, pageout of a page -+                keeps it BAD)
 *                that already had one)
 *
 * Locks: uvm_swap_data_lock in the kernel; every function here runs within
 * one step.  Nothing sleeps.
 */
#include <string.h>

#include "core/uvm.h"

static int
nswap(const struct model *m)
{
	return m->tun.nswap < MAX_SWAP ? m->tun.nswap : MAX_SWAP;
}

/*
 * uvm_swap_alloc: allocate a swap slot for anon's data.
 *
 * => the lowest free slot, or 0 when swap is full (the pagedaemon then
 *	reactivates the page).  Not an environment failure point.
 */
int
uvm_swap_alloc(struct world *w, struct step_ctx *c, int anon)
{
	for (int slot = 1; slot <= nswap(c->m); slot++) {
		struct swslot *s = &w->swap[slot];

		if (s->sw_state != SWS_FREE)
			continue;
		s->sw_state = SWS_INUSE;
		s->sw_anon = (uint8_t)anon;
		return slot;
	}
	note(c, "uvm_swap_alloc: swap full");
	return 0;
}

/*
 * uvm_swap_free: free a swap slot.
 *
 * => slot 0 is "no slot": nothing to do.
 * => a bad slot stays bad (it is never handed out again), but forgets
 *	its anon.
 * => freeing a free slot is a double free: a kernel panic in the model.
 */
void
uvm_swap_free(struct world *w, struct step_ctx *c, int slot)
{
	struct swslot *s;

	if (slot <= 0 || slot > MAX_SWAP)
		return;
	s = &w->swap[slot];
	switch (s->sw_state) {
	case SWS_FREE:
		model_event(w, c, INV_KERNEL_PANIC, slot, 0, 0,
		    "uvm_swap_free: freeing free slot");
		break;
	case SWS_BAD:
		s->sw_anon = 0;
		break;
	default:
		memset(s, 0, sizeof(*s));
		break;
	}
}

/*
 * uvm_swap_markbad: a write to the slot failed: never use it again.
 */
void
uvm_swap_markbad(struct world *w, int slot)
{
	if (slot <= 0 || slot > MAX_SWAP)
		return;
	w->swap[slot].sw_state = SWS_BAD;
}

/*
 * uvm_swap_available: is there a free slot (uvmexp.swpages > swpginuse)?
 */
bool
uvm_swap_available(const struct world *w, const struct model *m)
{
	for (int slot = 1; slot <= nswap(m); slot++)
		if (w->swap[slot].sw_state == SWS_FREE)
			return true;
	return false;
}
