/*
 * knobs.h: bug knobs and era switches, and the profiles that group them.
 *
 * Each knob sits at the exact place in the model where the kernel changed
 * (docs/bugs/README.md).  Value 0 of every knob is the FIXED behaviour,
 * so a zeroed struct knobs is the `fixed` profile.  A knob's other values
 * are named after what the kernel did.  `uvmcheck list bugs` prints the
 * catalogue from the tables in knobs.c.
 */
#ifndef UVMCHECK_KNOBS_H
#define UVMCHECK_KNOBS_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The eras of the profiles (knobs.c): which kernel ran which value.  Each
 * era is a 4-bit field, so that summing the eras of a knob's values
 * counts how often each era occurs (knobs.c asserts: exactly once).
 */
#define ERA_1999	0x0001u		/* profile netbsd-1999 */
#define ERA_2001	0x0010u		/* profile netbsd-2001 */
#define ERA_2003	0x0100u		/* profile netbsd-2003 */
#define ERA_2020	0x1000u		/* profile netbsd-2020 */
#define ERAS_ALL	(ERA_1999 | ERA_2001 | ERA_2003 | ERA_2020)

/* the most values a knob may have (struct knobs holds them in a uint8_t) */
#define KNOB_MAX_VALUES	4

/*
 * KNOB_LIST(KNOB, V): every knob, in the order of enum knob_id, once.
 *
 *	KNOB(id, name, what, (V(...) V(...) ...))
 *	V(enumerator, "printed value", eras that ran it)
 *
 * `name` is the knob's --bug NAME and the tag of the enum of its values
 * (enum vslock_pin { VSLOCK_PIN_HOLD, ... }); `what` is one line for
 * `uvmcheck list knobs`.  The first V is value 0, the FIXED behaviour.
 * The eras of a V say which profiles run that value; every era names
 * exactly one value of every knob, and the `fixed` profile runs value 0
 * of every knob.  From this one list come enum knob_id, the value enums,
 * the name tables and the profiles (knobs.c), so they cannot drift.
 */
