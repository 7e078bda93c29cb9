/*
 * uvm_fork.c: fork(2) and clone(2) on the address space: uvmspace_fork
 * (uvm_map.c in the kernel) and amap_cow_now (uvm_amap.c), plus the two
 * operations that start LWPs.
 *
 * uvmspace_fork copies the parent's map into the child's, entry by entry,
 * with the parent map write-locked throughout, by inheritance (§2.4):
 *
 *	NONE	the child gets nothing.
 *	SHARE	child and parent share amap and object.  A needs-copy parent
 *		entry first gets its own amap (amap_copy), so that what is
 *		shared is the parent's, not an older COW source.  The child's
 *		reference is taken AMAP_SHARED.
 *	COPY	(MAP_PRIVATE semantics) the child entry references the same
 *		amap (not shared) and object and is COW + needs-copy.  Then:
 *		 - parent amap AMAP_SHARED (it shares the amap with another
 *		   process, e.g. an uvm_io window) or parent entry wired ->
 *		   amap_copy for the child now;
 *		 - parent entry wired -> amap_cow_now: "the parent process
 *		   does not want page faults on access to that memory", so
 *		   its pages cannot be write-protected: every anon the two
 *		   share is copied for the child now;
 *		 - otherwise, if the parent has an amap and is not needs-copy
 *		   already: write-protect the parent (pmap_protect without
 *		   WRITE, if max_protection has WRITE) and mark it needs-copy.
 *		The child's wired_count is 0: "new pmap has nothing wired".
 *
 * amap_cow_now(child entry), parent and child maps locked, amap locked,
 * for each anon with an_ref > 1 whose page is not loaned:
 *	busy page	PG_WANTED, unlock, sleep "cownow", restart the scan;
 *	else		uvm_analloc + uvm_pagealloc(anon); failure: free the
 *			new anon, unlock, uvm_wait "cownowpage" -- with the
 *			parent map still write-locked -- and restart;
 *			success: copy (the copy is dirty), an_ref-- on the old
 *			anon, the new anon takes the child's slot, activate
 *			and unbusy the new (unwired) page.
 * S-9: before the 2001 LOCK_ASSERT commit the new anon was used
 * unlocked (K_NEWANON_LOCKED) and the failure path locked it and freed it
 * with an_ref still 1 (K_COWNOW_ERRPATH).
 *
 * Sleeps: "vm_map_lock", "cownow" (WC_PAGE), "cownowpage" (WC_FREE);
 * "amap_copy: pool_get" is a yield standing for amap_copy's M_WAITOK
 * allocation when the model's allocation fails.
 */
#include "core/ops.h"
#include "core/uvm.h"

/* ----------------------------------------------------------------- fork */

/*
 * fork1 -> uvm_proc_fork -> uvmspace_fork.
 * frame op_fork: child_proc, child_vm (its vmspace)
 * => the child's LWPs (embryo threads of child_proc) become runnable
 *    once its address space is built
 * => returns 0, M_EINVAL (bad or live child process), M_ENOMEM (no
 *    vmspace left in the model)
 */
int
op_fork_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int child = f->op_fork.child_proc;

	switch (f->pc) {
	case 0: {
		int parent = thread_vm(w, c->tid);
		int vm2;

		if (parent == 0 || child <= 0 || child > MAX_PROCS ||
		    child == t->t_proc || w->proc_vm[child] != 0)
			return fn_return(w, c, M_EINVAL);
		vm2 = vmspace_alloc(w);
		if (vm2 == 0) {
			note(c, "uvmspace_alloc: no vmspace left (model capacity)");
			return fn_return(w, c, M_ENOMEM);
		}
		w->proc_vm[child] = (uint8_t)vm2;
		f->op_fork.child_vm = (uint8_t)vm2;
		f->pc = 1;
		return call_uvmspace_fork(w, c, parent, vm2);
	}
	case 1:
		for (int tid = 1; tid <= c->m->nthreads; tid++) {
			struct thread *ct = &w->threads[tid];

			if (ct->t_proc != child || ct->t_state != TS_EMBRYO ||
			    !thread_is_user(c->m, tid))
				continue;
			ct->t_state = c->m->threads[tid].nops > 0 ? TS_RUN :
			    TS_DONE;
		}
		note(c, "fork1: child runnable");
		return fn_return(w, c, 0);
	}
	return fn_return(w, c, M_EINVAL);
}

