/*
 * search.c: what check, minimize and soak share: a configured scenario
 * searched with the options of cli/options.c (cli_check: explore_check,
 * exiting on its failure), and a counterexample saved as a .sched
 * (cli_save_sched).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

void
cli_check(const struct scenario *s, const struct check_opts *o,
    struct dfs_result *r)
{
	char err[128];

	if (explore_check(s, o, r, err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck: %s\n", err);
		exit(EXIT_INTERNAL);
	}
}

int
cli_save_sched(const char *cmd, const char *path, const struct scenario *s,
    const char *profile, const struct knobs *overrides, const uint8_t *mask,
    const struct schedule *sch, const struct run_result *res)
{
	struct sched_file *sf = cli_xcalloc(1, sizeof(*sf));
	char err[FW_PATH_MAX + 256];
	int rc;

	if (sched_file_init(sf, s->name, profile, overrides, mask, s->text,
	    s->textlen) != 0) {
		fprintf(stderr, "uvmcheck %s: out of memory\n", cmd);
		free(sf);
		return EXIT_INTERNAL;
	}
	run_to_sched_file(&s->model, sch, res, sf);
	rc = cli_write_rc(sched_file_save(path, sf, &s->model, err,
	    sizeof(err)));
	if (rc != 0)
		fprintf(stderr, "uvmcheck %s: %s\n", cmd, err);
	sched_file_free(sf);
	free(sf);
	return rc;
}
