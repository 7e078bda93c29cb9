/*
 * library.c: the scenario library on disk, and configuring a parsed
 * scenario for a run.
 *
 * The library is a directory of *.scn files (scenarios/), with the
 * seed-bug scenarios in its seeds/ subdirectory.  Listings are sorted
 * bytewise so that every tool walks the library in the same order on
 * every machine.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "scenarios/scenario.h"

int
scenario_load_file(const char *path, struct scenario *out,
    struct scenario_error *err)
{
	const size_t cap = SCN_TEXT_MAX + 1;
	char *buf;
	FILE *f;
	size_t n;
	int e, rc;

	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", path);
	memset(out, 0, sizeof(*out));
	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err->msg, sizeof(err->msg), "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	if ((buf = malloc(cap)) == NULL) {
		fclose(f);
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return -1;
	}
	/* one byte more than the limit, so that the parser reports it */
	n = fread(buf, 1, cap, f);
	e = ferror(f) ? (errno != 0 ? errno : EIO) : 0;
	fclose(f);
	if (e != 0) {
		free(buf);
		snprintf(err->msg, sizeof(err->msg), "cannot read: %s",
		    strerror(e));
		return -1;
	}
	rc = scenario_parse(buf, n, path, out, err);
	free(buf);
	return rc;
}

int
scenario_apply_config(struct scenario *s, const char *profile,
    const struct knobs *overrides, const uint8_t *override_mask)
{
	const char *name = profile;
	const struct profile_desc *pd;
	int rc = 0;

	if (name == NULL)
		name = s->profile[0] != '\0' ? s->profile : "fixed";
	if ((pd = profile_lookup(name)) == NULL) {
		memset(&s->model.knobs, 0, sizeof(s->model.knobs));
		rc = -1;
	} else {
		profile_apply(pd, &s->model.knobs);
	}
	if (profile == NULL)
		for (int k = 0; k < NKNOBS; k++)
			if (s->knob_mask[k])
				s->model.knobs.v[k] = s->knobs.v[k];
	if (overrides != NULL)
		for (int k = 0; k < NKNOBS; k++)
			if (override_mask == NULL || override_mask[k])
				s->model.knobs.v[k] = overrides->v[k];
	model_finish(&s->model);
	return rc;
}

int
scenario_apply_expect(struct scenario *s, int i)
{
	const struct scenario_expect *e;

	if (i < 0 || i >= s->nexpect)
		return -1;
	e = &s->expect[i];
	return scenario_apply_config(s, e->profile, &e->knobs, e->knob_mask);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool
is_scn(const char *dir, const char *name)
{
	size_t n = strlen(name);
	char path[4096];
	struct stat st;

	if (name[0] == '.' || n < 5 || n >= 256 ||
	    strcmp(name + n - 4, ".scn") != 0)
		return false;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
scenario_library_list(const char *dir, char names[][256], int max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **all = NULL;
	int n = 0, cap = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (!is_scn(dir, de->d_name))
			continue;
		if (n == cap) {
			char **a;

			cap = cap != 0 ? cap * 2 : 32;
			a = realloc(all, (size_t)cap * sizeof(*all));

			if (a == NULL)
				goto fail;
			all = a;
		}
		if ((all[n] = strdup(de->d_name)) == NULL)
			goto fail;
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(all, (size_t)n, sizeof(*all), name_cmp);
	for (int i = 0; i < n; i++) {
		if (i < max)
			snprintf(names[i], 256, "%s", all[i]);
		free(all[i]);
	}
	free(all);
	return n;
fail:
	closedir(d);
	for (int i = 0; i < n; i++)
		free(all[i]);
	free(all);
	return -1;
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
scenario_library_find(const char *libdir, const char *name, char *path,
    size_t pathlen)
{
	static const char *const sub[] = { "", "/" SCN_LIBRARY_SEEDS };
	size_t n = strlen(name);
	const char *ext = n >= 4 && strcmp(name + n - 4, ".scn") == 0 ? "" :
	    ".scn";

	if (strchr(name, '/') != NULL) {
		if ((size_t)snprintf(path, pathlen, "%s", name) >= pathlen ||
		    !is_file(path))
			return -1;
		return 0;
	}
	for (int i = 0; i < 2; i++)
		if ((size_t)snprintf(path, pathlen, "%s%s/%s%s", libdir, sub[i],
		    name, ext) < pathlen && is_file(path))
			return 0;
	return -1;
}

int
scenario_check_verdicts(const struct scenario *s,
    bool (*known)(const char *verdict, void *arg), void *arg,
    struct scenario_error *err)
{
	for (int i = 0; i < s->nexpect; i++) {
		const struct scenario_expect *e = &s->expect[i];

		if (strcmp(e->verdict, "clean") == 0 ||
		    strcmp(e->verdict, "deadlock") == 0 ||
		    known(e->verdict, arg))
			continue;
		memset(err, 0, sizeof(*err));
		snprintf(err->file, sizeof(err->file), "%s",
		    s->path[0] != '\0' ? s->path : "<input>");
		err->line = e->line;
		err->col = e->col;
		snprintf(err->msg, sizeof(err->msg),
		    "unknown invariant '%s' ('uvmcheck list invariants' prints them)",
		    e->verdict);
		return -1;
	}
	return 0;
}

void
scenario_strip_positions(struct scenario *s)
{
	for (int tid = 0; tid <= MAX_THREADS; tid++)
		for (int i = 0; i < MAX_OPS; i++) {
			s->model.threads[tid].ops[i].line = 0;
			s->model.threads[tid].ops[i].col = 0;
		}
	for (int i = 0; i < MAX_MAPDEFS; i++) {
		s->model.mapdefs[i].mmap.line = 0;
		s->model.mapdefs[i].mmap.col = 0;
	}
	for (int i = 0; i < SCN_MAX_EXPECT; i++) {
		s->expect[i].line = 0;
		s->expect[i].col = 0;
	}
}

int
scenario_bug_expectation(const struct scenario *s)
{
	for (int i = 0; i < s->nexpect; i++)
		if (s->expect[i].kind == SCN_EXPECT_BUG &&
		    strcmp(s->expect[i].verdict, "clean") != 0)
			return i;
	return -1;
}
