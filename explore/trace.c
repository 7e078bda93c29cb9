/*
 * trace.c: print a step of a schedule and what it changed.
 *
 * The diff walks every table of struct world in the order of world.h
 * and prints one line per slot that changed: the slot named as a kernel
 * developer would name it ("page 2", "anon 3", "entry 2 (A [0,1))",
 * "pmap A va 0", "thread t1"), then "field old -> new" for each field
 * that differs.  Values are printed symbolically where the kernel has a
 * name for them (PG_BUSY, PQ_ACTIVE, VM_PROT_*, wait channels).
 */
#include "explore/trace.h"

#include <stdarg.h>
#include <string.h>

/* -------------------------------------------------------------- names */

const char *
trace_thread_name(const struct model *m, int tid)
{
	if (tid < 1 || tid > MAX_THREADS || m->threads[tid].name[0] == '\0')
		return "none";
	return m->threads[tid].name;
}

void
trace_vm_name(const struct model *m, const struct world *w, int vm, char *buf,
    size_t len)
{
	if (vm == 0) {
		snprintf(buf, len, "none");
		return;
	}
	if (vm == KERNEL_VMSPACE) {
		snprintf(buf, len, "kernel_map");
		return;
	}
	for (int p = 1; p <= MAX_PROCS; p++)
		if (w->proc_vm[p] == vm && m->procs[p].name[0] != '\0') {
			snprintf(buf, len, "%s", m->procs[p].name);
			return;
		}
	snprintf(buf, len, "vmspace %d", vm);
}

/* a vm name from whichever world still knows it */
static void
vm_name2(const struct model *m, const struct world *a, const struct world *b,
    int vm, char *buf, size_t len)
{
	trace_vm_name(m, b, vm, buf, len);
	if (strncmp(buf, "vmspace ", 8) == 0)
		trace_vm_name(m, a, vm, buf, len);
}

static void
obj_name(const struct model *m, int o, char *buf, size_t len)
{
	if (o >= 1 && o <= MAX_OBJS && m->objs[o].name[0] != '\0')
		snprintf(buf, len, "%s", m->objs[o].name);
	else
		snprintf(buf, len, "obj %d", o);
}

struct flag_name {
	unsigned bit;
	const char *name;
};

static const struct flag_name pg_flag_names[] = {
	{ PG_BUSY, "BUSY" }, { PG_WANTED, "WANTED" }, { PG_CLEAN, "CLEAN" },
	{ PG_RELEASED, "RELEASED" }, { PG_PAGEOUT, "PAGEOUT" },
	{ PG_FAKE, "FAKE" }, { PG_RDONLY, "RDONLY" }, { PG_PTP, "PTP" },
	{ 0, NULL } };
static const struct flag_name pq_names[] = {
	{ PQ_FREE, "FREE" }, { PQ_ACTIVE, "ACTIVE" }, { PQ_INACTIVE, "INACTIVE" },
	{ PQ_ANON, "ANON" }, { 0, NULL } };
static const struct flag_name an_flag_names[] = {
	{ AN_INUSE, "INUSE" }, { AN_RELEASED, "RELEASED" }, { 0, NULL } };
static const struct flag_name am_flag_names[] = {
	{ AMAP_SHARED, "SHARED" }, { AMAP_INUSE, "INUSE" }, { 0, NULL } };
static const struct flag_name et_names[] = {
	{ UVM_ET_INUSE, "INUSE" }, { UVM_ET_COPYONWRITE, "COPYONWRITE" },
	{ UVM_ET_NEEDSCOPY, "NEEDSCOPY" }, { UVM_ET_QREF, "QREF" }, { 0, NULL } };
static const struct flag_name vm_flag_names[] = {
	{ VM_MAP_INUSE, "INUSE" }, { VM_MAP_WIREFUTURE, "WIREFUTURE" },
	{ VM_MAP_INTRSAFE, "INTRSAFE" }, { VM_MAP_KERNEL, "KERNEL" },
	{ 0, NULL } };
