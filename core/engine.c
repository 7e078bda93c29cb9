/*
 * engine.c: the step engine: threads, frames, wait channels and the
 * environment's choices.  See engine.h for the contract.
 *
 * A thread is a stack of frames.  Its bottom frame is the operation its
 * program is at (ops.c turns a struct op into a call), or for a kernel
 * thread its endless service loop.  world_step() runs frames until one
 * yields or sleeps; a frame that returns hands its value to the frame
 * below; when the bottom frame returns, the operation is complete (a
 * progress mark) and the step ends there, so that every operation
 * boundary is an interleaving point.
 */
#include "core/engine.h"

#include <stdio.h>
#include <string.h>

#include "core/inv_ids.h"
#include "core/ops.h"
#include "core/uvm.h"

/* ---------------------------------------------------------------- threads */

struct thread *
cur_thread(struct world *w, struct step_ctx *c)
{
	return &w->threads[c->tid];
}

bool
thread_is_user(const struct model *m, int tid)
{
	return m->threads[tid].kthread == KT_NONE;
}

int
thread_vm(const struct world *w, int tid)
{
	return w->proc_vm[w->threads[tid].t_proc];
}

const struct op *
cur_op(const struct world *w, const struct model *m, int tid)
{
	const struct thread *t = &w->threads[tid];
	const struct thread_def *td = &m->threads[tid];

	if (td->kthread != KT_NONE || t->t_op >= td->nops)
		return NULL;
	return &td->ops[t->t_op];
}

bool
thread_enabled(const struct world *w, const struct model *m, int tid)
{
	return !world_capacity_hit(w) && tid >= 1 && tid <= m->nthreads &&
	    w->threads[tid].t_state == TS_RUN;
}

int
enabled_threads(const struct world *w, const struct model *m, uint8_t *tids)
{
	int n = 0;

	if (world_capacity_hit(w))
		return 0;
	for (int tid = 1; tid <= m->nthreads; tid++)
		if (w->threads[tid].t_state == TS_RUN)
			tids[n++] = (uint8_t)tid;
	return n;
}

bool
world_finished(const struct world *w, const struct model *m)
{
	for (int tid = 1; tid <= m->nthreads; tid++) {
		const struct thread *t = &w->threads[tid];

		if (t->t_state == TS_RUN)
			return false;
		if (thread_is_user(m, tid) && t->t_state == TS_SLEEP)
			return false;
	}
	return true;
}

bool
world_deadlocked(const struct world *w, const struct model *m)
{
	bool sleeper = false;

	if (world_capacity_hit(w))
		return false;	/* cut by the model's capacity, not stuck */
	for (int tid = 1; tid <= m->nthreads; tid++) {
		const struct thread *t = &w->threads[tid];

		if (t->t_state == TS_RUN)
			return false;
		if (thread_is_user(m, tid) && t->t_state == TS_SLEEP)
			sleeper = true;
	}
	return sleeper;
}

/* --------------------------------------------------------------- frames */

/*
 * fn_call_frame: push a frame of model function fn on the current
 * thread's stack, its bytes a copy of the len bytes of args (the callee's
 * struct of core/frames.h; the rest zero), and return FN_CALL: the
 * callee runs at once.  The typed call helpers (core/ops.h) are built on
 * it.  A full stack is a model bug: a kernel-panic event and FN_YIELD.
 */
int
fn_call_frame(struct world *w, struct step_ctx *c, int fn, const void *args,
    size_t len)
{
	struct thread *t = cur_thread(w, c);
	struct frame *f;

	if (t->t_depth >= FRAME_DEPTH) {
		model_capacity(w, c, fn, "model: frame stack overflow "
		    "(FRAME_DEPTH)");
		return FN_YIELD;
	}
	f = &t->t_frames[t->t_depth++];
	memset(f, 0, sizeof(*f));
	f->fn = (uint8_t)fn;
	if (len > 0)
		memcpy(f->bytes, args, len < FRAME_ARGS ? len : FRAME_ARGS);
	return FN_CALL;
}

int
fn_call(struct world *w, struct step_ctx *c, int fn, int a0, int a1, int a2,
    int a3, int a4, int a5)
{
	const uint8_t args[FRAME_ARGS] = { (uint8_t)a0, (uint8_t)a1,
	    (uint8_t)a2, (uint8_t)a3, (uint8_t)a4, (uint8_t)a5 };

	return fn_call_frame(w, c, fn, args, sizeof(args));
}

int
fn_return(struct world *w, struct step_ctx *c, int value)
{
	struct thread *t = cur_thread(w, c);

	memset(&t->t_frames[--t->t_depth], 0, sizeof(struct frame));
	if (t->t_depth > 0)
		t->t_frames[t->t_depth - 1].ret = (int8_t)value;
	else
		c->bottom_ret = value;
	return FN_RETURN;
}

