/*
 * test_fault.c: the fault handler (core/uvm_fault.c), uvm_fault_wire /
 * uvm_fault_unwire (core/uvm_fault_wire.c) and the interrupt thread
 * (core/kern_intr.c).
 *
 * Each test builds a small struct model by hand (model_init, objects,
 * processes, initial mappings, one program per thread), starts it with
 * world_init and drives it with world_step on one thread at a time,
 * checking the invariant catalogue after every step unless the test is
 * about a violation.  Environment failures are chosen by the note of the
 * failable point, found by trying each choice on a copy of the world.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "core/knobs.h"
#include "core/model.h"
#include "core/uvm.h"
#include "core/world.h"
#include "invariants/invariants.h"
#include "tests/model_builder.h"

#define STEP_BOUND	64
#define RW		(VM_PROT_READ | VM_PROT_WRITE)

static struct model m;
static struct world w;

/* ---------------------------------------------------------------- builders */

static void
base_model(void)
{
	mb_base(&m, 8);
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
add_map(int proc, int va, int n, int obj, int off, int flags, int prot)
{
	mb_map(&m, proc, va, n, obj, off, flags, prot, VM_PROT_ALL,
	    MAP_INHERIT_COPY);
}

static int
add_thread(int kthread, int proc)
{
	return mb_thread(&m, kthread, proc, false);
}

static void
add_op(int tid, int kind, int a0, int a1)
{
	mb_op(&m, tid, kind, a0, a1, 0);
}

static void
start(void)
{
	model_finish(&m);
	world_init(&w, &m);
}

/* ---------------------------------------------------------------- drivers */

static void
assert_clean(void)
{
	struct inv_violation v;
	char buf[256];

	if (inv_check_all(&w, &m, &v)) {
		inv_describe(&w, &m, &v, buf, sizeof(buf));
		fail_msg("invariant violated: %s", buf);
	}
}

static struct step_result
step_choice(int tid, int choice)
{
	struct step_result r;

	assert_true(thread_enabled(&w, &m, tid));
	world_step(&w, &m, tid, choice, &r);
	return r;
}

/* one step, which must leave the world clean */
static struct step_result
step(int tid)
{
	struct step_result r = step_choice(tid, 0);

	assert_clean();
	return r;
}

/* step tid until its current operation completes, clean all along */
static void
run_op(int tid)
{
	for (int i = 0; i < STEP_BOUND; i++) {
		struct step_result r = step(tid);

		if (r.status == STEP_COMPLETED)
			return;
		assert_int_not_equal(r.status, STEP_BLOCKED);
	}
	fail_msg("operation of thread %d does not complete", tid);
}

/* step tid until it reaches the interleaving point `point` */
static struct step_result
run_to_point(int tid, const char *point)
{
	for (int i = 0; i < STEP_BOUND; i++) {
		struct step_result r = step(tid);

		if (strcmp(r.point, point) == 0)
			return r;
		assert_true(r.status != STEP_COMPLETED);
	}
	fail_msg("thread %d never reaches \"%s\"", tid, point);
	abort();
}

static bool
has_note(const struct step_result *r, const char *what)
{
	for (int i = 0; i < r->nnotes; i++)
		if (strstr(r->notes[i], what) != NULL)
			return true;
	return false;
}

/*
 * find_choice: the environment choice of tid's next step whose failure
 * leaves the note `what` (the world is left as it was).
 */
static int
find_choice(int tid, const char *what)
{
	static struct world save;
	struct step_result r;
	int n;

	memcpy(&save, &w, sizeof(w));
	world_step(&w, &m, tid, 0, &r);
	n = r.nchoice;
	memcpy(&w, &save, sizeof(w));
	for (int k = 1; k <= n; k++) {
		world_step(&w, &m, tid, k, &r);
		memcpy(&w, &save, sizeof(w));
		if (r.choice_taken && has_note(&r, what))
			return k;
	}
	fail_msg("no choice of thread %d fails at \"%s\"", tid, what);
	abort();
}

static int
user_pa(int proc, int va)
{
	int pa = 0;

	if (!pmap_extract(&w.pmap, w.proc_vm[proc], va, &pa))
		return 0;
	return pa;
}

static int
pte_bits(int proc, int va)
{
	return w.pmap.pmaps[w.proc_vm[proc]].pm_pte[va].pte_bits;
}

static int
entry_at(int proc, int va)
{
	return uvm_map_lookup_entry(&w, w.proc_vm[proc], va);
}

static int
anon_at(int proc, int va)
{
	const struct vm_map_entry *e = &w.entries[entry_at(proc, va)];

	return amap_lookup(&w, e->amap, e->amap_off + (va - e->start));
}

/* the ghost wiring record of (proc, va, kind): its page, or -1 */
static int
wiring_of(int proc, int va, int kind)
{
	for (int i = 1; i <= MAX_WIRINGS; i++) {
		const struct wiring *r = &w.wirings[i];

		if (r->w_kind == kind && r->w_vm == w.proc_vm[proc] &&
		    r->w_va == va)
			return r->w_page;
	}
	return -1;
}

/* ------------------------------------------------------------- case 2B */

/* a write to fresh anonymous memory: amap_copy, then zero fill */
static void
test_zero_fill(void **state)
{
	int p, u, anon, pg;
	struct step_result r;

	(void)state;
	base_model();
	p = add_proc(false);
	add_map(p, 0, 2, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_TOUCH, 1, VM_PROT_READ);
	start();

	r = step(u);
	assert_string_equal(r.point, "uvm_fault: amap_copy -> restart");
	assert_int_not_equal(w.entries[entry_at(p, 0)].amap, 0);
	assert_false(w.entries[entry_at(p, 0)].etype & UVM_ET_NEEDSCOPY);
	assert_int_equal(user_pa(p, 0), 0);

	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_true(has_note(&r, "case 2B: zero fill"));
	assert_int_equal(w.threads[u].t_errno, 0);
	anon = anon_at(p, 0);
	assert_int_not_equal(anon, 0);
	assert_int_equal(w.anons[anon].an_ref, 1);
	assert_int_equal(w.anons[anon].an_lock, 0);
	pg = w.anons[anon].an_page;
	assert_int_equal(user_pa(p, 0), pg);
	assert_true(pte_bits(p, 0) & VM_PROT_WRITE);
	assert_false(pte_bits(p, 0) & PTE_WIRED);
	assert_int_equal(w.pages[pg].uanon, anon);
	assert_true(w.pages[pg].pg_pqflags & PQ_ANON);
	assert_true(w.pages[pg].pg_pqflags & PQ_ACTIVE);
	assert_false(w.pages[pg].pg_flags & (PG_BUSY | PG_FAKE | PG_CLEAN));
	assert_true(pmap_is_modified(&w.pmap, pg));
	assert_int_equal(w.amaps[w.entries[entry_at(p, 0)].amap].am_lock, 0);
	assert_int_equal(w.vms[w.proc_vm[p]].vm_readers, 0);

	/* a read of the other page: no copy needed any more, zero fill */
	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_true(has_note(&r, "case 2B: zero fill"));
	assert_int_not_equal(user_pa(p, 1), 0);
	assert_true(world_finished(&w, &m));
}

/* ------------------------------------------------------------- case 2A */

/* a read of a file page not in memory: pgo_get, then the page is mapped */
static void
test_file_read_fault(void **state)
{
	int obj, p, u, pg;
	struct step_result r;

	(void)state;
	base_model();
	obj = add_obj(UOBJ_VNODE, 1, 0);
	p = add_proc(false);
	add_map(p, 4, 2, obj, 0, MMAP_SHARED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 4, VM_PROT_READ);
	add_op(u, OP_TOUCH, 5, VM_PROT_READ);	/* beyond EOF */
	start();
	assert_int_equal(uvm_pagelookup(&w, obj, 0), 0);

	r = step(u);
	assert_string_equal(r.point, "uvm_fault_lower_io: pgo_get");
	pg = uvm_pagelookup(&w, obj, 0);
	assert_int_not_equal(pg, 0);
	assert_true(w.pages[pg].pg_flags & PG_BUSY);
	assert_true(w.pages[pg].pg_flags & PG_FAKE);
	assert_int_equal(w.pages[pg].busy_tid, u);
	assert_int_equal(w.bufs[1].b_kind, BUF_VNODE_READ);
	assert_int_equal(w.bufs[1].b_pages[0], pg);
	assert_int_equal(w.objs[obj].uo_lock, 0);
	assert_int_equal(w.vms[w.proc_vm[p]].vm_readers, 0);

	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_true(has_note(&r, "case 2A"));
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.bufs[1].b_kind, BUF_NONE);
	assert_int_equal(user_pa(p, 4), pg);
	assert_false(w.pages[pg].pg_flags & (PG_BUSY | PG_FAKE));
	assert_true(w.pages[pg].pg_flags & PG_CLEAN);
	assert_true(w.pages[pg].pg_pqflags & PQ_ACTIVE);
	/* a shared mapping: entered with the entry's protection */
	assert_true(pte_bits(p, 4) & VM_PROT_WRITE);
	assert_false(pmap_is_modified(&w.pmap, pg));

	/* offset 1 is past v_size: genfs_getpages says EINVAL: SIGBUS */
	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_int_equal(w.threads[u].t_errno, M_EINVAL);
	assert_int_equal(trap_signal(w.threads[u].t_errno), M_SIGBUS);
	assert_int_equal(user_pa(p, 5), 0);
}

