/*
 * ops.h: the step functions of every resumable model function (listed by
 * core/registry.h),
 * and the typed call helpers of those that other model functions call:
 * call_X pushes X's frame (core/frames.h) with its arguments by name and
 * returns FN_CALL (FN_YIELD on a frame stack overflow), so a caller
 * writes `f->pc = NEXT; return call_uvm_unmap(w, c, vm, start, end);`.
 * Each file documents its own step functions.
 */
#ifndef UVMCHECK_OPS_H
#define UVMCHECK_OPS_H

#include "core/engine.h"

/* ops.c: program op -> model function call */
void op_start(struct world *w, struct step_ctx *c, const struct op *op);

/*
 * Every step function, declared from the registry's list (each file
 * documents its own: grep the name for its definition):
 *	int NAME_step(struct world *w, struct step_ctx *c, struct thread *t,
 *	    struct frame *f);
 */
#define OPS_DECLARE_STEP(e, name, step)					\
	int step(struct world *w, struct step_ctx *c, struct thread *t,	\
	    struct frame *f);
MODEL_FUNCTIONS(OPS_DECLARE_STEP)
#undef OPS_DECLARE_STEP

/* the typed calls of the model functions other model functions call */
int call_op_mlock(struct world *w, struct step_ctx *c, int va, int npages);
int call_uvm_fault(struct world *w, struct step_ctx *c, int vm, int va,
    int access, int flags, int wire_kind);
int call_uvm_fault_wire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int access, bool maxprot, int wire_kind);
int call_uvm_fault_unwire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int wire_kind);
int call_uvm_map_pageable(struct world *w, struct step_ctx *c, int vm, int start,
    int end, bool new_pageable);
int call_uvm_map_pageable_all(struct world *w, struct step_ctx *c, int vm,
    int flags);
int call_uvm_unmap(struct world *w, struct step_ctx *c, int vm, int start,
    int end);
int call_genfs_putpages(struct world *w, struct step_ctx *c, int obj, int start,
    int end, int flags);
int call_uvmspace_fork(struct world *w, struct step_ctx *c, int parent_vm,
    int child_vm);
int call_amap_cow_now(struct world *w, struct step_ctx *c, int child_entry,
    int parent_entry);
int call_uvm_map_clean(struct world *w, struct step_ctx *c, int start, int end,
    int flags);
int call_uvm_io(struct world *w, struct step_ctx *c, int vm, int va, int value,
    bool read);

#endif
