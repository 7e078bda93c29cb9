/*
 * uvm_io.c: uvm_io, kernel I/O into another process's address space, as
 * ptrace(PT_WRITE_I/D) uses it (process_domem), one page at a time.
 *
 * uvm_io(map, uio, UVM_IO_FIXPROT):
 *	1. uvm_map_extract(map, va, PAGE, kernel_map, &kva,
 *	       QREF | CONTIG | FIXPROT):
 *	   - the target's entry must contain va (CONTIG: else EINVAL);
 *	   - needs-copy -> amap_copy(NOWAIT | NOMERGE), which *creates or
 *	     copies* the target entry's amap; failure -> ENOMEM;
 *	   - a kernel_map entry at kva with the same object and offset, the
 *	     same etype (copy-on-write kept) plus QREF, protection =
 *	     max_protection (FIXPROT: the debugger may write text),
 *	     wired_count 0, referencing the *same amap* with
 *	     amap_ref(AMAP_SHARED): the process and the kernel window must
 *	     see the same anons, so what the kernel writes (promoted into a
 *	     new anon) appears in the process.
 *	2. uiomove: the kernel writes through kva.  The first write faults
 *	   (uvm_fault on kernel_map, VM_PROT_WRITE): case 2B promotes the
 *	   object page into a new anon of the shared amap and, because other
 *	   sharers must stop using the object page, pmap_page_protect(page,
 *	   VM_PROT_NONE) -- "XXX: PAGE MIGHT BE WIRED!" -- which on x86
 *	   also removes another process's *wired* mapping of that page (S-5,
 *	   fixed by wiring at max_protection so that the wired process maps
 *	   its own copy).
 *	3. uvm_unmap_remove(kernel_map, kva, kva + PAGE) and detach
 *	   (AMAP_REFALL).
 *
 * Locks: the target map and kernel_map write-locked during the extract
 * (one step); nothing held during uiomove and the unmap.
 * Sleeps: "vm_map_lock"; uiomove may fault and sleep anywhere a fault
 * does; the model yields "uvm_io: uiomove" between the three phases.
 *
 * Kernel VAs: uvm_io windows are kernel pages 4..7; the window for va is
 * 4 + va % 4, or the next free one.
 */
#include "core/ops.h"
#include "core/uvm.h"

#define UVM_IO_KVA_BASE	4
#define UVM_IO_KVA_N	4

/* ---------------------------------------------------------- ptrace write */

/*
 * ptrace(PT_WRITE_I) -> process_domem.  frame op_ptrace: proc (target
 * process), va, value (the byte written, 0 unless the scenario gives
 * one), read (1 for ptrace(PT_READ_D), op_ptrace_read_step, whose byte
 * comes back in value); locals error (uvm_io's), vm (the target's)
 * => takes a reference on the target vmspace for the duration
 *    (uvmspace_addref), so the target may exit meanwhile; if ours is the
 *    last reference we free the vmspace (uvm_unmap of everything)
 * => returns uvm_io's error, M_EFAULT if the target has no live vmspace
 */
enum { PT_IO = 0, PT_DONE, PT_FREED };

static int
ptrace_done(struct world *w, struct step_ctx *c, struct frame *f, int rc)
{
	if (f->op_ptrace.read && rc == 0) {
		c->value = f->op_ptrace.value;
		c->has_value = true;
	}
	return fn_return(w, c, rc);
}

int
op_ptrace_read_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	f->op_ptrace.read = 1;
	return op_ptrace_write_step(w, c, t, f);
}

int
op_ptrace_write_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int proc = f->op_ptrace.proc, vm;

	(void)t;
	switch (f->pc) {
	case PT_IO:
		if (proc <= 0 || proc > MAX_PROCS)
			return fn_return(w, c, M_EINVAL);
		vm = w->proc_vm[proc];
		if (vm == 0 || !(w->vms[vm].vm_flags & VM_MAP_INUSE) ||
		    w->vms[vm].vm_refs < 1)
			return fn_return(w, c, M_EFAULT);
		/*
		 * PT_WRITE_I needs the target stopped (EBUSY otherwise): an
		 * LWP still inside a system call has not reached its stop.
		 * The model stops the target's LWPs that are between
		 * operations for the length of the write and resumes them
		 * afterwards (the debugger's PT_CONTINUE).
		 */
		for (int tid = 1; tid <= c->m->nthreads; tid++)
			if (w->threads[tid].t_proc == proc &&
			    c->m->threads[tid].kthread == KT_NONE &&
			    w->threads[tid].t_depth > 0 && tid != c->tid &&
			    !(w->threads[tid].t_state == TS_SLEEP &&
			    w->threads[tid].t_wchan == WC_TRACED)) {
				note(c, "ptrace: target not stopped -> EBUSY");
				return fn_return(w, c, M_EBUSY);
			}
		for (int tid = 1; tid <= c->m->nthreads; tid++)
			if (w->threads[tid].t_proc == proc &&
			    c->m->threads[tid].kthread == KT_NONE &&
			    w->threads[tid].t_state == TS_RUN && tid != c->tid) {
				w->threads[tid].t_state = TS_SLEEP;
				w->threads[tid].t_wchan = WC_STOPPED;
				w->threads[tid].t_wobj = (uint8_t)proc;
			}
		w->vms[vm].vm_refs++;	/* uvmspace_addref */
		f->op_ptrace.vm = (uint8_t)vm;
		f->pc = PT_DONE;
		return call_uvm_io(w, c, vm, f->op_ptrace.va,
		    f->op_ptrace.value, f->op_ptrace.read);
	case PT_DONE:
		vm = f->op_ptrace.vm;
		f->op_ptrace.error = (uint8_t)f->ret;
		wakeup(w, WC_STOPPED, proc);	/* PT_CONTINUE */
		/* uvmspace_free */
		if (--w->vms[vm].vm_refs > 0)
			return ptrace_done(w, c, f, f->ret);
		note(c, "uvmspace_free: last reference (target exited) -> uvm_unmap_remove all");
		f->pc = PT_FREED;
		return call_uvm_unmap(w, c, vm, 0, VA_PAGES);
	case PT_FREED:
		uvmspace_destroy(w, c, f->op_ptrace.vm);
		return ptrace_done(w, c, f, (int8_t)f->op_ptrace.error);
	}
	return fn_return(w, c, M_EINVAL);
}

