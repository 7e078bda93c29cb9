/*
 * uvm_map_clean.c: msync(2) and madvise(2) on a range of the address
 * space, and uvm_map_clean, the kernel function both end in.
 *
 * What the kernel does (sys/uvm/uvm_mmap.c 1.144 sys___msync13 and
 * sys_madvise; sys/uvm/uvm_map.c 1.335 uvm_map_clean; sys/uvm/uvm_aobj.c
 * uao_put; genfs_do_putpages for vnodes, core/uvm_vnode.c):
 *
 *   sys___msync13: flags other than MS_ASYNC, MS_SYNC, MS_INVALIDATE, none
 *   of them, or both ASYNC and SYNC: EINVAL; neither ASYNC nor SYNC means
 *   SYNC.  Then uvm_map_clean(PGO_CLEANIT, | PGO_FREE for MS_INVALIDATE,
 *   | PGO_SYNCIO for MS_SYNC).
 *
 *   sys_madvise: MADV_DONTNEED -> uvm_map_clean(PGO_DEACTIVATE);
 *   MADV_FREE -> uvm_map_clean(PGO_FREE).
 *
 *   uvm_map_clean(map, start, end, flags): map read-locked throughout.
 *	- start not mapped: EFAULT.  A first pass over the entries: a hole
 *	  is EFAULT; with PGO_FREE a wired entry is EBUSY -- but the test
 *	  reads `entry`, the first entry of the range, on every iteration,
 *	  not `current`: a wired entry after the first is not refused (L-5,
 *	  docs/bugs/L-5.md; K_MAP_CLEAN_WIRED_CHECK, fixed: each entry).
 *	- then each entry, amap (upper layer) first, only for PGO_DEACTIVATE
 *	  or PGO_FREE, under the amap lock; each anon with a resident page
 *	  that is not PG_BUSY (no page, a busy page: skipped):
 *	    CLEANIT|FREE, CLEANIT|DEACTIVATE, DEACTIVATE: uvm_pagedeactivate
 *		unless the page is loaned or wired;
 *	    FREE alone (MADV_FREE): an amap with more than one reference
 *		deactivates as above; a wired page is skipped; otherwise
 *		amap_unadd, --an_ref and at zero uvm_anfree (through
 *		uvm_anon_freelst) -- a loaned page is not skipped here.
 *	- then the object (lower layer): pgo_put(uoff, uoff + size,
 *	  flags | PGO_CLEANIT); its error is the call's (the last object's).
 *	  A vnode: genfs_do_putpages (FN_GENFS_PUTPAGES: writes dirty pages
 *	  back; PGO_FREE removes every mapping and frees the page, wired or
 *	  not); its PGO_DEACTIVATE branch (deactivate unwired pages) is done
 *	  here after the call returns.  An aobj, uao_put: nothing without
 *	  DEACTIVATE or FREE; a busy page is waited for ("uao_put");
 *	  CLEANIT|FREE and DEACTIVATE deactivate unwired pages; FREE alone
 *	  deactivates when the object has more than one reference, else
 *	  pmap_page_protect(NONE) and uvm_pagefree, wired or not.
 *
 * Model:
 *   op_msync_step	OP_MSYNC va, npages, how: 0 sync | 1 async |
 *			2 invalidate (MS_INVALIDATE|MS_SYNC)
 *   op_madvise_step	OP_MADVISE va, npages, how: 0 dontneed | 1 free
 *   uvm_map_clean_step	FN_UVM_MAP_CLEAN start, end, PGO_* flags;
 *			locals va (being cleaned), error
 *
 * Interleaving points: the map read lock ("vm_map_lock_read"), the
 * amap and object locks a leak left held ("amaplk", "vmobjlock"), a busy
 * aobj page ("uao_put"), and genfs_putpages' own ("genput").  The map
 * stays read-locked across them, as in the kernel.
 */
#include "core/ops.h"
#include "core/uvm.h"

#define PGO_DEACTIVATE	0x10	/* uvm_map_clean: deactivate (MADV_DONTNEED) */

/* uvm_map_clean_step program counters */
enum { CLEAN_START = 0, CLEAN_ENTRY, CLEAN_PUT_DONE };

/* op_msync_step and op_madvise_step program counters */
enum { MSYNC_START = 0, MSYNC_DONE };

/* the PGO_* flags of sys___msync13 for the op's sync|async|invalidate */
static const uint8_t msync_pgo[] = {
	PGO_CLEANIT | PGO_SYNCIO,			/* MS_SYNC */
	PGO_CLEANIT,					/* MS_ASYNC */
	PGO_CLEANIT | PGO_FREE | PGO_SYNCIO,		/* MS_INVALIDATE */
};

