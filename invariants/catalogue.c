/*
 * catalogue.c: the invariant catalogue, the after-step check and the
 * one-line description of a violation.
 *
 * One const table entry per invariant (name, reference number, statement,
 * source, how it is checked, predicate), from which `uvmcheck list
 * invariants` prints and docs/invariants.md is written.  The predicates
 * live beside the mechanism they watch:
 *
 *	check_pages.c	I1 I4 I6 I20	queues, wire counts, free and
 *					ownerless pages
 *	check_maps.c	I3 I13 I14 I19	wired mappings, COW, shared amaps,
 *					protections
 *	check_loans.c	I7 I8 I9	pages lent to the kernel
 *	check_swap.c	I10 I11		swap-backed pages and swap slots
 *	check_locks.c	I17 I18 deadlock the wait-for graph
 *	check_leaks.c	I21-I26		what is lost: swap slots, anon
 *					references, loans, pages, PTPs,
 *					mlock wirings
 *
 * At-op invariants (I2 I5 I12 I15 I16, kernel-panic, and I18 too) are
 * raised by core with model_event() into w->event; inv_check_all()
 * reports that event before it evaluates any state predicate, so a step
 * that both panics and leaves a broken state reports the panic.
 */
#include "invariants/invariants.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "invariants/facts.h"

/* where each invariant's bug was reported (docs/bugs/README.md, Sources) */
#define SEED_000	"Thorpe, tech-kern 1999-04"
#define SEED_001	"commit logs 1999-2001"
#define SEED_002	"Uphoff, tech-kern 2003-07"
#define SEED_003	"Cranor, tech-kern 2001-01"

#define KINDS(a, b, c)	{ (a), (b), (c) }

