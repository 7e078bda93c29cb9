/*
 * search.c: what check, matrix, gate, minimize and soak share: a
 * configured scenario searched with the options of cli/options.c
 * (cli_check), and a counterexample saved as a .sched (cli_save_sched).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "explore/shard.h"

/* --jobs as threads sharing the table (dfs), or as forked shards */
static bool
check_threads(const struct check_opts *o)
{
	return o->strategy == STRAT_DFS && !o->liveness;
}

static void
check_opts_to_dfs(const struct scenario *s, const struct check_opts *o,
    struct dfs_opts *d)
{
	memset(d, 0, sizeof(*d));
	d->depth = (int)(o->depth != 0 ? o->depth : s->bound_depth != 0 ?
	    (s->bound_depth > SCHED_MAX_STEPS ? SCHED_MAX_STEPS : s->bound_depth) :
	    DFS_DEFAULT_DEPTH);
	d->max_states = o->max_states;
	d->progress = o->progress ? stderr : NULL;
	d->strategy = o->strategy;
	d->no_reduction = o->no_reduction;
	d->preemptions = o->preemptions;
	d->seed = o->seed;
	d->walks = o->walks;
	d->time_limit = o->time_limit;
	d->shard_k = o->shard_k;
	d->shard_n = o->shard_n;
	d->liveness = o->liveness;
	d->max_memory = o->max_memory;
	d->bitstate = o->bitstate;
	if (o->jobs > 1 && check_threads(o))
		d->jobs = o->jobs;
}

void
cli_check(const struct scenario *s, const struct check_opts *o,
    struct dfs_result *r)
{
	struct dfs_opts d;

	check_opts_to_dfs(s, o, &d);
	if (o->jobs > 1 && !check_threads(o)) {
		if (shard_fork_check(&s->model, &d, o->jobs, r) != 0) {
			fprintf(stderr, "uvmcheck: a shard of --jobs failed\n");
			exit(EXIT_INTERNAL);
		}
		return;
	}
	if (dfs_check(&s->model, &d, r) != 0) {
		fprintf(stderr, "uvmcheck: out of memory for the search\n");
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
