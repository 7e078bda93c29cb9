/*
 * test_fuzz.c: the fuzz decoder, generator and mutator (fuzz/).
 *
 * Every byte string decodes (random and truncated inputs, both modes;
 * under ASan+UBSan in the asan build); generated scenarios always parse;
 * the same bytes give the same run; a finding converted to a .sched
 * replays to the same invariant; the mutator's output always decodes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fuzz/decode.h"
#include "fuzz/library.h"
#include "fuzz/mutate.h"
#include "sched/run.h"

#define NRANDOM 100000

static uint32_t
xs(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static struct fuzz_run run1, run2;

static void
random_bytes(uint32_t *s, uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)xs(s);
}

static void
test_every_input_decodes(void **state)
{
	uint8_t buf[160];
	uint32_t s = 12345;
	int findings = 0, generated = 0;

	(void)state;
	for (int i = 0; i < NRANDOM; i++) {
		size_t n = xs(&s) % sizeof(buf);
		enum fuzz_mode mode = (i & 1) ? FUZZ_GENERATE : FUZZ_SCHEDULE;

		random_bytes(&s, buf, n);
		assert_int_equal(fuzz_decode(buf, n, mode, &run1), 0);
		assert_true(run1.sched.n <= SCHED_MAX_STEPS);
		if (mode == FUZZ_GENERATE) {
			/* the grammar never gives a text the parser rejects */
			assert_true(run1.generated);
			generated++;
		} else {
			assert_true(run1.lib_index >= 0 &&
			    run1.lib_index < fuzz_library_n);
		}
		if (run1.verdict != VERDICT_CLEAN)
			findings++;
	}
	/* truncations of one input: every prefix, both modes */
	random_bytes(&s, buf, sizeof(buf));
	for (size_t n = 0; n <= sizeof(buf); n++) {
		assert_int_equal(fuzz_decode(buf, n, FUZZ_SCHEDULE, &run1), 0);
		assert_int_equal(fuzz_decode(buf, n, FUZZ_GENERATE, &run1), 0);
	}
	assert_int_equal(fuzz_decode(NULL, 0, FUZZ_GENERATE, &run1), 0);
	assert_true(generated > 0);
	assert_true(findings > 0);
}

static void
test_library_parses(void **state)
{
	uint8_t buf[2];

	(void)state;
	assert_true(fuzz_library_n > 0);
	for (int i = 0; i < fuzz_library_n && i < 256; i++) {
		buf[0] = (uint8_t)i;
		buf[1] = 0;
		fuzz_decode(buf, 2, FUZZ_SCHEDULE, &run1);
		if (run1.lib_index != i)
			fail_msg("library scenario %s does not parse",
			    fuzz_library[i].name);
		assert_string_equal(run1.scen.name, fuzz_library[i].name);
	}
}

static void
test_same_bytes_same_run(void **state)
{
	uint8_t buf[100];
	uint32_t s = 777;

	(void)state;
	for (int i = 0; i < 2000; i++) {
		enum fuzz_mode mode = (i & 1) ? FUZZ_GENERATE : FUZZ_SCHEDULE;

		random_bytes(&s, buf, sizeof(buf));
		fuzz_decode(buf, sizeof(buf), mode, &run1);
		fuzz_decode(buf, sizeof(buf), mode, &run2);
		assert_int_equal(run1.sched.n, run2.sched.n);
		assert_memory_equal(run1.sched.c, run2.sched.c,
		    (size_t)run1.sched.n * sizeof(run1.sched.c[0]));
		assert_int_equal(run1.verdict, run2.verdict);
	}
}

/* decode -> .sched text -> parse -> run_schedule: the same verdict */
static void
check_replays(const struct fuzz_run *r)
{
	struct sched_file sf, back;
	struct sched_error err;
	static struct scenario scen;
	static struct run_result res;
	char *text = NULL;
	size_t len = 0;

	assert_int_equal(fuzz_run_to_sched(r, &sf), 0);
	assert_int_equal(sched_file_format(&sf, &r->scen.model, &text, &len),
	    0);
	if (sched_file_parse(text, len, "<fuzz>", &back, &scen, &err) != 0)
		fail_msg("%s:%d:%d: %s\n%s", err.file, err.line, err.col,
		    err.msg, text);
	assert_int_equal(run_schedule(&scen.model, &back.sched, &res, NULL,
	    NULL), 0);
	assert_int_equal(res.verdict, r->verdict);
	assert_string_equal(run_verdict_label(res.verdict, res.inv),
	    fuzz_verdict_inv(r)[0] ? fuzz_verdict_inv(r) : "clean");
	assert_int_equal(res.vstep, r->vstep);
	assert_int_equal(back.verdict, r->verdict);
	free(text);
	sched_file_free(&sf);
	sched_file_free(&back);
}

static void
test_finding_replays(void **state)
{
	uint8_t buf[80];
	uint32_t s = 4242;
	int checked = 0, found = 0;

	(void)state;
	for (int i = 0; i < 20000 && found < 200; i++) {
		enum fuzz_mode mode = (i & 1) ? FUZZ_GENERATE : FUZZ_SCHEDULE;

		random_bytes(&s, buf, sizeof(buf));
		fuzz_decode(buf, sizeof(buf), mode, &run1);
		if (run1.verdict != VERDICT_CLEAN) {
			char a[17], b[17];

			found++;
			assert_int_equal(fuzz_signature(&run1, a), 0);
			assert_int_equal(fuzz_signature(&run1, b), 0);
			assert_string_equal(a, b);
			assert_int_equal((int)strlen(a), 16);
		} else if (checked > 100)
			continue;
		check_replays(&run1);
		checked++;
	}
	assert_true(found > 0);
}

static void
test_mutator_output_decodes(void **state)
{
	uint8_t buf[256];
	uint32_t s = 99;
	size_t n = 0;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		enum fuzz_mode mode = (i & 1) ? FUZZ_GENERATE : FUZZ_SCHEDULE;

		n = fuzz_mutate(buf, n, sizeof(buf), xs(&s), mode);
		assert_true(n <= sizeof(buf));
		assert_int_equal(fuzz_decode(buf, n, mode, &run1), 0);
		if (mode == FUZZ_GENERATE)
			assert_true(run1.generated);
		if (i % 500 == 0)
			n = 0;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_input_decodes),
		cmocka_unit_test(test_library_parses),
		cmocka_unit_test(test_same_bytes_same_run),
		cmocka_unit_test(test_finding_replays),
		cmocka_unit_test(test_mutator_output_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
