/*
 * symmetry.h: states equal up to renaming interchangeable threads.
 *
 * Two LWPs of one process that run the same program are interchangeable:
 * a world and the world with their roles swapped (core/thread_perm.c)
 * lead to the same verdicts, the one's schedules being the other's with
 * the two threads' steps exchanged.  With --symmetry the stateful dfs
 * stores a state under the fingerprint of one representative of its
 * class, the world with each group's threads sorted by their bytes, and
 * explores one of each class: up to k! fewer states for a group of k.
 */
#ifndef UVMCHECK_SYMMETRY_H
#define UVMCHECK_SYMMETRY_H

#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/world.h"

struct symmetry {
	int ngroups;
	uint8_t nmembers[MAX_THREADS];
	uint8_t members[MAX_THREADS][MAX_THREADS];	/* tids, ascending */
};

/*
 * The groups of interchangeable threads: user LWPs, present from the
 * start (not embryos), of the same process, with the same program
 * (operations, arguments and expected results), none named by an
 * operation (waitpid of a thread, clone).  Groups have two or more.
 */
void symmetry_find(struct symmetry *sy, const struct model *m);

/*
 * The fingerprint w is stored under: fp (its own fingerprint) when w is
 * its class's representative, else the representative's.  to[tid] is
 * the thread tid becomes in the representative (identity: the same).
 */
uint64_t symmetry_key(const struct symmetry *sy, const struct world *w,
    uint64_t fp, uint8_t to[MAX_THREADS + 1]);

/* a mask of threads (bit tid - 1) renamed by to, and back */
uint8_t symmetry_bits_to(const uint8_t to[MAX_THREADS + 1], uint8_t bits);
uint8_t symmetry_bits_from(const uint8_t to[MAX_THREADS + 1], uint8_t bits);

/* the groups by thread name, "a1 a2 a3; b1 b2" ("" when none) */
void symmetry_describe(const struct symmetry *sy, const struct model *m,
    char *buf, size_t len);

/* the largest reduction the groups allow: the product of k! */
uint64_t symmetry_order(const struct symmetry *sy);

#endif
