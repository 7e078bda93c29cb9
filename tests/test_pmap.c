/*
 * test_pmap.c: unit tests of the pmap model (pmap_model/)
 *
 * each test starts from pmap_init with user pmaps 2 and 3 created and
 * checks one behaviour of pmap(9) as the model gives it: enter,
 * remove, extract, PTP supply and release, page_protect under both
 * S-3 knob values, kenter mappings, unwire codes, collect, R/M
 * attributes, and PTP stealing (S-14).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pmap_model/pmap.h"

#define U1	2	/* user pmaps */
#define U2	3
#define U3	4

static const struct pmap_knobs k_x86 = {
	.ppp_none_removes_wired = true,
	.collect_skips_wired = true,
	.ptp_steal = PMAP_STEAL_OFF,
};

static struct pmap_state ps;

static int
setup(void **state)
{
	(void)state;
	pmap_init(&ps);
	pmap_create(&ps, U1);
	pmap_create(&ps, U2);
	return 0;
}

/* enter at va with a PTP page ptp supplied when needed */
static void
enter_ok(int pm, int va, int pa, int prot, int flags, int ptp)
{
	struct pmap_enter_result res;
	int spare = pmap_ptp_needed(&ps, pm, va) ? ptp : 0;

	assert_int_equal(pmap_enter(&ps, &k_x86, pm, va, pa, prot, flags,
	    spare, &res), 0);
	assert_false(res.panicked);
	assert_int_equal(res.ptp_used, spare != 0);
}

static bool
freed_has(const struct pmap_freed *f, int pa)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (f->ptp[i] == pa)
			return true;
	return false;
}

static void
test_init(void **state)
{
	(void)state;
	assert_int_equal(ps.pmaps[KERNEL_VMSPACE].pm_flags,
	    PM_ACTIVE | PM_STATIC_PTPS);
	assert_int_equal(ps.pmaps[U1].pm_flags, PM_ACTIVE);
	assert_int_equal(ps.pmaps[U3].pm_flags, 0);
	assert_false(pmap_ptp_needed(&ps, KERNEL_VMSPACE, 0));
	assert_true(pmap_ptp_needed(&ps, U1, 0));
	assert_int_equal(pmap_ptp_region(PTP_SPAN - 1), 0);
	assert_int_equal(pmap_ptp_region(PTP_SPAN), 1);
}

static void
test_enter_remove_extract(void **state)
{
	struct pmap_enter_result res;
	struct pmap_freed fr;
	int pa = 0;

	(void)state;
	assert_false(pmap_extract(&ps, U1, 1, &pa));
	enter_ok(U1, 1, 5, VM_PROT_READ | VM_PROT_WRITE, 0, 16);
	assert_int_equal(ps.pmaps[U1].pm_ptp[0], 16);
	assert_true(pmap_extract(&ps, U1, 1, &pa));
	assert_int_equal(pa, 5);
	assert_int_equal(ps.pmaps[U1].pm_pte[1].pte_bits,
	    VM_PROT_READ | VM_PROT_WRITE | PTE_V | PTE_MANAGED);
	assert_int_equal(pmap_pv_count(&ps, 5), 1);
	assert_int_equal(pmap_resident_count(&ps, U1), 1);
	assert_int_equal(pmap_wired_count(&ps, U1), 0);

	/* same region: no PTP needed; spare is not used */
	assert_false(pmap_ptp_needed(&ps, U1, 2));
	assert_int_equal(pmap_enter(&ps, &k_x86, U1, 2, 6, VM_PROT_READ, 0,
	    15, &res), 0);
	assert_false(res.ptp_used);

	/* replace: a different page at va */
	assert_int_equal(pmap_enter(&ps, &k_x86, U1, 1, 7, VM_PROT_READ, 0,
	    0, &res), 0);
	assert_int_equal(res.replaced_pa, 5);
	assert_int_equal(pmap_pv_count(&ps, 5), 0);
	assert_int_equal(pmap_pv_count(&ps, 7), 1);

	/* same page again: no replacement */
	assert_int_equal(pmap_enter(&ps, &k_x86, U1, 1, 7, VM_PROT_ALL, 0,
	    0, &res), 0);
	assert_int_equal(res.replaced_pa, 0);

	/* remove part of the region: PTP stays */
	pmap_remove(&ps, U1, 1, 2, &fr);
	assert_int_equal(fr.n, 0);
	assert_false(pmap_extract(&ps, U1, 1, NULL));
	assert_true(pmap_extract(&ps, U1, 2, NULL));
	assert_int_equal(pmap_ptp_pte_count(&ps, U1, 0), 1);
}

