/*
 * breakage.c: one breakage per invariant that no catalogued kernel
 * reaches (breakage.h).  Each names the kernel bug it stands for and
 * makes the smallest change to a real world that such a bug would make,
 * on objects chosen so that no other invariant has a reason to fire
 * first: the breakage must set off its own invariant, or the gate fails.
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "core/uvm.h"
#include "invariants/breakage.h"
#include "invariants/invariants.h"

/* a page that exists, is not free and is not a page-table page */
static bool
page_in_use(const struct world *w, const struct model *m, int pg)
{
	return pg >= 1 && pg <= inv_npages(m) &&
	    (w->pages[pg].pg_pqflags & PQ_FREE) == 0 &&
	    !inv_page_is_ptp(w, pg);
}

/* pg has any valid mapping (managed or kenter); writable ones only? */
static bool
page_mapped(const struct world *w, int pg, bool writable)
{
	int vm, va;

	return inv_find_pte(w, pg, true, writable, &vm, &va) ||
	    inv_find_pte(w, pg, false, writable, &vm, &va);
}

/* nothing pins pg: no wiring, loan, I/O hold or busy holder */
static bool
page_unpinned(const struct world *w, int pg)
{
	const struct vm_page *p = &w->pages[pg];

	return p->wire_count == 0 && p->loan_count == 0 &&
	    p->hold_count == 0 && (p->pg_flags & PG_BUSY) == 0;
}

static int
first_kthread(const struct model *m, int kind)
{
	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++)
		if (m->threads[tid].kthread == kind)
			return tid;
	return 0;
}

/* I1: uvm_pageactivate without its wire_count test */
static bool
break_wired_page_queued(struct world *w, const struct model *m, char *what,
    size_t len)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		struct vm_page *p = &w->pages[pg];

		if (!page_in_use(w, m, pg) || p->wire_count == 0 ||
		    (p->pg_pqflags & PQ_QUEUES) != 0)
			continue;
		p->pg_pqflags |= PQ_ACTIVE;
		snprintf(what, len, "page %d (wire_count %d) put on the "
		    "active queue", pg, p->wire_count);
		return true;
	}
	return false;
}

/*
 * I2: the 1999 uvmpd_scan without Thorpe's "&& p->wire_count == 0": the
 * pagedaemon hands a wired page to uvm_pagedeactivate, whose DIAGNOSTIC
 * test (the model's core/uvm_page.c) raises the at-op event.
 */
static bool
break_wired_page_deactivated(struct world *w, const struct model *m,
    char *what, size_t len)
{
	struct step_ctx c;

	for (int pg = 1; pg <= inv_npages(m); pg++) {
		if (!page_in_use(w, m, pg) || w->pages[pg].wire_count == 0)
			continue;
		memset(&c, 0, sizeof(c));
		c.m = m;
		c.tid = first_kthread(m, KT_PAGEDAEMON);
		if (c.tid == 0)
			c.tid = 1;
		uvm_pagedeactivate(w, &c, pg);
		snprintf(what, len, "uvm_pagedeactivate(page %d, wire_count "
		    "%d) called by thread %d", pg, w->pages[pg].wire_count,
		    c.tid);
		return true;
	}
	return false;
}

/*
 * I13: a fault that enters a page writable although it is shared
 * copy-on-write: an anon with more than one reference, or an object
 * page under a MAP_PRIVATE entry (enter_prot not masked).
 */
