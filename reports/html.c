/*
 * html.c: uvmcheck report --html: one self-contained page.
 *
 * No external scripts, fonts or styles: the style sheet is inline and
 * every picture is inline SVG.  For each finding, a swimlane of its
 * schedule (one lane per thread, one row per step, the interleaving
 * point named, the violating step marked, the state changes that matter
 * written beside each row: wire and loan counts, queue moves, mappings,
 * wirings) obtained by replaying the stored .sched with explore/run and
 * the trace diff of explore/trace; its replay command; and per campaign a
 * chart of throughput over time when the campaign recorded data points.
 */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "reports/report.h"
#include "scenarios/scenario.h"
#include "explore/trace.h"

#define LANE_W		130
#define LEFT_W		44
#define CHANGES_W	780
#define ROW_H		22
#define LINE_H		13
#define MAX_CHANGES	6

void
report_escape(FILE *out, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\n')
				fputc(*s, out);
		}
	}
}

static const char *
col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);

	return s != NULL ? s : "";
}

/* one step of the swimlane */
struct lane_step {
	int tid;
	const char *op, *point;
	bool blocked;
	int fail;
	int nchanges;
	char changes[MAX_CHANGES][112];
	int more;		/* changes left out */
};

struct lane_arg {
	const struct model *m;
	struct lane_step *steps;
};

static bool
matters(const char *line)
{
	static const char *const keep[] = { "page ", "pmap ", "wiring ",
	    "kloan ", "loan ", "anon " };

	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (strncmp(line, keep[i], strlen(keep[i])) == 0)
			return true;
	return false;
}

static void
lane_cb(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp)
{
	struct lane_arg *la = arg;
	struct lane_step *ls = &la->steps[step - 1];
	char *buf = NULL, *line, *save = NULL, *dst;
	size_t len = 0, n;
	FILE *mem;

	(void)fp;
	ls->tid = ch->tid;
	ls->fail = ch->choice;
	ls->op = r->op;
	ls->point = r->point;
	ls->blocked = r->status == STEP_BLOCKED;
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return;
	trace_diff(mem, la->m, before, after, "");
	fclose(mem);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!matters(line))
			continue;
		if (ls->nchanges == MAX_CHANGES) {
			ls->more++;
			continue;
		}
		dst = ls->changes[ls->nchanges++];
		n = sizeof(ls->changes[0]);
		snprintf(dst, n, "%s", line);
		if (strlen(line) >= n - 1)	/* cut: say so */
			memcpy(dst + n - 4, "...", 4);
	}
	free(buf);
}

static void
svg_text(FILE *out, int x, int y, const char *cls, const char *s)
{
	fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"%s\">", x, y, cls);
	report_escape(out, s);
	fputs("</text>\n", out);
}