/* --------------------------------------------------------------- uvm_io */

/*
 * uvm_io: frame uvm_io: vm (target), va (one page written or read),
 * value (the byte written; a read leaves the byte read there and hands
 * it to the caller's op_ptrace.value: the copyout to the debugger),
 * read (1 for a read); locals kva (kernel window), error (of the
 * transfer)
 * => maps unlocked on entry and exit
 * => returns 0, M_EINVAL (va not mapped), M_ENOMEM (amap_copy failed,
 *    no kernel window), or the fault's error
 */
enum { IO_EXTRACT = 0, IO_WRITE, IO_FAULTED, IO_UNMAP, IO_DONE };

static int
uvm_io_kva(const struct world *w, int va)
{
	for (int i = 0; i < UVM_IO_KVA_N; i++) {
		int kva = UVM_IO_KVA_BASE + (va + i) % UVM_IO_KVA_N;

		if (uvm_map_lookup_entry(w, KERNEL_VMSPACE, kva) == 0)
			return kva;
	}
	return -1;
}

/* uvm_map_extract(map, va, PAGE, kernel_map, QREF|CONTIG|FIXPROT) */
static int
uvm_map_extract(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm = f->uvm_io.vm, va = f->uvm_io.va, kva, e, ke, fudge;
	struct vm_map_entry *se, *me;

	if (!vm_map_lock_try(w, c, vm))
		return fn_sleep(w, c, IO_EXTRACT, WC_MAPLOCK, vm, "vm_map_lock");
	if (!vm_map_lock_try(w, c, KERNEL_VMSPACE)) {
		vm_map_unlock(w, c, vm);
		return fn_sleep(w, c, IO_EXTRACT, WC_MAPLOCK, KERNEL_VMSPACE,
		    "vm_map_lock");
	}
	/* uvm_map_reserve in kernel_map */
	kva = uvm_io_kva(w, va);
	e = uvm_map_lookup_entry(w, vm, va);
	if (kva < 0 || e == 0) {
		vm_map_unlock(w, c, KERNEL_VMSPACE);
		vm_map_unlock(w, c, vm);
		note(c, kva < 0 ? "uvm_map_reserve: no kernel VA -> ENOMEM" :
		    "uvm_map_extract: va not mapped (CONTIG) -> EINVAL");
		return fn_return(w, c, kva < 0 ? M_ENOMEM : M_EINVAL);
	}
	se = &w->entries[e];
	/* QREF: no clipping; "fudge" is va's distance into the entry */
	fudge = va - se->start;
	if (se->etype & UVM_ET_NEEDSCOPY) {
		note(c, "uvm_map_extract: needs-copy -> amap_copy(NOWAIT|NOMERGE)");
		if (amap_copy(w, c, e) != 0 ||
		    (se->etype & UVM_ET_NEEDSCOPY)) {
			vm_map_unlock(w, c, KERNEL_VMSPACE);
			vm_map_unlock(w, c, vm);
			note(c, "uvm_map_extract: amap_copy failed -> ENOMEM");
			return fn_return(w, c, M_ENOMEM);
		}
	}
	ke = uvm_map_entry_alloc(w);
	if (ke == 0) {
		vm_map_unlock(w, c, KERNEL_VMSPACE);
		vm_map_unlock(w, c, vm);
		model_capacity(w, c, e,
		    "uvm_mapent_alloc: out of map entries (model capacity)");
		return fn_return(w, c, M_ENOMEM);
	}
	me = &w->entries[ke];
	me->vm = KERNEL_VMSPACE;
	me->start = (uint8_t)kva;
	me->end = (uint8_t)(kva + 1);
	me->etype = (uint8_t)(se->etype | UVM_ET_QREF);
	me->protection = se->max_protection;	/* UVM_EXTRACT_FIXPROT */
	me->max_protection = se->max_protection;
	me->inheritance = se->inheritance;
	me->wired_count = 0;
	if (se->uobj != 0) {
		me->uobj = se->uobj;
		me->uoff = (uint8_t)(se->uoff + fudge);
		w->objs[se->uobj].uo_refs++;	/* pgo_reference */
	}
	if (se->amap != 0) {
		me->amap = se->amap;
		me->amap_off = (uint8_t)(se->amap_off + fudge);
		amap_ref(w, se->amap, true);	/* AMAP_SHARED|AMAP_REFALL */
		note(c, "uvm_map_extract: kernel entry references the amap AMAP_SHARED");
	}
	vm_map_unlock(w, c, KERNEL_VMSPACE);
	vm_map_unlock(w, c, vm);
	f->uvm_io.kva = (uint8_t)kva;
	return fn_yield(w, c, IO_WRITE, "uvm_io: uiomove");
}

