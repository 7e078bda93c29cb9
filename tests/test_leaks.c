/*
 * test_leaks.c: the leak invariants I21-I26 (invariants/check_leaks.c).
 *
 * Worlds built by hand as in test_invariants.c: a process A (vmspace 2,
 * pmap active) with an amap, pages 1..8 free, two swap slots.  Each
 * invariant has a world where it fires and the smallest change that
 * makes it hold; the whole catalogue (inv_check_all) is run on the
 * holding worlds too, so that they are legitimate for every invariant.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "invariants/invariants.h"

#define VA	2	/* vmspace of proc A */
#define F	1	/* vnode f */

static struct world w;
static struct model m;
static struct inv_violation v;

static int
setup(void **state)
{
	(void)state;
	memset(&w, 0, sizeof(w));
	memset(&m, 0, sizeof(m));
	strcpy(m.name, "leaks");
	m.tun.npages = 8;
	m.tun.nswap = 2;
	m.nobjs = 1;
	strcpy(m.objs[F].name, "f");
	m.objs[F].type = UOBJ_VNODE;
	m.nprocs = 1;
	strcpy(m.procs[1].name, "A");
	w.objs[F].uo_type = UOBJ_VNODE;
	w.objs[F].v_size = 4;
	w.vms[KERNEL_VMSPACE].vm_flags = VM_MAP_INUSE | VM_MAP_KERNEL;
	w.vms[KERNEL_VMSPACE].vm_refs = 1;
	w.vms[VA].vm_flags = VM_MAP_INUSE;
	w.vms[VA].vm_refs = 1;
	w.proc_vm[1] = VA;
	w.pmap.pmaps[KERNEL_VMSPACE].pm_flags = PM_ACTIVE | PM_STATIC_PTPS;
	w.pmap.pmaps[VA].pm_flags = PM_ACTIVE;
	for (int pg = 1; pg <= 8; pg++)
		w.pages[pg].pg_pqflags = PQ_FREE;
	return 0;
}

/* page pg of anon an (an_ref 1), active, in slot `slot` of amap 1 */
static void
anon_in_amap(int pg, int an, int slot)
{
	struct vm_page *p = &w.pages[pg];

	memset(p, 0, sizeof(*p));
	p->pg_pqflags = PQ_ACTIVE | PQ_ANON;
	p->uanon = (uint8_t)an;
	w.anons[an].an_ref = 1;
	w.anons[an].an_page = (uint8_t)pg;
	w.anons[an].an_flags = AN_INUSE;
	w.amaps[1].am_flags = AMAP_INUSE;
	w.amaps[1].am_ref = 1;
	w.amaps[1].am_anon[slot] = (uint8_t)an;
}

/* entry 1 of A: a private rw mapping of va 0..3 over amap 1 */
static void
entry_over_amap(void)
{
	w.entries[1].etype = UVM_ET_INUSE | UVM_ET_COPYONWRITE;
	w.entries[1].vm = VA;
	w.entries[1].start = 0;
	w.entries[1].end = 4;
	w.entries[1].protection = VM_PROT_READ | VM_PROT_WRITE;
	w.entries[1].max_protection = VM_PROT_ALL;
	w.entries[1].amap = 1;
}

#define FIRES(fn, id) do {						\
	memset(&v, 0xa5, sizeof(v));					\
	assert_true(fn(&w, &m, &v));					\
	assert_int_equal(v.inv, (id));					\
	assert_true(v.detail[0] != '\0');				\
} while (0)
#define HOLDS(fn) do {							\
	assert_false(fn(&w, &m, &v));					\
	assert_false(inv_check_all(&w, &m, &v));			\
} while (0)

/* I21: a slot in use that no anon and no I/O names */
static void
test_swap_slot_leaked(void **state)
{
	(void)state;
	anon_in_amap(3, 1, 0);
	w.swap[2].sw_state = SWS_INUSE;
	w.swap[2].sw_anon = 1;
	FIRES(inv_check_swap_slot_leaked, INV_SWAP_SLOT_LEAKED);
	assert_int_equal(v.obj[0], 2);
	/* the anon names it: held */
	w.anons[1].an_swslot = 2;
	w.pages[3].pg_flags = PG_CLEAN;
	HOLDS(inv_check_swap_slot_leaked);
	/* the anon is freed and forgot it, but a pagein still reads it */
	w.anons[1].an_swslot = 0;
	w.pages[3].pg_flags = PG_BUSY | PG_FAKE;
	w.pages[3].busy_tid = 1;
	w.bufs[1].b_kind = BUF_SWAP_READ;
	w.bufs[1].b_slot = 2;
	w.bufs[1].b_npages = 1;
	w.bufs[1].b_pages[0] = 3;
	assert_false(inv_check_swap_slot_leaked(&w, &m, &v));
	/* an anon that is not live does not hold a slot */
	memset(&w.bufs[1], 0, sizeof(w.bufs[1]));
	w.anons[2].an_swslot = 2;
	FIRES(inv_check_swap_slot_leaked, INV_SWAP_SLOT_LEAKED);
}