/* a read of a resident file page through a private mapping: read-only */
static void
test_private_file_read_then_write(void **state)
{
	int obj, p, u, pg, anon;
	struct step_result r;

	(void)state;
	base_model();
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, obj, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_READ);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();
	pg = uvm_pagelookup(&w, obj, 0);

	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_int_equal(user_pa(p, 0), pg);
	assert_false(pte_bits(p, 0) & VM_PROT_WRITE);	/* COW: read-only */

	/* the write: needs-copy, then promote the object page (2B) */
	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	anon = anon_at(p, 0);
	assert_int_not_equal(anon, 0);
	assert_int_not_equal(w.anons[anon].an_page, pg);
	assert_int_equal(user_pa(p, 0), w.anons[anon].an_page);
	assert_true(pte_bits(p, 0) & VM_PROT_WRITE);
	/* the file page is untouched */
	assert_int_equal(uvm_pagelookup(&w, obj, 0), pg);
	assert_false(w.pages[pg].pg_flags & PG_BUSY);
}

/* ------------------------------------------------------------- case 1B */

/* after fork, a write to a shared anon copies it (needs-copy, then 1B) */
static void
test_cow_write_after_fork(void **state)
{
	int p, child, u, oanon, opg, nanon;
	struct step_result r;

	(void)state;
	base_model();
	p = add_proc(false);
	child = add_proc(true);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_FORK, child, 0);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();

	run_op(u);
	oanon = anon_at(p, 0);
	opg = w.anons[oanon].an_page;
	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_not_equal(w.proc_vm[child], 0);
	/* the parent is write-protected and needs-copy */
	assert_false(pte_bits(p, 0) & VM_PROT_WRITE);

	r = step(u);
	assert_string_equal(r.point, "uvm_fault: amap_copy -> restart");
	assert_int_equal(w.anons[oanon].an_ref, 2);
	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_true(has_note(&r, "case 1B"));
	nanon = anon_at(p, 0);
	assert_int_not_equal(nanon, oanon);
	assert_int_equal(w.anons[oanon].an_ref, 1);
	assert_int_equal(w.anons[oanon].an_page, opg);
	assert_int_not_equal(w.anons[nanon].an_page, opg);
	assert_int_equal(user_pa(p, 0), w.anons[nanon].an_page);
	assert_true(pte_bits(p, 0) & VM_PROT_WRITE);
	/* the child still sees the old anon */
	assert_int_equal(anon_at(child, 0), oanon);
	assert_int_equal(w.anons[oanon].an_lock, 0);
	assert_int_equal(w.anons[nanon].an_lock, 0);
}

/* ------------------------------------------------------- wire / unwire */

