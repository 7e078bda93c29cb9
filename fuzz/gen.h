/*
 * gen.h: the scenario grammar of the generator harnesses.
 *
 * fuzz_gen_text() reads FUZZ_GEN_HDR - 1 bytes (fuzz/decode.h) as a
 * derivation: the world, one vnode and maybe an aobj, one or two
 * processes with up to three initial mappings each, up to three user
 * threads of up to four operations each, the pagedaemon (always: without
 * it uvm_wait never returns) and maybe the netisr and aiodone threads.  Every
 * value is reduced into the model's limits (core/params.h) and the
 * language's checks, so the text always parses; fuzz_decode() still
 * falls back to a library scenario if it did not.
 */
#ifndef UVMCHECK_FUZZ_GEN_H
#define UVMCHECK_FUZZ_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* layout of the header (offsets into bytes [1..]) */
#define GEN_WORLD	0	/* 3 bytes: pages/swap, freemin/reserve, failures/kthreads */
#define GEN_OBJS	3	/* 2 bytes: vnode pages/resident, aobj */
#define GEN_PROCS	5	/* 1 byte: second process, mappings per proc */
#define GEN_MAPS	6	/* 4 mappings x 3 bytes */
#define GEN_NMAPS	4
#define GEN_THREADS	18	/* 3 threads x (1 + 4 ops x 3 bytes) */
#define GEN_NTHREADS	3
#define GEN_NOPS	4
#define GEN_OPBYTES	3
#define GEN_THREAD_SIZE	(1 + GEN_NOPS * GEN_OPBYTES)

/*
 * What the user aims the generator at (uvmcheck fuzz --generate --ops,
 * --pages, --procs, --threads, --like): zero is the default everywhere.
 */
struct gen_opts {
	uint64_t ops;		/* bit (1 << OP_x) per operation made; 0: all */
	int max_pages;		/* physical pages: 4..12 by default */
	int max_procs;		/* 1 or 2 (default 2) */
	int max_threads;	/* user threads, 1..GEN_NTHREADS (default 3) */
};

/* the operations the grammar makes (names as the language spells them) */
bool gen_op_made(int op_kind);

/* the scenario text into buf (NUL-terminated); returns its length */
size_t fuzz_gen_text(const uint8_t *g, size_t glen, const struct gen_opts *o,
    char *buf, size_t len);

/*
 * The same text into buf (its length in *textlen), parsed into out as
 * scenario "gen": the parse that fuzz_gen_text makes to drop `wired`
 * is the one kept.  scenario_parse's result: 0, or -1 (out zeroed).
 */
struct scenario;
int fuzz_gen_scenario(const uint8_t *g, size_t glen, const struct gen_opts *o,
    char *buf, size_t len, size_t *textlen, struct scenario *out);

/*
 * Generation around a user's scenario (--like, fuzz/gen_like.c): its
 * world, objects, processes, mappings and kernel threads as written;
 * each user thread's program mutated: operations kept, replaced by
 * another of the scenario's operations (those o->ops allows), their
 * numbers moved by one, the program made one shorter or up to two
 * longer, one more thread added.  An all-zero header gives the
 * scenario itself (its expectations left out).  0 on success, -1 with
 * err (the scenario has no user thread, or o->ops leaves no operation).
 */
struct gen_like;
int fuzz_like_prepare(const char *text, const struct gen_opts *o,
    struct gen_like **out, char *err, size_t errlen);
size_t fuzz_gen_like(const uint8_t *g, size_t glen, const struct gen_like *t,
    char *buf, size_t len);
void fuzz_like_free(struct gen_like *t);

#endif
