/*
 * test_sched_file.c: the .sched schedule file (corpus/sched_file.c).
 *
 * - a file written from memory parses back to the same schedule,
 *   fingerprints, configuration, scenario text and verdict, and printing
 *   the parsed file gives the same bytes (a fixed point);
 * - sched_file_save writes atomically and sched_file_load reads it back;
 * - every malformed input fails with the exact line and column: empty,
 *   truncated, binary junk, NUL bytes, wrong version, unknown profile,
 *   knob, thread or verdict, bad tokens, bad hex, huge numbers, steps out
 *   of order, text after the verdict;
 * - every prefix and many corruptions of a valid file never crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "corpus/file_write.h"
#include "corpus/sched_file.h"
#include "scenarios/scenario.h"

static struct sched_file sf1, sf2;
static struct scenario sc1, sc2;

#define HDR "uvmcheck-schedule 1\n"
#define CFG "scenario-name t\nprofile netbsd-2003\nknob vslock_pin=busy\n"
#define SCN "begin-scenario\n" \
	"| scenario t\n" \
	"| world pages=4\n" \
	"| proc A\n" \
	"| map A 0 anon 0 1 private rw\n" \
	"| thread a1 A: touch 0 w; touch 0 r\n" \
	"| thread t1 A: touch 0 r\n" \
	"end-scenario\n"
#define CHO "choices a1 a1 t1/f1\n"
#define STEPS \
	"step 1 a1 uvm_fault: unlockall -> restart fp=0123456789abcdef\n" \
	"step 2 a1 op complete fp=fedcba9876543210\n" \
	"step 3 t1 op complete fp=00000000000000ff\n"
#define VERD "verdict violation freed-page-in-use step 3\n"
#define VALID HDR CFG SCN CHO STEPS VERD

static const char scn_text[] =
    "scenario t\n"
    "world pages=4\n"
    "proc A\n"
    "map A 0 anon 0 1 private rw\n"
    "thread a1 A: touch 0 w; touch 0 r\n"
    "thread t1 A: touch 0 r\n";

static int
parse(const char *text, size_t len, struct sched_error *err)
{
	return sched_file_parse(text, len, "t.sched", &sf1, &sc1, err);
}

/* ------------------------------------------------------- round trips */

static void
test_parse_valid(void **state)
{
	struct sched_error err;

	(void)state;
	assert_int_equal(parse(VALID, strlen(VALID), &err), 0);
	assert_int_equal(sf1.version, 1);
	assert_string_equal(sf1.scenario_name, "t");
	assert_string_equal(sf1.profile, "netbsd-2003");
	assert_int_equal(sf1.override_mask[K_VSLOCK_PIN], 1);
	assert_int_equal(sf1.overrides.v[K_VSLOCK_PIN], 2);
	assert_int_equal(sc1.model.knobs.v[K_VSLOCK_PIN], VSLOCK_PIN_BUSY);
	assert_int_equal(sf1.sched.n, 3);
	assert_int_equal(sf1.sched.c[0].tid, 1);
	assert_int_equal(sf1.sched.c[0].choice, 0);
	assert_int_equal(sf1.sched.c[2].tid, 2);
	assert_int_equal(sf1.sched.c[2].choice, 1);
	assert_true(sf1.rec[0].recorded);
	assert_true(sf1.rec[0].fp == 0x0123456789abcdefull);
	assert_string_equal(sf1.rec[0].point, "uvm_fault: unlockall -> restart");
	assert_true(sf1.rec[2].fp == 0xffull);
	assert_int_equal(sf1.verdict, VERDICT_VIOLATION);
	assert_string_equal(sf1.verdict_inv, "freed-page-in-use");
	assert_int_equal(sf1.verdict_step, 3);
	assert_int_equal(sf1.choices_line, 13);
	assert_int_equal(sf1.choice_col[2], 15);
	assert_string_equal(sf1.scenario_text, scn_text);
	sched_file_free(&sf1);
}

