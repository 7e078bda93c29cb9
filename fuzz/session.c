/*
 * session.c: one run of `uvmcheck fuzz`, directories to findings
 * (fuzz/session.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/file_write.h"
#include "corpus/path.h"
#include "explore/clock.h"
#include "fuzz/session.h"
#include "fuzz/target.h"

int
fuzz_session_dirs(struct fuzz_session *s)
{
	const struct fuzz_session_opts *o = &s->o;
	char path[FUZZ_PATH_MAX + 16];
	const char *tmp = getenv("TMPDIR");

	if (o->sync != NULL && fuzz_claim_dir("--sync", o->sync,
	    ".uvmcheck-target", o->target) != 0)
		return FUZZ_SESSION_BAD_INPUT;
	if (o->workdir != NULL) {
		if (path_format(s->work, sizeof(s->work), "--workdir", "%s",
		    o->workdir) != 0)
			return FUZZ_SESSION_BAD_INPUT;
		if (fuzz_claim_dir("--workdir", o->workdir, "target",
		    o->target) != 0)
			return FUZZ_SESSION_BAD_INPUT;
		s->keep_work = true;
	} else {
		if (path_format(s->work, sizeof(s->work), "TMPDIR",
		    "%s/uvmcheck-fuzz.XXXXXX", tmp != NULL ? tmp : "/tmp") != 0)
			return FUZZ_SESSION_BAD_INPUT;
		if (mkdtemp(s->work) == NULL) {
			fprintf(stderr, "uvmcheck fuzz: %s: %s\n", s->work,
			    strerror(errno));
			return FUZZ_SESSION_FAILED;
		}
		if (path_format(path, sizeof(path), "the work directory",
		    "%s/target", s->work) != 0)
			return FUZZ_SESSION_BAD_INPUT;
		fuzz_write_file(path, o->target, (size_t)o->target_len);
		s->keep_work = false;
	}
	if (file_mkdirs(s->c.outdir) != 0) {
		fprintf(stderr, "uvmcheck fuzz: --out %s: %s\n", s->c.outdir,
		    strerror(errno));
		return FUZZ_SESSION_BAD_INPUT;
	}
	return FUZZ_SESSION_OK;
}

/*
 * Until the engines end: polled ten times a second; every half second
 * the findings kept so far are taken (minimized, written), up to a
 * second before the deadline, so that a campaign of many findings does
 * not spend as long again after its --time minimizing them.
 */
void
fuzz_session_wait(struct fuzz_session *s, volatile sig_atomic_t *stop)
{
	for (int k = 0; fuzz_engine_poll(&s->eng) > 0; k++) {
		if (*stop)
			fuzz_engine_stop(&s->eng);
		else if (k % 5 == 4)
			fuzz_campaign_take_live(&s->c, &s->ss, &s->eng,
			    s->eng.deadline - 1.0);
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\rfuzz %s: %.0f/%gs, %llu execs   ",
			    s->o.engine, clock_wall() - s->c.t0_wall,
			    s->o.seconds, fuzz_engine_execs(&s->eng));
		usleep(100000);
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\n");
}

/* start the engines on the work directory */
static int
start_engines(struct fuzz_session *s)
{
	const struct fuzz_session_opts *o = &s->o;
	struct fuzz_engine_opts eo;
	char path[FUZZ_PATH_MAX + 16], dict[FUZZ_PATH_MAX * 2];
	char mut[FUZZ_PATH_MAX + 64], err[1200];

	if (path_format(dict, sizeof(dict), "the dictionary",
	    "%s/fuzz/%s.dict", o->root, o->generate ? "gen" : "sched") != 0 ||
	    path_format(mut, sizeof(mut), "the mutator",
	    "%s/libuvmcheck-afl-mutator.so", o->fuzz_dir) != 0 ||
	    path_format(path, sizeof(path), "the work directory",
	    "%s/target", s->work) != 0)
		return FUZZ_SESSION_BAD_INPUT;
	setenv(FUZZ_TARGET_ENV, path, 1);
	setenv("UVMCHECK_FUZZ_SEEN", s->c.seendir, 1);
	memset(&eo, 0, sizeof(eo));
	eo.afl = strcmp(o->engine, "afl") == 0;
	eo.harness = o->harness;
	eo.workdir = s->work;
	eo.dict = dict;
	eo.mutator = mut;
	eo.sync = o->sync;
	eo.name = o->name != NULL ? o->name : "main";
	eo.jobs = o->jobs;
	eo.seed = o->seed;
	/* --time counts from the start, the seeds' runs included */
	eo.seconds = o->seconds - (clock_wall() - s->c.t0_wall);
	if (eo.seconds < 0.1)
		eo.seconds = 0.1;
	eo.gen = o->generate;
	if (fuzz_engine_start(&s->eng, &eo, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
		return FUZZ_SESSION_FAILED;
	}
	return FUZZ_SESSION_OK;
}

int
fuzz_session_start(struct fuzz_session *s)
{
	struct fuzz_campaign *c = &s->c;
	char in[FUZZ_PATH_MAX + 8];

	if (path_format(in, sizeof(in), "the work directory", "%s/in",
	    s->work) != 0)
		return FUZZ_SESSION_BAD_INPUT;
	c->t0_wall = clock_wall();
	fuzz_seeds_make(&s->ss, s->o.generate, s->o.root);
	if (s->ss.n == 0 || fuzz_seeds_save(&s->ss, in, true) != 0 ||
	    fuzz_campaign_open(c, s->work) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", s->work,
		    s->ss.n == 0 ? "no seed input" : strerror(errno));
		return FUZZ_SESSION_FAILED;
	}
	/* (minimized and recorded after the engines, with their crashes) */
	fuzz_campaign_check_seeds(c, &s->ss);
	return start_engines(s);
}

void
fuzz_session_collect(struct fuzz_session *s)
{
	s->elapsed = clock_wall() - s->c.t0_wall;
	s->execs = fuzz_engine_execs(&s->eng);
	fuzz_campaign_collect(&s->c, &s->ss, &s->eng);
	s->total = clock_wall() - s->c.t0_wall;
}

int
fuzz_session_finish(struct fuzz_session *s)
{
	if (s->execs == 0 && !fuzz_engine_ready(&s->eng) &&
	    s->eng.exited_early) {
		fprintf(stderr, "uvmcheck fuzz: the engine did not start; its "
		    "log: %s/engine.log\n", s->work);
		return FUZZ_SESSION_FAILED;
	}
	if (s->execs == 0)
		fprintf(stderr, "uvmcheck fuzz: the time ran out before the "
		    "engine's first execution (its start-up: the seeds, a "
		    "resumed queue); give it more --time\n");
	if (!s->keep_work && file_remove_tree(s->work) != 0)
		fprintf(stderr, "uvmcheck fuzz: %s: cannot remove: %s\n",
		    s->work, strerror(errno));
	return s->c.n > 0 ? FUZZ_SESSION_FOUND : FUZZ_SESSION_OK;
}

void
fuzz_session_close(struct fuzz_session *s)
{
	fuzz_campaign_close(&s->c);
	fuzz_seeds_free(&s->ss);
}
