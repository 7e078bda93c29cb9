/*
 * fptable.h: the state table of the stateful explorers, 8 bytes a slot.
 *
 * Hash compaction with quotienting (as SPIN's -DHC and TLC's fingerprint
 * sets compact states, but losing no bit of the 64-bit XXH3
 * fingerprint).  The table is 2^K buckets of 8 slots (a cache line); a
 * state's fingerprint fp has four candidate buckets:
 *
 *	h0 = the top K bits of fp
 *	hc = h0 ^ alt(c, low 16 bits of fp)	c = 1, 2, 3
 *
 * and a slot stores only what the bucket does not say:
 *
 *	bits 63..18  the low 64-K bits of fp (K >= 18, so they fit)
 *	bits 17..16  which candidate c the bucket is
 *	bits 15..0   the aux word the explorer keeps with the state
 *
 * so the whole fingerprint is known again from (bucket, slot) and the
 * table can double (K + 1) by reinserting.  A slot of all zeros is
 * empty; the one fingerprint per 2^46 whose stored bits are all zero is
 * stored as if its lowest bit were set.  A state's positions are taken
 * in one fixed order: slot 0 of h0, h1, h2, h3, then slot 1 of each, and
 * so on; it goes to the first free one.  Positions never become free
 * again, so a lookup stops at the first free position, an insert is one
 * compare-and-swap there, and two threads can never store one state
 * twice.  The table doubles when all 32 positions are taken (at a load
 * near 89%: about 9 bytes a state, 18 just after a doubling), unless
 * that would pass max_bytes: then the insert fails with FP_FULL and the
 * search stops at its memory bound.
 *
 * Shared by the threads of --jobs: lookups and inserts are lock-free
 * (C11 atomics); a doubling stops the world: the thread that needs it
 * waits until every other worker is parked at a safe point
 * (fptable_safepoint), rehashes, and releases them.
 */
#ifndef UVMCHECK_FPTABLE_H
#define UVMCHECK_FPTABLE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FPTABLE_MIN_BITS	18	/* 2^18 buckets: 16 MiB */
#define FPTABLE_WAYS		8
#define FPTABLE_CHOICES		4

struct fptable {
	_Atomic uint64_t *slot;
	unsigned kbits;		/* K: log2 of the buckets */
	size_t bytes;		/* mapped */
	size_t max_bytes;	/* 0: no limit */
	_Atomic uint64_t n;	/* stored states */
	/* stop-the-world doubling for threads */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	_Atomic int grow_pending;
	int workers;		/* threads that call fptable_safepoint */
	int parked;
	unsigned generation;
};

enum { FP_NEW = 0, FP_FOUND = 1, FP_FULL = -1 };

/* where a fingerprint sits, and the aux word seen there */
struct fp_ref {
	uint64_t idx;
	uint16_t aux;
};

/* max_bytes 0: no limit; a limit below the initial 8 MiB is raised to it */
int fptable_init(struct fptable *t, size_t max_bytes);
void fptable_free(struct fptable *t);
/*
 * Find fp, inserting it with aux when absent.  FP_NEW (inserted),
 * FP_FOUND (ref->aux is the aux stored), FP_FULL (not stored: the
 * memory limit, or no memory).
 */
int fptable_lookup(struct fptable *t, uint64_t fp, uint16_t aux,
    struct fp_ref *ref);
/*
 * Replace the aux word at ref if it is still ref->aux: true.  Otherwise
 * (another thread changed it) ref->aux is the current word: false.
 */
bool fptable_set_aux(struct fptable *t, struct fp_ref *ref, uint16_t aux);
bool fptable_contains(struct fptable *t, uint64_t fp);
size_t fptable_bytes(const struct fptable *t);
uint64_t fptable_slots(const struct fptable *t);
uint64_t fptable_count(const struct fptable *t);
/* the fingerprint in slot i: false when the slot is empty */
bool fptable_at(const struct fptable *t, uint64_t i, uint64_t *fp);

/* --jobs: workers register, call safepoint often, and leave */
void fptable_worker_enter(struct fptable *t);
void fptable_worker_leave(struct fptable *t);
void fptable_safepoint(struct fptable *t);

#endif
