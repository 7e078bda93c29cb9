/*
 * test_invariants.c: unit tests of the invariant catalogue (invariants/)
 *
 * Worlds are built by hand: memset, then fields set directly, as the
 * model would leave them.  The base world is clean: kernel_map and two
 * processes A and B (vmspaces 2 and 3, pmaps active), a vnode f, pages
 * 1..8 free, threads t1 and t2 of A and a pagedaemon, all runnable.  For
 * every invariant with a predicate, one test breaks it and one keeps it
 * (the "holds" world is the smallest change that makes the same objects
 * legitimate).  At-op invariants are fed through w->event.
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
#include "invariants/invariants.h"

#define VA	2	/* vmspace of proc A */
#define VB	3	/* vmspace of proc B */
#define F	1	/* vnode f */
#define T1	1
#define T2	2
#define TPD	3

static struct world w;
static struct model m;
static struct inv_violation v;

static int
setup(void **state)
{
	(void)state;
	memset(&w, 0, sizeof(w));
	memset(&m, 0, sizeof(m));
	memset(&v, 0, sizeof(v));

	strcpy(m.name, "hand-built");
	m.tun.npages = 8;
	m.nobjs = 1;
	strcpy(m.objs[F].name, "f");
	m.objs[F].type = UOBJ_VNODE;
	m.nprocs = 2;
	strcpy(m.procs[1].name, "A");
	strcpy(m.procs[2].name, "B");
	m.nthreads = 3;
	strcpy(m.threads[T1].name, "t1");
	m.threads[T1].proc = 1;
	strcpy(m.threads[T2].name, "t2");
	m.threads[T2].proc = 1;
	strcpy(m.threads[TPD].name, "pagedaemon");
	m.threads[TPD].kthread = KT_PAGEDAEMON;

	w.objs[F].uo_type = UOBJ_VNODE;
	w.objs[F].v_size = 4;
	w.vms[KERNEL_VMSPACE].vm_flags = VM_MAP_INUSE | VM_MAP_KERNEL;
	w.vms[KERNEL_VMSPACE].vm_refs = 1;
	w.vms[VA].vm_flags = VM_MAP_INUSE;
	w.vms[VA].vm_refs = 1;
	w.vms[VB].vm_flags = VM_MAP_INUSE;
	w.vms[VB].vm_refs = 1;
	w.proc_vm[1] = VA;
	w.proc_vm[2] = VB;
	w.pmap.pmaps[KERNEL_VMSPACE].pm_flags = PM_ACTIVE | PM_STATIC_PTPS;
	w.pmap.pmaps[VA].pm_flags = PM_ACTIVE;
	w.pmap.pmaps[VB].pm_flags = PM_ACTIVE;
	for (int pg = 1; pg <= 8; pg++)
		w.pages[pg].pg_pqflags = PQ_FREE;
	for (int t = 1; t <= 3; t++) {
		w.threads[t].t_state = TS_RUN;
		w.threads[t].t_proc = (uint8_t)m.threads[t].proc;
	}
	return 0;
}

/* ---------------------------------------------------------------- builders */

/* pg becomes page off of object obj, active, clean */
static void
obj_page(int pg, int obj, int off)
{
	struct vm_page *p = &w.pages[pg];

	memset(p, 0, sizeof(*p));
	p->pg_pqflags = PQ_ACTIVE;
	p->pg_flags = PG_CLEAN;
	p->uobject = (uint8_t)obj;
	p->offset = (uint8_t)off;
}

/* pg becomes the page of a new anon an (an_ref 1), active, dirty */
static void
anon_page(int pg, int an)
{
	struct vm_page *p = &w.pages[pg];

	memset(p, 0, sizeof(*p));
	p->pg_pqflags = PQ_ACTIVE | PQ_ANON;
	p->uanon = (uint8_t)an;
	w.anons[an].an_ref = 1;
	w.anons[an].an_page = (uint8_t)pg;
	w.anons[an].an_flags = AN_INUSE;
}

/* a valid PTE: bits are PTE_MANAGED / PTE_WIRED | prot */
static void
map(int vm, int va, int pa, int bits)
{
	w.pmap.pmaps[vm].pm_pte[va].pte_pa = (uint8_t)pa;
	w.pmap.pmaps[vm].pm_pte[va].pte_bits = (uint8_t)(PTE_V | bits);
}

static void
entry(int e, int vm, int start, int end, int etype, int prot, int maxprot)
{
	struct vm_map_entry *ent = &w.entries[e];

	memset(ent, 0, sizeof(*ent));
	ent->vm = (uint8_t)vm;
	ent->start = (uint8_t)start;
	ent->end = (uint8_t)end;
	ent->etype = (uint8_t)(UVM_ET_INUSE | etype);
	ent->protection = (uint8_t)prot;
	ent->max_protection = (uint8_t)maxprot;
	ent->uobj = F;
}

static void
wiring(int i, int kind, int vm, int va, int pg)
{
	w.wirings[i].w_kind = (uint8_t)kind;
	w.wirings[i].w_vm = (uint8_t)vm;
	w.wirings[i].w_va = (uint8_t)va;
	w.wirings[i].w_page = (uint8_t)pg;
}

static void
sleep_on(int tid, int wchan, int wobj)
{
	w.threads[tid].t_state = TS_SLEEP;
	w.threads[tid].t_wchan = (uint8_t)wchan;
	w.threads[tid].t_wobj = (uint8_t)wobj;
}

static void
busy(int pg, int tid)
{
	w.pages[pg].pg_flags |= PG_BUSY;
	w.pages[pg].busy_tid = (uint8_t)tid;
}

#define R	VM_PROT_READ
#define RW	(VM_PROT_READ | VM_PROT_WRITE)
#define RWX	VM_PROT_ALL
#define MAN	PTE_MANAGED

/* the predicate fires with this invariant id */
#define FIRES(fn, id) do {						\
	memset(&v, 0xa5, sizeof(v));					\
	assert_true(fn(&w, &m, &v));					\
	assert_int_equal(v.inv, (id));					\
	assert_true(v.detail[0] != '\0');				\
} while (0)
#define HOLDS(fn) assert_false(fn(&w, &m, &v))

/* ------------------------------------------------------------- catalogue */

