/*
 * sched_dir.c: the .sched files under a directory (corpus/sched_dir.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "corpus/file_write.h"
#include "corpus/path.h"
#include "corpus/sched_dir.h"

#define SCHED_DIR_DEPTH	8

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* dir's entries but the hidden ones, sorted; their count, or -2 */
static int
list_names(const char *dir, char ***names)
{
	DIR *d;
	struct dirent *de;
	int n = 0, cap = 0;

	*names = NULL;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		char **nn;

		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			if ((nn = realloc(*names, (size_t)cap *
			    sizeof(*nn))) == NULL)
				break;
			*names = nn;
		}
		if (((*names)[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	if (de != NULL) {	/* stopped early: out of memory */
		while (n > 0)
			free((*names)[--n]);
		free(*names);
		*names = NULL;
		fprintf(stderr, "uvmcheck: out of memory\n");
		return -2;
	}
	if (n > 1)
		qsort(*names, (size_t)n, sizeof(**names), cmp_str);
	return n;
}

static int
walk(const char *dir, int depth, const char *what,
    void (*fn)(void *arg, const char *path), void *arg)
{
	char **names, path[FW_PATH_MAX];
	int n, rc = 0;

	if (depth > SCHED_DIR_DEPTH)
		return 0;
	if ((n = list_names(dir, &names)) < 0)
		return n;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		struct stat st;

		if (rc == 0 && path_format(path, sizeof(path), what, "%s/%s",
		    dir, names[i]) != 0)
			rc = -1;
		if (rc == 0 && stat(path, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				rc = walk(path, depth + 1, what, fn, arg);
			else if (S_ISREG(st.st_mode) && len > 6 &&
			    strcmp(names[i] + len - 6, ".sched") == 0)
				fn(arg, path);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
sched_dir_walk(const char *dir, const char *what,
    void (*fn)(void *arg, const char *path), void *arg)
{
	return walk(dir, 0, what, fn, arg);
}