static void
test_round_trip(void **state)
{
	struct scenario_error serr;
	struct sched_error err;
	struct knobs k;
	uint8_t mask[NKNOBS];
	char *t1, *t2;
	size_t n1, n2;

	(void)state;
	assert_int_equal(scenario_parse(scn_text, strlen(scn_text), "t.scn", &sc2,
	    &serr), 0);
	memset(&k, 0, sizeof(k));
	memset(mask, 0, sizeof(mask));
	k.v[K_WIRE_BREAKS_LOANS] = 2;
	mask[K_WIRE_BREAKS_LOANS] = 1;
	assert_int_equal(sched_file_init(&sf2, "t", "netbsd-2020", &k, mask,
	    scn_text, strlen(scn_text)), 0);
	sf2.sched.n = 4;
	sf2.sched.c[0].tid = 1;
	sf2.sched.c[1].tid = 2;
	sf2.sched.c[1].choice = 3;
	sf2.sched.c[2].tid = 1;
	sf2.sched.c[3].tid = 2;
	for (int i = 0; i < 4; i++) {
		sf2.rec[i].recorded = i != 2;	/* a step line may be left out */
		sf2.rec[i].fp = 0x1111111111111111ull * (uint64_t)(i + 1);
		snprintf(sf2.rec[i].point, sizeof(sf2.rec[i].point), "%s",
		    i == 1 ? "flt_pmfail1" : i == 3 ? "" : "op complete");
	}
	sf2.verdict = VERDICT_DEADLOCK;
	sf2.verdict_step = 4;
	assert_int_equal(sched_file_format(&sf2, &sc2.model, &t1, &n1), 0);
	assert_int_equal(sched_file_parse(t1, n1, "rt.sched", &sf1, &sc1, &err), 0);
	assert_string_equal(sf1.scenario_name, "t");
	assert_string_equal(sf1.profile, "netbsd-2020");
	assert_memory_equal(sf1.override_mask, mask, NKNOBS);
	assert_int_equal(sf1.overrides.v[K_WIRE_BREAKS_LOANS], 2);
	assert_int_equal(sf1.sched.n, 4);
	assert_memory_equal(sf1.sched.c, sf2.sched.c, 4 * sizeof(sf1.sched.c[0]));
	for (int i = 0; i < 4; i++) {
		assert_int_equal(sf1.rec[i].recorded, sf2.rec[i].recorded);
		if (sf2.rec[i].recorded) {
			assert_true(sf1.rec[i].fp == sf2.rec[i].fp);
			assert_string_equal(sf1.rec[i].point, sf2.rec[i].point);
		}
	}
	assert_int_equal(sf1.verdict, VERDICT_DEADLOCK);
	assert_int_equal(sf1.verdict_step, 4);
	assert_string_equal(sf1.scenario_text, scn_text);
	/* printing the parsed file gives the same bytes */
	assert_int_equal(sched_file_format(&sf1, &sc1.model, &t2, &n2), 0);
	assert_int_equal(n1, n2);
	assert_memory_equal(t1, t2, n1);
	free(t1);
	free(t2);
	sched_file_free(&sf1);

	/* clean, and the scenario's own configuration ("profile -") */
	sched_file_free(&sf2);
	assert_int_equal(sched_file_init(&sf2, "t", NULL, NULL, NULL, scn_text,
	    strlen(scn_text)), 0);
	sf2.verdict = VERDICT_CLEAN;
	assert_int_equal(sched_file_format(&sf2, &sc2.model, &t1, &n1), 0);
	assert_non_null(strstr(t1, "\nprofile -\n"));
	assert_non_null(strstr(t1, "\nchoices\nverdict clean\n"));
	assert_int_equal(sched_file_parse(t1, n1, "c.sched", &sf1, &sc1, &err), 0);
	assert_int_equal(sf1.sched.n, 0);
	assert_string_equal(sf1.profile, "");
	assert_int_equal(sf1.verdict, VERDICT_CLEAN);
	free(t1);
	sched_file_free(&sf1);
	sched_file_free(&sf2);
}

