/*
 * run.c: run one schedule from the initial world.
 *
 * This is the replay explorer and the common core of `run`, `replay` and
 * the gate's corpus check.  The world lives on the stack (it is a flat
 * value of a few KiB); the step before is kept so the trace callback can
 * show what the step changed.
 */
#include "explore/run.h"

#include <stdio.h>
#include <string.h>

#include "core/inv_ids.h"
#include "explore/fingerprint.h"

bool
run_check_world(const struct world *w, const struct model *m,
    struct inv_violation *v)
{
	memset(v, 0, sizeof(*v));
	if (inv_check_all(w, m, v))
		return true;
	/* an event the step raised that no catalogue predicate reported */
	if (w->event.ev_inv != INV_NONE && !world_capacity_hit(w)) {
		memset(v, 0, sizeof(*v));
		v->inv = w->event.ev_inv;
		v->tid = w->event.ev_tid;
		for (int i = 0; i < 3; i++)
			v->obj[i] = w->event.ev_obj[i];
		return true;
	}
	return false;
}

const char *
run_verdict_label(enum verdict v, int inv)
{
	switch (v) {
	case VERDICT_CLEAN:
		return "clean";
	case VERDICT_DEADLOCK:
		return "deadlock";
	case VERDICT_VIOLATION:
		break;
	}
	const char *n = inv_name(inv);

	return n != NULL ? n : "unknown-invariant";
}

int
run_parse_schedule(const struct model *m, const char *text, struct schedule *s,
    uint16_t *cols, int *err_col, char *msg, size_t msglen)
{
	return schedule_parse(m, text, strlen(text), s, cols, err_col, msg,
	    msglen);
}

static void
violation(const struct world *w, const struct model *m, struct run_result *res,
    const struct inv_violation *v, int step, const struct step_result *r)
{
	res->verdict = VERDICT_VIOLATION;
	res->vstep = step;
	res->inv = v->inv;
	res->viol = *v;
	/*
	 * an at-op invariant or kernel assertion: say what the kernel said,
	 * not the catalogue's statement
	 */
	if (r != NULL && r->event_what != NULL && r->event_inv == v->inv)
		snprintf(res->detail, sizeof(res->detail), "%s: thread %s: %s",
		    inv_name(v->inv), m->threads[w->event.ev_tid].name,
		    r->event_what);
	else
		inv_describe(w, m, v, res->detail, sizeof(res->detail));
}

int
run_schedule(const struct model *m, const struct schedule *s,
    struct run_result *res, run_step_cb cb, void *arg)
{
	struct world w, before;
	struct inv_violation v;
	struct step_result r;
	static _Thread_local uint64_t efp[SCHED_MAX_STEPS + 1];
	uint8_t tids[SCHED_MAX_STEPS], en[SCHED_MAX_STEPS];
	bool prog[SCHED_MAX_STEPS];

	memset(res, 0, sizeof(*res));
	world_init(&w, m);
	if (run_check_world(&w, m, &v)) {
		violation(&w, m, res, &v, 0, NULL);
		return 0;
	}
	efp[0] = explore_fingerprint(&w);
	for (int i = 0; i < s->n; i++) {
		const struct sched_choice *ch = &s->c[i];
		const char *name = ch->tid >= 1 && ch->tid <= MAX_THREADS ?
		    m->threads[ch->tid].name : "?";

		if (!thread_enabled(&w, m, ch->tid)) {
			res->error = RUN_NOT_ENABLED;
			res->err_step = i + 1;
			snprintf(res->errmsg, sizeof(res->errmsg),
			    "thread %s not enabled at step %d%s", name, i + 1,
			    world_deadlocked(&w, m) ? " (the world is deadlocked)" :
			    world_finished(&w, m) ? " (every thread has finished)" :
			    "");
			return -1;
		}
		before = w;
		en[i] = 0;
		for (int t = 1; t <= m->nthreads; t++)
			if (thread_enabled(&w, m, t))
				en[i] |= (uint8_t)(1u << (t - 1));
		world_step(&w, m, ch->tid, ch->choice, &r);
		tids[i] = ch->tid;
		prog[i] = r.progress;
		efp[i + 1] = explore_fingerprint(&w);
		res->nsteps = i + 1;
		res->fp[i] = world_fingerprint(&w);
		res->point[i] = r.point;
		if (cb != NULL)
			cb(arg, i + 1, ch, &before, &w, &r, res->fp[i]);
		if (ch->choice > r.nchoice) {
			res->error = RUN_BAD_CHOICE;
			res->err_step = i + 1;
			snprintf(res->errmsg, sizeof(res->errmsg),
			    "%s/f%d at step %d: the step met %d failure point%s",
			    name, ch->choice, i + 1, r.nchoice,
			    r.nchoice == 1 ? "" : "s");
			return -1;
		}
		if (run_check_world(&w, m, &v)) {
			violation(&w, m, res, &v, i + 1, &r);
			return 0;
		}
	}
	res->finished = world_finished(&w, m);
	for (int j = s->n - 1; j >= 0 && res->nsteps == s->n; j--) {
		if (efp[j] != efp[s->n])
			continue;
		if (nonprogress_cycle(&w, tids + j, prog + j, en + j,
		    s->n - j)) {
			res->verdict = VERDICT_VIOLATION;
			res->inv = INV_NONPROGRESS_CYCLE;
			res->vstep = res->nsteps;
			memset(&res->viol, 0, sizeof(res->viol));
			res->viol.inv = INV_NONPROGRESS_CYCLE;
			snprintf(res->detail, sizeof(res->detail),
			    "steps %d..%d return to the state after step %d "
			    "without progress while a fault retries (weakly "
			    "fair cycle)", j + 1, s->n, j);
			return 0;
		}
		break;
	}
	if (world_deadlocked(&w, m)) {
		res->verdict = VERDICT_DEADLOCK;
		res->inv = INV_DEADLOCK;
		res->vstep = res->nsteps;
		snprintf(res->detail, sizeof(res->detail),
		    "unfinished threads and none enabled after step %d",
		    res->nsteps);
	} else {
		res->verdict = VERDICT_CLEAN;
	}
	return 0;
}

void
run_to_sched_file(const struct model *m, const struct schedule *s,
    const struct run_result *res, struct sched_file *sf)
{
	(void)m;
	sf->sched.n = res->nsteps < s->n ? res->nsteps : s->n;
	memcpy(sf->sched.c, s->c, (size_t)sf->sched.n * sizeof(s->c[0]));
	for (int i = 0; i < sf->sched.n; i++) {
		sf->rec[i].recorded = true;
		sf->rec[i].fp = res->fp[i];
		snprintf(sf->rec[i].point, sizeof(sf->rec[i].point), "%s",
		    res->point[i] != NULL ? res->point[i] : "");
	}
	sf->verdict = res->verdict;
	sf->verdict_step = res->vstep;
	sf->verdict_inv[0] = '\0';
	if (res->verdict == VERDICT_VIOLATION)
		snprintf(sf->verdict_inv, sizeof(sf->verdict_inv), "%s",
		    run_verdict_label(res->verdict, res->inv));
}