static bool
break_cow_page_writable(struct world *w, const struct model *m, char *what,
    size_t len)
{
	for (int vm = 2; vm <= MAX_PMAPS; vm++) {
		for (int va = 0; va < VA_PAGES; va++) {
			struct pmap_pte *pte = &w->pmap.pmaps[vm].pm_pte[va];
			const struct vm_page *p;
			int e, an;
			bool shared;

			if (inv_pte(w, vm, va) == NULL ||
			    (pte->pte_bits & PTE_MANAGED) == 0 ||
			    (pte->pte_bits & VM_PROT_WRITE) != 0 ||
			    !page_in_use(w, m, pte->pte_pa))
				continue;
			p = &w->pages[pte->pte_pa];
			e = inv_entry_at(w, vm, va);
			if (e == 0 || p->loan_count != 0 ||
			    (w->entries[e].protection & VM_PROT_WRITE) == 0)
				continue;
			an = p->uanon;
			shared = an != 0 ? w->anons[an].an_ref > 1 :
			    p->uobject != 0 &&
			    (w->entries[e].etype & UVM_ET_COPYONWRITE) != 0;
			if (!shared)
				continue;
			pte->pte_bits |= VM_PROT_WRITE;
			snprintf(what, len, "vmspace %d va %d: page %d (%s) "
			    "entered writable", vm, va, pte->pte_pa, an != 0 ?
			    "anon shared by fork" : "object page, private entry");
			return true;
		}
	}
	return false;
}

/*
 * I18: a fault that sleeps on a busy page without uvmfault_unlockall:
 * the thread keeps its map write-locked while it waits.
 */
static bool
break_busy_wait_under_map_lock(struct world *w, const struct model *m,
    char *what, size_t len)
{
	int holder = 0;

	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++)
		if (w->threads[tid].t_state == TS_RUN &&
		    m->threads[tid].kthread != KT_NONE) {
			holder = tid;
			break;
		}
	for (int tid = 1; holder != 0 && tid <= m->nthreads &&
	    tid <= MAX_THREADS; tid++) {
		struct thread *t = &w->threads[tid];
		int vm = thread_vm(w, tid);

		if (m->threads[tid].kthread != KT_NONE ||
		    t->t_state != TS_RUN || vm == 0 ||
		    w->vms[vm].vm_writer != 0 || w->vms[vm].vm_readers != 0)
			continue;
		for (int pg = 1; pg <= inv_npages(m); pg++) {
			struct vm_page *p = &w->pages[pg];

			if (!page_in_use(w, m, pg) || !page_unpinned(w, pg))
				continue;
			p->pg_flags |= PG_BUSY;
			p->busy_tid = (uint8_t)holder;
			t->t_state = TS_SLEEP;
			t->t_wchan = WC_PAGE;
			t->t_wobj = (uint8_t)pg;
			w->vms[vm].vm_writer = (uint8_t)tid;
			snprintf(what, len, "thread %d sleeps on page %d (busy, "
			    "held by thread %d) with vmspace %d write-locked",
			    tid, pg, holder, vm);
			return true;
		}
	}
	return false;
}

/*
 * I19: uvm_map_protect that lowers an entry's protection without the
 * pmap_protect that takes write access away from its PTEs.
 */
static bool
break_protection_exceeded(struct world *w, const struct model *m, char *what,
    size_t len)
{
	(void)m;
	for (int vm = 2; vm <= MAX_PMAPS; vm++) {
		for (int va = 0; va < VA_PAGES; va++) {
			const struct pmap_pte *pte = inv_pte(w, vm, va);
			int e;

			if (pte == NULL || (pte->pte_bits & PTE_MANAGED) == 0 ||
			    (pte->pte_bits & VM_PROT_WRITE) == 0)
				continue;
			if ((e = inv_entry_at(w, vm, va)) == 0)
				continue;
			w->entries[e].protection &= (uint8_t)~VM_PROT_WRITE;
			snprintf(what, len, "entry %d (vmspace %d va %d-%d) made "
			    "read-only, its writable PTE at va %d kept", e, vm,
			    w->entries[e].start, w->entries[e].end - 1, va);
			return true;
		}
	}
	return false;
}

/*
 * I20: a truncation that disowns a page nobody borrowed (the orphan
 * path of uvm_pagefree, taken without a loan) instead of freeing it.
 */
static bool
break_ownerless_page_unlent(struct world *w, const struct model *m,
    char *what, size_t len)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		struct vm_page *p = &w->pages[pg];

		if (!page_in_use(w, m, pg) || p->uobject == 0 ||
		    p->uanon != 0 || !page_unpinned(w, pg) ||
		    page_mapped(w, pg, false))
			continue;
		snprintf(what, len, "page %d (object %d offset %d, unmapped, "
		    "not lent) disowned", pg, p->uobject, p->offset);
		p->uobject = 0;
		p->offset = 0;
		return true;
	}
	return false;
}

