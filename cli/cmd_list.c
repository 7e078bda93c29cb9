/*
 * cmd_list.c: uvmcheck list invariants|bugs|profiles|knobs|scenarios|
 *	operations
 *
 * Everything printed comes from the const tables: the invariant catalogue
 * (invariants/), the knob, bug and profile tables (core/knobs.c) and the
 * scenario library on disk.  --profile/--bug select: `list bugs` then
 * shows the bugs that configuration has, `list knobs` marks its values.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "invariants/invariants.h"

static const char usage[] =
    "uvmcheck list invariants|bugs|profiles|knobs|scenarios|operations\n"
    "              [--profile NAME] [--bug KNOB=VALUE]...\n";

static void
effective_knobs(const struct cli_config *cfg, struct knobs *k)
{
	const struct profile_desc *p = cfg->profile != NULL ?
	    profile_lookup(cfg->profile) : NULL;

	memset(k, 0, sizeof(*k));
	if (p != NULL)
		profile_apply(p, k);
	for (int i = 0; i < NKNOBS; i++)
		if (cfg->mask[i])
			k->v[i] = cfg->overrides.v[i];
}

static int
list_invariants(void)
{
	printf("%-3s %-4s %-30s %-26s %s\n", "id", "ref", "name", "source",
	    "statement");
	for (int i = 1; i < NINVS; i++) {
		const struct inv_desc *d = &inv_descs[i];

		if (d->name == NULL)
			continue;
		printf("%-3d %-4s %-30s %-26s %s%s%s\n", i,
		    d->ref != NULL ? d->ref : "-", d->name,
		    d->seed != NULL ? d->seed : "-",
		    d->statement != NULL ? d->statement : "",
		    d->at_op ? " [at op]" : "", d->liveness ? " [liveness]" : "");
	}
	return EXIT_CLEAN;
}

static int
list_bugs(const struct cli_config *cfg)
{
	struct knobs eff;
	bool filter = cfg->profile != NULL || cfg->nbugs > 0;

	effective_knobs(cfg, &eff);
	for (int i = 0; i < nbug_descs; i++) {
		const struct bug_desc *b = &bug_descs[i];
		int k = b->knob;

		if (filter && eff.v[k] != b->bug_value)
			continue;
		printf("%-5s %s\n", b->id, b->title);
		printf("      knob %s=%s (values:", knob_descs[k].name,
		    knob_value_name(k, b->bug_value));
		for (int v = 0; v < knob_nvalues(k); v++)
			printf(" %s%s", knob_descs[k].values[v],
			    v == 0 ? " (fixed)" : "");
		printf(")\n");
		printf("      source: %s\n", b->seed);
		printf("      breaks %s, scenario %s\n", b->invariant,
		    b->slug);
		printf("      profiles:");
		int n = 0;

		for (int p = 0; p < nprofile_descs; p++) {
			struct knobs pk;

			profile_apply(&profile_descs[p], &pk);
			if (pk.v[k] == b->bug_value) {
				printf(" %s", profile_descs[p].name);
				n++;
			}
		}
		printf("%s\n", n == 0 ? " none (only with --bug)" : "");
	}
	return EXIT_CLEAN;
}

static int
list_profiles(void)
{
	for (int i = 0; i < nprofile_descs; i++) {
		const struct profile_desc *p = &profile_descs[i];
		struct knobs k;
		char s[1024];

		profile_apply(p, &k);
		cli_knobs_str(&k, s, sizeof(s));
		printf("%-12s %s\n", p->name, p->what);
		printf("             knobs: %s\n", s);
	}
	return EXIT_CLEAN;
}

static int
list_knobs(const struct cli_config *cfg)
{
	struct knobs eff;
	bool show = cfg->profile != NULL || cfg->nbugs > 0;

	effective_knobs(cfg, &eff);
	for (int i = 0; i < NKNOBS; i++) {
		printf("%-28s", knob_descs[i].name);
		for (int v = 0; v < knob_nvalues(i); v++)
			printf("%s%s%s", v ? " | " : " ", knob_descs[i].values[v],
			    show && eff.v[i] == v ? "*" : "");
		printf("\n    %s\n", knob_descs[i].what);
	}
	if (show)
		printf("(* = value under %s)\n", cfg->profile != NULL ?
		    cfg->profile : "fixed with the --bug overrides");
	else
		printf("(the first value of each knob is the fixed behaviour)\n");
	return EXIT_CLEAN;
}

static void
print_expect(const struct scenario_expect *e)
{
	if (e->kind == SCN_EXPECT_FIXED)
		printf("fixed");
	else if (e->kind == SCN_EXPECT_PROFILE)
		printf("profile %s", e->profile);
	else
		printf("bug");
	for (int k = 0; k < NKNOBS; k++)
		if (e->knob_mask[k])
			printf(" %s=%s", knob_descs[k].name,
			    knob_value_name(k, e->knobs.v[k]));
	printf(" -> %s", e->verdict);
}

static int
list_dir(const char *dir, int *bad)
{
	char names[256][256];
	int n = scenario_library_list(dir, names, 256);
	struct scenario *s = cli_xcalloc(1, sizeof(*s));

	for (int i = 0; i < n && i < 256; i++) {
		char path[1400];
		struct scenario_error err;

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) >=
		    (int)sizeof(path))
			continue;
		if (scenario_load_file(path, s, &err) != 0) {
			scenario_error_print(&err, stderr);
			(*bad)++;
			continue;
		}
		printf("%-28s %s\n", s->name, path);
		for (int e = 0; e < s->nexpect; e++) {
			printf("    expect ");
			print_expect(&s->expect[e]);
			printf("\n");
		}
	}
	free(s);
	return n < 0 ? 0 : n;
}

static int
list_scenarios(void)
{
	char lib[1024], seeds[1100];
	struct cli_paths paths;
	int bad = 0, n;

	cli_paths_find(&paths);
	cli_xpath(lib, sizeof(lib), "the library", "%s/scenarios", paths.root);
	cli_xpath(seeds, sizeof(seeds), "the library",
	    "%s/%s", lib, SCN_LIBRARY_SEEDS);
	n = list_dir(lib, &bad);
	n += list_dir(seeds, &bad);
	if (n == 0)
		printf("(no scenarios in %s or %s)\n", lib, seeds);
	return bad > 0 ? EXIT_USAGE : EXIT_CLEAN;
}

static const struct cli_accept list_accepts[] = {
	{ CLI_O_PROFILE, 0, 0 }, { CLI_O_BUG, 0, 0 }, { CLI_O_HELP, 0, 0 },
	{ 0, 0, 0 },
};
static const struct cli_command list_cmd = { "list", usage,
    list_accepts };

/* the C name of each model function's step, from the registry's list */
#define FN_STEP_NAME(id, name, step)	[id] = #step,
static const char *const fn_step_names[NFNS] = {
	MODEL_FUNCTIONS(FN_STEP_NAME)
};

