/*
 * uvm_mmap.c: system call interface into VM system, plus kernel vm_mmap
 * function (the model's sys_mmap, sys_munmap, sys_mlock, sys_munlock,
 * sys_mlockall, sys_munlockall, sys_mprotect).
 *
 * Each operation is the system call: argument checks, then the map
 * function that does the work (uvm_map / uvm_unmap / uvm_map_pageable /
 * uvm_map_pageable_all / uvm_map_protect).  The op's result is the errno
 * the system call returns.
 *
 *	mmap	 map write lock, uvm_map_enter, unlock; then, for MAP_WIRED or
 *		 a map with VM_MAP_WIREFUTURE (mlockall(MCL_FUTURE)) and a
 *		 protection other than PROT_NONE, check uvmexp.wiredmax and
 *		 wire the new range with uvm_map_pageable; if the wiring fails
 *		 the mapping is removed again (uvm_unmap) and the error
 *		 returned.
 *	munmap	 uvm_unmap (holes allowed).
 *	mlock	 EAGAIN over uvmexp.wiredmax, then uvm_map_pageable(wire);
 *		 EFAULT from it (start not mapped) becomes ENOMEM.
 *	munlock	 uvm_map_pageable(unwire), EFAULT -> ENOMEM.
 *	mlockall / munlockall  uvm_map_pageable_all.
 *	mprotect uvm_map_protect: EACCES if the new protection is not within
 *		 max_protection of every entry in the range; lowering calls
 *		 pmap_protect over the entry (copy-on-write entries without
 *		 WRITE: MASK(entry)); raising is lazy (the next fault).  With
 *		 VM_MAP_WIREFUTURE an entry going from PROT_NONE to something
 *		 is wired (uvm_map_pageable) and a failure there is ENOMEM.
 *
 * Locks: only the map lock, taken and dropped by the map functions; the
 * callers here never hold it across a call.  Sleeps: "vm_map_lock", and
 * whatever the map functions sleep on (faults for wiring, "anfree").
 */
#include <stddef.h>

#include "core/ops.h"
#include "core/uvm.h"

/* copy-on-write entries are never entered writable (uvm_map_protect) */
#define MASK(me) \
	(((me)->etype & UVM_ET_COPYONWRITE) ? (VM_PROT_ALL & ~VM_PROT_WRITE) : \
	    VM_PROT_ALL)

/* ----------------------------------------------------------------- mmap */

/*
 * sys_mmap -> uvm_mmap (MAP_FIXED at the op's va).
 * frame: args come from the op (8 of them); a0 the wiring's error.
 */
enum { MM_MAP = 0, MM_WIRED, MM_UNMAPPED };

STEP_FN(op_mmap_step)
{
	const struct op *op = cur_op(w, c->m, c->tid);
	int vm = thread_vm(w, c->tid);
	int va, npages, flags, prot, e;

	(void)t;
	if (op == NULL || vm == 0)
		return fn_return(w, c, M_EINVAL);
	va = op->arg[0];
	npages = op->arg[1];
	flags = op->arg[4];
	prot = op->arg[5];

	switch (f->pc) {
	case MM_MAP:
		if (!vm_map_lock_try(w, c, vm))
			return fn_sleep(w, c, MM_MAP, WC_MAPLOCK, vm,
			    "vm_map_lock");
		e = uvm_map_enter(w, c, vm, va, npages, op->arg[2], op->arg[3],
		    flags, prot, op->arg[6], op->arg[7]);
		vm_map_unlock(w, c, vm);
		if (e < 0) {
			note(c, "uvm_map: failed");
			return fn_return(w, c, -e);
		}
		if (!(flags & MMAP_WIRED) &&
		    !(w->vms[vm].vm_flags & VM_MAP_WIREFUTURE))
			return fn_return(w, c, 0);
		if (prot == VM_PROT_NONE)
			return fn_return(w, c, 0);
		/*
		 * POSIX 1003.1b -- if our address space was configured to
		 * lock all future mappings, wire the one we just made (and
		 * MAP_WIRED).
		 */
		if (npages + uvmexp_wired(w) > uvmexp_wiredmax(c->m)) {
			note(c, "uvm_mmap: over uvmexp.wiredmax -> ENOMEM, uvm_unmap");
			f->a[0] = M_ENOMEM;
			f->pc = MM_UNMAPPED;
			return fn_call(w, c, FN_UVM_UNMAP, vm, va, va + npages,
			    0, 0, 0);
		}
		note(c, "uvm_mmap: VM_MAP_WIREFUTURE/MAP_WIRED -> uvm_map_pageable");
		f->pc = MM_WIRED;
		return fn_call(w, c, FN_UVM_MAP_PAGEABLE, vm, va, va + npages,
		    0, 0, 0);
	case MM_WIRED:
		if (f->ret == 0)
			return fn_return(w, c, 0);
		note(c, "uvm_mmap: wiring failed -> uvm_unmap");
		f->a[0] = (uint8_t)f->ret;
		f->pc = MM_UNMAPPED;
		return fn_call(w, c, FN_UVM_UNMAP, vm, va, va + npages, 0, 0, 0);
	case MM_UNMAPPED:
		return fn_return(w, c, f->a[0]);
	}
	return fn_return(w, c, M_EINVAL);
}

