/*
 * gate_exercise.c: what the gate's checks exercised (reports/gate.h).
 *
 * Each invariant of the catalogue must fire in some passing check (a
 * scenario expectation, a matrix cell or a corpus verdict naming it),
 * or, for one that no catalogued kernel sets off, on its breakage of a
 * fixed-kernel world (gate_witness.c).  Each knob value must be told
 * apart: an `expect bug K=V` line whose verdict changes when K is set
 * back to its fixed value exercises V and the fixed value; when both
 * verdicts are clean and both searches exhaustive, a different number
 * of states tells V apart too (the value takes effect, but only in
 * timing, which no invariant sees), and the list says so.  The lists are
 * printed; anything unexercised
 * fails the gate (with partial, a part of the library, it is a note).
 * The known gaps, each with its reason, are listed in
 * scenarios/exercise.gaps ("invariant NAME reason..." or "knob
 * NAME=VALUE reason..."): a listed gap is printed as GAP and does not
 * fail, an entry that a check now exercises fails (so the list only
 * shrinks), and so does an entry naming no invariant or knob value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/gate.h"

#define MAX_GAPS	64

struct gaps {
	char item[MAX_GAPS][96];	/* "invariant NAME" / "knob NAME=VALUE" */
	char why[MAX_GAPS][1024];
	bool used[MAX_GAPS];
	int n;
};

/* does a gaps line name an invariant or a knob value? */
static bool
gap_names_something(const char *kind, const char *name)
{
	struct knobs k;
	char e[200];

	if (strcmp(kind, "invariant") == 0)
		return inv_lookup(name) != NULL;
	if (strcmp(kind, "knob") != 0 || strchr(name, '=') == NULL)
		return false;
	memset(&k, 0, sizeof(k));
	return knob_parse_assignment(name, &k, e, (int)sizeof(e)) == 0;
}

/* read the known gaps (a missing file is no gap); bad lines fail */
static void
gaps_load(struct gate *g, const char *path, struct gaps *gp)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;	/* a reason may be long: no line limit */
	size_t cap = 0;
	int ln = 0;

	memset(gp, 0, sizeof(*gp));
	if (f == NULL)
		return;
	while (getline(&line, &cap, f) != -1) {
		char kind[32], name[64], where[1300];
		int off = 0;
		bool ok = false;

		ln++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (sscanf(line, "%31s %63s %n", kind, name, &off) == 2 &&
		    gp->n < MAX_GAPS)
			ok = gap_names_something(kind, name);
		if (!ok || line[off] == '\0') {
			snprintf(where, sizeof(where), "%s:%d", path, ln);
			gate_record(g, "exercise", GATE_FAIL, 0, where, "expected "
			    "'invariant NAME REASON' or 'knob NAME=VALUE "
			    "REASON'");
			continue;
		}
		snprintf(gp->item[gp->n], sizeof(gp->item[0]), "%s %s", kind,
		    name);
		snprintf(gp->why[gp->n], sizeof(gp->why[0]), "%s", line + off);
		gp->n++;
	}
	free(line);
	fclose(f);
}

static int
gap_find(struct gaps *gp, const char *item)
{
	for (int i = 0; i < gp->n; i++)
		if (strcmp(gp->item[i], item) == 0) {
			gp->used[i] = true;
			return i;
		}
	return -1;
}

/* one unexercised item: GAP if listed, else a failure (a note if partial) */
static void
unexercised(struct gate *g, struct gaps *gp, const char *item,
    const char *why)
{
	char name[200];
	int i = gap_find(gp, item);

	snprintf(name, sizeof(name), "exercise %s", item);
	if (i >= 0)
		printf("GAP %s: %s\n", name, gp->why[i]);
	else if (g->o.partial)
		printf("NOTE %s: %s (--partial)\n", name, why);
	else
		gate_record(g, "exercise", GATE_FAIL, 0, name, "%s", why);
}

