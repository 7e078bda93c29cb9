/*
 * uvm_fault_wire.c: wiring and unwiring ranges by fault (model of
 * uvm_fault_wire, uvm_fault_unwire and uvm_fault_unwire_locked in
 * sys/uvm/uvm_fault.c)
 *
 * uvm_fault_wire is how both mlock (uvm_map_pageable, pass 2) and
 * uvm_vslock (physio) wire pages: one wire fault per page, which enters
 * the mapping PMAP_WIRED and does uvm_pagewire on the page.  the map
 * entry's wired_count is the caller's business (mlock counts, vslock
 * does not).  if a fault fails, the pages wired so far are unwired again
 * and the error is returned.
 *
 * uvm_fault_unwire undoes it per page, looking at what is mapped NOW:
 *
 *   [2015]  read-lock the map (uvm_fault_unwire) unless the caller holds
 *           it (uvm_fault_unwire_locked: uvm_map_pageable's munlock);
 *           the start must lie in an entry ("address not in map" panic);
 *           for each va:
 *             pmap_extract fails -> skip (2001: "this situation can
 *               arise legitimately when a file with a wired mapping is
 *               truncated"; before, panic "unwiring non-wired memory":
 *               K_UNWIRE_MISSING, S-6)
 *             entry no longer wired -> pmap_unwire (June 1999; before,
 *               unconditionally: K_UNWIRE_CHECKS_ENTRY_WIRED, S-4)
 *             uvm_pageunwire(the page mapped now)
 *
 * the whole unwire runs without sleeping, apart from the map lock.
 *
 * ghost state: the wire fault recorded (wiring_add) which page it wired
 * at each va; the unwire drops that record and checks it against the
 * page it actually unwires: another page is I5 (unwire-wrong-page), no
 * record at all is I4 (unwiring a page it did not wire).  a record whose
 * page was freed under it (truncation) names page 0: unwiring whatever
 * is mapped there now is I5 as well.  when the mapping vanished (skip)
 * the record is dropped too: that wiring ends here, and a page that
 * survived with its wire count is left for I4 to see.
 *
 * what keeps a vslocked page for the I/O (K_VSLOCK_PIN, S-10..S-12):
 *   VSLOCK_PIN_HOLD (fixed profile): the wire fault took a hold count on
 *     the page it wired; the unwire drops it on that same page (the
 *     record names it, as physio's buf names its pages).  This design's vsunlock works
 *     from its own record of the pages, so a range that another LWP
 *     unmapped meanwhile (S-11) is no "address not in map" panic: each
 *     va is skipped as a vanished mapping and its hold released.
 *   VSLOCK_PIN_WIRE_ONLY (NetBSD): nothing more.
 *   VSLOCK_PIN_BUSY (Chuck's 2003 proposal): the wire fault left the page
 *     busy; uvm_vsunlock unbusies it.
 */
#include <stdbool.h>

#include "core/ops.h"
#include "core/uvm.h"

#define TIDBIT(tid)	(1u << ((tid) - 1))

/* uvm_fault_wire.maxprot_cursor: maxprot (bit 0) | page cursor << 3 */
#define FW_MAXPROT	0x01
#define FW_CUR_SHIFT	3

enum {
	FW_START = 0,
	FW_LOOP,	/* fault the page at start + cursor */
	FW_FAULTED,	/* the wire fault returned */
	FW_UNWOUND,	/* uvm_fault_unwire of [start, va) returned */
};

/*
 * uvm_fault_wire_step: uvm_fault_wire(map, start, end, access, maxprot)
 *
 * => frame uvm_fault_wire: vm, start, end, access (the access type),
 *    maxprot_cursor (bit 0: maxprot, VM_FAULT_WIREMAX; the upper bits
 *    are the page cursor), wire_kind (WK_MLOCK, WK_VSLOCK) passed to
 *    each fault as its wire_kind.
 * => the map may be read-locked by the caller, but MUST NOT be
 *    write-locked (the fault would deadlock on it, and says so).
 * => returns 0, or the first fault's error after unwiring [start, va).
 */
/* the VAs a uvm_fault_wire frame has wired so far (from its start) */
int
uvm_fault_wire_cursor(const struct frame *f)
{
	return f->uvm_fault_wire.maxprot_cursor >> FW_CUR_SHIFT;
}

