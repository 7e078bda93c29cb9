/*
 * pv.c: pv lists, referenced/modified attributes and pmap statistics
 *
 * in the kernel every managed physical page has a pv_head listing the
 * <pmap, va> pairs that map it (one pv_entry per managed mapping) and
 * an attribute word collecting the referenced (PG_U) and modified
 * (PG_M) bits of mappings removed so far.  pmap_page_protect walks the
 * pv list; pmap_is_modified and friends look at the attributes and
 * the live PTEs.
 *
 * the model keeps no separate list: the pv list of a page is, by
 * definition, every managed PTE (PTE_MANAGED) naming it in an active
 * pmap, so it can never go out of step with the PTEs.  unmanaged
 * mappings (pmap_kenter_pa) are not on it.  R/M bits are set directly
 * in mdpg_attrs by pmap_enter (access type) and pmap_access (the MMU),
 * so they survive the removal of every mapping, and only
 * pmap_clear_modify / pmap_clear_reference clear them.
 *
 * nothing here sleeps; the readers are used by core and by the
 * invariants.
 */

#include <assert.h>
#include <stddef.h>

#include "pmap_model/pmap.h"

/*
 * pte_names: does this PTE map pa, with the wanted managedness?
 */
static bool
pte_names(const struct pmap_pte *pte, int pa, bool managed)
{
	if ((pte->pte_bits & PTE_V) == 0 || pte->pte_pa != pa)
		return false;
	return ((pte->pte_bits & PTE_MANAGED) != 0) == managed;
}

/*
 * count_ptes: count the PTEs naming pa over every active pmap
 */
static int
count_ptes(const struct pmap_state *ps, int pa, bool managed)
{
	int pm, va, n = 0;

	assert(pa >= 1 && pa <= MAX_PAGES);
	for (pm = 1; pm <= MAX_PMAPS; pm++) {
		const struct pmap *p = &ps->pmaps[pm];

		if ((p->pm_flags & PM_ACTIVE) == 0)
			continue;
		for (va = 0; va < VA_PAGES; va++)
			if (pte_names(&p->pm_pte[va], pa, managed))
				n++;
	}
	return n;
}

/*
 * pmap_pv_count: length of the pv list of a page
 *
 * => managed mappings of pa over every active pmap
 */
int
pmap_pv_count(const struct pmap_state *ps, int pa)
{
	return count_ptes(ps, pa, true);
}

/*
 * pmap_page_is_mapped: does any PTE (managed or kenter) of an active pmap
 * name pa?  pmap_pv_count || pmap_kmap_count, in one pass that stops at
 * the first.
 */
bool
pmap_page_is_mapped(const struct pmap_state *ps, int pa)
{
	assert(pa >= 1 && pa <= MAX_PAGES);
	for (int pm = 1; pm <= MAX_PMAPS; pm++) {
		const struct pmap *p = &ps->pmaps[pm];

		if ((p->pm_flags & PM_ACTIVE) == 0)
			continue;
		for (int va = 0; va < VA_PAGES; va++)
			if ((p->pm_pte[va].pte_bits & PTE_V) != 0 &&
			    p->pm_pte[va].pte_pa == pa)
				return true;
	}
	return false;
}

/*
 * pmap_kmap_count: number of kenter (unmanaged) mappings of a page
 */
int
pmap_kmap_count(const struct pmap_state *ps, int pa)
{
	return count_ptes(ps, pa, false);
}

/*
 * pmap_page_has_writable: could the CPU write to pa through a mapping?
 *
 * => managed selects the pv list (true) or the kenter mappings (false)
 * => true if one such PTE naming pa has VM_PROT_WRITE
 */
bool
pmap_page_has_writable(const struct pmap_state *ps, int pa, bool managed)
{
	int pm, va;

	assert(pa >= 1 && pa <= MAX_PAGES);
	for (pm = 1; pm <= MAX_PMAPS; pm++) {
		const struct pmap *p = &ps->pmaps[pm];

		if ((p->pm_flags & PM_ACTIVE) == 0)
			continue;
		for (va = 0; va < VA_PAGES; va++) {
			const struct pmap_pte *pte = &p->pm_pte[va];

			if (pte_names(pte, pa, managed) &&
			    (pte->pte_bits & VM_PROT_WRITE))
				return true;
		}
	}
	return false;
}

/*
 * pmap_is_modified: test the modified attribute of a page
 */
bool
pmap_is_modified(const struct pmap_state *ps, int pa)
{
	assert(pa >= 1 && pa <= MAX_PAGES);
	return (ps->mdpg_attrs[pa] & MDPG_MODIFIED) != 0;
}

/*
 * pmap_is_referenced: test the referenced attribute of a page
 */
bool
pmap_is_referenced(const struct pmap_state *ps, int pa)
{
	assert(pa >= 1 && pa <= MAX_PAGES);
	return (ps->mdpg_attrs[pa] & MDPG_REFERENCED) != 0;
}

/*
 * pmap_clear_modify: clear the modified attribute of a page
 *
 * => returns the previous value (pmap(9))
 * => the mappings stay; a later write through one sets it again
 */
bool
pmap_clear_modify(struct pmap_state *ps, int pa)
{
	bool was = pmap_is_modified(ps, pa);

	ps->mdpg_attrs[pa] &= (uint8_t)~MDPG_MODIFIED;
	return was;
}

/*
 * pmap_clear_reference: clear the referenced attribute of a page
 *
 * => returns the previous value (pmap(9))
 */
bool
pmap_clear_reference(struct pmap_state *ps, int pa)
{
	bool was = pmap_is_referenced(ps, pa);

	ps->mdpg_attrs[pa] &= (uint8_t)~MDPG_REFERENCED;
	return was;
}

/*
 * pmap_wired_count: pm_stats.wired_count of a pmap
 *
 * => valid PTEs with the wired attribute (kenter mappings included)
 */
int
pmap_wired_count(const struct pmap_state *ps, int pm)
{
	const struct pmap *p;
	int va, n = 0;

	assert(pm >= 1 && pm <= MAX_PMAPS);
	p = &ps->pmaps[pm];
	for (va = 0; va < VA_PAGES; va++)
		if ((p->pm_pte[va].pte_bits & (PTE_V | PTE_WIRED)) ==
		    (PTE_V | PTE_WIRED))
			n++;
	return n;
}

/*
 * pmap_resident_count: pm_stats.resident_count of a pmap
 *
 * => valid PTEs (the kernel also counted its PTPs; the model does not)
 */
int
pmap_resident_count(const struct pmap_state *ps, int pm)
{
	const struct pmap *p;
	int va, n = 0;

	assert(pm >= 1 && pm <= MAX_PMAPS);
	p = &ps->pmaps[pm];
	for (va = 0; va < VA_PAGES; va++)
		if (p->pm_pte[va].pte_bits & PTE_V)
			n++;
	return n;
}