/* an exercised item still listed as a gap fails */
static void
exercised(struct gate *g, struct gaps *gp, const char *item,
    const char *now, const char *gaps_path)
{
	if (gap_find(gp, item) >= 0)
		gate_record(g, "exercise", GATE_FAIL, 0, item, "%s now: remove "
		    "it from %s", now, gaps_path);
}

/* the lists of what was exercised, and how; their lengths */
static void
print_exercised(const struct gate *g, int *ninv, int *nbroken, int *nknob,
    int *nstates)
{
	printf("exercised invariants (fired in a passing check):");
	for (int i = 1; i < NINVS; i++)
		if (g->inv_fired[i]) {
			printf(" %s", inv_descs[i].name);
			(*ninv)++;
		}
	printf("\nexercised invariants (fired on a breakage of a fixed-kernel "
	    "world only: no catalogued kernel sets them off):");
	for (int i = 1; i < NINVS; i++)
		if (!g->inv_fired[i] && g->inv_broken[i]) {
			printf(" %s", inv_descs[i].name);
			(*ninv)++;
			(*nbroken)++;
		}
	printf("\nexercised knob values (told apart by a scenario):");
	for (int k = 0; k < NKNOBS; k++)
		for (int v = 0; v < knob_nvalues(k); v++)
			if (g->knob_told[k][v]) {
				printf(" %s=%s%s", knob_descs[k].name,
				    knob_descs[k].values[v],
				    g->knob_told_states[k][v] ?
				    " (by its state space only)" : "");
				(*nknob)++;
				*nstates += g->knob_told_states[k][v];
			}
	printf("\n");
}

void
gate_exercised(struct gate *g)
{
	int ninv = 0, nbroken = 0, nknob = 0, nstates = 0, miss = 0;
	struct gaps *gp = calloc(1, sizeof(*gp));
	char gaps_path[GATE_PATH_MAX + 32];

	if (gp == NULL) {
		fprintf(stderr, "uvmcheck: out of memory\n");
		g->fatal = GATE_INTERNAL;
		return;
	}
	print_exercised(g, &ninv, &nbroken, &nknob, &nstates);
	if (!gate_path(g, gaps_path, sizeof(gaps_path), "--root", "%s%s",
	    g->pre, GATE_GAPS_FILE)) {
		free(gp);
		return;
	}
	if (!g->o.partial)
		gaps_load(g, gaps_path, gp);
	for (int i = 1; i < NINVS; i++) {
		char item[96];

		snprintf(item, sizeof(item), "invariant %s", inv_descs[i].name);
		if (g->inv_fired[i] || g->inv_broken[i]) {
			exercised(g, gp, item, g->inv_fired[i] ? "fires in a "
			    "check" : "fires on its breakage", gaps_path);
			continue;
		}
		miss++;
		unexercised(g, gp, item, "fires in no passing check: add a "
		    "scenario expectation or a corpus schedule where it fires "
		    "(or, if no kernel sets it off, a breakage in "
		    "invariants/breakage.c)");
	}
	for (int k = 0; k < NKNOBS; k++)
		for (int v = 0; v < knob_nvalues(k); v++) {
			char item[96], why[200];

			snprintf(item, sizeof(item), "knob %s=%s",
			    knob_descs[k].name, knob_descs[k].values[v]);
			if (g->knob_told[k][v]) {
				exercised(g, gp, item, "told apart", gaps_path);
				continue;
			}
			miss++;
			snprintf(why, sizeof(why), "no `expect bug %s=...` line "
			    "whose verdict changes with this value",
			    knob_descs[k].name);
			unexercised(g, gp, item, why);
		}
	for (int i = 0; i < gp->n; i++)
		if (!gp->used[i])
			gate_record(g, "exercise", GATE_FAIL, 0, gp->item[i],
			    "listed in %s but no such invariant or knob value",
			    gaps_path);
	printf("exercised %d of %d invariants (%d by breakages only) and %d "
	    "knob values (%d by their state space only); %d not (%d of them "
	    "known gaps)\n", ninv, NINVS - 1, nbroken, nknob, nstates, miss,
	    gp->n);
	free(gp);
}