static const struct flag_name pm_flag_names[] = {
	{ PM_STATIC_PTPS, "STATIC_PTPS" }, { PM_ACTIVE, "ACTIVE" }, { 0, NULL } };
static const struct flag_name mdpg_names[] = {
	{ MDPG_REFERENCED, "referenced" }, { MDPG_MODIFIED, "modified" },
	{ 0, NULL } };

static const char *
flags_str(unsigned v, const struct flag_name *t, const char *none, char *buf,
    size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (v == 0) {
		snprintf(buf, len, "%s", none);
		return buf;
	}
	for (; t->name != NULL; t++) {
		if ((v & t->bit) == 0)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
		    used ? "|" : "", t->name);
		if (used >= len)
			return buf;
		v &= ~t->bit;
	}
	if (v != 0 && used < len)
		snprintf(buf + used, len - used, "%s0x%x", used ? "|" : "", v);
	return buf;
}

static const char *
prot_str(unsigned prot, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", prot & VM_PROT_READ ? "r" : "",
	    prot & VM_PROT_WRITE ? "w" : "", prot & VM_PROT_EXECUTE ? "x" : "");
	if (buf[0] == '\0')
		snprintf(buf, len, "none");
	return buf;
}

static const char *
state_name(int s)
{
	static const char *const n[] = { "NONE", "EMBRYO", "RUN", "SLEEP",
	    "DONE" };

	return s >= 0 && s <= TS_DONE ? n[s] : "?";
}

static const char *
buf_kind_name(int k)
{
	static const char *const n[] = { "none", "physio-read", "physio-write",
	    "swap-write", "swap-read", "vnode-read", "vnode-write" };

	return k >= 0 && k <= BUF_VNODE_WRITE ? n[k] : "?";
}

static const char *
wiring_kind_name(int k)
{
	static const char *const n[] = { "none", "mlock", "vslock", "kloan" };

	return k >= 0 && k <= WK_KLOAN ? n[k] : "?";
}

static void
wchan_str(const struct model *m, const struct world *w, int wchan, int wobj,
    char *buf, size_t len)
{
	char vm[40], o[40];

	switch (wchan) {
	case WC_NONE:
		snprintf(buf, len, "nothing");
		break;
	case WC_PAGE:
		snprintf(buf, len, "page %d (PG_WANTED)", wobj);
		break;
	case WC_FREE:
		snprintf(buf, len, "free memory (uvm_wait)");
		break;
	case WC_BUF:
		snprintf(buf, len, "buf %d (biowait)", wobj);
		break;
	case WC_MAPLOCK:
		trace_vm_name(m, w, wobj, vm, sizeof(vm));
		snprintf(buf, len, "map lock of %s", vm);
		break;
	case WC_OBJLOCK:
		obj_name(m, wobj, o, sizeof(o));
		snprintf(buf, len, "lock of object %s", o);
		break;
	case WC_AMAPLOCK:
		snprintf(buf, len, "lock of amap %d", wobj);
		break;
	case WC_ANONLOCK:
		snprintf(buf, len, "lock of anon %d", wobj);
		break;
	case WC_PDAEMON:
		snprintf(buf, len, "a pagedaemon kick");
		break;
	case WC_WORK:
		snprintf(buf, len, "work");
		break;
	case WC_STOPPED:
		snprintf(buf, len, "the debugger (stopped by ptrace)");
		break;
	default:
		snprintf(buf, len, "wchan %d/%d", wchan, wobj);
		break;
	}
}

/* ------------------------------------------------------------ a line */

struct line {
	char buf[1024];
	size_t n;
	int nfields;
};

