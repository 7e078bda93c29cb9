/*
 * invariants.h: the invariant catalogue, each a named predicate over the
 * world (docs/design.md §4, docs/uvm-semantics.md §11).
 *
 * Every invariant has a stable kebab-case name, its number in
 * docs/uvm-semantics.md §11 (I1..I20), a one-line statement, the source
 * it comes from and how it is checked:
 *
 *   state     a pure function of the world, evaluated after every step by
 *             inv_check_all() (check != NULL, liveness false);
 *   at op     raised by core at the operation itself with model_event(),
 *             which leaves it in w->event; inv_check_all() reports it
 *             first (at_op true; check may also be set when the same
 *             rule has a state form, as I18 does);
 *   liveness  a property of runs, not states: deadlock and the
 *             PMAP_CANFAIL non-progress cycle, found by the explorers
 *             (liveness true; inv_check_all() never evaluates them).
 *
 * A predicate returns true when the invariant is VIOLATED and then fills
 * *v: the objects involved (their kinds are fixed per invariant, in
 * inv_desc.obj_kind) and a detail string in UVM's words.  Predicates only
 * read the world and the model; they depend on core for the layout of
 * struct world alone and on pmap_model for its read-only helpers.
 *
 * Objects of at-op invariants: core passes them to model_event(w, c, inv,
 * o0, o1, o2, what) in the order given by obj_kind (docs/invariants.md):
 *   I2  (page)            I5  (page unwired, page wired, va)
 *   I12 (anon or amap: a number; the step's note says which)
 *   I15 (va)              I16 (stolen PTP page, victim vmspace, va)
 *   I18 (page, vmspace)   kernel-panic: three numbers, meaning per site.
 * State invariants core also raises at the operation use the same order
 * as their predicates (I4 page; I8 page; I9 page, kernel loan, kva).
 */
#ifndef UVMCHECK_INVARIANTS_H
#define UVMCHECK_INVARIANTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/inv_ids.h"
#include "core/model.h"
#include "core/world.h"

/* what a violation's obj[i] names (for inv_describe) */
enum inv_obj_kind {
	OK_NONE = 0,
	OK_PAGE,	/* struct vm_page index */
	OK_ENTRY,	/* struct vm_map_entry index */
	OK_ANON,	/* struct vm_anon index */
	OK_AMAP,	/* struct vm_amap index */
	OK_SLOT,	/* swap slot */
	OK_BUF,		/* struct buf index */
	OK_KLOAN,	/* struct kloan index */
	OK_VM,		/* vmspace (= pmap) index */
	OK_VA,		/* virtual page number */
	OK_THREAD,	/* thread id */
	OK_NUM,		/* a plain number */
};

struct inv_violation {
	int inv;		/* enum inv_id */
	int tid;		/* thread that raised it (at op) or that the
				 * predicate names (I17, I18, deadlock); 0 =
				 * the thread whose step broke it, which only
				 * the explorer knows */
	int obj[3];		/* objects, kinds in inv_descs[inv].obj_kind */
	char detail[160];	/* what is wrong, in UVM's words */
};

/* a predicate: true if the invariant is violated (and *v filled) */
typedef bool (*inv_check_fn)(const struct world *w, const struct model *m,
    struct inv_violation *v);

struct inv_desc {
	enum inv_id id;
	const char *name;	/* kebab-case, stable: wired-page-queued */
	const char *ref;	/* "I6"; "-" for kernel-panic and liveness */
	const char *statement;	/* one sentence */
	const char *seed;	/* source of its bug (docs/bugs/), or "-" */
	bool at_op;		/* raised by core at the operation (w->event) */
	bool liveness;		/* checked by the explorers over runs */
	inv_check_fn check;	/* state predicate, or NULL */
	unsigned char obj_kind[3];	/* enum inv_obj_kind of obj[0..2] */
};

/*
 * The catalogue, indexed by enum inv_id.  inv_descs[INV_NONE] is a
 * placeholder named "none"; real invariants run from 1 to NINVS-1, in
 * catalogue order.
 */
extern const struct inv_desc inv_descs[NINVS];

/* by name (wired-page-queued) or reference (I1); NULL if unknown */
const struct inv_desc *inv_lookup(const char *name);
/* name of an id; "none" for INV_NONE, "unknown" out of range */
const char *inv_name(int id);

/*
 * inv_check_all: check after a step.  First the step's model event
 * (w->event: at-op invariants and kernel panics), then every state
 * predicate in catalogue order (liveness ones excluded).  Returns true and
 * fills *v on the first violation found, false if the state is clean.
 */
bool inv_check_all(const struct world *w, const struct model *m,
    struct inv_violation *v);

/*
 * inv_describe: one line of UVM vocabulary naming the invariant, the
 * thread and the objects as they are in w, and the detail, e.g.
 *   freed-page-in-use (I6): thread t1: page 3 (free) wire_count 0
 *   loan_count 0: free page still on buf 1's DMA list (physio read)
 */
