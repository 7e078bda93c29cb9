/*
 * engine.h: threads, steps and interleaving points (docs/design.md §3).
 *
 * A thread runs its program, one operation after another.  Each operation
 * and each kernel function that can sleep is a resumable model function:
 * a `switch (f->pc)` over its own frame in the world, nested on a small
 * frame stack (a fault inside vslock inside physio).  One step runs the
 * chosen thread from one interleaving point to the next, atomically:
 *
 *	world_step(w, m, tid, choice, &r)
 *	    loop: run the top frame's function
 *	        FN_CALL    a callee frame was pushed: run it now
 *	        FN_RETURN  the frame popped: resume the caller (f->ret set)
 *	        FN_YIELD   an interleaving point: the step ends, thread runnable
 *	        FN_SLEEP   the thread sleeps on a wait channel: the step ends
 *	    the program's top-level op returned: next op, or the thread is done
 *
 * Interleaving points are where the kernel lets another thread in: where
 * it sleeps (uvm_wait, a busy page, I/O), where it drops and retakes locks
 * (uvmfault_unlockall and the restart), and between the phases of a
 * multi-phase operation.  Each is named after the kernel code it stands
 * for (its wait message where it has one); the trace prints the name.
 *
 * Environment choices: a step may pass failable points (an allocation, a
 * PMAP_CANFAIL pmap_enter, an I/O).  While the scenario's failure budget
 * lasts, each such point counts in r->nchoice; world_step(..., choice=k)
 * makes the k-th point of the step fail (0 = none fails).  The explorer
 * learns from r->nchoice how many alternatives a step has.
 */
#ifndef UVMCHECK_ENGINE_H
#define UVMCHECK_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/world.h"

/* every resumable model function: enum model_fn (core/registry.h); the
 * frame of each, its arguments and locals by name: core/frames.h */

/* what a model function's step returns */
enum fn_rc { FN_CALL = 1, FN_RETURN, FN_YIELD, FN_SLEEP };

/* uvm_fault flags (uvm_fault_frame.flags) */
#define FAULT_WIRE	0x1	/* VM_FAULT_WIRE: wire fault */
#define FAULT_WIREMAX	0x2	/* check and copy at max_protection */
#define FAULT_KERNEL	0x4	/* kernel-mode fault (uvm_io's uiomove) */

/* error numbers the model returns (as the kernel's errno values) */
#define M_EFAULT	14
#define M_ENOMEM	12
#define M_EACCES	13
#define M_EINVAL	22
#define M_EBUSY		16
#define M_EIO		5
#define M_ERESTART	85
#define M_EDEADLK	35
#define M_EBADF		9
#define M_EAGAIN	11
#define M_ENXIO		6
/* signals a failed access raises (trap_signal), as NetBSD numbers them */
#define M_SIGKILL	9
#define M_SIGBUS	10
#define M_SIGSEGV	11

#define STEP_MAX_NOTES	12
#define STEP_MAX_ITER	4096	/* a step running longer is a model bug */

/* per-step scratch: lives on the C stack of world_step, never in the world */
struct step_ctx {
	const struct model *m;
	int tid;
	int choice;		/* which failable point fails, 1-based; 0 none */
	int nchoice;		/* failable points met with budget left */
	bool choice_taken;	/* the chosen failure happened */
	const char *point;	/* interleaving point the step ended at */
	const char *notes[STEP_MAX_NOTES];	/* what happened, in UVM's words */
	int nnotes;
	bool progress;		/* a progress mark (op or fault completed) */
	bool op_completed;
	int iterations;
	int bottom_ret;		/* the operation's return value */
	int value;		/* what a read saw (touch r, ptrace-read, mincore) */
	bool has_value;
	const char *event_what;	/* message of the step's model_event */
	int nofail;		/* >0: inside an M_WAITOK allocation: no injected failure */
};

enum step_status { STEP_ADVANCED = 1, STEP_COMPLETED, STEP_BLOCKED, STEP_DISABLED };

struct step_result {
	enum step_status status;
	const char *point;	/* interleaving point reached */
	const char *op;		/* operation the thread was running */
	int nchoice;		/* environment alternatives this step had */
	bool choice_taken;
	bool progress;
	int nnotes;
	const char *notes[STEP_MAX_NOTES];
	int event_inv;		/* w->event.ev_inv after the step */
	const char *event_what;	/* what the kernel said (the assertion's message) */
};

/* ---- the explorer's interface ---- */
void world_init(struct world *w, const struct model *m);
/* world_init that reports a `map ... wired` whose setup mlock fails:
 * 0, or -(i + 1) for mapdefs[i] with err set (the world is then as far
 * as setup got) */
int world_init_checked(struct world *w, const struct model *m, char *err,
    int errlen);
bool thread_enabled(const struct world *w, const struct model *m, int tid);
int enabled_threads(const struct world *w, const struct model *m, uint8_t *tids);
void world_step(struct world *w, const struct model *m, int tid, int choice,
    struct step_result *r);
/* every user thread finished and no thread enabled */
bool world_finished(const struct world *w, const struct model *m);
/* some user thread unfinished and no thread enabled */
bool world_deadlocked(const struct world *w, const struct model *m);
/* the model ran out of a fixed-size table (EV_MODEL_CAPACITY): the path
 * ends here, a bound, not a finding */
bool world_capacity_hit(const struct world *w);
bool thread_is_user(const struct model *m, int tid);
const char *fn_name(int fn);
/* out = w with thread tid renumbered to[tid] (to: a permutation of
 * 1..MAX_THREADS), every field that names a thread rewritten
 * (thread_perm.c) */
void world_rename_threads(struct world *out, const struct world *w,
    const uint8_t to[MAX_THREADS + 1]);

/* ---- for model functions ---- */
typedef int (*model_fn_t)(struct world *w, struct step_ctx *c,
    struct thread *t, struct frame *f);

/* push fn with a copy of its frame struct (core/frames.h): the typed
 * call helpers of core/ops.h are built on it */
int fn_call_frame(struct world *w, struct step_ctx *c, int fn,
    const void *args, size_t len);
/* push fn with its frame bytes in order: for program operations, whose
 * arguments come from the op (core/ops.c) */
int fn_call(struct world *w, struct step_ctx *c, int fn,
    int a0, int a1, int a2, int a3, int a4, int a5);
int fn_return(struct world *w, struct step_ctx *c, int value);
int fn_yield(struct world *w, struct step_ctx *c, int next_pc, const char *point);
int fn_sleep(struct world *w, struct step_ctx *c, int next_pc, int wchan,
    int wobj, const char *wmesg);
void wakeup(struct world *w, int wchan, int wobj);
void note(struct step_ctx *c, const char *what);
/* an environment failure point: true = fail here (consumes budget) */
bool env_fail(struct world *w, struct step_ctx *c, const char *site);
/* a kernel assertion or at-op invariant fires: recorded in w->event */
/* the model's table ran out where the kernel's would grow: cut the path */
void model_capacity(struct world *w, struct step_ctx *c, int o0,
    const char *what);
void model_event(struct world *w, struct step_ctx *c, int inv, int o0, int o1,
    int o2, const char *what);
struct thread *cur_thread(struct world *w, struct step_ctx *c);
const struct op *cur_op(const struct world *w, const struct model *m, int tid);
int thread_vm(const struct world *w, int tid);

#endif
