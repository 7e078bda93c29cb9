/*
 * gen_like.c: generation around a user's scenario (gen.h, --like).
 *
 * The template is the scenario's text, cut once into its lines: every
 * line but `scenario`, `thread` and `expect` is kept as written (world,
 * objects, processes, mappings, kernel threads, profile, bug, bound);
 * each `thread NAME PROC [clone]:` keeps its head, and its operations
 * form the program to mutate and, together, the pool of operations the
 * mutation draws from.  Operations that give a thread its structure
 * (fork, clone, exit) stay where they are and never enter the pool, so
 * that every thread can still start and `exit` stays last.
 *
 * Header bytes, read in order (missing ones read as 0, which keeps the
 * template as it is):
 *	[0]	bits 0-1 == 1: one more thread, in process (bits 2-7)
 *	then per thread, the template's in order, then the added one:
 *	  one length byte (bits 0-1: 0, -1, +1, +2 operations) and one
 *	  byte per operation slot: bits 0-4 == 0 the template's operation
 *	  there, else pool[(bits 0-4) - 1 mod |pool|]; bit 5 moves one of
 *	  its numbers (bit 6: which of the first two, bit 7: down, else up).
 * A text that does not parse falls back to the template
 * (fuzz/decode.c), so every input still decodes to a run.
 */
#include "fuzz/gen.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/params.h"
#include "scenarios/scenario.h"
#include "fuzz/emit.h"

#define LIKE_MAX_OPS	12	/* operations a thread (the language's limit) */
#define LIKE_MAX_POOL	(MAX_THREADS * LIKE_MAX_OPS)
#define LIKE_OP_MAX	128	/* bytes of one operation's text */

struct like_thread {
	char head[160];			/* "thread a1 A:" */
	int nops;
	char ops[LIKE_MAX_OPS][LIKE_OP_MAX];
	bool fixed[LIKE_MAX_OPS];	/* fork, clone, exit: kept in place */
	bool allowed[LIKE_MAX_OPS];	/* by --ops */
};

struct gen_like {
	char name[SCN_NAME_MAX];
	char rest[SCN_TEXT_MAX + 1];	/* the kept lines */
	int nthreads;
	struct like_thread t[MAX_THREADS];
	int npool;
	char pool[LIKE_MAX_POOL][LIKE_OP_MAX];
	int nprocs;
	char procs[MAX_PROCS][64];	/* not forked: a thread there starts */
};

static void
trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	memmove(s, s + i, n - i + 1);
}

/* the operation's kind from its first word (-1 unknown) */
static int
op_kind_of(const char *op)
{
	char w[32];
	size_t n = strcspn(op, " \t");

	if (n >= sizeof(w))
		return -1;
	memcpy(w, op, n);
	w[n] = '\0';
	return op_lookup(w);
}

static bool
op_allowed(const struct gen_opts *o, int kind)
{
	return o == NULL || o->ops == 0 ||
	    (kind >= 0 && (o->ops & ((uint64_t)1 << kind)) != 0);
}

int
fuzz_like_prepare(const char *text, const struct gen_opts *o,
    struct gen_like **out, char *err, size_t errlen)
{
	struct gen_like *t = calloc(1, sizeof(*t));
	char line[SCN_LINE_MAX + 1];
	const char *p = text;
	size_t used = 0;