void inv_describe(const struct world *w, const struct model *m,
    const struct inv_violation *v, char *buf, size_t len);

/* ------------------------------------------------------------------
 * The predicates, by file.  Exposed for tests and for explorers that
 * want one invariant alone.
 */

/* check_pages.c */
bool inv_check_wired_page_queued(const struct world *, const struct model *,
    struct inv_violation *);				/* I1 */
bool inv_check_wire_count_mismatch(const struct world *,
    const struct model *, struct inv_violation *);	/* I4 */
bool inv_check_freed_page_in_use(const struct world *, const struct model *,
    struct inv_violation *);				/* I6 */
bool inv_check_ownerless_page_unlent(const struct world *,
    const struct model *, struct inv_violation *);	/* I20 */

/* check_maps.c */
bool inv_check_wired_mapping_lost(const struct world *, const struct model *,
    struct inv_violation *);				/* I3 */
bool inv_check_cow_page_writable(const struct world *, const struct model *,
    struct inv_violation *);				/* I13 */
bool inv_check_stale_shared_amap_mapping(const struct world *,
    const struct model *, struct inv_violation *);	/* I14 */
bool inv_check_protection_exceeded(const struct world *,
    const struct model *, struct inv_violation *);	/* I19 */

/* check_loans.c */
bool inv_check_loaned_page_writable(const struct world *,
    const struct model *, struct inv_violation *);	/* I7 */
bool inv_check_loaned_page_wired(const struct world *, const struct model *,
    struct inv_violation *);				/* I8 */
bool inv_check_loan_mapping_lost(const struct world *, const struct model *,
    struct inv_violation *);				/* I9 */

/* check_swap.c */
bool inv_check_clean_anon_without_swap(const struct world *,
    const struct model *, struct inv_violation *);	/* I10 */
bool inv_check_swap_slot_reused(const struct world *, const struct model *,
    struct inv_violation *);				/* I11 */

/* check_locks.c */
bool inv_check_busy_deadlock(const struct world *, const struct model *,
    struct inv_violation *);				/* I17 */
bool inv_check_busy_wait_under_map_lock(const struct world *,
    const struct model *, struct inv_violation *);	/* I18 */
bool inv_check_deadlock(const struct world *, const struct model *,
    struct inv_violation *);				/* deadlock */

/* check_leaks.c */
bool inv_check_swap_slot_leaked(const struct world *, const struct model *,
    struct inv_violation *);				/* I21 */
bool inv_check_anon_ref_leaked(const struct world *, const struct model *,
    struct inv_violation *);				/* I22 */
bool inv_check_loan_count_leaked(const struct world *, const struct model *,
    struct inv_violation *);				/* I23 */
bool inv_check_page_lost(const struct world *, const struct model *,
    struct inv_violation *);				/* I24 */
bool inv_check_ptp_freed_in_use(const struct world *, const struct model *,
    struct inv_violation *);				/* I25 */
bool inv_check_wiring_orphaned(const struct world *, const struct model *,
    struct inv_violation *);				/* I26 */

/* ------------------------------------------------------------------
 * Shared by the check_*.c files (catalogue.c): small readers of the world.
 */

/* fill *v; the detail is printf-formatted */
void inv_fail(struct inv_violation *v, int inv, int tid, int o0, int o1,
    int o2, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* pages the scenario uses: 1..inv_npages(m) (inline: every page loop asks) */
static inline int
inv_npages(const struct model *m)
{
	return m->tun.npages < MAX_PAGES ? m->tun.npages : MAX_PAGES;
}
/* is pg a page-table page (PG_PTP, or installed as a PTP of a pmap)? */
bool inv_page_is_ptp(const struct world *w, int pg);
/* ghost wiring records naming pg, of one kind (WK_NONE = any kind) */
int inv_wirings_of(const struct world *w, int pg, int kind);
/* is the vmspace in use? */
static inline bool
inv_vm_live(const struct world *w, int vm)
{
	return vm >= 1 && vm <= MAX_VMSPACES &&
	    (w->vms[vm].vm_flags & VM_MAP_INUSE) != 0;
}
/* the valid PTE of vm's pmap at va (pmap active), or NULL */
const struct pmap_pte *inv_pte(const struct world *w, int vm, int va);
/* the in-use map entry of a live vm containing va, or 0 */
int inv_entry_at(const struct world *w, int vm, int va);
/* a PTE naming pa (managed or not; writable only if asked): true and
 * *vm, *va set */
bool inv_find_pte(const struct world *w, int pa, bool managed,
    bool writable, int *vm, int *va);
/* "proc A's" / "kernel" name of a vmspace, for details */
const char *inv_vm_name(const struct world *w, const struct model *m,
    int vm);

#endif
