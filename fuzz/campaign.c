/*
 * campaign.c: the seeds and the findings of a fuzz campaign
 * (fuzz/campaign.h).
 */
#include "fuzz/campaign.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus/file_write.h"
#include "fuzz/library.h"
#include "fuzz/target.h"
#include "explore/clock.h"

#include <xxhash.h>

/* ---- seeds ---- */

/* what making the seeds reads into: large, so on the heap, once */
struct seed_scratch {
	struct scenario scen;
	struct sched_file sf;
	struct fuzz_run run;
};

static void
seed_add(struct fuzz_seeds *ss, const uint8_t *d, size_t len)
{
	if (ss->n >= FUZZ_MAX_SEEDS ||
	    (ss->data[ss->n] = calloc(len + 1, 1)) == NULL)
		return;
	ss->failing[ss->n] = -1;
	memcpy(ss->data[ss->n], d, len);
	ss->len[ss->n++] = len;
}

static int
scenario_nexpect(int idx, struct scenario *s)
{
	const struct scenario *ts = fuzz_target_scenario();
	struct scenario_error err;
	const char *t;

	if (idx < 0)
		return ts != NULL ? ts->nexpect : 0;
	t = fuzz_library[idx].text;
	if (scenario_parse(t, strlen(t), fuzz_library[idx].name, s, &err) != 0)
		return 0;
	return s->nexpect;
}

/*
 * The counterexamples corpus/seeds/ *.sched of the scenario named name
 * as inputs (lib: its library index, -1 for the target's scenario): the
 * recorded schedule as a tape, under the configuration the .sched
 * names when one of the configuration byte's choices is it (any, when
 * the configuration is pinned).
 */
static void
seeds_from_sched(struct fuzz_seeds *ss, const char *root, const char *name,
    int lib, struct seed_scratch *x)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	struct sched_file *sf = &x->sf;
	struct scenario *scen = &x->scen;
	struct fuzz_run *run = &x->run;
	const struct fuzz_target *t = fuzz_get_target();
	struct sched_error err;
	uint8_t buf[2 + SCHED_MAX_STEPS];
	struct dirent *de;
	DIR *d;

	if (snprintf(dir, sizeof(dir), "%s/corpus/seeds", root) >=
	    (int)sizeof(dir) || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		int cfg = -1, n, ne;

		if (l < 7 || strcmp(de->d_name + l - 6, ".sched") != 0)
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path) || sched_file_load(path, sf, scen,
		    &err) != 0)
			continue;
		if (strcmp(scen->name, name) != 0) {
			sched_file_free(sf);
			continue;
		}
		buf[0] = (uint8_t)(lib < 0 ? 0 : lib);
		ne = fuzz_config_count(scen->nexpect);
		if (t != NULL && t->pinned)
			cfg = 0;
		for (int k = 0; k < ne && k < 256 && cfg < 0; k++) {
			buf[1] = (uint8_t)k;
			fuzz_decode(buf, 2, FUZZ_SCHEDULE, run);
			if (memcmp(&run->scen.model.knobs, &scen->model.knobs,
			    sizeof(scen->model.knobs)) == 0)
				cfg = k;
		}
		n = fuzz_encode_tape(&scen->model, &sf->sched, buf + 2,
		    SCHED_MAX_STEPS);
		if (cfg >= 0 && n >= 0) {
			buf[1] = (uint8_t)cfg;
			seed_add(ss, buf, (size_t)n + 2);
		}
		sched_file_free(sf);
	}
	closedir(d);
}

/*
 * The seeds: for each scenario (the target's or every library one) and
 * each configuration (the pinned one, or every choice of the
 * configuration byte) an input with an empty tape, then the
 * corpus/seeds/ counterexamples; generator inputs from a fixed
 * pseudo-random set of headers (and the all-zero one: with --like, the
 * user's scenario itself).
 */
