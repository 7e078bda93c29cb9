/*
 * library.h: the scenario library, embedded at build time
 * (fuzz/embed_library.py writes fuzz_library.c from scenarios/ *.scn and
 * scenarios/seeds/ *.scn, in the order fuzz/meson.build lists them).
 */
#ifndef UVMCHECK_FUZZ_LIBRARY_H
#define UVMCHECK_FUZZ_LIBRARY_H

struct fuzz_lib_entry {
	const char *name;	/* file stem: "S-10-vslock-truncate" */
	const char *text;	/* the whole .scn text */
};

extern const struct fuzz_lib_entry fuzz_library[];
extern const int fuzz_library_n;

#endif
