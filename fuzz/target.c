/*
 * target.c: what a fuzz campaign fuzzes (target.h): the file the CLI
 * writes and the harnesses read, and the decoder's current target.
 */
#include "fuzz/target.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"

#define TARGET_MAGIC	"uvmcheck-fuzz-target 1"

static struct fuzz_target cur;
static struct scenario cur_scn;
static struct gen_like *cur_like;
static bool cur_set;

void
fuzz_config_label(const char *profile, const struct knobs *ov,
    const uint8_t *mask, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "%s", profile != NULL &&
	    profile[0] != '\0' ? profile : "fixed");

	for (int k = 0; k < NKNOBS && used < len; k++) {
		int v = ov->v[k];

		if (!mask[k])
			continue;
		used += (size_t)snprintf(buf + used, len - used, "+%s=%s",
		    knob_descs[k].name, knob_value_name(k, v));
	}
}

struct out {
	char *buf;
	size_t len, pos;
	bool full;
};

static void put(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->pos) {
		o->full = true;
		return;
	}
	o->pos += (size_t)n;
}

int
fuzz_target_format(const struct fuzz_target *t, char *buf, size_t len)
{
	struct out o = { buf, len, 0, len == 0 };

	put(&o, "%s\n", TARGET_MAGIC);
	put(&o, "mode %s\n", t->mode == FUZZ_GENERATE ? "gen" : "sched");
	if (t->pinned) {
		put(&o, "profile %s\n", t->profile[0] != '\0' ? t->profile :
		    "fixed");
		for (int k = 0; k < NKNOBS; k++)
			if (t->mask[k])
				put(&o, "knob %s=%s\n", knob_descs[k].name,
				    knob_value_name(k, t->overrides.v[k]));
	}
	if (t->gen.ops != 0) {
		bool first = true;

		put(&o, "ops ");
		for (int k = 0; k < 64; k++)
			if (t->gen.ops & ((uint64_t)1 << k)) {
				put(&o, "%s%s", first ? "" : ",", op_name(k));
				first = false;
			}
		put(&o, "\n");
	}
	if (t->gen.max_pages > 0)
		put(&o, "pages %d\n", t->gen.max_pages);
	if (t->gen.max_procs > 0)
		put(&o, "procs %d\n", t->gen.max_procs);
	if (t->gen.max_threads > 0)
		put(&o, "threads %d\n", t->gen.max_threads);
	if (t->has_scenario) {
		const char *p = t->scn_text;

		put(&o, "begin-scenario %s\n", t->scn_name);
		while (*p != '\0') {
			size_t n = strcspn(p, "\n");

			put(&o, "| %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
		put(&o, "end-scenario\n");
	}
	return o.full ? -1 : (int)o.pos;
}

int
fuzz_target_parse(const char *text, size_t len, struct fuzz_target *t,
    char *err, size_t errlen)
{
	char line[SCN_LINE_MAX + 8], word[32];
	size_t pos = 0, used = 0;
	int lineno = 0;
	bool in_scn = false, ended = false;

	memset(t, 0, sizeof(*t));
	while (pos < len) {
		size_t n = 0;

		while (pos + n < len && text[pos + n] != '\n')
			n++;
		lineno++;
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "line %d: too long", lineno);
			return -1;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (lineno == 1) {
			if (strcmp(line, TARGET_MAGIC) != 0) {
				snprintf(err, errlen, "not a uvmcheck fuzz "
				    "target (no '%s' line)", TARGET_MAGIC);
				return -1;
			}
			continue;
		}
		if (in_scn) {
			if (strcmp(line, "end-scenario") == 0) {
				in_scn = false;
				ended = true;
				continue;
			}
			if (strncmp(line, "| ", 2) != 0 && strcmp(line, "|")) {
				snprintf(err, errlen, "line %d: expected '| ' "
				    "or end-scenario", lineno);
				return -1;
			}
			used += (size_t)snprintf(t->scn_text + used,
			    sizeof(t->scn_text) - used, "%s\n",
			    line[1] != '\0' ? line + 2 : "");
			if (used >= sizeof(t->scn_text)) {
				snprintf(err, errlen, "scenario too long");
				return -1;
			}
			continue;
		}
		word[0] = '\0';
		sscanf(line, "%31s", word);
		if (strcmp(word, "mode") == 0) {
			if (strcmp(line, "mode gen") == 0)
				t->mode = FUZZ_GENERATE;
			else if (strcmp(line, "mode sched") == 0)
				t->mode = FUZZ_SCHEDULE;
			else
				goto bad;
		} else if (strcmp(word, "profile") == 0) {
			if (sscanf(line, "profile %31s", t->profile) != 1 ||
			    profile_lookup(t->profile) == NULL)
				goto bad;
			t->pinned = true;
		} else if (strcmp(word, "knob") == 0) {
			char kerr[128], name[64];
			int k;

			if (sscanf(line, "knob %63[^=]", name) != 1 ||
			    (k = knob_lookup(name)) < 0 ||
			    knob_parse_assignment(line + 5, &t->overrides,
			    kerr, (int)sizeof(kerr)) != 0)
				goto bad;
			t->mask[k] = 1;
			t->pinned = true;
		} else if (strcmp(word, "ops") == 0) {
			char list[sizeof(line)], *save = NULL;

			snprintf(list, sizeof(list), "%s", line + 4);
			for (char *w = strtok_r(list, ",", &save); w != NULL;
			    w = strtok_r(NULL, ",", &save)) {
				int k = op_lookup(w);

				if (k < 0 || k >= 64)
					goto bad;
				t->gen.ops |= (uint64_t)1 << k;
			}
		} else if (strcmp(word, "pages") == 0) {
			if (sscanf(line, "pages %d", &t->gen.max_pages) != 1)
				goto bad;
		} else if (strcmp(word, "procs") == 0) {
			if (sscanf(line, "procs %d", &t->gen.max_procs) != 1)
				goto bad;
		} else if (strcmp(word, "threads") == 0) {
			if (sscanf(line, "threads %d", &t->gen.max_threads) != 1)
				goto bad;
		} else if (strcmp(word, "begin-scenario") == 0) {
			if (t->has_scenario || sscanf(line,
			    "begin-scenario %47s", t->scn_name) != 1)
				goto bad;
			t->has_scenario = true;
			in_scn = true;
		} else if (line[0] != '\0') {
			goto bad;
		}
	}
	if (lineno == 0 || in_scn || (t->has_scenario && !ended)) {
		snprintf(err, errlen, "%s", lineno == 0 ? "empty" :
		    "no end-scenario line");
		return -1;
	}
	return 0;
bad:
	snprintf(err, errlen, "line %d: cannot read '%.60s'", lineno, line);
	return -1;
}

int
fuzz_target_load(const char *path, struct fuzz_target *t, char *err,
    size_t errlen)
{
	static char buf[SCN_TEXT_MAX * 2 + 4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (n == sizeof(buf)) {
		snprintf(err, errlen, "%s: too long", path);
		return -1;
	}
	return fuzz_target_parse(buf, n, t, err, errlen);
}

int
fuzz_set_target(const struct fuzz_target *t, char *err, size_t errlen)
{
	struct scenario_error se;

	cur_set = false;
	fuzz_like_free(cur_like);
	cur_like = NULL;
	if (t == NULL)
		return 0;
	if (t != &cur)
		cur = *t;
	if (cur.has_scenario) {
		if (scenario_parse(cur.scn_text, strlen(cur.scn_text),
		    cur.scn_name, &cur_scn, &se) != 0) {
			snprintf(err, errlen, "%s:%d:%d: %s", se.file, se.line,
			    se.col, se.msg);
			return -1;
		}
		if (cur.mode == FUZZ_GENERATE && fuzz_like_prepare(cur.scn_text,
		    &cur.gen, &cur_like, err, errlen) != 0)
			return -1;
	}
	cur_set = true;
	return 0;
}

const struct fuzz_target *
fuzz_get_target(void)
{
	return cur_set ? &cur : NULL;
}

const struct scenario *
fuzz_target_scenario(void)
{
	return cur_set && cur.has_scenario ? &cur_scn : NULL;
}

const struct gen_like *
fuzz_target_like(void)
{
	return cur_set ? cur_like : NULL;
}

int
fuzz_target_from_env(char *err, size_t errlen)
{
	const char *path = getenv(FUZZ_TARGET_ENV);
	static struct fuzz_target t;

	if (path == NULL || *path == '\0')
		return fuzz_set_target(NULL, err, errlen);
	if (fuzz_target_load(path, &t, err, errlen) != 0)
		return -1;
	return fuzz_set_target(&t, err, errlen);
}
