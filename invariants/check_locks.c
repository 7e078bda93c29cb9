/*
 * check_locks.c: invariants of sleeping threads: the wait-for graph over
 * PG_BUSY pages and locks (docs/uvm-semantics.md §10).
 *
 * A sleeping thread (TS_SLEEP) waits on one channel (t_wchan, t_wobj).
 * The wait-for graph has an edge from a sleeping thread to every thread
 * that must act before it can be woken:
 *
 *	WC_PAGE     page t_wobj, PG_BUSY  ->  its busy_tid
 *	WC_MAPLOCK  vmspace t_wobj        ->  vm_writer (write lock holder)
 *	                                  ->  vm_busy holder, unless that is
 *	                                      the sleeper (vm_map_busy lets
 *	                                      its owner lock the map again)
 *	WC_OBJLOCK, WC_AMAPLOCK, WC_ANONLOCK  ->  the holder of that lock
 *
 * Waits for I/O (WC_BUF), for free memory (WC_FREE) and for work
 * (WC_PDAEMON, WC_WORK) have no holder: whoever could wake them is not a
 * lock owner, and a run stuck there is the explorers' `deadlock`.
 *
 * Invariants checked here, after every step:
 *
 *   I17 busy-deadlock.  The wait-for graph is acyclic: no thread waits
 *       (through any chain of sleeping threads) for itself; in particular
 *       no thread sleeps on a page it holds PG_BUSY.  (S-12: Chuck's
 *       PG_BUSY-in-vslock proposal busies pages in VA order, a page
 *       mapped twice or two pages in reverse offset order deadlock.)
 *
 *   I18 busy-wait-under-map-lock.  No thread sleeps on a PG_BUSY page
 *       (WC_PAGE) while it holds the write lock of a live map
 *       (vm_writer): the busy holder may be a fault waiting for that
 *       map's read lock.  Core also raises I18 at the operation.
 *       (S-12.)
 *
 *   deadlock (liveness, found by the explorers when no thread is
 *       enabled): some user thread sleeps and no thread is runnable.
 *       The predicate is here for the explorers and tools to call; the
 *       after-step check does not evaluate it.
 */
#include "invariants/invariants.h"

#include <stdio.h>
#include <string.h>

#define MAX_EDGES	2	/* out-edges of one sleeping thread */

static const char *
tname(const struct model *m, int tid)
{
	return m->threads[tid].name[0] != '\0' ? m->threads[tid].name : "?";
}

/* add holder to out[] if it is a thread of the scenario */
static void
add_edge(const struct model *m, int holder, int out[MAX_EDGES], int *n)
{
	if (holder >= 1 && holder <= m->nthreads && holder <= MAX_THREADS &&
	    *n < MAX_EDGES)
		out[(*n)++] = holder;
}

/*
 * waits_for: the threads a sleeping tid waits for (0 to MAX_EDGES);
 * returns their number and fills out[].
 */
static int
waits_for(const struct world *w, const struct model *m, int tid,
    int out[MAX_EDGES])
{
	const struct thread *t = &w->threads[tid];
	int o = t->t_wobj, n = 0;

	if (t->t_state != TS_SLEEP)
		return 0;
	switch (t->t_wchan) {
	case WC_PAGE:
		if (o >= 1 && o <= MAX_PAGES &&
		    (w->pages[o].pg_flags & PG_BUSY))
			add_edge(m, w->pages[o].busy_tid, out, &n);
		break;
	case WC_MAPLOCK:
		if (o < 1 || o > MAX_VMSPACES)
			break;
		add_edge(m, w->vms[o].vm_writer, out, &n);
		if (w->vms[o].vm_busy != tid &&
		    w->vms[o].vm_busy != w->vms[o].vm_writer)
			add_edge(m, w->vms[o].vm_busy, out, &n);
		break;
	case WC_OBJLOCK:
		if (o >= 1 && o <= MAX_OBJS)
			add_edge(m, w->objs[o].uo_lock, out, &n);
		break;
	case WC_AMAPLOCK:
		if (o >= 1 && o <= MAX_AMAPS)
			add_edge(m, w->amaps[o].am_lock, out, &n);
		break;
	case WC_ANONLOCK:
		if (o >= 1 && o <= MAX_ANONS)
			add_edge(m, w->anons[o].an_lock, out, &n);
		break;
	default:
		break;
	}
	return n;
}