static void
test_catalogue_names(void **state)
{
	static const char *names[NINVS] = {
		[INV_WIRED_PAGE_QUEUED] = "wired-page-queued",
		[INV_WIRED_PAGE_DEACTIVATED] = "wired-page-deactivated",
		[INV_WIRED_MAPPING_LOST] = "wired-mapping-lost",
		[INV_WIRE_COUNT_MISMATCH] = "wire-count-mismatch",
		[INV_UNWIRE_WRONG_PAGE] = "unwire-wrong-page",
		[INV_FREED_PAGE_IN_USE] = "freed-page-in-use",
		[INV_LOANED_PAGE_WRITABLE] = "loaned-page-writable",
		[INV_LOANED_PAGE_WIRED] = "loaned-page-wired",
		[INV_LOAN_MAPPING_LOST] = "loan-mapping-lost",
		[INV_CLEAN_ANON_WITHOUT_SWAP] = "clean-anon-without-swap",
		[INV_SWAP_SLOT_REUSED] = "swap-slot-reused-in-flight",
		[INV_ANON_LOCK_DISCIPLINE] = "anon-lock-discipline",
		[INV_COW_PAGE_WRITABLE] = "cow-page-writable",
		[INV_STALE_SHARED_AMAP_MAPPING] = "stale-shared-amap-mapping",
		[INV_CANFAIL_PROGRESS] = "canfail-progress",
		[INV_PTP_STEAL_WIRED] = "ptp-steal-wired",
		[INV_BUSY_DEADLOCK] = "busy-deadlock",
		[INV_BUSY_WAIT_UNDER_MAP_LOCK] = "busy-wait-under-map-lock",
		[INV_PROTECTION_EXCEEDED] = "protection-exceeded",
		[INV_OWNERLESS_PAGE_UNLENT] = "ownerless-page-unlent",
		[INV_KERNEL_PANIC] = "kernel-panic",
		[INV_DEADLOCK] = "deadlock",
		[INV_NONPROGRESS_CYCLE] = "nonprogress-cycle",
		[INV_CALL_RESULT] = "call-result",
		[INV_SWAP_SLOT_LEAKED] = "swap-slot-leaked",
		[INV_ANON_REF_LEAKED] = "anon-ref-leaked",
		[INV_LOAN_COUNT_LEAKED] = "loan-count-leaked",
		[INV_PAGE_LOST] = "page-lost",
		[INV_PTP_FREED_IN_USE] = "ptp-freed-in-use",
		[INV_WIRING_ORPHANED] = "wiring-orphaned",
	};
	(void)state;
	for (int i = 1; i < NINVS; i++) {
		const struct inv_desc *d = &inv_descs[i];

		assert_int_equal(d->id, i);
		assert_string_equal(d->name, names[i]);
		assert_string_equal(inv_name(i), names[i]);
		assert_ptr_equal(inv_lookup(names[i]), d);
		assert_non_null(d->statement);
		assert_non_null(d->seed);
		assert_non_null(d->ref);
		if (i <= INV_OWNERLESS_PAGE_UNLENT) {
			char ref[8];

			snprintf(ref, sizeof(ref), "I%d", i);
			assert_string_equal(d->ref, ref);
			assert_ptr_equal(inv_lookup(ref), d);
		}
		if (i >= INV_SWAP_SLOT_LEAKED) {	/* the leaks: I21.. */
			char ref[8];

			snprintf(ref, sizeof(ref), "I%d",
			    21 + i - INV_SWAP_SLOT_LEAKED);
			assert_string_equal(d->ref, ref);
		}
		/* every invariant is checked some way */
		assert_true(d->check != NULL || d->at_op || d->liveness);
	}
	assert_null(inv_lookup("no-such-invariant"));
	assert_null(inv_lookup("-"));
	assert_string_equal(inv_name(0), "none");
	assert_string_equal(inv_name(NINVS), "unknown");
	assert_string_equal(inv_name(-1), "unknown");
}

static void
test_catalogue_kinds(void **state)
{
	static const int at_op[] = { INV_WIRED_PAGE_DEACTIVATED,
	    INV_UNWIRE_WRONG_PAGE, INV_ANON_LOCK_DISCIPLINE,
	    INV_CANFAIL_PROGRESS, INV_PTP_STEAL_WIRED, INV_KERNEL_PANIC };
	(void)state;
	for (size_t i = 0; i < sizeof(at_op) / sizeof(at_op[0]); i++) {
		assert_true(inv_descs[at_op[i]].at_op);
		assert_null(inv_descs[at_op[i]].check);
	}
	assert_true(inv_descs[INV_BUSY_WAIT_UNDER_MAP_LOCK].at_op);
	assert_non_null(inv_descs[INV_BUSY_WAIT_UNDER_MAP_LOCK].check);
	assert_true(inv_descs[INV_DEADLOCK].liveness);
	assert_non_null(inv_descs[INV_DEADLOCK].check);
	assert_true(inv_descs[INV_NONPROGRESS_CYCLE].liveness);
	assert_null(inv_descs[INV_NONPROGRESS_CYCLE].check);
}

static void
test_clean_world(void **state)
{
	(void)state;
	assert_false(inv_check_all(&w, &m, &v));

	/* a small legitimate world: A maps f's page 0 shared and mlocked */
	obj_page(3, F, 0);
	w.pages[3].pg_pqflags = 0;
	w.pages[3].wire_count = 1;
	entry(1, VA, 0, 2, 0, RW, RWX);
	w.entries[1].wired_count = 1;
	map(VA, 0, 3, MAN | PTE_WIRED | RW);
	wiring(1, WK_MLOCK, VA, 0, 3);
	anon_page(4, 1);
	w.pages[4].pg_pqflags |= PQ_ACTIVE;	/* unwired: queued (I24) */
	entry(2, VB, 4, 5, UVM_ET_COPYONWRITE, RW, RWX);
	w.entries[2].amap = 1;
	w.amaps[1].am_flags = AMAP_INUSE;
	w.amaps[1].am_ref = 1;
	w.amaps[1].am_anon[0] = 1;
	map(VB, 4, 4, MAN | RW);
	assert_false(inv_check_all(&w, &m, &v));
}

/* ------------------------------------------------------------ at-op events */

