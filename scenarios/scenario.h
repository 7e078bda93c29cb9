/*
 * scenario.h: the scenario language (docs/scenario-language.md).
 *
 * A scenario is a small line-based text file: the world's size, its
 * objects, processes and initial mappings, threads with their programs,
 * the default profile and knob overrides, bounds, and what the checker
 * is expected to find under which configuration.  scenario_parse()
 * compiles it into a struct model (core/model.h), the constant half of a
 * run, plus what the model does not carry: expectations and bounds.
 *
 * Errors never crash and always name the place:
 *	file:line:col: error: expected 'r' or 'w' after touch VA, got 'q'
 * Lines and columns are 1-based byte positions; an error about something
 * missing from the whole file points just past its end.  I/O errors of
 * scenario_load_file() have line 0, col 0.
 *
 * The printer writes a canonical form: parse -> print -> parse gives the
 * same struct model (operation positions aside: see
 * scenario_strip_positions) and the same expectations.
 */
#ifndef UVMCHECK_SCENARIO_H
#define UVMCHECK_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/knobs.h"
#include "core/model.h"
#include "core/world.h"	/* enum uobj_type, enum vm_inherit */

/* sizes of names and texts count their NUL */
#define SCN_NAME_MAX	(NAME_MAX_LEN * 2)	/* scenario name */
#define SCN_PATH_MAX	256
#define SCN_PROFILE_MAX	32		/* profile name */
#define SCN_VERDICT_MAX	32		/* verdict */
#define SCN_TEXT_MAX	16384		/* bytes of scenario text */
#define SCN_LINE_MAX	1024		/* bytes a line, '\n' excluded */
#define SCN_MAX_EXPECT	16		/* expect lines */
#define SCN_DEFAULT_DEPTH 64
#define SCN_MAX_DEPTH	1000000

/* what an `expect` line configures before its verdict */
enum scn_expect_kind {
	SCN_EXPECT_FIXED = 1,	/* expect fixed -> V */
	SCN_EXPECT_PROFILE,	/* expect profile P [bug K=V ...] -> V */
	SCN_EXPECT_BUG,		/* expect bug K=V [K=V ...] -> V */
};

struct scenario_expect {
	uint8_t kind;			/* enum scn_expect_kind */
	char profile[SCN_PROFILE_MAX];	/* "fixed" but for EXPECT_PROFILE */
	struct knobs knobs;		/* override values ... */
	uint8_t knob_mask[NKNOBS];	/* ... of the knobs marked 1 here */
	char verdict[SCN_VERDICT_MAX];	/* clean, deadlock, invariant id */
	uint16_t line, col;		/* of the verdict (0 = built) */
};

struct scenario {
	struct model model;		/* what a run starts from */
	char name[SCN_NAME_MAX];	/* `scenario NAME` (also model.name) */
	char path[SCN_PATH_MAX];	/* file it came from ("" = none) */
	char profile[SCN_PROFILE_MAX];	/* `profile NAME`; "" = fixed */
	struct knobs knobs;		/* `bug K=V` overrides: values ... */
	uint8_t knob_mask[NKNOBS];	/* ... of the knobs marked 1 here */
	int nexpect;
	struct scenario_expect expect[SCN_MAX_EXPECT];
	uint32_t bound_depth;		/* `bound depth=N`, default 64 */
	uint32_t bound_restarts;	/* `bound restarts=N`, 0 = not given */
	size_t textlen;
	/*
	 * The source, NUL-terminated (it may hold NULs of its own: textlen
	 * counts it).  Last: scenario_parse leaves the bytes past the
	 * terminating NUL as they were, and nothing reads them.
	 */
	char text[SCN_TEXT_MAX + 1];
};

struct scenario_error {
	char file[256];
	int line, col;			/* 1-based; 0, 0 for I/O errors */
	char msg[512];			/* room for the list of operations */
};

/* ---- parse.c ---- */

/*
 * Parse len bytes of text (which need not be NUL-terminated and may hold
 * any bytes).  path names the source in errors and in out->path (NULL:
 * "<input>").  On success returns 0 with *out complete, its model
 * configured with the scenario's own profile and overrides
 * (scenario_apply_config(out, NULL, NULL, NULL)).  On error returns -1,
 * fills *err and leaves *out zeroed.
 */
int scenario_parse(const char *text, size_t len, const char *path,
    struct scenario *out, struct scenario_error *err);

/*
 * Check every expectation's verdict against the caller's catalogue:
 * known(verdict, arg) returns true for an invariant id it knows; "clean"
 * and "deadlock" are always accepted.  Returns 0, or -1 with *err naming
 * the first unknown verdict.
 */
int scenario_check_verdicts(const struct scenario *s,
    bool (*known)(const char *verdict, void *arg), void *arg,
    struct scenario_error *err);

/* zero the line/col of every op, map and expectation (for comparisons) */
void scenario_strip_positions(struct scenario *s);

/* print "file:line:col: error: msg\n" (or "file: error: msg" for I/O) */
void scenario_error_print(const struct scenario_error *err, FILE *f);

/* ---- print.c ---- */

/* the canonical text of s */
void scenario_print(const struct scenario *s, FILE *out);
/*
 * The canonical text into buf (NUL-terminated, truncated to len - 1
 * bytes).  Returns the length of the whole text, as snprintf does.
 */
size_t scenario_print_buf(const struct scenario *s, char *buf, size_t len);
/* "rw", "r-x" style names: prot as the language writes it ("none" for 0) */
const char *scenario_prot_name(int prot, char buf[8]);

/* ---- library.c ---- */

/* read and parse a file (at most SCN_TEXT_MAX bytes) */
int scenario_load_file(const char *path, struct scenario *out,
    struct scenario_error *err);

/*
 * Configure s->model.knobs and model_finish(&s->model).
 * profile == NULL: the scenario's `profile` (or fixed), then its `bug`
 * overrides, then the caller's.  profile != NULL: that profile, then the
 * caller's overrides only (the scenario's defaults are replaced).
 * overrides/override_mask may be NULL.  Returns 0, or -1 if the profile
 * is unknown (the knobs are then left as fixed).
 */
int scenario_apply_config(struct scenario *s, const char *profile,
    const struct knobs *overrides, const uint8_t *override_mask);
/* configure s->model as expectation i says (returns -1 if i is out of range) */
int scenario_apply_expect(struct scenario *s, int i);
/*
 * The scenario's first `expect bug ... -> INVARIANT` line (the one the
 * history matrix shows as the bug's row), or -1 if it has none.
 */
int scenario_bug_expectation(const struct scenario *s);

/* the seed-bug scenarios: a subdirectory of the library */
#define SCN_LIBRARY_SEEDS "seeds"
/* the conformance suite from NetBSD's ATF tests (docs/conformance.md) */
#define SCN_LIBRARY_CONFORMANCE "conformance"

/*
 * The file names (e.g. "fork-cow.scn") of the *.scn regular files in dir,
 * sorted bytewise; hidden files are skipped.  Fills at most max names and
 * returns how many there are in all (more than max means some were left
 * out), or -1 if dir cannot be read.
 */
int scenario_library_list(const char *dir, char names[][256], int max);
/*
 * Find scenario `name` (a stem like "fork-cow" or a file name
 * "fork-cow.scn") in libdir, then in libdir/seeds.  A name holding a '/'
 * is taken as a path as is.  Writes the path; returns 0, or -1 if not
 * found (or the path does not fit).
 */
int scenario_library_find(const char *libdir, const char *name, char *path,
    size_t pathlen);

#endif
