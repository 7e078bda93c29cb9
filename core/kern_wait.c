/*
 * kern_wait.c: a process waiting for another, and stops under a
 * debugger: waitpid(2), raise(SIGSTOP) in a traced child, and the
 * debugger's ptrace(PT_CONTINUE).  They order the threads of a scenario
 * the way the tests it comes from order their processes (fork, stop,
 * read or write the child, continue, wait).
 *
 *	wait P|T  waitpid: sleeps ("wait", WC_CHILD) until every LWP of
 *		  process P (or thread T) has finished its program or is
 *		  stopped for the debugger (WUNTRACED); returns 0.
 *	stop	  raise(SIGSTOP) while traced (PT_TRACE_ME): the LWP
 *		  sleeps ("stopped", WC_TRACED) until PT_CONTINUE.
 *	continue P  ptrace(PT_CONTINUE): wakes P's stopped LWPs; EBUSY
 *		  (the kernel's "not stopped") when none is stopped.
 *
 * No locks; the sleeps are the interleaving points.  The model keeps no
 * exit status: `wait` orders, `-> R` on the child's own operations says
 * what it saw.
 */
#include "core/ops.h"
#include "core/uvm.h"

/* has thread tid finished or stopped for a debugger? */
static bool
thread_waitable(const struct world *w, int tid)
{
	const struct thread *t = &w->threads[tid];

	return t->t_state == TS_DONE ||
	    (t->t_state == TS_SLEEP && t->t_wchan == WC_TRACED);
}

/*
 * op_wait_step: op_wait.who, the process (op_wait.is_thread 0) or thread
 * (is_thread 1) waited for.
 * => the wait channel is the thread id, or MAX_THREADS + the process
 *    (engine.c wakes both when a thread finishes; op_stop_step too)
 */
int
op_wait_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int who = f->op_wait.who, is_thread = f->op_wait.is_thread;
	bool done = true;

	(void)t;
	if (is_thread) {
		done = thread_waitable(w, who);
	} else {
		for (int tid = 1; tid <= c->m->nthreads; tid++)
			if (c->m->threads[tid].kthread == KT_NONE &&
			    c->m->threads[tid].proc == who &&
			    !thread_waitable(w, tid))
				done = false;
	}
	if (done)
		return fn_return(w, c, 0);
	return fn_sleep(w, c, 0, WC_CHILD, is_thread ? who : MAX_THREADS + who,
	    "wait");
}

/* op_stop_step: raise(SIGSTOP) under ptrace: stop until PT_CONTINUE */
int
op_stop_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int proc = w->threads[c->tid].t_proc;

	(void)t;
	if (f->pc == 1)
		return fn_return(w, c, 0);
	/* the debugger's waitpid sees the stop */
	wakeup(w, WC_CHILD, c->tid);
	wakeup(w, WC_CHILD, MAX_THREADS + proc);
	return fn_sleep(w, c, 1, WC_TRACED, proc, "stopped");
}

/* op_continue_step: ptrace(PT_CONTINUE) of process op_continue.proc */
int
op_continue_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int proc = f->op_continue.proc;
	bool any = false;

	(void)t;
	for (int tid = 1; tid <= c->m->nthreads; tid++)
		if (w->threads[tid].t_state == TS_SLEEP &&
		    w->threads[tid].t_wchan == WC_TRACED &&
		    w->threads[tid].t_wobj == proc)
			any = true;
	if (!any) {
		note(c, "ptrace(PT_CONTINUE): process not stopped -> EBUSY");
		return fn_return(w, c, M_EBUSY);
	}
	wakeup(w, WC_TRACED, proc);
	return fn_return(w, c, 0);
}
