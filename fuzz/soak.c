/*
 * soak.c: the deterministic soak of generated scenarios (soak.h).
 *
 * The fuzz campaigns look for findings by coverage and take minutes; the
 * soak is their fixed, repeatable slice for CI: a few thousand generated
 * scenarios, each walked a few dozen times at random to its depth bound,
 * the same every run.  A finding names the scenario index, whose text
 * soak_scenario_text() gives back, and the counterexample schedule.
 */
#include "fuzz/soak.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/decode.h"
#include "fuzz/gen.h"

static uint64_t
xs64(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545f4914f6cdd1dull;
}

size_t
soak_scenario_text(uint64_t seed, int i, char *buf, size_t len)
{
	uint8_t g[FUZZ_GEN_HDR - 1];
	uint64_t s = (seed ^ 0x9e3779b97f4a7c15ull) +
	    (uint64_t)i * 0xbf58476d1ce4e5b9ull;

	if (s == 0)
		s = 1;
	for (size_t k = 0; k < sizeof(g); k++)
		g[k] = (uint8_t)(xs64(&s) >> 56);
	return fuzz_gen_text(g, sizeof(g), NULL, buf, len);
}

int
fuzz_soak(const struct soak_opts *o, struct soak_result *res)
{
	struct scenario *s = malloc(sizeof(*s));
	struct dfs_result *r = malloc(sizeof(*r));
	char *text = malloc(SCN_TEXT_MAX + 1);
	int rc = 0;

	memset(&res->first_res, 0, sizeof(res->first_res));
	res->scenarios = 0;
	res->states = 0;
	res->failed = 0;
	res->first = -1;
	if (s == NULL || r == NULL || text == NULL) {
		rc = -1;
		goto out;
	}
	for (int i = o->start; i < o->start + o->scenarios; i++) {
		struct scenario_error err;
		struct dfs_opts d;
		size_t n = soak_scenario_text(o->seed, i, text,
		    SCN_TEXT_MAX + 1);

		if (scenario_parse(text, n, "soak", s, &err) != 0)
			continue;	/* the grammar never gives one */
		if (scenario_apply_config(s, o->profile != NULL ? o->profile :
		    "fixed", NULL, NULL) != 0) {
			rc = -1;
			goto out;
		}
		memset(&d, 0, sizeof(d));
		d.strategy = STRAT_RANDOM;
		d.seed = o->seed ^ (uint64_t)i;
		d.walks = o->walks;
		d.depth = s->bound_depth;
		if (dfs_check(&s->model, &d, r) != 0) {
			rc = -1;
			goto out;
		}
		res->scenarios++;
		res->states += r->states;
		if (r->verdict == VERDICT_CLEAN)
			continue;
		if (o->on_fail != NULL)
			o->on_fail(o->arg, i, s, r);
		if (res->failed++ == 0) {
			res->first = i;
			res->first_res = *r;
			if (res->first_scen != NULL)
				*res->first_scen = *s;
		}
	}
out:
	free(text);
	free(r);
	free(s);
	return rc;
}
