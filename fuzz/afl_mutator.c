/*
 * afl_mutator.c: fuzz/mutate.c as an AFL++ custom mutator
 * (AFL_CUSTOM_MUTATOR_LIBRARY=libuvmcheck-afl-mutator.so).  The mode
 * (schedule or generator inputs) comes from UVMCHECK_FUZZ_MODE=gen|sched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/mutate.h"

#define AFL_MAX_OUT	4096

struct afl_mut {
	unsigned seed;
	enum fuzz_mode mode;
	uint8_t buf[AFL_MAX_OUT];
};

void *afl_custom_init(void *afl, unsigned int seed);
size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size,
    uint8_t **out_buf, uint8_t *add_buf, size_t add_buf_size,
    size_t max_size);
void afl_custom_deinit(void *data);

void *
afl_custom_init(void *afl, unsigned int seed)
{
	struct afl_mut *m = calloc(1, sizeof(*m));
	const char *mode = getenv("UVMCHECK_FUZZ_MODE");

	(void)afl;
	if (m == NULL)
		return NULL;
	m->seed = seed;
	m->mode = mode != NULL && strcmp(mode, "gen") == 0 ? FUZZ_GENERATE :
	    FUZZ_SCHEDULE;
	return m;
}

size_t
afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf,
    uint8_t *add_buf, size_t add_buf_size, size_t max_size)
{
	struct afl_mut *m = data;
	size_t n = buf_size < AFL_MAX_OUT ? buf_size : AFL_MAX_OUT;

	(void)add_buf;
	(void)add_buf_size;
	if (max_size > AFL_MAX_OUT)
		max_size = AFL_MAX_OUT;
	memcpy(m->buf, buf, n);
	m->seed = m->seed * 1103515245u + 12345u;
	*out_buf = m->buf;
	return fuzz_mutate(m->buf, n, max_size, m->seed, m->mode);
}

void
afl_custom_deinit(void *data)
{
	free(data);
}
