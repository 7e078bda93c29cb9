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
 * The latent bugs L-1, L-2, L-3 (docs/bugs/) are the kernel's behaviour in
 * every era, so every era sets their knobs.
 */
#include "core/knobs.h"

#include <stdio.h>
#include <string.h>

#include "core/inv_ids.h"

const struct knob_desc knob_descs[NKNOBS] = {
	[K_PD_DEACTIVATE_CHECKS_WIRE] = { "pd_deactivate_checks_wire",
	    { "checks", "no-check" },
	    "pagedaemon active scan skips wired pages before deactivating" },
	[K_KLOAN_MAPPING] = { "kloan_mapping", { "kenter", "managed" },
	    "kernel maps a loaned page with pmap_kenter_pa or a managed pmap_enter" },
	[K_KLOAN_WIRES_PAGE] = { "kloan_wires_page", { "no", "yes" },
	    "a loan to the kernel bumps wire_count (1999-2001 design)" },
	[K_PD_DEACTIVATE_REVOKES] = { "pd_deactivate_revokes",
	    { "clear-reference", "page-protect-none" },
	    "deactivation clears the reference bit or revokes every mapping (1999)" },
	[K_KLOAN_KMAP_PROT] = { "kloan_kmap_prot", { "read", "read-write" },
	    "protection of the kenter mapping of a loaned page" },
	[K_PPP_NONE_REMOVES_WIRED] = { "ppp_none_removes_wired",
	    { "removes", "skips-wired" },
	    "pmap_page_protect(NONE) removes wired mappings (x86) or skips them (hp300)" },
	[K_UNWIRE_CHECKS_ENTRY_WIRED] = { "unwire_checks_entry_wired",
	    { "checks", "unconditional" },
	    "uvm_fault_unwire leaves the pmap wiring of an mlocked entry alone" },
	[K_WIRE_USES_MAXPROT] = { "wire_uses_maxprot", { "maxprot", "current" },
	    "mlock wires MAP_PRIVATE entries at max protection (VM_FAULT_WIREMAX)" },
	[K_UNWIRE_MISSING] = { "unwire_missing", { "skip", "panic" },
	    "uvm_fault_unwire on a va whose mapping vanished" },
	[K_ANFREE_BUSY] = { "anfree_busy",
	    { "defer-to-iodone", "sleep", "release-and-drop-now" },
	    "uvm_anfree of an anon whose page is busy (paged out)" },
	[K_DROPSWAP_CLEARS_CLEAN] = { "dropswap_clears_clean",
	    { "clears", "keeps-clean" },
	    "releasing an anon's swap slot clears PG_CLEAN (PR 7578)" },
	[K_NEWANON_LOCKED] = { "newanon_locked", { "locked", "unlocked" },
	    "amap_cow_now locks its new anon before uvm_pagealloc on it" },
	[K_COWNOW_ERRPATH] = { "cownow_errpath",
	    { "unref-unlock-free", "lock-and-free" },
	    "amap_cow_now's page allocation failure path" },
	[K_VSLOCK_PIN] = { "vslock_pin", { "hold", "wire-only", "busy" },
	    "what keeps a vslocked page: a hold count, only the wiring, or PG_BUSY" },
	[K_WIRE_BREAKS_LOANS] = { "wire_breaks_loans",
	    { "always", "writable-entry", "requested-write" },
	    "when a wire fault breaks a loan (cow_now)" },
	[K_LOAN_REFUSES_WIRED] = { "loan_refuses_wired", { "refuses", "lends" },
	    "uvm_loan of a wired page" },
	[K_CANFAIL_IN_FAULT] = { "canfail_in_fault", { "canfail", "must-succeed" },
	    "uvm_fault's pmap_enter passes PMAP_CANFAIL and waits on failure" },
	[K_PTP_STEAL] = { "ptp_steal", { "off", "skip-wired", "ignore-wired" },
	    "pmap_enter steals a page-table page from another pmap" },
	[K_FAULT_CHECKS_RECLAIMABLE] = { "fault_checks_reclaimable",
	    { "enomem", "always-wait" },
	    "a failed fault returns ENOMEM when nothing is reclaimable" },
	[K_FAULT_CHECKS_INTRSAFE] = { "fault_checks_intrsafe",
	    { "refuses", "locks-map" },
	    "uvmfault_lookup refuses interrupt-safe maps" },
	[K_MUNLOCK_DECREMENTS] = { "munlock_decrements", { "undo-all", "decrement" },
	    "munlock undoes every mlock (POSIX) or one (1999)" },
	[K_COLLECT_SKIPS_WIRED] = { "collect_skips_wired",
	    { "skips-wired", "removes-all" },
	    "pmap_collect leaves wired mappings alone" },
	[K_MUNLOCK_UNLOCKED_ERRNO] = { "munlock_unlocked_errno",
	    { "enomem", "einval" },
	    "munlock of mapped memory that is not locked fails with ENOMEM "
	    "(POSIX) or passes uvm_map_pageable's EINVAL through" },
	[K_MMAP_FIXED_REPLACE] = { "mmap_fixed_replace",
	    { "atomic", "unmap-then-map" },
	    "mmap(MAP_FIXED) over a mapping replaces it under one map lock "
	    "(UVM_FLAG_UNMAP) or unmaps, drops the lock and maps (PR 52239)" },
	[K_MINHERIT_ZERO] = { "minherit_zero", { "forkzero", "einval" },
	    "minherit(MAP_INHERIT_ZERO) is known (uvm_mapent_forkzero) or "
	    "EINVAL, as uvm_map_inherit of uvm_map.c 1.34 (1999) knew only "
	    "none, copy and share" },
	[K_REFAULT_WIRES_PAGE] = { "refault_wires_page",
	    { "wires", "maps-only" },
	    "a fault that maps a new page in a wired entry wires the page too" },
	[K_PHYSIO_PAGES] = { "physio_pages", { "vslocked", "pmap-lookup" },
	    "vmapbuf and uvm_vsunlock use the pages uvm_vslock wired, or look "
	    "them up in the pmap again" },
	[K_SHARED_PROMOTE_REVOKES] = { "shared_promote_revokes",
	    { "amap-sharers", "every-mapping" },
	    "a promotion into a shared amap revokes the object page where the "
	    "amap maps it, or everywhere (wired mappings too)" },
};