static void
test_enter_wired(void **state)
{
	(void)state;
	enter_ok(U1, 0, 3, VM_PROT_READ, PMAP_WIRED, 16);
	assert_int_equal(pmap_wired_count(&ps, U1), 1);
	/* same pa without PMAP_WIRED: x86 sets PG_W to PMAP_WIRED, unwiring */
	enter_ok(U1, 0, 3, VM_PROT_READ | VM_PROT_WRITE, 0, 0);
	assert_false(ps.pmaps[U1].pm_pte[0].pte_bits & PTE_WIRED);
	assert_true(ps.pmaps[U1].pm_pte[0].pte_bits & VM_PROT_WRITE);
	/* a different pa without PMAP_WIRED is not wired */
	enter_ok(U1, 0, 4, VM_PROT_READ, 0, 0);
	assert_false(ps.pmaps[U1].pm_pte[0].pte_bits & PTE_WIRED);
	/* pmap_remove takes wired mappings too */
	enter_ok(U1, 1, 5, VM_PROT_READ, PMAP_WIRED, 0);
	{
		struct pmap_freed fr;

		pmap_remove(&ps, U1, 0, VA_PAGES, &fr);
		assert_int_equal(fr.n, 1);
		assert_int_equal(fr.ptp[0], 16);
	}
	assert_int_equal(pmap_wired_count(&ps, U1), 0);
}

static void
test_ptp_needed(void **state)
{
	struct pmap_enter_result res;
	int before;

	(void)state;
	/* no PTP, CANFAIL: ENOMEM, no panic, nothing changed */
	assert_int_equal(pmap_enter(&ps, &k_x86, U1, 5, 3, VM_PROT_READ,
	    VM_PROT_READ | PMAP_CANFAIL, 0, &res), 12);
	assert_false(res.panicked);
	assert_false(pmap_extract(&ps, U1, 5, NULL));
	assert_int_equal(ps.pmaps[U1].pm_ptp[1], 0);
	assert_false(pmap_is_referenced(&ps, 3));

	/* no PTP, no CANFAIL: the kernel panics */
	assert_int_equal(pmap_enter(&ps, &k_x86, U1, 5, 3, VM_PROT_READ, 0,
	    0, &res), 12);
	assert_true(res.panicked);
	assert_false(pmap_extract(&ps, U1, 5, NULL));

	/* supplied */
	assert_int_equal(pmap_enter(&ps, &k_x86, U1, 5, 3, VM_PROT_READ, 0,
	    14, &res), 0);
	assert_true(res.ptp_used);
	assert_false(res.panicked);
	assert_int_equal(ps.pmaps[U1].pm_ptp[1], 14);
	{
		int pm = 0, region = -1;

		assert_true(pmap_page_is_ptp(&ps, 14, &pm, &region));
		assert_int_equal(pm, U1);
		assert_int_equal(region, 1);
		assert_false(pmap_page_is_ptp(&ps, 3, NULL, NULL));
	}

	/* the kernel never needs one */
	before = ps.pmaps[KERNEL_VMSPACE].pm_ptp[0];
	assert_int_equal(pmap_enter(&ps, &k_x86, KERNEL_VMSPACE, 0, 2,
	    VM_PROT_READ, 0, 0, &res), 0);
	assert_false(res.ptp_used);
	assert_int_equal(ps.pmaps[KERNEL_VMSPACE].pm_ptp[0], before);
}

