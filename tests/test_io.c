/*
 * test_io.c: the I/O side of the model: page loans to the kernel and the
 * network stack (uvm_loan.c), truncation (uvm_vnode.c), physio
 * (kern_physio.c), the pagedaemon (uvm_pdaemon.c) and pageout
 * completion (uvm_pager.c).
 *
 * Each test builds a struct model by hand (model_init, objects,
 * processes, initial mappings, one program per thread), starts the
 * world with world_init and drives it with world_step, choosing the
 * thread of every step itself.
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

#define STEP_BOUND	64	/* steps one operation may take */
#define KLOAN_KVA	12	/* first kernel VA of loan mappings */
#define VMAPBUF_KVA	8	/* first kernel VA of vmapbuf windows */

static struct model m;
static struct world w;
static struct inv_violation viol;	/* after the last step */
static bool violated;

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
add_proc(void)
{
	return mb_proc(&m, false);
}

static void
add_map(int proc, int va, int n, int obj, int flags, int prot)
{
	mb_map(&m, proc, va, n, obj, 0, flags, prot, VM_PROT_ALL,
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

/* one step of tid, then the invariant catalogue over the new world */
static struct step_result
step(int tid)
{
	struct step_result r;

	assert_true(thread_enabled(&w, &m, tid));
	world_step(&w, &m, tid, 0, &r);
	memset(&viol, 0, sizeof(viol));
	violated = inv_check_all(&w, &m, &viol);
	return r;
}

/* the world after the last step satisfies every invariant */
static void
assert_clean(void)
{
	if (violated) {
		char buf[512];

		inv_describe(&w, &m, &viol, buf, sizeof(buf));
		fail_msg("invariant violated: %s", buf);
	}
}

/* step tid until its current operation completes; no event may fire */
static void
run_op(int tid)
{
	for (int i = 0; i < STEP_BOUND; i++) {
		struct step_result r = step(tid);

		assert_int_equal(r.event_inv, INV_NONE);
		assert_clean();
		if (r.status == STEP_COMPLETED)
			return;
	}
	fail_msg("operation of thread %d does not complete", tid);
}

/* step tid until it reaches the interleaving point named `point` */
static struct step_result
run_to_point(int tid, const char *point)
{
	for (int i = 0; i < STEP_BOUND; i++) {
		struct step_result r = step(tid);

		assert_int_equal(r.event_inv, INV_NONE);
		assert_clean();
		if (strcmp(r.point, point) == 0)
			return r;
		assert_true(r.status != STEP_COMPLETED);
	}
	fail_msg("thread %d never reaches \"%s\"", tid, point);
	abort();
}

static void
kick_pagedaemon(void)
{
	w.uvmexp.pd_wanted = 1;
	wakeup(&w, WC_PDAEMON, 0);
}

static int
page_of(int obj, int off)
{
	return uvm_pagelookup(&w, obj, off);
}

static int
kernel_pa(int kva)
{
	int pa = 0;

	if (!pmap_extract(&w.pmap, KERNEL_VMSPACE, kva, &pa))
		return 0;
	return pa;
}

static int
user_pa(int proc, int va)
{
	int pa = 0;

	if (!pmap_extract(&w.pmap, w.proc_vm[proc], va, &pa))
		return 0;
	return pa;
}

/* ---------------------------------------------------------------- loans */

/* write(2) to a socket lends the page; the netisr returns the loan */
static void
test_send_then_netisr(void **state)
{
	int obj, p, u, net, pg;
	struct step_result r;

	(void)state;
	base_model();
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc();
	add_map(p, 0, 1, obj, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_SEND, 0, 1);
	net = add_thread(KT_NETISR, 0);
	start();

	pg = page_of(obj, 0);
	assert_int_not_equal(pg, 0);
	assert_false(thread_enabled(&w, &m, net));

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.pages[pg].loan_count, 1);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_int_equal(w.kloans[1].kl_page, pg);
	assert_int_equal(w.kloans[1].kl_kva, KLOAN_KVA);
	assert_int_equal(w.kloans[1].kl_managed, 0);
	assert_int_equal(kernel_pa(KLOAN_KVA), pg);
	/* read-only kenter mapping, not on the pv list */
	assert_int_equal(pmap_kmap_count(&w.pmap, pg), 1);
	assert_false(pmap_page_has_writable(&w.pmap, pg, false));
	assert_true(thread_enabled(&w, &m, net));

	r = step(net);
	assert_clean();
	assert_string_equal(r.point, "netisr: transmit done");
	assert_int_equal(r.event_inv, INV_NONE);
	assert_int_equal(w.pages[pg].loan_count, 0);
	assert_int_equal(w.kloans[1].kl_page, 0);
	assert_int_equal(kernel_pa(KLOAN_KVA), 0);
	/* the object still owns its page */
	assert_int_equal(w.pages[pg].uobject, obj);
	assert_false(w.pages[pg].pg_pqflags & PQ_FREE);

	r = step(net);
	assert_clean();
	assert_int_equal(r.status, STEP_BLOCKED);
	assert_string_equal(r.point, "netisr idle");
	assert_true(world_finished(&w, &m));
}

/*
 * kloan_wires_page=yes (the 1999-2001 design): each loan to the kernel
 * bumps wire_count (the page leaves the paging queues, a WK_KLOAN ghost
 * wiring accounts for it, I8 holds); the unloan unwires it again.  The
 * default (2020) leaves it unwired and active (test_send_then_netisr).
 */
static void
test_send_kloan_wires_page(void **state)
{
	int obj, p, u, net, pg;

	(void)state;
	base_model();
	m.knobs.v[K_KLOAN_WIRES_PAGE] = KLOAN_WIRES_PAGE_YES;
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc();
	add_map(p, 0, 1, obj, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_SEND, 0, 1);
	net = add_thread(KT_NETISR, 0);
	start();
	pg = page_of(obj, 0);

	run_op(u);
	assert_int_equal(w.pages[pg].loan_count, 1);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_false(w.pages[pg].pg_pqflags & PQ_QUEUES);
	assert_int_equal(wiring_count_page(&w, pg), 1);

	(void)step(net);
	assert_clean();
	assert_int_equal(w.pages[pg].loan_count, 0);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_true(w.pages[pg].pg_pqflags & PQ_ACTIVE);
	assert_int_equal(wiring_count_page(&w, pg), 0);
}

/*
 * kloan_wires_page=yes (2001): truncating a page lent to the kernel frees
 * (disowns) it with the loan's own wiring, which uvm_pagefree's
 * loaned-page check must not count; a wiring besides the loan's (an
 * mlock) is still reported.
 */
static void
kloan_truncate(bool mlocked)
{
	int obj, p, u, x;

	base_model();
	m.knobs.v[K_KLOAN_WIRES_PAGE] = KLOAN_WIRES_PAGE_YES;
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc();
	add_map(p, 0, 1, obj, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	if (mlocked)
		add_op(u, OP_MLOCK, 0, 1);
	add_op(u, OP_SEND, 0, 1);
	x = add_thread(KT_NONE, p);
	add_op(x, OP_TRUNCATE, obj, 0);
	(void)add_thread(KT_NETISR, 0);
	/* the 2001 kernel lends a wired page (S-13b: loans refuse wired
	 * pages from 2020 on); I8 reports that loan of the mlocked page at
	 * once, so that case runs without checking */
	m.knobs.v[K_LOAN_REFUSES_WIRED] = LOAN_REFUSES_WIRED_LENDS;
	start();
	for (int i = 0; i < 64 && w.threads[u].t_op < (mlocked ? 2 : 1);
	    i++) {
		struct step_result r;

		if (mlocked)
			world_step(&w, &m, u, 0, &r);
		else
			(void)step(u);
	}
	assert_int_equal(w.pages[page_of(obj, 0)].loan_count, 1);
}

static void
test_kloan_truncate_not_wired(void **state)
{
	struct step_result r;

	(void)state;
	kloan_truncate(false);
	do {
		r = step(2);
		assert_int_equal(r.event_inv, INV_NONE);
		assert_false(violated);
	} while (r.status != STEP_COMPLETED);
	assert_int_equal(w.objs[1].v_size, 0);

	kloan_truncate(true);
	do {
		r = step(2);
	} while (r.status != STEP_COMPLETED &&
	    r.event_inv != INV_LOANED_PAGE_WIRED);
	assert_int_equal(r.event_inv, INV_LOANED_PAGE_WIRED);
}

/*
 * S-1 (Thorpe, tech-kern 1999-04): with a managed (pre-PMAP_NEW) kernel
 * mapping, the 1999 pagedaemon's active scan revokes it; the netisr's
 * read faults.
 */
static void
s1_world(bool bug)
{
	int obj, p, u;

	base_model();
	if (bug) {
		m.knobs.v[K_KLOAN_MAPPING] = KLOAN_MAPPING_MANAGED;
		m.knobs.v[K_PD_DEACTIVATE_REVOKES] =
		    PD_DEACTIVATE_REVOKES_PAGE_PROTECT_NONE;
	}
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc();
	add_map(p, 0, 1, obj, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_SEND, 0, 1);
	(void)add_thread(KT_NETISR, 0);
	(void)add_thread(KT_PAGEDAEMON, 0);
	start();
}

static void
test_s1_pagedaemon_revokes_managed_loan_mapping(void **state)
{
	const int u = 1, net = 2, pd = 3;
	int pg;
	struct step_result r;

	(void)state;
	s1_world(true);
	pg = page_of(1, 0);

	run_op(u);
	assert_int_equal(w.kloans[1].kl_managed, 1);
	assert_int_equal(kernel_pa(KLOAN_KVA), pg);
	assert_int_equal(pmap_pv_count(&w.pmap, pg), 1);

	/* memory pressure: the pagedaemon finds an inactive shortage */
	kick_pagedaemon();
	r = step(pd);
	/* the state predicate sees the revoked loan mapping at once */
	assert_true(violated);
	assert_int_equal(viol.inv, INV_LOAN_MAPPING_LOST);
	assert_string_equal(r.point, "uvmpdpol_balancequeue: next page");
	assert_int_equal(r.event_inv, INV_NONE);
	assert_true(w.pages[pg].pg_pqflags & PQ_INACTIVE);
	assert_int_equal(kernel_pa(KLOAN_KVA), 0);

	/* the network stack reads through the revoked mapping */
	r = step(net);
	assert_int_equal(r.event_inv, INV_LOAN_MAPPING_LOST);
	/* the loan is still returned: the world stays consistent */
	assert_int_equal(w.pages[pg].loan_count, 0);
	assert_int_equal(w.kloans[1].kl_page, 0);
}

static void
test_s1_fixed_kenter_mapping_survives(void **state)
{
	const int u = 1, net = 2, pd = 3;
	int pg;
	struct step_result r;

	(void)state;
	s1_world(false);
	pg = page_of(1, 0);

	run_op(u);
	assert_int_equal(w.kloans[1].kl_managed, 0);
	kick_pagedaemon();
	r = step(pd);
	assert_clean();
	assert_int_equal(r.event_inv, INV_NONE);
	/* deactivated, but the kenter mapping is untouched */
	assert_true(w.pages[pg].pg_pqflags & PQ_INACTIVE);
	assert_int_equal(kernel_pa(KLOAN_KVA), pg);

	r = step(net);
	assert_clean();
	assert_int_equal(r.event_inv, INV_NONE);
	assert_int_equal(w.pages[pg].loan_count, 0);
}

/* [2020] a wired page is not lent: EBUSY */
static void
test_send_refuses_wired_page(void **state)
{
	int obj, p, u, pg;

	(void)state;
	base_model();
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc();
	add_map(p, 0, 1, obj, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_MLOCK, 0, 1);
	add_op(u, OP_SEND, 0, 1);
	(void)add_thread(KT_NETISR, 0);
	start();
	pg = page_of(obj, 0);

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.pages[pg].wire_count, 1);
	run_op(u);
	assert_int_equal(w.threads[u].t_errno, M_EBUSY);
	assert_int_equal(w.pages[pg].loan_count, 0);
	assert_int_equal(w.kloans[1].kl_page, 0);
}

/* --------------------------------------------------------------- truncate */

/* ftruncate frees a mapped page past the new end and removes its mapping */
static void
test_truncate_frees_mapped_page(void **state)
{
	int obj, p, u, pg;

	(void)state;
	base_model();
	obj = add_obj(UOBJ_VNODE, 2, 2);
	p = add_proc();
	add_map(p, 0, 2, obj, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 1, VM_PROT_READ);
	add_op(u, OP_TRUNCATE, obj, 1);
	start();
	pg = page_of(obj, 1);
	assert_int_not_equal(pg, 0);

	run_op(u);
	assert_int_equal(user_pa(p, 1), pg);
	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.objs[obj].v_size, 1);
	assert_int_equal(page_of(obj, 1), 0);
	assert_true(w.pages[pg].pg_pqflags & PQ_FREE);
	assert_int_equal(user_pa(p, 1), 0);
	/* the page before the new end stays */
	assert_int_not_equal(page_of(obj, 0), 0);
}

