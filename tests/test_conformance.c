/*
 * test_conformance.c: the model behaviour the conformance suite
 * (scenarios/conformance/, docs/conformance.md) depends on, one
 * mechanism per test, on scenarios run step by step in a fixed order:
 * operation results and the call-result invariant, the trap's signals,
 * page bytes through fork, COW and ptrace, minherit (copy, none, zero,
 * a bad value), MAP_FIXED replacement (both values of
 * mmap_fixed_replace) and hinted placement, open modes, RLIMIT_MEMLOCK,
 * munlock of unlocked memory (both values of munlock_unlocked_errno),
 * mincore, waitpid / stop / PT_CONTINUE, and amap_add(replace) revoking
 * the old page of a shared amap.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "core/model.h"
#include "core/uvm.h"
#include "core/world.h"
#include "scenarios/scenario.h"

#define STEP_BOUND	64

static struct scenario s;
static struct world w;

/* parse text under `bug` overrides given as "K=V" (or NULL), init the world */
static void
load(const char *text, const char *bug)
{
	struct scenario_error e;
	struct knobs k;
	uint8_t mask[NKNOBS];
	char err[128];

	if (scenario_parse(text, strlen(text), "t.scn", &s, &e) != 0)
		fail_msg("%d:%d: %s", e.line, e.col, e.msg);
	memset(&k, 0, sizeof(k));
	memset(mask, 0, sizeof(mask));
	if (bug != NULL) {
		assert_int_equal(knob_parse_assignment(bug, &k, err,
		    sizeof(err)), 0);
		for (int i = 0; i < NKNOBS; i++)
			mask[i] = k.v[i] != 0;
	}
	assert_int_equal(scenario_apply_config(&s, "fixed", bug ? &k : NULL,
	    bug ? mask : NULL), 0);
	world_init(&w, &s.model);
}

static int
tid_of(const char *name)
{
	for (int t = 1; t <= s.model.nthreads; t++)
		if (strcmp(s.model.threads[t].name, name) == 0)
			return t;
	fail_msg("no thread %s", name);
	return 0;
}

/*
 * run thread `name` until its current operation completes; returns the
 * step's event (INV_NONE when nothing fired); *rc gets the op's result
 */
static int
run(const char *name, int *rc)
{
	int tid = tid_of(name);

	for (int i = 0; i < STEP_BOUND; i++) {
		struct step_result r;

		assert_true(thread_enabled(&w, &s.model, tid));
		world_step(&w, &s.model, tid, 0, &r);
		if (r.event_inv != INV_NONE || r.status == STEP_COMPLETED) {
			if (rc != NULL)
				*rc = w.threads[tid].t_errno;
			return r.event_inv;
		}
		if (r.status == STEP_BLOCKED)
			return -1;
	}
	fail_msg("thread %s does not complete its operation", name);
	return -1;
}

/* run an operation that must complete with result want and no event */
static void
op_ok(const char *name, int want)
{
	int rc = -1;

	assert_int_equal(run(name, &rc), INV_NONE);
	assert_int_equal(rc, want);
}

/* the page va of process proc maps, 0 if none */
static int
page_at(int proc, int va)
{
	int pa = 0;

	if (!pmap_extract(&w.pmap, w.proc_vm[proc], va, &pa))
		return 0;
	return pa;
}

/* ------------------------------------------------------- results, signals */

static void
test_trap_signal(void **state)
{
	(void)state;
	assert_int_equal(trap_signal(0), 0);
	assert_int_equal(trap_signal(M_EINVAL), M_SIGBUS);
	assert_int_equal(trap_signal(M_EFAULT), M_SIGSEGV);
	assert_int_equal(trap_signal(M_EACCES), M_SIGSEGV);
	assert_int_equal(trap_signal(M_ENOMEM), M_SIGKILL);
	assert_string_equal(signal_name(M_SIGBUS), "SIGBUS");
	assert_int_equal(errno_lookup("ENOMEM"), M_ENOMEM);
	assert_int_equal(errno_lookup("ok"), 0);
	assert_int_equal(errno_lookup("ENOSPC"), -1);
}

