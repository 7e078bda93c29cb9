/*
 * run.h: run one schedule from the initial world (the replay explorer).
 *
 * For each choice (thread, environment choice) in order: the thread must
 * be enabled, world_step() runs it, the fingerprint of the new world is
 * recorded, and every safety invariant is checked (inv_check_all, plus
 * the at-op event a step may have raised).  The run stops at the first
 * violation.  A run whose last state repeats an earlier one closes a
 * cycle: a non-progress cycle there is a nonprogress-cycle violation.  When the choices are used up, a world with unfinished
 * threads and none enabled is a deadlock; anything else is clean.
 *
 * A callback sees every step with the worlds before and after it: the
 * trace printer and replay's divergence check hang there.
 */
#ifndef UVMCHECK_RUN_H
#define UVMCHECK_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/engine.h"
#include "core/model.h"
#include "core/world.h"
#include "corpus/sched_file.h"
#include "invariants/invariants.h"

enum run_error {
	RUN_OK = 0,
	RUN_NOT_ENABLED,	/* a choice names a thread that cannot run */
	RUN_BAD_CHOICE,		/* /fK with K beyond the step's failure points */
};

struct run_result {
	enum verdict verdict;
	int nsteps;		/* steps executed */
	int vstep;		/* step after which the verdict holds (0 = initial world) */
	int inv;		/* enum inv_id of the violation */
	struct inv_violation viol;
	char detail[320];	/* inv_describe() of the violation */
	bool finished;		/* every user thread done at the end */
	enum run_error error;
	int err_step;		/* 1-based step of the error */
	char errmsg[200];
	uint64_t fp[SCHED_MAX_STEPS];		/* world after each step */
	const char *point[SCHED_MAX_STEPS];	/* interleaving point reached */
};

/* step is 1-based; before/after are the worlds around the step */
typedef void (*run_step_cb)(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp);

/*
 * Run s from world_init.  Returns 0 (verdict in res), or -1 when the
 * schedule cannot be run (res->error, res->err_step, res->errmsg).
 */
int run_schedule(const struct model *m, const struct schedule *s,
    struct run_result *res, run_step_cb cb, void *arg);

/*
 * The safety check after a step: inv_check_all, then the event the step
 * raised (an at-op invariant or a kernel panic).  True when violated.
 */
bool run_check_world(const struct world *w, const struct model *m,
    struct inv_violation *v);

/*
 * The fingerprint the explorers identify states by (statehash.c): a sum
 * of XXH3 hashes of the world's 64-byte blocks, each thread's t_retries
 * clamped to 1; _step updates a parent's for a child, hashing only the
 * blocks the step changed.
 */
uint64_t explore_fingerprint(const struct world *w);
uint64_t explore_fingerprint_step(const struct world *parent,
    uint64_t parent_fp, const struct world *child);
/*
 * The same sums, each block's hash kept beside its world in bh[], so
 * that a step hashes only the child's changed blocks, not the parent's
 * too (dfs keeps them in its nodes).
 */
#define EXPLORE_FP_BLOCKS	((sizeof(struct world) + 63) / 64)
uint64_t explore_fingerprint_blocks(const struct world *w, uint64_t *bh);
uint64_t explore_fingerprint_step_blocks(const struct world *parent,
    uint64_t parent_fp, const uint64_t *parent_bh,
    const struct world *child, uint64_t *child_bh);
/*
 * A cycle of n steps (thread tids[j], its progress mark, the enabled
 * threads before it as a mask of bit tid-1) from and back to world w: a
 * PMAP_CANFAIL non-progress cycle (no progress, a retrying faulting
 * thread scheduled on it, weakly fair)?  liveness.c
 */
bool nonprogress_cycle(const struct world *w, const uint8_t *tids,
    const bool *progress, const uint8_t *enabled, int n);

/* thread names in schedule text ("a1 a1 pd t1/f1") -> choices; 0 or -1 with msg */
int run_parse_schedule(const struct model *m, const char *text,
    struct schedule *s, uint16_t *cols, int *err_col, char *msg,
    size_t msglen);

/* the verdict as the gate and `expect` lines spell it: clean, deadlock, INV */
const char *run_verdict_label(enum verdict v, int inv);

/* fill a .sched record (choices, step lines, verdict) from a run */
void run_to_sched_file(const struct model *m, const struct schedule *s,
    const struct run_result *res, struct sched_file *sf);

#endif
