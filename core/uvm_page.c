/*
 * uvm_page.c: page ops.
 *
 * The model of sys/uvm/uvm_page.c (and of the page-queue half of
 * uvm_page_i.h / uvm_pdpolicy_clock.c): the physical page allocator,
 * uvm_pagefree with its loan branch, wiring, the paging queues, PG_BUSY
 * ownership, object lookup, dirtiness, and the ghost wiring records the
 * invariant checker uses for I4/I5.  Nothing here sleeps: callers that
 * must wait (uvm_wait, a busy page) are resumable model functions.
 *
 * A word on a page's lifecycle (docs/uvm-semantics.md §1.2, §1.4):
 *
 *                        uvm_pagealloc
 *     FREE ---------------------------------------> NEW: BUSY|FAKE|CLEAN,
 *      ^  ^                                         busy_tid = caller,
 *      |  |                                         owner = obj/anon/none,
 *      |  |                                         not queued
 *      |  |                                              |
 *      |  |          fill (I/O, zero, copy), clear FAKE, | uvm_page_unbusy
 *      |  |          uvm_pageactivate                    v
 *      |  |  real free                            OWNED: object page or
 *      |  +------------------------------------  anon page, on ACTIVE or
 *      |       uvm_pagefree, loan_count == 0,    INACTIVE, or WIRED (off
 *      |       hold_count == 0                   the queues, wire_count > 0)
 *      |                                            |              |
 *      |          uvm_pagefree with loan_count > 0  |              |
 *      |          (object-owned, or an anon page    |              |
 *      |          lent to the kernel)               v              |
 *      |  last loan dropped           ORPHAN: ownerless, lent      |
 *      +----------------------------- (loan_count > 0); an anon    |
 *      |  (uvm_unloanpage ->           may still point at it and   |
 *      |   uvm_pagefree)               adopt it (PQ_ANON)          |
 *      |                                                           |
 *      |  uvm_page_unhold, hold_count   HELD: ownerless, unlent,   |
 *      +----------------------------- hold_count > 0 (fixed    <---+
 *         reaches 0                    profile: an I/O holds   uvm_pagefree
 *                                      it; truncate could      with holds
 *                                      only disown it)
 *
 * PG_RELEASED marks a busy page whose owner wants it gone: the thread that
 * unbusies it frees it (uvm_page_unbusy: uvm_pagefree for object pages and
 * for anon pages whose anon is still referenced -- the pageout case --,
 * uvm_anon_release for anon pages whose anon was freed meanwhile).
 *
 * Locks (uvm_page.h): flags and identity [O] owner lock, queues and
 * wire_count [Q] page queues, loan_count [O+Q].  The model does not record
 * the page-queue lock: every function here runs inside one step, which is
 * atomic.  Of the owner locks only the anon's is checked (I12, at
 * uvm_pagealloc); object locks are not modelled that finely.
 *
 * Free pages have pg_pqflags == PQ_FREE and every other field zero, so
 * that two worlds with the same free pages compare equal byte for byte.
 */
#include <string.h>

#include "core/uvm.h"

/* ---------------------------------------------------------- allocation */

/*
 * uvm_free_count: uvmexp.free, the number of pages on the free list.
 */
int
uvm_free_count(const struct world *w)
{
	int n = 0;

	for (int pg = 1; pg <= MAX_PAGES; pg++)
		if (w->pages[pg].pg_pqflags & PQ_FREE)
			n++;
	return n;
}

/*
 * uvm_kick_pdaemon: wake the pagedaemon (uvm_kick_pdaemon / the wakeup in
 * uvm_pagealloc_strat when free memory drops below freemin).
 */
void
uvm_kick_pdaemon(struct world *w)
{
	w->uvmexp.pd_wanted = 1;
	wakeup(w, WC_PDAEMON, 0);
}