/* mlock wires the page and records it; munlock unwires and drops it */
static void
test_mlock_munlock(void **state)
{
	int p, u, pg, vm;

	(void)state;
	base_model();
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_MLOCK, 0, 1);
	add_op(u, OP_MUNLOCK, 0, 1);
	start();
	vm = w.proc_vm[p];

	run_op(u);
	pg = user_pa(p, 0);
	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_false(w.pages[pg].pg_pqflags & PQ_QUEUES);
	assert_true(pte_bits(p, 0) & PTE_WIRED);
	assert_int_equal(wiring_of(p, 0, WK_MLOCK), pg);
	assert_int_equal(w.entries[entry_at(p, 0)].wired_count, 1);
	assert_int_equal(w.vms[vm].vm_busy, 0);

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_true(w.pages[pg].pg_pqflags & PQ_ACTIVE);
	assert_false(pte_bits(p, 0) & PTE_WIRED);
	assert_int_equal(user_pa(p, 0), pg);
	assert_int_equal(wiring_of(p, 0, WK_MLOCK), -1);
}

/* mlock of a page never touched: the wire fault zero-fills it wired */
static void
test_mlock_faults_in(void **state)
{
	int p, u, pg;

	(void)state;
	base_model();
	p = add_proc(false);
	add_map(p, 0, 2, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_MLOCK, 0, 2);
	start();

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	for (int va = 0; va < 2; va++) {
		pg = user_pa(p, va);
		assert_int_not_equal(pg, 0);
		assert_int_equal(w.pages[pg].wire_count, 1);
		assert_true(pte_bits(p, va) & PTE_WIRED);
		assert_true(pte_bits(p, va) & VM_PROT_WRITE);
		assert_int_equal(wiring_of(p, va, WK_MLOCK), pg);
		/* a wired anon page has no swap: it cannot be clean */
		assert_false(w.pages[pg].pg_flags & PG_CLEAN);
	}
}

/* vslock (physio) wires with a hold (fixed profile); vsunlock undoes both */
static void
test_vslock_hold(void **state)
{
	int p, u, pg;

	(void)state;
	base_model();
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_PHYSIO_READ, 0, 1);
	start();

	run_to_point(u, "physio: biowait (DMA in flight)");
	pg = user_pa(p, 0);
	assert_int_not_equal(pg, 0);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(w.pages[pg].hold_count, 1);
	assert_int_equal(wiring_of(p, 0, WK_VSLOCK), pg);
	assert_false(w.pages[pg].pg_flags & PG_BUSY);

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_int_equal(w.pages[pg].hold_count, 0);
	assert_int_equal(wiring_of(p, 0, WK_VSLOCK), -1);
}

/*
 * S-6: munlock after truncation removed the wired page and its mapping:
 * skipped since 2001, a panic before.
 */
static void
unwire_after_truncate(int knob)
{
	int obj, p, u, pg;
	struct step_result r;

	base_model();
	m.knobs.v[K_UNWIRE_MISSING] = (uint8_t)knob;
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, obj, 0, MMAP_SHARED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_MLOCK, 0, 1);
	add_op(u, OP_TRUNCATE, obj, 0);
	add_op(u, OP_MUNLOCK, 0, 1);
	start();
	pg = uvm_pagelookup(&w, obj, 0);

	run_op(u);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(wiring_of(p, 0, WK_MLOCK), pg);
	run_op(u);
	assert_int_equal(user_pa(p, 0), 0);
	assert_true(w.pages[pg].pg_pqflags & PQ_FREE);
	assert_int_equal(wiring_of(p, 0, WK_MLOCK), 0);	/* lost */

	for (int i = 0; i < STEP_BOUND; i++) {
		r = step_choice(u, 0);
		if (r.event_inv != INV_NONE || r.status == STEP_COMPLETED)
			break;
	}
	if (knob == 0) {
		assert_int_equal(r.event_inv, INV_NONE);
		assert_int_equal(r.status, STEP_COMPLETED);
		assert_true(has_note(&r, "mapping vanished (truncated): skip"));
		assert_int_equal(wiring_of(p, 0, WK_MLOCK), -1);
		assert_clean();
	} else {
		assert_int_equal(r.event_inv, INV_KERNEL_PANIC);
		assert_true(has_note(&r, "unwiring non-wired memory"));
	}
}

static void
test_unwire_missing_skip(void **state)
{
	(void)state;
	unwire_after_truncate(0);
}

static void
test_unwire_missing_panic(void **state)
{
	(void)state;
	unwire_after_truncate(1);
}

/* ---------------------------------------------------------- PMAP_CANFAIL */

/*
 * S-14: the page-table page for the fault cannot be allocated: pmap_enter
 * fails, the fault unlocks everything and waits in uvm_wait; woken, it
 * restarts and succeeds.
 */
static void
test_canfail_waits(void **state)
{
	int p, u, k, pg;
	struct step_result r;

	(void)state;
	base_model();
	m.tun.failures = 1;
	(void)add_obj(UOBJ_VNODE, 1, 1);	/* a reclaimable page */
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();

	r = step(u);
	assert_string_equal(r.point, "uvm_fault: amap_copy -> restart");
	k = find_choice(u, "pmap_get_ptp: uvm_pagealloc failed");
	r = step_choice(u, k);
	assert_int_equal(r.event_inv, INV_NONE);
	assert_clean();
	assert_int_equal(r.status, STEP_BLOCKED);
	assert_string_equal(r.point, "flt_pmfail2");
	assert_true(has_note(&r, "pmap_enter failed"));
	assert_int_equal(w.threads[u].t_wchan, WC_FREE);
	assert_int_equal(w.threads[u].t_retries, 1);
	assert_int_equal(w.uvmexp.pd_wanted, 1);
	assert_int_equal(user_pa(p, 0), 0);
	for (int pgi = 1; pgi <= MAX_PAGES; pgi++)
		assert_false(w.pages[pgi].pg_flags & PG_BUSY);

	/* the pagedaemon frees memory: the fault restarts and succeeds */
	wakeup(&w, WC_FREE, 0);
	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_int_equal(w.threads[u].t_errno, 0);
	pg = user_pa(p, 0);
	assert_int_not_equal(pg, 0);
	/* the anon promoted before the failure is the one mapped now */
	assert_int_equal(w.anons[anon_at(p, 0)].an_page, pg);
	assert_int_equal(w.threads[u].t_retries, 0);
}