/* call-result fires when the result differs, and only then */
static void
test_call_result(void **state)
{
	int rc;

	(void)state;
	load("scenario t\nproc A\nmap A 0 anon 0 1 private rw\n"
	    "thread a A: touch 0 w=5; touch 0 r -> 5; touch 0 r -> 6; "
	    "touch 3 r -> SIGSEGV; touch 3 r -> SIGBUS; munmap 0 1 -> ok; "
	    "munmap 0 1 -> EINVAL\n", NULL);
	op_ok("a", 0);
	op_ok("a", 0);				/* reads 5: holds */
	assert_int_equal(run("a", &rc), INV_CALL_RESULT);	/* not 6 */
	load("scenario t\nproc A\nmap A 0 anon 0 1 private rw\n"
	    "thread a A: touch 3 r -> SIGSEGV; touch 3 r -> SIGBUS\n", NULL);
	assert_int_equal(run("a", &rc), INV_NONE);
	assert_int_equal(rc, M_EFAULT);
	assert_int_equal(run("a", &rc), INV_CALL_RESULT);
	load("scenario t\nproc A\n"
	    "thread a A: munmap 0 1 -> ok; munmap 0 1 -> EINVAL\n", NULL);
	assert_int_equal(run("a", &rc), INV_NONE);
	assert_int_equal(run("a", &rc), INV_CALL_RESULT);
}

/* past the end of a file: EINVAL from the pager, SIGBUS */
static void
test_sigbus_past_eof(void **state)
{
	int rc;

	(void)state;
	load("scenario t\nvnode f pages=2 resident=2\nproc A\n"
	    "map A 0 f 0 2 shared r\n"
	    "thread a A: truncate f 1; touch 0 r; touch 1 r -> SIGBUS\n", NULL);
	op_ok("a", 0);
	op_ok("a", 0);
	assert_int_equal(run("a", &rc), INV_NONE);
	assert_int_equal(rc, M_EINVAL);
}

/* --------------------------------------------------------------- minherit */

static const char *const inherit_text =
    "scenario t\nproc A\nproc B forked\n"
    "thread a A: mmap 0 1 anon 0 shared rw; touch 0 w=1; minherit 0 1 %s; "
    "fork B; wait B; touch 0 r\n"
    "thread b B: touch 0 w=2\n";

static void
load_inherit(const char *inh)
{
	char text[512];

	snprintf(text, sizeof(text), inherit_text, inh);
	load(text, NULL);
	for (int i = 0; i < 4; i++)
		op_ok("a", 0);			/* mmap .. fork */
}

static void
test_minherit_copy(void **state)
{
	int vm2, e;

	(void)state;
	load_inherit("copy");
	vm2 = w.proc_vm[2];
	e = uvm_map_lookup_entry(&w, vm2, 0);
	assert_int_not_equal(e, 0);
	assert_true(w.entries[e].etype & UVM_ET_COPYONWRITE);
	/* the child has its own copy already (amap_cow_now) */
	assert_int_not_equal(page_at(1, 0), 0);
	op_ok("b", 0);				/* child writes 2 */
	assert_int_not_equal(page_at(2, 0), page_at(1, 0));
	assert_int_equal(w.pages[page_at(2, 0)].pg_data, 2);
	assert_int_equal(w.pages[page_at(1, 0)].pg_data, 1);
}

static void
test_minherit_share(void **state)
{
	int rc;

	(void)state;
	load_inherit("share");
	op_ok("b", 0);
	op_ok("a", 0);				/* wait */
	assert_int_equal(run("a", &rc), INV_NONE);
	assert_int_equal(w.pages[page_at(1, 0)].pg_data, 2);
}

static void
test_minherit_none(void **state)
{
	int rc;

	(void)state;
	load_inherit("none");
	assert_int_equal(uvm_map_lookup_entry(&w, w.proc_vm[2], 0), 0);
	assert_int_equal(run("b", &rc), INV_NONE);
	assert_int_equal(trap_signal(rc), M_SIGSEGV);
}

static void
test_minherit_zero(void **state)
{
	int e;

	(void)state;
	load_inherit("zero");
	e = uvm_map_lookup_entry(&w, w.proc_vm[2], 0);
	assert_int_not_equal(e, 0);
	assert_int_equal(w.entries[e].amap, 0);
	assert_int_equal(w.entries[e].uobj, 0);
	assert_true(w.entries[e].etype & UVM_ET_NEEDSCOPY);
	op_ok("b", 0);
	assert_int_equal(w.pages[page_at(2, 0)].pg_data, 2);
	assert_int_equal(w.pages[page_at(1, 0)].pg_data, 1);
}

/* [1999-2003] uvm_map_inherit knew no MAP_INHERIT_ZERO */
static void
test_minherit_zero_era(void **state)
{
	(void)state;
	load("scenario t\nproc A\nmap A 0 anon 0 1 shared rw\n"
	    "thread a A: minherit 0 1 zero\n", "minherit_zero=einval");
	op_ok("a", M_EINVAL);
	assert_int_equal(w.entries[uvm_map_lookup_entry(&w, w.proc_vm[1],
	    0)].inheritance, MAP_INHERIT_SHARE);
}

