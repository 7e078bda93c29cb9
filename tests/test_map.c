/*
 * test_map.c: maps and what works on them: map entries (uvm_map_enter,
 * uvm_map_clip, uvm_map_lookup_entry), the map lock rules, the wiring
 * pass 1 amap_copy decision of uvm_map_pageable under both eras of
 * K_WIRE_USES_MAXPROT (S-5), uvmspace_fork's three inheritance cases and
 * amap_cow_now (and its S-9 failure path), mprotect's EACCES, munmap and
 * exit, and the ptrace write of S-5 through uvm_io (uvm_map.c,
 * uvm_mmap.c, uvm_fork.c, kern_exit.c, uvm_io.c).
 *
 * Primitives are called directly with a step context of our own; the
 * operations run through world_step on a model built by hand.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "core/model.h"
#include "core/uvm.h"
#include "core/world.h"
#include "invariants/invariants.h"
#include "tests/model_builder.h"

#define STEP_BOUND	64

static struct model m;
static struct world w;
static struct step_ctx ctx;

/* ---------------------------------------------------------------- builders */

static void
base_model(void)
{
	mb_base(&m, 12);
}

static int
add_obj(int type, int size, int resident)
{
	return mb_obj(&m, type, size, resident);
}

static int
add_proc(bool forked)
{
	return mb_proc(&m, forked);
}

static void
add_map(int proc, int va, int n, int obj, int flags, int prot, int maxprot,
    int inherit)
{
	mb_map(&m, proc, va, n, obj, 0, flags, prot, maxprot, inherit);
}

static int
add_thread(int proc, bool embryo)
{
	return mb_thread(&m, KT_NONE, proc, embryo);
}

static void
add_op(int tid, int kind, int a0, int a1, int a2)
{
	mb_op(&m, tid, kind, a0, a1, a2);
}

static void
start(void)
{
	model_finish(&m);
	world_init(&w, &m);
	memset(&ctx, 0, sizeof(ctx));
	ctx.m = &m;
	ctx.tid = 1;
}

/* ---------------------------------------------------------------- drivers */

static struct step_result
step(int tid)
{
	struct step_result r;

	assert_true(thread_enabled(&w, &m, tid));
	world_step(&w, &m, tid, 0, &r);
	return r;
}

/* step tid until its current operation completes; no event may fire */
static int
run_op(int tid)
{
	for (int i = 0; i < STEP_BOUND; i++) {
		struct step_result r = step(tid);

		assert_int_equal(r.event_inv, INV_NONE);
		if (r.status == STEP_COMPLETED)
			return w.threads[tid].t_errno;
	}
	fail_msg("operation of thread %d does not complete", tid);
	return -1;
}

static const struct vm_map_entry *
entry_at(int vm, int va)
{
	int e = uvm_map_lookup_entry(&w, vm, va);

	assert_int_not_equal(e, 0);
	return &w.entries[e];
}

static int
nentries(int vm)
{
	int n = 0;

	for (int e = 1; e <= MAX_ENTRIES; e++)
		if ((w.entries[e].etype & UVM_ET_INUSE) &&
		    w.entries[e].vm == vm)
			n++;
	return n;
}

/* ------------------------------------------------- enter, lookup, clip */

