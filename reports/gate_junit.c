/*
 * gate_junit.c: the gate's results as JUnit XML for CI systems
 * (reports/gate.h): one testsuite per kind of check, one testcase per
 * check, a <failure message="..."> for each failed one, <skipped/> for
 * one the time budget left out (a failure with budget_fails).  Written
 * atomically through corpus/file_write.h.
 */
#include <stdio.h>
#include <string.h>

#include "corpus/file_write.h"
#include "reports/gate.h"
#include "reports/report.h"

static void
junit_suite(const struct gate *g, FILE *out, const char *suite)
{
	int n = 0, f = 0;

	for (int i = 0; i < g->n; i++)
		if (strcmp(g->results[i].suite, suite) == 0) {
			n++;
			f += g->results[i].out != GATE_PASS &&
			    !(g->results[i].skipped && !g->o.budget_fails);
		}
	if (n == 0)
		return;
	fprintf(out, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\">\n",
	    suite, n, f);
	for (int i = 0; i < g->n; i++) {
		const struct gate_result *r = &g->results[i];

		if (strcmp(r->suite, suite) != 0)
			continue;
		fprintf(out, "    <testcase classname=\"%s\" name=\"", suite);
		report_escape(out, r->name);
		fprintf(out, "\" time=\"%.3f\">", r->seconds);
		if (r->skipped && !g->o.budget_fails) {
			fprintf(out, "<skipped message=\"");
			report_escape(out, r->msg);
			fprintf(out, "\"/>");
		} else if (r->out != GATE_PASS) {
			fprintf(out, "<failure message=\"");
			report_escape(out, r->msg);
			fprintf(out, "\" type=\"%s\"/>",
			    r->out == GATE_DIVERGED ? "diverged" : "failed");
		}
		fprintf(out, "</testcase>\n");
	}
	fprintf(out, "  </testsuite>\n");
}

int
gate_write_junit(const struct gate *g, const char *path)
{
	/* every suite gate_record() is given, in the order gate_run() runs */
	static const char *const suites[] = { "scenarios", "matrix", "corpus",
	    "soak", "exercise" };
	struct file_writer w;
	char err[FW_PATH_MAX + 256];
	enum fw_status st;
	FILE *out;

	if ((st = file_write_begin(&w, path, err, sizeof(err))) != FW_OK) {
		fprintf(stderr, "uvmcheck gate: --junit: %s\n", err);
		return st == FW_REFUSED ? GATE_USAGE : GATE_INTERNAL;
	}
	out = w.fp;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<testsuites name=\"uvmcheck gate\" tests=\"%d\" failures=\"%d\" "
	    "skipped=\"%d\">\n", g->n, g->failed, g->skipped);
	for (size_t s = 0; s < sizeof(suites) / sizeof(suites[0]); s++)
		junit_suite(g, out, suites[s]);
	fprintf(out, "</testsuites>\n");
	if ((st = file_write_commit(&w, err, sizeof(err))) != FW_OK) {
		fprintf(stderr, "uvmcheck gate: --junit: %s\n", err);
		return st == FW_REFUSED ? GATE_USAGE : GATE_INTERNAL;
	}
	return 0;
}
