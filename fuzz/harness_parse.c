/*
 * harness_parse.c: any bytes into the scenario parser (libFuzzer, and
 * AFL++ through its libFuzzer-compatible driver).
 *
 * The property (fuzz/roundtrip.h): no crash; a rejected input
 * has file:line:col and a message; an accepted one prints to a text
 * that parses again and prints the same.  A violation prints what went
 * wrong and abort()s, so the engine keeps the input.  Seeds: the .scn files of scenarios/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz/roundtrip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char why[4 * 16384 + 512];

	if (roundtrip_scenario(data, size, why, sizeof(why)) ==
	    ROUNDTRIP_VIOLATED) {
		fprintf(stderr, "uvmcheck-roundtrip: scenario: %s\n", why);
		abort();
	}
	return 0;
}
