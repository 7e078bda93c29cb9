/*
 * uvm_map.c: uvm map operations (the model's vm_map).
 *
 * A map is a struct vmspace (its lock, busy mark and WIREFUTURE flag) plus
 * the map entries whose `vm` names it.  Entries live in one table for all
 * maps; a map's entries are found by VA, never by a list, so the entry
 * index carries no order.  VAs are pages 0..VA_PAGES-1; vmspace 1 is
 * kernel_map.
 *
 * Life of a map entry (index into w->entries):
 *
 *	free (etype 0)
 *	   | uvm_map_entry_alloc: uvm_map_enter (mmap), uvmspace_fork,
 *	   v                      uvm_map_extract (uvm_io), clipping
 *	in a map (UVM_ET_INUSE, vm != 0)
 *	   | uvm_map_clip: split in two; the halves share the amap
 *	   |               (amap_splitref: am_ref++) and the object (uo_refs++)
 *	   | uvm_unmap_remove: unwire, pmap_remove, unlink
 *	   v
 *	dead (UVM_ET_INUSE, vm == 0): on the unmapping thread's dead list,
 *	   | still holding its amap and object references
 *	   | uvm_unmap_detach: amap_unref, object reference dropped
 *	   v
 *	free (memset)
 *
 * Locking (uvm_map.c 2008 "LOCKING PROTOCOL NOTES"): a map has a sleepable
 * rwlock and a busy mark.
 *	vm_map_lock	fails (caller sleeps on WC_MAPLOCK) if readers hold
 *			the map, a writer holds it, or another thread has it
 *			busy;
 *	vm_map_lock_read fails only if another thread holds it for writing
 *			(the busy mark does not keep readers out);
 *	vm_map_busy	(write lock held) keeps every writer but the busier
 *			out after the lock is dropped: uvm_map_pageable's
 *			pass 2 runs unlocked but busy.
 * Unlock and unbusy wake WC_MAPLOCK sleepers on the map.
 *
 * The kernel functions that sleep are model functions here:
 *
 *	uvm_map_pageable (mlock/munlock, §3.2): [2008] with the [1999]
 *	    differences as knobs.  Unwire: check, then uvm_map_entry_unwire per
 *	    entry.  Wire: pass 1 under the write lock (amap_copy needs-copy
 *	    entries that may be written, clip, wired_count++), vm_map_busy +
 *	    unlock, pass 2 uvm_fault_wire on each entry whose wired_count
 *	    became 1, with the map busy but unlocked so that a fault holding
 *	    one of the pages PG_BUSY can get the map read lock and finish.
 *	uvm_map_pageable_all (mlockall/munlockall, §3.3).
 *	uvm_unmap (uvm_unmap_remove + uvm_unmap_detach): under the write
 *	    lock, unwire wired entries, pmap_remove and unlink; after the
 *	    unlock drop the amap and object references.  Dropping the last
 *	    amap reference frees anons, which may sleep on a busy page
 *	    ("anfree", 2001-2005 uvm_anfree) -- with the map unlocked.
 *
 * Sleeps here: "vm_map_lock" (WC_MAPLOCK) and "anfree" (WC_PAGE).
 * Interleaving points: "uvm_map_pageable: vm_map_busy, unlock" between
 * pass 1 and pass 2 (the point of dropping the lock is to let others in).
 */
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

_Static_assert(MAX_ENTRIES <= 16, "uvm_unmap keeps its dead list in 16 bits");
_Static_assert(MAX_THREADS <= 8, "vm_readers is an 8-bit mask");

/* the model's capacity (no map entry left), with or without a step */
static void
map_panic(struct world *w, struct step_ctx *c, int o0, const char *what)
{
	if (c != NULL) {
		model_capacity(w, c, o0, what);
		return;
	}
	if (w->event.ev_inv == INV_NONE) {
		w->event.ev_inv = EV_MODEL_CAPACITY;
		w->event.ev_obj[0] = (uint8_t)o0;
	}
}

/* ------------------------------------------------------------ lookups */

/*
 * uvm_map_lookup_entry: the entry of map vm containing va, or 0.
 */
int
uvm_map_lookup_entry(const struct world *w, int vm, int va)
{
	if (vm <= 0 || vm > MAX_VMSPACES)
		return 0;
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		const struct vm_map_entry *me = &w->entries[e];

		if ((me->etype & UVM_ET_INUSE) && me->vm == vm &&
		    me->start <= va && va < me->end)
			return e;
	}
	return 0;
}

/*
 * uvm_map_next_entry: the entry containing va, else the first entry
 * above va, or 0 (entry->next walking in VA order).
 */
int
uvm_map_next_entry(const struct world *w, int vm, int va)
{
	int best = 0;

	if (vm <= 0 || vm > MAX_VMSPACES)
		return 0;
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		const struct vm_map_entry *me = &w->entries[e];

		if (!(me->etype & UVM_ET_INUSE) || me->vm != vm ||
		    me->end <= va)
			continue;
		if (best == 0 || me->start < w->entries[best].start)
			best = e;
	}
	return best;
}

/* --------------------------------------------------- entry alloc/free */

/* uvm_mapent_alloc: the lowest free slot, marked in use, or 0 */
int
uvm_map_entry_alloc(struct world *w)
{
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		if (w->entries[e].etype == 0) {
			memset(&w->entries[e], 0, sizeof(w->entries[e]));
			w->entries[e].etype = UVM_ET_INUSE;
			return e;
		}
	}
	return 0;
}

void
uvm_map_entry_free(struct world *w, int e)
{
	if (e > 0 && e <= MAX_ENTRIES)
		memset(&w->entries[e], 0, sizeof(w->entries[e]));
}

/* ------------------------------------------------------------ clipping */

/*
 * uvm_mapent_splitadj: split entry e at va; e keeps the front, the new
 * entry (returned) the back.  The back half references the same amap
 * (amap_splitref: am_ref++, not a share reference) and object.
 */
static int
uvm_map_split(struct world *w, struct step_ctx *c, int e, int va)
{
	struct vm_map_entry *me = &w->entries[e];
	int adj = va - me->start;
	int n = uvm_map_entry_alloc(w);

	if (n == 0) {
		map_panic(w, c, e, "uvm_mapent_alloc: out of map entries (model capacity)");
		return 0;
	}
	w->entries[n] = *me;
	me->end = (uint8_t)va;
	w->entries[n].start = (uint8_t)va;
	if (me->amap != 0) {
		w->entries[n].amap_off = (uint8_t)(me->amap_off + adj);
		amap_ref(w, me->amap, false);
	}
	if (me->uobj != 0) {
		w->entries[n].uoff = (uint8_t)(me->uoff + adj);
		w->objs[me->uobj].uo_refs++;
	}
	return n;
}

