/*
 * uvm_pdaemon.c: the page daemon (uvm_pageout), its inactive-queue scan
 * (uvmpd_scan_inactive [1999/2001], uvmpd_scan_queue [2020]) and its
 * active-queue scan (uvmpd_scan's second half [1999/2001],
 * uvmpdpol_balancequeue [2020]).
 *
 * What the kernel does (uvm_pdaemon.c 1.12 [1998/1999], 1.39 [2001],
 * ~2020 with uvm_pdpolicy_clock.c; docs/uvm-semantics.md §8):
 *
 *   uvm_pageout loops forever: sleep "pgdaemon" until kicked (uvm_wait,
 *   uvm_kick_pdaemon when free memory falls below freemin); scan if
 *   free + paging < freetarg or the inactive queue is short; then wake
 *   the threads sleeping in uvm_wait on &uvmexp.free (if there is any
 *   free memory or nothing is paging).
 *
 *   Inactive scan, page by page until free + paging reaches freetarg:
 *	- referenced since it was deactivated (pmap_is_referenced):
 *	  reactivate
 *	- trylock the owner (object or anon; the page queues are locked,
 *	  so this is the wrong order)
 *	- busy: skip (someone is working on it)
 *	- [2020] KASSERT(wire_count == 0): wired pages are never queued
 *	- object (vnode) page: pgo_put(PGO_CLEANIT | PGO_FREE): the pager
 *	  writes a dirty page back and frees it
 *	- swap-backed (anon) page: pmap_page_protect(NONE), sync the
 *	  modified bit into PG_CLEAN; a clean page is freed (its data is in
 *	  its swap slot: [1999] DIAGNOSTIC panic "clean anon page without
 *	  backing store?", [2001+] KASSERT(anon->an_swslot != 0) -- PR 7578,
 *	  S-8); a dirty page gets a fresh swap slot (the old one is dropped
 *	  first; swap full -> reactivate), is marked PG_BUSY | PG_PAGEOUT,
 *	  counted in uvmexp.paging, dequeued, and written by an async
 *	  uvm_swap_put completed by the aiodone thread (uvm_pager.c).
 *
 *   Active scan, while the inactive queue is short of its target
 *   (inactive < 1 + (active + inactive) / 3 here): skip busy pages;
 *	- [1999] pmap_page_protect(p, VM_PROT_NONE) then uvm_pagedeactivate,
 *	  "no need to check wire_count as pg is active" -- Thorpe's seed
 *	  000 post: that revokes the mapping of a page lent to the kernel
 *	  (S-1) and would deactivate a wired page; his fix tests
 *	  p->wire_count == 0
 *	- [2000+] pmap_clear_reference + uvm_pagedeactivate: mappings stay.
 *
 * Model: kt_pagedaemon_step, the endless loop.  One pass per kick
 * (uvmexp.pd_wanted), and another while a pass changed something and
 * the shortage lasts; uvmexp.pd_passes counts passes that freed or
 * paged out nothing.  Pages are scanned in page-index order (the
 * model's queues have no order); the frame (kt_pagedaemon) holds the
 * cursor and what the pass did (progress: 1 freed or paged out a page,
 * 2 moved one).  Each page acted on (freed, paged out, reactivated,
 * deactivated) ends the step ("uvmpd_scan_queue: next
 * page" / "uvmpdpol_balancequeue: next page"); uninteresting pages are
 * skipped within the step.  A dirty vnode page is written back
 * synchronously (no buf).  aobj pages are not paged out (the model keeps
 * no per-aobj swap slots): they are reactivated.  In a scenario without
 * an aiodone thread the swap write completes at once (uvm_pager.c).
 *
 * Locks: the owner is try-locked per page and released before the step
 * ends; an owner lock held (leaked) by another thread makes the daemon
 * skip the page, as the trylock fails.  Sleeps only at the top
 * ("pgdaemon").
 */
#include "core/ops.h"
#include "core/uvm.h"

enum { PD_TOP = 0, PD_INACTIVE, PD_ACTIVE };

/* a page acted on: the scan goes on at the next page in the next step */
#define PD_NEXT(msg) do {						\
	f->kt_pagedaemon.cursor = (uint8_t)(pg + 1);			\
	return fn_yield(w, c, f->pc, (msg));				\
} while (0)

