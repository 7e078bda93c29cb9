/*
 * kern_exit.c: process exit and the swapper's pmap_collect, as far as
 * the address space is concerned.
 *
 * exit1 -> exit_lwps -> uvm_proc_exit -> uvmspace_free:
 *	exit_lwps	every other LWP of the process must leave the kernel
 *			first: every LWP between system calls is killed at
 *			once, one inside an operation (asleep in biowait, in a
 *			fault...) is waited for ("exit_lwps": the exiting LWP
 *			sleeps on the channel a sleeping one sleeps on, or
 *			yields while one runs).  So no LWP ever runs in a
 *			vmspace that is gone.
 *	uvmspace_free	drop the process's reference to the vmspace.  Another
 *			holder (a debugger in uvm_io: process_domem takes a
 *			reference) keeps it alive and frees it itself.  The
 *			last reference unmaps everything -- uvm_unmap_remove
 *			unwires wired entries first, so this is where a
 *			lost wired mapping makes munlock-at-exit panic
 *			(S-5, S-6) -- then pmap_destroy and the PTPs go back.
 *
 * pmap_collect (uvm_swapout): an advisory request to the pmap to give
 * back what it can.  [2008+ x86] it skips wired mappings
 * (PMAP_REMOVE_SKIPWIRED); the 2000 i386 pmap removed the whole range
 * (K_COLLECT_SKIPS_WIRED, via the pmap knobs).  It is the "pmap may drop
 * unwired PTEs" actor of S-4: a mapping whose wired bit was wrongly
 * cleared disappears here.
 *
 * Locks: none held by these operations themselves; uvm_unmap takes the
 * map lock.  Sleeps: "exit_lwps", and inside uvm_unmap.
 */
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

/*
 * sys_exit: this LWP exits the process.
 * frame: op_exit.vm, the vmspace being freed
 * => returns 0 (and the thread's program ends here: exit does not return)
 */
enum { EX_LWPS = 0, EX_UNMAPPED };

/* exit does not return: nothing of the program runs after it */
static int
exit_return(struct world *w, struct step_ctx *c, struct thread *t)
{
	int nops = c->m->threads[c->tid].nops;

	if (nops > 0)
		t->t_op = (uint8_t)(nops - 1);
	return fn_return(w, c, 0);
}

int
op_exit_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int proc = t->t_proc;

	switch (f->pc) {
	case EX_LWPS: {
		int vm;

		/*
		 * exit_lwps (kern_exit.c, NetBSD 5 on): one pass over the
		 * siblings sets LW_WEXIT on every one of them at once, then
		 * lwp_wait() until the process has one LWP left.  So every
		 * LWP between system calls is killed in this one step, not
		 * only those before the first sibling still inside the
		 * kernel; then the exiting LWP waits for the others.  It
		 * sleeps on one sleeper's channel (woken with it, it looks
		 * again), the lowest channel rather than the lowest tid's,
		 * so that which LWP is waited for does not depend on how
		 * the LWPs are numbered (explore/symmetry.c relies on it).
		 */
		int wchan = 0, wobj = 0;
		bool running = false;

		for (int tid = 1; tid <= c->m->nthreads; tid++) {
			struct thread *o = &w->threads[tid];

			if (tid == c->tid || !thread_is_user(c->m, tid) ||
			    o->t_proc != proc)
				continue;
			if (o->t_state == TS_EMBRYO ||
			    (o->t_state == TS_RUN && o->t_depth == 0)) {
				o->t_state = TS_DONE;
				note(c, "exit_lwps: LWP killed");
			} else if (o->t_state == TS_SLEEP) {
				if (wchan == 0 || o->t_wchan < wchan ||
				    (o->t_wchan == wchan && o->t_wobj < wobj)) {
					wchan = o->t_wchan;
					wobj = o->t_wobj;
				}
			} else if (o->t_state == TS_RUN) {
				running = true;
			}
		}
		if (wchan != 0)	/* woken with it, then look again */
			return fn_sleep(w, c, EX_LWPS, wchan, wobj,
			    "exit_lwps");
		if (running)
			return fn_yield(w, c, EX_LWPS, "exit_lwps");
		vm = w->proc_vm[proc];
		if (vm == 0)
			return exit_return(w, c, t);
		f->op_exit.vm = (uint8_t)vm;
		/* uvmspace_free */
		if (--w->vms[vm].vm_refs > 0) {
			w->proc_vm[proc] = 0;
			note(c, "uvmspace_free: vmspace still referenced");
			return exit_return(w, c, t);
		}
		note(c, "uvmspace_free: last reference -> uvm_unmap_remove all");
		f->pc = EX_UNMAPPED;
		return call_uvm_unmap(w, c, vm, 0, VA_PAGES);
	}
	case EX_UNMAPPED:
		uvmspace_destroy(w, c, f->op_exit.vm);
		w->proc_vm[proc] = 0;
		note(c, "uvmspace_free: pmap_destroy");
		return exit_return(w, c, t);
	}
	return fn_return(w, c, 0);
}

/*
 * uvm_swapout's pmap_collect on the pmap of process op_collect.proc.
 * => returns 0 (also when the process has no vmspace)
 */
int
op_collect_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int proc = f->op_collect.proc, vm;
	struct pmap_freed freed;

	(void)t;
	if (proc <= 0 || proc > MAX_PROCS)
		return fn_return(w, c, M_EINVAL);
	vm = w->proc_vm[proc];
	if (vm == 0)
		return fn_return(w, c, 0);
	memset(&freed, 0, sizeof(freed));
	pmap_collect(&w->pmap, &c->m->pmap_knobs, vm, &freed);
	uvm_free_ptps(w, c, &freed);
	note(c, "uvm_swapout: pmap_collect");
	return fn_return(w, c, 0);
}