/* the swimlane of one finding's .sched text; 0, or -1 (message written) */
static int
swimlane(FILE *out, const char *text, const char *sig)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct sched_file *sf = calloc(1, sizeof(*sf));
	struct run_result *res = calloc(1, sizeof(*res));
	struct lane_step *steps = calloc(SCHED_MAX_STEPS, sizeof(*steps));
	struct sched_error err;
	struct lane_arg la;
	int nthreads, width, height, y, rc = -1;
	bool parsed = false;
	char buf[600];

	if (s == NULL || sf == NULL || res == NULL || steps == NULL) {
		fputs("<p class=\"err\">out of memory</p>\n", out);
		goto out;
	}
	if (sched_file_parse(text, strlen(text), sig, sf, s, &err) != 0) {
		fputs("<p class=\"err\">stored schedule does not parse: ",
		    out);
		snprintf(buf, sizeof(buf), "line %d col %d: %s", err.line,
		    err.col, err.msg);
		report_escape(out, buf);
		fputs("</p>\n", out);
		goto out;
	}
	parsed = true;
	la.m = &s->model;
	la.steps = steps;
	if (run_schedule(&s->model, &sf->sched, res, lane_cb, &la) != 0) {
		fputs("<p class=\"err\">stored schedule does not replay: ",
		    out);
		report_escape(out, res->errmsg);
		fputs("</p>\n", out);
		goto out;
	}
	nthreads = s->model.nthreads;
	width = LEFT_W + nthreads * LANE_W + CHANGES_W;
	height = 40;
	for (int i = 0; i < res->nsteps; i++)
		height += (steps[i].nchanges + (steps[i].more > 0) > 1 ?
		    (steps[i].nchanges + (steps[i].more > 0)) * LINE_H + 10 :
		    ROW_H) + 4;
	height += 10;
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%d\" viewBox=\"0 0 %d %d\" class=\"swimlane\">\n", width,
	    height, width, height);
	fprintf(out, "<title>swimlane of finding %s</title>\n", sig);
	for (int t = 1; t <= nthreads; t++) {
		int x = LEFT_W + (t - 1) * LANE_W;

		fprintf(out, "<rect x=\"%d\" y=\"4\" width=\"%d\" "
		    "height=\"%d\" class=\"lane%d\"/>\n", x + 2, LANE_W - 4,
		    height - 8, t % 2);
		svg_text(out, x + LANE_W / 2, 22, "lanehead",
		    trace_thread_name(&s->model, t));
	}
	svg_text(out, LEFT_W + nthreads * LANE_W + 8, 22, "chhead",
	    "what changed (wire/loan counts, queues, mappings)");
	y = 36;
	for (int i = 0; i < res->nsteps; i++) {
		struct lane_step *ls = &steps[i];
		int nl = ls->nchanges + (ls->more > 0);
		int h = nl > 1 ? nl * LINE_H + 10 : ROW_H;
		int x = LEFT_W + (ls->tid - 1) * LANE_W;
		bool viol = res->verdict != VERDICT_CLEAN &&
		    res->vstep == i + 1;

		if (ls->tid < 1 || ls->tid > nthreads)
			x = LEFT_W;
		snprintf(buf, sizeof(buf), "%d", i + 1);
		svg_text(out, LEFT_W - 8, y + 15, "stepno", buf);
		fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" rx=\"4\" class=\"%s\"><title>", x + 6, y,
		    LANE_W - 12, h, viol ? "step viol" : ls->blocked ?
		    "step blocked" : "step");
		snprintf(buf, sizeof(buf), "step %d: %s in %s at %s%s", i + 1,
		    trace_thread_name(&s->model, ls->tid),
		    ls->op != NULL ? ls->op : "?",
		    ls->point != NULL ? ls->point : "?",
		    ls->blocked ? " (sleeps)" : "");
		report_escape(out, buf);
		fputs("</title></rect>\n", out);
		svg_text(out, x + 10, y + 10, "op",
		    ls->op != NULL ? ls->op : "?");
		snprintf(buf, sizeof(buf), "%.19s%s%s",
		    ls->point != NULL ? ls->point : "?",
		    ls->point != NULL && strlen(ls->point) > 19 ?
		    "\xe2\x80\xa6" : "",
		    ls->fail ? " [fail]" : "");
		svg_text(out, x + 10, y + 19, "pt", buf);
		for (int c = 0; c < ls->nchanges; c++)
			svg_text(out, LEFT_W + nthreads * LANE_W + 8,
			    y + 12 + c * LINE_H, viol ? "ch chv" : "ch",
			    ls->changes[c]);
		if (ls->more > 0) {
			snprintf(buf, sizeof(buf), "(+%d more)", ls->more);
			svg_text(out, LEFT_W + nthreads * LANE_W + 8,
			    y + 12 + ls->nchanges * LINE_H, "ch", buf);
		}
		if (viol)
			svg_text(out, 4, y + 15, "violmark", "\xe2\x9c\x97");
		y += h + 4;
	}
	fputs("</svg>\n", out);
	fprintf(out, "<p class=\"verdict\">");
	snprintf(buf, sizeof(buf), "%s at step %d", run_verdict_label(
	    res->verdict, res->inv), res->vstep);
	report_escape(out, buf);
	if (res->detail[0] != '\0') {
		fputs(": ", out);
		report_escape(out, res->detail);
	}
	fputs("</p>\n", out);
	rc = 0;
out:
	if (parsed)
		sched_file_free(sf);
	free(steps);
	free(res);
	free(sf);
	free(s);
	return rc;
}

/* the throughput chart of a campaign: states (and execs) over time */
static void
chart(FILE *out, struct store *st, int64_t id)
{
	sqlite3_stmt *q;
	double *t = NULL, *v = NULL, tmax = 0, vmax = 0;
	int n = 0, cap = 0;
	const int w = 560, h = 200, l = 70, b = 30;

	if (sqlite3_prepare_v2(store_db(st), "SELECT t, max(states, execs) "
	    "FROM throughput WHERE campaign = ? ORDER BY t", -1, &q,
	    NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(q, 1, id);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (n == cap) {
			int nc = cap ? cap * 2 : 64;
			double *nt = realloc(t, (size_t)nc * sizeof(*t));
			double *nv;

			if (nt == NULL)
				break;
			t = nt;
			if ((nv = realloc(v, (size_t)nc * sizeof(*v))) == NULL)
				break;
			v = nv;
			cap = nc;
		}
		t[n] = sqlite3_column_double(q, 0);
		v[n] = sqlite3_column_double(q, 1);
		if (t[n] > tmax)
			tmax = t[n];
		if (v[n] > vmax)
			vmax = v[n];
		n++;
	}
	sqlite3_finalize(q);
	if (n >= 2) {
		if (tmax <= 0)
			tmax = 1;
		if (vmax <= 0)
			vmax = 1;
		fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "width=\"%d\" height=\"%d\" class=\"chart\">\n", w + l + 20,
		    h + b + 10);
		fprintf(out, "<title>campaign %lld: states over time</title>\n",
		    (long long)id);
		fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
		    "class=\"axis\"/>\n", l, h, l + w, h);
		fprintf(out, "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" "
		    "class=\"axis\"/>\n", l, l, h);
		fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"ax\">%.3g s"
		    "</text>\n",
		    l + w - 40, h + 20, tmax);
		fprintf(out, "<text x=\"4\" y=\"16\" class=\"ax\">%.3g"
		    "</text>\n",
		    vmax);
		fprintf(out, "<text x=\"%d\" y=\"%d\" class=\"ax\">0</text>\n",
		    l - 12, h + 14);
		fprintf(out, "<polyline class=\"tp\" points=\"");
		for (int i = 0; i < n; i++)
			fprintf(out, "%s%.1f,%.1f", i ? " " : "",
			    l + t[i] / tmax * w, h - v[i] / vmax * (h - 10));
		fputs("\"/>\n</svg>\n", out);
	}
	free(t);
	free(v);
}

