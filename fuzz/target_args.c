/*
 * target_args.c: a fuzz target from the words of `uvmcheck fuzz`
 * (fuzz/target_args.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/model.h"
#include "fuzz/library.h"
#include "fuzz/target_args.h"

static int
lib_find(const char *name)
{
	for (int i = 0; i < fuzz_library_n; i++)
		if (strcmp(fuzz_library[i].name, name) == 0)
			return i;
	return -1;
}

static bool
is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL || (n > 4 &&
	    strcmp(arg + n - 4, ".scn") == 0 && access(arg, F_OK) == 0);
}

int
fuzz_target_add_scenario(struct fuzz_target *t, const char *opt,
    const char *arg)
{
	struct scenario *s;
	struct scenario_error err;
	const char *path = arg;
	size_t len;
	int idx;

	if (is_path(arg)) {
		FILE *f = fopen(arg, "rb");

		if (f == NULL) {
			fprintf(stderr, "uvmcheck fuzz: %s%s%s: %s\n", opt,
			    *opt != '\0' ? " " : "", arg, strerror(errno));
			return -1;
		}
		len = fread(t->scn_text, 1, sizeof(t->scn_text), f);
		fclose(f);
		if (len >= sizeof(t->scn_text)) {
			fprintf(stderr, "uvmcheck fuzz: %s: longer than %d "
			    "bytes\n", arg, SCN_TEXT_MAX);
			return -1;
		}
		t->scn_text[len] = '\0';
	} else if ((idx = lib_find(arg)) >= 0) {
		snprintf(t->scn_text, sizeof(t->scn_text), "%s",
		    fuzz_library[idx].text);
		len = strlen(t->scn_text);
		path = fuzz_library[idx].name;
	} else {
		fprintf(stderr, "uvmcheck fuzz: %s%s'%s': no such file, nor a "
		    "library scenario (uvmcheck list scenarios)\n", opt,
		    *opt != '\0' ? " " : "", arg);
		return -1;
	}
	if (strlen(t->scn_text) != len) {
		fprintf(stderr, "uvmcheck fuzz: %s: not a text file (NUL "
		    "byte)\n", arg);
		return -1;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		fprintf(stderr, "uvmcheck fuzz: out of memory\n");
		return -1;
	}
	if (scenario_parse(t->scn_text, len, path, s, &err) != 0) {
		scenario_error_print(&err, stderr);
		free(s);
		return -1;
	}
	snprintf(t->scn_name, sizeof(t->scn_name), "%s", s->name);
	free(s);
	t->has_scenario = true;
	return 0;
}

int
fuzz_target_add_ops(struct fuzz_target *t, const char *list, bool like)
{
	char buf[1024], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", list);
	for (char *w = strtok_r(buf, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save)) {
		int k = op_lookup(w);

		if (k < 0 || k >= 64 || (!like && !gen_op_made(k))) {
			fprintf(stderr, "uvmcheck fuzz: --ops: '%s' is not an "
			    "operation the generator makes (", w);
			for (int j = 1, first = 1; j < NOPS && j < 64; j++)
				if (gen_op_made(j)) {
					fprintf(stderr, "%s%s", first ? "" : " ",
					    op_name(j));
					first = 0;
				}
			fprintf(stderr, "%s)\n", like ? "; with --like, any "
			    "operation of the language" : "");
			return -1;
		}
		t->gen.ops |= (uint64_t)1 << k;
	}
	if (t->gen.ops == 0) {
		fprintf(stderr, "uvmcheck fuzz: --ops: an empty list\n");
		return -1;
	}
	return 0;
}
