/*
 * world.h: the whole model state, one flat copyable value.
 *
 * Rules (docs/design.md §2): fixed-capacity arrays sized by params.h; every
 * reference is a small index, 0 meaning "none"; no pointers, no heap, no
 * globals, no clock, no randomness; unused slots and padding stay zero so
 * that memcpy is a snapshot, XXH3 of the bytes a fingerprint and memcmp
 * equality.  Everything is uint8_t to keep the world small and free of
 * padding.  Lock annotations follow uvm_page.h: [O] owner (object or anon)
 * lock, [Q] page queues, [M] map lock, [A] amap lock.
 *
 * Simple locks (object, amap, anon) are recorded here although UVM never
 * holds them across a sleep: a step that leaks one leaves it visible to
 * every later step, as a leaked lock would be in the kernel.
 */
#ifndef UVMCHECK_WORLD_H
#define UVMCHECK_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/frames.h"
#include "core/params.h"
#include "pmap_model/pmap.h"

/* ---------------------------------------------------------------- pages */

/* pg_flags [O] */
#define PG_BUSY		0x01	/* page is locked (held across sleeps) */
#define PG_WANTED	0x02	/* someone sleeps on it */
#define PG_CLEAN	0x04	/* not modified since last written to backing store */
#define PG_RELEASED	0x08	/* to be freed when unbusied */
#define PG_PAGEOUT	0x10	/* to be freed on behalf of the pagedaemon */
#define PG_FAKE		0x20	/* contents not valid yet (pagein) */
#define PG_RDONLY	0x40	/* must be mapped read-only */
#define PG_PTP		0x80	/* page-table page of a pmap (pm_obj) */

/* pg_pqflags [Q] */
#define PQ_FREE		0x01
#define PQ_ACTIVE	0x02
#define PQ_INACTIVE	0x04
#define PQ_ANON		0x08	/* owned by its anon, not by an object */
#define PQ_QUEUES	(PQ_ACTIVE | PQ_INACTIVE)

struct vm_page {
	uint8_t pg_flags;	/* [O] PG_* */
	uint8_t pg_pqflags;	/* [Q] PQ_* */
	uint8_t wire_count;	/* [Q] wired-down map refs */
	uint8_t loan_count;	/* [O+Q] loans outstanding */
	uint8_t uobject;	/* [O] owning object, 0 = none */
	uint8_t offset;		/* [O] page offset in uobject */
	uint8_t uanon;		/* [O] anon holding the page, 0 = none */
	uint8_t busy_tid;	/* thread holding PG_BUSY (1-based), 0 = none */
	uint8_t hold_count;	/* I/O holds (fixed profile's vslock pin) */
	uint8_t pg_data;	/* [O] the byte the page holds (touch w=V);
				 * 0 for a new page (zero-fill) */
};

/* -------------------------------------------------------------- objects */

enum uobj_type { UOBJ_NONE = 0, UOBJ_VNODE, UOBJ_AOBJ };

struct uvm_object {
	uint8_t uo_type;	/* enum uobj_type */
	uint8_t uo_refs;	/* map entries referencing it */
	uint8_t v_size;		/* vnode size in pages (uvm_vnp_setsize) */
	uint8_t uo_lock;	/* holder tid, 0 = unlocked */
};

/* ---------------------------------------------------------------- anons */

struct vm_anon {
	uint8_t an_ref;		/* amap slots (and A->A loans) naming it; 0 = free anon */
	uint8_t an_page;	/* resident page, 0 = none */
	uint8_t an_swslot;	/* swap slot, 0 = none */
	uint8_t an_lock;	/* holder tid, 0 = unlocked */
	uint8_t an_flags;	/* AN_* */
};
#define AN_INUSE	0x01	/* allocated (uvm_analloc .. final free) */
#define AN_RELEASED	0x02	/* freed while its page was busy: dispose at unbusy */

/* ---------------------------------------------------------------- amaps */

#define AMAP_SHARED	0x01
#define AMAP_INUSE	0x02

struct vm_amap {
	uint8_t am_ref;		/* map-entry references */
	uint8_t am_flags;	/* AMAP_* */
	uint8_t am_lock;	/* holder tid, 0 = unlocked */
	uint8_t am_nslot;	/* slots in use by the mapping(s) */
	uint8_t am_anon[AMAP_SLOTS];	/* anon per slot, 0 = none */
};