/*
 * deadlock: a lost wakeup.  Every user thread that has not finished
 * sleeps in biowait on a buf no I/O will complete, and the kernel
 * threads are idle: nobody can run, and nothing waits for anybody in a
 * cycle.
 */
static bool
break_deadlock(struct world *w, const struct model *m, char *what,
    size_t len)
{
	int buf = 0, sleepers = 0;

	for (int b = 1; b <= MAX_BUFS && buf == 0; b++)
		if (w->bufs[b].b_kind == BUF_NONE)
			buf = b;
	if (buf == 0)
		return false;
	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++)
		sleepers += m->threads[tid].kthread == KT_NONE &&
		    (w->threads[tid].t_state == TS_RUN ||
		    w->threads[tid].t_state == TS_SLEEP);
	if (sleepers == 0)
		return false;
	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++) {
		struct thread *t = &w->threads[tid];
		int kind = m->threads[tid].kthread;

		if (t->t_state != TS_RUN && t->t_state != TS_SLEEP)
			continue;
		t->t_state = TS_SLEEP;
		t->t_wchan = (uint8_t)(kind == KT_NONE ? WC_BUF :
		    kind == KT_PAGEDAEMON ? WC_PDAEMON : WC_WORK);
		t->t_wobj = (uint8_t)(kind == KT_NONE ? buf : 0);
	}
	snprintf(what, len, "%d user thread%s asleep in biowait on buf %d, "
	    "whose biodone never comes; kernel threads idle", sleepers,
	    sleepers == 1 ? "" : "s", buf);
	return true;
}

/* I21: a pageout whose error path forgets uvm_swap_free */
static bool
break_swap_slot_leaked(struct world *w, const struct model *m, char *what,
    size_t len)
{
	for (int s = 1; s <= m->tun.nswap && s <= MAX_SWAP; s++) {
		if (w->swap[s].sw_state != SWS_FREE)
			continue;
		w->swap[s].sw_state = SWS_INUSE;
		w->swap[s].sw_anon = 0;
		snprintf(what, len, "swap slot %d allocated and never freed",
		    s);
		return true;
	}
	return false;
}

/*
 * I22: an amap_copy (or A->A loan) that takes a reference to an anon
 * and never drops it.  An anon whose page has no writable mapping, so
 * that the second reference breaks no copy-on-write rule.
 */
static bool
break_anon_ref_leaked(struct world *w, const struct model *m, char *what,
    size_t len)
{
	(void)m;
	for (int an = 1; an <= MAX_ANONS; an++) {
		struct vm_anon *a = &w->anons[an];

		if ((a->an_flags & AN_INUSE) == 0 || a->an_ref == 0 ||
		    a->an_lock != 0 ||
		    (a->an_page != 0 && page_mapped(w, a->an_page, true)))
			continue;
		a->an_ref++;
		snprintf(what, len, "anon %d: an_ref %d -> %d with no new "
		    "amap slot", an, a->an_ref - 1, a->an_ref);
		return true;
	}
	return false;
}

/*
 * I23: uvm_unloan that forgets loan_count--.  A page no one may write
 * or wire, so that the extra loan breaks no loan rule.
 */
static bool
break_loan_count_leaked(struct world *w, const struct model *m, char *what,
    size_t len)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		struct vm_page *p = &w->pages[pg];

		if (!page_in_use(w, m, pg) || !page_unpinned(w, pg) ||
		    (p->uobject == 0 && p->uanon == 0) ||
		    page_mapped(w, pg, true))
			continue;
		p->loan_count = 1;
		snprintf(what, len, "page %d: loan_count 0 -> 1, no loan "
		    "taken", pg);
		return true;
	}
	return false;
}

/*
 * I24: a page taken off its paging queue (uvm_pagedequeue) and then
 * neither freed nor wired, lent or put back: the pagedaemon drops it.
 */
