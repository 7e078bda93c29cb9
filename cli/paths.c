/*
 * paths.c: where uvmcheck finds its data and its helper programs.
 *
 * The data is the scenario library (scenarios/, subfolders included), the
 * corpus of saved schedules (corpus/) and the fuzz dictionaries (fuzz/),
 * laid out the same way in a source tree and in an installed prefix
 * (PREFIX/share/uvmcheck).  cli_paths.root is the first of:
 *
 *   1. $UVMCHECK_ROOT, if set;
 *   2. the current directory, if it holds scenarios/ (a source tree);
 *   3. the source tree, when the running binary is the one in the build
 *      directory it was built in (the binary's directory is
 *      UVMCHECK_BUILD_ROOT): a build dir keeps working from anywhere;
 *   4. beside the binary: BINDIR/UVMCHECK_DATA_REL (../share/uvmcheck for
 *      the default layout), so an installed tree can be moved as a whole;
 *   5. the data directory of the configured prefix (UVMCHECK_DATADIR), for
 *      a system without /proc/self/exe;
 *   6. "." (the commands then name what they did not find there).
 *
 * The source path compiled in is only used in case 3: an installed binary
 * never reads the source tree, which may be gone.  The fuzz harnesses are
 * in BINDIR/fuzz in a build and in BINDIR/UVMCHECK_LIBEXEC_REL
 * (../libexec/uvmcheck) when installed: cli_paths.fuzz_dir.
 *
 * Nothing is cached: a command asks once, when it needs a path, into a
 * struct cli_paths of its own (the commands keep no process-wide state).
 */
#include "cli/cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef UVMCHECK_SOURCE_ROOT
#define UVMCHECK_SOURCE_ROOT "."
#endif
#ifndef UVMCHECK_BUILD_ROOT
#define UVMCHECK_BUILD_ROOT ""
#endif
#ifndef UVMCHECK_DATA_REL
#define UVMCHECK_DATA_REL "../share/uvmcheck"
#endif
#ifndef UVMCHECK_LIBEXEC_REL
#define UVMCHECK_LIBEXEC_REL "../libexec/uvmcheck"
#endif
#ifndef UVMCHECK_DATADIR
#define UVMCHECK_DATADIR ""
#endif

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir/sub holds scenarios/: copy "dir/sub" (or dir), resolved, to out */
static bool
data_at(const char *dir, const char *sub, char *out, size_t len)
{
	char base[PATH_MAX], probe[PATH_MAX], real[PATH_MAX];
	int n;

	if (dir[0] == '\0')
		return false;
	n = snprintf(base, sizeof(base), "%s%s%s", dir,
	    sub[0] != '\0' ? "/" : "", sub);
	if (n < 0 || (size_t)n >= sizeof(base))
		return false;
	n = snprintf(probe, sizeof(probe), "%s/scenarios", base);
	if (n < 0 || (size_t)n >= sizeof(probe) || !is_dir(probe))
		return false;
	/* the resolved name, so that messages show where the data is */
	n = snprintf(out, len, "%s", realpath(base, real) != NULL ? real : base);
	return n >= 0 && (size_t)n < len;
}

/* the directory of the running binary, resolved; false if unknown */
static bool
self_dir(char *out, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return false;
	*slash = '\0';
	return snprintf(out, len, "%s", exe[0] != '\0' ? exe : "/") <
	    (int)len;
}

/* a and b name the same directory */
static bool
same_dir(const char *a, const char *b)
{
	struct stat sa, sb;

	return a[0] != '\0' && b[0] != '\0' && stat(a, &sa) == 0 &&
	    stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void
cli_paths_find(struct cli_paths *p)
{
	const char *env = getenv("UVMCHECK_ROOT");
	char bin[PATH_MAX];
	bool have_bin = self_dir(bin, sizeof(bin));
	bool in_build = have_bin && same_dir(bin, UVMCHECK_BUILD_ROOT);

	if (env != NULL && env[0] != '\0')
		cli_xpath(p->root, sizeof(p->root), "UVMCHECK_ROOT", "%s", env);
	else if (is_dir("scenarios"))
		snprintf(p->root, sizeof(p->root), ".");
	else if (!(in_build && data_at(UVMCHECK_SOURCE_ROOT, "", p->root,
	    sizeof(p->root))) &&
	    !(have_bin && data_at(bin, UVMCHECK_DATA_REL, p->root,
	    sizeof(p->root))) &&
	    !data_at(UVMCHECK_DATADIR, "", p->root, sizeof(p->root)))
		snprintf(p->root, sizeof(p->root), ".");

	/* a build keeps the harnesses in BINDIR/fuzz, an install in libexec */
	if (!have_bin)
		snprintf(p->fuzz_dir, sizeof(p->fuzz_dir), "fuzz");
	else if (snprintf(p->fuzz_dir, sizeof(p->fuzz_dir), "%s/fuzz", bin) <
	    (int)sizeof(p->fuzz_dir) && is_dir(p->fuzz_dir))
		;
	else if (snprintf(p->fuzz_dir, sizeof(p->fuzz_dir), "%s/%s", bin,
	    UVMCHECK_LIBEXEC_REL) >= (int)sizeof(p->fuzz_dir))
		snprintf(p->fuzz_dir, sizeof(p->fuzz_dir), "fuzz");
}
