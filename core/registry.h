/*
 * registry.h: every operation and every resumable model function, once.
 *
 * An operation of the scenario language is one const entry of the
 * operation registry (registry.c): its name, its argument signature (the
 * kinds of its arguments and the struct op slots they fill), the model
 * function that runs it and how the op's slots become that function's
 * frame arguments, a few properties, and how often the generator makes
 * it.  The registry is data: scenarios/ parses and prints operations by
 * reading the signature, fuzz/ generates them from it, the engine starts
 * them from it (ops.c), the trace names them from it.  Core interprets
 * none of the scenario language's words itself.
 *
 * The model functions are one X-macro list, MODEL_FUNCTIONS: the FN_*
 * enumeration, the step functions' declarations (ops.h) and the engine's
 * table (engine.c) are all expanded from it, so they cannot drift.  Its
 * order is part of every recorded fingerprint (a frame's fn is a number
 * in the world): new functions go at the end.
 *
 * Adding an operation: an OP_* line at the end of OPERATIONS below, its
 * model function at the end of MODEL_FUNCTIONS, its entry in registry.c,
 * and the model function's file.
 */
#ifndef UVMCHECK_REGISTRY_H
#define UVMCHECK_REGISTRY_H

#include <stdbool.h>
#include <stdint.h>

/* X(enum constant, trace name, step function), in fingerprint order */
#define MODEL_FUNCTIONS(X) \
	X(FN_OP_MMAP, "mmap", op_mmap_step) \
	X(FN_OP_MUNMAP, "munmap", op_munmap_step) \
	X(FN_OP_TOUCH, "touch", op_touch_step) \
	X(FN_OP_MLOCK, "mlock", op_mlock_step) \
	X(FN_OP_MUNLOCK, "munlock", op_munlock_step) \
	X(FN_OP_MLOCKALL, "mlockall", op_mlockall_step) \
	X(FN_OP_MUNLOCKALL, "munlockall", op_munlockall_step) \
	X(FN_OP_MPROTECT, "mprotect", op_mprotect_step) \
	X(FN_OP_TRUNCATE, "truncate", op_truncate_step) \
	X(FN_OP_SEND, "send", op_send_step) \
	X(FN_OP_PHYSIO, "physio", op_physio_step) \
	X(FN_OP_FORK, "fork", op_fork_step) \
	X(FN_OP_CLONE, "clone", op_clone_step) \
	X(FN_OP_PTRACE_WRITE, "ptrace-write", op_ptrace_write_step) \
	X(FN_OP_EXIT, "exit", op_exit_step) \
	X(FN_OP_COLLECT, "collect", op_collect_step) \
	X(FN_OP_KMEM_FAULT, "kmem-fault", op_kmem_fault_step) \
	/* kernel functions that may sleep */ \
	/* uvm_fault_internal (frames: core/frames.h) */ \
	X(FN_UVM_FAULT, "uvm_fault", uvm_fault_step) \
	X(FN_UVM_FAULT_WIRE, "uvm_fault_wire", uvm_fault_wire_step) \
	X(FN_UVM_FAULT_UNWIRE, "uvm_fault_unwire", uvm_fault_unwire_step) \
	X(FN_UVM_MAP_PAGEABLE, "uvm_map_pageable", uvm_map_pageable_step) \
	X(FN_UVM_MAP_PAGEABLE_ALL, "uvm_map_pageable_all", \
	    uvm_map_pageable_all_step) \
	/* genfs_do_putpages(PGO_FREE...) */ \
	X(FN_GENFS_PUTPAGES, "genfs_putpages", genfs_putpages_step) \
	/* uvm_anfree when it may sleep */ \
	X(FN_UVM_ANFREE, "uvm_anfree", uvm_anfree_step) \
	X(FN_AMAP_COW_NOW, "amap_cow_now", amap_cow_now_step) \
	X(FN_UVM_IO, "uvm_io", uvm_io_step) \
	X(FN_UVMSPACE_FORK, "uvmspace_fork", uvmspace_fork_step) \
	/* uvm_unmap_remove + entry disposal */ \
	X(FN_UVM_UNMAP, "uvm_unmap", uvm_unmap_step) \
	/* kernel threads */ \
	X(FN_KT_PAGEDAEMON, "uvm_pageout", kt_pagedaemon_step) \
	X(FN_KT_NETISR, "netisr", kt_netisr_step) \
	X(FN_KT_AIODONE, "uvm_aiodone_worker", kt_aiodone_step) \
	X(FN_KT_INTR, "intr", kt_intr_step) \
	/* operations added later */ \
	X(FN_OP_MINHERIT, "minherit", op_minherit_step) \
	X(FN_OP_MINCORE, "mincore", op_mincore_step) \
	X(FN_OP_PTRACE_READ, "ptrace-read", op_ptrace_read_step) \
	X(FN_OP_WAIT, "wait", op_wait_step) \
	X(FN_OP_STOP, "stop", op_stop_step) \
	X(FN_OP_CONTINUE, "continue", op_continue_step) \
	X(FN_OP_MSYNC, "msync", op_msync_step) \
	/* uvm_map_clean */ \
	X(FN_UVM_MAP_CLEAN, "uvm_map_clean", uvm_map_clean_step) \
	X(FN_OP_MADVISE, "madvise", op_madvise_step) \
	X(FN_OP_SWAPOFF, "swapoff", op_swapoff_step)

