/*
 * bench_explore.c: the explorers' speed on the largest library scenarios
 * (meson: `meson test -C build --benchmark` or run build/bench/bench_explore
 * [SCENARIO...]).  For each scenario (its own profile, depth bound):
 *
 *	replay	  world_step calls per second along random walks (no checks)
 *	dfs	  stateful DFS states/s, bytes/state, with sleep sets
 *	no-red	  the same without sleep sets.  Sleep sets keep every state
 *		  and prune transitions: the reduction factor is the
 *		  transitions without over the transitions with (the steps
 *		  spent proving independence not counted, and shown)
 *
 * Timings only: nothing is asserted (tests assert behaviour).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/engine.h"
#include "scenarios/scenario.h"
#include "explore/clock.h"
#include "explore/dfs.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

static double
replay_rate(const struct model *m, int depth)
{
	struct world w;
	struct step_result r;
	uint8_t tids[MAX_THREADS];
	uint64_t x = 1, steps = 0;
	double t0 = clock_monotonic();

	while (clock_monotonic() - t0 < 0.5) {
		world_init(&w, m);
		for (int d = 0; d < depth; d++) {
			int n = enabled_threads(&w, m, tids);

			if (n == 0)
				break;
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			world_step(&w, m, tids[(x >> 33) % (uint64_t)n], 0, &r);
			steps++;
		}
	}
	return (double)steps / (clock_monotonic() - t0);
}

static void
bench(const char *name)
{
	struct scenario *s = calloc(1, sizeof(*s));
	struct dfs_result *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct scenario_error err;
	struct dfs_opts o;
	char path[1200];

	if (s == NULL || a == NULL || b == NULL)
		exit(3);
	if (scenario_library_find(SOURCE_ROOT "/scenarios", name, path,
	    sizeof(path)) != 0 || scenario_load_file(path, s, &err) != 0 ||
	    scenario_apply_config(s, "fixed", NULL, NULL) != 0) {
		fprintf(stderr, "bench_explore: cannot load %s\n", name);
		exit(2);
	}
	memset(&o, 0, sizeof(o));
	o.depth = (int)(s->bound_depth > SCHED_MAX_STEPS ? SCHED_MAX_STEPS :
	    s->bound_depth);
	o.max_states = 5000000;
	dfs_check(&s->model, &o, a);
	o.no_reduction = true;
	dfs_check(&s->model, &o, b);
	printf("%-22s replay %8.0f steps/s | dfs %7llu states %7llu trans "
	    "%7.0f states/s %5.1f B/state (+%llu indep. steps) | no-red %7llu "
	    "trans %7.0f states/s | reduction x%.2f%s\n", s->name,
	    replay_rate(&s->model, o.depth), (unsigned long long)a->states,
	    (unsigned long long)a->transitions,
	    a->seconds > 0 ? (double)a->states / a->seconds : 0.0,
	    a->bytes_per_state, (unsigned long long)a->por_steps,
	    (unsigned long long)b->transitions,
	    b->seconds > 0 ? (double)b->states / b->seconds : 0.0,
	    a->transitions != 0 ? (double)b->transitions /
	    (double)a->transitions : 0.0,
	    dfs_exhaustive(a) && dfs_exhaustive(b) ? "" : " (bounded)");
	free(a);
	free(b);
	free(s);
}

int
main(int argc, char **argv)
{
	static const char *const largest[] = {
		"fork-cow", "mlock-physio", "loan-send", "S-10-vslock-truncate",
		"S-11-vslock-lwp", "S-4-vsunlock-mlock",
	};

	printf("sizeof(struct world) = %zu bytes\n", sizeof(struct world));
	if (argc > 1)
		for (int i = 1; i < argc; i++)
			bench(argv[i]);
	else
		for (size_t i = 0; i < sizeof(largest) / sizeof(largest[0]); i++)
			bench(largest[i]);
	return 0;
}