/*
 * sys_clone / _lwp_create: op_clone.tid, the thread that starts, in this
 * process
 * (it shares this vmspace).
 */
int
op_clone_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int tid = f->op_clone.tid;
	struct thread *nt;

	if (tid <= 0 || tid > c->m->nthreads || !thread_is_user(c->m, tid))
		return fn_return(w, c, M_EINVAL);
	nt = &w->threads[tid];
	if (nt->t_state != TS_EMBRYO)
		return fn_return(w, c, M_EINVAL);
	nt->t_proc = t->t_proc;
	nt->t_state = c->m->threads[tid].nops > 0 ? TS_RUN : TS_DONE;
	note(c, "lwp_create: new LWP shares the vmspace");
	return fn_return(w, c, 0);
}

/* -------------------------------------------------------- uvmspace_fork */

/*
 * uvmspace_fork: copy map parent_vm into map child_vm (fresh).
 * frame uvmspace_fork: parent_vm, child_vm, cursor (VA in the parent:
 *	  the start of the parent entry while child_entry is set),
 *	  child_entry (being set up, MAP_INHERIT_COPY)
 * => parent map unlocked on entry and exit, write-locked in between
 *    (also while amap_cow_now sleeps)
 * => returns 0
 */
enum { UF_LOCK = 0, UF_LOOP, UF_COPY, UF_COW_DONE };

static int
fork_new_entry(struct world *w, struct step_ctx *c, int old, int vm2)
{
	int ne = uvm_map_entry_alloc(w);
	struct vm_map_entry *me;

	if (ne == 0) {
		model_capacity(w, c, old,
		    "uvm_mapent_alloc: out of map entries (model capacity)");
		return 0;
	}
	me = &w->entries[ne];
	*me = w->entries[old];		/* uvm_mapent_copy */
	me->vm = (uint8_t)vm2;
	me->wired_count = 0;		/* new pmap has nothing wired in it */
	if (me->uobj != 0)
		w->objs[me->uobj].uo_refs++;	/* pgo_reference */
	return ne;
}

static int uvmspace_fork_copy(struct world *w, struct step_ctx *c,
    struct frame *f);

