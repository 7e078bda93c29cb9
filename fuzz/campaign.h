/*
 * campaign.h: the bookkeeping of one `uvmcheck fuzz` campaign around the
 * engines of fuzz/engine.h (docs/design.md §9).
 *
 * The seeds: inputs made from the target (every scenario and
 * configuration, the corpus/seeds/ counterexamples, or generator
 * headers), written to the work directory.  A seed whose run already
 * fails is a finding at once, and its signature is marked seen
 * (DIR/seen/SIG) so that no engine stops on it again.
 *
 * The findings: every crash the engines saved (and every failing seed)
 * is decoded again (fuzz/decode.c: the same bytes are the same run),
 * minimized, deduplicated by signature (invariant, operations,
 * interleaving point of the violating step), written as a .sched in the
 * findings directory and listed in its findings.txt.  A crash file taken
 * by an earlier run of a resumed campaign (DIR/taken) is not taken
 * again.  Each failing input is also handed to record(), which keeps it
 * in the store (reports/).
 *
 * Nothing here is process-wide: a campaign is one struct fuzz_campaign.
 */
#ifndef UVMCHECK_FUZZ_CAMPAIGN_H
#define UVMCHECK_FUZZ_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz/decode.h"
#include "fuzz/engine.h"
#include "explore/minimize.h"

#define FUZZ_MAX_SEEDS		4096
#define FUZZ_MAX_INPUT		(1u << 20)
#define FUZZ_MAX_FINDINGS	512

struct fuzz_seeds {
	int n;
	uint8_t *data[FUZZ_MAX_SEEDS];
	size_t len[FUZZ_MAX_SEEDS];
	double failing[FUZZ_MAX_SEEDS];	/* seconds when found failing, or -1 */
};

struct fuzz_finding {
	char sig[17];		/* of the minimized run */
	char raw[17];		/* of the run as the engine found it */
	char inv[64];
	char scenario[SCN_NAME_MAX];
	char config[96];
	char file[2048];
	int count;
};

struct fuzz_campaign {
	/* the caller's, before fuzz_campaign_open() */
	enum fuzz_mode mode;
	bool minimize;		/* findings minimized before they are written */
	bool quiet;		/* no "finding ..." line per finding */
	const char *outdir;	/* the findings directory, made already */
	/* a failing input, its signature and when (wall clock); may be NULL */
	void (*record)(void *arg, const struct fuzz_run *run, const char *sig,
	    double when);
	void *record_arg;
	double t0_wall;		/* the campaign's start (clock_wall) */

	/* the findings, deduplicated */
	int n, total, bad;	/* unique, all, the engines' own crashes */
	struct fuzz_finding f[FUZZ_MAX_FINDINGS];
	double first;		/* seconds into the campaign; < 0 none */

	/* scratch of the functions below */
	char seendir[FUZZ_PATH_MAX + 8];
	/* crash files taken (DIR/taken, and this run's): their paths' XXH3 */
	uint64_t *taken;	/* open addressing, 0 empty, captaken a power of 2 */
	int ntaken, captaken;
	FILE *taken_log;
	bool seeds_taken;	/* the failing seeds are findings already */
	struct fuzz_run run;
	struct schedule orig;
	struct min_result mr;
	uint8_t input[FUZZ_MAX_INPUT];
};

/*
 * The seed inputs of the target set (fuzz_set_target): generator
 * headers (generate), or for each scenario and configuration an empty
 * tape and the counterexamples of ROOT/corpus/seeds/ *.sched.
 */
void fuzz_seeds_make(struct fuzz_seeds *ss, bool generate, const char *root);
void fuzz_seeds_free(struct fuzz_seeds *ss);
/*
 * The seeds as DIR/seed-NNNN (DIR made if missing): the user's
 * (--make-seeds) through the atomic writer, the work directory's as
 * scratch files.  0, or -1 (errno, or a message printed).
 */
int fuzz_seeds_save(const struct fuzz_seeds *ss, const char *dir,
    bool scratch);

/*
 * DIR (--workdir or --sync, named opt in messages) for the campaign whose
 * target text is want: a new or empty directory gets the target file
 * FILE; one that holds it already must hold the same (the same bytes
 * decode to the same runs); anything else is not ours and is left
 * alone.  0, or -1 after the message (bad input: the caller exits 2).
 */
int fuzz_claim_dir(const char *opt, const char *dir, const char *file,
    const char *want);
/* the whole of d as PATH, through corpus/file_write.h; 0 or -1 (printed) */
int fuzz_write_file(const char *path, const void *d, size_t len);

/*
 * Open the campaign in the work directory WORK: its seen/ directory
 * (made) and the log of crash files taken.  0, or -1 (errno).
 */
int fuzz_campaign_open(struct fuzz_campaign *c, const char *work);
/* the seeds whose runs fail: their time noted and signatures marked */
void fuzz_campaign_check_seeds(struct fuzz_campaign *c,
    struct fuzz_seeds *ss);
/* a failing input: when, seconds into the campaign */
void fuzz_campaign_take(struct fuzz_campaign *c, const uint8_t *data,
    size_t n, double when);
/* a crash file of the engines (fuzz_engine_crashes callback; arg: c) */
void fuzz_campaign_take_crash(void *arg, const char *path);
/*
 * While the engines run (libFuzzer under UVMCHECK_FUZZ_KEEP): the
 * failing seeds, then the findings the harness kept so far
 * (crash-SIGNATURE, written whole), taken until the monotonic clock
 * reads until, so that the minimizing is done beside the engine rather
 * than all after it.
 */
void fuzz_campaign_take_live(struct fuzz_campaign *c,
    const struct fuzz_seeds *ss, const struct fuzz_engine *eng,
    double until);
/* the failing seeds and the engines' crashes, then findings.txt */
void fuzz_campaign_collect(struct fuzz_campaign *c,
    const struct fuzz_seeds *ss, const struct fuzz_engine *eng);
/* the log closed, the scratch freed */
void fuzz_campaign_close(struct fuzz_campaign *c);

#endif
