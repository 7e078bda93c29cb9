/*
 * sched_dir.h: the .sched files under a directory (the corpus, a
 * fuzz campaign's findings), for the commands that take them all: the
 * gate's corpus replays and `uvmcheck triage DIR`.
 *
 * sched_dir_walk() calls fn for each regular file named *.sched under
 * dir, directory by directory with each directory's entries in name
 * order (strcmp), descending at most eight levels and skipping names
 * that start with a dot.  A directory that cannot be read is skipped.
 * 0; after a message on stderr, the walk then stopped, -1 when a path
 * does not fit (named as what: corpus/path.h), -2 when memory ran out.
 */
#ifndef UVMCHECK_SCHED_DIR_H
#define UVMCHECK_SCHED_DIR_H

int sched_dir_walk(const char *dir, const char *what,
    void (*fn)(void *arg, const char *path), void *arg);

#endif
