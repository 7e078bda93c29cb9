/*
 * uvm_loan.c: page loanout to the kernel (UVM_LOAN_TOPAGE), the network
 * stack that returns the loans, and loan breaking.
 *
 * What the kernel does (uvm_loan.c 1.13 [1999], 1.27 [2001], 1.104 [2020];
 * docs/uvm-semantics.md §5):
 *
 *   write(2) on a TCP socket with zero-copy transmit calls
 *   uvm_loan(map, va, len, pages, UVM_LOAN_TOPAGE).  For each page the
 *   map is looked up (uvmfault_lookup, map read-locked), then the anon
 *   layer is checked first (uvm_loananon: A->K) and the object layer
 *   second (uvm_loanuobj: O->K).  A page that is not resident is brought
 *   in first (uvmfault_anonget / pgo_get with I/O; the model faults it in
 *   with a read fault).  Lending the page:
 *	- [2020] a wired page is refused (uvm_loanpage: EBUSY; A->K: fail)
 *	- first loan: pmap_page_protect(pg, VM_PROT_READ), so that no
 *	  managed mapping of a lent page stays writable
 *	- loan_count++
 *	- [1999-2001] "each loan of a page to the kernel bumps the
 *	  pg->wire_count" (uvm_pagewire); [2020] uvm_pageactivate instead
 *   The caller (the mbuf code) then maps the page into kernel VA: with
 *   PMAP_NEW a read-only pmap_kenter_pa, which pmap_page_protect never
 *   touches; before PMAP_NEW a managed pmap_enter, which the pagedaemon's
 *   pmap_page_protect(NONE) revokes (S-1).  A kernel write to a
 *   lent page is an error, so the mapping must be read-only (S-2).
 *
 *   When the transmit completes, the network stack unmaps the page and
 *   calls uvm_unloan(pages, n, UVM_LOAN_TOPAGE) -> uvm_unloanpage, which
 *   trylocks the page's owner in the wrong order (page -> owner), drops
 *   the loan, lets an anon adopt an ownerless page, and frees a page that
 *   has neither loans nor owner.
 *
 *   Only UVM_LOAN_TOPAGE is modelled: the kernel's callers of uvm_loan
 *   (sosend's zero-copy loan in uipc_socket.c, the pipe's direct write in
 *   sys_pipe.c) lend to the kernel; UVM_LOAN_TOANON (O->A and A->A loans,
 *   uvm_loanuobj/uvm_loananon's anon branch) has no caller, so the
 *   model's anon and pagedaemon code has no O->A case either.
 *
 *   A user write fault on an object page that is lent breaks the loan
 *   (uvm_loanbreak): a copy replaces the page in the object and the old
 *   page becomes ownerless, kept only by its loans (and by any wiring it
 *   had: S-13).
 *
 * Model:
 *   op_send_step	OP_SEND va, npages: uvm_loan(TOPAGE) plus the
 *			socket layer's kernel mappings; the loans are
 *			recorded in w->kloans and handed to the netisr.
 *			Locals (frame op_send): page index, kloan_slots
 *			made by this call (for the failure backout),
 *			refaults of the current page.
 *   kt_netisr_step	the network stack: returns the lowest outstanding
 *			kernel loan per step.
 *   uvm_unloanpage	drop one kernel loan (a kloan slot).
 *   uvm_loanbreak_page	the page-level half of uvm_loanbreak.
 *
 * Locks: uvm_loan holds the map read lock while it lends (the model
 * takes and drops it per page within one step) and the owner's lock;
 * simple locks are never held across a step.  uvm_unloanpage's trylock
 * dance ([2020] kpause("livelock")) is not modelled: no thread holds an
 * owner lock across an interleaving point.
 *
 * Where it sleeps: on the map lock, on a busy page ("loanbusy"), inside
 * the fault that brings a page in; the netisr sleeps when it has no
 * loan to return.
 */
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

#define KLOAN_KVA_BASE	12	/* kernel VAs 12..15: loan mappings */
#define SEND_MAX_REFAULT 8	/* refaults of one page before giving up */

/* op_send_step program counters */
enum { SEND_START = 0, SEND_LOOP, SEND_FAULTED };

static int
kloan_alloc_slot(const struct world *w)
{
	for (int k = 1; k <= MAX_KLOANS; k++)
		if (w->kloans[k].kl_page == 0)
			return k;
	return 0;
}

/*
 * kloan_unmap: the mbuf code's pmap_kremove (or, pre-PMAP_NEW, the
 * managed pmap_remove) of a loan's kernel mapping.
 */