static void
test_save_load(void **state)
{
	char dir[] = "/tmp/uvmcheck-test-XXXXXX", path[128], msg[256];
	struct sched_error err;
	struct dirent *de;
	DIR *d;
	int n = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(parse(VALID, strlen(VALID), &err), 0);
	snprintf(path, sizeof(path), "%s/sub/x.sched", dir);
	/* a missing directory is an error, not created behind the user */
	assert_int_equal(sched_file_save(path, &sf1, &sc1.model, msg,
	    sizeof(msg)), FW_REFUSED);
	assert_non_null(strstr(msg, "create it first"));
	snprintf(path, sizeof(path), "%s/sub", dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sub/x.sched", dir);
	assert_int_equal(sched_file_save(path, &sf1, &sc1.model, msg,
	    sizeof(msg)), 0);
	sched_file_free(&sf1);
	assert_int_equal(sched_file_load(path, &sf2, &sc2, &err), 0);
	assert_int_equal(sf2.sched.n, 3);
	assert_string_equal(sf2.verdict_inv, "freed-page-in-use");
	sched_file_free(&sf2);
	/* no temporary file is left beside it */
	snprintf(path, sizeof(path), "%s/sub", dir);
	d = opendir(path);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0) {
			assert_string_equal(de->d_name, "x.sched");
			n++;
		}
	closedir(d);
	assert_int_equal(n, 1);
	snprintf(path, sizeof(path), "%s/sub/x.sched", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
	/* a missing file is an error with the file's name, no line */
	assert_int_equal(sched_file_load("/nonexistent/x.sched", &sf2, &sc2,
	    &err), -1);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.file, "/nonexistent/x.sched");
}

static void
test_lenient(void **state)
{
	static const char crlf[] =
	    "uvmcheck-schedule 1\r\nscenario-name t\r\nprofile fixed\r\n"
	    "begin-scenario\r\n| scenario t\r\n| proc A\r\n"
	    "| thread a1 A: touch 0 r\r\nend-scenario\r\n"
	    "choices a1\r\nverdict clean\r\n";
	static const char comments[] =
	    HDR "# a comment\n\n" CFG "  # indented comment\n" SCN "\n" CHO
	    "# steps are optional\n" VERD "\n# trailing comment\n";
	struct sched_error err;

	(void)state;
	assert_int_equal(parse(crlf, strlen(crlf), &err), 0);
	assert_int_equal(sf1.sched.n, 1);
	sched_file_free(&sf1);
	assert_int_equal(parse(comments, strlen(comments), &err), 0);
	assert_int_equal(sf1.sched.n, 3);
	assert_false(sf1.rec[0].recorded);
	sched_file_free(&sf1);
}

/* ------------------------------------------------------ bad inputs */

struct bad {
	const char *what;
	const char *text;
	size_t len;		/* 0: strlen(text) */
	int line, col;
	const char *msg;	/* a substring of the message */
};

#define B(what, text, line, col, msg) { what, text, 0, line, col, msg }

