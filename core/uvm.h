/*
 * uvm.h: the model's UVM primitives, the functions that do not sleep.
 *
 * Each group lives in the file named after its kernel counterpart.  All
 * take the world first; those that can raise an assertion or consume an
 * environment choice also take the step context.  Everything that can
 * sleep is a resumable model function instead (engine.h, enum model_fn).
 *
 * Lock order (uvm_fault.c): MAPS -> AMAP -> UOBJ -> ANON -> PAGE QUEUES.
 * Simple locks are taken and dropped within one step; holding one at the
 * end of a step is a leak (I15 checks it at uvm_wait).
 */
#ifndef UVMCHECK_UVM_H
#define UVMCHECK_UVM_H

#include <stdbool.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "core/knobs.h"
#include "core/world.h"

#define KNOB(c, k)	((c)->m->knobs.v[(k)])

/* ------------------------------------------------------------ uvm_page.c */

/* uvm_pagealloc flags */
#define UVM_PGA_USERESERVE	0x1	/* may dip into the reserve (pmap PTPs) */
#define UVM_PGA_ZERO		0x2
#define UVM_PGA_NOFAIL		0x4	/* not an environment failure point */

int uvm_free_count(const struct world *w);
/* allocate a free page for (obj, off) or for anon (exactly one, or neither
 * for an unowned page); returns the page BUSY|FAKE|CLEAN owned by c->tid,
 * not queued, or 0 when memory is short or the environment says fail.
 * Raises I12 if the anon (or object) is not locked by the caller. */
int uvm_pagealloc(struct world *w, struct step_ctx *c, int obj, int off,
    int anon, int flags);
/* §1.4: loan branch (orphan), hold branch (fixed: disown while held),
 * else real free (wire_count forced to 0).  Marks ghost wirings lost. */
void uvm_pagefree(struct world *w, struct step_ctx *c, int pg);
void uvm_pagewire(struct world *w, int pg);
void uvm_pageunwire(struct world *w, struct step_ctx *c, int pg);
void uvm_pageactivate(struct world *w, int pg);
void uvm_pagedeactivate(struct world *w, struct step_ctx *c, int pg);
void uvm_pageenqueue(struct world *w, int pg);
void uvm_pagedequeue(struct world *w, int pg);
/* wake PG_WANTED sleepers; free a PG_RELEASED object page; clear BUSY.
 * A PG_RELEASED anon page: uvm_anon_release if its anon is AN_RELEASED
 * (uvm_anfree deferred), else uvm_pagefree (finished pageout). */
void uvm_page_unbusy(struct world *w, struct step_ctx *c, int pg);
/* take PG_BUSY for c->tid (page must not be busy) */
void uvm_page_busy(struct world *w, struct step_ctx *c, int pg);
int uvm_pagelookup(const struct world *w, int obj, int off);
/* the new page takes old's place in its object */
void uvm_pagereplace(struct world *w, int oldpg, int newpg);
/* remove the page from its object (or anon) without freeing it */
void uvm_pagedisown(struct world *w, int pg);
bool uvm_page_is_swapbacked(const struct world *w, int pg);
bool uvm_page_dirty(const struct world *w, int pg);	/* !CLEAN or pmap modified */
/* hold count (fixed profile): an I/O keeps the page from being freed */
void uvm_page_hold(struct world *w, int pg);
void uvm_page_unhold(struct world *w, struct step_ctx *c, int pg);
/* is anything on the paging queues that the pagedaemon could free? */
bool uvm_reclaimable(const struct world *w, const struct model *m);
void uvm_kick_pdaemon(struct world *w);
/* free a page-table page (or the PTPs a pmap operation gave back) */
void uvm_free_ptps(struct world *w, struct step_ctx *c,
    const struct pmap_freed *freed);

/* ghost wiring records (I4/I5) */
void wiring_add(struct world *w, int kind, int vm, int va, int pg);
void wiring_renew(struct world *w, int kind, int vm, int va, int pg);
int wiring_find(const struct world *w, int vm, int va, int kind, int prefer);
int wiring_drop_page(struct world *w, int vm, int va, int kind, int pg);
int wiring_count_va(const struct world *w, int vm, int va);
/* find and drop the record for (vm, va); returns the page it named
 * (0 if lost), or -1 if there was none */