/* ----------------------------------------------------------------- physio */

/* physio read: vslock wires, the DMA fills the page, vsunlock unwires */
static void
test_physio_read_completes_and_unwires(void **state)
{
	int p, u, pg;
	struct step_result r;

	(void)state;
	base_model();
	p = add_proc();
	add_map(p, 0, 1, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_PHYSIO_READ, 0, 1);
	start();

	r = run_to_point(u, "physio: biowait (DMA in flight)");
	(void)r;
	pg = user_pa(p, 0);
	assert_int_not_equal(pg, 0);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(w.bufs[1].b_kind, BUF_PHYSIO_READ);
	assert_int_equal(w.bufs[1].b_npages, 1);
	assert_int_equal(w.bufs[1].b_pages[0], pg);
	assert_int_equal(w.bufs[1].b_kva, VMAPBUF_KVA);
	assert_int_equal(kernel_pa(VMAPBUF_KVA), pg);
	assert_true(pmap_page_has_writable(&w.pmap, pg, false));

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_int_equal(w.bufs[1].b_kind, BUF_NONE);
	assert_int_equal(kernel_pa(VMAPBUF_KVA), 0);
	assert_int_equal(user_pa(p, 0), pg);
	assert_false(w.pages[pg].pg_flags & PG_CLEAN);
	assert_true(w.pages[pg].pg_pqflags & PQ_ACTIVE);
}