int
uvm_fault_wire_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int vm = f->uvm_fault_wire.vm;
	int start = f->uvm_fault_wire.start, end = f->uvm_fault_wire.end;
	int cur = f->uvm_fault_wire.maxprot_cursor >> FW_CUR_SHIFT;
	int va = start + cur;
	bool maxprot = (f->uvm_fault_wire.maxprot_cursor & FW_MAXPROT) != 0;

	(void)t;
	switch (f->pc) {
	case FW_START:
		/* XXX work around overflowing a vaddr_t */
		if (start > end)
			return fn_return(w, c, M_EFAULT);
		f->uvm_fault_wire.maxprot_cursor &= FW_MAXPROT;
		va = start;
		f->pc = FW_LOOP;
		/* FALLTHROUGH */
	case FW_LOOP:
	loop:
		if (va >= end)
			return fn_return(w, c, 0);
		f->pc = FW_FAULTED;
		return call_uvm_fault(w, c, vm, va, f->uvm_fault_wire.access,
		    FAULT_WIRE | (maxprot ? FAULT_WIREMAX : 0),
		    f->uvm_fault_wire.wire_kind);
	case FW_FAULTED:
		if (f->ret == 0) {
			cur++;
			va++;
			f->uvm_fault_wire.maxprot_cursor =
			    (uint8_t)((maxprot ? FW_MAXPROT : 0) |
			    (cur << FW_CUR_SHIFT));
			f->pc = FW_LOOP;
			goto loop;
		}
		note(c, "uvm_fault_wire: fault failed -> unwire what we wired");
		if (va == start)
			return fn_return(w, c, f->ret);
		/* the access type is done with: keep the error there */
		f->uvm_fault_wire.error = (uint8_t)f->ret;
		f->pc = FW_UNWOUND;
		return call_uvm_fault_unwire(w, c, vm, start, va,
		    f->uvm_fault_wire.wire_kind);
	case FW_UNWOUND:
	default:
		return fn_return(w, c, f->uvm_fault_wire.error);
	}
}

/* call uvm_fault_wire: wire [start, end) of map vm, at max protection if
 * maxprot (VM_FAULT_WIREMAX), for a wiring of kind wire_kind */
int
call_uvm_fault_wire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int access, bool maxprot, int wire_kind)
{
	struct uvm_fault_wire_frame args = {
		.vm = (uint8_t)vm,
		.start = (uint8_t)start,
		.end = (uint8_t)end,
		.access = (uint8_t)access,
		.maxprot_cursor = maxprot ? FW_MAXPROT : 0,
		.wire_kind = (uint8_t)wire_kind,
	};

	return fn_call_frame(w, c, FN_UVM_FAULT_WIRE, &args, sizeof(args));
}

/*
 * vslock_unpin: what uvm_vsunlock gives back besides the wiring
 * (K_VSLOCK_PIN): the hold on the page it wired, or its PG_BUSY.
 */
static void
vslock_unpin(struct world *w, struct step_ctx *c, int kind, int pgnow, int was)
{
	int pg;

	if (kind != WK_VSLOCK)
		return;
	switch (KNOB(c, K_VSLOCK_PIN)) {
	case VSLOCK_PIN_HOLD:
		if (was > 0 && w->pages[was].hold_count > 0)
			uvm_page_unhold(w, c, was);
		break;
	case VSLOCK_PIN_BUSY:
		pg = 0;
		if (pgnow > 0 && (w->pages[pgnow].pg_flags & PG_BUSY) &&
		    w->pages[pgnow].busy_tid == c->tid)
			pg = pgnow;
		else if (was > 0 && (w->pages[was].pg_flags & PG_BUSY) &&
		    w->pages[was].busy_tid == c->tid)
			pg = was;
		if (pg != 0) {
			w->pages[pg].pg_flags &= (uint8_t)~PG_FAKE;
			uvm_page_unbusy(w, c, pg);
		}
		break;
	case VSLOCK_PIN_WIRE_ONLY:
	default:
		break;
	}
}

