/*
 * target_args.h: a fuzz target (fuzz/target.h) from the words of
 * `uvmcheck fuzz`: its SCENARIO (or --like PATH.scn) and its --ops list.
 * Each says what is wrong on stderr ("uvmcheck fuzz: ...", or
 * file:line:col for a scenario that does not parse) and returns -1 on
 * bad input; 0 when t took it.
 */
#ifndef UVMCHECK_FUZZ_TARGET_ARGS_H
#define UVMCHECK_FUZZ_TARGET_ARGS_H

#include <stdbool.h>

#include "fuzz/target.h"

/*
 * A scenario file (a path, or NAME.scn that exists) or a library
 * scenario by name (the text the harnesses embed) as t's scenario; opt
 * names the option it came from ("" for the SCENARIO argument).
 */
int fuzz_target_add_scenario(struct fuzz_target *t, const char *opt,
    const char *arg);
/*
 * --ops mlock,munlock,...: the operations the generator may make; with
 * like (--like), any operation of the language.
 */
int fuzz_target_add_ops(struct fuzz_target *t, const char *list, bool like);

#endif
