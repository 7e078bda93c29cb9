/*
 * store.c: the SQLite store: validation, schema and migrations, writes.
 */
#include "reports/store.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "reports/report.h"
#include "sched/triage.h"

struct store {
	sqlite3 *db;
	int opened_version;
	char path[1024];
	char err[512];
};

/*
 * Version 1: campaigns and findings.  Version 2 adds execs and a uuid to
 * campaigns, a campaign's verdict, and the throughput and coverage
 * tables.  Version 3 adds each finding's attribution and damage site
 * (older findings keep NULL there: they were never triaged).  A migration from N-1 to N is one entry of migrations[].
 */
static const char schema_v1[] =
    "CREATE TABLE campaigns ("
    " id INTEGER PRIMARY KEY,"
    " command TEXT NOT NULL, scenario TEXT, profile TEXT, knobs TEXT,"
    " engine TEXT, seed INTEGER, model_version TEXT,"
    " start REAL NOT NULL, end REAL,"
    " states INTEGER DEFAULT 0, transitions INTEGER DEFAULT 0,"
    " seconds REAL DEFAULT 0);"
    "CREATE TABLE findings ("
    " signature TEXT PRIMARY KEY, invariant TEXT NOT NULL,"
    " profile TEXT, scenario TEXT, first_seen REAL NOT NULL,"
    " last_seen REAL NOT NULL, count INTEGER NOT NULL,"
    " sched TEXT NOT NULL, length INTEGER NOT NULL,"
    " campaign INTEGER);";

static const char *const migrations[STORE_SCHEMA_VERSION + 1] = {
	[1] = schema_v1,
	[2] = "ALTER TABLE campaigns ADD COLUMN execs INTEGER DEFAULT 0;"
	    "ALTER TABLE campaigns ADD COLUMN verdict TEXT;"
	    "ALTER TABLE campaigns ADD COLUMN uuid TEXT;"
	    "UPDATE campaigns SET uuid = lower(hex(randomblob(16)));"
	    "CREATE UNIQUE INDEX campaigns_uuid ON campaigns(uuid);"
	    "CREATE TABLE throughput ("
	    " campaign INTEGER NOT NULL REFERENCES campaigns(id),"
	    " t REAL NOT NULL, states INTEGER, execs INTEGER);"
	    "CREATE INDEX throughput_campaign ON throughput(campaign, t);"
	    "CREATE TABLE coverage ("
	    " campaign INTEGER NOT NULL REFERENCES campaigns(id),"
	    " site TEXT NOT NULL, hits INTEGER NOT NULL,"
	    " PRIMARY KEY (campaign, site));",
	[3] = "ALTER TABLE findings ADD COLUMN attribution TEXT;"
	    "ALTER TABLE findings ADD COLUMN site TEXT;",
};