int
fn_yield(struct world *w, struct step_ctx *c, int next_pc, const char *point)
{
	struct thread *t = cur_thread(w, c);

	t->t_frames[t->t_depth - 1].pc = (uint8_t)next_pc;
	c->point = point;
	return FN_YIELD;
}

int
fn_sleep(struct world *w, struct step_ctx *c, int next_pc, int wchan, int wobj,
    const char *wmesg)
{
	struct thread *t = cur_thread(w, c);

	if (t->t_depth > 0)
		t->t_frames[t->t_depth - 1].pc = (uint8_t)next_pc;
	t->t_state = TS_SLEEP;
	t->t_wchan = (uint8_t)wchan;
	t->t_wobj = (uint8_t)wobj;
	c->point = wmesg;
	return FN_SLEEP;
}

void
wakeup(struct world *w, int wchan, int wobj)
{
	for (int tid = 1; tid <= MAX_THREADS; tid++) {
		struct thread *t = &w->threads[tid];

		if (t->t_state == TS_SLEEP && t->t_wchan == wchan &&
		    t->t_wobj == wobj) {
			t->t_state = TS_RUN;
			t->t_wchan = WC_NONE;
			t->t_wobj = 0;
		}
	}
}

void
note(struct step_ctx *c, const char *what)
{
	if (c->nnotes < STEP_MAX_NOTES)
		c->notes[c->nnotes++] = what;
}

bool
env_fail(struct world *w, struct step_ctx *c, const char *site)
{
	if (w->uvmexp.env_failures == 0 || c->nofail > 0)
		return false;
	c->nchoice++;
	if (c->choice != c->nchoice)
		return false;
	w->uvmexp.env_failures--;
	c->choice_taken = true;
	note(c, site);
	return true;
}

bool
world_capacity_hit(const struct world *w)
{
	return w->event.ev_inv == EV_MODEL_CAPACITY ||
	    w->wirings[0].w_kind != 0;
}

void
model_capacity(struct world *w, struct step_ctx *c, int o0, const char *what)
{
	model_event(w, c, EV_MODEL_CAPACITY, o0, 0, 0, what);
}

void
model_event(struct world *w, struct step_ctx *c, int inv, int o0, int o1,
    int o2, const char *what)
{
	note(c, what);
	if (w->event.ev_inv != INV_NONE)
		return;
	c->event_what = what;
	w->event.ev_inv = (uint8_t)inv;
	w->event.ev_tid = (uint8_t)c->tid;
	w->event.ev_obj[0] = (uint8_t)o0;
	w->event.ev_obj[1] = (uint8_t)o1;
	w->event.ev_obj[2] = (uint8_t)o2;
}

/*
 * op_result_check: an operation written `OP ... -> R` must give R (the
 * call-result invariant): an errno (or 0), the signal a failed access
 * raises (touch: trap_signal of the fault's error), or the byte a read
 * saw (touch r, ptrace-read) or mincore's resident count.
 */
static void
op_result_check(struct world *w, struct step_ctx *c, const struct op *op)
{
	const struct op_desc *d = op_desc(op->kind);
	bool signals = d != NULL && (d->flags & OPF_SIGNAL) != 0;
	int rc = c->bottom_ret;
	bool ok;

	switch (op->exp_kind) {
	case EXP_ERRNO:
		ok = signals ? (rc == 0 && op->exp_val == 0) :
		    rc == op->exp_val;
		break;
	case EXP_SIGNAL:
		ok = signals && rc != 0 &&
		    trap_signal(rc) == op->exp_val;
		break;
	case EXP_VALUE:
		ok = rc == 0 && c->has_value && c->value == op->exp_val;
		break;
	default:
		return;
	}
	if (!ok)
		model_event(w, c, INV_CALL_RESULT, c->tid,
		    w->threads[c->tid].t_op, rc,
		    "the call gave another result than the scenario's `-> R`");
}

/* ------------------------------------------------------------ the table */

/* the model functions of core/registry.h's list, by FN_* number */

struct fn_desc {
	const char *name;
	model_fn_t step;
};

#define ENGINE_FN_ROW(e, name, step) [e] = { name, step },
static const struct fn_desc fns[NFNS] = {
	MODEL_FUNCTIONS(ENGINE_FN_ROW)
};
#undef ENGINE_FN_ROW

const char *
fn_name(int fn)
{
	if (fn <= FN_NONE || fn >= NFNS || fns[fn].name == NULL)
		return "?";
	return fns[fn].name;
}

/* ------------------------------------------------------------- the step */

