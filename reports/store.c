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
#include "explore/triage.h"

#define URI_MAX	(3 * 4096 + 64)	/* an escaped path and ?immutable=1 */

struct store {
	sqlite3 *db;
	int opened_version;
	char path[256];		/* for messages: a long path shortened */
	char err[512];
};

/*
 * Version 1: campaigns and findings.  Version 2 adds execs and a uuid to
 * campaigns, a campaign's verdict, and the throughput and coverage
 * tables.  Version 3 gives the store an identity (meta 'uuid') and
 * records where each finding's count came from (sightings: per finding,
 * per source -- a campaign's uuid, or 'store:UUID' for the counts a
 * store had before version 3), so that merging the same campaign twice
 * adds nothing: findings.count is the sum of its sightings.  Version 4
 * adds each finding's attribution and damage site (older findings keep
 * NULL there: they were never triaged).  A migration from N-1 to N is
 * one entry of migrations[].
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
	[3] = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	    "INSERT INTO meta VALUES ('uuid', lower(hex(randomblob(16))));"
	    "CREATE TABLE sightings ("
	    " signature TEXT NOT NULL, source TEXT NOT NULL,"
	    " count INTEGER NOT NULL, PRIMARY KEY (signature, source));"
	    "INSERT INTO sightings SELECT signature, 'store:' ||"
	    " (SELECT value FROM meta WHERE key = 'uuid'), count FROM findings;",
	[4] = "ALTER TABLE findings ADD COLUMN attribution TEXT;"
	    "ALTER TABLE findings ADD COLUMN site TEXT;",
};

/*
 * What each version has, so that a file whose user_version does not
 * match its tables (a half-applied or foreign migration) is refused
 * with the reason instead of failing midway ("duplicate column name").
 */
static const struct {
	int version;
	const char *table, *column;
} schema_marks[] = {
	{ 1, "campaigns", "command" }, { 1, "findings", "signature" },
	{ 2, "campaigns", "execs" }, { 2, "campaigns", "verdict" },
	{ 2, "campaigns", "uuid" }, { 2, "throughput", "campaign" },
	{ 2, "coverage", "site" },
	{ 3, "meta", "key" }, { 3, "sightings", "source" },
	{ 4, "findings", "attribution" }, { 4, "findings", "site" },
};

/* a path for messages: long ones keep their start and end */
static const char *
shown(const char *path, char *buf, size_t len)
{
	size_t n;

	if (path == NULL)	/* never; but gcc's UBSan build thinks so */
		return "";
	n = strlen(path);
	if (n < 160 || len < 160)
		return path;
	/* the first 60 bytes, "...", the last 96 */
	memcpy(buf, path, 60);
	memcpy(buf + 60, "...", 3);
	memcpy(buf + 63, path + n - 96, 97);
	return buf;
}

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
	char p[4096 + 8];

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return access(p, F_OK) == 0;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* the file's state: missing, empty (0 bytes or an empty SQLite database) */
enum file_state { FILE_MISSING, FILE_EMPTY, FILE_STORE };

/* the reason SQLite gave, never "not an error" */
static const char *
sqlite_reason(sqlite3 *db, int rc)
{
	if (db != NULL && sqlite3_errcode(db) != SQLITE_OK)
		return sqlite3_errmsg(db);
	return sqlite3_errstr(rc != SQLITE_OK && rc != SQLITE_ROW &&
	    rc != SQLITE_DONE ? rc : SQLITE_CORRUPT);
}

/* 0, or STORE_EBAD: the tables do not match the version claimed */
static int
check_schema(sqlite3 *db, int version, const char *sp, char *err, size_t len)
{
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM pragma_table_info(?1) "
	    "WHERE name = ?2", -1, &q, NULL) != SQLITE_OK) {
		set_err(err, len, "%s: cannot read its tables (%s); left "
		    "untouched", sp, sqlite3_errmsg(db));
		return STORE_EBAD;
	}
	for (size_t i = 0; i < sizeof(schema_marks) / sizeof(schema_marks[0]);
	    i++) {
		int has = 0, m = schema_marks[i].version;

		sqlite3_reset(q);
		sqlite3_bind_text(q, 1, schema_marks[i].table, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, schema_marks[i].column, -1,
		    SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			has = sqlite3_column_int(q, 0) > 0;
		if (m <= version && !has) {
			set_err(err, len, "%s: claims schema version %d but has "
			    "no %s.%s (of version %d); left untouched", sp,
			    version, schema_marks[i].table,
			    schema_marks[i].column, m);
			sqlite3_finalize(q);
			return STORE_EBAD;
		}
		if (m > version && has) {
			set_err(err, len, "%s: claims schema version %d but "
			    "already has %s.%s of version %d (a half-applied "
			    "migration?); left untouched", sp, version,
			    schema_marks[i].table, schema_marks[i].column, m);
			sqlite3_finalize(q);
			return STORE_EBAD;
		}
	}
	sqlite3_finalize(q);
	return 0;
}