static int
uvmspace_fork_loop(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm1 = f->uvmspace_fork.parent_vm, vm2 = f->uvmspace_fork.child_vm;
	int old;

	while ((old = uvm_map_next_entry(w, vm1,
	    f->uvmspace_fork.cursor)) != 0) {
		struct vm_map_entry *oe = &w->entries[old];
		int ne;

		switch (oe->inheritance) {
		case MAP_INHERIT_SHARE:
			/*
			 * if the old entry needs a new amap (due to a previous
			 * fork) allocate it now, so that we have something we
			 * own to share with the new entry
			 */
			if (oe->etype & UVM_ET_NEEDSCOPY) {
				note(c, "uvmspace_fork: MAP_INHERIT_SHARE, needs-copy -> amap_copy");
				if (amap_copy(w, c, old) != 0)
					return fn_yield(w, c, UF_LOOP,
					    "amap_copy: pool_get");
			}
			ne = fork_new_entry(w, c, old, vm2);
			if (ne == 0)
				break;
			if (w->entries[ne].amap != 0)
				amap_ref(w, w->entries[ne].amap, true);
			note(c, "uvmspace_fork: MAP_INHERIT_SHARE");
			break;
		case MAP_INHERIT_COPY:
			ne = fork_new_entry(w, c, old, vm2);
			if (ne == 0)
				break;
			if (w->entries[ne].amap != 0)
				amap_ref(w, w->entries[ne].amap, false);
			w->entries[ne].etype |=
			    UVM_ET_COPYONWRITE | UVM_ET_NEEDSCOPY;
			note(c, "uvmspace_fork: MAP_INHERIT_COPY");
			/* uvmspace_fork_copy's key */
			f->uvmspace_fork.cursor = oe->start;
			f->uvmspace_fork.child_entry = (uint8_t)ne;
			f->pc = UF_COPY;
			return uvmspace_fork_copy(w, c, f);
		case MAP_INHERIT_ZERO:
			/*
			 * uvm_mapent_forkzero (uvm_map.c, NetBSD 7+): the
			 * child's entry drops amap and object and becomes
			 * zero-fill anonymous memory of its own
			 */
			ne = fork_new_entry(w, c, old, vm2);
			if (ne == 0)
				break;
			if (w->entries[ne].uobj != 0)
				w->objs[w->entries[ne].uobj].uo_refs--;
			w->entries[ne].uobj = 0;
			w->entries[ne].uoff = 0;
			w->entries[ne].amap = 0;
			w->entries[ne].amap_off = 0;
			w->entries[ne].etype |=
			    UVM_ET_COPYONWRITE | UVM_ET_NEEDSCOPY;
			note(c, "uvmspace_fork: MAP_INHERIT_ZERO -> zero-fill entry");
			break;
		default:
			note(c, "uvmspace_fork: MAP_INHERIT_NONE");
			break;
		}
		f->uvmspace_fork.cursor = oe->end;
	}
	vm_map_unlock(w, c, vm1);
	return fn_return(w, c, 0);
}

/* the rest of MAP_INHERIT_COPY for the parent entry at cursor, the child
 * entry child_entry */
static int
uvmspace_fork_copy(struct world *w, struct step_ctx *c, struct frame *f)
{
	int vm1 = f->uvmspace_fork.parent_vm;
	int old = uvm_map_lookup_entry(w, vm1, f->uvmspace_fork.cursor);
	int ne = f->uvmspace_fork.child_entry;
	struct vm_map_entry *oe = &w->entries[old];

	/*
	 * copy the amap now if the parent shares it with another process
	 * (else a later parent write fault would break that sharing) or if
	 * the parent entry is wired (amap_cow_now needs needs-copy clear)
	 */
	bool aobj = oe->amap != 0 && !(oe->etype & UVM_ET_COPYONWRITE);

	if (oe->amap != 0 && (w->entries[ne].etype & UVM_ET_NEEDSCOPY) &&
	    ((w->amaps[oe->amap].am_flags & AMAP_SHARED) ||
		oe->wired_count > 0 || aobj)) {
		note(c, "uvmspace_fork: parent amap shared or entry wired -> amap_copy now");
		if (amap_copy(w, c, ne) != 0)
			return fn_yield(w, c, UF_COPY, "amap_copy: pool_get");
	}
	if (aobj) {
		/*
		 * the model's anonymous MAP_SHARED memory (an amap on an
		 * entry that is not copy-on-write) stands for the kernel's
		 * aobj: the child's MAP_INHERIT_COPY entry is a private view
		 * of it.  The parent keeps writing in place, so the pages
		 * cannot be shared copy-on-write: the child gets its copies
		 * now (amap_cow_now), where the kernel copies at the
		 * child's first write.  (A parent's write after the fork is
		 * therefore not seen by the child; with the aobj the child
		 * sees it until it writes the page itself.)  The parent is
		 * left as it is: the kernel's "old_entry->aref.ar_amap" test
		 * is false for an aobj mapping, so it is neither write-
		 * protected nor made needs-copy.
		 */
		note(c, "uvmspace_fork: MAP_INHERIT_COPY of shared anonymous memory -> amap_cow_now");
		f->pc = UF_COW_DONE;
		return call_amap_cow_now(w, c, ne, old);
	}
	if (oe->wired_count > 0) {
		if (oe->amap != 0) {
			note(c, "uvmspace_fork: parent entry wired -> amap_cow_now");
			f->pc = UF_COW_DONE;
			return call_amap_cow_now(w, c, ne, old);
		}
	} else if (oe->amap != 0 && !(oe->etype & UVM_ET_NEEDSCOPY)) {
		/*
		 * set up mappings to trigger copy-on-write faults: write-
		 * protect the parent unless a previous fork did
		 */
		if (oe->max_protection & VM_PROT_WRITE) {
			note(c, "uvmspace_fork: pmap_protect parent without WRITE");
			pmap_protect(&w->pmap, vm1, oe->start, oe->end,
			    oe->protection & ~VM_PROT_WRITE);
		}
		oe->etype |= UVM_ET_NEEDSCOPY;
	}
	f->uvmspace_fork.child_entry = 0;
	f->uvmspace_fork.cursor = oe->end;
	f->pc = UF_LOOP;
	return uvmspace_fork_loop(w, c, f);
}

