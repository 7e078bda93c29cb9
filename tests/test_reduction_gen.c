/*
 * test_reduction_gen.c: the reduction's soundness on generated
 * scenarios, the workloads nobody wrote.
 *
 * The soak's generator (fuzz/soak.h) makes scenario i of a seed; each of
 * the first NGEN is searched by the stateful dfs with sleep sets and
 * without them, under the fixed kernel and under netbsd-2020 (whose
 * latent bugs give violations to compare).  Both searches must agree on
 * the verdict, a counterexample must replay to it, and where both were
 * exhaustive the states must be the same (sleep sets prune transitions,
 * never states).  test_explore.c does the same for the library and the
 * bench scenarios.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "explore/dfs.h"
#include "explore/run.h"
#include "fuzz/soak.h"
#include "scenarios/scenario.h"

#define NGEN		200
#define MAX_STATES	40000
#define SEED		7717

static void
search(const struct scenario *s, bool noreduce, struct dfs_result *r)
{
	struct dfs_opts o;

	memset(&o, 0, sizeof(o));
	o.depth = (int)(s->bound_depth != 0 ? s->bound_depth : DFS_DEFAULT_DEPTH);
	o.max_states = MAX_STATES;
	o.no_reduction = noreduce;
	assert_int_equal(dfs_check(&s->model, &o, r), 0);
}

static void
assert_replays(const struct scenario *s, const struct dfs_result *r,
    struct run_result *res)
{
	if (r->verdict == VERDICT_CLEAN)
		return;
	assert_int_equal(run_schedule(&s->model, &r->sched, res, NULL, NULL),
	    0);
	assert_int_equal(res->verdict, r->verdict);
	if (r->verdict == VERDICT_VIOLATION)
		assert_int_equal(res->inv, r->inv);
}

static void
test_generated_same_verdicts(void **state)
{
	static const char *const profiles[] = { "fixed", "netbsd-2020" };
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct run_result *res = calloc(1, sizeof(*res));
	struct scenario_error err;
	char text[8192];
	int compared = 0, exhaustive = 0, violations = 0, limited = 0;

	(void)state;
	assert_non_null(s);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(res);
	for (int i = 0; i < NGEN; i++) {
		soak_scenario_text(SEED, i, text, sizeof(text));
		if (scenario_parse(text, strlen(text), "gen", s, &err) != 0)
			fail_msg("generated scenario %d does not parse: %s", i,
			    err.msg);
		for (int p = 0; p < 2; p++) {
			assert_int_equal(scenario_apply_config(s, profiles[p],
			    NULL, NULL), 0);
			search(s, false, a);
			search(s, true, b);
			if (a->limit_hit || b->limit_hit) {
				/* a prefix of the search: orders differ */
				limited++;
				continue;
			}
			assert_replays(s, a, res);
			assert_replays(s, b, res);
			if (strcmp(run_verdict_label(a->verdict, a->inv),
			    run_verdict_label(b->verdict, b->inv)) != 0)
				fail_msg("generated %d under %s: %s with sleep "
				    "sets, %s without\n%s", i, profiles[p],
				    run_verdict_label(a->verdict, a->inv),
				    run_verdict_label(b->verdict, b->inv), text);
			violations += a->verdict != VERDICT_CLEAN;
			if (a->verdict == VERDICT_CLEAN && dfs_exhaustive(a) &&
			    dfs_exhaustive(b)) {
				assert_int_equal(a->states, b->states);
				assert_true(a->transitions <= b->transitions);
				exhaustive++;
			}
			compared++;
		}
	}
	print_message("generated scenarios: %d searches compared (%d clean "
	    "and exhaustive, %d violations), %d stopped at %d states\n",
	    compared, exhaustive, violations, limited, MAX_STATES);
	/* most of them are small enough to finish, and some find bugs */
	assert_true(compared >= 2 * NGEN * 3 / 4);
	assert_true(exhaustive > 0 && violations > 0);
	free(res);
	free(a);
	free(b);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generated_same_verdicts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