static void
test_events_reported(void **state)
{
	static const int evs[] = { INV_WIRED_PAGE_DEACTIVATED,
	    INV_UNWIRE_WRONG_PAGE, INV_ANON_LOCK_DISCIPLINE,
	    INV_CANFAIL_PROGRESS, INV_PTP_STEAL_WIRED,
	    INV_BUSY_WAIT_UNDER_MAP_LOCK, INV_LOANED_PAGE_WIRED,
	    INV_KERNEL_PANIC };
	(void)state;
	for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++) {
		char line[256];

		w.event.ev_inv = (uint8_t)evs[i];
		w.event.ev_tid = T2;
		w.event.ev_obj[0] = 3;
		w.event.ev_obj[1] = 4;
		assert_true(inv_check_all(&w, &m, &v));
		assert_int_equal(v.inv, evs[i]);
		assert_int_equal(v.tid, T2);
		assert_int_equal(v.obj[0], 3);
		assert_int_equal(v.obj[1], 4);
		inv_describe(&w, &m, &v, line, sizeof(line));
		assert_non_null(strstr(line, inv_name(evs[i])));
		assert_non_null(strstr(line, "thread t2"));
	}
}

static void
test_event_before_state(void **state)
{
	(void)state;
	/* a broken state (I1) and a kernel panic in the same step */
	obj_page(3, F, 0);
	w.pages[3].wire_count = 1;
	wiring(1, WK_VSLOCK, VA, 0, 3);
	w.event.ev_inv = INV_KERNEL_PANIC;
	w.event.ev_tid = T1;
	assert_true(inv_check_all(&w, &m, &v));
	assert_int_equal(v.inv, INV_KERNEL_PANIC);
	w.event.ev_inv = INV_NONE;
	assert_true(inv_check_all(&w, &m, &v));
	assert_int_equal(v.inv, INV_WIRED_PAGE_QUEUED);
}

static void
test_catalogue_order(void **state)
{
	(void)state;
	/* I6 (free page lent) and I1 (wired queued) both broken: I1 first */
	w.pages[5].loan_count = 1;
	obj_page(3, F, 0);
	w.pages[3].wire_count = 1;
	wiring(1, WK_VSLOCK, VA, 0, 3);
	assert_true(inv_check_all(&w, &m, &v));
	assert_int_equal(v.inv, INV_WIRED_PAGE_QUEUED);
	w.pages[3].pg_pqflags = 0;
	assert_true(inv_check_all(&w, &m, &v));
	assert_int_equal(v.inv, INV_FREED_PAGE_IN_USE);
}

static void
test_liveness_not_in_check_all(void **state)
{
	(void)state;
	sleep_on(T1, WC_BUF, 1);
	sleep_on(T2, WC_BUF, 2);
	sleep_on(TPD, WC_PDAEMON, 0);
	assert_false(inv_check_all(&w, &m, &v));
	FIRES(inv_check_deadlock, INV_DEADLOCK);
}

/* ------------------------------------------------------------------- I1 */

static void
test_i1_wired_page_queued(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	w.pages[3].wire_count = 1;
	FIRES(inv_check_wired_page_queued, INV_WIRED_PAGE_QUEUED);
	assert_int_equal(v.obj[0], 3);
	w.pages[3].pg_pqflags = PQ_INACTIVE;
	FIRES(inv_check_wired_page_queued, INV_WIRED_PAGE_QUEUED);
	w.pages[3].pg_pqflags = 0;	/* uvm_pagewire dequeued it */
	HOLDS(inv_check_wired_page_queued);
	w.pages[3].wire_count = 0;
	w.pages[3].pg_pqflags = PQ_ACTIVE;
	HOLDS(inv_check_wired_page_queued);
}

static void
test_i1_ptp_queued(void **state)
{
	(void)state;
	memset(&w.pages[4], 0, sizeof(w.pages[4]));
	w.pages[4].pg_flags = PG_PTP;
	HOLDS(inv_check_wired_page_queued);
	w.pages[4].pg_pqflags = PQ_ACTIVE;
	FIRES(inv_check_wired_page_queued, INV_WIRED_PAGE_QUEUED);
	/* installed as a PTP but without the flag: still a PTP */
	w.pages[4].pg_flags = 0;
	w.pmap.pmaps[VA].pm_ptp[0] = 4;
	FIRES(inv_check_wired_page_queued, INV_WIRED_PAGE_QUEUED);
}

/* ------------------------------------------------------------------- I3 */

static void
setup_mlocked(void)
{
	obj_page(3, F, 0);
	w.pages[3].pg_pqflags = 0;
	w.pages[3].wire_count = 1;
	entry(1, VA, 2, 4, 0, RW, RWX);
	w.entries[1].wired_count = 1;
	wiring(1, WK_MLOCK, VA, 2, 3);
	map(VA, 2, 3, MAN | PTE_WIRED | RW);
}

static void
test_i3_holds(void **state)
{
	(void)state;
	setup_mlocked();
	HOLDS(inv_check_wired_mapping_lost);
	/* va 3 of the entry was never wired: no mapping needed */
	assert_false(inv_check_all(&w, &m, &v));
	/* a lost record (page truncated, S-6) needs no mapping */
	w.wirings[1].w_page = 0;
	map(VA, 2, 0, 0);
	w.pmap.pmaps[VA].pm_pte[2].pte_bits = 0;
	HOLDS(inv_check_wired_mapping_lost);
	/* a vslock record alone does not make the entry's va "wired" */
	wiring(1, WK_VSLOCK, VA, 2, 3);
	HOLDS(inv_check_wired_mapping_lost);
}

static void
test_i3_unwired_pte(void **state)
{
	(void)state;
	setup_mlocked();
	/* vsunlock's pmap_unwire of the mlocked va (S-4) */
	w.pmap.pmaps[VA].pm_pte[2].pte_bits &= (uint8_t)~PTE_WIRED;
	FIRES(inv_check_wired_mapping_lost, INV_WIRED_MAPPING_LOST);
	assert_int_equal(v.obj[0], 1);
	assert_int_equal(v.obj[1], 2);
	assert_int_equal(v.obj[2], 3);
	/* the entry is no longer wired: nothing to check */
	w.entries[1].wired_count = 0;
	HOLDS(inv_check_wired_mapping_lost);
}

