/*
 * decode.c: fuzzer input bytes -> one run (decode.h).
 *
 * The decoder runs the world as it reads the tape: which threads are
 * enabled, and how many failure points a step has, are only known
 * there.  The schedule it records replays with run_schedule() to the
 * same verdict (tests/test_fuzz.c checks it).
 */
#include "fuzz/decode.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/engine.h"
#include "core/inv_ids.h"
#include "fuzz/gen.h"
#include "fuzz/library.h"
#include "fuzz/target.h"
#include "explore/run.h"

#include <xxhash.h>

int
fuzz_config_count(int nexpect)
{
	return 1 + nexpect + nprofile_descs + nbug_descs;
}

/* configure r->scen from the configuration byte; records the config */
static void
configure(struct fuzz_run *r, uint8_t c)
{
	struct scenario *s = &r->scen;
	const struct fuzz_target *t = fuzz_get_target();
	int k = c % fuzz_config_count(s->nexpect);

	r->profile[0] = '\0';
	memset(&r->overrides, 0, sizeof(r->overrides));
	memset(r->mask, 0, sizeof(r->mask));
	if (t != NULL && t->pinned) {
		/* the campaign's configuration; the byte is not read */
		snprintf(r->profile, sizeof(r->profile), "%s", t->profile);
		r->overrides = t->overrides;
		memcpy(r->mask, t->mask, sizeof(r->mask));
		fuzz_config_label(r->profile, &r->overrides, r->mask,
		    r->config_label, sizeof(r->config_label));
		goto apply;
	}
	if (k == 0) {
		scenario_apply_config(s, NULL, NULL, NULL);
		snprintf(r->config_label, sizeof(r->config_label), "own");
		return;
	}
	k--;
	if (k < s->nexpect) {
		const struct scenario_expect *e = &s->expect[k];

		snprintf(r->profile, sizeof(r->profile), "%s", e->profile);
		r->overrides = e->knobs;
		memcpy(r->mask, e->knob_mask, sizeof(r->mask));
		snprintf(r->config_label, sizeof(r->config_label),
		    "expect %d", k + 1);
	} else if ((k -= s->nexpect) < nprofile_descs) {
		snprintf(r->profile, sizeof(r->profile), "%s",
		    profile_descs[k].name);
		snprintf(r->config_label, sizeof(r->config_label), "%s",
		    profile_descs[k].name);
	} else {
		const struct bug_desc *b = &bug_descs[k - nprofile_descs];

		snprintf(r->profile, sizeof(r->profile), "fixed");
		r->overrides.v[b->knob] = b->bug_value;
		r->mask[b->knob] = 1;
		snprintf(r->config_label, sizeof(r->config_label), "bug %s",
		    b->id);
	}
apply:
	if (scenario_apply_config(s, r->profile, &r->overrides, r->mask) != 0)
		scenario_apply_config(s, "fixed", NULL, NULL);
}

static void
load_library(struct fuzz_run *r, int idx)
{
	struct scenario_error err;

	r->generated = false;
	/*
	 * A library file that does not parse (one being edited) is skipped
	 * for the next one; tests/test_fuzz.c checks that none is.
	 */
	for (int k = 0; k < fuzz_library_n; k++) {
		const struct fuzz_lib_entry *e =
		    &fuzz_library[(idx + k) % fuzz_library_n];

		r->lib_index = (idx + k) % fuzz_library_n;
		if (scenario_parse(e->text, strlen(e->text), e->name, &r->scen,
		    &err) == 0)
			return;
	}
	fprintf(stderr, "fuzz: no library scenario parses\n");
	abort();
}

