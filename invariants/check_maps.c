/*
 * check_maps.c: invariants linking map entries, amaps and the pmap:
 * wired mappings, copy-on-write, shared amaps and protections.
 *
 * A map entry's life (docs/uvm-semantics.md §3): uvm_map creates it (mmap),
 * uvm_map_clip splits it, uvm_map_pageable raises and lowers
 * wired_count (mlock/munlock) and calls uvm_fault_wire /
 * uvm_fault_unwire for its pages, uvm_map_protect (mprotect) lowers
 * protection within max_protection, amap_copy clears NEEDSCOPY,
 * uvm_map_extract (ptrace via uvm_io) shares its amap (AMAP_SHARED) with a
 * kernel_map entry, uvm_unmap_remove removes it and its PTEs.
 *
 * Invariants checked here, after every step:
 *
 *   I3  wired-mapping-lost.  For every map entry with wired_count > 0 in
 *       a live vmspace, and every va in it that has been wired, the pmap
 *       of that vmspace has a valid PTE at va with the wired attribute.
 *       "Has been wired" means: a ghost wiring record of kind WK_MLOCK
 *       names (vmspace, va) and is not lost.  A record is lost when its
 *       page left its object under it (truncation; legitimate per S-6):
 *       freed, or only disowned because an I/O hold or a loan keeps it
 *       (an ownerless page); a lost record requires no mapping.  (S-4:
 *       vsunlock unwires an mlocked page; ptrace's pmap_page_protect
 *       kills a wired mapping.)
 *
 *   I13 cow-page-writable.  (a) The resident page of an anon with
 *       an_ref > 1 (shared copy-on-write by fork or an A->A loan) has no
 *       writable managed mapping.  One exception, the kernel's own: fork
 *       does not write-protect a wired entry; amap_cow_now copies its
 *       anons instead, and may sleep for memory with both maps locked
 *       (uvm_amap.c), so while a thread is inside uvmspace_fork or
 *       amap_cow_now a *wired* writable mapping is allowed.
 *       (b) An object page (owned by its object, PQ_ANON clear) mapped by
 *       a managed PTE at a va whose entry is copy-on-write (MAP_PRIVATE)
 *       is mapped without VM_PROT_WRITE.
 *
 *   I14 stale-shared-amap-mapping.  For every amap marked AMAP_SHARED,
 *       every entry referencing it, and every va of that entry whose amap
 *       slot holds an anon: the pmap of the entry's vmspace maps at va
 *       either nothing or the anon's page, never the object page the
 *       anon was promoted from.  (S-5: ptrace promotes into the amap
 *       shared with kernel_map; conflicts with I3 by design.)
 *
 *   I19 protection-exceeded.  (a) Every in-use entry has protection
 *       within max_protection.  (b) Every valid managed PTE of a user
 *       pmap lies inside a map entry of its vmspace, and its protection is
 *       within the entry's protection.  The kernel pmap is not checked
 *       (its loan, vmapbuf and uvm_io windows have no entry of their own).
 */
#include "invariants/invariants.h"

#include "core/engine.h"
#include "invariants/facts.h"

/*
 * a non-lost WK_MLOCK ghost record for (vm, va): its page, or 0.  Lost:
 * the page left its object under the wiring (truncation), whether it was
 * freed (w_page 0) or, with an I/O still holding it (the fixed profile's
 * hold count) or a loan outstanding, only disowned: an ownerless page
 * (neither an object's nor an anon's).  genfs_putpages removes its wired
 * PTE either way, the legitimate case of S-6.
 */
static int
mlock_wiring_at(const struct world *w, int vm, int va)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		const struct wiring *wr = &w->wirings[i];
		const struct vm_page *p;

		if (wr->w_kind != WK_MLOCK || wr->w_vm != vm ||
		    wr->w_va != va || wr->w_page == 0)
			continue;
		p = &w->pages[wr->w_page];
		if (p->uobject == 0 && !(p->pg_pqflags & PQ_ANON))
			continue;	/* disowned by truncation */
		return wr->w_page;
	}
	return 0;
}

