/*
 * fptable.c: the compacted, lock-free table of state fingerprints
 * (fptable.h).
 */
#include "explore/fptable.h"

#include <string.h>
#include <sys/mman.h>

#define AUX_BITS	16
#define CHOICE_SHIFT	AUX_BITS
#define CHOICE_MASK	((uint64_t)(FPTABLE_CHOICES - 1) << CHOICE_SHIFT)
#define STORE_SHIFT	(AUX_BITS + 2)

static uint64_t
nbuckets(unsigned k)
{
	return (uint64_t)1 << k;
}

static size_t
bytes_for(unsigned k)
{
	return (size_t)nbuckets(k) * FPTABLE_WAYS * sizeof(uint64_t);
}

/* candidate c's bucket is h0 ^ alt(c): a function of the low 16 bits */
static uint64_t
alt(uint64_t fp, int c, unsigned k)
{
	static const uint64_t mul[FPTABLE_CHOICES] = { 0,
	    0x9e3779b97f4a7c15ull, 0xc2b2ae3d27d4eb4full,
	    0x165667b19e3779f9ull };
	uint64_t x;

	if (c == 0)
		return 0;
	x = (((fp & 0xffff) + 1) * mul[c] >> 32) & (nbuckets(k) - 1);
	return x != 0 ? x : (uint64_t)c;
}

static uint64_t
lowmask(unsigned k)
{
	return ((uint64_t)1 << (64 - k)) - 1;
}

static uint64_t
normal(uint64_t fp, unsigned k)
{
	return (fp & lowmask(k)) == 0 ? fp | 1 : fp;
}

static uint64_t
packed(uint64_t fp, unsigned k, int choice, uint16_t aux)
{
	return ((fp & lowmask(k)) << STORE_SHIFT) |
	    ((uint64_t)choice << CHOICE_SHIFT) | aux;
}

static _Atomic uint64_t *
map_slots(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

int
fptable_init(struct fptable *t, size_t max_bytes)
{
	memset(t, 0, sizeof(*t));
	t->kbits = FPTABLE_MIN_BITS;
	t->bytes = bytes_for(t->kbits);
	t->max_bytes = max_bytes != 0 && max_bytes < t->bytes ? t->bytes :
	    max_bytes;
	t->slot = map_slots(t->bytes);
	if (t->slot == NULL)
		return -1;
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->cv, NULL);
	return 0;
}

void
fptable_free(struct fptable *t)
{
	if (t->slot != NULL) {
		munmap((void *)t->slot, t->bytes);
		pthread_mutex_destroy(&t->mu);
		pthread_cond_destroy(&t->cv);
	}
	t->slot = NULL;
	t->bytes = 0;
	atomic_store(&t->n, 0);
}

size_t
fptable_bytes(const struct fptable *t)
{
	return t->slot != NULL ? t->bytes : 0;
}

uint64_t
fptable_slots(const struct fptable *t)
{
	return t->slot != NULL ? nbuckets(t->kbits) * FPTABLE_WAYS : 0;
}

uint64_t
fptable_count(const struct fptable *t)
{
	return atomic_load_explicit(&t->n, memory_order_relaxed);
}

bool
fptable_at(const struct fptable *t, uint64_t i, uint64_t *fp)
{
	uint64_t s = atomic_load_explicit(&t->slot[i], memory_order_relaxed);
	uint64_t b = i / FPTABLE_WAYS, low, h0;
	int c;

	if (s == 0)
		return false;
	low = s >> STORE_SHIFT;
	c = (int)((s & CHOICE_MASK) >> CHOICE_SHIFT);
	h0 = b ^ alt(low, c, t->kbits);
	*fp = (h0 << (64 - t->kbits)) | low;
	return true;
}

/*
 * Look for fp (normalized) along its sequence of positions: slot 0 of
 * each candidate bucket, then slot 1, ...  Returns the index of the slot
 * holding it (*s its word), or of the first free position (*s 0, *choice
 * the candidate), or UINT64_MAX: all 32 positions taken.
 */
static uint64_t
probe(const struct fptable *t, uint64_t f, unsigned k, int *choice,
    uint64_t *s)
{
	uint64_t h0 = f >> (64 - k), b[FPTABLE_CHOICES];
	uint64_t key = (f & lowmask(k)) << (STORE_SHIFT - AUX_BITS);

	for (int c = 0; c < FPTABLE_CHOICES; c++)
		b[c] = (h0 ^ alt(f, c, k)) * FPTABLE_WAYS;
	for (int lvl = 0; lvl < FPTABLE_WAYS; lvl++)
		for (int c = 0; c < FPTABLE_CHOICES; c++) {
			uint64_t i = b[c] + (uint64_t)lvl;
			uint64_t v = atomic_load_explicit(&t->slot[i],
			    memory_order_acquire);

			if (v == 0 || (v >> AUX_BITS) == (key | (uint64_t)c)) {
				*choice = c;
				*s = v;
				return i;
			}
		}
	return UINT64_MAX;
}