static void
test_ptp_freed(void **state)
{
	struct pmap_freed fr;

	(void)state;
	enter_ok(U1, 4, 3, VM_PROT_READ, 0, 16);
	enter_ok(U1, 5, 4, VM_PROT_READ, 0, 16);
	enter_ok(U1, 8, 5, VM_PROT_READ, 0, 15);
	pmap_remove(&ps, U1, 4, 5, &fr);
	assert_int_equal(fr.n, 0);
	pmap_remove(&ps, U1, 5, 6, &fr);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.ptp[0], 16);
	assert_int_equal(ps.pmaps[U1].pm_ptp[1], 0);
	assert_int_equal(ps.pmaps[U1].pm_ptp[2], 15);

	/* page_protect NONE empties region 2 */
	pmap_page_protect(&ps, &k_x86, 5, VM_PROT_NONE, &fr);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.ptp[0], 15);

	/* destroy returns every PTP */
	enter_ok(U1, 0, 3, VM_PROT_READ, 0, 16);
	enter_ok(U1, 12, 3, VM_PROT_READ, 0, 15);
	pmap_destroy(&ps, U1, &fr);
	assert_int_equal(fr.n, 2);
	assert_true(freed_has(&fr, 16) && freed_has(&fr, 15));
	assert_int_equal(ps.pmaps[U1].pm_flags, 0);
	assert_int_equal(pmap_pv_count(&ps, 3), 0);
	pmap_create(&ps, U1);
	assert_true(pmap_ptp_needed(&ps, U1, 0));
}

static void
test_protect(void **state)
{
	struct pmap_freed fr;

	(void)state;
	enter_ok(U1, 0, 3, VM_PROT_READ | VM_PROT_WRITE, 0, 16);
	enter_ok(U1, 1, 4, VM_PROT_READ, 0, 16);
	/* never adds rights */
	pmap_protect(&ps, U1, 0, 2, VM_PROT_READ | VM_PROT_EXECUTE);
	assert_int_equal(ps.pmaps[U1].pm_pte[0].pte_bits & PTE_PROT_MASK,
	    VM_PROT_READ);
	assert_int_equal(ps.pmaps[U1].pm_pte[1].pte_bits & PTE_PROT_MASK,
	    VM_PROT_READ);
	/* NONE removes; the empty PTP is reclaimed by a later remove */
	pmap_protect(&ps, U1, 0, 2, VM_PROT_NONE);
	assert_false(pmap_extract(&ps, U1, 0, NULL));
	assert_int_equal(pmap_pv_count(&ps, 3), 0);
	pmap_remove(&ps, U1, 0, 1, &fr);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.ptp[0], 16);
}

static void
test_page_protect_read(void **state)
{
	struct pmap_freed fr;

	(void)state;
	enter_ok(U1, 0, 3, VM_PROT_READ | VM_PROT_WRITE, 0, 16);
	enter_ok(U2, 6, 3, VM_PROT_ALL, PMAP_WIRED, 15);
	assert_true(pmap_page_has_writable(&ps, 3, true));

	/* WRITE in prot: nothing */
	pmap_page_protect(&ps, &k_x86, 3, VM_PROT_ALL, &fr);
	assert_true(pmap_page_has_writable(&ps, 3, true));

	pmap_page_protect(&ps, &k_x86, 3, VM_PROT_READ, &fr);
	assert_int_equal(fr.n, 0);
	assert_false(pmap_page_has_writable(&ps, 3, true));
	assert_int_equal(pmap_pv_count(&ps, 3), 2);
	assert_int_equal(ps.pmaps[U2].pm_pte[6].pte_bits & PTE_PROT_MASK,
	    VM_PROT_READ | VM_PROT_EXECUTE);
	assert_true(ps.pmaps[U2].pm_pte[6].pte_bits & PTE_WIRED);
}

