/*
 * check_swap.c: invariants of swap-backed pages and swap slots.
 *
 * A swap slot's life (docs/uvm-semantics.md §1.5, §8): the pagedaemon picks a
 * dirty anon page, uvm_swap_alloc gives the anon a slot (SWS_INUSE,
 * sw_anon), the page goes PG_BUSY|PG_PAGEOUT and a BUF_SWAP_WRITE buf
 * writes it; at I/O completion the page is PG_CLEAN and may be freed
 * (its data now lives only in the slot).  The slot is released by
 * uvm_anon_dropswap (wire fault, swap shortage, pagein), which must clear
 * PG_CLEAN first, and by uvm_anfree, which must not release a slot whose
 * write is still in flight (PG_RELEASED, deferred to iodone, since 2001).
 *
 * Invariants checked here, after every step:
 *
 *   I10 clean-anon-without-swap.  A resident swap-backed page -- owned by
 *       its anon (PQ_ANON) or by an anonymous object (UOBJ_AOBJ) -- that
 *       is PG_CLEAN, not PG_FAKE and not PG_BUSY, has its data in swap:
 *       its anon has a swap slot (an_swslot != 0) and that slot is
 *       SWS_INUSE.  The model keeps no swap slots for aobj pages, so a
 *       clean aobj page always breaks I10.  (S-8, PR 7578: the
 *       wire fault dropped the slot of a clean page.)
 *
 *   I11 swap-slot-reused-in-flight.  (a) For every buf writing to swap
 *       (BUF_SWAP_WRITE), the slot it writes is SWS_INUSE and still
 *       belongs to the anon being paged out (sw_anon == b_anon).  (b) No
 *       swap slot is named by two live anons' an_swslot.  (S-7, UBC
 *       rewrite: uvm_anfree released the slot of a page whose pageout
 *       was in flight, and the slot was handed out again.)
 */
#include "invariants/invariants.h"

#include <string.h>

/*
 * I10: swap-backed, resident, PG_CLEAN, !FAKE, !BUSY  =>  its anon has
 * an in-use swap slot.
 */
bool
inv_check_clean_anon_without_swap(const struct world *w,
    const struct model *m, struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];
		bool anon_page = (p->pg_pqflags & PQ_ANON) != 0;
		bool aobj_page = !anon_page && p->uobject != 0 &&
		    p->uobject <= MAX_OBJS &&
		    w->objs[p->uobject].uo_type == UOBJ_AOBJ;
		int an, slot;

		if (p->pg_pqflags & PQ_FREE)
			continue;
		if (!anon_page && !aobj_page)
			continue;
		if ((p->pg_flags & (PG_CLEAN | PG_FAKE | PG_BUSY)) != PG_CLEAN)
			continue;
		if (aobj_page) {
			inv_fail(v, INV_CLEAN_ANON_WITHOUT_SWAP, 0, pg, 0, 0,
			    "clean aobj page: no swap copy of its data");
			return true;
		}
		an = p->uanon;
		slot = an >= 1 && an <= MAX_ANONS ? w->anons[an].an_swslot : 0;
		if (slot == 0) {
			inv_fail(v, INV_CLEAN_ANON_WITHOUT_SWAP, 0, pg, an, 0,
			    "clean swap-backed page without a swap slot: "
			    "its data would be lost if freed");
			return true;
		}
		if (slot > MAX_SWAP || w->swap[slot].sw_state != SWS_INUSE) {
			inv_fail(v, INV_CLEAN_ANON_WITHOUT_SWAP, 0, pg, an,
			    slot, "clean swap-backed page whose swap slot "
			    "is not in use");
			return true;
		}
	}
	return false;
}

/* an anon that is allocated (uvm_analloc .. final free) */
static bool
anon_live(const struct world *w, int an)
{
	const struct vm_anon *a = &w->anons[an];

	return (a->an_flags & AN_INUSE) != 0 || a->an_ref > 0;
}

/*
 * I11: (a) swap write in flight  =>  its slot is in use by its anon;
 * (b) no two live anons share a slot.
 */
bool
inv_check_swap_slot_reused(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	uint8_t next[256];	/* by slot number */
	int a1 = 0, a2 = 0;

	(void)m;
	/* (a) slots under a pageout */
	for (int b = 1; b <= MAX_BUFS; b++) {
		const struct buf *bp = &w->bufs[b];
		const struct swslot *s;

		if (bp->b_kind != BUF_SWAP_WRITE)
			continue;
		if (bp->b_slot < 1 || bp->b_slot > MAX_SWAP) {
			inv_fail(v, INV_SWAP_SLOT_REUSED, 0, bp->b_slot,
			    bp->b_anon, 0, "pageout buf %d writes no swap slot",
			    b);
			return true;
		}
		s = &w->swap[bp->b_slot];
		if (s->sw_state != SWS_INUSE) {
			inv_fail(v, INV_SWAP_SLOT_REUSED, 0, bp->b_slot,
			    bp->b_anon, 0, "swap slot released while buf %d's "
			    "pageout write to it is in flight", b);
			return true;
		}
		if (s->sw_anon != bp->b_anon) {
			inv_fail(v, INV_SWAP_SLOT_REUSED, 0, bp->b_slot,
			    bp->b_anon, s->sw_anon, "swap slot reallocated to "
			    "anon %d while buf %d still writes anon %d's page "
			    "to it", s->sw_anon, b, bp->b_anon);
			return true;
		}
	}

	/*
	 * (b) one slot, one anon: the lowest live anon a1 that shares its
	 * slot with a later live anon, and the first such a2.  One pass
	 * from the top: next[slot] is the lowest live anon above a1
	 * holding slot.
	 */
	memset(next, 0, sizeof(next));
	for (int an = MAX_ANONS; an >= 1; an--) {
		int slot = w->anons[an].an_swslot;

		if (slot == 0 || !anon_live(w, an))
			continue;
		if (next[slot] != 0) {
			a1 = an;
			a2 = next[slot];
		}
		next[slot] = (uint8_t)an;
	}
	if (a1 != 0) {
		inv_fail(v, INV_SWAP_SLOT_REUSED, 0, w->anons[a1].an_swslot,
		    a1, a2, "swap slot assigned to two anons");
		return true;
	}
	return false;
}