/* nothing reclaimable: ENOMEM, unless the knob says always wait */
static void
canfail_nothing_reclaimable(int knob)
{
	int p, u, k;
	struct step_result r;

	base_model();
	m.tun.failures = 1;
	m.tun.nswap = 0;	/* a dirty anon page cannot be paged out */
	m.knobs.v[K_FAULT_CHECKS_RECLAIMABLE] = (uint8_t)knob;
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();

	r = step(u);
	k = find_choice(u, "pmap_get_ptp: uvm_pagealloc failed");
	r = step_choice(u, k);
	assert_int_equal(r.event_inv, INV_NONE);
	assert_clean();
	if (knob == 0) {
		assert_int_equal(r.status, STEP_COMPLETED);
		assert_true(has_note(&r, "nothing reclaimable -> ENOMEM"));
		assert_int_equal(w.threads[u].t_errno, M_ENOMEM);
	} else {
		assert_int_equal(r.status, STEP_BLOCKED);
		assert_string_equal(r.point, "flt_pmfail2");
	}
}

static void
test_canfail_enomem(void **state)
{
	(void)state;
	canfail_nothing_reclaimable(0);
}

static void
test_canfail_always_wait(void **state)
{
	(void)state;
	canfail_nothing_reclaimable(1);
}

/* no page for the zero fill: flt_noram5, then success */
static void
test_noram_promote(void **state)
{
	int p, u, k;
	struct step_result r;

	(void)state;
	base_model();
	m.tun.failures = 1;
	(void)add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();

	(void)step(u);
	k = find_choice(u, "uvm_pagealloc: no page (injected)");
	r = step_choice(u, k);
	assert_int_equal(r.event_inv, INV_NONE);
	assert_clean();
	assert_string_equal(r.point, "flt_noram5");
	/* the new anon went back to the pool */
	for (int a = 1; a <= MAX_ANONS; a++)
		assert_int_equal(w.anons[a].an_ref, 0);
	wakeup(&w, WC_FREE, 0);
	run_op(u);
	assert_int_not_equal(user_pa(p, 0), 0);
}

/* ----------------------------------------------------------------- loans */

/* a write to a file page lent to the kernel breaks the loan (2A) */
static void
test_loan_break_object_page(void **state)
{
	int obj, p, u, pg, npg;
	struct step_result r;

	(void)state;
	base_model();
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, obj, 0, MMAP_SHARED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_SEND, 0, 1);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();
	pg = uvm_pagelookup(&w, obj, 0);

	run_op(u);
	run_op(u);
	assert_int_equal(w.pages[pg].loan_count, 1);
	assert_false(pte_bits(p, 0) & VM_PROT_WRITE);

	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_true(has_note(&r, "uvm_loanbreak"));
	npg = uvm_pagelookup(&w, obj, 0);
	assert_int_not_equal(npg, pg);
	assert_int_equal(user_pa(p, 0), npg);
	assert_true(pte_bits(p, 0) & VM_PROT_WRITE);
	assert_false(w.pages[npg].pg_flags & PG_BUSY);
	/* the old page: ownerless, kept by its loan */
	assert_int_equal(w.pages[pg].uobject, 0);
	assert_int_equal(w.pages[pg].loan_count, 1);
	assert_false(w.pages[pg].pg_flags & PG_BUSY);
	assert_int_equal(w.kloans[1].kl_page, pg);
}

/* a write to an anon page lent to the kernel: uvm_loanbreak_anon (1A) */
static void
test_loan_break_anon_page(void **state)
{
	int p, u, anon, pg, npg;
	struct step_result r;

	(void)state;
	base_model();
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_SEND, 0, 1);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();

	run_op(u);
	anon = anon_at(p, 0);
	pg = w.anons[anon].an_page;
	run_op(u);
	assert_int_equal(w.pages[pg].loan_count, 1);

	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_true(has_note(&r, "uvm_loanbreak_anon"));
	assert_int_equal(anon_at(p, 0), anon);
	npg = w.anons[anon].an_page;
	assert_int_not_equal(npg, pg);
	assert_int_equal(user_pa(p, 0), npg);
	assert_true(w.pages[npg].pg_pqflags & PQ_ANON);
	assert_int_equal(w.pages[npg].uanon, anon);
	assert_false(w.pages[pg].pg_pqflags & (PQ_ANON | PQ_QUEUES));
	assert_int_equal(w.pages[pg].uanon, 0);
	assert_int_equal(w.pages[pg].loan_count, 1);
}

/*
 * S-13: vslock for a write to a device (READ access) of a lent page
 * through a read-only shared mapping.  Fixed ("always"): the wire fault
 * breaks the loan; 2003 ("requested-write"): the page is wired and lent.
 */
static void
wire_lent_page(int knob)
{
	int obj, p, u, pg, wpg;
	struct step_result r;

	base_model();
	m.knobs.v[K_WIRE_BREAKS_LOANS] = (uint8_t)knob;
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, obj, 0, MMAP_SHARED, VM_PROT_READ);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_SEND, 0, 1);
	add_op(u, OP_PHYSIO_WRITE, 0, 1);
	start();
	pg = uvm_pagelookup(&w, obj, 0);

	run_op(u);
	assert_int_equal(w.pages[pg].loan_count, 1);
	for (int i = 0; i < STEP_BOUND; i++) {
		r = step_choice(u, 0);
		if (strcmp(r.point, "physio: biowait (DMA in flight)") == 0)
			break;
	}
	wpg = user_pa(p, 0);
	assert_int_equal(w.pages[wpg].wire_count, 1);
	if (knob == 0) {
		assert_clean();
		assert_int_not_equal(wpg, pg);
		assert_int_equal(uvm_pagelookup(&w, obj, 0), wpg);
		assert_int_equal(w.pages[wpg].loan_count, 0);
		assert_int_equal(w.pages[pg].wire_count, 0);
		assert_false(pte_bits(p, 0) & VM_PROT_WRITE);
	} else {
		struct inv_violation v;

		assert_int_equal(wpg, pg);
		assert_int_equal(w.pages[pg].loan_count, 1);
		assert_true(inv_check_all(&w, &m, &v));
		assert_int_equal(v.inv, INV_LOANED_PAGE_WIRED);
	}
}

static void
test_wire_breaks_loan_always(void **state)
{
	(void)state;
	wire_lent_page(0);
}

static void
test_wire_keeps_loan_requested_write(void **state)
{
	(void)state;
	wire_lent_page(2);
}

/* ------------------------------------------------------ swap-in (case 1) */

/*
 * page_out: leave an anon as the pagedaemon would after a finished
 * pageout of its page: the data in swap slot `slot', the page freed.
 */