/*
 * uvm_pagealloc: allocate a page (uvm_pagealloc_strat).
 *
 * => obj/off: the object page to create; anon: the anon to own it; at
 *	most one of the two (neither: an unowned page, e.g. a PTP).
 * => [2001+] the anon must be locked by the caller (LOCK_ASSERT of seed
 *	001, S-9): otherwise I12 fires.  Object locks are not checked.
 * => fails (returns 0) when free memory is at or below the reserve and
 *	UVM_PGA_USERESERVE is not given, when no page is free, or when the
 *	environment makes this allocation fail (unless UVM_PGA_NOFAIL).
 * => on success the page is PG_BUSY|PG_FAKE|PG_CLEAN (UVM_PGA_ZERO:
 *	zero-filled, hence not clean), owned busy by c->tid, not queued.
 * => the pagedaemon is kicked whenever free memory ends below freemin.
 */
int
uvm_pagealloc(struct world *w, struct step_ctx *c, int obj, int off,
    int anon, int flags)
{
	struct vm_page *p;
	int free = uvm_free_count(w);
	int pg = 0;

	if (obj != 0 && anon != 0)
		model_event(w, c, INV_KERNEL_PANIC, obj, anon, 0,
		    "uvm_pagealloc: both an object and an anon");
	if (anon != 0 && w->anons[anon].an_lock != c->tid)
		model_event(w, c, INV_ANON_LOCK_DISCIPLINE, anon, 0, 0,
		    "uvm_pagealloc: anon not locked");
	if (obj != 0 && uvm_pagelookup(w, obj, off) != 0)
		model_event(w, c, INV_KERNEL_PANIC, obj, off, 0,
		    "uvm_pageinsert: page already in object");

	if (free <= c->m->tun.reserve && !(flags & UVM_PGA_USERESERVE)) {
		note(c, "uvm_pagealloc: free <= reserve -> fail");
		goto out;
	}
	for (int i = 1; i <= MAX_PAGES; i++)
		if (w->pages[i].pg_pqflags & PQ_FREE) {
			pg = i;
			break;
		}
	if (pg == 0) {
		note(c, "uvm_pagealloc: no free page");
		goto out;
	}
	/* the environment may fail it (only when it could succeed) */
	if (!(flags & UVM_PGA_NOFAIL) &&
	    env_fail(w, c, "uvm_pagealloc: no page (injected)")) {
		pg = 0;
		goto out;
	}

	p = &w->pages[pg];
	memset(p, 0, sizeof(*p));
	p->pg_flags = PG_BUSY | PG_FAKE | PG_CLEAN;
	p->busy_tid = (uint8_t)c->tid;
	if (anon != 0) {
		p->uanon = (uint8_t)anon;
		p->pg_pqflags = PQ_ANON;
		w->anons[anon].an_page = (uint8_t)pg;
	} else if (obj != 0) {
		p->uobject = (uint8_t)obj;
		p->offset = (uint8_t)off;
	}
	if (flags & UVM_PGA_ZERO)
		p->pg_flags &= (uint8_t)~PG_CLEAN;	/* zeroed: not clean */
out:
	if (uvm_free_count(w) < c->m->tun.freemin)
		uvm_kick_pdaemon(w);
	return pg;
}

/* ------------------------------------------------------------- freeing */

/* uvm_pageremove: take the page out of its object */
static void
uvm_pageremove(struct vm_page *p)
{
	p->uobject = 0;
	p->offset = 0;
}

/* detach the page from the anon that points at it (an_page, uanon) */
static void
page_detach_anon(struct world *w, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->uanon != 0 && w->anons[p->uanon].an_page == pg)
		w->anons[p->uanon].an_page = 0;
	p->uanon = 0;
}

/* the page leaves its owner's hands: wake waiters, drop BUSY (loan and hold
 * branches of uvm_pagefree) */
static void
page_drop_busy(struct world *w, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->pg_flags & PG_WANTED)
		wakeup(w, WC_PAGE, pg);
	p->pg_flags &= (uint8_t)~(PG_WANTED | PG_BUSY | PG_RELEASED);
	p->busy_tid = 0;
}

/* ghost wiring records: keep them packed and sorted (see wiring_add) */
static void wiring_sort(struct world *w);

