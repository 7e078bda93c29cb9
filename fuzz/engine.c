/*
 * engine.c: libFuzzer and AFL++ processes of a campaign (engine.h).
 *
 * Each engine runs in its own process group with its output in
 * DIR/engine.log; the campaign's deadline is kept here, not left to the
 * engines (libFuzzer's -max_total_time and AFL++'s -V take whole
 * seconds, and AFL++ counts them from the end of its dry run): at the
 * deadline every engine gets SIGINT, on which both write their final
 * statistics and exit.
 */
#define _XOPEN_SOURCE 700
#include "fuzz/engine.h"
#include "corpus/file_write.h"
#include "explore/clock.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#define STOP_GRACE	2.0	/* seconds between SIGINT and SIGKILL */
/*
 * libFuzzer -fork=N notices SIGINT only between its jobs: its corpus and
 * its "#N" status lines are written as it goes, so it is killed sooner.
 */
#define STOP_GRACE_FORK	0.5

/* whole seconds, rounded up (the engines' limits) */
static long
secs_up(double s)
{
	long l = (long)s;

	return s > (double)l ? l + 1 : l;
}

static pid_t
spawn(char *const argv[], const char *log)
{
	pid_t pid = fork();

	if (pid == 0) {
		FILE *f = freopen(log, "a", stdout);

		if (f == NULL || dup2(STDOUT_FILENO, STDERR_FILENO) < 0)
			_exit(127);
		setpgid(0, 0);
#ifdef __linux__
		/*
		 * uvmcheck killed: the engine stops as at the deadline
		 * (its queue and crashes stay for the campaign's resumption)
		 * rather than running on unwatched.
		 */
		prctl(PR_SET_PDEATHSIG, SIGINT);
		if (getppid() == 1)
			_exit(127);
#endif
		execvp(argv[0], argv);
		fprintf(stderr, "uvmcheck fuzz: %s: %s\n", argv[0],
		    strerror(errno));
		_exit(127);
	}
	if (pid > 0)
		setpgid(pid, pid);	/* before the parent signals it */
	return pid;
}

/*
 * The seed of run (or instance) k of a campaign with seed s: s, s + 1,
 * ..., within 1..2^32-1 (libFuzzer takes -seed=0 as "pick one").
 */
static unsigned long long
engine_seed(uint64_t s, uint64_t k)
{
	return (unsigned long long)((s - 1 + k) % 0xffffffffu) + 1;
}

/* one libFuzzer run for the time left; -fork=N for N jobs */
static pid_t
libfuzzer_spawn(struct fuzz_engine *e)
{
	char t[64], j[64], s[64], art[FUZZ_PATH_MAX + 32];
	char d[FUZZ_PATH_MAX + 16];
	char *args[16];
	double left = e->deadline - clock_monotonic();
	int a = 0;

	/* the engine's own limit a little past ours: we stop it */
	snprintf(t, sizeof(t), "-max_total_time=%ld", secs_up(left) + 1);
	snprintf(j, sizeof(j), "-fork=%d", e->o.jobs);
	snprintf(s, sizeof(s), "-seed=%llu", engine_seed(e->o.seed,
	    (uint64_t)e->restarts));
	snprintf(art, sizeof(art), "-artifact_prefix=%s/", e->lf_crashes);
	snprintf(d, sizeof(d), "-dict=%s", e->o.dict != NULL ? e->o.dict : "");
	args[a++] = (char *)e->o.harness;
	args[a++] = t;
	args[a++] = s;
	if (e->o.jobs > 1) {
		args[a++] = j;
		args[a++] = "-ignore_crashes=1";
	} else {
		args[a++] = "-print_final_stats=1";
	}
	args[a++] = art;
	if (e->o.dict != NULL && access(e->o.dict, R_OK) == 0)
		args[a++] = d;
	args[a++] = e->lf_corpus;
	args[a++] = e->in;
	args[a] = NULL;
	return spawn(args, e->log);
}