static void
page_out(int tid, int anon, int slot)
{
	struct step_ctx c;
	int opg = w.anons[anon].an_page;

	memset(&c, 0, sizeof(c));
	c.m = &m;
	c.tid = tid;
	uvm_pmap_page_protect(&w, &c, opg, VM_PROT_NONE);
	w.swap[slot].sw_state = SWS_INUSE;
	w.swap[slot].sw_anon = (uint8_t)anon;
	w.anons[anon].an_swslot = (uint8_t)slot;
	w.pages[opg].pg_flags |= PG_CLEAN;
	(void)pmap_clear_modify(&w.pmap, opg);
	uvm_pagefree(&w, &c, opg);
	assert_int_equal(w.anons[anon].an_page, 0);
	assert_clean();
}

/* an anon page that was paged out is read back from its slot */
static void
test_anonget_swap_read(void **state)
{
	int p, u, anon, pg, slot;
	struct step_result r;

	(void)state;
	base_model();
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_TOUCH, 0, VM_PROT_READ);
	start();

	run_op(u);
	anon = anon_at(p, 0);
	slot = 1;
	page_out(u, anon, slot);

	r = step(u);
	assert_string_equal(r.point, "anonget: swap read");
	pg = w.anons[anon].an_page;
	assert_int_not_equal(pg, 0);
	assert_true(w.pages[pg].pg_flags & PG_BUSY);
	assert_int_equal(w.bufs[1].b_kind, BUF_SWAP_READ);
	assert_int_equal(w.bufs[1].b_slot, slot);

	r = step(u);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(user_pa(p, 0), pg);
	assert_true(w.pages[pg].pg_flags & PG_CLEAN);
	assert_false(w.pages[pg].pg_flags & (PG_BUSY | PG_FAKE));
	assert_int_equal(w.bufs[1].b_kind, BUF_NONE);
	assert_int_equal(w.anons[anon].an_swslot, slot);
}

/*
 * S-8 (PR 7578): a swapped-in, clean anon page is wired: the wire fault
 * frees its swap slot, so the page must stop being clean.
 */
static void
wire_swapped_in(int knob)
{
	int p, u, anon, pg;

	base_model();
	m.knobs.v[K_DROPSWAP_CLEARS_CLEAN] = (uint8_t)knob;
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_TOUCH, 0, VM_PROT_READ);
	add_op(u, OP_MLOCK, 0, 1);
	start();

	run_op(u);
	anon = anon_at(p, 0);
	page_out(u, anon, 1);
	run_op(u);
	pg = w.anons[anon].an_page;
	assert_true(w.pages[pg].pg_flags & PG_CLEAN);
	for (int i = 0; i < STEP_BOUND; i++) {
		struct step_result r = step_choice(u, 0);

		assert_int_equal(r.event_inv, INV_NONE);
		if (r.status == STEP_COMPLETED)
			break;
	}
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(w.anons[anon].an_swslot, 0);
	if (knob == 0) {
		assert_false(w.pages[pg].pg_flags & PG_CLEAN);
		assert_clean();
	} else {
		struct inv_violation v;

		assert_true(w.pages[pg].pg_flags & PG_CLEAN);
		assert_true(inv_check_all(&w, &m, &v));
		assert_int_equal(v.inv, INV_CLEAN_ANON_WITHOUT_SWAP);
	}
}

static void
test_wire_dropswap_clears_clean(void **state)
{
	(void)state;
	wire_swapped_in(0);
}

static void
test_wire_dropswap_keeps_clean(void **state)
{
	(void)state;
	wire_swapped_in(1);
}

/*
 * S-9: the knob newanon_locked covers amap_cow_now only; the fault locks
 * its new anon in every era (see uvmfault_promote), so a zero-fill fault
 * under the knob raises nothing.
 */
static void
test_newanon_unlocked(void **state)
{
	int p, u;
	struct step_result r;

	(void)state;
	base_model();
	m.knobs.v[K_NEWANON_LOCKED] = NEWANON_LOCKED_UNLOCKED;
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	start();

	(void)step(u);
	r = step_choice(u, 0);
	assert_int_equal(r.event_inv, INV_NONE);
	assert_int_equal(w.anons[1].an_lock, 0);
	assert_int_equal(w.anons[1].an_ref, 1);
}

/*
 * S-11: another LWP unmaps the buffer during the raw read.  The hold
 * design's vsunlock releases its hold ([2015]: "address not in map").
 */
static void
vsunlock_unmapped(int pin)
{
	int p, u, u2, pg;
	struct step_result r;

	base_model();
	m.knobs.v[K_VSLOCK_PIN] = (uint8_t)pin;
	/* the kernel's vsunlock (2020) looks the pages up in the map */
	m.knobs.v[K_PHYSIO_PAGES] = pin != 0;
	p = add_proc(false);
	add_map(p, 0, 1, 0, 0, MMAP_PRIVATE, RW);
	u = add_thread(KT_NONE, p);
	u2 = add_thread(KT_NONE, 0);
	m.threads[u2].embryo = true;
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_CLONE, u2, 0);
	add_op(u, OP_PHYSIO_READ, 0, 1);
	add_op(u2, OP_MUNMAP, 0, 1);
	start();

	run_op(u);
	pg = user_pa(p, 0);
	run_op(u);
	for (int i = 0; i < STEP_BOUND; i++) {
		r = step_choice(u, 0);
		if (strcmp(r.point, "physio: biowait (DMA in flight)") == 0)
			break;
	}
	r = step_choice(u2, 0);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_int_equal(user_pa(p, 0), 0);
	r = step_choice(u, 0);
	assert_int_equal(r.status, STEP_COMPLETED);
	if (pin == 0) {
		assert_int_equal(r.event_inv, INV_NONE);
		assert_clean();
		assert_true(has_note(&r, "release the holds"));
		assert_int_equal(wiring_of(p, 0, WK_VSLOCK), -1);
		/* the disowned page went with its last hold */
		assert_true(w.pages[pg].pg_pqflags & PQ_FREE);
	} else {
		assert_int_equal(r.event_inv, INV_KERNEL_PANIC);
		assert_true(has_note(&r, "address not in map"));
	}
}

static void
test_vsunlock_unmapped_hold(void **state)
{
	(void)state;
	vsunlock_unmapped(0);
}