int wiring_drop(struct world *w, int vm, int va, int kind);
int wiring_count_page(const struct world *w, int pg);

/* ------------------------------------------------------------ uvm_anon.c */

int uvm_analloc(struct world *w, struct step_ctx *c);	/* an_ref 1, unlocked */
void anon_lock(struct world *w, struct step_ctx *c, int anon);
void anon_unlock(struct world *w, struct step_ctx *c, int anon);
/* lock a freshly allocated anon unless K_NEWANON_LOCKED says 1999 */
void anon_lock_new(struct world *w, struct step_ctx *c, int anon);
/* uvm_anfree: an_ref must be 0 and the anon unlocked (I12).  Returns 0
 * when done, 1 when the page is busy and K_ANFREE_BUSY says sleep: the
 * caller sleeps on the page and calls again.
 * (PG_WANTED is set on 1; FN_UVM_ANFREE does the sleep-and-retry.)  With
 * K_ANFREE_BUSY 0 or 2 a busy page leaves the anon AN_RELEASED (an_ref 0)
 * for uvm_page_unbusy -> uvm_anon_release; 2 frees its swap slot at once. */
int uvm_anfree(struct world *w, struct step_ctx *c, int anon);
void uvm_anon_release(struct world *w, struct step_ctx *c, int anon);
/* release the anon's swap slot; clears PG_CLEAN unless K_DROPSWAP_CLEARS_CLEAN */
void uvm_anon_dropswap(struct world *w, struct step_ctx *c, int anon);

/* ------------------------------------------------------------ uvm_amap.c */

int amap_alloc(struct world *w, struct step_ctx *c, int nslots);
int amap_lookup(const struct world *w, int amap, int slot);
void amap_add(struct world *w, int amap, int slot, int anon);
/* amap_add(..., replace): a shared amap's old anon page loses its mappings */
void amap_replace(struct world *w, struct step_ctx *c, int amap, int slot,
    int anon);
void amap_ref(struct world *w, int amap, bool shared);
/* drop one reference; at zero wipe out: an_ref-- each anon, uvm_anfree at 0.
 * Returns 1 if an anon's busy page must be waited for (see uvm_anfree).
 * Contract on 1 (only with K_ANFREE_BUSY == 1): the amap is left with
 * am_ref 0, still AMAP_INUSE, its lock released; the caller drops its own
 * simple locks, sleeps on WC_PAGE amap_wipeout_page(w, amap) and, woken,
 * calls amap_unref(amap) again: that call resumes the wipeout, it does not
 * drop another reference.  Takes the amap lock unless the caller holds
 * it, and releases what it took. */
int amap_unref(struct world *w, struct step_ctx *c, int amap);
/* amap_copy for entry e: 0, or M_ENOMEM (NOWAIT allocation failed) */
int amap_copy(struct world *w, struct step_ctx *c, int e);
void amap_share_protect(struct world *w, struct step_ctx *c, int e, int prot);
/* the busy page a suspended wipeout waits for (amap_unref returned 1 and
 * the amap has am_ref 0, still AMAP_INUSE); 0 if none */
int amap_wipeout_page(const struct world *w, int amap);
void amap_lock(struct world *w, struct step_ctx *c, int amap);
void amap_unlock(struct world *w, struct step_ctx *c, int amap);

/* ------------------------------------------------------------ uvm_swap.c */

int uvm_swap_alloc(struct world *w, struct step_ctx *c, int anon);
void uvm_swap_free(struct world *w, struct step_ctx *c, int slot);
void uvm_swap_markbad(struct world *w, int slot);
bool uvm_swap_available(const struct world *w, const struct model *m);

/* ------------------------------------------------------------- uvm_map.c */

int uvm_map_lookup_entry(const struct world *w, int vm, int va);
int uvm_map_entry_alloc(struct world *w);
void uvm_map_entry_free(struct world *w, int e);
/* split entries so that [start, end) starts and ends on entry boundaries */
void uvm_map_clip(struct world *w, int vm, int start, int end);
/* uvm_map: a new entry for an mmap; returns the entry or -errno */
int uvm_map_enter(struct world *w, struct step_ctx *c, int vm, int va,
    int npages, int obj, int off, int flags, int prot, int maxprot,
    int inherit);