static void
line_start(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
line_start(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(l->buf, sizeof(l->buf), fmt, ap);
	va_end(ap);
	l->n = k < 0 ? 0 : (size_t)k < sizeof(l->buf) ? (size_t)k :
	    sizeof(l->buf) - 1;
	l->nfields = 0;
}

static void
field(struct line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
field(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (l->n >= sizeof(l->buf) - 1)
		return;
	k = snprintf(l->buf + l->n, sizeof(l->buf) - l->n, "%s",
	    l->nfields > 0 ? ", " : "");
	if (k > 0)
		l->n += (size_t)k;
	if (l->n >= sizeof(l->buf) - 1) {
		l->n = sizeof(l->buf) - 1;
		return;
	}
	va_start(ap, fmt);
	k = vsnprintf(l->buf + l->n, sizeof(l->buf) - l->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		l->n += (size_t)k;
	if (l->n >= sizeof(l->buf))
		l->n = sizeof(l->buf) - 1;
	l->nfields++;
}

static void
line_end(FILE *out, const char *indent, const struct line *l)
{
	if (l->nfields > 0)
		fprintf(out, "%s%s\n", indent, l->buf);
}

#define NUM(l, a, b, f) \
	do { \
		if ((a)->f != (b)->f) \
			field((l), #f " %d -> %d", (int)(a)->f, (int)(b)->f); \
	} while (0)

#define FLAGS(l, a, b, f, label, table, none) \
	do { \
		if ((a)->f != (b)->f) { \
			char s1_[128], s2_[128]; \
			field((l), label " %s -> %s", \
			    flags_str((a)->f, (table), (none), s1_, sizeof(s1_)), \
			    flags_str((b)->f, (table), (none), s2_, sizeof(s2_))); \
		} \
	} while (0)

#define TID(l, m, a, b, f, label) \
	do { \
		if ((a)->f != (b)->f) \
			field((l), label " %s -> %s", \
			    trace_thread_name((m), (a)->f), \
			    trace_thread_name((m), (b)->f)); \
	} while (0)

/* -------------------------------------------------------------- pages */

static void
page_owner(const struct model *m, const struct vm_page *pg, char *buf,
    size_t len)
{
	char o[40];

	if (pg->uobject != 0) {
		int t = pg->uobject <= MAX_OBJS ? m->objs[pg->uobject].type : 0;

		obj_name(m, pg->uobject, o, sizeof(o));
		snprintf(buf, len, "%s %s+%d", t == UOBJ_AOBJ ? "aobj" : "vnode", o,
		    pg->offset);
	} else if (pg->uanon != 0) {
		snprintf(buf, len, "anon %d", pg->uanon);
	} else if (pg->pg_flags & PG_PTP) {
		snprintf(buf, len, "page-table page");
	} else {
		snprintf(buf, len, "none");
	}
}

static void
diff_pages(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_PAGES; i++) {
		const struct vm_page *p = &a->pages[i], *q = &b->pages[i];
		uint8_t ma = a->pmap.mdpg_attrs[i], mb = b->pmap.mdpg_attrs[i];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0 && ma == mb)
			continue;
		line_start(&l, "page %d: ", i);
		NUM(&l, p, q, wire_count);
		NUM(&l, p, q, loan_count);
		NUM(&l, p, q, hold_count);
		FLAGS(&l, p, q, pg_flags, "flags", pg_flag_names, "0");
		FLAGS(&l, p, q, pg_pqflags, "queue", pq_names, "NONE");
		if (p->uobject != q->uobject || p->offset != q->offset ||
		    p->uanon != q->uanon ||
		    ((p->pg_flags ^ q->pg_flags) & PG_PTP)) {
			char o1[64], o2[64];

			page_owner(m, p, o1, sizeof(o1));
			page_owner(m, q, o2, sizeof(o2));
			if (strcmp(o1, o2) != 0)
				field(&l, "owner %s -> %s", o1, o2);
		}
		TID(&l, m, p, q, busy_tid, "busy by");
		NUM(&l, p, q, pg_data);
		if (ma != mb) {
			char s1[64], s2[64];

			field(&l, "pmap attrs %s -> %s",
			    flags_str(ma, mdpg_names, "none", s1, sizeof(s1)),
			    flags_str(mb, mdpg_names, "none", s2, sizeof(s2)));
		}
		line_end(out, indent, &l);
	}
}

/* -------------------------------------------- objects, anons, amaps */

static void
diff_objs(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_OBJS; i++) {
		const struct uvm_object *p = &a->objs[i], *q = &b->objs[i];
		char o[40];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		obj_name(m, i, o, sizeof(o));
		line_start(&l, "object %s: ", o);
		if (p->uo_type != q->uo_type)
			field(&l, "type %d -> %d", p->uo_type, q->uo_type);
		NUM(&l, p, q, uo_refs);
		if (p->v_size != q->v_size)
			field(&l, "v_size %d -> %d pages", p->v_size, q->v_size);
		TID(&l, m, p, q, uo_lock, "lock held by");
		line_end(out, indent, &l);
	}
}

static void
diff_anons(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_ANONS; i++) {
		const struct vm_anon *p = &a->anons[i], *q = &b->anons[i];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		line_start(&l, "anon %d: ", i);
		NUM(&l, p, q, an_ref);
		NUM(&l, p, q, an_page);
		NUM(&l, p, q, an_swslot);
		FLAGS(&l, p, q, an_flags, "flags", an_flag_names, "free");
		TID(&l, m, p, q, an_lock, "lock held by");
		line_end(out, indent, &l);
	}
}