static void
kloan_unmap(struct world *w, struct step_ctx *c, int k)
{
	struct kloan *kl = &w->kloans[k];

	if (kl->kl_managed)
		uvm_pmap_remove(w, c, KERNEL_VMSPACE, kl->kl_kva,
		    kl->kl_kva + 1);
	else
		pmap_kremove(&w->pmap, kl->kl_kva, 1);
}

/*
 * uvm_unloanpage: kill a loan on a page lent to the kernel
 *
 * => the caller has removed the kernel mapping of the loan
 * => we expect all our resources to be unlocked
 * => frees the kloan slot
 */
void
uvm_unloanpage(struct world *w, struct step_ctx *c, int k)
{
	struct kloan *kl = &w->kloans[k];
	int pg = kl->kl_page;
	struct vm_page *p;

	if (pg == 0)
		return;
	p = &w->pages[pg];

	if (p->loan_count == 0) {
		model_event(w, c, INV_KERNEL_PANIC, pg, k, 0,
		    "uvm_unloanpage: KASSERT(pg->loan_count > 0)");
		memset(kl, 0, sizeof(*kl));
		return;
	}
	p->loan_count--;

	/* [1999-2001] the loan wired the page: unwire it with the loan */
	if (KNOB(c, K_KLOAN_WIRES_PAGE) == KLOAN_WIRES_PAGE_YES) {
		(void)wiring_drop(w, 0, kl->kl_kva, WK_KLOAN);
		uvm_pageunwire(w, c, pg);
	}

	/*
	 * if page is owned by an anon but PQ_ANON is not set, the page was
	 * loaned to the anon from an object which dropped ownership: turn
	 * the anon's loan into real ownership.
	 */
	if (p->uobject == 0 && p->uanon != 0 &&
	    (p->pg_pqflags & PQ_ANON) == 0) {
		if (p->loan_count == 0) {
			model_event(w, c, INV_KERNEL_PANIC, pg, k, 0,
			    "uvm_unloanpage: adopt: "
			    "KASSERT(pg->loan_count > 0)");
		} else {
			p->loan_count--;
			p->pg_pqflags |= PQ_ANON;
			note(c, "uvm_unloanpage: anon adopts the ownerless "
			    "page");
		}
	}

	if (p->loan_count == 0) {
		if (p->uobject == 0 && p->uanon == 0) {
			if (p->pg_flags & PG_BUSY)
				model_event(w, c, INV_KERNEL_PANIC, pg, k, 0,
				    "uvm_unloanpage: KASSERT((pg->flags & "
				    "PG_BUSY) == 0)");
			if (p->hold_count > 0) {
				note(c, "uvm_unloanpage: last loan gone, page "
				    "still held for I/O (freed at unhold)");
			} else {
				note(c, "uvm_unloanpage: last loan of an "
				    "ownerless page -> uvm_pagefree");
				uvm_pagefree(w, c, pg);
			}
		} else {
			/* put it back on a paging queue (skips wired pages) */
			uvm_pageactivate(w, pg);
		}
	}
	memset(kl, 0, sizeof(*kl));
}

/*
 * uvm_loanbreak_page: break the loan on an object page (uvm_loanbreak)
 *
 * => called with the object locked and oldpg usually busy
 * => newpg: an unowned page from uvm_pagealloc (BUSY|FAKE, caller's)
 * => newpg takes oldpg's place in the object, active and unbusied;
 *    oldpg keeps its loan_count and wire_count and is ownerless, freed
 *    by its last unloan
 */
void
uvm_loanbreak_page(struct world *w, struct step_ctx *c, int oldpg, int newpg)
{
	struct vm_page *op = &w->pages[oldpg];
	struct vm_page *np = &w->pages[newpg];

	/* uvm_pagecopy(old, new): new is valid and dirty */
	np->pg_flags &= (uint8_t)~(PG_FAKE | PG_CLEAN);
	np->pg_data = op->pg_data;

	/* force a reload of the old page by clearing it from all pmaps */
	uvm_pmap_page_protect(w, c, oldpg, VM_PROT_NONE);

	/* wake and unbusy the old page */
	if (op->pg_flags & PG_WANTED)
		wakeup(w, WC_PAGE, oldpg);
	op->pg_flags &= (uint8_t)~(PG_WANTED | PG_BUSY);
	op->busy_tid = 0;

	/* an O->K loan only: the kernel holds it, take it off the queues */
	if (op->uanon == 0)
		uvm_pagedequeue(w, oldpg);

	uvm_pagereplace(w, oldpg, newpg);
	uvm_pageactivate(w, newpg);
	uvm_page_unbusy(w, c, newpg);
	note(c, "uvm_loanbreak: copy replaces the lent page; old page is "
	    "ownerless, kept by its loans");
}

