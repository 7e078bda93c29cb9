/*
 * test_file_write.c: the one atomic writer (corpus/file_write.h).
 *
 * - a new file and a replaced regular file get the bytes, the replaced
 *   one keeps its permission bits, and no temporary file is left;
 * - a directory, a FIFO, a symlink (to a file or dangling), a device
 *   and a path ending in '/' are refused and left exactly as they were;
 * - a missing parent directory is refused and not created;
 * - an aborted streaming write leaves the old content;
 * - file_same compares identity, through symlinks and "./" prefixes;
 * - a scratch write is checked and renamed like the others;
 * - file_mkdirs makes every missing level; file_remove_tree removes a
 *   tree without following a link inside it, and refuses a link.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "corpus/file_write.h"

static char dir[64];
static char p[512];

static const char *
at(const char *name)
{
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return p;
}

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/uvmcheck-fw-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return file_remove_tree(dir);
}

static void
read_all(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* entries of the directory, "." and ".." excepted */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_new_and_replace(void **state)
{
	char err[512], buf[64];
	struct stat st;

	(void)state;
	assert_int_equal(file_write_buf(at("a.txt"), "one\n", 4, err,
	    sizeof(err)), FW_OK);
	read_all(at("a.txt"), buf, sizeof(buf));
	assert_string_equal(buf, "one\n");
	assert_int_equal(stat(at("a.txt"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* replacing keeps the permission bits */
	assert_int_equal(chmod(at("a.txt"), 0600), 0);
	assert_int_equal(file_write_buf(at("a.txt"), "two\n", 4, err,
	    sizeof(err)), FW_OK);
	read_all(at("a.txt"), buf, sizeof(buf));
	assert_string_equal(buf, "two\n");
	assert_int_equal(stat(at("a.txt"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a path without a directory part writes in "." */
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(file_write_buf("b.txt", "", 0, err, sizeof(err)),
	    FW_OK);
	assert_int_equal(chdir("/"), 0);
	assert_int_equal(entries(), 2);
}

/* a refused path: FW_REFUSED, a reason, and the directory unchanged */
static void
refused(const char *path, const char *reason)
{
	char err[512];
	int before = entries();

	assert_int_equal(file_write_buf(path, "x", 1, err, sizeof(err)),
	    FW_REFUSED);
	if (strstr(err, reason) == NULL)
		fail_msg("'%s': expected '%s' in '%s'", path, reason, err);
	assert_int_equal(file_write_check(path, err, sizeof(err)), FW_REFUSED);
	assert_int_equal(entries(), before);
}

static void
test_refused(void **state)
{
	char target[512], buf[64];
	struct stat st;

	(void)state;
	assert_int_equal(mkdir(at("d"), 0755), 0);
	refused(at("d"), "a directory");
	assert_int_equal(stat(at("d"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	refused(at("d/"), "names a directory");

	assert_int_equal(mkfifo(at("fifo"), 0644), 0);
	refused(at("fifo"), "a FIFO");
	assert_int_equal(lstat(at("fifo"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));

	/* a symlink to a regular file: neither followed nor replaced */
	snprintf(target, sizeof(target), "%s/real", dir);
	assert_int_equal(file_write_buf(target, "keep\n", 5, buf, sizeof(buf)),
	    FW_OK);
	assert_int_equal(symlink(target, at("link")), 0);
	refused(at("link"), "a symbolic link");
	assert_int_equal(lstat(at("link"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	read_all(target, buf, sizeof(buf));
	assert_string_equal(buf, "keep\n");
	assert_int_equal(symlink("/nonexistent/x", at("dangling")), 0);
	refused(at("dangling"), "a symbolic link");

	/* a missing directory is not created */
	refused(at("missing/x.sched"), "create it first");
	assert_int_equal(access(at("missing"), F_OK), -1);
	refused(at("real/x.sched"), "not a directory");
	refused("", "empty output path");

	/*
	 * A device: as root a node of our own (a broken writer would only
	 * replace that), else /dev/null (which cannot be replaced then).
	 */
	if (geteuid() == 0) {
		assert_int_equal(mknod(at("null"), S_IFCHR | 0666,
		    makedev(1, 3)), 0);
		refused(at("null"), "a character device");
		assert_int_equal(lstat(at("null"), &st), 0);
		assert_true(S_ISCHR(st.st_mode));
	} else {
		char err[512];

		assert_int_equal(file_write_buf("/dev/null", "x", 1, err,
		    sizeof(err)), FW_REFUSED);
		assert_non_null(strstr(err, "a character device"));
	}
}

static void
test_abort(void **state)
{
	struct file_writer w;
	char err[512], buf[64];

	(void)state;
	assert_int_equal(file_write_buf(at("s.txt"), "old\n", 4, err,
	    sizeof(err)), FW_OK);
	assert_int_equal(file_write_begin(&w, at("s.txt"), err, sizeof(err)),
	    FW_OK);
	fprintf(w.fp, "half of a new content");
	/* the temporary file is beside the target, the target untouched */
	assert_int_equal(entries(), 2);
	file_write_abort(&w);
	assert_int_equal(entries(), 1);
	read_all(at("s.txt"), buf, sizeof(buf));
	assert_string_equal(buf, "old\n");
	/* a commit replaces it */
	assert_int_equal(file_write_begin(&w, at("s.txt"), err, sizeof(err)),
	    FW_OK);
	fprintf(w.fp, "new\n");
	assert_int_equal(file_write_commit(&w, err, sizeof(err)), FW_OK);
	read_all(at("s.txt"), buf, sizeof(buf));
	assert_string_equal(buf, "new\n");
	assert_int_equal(entries(), 1);
	/* a FIFO put at the path during the write is not replaced */
	assert_int_equal(file_write_begin(&w, at("t"), err, sizeof(err)),
	    FW_OK);
	assert_int_equal(mkfifo(at("t"), 0644), 0);
	fprintf(w.fp, "x");
	assert_int_equal(file_write_commit(&w, err, sizeof(err)), FW_REFUSED);
	assert_non_null(strstr(err, "a FIFO"));
	assert_int_equal(entries(), 2);
}

static void
test_same(void **state)
{
	char a[512], b[512], err[64];

	(void)state;
	snprintf(a, sizeof(a), "%s/x.db", dir);
	assert_int_equal(file_write_buf(a, "x", 1, err, sizeof(err)), FW_OK);
	snprintf(b, sizeof(b), "%s/./x.db", dir);
	assert_true(file_same(a, b));
	snprintf(b, sizeof(b), "%s/l.db", dir);
	assert_int_equal(symlink("x.db", b), 0);
	assert_true(file_same(a, b));
	snprintf(b, sizeof(b), "%s/y.db", dir);
	assert_false(file_same(a, b));	/* missing */
	assert_int_equal(file_write_buf(b, "x", 1, err, sizeof(err)), FW_OK);
	assert_false(file_same(a, b));	/* same content, another file */
}

static void
test_scratch(void **state)
{
	char err[512], buf[64];

	(void)state;
	assert_int_equal(file_write_scratch(at("seed-0000"), "ab", 2, err,
	    sizeof(err)), FW_OK);
	read_all(at("seed-0000"), buf, sizeof(buf));
	assert_string_equal(buf, "ab");
	assert_int_equal(entries(), 1);		/* no temporary file left */
	assert_int_equal(mkdir(at("d"), 0755), 0);
	assert_int_equal(file_write_scratch(at("d"), "x", 1, err,
	    sizeof(err)), FW_REFUSED);
	assert_int_equal(symlink("seed-0000", at("l")), 0);
	assert_int_equal(file_write_scratch(at("l"), "x", 1, err,
	    sizeof(err)), FW_REFUSED);
	read_all(at("seed-0000"), buf, sizeof(buf));
	assert_string_equal(buf, "ab");
}

static void
test_trees(void **state)
{
	char outside[64], keep[128], err[512], path[512];
	struct stat st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/c", dir);
	assert_int_equal(file_mkdirs(path), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(file_mkdirs(path), 0);	/* there already */
	/* a directory outside, linked from inside the tree: kept */
	snprintf(outside, sizeof(outside), "/tmp/uvmcheck-fw-out-XXXXXX");
	assert_non_null(mkdtemp(outside));
	snprintf(keep, sizeof(keep), "%s/keep", outside);
	assert_int_equal(file_write_buf(keep, "k", 1, err, sizeof(err)),
	    FW_OK);
	assert_int_equal(symlink(outside, at("a/b/link")), 0);
	assert_int_equal(file_write_buf(at("a/b/c/f"), "f", 1, err,
	    sizeof(err)), FW_OK);
	/* the link itself is refused, the tree it names untouched */
	assert_int_equal(file_remove_tree(at("a/b/link")), -1);
	assert_int_equal(stat(keep, &st), 0);
	assert_int_equal(file_remove_tree(at("a")), 0);
	assert_int_equal(entries(), 0);
	assert_int_equal(stat(keep, &st), 0);	/* not followed */
	assert_int_equal(file_remove_tree(at("a")), 0);	/* nothing there */
	assert_int_equal(file_remove_tree(outside), 0);
	assert_int_not_equal(stat(outside, &st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_and_replace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scratch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trees, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