/* UVM_MAP_CLIP_START: the entry containing va starts at va afterwards */
static void
map_clip_start(struct world *w, struct step_ctx *c, int vm, int va)
{
	int e = uvm_map_lookup_entry(w, vm, va);

	if (e != 0 && w->entries[e].start < va)
		uvm_map_split(w, c, e, va);
}

/* UVM_MAP_CLIP_END: the entry containing va-1 ends at va afterwards */
static void
map_clip_end(struct world *w, struct step_ctx *c, int vm, int va)
{
	int e = uvm_map_lookup_entry(w, vm, va);

	if (e != 0 && w->entries[e].start < va)
		uvm_map_split(w, c, e, va);
}

static void
map_clip(struct world *w, struct step_ctx *c, int vm, int start, int end)
{
	if (start >= end)
		return;
	map_clip_start(w, c, vm, start);
	map_clip_end(w, c, vm, end);
}

void
uvm_map_clip(struct world *w, int vm, int start, int end)
{
	map_clip(w, NULL, vm, start, end);
}

/* -------------------------------------------------------------- uvm_map */

/*
 * uvm_map_enter: establish a mapping [va, va+npages) of obj (0 =
 * anonymous memory) at page offset off.
 *
 * => the caller holds the map write-locked (op_mmap) or the world is
 *    being built (world_init)
 * => MMAP_SHARED: writes go to the object; MMAP_PRIVATE: copy-on-write,
 *    the amap is created lazily by the first write fault (needs-copy)
 * => anonymous MAP_SHARED: the kernel backs it with an aobj; the model
 *    gives it an amap now (a non-copy-on-write entry with an amap stands
 *    for that aobj: uvmspace_fork treats it so)
 * => MMAP_WIRED and VM_MAP_WIREFUTURE are the caller's: op_mmap wires
 *    the new entry with uvm_map_pageable, as uvm_mmap does
 * => returns the new entry, or -M_EINVAL (range not free / out of the
 *    map), -M_EACCES (prot not within maxprot), -M_ENOMEM
 */
int
uvm_map_enter(struct world *w, struct step_ctx *c, int vm, int va,
    int npages, int obj, int off, int flags, int prot, int maxprot,
    int inherit)
{
	struct vm_map_entry *me;
	int e, amap = 0;

	if (vm <= 0 || vm > MAX_VMSPACES ||
	    !(w->vms[vm].vm_flags & VM_MAP_INUSE))
		return -M_EINVAL;
	if (npages <= 0 || va < 0 || va + npages > VA_PAGES ||
	    npages > AMAP_SLOTS)
		return -M_EINVAL;
	if ((flags & (MMAP_SHARED | MMAP_PRIVATE)) ==
	    (MMAP_SHARED | MMAP_PRIVATE))
		return -M_EINVAL;
	if ((prot & maxprot) != prot)
		return -M_EACCES;	/* uvm_map_prepare */
	if (obj < 0 || obj > MAX_OBJS ||
	    (obj != 0 && w->objs[obj].uo_type == UOBJ_NONE))
		return -M_EINVAL;
	/* uvm_map_findspace with UVM_FLAG_FIXED: the range must be free */
	for (int x = 1; x <= MAX_ENTRIES; x++) {
		const struct vm_map_entry *o = &w->entries[x];

		if ((o->etype & UVM_ET_INUSE) && o->vm == vm &&
		    o->start < va + npages && o->end > va)
			return -M_EINVAL;
	}
	if (obj == 0 && (flags & MMAP_SHARED)) {
		amap = amap_alloc(w, c, npages);
		if (amap == 0)
			return -M_ENOMEM;
	}
	e = uvm_map_entry_alloc(w);
	if (e == 0) {
		if (amap != 0)
			(void)amap_unref(w, c, amap);
		map_panic(w, c, vm, "uvm_mapent_alloc: out of map entries (model capacity)");
		return -M_ENOMEM;
	}
	me = &w->entries[e];
	me->vm = (uint8_t)vm;
	me->start = (uint8_t)va;
	me->end = (uint8_t)(va + npages);
	me->protection = (uint8_t)prot;
	me->max_protection = (uint8_t)maxprot;
	me->inheritance = (uint8_t)inherit;
	if (!(flags & MMAP_SHARED))
		me->etype |= UVM_ET_COPYONWRITE | UVM_ET_NEEDSCOPY;
	if (amap != 0)
		me->amap = (uint8_t)amap;	/* inheritance as given: minherit
						 * may set copy, none or zero */
	if (obj != 0) {
		me->uobj = (uint8_t)obj;
		me->uoff = (uint8_t)off;
		w->objs[obj].uo_refs++;	/* the caller's reference (vref) */
	}
	return e;
}

/* ------------------------------------------------------------ map locks */

/*
 * vm_map_lock_try: the write lock, or false when the caller must sleep
 * (WC_MAPLOCK on vm) and try again.
 */
bool
vm_map_lock_try(struct world *w, struct step_ctx *c, int vm)
{
	struct vmspace *v = &w->vms[vm];

	if (v->vm_readers != 0 || v->vm_writer != 0 ||
	    (v->vm_busy != 0 && v->vm_busy != c->tid))
		return false;
	v->vm_writer = (uint8_t)c->tid;
	return true;
}

bool
vm_map_lock_read_try(struct world *w, struct step_ctx *c, int vm)
{
	struct vmspace *v = &w->vms[vm];

	if (v->vm_writer != 0 && v->vm_writer != c->tid)
		return false;
	v->vm_readers |= (uint8_t)(1u << (c->tid - 1));
	return true;
}

void
vm_map_unlock(struct world *w, struct step_ctx *c, int vm)
{
	struct vmspace *v = &w->vms[vm];

	if (v->vm_writer != c->tid)
		model_event(w, c, INV_KERNEL_PANIC, vm, v->vm_writer, 0,
		    "vm_map_unlock: map not write-locked by this thread");
	v->vm_writer = 0;
	wakeup(w, WC_MAPLOCK, vm);
}

