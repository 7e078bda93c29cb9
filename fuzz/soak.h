/*
 * soak.h: the deterministic soak: a sweep of generated scenarios, each
 * explored by bounded random walks, that must be clean under a profile
 * (the gate runs it under `fixed`; `uvmcheck soak` runs it by hand).
 *
 * Scenario i of seed S is the generator's text (fuzz/gen.c) of 63 bytes
 * drawn from xorshift64*(S, i); its walks use seed S ^ i.  The same
 * options give the same scenarios, walks and verdicts on every machine.
 */
#ifndef UVMCHECK_FUZZ_SOAK_H
#define UVMCHECK_FUZZ_SOAK_H

#include <stdint.h>

#include "scenarios/scenario.h"
#include "explore/dfs.h"

#define SOAK_DEFAULT_SEED	24301
#define SOAK_DEFAULT_SCENARIOS	3000
#define SOAK_DEFAULT_WALKS	32

struct soak_opts {
	const char *profile;	/* NULL: fixed */
	uint64_t seed;
	int start;		/* first scenario index (0: the first) */
	int scenarios;		/* how many, from start */
	uint64_t walks;		/* random walks per scenario */
	/* called for every failing scenario (NULL: none) */
	void (*on_fail)(void *arg, int i, const struct scenario *s,
	    const struct dfs_result *r);
	void *arg;
};

struct soak_result {
	int scenarios;		/* generated and explored */
	uint64_t states;	/* walk steps, summed */
	int failed;		/* scenarios with a violation or deadlock */
	/* the first failing scenario */
	int first;		/* its index (-1: none) */
	struct scenario *first_scen;	/* caller-owned buffer, may be NULL */
	struct dfs_result first_res;
	double seconds;
};

/* scenario i of seed: its text into buf (NUL-terminated); its length */
size_t soak_scenario_text(uint64_t seed, int i, char *buf, size_t len);

/* run the soak; 0, or -1 out of memory / unknown profile */
int fuzz_soak(const struct soak_opts *o, struct soak_result *res);

#endif
