/*
 * triage.h: attribution of a finding to the catalogued bug(s) whose fix
 * removes it (docs/design.md §5, "Attribution").
 *
 * A finding is a schedule of a scenario, run under the configuration it
 * was recorded with, ending in a violation (the invariant X, a deadlock
 * or a non-progress cycle).  Triage asks, for many configurations C,
 * "does C still have the finding?":
 *
 *   - the fixed kernel (every knob at its fixed value);
 *   - every era profile (netbsd-1999 ... netbsd-2020);
 *   - the recorded configuration, and every failing era, with each single
 *     knob set back to its fixed value: a knob whose fix makes the
 *     finding go away is in knobs_that_fix;
 *   - the fixed kernel with each single knob turned back to each of its
 *     other values: a value that brings the finding back implicates
 *     that knob too.
 *
 * What "C has the finding" means, since a schedule recorded under one
 * configuration need not run under another (a thread blocked in one
 * profile is runnable in the other, a failure point may not be met):
 *
 *   1. replay: the recorded choices are run in order, leniently, as the
 *      minimizer does: a choice whose thread is not enabled is skipped,
 *      a failure choice the step does not reach runs as no failure; the
 *      run stops at the first violation.  If that violation is X, C has
 *      the finding (the same interleaving, as far as C allows it);
 *   2. otherwise, re-check: the scenario is searched under C (stateful
 *      DFS, the scenario's depth bound, at most max_states states) for
 *      X alone (other violations are leaves, as in the minimizer).  If X
 *      is found, C has the finding by another interleaving; if the
 *      search ends without it, C does not (exhaustively so, unless the
 *      state bound was reached: then `bounded` is set on the result).
 *
 * Attribution: if the fixed kernel has the finding it is `unexplained`
 * (the model is wrong, or it is a latent bug that needs a catalogue
 * entry).  Otherwise the most direct evidence decides which knobs are
 * implicated (knobs_that_fix): the single fixes that remove the finding
 * from its own recorded configuration; if none does (the finding needs
 * two bugs at once), those that remove it from a failing era; if none,
 * the knobs whose turning back alone brings it to the fixed kernel (a
 * re-check there may find the same invariant by another bug of the
 * scenario, so this is the weakest evidence).  Then the catalogued bugs
 * (bug_descs[]) whose knob and bug value are implicated; among them those that break the finding's
 * invariant are preferred; bugs with the same knob, value and invariant
 * (S-10 and S-11) are told apart by the operation that does the damage
 * (the violating step's: truncation for S-10, the sibling LWP's munmap
 * for S-11).  If no catalogued bug is implicated the attribution is the
 * implicated knobs themselves ("knob:NAME=VALUE"), or `unexplained` when
 * no single knob explains it.
 */
#ifndef UVMCHECK_TRIAGE_H
#define UVMCHECK_TRIAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/knobs.h"
#include "corpus/sched_file.h"
#include "scenarios/scenario.h"

#define TRIAGE_ATTR_LEN		96
#define TRIAGE_SITE_LEN		(SCHED_POINT_LEN + 40)
#define TRIAGE_MAX_BUGS		8
#define TRIAGE_DEFAULT_STATES	20000

struct triage_opts {
	uint64_t max_states;	/* per re-check (0 = TRIAGE_DEFAULT_STATES) */
	int depth;		/* re-check depth (0 = the scenario's bound) */
};

struct triage_result {
	char invariant[SCHED_NAME_LEN];	/* the finding: inv id or "deadlock" */
	char attribution[TRIAGE_ATTR_LEN];	/* "S-10", "S-3,S-5", "unexplained" */
	const char *bugs[TRIAGE_MAX_BUGS];	/* bug_descs ids attributed */
	int nbugs;
	bool fixed_fails;		/* the fixed kernel has the finding */
	bool profile_fails[16];		/* by profile_descs index */
	bool knob_fixes[NKNOBS];	/* the knob's fix removes the finding */
	int evidence;			/* 0 the recorded configuration, 1 an
					 * era, 2 the fixed kernel with the
					 * knob turned back decided */
	uint8_t knob_value[NKNOBS];	/* ... the implicated value */
	char site[TRIAGE_SITE_LEN];	/* "op: point" of the violating step */
	char op[SCHED_NAME_LEN];	/* operation of the violating step */
	int configs;			/* configurations tried */
	int replayed, rechecked;	/* ... decided by replay / by re-check */
	bool bounded;			/* a re-check reached max_states */
};

/*
 * Triage the finding of schedule sch of s, whose model is configured as
 * the finding was recorded (s->model.knobs).  s->model is reconfigured
 * during triage and restored before returning.  Returns 0, or -1 when
 * the schedule does not run or replays clean under its own configuration.
 */
int triage_schedule(struct scenario *s, const struct schedule *sch,
    const struct triage_opts *o, struct triage_result *out);

/* knobs_that_fix as "name name ..." ("none" if empty) */
void triage_knobs_str(const struct triage_result *t, char *buf, size_t len);
/* profiles_failing as "name name ..." ("none" if empty) */
void triage_profiles_str(const struct triage_result *t, char *buf,
    size_t len);

#endif
