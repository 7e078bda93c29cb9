/*
 * test_scenario.c: the scenario language (scenarios/).
 *
 * - a full scenario compiles to the struct model and expectations it says;
 * - every library scenario (the .scn files of scenarios/ and scenarios/seeds/)
 *   survives parse -> print -> parse unchanged, and printing is a fixed
 *   point;
 * - malformed inputs fail with the right line, a column > 0 and a
 *   message saying what was expected; junk never crashes the parser;
 * - configuration (profiles, overrides, expectations) and the library
 *   listing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "scenarios/scenario.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif
#define LIB SOURCE_ROOT "/scenarios"

static struct scenario s1, s2;

static int
parse_str(const char *text, struct scenario *s, struct scenario_error *e)
{
	return scenario_parse(text, strlen(text), "t.scn", s, e);
}

/* ----------------------------------------------------- a full scenario */

static const char full[] =
    "scenario vslock-truncate          # Uphoff 2003, problem 1\n"
    "world pages=4 swap=2 freemin=1 freetarg=2 reserve=0 failures=1\n"
    "vnode f pages=1 resident=1\n"
    "proc A\n"
    "proc B forked\n"
    "map A 0 f 0 1 shared rw maxprot=rwx inherit=copy\n"
    "map A 4 anon 0 2 private rw\n"
    "thread a1 A: touch 0 w; clone a2; fork B; physio-read 0 1\n"
    "thread a2 A clone: touch 0 r          # started by a `clone a2` op\n"
    "thread t1 A: truncate f 0\n"
    "thread b1 B: touch 4 w; mlockall current,future; exit\n"
    "kthread pd pagedaemon\n"
    "kthread net netisr\n"
    "kthread io aiodone\n"
    "profile fixed                          # optional default profile\n"
    "bug vslock_pin=wire-only               # optional knob overrides\n"
    "expect bug vslock_pin=wire-only -> freed-page-in-use\n"
    "expect profile netbsd-2003 -> freed-page-in-use\n"
    "expect profile netbsd-2020 bug wire_breaks_loans=always -> clean\n"
    "expect fixed -> clean\n"
    "bound depth=80 restarts=3\n";

static void
test_full(void **state)
{
	struct scenario_error e;
	const struct model *m = &s1.model;
	const struct op *op;

	(void)state;
	assert_int_equal(parse_str(full, &s1, &e), 0);
	assert_string_equal(s1.name, "vslock-truncate");
	assert_string_equal(m->name, "vslock-truncate");
	assert_string_equal(s1.path, "t.scn");
	assert_int_equal(s1.textlen, strlen(full));
	assert_string_equal(s1.text, full);

	assert_int_equal(m->tun.npages, 4);
	assert_int_equal(m->tun.nswap, 2);
	assert_int_equal(m->tun.freemin, 1);
	assert_int_equal(m->tun.freetarg, 2);
	assert_int_equal(m->tun.reserve, 0);
	assert_int_equal(m->tun.failures, 1);
	assert_int_equal(m->tun.intrsafe_kmem, 0);

	assert_int_equal(m->nobjs, 1);
	assert_string_equal(m->objs[1].name, "f");
	assert_int_equal(m->objs[1].type, UOBJ_VNODE);
	assert_int_equal(m->objs[1].size, 1);
	assert_int_equal(m->objs[1].resident, 1);

	assert_int_equal(m->nprocs, 2);
	assert_string_equal(m->procs[1].name, "A");
	assert_false(m->procs[1].forked);
	assert_string_equal(m->procs[2].name, "B");
	assert_true(m->procs[2].forked);

	assert_int_equal(m->nmapdefs, 2);
	op = &m->mapdefs[0].mmap;
	assert_int_equal(m->mapdefs[0].proc, 1);
	assert_int_equal(op->kind, OP_MMAP);
	assert_int_equal(op->arg[0], 0);
	assert_int_equal(op->arg[1], 1);
	assert_int_equal(op->arg[2], 1);
	assert_int_equal(op->arg[3], 0);
	assert_int_equal(op->arg[4], MMAP_SHARED);
	assert_int_equal(op->arg[5], VM_PROT_READ | VM_PROT_WRITE);
	assert_int_equal(op->arg[6], VM_PROT_ALL);
	assert_int_equal(op->arg[7], MAP_INHERIT_COPY);
	assert_int_equal(op->line, 6);
	assert_int_equal(op->col, 1);
	op = &m->mapdefs[1].mmap;
	assert_int_equal(op->arg[0], 4);
	assert_int_equal(op->arg[1], 2);
	assert_int_equal(op->arg[2], 0);
	assert_int_equal(op->arg[4], MMAP_PRIVATE);
	assert_int_equal(op->arg[6], VM_PROT_ALL);
	assert_int_equal(op->arg[7], MAP_INHERIT_COPY);

	assert_int_equal(m->nthreads, 7);
	assert_string_equal(m->threads[1].name, "a1");
	assert_int_equal(m->threads[1].kthread, KT_NONE);
	assert_int_equal(m->threads[1].proc, 1);
	assert_false(m->threads[1].embryo);
	assert_int_equal(m->threads[1].nops, 4);
	op = m->threads[1].ops;
	assert_int_equal(op[0].kind, OP_TOUCH);
	assert_int_equal(op[0].arg[0], 0);
	assert_int_equal(op[0].arg[1], VM_PROT_WRITE);
	assert_int_equal(op[0].line, 8);
	assert_int_equal(op[0].col, 14);
	assert_int_equal(op[1].kind, OP_CLONE);
	assert_int_equal(op[1].arg[0], 2); /* forward reference */
	assert_int_equal(op[2].kind, OP_FORK);
	assert_int_equal(op[2].arg[0], 2);
	assert_int_equal(op[3].kind, OP_PHYSIO_READ);
	assert_int_equal(op[3].arg[0], 0);
	assert_int_equal(op[3].arg[1], 1);
	assert_int_equal(op[3].col, 43);

	assert_string_equal(m->threads[2].name, "a2");
	assert_true(m->threads[2].embryo);
	assert_int_equal(m->threads[2].proc, 1);
	assert_int_equal(m->threads[2].ops[0].arg[1], VM_PROT_READ);
	assert_int_equal(m->threads[3].ops[0].kind, OP_TRUNCATE);
	assert_int_equal(m->threads[3].ops[0].arg[0], 1);
	assert_int_equal(m->threads[3].ops[0].arg[1], 0);
	assert_true(m->threads[4].embryo); /* in a forked process */
	assert_int_equal(m->threads[4].proc, 2);
	assert_int_equal(m->threads[4].ops[1].kind, OP_MLOCKALL);
	assert_int_equal(m->threads[4].ops[1].arg[0], MCL_CURRENT | MCL_FUTURE);
	assert_int_equal(m->threads[4].ops[2].kind, OP_EXIT);
	assert_int_equal(m->threads[5].kthread, KT_PAGEDAEMON);
	assert_string_equal(m->threads[5].name, "pd");
	assert_int_equal(m->threads[6].kthread, KT_NETISR);
	assert_int_equal(m->threads[7].kthread, KT_AIODONE);
	assert_int_equal(m->threads[7].nops, 0);

	/* profile fixed + the scenario's override, applied */
	assert_string_equal(s1.profile, "fixed");
	assert_int_equal(s1.knob_mask[K_VSLOCK_PIN], 1);
	assert_int_equal(s1.knobs.v[K_VSLOCK_PIN], VSLOCK_PIN_WIRE_ONLY);
	assert_int_equal(m->knobs.v[K_VSLOCK_PIN], VSLOCK_PIN_WIRE_ONLY);
	assert_int_equal(m->knobs.v[K_WIRE_BREAKS_LOANS],
	    WIRE_BREAKS_LOANS_ALWAYS);

	assert_int_equal(s1.nexpect, 4);
	assert_int_equal(s1.expect[0].kind, SCN_EXPECT_BUG);
	assert_string_equal(s1.expect[0].profile, "fixed");
	assert_int_equal(s1.expect[0].knob_mask[K_VSLOCK_PIN], 1);
	assert_int_equal(s1.expect[0].knobs.v[K_VSLOCK_PIN],
	    VSLOCK_PIN_WIRE_ONLY);
	assert_string_equal(s1.expect[0].verdict, "freed-page-in-use");
	assert_int_equal(s1.expect[0].line, 17);
	assert_int_equal(s1.expect[0].col, 36);
	assert_int_equal(s1.expect[1].kind, SCN_EXPECT_PROFILE);
	assert_string_equal(s1.expect[1].profile, "netbsd-2003");
	assert_int_equal(s1.expect[2].kind, SCN_EXPECT_PROFILE);
	assert_string_equal(s1.expect[2].profile, "netbsd-2020");
	assert_int_equal(s1.expect[2].knob_mask[K_WIRE_BREAKS_LOANS], 1);
	assert_int_equal(s1.expect[2].knobs.v[K_WIRE_BREAKS_LOANS],
	    WIRE_BREAKS_LOANS_ALWAYS);
	assert_string_equal(s1.expect[2].verdict, "clean");
	assert_int_equal(s1.expect[3].kind, SCN_EXPECT_FIXED);
	assert_string_equal(s1.expect[3].verdict, "clean");
	assert_int_equal(s1.bound_depth, 80);
	assert_int_equal(s1.bound_restarts, 3);
}

