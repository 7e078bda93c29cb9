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
 * one step.  Nothing sleeps but swapoff (op_swapoff_step, at the end).
 */
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

static bool swapdev_enabled(const struct world *w);

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
	if (!swapdev_enabled(w)) {
		note(c, "uvm_swap_alloc: swap device disabled (swapoff)");
		return 0;
	}
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
	if (!swapdev_enabled(w))
		return false;
	for (int slot = 1; slot <= nswap(m); slot++)
		if (w->swap[slot].sw_state == SWS_FREE)
			return true;
	return false;
}

/* ---------------------------------------------------------------- swapoff */

/*
 * The device itself.  Slot 0 is never a slot (an_swslot 0 is "none"), so
 * w->swap[SWAPDEV] holds the device's state instead: sw_state one of
 * SWD_*, sw_anon the thread that holds swap_syscall_lock while it turns
 * the device off.  A world that never ran swapoff has it all zero.
 */
#define SWAPDEV		0
enum { SWD_ON = 0, SWD_TURNING_OFF, SWD_OFF };

/* op_swapoff_step program counters */
enum { SWOFF_START = 0, SWOFF_SCAN, SWOFF_IODONE };

/* uvm_swap_alloc and uvm_swap_available: is the device enabled? */
static bool
swapdev_enabled(const struct world *w)
{
	return w->swap[SWAPDEV].sw_state == SWD_ON;
}

/*
 * swapoff_next: amap_swap_off's walk: from amap a, slot s on, the first
 * anon with a swap slot (amaps in index order, then their slots).
 * => 0 when there is none; *ra, *rs set to where it is
 */
static int
swapoff_next(const struct world *w, int *ra, int *rs)
{
	for (int a = *ra; a <= MAX_AMAPS; a++, *rs = 0) {
		const struct vm_amap *am = &w->amaps[a];

		if (!(am->am_flags & AMAP_INUSE))
			continue;
		for (int s = *rs; s < AMAP_SLOTS; s++) {
			int anon = am->am_anon[s];

			if (anon != 0 && w->anons[anon].an_swslot != 0) {
				*ra = a;
				*rs = s;
				return anon;
			}
		}
	}
	return 0;
}

/*
 * swapoff_done: the end of swap_off.  rc 0: the device is gone
 * (SWD_OFF); an error: SWF_ENABLE is set again.  Either way
 * swap_syscall_lock is released.
 */
static int
swapoff_done(struct world *w, struct step_ctx *c, int rc)
{
	w->swap[SWAPDEV].sw_state = (uint8_t)(rc == 0 ? SWD_OFF : SWD_ON);
	w->swap[SWAPDEV].sw_anon = 0;
	note(c, rc == 0 ? "swap_off: every page in, device removed" :
	    "swap_off: failed, SWF_ENABLE set again");
	wakeup(w, WC_SWAPCTL, 0);
	return fn_return(w, c, rc);
}

/*
 * swapoff_pagein_tail: the end of uvm_anon_pagein once the anon's page
 * is resident and not busy: free the swap slot, mark the page dirty
 * (its only copy is now in memory) and deactivate it unless wired.
 */
static void
swapoff_pagein_tail(struct world *w, struct step_ctx *c, int anon)
{
	struct vm_anon *an = &w->anons[anon];
	int pg = an->an_page;

	uvm_swap_free(w, c, an->an_swslot);
	an->an_swslot = 0;
	w->pages[pg].pg_flags &= (uint8_t)~PG_CLEAN;
	if (w->pages[pg].wire_count == 0) {
		pmap_clear_reference(&w->pmap, pg);
		uvm_pagedeactivate(w, c, pg);
	}
	note(c, "uvm_anon_pagein: swap slot freed, page dirty");
}

/*
 * op_swapoff_step: swapctl(SWAP_OFF) on the one swap device ->
 * sys_swapctl -> swap_off -> uao_swap_off, amap_swap_off ->
 * uvm_anon_pagein for each anon with a slot on the device.
 *
 * What the kernel does (sys/uvm/uvm_swap.c 1.173 sys_swapctl, swap_off;
 * sys/uvm/uvm_amap.c amap_swap_off; sys/uvm/uvm_anon.c 1.62.2.3
 * uvm_anon_pagein; sys/uvm/uvm_fault.c uvmfault_anonget):
 *   - sys_swapctl holds swap_syscall_lock (RW_WRITER) for the whole call:
 *     a second swapctl waits.  A device not on the list is ENXIO.
 *   - swap_off clears SWF_ENABLE first (no slot is allocated on the
 *     device from then on: the pagedaemon cannot page anons out to it),
 *     then pages in every aobj page (the model's aobjs have no swap
 *     slots) and every anon with a slot on the device: amap_swap_off
 *     walks the amaps, each anon under the amap lock, uvm_anon_pagein:
 *     uvmfault_anonget(NULL, amap, anon) -- a busy page is waited for
 *     ("anonget2"), a page not resident is allocated (uvm_wait
 *     "flt_noram1" when none is free) and read with the locks dropped
 *     (the page busy across the read); then the slot is freed, the page
 *     marked dirty and, unless wired, deactivated.
 *   - a pagein that could not get memory makes amap_swap_off return
 *     true: swap_off is ENOMEM; slots still in use afterwards (other than
 *     bad ones) are EBUSY; on error SWF_ENABLE is set again.  Otherwise
 *     the device is removed.
 *
 * Model: no frame arguments; locals (frame op_swapoff) amap and slot,
 * where the walk is, page, the page being read, and anon, its anon.  Out of memory is
 * ENOMEM when nothing is reclaimable, as for a fault
 * (fault_checks_reclaimable=enomem), otherwise uvm_wait.  The swap read
 * does not fail (no environment choice).  Interleaving points: waiting
 * for swap_syscall_lock ("swapctl"), a leaked amap or anon lock, a busy
 * page ("anonget2"), memory ("flt_noram1"), and the read ("swapoff:
 * uvm_swap_get").
 */
