/*
 * print.c: struct scenario -> canonical scenario text.
 *
 * The canonical form has one directive per line in a fixed order:
 * scenario, world (every tunable), objects, processes, maps, threads and
 * kernel threads (in index order, so that indices survive a re-parse),
 * profile, bug, expectations, bound.  Options equal to their defaults are
 * left out (maxprot=rwx, the inheritance the mapping's sharing implies,
 * resident=0); names come from struct model.  Parsing the output gives
 * the same struct model and expectations, positions aside.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scenarios/scenario.h"

/* where the text goes: a FILE, or a buffer that counts what overflows */
struct out {
	FILE *f;
	char *buf;
	size_t len, pos;
};

static void
out_printf(struct out *o, const char *fmt, ...)
{
	char line[SCN_LINE_MAX * 2];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	if (o->f != NULL) {
		fwrite(line, 1, (size_t)n, o->f);
		return;
	}
	if (o->buf != NULL && o->pos + 1 < o->len) {
		size_t room = o->len - 1 - o->pos;
		size_t c = (size_t)n < room ? (size_t)n : room;

		memcpy(o->buf + o->pos, line, c);
		o->buf[o->pos + c] = '\0';
	}
	o->pos += (size_t)n;
}

static void
print_mapping_tail(struct out *o, const struct op *op)
{
	int flags = op->arg[4];
	int definh = (flags & MMAP_SHARED) ? MAP_INHERIT_SHARE :
	    MAP_INHERIT_COPY;
	static const char *const inh[] = { "share", "copy", "none", "zero" };
	char b[8];

	out_printf(o, " %s %s", (flags & MMAP_SHARED) ? "shared" : "private",
	    scenario_prot_name(op->arg[5], b));
	if (op->arg[6] != VM_PROT_ALL)
		out_printf(o, " maxprot=%s", scenario_prot_name(op->arg[6], b));
	if (op->arg[7] != definh && op->arg[7] <= MAP_INHERIT_ZERO)
		out_printf(o, " inherit=%s", inh[op->arg[7]]);
	if (flags & MMAP_WIRED)
		out_printf(o, " wired");
	if (flags & MMAP_FIXED)
		out_printf(o, " fixed");
}

static const char *
obj_name(const struct model *m, int obj)
{
	return obj == 0 ? "anon" : obj <= MAX_OBJS ? m->objs[obj].name : "?";
}

static const char *
proc_name(const struct model *m, int proc)
{
	return proc >= 1 && proc <= MAX_PROCS ? m->procs[proc].name : "?";
}

static const char *
thread_name(const struct model *m, int tid)
{
	return tid >= 1 && tid <= MAX_THREADS ? m->threads[tid].name : "?";
}

/* the first of words that stands for value, or NULL */
static const char *
word_name(const struct op_word *words, int value)
{
	for (int k = 0; words[k].word != NULL; k++)
		if (words[k].value == value)
			return words[k].word;
	return NULL;
}

/* one argument, as its registry signature writes it (core/registry.h) */
static void
print_arg(struct out *o, const struct model *m, const struct op *op,
    const struct op_arg *sa)
{
	const uint8_t *a = op->arg + sa->slot;
	const char *n;
	char b[8];

	switch (sa->kind) {
	case OA_VA:
	case OA_NPAGES:
	case OA_MAP_OFF:
	case OA_SIZE:
	case OA_KVA:
		out_printf(o, " %d", a[0]);
		break;
	case OA_MAP_OBJ:
	case OA_VNODE:
		out_printf(o, " %s", obj_name(m, a[0]));
		break;
	case OA_MAP_TAIL:
		print_mapping_tail(o, op);
		break;
	case OA_PROT:
		out_printf(o, " %s", scenario_prot_name(a[0], b));
		break;
	case OA_ACCESS:
		n = word_name(sa->words, a[0]);
		if (a[0] == VM_PROT_WRITE && a[2])
			out_printf(o, " w=%d", a[1]);
		else
			out_printf(o, " %s", n != NULL ? n : "r");
		break;
	case OA_MCL:
		n = word_name(sa->words, a[0]);
		out_printf(o, " %s", n != NULL ? n : "current");
		break;
	case OA_PROC:
	case OA_CHILD:
		out_printf(o, " %s", proc_name(m, a[0]));
		break;
	case OA_CLONE:
		out_printf(o, " %s", thread_name(m, a[0]));
		break;
	case OA_WAITEE:
		out_printf(o, " %s", a[1] ? thread_name(m, a[0]) :
		    proc_name(m, a[0]));
		break;
	case OA_OPT_BYTE:
		if (a[1])
			out_printf(o, " %d", a[0]);
		break;
	case OA_INHERIT:
		if ((n = word_name(sa->words, a[0])) != NULL)
			out_printf(o, " %s", n);
		else
			out_printf(o, " %d", a[0]);
		break;
	case OA_WORD:
		/* an optional word at its default is left out */
		if (sa->optional && a[0] == sa->dflt)
			break;
		n = word_name(sa->words, a[0]);
		out_printf(o, " %s", n != NULL ? n : "?");
		break;
	default:
		break;
	}
}

static void
print_op(struct out *o, const struct model *m, const struct op *op)
{
	const struct op_desc *d = op_desc(op->kind);

	out_printf(o, "%s", op_name(op->kind));
	for (int i = 0; d != NULL && i < d->nsig; i++)
		print_arg(o, m, op, &d->sig[i]);
	switch (op->exp_kind) {
	case EXP_ERRNO: {
		const char *n = errno_name(op->exp_val);

		out_printf(o, " -> %s", n != NULL ? n : "?");
		break;
	}
	case EXP_SIGNAL: {
		const char *n = signal_name(op->exp_val);

		out_printf(o, " -> %s", n != NULL ? n : "?");
		break;
	}
	case EXP_VALUE:
		out_printf(o, " -> %d", op->exp_val);
		break;
	default:
		break;
	}
}