#define KNOB_LIST(KNOB, V)						\
	/* S-1: pagedaemon, pages lent to the kernel (Thorpe, 1999-04) */	\
	KNOB(K_KLOAN_MAPPING, kloan_mapping,				\
	    "kernel maps a loaned page with pmap_kenter_pa or a managed pmap_enter", \
	    (V(KLOAN_MAPPING_KENTER, "kenter", ERA_2001 | ERA_2003 | ERA_2020) \
	     V(KLOAN_MAPPING_MANAGED, "managed", ERA_1999)))		\
	KNOB(K_KLOAN_WIRES_PAGE, kloan_wires_page,			\
	    "a loan to the kernel bumps wire_count (1999-2001 design)",	\
	    (V(KLOAN_WIRES_PAGE_NO, "no", ERA_1999 | ERA_2020)		\
	     V(KLOAN_WIRES_PAGE_YES, "yes", ERA_2001 | ERA_2003)))	\
	KNOB(K_PD_DEACTIVATE_REVOKES, pd_deactivate_revokes,		\
	    "deactivation clears the reference bit or revokes every mapping (1999)", \
	    (V(PD_DEACTIVATE_REVOKES_CLEAR_REFERENCE, "clear-reference", \
		ERA_2001 | ERA_2003 | ERA_2020)				\
	     V(PD_DEACTIVATE_REVOKES_PAGE_PROTECT_NONE, "page-protect-none", \
		ERA_1999)))						\
	/* S-2 */							\
	KNOB(K_KLOAN_KMAP_PROT, kloan_kmap_prot,			\
	    "protection of the kenter mapping of a loaned page",	\
	    (V(KLOAN_KMAP_PROT_READ, "read", ERA_2001 | ERA_2003 | ERA_2020) \
	     V(KLOAN_KMAP_PROT_READ_WRITE, "read-write", ERA_1999)))	\
	/* S-3 */							\
	KNOB(K_PPP_NONE_REMOVES_WIRED, ppp_none_removes_wired,		\
	    "pmap_page_protect(NONE) removes wired mappings (x86) or skips them (hp300)", \
	    (V(PPP_NONE_REMOVES_WIRED_REMOVES, "removes", ERAS_ALL)	\
	     V(PPP_NONE_REMOVES_WIRED_SKIPS_WIRED, "skips-wired", 0)))	\
	/* S-4 */							\
	KNOB(K_UNWIRE_CHECKS_ENTRY_WIRED, unwire_checks_entry_wired,	\
	    "uvm_fault_unwire leaves the pmap wiring of an mlocked entry alone", \
	    (V(UNWIRE_CHECKS_ENTRY_WIRED_CHECKS, "checks",		\
		ERA_2001 | ERA_2003 | ERA_2020)				\
	     V(UNWIRE_CHECKS_ENTRY_WIRED_UNCONDITIONAL, "unconditional", \
		ERA_1999)))						\
	/* S-5 */							\
	KNOB(K_WIRE_USES_MAXPROT, wire_uses_maxprot,			\
	    "mlock wires MAP_PRIVATE entries at max protection (VM_FAULT_WIREMAX)", \
	    (V(WIRE_USES_MAXPROT_MAXPROT, "maxprot", ERA_2003 | ERA_2020) \
	     V(WIRE_USES_MAXPROT_CURRENT, "current", ERA_1999 | ERA_2001))) \
	/* S-6 */							\
	KNOB(K_UNWIRE_MISSING, unwire_missing,				\
	    "uvm_fault_unwire on a va whose mapping vanished",		\
	    (V(UNWIRE_MISSING_SKIP, "skip", ERA_2003 | ERA_2020)	\
	     V(UNWIRE_MISSING_PANIC, "panic", ERA_1999 | ERA_2001)))	\
	/* S-7 */							\
	KNOB(K_ANFREE_BUSY, anfree_busy,				\
	    "uvm_anfree of an anon whose page is busy (paged out)",	\
	    (V(ANFREE_BUSY_DEFER_TO_IODONE, "defer-to-iodone",		\
		ERA_1999 | ERA_2020)					\
	     V(ANFREE_BUSY_SLEEP, "sleep", ERA_2003)			\
	     V(ANFREE_BUSY_RELEASE_AND_DROP_NOW, "release-and-drop-now", \
		ERA_2001)))						\
	/* S-8 */							\
	KNOB(K_DROPSWAP_CLEARS_CLEAN, dropswap_clears_clean,		\
	    "releasing an anon's swap slot clears PG_CLEAN (PR 7578)",	\
	    (V(DROPSWAP_CLEARS_CLEAN_CLEARS, "clears",			\
		ERA_2001 | ERA_2003 | ERA_2020)				\
	     V(DROPSWAP_CLEARS_CLEAN_KEEPS_CLEAN, "keeps-clean", ERA_1999))) \
	/* S-9 */							\
	KNOB(K_NEWANON_LOCKED, newanon_locked,				\
	    "amap_cow_now locks its new anon before uvm_pagealloc on it", \
	    (V(NEWANON_LOCKED_LOCKED, "locked", ERA_2003 | ERA_2020)	\
	     V(NEWANON_LOCKED_UNLOCKED, "unlocked", ERA_1999 | ERA_2001))) \
	KNOB(K_COWNOW_ERRPATH, cownow_errpath,				\
	    "amap_cow_now's page allocation failure path",		\
	    (V(COWNOW_ERRPATH_UNREF_UNLOCK_FREE, "unref-unlock-free",	\
		ERA_2003 | ERA_2020)					\
	     V(COWNOW_ERRPATH_LOCK_AND_FREE, "lock-and-free",		\
		ERA_1999 | ERA_2001)))					\
	/* S-10, S-11, S-12 */						\
	KNOB(K_VSLOCK_PIN, vslock_pin,					\
	    "what keeps a vslocked page: a hold count, only the wiring, or PG_BUSY", \
	    (V(VSLOCK_PIN_HOLD, "hold", 0)				\
	     V(VSLOCK_PIN_WIRE_ONLY, "wire-only", ERAS_ALL)		\
	     V(VSLOCK_PIN_BUSY, "busy", 0)))				\
	/* S-13 */							\
	KNOB(K_WIRE_BREAKS_LOANS, wire_breaks_loans,			\
	    "when a wire fault breaks a loan (cow_now)",		\
	    (V(WIRE_BREAKS_LOANS_ALWAYS, "always", 0)			\
	     V(WIRE_BREAKS_LOANS_WRITABLE_ENTRY, "writable-entry", ERA_2020) \
	     V(WIRE_BREAKS_LOANS_REQUESTED_WRITE, "requested-write",	\
		ERA_1999 | ERA_2001 | ERA_2003)))			\
	KNOB(K_LOAN_REFUSES_WIRED, loan_refuses_wired,			\
	    "uvm_loan of a wired page",					\
	    (V(LOAN_REFUSES_WIRED_REFUSES, "refuses", ERA_2020)		\
	     V(LOAN_REFUSES_WIRED_LENDS, "lends",			\
		ERA_1999 | ERA_2001 | ERA_2003)))			\
	/* S-14 */							\
	KNOB(K_CANFAIL_IN_FAULT, canfail_in_fault,			\
	    "uvm_fault's pmap_enter passes PMAP_CANFAIL and waits on failure", \
	    (V(CANFAIL_IN_FAULT_CANFAIL, "canfail",			\
		ERA_2001 | ERA_2003 | ERA_2020)				\
	     V(CANFAIL_IN_FAULT_MUST_SUCCEED, "must-succeed", ERA_1999))) \
	KNOB(K_PTP_STEAL, ptp_steal,					\
	    "pmap_enter steals a page-table page from another pmap",	\
	    (V(PTP_STEAL_OFF, "off", ERA_2020)				\
	     V(PTP_STEAL_SKIP_WIRED, "skip-wired",			\
		ERA_1999 | ERA_2001 | ERA_2003)				\
	     V(PTP_STEAL_IGNORE_WIRED, "ignore-wired", 0)))		\
	KNOB(K_FAULT_CHECKS_RECLAIMABLE, fault_checks_reclaimable,	\
	    "a failed fault returns ENOMEM when nothing is reclaimable", \
	    (V(FAULT_CHECKS_RECLAIMABLE_ENOMEM, "enomem", ERAS_ALL)	\
	     V(FAULT_CHECKS_RECLAIMABLE_ALWAYS_WAIT, "always-wait", 0))) \
	/* S-15 */							\
	KNOB(K_FAULT_CHECKS_INTRSAFE, fault_checks_intrsafe,		\
	    "uvmfault_lookup refuses interrupt-safe maps",		\
	    (V(FAULT_CHECKS_INTRSAFE_REFUSES, "refuses",		\
		ERA_2001 | ERA_2003 | ERA_2020)				\
	     V(FAULT_CHECKS_INTRSAFE_LOCKS_MAP, "locks-map", ERA_1999))) \
	/* era switches */						\
	KNOB(K_MUNLOCK_DECREMENTS, munlock_decrements,			\
	    "munlock undoes every mlock (POSIX) or one (1999)",		\
	    (V(MUNLOCK_DECREMENTS_UNDO_ALL, "undo-all",			\
		ERA_2001 | ERA_2003 | ERA_2020)				\
	     V(MUNLOCK_DECREMENTS_DECREMENT, "decrement", ERA_1999)))	\
	KNOB(K_COLLECT_SKIPS_WIRED, collect_skips_wired,		\
	    "pmap_collect leaves wired mappings alone",			\
	    (V(COLLECT_SKIPS_WIRED_SKIPS_WIRED, "skips-wired", ERA_2020) \
	     V(COLLECT_SKIPS_WIRED_REMOVES_ALL, "removes-all",		\
		ERA_1999 | ERA_2001 | ERA_2003)))			\
	/* era switches seen by the conformance suite (docs/conformance.md) */ \
	KNOB(K_MUNLOCK_UNLOCKED_ERRNO, munlock_unlocked_errno,		\
	    "munlock of mapped memory that is not locked fails with ENOMEM " \
	    "(POSIX) or passes uvm_map_pageable's EINVAL through",	\
	    (V(MUNLOCK_UNLOCKED_ERRNO_ENOMEM, "enomem", ERA_2020)	\
	     V(MUNLOCK_UNLOCKED_ERRNO_EINVAL, "einval",			\
		ERA_1999 | ERA_2001 | ERA_2003)))			\
	KNOB(K_MMAP_FIXED_REPLACE, mmap_fixed_replace,			\
	    "mmap(MAP_FIXED) over a mapping replaces it under one map lock " \
	    "(UVM_FLAG_UNMAP) or unmaps, drops the lock and maps (PR 52239)", \
	    (V(MMAP_FIXED_REPLACE_ATOMIC, "atomic", ERA_2020)		\
	     V(MMAP_FIXED_REPLACE_UNMAP_THEN_MAP, "unmap-then-map",	\
		ERA_1999 | ERA_2001 | ERA_2003)))			\
	KNOB(K_MINHERIT_ZERO, minherit_zero,				\
	    "minherit(MAP_INHERIT_ZERO) is known (uvm_mapent_forkzero) or " \
	    "EINVAL, as uvm_map_inherit of uvm_map.c 1.34 (1999) knew only " \
	    "none, copy and share",					\
	    (V(MINHERIT_ZERO_FORKZERO, "forkzero", ERA_2020)		\
	     V(MINHERIT_ZERO_EINVAL, "einval",				\
		ERA_1999 | ERA_2001 | ERA_2003)))			\
	/* latent bugs of the modern kernel (L-n, docs/bugs/L-n.md) */	\
	KNOB(K_REFAULT_WIRES_PAGE, refault_wires_page,			\
	    "a fault that maps a new page in a wired entry wires the page too", \
	    (V(REFAULT_WIRES_PAGE_WIRES, "wires", 0)			\
	     V(REFAULT_WIRES_PAGE_MAPS_ONLY, "maps-only", ERAS_ALL)))	\
	KNOB(K_PHYSIO_PAGES, physio_pages,				\
	    "vmapbuf and uvm_vsunlock use the pages uvm_vslock wired, or look " \
	    "them up in the pmap again",				\
	    (V(PHYSIO_PAGES_VSLOCKED, "vslocked", 0)			\
	     V(PHYSIO_PAGES_PMAP_LOOKUP, "pmap-lookup", ERAS_ALL)))	\
	KNOB(K_SHARED_PROMOTE_REVOKES, shared_promote_revokes,		\
	    "a promotion into a shared amap revokes the object page where the " \
	    "amap maps it, or everywhere (wired mappings too)",		\
	    (V(SHARED_PROMOTE_REVOKES_AMAP_SHARERS, "amap-sharers", 0)	\
	     V(SHARED_PROMOTE_REVOKES_EVERY_MAPPING, "every-mapping",	\
		ERAS_ALL)))						\
	KNOB(K_PAGEABLE_ALL_UNWIND, pageable_all_unwind,		\
	    "a failed mlockall unwires the entries it wired, or (the " \
	    "kernel's test the wrong way round) the entries still wired", \
	    (V(PAGEABLE_ALL_UNWIND_UNWIRES_UNWIRED, "unwires-unwired", 0) \
	     V(PAGEABLE_ALL_UNWIND_UNWIRES_STILL_WIRED,		\
		"unwires-still-wired", ERAS_ALL)))				\
	KNOB(K_MAP_CLEAN_WIRED_CHECK, map_clean_wired_check,		\
	    "msync(MS_INVALIDATE) and madvise(MADV_FREE) refuse (EBUSY) " \
	    "every wired entry of the range, or only its first",	\
	    (V(MAP_CLEAN_WIRED_CHECK_EACH_ENTRY, "each-entry", 0)	\
	     V(MAP_CLEAN_WIRED_CHECK_FIRST_ENTRY, "first-entry",	\
		ERAS_ALL)))

