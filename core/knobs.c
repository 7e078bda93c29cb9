/*
 * knobs.c: the knob catalogue, the seed bugs and the era profiles.
 *
 * Profiles describe the kernel at the time of each source of the bug
 * catalogue (docs/bugs/README.md), before its fixes (the era tags of
 * docs/uvm-semantics.md):
 *   netbsd-1999  early 1999, Thorpe's post: loans mapped with managed
 *                pmap_enter, pagedaemon revokes and deactivates without a
 *                wire check, vsunlock unwires unconditionally, no
 *                PMAP_CANFAIL, PR 7578 open.
 *   netbsd-2001  early 2001, Cranor's post: PMAP_CANFAIL and the
 *                June-1999 unwire fix are in; WIREMAX, the unwire skip,
 *                the anon lock fixes and the UBC pageout rewrite are not.
 *   netbsd-2003  mid 2003, Uphoff's post: every 2001 fix in; vslock wires only,
 *                wire faults break loans only on a requested write.
 *   netbsd-2020  the modern kernel: wire faults break loans when the entry
 *                is writable, loans refuse wired pages, no PTP stealing;
 *                vslock still only wires (S-10, S-11 never closed).
 *   fixed        every fix, including a page hold count for vslock.
 * The latent bugs L-1 ... L-5 (docs/bugs/) are the kernel's behaviour in
 * every era, so every era sets their knobs.
 */
#include "core/knobs.h"

#include <stdio.h>
#include <string.h>

#include "core/inv_ids.h"

