/*
 * kern_intr.c: an interrupt handler that takes a fault on an
 * interrupt-safe kernel map (S-15, a commit of 2000).
 *
 * interrupt-safe maps (kmem_map) are locked from interrupt context: an
 * interrupt that allocates kernel memory write-locks the map while it
 * works on it.  uvm_fault "MUST NEVER BE CALLED IN INTERRUPT CONTEXT",
 * and before the 2000 fix uvmfault_lookup did not refuse such maps: a
 * fault taken while the map is locked by the very context that faults
 * tries to lock it again and never gets it ("prevents a locking screw").
 *
 * the model's interrupt thread (KT_INTR) runs one job:
 *
 *   1. vm_map_lock_try(kernel_map)               sleep "vmmaplk" if held
 *                                                yield "intr: kmem_map locked"
 *   2. uvm_fault(kernel_map, 0, READ, FAULT_KERNEL)
 *        fixed: uvmfault_lookup refuses the interrupt-safe map: EFAULT
 *        K_FAULT_CHECKS_INTRSAFE = 1: the fault locks the map we hold:
 *        I17 (busy-deadlock), the thread sleeps forever
 *   3. vm_map_unlock(kernel_map)
 *   4. the job is done: sleep forever on WC_WORK(KT_INTR)
 *
 * the scenario must give the kernel map its interrupt-safe flag (world
 * intrsafe=1): an interrupt faulting on an ordinary map it holds
 * deadlocks in every era, and the fault says so.
 *
 * it starts runnable (engine.c).  the interrupt cannot really sleep for
 * the map in step 1; the model lets it wait for the lock rather than
 * give up, so the interesting order (it holds the lock, then faults) is
 * always reachable.
 */
#include "core/ops.h"
#include "core/uvm.h"

enum {
	INTR_LOCK = 0,
	INTR_FAULT,	/* holds the kernel map: take the fault */
	INTR_FAULTED,	/* the fault returned */
	INTR_IDLE,	/* done: asleep for good */
};

int
kt_intr_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	switch (f->pc) {
	case INTR_LOCK:
		if (!vm_map_lock_try(w, c, KERNEL_VMSPACE)) {
			note(c, "intr: kernel map locked -> wait");
			return fn_sleep(w, c, INTR_LOCK, WC_MAPLOCK,
			    KERNEL_VMSPACE, "vmmaplk");
		}
		note(c, "intr: malloc from interrupt: vm_map_lock(kmem_map)");
		return fn_yield(w, c, INTR_FAULT, "intr: kmem_map locked");
	case INTR_FAULT:
		note(c, "intr: page fault on the interrupt-safe map");
		f->pc = INTR_FAULTED;
		return call_uvm_fault(w, c, KERNEL_VMSPACE, 0,
		    VM_PROT_READ, FAULT_KERNEL, 0);
	case INTR_FAULTED:
		vm_map_unlock(w, c, KERNEL_VMSPACE);
		note(c, "intr: vm_map_unlock(kmem_map), job done");
		/* FALLTHROUGH */
	case INTR_IDLE:
	default:
		return fn_sleep(w, c, INTR_IDLE, WC_WORK, KT_INTR, "intr");
	}
}