/*
 * list_operations: the scenario language's operations, from the
 * registry (core/registry.c): how each is written (keywords spelled
 * out) and the step function of the model that runs it
 */
static int
list_operations(void)
{
	printf("%-44s %s\n", "operation", "runs (core/)");
	for (int k = OP_NONE + 1; k < NOPS; k++) {
		const struct op_desc *d = op_desc(k);
		char line[256];
		size_t used;

		if (d == NULL)
			continue;
		used = (size_t)snprintf(line, sizeof(line), "%s", d->name);
		for (int a = 0; a < d->nsig && used < sizeof(line); a++) {
			const struct op_arg *arg = &d->sig[a];
			char words[128] = "";
			size_t wn = 0;

			for (int i = 0; arg->kind == OA_WORD && arg->words !=
			    NULL && arg->words[i].word != NULL &&
			    wn < sizeof(words); i++)
				wn += (size_t)snprintf(words + wn, sizeof(words) -
				    wn, "%s%s", i > 0 ? "|" : "",
				    arg->words[i].word);
			used += (size_t)snprintf(line + used, sizeof(line) -
			    used, arg->optional ? " [%s]" : " %s",
			    words[0] != '\0' ? words : arg->placeholder);
		}
		printf("%-44s %s\n", line, d->fn < NFNS &&
		    fn_step_names[d->fn] != NULL ? fn_step_names[d->fn] : "?");
	}
	return 0;
}

int
cmd_list(int argc, char **argv)
{
	struct cli_opts op;
	struct cli_config cfg;
	const char *what;

	memset(&op, 0, sizeof(op));
	if (!cli_parse(&list_cmd, argc, argv, &op))
		return op.rc;
	cfg = op.cfg;
	if (op.nargs != 1) {
		fprintf(stderr, "uvmcheck list: expected one of invariants, bugs, "
		    "profiles, knobs, scenarios, operations\nusage: %s", usage);
		return EXIT_USAGE;
	}
	what = op.args[0];
	if (strcmp(what, "invariants") == 0)
		return list_invariants();
	if (strcmp(what, "bugs") == 0)
		return list_bugs(&cfg);
	if (strcmp(what, "profiles") == 0)
		return list_profiles();
	if (strcmp(what, "knobs") == 0)
		return list_knobs(&cfg);
	if (strcmp(what, "scenarios") == 0)
		return list_scenarios();
	if (strcmp(what, "operations") == 0)
		return list_operations();
	fprintf(stderr, "uvmcheck list: unknown list '%s' (invariants, bugs, "
	    "profiles, knobs, scenarios, operations)\n", what);
	return EXIT_USAGE;
}
