/*
 * inv_ids.h: invariant numbers, shared by core (which raises the at-op
 * invariants and kernel assertions) and invariants/ (which holds the
 * catalogue: names, statements, seeds and the state predicates).
 * Numbering follows docs/uvm-semantics.md §11 (I1..I20).
 */
#ifndef UVMCHECK_INV_IDS_H
#define UVMCHECK_INV_IDS_H

enum inv_id {
	INV_NONE = 0,
	INV_WIRED_PAGE_QUEUED = 1,	/* I1  wired-page-queued */
	INV_WIRED_PAGE_DEACTIVATED,	/* I2  wired-page-deactivated (at op) */
	INV_WIRED_MAPPING_LOST,		/* I3  wired-mapping-lost */
	INV_WIRE_COUNT_MISMATCH,	/* I4  wire-count-mismatch */
	INV_UNWIRE_WRONG_PAGE,		/* I5  unwire-wrong-page (at op) */
	INV_FREED_PAGE_IN_USE,		/* I6  freed-page-in-use */
	INV_LOANED_PAGE_WRITABLE,	/* I7  loaned-page-writable */
	INV_LOANED_PAGE_WIRED,		/* I8  loaned-page-wired */
	INV_LOAN_MAPPING_LOST,		/* I9  loan-mapping-lost */
	INV_CLEAN_ANON_WITHOUT_SWAP,	/* I10 clean-anon-without-swap */
	INV_SWAP_SLOT_REUSED,		/* I11 swap-slot-reused-in-flight */
	INV_ANON_LOCK_DISCIPLINE,	/* I12 anon-lock-discipline (at op) */
	INV_COW_PAGE_WRITABLE,		/* I13 cow-page-writable */
	INV_STALE_SHARED_AMAP_MAPPING,	/* I14 stale-shared-amap-mapping */
	INV_CANFAIL_PROGRESS,		/* I15 canfail-progress (at op + liveness) */
	INV_PTP_STEAL_WIRED,		/* I16 ptp-steal-wired */
	INV_BUSY_DEADLOCK,		/* I17 busy-deadlock */
	INV_BUSY_WAIT_UNDER_MAP_LOCK,	/* I18 busy-wait-under-map-lock (at op) */
	INV_PROTECTION_EXCEEDED,	/* I19 protection-exceeded */
	INV_OWNERLESS_PAGE_UNLENT,	/* I20 ownerless-page-unlent */
	INV_KERNEL_PANIC,		/* a panic/KASSERT of the modelled kernel */
	INV_DEADLOCK,			/* unfinished threads, none enabled (explorers) */
	INV_NONPROGRESS_CYCLE,		/* canfail retry cycle (explorers) */
	INV_CALL_RESULT,		/* an op's result differs from `-> R` (at op) */
	/* leaks (invariants/check_leaks.c), after the rest so that older
	 * ids, which worlds record in their event, keep their numbers */
	INV_SWAP_SLOT_LEAKED,		/* I21 swap-slot-leaked */
	INV_ANON_REF_LEAKED,		/* I22 anon-ref-leaked */
	INV_LOAN_COUNT_LEAKED,		/* I23 loan-count-leaked */
	INV_PAGE_LOST,			/* I24 page-lost */
	INV_PTP_FREED_IN_USE,		/* I25 ptp-freed-in-use */
	INV_WIRING_ORPHANED,		/* I26 wiring-orphaned */
	NINVS
};

/*
 * Not an invariant: the step needed more of a fixed-size table than the
 * model has (map entries, frames; ghost wiring records).  The kernel
 * would have gone on (its tables grow); the model cannot, so the path is
 * cut there like a depth bound (no thread is enabled any more) and the
 * explorers report the bound "capacity" rather than a finding.
 */
#define EV_MODEL_CAPACITY	0xff

#endif
