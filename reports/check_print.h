/*
 * check_print.h: the outcome of `uvmcheck check` as text or as one JSON
 * object: the verdict, the counterexample, the search's figures (its
 * strategy, state table, reduction, whether it was exhaustive) and,
 * with --follow, the damage a warning led to.
 */
#ifndef UVMCHECK_REPORTS_CHECK_PRINT_H
#define UVMCHECK_REPORTS_CHECK_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "explore/dfs.h"
#include "explore/follow.h"
#include "explore/run.h"
#include "scenarios/scenario.h"

/* a check's outcome, for the two ways of printing it */
struct check_outcome {
	const struct scenario *s;
	const struct dfs_result *r;
	const struct run_result *res;	/* the counterexample's replay */
	const struct follow_result *fr;	/* --follow, or NULL */
	const char *label, *inv, *saved;
	char *sched_text;		/* the counterexample, formatted */
	int bound;			/* the depth bound */
	bool default_profile;		/* no --profile, none in the scenario */
};

/*
 * The text: the verdict with its detail, the counterexample, the
 * figures, the followed damage, where it was saved (or how to save it).
 */
void check_print_text(FILE *out, const struct check_outcome *cr);
/* --json: one object on one line */
void check_print_json(FILE *out, const struct check_outcome *cr);

#endif
