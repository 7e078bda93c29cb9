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

/* the scenario text into buf (NUL-terminated); returns its length */
size_t fuzz_gen_text(const uint8_t *g, size_t glen, char *buf, size_t len);

#endif