static void
test_page_protect_none_wired(void **state)
{
	struct pmap_knobs hp300 = k_x86;
	struct pmap_freed fr;

	(void)state;
	hp300.ppp_none_removes_wired = false;

	enter_ok(U1, 0, 3, VM_PROT_READ, PMAP_WIRED, 16);
	enter_ok(U2, 0, 3, VM_PROT_READ, 0, 15);

	/* hp300 1999: the wired mapping survives, the other goes */
	pmap_page_protect(&ps, &hp300, 3, VM_PROT_NONE, &fr);
	assert_true(pmap_extract(&ps, U1, 0, NULL));
	assert_false(pmap_extract(&ps, U2, 0, NULL));
	assert_int_equal(pmap_pv_count(&ps, 3), 1);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.ptp[0], 15);

	/* x86: the wired mapping goes too */
	pmap_page_protect(&ps, &k_x86, 3, VM_PROT_NONE, &fr);
	assert_false(pmap_extract(&ps, U1, 0, NULL));
	assert_int_equal(pmap_pv_count(&ps, 3), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.ptp[0], 16);
}

static void
test_kenter(void **state)
{
	struct pmap_freed fr;
	int pa = 0;

	(void)state;
	pmap_kenter_pa(&ps, 12, 3, VM_PROT_READ | VM_PROT_WRITE);
	enter_ok(U1, 0, 3, VM_PROT_READ | VM_PROT_WRITE, 0, 16);
	assert_int_equal(pmap_kmap_count(&ps, 3), 1);
	assert_int_equal(pmap_pv_count(&ps, 3), 1);
	assert_true(pmap_extract(&ps, KERNEL_VMSPACE, 12, &pa));
	assert_int_equal(pa, 3);
	assert_int_equal(ps.pmaps[KERNEL_VMSPACE].pm_pte[12].pte_bits,
	    VM_PROT_READ | VM_PROT_WRITE | PTE_V | PTE_WIRED);

	pmap_page_protect(&ps, &k_x86, 3, VM_PROT_READ, &fr);
	assert_true(pmap_page_has_writable(&ps, 3, false));
	assert_false(pmap_page_has_writable(&ps, 3, true));
	pmap_page_protect(&ps, &k_x86, 3, VM_PROT_NONE, &fr);
	assert_int_equal(pmap_kmap_count(&ps, 3), 1);
	assert_int_equal(pmap_pv_count(&ps, 3), 0);

	/* no R/M tracking through a kenter mapping */
	pmap_clear_reference(&ps, 3);
	pmap_clear_modify(&ps, 3);
	assert_true(pmap_access(&ps, KERNEL_VMSPACE, 12, VM_PROT_WRITE));
	assert_false(pmap_is_modified(&ps, 3));

	/* kremove leaves managed kernel mappings alone */
	assert_int_equal(pmap_enter(&ps, &k_x86, KERNEL_VMSPACE, 13, 4,
	    VM_PROT_READ, 0, 0, NULL), 0);
	pmap_kremove(&ps, 12, 2);
	assert_int_equal(pmap_kmap_count(&ps, 3), 0);
	assert_false(pmap_extract(&ps, KERNEL_VMSPACE, 12, NULL));
	assert_true(pmap_extract(&ps, KERNEL_VMSPACE, 13, NULL));
}

static void
test_unwire(void **state)
{
	(void)state;
	assert_int_equal(pmap_unwire(&ps, U1, 0), 1);
	enter_ok(U1, 0, 3, VM_PROT_READ, 0, 16);
	assert_int_equal(pmap_unwire(&ps, U1, 0), 2);
	enter_ok(U1, 1, 4, VM_PROT_READ, PMAP_WIRED, 16);
	assert_int_equal(pmap_wired_count(&ps, U1), 1);
	assert_int_equal(pmap_unwire(&ps, U1, 1), 0);
	assert_int_equal(pmap_wired_count(&ps, U1), 0);
	assert_true(pmap_extract(&ps, U1, 1, NULL));
	assert_int_equal(pmap_unwire(&ps, U1, 1), 2);
}