static void
test_i3_mapping_gone(void **state)
{
	(void)state;
	setup_mlocked();
	/* pmap_page_protect(NONE) removed the wired mapping (S-5) */
	w.pmap.pmaps[VA].pm_pte[2].pte_bits = 0;
	w.pmap.pmaps[VA].pm_pte[2].pte_pa = 0;
	FIRES(inv_check_wired_mapping_lost, INV_WIRED_MAPPING_LOST);
	/* a dead vmspace is not checked */
	w.vms[VA].vm_flags = 0;
	HOLDS(inv_check_wired_mapping_lost);
}

/* ------------------------------------------------------------------- I4 */

static void
test_i4_wire_count(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	w.pages[3].pg_pqflags = 0;
	w.pages[3].wire_count = 1;
	FIRES(inv_check_wire_count_mismatch, INV_WIRE_COUNT_MISMATCH);
	wiring(1, WK_VSLOCK, VA, 0, 3);
	HOLDS(inv_check_wire_count_mismatch);
	wiring(2, WK_MLOCK, VA, 0, 3);
	FIRES(inv_check_wire_count_mismatch, INV_WIRE_COUNT_MISMATCH);
	w.pages[3].wire_count = 2;
	HOLDS(inv_check_wire_count_mismatch);
	/* a lost record does not count */
	w.wirings[2].w_page = 0;
	FIRES(inv_check_wire_count_mismatch, INV_WIRE_COUNT_MISMATCH);
}

static void
test_i4_underflow(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	w.pages[3].wire_count = 255;	/* uvm_pageunwire at 0 */
	FIRES(inv_check_wire_count_mismatch, INV_WIRE_COUNT_MISMATCH);
	assert_non_null(strstr(v.detail, "wrapped"));
}

static void
test_i4_ptp_and_free_excluded(void **state)
{
	(void)state;
	memset(&w.pages[4], 0, sizeof(w.pages[4]));
	w.pages[4].pg_flags = PG_PTP;
	w.pages[4].wire_count = 3;	/* i386: 1 + valid PTEs */
	HOLDS(inv_check_wire_count_mismatch);
	w.pages[5].wire_count = 1;	/* free: I6's business */
	HOLDS(inv_check_wire_count_mismatch);
}

/* ------------------------------------------------------------------- I6 */

static void
test_i6_free_page_kmap(void **state)
{
	(void)state;
	HOLDS(inv_check_freed_page_in_use);
	/* vmapbuf's kenter mapping of a page truncate freed (S-10) */
	map(KERNEL_VMSPACE, 8, 3, RW);
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	assert_int_equal(v.obj[0], 3);
	assert_non_null(strstr(v.detail, "kenter"));
	map(KERNEL_VMSPACE, 8, 0, 0);
	w.pmap.pmaps[KERNEL_VMSPACE].pm_pte[8].pte_bits = 0;
	HOLDS(inv_check_freed_page_in_use);
}

static void
test_i6_free_page_managed(void **state)
{
	(void)state;
	/* hp300 pmap_page_protect skipped the wired mapping (S-3) */
	map(VA, 1, 3, MAN | PTE_WIRED | R);
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	assert_non_null(strstr(v.detail, "managed"));
	/* a PTE in an inactive pmap is no mapping */
	w.pmap.pmaps[VA].pm_flags = 0;
	HOLDS(inv_check_freed_page_in_use);
}

static void
test_i6_free_page_dma(void **state)
{
	(void)state;
	w.bufs[1].b_kind = BUF_PHYSIO_READ;
	w.bufs[1].b_npages = 1;
	w.bufs[1].b_pages[0] = 3;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	assert_non_null(strstr(v.detail, "buf 1"));
	w.bufs[1].b_pages[0] = 4;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	obj_page(4, F, 0);
	HOLDS(inv_check_freed_page_in_use);
}

static void
test_i6_free_page_fields(void **state)
{
	(void)state;
	w.pages[3].wire_count = 1;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.pages[3].wire_count = 0;
	w.pages[3].loan_count = 1;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.pages[3].loan_count = 0;
	w.pages[3].hold_count = 1;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.pages[3].hold_count = 0;
	w.pages[3].uobject = F;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.pages[3].uobject = 0;
	w.pages[3].uanon = 1;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.pages[3].uanon = 0;
	w.anons[2].an_ref = 1;
	w.anons[2].an_page = 3;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.anons[2].an_page = 0;
	w.kloans[1].kl_page = 3;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.kloans[1].kl_page = 0;
	w.pmap.pmaps[VB].pm_ptp[1] = 3;
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.pmap.pmaps[VB].pm_ptp[1] = 0;
	busy(3, T1);
	FIRES(inv_check_freed_page_in_use, INV_FREED_PAGE_IN_USE);
	w.pages[3].pg_flags = 0;
	w.pages[3].busy_tid = 0;
	HOLDS(inv_check_freed_page_in_use);
}

/* ------------------------------------------------------------------- I7 */

static void
test_i7_loaned_writable(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	w.pages[3].loan_count = 1;
	map(VA, 0, 3, MAN | R);
	map(KERNEL_VMSPACE, 12, 3, R);
	HOLDS(inv_check_loaned_page_writable);
	/* a managed mapping the first loan failed to read-protect */
	map(VB, 0, 3, MAN | RW);
	FIRES(inv_check_loaned_page_writable, INV_LOANED_PAGE_WRITABLE);
	assert_int_equal(v.obj[1], VB);
	assert_int_equal(v.obj[2], 0);
	map(VB, 0, 3, MAN | R);
	HOLDS(inv_check_loaned_page_writable);
	/* the kernel's kenter mapping of the loan is writable (S-2) */
	map(KERNEL_VMSPACE, 12, 3, RW);
	FIRES(inv_check_loaned_page_writable, INV_LOANED_PAGE_WRITABLE);
	assert_non_null(strstr(v.detail, "kenter"));
	/* an unlent page may be mapped writable */
	w.pages[3].loan_count = 0;
	HOLDS(inv_check_loaned_page_writable);
}

/* ------------------------------------------------------------------- I8 */