static void
diff_amaps(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_AMAPS; i++) {
		const struct vm_amap *p = &a->amaps[i], *q = &b->amaps[i];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		line_start(&l, "amap %d: ", i);
		NUM(&l, p, q, am_ref);
		FLAGS(&l, p, q, am_flags, "flags", am_flag_names, "free");
		TID(&l, m, p, q, am_lock, "lock held by");
		NUM(&l, p, q, am_nslot);
		for (int s = 0; s < AMAP_SLOTS; s++)
			if (p->am_anon[s] != q->am_anon[s])
				field(&l, "slot %d anon %d -> %d", s, p->am_anon[s],
				    q->am_anon[s]);
		line_end(out, indent, &l);
	}
}

/* -------------------------------------------------------- map entries */

static void
entry_desc(const struct model *m, const struct world *a, const struct world *b,
    const struct vm_map_entry *e, char *buf, size_t len)
{
	char vm[40], o[40], p1[8], p2[8];

	vm_name2(m, a, b, e->vm, vm, sizeof(vm));
	if (e->uobj != 0) {
		obj_name(m, e->uobj, o, sizeof(o));
		snprintf(buf, len, "%s [%d,%d) %s+%d %s/%s%s", vm, e->start, e->end,
		    o, e->uoff, prot_str(e->protection, p1, sizeof(p1)),
		    prot_str(e->max_protection, p2, sizeof(p2)),
		    e->etype & UVM_ET_COPYONWRITE ? " private" : " shared");
	} else {
		snprintf(buf, len, "%s [%d,%d) anonymous %s/%s", vm, e->start,
		    e->end, prot_str(e->protection, p1, sizeof(p1)),
		    prot_str(e->max_protection, p2, sizeof(p2)));
	}
}