/* the PGO_* flags of sys_madvise for the op's dontneed|free */
static const uint8_t madvise_pgo[] = {
	PGO_DEACTIVATE,					/* MADV_DONTNEED */
	PGO_FREE,					/* MADV_FREE */
};

/* the amap slot of va in entry e */
static int
clean_slot(const struct world *w, int e, int va)
{
	return w->entries[e].amap_off + va - w->entries[e].start;
}

/*
 * clean_amap: the upper layer of entry e for [va, va + n): deactivate or
 * (MADV_FREE) drop each resident, unbusy anon page.  Amap locked by the
 * caller.
 */
static void
clean_amap(struct world *w, struct step_ctx *c, int e, int va, int n,
    int flags)
{
	int amap = w->entries[e].amap;

	for (int i = 0; i < n; i++) {
		int slot = clean_slot(w, e, va + i);
		int anon = amap_lookup(w, amap, slot), pg;
		struct vm_page *p;

		if (anon == 0 || (pg = w->anons[anon].an_page) == 0)
			continue;
		p = &w->pages[pg];
		if (p->pg_flags & PG_BUSY)
			continue;
		if ((flags & (PGO_CLEANIT | PGO_FREE | PGO_DEACTIVATE)) ==
		    PGO_FREE && w->amaps[amap].am_ref <= 1) {
			if (p->wire_count != 0)
				continue;
			note(c, "uvm_map_clean: amap_unadd, drop the anon");
			w->amaps[amap].am_anon[slot] = 0;
			if (--w->anons[anon].an_ref == 0)
				(void)uvm_anfree(w, c, anon);
			continue;
		}
		/* deactivate_it: not a loaned or wired page */
		if (p->loan_count != 0 || p->wire_count != 0)
			continue;
		pmap_clear_reference(&w->pmap, pg);
		uvm_pagedeactivate(w, c, pg);
	}
}

/* the object pages of [off, end) that are not busy and not wired */
static void
deactivate_object(struct world *w, struct step_ctx *c, int obj, int off,
    int end)
{
	for (int o = off; o < end; o++) {
		int pg = uvm_pagelookup(w, obj, o);

		if (pg == 0 || (w->pages[pg].pg_flags & PG_BUSY) ||
		    w->pages[pg].wire_count != 0)
			continue;
		pmap_clear_reference(&w->pmap, pg);
		uvm_pagedeactivate(w, c, pg);
	}
}

/*
 * uao_put_range: uao_put(obj, off, end, flags) on an aobj, object locked
 * by the caller.
 * => returns 0, or the busy page to wait for
 */
static int
uao_put_range(struct world *w, struct step_ctx *c, int obj, int off,
    int end, int flags)
{
	if ((flags & (PGO_DEACTIVATE | PGO_FREE)) == 0)
		return 0;
	for (int o = off; o < end; o++) {
		int pg = uvm_pagelookup(w, obj, o);

		if (pg == 0)
			continue;
		if (w->pages[pg].pg_flags & PG_BUSY)
			return pg;
		if ((flags & (PGO_CLEANIT | PGO_FREE | PGO_DEACTIVATE)) ==
		    PGO_FREE && w->objs[obj].uo_refs <= 1) {
			note(c, "uao_put: pmap_page_protect(NONE) + "
			    "uvm_pagefree");
			uvm_pmap_page_protect(w, c, pg, VM_PROT_NONE);
			uvm_pagefree(w, c, pg);
			continue;
		}
		if (w->pages[pg].wire_count == 0) {
			pmap_clear_reference(&w->pmap, pg);
			uvm_pagedeactivate(w, c, pg);
		}
	}
	return 0;
}

/*
 * clean_frees_wired: L-5.  PGO_FREE reaches the object pages of a wired
 * entry (the first pass let it through): pgo_put will remove their
 * wired mappings and free them although the file still holds them --
 * an mlock silently undone (POSIX: msync MS_INVALIDATE on locked pages
 * is EBUSY).  Truncation frees wired pages legitimately (the file no
 * longer has them); this does not, so it is reported here, as I3.
 */