/* I22: an_ref above the amap slots naming the anon */
static void
test_anon_ref_leaked(void **state)
{
	(void)state;
	anon_in_amap(3, 1, 0);
	HOLDS(inv_check_anon_ref_leaked);
	w.anons[1].an_ref = 2;		/* a reference nobody holds */
	FIRES(inv_check_anon_ref_leaked, INV_ANON_REF_LEAKED);
	assert_int_equal(v.obj[0], 1);
	/* a second amap (a fork's copy) holds the second reference */
	w.amaps[2].am_flags = AMAP_INUSE;
	w.amaps[2].am_ref = 1;
	w.amaps[2].am_anon[0] = 1;
	HOLDS(inv_check_anon_ref_leaked);
	/* an amap no longer in use holds nothing */
	w.amaps[2].am_flags = 0;
	FIRES(inv_check_anon_ref_leaked, INV_ANON_REF_LEAKED);
	memset(&w.amaps[2], 0, sizeof(w.amaps[2]));
	w.anons[1].an_ref = 1;
	/* a new anon still being built (its page busy): in flight */
	w.anons[4].an_ref = 1;
	w.anons[4].an_flags = AN_INUSE;
	w.anons[4].an_page = 5;
	w.pages[5].pg_pqflags = PQ_ANON;
	w.pages[5].uanon = 4;
	w.pages[5].pg_flags = PG_BUSY | PG_FAKE;
	w.pages[5].busy_tid = 1;
	assert_false(inv_check_anon_ref_leaked(&w, &m, &v));
	/* ... but not once its page is unbusied and it is in no amap */
	w.pages[5].pg_flags = 0;
	w.pages[5].busy_tid = 0;
	w.pages[5].pg_pqflags |= PQ_ACTIVE;
	FIRES(inv_check_anon_ref_leaked, INV_ANON_REF_LEAKED);
	assert_int_equal(v.obj[0], 4);
}

/* I23: loan_count above the loans that can return the page */
static void
test_loan_count_leaked(void **state)
{
	(void)state;
	w.pages[3].pg_pqflags = PQ_ACTIVE;
	w.pages[3].uobject = F;
	w.pages[3].loan_count = 1;
	FIRES(inv_check_loan_count_leaked, INV_LOAN_COUNT_LEAKED);
	assert_int_equal(v.obj[0], 3);
	/* a kernel loan names it */
	w.kloans[1].kl_page = 3;
	w.kloans[1].kl_kva = 1;
	w.pmap.pmaps[KERNEL_VMSPACE].pm_pte[1].pte_pa = 3;
	w.pmap.pmaps[KERNEL_VMSPACE].pm_pte[1].pte_bits = PTE_V |
	    VM_PROT_READ;
	HOLDS(inv_check_loan_count_leaked);
	/* two loans counted, one lender */
	w.pages[3].loan_count = 2;
	FIRES(inv_check_loan_count_leaked, INV_LOAN_COUNT_LEAKED);
	/* an O->A loan: an anon holds the object's page */
	w.anons[1].an_ref = 1;
	w.anons[1].an_flags = AN_INUSE;
	w.anons[1].an_page = 3;
	w.pages[3].uanon = 1;
	w.amaps[1].am_flags = AMAP_INUSE;
	w.amaps[1].am_ref = 1;
	w.amaps[1].am_anon[0] = 1;
	assert_false(inv_check_loan_count_leaked(&w, &m, &v));
	/* the anon owning the page (PQ_ANON) is no loan */
	w.pages[3].uobject = 0;
	w.pages[3].pg_pqflags |= PQ_ANON;
	FIRES(inv_check_loan_count_leaked, INV_LOAN_COUNT_LEAKED);
}

