/*
 * test_roundtrip.c: the parser properties of fuzz/roundtrip.h on the
 * library, in every build (the fuzz harnesses check them on any bytes
 * in the clang -Dfuzz=true build).
 *
 * - every scenario under scenarios/ and every .sched under corpus/ is
 *   accepted, and print -> parse -> print is stable;
 * - every prefix of each file ending at a line, each file with one line
 *   dropped, and each file with a byte changed at a few places, is
 *   accepted or rejected with file:line:col, never violates a property;
 * - a few odd inputs (empty, NUL bytes, CR LF, no final newline,
 *   a very long line).
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <cmocka.h>

#include "fuzz/roundtrip.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

static char why[4 * 16384 + 512];
static int nscn, nsched, nvariants;

typedef enum roundtrip_result (*prop_fn)(const uint8_t *, size_t, char *,
    size_t);

static void
must_hold(prop_fn f, const char *what, const char *buf, size_t len)
{
	if (f((const uint8_t *)buf, len, why, sizeof(why)) ==
	    ROUNDTRIP_VIOLATED)
		fail_msg("%s: %s", what, why);
}

/* the variants of one file: prefixes, a line dropped, bytes changed */
static void
variants(prop_fn f, const char *path, const char *buf, size_t len)
{
	static const char subst[] = { '\0', '\n', ' ', '|', '#', '9', 'x',
	    '=', '-', (char)0xff };
	char *v = malloc(len + 1);
	char what[512];
	size_t start = 0;

	assert_non_null(v);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] != '\n')
			continue;
		/* the prefix ending at this line */
		snprintf(what, sizeof(what), "%s: first %zu bytes", path, i + 1);
		must_hold(f, what, buf, i + 1);
		/* this line dropped */
		memcpy(v, buf, start);
		memcpy(v + start, buf + i + 1, len - i - 1);
		snprintf(what, sizeof(what), "%s: line at byte %zu dropped",
		    path, start);
		must_hold(f, what, v, len - (i + 1 - start));
		nvariants += 2;
		start = i + 1;
	}
	/* a byte changed at 7 places spread over the file */
	for (size_t k = 1; k <= 7 && len > 0; k++) {
		size_t at = len * k / 8;

		for (size_t j = 0; j < sizeof(subst); j++) {
			memcpy(v, buf, len);
			v[at] = subst[j];
			snprintf(what, sizeof(what), "%s: byte %zu = 0x%02x",
			    path, at, (unsigned char)subst[j]);
			must_hold(f, what, v, len);
			nvariants++;
		}
	}
	free(v);
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t n = strlen(path), len;
	prop_fn f;
	char *buf;

	(void)st;
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (n > 4 && strcmp(path + n - 4, ".scn") == 0) {
		f = roundtrip_scenario;
		nscn++;
	} else if (n > 6 && strcmp(path + n - 6, ".sched") == 0) {
		f = roundtrip_sched;
		nsched++;
	} else
		return 0;
	buf = slurp(path, &len);
	if (f((const uint8_t *)buf, len, why, sizeof(why)) !=
	    ROUNDTRIP_ACCEPTED)
		fail_msg("%s: not accepted: %s", path, why);
	variants(f, path, buf, len);
	free(buf);
	return 0;
}

static void
test_library(void **state)
{
	(void)state;
	assert_int_equal(nftw(SOURCE_ROOT "/scenarios", visit, 16, FTW_PHYS),
	    0);
	assert_int_equal(nftw(SOURCE_ROOT "/corpus", visit, 16, FTW_PHYS), 0);
	/* the library is there: the seeds, the tours, the examples */
	assert_true(nscn >= 15);
	assert_true(nsched >= 15);
	printf("# %d scenarios, %d .sched files, %d variants\n", nscn, nsched,
	    nvariants);
}

static void
test_odd_inputs(void **state)
{
	static char longline[70000];
	static const char *const odd[] = {
		"", "\n", "\0", "scenario", "scenario x\0y\n",
		"scenario t\r\nproc A\r\nthread a1 A: touch 0 r\r\n",
		"scenario t\nproc A\nthread a1 A: touch 0 r",
		"uvmcheck-schedule 1", "uvmcheck-schedule 1\n",
		"uvmcheck-schedule 99\nscenario-name t\n",
		"uvmcheck-schedule 1\nscenario-name t\nbegin-scenario\n"
		    "| scenario t\n| proc A\n| thread a1 A: touch 0 r\n"
		    "end-scenario\nchoices a1 a1 a1\nverdict clean\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		size_t len = strlen(odd[i]) + (odd[i][0] == '\0' && i == 2);

		must_hold(roundtrip_scenario, odd[i], odd[i], len);
		must_hold(roundtrip_sched, odd[i], odd[i], len);
	}
	memset(longline, 'a', sizeof(longline));
	memcpy(longline, "scenario ", 9);
	must_hold(roundtrip_scenario, "a 70000-byte line", longline,
	    sizeof(longline));
	must_hold(roundtrip_sched, "a 70000-byte line", longline,
	    sizeof(longline));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_library),
		cmocka_unit_test(test_odd_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
