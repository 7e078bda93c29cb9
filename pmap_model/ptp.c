/*
 * ptp.c: page-table pages (PTPs) and PTP stealing
 *
 * every PTP_SPAN pages of user VA are mapped through one page-table
 * page.  in the i386 pmap a PTP is a vm_page of the pmap's own pm_obj
 * whose wire_count is 1 + the number of valid PTEs in it; it is
 * allocated by pmap_enter (pmap_get_ptp -> pmap_alloc_ptp, from the
 * reserve) and freed when its last PTE is removed.  pmap_kernel() has
 * its PTPs preallocated and never frees them.
 *
 * the model keeps pm_ptp[region] = the physical page used as the PTP
 * of that region (0 = none) and counts the valid PTEs of the region
 * instead of a wire_count.  allocating the page is the caller's job
 * (pmap.c: pmap_enter's spare_ptp); giving it back is done with a
 * struct pmap_freed.
 *
 * PTP stealing (i386 pmap 1.91, 2000; S-14): when the
 * allocation of a PTP fails, pmap_alloc_ptp calls pmap_steal_ptp,
 * which goes round-robin over the pmaps from pmaps_hand:
 *   - for each pmap it can lock, scan its PTPs;
 *   - skip a PTP holding a valid wired PTE (PG_V|PG_W);
 *   - otherwise remove every PTE of the PTP (they can be refaulted),
 *     zap the PDE, and uvm_pagerealloc the page to the requester;
 *   - advance pmaps_hand past every pmap looked at;
 *   - give up after a full turn.
 * the bug variant PMAP_STEAL_IGNORE_WIRED takes a PTP even if it holds
 * a wired PTE: an mlock()ed mapping silently vanishes (I3, I16).
 *
 * model differences: the requester's own pmap is never a victim (the
 * kernel could take another PTP of the caller's pm_obj), nor is
 * pmap_kernel() (it was never on the pmaps list); the trylock of the
 * victim always succeeds (steps are atomic); PTPs are scanned in
 * region order.
 */

#include <assert.h>
#include <stddef.h>

#include "pmap_model/pmap.h"

/*
 * pmap_ptp_region: which PTP maps va
 */
int
pmap_ptp_region(int va)
{
	assert(va >= 0 && va < VA_PAGES);
	return va / PTP_SPAN;
}

/*
 * pmap_ptp_pte_count: valid PTEs in one region of a pmap
 *
 * => the kernel's ptp->wire_count - 1
 */
int
pmap_ptp_pte_count(const struct pmap_state *ps, int pm, int region)
{
	const struct pmap *p;
	int va, n = 0;

	assert(pm >= 1 && pm <= MAX_PMAPS);
	assert(region >= 0 && region < NPTP);
	p = &ps->pmaps[pm];
	for (va = region * PTP_SPAN; va < (region + 1) * PTP_SPAN; va++)
		if (p->pm_pte[va].pte_bits & PTE_V)
			n++;
	return n;
}

/*
 * pmap_page_is_ptp: is physical page pa a PTP of some active pmap?
 *
 * => if so, *pm and *region (either may be NULL) tell whose and where
 */
bool
pmap_page_is_ptp(const struct pmap_state *ps, int pa, int *pm, int *region)
{
	int i, r;

	if (pa <= 0 || pa > MAX_PAGES)
		return false;
	for (i = 1; i <= MAX_PMAPS; i++) {
		const struct pmap *p = &ps->pmaps[i];

		if ((p->pm_flags & PM_ACTIVE) == 0)
			continue;
		for (r = 0; r < NPTP; r++) {
			if (p->pm_ptp[r] != pa)
				continue;
			if (pm != NULL)
				*pm = i;
			if (region != NULL)
				*region = r;
			return true;
		}
	}
	return false;
}

/*
 * ptp_has_wired: does a region of a pmap hold a valid wired PTE?
 */
static bool
ptp_has_wired(const struct pmap *p, int region)
{
	int va;

	for (va = region * PTP_SPAN; va < (region + 1) * PTP_SPAN; va++)
		if ((p->pm_pte[va].pte_bits & (PTE_V | PTE_WIRED)) ==
		    (PTE_V | PTE_WIRED))
			return true;
	return false;
}

/*
 * hand_next: the user pmap after pm in the round-robin order
 *
 * => user pmaps are 2..MAX_PMAPS (KERNEL_VMSPACE is 1)
 */
static int
hand_next(int pm)
{
	return pm >= MAX_PMAPS ? KERNEL_VMSPACE + 1 : pm + 1;
}

/*
 * pmap_steal_ptp: steal a PTP from another pmap for requester
 *
 * => called by pmap_enter when a PTP is needed and none was supplied,
 *    under ptp_steal != PMAP_STEAL_OFF
 * => scans active user pmaps other than requester, round-robin from
 *    steal_hand; PMAP_STEAL_SKIP_WIRED skips a PTP with a wired PTE,
 *    PMAP_STEAL_IGNORE_WIRED takes it (res->steal_took_wired)
 * => on success: every PTE of the region is removed from the victim,
 *    its pm_ptp slot cleared, res->stolen_ptp / res->steal_victim set,
 *    steal_hand moved past the victim; returns true.  the caller
 *    installs the page as the requester's PTP.
 * => on failure nothing changes (the hand makes a full turn back to
 *    where it started); returns false
 */
bool
pmap_steal_ptp(struct pmap_state *ps, const struct pmap_knobs *k,
    int requester, struct pmap_enter_result *res)
{
	int start, cand, i, region, va;

	assert(k != NULL && res != NULL);
	if (k->ptp_steal == PMAP_STEAL_OFF)
		return false;

	start = ps->steal_hand;
	if (start <= KERNEL_VMSPACE || start > MAX_PMAPS)
		start = KERNEL_VMSPACE + 1;	/* pmaps_hand = LIST_FIRST */

	for (i = 0, cand = start; i < MAX_PMAPS - KERNEL_VMSPACE;
	    i++, cand = hand_next(cand)) {
		struct pmap *p = &ps->pmaps[cand];

		if (cand == requester || (p->pm_flags & PM_ACTIVE) == 0 ||
		    (p->pm_flags & PM_STATIC_PTPS) != 0)
			continue;
		for (region = 0; region < NPTP; region++) {
			bool wired;

			if (p->pm_ptp[region] == 0)
				continue;
			wired = ptp_has_wired(p, region);
			if (wired && k->ptp_steal == PMAP_STEAL_SKIP_WIRED)
				continue;	/* wired, try next PTP */

			/* got it!!!  throw away its mappings, zap the PDE */
			for (va = region * PTP_SPAN;
			    va < (region + 1) * PTP_SPAN; va++) {
				p->pm_pte[va].pte_pa = 0;
				p->pm_pte[va].pte_bits = 0;
			}
			res->stolen_ptp = p->pm_ptp[region];
			res->steal_victim = (uint8_t)cand;
			res->steal_took_wired = wired;
			p->pm_ptp[region] = 0;
			ps->steal_hand = (uint8_t)hand_next(cand);
			return true;
		}
	}
	return false;
}