/*
 * uvm_pagefree: free page (docs/uvm-semantics.md §1.4).
 *
 * => erase page's identity (remove from object or anon), put it on the
 *	free list, force wire_count to 0 (a wired page may be freed: that
 *	is how truncation under vslock frees a page under DMA, S-10).
 * => assumes all valid mappings of pg are gone: callers do
 *	pmap_page_protect(NONE) first.  Nothing here touches PTEs; a stale
 *	one is left for the invariant checker to find (I6).
 * => loaned page: resolve the loan instead of freeing (KASSERT
 *	wire_count == 0 there: I8).  If loans remain, the page stays as an
 *	orphan, off the queues unless an anon still points at it.
 * => held page (fixed profile, hold_count > 0): disown it, keep it
 *	allocated (and wired); uvm_page_unhold frees it later.
 * => ghost wirings naming the freed page are marked lost (w_page = 0).
 */
void
uvm_pagefree(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (pg <= 0 || pg > MAX_PAGES)
		return;
	if (p->pg_pqflags & PQ_FREE) {
		model_event(w, c, INV_KERNEL_PANIC, pg, 0, 0,
		    "uvm_pagefree: freeing free page");
		return;
	}

	/* if the page is loaned, resolve the loan instead of freeing */
	if (p->loan_count > 0) {
		/*
		 * KASSERT(pg->wire_count == 0) (uvm_page.c, 2002+).  In the
		 * 1999-2001 design a loan to the kernel wires the page
		 * itself (K_KLOAN_WIRES_PAGE): those wirings are the loan's
		 * own, not a wiring a loan must never see (I8 counts them
		 * the same way).
		 */
		int kloan_wires = 0;

		for (int i = 1; i <= MAX_WIRINGS; i++)
			if (w->wirings[i].w_kind == WK_KLOAN &&
			    w->wirings[i].w_page == pg)
				kloan_wires++;
		if (p->wire_count > kloan_wires)
			model_event(w, c, INV_LOANED_PAGE_WIRED, pg,
			    p->wire_count, p->loan_count,
			    "uvm_pagefree: loaned page is wired");
		if (p->uobject != 0) {
			/* dirty, for the benefit of possible anon owners */
			uvm_pageremove(p);
			p->pg_flags &= (uint8_t)~PG_CLEAN;
		} else if (p->uanon != 0) {
			if (!(p->pg_pqflags & PQ_ANON))
				p->loan_count--;	/* anon held a loan */
			else
				p->pg_pqflags &= (uint8_t)~PQ_ANON;
			page_detach_anon(w, pg);
		}
		page_drop_busy(w, pg);
		if (p->loan_count > 0) {
			note(c, "uvm_pagefree: page still lent -> orphan");
			if (p->uanon == 0)
				uvm_pagedequeue(w, pg);
			return;
		}
	}

	/*
	 * fixed profile: an I/O still holds the page; only disown it.  The
	 * wirings of its mappings die with its identity, as a real free
	 * zeroes them ("wiring zeroed"): mlock's are lost (munlock will
	 * find no mapping and skip); the I/O's own (vslock) stays until
	 * uvm_vsunlock undoes it.
	 */
	if (p->hold_count > 0) {
		for (int i = 1; i <= MAX_WIRINGS; i++) {
			struct wiring *r = &w->wirings[i];

			if (r->w_kind == WK_MLOCK && r->w_page == pg &&
			    p->wire_count > 0) {
				r->w_page = 0;
				p->wire_count--;
			}
		}
		wiring_sort(w);
		note(c, "uvm_pagefree: page held by I/O -> disowned");
		uvm_pagedisown(w, pg);
		page_drop_busy(w, pg);
		return;
	}

	/* real free */
	if (p->pg_flags & PG_WANTED)
		wakeup(w, WC_PAGE, pg);
	if (p->uanon != 0)
		page_detach_anon(w, pg);
	{
		bool lost = false;

		for (int i = 1; i <= MAX_WIRINGS; i++)
			if (w->wirings[i].w_kind != WK_NONE &&
			    w->wirings[i].w_page == pg) {
				w->wirings[i].w_page = 0;	/* wiring lost */
				lost = true;
			}
		if (lost)
			wiring_sort(w);
	}
	/*
	 * The mdpage attributes describe contents that no longer exist.
	 * Clear them when nothing maps the page (so that equal free lists
	 * are equal worlds); a stale mapping keeps them, for I6 to report.
	 */
	if (!pmap_page_is_mapped(&w->pmap, pg)) {
		(void)pmap_clear_modify(&w->pmap, pg);
		(void)pmap_clear_reference(&w->pmap, pg);
	}
	memset(p, 0, sizeof(*p));	/* dequeued, unwired, no identity */
	p->pg_pqflags = PQ_FREE;
}

