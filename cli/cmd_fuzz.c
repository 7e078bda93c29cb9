/*
 * cmd_fuzz.c: uvmcheck fuzz: a libFuzzer or AFL++ campaign
 * (docs/design.md §9).
 *
 * Runs the harness binaries meson built next to uvmcheck (fuzz/fuzz-
 * {sched,gen}-{libfuzzer,afl}); nothing is compiled here.  The seeds
 * come from the embedded scenario library and corpus/seeds/ *.sched.
 * Every crash the engine saved is decoded again (fuzz/decode.c: the same
 * bytes are the same run), written as a .sched in the corpus
 * (corpus/found/ by default), deduplicated by signature (invariant,
 * operations, interleaving point of the violating step) and listed in
 * DIR/findings.txt.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fuzz/decode.h"
#include "fuzz/library.h"
#include "reports/store.h"
#include "sched/minimize.h"

static const char usage[] =
    "uvmcheck fuzz [SCENARIO | --generate] --engine libfuzzer|afl\n"
    "           --time SECONDS [--jobs N] [--profile P] [--corpus DIR]\n"
    "           [--db FILE] [--json] [--no-minimize]\n"
    "       uvmcheck fuzz --make-seeds DIR [SCENARIO | --generate] "
    "[--profile P]\n"
    "  SCENARIO: a library scenario (schedule harness: the scenario fixed,\n"
    "    the schedule fuzzed); none: every library scenario;\n"
    "  --generate: the generator harness (scenario and schedule fuzzed)\n"
    "  --corpus DIR: where findings go as .sched (default corpus/found),\n"
    "    minimized (sched/minimize.c) unless --no-minimize\n"
    "  --db FILE: record the campaign and its findings in the SQLite "
    "store\n";

#define MAX_SEEDS	4096
#define FUZZ_MAX_INPUT	(1u << 20)

struct seedset {
	int n;
	uint8_t *data[MAX_SEEDS];
	size_t len[MAX_SEEDS];
};

static struct fuzz_run run;
static int pin_scenario = -1, pin_config = -1;
static bool minimize = true;
static struct store *store;	/* --db */
static int64_t campaign;

/* the finding in the store (its count goes up if the signature is known) */
static void
store_crash(const char *sig)
{
	struct store_finding sf;
	struct sched_file f;
	char label[256];
	char *text = NULL;
	size_t len = 0;

	if (store == NULL || fuzz_run_to_sched(&run, &f) != 0)
		return;
	if (sched_file_format(&f, &run.scen.model, &text, &len) == 0) {
		memset(&sf, 0, sizeof(sf));
		snprintf(sf.signature, sizeof(sf.signature), "%s", sig);
		sf.invariant = fuzz_verdict_inv(&run);
		cli_config_label(run.profile[0] != '\0' ? run.profile :
		    run.scen.profile, &run.overrides, run.mask, label,
		    sizeof(label));
		sf.profile = label;
		sf.scenario = run.scen.name;
		sf.sched_text = text;
		sf.length = f.sched.n;
		sf.seen = (double)time(NULL);
		if (store_finding_add(store, campaign, &sf, NULL) != 0)
			fprintf(stderr, "uvmcheck fuzz: %s\n",
			    store_errmsg(store));
	}
	free(text);
	sched_file_free(&f);
}

static void
seed_add(struct seedset *ss, const uint8_t *d, size_t len)
{
	if (ss->n >= MAX_SEEDS)
		return;
	ss->data[ss->n] = cli_xcalloc(len + 1, 1);
	memcpy(ss->data[ss->n], d, len);
	ss->len[ss->n++] = len;
}

static int
lib_find(const char *name)
{
	const char *b = strrchr(name, '/');
	char stem[256];
	size_t l;

	snprintf(stem, sizeof(stem), "%s", b != NULL ? b + 1 : name);
	l = strlen(stem);
	if (l > 4 && strcmp(stem + l - 4, ".scn") == 0)
		stem[l - 4] = '\0';
	for (int i = 0; i < fuzz_library_n; i++)
		if (strcmp(fuzz_library[i].name, stem) == 0)
			return i;
	return -1;
}

