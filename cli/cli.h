/*
 * cli.h: what the uvmcheck subcommands share.
 *
 * One file per command (cmd_*.c), each exporting cmd_NAME(argc, argv)
 * with argv[0] the command's name; main.c dispatches.  Exit codes are
 * docs/design.md §11's: 0 clean, 1 an invariant violated (or a deadlock),
 * 2 bad input or usage (naming file:line:col), 3 internal error; and
 * for replay 4: the run diverged from the recorded fingerprints, so
 * its verdict is not the recording's to confirm or deny.
 */
#ifndef UVMCHECK_CLI_H
#define UVMCHECK_CLI_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/knobs.h"
#include "corpus/file_write.h"
#include "corpus/path.h"
#include "corpus/sched_file.h"
#include "scenarios/scenario.h"
#include "explore/clock.h"
#include "explore/check.h"
#include "explore/dfs.h"
#include "explore/replay.h"
#include "explore/run.h"

#define EXIT_CLEAN	0
#define EXIT_VIOLATION	1
#define EXIT_USAGE	2
#define EXIT_INTERNAL	3
/* replay: the run left the recorded fingerprints (the model changed) */
#define EXIT_DIVERGED	4

/* the commands */
int cmd_list(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_gate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_fuzz(int argc, char **argv);
int cmd_minimize(int argc, char **argv);
int cmd_triage(int argc, char **argv);
int cmd_soak(int argc, char **argv);

/* --profile and --bug, accepted by every command */
struct cli_config {
	const char *profile;		/* NULL: the scenario's own */
	struct knobs overrides;
	uint8_t mask[NKNOBS];
	int nbugs;
};

/* 0, or EXIT_USAGE after printing what is valid */
int cli_set_profile(struct cli_config *cfg, const char *cmd, const char *name);
int cli_add_bug(struct cli_config *cfg, const char *cmd, const char *assign);
/* parse a number option in [min, max]; 0 or EXIT_USAGE */
int cli_number(const char *cmd, const char *opt, const char *arg,
    unsigned long long min, unsigned long long max, unsigned long long *out);

/*
 * matrix and gate bound each search to this many states by default, so
 * that a CI run's time stays bounded; --max-states 0 lifts the bound.  A clean result that reached it
 * is reported as not exhaustive.
 */
#define CLI_DEFAULT_MAX_STATES	2000000ull

/*
 * root: the directory holding scenarios/, corpus/ and the fuzz
 * dictionaries: a source tree, or PREFIX/share/uvmcheck when installed;
 * fuzz_dir: the directory of the fuzz harnesses.  cli/paths.c says how
 * they are found; each call looks again (nothing is cached).
 */
struct cli_paths {
	char root[PATH_MAX];
	char fuzz_dir[PATH_MAX];
};
void cli_paths_find(struct cli_paths *p);
/*
 * Find and load a scenario given as a path or a library name, then
 * configure it with cfg.  Returns 0, or EXIT_USAGE after printing
 * file:line:col: error.
 */
int cli_load_scenario(const char *cmd, const char *arg,
    const struct cli_config *cfg, struct scenario *s);
/* "netbsd-2003" or "netbsd-2003+vslock_pin=busy": profile and overrides */
void cli_config_label(const char *profile, const struct knobs *overrides,
    const uint8_t *mask, char *buf, size_t len);
/* the knobs not at their fixed value, "name=value ..." ("none" if all fixed) */
void cli_knobs_str(const struct knobs *k, char *buf, size_t len);

/* "  knobs: a=x b=y ..." wrapped at 78 columns */
void cli_print_knobs(FILE *out, const char *label, const struct knobs *k);
/*
 * Output files (every one is written through corpus/file_write.h).
 * cli_write_rc: the exit code of a write's status (a refused path is
 * bad input, 2; a failing system 3).  cli_output_ok: 0, or EXIT_USAGE
 * after "uvmcheck CMD: OPT: reason" when PATH may not be written (not a
 * regular file, missing directory) -- checked before any work is done,
 * so that a long search does not end in a refused write.
 */
int cli_write_rc(enum fw_status st);
int cli_output_ok(const char *cmd, const char *opt, const char *path);

/*
 * A path made by printf into buf (corpus/path.h): 0, or EXIT_USAGE after
 * "uvmcheck: WHAT: path too long" naming the start of the path, when it
 * does not fit (never a silently cut path).
 */
#define cli_path(buf, len, what, ...) \
	(path_format((buf), (len), (what), __VA_ARGS__) != 0 ? EXIT_USAGE : 0)
/* the same, exiting with EXIT_USAGE: where no error can be returned */
#define cli_xpath(buf, len, what, ...) do { \
	if (path_format((buf), (len), (what), __VA_ARGS__) != 0) \
		exit(EXIT_USAGE); \
} while (0)

/* a malloc that exits with EXIT_INTERNAL */
void *cli_xcalloc(size_t n, size_t size);

/* explore_check (explore/check.h), exiting 3 when the search fails */
void cli_check(const struct scenario *s, const struct check_opts *o,
    struct dfs_result *r);
/*
 * save a counterexample (or any schedule) of s as a .sched; 0, or the
 * exit code (cli_write_rc) after the message
 */
int cli_save_sched(const char *cmd, const char *path, const struct scenario *s,
    const char *profile, const struct knobs *overrides, const uint8_t *mask,
    const struct schedule *sch, const struct run_result *res);

#endif