const struct inv_desc inv_descs[NINVS] = {
	[INV_NONE] = { INV_NONE, "none", "-", "no invariant", "-",
	    false, false, NULL, KINDS(OK_NONE, OK_NONE, OK_NONE) },

	[INV_WIRED_PAGE_QUEUED] = { INV_WIRED_PAGE_QUEUED,
	    "wired-page-queued", "I1",
	    "a wired page (wire_count > 0) or a page-table page is on no "
	    "paging queue; a queued page has wire_count 0",
	    SEED_000, false, false, inv_check_wired_page_queued,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_WIRED_PAGE_DEACTIVATED] = { INV_WIRED_PAGE_DEACTIVATED,
	    "wired-page-deactivated", "I2",
	    "uvm_pagedeactivate and the pagedaemon's victim selection never "
	    "take a wired page",
	    SEED_000, true, false, NULL,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_WIRED_MAPPING_LOST] = { INV_WIRED_MAPPING_LOST,
	    "wired-mapping-lost", "I3",
	    "in a wired map entry, every va an mlock wire fault wired (and "
	    "whose page still exists) has a valid PTE with the wired attribute",
	    SEED_001, false, false, inv_check_wired_mapping_lost,
	    KINDS(OK_ENTRY, OK_VA, OK_PAGE) },

	[INV_WIRE_COUNT_MISMATCH] = { INV_WIRE_COUNT_MISMATCH,
	    "wire-count-mismatch", "I4",
	    "a page's wire_count equals the wirings made of it (mlock, "
	    "vslock, 1999 kernel loans) and never wraps below zero",
	    SEED_002, false, false, inv_check_wire_count_mismatch,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_UNWIRE_WRONG_PAGE] = { INV_UNWIRE_WRONG_PAGE,
	    "unwire-wrong-page", "I5",
	    "an unwire pass calls uvm_pageunwire on the very page the "
	    "matching wire fault wired",
	    SEED_002, true, false, NULL,
	    KINDS(OK_PAGE, OK_PAGE, OK_VA) },

	[INV_FREED_PAGE_IN_USE] = { INV_FREED_PAGE_IN_USE,
	    "freed-page-in-use", "I6",
	    "a free page has no wiring, loan, hold, owner, busy holder, "
	    "managed or kernel mapping, PTP use, DMA or anon naming it",
	    SEED_002, false, false, inv_check_freed_page_in_use,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_LOANED_PAGE_WRITABLE] = { INV_LOANED_PAGE_WRITABLE,
	    "loaned-page-writable", "I7",
	    "a loaned page (loan_count > 0) has no writable managed mapping "
	    "and no writable kernel (kenter) mapping",
	    SEED_000, false, false, inv_check_loaned_page_writable,
	    KINDS(OK_PAGE, OK_VM, OK_VA) },

	[INV_LOANED_PAGE_WIRED] = { INV_LOANED_PAGE_WIRED,
	    "loaned-page-wired", "I8",
	    "a loaned page is not wired, except by the kernel loans "
	    "themselves in the 1999-2001 design",
	    SEED_002, false, false, inv_check_loaned_page_wired,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_LOAN_MAPPING_LOST] = { INV_LOAN_MAPPING_LOST,
	    "loan-mapping-lost", "I9",
	    "while a page is lent to the kernel, the kernel mapping of the "
	    "loan exists and names that page",
	    SEED_000, false, false, inv_check_loan_mapping_lost,
	    KINDS(OK_PAGE, OK_KLOAN, OK_VA) },

	[INV_CLEAN_ANON_WITHOUT_SWAP] = { INV_CLEAN_ANON_WITHOUT_SWAP,
	    "clean-anon-without-swap", "I10",
	    "a resident swap-backed page marked PG_CLEAN (not busy, not fake) "
	    "has a swap slot in use holding its data",
	    SEED_001, false, false, inv_check_clean_anon_without_swap,
	    KINDS(OK_PAGE, OK_ANON, OK_SLOT) },

	[INV_SWAP_SLOT_REUSED] = { INV_SWAP_SLOT_REUSED,
	    "swap-slot-reused-in-flight", "I11",
	    "a swap slot stays allocated to its anon while a write to it is "
	    "in flight, and no two live anons share a slot",
	    SEED_001, false, false, inv_check_swap_slot_reused,
	    KINDS(OK_SLOT, OK_ANON, OK_ANON) },

	[INV_ANON_LOCK_DISCIPLINE] = { INV_ANON_LOCK_DISCIPLINE,
	    "anon-lock-discipline", "I12",
	    "uvm_pagealloc for an anon only with the anon locked; uvm_anfree "
	    "only with an_ref 0 and the anon unlocked; amap ops locked",
	    SEED_001, true, false, NULL,
	    KINDS(OK_NUM, OK_NONE, OK_NONE) },

	[INV_COW_PAGE_WRITABLE] = { INV_COW_PAGE_WRITABLE,
	    "cow-page-writable", "I13",
	    "the page of an anon with an_ref > 1 has no writable managed "
	    "mapping; an object page mapped through a COW entry is read-only",
	    "-", false, false, inv_check_cow_page_writable,
	    KINDS(OK_PAGE, OK_VM, OK_VA) },

	[INV_STALE_SHARED_AMAP_MAPPING] = { INV_STALE_SHARED_AMAP_MAPPING,
	    "stale-shared-amap-mapping", "I14",
	    "where a shared amap slot holds an anon, every sharer's pmap maps "
	    "nothing or the anon's page at that va, never the old page",
	    SEED_001, false, false, inv_check_stale_shared_amap_mapping,
	    KINDS(OK_ENTRY, OK_VA, OK_PAGE) },

	[INV_CANFAIL_PROGRESS] = { INV_CANFAIL_PROGRESS,
	    "canfail-progress", "I15",
	    "a fault whose PMAP_CANFAIL pmap_enter failed releases every lock "
	    "and busy page before uvm_wait; without PMAP_CANFAIL pmap_enter "
	    "never fails (liveness part: nonprogress-cycle)",
	    SEED_003, true, false, NULL,
	    KINDS(OK_VA, OK_NONE, OK_NONE) },

	[INV_PTP_STEAL_WIRED] = { INV_PTP_STEAL_WIRED,
	    "ptp-steal-wired", "I16",
	    "a stolen page-table page holds no valid wired PTE, and stealing "
	    "never touches pmap_kernel()",
	    SEED_003, true, false, NULL,
	    KINDS(OK_PAGE, OK_VM, OK_VA) },

	[INV_BUSY_DEADLOCK] = { INV_BUSY_DEADLOCK,
	    "busy-deadlock", "I17",
	    "the wait-for graph over PG_BUSY pages and locks is acyclic; no "
	    "thread waits for a page it holds busy",
	    SEED_002, false, false, inv_check_busy_deadlock,
	    KINDS(OK_THREAD, OK_THREAD, OK_THREAD) },

	[INV_BUSY_WAIT_UNDER_MAP_LOCK] = { INV_BUSY_WAIT_UNDER_MAP_LOCK,
	    "busy-wait-under-map-lock", "I18",
	    "no thread sleeps on a PG_BUSY page while it holds a map write "
	    "lock",
	    SEED_002, true, false, inv_check_busy_wait_under_map_lock,
	    KINDS(OK_PAGE, OK_VM, OK_NONE) },

	[INV_PROTECTION_EXCEEDED] = { INV_PROTECTION_EXCEEDED,
	    "protection-exceeded", "I19",
	    "an entry's protection is within its max_protection, and every "
	    "managed user PTE lies in an entry whose protection covers it",
	    "-", false, false, inv_check_protection_exceeded,
	    KINDS(OK_ENTRY, OK_VA, OK_VM) },

	[INV_OWNERLESS_PAGE_UNLENT] = { INV_OWNERLESS_PAGE_UNLENT,
	    "ownerless-page-unlent", "I20",
	    "a page owned by neither object nor anon is still lent, held for "
	    "I/O, pointed to by an anon, or being allocated",
	    SEED_002, false, false, inv_check_ownerless_page_unlent,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_KERNEL_PANIC] = { INV_KERNEL_PANIC,
	    "kernel-panic", "-",
	    "the modelled kernel never reaches a panic or a failed KASSERT",
	    "-", true, false, NULL,
	    KINDS(OK_NUM, OK_NUM, OK_NUM) },

	[INV_DEADLOCK] = { INV_DEADLOCK,
	    "deadlock", "-",
	    "while a user thread is unfinished some thread can run "
	    "(checked by the explorers: no thread enabled)",
	    "-", false, true, inv_check_deadlock,
	    KINDS(OK_THREAD, OK_NONE, OK_NONE) },

	[INV_NONPROGRESS_CYCLE] = { INV_NONPROGRESS_CYCLE,
	    "nonprogress-cycle", "-",
	    "no cycle of states in which a thread retries a failed fault "
	    "without a progress mark (checked by the explorers)",
	    SEED_003, false, true, NULL,
	    KINDS(OK_THREAD, OK_NONE, OK_NONE) },

	[INV_CALL_RESULT] = { INV_CALL_RESULT,
	    "call-result", "-",
	    "every operation written `OP ... -> R` gives R: the return code, "
	    "the signal its access raises, or the byte (count) it reads "
	    "(the conformance suite's facts)",
	    "-", true, false, NULL,
	    KINDS(OK_THREAD, OK_NUM, OK_NUM) },

	[INV_SWAP_SLOT_LEAKED] = { INV_SWAP_SLOT_LEAKED,
	    "swap-slot-leaked", "I21",
	    "a swap slot in use belongs to a live anon naming it or to a swap "
	    "I/O in flight",
	    "-", false, false, inv_check_swap_slot_leaked,
	    KINDS(OK_SLOT, OK_ANON, OK_NONE) },

	[INV_ANON_REF_LEAKED] = { INV_ANON_REF_LEAKED,
	    "anon-ref-leaked", "I22",
	    "a live anon's an_ref is at most the number of amap slots naming "
	    "it (a new anon still being built excepted)",
	    "-", false, false, inv_check_anon_ref_leaked,
	    KINDS(OK_ANON, OK_NONE, OK_NONE) },

	[INV_LOAN_COUNT_LEAKED] = { INV_LOAN_COUNT_LEAKED,
	    "loan-count-leaked", "I23",
	    "a page's loan_count is at most its kernel loans plus the anons "
	    "holding it without owning it",
	    "-", false, false, inv_check_loan_count_leaked,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_PAGE_LOST] = { INV_PAGE_LOST,
	    "page-lost", "I24",
	    "a page that is not free, busy or a page-table page is wired, "
	    "queued, lent, held or under I/O",
	    "-", false, false, inv_check_page_lost,
	    KINDS(OK_PAGE, OK_NONE, OK_NONE) },

	[INV_PTP_FREED_IN_USE] = { INV_PTP_FREED_IN_USE,
	    "ptp-freed-in-use", "I25",
	    "every valid user PTE lies under an installed page-table page "
	    "that is neither free nor owned as data",
	    "-", false, false, inv_check_ptp_freed_in_use,
	    KINDS(OK_PAGE, OK_VM, OK_VA) },

	[INV_WIRING_ORPHANED] = { INV_WIRING_ORPHANED,
	    "wiring-orphaned", "I26",
	    "every page wiring an mlock or mlockall made lies in a map entry "
	    "that is still wired, so that an unwire will undo it",
	    "-", false, false, inv_check_wiring_orphaned,
	    KINDS(OK_PAGE, OK_VM, OK_VA) },
};

