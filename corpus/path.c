/*
 * path.c: a file name made by printf into a fixed buffer (corpus/path.h).
 */
#include <stdio.h>

#include "corpus/path.h"

int
path_vformat(char *buf, size_t len, const char *what, const char *fmt,
    va_list ap)
{
	int n = vsnprintf(buf, len, fmt, ap);

	if (n >= 0 && (size_t)n < len)
		return 0;
	fprintf(stderr, "uvmcheck: %s: path too long (%d bytes, at most "
	    "%zu): %.60s...\n", what, n, len - 1, buf);
	return -1;
}

int
path_format(char *buf, size_t len, const char *what, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = path_vformat(buf, len, what, fmt, ap);
	va_end(ap);
	return rc;
}