/*
 * uvm_free_ptps: free the page-table pages a pmap operation gave back.
 */
void
uvm_free_ptps(struct world *w, struct step_ctx *c,
    const struct pmap_freed *freed)
{
	if (freed == NULL)
		return;
	for (int i = 0; i < freed->n && i < (int)sizeof(freed->ptp); i++) {
		int pg = freed->ptp[i];

		if (pg == 0)
			continue;
		w->pages[pg].pg_flags &= (uint8_t)~PG_PTP;
		uvm_pagefree(w, c, pg);
	}
}

/* ------------------------------------------------------ wiring, queues */

/*
 * uvm_pagedequeue: remove a page from any paging queue.
 */
void
uvm_pagedequeue(struct world *w, int pg)
{
	w->pages[pg].pg_pqflags &= (uint8_t)~PQ_QUEUES;
}

/*
 * uvm_pagewire: wire the page, thus removing it from the daemon's grasp.
 *
 * => the first wiring takes it off the paging queues.
 */
void
uvm_pagewire(struct world *w, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->wire_count == 0)
		uvm_pagedequeue(w, pg);
	if (p->wire_count < UINT8_MAX)
		p->wire_count++;
}

/*
 * uvm_pageunwire: unwire the page.
 *
 * => activate if wire count goes to zero.
 * => [2020] asserts wire_count != 0; the model reports an unwire at 0 as
 *	I4 and leaves the count at 0 ([1999-2007] would have wrapped it).
 */
void
uvm_pageunwire(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->wire_count == 0) {
		model_event(w, c, INV_WIRE_COUNT_MISMATCH, pg, 0, 0,
		    "uvm_pageunwire: wire_count underflow");
		return;
	}
	p->wire_count--;
	if (p->wire_count == 0)
		uvm_pageactivate(w, pg);
}

/*
 * uvm_pageactivate: activate page.
 *
 * => remove from the inactive queue; a wired page is never queued.
 */
void
uvm_pageactivate(struct world *w, int pg)
{
	struct vm_page *p = &w->pages[pg];

	p->pg_pqflags &= (uint8_t)~PQ_INACTIVE;
	if (p->wire_count == 0)
		p->pg_pqflags |= PQ_ACTIVE;
}

/*
 * uvm_pagedeactivate: deactivate page.
 *
 * => caller must check to make sure page is not wired ([1999]: DIAGNOSTIC
 *	panic "caller did not check wire count"); a wired page here is I2,
 *	and the page is left where it is.
 * => [2000+] caller must clear the reference bit before calling.
 */
void
uvm_pagedeactivate(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->wire_count > 0) {
		model_event(w, c, INV_WIRED_PAGE_DEACTIVATED, pg,
		    p->wire_count, 0,
		    "uvm_pagedeactivate: caller did not check wire count");
		return;
	}
	p->pg_pqflags &= (uint8_t)~PQ_ACTIVE;
	p->pg_pqflags |= PQ_INACTIVE;
}

/*
 * uvm_pageenqueue: add a page to a paging queue without activating it
 * (read-ahead, neighbour pages).  Skipped if wired or already queued.
 */
void
uvm_pageenqueue(struct world *w, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->wire_count != 0 || (p->pg_pqflags & PQ_QUEUES))
		return;
	p->pg_pqflags |= PQ_ACTIVE;
}

/* ---------------------------------------------------------------- busy */

/*
 * uvm_page_busy: set PG_BUSY for c->tid.
 *
 * => the page must not be busy: callers that find it busy set PG_WANTED
 *	and sleep on it (WC_PAGE) instead.
 */
