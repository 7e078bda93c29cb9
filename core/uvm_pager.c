/*
 * uvm_pager.c: completion of asynchronous pageouts (the aiodone daemon,
 * later a workqueue, running uvm_aio_aiodone / uvm_aio_aiodone_pages).
 *
 * What the kernel does (uvm_pager.c ~2011 uvm_aio_aiodone_pages, ~2020
 * the same shape; docs/uvm-semantics.md §8.4):
 *
 *   For each page of a finished write buf, with the owner locked:
 *	- write error ENOMEM: clear PG_PAGEOUT, mark dirty, reactivate,
 *	  forget the slot; other errors: the slot is marked bad
 *	- PG_PAGEOUT: clear it, count pdfreed and set PG_RELEASED, so that
 *	  the unbusy below frees the page on behalf of the pagedaemon
 *	- then uvm_page_unbusy (frees PG_RELEASED pages), or, for an anon
 *	  that was disposed of while its page was in flight (an_ref == 0,
 *	  PG_RELEASED: the ~2006+ answer to the 2001 commit's "we can't release
 *	  the swap slot to be reallocated until that write is complete"),
 *	  uvm_anon_release, which frees the page and then the anon and its
 *	  slot
 *   and uvm_pageout_done(npages): uvmexp.paging -= npages; wake the
 *   pagedaemon if free memory is at the kernel reserve, else wake the
 *   uvm_wait sleepers.
 *
 * Model: kt_aiodone_step completes the lowest BUF_SWAP_WRITE buf per
 * step ("uvm_aio_aiodone: pageout done") and sleeps "aiodoned" when
 * there is none.  The page becomes PG_CLEAN (its swap slot holds the
 * data) unless the slot is no longer this anon's -- the S-7 state, where
 * uvm_anfree dropped the slot while the write was in flight; the write
 * just completes and the invariant (I11) judges.  Simplification: a
 * page that was not released is not freed here (no PG_PAGEOUT ->
 * PG_RELEASED); it is unbusied and left clean on the inactive queue,
 * where the pagedaemon's next pass frees it.  No write errors are
 * injected.  A scenario without an aiodone thread gets its pageouts
 * completed synchronously by the pagedaemon (uvm_aiodone_running), so
 * that a started pageout never waits forever for a thread that does not
 * exist.
 *
 * Locks: the owner (anon) lock for the page update, released in the
 * step.  Sleeps only when idle.
 */
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

/* uvm_pageout_done(1) */
static void
uvm_pageout_done(struct world *w, struct step_ctx *c)
{
	if (w->uvmexp.paging > 0)
		w->uvmexp.paging--;
	else
		model_event(w, c, INV_KERNEL_PANIC, 0, 0, 0,
		    "uvm_pageout_done: KASSERT(uvmexp.paging >= npages)");
	if (uvm_free_count(w) <= c->m->tun.reserve) {
		/* wake the pagedaemon */
		w->uvmexp.pd_wanted = 1;
		wakeup(w, WC_PDAEMON, 0);
	} else {
		wakeup(w, WC_FREE, 0);
	}
}

/*
 * uvm_aio_aiodone: complete the swap write of buf b (uvm_aio_aiodone ->
 * uvm_aio_aiodone_pages -> uvm_pageout_done) and free the buf.
 *
 * => nothing locked on entry; the anon is locked for the page update
 */
void
uvm_aio_aiodone(struct world *w, struct step_ctx *c, int b)
{
	struct buf *bp = &w->bufs[b];
	struct vm_page *p;
	int pg, anon, slot, locked = 0;

	pg = bp->b_pages[0];
	anon = bp->b_anon;
	slot = bp->b_slot;
	p = &w->pages[pg];

	if (pg == 0 || (p->pg_pqflags & PQ_FREE) || !(p->pg_flags & PG_BUSY)) {
		/* nothing of ours left to complete (model robustness) */
		note(c, "uvm_aio_aiodone: pageout of a page no longer busy "
		    "for it");
		if (p->pg_flags & PG_PAGEOUT)
			p->pg_flags &= (uint8_t)~PG_PAGEOUT;
		uvm_pageout_done(w, c);
		memset(bp, 0, sizeof(*bp));
		return;
	}

	if (p->uanon != 0 && w->anons[p->uanon].an_lock == 0) {
		locked = p->uanon;
		anon_lock(w, c, locked);
	}

	/* the write is done: the slot holds the data */
	p->pg_flags &= (uint8_t)~PG_PAGEOUT;
	if (anon != 0 && p->uanon == anon &&
	    w->anons[anon].an_swslot == slot &&
	    w->swap[slot].sw_state == SWS_INUSE &&
	    w->swap[slot].sw_anon == anon) {
		p->pg_flags |= PG_CLEAN;
		note(c, "uvm_aio_aiodone_pages: pageout done, page clean "
		    "(data in its swap slot)");
	} else {
		note(c, "uvm_aio_aiodone_pages: write went to a slot that is "
		    "no longer this anon's");
	}

	if (p->pg_flags & PG_RELEASED) {
		/*
		 * the owner let go of the page during the write: an anon
		 * freed meanwhile (AN_RELEASED) goes with it
		 * (uvm_anon_release), else the page is freed;
		 * uvm_page_unbusy decides.
		 */
		if (locked)
			anon_unlock(w, c, locked);
		locked = 0;
		note(c, "uvm_aio_aiodone_pages: PG_RELEASED -> uvm_page_unbusy "
		    "frees it");
		uvm_page_unbusy(w, c, pg);
	} else {
		uvm_page_unbusy(w, c, pg);
		/* leave it clean on the inactive queue for the next scan */
		if (p->wire_count == 0 && !(p->pg_pqflags & PQ_FREE))
			uvm_pagedeactivate(w, c, pg);
	}
	if (locked && w->anons[locked].an_lock == c->tid)
		anon_unlock(w, c, locked);

	uvm_pageout_done(w, c);
	memset(bp, 0, sizeof(*bp));
}

/* does the scenario run an aiodone thread?  (see uvm_pdaemon.c) */
bool
uvm_aiodone_running(const struct model *m)
{
	for (int tid = 1; tid <= m->nthreads; tid++)
		if (m->threads[tid].kthread == KT_AIODONE)
			return true;
	return false;
}

/*
 * kt_aiodone_step: uvm_aiodone_worker: complete finished async swap
 * writes, the lowest buf first
 *
 * => one buf per step; sleeps "aiodoned" when none is finished
 */
int
kt_aiodone_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	(void)f;
	for (int b = 1; b <= MAX_BUFS; b++)
		if (w->bufs[b].b_kind == BUF_SWAP_WRITE && w->bufs[b].b_async) {
			uvm_aio_aiodone(w, c, b);
			return fn_yield(w, c, 0,
			    "uvm_aio_aiodone: pageout done");
		}
	return fn_sleep(w, c, 0, WC_WORK, KT_AIODONE, "aiodoned");
}
