/*
 * triage.c: which catalogued bug's fix removes a finding (triage.h).
 */
#include "explore/triage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/dfs.h"
#include "explore/run.h"

/*
 * Bugs that share a knob, a value and an invariant differ in the
 * operation that does the damage (the violating step's operation).
 */
static const struct {
	const char *bug;
	const char *op;
} damage_ops[] = {
	{ "S-10", "truncate" },		/* truncation frees the vslocked page */
	{ "S-11", "munmap" },		/* the sibling LWP unmaps it */
};

struct finding {
	enum verdict verdict;
	int inv;			/* INV_DEADLOCK for a deadlock */
};

struct ctx {
	struct scenario *s;
	const struct schedule *sch;
	const struct triage_opts *o;
	struct finding f;
	struct triage_result *out;
	struct schedule *exec;
	struct run_result *res;
	struct dfs_result *dr;
	/*
	 * knob k at value v is implicated, by level of evidence: 0 its fix
	 * alone removes the finding from the recorded configuration, 1 from
	 * a failing era, 2 turning it back alone brings the finding to the
	 * fixed kernel
	 */
	bool impl[3][NKNOBS][KNOB_MAX_VALUES];
	int level;
};

static void
collect_op(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp)
{
	const char **ops = arg;

	(void)ch;
	(void)before;
	(void)after;
	(void)fp;
	if (step >= 1 && step <= SCHED_MAX_STEPS)
		ops[step - 1] = r->op;
}

static bool
same(const struct finding *f, const struct run_result *r)
{
	if (r->verdict != f->verdict)
		return false;
	return f->verdict != VERDICT_VIOLATION || r->inv == f->inv;
}

/* the recorded choices under the current configuration, leniently */
static bool
replays(struct ctx *c)
{
	const struct model *m = &c->s->model;
	struct world w;
	struct step_result r;
	struct inv_violation v;

	world_init(&w, m);
	c->exec->n = 0;
	for (int i = 0; i < c->sch->n; i++) {
		const struct sched_choice *ch = &c->sch->c[i];

		if (!thread_enabled(&w, m, ch->tid))
			continue;
		world_step(&w, m, ch->tid, ch->choice, &r);
		c->exec->c[c->exec->n].tid = ch->tid;
		c->exec->c[c->exec->n].choice = (uint8_t)(ch->choice != 0 &&
		    r.choice_taken ? ch->choice : 0);
		c->exec->n++;
		if (run_check_world(&w, m, &v))
			break;
	}
	return run_schedule(m, c->exec, c->res, NULL, NULL) == 0 &&
	    same(&c->f, c->res);
}

/* a bounded search of the scenario under the current configuration */
static bool
rechecks(struct ctx *c)
{
	struct dfs_opts d;
	const struct scenario *s = c->s;

	memset(&d, 0, sizeof(d));
	d.depth = c->o->depth != 0 ? c->o->depth : s->bound_depth != 0 ?
	    (int)(s->bound_depth > SCHED_MAX_STEPS ? SCHED_MAX_STEPS :
	    s->bound_depth) : DFS_DEFAULT_DEPTH;
	if (d.depth < c->sch->n)
		d.depth = c->sch->n <= SCHED_MAX_STEPS ? c->sch->n :
		    SCHED_MAX_STEPS;
	d.max_states = c->o->max_states != 0 ? c->o->max_states :
	    TRIAGE_DEFAULT_STATES;
	d.target_inv = c->f.inv;
	d.liveness = c->f.inv == INV_NONPROGRESS_CYCLE;
	if (dfs_check(&s->model, &d, c->dr) != 0)
		return false;
	if (c->dr->limit_hit)
		c->out->bounded = true;
	return c->dr->verdict != VERDICT_CLEAN &&
	    (c->f.verdict != VERDICT_VIOLATION || c->dr->inv == c->f.inv);
}

/* does the configuration k have the finding? */
static bool
has_finding(struct ctx *c, const struct knobs *k)
{
	c->s->model.knobs = *k;
	model_finish(&c->s->model);
	c->out->configs++;
	if (replays(c)) {
		c->out->replayed++;
		return true;
	}
	c->out->rechecked++;
	return rechecks(c);
}

static bool
is_fixed(const struct knobs *k)
{
	for (int i = 0; i < NKNOBS; i++)
		if (k->v[i] != 0)
			return false;
	return true;
}

