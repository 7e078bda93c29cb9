/*
 * cmd_run.c: uvmcheck run SCENARIO --schedule "a1 a1 pd t1/f1"
 *
 * Runs one schedule from the initial world and prints its trace: each
 * step in UVM's words and what it changed.  --save writes the run as a
 * .sched file that `uvmcheck replay` reproduces.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/report.h"
#include "explore/trace.h"

static const char usage[] =
    "uvmcheck run SCENARIO --schedule \"THREAD[/fK] ...\" [--save FILE.sched]\n"
    "             [--quiet] [--profile NAME] [--bug KNOB=VALUE]...\n"
    "  THREAD/fK: the K-th environment failure point of that step fails\n";

static const struct cli_accept run_accepts[] = {
	{ CLI_O_SCHEDULE, 0, 0 }, { CLI_O_SAVE, 0, 0 }, { CLI_O_QUIET, 0, 0 },
	{ CLI_O_PROFILE, 0, 0 }, { CLI_O_BUG, 0, 0 }, { CLI_O_HELP, 0, 0 },
	{ 0, 0, 0 },
};
static const struct cli_command run_cmd = { "run", usage,
    run_accepts };

int
cmd_run(int argc, char **argv)
{
	struct cli_opts op;
	struct scenario *s;
	struct schedule *sch;
	struct run_result *res;
	struct trace_arg ta;
	char msg[256], v[160];
	uint16_t cols[SCHED_MAX_STEPS];
	int rc, col = 0;

	memset(&op, 0, sizeof(op));
	if (!cli_parse(&run_cmd, argc, argv, &op))
		return op.rc;
	if (op.nargs != 1 || op.schedule == NULL) {
		fprintf(stderr, "uvmcheck run: expected a SCENARIO and "
		    "--schedule\nusage: %s", usage);
		return EXIT_USAGE;
	}

	s = cli_xcalloc(1, sizeof(*s));
	sch = cli_xcalloc(1, sizeof(*sch));
	res = cli_xcalloc(1, sizeof(*res));
	if (op.save != NULL &&
	    (rc = cli_output_ok("run", "--save", op.save)) != 0)
		goto out;
	if ((rc = cli_load_scenario("run", op.args[0], &op.cfg, s)) != 0)
		goto out;
	if (run_parse_schedule(&s->model, op.schedule, sch, cols, &col, msg,
	    sizeof(msg)) != 0) {
		fprintf(stderr, "--schedule:1:%d: error: %s\n", col, msg);
		rc = EXIT_USAGE;
		goto out;
	}

	printf("scenario %s (%s), profile %s\n", s->name, s->path,
	    op.cfg.profile != NULL ? op.cfg.profile : s->profile[0] != '\0' ?
	    s->profile : "fixed");
	cli_print_knobs(stdout, "knobs", &s->model.knobs);
	ta.m = &s->model;
	ta.out = stdout;
	if (run_schedule(&s->model, sch, res, op.quiet ? NULL : trace_run_cb,
	    &ta) != 0) {
		fprintf(stderr, "--schedule:1:%d: error: %s\n",
		    cols[res->err_step - 1], res->errmsg);
		rc = EXIT_USAGE;
		goto out;
	}
	report_verdict_str(res->verdict, run_verdict_label(res->verdict, res->inv),
	    res->vstep, v, sizeof(v));
	printf("verdict: %s\n", v);
	if (res->verdict != VERDICT_CLEAN && res->detail[0] != '\0')
		printf("  %s\n", res->detail);
	if (res->verdict == VERDICT_CLEAN && !res->finished)
		printf("  (the schedule ended with threads still runnable)\n");
	if (res->verdict == VERDICT_VIOLATION && res->vstep < sch->n)
		printf("  (the run stopped there: %d later choice%s not run)\n",
		    sch->n - res->vstep, sch->n - res->vstep == 1 ? "" : "s");
	rc = res->verdict == VERDICT_CLEAN ? EXIT_CLEAN : EXIT_VIOLATION;

	if (op.save != NULL) {
		struct sched_file *sf = cli_xcalloc(1, sizeof(*sf));
		char err[FW_PATH_MAX + 256];
		int wrc;

		if (sched_file_init(sf, s->name, op.cfg.profile,
		    &op.cfg.overrides, op.cfg.mask, s->text, s->textlen) != 0) {
			fprintf(stderr, "uvmcheck run: out of memory\n");
			free(sf);
			rc = EXIT_INTERNAL;
			goto out;
		}
		run_to_sched_file(&s->model, sch, res, sf);
		wrc = cli_write_rc(sched_file_save(op.save, sf, &s->model, err,
		    sizeof(err)));
		if (wrc != 0) {
			fprintf(stderr, "uvmcheck run: --save: %s\n", err);
			rc = wrc;
		} else {
			printf("saved: %s\n", op.save);
		}
		sched_file_free(sf);
		free(sf);
	}
out:
	free(res);
	free(sch);
	free(s);
	return rc;
}
