/*
 * frames.h: the frame of every resumable model function, by field.
 *
 * A thread's frame (struct frame, world.h) holds FRAME_ARGS bytes for the
 * arguments and locals of the model function it runs.  Each model function
 * names its bytes here with a struct of uint8_t fields, one member of the
 * union in struct frame: uvm_unmap_step reads f->uvm_unmap.start, not a
 * numbered byte.  The engine sees only the raw bytes (f->bytes): it zeroes
 * a frame when it pushes or pops it, and the world hashes them.
 *
 * Field k of a struct is byte k of the frame, as the fingerprints of the
 * corpus recorded it: a struct only ever grows at its end, every field is
 * one byte (uint8_t), so there is no padding and the world stays flat.
 * Each struct is checked to fit (FRAME_STRUCT_FITS).
 *
 * The callers fill a callee's frame through its typed call helper
 * (call_uvm_unmap(w, c, vm, start, end), core/ops.h, defined next to the
 * callee's step function).  Program operations (FN_OP_*) get their
 * arguments from the op (core/ops.c): their first fields are the op's
 * arguments in the order of the scenario language.
 */
#ifndef UVMCHECK_FRAMES_H
#define UVMCHECK_FRAMES_H

#include <stdint.h>

#include "core/params.h"

#define FRAME_STRUCT_FITS(s)						\
	_Static_assert(sizeof(struct s) <= FRAME_ARGS,			\
	    "struct " #s " does not fit in a frame")

/* ---------------------------------------------- system calls (uvm_mmap.c) */

/* sys_mmap: its arguments are read from the op itself (8 of them) */
struct op_mmap_frame {
	uint8_t error;		/* the wiring's error (MAP_WIRED) */
	uint8_t va;		/* the VA chosen */
	uint8_t chosen;		/* 1 once the VA is chosen */
	uint8_t replacing;	/* 1 while the map is busied (atomic MAP_FIXED
				 * replacement), 2 once the unlocked window
				 * was yielded */
};
FRAME_STRUCT_FITS(op_mmap_frame);

/* sys_munmap, sys_mlock, sys_munlock, sys_mincore */
struct op_range_frame {
	uint8_t va;
	uint8_t npages;
};
FRAME_STRUCT_FITS(op_range_frame);

/* sys_mlockall */
struct op_mlockall_frame {
	uint8_t flags;		/* MCL_CURRENT | MCL_FUTURE */
};
FRAME_STRUCT_FITS(op_mlockall_frame);

/* sys_mprotect */
struct op_mprotect_frame {
	uint8_t va;
	uint8_t npages;
	uint8_t prot;
	uint8_t wire_lo;	/* entries to wire afterwards (WIREFUTURE,  */
	uint8_t wire_hi;	/* PROT_NONE -> prot): bit e-1 of lo | hi<<8 */
	uint8_t error;
};
FRAME_STRUCT_FITS(op_mprotect_frame);

/* sys_minherit */
struct op_minherit_frame {
	uint8_t va;
	uint8_t npages;
	uint8_t inherit;	/* MAP_INHERIT_* */
};
FRAME_STRUCT_FITS(op_minherit_frame);

/* ------------------------------------------------- faults (uvm_fault.c) */

/* a load or a store by a user thread */
struct op_touch_frame {
	uint8_t va;
	uint8_t access;		/* VM_PROT_READ, _WRITE or _EXECUTE */
	uint8_t value;		/* the byte a store writes */
	uint8_t has_value;	/* 1: the store has a value (touch VA w=V) */
};
FRAME_STRUCT_FITS(op_touch_frame);

/* a fault on kernel_map */
struct op_kmem_fault_frame {
	uint8_t va;
};
FRAME_STRUCT_FITS(op_kmem_fault_frame);

/* uvm_fault_internal */
struct uvm_fault_frame {
	uint8_t vm;		/* map and pmap index */
	uint8_t va;
	uint8_t access;		/* VM_PROT_* */
	uint8_t flags;		/* FAULT_WIRE, FAULT_WIREMAX, FAULT_KERNEL */
	uint8_t wire_kind;	/* enum wiring_kind of a wire fault (0 is
				 * WK_MLOCK) */
	uint8_t io_page;	/* local: the page held busy across an I/O */
};
FRAME_STRUCT_FITS(uvm_fault_frame);

/* ----------------------------------------- wiring (uvm_fault_wire.c) */

/* uvm_fault_wire */
struct uvm_fault_wire_frame {
	uint8_t vm;
	uint8_t start;
	uint8_t end;
	union {
		uint8_t access;	/* access type of each fault */
		uint8_t error;	/* then: the failed fault's error */
	};
	uint8_t maxprot_cursor;	/* FW_MAXPROT | page cursor << FW_CUR_SHIFT */
	uint8_t wire_kind;	/* WK_MLOCK, WK_VSLOCK: each fault's wire_kind */
};
FRAME_STRUCT_FITS(uvm_fault_wire_frame);

/* uvm_fault_unwire */
struct uvm_fault_unwire_frame {
	uint8_t vm;
	uint8_t start;
	uint8_t end;
	uint8_t wire_kind;	/* WK_MLOCK (munlock, exit), WK_VSLOCK */
};
FRAME_STRUCT_FITS(uvm_fault_unwire_frame);

/* --------------------------------------------------- maps (uvm_map.c) */

/* uvm_map_pageable */
struct uvm_map_pageable_frame {
	uint8_t vm;
	uint8_t start;		/* on the failure path: walks to the failed
				 * entry */
	uint8_t end;
	uint8_t new_pageable;
	uint8_t entry_va;	/* VA of the entry being worked on (pass 1;
				 * pass 2: the failed entry) */
	uint8_t error;		/* of the failed uvm_fault_wire */
};
FRAME_STRUCT_FITS(uvm_map_pageable_frame);

/* uvm_map_pageable_all */
struct uvm_map_pageable_all_frame {
	uint8_t vm;
	uint8_t flags;		/* MCL_* */
	uint8_t cursor;		/* VA cursor */
	uint8_t failed_va;	/* VA of the entry whose wiring failed */
	uint8_t error;		/* of the failed uvm_fault_wire */
};
FRAME_STRUCT_FITS(uvm_map_pageable_all_frame);

/* uvm_unmap_remove + entry disposal */
struct uvm_unmap_frame {
	uint8_t vm;
	uint8_t start;
	uint8_t end;
	uint8_t cursor;		/* VA cursor (remove), then the amap whose
				 * wipeout waits (detach) */
	uint8_t dead_lo;	/* the dead list: bit e-1 of lo | hi << 8 set */
	uint8_t dead_hi;	/* = entry e unlinked by this call */
};
FRAME_STRUCT_FITS(uvm_unmap_frame);

/* ------------------------------------------------ vnodes (uvm_vnode.c) */

/* truncate */
struct op_truncate_frame {
	uint8_t obj;
	uint8_t newsize;	/* pages */
};
FRAME_STRUCT_FITS(op_truncate_frame);

/* genfs_do_putpages */
struct genfs_putpages_frame {
	uint8_t obj;
	uint8_t start;
	uint8_t end;		/* 0 = to the end */
	uint8_t flags;		/* PGO_* */
	uint8_t offset;		/* local: the offset being visited */
};
FRAME_STRUCT_FITS(genfs_putpages_frame);

/* ------------------------------------------------- loans (uvm_loan.c) */

/* send(2) of a page range: uvm_loan(TOPAGE) */
struct op_send_frame {
	uint8_t va;
	uint8_t npages;
	uint8_t page;		/* local: page index in the range */
	uint8_t kloan_slots;	/* local: bitmask of the kloan slots this
				 * call made (for the failure backout) */
	uint8_t refaults;	/* local: refaults of the current page */
};
FRAME_STRUCT_FITS(op_send_frame);

/* ---------------------------------------------- physio (kern_physio.c) */

struct op_physio_frame {
	uint8_t va;
	uint8_t npages;		/* one chunk, at most BUF_MAXPAGES */
	uint8_t read;		/* 1: read from the device into memory */
	uint8_t buf;		/* local: the buf */
	uint8_t unused;
	uint8_t error;		/* local: returned after vsunlock */
};
FRAME_STRUCT_FITS(op_physio_frame);

/* --------------------------------------------------- fork (uvm_fork.c) */

struct op_fork_frame {
	uint8_t child_proc;
	uint8_t child_vm;
};
FRAME_STRUCT_FITS(op_fork_frame);

/* sys_clone / _lwp_create */
struct op_clone_frame {
	uint8_t tid;		/* the thread that starts, in this process */
};
FRAME_STRUCT_FITS(op_clone_frame);

/* uvmspace_fork: copy map parent_vm into child_vm */
struct uvmspace_fork_frame {
	uint8_t parent_vm;
	uint8_t child_vm;
	uint8_t cursor;		/* VA cursor in the parent (the start of the
				 * parent entry while child_entry is set) */
	uint8_t child_entry;	/* the child entry being copied */
};
FRAME_STRUCT_FITS(uvmspace_fork_frame);

/* amap_cow_now on a child entry */
struct amap_cow_now_frame {
	uint8_t child_entry;
	uint8_t parent_entry;	/* informational */
};
FRAME_STRUCT_FITS(amap_cow_now_frame);

/* ------------------------------------------------ ptrace (uvm_io.c) */

/* ptrace(PT_WRITE_I) and ptrace(PT_READ_D) -> process_domem */
struct op_ptrace_frame {
	uint8_t proc;		/* target process */
	uint8_t va;
	uint8_t error;		/* local: uvm_io's error */
	uint8_t vm;		/* local: the target vmspace */
	uint8_t value;		/* the byte written, or read back */
	uint8_t read;		/* 1: PT_READ_D */
};
FRAME_STRUCT_FITS(op_ptrace_frame);

/* uvm_io: one page written or read */
struct uvm_io_frame {
	uint8_t vm;		/* target vmspace */
	uint8_t va;
	uint8_t kva;		/* local: kernel window */
	uint8_t error;		/* local: of the transfer */
	uint8_t value;		/* the byte written, or read */
	uint8_t read;		/* 1: a read */
};
FRAME_STRUCT_FITS(uvm_io_frame);

/* --------------------------------------------- exit (kern_exit.c) */

struct op_exit_frame {
	uint8_t vm;		/* the vmspace being freed */
};
FRAME_STRUCT_FITS(op_exit_frame);

struct op_collect_frame {
	uint8_t proc;		/* whose pmap pmap_collect empties */
};
FRAME_STRUCT_FITS(op_collect_frame);

/* ------------------------------------------------- wait (kern_wait.c) */

struct op_wait_frame {
	uint8_t who;		/* process or thread waited for */
	uint8_t is_thread;	/* 1: who is a thread */
};
FRAME_STRUCT_FITS(op_wait_frame);

/* ptrace(PT_CONTINUE) */
struct op_continue_frame {
	uint8_t proc;
};
FRAME_STRUCT_FITS(op_continue_frame);

/* ------------------------------------------------- anons (uvm_anon.c) */

struct uvm_anfree_frame {
	uint8_t anon;		/* an_ref 0, unlocked */
};
FRAME_STRUCT_FITS(uvm_anfree_frame);

/* ----------------------------------------- pagedaemon (uvm_pdaemon.c) */

struct kt_pagedaemon_frame {
	uint8_t cursor;		/* page index the scan goes on at */
	uint8_t progress;	/* bit 0: this pass freed or paged out a
				 * page; bit 1: it moved one */
};
FRAME_STRUCT_FITS(kt_pagedaemon_frame);

/* ------------------------------------ msync, madvise (uvm_map_clean.c) */

/* msync and madvise */
struct op_map_clean_frame {
	uint8_t va;
	uint8_t npages;
	uint8_t how;		/* the flag word: an index into the system
				 * call's table of PGO_* flags */
};
FRAME_STRUCT_FITS(op_map_clean_frame);

/* uvm_map_clean */
struct uvm_map_clean_frame {
	uint8_t start;
	uint8_t end;
	uint8_t flags;		/* PGO_* */
	uint8_t va;		/* local: the VA being cleaned */
	uint8_t error;		/* local: the last pgo_put's error */
};
FRAME_STRUCT_FITS(uvm_map_clean_frame);

/* -------------------------------------------- swapoff (uvm_swap.c) */

/* swapctl(SWAP_OFF): no arguments */
struct op_swapoff_frame {
	uint8_t amap;		/* local: the amap the walk is at */
	uint8_t slot;		/* local: and its slot */
	uint8_t page;		/* local: the page being read */
	uint8_t anon;		/* local: its anon */
};
FRAME_STRUCT_FITS(op_swapoff_frame);

/*
 * One frame of a thread's stack: which model function, where it resumes,
 * what its last callee returned, and its bytes, seen raw by the engine
 * (zeroed on push and pop, hashed with the world) and by field by the
 * model function that owns the frame.
 */
struct frame {
	uint8_t fn;		/* enum model_fn */
	uint8_t pc;		/* resume point inside fn */
	int8_t ret;		/* return value of the last call made */
	union {
		uint8_t bytes[FRAME_ARGS];
		struct op_mmap_frame op_mmap;
		struct op_range_frame op_range;
		struct op_mlockall_frame op_mlockall;
		struct op_mprotect_frame op_mprotect;
		struct op_minherit_frame op_minherit;
		struct op_touch_frame op_touch;
		struct op_kmem_fault_frame op_kmem_fault;
		struct uvm_fault_frame uvm_fault;
		struct uvm_fault_wire_frame uvm_fault_wire;
		struct uvm_fault_unwire_frame uvm_fault_unwire;
		struct uvm_map_pageable_frame uvm_map_pageable;
		struct uvm_map_pageable_all_frame uvm_map_pageable_all;
		struct uvm_unmap_frame uvm_unmap;
		struct op_truncate_frame op_truncate;
		struct genfs_putpages_frame genfs_putpages;
		struct op_send_frame op_send;
		struct op_physio_frame op_physio;
		struct op_fork_frame op_fork;
		struct op_clone_frame op_clone;
		struct uvmspace_fork_frame uvmspace_fork;
		struct amap_cow_now_frame amap_cow_now;
		struct op_ptrace_frame op_ptrace;
		struct uvm_io_frame uvm_io;
		struct op_exit_frame op_exit;
		struct op_collect_frame op_collect;
		struct op_wait_frame op_wait;
		struct op_continue_frame op_continue;
		struct uvm_anfree_frame uvm_anfree;
		struct kt_pagedaemon_frame kt_pagedaemon;
		struct op_map_clean_frame op_map_clean;
		struct uvm_map_clean_frame uvm_map_clean;
		struct op_swapoff_frame op_swapoff;
	};
};
_Static_assert(sizeof(struct frame) == 3 + FRAME_ARGS,
    "struct frame: fn, pc, ret and the bytes, no padding");

#endif
