/*
 * target.h: what a fuzz campaign fuzzes, shared by `uvmcheck fuzz` and
 * the harnesses.
 *
 * The harnesses are built once; a campaign aims them at run time.  The
 * CLI writes the target as a small text file in the campaign's work
 * directory and names it in UVMCHECK_FUZZ_TARGET; each harness reads it
 * once, at its first input, and `uvmcheck fuzz` decodes the crashes under
 * the same target.  The file also identifies a campaign: resuming a work
 * directory, or joining a shared AFL++ sync directory, needs the same
 * target byte for byte (the same bytes must decode to the same runs).
 *
 *	uvmcheck-fuzz-target 1
 *	mode sched | gen
 *	profile NAME			(the configuration is pinned: the
 *	knob NAME=VALUE			 configuration byte is not read)
 *	ops NAME,NAME,...		(gen: the operations generated)
 *	pages N | procs N | threads N	(gen: world bounds, maxima)
 *	begin-scenario NAME		(sched: this scenario, not the library;
 *	| LINE				 gen: generate around it, --like)
 *	end-scenario
 *
 * Without a scenario the schedule harness fuzzes the embedded library
 * (fuzz/library.h) and the generator uses its grammar (fuzz/gen.c).
 */
#ifndef UVMCHECK_FUZZ_TARGET_H
#define UVMCHECK_FUZZ_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/knobs.h"
#include "fuzz/decode.h"
#include "fuzz/gen.h"
#include "scenarios/scenario.h"

#define FUZZ_TARGET_ENV	"UVMCHECK_FUZZ_TARGET"

struct fuzz_target {
	enum fuzz_mode mode;
	/* sched: the scenario fuzzed; gen: the one generated around */
	bool has_scenario;
	char scn_name[SCN_NAME_MAX];
	char scn_text[SCN_TEXT_MAX + 1];
	/* the pinned configuration (pinned false: the configuration byte) */
	bool pinned;
	char profile[SCN_PROFILE_MAX];
	struct knobs overrides;
	uint8_t mask[NKNOBS];
	struct gen_opts gen;
};

/* the file's text into buf; its length, or -1 if it does not fit */
int fuzz_target_format(const struct fuzz_target *t, char *buf, size_t len);
/* parse the text (as written by fuzz_target_format); 0, or -1 with err */
int fuzz_target_parse(const char *text, size_t len, struct fuzz_target *t,
    char *err, size_t errlen);
/* read and parse a file; 0, or -1 with err */
int fuzz_target_load(const char *path, struct fuzz_target *t, char *err,
    size_t errlen);

/*
 * Aim the decoder (fuzz/decode.c) at t (NULL: the defaults: the library,
 * the grammar, the configuration byte).  The scenario is parsed here
 * once; 0, or -1 with err when it does not parse or a knob is unknown.
 */
int fuzz_set_target(const struct fuzz_target *t, char *err, size_t errlen);
const struct fuzz_target *fuzz_get_target(void);	/* NULL: none */
/* the target's scenario, parsed (NULL: none); gen: its template */
const struct scenario *fuzz_target_scenario(void);
const struct gen_like *fuzz_target_like(void);
/* the harnesses: fuzz_set_target() from UVMCHECK_FUZZ_TARGET, if set */
int fuzz_target_from_env(char *err, size_t errlen);

/* "netbsd-2003" or "netbsd-2003+vslock_pin=wire-only" */
void fuzz_config_label(const char *profile, const struct knobs *ov,
    const uint8_t *mask, char *buf, size_t len);

#endif