static void
set_err(char *err, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &q, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(q, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(q);
	return rc;
}

static bool
exists_with(const char *path, const char *suffix)
{
	char p[2048];

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return access(p, F_OK) == 0;
}

/*
 * Validate without writing: 0 (with *version and *empty), or STORE_EBAD
 * with err.  A missing or empty file is "empty".
 */
static int
validate(const char *path, int *version, bool *empty, bool *wal, char *err,
    size_t len)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char hdr[100];
	struct stat st;
	sqlite3 *db = NULL;
	sqlite3_stmt *q;
	int fd, rc, appid = 0, ntables = 0, ok = 0;
	ssize_t n;

	*version = 0;
	*empty = false;
	*wal = false;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT) {
			*empty = true;
			return 0;
		}
		set_err(err, len, "%s: %s", path, strerror(errno));
		return STORE_EBAD;
	}
	if (!S_ISREG(st.st_mode)) {
		set_err(err, len, "%s: not a regular file", path);
		return STORE_EBAD;
	}
	if (st.st_size == 0) {
		*empty = true;
		return 0;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		set_err(err, len, "%s: %s", path, strerror(errno));
		return STORE_EBAD;
	}
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (n < (ssize_t)sizeof(hdr) || memcmp(hdr, magic, 16) != 0) {
		set_err(err, len, "%s: not a uvmcheck database (not an SQLite "
		    "file); left untouched", path);
		return STORE_EBAD;
	}
	*wal = hdr[18] == 2;
	/*
	 * A WAL-mode file with no -wal and no -shm beside it is quiescent:
	 * read it as immutable, so that validating a file that turns out
	 * not to be ours leaves no -wal or -shm files behind.
	 */
	if (hdr[18] == 2 && !exists_with(path, "-wal") &&
	    !exists_with(path, "-shm")) {
		char uri[3200];
		size_t u = 0;

		u += (size_t)snprintf(uri, sizeof(uri), "file:");
		for (const char *c = path; *c != '\0' && u + 8 < sizeof(uri);
		    c++) {
			if (*c == '%' || *c == '?' || *c == '#')
				u += (size_t)snprintf(uri + u, sizeof(uri) - u,
				    "%%%02X", (unsigned char)*c);
			else
				uri[u++] = *c;
		}
		uri[u] = '\0';
		snprintf(uri + u, sizeof(uri) - u, "?immutable=1");
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, NULL);
	} else
		rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		goto corrupt;
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	if ((rc = pragma_int(db, "PRAGMA application_id", &appid)) != SQLITE_OK)
		goto corrupt;
	if ((rc = pragma_int(db, "PRAGMA user_version", version)) != SQLITE_OK)
		goto corrupt;
	if ((rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema",
	    &ntables)) != SQLITE_OK)
		goto corrupt;
	if (appid == 0 && ntables == 0 && *version == 0) {
		*empty = true;	/* an empty SQLite database: ours to set up */
		sqlite3_close(db);
		return 0;
	}
	if (appid != STORE_APP_ID) {
		set_err(err, len, "%s: not a uvmcheck database (SQLite "
		    "application_id 0x%08x, expected 0x%08x); left untouched",
		    path, (unsigned)appid, (unsigned)STORE_APP_ID);
		sqlite3_close(db);
		return STORE_EBAD;
	}
	if (*version > STORE_SCHEMA_VERSION) {
		set_err(err, len, "%s: schema version %d is newer than this "
		    "uvmcheck's (%d); upgrade uvmcheck; left untouched", path,
		    *version, STORE_SCHEMA_VERSION);
		sqlite3_close(db);
		return STORE_EBAD;
	}
	if (*version < 1) {
		set_err(err, len, "%s: uvmcheck database without a schema "
		    "version; left untouched", path);
		sqlite3_close(db);
		return STORE_EBAD;
	}
	rc = sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &q, NULL);
	if (rc != SQLITE_OK)
		goto corrupt;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(q, 0);

		if (t != NULL && strcmp((const char *)t, "ok") == 0)
			ok = 1;
		else
			ok = -1;
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE || ok != 1)
		goto corrupt;
	sqlite3_close(db);
	return 0;
corrupt:
	set_err(err, len, "%s: corrupt database (%s); left untouched", path,
	    db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_close(db);
	return STORE_EBAD;
}

static int
exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		set_err(st->err, sizeof(st->err), "%s: %s", st->path,
		    msg != NULL ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return STORE_EIO;
	}
	return 0;
}

/* begin a write transaction (waits for other writers) */
static int
begin(struct store *st)
{
	return exec(st, "BEGIN IMMEDIATE");
}

static int
commit(struct store *st, int rc)
{
	if (rc != 0) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return exec(st, "COMMIT");
}

/* bring the schema to STORE_SCHEMA_VERSION, in one transaction */
static int
migrate(struct store *st)
{
	int v = 0, appid = 0, rc;
	char sql[64];

	if ((rc = begin(st)) != 0)
		return rc;
	/* another process may have migrated meanwhile: read again */
	if (pragma_int(st->db, "PRAGMA user_version", &v) != SQLITE_OK ||
	    pragma_int(st->db, "PRAGMA application_id", &appid) != SQLITE_OK) {
		set_err(st->err, sizeof(st->err), "%s: %s", st->path,
		    sqlite3_errmsg(st->db));
		return commit(st, STORE_EIO);
	}
	if (v > STORE_SCHEMA_VERSION || (v > 0 && appid != STORE_APP_ID)) {
		set_err(st->err, sizeof(st->err), "%s: changed while opening "
		    "(application_id 0x%08x, version %d)", st->path,
		    (unsigned)appid, v);
		return commit(st, STORE_EBAD);
	}
	for (int n = v + 1; n <= STORE_SCHEMA_VERSION && rc == 0; n++)
		rc = exec(st, migrations[n]);
	if (rc == 0 && v < STORE_SCHEMA_VERSION) {
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d; "
		    "PRAGMA user_version = %d", STORE_APP_ID,
		    STORE_SCHEMA_VERSION);
		rc = exec(st, sql);
	}
	return commit(st, rc);
}

