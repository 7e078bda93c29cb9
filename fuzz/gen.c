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
#include "scenarios/scenario.h"
#include "fuzz/emit.h"

static uint8_t
at(const uint8_t *g, size_t glen, size_t i)
{
	return i < glen ? g[i] : 0;
}

enum gen_op {
	G_TOUCH_R, G_TOUCH_W, G_MLOCK, G_MUNLOCK, G_MPROTECT, G_TRUNCATE,
	G_SEND, G_PHYSIO_READ, G_PHYSIO_WRITE, G_MUNMAP, G_MMAP, G_MLOCKALL,
	G_MUNLOCKALL, G_PTRACE_WRITE, G_COLLECT, G_EXIT, G_NKINDS
};

static const char *const prots[4] = { "rw", "r", "rw", "rwx" };

/* the language's operation each kind of the grammar is */
static const int gen_kind_op[G_NKINDS] = {
	[G_TOUCH_R] = OP_TOUCH, [G_TOUCH_W] = OP_TOUCH, [G_MLOCK] = OP_MLOCK,
	[G_MUNLOCK] = OP_MUNLOCK, [G_MPROTECT] = OP_MPROTECT,
	[G_TRUNCATE] = OP_TRUNCATE, [G_SEND] = OP_SEND,
	[G_PHYSIO_READ] = OP_PHYSIO_READ, [G_PHYSIO_WRITE] = OP_PHYSIO_WRITE,
	[G_MUNMAP] = OP_MUNMAP, [G_MMAP] = OP_MMAP, [G_MLOCKALL] = OP_MLOCKALL,
	[G_MUNLOCKALL] = OP_MUNLOCKALL, [G_PTRACE_WRITE] = OP_PTRACE_WRITE,
	[G_COLLECT] = OP_COLLECT, [G_EXIT] = OP_EXIT,
};

bool
gen_op_made(int op_kind)
{
	for (int k = 0; k < G_NKINDS; k++)
		if (gen_kind_op[k] == op_kind)
			return true;
	return false;
}