/* ---------------------------------------------------------------- lookup */

const struct inv_desc *
inv_lookup(const char *name)
{
	if (name == NULL)
		return NULL;
	for (int i = 1; i < NINVS; i++)
		if (strcmp(inv_descs[i].name, name) == 0 ||
		    (strcmp(inv_descs[i].ref, "-") != 0 &&
		    strcmp(inv_descs[i].ref, name) == 0))
			return &inv_descs[i];
	return NULL;
}

const char *
inv_name(int id)
{
	if (id < 0 || id >= NINVS)
		return "unknown";
	return inv_descs[id].name;
}

/* ------------------------------------------------------- check after step */

/*
 * The predicates that read the facts of the state (facts.h), built once
 * by inv_check_all() for all of them; the others scan the world
 * themselves.  Each answers exactly as its inv_descs[].check does.
 */
static const inv_fcheck_fn fchecks[NINVS] = {
	[INV_WIRED_PAGE_QUEUED] = inv_fcheck_wired_page_queued,
	[INV_WIRE_COUNT_MISMATCH] = inv_fcheck_wire_count_mismatch,
	[INV_FREED_PAGE_IN_USE] = inv_fcheck_freed_page_in_use,
	[INV_LOANED_PAGE_WRITABLE] = inv_fcheck_loaned_page_writable,
	[INV_LOANED_PAGE_WIRED] = inv_fcheck_loaned_page_wired,
	[INV_COW_PAGE_WRITABLE] = inv_fcheck_cow_page_writable,
	[INV_PROTECTION_EXCEEDED] = inv_fcheck_protection_exceeded,
	[INV_OWNERLESS_PAGE_UNLENT] = inv_fcheck_ownerless_page_unlent,
	[INV_ANON_REF_LEAKED] = inv_fcheck_anon_ref_leaked,
	[INV_PAGE_LOST] = inv_fcheck_page_lost,
	[INV_PTP_FREED_IN_USE] = inv_fcheck_ptp_freed_in_use,
};