int
store_open(const char *path, enum store_mode mode, struct store **out,
    char *err, size_t errlen)
{
	struct store *st;
	int version, rc, flags;
	bool empty;

	*out = NULL;
	/*
	 * Another uvmcheck may be creating this store right now (parallel
	 * jobs racing to create one file): between its switch to WAL mode
	 * and the commit of its schema the file looks foreign.  A WAL-mode
	 * file that fails validation is therefore looked at again for up to
	 * a second before it is refused.
	 */
	for (int i = 0;; i++) {
		bool wal;

		rc = validate(path, &version, &empty, &wal, err, errlen);
		if (rc == 0)
			break;
		if (!wal || i == 20)
			return rc;
		usleep(50000);
	}
	if (empty && mode == STORE_EXISTING && access(path, F_OK) != 0) {
		set_err(err, errlen, "%s: no such database (a campaign writes "
		    "one: uvmcheck check --db FILE)", path);
		return STORE_EBAD;
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		set_err(err, errlen, "out of memory");
		return STORE_EIO;
	}
	snprintf(st->path, sizeof(st->path), "%s", path);
	st->opened_version = version;
	flags = SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ?
	    SQLITE_OPEN_CREATE : 0);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		set_err(err, errlen, "%s: %s", path, sqlite3_errmsg(st->db));
		store_close(st);
		return STORE_EBAD;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	/* WAL: readers do not block the writer; retry while another sets it */
	for (int i = 0; i < 200; i++) {
		char *msg = NULL;

		rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL,
		    NULL, &msg);
		sqlite3_free(msg);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		usleep(10000);
	}
	if (rc != SQLITE_OK || exec(st, "PRAGMA synchronous = NORMAL") != 0) {
		set_err(err, errlen, "%s: %s", path, sqlite3_errmsg(st->db));
		store_close(st);
		return STORE_EIO;
	}
	if ((rc = migrate(st)) != 0) {
		set_err(err, errlen, "%s", st->err);
		store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	sqlite3_close(st->db);
	free(st);
}

const char *
store_errmsg(const struct store *st)
{
	return st->err;
}

int
store_opened_version(const struct store *st)
{
	return st->opened_version;
}

sqlite3 *
store_db(struct store *st)
{
	return st->db;
}

/* ---- writes: each one transaction ---- */

static int
prepare(struct store *st, const char *sql, sqlite3_stmt **q)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, q, NULL) != SQLITE_OK) {
		set_err(st->err, sizeof(st->err), "%s: %s", st->path,
		    sqlite3_errmsg(st->db));
		return STORE_EIO;
	}
	return 0;
}

static int
finish(struct store *st, sqlite3_stmt *q)
{
	int rc = sqlite3_step(q);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		set_err(st->err, sizeof(st->err), "%s: %s", st->path,
		    sqlite3_errmsg(st->db));
		sqlite3_finalize(q);
		return STORE_EIO;
	}
	sqlite3_finalize(q);
	return 0;
}