static bool
kind_allowed(const struct gen_opts *o, int k)
{
	return o == NULL || o->ops == 0 ||
	    (o->ops & ((uint64_t)1 << gen_kind_op[k])) != 0;
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
	uint8_t kinds[G_NKINDS];
	int nkinds = 0, nonexit = 0;
	int i, j;

	/* the kinds --ops allows; exit only as a thread's last operation */
	for (int k = 0; k < G_NKINDS; k++)
		if (kind_allowed(go, k)) {
			kinds[nkinds++] = (uint8_t)k;
			nonexit += k != G_EXIT;
		}
	if (nkinds == 0) {
		for (int k = 0; k < G_NKINDS; k++)
			kinds[k] = (uint8_t)k;
		nkinds = G_NKINDS;
		nonexit = G_NKINDS - 1;
	}

	/* the kernel keeps freetarg above the reserve (scenarios/parse.c) */
	if (freetarg <= reserve)
		freetarg = reserve + 1;
	if (len == 0)
		return 0;
	buf[0] = '\0';
	emit(&o, "scenario gen\n");
	emit(&o, "world pages=%d swap=%d freemin=%d freetarg=%d reserve=%d "
	    "failures=%d\n", pages, swap, freemin, freetarg, reserve,
	    failures);
	emit(&o, "vnode f pages=%d resident=%d\n", fpages, fres);
	if (has_g)
		emit(&o, "aobj g pages=%d\n", gpages);
	emit(&o, "proc A\n");
	if (has_b)
		emit(&o, "proc B\n");
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
		emit(&o, "map %s %d %s %d %d %s %s%s\n",
		    has_b && (m0 & 4) ? "B" : "A", 4 * i, obj, off, n,
		    (m2 & 1) ? "private" : "shared", prots[(m2 >> 1) % 4],
		    allow_wired && (m2 & 0x38) == 0x38 ? " wired" : "");
	}
	for (i = 0; i < GEN_NTHREADS; i++) {
		size_t b = GEN_THREADS + (size_t)i * GEN_THREAD_SIZE;
		uint8_t t0 = at(g, glen, b);
		int nops = nonexit == 0 ? 1 : 1 + (t0 >> 3) % GEN_NOPS;

		if (i >= maxt || (i > 0 && (t0 & 3) == 0))
			continue;
		emit(&o, "thread t%d %s:", i + 1,
		    has_b && (t0 & 4) ? "B" : "A");
		for (j = 0; j < nops; j++) {
			size_t ob = b + 1 + (size_t)j * GEN_OPBYTES;
			uint8_t k = kinds[at(g, glen, ob) % nkinds];
			uint8_t a1 = at(g, glen, ob + 1);
			uint8_t a2 = at(g, glen, ob + 2);
			int va = 4 * (a1 % 4) + (a1 >> 2) % 3;
			int n = 1 + a2 % 2;
			const char *proc = has_b && (a2 & 2) ? "B" : "A";

			if (k == G_EXIT && j != nops - 1) {
				/* a store, or the next allowed kind */
				int x = at(g, glen, ob) % nkinds;

				while (kinds[x] == G_EXIT)
					x = (x + 1) % nkinds;
				k = kind_allowed(go, G_TOUCH_W) ? G_TOUCH_W :
				    kinds[x];
			}
			emit(&o, "%s ", j == 0 ? "" : ";");
			switch (k) {
			case G_TOUCH_R:
				emit(&o, "touch %d r", va);
				break;
			case G_TOUCH_W:
				emit(&o, "touch %d w", va);
				break;
			case G_MLOCK:
				emit(&o, "mlock %d %d", va, n);
				break;
			case G_MUNLOCK:
				emit(&o, "munlock %d %d", va, n);
				break;
			case G_MPROTECT:
				emit(&o, "mprotect %d %d %s", va, n,
				    (a2 & 4) ? "r" : "rw");
				break;
			case G_TRUNCATE:
				emit(&o, "truncate f %d", a2 % (fpages + 1));
				break;
			case G_SEND:
				emit(&o, "send %d %d", va, n);
				break;
			case G_PHYSIO_READ:
				emit(&o, "physio-read %d %d", va, n);
				break;
			case G_PHYSIO_WRITE:
				emit(&o, "physio-write %d %d", va, n);
				break;
			case G_MUNMAP:
				emit(&o, "munmap %d %d", va, n);
				break;
			case G_MMAP:
				emit(&o, "mmap %d %d anon 0 %s rw", va, n,
				    (a2 & 4) ? "shared" : "private");
				break;
			case G_MLOCKALL:
				emit(&o, "mlockall %s", (a2 & 4) ?
				    "current,future" : "current");
				break;
			case G_MUNLOCKALL:
				emit(&o, "munlockall");
				break;
			case G_PTRACE_WRITE:
				emit(&o, "ptrace-write %s %d", proc, va);
				break;
			case G_COLLECT:
				emit(&o, "collect %s", proc);
				break;
			default:
				emit(&o, "exit");
				break;
			}
		}
		emit(&o, "\n");
	}
	/* always a pagedaemon: without one uvm_wait never returns */
	emit(&o, "kthread pd pagedaemon\n");
	if (w2 & 0x08)
		emit(&o, "kthread net netisr\n");
	if (w2 & 0x10)
		emit(&o, "kthread io aiodone\n");
	emit(&o, "bound depth=64\n");
	return o.pos;
}

/*
 * fuzz_gen_text: the scenario text of generator bytes g.  A `wired`
 * mapping is mlock()ed at world setup, which fails when the world is too
 * small for it (scenarios/parse.c check_wired_setup); the grammar then
 * gives the same scenario without `wired`, so every input decodes.
 */
size_t
fuzz_gen_text(const uint8_t *g, size_t glen, const struct gen_opts *go,
    char *buf, size_t len)
{
	size_t n = gen_text(g, glen, go, buf, len, true);
	struct scenario *s;
	struct scenario_error err;

	if (len == 0 || strstr(buf, " wired") == NULL)
		return n;
	s = malloc(sizeof(*s));
	if (s == NULL)
		return gen_text(g, glen, go, buf, len, false);
	if (scenario_parse(buf, n, "gen", s, &err) != 0)
		n = gen_text(g, glen, go, buf, len, false);
	free(s);
	return n;
}