static void
test_collect(void **state)
{
	struct pmap_knobs k2000 = k_x86;
	struct pmap_freed fr;

	(void)state;
	k2000.collect_skips_wired = false;

	enter_ok(U1, 0, 3, VM_PROT_READ, PMAP_WIRED, 16);
	enter_ok(U1, 1, 4, VM_PROT_READ, 0, 16);
	enter_ok(U1, 4, 5, VM_PROT_READ, 0, 15);

	/* x86 2008+: PMAP_REMOVE_SKIPWIRED */
	pmap_collect(&ps, &k_x86, U1, &fr);
	assert_true(pmap_extract(&ps, U1, 0, NULL));
	assert_false(pmap_extract(&ps, U1, 1, NULL));
	assert_false(pmap_extract(&ps, U1, 4, NULL));
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.ptp[0], 15);

	/* i386 2000: everything */
	pmap_collect(&ps, &k2000, U1, &fr);
	assert_false(pmap_extract(&ps, U1, 0, NULL));
	assert_int_equal(pmap_resident_count(&ps, U1), 0);
	assert_int_equal(fr.n, 1);
	assert_int_equal(fr.ptp[0], 16);
}

static void
test_ref_mod(void **state)
{
	(void)state;
	/* enter without access type: nothing */
	enter_ok(U1, 0, 3, VM_PROT_READ | VM_PROT_WRITE, 0, 16);
	assert_false(pmap_is_referenced(&ps, 3));
	assert_false(pmap_is_modified(&ps, 3));
	/* read access type */
	enter_ok(U1, 1, 4, VM_PROT_READ, VM_PROT_READ, 16);
	assert_true(pmap_is_referenced(&ps, 4));
	assert_false(pmap_is_modified(&ps, 4));
	/* write access type */
	enter_ok(U1, 2, 5, VM_PROT_READ | VM_PROT_WRITE,
	    VM_PROT_READ | VM_PROT_WRITE, 16);
	assert_true(pmap_is_referenced(&ps, 5));
	assert_true(pmap_is_modified(&ps, 5));

	/* the CPU: read, then a write the PTE allows */
	assert_true(pmap_access(&ps, U1, 0, VM_PROT_READ));
	assert_true(pmap_is_referenced(&ps, 3));
	assert_false(pmap_is_modified(&ps, 3));
	assert_true(pmap_access(&ps, U1, 0, VM_PROT_WRITE));
	assert_true(pmap_is_modified(&ps, 3));

	/* a write to a read-only PTE faults and sets nothing */
	assert_false(pmap_access(&ps, U1, 1, VM_PROT_WRITE));
	assert_false(pmap_is_modified(&ps, 4));
	assert_false(pmap_access(&ps, U1, 9, VM_PROT_READ));

	/* clear returns the old value */
	assert_true(pmap_clear_modify(&ps, 3));
	assert_false(pmap_clear_modify(&ps, 3));
	assert_true(pmap_clear_reference(&ps, 3));
	assert_false(pmap_clear_reference(&ps, 3));
	assert_false(pmap_is_referenced(&ps, 3));

	/* attributes survive the removal of the mappings */
	{
		struct pmap_freed fr;

		pmap_remove(&ps, U1, 0, VA_PAGES, &fr);
	}
	assert_true(pmap_is_modified(&ps, 5));
	assert_true(pmap_is_referenced(&ps, 4));
}

