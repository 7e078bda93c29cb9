/*
 * cmd_fuzz.c: uvmcheck fuzz: a libFuzzer or AFL++ campaign
 * (docs/design.md §9).
 *
 * Aims the harness binaries fuzz-{sched,gen}-{libfuzzer,afl} of
 * cli_fuzz_dir() (BUILD/fuzz, or PREFIX/libexec/uvmcheck when installed)
 * at a target (fuzz/target.h: a
 * scenario file or the library, a configuration, the generator's
 * options) and runs them (fuzz/engine.c); nothing is compiled here.
 * Seeds come from the target and corpus/seeds/ *.sched; a seed whose run
 * already fails is a finding at once, and its signature is marked seen
 * so that no engine stops on it again.  Every crash the engines saved
 * is decoded again (fuzz/decode.c: the same bytes are the same run),
 * minimized, written as a .sched in the findings directory
 * (./uvmcheck-findings by default), deduplicated by signature (invariant,
 * operations, interleaving point of the violating step), listed in
 * DIR/findings.txt and recorded in the store (--db).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "fuzz/decode.h"
#include "fuzz/engine.h"
#include "fuzz/library.h"
#include "fuzz/target.h"
#include "reports/store.h"
#include "sched/minimize.h"

static const char usage[] =
    "uvmcheck fuzz [SCENARIO | --generate [GENERATOR]] --engine libfuzzer|afl\n"
    "           --time SECONDS [--seed N] [--jobs N] [--profile P] [--bug K=V]\n"
    "           [--out DIR] [--db FILE] [--workdir DIR] [--json] "
    "[--no-minimize]\n"
    "           [--sync DIR --name NAME]\n"
    "       uvmcheck fuzz --make-seeds DIR [SCENARIO | --generate ...] "
    "[--profile P]\n"
    "  SCENARIO: a scenario file (PATH.scn) or a library scenario; its\n"
    "    schedules and environment failures are fuzzed.  None: every\n"
    "    library scenario.\n"
    "  --generate: scenarios generated too (scenario and schedule fuzzed);\n"
    "    GENERATOR: --ops OP,OP,...  only these operations\n"
    "               --like PATH.scn  around this scenario (its world,\n"
    "                                objects, processes and operations)\n"
    "               --pages N (4..16) --procs N (1..2) --threads N (1..3)\n"
    "  --profile P, --bug K=V: every run under this configuration (none:\n"
    "    the fuzzer picks the scenario's own, its expectations, each\n"
    "    profile, each bug's knob)\n"
    "  --time SECONDS: wall time of the campaign (fractions allowed)\n"
    "  --seed N: the engines' seed (1..4294967295; default: from the\n"
    "    clock, printed); the same seed gives the same findings where the\n"
    "    engine is deterministic (libFuzzer with one job)\n"
    "  --out DIR: where findings go as .sched, minimized unless\n"
    "    --no-minimize (default ./uvmcheck-findings; --corpus DIR is the\n"
    "    same)\n"
    "  --db FILE: record the campaign and its findings in the SQLite store\n"
    "  --workdir DIR: keep the engines' queue there; the same command\n"
    "    on the same DIR resumes the campaign\n"
    "  --sync DIR --name NAME: AFL++: one campaign over several machines\n"
    "    sharing DIR (each its own --name, --db; report merge joins them)\n"
    "  --jobs N: libFuzzer -fork=N; AFL++ N instances\n"
    "  --json: one JSON object at the end (first_finding_seconds included)\n"
    "  --make-seeds DIR: write the seed inputs (and DIR.target, for a\n"
    "    harness run by hand with UVMCHECK_FUZZ_TARGET) and stop\n"
    "The harnesses are built with uvmcheck (./run.sh; meson -Dfuzz=true\n"
    "under clang).  Exit: 1 something found, 0 nothing, 2 bad input.\n";

#define MAX_SEEDS	4096
#define FUZZ_MAX_INPUT	(1u << 20)
#define DEFAULT_OUT	"uvmcheck-findings"

struct seedset {
	int n;
	uint8_t *data[MAX_SEEDS];
	size_t len[MAX_SEEDS];
	double failing[MAX_SEEDS];	/* seconds when found failing, or -1 */
};

struct finding {
	char sig[17];		/* of the minimized run */
	char raw[17];		/* of the run as the engine found it */
	char inv[64];
	char scenario[SCN_NAME_MAX];
	char config[96];
	char file[2048];
	int count;
};

struct findings {
	int n, total, bad;
	struct finding f[512];
	double first;		/* seconds into the campaign; < 0 none */
};

/* the campaign, for the functions below */
static struct {
	enum fuzz_mode mode;
	bool minimize, quiet;
	const char *outdir, *seendir;
	struct store *store;
	int64_t campaign;
	double t0_wall;
	struct findings fs;
	char **taken;
	int ntaken, captaken;
	FILE *taken_log;
} c;

