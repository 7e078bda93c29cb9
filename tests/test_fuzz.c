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
#include "fuzz/target.h"
#include "core/model.h"
#include "explore/run.h"

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
	int checked = 0, found = 0, nclass = 0;
	static uint64_t cls[200];
	static char cls_inv[200][64];

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
			/* the class: the same signature, and one invariant */
			assert_int_equal(fuzz_signature_class(&run1, b,
			    &cls[nclass]), 0);
			assert_string_equal(a, b);
			snprintf(cls_inv[nclass], sizeof(cls_inv[0]), "%s",
			    fuzz_verdict_inv(&run1));
			for (int k = 0; k < nclass; k++)
				if (cls[k] == cls[nclass])
					assert_string_equal(cls_inv[k],
					    cls_inv[nclass]);
			nclass++;
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

/* the operations named in a scenario's thread lines */
static uint64_t
thread_ops(const char *text, int *nthreads)
{
	char line[1024];
	uint64_t ops = 0;
	const char *p = text;

	*nthreads = 0;
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		char *colon, *save = NULL;

		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		if (strncmp(line, "thread ", 7) != 0 ||
		    (colon = strchr(line, ':')) == NULL)
			continue;
		(*nthreads)++;
		for (char *op = strtok_r(colon + 1, ";", &save); op != NULL;
		    op = strtok_r(NULL, ";", &save)) {
			char w[32];

			if (sscanf(op, "%31s", w) == 1 && op_lookup(w) >= 0)
				ops |= (uint64_t)1 << op_lookup(w);
		}
	}
	return ops;
}

/*
 * --ops, --pages, --procs, --threads: every generated scenario keeps to
 * them (and without them the grammar makes other operations, more pages,
 * two processes, three threads: each option changes something).
 */
static void
test_generator_options(void **state)
{
	static char text[SCN_TEXT_MAX + 1];
	struct gen_opts o = { 0 };
	uint64_t want = ((uint64_t)1 << OP_MLOCK) | ((uint64_t)1 << OP_MUNLOCK) |
	    ((uint64_t)1 << OP_TRUNCATE);
	uint64_t seen_all = 0, seen_lim = 0;
	uint8_t g[FUZZ_GEN_HDR];
	uint32_t s = 99;
	int maxpages_all = 0, maxpages_lim = 0, b_all = 0, b_lim = 0;
	int maxt_all = 0, maxt_lim = 0;

	(void)state;
	o.ops = want;
	o.max_pages = 5;
	o.max_procs = 1;
	o.max_threads = 1;
	for (int i = 0; i < 3000; i++) {
		int pages, nt;

		random_bytes(&s, g, sizeof(g));
		fuzz_gen_text(g, sizeof(g), NULL, text, sizeof(text));
		seen_all |= thread_ops(text, &nt);
		maxt_all = nt > maxt_all ? nt : maxt_all;
		b_all += strstr(text, "proc B") != NULL;
		assert_int_equal(sscanf(strstr(text, "pages="), "pages=%d",
		    &pages), 1);
		maxpages_all = pages > maxpages_all ? pages : maxpages_all;

		fuzz_gen_text(g, sizeof(g), &o, text, sizeof(text));
		seen_lim |= thread_ops(text, &nt);
		maxt_lim = nt > maxt_lim ? nt : maxt_lim;
		b_lim += strstr(text, "proc B") != NULL;
		assert_int_equal(sscanf(strstr(text, "pages="), "pages=%d",
		    &pages), 1);
		maxpages_lim = pages > maxpages_lim ? pages : maxpages_lim;
		assert_int_equal(fuzz_decode(g, sizeof(g), FUZZ_GENERATE,
		    &run1), 0);
	}
	assert_true((seen_lim & ~want) == 0);
	assert_int_equal(seen_lim, want);
	assert_true((seen_all & ~want) != 0);
	assert_int_equal(maxpages_lim, 5);
	assert_true(maxpages_all > 5);
	assert_int_equal(b_lim, 0);
	assert_true(b_all > 0);
	assert_int_equal(maxt_lim, 1);
	assert_int_equal(maxt_all, GEN_NTHREADS);
}

static const char user_scn[] =
    "scenario my-vslock\n"
    "world pages=4 swap=1\n"
    "vnode f pages=1 resident=1\n"
    "proc A\n"
    "proc X\n"
    "map A 0 f 0 1 shared rw\n"
    "thread a1 A: touch 0 r; physio-read 0 1\n"
    "thread x1 X: truncate f 0\n"
    "expect profile netbsd-2003 -> freed-page-in-use\n"
    "bound depth=40\n";

/*
 * A target file round-trips; the decoder aimed at a user's scenario runs
 * that scenario under the pinned configuration whatever bytes 0 and 1
 * say, and an unset target gives the library back.
 */