/* I24: a page neither free, wired, queued, busy, lent, held nor in I/O */
static void
test_page_lost(void **state)
{
	(void)state;
	w.pages[3].pg_pqflags = 0;
	w.pages[3].uobject = F;
	FIRES(inv_check_page_lost, INV_PAGE_LOST);
	assert_int_equal(v.obj[0], 3);
	w.pages[3].pg_pqflags = PQ_INACTIVE;		/* queued */
	HOLDS(inv_check_page_lost);
	w.pages[3].pg_pqflags = 0;
	w.pages[3].uobject = 0;				/* ownerless ... */
	FIRES(inv_check_page_lost, INV_PAGE_LOST);
	w.pages[3].hold_count = 1;			/* ... but held for I/O */
	assert_false(inv_check_page_lost(&w, &m, &v));
	w.pages[3].hold_count = 0;
	w.pages[3].pg_flags = PG_BUSY | PG_FAKE;	/* being allocated */
	w.pages[3].busy_tid = 1;
	assert_false(inv_check_page_lost(&w, &m, &v));
	w.pages[3].pg_flags = 0;
	w.pages[3].busy_tid = 0;
	w.bufs[1].b_kind = BUF_PHYSIO_READ;		/* under DMA */
	w.bufs[1].b_npages = 1;
	w.bufs[1].b_pages[0] = 3;
	assert_false(inv_check_page_lost(&w, &m, &v));
	w.bufs[1].b_kind = BUF_NONE;
	w.pmap.pmaps[VA].pm_ptp[0] = 3;			/* a page-table page */
	assert_false(inv_check_page_lost(&w, &m, &v));
}

/* I25: a PTP freed (or reused as data) under a valid PTE */
static void
test_ptp_freed_in_use(void **state)
{
	(void)state;
	/* page 4 is A's PTP for va 0..3; va 1 maps anon page 3 */
	anon_in_amap(3, 1, 1);
	w.pages[4].pg_pqflags = 0;
	w.pages[4].pg_flags = PG_PTP;
	w.pmap.pmaps[VA].pm_ptp[0] = 4;
	w.pmap.pmaps[VA].pm_pte[1].pte_pa = 3;
	w.pmap.pmaps[VA].pm_pte[1].pte_bits = PTE_V | PTE_MANAGED |
	    VM_PROT_READ;
	entry_over_amap();
	HOLDS(inv_check_ptp_freed_in_use);
	w.pages[4].pg_flags = 0;
	w.pages[4].pg_pqflags = PQ_FREE;		/* freed under the PTE */
	FIRES(inv_check_ptp_freed_in_use, INV_PTP_FREED_IN_USE);
	assert_int_equal(v.obj[0], 4);
	assert_int_equal(v.obj[1], VA);
	assert_int_equal(v.obj[2], 1);
	w.pages[4].pg_pqflags = PQ_ACTIVE;		/* reused as data */
	w.pages[4].uobject = F;
	FIRES(inv_check_ptp_freed_in_use, INV_PTP_FREED_IN_USE);
	/* the PTE gone: the PTP is free to go */
	w.pmap.pmaps[VA].pm_pte[1].pte_bits = 0;
	w.pmap.pmaps[VA].pm_pte[1].pte_pa = 0;
	assert_false(inv_check_ptp_freed_in_use(&w, &m, &v));
}

/* I26: an mlock wiring whose entry is no longer wired (L-4) */
static void
test_wiring_orphaned(void **state)
{
	(void)state;
	/* page 3 of anon 1 at va 1, wired by an mlock of entry 1 */
	anon_in_amap(3, 1, 1);
	w.pages[3].wire_count = 1;
	w.pages[3].pg_pqflags = PQ_ANON;
	entry_over_amap();
	w.entries[1].wired_count = 1;
	w.wirings[1].w_kind = WK_MLOCK;
	w.wirings[1].w_vm = VA;
	w.wirings[1].w_va = 1;
	w.wirings[1].w_page = 3;
	assert_false(inv_check_wiring_orphaned(&w, &m, &v));
	w.entries[1].wired_count = 0;			/* L-4's unwinding */
	FIRES(inv_check_wiring_orphaned, INV_WIRING_ORPHANED);
	assert_int_equal(v.obj[0], 3);
	assert_int_equal(v.obj[1], VA);
	assert_int_equal(v.obj[2], 1);
	w.wirings[1].w_kind = WK_VSLOCK;	/* a vslock's is not the entry's */
	assert_false(inv_check_wiring_orphaned(&w, &m, &v));
	w.wirings[1].w_kind = WK_MLOCK;
	w.entries[1].wired_count = 2;
	w.entries[1].end = 1;			/* va 1 outside the entry */
	FIRES(inv_check_wiring_orphaned, INV_WIRING_ORPHANED);
	w.entries[1].end = 4;
	w.wirings[1].w_page = 0;		/* lost to truncation: still owed */
	assert_false(inv_check_wiring_orphaned(&w, &m, &v));
	memset(&w.wirings[1], 0, sizeof(w.wirings[1]));	/* unwired */
	w.entries[1].wired_count = 0;
	assert_false(inv_check_wiring_orphaned(&w, &m, &v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_swap_slot_leaked, setup),
		cmocka_unit_test_setup(test_anon_ref_leaked, setup),
		cmocka_unit_test_setup(test_loan_count_leaked, setup),
		cmocka_unit_test_setup(test_page_lost, setup),
		cmocka_unit_test_setup(test_ptp_freed_in_use, setup),
		cmocka_unit_test_setup(test_wiring_orphaned, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