static struct fuzz_run run;
static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* ---- the target ---- */

static int
lib_find(const char *name)
{
	for (int i = 0; i < fuzz_library_n; i++)
		if (strcmp(fuzz_library[i].name, name) == 0)
			return i;
	return -1;
}

static bool
is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL || (n > 4 &&
	    strcmp(arg + n - 4, ".scn") == 0 && access(arg, F_OK) == 0);
}

/*
 * A scenario file, or a library scenario by name (the text the
 * harnesses embed), into t; EXIT_USAGE with file:line:col if it does
 * not parse.
 */
static int
target_scenario(const char *opt, const char *arg, struct fuzz_target *t)
{
	static struct scenario s;
	struct scenario_error err;
	const char *path = arg;
	size_t len;
	int idx;

	if (is_path(arg)) {
		FILE *f = fopen(arg, "rb");

		if (f == NULL) {
			fprintf(stderr, "uvmcheck fuzz: %s%s%s: %s\n", opt,
			    *opt != '\0' ? " " : "", arg, strerror(errno));
			return EXIT_USAGE;
		}
		len = fread(t->scn_text, 1, sizeof(t->scn_text), f);
		fclose(f);
		if (len >= sizeof(t->scn_text)) {
			fprintf(stderr, "uvmcheck fuzz: %s: longer than %d "
			    "bytes\n", arg, SCN_TEXT_MAX);
			return EXIT_USAGE;
		}
		t->scn_text[len] = '\0';
	} else if ((idx = lib_find(arg)) >= 0) {
		snprintf(t->scn_text, sizeof(t->scn_text), "%s",
		    fuzz_library[idx].text);
		len = strlen(t->scn_text);
		path = fuzz_library[idx].name;
	} else {
		fprintf(stderr, "uvmcheck fuzz: %s%s'%s': no such file, nor a "
		    "library scenario (uvmcheck list scenarios)\n", opt,
		    *opt != '\0' ? " " : "", arg);
		return EXIT_USAGE;
	}
	if (strlen(t->scn_text) != len) {
		fprintf(stderr, "uvmcheck fuzz: %s: not a text file (NUL "
		    "byte)\n", arg);
		return EXIT_USAGE;
	}
	if (scenario_parse(t->scn_text, len, path, &s, &err) != 0) {
		scenario_error_print(&err, stderr);
		return EXIT_USAGE;
	}
	snprintf(t->scn_name, sizeof(t->scn_name), "%s", s.name);
	t->has_scenario = true;
	return 0;
}