static void
test_vsunlock_unmapped_panic(void **state)
{
	(void)state;
	vsunlock_unmapped(1);
}

/* ------------------------------------------------------- S-12 and S-15 */

/* S-12a: vslock keeping pages PG_BUSY over a page mapped twice */
static void
test_vslock_busy_self_deadlock(void **state)
{
	int obj, p, u;
	struct step_result r;

	(void)state;
	base_model();
	m.knobs.v[K_VSLOCK_PIN] = VSLOCK_PIN_BUSY;
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, obj, 0, MMAP_SHARED, RW);
	add_map(p, 1, 1, obj, 0, MMAP_SHARED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_PHYSIO_READ, 0, 2);
	start();

	r = step_choice(u, 0);
	assert_int_equal(r.event_inv, INV_BUSY_DEADLOCK);
	assert_true(has_note(&r, "waiting for a page this thread holds busy"));
	assert_int_equal(r.status, STEP_BLOCKED);
	assert_int_equal(w.threads[u].t_wchan, WC_PAGE);
	assert_true(world_deadlocked(&w, &m));
}

/* S-15: an interrupt faults on the interrupt-safe map it has locked */
static void
intr_fault(int knob)
{
	int it;
	struct step_result r;

	base_model();
	m.tun.intrsafe_kmem = 1;
	m.knobs.v[K_FAULT_CHECKS_INTRSAFE] = (uint8_t)knob;
	it = add_thread(KT_INTR, 0);
	start();

	r = step(it);
	assert_string_equal(r.point, "intr: kmem_map locked");
	assert_int_equal(w.vms[KERNEL_VMSPACE].vm_writer, it);
	r = step_choice(it, 0);
	assert_int_equal(r.status, STEP_BLOCKED);
	if (knob == 0) {
		assert_int_equal(r.event_inv, INV_NONE);
		assert_true(has_note(&r, "interrupt-safe map -> EFAULT"));
		assert_int_equal(w.vms[KERNEL_VMSPACE].vm_writer, 0);
		assert_int_equal(w.threads[it].t_wchan, WC_WORK);
	} else {
		assert_int_equal(r.event_inv, INV_BUSY_DEADLOCK);
		assert_int_equal(w.vms[KERNEL_VMSPACE].vm_writer, it);
		assert_int_equal(w.threads[it].t_wchan, WC_MAPLOCK);
	}
}

static void
test_intr_fault_refused(void **state)
{
	(void)state;
	intr_fault(0);
}

static void
test_intr_fault_deadlock(void **state)
{
	(void)state;
	intr_fault(1);
}

/* protection: a write to a read-only mapping is EACCES */
static void
test_protection_failure(void **state)
{
	int obj, p, u;

	(void)state;
	base_model();
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, obj, 0, MMAP_SHARED, VM_PROT_READ);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_TOUCH, 3, VM_PROT_READ);	/* unmapped */
	start();

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, M_EACCES);
	run_op(u);
	assert_int_equal(w.threads[u].t_errno, M_EFAULT);
}

/*
 * the neighbourhood: a normal read fault on a shared file mapping also
 * maps the resident page next to it (read-write: a shared entry), not
 * the one past EOF; a wire fault is narrow.
 */
static void
test_fault_neighbours(void **state)
{
	int p, o, u, pa;

	(void)state;
	base_model();
	o = add_obj(UOBJ_VNODE, 2, 2);
	p = add_proc(false);
	add_map(p, 0, 3, o, 0, MMAP_SHARED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_READ);
	start();

	run_op(u);
	assert_true(pmap_extract(&w.pmap, w.proc_vm[p], 0, &pa));
	assert_true(pmap_extract(&w.pmap, w.proc_vm[p], 1, &pa));
	assert_int_equal(pa, uvm_pagelookup(&w, o, 1));
	assert_false(w.pmap.pmaps[w.proc_vm[p]].pm_pte[1].pte_bits & PTE_WIRED);
	assert_false(pmap_extract(&w.pmap, w.proc_vm[p], 2, &pa));
	assert_clean();
}

/* a wire fault (mlock) maps only the page it wires */
static void
test_wire_fault_is_narrow(void **state)
{
	int p, o, u, pa;

	(void)state;
	base_model();
	o = add_obj(UOBJ_VNODE, 2, 2);
	p = add_proc(false);
	add_map(p, 0, 2, o, 0, MMAP_SHARED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_MLOCK, 0, 1);
	start();

	for (int i = 0; i < 4 && w.threads[u].t_state != TS_DONE; i++)
		(void)step(u);
	assert_int_equal(w.threads[u].t_state, TS_DONE);
	assert_true(pmap_extract(&w.pmap, w.proc_vm[p], 0, &pa));
	assert_false(pmap_extract(&w.pmap, w.proc_vm[p], 1, &pa));
}

/* ------------------------------------------- `map ... wired`, L-1 (refault) */

/* a `map ... wired` mapping starts mlock()ed: munlock of it works */
static void
test_map_wired_starts_mlocked(void **state)
{
	int o, p, u, pg;
	char err[200];

	(void)state;
	base_model();
	o = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, o, 0, MMAP_SHARED | MMAP_WIRED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_MUNLOCK, 0, 1);
	model_finish(&m);
	assert_int_equal(world_init_checked(&w, &m, err, sizeof(err)), 0);
	assert_clean();
	pg = user_pa(p, 0);
	assert_int_not_equal(pg, 0);
	assert_int_equal(w.entries[entry_at(p, 0)].wired_count, 1);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_true(pte_bits(p, 0) & PTE_WIRED);
	assert_int_equal(wiring_of(p, 0, WK_MLOCK), pg);
	/* the setup ran in no thread: thread 1 is the user's, unstarted */
	assert_int_equal(w.threads[u].t_depth, 0);
	assert_int_equal(w.threads[u].t_op, 0);

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.entries[entry_at(p, 0)].wired_count, 0);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_false(pte_bits(p, 0) & PTE_WIRED);
}

/* more wired pages than uvmexp.wiredmax: the setup says so */
static void
test_map_wired_setup_fails(void **state)
{
	int p;
	char err[200];

	(void)state;
	base_model();		/* 8 pages: wiredmax 2 */
	p = add_proc(false);
	add_map(p, 0, 3, 0, 0, MMAP_PRIVATE | MMAP_WIRED, RW);
	model_finish(&m);
	assert_int_equal(world_init_checked(&w, &m, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "wiredmax"));
}

