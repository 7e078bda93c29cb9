/*
 * store.h: the SQLite store of campaigns and findings (docs/design.md §10).
 *
 * One file (default uvmcheck.db) holds:
 *   campaigns    one row per run of a command (check, a fuzz campaign,
 *                a shard): command, scenario, profile, knobs, engine,
 *                seed, model version, start and end, and its figures
 *                (states, transitions, seconds, execs);
 *   throughput   data points (seconds since start, states, execs) of a
 *                campaign, for the report's chart;
 *   coverage     per campaign, the model sites (interleaving point
 *                names) reached and how often;
 *   findings     one row per signature: invariant, profile, scenario,
 *                first and last seen, count, and the shortest .sched
 *                text recorded for it (and its length in steps); its
 *                attribution (the catalogued bug whose fix removes it,
 *                or "unexplained": explore/triage.h) and the model site
 *                where the damage began (schema 4).
 *
 * The file is validated before anything is written: it must be a SQLite
 * database whose application_id is STORE_APP_ID (or an empty file or
 * database, which is initialised) with a user_version no newer than
 * STORE_SCHEMA_VERSION.  Validation opens the file read-only, so a
 * foreign, corrupt or newer file is never modified; the caller exits 2.
 * Older schemas are migrated in one transaction.  The database is in WAL
 * mode with a busy timeout, so parallel jobs and shards write at once;
 * every write is one transaction, so a campaign killed midway leaves a
 * consistent database (its campaign row simply has no end).
 */
#ifndef UVMCHECK_STORE_H
#define UVMCHECK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_APP_ID		0x55564d43	/* "UVMC" */
#define STORE_SCHEMA_VERSION	4
#define STORE_DEFAULT_PATH	"uvmcheck.db"
#define STORE_BUSY_MS		30000
/* a campaign row's model_version: the model the findings were found in */
#define UVMCHECK_MODEL_VERSION	"0.1.0"

/* results: 0 ok; STORE_EBAD: not ours / corrupt / newer (exit 2) */
#define STORE_EBAD	(-2)
#define STORE_EIO	(-3)	/* SQLite failed on a valid file (exit 3) */

struct store;

enum store_mode {
	STORE_EXISTING = 0,	/* the file must exist; opened for writing */
	STORE_CREATE,		/* create it if nothing is at the path */
	STORE_READ,		/* the file must exist; nothing is written */
};

/*
 * Open a store.  Refused with STORE_EBAD (and the file left as it was):
 * a file that is not a regular file, not SQLite, another program's
 * database, an empty file or empty SQLite database (a store is created
 * only where nothing is), corrupt (with SQLite's reason), newer, a
 * version whose tables do not match it, and for writing (EXISTING,
 * CREATE, or READ of an older schema that needs upgrading) a file or
 * directory that is read-only.  STORE_READ opens a current store
 * without writing anything, also in a read-only directory.
 */

int store_open(const char *path, enum store_mode mode, struct store **out,
    char *err, size_t errlen);
void store_close(struct store *st);
const char *store_errmsg(const struct store *st);
/* the schema version a file had when opened (before migration; 0 new) */
int store_opened_version(const struct store *st);

struct store_campaign {
	const char *command;	/* "check", "fuzz", ... */
	const char *scenario;
	const char *profile;	/* label: "netbsd-2003+vslock_pin=busy" */
	const char *knobs;	/* knobs not at their fixed value */
	const char *engine;	/* "dfs", "random", "libfuzzer", ... */
	uint64_t seed;
	const char *model_version;
	double start, end;	/* unix time; end 0 = still running */
	uint64_t states, transitions, execs;
	double seconds;
	const char *verdict;	/* "clean", "deadlock", invariant id, or NULL */
};

/* a new campaign row (end left open); *id receives its id */
int store_campaign_begin(struct store *st, const struct store_campaign *c,
    int64_t *id);
/* the campaign's figures, end time and verdict */
int store_campaign_end(struct store *st, int64_t id,
    const struct store_campaign *c);
int store_throughput_add(struct store *st, int64_t id, double t,
    uint64_t states, uint64_t execs);
/* sites[i] reached hits[i] times (added to what is there) */
int store_coverage_add(struct store *st, int64_t id, const char *const *sites,
    const uint64_t *hits, int n);

struct store_finding {
	char signature[17];	/* 16 hex digits */
	const char *invariant;
	const char *profile;
	const char *scenario;
	const char *sched_text;	/* the .sched file */
	int length;		/* steps */
	double seen;		/* unix time */
	/*
	 * The root cause (schema 4).  NULL: store_finding_add triages the
	 * .sched text itself (report_root_cause) and records the finding
	 * under its root-cause signature instead of the one given; a text
	 * that cannot be triaged keeps the given signature, attribution
	 * "untriaged".
	 */
	const char *attribution;	/* "S-10", "unexplained", ... */
	const char *site;		/* "truncate: op complete" */
};

/*
 * Record a finding: a new signature is inserted with count 1; a known
 * one gets count + 1, last seen, and the shorter schedule.  *is_new says
 * which (may be NULL).
 */
int store_finding_add(struct store *st, int64_t campaign,
    const struct store_finding *f, bool *is_new);

/*
 * The signature: XXH3 of the invariant, the sorted multiset of the
 * operation names the schedule's steps ran in, and the interleaving
 * point of the violating step.  ops[i] may be NULL (written "-").
 */
void store_signature(const char *invariant, const char *const *ops, int nops,
    const char *point, char out[17]);

/*
 * The root-cause signature: XXH3 of the attribution, the invariant and
 * the site where the damage began, so that a campaign has as many
 * signatures as distinct bugs it hit, however each was reached.
 */
void store_signature_root(const char *attribution, const char *invariant,
    const char *site, char out[17]);

/*
 * Add every campaign (new ones only, by uuid) and finding of src.
 * Idempotent: a finding's count is the sum of its sightings, one per
 * source (campaign), and a source merged again adds nothing (the larger
 * count of the two is kept, so a campaign that went on counts once).
 */
int store_merge(struct store *dst, struct store *src);

/* for the report: the connection (read only please) */
struct sqlite3;
struct sqlite3 *store_db(struct store *st);

#endif
