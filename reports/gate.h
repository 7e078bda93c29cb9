/*
 * gate.h: the CI gate (docs/design.md §10): `uvmcheck gate`.
 *
 * The gate runs kinds of checks over a root directory holding
 * scenarios/ and corpus/, one function a kind, each recording one
 * result per check (PASS, FAIL, DIVERGED or SKIP, a line on stdout):
 *
 *   gate_library()   every scenario of the library (scenarios/, its
 *                    seeds/, ops/ and conformance/) parses and each of its
 *                    `expect` lines holds, configured as the line says
 *                    (gate.c);
 *   gate_matrix()    the history matrix (reports/matrix.h) gives the
 *                    verdicts of the golden matrix, scenarios/matrix.golden,
 *                    cell by cell (gate_matrix.c);
 *   gate_corpus()    every .sched under corpus/ replays with its recorded
 *                    verdict and fingerprints (gate.c);
 *   gate_soak()      the soak's generated scenarios are clean under the
 *                    fixed kernel (fuzz/soak.h; gate.c);
 *   gate_witnesses() each breakage of invariants/breakage.c, applied to
 *                    a world a fixed-kernel walk of a library scenario
 *                    reached, sets off its invariant first
 *                    (gate_witness.c);
 *   gate_exercised() each invariant fired in a passing check and each
 *                    knob value was told apart, or is a known gap of
 *                    scenarios/exercise.gaps (gate_exercise.c).
 *
 * gate_run() runs them in that order, as the options allow; a new kind
 * of check is a function that calls gate_record() once per check, and a
 * line in gate_run().  gate_finish() prints the summary and writes the
 * JUnit file (gate_junit.c).  gate_update_matrix() rewrites the golden
 * matrix instead.
 *
 * The status codes are the command's exit codes: 0 every check passed,
 * 1 a check failed (or none ran), 2 bad input (the message printed, no
 * file touched), 3 the system failed (memory, a search, a write).
 */
#ifndef UVMCHECK_REPORTS_GATE_H
#define UVMCHECK_REPORTS_GATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/knobs.h"
#include "explore/check.h"
#include "explore/run.h"
#include "invariants/invariants.h"
#include "scenarios/scenario.h"

enum gate_status {
	GATE_PASSED = 0,
	GATE_FAILED = 1,
	GATE_USAGE = 2,
	GATE_INTERNAL = 3,
};

#define GATE_GOLDEN_FILE	"scenarios/matrix.golden"
#define GATE_GAPS_FILE		"scenarios/exercise.gaps"
#define GATE_PATH_MAX		1100	/* the root, with its slash */
#define GATE_MAX_SCENARIOS	512	/* scenarios listed from one directory */

struct gate_opts {
	const char *root;	/* holds scenarios/ and/or corpus/ */
	/* --profile/--bug: only the expectations configured that way */
	const char *profile;	/* NULL: every one */
	struct knobs overrides;
	uint8_t mask[NKNOBS];
	int nbugs;
	struct check_opts check;	/* each search (--depth, --max-states) */
	double budget;		/* seconds; 0: no time budget */
	bool budget_fails;	/* checks not started count as failed */
	bool partial;		/* a part of the library: no golden matrix,
				   unexercised items are notes */
};

enum gate_outcome {
	GATE_PASS = 0,
	GATE_FAIL,
	GATE_DIVERGED,	/* a replay left its recorded fingerprints */
	GATE_SKIP,
};

struct gate_result {
	char name[1600];
	char msg[1600];
	enum gate_outcome out;
	bool skipped;
	double seconds;
	const char *suite;	/* "scenarios", "matrix", "corpus", ... */
};

struct gate_golden;

struct gate {
	struct gate_opts o;
	bool filtered;		/* --profile or --bug given */
	char pre[GATE_PATH_MAX];	/* "" or the root with a slash */
	struct gate_result *results;
	int n, cap;
	int passed, failed, skipped, diverged;
	int fatal;		/* GATE_USAGE/GATE_INTERNAL: stop, exit so */
	double t0;		/* when the gate began */
	bool skipping;		/* gate_record() records a skipped check */
	/* what the passing checks exercised */
	bool inv_fired[NINVS];
	bool inv_broken[NINVS];		/* fired on a breakage only */
	bool knob_told[NKNOBS][KNOB_MAX_VALUES];
	/* told apart by the state space only (both verdicts clean) */
	bool knob_told_states[NKNOBS][KNOB_MAX_VALUES];
	/* the golden matrix (gate_matrix.c) */
	struct gate_golden *gold;
	int ngold;
	/* scratch for the checks, allocated once */
	struct scenario *s;
	struct dfs_result *r;
	struct sched_file *sf;
	struct replay_outcome *ro;
	char (*names)[256];
};

/*
 * Check o->root (a directory holding scenarios/ or corpus/) and set g
 * up.  GATE_PASSED, or GATE_USAGE / GATE_INTERNAL after the message
 * (g is then closed).
 */
int gate_open(struct gate *g, const struct gate_opts *o);
void gate_close(struct gate *g);

/* every kind of check, in order, as the options allow */
void gate_run(struct gate *g);
void gate_library(struct gate *g);
void gate_matrix(struct gate *g);
void gate_corpus(struct gate *g);
void gate_soak(struct gate *g);
void gate_witnesses(struct gate *g);
void gate_exercised(struct gate *g);

/*
 * The summary lines ("N passed, N failed" last) and, with junit, the
 * JUnit file; the gate's status.
 */
int gate_finish(struct gate *g, const char *junit);

/* rewrite root/scenarios/matrix.golden from the model; a status */
int gate_update_matrix(struct gate *g);

/* a check's result: printed, counted, kept for the JUnit file */
void gate_record(struct gate *g, const char *suite, enum gate_outcome out,
    double secs, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* the time budget is spent: the check is recorded as skipped; true */
bool gate_over_budget(struct gate *g, const char *suite, const char *name);
/* an invariant (or "deadlock") fired in a passing check */
void gate_fired(struct gate *g, const char *verdict);
/*
 * s checked as the gate checks (the liveness search when want is the
 * non-progress cycle); false when the search failed (g->fatal is set).
 */
bool gate_check(struct gate *g, const struct scenario *s, const char *want,
    struct dfs_result *r);
/* a path under the root; false when too long (g->fatal is set) */
bool gate_path(struct gate *g, char *buf, size_t len, const char *what,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* a JUnit file for results; 0, GATE_USAGE or GATE_INTERNAL */
int gate_write_junit(const struct gate *g, const char *path);

#endif