static int
lib_nexpect(int idx)
{
	static struct scenario s;
	struct scenario_error err;
	const char *t = fuzz_library[idx].text;

	if (scenario_parse(t, strlen(t), fuzz_library[idx].name, &s, &err) != 0)
		return 0;
	return s.nexpect;
}

static int
profile_index(const char *name)
{
	for (int i = 0; i < nprofile_descs; i++)
		if (strcmp(profile_descs[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * The seed-bug counterexamples corpus/seeds/ *.sched of library scenario
 * idx as inputs: the recorded schedule as a tape, under the configuration
 * the .sched names when one of the configuration byte's choices is it.
 */
static void
seeds_from_sched(struct seedset *ss, int idx, int want_cfg)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	static struct sched_file sf;
	static struct scenario scen;
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
		if (lib_find(sf.scenario_name) == idx) {
			/* the configuration byte that gives the recorded knobs */
			ne = fuzz_config_count(scen.nexpect);
			for (int c = 0; c < ne && c < 256 && cfg < 0; c++) {
				buf[0] = (uint8_t)idx;
				buf[1] = (uint8_t)c;
				fuzz_decode(buf, 2, FUZZ_SCHEDULE, &run);
				if (memcmp(&run.scen.model.knobs, &scen.model.knobs,
				    sizeof(scen.model.knobs)) == 0)
					cfg = c;
			}
			n = fuzz_encode_tape(&scen.model, &sf.sched, buf + 2,
			    SCHED_MAX_STEPS);
			if (cfg >= 0 && cfg < 256 && n >= 0 &&
			    (want_cfg < 0 || want_cfg == cfg)) {
				buf[0] = (uint8_t)idx;
				buf[1] = (uint8_t)cfg;
				seed_add(ss, buf, (size_t)n + 2);
			}
		}
		sched_file_free(&sf);
	}
	closedir(d);
}

/*
 * The seeds: schedule inputs (scenario, configuration, empty tape) for
 * the scenario (or all) under the profile (or every configuration), the
 * corpus/seeds/ counterexamples; generator inputs from a fixed
 * pseudo-random set of headers.  clean_only keeps the inputs whose run
 * is clean (AFL++ refuses crashing seeds), and then makes sure there is
 * at least one.
 */
static void
make_seeds(struct seedset *ss, bool generate, int idx, const char *profile,
    bool clean_only)
{
	uint8_t buf[FUZZ_GEN_HDR + 8];

	if (generate) {
		uint32_t x = 2463534242u;
		int pi = profile != NULL ? profile_index(profile) : -1;

		for (int i = 0; i < 64; i++) {
			for (size_t j = 0; j < sizeof(buf); j++) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				buf[j] = (uint8_t)x;
			}
			if (pi >= 0)
				buf[0] = (uint8_t)(1 + pi);
			fuzz_decode(buf, sizeof(buf), FUZZ_GENERATE, &run);
			if (!clean_only || run.verdict == VERDICT_CLEAN)
				seed_add(ss, buf, sizeof(buf));
		}
		return;
	}
	for (int i = 0; i < fuzz_library_n; i++) {
		int ne, ncfg;

		if (idx >= 0 && i != idx)
			continue;
		ne = lib_nexpect(i);
		ncfg = fuzz_config_count(ne);
		for (int c = 0; c < ncfg && c < 256; c++) {
			if (profile != NULL && c != 1 + ne + profile_index(profile))
				continue;
			buf[0] = (uint8_t)i;
			buf[1] = (uint8_t)c;
			/* an empty tape; else the first one-byte tape that is clean */
			for (int t = -1; t < 256; t++) {
				buf[2] = (uint8_t)t;
				fuzz_decode(buf, t < 0 ? 2 : 3, FUZZ_SCHEDULE, &run);
				if (!clean_only || run.verdict == VERDICT_CLEAN) {
					seed_add(ss, buf, t < 0 ? 2 : 3);
					break;
				}
			}
		}
		if (!clean_only)
			seeds_from_sched(ss, i, profile != NULL ?
			    1 + ne + profile_index(profile) : -1);
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

static int
mkdir_p(const char *path)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

static int
save_seeds(const struct seedset *ss, const char *dir)
{
	char path[PATH_MAX + 32];

	if (mkdir_p(dir) != 0)
		return -1;
	for (int i = 0; i < ss->n; i++) {
		snprintf(path, sizeof(path), "%s/seed-%04d", dir, i);
		if (write_file(path, ss->data[i], ss->len[i]) != 0)
			return -1;
	}
	return 0;
}

/* the directory of the running uvmcheck binary */
static void
self_dir(char *out, size_t len)
{
	char exe[1024];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	snprintf(out, len, ".");
	if (n <= 0)
		return;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL) {
		*slash = '\0';
		snprintf(out, len, "%.1000s", exe);
	}
}

/* ---- findings ---- */

struct finding {
	char sig[17];
	char inv[64];
	char scenario[SCN_NAME_MAX];
	char config[96];
	char file[2048];
	int count;
};

struct findings {
	int n, total, bad;
	struct finding f[512];
};

static void
json_or_text_finding(const struct finding *f, bool is_new)
{
	printf("finding %s %s scenario %s config %s%s%s\n", f->sig, f->inv,
	    f->scenario, f->config, is_new ? " -> " : " (seen)",
	    is_new ? f->file : "");
}

/* decode one crash input and record it */
static void
take_crash(struct findings *fs, const char *path, bool generate,
    const char *outdir, bool quiet)
{
	static uint8_t buf[FUZZ_MAX_INPUT];
	struct sched_file sf;
	struct finding *f;
	char sig[17], err[256];
	size_t n;
	FILE *in = fopen(path, "rb");

	if (in == NULL)
		return;
	static uint8_t pinned[FUZZ_MAX_INPUT + FUZZ_GEN_HDR];

	n = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	n = fuzz_pin(buf, n, generate ? FUZZ_GENERATE : FUZZ_SCHEDULE,
	    pin_scenario, pin_config, pinned, sizeof(pinned));
	fuzz_decode(pinned, n, generate ? FUZZ_GENERATE : FUZZ_SCHEDULE, &run);
	if (minimize && run.verdict != VERDICT_CLEAN) {
		static struct min_result mr;
		static struct schedule orig;

		/* the same finding, fewest steps and preemptions */
		orig = run.sched;
		if (sched_minimize(&run.scen.model, &run.sched,
		    (int)run.scen.bound_depth, &mr) == 0) {
			run.sched = mr.sched;
			if (fuzz_signature(&run, sig) != 0)
				run.sched = orig;
		}
	}
	if (run.verdict == VERDICT_CLEAN || fuzz_signature(&run, sig) != 0) {
		fs->bad++;	/* not a finding of the model (an engine crash) */
		return;
	}
	fs->total++;
	store_crash(sig);
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
	snprintf(f->inv, sizeof(f->inv), "%s", fuzz_verdict_inv(&run));
	snprintf(f->scenario, sizeof(f->scenario), "%s", run.scen.name);
	snprintf(f->config, sizeof(f->config), "%s", run.config_label);
	f->count = 1;
	snprintf(f->file, sizeof(f->file), "%s/%s-%s-%s.sched", outdir,
	    run.scen.name, fuzz_verdict_inv(&run), sig);
	if (access(f->file, F_OK) != 0) {
		if (fuzz_run_to_sched(&run, &sf) != 0)
			return;
		if (sched_file_save(f->file, &sf, &run.scen.model, err,
		    sizeof(err)) != 0)
			fprintf(stderr, "uvmcheck fuzz: %s: %s\n", f->file, err);
		sched_file_free(&sf);
		if (!quiet)
			json_or_text_finding(f, true);
	} else if (!quiet) {
		json_or_text_finding(f, false);
	}
}

static void
scan_crashes(struct findings *fs, const char *dir, const char *prefix,
    bool generate, const char *outdir, bool quiet)
{
	char path[PATH_MAX * 2];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		take_crash(fs, path, generate, outdir, quiet);
	}
	closedir(d);
}

static int
count_files(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
write_findings_list(const struct findings *fs, const char *path)
{
	FILE *f = fopen(path, "a");

	if (f == NULL) {
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", path,
		    strerror(errno));
		return;
	}
	for (int i = 0; i < fs->n; i++)
		fprintf(f, "%s %s %s %s count=%d %s\n", fs->f[i].sig,
		    fs->f[i].inv, fs->f[i].scenario, fs->f[i].config,
		    fs->f[i].count, fs->f[i].file);
	fclose(f);
}

/* ---- engines ---- */

static pid_t
spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		FILE *f = freopen(log, "a", stdout);

		if (f == NULL || dup2(STDOUT_FILENO, STDERR_FILENO) < 0)
			_exit(127);
		setpgid(0, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

/*
 * libFuzzer's executions: each run that ended printed
 * stat::number_of_executed_units (-print_final_stats=1); the one running
 * (or a -fork run) its "#N" status lines.
 */
static unsigned long long
libfuzzer_execs(const char *log)
{
	unsigned long long sum = 0, cur = 0, v;
	char line[1024];
	FILE *f = fopen(log, "r");

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (line[0] == '#' && sscanf(line + 1, "%llu", &v) == 1 &&
		    v > cur)
			cur = v;
		else if (sscanf(line, "stat::number_of_executed_units: %llu",
		    &v) == 1) {
			sum += v;
			cur = 0;
		}
	}
	fclose(f);
	return sum + cur;
}

/*
 * One libFuzzer run for the time left.  One job: a plain run, which ends
 * at a new finding and is started again on its corpus (the finding's
 * signature is then known: UVMCHECK_FUZZ_SEEN); N jobs: -fork=N.
 */
static pid_t
libfuzzer_spawn(const char *bin, const char *work, const char *in,
    const char *dict, unsigned long long left, unsigned long long jobs,
    const char *log)
{
	char t[64], j[64], art[1200], d[2100], corp[1100];
	char *args[16];
	int a = 0;

	snprintf(t, sizeof(t), "-max_total_time=%llu", left);
	snprintf(j, sizeof(j), "-fork=%llu", jobs);
	snprintf(art, sizeof(art), "-artifact_prefix=%s/crashes/", work);
	snprintf(d, sizeof(d), "-dict=%s", dict);
	snprintf(corp, sizeof(corp), "%s/corpus", work);
	if (mkdir_p(corp) != 0)
		return -1;
	args[a++] = (char *)bin;
	args[a++] = t;
	if (jobs > 1) {
		args[a++] = j;
		args[a++] = "-ignore_crashes=1";
	} else {
		args[a++] = "-print_final_stats=1";
	}
	args[a++] = art;
	if (access(dict, R_OK) == 0)
		args[a++] = d;
	args[a++] = corp;
	args[a++] = (char *)in;
	args[a] = NULL;
	return spawn(args, log);
}

static unsigned long long
afl_execs(const char *outdir)
{
	char path[PATH_MAX * 2], line[512];
	unsigned long long sum = 0, v;
	struct dirent *de;
	DIR *d = opendir(outdir);

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/fuzzer_stats", outdir,
		    de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "execs_done : %llu", &v) == 1)
				sum += v;
		fclose(f);
	}
	closedir(d);
	return sum;
}

