/*
 * shard.c: --shard K/N parsing and ownership of subtrees (shard.h).
 */
#include "explore/shard.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xxhash.h>

#include "explore/clock.h"
#include "explore/explore.h"

/* a decimal number of at most 7 digits, no sign or space; -1 if none */
static long
digits(const char **p)
{
	long v = 0;
	int n = 0;

	while (**p >= '0' && **p <= '9') {
		if (++n > 7)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	return n == 0 ? -1 : v;
}

int
shard_parse(const char *arg, int *k, int *n, const char **why)
{
	const char *p = arg;
	long kk, nn;

	if ((kk = digits(&p)) < 0 || *p++ != '/' || (nn = digits(&p)) < 0 ||
	    *p != '\0') {
		*why = "expected K/N, two decimal numbers";
		return -1;
	}
	if (nn < 1 || nn > SHARD_MAX) {
		*why = "N must be from 1 to 1000000";
		return -1;
	}
	if (kk >= nn) {
		*why = "K must be less than N";
		return -1;
	}
	*k = (int)kk;
	*n = (int)nn;
	return 0;
}

bool
shard_keeps(const struct sched_choice *path, int depth, int k, int n)
{
	uint64_t h;

	if (n <= 1 || depth != SHARD_DEPTH)
		return true;
	h = XXH3_64bits(path, (size_t)depth * sizeof(path[0]));
	return (int)(h % (uint64_t)n) == k;
}

/* a shard's search in the child: its result written whole to fd */
static void
shard_child(const struct model *m, const struct dfs_opts *o, int k, int n,
    int fd, struct dfs_result *part)
{
	struct dfs_opts d = *o;
	const char *p = (const char *)part;
	size_t off = 0;

	d.progress = NULL;
	d.shard_k = k;
	d.shard_n = n;
	d.jobs = 0;
	if (dfs_check(m, &d, part) != 0)
		_exit(3);
	while (off < sizeof(*part)) {
		ssize_t w = write(fd, p + off, sizeof(*part) - off);

		if (w <= 0)
			_exit(3);
		off += (size_t)w;
	}
	_exit(0);
}

/* a shard's result into the whole's */
static void
shard_merge(struct dfs_result *r, const struct dfs_result *part)
{
	if (r->verdict == VERDICT_CLEAN && part->verdict != VERDICT_CLEAN) {
		r->verdict = part->verdict;
		r->inv = part->inv;
		r->viol = part->viol;
		r->sched = part->sched;
	}
	r->states += part->states;
	r->transitions += part->transitions;
	r->slept += part->slept;
	r->por_steps += part->por_steps;
	r->table_bytes += part->table_bytes;
	r->collision_prob += part->collision_prob;
	if (part->max_depth > r->max_depth)
		r->max_depth = part->max_depth;
	r->bound_hit |= part->bound_hit;
	r->limit_hit |= part->limit_hit;
	if (r->bound == BOUND_NONE)
		r->bound = part->bound;
	r->strategy = part->strategy;
	r->seed = part->seed;
	r->preemptions = part->preemptions;
}

int
shard_fork_check(const struct model *m, const struct dfs_opts *o, int n,
    struct dfs_result *r)
{
	struct dfs_result *part = calloc(1, sizeof(*part));
	int (*fds)[2] = calloc((size_t)n, sizeof(*fds));
	pid_t *pids = calloc((size_t)n, sizeof(*pids));
	double t0 = clock_monotonic();
	int rc = 0, started = 0;

	memset(r, 0, sizeof(*r));
	r->verdict = VERDICT_CLEAN;
	if (part == NULL || fds == NULL || pids == NULL)
		rc = -1;
	fflush(stdout);
	fflush(stderr);
	for (int k = 0; k < n && rc == 0; k++) {
		if (pipe(fds[k]) != 0) {
			rc = -1;
			break;
		}
		if ((pids[k] = fork()) < 0) {
			close(fds[k][0]);
			close(fds[k][1]);
			rc = -1;
			break;
		}
		if (pids[k] == 0) {
			close(fds[k][0]);
			shard_child(m, o, k, n, fds[k][1], part);
		}
		close(fds[k][1]);
		started++;
	}
	for (int k = 0; k < started; k++) {
		char *p = (char *)part;
		size_t off = 0;
		int st;

		while (off < sizeof(*part)) {
			ssize_t got = read(fds[k][0], p + off,
			    sizeof(*part) - off);

			if (got <= 0)
				break;
			off += (size_t)got;
		}
		close(fds[k][0]);
		waitpid(pids[k], &st, 0);
		if (off != sizeof(*part) || !WIFEXITED(st) ||
		    WEXITSTATUS(st) != 0) {
			rc = -1;
			continue;
		}
		shard_merge(r, part);
	}
	r->seconds = clock_monotonic() - t0;
	r->bytes_per_state = r->states != 0 ?
	    (double)r->table_bytes / (double)r->states : 0;
	if (r->transitions != 0)
		r->reduction = (double)(r->transitions + r->slept) /
		    (double)r->transitions;
	free(part);
	free(fds);
	free(pids);
	return rc;
}