/* ----------------------------------------------------------- map entries */

/* etype */
#define UVM_ET_INUSE		0x01
#define UVM_ET_COPYONWRITE	0x02	/* MAP_PRIVATE */
#define UVM_ET_NEEDSCOPY	0x04
#define UVM_ET_QREF		0x08	/* extracted into kernel_map by uvm_io */

enum vm_inherit { MAP_INHERIT_SHARE = 0, MAP_INHERIT_COPY, MAP_INHERIT_NONE,
	MAP_INHERIT_ZERO };

struct vm_map_entry {
	uint8_t vm;		/* vmspace the entry belongs to */
	uint8_t start, end;	/* VA pages, [start, end) */
	uint8_t etype;		/* UVM_ET_* */
	uint8_t protection;	/* current VM_PROT_* */
	uint8_t max_protection;
	uint8_t inheritance;	/* enum vm_inherit */
	uint8_t wired_count;	/* [M] mlock count */
	uint8_t amap;		/* aref.ar_amap */
	uint8_t amap_off;	/* aref.ar_pageoff: slot of `start` */
	uint8_t uobj;		/* object.uvm_obj */
	uint8_t uoff;		/* offset (pages) of `start` in uobj */
};

/* -------------------------------------------------------------- vmspaces */

#define VM_MAP_INUSE		0x01
#define VM_MAP_WIREFUTURE	0x02	/* mlockall(MCL_FUTURE) */
#define VM_MAP_INTRSAFE		0x04	/* interrupt-safe kernel submap */
#define VM_MAP_KERNEL		0x08

struct vmspace {
	uint8_t vm_refs;	/* processes (LWPs share one) */
	uint8_t vm_flags;	/* VM_MAP_* */
	uint8_t vm_writer;	/* tid holding the map write lock */
	uint8_t vm_readers;	/* bitmask of tids (1 << (tid-1)) holding it read */
	uint8_t vm_busy;	/* tid that vm_map_busy()'d it (uvm_map_pageable) */
};

/* ----------------------------------------------------------------- swap */

enum swslot_state { SWS_FREE = 0, SWS_INUSE, SWS_BAD };

struct swslot {
	uint8_t sw_state;	/* enum swslot_state */
	uint8_t sw_anon;	/* anon whose data it holds (for I11) */
};

/* ----------------------------------------------------------- I/O buffers */

enum buf_kind {
	BUF_NONE = 0,
	BUF_PHYSIO_READ,	/* device -> user memory (DMA writes the pages) */
	BUF_PHYSIO_WRITE,	/* user memory -> device (DMA reads the pages) */
	BUF_SWAP_WRITE,		/* pageout of an anon page to a swap slot */
	BUF_SWAP_READ,		/* pagein */
	BUF_VNODE_READ,		/* getpages */
	BUF_VNODE_WRITE,	/* putpages (clean) */
};

#define BUF_MAXPAGES	2

struct buf {
	uint8_t b_kind;		/* enum buf_kind */
	uint8_t b_tid;		/* issuing thread (sync I/O waits on it) */
	uint8_t b_async;	/* completed by the aiodone thread */
	uint8_t b_error;	/* injected I/O error */
	uint8_t b_npages;
	uint8_t b_pages[BUF_MAXPAGES];	/* physical pages the DMA targets */
	uint8_t b_kva;		/* vmapbuf kernel VA (0 = none) */
	uint8_t b_slot;		/* swap slot written/read */
	uint8_t b_anon;		/* anon paged out */
};

/* ------------------------------------------------------ kernel page loans */

struct kloan {
	uint8_t kl_page;	/* page lent, 0 = slot free */
	uint8_t kl_kva;		/* kernel VA the loan is mapped at */
	uint8_t kl_tid;		/* lending thread */
	uint8_t kl_managed;	/* mapped with pmap_enter (pre-PMAP_NEW) */
};

/* -------------------------------------------------------------- threads */

enum thread_state {
	TS_NONE = 0,
	TS_EMBRYO,	/* not created yet: waits for fork or clone */
	TS_RUN,		/* runnable */
	TS_SLEEP,	/* asleep on a wait channel */
	TS_DONE,	/* program finished (or process exited) */
};

