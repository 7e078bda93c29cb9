/*
 * facts.h: what one pass over the world's flat arrays says about each
 * physical page and each (vmspace, va), for the invariant predicates.
 *
 * Several predicates ask the same questions of every page: how many
 * managed and kernel (pmap_kenter_pa) PTEs name it, whether one of them
 * is writable, which pmap holds it as a page-table page, how many ghost
 * wirings of each kind name it, which buf, anon or kernel loan names it;
 * and of every mapped va: which map entry holds it.  Answered one page
 * at a time, each is a scan of the PTE array or of another flat array,
 * and the catalogue made several such scans per page after every state.
 * inv_facts_build() answers them all in one pass; inv_check_all() builds
 * the facts once per state and hands them to the predicates that take
 * them (their inv_fcheck_* form).  The public inv_check_* form of each
 * such predicate builds the facts of its own world first, so that tests
 * and explorers calling one predicate alone get the same answer.
 *
 * "First" means the lowest index in the order the original one-page
 * scans visit: pmaps, then va, ascending (inv_find_pte); entries, bufs,
 * anons and kernel loans ascending.  A page index outside 1..MAX_PAGES
 * names no page (the model never makes one).
 */
#ifndef UVMCHECK_FACTS_H
#define UVMCHECK_FACTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"
#include "core/world.h"
#include "invariants/invariants.h"

/* a PTE's place: pmap (= vmspace) and va; vm 0 = none */
struct inv_pte_at {
	uint8_t vm;
	uint8_t va;
};

struct inv_facts {
	/* per physical page, 1..MAX_PAGES (0 unused) */
	uint8_t pv_count[MAX_PAGES + 1];	/* managed PTEs (pmap_pv_count) */
	uint8_t kmap_count[MAX_PAGES + 1];	/* pmap_kenter_pa PTEs */
	struct inv_pte_at managed[MAX_PAGES + 1];	/* first managed PTE */
	struct inv_pte_at kmap[MAX_PAGES + 1];		/* first kenter PTE */
	struct inv_pte_at managed_w[MAX_PAGES + 1];	/* ... writable */
	struct inv_pte_at managed_w_unwired[MAX_PAGES + 1]; /* ... not wired */
	struct inv_pte_at kmap_w[MAX_PAGES + 1];	/* writable kenter */
	uint8_t ptp_of[MAX_PAGES + 1];	/* first active pmap with it in
					 * pm_ptp (pmap_page_is_ptp), 0 none */
	uint8_t wirings[MAX_PAGES + 1][WK_KLOAN + 1];	/* ghost wirings by
					 * kind; [WK_NONE] = of any kind */
	uint8_t dma_buf[MAX_PAGES + 1];	/* first in-use buf with it in
					 * b_pages[0..BUF_MAXPAGES) */
	bool in_io[MAX_PAGES + 1];	/* in b_pages[0..b_npages) of an
					 * in-use buf */
	uint8_t an_page_of[MAX_PAGES + 1];	/* first anon (live or not)
					 * whose an_page is it */
	uint8_t kloan_of[MAX_PAGES + 1];	/* first kernel loan of it */
	/* per pmap (active ones): bit va set where a valid PTE is, where a
	 * valid managed PTE is, and where a valid managed writable PTE is */
	uint32_t valid_va[MAX_PMAPS + 1];
	uint32_t managed_va[MAX_PMAPS + 1];
	uint32_t managed_w_va[MAX_PMAPS + 1];
	/* per vmspace and va: inv_entry_at() */
	uint8_t entry_at[MAX_VMSPACES + 1][VA_PAGES];
	/* per anon: the slots of in-use amaps naming it */
	uint8_t amap_refs[MAX_ANONS + 1];
};

_Static_assert(VA_PAGES <= 32, "inv_facts: a va bit mask is 32 bits");

void inv_facts_build(const struct world *w, const struct model *m,
    struct inv_facts *f);

/* inv_page_is_ptp() from the facts */
static inline bool
inv_facts_page_is_ptp(const struct inv_facts *f, const struct world *w,
    int pg)
{
	return (w->pages[pg].pg_flags & PG_PTP) != 0 || f->ptp_of[pg] != 0;
}

/* a predicate over the world and its facts: true if violated */
typedef bool (*inv_fcheck_fn)(const struct world *w, const struct model *m,
    const struct inv_facts *f, struct inv_violation *v);

/*
 * INV_FCHECK_ALONE(name): the public inv_check_<name>(w, m, v), which
 * builds the facts of w and asks inv_fcheck_<name>.
 */
#define INV_FCHECK_ALONE(name)						\
bool									\
inv_check_##name(const struct world *w, const struct model *m,		\
    struct inv_violation *v)						\
{									\
	struct inv_facts f;						\
									\
	inv_facts_build(w, m, &f);					\
	return inv_fcheck_##name(w, m, &f, v);				\
}

/* the predicates that take the facts (each file's inv_check_* wraps it) */
bool inv_fcheck_wired_page_queued(const struct world *, const struct model *,
    const struct inv_facts *, struct inv_violation *);	/* I1 */
bool inv_fcheck_wire_count_mismatch(const struct world *,
    const struct model *, const struct inv_facts *,
    struct inv_violation *);				/* I4 */
bool inv_fcheck_freed_page_in_use(const struct world *, const struct model *,
    const struct inv_facts *, struct inv_violation *);	/* I6 */
bool inv_fcheck_ownerless_page_unlent(const struct world *,
    const struct model *, const struct inv_facts *,
    struct inv_violation *);				/* I20 */
bool inv_fcheck_cow_page_writable(const struct world *, const struct model *,
    const struct inv_facts *, struct inv_violation *);	/* I13 */
bool inv_fcheck_protection_exceeded(const struct world *,
    const struct model *, const struct inv_facts *,
    struct inv_violation *);				/* I19 */
bool inv_fcheck_loaned_page_writable(const struct world *,
    const struct model *, const struct inv_facts *,
    struct inv_violation *);				/* I7 */
bool inv_fcheck_loaned_page_wired(const struct world *, const struct model *,
    const struct inv_facts *, struct inv_violation *);	/* I8 */
bool inv_fcheck_anon_ref_leaked(const struct world *, const struct model *,
    const struct inv_facts *, struct inv_violation *);	/* I22 */
bool inv_fcheck_page_lost(const struct world *, const struct model *,
    const struct inv_facts *, struct inv_violation *);	/* I24 */
bool inv_fcheck_ptp_freed_in_use(const struct world *, const struct model *,
    const struct inv_facts *, struct inv_violation *);	/* I25 */

#endif