static void
bind_text(sqlite3_stmt *q, int i, const char *s)
{
	if (s != NULL)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

static void
new_uuid(char out[33])
{
	unsigned char b[16];
	int fd = open("/dev/urandom", O_RDONLY);
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	memset(b, 0, sizeof(b));
	if (fd < 0 || read(fd, b, sizeof(b)) != (ssize_t)sizeof(b)) {
		uint64_t x = XXH3_64bits(&ts, sizeof(ts)) ^ (uint64_t)getpid();

		memcpy(b, &x, sizeof(x));
	}
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

int
store_campaign_begin(struct store *st, const struct store_campaign *c,
    int64_t *id)
{
	sqlite3_stmt *q;
	char uuid[33];
	int rc;

	new_uuid(uuid);
	if ((rc = begin(st)) != 0)
		return rc;
	if ((rc = prepare(st, "INSERT INTO campaigns (command, scenario, "
	    "profile, knobs, engine, seed, model_version, start, uuid) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &q)) != 0)
		return commit(st, rc);
	bind_text(q, 1, c->command != NULL ? c->command : "?");
	bind_text(q, 2, c->scenario);
	bind_text(q, 3, c->profile);
	bind_text(q, 4, c->knobs);
	bind_text(q, 5, c->engine);
	sqlite3_bind_int64(q, 6, (sqlite3_int64)c->seed);
	bind_text(q, 7, c->model_version);
	sqlite3_bind_double(q, 8, c->start);
	bind_text(q, 9, uuid);
	rc = finish(st, q);
	*id = sqlite3_last_insert_rowid(st->db);
	return commit(st, rc);
}

int
store_campaign_end(struct store *st, int64_t id, const struct store_campaign *c)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = begin(st)) != 0)
		return rc;
	if ((rc = prepare(st, "UPDATE campaigns SET end = ?, states = ?, "
	    "transitions = ?, execs = ?, seconds = ?, verdict = ? "
	    "WHERE id = ?", &q)) != 0)
		return commit(st, rc);
	sqlite3_bind_double(q, 1, c->end);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)c->states);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)c->transitions);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)c->execs);
	sqlite3_bind_double(q, 5, c->seconds);
	bind_text(q, 6, c->verdict);
	sqlite3_bind_int64(q, 7, id);
	return commit(st, finish(st, q));
}

int
store_throughput_add(struct store *st, int64_t id, double t, uint64_t states,
    uint64_t execs)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = begin(st)) != 0)
		return rc;
	if ((rc = prepare(st, "INSERT INTO throughput (campaign, t, states, "
	    "execs) VALUES (?, ?, ?, ?)", &q)) != 0)
		return commit(st, rc);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_double(q, 2, t);
	sqlite3_bind_int64(q, 3, (sqlite3_int64)states);
	sqlite3_bind_int64(q, 4, (sqlite3_int64)execs);
	return commit(st, finish(st, q));
}

int
store_coverage_add(struct store *st, int64_t id, const char *const *sites,
    const uint64_t *hits, int n)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = begin(st)) != 0)
		return rc;
	if ((rc = prepare(st, "INSERT INTO coverage (campaign, site, hits) "
	    "VALUES (?, ?, ?) ON CONFLICT (campaign, site) DO UPDATE SET "
	    "hits = hits + excluded.hits", &q)) != 0)
		return commit(st, rc);
	for (int i = 0; i < n && rc == 0; i++) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, id);
		bind_text(q, 2, sites[i] != NULL ? sites[i] : "-");
		sqlite3_bind_int64(q, 3, (sqlite3_int64)hits[i]);
		if (sqlite3_step(q) != SQLITE_DONE) {
			set_err(st->err, sizeof(st->err), "%s: %s", st->path,
			    sqlite3_errmsg(st->db));
			rc = STORE_EIO;
		}
	}
	sqlite3_finalize(q);
	return commit(st, rc);
}

/* upsert a finding with count n seen over [first, last]; in a transaction */
static int
finding_upsert(struct store *st, int64_t campaign,
    const struct store_finding *f, int64_t n, double first, double last,
    bool *is_new)
{
	sqlite3_stmt *q;
	int rc;

	if ((rc = prepare(st, "SELECT count FROM findings WHERE signature = ?",
	    &q)) != 0)
		return rc;
	bind_text(q, 1, f->signature);
	rc = sqlite3_step(q);
	if (is_new != NULL)
		*is_new = rc != SQLITE_ROW;
	sqlite3_finalize(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		set_err(st->err, sizeof(st->err), "%s: %s", st->path,
		    sqlite3_errmsg(st->db));
		return STORE_EIO;
	}
	if ((rc = prepare(st, "INSERT INTO findings (signature, invariant, "
	    "profile, scenario, first_seen, last_seen, count, sched, length, "
	    "campaign, attribution, site) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12) "
	    "ON CONFLICT (signature) DO UPDATE SET "
	    " count = count + excluded.count,"
	    " first_seen = min(first_seen, excluded.first_seen),"
	    " last_seen = max(last_seen, excluded.last_seen),"
	    " sched = CASE WHEN excluded.length < length THEN excluded.sched"
	    "  ELSE sched END,"
	    " length = min(length, excluded.length),"
	    " attribution = coalesce(attribution, excluded.attribution),"
	    " site = coalesce(site, excluded.site)", &q)) != 0)
		return rc;
	bind_text(q, 1, f->signature);
	bind_text(q, 2, f->invariant != NULL ? f->invariant : "?");
	bind_text(q, 3, f->profile);
	bind_text(q, 4, f->scenario);
	sqlite3_bind_double(q, 5, first);
	sqlite3_bind_double(q, 6, last);
	sqlite3_bind_int64(q, 7, n);
	bind_text(q, 8, f->sched_text != NULL ? f->sched_text : "");
	sqlite3_bind_int(q, 9, f->length);
	if (campaign > 0)
		sqlite3_bind_int64(q, 10, campaign);
	else
		sqlite3_bind_null(q, 10);
	bind_text(q, 11, f->attribution);
	bind_text(q, 12, f->site);
	return finish(st, q);
}