static const char style[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1500px}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #ccc;padding:2px 8px;font-size:13px;"
    "text-align:left}th{background:#eee}"
    "td.n{text-align:right}code,pre{font-family:monospace;font-size:12px}"
    "pre{background:#f6f6f6;padding:6px;overflow-x:auto}"
    ".err{color:#b00}.verdict{font-weight:bold;color:#a00}"
    "section{border-top:2px solid #ddd;margin-top:1.5em}"
    "svg text{font-family:monospace}"
    ".lane0{fill:#f4f7fb}.lane1{fill:#eef3f8}"
    ".lanehead{font-size:13px;font-weight:bold;text-anchor:middle}"
    ".chhead{font-size:11px;fill:#666}"
    ".stepno{font-size:11px;text-anchor:end;fill:#666}"
    ".step{fill:#dbe8f6;stroke:#4a78a8}.blocked{fill:#f3e6c8;stroke:#a8873a}"
    ".viol{fill:#f6d0d0;stroke:#c00;stroke-width:2}"
    ".op{font-size:10px;font-weight:bold}.pt{font-size:9px;fill:#333}"
    ".ch{font-size:11px;fill:#234}.chv{fill:#a00}"
    ".violmark{font-size:15px;fill:#c00}"
    ".axis{stroke:#444}.ax{font-size:11px}"
    ".tp{fill:none;stroke:#2a6;stroke-width:2}";