static void
test_defaults(void **state)
{
	struct scenario_error e;
	struct model def;

	(void)state;
	assert_int_equal(parse_str("scenario d\nproc A\n"
	    "map A 2 anon 0 1 shared r\nthread a A: touch 2 r", &s1, &e), 0);
	model_init(&def);
	assert_memory_equal(&s1.model.tun, &def.tun, sizeof(def.tun));
	assert_int_equal(s1.bound_depth, SCN_DEFAULT_DEPTH);
	assert_int_equal(s1.bound_restarts, 0);
	assert_string_equal(s1.profile, "");
	assert_int_equal(s1.nexpect, 0);
	/* default maxprot rwx; shared mappings inherit share */
	assert_int_equal(s1.model.mapdefs[0].mmap.arg[6], VM_PROT_ALL);
	assert_int_equal(s1.model.mapdefs[0].mmap.arg[7], MAP_INHERIT_SHARE);
	for (int k = 0; k < NKNOBS; k++)
		assert_int_equal(s1.model.knobs.v[k], 0);
}

/* ----------------------------------------------------------- round trip */

static void
roundtrip_one(const char *path)
{
	static char buf1[4 * SCN_TEXT_MAX], buf2[4 * SCN_TEXT_MAX];
	struct scenario_error e;
	size_t n1, n2;

	if (scenario_load_file(path, &s1, &e) != 0) {
		scenario_error_print(&e, stderr);
		fail_msg("%s does not parse", path);
	}
	n1 = scenario_print_buf(&s1, buf1, sizeof(buf1));
	assert_true(n1 < sizeof(buf1));
	if (scenario_parse(buf1, n1, "printed", &s2, &e) != 0) {
		scenario_error_print(&e, stderr);
		fprintf(stderr, "%s", buf1);
		fail_msg("printed %s does not parse", path);
	}
	scenario_strip_positions(&s1);
	scenario_strip_positions(&s2);
	assert_memory_equal(&s1.model, &s2.model, sizeof(s1.model));
	assert_string_equal(s1.name, s2.name);
	assert_string_equal(s1.profile, s2.profile);
	assert_memory_equal(&s1.knobs, &s2.knobs, sizeof(s1.knobs));
	assert_memory_equal(s1.knob_mask, s2.knob_mask, sizeof(s1.knob_mask));
	assert_int_equal(s1.nexpect, s2.nexpect);
	assert_memory_equal(s1.expect, s2.expect, sizeof(s1.expect));
	assert_int_equal(s1.bound_depth, s2.bound_depth);
	assert_int_equal(s1.bound_restarts, s2.bound_restarts);
	/* the canonical form is a fixed point */
	n2 = scenario_print_buf(&s2, buf2, sizeof(buf2));
	assert_int_equal(n1, n2);
	assert_string_equal(buf1, buf2);
}

