/*
 * common.c: option helpers, scenario lookup and output helpers shared by
 * the subcommands.
 */
#include "cli/cli.h"
#include "corpus/path.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void
list_profiles(FILE *out)
{
	for (int i = 0; i < nprofile_descs; i++)
		fprintf(out, "%s%s", i ? ", " : "", profile_descs[i].name);
}

int
cli_set_profile(struct cli_config *cfg, const char *cmd, const char *name)
{
	if (profile_lookup(name) == NULL) {
		fprintf(stderr, "uvmcheck %s: unknown profile '%s' (profiles: ",
		    cmd, name);
		list_profiles(stderr);
		fprintf(stderr, ")\n");
		return EXIT_USAGE;
	}
	cfg->profile = name;
	return 0;
}

int
cli_add_bug(struct cli_config *cfg, const char *cmd, const char *assign)
{
	char err[256], name[64];
	const char *eq = strchr(assign, '=');
	size_t n = eq != NULL ? (size_t)(eq - assign) : strlen(assign);
	int k;

	if (knob_parse_assignment(assign, &cfg->overrides, err,
	    (int)sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck %s: --bug %s: %s\n", cmd, assign, err);
		if (strncmp(err, "unknown knob", 12) == 0 ||
		    strncmp(err, "expected", 8) == 0) {
			fprintf(stderr, "  knobs:");
			for (int i = 0; i < NKNOBS; i++)
				fprintf(stderr, "%s %s", i % 4 == 0 ? "\n   " : "",
				    knob_descs[i].name);
			fprintf(stderr, "\n  (uvmcheck list knobs shows their values)\n");
		}
		return EXIT_USAGE;
	}
	if (n >= sizeof(name))
		return EXIT_USAGE;
	memcpy(name, assign, n);
	name[n] = '\0';
	k = knob_lookup(name);
	if (k < 0)
		return EXIT_USAGE;
	cfg->mask[k] = 1;
	cfg->nbugs++;
	return 0;
}

int
cli_number(const char *cmd, const char *opt, const char *arg,
    unsigned long long min, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9') {
		fprintf(stderr, "uvmcheck %s: %s: expected a number, got '%s'\n",
		    cmd, opt, arg);
		return EXIT_USAGE;
	}
	v = strtoull(arg, &end, 10);
	if (*end != '\0' || errno != 0 || v > max || v < min) {
		fprintf(stderr, "uvmcheck %s: %s: expected a number from %llu to "
		    "%llu, got '%s'\n", cmd, opt, min, max, arg);
		return EXIT_USAGE;
	}
	*out = v;
	return 0;
}

int
cli_load_scenario(const char *cmd, const char *arg,
    const struct cli_config *cfg, struct scenario *s)
{
	char path[1024], lib[1024];
	struct scenario_error err;
	size_t n = strlen(arg);

	if (strchr(arg, '/') != NULL || (n > 4 && strcmp(arg + n - 4, ".scn") == 0
	    && access(arg, F_OK) == 0)) {
		cli_xpath(path, sizeof(path), "the scenario", "%s", arg);
	} else {
		struct cli_paths paths;

		cli_paths_find(&paths);
		cli_xpath(lib, sizeof(lib), "the library",
		    "%s/scenarios", paths.root);
		if (scenario_library_find(lib, arg, path, sizeof(path)) != 0) {
			fprintf(stderr, "uvmcheck %s: no scenario '%s' in %s or %s/%s "
			    "(uvmcheck list scenarios shows them; or give a path)\n",
			    cmd, arg, lib, lib, SCN_LIBRARY_SEEDS);
			return EXIT_USAGE;
		}
	}
	if (scenario_load_file(path, s, &err) != 0) {
		scenario_error_print(&err, stderr);
		return EXIT_USAGE;
	}
	if (scenario_apply_config(s, cfg->profile, &cfg->overrides,
	    cfg->mask) != 0) {
		fprintf(stderr, "%s: error: cannot apply profile '%s'\n", path,
		    cfg->profile != NULL ? cfg->profile : s->profile);
		return EXIT_USAGE;
	}
	return 0;
}

void
cli_config_label(const char *profile, const struct knobs *overrides,
    const uint8_t *mask, char *buf, size_t len)
{
	size_t used;

	used = (size_t)snprintf(buf, len, "%s", profile != NULL &&
	    profile[0] != '\0' ? profile : "default");
	for (int k = 0; k < NKNOBS && used < len; k++) {
		int v;

		if (mask == NULL || !mask[k])
			continue;
		v = overrides->v[k];
		used += (size_t)snprintf(buf + used, len - used, "+%s=%s",
		    knob_descs[k].name, knob_value_name(k, v));
	}
}

void
cli_knobs_str(const struct knobs *k, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < NKNOBS && used < len; i++) {
		int v = k->v[i];

		if (v == 0)
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s=%s",
		    used ? " " : "", knob_descs[i].name,
		    knob_value_name(i, v));
	}
	if (used == 0)
		snprintf(buf, len, "none (every fix applied)");
}

void
cli_print_knobs(FILE *out, const char *label, const struct knobs *k)
{
	char buf[2048], *word, *save = NULL;
	int col;

	cli_knobs_str(k, buf, sizeof(buf));
	col = fprintf(out, "  %s:", label);
	for (word = strtok_r(buf, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		int n = (int)strlen(word);

		if (col + 1 + n > 78 && col > (int)strlen(label) + 3)
			col = fprintf(out, "\n  %*s", (int)strlen(label) + 1, "") - 1;
		col += fprintf(out, " %s", word);
	}
	fputc('\n', out);
}

void *
cli_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL) {
		fprintf(stderr, "uvmcheck: out of memory\n");
		exit(EXIT_INTERNAL);
	}
	return p;
}

int
cli_write_rc(enum fw_status st)
{
	return st == FW_OK ? 0 : st == FW_REFUSED ? EXIT_USAGE : EXIT_INTERNAL;
}

int
cli_output_ok(const char *cmd, const char *opt, const char *path)
{
	char err[FW_PATH_MAX + 256];

	if (file_write_check(path, err, sizeof(err)) == FW_OK)
		return 0;
	fprintf(stderr, "uvmcheck %s: %s: %s\n", cmd, opt, err);
	return EXIT_USAGE;
}