static void
test_minherit_bad(void **state)
{
	(void)state;
	load("scenario t\nproc A\nmap A 0 anon 0 2 shared rw\n"
	    "thread a A: minherit 0 1 4; minherit 0 1 3\n", NULL);
	op_ok("a", M_EINVAL);
	op_ok("a", 0);
	/* clipped: only page 0 got MAP_INHERIT_ZERO */
	assert_int_equal(w.entries[uvm_map_lookup_entry(&w, w.proc_vm[1],
	    0)].inheritance, MAP_INHERIT_ZERO);
	assert_int_equal(w.entries[uvm_map_lookup_entry(&w, w.proc_vm[1],
	    1)].inheritance, MAP_INHERIT_SHARE);
}

/* ------------------------------------------------------------- mmap cases */

static const char *const fixed_text =
    "scenario t\nworld pages=12\nproc A\nmap A 0 anon 0 4 private none\n"
    "thread a1 A: mmap 0 4 anon 0 private rw fixed\n"
    "thread a2 A: mmap 0 4 anon 0 private rw\n";

/* MAP_FIXED replaces under one lock: a2 cannot take the hole */
static void
test_mmap_fixed_atomic(void **state)
{
	int rc, e;

	(void)state;
	load(fixed_text, NULL);
	/* a1 runs until its unmap is done, then a2 tries */
	assert_int_equal(run("a1", &rc), INV_NONE);
	assert_int_equal(rc, 0);
	e = uvm_map_lookup_entry(&w, w.proc_vm[1], 0);
	assert_int_equal(w.entries[e].protection, VM_PROT_READ | VM_PROT_WRITE);
	assert_int_equal(w.entries[e].start, 0);
	op_ok("a2", 0);
	/* the hint was taken: a2 went to 4 */
	assert_int_not_equal(uvm_map_lookup_entry(&w, w.proc_vm[1], 4), 0);
}

/* [pre-2017] uvm_unmap, unlock, uvm_map: a2 takes the hole, ENOMEM */
static void
test_mmap_fixed_unmap_then_map(void **state)
{
	struct step_result r;
	int rc;

	(void)state;
	load(fixed_text, "mmap_fixed_replace=unmap-then-map");
	world_step(&w, &s.model, tid_of("a1"), 0, &r);
	assert_int_equal(r.status, STEP_ADVANCED);
	assert_string_equal(r.point, "uvm_mmap: between uvm_unmap and uvm_map");
	assert_int_equal(uvm_map_lookup_entry(&w, w.proc_vm[1], 0), 0);
	op_ok("a2", 0);				/* takes 0..3 */
	assert_int_equal(run("a1", &rc), INV_NONE);
	assert_int_equal(rc, M_ENOMEM);
}

static void
test_mmap_hint_and_modes(void **state)
{
	int rc;

	(void)state;
	load("scenario t\nvnode r pages=1 open=r\nvnode w pages=1 open=w\n"
	    "vnode c pages=1 open=closed\nproc A\n"
	    "thread a A: mmap 5 1 anon 0 private rw -> 5; "
	    "mmap 5 1 anon 0 private rw -> 6; mmap 15 1 anon 0 private rw -> 15; "
	    "mmap 15 1 anon 0 private rw -> 0; "
	    "mmap 0 1 c 0 private r; mmap 0 1 w 0 private r; "
	    "mmap 0 1 w 0 private w; mmap 0 1 r 0 shared w; "
	    "mmap 0 1 r 0 private w\n", NULL);
	op_ok("a", 0);
	op_ok("a", 0);
	op_ok("a", 0);
	op_ok("a", 0);				/* nothing free above 15: from 0 */
	op_ok("a", M_EBADF);
	op_ok("a", M_EACCES);			/* write-only, PROT_READ */
	op_ok("a", 0);				/* write-only, private PROT_WRITE */
	op_ok("a", M_EACCES);			/* read-only, shared PROT_WRITE */
	assert_int_equal(run("a", &rc), INV_NONE);	/* private: COW */
	assert_int_equal(rc, 0);
}

/* ------------------------------------------------------- mlock, mincore */

static void
test_memlock_and_munlock(void **state)
{
	(void)state;
	load("scenario t\nproc A memlock=1\nmap A 0 anon 0 3 private rw\n"
	    "thread a A: mlock 0 1; mlock 1 1; munlock 2 1; munlock 0 1\n",
	    NULL);
	op_ok("a", 0);
	op_ok("a", M_EAGAIN);			/* over RLIMIT_MEMLOCK */
	op_ok("a", M_ENOMEM);			/* not locked */
	op_ok("a", 0);
	load("scenario t\nproc A\nmap A 0 anon 0 1 private rw\n"
	    "thread a A: munlock 0 1\n", "munlock_unlocked_errno=einval");
	op_ok("a", M_EINVAL);
}

