/*
 * uvm_vnode.c: the vnode pager side the model needs: file truncation
 * (uvm_vnp_setsize -> VOP_PUTPAGES(PGO_FREE) -> genfs_do_putpages) and
 * the allocation of a vnode page to be read in.
 *
 * What the kernel does (uvm_vnode.c ~2020 uvm_vnp_setsize; genfs_io.c
 * ~2007/~2012 genfs_do_putpages; docs/uvm-semantics.md §7):
 *
 *   uvm_vnp_setsize(vp, newsize): lock the object; if the old size
 *   exceeds round_page(newsize), uvn_put(uobj, pgend, 0 = to the end,
 *   PGO_FREE | PGO_SYNCIO) (which returns with the object unlocked);
 *   relock, set v_size, unlock.
 *
 *   genfs_do_putpages with PGO_FREE visits the object's pages in
 *   ascending offset order ("we always scan pages in the ascending
 *   order"):
 *	- PG_RELEASED or PG_PAGEOUT: someone else frees it; skip
 *	- PG_BUSY: unless PGO_BUSYFAIL, set PG_WANTED and sleep "genput"
 *	  (UVM_UNLOCK_AND_WAIT drops the object lock), then look up the
 *	  same offset again
 *	- otherwise pmap_page_protect(pg, VM_PROT_NONE) -- which removes
 *	  every managed mapping, wired ones too (x86) -- and uvm_pagefree,
 *	  whatever the page's wire_count (zeroed) or loan_count (the page
 *	  is orphaned, kept by its loans).  This is the 2001 commit's "file
 *	  with a wired mapping is truncated" (S-6) and Uphoff's Problem 1 (S-10):
 *	  nothing keeps a vslocked page from being freed under its I/O.
 *	  (The fixed profile's page hold count is handled in uvm_pagefree:
 *	  a held page is disowned instead of freed.)
 *
 * Model:
 *   op_truncate_step	OP_TRUNCATE obj, newsize (pages)
 *   genfs_putpages_step	FN_GENFS_PUTPAGES obj, start, end
 *			(0 = to the end), PGO_* flags; local offset = the
 *			offset being visited.  All non-busy pages are done in
 *			one step; the only interleaving point is "genput".
 *   uvn_page_for_read	uvm_pagealloc for a vnode page the caller reads
 *
 * Locks: the object lock is taken for the scan and dropped before the
 * "genput" sleep and on return.  A lock leaked by another thread makes
 * the scan sleep on it ("vmobjlock").
 */
#include "core/ops.h"
#include "core/uvm.h"

/* genfs_putpages_step program counters */
enum { PUT_START = 0, PUT_SCAN };

/* op_truncate_step program counters */
enum { TRUNC_START = 0, TRUNC_PUT_DONE };

/*
 * uvn_page_for_read: a vnode page that is about to be read from the file
 *
 * => returns the page BUSY|FAKE, owned by (obj, off) and by c->tid, or 0
 *    when memory is short (the caller waits); the caller does the I/O,
 *    clears PG_FAKE and unbusies it
 */
int
uvn_page_for_read(struct world *w, struct step_ctx *c, int obj, int off)
{
	return uvm_pagealloc(w, c, obj, off, 0, 0);
}

/* the page of obj with the lowest offset in [from, end) (end 0 = none) */
static int
putpages_next(const struct world *w, int obj, int from, int end)
{
	int best = 0;

	for (int pg = 1; pg <= MAX_PAGES; pg++) {
		const struct vm_page *p = &w->pages[pg];

		if (p->uobject != obj || (p->pg_pqflags & PQ_FREE) ||
		    p->offset < from || (end != 0 && p->offset >= end))
			continue;
		if (best == 0 || p->offset < w->pages[best].offset)
			best = pg;
	}
	return best;
}

/*
 * genfs_putpages_step: genfs_do_putpages(vp, start, end, flags)
 *
 * => object unlocked on entry (uvn_put), unlocked on return
 * => may sleep "genput" on a busy page, with the object lock dropped
 * => PGO_FREE: remove every mapping and free the page; PGO_CLEANIT:
 *    a dirty page is written back (synchronously in the model)
 * => returns 0, or M_EDEADLK for PGO_BUSYFAIL on a busy page
 */