void
uvm_page_busy(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->pg_flags & PG_BUSY)
		model_event(w, c, INV_KERNEL_PANIC, pg, p->busy_tid, 0,
		    "uvm_page_busy: page already busy");
	p->pg_flags |= PG_BUSY;
	p->busy_tid = (uint8_t)c->tid;
}

/*
 * uvm_page_unbusy: unbusy a page.
 *
 * => wake PG_WANTED sleepers.
 * => PG_RELEASED: the owner wanted the page gone while it was busy.
 *	An anon page whose anon has been freed meanwhile (AN_RELEASED,
 *	an_ref == 0: uvm_anfree deferred to us) goes with its anon:
 *	uvm_anon_release.  Any other page (object page; anon page of a live
 *	anon, i.e. a finished pageout, whose data is now in the anon's swap
 *	slot; ownerless page) is uvm_pagefree'd.  Removing its mappings
 *	first is the caller's job.  (An anon with an_ref 0 but not
 *	AN_RELEASED sits in a suspended amap wipeout, which will free it:
 *	only its page goes here.)
 * => otherwise clear PG_BUSY and PG_WANTED.
 */
void
uvm_page_unbusy(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (!(p->pg_flags & PG_BUSY))
		model_event(w, c, INV_KERNEL_PANIC, pg, 0, 0,
		    "uvm_page_unbusy: page not busy");
	if (p->pg_flags & PG_WANTED)
		wakeup(w, WC_PAGE, pg);
	if (p->pg_flags & PG_RELEASED) {
		int anon = p->uanon;

		if ((p->pg_pqflags & PQ_ANON) && anon != 0 &&
		    w->anons[anon].an_ref == 0 &&
		    (w->anons[anon].an_flags & AN_RELEASED)) {
			note(c, "uvm_page_unbusy: PG_RELEASED anon page -> "
			    "uvm_anon_release");
			uvm_anon_release(w, c, anon);
		} else {
			note(c, "uvm_page_unbusy: PG_RELEASED -> uvm_pagefree");
			p->pg_flags &= (uint8_t)~PG_RELEASED;
			uvm_pagefree(w, c, pg);
		}
		return;
	}
	p->pg_flags &= (uint8_t)~(PG_BUSY | PG_WANTED);
	p->busy_tid = 0;
}

/* ------------------------------------------------------------ identity */

/*
 * uvm_pagelookup: the page at (obj, off), or 0.  Page-table pages are
 * never object pages.
 */
int
uvm_pagelookup(const struct world *w, int obj, int off)
{
	if (obj == 0)
		return 0;
	for (int pg = 1; pg <= MAX_PAGES; pg++) {
		const struct vm_page *p = &w->pages[pg];

		if (!(p->pg_pqflags & PQ_FREE) && p->uobject == obj &&
		    p->offset == off && !(p->pg_flags & PG_PTP))
			return pg;
	}
	return 0;
}

/*
 * uvm_pagereplace: the new page takes the old one's place in its object
 * (loan break, uvm_loanbreak); the old page loses its identity.
 */
void
uvm_pagereplace(struct world *w, int oldpg, int newpg)
{
	struct vm_page *o = &w->pages[oldpg];
	struct vm_page *n = &w->pages[newpg];

	n->uobject = o->uobject;
	n->offset = o->offset;
	uvm_pageremove(o);
}

/*
 * uvm_pagedisown: remove the page from its object (or, if the anon owns
 * it, from its anon) and from the paging queues, without freeing it.
 *
 * => an anon that only holds a loan on an object page keeps pointing at
 *	it (it may adopt the page later, §1.2).
 */
void
uvm_pagedisown(struct world *w, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->uobject != 0)
		uvm_pageremove(p);
	else if (p->pg_pqflags & PQ_ANON) {
		p->pg_pqflags &= (uint8_t)~PQ_ANON;
		page_detach_anon(w, pg);
	}
	uvm_pagedequeue(w, pg);
}

/*
 * uvm_page_is_swapbacked: PQ_SWAPBACKED (owned by an anon, or by an
 * anonymous uvm_object).
 */
