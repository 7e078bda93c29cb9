/*
 * pmap.c: the pmap module proper (pmap(9), after the x86 pmap)
 *
 * the pmap keeps the machine-dependent virtual to physical translation
 * of each address space.  UVM tells it what to map (pmap_enter,
 * pmap_kenter_pa) and what to take away (pmap_remove, pmap_protect,
 * pmap_page_protect, pmap_kremove, pmap_collect); everything the pmap
 * holds can be thrown away and rebuilt by faulting, except wired
 * mappings, which UVM relies on to stay.
 *
 * the model of a pmap is a flat array of PTEs, one per page of VA, plus
 * one page-table page (PTP) slot per region of PTP_SPAN pages (see
 * ptp.c).  there are two kinds of PTE:
 *
 *   [managed]   made by pmap_enter: on the page's pv list (pv.c), hit
 *               by pmap_page_protect, feeding the referenced/modified
 *               attributes of the page (mdpg_attrs).
 *   [unmanaged] made by pmap_kenter_pa in pmap_kernel(): always wired,
 *               invisible to pmap_page_protect and pmap_collect, no R/M
 *               tracking, removed by pmap_kremove (or pmap_remove).
 *
 * page-table pages are not allocated here: pmap_enter is handed a
 * spare page by its caller (core's allocator, UVM_PGA_USERESERVE) and
 * says whether it used it; removals give empty PTPs back in a struct
 * pmap_freed for the caller to free.  with no spare page pmap_enter may
 * steal a PTP from another pmap (ptp.c, i386 2000, S-14), else it
 * fails with ENOMEM if PMAP_CANFAIL, else the kernel panics.
 *
 * the cases of pmap_enter at a va (x86 pmap_enter):
 *   case 1: no valid PTE: a new mapping (maybe needing a PTP first).
 *   case 2: a valid PTE of the same pa: change protection and wiring.
 *   case 3: a valid PTE of another pa: replace it (the old page loses
 *           this pv entry; res->replaced_pa tells which page).
 *
 * locking: nothing here sleeps and every function is atomic with
 * respect to the model's interleaving (the pmap lock and the pv locks
 * of the kernel are held across each call and never across a step).
 *
 * all state lives in struct pmap_state; no globals, no heap.
 */

#include <assert.h>
#include <string.h>

#include "pmap_model/pmap.h"

#define PMAP_ENOMEM	12	/* ENOMEM (KERN_RESOURCE_SHORTAGE in 2000) */

/*
 * local helpers
 */

/*
 * pmap_get: index -> struct pmap
 *
 * => pm must be a valid pmap index (1..MAX_PMAPS)
 */
static struct pmap *
pmap_get(struct pmap_state *ps, int pm)
{
	assert(pm >= 1 && pm <= MAX_PMAPS);
	return &ps->pmaps[pm];
}

/*
 * pte_zap: invalidate one PTE ("zap!")
 *
 * => R/M attributes are kept per page in mdpg_attrs already, so there
 *    is nothing to sync back to the pv head
 */
static void
pte_zap(struct pmap *p, int va)
{
	p->pm_pte[va].pte_pa = 0;
	p->pm_pte[va].pte_bits = 0;
}

/*
 * freed_init: start an empty list of PTPs to give back
 */
static void
freed_init(struct pmap_freed *freed)
{
	assert(freed != NULL);
	memset(freed, 0, sizeof(*freed));
}

/*
 * ptp_release_if_empty: give back the PTP of a region with no valid PTE
 *
 * => the kernel frees a PTP when its wire_count drops to 1 (no PTEs)
 * => PTPs of pmap_kernel() are static and never freed
 * => the page is appended to freed for the caller to uvm_pagefree
 */
static void
ptp_release_if_empty(struct pmap_state *ps, int pm, int region,
    struct pmap_freed *freed)
{
	struct pmap *p = pmap_get(ps, pm);