static void
clean_frees_wired(struct world *w, struct step_ctx *c, int e, int va, int n)
{
	const struct vm_map_entry *me = &w->entries[e];

	for (int v = va; v < va + n; v++) {
		int pa = 0;

		if (pmap_extract(&w->pmap, me->vm, v, &pa) && pa != 0 &&
		    w->pages[pa].uobject == me->uobj &&
		    w->pages[pa].wire_count > 0) {
			model_event(w, c, INV_WIRED_MAPPING_LOST, e, v, pa,
			    "uvm_map_clean: PGO_FREE on a wired entry past "
			    "the first: pgo_put frees its mlocked pages");
			return;
		}
	}
}

/*
 * clean_check: uvm_map_clean's first pass over [start, end).
 * => 0, or EFAULT (start not mapped, a hole) or EBUSY (PGO_FREE and the
 *    range's first entry is wired)
 */
static int
clean_check(const struct world *w, const struct step_ctx *c, int vm,
    int start, int end, int flags)
{
	int first = uvm_map_lookup_entry(w, vm, start), e = first;

	if (first == 0)
		return M_EFAULT;
	for (;;) {
		/*
		 * L-5 (docs/bugs/L-5.md): the kernel tests `entry` here, the
		 * range's first entry, not `current`; the fix tests each
		 */
		int tested = KNOB(c, K_MAP_CLEAN_WIRED_CHECK) ==
		    MAP_CLEAN_WIRED_CHECK_FIRST_ENTRY ? first : e;

		if ((flags & PGO_FREE) && w->entries[tested].wired_count != 0)
			return M_EBUSY;
		if (end <= w->entries[e].end)
			return 0;
		e = uvm_map_lookup_entry(w, vm, w->entries[e].end);
		if (e == 0)
			return M_EFAULT;
	}
}

/*
 * uvm_map_clean_step: uvm_map_clean(map, start, end, flags)
 *
 * => map read-locked from the start to the return
 * => may sleep for the map lock, a leaked amap or object lock, a busy
 *    aobj page, or in genfs_putpages
 * => returns 0, EFAULT, EBUSY, or the last pgo_put's error
 */
int
uvm_map_clean_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int vm = thread_vm(w, c->tid);
	int start = f->uvm_map_clean.start, end = f->uvm_map_clean.end, flags =
	    f->uvm_map_clean.flags;
	int e, va, n, obj, rc;

	(void)t;
	switch (f->pc) {
	case CLEAN_START:
		if (!vm_map_lock_read_try(w, c, vm))
			return fn_sleep(w, c, CLEAN_START, WC_MAPLOCK, vm,
			    "vm_map_lock_read");
		if ((rc = clean_check(w, c, vm, start, end, flags)) != 0) {
			note(c, rc == M_EBUSY ? "uvm_map_clean: PGO_FREE on "
			    "a wired entry -> EBUSY" :
			    "uvm_map_clean: unmapped range -> EFAULT");
			vm_map_unlock_read(w, c, vm);
			return fn_return(w, c, rc);
		}
		f->uvm_map_clean.va = (uint8_t)start;
		f->uvm_map_clean.error = 0;
		f->pc = CLEAN_ENTRY;
		/* FALLTHROUGH */
	case CLEAN_ENTRY:
		break;
	case CLEAN_PUT_DONE:
		/* genfs_do_putpages returned for the entry at va */
		va = f->uvm_map_clean.va;
		e = uvm_map_lookup_entry(w, vm, va);
		n = (end < w->entries[e].end ? end : w->entries[e].end) - va;
		f->uvm_map_clean.error = (uint8_t)f->ret;
		if (flags & PGO_DEACTIVATE) {
			int off = w->entries[e].uoff + va - w->entries[e].start;

			deactivate_object(w, c, w->entries[e].uobj, off,
			    off + n);
		}
		f->uvm_map_clean.va = (uint8_t)(va + n);
		f->pc = CLEAN_ENTRY;
		break;
	default:
		model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
		    "model: uvm_map_clean_step bad pc");
		return fn_return(w, c, M_EINVAL);
	}
	/* each entry of the range in turn: amap, then object */
	for (va = f->uvm_map_clean.va; va < end; va = f->uvm_map_clean.va) {
		e = uvm_map_lookup_entry(w, vm, va);
		n = (end < w->entries[e].end ? end : w->entries[e].end) - va;
		obj = w->entries[e].uobj;
		if ((flags & PGO_FREE) && obj != 0 &&
		    w->entries[e].wired_count != 0)
			clean_frees_wired(w, c, e, va, n);
		if (w->entries[e].amap != 0 &&
		    (flags & (PGO_DEACTIVATE | PGO_FREE)) != 0) {
			int amap = w->entries[e].amap;

			if (w->amaps[amap].am_lock != 0 &&
			    w->amaps[amap].am_lock != c->tid)
				return fn_sleep(w, c, CLEAN_ENTRY, WC_AMAPLOCK,
				    amap, "amaplk");
			amap_lock(w, c, amap);
			clean_amap(w, c, e, va, n, flags);
			amap_unlock(w, c, amap);
		}
		if (obj != 0 && w->objs[obj].uo_type == UOBJ_VNODE) {
			int off = w->entries[e].uoff + va - w->entries[e].start;

			f->pc = CLEAN_PUT_DONE;
			return call_genfs_putpages(w, c, obj, off,
			    off + n, (flags | PGO_CLEANIT) &
			    (PGO_CLEANIT | PGO_FREE | PGO_SYNCIO));
		}
		if (obj != 0) {
			struct uvm_object *uo = &w->objs[obj];
			int off = w->entries[e].uoff + va - w->entries[e].start;
			int busy;

			if (uo->uo_lock != 0 && uo->uo_lock != c->tid)
				return fn_sleep(w, c, CLEAN_ENTRY, WC_OBJLOCK,
				    obj, "vmobjlock");
			uo->uo_lock = (uint8_t)c->tid;
			busy = uao_put_range(w, c, obj, off, off + n,
			    flags | PGO_CLEANIT);
			uo->uo_lock = 0;
			if (busy != 0) {
				w->pages[busy].pg_flags |= PG_WANTED;
				return fn_sleep(w, c, CLEAN_ENTRY, WC_PAGE,
				    busy, "uao_put");
			}
			f->uvm_map_clean.error = 0;
		}
		f->uvm_map_clean.va = (uint8_t)(va + n);
	}
	vm_map_unlock_read(w, c, vm);
	return fn_return(w, c, f->uvm_map_clean.error);
}