/* --ops mlock,munlock,...: the operations the generator may make */
static int
target_ops(const char *list, bool like, struct fuzz_target *t)
{
	char buf[1024], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *w = strtok_r(buf, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save)) {
		int k = op_lookup(w);

		if (k < 0 || k >= 64 || (!like && !gen_op_made(k))) {
			fprintf(stderr, "uvmcheck fuzz: --ops: '%s' is not an "
			    "operation the generator makes (", w);
			for (int j = 1, first = 1; j < 64 && op_name(j) != NULL;
			    j++)
				if (gen_op_made(j)) {
					fprintf(stderr, "%s%s", first ? "" : " ",
					    op_name(j));
					first = 0;
				}
			fprintf(stderr, "%s)\n", like ? "; with --like, any "
			    "operation of the language" : "");
			return EXIT_USAGE;
		}
		t->gen.ops |= (uint64_t)1 << k;
	}
	if (t->gen.ops == 0) {
		fprintf(stderr, "uvmcheck fuzz: --ops: an empty list\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- seeds ---- */

static void
seed_add(struct seedset *ss, const uint8_t *d, size_t len)
{
	if (ss->n >= MAX_SEEDS)
		return;
	ss->data[ss->n] = cli_xcalloc(len + 1, 1);
	ss->failing[ss->n] = -1;
	memcpy(ss->data[ss->n], d, len);
	ss->len[ss->n++] = len;
}

static int
scenario_nexpect(int idx)
{
	const struct scenario *ts = fuzz_target_scenario();
	static struct scenario s;
	struct scenario_error err;
	const char *t;

	if (idx < 0)
		return ts != NULL ? ts->nexpect : 0;
	t = fuzz_library[idx].text;
	if (scenario_parse(t, strlen(t), fuzz_library[idx].name, &s, &err) != 0)
		return 0;
	return s.nexpect;
}

/*
 * The counterexamples corpus/seeds/ *.sched of the scenario named name
 * as inputs (lib: its library index, -1 for the target's scenario): the
 * recorded schedule as a tape, under the configuration the .sched
 * names when one of the configuration byte's choices is it (any, when
 * the configuration is pinned).
 */
static void
seeds_from_sched(struct seedset *ss, const char *name, int lib)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	static struct sched_file sf;
	static struct scenario scen;
	const struct fuzz_target *t = fuzz_get_target();
	struct sched_error err;
	uint8_t buf[2 + SCHED_MAX_STEPS];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/corpus/seeds", cli_root());
	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		int cfg = -1, n, ne;

		if (l < 7 || strcmp(de->d_name + l - 6, ".sched") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (sched_file_load(path, &sf, &scen, &err) != 0)
			continue;
		if (strcmp(scen.name, name) != 0) {
			sched_file_free(&sf);
			continue;
		}
		buf[0] = (uint8_t)(lib < 0 ? 0 : lib);
		ne = fuzz_config_count(scen.nexpect);
		if (t != NULL && t->pinned)
			cfg = 0;
		for (int k = 0; k < ne && k < 256 && cfg < 0; k++) {
			buf[1] = (uint8_t)k;
			fuzz_decode(buf, 2, FUZZ_SCHEDULE, &run);
			if (memcmp(&run.scen.model.knobs, &scen.model.knobs,
			    sizeof(scen.model.knobs)) == 0)
				cfg = k;
		}
		n = fuzz_encode_tape(&scen.model, &sf.sched, buf + 2,
		    SCHED_MAX_STEPS);
		if (cfg >= 0 && n >= 0) {
			buf[1] = (uint8_t)cfg;
			seed_add(ss, buf, (size_t)n + 2);
		}
		sched_file_free(&sf);
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
static void
make_seeds(struct seedset *ss, bool generate)
{
	const struct fuzz_target *t = fuzz_get_target();
	bool pinned = t != NULL && t->pinned;
	uint8_t buf[FUZZ_GEN_HDR + 8];

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
	for (int i = fuzz_target_scenario() != NULL ? -1 : 0;
	    i < fuzz_library_n; i++) {
		int ncfg = pinned ? 1 : fuzz_config_count(scenario_nexpect(i));

		for (int k = 0; k < ncfg && k < 256; k++) {
			buf[0] = (uint8_t)(i < 0 ? 0 : i);
			buf[1] = (uint8_t)k;
			seed_add(ss, buf, 2);
		}
		seeds_from_sched(ss, i < 0 ? fuzz_target_scenario()->name :
		    fuzz_library[i].name, i);
		if (i < 0)
			break;
	}
}

static int
write_file(const char *path, const void *d, size_t len)
{
	char err[FW_PATH_MAX + 256];

	if (file_write_buf(path, d, len, err, sizeof(err)) != FW_OK) {
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
		return -1;
	}
	return 0;
}

/*
 * A scratch file of the work directory (a seed input, a signature seen):
 * the engines' own files are not written atomically either, and an fsync
 * per seed made a library campaign's start-up take seconds.
 */
static int
scratch_write(const char *path, const void *d, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0644);
	ssize_t n = 0;

	if (fd < 0)
		return -1;
	if (len > 0)
		n = write(fd, d, len);
	if (close(fd) != 0 || n != (ssize_t)len)
		return -1;
	return 0;
}

/* the seeds into dir: the user's (--make-seeds) atomically, or scratch */
static int
save_seeds(const struct seedset *ss, const char *dir, bool scratch)
{
	char path[PATH_MAX + 32];

	if (fuzz_mkdirs(dir) != 0)
		return -1;
	for (int i = 0; i < ss->n; i++) {
		snprintf(path, sizeof(path), "%s/seed-%04d", dir, i);
		if ((scratch ? scratch_write(path, ss->data[i], ss->len[i]) :
		    write_file(path, ss->data[i], ss->len[i])) != 0)
			return -1;
	}
	return 0;
}

/* ---- findings ---- */

/* the finding in the store (its count goes up if the signature is known) */
static void
store_finding(const char *sig, double when)
{
	struct store_finding sf;
	struct sched_file f;
	char *text = NULL;
	size_t len = 0;

	if (c.store == NULL || fuzz_run_to_sched(&run, &f) != 0)
		return;
	if (sched_file_format(&f, &run.scen.model, &text, &len) == 0) {
		memset(&sf, 0, sizeof(sf));
		snprintf(sf.signature, sizeof(sf.signature), "%s", sig);
		sf.invariant = fuzz_verdict_inv(&run);
		sf.profile = run.config_label;
		sf.scenario = run.scen.name;
		sf.sched_text = text;
		sf.length = f.sched.n;
		sf.seen = when;
		if (store_finding_add(c.store, c.campaign, &sf, NULL) != 0)
			fprintf(stderr, "uvmcheck fuzz: %s\n",
			    store_errmsg(c.store));
	}
	free(text);
	sched_file_free(&f);
}

/* mark a signature found: the harnesses do not stop on it again */
static void
mark_seen(const char *raw)
{
	char path[PATH_MAX + 32];

	snprintf(path, sizeof(path), "%s/%s", c.seendir, raw);
	scratch_write(path, "", 0);
}

/*
 * One input the engine (or the seed set) found failing: decode it,
 * minimize it, record it.  when: seconds into the campaign.
 */
static void
take_input(const uint8_t *data, size_t n, double when)
{
	struct findings *fs = &c.fs;
	struct sched_file sf;
	struct finding *f;
	char sig[17], raw[17], err[256];

	fuzz_decode(data, n, c.mode, &run);
	if (run.verdict == VERDICT_CLEAN || fuzz_signature(&run, raw) != 0) {
		fs->bad++;	/* not a finding of the model (an engine crash) */
		return;
	}
	fs->total++;
	/* (a crash of an earlier run of a resumed campaign does not count) */
	if (when >= 0 && (fs->first < 0 || when < fs->first))
		fs->first = when;
	/* known as found: counted, not minimized again */
	for (int i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].raw, raw) == 0) {
			fs->f[i].count++;
			store_finding(fs->f[i].sig, c.t0_wall + when);
			return;
		}
	memcpy(sig, raw, sizeof(sig));
	if (c.minimize) {
		static struct min_result mr;
		static struct schedule orig;

		/* the same finding, fewest steps and preemptions */
		orig = run.sched;
		if (sched_minimize(&run.scen.model, &run.sched,
		    (int)run.scen.bound_depth, &mr) == 0) {
			run.sched = mr.sched;
			if (fuzz_signature(&run, sig) != 0) {
				run.sched = orig;
				memcpy(sig, raw, sizeof(sig));
			}
		}
	}
	store_finding(sig, c.t0_wall + when);
	for (int i = 0; i < fs->n; i++)
		if (strcmp(fs->f[i].sig, sig) == 0) {
			fs->f[i].count++;
			return;
		}
	if (fs->n == (int)(sizeof(fs->f) / sizeof(fs->f[0])))
		return;
	f = &fs->f[fs->n++];
	memset(f, 0, sizeof(*f));
	memcpy(f->sig, sig, sizeof(f->sig));
	memcpy(f->raw, raw, sizeof(f->raw));
	snprintf(f->inv, sizeof(f->inv), "%s", fuzz_verdict_inv(&run));
	snprintf(f->scenario, sizeof(f->scenario), "%s", run.scen.name);
	snprintf(f->config, sizeof(f->config), "%s", run.config_label);
	f->count = 1;
	snprintf(f->file, sizeof(f->file), "%.1000s/%s-%s-%s.sched", c.outdir,
	    run.scen.name, fuzz_verdict_inv(&run), sig);
	if (access(f->file, F_OK) != 0) {
		if (fuzz_run_to_sched(&run, &sf) != 0)
			return;
		if (sched_file_save(f->file, &sf, &run.scen.model, err,
		    sizeof(err)) != 0)
			fprintf(stderr, "uvmcheck fuzz: %s: %s\n", f->file, err);
		sched_file_free(&sf);
		if (!c.quiet)
			printf("finding %s %s scenario %s config %s -> %s\n",
			    f->sig, f->inv, f->scenario, f->config, f->file);
	} else if (!c.quiet) {
		printf("finding %s %s scenario %s config %s (seen)\n", f->sig,
		    f->inv, f->scenario, f->config);
	}
	fflush(stdout);
}

