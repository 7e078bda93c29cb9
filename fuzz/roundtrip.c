/*
 * roundtrip.c: the parser properties (roundtrip.h).
 *
 * The scenario side: scenario_parse -> scenario_print_buf -> parse ->
 * print, both texts equal.  The .sched side: sched_file_parse (with the
 * embedded scenario parsed, so thread names are checked) ->
 * sched_file_format -> parse -> format, both texts equal.  Big structures
 * are static: a harness runs one input at a time.
 */
#include "fuzz/roundtrip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/sched_file.h"
#include "scenarios/scenario.h"

#define PRINT_MAX	(4 * SCN_TEXT_MAX)

/* property 2: file:line:col and a message */
static enum roundtrip_result
check_error(const char *what, const char *file, int line, int col,
    const char *msg, char *why, size_t len)
{
	if (file[0] == '\0' || line < 1 || col < 1 || msg[0] == '\0') {
		snprintf(why, len, "%s error without file:line:col: "
		    "'%s:%d:%d: %s'", what, file, line, col, msg);
		return ROUNDTRIP_VIOLATED;
	}
	snprintf(why, len, "%s:%d:%d: error: %s", file, line, col, msg);
	return ROUNDTRIP_REJECTED;
}

enum roundtrip_result
roundtrip_scenario(const uint8_t *data, size_t size, char *why, size_t len)
{
	static struct scenario s1, s2;
	static char p1[PRINT_MAX], p2[PRINT_MAX];
	struct scenario_error err;
	size_t n1, n2;

	memset(&err, 0, sizeof(err));
	if (scenario_parse((const char *)data, size, "<fuzz>", &s1, &err) != 0)
		return check_error("scenario", err.file, err.line, err.col,
		    err.msg, why, len);
	n1 = scenario_print_buf(&s1, p1, sizeof(p1));
	if (n1 >= sizeof(p1)) {
		snprintf(why, len, "the printed scenario is too long (%zu)", n1);
		return ROUNDTRIP_VIOLATED;
	}
	memset(&err, 0, sizeof(err));
	if (scenario_parse(p1, n1, "<printed>", &s2, &err) != 0) {
		snprintf(why, len, "the printed scenario does not parse: "
		    "%d:%d: %s\n%s", err.line, err.col, err.msg, p1);
		return ROUNDTRIP_VIOLATED;
	}
	n2 = scenario_print_buf(&s2, p2, sizeof(p2));
	if (n1 != n2 || memcmp(p1, p2, n1) != 0) {
		snprintf(why, len, "print -> parse -> print is not stable:\n"
		    "--- first\n%s--- second\n%s", p1, p2);
		return ROUNDTRIP_VIOLATED;
	}
	snprintf(why, len, "accepted");
	return ROUNDTRIP_ACCEPTED;
}

enum roundtrip_result
roundtrip_sched(const uint8_t *data, size_t size, char *why, size_t len)
{
	static struct sched_file f1, f2;
	static struct scenario s1, s2;
	struct sched_error err;
	enum roundtrip_result rc = ROUNDTRIP_ACCEPTED;
	char *t1 = NULL, *t2 = NULL;
	size_t n1, n2;

	memset(&err, 0, sizeof(err));
	if (sched_file_parse((const char *)data, size, "<fuzz>", &f1, &s1,
	    &err) != 0)
		return check_error(".sched", err.file, err.line, err.col,
		    err.msg, why, len);
	if (sched_file_format(&f1, &s1.model, &t1, &n1) != 0) {
		sched_file_free(&f1);
		snprintf(why, len, "out of memory");
		return ROUNDTRIP_REJECTED;
	}
	memset(&err, 0, sizeof(err));
	if (sched_file_parse(t1, n1, "<printed>", &f2, &s2, &err) != 0) {
		snprintf(why, len, "the printed .sched does not parse: "
		    "%d:%d: %s\n%.*s", err.line, err.col, err.msg, (int)n1, t1);
		rc = ROUNDTRIP_VIOLATED;
		goto out1;
	}
	if (sched_file_format(&f2, &s2.model, &t2, &n2) != 0) {
		snprintf(why, len, "out of memory");
		rc = ROUNDTRIP_REJECTED;
		goto out2;
	}
	if (n1 != n2 || memcmp(t1, t2, n1) != 0) {
		snprintf(why, len, "print -> parse -> print is not stable:\n"
		    "--- first\n%.*s--- second\n%.*s", (int)n1, t1, (int)n2, t2);
		rc = ROUNDTRIP_VIOLATED;
	} else
		snprintf(why, len, "accepted");
	free(t2);
out2:
	sched_file_free(&f2);
out1:
	free(t1);
	sched_file_free(&f1);
	return rc;
}
