/*
 * test_lasso.c: non-progress-cycle counterexamples are minimized as
 * lassos (explore/lasso.c): a cycle walked three times, or reached by a
 * stem with a detour, comes back as the shortest stem and cycle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenarios/scenario.h"
#include "explore/minimize.h"
#include "explore/run.h"

static struct scenario s;
static struct schedule sch;
static struct run_result res;

static void
load(const char *sched)
{
	struct scenario_error err;
	char msg[200];
	int col;
	struct knobs k;
	uint8_t mask[NKNOBS] = { 0 };
	char e[200];

	assert_int_equal(scenario_load_file(SOURCE_ROOT
	    "/scenarios/canfail-livelock.scn", &s, &err), 0);
	memset(&k, 0, sizeof(k));
	assert_int_equal(knob_parse_assignment(
	    "fault_checks_reclaimable=always-wait", &k, e, (int)sizeof(e)), 0);
	mask[K_FAULT_CHECKS_RECLAIMABLE] = 1;
	assert_int_equal(scenario_apply_config(&s, "fixed", &k, mask), 0);
	assert_int_equal(run_parse_schedule(&s.model, sched, &sch, NULL, &col,
	    msg, sizeof(msg)), 0);
	assert_int_equal(run_schedule(&s.model, &sch, &res, NULL, NULL), 0);
	assert_int_equal(res.inv, INV_NONPROGRESS_CYCLE);
}

static void
assert_cycle(int n)
{
	assert_int_equal(sch.n, n);
	assert_int_equal(run_schedule(&s.model, &sch, &res, NULL, NULL), 0);
	assert_int_equal(res.verdict, VERDICT_VIOLATION);
	assert_int_equal(res.inv, INV_NONPROGRESS_CYCLE);
}

/* the 3-step cycle walked four times: one walk is enough */
static void
test_cycle_repeated(void **state)
{
	(void)state;
	load("v1 v1 v1 u1 u1 pd pd u1 pd pd u1 pd pd u1 pd pd u1 pd pd");
	assert_int_equal(sch.n, 19);
	assert_int_equal(lasso_minimize(&s.model, &sch), 0);
	assert_cycle(10);
}

/* the whole minimizer gives the same (no search of its own for cycles) */
static void
test_minimize_uses_lasso(void **state)
{
	struct min_result *mr = malloc(sizeof(*mr));

	(void)state;
	assert_non_null(mr);
	load("v1 v1 v1 u1 u1 pd pd u1 pd pd u1 pd pd u1 pd pd u1 pd pd");
	assert_int_equal(explore_minimize(&s.model, &sch, 40, mr), 0);
	sch = mr->sched;
	assert_cycle(10);
	free(mr);
}

/* an already minimal lasso is left alone */
static void
test_minimal_kept(void **state)
{
	(void)state;
	load("v1 v1 v1 u1 u1 pd pd u1 pd pd");
	assert_int_equal(lasso_minimize(&s.model, &sch), -1);
	assert_cycle(10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cycle_repeated),
		cmocka_unit_test(test_minimize_uses_lasso),
		cmocka_unit_test(test_minimal_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