void
vm_map_unlock_read(struct world *w, struct step_ctx *c, int vm)
{
	struct vmspace *v = &w->vms[vm];
	uint8_t bit = (uint8_t)(1u << (c->tid - 1));

	if (!(v->vm_readers & bit))
		model_event(w, c, INV_KERNEL_PANIC, vm, 0, 0,
		    "vm_map_unlock_read: map not read-locked by this thread");
	v->vm_readers &= (uint8_t)~bit;
	wakeup(w, WC_MAPLOCK, vm);
}

void
vm_map_busy(struct world *w, struct step_ctx *c, int vm)
{
	struct vmspace *v = &w->vms[vm];

	if (v->vm_writer != c->tid || v->vm_busy != 0)
		model_event(w, c, INV_KERNEL_PANIC, vm, 0, 0,
		    "vm_map_busy: map not write-locked or already busy");
	v->vm_busy = (uint8_t)c->tid;
}

void
vm_map_unbusy(struct world *w, struct step_ctx *c, int vm)
{
	struct vmspace *v = &w->vms[vm];

	if (v->vm_busy != c->tid)
		model_event(w, c, INV_KERNEL_PANIC, vm, v->vm_busy, 0,
		    "vm_map_unbusy: map not busied by this thread");
	v->vm_busy = 0;
	wakeup(w, WC_MAPLOCK, vm);
}

/*
 * uvm_map_wire_pending: is va, in entry e of vm, one that the thread
 * holding the map busy has still to wire with its own uvm_fault_wire?
 *
 * Only uvm_map_pageable and uvm_map_pageable_all busy a map: pass 1
 * raises wired_count (0 -> 1 on the entries this call wires), pass 2
 * runs uvm_fault_wire on every entry whose count is 1, in address order,
 * from its cursor on (and, inside the entry being wired, uvm_fault_wire
 * goes VA by VA).  The L-1 fix (uvm_fault_check) must not wire a page
 * that such a wire fault is about to wire, or the page is wired twice and
 * munlock undoes one; but a wired entry that pass 2 will not visit (its
 * count above 1, outside the range, or already behind the cursor) has
 * nobody coming for it.  The kernel has no record of the busy holder's
 * range and cursor: the fix keeps them in the map beside map->busy; the
 * model reads them from the busy thread's frame, which holds the same.
 */
bool
uvm_map_wire_pending(const struct world *w, int vm, int e, int va)
{
	const struct vmspace *v = &w->vms[vm];
	const struct vm_map_entry *me = &w->entries[e];
	const struct thread *t;

	if (v->vm_busy == 0 || me->wired_count != 1)
		return false;
	t = &w->threads[v->vm_busy];
	for (int d = t->t_depth - 1; d >= 0; d--) {
		const struct frame *fr = &t->t_frames[d];

		/*
		 * pass 2's wire fault under way over [start, end): the VAs
		 * before its cursor are done (a refault there owes the
		 * wiring), the rest are still coming
		 */
		if (fr->fn == FN_UVM_FAULT_WIRE && fr->uvm_fault_wire.vm == vm &&
		    fr->uvm_fault_wire.wire_kind == WK_MLOCK &&
		    va >= fr->uvm_fault_wire.start &&
		    va < fr->uvm_fault_wire.end)
			return va >= fr->uvm_fault_wire.start +
			    uvm_fault_wire_cursor(fr);

		if (fr->fn == FN_UVM_MAP_PAGEABLE &&
		    fr->uvm_map_pageable.vm == vm)
			return me->start >= fr->uvm_map_pageable.entry_va &&
			    me->start < fr->uvm_map_pageable.end;
		if (fr->fn == FN_UVM_MAP_PAGEABLE_ALL &&
		    fr->uvm_map_pageable_all.vm == vm)
			return me->start >= fr->uvm_map_pageable_all.cursor;
	}
	return false;	/* busy for MAP_FIXED's unmap (op_mmap): no wiring */
}

/* ------------------------------------------------------------- vmspaces */

/* uvmspace_alloc: the first free vmspace above kernel_map, or 0 */
int
vmspace_alloc(struct world *w)
{
	for (int vm = KERNEL_VMSPACE + 1; vm <= MAX_VMSPACES; vm++) {
		struct vmspace *v = &w->vms[vm];

		if (v->vm_flags & VM_MAP_INUSE)
			continue;
		memset(v, 0, sizeof(*v));
		v->vm_flags = VM_MAP_INUSE;
		v->vm_refs = 1;
		pmap_create(&w->pmap, vm);
		return vm;
	}
	return 0;
}

/*
 * uvmspace_destroy: the end of uvmspace_free once the last reference is
 * gone and every entry has been unmapped: pmap_destroy, give its PTPs
 * back, free the vmspace.
 */
void
uvmspace_destroy(struct world *w, struct step_ctx *c, int vm)
{
	struct pmap_freed freed;

	for (int e = 1; e <= MAX_ENTRIES; e++)
		if ((w->entries[e].etype & UVM_ET_INUSE) &&
		    w->entries[e].vm == vm)
			model_event(w, c, INV_KERNEL_PANIC, vm, e, 0,
			    "uvmspace_free: map still has entries");
	memset(&freed, 0, sizeof(freed));
	pmap_destroy(&w->pmap, vm, &freed);
	uvm_free_ptps(w, c, &freed);
	memset(&w->vms[vm], 0, sizeof(w->vms[vm]));
}

/* uvmexp.wired: pages wired by uvm_pagewire (PTPs are not counted) */
int
uvmexp_wired(const struct world *w)
{
	int n = 0;

	for (int pg = 1; pg <= MAX_PAGES; pg++)
		if (w->pages[pg].wire_count > 0 &&
		    !(w->pages[pg].pg_flags & PG_PTP))
			n++;
	return n;
}

/* uvmexp.wiredmax: a third of memory (uvm_page.c) */
int
uvmexp_wiredmax(const struct model *m)
{
	return m->tun.npages / 3;
}

/* ------------------------------------------------------- pmap wrappers */

/*
 * uvm_pmap_enter: pmap_enter with the PTP the pmap may need taken from
 * the page allocator with UVM_PGA_USERESERVE (pmap_get_ptp), so PT pages
 * and user pages compete for the same free memory.
 *
 * => returns 0, or M_ENOMEM when a PMAP_CANFAIL enter failed
 * => without PMAP_CANFAIL the x86 pmap panics: raised as I15
 */