static void
test_map_enter_lookup(void **state)
{
	int vn, vm, e;

	(void)state;
	base_model();
	vn = add_obj(UOBJ_VNODE, 4, 0);
	add_proc(false);
	start();
	vm = w.proc_vm[1];
	assert_int_not_equal(vm, 0);
	assert_int_not_equal(vm, KERNEL_VMSPACE);
	assert_int_equal(w.vms[vm].vm_refs, 1);

	/* MAP_PRIVATE of a vnode: copy-on-write, needs-copy, no amap yet */
	e = uvm_map_enter(&w, &ctx, vm, 2, 3, vn, 1, MMAP_PRIVATE,
	    VM_PROT_READ, VM_PROT_ALL, MAP_INHERIT_COPY);
	assert_true(e > 0);
	assert_int_equal(w.entries[e].etype,
	    UVM_ET_INUSE | UVM_ET_COPYONWRITE | UVM_ET_NEEDSCOPY);
	assert_int_equal(w.entries[e].amap, 0);
	assert_int_equal(w.entries[e].uoff, 1);
	assert_int_equal(w.objs[vn].uo_refs, 1);
	for (int va = 0; va < VA_PAGES; va++)
		assert_int_equal(uvm_map_lookup_entry(&w, vm, va),
		    va >= 2 && va < 5 ? e : 0);
	assert_int_equal(uvm_map_next_entry(&w, vm, 0), e);
	assert_int_equal(uvm_map_next_entry(&w, vm, 5), 0);

	/* the range must be free, inside the map, prot within maxprot */
	assert_int_equal(uvm_map_enter(&w, &ctx, vm, 4, 2, 0, 0, MMAP_PRIVATE,
	    VM_PROT_READ, VM_PROT_ALL, MAP_INHERIT_COPY), -M_EINVAL);
	assert_int_equal(uvm_map_enter(&w, &ctx, vm, VA_PAGES - 1, 2, 0, 0,
	    MMAP_PRIVATE, VM_PROT_READ, VM_PROT_ALL, MAP_INHERIT_COPY),
	    -M_EINVAL);
	assert_int_equal(uvm_map_enter(&w, &ctx, vm, 8, 1, 0, 0, MMAP_PRIVATE,
	    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_READ, MAP_INHERIT_COPY),
	    -M_EACCES);

	/* anonymous MAP_SHARED: an amap now; the inheritance asked for
	 * stays (minherit copy/none/zero must reach uvmspace_fork) */
	e = uvm_map_enter(&w, &ctx, vm, 8, 2, 0, 0, MMAP_SHARED,
	    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL, MAP_INHERIT_COPY);
	assert_true(e > 0);
	assert_int_equal(w.entries[e].etype, UVM_ET_INUSE);
	assert_int_not_equal(w.entries[e].amap, 0);
	assert_int_equal(w.entries[e].inheritance, MAP_INHERIT_COPY);
	assert_int_equal(w.amaps[w.entries[e].amap].am_ref, 1);

	/* anonymous MAP_PRIVATE: the amap comes with the first write fault */
	e = uvm_map_enter(&w, &ctx, vm, 12, 1, 0, 0, MMAP_PRIVATE,
	    VM_PROT_READ | VM_PROT_WRITE, VM_PROT_ALL, MAP_INHERIT_COPY);
	assert_true(e > 0);
	assert_int_equal(w.entries[e].etype,
	    UVM_ET_INUSE | UVM_ET_COPYONWRITE | UVM_ET_NEEDSCOPY);
	assert_int_equal(w.entries[e].amap, 0);
	assert_int_equal(nentries(vm), 3);
}

static void
test_map_clip(void **state)
{
	int vn, vm, eo, ea, amap;

	(void)state;
	base_model();
	vn = add_obj(UOBJ_VNODE, 8, 0);
	add_proc(false);
	start();
	vm = w.proc_vm[1];
	eo = uvm_map_enter(&w, &ctx, vm, 2, 4, vn, 1, MMAP_SHARED,
	    VM_PROT_READ, VM_PROT_ALL, MAP_INHERIT_SHARE);
	ea = uvm_map_enter(&w, &ctx, vm, 8, 4, 0, 0, MMAP_SHARED,
	    VM_PROT_READ, VM_PROT_ALL, MAP_INHERIT_SHARE);
	assert_true(eo > 0 && ea > 0);
	amap = w.entries[ea].amap;

	/* the object entry: three pieces, offsets follow, one ref each */
	uvm_map_clip(&w, vm, 3, 5);
	assert_int_equal(entry_at(vm, 2)->end, 3);
	assert_int_equal(entry_at(vm, 2)->uoff, 1);
	assert_int_equal(entry_at(vm, 3)->start, 3);
	assert_int_equal(entry_at(vm, 4)->end, 5);
	assert_int_equal(entry_at(vm, 3)->uoff, 2);
	assert_int_equal(entry_at(vm, 5)->start, 5);
	assert_int_equal(entry_at(vm, 5)->end, 6);
	assert_int_equal(entry_at(vm, 5)->uoff, 4);
	assert_int_equal(w.objs[vn].uo_refs, 3);
	assert_int_equal(entry_at(vm, 5)->uobj, vn);

	/* the amap entry: the halves share the amap (amap_splitref) */
	uvm_map_clip(&w, vm, 10, VA_PAGES);
	assert_int_equal(entry_at(vm, 8)->end, 10);
	assert_int_equal(entry_at(vm, 10)->amap, amap);
	assert_int_equal(entry_at(vm, 10)->amap_off, 2);
	assert_int_equal(entry_at(vm, 8)->amap_off, 0);
	assert_int_equal(w.amaps[amap].am_ref, 2);
	assert_int_equal(nentries(vm), 5);

	/* clipping on an existing boundary changes nothing */
	uvm_map_clip(&w, vm, 3, 5);
	assert_int_equal(nentries(vm), 5);
}

/* ------------------------------------------------------------ map locks */