bool
uvm_page_is_swapbacked(const struct world *w, int pg)
{
	const struct vm_page *p = &w->pages[pg];

	if (p->pg_pqflags & PQ_ANON)
		return true;
	return p->uobject != 0 && w->objs[p->uobject].uo_type == UOBJ_AOBJ;
}

/*
 * uvm_page_dirty: the page differs from its backing store (§1.5).
 */
bool
uvm_page_dirty(const struct world *w, int pg)
{
	return !(w->pages[pg].pg_flags & PG_CLEAN) ||
	    pmap_is_modified(&w->pmap, pg);
}

/* ---------------------------------------------------------------- hold */

/*
 * uvm_page_hold: an I/O holds the page (fixed profile, K_VSLOCK_PIN ==
 * 0): uvm_pagefree may disown it but not free it until the last hold is
 * dropped.
 */
void
uvm_page_hold(struct world *w, int pg)
{
	if (w->pages[pg].hold_count < UINT8_MAX)
		w->pages[pg].hold_count++;
}

/*
 * uvm_page_unhold: drop a hold.
 *
 * => when the last hold goes and the page was disowned meanwhile (no
 *	object, no anon, no loans), it is freed now.
 */
void
uvm_page_unhold(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->hold_count == 0) {
		model_event(w, c, INV_KERNEL_PANIC, pg, 0, 0,
		    "uvm_page_unhold: page not held");
		return;
	}
	p->hold_count--;
	if (p->hold_count == 0 && !(p->pg_pqflags & PQ_FREE) &&
	    p->uobject == 0 && !(p->pg_pqflags & PQ_ANON) && p->uanon == 0 &&
	    p->loan_count == 0) {
		note(c, "uvm_page_unhold: last hold of a disowned page -> "
		    "uvm_pagefree");
		uvm_pagefree(w, c, pg);
	}
}

/*
 * uvm_reclaimable: could the pagedaemon free anything?  A queued, unwired,
 * unbusy page that is not swap-backed (the file is its backing store), or
 * is clean, or for which a swap slot is free.
 */
bool
uvm_reclaimable(const struct world *w, const struct model *m)
{
	bool swap = uvm_swap_available(w, m);

	for (int pg = 1; pg <= m->tun.npages && pg <= MAX_PAGES; pg++) {
		const struct vm_page *p = &w->pages[pg];

		if (!(p->pg_pqflags & PQ_QUEUES) || p->wire_count != 0 ||
		    (p->pg_flags & PG_BUSY))
			continue;
		if (!uvm_page_is_swapbacked(w, pg) || swap ||
		    !uvm_page_dirty(w, pg))
			return true;
	}
	return false;
}

/* -------------------------------------------------- ghost wiring records */

/*
 * The records are kept packed at the front of w->wirings[1..] and sorted,
 * so that two worlds holding the same set of wirings have the same bytes.
 */
static int
wiring_cmp(const struct wiring *a, const struct wiring *b)
{
	if (a->w_kind != b->w_kind)
		return a->w_kind == WK_NONE ? 1 : b->w_kind == WK_NONE ? -1 :
		    a->w_kind - b->w_kind;
	if (a->w_vm != b->w_vm)
		return a->w_vm - b->w_vm;
	if (a->w_va != b->w_va)
		return a->w_va - b->w_va;
	return a->w_page - b->w_page;
}

static void
wiring_sort(struct world *w)
{
	int last = MAX_WIRINGS;

	/* the empty records after the last used one are in place already */
	while (last > 1 && w->wirings[last].w_kind == WK_NONE)
		last--;
	for (int i = 2; i <= last; i++) {
		struct wiring x = w->wirings[i];
		int j = i - 1;

		while (j >= 1 && wiring_cmp(&w->wirings[j], &x) > 0) {
			w->wirings[j + 1] = w->wirings[j];
			j--;
		}
		w->wirings[j + 1] = x;
	}
}

