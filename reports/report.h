/*
 * report.h: findings from runs, and the text and HTML reports.
 */
#ifndef UVMCHECK_REPORT_H
#define UVMCHECK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/model.h"
#include "corpus/sched_file.h"
#include "reports/store.h"
#include "explore/run.h"
#include "explore/triage.h"

/* write s escaped for HTML or XML text and attribute values */
void report_escape(FILE *out, const char *s);
/* s as a JSON string, quoted and escaped; null for NULL (format.c) */
void report_json_string(FILE *out, const char *s);
/* "violation freed-page-in-use at step 7", "deadlock at step 3", "clean" */
void report_verdict_str(enum verdict v, const char *inv, int step, char *buf,
    size_t len);

/* what a replay of a violating schedule says about it */
struct report_run {
	struct run_result res;
	const char *ops[SCHED_MAX_STEPS];	/* operation of each step */
	/* interleaving points reached, with hits (the coverage) */
	const char *sites[SCHED_MAX_STEPS];
	uint64_t hits[SCHED_MAX_STEPS];
	int nsites;
	char signature[17];
};

/*
 * Replay s and compute the finding's signature (invariant or
 * "deadlock", the sorted operations of the steps run, the interleaving
 * point of the violating step).  Returns 0, or -1 when the schedule does
 * not run or is clean.
 */
int report_replay(const struct model *m, const struct schedule *s,
    struct report_run *rr);

/*
 * The root cause of the finding a .sched text records: its attribution
 * (explore/triage.h), the site where the damage began and the root-cause
 * signature (store_signature_root).  0, or -1 when the text does not
 * parse or does not replay to a finding.
 */
#define REPORT_TRIAGE_STATES	5000	/* per re-check while recording */
int report_root_cause(const char *sched_text, char attribution[TRIAGE_ATTR_LEN],
    char site[TRIAGE_SITE_LEN], char sig[17]);

/*
 * A finding triaged (explore/triage.h) found at path: its attribution
 * and invariant, the profiles that have it, the knobs whose fix removes
 * it, the site of the damage and the configurations tried; as lines of
 * text, or (json) as one JSON object with no newline after it.
 */
void report_triage(FILE *out, const char *path, const struct triage_result *t,
    bool json);

/* the tables: campaigns, findings by invariant and profile, throughput */
int report_text(struct store *st, FILE *out);
/* one self-contained page; db_path is named in the replay commands */
int report_html(struct store *st, const char *db_path, FILE *out);
/* the stored .sched of the finding whose signature starts with prefix */
int report_sched(struct store *st, const char *prefix, FILE *out, char *err,
    size_t errlen);

#endif
