/*
 * mutate.c: the structure-aware mutator (mutate.h).
 */
#include "fuzz/mutate.h"

#include <string.h>

#include "fuzz/gen.h"

/* xorshift32: the mutator's own generator, seeded by the engine */
static uint32_t
rnd(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

static size_t
tape_mutate(uint8_t *d, size_t hdr, size_t size, size_t max, uint32_t *s)
{
	size_t n = size > hdr ? size - hdr : 0;
	size_t i = n ? hdr + rnd(s) % n : hdr, j;
	uint8_t t;

	switch (rnd(s) % 7) {
	case 0:		/* insert a choice */
		if (size < max) {
			memmove(d + i + 1, d + i, size - i);
			d[i] = (uint8_t)rnd(s);
			return size + 1;
		}
		break;
	case 1:		/* delete a choice */
		if (n > 0) {
			memmove(d + i, d + i + 1, size - i - 1);
			return size - 1;
		}
		break;
	case 2:		/* swap two choices */
		if (n > 1) {
			j = hdr + rnd(s) % n;
			t = d[i];
			d[i] = d[j];
			d[j] = t;
		}
		break;
	case 3:		/* move a preemption: the choice moves by one */
		if (n > 1 && i + 1 < size) {
			t = d[i];
			d[i] = d[i + 1];
			d[i + 1] = t;
		}
		break;
	case 4:		/* toggle an environment failure (q odd) */
		if (n > 0)
			d[i] ^= (uint8_t)(1u << (1 + rnd(s) % 3));
		break;
	case 5:		/* a run of one thread: copy a choice forward */
		if (n > 1) {
			size_t len = 1 + rnd(s) % 4;

			for (j = i + 1; j < size && j <= i + len; j++)
				d[j] = d[i];
		}
		break;
	default:	/* change a choice */
		if (n > 0)
			d[i] = (uint8_t)rnd(s);
		else if (size < max) {
			d[size] = (uint8_t)rnd(s);
			return size + 1;
		}
		break;
	}
	return size;
}

static void
gen_mutate(uint8_t *d, size_t size, uint32_t *s)
{
	size_t th = GEN_THREADS + (rnd(s) % GEN_NTHREADS) * GEN_THREAD_SIZE;
	size_t op = th + 1 + (rnd(s) % GEN_NOPS) * GEN_OPBYTES;
	size_t op2 = th + 1 + (rnd(s) % GEN_NOPS) * GEN_OPBYTES;
	uint8_t t[GEN_OPBYTES];

	/* offsets in d are the gen.h offsets + 1 (d[0] is the config) */
	th++;
	op++;
	op2++;
	if (op2 + GEN_OPBYTES > size || op + GEN_OPBYTES > size)
		return;
	switch (rnd(s) % 6) {
	case 0:		/* an operation's kind */
		d[op] = (uint8_t)rnd(s);
		break;
	case 1:		/* an argument */
		d[op + 1 + rnd(s) % 2] = (uint8_t)rnd(s);
		break;
	case 2:		/* insert an operation (one more in the program) */
		d[th] = (uint8_t)(d[th] + 8);
		break;
	case 3:		/* delete one */
		d[th] = (uint8_t)(d[th] - 8);
		break;
	case 4:		/* swap two operations */
		memcpy(t, d + op, GEN_OPBYTES);
		memmove(d + op, d + op2, GEN_OPBYTES);
		memcpy(d + op2, t, GEN_OPBYTES);
		break;
	default:	/* the world, objects, mappings, or a thread's presence */
		d[1 + rnd(s) % GEN_THREADS] = (uint8_t)rnd(s);
		break;
	}
}

size_t
fuzz_mutate(uint8_t *data, size_t size, size_t max, unsigned seed,
    enum fuzz_mode mode)
{
	uint32_t s = seed | 1u;
	size_t hdr = mode == FUZZ_GENERATE ? FUZZ_GEN_HDR : 2;

	if (max == 0)
		return 0;
	if (size > max)
		size = max;
	/* a short input: pad the header with zeros (decodes the same) */
	if (size < hdr && max >= hdr) {
		memset(data + size, 0, hdr - size);
		size = hdr;
	}
	switch (rnd(&s) % 8) {
	case 0:		/* the scenario (schedule) or the configuration */
		if (size > 0)
			data[rnd(&s) % (size < 2 ? size : 2)] = (uint8_t)rnd(&s);
		break;
	case 1:
	case 2:
		if (mode == FUZZ_GENERATE && size >= hdr) {
			gen_mutate(data, size, &s);
			break;
		}
		/* FALLTHROUGH */
	default:
		size = tape_mutate(data, size < hdr ? size : hdr, size, max, &s);
		break;
	}
	return size;
}