/* wait channels: what a sleeping thread is waiting for */
enum wchan_kind {
	WC_NONE = 0,
	WC_PAGE,	/* PG_BUSY page: woken by unbusy (PG_WANTED) */
	WC_FREE,	/* &uvmexp.free: woken by the pagedaemon (uvm_wait) */
	WC_BUF,		/* I/O completion of a buf (biowait) */
	WC_MAPLOCK,	/* map lock / map busy */
	WC_OBJLOCK,	/* object lock leaked by another thread */
	WC_AMAPLOCK,
	WC_ANONLOCK,
	WC_PDAEMON,	/* the pagedaemon waiting to be kicked */
	WC_WORK,	/* a kernel thread with nothing to do */
	WC_STOPPED,	/* stopped by the debugger (ptrace), wobj = process */
	WC_TRACED,	/* raise(SIGSTOP) under ptrace: waits for PT_CONTINUE,
			 * wobj = process */
	WC_CHILD,	/* waitpid: wobj = the process or thread waited for */
	WC_SWAPCTL,	/* swap_syscall_lock, held by a swapoff (wobj 0) */
};

struct thread {
	uint8_t t_state;	/* enum thread_state */
	uint8_t t_proc;		/* process (vmspace) index */
	uint8_t t_wchan;	/* enum wchan_kind */
	uint8_t t_wobj;		/* index the channel names (page, buf, vmspace) */
	uint8_t t_op;		/* index of the current op in the program */
	int8_t t_errno;		/* result of the last completed op */
	uint8_t t_depth;	/* frames in use */
	uint8_t t_retries;	/* fault restarts without progress (liveness) */
	struct frame t_frames[FRAME_DEPTH];
};

/* ------------------------------------------------ ghost state for I4 / I5 */

/*
 * One record per page-level wiring a wire fault made (uvm_pagewire from
 * uvm_fault_wire, for vslock or mlock) or a 1999 kernel loan made.  The
 * kernel keeps no such record; the model keeps it so that I4 (wire_count
 * conservation) and I5 (unwire hits the page that was wired) can be
 * checked.  A record whose page was freed under it (truncation, the
 * legitimate case of S-6) is marked lost.
 */
enum wiring_kind { WK_NONE = 0, WK_MLOCK, WK_VSLOCK, WK_KLOAN };
#define MAX_WIRINGS	16

struct wiring {
	uint8_t w_kind;		/* enum wiring_kind */
	uint8_t w_vm;		/* vmspace (kernel loans: 0) */
	uint8_t w_va;
	uint8_t w_page;		/* page wired; 0 once lost */
};

/* --------------------------------------------------------- uvmexp and world */

struct uvmexp {
	uint8_t paging;		/* pages in flight to the pager */
	uint8_t pd_wanted;	/* pagedaemon kicked (uvm_wait / low memory) */
	uint8_t env_failures;	/* injected failures still allowed */
	uint8_t pd_passes;	/* pagedaemon passes since last progress (bounded) */
};

/* an assertion the model's kernel makes, or an at-op invariant, fired in a step */
struct model_event {
	uint8_t ev_inv;		/* invariant id (enum inv_id in invariants/), 0 = none */
	uint8_t ev_tid;
	uint8_t ev_obj[3];	/* objects involved, meaning per invariant */
	uint8_t ev_kind;	/* enum ev_obj_kind of ev_obj[0] */
};

struct world {
	struct vm_page pages[MAX_PAGES + 1];
	struct uvm_object objs[MAX_OBJS + 1];
	struct vm_anon anons[MAX_ANONS + 1];
	struct vm_amap amaps[MAX_AMAPS + 1];
	struct vm_map_entry entries[MAX_ENTRIES + 1];
	struct vmspace vms[MAX_VMSPACES + 1];
	struct swslot swap[MAX_SWAP + 1];
	struct buf bufs[MAX_BUFS + 1];
	struct kloan kloans[MAX_KLOANS + 1];
	struct thread threads[MAX_THREADS + 1];
	struct pmap_state pmap;
	struct uvmexp uvmexp;
	struct model_event event;
	uint8_t proc_vm[MAX_PROCS + 1];	/* process -> vmspace (0 = not created / exited) */
	struct wiring wirings[MAX_WIRINGS + 1];
};

#endif
