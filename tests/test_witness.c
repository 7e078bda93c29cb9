/*
 * test_witness.c: the breakages of invariants/breakage.c on worlds that
 * walks of the library scenarios reach (explore/witness.c).
 *
 * For every breakage, some library scenario under the fixed kernel
 * reaches a clean world it applies to, and there its invariant is the
 * one reported; a breakage that sets off another invariant first is
 * told apart; a walk that never meets what a breakage needs says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "explore/witness.h"
#include "invariants/invariants.h"
#include "scenarios/scenario.h"

#define LIB SOURCE_ROOT "/scenarios"

static char names[256][256];
static int nnames;
static struct scenario scn;

static void
load_fixed(const char *name)
{
	char path[600];
	struct scenario_error err;

	snprintf(path, sizeof(path), "%s/%s", LIB, name);
	assert_int_equal(scenario_load_file(path, &scn, &err), 0);
	assert_int_equal(scenario_apply_config(&scn, "fixed", NULL, NULL), 0);
}

/* the first library scenario (sorted) giving b a witness */
static bool
find_witness(const struct inv_breakage *b, struct witness_result *r,
    char *found, size_t len)
{
	for (int i = 0; i < nnames; i++) {
		load_fixed(names[i]);
		explore_witness(&scn.model, b, 200, r);
		assert_false(r->walk_broken);	/* fixed walks are clean */
		if (r->applied) {
			snprintf(found, len, "%s", names[i]);
			return true;
		}
	}
	return false;
}

static void
test_every_breakage_fires(void **state)
{
	(void)state;
	nnames = scenario_library_list(LIB, names, 256);
	assert_true(nnames > 10 && nnames <= 256);
	for (int i = 0; i < inv_nbreakages; i++) {
		const struct inv_breakage *b = &inv_breakages[i];
		struct witness_result r;
		char where[256] = "";

		if (!find_witness(b, &r, where, sizeof(where)))
			fail_msg("%s: no library world to break",
			    inv_name(b->inv));
		if (!r.fired)
			fail_msg("%s on %s step %d (%s): got %s: %s",
			    inv_name(b->inv), where, r.step, r.what,
			    inv_name(r.got_inv), r.detail);
		assert_non_null(strstr(r.detail, inv_name(b->inv)));
		print_message("%-26s %s step %d: %s\n", inv_name(b->inv),
		    where, r.step, r.what);
		assert_ptr_equal(inv_breakage_of(b->inv), b);
	}
	assert_null(inv_breakage_of(INV_WIRE_COUNT_MISMATCH));
}

/* raises wire_count of a queued page: I1 and I4 both break, I1 first */
static bool
wire_queued_page(struct world *w, const struct model *m, char *what,
    size_t len)
{
	for (int pg = 1; pg <= inv_npages(m); pg++)
		if (w->pages[pg].pg_pqflags & PQ_ACTIVE) {
			w->pages[pg].wire_count++;
			snprintf(what, len, "page %d wired on its queue", pg);
			return true;
		}
	return false;
}

static void
test_other_invariant_first(void **state)
{
	const struct inv_breakage b = { INV_WIRE_COUNT_MISMATCH,
	    "a wire count raised by nobody", wire_queued_page };
	struct witness_result r;

	(void)state;
	load_fixed("aobj-fault.scn");	/* it mlocks a page */
	explore_witness(&scn.model, &b, 200, &r);
	assert_true(r.applied);
	assert_false(r.fired);
	assert_int_equal(r.got_inv, INV_WIRED_PAGE_QUEUED);
	assert_non_null(strstr(r.detail, "wired-page-queued"));
	/* the invariant it names does fire when it is first */
	r.got_inv = INV_NONE;
	explore_witness(&scn.model, inv_breakage_of(INV_WIRED_PAGE_QUEUED),
	    200, &r);
	assert_true(r.applied);
	assert_true(r.fired);
}

/* canfail-livelock has no swap: no slot to leak, said so */
static void
test_nothing_to_break(void **state)
{
	struct witness_result r;

	(void)state;
	load_fixed("canfail-livelock.scn");
	assert_int_equal(scn.model.tun.nswap, 0);
	explore_witness(&scn.model, inv_breakage_of(INV_SWAP_SLOT_LEAKED),
	    200, &r);
	assert_false(r.applied);
	assert_false(r.fired);
	assert_false(r.walk_broken);
	assert_int_equal(r.got_inv, INV_NONE);
	/* nor any page-table page under a pmap with a short walk */
	explore_witness(&scn.model, inv_breakage_of(INV_PTP_FREED_IN_USE),
	    0, &r);
	assert_false(r.applied);
}

static bool
never(struct world *w, const struct model *m, char *what, size_t len)
{
	(void)w, (void)m, (void)what, (void)len;
	return false;
}

/* a walk that breaks an invariant itself is reported, not judged */
static void
test_walk_broken(void **state)
{
	const struct inv_breakage b = { INV_PAGE_LOST, "nothing", never };
	char path[600], seeds[64][256];
	struct scenario_error err;
	struct witness_result r;
	int n = scenario_library_list(LIB "/seeds", seeds, 64), broken = 0;

	(void)state;
	for (int i = 0; i < n && i < 64; i++) {
		snprintf(path, sizeof(path), "%s/seeds/%.255s", LIB, seeds[i]);
		assert_int_equal(scenario_load_file(path, &scn, &err), 0);
		assert_int_equal(scenario_apply_expect(&scn,
		    scenario_bug_expectation(&scn)), 0);
		explore_witness(&scn.model, &b, 200, &r);
		assert_false(r.applied);
		if (r.walk_broken) {
			print_message("%s: walk broken at step %d: %s\n",
			    seeds[i], r.step, r.detail);
			assert_int_not_equal(r.got_inv, INV_NONE);
			broken++;
		}
	}
	assert_true(broken > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_breakage_fires),
		cmocka_unit_test(test_other_invariant_first),
		cmocka_unit_test(test_nothing_to_break),
		cmocka_unit_test(test_walk_broken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
