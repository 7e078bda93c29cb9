/*
 * test_reports.c: the SQLite store (reports/store.c).
 *
 * Migration from a hand-made version 1 database; concurrent writers in
 * two processes lose nothing; foreign, corrupt, non-SQLite and newer
 * files are refused and left byte-identical; signatures; merge.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "corpus/file_write.h"
#include "reports/store.h"

static char dir[256];

static void
path_in(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/test_reports.XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return file_remove_tree(dir);
}

static void
sql(sqlite3 *db, const char *q)
{
	char *msg = NULL;

	if (sqlite3_exec(db, q, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", q, msg);
}

static int64_t
sql_int(sqlite3 *db, const char *q)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

/* store_open must refuse path with STORE_EBAD and leave it as it was */
static void
assert_refused(const char *path, const char *what)
{
	struct store *st = NULL;
	char err[1200], *before, *after;
	size_t lb, la;

	before = slurp(path, &lb);
	assert_int_equal(store_open(path, STORE_CREATE, &st, err, sizeof(err)),
	    STORE_EBAD);
	assert_null(st);
	assert_non_null(strstr(err, what));
	after = slurp(path, &la);
	assert_int_equal(lb, la);
	assert_memory_equal(before, after, lb);
	free(before);
	free(after);
}

static void
finding(struct store_finding *f, const char *sig, const char *inv, double t,
    int len)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->signature, sizeof(f->signature), "%s", sig);
	f->invariant = inv;
	f->profile = "netbsd-2003";
	f->scenario = "S-10-vslock-truncate";
	f->sched_text = len == 2 ? "short" : "long";
	f->length = len;
	f->seen = t;
}

static void
test_migrate_v1(void **state)
{
	char p[512], err[1200];
	sqlite3 *db;
	struct store *st;

	(void)state;
	path_in(p, sizeof(p), "v1.db");
	/* a version 1 store as uvmcheck 0.1 wrote it */
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	sql(db, "CREATE TABLE campaigns (id INTEGER PRIMARY KEY,"
	    " command TEXT NOT NULL, scenario TEXT, profile TEXT, knobs TEXT,"
	    " engine TEXT, seed INTEGER, model_version TEXT,"
	    " start REAL NOT NULL, end REAL,"
	    " states INTEGER DEFAULT 0, transitions INTEGER DEFAULT 0,"
	    " seconds REAL DEFAULT 0);"
	    "CREATE TABLE findings (signature TEXT PRIMARY KEY,"
	    " invariant TEXT NOT NULL, profile TEXT, scenario TEXT,"
	    " first_seen REAL NOT NULL, last_seen REAL NOT NULL,"
	    " count INTEGER NOT NULL, sched TEXT NOT NULL,"
	    " length INTEGER NOT NULL, campaign INTEGER);"
	    "INSERT INTO campaigns (command, scenario, start, end, states)"
	    " VALUES ('check', 'S-1', 100, 101, 42);"
	    "INSERT INTO findings VALUES ('00000000000000aa',"
	    " 'wired-page-freed',"
	    " 'netbsd-1999', 'S-1', 100, 100, 3, 'text', 4, 1);"
	    "PRAGMA application_id = 1431719235; PRAGMA user_version = 1;");
	sqlite3_close(db);

	assert_int_equal(store_open(p, STORE_EXISTING, &st, err,
	    sizeof(err)), 0);
	assert_int_equal(store_opened_version(st), 1);
	db = store_db(st);
	assert_int_equal(sql_int(db, "PRAGMA user_version"),
	    STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(db, "PRAGMA application_id"), STORE_APP_ID);
	/* the old rows kept, the new columns and tables there */
	assert_int_equal(sql_int(db, "SELECT states FROM campaigns"), 42);
	assert_int_equal(sql_int(db, "SELECT execs FROM campaigns"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM campaigns WHERE "
	    "length(uuid) = 32"), 1);
	assert_int_equal(sql_int(db, "SELECT count FROM findings"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM coverage"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM throughput"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM pragma_journal_mode "
	    "WHERE journal_mode = 'wal'"), 1);
	store_close(st);

	/* opening again: already current */
	assert_int_equal(store_open(p, STORE_EXISTING, &st, err,
	    sizeof(err)), 0);
	assert_int_equal(store_opened_version(st), STORE_SCHEMA_VERSION);
	store_close(st);
}

#define NWRITES 150

static void
writer(const char *p, char who)
{
	struct store *st;
	struct store_finding f;
	char err[1200], sig[17];
	int64_t id;
	struct store_campaign c;
	const char *site = "uvm_fault: unlockall";
	uint64_t hits = 1;

	if (store_open(p, STORE_CREATE, &st, err, sizeof(err)) != 0) {
		fprintf(stderr, "writer %c: %s\n", who, err);
		_exit(10);
	}
	memset(&c, 0, sizeof(c));
	c.command = "test";
	c.start = 1;
	if (store_campaign_begin(st, &c, &id) != 0)
		_exit(11);
	for (int i = 0; i < NWRITES; i++) {
		snprintf(sig, sizeof(sig), "%c%015x", who, (unsigned)i);
		finding(&f, sig, "freed-page-in-use", 10 + i, 3);
		if (store_finding_add(st, id, &f, NULL) != 0)
			_exit(12);
		finding(&f, "00000000000000ff", "freed-page-in-use", 10 + i, 3);
		if (store_finding_add(st, id, &f, NULL) != 0)
			_exit(13);
		if (store_throughput_add(st, id, i, (uint64_t)i, 0) != 0 ||
		    store_coverage_add(st, id, &site, &hits, 1) != 0)
			_exit(14);
	}
	c.end = 2;
	if (store_campaign_end(st, id, &c) != 0)
		_exit(15);
	store_close(st);
	_exit(0);
}