/* a crash file the engine saved, unless an earlier run took it */
static void
take_crash(void *arg, const char *path)
{
	static uint8_t buf[FUZZ_MAX_INPUT];
	struct stat st;
	size_t n;
	FILE *in;

	(void)arg;
	for (int i = 0; i < c.ntaken; i++)
		if (strcmp(c.taken[i], path) == 0)
			return;
	if ((in = fopen(path, "rb")) == NULL || fstat(fileno(in), &st) != 0) {
		if (in != NULL)
			fclose(in);
		return;
	}
	n = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	take_input(buf, n, (double)st.st_mtim.tv_sec +
	    (double)st.st_mtim.tv_nsec / 1e9 - c.t0_wall);
	if (c.taken_log != NULL) {
		fprintf(c.taken_log, "%s\n", path);
		fflush(c.taken_log);
	}
}

static void
load_taken(const char *path)
{
	char line[PATH_MAX * 2];
	FILE *f = fopen(path, "r");

	if (f != NULL) {
		while (fgets(line, sizeof(line), f) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			if (c.ntaken == c.captaken) {
				c.captaken = c.captaken * 2 + 64;
				c.taken = realloc(c.taken, (size_t)c.captaken *
				    sizeof(*c.taken));
				if (c.taken == NULL)
					exit(EXIT_INTERNAL);
			}
			c.taken[c.ntaken++] = strdup(line);
		}
		fclose(f);
	}
	c.taken_log = fopen(path, "a");
}

