/*
 * uvm_anon.c: uvm anon ops.
 *
 * The model of sys/uvm/uvm_anon.c: allocation and freeing of anons (the
 * anonymous memory of one page, referenced by amap slots), their locks,
 * and the disposal of an anon's page and swap slot (docs/uvm-semantics.md
 * §2.1).  Three seed bugs live here:
 *
 *   S-7 (K_ANFREE_BUSY)           uvm_anfree of an anon whose page is busy
 *                                 being paged out;
 *   S-8 (K_DROPSWAP_CLEARS_CLEAN) releasing the swap slot of a resident
 *                                 page without clearing PG_CLEAN (PR 7578);
 *   S-9 (K_NEWANON_LOCKED)        new anons used unlocked (1999), and the
 *                                 2001 assertions: uvm_anfree only with
 *                                 an_ref == 0 and the anon unlocked.
 *
 * A word on an anon's lifecycle:
 *
 *              uvm_analloc                 amap_copy, A->A loan: an_ref++
 *     FREE  ---------------->  IN USE  <------------------------------+
 *   (an_ref 0,                 an_ref >= 1, an_page and/or            |
 *    !AN_INUSE, all 0)         an_swslot ----------------------------+
 *      ^    ^                     |
 *      |    |                     | last reference dropped (amap_unref's
 *      |    |                     | wipeout, amap_cow_now's error path):
 *      |    |                     | an_ref == 0, unlocked -> uvm_anfree
 *      |    |                     v
 *      |    |  page not busy:  page freed,
 *      |    +----------------  slot freed, anon zeroed
 *      |
 *      |     page busy (being paged out), K_ANFREE_BUSY =
 *      |       0 defer-to-iodone [~2006+]: PG_RELEASED, AN_RELEASED; the
 *      |         anon keeps page and slot until the I/O is done
 *      |       1 sleep [2001]: uvm_anfree returns 1; the caller sleeps on
 *      |         the page ("anfree") and calls again
 *      |       2 release-and-drop-now [pre Sep 2001]: as 0, but the swap
 *      |         slot is freed now, while the write to it is in flight
 *      |                             |
 *      |   uvm_page_unbusy (aiodone) | RELEASED (AN_RELEASED, an_ref 0)
 *      +-----------------------------+ -> uvm_anon_release: page, slot,
 *                                       anon freed
 *
 * Locks: each anon has its own simple lock [1998-~2010] (an_lock holds the
 * tid).  The model checks the 2001 LOCK_ASSERTs as I12: uvm_pagealloc on
 * an anon needs it locked (uvm_page.c), uvm_anfree needs it unlocked with
 * no references.  Taking a simple lock that is already held (by anyone:
 * simple locks are not recursive) is a kernel panic in the model, since
 * it could only spin forever.
 */
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

/*
 * uvm_analloc: allocate a new anon.
 *
 * => returns it with an_ref 1, no page, no swap slot, and *unlocked*;
 *	callers lock it with anon_lock_new (which knows the era).
 * => 0 if the pool is empty or the environment makes it fail.
 */
int
uvm_analloc(struct world *w, struct step_ctx *c)
{
	for (int anon = 1; anon <= MAX_ANONS; anon++) {
		struct vm_anon *a = &w->anons[anon];

		if (a->an_ref != 0 || (a->an_flags & AN_INUSE))
			continue;
		if (env_fail(w, c, "uvm_analloc: pool empty (injected)"))
			return 0;
		memset(a, 0, sizeof(*a));
		a->an_flags = AN_INUSE;
		a->an_ref = 1;
		return anon;
	}
	note(c, "uvm_analloc: pool empty");
	return 0;
}

/*
 * anon_lock: simple_lock(&anon->an_lock).
 */
void
anon_lock(struct world *w, struct step_ctx *c, int anon)
{
	struct vm_anon *a = &w->anons[anon];

	if (a->an_lock != 0)
		model_event(w, c, INV_KERNEL_PANIC, anon, a->an_lock, 0,
		    "anon_lock: simple lock already held");
	a->an_lock = (uint8_t)c->tid;
}