/*
 * inv_check_all: the step's event first, then the state predicates in
 * catalogue order.  Liveness entries belong to the explorers.
 */
bool
inv_check_all(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	const struct model_event *ev = &w->event;
	struct inv_facts f;

	if (world_capacity_hit(w))
		return false;	/* the path is cut: a bound, not a finding */
	if (ev->ev_inv != INV_NONE) {
		const struct inv_desc *d = ev->ev_inv < NINVS ?
		    &inv_descs[ev->ev_inv] : &inv_descs[INV_KERNEL_PANIC];

		inv_fail(v, ev->ev_inv, ev->ev_tid, ev->ev_obj[0],
		    ev->ev_obj[1], ev->ev_obj[2], "at op: %s", d->statement);
		return true;
	}
	inv_facts_build(w, m, &f);
	for (int i = 1; i < NINVS; i++) {
		const struct inv_desc *d = &inv_descs[i];

		if (d->check == NULL || d->liveness)
			continue;
		if (fchecks[i] != NULL ? fchecks[i](w, m, &f, v) :
		    d->check(w, m, v))
			return true;
	}
	return false;
}

/* ----------------------------------------------------- helpers for checks */

void
inv_fail(struct inv_violation *v, int inv, int tid, int o0, int o1, int o2,
    const char *fmt, ...)
{
	va_list ap;

	memset(v, 0, sizeof(*v));
	v->inv = inv;
	v->tid = tid;
	v->obj[0] = o0;
	v->obj[1] = o1;
	v->obj[2] = o2;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
}

bool
inv_page_is_ptp(const struct world *w, int pg)
{
	return (w->pages[pg].pg_flags & PG_PTP) != 0 ||
	    pmap_page_is_ptp(&w->pmap, pg, NULL, NULL);
}

int
inv_wirings_of(const struct world *w, int pg, int kind)
{
	int n = 0;

	for (int i = 1; i <= MAX_WIRINGS; i++) {
		const struct wiring *wr = &w->wirings[i];

		if (wr->w_kind == WK_NONE || wr->w_page != pg)
			continue;
		if (kind == WK_NONE || wr->w_kind == kind)
			n++;
	}
	return n;
}

