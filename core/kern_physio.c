/*
 * kern_physio.c: raw device I/O straight to and from user memory.
 *
 * What the kernel does (kern_physio.c ~2007 and 1.93 (2015); uvm_glue.c
 * uvm_vslock/uvm_vsunlock; docs/uvm-semantics.md §6):
 *
 *   physio(strategy, bp, dev, flags, minphys, uio): take an I/O buffer
 *   (getiobuf), then for each iovec chunk (at most MAXPHYS after
 *   minphys):
 *	1. uvm_vslock(p->p_vmspace, base, todo, B_READ ? VM_PROT_WRITE :
 *	   VM_PROT_READ): a device -> memory transfer needs WRITE access.
 *	   uvm_vslock is uvm_fault_wire(map, trunc_page(addr),
 *	   round_page(addr + len), access_type, 0): each page is wire-faulted
 *	   (PMAP_WIRED mapping, wire_count++); the map entry's wired_count is
 *	   not touched and no page is kept PG_BUSY.
 *	2. vmapbuf(bp, todo): double-map the user pages into kernel VA
 *	   (phys_map); x86 takes the physical pages from the user pmap NOW
 *	   (pmap_extract; "vmapbuf: null page frame" if one is missing) and
 *	   enters unmanaged kernel mappings (pmap_kenter_pa).
 *	3. the driver's strategy routine starts the DMA; biowait.  The DMA
 *	   targets the physical pages vmapbuf found, whatever happens to
 *	   the user mapping meanwhile.
 *	4. completion (physio_done): vunmapbuf (pmap_kremove), then
 *	   uvm_vsunlock(p->p_vmspace, base, todo) = uvm_fault_unwire: for
 *	   each page mapped NOW, pmap_unwire where the entry is not wired
 *	   and uvm_pageunwire.
 *   Uphoff's post (tech-kern, July 2003) lists what breaks: a
 *   truncation frees a vslocked page under the DMA (S-10), another LWP
 *   of the process unmaps or munlocks it (S-11), and making vslock hold
 *   pages PG_BUSY instead deadlocks (S-12); a read-only wiring of a
 *   lent page leaves the loan unbroken (S-13, physio B_WRITE).
 *
 * Model: op_physio_step, OP_PHYSIO_READ / OP_PHYSIO_WRITE:
 *   frame op_physio: va, npages (one chunk, at most BUF_MAXPAGES), read
 *   (1: from the device into memory, 0: memory to the device); locals
 *   buf and error (returned after vsunlock).  Interleaving points:
 *   inside uvm_vslock (the wire faults), "physio: biowait (DMA in
 *   flight)", inside uvm_vsunlock.  vmapbuf windows are kernel VAs
 *   8..11.  An injected I/O error (an environment choice) completes the
 *   transfer with EIO.
 *
 * Locks: none held across the DMA; the map is locked only inside
 * uvm_fault_wire / uvm_fault_unwire.
 */
#include <string.h>

#include "core/ops.h"
#include "core/uvm.h"

#define VMAPBUF_KVA_BASE	8	/* phys_map: kernel VAs 8..11 */
#define VMAPBUF_KVA_END		12

enum { PHYS_START = 0, PHYS_VSLOCKED, PHYS_BIOWAIT, PHYS_VSUNLOCKED };

/*
 * physio_buf_of: the raw-I/O buf thread tid has under way (a thread runs
 * one physio at a time), or 0.  Under the L-2 fix it carries the pages
 * uvm_vslock wired, in VA order (b_pages, b_npages so far): vmapbuf maps
 * those and uvm_vsunlock unwires those, however many other I/Os vslock
 * the same VA meanwhile.
 */
int
physio_buf_of(const struct world *w, int tid)
{
	for (int b = 1; b <= MAX_BUFS; b++)
		if ((w->bufs[b].b_kind == BUF_PHYSIO_READ ||
		    w->bufs[b].b_kind == BUF_PHYSIO_WRITE) &&
		    w->bufs[b].b_tid == tid)
			return b;
	return 0;
}

/* getiobuf: a free struct buf, or 0 */
static int
getiobuf(const struct world *w)
{
	for (int b = 1; b <= MAX_BUFS; b++)
		if (w->bufs[b].b_kind == BUF_NONE)
			return b;
	return 0;
}

/* uvm_km_alloc(phys_map): n unused kernel VA pages, or 0 */
static int
vmapbuf_kva_alloc(const struct world *w, int n)
{
	for (int kva = VMAPBUF_KVA_BASE; kva + n <= VMAPBUF_KVA_END; kva++) {
		bool used = false;

		for (int i = 0; i < n; i++) {
			int pa;

			if (pmap_extract(&w->pmap, KERNEL_VMSPACE, kva + i,
			    &pa))
				used = true;
		}
		for (int b = 1; b <= MAX_BUFS; b++) {
			const struct buf *bp = &w->bufs[b];

			if (bp->b_kva != 0 && kva < bp->b_kva + bp->b_npages &&
			    bp->b_kva < kva + n)
				used = true;
		}
		if (!used)
			return kva;
	}
	return 0;
}

/*
 * op_physio_step: physio() of one chunk
 *
 * => nothing locked on entry or across the DMA
 * => may sleep inside uvm_vslock / uvm_vsunlock (faults, map locks)
 * => returns 0, vslock's error, M_EIO (injected I/O error), M_EINVAL,
 *    or M_ENOMEM when the model runs out of bufs or vmapbuf VA
 */
