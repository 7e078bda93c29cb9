/*
 * campaign.h: a campaign's rows in the store (reports/store.h).
 *
 * check --db: the campaign begun (scenario, configuration, knobs,
 * explorer, seed) and ended with the search's figures, the finding of a
 * violation (its signature and root cause, its .sched text) and the
 * interleaving points its schedule reached.
 *
 * fuzz --db: the campaign begun and ended with its figures, and each
 * failing input the campaign takes (fuzz/campaign.h's record callback),
 * by signature, so that a finding seen again counts up; and the
 * campaign's figures printed at its end.
 *
 * The functions print the store's message ("uvmcheck CMD: ...") and
 * return 0, STORE_EBAD (the file is not a uvmcheck store: exit 2) or
 * STORE_EIO.
 */
#ifndef UVMCHECK_REPORTS_CAMPAIGN_H
#define UVMCHECK_REPORTS_CAMPAIGN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/knobs.h"
#include "fuzz/decode.h"
#include "fuzz/session.h"
#include "explore/dfs.h"
#include "scenarios/scenario.h"
#include "reports/store.h"

struct report_fuzz {
	struct store *st;
	int64_t id;
	const char *engine;
	uint64_t seed;
};

/*
 * Open (or create) the store DB and begin the campaign row: scenario
 * ("generated", "library" or its name), profile ("" when the fuzzer
 * picks), engine and seed.  0, or STORE_EBAD / STORE_EIO with the
 * message in err.
 */
int report_fuzz_begin(struct report_fuzz *rf, const char *db,
    const char *scenario, const char *profile, const char *engine,
    uint64_t seed, char *err, size_t errlen);
/* the record callback: arg is the struct report_fuzz */
void report_fuzz_finding(void *arg, const struct fuzz_run *run,
    const char *sig, double when);
/*
 * End the campaign with its figures (execs in seconds; verdict: the
 * first finding's invariant or "clean") and close the store.  0, or -1
 * after the store's message on stderr.
 */
int report_fuzz_end(struct report_fuzz *rf, uint64_t execs, double seconds,
    const char *verdict);
/*
 * The campaign's figures when it is over: a line, or one JSON object
 * (first_finding_seconds, null when nothing was found).
 */
void report_fuzz_summary(FILE *out, const struct fuzz_session *s, bool json);

struct report_check {
	struct store *st;
	int64_t id;
	double start;
};

/* knobs: the configuration's knobs as text ("a=x b=y", "none ...") */
int report_check_begin(struct report_check *c, const char *cmd,
    const char *db, const struct scenario *s, const char *label,
    const char *knobs, const char *engine, uint64_t seed);
/* the figures and finding of r; the store closed */
int report_check_end(struct report_check *c, const char *cmd,
    const struct scenario *s, const char *profile, const struct knobs *ov,
    const uint8_t *mask, const char *label, const struct dfs_result *r);

#endif