static void
run_tape(struct fuzz_run *r, const uint8_t *tape, size_t len)
{
	const struct model *m = &r->scen.model;
	static __thread struct world w, snap;
	struct step_result res;
	struct inv_violation v;
	uint8_t tids[MAX_THREADS + 1];
	size_t pos = 0;
	int maxsteps = SCHED_MAX_STEPS, last = 0;

	if (r->scen.bound_depth > 0 && r->scen.bound_depth < SCHED_MAX_STEPS)
		maxsteps = (int)r->scen.bound_depth;
	r->sched.n = 0;
	r->verdict = VERDICT_CLEAN;
	r->vstep = 0;
	memset(&r->viol, 0, sizeof(r->viol));
	world_init(&w, m);
	if (run_check_world(&w, m, &v)) {
		r->verdict = VERDICT_VIOLATION;
		r->viol = v;
		return;
	}
	while (r->sched.n < maxsteps) {
		int n = enabled_threads(&w, m, tids), tid, choice = 0;
		unsigned q = 0;

		if (n <= 0)
			break;
		if (pos < len) {
			uint8_t b = tape[pos++];

			tid = tids[b % n];
			q = (unsigned)(b / n);
		} else {
			tid = tids[0];
			for (int i = 0; i < n; i++)
				if (tids[i] == last)
					tid = last;
		}
		if (q & 1)
			snap = w;
		world_step(&w, m, tid, 0, &res);
		if ((q & 1) && res.nchoice > 0) {
			choice = 1 + (int)((q / 2) % (unsigned)res.nchoice);
			w = snap;
			world_step(&w, m, tid, choice, &res);
		}
		r->sched.c[r->sched.n].tid = (uint8_t)tid;
		r->sched.c[r->sched.n].choice = (uint8_t)choice;
		r->sched.n++;
		last = tid;
		if (run_check_world(&w, m, &v)) {
			r->verdict = VERDICT_VIOLATION;
			r->vstep = r->sched.n;
			r->viol = v;
			break;
		}
	}
	r->tape_used = (int)pos;
	if (r->verdict == VERDICT_CLEAN && world_deadlocked(&w, m)) {
		r->verdict = VERDICT_DEADLOCK;
		r->vstep = r->sched.n;
		r->viol.inv = INV_DEADLOCK;
	}
}

int
fuzz_decode(const uint8_t *data, size_t len, enum fuzz_mode mode,
    struct fuzz_run *r)
{
	static __thread char text[SCN_TEXT_MAX + 1];
	size_t hdr;
	uint8_t cfg;

	/*
	 * r->scen, first and most of *r, is written whole below (parsed or
	 * copied); the rest is cleared.
	 */
	_Static_assert(offsetof(struct fuzz_run, scen) == 0,
	    "struct fuzz_run starts with its scenario");
	memset((char *)r + sizeof(r->scen), 0, sizeof(*r) - sizeof(r->scen));
	r->lib_index = -1;
	if (mode == FUZZ_GENERATE) {
		const struct fuzz_target *t = fuzz_get_target();
		const struct gen_like *like = fuzz_target_like();
		struct scenario_error err;
		size_t tl;
		int rc;

		cfg = len > 0 ? data[0] : 0;
		if (like != NULL) {
			tl = fuzz_gen_like(len > 1 ? data + 1 : NULL,
			    len > 1 ? len - 1 : 0, like, text, sizeof(text));
			rc = scenario_parse(text, tl,
			    fuzz_target_scenario()->name, &r->scen, &err);
		} else {
			rc = fuzz_gen_scenario(len > 1 ? data + 1 : NULL,
			    len > 1 ? len - 1 : 0, t != NULL ? &t->gen : NULL,
			    text, sizeof(text), &tl, &r->scen);
		}
		if (rc == 0)
			r->generated = true;
		else if (like != NULL)	/* the scenario generated around */
			r->scen = *fuzz_target_scenario();
		else
			load_library(r, cfg % fuzz_library_n);
		hdr = FUZZ_GEN_HDR;
	} else if (fuzz_target_scenario() != NULL) {
		/* the campaign's scenario; byte 0 is not read */
		r->scen = *fuzz_target_scenario();
		cfg = len > 1 ? data[1] : 0;
		hdr = 2;
	} else {
		load_library(r, len > 0 ? data[0] % fuzz_library_n : 0);
		cfg = len > 1 ? data[1] : 0;
		hdr = 2;
	}
	configure(r, cfg);
	run_tape(r, len > hdr ? data + hdr : NULL, len > hdr ? len - hdr : 0);
	return 0;
}

const char *
fuzz_verdict_inv(const struct fuzz_run *r)
{
	if (r->verdict == VERDICT_CLEAN)
		return "";
	return run_verdict_label(r->verdict, r->viol.inv);
}

int
fuzz_run_to_sched(const struct fuzz_run *r, struct sched_file *sf)
{
	static __thread char text[SCN_TEXT_MAX + 1];
	struct run_result *res;
	size_t tl;

	tl = scenario_print_buf(&r->scen, text, sizeof(text));
	if (tl >= sizeof(text))
		return -1;
	if (sched_file_init(sf, r->scen.name, r->profile, &r->overrides,
	    r->mask, text, tl) != 0)
		return -1;
	res = calloc(1, sizeof(*res));
	if (res == NULL) {
		sched_file_free(sf);
		return -1;
	}
	if (run_schedule(&r->scen.model, &r->sched, res, NULL, NULL) != 0) {
		free(res);
		sched_file_free(sf);
		return -1;
	}
	run_to_sched_file(&r->scen.model, &r->sched, res, sf);
	free(res);
	return 0;
}

struct sig_ops {
	const char *ops[SCHED_MAX_STEPS];
};

