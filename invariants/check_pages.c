/*
 * check_pages.c: invariants of struct vm_page alone: paging queues, wire
 * counts, free pages and ownerless pages.
 *
 * The life of a page (docs/uvm-semantics.md §1), with the function that makes
 * each transition:
 *
 *	FREE --uvm_pagealloc--> BUSY|FAKE (owned by obj, anon, or nobody)
 *	owned --uvm_pageactivate/deactivate--> ACTIVE <-> INACTIVE
 *	queued --uvm_pagewire--> wired (dequeued) --uvm_pageunwire--> ACTIVE
 *	owned --uvm_pagefree, loan_count > 0--> ownerless (lent) --last
 *	    uvm_unloanpage--> FREE, or adopted by its anon (PQ_ANON)
 *	owned --uvm_pagefree--> FREE (wire_count forced to 0)
 *
 * Invariants checked here, after every step, for pages 1..npages:
 *
 *   I1  wired-page-queued.  A page with wire_count > 0 is on no paging
 *       queue; equivalently a page on PQ_ACTIVE or PQ_INACTIVE has
 *       wire_count 0.  A page-table page is never queued either.
 *       (S-1: the pagedaemon deactivated a page wired by a loan.)
 *
 *   I4  wire-count-mismatch.  For every page that is neither free nor a
 *       page-table page, wire_count equals the number of ghost wiring
 *       records naming it (struct wiring: mlock and vslock wire faults,
 *       1999-2001 kernel loans).  A count of 200 or more is an unsigned
 *       wrap of an uvm_pageunwire at 0.  (S-10, S-11: vsunlock after
 *       truncate or munmap unwires a page it never wired.)
 *
 *   I6  freed-page-in-use.  A free page (PQ_FREE) is dead: no wire_count,
 *       loan_count or hold_count, no PG_BUSY holder, no owner (uobject,
 *       uanon), no managed mapping (pv list empty), no kernel mapping
 *       (kenter), not a page-table page of any pmap, on no I/O buffer's
 *       DMA list, named by no anon's an_page and by no kernel loan.
 *       (S-10: truncate frees a vslocked page under DMA.)
 *
 *   I20 ownerless-page-unlent.  A page that is not free, not a
 *       page-table page, has no object (uobject 0) and is not owned by an
 *       anon (PQ_ANON clear) exists only while something still holds it:
 *       loan_count > 0, or hold_count > 0 (the fixed profile's I/O hold),
 *       or an anon still points to it (uanon, an O->A loan whose object
 *       disowned it), or it is being allocated (PG_BUSY with PG_FAKE).
 *       (S-13: a loan break orphans a wired page.)
 */
#include "invariants/invariants.h"

#include "core/engine.h"
#include "invariants/facts.h"

/*
 * I1: wire_count > 0 or PTP  =>  not PQ_ACTIVE, not PQ_INACTIVE.
 */
bool
inv_fcheck_wired_page_queued(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];
		int q = p->pg_pqflags & PQ_QUEUES;
		const char *qname = (q & PQ_ACTIVE) ? "active" : "inactive";

		if (q == 0)
			continue;
		if (p->wire_count > 0) {
			inv_fail(v, INV_WIRED_PAGE_QUEUED, 0, pg, 0, 0,
			    "wired page on the %s queue", qname);
			return true;
		}
		if (inv_facts_page_is_ptp(f, w, pg)) {
			inv_fail(v, INV_WIRED_PAGE_QUEUED, 0, pg, 0, 0,
			    "page-table page on the %s queue", qname);
			return true;
		}
	}
	return false;
}

INV_FCHECK_ALONE(wired_page_queued)

/*
 * I4: not free, not PTP  =>  wire_count == #wirings naming it, < 200.
 */
bool
inv_fcheck_wire_count_mismatch(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	if (world_capacity_hit(w))
		return false;	/* MAX_WIRINGS ran out: a bound, not a finding */
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];
		int nwired;

		if ((p->pg_pqflags & PQ_FREE) || inv_facts_page_is_ptp(f, w, pg))
			continue;
		if (p->wire_count >= 200) {
			inv_fail(v, INV_WIRE_COUNT_MISMATCH, 0, pg, 0, 0,
			    "wire_count wrapped below zero (%d): "
			    "uvm_pageunwire of an unwired page", p->wire_count);
			return true;
		}
		nwired = f->wirings[pg][WK_NONE];
		if (p->wire_count != nwired) {
			inv_fail(v, INV_WIRE_COUNT_MISMATCH, 0, pg, 0, 0,
			    "wire_count %d but %d wiring%s (mlock %d, "
			    "vslock %d, kernel loan %d)", p->wire_count, nwired,
			    nwired == 1 ? "" : "s",
			    f->wirings[pg][WK_MLOCK],
			    f->wirings[pg][WK_VSLOCK],
			    f->wirings[pg][WK_KLOAN]);
			return true;
		}
	}
	return false;
}