static void
diff_entries(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	static const char *const inh[] = { "share", "copy", "none" };

	for (int i = 1; i <= MAX_ENTRIES; i++) {
		const struct vm_map_entry *p = &a->entries[i], *q = &b->entries[i];
		char d[128];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		if (!(p->etype & UVM_ET_INUSE) && (q->etype & UVM_ET_INUSE)) {
			entry_desc(m, a, b, q, d, sizeof(d));
			fprintf(out, "%sentry %d: new %s%s%s\n", indent, i, d,
			    q->amap ? " with amap" : "",
			    q->wired_count ? " wired" : "");
			continue;
		}
		if ((p->etype & UVM_ET_INUSE) && !(q->etype & UVM_ET_INUSE)) {
			entry_desc(m, a, b, p, d, sizeof(d));
			fprintf(out, "%sentry %d: removed (was %s)\n", indent, i, d);
			continue;
		}
		entry_desc(m, a, b, q, d, sizeof(d));
		line_start(&l, "entry %d (%s): ", i, d);
		NUM(&l, p, q, vm);
		NUM(&l, p, q, start);
		NUM(&l, p, q, end);
		FLAGS(&l, p, q, etype, "etype", et_names, "0");
		if (p->protection != q->protection) {
			char s1[8], s2[8];

			field(&l, "protection %s -> %s",
			    prot_str(p->protection, s1, sizeof(s1)),
			    prot_str(q->protection, s2, sizeof(s2)));
		}
		if (p->max_protection != q->max_protection) {
			char s1[8], s2[8];

			field(&l, "max_protection %s -> %s",
			    prot_str(p->max_protection, s1, sizeof(s1)),
			    prot_str(q->max_protection, s2, sizeof(s2)));
		}
		if (p->inheritance != q->inheritance)
			field(&l, "inheritance %s -> %s",
			    p->inheritance <= 2 ? inh[p->inheritance] : "?",
			    q->inheritance <= 2 ? inh[q->inheritance] : "?");
		NUM(&l, p, q, wired_count);
		NUM(&l, p, q, amap);
		NUM(&l, p, q, amap_off);
		NUM(&l, p, q, uobj);
		NUM(&l, p, q, uoff);
		line_end(out, indent, &l);
	}
}

/* ---------------------------------------------------- vmspaces, pmaps */

static void
readers_str(const struct model *m, unsigned mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (mask == 0) {
		snprintf(buf, len, "none");
		return;
	}
	for (int tid = 1; tid <= 8; tid++)
		if (mask & (1u << (tid - 1)))
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			    used ? "," : "", trace_thread_name(m, tid));
}

static void
diff_vmspaces(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_VMSPACES; i++) {
		const struct vmspace *p = &a->vms[i], *q = &b->vms[i];
		char vm[40];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		vm_name2(m, a, b, i, vm, sizeof(vm));
		line_start(&l, "map %s: ", vm);
		NUM(&l, p, q, vm_refs);
		FLAGS(&l, p, q, vm_flags, "flags", vm_flag_names, "0");
		TID(&l, m, p, q, vm_writer, "write lock held by");
		if (p->vm_readers != q->vm_readers) {
			char r1[128], r2[128];

			readers_str(m, p->vm_readers, r1, sizeof(r1));
			readers_str(m, q->vm_readers, r2, sizeof(r2));
			field(&l, "read lock held by %s -> %s", r1, r2);
		}
		TID(&l, m, p, q, vm_busy, "busied (vm_map_busy) by");
		line_end(out, indent, &l);
	}
}

static void
pte_str(const struct pmap_pte *pte, char *buf, size_t len)
{
	char pr[8];

	if (!(pte->pte_bits & PTE_V) && pte->pte_pa == 0) {
		snprintf(buf, len, "none");
		return;
	}
	snprintf(buf, len, "page %d %s%s%s%s", pte->pte_pa,
	    prot_str(pte->pte_bits & PTE_PROT_MASK, pr, sizeof(pr)),
	    pte->pte_bits & PTE_WIRED ? " wired" : "",
	    pte->pte_bits & PTE_MANAGED ? "" : " (kenter)",
	    pte->pte_bits & PTE_V ? "" : " (invalid)");
}

static void
page_or_none(int pg, char *buf, size_t len)
{
	if (pg == 0)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "page %d", pg);
}