int
uvm_pmap_enter(struct world *w, struct step_ctx *c, int vm, int va, int pg,
    int prot, int flags)
{
	struct pmap_enter_result res;
	int spare = 0, error;

	memset(&res, 0, sizeof(res));
	if (pmap_ptp_needed(&w->pmap, vm, va)) {
		spare = uvm_pagealloc(w, c, 0, 0, 0, UVM_PGA_USERESERVE);
		if (spare != 0) {
			struct vm_page *p = &w->pages[spare];

			p->pg_flags = PG_PTP;
			p->pg_pqflags = 0;
			p->busy_tid = 0;
			p->wire_count = 1;
		} else {
			note(c, "pmap_get_ptp: uvm_pagealloc failed");
		}
	}
	error = pmap_enter(&w->pmap, &c->m->pmap_knobs, vm, va, pg, prot,
	    flags, spare, &res);
	if (spare != 0 && !res.ptp_used) {
		struct pmap_freed back;

		memset(&back, 0, sizeof(back));
		back.n = 1;
		back.ptp[0] = (uint8_t)spare;
		uvm_free_ptps(w, c, &back);
	}
	if (res.stolen_ptp != 0)
		note(c, "pmap_steal_ptp");
	if (res.steal_took_wired)
		model_event(w, c, INV_PTP_STEAL_WIRED, res.stolen_ptp,
		    res.steal_victim, va,
		    "pmap_steal_ptp: stole a PTP holding a wired PTE");
	if (res.panicked) {
		model_event(w, c, INV_CANFAIL_PROGRESS, va, 0, 0,
		    "pmap_enter: no PTP and no PMAP_CANFAIL: panic");
		return M_ENOMEM;
	}
	return error != 0 ? M_ENOMEM : 0;
}

void
uvm_pmap_remove(struct world *w, struct step_ctx *c, int vm, int sva, int eva)
{
	struct pmap_freed freed;

	memset(&freed, 0, sizeof(freed));
	pmap_remove(&w->pmap, vm, sva, eva, &freed);
	uvm_free_ptps(w, c, &freed);
}

void
uvm_pmap_page_protect(struct world *w, struct step_ctx *c, int pg, int prot)
{
	struct pmap_freed freed;

	memset(&freed, 0, sizeof(freed));
	pmap_page_protect(&w->pmap, &c->m->pmap_knobs, pg, prot, &freed);
	uvm_free_ptps(w, c, &freed);
}

/* ------------------------------------------------------ wiring helpers */

/*
 * The protection a wiring uses: [2001+] max_protection (VM_FAULT_WIREMAX,
 * S-5), before that the current protection.
 */
static int
wire_prot(const struct step_ctx *c, const struct vm_map_entry *me)
{
	return KNOB(c, K_WIRE_USES_MAXPROT) ==
	    WIRE_USES_MAXPROT_MAXPROT ? me->max_protection :
	    me->protection;
}

/*
 * Pass 1 of a wiring: "perform actions of vm_map_lookup that need the
 * write lock on the map: create an anonymous map for a copy-on-write
 * region, or an anonymous map for a zero-fill region".  [2001+] tests
 * max_protection, so a read-only MAP_PRIVATE mapping that may become
 * writable gets its own amap now and the wire fault copies the page into
 * it (S-5); [before 2001] the current protection.
 */
static bool
wire_needs_amap_copy(const struct step_ctx *c, const struct vm_map_entry *me)
{
	return (me->etype & UVM_ET_NEEDSCOPY) &&
	    ((wire_prot(c, me) & VM_PROT_WRITE) || me->uobj == 0);
}

static void
wire_amap_copy(struct world *w, struct step_ctx *c, int e)
{
	if (KNOB(c, K_WIRE_USES_MAXPROT) == WIRE_USES_MAXPROT_MAXPROT)
		note(c, "uvm_map_pageable: needs-copy, max_protection has WRITE -> amap_copy");
	else
		note(c, "uvm_map_pageable: needs-copy, protection has WRITE -> amap_copy");
	/*
	 * The kernel calls amap_copy(map, entry, 0, ...) -- may sleep, cannot
	 * fail ("XXXCDC: wait OK?"): no environment failure is injected
	 * here.  Should the model run out of amap slots, the entry stays
	 * needs-copy and the wire fault copies it itself.
	 */
	c->nofail++;
	if (amap_copy(w, c, e) != 0)
		note(c, "uvm_map_pageable: amap_copy failed, entry stays needs-copy");
	c->nofail--;
}

/* ---------------------------------------------------- uvm_map_pageable */

/*
 * uvm_map_pageable: wire (new_pageable 0) or unwire (1) [start, end).
 *
 * frame uvm_map_pageable: vm, start, end, new_pageable,
 *	  entry_va (VA of the entry being worked on; pass 2: the failed
 *	  entry), error (of the failed uvm_fault_wire).
 *	  On the failure path start walks to the failed entry.
 * => map unlocked on entry and exit (no UVM_LK_ENTER/EXIT callers here:
 *    op_mmap and op_mprotect drop the lock first, within the same step)
 * => returns 0, M_EFAULT (start not mapped), M_EINVAL (hole, PROT_NONE,
 *    or unwiring something not wired), or uvm_fault_wire's error
 * => sleeps on the map lock; pass 2 runs uvm_fault_wire, which sleeps
 *    wherever a fault does, with the map busy but unlocked
 */
enum {
	MP_LOCK = 0,		/* vm_map_lock, checks */
	MP_UNWIRE,		/* uvm_map_entry_unwire per entry */
	MP_WIRE1,		/* pass 1, write-locked */
	MP_WIRE2,		/* pass 2: uvm_fault_wire, busy, unlocked */
	MP_WIRE2_DONE,		/* a uvm_fault_wire returned */
	MP_WFAIL,		/* relock after a failed wiring */
	MP_WFAIL_UNWIRE,	/* unwire the entries already wired */
};

static int pageable_wire1(struct world *w, struct step_ctx *c,
    struct frame *f);