static void
test_concurrent_writers(void **state)
{
	char p[512], err[1200];
	struct store *st;
	pid_t pid[2];
	sqlite3 *db;

	(void)state;
	path_in(p, sizeof(p), "conc.db");
	/* both processes also race to create the file */
	for (int i = 0; i < 2; i++) {
		pid[i] = fork();
		assert_true(pid[i] >= 0);
		if (pid[i] == 0)
			writer(p, i == 0 ? 'a' : 'b');
	}
	for (int i = 0; i < 2; i++) {
		int status;

		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(store_open(p, STORE_EXISTING, &st, err,
	    sizeof(err)), 0);
	db = store_db(st);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM findings"),
	    2 * NWRITES + 1);
	assert_int_equal(sql_int(db, "SELECT count FROM findings WHERE "
	    "signature = '00000000000000ff'"), 2 * NWRITES);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM campaigns WHERE "
	    "end IS NOT NULL"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM throughput"),
	    2 * NWRITES);
	assert_int_equal(sql_int(db, "SELECT sum(hits) FROM coverage"),
	    2 * NWRITES);
	store_close(st);
}

static void
test_refuses_foreign_and_corrupt(void **state)
{
	char p[512], q[512], err[1200];
	sqlite3 *db;
	struct store *st;
	FILE *f;
	struct store_finding fd;
	int64_t id;
	struct store_campaign c;

	(void)state;
	/* a foreign SQLite database */
	path_in(p, sizeof(p), "foreign.db");
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	sql(db, "CREATE TABLE notes (x TEXT);"
	    "INSERT INTO notes VALUES ('hi');");
	sqlite3_close(db);
	assert_refused(p, "not a uvmcheck database");

	/* not SQLite at all */
	path_in(p, sizeof(p), "text.db");
	f = fopen(p, "w");
	assert_non_null(f);
	for (int i = 0; i < 50; i++)
		fprintf(f, "this is not a database, line %d\n", i);
	fclose(f);
	assert_refused(p, "not a uvmcheck database");

	/* ours, from a newer uvmcheck */
	path_in(p, sizeof(p), "newer.db");
	assert_int_equal(store_open(p, STORE_CREATE, &st, err, sizeof(err)), 0);
	store_close(st);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	sql(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99");
	sqlite3_close(db);
	assert_refused(p, "newer");

	/* ours, corrupt: page 2 onwards overwritten */
	path_in(q, sizeof(q), "corrupt.db");
	assert_int_equal(store_open(q, STORE_CREATE, &st, err, sizeof(err)), 0);
	memset(&c, 0, sizeof(c));
	c.command = "test";
	assert_int_equal(store_campaign_begin(st, &c, &id), 0);
	for (int i = 0; i < 40; i++) {
		char sig[17];

		snprintf(sig, sizeof(sig), "%016x", (unsigned)i);
		finding(&fd, sig, "wired-page-freed", i, 5);
		assert_int_equal(store_finding_add(st, id, &fd, NULL), 0);
	}
	store_close(st);
	assert_int_equal(sqlite3_open(q, &db), SQLITE_OK);
	sql(db, "PRAGMA journal_mode = DELETE");
	sqlite3_close(db);
	f = fopen(q, "r+b");
	assert_non_null(f);
	fseek(f, 4096 + 8, SEEK_SET);
	for (int i = 0; i < 6000; i++)
		fputc(0xa5 ^ (i & 0xff), f);
	fclose(f);
	assert_refused(q, "corrupt");
}

static void
test_signature(void **state)
{
	const char *a[] = { "physio-read", "truncate", "physio-read" };
	const char *b[] = { "truncate", "physio-read", "physio-read" };
	const char *c[] = { "truncate", "physio-read" };
	char s1[17], s2[17], s3[17], s4[17], s5[17];

	(void)state;
	store_signature("freed-page-in-use", a, 3, "op complete", s1);
	store_signature("freed-page-in-use", b, 3, "op complete", s2);
	store_signature("freed-page-in-use", c, 2, "op complete", s3);
	store_signature("freed-page-in-use", a, 3, "genput", s4);
	store_signature("wired-page-freed", a, 3, "op complete", s5);
	assert_int_equal(strlen(s1), 16);
	assert_string_equal(s1, s2);	/* a multiset: order does not matter */
	assert_string_not_equal(s1, s3);	/* ... multiplicity does */
	assert_string_not_equal(s1, s4);
	assert_string_not_equal(s1, s5);
}

static void
test_merge(void **state)
{
	char pa[512], pb[512], po[512], err[1200];
	struct store *a, *b, *o;
	struct store_finding f;
	struct store_campaign c;
	int64_t id;
	sqlite3 *db;

	(void)state;
	path_in(pa, sizeof(pa), "ma.db");
	path_in(pb, sizeof(pb), "mb.db");
	path_in(po, sizeof(po), "mo.db");
	memset(&c, 0, sizeof(c));
	c.command = "fuzz";
	assert_int_equal(store_open(pa, STORE_CREATE, &a, err, sizeof(err)), 0);
	assert_int_equal(store_campaign_begin(a, &c, &id), 0);
	finding(&f, "1111111111111111", "freed-page-in-use", 50, 5);
	assert_int_equal(store_finding_add(a, id, &f, NULL), 0);
	finding(&f, "1111111111111111", "freed-page-in-use", 70, 5);
	assert_int_equal(store_finding_add(a, id, &f, NULL), 0);
	assert_int_equal(store_open(pb, STORE_CREATE, &b, err, sizeof(err)), 0);
	assert_int_equal(store_campaign_begin(b, &c, &id), 0);
	finding(&f, "1111111111111111", "freed-page-in-use", 20, 2);
	assert_int_equal(store_finding_add(b, id, &f, NULL), 0);
	finding(&f, "2222222222222222", "wired-page-freed", 60, 3);
	assert_int_equal(store_finding_add(b, id, &f, NULL), 0);

	assert_int_equal(store_open(po, STORE_CREATE, &o, err, sizeof(err)), 0);
	assert_int_equal(store_merge(o, a), 0);
	assert_int_equal(store_merge(o, b), 0);
	/* merging b again changes nothing: campaigns by uuid, counts by source */
	assert_int_equal(store_merge(o, b), 0);
	db = store_db(o);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM campaigns"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM findings"), 2);
	assert_int_equal(sql_int(db, "SELECT count FROM findings WHERE "
	    "signature = '1111111111111111'"), 2 + 1);
	assert_int_equal(sql_int(db, "SELECT count FROM findings WHERE "
	    "signature = '2222222222222222'"), 1);
	/* b's campaign goes on and sees 1111... again: merged, it counts once */
	finding(&f, "1111111111111111", "freed-page-in-use", 60, 5);
	assert_int_equal(store_finding_add(b, id, &f, NULL), 0);
	assert_int_equal(store_merge(o, b), 0);
	assert_int_equal(store_merge(o, a), 0);
	assert_int_equal(sql_int(db, "SELECT count FROM findings WHERE "
	    "signature = '1111111111111111'"), 2 + 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM campaigns"), 2);
	assert_int_equal(sql_int(db, "SELECT first_seen FROM findings WHERE "
	    "signature = '1111111111111111'"), 20);
	assert_int_equal(sql_int(db, "SELECT last_seen FROM findings WHERE "
	    "signature = '1111111111111111'"), 70);
	/* the shortest schedule kept */
	assert_int_equal(sql_int(db, "SELECT length FROM findings WHERE "
	    "signature = '1111111111111111'"), 2);
	store_close(o);
	store_close(a);
	store_close(b);
}