/*
 * anon_unlock: simple_unlock(&anon->an_lock).
 *
 * => unlocking an unlocked anon is tolerated: under K_NEWANON_LOCKED == 1
 *	the [1999] callers never locked the new anon they now release.
 */
void
anon_unlock(struct world *w, struct step_ctx *c, int anon)
{
	struct vm_anon *a = &w->anons[anon];

	if (a->an_lock != 0 && a->an_lock != c->tid)
		model_event(w, c, INV_KERNEL_PANIC, anon, a->an_lock, 0,
		    "anon_unlock: lock held by another thread");
	if (a->an_lock == c->tid)
		a->an_lock = 0;
}

/*
 * anon_lock_new: lock a freshly allocated anon.
 *
 * => [2001 fix, S-9] "lock the new anon right after allocation" (later
 *	uvm_analloc returns it locked).  [1999] K_NEWANON_LOCKED == 1: the
 *	new anon is used unlocked, so uvm_pagealloc on it trips I12.
 */
void
anon_lock_new(struct world *w, struct step_ctx *c, int anon)
{
	if (KNOB(c, K_NEWANON_LOCKED) == NEWANON_LOCKED_UNLOCKED) {
		note(c, "uvm_analloc: new anon used unlocked (1999)");
		return;
	}
	anon_lock(w, c, anon);
}

/*
 * anfree_busy: uvm_anfree found the anon's page busy (a pageout is
 * writing it to the anon's swap slot).  The era decides (S-7).
 *
 * => returns what uvm_anfree returns.
 */
static int
anfree_busy(struct world *w, struct step_ctx *c, int anon, int pg)
{
	struct vm_anon *a = &w->anons[anon];
	struct vm_page *p = &w->pages[pg];

	switch (KNOB(c, K_ANFREE_BUSY)) {
	case ANFREE_BUSY_SLEEP:
		/* [2001] "just sleep until we can get it busy ourselves" */
		p->pg_flags |= PG_WANTED;
		note(c, "uvm_anfree: page busy -> sleep");
		return 1;
	case ANFREE_BUSY_RELEASE_AND_DROP_NOW:
		/*
		 * [pre Sep 2001] the page is released, and the swap slot
		 * with it, while the pageout write to the slot is in flight:
		 * another pageout may take the slot (I11).
		 */
		note(c, "uvm_anfree: page busy -> PG_RELEASED, "
		    "swap slot freed now");
		p->pg_flags |= PG_RELEASED;
		p->pg_flags &= (uint8_t)~PG_CLEAN;
		uvm_swap_free(w, c, a->an_swslot);
		a->an_swslot = 0;
		a->an_flags |= AN_RELEASED;
		return 0;
	case ANFREE_BUSY_DEFER_TO_IODONE:
	default:
		/* [~2006+] the unbusier calls uvm_anon_release */
		note(c, "uvm_anfree: page busy -> PG_RELEASED, "
		    "anon released at unbusy");
		p->pg_flags |= PG_RELEASED;
		a->an_flags |= AN_RELEASED;
		return 0;
	}
}

/*
 * uvm_anfree: free a single anon structure.
 *
 * => [2001+] an_ref must be 0 and the anon unlocked (I12).  A violation
 *	is reported and the anon is freed anyway, as a non-DIAGNOSTIC kernel
 *	would ([1999] also force-released the lock at the end).
 * => the kernel's O->A branches (a page lent by an object to the anon:
 *	drop the anon's loan; an ownerless one is adopted first,
 *	uvm_anon_lockloanpg) are not modelled: no modelled path lends an
 *	object page to an anon (see core/uvm_loan.c).
 * => remove all mappings of the page, then free it; if it is
 *	busy see anfree_busy and K_ANFREE_BUSY in the file header.
 * => returns 0 when done (the anon is free, or left AN_RELEASED for the
 *	unbusier), 1 when the caller must sleep on the page (WC_PAGE,
 *	"anfree"; PG_WANTED is set here) and call again.
 */