/*
 * send_backout: uvm_loan's failure path: uvm_unloan the pages lent so
 * far by this call (op_send.kloan_slots).
 */
static void
send_backout(struct world *w, struct step_ctx *c, struct frame *f)
{
	for (int k = 1; k <= MAX_KLOANS; k++) {
		if ((f->op_send.kloan_slots & (1u << (k - 1))) == 0)
			continue;
		if (w->kloans[k].kl_page != 0) {
			kloan_unmap(w, c, k);
			uvm_unloanpage(w, c, k);
		}
	}
	f->op_send.kloan_slots = 0;
}

/*
 * send_find_page: the page uvm_loanentry would lend at va: the anon
 * layer first, then the object layer.  Returns the page, 0 if it is not
 * resident, -1 if nothing could ever be there (EFAULT).
 */
static int
send_find_page(const struct world *w, int e, int va)
{
	const struct vm_map_entry *me = &w->entries[e];
	int slot = va - me->start;

	if (me->amap != 0) {
		int anon = amap_lookup(w, me->amap, me->amap_off + slot);

		if (anon != 0)
			return w->anons[anon].an_page;
	}
	if (me->uobj != 0)
		return uvm_pagelookup(w, me->uobj, me->uoff + slot);
	/* zero-fill memory: a read fault makes the anon */
	return 0;
}

/*
 * op_send_step: write(2) to a TCP socket: uvm_loan(map, va, n, TOPAGE),
 * then the socket layer maps every lent page into kernel VA and hands
 * the mbufs to the network stack.
 *
 * => map unlocked on entry; read-locked per page
 * => may sleep: map lock, busy page, inside the read fault
 * => returns 0, M_EFAULT (hole), M_EBUSY ([2020] wired page),
 *    M_ENOMEM (no mbuf: MAX_KLOANS), or the fault's error
 */
