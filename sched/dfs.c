/*
 * dfs.c: stateless depth-first search over every schedule up to a bound.
 *
 * A node of the search is a world and the alternatives still to try from
 * it.  The alternatives of a node are (thread, choice) pairs: for each
 * enabled thread in order, choice 0 (no environment failure) first; that
 * step's nchoice tells how many failure points it met, and choices
 * 1..nchoice are tried next, each making one of them fail.  A child is a
 * copy of its parent's world stepped once, kept in the next slot of the
 * stack, so backtracking is just popping.
 *
 *	push(init)
 *	loop:
 *	    top exhausted   -> pop
 *	    else            -> child = top.world; world_step(child, alt)
 *	                       violation      -> done (the path is the schedule)
 *	                       none enabled   -> deadlock -> done, or finished
 *	                       depth == bound -> leaf, bound hit
 *	                       else push(child)
 */
#include "sched/dfs.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "sched/run.h"

struct dfs_node {
	struct world w;
	uint8_t tids[MAX_THREADS];	/* enabled threads */
	uint8_t ntids;
	uint8_t ti;			/* thread being tried */
	uint8_t next_choice;		/* its next choice to try */
	uint8_t nchoice;		/* failure points its step met (choice 0) */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool
dfs_exhaustive(const struct dfs_result *res)
{
	return !res->bound_hit && !res->limit_hit;
}

static void
progress(FILE *out, const struct dfs_result *res, int depth, double t0,
    double *last)
{
	double t = now();

	if (t - *last < 1.0)
		return;
	fprintf(out, "\r  dfs: %llu states, %llu transitions, depth %d, "
	    "%.0f states/s   ", (unsigned long long)res->states,
	    (unsigned long long)res->transitions, depth,
	    (double)res->states / (t - t0));
	fflush(out);
	*last = t;
}

static void
path_to_schedule(const struct sched_choice *path, int n, struct schedule *s)
{
	s->n = n;
	memcpy(s->c, path, (size_t)n * sizeof(path[0]));
}

int
dfs_check(const struct model *m, const struct dfs_opts *o,
    struct dfs_result *res)
{
	int bound = o->depth > 0 ? o->depth : DFS_DEFAULT_DEPTH;
	struct dfs_node *stack;
	struct sched_choice path[SCHED_MAX_STEPS];
	struct inv_violation v;
	struct step_result r;
	double t0 = now(), last_progress = t0;
	int d = 0;

	if (bound > SCHED_MAX_STEPS)
		bound = SCHED_MAX_STEPS;
	memset(res, 0, sizeof(*res));
	stack = calloc((size_t)bound + 1, sizeof(*stack));
	if (stack == NULL)
		return -1;

	world_init(&stack[0].w, m);
	res->states = 1;
	if (run_check_world(&stack[0].w, m, &v)) {
		res->verdict = VERDICT_VIOLATION;
		res->inv = v.inv;
		res->viol = v;
		goto out;
	}
	stack[0].ntids = (uint8_t)enabled_threads(&stack[0].w, m, stack[0].tids);
	if (stack[0].ntids == 0 && world_deadlocked(&stack[0].w, m)) {
		res->verdict = VERDICT_DEADLOCK;
		res->inv = INV_DEADLOCK;
		goto out;
	}

	while (d >= 0) {
		struct dfs_node *top = &stack[d], *child = &stack[d + 1];
		int tid, choice;

		if (top->ti >= top->ntids) {
			d--;
			continue;
		}
		tid = top->tids[top->ti];
		choice = top->next_choice;
		memcpy(&child->w, &top->w, sizeof(child->w));
		world_step(&child->w, m, tid, choice, &r);
		res->transitions++;
		res->states++;
		if (o->progress != NULL && (res->transitions & 0x3fff) == 0)
			progress(o->progress, res, d + 1, t0, &last_progress);
		if (choice == 0)
			top->nchoice = (uint8_t)(r.nchoice > 255 ? 255 : r.nchoice);
		if (top->next_choice < top->nchoice) {
			top->next_choice++;
		} else {
			top->ti++;
			top->next_choice = 0;
			top->nchoice = 0;
		}
		path[d].tid = (uint8_t)tid;
		path[d].choice = (uint8_t)choice;
		if (d + 1 > res->max_depth)
			res->max_depth = d + 1;

		if (run_check_world(&child->w, m, &v)) {
			res->verdict = VERDICT_VIOLATION;
			res->inv = v.inv;
			res->viol = v;
			path_to_schedule(path, d + 1, &res->sched);
			goto out;
		}
		child->ntids = (uint8_t)enabled_threads(&child->w, m, child->tids);
		child->ti = 0;
		child->next_choice = 0;
		child->nchoice = 0;
		if (child->ntids == 0) {
			if (world_deadlocked(&child->w, m)) {
				res->verdict = VERDICT_DEADLOCK;
				res->inv = INV_DEADLOCK;
				path_to_schedule(path, d + 1, &res->sched);
				goto out;
			}
			continue;	/* finished: a leaf */
		}
		if (d + 1 >= bound) {
			res->bound_hit = true;
			continue;
		}
		if (o->max_states != 0 && res->states >= o->max_states) {
			res->limit_hit = true;
			break;
		}
		d++;
	}
	res->verdict = VERDICT_CLEAN;
out:
	if (o->progress != NULL && last_progress != t0) {
		fprintf(o->progress, "\r%70s\r", "");
		fflush(o->progress);
	}
	res->seconds = now() - t0;
	free(stack);
	return 0;
}
