/*
 * gate_witness.c: the gate's breakage checks (gate.h: gate_witnesses).
 *
 * An invariant that no catalogued kernel sets off cannot fire in a
 * scenario check, yet it still guards the model.  For each breakage of
 * invariants/breakage.c the gate walks the library scenarios under the
 * fixed kernel (scenarios/ itself, in file-name order) until a world
 * has what the breakage needs, breaks it as the kernel bug it stands for
 * would (explore/witness.c), and passes when the world was clean and its
 * invariant is the one reported on the broken copy.  Such an invariant
 * counts as exercised "by a breakage" (gate_exercise.c).
 */
#include <stdio.h>
#include <string.h>

#include "explore/witness.h"
#include "reports/gate.h"

/* steps of each walk: the library's worlds of interest come early */
#define WITNESS_WALK_STEPS	200

static void
gate_witness(struct gate *g, const struct inv_breakage *b, const char *dir,
    int nnames)
{
	char path[GATE_PATH_MAX + 300], name[160];
	struct scenario_error err;
	struct witness_result wr;

	snprintf(name, sizeof(name), "breakage %s", inv_name(b->inv));
	if (gate_over_budget(g, "witnesses", name))
		return;
	for (int i = 0; i < nnames; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, g->names[i]);
		if (scenario_load_file(path, g->s, &err) != 0 ||
		    scenario_apply_config(g->s, "fixed", NULL, NULL) != 0)
			continue;	/* gate_library reports it */
		explore_witness(&g->s->model, b, WITNESS_WALK_STEPS, &wr);
		if (wr.walk_broken) {
			gate_record(g, "witnesses", GATE_FAIL, 0, name,
			    "the fixed-kernel walk of %s is not clean at step "
			    "%d: %s", g->names[i], wr.step, wr.detail);
			return;
		}
		if (!wr.applied)
			continue;
		if (!wr.fired) {
			gate_record(g, "witnesses", GATE_FAIL, 0, name,
			    "%s step %d, %s (%s): %s instead%s%s", g->names[i],
			    wr.step, wr.what, b->bug, wr.got_inv == INV_NONE ?
			    "nothing fired" : inv_name(wr.got_inv),
			    wr.detail[0] != '\0' ? ": " : "", wr.detail);
			return;
		}
		g->inv_broken[b->inv] = true;
		gate_record(g, "witnesses", GATE_PASS, 0, name,
		    "fires on %s step %d after %s (%s)", g->names[i], wr.step,
		    wr.what, b->bug);
		return;
	}
	if (g->o.partial)
		printf("NOTE %s: no world of %s to break (--partial)\n", name,
		    dir);
	else
		gate_record(g, "witnesses", GATE_FAIL, 0, name, "no world a "
		    "walk of the scenarios of %s reaches has what it breaks",
		    dir);
}

void
gate_witnesses(struct gate *g)
{
	char dir[GATE_PATH_MAX + 32];
	int n;

	if (!gate_path(g, dir, sizeof(dir), "--root", "%sscenarios", g->pre))
		return;
	n = scenario_library_list(dir, g->names, GATE_MAX_SCENARIOS);
	if (n < 0)
		return;		/* no scenarios/: nothing to walk */
	if (n > GATE_MAX_SCENARIOS)
		n = GATE_MAX_SCENARIOS;
	for (int i = 0; i < inv_nbreakages && g->fatal == 0; i++)
		gate_witness(g, &inv_breakages[i], dir, n);
}
