/*
 * file_write.c: the one atomic file writer (file_write.h).
 *
 * The sequence for a target PATH in directory DIR:
 *
 *	lstat(PATH)		nothing there, or a regular file: go on;
 *				anything else: refuse, nothing touched
 *	stat(DIR)		must exist and be a directory (not created)
 *	mkstemp(DIR/.NAME.tmp-XXXXXX)
 *	write ... fflush, fchmod, fsync, fclose
 *	lstat(PATH) again	something else appeared meanwhile: refuse,
 *				remove the temporary file
 *	rename(tmp, PATH)	atomic replacement
 *	fsync(DIR)		the rename survives a crash
 *
 * A symbolic link at PATH is refused rather than followed or replaced:
 * writing through it would change a file the user did not name, and
 * replacing it would silently drop the link.
 */
#define _XOPEN_SOURCE 700	/* nftw, FTW_PHYS */
#include "corpus/file_write.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *
kind_name(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* errors of creating a file that mean the path is wrong, not the system */
static bool
path_errno(int e)
{
	return e == EACCES || e == EPERM || e == EROFS || e == ENOENT ||
	    e == ENOTDIR || e == ENAMETOOLONG || e == ELOOP || e == EISDIR;
}

/* DIR of PATH into buf ("." when there is no slash) */
static int
dir_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	int n;

	if (slash == NULL)
		n = snprintf(buf, len, ".");
	else if (slash == path)
		n = snprintf(buf, len, "/");
	else
		n = snprintf(buf, len, "%.*s", (int)(slash - path), path);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* lstat check of the target; *exists and *mode for a regular file */
static enum fw_status
check_target(const char *path, bool *exists, int *mode, char *err,
    size_t errlen)
{
	struct stat st;
	size_t n = strlen(path);

	*exists = false;
	*mode = 0644;
	if (n == 0) {
		snprintf(err, errlen, "empty output path");
		return FW_REFUSED;
	}
	if (n >= FW_PATH_MAX - 32) {
		snprintf(err, errlen, "output path too long (%zu bytes): %.64s...",
		    n, path);
		return FW_REFUSED;
	}
	if (path[n - 1] == '/') {
		snprintf(err, errlen, "refusing to write: the output path names a "
		    "directory: %s", path);
		return FW_REFUSED;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "refusing to write: the output path "
			    "is %s, not a regular file: %s", kind_name(st.st_mode),
			    path);
			return FW_REFUSED;
		}
		*exists = true;
		*mode = (int)(st.st_mode & 07777);
		return FW_OK;
	}
	if (errno == ENOENT || errno == ENOTDIR) {
		char dir[FW_PATH_MAX];

		if (dir_of(path, dir, sizeof(dir)) != 0) {
			snprintf(err, errlen, "output path too long: %.64s...",
			    path);
			return FW_REFUSED;
		}
		if (stat(dir, &st) != 0) {
			snprintf(err, errlen, "cannot write: its directory %s "
			    "(%s); create it first: %s", dir, strerror(errno),
			    path);
			return FW_REFUSED;
		}
		if (!S_ISDIR(st.st_mode)) {
			snprintf(err, errlen, "cannot write: %s is not a "
			    "directory: %s", dir, path);
			return FW_REFUSED;
		}
		return FW_OK;
	}
	snprintf(err, errlen, "cannot write (%s): %s", strerror(errno), path);
	return FW_REFUSED;
}

enum fw_status
file_write_check(const char *path, char *err, size_t errlen)
{
	bool exists;
	int mode;

	return check_target(path, &exists, &mode, err, errlen);
}

enum fw_status
file_write_begin(struct file_writer *w, const char *path, char *err,
    size_t errlen)
{
	const char *base;
	bool exists;
	int fd, n;
	enum fw_status st;

	memset(w, 0, sizeof(*w));
	if ((st = check_target(path, &exists, &w->mode, err, errlen)) != FW_OK)
		return st;
	snprintf(w->path, sizeof(w->path), "%s", path);
	if (dir_of(path, w->dir, sizeof(w->dir)) != 0) {
		snprintf(err, errlen, "output path too long: %.64s...", path);
		return FW_REFUSED;
	}
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	/* a hidden name beside the target; a long name gets a short one */
	if (strlen(base) <= 200)
		n = snprintf(w->tmp, sizeof(w->tmp), "%s/.%s.tmp-XXXXXX", w->dir,
		    base);
	else
		n = snprintf(w->tmp, sizeof(w->tmp), "%s/.uvmcheck.tmp-XXXXXX",
		    w->dir);
	if (n < 0 || (size_t)n >= sizeof(w->tmp)) {
		snprintf(err, errlen, "output path too long: %.64s...", path);
		return FW_REFUSED;
	}
	if ((fd = mkstemp(w->tmp)) < 0) {
		int e = errno;

		snprintf(err, errlen, "cannot create a temporary file in %s "
		    "(%s) to write %s", w->dir, strerror(e), path);
		w->tmp[0] = '\0';
		return path_errno(e) ? FW_REFUSED : FW_FAILED;
	}
	if ((w->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "cannot write (%s): %s", strerror(errno),
		    path);
		close(fd);
		unlink(w->tmp);
		w->tmp[0] = '\0';
		return FW_FAILED;
	}
	return FW_OK;
}