/* call uvm_map_clean on [start, end) of the thread's map, PGO_* flags */
int
call_uvm_map_clean(struct world *w, struct step_ctx *c, int start, int end,
    int flags)
{
	struct uvm_map_clean_frame args = {
		.start = (uint8_t)start,
		.end = (uint8_t)end,
		.flags = (uint8_t)flags,
	};

	return fn_call_frame(w, c, FN_UVM_MAP_CLEAN, &args, sizeof(args));
}

/*
 * map_clean_syscall: the system call's half of msync and madvise: its
 * flag word (how, an index into pgo) becomes uvm_map_clean's PGO_* flags.
 * frame op_map_clean: va, npages, how
 */
static int
map_clean_syscall(struct world *w, struct step_ctx *c, struct frame *f,
    const uint8_t *pgo, int npgo)
{
	switch (f->pc) {
	case MSYNC_START:
		if (f->op_map_clean.how >= npgo || thread_vm(w, c->tid) == 0)
			return fn_return(w, c, M_EINVAL);
		f->pc = MSYNC_DONE;
		return call_uvm_map_clean(w, c, f->op_map_clean.va,
		    f->op_map_clean.va + f->op_map_clean.npages,
		    pgo[f->op_map_clean.how]);
	case MSYNC_DONE:
		return fn_return(w, c, f->ret);
	}
	model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
	    "model: msync/madvise step bad pc");
	return fn_return(w, c, M_EINVAL);
}

/*
 * op_msync_step: msync(va, npages, MS_SYNC | MS_ASYNC | MS_INVALIDATE)
 * -> sys___msync13 -> uvm_map_clean(PGO_CLEANIT [| PGO_SYNCIO]
 * [| PGO_FREE])
 *
 * => the range is inside the address space (the language checks it);
 *    `invalidate` is MS_INVALIDATE alone, which sys___msync13 makes
 *    MS_INVALIDATE | MS_SYNC
 * => may sleep in uvm_map_clean
 */
int
op_msync_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	return map_clean_syscall(w, c, f, msync_pgo, (int)sizeof(msync_pgo));
}

/*
 * op_madvise_step: madvise(va, npages, MADV_DONTNEED | MADV_FREE) ->
 * sys_madvise -> uvm_map_clean(PGO_DEACTIVATE) or uvm_map_clean(PGO_FREE)
 *
 * => DONTNEED keeps the data: pages are only deactivated (not loaned or
 *    wired ones); FREE discards the amap's anons (not wired pages, but
 *    loaned ones: the loan keeps the page), and frees an aobj's pages or
 *    (cleaned first) a vnode's; EBUSY when the first entry is wired
 * => may sleep in uvm_map_clean
 */
int
op_madvise_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	return map_clean_syscall(w, c, f, madvise_pgo,
	    (int)sizeof(madvise_pgo));
}