#define REGISTRY_FN_ENUM(e, name, step) e,
enum model_fn {
	FN_NONE = 0,
	MODEL_FUNCTIONS(REGISTRY_FN_ENUM)
	NFNS
};
#undef REGISTRY_FN_ENUM

/*
 * user operations: each is the system call (or kernel path) it names.
 * The numbers are recorded in schedules' scenarios only as names, but
 * keep them stable: new operations go at the end.
 */
enum op_kind {
	OP_NONE = 0,
	OP_MMAP,	/* va npages obj off flags prot maxprot inherit */
	OP_MUNMAP,	/* va npages */
	OP_TOUCH,	/* va access: a load or store, faulting if needed */
	OP_MLOCK,	/* va npages */
	OP_MUNLOCK,	/* va npages */
	OP_MLOCKALL,	/* flags (MCL_CURRENT | MCL_FUTURE) */
	OP_MUNLOCKALL,
	OP_MPROTECT,	/* va npages prot */
	OP_TRUNCATE,	/* obj newsize: ftruncate -> uvm_vnp_setsize */
	OP_SEND,	/* va npages: write(socket) -> uvm_loan TOPAGE */
	OP_PHYSIO_READ,	/* va npages: read(rawdev) into user memory */
	OP_PHYSIO_WRITE,/* va npages: write(rawdev) from user memory */
	OP_FORK,	/* childproc */
	OP_CLONE,	/* thread: start an LWP sharing this vmspace */
	OP_PTRACE_WRITE,/* proc va: ptrace(PT_WRITE_I) -> uvm_io */
	OP_EXIT,	/* exit: uvmspace_free */
	OP_COLLECT,	/* proc: swapout's pmap_collect on proc's pmap */
	OP_KMEM_FAULT,	/* va: a fault on an interrupt-safe kernel map */
	OP_MINHERIT,	/* va npages inherit (MAP_INHERIT_*, or a bad value) */
	OP_MINCORE,	/* va npages: returns the resident count (sys_mincore) */
	OP_PTRACE_READ,	/* proc va: ptrace(PT_READ_D) -> uvm_io, returns the byte */
	OP_WAIT,	/* proc or thread (arg1 = 1: a thread): waitpid until
			 * it has exited or stopped (WUNTRACED) */
	OP_STOP,	/* raise(SIGSTOP): stop until a debugger's continue */
	OP_CONTINUE,	/* proc: ptrace(PT_CONTINUE) */
	OP_MSYNC,	/* va npages sync|async|invalidate: uvm_map_clean */
	OP_MADVISE,	/* va npages dontneed|free: uvm_map_clean */
	OP_SWAPOFF,	/* swapctl(SWAP_OFF): page every swapped anon in */
	NOPS
};