	if ((p->pm_flags & PM_STATIC_PTPS) != 0 || p->pm_ptp[region] == 0)
		return;
	if (pmap_ptp_pte_count(ps, pm, region) != 0)
		return;
	assert(freed->n < sizeof(freed->ptp));
	freed->ptp[freed->n++] = p->pm_ptp[region];
	p->pm_ptp[region] = 0;
}

/*
 * clamp_range: clip [*sva, *eva) to the VA of a pmap
 *
 * => returns false if the range is empty
 */
static bool
clamp_range(int *sva, int *eva)
{
	if (*sva < 0)
		*sva = 0;
	if (*eva > VA_PAGES)
		*eva = VA_PAGES;
	return *sva < *eva;
}

/*
 * l i f e c y c l e
 */

/*
 * pmap_init: bootstrap the pmap module
 *
 * => zeroes every pmap, every page's attributes and the steal hand
 * => pmap_kernel() (KERNEL_VMSPACE) is born active with static PTPs
 */
void
pmap_init(struct pmap_state *ps)
{
	memset(ps, 0, sizeof(*ps));
	ps->pmaps[KERNEL_VMSPACE].pm_flags = PM_ACTIVE | PM_STATIC_PTPS;
}

/*
 * pmap_create: create the pmap of a new vmspace
 *
 * => pm must be a user pmap not in use (zeroed by init or destroy)
 * => the pmap starts with no PTEs and no PTPs
 */
void
pmap_create(struct pmap_state *ps, int pm)
{
	struct pmap *p = pmap_get(ps, pm);

	assert(pm != KERNEL_VMSPACE);
	assert((p->pm_flags & PM_ACTIVE) == 0);
	memset(p, 0, sizeof(*p));
	p->pm_flags = PM_ACTIVE;
}

/*
 * pmap_destroy: last reference to a pmap dropped: release it
 *
 * => every PTE goes (wired ones too: the vmspace is gone)
 * => every PTP is given back in freed (pmap_release frees the pages
 *    of pm_obj)
 * => the pmap is zeroed and no longer active
 */
void
pmap_destroy(struct pmap_state *ps, int pm, struct pmap_freed *freed)
{
	struct pmap *p = pmap_get(ps, pm);
	int region;

	assert(pm != KERNEL_VMSPACE);
	freed_init(freed);
	for (region = 0; region < NPTP; region++) {
		if (p->pm_ptp[region] != 0)
			freed->ptp[freed->n++] = p->pm_ptp[region];
	}
	memset(p, 0, sizeof(*p));
}

/*
 * e n t e r
 */

/*
 * pmap_ptp_needed: would pmap_enter at va need a new page-table page?
 *
 * => never for pmap_kernel() (static PTPs)
 * => a user pmap needs one when the region of va has no PTP yet
 */
bool
pmap_ptp_needed(const struct pmap_state *ps, int pm, int va)
{
	const struct pmap *p;

	assert(pm >= 1 && pm <= MAX_PMAPS);
	assert(va >= 0 && va < VA_PAGES);
	p = &ps->pmaps[pm];
	if (p->pm_flags & PM_STATIC_PTPS)
		return false;
	return p->pm_ptp[pmap_ptp_region(va)] == 0;
}

/*
 * pmap_enter: enter a managed mapping va -> pa into a pmap
 *
 * => flags: the access type (VM_PROT_*, the reason for the mapping) |
 *    PMAP_WIRED | PMAP_CANFAIL
 * => spare_ptp: a free page from the caller's allocator, or 0 if the
 *    allocation failed (or none was needed)
 * => if the region of va has no PTP: install spare_ptp (res->ptp_used);
 *    else, with ptp_steal on, steal one (pmap_steal_ptp, res->stolen_ptp);
 *    else fail: ENOMEM with PMAP_CANFAIL, otherwise the kernel panics
 *    ("pmap_enter: get ptp failed": res->panicked, returns ENOMEM).
 *    on failure nothing else changes.
 * => a different page mapped at va is replaced (res->replaced_pa)
 * => the new PTE is managed, has prot, and is wired exactly when
 *    PMAP_WIRED is given, as x86 sets PG_W: re-entering a wired mapping
 *    without PMAP_WIRED unwires it
 * => the access type pre-seeds R/M: any access sets referenced, a
 *    write sets modified
 * => returns 0 or ENOMEM (12)
 */
