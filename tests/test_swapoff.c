/*
 * test_swapoff.c: swapctl(SWAP_OFF) (core/uvm_swap.c op_swapoff_step),
 * driven step by step along chosen schedules.
 *
 * - memory full of pages nothing can reclaim (the device is off): the
 *   pagein cannot get a page, swap_off is ENOMEM and the device is on
 *   again, its slots still in use, the pagedaemon able to swap again;
 * - a second swapoff sleeps on swap_syscall_lock while the first pages
 *   in, then finds the device gone: ENXIO;
 * - after a successful swapoff no anon has a slot, every slot is free
 *   and no slot is handed out any more.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "core/uvm.h"
#include "scenarios/scenario.h"

static struct scenario s;
static struct world w;

/* parse text, start the world, run the threads named in sched in turn */
static void
run(const char *text, const char *sched)
{
	struct scenario_error e;
	char buf[512], *save = NULL;

	if (scenario_parse(text, strlen(text), "t.scn", &s, &e) != 0)
		fail_msg("%d:%d: %s", e.line, e.col, e.msg);
	model_finish(&s.model);
	world_init(&w, &s.model);
	snprintf(buf, sizeof(buf), "%s", sched);
	for (char *n = strtok_r(buf, " ", &save); n != NULL;
	    n = strtok_r(NULL, " ", &save)) {
		struct step_result r;
		int tid = 0;

		for (int i = 1; i <= s.model.nthreads; i++)
			if (strcmp(s.model.threads[i].name, n) == 0)
				tid = i;
		assert_true(tid != 0);
		if (!thread_enabled(&w, &s.model, tid))
			fail_msg("thread %s not enabled", n);
		world_step(&w, &s.model, tid, 0, &r);
		if (r.event_inv != 0)
			fail_msg("event %d: %s", r.event_inv,
			    r.event_what != NULL ? r.event_what : "?");
	}
}

static int
slots_in_use(void)
{
	int n = 0;

	for (int i = 1; i <= s.model.tun.nswap; i++)
		n += w.swap[i].sw_state == SWS_INUSE;
	return n;
}

static int
tid_of(const char *name)
{
	for (int i = 1; i <= s.model.nthreads; i++)
		if (strcmp(s.model.threads[i].name, name) == 0)
			return i;
	return 0;
}

/* ENOMEM: a wired page and dirty anons fill memory, one anon is in swap */
static const char nomem[] =
    "scenario nomem\n"
    "world pages=5 swap=3 freemin=1 freetarg=2\n"
    "proc A\n"
    "map A 0 anon 0 5 private rw\n"
    "thread a1 A: touch 0 w; touch 4 w; touch 1 w; touch 2 w; touch 3 w; "
    "mlock 1 3; swapoff\n"
    "kthread pd pagedaemon\n";

static void
test_enomem(void **state)
{
	int a1;

	(void)state;
	/* before the swapoff: anons in swap */
	run(nomem, "a1 a1 a1 a1 pd pd pd pd a1 pd pd a1 a1");
	a1 = tid_of("a1");
	assert_true(slots_in_use() > 0);
	run(nomem, "a1 a1 a1 a1 pd pd pd pd a1 pd pd a1 a1 a1 a1");
	assert_int_equal(w.threads[a1].t_state, TS_DONE);
	assert_int_equal(w.threads[a1].t_errno, M_ENOMEM);
	/* SWF_ENABLE is set again: slots in use stay, new ones can be had */
	assert_int_equal(w.swap[0].sw_state, 0);
	assert_true(slots_in_use() > 0);
	assert_true(uvm_swap_available(&w, &s.model));
}

/* two swapoffs: the second waits for the first, then ENXIO */
static const char two[] =
    "scenario two\n"
    "world pages=5 swap=3 freemin=1 freetarg=2\n"
    "proc A\n"
    "map A 0 anon 0 4 private rw\n"
    "thread a1 A: touch 0 w; touch 1 w; touch 2 w; touch 3 w; munmap 3 1; "
    "swapoff\n"
    "thread a2 A: swapoff\n"
    "kthread pd pagedaemon\n";

#define TWO_PREFIX "a1 a1 a1 a1 a1 pd pd pd pd pd pd pd pd a1 a1"

static void
test_second_waits(void **state)
{
	int a1, a2;

	(void)state;
	/* a1 is in its first read when a2 calls: a2 sleeps */
	run(two, TWO_PREFIX " a2");
	a1 = tid_of("a1");
	a2 = tid_of("a2");
	assert_true(slots_in_use() > 0);
	assert_int_equal(w.threads[a2].t_state, TS_SLEEP);
	assert_int_equal(w.threads[a2].t_wchan, WC_SWAPCTL);
	assert_false(uvm_swap_available(&w, &s.model));

	/* a1 finishes: every slot is free, the device gone, a2 woken */
	run(two, TWO_PREFIX " a2 a1 a1");
	assert_int_equal(w.threads[a1].t_state, TS_DONE);
	assert_int_equal(w.threads[a1].t_errno, 0);
	assert_int_equal(slots_in_use(), 0);
	for (int an = 1; an <= MAX_ANONS; an++)
		assert_int_equal(w.anons[an].an_swslot, 0);
	assert_int_equal(w.threads[a2].t_state, TS_RUN);
	assert_false(uvm_swap_available(&w, &s.model));

	run(two, TWO_PREFIX " a2 a1 a1 a2");
	assert_int_equal(w.threads[a2].t_state, TS_DONE);
	assert_int_equal(w.threads[a2].t_errno, M_ENXIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enomem),
		cmocka_unit_test(test_second_waits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