int
op_send_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int vm = thread_vm(w, c->tid);

	(void)t;
	switch (f->pc) {
	case SEND_START:
		if (f->op_send.npages == 0)
			return fn_return(w, c, M_EINVAL);
		f->op_send.page = 0;
		f->op_send.kloan_slots = 0;
		f->op_send.refaults = 0;
		f->pc = SEND_LOOP;
		/* FALLTHROUGH */
	case SEND_LOOP:
	lookup:
		while (f->op_send.page < f->op_send.npages) {
			int va = f->op_send.va + f->op_send.page;
			int e, pg, k, kva, prot;
			struct vm_page *p;

			if (kloan_alloc_slot(w) == 0) {
				note(c, "sosend: no mbuf for the loan (model: "
				    "MAX_KLOANS)");
				send_backout(w, c, f);
				return fn_return(w, c, M_ENOMEM);
			}
			if (!vm_map_lock_read_try(w, c, vm))
				return fn_sleep(w, c, SEND_LOOP, WC_MAPLOCK, vm,
				    "vm_map_lock_read");
			e = uvm_map_lookup_entry(w, vm, va);
			if (e == 0) {
				vm_map_unlock_read(w, c, vm);
				note(c, "uvm_loan: uvmfault_lookup failed "
				    "(unmapped) -> backout");
				send_backout(w, c, f);
				return fn_return(w, c, M_EFAULT);
			}
			pg = send_find_page(w, e, va);
			if (pg == 0) {
				/* not resident: bring it in and look again */
				vm_map_unlock_read(w, c, vm);
				if (f->op_send.refaults >= SEND_MAX_REFAULT) {
					note(c, "uvm_loan: page keeps "
					    "vanishing -> EFAULT");
					send_backout(w, c, f);
					return fn_return(w, c, M_EFAULT);
				}
				f->op_send.refaults++;
				note(c, "uvm_loan: page not resident -> "
				    "fault it in (read)");
				f->pc = SEND_FAULTED;
				return call_uvm_fault(w, c, vm, va,
				    VM_PROT_READ, 0, 0);
			}
			p = &w->pages[pg];
			if (p->pg_flags & PG_BUSY) {
				/* uvmfault_anonget / pgo_get wait for it */
				p->pg_flags |= PG_WANTED;
				vm_map_unlock_read(w, c, vm);
				return fn_sleep(w, c, SEND_LOOP, WC_PAGE, pg,
				    "loanbusy");
			}

			/* [2020] uvm_loanpage / uvm_loananon: refuse wired */
			if (KNOB(c, K_LOAN_REFUSES_WIRED) ==
			    LOAN_REFUSES_WIRED_REFUSES &&
			    p->wire_count > 0) {
				vm_map_unlock_read(w, c, vm);
				note(c, "uvm_loanpage: page is wired -> EBUSY "
				    "(2020)");
				send_backout(w, c, f);
				return fn_return(w, c, M_EBUSY);
			}

			/* lend it */
			if (p->loan_count == 0)
				uvm_pmap_page_protect(w, c, pg, VM_PROT_READ);
			p->loan_count++;
			k = kloan_alloc_slot(w);
			kva = KLOAN_KVA_BASE + k - 1;
			if (KNOB(c, K_KLOAN_WIRES_PAGE) ==
			    KLOAN_WIRES_PAGE_YES) {
				/* [1999-2001]: the loan wires the page */
				uvm_pagewire(w, pg);
				wiring_add(w, WK_KLOAN, 0, kva, pg);
			} else {
				uvm_pageactivate(w, pg);
			}
			w->kloans[k].kl_page = (uint8_t)pg;
			w->kloans[k].kl_kva = (uint8_t)kva;
			w->kloans[k].kl_tid = (uint8_t)c->tid;
			f->op_send.kloan_slots |= (uint8_t)(1u << (k - 1));
			vm_map_unlock_read(w, c, vm);

			/* the socket layer maps the lent page */
			prot = KNOB(c, K_KLOAN_KMAP_PROT) ==
			    KLOAN_KMAP_PROT_READ_WRITE ?
			    VM_PROT_READ | VM_PROT_WRITE : VM_PROT_READ;
			if (KNOB(c, K_KLOAN_MAPPING) == KLOAN_MAPPING_KENTER) {
				pmap_kenter_pa(&w->pmap, kva, pg, prot);
				note(c, "uvm_loan: page lent; pmap_kenter_pa "
				    "kernel mapping");
			} else {
				/* pre-PMAP_NEW: a managed, wired mapping */
				w->kloans[k].kl_managed = 1;
				(void)uvm_pmap_enter(w, c, KERNEL_VMSPACE, kva,
				    pg, VM_PROT_READ,
				    VM_PROT_READ | PMAP_WIRED);
				note(c, "uvm_loan: page lent; managed "
				    "pmap_enter kernel mapping (pre-PMAP_NEW)");
			}
			f->op_send.page++;
			f->op_send.refaults = 0;
		}
		/* the mbufs go to the network stack */
		wakeup(w, WC_WORK, KT_NETISR);
		return fn_return(w, c, 0);

	case SEND_FAULTED:
		if (f->ret != 0) {
			note(c, "uvm_loan: fault failed -> backout");
			send_backout(w, c, f);
			return fn_return(w, c, f->ret);
		}
		/* look the page up again */
		f->pc = SEND_LOOP;
		goto lookup;
	}
	model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
	    "model: op_send_step bad pc");
	return fn_return(w, c, M_EINVAL);
}

/*
 * kt_netisr_step: the network stack.  When a transmit completes, the
 * mbuf's external storage is freed: the kernel reads the data through
 * the loan's kernel mapping (a revoked mapping is a kernel fault that
 * uvm_fault cannot resolve: there is no map entry behind it — S-1's
 * panic), unmaps it and returns the loan with uvm_unloan.
 *
 * => one loan per step; sleeps "netisr idle" when none is outstanding
 */
int
kt_netisr_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int k, pg, pa = 0;
	struct kloan *kl;

	(void)t;
	(void)f;
	for (k = 1; k <= MAX_KLOANS; k++)
		if (w->kloans[k].kl_page != 0)
			break;
	if (k > MAX_KLOANS)
		return fn_sleep(w, c, 0, WC_WORK, KT_NETISR, "netisr idle");
	kl = &w->kloans[k];
	pg = kl->kl_page;

	/* the driver reads the data through the loan's kernel mapping */
	if (!pmap_extract(&w->pmap, KERNEL_VMSPACE, kl->kl_kva, &pa) ||
	    pa != pg)
		model_event(w, c, INV_LOAN_MAPPING_LOST, pg, k, kl->kl_kva,
		    "netisr: kernel fault on a revoked loan mapping");

	/* m_freem of the external storage: unmap, uvm_unloan */
	kloan_unmap(w, c, k);
	uvm_unloanpage(w, c, k);
	return fn_yield(w, c, 0, "netisr: transmit done");
}
