/*
 * ops.h: the step functions of every resumable model function, by file.
 * engine.c's table names them; each file documents its own.
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
/* uvm_fault.c */
STEP_FN(op_touch_step);
STEP_FN(uvm_fault_step);
STEP_FN(op_kmem_fault_step);
/* uvm_fault_wire.c */
STEP_FN(uvm_fault_wire_step);
STEP_FN(uvm_fault_unwire_step);
/* uvm_map.c */
STEP_FN(uvm_map_pageable_step);
STEP_FN(uvm_map_pageable_all_step);
STEP_FN(uvm_unmap_step);
/* uvm_vnode.c */
STEP_FN(op_truncate_step);
STEP_FN(genfs_putpages_step);
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
/* uvm_io.c */
STEP_FN(op_ptrace_write_step);
STEP_FN(uvm_io_step);
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