static void
test_i8_loaned_wired(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	w.pages[3].pg_pqflags = 0;
	w.pages[3].loan_count = 1;
	w.pages[3].wire_count = 1;
	wiring(1, WK_VSLOCK, VA, 0, 3);	/* vslock(READ) of a lent page */
	FIRES(inv_check_loaned_page_wired, INV_LOANED_PAGE_WIRED);
	assert_non_null(strstr(v.detail, "vslock"));
	/* the 1999-2001 design: the loan itself wired the page */
	wiring(1, WK_KLOAN, 0, 12, 3);
	HOLDS(inv_check_loaned_page_wired);
	/* ... and a vslock on top of it is still a violation (S-13) */
	wiring(2, WK_VSLOCK, VA, 0, 3);
	w.pages[3].wire_count = 2;
	FIRES(inv_check_loaned_page_wired, INV_LOANED_PAGE_WIRED);
	/* wired but not lent: not I8's business */
	w.pages[3].loan_count = 0;
	HOLDS(inv_check_loaned_page_wired);
}

/* ------------------------------------------------------------------- I9 */

static void
test_i9_loan_mapping(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	w.pages[3].loan_count = 1;
	w.kloans[1].kl_page = 3;
	w.kloans[1].kl_kva = 12;
	w.kloans[1].kl_tid = T1;
	map(KERNEL_VMSPACE, 12, 3, R);
	HOLDS(inv_check_loan_mapping_lost);
	/* the pagedaemon revoked the managed kernel mapping (S-1) */
	w.pmap.pmaps[KERNEL_VMSPACE].pm_pte[12].pte_bits = 0;
	w.pmap.pmaps[KERNEL_VMSPACE].pm_pte[12].pte_pa = 0;
	FIRES(inv_check_loan_mapping_lost, INV_LOAN_MAPPING_LOST);
	assert_int_equal(v.obj[0], 3);
	assert_int_equal(v.obj[1], 1);
	assert_int_equal(v.obj[2], 12);
	map(KERNEL_VMSPACE, 12, 4, R);
	FIRES(inv_check_loan_mapping_lost, INV_LOAN_MAPPING_LOST);
	w.kloans[1].kl_page = 0;	/* returned: nothing to check */
	HOLDS(inv_check_loan_mapping_lost);
}

/* ------------------------------------------------------------------ I10 */

static void
test_i10_clean_anon(void **state)
{
	(void)state;
	anon_page(3, 1);
	HOLDS(inv_check_clean_anon_without_swap);	/* dirty */
	w.pages[3].pg_flags = PG_CLEAN;
	/* uvm_anon_dropswap left PG_CLEAN (PR 7578, S-8) */
	FIRES(inv_check_clean_anon_without_swap, INV_CLEAN_ANON_WITHOUT_SWAP);
	assert_int_equal(v.obj[0], 3);
	assert_int_equal(v.obj[1], 1);
	w.anons[1].an_swslot = 2;
	FIRES(inv_check_clean_anon_without_swap, INV_CLEAN_ANON_WITHOUT_SWAP);
	w.swap[2].sw_state = SWS_INUSE;
	w.swap[2].sw_anon = 1;
	HOLDS(inv_check_clean_anon_without_swap);
	/* busy or fake pages are in transition */
	w.anons[1].an_swslot = 0;
	w.pages[3].pg_flags = PG_CLEAN | PG_BUSY;
	HOLDS(inv_check_clean_anon_without_swap);
	w.pages[3].pg_flags = PG_CLEAN | PG_FAKE;
	HOLDS(inv_check_clean_anon_without_swap);
	/* object pages are clean against their vnode */
	obj_page(4, F, 0);
	HOLDS(inv_check_clean_anon_without_swap);
}

static void
test_i10_clean_aobj(void **state)
{
	(void)state;
	w.objs[2].uo_type = UOBJ_AOBJ;
	obj_page(4, 2, 0);
	FIRES(inv_check_clean_anon_without_swap, INV_CLEAN_ANON_WITHOUT_SWAP);
	w.pages[4].pg_flags = 0;
	HOLDS(inv_check_clean_anon_without_swap);
}

/* ------------------------------------------------------------------ I11 */

static void
setup_pageout(void)
{
	anon_page(3, 1);
	busy(3, TPD);
	w.pages[3].pg_flags |= PG_PAGEOUT;
	w.anons[1].an_swslot = 1;
	w.swap[1].sw_state = SWS_INUSE;
	w.swap[1].sw_anon = 1;
	w.bufs[1].b_kind = BUF_SWAP_WRITE;
	w.bufs[1].b_async = 1;
	w.bufs[1].b_npages = 1;
	w.bufs[1].b_pages[0] = 3;
	w.bufs[1].b_slot = 1;
	w.bufs[1].b_anon = 1;
}

static void
test_i11_slot_in_flight(void **state)
{
	(void)state;
	setup_pageout();
	HOLDS(inv_check_swap_slot_reused);
	assert_false(inv_check_all(&w, &m, &v));
	/* uvm_anfree released the slot during the write (S-7) */
	w.anons[1].an_swslot = 0;
	w.swap[1].sw_state = SWS_FREE;
	w.swap[1].sw_anon = 0;
	FIRES(inv_check_swap_slot_reused, INV_SWAP_SLOT_REUSED);
	assert_int_equal(v.obj[0], 1);
	/* ... and uvm_swap_alloc handed it to anon 2 */
	w.swap[1].sw_state = SWS_INUSE;
	w.swap[1].sw_anon = 2;
	FIRES(inv_check_swap_slot_reused, INV_SWAP_SLOT_REUSED);
	assert_int_equal(v.obj[2], 2);
	/* the write completed: no buf, no constraint */
	memset(&w.bufs[1], 0, sizeof(w.bufs[1]));
	HOLDS(inv_check_swap_slot_reused);
}

static void
test_i11_slot_shared(void **state)
{
	(void)state;
	anon_page(3, 1);
	anon_page(4, 2);
	w.anons[1].an_swslot = 1;
	w.anons[2].an_swslot = 2;
	w.swap[1].sw_state = SWS_INUSE;
	w.swap[2].sw_state = SWS_INUSE;
	HOLDS(inv_check_swap_slot_reused);
	w.anons[2].an_swslot = 1;
	FIRES(inv_check_swap_slot_reused, INV_SWAP_SLOT_REUSED);
	assert_int_equal(v.obj[1], 1);
	assert_int_equal(v.obj[2], 2);
	/* a freed anon's stale slot number is no sharing */
	w.anons[2].an_ref = 0;
	w.anons[2].an_flags = 0;
	HOLDS(inv_check_swap_slot_reused);
}