static int
pageable_unwire(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable.vm, end = f->uvm_map_pageable.end;

	while (f->uvm_map_pageable.entry_va < end) {
		int e = uvm_map_lookup_entry(w, vm,
		    f->uvm_map_pageable.entry_va);
		struct vm_map_entry *me;

		if (e == 0)
			break;
		me = &w->entries[e];
		f->uvm_map_pageable.entry_va = me->end;
		if (me->wired_count == 0)
			continue;
		if (KNOB(c, K_MUNLOCK_DECREMENTS) ==
		    MUNLOCK_DECREMENTS_UNDO_ALL) {
			/* POSIX 1003.1b: one munlock undoes every mlock */
			me->wired_count = 0;
		} else {
			/* [1999]: one mlock undone per munlock */
			me->wired_count--;
			if (me->wired_count > 0) {
				note(c, "uvm_map_pageable: wired_count-- (still wired)");
				continue;
			}
		}
		note(c, "uvm_map_entry_unwire: uvm_fault_unwire_locked");
		f->pc = MP_UNWIRE;
		return call_uvm_fault_unwire(w, c, vm, me->start, me->end,
		    WK_MLOCK);
	}
	vm_map_unlock(w, c, vm);
	return fn_return(w, c, 0);
}

static int
pageable_start(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable.vm;
	int start = f->uvm_map_pageable.start, end = f->uvm_map_pageable.end;

	if (!vm_map_lock_try(w, c, vm))
		return fn_sleep(w, c, MP_LOCK, WC_MAPLOCK, vm, "vm_map_lock");
	/* VM_MAP_RANGE_CHECK */
	if (end > VA_PAGES)
		f->uvm_map_pageable.end = (uint8_t)(end = VA_PAGES);
	if (start >= end) {
		vm_map_unlock(w, c, vm);
		return fn_return(w, c, 0);
	}
	if (uvm_map_lookup_entry(w, vm, start) == 0) {
		vm_map_unlock(w, c, vm);
		note(c, "uvm_map_pageable: start not mapped -> EFAULT");
		return fn_return(w, c, M_EFAULT);
	}
	f->uvm_map_pageable.entry_va = (uint8_t)start;

	if (f->uvm_map_pageable.new_pageable) {
		/* unwire: the whole range must be wired, without holes */
		map_clip_start(w, c, vm, start);
		for (int va = start; va < end;) {
			int e = uvm_map_lookup_entry(w, vm, va);

			if (e == 0 || w->entries[e].wired_count == 0) {
				vm_map_unlock(w, c, vm);
				note(c, "uvm_map_pageable: range not wired -> EINVAL");
				return fn_return(w, c, M_EINVAL);
			}
			va = w->entries[e].end;
		}
		map_clip_end(w, c, vm, end);
		f->pc = MP_UNWIRE;
		return pageable_unwire(w, c, f);
	}
	f->pc = MP_WIRE1;
	return pageable_wire1(w, c, f);
}

/*
 * Pass 1, map write-locked: amap_copy where needed, clip, wired_count++;
 * a hole or a PROT_NONE entry undoes the counts (EINVAL).
 */
static int
pageable_wire1(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable.vm;
	int start = f->uvm_map_pageable.start, end = f->uvm_map_pageable.end;

	while (f->uvm_map_pageable.entry_va < end) {
		int va = f->uvm_map_pageable.entry_va;
		int e = uvm_map_lookup_entry(w, vm, va);
		struct vm_map_entry *me;

		if (e == 0)
			break;	/* cannot happen: holes are caught below */
		if (w->entries[e].wired_count == 0 &&
		    wire_needs_amap_copy(c, &w->entries[e]))
			wire_amap_copy(w, c, e);
		map_clip(w, c, vm, start, end);
		e = uvm_map_lookup_entry(w, vm, va);
		me = &w->entries[e];
		me->wired_count++;
		if (me->protection == VM_PROT_NONE ||
		    (me->end < end &&
			uvm_map_lookup_entry(w, vm, me->end) == 0)) {
			int stop = me->end;

			/* amap creation need not be undone; the counts do */
			for (int x = 1; x <= MAX_ENTRIES; x++) {
				struct vm_map_entry *o = &w->entries[x];

				if ((o->etype & UVM_ET_INUSE) && o->vm == vm &&
				    o->start >= start && o->end <= stop)
					o->wired_count--;
			}
			vm_map_unlock(w, c, vm);
			note(c, "uvm_map_pageable: hole or PROT_NONE -> EINVAL");
			return fn_return(w, c, M_EINVAL);
		}
		f->uvm_map_pageable.entry_va = me->end;
	}

	/*
	 * Pass 2 runs with the map busy but unlocked: a thread that faulted
	 * on one of these pages may hold it PG_BUSY and then wait for the
	 * map lock; waiting for its page with the lock held would deadlock.
	 */
	vm_map_busy(w, c, vm);
	vm_map_unlock(w, c, vm);
	f->uvm_map_pageable.entry_va = (uint8_t)start;
	return fn_yield(w, c, MP_WIRE2, "uvm_map_pageable: vm_map_busy, unlock");
}

/* Pass 2: uvm_fault_wire on every entry whose wired_count is now 1 */
static int
pageable_wire2(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable.vm, end = f->uvm_map_pageable.end;

	while (f->uvm_map_pageable.entry_va < end) {
		int e = uvm_map_lookup_entry(w, vm,
		    f->uvm_map_pageable.entry_va);
		struct vm_map_entry *me;

		if (e == 0)
			break;	/* the map is busy: cannot happen */
		me = &w->entries[e];
		if (me->wired_count == 1) {
			f->pc = MP_WIRE2_DONE;
			note(c, "uvm_map_pageable: uvm_fault_wire");
			return call_uvm_fault_wire(w, c, vm, me->start, me->end,
			    wire_prot(c, me), KNOB(c, K_WIRE_USES_MAXPROT) ==
			    WIRE_USES_MAXPROT_MAXPROT, WK_MLOCK);
		}
		f->uvm_map_pageable.entry_va = me->end;
	}
	vm_map_unbusy(w, c, vm);
	return fn_return(w, c, 0);
}

/*
 * Failure in pass 2: relock, drop the counts of every entry in the range,
 * and unwire the entries before the failed one that were wired by us
 * (their count is back to 0).  uvm_fault_wire undid its own partial work.
 */
static int
pageable_wfail_unwire(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable.vm;

	/* start walks to the failed entry (entry_va) */
	while (f->uvm_map_pageable.start < f->uvm_map_pageable.entry_va) {
		int e = uvm_map_lookup_entry(w, vm, f->uvm_map_pageable.start);
		struct vm_map_entry *me;

		if (e == 0)
			break;
		me = &w->entries[e];
		f->uvm_map_pageable.start = me->end;
		if (me->wired_count == 0) {
			note(c, "uvm_map_pageable: wiring failed, uvm_map_entry_unwire");
			f->pc = MP_WFAIL_UNWIRE;
			return call_uvm_fault_unwire(w, c, vm, me->start,
			    me->end, WK_MLOCK);
		}
	}
	vm_map_unlock(w, c, vm);
	return fn_return(w, c, f->uvm_map_pageable.error);
}