const struct bug_desc bug_descs[] = {
	{ "S-1", "S-1-pd-kloan",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "pagedaemon revokes the mapping of a page lent to the kernel",
	    K_KLOAN_MAPPING, 1, "loan-mapping-lost" },
	{ "S-2", "S-2-kenter-cow",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "kenter mapping of a lent page stays writable across COW",
	    K_KLOAN_KMAP_PROT, 1, "loaned-page-writable" },
	{ "S-3", "S-3-ppp-wired",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "pmap_page_protect(NONE) skipping wired mappings: stale shared-amap mapping (with wire_uses_maxprot=current)",
	    K_PPP_NONE_REMOVES_WIRED, 1, "stale-shared-amap-mapping" },
	{ "S-3b", "S-3b-ppp-truncate",
	    "tech-kern, Jason R. Thorpe, 1999-04-06, \"uvm_loan(), page daemon, pmap_kenter\"",
	    "pmap_page_protect(NONE) skipping wired mappings: truncation frees a mapped page",
	    K_PPP_NONE_REMOVES_WIRED, 1, "freed-page-in-use" },
	{ "S-4", "S-4-vsunlock-mlock",
	    "commit log, June 1999 (committer not confirmed), after a tech-kern report of 1999-06-16: uvm_fault_unwire leaves an mlocked entry's pmap wiring alone",
	    "vsunlock unwires the pmap mapping of an mlocked page",
	    K_UNWIRE_CHECKS_ENTRY_WIRED, 1, "wired-mapping-lost" },
	{ "S-5", "S-5-ptrace-wired",
	    "commit log, Chuck Silvers, late 2001: VM_FAULT_WIREMAX (fixes PRs 10363, 12554, 12604, 13041, 13487, 14580, 14853)",
	    "ptrace write promotes into a shared amap, kills a wired mapping",
	    K_WIRE_USES_MAXPROT, 1, "wired-mapping-lost" },
	{ "S-6", "S-6-truncate-unwire",
	    "commit log, late 2001 (committer not confirmed): uvm_fault_unwire_locked skips a wired mapping that vanished",
	    "truncating a file under a wired mapping panics at unwire",
	    K_UNWIRE_MISSING, 1, "kernel-panic" },
	{ "S-7", "S-7-anfree-busy",
	    "commit log, Chuck Silvers, 2001-09-15, \"a whole bunch of changes to improve performance and robustness under load\"",
	    "busy swap-backed page released, its slot reused during the write",
	    K_ANFREE_BUSY, 2, "swap-slot-reused-in-flight" },
	{ "S-8", "S-8-clean-noswap",
	    "commit log, 1999 (committer not confirmed): clear PG_CLEAN before releasing swap (PR 7578, tracked down by Bill Sommerfeld)",
	    "clean swap-backed page without a swap slot (PR 7578)",
	    K_DROPSWAP_CLEARS_CLEAN, 1, "clean-anon-without-swap" },
	{ "S-9", "S-9-cownow-anon",
	    "commit log, 2001 (committer not confirmed): LOCK_ASSERT()s in the amap and anon code, amap_cow_now locks its new anon",
	    "new anon used unlocked, freed locked with refs (amap_cow_now)",
	    K_NEWANON_LOCKED, 1, "anon-lock-discipline" },
	{ "S-9b", "S-9-cownow-anon",
	    "commit log, 2001 (committer not confirmed): LOCK_ASSERT()s in the amap and anon code, amap_cow_now locks its new anon",
	    "amap_cow_now's error path locks the new anon and frees it with a reference",
	    K_COWNOW_ERRPATH, 1, "anon-lock-discipline" },
	{ "S-10", "S-10-vslock-truncate",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "truncate frees a vslocked page under DMA",
	    K_VSLOCK_PIN, 1, "freed-page-in-use" },
	{ "S-11", "S-11-vslock-lwp",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "another LWP unmaps a vslocked page during the I/O",
	    K_VSLOCK_PIN, 1, "freed-page-in-use" },
	{ "S-12", "S-12-vslock-busy",
	    "tech-kern, Stephan Uphoff, 2003-07-14, \"Re: uvm_vslock / uvm_vsunlock problems\"",
	    "PG_BUSY held across vslock deadlocks",
	    K_VSLOCK_PIN, 2, "busy-deadlock" },
	{ "S-13", "S-13-loan-wire",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "wire without WRITE keeps a loan; loan break orphans a wired page",
	    K_WIRE_BREAKS_LOANS, 2, "loaned-page-wired" },
	{ "S-13b", "S-13b-loan-wired",
	    "tech-kern, Stephan Uphoff, 2003-07-10, \"uvm_vslock / uvm_vsunlock problems\"",
	    "a page wired by vslock is lent to the kernel",
	    K_LOAN_REFUSES_WIRED, 1, "loaned-page-wired" },
	{ "S-14", "S-14-canfail",
	    "tech-kern, Chuck Cranor, 2001-01-03, \"Re: PT page stealing -- should we bother?\"",
	    "page-table page allocation fails without PMAP_CANFAIL",
	    K_CANFAIL_IN_FAULT, 1, "canfail-progress" },
	{ "S-14b", "S-14-canfail",
	    "tech-kern, Chuck Cranor, 2001-01-03, \"Re: PT page stealing -- should we bother?\"",
	    "PTP stealing that ignores wired PTEs (with canfail_in_fault=must-succeed)",
	    K_PTP_STEAL, 2, "ptp-steal-wired" },
	{ "S-15", "S-15-intrsafe",
	    "commit log, 2000 (committer not confirmed): uvmfault_lookup refuses interrupt-safe maps",
	    "fault on an interrupt-safe map takes its lock",
	    K_FAULT_CHECKS_INTRSAFE, 1, "busy-deadlock" },
	{ "L-1", "L-1-wired-refault",
	    "latent (uvmcheck generator, 2026): sys/uvm/uvm_fault.c 1.194, uvm_fault_internal wire_paging and uvm_fault_unwire_locked",
	    "a refault in an mlocked entry maps PMAP_WIRED without wiring the page; munlock unwires it below zero",
	    K_REFAULT_WIRES_PAGE, 1, "wire-count-mismatch" },
	{ "L-2", "L-2-vsunlock-promoted",
	    "latent (uvmcheck generator, 2026): sys/uvm/uvm_glue.c uvm_vsunlock -> uvm_fault_unwire_locked, x86 vmapbuf",
	    "uvm_vsunlock unwires the page mapped now, not the page uvm_vslock wired",
	    K_PHYSIO_PAGES, 1, "unwire-wrong-page" },
	{ "L-3", "L-3-shared-promote-wired",
	    "latent (uvmcheck generator, 2026): sys/uvm/uvm_fault.c 1.194, uvm_fault_lower_promote \"XXX: PAGE MIGHT BE WIRED!\"",
	    "a promotion into a shared amap (ptrace write) removes an mlocked mapping of the object page elsewhere",
	    K_SHARED_PROMOTE_REVOKES, 1, "wired-mapping-lost" },
};
const int nbug_descs = sizeof(bug_descs) / sizeof(bug_descs[0]);