static void
write_findings_list(const char *path)
{
	/* the old lines and the new ones, through the one writer */
	char *buf = NULL, err[FW_PATH_MAX + 256];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len), *old;
	int ch;

	if (file_write_check(path, err, sizeof(err)) != FW_OK) {
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
		if (m != NULL)
			fclose(m);
		free(buf);
		return;
	}
	if (m == NULL)
		return;
	if ((old = fopen(path, "r")) != NULL) {
		while ((ch = getc(old)) != EOF)
			putc(ch, m);
		fclose(old);
	}
	for (int i = 0; i < c.fs.n; i++)
		fprintf(m, "%s %s %s %s count=%d %s\n", c.fs.f[i].sig,
		    c.fs.f[i].inv, c.fs.f[i].scenario, c.fs.f[i].config,
		    c.fs.f[i].count, c.fs.f[i].file);
	fclose(m);
	if (file_write_buf(path, buf, len, err, sizeof(err)) != FW_OK)
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
	free(buf);
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

/*
 * DIR (--workdir or --sync) for the campaign whose target text is
 * want: a new or empty directory gets the target file FILE; one that
 * holds it already must hold the same (the same bytes decode to the
 * same runs); anything else is not ours and is left alone.
 */
static int
claim_dir(const char *opt, const char *dir, const char *file,
    const char *want)
{
	static char have[SCN_TEXT_MAX * 2 + 4096];
	char path[PATH_MAX];
	struct stat st;

	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "uvmcheck fuzz: %s %s: not a directory\n", opt,
		    dir);
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%.2000s/%s", dir, file);
	if (read_small(path, have, sizeof(have)) >= 0) {
		if (strcmp(have, want) != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s %s: the directory "
			    "of another campaign (its %s differs: another "
			    "scenario, configuration or generator); use "
			    "another directory\n", opt, dir, path);
			return EXIT_USAGE;
		}
		return 0;
	}
	if (!dir_empty(dir)) {
		fprintf(stderr, "uvmcheck fuzz: %s %s: not empty and not a "
		    "uvmcheck fuzz directory (no %s); left alone\n", opt, dir,
		    file);
		return EXIT_USAGE;
	}
	if (fuzz_mkdirs(dir) != 0 || write_file(path, want, strlen(want))) {
		fprintf(stderr, "uvmcheck fuzz: %s %s: %s\n", opt, dir,
		    strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

static bool
valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_-") == n;
}

static const struct cli_accept fuzz_accepts[] = {
	{ CLI_O_GENERATE, 0, 0 }, { CLI_O_ENGINE, 0, 0 },
	{ CLI_O_TIME, 0, 1000000 }, { CLI_O_JOBS, 1, FUZZ_MAX_JOBS },
	{ CLI_O_PROFILE, 0, 0 }, { CLI_O_BUG, 0, 0 }, { CLI_O_OUT, 0, 0 },
	{ CLI_O_CORPUS, 0, 0 }, { CLI_O_DB, 0, 0 }, { CLI_O_JSON, 0, 0 },
	{ CLI_O_MAKE_SEEDS, 0, 0 }, { CLI_O_NO_MINIMIZE, 0, 0 },
	{ CLI_O_OPS, 0, 0 }, { CLI_O_LIKE, 0, 0 }, { CLI_O_PAGES, 0, 0 },
	{ CLI_O_PROCS, 0, 0 }, { CLI_O_THREADS, 1, GEN_NTHREADS },
	{ CLI_O_SEED, 1, 4294967295ull }, { CLI_O_WORKDIR, 0, 0 },
	{ CLI_O_SYNC, 0, 0 }, { CLI_O_NAME, 0, 0 }, { CLI_O_HELP, 0, 0 },
	{ 0, 0, 0 },
};
static const struct cli_command fuzz_cmd = { "fuzz", usage,
    fuzz_accepts };

int
cmd_fuzz(int argc, char **argv)
{
	static struct cli_opts op;
	const char *engine, *outdir, *db, *seeddir, *scenario = NULL, *ops;
	const char *like, *workdir, *sync, *name;
	unsigned long long jobs, pages, procs, threads, seed;
	double secs;
	bool generate, json, afl, keep_work;
	struct cli_config cfg;
	static struct fuzz_target t;
	static struct seedset ss;
	static char ttext[SCN_TEXT_MAX * 2 + 4096];
	struct fuzz_engine_opts eo;
	static struct fuzz_engine eng;
	struct sigaction sa, old_int, old_term;
	char bindir[1024], bin[1200], work[1024], seen[1100], in[1100];
	char dict[2048], mut[1100], path[1200], err[1200], label[128];
	int rc, tlen;
	unsigned long long execs;
	double elapsed, total;

	memset(&t, 0, sizeof(t));
	memset(&c, 0, sizeof(c));
	c.minimize = true;
	c.fs.first = -1;
	memset(&op, 0, sizeof(op));
	op.jobs = 1;
	if (!cli_parse(&fuzz_cmd, argc, argv, &op))
		return op.rc;
	cfg = op.cfg;
	generate = op.generate;
	engine = op.engine;
	secs = op.time;
	jobs = op.jobs;
	outdir = op.out;
	db = op.db;
	json = op.json;
	seeddir = op.make_seeds;
	c.minimize = !op.no_minimize;
	ops = op.ops;
	like = op.like;
	pages = op.pages;
	procs = op.procs;
	threads = op.threads;
	seed = op.seed;
	workdir = op.workdir;
	sync = op.sync;
	name = op.name;
	if (engine != NULL && strcmp(engine, "libfuzzer") != 0 &&
	    strcmp(engine, "afl") != 0) {
		fprintf(stderr, "uvmcheck fuzz: --engine: unknown engine '%s' "
		    "(libfuzzer or afl)\n", engine);
		return EXIT_USAGE;
	}
	if (op.nargs > 0)
		scenario = op.args[0];
	if (op.nargs > 1) {
		fprintf(stderr, "uvmcheck fuzz: one SCENARIO, got '%s' too\n"
		    "usage: %s", op.args[1], usage);
		return EXIT_USAGE;
	}
	if (scenario != NULL && generate) {
		fprintf(stderr, "uvmcheck fuzz: SCENARIO or --generate, not "
		    "both (--generate --like %s generates around it)\n",
		    scenario);
		return EXIT_USAGE;
	}
	if (!generate && (ops != NULL || like != NULL || pages || procs ||
	    threads)) {
		fprintf(stderr, "uvmcheck fuzz: --ops, --like, --pages, "
		    "--procs and --threads aim the generator: they need "
		    "--generate\n");
		return EXIT_USAGE;
	}
	if (like != NULL && (pages || procs || threads)) {
		fprintf(stderr, "uvmcheck fuzz: --like keeps its scenario's "
		    "world: --pages, --procs and --threads are for the "
		    "grammar\n");
		return EXIT_USAGE;
	}
	if ((sync != NULL) != (name != NULL)) {
		fprintf(stderr, "uvmcheck fuzz: --sync DIR and --name NAME "
		    "go together\n");
		return EXIT_USAGE;
	}
	if (name != NULL && !valid_name(name)) {
		fprintf(stderr, "uvmcheck fuzz: --name '%s': 1 to 32 letters, "
		    "digits, '_' or '-'\n", name);
		return EXIT_USAGE;
	}
	if (sync != NULL && engine != NULL && strcmp(engine, "afl") != 0) {
		fprintf(stderr, "uvmcheck fuzz: --sync shares an AFL++ "
		    "campaign: it needs --engine afl\n");
		return EXIT_USAGE;
	}

	/* the target */
	t.mode = generate ? FUZZ_GENERATE : FUZZ_SCHEDULE;
	c.mode = t.mode;
	if (scenario != NULL && (rc = target_scenario("", scenario, &t)) != 0)
		return rc;
	if (like != NULL && (rc = target_scenario("--like", like, &t)) != 0)
		return rc;
	if (ops != NULL && (rc = target_ops(ops, like != NULL, &t)) != 0)
		return rc;
	t.gen.max_pages = (int)pages;
	t.gen.max_procs = (int)procs;
	t.gen.max_threads = (int)threads;
	if (cfg.profile != NULL || cfg.nbugs > 0) {
		t.pinned = true;
		snprintf(t.profile, sizeof(t.profile), "%s", cfg.profile != NULL ?
		    cfg.profile : "fixed");
		t.overrides = cfg.overrides;
		memcpy(t.mask, cfg.mask, sizeof(t.mask));
	}
	if (fuzz_set_target(&t, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s%s\n", like != NULL ?
		    "--like: " : "", err);
		return EXIT_USAGE;
	}
	if ((tlen = fuzz_target_format(&t, ttext, sizeof(ttext))) < 0) {
		fprintf(stderr, "uvmcheck fuzz: the target does not fit\n");
		return EXIT_USAGE;
	}
	if (t.pinned)
		fuzz_config_label(t.profile, &t.overrides, t.mask, label,
		    sizeof(label));
	else
		snprintf(label, sizeof(label), "every configuration");

	if (seeddir != NULL) {
		make_seeds(&ss, generate);
		if (save_seeds(&ss, seeddir, false) != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s: %s\n", seeddir,
			    strerror(errno));
			return EXIT_USAGE;
		}
		printf("%d seeds in %s\n", ss.n, seeddir);
		/* the harness needs the target to read them as meant */
		snprintf(path, sizeof(path), "%.1000s.target", seeddir);
		if (write_file(path, ttext, (size_t)tlen) == 0)
			printf("target in %s (for a harness run by hand: "
			    "%s=%s)\n", path, FUZZ_TARGET_ENV, path);
		return EXIT_CLEAN;
	}
	if (engine == NULL || secs == 0) {
		fprintf(stderr, "uvmcheck fuzz: --engine libfuzzer|afl and "
		    "--time SECONDS are required\nusage: %s", usage);
		return EXIT_USAGE;
	}
	afl = strcmp(engine, "afl") == 0;
	snprintf(bindir, sizeof(bindir), "%s", cli_fuzz_dir());
	snprintf(bin, sizeof(bin), "%s/fuzz-%s-%s", bindir,
	    generate ? "gen" : "sched", afl ? "afl" : "libfuzzer");
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: not built: this uvmcheck "
		    "was configured without the fuzz harnesses (./run.sh "
		    "builds them: clang, meson -Dfuzz=true%s)\n", bin,
		    afl ? ", afl++ installed" : "");
		return EXIT_USAGE;
	}
	if (seed == 0) {
		double now = clock_wall();
		unsigned long long sec = (unsigned long long)now;
		unsigned long long ns = (unsigned long long)((now -
		    (double)sec) * 1e9);

		seed = (ns ^ (sec << 8) ^ (unsigned long long)getpid()) %
		    4294967295ull + 1;
	}

	/* the directories: nothing is touched before they all check out */
	if (sync != NULL && (rc = claim_dir("--sync", sync, ".uvmcheck-target",
	    ttext)) != 0)
		return rc;
	if (workdir != NULL) {
		if ((rc = claim_dir("--workdir", workdir, "target", ttext)) != 0)
			return rc;
		snprintf(work, sizeof(work), "%.1000s", workdir);
		keep_work = true;
	} else {
		snprintf(work, sizeof(work), "%s/uvmcheck-fuzz.XXXXXX",
		    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
		if (mkdtemp(work) == NULL) {
			fprintf(stderr, "uvmcheck fuzz: %s: %s\n", work,
			    strerror(errno));
			return EXIT_INTERNAL;
		}
		snprintf(path, sizeof(path), "%s/target", work);
		write_file(path, ttext, (size_t)tlen);
		keep_work = false;
	}
	if (outdir == NULL)
		outdir = DEFAULT_OUT;
	if (fuzz_mkdirs(outdir) != 0) {
		fprintf(stderr, "uvmcheck fuzz: --out %s: %s\n", outdir,
		    strerror(errno));
		return EXIT_USAGE;
	}
	c.outdir = outdir;
	c.quiet = json;
	if (db != NULL) {
		struct store_campaign sc;
		int src = store_open(db, STORE_CREATE, &c.store, err,
		    sizeof(err));

		if (src != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s\n", err);
			return src == STORE_EBAD ? EXIT_USAGE : EXIT_INTERNAL;
		}
		memset(&sc, 0, sizeof(sc));
		sc.command = "fuzz";
		sc.scenario = t.has_scenario ? t.scn_name :
		    generate ? "generated" : "library";
		sc.profile = t.pinned ? label : "";
		sc.knobs = "";
		sc.engine = engine;
		sc.seed = seed;
		sc.model_version = UVMCHECK_MODEL_VERSION;
		sc.start = (double)(long long)clock_wall();	/* whole seconds */
		if (store_campaign_begin(c.store, &sc, &c.campaign) != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s\n",
			    store_errmsg(c.store));
			store_close(c.store);
			return EXIT_INTERNAL;
		}
	}
	snprintf(in, sizeof(in), "%s/in", work);
	snprintf(seen, sizeof(seen), "%s/seen", work);
	c.seendir = seen;
	snprintf(path, sizeof(path), "%s/taken", work);
	load_taken(path);
	fprintf(stderr, "uvmcheck fuzz: %s %s, %s, seed %llu, %gs%s%s\n",
	    engine, t.has_scenario ? t.scn_name : generate ? "generated" :
	    "library", label, seed, secs, keep_work ? ", workdir " : "",
	    keep_work ? work : "");

	/*
	 * The seeds.  One whose run fails is a finding already: recorded,
	 * and its signature marked, so that the engines (AFL++ refuses a
	 * crashing seed) run it as clean and look for other findings.
	 */
	c.t0_wall = clock_wall();
	make_seeds(&ss, generate);
	if (ss.n == 0 || save_seeds(&ss, in, true) != 0 ||
	    fuzz_mkdirs(seen) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", work,
		    ss.n == 0 ? "no seed input" : strerror(errno));
		return EXIT_INTERNAL;
	}
	/* (minimized and recorded after the engines, with their crashes) */
	for (int i = 0; i < ss.n; i++) {
		char raw[17];

		fuzz_decode(ss.data[i], ss.len[i], c.mode, &run);
		if (run.verdict == VERDICT_CLEAN ||
		    fuzz_signature(&run, raw) != 0)
			continue;
		ss.failing[i] = clock_wall() - c.t0_wall;
		mark_seen(raw);
	}

	snprintf(path, sizeof(path), "%s/target", work);
	setenv(FUZZ_TARGET_ENV, path, 1);
	setenv("UVMCHECK_FUZZ_SEEN", seen, 1);
	snprintf(dict, sizeof(dict), "%s/fuzz/%s.dict", cli_root(),
	    generate ? "gen" : "sched");
	snprintf(mut, sizeof(mut), "%s/libuvmcheck-afl-mutator.so",
	    bindir);
	memset(&eo, 0, sizeof(eo));
	eo.afl = afl;
	eo.harness = bin;
	eo.workdir = work;
	eo.dict = dict;
	eo.mutator = mut;
	eo.sync = sync;
	eo.name = name != NULL ? name : "main";
	eo.jobs = (int)jobs;
	eo.seed = seed;
	/* --time counts from the start, the seeds' runs included */
	eo.seconds = secs - (clock_wall() - c.t0_wall);
	if (eo.seconds < 0.1)
		eo.seconds = 0.1;
	eo.gen = generate;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	interrupted = 0;
	if (fuzz_engine_start(&eng, &eo, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s\n", err);
		return EXIT_INTERNAL;
	}
	/* wait, with a progress line on a terminal */
	while (fuzz_engine_poll(&eng) > 0) {
		if (interrupted)
			fuzz_engine_stop(&eng);
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\rfuzz %s: %.0f/%gs, %llu execs   ",
			    engine, clock_wall() - c.t0_wall, secs,
			    fuzz_engine_execs(&eng));
		usleep(100000);
	}
	elapsed = clock_wall() - c.t0_wall;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\n");
	execs = fuzz_engine_execs(&eng);
	for (int i = 0; i < ss.n; i++)
		if (ss.failing[i] >= 0)
			take_input(ss.data[i], ss.len[i], ss.failing[i]);
	fuzz_engine_crashes(&eng, take_crash, NULL);
	if (c.taken_log != NULL)
		fclose(c.taken_log);
	snprintf(path, sizeof(path), "%.1000s/findings.txt", outdir);
	write_findings_list(path);
	total = clock_wall() - c.t0_wall;
	if (c.store != NULL) {
		struct store_campaign sc;

		memset(&sc, 0, sizeof(sc));
		sc.command = "fuzz";
		sc.engine = engine;
		sc.seed = seed;
		sc.end = (double)(long long)clock_wall();
		sc.execs = execs;
		sc.seconds = elapsed;
		sc.verdict = c.fs.n > 0 ? c.fs.f[0].inv : "clean";
		if (store_throughput_add(c.store, c.campaign, elapsed, 0,
		    execs) != 0 || store_campaign_end(c.store, c.campaign,
		    &sc) != 0)
			fprintf(stderr, "uvmcheck fuzz: %s\n",
			    store_errmsg(c.store));
		store_close(c.store);
		c.store = NULL;
	}
	if (json) {
		printf("{\"engine\": \"%s\", \"seed\": %llu, \"execs\": %llu, "
		    "\"execs_per_sec\": %.1f, \"seconds\": %.2f, "
		    "\"total_seconds\": %.2f, "
		    "\"findings\": %d, \"unique_findings\": %d, "
		    "\"first_finding_seconds\": ", engine, seed, execs,
		    elapsed > 0 ? (double)execs / elapsed : 0.0, elapsed,
		    total, c.fs.total, c.fs.n);
		if (c.fs.first >= 0)
			printf("%.3f", c.fs.first);
		else
			printf("null");
		printf(", \"out\": ");
		cli_json_string(stdout, outdir);
		printf(", \"workdir\": ");
		if (keep_work)
			cli_json_string(stdout, work);
		else
			printf("null");
		printf("}\n");
	} else {
		printf("fuzz %s %s: seed %llu, %llu execs in %.1fs (%.0f/s), "
		    "%d findings, %d unique", engine, generate ? "gen" :
		    "sched", seed, execs, elapsed, elapsed > 0 ?
		    (double)execs / elapsed : 0.0, c.fs.total, c.fs.n);
		if (c.fs.first >= 0)
			printf(", first after %.2fs", c.fs.first);
		if (total - elapsed >= 0.05)
			printf(", then %.1fs to minimize and record", total -
			    elapsed);
		printf(", in %s\n", outdir);
	}
	if (execs == 0 && !fuzz_engine_ready(&eng) && eng.exited_early) {
		fprintf(stderr, "uvmcheck fuzz: the engine did not start; its "
		    "log: %s/engine.log\n", work);
		return EXIT_INTERNAL;
	}
	if (execs == 0)
		fprintf(stderr, "uvmcheck fuzz: the time ran out before the "
		    "engine's first execution (its start-up: the seeds, a "
		    "resumed queue); give it more --time\n");
	if (!keep_work && fuzz_rmtree(work) != 0)
		fprintf(stderr, "uvmcheck fuzz: %s: cannot remove: %s\n", work,
		    strerror(errno));
	return c.fs.n > 0 ? EXIT_VIOLATION : EXIT_CLEAN;
}
