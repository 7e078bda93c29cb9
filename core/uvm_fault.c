/*
 * uvm_fault.c: fault handler (model of sys/uvm/uvm_fault.c)
 *
 * a word on page faults:
 *
 * a fault resolves one virtual page of one map.  the map entry says what
 * backs the page: an upper layer (the amap: anons, private to the entry
 * or shared) over a lower layer (a uvm_object: a vnode or an anonymous
 * object).  the fault finds the page that should be mapped, makes it
 * safe to map (copy-on-write, loans), and enters it in the pmap.
 *
 * the cases are the kernel's:
 *
 *    CASE 1: upper layer (anon)              CASE 2: lower layer (uobj)
 *
 *    CASE 1A          CASE 1B                CASE 2A          CASE 2B
 *    read/write1      write>1                read/write    +- cow_write/zero
 *        |               |                       |         |
 *     +--|--+         +--|--+   +-----+       +  |  +      |  +-----+
 * amap|  V  |         |  --------->new|          |         |  |  ^  |
 *     +-----+         +-----+   +-----+       +  |  +      |  +--|--+
 *                                                |         |     |
 *     +-----+         +-----+                 +--|--+      |  +--|--+
 * uobj| d/c |         | d/c |                 |  V  |      +-----|  |
 *     +-----+         +-----+                 +-----+         +-----+
 *
 *   case 0: the entry has neither amap nor object: EFAULT.
 *   case 1A: read, or write with an_ref == 1: map the anon's page (read
 *       only while an_ref > 1).
 *   case 1B: write (cow_now) with an_ref > 1: copy into a new anon that
 *       replaces the old one in the amap; the old anon loses one ref.
 *   case 2A: read of an object page, or write to a shared (non-COW)
 *       entry: map the object page (read only for COW entries).
 *   case 2B: write (cow_now) to a COW entry, or any fault on an entry
 *       without object: "promote" a copy of the object page, or a zeroed
 *       page, into a new anon.  promoting into an AMAP_SHARED amap
 *       (uvm_io's extracted entry) must make every sharer drop the object
 *       page: pmap_page_protect(uobjpage, VM_PROT_NONE), which removes
 *       wired mappings too ("XXX: PAGE MIGHT BE WIRED!", S-5).
 *
 * loaned pages are never mapped writable: a fault that does not write
 * caps the protection at read-only; one that does (cow_now) breaks the
 * loan first (uvm_loanbreak_anon here, uvm_loanbreak_page in
 * uvm_loan.c).  a wire fault decides "writes" by its own rule (S-13):
 *
 *   K_WIRE_BREAKS_LOANS  loan broken by a wire fault    COW promoted
 *   0 always (fix)       always                         check_prot & WRITE
 *   1 writable-entry     check_prot & WRITE (2006+)     check_prot & WRITE
 *   2 requested-write    requested access & WRITE       requested & WRITE
 *
 * where check_prot is max_protection for a WIREMAX fault (mlock, S-5)
 * and the entry's protection otherwise.  with "always" a read-only
 * entry still gets rid of the loan: the object page is replaced
 * (uvm_loanbreak), a loaned anon page with an_ref > 1 is replaced by a
 * private copy (as in 1B).
 *
 * wire faults (FAULT_WIRE, from uvm_fault_wire) are narrow, use "full
 * access for wired" (the access type becomes the entry's protection),
 * enter the mapping PMAP_WIRED and wire the page (uvm_pagewire); a
 * normal fault on a wired entry enters PMAP_WIRED but does not wire the
 * page (the accounting asymmetry of docs/uvm-semantics.md §3.5).  every page
 * wiring a wire fault makes is recorded as a ghost wiring (wiring_add)
 * for I4/I5; the kind (WK_MLOCK, WK_VSLOCK) comes from the caller.
 *
 * we follow the standard UVM locking protocol ordering:
 *
 *	MAPS => AMAP => UOBJ => ANON => PAGE QUEUES
 *	we hold a PG_BUSY page if we unlock for I/O
 *
 * simple locks (amap, object, anon) are taken and released within one
 * step; uvmfault_unlockall releases exactly what this fault took.  the
 * map read lock is ours too, unless the caller already holds the map
 * (uvm_map_pageable's recursive read lock): then we neither take nor
 * release it.
 *
 * the model's outline (uvm_fault_step), each point named like the
 * kernel's wait message:
 *
 *   ReFault (PC_REFAULT): uvm_fault_check
 *     - interrupt-safe map: EFAULT (S-15; the 2000 bug locks it anyway)
 *     - map read lock                               sleep "vmmaplk"
 *     - lookup, protection (EACCES), wire/cow_now/break_loans
 *     - needs-copy: unlock, write lock, amap_copy   sleep "vmmaplk"
 *           failure                                 sleep "fltamapcopy"
 *           success                                 yield "uvm_fault: amap_copy
 *                                                     -> restart"
 *     - case 0: EFAULT
 *   case 1: uvm_fault_upper
 *     - uvmfault_anonget: page busy                 sleep "anonget1"/"anonget2"
 *           no memory                               sleep "flt_noram1"
 *           paged out: swap read                    yield "anonget: swap read"
 *           (PC_ANONGET_IO) completion; relock      sleep "vmmaplk", page busy
 *     - uvm_fault_upper_loan                        sleep "flt_noram2"
 *     - 1B uvmfault_promote                         sleep "flt_noram5"
 *     - uvm_fault_upper_enter: pmap_enter failed    sleep "flt_pmfail1"
 *   case 2: uvm_fault_lower
 *     - object page busy                            sleep "flt_pgbusy"
 *     - not resident: uvm_fault_lower_io            sleep "uvn_fp1" (no page)
 *           pgo_get                                 yield "uvm_fault_lower_io:
 *                                                     pgo_get"
 *           (PC_LOWER_IO) completion; relock        sleep "vmmaplk", page busy
 *     - 2A uvm_fault_lower_direct(_loan)            sleep "flt_noram4"
 *     - 2B uvm_fault_lower_promote                  sleep "flt_noram5"
 *     - uvm_fault_lower_enter: pmap_enter failed    sleep "flt_pmfail2"
 *
 * every uvm_wait sleeps on WC_FREE after kicking the pagedaemon and
 * restarts the fault from ReFault; it is refused (ENOMEM) when nothing
 * is reclaimable, unless K_FAULT_CHECKS_RECLAIMABLE says always wait.
 * before such a sleep the fault must hold no simple lock and no busy
 * page (I15, canfail-progress).  t_retries counts these restarts.
 *
 * after I/O the kernel relocks the map (uvmfault_relock) while still
 * holding the busy page, checks that nothing moved, and goes on.  the
 * model relocks likewise (so a writer of the map can make it wait with
 * the page busy), then finishes the page (activate, unbusy) and
 * restarts the fault from ReFault within the same step: the restart
 * sees exactly the state the kernel's re-verification would see and
 * finds the page resident.
 *
 * deliberate simplifications:
 *   - a small neighbourhood: a normal fault also maps the resident pages
 *     1 back and 1 forward inside the entry (the kernel's MADV_NORMAL
 *     window is 3 back / 4 forward; the model's address spaces are 16
 *     pages), never wire faults.  no MADV_SEQUENTIAL deactivation.
 *   - no submaps and no pgo_fault (device pager) objects.
 *   - the map version check of uvmfault_relock is replaced by the full
 *     re-check of the restart.
 *   - an anonymous object (aobj) has no swap in the model: a missing
 *     aobj page is a fresh zeroed (dirty) page, no I/O.
 *   - running out of anons (uvm_analloc) is ENOMEM at once (the 1999-2001
 *     fault: "if we are out of anon VM we kill the process").
 *   - the pmap_enter access bits are masked with the entry protection we
 *     enter (only the "requested-write" era could ask for more).
 *   - the [2015] KASSERT(!maxprot) at needs-copy is a note: the model's
 *     uvm_map_pageable may fail its pass-1 amap_copy, which the kernel's
 *     M_WAITOK copy cannot; the fault then makes the copy itself.
 *
 * the frame of FN_UVM_FAULT (struct uvm_fault_frame, core/frames.h):
 *   vm (map and pmap index), va, access (VM_PROT_*), flags (FAULT_WIRE,
 *   FAULT_WIREMAX, FAULT_KERNEL), wire_kind for a wire fault (enum
 *   wiring_kind; 0 means WK_MLOCK), io_page: the page this fault holds
 *   busy across an I/O (local).
 * returns 0, or M_EFAULT (no mapping, case 0, beyond EOF: SIGSEGV /
 * SIGBUS), M_EACCES, M_ENOMEM, M_EIO.  ERESTART never leaves the fault.
 */
#include <stdbool.h>
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

/* resume points of uvm_fault_step */
enum {
	PC_REFAULT = 0,		/* ReFault: uvm_fault_check from the top */
	PC_ANONGET_IO,		/* uvmfault_anonget: uvm_swap_get finished */
	PC_ANONGET_RELOCK,	/* ... relocking, the page still busy */
	PC_LOWER_IO,		/* uvm_fault_lower_io: pgo_get finished */
	PC_LOWER_RELOCK,	/* ... relocking, the page still busy */
	PC_MAP_DEADLOCK,	/* waits for a map lock it holds: forever */
};

#define TIDBIT(tid)	(1u << ((tid) - 1))

/* a step function's "go on" (every enum fn_rc is > 0) */
#define FLT_OK		0

/*
 * uvm_faultctx: what the fault knows between ReFault and its end; lives
 * on the C stack of one step, never in the world.
 */