int
report_html(struct store *st, const char *db_path, FILE *out)
{
	sqlite3_stmt *q;
	int n;

	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>uvmcheck report</title>\n"
	    "<style>%s</style>\n</head>\n<body>\n<h1>uvmcheck report</h1>\n"
	    "<p>Store: <code>", style);
	report_escape(out, db_path);
	fputs("</code></p>\n", out);

	/* campaigns */
	fputs("<h2>Campaigns</h2>\n<table>\n<tr><th>id</th><th>command</th>"
	    "<th>scenario</th><th>profile</th><th>engine</th><th>seed</th>"
	    "<th>model</th><th>seconds</th><th>states</th><th>transitions</th>"
	    "<th>execs</th><th>states/s</th><th>verdict</th></tr>\n", out);
	if (sqlite3_prepare_v2(store_db(st), "SELECT id, command, scenario, "
	    "profile, engine, seed, model_version, seconds, states, "
	    "transitions, execs, verdict, end FROM campaigns ORDER BY id", -1,
	    &q, NULL) != SQLITE_OK)
		return -1;
	for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++) {
		double s = sqlite3_column_double(q, 7);

		fprintf(out, "<tr><td class=\"n\">%lld</td>",
		    (long long)sqlite3_column_int64(q, 0));
		for (int i = 1; i <= 6; i++) {
			fputs("<td>", out);
			report_escape(out, col(q, i));
			fputs("</td>", out);
		}
		fprintf(out, "<td class=\"n\">%.3f</td>"
		    "<td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
		    "<td class=\"n\">%lld</td>"
		    "<td class=\"n\">%.0f</td><td>", s,
		    (long long)sqlite3_column_int64(q, 8),
		    (long long)sqlite3_column_int64(q, 9),
		    (long long)sqlite3_column_int64(q, 10),
		    s > 0 ? (double)sqlite3_column_int64(q, 8) / s : 0.0);
		report_escape(out, sqlite3_column_type(q, 12) == SQLITE_NULL ?
		    "(unfinished)" : col(q, 11));
		fputs("</td></tr>\n", out);
	}
	sqlite3_finalize(q);
	fputs("</table>\n", out);

	/* findings by invariant and profile */
	fputs("<h2>Findings by invariant and profile</h2>\n<table>\n<tr>"
	    "<th>invariant</th><th>profile</th><th>findings</th>"
	    "<th>occurrences</th></tr>\n", out);
	if (sqlite3_prepare_v2(store_db(st), "SELECT invariant, profile, "
	    "count(*), sum(count) FROM findings GROUP BY invariant, profile "
	    "ORDER BY invariant, profile", -1, &q, NULL) != SQLITE_OK)
		return -1;
	while (sqlite3_step(q) == SQLITE_ROW) {
		fputs("<tr><td>", out);
		report_escape(out, col(q, 0));
		fputs("</td><td>", out);
		report_escape(out, col(q, 1));
		fprintf(out, "</td><td class=\"n\">%d</td><td class=\"n\">%lld"
		    "</td></tr>\n", sqlite3_column_int(q, 2),
		    (long long)sqlite3_column_int64(q, 3));
	}
	sqlite3_finalize(q);
	fputs("</table>\n", out);

	/* each finding */
	fputs("<h2>Findings</h2>\n", out);
	if (sqlite3_prepare_v2(store_db(st), "SELECT signature, invariant, "
	    "profile, scenario, count, length, sched, coalesce(attribution, "
	    "'untriaged'), coalesce(site, '-') FROM findings ORDER BY "
	    "invariant, signature", -1, &q, NULL) != SQLITE_OK)
		return -1;
	for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++) {
		const char *sig = col(q, 0);

		fputs("<section>\n<h3>", out);
		report_escape(out, col(q, 1));
		fputs(" in ", out);
		report_escape(out, col(q, 3));
		fputs(" (", out);
		report_escape(out, col(q, 2));
		fputs(")</h3>\n<p>attribution <b>", out);
		report_escape(out, col(q, 7));
		fputs("</b> (the catalogued bug whose fix removes it), damage "
		    "begins at <code>", out);
		report_escape(out, col(q, 8));
		fprintf(out, "</code></p>\n<p>signature <code>");
		report_escape(out, sig);
		fprintf(out, "</code>, seen %lld time%s, %d step%s</p>\n",
		    (long long)sqlite3_column_int64(q, 4),
		    sqlite3_column_int64(q, 4) == 1 ? "" : "s",
		    sqlite3_column_int(q, 5),
		    sqlite3_column_int(q, 5) == 1 ? "" : "s");
		swimlane(out, col(q, 6), sig);
		fputs("<p>Replay:</p>\n<pre>uvmcheck report --db ", out);
		report_escape(out, db_path);
		fputs(" --sched ", out);
		report_escape(out, sig);
		fputs(" &gt; ", out);
		report_escape(out, sig);
		fputs(".sched\nuvmcheck replay ", out);
		report_escape(out, sig);
		fputs(".sched</pre>\n</section>\n", out);
	}
	sqlite3_finalize(q);
	if (n == 0)
		fputs("<p>No findings.</p>\n", out);

	/* throughput charts */
	fputs("<h2>Throughput</h2>\n", out);
	if (sqlite3_prepare_v2(store_db(st), "SELECT c.id, c.command, "
	    "c.scenario FROM campaigns c WHERE (SELECT count(*) FROM "
	    "throughput t WHERE t.campaign = c.id) >= 2 ORDER BY c.id", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++) {
		fprintf(out, "<h3>campaign %lld: ",
		    (long long)sqlite3_column_int64(q, 0));
		report_escape(out, col(q, 1));
		fputs(" ", out);
		report_escape(out, col(q, 2));
		fputs("</h3>\n", out);
		chart(out, st, sqlite3_column_int64(q, 0));
	}
	sqlite3_finalize(q);
	if (n == 0)
		fputs("<p>No campaign recorded throughput data points.</p>\n",
		    out);

	/* coverage: the model sites (interleaving points) each reached */
	fputs("<h2>Coverage of model sites</h2>\n", out);
	if (sqlite3_prepare_v2(store_db(st), "SELECT campaign, site, hits "
	    "FROM coverage ORDER BY campaign, hits DESC, site", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	{
		int64_t last = -1;

		for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++) {
			int64_t c = sqlite3_column_int64(q, 0);

			if (c != last) {
				if (last >= 0)
					fputs("</table>\n", out);
				fprintf(out, "<h3>campaign %lld</h3>\n<table>\n"
				    "<tr><th>interleaving point</th>"
				    "<th>hits</th></tr>\n", (long long)c);
				last = c;
			}
			fputs("<tr><td>", out);
			report_escape(out, col(q, 1));
			fprintf(out, "</td><td class=\"n\">%lld</td></tr>\n",
			    (long long)sqlite3_column_int64(q, 2));
		}
		if (last >= 0)
			fputs("</table>\n", out);
	}
	sqlite3_finalize(q);
	if (n == 0)
		fputs("<p>No campaign recorded coverage.</p>\n", out);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -1 : 0;
}
