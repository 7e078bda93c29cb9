/*
 * session.h: one run of `uvmcheck fuzz` from its directories to its
 * findings: the work directory (claimed, or a temporary one), the
 * findings directory, the seeds, the engines of fuzz/engine.h started
 * and waited for, and the campaign's bookkeeping (fuzz/campaign.h).
 *
 * The phases, in order (the caller opens the store after the first,
 * sets its signal handlers around the wait, and records and prints the
 * figures before the last):
 *
 *   fuzz_session_dirs()	--sync and --workdir claimed, or a temporary
 *				work directory made with the target in it;
 *				the findings directory made.  Nothing is
 *				touched before the options all check out;
 *   fuzz_session_start()	the seeds (one whose run fails is a finding
 *				already: recorded, and its signature marked,
 *				so that the engines -- AFL++ refuses a
 *				crashing seed -- run it as clean and look for
 *				other findings), then the engines started;
 *   fuzz_session_wait()	until --time is up or *stop is set (the
 *				engines are then stopped), with a progress
 *				line on a terminal;
 *   fuzz_session_collect()	every failing input minimized and recorded,
 *				the figures (execs, times) taken;
 *   fuzz_session_finish()	what went wrong with the engine said, a
 *				temporary work directory removed.
 *
 * Status codes are the command's exit codes: FUZZ_SESSION_BAD_INPUT (2)
 * after the message naming the option, FUZZ_SESSION_FAILED (3) when
 * the system or an engine failed.  Nothing here is process-wide: the
 * caller owns the stop flag its signal handler sets.
 */
#ifndef UVMCHECK_FUZZ_SESSION_H
#define UVMCHECK_FUZZ_SESSION_H

#include <signal.h>
#include <stdbool.h>

#include "fuzz/campaign.h"
#include "fuzz/engine.h"

#define FUZZ_SESSION_OK		0
#define FUZZ_SESSION_FOUND	1	/* finish: something was found */
#define FUZZ_SESSION_BAD_INPUT	2
#define FUZZ_SESSION_FAILED	3

struct fuzz_session_opts {
	const char *engine;	/* "libfuzzer" or "afl" */
	bool generate;		/* the gen harness, dictionary and seeds */
	const char *harness;	/* the harness binary */
	const char *root;	/* the data: fuzz/ *.dict, corpus/seeds/ */
	const char *fuzz_dir;	/* the AFL++ custom mutator's directory */
	const char *target;	/* the target as text (fuzz/target.h) */
	int target_len;
	const char *workdir;	/* NULL: a temporary one, removed after */
	const char *sync, *name;	/* AFL++ --sync DIR --name NAME */
	int jobs;
	unsigned long long seed;
	double seconds;		/* --time, from the session's start */
};

struct fuzz_session {
	struct fuzz_session_opts o;
	char work[FUZZ_PATH_MAX];	/* the work directory */
	bool keep_work;			/* --workdir: kept */
	struct fuzz_seeds ss;
	struct fuzz_campaign c;		/* mode, minimize, quiet, outdir,
					   record: the caller's */
	struct fuzz_engine eng;
	/* after fuzz_session_collect() */
	unsigned long long execs;
	double elapsed;		/* the engines' time */
	double total;		/* with the minimizing and recording */
};

int fuzz_session_dirs(struct fuzz_session *s);
int fuzz_session_start(struct fuzz_session *s);
void fuzz_session_wait(struct fuzz_session *s, volatile sig_atomic_t *stop);
void fuzz_session_collect(struct fuzz_session *s);
int fuzz_session_finish(struct fuzz_session *s);
/* the campaign closed and the seeds freed */
void fuzz_session_close(struct fuzz_session *s);

#endif