static void
sig_collect(void *arg, int step, const struct sched_choice *ch,
    const struct world *before, const struct world *after,
    const struct step_result *r, uint64_t fp)
{
	struct sig_ops *so = arg;

	(void)ch;
	(void)before;
	(void)after;
	(void)fp;
	if (step >= 1 && step <= SCHED_MAX_STEPS)
		so->ops[step - 1] = r->op;
}

static int
cmp_op(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return strcmp(x != NULL ? x : "-", y != NULL ? y : "-");
}

int
fuzz_signature(const struct fuzz_run *r, char out[17])
{
	return fuzz_signature_class(r, out, NULL);
}

int
fuzz_signature_class(const struct fuzz_run *r, char out[17], uint64_t *cls)
{
	struct run_result *res = calloc(1, sizeof(*res));
	struct sig_ops *so = calloc(1, sizeof(*so));
	const char *inv, *point = "initial";
	XXH3_state_t *h = XXH3_createState();
	int rc = -1;

	snprintf(out, 17, "%016x", 0);
	if (res == NULL || so == NULL || h == NULL)
		goto done;
	if (run_schedule(&r->scen.model, &r->sched, res, sig_collect, so) != 0 ||
	    res->verdict == VERDICT_CLEAN)
		goto done;
	if (res->vstep >= 1 && res->point[res->vstep - 1] != NULL)
		point = res->point[res->vstep - 1];
	inv = run_verdict_label(res->verdict, res->inv);
	qsort(so->ops, (size_t)res->nsteps, sizeof(so->ops[0]), cmp_op);
	XXH3_64bits_reset(h);
	XXH3_64bits_update(h, "uvmcheck-signature 1\n", 21);
	XXH3_64bits_update(h, inv, strlen(inv));
	XXH3_64bits_update(h, "\n", 1);
	for (int i = 0; i < res->nsteps; i++) {
		const char *o = so->ops[i] != NULL ? so->ops[i] : "-";

		XXH3_64bits_update(h, o, strlen(o));
		XXH3_64bits_update(h, ",", 1);
	}
	XXH3_64bits_update(h, "\n", 1);
	XXH3_64bits_update(h, point, strlen(point));
	snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits_digest(h));
	if (cls != NULL) {
		XXH3_64bits_reset(h);
		XXH3_64bits_update(h, inv, strlen(inv));
		XXH3_64bits_update(h, "\n", 1);
		XXH3_64bits_update(h, point, strlen(point));
		*cls = XXH3_64bits_digest(h);
	}
	rc = 0;
done:
	if (h != NULL)
		XXH3_freeState(h);
	free(so);
	free(res);
	return rc;
}

int
fuzz_encode_tape(const struct model *m, const struct schedule *s,
    uint8_t *tape, size_t max)
{
	static __thread struct world w;
	struct step_result res;
	uint8_t tids[MAX_THREADS + 1];
	size_t len = 0;

	world_init(&w, m);
	for (int i = 0; i < s->n; i++) {
		int n = enabled_threads(&w, m, tids), k = -1, b;

		for (int j = 0; j < n; j++)
			if (tids[j] == s->c[i].tid)
				k = j;
		if (k < 0 || (size_t)i >= max)
			return -1;
		/* q = 0 (no failure) or odd: 1 + 2 (choice - 1) */
		b = k + n * (s->c[i].choice == 0 ? 0 :
		    1 + 2 * (s->c[i].choice - 1));
		if (b > 255)
			return -1;
		tape[len++] = (uint8_t)b;
		world_step(&w, m, s->c[i].tid, s->c[i].choice, &res);
	}
	return (int)len;
}

size_t
fuzz_pin(const uint8_t *data, size_t len, enum fuzz_mode mode, int scenario,
    int config, uint8_t *out, size_t max)
{
	size_t hdr = mode == FUZZ_GENERATE ? FUZZ_GEN_HDR : 2, n;

	n = len < max ? len : max;
	if (n > 0)
		memcpy(out, data, n);
	if ((scenario < 0 && config < 0) || max < hdr)
		return n;
	if (n < hdr) {		/* missing header bytes read as 0 anyway */
		memset(out + n, 0, hdr - n);
		n = hdr;
	}
	if (mode == FUZZ_SCHEDULE && scenario >= 0)
		out[0] = (uint8_t)scenario;
	if (config >= 0)
		out[mode == FUZZ_GENERATE ? 0 : 1] = (uint8_t)config;
	return n;
}

void
fuzz_pin_from_env(int *scenario, int *config)
{
	const char *s = getenv("UVMCHECK_FUZZ_SCENARIO");
	const char *c = getenv("UVMCHECK_FUZZ_CONFIG");

	*scenario = s != NULL && *s != '\0' ? atoi(s) % 256 : -1;
	*config = c != NULL && *c != '\0' ? atoi(c) % 256 : -1;
}
