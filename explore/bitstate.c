/*
 * bitstate.c: the bit array of --bitstate (bitstate.h).
 */
#include "explore/bitstate.h"

#include <math.h>
#include <string.h>
#include <sys/mman.h>

int
bitstate_init(struct bitstate *b, size_t bytes)
{
	size_t sz = 4096;
	void *p;

	while (sz * 2 <= bytes && sz < ((size_t)1 << 40))
		sz *= 2;
	memset(b, 0, sizeof(*b));
	p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		return -1;
	b->w = p;
	b->bytes = sz;
	b->mask = (uint64_t)sz * 8 - 1;
	return 0;
}

void
bitstate_free(struct bitstate *b)
{
	if (b->w != NULL)
		munmap((void *)b->w, b->bytes);
	b->w = NULL;
}

bool
bitstate_test_set(struct bitstate *b, uint64_t fp)
{
	bool seen = true;
	uint64_t h = fp, step = (fp >> 32 | fp << 32) | 1;

	for (int i = 0; i < BITSTATE_K; i++) {
		uint64_t bit = h & b->mask, m = (uint64_t)1 << (bit & 63);

		if (!(atomic_fetch_or_explicit(&b->w[bit >> 6], m,
		    memory_order_relaxed) & m))
			seen = false;
		h += step * 0x9e3779b97f4a7c15ull;
	}
	if (!seen)
		atomic_fetch_add_explicit(&b->n, 1, memory_order_relaxed);
	return seen;
}

double
bitstate_coverage(const struct bitstate *b)
{
	double n = (double)atomic_load(&b->n), m = (double)(b->mask + 1);
	double sum = 0;
	const int steps = 200;

	if (n < 1)
		return 1;
	for (int i = 0; i < steps; i++) {
		double x = n * (i + 0.5) / steps;

		sum += pow(1 - exp(-BITSTATE_K * x / m), BITSTATE_K);
	}
	return 1 - sum / steps;
}