/* a writer killed midway (SIGKILL) leaves a consistent database */
static void
test_killed_writer(void **state)
{
	char p[512], err[1200];
	struct store *st;
	pid_t pid;
	int status;
	sqlite3 *db;

	(void)state;
	path_in(p, sizeof(p), "killed.db");
	assert_int_equal(store_open(p, STORE_CREATE, &st, err, sizeof(err)), 0);
	store_close(st);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store_campaign c;
		struct store_finding f;
		int64_t id;
		char sig[17];

		if (store_open(p, STORE_EXISTING, &st, err, sizeof(err)) != 0)
			_exit(10);
		memset(&c, 0, sizeof(c));
		c.command = "fuzz";
		c.start = 1;
		if (store_campaign_begin(st, &c, &id) != 0)
			_exit(11);
		for (unsigned i = 0;; i++) {	/* until killed */
			snprintf(sig, sizeof(sig), "%016x", i);
			finding(&f, sig, "freed-page-in-use", i, 3);
			if (store_finding_add(st, id, &f, NULL) != 0 ||
			    store_throughput_add(st, id, i, i, i) != 0)
				_exit(12);
		}
	}
	usleep(300 * 1000);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(store_open(p, STORE_EXISTING, &st, err,
	    sizeof(err)), 0);
	db = store_db(st);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM pragma_quick_check "
	    "WHERE quick_check = 'ok'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM campaigns WHERE "
	    "end IS NULL"), 1);		/* shown as unfinished */
	/* every finding's throughput point is there: writes are whole */
	assert_true(sql_int(db, "SELECT count(*) FROM findings") > 0);
	assert_true(sql_int(db, "SELECT count(*) FROM throughput") -
	    sql_int(db, "SELECT count(*) FROM findings") <= 0);
	assert_true(sql_int(db, "SELECT count(*) FROM findings") -
	    sql_int(db, "SELECT count(*) FROM throughput") <= 1);
	store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_v1),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_refuses_foreign_and_corrupt),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_killed_writer),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