/*
 * S-10 (Uphoff's Problem 1): a truncation while physio's DMA targets an
 * mmapped file page.  Fixed profile: the vslock hold keeps the page (the
 * truncation only disowns it) until vsunlock.  K_VSLOCK_PIN wire-only:
 * genfs_putpages frees the wired page under the DMA (I6).
 */
static int
s10_world(int pin)
{
	int obj, p, u;

	base_model();
	m.knobs.v[K_VSLOCK_PIN] = (uint8_t)pin;
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc();
	add_map(p, 0, 1, obj, MMAP_SHARED, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_PHYSIO_READ, 0, 1);
	(void)add_thread(KT_NONE, p);	/* the truncator: another LWP */
	add_op(2, OP_TRUNCATE, obj, 0);
	start();
	return page_of(obj, 0);
}

static void
test_s10_fixed_hold_keeps_page_under_dma(void **state)
{
	const int u = 1, x = 2;
	int pg;

	(void)state;
	pg = s10_world(0);
	(void)run_to_point(u, "physio: biowait (DMA in flight)");
	assert_int_equal(w.bufs[1].b_pages[0], pg);
	assert_true(w.pages[pg].hold_count > 0);

	run_op(x);
	/* disowned, not freed: the DMA still has its page */
	assert_false(w.pages[pg].pg_pqflags & PQ_FREE);
	assert_int_equal(w.pages[pg].uobject, 0);
	assert_int_equal(user_pa(1, 0), 0);

	run_op(u);
	assert_int_equal(w.threads[u].t_errno, 0);
	assert_int_equal(w.bufs[1].b_kind, BUF_NONE);
	/* the last hold went with vsunlock: now it is free */
	assert_true(w.pages[pg].pg_pqflags & PQ_FREE);
}