/*
 * uvm_vsunlock_page: the L-2 fix (docs/bugs/L-2.md): uvm_vsunlock undoes
 * the wiring uvm_vslock made, on the page it wired -- the idx-th page of
 * the caller's physio buf, where uvm_vslock put it (physio_buf_of) --
 * whatever the pmap maps at va now, and whichever other I/O vslocked the
 * same va meanwhile.  The PTE's wired bit is a bit, not a count: it is
 * cleared only when va still maps that page, the entry is not wired, and
 * no other wiring of va (another I/O's vslock, an mlock) remains.
 */
static void
uvm_vsunlock_page(struct world *w, struct step_ctx *c, int vm, int va,
    int idx)
{
	int pa = 0, e, was, own = 0, b = physio_buf_of(w, c->tid);
	bool mapped = pmap_extract(&w->pmap, vm, va, &pa) && pa != 0;

	if (b != 0 && idx < w->bufs[b].b_npages)
		own = w->bufs[b].b_pages[idx];
	was = wiring_drop_page(w, vm, va, WK_VSLOCK, own != 0 ? own :
	    mapped ? pa : 0);
	if (was == -1) {
		model_event(w, c, INV_WIRE_COUNT_MISMATCH, pa, 0, 0,
		    "uvm_vsunlock: unwiring a page it did not wire");
		return;
	}
	if (was == 0) {
		note(c, "uvm_vsunlock: the wired page was freed: nothing to "
		    "unwire");
		return;
	}
	if (mapped && KNOB(c, K_UNWIRE_CHECKS_ENTRY_WIRED) ==
	    UNWIRE_CHECKS_ENTRY_WIRED_UNCONDITIONAL) {
		/* [before June 1999] unconditionally (S-4) */
		(void)pmap_unwire(&w->pmap, vm, va);
	} else if (mapped && pa == was) {
		e = uvm_map_lookup_entry(w, vm, va);
		if ((e == 0 || w->entries[e].wired_count == 0) &&
		    wiring_count_va(w, vm, va) == 0) {
			if (pmap_unwire(&w->pmap, vm, va) == 2)
				note(c, "pmap_unwire: wiring didn't change "
				    "(not wired)");
		} else {
			note(c, "uvm_vsunlock: va still wired by another "
			    "wiring: keep the pmap wiring");
		}
	} else {
		note(c, "uvm_vsunlock: the vslocked page is no longer mapped "
		    "at va: unwire the page itself");
	}
	uvm_pageunwire(w, c, was);
	vslock_unpin(w, c, WK_VSLOCK, mapped ? pa : 0, was);
}

/*
 * uvm_fault_unwire_page: the loop body of uvm_fault_unwire_locked for
 * one va.
 */
static void
uvm_fault_unwire_page(struct world *w, struct step_ctx *c, int vm, int va,
    int idx, int kind)
{
	int pa = 0, e, was, error;

	if (kind == WK_VSLOCK && KNOB(c, K_PHYSIO_PAGES) ==
	    PHYSIO_PAGES_VSLOCKED) {
		uvm_vsunlock_page(w, c, vm, va, idx);
		return;
	}

	if (!pmap_extract(&w->pmap, vm, va, &pa) || pa == 0) {
		if (KNOB(c, K_UNWIRE_MISSING) == UNWIRE_MISSING_PANIC) {
			/* [before 2001] (S-6) */
			model_event(w, c, INV_KERNEL_PANIC, vm, va, 0,
			    "uvm_fault_unwire: unwiring non-wired memory");
			return;
		}
		note(c, "uvm_fault_unwire_locked: mapping vanished "
		    "(truncated): skip");
		was = wiring_drop(w, vm, va, kind);
		vslock_unpin(w, c, kind, 0, was);
		return;
	}

	/* find the map entry for the current address */
	e = uvm_map_lookup_entry(w, vm, va);
	if (e == 0)
		model_event(w, c, INV_KERNEL_PANIC, vm, va, 0,
		    "uvm_fault_unwire_locked: KASSERT: va mapped but in no "
		    "entry");

	/* if the entry is no longer wired, tell the pmap (S-4) */
	if (e == 0 || w->entries[e].wired_count == 0 ||
	    KNOB(c, K_UNWIRE_CHECKS_ENTRY_WIRED) ==
	    UNWIRE_CHECKS_ENTRY_WIRED_UNCONDITIONAL) {
		error = pmap_unwire(&w->pmap, vm, va);
		if (error == 1)
			model_event(w, c, INV_KERNEL_PANIC, vm, va, 0,
			    "pmap_unwire: invalid (unmapped) va");
		else if (error == 2)
			note(c, "pmap_unwire: wiring didn't change "
			    "(not wired)");
	} else {
		note(c, "uvm_fault_unwire_locked: entry still wired: keep the "
		    "pmap wiring");
	}

	/* uvm_pageunwire on whatever page is mapped now */
	uvm_pageunwire(w, c, pa);

	/* ghost: was it the page this wiring wired? (I4, I5) */
	was = wiring_drop(w, vm, va, kind);
	if (was == -1)
		model_event(w, c, INV_WIRE_COUNT_MISMATCH, pa, 0, 0,
		    "uvm_fault_unwire: unwiring a page it did not wire");
	else if (was != pa)
		model_event(w, c, INV_UNWIRE_WRONG_PAGE, pa, was, va,
		    was == 0 ?
		    "uvm_fault_unwire: the wired page was freed; unwiring the "
		    "page mapped now" :
		    "uvm_fault_unwire: unwiring another page than the one "
		    "wired");
	vslock_unpin(w, c, kind, pa, was);
}