/*
 * The kinds of an operation's arguments, as the scenario language writes
 * them.  Each fills struct op slots from `slot` on; the parser checks
 * and the printer writes them (scenarios/), the generator makes them
 * (fuzz/).
 */
enum op_arg_kind {
	OA_VA = 1,	/* a user page number 0..VA_PAGES-1 */
	OA_NPAGES,	/* a page count; with the OA_VA before it inside the
			 * address space */
	OA_MAP_OBJ,	/* an object name or `anon` (0) */
	OA_MAP_OFF,	/* an object offset (0 for anon) */
	OA_MAP_TAIL,	/* shared|private PROT [maxprot=] [inherit=] [wired]
			 * [fixed]: slots slot..slot+3 (flags prot maxprot
			 * inherit) */
	OA_PROT,	/* protection letters: r, w, x combined, or none */
	OA_ACCESS,	/* one of `words` (r, w, x) or w=V: slot access,
			 * slot+1 the byte stored, slot+2 = 1 when one is given */
	OA_MCL,		/* one of `words` (current, future, both) */
	OA_VNODE,	/* a vnode's name */
	OA_SIZE,	/* a size in pages 0..VA_PAGES */
	OA_PROC,	/* a process's name */
	OA_CHILD,	/* a `forked` process's name (fork) */
	OA_CLONE,	/* a `clone` thread's name (clone) */
	OA_WAITEE,	/* a process or a thread: slot index, slot+1 = 1 for
			 * a thread */
	OA_OPT_BYTE,	/* an optional byte: slot value, slot+1 = 1 if given */
	OA_INHERIT,	/* one of `words` (share ... zero) or a number 0..255 */
	OA_KVA,		/* a kernel page number */
	OA_WORD,	/* one of `words`; with `optional` it may be left out
			 * (value `dflt`) */
};

/* a keyword of the language and the slot value it stands for */
struct op_word {
	const char *word;
	uint8_t value;
};

#define OP_MAX_SIG	5	/* arguments an operation writes */

struct op_arg {
	uint8_t kind;			/* enum op_arg_kind */
	uint8_t slot;			/* first struct op arg[] it fills */
	bool optional;			/* OA_WORD may be left out ... */
	uint8_t dflt;			/* ... and then has this value */
	const char *what;		/* "a page count": in errors */
	const char *placeholder;	/* "N": usage and error context */
	const struct op_word *words;	/* keywords (OA_WORD, OA_ACCESS,
					 * OA_MCL, OA_INHERIT), up to a NULL
					 * word; printed as the first one with
					 * the slot's value */
};

/* how a frame argument of the model function is computed */
#define OP_CALL_ARG(n)	((int16_t)(0x100 | (n)))	/* the op's slot n */
#define OP_CALL_IS_ARG(v)	(((v) & 0x100) != 0)
#define OP_CALL_SLOT(v)	((v) & 0xff)
#define OP_CALL_NARGS	6

/* properties of an operation */
#define OPF_VALUE	0x01	/* `-> N`: it may give a value (mincore ...) */
#define OPF_VALUE_IF_READ 0x02	/* ... only when its access is not a store
				 * (touch) */
#define OPF_SIGNAL	0x04	/* a user access: fails with a signal, not an
				 * errno (touch) */
#define OPF_LAST	0x08	/* must be the thread's last operation (exit) */
#define OPF_KEEP	0x10	/* the program's structure (fork, clone,
				 * exit): a mutator keeps it in place */

struct op_desc {
	const char *name;		/* the scenario language's word */
	uint8_t nargs;			/* struct op slots it uses */
	uint8_t fn;			/* enum model_fn that runs it */
	int16_t call[OP_CALL_NARGS];	/* frame arguments: OP_CALL_ARG(n) or
					 * a constant */
	uint8_t flags;			/* OPF_* */
	uint8_t gen_weight;		/* how many times the generator's
					 * draw holds it (0: never made) */
	uint8_t nsig;
	struct op_arg sig[OP_MAX_SIG];	/* in the order they are written */
};

/* the entry of kind (NULL for OP_NONE and out of range) */
const struct op_desc *op_desc(int kind);

#endif
