/*
 * test_facts.c: the one-pass facts the invariant predicates read
 * (invariants/facts.c).  Each fact must be what the one-page scan it
 * replaces answers: the same counts, and the same "first" PTE, entry,
 * buf, anon or kernel loan, in the order those scans visit (pmaps then
 * va ascending; indices ascending); inactive pmaps, dead vmspaces and
 * unused entries count for nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "invariants/facts.h"
#include "invariants/invariants.h"

#define VA	2	/* vmspace of proc A */
#define VB	3	/* vmspace of proc B */
#define VDEAD	4	/* a pmap left active by a vmspace not in use */

static struct world w;
static struct model m;

static void
pte(int pm, int va, int pa, int bits)
{
	w.pmap.pmaps[pm].pm_pte[va].pte_pa = (uint8_t)pa;
	w.pmap.pmaps[pm].pm_pte[va].pte_bits = (uint8_t)(PTE_V | bits);
}

static int
setup(void **state)
{
	(void)state;
	memset(&w, 0, sizeof(w));
	memset(&m, 0, sizeof(m));
	m.tun.npages = 8;
	w.vms[KERNEL_VMSPACE].vm_flags = VM_MAP_INUSE | VM_MAP_KERNEL;
	w.vms[VA].vm_flags = VM_MAP_INUSE;
	w.vms[VB].vm_flags = VM_MAP_INUSE;
	w.pmap.pmaps[KERNEL_VMSPACE].pm_flags = PM_ACTIVE | PM_STATIC_PTPS;
	w.pmap.pmaps[VA].pm_flags = PM_ACTIVE;
	w.pmap.pmaps[VB].pm_flags = PM_ACTIVE;
	w.pmap.pmaps[VDEAD].pm_flags = 0;
	return 0;
}

/* page 3: read-only in A at va 5, writable wired in B at 1, writable in
 * B at 7, kenter'd read-only at kva 9 and writable at kva 4; mappings in
 * an inactive pmap do not count */
static void
test_ptes(void **state)
{
	struct inv_facts f;
	int vm = 0, va = 0;

	(void)state;
	pte(VA, 5, 3, PTE_MANAGED | VM_PROT_READ);
	pte(VB, 7, 3, PTE_MANAGED | VM_PROT_READ | VM_PROT_WRITE);
	pte(VB, 1, 3, PTE_MANAGED | PTE_WIRED | VM_PROT_READ | VM_PROT_WRITE);
	pte(KERNEL_VMSPACE, 9, 3, PTE_WIRED | VM_PROT_READ);
	pte(KERNEL_VMSPACE, 4, 3, PTE_WIRED | VM_PROT_READ | VM_PROT_WRITE);
	pte(VDEAD, 0, 3, PTE_MANAGED | VM_PROT_READ | VM_PROT_WRITE);
	inv_facts_build(&w, &m, &f);

	assert_int_equal(f.pv_count[3], pmap_pv_count(&w.pmap, 3));
	assert_int_equal(f.pv_count[3], 3);
	assert_int_equal(f.kmap_count[3], pmap_kmap_count(&w.pmap, 3));
	assert_int_equal(f.kmap_count[3], 2);
	assert_int_equal(f.pv_count[4], 0);

	assert_true(inv_find_pte(&w, 3, true, false, &vm, &va));
	assert_int_equal(f.managed[3].vm, vm);
	assert_int_equal(f.managed[3].va, va);
	assert_int_equal(f.managed[3].vm, VA);
	assert_true(inv_find_pte(&w, 3, true, true, &vm, &va));
	assert_int_equal(f.managed_w[3].vm, vm);
	assert_int_equal(f.managed_w[3].va, va);
	assert_int_equal(f.managed_w[3].va, 1);
	assert_int_equal(f.managed_w_unwired[3].vm, VB);
	assert_int_equal(f.managed_w_unwired[3].va, 7);
	assert_true(inv_find_pte(&w, 3, false, false, &vm, &va));
	assert_int_equal(f.kmap[3].va, va);
	assert_int_equal(f.kmap[3].va, 4);
	assert_int_equal(f.kmap_w[3].va, 4);
	assert_int_equal(f.managed_w[4].vm, 0);

	assert_int_equal(f.managed_va[VA], 1u << 5);
	assert_int_equal(f.managed_va[VB], (1u << 1) | (1u << 7));
	assert_int_equal(f.managed_w_va[VB], (1u << 1) | (1u << 7));
	assert_int_equal(f.managed_va[KERNEL_VMSPACE], 0);
	assert_int_equal(f.valid_va[KERNEL_VMSPACE], (1u << 4) | (1u << 9));
	assert_int_equal(f.valid_va[VB], f.managed_va[VB]);
	assert_int_equal(f.valid_va[VDEAD], 0);
	assert_int_equal(f.managed_va[VDEAD], 0);
}

