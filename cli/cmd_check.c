/*
 * cmd_check.c: uvmcheck check SCENARIO [--depth N] [--save FILE] [--json]
 *
 * Explores every schedule of the scenario up to its depth bound with the
 * DFS explorer and prints the verdict and the search's figures.  A
 * counterexample is replayed once more to describe the violation in
 * UVM's words and, with --save, written as a .sched file.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "sched/trace.h"

static const char usage[] =
    "uvmcheck check SCENARIO [--depth N] [--max-states N] [--save FILE|DIR/]\n"
    "               [--json] [--trace] [--quiet] [--profile NAME] "
    "[--bug KNOB=VALUE]...\n"
    "  --depth: bound on schedule length (default: the scenario's bound)\n"
    "  --max-states: stop after N states (default: no limit)\n"
    "  --save DIR/ names the file DIR/SCENARIO-PROFILE.sched\n";

void
cli_check(const struct scenario *s, const struct check_opts *o,
    struct dfs_result *r)
{
	struct dfs_opts d;

	memset(&d, 0, sizeof(d));
	d.depth = (int)(o->depth != 0 ? o->depth : s->bound_depth != 0 ?
	    (s->bound_depth > SCHED_MAX_STEPS ? SCHED_MAX_STEPS : s->bound_depth) :
	    DFS_DEFAULT_DEPTH);
	d.max_states = o->max_states;
	d.progress = o->progress ? stderr : NULL;
	if (dfs_check(&s->model, &d, r) != 0) {
		fprintf(stderr, "uvmcheck: out of memory for the search stack\n");
		exit(EXIT_INTERNAL);
	}
}

int
cli_save_sched(const char *cmd, const char *path, const struct scenario *s,
    const char *profile, const struct knobs *overrides, const uint8_t *mask,
    const struct schedule *sch, const struct run_result *res)
{
	struct sched_file *sf = cli_xcalloc(1, sizeof(*sf));
	char err[512];
	int rc = 0;

	if (sched_file_init(sf, s->name, profile, overrides, mask, s->text,
	    s->textlen) != 0) {
		fprintf(stderr, "uvmcheck %s: out of memory\n", cmd);
		free(sf);
		return -1;
	}
	run_to_sched_file(&s->model, sch, res, sf);
	if (sched_file_save(path, sf, &s->model, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, err);
		rc = -1;
	}
	sched_file_free(sf);
	free(sf);
	return rc;
}

struct trace_arg {
	const struct model *m;
	FILE *out;
};

static void
trace_cb(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp)
{
	struct trace_arg *ta = arg;

	(void)fp;
	trace_step(ta->out, ta->m, step, ch, before, after, r);
}

static void
save_path(const char *save, const struct scenario *s, const char *label,
    char *buf, size_t len)
{
	struct stat st;
	size_t n = strlen(save);

	if ((n > 0 && save[n - 1] == '/') ||
	    (stat(save, &st) == 0 && S_ISDIR(st.st_mode)))
		snprintf(buf, len, "%s%s%s-%s.sched", save,
		    n > 0 && save[n - 1] == '/' ? "" : "/", s->name, label);
	else
		snprintf(buf, len, "%s", save);
}

int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "depth", required_argument, NULL, 'd' },
		{ "max-states", required_argument, NULL, 'm' },
		{ "save", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "trace", no_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "profile", required_argument, NULL, 'p' },
		{ "bug", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_config cfg;
	struct check_opts co;
	const char *save = NULL;
	bool json = false, trace = false, quiet = false;
	struct scenario *s;
	struct dfs_result *r;
	struct run_result *res;
	unsigned long long num;
	char label[512], v[160], path[1400], *sched_text;
	const char *inv = NULL, *saved = NULL;
	int ch, rc;

	memset(&cfg, 0, sizeof(cfg));
	memset(&co, 0, sizeof(co));
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":d:m:o:jtqp:b:h", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			if ((rc = cli_number("check", "--depth", optarg, 1,
			    SCHED_MAX_STEPS, &num)) != 0)
				return rc;
			co.depth = (unsigned)num;
			break;
		case 'm':
			if ((rc = cli_number("check", "--max-states", optarg, 0,
			    UINT64_MAX, &num)) != 0)
				return rc;
			co.max_states = num;
			break;
		case 'o':
			save = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 't':
			trace = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'p':
			if ((rc = cli_set_profile(&cfg, "check", optarg)) != 0)
				return rc;
			break;
		case 'b':
			if ((rc = cli_add_bug(&cfg, "check", optarg)) != 0)
				return rc;
			break;
		case 'h':
			printf("usage: %s", usage);
			return EXIT_CLEAN;
		default:
			return cli_bad_option("check", argv, ch, usage);
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "uvmcheck check: expected one SCENARIO\nusage: %s",
		    usage);
		return EXIT_USAGE;
	}

	s = cli_xcalloc(1, sizeof(*s));
	r = cli_xcalloc(1, sizeof(*r));
	res = cli_xcalloc(1, sizeof(*res));
	sched_text = cli_xcalloc(SCHED_MAX_STEPS, NAME_MAX_LEN + 8);
	if ((rc = cli_load_scenario("check", argv[optind], &cfg, s)) != 0)
		goto out;
	cli_config_label(cfg.profile != NULL ? cfg.profile :
	    s->profile[0] != '\0' ? s->profile : "fixed", &cfg.overrides,
	    cfg.mask, label, sizeof(label));
	co.progress = !json && !quiet && isatty(2);
	if (!json) {
		printf("check %s, profile %s, depth bound %u\n", s->name, label,
		    co.depth != 0 ? co.depth : s->bound_depth != 0 ?
		    s->bound_depth : DFS_DEFAULT_DEPTH);
		cli_print_knobs(stdout, "knobs", &s->model.knobs);
		fflush(stdout);
	}
	cli_check(s, &co, r);

	if (r->verdict != VERDICT_CLEAN) {
		struct trace_arg ta = { &s->model, stdout };

		if (trace && !json)
			printf("counterexample trace:\n");
		if (run_schedule(&s->model, &r->sched, res,
		    trace && !json ? trace_cb : NULL, &ta) != 0 ||
		    res->verdict != r->verdict) {
			fprintf(stderr, "uvmcheck check: internal error: the "
			    "counterexample does not replay (%s)\n", res->errmsg);
			rc = EXIT_INTERNAL;
			goto out;
		}
		inv = run_verdict_label(res->verdict, res->inv);
		schedule_format(&s->model, &r->sched, sched_text,
		    (size_t)SCHED_MAX_STEPS * (NAME_MAX_LEN + 8));
		if (save != NULL) {
			save_path(save, s, label, path, sizeof(path));
			if (cli_save_sched("check", path, s, cfg.profile,
			    &cfg.overrides, cfg.mask, &r->sched, res) != 0) {
				rc = EXIT_USAGE;
				goto out;
			}
			saved = path;
		}
	}

	if (json) {
		printf("{\"scenario\":");
		cli_json_string(stdout, s->name);
		printf(",\"profile\":");
		cli_json_string(stdout, label);
		printf(",\"verdict\":\"%s\",\"invariant\":", verdict_name(r->verdict));
		cli_json_string(stdout, r->verdict == VERDICT_VIOLATION ? inv : NULL);
		printf(",\"steps\":%d,\"schedule\":", r->verdict != VERDICT_CLEAN ?
		    r->sched.n : 0);
		cli_json_string(stdout, r->verdict != VERDICT_CLEAN ? sched_text :
		    NULL);
		printf(",\"states\":%llu,\"transitions\":%llu,\"seconds\":%.6f,"
		    "\"max_depth\":%d,\"bound_hit\":%s,\"limit_hit\":%s,\"saved\":",
		    (unsigned long long)r->states,
		    (unsigned long long)r->transitions, r->seconds, r->max_depth,
		    r->bound_hit ? "true" : "false",
		    r->limit_hit ? "true" : "false");
		cli_json_string(stdout, saved);
		printf("}\n");
	} else {
		cli_verdict_str(r->verdict, inv, res->vstep, v, sizeof(v));
		printf("verdict: %s\n", v);
		if (r->verdict != VERDICT_CLEAN) {
			if (res->detail[0] != '\0')
				printf("  %s\n", res->detail);
			printf("counterexample (%d step%s): %s\n", r->sched.n,
			    r->sched.n == 1 ? "" : "s", sched_text);
		}
		printf("states %llu, transitions %llu, max depth %d, %.3f s",
		    (unsigned long long)r->states,
		    (unsigned long long)r->transitions, r->max_depth, r->seconds);
		if (r->seconds > 0)
			printf(" (%.0f states/s)", (double)r->states / r->seconds);
		printf("\n");
		if (r->verdict == VERDICT_CLEAN)
			printf("exhaustive: %s\n", r->limit_hit ?
			    "no (--max-states reached)" : r->bound_hit ?
			    "no (the depth bound cut some schedules)" : "yes");
		if (saved != NULL)
			printf("saved: %s\n", saved);
		else if (r->verdict != VERDICT_CLEAN)
			printf("(use --save FILE.sched to keep the counterexample)\n");
	}
	rc = r->verdict == VERDICT_CLEAN ? EXIT_CLEAN : EXIT_VIOLATION;
out:
	free(sched_text);
	free(res);
	free(r);
	free(s);
	return rc;
}
