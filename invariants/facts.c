/*
 * facts.c: one pass over the world's flat arrays for the invariant
 * predicates (facts.h).  Each fact is what a one-page scan of
 * catalogue.c, pmap_model/pv.c or ptp.c answers, gathered for every page
 * at once, in the same order, so that a predicate reading the facts
 * names the same PTE, buf, anon or entry the scan would have.
 */
#include "invariants/facts.h"

#include <string.h>

static bool
page_index(int pg)
{
	return pg >= 1 && pg <= MAX_PAGES;
}

static void
first_at(struct inv_pte_at *at, int vm, int va)
{
	if (at->vm == 0) {
		at->vm = (uint8_t)vm;
		at->va = (uint8_t)va;
	}
}

/* the PTEs of the active pmaps: pv.c's count_ptes, inv_find_pte */
static void
scan_ptes(const struct world *w, struct inv_facts *f)
{
	for (int pm = 1; pm <= MAX_PMAPS; pm++) {
		const struct pmap *p = &w->pmap.pmaps[pm];

		if ((p->pm_flags & PM_ACTIVE) == 0)
			continue;
		for (int r = 0; r < NPTP; r++)
			if (page_index(p->pm_ptp[r]) &&
			    f->ptp_of[p->pm_ptp[r]] == 0)
				f->ptp_of[p->pm_ptp[r]] = (uint8_t)pm;
		for (int va = 0; va < VA_PAGES; va++) {
			const struct pmap_pte *pte = &p->pm_pte[va];
			int pa = pte->pte_pa;
			bool writable = (pte->pte_bits & VM_PROT_WRITE) != 0;

			if ((pte->pte_bits & PTE_V) == 0)
				continue;
			f->valid_va[pm] |= 1u << va;
			if (pte->pte_bits & PTE_MANAGED) {
				f->managed_va[pm] |= 1u << va;
				if (writable)
					f->managed_w_va[pm] |= 1u << va;
			}
			if (!page_index(pa))
				continue;
			if ((pte->pte_bits & PTE_MANAGED) == 0) {
				f->kmap_count[pa]++;
				first_at(&f->kmap[pa], pm, va);
				if (writable)
					first_at(&f->kmap_w[pa], pm, va);
				continue;
			}
			f->pv_count[pa]++;
			first_at(&f->managed[pa], pm, va);
			if (!writable)
				continue;
			first_at(&f->managed_w[pa], pm, va);
			if ((pte->pte_bits & PTE_WIRED) == 0)
				first_at(&f->managed_w_unwired[pa], pm, va);
		}
	}
}

/* the in-use entries of live vmspaces: inv_entry_at, lowest entry first */
static void
scan_entries(const struct world *w, struct inv_facts *f)
{
	for (int e = MAX_ENTRIES; e >= 1; e--) {
		const struct vm_map_entry *ent = &w->entries[e];
		int end = ent->end < VA_PAGES ? ent->end : VA_PAGES;

		if ((ent->etype & UVM_ET_INUSE) == 0 || !inv_vm_live(w, ent->vm))
			continue;
		for (int va = ent->start; va < end; va++)
			f->entry_at[ent->vm][va] = (uint8_t)e;
	}
}

/* what else names a page: wirings, bufs, anons, kernel loans; amap slots */
static void
scan_names(const struct world *w, struct inv_facts *f)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		const struct wiring *wr = &w->wirings[i];

		if (wr->w_kind == WK_NONE || !page_index(wr->w_page))
			continue;
		f->wirings[wr->w_page][WK_NONE]++;
		if (wr->w_kind <= WK_KLOAN)
			f->wirings[wr->w_page][wr->w_kind]++;
	}
	for (int b = MAX_BUFS; b >= 1; b--) {
		const struct buf *bp = &w->bufs[b];

		if (bp->b_kind == BUF_NONE)
			continue;
		for (int i = 0; i < BUF_MAXPAGES; i++) {
			if (!page_index(bp->b_pages[i]))
				continue;
			f->dma_buf[bp->b_pages[i]] = (uint8_t)b;
			if (i < bp->b_npages)
				f->in_io[bp->b_pages[i]] = true;
		}
	}
	for (int an = MAX_ANONS; an >= 1; an--)
		if (page_index(w->anons[an].an_page))
			f->an_page_of[w->anons[an].an_page] = (uint8_t)an;
	for (int k = MAX_KLOANS; k >= 1; k--)
		if (page_index(w->kloans[k].kl_page))
			f->kloan_of[w->kloans[k].kl_page] = (uint8_t)k;
	for (int am = 1; am <= MAX_AMAPS; am++) {
		const struct vm_amap *a = &w->amaps[am];

		if ((a->am_flags & AMAP_INUSE) == 0)
			continue;
		for (int s = 0; s < AMAP_SLOTS; s++)
			if (a->am_anon[s] >= 1 && a->am_anon[s] <= MAX_ANONS)
				f->amap_refs[a->am_anon[s]]++;
	}
}

void
inv_facts_build(const struct world *w, const struct model *m,
    struct inv_facts *f)
{
	(void)m;
	memset(f, 0, sizeof(*f));
	scan_ptes(w, f);
	scan_entries(w, f);
	scan_names(w, f);
}