static int
roundtrip_dir(const char *dir)
{
	static char names[256][256];
	char path[1024];
	int n = scenario_library_list(dir, names, 256);

	if (n < 0)
		return 0;
	assert_true(n <= 256);
	for (int i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
		    names[i]) >= sizeof(path))
			fail_msg("path too long: %s", names[i]);
		roundtrip_one(path);
	}
	return n;
}

static void
test_roundtrip_library(void **state)
{
	int n;

	(void)state;
	n = roundtrip_dir(SOURCE_ROOT "/scenarios");
	assert_true(n >= 3);
	roundtrip_dir(SOURCE_ROOT "/scenarios/" SCN_LIBRARY_SEEDS);
	assert_true(roundtrip_dir(SOURCE_ROOT "/scenarios/"
	    SCN_LIBRARY_CONFORMANCE) >= 30);
}

static void
test_roundtrip_full(void **state)
{
	static char buf[4 * SCN_TEXT_MAX];
	struct scenario_error e;
	FILE *f;
	char path[] = "/tmp/test_scenario_XXXXXX";
	int fd;

	(void)state;
	/* the full example, plus every option the printer may leave out */
	assert_int_equal(parse_str(full, &s1, &e), 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(full, f);
	fputs("# more\n", f);
	fclose(f);
	roundtrip_one(path);
	remove(path);

	assert_int_equal(parse_str("scenario x.y_z-1\n"
	    "world pages=16 swap=4 freemin=0 freetarg=16 reserve=15 "
	    "failures=16 intrsafe=1\n"
	    "aobj o pages=16\nvnode v pages=16 resident=16\n"
	    "proc P\nproc Q forked\n"
	    "map P 0 o 3 4 private none maxprot=r inherit=none wired\n"
	    "map P 4 v 0 12 shared rx maxprot=rx inherit=copy\n"
	    "thread t P: mmap 0 16 v 0 private wx maxprot=wx inherit=share "
	    "wired; munmap 0 16; mlock 15 1; munlock 0 1; mlockall future; "
	    "munlockall; mprotect 1 2 x; truncate v 16; send 3 1; "
	    "physio-write 0 2; fork Q; exit\n"
	    "thread u Q: ptrace-write P 15; collect P; kmem-fault 15; "
	    "mmap 1 1 anon 0 shared none; clone w; mlockall current\n"
	    "thread w Q clone: touch 15 w\n"
	    "kthread i intr\n"
	    "profile netbsd-1999\n"
	    "bug ptp_steal=ignore-wired\nbug canfail_in_fault\n"
	    "expect profile fixed -> kernel-panic\n"
	    "expect profile fixed bug ptp_steal=off -> deadlock\n"
	    "bound depth=1000000\n", &s1, &e), 0);
	assert_int_equal(s1.model.knobs.v[K_CANFAIL_IN_FAULT],
	    CANFAIL_IN_FAULT_MUST_SUCCEED);
	assert_int_equal(s1.model.knobs.v[K_PTP_STEAL], PTP_STEAL_IGNORE_WIRED);
	/* netbsd-1999 */
	assert_int_equal(s1.model.knobs.v[K_KLOAN_MAPPING],
	    KLOAN_MAPPING_MANAGED);
	scenario_print_buf(&s1, buf, sizeof(buf));
	assert_non_null(strstr(buf,
	    "map P 0 o 3 4 private none maxprot=r inherit=none wired\n"));
	assert_non_null(strstr(buf, "thread w Q clone: touch 15 w\n"));
	assert_non_null(strstr(buf,
	    "bug canfail_in_fault=must-succeed ptp_steal=ignore-wired\n"));
	strcpy(path, "/tmp/test_scenario_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(s1.text, f);
	fclose(f);
	roundtrip_one(path);
	remove(path);

	/* the conformance suite's additions print back as written */
	assert_int_equal(parse_str("scenario conf\n"
	    "vnode v pages=2 open=r\nvnode c pages=1 open=closed\n"
	    "proc P memlock=3\nproc Q forked memlock=0\n"
	    "map P 0 anon 0 2 shared rw inherit=zero\n"
	    "thread t P: mmap 4 1 anon 0 private rw fixed -> 4; touch 0 w=7; "
	    "touch 0 r -> 7; touch 4 x -> SIGSEGV; minherit 0 2 copy -> ok; "
	    "minherit 0 1 200 -> EINVAL; mincore 0 2 -> 1; fork Q -> ok; "
	    "wait Q; ptrace-read Q 0 -> 7; ptrace-write Q 0 9 -> EBUSY; "
	    "continue Q -> ok\n"
	    "thread u Q: stop; mmap 8 1 v 0 shared w -> EACCES; wait w; "
	    "clone w; munlock 0 1 -> ENOMEM\n"
	    "thread w Q clone: touch 1 r -> SIGBUS; mlock 0 1 -> EAGAIN\n",
	    &s1, &e), 0);
	scenario_print_buf(&s1, buf, sizeof(buf));
	assert_non_null(strstr(buf, "vnode v pages=2 open=r\n"));
	assert_non_null(strstr(buf, "vnode c pages=1 open=closed\n"));
	assert_non_null(strstr(buf, "proc Q forked memlock=0\n"));
	assert_non_null(strstr(buf, "map P 0 anon 0 2 shared rw inherit=zero\n"));
	assert_non_null(strstr(buf,
	    "thread t P: mmap 4 1 anon 0 private rw fixed -> 4; touch 0 w=7; "
	    "touch 0 r -> 7; touch 4 x -> SIGSEGV; minherit 0 2 copy -> ok; "
	    "minherit 0 1 200 -> EINVAL; mincore 0 2 -> 1; fork Q -> ok; "
	    "wait Q; ptrace-read Q 0 -> 7; ptrace-write Q 0 9 -> EBUSY; "
	    "continue Q -> ok\n"));
	assert_non_null(strstr(buf, "thread u Q: stop; mmap 8 1 v 0 shared w -> EACCES; "
	    "wait w; clone w; munlock 0 1 -> ENOMEM\n"));
	assert_non_null(strstr(buf,
	    "thread w Q clone: touch 1 r -> SIGBUS; mlock 0 1 -> EAGAIN\n"));
	assert_int_equal(s1.model.threads[1].ops[0].exp_kind, EXP_VALUE);
	assert_int_equal(s1.model.threads[1].ops[0].arg[4],
	    MMAP_PRIVATE | MMAP_FIXED);
	assert_int_equal(s1.model.threads[1].ops[3].exp_kind, EXP_SIGNAL);
	assert_int_equal(s1.model.threads[1].ops[3].exp_val, signal_lookup("SIGSEGV"));
	assert_int_equal(s1.model.threads[2].ops[2].arg[1], 1);	/* a thread */
	assert_int_equal(s1.model.threads[1].ops[8].arg[1], 0);	/* a process */
	strcpy(path, "/tmp/test_scenario_XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(s1.text, f);
	fclose(f);
	roundtrip_one(path);
	remove(path);
}

static void
test_print_buf_truncates(void **state)
{
	struct scenario_error e;
	char small[16];
	size_t n, m;

	(void)state;
	assert_int_equal(parse_str(full, &s1, &e), 0);
	n = scenario_print_buf(&s1, NULL, 0);
	m = scenario_print_buf(&s1, small, sizeof(small));
	assert_int_equal(n, m);
	assert_true(n > sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_memory_equal(small, "scenario vslock", 15);
}

/* ------------------------------------------------------ malformed inputs */

#define PRE "scenario x\nvnode f pages=2 resident=1\nproc A\n" /* lines 1-3 */
#define T1 "thread a1 A: touch 0 r\n"

struct bad {
	const char *text;
	size_t len; /* 0: strlen */
	int line, col;
	const char *msg; /* a substring of the message */
};

static const struct bad bads[] = {
	{PRE "thread a1 A: touch 0 q\n", 0, 4, 22,
	    "expected 'r', 'w', 'w=V' or 'x' after touch VA, got 'q'"},
	{PRE "thread a1 A: touch 0\n", 0, 4, 21,
	    "expected 'r', 'w', 'w=V' or 'x' after touch VA, got end of line"},
	{PRE "thread a1 A: touch 0", 0, 4, 21, "got end of line"},
	{PRE "thread a1 A: mmap 0 1 anon\n", 0, 4, 27, "expected an object offset"},
	{PRE "thread a1 A: mmap 0 1 anon 0 shared\n", 0, 4, 36,
	    "expected a protection"},
	{PRE "thread a1 A: munmap x 1\n", 0, 4, 21,
	    "expected VA (a number) after 'munmap', got 'x'"},
	{PRE "thread a1 A: mprotect 0 1 rwq\n", 0, 4, 27, "expected a protection"},
	{PRE "thread a1 A: frob 0\n", 0, 4, 14, "unknown operation 'frob'"},
	{PRE "widget 3\n", 0, 4, 1, "unknown directive 'widget'"},
	{PRE "map A 0 g 0 1 shared rw\n", 0, 4, 9, "unknown object 'g'"},
	{PRE "thread a1 Z: touch 0 r\n", 0, 4, 11, "unknown process 'Z'"},
	{PRE "thread a1 A: clone zz\n", 0, 4, 20, "unknown thread 'zz'"},
	{PRE "thread a1 A: fork f\n", 0, 4, 19, "'f' is an object, not a process"},
	{PRE "thread a1 A: touch 99999999999999999999 r\n", 0, 4, 20,
	    "is too large"},
	{PRE "thread a1 A: touch 16 r\n", 0, 4, 20,
	    "VA 16 is out of range (0..15)"},
	{PRE "thread a1 A: mlock 15 2\n", 0, 4, 23,
	    "run past the end of the address space"},
	{PRE "thread a1 A: mlock 3 0\n", 0, 4, 22, "out of range"},
	{PRE T1 "ab\0cd\n", sizeof(PRE T1 "ab\0cd\n") - 1, 5, 3, "NUL byte"},
	{PRE "\x01\x02\x03\n", 0, 4, 1, "control character 0x01"},
	{PRE "thread a1 A: touch 0 r \xff\xfe\n", 0, 4, 24, "byte 0xff"},
	{PRE "proc A\n", 0, 4, 6, "'A' is already declared as a process at line 3"},
	{PRE "thread f A: touch 0 r\n", 0, 4, 8,
	    "'f' is already declared as an object at line 2"},
	{PRE T1 "thread a1 A: touch 1 r\n", 0, 5, 8, "already declared"},
	{PRE "thread t1 A: touch 0 r\nthread t2 A: touch 0 r\n"
	    "thread t3 A: touch 0 r\nthread t4 A: touch 0 r\n"
	    "thread t5 A: touch 0 r\nthread t6 A: touch 0 r\n"
	    "thread t7 A: touch 0 r\nkthread t8 pagedaemon\n"
	    "thread t9 A: touch 0 r\n", 0, 12, 8, "too many threads (at most 8"},
	{PRE "proc B\nproc C\nproc D\nproc E\n", 0, 7, 6, "too many processes"},
	{PRE T1 "expect fixed clean\n", 0, 5, 14, "expected '->'"},
	{PRE T1 "expect bug vslock_pin=wire-only\n", 0, 5, 32,
	    "expected '->' and a verdict after the knob assignments, got end of "
	    "line"},
	{PRE T1 "expect fixed -> Freed_Page!\n", 0, 5, 17, "expected a verdict"},
	{PRE T1 "expect fixed -> wired--page\n", 0, 5, 17, "expected a verdict"},
	{PRE T1 "expect fixed -> clean deadlock\n", 0, 5, 23,
	    "expected end of line after the verdict"},
	{PRE T1 "expect sometimes -> clean\n", 0, 5, 8,
	    "expected 'fixed', 'profile NAME' or 'bug NAME=VALUE'"},
	{PRE T1 "expect fixed -> clean\nexpect fixed -> kernel-panic\n", 0, 6, 1,
	    "duplicate expectation"},
	{PRE T1 "expect profile netbsd-2003 vslock_pin=busy -> clean\n", 0, 5,
	    28, "expected 'bug', or '->' and a verdict, after the profile"},
	{PRE T1 "expect fixed -> clean\nexpect profile fixed -> deadlock\n", 0,
	    6, 1, "duplicate expectation"},
	{PRE T1 "expect bug vslock_pin=busy -> clean\n"
	    "expect profile fixed bug vslock_pin=busy -> deadlock\n", 0, 6, 1,
	    "duplicate expectation"},
	{PRE T1 "expect bug -> clean\n", 0, 5, 12,
	    "expected a knob assignment NAME=VALUE after 'bug', got '->'"},
	{PRE T1 "expect bug vslock_pin=busy vslock_pin=hold -> clean\n", 0, 5,
	    28, "knob 'vslock_pin' is set twice on this line"},
	{PRE T1 "bug nosuch=1\n", 0, 5, 5, "unknown knob 'nosuch'"},
	{PRE T1 "bug vslock_pin=maybe\n", 0, 5, 16,
	    "unknown value 'maybe' for knob vslock_pin (values: hold, wire-only, "
	    "busy)"},
	{PRE T1 "bug vslock_pin=busy\nbug vslock_pin=hold\n", 0, 6, 5,
	    "already set at line 5"},
	{PRE T1 "profile netbsd-1066\n", 0, 5, 9, "unknown profile 'netbsd-1066'"},
	{PRE T1 "expect profile 1066 -> clean\n", 0, 5, 16, "unknown profile"},
	{PRE, 0, 4, 1, "scenario has no threads"},
	{PRE "kthread pd pagedaemon\n", 0, 5, 1, "scenario has no threads"},
	{"proc A\n" T1, 0, 1, 1, "expected 'scenario NAME' as the first line"},
	{"", 0, 1, 1, "has none"},
	{"# only a comment", 0, 1, 17, "has none"},
	{"scenario\n", 0, 1, 9, "expected a scenario name"},
	{"scenario a b\n", 0, 1, 12,
	    "expected end of line after the scenario name"},
	{"scenario -a\n", 0, 1, 10, "expected a scenario name"},
	{PRE "scenario y\n", 0, 4, 1, "duplicate 'scenario' line"},
	{PRE "world pages=4\nworld pages=4\n", 0, 5, 1, "duplicate 'world' line"},
	{PRE "world ptpages=4\n", 0, 4, 7, "unknown world setting 'ptpages'"},
	{PRE "world pages=17\n", 0, 4, 13, "pages 17 is out of range (1..16)"},
	{PRE "world pages=4 pages=5\n", 0, 4, 15, "'pages' is set twice"},
	{PRE "world freemin=3 freetarg=2\n", 0, 4, 17,
	    "freemin (3) is above freetarg (2)"},
	{PRE "world pages=1\n", 0, 4, 7, "freetarg (2) is above pages (1)"},
	{PRE "world reserve=2 freetarg=2\n", 0, 4, 17,
	    "freetarg (2) must be above reserve (2)"},
	{PRE "world freemin=0 freetarg=0\n", 0, 4, 17,
	    "uvmpd_tune"},
	{PRE "map A 0 anon 0 3 private rw wired\nthread a A: touch 0 r\n",
	    0, 4, 1,
	    "mapping 'wired': mlock at world setup fails with EAGAIN"},
	{PRE "world pages=3 freemin=0 freetarg=1\nvnode g resident=1\n"
	    "map A 0 anon 0 1 private rw wired\nthread a A: touch 0 r\n",
	    0, 6, 1,
	    "mapping 'wired': mlock at world setup sleeps"},
	{PRE "world pages\n", 0, 4, 7, "expected a world setting KEY=N"},
	{PRE "world pages=-1\n", 0, 4, 13, "expected pages (a number)"},
	{PRE "thread a1 A: touch 0 r; touch 1 r; touch 2 r; touch 3 r; "
	    "touch 4 r; touch 5 r; touch 6 r; touch 7 r; touch 8 r; touch 9 r; "
	    "touch 10 r; touch 11 r; touch 12 r\n", 0, 4, 148,
	    "too many operations in thread 'a1' (at most 12)"},
	{PRE "map A 0 f 0 2 shared rw\nmap A 1 anon 0 2 private rw\n" T1, 0, 5, 7,
	    "overlaps the one at line 4"},
	{PRE "map A 0 f 1 2 shared rw\n", 0, 4, 13, "run past its end (2 pages)"},
	{PRE "map A 0 1 f 0 shared rw\n", 0, 4, 9, "map reads PROC VA OBJ OFF N"},
	{PRE "thread a1 A: mmap 0 f 0 1 shared rw\n", 0, 4, 21,
	    "mmap reads VA N OBJ OFF"},
	{PRE "map A 0 anon 1 2 private rw\n", 0, 4, 14, "offset 0"},
	{PRE "map A 0 f 0 1 shared rw maxprot=r\n", 0, 4, 25,
	    "protection 'rw' exceeds maxprot 'r'"},
	{PRE "map A 0 f 0 1 shared rw inherit=maybe\n", 0, 4, 33,
	    "expected 'share', 'copy', 'none' or 'zero'"},
	{PRE "map A 0 f 0 1 shared rw bogus\n", 0, 4, 25,
	    "unknown mapping option 'bogus'"},
	{PRE "map A 0 f 0 1 both rw\n", 0, 4, 15, "'shared' or 'private'"},
	{PRE "proc B forked\nmap B 0 f 0 1 shared rw\n", 0, 5, 5,
	    "inherits its mappings"},
	{PRE "proc B\nthread a1 A: fork B\n", 0, 5, 19,
	    "declare it 'proc B forked'"},
	{PRE "proc B forked\n" T1, 0, 4, 6,
	    "declared forked but no thread forks it"},
	{PRE "proc B forked\nthread a1 A: fork B; fork B\n", 0, 5, 27,
	    "already forked at line 5"},
	{PRE T1 "thread a2 A clone: touch 0 r\n", 0, 5, 8,
	    "declared clone but no thread clones it"},
	{PRE "thread a1 A: clone a2\nthread a2 A: touch 0 r\n", 0, 4, 20,
	    "declare it 'thread a2 A clone: ...'"},
	{PRE "proc B\nthread a1 A: clone b2\nthread b2 B clone: touch 0 r\n", 0, 5,
	    20, "belongs to process 'B', not to 'A'"},
	{PRE "thread a1 A clone: clone a2\nthread a2 A clone: clone a1\n", 0, 4, 8,
	    "never starts"},
	{PRE "thread a1 A touch 0 r\n", 0, 4, 13, "expected ':' or 'clone'"},
	{PRE "thread a1 A: touch 0 r touch 1 r\n", 0, 4, 24,
	    "expected ';' or end of line after the arguments of 'touch'"},
	{PRE "thread a1 A: touch 0 r;\n", 0, 4, 24,
	    "expected an operation, got end of line"},
	{PRE "thread a1 A: touch 0 r;; touch 1 r\n", 0, 4, 24,
	    "expected an operation, got ';'"},
	{PRE "thread a1 A: exit; touch 0 r\n", 0, 4, 20, "last operation"},
	{PRE "thread a1 A: mlockall never\n", 0, 4, 23, "'current', 'future'"},
	{PRE "aobj o\nthread a1 A: truncate o 0\n", 0, 5, 23, "needs a vnode"},
	{PRE "kthread k swapper\n" T1, 0, 4, 11,
	    "unknown kernel thread kind 'swapper'"},
	{PRE "kthread k pagedaemon\nkthread l pagedaemon\n" T1, 0, 5, 11,
	    "already declared at line 4"},
	{"scenario x\nvnode f pages=2 resident=3\nproc A\n" T1, 0, 2, 17,
	    "resident (3) is more than"},
	{"scenario x\nworld pages=2 freetarg=1\nvnode f pages=2 resident=2\n"
	    "vnode g pages=1 resident=1\nproc A\n" T1, 0, 4, 17,
	    "bring the total to 3"},
	{PRE "vnode g speed=3\n", 0, 4, 9, "unknown vnode setting 'speed'"},
	{PRE "vnode anon\n", 0, 4, 7, "'anon' is reserved"},
	{PRE "proc 9lives\n", 0, 4, 6,
	    "expected a process name after 'proc' (a name"},
	{PRE "proc abcdefghijklmnopqrstuvwxyz\n", 0, 4, 6, "is too long"},
	{PRE T1 "bound depth=0\n", 0, 5, 13, "depth 0 is out of range"},
	{PRE T1 "bound width=3\n", 0, 5, 7, "unknown bound 'width'"},
	{PRE T1 "bound depth=3 depth=4\n", 0, 5, 15, "already bounded"},
	{PRE T1 "bound\n", 0, 5, 6, "expected depth=N or restarts=N"},
	{PRE "thread a1 A: touch 0 r # ok\n: ; ->\n", 0, 5, 1,
	    "unknown directive ':'"},
	{PRE "thread a1 A: ptrace-write A\n", 0, 4, 28, "expected VA"},
	{PRE "thread a1 A: truncate f 17\n", 0, 4, 25, "out of range"},
	/* the conformance suite's additions */
	{PRE "thread a1 A: munlock 0 1 -> ENOSPC\n", 0, 4, 29,
	    "unknown result 'ENOSPC'"},
	{PRE "thread a1 A: munlock 0 1 ->\n", 0, 4, 28,
	    "expected a result after 'munlock ... ->'"},
	{PRE "thread a1 A: munlock 0 1 -> SIGBUS\n", 0, 4, 29,
	    "only a touch raises a signal"},
	{PRE "thread a1 A: touch 0 r -> EFAULT\n", 0, 4, 27,
	    "a touch gives ok, a value or a signal"},
	{PRE "thread a1 A: munmap 0 1 -> 7\n", 0, 4, 28,
	    "only mmap (its VA), touch r/x, ptrace-read and mincore give a value"},
	{PRE "thread a1 A: touch 0 r -> 256\n", 0, 4, 27, "out of range"},
	{PRE "thread a1 A: touch 0 w=300\n", 0, 4, 24, "out of range"},
	{PRE "thread a1 A: minherit 0 1 some\n", 0, 4, 27,
	    "expected 'share', 'copy', 'none', 'zero' or a number"},
	{PRE "thread a1 A: wait f\n", 0, 4, 19,
	    "'f' is an object, not a process or thread"},
	{PRE "thread a1 A: wait a1\n", 0, 4, 19, "cannot wait for itself"},
	{PRE "thread a1 A: wait nobody\n", 0, 4, 19, "unknown thread 'nobody'"},
	{PRE "thread a1 A: continue f\n", 0, 4, 23, "is an object"},
	{PRE "vnode g open=x\n", 0, 4, 14,
	    "expected 'r', 'w', 'rw' or 'closed' after 'open='"},
	{PRE "proc B memlock=99\n", 0, 4, 16, "out of range"},
	{PRE "proc B fork\n", 0, 4, 8, "'forked', 'memlock=N' or end of line"},
	{PRE "map A 0 f 0 1 private r fixed\n", 0, 4, 25,
	    "unknown mapping option 'fixed'"},
	{PRE "thread a1 A: mmap 0 1 anon 0 private r fixed fixed\n", 0, 4, 46,
	    "'fixed' is given twice"},
	{PRE "thread a1 A: ptrace-read A x\n", 0, 4, 28, "expected VA"},
};

static void
test_malformed(void **state)
{
	(void)state;
	assert_true(sizeof(bads) / sizeof(bads[0]) >= 25);
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		const struct bad *b = &bads[i];
		struct scenario_error e;
		size_t len = b->len != 0 ? b->len : strlen(b->text);
		int rc = scenario_parse(b->text, len, "bad.scn", &s1, &e);

		if (rc == 0 || e.line != b->line || e.col != b->col ||
		    strstr(e.msg, b->msg) == NULL)
			fail_msg("case %zu: rc %d, got %d:%d '%s'; "
			    "want %d:%d '%s'", i, rc, e.line, e.col, e.msg,
			    b->line, b->col, b->msg);
		assert_string_equal(e.file, "bad.scn");
		assert_true(e.col > 0);
		/* a failed parse leaves nothing behind */
		assert_int_equal(s1.model.nthreads, 0);
		assert_int_equal(s1.name[0], '\0');
	}
}

static void
test_overlong(void **state)
{
	static char text[SCN_TEXT_MAX + 100];
	struct scenario_error e;
	size_t n;

	(void)state;
	/* a line of 2000 characters: error at the first one past the limit */
	n = (size_t)snprintf(text, sizeof(text), "%s", PRE T1 "#");
	memset(text + n, 'a', 2000);
	n += 2000;
	assert_int_equal(scenario_parse(text, n, NULL, &s1, &e), -1);
	assert_string_equal(e.file, "<input>");
	assert_int_equal(e.line, 5);
	assert_int_equal(e.col, SCN_LINE_MAX + 1);
	assert_non_null(strstr(e.msg, "longer than 1024"));

	/* a line of exactly SCN_LINE_MAX characters is fine */
	n = (size_t)snprintf(text, sizeof(text), "%s", PRE T1 "#");
	memset(text + n, 'a', SCN_LINE_MAX - 1);
	n += SCN_LINE_MAX - 1;
	assert_int_equal(scenario_parse(text, n, NULL, &s1, &e), 0);

	/* a text longer than SCN_TEXT_MAX, made of short comment lines */
	n = (size_t)snprintf(text, sizeof(text), "%s", PRE T1);
	while (n < SCN_TEXT_MAX + 50) {
		memcpy(text + n, "# padding padding\n", 18);
		n += 18;
	}
	assert_int_equal(scenario_parse(text, n, "big", &s1, &e), -1);
	assert_true(e.line > 5);
	assert_true(e.col > 0);
	assert_non_null(strstr(e.msg, "longer than 16384 bytes"));
}

/* junk: every prefix of a good scenario, and random mutations of it */
static void
test_junk(void **state)
{
	static char text[sizeof(full) + 64];
	struct scenario_error e;
	uint64_t x = 0x9e3779b97f4a7c15ull;
	size_t n = strlen(full);

	(void)state;
	for (size_t i = 0; i <= n; i++) {
		if (scenario_parse(full, i, "prefix", &s1, &e) != 0) {
			assert_true(e.line > 0);
			assert_true(e.col > 0);
			assert_true(strlen(e.msg) > 0);
		}
	}
	for (int round = 0; round < 20000; round++) {
		size_t len = n;

		memcpy(text, full, n);
		for (int k = 0; k < 1 + round % 4; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			text[x % len] = (char)(x >> 32);
		}
		if (round % 3 == 0)
			len = (x >> 20) % (n + 1);
		if (scenario_parse(text, len, "junk", &s1, &e) != 0) {
			assert_true(e.line > 0);
			assert_true(e.col > 0);
		}
	}
	/* pure binary */
	for (size_t i = 0; i < sizeof(text); i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		text[i] = (char)x;
	}
	assert_int_equal(scenario_parse(text, sizeof(text), "bin", &s1, &e),
	    -1);
	assert_true(e.line > 0 && e.col > 0);
}

/* ---------------------------------------------------- verdicts, config */

static bool
known_inv(const char *v, void *arg)
{
	(void)arg;
	return strcmp(v, "freed-page-in-use") == 0;
}

static void
test_verdicts(void **state)
{
	struct scenario_error e;

	(void)state;
	assert_int_equal(parse_str(full, &s1, &e), 0);
	assert_int_equal(scenario_check_verdicts(&s1, known_inv, NULL, &e), 0);
	assert_int_equal(parse_str(PRE T1 "expect fixed -> clean\n"
	    "expect bug vslock_pin -> no-such-invariant\n", &s1, &e), 0);
	assert_int_equal(scenario_check_verdicts(&s1, known_inv, NULL, &e), -1);
	assert_string_equal(e.file, "t.scn");
	assert_int_equal(e.line, 6);
	assert_int_equal(e.col, 26);
	assert_non_null(strstr(e.msg, "unknown invariant 'no-such-invariant'"));
}

/*
 * The knob tables come from one list (core/knobs.h): every value's
 * enumerator, printed name and eras agree, and the profiles run the
 * values the eras name.
 */
static void
test_knob_tables(void **state)
{
	struct knobs k;

	(void)state;
	for (int i = 0; i < NKNOBS; i++) {
		int n = knob_nvalues(i);

		assert_in_range(n, 2, KNOB_MAX_VALUES);
		for (int v = 0; v < n; v++)
			assert_int_equal(knob_value_lookup(i,
			    knob_value_name(i, v)), v);
		assert_string_equal(knob_value_name(i, n), "?");
		assert_int_equal(knob_lookup(knob_descs[i].name), i);
	}
	assert_int_equal(knob_value_lookup(K_VSLOCK_PIN, "busy"),
	    VSLOCK_PIN_BUSY);
	assert_int_equal(knob_value_lookup(K_WIRE_BREAKS_LOANS,
	    "writable-entry"), WIRE_BREAKS_LOANS_WRITABLE_ENTRY);
	assert_int_equal(knob_value_lookup(K_VSLOCK_PIN, "pinned"), -1);
	profile_apply(profile_lookup("netbsd-2020"), &k);
	assert_int_equal(k.v[K_VSLOCK_PIN], VSLOCK_PIN_WIRE_ONLY);
	assert_int_equal(k.v[K_WIRE_BREAKS_LOANS],
	    WIRE_BREAKS_LOANS_WRITABLE_ENTRY);
	assert_int_equal(k.v[K_PTP_STEAL], PTP_STEAL_OFF);
	profile_apply(profile_lookup("netbsd-2001"), &k);
	assert_int_equal(k.v[K_ANFREE_BUSY], ANFREE_BUSY_RELEASE_AND_DROP_NOW);
	assert_int_equal(k.v[K_KLOAN_WIRES_PAGE], KLOAN_WIRES_PAGE_YES);
	assert_int_equal(k.v[K_KLOAN_MAPPING], KLOAN_MAPPING_KENTER);
	profile_apply(profile_lookup("netbsd-1999"), &k);
	assert_int_equal(k.v[K_KLOAN_MAPPING], KLOAN_MAPPING_MANAGED);
	assert_int_equal(k.v[K_WIRE_BREAKS_LOANS],
	    WIRE_BREAKS_LOANS_REQUESTED_WRITE);
	profile_apply(profile_lookup("fixed"), &k);
	for (int i = 0; i < NKNOBS; i++)
		assert_int_equal(k.v[i], 0);
	/* NAME alone is the first value after the fixed one */
	memset(&k, 0, sizeof(k));
	assert_int_equal(knob_parse_assignment("vslock_pin", &k, NULL, 0), 0);
	assert_int_equal(k.v[K_VSLOCK_PIN], VSLOCK_PIN_WIRE_ONLY);
}

static void
test_apply_config(void **state)
{
	struct scenario_error e;
	struct knobs k;
	uint8_t mask[NKNOBS];

	(void)state;
	assert_int_equal(parse_str(PRE T1 "profile netbsd-2003\n"
	    "bug wire_breaks_loans=always\n"
	    "expect bug ptp_steal=skip-wired -> clean\n"
	    "expect profile netbsd-2020 -> clean\n", &s1, &e), 0);
	/* the scenario's defaults */
	assert_int_equal(s1.model.knobs.v[K_VSLOCK_PIN], VSLOCK_PIN_WIRE_ONLY);
	assert_int_equal(s1.model.knobs.v[K_WIRE_BREAKS_LOANS],
	    WIRE_BREAKS_LOANS_ALWAYS);
	assert_int_equal(s1.model.knobs.v[K_ANFREE_BUSY], ANFREE_BUSY_SLEEP);
	/* caller overrides on top of the scenario's */
	memset(&k, 0, sizeof(k));
	memset(mask, 0, sizeof(mask));
	k.v[K_ANFREE_BUSY] = ANFREE_BUSY_RELEASE_AND_DROP_NOW;
	mask[K_ANFREE_BUSY] = 1;
	assert_int_equal(scenario_apply_config(&s1, NULL, &k, mask), 0);
	assert_int_equal(s1.model.knobs.v[K_ANFREE_BUSY],
	    ANFREE_BUSY_RELEASE_AND_DROP_NOW);
	assert_int_equal(s1.model.knobs.v[K_VSLOCK_PIN], VSLOCK_PIN_WIRE_ONLY);
	assert_int_equal(s1.model.knobs.v[K_WIRE_BREAKS_LOANS],
	    WIRE_BREAKS_LOANS_ALWAYS);
	/* an explicit profile replaces the scenario's defaults */
	assert_int_equal(scenario_apply_config(&s1, "netbsd-2003", NULL, NULL),
	    0);
	assert_int_equal(s1.model.knobs.v[K_WIRE_BREAKS_LOANS],
	    WIRE_BREAKS_LOANS_REQUESTED_WRITE);
	assert_int_equal(scenario_apply_config(&s1, "fixed", NULL, NULL), 0);
	for (int i = 0; i < NKNOBS; i++)
		assert_int_equal(s1.model.knobs.v[i], 0);
	assert_true(s1.model.pmap_knobs.ppp_none_removes_wired);
	assert_int_equal(scenario_apply_config(&s1, "netbsd-1066", NULL, NULL),
	    -1);
	/* expectations */
	assert_int_equal(scenario_apply_expect(&s1, 0), 0);
	assert_int_equal(s1.model.knobs.v[K_PTP_STEAL], PTP_STEAL_SKIP_WIRED);
	assert_int_equal(s1.model.pmap_knobs.ptp_steal, 1);
	assert_int_equal(s1.model.knobs.v[K_VSLOCK_PIN], VSLOCK_PIN_HOLD);
	assert_int_equal(scenario_apply_expect(&s1, 1), 0);
	assert_int_equal(s1.model.knobs.v[K_VSLOCK_PIN], VSLOCK_PIN_WIRE_ONLY);
	assert_int_equal(s1.model.knobs.v[K_PTP_STEAL], PTP_STEAL_OFF);
	assert_int_equal(scenario_apply_expect(&s1, 2), -1);
}

/* --------------------------------------------------------------- library */

static void
test_library(void **state)
{
	char names[8][256], path[512];
	struct scenario_error e;
	int n;

	(void)state;
	n = scenario_library_list(SOURCE_ROOT "/scenarios", names, 8);
	assert_true(n >= 3);
	for (int i = 1; i < n && i < 8; i++)
		assert_true(strcmp(names[i - 1], names[i]) < 0);
	for (int i = 0; i < n && i < 8; i++)
		assert_non_null(strstr(names[i], ".scn"));
	/* max 1: fills one name, still counts them all */
	assert_int_equal(scenario_library_list(SOURCE_ROOT "/scenarios", names,
	    1), n);
	assert_int_equal(scenario_library_list("/nonexistent-dir", names, 8),
	    -1);

	assert_int_equal(scenario_library_find(LIB, "fork-cow", path,
	    sizeof(path)), 0);
	assert_string_equal(path, LIB "/fork-cow.scn");
	assert_int_equal(scenario_library_find(LIB, "loan-send.scn", path,
	    sizeof(path)), 0);
	assert_int_equal(scenario_library_find(LIB, "no-such-scenario", path,
	    sizeof(path)), -1);
	assert_int_equal(scenario_library_find(LIB, "fork-cow", path, 8), -1);

	assert_int_equal(scenario_load_file("/nonexistent/x.scn", &s1, &e), -1);
	assert_int_equal(e.line, 0);
	assert_int_equal(e.col, 0);
	assert_string_equal(e.file, "/nonexistent/x.scn");
	assert_non_null(strstr(e.msg, "cannot open"));
	/* a directory is not a scenario */
	assert_int_equal(scenario_load_file(LIB, &s1, &e), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_roundtrip_library),
		cmocka_unit_test(test_roundtrip_full),
		cmocka_unit_test(test_print_buf_truncates),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_junk),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_knob_tables),
		cmocka_unit_test(test_apply_config),
		cmocka_unit_test(test_library),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