/* "t1 waits page 3 (busy t2)" */
static void
put_wait(const struct world *w, const struct model *m, int tid, int holder,
    char *buf, size_t len)
{
	const struct thread *t = &w->threads[tid];
	size_t off = strlen(buf);
	const char *what;

	switch (t->t_wchan) {
	case WC_PAGE:		what = "page";	break;
	case WC_MAPLOCK:	what = "map";	break;
	case WC_OBJLOCK:	what = "object lock"; break;
	case WC_AMAPLOCK:	what = "amap lock"; break;
	case WC_ANONLOCK:	what = "anon lock"; break;
	default:		what = "channel"; break;
	}
	if (off >= len)
		return;
	snprintf(buf + off, len - off, "%s%s waits %s %d (held by %s)",
	    off > 0 ? " -> " : "", tname(m, tid), what, t->t_wobj,
	    tname(m, holder));
}

/*
 * find_cycle: depth-first search from path[depth-1] for a way back to
 * path[0]; on success path[0..*len-1] is the cycle, hold[i] the edge
 * taken from path[i].
 */
static bool
find_cycle(const struct world *w, const struct model *m, int path[],
    int hold[], int depth, int *len)
{
	int out[MAX_EDGES];
	int n = waits_for(w, m, path[depth - 1], out);

	for (int i = 0; i < n; i++) {
		bool seen = false;

		hold[depth - 1] = out[i];
		if (out[i] == path[0]) {
			*len = depth;
			return true;
		}
		for (int j = 0; j < depth; j++)
			if (path[j] == out[i])
				seen = true;	/* a cycle elsewhere */
		if (seen || depth >= MAX_THREADS)
			continue;
		path[depth] = out[i];
		if (find_cycle(w, m, path, hold, depth + 1, len))
			return true;
	}
	return false;
}

/*
 * I17: no cycle in the wait-for graph (a self-loop included).
 */
bool
inv_check_busy_deadlock(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++) {
		int path[MAX_THREADS + 1], hold[MAX_THREADS + 1], len = 0;
		char cyc[sizeof(v->detail)];

		path[0] = tid;
		if (!find_cycle(w, m, path, hold, 1, &len))
			continue;
		cyc[0] = '\0';	/* built for a finding only */
		for (int i = 0; i < len; i++)
			put_wait(w, m, path[i], hold[i], cyc, sizeof(cyc));
		if (len == 1 && w->threads[tid].t_wchan == WC_PAGE)
			inv_fail(v, INV_BUSY_DEADLOCK, tid, tid, 0, 0,
			    "sleeps on page %d that it holds PG_BUSY itself",
			    w->threads[tid].t_wobj);
		else
			inv_fail(v, INV_BUSY_DEADLOCK, tid, path[0],
			    len > 1 ? path[1] : 0, len > 2 ? path[2] : 0,
			    "cycle: %s", cyc);
		return true;
	}
	return false;
}

/*
 * I18: sleeping on WC_PAGE  =>  not vm_writer of any live map.
 */
bool
inv_check_busy_wait_under_map_lock(const struct world *w,
    const struct model *m, struct inv_violation *v)
{
	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++) {
		const struct thread *t = &w->threads[tid];

		if (t->t_state != TS_SLEEP || t->t_wchan != WC_PAGE)
			continue;
		for (int vm = 1; vm <= MAX_VMSPACES; vm++) {
			if (!inv_vm_live(w, vm) || w->vms[vm].vm_writer != tid)
				continue;
			inv_fail(v, INV_BUSY_WAIT_UNDER_MAP_LOCK, tid,
			    t->t_wobj, vm, 0, "sleeps on busy page %d "
			    "holding the write lock of %s map", t->t_wobj,
			    inv_vm_name(w, m, vm));
			return true;
		}
	}
	return false;
}

static const char *
wchan_name(int wc)
{
	switch (wc) {
	case WC_PAGE:		return "a busy page";
	case WC_FREE:		return "free memory (uvm_wait)";
	case WC_BUF:		return "I/O completion (biowait)";
	case WC_MAPLOCK:	return "a map lock";
	case WC_OBJLOCK:	return "an object lock";
	case WC_AMAPLOCK:	return "an amap lock";
	case WC_ANONLOCK:	return "an anon lock";
	case WC_PDAEMON:	return "the pagedaemon";
	case WC_WORK:		return "work";
	case WC_STOPPED:	return "the debugger (ptrace stop)";
	default:		return "nothing";
	}
}

/*
 * deadlock: a user thread sleeps and no thread is runnable.
 */
bool
inv_check_deadlock(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	int sleeper = 0;

	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++) {
		const struct thread *t = &w->threads[tid];

		if (t->t_state == TS_RUN)
			return false;
		if (sleeper == 0 && m->threads[tid].kthread == KT_NONE &&
		    t->t_state == TS_SLEEP)
			sleeper = tid;
	}
	if (sleeper == 0)
		return false;
	inv_fail(v, INV_DEADLOCK, sleeper, sleeper, 0, 0,
	    "no thread can run; %s sleeps on %s %d", tname(m, sleeper),
	    wchan_name(w->threads[sleeper].t_wchan),
	    w->threads[sleeper].t_wobj);
	return true;
}
