/*
 * check_loans.c: invariants of page loans (uvm_loan.c).
 *
 * A loan's life (docs/uvm-semantics.md §5): uvm_loan(TOPAGE) on the first
 * loan read-protects every managed mapping (pmap_page_protect READ) and
 * bumps loan_count (the 1999-2001 design also wires the page); the
 * kernel maps the page at a loan kva (kl_kva) with pmap_kenter_pa,
 * read-only (before PMAP_NEW: a managed pmap_enter); a write fault on the
 * owner's side breaks the loan (uvm_loanbreak: the owner gets a copy, the
 * lent page becomes ownerless); uvm_unloanpage drops loan_count and frees
 * or lets the anon adopt an ownerless page.
 *
 * Invariants checked here, after every step:
 *
 *   I7  loaned-page-writable.  A page with loan_count > 0 has no writable
 *       managed mapping (pv list) and no writable unmanaged kernel mapping
 *       (pmap_kenter_pa).  (S-2: a kenter mapping of a lent page
 *       stays writable across COW.)
 *
 *   I8  loaned-page-wired.  A page with loan_count > 0 is not wired,
 *       except by the kernel loans themselves in the 1999-2001 design
 *       ("each loan of a page to a wired kernel page bumps the
 *       wire_count"): so loan_count > 0 implies wire_count equals the
 *       number of WK_KLOAN ghost wirings naming the page.  A vslock or
 *       mlock wiring of a lent page breaks it.  (S-13:
 *       vslock without VM_PROT_WRITE wires a lent page.)
 *
 *   I9  loan-mapping-lost.  For every outstanding kernel loan (kl_page
 *       != 0), pmap_kernel() has a valid mapping at the loan's kva and it
 *       names the lent page.  (S-1: the pagedaemon revoked the
 *       managed kernel mapping of a lent page.)
 */
#include "invariants/invariants.h"

#include "invariants/facts.h"

/*
 * I7: loan_count > 0  =>  no writable managed or kenter mapping.
 */
bool
inv_fcheck_loaned_page_writable(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct inv_pte_at *wr;

		if (w->pages[pg].loan_count == 0)
			continue;
		wr = &f->managed_w[pg];
		if (wr->vm != 0) {
			inv_fail(v, INV_LOANED_PAGE_WRITABLE, 0, pg, wr->vm,
			    wr->va, "lent page has a writable managed mapping");
			return true;
		}
		wr = &f->kmap_w[pg];
		if (wr->vm != 0) {
			inv_fail(v, INV_LOANED_PAGE_WRITABLE, 0, pg, wr->vm,
			    wr->va, "lent page has a writable pmap_kenter_pa "
			    "mapping");
			return true;
		}
	}
	return false;
}

INV_FCHECK_ALONE(loaned_page_writable)

/*
 * I8: loan_count > 0  =>  wire_count == #WK_KLOAN wirings of the page.
 */
bool
inv_fcheck_loaned_page_wired(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		const struct vm_page *p = &w->pages[pg];
		int kloan_wirings;

		if (p->loan_count == 0 || (p->pg_pqflags & PQ_FREE))
			continue;
		kloan_wirings = f->wirings[pg][WK_KLOAN];
		if (p->wire_count != kloan_wirings) {
			inv_fail(v, INV_LOANED_PAGE_WIRED, 0, pg, 0, 0,
			    "lent page wired by %s (wire_count %d, kernel-loan "
			    "wirings %d)",
			    f->wirings[pg][WK_VSLOCK] ? "vslock" :
			    f->wirings[pg][WK_MLOCK] ? "mlock" :
			    "an unrecorded wiring",
			    p->wire_count, kloan_wirings);
			return true;
		}
	}
	return false;
}

INV_FCHECK_ALONE(loaned_page_wired)

/*
 * I9: kernel loan outstanding  =>  pmap_kernel() maps kl_kva to kl_page.
 */
bool
inv_check_loan_mapping_lost(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	(void)m;
	for (int k = 1; k <= MAX_KLOANS; k++) {
		const struct kloan *kl = &w->kloans[k];
		int pa = 0;

		if (kl->kl_page == 0)
			continue;
		if (!pmap_extract(&w->pmap, KERNEL_VMSPACE, kl->kl_kva, &pa)) {
			inv_fail(v, INV_LOAN_MAPPING_LOST, 0, kl->kl_page, k,
			    kl->kl_kva, "kernel mapping of the loan is gone "
			    "(a kernel access would fault)");
			return true;
		}
		if (pa != kl->kl_page) {
			inv_fail(v, INV_LOAN_MAPPING_LOST, 0, kl->kl_page, k,
			    kl->kl_kva, "loan kva maps page %d instead", pa);
			return true;
		}
	}
	return false;
}