static void
diff_pmaps(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_PMAPS; i++) {
		const struct pmap *p = &a->pmap.pmaps[i], *q = &b->pmap.pmaps[i];
		char vm[40];

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		vm_name2(m, a, b, i, vm, sizeof(vm));
		if (i == KERNEL_VMSPACE)
			snprintf(vm, sizeof(vm), "kernel");
		if (p->pm_flags != q->pm_flags) {
			char s1[64], s2[64];

			fprintf(out, "%spmap %s: flags %s -> %s\n", indent, vm,
			    flags_str(p->pm_flags, pm_flag_names, "0", s1, sizeof(s1)),
			    flags_str(q->pm_flags, pm_flag_names, "0", s2, sizeof(s2)));
		}
		for (int r = 0; r < NPTP; r++) {
			char s1[16], s2[16];

			if (p->pm_ptp[r] == q->pm_ptp[r])
				continue;
			page_or_none(p->pm_ptp[r], s1, sizeof(s1));
			page_or_none(q->pm_ptp[r], s2, sizeof(s2));
			fprintf(out, "%spmap %s ptp %d (va %d-%d): %s -> %s\n", indent,
			    vm, r, r * PTP_SPAN, (r + 1) * PTP_SPAN - 1, s1, s2);
		}
		for (int va = 0; va < VA_PAGES; va++) {
			const struct pmap_pte *x = &p->pm_pte[va], *y = &q->pm_pte[va];
			char s1[64], s2[64];

			if (memcmp(x, y, sizeof(*x)) == 0)
				continue;
			pte_str(x, s1, sizeof(s1));
			pte_str(y, s2, sizeof(s2));
			if (strcmp(s1, "none") == 0)
				fprintf(out, "%spmap %s va %d: -> %s\n", indent, vm, va,
				    s2);
			else if (strcmp(s2, "none") == 0)
				fprintf(out, "%spmap %s va %d: %s -> removed\n", indent,
				    vm, va, s1);
			else
				fprintf(out, "%spmap %s va %d: %s -> %s\n", indent, vm,
				    va, s1, s2);
		}
	}
}

/* ------------------------------------------- swap, bufs, kernel loans */

static void
diff_swap(FILE *out, const struct world *a, const struct world *b,
    const char *indent)
{
	static const char *const st[] = { "FREE", "INUSE", "BAD" };

	for (int i = 1; i <= MAX_SWAP; i++) {
		const struct swslot *p = &a->swap[i], *q = &b->swap[i];

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		fprintf(out, "%sswap slot %d: %s (anon %d) -> %s (anon %d)\n", indent,
		    i, p->sw_state <= SWS_BAD ? st[p->sw_state] : "?", p->sw_anon,
		    q->sw_state <= SWS_BAD ? st[q->sw_state] : "?", q->sw_anon);
	}
}

static void
buf_desc(const struct model *m, const struct buf *bp, char *buf, size_t len)
{
	size_t used;

	used = (size_t)snprintf(buf, len, "%s by %s%s, pages",
	    buf_kind_name(bp->b_kind), trace_thread_name(m, bp->b_tid),
	    bp->b_async ? " (async)" : "");
	for (int i = 0; i < bp->b_npages && i < BUF_MAXPAGES && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, " %d",
		    bp->b_pages[i]);
	if (bp->b_kva && used < len)
		used += (size_t)snprintf(buf + used, len - used, ", kva %d",
		    bp->b_kva);
	if (bp->b_slot && used < len)
		used += (size_t)snprintf(buf + used, len - used, ", swap slot %d",
		    bp->b_slot);
	if (bp->b_anon && used < len)
		snprintf(buf + used, len - used, ", anon %d", bp->b_anon);
}

static void
diff_bufs(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_BUFS; i++) {
		const struct buf *p = &a->bufs[i], *q = &b->bufs[i];
		char d[160];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		if (p->b_kind == BUF_NONE) {
			buf_desc(m, q, d, sizeof(d));
			fprintf(out, "%sbuf %d: new %s\n", indent, i, d);
			continue;
		}
		if (q->b_kind == BUF_NONE) {
			buf_desc(m, p, d, sizeof(d));
			fprintf(out, "%sbuf %d: done (%s)%s\n", indent, i, d,
			    p->b_error ? " with error" : "");
			continue;
		}
		line_start(&l, "buf %d (%s): ", i, buf_kind_name(q->b_kind));
		NUM(&l, p, q, b_kind);
		TID(&l, m, p, q, b_tid, "issued by");
		NUM(&l, p, q, b_async);
		NUM(&l, p, q, b_error);
		NUM(&l, p, q, b_npages);
		for (int k = 0; k < BUF_MAXPAGES; k++)
			if (p->b_pages[k] != q->b_pages[k])
				field(&l, "page[%d] %d -> %d", k, p->b_pages[k],
				    q->b_pages[k]);
		NUM(&l, p, q, b_kva);
		NUM(&l, p, q, b_slot);
		NUM(&l, p, q, b_anon);
		line_end(out, indent, &l);
	}
}

