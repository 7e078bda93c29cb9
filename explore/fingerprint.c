/*
 * fingerprint.c: XXH3-64 over the bytes of struct world.
 */
#include "explore/fingerprint.h"

#include <xxhash.h>

uint64_t
world_fingerprint(const struct world *w)
{
	return (uint64_t)XXH3_64bits(w, sizeof(*w));
}
