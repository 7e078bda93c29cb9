/*
 * engine.h: running libFuzzer or AFL++ for one campaign of `uvmcheck
 * fuzz` (cli/cmd_fuzz.c, fuzz/campaign.c), in a work directory that may be
 * kept:
 *
 *	DIR/target		the campaign's target (fuzz/target.h)
 *	DIR/in/			the seed inputs
 *	DIR/seen/		signatures found (UVMCHECK_FUZZ_SEEN)
 *	DIR/libfuzzer/corpus/	libFuzzer's corpus, DIR/libfuzzer/crashes/
 *				(its crashes, and the findings the harness
 *				kept: UVMCHECK_FUZZ_KEEP)
 *	DIR/afl/		AFL++'s output (its -o), unless a shared
 *				sync directory is given
 *	DIR/engine.log		the engines' output, this run
 *	DIR/taken		crash files already turned into findings
 *
 * Started again on the same directory, libFuzzer reads its corpus back
 * and AFL++ resumes its queue (AFL_AUTORESUME), so a campaign stopped or
 * killed goes on where it was.
 */
#ifndef UVMCHECK_FUZZ_ENGINE_H
#define UVMCHECK_FUZZ_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define FUZZ_MAX_JOBS	16
#define FUZZ_PATH_MAX	1024

struct fuzz_engine_opts {
	bool afl;
	const char *harness;	/* the harness binary */
	const char *workdir;
	const char *dict;	/* NULL or missing: none */
	const char *mutator;	/* AFL++ custom mutator library, or NULL */
	const char *sync;	/* AFL++ -o shared by machines, or NULL */
	const char *name;	/* AFL++ instance name (jobs: NAME, NAME-2...) */
	int jobs;
	uint64_t seed;		/* 1..2^32-1: libFuzzer -seed=, AFL++ -s */
	double seconds;
	bool gen;		/* generator inputs (the AFL++ mutator's mode) */
};

struct fuzz_engine {
	struct fuzz_engine_opts o;
	char in[FUZZ_PATH_MAX], out[FUZZ_PATH_MAX], log[FUZZ_PATH_MAX];
	char lf_corpus[FUZZ_PATH_MAX], lf_crashes[FUZZ_PATH_MAX];
	char names[FUZZ_MAX_JOBS][64];
	pid_t pids[FUZZ_MAX_JOBS];
	int npids, restarts;
	double t0, deadline, stop_sent;
	bool exited_early;		/* an engine ended before the deadline */
	unsigned long long execs_before;	/* AFL++: of earlier runs */
	unsigned long long lf_execs_done;	/* libFuzzer: of ended runs */
};

/* the work directory's paths and the engines' processes; 0 or -1 (err) */
int fuzz_engine_start(struct fuzz_engine *e, const struct fuzz_engine_opts *o,
    char *err, size_t errlen);
/*
 * Reap what ended (a single libFuzzer job that stopped at a finding is
 * started again for the time left); at the deadline, SIGINT to every
 * engine (they write their statistics and stop), SIGKILL 2 s later.
 * Returns how many engines still run.
 */
int fuzz_engine_poll(struct fuzz_engine *e);
/* the deadline is now (the user interrupted the campaign) */
void fuzz_engine_stop(struct fuzz_engine *e);
/* executions of this run so far */
unsigned long long fuzz_engine_execs(const struct fuzz_engine *e);
/*
 * The engine got through its start-up (seeds loaded, dry run done).
 * Not ready and exited_early: it could not start (its log says why);
 * not ready otherwise: the time ran out first.
 */
bool fuzz_engine_ready(const struct fuzz_engine *e);
/* each crash file of this machine's engines, in name order */
void fuzz_engine_crashes(const struct fuzz_engine *e,
    void (*cb)(void *arg, const char *path), void *arg);


#endif
