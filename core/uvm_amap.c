/*
 * uvm_amap.c: amap operations.
 *
 * The model of sys/uvm/uvm_amap.c: an amap is the upper layer of a map
 * entry, an array of anon slots shared by the entries that reference it
 * (docs/uvm-semantics.md §2.2-2.4).  Slot i of the amap backs the entry's page
 * (i - amap_off) from its start.  The model keeps neither am_slots/
 * am_bckptr (the slot array is small) nor per-page reference counts
 * (am_ppref): entries are clipped whole.
 *
 * A word on an amap's lifecycle:
 *
 *             amap_alloc (NOWAIT: may fail)       amap_ref: am_ref++
 *    FREE  ----------------------------->  IN USE  <------------------+
 *      ^                                   am_ref >= 1                |
 *      |                                   (AMAP_SHARED: several      |
 *      |                                   entries share it, not COW) |
 *      |                                      |   |                   |
 *      |               amap_copy of a needs-  |   +-------------------+
 *      |               copy entry: am_ref--,  |
 *      |               anons an_ref++ into a  | amap_unref: am_ref-- to 0
 *      |               new amap               v
 *      |                                   WIPING OUT: am_ref 0, AMAP_INUSE
 *      |   every slot cleared                 each slot: an_ref--, and at 0
 *      +-----------------------------------   uvm_anfree (may have to wait
 *                                             for a busy page: see below)
 *
 * needs-copy (§2.3): an entry with UVM_ET_NEEDSCOPY shares its amap
 * copy-on-write; amap_copy gives it its own before anons are created or
 * changed.  No page data is copied: case 1B of the fault does that lazily.
 *
 * Locks: one simple lock per amap (am_lock = tid).  The 2001 assertions
 * (S-9, 2001) require it in amap_share_protect and amap_wipeout; the
 * model checks the former (I12) and takes it itself in amap_unref.  Map
 * locks (amap_copy runs under the map write lock) are the caller's.
 */
#include <string.h>

#include "core/uvm.h"

static bool
amap_valid(int amap)
{
	return amap > 0 && amap <= MAX_AMAPS;
}

/*
 * amap_alloc: allocate an amap of nslots blank slots.
 *
 * => M_NOWAIT allocation: 0 if none is free or the environment makes it
 *	fail.  Returned with am_ref 1, unlocked.
 */
int
amap_alloc(struct world *w, struct step_ctx *c, int nslots)
{
	if (nslots < 0 || nslots > AMAP_SLOTS) {
		model_event(w, c, INV_KERNEL_PANIC, nslots, 0, 0,
		    "amap_alloc: more slots than the model's AMAP_SLOTS");
		return 0;
	}
	for (int amap = 1; amap <= MAX_AMAPS; amap++) {
		struct vm_amap *am = &w->amaps[amap];

		if (am->am_flags & AMAP_INUSE)
			continue;
		if (env_fail(w, c, "amap_alloc: no memory (injected)"))
			return 0;
		memset(am, 0, sizeof(*am));
		am->am_flags = AMAP_INUSE;
		am->am_ref = 1;
		am->am_nslot = (uint8_t)nslots;
		return amap;
	}
	note(c, "amap_alloc: no free amap");
	return 0;
}

/*
 * amap_lookup: the anon in a slot of the amap (0 = none).
 */
int
amap_lookup(const struct world *w, int amap, int slot)
{
	if (!amap_valid(amap) || slot < 0 || slot >= AMAP_SLOTS)
		return 0;
	return w->amaps[amap].am_anon[slot];
}

/*
 * amap_add: put an anon in a slot (replacing what was there: the caller
 * has dropped the old anon's reference, as in the fault's case 1B).
 *
 * => amap should be locked by the caller.
 */
void
amap_add(struct world *w, int amap, int slot, int anon)
{
	if (!amap_valid(amap) || slot < 0 || slot >= AMAP_SLOTS)
		return;
	w->amaps[amap].am_anon[slot] = (uint8_t)anon;
}

/*
 * amap_replace: amap_add(aref, offset, anon, replace = true), as
 * sys/uvm/uvm_amap.c amap_add does it (NetBSD 1.x to 10): when the amap
 * is shared (AMAP_SHARED: another map entry, e.g. uvm_io's kernel window
 * or a MAP_INHERIT_SHARE child, names the same slots) the old anon's
 * page loses every mapping, pmap_page_protect(oanon->an_page,
 * VM_PROT_NONE), so that no sharer keeps reading the page the slot no
 * longer holds ("XXX: suppose page is supposed to be wired somewhere?").
 *
 * => amap locked by the caller; the old anon's reference already dropped.
 */