/* map lock (sleepable rwlock): true when taken, false when the caller must sleep */
bool vm_map_lock_try(struct world *w, struct step_ctx *c, int vm);
bool vm_map_lock_read_try(struct world *w, struct step_ctx *c, int vm);
void vm_map_unlock(struct world *w, struct step_ctx *c, int vm);
void vm_map_unlock_read(struct world *w, struct step_ctx *c, int vm);
void vm_map_busy(struct world *w, struct step_ctx *c, int vm);
void vm_map_unbusy(struct world *w, struct step_ctx *c, int vm);
/* the busy holder's pass 2 will wire entry e (L-1 fix, uvm_fault.c) */
bool uvm_map_wire_pending(const struct world *w, int vm, int e, int va);
/* uvm_fault_wire.c: the VAs a uvm_fault_wire frame has wired so far */
int uvm_fault_wire_cursor(const struct frame *f);
int vmspace_alloc(struct world *w);
/* pmap_enter with a PTP from the allocator (USERESERVE) when one is needed;
 * returns 0 or M_ENOMEM; a failure without PMAP_CANFAIL is a kernel panic */
int uvm_pmap_enter(struct world *w, struct step_ctx *c, int vm, int va, int pg,
    int prot, int flags);
void uvm_pmap_remove(struct world *w, struct step_ctx *c, int vm, int sva, int eva);
void uvm_pmap_page_protect(struct world *w, struct step_ctx *c, int pg, int prot);
/* the entry containing va, else the first one above va (VA order), or 0 */
int uvm_map_next_entry(const struct world *w, int vm, int va);
/* end of uvmspace_free: pmap_destroy, PTPs freed, vmspace slot cleared
 * (every entry must already be unmapped) */
void uvmspace_destroy(struct world *w, struct step_ctx *c, int vm);
/* uvmexp.wired (pages with wire_count > 0, PTPs excluded), uvmexp.wiredmax */
int uvmexp_wired(const struct world *w);
int uvmexp_wiredmax(const struct model *m);

/* ------------------------------------------------------------ uvm_loan.c */

void uvm_loanbreak_page(struct world *w, struct step_ctx *c, int oldpg, int newpg);
void uvm_unloanpage(struct world *w, struct step_ctx *c, int kloan);

/* ----------------------------------------------------------- uvm_fault.c */

/* a write to a loaned page in an anon with an_ref 1: the anon gets a private
 * copy and lets the loaned page go (ownerless if the anon lent it, one loan
 * less if it received it).  anon (and the page's object) locked by the
 * caller.  0, or M_ENOMEM when no page could be allocated. */
int uvm_loanbreak_anon(struct world *w, struct step_ctx *c, int anon);

/* --------------------------------------------------------- kern_physio.c */

/* the raw-I/O buf thread tid has under way (its vslocked pages), or 0 */
int physio_buf_of(const struct world *w, int tid);

/* ----------------------------------------------------------- uvm_pager.c */

/* complete the async swap write of buf b (uvm_aio_aiodone) and free it */
void uvm_aio_aiodone(struct world *w, struct step_ctx *c, int b);
/* does the model run an aiodone thread?  Without one the pagedaemon
 * completes its pageouts at once. */
bool uvm_aiodone_running(const struct model *m);

/* ------------------------------------------------------------ uvm_vnode.c */

/* pgo_put / VOP_PUTPAGES flags (genfs_putpages_frame.flags) */
#define PGO_CLEANIT	0x01	/* write dirty pages back */
#define PGO_FREE	0x02	/* free the pages (PG_RELEASED/PAGEOUT skipped) */
#define PGO_SYNCIO	0x04	/* wait for the writes */
#define PGO_BUSYFAIL	0x08	/* EDEADLK instead of sleeping on a busy page */

/* a vnode page the fault or getpages reads: allocate, BUSY|FAKE (I/O follows) */
int uvn_page_for_read(struct world *w, struct step_ctx *c, int obj, int off);

#endif