void
file_write_abort(struct file_writer *w)
{
	if (w->fp != NULL)
		fclose(w->fp);
	w->fp = NULL;
	if (w->tmp[0] != '\0')
		unlink(w->tmp);
	w->tmp[0] = '\0';
}

enum fw_status
file_write_commit(struct file_writer *w, char *err, size_t errlen)
{
	bool exists;
	int mode, dfd, e;
	enum fw_status st;

	if (w->fp == NULL) {
		snprintf(err, errlen, "internal error: no file open for %s",
		    w->path);
		return FW_FAILED;
	}
	if (fflush(w->fp) != 0 || ferror(w->fp)) {
		e = errno;
		snprintf(err, errlen, "write failed (%s): %s", strerror(e),
		    w->path);
		file_write_abort(w);
		return FW_FAILED;
	}
	if (fchmod(fileno(w->fp), (mode_t)w->mode) != 0 ||
	    (!w->scratch && fsync(fileno(w->fp)) != 0)) {
		e = errno;
		snprintf(err, errlen, "fsync failed (%s): %s", strerror(e),
		    w->path);
		file_write_abort(w);
		return FW_FAILED;
	}
	e = fclose(w->fp) != 0 ? errno : 0;
	w->fp = NULL;
	if (e != 0) {
		snprintf(err, errlen, "close failed (%s): %s", strerror(e),
		    w->path);
		file_write_abort(w);
		return FW_FAILED;
	}
	/* something else may have been put at the path while we wrote */
	if ((st = check_target(w->path, &exists, &mode, err, errlen)) != FW_OK) {
		file_write_abort(w);
		return st;
	}
	if (rename(w->tmp, w->path) != 0) {
		e = errno;
		snprintf(err, errlen, "rename failed (%s): %s", strerror(e),
		    w->path);
		file_write_abort(w);
		return path_errno(e) ? FW_REFUSED : FW_FAILED;
	}
	w->tmp[0] = '\0';
	/*
	 * Make the rename durable.  The file itself is complete either way;
	 * some file systems refuse fsync on a directory (EINVAL), which is
	 * not a failure of the write.
	 */
	if (!w->scratch && (dfd = open(w->dir, O_RDONLY | O_DIRECTORY)) >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return FW_OK;
}

static enum fw_status
write_buf(const char *path, const void *buf, size_t len, bool scratch,
    char *err, size_t errlen)
{
	struct file_writer w;
	enum fw_status st;

	if ((st = file_write_begin(&w, path, err, errlen)) != FW_OK)
		return st;
	w.scratch = scratch;
	if (len > 0 && fwrite(buf, 1, len, w.fp) != len) {
		snprintf(err, errlen, "write failed (%s): %s", strerror(errno),
		    path);
		file_write_abort(&w);
		return FW_FAILED;
	}
	return file_write_commit(&w, err, errlen);
}

enum fw_status
file_write_buf(const char *path, const void *buf, size_t len, char *err,
    size_t errlen)
{
	return write_buf(path, buf, len, false, err, errlen);
}

enum fw_status
file_write_scratch(const char *path, const void *buf, size_t len, char *err,
    size_t errlen)
{
	return write_buf(path, buf, len, true, err, errlen);
}

bool
file_same(const char *a, const char *b)
{
	struct stat sa, sb;

	if (stat(a, &sa) != 0 || stat(b, &sb) != 0)
		return false;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int
file_mkdirs(const char *path)
{
	char tmp[PATH_MAX];

	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

int
file_remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISLNK(st.st_mode)) {
		errno = ELOOP;
		return -1;
	}
	/* depth first; a link inside is removed, never followed */
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
