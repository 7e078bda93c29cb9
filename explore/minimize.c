/*
 * minimize.c: shortest, fewest preemptions, then ddmin (minimize.h).
 */
#include "explore/minimize.h"

#include <stdlib.h>
#include <string.h>

#include "explore/explore.h"

struct target {
	enum verdict verdict;
	int inv;
};

int
explore_preemptions(const struct model *m, const struct schedule *s)
{
	struct world w;
	struct step_result r;
	int last = 0, n = 0;

	world_init(&w, m);
	for (int i = 0; i < s->n; i++) {
		int tid = s->c[i].tid;

		if (!thread_enabled(&w, m, tid))
			break;
		if (last != 0 && tid != last && thread_enabled(&w, m, last))
			n++;
		world_step(&w, m, tid, s->c[i].choice, &r);
		last = tid;
	}
	return n;
}

static bool
same_finding(const struct model *m, const struct schedule *s,
    const struct target *t, struct run_result *res)
{
	if (run_schedule(m, s, res, NULL, NULL) != 0)
		return false;
	return res->verdict == t->verdict &&
	    (t->verdict != VERDICT_VIOLATION || res->inv == t->inv) &&
	    res->nsteps == s->n;
}

/* run c[0..n) leniently into exec; true when exec keeps the finding */
static bool
lenient(const struct model *m, const struct sched_choice *c, int n,
    const struct target *t, struct schedule *exec, struct run_result *res)
{
	struct world w;
	struct step_result r;
	struct inv_violation v;

	world_init(&w, m);
	exec->n = 0;
	for (int i = 0; i < n; i++) {
		if (!thread_enabled(&w, m, c[i].tid))
			continue;
		world_step(&w, m, c[i].tid, c[i].choice, &r);
		exec->c[exec->n].tid = c[i].tid;
		exec->c[exec->n].choice = (uint8_t)(c[i].choice != 0 &&
		    r.choice_taken ? c[i].choice : 0);
		exec->n++;
		if (run_check_world(&w, m, &v))
			break;
	}
	return same_finding(m, exec, t, res);
}

static bool
better(const struct model *m, const struct schedule *a,
    const struct schedule *b)
{
	if (a->n != b->n)
		return a->n < b->n;
	return explore_preemptions(m, a) < explore_preemptions(m, b);
}

static void
ddmin(const struct model *m, struct schedule *cur, const struct target *t,
    struct min_result *out, struct run_result *res)
{
	struct schedule *cand = malloc(sizeof(*cand));
	struct schedule *exec = malloc(sizeof(*exec));
	int gran = 2;

	if (cand == NULL || exec == NULL)
		goto out;
	while (cur->n >= 2) {
		int chunk = (cur->n + gran - 1) / gran;
		bool reduced = false;

		for (int i = 0; i * chunk < cur->n && !reduced; i++) {
			int lo = i * chunk, hi = lo + chunk < cur->n ?
			    lo + chunk : cur->n;

			cand->n = 0;
			for (int j = 0; j < cur->n; j++)
				if (j < lo || j >= hi)
					cand->c[cand->n++] = cur->c[j];
			out->runs++;
			if (lenient(m, cand->c, cand->n, t, exec, res) &&
			    exec->n < cur->n) {
				*cur = *exec;
				gran = gran > 2 ? gran - 1 : 2;
				reduced = true;
			}
		}
		if (!reduced) {
			if (gran >= cur->n)
				break;
			gran = gran * 2 < cur->n ? gran * 2 : cur->n;
		}
	}
out:
	free(cand);
	free(exec);
}

int
explore_minimize(const struct model *m, const struct schedule *in, int depth,
    struct min_result *out)
{
	struct run_result *res = malloc(sizeof(*res));
	struct dfs_result *dr = malloc(sizeof(*dr));
	struct schedule *best = malloc(sizeof(*best));
	struct target t;
	struct dfs_opts o;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (res == NULL || dr == NULL || best == NULL)
		goto done;
	if (run_schedule(m, in, res, NULL, NULL) != 0 ||
	    res->verdict == VERDICT_CLEAN)
		goto done;
	t.verdict = res->verdict;
	t.inv = res->verdict == VERDICT_DEADLOCK ? INV_DEADLOCK : res->inv;
	best->n = res->nsteps;
	memcpy(best->c, in->c, (size_t)best->n * sizeof(best->c[0]));
	out->steps0 = best->n;
	out->preempt0 = explore_preemptions(m, best);

	memset(&o, 0, sizeof(o));
	o.depth = depth < best->n ? depth : best->n;
	o.max_states = 2000000;
	o.target_inv = t.inv;
	o.liveness = t.inv == INV_NONPROGRESS_CYCLE;
	if (o.depth < 1)
		o.depth = 1;
	if (!o.liveness) {
		/* fewest steps */
		o.strategy = STRAT_BFS;
		if (dfs_check(m, &o, dr) == 0) {
			out->states += dr->states;
			if (dr->verdict != VERDICT_CLEAN &&
			    same_finding(m, &dr->sched, &t, res) &&
			    better(m, &dr->sched, best))
				*best = dr->sched;
		}
		/* fewest preemptions, within the best length */
		o.strategy = STRAT_ICB;
		o.depth = best->n;
		o.preemptions = explore_preemptions(m, best);
		if (o.preemptions > 0 && dfs_check(m, &o, dr) == 0) {
			out->states += dr->states;
			if (dr->verdict != VERDICT_CLEAN &&
			    same_finding(m, &dr->sched, &t, res) &&
			    better(m, &dr->sched, best))
				*best = dr->sched;
		}
	}
	if (o.liveness)
		(void)lasso_minimize(m, best);
	ddmin(m, best, &t, out, res);
	out->sched = *best;
	out->steps = best->n;
	out->preempt = explore_preemptions(m, best);
	rc = 0;
done:
	free(res);
	free(dr);
	free(best);
	return rc;
}