static const struct bad bads[] = {
	B("empty file", "", 1, 1, "empty file"),
	B("not a schedule", "hello world\n", 1, 1, "not a uvmcheck schedule"),
	B("wrong version", "uvmcheck-schedule 2\n" CFG, 1, 19, "version"),
	B("huge version", "uvmcheck-schedule 99999999999999999999\n", 1, 19,
	    "version"),
	B("no version", "uvmcheck-schedule\n", 1, 18, "version"),
	B("truncated after header", HDR, 2, 1, "end of file"),
	B("truncated in config", HDR "scenario-name t\nprofile fixed\n", 4, 1,
	    "end of file"),
	{ "NUL byte", HDR "scenario-name t\0x\n", sizeof(HDR "scenario-name t\0x\n") - 1,
	    2, 16, "NUL" },
	{ "binary junk", "\x7f" "ELF\x02\x01\x01\x00\x00", 9, 1, 1,
	    "control character" },
	B("keywords out of order", HDR "profile fixed\n", 2, 1, "scenario-name"),
	B("unknown profile", HDR "scenario-name t\nprofile netbsd-1666\n", 3, 9,
	    "unknown profile"),
	B("unknown knob", HDR "scenario-name t\nprofile fixed\nknob nosuch=1\n",
	    4, 6, "unknown knob"),
	B("bad knob value", HDR "scenario-name t\nprofile fixed\n"
	    "knob vslock_pin=bogus\n", 4, 6, "unknown value"),
	B("scenario line without |", HDR CFG "begin-scenario\n| scenario t\n"
	    "world pages=4\n", 7, 1, "end-scenario"),
	B("scenario line |x", HDR CFG "begin-scenario\n|scenario t\n", 6, 2,
	    "blank after"),
	B("truncated in scenario", HDR CFG "begin-scenario\n| scenario t\n", 7, 1,
	    "no end-scenario"),
	B("embedded scenario error", HDR CFG "begin-scenario\n| scenario t\n"
	    "| proc A\n| thread a1 B: touch 0 r\nend-scenario\n" CHO VERD, 8, 13,
	    "embedded scenario"),
	B("unknown thread", HDR CFG SCN "choices a1 zz t1\n" VERD, 13, 12,
	    "unknown thread 'zz'"),
	B("bad failure token", HDR CFG SCN "choices a1 a1/x\n" VERD, 13, 15,
	    "/fK"),
	B("failure point not a number", HDR CFG SCN "choices a1/fx\n" VERD, 13, 12,
	    "number"),
	B("failure point huge", HDR CFG SCN "choices a1 a1/f99999999999999999\n"
	    VERD, 13, 15, "out of range"),
	B("failure point 0", HDR CFG SCN "choices a1/f0\n" VERD, 13, 12,
	    "out of range"),
	B("missing choices", HDR CFG SCN VERD, 13, 1, "choices"),
	B("step out of order", HDR CFG SCN CHO
	    "step 2 a1 x fp=0123456789abcdef\nstep 1 a1 x fp=0123456789abcdef\n"
	    VERD, 15, 6, "out of order"),
	B("step 0", HDR CFG SCN CHO "step 0 a1 x fp=0123456789abcdef\n" VERD,
	    14, 6, "from 1"),
	B("step number huge", HDR CFG SCN CHO
	    "step 99999999999999999999 a1 x fp=0123456789abcdef\n" VERD, 14, 6,
	    "out of range"),
	B("step beyond the choices", HDR CFG SCN CHO
	    "step 4 a1 x fp=0123456789abcdef\n" VERD, 14, 6, "out of range"),
	B("step not a number", HDR CFG SCN CHO
	    "step x a1 y fp=0123456789abcdef\n" VERD, 14, 6, "step number"),
	B("bad hex", HDR CFG SCN CHO "step 1 a1 x fp=0123456789abcdeg\n" VERD,
	    14, 31, "hex"),
	B("short fingerprint", HDR CFG SCN CHO "step 1 a1 x fp=0123\n" VERD, 14,
	    16, "16 hex digits"),
	B("missing fingerprint", HDR CFG SCN CHO "step 1 a1 point\n" VERD, 14, 11,
	    "fp="),
	B("short step line", HDR CFG SCN CHO "step 1\n" VERD, 14, 7,
	    "step N THREAD"),
	B("step names the wrong thread", HDR CFG SCN CHO
	    "step 3 a1 x fp=0123456789abcdef\n" VERD, 14, 8, "choice 3 is 't1'"),
	B("unknown verdict", HDR CFG SCN CHO "verdict maybe\n", 14, 9,
	    "unknown verdict"),
	B("verdict step too large", HDR CFG SCN CHO
	    "verdict violation x-y step 7\n", 14, 28, "out of range"),
	B("verdict clean with junk", HDR CFG SCN CHO "verdict clean extra\n", 14,
	    15, "unexpected"),
	B("bad invariant name", HDR CFG SCN CHO
	    "verdict violation a$b step 1\n", 14, 20, "bad character"),
	B("missing verdict", HDR CFG SCN CHO STEPS, 17, 1, "verdict"),
	B("text after verdict", VALID "garbage\n", 18, 1, "after the verdict"),
	B("unknown keyword", HDR CFG SCN CHO "stop 1\n", 14, 1, "expected 'step'"),
};