int
uvm_anfree(struct world *w, struct step_ctx *c, int anon)
{
	struct vm_anon *a = &w->anons[anon];
	int pg = a->an_page;
	struct vm_page *p = &w->pages[pg];

	if (a->an_ref != 0)
		model_event(w, c, INV_ANON_LOCK_DISCIPLINE, anon, a->an_ref, 0,
		    "uvm_anfree: anon still has refs");
	if (a->an_lock != 0)
		model_event(w, c, INV_ANON_LOCK_DISCIPLINE, anon, a->an_lock, 0,
		    "uvm_anfree: anon locked");

	if (pg != 0) {
		uvm_pmap_page_protect(w, c, pg, VM_PROT_NONE);
		if (p->pg_flags & PG_BUSY)
			return anfree_busy(w, c, anon, pg);
		uvm_pagefree(w, c, pg);
	}

	/* free any swap resources, then the anon */
	if (a->an_swslot != 0)
		uvm_swap_free(w, c, a->an_swslot);
	memset(a, 0, sizeof(*a));
	return 0;
}

/*
 * uvm_anon_release: release an anon and its page (uvm_anon_release).
 *
 * => the anon was uvm_anfree'd while its page was busy (AN_RELEASED,
 *	an_ref 0); the thread that unbusies the page disposes of page, swap
 *	slot and anon.
 */
void
uvm_anon_release(struct world *w, struct step_ctx *c, int anon)
{
	struct vm_anon *a = &w->anons[anon];

	if (a->an_ref != 0)
		model_event(w, c, INV_KERNEL_PANIC, anon, a->an_ref, 0,
		    "uvm_anon_release: anon still has refs");
	if (a->an_page != 0) {
		w->pages[a->an_page].pg_flags &= (uint8_t)~PG_RELEASED;
		uvm_pagefree(w, c, a->an_page);
	}
	if (a->an_swslot != 0)
		uvm_swap_free(w, c, a->an_swslot);
	memset(a, 0, sizeof(*a));
}

/*
 * uvm_anon_dropswap: release any swap resources from this anon.
 *
 * => anon must be locked or have a reference count of 0.
 * => a resident page that keeps PG_CLEAN without a swap slot is a clean,
 *	swap-backed page without backing store, which is illegal (I10).
 *	[fix of PR 7578, S-8] clear PG_CLEAN first; K_DROPSWAP_CLEARS_CLEAN
 *	== 1 leaves it set, as before the fix.
 */
void
uvm_anon_dropswap(struct world *w, struct step_ctx *c, int anon)
{
	struct vm_anon *a = &w->anons[anon];
	int pg = a->an_page;

	if (a->an_swslot == 0)
		return;
	if (pg != 0 && (w->pages[pg].pg_pqflags & PQ_ANON) &&
	    w->pages[pg].uanon == anon) {
		if (KNOB(c, K_DROPSWAP_CLEARS_CLEAN) ==
		    DROPSWAP_CLEARS_CLEAN_KEEPS_CLEAN)
			note(c, "uvm_anon_dropswap: slot freed, PG_CLEAN kept "
			    "(PR 7578)");
		else
			w->pages[pg].pg_flags &= (uint8_t)~PG_CLEAN;
	}
	uvm_swap_free(w, c, a->an_swslot);
	a->an_swslot = 0;
}

/*
 * uvm_anfree_step: uvm_anfree as a model function, for callers that may
 * sleep ([2001] anfree_busy=sleep).
 *
 * => uvm_anfree.anon: the anon (an_ref 0, unlocked).
 * => sleeps "anfree" on the busy page (PG_WANTED) until it is unbusied,
 *	then tries again.  Returns 0.
 */
int
uvm_anfree_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int anon = f->uvm_anfree.anon;

	(void)t;
	switch (f->pc) {
	case 0:
		if (uvm_anfree(w, c, anon) == 1) {
			int pg = w->anons[anon].an_page;

			w->pages[pg].pg_flags |= PG_WANTED;
			return fn_sleep(w, c, 0, WC_PAGE, pg, "anfree");
		}
		return fn_return(w, c, 0);
	}
	return fn_return(w, c, 0);
}
