/*
 * campaign.h: a fuzz campaign's rows in the store (reports/store.h):
 * the campaign (begun, ended with its figures) and each failing input
 * the campaign takes (fuzz/campaign.h's record callback), by signature,
 * so that a finding seen again counts up.
 */
#ifndef UVMCHECK_REPORTS_CAMPAIGN_H
#define UVMCHECK_REPORTS_CAMPAIGN_H

#include <stdint.h>

#include "fuzz/decode.h"
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

#endif