static void
test_target_scenario(void **state)
{
	static struct fuzz_target t, t2;
	static char text[SCN_TEXT_MAX * 2], text2[SCN_TEXT_MAX * 2];
	uint8_t buf[40];
	uint32_t s = 7;
	char err[256];
	int n, found = 0;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.mode = FUZZ_SCHEDULE;
	t.has_scenario = true;
	snprintf(t.scn_name, sizeof(t.scn_name), "my-vslock");
	snprintf(t.scn_text, sizeof(t.scn_text), "%s", user_scn);
	t.pinned = true;
	snprintf(t.profile, sizeof(t.profile), "netbsd-2003");
	n = fuzz_target_format(&t, text, sizeof(text));
	assert_true(n > 0);
	assert_int_equal(fuzz_target_parse(text, (size_t)n, &t2, err,
	    sizeof(err)), 0);
	assert_int_equal(fuzz_target_format(&t2, text2, sizeof(text2)), n);
	assert_string_equal(text, text2);
	assert_string_equal(t2.scn_text, user_scn);
	assert_int_not_equal(fuzz_target_parse("uvmcheck-fuzz-target 1\n"
	    "profile netbsd-1066\n", 42, &t2, err, sizeof(err)), 0);
	assert_int_not_equal(fuzz_target_parse("hello\n", 6, &t2, err,
	    sizeof(err)), 0);

	assert_int_equal(fuzz_set_target(&t, err, sizeof(err)), 0);
	for (int i = 0; i < 2000; i++) {
		random_bytes(&s, buf, sizeof(buf));
		fuzz_decode(buf, sizeof(buf), FUZZ_SCHEDULE, &run1);
		assert_string_equal(run1.scen.name, "my-vslock");
		assert_string_equal(run1.profile, "netbsd-2003");
		assert_string_equal(run1.config_label, "netbsd-2003");
		found += run1.verdict == VERDICT_VIOLATION &&
		    strcmp(fuzz_verdict_inv(&run1), "freed-page-in-use") == 0;
	}
	assert_true(found > 0);
	assert_int_equal(fuzz_set_target(NULL, err, sizeof(err)), 0);
	memset(buf, 0, sizeof(buf));
	fuzz_decode(buf, sizeof(buf), FUZZ_SCHEDULE, &run1);
	assert_string_equal(run1.scen.name, fuzz_library[0].name);

	/* a scenario that does not parse is refused with its position */
	snprintf(t.scn_text, sizeof(t.scn_text), "scenario x\nworld pages=\n");
	assert_int_not_equal(fuzz_set_target(&t, err, sizeof(err)), 0);
	assert_non_null(strstr(err, ":2:"));
	assert_null(fuzz_get_target());
}

/*
 * --like: the all-zero header is the user's scenario (without its
 * expectations); other headers mutate its programs with its own
 * operations only, most of them still parse, and some differ.
 */
static void
test_generate_like(void **state)
{
	static struct fuzz_target t;
	static char text[SCN_TEXT_MAX + 1];
	struct scenario_error se;
	static struct scenario sc;
	uint8_t g[FUZZ_GEN_HDR];
	uint64_t allowed = ((uint64_t)1 << OP_TOUCH) |
	    ((uint64_t)1 << OP_PHYSIO_READ) | ((uint64_t)1 << OP_TRUNCATE);
	uint32_t s = 3;
	char err[256];
	int parsed = 0, differ = 0, nt;
	struct gen_like *gl;

	(void)state;
	memset(&t, 0, sizeof(t));
	t.mode = FUZZ_GENERATE;
	t.has_scenario = true;
	snprintf(t.scn_name, sizeof(t.scn_name), "my-vslock");
	snprintf(t.scn_text, sizeof(t.scn_text), "%s", user_scn);
	assert_int_equal(fuzz_set_target(&t, err, sizeof(err)), 0);
	memset(g, 0, sizeof(g));
	fuzz_decode(g, sizeof(g), FUZZ_GENERATE, &run1);
	assert_true(run1.generated);
	assert_string_equal(run1.scen.name, "my-vslock");
	assert_int_equal(run1.scen.nexpect, 0);
	assert_non_null(strstr(run1.scen.text,
	    "thread a1 A: touch 0 r; physio-read 0 1\n"));
	for (int i = 0; i < 3000; i++) {
		random_bytes(&s, g, sizeof(g));
		fuzz_decode(g, sizeof(g), FUZZ_GENERATE, &run1);
		assert_string_equal(run1.scen.name, "my-vslock");
		if (!run1.generated)
			continue;
		parsed++;
		assert_true((thread_ops(run1.scen.text, &nt) & ~allowed) == 0);
		differ += strstr(run1.scen.text, "thread a1 A: touch 0 r; "
		    "physio-read 0 1\n") == NULL;
	}
	assert_true(parsed > 1500);
	assert_true(differ > 500);

	/* --ops filters the pool; nothing left is an error */
	struct gen_opts o = { .ops = (uint64_t)1 << OP_TRUNCATE };

	assert_int_equal(fuzz_like_prepare(user_scn, &o, &gl, err,
	    sizeof(err)), 0);
	for (int i = 0; i < 500; i++) {
		size_t n;

		random_bytes(&s, g, sizeof(g));
		n = fuzz_gen_like(g, sizeof(g), gl, text, sizeof(text));
		if (scenario_parse(text, n, "like", &sc, &se) == 0)
			assert_int_equal(thread_ops(text, &nt),
			    (uint64_t)1 << OP_TRUNCATE);
	}
	fuzz_like_free(gl);
	o.ops = (uint64_t)1 << OP_MLOCK;
	assert_int_not_equal(fuzz_like_prepare(user_scn, &o, &gl, err,
	    sizeof(err)), 0);
	assert_non_null(strstr(err, "--ops"));
	assert_int_equal(fuzz_set_target(NULL, err, sizeof(err)), 0);
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
		cmocka_unit_test(test_generator_options),
		cmocka_unit_test(test_target_scenario),
		cmocka_unit_test(test_generate_like),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