void
fuzz_seeds_make(struct fuzz_seeds *ss, bool generate, const char *root)
{
	const struct fuzz_target *t = fuzz_get_target();
	bool pinned = t != NULL && t->pinned;
	uint8_t buf[FUZZ_GEN_HDR + 8];
	struct seed_scratch *sc;

	if (generate) {
		uint32_t x = 2463534242u;

		memset(buf, 0, sizeof(buf));
		seed_add(ss, buf, FUZZ_GEN_HDR);
		for (int i = 0; i < 64; i++) {
			for (size_t j = 0; j < sizeof(buf); j++) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				buf[j] = (uint8_t)x;
			}
			seed_add(ss, buf, sizeof(buf));
		}
		return;
	}
	if ((sc = calloc(1, sizeof(*sc))) == NULL)
		return;
	for (int i = fuzz_target_scenario() != NULL ? -1 : 0;
	    i < fuzz_library_n; i++) {
		int ncfg = pinned ? 1 :
		    fuzz_config_count(scenario_nexpect(i, &sc->scen));

		for (int k = 0; k < ncfg && k < 256; k++) {
			buf[0] = (uint8_t)(i < 0 ? 0 : i);
			buf[1] = (uint8_t)k;
			seed_add(ss, buf, 2);
		}
		seeds_from_sched(ss, root, i < 0 ?
		    fuzz_target_scenario()->name : fuzz_library[i].name, i, sc);
		if (i < 0)
			break;
	}
	free(sc);
}

void
fuzz_seeds_free(struct fuzz_seeds *ss)
{
	for (int i = 0; i < ss->n; i++)
		free(ss->data[i]);
	ss->n = 0;
}

int
fuzz_write_file(const char *path, const void *d, size_t len)
{
	char err[FW_PATH_MAX + 256];

	if (file_write_buf(path, d, len, err, sizeof(err)) != FW_OK) {
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
		return -1;
	}
	return 0;
}

/* a scratch file of the work directory: 0, or -1 */
static int
scratch_write(const char *path, const void *d, size_t len)
{
	char err[FW_PATH_MAX + 256];

	return file_write_scratch(path, d, len, err, sizeof(err)) == FW_OK ?
	    0 : -1;
}