	*out = NULL;
	if (t == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (*p != '\0') {
		size_t n = strcspn(p, "\n");
		char *hash, *colon, word[16];

		snprintf(line, sizeof(line), "%.*s", (int)(n < SCN_LINE_MAX ?
		    n : SCN_LINE_MAX), p);
		p += n + (p[n] == '\n');
		if ((hash = strchr(line, '#')) != NULL)
			*hash = '\0';
		trim(line);
		if (line[0] == '\0')
			continue;
		sscanf(line, "%15s", word);
		if (strcmp(word, "scenario") == 0) {
			sscanf(line, "scenario %47s", t->name);
			continue;
		}
		if (strcmp(word, "expect") == 0)
			continue;
		if (strcmp(word, "proc") == 0 && t->nprocs < MAX_PROCS &&
		    strstr(line, "forked") == NULL)
			sscanf(line, "proc %63s", t->procs[t->nprocs++]);
		if (strcmp(word, "thread") != 0 ||
		    (colon = strchr(line, ':')) == NULL) {
			used += (size_t)snprintf(t->rest + used,
			    sizeof(t->rest) - used, "%s\n", line);
			if (used >= sizeof(t->rest)) {
				snprintf(err, errlen, "scenario too long");
				goto fail;
			}
			continue;
		}
		if (t->nthreads == MAX_THREADS)
			continue;
		struct like_thread *th = &t->t[t->nthreads++];

		snprintf(th->head, sizeof(th->head), "%.*s",
		    (int)(colon - line + 1), line);
		char *save = NULL;

		for (char *op = strtok_r(colon + 1, ";", &save); op != NULL &&
		    th->nops < LIKE_MAX_OPS; op = strtok_r(NULL, ";", &save)) {
			int k;

			trim(op);
			if (op[0] == '\0')
				continue;
			k = op_kind_of(op);
			snprintf(th->ops[th->nops], LIKE_OP_MAX, "%s", op);
			th->fixed[th->nops] = op_desc(k) != NULL &&
			    (op_desc(k)->flags & OPF_KEEP);
			th->allowed[th->nops] = op_allowed(o, k);
			if (!th->fixed[th->nops] && th->allowed[th->nops] &&
			    t->npool < LIKE_MAX_POOL) {
				bool dup = false;

				for (int i = 0; i < t->npool && !dup; i++)
					dup = strcmp(t->pool[i], op) == 0;
				if (!dup)
					snprintf(t->pool[t->npool++],
					    LIKE_OP_MAX, "%s", op);
			}
			th->nops++;
		}
	}
	if (t->nthreads == 0) {
		snprintf(err, errlen, "no user thread to mutate");
		goto fail;
	}
	if (t->npool == 0) {
		snprintf(err, errlen, "%s", o != NULL && o->ops != 0 ?
		    "--ops leaves none of its operations" :
		    "no operation to mutate (only fork, clone, exit)");
		goto fail;
	}
	*out = t;
	return 0;
fail:
	free(t);
	return -1;
}

void
fuzz_like_free(struct gen_like *t)
{
	free(t);
}

/* the operation with one of its first two numbers moved by one */
static void
emit_op(struct out *o, const char *op, uint8_t s)
{
	char tok[LIKE_OP_MAX], copy[LIKE_OP_MAX];
	int want = (s >> 6) & 1, seen = 0;
	bool first = true;
	char *save = NULL;

	if (!(s & 0x20)) {
		emit(o, "%s", op);
		return;
	}
	snprintf(copy, sizeof(copy), "%s", op);
	for (char *w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		snprintf(tok, sizeof(tok), "%s", w);
		if (!first && isdigit((unsigned char)w[0]) &&
		    strspn(w, "0123456789") == strlen(w) && seen++ == want) {
			long v = strtol(w, NULL, 10) + ((s & 0x80) ? -1 : 1);

			snprintf(tok, sizeof(tok), "%ld", v < 0 ? 0 : v);
		}
		emit(o, "%s%s", first ? "" : " ", tok);
		first = false;
	}
}

static uint8_t
next(const uint8_t *g, size_t glen, size_t *pos)
{
	uint8_t b = *pos < glen ? g[*pos] : 0;

	(*pos)++;
	return b;
}

static void
emit_thread(struct out *o, const struct gen_like *t,
    const struct like_thread *th, const uint8_t *g, size_t glen, size_t *pos)
{
	static const int delta[4] = { 0, -1, 1, 2 };
	int n = th->nops + delta[next(g, glen, pos) & 3];
	bool any = false;

	if (n < 1)
		n = 1;
	if (n > LIKE_MAX_OPS)
		n = LIKE_MAX_OPS;
	emit(o, "%s", th->head);
	for (int j = 0; j < n; j++) {
		uint8_t s = next(g, glen, pos);
		int c = s & 0x1f;
		const char *op;

		if (j < th->nops && (th->fixed[j] ||
		    (c == 0 && th->allowed[j]))) {
			op = th->ops[j];
			if (th->fixed[j])
				s = 0;
		} else {
			op = t->pool[(c == 0 ? 0 : c - 1) % t->npool];
		}
		/* exit only last: a thread's program ends there */
		if (op_desc(op_kind_of(op)) != NULL &&
		    (op_desc(op_kind_of(op))->flags & OPF_LAST) && j != n - 1)
			continue;
		emit(o, "%s ", any ? ";" : "");
		emit_op(o, op, s);
		any = true;
	}
	emit(o, "\n");
}

size_t
fuzz_gen_like(const uint8_t *g, size_t glen, const struct gen_like *t,
    char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	size_t pos = 0;
	uint8_t b0 = next(g, glen, &pos);

	if (len == 0)
		return 0;
	buf[0] = '\0';
	emit(&o, "scenario %s\n", t->name[0] != '\0' ? t->name : "like");
	emit(&o, "%s", t->rest);
	for (int i = 0; i < t->nthreads; i++)
		emit_thread(&o, t, &t->t[i], g, glen, &pos);
	if ((b0 & 3) == 1 && t->nprocs > 0 && t->nthreads < MAX_THREADS) {
		struct like_thread extra;

		memset(&extra, 0, sizeof(extra));
		snprintf(extra.head, sizeof(extra.head), "thread gx %s:",
		    t->procs[(b0 >> 2) % t->nprocs]);
		extra.nops = 1;
		snprintf(extra.ops[0], LIKE_OP_MAX, "%s", t->pool[0]);
		extra.allowed[0] = true;
		emit_thread(&o, t, &extra, g, glen, &pos);
	}
	return o.pos;
}