void
amap_replace(struct world *w, struct step_ctx *c, int amap, int slot,
    int anon)
{
	int oanon;

	if (!amap_valid(amap) || slot < 0 || slot >= AMAP_SLOTS)
		return;
	oanon = w->amaps[amap].am_anon[slot];
	if (oanon != 0 && w->anons[oanon].an_page != 0 &&
	    (w->amaps[amap].am_flags & AMAP_SHARED)) {
		note(c, "amap_add(replace): shared amap -> pmap_page_protect(old anon's page, VM_PROT_NONE)");
		uvm_pmap_page_protect(w, c, w->anons[oanon].an_page,
		    VM_PROT_NONE);
	}
	w->amaps[amap].am_anon[slot] = (uint8_t)anon;
}

/*
 * amap_ref: gain a reference to an amap.
 *
 * => shared: the new reference shares the amap (uvm_map_extract,
 *	MAP_INHERIT_SHARE), rather than copy-on-write: AMAP_SHARED.
 */
void
amap_ref(struct world *w, int amap, bool shared)
{
	struct vm_amap *am = &w->amaps[amap];

	if (!amap_valid(amap))
		return;
	if (am->am_ref < UINT8_MAX)
		am->am_ref++;
	if (shared)
		am->am_flags |= AMAP_SHARED;
}

/*
 * amap_lock / amap_unlock: the amap's simple lock.
 *
 * => taking a lock already held is a kernel panic in the model (it could
 *	only spin); unlocking a lock one does not hold is ignored unless
 *	another thread holds it.
 */
void
amap_lock(struct world *w, struct step_ctx *c, int amap)
{
	struct vm_amap *am = &w->amaps[amap];

	if (am->am_lock != 0)
		model_event(w, c, INV_KERNEL_PANIC, amap, am->am_lock, 0,
		    "amap_lock: simple lock already held");
	am->am_lock = (uint8_t)c->tid;
}

void
amap_unlock(struct world *w, struct step_ctx *c, int amap)
{
	struct vm_amap *am = &w->amaps[amap];

	if (am->am_lock != 0 && am->am_lock != c->tid)
		model_event(w, c, INV_KERNEL_PANIC, amap, am->am_lock, 0,
		    "amap_unlock: lock held by another thread");
	if (am->am_lock == c->tid)
		am->am_lock = 0;
}

/*
 * amap_wipeout: drop every anon of an amap whose last reference went, then
 * free the amap.
 *
 * => amap locked by the caller (amap_unref).
 * => each anon: an_ref--; at 0 uvm_anfree (the anon is unlocked: anons
 *	are never left locked between steps).
 * => an anon whose page is busy under K_ANFREE_BUSY == 1 stays in its
 *	slot with an_ref already 0 and we return 1 (the caller must sleep
 *	on the page, see amap_wipeout_page); a later call finds an_ref 0
 *	and retries uvm_anfree without decrementing again.
 */
static int
amap_wipeout(struct world *w, struct step_ctx *c, int amap)
{
	struct vm_amap *am = &w->amaps[amap];

	for (int slot = 0; slot < AMAP_SLOTS; slot++) {
		int anon = am->am_anon[slot];
		struct vm_anon *a;

		if (anon == 0)
			continue;
		a = &w->anons[anon];
		if (a->an_ref > 0) {
			a->an_ref--;
			if (a->an_ref > 0) {
				am->am_anon[slot] = 0;	/* still shared */
				continue;
			}
		}
		if (uvm_anfree(w, c, anon) == 1) {
			note(c, "amap_wipeout: anon page busy -> wait");
			return 1;
		}
		am->am_anon[slot] = 0;
	}
	memset(am, 0, sizeof(*am));
	return 0;
}

/*
 * amap_unref: remove one reference to an amap.
 *
 * => takes the amap lock if the caller does not hold it, and releases
 *	it before returning (a finished wipeout frees the amap, lock and all).
 * => am_ref > 1: am_ref--; a shared amap left with one reference is no
 *	longer shared (AMAP_SHARED cleared).
 * => last reference: amap_wipeout.  Returns 0 when done, 1 when the
 *	wipeout must wait for a busy anon page ([2001] K_ANFREE_BUSY == 1):
 *	the caller releases its simple locks, sleeps on
 *	amap_wipeout_page(w, amap) (WC_PAGE, "anfree"), and calls
 *	amap_unref(amap) again after waking.  The amap then has am_ref == 0
 *	and is still AMAP_INUSE (wipeout in progress): such a call does not
 *	drop a reference, it resumes the wipeout.
 */