/* "file:PATH?immutable=1", PATH escaped */
static void
immutable_uri(const char *path, char *uri, size_t len)
{
	size_t u = (size_t)snprintf(uri, len, "file:");

	for (const char *c = path; *c != '\0' && u + 16 < len; c++) {
		if (*c == '%' || *c == '?' || *c == '#')
			u += (size_t)snprintf(uri + u, len - u, "%%%02X",
			    (unsigned char)*c);
		else
			uri[u++] = *c;
	}
	uri[u] = '\0';
	snprintf(uri + u, len - u, "?immutable=1");
}

/*
 * quick_check's first row as one line: "*** in database main ***\nOn
 * tree page 2 cell 0: Offset ... out of range" gives the second line.
 */
static void
first_problem(const unsigned char *t, char *buf, size_t len)
{
	const char *s = t != NULL ? (const char *)t : "?", *nl;

	if (strncmp(s, "*** ", 4) == 0 && (nl = strchr(s, '\n')) != NULL)
		s = nl + 1;
	nl = strchr(s, '\n');
	snprintf(buf, len, "%.*s", nl != NULL ? (int)(nl - s) : (int)strlen(s),
	    s);
}

/*
 * Validate without writing and without creating anything beside the
 * file: 0 (with *state and *version), or STORE_EBAD with err.
 */
