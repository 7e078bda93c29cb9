/*
 * gen.c: the scenario grammar of the generator harnesses (gen.h).
 *
 * Processes A and (maybe) B; vnode f and (maybe) aobj g; mapping i sits
 * at VA 4i so no two overlap; operations name VAs in those windows.
 */
#include "fuzz/gen.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/registry.h"
#include "scenarios/scenario.h"
#include "fuzz/emit.h"

static uint8_t
at(const uint8_t *g, size_t glen, size_t i)
{
	return i < glen ? g[i] : 0;
}

static const char *const prots[4] = { "rw", "r", "rw", "rwx" };

#define GEN_MAX_DRAW	64	/* operations the draw holds, by weight */

/* the generator makes an operation iff its registry entry weighs it */
bool
gen_op_made(int op_kind)
{
	const struct op_desc *d = op_desc(op_kind);

	return d != NULL && d->gen_weight > 0;
}

static bool
kind_allowed(const struct gen_opts *o, int k)
{
	return o == NULL || o->ops == 0 ||
	    (o->ops & ((uint64_t)1 << k)) != 0;
}

/*
 * the draw: each operation the generator makes (and --ops allows), as
 * many times as its registry weight; with no allowed one, all of them.
 * nonlast counts the draws a program may hold before its end.
 */
static int
gen_draw(const struct gen_opts *go, uint8_t *draw, int *nonlast)
{
	int n = 0;

	for (int pass = 0; pass < 2 && n == 0; pass++) {
		*nonlast = 0;
		for (int k = OP_NONE + 1; k < NOPS; k++) {
			const struct op_desc *d = op_desc(k);

			if (d == NULL || (pass == 0 && !kind_allowed(go, k)))
				continue;
			for (int w = 0; w < d->gen_weight && n < GEN_MAX_DRAW;
			    w++) {
				draw[n++] = (uint8_t)k;
				*nonlast += !(d->flags & OPF_LAST);
			}
		}
	}
	return n;
}

/* what the grammar knows of the world the operations run in */
struct gen_world {
	int fpages;		/* vnode f's pages */
	bool has_b;		/* process B exists */
};

/*
 * one operation from its registry signature; a1 picks the VA (inside
 * the mapping windows), a2 the rest
 */
static void
gen_op(struct out *o, const struct gen_world *gw, int kind, uint8_t a1,
    uint8_t a2)
{
	const struct op_desc *d = op_desc(kind);

	emit_s(o, d->name);
	for (int i = 0; i < d->nsig; i++) {
		const struct op_arg *a = &d->sig[i];

		switch (a->kind) {
		case OA_VA:
			emit_sd(o, " ", 4 * (a1 % 4) + (a1 >> 2) % 3);
			break;
		case OA_NPAGES:
			emit_sd(o, " ", 1 + a2 % 2);
			break;
		case OA_MAP_OBJ:
			emit_s(o, " anon");
			break;
		case OA_MAP_OFF:
			emit_s(o, " 0");
			break;
		case OA_MAP_TAIL:
			emit_s(o, (a2 & 4) ? " shared rw" : " private rw");
			break;
		case OA_PROT:
			emit_s(o, (a2 & 4) ? " r" : " rw");
			break;
		case OA_ACCESS:
			emit_s(o, (a2 & 8) ? " w" : " r");
			break;
		case OA_MCL:
			emit_s(o, (a2 & 4) ? " current,future" : " current");
			break;
		case OA_VNODE:
			emit_s(o, " f");
			break;
		case OA_SIZE:
			emit_sd(o, " ", a2 % (gw->fpages + 1));
			break;
		case OA_PROC:
			emit_s(o, gw->has_b && (a2 & 2) ? " B" : " A");
			break;
		case OA_WORD: {
			int nw = 0;

			while (a->words[nw].word != NULL)
				nw++;
			emit_s(o, " ");
			emit_s(o, a->words[(a2 >> 4) % nw].word);
			break;
		}
		default:
			/* OA_OPT_BYTE: left out; the others are not made
			 * (their entries weigh 0: tests/test_fuzz.c) */
			break;
		}
	}
}