/*
 * uvm_fault_unwire_step: uvm_fault_unwire(map, start, end), or
 * uvm_fault_unwire_locked when the caller holds the map.
 *
 * => frame uvm_fault_unwire: vm, start, end, wire_kind (WK_MLOCK for
 *    munlock and uvm_map_pageable's unwinding, WK_VSLOCK for
 *    uvm_vsunlock; 0 means WK_MLOCK).
 * => takes the map read lock unless the caller holds it (read or
 *    write); sleeps on it ("vmmaplk") if a writer has it.
 * => returns 0 (the kernel's is void); panics are raised as events.
 */
int
uvm_fault_unwire_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int vm = f->uvm_fault_unwire.vm;
	int start = f->uvm_fault_unwire.start, end = f->uvm_fault_unwire.end;
	int kind = f->uvm_fault_unwire.wire_kind != WK_NONE ?
	    f->uvm_fault_unwire.wire_kind : WK_MLOCK;
	struct vmspace *v;
	bool took = false;

	(void)t;
	if (vm < 1 || vm > MAX_VMSPACES ||
	    (w->vms[vm].vm_flags & VM_MAP_INUSE) == 0) {
		note(c, "uvm_fault_unwire: no map");
		return fn_return(w, c, 0);
	}
	v = &w->vms[vm];
	if (v->vm_writer == c->tid || (v->vm_readers & TIDBIT(c->tid))) {
		note(c, "uvm_fault_unwire_locked: map held by the caller");
	} else if (!vm_map_lock_read_try(w, c, vm)) {
		note(c, "uvm_fault_unwire: map write-locked -> wait");
		return fn_sleep(w, c, 0, WC_MAPLOCK, vm, "vmmaplk");
	} else {
		took = true;
	}

	if (uvm_map_lookup_entry(w, vm, start) == 0 &&
	    !(kind == WK_VSLOCK && (KNOB(c, K_VSLOCK_PIN) == VSLOCK_PIN_HOLD ||
	    KNOB(c, K_PHYSIO_PAGES) == PHYSIO_PAGES_VSLOCKED))) {
		/* [2015] still panics here (S-11) */
		model_event(w, c, INV_KERNEL_PANIC, vm, start, 0,
		    "uvm_fault_unwire: address not in map");
	} else {
		if (uvm_map_lookup_entry(w, vm, start) == 0)
			note(c, "uvm_vsunlock (its own pages): range unmapped "
			    "meanwhile: unwire them and release the holds");
		for (int va = start; va < end && va < VA_PAGES; va++)
			uvm_fault_unwire_page(w, c, vm, va, va - start,
			    kind);
	}
	if (took)
		vm_map_unlock_read(w, c, vm);
	return fn_return(w, c, 0);
}

/* call uvm_fault_unwire: unwire [start, end) of map vm (kind wire_kind) */
int
call_uvm_fault_unwire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int wire_kind)
{
	struct uvm_fault_unwire_frame args = {
		.vm = (uint8_t)vm,
		.start = (uint8_t)start,
		.end = (uint8_t)end,
		.wire_kind = (uint8_t)wire_kind,
	};

	return fn_call_frame(w, c, FN_UVM_FAULT_UNWIRE, &args, sizeof(args));
}