static int
kthread_fn(int kind)
{
	switch (kind) {
	case KT_PAGEDAEMON:
		return FN_KT_PAGEDAEMON;
	case KT_NETISR:
		return FN_KT_NETISR;
	case KT_AIODONE:
		return FN_KT_AIODONE;
	case KT_INTR:
		return FN_KT_INTR;
	}
	return FN_NONE;
}

void
world_step(struct world *w, const struct model *m, int tid, int choice,
    struct step_result *r)
{
	struct step_ctx c;
	struct thread *t = &w->threads[tid];
	const struct thread_def *td = &m->threads[tid];
	const struct op *op;

	memset(&c, 0, sizeof(c));
	memset(r, 0, sizeof(*r));
	c.m = m;
	c.tid = tid;
	c.choice = choice;
	memset(&w->event, 0, sizeof(w->event));

	if (!thread_enabled(w, m, tid)) {
		r->status = STEP_DISABLED;
		return;
	}
	op = cur_op(w, m, tid);
	r->op = td->kthread != KT_NONE ? kthread_name(td->kthread) :
	    op != NULL ? op_name(op->kind) : "exit";

	if (t->t_depth == 0) {
		if (td->kthread != KT_NONE)
			fn_call_frame(w, &c, kthread_fn(td->kthread), NULL, 0);
		else if (op != NULL)
			op_start(w, &c, op);
		else
			t->t_state = TS_DONE;
	}

	r->status = STEP_ADVANCED;
	while (t->t_depth > 0) {
		struct frame *f = &t->t_frames[t->t_depth - 1];
		int rc;

		if (++c.iterations > STEP_MAX_ITER) {
			model_event(w, &c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
			    "model: step does not reach an interleaving point");
			break;
		}
		rc = fns[f->fn].step(w, &c, t, f);
		if (rc == FN_CALL)
			continue;
		if (rc == FN_RETURN) {
			if (t->t_depth > 0)
				continue;
			/* the operation is complete: a progress mark */
			if (td->kthread == KT_NONE && op != NULL)
				op_result_check(w, &c, op);
			t->t_errno = (int8_t)c.bottom_ret;
			t->t_op++;
			t->t_retries = 0;
			c.progress = true;
			c.op_completed = true;
			c.point = "op complete";
			r->status = STEP_COMPLETED;
			if (td->kthread == KT_NONE && t->t_op >= td->nops) {
				t->t_state = TS_DONE;
				/* waitpid: wake whoever waits for it */
				wakeup(w, WC_CHILD, tid);
				wakeup(w, WC_CHILD, MAX_THREADS + t->t_proc);
			}
			break;
		}
		if (rc == FN_SLEEP)
			r->status = STEP_BLOCKED;
		break;
	}

	r->point = c.point != NULL ? c.point : "step";
	r->nchoice = c.nchoice;
	r->choice_taken = c.choice_taken;
	r->progress = c.progress;
	r->nnotes = c.nnotes;
	memcpy(r->notes, c.notes, sizeof(r->notes));
	r->event_inv = w->event.ev_inv;
	r->event_what = c.event_what;
}

/* ------------------------------------------------------------ the start */

/*
 * world_setup_wire: a `map ... wired` mapping starts mlock()ed: run
 * sys_mlock (op_mlock_step: uvm_map_pageable -> uvm_fault_wire, the
 * entry's wired_count, PMAP_WIRED mappings, uvm_pagewire, the ghost
 * wiring records) on the new entry, before any thread starts, as the
 * process itself would have.  Runs in thread slot 1 (no thread has
 * started yet; the slot is cleared afterwards), without injected
 * failures, to completion: a sleep (no free page and no one to free
 * one), an error or a kernel event is a setup failure.
 *
 * => returns 0, or -1 with err set.
 */
static int
world_setup_wire(struct world *w, const struct model *m,
    const struct map_def *md, char *err, int errlen)
{
	struct thread *t = &w->threads[1];
	int ret = -1, fail = 0;

	memset(t, 0, sizeof(*t));
	t->t_proc = (uint8_t)md->proc;
	t->t_state = TS_RUN;
	for (int steps = 0; steps < 64 && fail == 0; steps++) {
		struct step_ctx c;

		memset(&c, 0, sizeof(c));
		c.m = m;
		c.tid = 1;
		c.nofail = 1;
		if (steps == 0)
			call_op_mlock(w, &c, md->mmap.arg[0], md->mmap.arg[1]);
		while (t->t_depth > 0 && fail == 0) {
			struct frame *f = &t->t_frames[t->t_depth - 1];
			int rc = fns[f->fn].step(w, &c, t, f);

			if (w->event.ev_inv != 0 ||
			    ++c.iterations > STEP_MAX_ITER)
				fail = 1;
			else if (rc == FN_SLEEP)
				fail = 2;
			else if (rc == FN_YIELD)
				break;
		}
		if (fail == 0 && t->t_depth == 0) {
			ret = c.bottom_ret;
			break;
		}
	}
	if (err != NULL && ret != 0)
		snprintf(err, (size_t)errlen, "%s",
		    fail == 1 ? "mlock at world setup raised a kernel event" :
		    fail == 2 ? "mlock at world setup sleeps (not enough "
		    "free pages to wire the mapping: raise world pages=)" :
		    ret == M_EAGAIN ? "mlock at world setup fails with EAGAIN "
		    "(more wired pages than uvmexp.wiredmax, a third of "
		    "world pages=)" :
		    "mlock at world setup fails");
	memset(&w->event, 0, sizeof(w->event));
	memset(t, 0, sizeof(*t));
	return ret == 0 ? 0 : -1;
}

