/*
 * harness.c: the libFuzzer-style entry point of the four harnesses.
 *
 * Built once per engine and mode: FUZZ_HARNESS_MODE is FUZZ_SCHEDULE
 * (fixed library scenario from the first byte, fuzzed schedule) or
 * FUZZ_GENERATE (scenario and schedule fuzzed).  A violated invariant or
 * a deadlock is a crash: the harness prints the finding and abort()s, so
 * libFuzzer and AFL++ record the input; `uvmcheck fuzz` decodes it again
 * into a .sched.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/file_write.h"
#include "fuzz/decode.h"
#include "fuzz/mutate.h"
#include "fuzz/target.h"

#ifndef FUZZ_HARNESS_MODE
#define FUZZ_HARNESS_MODE FUZZ_SCHEDULE
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * The campaign's target (fuzz/target.h: a scenario file, a pinned
 * configuration, the generator's options), from UVMCHECK_FUZZ_TARGET,
 * read once before the first input; unset: the embedded library.
 */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[512];

	(void)argc;
	(void)argv;
	if (fuzz_target_from_env(err, sizeof(err)) != 0) {
		fprintf(stderr, "uvmcheck harness: %s: %s\n", FUZZ_TARGET_ENV,
		    err);
		exit(2);
	}
	return 0;
}

/*
 * UVMCHECK_FUZZ_SEEN=DIR (set by `uvmcheck fuzz`): a finding whose
 * signature has a file in DIR is not a crash again, so a campaign does
 * not spend its time restarting on one known bug.  Unset: every finding
 * is a crash.
 *
 * UVMCHECK_FUZZ_KEEP=DIR (set by `uvmcheck fuzz` for libFuzzer): a new
 * finding's input is written to DIR/crash-SIG, where libFuzzer would
 * have written it as a crash, and the run goes on instead of stopping:
 * a libFuzzer that stops is started again by `uvmcheck fuzz`, and each
 * start reads and runs its whole corpus again.  The file is written
 * beside and renamed, so the campaign reads all of it or none.  When
 * it cannot be written the finding is a crash, as without KEEP.
 *
 * Each new signature costs the campaign a minimization (tens of
 * milliseconds, hundreds of executions), and a run-on schedule gives a
 * new signature for every operation it adds, so the harness keeps at
 * most KEEP_BURST findings and one more for every KEEP_EXECS executions.
 * A finding over that budget is a clean run, not marked seen: the
 * fuzzer meets it again and it is kept then.  The first finding of a
 * class (its invariant and the interleaving point of its violating
 * step, fuzz_signature_class) is kept whatever the budget, so a rare
 * bug is not turned away behind a common one.  The budget counts
 * executions, not time, so a campaign's findings depend on its seed
 * alone.
 */
#define KEEP_BURST	32
#define KEEP_EXECS	2000
#define KNOWN_CAP	8192	/* signatures remembered: no system call */

/* the signatures met in this process, as numbers (0: an empty slot) */
static uint64_t known[KNOWN_CAP];
static int nknown;

static bool
known_find(uint64_t h, bool add)
{
	size_t i;

	for (i = h & (KNOWN_CAP - 1); known[i] != 0; i = (i + 1) &
	    (KNOWN_CAP - 1))
		if (known[i] == h)
			return true;
	if (add && nknown < KNOWN_CAP / 2) {
		known[i] = h;
		nknown++;
	}
	return false;
}

enum finding_is { FINDING_SEEN, FINDING_NEW, FINDING_LATER };

static enum finding_is
finding_is(const struct fuzz_run *r, char sig[17], uint64_t execs,
    uint64_t nkept)
{
	const char *dir = getenv("UVMCHECK_FUZZ_SEEN");
	const char *keep = getenv("UVMCHECK_FUZZ_KEEP");
	char path[4096];
	uint64_t h, cls;
	int fd;

	if (dir == NULL || *dir == '\0' ||
	    fuzz_signature_class(r, sig, &cls) != 0)
		return FINDING_NEW;
	h = strtoull(sig, NULL, 16);
	h = h != 0 ? h : 1;
	cls = (cls | 1) ^ 2;	/* never 0, and apart from the signatures */
	if (known_find(h, false))
		return FINDING_SEEN;
	if (keep != NULL && *keep != '\0' && known_find(cls, false) &&
	    nkept >= KEEP_BURST + execs / KEEP_EXECS)
		return FINDING_LATER;
	snprintf(path, sizeof(path), "%s/%s", dir, sig);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0 && errno != EEXIST)
		return FINDING_NEW;
	if (fd >= 0)
		close(fd);
	known_find(h, true);
	if (fd >= 0)
		known_find(cls, true);
	return fd < 0 ? FINDING_SEEN : FINDING_NEW;
}

static bool
kept(const uint8_t *data, size_t size, const char sig[17])
{
	const char *dir = getenv("UVMCHECK_FUZZ_KEEP");
	char path[4096], err[FW_PATH_MAX + 256];

	if (dir == NULL || *dir == '\0' || sig[0] == '\0')
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/crash-%s", dir, sig) >=
	    sizeof(path))
		return false;
	return file_write_scratch(path, data, size, err, sizeof(err)) == FW_OK;
}
size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
    unsigned int seed);

/*
 * The structure-aware mutator (fuzz/mutate.c), every other time; the
 * engine's own byte mutations the rest.  AFL++ builds leave it out
 * (-DFUZZ_NO_CUSTOM_MUTATOR): AFL++ loads fuzz/libuvmcheck-afl-mutator.so.
 */
#ifndef FUZZ_NO_CUSTOM_MUTATOR
size_t
LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max,
    unsigned int seed)
{
	if (seed & 0x100)
		return LLVMFuzzerMutate(data, size, max);
	return fuzz_mutate(data, size, max, seed, FUZZ_HARNESS_MODE);
}
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_run r;

#ifdef FUZZ_NO_CUSTOM_MUTATOR
	/*
	 * AFL++'s driver runs its signature string once before the fork
	 * server starts (to skip initialisation coverage): not an input.
	 */
	if (size >= 4 && memcmp(data, "##SI", 4) == 0)
		return 0;
#endif
	static uint8_t pinned[1 << 16];
	static int pin_scn = -2, pin_cfg = -2;
	static uint64_t execs, nkept;
	const uint8_t *orig = data;
	size_t orig_size = size;
	char sig[17] = "";

	if (pin_scn == -2)
		fuzz_pin_from_env(&pin_scn, &pin_cfg);
	if ((pin_scn >= 0 || pin_cfg >= 0) && size <= sizeof(pinned)) {
		size = fuzz_pin(data, size, FUZZ_HARNESS_MODE, pin_scn,
		    pin_cfg, pinned, sizeof(pinned));
		data = pinned;
	}
	execs++;
	fuzz_decode(data, size, FUZZ_HARNESS_MODE, &r);
	if (r.verdict == VERDICT_CLEAN ||
	    finding_is(&r, sig, execs, nkept) != FINDING_NEW)
		return 0;
	fprintf(stderr, "uvmcheck-finding: %s scenario %s config %s "
	    "step %d\n", fuzz_verdict_inv(&r), r.scen.name,
	    r.config_label, r.vstep);
	if (kept(orig, orig_size, sig)) {
		nkept++;
		return 0;
	}
	abort();
}
