/*
 * uvm_mmap.c: system call interface into VM system, plus kernel vm_mmap
 * function (the model's sys_mmap, sys_munmap, sys_mlock, sys_munlock,
 * sys_mlockall, sys_munlockall, sys_mprotect, sys_minherit,
 * sys_mincore).
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
 * sys_mmap -> uvm_mmap -> uvm_map.
 *
 *	file mappings: fd_getfile (a closed descriptor: EBADF), then
 *	    vn_mmap computes maxprot from the open mode (vfs_vnops.c):
 *	    EXECUTE always; READ if FREAD, else PROT_READ is EACCES;
 *	    MAP_SHARED: WRITE if FWRITE, else PROT_WRITE is EACCES;
 *	    MAP_PRIVATE: WRITE always (copy-on-write).
 *	MAP_FIXED: uvm_mmap passes UVM_FLAG_FIXED | UVM_FLAG_UNMAP: uvm_map
 *	    removes what is in the range (uvm_unmap_remove) and enters the
 *	    new entry under the same map lock (uvm_mmap.c since PR 52239,
 *	    2017).  Before, uvm_mmap called uvm_unmap() and then uvm_map(),
 *	    dropping the lock between: another thread's mmap could take the
 *	    hole and the MAP_FIXED mmap failed with ENOMEM (knob
 *	    mmap_fixed_replace).  The model keeps the map busy (vm_map_busy)
 *	    across its unmap and map steps for the atomic form.
 *	otherwise VA is a hint: uvm_map_findspace takes the first free
 *	    range of N pages at or above it, else the first from 0; none:
 *	    ENOMEM.
 * frame: args come from the op (8 of them); a0 the wiring's error,
 *	  a1 the VA chosen, a2 1 once chosen, a3 1 while the map is busied
 *	  (atomic replacement), 2 once the unlocked window was yielded
 */
enum { MM_MAP = 0, MM_WIRED, MM_UNMAPPED, MM_REPLACED };

static bool
range_free(const struct world *w, int vm, int va, int npages)
{
	for (int x = 1; x <= MAX_ENTRIES; x++) {
		const struct vm_map_entry *o = &w->entries[x];

		if ((o->etype & UVM_ET_INUSE) && o->vm == vm &&
		    o->start < va + npages && o->end > va)
			return false;
	}
	return true;
}

/* uvm_map_findspace, bottom-up from the hint, then from the bottom */
static int
map_findspace(const struct world *w, int vm, int hint, int npages)
{
	for (int va = hint; va + npages <= VA_PAGES; va++)
		if (range_free(w, vm, va, npages))
			return va;
	for (int va = 0; va < hint && va + npages <= VA_PAGES; va++)
		if (range_free(w, vm, va, npages))
			return va;
	return -1;
}

/* vn_mmap: maxprot from how the file is open; 0 or an errno */
static int
vn_mmap_maxprot(const struct model *m, int obj, int flags, int prot,
    int *maxprot)
{
	int open = m->objs[obj].open, mp = VM_PROT_EXECUTE;

	if (open == OPEN_CLOSED)
		return M_EBADF;
	if (open != OPEN_W)
		mp |= VM_PROT_READ;
	else if (prot & VM_PROT_READ)
		return M_EACCES;
	if (flags & MMAP_SHARED) {
		if (open != OPEN_R)
			mp |= VM_PROT_WRITE;
		else if (prot & VM_PROT_WRITE)
			return M_EACCES;
	} else {
		mp |= VM_PROT_WRITE;
	}
	*maxprot &= mp;
	return 0;
}

