/*
 * file_write.h: the one way uvmcheck writes a file.
 *
 * Every file the program produces (.sched counterexamples, minimized
 * schedules, HTML reports, JUnit reports, fuzz corpus entries) goes
 * through here, so that a bad output path never costs a file:
 *
 *  - the target is checked first: if something exists at the path and
 *    is not a regular file (a directory, a device, a FIFO, a socket, a
 *    symbolic link, even one to a regular file) the write is refused and
 *    nothing is touched;
 *  - a missing parent directory is an error, never created silently (a
 *    caller that owns a directory, such as the fuzzer's findings
 *    directory, creates it itself before writing);
 *  - the bytes go to a fresh temporary file made with mkstemp in the
 *    target's own directory (never a fixed NAME.tmp that could be a
 *    symlink planted there), which is fsynced, renamed over the target,
 *    and the directory fsynced so the rename is durable.  A reader sees
 *    the old file or the new one, never half of it; on any failure the
 *    temporary file is removed and the target is as it was.
 *
 * A replaced file keeps its permission bits; a new one gets 0644.
 *
 * Streaming writers (HTML, JUnit) use file_write_begin / _commit /
 * _abort around a stdio stream; whole buffers use file_write_buf.
 *
 * Errors come back as FW_REFUSED (the path is wrong: the caller exits
 * with its usage code, 2) or FW_FAILED (the path was fine but the
 * system failed: no space, I/O error), with a message in err that starts
 * with the reason and ends with the path, so that a long path never cuts
 * the reason off.
 */
#ifndef UVMCHECK_FILE_WRITE_H
#define UVMCHECK_FILE_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum fw_status {
	FW_OK = 0,
	FW_REFUSED = -1,	/* bad target path: nothing touched */
	FW_FAILED = -2,		/* the system failed while writing */
};

#define FW_PATH_MAX	4096

struct file_writer {
	FILE *fp;			/* write here between begin and commit */
	char path[FW_PATH_MAX];		/* the target */
	char tmp[FW_PATH_MAX];		/* the temporary file beside it */
	char dir[FW_PATH_MAX];		/* the target's directory */
	int mode;			/* permission bits for the result */
	bool scratch;			/* no fsync (file_write_scratch) */
};

/*
 * Check that `path` may be written: FW_OK when nothing is there or a
 * regular file is, FW_REFUSED (with err) otherwise.  Touches nothing.
 */
enum fw_status file_write_check(const char *path, char *err, size_t errlen);

/* open a temporary file for `path`; on FW_OK w->fp is ready */
enum fw_status file_write_begin(struct file_writer *w, const char *path,
    char *err, size_t errlen);
/* flush, fsync, rename over the target, fsync the directory */
enum fw_status file_write_commit(struct file_writer *w, char *err,
    size_t errlen);
/* close and remove the temporary file; the target is untouched */
void file_write_abort(struct file_writer *w);

/* the whole of buf as the new content of path */
enum fw_status file_write_buf(const char *path, const void *buf, size_t len,
    char *err, size_t errlen);
/*
 * The same for a scratch file of a work directory (a fuzz campaign's seed
 * inputs, its signatures seen): checked, written beside and renamed like
 * any other, but not fsynced -- the engines' own files are not either,
 * and an fsync per seed made a library campaign's start-up take seconds.
 */
enum fw_status file_write_scratch(const char *path, const void *buf,
    size_t len, char *err, size_t errlen);

/* mkdir -p: every missing directory of path made (0755); 0 or -1 (errno) */
int file_mkdirs(const char *path);
/*
 * rm -r without a shell: path and everything below it removed, depth
 * first; a symbolic link below it is removed as a link, never followed,
 * and path itself being a link is refused (ELOOP).  Nothing there is
 * success.  0, or -1 (errno).
 */
int file_remove_tree(const char *path);

/*
 * Whether two paths name the same file (same st_dev and st_ino, after
 * following symlinks).  False when either does not exist.
 */
bool file_same(const char *a, const char *b);

#endif