const struct profile_desc profile_descs[] = {
	{ "netbsd-1999", "early 1999 (Thorpe, tech-kern 1999-04-06)", {
	    { K_PD_DEACTIVATE_CHECKS_WIRE, 1 }, { K_KLOAN_MAPPING, 1 },
	    { K_PD_DEACTIVATE_REVOKES, 1 }, { K_KLOAN_KMAP_PROT, 1 },
	    { K_UNWIRE_CHECKS_ENTRY_WIRED, 1 }, { K_WIRE_USES_MAXPROT, 1 },
	    { K_UNWIRE_MISSING, 1 }, { K_DROPSWAP_CLEARS_CLEAN, 1 },
	    { K_NEWANON_LOCKED, 1 }, { K_COWNOW_ERRPATH, 1 },
	    { K_VSLOCK_PIN, 1 }, { K_WIRE_BREAKS_LOANS, 2 },
	    { K_LOAN_REFUSES_WIRED, 1 }, { K_CANFAIL_IN_FAULT, 1 },
	    { K_PTP_STEAL, 1 }, { K_FAULT_CHECKS_INTRSAFE, 1 },
	    { K_MUNLOCK_DECREMENTS, 1 }, { K_COLLECT_SKIPS_WIRED, 1 },
	    { K_MUNLOCK_UNLOCKED_ERRNO, 1 }, { K_MMAP_FIXED_REPLACE, 1 },
	    { K_MINHERIT_ZERO, 1 },
	    { K_REFAULT_WIRES_PAGE, 1 }, { K_PHYSIO_PAGES, 1 },
	    { K_SHARED_PROMOTE_REVOKES, 1 } }, 24 },
	{ "netbsd-2001", "early 2001 (Cranor, tech-kern 2001-01-03)", {
	    { K_PD_DEACTIVATE_CHECKS_WIRE, 1 }, { K_KLOAN_WIRES_PAGE, 1 },
	    { K_WIRE_USES_MAXPROT, 1 }, { K_UNWIRE_MISSING, 1 },
	    { K_ANFREE_BUSY, 2 }, { K_NEWANON_LOCKED, 1 },
	    { K_COWNOW_ERRPATH, 1 }, { K_VSLOCK_PIN, 1 },
	    { K_WIRE_BREAKS_LOANS, 2 }, { K_LOAN_REFUSES_WIRED, 1 },
	    { K_PTP_STEAL, 1 }, { K_COLLECT_SKIPS_WIRED, 1 },
	    { K_MUNLOCK_UNLOCKED_ERRNO, 1 }, { K_MMAP_FIXED_REPLACE, 1 },
	    { K_MINHERIT_ZERO, 1 },
	    { K_REFAULT_WIRES_PAGE, 1 }, { K_PHYSIO_PAGES, 1 },
	    { K_SHARED_PROMOTE_REVOKES, 1 } }, 18 },
	{ "netbsd-2003", "mid 2003 (Uphoff, tech-kern 2003-07-10)", {
	    { K_PD_DEACTIVATE_CHECKS_WIRE, 1 }, { K_KLOAN_WIRES_PAGE, 1 },
	    { K_ANFREE_BUSY, 1 }, { K_VSLOCK_PIN, 1 },
	    { K_WIRE_BREAKS_LOANS, 2 }, { K_LOAN_REFUSES_WIRED, 1 },
	    { K_PTP_STEAL, 1 }, { K_COLLECT_SKIPS_WIRED, 1 },
	    { K_MUNLOCK_UNLOCKED_ERRNO, 1 }, { K_MMAP_FIXED_REPLACE, 1 },
	    { K_MINHERIT_ZERO, 1 },
	    { K_REFAULT_WIRES_PAGE, 1 }, { K_PHYSIO_PAGES, 1 },
	    { K_SHARED_PROMOTE_REVOKES, 1 } }, 14 },
	{ "netbsd-2020", "the modern kernel", {
	    { K_VSLOCK_PIN, 1 }, { K_WIRE_BREAKS_LOANS, 1 },
	    { K_REFAULT_WIRES_PAGE, 1 }, { K_PHYSIO_PAGES, 1 },
	    { K_SHARED_PROMOTE_REVOKES, 1 } }, 5 },
	{ "fixed", "every fix applied, including the vslock hold count", {
	    { K_VSLOCK_PIN, 0 } }, 0 },
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
	for (int i = 0; i < p->nset; i++)
		k->v[p->set[i].k] = p->set[i].v;
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
knob_value_lookup(int knob, const char *value)
{
	for (int v = 0; v < 4 && knob_descs[knob].values[v] != NULL; v++)
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
		for (int i = 0; i < 4 && knob_descs[knob].values[i] != NULL &&
		    len < errlen; i++)
			len += snprintf(err + len, (size_t)(errlen - len), " %s",
			    knob_descs[knob].values[i]);
		if (len < errlen)
			snprintf(err + len, (size_t)(errlen - len), ")");
		return -1;
	}
	k->v[knob] = (uint8_t)v;
	return 0;
}
