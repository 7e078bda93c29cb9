/*
 * trace.h: a schedule's trace, in UVM's vocabulary.
 *
 *	step 3  t1  truncate  genput
 *	    . genfs_putpages: page 2 wired, freeing it (PGO_FREE)
 *	    page 2: wire_count 1 -> 0, queue ACTIVE -> FREE, owner vnode f+0 -> none
 *	    pmap A va 0: page 2 rw wired -> removed
 *	    thread t1: RUN -> SLEEP on buf 1 (biowait)
 *
 * The header names the step, the thread, the operation it is in and the
 * interleaving point it stopped at (and the failure point it was made to
 * fail).  Then come the step's notes, then what changed in the world:
 * every field that differs between the worlds before and after, named
 * with the scenario's names for objects, processes and threads.
 */
#ifndef UVMCHECK_TRACE_H
#define UVMCHECK_TRACE_H

#include <stdio.h>

#include "core/engine.h"
#include "core/model.h"
#include "core/world.h"
#include "corpus/sched_file.h"

void trace_step(FILE *out, const struct model *m, int step,
    const struct sched_choice *ch, const struct world *before,
    const struct world *after, const struct step_result *r);
/* one line per changed thing, each starting with indent */
void trace_diff(FILE *out, const struct model *m, const struct world *a,
    const struct world *b, const char *indent);

/* a run_schedule() callback printing each step (arg: struct trace_arg) */
struct trace_arg {
	const struct model *m;
	FILE *out;
};
void trace_run_cb(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp);

const char *trace_thread_name(const struct model *m, int tid);
/* "A" (the process whose vmspace it is), "kernel_map" or "vmspace N" */
void trace_vm_name(const struct model *m, const struct world *w, int vm,
    char *buf, size_t len);

#endif