struct uvm_faultctx {
	/* IN: the frame */
	int vm, va, access, flags, kind;
	/* set up by uvm_fault_check */
	int entry, amap, uobj, slot, uoff;
	int check_prot;
	int enter_prot;		/* prot at which we want to enter the page */
	int access_type;	/* access, or the entry's prot when wired */
	bool wire_paging;	/* FAULT_WIRE: uvm_pagewire the page */
	bool wire_mapping;	/* FAULT_WIRE or a wired entry: PMAP_WIRED */
	bool refault_wire;	/* L-1 fix: wiring a refault of a wired entry */
	bool cow_now;		/* promote COW now */
	bool break_loans;	/* break a loan now */
	bool promote;
	/* held: uvmfault_unlockall releases exactly these */
	bool map_locked;
	bool amap_locked;
	int uobj_locked;
	int anon_locked[2];	/* oanon, nanon */
};

static int uvm_fault_internal(struct world *, struct step_ctx *,
    struct thread *, struct frame *);
static void revoke_amap_sharers(struct world *, struct step_ctx *, int, int,
    int);
static void uvm_fault_neighbours(struct world *, struct step_ctx *,
    const struct uvm_faultctx *);

/* ----------------------------------------------------------- helpers */

static bool
entry_needs_copy(const struct vm_map_entry *e)
{
	/*
	 * NEEDSCOPY, or a private entry whose amap has not been created
	 * yet (the model's uvm_map_enter may leave it to the first fault).
	 */
	return (e->etype & UVM_ET_NEEDSCOPY) != 0 ||
	    (e->amap == 0 && (e->etype & UVM_ET_COPYONWRITE) != 0);
}

static void
fault_obj_lock(struct world *w, struct step_ctx *c, int obj)
{
	w->objs[obj].uo_lock = (uint8_t)c->tid;
}

static void
fault_obj_unlock(struct world *w, struct step_ctx *c, int obj)
{
	if (w->objs[obj].uo_lock == c->tid) {
		w->objs[obj].uo_lock = 0;
		wakeup(w, WC_OBJLOCK, obj);
	}
}

/*
 * uvmfault_unlockall: unlock everything this fault took.
 *
 * => the busy page of an I/O, if any, stays busy.
 */
static void
uvmfault_unlockall(struct world *w, struct step_ctx *c,
    struct uvm_faultctx *fl)
{
	for (int i = 0; i < 2; i++) {
		int anon = fl->anon_locked[i];

		if (anon != 0 && w->anons[anon].an_lock == c->tid)
			anon_unlock(w, c, anon);
		fl->anon_locked[i] = 0;
	}
	if (fl->uobj_locked != 0) {
		fault_obj_unlock(w, c, fl->uobj_locked);
		fl->uobj_locked = 0;
	}
	if (fl->amap_locked) {
		amap_unlock(w, c, fl->amap);
		fl->amap_locked = false;
	}
	if (fl->map_locked) {
		vm_map_unlock_read(w, c, fl->vm);
		fl->map_locked = false;
	}
}

/*
 * fault_return: the fault is over: unlock and return the error (0 on
 * success: a progress mark).
 */
static int
fault_return(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl, int error)
{
	uvmfault_unlockall(w, c, fl);
	if (error == 0) {
		c->progress = true;
		t->t_retries = 0;
	}
	return fn_return(w, c, error);
}

/*
 * fault_simple_lock: may this fault take a simple lock now held by
 * `holder'?
 *
 * => FLT_OK: the lock is free, the caller takes it.
 * => held by another thread (a lock leaked across a step by a model
 *    bug or a bug knob): unlock everything, sleep on its channel, ReFault.
 * => held by this very thread: the kernel would deadlock on itself
 *    (I17): raise it and sleep.
 */
static int
fault_simple_lock(struct world *w, struct step_ctx *c,
    struct uvm_faultctx *fl, int holder, int wchan, int obj,
    const char *wmesg)
{
	if (holder == 0)
		return FLT_OK;
	if (holder == c->tid)
		model_event(w, c, INV_BUSY_DEADLOCK, c->tid, c->tid, 0,
		    "uvm_fault: simple_lock: locking against myself");
	else
		note(c, "uvm_fault: simple lock held by another thread "
		    "-> wait");
	uvmfault_unlockall(w, c, fl);
	return fn_sleep(w, c, PC_REFAULT, wchan, obj, wmesg);
}

/* fault_lock_anon: lock an anon for this fault (it is unlocked after) */
static int
fault_lock_anon(struct world *w, struct step_ctx *c, struct uvm_faultctx *fl,
    int which, int anon)
{
	int rc;

	rc = fault_simple_lock(w, c, fl, w->anons[anon].an_lock, WC_ANONLOCK,
	    anon, "anonlk");
	if (rc != FLT_OK)
		return rc;
	anon_lock(w, c, anon);
	fl->anon_locked[which] = anon;
	return FLT_OK;
}

static int
fault_lock_obj(struct world *w, struct step_ctx *c, struct uvm_faultctx *fl,
    int obj)
{
	int rc;

	rc = fault_simple_lock(w, c, fl, w->objs[obj].uo_lock, WC_OBJLOCK,
	    obj, "vmobjlock");
	if (rc != FLT_OK)
		return rc;
	fault_obj_lock(w, c, obj);
	fl->uobj_locked = obj;
	return FLT_OK;
}

/*
 * fault_check_unlocked: I15 at uvm_wait: a fault that waits for memory
 * must have released every simple lock and every busy page, or the
 * pagedaemon it waits for may need exactly those.
 */
static void
fault_check_unlocked(struct world *w, struct step_ctx *c, int va)
{
	int o;

	for (o = 1; o <= MAX_OBJS; o++)
		if (w->objs[o].uo_lock == c->tid)
			goto held;
	for (o = 1; o <= MAX_AMAPS; o++)
		if (w->amaps[o].am_lock == c->tid)
			goto held;
	for (o = 1; o <= MAX_ANONS; o++)
		if (w->anons[o].an_lock == c->tid)
			goto held;
	for (o = 1; o <= MAX_PAGES; o++)
		if ((w->pages[o].pg_flags & PG_BUSY) &&
		    w->pages[o].busy_tid == c->tid)
			goto held;
	return;
held:
	model_event(w, c, INV_CANFAIL_PROGRESS, va, 0, 0,
	    "uvm_fault: sleeping with locks held");
}

/*
 * uvm_fault_wait: uvm_wait(wmesg) and ReFault.
 *
 * => everything must be unlocked (uvmfault_unlockall) and no page busy.
 * => ENOMEM instead when nothing is reclaimable ("ENOMEM only when
 *    nothing is reclaimable"), unless K_FAULT_CHECKS_RECLAIMABLE == 1.
 */
static int
uvm_fault_wait(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl, const char *wmesg)
{
	if (KNOB(c, K_FAULT_CHECKS_RECLAIMABLE) ==
	    FAULT_CHECKS_RECLAIMABLE_ENOMEM &&
	    !uvm_reclaimable(w, c->m)) {
		note(c, "uvm_fault: out of VM, nothing reclaimable -> ENOMEM");
		return fault_return(w, c, t, fl, M_ENOMEM);
	}
	fault_check_unlocked(w, c, fl->va);
	if (t->t_retries < 255)
		t->t_retries++;
	uvm_kick_pdaemon(w);
	return fn_sleep(w, c, PC_REFAULT, WC_FREE, 0, wmesg);
}

/*
 * fault_wait_busy: a page we need is PG_BUSY: set PG_WANTED, unlock
 * everything and sleep on it (UVM_UNLOCK_AND_WAIT), then ReFault.
 *
 * => a thread waiting for a page it holds busy itself never wakes
 *    (S-12a, vslock with PG_BUSY): I17.
 */
static int
fault_wait_busy(struct world *w, struct step_ctx *c, struct uvm_faultctx *fl,
    int pg, const char *wmesg)
{
	struct vm_page *p = &w->pages[pg];

	if (p->busy_tid == c->tid)
		model_event(w, c, INV_BUSY_DEADLOCK, c->tid, c->tid, 0,
		    "uvm_fault: waiting for a page this thread holds busy");
	p->pg_flags |= PG_WANTED;
	uvmfault_unlockall(w, c, fl);
	return fn_sleep(w, c, PC_REFAULT, WC_PAGE, pg, wmesg);
}

/* fault_unbusy: drop our PG_BUSY on a page (wakes PG_WANTED sleepers) */
static void
fault_unbusy(struct world *w, struct step_ctx *c, int pg)
{
	struct vm_page *p = &w->pages[pg];

	if ((p->pg_flags & PG_BUSY) == 0 || p->busy_tid != c->tid)
		return;
	p->pg_flags &= (uint8_t)~PG_FAKE;
	uvm_page_unbusy(w, c, pg);
}

/* ---------------------------------------------------- synchronous I/O */

/*
 * the fault's I/O is synchronous (PGO_SYNCIO, uvm_swap_get): it is
 * recorded as a struct buf naming the busy page while it is in flight
 * (so that I6 and I11 see it) and completed by the faulting thread
 * itself in its next step.
 */
static void
fault_buf_start(struct world *w, struct step_ctx *c, int kind, int pg,
    int slot, int anon)
{
	for (int b = 1; b <= MAX_BUFS; b++) {
		struct buf *bp = &w->bufs[b];

		if (bp->b_kind != BUF_NONE)
			continue;
		bp->b_kind = (uint8_t)kind;
		bp->b_tid = (uint8_t)c->tid;
		bp->b_npages = 1;
		bp->b_pages[0] = (uint8_t)pg;
		bp->b_slot = (uint8_t)slot;
		bp->b_anon = (uint8_t)anon;
		return;
	}
	note(c, "uvm_fault: no struct buf free: the read is not recorded");
}