/*
 * L-1: truncate an mlocked file page away, grow the file again and touch
 * the page: the refault in the wired entry maps a new page PMAP_WIRED.
 * Fixed: the page is wired too (and munlock unwires it to 0).  2020
 * (refault_wires_page=maps-only): it is not, and munlock's
 * uvm_fault_unwire_locked takes its wire_count below zero.
 */
static void
l1_world(int knob)
{
	int o, p, u;

	base_model();
	m.knobs.v[K_REFAULT_WIRES_PAGE] = (uint8_t)knob;
	o = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, o, 0, MMAP_SHARED | MMAP_WIRED, RW);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TRUNCATE, o, 0);
	add_op(u, OP_TRUNCATE, o, 1);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_MUNLOCK, 0, 1);
	start();
	run_op(u);
	run_op(u);
	assert_int_equal(user_pa(p, 0), 0);
}

static void
test_l1_refault_wires_page(void **state)
{
	int pg;

	(void)state;
	l1_world(0);
	run_op(1);
	pg = user_pa(1, 0);
	assert_int_not_equal(pg, 0);
	assert_true(pte_bits(1, 0) & PTE_WIRED);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(wiring_of(1, 0, WK_MLOCK), pg);
	run_op(1);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_int_equal(wiring_of(1, 0, WK_MLOCK), -1);
}

static void
test_l1_refault_maps_only(void **state)
{
	struct inv_violation v;
	struct step_result r;
	int pg;

	(void)state;
	l1_world(1);
	/* the wire_count/record mismatch is not visible until munlock */
	run_op(1);
	pg = user_pa(1, 0);
	assert_int_not_equal(pg, 0);
	assert_true(pte_bits(1, 0) & PTE_WIRED);
	assert_int_equal(w.pages[pg].wire_count, 0);
	world_step(&w, &m, 1, 0, &r);
	assert_int_equal(w.event.ev_inv, INV_WIRE_COUNT_MISMATCH);
	assert_true(inv_check_all(&w, &m, &v));
}

/*
 * L-2: a raw write vslocks the object page of a read-only private
 * mapping; during the DMA mlockall's WIREMAX fault promotes it (2B).
 * Fixed (physio_pages=vslocked): vsunlock unwires the object page it
 * wired and leaves the anon page's mlock wiring and wired PTE alone.
 * 2020 (pmap-lookup): it unwires the anon page (I5).
 */
static void
l2_world(int knob, int *objpg, int *anonpg)
{
	int o, p, u, u2;
	struct step_result r;

	base_model();
	m.knobs.v[K_PHYSIO_PAGES] = (uint8_t)knob;
	o = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, o, 0, MMAP_PRIVATE, VM_PROT_READ);
	u = add_thread(KT_NONE, p);
	u2 = add_thread(KT_NONE, p);
	add_op(u, OP_PHYSIO_WRITE, 0, 1);
	add_op(u2, OP_MLOCKALL, MCL_CURRENT, 0);
	start();
	r = run_to_point(u, "physio: biowait (DMA in flight)");
	(void)r;
	*objpg = user_pa(p, 0);
	run_op(u2);
	*anonpg = user_pa(p, 0);
	assert_int_not_equal(*anonpg, *objpg);
}

static void
test_l2_vsunlock_promoted(void **state)
{
	int objpg, anonpg;
	struct step_result r;

	(void)state;
	l2_world(0, &objpg, &anonpg);
	run_op(1);
	assert_int_equal(w.pages[objpg].wire_count, 0);
	assert_int_equal(w.pages[anonpg].wire_count, 1);
	assert_true(pte_bits(1, 0) & PTE_WIRED);
	assert_int_equal(wiring_of(1, 0, WK_VSLOCK), -1);
	assert_int_equal(wiring_of(1, 0, WK_MLOCK), anonpg);

	l2_world(1, &objpg, &anonpg);
	r = step_choice(1, 0);
	assert_int_equal(r.event_inv, INV_UNWIRE_WRONG_PAGE);
	assert_int_equal(w.pages[objpg].wire_count, 1);
}

/*
 * L-3: a debugger's write into T's private file mapping promotes through
 * the amap uvm_map_extract shares with kernel_map.  Fixed: only the
 * amap's sharers lose the file page; W's mlocked MAP_SHARED mapping of it
 * stays.  2020 (every-mapping): pmap_page_protect(NONE) removes it (I3).
 */
static void
test_l3_shared_promote(void **state)
{
	struct inv_violation v;

	(void)state;
	for (int knob = 0; knob <= 1; knob++) {
		int o, pw, pt, pd, d, pg;

		base_model();
		m.knobs.v[K_SHARED_PROMOTE_REVOKES] = (uint8_t)knob;
		o = add_obj(UOBJ_VNODE, 1, 1);
		pw = add_proc(false);
		pt = add_proc(false);
		pd = add_proc(false);
		add_map(pw, 0, 1, o, 0, MMAP_SHARED | MMAP_WIRED,
		    VM_PROT_READ);
		add_map(pt, 0, 1, o, 0, MMAP_PRIVATE,
		    VM_PROT_READ | VM_PROT_EXECUTE);
		d = add_thread(KT_NONE, pd);
		mb_op(&m, d, OP_PTRACE_WRITE, pt, 0, 0);
		start();
		pg = user_pa(pw, 0);
		assert_int_not_equal(pg, 0);
		for (int i = 0; i < STEP_BOUND; i++) {
			struct step_result r = step_choice(d, 0);

			if (r.status == STEP_COMPLETED)
				break;
		}
		if (knob == 0) {
			assert_int_equal(user_pa(pw, 0), pg);
			assert_true(pte_bits(pw, 0) & PTE_WIRED);
			assert_false(inv_check_all(&w, &m, &v));
		} else {
			assert_int_equal(user_pa(pw, 0), 0);
			assert_true(inv_check_all(&w, &m, &v));
			assert_int_equal(v.inv, INV_WIRED_MAPPING_LOST);
		}
	}
}

/*
 * I3's precise rule: a wired PTE may vanish when truncation takes its
 * page out of the object, freed or (an I/O holding it, fixed profile)
 * only disowned.  The same world with the PTE removed while the page is
 * still the object's is the real loss, and I3 fires.
 */