int
pmap_enter(struct pmap_state *ps, const struct pmap_knobs *k, int pm,
    int va, int pa, int prot, int flags, int spare_ptp,
    struct pmap_enter_result *res)
{
	struct pmap_enter_result scratch;
	struct pmap *p = pmap_get(ps, pm);
	struct pmap_pte *pte;
	bool wired;

	if (res == NULL)
		res = &scratch;
	memset(res, 0, sizeof(*res));
	assert(k != NULL);
	assert(p->pm_flags & PM_ACTIVE);
	assert(va >= 0 && va < VA_PAGES);
	assert(pa >= 1 && pa <= MAX_PAGES);

	/*
	 * get the PTP first (pmap_get_ptp): if that fails nothing has
	 * been touched yet.
	 */
	if (pmap_ptp_needed(ps, pm, va)) {
		int region = pmap_ptp_region(va);

		if (spare_ptp != 0) {
			assert(spare_ptp >= 1 && spare_ptp <= MAX_PAGES);
			p->pm_ptp[region] = (uint8_t)spare_ptp;
			res->ptp_used = true;
		} else if (k->ptp_steal != PMAP_STEAL_OFF &&
		    pmap_steal_ptp(ps, k, pm, res)) {
			/* i386 2000: uvm_pagerealloc the stolen PTP to us */
			p->pm_ptp[region] = res->stolen_ptp;
		} else if (flags & PMAP_CANFAIL) {
			return PMAP_ENOMEM;
		} else {
			/* panic("pmap_enter: get ptp failed") */
			res->panicked = true;
			return PMAP_ENOMEM;
		}
	}

	pte = &p->pm_pte[va];
	wired = (flags & PMAP_WIRED) != 0;
	if (pte->pte_bits & PTE_V) {
		if (pte->pte_pa != pa) {
			/* case 3: changing PAs: the old pv entry goes */
			res->replaced_pa = pte->pte_pa;
		}
	}

	/* enter_now: */
	pte->pte_pa = (uint8_t)pa;
	pte->pte_bits = (uint8_t)((prot & PTE_PROT_MASK) | PTE_V |
	    PTE_MANAGED | (wired ? PTE_WIRED : 0));

	if (flags & VM_PROT_ALL)
		ps->mdpg_attrs[pa] |= MDPG_REFERENCED;
	if (flags & VM_PROT_WRITE)
		ps->mdpg_attrs[pa] |= MDPG_MODIFIED;
	return 0;
}

/*
 * r e m o v e   a n d   p r o t e c t
 */

/*
 * pmap_remove: remove the mappings in [sva, eva) of a pmap
 *
 * => wired mappings go too (the wired count drops); managed and
 *    unmanaged alike
 * => a user PTP left with no valid PTE in a region of the range is
 *    given back in freed (also one left empty earlier by
 *    pmap_protect(VM_PROT_NONE))
 */
void
pmap_remove(struct pmap_state *ps, int pm, int sva, int eva,
    struct pmap_freed *freed)
{
	struct pmap *p = pmap_get(ps, pm);
	int va, region;

	freed_init(freed);
	if (!clamp_range(&sva, &eva))
		return;
	for (va = sva; va < eva; va++) {
		if (p->pm_pte[va].pte_bits & PTE_V)
			pte_zap(p, va);
	}
	for (region = pmap_ptp_region(sva);
	    region <= pmap_ptp_region(eva - 1); region++)
		ptp_release_if_empty(ps, pm, region, freed);
}

/*
 * pmap_protect: lower the protection of the mappings in [sva, eva)
 *
 * => each valid PTE keeps prot & its prot: rights are never added
 * => prot VM_PROT_NONE removes the mappings (x86: pmap_remove); there
 *    is no freed list here, so a PTP left empty stays installed until a
 *    later pmap_remove, pmap_collect, pmap_destroy or steal takes it
 */