int
fuzz_seeds_save(const struct fuzz_seeds *ss, const char *dir, bool scratch)
{
	char path[PATH_MAX + 32];

	if (file_mkdirs(dir) != 0)
		return -1;
	for (int i = 0; i < ss->n; i++) {
		if (snprintf(path, sizeof(path), "%s/seed-%04d", dir, i) >=
		    (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if ((scratch ? scratch_write(path, ss->data[i], ss->len[i]) :
		    fuzz_write_file(path, ss->data[i], ss->len[i])) != 0)
			return -1;
	}
	return 0;
}

/* ---- findings ---- */

/* mark a signature found: the harnesses do not stop on it again */
static void
mark_seen(struct fuzz_campaign *c, const char *raw)
{
	char path[sizeof(c->seendir) + 32];

	if (snprintf(path, sizeof(path), "%s/%s", c->seendir, raw) <
	    (int)sizeof(path))
		scratch_write(path, "", 0);
}

static void
record(struct fuzz_campaign *c, const char *sig, double when)
{
	if (c->record != NULL)
		c->record(c->record_arg, &c->run, sig, c->t0_wall + when);
}

/* the finding of c->run (signature sig) written as a .sched, once */
static void
write_finding(struct fuzz_campaign *c, struct fuzz_finding *f)
{
	struct fuzz_run *run = &c->run;
	struct sched_file sf;
	char err[FW_PATH_MAX + 256];

	if (access(f->file, F_OK) == 0) {
		if (!c->quiet)
			printf("finding %s %s scenario %s config %s (seen)\n",
			    f->sig, f->inv, f->scenario, f->config);
		return;
	}
	if (fuzz_run_to_sched(run, &sf) != 0)
		return;
	if (sched_file_save(f->file, &sf, &run->scen.model, err,
	    sizeof(err)) != 0)
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", f->file, err);
	sched_file_free(&sf);
	if (!c->quiet)
		printf("finding %s %s scenario %s config %s -> %s\n",
		    f->sig, f->inv, f->scenario, f->config, f->file);
}

void
fuzz_campaign_take(struct fuzz_campaign *c, const uint8_t *data, size_t n,
    double when)
{
	struct fuzz_run *run = &c->run;
	struct fuzz_finding *f;
	char sig[17], raw[17];

	fuzz_decode(data, n, c->mode, run);
	if (run->verdict == VERDICT_CLEAN || fuzz_signature(run, raw) != 0) {
		c->bad++;	/* the engine's crash, not the model's */
		return;
	}
	c->total++;
	/* (a crash of an earlier run of a resumed campaign does not count) */
	if (when >= 0 && (c->first < 0 || when < c->first))
		c->first = when;
	/* known as found: counted, not minimized again */
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->f[i].raw, raw) == 0) {
			c->f[i].count++;
			record(c, c->f[i].sig, when);
			return;
		}
	memcpy(sig, raw, sizeof(sig));
	if (c->minimize) {
		/* the same finding, fewest steps and preemptions */
		c->orig = run->sched;
		if (explore_minimize(&run->scen.model, &run->sched,
		    (int)run->scen.bound_depth, &c->mr) == 0) {
			run->sched = c->mr.sched;
			if (fuzz_signature(run, sig) != 0) {
				run->sched = c->orig;
				memcpy(sig, raw, sizeof(sig));
			}
		}
	}
	record(c, sig, when);
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->f[i].sig, sig) == 0) {
			c->f[i].count++;
			return;
		}
	if (c->n == FUZZ_MAX_FINDINGS)
		return;
	f = &c->f[c->n++];
	memset(f, 0, sizeof(*f));
	memcpy(f->sig, sig, sizeof(f->sig));
	memcpy(f->raw, raw, sizeof(f->raw));
	snprintf(f->inv, sizeof(f->inv), "%s", fuzz_verdict_inv(run));
	snprintf(f->scenario, sizeof(f->scenario), "%s", run->scen.name);
	snprintf(f->config, sizeof(f->config), "%s", run->config_label);
	f->count = 1;
	if (snprintf(f->file, sizeof(f->file), "%s/%s-%s-%s.sched", c->outdir,
	    run->scen.name, fuzz_verdict_inv(run), sig) >=
	    (int)sizeof(f->file))
		fprintf(stderr, "uvmcheck fuzz: %s/...: path too long, the "
		    "finding %s is not written\n", c->outdir, sig);
	else
		write_finding(c, f);
	fflush(stdout);
}

/* the taken set: XXH3 of a crash file's path (never 0) */
static uint64_t
taken_hash(const char *path)
{
	uint64_t h = XXH3_64bits(path, strlen(path));

	return h != 0 ? h : 1;
}

/* whether path was taken; when not and add, it is now: 0, or -1 (memory) */
static int
taken_test(struct fuzz_campaign *c, const char *path, bool add, bool *was)
{
	uint64_t h = taken_hash(path);
	size_t i;

	*was = false;
	if (c->captaken > 0)
		for (i = h & (size_t)(c->captaken - 1); c->taken[i] != 0;
		    i = (i + 1) & (size_t)(c->captaken - 1))
			if (c->taken[i] == h) {
				*was = true;
				return 0;
			}
	if (!add)
		return 0;
	if (2 * (c->ntaken + 1) > c->captaken) {
		int ncap = c->captaken > 0 ? 2 * c->captaken : 1024;
		uint64_t *nt = calloc((size_t)ncap, sizeof(*nt));

		if (nt == NULL)
			return -1;
		for (int k = 0; k < c->captaken; k++) {
			if (c->taken[k] == 0)
				continue;
			for (i = c->taken[k] & (size_t)(ncap - 1); nt[i] != 0;
			    i = (i + 1) & (size_t)(ncap - 1))
				;
			nt[i] = c->taken[k];
		}
		free(c->taken);
		c->taken = nt;
		c->captaken = ncap;
	}
	for (i = h & (size_t)(c->captaken - 1); c->taken[i] != 0;
	    i = (i + 1) & (size_t)(c->captaken - 1))
		;
	c->taken[i] = h;
	c->ntaken++;
	return 0;
}