static size_t
gen_text(const uint8_t *g, size_t glen, const struct gen_opts *go,
    char *buf, size_t len, bool allow_wired)
{
	struct out o = { buf, len, 0 };
	uint8_t w0 = at(g, glen, GEN_WORLD), w1 = at(g, glen, GEN_WORLD + 1);
	uint8_t w2 = at(g, glen, GEN_WORLD + 2);
	uint8_t o0 = at(g, glen, GEN_OBJS), o1 = at(g, glen, GEN_OBJS + 1);
	uint8_t p0 = at(g, glen, GEN_PROCS);
	int maxp = go != NULL && go->max_pages > 0 ? go->max_pages : 12;
	int lowp = maxp < 4 ? maxp : 4;
	int pages = lowp + w0 % (maxp - lowp + 1), swap = (w0 >> 4) % 5;
	int freemin = w1 % 3, freetarg = freemin + (w1 >> 2) % 2;
	int reserve = (w1 >> 3) % 2, failures = w2 % 3;
	int fpages = 1 + o0 % 4, fres = (o0 >> 2) % (fpages + 1);
	int has_g = o1 & 1, gpages = 1 + (o1 >> 1) % 4;
	int has_b = (p0 & 1) && (go == NULL || go->max_procs != 1);
	int maxt = go != NULL && go->max_threads > 0 ? go->max_threads :
	    GEN_NTHREADS;
	uint8_t kinds[GEN_MAX_DRAW];
	int nonexit, nkinds = gen_draw(go, kinds, &nonexit);
	struct gen_world gw = { fpages, has_b };
	int i, j;

	/* the kernel keeps freetarg above the reserve (scenarios/parse.c) */
	if (freetarg <= reserve)
		freetarg = reserve + 1;
	if (len == 0)
		return 0;
	buf[0] = '\0';
	emit_sd(&o, "scenario gen\nworld pages=", pages);
	emit_sd(&o, " swap=", swap);
	emit_sd(&o, " freemin=", freemin);
	emit_sd(&o, " freetarg=", freetarg);
	emit_sd(&o, " reserve=", reserve);
	emit_sd(&o, " failures=", failures);
	emit_sd(&o, "\nvnode f pages=", fpages);
	emit_sd(&o, " resident=", fres);
	if (has_g) {
		emit_sd(&o, "\naobj g pages=", gpages);
	}
	emit_s(&o, "\nproc A\n");
	if (has_b)
		emit_s(&o, "proc B\n");
	for (i = 0; i < GEN_NMAPS; i++) {
		size_t b = GEN_MAPS + 3 * (size_t)i;
		uint8_t m0 = at(g, glen, b), m1 = at(g, glen, b + 1);
		uint8_t m2 = at(g, glen, b + 2);
		int src = (m0 >> 3) % 3, objpages, off = 0, n;
		const char *obj = "anon";

		if (i > 0 && (m0 & 3) == 0)
			continue;
		if (src == 0) {
			obj = "f";
			objpages = fpages;
		} else if (src == 1 && has_g) {
			obj = "g";
			objpages = gpages;
		} else {
			objpages = 3;
		}
		if (src != 2 && !(src == 1 && !has_g)) {
			off = (m1 >> 2) % objpages;
			n = 1 + (m1 >> 4) % (objpages - off);
		} else {
			n = 1 + m1 % 3;
		}
		if (n > 3)
			n = 3;
		emit_s(&o, has_b && (m0 & 4) ? "map B " : "map A ");
		emit_d(&o, 4 * i);
		emit_s(&o, " ");
		emit_s(&o, obj);
		emit_sd(&o, " ", off);
		emit_sd(&o, " ", n);
		emit_s(&o, (m2 & 1) ? " private " : " shared ");
		emit_s(&o, prots[(m2 >> 1) % 4]);
		emit_s(&o, allow_wired && (m2 & 0x38) == 0x38 ? " wired\n" :
		    "\n");
	}
	for (i = 0; i < GEN_NTHREADS; i++) {
		size_t b = GEN_THREADS + (size_t)i * GEN_THREAD_SIZE;
		uint8_t t0 = at(g, glen, b);
		int nops = nonexit == 0 ? 1 : 1 + (t0 >> 3) % GEN_NOPS;

		if (i >= maxt || (i > 0 && (t0 & 3) == 0))
			continue;
		emit_sd(&o, "thread t", i + 1);
		emit_s(&o, has_b && (t0 & 4) ? " B:" : " A:");
		for (j = 0; j < nops; j++) {
			size_t ob = b + 1 + (size_t)j * GEN_OPBYTES;
			int k = kinds[at(g, glen, ob) % nkinds];
			uint8_t a1 = at(g, glen, ob + 1);
			uint8_t a2 = at(g, glen, ob + 2);

			if ((op_desc(k)->flags & OPF_LAST) && j != nops - 1) {
				/* a store, or the next allowed kind */
				int x = at(g, glen, ob) % nkinds;

				while (op_desc(kinds[x])->flags & OPF_LAST)
					x = (x + 1) % nkinds;
				k = kinds[x];
				if (kind_allowed(go, OP_TOUCH)) {
					k = OP_TOUCH;
					a2 |= 8;
				}
			}
			emit_s(&o, j == 0 ? " " : "; ");
			gen_op(&o, &gw, k, a1, a2);
		}
		emit_s(&o, "\n");
	}
	/* always a pagedaemon: without one uvm_wait never returns */
	emit_s(&o, "kthread pd pagedaemon\n");
	if (w2 & 0x08)
		emit_s(&o, "kthread net netisr\n");
	if (w2 & 0x10)
		emit_s(&o, "kthread io aiodone\n");
	emit_s(&o, "bound depth=64\n");
	return o.pos;
}

/*
 * fuzz_gen_scenario: the scenario text of generator bytes g, parsed into
 * out.  A `wired` mapping is mlock()ed at world setup, which fails when
 * the world is too small for it (scenarios/parse.c check_wired_setup);
 * the grammar then gives the same scenario without `wired`, so every
 * input decodes.  The parse that finds it out is the one the caller
 * keeps: a generator exec parses its text once, or twice when the wired
 * one fails.
 */
int
fuzz_gen_scenario(const uint8_t *g, size_t glen, const struct gen_opts *go,
    char *buf, size_t len, size_t *textlen, struct scenario *out)
{
	struct scenario_error err;
	size_t n = gen_text(g, glen, go, buf, len, true);
	int rc;

	*textlen = n;
	rc = scenario_parse(buf, n, "gen", out, &err);
	if (rc != 0 && len > 0 && strstr(buf, " wired") != NULL) {
		*textlen = n = gen_text(g, glen, go, buf, len, false);
		rc = scenario_parse(buf, n, "gen", out, &err);
	}
	return rc;
}

size_t
fuzz_gen_text(const uint8_t *g, size_t glen, const struct gen_opts *go,
    char *buf, size_t len)
{
	size_t n = gen_text(g, glen, go, buf, len, true);
	struct scenario *s;

	if (len == 0 || strstr(buf, " wired") == NULL)
		return n;
	s = malloc(sizeof(*s));
	if (s == NULL)
		return gen_text(g, glen, go, buf, len, false);
	fuzz_gen_scenario(g, glen, go, buf, len, &n, s);
	free(s);
	return n;
}
