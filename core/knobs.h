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

enum knob_id {
	/* S-1: pagedaemon and pages lent to the kernel (Thorpe, tech-kern 1999-04) */
	K_PD_DEACTIVATE_CHECKS_WIRE,	/* 0 checks (fixed), 1 no-check (1999) */
	K_KLOAN_MAPPING,		/* 0 kenter (PMAP_NEW), 1 managed pmap_enter */
	K_KLOAN_WIRES_PAGE,		/* 0 no (2020), 1 yes (1999-2001 design) */
	K_PD_DEACTIVATE_REVOKES,	/* 0 clear reference only (2000+), 1 page_protect NONE (1999) */
	/* S-2 */
	K_KLOAN_KMAP_PROT,		/* 0 read, 1 read-write */
	/* S-3 */
	K_PPP_NONE_REMOVES_WIRED,	/* 0 removes (x86), 1 skips wired (hp300 1999) */
	/* S-4 */
	K_UNWIRE_CHECKS_ENTRY_WIRED,	/* 0 checks (June 1999 fix), 1 unconditional */
	/* S-5 */
	K_WIRE_USES_MAXPROT,		/* 0 WIREMAX (2001 fix), 1 current prot */
	/* S-6 */
	K_UNWIRE_MISSING,		/* 0 skip (2001), 1 panic */
	/* S-7 */
	K_ANFREE_BUSY,			/* 0 defer to iodone (~2006+), 1 sleep (2001), 2 release and drop now */
	/* S-8 */
	K_DROPSWAP_CLEARS_CLEAN,	/* 0 clears (fix), 1 leaves PG_CLEAN */
	/* S-9 */
	K_NEWANON_LOCKED,		/* 0 locked (2001 fix), 1 unlocked */
	K_COWNOW_ERRPATH,		/* 0 unref+unlock+free, 1 lock and free */
	/* S-10, S-11, S-12 */
	K_VSLOCK_PIN,			/* 0 hold count (fixed), 1 wire only (NetBSD), 2 PG_BUSY (Chuck 2003) */
	/* S-13 */
	K_WIRE_BREAKS_LOANS,		/* 0 always (fix), 1 only on requested WRITE */
	K_LOAN_REFUSES_WIRED,		/* 0 refuses (2020), 1 lends wired pages */
	/* S-14 */
	K_CANFAIL_IN_FAULT,		/* 0 PMAP_CANFAIL (2000+), 1 must succeed */
	K_PTP_STEAL,			/* 0 off, 1 skip wired (i386 2000), 2 ignore wired */
	K_FAULT_CHECKS_RECLAIMABLE,	/* 0 ENOMEM when nothing reclaimable, 1 always uvm_wait */
	/* S-15 */
	K_FAULT_CHECKS_INTRSAFE,	/* 0 refuse (2000 fix), 1 lock the map */
	/* era switches */
	K_MUNLOCK_DECREMENTS,		/* 0 munlock undoes all (POSIX), 1 wired_count-- (1999) */
	K_COLLECT_SKIPS_WIRED,		/* 0 skip wired (2008+), 1 remove all (2000 i386) */
	/* era switches seen by the conformance suite (docs/conformance.md) */
	K_MUNLOCK_UNLOCKED_ERRNO,	/* 0 ENOMEM (POSIX, t_mlock.c 1.6), 1 EINVAL */
	K_MMAP_FIXED_REPLACE,		/* 0 atomic (UVM_FLAG_UNMAP), 1 unmap then map */
	K_MINHERIT_ZERO,		/* 0 MAP_INHERIT_ZERO known, 1 EINVAL (1999-2003) */
	/* latent bugs of the modern kernel (L-n, docs/bugs/L-n.md) */
	K_REFAULT_WIRES_PAGE,		/* L-1: 0 wires (fix), 1 maps PMAP_WIRED only (2020) */
	K_PHYSIO_PAGES,			/* L-2: 0 vslock's own pages (fix), 1 pmap lookup (2020) */
	K_SHARED_PROMOTE_REVOKES,	/* L-3: 0 the amap's sharers (fix), 1 every mapping (2020) */
	NKNOBS
};

struct knobs {
	uint8_t v[NKNOBS];
};

struct knob_desc {
	const char *name;		/* --bug NAME=VALUE */
	const char *values[4];		/* value names; [0] is the fixed one */
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
	struct { enum knob_id k; uint8_t v; } set[NKNOBS];
	int nset;
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
/* parse "NAME=VALUE" (or "NAME" = first non-fixed value); 0 ok, -1 error */
int knob_parse_assignment(const char *s, struct knobs *k, char *err, int errlen);

#endif