/* ------------------------------------------------------------------ I13 */

static void
test_i13_shared_anon_writable(void **state)
{
	(void)state;
	anon_page(3, 1);
	map(VA, 0, 3, MAN | RW);
	HOLDS(inv_check_cow_page_writable);	/* an_ref 1 */
	w.anons[1].an_ref = 2;			/* fork shared it */
	FIRES(inv_check_cow_page_writable, INV_COW_PAGE_WRITABLE);
	assert_int_equal(v.obj[0], 3);
	assert_int_equal(v.obj[1], VA);
	map(VA, 0, 3, MAN | R);		/* write-protected by fork */
	HOLDS(inv_check_cow_page_writable);
}

static void
test_i13_fork_cow_now(void **state)
{
	(void)state;
	anon_page(3, 1);
	w.anons[1].an_ref = 2;
	w.pages[3].pg_pqflags = PQ_ANON;
	w.pages[3].wire_count = 1;
	map(VA, 0, 3, MAN | PTE_WIRED | RW);
	FIRES(inv_check_cow_page_writable, INV_COW_PAGE_WRITABLE);
	/* uvmspace_fork -> amap_cow_now is copying the wired entry */
	w.threads[T1].t_depth = 2;
	w.threads[T1].t_frames[0].fn = FN_OP_FORK;
	w.threads[T1].t_frames[1].fn = FN_AMAP_COW_NOW;
	HOLDS(inv_check_cow_page_writable);
	/* ... which excuses wired mappings only */
	map(VB, 0, 3, MAN | RW);
	FIRES(inv_check_cow_page_writable, INV_COW_PAGE_WRITABLE);
}

static void
test_i13_cow_entry(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	entry(1, VA, 0, 1, UVM_ET_COPYONWRITE, RW, RWX);
	map(VA, 0, 3, MAN | R);
	HOLDS(inv_check_cow_page_writable);
	map(VA, 0, 3, MAN | RW);
	FIRES(inv_check_cow_page_writable, INV_COW_PAGE_WRITABLE);
	assert_non_null(strstr(v.detail, "copy-on-write"));
	/* MAP_SHARED: writing the object page is the point */
	w.entries[1].etype = UVM_ET_INUSE;
	HOLDS(inv_check_cow_page_writable);
	/* a private entry mapping its own anon's page writable */
	w.entries[1].etype = UVM_ET_INUSE | UVM_ET_COPYONWRITE;
	anon_page(4, 1);
	map(VA, 0, 4, MAN | RW);
	HOLDS(inv_check_cow_page_writable);
}

/* ------------------------------------------------------------------ I14 */

static void
setup_shared_amap(void)
{
	obj_page(3, F, 0);	/* the library page P */
	anon_page(4, 1);	/* the anon ptrace promoted P into */
	w.amaps[1].am_flags = AMAP_INUSE | AMAP_SHARED;
	w.amaps[1].am_ref = 2;
	w.amaps[1].am_anon[1] = 1;
	entry(1, VB, 0, 2, UVM_ET_COPYONWRITE, R | VM_PROT_EXECUTE, RWX);
	w.entries[1].amap = 1;
	entry(2, KERNEL_VMSPACE, 4, 6, UVM_ET_COPYONWRITE | UVM_ET_QREF, RWX,
	    RWX);
	w.entries[2].amap = 1;
}

static void
test_i14_stale_mapping(void **state)
{
	(void)state;
	setup_shared_amap();
	HOLDS(inv_check_stale_shared_amap_mapping);
	map(VB, 1, 4, MAN | R);		/* the anon's page: fine */
	map(VB, 0, 3, MAN | R);		/* slot 0 has no anon: fine */
	HOLDS(inv_check_stale_shared_amap_mapping);
	map(VB, 1, 3, MAN | R);		/* the old object page: stale */
	FIRES(inv_check_stale_shared_amap_mapping,
	    INV_STALE_SHARED_AMAP_MAPPING);
	assert_int_equal(v.obj[0], 1);
	assert_int_equal(v.obj[1], 1);
	assert_int_equal(v.obj[2], 3);
	/* an unshared amap is not I14's business */
	w.amaps[1].am_flags = AMAP_INUSE;
	HOLDS(inv_check_stale_shared_amap_mapping);
}

static void
test_i14_kernel_sharer(void **state)
{
	(void)state;
	setup_shared_amap();
	map(KERNEL_VMSPACE, 5, 4, MAN | RW);
	HOLDS(inv_check_stale_shared_amap_mapping);
	map(KERNEL_VMSPACE, 5, 3, MAN | R);
	FIRES(inv_check_stale_shared_amap_mapping,
	    INV_STALE_SHARED_AMAP_MAPPING);
	assert_int_equal(v.obj[0], 2);
}

/* ------------------------------------------------------------------ I17 */

static void
test_i17_self_deadlock(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	busy(3, T1);
	HOLDS(inv_check_busy_deadlock);
	/* vslock busied page 3 at va1 and finds it busy at va2 (S-12a) */
	w.pages[3].pg_flags |= PG_WANTED;
	sleep_on(T1, WC_PAGE, 3);
	FIRES(inv_check_busy_deadlock, INV_BUSY_DEADLOCK);
	assert_int_equal(v.tid, T1);
	assert_non_null(strstr(v.detail, "itself"));
}

static void
test_i17_page_cycle(void **state)
{
	(void)state;
	obj_page(3, F, 5);
	obj_page(4, F, 2);
	busy(3, T1);
	busy(4, T2);
	sleep_on(T1, WC_PAGE, 4);
	HOLDS(inv_check_busy_deadlock);		/* t2 still runs */
	sleep_on(T2, WC_PAGE, 3);		/* S-12b */
	FIRES(inv_check_busy_deadlock, INV_BUSY_DEADLOCK);
	assert_int_equal(v.obj[0], T1);
	assert_int_equal(v.obj[1], T2);
	assert_non_null(strstr(v.detail, "t1 waits page 4"));
	assert_non_null(strstr(v.detail, "t2 waits page 3"));
}