static void
test_steal_skips_wired(void **state)
{
	struct pmap_knobs ks = k_x86;
	struct pmap_enter_result res;

	(void)state;
	ks.ptp_steal = PMAP_STEAL_SKIP_WIRED;
	/* U1: region 0 wired (PTP 16), region 1 not (PTP 15) */
	enter_ok(U1, 0, 3, VM_PROT_READ, PMAP_WIRED, 16);
	enter_ok(U1, 4, 4, VM_PROT_READ, 0, 15);
	/* U2 has a PTP in region 2 (14); the requester is U2 */
	enter_ok(U2, 8, 5, VM_PROT_READ, 0, 14);

	assert_int_equal(pmap_enter(&ps, &ks, U2, 0, 6, VM_PROT_READ, 0, 0,
	    &res), 0);
	assert_false(res.ptp_used);
	assert_false(res.panicked);
	assert_int_equal(res.stolen_ptp, 15);
	assert_int_equal(res.steal_victim, U1);
	assert_false(res.steal_took_wired);
	assert_int_equal(ps.pmaps[U2].pm_ptp[0], 15);
	assert_int_equal(ps.pmaps[U1].pm_ptp[1], 0);
	assert_false(pmap_extract(&ps, U1, 4, NULL));
	assert_true(pmap_extract(&ps, U1, 0, NULL));	/* wired kept */
	assert_true(pmap_extract(&ps, U2, 8, NULL));	/* own kept */
	assert_int_equal(ps.steal_hand, U2);

	/* only the wired PTP is left: nothing to steal */
	assert_int_equal(pmap_enter(&ps, &ks, U2, 4, 7, VM_PROT_READ,
	    PMAP_CANFAIL, 0, &res), 12);
	assert_false(res.panicked);
	assert_int_equal(res.stolen_ptp, 0);
	assert_true(pmap_extract(&ps, U1, 0, NULL));
	assert_int_equal(pmap_enter(&ps, &ks, U2, 4, 7, VM_PROT_READ, 0, 0,
	    &res), 12);
	assert_true(res.panicked);
}

static void
test_steal_ignore_wired(void **state)
{
	struct pmap_knobs kb = k_x86;
	struct pmap_enter_result res;

	(void)state;
	kb.ptp_steal = PMAP_STEAL_IGNORE_WIRED;
	enter_ok(U1, 0, 3, VM_PROT_READ, PMAP_WIRED, 16);
	assert_int_equal(pmap_enter(&ps, &kb, U2, 0, 6, VM_PROT_READ,
	    PMAP_CANFAIL, 0, &res), 0);
	assert_int_equal(res.stolen_ptp, 16);
	assert_int_equal(res.steal_victim, U1);
	assert_true(res.steal_took_wired);
	assert_false(pmap_extract(&ps, U1, 0, NULL));	/* the mlock is lost */
	assert_int_equal(pmap_wired_count(&ps, U1), 0);
	assert_int_equal(ps.pmaps[U2].pm_ptp[0], 16);
}

static void
test_steal_never_kernel_or_self(void **state)
{
	struct pmap_knobs kb = k_x86;
	struct pmap_enter_result res;

	(void)state;
	kb.ptp_steal = PMAP_STEAL_IGNORE_WIRED;
	/* only the kernel and the requester itself have mappings */
	assert_int_equal(pmap_enter(&ps, &kb, KERNEL_VMSPACE, 0, 2,
	    VM_PROT_READ, 0, 0, NULL), 0);
	pmap_kenter_pa(&ps, 1, 3, VM_PROT_READ);
	enter_ok(U1, 0, 4, VM_PROT_READ, 0, 16);
	assert_int_equal(pmap_enter(&ps, &kb, U1, 4, 5, VM_PROT_READ,
	    PMAP_CANFAIL, 0, &res), 12);
	assert_int_equal(res.stolen_ptp, 0);
	assert_false(pmap_steal_ptp(&ps, &kb, U1, &res));
	assert_true(pmap_extract(&ps, U1, 0, NULL));
	assert_true(pmap_extract(&ps, KERNEL_VMSPACE, 0, NULL));
	assert_true(pmap_extract(&ps, KERNEL_VMSPACE, 1, NULL));
	assert_int_equal(ps.steal_hand, 0);

	/* a third user pmap with a PTP is a victim */
	pmap_create(&ps, U3);
	enter_ok(U3, 0, 6, VM_PROT_READ, 0, 15);
	assert_true(pmap_steal_ptp(&ps, &kb, U1, &res));
	assert_int_equal(res.steal_victim, U3);
	assert_false(pmap_steal_ptp(&ps, &kb, U1, &res));
}

