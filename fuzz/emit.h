/*
 * emit.h: text output into a fixed buffer for the scenario generators
 * (gen.c, gen_like.c).  What does not fit is cut; the buffer always stays
 * NUL-terminated, so a generated scenario is at worst shorter, never
 * overrun.
 */
#ifndef UVMCHECK_FUZZ_EMIT_H
#define UVMCHECK_FUZZ_EMIT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

struct out {
	char *buf;
	size_t len, pos;
};

static inline void emit(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline void
emit(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
	if (o->pos >= o->len)
		o->pos = o->len - 1;
}

#endif
