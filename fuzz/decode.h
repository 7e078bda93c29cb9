/*
 * decode.h: fuzzer input bytes -> one run (docs/design.md §9).
 *
 * Every byte string decodes to a valid run; nothing is rejected.  The
 * same bytes give the same run in libFuzzer, AFL++ and, after
 * fuzz_run_to_sched(), in `uvmcheck replay`.
 *
 * FUZZ_SCHEDULE (the schedule harnesses), bytes
 *	[0]	library scenario, modulo the library's size
 *	[1]	configuration (fuzz_config_pick)
 *	[2..]	the choice tape
 * FUZZ_GENERATE (the generator harnesses), bytes
 *	[0]	configuration
 *	[1..FUZZ_GEN_HDR-1]	the scenario grammar (fuzz/gen.c); missing
 *		bytes read as 0
 *	[FUZZ_GEN_HDR..]	the choice tape
 *
 * Configuration byte c, over the scenario's own configuration (0), its
 * expectations, the profiles, and each seed bug's knob on top of fixed:
 * c modulo (1 + nexpect + nprofiles + nbugs).
 *
 * The choice tape: before each step the enabled threads E (ascending
 * index) are listed; a byte b runs E[b % |E|]; q = b / |E|: when q is
 * odd and the step has K environment failure points, point
 * 1 + (q / 2) % K fails.  When the tape is used up the last thread runs
 * on while it is enabled, else the lowest enabled one, without
 * failures.  The run stops at the first violated invariant, a deadlock,
 * when every thread is done, or at min(bound depth, SCHED_MAX_STEPS).
 */
#ifndef UVMCHECK_FUZZ_DECODE_H
#define UVMCHECK_FUZZ_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/knobs.h"
#include "corpus/sched_file.h"
#include "invariants/invariants.h"
#include "scenarios/scenario.h"

enum fuzz_mode { FUZZ_SCHEDULE = 0, FUZZ_GENERATE = 1 };

#define FUZZ_GEN_HDR	64	/* bytes of the generator's header */

struct fuzz_run {
	struct scenario scen;		/* configured */
	int lib_index;			/* library scenario, -1 when generated */
	bool generated;			/* by the grammar */
	/* the configuration, as the .sched records it */
	char profile[SCN_PROFILE_MAX];	/* "" = the scenario's own */
	struct knobs overrides;
	uint8_t mask[NKNOBS];
	char config_label[96];
	/* the run */
	struct schedule sched;
	int tape_used;			/* bytes of the tape consumed */
	enum verdict verdict;
	int vstep;
	struct inv_violation viol;
};

/* the configuration byte's choices for a scenario with nexpect expectations */
int fuzz_config_count(int nexpect);

/* decode and run; returns 0 (always: every input is a run) */
int fuzz_decode(const uint8_t *data, size_t len, enum fuzz_mode mode,
    struct fuzz_run *r);

/* the invariant id of a finding ("deadlock" for a deadlock, "" if clean) */
const char *fuzz_verdict_inv(const struct fuzz_run *r);

/* a .sched record of the run (sched_file_free it); 0 or -1 */
int fuzz_run_to_sched(const struct fuzz_run *r, struct sched_file *sf);

/*
 * The finding's signature, as reports/store.c's store_signature() makes
 * it: XXH3 of the invariant, the sorted multiset of the operations the
 * schedule's steps ran in, and the interleaving point of the violating
 * step; 16 hex digits.  0, or -1 if the run is clean or does not replay.
 */
int fuzz_signature(const struct fuzz_run *r, char out[17]);
/*
 * The same, and in *cls its class: XXH3 of the invariant and the
 * interleaving point alone (the operations left out), which the
 * harness's budget of kept findings never turns away.
 */
int fuzz_signature_class(const struct fuzz_run *r, char out[17],
    uint64_t *cls);

/*
 * The tape that makes the decoder follow schedule s of model m from the
 * start (the seed corpus from corpus/seeds/ *.sched); its length, or -1
 * when a choice cannot be written in one byte or is not enabled.  The
 * decoder's run may go on past the tape (it does not stop where s did).
 */
int fuzz_encode_tape(const struct model *m, const struct schedule *s,
    uint8_t *tape, size_t max);

/*
 * A campaign on one scenario or one configuration pins the bytes that
 * choose them: out = data with the scenario byte (schedule inputs) and
 * the configuration byte replaced (-1: left alone), the header padded
 * with the zeros a short input reads as.  Returns out's length.  The
 * harnesses read the pins from UVMCHECK_FUZZ_SCENARIO and
 * UVMCHECK_FUZZ_CONFIG (fuzz_pin_from_env); `uvmcheck fuzz` sets them
 * and decodes the crashes with the same pins.
 */
size_t fuzz_pin(const uint8_t *data, size_t len, enum fuzz_mode mode,
    int scenario, int config, uint8_t *out, size_t max);
void fuzz_pin_from_env(int *scenario, int *config);

#endif