static void
fault_buf_done(struct world *w, struct step_ctx *c, int pg)
{
	for (int b = 1; b <= MAX_BUFS; b++) {
		struct buf *bp = &w->bufs[b];

		if ((bp->b_kind == BUF_SWAP_READ ||
		    bp->b_kind == BUF_VNODE_READ) && bp->b_tid == c->tid &&
		    bp->b_pages[0] == pg) {
			memset(bp, 0, sizeof(*bp));
			return;
		}
	}
}

/*
 * fault_relock_busy: uvmfault_relock after I/O, with the page busy.
 *
 * => true when the map could be read-locked now (the lock is released
 *    again at once: the restart takes it anew in this same step).
 * => false: a writer holds the map; the caller sleeps on it, keeping
 *    the page busy, as the kernel does in vm_map_lock_read.
 */
static bool
fault_relock_busy(struct world *w, struct step_ctx *c, int vm)
{
	struct vmspace *v = &w->vms[vm];

	if (v->vm_writer == c->tid || (v->vm_readers & TIDBIT(c->tid)))
		return true;
	if (!vm_map_lock_read_try(w, c, vm))
		return false;
	vm_map_unlock_read(w, c, vm);
	return true;
}

/* ------------------------------------------------------ uvm_fault_check */

/*
 * uvmfault_amapcopy: clear "needs_copy" in a map entry.
 *
 * => called with everything unlocked.
 * => takes the map write lock (may sleep on it), amap_copy; on failure
 *    unlock and uvm_wait("fltamapcopy"); on success unlock: the fault
 *    restarts (ERESTART) after an interleaving point.
 */
static int
uvmfault_amapcopy(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl)
{
	struct vmspace *v = &w->vms[fl->vm];
	int e;

	if (v->vm_writer == c->tid || (v->vm_readers & TIDBIT(c->tid))) {
		/* uvm_fault_wire's caller must make the copies */
		model_event(w, c, INV_BUSY_DEADLOCK, c->tid, c->tid, 0,
		    "uvmfault_amapcopy: write-locking a map this thread holds");
		return fn_sleep(w, c, PC_MAP_DEADLOCK, WC_MAPLOCK, fl->vm,
		    "vmmaplk");
	}
	if (!vm_map_lock_try(w, c, fl->vm)) {
		note(c, "uvmfault_amapcopy: map locked -> wait for the write "
		    "lock");
		return fn_sleep(w, c, PC_REFAULT, WC_MAPLOCK, fl->vm,
		    "vmmaplk");
	}
	e = uvm_map_lookup_entry(w, fl->vm, fl->va);
	if (e == 0) {
		note(c, "uvmfault_amapcopy: no mapping, give up");
	} else if (entry_needs_copy(&w->entries[e])) {
		(void)amap_copy(w, c, e);
		if (entry_needs_copy(&w->entries[e])) {
			vm_map_unlock(w, c, fl->vm);
			note(c, "uvmfault_amapcopy: amap_copy failed -> "
			    "uvm_wait");
			return uvm_fault_wait(w, c, t, fl, "fltamapcopy");
		}
		note(c, "uvmfault_amapcopy: amap_copy done");
	}
	vm_map_unlock(w, c, fl->vm);
	return fn_yield(w, c, PC_REFAULT, "uvm_fault: amap_copy -> restart");
}


/*
 * wire_fault_loans: cow_now and break_loans for a wiring fault
 * (uvm_fault_check, UVM_FAULT_WIRE), by era (K_WIRE_BREAKS_LOANS, S-13).
 */
static void
wire_fault_loans(const struct step_ctx *c, struct uvm_faultctx *fl)
{
	switch (KNOB(c, K_WIRE_BREAKS_LOANS)) {
	case WIRE_BREAKS_LOANS_ALWAYS:
		/* S-13 fix (Stephan, 2003): always break loans */
		fl->cow_now = (fl->check_prot & VM_PROT_WRITE) != 0;
		fl->break_loans = true;
		break;
	case WIRE_BREAKS_LOANS_WRITABLE_ENTRY:
		/* 2006+: cow now if the entry may be written */
		fl->cow_now = (fl->check_prot & VM_PROT_WRITE) != 0;
		fl->break_loans = fl->cow_now;
		break;
	case WIRE_BREAKS_LOANS_REQUESTED_WRITE:
		/* 2003: only the caller's requested access counts */
		fl->cow_now = (fl->access & VM_PROT_WRITE) != 0;
		fl->break_loans = fl->cow_now;
		break;
	}
}

/*
 * uvm_fault_check: lookup, protection, wiring, needs-copy, case 0.
 *
 * => called with nothing locked.
 * => on success (FLT_OK): maps (read) and the amap, if any, locked.
 * => if we fail we unlock everything (and return, sleep or restart).
 */
static int
uvm_fault_check(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl)
{
	struct vmspace *v;
	struct vm_map_entry *e;
	int rc;

	if (fl->vm < 1 || fl->vm > MAX_VMSPACES || fl->va >= VA_PAGES ||
	    (w->vms[fl->vm].vm_flags & VM_MAP_INUSE) == 0) {
		note(c, "uvmfault_lookup: no map -> EFAULT");
		return fault_return(w, c, t, fl, M_EFAULT);
	}
	v = &w->vms[fl->vm];

	/*
	 * uvmfault_lookup: "make sure this is not an interrupt safe map.
	 * such maps are never supposed to be involved in a fault." (S-15,
	 * S-15, 2000: the check comes before we lock the map)
	 */
	if (v->vm_flags & VM_MAP_INTRSAFE) {
		if (KNOB(c, K_FAULT_CHECKS_INTRSAFE) ==
		    FAULT_CHECKS_INTRSAFE_REFUSES) {
			note(c, "uvmfault_lookup: interrupt-safe map "
			    "-> EFAULT");
			return fault_return(w, c, t, fl, M_EFAULT);
		}
		note(c, "uvmfault_lookup: locking an interrupt-safe map "
		    "(pre-2000)");
		if (v->vm_writer == c->tid) {
			model_event(w, c, INV_BUSY_DEADLOCK, c->tid, c->tid, 0,
			    "uvm_fault: locking an interrupt-safe map this "
			    "context holds");
			return fn_sleep(w, c, PC_MAP_DEADLOCK, WC_MAPLOCK,
			    fl->vm, "vmmaplk");
		}
	}

	/* lock the map (read) */
	if (v->vm_writer == c->tid) {
		model_event(w, c, INV_BUSY_DEADLOCK, c->tid, c->tid, 0,
		    "uvm_fault: map write-locked by the faulting thread");
		return fn_sleep(w, c, PC_MAP_DEADLOCK, WC_MAPLOCK, fl->vm,
		    "vmmaplk");
	}
	if (v->vm_readers & TIDBIT(c->tid)) {
		note(c, "uvmfault_lookup: map read-locked by our caller");
	} else if (!vm_map_lock_read_try(w, c, fl->vm)) {
		note(c, "uvmfault_lookup: map write-locked -> wait");
		return fn_sleep(w, c, PC_REFAULT, WC_MAPLOCK, fl->vm,
		    "vmmaplk");
	} else {
		fl->map_locked = true;
	}
	/* locked: maps(read) */

	fl->entry = uvm_map_lookup_entry(w, fl->vm, fl->va);
	if (fl->entry == 0) {
		note(c, "uvmfault_lookup: no mapping -> EFAULT");
		return fault_return(w, c, t, fl, M_EFAULT);
	}
	e = &w->entries[fl->entry];

	/* check protection */
	fl->check_prot = (fl->flags & FAULT_WIREMAX) ? e->max_protection :
	    e->protection;
	if ((fl->check_prot & fl->access) != fl->access) {
		note(c, "uvm_fault_check: protection failure -> EACCES");
		return fault_return(w, c, t, fl, M_EACCES);
	}

	/*
	 * "enter_prot" is the protection we want to enter the page in at;
	 * "wire_mapping" means either the entry is wired or we are
	 * fault-wiring the page.
	 */
	fl->enter_prot = e->protection;
	fl->wire_paging = (fl->flags & FAULT_WIRE) != 0;
	fl->wire_mapping = fl->wire_paging || e->wired_count > 0;
	fl->access_type = fl->access;
	if (fl->wire_paging) {
		/* full access for wired */
		fl->access_type = fl->enter_prot;
		wire_fault_loans(c, fl);
	} else if (fl->wire_mapping) {
		/* full access for wired */
		fl->access_type = fl->enter_prot;
		fl->cow_now = (fl->check_prot & VM_PROT_WRITE) != 0;
		fl->break_loans = fl->cow_now;
	} else {
		fl->cow_now = (fl->access & VM_PROT_WRITE) != 0;
		fl->break_loans = fl->cow_now;
	}
	if (fl->wire_paging && fl->kind == WK_NONE)
		fl->kind = WK_MLOCK;

	/*
	 * L-1 (docs/bugs/L-1.md): a normal fault in a wired entry where
	 * nothing is mapped any more (truncation freed the wired page, and
	 * the file grew again) enters the new page PMAP_WIRED; the kernel
	 * wires the page only for UVM_FAULT_WIRE (uvm_fault.c 1.194 and
	 * 1.228, uvm_fault_internal: wire_paging = UVM_FAULT_WIRE), so
	 * munlock's uvm_fault_unwire_locked later unwires a page nobody
	 * wired.  The fix wires the page as the entry's mlock would.
	 */
	if (!(fl->wire_paging && fl->kind == WK_MLOCK) &&
	    e->wired_count > 0 &&
	    !uvm_map_wire_pending(w, fl->vm, fl->entry, fl->va) &&
	    KNOB(c, K_REFAULT_WIRES_PAGE) == REFAULT_WIRES_PAGE_WIRES) {
		int pa = 0;

		/*
		 * not the entry's own mlock wire fault: a normal fault, or
		 * a vslock wire fault, which wires the page for its I/O and
		 * once more for the entry.  Not where uvm_map_pageable's
		 * pass 2 (the map busy) has still to wire this entry: its
		 * own wire fault is on its way to this va
		 * (uvm_map_wire_pending).
		 */
		if (!pmap_extract(&w->pmap, fl->vm, fl->va, &pa) || pa == 0) {
			note(c, "uvm_fault_check: refault in a wired entry -> "
			    "wire the page as mlock did (L-1 fix)");
			fl->refault_wire = true;
			if (!fl->wire_paging) {
				/*
				 * a wiring fault now: it breaks loans as
				 * one (a lent page must not be wired, I8)
				 */
				fl->wire_paging = true;
				fl->kind = WK_MLOCK;
				wire_fault_loans(c, fl);
			}
		}
	}

	/*
	 * handle "needs_copy": to change the entry we need the map write
	 * lock: unlock, uvmfault_amapcopy, restart.
	 */
	if (entry_needs_copy(e)) {
		if (fl->cow_now || e->uobj == 0) {
			/*
			 * [2015] KASSERT(!maxprot): uvm_map_pageable's pass 1
			 * has done this copy (M_WAITOK, it cannot fail in
			 * the kernel).  The model's pass 1 may fail it, so
			 * the fault just does the copy (a note, no panic).
			 */
			if ((e->etype & UVM_ET_NEEDSCOPY) &&
			    (fl->flags & FAULT_WIREMAX))
				note(c, "uvm_fault_check: needs-copy on a "
				    "WIREMAX fault (pass 1 did not copy)");
			note(c, "uvm_fault_check: need to clear needs_copy and "
			    "refault");
			uvmfault_unlockall(w, c, fl);
			return uvmfault_amapcopy(w, c, t, fl);
		}
		/* enter read-only since needs_copy is still true */
		fl->enter_prot &= ~VM_PROT_WRITE;
	}

	fl->amap = e->amap;
	fl->uobj = e->uobj;
	fl->slot = e->amap_off + (fl->va - e->start);
	fl->uoff = e->uoff + (fl->va - e->start);

	/* case 0: nothing backing the entry */
	if (fl->amap == 0 && fl->uobj == 0) {
		note(c, "uvm_fault_check: no backing store, no overlay -> "
		    "EFAULT");
		return fault_return(w, c, t, fl, M_EFAULT);
	}
	if (fl->amap != 0 && fl->slot >= AMAP_SLOTS) {
		model_event(w, c, INV_KERNEL_PANIC, fl->amap, fl->slot, 0,
		    "uvm_fault_check: amap slot out of range");
		return fault_return(w, c, t, fl, M_EFAULT);
	}

	/* narrow fault (see the file header): lock the amap */
	if (fl->amap != 0) {
		rc = fault_simple_lock(w, c, fl, w->amaps[fl->amap].am_lock,
		    WC_AMAPLOCK, fl->amap, "amaplk");
		if (rc != FLT_OK)
			return rc;
		amap_lock(w, c, fl->amap);
		fl->amap_locked = true;
	}
	return FLT_OK;
}