STEP_FN(op_mmap_step)
{
	const struct op *op = cur_op(w, c->m, c->tid);
	int vm = thread_vm(w, c->tid);
	int va, npages, flags, prot, maxprot, e;

	(void)t;
	if (op == NULL || vm == 0)
		return fn_return(w, c, M_EINVAL);
	npages = op->arg[1];
	flags = op->arg[4];
	prot = op->arg[5];
	maxprot = op->arg[6];
	va = f->a[2] ? f->a[1] : op->arg[0];

	switch (f->pc) {
	case MM_REPLACED:
		if (f->a[3] == 0) {
			/* [pre-2017] the map lock was dropped in between */
			f->a[3] = 2;
			return fn_yield(w, c, MM_REPLACED,
			    "uvm_mmap: between uvm_unmap and uvm_map");
		}
		/* FALLTHROUGH */
	case MM_MAP:
		if (f->pc == MM_MAP && op->arg[2] != 0 &&
		    w->objs[op->arg[2]].uo_type == UOBJ_VNODE &&
		    (e = vn_mmap_maxprot(c->m, op->arg[2], flags, prot,
		    &maxprot)) != 0) {
			note(c, e == M_EBADF ? "sys_mmap: fd_getfile: not open -> EBADF" :
			    "vn_mmap: protection not allowed by the open mode -> EACCES");
			return fn_return(w, c, e);
		}
		if (op->arg[2] != 0 && w->objs[op->arg[2]].uo_type == UOBJ_VNODE)
			(void)vn_mmap_maxprot(c->m, op->arg[2], flags, prot,
			    &maxprot);
		if (!vm_map_lock_try(w, c, vm))
			return fn_sleep(w, c, f->pc, WC_MAPLOCK, vm,
			    "vm_map_lock");
		if (!f->a[2] && !(flags & MMAP_FIXED)) {
			int nva = map_findspace(w, vm, va, npages);

			if (nva < 0) {
				vm_map_unlock(w, c, vm);
				note(c, "uvm_map_findspace: no room -> ENOMEM");
				return fn_return(w, c, M_ENOMEM);
			}
			if (nva != va)
				note(c, "uvm_map_findspace: hint taken, placed elsewhere");
			va = nva;
			f->a[1] = (uint8_t)va;
			f->a[2] = 1;
		} else if (!f->a[2]) {
			f->a[1] = (uint8_t)va;
			f->a[2] = 1;
		}
		if ((flags & MMAP_FIXED) && !range_free(w, vm, va, npages)) {
			if (f->pc == MM_REPLACED) {
				/* [pre-2017] someone took the hole meanwhile */
				vm_map_unlock(w, c, vm);
				if (f->a[3] == 1)
					vm_map_unbusy(w, c, vm);
				note(c, "uvm_map: UVM_FLAG_FIXED range taken -> ENOMEM");
				return fn_return(w, c, M_ENOMEM);
			}
			if (KNOB(c, K_MMAP_FIXED_REPLACE) ==
			    MMAP_FIXED_REPLACE_ATOMIC) {
				note(c, "uvm_map: UVM_FLAG_UNMAP -> uvm_unmap_remove, same lock");
				vm_map_busy(w, c, vm);
				f->a[3] = 1;
			} else {
				note(c, "uvm_mmap: MAP_FIXED -> uvm_unmap, then uvm_map");
			}
			vm_map_unlock(w, c, vm);
			f->pc = MM_REPLACED;
			return fn_call(w, c, FN_UVM_UNMAP, vm, va, va + npages,
			    0, 0, 0);
		}
		e = uvm_map_enter(w, c, vm, va, npages, op->arg[2], op->arg[3],
		    flags & ~MMAP_FIXED, prot, maxprot, op->arg[7]);
		vm_map_unlock(w, c, vm);
		if (f->a[3] == 1)
			vm_map_unbusy(w, c, vm);
		f->a[3] = 0;
		if (e < 0) {
			note(c, "uvm_map: failed");
			return fn_return(w, c, -e);
		}
		c->value = va;		/* mmap's return value: the address */
		c->has_value = true;
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
		if (f->ret == 0) {
			c->value = va;
			c->has_value = true;
			return fn_return(w, c, 0);
		}
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

/* RLIMIT_MEMLOCK of the caller's process (`proc P memlock=N`) exceeded? */
static bool
memlock_exceeded(const struct world *w, const struct step_ctx *c, int npages)
{
	const struct proc_def *pd = &c->m->procs[w->threads[c->tid].t_proc];
	int vm = thread_vm(w, c->tid);

	return pd->has_memlock &&
	    npages + pmap_wired_count(&w->pmap, vm) > pd->memlock;
}

static int
mlock_common(struct world *w, struct step_ctx *c, struct frame *f,
    int new_pageable)
{
	int vm = thread_vm(w, c->tid);
	int va = f->a[0], npages = f->a[1];

	if (f->pc != 0) {
		/* "some portion of the range is not allocated" */
		if (f->ret == M_EFAULT)
			return fn_return(w, c, M_ENOMEM);
		/*
		 * munlock of memory that is mapped but not locked:
		 * uvm_map_pageable(unwire) says EINVAL ("<- done (INVAL)",
		 * uvm_map.c); sys_munlock of uvm_mmap.c 1.148 (2014) turns
		 * only EFAULT into ENOMEM, so EINVAL reaches the caller;
		 * POSIX and t_mlock.c 1.6 munlock_unlocked (2016) want
		 * ENOMEM (knob munlock_unlocked_errno).
		 */
		if (new_pageable && f->ret == M_EINVAL &&
		    KNOB(c, K_MUNLOCK_UNLOCKED_ERRNO) ==
		    MUNLOCK_UNLOCKED_ERRNO_ENOMEM) {
			note(c, "sys_munlock: range not locked -> ENOMEM");
			return fn_return(w, c, M_ENOMEM);
		}
		return fn_return(w, c, f->ret);
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
	/*
	 * sys_mlock (uvm_mmap.c 1.148): "if (size + ptoa(pmap_wired_count(
	 * vm_map_pmap(&p->p_vmspace->vm_map))) > p->p_rlimit[RLIMIT_MEMLOCK]
	 * .rlim_cur) return (EAGAIN);"
	 */
	if (!new_pageable && memlock_exceeded(w, c, npages)) {
		note(c, "sys_mlock: over RLIMIT_MEMLOCK -> EAGAIN");
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

/* ------------------------------------------------------------- minherit */

/*
 * sys_minherit -> uvm_map_inherit (uvm_map.c): an inheritance other than
 * NONE, COPY, SHARE or ZERO is EINVAL (ZERO too under the knob
 * minherit_zero=einval: uvm_map.c 1.34, 1999, knew only the first three); otherwise, map write-locked,
 * clip the range and set every entry's inheritance (holes are skipped).
 * frame: a0 va, a1 npages, a2 inheritance
 */
STEP_FN(op_minherit_step)
{
	int vm = thread_vm(w, c->tid);
	int start = f->a[0], end = f->a[0] + f->a[1], inh = f->a[2], e;

	(void)t;
	if (vm == 0 || end > VA_PAGES)
		return fn_return(w, c, M_EINVAL);
	if (inh != MAP_INHERIT_SHARE && inh != MAP_INHERIT_COPY &&
	    inh != MAP_INHERIT_NONE && (inh != MAP_INHERIT_ZERO ||
	    KNOB(c, K_MINHERIT_ZERO) != MINHERIT_ZERO_FORKZERO)) {
		note(c, "uvm_map_inherit: bad inheritance -> EINVAL");
		return fn_return(w, c, M_EINVAL);
	}
	if (!vm_map_lock_try(w, c, vm))
		return fn_sleep(w, c, 0, WC_MAPLOCK, vm, "vm_map_lock");
	uvm_map_clip(w, vm, start, end);
	for (int va = start; (e = uvm_map_next_entry(w, vm, va)) != 0 &&
	    w->entries[e].start < end; va = w->entries[e].end)
		w->entries[e].inheritance = (uint8_t)inh;
	vm_map_unlock(w, c, vm);
	return fn_return(w, c, 0);
}

/* -------------------------------------------------------------- mincore */

/*
 * sys_mincore (uvm_mmap.c 1.148): map read-locked; the start must be
 * mapped and the range without holes, else ENOMEM; a page is resident
 * when the entry's amap has an anon with a page at its slot, else when
 * the entry's object has the page (uvm_pagelookup).  The vector's
 * uvm_vslock is left out (the model has no user buffer).
 * frame: a0 va, a1 npages
 * => returns 0 and, as the value read, the number of resident pages
 */
STEP_FN(op_mincore_step)
{
	int vm = thread_vm(w, c->tid);
	int start = f->a[0], end = f->a[0] + f->a[1], n = 0, e, va;

	(void)t;
	if (vm == 0 || end > VA_PAGES || end <= start)
		return fn_return(w, c, M_EINVAL);
	if (!vm_map_lock_read_try(w, c, vm))
		return fn_sleep(w, c, 0, WC_MAPLOCK, vm, "vm_map_lock_read");
	if (uvm_map_lookup_entry(w, vm, start) == 0) {
		vm_map_unlock_read(w, c, vm);
		note(c, "sys_mincore: start not mapped -> ENOMEM");
		return fn_return(w, c, M_ENOMEM);
	}
	for (va = start; va < end; va++) {
		int pgi = 0, an;

		e = uvm_map_lookup_entry(w, vm, va);
		if (e == 0) {
			vm_map_unlock_read(w, c, vm);
			note(c, "sys_mincore: hole in the range -> ENOMEM");
			return fn_return(w, c, M_ENOMEM);
		}
		const struct vm_map_entry *me = &w->entries[e];

		if (me->amap != 0) {
			an = amap_lookup(w, me->amap, me->amap_off + va - me->start);
			if (an != 0 && w->anons[an].an_page != 0)
				pgi = 1;
		}
		if (!pgi && me->uobj != 0 &&
		    uvm_pagelookup(w, me->uobj, me->uoff + va - me->start) != 0)
			pgi = 1;
		n += pgi;
	}
	vm_map_unlock_read(w, c, vm);
	c->value = n;
	c->has_value = true;
	return fn_return(w, c, 0);
}