int
uvmspace_fork_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	(void)t;
	switch (f->pc) {
	case UF_LOCK:
		if (!vm_map_lock_try(w, c, f->uvmspace_fork.parent_vm))
			return fn_sleep(w, c, UF_LOCK, WC_MAPLOCK,
			    f->uvmspace_fork.parent_vm,
			    "vm_map_lock");
		f->uvmspace_fork.cursor = 0;
		f->pc = UF_LOOP;
		return uvmspace_fork_loop(w, c, f);
	case UF_LOOP:
		return uvmspace_fork_loop(w, c, f);
	case UF_COPY:
		return uvmspace_fork_copy(w, c, f);
	case UF_COW_DONE: {
		int old = uvm_map_lookup_entry(w, f->uvmspace_fork.parent_vm,
		    f->uvmspace_fork.cursor);

		f->uvmspace_fork.child_entry = 0;
		f->uvmspace_fork.cursor = old != 0 ? w->entries[old].end :
		    (uint8_t)(f->uvmspace_fork.cursor + 1);
		f->pc = UF_LOOP;
		return uvmspace_fork_loop(w, c, f);
	}
	}
	model_event(w, c, INV_KERNEL_PANIC, f->pc, 0, 0,
	    "model: uvmspace_fork: bad pc");
	return fn_return(w, c, 0);
}

/* call uvmspace_fork: copy map parent_vm into the fresh map child_vm */
int
call_uvmspace_fork(struct world *w, struct step_ctx *c, int parent_vm,
    int child_vm)
{
	struct uvmspace_fork_frame args = {
		.parent_vm = (uint8_t)parent_vm,
		.child_vm = (uint8_t)child_vm,
	};

	return fn_call_frame(w, c, FN_UVMSPACE_FORK, &args, sizeof(args));
}

/* --------------------------------------------------------- amap_cow_now */

/*
 * amap_cow_now: resolve every copy-on-write of the child's entry now.
 * frame amap_cow_now: child_entry, parent_entry (informational)
 * => parent map write-locked by uvmspace_fork (the child's map is not
 *    reachable by anyone yet); the amap and anons are locked and
 *    unlocked here within the step
 * => "if we unlock the amap then we must ReStart the loop because some
 *    other process could reorder the anons": every sleep restarts the scan
 * => returns 0 (it cannot fail: "XXXCDC: we should cause fork to fail,
 *    but we can't")
 */
static bool
anon_locked_by_me(const struct world *w, const struct step_ctx *c, int anon)
{
	return w->anons[anon].an_lock == c->tid;
}

int
amap_cow_now_step(struct world *w, struct step_ctx *c, struct thread *t,
    struct frame *f)
{
	int e = f->amap_cow_now.child_entry;
	int amap = w->entries[e].amap;