int
amap_unref(struct world *w, struct step_ctx *c, int amap)
{
	struct vm_amap *am = &w->amaps[amap];
	bool locked_here = false;
	int rv = 0;

	if (!amap_valid(amap) || !(am->am_flags & AMAP_INUSE)) {
		model_event(w, c, INV_KERNEL_PANIC, amap, 0, 0,
		    "amap_unref: amap not in use");
		return 0;
	}
	if (am->am_lock != c->tid) {
		amap_lock(w, c, amap);
		locked_here = true;
	}
	if (am->am_ref > 1) {
		am->am_ref--;
		if (am->am_ref == 1)
			am->am_flags &= (uint8_t)~AMAP_SHARED;
	} else {
		am->am_ref = 0;
		rv = amap_wipeout(w, c, amap);
	}
	if (locked_here && (am->am_flags & AMAP_INUSE))
		amap_unlock(w, c, amap);
	return rv;
}

/*
 * amap_wipeout_page: the busy page a suspended wipeout of amap waits for
 * (0 if none).
 */
int
amap_wipeout_page(const struct world *w, int amap)
{
	const struct vm_amap *am = &w->amaps[amap];

	if (!amap_valid(amap) || !(am->am_flags & AMAP_INUSE) ||
	    am->am_ref != 0)
		return 0;
	for (int slot = 0; slot < AMAP_SLOTS; slot++) {
		int anon = am->am_anon[slot];
		int pg;

		if (anon == 0 || w->anons[anon].an_ref != 0)
			continue;
		pg = w->anons[anon].an_page;
		if (pg != 0 && (w->pages[pg].pg_flags & PG_BUSY))
			return pg;
	}
	return 0;
}

/*
 * amap_copy: give a needs-copy entry its own amap (§2.3).
 *
 * => map write-locked by the caller; the amap allocation is M_NOWAIT.
 * => no amap: allocate a blank one for the entry, amap_off 0.
 * => am_ref == 1: we hold the only reference, take it over.
 * => else: a new amap with the entry's anons, an_ref++ on each; the
 *	source loses our reference (and AMAP_SHARED if one is left).
 * => UVM_ET_NEEDSCOPY is cleared on success.  Returns 0, or M_ENOMEM
 *	when the allocation failed: NEEDSCOPY stays, the caller unlocks,
 *	uvm_wait("fltamapcopy")s and retries.
 */
int
amap_copy(struct world *w, struct step_ctx *c, int e)
{
	struct vm_map_entry *ent = &w->entries[e];
	int nslots = ent->end - ent->start;
	int src = ent->amap;
	int amap;

	if (src == 0) {
		amap = amap_alloc(w, c, nslots);
		if (amap == 0)
			return M_ENOMEM;
		note(c, "amap_copy: new blank amap");
		ent->amap = (uint8_t)amap;
		ent->amap_off = 0;
		ent->etype &= (uint8_t)~UVM_ET_NEEDSCOPY;
		return 0;
	}

	if (w->amaps[src].am_ref == 1) {
		note(c, "amap_copy: only reference -> take the amap over");
		ent->etype &= (uint8_t)~UVM_ET_NEEDSCOPY;
		return 0;
	}

	amap = amap_alloc(w, c, nslots);
	if (amap == 0)
		return M_ENOMEM;
	note(c, "amap_copy: copy the anon references into a new amap");
	for (int i = 0; i < nslots; i++) {
		int slot = ent->amap_off + i;
		int anon = slot < AMAP_SLOTS ? w->amaps[src].am_anon[slot] : 0;

		w->amaps[amap].am_anon[i] = (uint8_t)anon;
		if (anon != 0 && w->anons[anon].an_ref < UINT8_MAX)
			w->anons[anon].an_ref++;
	}
	w->amaps[src].am_ref--;
	if (w->amaps[src].am_ref == 1)
		w->amaps[src].am_flags &= (uint8_t)~AMAP_SHARED;
	ent->amap = (uint8_t)amap;
	ent->amap_off = 0;
	ent->etype &= (uint8_t)~UVM_ET_NEEDSCOPY;
	return 0;
}

/*
 * amap_share_protect: change protection of the anon pages of an entry
 * in every pmap (pmap_page_protect): the amap cannot tell which maps
 * reference it (§2.4).
 *
 * => map and amap must be locked by the caller ([2001] assertion, I12).
 */
void
amap_share_protect(struct world *w, struct step_ctx *c, int e, int prot)
{
	const struct vm_map_entry *ent = &w->entries[e];
	int amap = ent->amap;
	int stop;

	if (amap == 0)
		return;
	if (w->amaps[amap].am_lock != c->tid)
		model_event(w, c, INV_ANON_LOCK_DISCIPLINE, amap, 0, 0,
		    "amap_share_protect: amap not locked");
	stop = ent->amap_off + (ent->end - ent->start);
	for (int slot = ent->amap_off; slot < stop && slot < AMAP_SLOTS;
	    slot++) {
		int anon = w->amaps[amap].am_anon[slot];

		if (anon != 0 && w->anons[anon].an_page != 0)
			uvm_pmap_page_protect(w, c, w->anons[anon].an_page,
			    prot);
	}
}