/* what one page of a scan came to */
enum { PD_SKIPPED = 0, PD_MOVED, PD_FREED };

static int
pd_count(const struct world *w, int pqflag)
{
	int n = 0;

	for (int pg = 1; pg <= MAX_PAGES; pg++)
		if (w->pages[pg].pg_pqflags & pqflag)
			n++;
	return n;
}

static bool
pd_inactive_shortage(const struct world *w)
{
	int active = pd_count(w, PQ_ACTIVE);
	int inactive = pd_count(w, PQ_INACTIVE);

	return inactive < 1 + (active + inactive) / 3;
}

static bool
pd_needs_free(const struct world *w, const struct model *m)
{
	return uvm_free_count(w) + w->uvmexp.paging < m->tun.freetarg;
}

/*
 * uvmpd_trylockowner: the page's owner lock, without sleeping.
 * Returns the owner kind: 1 object (*owner = obj), 2 anon (*owner =
 * anon), 0 trylock failed / nobody to lock.  (The kernel's
 * uvmpd_trylockowner also adopts an ownerless page held by an anon, an
 * O->A loan the object let go of; the model has no O->A loans.)
 */
static int
pd_trylockowner(struct world *w, struct step_ctx *c, int pg, int *owner)
{
	struct vm_page *p = &w->pages[pg];

	if (p->uobject != 0) {
		struct uvm_object *uo = &w->objs[p->uobject];

		if (uo->uo_lock != 0)
			return 0;
		uo->uo_lock = (uint8_t)c->tid;
		*owner = p->uobject;
		return 1;
	}
	if (p->uanon != 0) {
		if (w->anons[p->uanon].an_lock != 0)
			return 0;
		anon_lock(w, c, p->uanon);
		*owner = p->uanon;
		return 2;
	}
	return 0;
}

static void
pd_unlockowner(struct world *w, struct step_ctx *c, int kind, int owner)
{
	if (kind == 1)
		w->objs[owner].uo_lock = 0;
	else if (kind == 2 && w->anons[owner].an_lock == c->tid)
		anon_unlock(w, c, owner);
}

/* a free struct buf for a pageout, or 0 */
static int
pd_getbuf(const struct world *w)
{
	for (int b = 1; b <= MAX_BUFS; b++)
		if (w->bufs[b].b_kind == BUF_NONE)
			return b;
	return 0;
}

/*
 * pd_pageout_anon: the dirty swap-backed page: new slot, busy, async
 * write.  Returns true if the pageout started, false if the page was
 * reactivated (swap full / no buffer).
 */
static bool
pd_pageout_anon(struct world *w, struct step_ctx *c, int pg, int anon)
{
	struct vm_page *p = &w->pages[pg];
	struct vm_anon *an = &w->anons[anon];
	struct buf *bp;
	int slot, b;

	/* free any swap space: the page must be written again */
	if (an->an_swslot != 0)
		uvm_anon_dropswap(w, c, anon);
	b = pd_getbuf(w);
	slot = b != 0 ? uvm_swap_alloc(w, c, anon) : 0;
	if (slot == 0) {
		note(c, b == 0 ? "uvmpd_scan_queue: no buf for the pageout "
		    "(model: MAX_BUFS) -> reactivate" :
		    "uvmpd_scan_queue: swap full -> reactivate");
		uvm_pageactivate(w, pg);
		return false;
	}
	an->an_swslot = (uint8_t)slot;

	/* mark the page busy and delayed-free; take it off the queues */
	uvm_page_busy(w, c, pg);
	p->pg_flags |= PG_PAGEOUT;
	w->uvmexp.paging++;
	uvm_pagedequeue(w, pg);

	/* uvm_swap_put(slot, &pg, 1, async) */
	bp = &w->bufs[b];
	bp->b_kind = BUF_SWAP_WRITE;
	bp->b_tid = (uint8_t)c->tid;
	bp->b_async = 1;
	bp->b_npages = 1;
	bp->b_pages[0] = (uint8_t)pg;
	bp->b_slot = (uint8_t)slot;
	bp->b_anon = (uint8_t)anon;
	note(c, "uvmpd_scan_queue: dirty anon page -> new swap slot, "
	    "PG_BUSY|PG_PAGEOUT, async uvm_swap_put");
	if (uvm_aiodone_running(c->m)) {
		wakeup(w, WC_WORK, KT_AIODONE);
	} else {
		note(c, "uvm_swap_put: no aiodone thread in the scenario: "
		    "the write completes at once");
		uvm_aio_aiodone(w, c, b);
	}
	return true;
}

