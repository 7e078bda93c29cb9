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

/* ops.c: program op -> model function call */
void op_start(struct world *w, struct step_ctx *c, const struct op *op);

/* uvm_mmap.c: the system calls on address space */
int op_mmap_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_munmap_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_mlock_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_munlock_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_mlockall_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_munlockall_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_mprotect_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int call_op_mlock(struct world *w, struct step_ctx *c, int va, int npages);
/* uvm_fault.c */
int op_touch_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int uvm_fault_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int call_uvm_fault(struct world *w, struct step_ctx *c, int vm, int va,
    int access, int flags, int wire_kind);
int op_kmem_fault_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* uvm_fault_wire.c */
int uvm_fault_wire_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int uvm_fault_unwire_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int call_uvm_fault_wire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int access, bool maxprot, int wire_kind);
int call_uvm_fault_unwire(struct world *w, struct step_ctx *c, int vm, int start,
    int end, int wire_kind);
/* uvm_map.c */
int uvm_map_pageable_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int uvm_map_pageable_all_step(struct world *w, struct step_ctx *c,
    struct thread *t, struct frame *f);
int uvm_unmap_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int call_uvm_map_pageable(struct world *w, struct step_ctx *c, int vm, int start,
    int end, bool new_pageable);
int call_uvm_map_pageable_all(struct world *w, struct step_ctx *c, int vm,
    int flags);
int call_uvm_unmap(struct world *w, struct step_ctx *c, int vm, int start,
    int end);
/* uvm_vnode.c */
int op_truncate_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int genfs_putpages_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int call_genfs_putpages(struct world *w, struct step_ctx *c, int obj, int start,
    int end, int flags);
/* uvm_loan.c */
int op_send_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int kt_netisr_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* kern_physio.c */
int op_physio_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* uvm_fork.c */
int op_fork_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_clone_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int uvmspace_fork_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int amap_cow_now_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int call_uvmspace_fork(struct world *w, struct step_ctx *c, int parent_vm,
    int child_vm);
int call_amap_cow_now(struct world *w, struct step_ctx *c, int child_entry,
    int parent_entry);
/* uvm_io.c */
int op_ptrace_write_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int uvm_io_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int call_uvm_io(struct world *w, struct step_ctx *c, int vm, int va, int value,
    bool read);
/* kern_exit.c */
int op_exit_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_collect_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* uvm_anon.c */
int uvm_anfree_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* uvm_pdaemon.c */
int kt_pagedaemon_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* uvm_pager.c */
int kt_aiodone_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* kern_intr.c */
int kt_intr_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* uvm_mmap.c: minherit, mincore */
int op_minherit_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_mincore_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* uvm_io.c */
int op_ptrace_read_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
/* kern_wait.c: waitpid, raise(SIGSTOP), PT_CONTINUE */
int op_wait_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_stop_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);
int op_continue_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f);

#endif