static bool
break_page_lost(struct world *w, const struct model *m, char *what,
    size_t len)
{
	for (int pg = 1; pg <= inv_npages(m); pg++) {
		struct vm_page *p = &w->pages[pg];

		if (!page_in_use(w, m, pg) || !page_unpinned(w, pg) ||
		    (p->pg_pqflags & PQ_QUEUES) == 0)
			continue;
		p->pg_pqflags &= (uint8_t)~PQ_QUEUES;
		snprintf(what, len, "page %d dequeued and dropped", pg);
		return true;
	}
	return false;
}

/*
 * I25: pmap_remove frees a page-table page although a valid PTE still
 * points through it, and uvm_pagealloc hands the page to a vnode.
 */
static bool
break_ptp_freed_in_use(struct world *w, const struct model *m, char *what,
    size_t len)
{
	int obj = 0;

	for (int o = 1; o <= m->nobjs && o <= MAX_OBJS && obj == 0; o++)
		if (w->objs[o].uo_type != UOBJ_NONE)
			obj = o;
	if (obj == 0)
		return false;
	for (int pm = 2; pm <= MAX_PMAPS; pm++) {
		const struct pmap *pmap = &w->pmap.pmaps[pm];

		if ((pmap->pm_flags & PM_STATIC_PTPS) != 0)
			continue;
		for (int va = 0; va < VA_PAGES; va++) {
			int ptp = pmap->pm_ptp[va / PTP_SPAN];
			struct vm_page *p = &w->pages[ptp];

			if (inv_pte(w, pm, va) == NULL || ptp == 0)
				continue;
			p->uobject = (uint8_t)obj;
			p->offset = w->objs[obj].v_size;
			snprintf(what, len, "page-table page %d of pmap %d "
			    "(valid PTE at va %d) given to object %d", ptp, pm,
			    va, obj);
			return true;
		}
	}
	return false;
}

const struct inv_breakage inv_breakages[] = {
	{ INV_WIRED_PAGE_QUEUED, "uvm_pageactivate without the wire_count "
	    "test", break_wired_page_queued },
	{ INV_WIRED_PAGE_DEACTIVATED, "uvmpd_scan without Thorpe's "
	    "wire_count test (1999)", break_wired_page_deactivated },
	{ INV_COW_PAGE_WRITABLE, "a fault that enters a copy-on-write page "
	    "writable", break_cow_page_writable },
	{ INV_BUSY_WAIT_UNDER_MAP_LOCK, "a fault that sleeps on a busy page "
	    "without uvmfault_unlockall", break_busy_wait_under_map_lock },
	{ INV_PROTECTION_EXCEEDED, "uvm_map_protect without pmap_protect",
	    break_protection_exceeded },
	{ INV_OWNERLESS_PAGE_UNLENT, "a truncation that disowns an unlent "
	    "page instead of freeing it", break_ownerless_page_unlent },
	{ INV_DEADLOCK, "a lost wakeup: a biodone that never comes",
	    break_deadlock },
	{ INV_SWAP_SLOT_LEAKED, "a pageout error path without uvm_swap_free",
	    break_swap_slot_leaked },
	{ INV_ANON_REF_LEAKED, "an amap_copy that keeps an anon reference "
	    "it never drops", break_anon_ref_leaked },
	{ INV_LOAN_COUNT_LEAKED, "uvm_unloan without loan_count--",
	    break_loan_count_leaked },
	{ INV_PAGE_LOST, "a page dequeued and neither freed nor requeued",
	    break_page_lost },
	{ INV_PTP_FREED_IN_USE, "pmap_remove that frees a page-table page "
	    "under a valid PTE", break_ptp_freed_in_use },
};
const int inv_nbreakages = sizeof(inv_breakages) / sizeof(inv_breakages[0]);

const struct inv_breakage *
inv_breakage_of(int inv)
{
	for (int i = 0; i < inv_nbreakages; i++)
		if (inv_breakages[i].inv == inv)
			return &inv_breakages[i];
	return NULL;
}