void
pmap_protect(struct pmap_state *ps, int pm, int sva, int eva, int prot)
{
	struct pmap *p = pmap_get(ps, pm);
	int va;

	if (!clamp_range(&sva, &eva))
		return;
	for (va = sva; va < eva; va++) {
		struct pmap_pte *pte = &p->pm_pte[va];

		if ((pte->pte_bits & PTE_V) == 0)
			continue;
		if ((prot & VM_PROT_ALL) == VM_PROT_NONE)
			pte_zap(p, va);
		else
			pte->pte_bits &= (uint8_t)(~PTE_PROT_MASK |
			    (prot & PTE_PROT_MASK));
	}
}

/*
 * pmap_page_protect: lower the permission of every mapping of a page
 *
 * => only managed mappings (the pv list); kenter mappings are never
 *    touched (PMAP_NEW semantics)
 * => prot includes WRITE: nothing to do
 *    prot READ and/or EXECUTE: write-protect (COW, loan)
 *    prot NONE: remove every mapping; a wired one survives when
 *    !ppp_none_removes_wired (hp300 1999, S-3)
 * => user PTPs emptied by the removal are given back in freed
 */
void
pmap_page_protect(struct pmap_state *ps, const struct pmap_knobs *k,
    int pa, int prot, struct pmap_freed *freed)
{
	int pm, va, region;

	assert(k != NULL);
	assert(pa >= 1 && pa <= MAX_PAGES);
	freed_init(freed);
	if (prot & VM_PROT_WRITE)
		return;
	for (pm = 1; pm <= MAX_PMAPS; pm++) {
		struct pmap *p = &ps->pmaps[pm];
		bool touched[NPTP] = { false };

		if ((p->pm_flags & PM_ACTIVE) == 0)
			continue;
		for (va = 0; va < VA_PAGES; va++) {
			struct pmap_pte *pte = &p->pm_pte[va];

			if ((pte->pte_bits & (PTE_V | PTE_MANAGED)) !=
			    (PTE_V | PTE_MANAGED) || pte->pte_pa != pa)
				continue;
			if (prot & (VM_PROT_READ | VM_PROT_EXECUTE)) {
				pte->pte_bits &= (uint8_t)~VM_PROT_WRITE;
				continue;
			}
			if ((pte->pte_bits & PTE_WIRED) &&
			    !k->ppp_none_removes_wired)
				continue;	/* hp300 1999: skip wired */
			pte_zap(p, va);
			touched[pmap_ptp_region(va)] = true;
		}
		for (region = 0; region < NPTP; region++) {
			if (touched[region])
				ptp_release_if_empty(ps, pm, region, freed);
		}
	}
}

/*
 * pmap_extract: translate va to pa
 *
 * => true and *pa if va has a valid PTE (managed or not), else false
 * => pa may be NULL
 */
bool
pmap_extract(const struct pmap_state *ps, int pm, int va, int *pa)
{
	const struct pmap_pte *pte;

	assert(pm >= 1 && pm <= MAX_PMAPS);
	if (va < 0 || va >= VA_PAGES)
		return false;
	pte = &ps->pmaps[pm].pm_pte[va];
	if ((pte->pte_bits & PTE_V) == 0)
		return false;
	if (pa != NULL)
		*pa = pte->pte_pa;
	return true;
}

/*
 * pmap_unwire: clear the wired attribute of the mapping at va
 *
 * => returns 1 if va has no valid PTE (x86 DIAGNOSTIC: panic
 *    "pmap_unwire: invalid (unmapped) va"); the caller decides
 * => returns 2 if the PTE was not wired (x86: printf "wiring for pmap
 *    %p va 0x%lx didn't change!"), nothing changes
 * => returns 0 after clearing PTE_WIRED (the mapping stays)
 */
int
pmap_unwire(struct pmap_state *ps, int pm, int va)
{
	struct pmap *p = pmap_get(ps, pm);
	struct pmap_pte *pte;

	if (va < 0 || va >= VA_PAGES)
		return 1;
	pte = &p->pm_pte[va];
	if ((pte->pte_bits & PTE_V) == 0)
		return 1;
	if ((pte->pte_bits & PTE_WIRED) == 0)
		return 2;
	pte->pte_bits &= (uint8_t)~PTE_WIRED;
	return 0;
}