/* in a configuration with the finding, which single fixes remove it */
static void
single_fixes(struct ctx *c, const struct knobs *k)
{
	for (int i = 0; i < NKNOBS; i++) {
		struct knobs t = *k;

		if (k->v[i] == 0)
			continue;
		t.v[i] = 0;
		if (!has_finding(c, &t))
			c->impl[c->level][i][k->v[i] & 3] = true;
	}
}

static void
add_bug(struct triage_result *t, const char *id)
{
	size_t used = strlen(t->attribution);

	for (int i = 0; i < t->nbugs; i++)
		if (strcmp(t->bugs[i], id) == 0)
			return;
	if (t->nbugs < TRIAGE_MAX_BUGS)
		t->bugs[t->nbugs++] = id;
	snprintf(t->attribution + used, sizeof(t->attribution) - used, "%s%s",
	    used > 0 ? "," : "", id);
}

static const char *
damage_op(const char *bug)
{
	for (size_t i = 0; i < sizeof(damage_ops) / sizeof(damage_ops[0]); i++)
		if (strcmp(damage_ops[i].bug, bug) == 0)
			return damage_ops[i].op;
	return NULL;
}

/* is bug b implicated: its knob's fix removes the finding at its value? */
static bool
implicated(const bool (*impl)[KNOB_MAX_VALUES], const struct bug_desc *b)
{
	return b->bug_value < KNOB_MAX_VALUES && impl[b->knob][b->bug_value];
}

static void
attribute(struct triage_result *t, const bool (*impl)[4])
{
	bool cand[64] = { false };
	int ncand = 0, nmatch = 0;

	t->attribution[0] = '\0';
	if (t->fixed_fails) {
		snprintf(t->attribution, sizeof(t->attribution), "unexplained");
		return;
	}
	for (int i = 0; i < nbug_descs && i < 64; i++)
		if (implicated(impl, &bug_descs[i])) {
			cand[i] = true;
			ncand++;
			nmatch += strcmp(bug_descs[i].invariant, t->invariant) == 0;
		}
	/* prefer the bugs that break this invariant */
	if (nmatch > 0)
		for (int i = 0; i < nbug_descs && i < 64; i++)
			if (cand[i] && strcmp(bug_descs[i].invariant,
			    t->invariant) != 0) {
				cand[i] = false;
				ncand--;
			}
	/* same knob, value and invariant: the damaging operation decides */
	for (int i = 0; i < nbug_descs && i < 64; i++) {
		const char *op = damage_op(bug_descs[i].id);

		if (!cand[i] || op == NULL)
			continue;
		for (int j = 0; j < nbug_descs && j < 64; j++) {
			const char *oj = damage_op(bug_descs[j].id);

			if (j == i || !cand[j] || oj == NULL ||
			    bug_descs[j].knob != bug_descs[i].knob ||
			    bug_descs[j].bug_value != bug_descs[i].bug_value)
				continue;
			if (strcmp(oj, t->op) == 0 && strcmp(op, t->op) != 0) {
				cand[i] = false;
				ncand--;
				break;
			}
		}
	}
	for (int i = 0; i < nbug_descs && i < 64; i++)
		if (cand[i])
			add_bug(t, bug_descs[i].id);
	if (ncand > 0)
		return;
	/*
	 * A knob's other bug value breaking the bug's own invariant is the
	 * same bug in another era's form (S-13: the 2020 kernel breaks loans
	 * only for writable entries, the 2003 one only on a requested write;
	 * both wire a lent page): name that bug.
	 */
	for (int k = 0; k < NKNOBS; k++) {
		if (!t->knob_fixes[k])
			continue;
		for (int i = 0; i < nbug_descs && i < 64; i++)
			if ((int)bug_descs[i].knob == k &&
			    strcmp(bug_descs[i].invariant, t->invariant) == 0) {
				add_bug(t, bug_descs[i].id);
				ncand++;
				break;
			}
	}
	if (ncand > 0)
		return;
	/* no catalogued bug: name the knobs themselves */
	for (int k = 0; k < NKNOBS; k++)
		if (t->knob_fixes[k]) {
			size_t used = strlen(t->attribution);
			int v = t->knob_value[k];

			snprintf(t->attribution + used, sizeof(t->attribution) -
			    used, "%sknob:%s=%s", used > 0 ? "," : "",
			    knob_descs[k].name, knob_value_name(k, v));
		}
	if (t->attribution[0] == '\0')
		snprintf(t->attribution, sizeof(t->attribution), "unexplained");
}