static int
rm_rf(const char *path)
{
	char *argv[] = { "rm", "-rf", (char *)path, NULL };
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execvp("rm", argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return 0;
}

int
cmd_fuzz(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "generate", no_argument, NULL, 'g' },
		{ "engine", required_argument, NULL, 'e' },
		{ "time", required_argument, NULL, 't' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "profile", required_argument, NULL, 'p' },
		{ "corpus", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'J' },
		{ "make-seeds", required_argument, NULL, 'S' },
		{ "no-minimize", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *engine = NULL, *profile = NULL, *corpus = NULL;
	const char *db = NULL, *seeddir = NULL, *scenario = NULL;
	unsigned long long secs = 0, jobs = 1;
	bool generate = false, json = false, afl;
	static struct seedset ss;
	static struct findings fs;
	char bindir[1024], bin[1200], work[1024];
	char outdir[1024], seen[1100], in[1100];
	char crashes[1400], dict[2048], log[1100];
	char tbuf[32], jbuf[32], dbuf[1200];
	char mut[2100], names[16][16];
	pid_t pids[64];
	int npids = 0, idx = -1, ch, rc = EXIT_CLEAN;
	unsigned long long execs = 0;
	double t0, elapsed;

	optind = 1;
	while ((ch = getopt_long(argc, argv, ":ge:t:j:p:c:D:JS:Mh", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'g':
			generate = true;
			break;
		case 'e':
			engine = optarg;
			break;
		case 't':
			if (cli_number("fuzz", "--time", optarg, 1, 1000000,
			    &secs) != 0)
				return EXIT_USAGE;
			break;
		case 'j':
			if (cli_number("fuzz", "--jobs", optarg, 1, 16,
			    &jobs) != 0)
				return EXIT_USAGE;
			break;
		case 'p':
			profile = optarg;
			break;
		case 'c':
			corpus = optarg;
			break;
		case 'D':
			db = optarg;
			break;
		case 'J':
			json = true;
			break;
		case 'S':
			seeddir = optarg;
			break;
		case 'M':
			minimize = false;
			break;
		case 'h':
			printf("usage: %s", usage);
			return EXIT_CLEAN;
		default:
			return cli_bad_option("fuzz", argv, ch, usage);
		}
	}
	if (optind < argc)
		scenario = argv[optind++];
	if (optind < argc || (scenario != NULL && generate)) {
		fprintf(stderr, "uvmcheck fuzz: one of SCENARIO or --generate\n"
		    "usage: %s", usage);
		return EXIT_USAGE;
	}
	if (profile != NULL && profile_index(profile) < 0) {
		fprintf(stderr, "uvmcheck fuzz: unknown profile '%s' "
		    "(uvmcheck list profiles)\n", profile);
		return EXIT_USAGE;
	}
	if (scenario != NULL && (idx = lib_find(scenario)) < 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: not a scenario of the "
		    "library the harnesses embed (uvmcheck list scenarios)\n",
		    scenario);
		return EXIT_USAGE;
	}
	if (profile != NULL && idx < 0 && !generate) {
		fprintf(stderr, "uvmcheck fuzz: --profile needs SCENARIO or "
		    "--generate\nusage: %s", usage);
		return EXIT_USAGE;
	}
	if (seeddir != NULL) {
		make_seeds(&ss, generate, idx, profile, false);
		if (save_seeds(&ss, seeddir) != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s: %s\n", seeddir,
			    strerror(errno));
			return EXIT_INTERNAL;
		}
		printf("%d seeds in %s\n", ss.n, seeddir);
		return EXIT_CLEAN;
	}
	if (engine == NULL || (strcmp(engine, "libfuzzer") != 0 &&
	    strcmp(engine, "afl") != 0) || secs == 0) {
		fprintf(stderr, "uvmcheck fuzz: --engine libfuzzer|afl and "
		    "--time SECONDS are required\nusage: %s", usage);
		return EXIT_USAGE;
	}
	afl = strcmp(engine, "afl") == 0;
	self_dir(bindir, sizeof(bindir));
	snprintf(bin, sizeof(bin), "%s/fuzz/fuzz-%s-%s", bindir,
	    generate ? "gen" : "sched", afl ? "afl" : "libfuzzer");
	if (access(bin, X_OK) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: not built (configure a "
		    "clang build with -Dfuzz=true%s)\n", bin,
		    afl ? " and afl++ installed" : "");
		return EXIT_USAGE;
	}
	if (db != NULL) {
		struct store_campaign sc;
		char err[1200];
		int src = store_open(db, STORE_CREATE, &store, err, sizeof(err));

		if (src != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s\n", err);
			return src == STORE_EBAD ? EXIT_USAGE : EXIT_INTERNAL;
		}
		memset(&sc, 0, sizeof(sc));
		sc.command = "fuzz";
		sc.scenario = scenario != NULL ? fuzz_library[idx].name :
		    generate ? "generated" : "library";
		sc.profile = profile != NULL ? profile : "";
		sc.knobs = "";
		sc.engine = engine;
		sc.model_version = UVMCHECK_MODEL_VERSION;
		sc.start = (double)time(NULL);
		if (store_campaign_begin(store, &sc, &campaign) != 0) {
			fprintf(stderr, "uvmcheck fuzz: %s\n",
			    store_errmsg(store));
			store_close(store);
			return EXIT_INTERNAL;
		}
	}
	if (corpus == NULL) {
		snprintf(outdir, sizeof(outdir), "%s/corpus/found", cli_root());
		corpus = outdir;
	} else {
		snprintf(outdir, sizeof(outdir), "%s", corpus);
	}
	if (mkdir_p(outdir) != 0) {
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", outdir,
		    strerror(errno));
		return EXIT_USAGE;
	}
	snprintf(work, sizeof(work), "%s/uvmcheck-fuzz.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(work) == NULL) {
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", work,
		    strerror(errno));
		return EXIT_INTERNAL;
	}
	snprintf(in, sizeof(in), "%s/in", work);
	snprintf(seen, sizeof(seen), "%s/seen", work);
	snprintf(crashes, sizeof(crashes), "%s/crashes", work);
	snprintf(log, sizeof(log), "%s/engine.log", work);
	make_seeds(&ss, generate, idx, profile, afl);
	if (ss.n == 0 || save_seeds(&ss, in) != 0 || mkdir_p(seen) != 0 ||
	    mkdir_p(crashes) != 0) {
		fprintf(stderr, "uvmcheck fuzz: no seed input%s\n",
		    ss.n == 0 ? " whose run is clean (AFL++ needs one)" : "");
		rm_rf(work);
		return EXIT_INTERNAL;
	}
	snprintf(dict, sizeof(dict), "%s/fuzz/%s.dict", cli_root(),
	    generate ? "gen" : "sched");
	setenv("UVMCHECK_FUZZ_SEEN", seen, 1);
	/* pin the scenario and the profile: the campaign stays on them */
	pin_scenario = idx;
	if (profile != NULL)
		pin_config = 1 + (idx >= 0 ? lib_nexpect(idx) : 0) +
		    profile_index(profile);
	if (pin_scenario >= 0) {
		snprintf(jbuf, sizeof(jbuf), "%d", pin_scenario);
		setenv("UVMCHECK_FUZZ_SCENARIO", jbuf, 1);
	}
	if (pin_config >= 0) {
		snprintf(jbuf, sizeof(jbuf), "%d", pin_config);
		setenv("UVMCHECK_FUZZ_CONFIG", jbuf, 1);
	}
	snprintf(tbuf, sizeof(tbuf), "%llu", secs);
	t0 = cli_now();
	if (!afl) {
		pids[npids++] = libfuzzer_spawn(bin, work, in, dict, secs, jobs,
		    log);
	} else {
		snprintf(mut, sizeof(mut), "%s/fuzz/libuvmcheck-afl-mutator.so",
		    bindir);
		if (access(mut, R_OK) == 0)
			setenv("AFL_CUSTOM_MUTATOR_LIBRARY", mut, 1);
		setenv("UVMCHECK_FUZZ_MODE", generate ? "gen" : "sched", 1);
		setenv("AFL_NO_UI", "1", 1);
		setenv("AFL_SKIP_CPUFREQ", "1", 1);
		setenv("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1", 1);
		setenv("AFL_NO_AFFINITY", "1", 1);
		snprintf(dbuf, sizeof(dbuf), "%s/out", work);
		for (unsigned long long j = 0; j < jobs && npids < 16; j++) {
			char *args[16];
			int a = 0;

			snprintf(names[j], sizeof(names[j]), "%s%llu",
			    j == 0 ? "main" : "s", j);
			args[a++] = "afl-fuzz";
			args[a++] = j == 0 ? "-M" : "-S";
			args[a++] = names[j];
			args[a++] = "-V";
			args[a++] = tbuf;
			args[a++] = "-i";
			args[a++] = in;
			args[a++] = "-o";
			args[a++] = dbuf;
			if (access(dict, R_OK) == 0) {
				args[a++] = "-x";
				args[a++] = dict;
			}
			args[a++] = "--";
			args[a++] = bin;
			args[a] = NULL;
			pids[npids++] = spawn(args, log);
		}
	}
	/* wait, with a progress line on a terminal */
	for (;;) {
		int alive = 0, st;

		for (int i = 0; i < npids; i++) {
			if (pids[i] <= 0)
				continue;
			if (waitpid(pids[i], &st, WNOHANG) != pids[i]) {
				alive++;
				continue;
			}
			pids[i] = 0;
			elapsed = cli_now() - t0;
			/* libFuzzer stopped at a finding: on with the time left */
			if (!afl && jobs == 1 && elapsed + 1 < (double)secs) {
				pids[i] = libfuzzer_spawn(bin, work, in, dict,
				    secs - (unsigned long long)elapsed, 1, log);
				alive += pids[i] > 0;
			}
		}
		elapsed = cli_now() - t0;
		if (alive == 0)
			break;
		if (elapsed > (double)secs + 60) {
			for (int i = 0; i < npids; i++)
				if (pids[i] > 0)
					kill(-pids[i], SIGKILL);
		}
		if (isatty(STDERR_FILENO)) {
			unsigned long long e = afl ? afl_execs(dbuf) :
			    libfuzzer_execs(log);

			fprintf(stderr, "\rfuzz %s %s: %.0f/%llus, %llu execs, "
			    "%d findings   ", engine, generate ? "gen" :
			    "sched", elapsed, secs, e, count_files(seen));
		}
		usleep(250000);
	}
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\n");
	execs = afl ? afl_execs(dbuf) : libfuzzer_execs(log);
	if (afl) {
		for (unsigned long long j = 0; j < jobs; j++) {
			snprintf(crashes, sizeof(crashes), "%s/%s/crashes",
			    dbuf, names[j]);
			scan_crashes(&fs, crashes, "id:", generate, outdir,
			    json);
		}
	} else {
		scan_crashes(&fs, crashes, "crash-", generate, outdir, json);
	}
	snprintf(dbuf, sizeof(dbuf), "%s/findings.txt", outdir);
	write_findings_list(&fs, dbuf);
	if (store != NULL) {
		struct store_campaign sc;

		memset(&sc, 0, sizeof(sc));
		sc.command = "fuzz";
		sc.engine = engine;
		sc.end = (double)time(NULL);
		sc.execs = execs;
		sc.seconds = elapsed;
		sc.verdict = fs.n > 0 ? fs.f[0].inv : "clean";
		if (store_throughput_add(store, campaign, elapsed, 0,
		    execs) != 0 || store_campaign_end(store, campaign,
		    &sc) != 0)
			fprintf(stderr, "uvmcheck fuzz: %s\n",
			    store_errmsg(store));
		store_close(store);
		store = NULL;
	}
	if (json) {
		printf("{\"execs\": %llu, \"execs_per_sec\": %.1f, "
		    "\"seconds\": %.1f, \"findings\": %d, "
		    "\"unique_findings\": %d}\n", execs,
		    elapsed > 0 ? (double)execs / elapsed : 0.0, elapsed,
		    fs.total, fs.n);
	} else {
		printf("fuzz %s %s: %llu execs in %.1fs (%.0f/s), %d findings, "
		    "%d unique, in %s\n", engine, generate ? "gen" : "sched",
		    execs, elapsed, elapsed > 0 ? (double)execs / elapsed : 0.0,
		    fs.total, fs.n, outdir);
	}
	if (fs.n == 0 && execs == 0) {
		fprintf(stderr, "uvmcheck fuzz: the engine ran no input; its "
		    "log: %s\n", log);
		return EXIT_INTERNAL;
	}
	rm_rf(work);
	if (fs.n > 0)
		rc = EXIT_VIOLATION;
	return rc;
}
