/*
 * shard.c: --shard K/N parsing and ownership of subtrees (shard.h).
 */
#include "sched/shard.h"

#include <xxhash.h>

/* a decimal number of at most 7 digits, no sign or space; -1 if none */
static long
digits(const char **p)
{
	long v = 0;
	int n = 0;

	while (**p >= '0' && **p <= '9') {
		if (++n > 7)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return n == 0 ? -1 : v;
}

int
shard_parse(const char *arg, int *k, int *n, const char **why)
{
	const char *p = arg;
	long kk, nn;

	if ((kk = digits(&p)) < 0 || *p++ != '/' || (nn = digits(&p)) < 0 ||
	    *p != '\0') {
		*why = "expected K/N, two decimal numbers";
		return -1;
	}
	if (nn < 1 || nn > SHARD_MAX) {
		*why = "N must be from 1 to 1000000";
		return -1;
	}
	if (kk >= nn) {
		*why = "K must be less than N";
		return -1;
	}
	*k = (int)kk;
	*n = (int)nn;
	return 0;
}

bool
shard_keeps(const struct sched_choice *path, int depth, int k, int n)
{
	uint64_t h;

	if (n <= 1 || depth != SHARD_DEPTH)
		return true;
	h = XXH3_64bits(path, (size_t)depth * sizeof(path[0]));
	return (int)(h % (uint64_t)n) == k;
}