/* single-threaded or with the world stopped: double the table */
static int
grow(struct fptable *t)
{
	unsigned k = t->kbits + 1;
	size_t bytes = bytes_for(k);
	struct fptable nt;
	uint64_t slots = fptable_slots(t);

	if ((t->max_bytes != 0 && bytes > t->max_bytes) || k > 46)
		return -1;
	memset(&nt, 0, sizeof(nt));
	nt.kbits = k;
	nt.slot = map_slots(bytes);
	if (nt.slot == NULL)
		return -1;
	for (uint64_t i = 0; i < slots; i++) {
		uint64_t fp, s, j;
		uint16_t aux = (uint16_t)t->slot[i];
		int c;

		if (!fptable_at(t, i, &fp))
			continue;
		j = probe(&nt, fp, k, &c, &s);
		if (j == UINT64_MAX) {	/* full even now: give up */
			munmap((void *)nt.slot, bytes);
			return -1;
		}
		nt.slot[j] = packed(fp, k, c, aux);
	}
	munmap((void *)t->slot, t->bytes);
	t->slot = nt.slot;
	t->kbits = k;
	t->bytes = bytes;
	return 0;
}

/*
 * With t->mu held: park the calling worker until the grow that began in
 * generation g is done.  It counts as parked, so the growing thread,
 * which waits for every other worker to park, can go on; the broadcast
 * tells it one more has.
 */
static void
park_until_grown(struct fptable *t, unsigned g)
{
	t->parked++;
	pthread_cond_broadcast(&t->cv);
	while (t->generation == g)
		pthread_cond_wait(&t->cv, &t->mu);
	t->parked--;
}

/* stop the world (if threads share the table) and double it */
static int
grow_stopped(struct fptable *t, unsigned k_seen)
{
	int rc = 0;

	pthread_mutex_lock(&t->mu);
	if (t->kbits != k_seen) {	/* another thread grew it meanwhile */
		pthread_mutex_unlock(&t->mu);
		return 0;
	}
	if (atomic_exchange(&t->grow_pending, 1) != 0) {
		/* another thread is about to grow it: park until done */
		park_until_grown(t, t->generation);
		pthread_mutex_unlock(&t->mu);
		return 0;
	}
	while (t->workers > 1 && t->parked < t->workers - 1)
		pthread_cond_wait(&t->cv, &t->mu);
	rc = grow(t);
	atomic_store(&t->grow_pending, 0);
	t->generation++;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
	return rc;
}

void
fptable_safepoint(struct fptable *t)
{
	unsigned g;

	if (atomic_load_explicit(&t->grow_pending, memory_order_acquire) == 0)
		return;
	pthread_mutex_lock(&t->mu);
	g = t->generation;
	if (atomic_load(&t->grow_pending) != 0)
		park_until_grown(t, g);
	pthread_mutex_unlock(&t->mu);
}

void
fptable_worker_enter(struct fptable *t)
{
	pthread_mutex_lock(&t->mu);
	t->workers++;
	pthread_mutex_unlock(&t->mu);
}

void
fptable_worker_leave(struct fptable *t)
{
	pthread_mutex_lock(&t->mu);
	t->workers--;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
}

int
fptable_lookup(struct fptable *t, uint64_t fp, uint16_t aux,
    struct fp_ref *ref)
{
	for (;;) {
		unsigned k = t->kbits;
		uint64_t f = normal(fp, k), s, i;
		int c;

		i = probe(t, f, k, &c, &s);
		if (i == UINT64_MAX) {
			if (grow_stopped(t, k) != 0)
				return FP_FULL;
			continue;
		}
		if (s != 0) {
			ref->idx = i;
			ref->aux = (uint16_t)s;
			return FP_FOUND;
		}
		if (atomic_compare_exchange_strong_explicit(&t->slot[i], &s,
		    packed(f, k, c, aux), memory_order_acq_rel,
		    memory_order_acquire)) {
			atomic_fetch_add_explicit(&t->n, 1,
			    memory_order_relaxed);
			ref->idx = i;
			ref->aux = aux;
			return FP_NEW;
		}
		/* another thread took the slot: look again */
	}
}

bool
fptable_set_aux(struct fptable *t, struct fp_ref *ref, uint16_t aux)
{
	uint64_t s = atomic_load_explicit(&t->slot[ref->idx],
	    memory_order_acquire);
	uint64_t want = (s & ~(uint64_t)0xffff) | ref->aux;

	if (atomic_compare_exchange_strong_explicit(&t->slot[ref->idx], &want,
	    (s & ~(uint64_t)0xffff) | aux, memory_order_acq_rel,
	    memory_order_acquire)) {
		ref->aux = aux;
		return true;
	}
	ref->aux = (uint16_t)want;
	return false;
}

bool
fptable_contains(struct fptable *t, uint64_t fp)
{
	uint64_t s;
	int c;

	return probe(t, normal(fp, t->kbits), t->kbits, &c, &s) !=
	    UINT64_MAX && s != 0;
}