static void
diff_kloans(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_KLOANS; i++) {
		const struct kloan *p = &a->kloans[i], *q = &b->kloans[i];
		struct line l;

		if (memcmp(p, q, sizeof(*p)) == 0)
			continue;
		if (p->kl_page == 0) {
			fprintf(out, "%skloan %d: page %d lent to the kernel by %s at "
			    "kva %d (%s)\n", indent, i, q->kl_page,
			    trace_thread_name(m, q->kl_tid), q->kl_kva,
			    q->kl_managed ? "managed pmap_enter" : "pmap_kenter_pa");
			continue;
		}
		if (q->kl_page == 0) {
			fprintf(out, "%skloan %d: page %d returned (uvm_unloan)\n",
			    indent, i, p->kl_page);
			continue;
		}
		line_start(&l, "kloan %d: ", i);
		NUM(&l, p, q, kl_page);
		NUM(&l, p, q, kl_kva);
		TID(&l, m, p, q, kl_tid, "lent by");
		NUM(&l, p, q, kl_managed);
		line_end(out, indent, &l);
	}
}

/* ------------------------------------------------- threads and the rest */

static void
diff_threads(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	for (int i = 1; i <= MAX_THREADS; i++) {
		const struct thread *p = &a->threads[i], *q = &b->threads[i];
		struct line l;

		/* frames are the thread's program counter: not news */
		if (p->t_state == q->t_state && p->t_wchan == q->t_wchan &&
		    p->t_wobj == q->t_wobj && p->t_op == q->t_op &&
		    p->t_errno == q->t_errno && p->t_proc == q->t_proc &&
		    p->t_retries == q->t_retries)
			continue;
		line_start(&l, "thread %s: ", trace_thread_name(m, i));
		if (p->t_state != q->t_state || p->t_wchan != q->t_wchan ||
		    p->t_wobj != q->t_wobj) {
			char wc[80];

			if (q->t_state == TS_SLEEP) {
				wchan_str(m, b, q->t_wchan, q->t_wobj, wc, sizeof(wc));
				field(&l, "%s -> SLEEP on %s", state_name(p->t_state),
				    wc);
			} else {
				field(&l, "%s -> %s", state_name(p->t_state),
				    state_name(q->t_state));
			}
		}
		if (p->t_op != q->t_op) {
			const struct thread_def *td = &m->threads[i];

			if (td->kthread == KT_NONE && p->t_op < td->nops &&
			    p->t_op < MAX_OPS) {
				char rb[24];
				int k = td->ops[p->t_op].kind;

				field(&l, "%s returned %s", op_name(k),
				    op_result_str(k, q->t_errno, 0, false, rb,
				    sizeof(rb)));
			}
			else
				field(&l, "op %d -> %d", p->t_op, q->t_op);
		} else if (p->t_errno != q->t_errno) {
			field(&l, "errno %d -> %d", p->t_errno, q->t_errno);
		}
		if (p->t_proc != q->t_proc)
			field(&l, "proc %d -> %d", p->t_proc, q->t_proc);
		if (p->t_retries != q->t_retries)
			field(&l, "fault retries without progress %d -> %d",
			    p->t_retries, q->t_retries);
		line_end(out, indent, &l);
	}
}