const struct pmap_pte *
inv_pte(const struct world *w, int vm, int va)
{
	const struct pmap *p;

	if (vm < 1 || vm > MAX_PMAPS || va < 0 || va >= VA_PAGES)
		return NULL;
	p = &w->pmap.pmaps[vm];
	if ((p->pm_flags & PM_ACTIVE) == 0 ||
	    (p->pm_pte[va].pte_bits & PTE_V) == 0)
		return NULL;
	return &p->pm_pte[va];
}

int
inv_entry_at(const struct world *w, int vm, int va)
{
	if (!inv_vm_live(w, vm))
		return 0;
	for (int e = 1; e <= MAX_ENTRIES; e++) {
		const struct vm_map_entry *ent = &w->entries[e];

		if ((ent->etype & UVM_ET_INUSE) && ent->vm == vm &&
		    ent->start <= va && va < ent->end)
			return e;
	}
	return 0;
}

bool
inv_find_pte(const struct world *w, int pa, bool managed, bool writable,
    int *vm, int *va)
{
	for (int pm = 1; pm <= MAX_PMAPS; pm++) {
		for (int a = 0; a < VA_PAGES; a++) {
			const struct pmap_pte *pte = inv_pte(w, pm, a);

			if (pte == NULL || pte->pte_pa != pa)
				continue;
			if (((pte->pte_bits & PTE_MANAGED) != 0) != managed)
				continue;
			if (writable && (pte->pte_bits & VM_PROT_WRITE) == 0)
				continue;
			*vm = pm;
			*va = a;
			return true;
		}
	}
	return false;
}

const char *
inv_vm_name(const struct world *w, const struct model *m, int vm)
{
	if (vm == KERNEL_VMSPACE)
		return "kernel";
	for (int p = 1; p <= MAX_PROCS; p++)
		if (w->proc_vm[p] == vm && m->procs[p].name[0] != '\0')
			return m->procs[p].name;
	return "?";
}

/* ---------------------------------------------------------------- describe */

/* append to buf at *off, never past len */
static void
put(char *buf, size_t len, size_t *off, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void
put(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n > 0)
		*off = *off + (size_t)n < len ? *off + (size_t)n : len;
}

static const char *
obj_name(const struct model *m, int obj)
{
	if (obj >= 1 && obj <= MAX_OBJS && m->objs[obj].name[0] != '\0')
		return m->objs[obj].name;
	return "?";
}

static const char *
thread_name(const struct model *m, int tid)
{
	if (tid >= 1 && tid <= MAX_THREADS && m->threads[tid].name[0] != '\0')
		return m->threads[tid].name;
	return "?";
}

static void
prot_str(int prot, char s[4])
{
	s[0] = (prot & VM_PROT_READ) ? 'r' : '-';
	s[1] = (prot & VM_PROT_WRITE) ? 'w' : '-';
	s[2] = (prot & VM_PROT_EXECUTE) ? 'x' : '-';
	s[3] = '\0';
}

/* "page 3 (vnode f offset 0) wire_count 0 loan_count 1" */
static void
put_page(const struct world *w, const struct model *m, int pg, char *buf,
    size_t len, size_t *off)
{
	const struct vm_page *p;

	if (pg < 1 || pg > MAX_PAGES) {
		put(buf, len, off, "page %d", pg);
		return;
	}
	p = &w->pages[pg];
	put(buf, len, off, "page %d (", pg);
	if (p->pg_pqflags & PQ_FREE)
		put(buf, len, off, "free");
	else if (inv_page_is_ptp(w, pg))
		put(buf, len, off, "page-table page");
	else if (p->uobject != 0) {
		const struct uvm_object *o = &w->objs[p->uobject <= MAX_OBJS ?
		    p->uobject : 0];

		put(buf, len, off, "%s %s offset %d",
		    o->uo_type == UOBJ_AOBJ ? "aobj" : "vnode",
		    obj_name(m, p->uobject), p->offset);
		if (p->uanon != 0)
			put(buf, len, off, ", lent to anon %d", p->uanon);
	} else if (p->pg_pqflags & PQ_ANON)
		put(buf, len, off, "anon %d", p->uanon);
	else if (p->uanon != 0)
		put(buf, len, off, "ownerless, held by anon %d", p->uanon);
	else
		put(buf, len, off, "ownerless");
	put(buf, len, off, ") wire_count %d loan_count %d", p->wire_count,
	    p->loan_count);
	if (p->hold_count != 0)
		put(buf, len, off, " hold_count %d", p->hold_count);
	if (p->pg_flags & PG_BUSY)
		put(buf, len, off, " busy(%s)", thread_name(m, p->busy_tid));
}