static void
test_s10_wire_only_frees_page_under_dma(void **state)
{
	const int u = 1, x = 2;
	int pg;
	struct step_result r;

	(void)state;
	pg = s10_world(1);
	(void)run_to_point(u, "physio: biowait (DMA in flight)");
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(w.pages[pg].hold_count, 0);

	r = step(x);
	assert_int_equal(r.status, STEP_COMPLETED);
	assert_true(w.pages[pg].pg_pqflags & PQ_FREE);
	assert_int_equal(w.bufs[1].b_pages[0], pg);
	assert_true(violated);
	assert_int_equal(viol.inv, INV_FREED_PAGE_IN_USE);
}

/* ------------------------------------------------------------- pagedaemon */

static void
deactivate_all_unreferenced(void)
{
	struct step_ctx c;

	memset(&c, 0, sizeof(c));
	c.m = &m;
	for (int pg = 1; pg <= MAX_PAGES; pg++) {
		(void)pmap_clear_reference(&w.pmap, pg);
		if (w.pages[pg].pg_pqflags & PQ_ACTIVE)
			uvm_pagedeactivate(&w, &c, pg);
	}
}

/*
 * The pagedaemon frees a clean vnode page, pages out dirty anon pages;
 * the aiodone thread completes the writes; the next pass frees the
 * now-clean anon page.
 */