/* an in-use entry of a live vmspace */
static bool
entry_live(const struct world *w, int e)
{
	const struct vm_map_entry *ent = &w->entries[e];

	return (ent->etype & UVM_ET_INUSE) && inv_vm_live(w, ent->vm);
}

/*
 * I3: entry wired, va wired by mlock (record not lost)  =>  valid PTE
 * at va with PTE_WIRED.
 */
bool
inv_check_wired_mapping_lost(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		const struct vm_map_entry *ent = &w->entries[e];

		if (!entry_live(w, e) || ent->wired_count == 0)
			continue;
		for (int va = ent->start; va < ent->end; va++) {
			int pg = mlock_wiring_at(w, ent->vm, va);
			const struct pmap_pte *pte;

			if (pg == 0)
				continue;
			pte = inv_pte(w, ent->vm, va);
			if (pte == NULL) {
				inv_fail(v, INV_WIRED_MAPPING_LOST, 0, e, va,
				    pg, "mlocked va has no mapping in %s pmap",
				    inv_vm_name(w, m, ent->vm));
				return true;
			}
			if ((pte->pte_bits & PTE_WIRED) == 0) {
				inv_fail(v, INV_WIRED_MAPPING_LOST, 0, e, va,
				    pg, "mlocked va mapped (page %d) but not "
				    "wired in %s pmap", pte->pte_pa,
				    inv_vm_name(w, m, ent->vm));
				return true;
			}
		}
	}
	return false;
}

/* an object page: owned by its object, not by an anon */
static bool
object_page(const struct world *w, int pg)
{
	const struct vm_page *p = &w->pages[pg];

	return p->uobject != 0 && (p->pg_pqflags & PQ_ANON) == 0;
}

/* is some thread inside uvmspace_fork or amap_cow_now? */
static bool
fork_in_progress(const struct world *w)
{
	for (int tid = 1; tid <= MAX_THREADS; tid++) {
		const struct thread *t = &w->threads[tid];

		for (int i = 0; i < t->t_depth && i < FRAME_DEPTH; i++)
			if (t->t_frames[i].fn == FN_UVMSPACE_FORK ||
			    t->t_frames[i].fn == FN_AMAP_COW_NOW)
				return true;
	}
	return false;
}

/*
 * I13: (a) an_ref > 1  =>  its page has no writable managed mapping;
 * (b) managed PTE of an object page in a COW entry  =>  no WRITE.
 */
bool
inv_fcheck_cow_page_writable(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	bool forking = fork_in_progress(w);
	int vm, va;

	/* (a) a COW-shared anon's page */
	for (int an = 1; an <= MAX_ANONS; an++) {
		const struct vm_anon *a = &w->anons[an];
		const struct inv_pte_at *wr;

		if (a->an_ref <= 1 || a->an_page == 0 || a->an_page > MAX_PAGES)
			continue;
		/* a writable managed PTE, a wired one allowed while forking */
		wr = forking ? &f->managed_w_unwired[a->an_page] :
		    &f->managed_w[a->an_page];
		if (wr->vm != 0) {
			vm = wr->vm;
			va = wr->va;
			inv_fail(v, INV_COW_PAGE_WRITABLE, 0, a->an_page, vm,
			    va, "page of anon %d (an_ref %d, copy-on-write "
			    "shared) mapped writable in %s pmap", an,
			    a->an_ref, inv_vm_name(w, m, vm));
			return true;
		}
	}

	/* (b) an object page under a copy-on-write entry */
	for (vm = 1; vm <= MAX_VMSPACES; vm++) {
		if (!inv_vm_live(w, vm))
			continue;
		/* the valid managed writable PTEs, va ascending */
		for (uint32_t vas = f->managed_w_va[vm]; vas != 0;
		    vas &= vas - 1) {
			const struct pmap_pte *pte;
			int e;

			va = __builtin_ctz(vas);
			pte = &w->pmap.pmaps[vm].pm_pte[va];
			e = f->entry_at[vm][va];
			if (e == 0 ||
			    (w->entries[e].etype & UVM_ET_COPYONWRITE) == 0)
				continue;
			if (pte->pte_pa >= 1 && pte->pte_pa <= MAX_PAGES &&
			    object_page(w, pte->pte_pa)) {
				inv_fail(v, INV_COW_PAGE_WRITABLE, 0,
				    pte->pte_pa, vm, va, "object page mapped "
				    "writable in %s pmap through copy-on-write "
				    "entry %d (MAP_PRIVATE)",
				    inv_vm_name(w, m, vm), e);
				return true;
			}
		}
	}
	return false;
}