static void
test_i3_truncate_disowned_held_page(void **state)
{
	struct inv_violation v;
	int o, p, u, x, pg;

	(void)state;
	base_model();
	o = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc(false);
	add_map(p, 0, 1, o, 0, MMAP_SHARED | MMAP_WIRED, RW);
	u = add_thread(KT_NONE, p);
	x = add_thread(KT_NONE, p);
	add_op(u, OP_PHYSIO_READ, 0, 1);
	add_op(x, OP_TRUNCATE, o, 0);
	start();
	pg = user_pa(p, 0);
	run_to_point(u, "physio: biowait (DMA in flight)");
	assert_int_equal(w.pages[pg].wire_count, 2);

	/* the real loss first: the PTE goes while the page is the file's */
	{
		static struct world save;
		struct pmap_freed fr;

		memcpy(&save, &w, sizeof(w));
		memset(&fr, 0, sizeof(fr));
		pmap_remove(&w.pmap, w.proc_vm[p], 0, 1, &fr);
		assert_true(inv_check_all(&w, &m, &v));
		assert_int_equal(v.inv, INV_WIRED_MAPPING_LOST);
		memcpy(&w, &save, sizeof(w));
	}

	run_op(x);		/* clean all along: run_op asserts it */
	assert_int_equal(user_pa(p, 0), 0);
	assert_int_equal(w.pages[pg].uobject, 0);
	assert_true(w.pages[pg].hold_count > 0);
	/* the disowned page keeps the I/O's wiring only; mlock's is lost */
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(wiring_of(p, 0, WK_MLOCK), 0);
	assert_int_equal(wiring_of(p, 0, WK_VSLOCK), pg);
	run_op(u);
	assert_true(w.pages[pg].pg_pqflags & PQ_FREE);
}

/*
 * a wiring the ghost table cannot hold is the model's limit, not a
 * finding: the world is marked, no invariant fires, no thread is enabled
 * (the path is cut there, a bound the explorers report as "capacity")
 */
static void
test_wiring_table_full(void **state)
{
	struct inv_violation v;
	uint8_t tids[MAX_THREADS];

	(void)state;
	base_model();
	add_thread(0, add_proc(false));
	start();
	for (int i = 0; i < MAX_WIRINGS; i++)
		wiring_add(&w, WK_MLOCK, 1, i, 0);
	assert_false(world_capacity_hit(&w));
	w.threads[1].t_state = TS_RUN;
	assert_int_equal(enabled_threads(&w, &m, tids), 1);
	wiring_add(&w, WK_MLOCK, 1, MAX_WIRINGS, 0);
	assert_true(world_capacity_hit(&w));
	assert_false(inv_check_wire_count_mismatch(&w, &m, &v));
	assert_false(inv_check_all(&w, &m, &v));
	assert_int_equal(enabled_threads(&w, &m, tids), 0);
	assert_false(world_deadlocked(&w, &m));
}

/* the map entry table running out is the same bound, not a kernel panic */
static void
test_map_entries_full(void **state)
{
	struct inv_violation v;
	struct step_ctx c;
	uint8_t tids[MAX_THREADS];

	(void)state;
	base_model();
	add_thread(0, add_proc(false));
	start();
	memset(&c, 0, sizeof(c));
	c.m = &m;
	c.tid = 1;
	w.threads[1].t_state = TS_RUN;
	assert_true(thread_enabled(&w, &m, 1));
	model_capacity(&w, &c, 0, "uvm_mapent_alloc: out of map entries");
	assert_true(world_capacity_hit(&w));
	assert_false(inv_check_all(&w, &m, &v));
	assert_int_equal(enabled_threads(&w, &m, tids), 0);
	assert_false(thread_enabled(&w, &m, 1));
	assert_false(world_deadlocked(&w, &m));
	memset(&w.event, 0, sizeof(w.event));	/* the next step's */
	assert_false(world_capacity_hit(&w));
	assert_true(thread_enabled(&w, &m, 1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_fill),
		cmocka_unit_test(test_file_read_fault),
		cmocka_unit_test(test_private_file_read_then_write),
		cmocka_unit_test(test_cow_write_after_fork),
		cmocka_unit_test(test_mlock_munlock),
		cmocka_unit_test(test_mlock_faults_in),
		cmocka_unit_test(test_map_wired_starts_mlocked),
		cmocka_unit_test(test_map_wired_setup_fails),
		cmocka_unit_test(test_l1_refault_wires_page),
		cmocka_unit_test(test_l1_refault_maps_only),
		cmocka_unit_test(test_l2_vsunlock_promoted),
		cmocka_unit_test(test_l3_shared_promote),
		cmocka_unit_test(test_i3_truncate_disowned_held_page),
		cmocka_unit_test(test_wiring_table_full),
		cmocka_unit_test(test_map_entries_full),
		cmocka_unit_test(test_vslock_hold),
		cmocka_unit_test(test_unwire_missing_skip),
		cmocka_unit_test(test_unwire_missing_panic),
		cmocka_unit_test(test_canfail_waits),
		cmocka_unit_test(test_canfail_enomem),
		cmocka_unit_test(test_canfail_always_wait),
		cmocka_unit_test(test_noram_promote),
		cmocka_unit_test(test_loan_break_object_page),
		cmocka_unit_test(test_loan_break_anon_page),
		cmocka_unit_test(test_wire_breaks_loan_always),
		cmocka_unit_test(test_wire_keeps_loan_requested_write),
		cmocka_unit_test(test_anonget_swap_read),
		cmocka_unit_test(test_wire_dropswap_clears_clean),
		cmocka_unit_test(test_wire_dropswap_keeps_clean),
		cmocka_unit_test(test_newanon_unlocked),
		cmocka_unit_test(test_vsunlock_unmapped_hold),
		cmocka_unit_test(test_vsunlock_unmapped_panic),
		cmocka_unit_test(test_vslock_busy_self_deadlock),
		cmocka_unit_test(test_intr_fault_refused),
		cmocka_unit_test(test_intr_fault_deadlock),
		cmocka_unit_test(test_protection_failure),
		cmocka_unit_test(test_fault_neighbours),
		cmocka_unit_test(test_wire_fault_is_narrow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