static int
validate(const char *path, int *version, enum file_state *state, bool *wal,
    char *err, size_t len)
{
	static const char magic[16] = "SQLite format 3";
	unsigned char hdr[100];
	char spbuf[256];
	const char *sp = shown(path, spbuf, sizeof(spbuf));
	struct stat st;
	sqlite3 *db = NULL;
	sqlite3_stmt *q;
	uint32_t appid;
	bool inuse;
	int fd, rc, ok = 0;
	char reason[256] = "";
	ssize_t n;

	*version = 0;
	*state = FILE_STORE;
	*wal = false;	/* below: a WAL-mode file in use (-wal and -shm there) */
	if (stat(path, &st) != 0) {
		if (errno == ENOENT) {
			*state = FILE_MISSING;
			return 0;
		}
		set_err(err, len, "%s: %s", sp, strerror(errno));
		return STORE_EBAD;
	}
	if (!S_ISREG(st.st_mode)) {
		set_err(err, len, "%s: not a regular file", sp);
		return STORE_EBAD;
	}
	if (st.st_size == 0) {
		*state = FILE_EMPTY;
		return 0;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		set_err(err, len, "%s: %s", sp, strerror(errno));
		return STORE_EBAD;
	}
	n = read(fd, hdr, sizeof(hdr));
	close(fd);
	if (n < (ssize_t)sizeof(hdr) || memcmp(hdr, magic, 16) != 0) {
		set_err(err, len, "%s: not a uvmcheck database (not an SQLite "
		    "file); left untouched", sp);
		return STORE_EBAD;
	}
	inuse = hdr[18] == 2 && exists_with(path, "-wal") &&
	    exists_with(path, "-shm");
	*wal = inuse;
	/*
	 * The header says whose file it is (application_id at offset 68,
	 * user_version at 60, the schema cookie at 40).  A foreign file is
	 * refused from the header alone, without opening it in SQLite,
	 * which could create a -shm beside it -- unless it is in WAL mode
	 * and in use (-wal and -shm there), when the header may be stale.
	 */
	appid = be32(hdr + 68);
	if (appid != STORE_APP_ID && !inuse) {
		if (appid == 0 && be32(hdr + 60) == 0 && be32(hdr + 40) == 0) {
			*state = FILE_EMPTY;	/* an empty SQLite database */
			return 0;
		}
		set_err(err, len, "%s: not a uvmcheck database (SQLite "
		    "application_id 0x%08x, expected 0x%08x); left untouched",
		    sp, (unsigned)appid, (unsigned)STORE_APP_ID);
		return STORE_EBAD;
	}
	/*
	 * A WAL-mode file with no -wal and no -shm beside it is quiescent:
	 * read it as immutable, so that validating leaves no -wal or -shm
	 * files behind.
	 */
	if (hdr[18] == 2 && !exists_with(path, "-wal") &&
	    !exists_with(path, "-shm")) {
		char uri[URI_MAX];

		immutable_uri(path, uri, sizeof(uri));
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, NULL);
	} else
		rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK)
		goto corrupt;
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	if ((rc = pragma_int(db, "PRAGMA application_id", &ok)) != SQLITE_OK)
		goto corrupt;
	appid = (uint32_t)ok;
	ok = 0;
	if ((rc = pragma_int(db, "PRAGMA user_version", version)) != SQLITE_OK)
		goto corrupt;
	if ((rc = pragma_int(db, "SELECT count(*) FROM sqlite_schema",
	    &ok)) != SQLITE_OK)
		goto corrupt;
	if (appid == 0 && ok == 0 && *version == 0) {
		*state = FILE_EMPTY;	/* an empty SQLite database */
		sqlite3_close(db);
		return 0;
	}
	ok = 0;
	if (appid != STORE_APP_ID) {
		set_err(err, len, "%s: not a uvmcheck database (SQLite "
		    "application_id 0x%08x, expected 0x%08x); left untouched",
		    sp, (unsigned)appid, (unsigned)STORE_APP_ID);
		sqlite3_close(db);
		return STORE_EBAD;
	}
	if (*version > STORE_SCHEMA_VERSION) {
		set_err(err, len, "%s: schema version %d is newer than this "
		    "uvmcheck's (%d); upgrade uvmcheck; left untouched", sp,
		    *version, STORE_SCHEMA_VERSION);
		sqlite3_close(db);
		return STORE_EBAD;
	}
	if (*version < 1) {
		set_err(err, len, "%s: uvmcheck database without a schema "
		    "version; left untouched", sp);
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
		else {
			/* the first problem quick_check names is the reason */
			if (ok != -1)
				first_problem(t, reason, sizeof(reason));
			ok = -1;
		}
	}
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE || ok != 1)
		goto corrupt;
	if ((rc = check_schema(db, *version, sp, err, len)) != 0) {
		sqlite3_close(db);
		return rc;
	}
	sqlite3_close(db);
	return 0;
corrupt:
	if (reason[0] == '\0')
		snprintf(reason, sizeof(reason), "%s", sqlite_reason(db, rc));
	set_err(err, len, "%s: corrupt database (%s); left untouched", sp,
	    reason);
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

/* DIR of PATH ("." without a slash) */
static void
dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, len, ".");
	else if (slash == path)
		snprintf(buf, len, "/");
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/* errno values that mean the place is wrong (exit 2), not the system */
static int
path_rc(int e)
{
	return e == EACCES || e == EPERM || e == EROFS || e == ENOENT ||
	    e == ENOTDIR || e == ENAMETOOLONG || e == ELOOP ? STORE_EBAD :
	    STORE_EIO;
}

/* WAL mode, busy timeout and the schema on an open connection */
static int
setup_rw(struct store *st)
{
	int rc = SQLITE_OK;

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
		set_err(st->err, sizeof(st->err), "%s: %s", st->path,
		    sqlite3_errmsg(st->db));
		return rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN ||
		    rc == SQLITE_PERM ? STORE_EBAD : STORE_EIO;
	}
	return migrate(st);
}

/*
 * A new store at a path where nothing is: built whole under a temporary
 * name in the same directory (schema committed, WAL checkpointed and
 * closed) and then linked into place, so that the path never holds a
 * half-made store and an existing file is never taken over.  When
 * another process links its store first (EEXIST), that one is used.
 */