int
store_finding_add(struct store *st, int64_t campaign,
    const struct store_finding *f, bool *is_new)
{
	struct store_finding g = *f;
	char attr[TRIAGE_ATTR_LEN], site[TRIAGE_SITE_LEN];
	int rc;

	if (g.attribution == NULL) {
		if (g.sched_text != NULL && report_root_cause(g.sched_text,
		    attr, site, g.signature) == 0) {
			g.attribution = attr;
			g.site = site;
		} else
			g.attribution = "untriaged";
	}
	if ((rc = begin(st)) != 0)
		return rc;
	return commit(st, finding_upsert(st, campaign, &g, 1, g.seen, g.seen,
	    is_new));
}

void
store_signature_root(const char *attribution, const char *invariant,
    const char *site, char out[17])
{
	XXH3_state_t *h = XXH3_createState();
	uint64_t v;

	if (h == NULL) {
		snprintf(out, 17, "%016x", 0);
		return;
	}
	XXH3_64bits_reset(h);
	XXH3_64bits_update(h, "uvmcheck-root-cause 1\n", 22);
	XXH3_64bits_update(h, attribution, strlen(attribution));
	XXH3_64bits_update(h, "\n", 1);
	XXH3_64bits_update(h, invariant, strlen(invariant));
	XXH3_64bits_update(h, "\n", 1);
	XXH3_64bits_update(h, site, strlen(site));
	v = XXH3_64bits_digest(h);
	XXH3_freeState(h);
	snprintf(out, 17, "%016llx", (unsigned long long)v);
}

static int
cmp_op(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return strcmp(x != NULL ? x : "-", y != NULL ? y : "-");
}

void
store_signature(const char *invariant, const char *const *ops, int nops,
    const char *point, char out[17])
{
	const char **sorted = NULL;
	XXH3_state_t *h = XXH3_createState();
	uint64_t v;

	if (nops > 0 &&
	    (sorted = malloc((size_t)nops * sizeof(*sorted))) != NULL) {
		memcpy(sorted, ops, (size_t)nops * sizeof(*sorted));
		qsort(sorted, (size_t)nops, sizeof(*sorted), cmp_op);
	}
	if (h == NULL) {
		snprintf(out, 17, "%016x", 0);
		free(sorted);
		return;
	}
	XXH3_64bits_reset(h);
	XXH3_64bits_update(h, "uvmcheck-signature 1\n", 21);
	XXH3_64bits_update(h, invariant, strlen(invariant));
	XXH3_64bits_update(h, "\n", 1);
	for (int i = 0; i < nops; i++) {
		const char *o = sorted != NULL ? sorted[i] : ops[i];

		if (o == NULL)
			o = "-";
		XXH3_64bits_update(h, o, strlen(o));
		XXH3_64bits_update(h, ",", 1);
	}
	XXH3_64bits_update(h, "\n", 1);
	if (point != NULL)
		XXH3_64bits_update(h, point, strlen(point));
	v = XXH3_64bits_digest(h);
	XXH3_freeState(h);
	free(sorted);
	snprintf(out, 17, "%016llx", (unsigned long long)v);
}

/* ---- merge ---- */

static const char *
col_text(sqlite3_stmt *q, int i)
{
	return (const char *)sqlite3_column_text(q, i);
}

