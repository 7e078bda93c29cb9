/*
 * model.h: the constant half of a run: what the scenario set up.
 *
 * struct model is built by scenarios/ from a scenario file and never
 * changes during a run: the tunables, the objects, processes and initial
 * mappings the world starts with, each thread's program, the knobs and
 * the bounds.  The changing half is struct world.  Core never decides who
 * runs: the explorers in explore/ call world_step() with a thread and an
 * environment choice.
 */
#ifndef UVMCHECK_MODEL_H
#define UVMCHECK_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/knobs.h"
#include "core/params.h"
#include "core/registry.h"
#include "pmap_model/pmap.h"

#define NAME_MAX_LEN	24
#define MAX_OPS		12	/* operations per thread program */
#define MAX_MAPDEFS	12	/* initial mappings */
#define OP_NARGS	8

/* kernel threads: each runs one endless service loop */
enum kthread_kind {
	KT_NONE = 0,	/* a user LWP */
	KT_PAGEDAEMON,	/* uvm_pageout: kicked by uvm_wait and low memory */
	KT_NETISR,	/* network stack: transmit done -> uvm_unloanpage */
	KT_AIODONE,	/* uvm_aiodone_worker: async pageout completion */
	KT_INTR,	/* an interrupt handler that takes a kernel map lock */
};

/* OP_MMAP flags */
#define MMAP_SHARED	0x1
#define MMAP_PRIVATE	0x2
#define MMAP_WIRED	0x4	/* initial mapping set up already mlock()ed */
#define MMAP_FIXED	0x8	/* MAP_FIXED: replace what is there (mmap op only;
				 * without it VA is a hint: uvm_map_findspace) */
/* OP_TOUCH access beyond VM_PROT_*: arg2 = value a write stores (arg3 = 1
 * when one is given) */

/*
 * What a scenario expects an operation to give (`OP ... -> RESULT`):
 * a return code (0 or an errno), a signal its access raises, or the
 * byte a read sees.  Checked when the operation completes; a different
 * result is the call-result violation.
 */
enum op_expect_kind {
	EXP_NONE = 0,
	EXP_ERRNO,	/* exp_val: 0 (ok) or an errno (M_E*) */
	EXP_SIGNAL,	/* exp_val: SIGSEGV or SIGBUS (M_SIG*) */
	EXP_VALUE,	/* exp_val: the byte read (touch r, ptrace-read) or the
			 * resident count (mincore) */
};
/* OP_MLOCKALL flags */
#define MCL_CURRENT	0x1
#define MCL_FUTURE	0x2

struct op {
	uint8_t kind;			/* enum op_kind */
	uint8_t exp_kind;		/* enum op_expect_kind */
	uint8_t exp_val;
	uint8_t arg[OP_NARGS];
	uint16_t line, col;		/* where the scenario wrote it (0 = built) */
};

struct thread_def {
	char name[NAME_MAX_LEN];
	uint8_t kthread;		/* enum kthread_kind */
	uint8_t proc;			/* process index (user LWPs) */
	bool embryo;			/* started later by fork or clone */
	uint8_t nops;
	struct op ops[MAX_OPS];
};

struct proc_def {
	char name[NAME_MAX_LEN];
	bool forked;			/* created by an OP_FORK, not at start */
	bool has_memlock;		/* `proc P memlock=N` given */
	uint8_t memlock;		/* RLIMIT_MEMLOCK in pages */
};

struct obj_def {
	char name[NAME_MAX_LEN];
	uint8_t type;			/* enum uobj_type */
	uint8_t size;			/* pages */
	uint8_t resident;		/* pages 0..resident-1 start in memory, clean */
	uint8_t open;			/* vnode: how the mapping fd is open (OPEN_*) */
};

/* how a vnode's descriptor is open (`vnode f open=r|w|rw|closed`) */
enum { OPEN_RW = 0, OPEN_R, OPEN_W, OPEN_CLOSED };

struct map_def {			/* a mapping the world starts with */
	uint8_t proc;
	struct op mmap;			/* an OP_MMAP */
};

struct tunables {
	uint8_t npages;			/* physical pages in the machine */
	uint8_t freemin;		/* pagedaemon kicked below this */
	uint8_t freetarg;		/* pagedaemon scans until this */
	uint8_t reserve;		/* pages only UVM_PGA_USERESERVE may take */
	uint8_t nswap;			/* swap slots */
	uint8_t failures;		/* environment failures allowed in a run */
	uint8_t intrsafe_kmem;		/* kernel map has an interrupt-safe submap */
};

struct model {
	char name[NAME_MAX_LEN * 2];
	struct tunables tun;
	struct knobs knobs;
	struct pmap_knobs pmap_knobs;	/* derived from knobs by model_finish() */
	uint8_t nobjs, nprocs, nthreads, nmapdefs;
	struct obj_def objs[MAX_OBJS + 1];
	struct proc_def procs[MAX_PROCS + 1];
	struct thread_def threads[MAX_THREADS + 1];
	struct map_def mapdefs[MAX_MAPDEFS];
};

/* model.c */
void model_init(struct model *m);		/* empty model, default tunables */
void model_finish(struct model *m);		/* derive pmap knobs etc. */
/* registry.c: operations by kind and name */
const char *op_name(int kind);			/* "?" if unknown */
int op_lookup(const char *name);		/* -1 if unknown */
int op_nargs(int kind);
const char *kthread_name(int kind);
int kthread_lookup(const char *name);
/* names of results: "ENOMEM", "SIGBUS" ... (NULL when it has none) */
const char *errno_name(int e);
int errno_lookup(const char *name);		/* -1 if unknown */
const char *signal_name(int sig);
int signal_lookup(const char *name);		/* -1 if unknown */
/* the trap's signal for a failed user access (arch/x86/x86/trap.c) */
int trap_signal(int error);
/* "ENOMEM", "SIGSEGV", "0", "7": what an operation gave, as the language
 * writes it */
const char *op_result_str(int kind, int rc, int value, bool has_value,
    char *buf, int len);

#endif