static void
diff_misc(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	const struct uvmexp *p = &a->uvmexp, *q = &b->uvmexp;
	struct line l;

	line_start(&l, "uvmexp: ");
	NUM(&l, p, q, paging);
	NUM(&l, p, q, pd_wanted);
	if (p->env_failures != q->env_failures)
		field(&l, "failure budget %d -> %d", p->env_failures,
		    q->env_failures);
	NUM(&l, p, q, pd_passes);
	line_end(out, indent, &l);

	for (int i = 1; i <= MAX_PROCS; i++)
		if (a->proc_vm[i] != b->proc_vm[i]) {
			const char *pn = m->procs[i].name[0] ? m->procs[i].name : "?";

			if (b->proc_vm[i] == 0)
				fprintf(out, "%sproc %s: vmspace %d -> none (exited)\n",
				    indent, pn, a->proc_vm[i]);
			else
				fprintf(out, "%sproc %s: vmspace %d -> %d\n", indent, pn,
				    a->proc_vm[i], b->proc_vm[i]);
		}

	for (int i = 1; i <= MAX_WIRINGS; i++) {
		const struct wiring *x = &a->wirings[i], *y = &b->wirings[i];
		char vm[40];

		if (memcmp(x, y, sizeof(*x)) == 0)
			continue;
		if (x->w_kind == WK_NONE) {
			vm_name2(m, a, b, y->w_vm, vm, sizeof(vm));
			fprintf(out, "%swiring %d: %s of %s va %d, page %d\n", indent,
			    i, wiring_kind_name(y->w_kind), vm, y->w_va, y->w_page);
		} else if (y->w_kind == WK_NONE) {
			fprintf(out, "%swiring %d: %s of page %d undone\n", indent, i,
			    wiring_kind_name(x->w_kind), x->w_page);
		} else if (x->w_page != 0 && y->w_page == 0) {
			fprintf(out, "%swiring %d: %s of page %d lost (page freed "
			    "under it)\n", indent, i, wiring_kind_name(x->w_kind),
			    x->w_page);
		} else {
			fprintf(out, "%swiring %d: %s va %d page %d -> %s va %d page "
			    "%d\n", indent, i, wiring_kind_name(x->w_kind), x->w_va,
			    x->w_page, wiring_kind_name(y->w_kind), y->w_va,
			    y->w_page);
		}
	}
}

void
trace_diff(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent)
{
	diff_threads(out, m, a, b, indent);
	diff_pages(out, m, a, b, indent);
	diff_pmaps(out, m, a, b, indent);
	diff_entries(out, m, a, b, indent);
	diff_vmspaces(out, m, a, b, indent);
	diff_objs(out, m, a, b, indent);
	diff_anons(out, m, a, b, indent);
	diff_amaps(out, m, a, b, indent);
	diff_swap(out, a, b, indent);
	diff_bufs(out, m, a, b, indent);
	diff_kloans(out, m, a, b, indent);
	diff_misc(out, m, a, b, indent);
}

void
trace_step(FILE *out, const struct model *m, int step,
    const struct sched_choice *ch, const struct world *before,
    const struct world *after, const struct step_result *r)
{
	char fail[32] = "";

	if (ch->choice != 0)
		snprintf(fail, sizeof(fail), "  [failure point %d fails]",
		    ch->choice);
	fprintf(out, "step %-3d %-6s %-13s %s%s%s\n", step,
	    trace_thread_name(m, ch->tid), r->op != NULL ? r->op : "?",
	    r->point != NULL ? r->point : "?",
	    r->status == STEP_BLOCKED ? "  (sleeps)" : "", fail);
	for (int i = 0; i < r->nnotes && i < STEP_MAX_NOTES; i++)
		if (r->notes[i] != NULL)
			fprintf(out, "         . %s\n", r->notes[i]);
	trace_diff(out, m, before, after, "         ");
}

void
trace_run_cb(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp)
{
	struct trace_arg *ta = arg;

	(void)fp;
	trace_step(ta->out, ta->m, step, ch, before, after, r);
}