static int
pageable_wfail(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable.vm;
	int start = f->uvm_map_pageable.start, end = f->uvm_map_pageable.end;

	if (!vm_map_lock_try(w, c, vm))
		return fn_sleep(w, c, MP_WFAIL, WC_MAPLOCK, vm, "vm_map_lock");
	vm_map_unbusy(w, c, vm);
	for (int x = 1; x <= MAX_ENTRIES; x++) {
		struct vm_map_entry *o = &w->entries[x];

		if ((o->etype & UVM_ET_INUSE) && o->vm == vm &&
		    o->start >= start && o->start < end && o->wired_count > 0)
			o->wired_count--;
	}
	return pageable_wfail_unwire(w, c, f);
}

int
uvm_map_pageable_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	switch (f->pc) {
	case MP_LOCK:
		return pageable_start(w, c, f);
	case MP_UNWIRE:
		return pageable_unwire(w, c, f);
	case MP_WIRE1:
		return pageable_wire1(w, c, f);
	case MP_WIRE2:
		return pageable_wire2(w, c, f);
	case MP_WIRE2_DONE: {
		int e;

		if (f->ret != 0) {
			f->uvm_map_pageable.error = (uint8_t)f->ret;
			note(c, "uvm_map_pageable: uvm_fault_wire failed");
			f->pc = MP_WFAIL;
			return pageable_wfail(w, c, f);
		}
		e = uvm_map_lookup_entry(w, f->uvm_map_pageable.vm,
		    f->uvm_map_pageable.entry_va);
		f->uvm_map_pageable.entry_va = e != 0 ? w->entries[e].end :
		    (uint8_t)(f->uvm_map_pageable.entry_va + 1);
		f->pc = MP_WIRE2;
		return pageable_wire2(w, c, f);
	}
	case MP_WFAIL:
		return pageable_wfail(w, c, f);
	case MP_WFAIL_UNWIRE:
		return pageable_wfail_unwire(w, c, f);
	}
	model_event(w, c, INV_KERNEL_PANIC, f->pc, 0, 0,
	    "model: uvm_map_pageable: bad pc");
	return fn_return(w, c, M_EINVAL);
}

/* call uvm_map_pageable: wire (new_pageable false) or unwire
 * [start, end) of map vm */
int
call_uvm_map_pageable(struct world *w, struct step_ctx *c, int vm, int start,
    int end, bool new_pageable)
{
	struct uvm_map_pageable_frame args = {
		.vm = (uint8_t)vm,
		.start = (uint8_t)start,
		.end = (uint8_t)end,
		.new_pageable = new_pageable,
	};

	return fn_call_frame(w, c, FN_UVM_MAP_PAGEABLE, &args, sizeof(args));
}

/* ------------------------------------------------ uvm_map_pageable_all */

/*
 * uvm_map_pageable_all: mlockall(flags) / munlockall (flags 0).
 *
 * frame uvm_map_pageable_all: vm, flags, cursor (a VA), failed_va
 *	  (of the failed entry), error (of the failed uvm_fault_wire)
 * => flags 0: unwire every wired entry, clear VM_MAP_WIREFUTURE
 * => MCL_FUTURE: set VM_MAP_WIREFUTURE (op_mmap and op_mprotect wire
 *    later mappings)
 * => MCL_CURRENT: ENOMEM if the unwired, non-PROT_NONE pages would push
 *    uvmexp.wired over uvmexp.wiredmax (RLIMIT_MEMLOCK is not modelled);
 *    pass 2 (write-locked): amap_copy as in uvm_map_pageable,
 *    wired_count++ on every non-PROT_NONE entry; pass 3 (busy, unlocked):
 *    uvm_fault_wire on each entry whose count became 1
 * => sleeps like uvm_map_pageable
 */
enum {
	MPA_LOCK = 0,
	MPA_UNWIRE,
	MPA_WIRE,
	MPA_WIRE_DONE,
	MPA_FAIL,
	MPA_FAIL_UNWIRE,
};

static int
pageable_all_unwire(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable_all.vm, e;

	while ((e = uvm_map_next_entry(w, vm,
	    f->uvm_map_pageable_all.cursor)) != 0) {
		struct vm_map_entry *me = &w->entries[e];

		f->uvm_map_pageable_all.cursor = me->end;
		if (me->wired_count == 0)
			continue;
		/* POSIX 1003.1b: munlockall undoes every mlockall */
		me->wired_count = 0;
		note(c, "uvm_map_entry_unwire: uvm_fault_unwire_locked");
		f->pc = MPA_UNWIRE;
		return call_uvm_fault_unwire(w, c, vm, me->start, me->end,
		    WK_MLOCK);
	}
	w->vms[vm].vm_flags &= (uint8_t)~VM_MAP_WIREFUTURE;
	vm_map_unlock(w, c, vm);
	return fn_return(w, c, 0);
}

static int
pageable_all_start(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable_all.vm;
	int flags = f->uvm_map_pageable_all.flags, size = 0, e;

	if (!vm_map_lock_try(w, c, vm))
		return fn_sleep(w, c, MPA_LOCK, WC_MAPLOCK, vm, "vm_map_lock");
	if (flags == 0) {
		f->uvm_map_pageable_all.cursor = 0;
		return pageable_all_unwire(w, c, f);
	}
	if (flags & MCL_FUTURE)
		w->vms[vm].vm_flags |= VM_MAP_WIREFUTURE;
	if (!(flags & MCL_CURRENT)) {
		vm_map_unlock(w, c, vm);
		return fn_return(w, c, 0);
	}

	/* pass 1: count what would be wired */
	for (int va = 0; (e = uvm_map_next_entry(w, vm, va)) != 0;
	    va = w->entries[e].end)
		if (w->entries[e].protection != VM_PROT_NONE &&
		    w->entries[e].wired_count == 0)
			size += w->entries[e].end - w->entries[e].start;
	if (size + uvmexp_wired(w) > uvmexp_wiredmax(c->m)) {
		vm_map_unlock(w, c, vm);
		note(c, "uvm_map_pageable_all: over uvmexp.wiredmax -> ENOMEM");
		return fn_return(w, c, M_ENOMEM);
	}

	/* pass 2: amaps, wired_count++ (PROT_NONE entries skipped) */
	for (int va = 0; (e = uvm_map_next_entry(w, vm, va)) != 0;
	    va = w->entries[e].end) {
		struct vm_map_entry *me = &w->entries[e];

		if (me->protection == VM_PROT_NONE)
			continue;
		if (me->wired_count == 0 && wire_needs_amap_copy(c, me))
			wire_amap_copy(w, c, e);
		me->wired_count++;
	}

	/* pass 3 busy and unlocked, as in uvm_map_pageable */
	vm_map_busy(w, c, vm);
	vm_map_unlock(w, c, vm);
	f->uvm_map_pageable_all.cursor = 0;
	return fn_yield(w, c, MPA_WIRE,
	    "uvm_map_pageable_all: vm_map_busy, unlock");
}

