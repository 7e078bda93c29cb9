/*
 * test_page.c: unit tests of the non-sleeping UVM primitives of pages,
 * anons, amaps and swap slots (core/uvm_page.c, uvm_anon.c, uvm_amap.c,
 * uvm_swap.c).
 *
 * Each test builds a world by hand: every field zero, pages
 * 1..tun.npages free, the kernel pmap active, thread 1 running as the
 * caller (c.tid) and thread 2 free to sleep on a wait channel.  The model
 * is model_init()'s default with the knobs each test sets.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/ops.h"
#include "core/uvm.h"

static struct world w;
static struct model m;
static struct step_ctx c;

static void
init(int npages)
{
	memset(&w, 0, sizeof(w));
	model_init(&m);
	m.tun.npages = (uint8_t)npages;
	m.tun.freemin = 0;
	m.tun.reserve = 0;
	m.tun.nswap = 2;
	model_finish(&m);
	pmap_init(&w.pmap);
	for (int pg = 1; pg <= npages; pg++)
		w.pages[pg].pg_pqflags = PQ_FREE;
	w.threads[1].t_state = TS_RUN;
	memset(&c, 0, sizeof(c));
	c.m = &m;
	c.tid = 1;
}

static void
set_knob(int k, int v)
{
	m.knobs.v[k] = (uint8_t)v;
	model_finish(&m);
}

/* thread 2 sleeps on (wchan, wobj) */
static void
sleeper(int wchan, int wobj)
{
	w.threads[2].t_state = TS_SLEEP;
	w.threads[2].t_wchan = (uint8_t)wchan;
	w.threads[2].t_wobj = (uint8_t)wobj;
}

static bool
page_is_free(int pg)
{
	struct vm_page z;

	memset(&z, 0, sizeof(z));
	z.pg_pqflags = PQ_FREE;
	return memcmp(&w.pages[pg], &z, sizeof(z)) == 0;
}

/* an allocated, unbusied object page on the active queue */
static int
obj_page(int obj, int off)
{
	int pg = uvm_pagealloc(&w, &c, obj, off, 0, 0);

	assert_int_not_equal(pg, 0);
	w.pages[pg].pg_flags &= (uint8_t)~PG_FAKE;
	uvm_page_unbusy(&w, &c, pg);
	uvm_pageactivate(&w, pg);
	return pg;
}

/* an in-use anon (an_ref 1, unlocked) with a resident, unbusied page */
static int
anon_with_page(int *pgp)
{
	int anon = uvm_analloc(&w, &c);
	int pg;

	assert_int_not_equal(anon, 0);
	anon_lock(&w, &c, anon);
	pg = uvm_pagealloc(&w, &c, 0, 0, anon, UVM_PGA_ZERO);
	assert_int_not_equal(pg, 0);
	w.pages[pg].pg_flags &= (uint8_t)~PG_FAKE;
	uvm_page_unbusy(&w, &c, pg);
	uvm_pageactivate(&w, pg);
	anon_unlock(&w, &c, anon);
	if (pgp != NULL)
		*pgp = pg;
	return anon;
}

/* ------------------------------------------------------------ allocation */

static void
test_alloc_object_page(void **state)
{
	(void)state;
	init(4);
	w.objs[1].uo_type = UOBJ_VNODE;
	int pg = uvm_pagealloc(&w, &c, 1, 3, 0, 0);

	assert_int_equal(pg, 1);
	assert_int_equal(w.pages[1].pg_flags, PG_BUSY | PG_FAKE | PG_CLEAN);
	assert_int_equal(w.pages[1].busy_tid, 1);
	assert_int_equal(w.pages[1].uobject, 1);
	assert_int_equal(w.pages[1].offset, 3);
	assert_int_equal(w.pages[1].pg_pqflags, 0);
	assert_int_equal(uvm_free_count(&w), 3);
	assert_int_equal(uvm_pagelookup(&w, 1, 3), 1);
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 4, 0, UVM_PGA_ZERO), 2);
	assert_int_equal(w.pages[2].pg_flags, PG_BUSY | PG_FAKE);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_alloc_anon_page_locked(void **state)
{
	(void)state;
	init(4);
	int anon = uvm_analloc(&w, &c);

	anon_lock(&w, &c, anon);
	int pg = uvm_pagealloc(&w, &c, 0, 0, anon, 0);

	assert_int_equal(pg, 1);
	assert_int_equal(w.pages[pg].pg_pqflags, PQ_ANON);
	assert_int_equal(w.pages[pg].uanon, anon);
	assert_int_equal(w.anons[anon].an_page, pg);
	assert_true(uvm_page_is_swapbacked(&w, pg));
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_alloc_anon_page_unlocked(void **state)
{
	(void)state;
	init(4);
	int anon = uvm_analloc(&w, &c);
	int pg = uvm_pagealloc(&w, &c, 0, 0, anon, 0);

	assert_int_not_equal(pg, 0);
	assert_int_equal(w.event.ev_inv, INV_ANON_LOCK_DISCIPLINE);
	assert_int_equal(w.event.ev_obj[0], anon);
}

static void
test_alloc_reserve(void **state)
{
	(void)state;
	init(2);
	m.tun.reserve = 1;
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 0, 0, 0), 1);
	/* free (1) <= reserve (1): only UVM_PGA_USERESERVE may take it */
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 1, 0, 0), 0);
	assert_int_equal(uvm_free_count(&w), 1);
	assert_int_equal(uvm_pagealloc(&w, &c, 0, 0, 0, UVM_PGA_USERESERVE),
	    2);
	assert_int_equal(uvm_pagealloc(&w, &c, 0, 0, 0, UVM_PGA_USERESERVE),
	    0);
}