/*
 * wiring_add: record that a wire fault (kind WK_MLOCK or WK_VSLOCK) or a
 * 1999 kernel loan (WK_KLOAN) wired page pg for (vm, va).
 *
 * => the table holds MAX_WIRINGS records (16: four mappings of three
 *	pages each mlocked, and three raw I/Os of them under way, fit); a
 *	wiring beyond that would be lost silently and turn into a false
 *	I4/I5 finding, so it marks the world (w->wirings[0].w_kind, a
 *	flag outside the table): world_capacity_hit() then cuts the path
 *	there, a bound of the model (EV_MODEL_CAPACITY), not a finding.
 */
void
wiring_add(struct world *w, int kind, int vm, int va, int pg)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		struct wiring *r = &w->wirings[i];

		if (r->w_kind != WK_NONE)
			continue;
		r->w_kind = (uint8_t)kind;
		r->w_vm = (uint8_t)vm;
		r->w_va = (uint8_t)va;
		r->w_page = (uint8_t)pg;
		wiring_sort(w);
		return;
	}
	w->wirings[0].w_kind = 1;	/* overflow: see wiring_add */
}

/*
 * wiring_renew: the L-1 fix re-wired (vm, va) after its wired page was
 * lost: a record of that wiring whose page was freed (w_page 0) names
 * the new page; without one, a new record.
 */
void
wiring_renew(struct world *w, int kind, int vm, int va, int pg)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		struct wiring *r = &w->wirings[i];

		if (r->w_kind == kind && r->w_vm == vm && r->w_va == va &&
		    r->w_page == 0) {
			r->w_page = (uint8_t)pg;
			wiring_sort(w);
			return;
		}
	}
	wiring_add(w, kind, vm, va, pg);
}

/*
 * wiring_drop: forget the wiring of (vm, va) of the given kind (0: any
 * kind).  Returns the page it named (0 if that page was freed under it),
 * or -1 if there was no such record.
 */
int
wiring_drop(struct world *w, int vm, int va, int kind)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		struct wiring *r = &w->wirings[i];
		int pg;

		if (r->w_kind == WK_NONE || r->w_vm != vm || r->w_va != va ||
		    (kind != WK_NONE && r->w_kind != kind))
			continue;
		pg = r->w_page;
		memset(r, 0, sizeof(*r));
		wiring_sort(w);
		return pg;
	}
	return -1;
}

/*
 * wiring_find: the page of a wiring record of (vm, va) of the given kind,
 * preferring one that names page prefer; -1 if there is none.
 */
int
wiring_find(const struct world *w, int vm, int va, int kind, int prefer)
{
	int found = -1;

	for (int i = 1; i <= MAX_WIRINGS; i++) {
		const struct wiring *r = &w->wirings[i];

		if (r->w_kind != kind || r->w_vm != vm || r->w_va != va)
			continue;
		if (prefer != 0 && r->w_page == prefer)
			return prefer;
		if (found == -1)
			found = r->w_page;
	}
	return found;
}

/*
 * wiring_drop_page: wiring_drop of the record of (vm, va, kind) naming
 * page pg (any record of (vm, va, kind) if none names it).
 */
int
wiring_drop_page(struct world *w, int vm, int va, int kind, int pg)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		struct wiring *r = &w->wirings[i];

		if (r->w_kind == kind && r->w_vm == vm && r->w_va == va &&
		    r->w_page == pg) {
			memset(r, 0, sizeof(*r));
			wiring_sort(w);
			return pg;
		}
	}
	return wiring_drop(w, vm, va, kind);
}

/* wiring_count_va: how many wiring records (any kind) (vm, va) has */
int
wiring_count_va(const struct world *w, int vm, int va)
{
	int n = 0;

	for (int i = 1; i <= MAX_WIRINGS; i++)
		if (w->wirings[i].w_kind != WK_NONE &&
		    w->wirings[i].w_vm == vm && w->wirings[i].w_va == va)
			n++;
	return n;
}

/*
 * wiring_count_page: how many live wiring records name pg (I4).
 */
int
wiring_count_page(const struct world *w, int pg)
{
	int n = 0;

	if (pg == 0)
		return 0;
	for (int i = 1; i <= MAX_WIRINGS; i++)
		if (w->wirings[i].w_kind != WK_NONE &&
		    w->wirings[i].w_page == pg)
			n++;
	return n;
}