static void
put_obj(const struct world *w, const struct model *m, int kind, int o,
    char *buf, size_t len, size_t *off)
{
	char ps[4], mps[4];

	switch (kind) {
	case OK_PAGE:
		put_page(w, m, o, buf, len, off);
		break;
	case OK_ENTRY: {
		const struct vm_map_entry *e = &w->entries[o <= MAX_ENTRIES ?
		    o : 0];

		prot_str(e->protection, ps);
		prot_str(e->max_protection, mps);
		put(buf, len, off, "entry %d (%s va %d-%d", o,
		    inv_vm_name(w, m, e->vm), e->start, e->end - 1);
		if (e->uobj != 0)
			put(buf, len, off, " %s %s offset %d",
			    (e->uobj <= MAX_OBJS &&
			    w->objs[e->uobj].uo_type == UOBJ_AOBJ) ? "aobj" :
			    "vnode", obj_name(m, e->uobj), e->uoff);
		if (e->amap != 0)
			put(buf, len, off, " amap %d", e->amap);
		put(buf, len, off, " %s %s/%s wired_count %d)",
		    (e->etype & UVM_ET_COPYONWRITE) ? "private" : "shared",
		    ps, mps, e->wired_count);
		break;
	}
	case OK_ANON: {
		const struct vm_anon *a = &w->anons[o <= MAX_ANONS ? o : 0];

		put(buf, len, off, "anon %d (an_ref %d page %d swslot %d)", o,
		    a->an_ref, a->an_page, a->an_swslot);
		break;
	}
	case OK_AMAP:
		put(buf, len, off, "amap %d", o);
		break;
	case OK_SLOT: {
		const struct swslot *s = &w->swap[o <= MAX_SWAP ? o : 0];

		if (s->sw_state == SWS_INUSE)
			put(buf, len, off, "swap slot %d (in use by anon %d)",
			    o, s->sw_anon);
		else
			put(buf, len, off, "swap slot %d (%s)", o,
			    s->sw_state == SWS_FREE ? "free" : "bad");
		break;
	}
	case OK_BUF:
		put(buf, len, off, "buf %d", o);
		break;
	case OK_KLOAN: {
		const struct kloan *k = &w->kloans[o <= MAX_KLOANS ? o : 0];

		put(buf, len, off, "kernel loan %d (page %d at kva %d)", o,
		    k->kl_page, k->kl_kva);
		break;
	}
	case OK_VM:
		put(buf, len, off, "%s pmap", inv_vm_name(w, m, o));
		break;
	case OK_VA:
		put(buf, len, off, "va %d", o);
		break;
	case OK_THREAD:
		put(buf, len, off, "thread %s", thread_name(m, o));
		break;
	case OK_NUM:
	default:
		put(buf, len, off, "%d", o);
		break;
	}
}

/*
 * inv_describe: "<name> (<ref>): thread <t>: <objects>: <detail>".
 * Index objects that are 0 (none) are left out; a va or a number is
 * always printed.
 */
void
inv_describe(const struct world *w, const struct model *m,
    const struct inv_violation *v, char *buf, size_t len)
{
	const struct inv_desc *d;
	size_t off = 0;
	bool any = false;

	if (len == 0)
		return;
	buf[0] = '\0';
	d = v->inv >= 0 && v->inv < NINVS ? &inv_descs[v->inv] :
	    &inv_descs[INV_NONE];
	put(buf, len, &off, "%s", inv_name(v->inv));
	if (strcmp(d->ref, "-") != 0)
		put(buf, len, &off, " (%s)", d->ref);
	put(buf, len, &off, ":");
	if (v->tid != 0)
		put(buf, len, &off, " thread %s:", thread_name(m, v->tid));
	for (int i = 0; i < 3; i++) {
		int kind = d->obj_kind[i];

		if (kind == OK_NONE)
			continue;
		if (v->obj[i] == 0 && kind != OK_VA && kind != OK_NUM)
			continue;
		put(buf, len, &off, any ? ", " : " ");
		put_obj(w, m, kind, v->obj[i], buf, len, &off);
		any = true;
	}
	if (v->detail[0] != '\0')
		put(buf, len, &off, "%s %s", any ? ":" : "", v->detail);
}