static void
test_alloc_injected_failure(void **state)
{
	(void)state;
	init(2);
	w.uvmexp.env_failures = 1;
	c.choice = 1;
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 0, 0, 0), 0);
	assert_int_equal(c.nchoice, 1);
	assert_true(c.choice_taken);
	assert_int_equal(w.uvmexp.env_failures, 0);
	assert_int_equal(uvm_free_count(&w), 2);
	/* budget spent: the next allocation is no choice point */
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 0, 0, 0), 1);
	assert_int_equal(c.nchoice, 1);

	/* UVM_PGA_NOFAIL is not a failure point */
	init(2);
	w.uvmexp.env_failures = 1;
	c.choice = 1;
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 0, 0, UVM_PGA_NOFAIL), 1);
	assert_int_equal(c.nchoice, 0);
	/* choice 0: the point is counted but does not fail */
	c.choice = 0;
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 1, 0, 0), 2);
	assert_int_equal(c.nchoice, 1);
	assert_int_equal(w.uvmexp.env_failures, 1);
}

static void
test_alloc_kicks_pdaemon(void **state)
{
	(void)state;
	init(3);
	m.tun.freemin = 2;
	sleeper(WC_PDAEMON, 0);
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 0, 0, 0), 1);
	assert_int_equal(w.uvmexp.pd_wanted, 0);	/* free 2 == freemin */
	assert_int_equal(w.threads[2].t_state, TS_SLEEP);
	assert_int_equal(uvm_pagealloc(&w, &c, 1, 1, 0, 0), 2);
	assert_int_equal(w.uvmexp.pd_wanted, 1);
	assert_int_equal(w.threads[2].t_state, TS_RUN);
}

/* ---------------------------------------------------------------- freeing */

static void
test_free_wired_page(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	uvm_pagewire(&w, pg);
	wiring_add(&w, WK_VSLOCK, 2, 5, pg);
	w.pages[pg].pg_flags |= PG_BUSY | PG_WANTED;
	w.pages[pg].busy_tid = 1;
	sleeper(WC_PAGE, pg);
	w.pmap.mdpg_attrs[pg] = MDPG_MODIFIED | MDPG_REFERENCED;

	uvm_pagefree(&w, &c, pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.pmap.mdpg_attrs[pg], 0);
	assert_int_equal(w.threads[2].t_state, TS_RUN);
	/* the wiring was lost under the vslock: the record says so */
	assert_int_equal(wiring_count_page(&w, pg), 0);
	assert_int_equal(wiring_drop(&w, 2, 5, WK_VSLOCK), 0);
	assert_int_equal(w.event.ev_inv, INV_NONE);
	assert_int_equal(uvm_pagelookup(&w, 1, 0), 0);
}

static void
test_free_free_page(void **state)
{
	(void)state;
	init(2);
	uvm_pagefree(&w, &c, 1);
	assert_int_equal(w.event.ev_inv, INV_KERNEL_PANIC);
	assert_true(page_is_free(1));
}

static void
test_free_anon_page(void **state)
{
	(void)state;
	init(4);
	int pg;
	int anon = anon_with_page(&pg);

	uvm_pagefree(&w, &c, pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.anons[anon].an_page, 0);
}

static void
test_free_loaned_object_page(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 2);

	w.pages[pg].loan_count = 1;	/* lent to the kernel */
	w.pages[pg].pg_flags |= PG_BUSY | PG_WANTED;
	sleeper(WC_PAGE, pg);
	uvm_pagefree(&w, &c, pg);
	/* orphan: no owner, dirty for a possible anon owner, dequeued */
	assert_false(page_is_free(pg));
	assert_int_equal(w.pages[pg].uobject, 0);
	assert_int_equal(w.pages[pg].loan_count, 1);
	assert_int_equal(w.pages[pg].pg_flags & (PG_CLEAN | PG_BUSY |
	    PG_WANTED), 0);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
	assert_int_equal(w.threads[2].t_state, TS_RUN);
	assert_int_equal(uvm_pagelookup(&w, 1, 2), 0);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_free_loaned_wired_page(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	w.pages[pg].loan_count = 1;
	uvm_pagewire(&w, pg);
	uvm_pagefree(&w, &c, pg);
	assert_int_equal(w.event.ev_inv, INV_LOANED_PAGE_WIRED);
	assert_int_equal(w.event.ev_obj[0], pg);
}

static void
test_free_o2a_loan(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);
	int anon = uvm_analloc(&w, &c);

	/* O->A loan: the object owns the page, the anon holds a loan */
	w.pages[pg].loan_count = 1;
	w.pages[pg].uanon = (uint8_t)anon;
	w.anons[anon].an_page = (uint8_t)pg;

	/* the object frees it (truncate): an ownerless page the anon names */
	uvm_pagefree(&w, &c, pg);
	assert_int_equal(w.pages[pg].uobject, 0);
	assert_int_equal(w.pages[pg].uanon, anon);
	assert_int_equal(w.pages[pg].loan_count, 1);
	assert_int_equal(w.pages[pg].pg_pqflags, PQ_ACTIVE);	/* anon left */

	/* the anon goes: it adopts the page (lockloanpg) and frees it */
	w.anons[anon].an_ref = 0;
	assert_int_equal(uvm_anfree(&w, &c, anon), 0);
	assert_true(page_is_free(pg));
	assert_int_equal(w.anons[anon].an_flags, 0);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_free_anon_receiver_of_loan(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);
	int anon = uvm_analloc(&w, &c);

	/* ownerless page the anon points at (not adopted): the anon's loan */
	w.pages[pg].uobject = 0;
	w.pages[pg].loan_count = 1;
	w.pages[pg].uanon = (uint8_t)anon;
	w.anons[anon].an_page = (uint8_t)pg;
	uvm_pagefree(&w, &c, pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.anons[anon].an_page, 0);
}