/* ------------------------------------------------------ case 1: upper */

/*
 * uvm_fault_done_wire: a wire fault wired pg: the ghost record, and what
 * keeps a vslocked page in place (K_VSLOCK_PIN, S-10..S-12).
 *
 * => returns true if pg must stay PG_BUSY (Chuck's 2003 proposal).
 */
static bool
uvm_fault_done_wire(struct world *w, struct step_ctx *c,
    struct uvm_faultctx *fl, int pg)
{
	if (fl->refault_wire && fl->kind == WK_MLOCK) {
		wiring_renew(w, WK_MLOCK, fl->vm, fl->va, pg);
	} else {
		wiring_add(w, fl->kind, fl->vm, fl->va, pg);
		if (fl->refault_wire) {
			/* L-1 fix: the entry's wiring, besides the I/O's */
			uvm_pagewire(w, pg);
			wiring_renew(w, WK_MLOCK, fl->vm, fl->va, pg);
		}
	}
	if (fl->kind != WK_VSLOCK)
		return false;
	if (KNOB(c, K_PHYSIO_PAGES) == PHYSIO_PAGES_VSLOCKED) {
		/* L-2 fix: uvm_vslock hands physio the pages it wired */
		int b = physio_buf_of(w, c->tid);

		if (b != 0 && w->bufs[b].b_npages < BUF_MAXPAGES)
			w->bufs[b].b_pages[w->bufs[b].b_npages++] =
			    (uint8_t)pg;
	}
	switch (KNOB(c, K_VSLOCK_PIN)) {
	case VSLOCK_PIN_HOLD:
		note(c, "uvm_vslock: hold the page for the I/O "
		    "(uvm_page_hold)");
		uvm_page_hold(w, pg);
		return false;
	case VSLOCK_PIN_BUSY:
		note(c, "uvm_vslock: keep the page PG_BUSY until uvm_vsunlock");
		return true;
	case VSLOCK_PIN_WIRE_ONLY:
	default:
		return false;
	}
}

/*
 * uvm_loanbreak_anon: a write to a loaned page in an anon with an_ref 1:
 * the anon gets a private copy and lets go of the loaned page.
 *
 * => anon locked by caller.
 * => returns 0, or M_ENOMEM when no page could be allocated.
 * => the old page, which the anon lent (A->K), becomes ownerless
 *    (PQ_ANON cleared, dequeued; the kernel still holds it).  Its loan
 *    and wire counts stay.
 */
int
uvm_loanbreak_anon(struct world *w, struct step_ctx *c, int anon)
{
	struct vm_anon *an = &w->anons[anon];
	int opg = an->an_page, pg;
	struct vm_page *old = &w->pages[opg], *np;

	/* get new un-owned replacement page */
	pg = uvm_pagealloc(w, c, 0, 0, 0, 0);
	if (pg == 0)
		return M_ENOMEM;
	np = &w->pages[pg];

	/* copy old -> new: the copy is dirty */
	np->pg_flags &= (uint8_t)~(PG_CLEAN | PG_FAKE);
	np->pg_data = w->pages[opg].pg_data;

	/* force reload */
	uvm_pmap_page_protect(w, c, opg, VM_PROT_NONE);

	/*
	 * KILL loan: we were the lender (A->K), the page leaves the queues
	 * and the kernel's loan keeps it.  (The kernel's other case, an
	 * anon that received an O->A loan, is not modelled: no modelled
	 * path lends an object page to an anon.)
	 */
	old->uanon = 0;
	old->pg_pqflags &= (uint8_t)~PQ_ANON;
	uvm_pagedequeue(w, opg);

	/* install new page in anon */
	an->an_page = (uint8_t)pg;
	np->uanon = (uint8_t)anon;
	np->pg_pqflags |= PQ_ANON;
	uvm_pageactivate(w, pg);
	uvm_page_unbusy(w, c, pg);
	return 0;
}

/*
 * uvmfault_promote: promote data to a new anon (cases 1B and 2B).
 *
 * => opg: the page to copy (the old anon's or the object's), 0 = zero.
 * => on success the new anon is locked (unless S-9's knob says 1999)
 *    and in the amap at our slot; its page is busy, dirty, not queued.
 * => if we fail we unlock everything (and unbusy uobjpage).
 */
static int
uvmfault_promote(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl, int opg, int uobjpage, int *ranon, int *rpg)
{
	int anon, pg;

	anon = uvm_analloc(w, c);
	if (anon == 0) {
		fault_unbusy(w, c, uobjpage);
		note(c, "uvmfault_promote: out of anons -> ENOMEM");
		return fault_return(w, c, t, fl, M_ENOMEM);
	}
	/*
	 * the new anon is locked.  The S-9 commit fixed this site too, but
	 * the model keeps the fault fixed in every era: the knob
	 * newanon_locked covers amap_cow_now (the cdrecord crash), so that
	 * older eras still show their other bugs instead of I12 at the
	 * first zero-fill fault.
	 */
	anon_lock(w, c, anon);
	if (w->anons[anon].an_lock == c->tid)
		fl->anon_locked[1] = anon;

	pg = uvm_pagealloc(w, c, 0, 0, anon, opg == 0 ? UVM_PGA_ZERO : 0);
	if (pg == 0) {
		/* release the new anon: ref to 0, unlock, free (S-9 fix) */
		w->anons[anon].an_ref--;
		if (w->anons[anon].an_lock == c->tid)
			anon_unlock(w, c, anon);
		fl->anon_locked[1] = 0;
		(void)uvm_anfree(w, c, anon);
		fault_unbusy(w, c, uobjpage);
		uvmfault_unlockall(w, c, fl);
		note(c, "uvmfault_promote: out of RAM -> uvm_wait");
		return uvm_fault_wait(w, c, t, fl, "flt_noram5");
	}
	w->anons[anon].an_page = (uint8_t)pg;
	w->pages[pg].uanon = (uint8_t)anon;
	w->pages[pg].pg_pqflags |= PQ_ANON;

	/* uvm_pagecopy / uvm_pagezero: the new page is dirty */
	w->pages[pg].pg_flags &= (uint8_t)~(PG_CLEAN | PG_FAKE);
	w->pages[pg].pg_data = opg != 0 ? w->pages[opg].pg_data : 0;

	if (amap_lookup(w, fl->amap, fl->slot) != 0)
		amap_replace(w, c, fl->amap, fl->slot, anon);	/* case 1B */
	else
		amap_add(w, fl->amap, fl->slot, anon);
	*ranon = anon;
	*rpg = pg;
	return FLT_OK;
}