static int
create_new(const char *path, char *err, size_t errlen)
{
	char dir[4096], tmp[4096 + 64], spbuf[256];
	const char *sp = shown(path, spbuf, sizeof(spbuf));
	const char *base = strrchr(path, '/');
	struct store *st;
	int fd, rc, e, n;

	base = base != NULL ? base + 1 : path;
	dir_of(path, dir, sizeof(dir));
	if (strlen(base) <= 200)
		n = snprintf(tmp, sizeof(tmp), "%s/.%s.new-XXXXXX", dir, base);
	else
		n = snprintf(tmp, sizeof(tmp), "%s/.uvmcheck-store.new-XXXXXX",
		    dir);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		set_err(err, errlen, "%s: path too long", sp);
		return STORE_EBAD;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		e = errno;
		set_err(err, errlen, "%s: cannot create the store in %s (%s)",
		    sp, dir, strerror(e));
		return path_rc(e);
	}
	(void)fchmod(fd, 0644);
	close(fd);
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		unlink(tmp);
		set_err(err, errlen, "out of memory");
		return STORE_EIO;
	}
	snprintf(st->path, sizeof(st->path), "%s", sp);
	if (sqlite3_open_v2(tmp, &st->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		set_err(err, errlen, "%s: cannot create the store (%s)", sp,
		    sqlite3_errmsg(st->db));
		rc = STORE_EIO;
	} else if ((rc = setup_rw(st)) != 0)
		set_err(err, errlen, "%s", st->err);
	store_close(st);	/* the last connection: -wal and -shm go */
	if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST) {
		e = errno;
		/* a file system without hard links: rename, if still free */
		if ((e == EPERM || e == ENOTSUP || e == EOPNOTSUPP) &&
		    access(path, F_OK) != 0 && rename(tmp, path) == 0)
			return 0;
		set_err(err, errlen, "%s: cannot create the store (%s)", sp,
		    strerror(e));
		rc = path_rc(e);
	}
	unlink(tmp);
	return rc;
}

/* the store must be writable (a campaign, a merge, a migration) */
static int
check_writable(const char *path, const char *why, char *err, size_t errlen)
{
	char dir[4096], spbuf[256];
	const char *sp = shown(path, spbuf, sizeof(spbuf));

	if (access(path, W_OK) != 0) {
		set_err(err, errlen, "%s: read-only (%s): %s", sp,
		    strerror(errno), why);
		return STORE_EBAD;
	}
	dir_of(path, dir, sizeof(dir));
	if (access(dir, W_OK) != 0 && !(exists_with(path, "-wal") &&
	    exists_with(path, "-shm"))) {
		set_err(err, errlen, "%s: its directory is read-only (%s), and "
		    "SQLite needs to create its -wal and -shm files there: %s",
		    sp, strerror(errno), why);
		return STORE_EBAD;
	}
	return 0;
}

/*
 * Open a current store for reading only.  Nothing is written and
 * nothing is left beside it: where the file and its directory are
 * writable an ordinary connection is used (the last one to close
 * removes -wal and -shm); where they are not, no writer can start (it
 * would have to create the -wal), so a quiescent store (no -wal) is
 * read as immutable, and one in use read-only through its -shm.
 */
static int
open_read(struct store *st, const char *path, char *err, size_t errlen)
{
	char dir[4096], uri[URI_MAX];
	int rc;

	dir_of(path, dir, sizeof(dir));
	if (access(path, W_OK) == 0 && access(dir, W_OK) == 0)
		rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE, NULL);
	else if (!exists_with(path, "-wal")) {
		immutable_uri(path, uri, sizeof(uri));
		rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_URI, NULL);
	} else
		rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY, NULL);
	if (rc != SQLITE_OK) {
		set_err(err, errlen, "%s: cannot open (%s)", st->path,
		    sqlite3_errmsg(st->db));
		return STORE_EBAD;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	return 0;
}

