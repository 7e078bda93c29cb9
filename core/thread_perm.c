/*
 * thread_perm.c: the world with its threads renumbered.
 *
 * A thread's number (its tid) is how the world names it.  The kernel
 * names an LWP by its struct lwp, whose address says nothing about what
 * it does; here a tid says which thread_def runs, and the world holds it
 * wherever the kernel would hold the lwp:
 *
 *	threads[tid]			the LWP itself (its stack of frames)
 *	pages[].busy_tid		the owner of PG_BUSY (uvm_page.h pg_owner,
 *					kept under UVM_PAGE_TRKOWN)
 *	objs[].uo_lock, anons[].an_lock,
 *	amaps[].am_lock			the holder of a simple lock
 *	vms[].vm_writer, vm_busy	the map's lock holder and vm_map_busy()
 *					owner (vm_map.h: map->busy is an lwp)
 *	vms[].vm_readers		one bit per tid holding the map read
 *	bufs[].b_tid, kloans[].kl_tid	the issuer of an I/O, the lender
 *	threads[].t_wobj		the thread a waitpid sleeps for
 *					(WC_CHILD below MAX_THREADS + 1)
 *	event.ev_tid			the thread that set off an assertion
 *
 * world_rename_threads() moves each thread to its new number and
 * rewrites every field above; nothing else in the world names a thread.
 * Renaming two threads that run the same program in the same process
 * gives a world that behaves the same with the two roles swapped (the
 * symmetry reduction of explore/symmetry.c rests on it, and
 * tests/test_symmetry.c checks it step by step).  A new field that holds
 * a tid must be added here, or that test fails.
 */
#include <string.h>

#include "core/engine.h"

_Static_assert(MAX_THREADS <= 8, "vm_readers holds one bit per tid");

static uint8_t
renamed(const uint8_t *to, uint8_t tid)
{
	return tid >= 1 && tid <= MAX_THREADS ? to[tid] : tid;
}

static uint8_t
renamed_bits(const uint8_t *to, uint8_t bits)
{
	uint8_t out = 0;

	for (int tid = 1; tid <= MAX_THREADS; tid++)
		if (bits & (1u << (tid - 1)))
			out |= (uint8_t)(1u << (to[tid] - 1));
	return out;
}

void
world_rename_threads(struct world *out, const struct world *w,
    const uint8_t to[MAX_THREADS + 1])
{
	memcpy(out, w, sizeof(*out));
	for (int tid = 1; tid <= MAX_THREADS; tid++)
		memcpy(&out->threads[to[tid]], &w->threads[tid],
		    sizeof(out->threads[0]));
	for (int tid = 1; tid <= MAX_THREADS; tid++) {
		struct thread *t = &out->threads[tid];

		if (t->t_wchan == WC_CHILD && t->t_wobj <= MAX_THREADS)
			t->t_wobj = renamed(to, t->t_wobj);
	}
	for (int i = 1; i <= MAX_PAGES; i++)
		out->pages[i].busy_tid = renamed(to, w->pages[i].busy_tid);
	for (int i = 1; i <= MAX_OBJS; i++)
		out->objs[i].uo_lock = renamed(to, w->objs[i].uo_lock);
	for (int i = 1; i <= MAX_ANONS; i++)
		out->anons[i].an_lock = renamed(to, w->anons[i].an_lock);
	for (int i = 1; i <= MAX_AMAPS; i++)
		out->amaps[i].am_lock = renamed(to, w->amaps[i].am_lock);
	for (int i = 1; i <= MAX_VMSPACES; i++) {
		out->vms[i].vm_writer = renamed(to, w->vms[i].vm_writer);
		out->vms[i].vm_busy = renamed(to, w->vms[i].vm_busy);
		out->vms[i].vm_readers = renamed_bits(to, w->vms[i].vm_readers);
	}
	for (int i = 1; i <= MAX_BUFS; i++)
		out->bufs[i].b_tid = renamed(to, w->bufs[i].b_tid);
	for (int i = 1; i <= MAX_KLOANS; i++)
		out->kloans[i].kl_tid = renamed(to, w->kloans[i].kl_tid);
	out->event.ev_tid = renamed(to, w->event.ev_tid);
}
