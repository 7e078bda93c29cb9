/*
 * format.c: the short forms results take in the commands' text and JSON
 * output (reports/report.h).
 */
#include <stdio.h>

#include "reports/report.h"

void
report_verdict_str(enum verdict v, const char *inv, int step, char *buf,
    size_t len)
{
	switch (v) {
	case VERDICT_CLEAN:
		snprintf(buf, len, "clean");
		break;
	case VERDICT_DEADLOCK:
		snprintf(buf, len, "deadlock at step %d", step);
		break;
	case VERDICT_VIOLATION:
		snprintf(buf, len, "violation %s at step %d", inv, step);
		break;
	}
}

void
report_json_string(FILE *out, const char *s)
{
	if (s == NULL) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch == '\t')
			fputs("\\t", out);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}