/* the name tables, from KNOB_LIST (knobs.h) */
#define KNOB_DESC(id, name, what, values)				\
	[id] = { #name, { KNOB_UNPAREN values }, what },
#define KNOB_VALUE_NAME(e, s, eras)	s,
const struct knob_desc knob_descs[NKNOBS] = {
	KNOB_LIST(KNOB_DESC, KNOB_VALUE_NAME)
};

/* the eras of each value of each knob */
#define KNOB_ERAS(id, name, what, values)				\
	[id] = { KNOB_UNPAREN values },
#define KNOB_VALUE_ERAS(e, s, eras)	eras,
static const unsigned knob_value_eras[NKNOBS][KNOB_MAX_VALUES] = {
	KNOB_LIST(KNOB_ERAS, KNOB_VALUE_ERAS)
};

/* every era runs exactly one value of every knob (4-bit era fields: the
 * sum of the values' eras counts each era's occurrences) */
#define KNOB_CHECK_ERAS(id, name, what, values)			\
	_Static_assert(0 KNOB_UNPAREN values == ERAS_ALL,		\
	    "knob " #name ": each era must name exactly one value");
#define KNOB_VALUE_ERA_SUM(e, s, eras)	+ (eras)
KNOB_LIST(KNOB_CHECK_ERAS, KNOB_VALUE_ERA_SUM)

const struct bug_desc bug_descs[] = {
	{ "S-1", "S-1-pd-kloan",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "pagedaemon revokes the mapping of a page lent to the kernel",
	    K_KLOAN_MAPPING, KLOAN_MAPPING_MANAGED, "loan-mapping-lost" },
	{ "S-2", "S-2-kenter-cow",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "kenter mapping of a lent page stays writable across COW",
	    K_KLOAN_KMAP_PROT, KLOAN_KMAP_PROT_READ_WRITE,
	    "loaned-page-writable" },
	{ "S-3", "S-3-ppp-wired",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "pmap_page_protect(NONE) skipping wired mappings: stale shared-amap mapping (with wire_uses_maxprot=current)",
	    K_PPP_NONE_REMOVES_WIRED, PPP_NONE_REMOVES_WIRED_SKIPS_WIRED,
	    "stale-shared-amap-mapping" },
	{ "S-3b", "S-3b-ppp-truncate",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "pmap_page_protect(NONE) skipping wired mappings: truncation frees a mapped page",
	    K_PPP_NONE_REMOVES_WIRED, PPP_NONE_REMOVES_WIRED_SKIPS_WIRED,
	    "freed-page-in-use" },
	{ "S-4", "S-4-vsunlock-mlock",
	    "commit log, June 1999 (committer not confirmed), after a tech-kern report of 1999-06-16: uvm_fault_unwire leaves an mlocked entry's pmap wiring alone",
	    "vsunlock unwires the pmap mapping of an mlocked page",
	    K_UNWIRE_CHECKS_ENTRY_WIRED, UNWIRE_CHECKS_ENTRY_WIRED_UNCONDITIONAL,
	    "wired-mapping-lost" },
	{ "S-5", "S-5-ptrace-wired",
	    "commit log, Chuck Silvers, late 2001: VM_FAULT_WIREMAX (fixes PRs 10363, 12554, 12604, 13041, 13487, 14580, 14853)",
	    "ptrace write promotes into a shared amap, kills a wired mapping",
	    K_WIRE_USES_MAXPROT, WIRE_USES_MAXPROT_CURRENT,
	    "wired-mapping-lost" },
	{ "S-6", "S-6-truncate-unwire",
	    "commit log, late 2001 (committer not confirmed): uvm_fault_unwire_locked skips a wired mapping that vanished",
	    "truncating a file under a wired mapping panics at unwire",
	    K_UNWIRE_MISSING, UNWIRE_MISSING_PANIC, "kernel-panic" },
	{ "S-7", "S-7-anfree-busy",
	    "commit log, Chuck Silvers, 2001-09-15, \"a whole bunch of changes to improve performance and robustness under load\"",
	    "busy swap-backed page released, its slot reused during the write",
	    K_ANFREE_BUSY, ANFREE_BUSY_RELEASE_AND_DROP_NOW,
	    "swap-slot-reused-in-flight" },
	{ "S-8", "S-8-clean-noswap",
	    "commit log, 1999 (committer not confirmed): clear PG_CLEAN before releasing swap (PR 7578, tracked down by Bill Sommerfeld)",
	    "clean swap-backed page without a swap slot (PR 7578)",
	    K_DROPSWAP_CLEARS_CLEAN, DROPSWAP_CLEARS_CLEAN_KEEPS_CLEAN,
	    "clean-anon-without-swap" },
	{ "S-9", "S-9-cownow-anon",
	    "commit log, 2001 (committer not confirmed): LOCK_ASSERT()s in the amap and anon code, amap_cow_now locks its new anon",
	    "new anon used unlocked, freed locked with refs (amap_cow_now)",
	    K_NEWANON_LOCKED, NEWANON_LOCKED_UNLOCKED, "anon-lock-discipline" },
	{ "S-9b", "S-9-cownow-anon",
	    "commit log, 2001 (committer not confirmed): LOCK_ASSERT()s in the amap and anon code, amap_cow_now locks its new anon",
	    "amap_cow_now's error path locks the new anon and frees it with a reference",
	    K_COWNOW_ERRPATH, COWNOW_ERRPATH_LOCK_AND_FREE,
	    "anon-lock-discipline" },
	{ "S-10", "S-10-vslock-truncate",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "truncate frees a vslocked page under DMA",
	    K_VSLOCK_PIN, VSLOCK_PIN_WIRE_ONLY, "freed-page-in-use" },
	{ "S-11", "S-11-vslock-lwp",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "another LWP unmaps a vslocked page during the I/O",
	    K_VSLOCK_PIN, VSLOCK_PIN_WIRE_ONLY, "freed-page-in-use" },
	{ "S-12", "S-12-vslock-busy",
	    "tech-kern, Stephan Uphoff, 2003-07-14, \"Re: uvm_vslock / uvm_vsunlock problems\"",
	    "PG_BUSY held across vslock deadlocks",
	    K_VSLOCK_PIN, VSLOCK_PIN_BUSY, "busy-deadlock" },
	{ "S-13", "S-13-loan-wire",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "wire without WRITE keeps a loan; loan break orphans a wired page",
	    K_WIRE_BREAKS_LOANS, WIRE_BREAKS_LOANS_REQUESTED_WRITE,
	    "loaned-page-wired" },
	{ "S-13b", "S-13b-loan-wired",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "a page wired by vslock is lent to the kernel",
	    K_LOAN_REFUSES_WIRED, LOAN_REFUSES_WIRED_LENDS,
	    "loaned-page-wired" },
	{ "S-14", "S-14-canfail",
	    "tech-kern, Chuck Cranor, 2001-01-03, \"Re: PT page stealing -- should we bother?\"",
	    "page-table page allocation fails without PMAP_CANFAIL",
	    K_CANFAIL_IN_FAULT, CANFAIL_IN_FAULT_MUST_SUCCEED,
	    "canfail-progress" },
	{ "S-14b", "S-14-canfail",
	    "tech-kern, Chuck Cranor, 2001-01-03, \"Re: PT page stealing -- should we bother?\"",
	    "PTP stealing that ignores wired PTEs (with canfail_in_fault=must-succeed)",
	    K_PTP_STEAL, PTP_STEAL_IGNORE_WIRED, "ptp-steal-wired" },
	{ "S-15", "S-15-intrsafe",
	    "commit log, 2000 (committer not confirmed): uvmfault_lookup refuses interrupt-safe maps",
	    "fault on an interrupt-safe map takes its lock",
	    K_FAULT_CHECKS_INTRSAFE, FAULT_CHECKS_INTRSAFE_LOCKS_MAP,
	    "busy-deadlock" },
	{ "L-1", "L-1-wired-refault",
	    "latent (uvmcheck generator, 2026): sys/uvm/uvm_fault.c 1.194, uvm_fault_internal wire_paging and uvm_fault_unwire_locked",
	    "a refault in an mlocked entry maps PMAP_WIRED without wiring the page; munlock unwires it below zero",
	    K_REFAULT_WIRES_PAGE, REFAULT_WIRES_PAGE_MAPS_ONLY,
	    "wire-count-mismatch" },
	{ "L-2", "L-2-vsunlock-promoted",
	    "latent (uvmcheck generator, 2026): sys/uvm/uvm_glue.c uvm_vsunlock -> uvm_fault_unwire_locked, x86 vmapbuf",
	    "uvm_vsunlock unwires the page mapped now, not the page uvm_vslock wired",
	    K_PHYSIO_PAGES, PHYSIO_PAGES_PMAP_LOOKUP, "unwire-wrong-page" },
	{ "L-3", "L-3-shared-promote-wired",
	    "latent (uvmcheck generator, 2026): sys/uvm/uvm_fault.c 1.194, uvm_fault_lower_promote \"XXX: PAGE MIGHT BE WIRED!\"",
	    "a promotion into a shared amap (ptrace write) removes an mlocked mapping of the object page elsewhere",
	    K_SHARED_PROMOTE_REVOKES, SHARED_PROMOTE_REVOKES_EVERY_MAPPING,
	    "wired-mapping-lost" },
	{ "L-4", "L-4-mlockall-unwind",
	    "latent (uvmcheck, reading the source, 2026): sys/uvm/uvm_map.c 1.335, uvm_map_pageable_all's failure path",
	    "a failed mlockall unwires the entries mlocked before it and leaves the ones it wired wired",
	    K_PAGEABLE_ALL_UNWIND, PAGEABLE_ALL_UNWIND_UNWIRES_STILL_WIRED,
	    "wiring-orphaned" },
	{ "L-5", "L-5-msync-invalidate-wired",
	    "latent (uvmcheck, modelling msync, 2026): sys/uvm/uvm_map.c 1.335, uvm_map_clean's first pass tests `entry`, not `current`",
	    "msync(MS_INVALIDATE) or madvise(MADV_FREE) over an unwired then an mlocked entry frees the mlocked pages",
	    K_MAP_CLEAN_WIRED_CHECK, MAP_CLEAN_WIRED_CHECK_FIRST_ENTRY,
	    "wired-mapping-lost" },
};
const int nbug_descs = sizeof(bug_descs) / sizeof(bug_descs[0]);

const struct profile_desc profile_descs[] = {
	{ "netbsd-1999", "early 1999 (Thorpe, tech-kern 1999-04-06)", ERA_1999 },
	{ "netbsd-2001", "early 2001 (Cranor, tech-kern 2001-01-03)", ERA_2001 },
	{ "netbsd-2003", "mid 2003 (Uphoff, tech-kern 2003-07-10)", ERA_2003 },
	{ "netbsd-2020", "the modern kernel", ERA_2020 },
	{ "fixed", "every fix applied, including the vslock hold count", 0 },
};
const int nprofile_descs = sizeof(profile_descs) / sizeof(profile_descs[0]);

const struct profile_desc *
profile_lookup(const char *name)
{
	for (int i = 0; i < nprofile_descs; i++)
		if (strcmp(profile_descs[i].name, name) == 0)
			return &profile_descs[i];
	return NULL;
}

void
profile_apply(const struct profile_desc *p, struct knobs *k)
{
	memset(k, 0, sizeof(*k));
	for (int i = 0; i < NKNOBS; i++)
		for (int v = 0; v < KNOB_MAX_VALUES; v++)
			if ((knob_value_eras[i][v] & p->era) != 0)
				k->v[i] = (uint8_t)v;
}

int
knob_lookup(const char *name)
{
	for (int i = 0; i < NKNOBS; i++)
		if (strcmp(knob_descs[i].name, name) == 0)
			return i;
	return -1;
}

int
knob_nvalues(int knob)
{
	int n = 0;

	while (n < KNOB_MAX_VALUES && knob_descs[knob].values[n] != NULL)
		n++;
	return n;
}

const char *
knob_value_name(int knob, int v)
{
	if (knob < 0 || knob >= NKNOBS || v < 0 || v >= knob_nvalues(knob))
		return "?";
	return knob_descs[knob].values[v];
}

int
knob_value_lookup(int knob, const char *value)
{
	for (int v = 0; v < knob_nvalues(knob); v++)
		if (strcmp(knob_descs[knob].values[v], value) == 0)
			return v;
	return -1;
}

int
knob_parse_assignment(const char *s, struct knobs *k, char *err, int errlen)
{
	char name[64];
	const char *eq = strchr(s, '=');
	size_t n = eq != NULL ? (size_t)(eq - s) : strlen(s);
	int knob, v;

	if (n == 0 || n >= sizeof(name)) {
		snprintf(err, (size_t)errlen, "expected NAME=VALUE, got '%s'", s);
		return -1;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	knob = knob_lookup(name);
	if (knob < 0) {
		snprintf(err, (size_t)errlen, "unknown knob '%s'", name);
		return -1;
	}
	if (eq == NULL) {
		k->v[knob] = 1;
		return 0;
	}
	v = knob_value_lookup(knob, eq + 1);
	if (v < 0) {
		int len = snprintf(err, (size_t)errlen,
		    "unknown value '%s' for knob %s (values:", eq + 1, name);
		for (int i = 0; i < knob_nvalues(knob) && len < errlen; i++)
			len += snprintf(err + len, (size_t)(errlen - len), " %s",
			    knob_descs[knob].values[i]);
		if (len < errlen)
			snprintf(err + len, (size_t)(errlen - len), ")");
		return -1;
	}
	k->v[knob] = (uint8_t)v;
	return 0;
}