static void
test_i17_map_cycle(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	busy(3, T2);
	/* t1 write-locks map A and waits for page 3, busy by t2 */
	w.vms[VA].vm_writer = T1;
	sleep_on(T1, WC_PAGE, 3);
	HOLDS(inv_check_busy_deadlock);
	/* t2, a fault holding page 3 busy, waits for map A's lock */
	sleep_on(T2, WC_MAPLOCK, VA);
	FIRES(inv_check_busy_deadlock, INV_BUSY_DEADLOCK);
	/* vm_map_busy by t1 instead of the write lock: same cycle */
	w.vms[VA].vm_writer = 0;
	w.vms[VA].vm_busy = T1;
	FIRES(inv_check_busy_deadlock, INV_BUSY_DEADLOCK);
	/* t2's own map busy does not block t2 */
	w.vms[VA].vm_busy = T2;
	HOLDS(inv_check_busy_deadlock);
}

static void
test_i17_chain_without_cycle(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	obj_page(4, F, 1);
	busy(3, T2);
	busy(4, TPD);
	sleep_on(T1, WC_PAGE, 3);
	sleep_on(T2, WC_PAGE, 4);
	HOLDS(inv_check_busy_deadlock);		/* the pagedaemon runs */
	/* a page that is no longer busy is no edge */
	sleep_on(TPD, WC_PAGE, 3);
	FIRES(inv_check_busy_deadlock, INV_BUSY_DEADLOCK);
	w.pages[3].pg_flags = PG_CLEAN;
	w.pages[3].busy_tid = 0;
	HOLDS(inv_check_busy_deadlock);
}

/* ------------------------------------------------------------------ I18 */

static void
test_i18_busy_wait_map_locked(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	busy(3, T2);
	sleep_on(T1, WC_PAGE, 3);
	HOLDS(inv_check_busy_wait_under_map_lock);
	w.vms[VA].vm_writer = T1;
	FIRES(inv_check_busy_wait_under_map_lock,
	    INV_BUSY_WAIT_UNDER_MAP_LOCK);
	assert_int_equal(v.tid, T1);
	assert_int_equal(v.obj[0], 3);
	assert_int_equal(v.obj[1], VA);
	/* the map busied and unlocked (uvm_map_pageable) is allowed */
	w.vms[VA].vm_writer = 0;
	w.vms[VA].vm_busy = T1;
	HOLDS(inv_check_busy_wait_under_map_lock);
}

/* ------------------------------------------------------------------ I19 */

static void
test_i19_entry_prot(void **state)
{
	(void)state;
	entry(1, VA, 0, 2, 0, R, R);
	HOLDS(inv_check_protection_exceeded);
	w.entries[1].protection = RW;
	FIRES(inv_check_protection_exceeded, INV_PROTECTION_EXCEEDED);
	assert_int_equal(v.obj[0], 1);
	/* kernel_map entries are checked too */
	w.entries[1].protection = R;
	entry(2, KERNEL_VMSPACE, 4, 6, 0, RWX, R);
	FIRES(inv_check_protection_exceeded, INV_PROTECTION_EXCEEDED);
}

static void
test_i19_pte_prot(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	entry(1, VA, 0, 2, 0, R, RWX);
	map(VA, 1, 3, MAN | R);
	HOLDS(inv_check_protection_exceeded);
	map(VA, 1, 3, MAN | RW);
	FIRES(inv_check_protection_exceeded, INV_PROTECTION_EXCEEDED);
	assert_int_equal(v.obj[0], 1);
	assert_int_equal(v.obj[1], 1);
	assert_int_equal(v.obj[2], VA);
}

static void
test_i19_pte_without_entry(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	map(VA, 7, 3, MAN | R);		/* munmap left a PTE */
	FIRES(inv_check_protection_exceeded, INV_PROTECTION_EXCEEDED);
	assert_int_equal(v.obj[0], 0);
	assert_int_equal(v.obj[1], 7);
	/* the kernel pmap's windows have no entries: not checked */
	w.pmap.pmaps[VA].pm_pte[7].pte_bits = 0;
	map(KERNEL_VMSPACE, 12, 3, MAN | R);
	HOLDS(inv_check_protection_exceeded);
}

/* ------------------------------------------------------------------ I20 */

static void
test_i20_ownerless(void **state)
{
	(void)state;
	memset(&w.pages[3], 0, sizeof(w.pages[3]));
	w.pages[3].loan_count = 1;	/* loanbreak orphaned it, still lent */
	HOLDS(inv_check_ownerless_page_unlent);
	w.pages[3].loan_count = 0;	/* last unloan forgot to free it */
	FIRES(inv_check_ownerless_page_unlent, INV_OWNERLESS_PAGE_UNLENT);
	assert_int_equal(v.obj[0], 3);
	w.pages[3].hold_count = 1;	/* truncate disowned a held page */
	HOLDS(inv_check_ownerless_page_unlent);
	w.pages[3].hold_count = 0;
	w.pages[3].uanon = 2;		/* an O->A anon may adopt it */
	HOLDS(inv_check_ownerless_page_unlent);
	w.pages[3].uanon = 0;
	w.pages[3].pg_flags = PG_BUSY | PG_FAKE | PG_CLEAN;	/* allocating */
	w.pages[3].busy_tid = T1;
	HOLDS(inv_check_ownerless_page_unlent);
	w.pages[3].pg_flags = PG_BUSY;
	FIRES(inv_check_ownerless_page_unlent, INV_OWNERLESS_PAGE_UNLENT);
}

static void
test_i20_owned_excluded(void **state)
{
	(void)state;
	obj_page(3, F, 0);
	anon_page(4, 1);
	memset(&w.pages[5], 0, sizeof(w.pages[5]));
	w.pages[5].pg_flags = PG_PTP;
	HOLDS(inv_check_ownerless_page_unlent);
	w.pages[5].pg_flags = 0;
	FIRES(inv_check_ownerless_page_unlent, INV_OWNERLESS_PAGE_UNLENT);
}

/* ------------------------------------------------------------- deadlock */

static void
test_deadlock(void **state)
{
	(void)state;
	sleep_on(T1, WC_BUF, 1);
	HOLDS(inv_check_deadlock);
	sleep_on(T2, WC_FREE, 0);
	HOLDS(inv_check_deadlock);		/* the pagedaemon runs */
	sleep_on(TPD, WC_PDAEMON, 0);
	FIRES(inv_check_deadlock, INV_DEADLOCK);
	assert_int_equal(v.tid, T1);
	/* only kernel threads asleep: an idle system */
	w.threads[T1].t_state = TS_DONE;
	w.threads[T2].t_state = TS_DONE;
	HOLDS(inv_check_deadlock);
}