/*
 * uvmfault_anonget: get the data of an anon into a non-busy page.
 *
 * => maps, amap and anon locked by caller.
 * => FLT_OK: the page is resident and not busy, everything still
 *    locked; for a page on loan from an object that object is locked
 *    too (uvm_anon_lockloanpg).
 * => otherwise we unlocked everything: we sleep on the busy page, wait
 *    for memory, or start the swap read (the thread holds the page busy
 *    across the read and finishes it in uvmfault_anonget_iodone).
 */
static int
uvmfault_anonget(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f, struct uvm_faultctx *fl, int anon)
{
	struct vm_anon *an = &w->anons[anon];
	int pg = an->an_page, rc;

	if (pg != 0 && w->pages[pg].loan_count > 0) {
		/* uvm_anon_lockloanpg: find and lock the real owner */
		struct vm_page *p = &w->pages[pg];

		if (p->uobject != 0) {
			rc = fault_lock_obj(w, c, fl, p->uobject);
			if (rc != FLT_OK)
				return rc;
		} else if ((p->pg_pqflags & PQ_ANON) == 0) {
			note(c, "uvm_anon_lockloanpg: adopting an ownerless "
			    "loaned page");
			p->pg_pqflags |= PQ_ANON;
			p->loan_count--;
		}
	}

	if (pg != 0) {
		if ((w->pages[pg].pg_flags & PG_BUSY) == 0)
			return FLT_OK;
		note(c, "uvmfault_anonget: page busy -> unlock and wait");
		return fault_wait_busy(w, c, fl, pg,
		    w->pages[pg].uobject != 0 ? "anonget1" : "anonget2");
	}

	/* no page: we must bring it in from swap */
	if (an->an_swslot == 0) {
		model_event(w, c, INV_KERNEL_PANIC, anon, 0, 0,
		    "uvmfault_anonget: anon has neither page nor swap slot");
		return fault_return(w, c, t, fl, M_EFAULT);
	}
	pg = uvm_pagealloc(w, c, 0, 0, anon, 0);
	if (pg == 0) {
		uvmfault_unlockall(w, c, fl);
		note(c, "uvmfault_anonget: noram -- UVM_WAIT");
		return uvm_fault_wait(w, c, t, fl, "flt_noram1");
	}
	an->an_page = (uint8_t)pg;
	w->pages[pg].uanon = (uint8_t)anon;
	w->pages[pg].pg_pqflags |= PQ_ANON;

	/* a PG_BUSY|PG_FAKE|PG_CLEAN page into uvm_swap_get, all unlocked */
	fault_buf_start(w, c, BUF_SWAP_READ, pg, an->an_swslot, anon);
	uvmfault_unlockall(w, c, fl);
	note(c, "uvmfault_anonget: paged out -> uvm_swap_get(PGO_SYNCIO)");
	f->uvm_fault.io_page = (uint8_t)pg;
	return fn_yield(w, c, PC_ANONGET_IO, "anonget: swap read");
}

/*
 * uvmfault_anonget_relock: after the swap read: relock the map (the page
 * still busy), then activate and unbusy the page and ReFault.
 */
static int
uvmfault_anonget_relock(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int pg = f->uvm_fault.io_page, anon, vm;

	vm = (f->uvm_fault.flags & FAULT_KERNEL) ? KERNEL_VMSPACE :
	    f->uvm_fault.vm;
	if (!fault_relock_busy(w, c, vm)) {
		note(c, "uvmfault_relock: map write-locked -> wait, page busy");
		return fn_sleep(w, c, PC_ANONGET_RELOCK, WC_MAPLOCK, vm,
		    "vmmaplk");
	}
	anon = w->pages[pg].uanon;
	if (anon != 0 && w->anons[anon].an_lock != 0 &&
	    w->anons[anon].an_lock != c->tid)
		return fn_sleep(w, c, PC_ANONGET_RELOCK, WC_ANONLOCK, anon,
		    "anonlk");

	if (w->pages[pg].pg_flags & PG_RELEASED) {
		/*
		 * the anon was freed while we read: uvm_page_unbusy disposes
		 * of the page (and of the anon: uvm_anon_release).
		 */
		note(c, "uvmfault_anonget: page released during I/O -> "
		    "release, refault");
		fault_unbusy(w, c, pg);
	} else {
		/* we've successfully read the page, activate it */
		bool took = anon != 0 && w->anons[anon].an_lock == 0;

		if (took)
			anon_lock(w, c, anon);
		uvm_pageactivate(w, pg);
		fault_unbusy(w, c, pg);
		if (took)
			anon_unlock(w, c, anon);
	}
	f->uvm_fault.io_page = 0;
	return uvm_fault_internal(w, c, t, f);
}

/*
 * uvmfault_anonget_iodone: the swap read of the busy page finished.
 */
static int
uvmfault_anonget_iodone(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int pg = f->uvm_fault.io_page;
	struct vm_page *p = &w->pages[pg];
	int anon = p->uanon;
	int slot = anon != 0 ? w->anons[anon].an_swslot : 0;
	bool error;

	fault_buf_done(w, c, pg);
	error = slot != 0 && w->swap[slot].sw_state == SWS_BAD;
	if (!error)
		error = env_fail(w, c, "uvm_swap_get: I/O error");
	if (error) {
		struct uvm_faultctx fl;

		/*
		 * mark the slot bad (never reused, the anon keeps naming
		 * it) and free the page: it was never unbusied, so it cannot
		 * be mapped.
		 */
		memset(&fl, 0, sizeof(fl));
		note(c, "uvmfault_anonget: swap read failed -> "
		    "uvm_swap_markbad, EIO");
		if (slot != 0)
			uvm_swap_markbad(w, slot);
		if (p->pg_flags & PG_WANTED)
			wakeup(w, WC_PAGE, pg);
		if (anon != 0 && w->anons[anon].an_lock == 0) {
			anon_lock(w, c, anon);
			fl.anon_locked[0] = anon;
		}
		if (p->pg_flags & PG_RELEASED) {
			/* released meanwhile: the unbusy disposes of it */
			fault_unbusy(w, c, pg);
		} else {
			uvm_pagefree(w, c, pg);
			if (anon != 0 && w->anons[anon].an_page == pg)
				w->anons[anon].an_page = 0;
		}
		f->uvm_fault.io_page = 0;
		return fault_return(w, c, t, &fl, M_EIO);
	}
	/* the slot still holds the data: the page is clean */
	p->pg_flags &= (uint8_t)~PG_FAKE;
	p->pg_flags |= PG_CLEAN;
	return uvmfault_anonget_relock(w, c, t, f);
}

/*
 * uvm_fault_upper_enter: enter the anon's page and finish case 1.
 *
 * => locked: maps(read), amap, oanon, anon (if different).
 */
static int
uvm_fault_upper_enter(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl, int anon, int pg)
{
	int pflags, error;

	pflags = (fl->access_type & fl->enter_prot) |
	    (KNOB(c, K_CANFAIL_IN_FAULT) ==
	    CANFAIL_IN_FAULT_CANFAIL ? PMAP_CANFAIL : 0) |
	    (fl->wire_mapping ? PMAP_WIRED : 0);
	error = uvm_pmap_enter(w, c, fl->vm, fl->va, pg, fl->enter_prot,
	    pflags);
	if (error != 0) {
		/*
		 * no need to undo what we did; we can simply think of this
		 * as the pmap throwing away the mapping information.
		 */
		uvmfault_unlockall(w, c, fl);
		note(c, "uvm_fault_upper_enter: pmap_enter failed -> uvm_wait");
		return uvm_fault_wait(w, c, t, fl, "flt_pmfail1");
	}

	/* uvm_fault_upper_done: update the page queues */
	if (fl->wire_paging) {
		bool keep_busy;

		note(c, "uvm_fault_upper_done: wire fault -> uvm_pagewire");
		uvm_pagewire(w, pg);
		/*
		 * since the now-wired page cannot be paged out, release its
		 * swap resources for others to use.  since an anon with no
		 * swap cannot be PG_CLEAN, clear its clean flag now (PR
		 * 7578, S-8: the 1999 fault did not).
		 */
		if (KNOB(c, K_DROPSWAP_CLEARS_CLEAN) ==
		    DROPSWAP_CLEARS_CLEAN_CLEARS)
			w->pages[pg].pg_flags &= (uint8_t)~PG_CLEAN;
		uvm_anon_dropswap(w, c, anon);
		keep_busy = uvm_fault_done_wire(w, c, fl, pg);
		if (keep_busy && (w->pages[pg].pg_flags & PG_BUSY) == 0)
			uvm_page_busy(w, c, pg);
	} else {
		uvm_pageactivate(w, pg);
		uvm_fault_neighbours(w, c, fl);
	}
	note(c, "uvm_fault_upper_enter: done case 1");
	return fault_return(w, c, t, fl, 0);
}