void
fuzz_campaign_take_crash(void *arg, const char *path)
{
	struct fuzz_campaign *c = arg;
	struct stat st;
	bool was;
	size_t n;
	FILE *in;

	if (taken_test(c, path, false, &was) != 0 || was)
		return;
	if ((in = fopen(path, "rb")) == NULL || fstat(fileno(in), &st) != 0) {
		if (in != NULL)
			fclose(in);
		return;
	}
	n = fread(c->input, 1, sizeof(c->input), in);
	fclose(in);
	fuzz_campaign_take(c, c->input, n, (double)st.st_mtim.tv_sec +
	    (double)st.st_mtim.tv_nsec / 1e9 - c->t0_wall);
	(void)taken_test(c, path, true, &was);
	if (c->taken_log != NULL) {
		fprintf(c->taken_log, "%s\n", path);
		fflush(c->taken_log);
	}
}

/* the crash files an earlier run took (one path a line), then the log */
static int
load_taken(struct fuzz_campaign *c, const char *path)
{
	char line[PATH_MAX * 2];
	FILE *f = fopen(path, "r");
	bool was;

	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (taken_test(c, line, true, &was) != 0) {
				fclose(f);
				return -1;
			}
		}
		fclose(f);
	}
	c->taken_log = fopen(path, "a");
	return 0;
}