#define KNOB_UNPAREN(...)	__VA_ARGS__

#define KNOB_ID_ENUMERATOR(id, name, what, values)	id,
#define KNOB_NO_VALUE(e, s, eras)
enum knob_id {
	KNOB_LIST(KNOB_ID_ENUMERATOR, KNOB_NO_VALUE)
	NKNOBS
};

/* enum NAME { the knob's values } for every knob: value 0 is the fix */
#define KNOB_VALUE_ENUM(id, name, what, values)			\
	enum name { KNOB_UNPAREN values };
#define KNOB_VALUE_ENUMERATOR(e, s, eras)	e,
KNOB_LIST(KNOB_VALUE_ENUM, KNOB_VALUE_ENUMERATOR)

struct knobs {
	uint8_t v[NKNOBS];
};

struct knob_desc {
	const char *name;		/* --bug NAME=VALUE */
	const char *values[KNOB_MAX_VALUES];	/* value names, NULL after the
					 * last; [0] is the fixed one */
	const char *what;		/* one line: what the knob changes */
};

/* one historical bug of docs/bugs/README.md */
struct bug_desc {
	const char *id;			/* "S-10" */
	const char *slug;		/* scenario file stem: "S-10-vslock-truncate" */
	const char *seed;		/* its source: list, author, date, subject */
	const char *title;
	enum knob_id knob;		/* the knob whose bug value shows it */
	uint8_t bug_value;
	const char *invariant;		/* invariant id the bug breaks */
};

struct profile_desc {
	const char *name;
	const char *what;
	unsigned era;			/* ERA_*; 0: the fixed profile */
};

extern const struct knob_desc knob_descs[NKNOBS];
extern const struct bug_desc bug_descs[];
extern const int nbug_descs;
extern const struct profile_desc profile_descs[];
extern const int nprofile_descs;

const struct profile_desc *profile_lookup(const char *name);
void profile_apply(const struct profile_desc *p, struct knobs *k);
int knob_lookup(const char *name);		/* -1 if unknown */
int knob_value_lookup(int knob, const char *value);	/* -1 if unknown */
int knob_nvalues(int knob);
/* the printed name of value v of knob, "?" if it has none */
const char *knob_value_name(int knob, int v);
/* parse "NAME=VALUE" (or "NAME" = first non-fixed value); 0 ok, -1 error */
int knob_parse_assignment(const char *s, struct knobs *k, char *err, int errlen);

#endif