/* the byte moves: into the target page (write) or out of it (read) */
static void
uvm_io_copy(struct world *w, struct step_ctx *c, struct frame *f)
{
	int pa;

	if (pmap_extract(&w->pmap, KERNEL_VMSPACE, f->uvm_io.kva, &pa) &&
	    pa > 0 &&
	    pa <= MAX_PAGES) {
		if (f->uvm_io.read)
			f->uvm_io.value = w->pages[pa].pg_data;
		else
			w->pages[pa].pg_data = f->uvm_io.value;
	}
	note(c, f->uvm_io.read ? "uiomove: copied out of the target page" :
	    "uiomove: copied into the target page");
	f->uvm_io.error = 0;
}

static int
io_access(const struct frame *f)
{
	return f->uvm_io.read ? VM_PROT_READ : VM_PROT_WRITE;
}

/* uiomove: the CPU copies through kva; a trap means uvm_fault, then retry */
static int
uvm_io_write(struct world *w, struct step_ctx *c, struct frame *f)
{
	int kva = f->uvm_io.kva;

	if (pmap_access(&w->pmap, KERNEL_VMSPACE, kva, io_access(f))) {
		uvm_io_copy(w, c, f);
		return fn_yield(w, c, IO_UNMAP, "uvm_io: uiomove");
	}
	note(c, f->uvm_io.read ? "uiomove: read fault on kernel_map" :
	    "uiomove: write fault on kernel_map");
	f->pc = IO_FAULTED;
	return call_uvm_fault(w, c, KERNEL_VMSPACE, kva, io_access(f),
	    FAULT_KERNEL, 0);
}

int
uvm_io_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	switch (f->pc) {
	case IO_EXTRACT:
		if (f->uvm_io.va >= VA_PAGES)
			return fn_return(w, c, 0);	/* beyond the user VA */
		return uvm_map_extract(w, c, f);
	case IO_WRITE:
		return uvm_io_write(w, c, f);
	case IO_FAULTED:
		if (f->ret != 0) {
			note(c, "uiomove: fault failed -> its error (copyfault)");
			f->uvm_io.error = (uint8_t)f->ret;
			return fn_yield(w, c, IO_UNMAP, "uvm_io: uiomove");
		}
		if (pmap_access(&w->pmap, KERNEL_VMSPACE, f->uvm_io.kva,
		    io_access(f))) {
			uvm_io_copy(w, c, f);
			return fn_yield(w, c, IO_UNMAP, "uvm_io: uiomove");
		}
		/* the mapping went again: back to the trap */
		return fn_yield(w, c, IO_WRITE, "uvm_io: uiomove (refault)");
	case IO_UNMAP:
		note(c, "uvm_io: uvm_unmap_remove(kernel_map) + detach (AMAP_REFALL)");
		f->pc = IO_DONE;
		return call_uvm_unmap(w, c, KERNEL_VMSPACE, f->uvm_io.kva,
		    f->uvm_io.kva + 1);
	case IO_DONE:
		/* copyout to the debugger */
		if (f->uvm_io.read && t->t_depth >= 2)
			t->t_frames[t->t_depth - 2].op_ptrace.value =
			    f->uvm_io.value;
		return fn_return(w, c, (int8_t)f->uvm_io.error);
	}
	model_event(w, c, INV_KERNEL_PANIC, f->pc, 0, 0,
	    "model: uvm_io: bad pc");
	return fn_return(w, c, M_EINVAL);
}

/* call uvm_io: write value to (or, if read, read) va of vmspace vm */
int
call_uvm_io(struct world *w, struct step_ctx *c, int vm, int va, int value,
    bool read)
{
	struct uvm_io_frame args = {
		.vm = (uint8_t)vm,
		.va = (uint8_t)va,
		.value = (uint8_t)value,
		.read = read,
	};

	return fn_call_frame(w, c, FN_UVM_IO, &args, sizeof(args));
}