/*
 * k e r n e l   m a p p i n g s
 */

/*
 * pmap_kenter_pa: enter an unmanaged, wired kernel mapping
 *
 * => always into pmap_kernel(); no pv entry, no R/M tracking
 * => whatever was at va is overwritten
 */
void
pmap_kenter_pa(struct pmap_state *ps, int va, int pa, int prot)
{
	struct pmap *p = pmap_get(ps, KERNEL_VMSPACE);

	assert(va >= 0 && va < VA_PAGES);
	assert(pa >= 1 && pa <= MAX_PAGES);
	p->pm_pte[va].pte_pa = (uint8_t)pa;
	p->pm_pte[va].pte_bits = (uint8_t)((prot & PTE_PROT_MASK) | PTE_V |
	    PTE_WIRED);
}

/*
 * pmap_kremove: remove the kenter mappings of npages pages from va
 *
 * => only unmanaged PTEs of pmap_kernel(); managed PTEs in the range
 *    are left alone (the kernel would assert they are not there)
 */
void
pmap_kremove(struct pmap_state *ps, int va, int npages)
{
	struct pmap *p = pmap_get(ps, KERNEL_VMSPACE);
	int sva = va, eva = va + npages;

	if (!clamp_range(&sva, &eva))
		return;
	for (va = sva; va < eva; va++) {
		if ((p->pm_pte[va].pte_bits & (PTE_V | PTE_MANAGED)) == PTE_V)
			pte_zap(p, va);
	}
}

/*
 * r e s o u r c e s   a n d   t h e   C P U
 */

/*
 * pmap_collect: release resources of a pmap (uvm_swapout)
 *
 * => removes every managed mapping; wired ones only when
 *    !collect_skips_wired (i386 2000 removed the whole user range;
 *    x86 2008+ passes PMAP_REMOVE_SKIPWIRED as pmap(9) demands)
 * => kenter mappings are kernel VA and never touched
 * => user PTPs left empty are given back in freed
 */
void
pmap_collect(struct pmap_state *ps, const struct pmap_knobs *k, int pm,
    struct pmap_freed *freed)
{
	struct pmap *p = pmap_get(ps, pm);
	int va, region;

	assert(k != NULL);
	freed_init(freed);
	for (va = 0; va < VA_PAGES; va++) {
		uint8_t bits = p->pm_pte[va].pte_bits;

		if ((bits & (PTE_V | PTE_MANAGED)) != (PTE_V | PTE_MANAGED))
			continue;
		if ((bits & PTE_WIRED) && k->collect_skips_wired)
			continue;
		pte_zap(p, va);
	}
	for (region = 0; region < NPTP; region++)
		ptp_release_if_empty(ps, pm, region, freed);
}

/*
 * pmap_access: the CPU touches va with an access type, no fault
 *
 * => true if a valid PTE grants every right in access; the MMU then
 *    sets referenced (and modified on a write) for a managed mapping
 *    (kenter mappings have no R/M tracking)
 * => false if the access would fault: the caller runs uvm_fault
 */
bool
pmap_access(struct pmap_state *ps, int pm, int va, int access)
{
	struct pmap *p = pmap_get(ps, pm);
	struct pmap_pte *pte;

	if (va < 0 || va >= VA_PAGES)
		return false;
	pte = &p->pm_pte[va];
	if ((pte->pte_bits & PTE_V) == 0)
		return false;
	if ((access & VM_PROT_ALL) & ~(pte->pte_bits & PTE_PROT_MASK))
		return false;
	if ((pte->pte_bits & PTE_MANAGED) && (access & VM_PROT_ALL)) {
		ps->mdpg_attrs[pte->pte_pa] |= MDPG_REFERENCED;
		if (access & VM_PROT_WRITE)
			ps->mdpg_attrs[pte->pte_pa] |= MDPG_MODIFIED;
	}
	return true;
}