static int
merge_campaign(struct store *dst, struct store *src, sqlite3_stmt *c)
{
	sqlite3_stmt *q, *r;
	int64_t old = sqlite3_column_int64(c, 0), id;
	int rc;

	if ((rc = prepare(dst, "SELECT 1 FROM campaigns WHERE uuid = ?",
	    &q)) != 0)
		return rc;
	bind_text(q, 1, col_text(c, 15));
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 0;	/* merged before */
	if ((rc = prepare(dst, "INSERT INTO campaigns (command, scenario, "
	    "profile, knobs, engine, seed, model_version, start, end, states, "
	    "transitions, seconds, execs, verdict, uuid) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)", &q)) != 0)
		return rc;
	for (int i = 1; i <= 15; i++)
		sqlite3_bind_value(q, i, sqlite3_column_value(c, i));
	if ((rc = finish(dst, q)) != 0)
		return rc;
	id = sqlite3_last_insert_rowid(dst->db);

	if ((rc = prepare(src, "SELECT t, states, execs FROM throughput WHERE "
	    "campaign = ?", &r)) != 0)
		return rc;
	sqlite3_bind_int64(r, 1, old);
	while (rc == 0 && sqlite3_step(r) == SQLITE_ROW) {
		if ((rc = prepare(dst, "INSERT INTO throughput (campaign, t, "
		    "states, execs) VALUES (?, ?, ?, ?)", &q)) != 0)
			break;
		sqlite3_bind_int64(q, 1, id);
		for (int i = 0; i < 3; i++)
			sqlite3_bind_value(q, i + 2,
			    sqlite3_column_value(r, i));
		rc = finish(dst, q);
	}
	sqlite3_finalize(r);
	if (rc != 0)
		return rc;
	if ((rc = prepare(src, "SELECT site, hits FROM coverage WHERE "
	    "campaign = ?", &r)) != 0)
		return rc;
	sqlite3_bind_int64(r, 1, old);
	while (rc == 0 && sqlite3_step(r) == SQLITE_ROW) {
		if ((rc = prepare(dst, "INSERT INTO coverage (campaign, site, "
		    "hits) VALUES (?, ?, ?) ON CONFLICT (campaign, site) DO "
		    "UPDATE SET hits = hits + excluded.hits", &q)) != 0)
			break;
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_value(q, 2, sqlite3_column_value(r, 0));
		sqlite3_bind_value(q, 3, sqlite3_column_value(r, 1));
		rc = finish(dst, q);
	}
	sqlite3_finalize(r);
	return rc;
}

int
store_merge(struct store *dst, struct store *src)
{
	sqlite3_stmt *c;
	int rc;

	if ((rc = begin(dst)) != 0)
		return rc;
	if ((rc = prepare(src, "SELECT id, command, scenario, profile, knobs, "
	    "engine, seed, model_version, start, end, states, transitions, "
	    "seconds, execs, verdict, uuid FROM campaigns ORDER BY id",
	    &c)) != 0)
		goto out;
	while (rc == 0 && sqlite3_step(c) == SQLITE_ROW)
		rc = merge_campaign(dst, src, c);
	sqlite3_finalize(c);
	if (rc != 0)
		goto out;
	if ((rc = prepare(src, "SELECT signature, invariant, profile, "
	    "scenario, first_seen, last_seen, count, sched, length, "
	    "attribution, site FROM findings", &c)) != 0)
		goto out;
	while (rc == 0 && sqlite3_step(c) == SQLITE_ROW) {
		struct store_finding f;

		memset(&f, 0, sizeof(f));
		snprintf(f.signature, sizeof(f.signature), "%s",
		    col_text(c, 0) != NULL ? col_text(c, 0) : "");
		f.invariant = col_text(c, 1);
		f.profile = col_text(c, 2);
		f.scenario = col_text(c, 3);
		f.sched_text = col_text(c, 7);
		f.length = sqlite3_column_int(c, 8);
		f.attribution = col_text(c, 9);
		f.site = col_text(c, 10);
		rc = finding_upsert(dst, 0, &f, sqlite3_column_int64(c, 6),
		    sqlite3_column_double(c, 4), sqlite3_column_double(c, 5),
		    NULL);
	}
	sqlite3_finalize(c);
out:
	return commit(dst, rc);
}
