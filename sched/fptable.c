/*
 * fptable.c: open-addressing table of 64-bit state fingerprints.
 */
#include "sched/fptable.h"

#include <stdlib.h>

int
fptable_init(struct fptable *t, unsigned log2_slots)
{
	size_t slots = (size_t)1 << log2_slots;

	t->fp = calloc(slots, sizeof(*t->fp));
	t->aux = calloc(slots, sizeof(*t->aux));
	t->mask = slots - 1;
	t->n = 0;
	if (t->fp == NULL || t->aux == NULL) {
		fptable_free(t);
		return -1;
	}
	return 0;
}

void
fptable_free(struct fptable *t)
{
	free(t->fp);
	free(t->aux);
	t->fp = NULL;
	t->aux = NULL;
	t->mask = 0;
	t->n = 0;
}

size_t
fptable_bytes(const struct fptable *t)
{
	return t->fp == NULL ? 0 :
	    (size_t)(t->mask + 1) * (sizeof(*t->fp) + sizeof(*t->aux));
}

static int
grow(struct fptable *t)
{
	size_t slots = (size_t)(t->mask + 1) * 2;
	uint64_t *fp = calloc(slots, sizeof(*fp));
	uint16_t *aux = calloc(slots, sizeof(*aux));

	if (fp == NULL || aux == NULL) {
		free(fp);
		free(aux);
		return -1;
	}
	for (size_t i = 0; i <= t->mask; i++) {
		size_t j;

		if (t->fp[i] == 0)
			continue;
		j = (size_t)t->fp[i] & (slots - 1);
		while (fp[j] != 0)
			j = (j + 1) & (slots - 1);
		fp[j] = t->fp[i];
		aux[j] = t->aux[i];
	}
	free(t->fp);
	free(t->aux);
	t->fp = fp;
	t->aux = aux;
	t->mask = slots - 1;
	return 0;
}

bool
fptable_contains(const struct fptable *t, uint64_t fp)
{
	uint64_t i;

	if (fp == 0)
		fp = 1;
	for (i = fp & t->mask; t->fp[i] != 0; i = (i + 1) & t->mask)
		if (t->fp[i] == fp)
			return true;
	return false;
}

uint16_t *
fptable_lookup(struct fptable *t, uint64_t fp, uint16_t aux, bool *found)
{
	uint64_t i;

	if (fp == 0)
		fp = 1;
	for (i = fp & t->mask; t->fp[i] != 0; i = (i + 1) & t->mask)
		if (t->fp[i] == fp) {
			*found = true;
			return &t->aux[i];
		}
	*found = false;
	if ((t->n + 1) * 2 > t->mask + 1) {
		if (grow(t) != 0)
			return NULL;
		for (i = fp & t->mask; t->fp[i] != 0; i = (i + 1) & t->mask)
			;
	}
	t->fp[i] = fp;
	t->aux[i] = aux;
	t->n++;
	return &t->aux[i];
}