/* page-table pages: the first active pmap holding the page */
static void
test_ptps(void **state)
{
	struct inv_facts f;
	int pm = 0;

	(void)state;
	w.pmap.pmaps[VB].pm_ptp[2] = 6;
	w.pmap.pmaps[VDEAD].pm_ptp[0] = 7;
	w.pages[8].pg_flags = PG_PTP;
	inv_facts_build(&w, &m, &f);
	assert_true(pmap_page_is_ptp(&w.pmap, 6, &pm, NULL));
	assert_int_equal(f.ptp_of[6], pm);
	assert_int_equal(f.ptp_of[7], 0);
	for (int pg = 1; pg <= 8; pg++)
		assert_int_equal(inv_facts_page_is_ptp(&f, &w, pg),
		    inv_page_is_ptp(&w, pg));
}

/* entries: the lowest in-use entry of a live vmspace holding the va */
static void
test_entries(void **state)
{
	struct inv_facts f;

	(void)state;
	w.entries[4] = (struct vm_map_entry){ .vm = VA, .start = 2, .end = 6,
	    .etype = UVM_ET_INUSE };
	w.entries[2] = (struct vm_map_entry){ .vm = VA, .start = 4, .end = 8,
	    .etype = UVM_ET_INUSE };
	w.entries[1] = (struct vm_map_entry){ .vm = VA, .start = 0, .end = 3,
	    .etype = 0 };
	w.entries[3] = (struct vm_map_entry){ .vm = VDEAD, .start = 0,
	    .end = 4, .etype = UVM_ET_INUSE };
	inv_facts_build(&w, &m, &f);
	for (int vm = 1; vm <= MAX_VMSPACES; vm++)
		for (int va = 0; va < VA_PAGES; va++)
			assert_int_equal(f.entry_at[vm][va],
			    inv_entry_at(&w, vm, va));
	assert_int_equal(f.entry_at[VA][3], 4);
	assert_int_equal(f.entry_at[VA][5], 2);
	assert_int_equal(f.entry_at[VA][1], 0);
}

/* wirings by kind, and who else names a page */
static void
test_names(void **state)
{
	struct inv_facts f;

	(void)state;
	w.wirings[1] = (struct wiring){ WK_MLOCK, VA, 1, 2 };
	w.wirings[5] = (struct wiring){ WK_VSLOCK, VA, 1, 2 };
	w.wirings[6] = (struct wiring){ WK_MLOCK, VA, 2, 2 };
	w.wirings[7] = (struct wiring){ WK_KLOAN, 0, 0, 5 };
	w.wirings[8] = (struct wiring){ WK_MLOCK, VA, 3, 0 };	/* lost */
	w.bufs[3].b_kind = BUF_PHYSIO_READ;
	w.bufs[3].b_npages = 1;
	w.bufs[3].b_pages[0] = 4;
	w.bufs[3].b_pages[1] = 5;	/* beyond b_npages */
	w.bufs[2].b_kind = BUF_PHYSIO_WRITE;
	w.bufs[2].b_npages = 1;
	w.bufs[2].b_pages[0] = 5;
	w.bufs[1].b_pages[0] = 6;	/* not in use */
	w.anons[9].an_page = 4;
	w.anons[12].an_page = 4;
	w.kloans[3].kl_page = 5;
	w.kloans[2].kl_page = 5;
	w.amaps[1].am_flags = AMAP_INUSE;
	w.amaps[1].am_anon[0] = 9;
	w.amaps[1].am_anon[3] = 9;
	w.amaps[2].am_anon[0] = 9;	/* amap not in use */
	inv_facts_build(&w, &m, &f);
	for (int pg = 1; pg <= 8; pg++)
		for (int k = WK_NONE; k <= WK_KLOAN; k++)
			assert_int_equal(f.wirings[pg][k],
			    inv_wirings_of(&w, pg, k));
	assert_int_equal(f.wirings[2][WK_NONE], 3);
	assert_int_equal(f.wirings[2][WK_MLOCK], 2);
	assert_int_equal(f.dma_buf[4], 3);
	assert_int_equal(f.dma_buf[5], 2);
	assert_int_equal(f.dma_buf[6], 0);
	assert_true(f.in_io[4]);
	assert_true(f.in_io[5]);	/* through buf 2 */
	assert_false(f.in_io[6]);
	assert_int_equal(f.an_page_of[4], 9);
	assert_int_equal(f.kloan_of[5], 2);
	assert_int_equal(f.amap_refs[9], 2);
	assert_int_equal(f.amap_refs[12], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ptes, setup),
		cmocka_unit_test_setup(test_ptps, setup),
		cmocka_unit_test_setup(test_entries, setup),
		cmocka_unit_test_setup(test_names, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