static void
test_bad_inputs(void **state)
{
	struct sched_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		size_t len = b->len != 0 ? b->len : strlen(b->text);
		int rc = parse(b->text, len, &err);

		if (rc != -1 || err.line != b->line || err.col != b->col ||
		    strstr(err.msg, b->msg) == NULL)
			fail_msg("%s: rc %d, got %s:%d:%d: %s; want %d:%d '%s'",
			    b->what, rc, err.file, err.line, err.col, err.msg,
			    b->line, b->col, b->msg);
		assert_string_equal(err.file, "t.sched");
		assert_null(sf1.scenario_text);
	}
}

static void
test_too_many_choices(void **state)
{
	struct sched_error err;
	size_t cap = strlen(HDR CFG SCN) + 8 + 3 * 1100 + 64, len;
	char *text = malloc(cap);

	(void)state;
	assert_non_null(text);
	len = (size_t)snprintf(text, cap, "%s", HDR CFG SCN "choices");
	for (int i = 0; i < SCHED_MAX_STEPS + 1; i++)
		len += (size_t)snprintf(text + len, cap - len, " a1");
	len += (size_t)snprintf(text + len, cap - len, "\nverdict clean\n");
	assert_int_equal(parse(text, len, &err), -1);
	assert_int_equal(err.line, 13);
	assert_int_equal(err.col, 3 * (SCHED_MAX_STEPS + 1) + 6);
	assert_non_null(strstr(err.msg, "more than"));
	free(text);
}

/* --------------------------------------------------- never crashes */

static void
test_prefixes_and_corruption(void **state)
{
	const char *valid = VALID;
	size_t n = strlen(valid);
	char *buf = malloc(n + 1);
	struct sched_error err;
	uint32_t seed = 12345;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < n; i++) {
		memcpy(buf, valid, i);
		if (parse(buf, i, &err) == 0)
			sched_file_free(&sf1);
		else
			assert_true(err.line > 0 && err.col > 0);
	}
	for (int round = 0; round < 3000; round++) {
		memcpy(buf, valid, n);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;

			seed = seed * 1103515245u + 12345u;
			buf[at] = (char)(seed >> 16);
		}
		if (parse(buf, n, &err) == 0)
			sched_file_free(&sf1);
		else
			assert_true(err.line > 0 && err.col > 0);
	}
	free(buf);
}

static void
test_schedule_text(void **state)
{
	struct scenario_error serr;
	struct schedule s;
	uint16_t cols[8];
	char msg[256], out[64];
	int col = 0;

	(void)state;
	assert_int_equal(scenario_parse(scn_text, strlen(scn_text), "t.scn", &sc2,
	    &serr), 0);
	assert_int_equal(schedule_parse(&sc2.model, "  a1\tt1/f2  a1 ", 15, &s,
	    cols, &col, msg, sizeof(msg)), 0);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.c[1].tid, 2);
	assert_int_equal(s.c[1].choice, 2);
	assert_int_equal(cols[0], 3);
	assert_int_equal(cols[1], 6);
	assert_int_equal(cols[2], 13);
	assert_int_equal(schedule_format(&sc2.model, &s, out, sizeof(out)), 11);
	assert_string_equal(out, "a1 t1/f2 a1");
	assert_int_equal(schedule_parse(&sc2.model, "a1 /f1", 6, &s, NULL, &col,
	    msg, sizeof(msg)), -1);
	assert_int_equal(col, 4);
	assert_int_equal(schedule_parse(&sc2.model, "", 0, &s, NULL, &col, msg,
	    sizeof(msg)), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(sched_thread_lookup(&sc2.model, "t1", 2), 2);
	assert_int_equal(sched_thread_lookup(&sc2.model, "t", 1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_lenient),
		cmocka_unit_test(test_bad_inputs),
		cmocka_unit_test(test_too_many_choices),
		cmocka_unit_test(test_prefixes_and_corruption),
		cmocka_unit_test(test_schedule_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