	(void)t;
	/* ReStart: (pc 0 always) */
	if (amap == 0)
		return fn_return(w, c, 0);
	amap_lock(w, c, amap);
	for (int slot = 0; slot < AMAP_SLOTS; slot++) {
		int anon = w->amaps[amap].am_anon[slot];
		int pg, nanon, npg;

		if (anon == 0)
			continue;
		anon_lock(w, c, anon);
		/*
		 * an_ref 1: already copied (in an earlier pass, before we slept
		 * waiting for memory)
		 */
		if (w->anons[anon].an_ref == 1) {
			anon_unlock(w, c, anon);
			continue;
		}
		/* the parent is wired: the old page is resident */
		pg = w->anons[anon].an_page;
		if (pg == 0) {
			note(c, "amap_cow_now: parent anon not resident");
			anon_unlock(w, c, anon);
			continue;
		}
		/* loaned pages are already mapped read-only everywhere */
		if (w->pages[pg].loan_count != 0) {
			anon_unlock(w, c, anon);
			continue;
		}
		if (w->pages[pg].pg_flags & PG_BUSY) {
			w->pages[pg].pg_flags |= PG_WANTED;
			amap_unlock(w, c, amap);
			anon_unlock(w, c, anon);
			note(c, "amap_cow_now: page busy -> UVM_UNLOCK_AND_WAIT");
			return fn_sleep(w, c, 0, WC_PAGE, pg, "cownow");
		}

		/* ok, time to do a copy-on-write to a new anon */
		nanon = uvm_analloc(w, c);
		npg = 0;
		if (nanon != 0) {
			/* [2001+] nanon is locked!  [before] used unlocked (S-9) */
			anon_lock_new(w, c, nanon);
			npg = uvm_pagealloc(w, c, 0, 0, nanon, 0);
		}
		if (nanon == 0 || npg == 0) {
			if (nanon != 0) {
				if (KNOB(c, K_COWNOW_ERRPATH) ==
				    COWNOW_ERRPATH_UNREF_UNLOCK_FREE) {
					/* fix: drop our reference, unlock, free */
					w->anons[nanon].an_ref--;
					if (anon_locked_by_me(w, c, nanon))
						anon_unlock(w, c, nanon);
					note(c, "amap_cow_now: no page -> an_ref--, unlock, uvm_anfree");
				} else {
					/* [2000]: lock it, free it, ref still 1 */
					if (!anon_locked_by_me(w, c, nanon))
						anon_lock(w, c, nanon);
					note(c, "amap_cow_now: no page -> lock, uvm_anfree (an_ref 1)");
				}
				(void)uvm_anfree(w, c, nanon);
			}
			anon_unlock(w, c, anon);
			amap_unlock(w, c, amap);
			note(c, "amap_cow_now: uvm_wait");
			uvm_kick_pdaemon(w);
			return fn_sleep(w, c, 0, WC_FREE, 0, "cownowpage");
		}

		/* got it: copy the data and put the new anon in the slot */
		w->pages[npg].pg_flags &= (uint8_t)~(PG_FAKE | PG_CLEAN);
		w->pages[npg].pg_data = w->pages[pg].pg_data;
		w->anons[anon].an_ref--;	/* can't drop to zero */
		w->amaps[amap].am_anon[slot] = (uint8_t)nanon;
		uvm_pageactivate(w, npg);
		uvm_page_unbusy(w, c, npg);
		if (anon_locked_by_me(w, c, nanon))
			anon_unlock(w, c, nanon);
		anon_unlock(w, c, anon);
		note(c, "amap_cow_now: uvm_pagecopy into a new anon for the child");
	}
	amap_unlock(w, c, amap);
	return fn_return(w, c, 0);
}

/* call amap_cow_now on child_entry, copied from parent_entry */
int
call_amap_cow_now(struct world *w, struct step_ctx *c, int child_entry,
    int parent_entry)
{
	struct amap_cow_now_frame args = {
		.child_entry = (uint8_t)child_entry,
		.parent_entry = (uint8_t)parent_entry,
	};

	return fn_call_frame(w, c, FN_AMAP_COW_NOW, &args, sizeof(args));
}
