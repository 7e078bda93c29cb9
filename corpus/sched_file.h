/*
 * sched_file.h: schedules, and the .sched file that keeps one
 * (docs/design.md §7).
 *
 * A schedule is the list of choices an explorer made: which thread ran
 * each step, and which environment failure point of that step failed
 * (0 = none).  A .sched file is self-contained text: the format version,
 * the scenario text embedded whole, the profile and knob overrides, the
 * choices, the fingerprint of the world after each step and the verdict.
 * It replays anywhere, even after the scenario file has changed.
 *
 *	uvmcheck-schedule 1
 *	scenario-name S-10-vslock-truncate
 *	profile netbsd-2003
 *	knob vslock_pin=wire-only
 *	begin-scenario
 *	| scenario vslock-truncate
 *	| ...
 *	end-scenario
 *	choices a1 a1 pd t1/f1
 *	step 1 a1 uvm_fault: unlockall -> restart fp=0123456789abcdef
 *	...
 *	verdict violation freed-page-in-use step 4
 *
 * Blank lines and lines starting with '#' are allowed between the
 * others (never inside the scenario block, where every line starts with
 * '|').  A choice token is THREAD or THREAD/fK: the K-th environment
 * failure point met by that step fails.  `step` lines are optional, in
 * increasing order; POINT is the interleaving point the step ended at
 * (informational).  The verdict is one of
 *	verdict clean
 *	verdict deadlock step N
 *	verdict violation INVARIANT step N
 *
 * The parser never trusts its input: every malformed line gives
 * file:line:col and what was expected.  Files are written atomically.
 */
#ifndef UVMCHECK_SCHED_FILE_H
#define UVMCHECK_SCHED_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/knobs.h"
#include "core/model.h"

struct scenario;

#define SCHED_FORMAT_VERSION	1
#define SCHED_MAX_STEPS		1024	/* choices in one schedule */
#define SCHED_MAX_FAIL		255	/* largest K of THREAD/fK */
#define SCHED_POINT_LEN		64
#define SCHED_NAME_LEN		64
#define SCHED_MAX_FILE		(4u << 20)	/* bytes a .sched may have */

struct sched_choice {
	uint8_t tid;		/* thread index in the model (1-based) */
	uint8_t choice;		/* k-th failure point of the step fails; 0 none */
};

struct schedule {
	int n;
	struct sched_choice c[SCHED_MAX_STEPS];
};

enum verdict {
	VERDICT_CLEAN = 0,	/* no invariant violated */
	VERDICT_VIOLATION,	/* an invariant violated (or a kernel panic) */
	VERDICT_DEADLOCK,	/* unfinished threads, none enabled */
};

/* what a .sched file recorded about one step */
struct sched_rec {
	bool recorded;		/* a `step` line named this step */
	uint64_t fp;		/* fingerprint of the world after the step */
	char point[SCHED_POINT_LEN];
};

struct sched_file {
	int version;
	char scenario_name[SCHED_NAME_LEN];
	char profile[SCHED_NAME_LEN];	/* "" = the scenario's own knobs */
	struct knobs overrides;		/* `knob` lines ... */
	uint8_t override_mask[NKNOBS];	/* ... and which knobs they set */
	char *scenario_text;		/* malloc'd, NUL-terminated */
	size_t scenario_len;
	struct schedule sched;
	struct sched_rec rec[SCHED_MAX_STEPS];
	enum verdict verdict;
	char verdict_inv[SCHED_NAME_LEN];	/* VERDICT_VIOLATION: invariant name */
	int verdict_step;
	/* where things were in the file (0 when built in memory) */
	int choices_line;
	uint16_t choice_col[SCHED_MAX_STEPS];
	int verdict_line;
};

/* file:line:col: msg */
struct sched_error {
	char file[256];
	int line, col;
	char msg[256];
};

/* ---- the schedule text: "a1 a1 pd t1/f1" ---- */

/* thread index of a name in the model, 0 if none */
int sched_thread_lookup(const struct model *m, const char *name, size_t len);
/*
 * Parse choice tokens separated by blanks.  On error returns -1 with
 * *err_col (1-based column in text) and msg; cols[] (may be NULL)
 * receives each token's column.
 */
int schedule_parse(const struct model *m, const char *text, size_t len,
    struct schedule *out, uint16_t *cols, int *err_col, char *msg,
    size_t msglen);
/* the choices as text; returns the length it needed (like snprintf) */
size_t schedule_format(const struct model *m, const struct schedule *s,
    char *buf, size_t len);

/* ---- the file ---- */

/* an empty file for a run of `scenario_text` under profile and overrides */
int sched_file_init(struct sched_file *sf, const char *scenario_name,
    const char *profile, const struct knobs *overrides,
    const uint8_t *override_mask, const char *scenario_text, size_t len);
void sched_file_free(struct sched_file *sf);

/*
 * Parse a .sched text.  The embedded scenario is parsed into *scen and
 * configured with the recorded profile and knobs (scen may be NULL when
 * only the file's own syntax is wanted; thread names are then not
 * checked).  Returns 0, or -1 with *err filled.  On error *sf is freed.
 */
int sched_file_parse(const char *text, size_t len, const char *path,
    struct sched_file *sf, struct scenario *scen, struct sched_error *err);
int sched_file_load(const char *path, struct sched_file *sf,
    struct scenario *scen, struct sched_error *err);
/* "file:line:col: error: msg" (or "file: error: msg" without a line) */
void sched_error_print(const struct sched_error *err, FILE *out);

/* the file's text in a malloc'd buffer (*out), 0 or -1 (no memory) */
int sched_file_format(const struct sched_file *sf, const struct model *m,
    char **out, size_t *outlen);
/*
 * Write atomically through corpus/file_write.h: 0, or FW_REFUSED (a bad
 * path: not a regular file, missing directory; nothing touched) or
 * FW_FAILED, with err filled.
 */
int sched_file_save(const char *path, const struct sched_file *sf,
    const struct model *m, char *err, size_t errlen);

const char *verdict_name(enum verdict v);

#endif
