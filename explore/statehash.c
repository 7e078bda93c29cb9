/*
 * statehash.c: the fingerprint the explorers identify states by, kept
 * up to date step by step.
 *
 * The world's bytes are cut into 64-byte blocks; the fingerprint is the
 * sum (mod 2^64) of XXH3-64 of each block seeded with its index.  A step
 * changes a few blocks (the running thread's frame, a page, a PTE), so
 * the child's fingerprint is the parent's minus the hashes of the blocks
 * that changed, plus their new hashes: the unchanged blocks are compared,
 * not hashed.  Equal worlds have equal sums; two different worlds
 * collide with probability about 2^-64, as for one hash of the whole.
 *
 * Each thread's t_retries is hashed clamped to 1 (liveness.c says why).
 * This is not world_fingerprint(), the plain XXH3 of the bytes that
 * .sched files record.
 */
#include <stddef.h>
#include <string.h>

#include <xxhash.h>

#include "explore/explore.h"

#define BLOCK		64
#define NBLOCKS		EXPLORE_FP_BLOCKS
_Static_assert(NBLOCKS == (sizeof(struct world) + BLOCK - 1) / BLOCK,
    "EXPLORE_FP_BLOCKS counts blocks of BLOCK bytes");

static size_t
retries_off(int tid)
{
	return offsetof(struct world, threads) + (size_t)tid *
	    sizeof(struct thread) + offsetof(struct thread, t_retries);
}

static uint64_t
block_hash(const struct world *w, size_t b)
{
	unsigned char buf[BLOCK];
	size_t off = b * BLOCK, len = sizeof(*w) - off;

	if (len > BLOCK)
		len = BLOCK;
	if (off + len <= retries_off(1) || off > retries_off(MAX_THREADS))
		return (uint64_t)XXH3_64bits_withSeed((const unsigned char *)w +
		    off, len, (XXH64_hash_t)b);
	memcpy(buf, (const unsigned char *)w + off, len);
	for (int t = 1; t <= MAX_THREADS; t++) {
		size_t r = retries_off(t);

		if (r >= off && r < off + len && buf[r - off] > 1)
			buf[r - off] = 1;
	}
	return (uint64_t)XXH3_64bits_withSeed(buf, len, (XXH64_hash_t)b);
}

uint64_t
explore_fingerprint_blocks(const struct world *w, uint64_t *bh)
{
	uint64_t h = 0;

	for (size_t b = 0; b < NBLOCKS; b++)
		h += bh[b] = block_hash(w, b);
	return h;
}

uint64_t
explore_fingerprint(const struct world *w)
{
	uint64_t bh[NBLOCKS];

	return explore_fingerprint_blocks(w, bh);
}

static bool
block_same(const struct world *a, const struct world *c, size_t b)
{
	size_t off = b * BLOCK, len = sizeof(*a) - off;
	const unsigned char *p = (const unsigned char *)a + off;
	const unsigned char *q = (const unsigned char *)c + off;

	/* glibc's memcmp compares the block with vector loads */
	return memcmp(p, q, len < BLOCK ? len : BLOCK) == 0;
}

uint64_t
explore_fingerprint_step(const struct world *parent, uint64_t parent_fp,
    const struct world *child)
{
	uint64_t h = parent_fp;

	for (size_t b = 0; b < NBLOCKS; b++)
		if (!block_same(parent, child, b))
			h += block_hash(child, b) - block_hash(parent, b);
	return h;
}

uint64_t
explore_fingerprint_step_blocks(const struct world *parent, uint64_t parent_fp,
    const uint64_t *parent_bh, const struct world *child, uint64_t *child_bh)
{
	uint64_t h = parent_fp;

	memcpy(child_bh, parent_bh, NBLOCKS * sizeof(*child_bh));
	for (size_t b = 0; b < NBLOCKS; b++) {
		if (block_same(parent, child, b))
			continue;
		child_bh[b] = block_hash(child, b);
		h += child_bh[b] - parent_bh[b];
	}
	return h;
}
