/*
 * ops.h: the step functions of every resumable model function, by file,
 * and the typed call helpers of those that other model functions call:
 * call_X pushes X's frame (core/frames.h) with its arguments by name and
 * returns FN_CALL (FN_YIELD on a frame stack overflow), so a caller
 * writes `f->pc = NEXT; return call_uvm_unmap(w, c, vm, start, end);`.
 * engine.c's table names the step functions; each file documents its own.
 */
#ifndef UVMCHECK_OPS_H
#define UVMCHECK_OPS_H

#include "core/engine.h"

#define STEP_FN(name) \
	int name(struct world *w, struct step_ctx *c, struct thread *t, \
	    struct frame *f)

/* ops.c: program op -> model function call */
void op_start(struct world *w, struct step_ctx *c, const struct op *op);

/* uvm_mmap.c: the system calls on address space */
STEP_FN(op_mmap_step);
STEP_FN(op_munmap_step);
STEP_FN(op_mlock_step);
STEP_FN(op_munlock_step);
STEP_FN(op_mlockall_step);
STEP_FN(op_munlockall_step);
STEP_FN(op_mprotect_step);
int call_op_mlock(struct world *w, struct step_ctx *c, int va, int npages);
/* uvm_fault.c */
STEP_FN(op_touch_step);
STEP_FN(uvm_fault_step);
int call_uvm_fault(struct world *w, struct step_ctx *c, int vm, int va,
    int access, int flags, int wire_kind);
STEP_FN(op_kmem_fault_step);
/* uvm_fault_wire.c */
STEP_FN(uvm_fault_wire_step);
STEP_FN(uvm_fault_unwire_step);
int call_uvm_fault_wire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int access, bool maxprot, int wire_kind);
int call_uvm_fault_unwire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int wire_kind);
/* uvm_map.c */
STEP_FN(uvm_map_pageable_step);
STEP_FN(uvm_map_pageable_all_step);
STEP_FN(uvm_unmap_step);
int call_uvm_map_pageable(struct world *w, struct step_ctx *c, int vm, int start,
    int end, bool new_pageable);
int call_uvm_map_pageable_all(struct world *w, struct step_ctx *c, int vm,
    int flags);
int call_uvm_unmap(struct world *w, struct step_ctx *c, int vm, int start,
    int end);
/* uvm_vnode.c */
STEP_FN(op_truncate_step);
STEP_FN(genfs_putpages_step);
int call_genfs_putpages(struct world *w, struct step_ctx *c, int obj, int start,
    int end, int flags);
/* uvm_loan.c */
STEP_FN(op_send_step);
STEP_FN(kt_netisr_step);
/* kern_physio.c */
STEP_FN(op_physio_step);
/* uvm_fork.c */
STEP_FN(op_fork_step);
STEP_FN(op_clone_step);
STEP_FN(uvmspace_fork_step);
STEP_FN(amap_cow_now_step);
int call_uvmspace_fork(struct world *w, struct step_ctx *c, int parent_vm,
    int child_vm);
int call_amap_cow_now(struct world *w, struct step_ctx *c, int child_entry,
    int parent_entry);
/* uvm_io.c */
STEP_FN(op_ptrace_write_step);
STEP_FN(uvm_io_step);
int call_uvm_io(struct world *w, struct step_ctx *c, int vm, int va, int value,
    bool read);
/* kern_exit.c */
STEP_FN(op_exit_step);
STEP_FN(op_collect_step);
/* uvm_anon.c */
STEP_FN(uvm_anfree_step);
/* uvm_pdaemon.c */
STEP_FN(kt_pagedaemon_step);
/* uvm_pager.c */
STEP_FN(kt_aiodone_step);
/* kern_intr.c */
STEP_FN(kt_intr_step);
/* uvm_mmap.c: minherit, mincore */
STEP_FN(op_minherit_step);
STEP_FN(op_mincore_step);
/* uvm_io.c */
STEP_FN(op_ptrace_read_step);
/* kern_wait.c: waitpid, raise(SIGSTOP), PT_CONTINUE */
STEP_FN(op_wait_step);
STEP_FN(op_stop_step);
STEP_FN(op_continue_step);

#endif