static int
pageable_all_wire(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable_all.vm, e;

	while ((e = uvm_map_next_entry(w, vm,
	    f->uvm_map_pageable_all.cursor)) != 0) {
		struct vm_map_entry *me = &w->entries[e];

		if (me->wired_count == 1) {
			f->uvm_map_pageable_all.cursor = me->start;
			f->pc = MPA_WIRE_DONE;
			note(c, "uvm_map_pageable_all: uvm_fault_wire");
			return call_uvm_fault_wire(w, c, vm, me->start, me->end,
			    wire_prot(c, me), KNOB(c, K_WIRE_USES_MAXPROT) ==
			    WIRE_USES_MAXPROT_MAXPROT, WK_MLOCK);
		}
		f->uvm_map_pageable_all.cursor = me->end;
	}
	vm_map_unbusy(w, c, vm);
	return fn_return(w, c, 0);
}

/*
 * The failure path, write-locked: drop every count pass 2 took, then
 * "unwire all the entries that were successfully wired above".
 *
 * L-4 (docs/bugs/L-4.md): the kernel's second loop (sys/uvm/uvm_map.c
 * 1.335, uvm_map_pageable_all) tests VM_MAPENT_ISWIRED the wrong way
 * round: after its wired_count-- it calls uvm_map_entry_unwire on the
 * entries that are STILL wired (mlocked before this mlockall: the
 * function zeroes their count and unwires their pages, undoing the
 * earlier mlock) and skips the ones this call wired (count back to 0,
 * pages still wired by pass 3's uvm_fault_wire: nothing will ever
 * unwire them).  uvm_map_pageable's own failure path tests it the right
 * way (== 0).  K_PAGEABLE_ALL_UNWIND selects the kernel's test or the
 * fix.
 */
static int
pageable_all_fail_unwire(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable_all.vm, e;

	while ((e = uvm_map_next_entry(w, vm,
	    f->uvm_map_pageable_all.cursor)) != 0 &&
	    w->entries[e].start < f->uvm_map_pageable_all.failed_va) {
		struct vm_map_entry *me = &w->entries[e];

		f->uvm_map_pageable_all.cursor = me->end;
		if (me->protection == VM_PROT_NONE)
			continue;
		if (KNOB(c, K_PAGEABLE_ALL_UNWIND) ==
		    PAGEABLE_ALL_UNWIND_UNWIRES_STILL_WIRED) {
			/* [the kernel] if (VM_MAPENT_ISWIRED(entry)) */
			if (me->wired_count == 0)
				continue;
			me->wired_count = 0;
		} else if (me->wired_count != 0) {
			continue;
		}
		note(c, "uvm_map_pageable_all: wiring failed, uvm_map_entry_unwire");
		f->pc = MPA_FAIL_UNWIRE;
		return call_uvm_fault_unwire(w, c, vm, me->start, me->end,
		    WK_MLOCK);
	}
	vm_map_unlock(w, c, vm);
	return fn_return(w, c, f->uvm_map_pageable_all.error);
}

static int
pageable_all_fail(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_map_pageable_all.vm;

	if (!vm_map_lock_try(w, c, vm))
		return fn_sleep(w, c, MPA_FAIL, WC_MAPLOCK, vm, "vm_map_lock");
	vm_map_unbusy(w, c, vm);
	for (int x = 1; x <= MAX_ENTRIES; x++) {
		struct vm_map_entry *o = &w->entries[x];

		if ((o->etype & UVM_ET_INUSE) && o->vm == vm &&
		    o->protection != VM_PROT_NONE && o->wired_count > 0)
			o->wired_count--;
	}
	f->uvm_map_pageable_all.cursor = 0;
	return pageable_all_fail_unwire(w, c, f);
}

int
uvm_map_pageable_all_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	switch (f->pc) {
	case MPA_LOCK:
		return pageable_all_start(w, c, f);
	case MPA_UNWIRE:
		return pageable_all_unwire(w, c, f);
	case MPA_WIRE:
		return pageable_all_wire(w, c, f);
	case MPA_WIRE_DONE: {
		int e;

		if (f->ret != 0) {
			f->uvm_map_pageable_all.error = (uint8_t)f->ret;
			f->uvm_map_pageable_all.failed_va =
			    f->uvm_map_pageable_all.cursor;
			note(c, "uvm_map_pageable_all: uvm_fault_wire failed");
			f->pc = MPA_FAIL;
			return pageable_all_fail(w, c, f);
		}
		e = uvm_map_lookup_entry(w, f->uvm_map_pageable_all.vm,
		    f->uvm_map_pageable_all.cursor);
		f->uvm_map_pageable_all.cursor = e != 0 ? w->entries[e].end :
		    (uint8_t)(f->uvm_map_pageable_all.cursor + 1);
		f->pc = MPA_WIRE;
		return pageable_all_wire(w, c, f);
	}
	case MPA_FAIL:
		return pageable_all_fail(w, c, f);
	case MPA_FAIL_UNWIRE:
		return pageable_all_fail_unwire(w, c, f);
	}
	model_event(w, c, INV_KERNEL_PANIC, f->pc, 0, 0,
	    "model: uvm_map_pageable_all: bad pc");
	return fn_return(w, c, M_EINVAL);
}

/* call uvm_map_pageable_all on map vm with MCL_* flags (0: munlockall) */
int
call_uvm_map_pageable_all(struct world *w, struct step_ctx *c, int vm,
    int flags)
{
	struct uvm_map_pageable_all_frame args = {
		.vm = (uint8_t)vm,
		.flags = (uint8_t)flags,
	};

	return fn_call_frame(w, c, FN_UVM_MAP_PAGEABLE_ALL, &args,
	    sizeof(args));
}