static void
test_pagedaemon_free_and_pageout(void **state)
{
	int obj, p, u, pd, aio, vpg, apg, anon, nbusy = 0;
	struct step_result r;

	(void)state;
	base_model();
	m.tun.npages = 5;
	m.tun.freetarg = 4;
	obj = add_obj(UOBJ_VNODE, 1, 1);
	p = add_proc();
	add_map(p, 0, 2, 0, MMAP_PRIVATE, VM_PROT_READ | VM_PROT_WRITE);
	u = add_thread(KT_NONE, p);
	add_op(u, OP_TOUCH, 0, VM_PROT_WRITE);
	add_op(u, OP_TOUCH, 1, VM_PROT_WRITE);
	pd = add_thread(KT_PAGEDAEMON, 0);
	aio = add_thread(KT_AIODONE, 0);
	start();
	vpg = page_of(obj, 0);

	run_op(u);
	run_op(u);
	apg = user_pa(p, 0);
	assert_int_not_equal(apg, 0);
	anon = w.pages[apg].uanon;
	assert_int_not_equal(anon, 0);
	assert_true(uvm_free_count(&w) < m.tun.freetarg);
	deactivate_all_unreferenced();

	kick_pagedaemon();
	/* the clean vnode page is freed first (page-index order) */
	r = step(pd);
	assert_clean();
	assert_string_equal(r.point, "uvmpd_scan_queue: next page");
	assert_int_equal(r.event_inv, INV_NONE);
	assert_true(w.pages[vpg].pg_pqflags & PQ_FREE);
	/* then dirty anon pages are paged out until free + paging is enough */
	for (int i = 0; i < 4 && thread_enabled(&w, &m, pd); i++) {
		r = step(pd);
		assert_clean();
		assert_int_equal(r.event_inv, INV_NONE);
	}
	assert_false(thread_enabled(&w, &m, pd));
	for (int b = 1; b <= MAX_BUFS; b++)
		if (w.bufs[b].b_kind == BUF_SWAP_WRITE) {
			int pg = w.bufs[b].b_pages[0];

			nbusy++;
			assert_true(w.pages[pg].pg_flags & PG_BUSY);
			assert_true(w.pages[pg].pg_flags & PG_PAGEOUT);
			assert_int_equal(w.anons[w.bufs[b].b_anon].an_swslot,
			    w.bufs[b].b_slot);
			assert_int_equal(w.pages[pg].pg_pqflags & PQ_QUEUES, 0);
		}
	assert_true(nbusy >= 1);
	assert_int_equal(w.uvmexp.paging, nbusy);
	assert_int_equal(user_pa(p, 0), 0);
	assert_true(thread_enabled(&w, &m, aio));

	/* aiodone completes every pageout */
	for (int i = 0; i < nbusy; i++) {
		r = step(aio);
		assert_clean();
		assert_string_equal(r.point, "uvm_aio_aiodone: pageout done");
		assert_int_equal(r.event_inv, INV_NONE);
	}
	r = step(aio);
	assert_clean();
	assert_int_equal(r.status, STEP_BLOCKED);
	assert_int_equal(w.uvmexp.paging, 0);
	assert_int_not_equal(w.anons[anon].an_swslot, 0);
	{
		int slot = w.anons[anon].an_swslot;

		assert_true(w.pages[apg].pg_flags & PG_CLEAN);
		assert_false(w.pages[apg].pg_flags & (PG_BUSY | PG_PAGEOUT));
		assert_true(w.pages[apg].pg_pqflags & PQ_INACTIVE);
		assert_int_equal(w.swap[slot].sw_state, SWS_INUSE);

		/* the next pass frees the clean anon page (data in swap) */
		kick_pagedaemon();
		r = step(pd);
		assert_clean();
		assert_int_equal(r.event_inv, INV_NONE);
		assert_true(w.pages[apg].pg_pqflags & PQ_FREE);
		assert_int_equal(w.anons[anon].an_page, 0);
		assert_int_equal(w.anons[anon].an_swslot, slot);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_send_then_netisr),
		cmocka_unit_test(test_send_kloan_wires_page),
		cmocka_unit_test(test_kloan_truncate_not_wired),
		cmocka_unit_test(
		    test_s1_pagedaemon_revokes_managed_loan_mapping),
		cmocka_unit_test(test_s1_fixed_kenter_mapping_survives),
		cmocka_unit_test(test_send_refuses_wired_page),
		cmocka_unit_test(test_truncate_frees_mapped_page),
		cmocka_unit_test(test_physio_read_completes_and_unwires),
		cmocka_unit_test(test_s10_fixed_hold_keeps_page_under_dma),
		cmocka_unit_test(test_s10_wire_only_frees_page_under_dma),
		cmocka_unit_test(test_pagedaemon_free_and_pageout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