int
fuzz_campaign_open(struct fuzz_campaign *c, const char *work)
{
	char path[FUZZ_PATH_MAX + 16];

	c->first = -1;
	if (snprintf(c->seendir, sizeof(c->seendir), "%s/seen", work) >=
	    (int)sizeof(c->seendir) || snprintf(path, sizeof(path),
	    "%s/taken", work) >= (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (load_taken(c, path) != 0)
		return -1;
	return file_mkdirs(c->seendir);
}

void
fuzz_campaign_check_seeds(struct fuzz_campaign *c, struct fuzz_seeds *ss)
{
	char raw[17];

	for (int i = 0; i < ss->n; i++) {
		fuzz_decode(ss->data[i], ss->len[i], c->mode, &c->run);
		if (c->run.verdict == VERDICT_CLEAN ||
		    fuzz_signature(&c->run, raw) != 0)
			continue;
		ss->failing[i] = clock_wall() - c->t0_wall;
		mark_seen(c, raw);
	}
}

/* OUTDIR/findings.txt: its old lines and a line per finding of this run */
static void
write_findings_list(const struct fuzz_campaign *c)
{
	char *buf = NULL, path[FW_PATH_MAX], err[FW_PATH_MAX + 256];
	size_t len = 0;
	FILE *m, *old;
	int ch;

	if (snprintf(path, sizeof(path), "%s/findings.txt", c->outdir) >=
	    (int)sizeof(path)) {
		fprintf(stderr, "uvmcheck fuzz: %s/findings.txt: path too "
		    "long\n", c->outdir);
		return;
	}
	if (file_write_check(path, err, sizeof(err)) != FW_OK) {
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
		return;
	}
	if ((m = open_memstream(&buf, &len)) == NULL)
		return;
	if ((old = fopen(path, "r")) != NULL) {
		while ((ch = getc(old)) != EOF)
			putc(ch, m);
		fclose(old);
	}
	for (int i = 0; i < c->n; i++)
		fprintf(m, "%s %s %s %s count=%d %s\n", c->f[i].sig,
		    c->f[i].inv, c->f[i].scenario, c->f[i].config,
		    c->f[i].count, c->f[i].file);
	fclose(m);
	if (file_write_buf(path, buf, len, err, sizeof(err)) != FW_OK)
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
	free(buf);
}

/* the seeds whose runs failed, once, before any crash */
static void
take_seeds(struct fuzz_campaign *c, const struct fuzz_seeds *ss)
{
	if (c->seeds_taken)
		return;
	c->seeds_taken = true;
	for (int i = 0; i < ss->n; i++)
		if (ss->failing[i] >= 0)
			fuzz_campaign_take(c, ss->data[i], ss->len[i],
			    ss->failing[i]);
}

struct live {
	struct fuzz_campaign *c;
	double until;
};

/* a finding the harness kept: crash- and the 16 hex digits of its signature */
static void
take_kept(void *arg, const char *path)
{
	struct live *l = arg;
	const char *b = strrchr(path, '/');

	b = b != NULL ? b + 1 : path;
	if (strlen(b) != 6 + 16 || strncmp(b, "crash-", 6) != 0 ||
	    strspn(b + 6, "0123456789abcdef") != 16 ||
	    clock_monotonic() >= l->until)
		return;
	fuzz_campaign_take_crash(l->c, path);
}

void
fuzz_campaign_take_live(struct fuzz_campaign *c, const struct fuzz_seeds *ss,
    const struct fuzz_engine *eng, double until)
{
	struct live l = { c, until };

	if (clock_monotonic() >= until)
		return;
	take_seeds(c, ss);
	/*
	 * AFL++ and libFuzzer write their own crash files as they please:
	 * those wait for the end.
	 */
	if (!eng->o.afl)
		fuzz_engine_crashes(eng, take_kept, &l);
}

void
fuzz_campaign_collect(struct fuzz_campaign *c, const struct fuzz_seeds *ss,
    const struct fuzz_engine *eng)
{
	take_seeds(c, ss);
	fuzz_engine_crashes(eng, fuzz_campaign_take_crash, c);
	if (c->taken_log != NULL)
		fclose(c->taken_log);
	c->taken_log = NULL;
	write_findings_list(c);
}

void
fuzz_campaign_close(struct fuzz_campaign *c)
{
	if (c->taken_log != NULL)
		fclose(c->taken_log);
	c->taken_log = NULL;
	free(c->taken);
	c->taken = NULL;
	c->ntaken = c->captaken = 0;
}

/* ---- the work directory ---- */

static bool
dir_empty(const char *path)
{
	struct dirent *de;
	DIR *d = opendir(path);
	bool empty = true;

	if (d == NULL)
		return true;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	return empty;
}

static int
read_small(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return -1;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	return (int)n;
}

int
fuzz_claim_dir(const char *opt, const char *dir, const char *file,
    const char *want)
{
	size_t havelen = strlen(want) + 2;	/* longer reads as different */
	char path[PATH_MAX], *have;
	struct stat st;
	bool same;
	int got;

	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "uvmcheck fuzz: %s %s: not a directory\n", opt,
		    dir);
		return -1;
	}
	if (snprintf(path, sizeof(path), "%s/%s", dir, file) >=
	    (int)sizeof(path)) {
		fprintf(stderr, "uvmcheck fuzz: %s %s: path too long\n", opt,
		    dir);
		return -1;
	}
	if ((have = malloc(havelen)) == NULL)
		return -1;
	got = read_small(path, have, havelen);
	same = got >= 0 && strcmp(have, want) == 0;
	free(have);
	if (got >= 0) {
		if (!same) {
			fprintf(stderr, "uvmcheck fuzz: %s %s: the directory "
			    "of another campaign (its %s differs: another "
			    "scenario, configuration or generator); use "
			    "another directory\n", opt, dir, path);
			return -1;
		}
		return 0;
	}
	if (!dir_empty(dir)) {
		fprintf(stderr, "uvmcheck fuzz: %s %s: not empty and not a "
		    "uvmcheck fuzz directory (no %s); left alone\n", opt, dir,
		    file);
		return -1;
	}
	if (file_mkdirs(dir) != 0 ||
	    fuzz_write_file(path, want, strlen(want)) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s %s: %s\n", opt, dir,
		    strerror(errno));
		return -1;
	}
	return 0;
}