INV_FCHECK_ALONE(cow_page_writable)

/*
 * I14: shared amap, slot holds an anon  =>  each sharer maps nothing or
 * the anon's page at that va.
 */
bool
inv_check_stale_shared_amap_mapping(const struct world *w,
    const struct model *m, struct inv_violation *v)
{
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		const struct vm_map_entry *ent = &w->entries[e];
		const struct vm_amap *am;

		if (!entry_live(w, e) || ent->amap == 0 ||
		    ent->amap > MAX_AMAPS)
			continue;
		am = &w->amaps[ent->amap];
		if ((am->am_flags & AMAP_SHARED) == 0)
			continue;
		for (int va = ent->start; va < ent->end; va++) {
			int slot = ent->amap_off + (va - ent->start);
			const struct pmap_pte *pte;
			int an;

			if (slot >= AMAP_SLOTS || (an = am->am_anon[slot]) == 0)
				continue;
			pte = inv_pte(w, ent->vm, va);
			if (pte == NULL || pte->pte_pa == w->anons[an].an_page)
				continue;
			inv_fail(v, INV_STALE_SHARED_AMAP_MAPPING, 0, e, va,
			    pte->pte_pa, "%s pmap still maps page %d, but "
			    "shared amap %d slot %d holds anon %d (page %d)",
			    inv_vm_name(w, m, ent->vm), pte->pte_pa,
			    ent->amap, slot, an, w->anons[an].an_page);
			return true;
		}
	}
	return false;
}

/*
 * I19: (a) protection within max_protection; (b) a managed user PTE lies
 * in an entry and within its protection.
 */
bool
inv_fcheck_protection_exceeded(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	/* (a) entries */
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		const struct vm_map_entry *ent = &w->entries[e];

		if (!entry_live(w, e))
			continue;
		if (ent->protection & ~ent->max_protection) {
			inv_fail(v, INV_PROTECTION_EXCEEDED, 0, e, ent->start,
			    ent->vm, "protection exceeds max_protection");
			return true;
		}
	}

	/* (b) managed PTEs of user pmaps */
	for (int vm = 1; vm <= MAX_VMSPACES; vm++) {
		if (vm == KERNEL_VMSPACE || !inv_vm_live(w, vm))
			continue;
		/* the valid managed PTEs, va ascending */
		for (uint32_t vas = f->managed_va[vm]; vas != 0;
		    vas &= vas - 1) {
			int va = __builtin_ctz(vas);
			const struct pmap_pte *pte =
			    &w->pmap.pmaps[vm].pm_pte[va];
			int e, prot;

			e = f->entry_at[vm][va];
			if (e == 0) {
				inv_fail(v, INV_PROTECTION_EXCEEDED, 0, 0, va,
				    vm, "page %d mapped in %s pmap where no "
				    "map entry is", pte->pte_pa,
				    inv_vm_name(w, m, vm));
				return true;
			}
			prot = pte->pte_bits & PTE_PROT_MASK;
			if (prot & ~w->entries[e].protection) {
				inv_fail(v, INV_PROTECTION_EXCEEDED, 0, e, va,
				    vm, "page %d mapped with more rights "
				    "(0x%x) than the entry's protection (0x%x)",
				    pte->pte_pa, prot,
				    w->entries[e].protection);
				return true;
			}
		}
	}
	return false;
}

INV_FCHECK_ALONE(protection_exceeded)