int
op_swapoff_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	struct swslot *dev = &w->swap[SWAPDEV];
	int a, s, anon, pg;

	(void)t;
	switch (f->pc) {
	case SWOFF_START:
		if (dev->sw_state == SWD_TURNING_OFF)
			return fn_sleep(w, c, SWOFF_START, WC_SWAPCTL, 0,
			    "swapctl");
		if (dev->sw_state == SWD_OFF || c->m->tun.nswap == 0) {
			note(c, "sys_swapctl: no such swap device -> ENXIO");
			return fn_return(w, c, M_ENXIO);
		}
		dev->sw_state = SWD_TURNING_OFF;
		dev->sw_anon = (uint8_t)c->tid;
		note(c, "swap_off: SWF_ENABLE cleared, paging everything in");
		f->op_swapoff.amap = 1;
		f->op_swapoff.slot = 0;
		f->pc = SWOFF_SCAN;
		break;
	case SWOFF_SCAN:
		break;
	case SWOFF_IODONE:
		/* uvmfault_anonget: the read is done; relock, unbusy */
		pg = f->op_swapoff.page;
		anon = f->op_swapoff.anon;
		a = f->op_swapoff.amap;
		if (w->amaps[a].am_lock != 0 && w->amaps[a].am_lock != c->tid)
			return fn_sleep(w, c, SWOFF_IODONE, WC_AMAPLOCK, a,
			    "amaplk");
		if (w->pages[pg].pg_flags & PG_RELEASED) {
			/* the anon was freed during the read: ERESTART */
			note(c, "uvm_anon_pagein: anon freed during the read");
			uvm_page_unbusy(w, c, pg);
		} else {
			w->pages[pg].pg_flags &= (uint8_t)~PG_FAKE;
			uvm_pageactivate(w, pg);
			uvm_page_unbusy(w, c, pg);
			amap_lock(w, c, a);
			swapoff_pagein_tail(w, c, anon);
			amap_unlock(w, c, a);
		}
		f->pc = SWOFF_SCAN;
		break;
	default:
		model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
		    "model: op_swapoff_step bad pc");
		return fn_return(w, c, M_EINVAL);
	}

	/* amap_swap_off: each anon with a slot, uvm_anon_pagein */
	for (;;) {
		a = f->op_swapoff.amap;
		s = f->op_swapoff.slot;
		if ((anon = swapoff_next(w, &a, &s)) == 0)
			break;
		f->op_swapoff.amap = (uint8_t)a;
		f->op_swapoff.slot = (uint8_t)s;
		if (w->amaps[a].am_lock != 0 && w->amaps[a].am_lock != c->tid)
			return fn_sleep(w, c, SWOFF_SCAN, WC_AMAPLOCK, a,
			    "amaplk");
		if (w->anons[anon].an_lock != 0 &&
		    w->anons[anon].an_lock != c->tid)
			return fn_sleep(w, c, SWOFF_SCAN, WC_ANONLOCK, anon,
			    "anonlk");
		pg = w->anons[anon].an_page;
		if (pg != 0 && (w->pages[pg].pg_flags & PG_BUSY)) {
			note(c, "uvmfault_anonget: page busy -> wait");
			w->pages[pg].pg_flags |= PG_WANTED;
			return fn_sleep(w, c, SWOFF_SCAN, WC_PAGE, pg,
			    "anonget2");
		}
		if (pg != 0) {
			amap_lock(w, c, a);
			swapoff_pagein_tail(w, c, anon);
			amap_unlock(w, c, a);
			continue;
		}
		/* not resident: a page, then uvm_swap_get */
		anon_lock(w, c, anon);
		pg = uvm_pagealloc(w, c, 0, 0, anon, 0);
		anon_unlock(w, c, anon);
		if (pg == 0) {
			if (KNOB(c, K_FAULT_CHECKS_RECLAIMABLE) ==
			    FAULT_CHECKS_RECLAIMABLE_ENOMEM &&
			    !uvm_reclaimable(w, c->m)) {
				note(c, "uvm_anon_pagein: no memory, nothing "
				    "reclaimable -> ENOMEM");
				return swapoff_done(w, c, M_ENOMEM);
			}
			note(c, "uvmfault_anonget: noram -- UVM_WAIT");
			uvm_kick_pdaemon(w);
			return fn_sleep(w, c, SWOFF_SCAN, WC_FREE, 0,
			    "flt_noram1");
		}
		w->anons[anon].an_page = (uint8_t)pg;
		w->pages[pg].uanon = (uint8_t)anon;
		w->pages[pg].pg_pqflags |= PQ_ANON;
		f->op_swapoff.page = (uint8_t)pg;
		f->op_swapoff.anon = (uint8_t)anon;
		note(c, "uvmfault_anonget: paged out -> uvm_swap_get(PGO_SYNCIO)");
		return fn_yield(w, c, SWOFF_IODONE, "swapoff: uvm_swap_get");
	}

	/* every anon is in: a slot still in use (not bad) is EBUSY */
	for (int slot = 1; slot <= nswap(c->m); slot++)
		if (w->swap[slot].sw_state == SWS_INUSE) {
			note(c, "swap_off: a slot still in use -> EBUSY");
			return swapoff_done(w, c, M_EBUSY);
		}
	return swapoff_done(w, c, 0);
}
