/*
 * cmd_replay.c: uvmcheck replay FILE.sched
 *
 * Replays a saved schedule against the current model: the scenario and
 * configuration come from the file itself (so the scenario file in the
 * library may have changed), the trace is printed step by step, and each
 * step's fingerprint is compared with the recorded one.  When the model
 * has changed, replay says where the run diverged instead of silently
 * giving another answer.  Exit 1 when the replay ends in a violation (the
 * recorded one reproducing, usually), 0 when clean, 2 when the file is
 * malformed, its schedule can no longer run, or its scenario-name header
 * is not the name of the scenario it embeds, and 4 (EXIT_DIVERGED) when
 * the run diverged from the recorded fingerprints: whatever verdict it
 * ends in, it is no longer the recorded run.  A file whose steps carry
 * no fingerprint cannot show a divergence; replay says so.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "reports/report.h"
#include "explore/replay.h"

static const char usage[] =
    "uvmcheck replay FILE.sched [--quiet] [--profile NAME] [--bug KNOB=VALUE]...\n"
    "  --profile/--bug replay under another configuration than the recorded one\n";

static const struct cli_accept replay_accepts[] = {
	{ CLI_O_QUIET, 0, 0 }, { CLI_O_PROFILE, 0, 0 }, { CLI_O_BUG, 0, 0 },
	{ CLI_O_HELP, 0, 0 }, { 0, 0, 0 },
};
static const struct cli_command replay_cmd = { "replay", usage,
    replay_accepts };

int
cmd_replay(int argc, char **argv)
{
	struct cli_opts op;
	struct cli_config cfg;
	struct sched_file *sf;
	struct scenario *s;
	struct replay_outcome *o;
	struct sched_error err;
	bool quiet;
	const char *path;
	char rv[160], nv[160];
	int rc;

	memset(&op, 0, sizeof(op));
	if (!cli_parse(&replay_cmd, argc, argv, &op))
		return op.rc;
	cfg = op.cfg;
	quiet = op.quiet;
	if (op.nargs != 1) {
		fprintf(stderr, "uvmcheck replay: expected one FILE.sched\nusage: %s",
		    usage);
		return EXIT_USAGE;
	}
	path = op.args[0];
	sf = cli_xcalloc(1, sizeof(*sf));
	s = cli_xcalloc(1, sizeof(*s));
	o = cli_xcalloc(1, sizeof(*o));
	if (sched_file_load(path, sf, s, &err) != 0) {
		sched_error_print(&err, stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	if (strcmp(sf->scenario_name, s->name) != 0) {
		fprintf(stderr, "%s: error: scenario-name %s, but the embedded "
		    "scenario is %s\n", path, sf->scenario_name, s->name);
		rc = EXIT_USAGE;
		goto out;
	}
	if (cfg.profile != NULL || cfg.nbugs > 0) {
		/* the recorded overrides, then the command line's */
		struct knobs k = sf->overrides;
		uint8_t mask[NKNOBS];

		memcpy(mask, sf->override_mask, sizeof(mask));
		for (int i = 0; i < NKNOBS; i++)
			if (cfg.mask[i]) {
				k.v[i] = cfg.overrides.v[i];
				mask[i] = 1;
			}
		scenario_apply_config(s, cfg.profile != NULL ? cfg.profile :
		    sf->profile[0] != '\0' ? sf->profile : NULL, &k, mask);
	}

	report_verdict_str(sf->verdict, sf->verdict_inv, sf->verdict_step, rv,
	    sizeof(rv));
	printf("replay %s: scenario %s, profile %s, %d steps\n", path,
	    sf->scenario_name, cfg.profile != NULL ? cfg.profile :
	    sf->profile[0] != '\0' ? sf->profile : "the scenario's",
	    sf->sched.n);
	cli_print_knobs(stdout, "knobs", &s->model.knobs);
	printf("  recorded verdict: %s\n", rv);
	explore_replay(sf, &s->model, quiet ? NULL : stdout, o);
	if (o->rc != 0) {
		fprintf(stderr, "%s:%d:%d: error: %s (the model no longer runs "
		    "this schedule)\n", path, sf->choices_line,
		    sf->choice_col[o->res.err_step - 1], o->res.errmsg);
		rc = EXIT_USAGE;
		goto out;
	}
	report_verdict_str(o->res.verdict, run_verdict_label(o->res.verdict,
	    o->res.inv), o->res.vstep, nv, sizeof(nv));
	printf("verdict: %s\n", nv);
	if (o->res.verdict != VERDICT_CLEAN && o->res.detail[0] != '\0')
		printf("  %s\n", o->res.detail);
	if (o->diverged_step != 0)
		printf("diverged at step %d: recorded fp %016" PRIx64 ", now %016"
		    PRIx64 " (the model changed since the recording)\n",
		    o->diverged_step, o->recorded_fp, o->now_fp);
	for (int i = 0; i < sf->sched.n; i++)
		if (!sf->rec[i].recorded) {
			printf("unchecked: step %d has no recorded fingerprint "
			    "(a divergence there cannot be seen)\n", i + 1);
			break;
		}
	if (o->diverged_step != 0)
		printf("diverged: the recorded run is not reproduced (recorded "
		    "%s, now %s)\n", rv, nv);
	else if (o->verdict_matches)
		printf("reproduced: the recorded verdict (%s)\n", rv);
	else
		printf("differs: recorded %s, now %s\n", rv, nv);
	rc = o->diverged_step != 0 ? EXIT_DIVERGED :
	    o->res.verdict == VERDICT_CLEAN ? EXIT_CLEAN : EXIT_VIOLATION;
out:
	sched_file_free(sf);
	free(o);
	free(s);
	free(sf);
	return rc;
}