void
world_init(struct world *w, const struct model *m)
{
	(void)world_init_checked(w, m, NULL, 0);
}

int
world_init_checked(struct world *w, const struct model *m, char *err,
    int errlen)
{
	int rc = 0;

	memset(w, 0, sizeof(*w));
	pmap_init(&w->pmap);

	for (int pg = 1; pg <= m->tun.npages && pg <= MAX_PAGES; pg++)
		w->pages[pg].pg_pqflags = PQ_FREE;

	/* kernel_map */
	w->vms[KERNEL_VMSPACE].vm_flags = VM_MAP_INUSE | VM_MAP_KERNEL;
	if (m->tun.intrsafe_kmem)
		w->vms[KERNEL_VMSPACE].vm_flags |= VM_MAP_INTRSAFE;
	w->vms[KERNEL_VMSPACE].vm_refs = 1;
	w->pmap.pmaps[KERNEL_VMSPACE].pm_flags = PM_ACTIVE | PM_STATIC_PTPS;

	for (int o = 1; o <= m->nobjs; o++) {
		w->objs[o].uo_type = m->objs[o].type;
		w->objs[o].v_size = m->objs[o].size;
		for (int off = 0; off < m->objs[o].resident; off++) {
			int pg = 0;

			for (int p = 1; p <= m->tun.npages; p++)
				if (w->pages[p].pg_pqflags == PQ_FREE) {
					pg = p;
					break;
				}
			if (pg == 0)
				break;
			w->pages[pg].pg_pqflags = PQ_ACTIVE;
			w->pages[pg].pg_flags = PG_CLEAN;
			w->pages[pg].uobject = (uint8_t)o;
			w->pages[pg].offset = (uint8_t)off;
		}
	}

	for (int p = 1; p <= m->nprocs; p++) {
		if (m->procs[p].forked)
			continue;
		int vm = vmspace_alloc(w);

		w->proc_vm[p] = (uint8_t)vm;
	}

	for (int i = 0; i < m->nmapdefs; i++) {
		const struct map_def *md = &m->mapdefs[i];
		const struct op *o = &md->mmap;
		struct step_ctx c;

		memset(&c, 0, sizeof(c));
		c.m = m;
		(void)uvm_map_enter(w, &c, w->proc_vm[md->proc], o->arg[0],
		    o->arg[1], o->arg[2], o->arg[3], o->arg[4], o->arg[5],
		    o->arg[6], o->arg[7]);
	}
	/* then wire the `wired` ones, in declaration order */
	for (int i = 0; i < m->nmapdefs && rc == 0; i++) {
		const struct map_def *md = &m->mapdefs[i];
		char e[160];

		/* uvm_mmap: MAP_WIRED of a PROT_NONE mapping wires nothing */
		if (!(md->mmap.arg[4] & MMAP_WIRED) ||
		    md->mmap.arg[5] == VM_PROT_NONE)
			continue;
		if (world_setup_wire(w, m, md, e, sizeof(e)) != 0) {
			rc = -(i + 1);
			if (err != NULL)
				snprintf(err, (size_t)errlen, "%s", e);
		}
	}

	for (int tid = 1; tid <= m->nthreads; tid++) {
		const struct thread_def *td = &m->threads[tid];
		struct thread *t = &w->threads[tid];

		t->t_proc = td->proc;
		if (td->kthread != KT_NONE) {
			/* service threads start asleep, waiting for work */
			t->t_state = TS_SLEEP;
			t->t_wchan = td->kthread == KT_PAGEDAEMON ? WC_PDAEMON :
			    WC_WORK;
			t->t_wobj = td->kthread == KT_PAGEDAEMON ? 0 :
			    td->kthread;
			if (td->kthread == KT_INTR)
				t->t_state = TS_RUN;
		} else if (td->embryo) {
			t->t_state = TS_EMBRYO;
		} else {
			t->t_state = td->nops > 0 ? TS_RUN : TS_DONE;
		}
	}
	w->uvmexp.env_failures = m->tun.failures;
	return rc;
}