static void
test_steal_round_robin(void **state)
{
	struct pmap_knobs ks = k_x86;
	struct pmap_enter_result res;

	(void)state;
	ks.ptp_steal = PMAP_STEAL_SKIP_WIRED;
	pmap_create(&ps, U3);
	enter_ok(U1, 0, 3, VM_PROT_READ, 0, 16);
	enter_ok(U1, 4, 3, VM_PROT_READ, 0, 15);
	enter_ok(U2, 0, 4, VM_PROT_READ, 0, 14);
	/* requester U3: the hand starts at U1, then moves to U2 */
	assert_true(pmap_steal_ptp(&ps, &ks, U3, &res));
	assert_int_equal(res.steal_victim, U1);
	assert_int_equal(res.stolen_ptp, 16);
	assert_int_equal(ps.steal_hand, U2);
	assert_true(pmap_steal_ptp(&ps, &ks, U3, &res));
	assert_int_equal(res.steal_victim, U2);
	assert_int_equal(res.stolen_ptp, 14);
	assert_true(pmap_steal_ptp(&ps, &ks, U3, &res));
	assert_int_equal(res.steal_victim, U1);
	assert_int_equal(res.stolen_ptp, 15);
	assert_false(pmap_steal_ptp(&ps, &ks, U3, &res));
	assert_int_equal(pmap_resident_count(&ps, U1), 0);
	assert_int_equal(pmap_resident_count(&ps, U2), 0);
}

static void
test_deterministic(void **state)
{
	struct pmap_state a, b;
	struct pmap_freed fr;

	(void)state;
	memset(&a, 0xff, sizeof(a));
	memset(&b, 0x55, sizeof(b));
	pmap_init(&a);
	pmap_init(&b);
	assert_memory_equal(&a, &b, sizeof(a));
	pmap_create(&a, U1);
	pmap_create(&b, U1);
	assert_int_equal(pmap_enter(&a, &k_x86, U1, 3, 2, VM_PROT_READ,
	    PMAP_WIRED, 9, NULL), 0);
	pmap_remove(&a, U1, 0, VA_PAGES, &fr);
	assert_int_equal(fr.n, 1);
	/* back to the same bytes as a pmap that never did anything,
	 * except the page attributes */
	assert_memory_equal(&a.pmaps, &b.pmaps, sizeof(a.pmaps));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_init, setup),
		cmocka_unit_test_setup(test_enter_remove_extract, setup),
		cmocka_unit_test_setup(test_enter_wired, setup),
		cmocka_unit_test_setup(test_ptp_needed, setup),
		cmocka_unit_test_setup(test_ptp_freed, setup),
		cmocka_unit_test_setup(test_protect, setup),
		cmocka_unit_test_setup(test_page_protect_read, setup),
		cmocka_unit_test_setup(test_page_protect_none_wired, setup),
		cmocka_unit_test_setup(test_kenter, setup),
		cmocka_unit_test_setup(test_unwire, setup),
		cmocka_unit_test_setup(test_collect, setup),
		cmocka_unit_test_setup(test_ref_mod, setup),
		cmocka_unit_test_setup(test_steal_skips_wired, setup),
		cmocka_unit_test_setup(test_steal_ignore_wired, setup),
		cmocka_unit_test_setup(test_steal_never_kernel_or_self, setup),
		cmocka_unit_test_setup(test_steal_round_robin, setup),
		cmocka_unit_test_setup(test_deterministic, setup),
	};

	return cmocka_run_group_tests_name("pmap", tests, NULL, NULL);
}