int
store_open(const char *path, enum store_mode mode, struct store **out,
    char *err, size_t errlen)
{
	struct store *st;
	enum file_state state;
	int version, rc;
	char spbuf[256];
	const char *sp = shown(path, spbuf, sizeof(spbuf));

	*out = NULL;
	/*
	 * Another uvmcheck may be writing this store (a WAL-mode file in
	 * use, its -wal and -shm there): such a file that fails validation
	 * is looked at again for up to a second before it is refused.
	 */
	for (int i = 0;; i++) {
		bool wal;

		rc = validate(path, &version, &state, &wal, err, errlen);
		if (rc == 0 && state == FILE_MISSING && mode == STORE_CREATE) {
			/* made whole, then linked in; then validated */
			if ((rc = create_new(path, err, errlen)) != 0)
				return rc;
			rc = validate(path, &version, &state, &wal, err, errlen);
		}
		if (rc == 0)
			break;
		if (!wal || i == 20)
			return rc;
		usleep(50000);
	}
	if (state == FILE_MISSING) {
		set_err(err, errlen, "%s: no such database (a campaign writes "
		    "one: uvmcheck check --db FILE)", sp);
		return STORE_EBAD;
	}
	if (state == FILE_EMPTY) {
		set_err(err, errlen, "%s: an empty file or empty SQLite "
		    "database, not a uvmcheck store; left untouched (uvmcheck "
		    "creates a store only at a path where nothing is)", sp);
		return STORE_EBAD;
	}
	if (mode != STORE_READ || version < STORE_SCHEMA_VERSION) {
		char why[160];

		if (mode == STORE_READ)
			snprintf(why, sizeof(why), "its schema version %d is "
			    "older than this uvmcheck's (%d) and cannot be "
			    "upgraded there", version, STORE_SCHEMA_VERSION);
		else
			snprintf(why, sizeof(why), "uvmcheck cannot record in "
			    "it");
		if ((rc = check_writable(path, why, err, errlen)) != 0)
			return rc;
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		set_err(err, errlen, "out of memory");
		return STORE_EIO;
	}
	snprintf(st->path, sizeof(st->path), "%s", sp);
	st->opened_version = version;
	if (mode == STORE_READ && version == STORE_SCHEMA_VERSION) {
		if ((rc = open_read(st, path, err, errlen)) != 0) {
			store_close(st);
			return rc;
		}
		*out = st;
		return 0;
	}
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		set_err(err, errlen, "%s: cannot open (%s)", sp,
		    sqlite3_errmsg(st->db));
		store_close(st);
		return STORE_EBAD;
	}
	if ((rc = setup_rw(st)) != 0) {
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

	sqlite3_stmt *q;

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
	if ((rc = finding_upsert(st, campaign, &g, 1, g.seen, g.seen,
	    is_new)) != 0)
		return commit(st, rc);
	/* where the count came from: the campaign, else the store itself */
	if ((rc = prepare(st, "INSERT INTO sightings (signature, source, count) "
	    "VALUES (?1, coalesce((SELECT uuid FROM campaigns WHERE id = ?2), "
	    "'store:' || (SELECT value FROM meta WHERE key = 'uuid')), 1) "
	    "ON CONFLICT (signature, source) DO UPDATE SET count = count + 1",
	    &q)) != 0)
		return commit(st, rc);
	bind_text(q, 1, g.signature);
	sqlite3_bind_int64(q, 2, campaign);
	return commit(st, finish(st, q));
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

/* src's sightings into dst, the larger count of a source kept */
static int
merge_sightings(struct store *dst, struct store *src)
{
	sqlite3_stmt *c, *q;
	int rc;

	if ((rc = prepare(src, "SELECT signature, source, count FROM sightings",
	    &c)) != 0)
		return rc;
	if ((rc = prepare(dst, "INSERT INTO sightings (signature, source, "
	    "count) VALUES (?, ?, ?) ON CONFLICT (signature, source) DO "
	    "UPDATE SET count = max(count, excluded.count)", &q)) != 0) {
		sqlite3_finalize(c);
		return rc;
	}
	while (rc == 0 && sqlite3_step(c) == SQLITE_ROW) {
		sqlite3_reset(q);
		for (int i = 0; i < 3; i++)
			sqlite3_bind_value(q, i + 1, sqlite3_column_value(c, i));
		if (sqlite3_step(q) != SQLITE_DONE) {
			set_err(dst->err, sizeof(dst->err), "%s: %s", dst->path,
			    sqlite3_errmsg(dst->db));
			rc = STORE_EIO;
		}
	}
	sqlite3_finalize(q);
	sqlite3_finalize(c);
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
	if (rc != 0 || (rc = merge_sightings(dst, src)) != 0)
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
		/* first and last seen, the shortest schedule: idempotent */
		rc = finding_upsert(dst, 0, &f, 0, sqlite3_column_double(c, 4),
		    sqlite3_column_double(c, 5), NULL);
	}
	sqlite3_finalize(c);
	/* the counts: the sum of the sightings */
	if (rc == 0)
		rc = exec(dst, "UPDATE findings SET count = (SELECT "
		    "coalesce(sum(s.count), 0) FROM sightings s WHERE "
		    "s.signature = findings.signature)");
out:
	return commit(dst, rc);
}