/* a thread is a clone thread iff some clone operation starts it */
static bool
is_cloned(const struct model *m, int tid)
{
	for (int u = 1; u <= m->nthreads; u++)
		for (int i = 0; i < m->threads[u].nops; i++)
			if (m->threads[u].ops[i].kind == OP_CLONE &&
			    m->threads[u].ops[i].arg[0] == tid)
				return true;
	return false;
}

static void
print_knobs(struct out *o, const struct knobs *k, const uint8_t *mask)
{
	for (int i = 0; i < NKNOBS; i++) {
		if (!mask[i])
			continue;
		out_printf(o, " %s=%s", knob_descs[i].name,
		    knob_value_name(i, k->v[i]));
	}
}

static void
print_all(struct out *o, const struct scenario *s)
{
	const struct model *m = &s->model;
	const struct tunables *t = &m->tun;
	bool anyknob = false;

	out_printf(o, "scenario %s\n", s->name);
	out_printf(o,
	    "world pages=%d swap=%d freemin=%d freetarg=%d reserve=%d failures=%d",
	    t->npages, t->nswap, t->freemin, t->freetarg, t->reserve,
	    t->failures);
	if (t->intrsafe_kmem)
		out_printf(o, " intrsafe=1");
	out_printf(o, "\n");

	for (int i = 1; i <= m->nobjs; i++) {
		const struct obj_def *od = &m->objs[i];

		out_printf(o, "%s %s pages=%d", od->type == UOBJ_AOBJ ? "aobj" :
		    "vnode", od->name, od->size);
		if (od->resident)
			out_printf(o, " resident=%d", od->resident);
		if (od->open != OPEN_RW) {
			static const char *const modes[] = {
				[OPEN_RW] = "rw", [OPEN_R] = "r",
				[OPEN_W] = "w", [OPEN_CLOSED] = "closed",
			};

			out_printf(o, " open=%s", od->open <= OPEN_CLOSED ?
			    modes[od->open] : "?");
		}
		out_printf(o, "\n");
	}
	for (int i = 1; i <= m->nprocs; i++) {
		out_printf(o, "proc %s%s", m->procs[i].name,
		    m->procs[i].forked ? " forked" : "");
		if (m->procs[i].has_memlock)
			out_printf(o, " memlock=%d", m->procs[i].memlock);
		out_printf(o, "\n");
	}
	for (int i = 0; i < m->nmapdefs; i++) {
		const struct map_def *md = &m->mapdefs[i];
		const uint8_t *a = md->mmap.arg;

		out_printf(o, "map %s %d %s %d %d", proc_name(m, md->proc),
		    a[0], obj_name(m, a[2]), a[3], a[1]);
		print_mapping_tail(o, &md->mmap);
		out_printf(o, "\n");
	}
	for (int tid = 1; tid <= m->nthreads; tid++) {
		const struct thread_def *td = &m->threads[tid];

		if (td->kthread != KT_NONE) {
			out_printf(o, "kthread %s %s\n", td->name,
			    kthread_name(td->kthread));
			continue;
		}
		out_printf(o, "thread %s %s%s:", td->name,
		    proc_name(m, td->proc), is_cloned(m, tid) ? " clone" : "");
		for (int i = 0; i < td->nops; i++) {
			out_printf(o, i == 0 ? " " : "; ");
			print_op(o, m, &td->ops[i]);
		}
		out_printf(o, "\n");
	}

	if (s->profile[0] != '\0')
		out_printf(o, "profile %s\n", s->profile);
	for (int i = 0; i < NKNOBS; i++)
		anyknob |= s->knob_mask[i] != 0;
	if (anyknob) {
		out_printf(o, "bug");
		print_knobs(o, &s->knobs, s->knob_mask);
		out_printf(o, "\n");
	}
	for (int i = 0; i < s->nexpect; i++) {
		const struct scenario_expect *e = &s->expect[i];

		out_printf(o, "expect");
		if (e->kind == SCN_EXPECT_FIXED) {
			out_printf(o, " fixed");
		} else {
			bool any = false;

			for (int k = 0; k < NKNOBS; k++)
				any |= e->knob_mask[k] != 0;
			if (e->kind == SCN_EXPECT_PROFILE)
				out_printf(o, " profile %s%s", e->profile,
				    any ? " bug" : "");
			else
				out_printf(o, " bug");
			print_knobs(o, &e->knobs, e->knob_mask);
		}
		out_printf(o, " -> %s\n", e->verdict);
	}
	out_printf(o, "bound depth=%u", (unsigned)s->bound_depth);
	if (s->bound_restarts != 0)
		out_printf(o, " restarts=%u", (unsigned)s->bound_restarts);
	out_printf(o, "\n");
}

void
scenario_print(const struct scenario *s, FILE *f)
{
	struct out o = { .f = f };

	print_all(&o, s);
}

size_t
scenario_print_buf(const struct scenario *s, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };

	if (buf != NULL && len > 0)
		buf[0] = '\0';
	print_all(&o, s);
	return o.pos;
}

const char *
scenario_prot_name(int prot, char buf[8])
{
	int n = 0;

	if ((prot & VM_PROT_ALL) == 0)
		return strcpy(buf, "none");
	if (prot & VM_PROT_READ)
		buf[n++] = 'r';
	if (prot & VM_PROT_WRITE)
		buf[n++] = 'w';
	if (prot & VM_PROT_EXECUTE)
		buf[n++] = 'x';
	buf[n] = '\0';
	return buf;
}