static void
test_mincore(void **state)
{
	(void)state;
	load("scenario t\nvnode f pages=2 resident=1\nproc A\n"
	    "map A 0 f 0 2 shared r\nmap A 4 anon 0 2 private rw\n"
	    "thread a A: mincore 0 2 -> 1; touch 4 w; mincore 4 2 -> 1; "
	    "mincore 3 1 -> ENOMEM; mincore 0 5 -> ENOMEM\n", NULL);
	for (int i = 0; i < 5; i++)
		op_ok("a", i == 3 || i == 4 ? M_ENOMEM : 0);
}

/* -------------------------------------------------- ptrace, wait, stop */

static void
test_stop_continue(void **state)
{
	int rc;

	(void)state;
	load("scenario t\nproc P\nproc C forked\n"
	    "thread p P: continue C; fork C; wait C; continue C; wait C\n"
	    "thread c C: stop\n", NULL);
	op_ok("p", M_EBUSY);			/* nothing stopped yet */
	op_ok("p", 0);				/* fork */
	assert_int_equal(run("p", &rc), -1);	/* wait blocks */
	assert_int_equal(run("c", &rc), -1);	/* stop: c sleeps ... */
	assert_true(thread_enabled(&w, &s.model, tid_of("p")));	/* ... p wakes */
	op_ok("p", 0);				/* wait returns */
	assert_false(thread_enabled(&w, &s.model, tid_of("c")));
	op_ok("p", 0);				/* PT_CONTINUE */
	op_ok("c", 0);				/* stop returns */
	op_ok("p", 0);				/* wait: c is done */
}

/*
 * The debugger's write into a child page the child had mapped: uvm_io
 * promotes into the amap it shares (AMAP_SHARED) with the child; the
 * old page loses the child's mapping (amap_add replace), the child
 * refaults and reads the new byte.
 */
static void
test_ptrace_write_revokes(void **state)
{
	int old, rc;

	(void)state;
	load("scenario t\nworld pages=12\nproc P\nproc C forked\n"
	    "map P 0 anon 0 1 private rw\n"
	    "thread p P: touch 0 w=0; fork C; wait C; ptrace-write C 0 171; "
	    "ptrace-read C 0 -> 171; continue C\n"
	    "thread c C: touch 0 r -> 0; stop; touch 0 r -> 171\n", NULL);
	op_ok("p", 0);
	op_ok("p", 0);
	op_ok("c", 0);
	old = page_at(2, 0);
	assert_int_not_equal(old, 0);
	assert_int_equal(old, page_at(1, 0));	/* shared until a write */
	assert_int_equal(run("c", &rc), -1);	/* stopped */
	op_ok("p", 0);				/* wait: C is stopped */
	op_ok("p", 0);				/* ptrace-write */
	assert_int_not_equal(page_at(2, 0), old);	/* revoked */
	/* pmap_page_protect(NONE): the old page has no mapping left at
	 * all (the parent refaults to it: its anon is unchanged) */
	assert_int_equal(pmap_pv_count(&w.pmap, old), 0);
	op_ok("p", 0);				/* ptrace-read -> 171 */
	op_ok("p", 0);				/* continue */
	op_ok("c", 0);				/* stop returns */
	op_ok("c", 0);				/* reads 171 (-> 171 holds) */
	assert_int_equal(w.pages[page_at(2, 0)].pg_data, 171);
	assert_int_equal(w.pages[old].pg_data, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trap_signal),
		cmocka_unit_test(test_call_result),
		cmocka_unit_test(test_sigbus_past_eof),
		cmocka_unit_test(test_minherit_copy),
		cmocka_unit_test(test_minherit_share),
		cmocka_unit_test(test_minherit_none),
		cmocka_unit_test(test_minherit_zero),
		cmocka_unit_test(test_minherit_zero_era),
		cmocka_unit_test(test_minherit_bad),
		cmocka_unit_test(test_mmap_fixed_atomic),
		cmocka_unit_test(test_mmap_fixed_unmap_then_map),
		cmocka_unit_test(test_mmap_hint_and_modes),
		cmocka_unit_test(test_memlock_and_munlock),
		cmocka_unit_test(test_mincore),
		cmocka_unit_test(test_stop_continue),
		cmocka_unit_test(test_ptrace_write_revokes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