static void
test_map_locks(void **state)
{
	struct step_ctx c1, c2;
	int vm;

	(void)state;
	base_model();
	add_proc(false);
	add_thread(1, false);
	add_thread(1, false);
	add_op(1, OP_TOUCH, 0, VM_PROT_READ, 0);
	add_op(2, OP_TOUCH, 0, VM_PROT_READ, 0);
	start();
	vm = w.proc_vm[1];
	c1 = ctx;
	c2 = ctx;
	c2.tid = 2;

	/* readers keep writers out, even the reader itself */
	assert_true(vm_map_lock_read_try(&w, &c1, vm));
	assert_false(vm_map_lock_try(&w, &c2, vm));
	assert_false(vm_map_lock_try(&w, &c1, vm));
	assert_true(vm_map_lock_read_try(&w, &c2, vm));
	vm_map_unlock_read(&w, &c2, vm);
	vm_map_unlock_read(&w, &c1, vm);
	assert_int_equal(w.vms[vm].vm_readers, 0);

	/* a writer keeps other readers and writers out, not its own reads */
	assert_true(vm_map_lock_try(&w, &c2, vm));
	assert_int_equal(w.vms[vm].vm_writer, 2);
	assert_false(vm_map_lock_read_try(&w, &c1, vm));
	assert_false(vm_map_lock_try(&w, &c1, vm));
	assert_true(vm_map_lock_read_try(&w, &c2, vm));
	vm_map_unlock_read(&w, &c2, vm);

	/* busy and unlocked: other writers wait, readers and the busier not */
	vm_map_busy(&w, &c2, vm);
	vm_map_unlock(&w, &c2, vm);
	assert_false(vm_map_lock_try(&w, &c1, vm));
	assert_true(vm_map_lock_read_try(&w, &c1, vm));
	vm_map_unlock_read(&w, &c1, vm);
	assert_true(vm_map_lock_try(&w, &c2, vm));
	vm_map_unlock(&w, &c2, vm);

	/* unbusy wakes the sleepers on the map lock */
	w.threads[1].t_state = TS_SLEEP;
	w.threads[1].t_wchan = WC_MAPLOCK;
	w.threads[1].t_wobj = (uint8_t)vm;
	vm_map_unbusy(&w, &c2, vm);
	assert_int_equal(w.threads[1].t_state, TS_RUN);
	assert_true(vm_map_lock_try(&w, &c1, vm));
	vm_map_unlock(&w, &c1, vm);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

/* --------------------------------------------- uvm_map_pageable, pass 1 */

/*
 * S-5: mlock of a MAP_PRIVATE read-only mapping of a file (maxprot has
 * WRITE).  [2001+] pass 1 gives the entry its own amap (max_protection
 * has WRITE) and the wire fault (WIREMAX) copies the page into an anon;
 * [before] nothing is copied and the object page itself is wired.
 */
static void
pageable_pass1(int wire_uses_maxprot)
{
	const struct vm_map_entry *me;
	struct step_ctx c;
	struct step_result r;
	int vn, tid, vm, pa = 0, pg;

	base_model();
	m.knobs.v[K_WIRE_USES_MAXPROT] = (uint8_t)wire_uses_maxprot;
	vn = add_obj(UOBJ_VNODE, 2, 1);
	add_proc(false);
	add_map(1, 0, 1, vn, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_EXECUTE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	tid = add_thread(1, false);
	add_op(tid, OP_MLOCK, 0, 1, 0);
	start();
	vm = w.proc_vm[1];
	pg = uvm_pagelookup(&w, vn, 0);
	assert_int_not_equal(pg, 0);

	r = step(tid);
	assert_int_equal(r.status, STEP_ADVANCED);
	assert_string_equal(r.point, "uvm_map_pageable: vm_map_busy, unlock");
	me = entry_at(vm, 0);
	assert_int_equal(me->wired_count, 1);
	assert_int_equal(w.vms[vm].vm_busy, tid);
	assert_int_equal(w.vms[vm].vm_writer, 0);
	if (wire_uses_maxprot == 0) {
		assert_false(me->etype & UVM_ET_NEEDSCOPY);
		assert_int_not_equal(me->amap, 0);
	} else {
		assert_true(me->etype & UVM_ET_NEEDSCOPY);
		assert_int_equal(me->amap, 0);
	}
	/* while busy, another writer waits; the busier may relock */
	c = ctx;
	c.tid = tid + 1;
	assert_false(vm_map_lock_try(&w, &c, vm));

	/* pass 2: the wire fault */
	assert_int_equal(run_op(tid), 0);
	assert_int_equal(w.vms[vm].vm_busy, 0);
	me = entry_at(vm, 0);
	assert_int_equal(me->wired_count, 1);
	assert_true(pmap_extract(&w.pmap, vm, 0, &pa));
	if (wire_uses_maxprot == 0) {
		/* WIREMAX: a private anon copy is wired, not the file page */
		assert_int_not_equal(pa, pg);
		assert_int_equal(w.pages[pg].wire_count, 0);
		assert_int_equal(w.pages[pa].wire_count, 1);
	} else {
		/* the file page itself is wired (what S-5 then loses) */
		assert_int_equal(pa, pg);
		assert_int_equal(w.pages[pg].wire_count, 1);
	}
}

static void
test_pageable_pass1_wiremax(void **state)
{
	(void)state;
	pageable_pass1(0);
}

static void
test_pageable_pass1_current_prot(void **state)
{
	(void)state;
	pageable_pass1(1);
}

/* munlock undoes mlock; an unmapped start is ENOMEM (EFAULT inside) */
static void
test_mlock_munlock(void **state)
{
	int tid, vm, pa = 0;

	(void)state;
	base_model();
	add_proc(false);
	add_map(1, 0, 2, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	tid = add_thread(1, false);
	add_op(tid, OP_MLOCK, 1, 1, 0);
	add_op(tid, OP_MUNLOCK, 1, 1, 0);
	add_op(tid, OP_MLOCK, 8, 1, 0);
	add_op(tid, OP_MUNLOCK, 0, 1, 0);
	start();
	vm = w.proc_vm[1];

	assert_int_equal(run_op(tid), 0);
	assert_int_equal(entry_at(vm, 1)->wired_count, 1);
	assert_int_equal(entry_at(vm, 1)->start, 1);	/* clipped */
	assert_int_equal(entry_at(vm, 0)->wired_count, 0);
	assert_true(pmap_extract(&w.pmap, vm, 1, &pa));
	assert_int_equal(w.pages[pa].wire_count, 1);

	assert_int_equal(run_op(tid), 0);
	assert_int_equal(entry_at(vm, 1)->wired_count, 0);
	assert_int_equal(w.pages[pa].wire_count, 0);

	assert_int_equal(run_op(tid), M_ENOMEM);
	/* mapped but not wired: ENOMEM (POSIX; t_mlock.c munlock_unlocked) */
	assert_int_equal(run_op(tid), M_ENOMEM);
}

/* munlock of unlocked memory under each value of munlock_unlocked_errno */
static void
munlock_unlocked(int knob)
{
	int tid;

	base_model();
	m.knobs.v[K_MUNLOCK_UNLOCKED_ERRNO] = (uint8_t)knob;
	add_proc(false);
	add_map(1, 0, 2, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	tid = add_thread(1, false);
	add_op(tid, OP_MUNLOCK, 0, 1, 0);
	add_op(tid, OP_MUNLOCK, 9, 1, 0);
	start();
	assert_int_equal(run_op(tid), knob == 0 ? M_ENOMEM : M_EINVAL);
	assert_int_equal(run_op(tid), M_ENOMEM);	/* unmapped: always */
}

static void
test_munlock_unlocked_enomem(void **state)
{
	(void)state;
	munlock_unlocked(0);
}

static void
test_munlock_unlocked_einval(void **state)
{
	(void)state;
	munlock_unlocked(1);
}

/* [1999] munlock undid one mlock (K_MUNLOCK_DECREMENTS); POSIX: all */
static void
munlock_twice(int decrements)
{
	int tid, vm, pa = 0;

	base_model();
	m.knobs.v[K_MUNLOCK_DECREMENTS] = (uint8_t)decrements;
	add_proc(false);
	add_map(1, 0, 1, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	tid = add_thread(1, false);
	add_op(tid, OP_MLOCK, 0, 1, 0);
	add_op(tid, OP_MLOCK, 0, 1, 0);
	add_op(tid, OP_MUNLOCK, 0, 1, 0);
	start();
	vm = w.proc_vm[1];
	assert_int_equal(run_op(tid), 0);
	assert_int_equal(run_op(tid), 0);
	assert_int_equal(entry_at(vm, 0)->wired_count, 2);
	assert_true(pmap_extract(&w.pmap, vm, 0, &pa));
	assert_int_equal(w.pages[pa].wire_count, 1);	/* wired once */
	assert_int_equal(run_op(tid), 0);
	assert_int_equal(entry_at(vm, 0)->wired_count, decrements ? 1 : 0);
	assert_int_equal(w.pages[pa].wire_count, decrements ? 1 : 0);
}

static void
test_munlock_posix(void **state)
{
	(void)state;
	munlock_twice(0);
}

static void
test_munlock_1999(void **state)
{
	(void)state;
	munlock_twice(1);
}

/* mlockall(MCL_FUTURE): later mmaps are wired; munlockall undoes it all */
static void
test_mlockall_future(void **state)
{
	struct op *op;
	int tid, vm, pa = 0;

	(void)state;
	base_model();
	add_proc(false);
	add_map(1, 0, 1, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	add_map(1, 2, 1, 0, MMAP_PRIVATE, VM_PROT_NONE, VM_PROT_ALL,
	    MAP_INHERIT_COPY);
	tid = add_thread(1, false);
	add_op(tid, OP_MLOCKALL, MCL_CURRENT | MCL_FUTURE, 0, 0);
	add_op(tid, OP_MMAP, 4, 1, 0);
	op = &m.threads[tid].ops[1];
	op->arg[4] = MMAP_PRIVATE;
	op->arg[5] = VM_PROT_READ | VM_PROT_WRITE;
	op->arg[6] = VM_PROT_ALL;
	op->arg[7] = MAP_INHERIT_COPY;
	add_op(tid, OP_MPROTECT, 2, 1, VM_PROT_READ);
	add_op(tid, OP_MUNLOCKALL, 0, 0, 0);
	start();
	vm = w.proc_vm[1];

	assert_int_equal(run_op(tid), 0);
	assert_true(w.vms[vm].vm_flags & VM_MAP_WIREFUTURE);
	assert_int_equal(entry_at(vm, 0)->wired_count, 1);
	assert_int_equal(entry_at(vm, 2)->wired_count, 0);	/* PROT_NONE */
	assert_true(pmap_extract(&w.pmap, vm, 0, &pa));
	assert_int_equal(w.pages[pa].wire_count, 1);

	assert_int_equal(run_op(tid), 0);			/* mmap */
	assert_int_equal(entry_at(vm, 4)->wired_count, 1);
	assert_true(pmap_extract(&w.pmap, vm, 4, &pa));
	assert_int_equal(w.pages[pa].wire_count, 1);

	assert_int_equal(run_op(tid), 0);			/* NONE -> r */
	assert_int_equal(entry_at(vm, 2)->wired_count, 1);
	assert_true(pmap_extract(&w.pmap, vm, 2, &pa));

	assert_int_equal(run_op(tid), 0);			/* munlockall */
	assert_false(w.vms[vm].vm_flags & VM_MAP_WIREFUTURE);
	for (int va = 0; va <= 4; va += 2) {
		assert_int_equal(entry_at(vm, va)->wired_count, 0);
		assert_true(pmap_extract(&w.pmap, vm, va, &pa));
		assert_int_equal(w.pages[pa].wire_count, 0);
	}
}

/* ------------------------------------------------------ uvmspace_fork */

static void
test_fork_inheritance(void **state)
{
	const struct vm_map_entry *pe, *ce;
	int vn, parent, child, p1, c1, pvm, cvm, amap, shamap, pa = 0;

	(void)state;
	base_model();
	vn = add_obj(UOBJ_VNODE, 2, 1);
	parent = add_proc(false);
	child = add_proc(true);
	/* COPY: private anonymous memory, written before the fork */
	add_map(parent, 0, 1, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	/* SHARE: anonymous MAP_SHARED */
	add_map(parent, 2, 1, 0, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_SHARE);
	/* NONE: a file mapping the child does not get */
	add_map(parent, 4, 1, vn, MMAP_PRIVATE, VM_PROT_READ, VM_PROT_ALL,
	    MAP_INHERIT_NONE);
	/* COPY again, after a hole, never written: no amap to share */
	add_map(parent, 7, 1, 0, MMAP_PRIVATE, VM_PROT_READ, VM_PROT_ALL,
	    MAP_INHERIT_COPY);
	p1 = add_thread(parent, false);
	add_op(p1, OP_TOUCH, 0, VM_PROT_WRITE, 0);
	add_op(p1, OP_FORK, child, 0, 0);
	c1 = add_thread(child, true);
	add_op(c1, OP_TOUCH, 2, VM_PROT_READ, 0);
	start();
	pvm = w.proc_vm[parent];
	assert_int_equal(w.threads[c1].t_state, TS_EMBRYO);

	assert_int_equal(run_op(p1), 0);
	amap = entry_at(pvm, 0)->amap;
	shamap = entry_at(pvm, 2)->amap;
	assert_int_not_equal(amap, 0);
	assert_true(pmap_extract(&w.pmap, pvm, 0, &pa));
	assert_true(pmap_page_has_writable(&w.pmap, pa, true));

	assert_int_equal(run_op(p1), 0);
	cvm = w.proc_vm[child];
	assert_int_not_equal(cvm, 0);
	assert_int_not_equal(cvm, pvm);
	assert_int_equal(w.threads[c1].t_state, TS_RUN);
	assert_int_equal(nentries(cvm), 3);

	/* COPY: both copy-on-write needs-copy on one amap, parent RO */
	pe = entry_at(pvm, 0);
	ce = entry_at(cvm, 0);
	assert_int_equal(ce->amap, amap);
	assert_int_equal(w.amaps[amap].am_ref, 2);
	assert_false(w.amaps[amap].am_flags & AMAP_SHARED);
	assert_true(pe->etype & UVM_ET_NEEDSCOPY);
	assert_true(ce->etype & UVM_ET_NEEDSCOPY);
	assert_true(ce->etype & UVM_ET_COPYONWRITE);
	assert_int_equal(ce->wired_count, 0);
	assert_false(pmap_page_has_writable(&w.pmap, pa, true));

	/* SHARE: the same amap, AMAP_SHARED, no needs-copy */
	ce = entry_at(cvm, 2);
	assert_int_equal(ce->amap, shamap);
	assert_int_equal(w.amaps[shamap].am_ref, 2);
	assert_true(w.amaps[shamap].am_flags & AMAP_SHARED);
	assert_false(ce->etype & UVM_ET_NEEDSCOPY);

	/* NONE: nothing at 4 in the child; the object keeps one reference */
	assert_int_equal(uvm_map_lookup_entry(&w, cvm, 4), 0);
	assert_int_equal(w.objs[vn].uo_refs, 1);

	/* COPY without an amap: the child is needs-copy, the parent as was */
	ce = entry_at(cvm, 7);
	assert_int_equal(ce->amap, 0);
	assert_true(ce->etype & UVM_ET_NEEDSCOPY);
	assert_true(entry_at(pvm, 7)->etype & UVM_ET_NEEDSCOPY);

	assert_int_equal(run_op(c1), 0);
}

/*
 * A wired parent entry cannot be write-protected: amap_cow_now gives the
 * child its own copy of every anon at fork time.
 */
static void
test_fork_wired_cow_now(void **state)
{
	int parent, child, p1, pvm, cvm, panon, canon, pa = 0;

	(void)state;
	base_model();
	parent = add_proc(false);
	child = add_proc(true);
	add_map(parent, 0, 1, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	p1 = add_thread(parent, false);
	add_op(p1, OP_MLOCK, 0, 1, 0);
	add_op(p1, OP_FORK, child, 0, 0);
	add_thread(child, true);
	start();
	pvm = w.proc_vm[parent];

	assert_int_equal(run_op(p1), 0);
	assert_int_equal(run_op(p1), 0);
	cvm = w.proc_vm[child];
	panon = amap_lookup(&w, entry_at(pvm, 0)->amap,
	    entry_at(pvm, 0)->amap_off);
	canon = amap_lookup(&w, entry_at(cvm, 0)->amap,
	    entry_at(cvm, 0)->amap_off);
	assert_int_not_equal(panon, 0);
	assert_int_not_equal(canon, 0);
	assert_int_not_equal(panon, canon);
	assert_int_not_equal(entry_at(pvm, 0)->amap, entry_at(cvm, 0)->amap);
	assert_int_equal(w.anons[panon].an_ref, 1);
	assert_int_equal(w.anons[canon].an_ref, 1);
	/* the parent keeps its wired, writable mapping; the copy is dirty */
	assert_false(entry_at(pvm, 0)->etype & UVM_ET_NEEDSCOPY);
	assert_false(entry_at(cvm, 0)->etype & UVM_ET_NEEDSCOPY);
	assert_true(pmap_extract(&w.pmap, pvm, 0, &pa));
	assert_true(pmap_page_has_writable(&w.pmap, pa, true));
	assert_int_equal(w.pages[w.anons[canon].an_page].wire_count, 0);
	assert_false(w.pages[w.anons[canon].an_page].pg_flags & PG_CLEAN);
	assert_false(w.pages[w.anons[canon].an_page].pg_flags & PG_BUSY);
	assert_int_equal(entry_at(cvm, 0)->wired_count, 0);
}

/* ------------------------------------------------------------ mprotect */

static void
test_mprotect(void **state)
{
	int tid, vm, pa = 0;

	(void)state;
	base_model();
	add_proc(false);
	add_map(1, 0, 2, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_READ | VM_PROT_WRITE, MAP_INHERIT_COPY);
	tid = add_thread(1, false);
	add_op(tid, OP_TOUCH, 0, VM_PROT_WRITE, 0);
	add_op(tid, OP_MPROTECT, 0, 1, VM_PROT_ALL);
	add_op(tid, OP_MPROTECT, 0, 1, VM_PROT_READ);
	start();
	vm = w.proc_vm[1];

	assert_int_equal(run_op(tid), 0);
	assert_true(pmap_extract(&w.pmap, vm, 0, &pa));
	assert_true(pmap_page_has_writable(&w.pmap, pa, true));

	/* EXECUTE is not in max_protection: nothing changes */
	assert_int_equal(run_op(tid), M_EACCES);
	assert_int_equal(entry_at(vm, 0)->protection,
	    VM_PROT_READ | VM_PROT_WRITE);
	assert_int_equal(entry_at(vm, 0)->end, 2);

	/* lowering: clipped, and the pmap loses WRITE now */
	assert_int_equal(run_op(tid), 0);
	assert_int_equal(entry_at(vm, 0)->protection, VM_PROT_READ);
	assert_int_equal(entry_at(vm, 0)->end, 1);
	assert_int_equal(entry_at(vm, 1)->protection,
	    VM_PROT_READ | VM_PROT_WRITE);
	assert_false(pmap_page_has_writable(&w.pmap, pa, true));
}

/* --------------------------------------------------------------- munmap */

static void
test_munmap(void **state)
{
	int vn, tid, vm, pa = 0;

	(void)state;
	base_model();
	vn = add_obj(UOBJ_VNODE, 4, 4);
	add_proc(false);
	add_map(1, 0, 4, vn, MMAP_SHARED, VM_PROT_READ, VM_PROT_ALL,
	    MAP_INHERIT_SHARE);
	tid = add_thread(1, false);
	add_op(tid, OP_TOUCH, 1, VM_PROT_READ, 0);
	add_op(tid, OP_MLOCK, 1, 1, 0);
	add_op(tid, OP_MUNMAP, 1, 2, 0);
	add_op(tid, OP_EXIT, 0, 0, 0);
	start();
	vm = w.proc_vm[1];

	assert_int_equal(run_op(tid), 0);
	assert_int_equal(run_op(tid), 0);
	assert_true(pmap_extract(&w.pmap, vm, 1, &pa));
	assert_int_equal(w.pages[pa].wire_count, 1);

	/* the middle goes; the wired entry is unwired first */
	assert_int_equal(run_op(tid), 0);
	assert_int_equal(nentries(vm), 2);
	assert_int_equal(uvm_map_lookup_entry(&w, vm, 1), 0);
	assert_int_equal(uvm_map_lookup_entry(&w, vm, 2), 0);
	assert_int_equal(entry_at(vm, 3)->uoff, 3);
	assert_false(pmap_extract(&w.pmap, vm, 1, &pa));
	assert_int_equal(w.pages[pa].wire_count, 0);
	assert_int_equal(w.objs[vn].uo_refs, 2);

	/* exit frees the rest and the vmspace */
	assert_int_equal(run_op(tid), 0);
	assert_int_equal(w.proc_vm[1], 0);
	assert_int_equal(w.vms[vm].vm_flags, 0);
	assert_int_equal(nentries(vm), 0);
	assert_int_equal(w.objs[vn].uo_refs, 0);
	assert_int_equal(w.threads[tid].t_state, TS_DONE);
}

/* ---------------------------------------------- amap_cow_now, S-9 knobs */

/*
 * fork of a wired entry whose amap_cow_now cannot get a page: the third
 * failable point of the fork step (amap_alloc for the child's amap,
 * uvm_analloc, uvm_pagealloc) fails.
 */
static struct step_result
cow_now_nopage(int errpath)
{
	struct step_result r;
	int parent, child, p1;

	base_model();
	m.tun.failures = 1;
	m.knobs.v[K_COWNOW_ERRPATH] = (uint8_t)errpath;
	parent = add_proc(false);
	child = add_proc(true);
	add_map(parent, 0, 1, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	p1 = add_thread(parent, false);
	add_op(p1, OP_MLOCK, 0, 1, 0);
	add_op(p1, OP_FORK, child, 0, 0);
	add_thread(child, true);
	start();
	assert_int_equal(run_op(p1), 0);
	world_step(&w, &m, p1, 3, &r);
	assert_true(r.choice_taken);
	return r;
}

static void
test_cow_now_errpath_fixed(void **state)
{
	struct step_result r;
	int p1 = 1, cvm;

	(void)state;
	r = cow_now_nopage(0);
	assert_int_equal(r.event_inv, INV_NONE);
	assert_int_equal(r.status, STEP_BLOCKED);
	assert_string_equal(r.point, "cownowpage");
	assert_int_equal(w.threads[p1].t_wchan, WC_FREE);
	assert_int_equal(w.uvmexp.pd_wanted, 1);
	/* the failed new anon is gone, no lock is left behind */
	for (int a = 1; a <= MAX_ANONS; a++) {
		assert_int_equal(w.anons[a].an_lock, 0);
		if (w.anons[a].an_flags & AN_INUSE)
			assert_int_not_equal(w.anons[a].an_ref, 0);
	}
	/* uvm_wait returns: the scan restarts and the copy is made */
	wakeup(&w, WC_FREE, 0);
	assert_int_equal(run_op(p1), 0);
	cvm = w.proc_vm[2];
	assert_int_not_equal(entry_at(cvm, 0)->amap, 0);
	assert_int_not_equal(amap_lookup(&w, entry_at(cvm, 0)->amap, 0),
	    amap_lookup(&w, entry_at(w.proc_vm[1], 0)->amap,
		entry_at(w.proc_vm[1], 0)->amap_off));
}

static void
test_cow_now_errpath_2000(void **state)
{
	struct step_result r;

	(void)state;
	r = cow_now_nopage(1);
	/* "uvm_anfree: anon still has refs" */
	assert_int_equal(r.event_inv, INV_ANON_LOCK_DISCIPLINE);
}

/* ------------------------------------------------- S-5: ptrace write */

/*
 * W mlocks a MAP_PRIVATE read-only mapping of a file page; a debugger
 * writes into T's mapping of the same page (uvm_io).  The kernel write
 * fault promotes the page into the amap T shares with the kernel window
 * and pmap_page_protect(NONE)s the file page.  [before 2001] W wired the
 * file page itself and loses its wired mapping (I3); with WIREMAX it
 * wired a private copy and keeps it.
 */
static void
ptrace_s5(int wire_uses_maxprot)
{
	struct inv_violation v;
	int vn, pw, pt, pd, tw, tt, td, wvm, tvm, pa = 0, pg;

	base_model();
	m.knobs.v[K_WIRE_USES_MAXPROT] = (uint8_t)wire_uses_maxprot;
	/* S-5 goes through the kernel's pmap_page_protect(NONE) (L-3) */
	m.knobs.v[K_SHARED_PROMOTE_REVOKES] = (uint8_t)wire_uses_maxprot;
	vn = add_obj(UOBJ_VNODE, 1, 1);
	pw = add_proc(false);
	pt = add_proc(false);
	pd = add_proc(false);
	add_map(pw, 0, 1, vn, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_EXECUTE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	add_map(pt, 0, 1, vn, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_EXECUTE,
	    VM_PROT_ALL, MAP_INHERIT_COPY);
	tw = add_thread(pw, false);
	add_op(tw, OP_MLOCK, 0, 1, 0);
	tt = add_thread(pt, false);
	add_op(tt, OP_TOUCH, 0, VM_PROT_READ, 0);
	td = add_thread(pd, false);
	add_op(td, OP_PTRACE_WRITE, pt, 0, 0);
	start();
	wvm = w.proc_vm[pw];
	tvm = w.proc_vm[pt];
	pg = uvm_pagelookup(&w, vn, 0);

	assert_int_equal(run_op(tw), 0);
	assert_int_equal(run_op(tt), 0);
	assert_false(inv_check_all(&w, &m, &v));

	assert_int_equal(run_op(td), 0);
	/* T sees the write: its amap holds the promoted copy */
	assert_int_not_equal(entry_at(tvm, 0)->amap, 0);
	assert_int_not_equal(amap_lookup(&w, entry_at(tvm, 0)->amap,
	    entry_at(tvm, 0)->amap_off), 0);
	/* the kernel window is gone, its amap reference with it */
	assert_int_equal(uvm_map_next_entry(&w, KERNEL_VMSPACE, 0), 0);
	assert_int_equal(w.amaps[entry_at(tvm, 0)->amap].am_ref, 1);
	assert_false(w.amaps[entry_at(tvm, 0)->amap].am_flags & AMAP_SHARED);
	assert_int_equal(w.vms[tvm].vm_refs, 1);

	if (wire_uses_maxprot == 0) {
		assert_true(pmap_extract(&w.pmap, wvm, 0, &pa));
		assert_int_not_equal(pa, pg);
		assert_false(inv_check_all(&w, &m, &v));
	} else {
		assert_false(pmap_extract(&w.pmap, wvm, 0, &pa));
		assert_true(inv_check_all(&w, &m, &v));
		assert_int_equal(v.inv, INV_WIRED_MAPPING_LOST);
	}
}

static void
test_ptrace_s5_fixed(void **state)
{
	(void)state;
	ptrace_s5(0);
}

static void
test_ptrace_s5_bug(void **state)
{
	(void)state;
	ptrace_s5(1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_enter_lookup),
		cmocka_unit_test(test_map_clip),
		cmocka_unit_test(test_map_locks),
		cmocka_unit_test(test_pageable_pass1_wiremax),
		cmocka_unit_test(test_pageable_pass1_current_prot),
		cmocka_unit_test(test_mlock_munlock),
		cmocka_unit_test(test_munlock_unlocked_enomem),
		cmocka_unit_test(test_munlock_unlocked_einval),
		cmocka_unit_test(test_munlock_posix),
		cmocka_unit_test(test_munlock_1999),
		cmocka_unit_test(test_mlockall_future),
		cmocka_unit_test(test_fork_inheritance),
		cmocka_unit_test(test_fork_wired_cow_now),
		cmocka_unit_test(test_mprotect),
		cmocka_unit_test(test_munmap),
		cmocka_unit_test(test_cow_now_errpath_fixed),
		cmocka_unit_test(test_cow_now_errpath_2000),
		cmocka_unit_test(test_ptrace_s5_fixed),
		cmocka_unit_test(test_ptrace_s5_bug),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