/*
 * uvm_fault_neighbours: map the resident pages around the faulting va
 * (uvm_fault_upper_neighbor / uvm_fault_lower_neighbor).
 *
 * => normal faults only (wire faults are narrow); the centre page is
 *    already entered.  A neighbour is skipped if already mapped, not
 *    resident, busy, or (an anon page) loaned.  It is entered read-only
 *    when its anon is shared (an_ref > 1), the entry needs a copy or is
 *    copy-on-write over an object page, or the page is loaned or
 *    PG_RDONLY; PMAP_WIRED if the entry is wired (the page itself is not
 *    wired).
 * => pmap_enter with PMAP_CANFAIL: a failure is ignored ("it's only a
 *    neighbour"), so no environment failure is injected here.
 */
static void
uvm_fault_neighbours(struct world *w, struct step_ctx *c,
    const struct uvm_faultctx *fl)
{
	const struct vm_map_entry *e = &w->entries[fl->entry];
	int pm = fl->vm;

	/* L-1 fix: no unwired PMAP_WIRED neighbours in a wired entry */
	if (e->wired_count > 0 && KNOB(c, K_REFAULT_WIRES_PAGE) ==
	    REFAULT_WIRES_PAGE_WIRES)
		return;
	c->nofail++;
	for (int nva = fl->va - 1; nva <= fl->va + 1; nva += 2) {
		int anon = 0, pg = 0, prot = e->protection, pa;

		if (nva < e->start || nva >= e->end ||
		    pmap_extract(&w->pmap, pm, nva, &pa))
			continue;
		if (e->amap != 0)
			anon = amap_lookup(w, e->amap,
			    e->amap_off + (nva - e->start));
		if (anon != 0) {
			pg = w->anons[anon].an_page;
			if (pg == 0 || (w->pages[pg].pg_flags & PG_BUSY) ||
			    w->pages[pg].loan_count > 0)
				continue;
			if (w->anons[anon].an_ref > 1 ||
			    (e->etype & UVM_ET_NEEDSCOPY))
				prot &= ~VM_PROT_WRITE;
			note(c, "uvm_fault_upper_neighbor: map a resident anon page");
		} else if (e->uobj != 0) {
			int off = e->uoff + (nva - e->start);

			if (off >= w->objs[e->uobj].v_size)
				continue;
			pg = uvm_pagelookup(w, e->uobj, off);
			if (pg == 0 || (w->pages[pg].pg_flags & PG_BUSY))
				continue;
			if ((e->etype & UVM_ET_COPYONWRITE) ||
			    w->pages[pg].loan_count > 0 ||
			    (w->pages[pg].pg_flags & PG_RDONLY))
				prot &= ~VM_PROT_WRITE;
			note(c, "uvm_fault_lower_neighbor: map a resident object page");
		} else {
			continue;
		}
		uvm_pageenqueue(w, pg);
		(void)uvm_pmap_enter(w, c, fl->vm, nva, pg, prot,
		    PMAP_CANFAIL | (e->wired_count > 0 ? PMAP_WIRED : 0));
	}
	c->nofail--;
}

/*
 * uvm_fault_upper: case 1, the page is in an anon of our amap.
 *
 * => locked: maps(read), amap.
 */
static int
uvm_fault_upper(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f, struct uvm_faultctx *fl, int anon)
{
	struct vm_anon *an = &w->anons[anon];
	int rc, pg, nanon, npg;
	bool loaned, promote;

	note(c, "uvm_fault_upper: case 1 fault (anon)");
	rc = fault_lock_anon(w, c, fl, 0, anon);
	if (rc != FLT_OK)
		return rc;
	rc = uvmfault_anonget(w, c, t, f, fl, anon);
	if (rc != FLT_OK)
		return rc;
	/* locked: maps(read), amap, anon */

	pg = an->an_page;
	loaned = w->pages[pg].loan_count > 0;
	promote = fl->cow_now && an->an_ref > 1;

	/* uvm_fault_upper_loan: special handling for loaned pages */
	if (loaned) {
		if (!fl->break_loans) {
			note(c, "uvm_fault_upper_loan: loaned page, cap "
			    "protection read-only");
			fl->enter_prot &= ~VM_PROT_WRITE;
		} else if (an->an_ref == 1) {
			note(c, "uvm_fault_upper_loan: cow_now on a loaned "
			    "page -> uvm_loanbreak_anon");
			if (uvm_loanbreak_anon(w, c, anon) != 0) {
				uvmfault_unlockall(w, c, fl);
				note(c, "uvm_fault_upper_loan: out of RAM "
				    "breaking loan");
				return uvm_fault_wait(w, c, t, fl,
				    "flt_noram2");
			}
			/* if we were a loan receiver the object is done with */
			if (fl->uobj_locked != 0) {
				fault_obj_unlock(w, c, fl->uobj_locked);
				fl->uobj_locked = 0;
			}
			pg = an->an_page;
		} else if (!promote) {
			/*
			 * wire_breaks_loans=always on an entry we may not
			 * write: the loan goes by giving this amap a private
			 * copy, which needs an amap of our own.
			 */
			if (entry_needs_copy(&w->entries[fl->entry])) {
				note(c, "uvm_fault_upper_loan: loaned page in "
				    "a needs-copy amap -> amap_copy");
				uvmfault_unlockall(w, c, fl);
				return uvmfault_amapcopy(w, c, t, fl);
			}
			note(c, "uvm_fault_upper_loan: wire fault breaks the "
			    "loan by a private copy");
			promote = true;
		}
	}

	if (promote) {
		/* case 1B: COW fault: copy into a new anon */
		note(c, "uvm_fault_upper_promote: case 1B: COW fault");
		rc = uvmfault_promote(w, c, t, fl, pg, 0, &nanon, &npg);
		if (rc != FLT_OK)
			return rc;
		uvm_pageactivate(w, npg);
		uvm_page_unbusy(w, c, npg);
		/* deref: can not drop to zero here by defn! */
		if (an->an_ref <= 1)
			model_event(w, c, INV_KERNEL_PANIC, anon, an->an_ref, 0,
			    "uvm_fault_upper_promote: KASSERT(oanon->an_ref > "
			    "1)");
		else
			an->an_ref--;
		return uvm_fault_upper_enter(w, c, t, fl, nanon, npg);
	}

	/* case 1A: uvm_fault_upper_direct */
	if (an->an_ref > 1) {
		note(c, "uvm_fault_upper_direct: case 1A, an_ref > 1: "
		    "read-only");
		fl->enter_prot &= ~VM_PROT_WRITE;
	} else {
		note(c, "uvm_fault_upper_direct: case 1A");
	}
	return uvm_fault_upper_enter(w, c, t, fl, anon, pg);
}

/* ------------------------------------------------------ case 2: lower */

/*
 * uvm_fault_lower_enter: enter the page (uobjpage, or the new anon's)
 * and finish case 2.
 *
 * => locked: maps(read), amap (if any), uobj (if any), anon (if
 *    promoted); pg busy (ours).
 */
static int
uvm_fault_lower_enter(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl, int anon, int pg)
{
	struct vm_page *p = &w->pages[pg];
	int prot, pflags, error;
	bool keep_busy = false;

	if ((fl->access_type & VM_PROT_WRITE) && (p->pg_flags & PG_RDONLY))
		model_event(w, c, INV_KERNEL_PANIC, pg, fl->va, 0,
		    "uvm_fault_lower_enter: KASSERT: write access to a "
		    "PG_RDONLY page");
	prot = (p->pg_flags & PG_RDONLY) ? (fl->enter_prot & ~VM_PROT_WRITE) :
	    fl->enter_prot;
	pflags = (fl->access_type & prot) |
	    (KNOB(c, K_CANFAIL_IN_FAULT) ==
	    CANFAIL_IN_FAULT_CANFAIL ? PMAP_CANFAIL : 0) |
	    (fl->wire_mapping ? PMAP_WIRED : 0);
	error = uvm_pmap_enter(w, c, fl->vm, fl->va, pg, prot, pflags);
	if (error != 0) {
		/*
		 * no need to undo what we did; ensure the page is queued in
		 * case we just promoted it, unbusy it, and wait.
		 */
		uvm_pageenqueue(w, pg);
		fault_unbusy(w, c, pg);
		uvmfault_unlockall(w, c, fl);
		note(c, "uvm_fault_lower_enter: pmap_enter failed, "
		    "PMAP_CANFAIL -> uvm_wait");
		return uvm_fault_wait(w, c, t, fl, "flt_pmfail2");
	}

	/* uvm_fault_lower_done: update the page queues */
	if (fl->wire_paging) {
		note(c, "uvm_fault_lower_done: wire fault -> uvm_pagewire");
		uvm_pagewire(w, pg);
		if (anon == 0 && p->uobject != 0 &&
		    w->objs[p->uobject].uo_type == UOBJ_AOBJ) {
			/* an aobj page with no swap cannot be PG_CLEAN */
			p->pg_flags &= (uint8_t)~PG_CLEAN;
		}
		keep_busy = uvm_fault_done_wire(w, c, fl, pg);
	} else {
		uvm_pageactivate(w, pg);
		uvm_fault_neighbours(w, c, fl);
	}
	p->pg_flags &= (uint8_t)~PG_FAKE;
	if (!keep_busy)
		fault_unbusy(w, c, pg);
	note(c, "uvm_fault_lower_enter: done case 2");
	return fault_return(w, c, t, fl, 0);
}