static pid_t
afl_spawn(struct fuzz_engine *e, int i)
{
	char v[32], s[32];
	char *args[24];
	int a = 0;

	snprintf(v, sizeof(v), "%ld", secs_up(e->deadline - clock_monotonic()) +
	    1);
	snprintf(s, sizeof(s), "%llu", engine_seed(e->o.seed, (uint64_t)i));
	args[a++] = "afl-fuzz";
	/*
	 * Secondaries (-S: havoc from the start), but for the first of
	 * several local instances, a main one (-M: deterministic stages
	 * too); a campaign shared by machines has no main instance.
	 */
	args[a++] = i == 0 && e->o.jobs > 1 && e->o.sync == NULL ? "-M" :
	    "-S";
	args[a++] = e->names[i];
	args[a++] = "-s";
	args[a++] = s;
	args[a++] = "-V";
	args[a++] = v;
	args[a++] = "-i";
	args[a++] = e->in;
	args[a++] = "-o";
	args[a++] = e->out;
	if (e->o.dict != NULL && access(e->o.dict, R_OK) == 0) {
		args[a++] = "-x";
		args[a++] = (char *)e->o.dict;
	}
	args[a++] = "--";
	args[a++] = (char *)e->o.harness;
	args[a] = NULL;
	return spawn(args, e->log);
}

static unsigned long long
afl_execs_done(const struct fuzz_engine *e)
{
	char path[FUZZ_PATH_MAX * 2], line[512];
	unsigned long long sum = 0, v;

	for (int i = 0; i < e->o.jobs; i++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s/fuzzer_stats", e->out,
		    e->names[i]);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "execs_done : %llu", &v) == 1)
				sum += v;
		fclose(f);
	}
	return sum;
}

/*
 * libFuzzer's executions in this run's log: each run that ended printed
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

unsigned long long
fuzz_engine_execs(const struct fuzz_engine *e)
{
	unsigned long long n;

	if (!e->o.afl)
		return libfuzzer_execs(e->log);
	n = afl_execs_done(e);
	return n > e->execs_before ? n - e->execs_before : 0;
}

bool
fuzz_engine_ready(const struct fuzz_engine *e)
{
	const char *mark = e->o.afl ? "All set and ready to roll" : "INITED";
	char line[2048];
	bool ready = false;
	FILE *f = fopen(e->log, "r");

	if (f == NULL)
		return false;
	while (!ready && fgets(line, sizeof(line), f) != NULL)
		ready = strstr(line, mark) != NULL;
	fclose(f);
	return ready;
}


/*
 * afl-fuzz refuses to start when the user's environment has sanitizer
 * options it cannot work with (ASAN_OPTIONS without abort_on_error=1 and
 * symbolize=0, UBSAN_OPTIONS without halt_on_error=1 and symbolize=0), as
 * a shell that runs sanitizer builds often has.  The harnesses are not
 * sanitizer builds, so the options only have to satisfy afl-fuzz: the
 * user's own are kept and the required ones appended (the later setting
 * of a key wins in the sanitizers' option parser).
 */