/* -------------------------------------------------------------- describe */

static void
test_describe(void **state)
{
	char line[256];

	(void)state;
	obj_page(3, F, 0);
	w.pages[3].pg_pqflags = 0;
	w.pages[3].loan_count = 1;
	w.pages[3].wire_count = 1;
	wiring(1, WK_VSLOCK, VA, 0, 3);
	assert_true(inv_check_all(&w, &m, &v));
	assert_int_equal(v.inv, INV_LOANED_PAGE_WIRED);
	v.tid = T1;
	inv_describe(&w, &m, &v, line, sizeof(line));
	assert_non_null(strstr(line, "loaned-page-wired (I8): thread t1: "
	    "page 3 (vnode f offset 0) wire_count 1 loan_count 1: "));
	assert_non_null(strstr(line, "vslock"));

	/* a short buffer is cut, not overrun */
	memset(line, 'x', sizeof(line));
	inv_describe(&w, &m, &v, line, 16);
	assert_int_equal(strlen(line), 15);
	assert_int_equal(line[16], 'x');
}

static void
test_describe_objects(void **state)
{
	char line[256];

	(void)state;
	setup_mlocked();
	w.pmap.pmaps[VA].pm_pte[2].pte_bits &= (uint8_t)~PTE_WIRED;
	assert_true(inv_check_all(&w, &m, &v));
	assert_int_equal(v.inv, INV_WIRED_MAPPING_LOST);
	inv_describe(&w, &m, &v, line, sizeof(line));
	assert_non_null(strstr(line, "wired-mapping-lost (I3): entry 1 (A "
	    "va 2-3 vnode f offset 0 shared rw-/rwx wired_count 1), va 2, "
	    "page 3"));
	assert_null(strstr(line, "thread"));

	/* an anon page, a swap slot */
	memset(&w, 0, sizeof(w));
	setup(NULL);
	anon_page(3, 1);
	w.pages[3].pg_flags = PG_CLEAN;
	w.anons[1].an_swslot = 2;
	assert_true(inv_check_all(&w, &m, &v));
	inv_describe(&w, &m, &v, line, sizeof(line));
	assert_non_null(strstr(line, "page 3 (anon 1)"));
	assert_non_null(strstr(line, "anon 1 (an_ref 1 page 3 swslot 2)"));
	assert_non_null(strstr(line, "swap slot 2 (free)"));

	/* a deadlock cycle names the threads */
	setup(NULL);
	obj_page(3, F, 0);
	obj_page(4, F, 1);
	busy(3, T1);
	busy(4, T2);
	sleep_on(T1, WC_PAGE, 4);
	sleep_on(T2, WC_PAGE, 3);
	assert_true(inv_check_all(&w, &m, &v));
	inv_describe(&w, &m, &v, line, sizeof(line));
	assert_non_null(strstr(line, "busy-deadlock (I17): thread t1: "
	    "thread t1, thread t2: cycle:"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_catalogue_names, setup),
		cmocka_unit_test_setup(test_catalogue_kinds, setup),
		cmocka_unit_test_setup(test_clean_world, setup),
		cmocka_unit_test_setup(test_events_reported, setup),
		cmocka_unit_test_setup(test_event_before_state, setup),
		cmocka_unit_test_setup(test_catalogue_order, setup),
		cmocka_unit_test_setup(test_liveness_not_in_check_all, setup),
		cmocka_unit_test_setup(test_i1_wired_page_queued, setup),
		cmocka_unit_test_setup(test_i1_ptp_queued, setup),
		cmocka_unit_test_setup(test_i3_holds, setup),
		cmocka_unit_test_setup(test_i3_unwired_pte, setup),
		cmocka_unit_test_setup(test_i3_mapping_gone, setup),
		cmocka_unit_test_setup(test_i4_wire_count, setup),
		cmocka_unit_test_setup(test_i4_underflow, setup),
		cmocka_unit_test_setup(test_i4_ptp_and_free_excluded, setup),
		cmocka_unit_test_setup(test_i6_free_page_kmap, setup),
		cmocka_unit_test_setup(test_i6_free_page_managed, setup),
		cmocka_unit_test_setup(test_i6_free_page_dma, setup),
		cmocka_unit_test_setup(test_i6_free_page_fields, setup),
		cmocka_unit_test_setup(test_i7_loaned_writable, setup),
		cmocka_unit_test_setup(test_i8_loaned_wired, setup),
		cmocka_unit_test_setup(test_i9_loan_mapping, setup),
		cmocka_unit_test_setup(test_i10_clean_anon, setup),
		cmocka_unit_test_setup(test_i10_clean_aobj, setup),
		cmocka_unit_test_setup(test_i11_slot_in_flight, setup),
		cmocka_unit_test_setup(test_i11_slot_shared, setup),
		cmocka_unit_test_setup(test_i13_shared_anon_writable, setup),
		cmocka_unit_test_setup(test_i13_fork_cow_now, setup),
		cmocka_unit_test_setup(test_i13_cow_entry, setup),
		cmocka_unit_test_setup(test_i14_stale_mapping, setup),
		cmocka_unit_test_setup(test_i14_kernel_sharer, setup),
		cmocka_unit_test_setup(test_i17_self_deadlock, setup),
		cmocka_unit_test_setup(test_i17_page_cycle, setup),
		cmocka_unit_test_setup(test_i17_map_cycle, setup),
		cmocka_unit_test_setup(test_i17_chain_without_cycle, setup),
		cmocka_unit_test_setup(test_i18_busy_wait_map_locked, setup),
		cmocka_unit_test_setup(test_i19_entry_prot, setup),
		cmocka_unit_test_setup(test_i19_pte_prot, setup),
		cmocka_unit_test_setup(test_i19_pte_without_entry, setup),
		cmocka_unit_test_setup(test_i20_ownerless, setup),
		cmocka_unit_test_setup(test_i20_owned_excluded, setup),
		cmocka_unit_test_setup(test_deadlock, setup),
		cmocka_unit_test_setup(test_describe, setup),
		cmocka_unit_test_setup(test_describe_objects, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