int
op_physio_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int vm = thread_vm(w, c->tid);
	int va = f->op_physio.va, n = f->op_physio.npages;
	bool rd = f->op_physio.read != 0;
	struct buf *bp = &w->bufs[f->op_physio.buf];

	(void)t;
	switch (f->pc) {
	case PHYS_START: {
		int b;

		if (n < 1 || n > BUF_MAXPAGES || va + n > VA_PAGES)
			return fn_return(w, c, M_EINVAL);
		b = getiobuf(w);
		if (b == 0) {
			note(c, "physio: getiobuf: no buffer (model: "
			    "MAX_BUFS)");
			return fn_return(w, c, M_ENOMEM);
		}
		f->op_physio.buf = (uint8_t)b;
		w->bufs[b].b_kind = rd ? BUF_PHYSIO_READ : BUF_PHYSIO_WRITE;
		w->bufs[b].b_tid = (uint8_t)c->tid;
		/* uvm_vslock: device -> memory needs write access */
		f->pc = PHYS_VSLOCKED;
		return call_uvm_fault_wire(w, c, vm, va, va + n,
		    rd ? VM_PROT_WRITE : VM_PROT_READ, false, WK_VSLOCK);
	}

	case PHYS_VSLOCKED: {
		int kva;

		if (f->ret != 0) {
			note(c, "physio: uvm_vslock failed");
			memset(bp, 0, sizeof(*bp));
			return fn_return(w, c, f->ret);
		}
		kva = vmapbuf_kva_alloc(w, n);
		if (kva == 0) {
			note(c, "vmapbuf: no phys_map VA (model) -> "
			    "uvm_vsunlock, ENOMEM");
			if (KNOB(c, K_PHYSIO_PAGES) != PHYSIO_PAGES_VSLOCKED)
				memset(bp, 0, sizeof(*bp));
			f->op_physio.error = M_ENOMEM;
			f->pc = PHYS_VSUNLOCKED;
			return call_uvm_fault_unwire(w, c, vm, va,
			    va + n, WK_VSLOCK);
		}
		/* vmapbuf: the physical pages the user VA maps now */
		bp->b_npages = (uint8_t)n;
		bp->b_kva = (uint8_t)kva;
		for (int i = 0; i < n && i < BUF_MAXPAGES; i++) {
			int pa = 0;

			if (KNOB(c, K_PHYSIO_PAGES) == PHYSIO_PAGES_VSLOCKED) {
				/*
				 * L-2 fix: the pages uvm_vslock wired (it
				 * put them in the buf), not what the pmap
				 * maps now (a pmap_collect or a truncation
				 * may have removed the PTE)
				 */
				pa = bp->b_pages[i];
			} else if (!pmap_extract(&w->pmap, vm, va + i, &pa)) {
				pa = 0;
			}
			if (pa == 0) {
				model_event(w, c, INV_KERNEL_PANIC, va + i, vm,
				    0, "vmapbuf: null page frame");
				continue;
			}
			bp->b_pages[i] = (uint8_t)pa;
			pmap_kenter_pa(&w->pmap, kva + i, pa,
			    rd ? VM_PROT_READ | VM_PROT_WRITE : VM_PROT_READ);
		}
		note(c, "physio: vmapbuf, strategy: DMA started");
		return fn_yield(w, c, PHYS_BIOWAIT,
		    "physio: biowait (DMA in flight)");
	}

	case PHYS_BIOWAIT:
		/* the DMA completes on the pages vmapbuf found */
		for (int i = 0; i < bp->b_npages; i++) {
			int pg = bp->b_pages[i], pa = 0;
			struct vm_page *p;

			if (pg == 0)
				continue;
			p = &w->pages[pg];
			if ((p->pg_pqflags & PQ_FREE) ||
			    !pmap_extract(&w->pmap, vm, va + i, &pa) ||
			    pa != pg)
				note(c, rd ? "physio: DMA into a page that is "
				    "no longer the buffer's" :
				    "physio: DMA from a page that is no "
				    "longer the buffer's");
			/* the device wrote the page: it is dirty now */
			if (rd && !(p->pg_pqflags & PQ_FREE))
				p->pg_flags &= (uint8_t)~PG_CLEAN;
		}
		f->op_physio.error = 0;
		if (env_fail(w, c, "biowait: I/O error (EIO)"))
			f->op_physio.error = M_EIO;
		else
			note(c, "physio: DMA completes");
		/*
		 * physio_done: vunmapbuf, release the buffer (under the L-2
		 * fix after uvm_vsunlock, which reads the pages from it)
		 */
		pmap_kremove(&w->pmap, bp->b_kva, bp->b_npages);
		bp->b_kva = 0;
		if (KNOB(c, K_PHYSIO_PAGES) != PHYSIO_PAGES_VSLOCKED) {
			memset(bp, 0, sizeof(*bp));
			f->op_physio.buf = 0;
		}
		/* uvm_vsunlock */
		f->pc = PHYS_VSUNLOCKED;
		return call_uvm_fault_unwire(w, c, vm, va, va + n,
		    WK_VSLOCK);

	case PHYS_VSUNLOCKED:
		if (f->op_physio.buf != 0) {
			memset(bp, 0, sizeof(*bp));
			f->op_physio.buf = 0;
		}
		return fn_return(w, c, (int8_t)f->op_physio.error);
	}
	model_event(w, c, INV_KERNEL_PANIC, f->fn, f->pc, 0,
	    "model: op_physio_step bad pc");
	return fn_return(w, c, M_EINVAL);
}