/* --------------------------------------------------------------- munmap */

/* sys_munmap: a0 va, a1 npages */
STEP_FN(op_munmap_step)
{
	int vm = thread_vm(w, c->tid);
	int va = f->a[0], npages = f->a[1];

	(void)t;
	if (f->pc != 0)
		return fn_return(w, c, f->ret);
	if (vm == 0)
		return fn_return(w, c, M_EINVAL);
	if (npages == 0)
		return fn_return(w, c, 0);
	if (va + npages > VA_PAGES)
		return fn_return(w, c, M_EINVAL);
	f->pc = 1;
	return fn_call(w, c, FN_UVM_UNMAP, vm, va, va + npages, 0, 0, 0);
}

/* ----------------------------------------------------- mlock / munlock */

static int
mlock_common(struct world *w, struct step_ctx *c, struct frame *f,
    int new_pageable)
{
	int vm = thread_vm(w, c->tid);
	int va = f->a[0], npages = f->a[1];

	if (f->pc != 0) {
		/* "some portion of the range is not allocated" */
		return fn_return(w, c, f->ret == M_EFAULT ? M_ENOMEM : f->ret);
	}
	if (vm == 0)
		return fn_return(w, c, M_EINVAL);
	if (npages == 0)
		return fn_return(w, c, 0);
	if (va + npages > VA_PAGES)
		return fn_return(w, c, M_ENOMEM);
	if (!new_pageable && npages + uvmexp_wired(w) > uvmexp_wiredmax(c->m)) {
		note(c, "sys_mlock: over uvmexp.wiredmax -> EAGAIN");
		return fn_return(w, c, M_EAGAIN);
	}
	f->pc = 1;
	return fn_call(w, c, FN_UVM_MAP_PAGEABLE, vm, va, va + npages,
	    new_pageable, 0, 0);
}

/* sys_mlock: a0 va, a1 npages */
STEP_FN(op_mlock_step)
{
	(void)t;
	return mlock_common(w, c, f, 0);
}

/* sys_munlock: a0 va, a1 npages */
STEP_FN(op_munlock_step)
{
	(void)t;
	return mlock_common(w, c, f, 1);
}

/* ------------------------------------------------ mlockall / munlockall */

/* sys_mlockall: a0 flags (MCL_CURRENT | MCL_FUTURE) */
STEP_FN(op_mlockall_step)
{
	int vm = thread_vm(w, c->tid);
	int flags = f->a[0];

	(void)t;
	if (f->pc != 0)
		return fn_return(w, c, f->ret);
	if (vm == 0 || flags == 0 || (flags & ~(MCL_CURRENT | MCL_FUTURE)))
		return fn_return(w, c, M_EINVAL);
	f->pc = 1;
	return fn_call(w, c, FN_UVM_MAP_PAGEABLE_ALL, vm, flags, 0, 0, 0, 0);
}