/* ----------------------------------------------------------- uvm_unmap */

/*
 * uvm_unmap: uvm_unmap_remove under the map write lock, then
 * uvm_unmap_detach with the map unlocked.
 *
 * frame uvm_unmap: vm, start, end,
 *	  cursor: a VA (remove), then the amap whose wipeout waits (detach),
 *	  dead_lo, dead_hi: the dead list, bit e-1 set = entry e unlinked
 *	  by this call
 * => map unlocked on entry and exit
 * => remove: "all mappings have to be removed before we can even
 *    consider dropping references to amaps or VM objects": wired entries
 *    are unwired first (uvm_map_entry_unwire -> uvm_fault_unwire_locked,
 *    "otherwise unwiring will put the entries back into the pmap"), then
 *    pmap_remove, then the entry leaves the map
 * => detach: amap_unref (the last reference frees the anons; a busy page
 *    makes it sleep "anfree" under K_ANFREE_BUSY=sleep, map unlocked),
 *    object reference dropped, entry freed
 * => returns 0
 */
enum { UM_LOCK = 0, UM_REMOVE, UM_DETACH, UM_ANFREE };

static void
dead_add(struct frame *f, int e)
{
	if (e <= 8)
		f->uvm_unmap.dead_lo |= (uint8_t)(1u << (e - 1));
	else
		f->uvm_unmap.dead_hi |= (uint8_t)(1u << (e - 9));
}

static int
dead_first(const struct frame *f)
{
	unsigned mask = f->uvm_unmap.dead_lo |
	    ((unsigned)f->uvm_unmap.dead_hi << 8);

	for (int e = 1; e <= MAX_ENTRIES; e++)
		if (mask & (1u << (e - 1)))
			return e;
	return 0;
}

static void
dead_clear(struct frame *f, int e)
{
	if (e <= 8)
		f->uvm_unmap.dead_lo &= (uint8_t)~(1u << (e - 1));
	else
		f->uvm_unmap.dead_hi &= (uint8_t)~(1u << (e - 9));
}

static int
unmap_anfree_wait(struct world *w, struct step_ctx *c, struct frame *f,
    int amap)
{
	int pg = amap_wipeout_page(w, amap);

	f->uvm_unmap.cursor = (uint8_t)amap;
	if (pg == 0)
		return fn_yield(w, c, UM_ANFREE, "anfree");
	w->pages[pg].pg_flags |= PG_WANTED;
	return fn_sleep(w, c, UM_ANFREE, WC_PAGE, pg, "anfree");
}

static int
unmap_detach(struct world *w, struct step_ctx *c, struct frame *f)
{
	int e;

	while ((e = dead_first(f)) != 0) {
		struct vm_map_entry *me = &w->entries[e];

		if (me->amap != 0) {
			int amap = me->amap;

			me->amap = 0;
			me->amap_off = 0;
			if (amap_unref(w, c, amap) != 0) {
				note(c, "uvm_unmap_detach: amap_unref: anon page busy");
				return unmap_anfree_wait(w, c, f, amap);
			}
		}
		if (me->uobj != 0)
			w->objs[me->uobj].uo_refs--;	/* pgo_detach */
		uvm_map_entry_free(w, e);
		dead_clear(f, e);
	}
	return fn_return(w, c, 0);
}

static int
unmap_remove(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_unmap.vm, end = f->uvm_unmap.end, e;

	while ((e = uvm_map_next_entry(w, vm, f->uvm_unmap.cursor)) != 0 &&
	    w->entries[e].start < end) {
		struct vm_map_entry *me = &w->entries[e];

		if (me->wired_count > 0) {
			/* uvm_map_entry_unwire; we come back to this entry */
			me->wired_count = 0;
			note(c, "uvm_unmap_remove: uvm_map_entry_unwire");
			f->pc = UM_REMOVE;
			return call_uvm_fault_unwire(w, c, vm, me->start,
			    me->end, WK_MLOCK);
		}
		uvm_pmap_remove(w, c, vm, me->start, me->end);
		f->uvm_unmap.cursor = me->end;
		me->vm = 0;		/* uvm_map_entry_unlink */
		dead_add(f, e);
	}
	vm_map_unlock(w, c, vm);
	f->uvm_unmap.cursor = 0;
	f->pc = UM_DETACH;
	return unmap_detach(w, c, f);
}

int
uvm_unmap_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	switch (f->pc) {
	case UM_LOCK:
		if (!vm_map_lock_try(w, c, f->uvm_unmap.vm))
			return fn_sleep(w, c, UM_LOCK, WC_MAPLOCK,
			    f->uvm_unmap.vm, "vm_map_lock");
		if (f->uvm_unmap.end > VA_PAGES)
			f->uvm_unmap.end = VA_PAGES;	/* VM_MAP_RANGE_CHECK */
		map_clip(w, c, f->uvm_unmap.vm, f->uvm_unmap.start,
		    f->uvm_unmap.end);
		f->uvm_unmap.cursor = f->uvm_unmap.start;
		f->pc = UM_REMOVE;
		return unmap_remove(w, c, f);
	case UM_REMOVE:
		return unmap_remove(w, c, f);
	case UM_DETACH:
		return unmap_detach(w, c, f);
	case UM_ANFREE: {
		/* woken: let the wipeout go on (amap_unref is restartable) */
		int amap = f->uvm_unmap.cursor;

		f->uvm_unmap.cursor = 0;
		if ((w->amaps[amap].am_flags & AMAP_INUSE) &&
		    amap_unref(w, c, amap) != 0)
			return unmap_anfree_wait(w, c, f, amap);
		f->pc = UM_DETACH;
		return unmap_detach(w, c, f);
	}
	}
	model_event(w, c, INV_KERNEL_PANIC, f->pc, 0, 0,
	    "model: uvm_unmap: bad pc");
	return fn_return(w, c, 0);
}

/* call uvm_unmap: remove [start, end) of map vm */
int
call_uvm_unmap(struct world *w, struct step_ctx *c, int vm, int start,
    int end)
{
	struct uvm_unmap_frame args = {
		.vm = (uint8_t)vm,
		.start = (uint8_t)start,
		.end = (uint8_t)end,
	};

	return fn_call_frame(w, c, FN_UVM_UNMAP, &args, sizeof(args));
}
