/*
 * fptable.h: the state table of the stateful explorers.
 *
 * Open addressing, linear probing, a power-of-two number of slots, grown
 * (doubled) before the load passes 50%.  A slot holds the state's 64-bit
 * XXH3 fingerprint (0 = empty; a fingerprint that is 0 is stored as 1)
 * and a 16-bit aux word the explorer uses: the depth the state was
 * expanded at (low byte) and its sleep set or preemption count (high
 * byte).  The two live in separate arrays, so a probe scans fingerprints
 * only.
 */
#ifndef UVMCHECK_FPTABLE_H
#define UVMCHECK_FPTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fptable {
	uint64_t *fp;
	uint16_t *aux;
	uint64_t mask;		/* slots - 1 */
	uint64_t n;		/* stored states */
};

int fptable_init(struct fptable *t, unsigned log2_slots);
void fptable_free(struct fptable *t);
/*
 * Find fp, inserting it (with aux) when absent.  Returns a pointer to the
 * slot's aux word and sets *found; NULL when out of memory.
 */
uint16_t *fptable_lookup(struct fptable *t, uint64_t fp, uint16_t aux,
    bool *found);
bool fptable_contains(const struct fptable *t, uint64_t fp);
size_t fptable_bytes(const struct fptable *t);

#endif
