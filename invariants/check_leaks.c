/*
 * check_leaks.c: invariants of what is lost, not broken: a resource that
 * is allocated but that nothing references any more can never be freed
 * (a leak), and a reference counted higher than its referents keeps its
 * object alive for ever.  The kernel has no such checks; its leaks show
 * as swap or memory that slowly runs out.  Each predicate counts the
 * references the model holds in the world and compares.
 *
 *   I21 swap-slot-leaked.  A swap slot in use (SWS_INUSE) belongs to a
 *       live anon whose an_swslot names it, or to a buf reading or
 *       writing it.  Otherwise no uvm_swap_free can ever come: the slot
 *       is lost.  (sys/uvm/uvm_anon.c, uvm_anon_dropswap and
 *       uvm_anfree -> uvm_anon_freelst are the only releasers of an
 *       anon's slot; sys/uvm/uvm_pager.c uvm_aio_aiodone_pages the one
 *       for a failed write.)
 *
 *   I22 anon-ref-leaked.  A live anon's an_ref is at most the number of
 *       references the model holds: the amap slots naming it (am_anon of
 *       every amap in use).  An an_ref above that is a reference nobody
 *       will drop, so amap_wipeout never brings it to 0 and the anon,
 *       its page and its swap slot leak (sys/uvm/uvm_amap.c,
 *       amap_wipeout: "if (anon->an_ref == 0) uvm_anfree").  An anon
 *       being built by a thread (an_ref 1, named by no amap yet, its page
 *       busy or none) is in flight, not leaked: the fault adds it to the
 *       amap, or frees it, before it lets go of the page.  Anons the
 *       kernel freed while their page was busy (AN_RELEASED) wait for
 *       uvm_anon_release and are not counted.
 *
 *   I23 loan-count-leaked.  A page's loan_count is at most the loans
 *       that can return it: the kernel loans naming it (kloans) and the
 *       anons that hold it without owning it (O->A loans: an_page names
 *       the page but the page is not PQ_ANON owned by that anon).
 *       Otherwise uvm_unloanpage / uvm_anfree can never bring it to 0
 *       and the page is never freed (sys/uvm/uvm_loan.c,
 *       uvm_unloanpage: "if (pg->loan_count == 0 && ...) uvm_pagefree").
 *
 *   I24 page-lost.  A page that is not free, not a page-table page and
 *       not PG_BUSY is wired (wire_count > 0), or on a paging queue, or
 *       still held by something that will give it back: a loan
 *       (loan_count > 0), an I/O hold (hold_count > 0) or a buf naming
 *       it.  A page that is none of these is invisible to the pagedaemon
 *       (and, ownerless, to every freeing path): lost memory until its
 *       owner, if any, is torn down.  The generator found the model
 *       leaking aobj pages this way (uvm_fault_lower_io did not activate
 *       the page uao_get gave it; scenarios/aobj-fault.scn).  This is uvm_page.c's
 *       own debug rule (uvm_page_own, UVM_PAGE_TRKOWN: when PG_BUSY is
 *       dropped, "if the page is not on a queue then it is unowned or
 *       wired") made total: unowned and unheld is not a state a page may
 *       stay in.
 *
 *   I25 ptp-freed-in-use.  The page-table page installed for a region
 *       of a user pmap that holds a valid PTE is not free and owned by
 *       nothing else (no object, no anon).  A PTP freed while a valid PTE points through it would
 *       be reused as data while the MMU still walks it (sys/arch/x86/
 *       x86/pmap.c, pmap_free_ptp is called only when the PTP's
 *       wire_count, its count of valid PTEs, drops to 1).
 *
 *   I26 wiring-orphaned.  Every page wiring an mlock or mlockall made
 *       (the model's WK_MLOCK records) lies in a live map entry whose
 *       wired_count is not 0.  Only an unwire pass over a wired entry
 *       gives such a wiring back (uvm_map_entry_unwire ->
 *       uvm_fault_unwire_locked, from munlock, munlockall, the unwinding
 *       of a failed uvm_map_pageable(_all) and uvm_unmap_remove); once
 *       the entry says "not wired" or is gone, no path will: the page
 *       stays wired (never paged out, never freed) after its owner
 *       stopped asking for it (sys/uvm/uvm_map.c, uvm_map_entry_unwire
 *       and its callers).  A record whose page truncation freed (lost)
 *       counts too: it still waits for its unwire.
 */
#include "invariants/invariants.h"

#include "invariants/facts.h"

static bool
anon_live(const struct world *w, int an)
{
	const struct vm_anon *a = &w->anons[an];

	return (a->an_flags & AN_INUSE) != 0 || a->an_ref > 0;
}

/* I21 */
bool
inv_check_swap_slot_leaked(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	int nswap = m->tun.nswap < MAX_SWAP ? m->tun.nswap : MAX_SWAP;

	for (int slot = 1; slot <= nswap; slot++) {
		bool held = false;

		if (w->swap[slot].sw_state != SWS_INUSE)
			continue;
		for (int an = 1; an <= MAX_ANONS && !held; an++)
			held = anon_live(w, an) && w->anons[an].an_swslot == slot;
		for (int b = 1; b <= MAX_BUFS && !held; b++)
			held = (w->bufs[b].b_kind == BUF_SWAP_WRITE ||
			    w->bufs[b].b_kind == BUF_SWAP_READ) &&
			    w->bufs[b].b_slot == slot;
		if (held)
			continue;
		inv_fail(v, INV_SWAP_SLOT_LEAKED, 0, slot,
		    w->swap[slot].sw_anon, 0, "swap slot in use but named by "
		    "no live anon and by no swap I/O: it can never be freed");
		return true;
	}
	return false;
}

