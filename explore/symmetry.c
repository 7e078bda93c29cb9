/*
 * symmetry.c: interchangeable threads, and the representative of a
 * state's class (symmetry.h).
 *
 * Soundness rests on the model treating a tid as a name only: no step
 * compares two tids by order or picks the lowest of several, every
 * field that names a thread is renamed by world_rename_threads, and the
 * invariants judge a renamed world as the original.  tests/test_symmetry.c
 * checks it on every reachable world of its scenarios: stepping the
 * renamed world with the renamed thread gives the renamed result, byte
 * for byte, with the same alternatives and the same verdict.  Any choice
 * of representative is sound (two states share a key only if one is a
 * renaming of the other); sorting each group by the threads' bytes makes
 * the renamings of one state share it.
 */
#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "explore/explore.h"
#include "explore/symmetry.h"

static bool
same_program(const struct thread_def *a, const struct thread_def *b)
{
	if (a->nops != b->nops)
		return false;
	for (int i = 0; i < a->nops; i++) {
		const struct op *x = &a->ops[i], *y = &b->ops[i];

		if (x->kind != y->kind || x->exp_kind != y->exp_kind ||
		    x->exp_val != y->exp_val ||
		    memcmp(x->arg, y->arg, sizeof(x->arg)) != 0)
			return false;
	}
	return true;
}

/* the threads an operation names: waitpid of a thread, clone */
static void
mark_named(const struct model *m, bool named[MAX_THREADS + 1])
{
	for (int tid = 1; tid <= m->nthreads; tid++) {
		const struct thread_def *td = &m->threads[tid];

		for (int i = 0; i < td->nops; i++) {
			const struct op *op = &td->ops[i];
			const struct op_desc *d = op_desc(op->kind);

			for (int k = 0; d != NULL && k < d->nsig; k++) {
				const struct op_arg *a = &d->sig[k];
				int who = op->arg[a->slot];

				if (a->kind == OA_CLONE ||
				    (a->kind == OA_WAITEE &&
				    op->arg[a->slot + 1] == 1))
					if (who >= 1 && who <= MAX_THREADS)
						named[who] = true;
			}
		}
	}
}

void
symmetry_find(struct symmetry *sy, const struct model *m)
{
	bool named[MAX_THREADS + 1] = { false }, placed[MAX_THREADS + 1] = {
	    false };

	memset(sy, 0, sizeof(*sy));
	mark_named(m, named);
	for (int a = 1; a <= m->nthreads; a++) {
		const struct thread_def *ta = &m->threads[a];
		int g = sy->ngroups, n = 0;

		if (placed[a] || named[a] || ta->kthread != KT_NONE ||
		    ta->embryo)
			continue;
		sy->members[g][n++] = (uint8_t)a;
		for (int b = a + 1; b <= m->nthreads; b++) {
			const struct thread_def *tb = &m->threads[b];

			if (placed[b] || named[b] || tb->kthread != KT_NONE ||
			    tb->embryo || tb->proc != ta->proc ||
			    !same_program(ta, tb))
				continue;
			sy->members[g][n++] = (uint8_t)b;
			placed[b] = true;
		}
		if (n < 2)
			continue;
		sy->nmembers[g] = (uint8_t)n;
		sy->ngroups++;
	}
}

uint64_t
symmetry_key(const struct symmetry *sy, const struct world *w, uint64_t fp,
    uint8_t to[MAX_THREADS + 1])
{
	struct world rep;
	bool moved = false;

	for (int tid = 0; tid <= MAX_THREADS; tid++)
		to[tid] = (uint8_t)tid;
	for (int g = 0; g < sy->ngroups; g++) {
		const uint8_t *mem = sy->members[g];
		uint8_t order[MAX_THREADS];
		int n = sy->nmembers[g];

		/* insertion sort of the members by their threads' bytes */
		for (int i = 0; i < n; i++) {
			int j = i;

			while (j > 0 && memcmp(&w->threads[order[j - 1]],
			    &w->threads[mem[i]], sizeof(struct thread)) > 0) {
				order[j] = order[j - 1];
				j--;
			}
			order[j] = mem[i];
		}
		for (int i = 0; i < n; i++) {
			to[order[i]] = mem[i];
			if (order[i] != mem[i])
				moved = true;
		}
	}
	if (!moved)
		return fp;
	world_rename_threads(&rep, w, to);
	return explore_fingerprint(&rep);
}

uint8_t
symmetry_bits_to(const uint8_t to[MAX_THREADS + 1], uint8_t bits)
{
	uint8_t out = 0;

	for (int tid = 1; tid <= MAX_THREADS; tid++)
		if (bits & TBIT(tid))
			out |= TBIT(to[tid]);
	return out;
}

uint8_t
symmetry_bits_from(const uint8_t to[MAX_THREADS + 1], uint8_t bits)
{
	uint8_t out = 0;

	for (int tid = 1; tid <= MAX_THREADS; tid++)
		if (bits & TBIT(to[tid]))
			out |= TBIT(tid);
	return out;
}

void
symmetry_describe(const struct symmetry *sy, const struct model *m,
    char *buf, size_t len)
{
	size_t used = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (int g = 0; g < sy->ngroups; g++)
		for (int i = 0; i < sy->nmembers[g]; i++) {
			int k = snprintf(buf + used, len - used, "%s%s",
			    i > 0 ? " " : g > 0 ? "; " : "",
			    m->threads[sy->members[g][i]].name);

			if (k < 0 || (size_t)k >= len - used)
				return;
			used += (size_t)k;
		}
}

uint64_t
symmetry_order(const struct symmetry *sy)
{
	uint64_t order = 1;

	for (int g = 0; g < sy->ngroups; g++)
		for (int k = 2; k <= sy->nmembers[g]; k++)
			order *= (uint64_t)k;
	return order;
}