/*
 * pd_scan_inactive_page: one page of the inactive scan.
 * Returns PD_SKIPPED (go on within the step), PD_MOVED (reactivated) or
 * PD_FREED (freed or paged out).
 */
static int
pd_scan_inactive_page(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];
	int kind, kind2, owner = 0;

	kind = pd_trylockowner(w, c, pg, &owner);
	if (kind == 0)
		return PD_SKIPPED;
	if ((p->pg_flags & PG_BUSY) || p->wire_count > 0) {
		/* busy: someone is working on it; wired: never a victim */
		pd_unlockowner(w, c, kind, owner);
		return PD_SKIPPED;
	}
	if (pmap_is_referenced(&w->pmap, pg)) {
		(void)pmap_clear_reference(&w->pmap, pg);
		uvm_pageactivate(w, pg);
		pd_unlockowner(w, c, kind, owner);
		note(c, "uvmpdpol_selectvictim: referenced -> reactivate");
		return PD_MOVED;
	}

	if (kind == 1 && w->objs[owner].uo_type == UOBJ_VNODE) {
		/* pgo_put(PGO_CLEANIT | PGO_FREE) */
		uvm_pmap_page_protect(w, c, pg, VM_PROT_NONE);
		if (pmap_clear_modify(&w->pmap, pg) ||
		    !(p->pg_flags & PG_CLEAN)) {
			p->pg_flags |= PG_CLEAN;
			note(c, "pgo_put: write back (synchronous in the "
			    "model), then free");
		} else {
			note(c, "pgo_put: clean vnode page -> uvm_pagefree");
		}
		uvm_pagefree(w, c, pg);
		pd_unlockowner(w, c, kind, owner);
		return PD_FREED;
	}
	if (kind == 1) {
		/* aobj: no per-aobj swap slots in the model */
		uvm_pageactivate(w, pg);
		pd_unlockowner(w, c, kind, owner);
		note(c, "uvmpd_scan_queue: aobj page not paged out (model) "
		    "-> reactivate");
		return PD_MOVED;
	}

	/* swap-backed anon page: sync the modified bit, then decide */
	uvm_pmap_page_protect(w, c, pg, VM_PROT_NONE);
	if (pmap_clear_modify(&w->pmap, pg))
		p->pg_flags &= (uint8_t)~PG_CLEAN;
	if (p->pg_flags & PG_CLEAN) {
		if (w->anons[owner].an_swslot == 0) {
			/* PR 7578: treat it as dirty (DIAGNOSTIC panics) */
			model_event(w, c, INV_CLEAN_ANON_WITHOUT_SWAP, pg,
			    owner, 0, "uvmpd_scan_inactive: clean anon page "
			    "without backing store?");
			p->pg_flags &= (uint8_t)~PG_CLEAN;
		} else {
			uvm_pagefree(w, c, pg);
			if (w->anons[owner].an_page == pg)
				w->anons[owner].an_page = 0;
			pd_unlockowner(w, c, kind, owner);
			note(c, "uvmpd_scan_queue: clean anon page -> "
			    "uvm_pagefree (data in its swap slot)");
			return PD_FREED;
		}
	}
	kind2 = pd_pageout_anon(w, c, pg, owner) ? PD_FREED : PD_MOVED;
	pd_unlockowner(w, c, kind, owner);
	return kind2;
}

/*
 * pd_scan_active_page: one page of the active scan (inactive shortage).
 * Returns PD_SKIPPED or PD_MOVED (deactivated).
 */
