/*
 * triage_print.c: a triaged finding as text or as a JSON object
 * (reports/report.h; explore/triage.h computes it).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "reports/report.h"

/* the words of a "none" or "a b c" list as a JSON array */
static void
json_words(FILE *out, const char *words)
{
	const char *p = words;
	bool first = true;

	fprintf(out, "[");
	if (strcmp(words, "none") == 0) {
		fprintf(out, "]");
		return;
	}
	while (*p != '\0') {
		size_t n = strcspn(p, " ");
		char w[128];

		snprintf(w, sizeof(w), "%.*s", (int)n, p);
		fprintf(out, "%s", first ? "" : ",");
		report_json_string(out, w);
		first = false;
		p += n;
		while (*p == ' ')
			p++;
	}
	fprintf(out, "]");
}

void
report_triage(FILE *out, const char *path, const struct triage_result *t,
    bool json)
{
	char knobs[1024], profs[256];

	triage_knobs_str(t, knobs, sizeof(knobs));
	triage_profiles_str(t, profs, sizeof(profs));
	if (!json) {
		fprintf(out, "%s: %s (%s)\n", path, t->attribution,
		    t->invariant);
		fprintf(out, "  profiles failing: %s\n", profs);
		fprintf(out, "  knobs that fix it: %s\n", knobs);
		fprintf(out, "  damage begins at: %s\n", t->site);
		fprintf(out, "  %d configurations: %d by replay, %d "
		    "re-checked%s\n", t->configs, t->replayed, t->rechecked,
		    t->bounded ? " (some re-check reached --max-states: not "
		    "exhaustive)" : "");
		return;
	}
	fprintf(out, "{\"file\":");
	report_json_string(out, path);
	fprintf(out, ",\"attribution\":");
	report_json_string(out, t->attribution);
	fprintf(out, ",\"bugs\":[");
	for (int i = 0; i < t->nbugs; i++) {
		fprintf(out, "%s", i ? "," : "");
		report_json_string(out, t->bugs[i]);
	}
	fprintf(out, "],\"invariant\":");
	report_json_string(out, t->invariant);
	fprintf(out, ",\"profiles_failing\":");
	json_words(out, profs);
	fprintf(out, ",\"knobs_that_fix\":");
	json_words(out, knobs);
	fprintf(out, ",\"site\":");
	report_json_string(out, t->site);
	fprintf(out, ",\"configs\":%d,\"bounded\":%s}", t->configs,
	    t->bounded ? "true" : "false");
}