static void
test_free_anon_page_lent_to_kernel(void **state)
{
	(void)state;
	init(4);
	int pg;
	int anon = anon_with_page(&pg);

	w.pages[pg].loan_count = 1;
	uvm_pagefree(&w, &c, pg);
	/* the anon lets go; the kernel's loan keeps the page, off the queues */
	assert_int_equal(w.anons[anon].an_page, 0);
	assert_int_equal(w.pages[pg].uanon, 0);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
	assert_int_equal(w.pages[pg].loan_count, 1);
}

static void
test_free_held_page(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	uvm_pagewire(&w, pg);
	wiring_add(&w, WK_VSLOCK, 2, 0, pg);
	uvm_page_hold(&w, pg);
	uvm_pagefree(&w, &c, pg);
	/* disowned, still allocated and wired, wiring intact */
	assert_false(page_is_free(pg));
	assert_int_equal(w.pages[pg].uobject, 0);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(w.pages[pg].hold_count, 1);
	assert_int_equal(wiring_count_page(&w, pg), 1);
	assert_int_equal(uvm_pagelookup(&w, 1, 0), 0);

	/* vsunlock: unwire, then drop the hold -> freed */
	assert_int_equal(wiring_drop(&w, 2, 0, WK_VSLOCK), pg);
	uvm_pageunwire(&w, &c, pg);
	assert_false(page_is_free(pg));
	uvm_page_unhold(&w, &c, pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_unhold_owned_page(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	uvm_page_hold(&w, pg);
	uvm_page_unhold(&w, &c, pg);
	assert_false(page_is_free(pg));
	assert_int_equal(w.pages[pg].hold_count, 0);
	uvm_page_unhold(&w, &c, pg);
	assert_int_equal(w.event.ev_inv, INV_KERNEL_PANIC);
}

static void
test_free_ptps(void **state)
{
	(void)state;
	init(4);
	struct pmap_freed fr;
	int a = uvm_pagealloc(&w, &c, 0, 0, 0, UVM_PGA_USERESERVE);
	int b = uvm_pagealloc(&w, &c, 0, 0, 0, UVM_PGA_USERESERVE);

	w.pages[a].pg_flags = PG_PTP;
	w.pages[b].pg_flags = PG_PTP;
	memset(&fr, 0, sizeof(fr));
	fr.n = 2;
	fr.ptp[0] = (uint8_t)a;
	fr.ptp[1] = (uint8_t)b;
	uvm_free_ptps(&w, &c, &fr);
	assert_true(page_is_free(a));
	assert_true(page_is_free(b));
}

/* ----------------------------------------------------- wiring and queues */

static void
test_wire_unwire(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	assert_int_equal(w.pages[pg].pg_pqflags, PQ_ACTIVE);
	uvm_pagewire(&w, pg);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
	uvm_pagewire(&w, pg);
	assert_int_equal(w.pages[pg].wire_count, 2);
	uvm_pageunwire(&w, &c, pg);
	assert_int_equal(w.pages[pg].wire_count, 1);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
	uvm_pageunwire(&w, &c, pg);
	assert_int_equal(w.pages[pg].wire_count, 0);
	assert_int_equal(w.pages[pg].pg_pqflags, PQ_ACTIVE);
	assert_int_equal(w.event.ev_inv, INV_NONE);

	uvm_pageunwire(&w, &c, pg);
	assert_int_equal(w.event.ev_inv, INV_WIRE_COUNT_MISMATCH);
	assert_int_equal(w.event.ev_obj[0], pg);
	assert_int_equal(w.pages[pg].wire_count, 0);
}

static void
test_activate_deactivate(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	uvm_pagedeactivate(&w, &c, pg);
	assert_int_equal(w.pages[pg].pg_pqflags, PQ_INACTIVE);
	uvm_pageactivate(&w, pg);
	assert_int_equal(w.pages[pg].pg_pqflags, PQ_ACTIVE);
	assert_int_equal(w.event.ev_inv, INV_NONE);

	/* a wired page is never queued; activation leaves it off */
	uvm_pagewire(&w, pg);
	uvm_pageactivate(&w, pg);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
	uvm_pagedeactivate(&w, &c, pg);
	assert_int_equal(w.event.ev_inv, INV_WIRED_PAGE_DEACTIVATED);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
}

static void
test_enqueue_dequeue(void **state)
{
	(void)state;
	init(4);
	int pg = uvm_pagealloc(&w, &c, 1, 0, 0, 0);

	uvm_pageenqueue(&w, pg);
	assert_int_equal(w.pages[pg].pg_pqflags, PQ_ACTIVE);
	uvm_pagedeactivate(&w, &c, pg);
	uvm_pageenqueue(&w, pg);	/* already queued: stays inactive */
	assert_int_equal(w.pages[pg].pg_pqflags, PQ_INACTIVE);
	uvm_pagedequeue(&w, pg);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
	uvm_pagewire(&w, pg);
	uvm_pageenqueue(&w, pg);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
}

/* ------------------------------------------------------------------ busy */

static void
test_busy_unbusy(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	uvm_page_busy(&w, &c, pg);
	assert_int_equal(w.pages[pg].busy_tid, 1);
	w.pages[pg].pg_flags |= PG_WANTED;
	sleeper(WC_PAGE, pg);
	uvm_page_unbusy(&w, &c, pg);
	assert_int_equal(w.pages[pg].pg_flags & (PG_BUSY | PG_WANTED), 0);
	assert_int_equal(w.pages[pg].busy_tid, 0);
	assert_int_equal(w.threads[2].t_state, TS_RUN);
	assert_int_equal(w.event.ev_inv, INV_NONE);

	uvm_page_unbusy(&w, &c, pg);
	assert_int_equal(w.event.ev_inv, INV_KERNEL_PANIC);

	init(4);
	pg = obj_page(1, 0);
	uvm_page_busy(&w, &c, pg);
	uvm_page_busy(&w, &c, pg);
	assert_int_equal(w.event.ev_inv, INV_KERNEL_PANIC);
}

static void
test_unbusy_released_object_page(void **state)
{
	(void)state;
	init(4);
	int pg = obj_page(1, 0);

	uvm_page_busy(&w, &c, pg);
	w.pages[pg].pg_flags |= PG_RELEASED;
	uvm_page_unbusy(&w, &c, pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_unbusy_released_live_anon_page(void **state)
{
	(void)state;
	init(4);
	int pg;
	int anon = anon_with_page(&pg);

	/* a finished pageout: the data is in the slot, the page goes */
	w.anons[anon].an_swslot = (uint8_t)uvm_swap_alloc(&w, &c, anon);
	uvm_page_busy(&w, &c, pg);
	w.pages[pg].pg_flags |= PG_RELEASED;
	uvm_page_unbusy(&w, &c, pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.anons[anon].an_page, 0);
	assert_int_equal(w.anons[anon].an_ref, 1);
	assert_int_equal(w.anons[anon].an_swslot, 1);
	assert_int_equal(w.swap[1].sw_state, SWS_INUSE);
}

/* --------------------------------------------------------------- identity */

static void
test_lookup_replace_disown(void **state)
{
	(void)state;
	init(4);
	int a = obj_page(1, 0);
	int b = uvm_pagealloc(&w, &c, 0, 0, 0, 0);

	assert_int_equal(uvm_pagelookup(&w, 1, 0), a);
	assert_int_equal(uvm_pagelookup(&w, 2, 0), 0);
	uvm_pagereplace(&w, a, b);
	assert_int_equal(uvm_pagelookup(&w, 1, 0), b);
	assert_int_equal(w.pages[a].uobject, 0);

	w.pages[b].pg_flags |= PG_PTP;	/* PTPs are never object pages */
	assert_int_equal(uvm_pagelookup(&w, 1, 0), 0);
	w.pages[b].pg_flags &= (uint8_t)~PG_PTP;

	uvm_pageactivate(&w, b);
	uvm_pagedisown(&w, b);
	assert_int_equal(uvm_pagelookup(&w, 1, 0), 0);
	assert_int_equal(w.pages[b].pg_pqflags, 0);

	int pg;
	int anon = anon_with_page(&pg);

	uvm_pagedisown(&w, pg);
	assert_int_equal(w.anons[anon].an_page, 0);
	assert_int_equal(w.pages[pg].uanon, 0);
	assert_int_equal(w.pages[pg].pg_pqflags, 0);
}

static void
test_swapbacked_and_dirty(void **state)
{
	(void)state;
	init(4);
	w.objs[1].uo_type = UOBJ_VNODE;
	w.objs[2].uo_type = UOBJ_AOBJ;
	int v = obj_page(1, 0);
	int a = obj_page(2, 0);

	assert_false(uvm_page_is_swapbacked(&w, v));
	assert_true(uvm_page_is_swapbacked(&w, a));
	assert_false(uvm_page_dirty(&w, v));
	w.pmap.mdpg_attrs[v] = MDPG_MODIFIED;
	assert_true(uvm_page_dirty(&w, v));
	w.pages[a].pg_flags &= (uint8_t)~PG_CLEAN;
	assert_true(uvm_page_dirty(&w, a));
}

static void
test_reclaimable(void **state)
{
	(void)state;
	init(4);
	m.tun.nswap = 1;
	int pg;
	int anon = anon_with_page(&pg);	/* dirty (zero-filled) anon page */

	assert_true(uvm_reclaimable(&w, &m));	/* a swap slot is free */
	w.anons[anon].an_swslot = (uint8_t)uvm_swap_alloc(&w, &c, 9);
	assert_false(uvm_swap_available(&w, &m));
	assert_false(uvm_reclaimable(&w, &m));	/* dirty, swap full */
	w.pages[pg].pg_flags |= PG_CLEAN;
	assert_true(uvm_reclaimable(&w, &m));	/* clean: just free it */
	uvm_pagewire(&w, pg);
	assert_false(uvm_reclaimable(&w, &m));
	uvm_pageunwire(&w, &c, pg);
	uvm_page_busy(&w, &c, pg);
	assert_false(uvm_reclaimable(&w, &m));
	int v = obj_page(1, 0);		/* a file page: always reclaimable */
	(void)v;
	assert_true(uvm_reclaimable(&w, &m));
}

static void
test_wiring_records(void **state)
{
	(void)state;
	init(4);
	struct world w2;

	wiring_add(&w, WK_MLOCK, 2, 3, 1);
	wiring_add(&w, WK_VSLOCK, 2, 3, 1);
	wiring_add(&w, WK_VSLOCK, 3, 0, 2);
	assert_int_equal(wiring_count_page(&w, 1), 2);
	assert_int_equal(wiring_count_page(&w, 2), 1);
	assert_int_equal(wiring_drop(&w, 2, 3, WK_VSLOCK), 1);
	assert_int_equal(wiring_count_page(&w, 1), 1);
	assert_int_equal(wiring_drop(&w, 2, 3, WK_VSLOCK), -1);
	assert_int_equal(wiring_drop(&w, 2, 3, 0), 1);
	assert_int_equal(wiring_drop(&w, 2, 4, 0), -1);

	/* the same set of records gives the same bytes, whatever the order */
	init(4);
	wiring_add(&w, WK_VSLOCK, 3, 0, 2);
	wiring_add(&w, WK_MLOCK, 2, 3, 1);
	memcpy(&w2, &w, sizeof(w));
	init(4);
	wiring_add(&w, WK_MLOCK, 2, 3, 1);
	wiring_add(&w, WK_MLOCK, 2, 9, 3);
	wiring_add(&w, WK_VSLOCK, 3, 0, 2);
	assert_int_equal(wiring_drop(&w, 2, 9, WK_MLOCK), 3);
	assert_memory_equal(w.wirings, w2.wirings, sizeof(w.wirings));
}

/* ------------------------------------------------------------------ anons */

static void
test_analloc(void **state)
{
	(void)state;
	init(4);
	int a = uvm_analloc(&w, &c);

	assert_int_equal(a, 1);
	assert_int_equal(w.anons[a].an_ref, 1);
	assert_int_equal(w.anons[a].an_flags, AN_INUSE);
	assert_int_equal(w.anons[a].an_lock, 0);
	assert_int_equal(uvm_analloc(&w, &c), 2);

	w.uvmexp.env_failures = 1;
	c.choice = 1;
	assert_int_equal(uvm_analloc(&w, &c), 0);
	assert_true(c.choice_taken);

	init(4);
	for (int i = 1; i <= MAX_ANONS; i++)
		assert_int_equal(uvm_analloc(&w, &c), i);
	assert_int_equal(uvm_analloc(&w, &c), 0);
}

static void
test_anon_locks(void **state)
{
	(void)state;
	init(4);
	int a = uvm_analloc(&w, &c);

	anon_lock_new(&w, &c, a);
	assert_int_equal(w.anons[a].an_lock, 1);
	anon_unlock(&w, &c, a);
	assert_int_equal(w.anons[a].an_lock, 0);

	/* 1999: used unlocked */
	set_knob(K_NEWANON_LOCKED, NEWANON_LOCKED_UNLOCKED);
	anon_lock_new(&w, &c, a);
	assert_int_equal(w.anons[a].an_lock, 0);
	assert_int_not_equal(uvm_pagealloc(&w, &c, 0, 0, a, 0), 0);
	assert_int_equal(w.event.ev_inv, INV_ANON_LOCK_DISCIPLINE);
	anon_unlock(&w, &c, a);			/* tolerated */

	init(4);
	a = uvm_analloc(&w, &c);
	anon_lock(&w, &c, a);
	anon_lock(&w, &c, a);
	assert_int_equal(w.event.ev_inv, INV_KERNEL_PANIC);
}

static void
test_anfree_not_busy(void **state)
{
	(void)state;
	init(4);
	int pg;
	int anon = anon_with_page(&pg);
	int slot = uvm_swap_alloc(&w, &c, anon);

	w.anons[anon].an_swslot = (uint8_t)slot;
	w.anons[anon].an_ref = 0;
	assert_int_equal(uvm_anfree(&w, &c, anon), 0);
	assert_true(page_is_free(pg));
	assert_int_equal(w.swap[slot].sw_state, SWS_FREE);
	assert_int_equal(w.anons[anon].an_flags, 0);
	assert_int_equal(w.anons[anon].an_ref, 0);
	assert_int_equal(w.event.ev_inv, INV_NONE);
	assert_int_equal(uvm_analloc(&w, &c), anon);	/* reusable */
}

static void
test_anfree_lock_discipline(void **state)
{
	(void)state;
	init(4);
	int anon = uvm_analloc(&w, &c);

	uvm_anfree(&w, &c, anon);		/* an_ref still 1 */
	assert_int_equal(w.event.ev_inv, INV_ANON_LOCK_DISCIPLINE);
	assert_int_equal(w.anons[anon].an_flags, 0);

	init(4);
	anon = uvm_analloc(&w, &c);
	anon_lock(&w, &c, anon);
	w.anons[anon].an_ref = 0;
	uvm_anfree(&w, &c, anon);		/* still locked */
	assert_int_equal(w.event.ev_inv, INV_ANON_LOCK_DISCIPLINE);
	assert_int_equal(w.anons[anon].an_lock, 0);
}

/* an anon (an_ref 0) whose page is busy being paged out to its slot */
static int
anon_in_pageout(int *pgp, int *slotp)
{
	int pg;
	int anon = anon_with_page(&pg);
	int slot = uvm_swap_alloc(&w, &c, anon);

	w.anons[anon].an_swslot = (uint8_t)slot;
	w.pages[pg].pg_flags |= PG_BUSY | PG_PAGEOUT;
	w.pages[pg].busy_tid = 3;		/* the pagedaemon */
	uvm_pagedequeue(&w, pg);
	w.anons[anon].an_ref = 0;
	*pgp = pg;
	*slotp = slot;
	return anon;
}

/* the I/O completes: aiodone clears PG_PAGEOUT and unbusies */
static void
pageout_done(int pg)
{
	c.tid = 3;
	w.pages[pg].pg_flags &= (uint8_t)~PG_PAGEOUT;
	uvm_page_unbusy(&w, &c, pg);
	c.tid = 1;
}

static void
test_anfree_busy_defer(void **state)
{
	(void)state;
	init(4);
	int pg, slot;
	int anon = anon_in_pageout(&pg, &slot);

	assert_int_equal(uvm_anfree(&w, &c, anon), 0);
	assert_true(w.pages[pg].pg_flags & PG_RELEASED);
	assert_true(w.anons[anon].an_flags & AN_RELEASED);
	assert_int_equal(w.anons[anon].an_swslot, slot);	/* kept */
	assert_int_equal(w.swap[slot].sw_state, SWS_INUSE);
	assert_int_equal(uvm_analloc(&w, &c), anon + 1);	/* not reused */

	pageout_done(pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.swap[slot].sw_state, SWS_FREE);
	assert_int_equal(w.anons[anon].an_flags, 0);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_anfree_busy_sleep(void **state)
{
	(void)state;
	init(4);
	set_knob(K_ANFREE_BUSY, ANFREE_BUSY_SLEEP);
	int pg, slot;
	int anon = anon_in_pageout(&pg, &slot);

	assert_int_equal(uvm_anfree(&w, &c, anon), 1);
	assert_true(w.pages[pg].pg_flags & PG_WANTED);
	assert_false(w.pages[pg].pg_flags & PG_RELEASED);
	assert_int_equal(w.swap[slot].sw_state, SWS_INUSE);
	assert_int_equal(w.anons[anon].an_page, pg);

	pageout_done(pg);
	assert_false(page_is_free(pg));
	assert_int_equal(uvm_anfree(&w, &c, anon), 0);
	assert_true(page_is_free(pg));
	assert_int_equal(w.swap[slot].sw_state, SWS_FREE);
	assert_int_equal(w.anons[anon].an_flags, 0);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_anfree_step_sleeps(void **state)
{
	(void)state;
	init(4);
	set_knob(K_ANFREE_BUSY, ANFREE_BUSY_SLEEP);
	int pg, slot;
	int anon = anon_in_pageout(&pg, &slot);
	struct thread *t = &w.threads[1];
	struct frame *f;

	t->t_depth = 1;
	f = &t->t_frames[0];
	f->fn = FN_UVM_ANFREE;
	f->uvm_anfree.anon = (uint8_t)anon;
	assert_int_equal(uvm_anfree_step(&w, &c, t, f), FN_SLEEP);
	assert_int_equal(t->t_state, TS_SLEEP);
	assert_int_equal(t->t_wchan, WC_PAGE);
	assert_int_equal(t->t_wobj, pg);
	assert_string_equal(c.point, "anfree");

	pageout_done(pg);
	assert_int_equal(t->t_state, TS_RUN);
	assert_int_equal(uvm_anfree_step(&w, &c, t, f), FN_RETURN);
	assert_int_equal(t->t_depth, 0);
	assert_true(page_is_free(pg));
	assert_int_equal(w.anons[anon].an_flags, 0);
}

static void
test_anfree_busy_release_and_drop_now(void **state)
{
	(void)state;
	init(4);
	set_knob(K_ANFREE_BUSY, ANFREE_BUSY_RELEASE_AND_DROP_NOW);
	int pg, slot;
	int anon = anon_in_pageout(&pg, &slot);

	assert_int_equal(uvm_anfree(&w, &c, anon), 0);
	/* the bug: the slot is free while the write to it is in flight */
	assert_int_equal(w.swap[slot].sw_state, SWS_FREE);
	assert_int_equal(w.anons[anon].an_swslot, 0);
	assert_true(w.pages[pg].pg_flags & PG_RELEASED);
	assert_int_equal(uvm_swap_alloc(&w, &c, 7), slot);	/* reused */

	pageout_done(pg);
	assert_true(page_is_free(pg));
	assert_int_equal(w.anons[anon].an_flags, 0);
	assert_int_equal(w.swap[slot].sw_state, SWS_INUSE);	/* anon 7's */
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_dropswap(void **state)
{
	(void)state;
	for (int knob = 0; knob <= 1; knob++) {
		init(4);
		set_knob(K_DROPSWAP_CLEARS_CLEAN, knob);
		int pg;
		int anon = anon_with_page(&pg);
		int slot = uvm_swap_alloc(&w, &c, anon);

		w.anons[anon].an_swslot = (uint8_t)slot;
		w.pages[pg].pg_flags |= PG_CLEAN;	/* paged out and in */
		uvm_anon_dropswap(&w, &c, anon);
		assert_int_equal(w.anons[anon].an_swslot, 0);
		assert_int_equal(w.swap[slot].sw_state, SWS_FREE);
		if (knob == 0)
			assert_false(w.pages[pg].pg_flags & PG_CLEAN);
		else
			assert_true(w.pages[pg].pg_flags & PG_CLEAN);
		uvm_anon_dropswap(&w, &c, anon);	/* no slot: no-op */
		assert_int_equal(w.event.ev_inv, INV_NONE);
	}
}

/* ------------------------------------------------------------------ amaps */

static void
test_amap_basics(void **state)
{
	(void)state;
	init(4);
	int am = amap_alloc(&w, &c, 3);

	assert_int_equal(am, 1);
	assert_int_equal(w.amaps[am].am_ref, 1);
	assert_int_equal(w.amaps[am].am_nslot, 3);
	assert_int_equal(w.amaps[am].am_flags, AMAP_INUSE);
	amap_add(&w, am, 2, 5);
	assert_int_equal(amap_lookup(&w, am, 2), 5);
	assert_int_equal(amap_lookup(&w, am, 0), 0);
	amap_ref(&w, am, true);
	assert_int_equal(w.amaps[am].am_ref, 2);
	assert_true(w.amaps[am].am_flags & AMAP_SHARED);
	amap_add(&w, am, 2, 0);
	assert_int_equal(amap_unref(&w, &c, am), 0);
	assert_int_equal(w.amaps[am].am_ref, 1);
	assert_false(w.amaps[am].am_flags & AMAP_SHARED);
	assert_int_equal(w.amaps[am].am_lock, 0);
	amap_lock(&w, &c, am);
	amap_unlock(&w, &c, am);
	assert_int_equal(w.amaps[am].am_lock, 0);

	w.uvmexp.env_failures = 1;
	c.choice = 1;
	assert_int_equal(amap_alloc(&w, &c, 1), 0);
	assert_true(c.choice_taken);
}

static void
test_amap_unref_wipeout(void **state)
{
	(void)state;
	init(6);
	int pa, pb;
	int a = anon_with_page(&pa);
	int b = anon_with_page(&pb);
	int am = amap_alloc(&w, &c, 2);

	amap_add(&w, am, 0, a);
	amap_add(&w, am, 1, b);
	w.anons[b].an_ref = 2;			/* also in another amap */
	assert_int_equal(amap_unref(&w, &c, am), 0);
	assert_int_equal(w.amaps[am].am_flags, 0);	/* freed */
	assert_true(page_is_free(pa));
	assert_int_equal(w.anons[a].an_flags, 0);
	assert_int_equal(w.anons[b].an_ref, 1);
	assert_false(page_is_free(pb));
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_amap_unref_waits_for_busy_page(void **state)
{
	(void)state;
	init(6);
	set_knob(K_ANFREE_BUSY, ANFREE_BUSY_SLEEP);
	int pg, slot, pb;
	int a = anon_in_pageout(&pg, &slot);
	int b = anon_with_page(&pb);
	int am = amap_alloc(&w, &c, 2);

	w.anons[a].an_ref = 1;
	amap_add(&w, am, 0, a);
	amap_add(&w, am, 1, b);
	assert_int_equal(amap_unref(&w, &c, am), 1);
	assert_int_equal(w.amaps[am].am_ref, 0);
	assert_true(w.amaps[am].am_flags & AMAP_INUSE);
	assert_int_equal(w.amaps[am].am_lock, 0);
	assert_int_equal(w.anons[a].an_ref, 0);
	assert_int_equal(amap_wipeout_page(&w, am), pg);
	assert_true(w.pages[pg].pg_flags & PG_WANTED);

	pageout_done(pg);
	assert_int_equal(amap_unref(&w, &c, am), 0);	/* resumes */
	assert_int_equal(w.amaps[am].am_flags, 0);
	assert_true(page_is_free(pg));
	assert_true(page_is_free(pb));
	assert_int_equal(w.anons[a].an_flags, 0);
	assert_int_equal(w.anons[b].an_flags, 0);
	assert_int_equal(w.swap[slot].sw_state, SWS_FREE);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static void
test_amap_wipeout_pageout_released(void **state)
{
	(void)state;
	init(6);
	set_knob(K_ANFREE_BUSY, ANFREE_BUSY_SLEEP);
	int pg, slot;
	int a = anon_in_pageout(&pg, &slot);
	int am = amap_alloc(&w, &c, 1);

	w.anons[a].an_ref = 1;
	amap_add(&w, am, 0, a);
	assert_int_equal(amap_unref(&w, &c, am), 1);

	/* a pageout completion that frees the page (PG_PAGEOUT -> RELEASED):
	 * the page goes, the anon stays for the suspended wipeout */
	w.pages[pg].pg_flags |= PG_RELEASED;
	pageout_done(pg);
	assert_true(page_is_free(pg));
	assert_true(w.anons[a].an_flags & AN_INUSE);
	assert_int_equal(w.anons[a].an_page, 0);
	assert_int_equal(amap_wipeout_page(&w, am), 0);
	assert_int_equal(amap_unref(&w, &c, am), 0);
	assert_int_equal(w.anons[a].an_flags, 0);
	assert_int_equal(w.swap[slot].sw_state, SWS_FREE);
	assert_int_equal(w.amaps[am].am_flags, 0);
	assert_int_equal(w.event.ev_inv, INV_NONE);
}

static int
entry(int start, int end, int amap, int off)
{
	w.entries[1].vm = 2;
	w.entries[1].start = (uint8_t)start;
	w.entries[1].end = (uint8_t)end;
	w.entries[1].etype = UVM_ET_INUSE | UVM_ET_COPYONWRITE |
	    UVM_ET_NEEDSCOPY;
	w.entries[1].amap = (uint8_t)amap;
	w.entries[1].amap_off = (uint8_t)off;
	return 1;
}

static void
test_amap_copy(void **state)
{
	(void)state;
	int e;

	/* no amap: a blank one */
	init(4);
	e = entry(4, 7, 0, 0);
	assert_int_equal(amap_copy(&w, &c, e), 0);
	assert_int_not_equal(w.entries[e].amap, 0);
	assert_int_equal(w.amaps[w.entries[e].amap].am_nslot, 3);
	assert_false(w.entries[e].etype & UVM_ET_NEEDSCOPY);

	/* only reference: take it over */
	init(4);
	int am = amap_alloc(&w, &c, 4);

	e = entry(4, 6, am, 2);
	assert_int_equal(amap_copy(&w, &c, e), 0);
	assert_int_equal(w.entries[e].amap, am);
	assert_int_equal(w.entries[e].amap_off, 2);
	assert_false(w.entries[e].etype & UVM_ET_NEEDSCOPY);

	/* shared copy-on-write: copy the anon references */
	init(4);
	int a = uvm_analloc(&w, &c);
	int b = uvm_analloc(&w, &c);

	am = amap_alloc(&w, &c, 4);
	amap_add(&w, am, 1, a);
	amap_add(&w, am, 2, b);
	amap_ref(&w, am, true);
	e = entry(4, 6, am, 1);
	assert_int_equal(amap_copy(&w, &c, e), 0);
	int nam = w.entries[e].amap;

	assert_int_not_equal(nam, am);
	assert_int_equal(w.entries[e].amap_off, 0);
	assert_int_equal(amap_lookup(&w, nam, 0), a);
	assert_int_equal(amap_lookup(&w, nam, 1), b);
	assert_int_equal(w.anons[a].an_ref, 2);
	assert_int_equal(w.anons[b].an_ref, 2);
	assert_int_equal(w.amaps[am].am_ref, 1);
	assert_false(w.amaps[am].am_flags & AMAP_SHARED);
	assert_false(w.entries[e].etype & UVM_ET_NEEDSCOPY);

	/* NOWAIT allocation failure: needs-copy stays */
	init(4);
	am = amap_alloc(&w, &c, 2);
	amap_ref(&w, am, false);
	e = entry(0, 2, am, 0);
	w.uvmexp.env_failures = 1;
	c.choice = 1;
	assert_int_equal(amap_copy(&w, &c, e), M_ENOMEM);
	assert_int_equal(w.entries[e].amap, am);
	assert_int_equal(w.amaps[am].am_ref, 2);
	assert_true(w.entries[e].etype & UVM_ET_NEEDSCOPY);
}

static void
test_amap_share_protect(void **state)
{
	(void)state;
	init(4);
	int pg;
	int anon = anon_with_page(&pg);
	int am = amap_alloc(&w, &c, 2);
	struct pmap_enter_result res;
	int e;

	amap_add(&w, am, 1, anon);
	e = entry(0, 2, am, 0);
	w.entries[e].vm = KERNEL_VMSPACE;
	assert_int_equal(pmap_enter(&w.pmap, &m.pmap_knobs, KERNEL_VMSPACE, 1,
	    pg, VM_PROT_READ | VM_PROT_WRITE, VM_PROT_READ, 0, &res), 0);
	assert_int_equal(pmap_pv_count(&w.pmap, pg), 1);

	amap_share_protect(&w, &c, e, VM_PROT_NONE);
	assert_int_equal(w.event.ev_inv, INV_ANON_LOCK_DISCIPLINE);

	memset(&w.event, 0, sizeof(w.event));
	amap_lock(&w, &c, am);
	amap_share_protect(&w, &c, e, VM_PROT_NONE);
	amap_unlock(&w, &c, am);
	assert_int_equal(w.event.ev_inv, INV_NONE);
	assert_int_equal(pmap_pv_count(&w.pmap, pg), 0);
}

/* ------------------------------------------------------------------- swap */

static void
test_swap_slots(void **state)
{
	(void)state;
	init(4);
	m.tun.nswap = 2;
	assert_true(uvm_swap_available(&w, &m));
	assert_int_equal(uvm_swap_alloc(&w, &c, 5), 1);
	assert_int_equal(w.swap[1].sw_anon, 5);
	assert_int_equal(uvm_swap_alloc(&w, &c, 6), 2);
	assert_int_equal(uvm_swap_alloc(&w, &c, 7), 0);	/* full */
	assert_false(uvm_swap_available(&w, &m));

	uvm_swap_free(&w, &c, 1);
	assert_int_equal(w.swap[1].sw_state, SWS_FREE);
	assert_int_equal(w.swap[1].sw_anon, 0);
	assert_true(uvm_swap_available(&w, &m));

	uvm_swap_markbad(&w, 2);
	uvm_swap_free(&w, &c, 2);
	assert_int_equal(w.swap[2].sw_state, SWS_BAD);
	assert_int_equal(w.swap[2].sw_anon, 0);
	assert_int_equal(uvm_swap_alloc(&w, &c, 8), 1);	/* never slot 2 */
	assert_int_equal(uvm_swap_alloc(&w, &c, 8), 0);

	uvm_swap_free(&w, &c, 0);			/* no slot: no-op */
	assert_int_equal(w.event.ev_inv, INV_NONE);
	uvm_swap_free(&w, &c, 1);
	uvm_swap_free(&w, &c, 1);			/* double free */
	assert_int_equal(w.event.ev_inv, INV_KERNEL_PANIC);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_object_page),
		cmocka_unit_test(test_alloc_anon_page_locked),
		cmocka_unit_test(test_alloc_anon_page_unlocked),
		cmocka_unit_test(test_alloc_reserve),
		cmocka_unit_test(test_alloc_injected_failure),
		cmocka_unit_test(test_alloc_kicks_pdaemon),
		cmocka_unit_test(test_free_wired_page),
		cmocka_unit_test(test_free_free_page),
		cmocka_unit_test(test_free_anon_page),
		cmocka_unit_test(test_free_loaned_object_page),
		cmocka_unit_test(test_free_loaned_wired_page),
		cmocka_unit_test(test_free_o2a_loan),
		cmocka_unit_test(test_free_anon_receiver_of_loan),
		cmocka_unit_test(test_free_anon_page_lent_to_kernel),
		cmocka_unit_test(test_free_held_page),
		cmocka_unit_test(test_unhold_owned_page),
		cmocka_unit_test(test_free_ptps),
		cmocka_unit_test(test_wire_unwire),
		cmocka_unit_test(test_activate_deactivate),
		cmocka_unit_test(test_enqueue_dequeue),
		cmocka_unit_test(test_busy_unbusy),
		cmocka_unit_test(test_unbusy_released_object_page),
		cmocka_unit_test(test_unbusy_released_live_anon_page),
		cmocka_unit_test(test_lookup_replace_disown),
		cmocka_unit_test(test_swapbacked_and_dirty),
		cmocka_unit_test(test_reclaimable),
		cmocka_unit_test(test_wiring_records),
		cmocka_unit_test(test_analloc),
		cmocka_unit_test(test_anon_locks),
		cmocka_unit_test(test_anfree_not_busy),
		cmocka_unit_test(test_anfree_lock_discipline),
		cmocka_unit_test(test_anfree_busy_defer),
		cmocka_unit_test(test_anfree_busy_sleep),
		cmocka_unit_test(test_anfree_step_sleeps),
		cmocka_unit_test(test_anfree_busy_release_and_drop_now),
		cmocka_unit_test(test_dropswap),
		cmocka_unit_test(test_amap_basics),
		cmocka_unit_test(test_amap_unref_wipeout),
		cmocka_unit_test(test_amap_unref_waits_for_busy_page),
		cmocka_unit_test(test_amap_wipeout_pageout_released),
		cmocka_unit_test(test_amap_copy),
		cmocka_unit_test(test_amap_share_protect),
		cmocka_unit_test(test_swap_slots),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
