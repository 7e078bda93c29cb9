/*
 * text.c: uvmcheck report: the store's tables as text.
 */
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "reports/report.h"

static const char *
col(sqlite3_stmt *q, int i)
{
	const char *s = (const char *)sqlite3_column_text(q, i);

	return s != NULL ? s : "-";
}

static void
utc(double t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		snprintf(buf, len, "-");
	else
		strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

static int
prep(struct store *st, const char *sql, sqlite3_stmt **q)
{
	if (sqlite3_prepare_v2(store_db(st), sql, -1, q, NULL) != SQLITE_OK) {
		fprintf(stderr, "uvmcheck report: %s\n",
		    sqlite3_errmsg(store_db(st)));
		return -1;
	}
	return 0;
}

int
report_text(struct store *st, FILE *out)
{
	sqlite3_stmt *q;
	char t0[32];
	int n;

	fprintf(out, "campaigns\n  %4s  %-8s %-24s %-28s %-6s %-19s %9s %10s "
	    "%s\n", "id", "command", "scenario", "profile", "engine",
	    "start (UTC)", "seconds", "states", "verdict");
	if (prep(st, "SELECT id, command, scenario, profile, engine, start, "
	    "end, seconds, states, verdict FROM campaigns ORDER BY id",
	    &q) != 0)
		return -1;
	for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++) {
		utc(sqlite3_column_double(q, 5), t0, sizeof(t0));
		fprintf(out, "  %4lld  %-8s %-24s %-28s %-6s %-19s %9.3f "
		    "%10lld %s\n", (long long)sqlite3_column_int64(q, 0),
		    col(q, 1), col(q, 2), col(q, 3), col(q, 4), t0,
		    sqlite3_column_double(q, 7),
		    (long long)sqlite3_column_int64(q, 8),
		    sqlite3_column_type(q, 6) == SQLITE_NULL ? "(unfinished)" :
		    col(q, 9));
	}
	sqlite3_finalize(q);
	if (n == 0)
		fprintf(out, "  (none)\n");

	fprintf(out, "\nfindings by invariant and profile\n  %-30s %-36s %8s "
	    "%11s\n", "invariant", "profile", "findings", "occurrences");
	if (prep(st, "SELECT invariant, profile, count(*), sum(count) FROM "
	    "findings GROUP BY invariant, profile ORDER BY invariant, profile",
	    &q) != 0)
		return -1;
	for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++)
		fprintf(out, "  %-30s %-36s %8d %11lld\n", col(q, 0), col(q, 1),
		    sqlite3_column_int(q, 2),
		    (long long)sqlite3_column_int64(q, 3));
	sqlite3_finalize(q);
	if (n == 0)
		fprintf(out, "  (none)\n");

	fprintf(out, "\nfindings by root cause (attribution: the bug whose "
	    "fix removes it)\n  %-16s %-11s %-28s %-20s %5s %5s\n",
	    "signature", "attribution", "invariant", "scenario", "count",
	    "steps");
	if (prep(st, "SELECT signature, invariant, scenario, count, length, "
	    "last_seen, coalesce(attribution, 'untriaged'), "
	    "coalesce(site, '-') FROM findings ORDER BY 7, invariant, "
	    "signature", &q) != 0)
		return -1;
	for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++) {
		utc(sqlite3_column_double(q, 5), t0, sizeof(t0));
		fprintf(out, "  %-16s %-11s %-28s %-20s %5lld %5d\n"
		    "  %16s damage at %s; last seen %s UTC\n", col(q, 0),
		    col(q, 6), col(q, 1), col(q, 2),
		    (long long)sqlite3_column_int64(q, 3),
		    sqlite3_column_int(q, 4), "", col(q, 7), t0);
	}
	sqlite3_finalize(q);
	if (n == 0)
		fprintf(out, "  (none)\n");

	fprintf(out, "\nthroughput\n  %4s  %-8s %-24s %12s %14s %10s %8s\n",
	    "id", "command", "scenario", "states/s", "transitions/s",
	    "execs/s", "sites");
	if (prep(st, "SELECT id, command, scenario, seconds, states, "
	    "transitions, execs, (SELECT count(*) FROM coverage v WHERE "
	    "v.campaign = c.id) FROM campaigns c WHERE end IS NOT NULL "
	    "ORDER BY id", &q) != 0)
		return -1;
	for (n = 0; sqlite3_step(q) == SQLITE_ROW; n++) {
		double s = sqlite3_column_double(q, 3);

		if (s <= 0)
			s = 1e-9;
		fprintf(out, "  %4lld  %-8s %-24s %12.0f %14.0f %10.0f %8d\n",
		    (long long)sqlite3_column_int64(q, 0), col(q, 1), col(q, 2),
		    (double)sqlite3_column_int64(q, 4) / s,
		    (double)sqlite3_column_int64(q, 5) / s,
		    (double)sqlite3_column_int64(q, 6) / s,
		    sqlite3_column_int(q, 7));
	}
	sqlite3_finalize(q);
	if (n == 0)
		fprintf(out, "  (none)\n");
	return 0;
}

int
report_sched(struct store *st, const char *prefix, FILE *out, char *err,
    size_t errlen)
{
	sqlite3_stmt *q;
	int n = 0;
	char pat[64];

	if (strlen(prefix) == 0 || strlen(prefix) > 16 ||
	    strspn(prefix, "0123456789abcdef") != strlen(prefix)) {
		snprintf(err, errlen, "'%s' is not a signature (hex digits)",
		    prefix);
		return -1;
	}
	snprintf(pat, sizeof(pat), "%s%%", prefix);
	if (prep(st, "SELECT sched FROM findings WHERE signature LIKE ?",
	    &q) != 0) {
		snprintf(err, errlen, "query failed");
		return -1;
	}
	sqlite3_bind_text(q, 1, pat, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (n++ == 0)
			fputs(col(q, 0), out);
	}
	sqlite3_finalize(q);
	if (n != 1) {
		snprintf(err, errlen, n == 0 ? "no finding with signature %s" :
		    "signature %s is ambiguous: give more digits", prefix);
		return -1;
	}
	return 0;
}