/* I22 */
bool
inv_fcheck_anon_ref_leaked(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	(void)m;
	for (int an = 1; an <= MAX_ANONS; an++) {
		const struct vm_anon *a = &w->anons[an];
		int refs;

		if (!anon_live(w, an) || (a->an_flags & AN_RELEASED) != 0)
			continue;
		refs = f->amap_refs[an];
		if (a->an_ref <= refs)
			continue;
		/* in flight: a new anon the faulting thread still builds */
		if (refs == 0 && a->an_ref == 1 && (a->an_page == 0 ||
		    (w->pages[a->an_page].pg_flags & PG_BUSY) != 0 ||
		    a->an_lock != 0))
			continue;
		inv_fail(v, INV_ANON_REF_LEAKED, 0, an, 0, 0, "an_ref %d but "
		    "%d amap slot%s name the anon: %d reference%s will never "
		    "be dropped", a->an_ref, refs, refs == 1 ? "" : "s",
		    a->an_ref - refs, a->an_ref - refs == 1 ? "" : "s");
		return true;
	}
	return false;
}

INV_FCHECK_ALONE(anon_ref_leaked)

/* I23 */
bool
inv_check_loan_count_leaked(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];
		int loans = 0;

		if (p->loan_count == 0)
			continue;
		for (int k = 1; k <= MAX_KLOANS; k++)
			loans += w->kloans[k].kl_page == pg;
		for (int an = 1; an <= MAX_ANONS; an++) {
			if (!anon_live(w, an) || w->anons[an].an_page != pg)
				continue;
			/* the owning anon is no loan; any other anon is */
			if ((p->pg_pqflags & PQ_ANON) != 0 && p->uanon == an)
				continue;
			loans++;
		}
		if (p->loan_count <= loans)
			continue;
		inv_fail(v, INV_LOAN_COUNT_LEAKED, 0, pg, 0, 0, "loan_count "
		    "%d but %d loan%s can return the page: it is never freed",
		    p->loan_count, loans, loans == 1 ? "" : "s");
		return true;
	}
	return false;
}

/* I24 */
bool
inv_fcheck_page_lost(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];

		if ((p->pg_pqflags & (PQ_FREE | PQ_QUEUES)) != 0 ||
		    (p->pg_flags & PG_BUSY) != 0 || p->wire_count > 0 ||
		    p->loan_count > 0 || p->hold_count > 0 ||
		    inv_facts_page_is_ptp(f, w, pg) || f->in_io[pg])
			continue;
		inv_fail(v, INV_PAGE_LOST, 0, pg, 0, 0, "page neither free, "
		    "wired, queued, busy, lent, held nor under I/O (%s): %s",
		    p->uobject != 0 ? "owned by its object" :
		    (p->pg_pqflags & PQ_ANON) != 0 ? "owned by its anon" :
		    "ownerless", p->uobject != 0 || (p->pg_pqflags &
		    PQ_ANON) != 0 ? "the pagedaemon never sees it again" :
		    "nothing will ever free it");
		return true;
	}
	return false;
}

INV_FCHECK_ALONE(page_lost)

/* I25 */
bool
inv_fcheck_ptp_freed_in_use(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	(void)m;
	for (int pm = 1; pm <= MAX_PMAPS; pm++) {
		const struct pmap *p = &w->pmap.pmaps[pm];

		if ((p->pm_flags & PM_ACTIVE) == 0 ||
		    (p->pm_flags & PM_STATIC_PTPS) != 0)
			continue;
		/* the valid PTEs, va ascending */
		for (uint32_t vas = f->valid_va[pm]; vas != 0; vas &= vas - 1) {
			int va = __builtin_ctz(vas), ptp;
			const struct vm_page *pg;

			ptp = p->pm_ptp[va / PTP_SPAN];
			if (ptp == 0)	/* the pmap's own bookkeeping */
				continue;
			pg = &w->pages[ptp];
			if ((pg->pg_pqflags & PQ_FREE) != 0 || pg->uobject != 0 ||
			    pg->uanon != 0) {
				inv_fail(v, INV_PTP_FREED_IN_USE, 0, ptp, pm, va,
				    "page-table page %s while a valid PTE "
				    "points through it", (pg->pg_pqflags &
				    PQ_FREE) != 0 ? "freed" : "reused as data");
				return true;
			}
		}
	}
	return false;
}

INV_FCHECK_ALONE(ptp_freed_in_use)

/* I26 */
bool
inv_check_wiring_orphaned(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		const struct wiring *wr = &w->wirings[i];
		bool owned = false;

		if (wr->w_kind != WK_MLOCK)
			continue;
		for (int e = 1; e <= MAX_ENTRIES && !owned; e++) {
			const struct vm_map_entry *ent = &w->entries[e];

			owned = (ent->etype & UVM_ET_INUSE) &&
			    ent->vm == wr->w_vm && ent->start <= wr->w_va &&
			    wr->w_va < ent->end && ent->wired_count > 0;
		}
		if (owned)
			continue;
		inv_fail(v, INV_WIRING_ORPHANED, 0, wr->w_page, wr->w_vm,
		    wr->w_va, "an mlock wiring of page %d at va %d of %s "
		    "outlived its wired map entry: no unwire will undo it",
		    wr->w_page, wr->w_va, inv_vm_name(w, m, wr->w_vm));
		return true;
	}
	return false;
}
