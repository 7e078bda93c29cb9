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
#include <string.h>

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

/*
 * emit(o, "%s", s) and emit(o, "%d", v) without a format to interpret:
 * the generator harness writes a scenario a token at a time, every exec.
 */
static inline void
emit_s(struct out *o, const char *s)
{
	size_t n = strlen(s), room;

	if (o->pos >= o->len)
		return;
	room = o->len - 1 - o->pos;
	memcpy(o->buf + o->pos, s, n < room ? n : room);
	o->pos += n;
	if (o->pos >= o->len)
		o->pos = o->len - 1;
	o->buf[o->pos] = '\0';
}

static inline void
emit_d(struct out *o, int v)
{
	char d[12], *e = d + sizeof(d), *q = e;
	unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;

	*--q = '\0';
	do {
		*--q = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--q = '-';
	emit_s(o, q);
}

/* a word and a number after it: " swap=" 2, " " 4 */
static inline void
emit_sd(struct out *o, const char *s, int v)
{
	emit_s(o, s);
	emit_d(o, v);
}

#endif
