/*
 * path.h: a file name made by printf into a fixed buffer, never cut.
 *
 * path_format() prints into buf; when the result does not fit it says
 * so on stderr ("uvmcheck: WHAT: path too long (N bytes, at most M):
 * the start of it...") and returns -1, so that no command ever opens a
 * silently truncated name.  WHAT names where the path came from (an
 * option, "a corpus file").
 */
#ifndef UVMCHECK_PATH_H
#define UVMCHECK_PATH_H

#include <stdarg.h>
#include <stddef.h>

int path_format(char *buf, size_t len, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int path_vformat(char *buf, size_t len, const char *what, const char *fmt,
    va_list ap) __attribute__((format(printf, 4, 0)));

#endif