INV_FCHECK_ALONE(wire_count_mismatch)

static const char *
buf_kind_name(int kind)
{
	switch (kind) {
	case BUF_PHYSIO_READ:	return "physio read";
	case BUF_PHYSIO_WRITE:	return "physio write";
	case BUF_SWAP_WRITE:	return "pageout to swap";
	case BUF_SWAP_READ:	return "pagein from swap";
	case BUF_VNODE_READ:	return "getpages read";
	case BUF_VNODE_WRITE:	return "putpages write";
	default:		return "I/O";
	}
}

/*
 * I6: PQ_FREE  =>  nothing at all refers to the page.
 */
#define FREE_FAIL(...) do {						\
	inv_fail(v, INV_FREED_PAGE_IN_USE, 0, pg, 0, 0, __VA_ARGS__);	\
	return true;							\
} while (0)

bool
inv_fcheck_freed_page_in_use(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];
		int b;

		if ((p->pg_pqflags & PQ_FREE) == 0)
			continue;
		if (p->wire_count != 0)
			FREE_FAIL("free page still wired");
		if (p->loan_count != 0)
			FREE_FAIL("free page still lent");
		if (p->hold_count != 0)
			FREE_FAIL("free page still held for I/O");
		if ((p->pg_flags & PG_BUSY) || p->busy_tid != 0)
			FREE_FAIL("free page still PG_BUSY");
		if (p->uobject != 0)
			FREE_FAIL("free page still in object %d", p->uobject);
		if (p->uanon != 0)
			FREE_FAIL("free page still names anon %d", p->uanon);
		if (f->pv_count[pg] > 0)
			FREE_FAIL("free page still mapped: managed PTE in %s "
			    "pmap at va %d", inv_vm_name(w, m,
			    f->managed[pg].vm), f->managed[pg].va);
		if (f->kmap_count[pg] > 0)
			FREE_FAIL("free page still mapped: pmap_kenter_pa "
			    "mapping at kva %d", f->kmap[pg].va);
		if (f->ptp_of[pg] != 0)
			FREE_FAIL("free page still a page-table page of %s "
			    "pmap", inv_vm_name(w, m, f->ptp_of[pg]));
		if ((b = f->dma_buf[pg]) != 0)
			FREE_FAIL("free page still on buf %d's DMA list (%s)",
			    b, buf_kind_name(w->bufs[b].b_kind));
		if (f->an_page_of[pg] != 0)
			FREE_FAIL("free page still anon %d's an_page",
			    f->an_page_of[pg]);
		if (f->kloan_of[pg] != 0)
			FREE_FAIL("free page still lent to the kernel "
			    "(kernel loan %d)", f->kloan_of[pg]);
	}
	return false;
}
#undef FREE_FAIL

INV_FCHECK_ALONE(freed_page_in_use)

/*
 * I20: not free, not PTP, uobject 0, PQ_ANON clear  =>  lent, held,
 * pointed to by an anon, or being allocated.
 */
bool
inv_fcheck_ownerless_page_unlent(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];
		bool allocating = (p->pg_flags & (PG_BUSY | PG_FAKE)) ==
		    (PG_BUSY | PG_FAKE);

		if ((p->pg_pqflags & (PQ_FREE | PQ_ANON)) ||
		    p->uobject != 0 || inv_facts_page_is_ptp(f, w, pg))
			continue;
		if (p->loan_count > 0 || p->hold_count > 0 ||
		    p->uanon != 0 || allocating)
			continue;
		inv_fail(v, INV_OWNERLESS_PAGE_UNLENT, 0, pg, 0, 0,
		    "page has no owner and no loan, hold or anon: leaked "
		    "(should have been freed or adopted)");
		return true;
	}
	return false;
}

INV_FCHECK_ALONE(ownerless_page_unlent)