int
triage_schedule(struct scenario *s, const struct schedule *sch,
    const struct triage_opts *o, struct triage_result *out)
{
	static const struct triage_opts defaults;
	struct ctx c;
	struct knobs rec = s->model.knobs, fixed;
	const char **ops = calloc(SCHED_MAX_STEPS, sizeof(*ops));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	memset(&fixed, 0, sizeof(fixed));
	c.s = s;
	c.sch = sch;
	c.o = o != NULL ? o : &defaults;
	c.out = out;
	c.exec = malloc(sizeof(*c.exec));
	c.res = malloc(sizeof(*c.res));
	c.dr = malloc(sizeof(*c.dr));
	if (ops == NULL || c.exec == NULL || c.res == NULL || c.dr == NULL)
		goto done;

	/* the finding, as recorded */
	if (run_schedule(&s->model, sch, c.res, collect_op, ops) != 0 ||
	    c.res->verdict == VERDICT_CLEAN)
		goto done;
	c.f.verdict = c.res->verdict;
	c.f.inv = c.res->verdict == VERDICT_DEADLOCK ? INV_DEADLOCK : c.res->inv;
	snprintf(out->invariant, sizeof(out->invariant), "%s",
	    run_verdict_label(c.res->verdict, c.res->inv));
	if (c.res->vstep >= 1) {
		const char *op = ops[c.res->vstep - 1];
		const char *pt = c.res->point[c.res->vstep - 1];

		snprintf(out->op, sizeof(out->op), "%s", op != NULL ? op : "-");
		snprintf(out->site, sizeof(out->site), "%s: %s",
		    op != NULL ? op : "-", pt != NULL ? pt : "-");
	} else {
		snprintf(out->op, sizeof(out->op), "-");
		snprintf(out->site, sizeof(out->site), "initial world");
	}

	/* the fixed kernel and the eras */
	out->fixed_fails = has_finding(&c, &fixed);
	for (int p = 0; p < nprofile_descs && p < 16; p++) {
		struct knobs k;

		profile_apply(&profile_descs[p], &k);
		if (is_fixed(&k))
			out->profile_fails[p] = out->fixed_fails;
		else
			out->profile_fails[p] = has_finding(&c, &k);
	}
	if (!out->fixed_fails) {
		/* the recorded configuration, each knob fixed alone */
		c.level = 0;
		single_fixes(&c, &rec);
		c.level = 1;
		/* each failing era, each knob fixed alone */
		for (int p = 0; p < nprofile_descs && p < 16; p++) {
			struct knobs k;

			profile_apply(&profile_descs[p], &k);
			if (out->profile_fails[p] && !is_fixed(&k))
				single_fixes(&c, &k);
		}
		/* the fixed kernel, each knob turned back alone */
		for (int k = 0; k < NKNOBS; k++)
			for (int v = 1; v < knob_nvalues(k); v++) {
				struct knobs t = fixed;

				t.v[k] = (uint8_t)v;
				if (has_finding(&c, &t))
					c.impl[2][k][v] = true;
			}
	}
	/*
	 * The most direct evidence decides: the fixes that remove this very
	 * finding from its own configuration, else from an era, else the
	 * knobs that bring it to the fixed kernel.
	 */
	for (int l = 0; l < 3 && !out->fixed_fails; l++) {
		bool any = false;

		for (int k = 0; k < NKNOBS; k++)
			for (int v = 1; v < KNOB_MAX_VALUES; v++)
				if (c.impl[l][k][v]) {
					any = true;
					out->knob_fixes[k] = true;
					if (out->knob_value[k] == 0)
						out->knob_value[k] = (uint8_t)v;
				}
		if (!any)
			continue;
		out->evidence = l;
		attribute(out, (const bool (*)[KNOB_MAX_VALUES])c.impl[l]);
		break;
	}
	if (out->attribution[0] == '\0')
		attribute(out, (const bool (*)[KNOB_MAX_VALUES])c.impl[0]);
	rc = 0;
done:
	s->model.knobs = rec;
	model_finish(&s->model);
	free(ops);
	free(c.exec);
	free(c.res);
	free(c.dr);
	return rc;
}

void
triage_knobs_str(const struct triage_result *t, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int k = 0; k < NKNOBS && used < len; k++)
		if (t->knob_fixes[k])
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			    used > 0 ? " " : "", knob_descs[k].name);
	if (used == 0)
		snprintf(buf, len, "none");
}

void
triage_profiles_str(const struct triage_result *t, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int p = 0; p < nprofile_descs && p < 16 && used < len; p++)
		if (t->profile_fails[p])
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
			    used > 0 ? " " : "", profile_descs[p].name);
	if (used == 0)
		snprintf(buf, len, "none");
}