/*
 * uvm_fault_lower_direct: case 2A: map the object page itself.
 *
 * => uobjpage busy (ours); locked: maps, amap (if any), uobj.
 */
static int
uvm_fault_lower_direct(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl, int uobjpage)
{
	int pg = uobjpage, npg;

	note(c, "uvm_fault_lower_direct: case 2A (object page)");
	if (w->entries[fl->entry].etype & UVM_ET_COPYONWRITE)
		fl->enter_prot &= ~VM_PROT_WRITE;

	/* uvm_fault_lower_direct_loan: be careful about loaned pages */
	if (w->pages[uobjpage].loan_count > 0) {
		if (!fl->break_loans) {
			note(c, "uvm_fault_lower_direct_loan: loaned page, cap "
			    "protection read-only");
			fl->enter_prot &= ~VM_PROT_WRITE;
		} else {
			note(c, "uvm_fault_lower_direct_loan: must break the "
			    "loan -> uvm_loanbreak");
			npg = uvm_pagealloc(w, c, 0, 0, 0, 0);
			if (npg == 0) {
				/* drop ownership of the page */
				fault_unbusy(w, c, uobjpage);
				uvmfault_unlockall(w, c, fl);
				note(c, "uvm_fault_lower_direct_loan: out of "
				    "RAM breaking loan");
				return uvm_fault_wait(w, c, t, fl,
				    "flt_noram4");
			}
			/* copy, pmap_page_protect(NONE), uvm_pagereplace */
			uvm_loanbreak_page(w, c, uobjpage, npg);
			/* the old page is out of our hands; the new is ours */
			fault_unbusy(w, c, uobjpage);
			if ((w->pages[npg].pg_flags & PG_BUSY) == 0)
				uvm_page_busy(w, c, npg);
			w->pages[npg].pg_flags &= (uint8_t)~PG_FAKE;
			pg = npg;
		}
	}
	return uvm_fault_lower_enter(w, c, t, fl, 0, pg);
}

/*
 * uvm_fault_lower_promote: case 2B: copy the object page (or zero) into
 * a new anon in our amap.
 *
 * => uobjpage busy (ours) or 0 (zero fill).
 */
static int
uvm_fault_lower_promote(struct world *w, struct step_ctx *c, struct thread *t,
    struct uvm_faultctx *fl, int uobjpage)
{
	int anon, pg, rc;

	note(c, uobjpage != 0 ?
	    "uvm_fault_lower_promote: case 2B: promote the object page" :
	    "uvm_fault_lower_promote: case 2B: zero fill");
	if (fl->amap == 0) {
		model_event(w, c, INV_KERNEL_PANIC, fl->entry, fl->va, 0,
		    "uvm_fault: want to promote data, but no anon");
		fault_unbusy(w, c, uobjpage);
		return fault_return(w, c, t, fl, M_EFAULT);
	}
	rc = uvmfault_promote(w, c, t, fl, uobjpage, uobjpage, &anon, &pg);
	if (rc != FLT_OK)
		return rc;
	if (uobjpage != 0) {
		/* promote to shared amap?  all sharing procs must see it */
		if ((w->amaps[fl->amap].am_flags & AMAP_SHARED) &&
		    KNOB(c, K_SHARED_PROMOTE_REVOKES) ==
		    SHARED_PROMOTE_REVOKES_EVERY_MAPPING) {
			note(c, "uvm_fault_lower_promote: shared amap -> "
			    "pmap_page_protect(uobjpage, NONE): XXX: PAGE "
			    "MIGHT BE WIRED!");
			uvm_pmap_page_protect(w, c, uobjpage, VM_PROT_NONE);
		} else if (w->amaps[fl->amap].am_flags & AMAP_SHARED) {
			note(c, "uvm_fault_lower_promote: shared amap -> "
			    "revoke uobjpage where the amap's sharers map "
			    "it (L-3 fix)");
			revoke_amap_sharers(w, c, fl->amap, fl->slot,
			    uobjpage);
		}
		/* dispose of uobjpage */
		fault_unbusy(w, c, uobjpage);
	}
	return uvm_fault_lower_enter(w, c, t, fl, anon, pg);
}

/*
 * revoke_amap_sharers: the L-3 fix (docs/bugs/L-3.md).  After a
 * promotion into a shared amap every entry that references the amap must
 * stop seeing the object page at that slot; other mappings of the page
 * (a MAP_SHARED mapping of the file, mlocked or not) are no business of
 * the amap and keep their PTEs, where the kernel's
 * pmap_page_protect(uobjpage, VM_PROT_NONE) removes them all, wired ones
 * included ("XXX: PAGE MIGHT BE WIRED!").
 */
static void
revoke_amap_sharers(struct world *w, struct step_ctx *c, int amap, int slot,
    int uobjpage)
{
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		const struct vm_map_entry *me = &w->entries[e];
		int va, pa = 0;

		if (!(me->etype & UVM_ET_INUSE) || me->amap != amap ||
		    slot < me->amap_off ||
		    slot >= me->amap_off + (me->end - me->start))
			continue;
		va = me->start + (slot - me->amap_off);
		if (pmap_extract(&w->pmap, me->vm, va, &pa) && pa == uobjpage)
			uvm_pmap_remove(w, c, me->vm, va, va + 1);
	}
}

/*
 * uvm_fault_lower_io: the object page is not resident: get it.
 *
 * => locked: maps, amap (if any), uobj.
 * => a vnode page: allocate it busy, unlock everything and read it
 *    (pgo_get PGO_SYNCIO); uvm_fault_lower_iodone finishes.
 * => an aobj page: no swap in the model: a zeroed, dirty page now.
 */
static int
uvm_fault_lower_io(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f, struct uvm_faultctx *fl, int *ruobjpage)
{
	int pg;

	if (w->objs[fl->uobj].uo_type == UOBJ_AOBJ) {
		pg = uvm_pagealloc(w, c, fl->uobj, fl->uoff, 0, UVM_PGA_ZERO);
		if (pg == 0) {
			uvmfault_unlockall(w, c, fl);
			note(c, "uao_get: no page -> uvm_wait");
			return uvm_fault_wait(w, c, t, fl, "uao_getpage");
		}
		w->pages[pg].pg_flags &= (uint8_t)~(PG_FAKE | PG_CLEAN);
		/*
		 * sys/uvm/uvm_fault.c (2010-2019 revisions with
		 * uvm_pageqlock), uvm_fault_lower_io: after pgo_get,
		 * "uvm_pageactivate(pg)" for every object's page; without
		 * it the page is neither queued nor wired (page-lost)
		 */
		uvm_pageactivate(w, pg);
		note(c, "uao_get: zero-filled a new aobj page");
		*ruobjpage = pg;
		return FLT_OK;
	}

	pg = uvn_page_for_read(w, c, fl->uobj, fl->uoff);
	if (pg == 0) {
		uvmfault_unlockall(w, c, fl);
		note(c, "uvn_findpage: no page -> uvm_wait");
		return uvm_fault_wait(w, c, t, fl, "uvn_fp1");
	}
	fault_buf_start(w, c, BUF_VNODE_READ, pg, 0, 0);
	uvmfault_unlockall(w, c, fl);
	note(c, "uvm_fault_lower_io: not resident -> pgo_get(PGO_SYNCIO)");
	f->uvm_fault.io_page = (uint8_t)pg;
	return fn_yield(w, c, PC_LOWER_IO, "uvm_fault_lower_io: pgo_get");
}

/*
 * uvm_fault_lower_relock: after the read: relock the map (page still
 * busy), activate and unbusy the page (freed if released meanwhile),
 * ReFault.
 */
static int
uvm_fault_lower_relock(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int pg = f->uvm_fault.io_page, uobj, vm;
	bool took;

	vm = (f->uvm_fault.flags & FAULT_KERNEL) ? KERNEL_VMSPACE :
	    f->uvm_fault.vm;
	if (!fault_relock_busy(w, c, vm)) {
		note(c, "uvmfault_relock: map write-locked -> wait, page busy");
		return fn_sleep(w, c, PC_LOWER_RELOCK, WC_MAPLOCK, vm,
		    "vmmaplk");
	}
	uobj = w->pages[pg].uobject;
	if (uobj != 0 && w->objs[uobj].uo_lock != 0 &&
	    w->objs[uobj].uo_lock != c->tid)
		return fn_sleep(w, c, PC_LOWER_RELOCK, WC_OBJLOCK, uobj,
		    "vmobjlock");
	took = uobj != 0 && w->objs[uobj].uo_lock == 0;
	if (took)
		fault_obj_lock(w, c, uobj);
	if ((w->pages[pg].pg_flags & PG_RELEASED) == 0)
		uvm_pageactivate(w, pg);
	else
		note(c, "uvm_fault_lower_io: page released during I/O -> free, "
		    "refault");
	fault_unbusy(w, c, pg);
	if (took)
		fault_obj_unlock(w, c, uobj);
	f->uvm_fault.io_page = 0;
	return uvm_fault_internal(w, c, t, f);
}

/*
 * uvm_fault_lower_iodone: the read of the busy object page finished.
 */