/* sys_munlockall */
STEP_FN(op_munlockall_step)
{
	int vm = thread_vm(w, c->tid);

	(void)t;
	if (f->pc != 0)
		return fn_return(w, c, f->ret);
	if (vm == 0)
		return fn_return(w, c, M_EINVAL);
	f->pc = 1;
	return fn_call(w, c, FN_UVM_MAP_PAGEABLE_ALL, vm, 0, 0, 0, 0, 0);
}

/* ------------------------------------------------------------- mprotect */

/*
 * sys_mprotect -> uvm_map_protect(map, start, end, prot, set_max=false).
 * frame: a0 va, a1 npages, a2 prot,
 *	  a3-a4 entries to wire (VM_MAP_WIREFUTURE, PROT_NONE -> prot;
 *	  bit e-1), a5 error
 * => the kernel wires those entries with uvm_map_pageable(UVM_LK_ENTER |
 *    UVM_LK_EXIT) inside its loop; the model drops the lock first (same
 *    step) and wires them afterwards, one per call
 */
enum { MPR_PROTECT = 0, MPR_WIRE };

static int
mprotect_wire_next(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = thread_vm(w, c->tid);

	for (int e = 1; e <= MAX_ENTRIES; e++) {
		uint8_t *mask = e <= 8 ? &f->a[3] : &f->a[4];
		uint8_t bit = (uint8_t)(1u << ((e - 1) % 8));
		const struct vm_map_entry *me = &w->entries[e];

		if (!(*mask & bit))
			continue;
		*mask &= (uint8_t)~bit;
		if (!(me->etype & UVM_ET_INUSE) || me->vm != vm ||
		    me->wired_count != 0)
			continue;
		note(c, "uvm_map_protect: VM_MAP_WIREFUTURE -> uvm_map_pageable");
		f->pc = MPR_WIRE;
		return fn_call(w, c, FN_UVM_MAP_PAGEABLE, vm, me->start, me->end,
		    0, 0, 0);
	}
	return fn_return(w, c, f->a[5]);
}

STEP_FN(op_mprotect_step)
{
	int vm = thread_vm(w, c->tid);
	int start = f->a[0], end = f->a[0] + f->a[1], prot = f->a[2], e;

	(void)t;
	if (f->pc == MPR_WIRE) {
		/* XXX the kernel just calls any failure a resource shortage */
		if (f->ret != 0)
			f->a[5] = M_ENOMEM;
		return mprotect_wire_next(w, c, f);
	}
	if (vm == 0 || end > VA_PAGES || (prot & ~VM_PROT_ALL))
		return fn_return(w, c, M_EINVAL);
	if (start == end)
		return fn_return(w, c, 0);
	if (!vm_map_lock_try(w, c, vm))
		return fn_sleep(w, c, MPR_PROTECT, WC_MAPLOCK, vm,
		    "vm_map_lock");

	/* first pass: protection violations (no clipping yet) */
	for (int va = start; (e = uvm_map_next_entry(w, vm, va)) != 0 &&
	    w->entries[e].start < end; va = w->entries[e].end) {
		if ((prot & w->entries[e].max_protection) != prot) {
			vm_map_unlock(w, c, vm);
			note(c, "uvm_map_protect: new protection exceeds max_protection -> EACCES");
			return fn_return(w, c, M_EACCES);
		}
	}

	uvm_map_clip(w, vm, start, end);
	for (int va = start; (e = uvm_map_next_entry(w, vm, va)) != 0 &&
	    w->entries[e].start < end; va = w->entries[e].end) {
		struct vm_map_entry *me = &w->entries[e];
		int old = me->protection;

		me->protection = (uint8_t)prot;
		if (old & ~prot) {
			/* lowering: update the pmap now */
			pmap_protect(&w->pmap, vm, me->start, me->end,
			    prot & MASK(me));
		}
		if ((w->vms[vm].vm_flags & VM_MAP_WIREFUTURE) &&
		    me->wired_count == 0 && old == VM_PROT_NONE &&
		    prot != VM_PROT_NONE) {
			if (e <= 8)
				f->a[3] |= (uint8_t)(1u << (e - 1));
			else
				f->a[4] |= (uint8_t)(1u << (e - 9));
		}
	}
	vm_map_unlock(w, c, vm);
	return mprotect_wire_next(w, c, f);
}