static int
pd_scan_active_page(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];
	int kind, owner = 0;

	if (p->pg_flags & PG_BUSY)
		return PD_SKIPPED;
	/*
	 * S-1: Thorpe's fix adds "&& p->wire_count == 0" here.  It is not
	 * modelled, in any era: no wired page is ever on the active queue
	 * (uvm_pagewire dequeues it, uvm_page_i.h 1.8; uvm_pageactivate
	 * leaves a wired page off the queues; uvm_loan.c 1.13 wires kernel
	 * loans through uvm_pagewire), so the test could never be true.
	 * Were the model to queue a wired page, I1 says so, and a wired
	 * page deactivated here is I2 (uvm_pagedeactivate).
	 */
	kind = pd_trylockowner(w, c, pg, &owner);
	if (kind == 0)
		return PD_SKIPPED;
	if (KNOB(c, K_PD_DEACTIVATE_REVOKES) ==
	    PD_DEACTIVATE_REVOKES_PAGE_PROTECT_NONE) {
		/* [1999] */
		uvm_pmap_page_protect(w, c, pg, VM_PROT_NONE);
		note(c, "uvmpd_scan: inactive shortage: pmap_page_protect"
		    "(NONE) + uvm_pagedeactivate (\"no need to check "
		    "wire_count as pg is active\")");
	} else {
		(void)pmap_clear_reference(&w->pmap, pg);
		note(c, "uvmpdpol_balancequeue: pmap_clear_reference + "
		    "uvm_pagedeactivate");
	}
	uvm_pagedeactivate(w, c, pg);
	pd_unlockowner(w, c, kind, owner);
	return PD_MOVED;
}

/*
 * kt_pagedaemon_step: uvm_pageout
 *
 * => nothing locked across steps; sleeps "pgdaemon" until kicked
 * => one pass (inactive scan, then active scan) per kick; at the end of
 *    the pass the uvm_wait sleepers are woken to retry
 */
int
kt_pagedaemon_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int pg, rv;

	(void)t;
	switch (f->pc) {
	case PD_TOP:
	top:
		if (!w->uvmexp.pd_wanted)
			return fn_sleep(w, c, PD_TOP, WC_PDAEMON, 0,
			    "pgdaemon");
		w->uvmexp.pd_wanted = 0;
		f->kt_pagedaemon.cursor = 1;
		f->kt_pagedaemon.progress = 0;
		f->pc = PD_INACTIVE;
		/* FALLTHROUGH */
	case PD_INACTIVE:
		/* uvmpd_scan_queue: convert inactive pages into free pages */
		for (pg = f->kt_pagedaemon.cursor; pg <= MAX_PAGES; pg++) {
			if (!pd_needs_free(w, c->m))
				break;
			if (!(w->pages[pg].pg_pqflags & PQ_INACTIVE) ||
			    (w->pages[pg].pg_flags & PG_PTP))
				continue;
			rv = pd_scan_inactive_page(w, c, pg);
			if (rv == PD_FREED)
				f->kt_pagedaemon.progress = 1;
			if (rv != PD_SKIPPED)
				PD_NEXT("uvmpd_scan_queue: next page");
		}
		f->kt_pagedaemon.cursor = 1;
		f->pc = PD_ACTIVE;
		/* FALLTHROUGH */
	case PD_ACTIVE:
		/* uvmpdpol_balancequeue: refill the inactive queue */
		for (pg = f->kt_pagedaemon.cursor; pg <= MAX_PAGES; pg++) {
			if (!pd_inactive_shortage(w))
				break;
			if (!(w->pages[pg].pg_pqflags & PQ_ACTIVE) ||
			    (w->pages[pg].pg_flags & PG_PTP))
				continue;
			if (pd_scan_active_page(w, c, pg) != PD_SKIPPED) {
				f->kt_pagedaemon.progress |= 2;
				PD_NEXT("uvmpdpol_balancequeue: next page");
			}
		}
		/* end of the pass */
		if (f->kt_pagedaemon.progress)
			w->uvmexp.pd_passes = 0;
		else if (w->uvmexp.pd_passes < 255)
			w->uvmexp.pd_passes++;
		if (uvm_free_count(w) > c->m->tun.reserve ||
		    w->uvmexp.paging == 0)
			wakeup(w, WC_FREE, 0);
		/*
		 * uvm_pageout loops while there is a shortage: a pass that
		 * refilled the inactive queue is followed by another pass,
		 * which may now free what it deactivated.  A pass that
		 * changed nothing waits for the next kick.
		 */
		if (f->kt_pagedaemon.progress != 0 && pd_needs_free(w, c->m))
			w->uvmexp.pd_wanted = 1;
		f->kt_pagedaemon.cursor = 0;
		f->kt_pagedaemon.progress = 0;
		f->pc = PD_TOP;
		goto top;
	}
	model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
	    "model: kt_pagedaemon_step bad pc");
	return fn_yield(w, c, PD_TOP, "uvm_pageout");
}