static int
uvm_fault_lower_iodone(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int pg = f->uvm_fault.io_page;
	struct vm_page *p = &w->pages[pg];

	fault_buf_done(w, c, pg);
	if (env_fail(w, c, "genfs_getpages: I/O error")) {
		struct uvm_faultctx fl;
		int uobj = p->uobject;

		memset(&fl, 0, sizeof(fl));
		note(c, "uvm_fault_lower_io: pgo_get failed -> EIO");
		if (p->pg_flags & PG_WANTED)
			wakeup(w, WC_PAGE, pg);
		if (uobj != 0 && w->objs[uobj].uo_lock == 0) {
			fault_obj_lock(w, c, uobj);
			fl.uobj_locked = uobj;
		}
		uvm_pagefree(w, c, pg);
		f->uvm_fault.io_page = 0;
		return fault_return(w, c, t, &fl, M_EIO);
	}
	p->pg_flags &= (uint8_t)~PG_FAKE;
	p->pg_flags |= PG_CLEAN;
	return uvm_fault_lower_relock(w, c, t, f);
}

/*
 * uvm_fault_lower: case 2, no anon at the address: the object's page,
 * or zero fill.
 *
 * => locked: maps(read), amap (if any).
 */
static int
uvm_fault_lower(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f, struct uvm_faultctx *fl)
{
	const struct vm_map_entry *e = &w->entries[fl->entry];
	int uobjpage = 0, rc;

	if (fl->uobj != 0) {
		rc = fault_lock_obj(w, c, fl, fl->uobj);
		if (rc != FLT_OK)
			return rc;
		if (w->objs[fl->uobj].uo_type == UOBJ_VNODE &&
		    fl->uoff >= w->objs[fl->uobj].v_size) {
			/*
			 * pgo_get = genfs_getpages (sys/miscfs/genfs/
			 * genfs_io.c): "if (origoffset + (centeridx <<
			 * PAGE_SHIFT) >= memeof) ... return EINVAL"; the
			 * trap turns EINVAL into SIGBUS (trap_signal).
			 */
			note(c, "uvm_fault_lower: genfs_getpages: offset beyond "
			    "EOF -> EINVAL (SIGBUS)");
			return fault_return(w, c, t, fl, M_EINVAL);
		}
		/* uvm_fault_lower_lookup: pgo_get(PGO_LOCKED) of the centre */
		uobjpage = uvm_pagelookup(w, fl->uobj, fl->uoff);
		if (uobjpage != 0) {
			if (w->pages[uobjpage].pg_flags & PG_BUSY) {
				note(c, "uvm_fault_lower: object page busy -> "
				    "unlock and wait");
				return fault_wait_busy(w, c, fl, uobjpage,
				    "flt_pgbusy");
			}
			uvm_page_busy(w, c, uobjpage);
		} else {
			rc = uvm_fault_lower_io(w, c, t, f, fl, &uobjpage);
			if (rc != FLT_OK)
				return rc;
		}
	}

	fl->promote = fl->uobj == 0 ||
	    (fl->cow_now && (e->etype & UVM_ET_COPYONWRITE) != 0);
	if (!fl->promote)
		return uvm_fault_lower_direct(w, c, t, fl, uobjpage);
	return uvm_fault_lower_promote(w, c, t, fl, uobjpage);
}

/* ------------------------------------------------------------ ReFault */

/*
 * uvm_fault_internal: one pass from ReFault: check, then case 1 or 2.
 */
static int
uvm_fault_internal(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	struct uvm_faultctx fl;
	int rc, anon;

	memset(&fl, 0, sizeof(fl));
	fl.flags = f->uvm_fault.flags;
	fl.vm = (fl.flags & FAULT_KERNEL) ? KERNEL_VMSPACE : f->uvm_fault.vm;
	fl.va = f->uvm_fault.va;
	fl.access = f->uvm_fault.access;
	fl.kind = f->uvm_fault.wire_kind;

	rc = uvm_fault_check(w, c, t, &fl);
	if (rc != FLT_OK)
		return rc;
	/* locked: maps(read), amap(if there) */

	/* uvm_fault_upper_lookup: is there an anon at the address? */
	anon = fl.amap != 0 ? amap_lookup(w, fl.amap, fl.slot) : 0;
	if (anon != 0)
		return uvm_fault_upper(w, c, t, f, &fl, anon);
	return uvm_fault_lower(w, c, t, f, &fl);
}

/*
 * uvm_fault_step: uvm_fault_internal as a resumable model function.
 *
 * => frame uvm_fault: see the file header.
 * => called with no simple lock held; the caller may hold the map read
 *    lock, never the write lock (that is a self-deadlock, reported).
 */
int
uvm_fault_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int vm;

	switch (f->pc) {
	case PC_REFAULT:
		return uvm_fault_internal(w, c, t, f);
	case PC_ANONGET_IO:
		return uvmfault_anonget_iodone(w, c, t, f);
	case PC_ANONGET_RELOCK:
		return uvmfault_anonget_relock(w, c, t, f);
	case PC_LOWER_IO:
		return uvm_fault_lower_iodone(w, c, t, f);
	case PC_LOWER_RELOCK:
		return uvm_fault_lower_relock(w, c, t, f);
	case PC_MAP_DEADLOCK:
	default:
		/* waiting for a map lock we hold ourselves: nobody can help */
		vm = (f->uvm_fault.flags & FAULT_KERNEL) ? KERNEL_VMSPACE :
		    f->uvm_fault.vm;
		return fn_sleep(w, c, PC_MAP_DEADLOCK, WC_MAPLOCK, vm,
		    "vmmaplk");
	}
}

/* call uvm_fault: a fault at va of map vm (flags FAULT_*) */
int
call_uvm_fault(struct world *w, struct step_ctx *c, int vm, int va,
    int access, int flags, int wire_kind)
{
	struct uvm_fault_frame args = {
		.vm = (uint8_t)vm,
		.va = (uint8_t)va,
		.access = (uint8_t)access,
		.flags = (uint8_t)flags,
		.wire_kind = (uint8_t)wire_kind,
	};

	return fn_call_frame(w, c, FN_UVM_FAULT, &args, sizeof(args));
}

/* ---------------------------------------------------------- the traps */

/*
 * touch_done: the access went through the MMU: a store of a value
 * (touch VA w=V) puts V in the page; a load reports the page's byte.
 */
static int
touch_done(struct world *w, struct step_ctx *c, struct frame *f, int vm)
{
	int pa;

	if (pmap_extract(&w->pmap, vm, f->op_touch.va, &pa) && pa > 0 &&
	    pa <= MAX_PAGES) {
		if ((f->op_touch.access & VM_PROT_WRITE) &&
		    f->op_touch.has_value)
			w->pages[pa].pg_data = f->op_touch.value;
		c->value = w->pages[pa].pg_data;
		c->has_value = (f->op_touch.access & VM_PROT_WRITE) == 0;
	}
	return fn_return(w, c, 0);
}

/*
 * op_touch_step: a load or a store by a user thread (OP_TOUCH).
 *
 * => frame op_touch: va, access (VM_PROT_READ, VM_PROT_WRITE, or
 *    VM_PROT_EXECUTE for an instruction fetch), value (the byte a store
 *    writes), has_value (1 when the store has one: touch VA w=V).
 * => if the pmap allows the access it is a plain memory access (the
 *    pmap sets referenced/modified); otherwise the trap calls
 *    uvm_fault and, when it succeeds, the instruction is retried.
 * => returns 0, or the fault's error; the signal the trap raises for it
 *    is trap_signal(error) (core/model.c: EINVAL -> SIGBUS, EACCES and
 *    EFAULT -> SIGSEGV, ENOMEM -> SIGKILL).  The model does not deliver
 *    signals: the program goes on with its next operation, as a handler
 *    that siglongjmp()s past the access would.
 */
int
op_touch_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int vm = thread_vm(w, c->tid);

	(void)t;
	switch (f->pc) {
	case 0:
		if (vm == 0)
			return fn_return(w, c, M_EFAULT);
		if (pmap_access(&w->pmap, vm, f->op_touch.va,
		    f->op_touch.access)) {
			note(c, "touch: mapped, no fault");
			return touch_done(w, c, f, vm);
		}
		note(c, "trap: page fault -> uvm_fault");
		f->pc = 1;
		return call_uvm_fault(w, c, vm, f->op_touch.va,
		    f->op_touch.access, 0, 0);
	case 1:
	default:
		if (f->ret != 0) {
			note(c, f->ret == M_EINVAL ?
			    "trap: uvm_fault EINVAL -> SIGBUS (BUS_ADRERR)" :
			    f->ret == M_EACCES ?
			    "trap: uvm_fault EACCES -> SIGSEGV (SEGV_ACCERR)" :
			    f->ret == M_ENOMEM ?
			    "trap: uvm_fault ENOMEM -> SIGKILL (out of swap)" :
			    "trap: uvm_fault failed -> SIGSEGV (SEGV_MAPERR)");
			return fn_return(w, c, f->ret);
		}
		if (vm != 0 && pmap_access(&w->pmap, vm, f->op_touch.va,
		    f->op_touch.access))
			return touch_done(w, c, f, vm);
		/* the mapping went again: the instruction faults again */
		note(c, "trap: access still faults -> retry the instruction");
		return fn_yield(w, c, 0, "trap: refault");
	}
}

/*
 * op_kmem_fault_step: a fault on kernel_map at op_kmem_fault.va
 * (OP_KMEM_FAULT): the kernel touching memory of an interrupt-safe
 * submap (S-15).
 *
 * => returns the fault's error.
 */
int
op_kmem_fault_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	switch (f->pc) {
	case 0:
		f->pc = 1;
		return call_uvm_fault(w, c, KERNEL_VMSPACE,
		    f->op_kmem_fault.va, VM_PROT_READ, FAULT_KERNEL, 0);
	default:
		return fn_return(w, c, f->ret);
	}
}