static void
afl_sanitizer_env(void)
{
	static const struct {
		const char *var, *need;
	} opts[] = {
		{ "ASAN_OPTIONS", "abort_on_error=1:symbolize=0" },
		{ "UBSAN_OPTIONS", "halt_on_error=1:abort_on_error=1:symbolize=0" },
		{ "MSAN_OPTIONS", "exit_code=86:symbolize=0" },
		{ "LSAN_OPTIONS", "exitcode=23:symbolize=0" },
	};
	char buf[2048];

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const char *v = getenv(opts[i].var);

		if (v == NULL || *v == '\0')
			continue;
		if ((size_t)snprintf(buf, sizeof(buf), "%s:%s", v,
		    opts[i].need) >= sizeof(buf))
			snprintf(buf, sizeof(buf), "%s", opts[i].need);
		setenv(opts[i].var, buf, 1);
	}
}
int
fuzz_engine_start(struct fuzz_engine *e, const struct fuzz_engine_opts *o,
    char *err, size_t errlen)
{
	FILE *f;

	memset(e, 0, sizeof(*e));
	e->o = *o;
	if (e->o.jobs < 1)
		e->o.jobs = 1;
	if (e->o.jobs > FUZZ_MAX_JOBS)
		e->o.jobs = FUZZ_MAX_JOBS;
	snprintf(e->in, sizeof(e->in), "%.1000s/in", o->workdir);
	snprintf(e->log, sizeof(e->log), "%.1000s/engine.log", o->workdir);
	snprintf(e->lf_corpus, sizeof(e->lf_corpus),
	    "%.1000s/libfuzzer/corpus", o->workdir);
	snprintf(e->lf_crashes, sizeof(e->lf_crashes),
	    "%.1000s/libfuzzer/crashes", o->workdir);
	if (o->sync != NULL)
		snprintf(e->out, sizeof(e->out), "%.1000s", o->sync);
	else
		snprintf(e->out, sizeof(e->out), "%.1000s/afl", o->workdir);
	for (int i = 0; i < e->o.jobs; i++) {
		if (i == 0)
			snprintf(e->names[i], sizeof(e->names[i]), "%.40s",
			    o->name);
		else
			snprintf(e->names[i], sizeof(e->names[i]), "%.40s-%d",
			    o->name, i + 1);
	}
	/* this run's log only: the executions are counted from it */
	if ((f = fopen(e->log, "w")) == NULL ||
	    file_mkdirs(o->afl ? e->out : e->lf_corpus) != 0 ||
	    (!o->afl && file_mkdirs(e->lf_crashes) != 0)) {
		snprintf(err, errlen, "%s: %s", o->workdir, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	fclose(f);
	e->t0 = clock_monotonic();
	e->deadline = e->t0 + o->seconds;
	if (o->afl) {
		/* AFL++ records its crashes itself: the harness stops */
		unsetenv("UVMCHECK_FUZZ_KEEP");
		if (o->mutator != NULL && access(o->mutator, R_OK) == 0)
			setenv("AFL_CUSTOM_MUTATOR_LIBRARY", o->mutator, 1);
		setenv("UVMCHECK_FUZZ_MODE", o->gen ? "gen" : "sched", 1);
		setenv("AFL_NO_UI", "1", 1);
		setenv("AFL_SKIP_CPUFREQ", "1", 1);
		setenv("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1", 1);
		setenv("AFL_NO_AFFINITY", "1", 1);
		/* a kept output directory is resumed, not refused */
		setenv("AFL_AUTORESUME", "1", 1);
		afl_sanitizer_env();
		e->execs_before = afl_execs_done(e);
		for (int i = 0; i < e->o.jobs; i++)
			e->pids[e->npids++] = afl_spawn(e, i);
	} else {
		/* findings kept as the harness goes on (fuzz/harness.c) */
		setenv("UVMCHECK_FUZZ_KEEP", e->lf_crashes, 1);
		e->pids[e->npids++] = libfuzzer_spawn(e);
	}
	for (int i = 0; i < e->npids; i++)
		if (e->pids[i] < 0) {
			snprintf(err, errlen, "fork: %s", strerror(errno));
			return -1;
		}
	return 0;
}

void
fuzz_engine_stop(struct fuzz_engine *e)
{
	double t = clock_monotonic();

	if (e->deadline > t)
		e->deadline = t;
}

int
fuzz_engine_poll(struct fuzz_engine *e)
{
	double t = clock_monotonic();
	int alive = 0, st;

	for (int i = 0; i < e->npids; i++) {
		if (e->pids[i] <= 0)
			continue;
		if (waitpid(e->pids[i], &st, WNOHANG) != e->pids[i]) {
			alive++;
			continue;
		}
		e->pids[i] = 0;
		if (e->stop_sent == 0)
			e->exited_early = true;
		/* libFuzzer stopped at a finding: on with the time left */
		if (!e->o.afl && e->o.jobs == 1 && e->stop_sent == 0 &&
		    t + 0.05 < e->deadline) {
			e->restarts++;
			e->pids[i] = libfuzzer_spawn(e);
			alive += e->pids[i] > 0;
		}
	}
	if (alive > 0 && t >= e->deadline && e->stop_sent == 0) {
		for (int i = 0; i < e->npids; i++)
			if (e->pids[i] > 0)
				kill(-e->pids[i], SIGINT);
		e->stop_sent = t;
	} else if (alive > 0 && e->stop_sent > 0 &&
	    t >= e->stop_sent + (!e->o.afl && e->o.jobs > 1 ?
	    STOP_GRACE_FORK : STOP_GRACE)) {
		for (int i = 0; i < e->npids; i++)
			if (e->pids[i] > 0)
				kill(-e->pids[i], SIGKILL);
	}
	return alive;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
each_file(const char *dir, const char *prefix,
    void (*cb)(void *arg, const char *path), void *arg)
{
	char path[FUZZ_PATH_MAX * 3];
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d = opendir(dir);

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap * 2 + 16) *
			    sizeof(*names));

			if (nn == NULL)
				break;
			names = nn;
		}
		if ((names[n] = strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		cb(arg, path);
		free(names[i]);
	}
	free(names);
}

void
fuzz_engine_crashes(const struct fuzz_engine *e,
    void (*cb)(void *arg, const char *path), void *arg)
{
	char dir[FUZZ_PATH_MAX * 2];

	if (!e->o.afl) {
		each_file(e->lf_crashes, "crash-", cb, arg);
		return;
	}
	for (int i = 0; i < e->o.jobs; i++) {
		snprintf(dir, sizeof(dir), "%s/%s/crashes", e->out,
		    e->names[i]);
		each_file(dir, "id:", cb, arg);
	}
}