int
genfs_putpages_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int obj = f->genfs_putpages.obj;
	struct uvm_object *uo = &w->objs[obj];

	(void)t;
	switch (f->pc) {
	case PUT_START:
		f->genfs_putpages.offset = f->genfs_putpages.start;
		f->pc = PUT_SCAN;
		/* FALLTHROUGH */
	case PUT_SCAN:
		if (uo->uo_lock != 0 && uo->uo_lock != c->tid)
			return fn_sleep(w, c, PUT_SCAN, WC_OBJLOCK, obj,
			    "vmobjlock");
		uo->uo_lock = (uint8_t)c->tid;
		for (;;) {
			int pg = putpages_next(w, obj, f->genfs_putpages.offset,
			    f->genfs_putpages.end);
			struct vm_page *p;

			if (pg == 0)
				break;
			p = &w->pages[pg];
			if (p->pg_flags & (PG_RELEASED | PG_PAGEOUT)) {
				/* someone else will free it */
				f->genfs_putpages.offset =
				    (uint8_t)(p->offset + 1);
				continue;
			}
			if (p->pg_flags & PG_BUSY) {
				if (f->genfs_putpages.flags & PGO_BUSYFAIL) {
					uo->uo_lock = 0;
					return fn_return(w, c, M_EDEADLK);
				}
				/* wait, then visit this offset again */
				f->genfs_putpages.offset = p->offset;
				p->pg_flags |= PG_WANTED;
				uo->uo_lock = 0;
				return fn_sleep(w, c, PUT_SCAN, WC_PAGE, pg,
				    "genput");
			}
			f->genfs_putpages.offset = (uint8_t)(p->offset + 1);

			if (f->genfs_putpages.flags & PGO_FREE) {
				uvm_pmap_page_protect(w, c, pg, VM_PROT_NONE);
			}
			if (f->genfs_putpages.flags & PGO_CLEANIT) {
				bool modified = pmap_clear_modify(&w->pmap, pg);

				if (modified || !(p->pg_flags & PG_CLEAN))
					note(c, "genfs_putpages: write back "
					    "(synchronous in the model)");
				p->pg_flags |= PG_CLEAN;
			}
			if (f->genfs_putpages.flags & PGO_FREE) {
				if (p->wire_count > 0)
					note(c, "genfs_putpages: pmap_page_"
					    "protect(NONE) + uvm_pagefree of a "
					    "wired page (wiring zeroed)");
				else if (p->loan_count > 0)
					note(c, "genfs_putpages: pmap_page_"
					    "protect(NONE) + uvm_pagefree of a "
					    "lent page (orphaned)");
				else
					note(c, "genfs_putpages: pmap_page_"
					    "protect(NONE) + uvm_pagefree");
				uvm_pagefree(w, c, pg);
			}
		}
		uo->uo_lock = 0;
		return fn_return(w, c, 0);
	}
	model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
	    "model: genfs_putpages_step bad pc");
	return fn_return(w, c, M_EINVAL);
}

/* call genfs_putpages on object obj, pages [start, end) (end 0: to the
 * end of the object), with PGO_* flags */
int
call_genfs_putpages(struct world *w, struct step_ctx *c, int obj, int start,
    int end, int flags)
{
	struct genfs_putpages_frame args = {
		.obj = (uint8_t)obj,
		.start = (uint8_t)start,
		.end = (uint8_t)end,
		.flags = (uint8_t)flags,
	};

	return fn_call_frame(w, c, FN_GENFS_PUTPAGES, &args, sizeof(args));
}

/*
 * op_truncate_step: ftruncate(2) -> VOP_TRUNCATE -> uvm_vnp_setsize
 *
 * => a shrink frees every page at or past the new end first
 *    (uvn_put(PGO_FREE | PGO_SYNCIO)), then sets v_size
 * => may sleep in genfs_putpages ("genput")
 */
int
op_truncate_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int obj = f->op_truncate.obj;
	int newsize = f->op_truncate.newsize;

	(void)t;
	switch (f->pc) {
	case TRUNC_START:
		if (obj < 1 || obj > MAX_OBJS ||
		    w->objs[obj].uo_type != UOBJ_VNODE)
			return fn_return(w, c, M_EINVAL);
		if (w->objs[obj].v_size > newsize) {
			note(c, "uvm_vnp_setsize: shrink -> uvn_put(PGO_FREE)");
			f->pc = TRUNC_PUT_DONE;
			return call_genfs_putpages(w, c, obj, newsize, 0,
			    PGO_FREE | PGO_SYNCIO);
		}
		/* FALLTHROUGH */
	case TRUNC_PUT_DONE:
		w->objs[obj].v_size = (uint8_t)newsize;
		return fn_return(w, c, 0);
	}
	model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
	    "model: op_truncate_step bad pc");
	return fn_return(w, c, M_EINVAL);
}
