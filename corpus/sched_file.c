/*
 * sched_file.c: the .sched schedule file: parser, printer, atomic save.
 *
 * The parser reads a whole file held in memory, one line at a time, in a
 * fixed order (header, scenario-name, profile, knobs, the scenario block,
 * choices, steps, verdict).  Every check names file:line:col.  Nothing
 * here trusts the input: lines are checked for NUL bytes and control
 * characters before they are looked at, numbers are bounded before they
 * are stored, and the embedded scenario goes through the scenario parser,
 * whose errors are moved to their place in the .sched file.
 */
#include "corpus/sched_file.h"
#include "corpus/file_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenarios/scenario.h"

/* ------------------------------------------------------------- helpers */

const char *
verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_CLEAN:
		return "clean";
	case VERDICT_VIOLATION:
		return "violation";
	case VERDICT_DEADLOCK:
		return "deadlock";
	}
	return "?";
}

static bool
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool
is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.' ||
	    ch == '+';
}

/* a decimal number of at most `max`: 0 ok, -1 not a number, -2 too large */
static int
parse_uint(const char *s, size_t n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (max - (unsigned long)(s[i] - '0')) / 10)
			return -2;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int
sched_thread_lookup(const struct model *m, const char *name, size_t len)
{
	if (len == 0 || len >= NAME_MAX_LEN)
		return 0;
	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++)
		if (strncmp(m->threads[tid].name, name, len) == 0 &&
		    m->threads[tid].name[len] == '\0')
			return tid;
	return 0;
}

static void
list_threads(const struct model *m, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int tid = 1; tid <= m->nthreads && tid <= MAX_THREADS; tid++) {
		int k = snprintf(buf + used, len - used, "%s%s",
		    tid > 1 ? " " : "", m->threads[tid].name);
		if (k < 0 || (size_t)k >= len - used)
			break;
		used += (size_t)k;
	}
}

int
schedule_parse(const struct model *m, const char *text, size_t len,
    struct schedule *out, uint16_t *cols, int *err_col, char *msg,
    size_t msglen)
{
	size_t i = 0;

	out->n = 0;
	while (i < len) {
		size_t start, name_end, end;
		unsigned long k = 0;
		int tid;

		while (i < len && is_blank(text[i]))
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && !is_blank(text[i]))
			i++;
		end = i;
		*err_col = (int)start + 1;
		for (name_end = start; name_end < end && text[name_end] != '/';
		    name_end++)
			;
		if (name_end == start) {
			snprintf(msg, msglen, "expected a thread name before '/'");
			return -1;
		}
		tid = sched_thread_lookup(m, text + start, name_end - start);
		if (tid == 0) {
			char names[MAX_THREADS * NAME_MAX_LEN];

			list_threads(m, names, sizeof(names));
			snprintf(msg, msglen, "unknown thread '%.*s' (threads: %s)",
			    (int)(name_end - start > 40 ? 40 : name_end - start),
			    text + start, names);
			return -1;
		}
		if (name_end < end) {
			const char *f = text + name_end + 1;
			size_t fl = end - name_end - 1;
			int rc;

			*err_col = (int)(name_end + 1) + 1;
			if (fl < 2 || f[0] != 'f') {
				snprintf(msg, msglen,
				    "expected '/fK' (K-th failure point fails) after "
				    "thread '%.*s'", (int)(name_end - start),
				    text + start);
				return -1;
			}
			rc = parse_uint(f + 1, fl - 1, 1000000000ul, &k);
			if (rc == -1) {
				snprintf(msg, msglen,
				    "expected a number after '/f', got '%.*s'",
				    (int)(fl - 1 > 20 ? 20 : fl - 1), f + 1);
				return -1;
			}
			if (rc == -2 || k < 1 || k > SCHED_MAX_FAIL) {
				snprintf(msg, msglen,
				    "failure point '%.*s' out of range 1..%d",
				    (int)(fl - 1 > 20 ? 20 : fl - 1), f + 1,
				    SCHED_MAX_FAIL);
				return -1;
			}
		}
		if (out->n >= SCHED_MAX_STEPS) {
			snprintf(msg, msglen, "more than %d choices",
			    SCHED_MAX_STEPS);
			return -1;
		}
		if (cols != NULL)
			cols[out->n] = (uint16_t)(start + 1 > 65535 ? 65535 :
			    start + 1);
		out->c[out->n].tid = (uint8_t)tid;
		out->c[out->n].choice = (uint8_t)k;
		out->n++;
	}
	return 0;
}

size_t
schedule_format(const struct model *m, const struct schedule *s, char *buf,
    size_t len)
{
	size_t used = 0;

	if (len > 0)
		buf[0] = '\0';
	for (int i = 0; i < s->n; i++) {
		const char *name = s->c[i].tid >= 1 && s->c[i].tid <= MAX_THREADS ?
		    m->threads[s->c[i].tid].name : "?";
		char tok[NAME_MAX_LEN + 16];
		int k;

		if (s->c[i].choice != 0)
			k = snprintf(tok, sizeof(tok), "%s%s/f%d", i > 0 ? " " : "",
			    name, s->c[i].choice);
		else
			k = snprintf(tok, sizeof(tok), "%s%s", i > 0 ? " " : "",
			    name);
		if (k < 0)
			continue;
		if (used + (size_t)k < len)
			memcpy(buf + used, tok, (size_t)k + 1);
		used += (size_t)k;
	}
	return used;
}

/* ---------------------------------------------------- building a file */

int
sched_file_init(struct sched_file *sf, const char *scenario_name,
    const char *profile, const struct knobs *overrides,
    const uint8_t *override_mask, const char *scenario_text, size_t len)
{
	memset(sf, 0, sizeof(*sf));
	sf->version = SCHED_FORMAT_VERSION;
	snprintf(sf->scenario_name, sizeof(sf->scenario_name), "%s",
	    scenario_name != NULL ? scenario_name : "unnamed");
	snprintf(sf->profile, sizeof(sf->profile), "%s",
	    profile != NULL ? profile : "");
	if (overrides != NULL && override_mask != NULL) {
		sf->overrides = *overrides;
		memcpy(sf->override_mask, override_mask, NKNOBS);
	}
	sf->scenario_text = malloc(len + 1);
	if (sf->scenario_text == NULL)
		return -1;
	if (len > 0)
		memcpy(sf->scenario_text, scenario_text, len);
	sf->scenario_text[len] = '\0';
	sf->scenario_len = len;
	return 0;
}

void
sched_file_free(struct sched_file *sf)
{
	free(sf->scenario_text);
	sf->scenario_text = NULL;
	sf->scenario_len = 0;
}

/* ------------------------------------------------------------- parser */

struct lexer {
	const char *text;
	size_t len;
	size_t pos;		/* start of the next line */
	int lineno;		/* line number of the current line */
	const char *line;	/* current line, without '\n' (and '\r') */
	size_t n;
	const char *path;
	struct sched_error *err;
};

static int
fail(struct lexer *lx, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
fail(struct lexer *lx, int line, int col, const char *fmt, ...)
{
	va_list ap;

	snprintf(lx->err->file, sizeof(lx->err->file), "%s", lx->path);
	lx->err->line = line;
	lx->err->col = col;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof(lx->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* next raw line: 1 got one, 0 end of file, -1 bad bytes */
static int
next_raw_line(struct lexer *lx)
{
	size_t i;

	if (lx->pos >= lx->len)
		return 0;
	lx->lineno++;
	lx->line = lx->text + lx->pos;
	for (i = lx->pos; i < lx->len && lx->text[i] != '\n'; i++)
		;
	lx->n = i - lx->pos;
	lx->pos = i < lx->len ? i + 1 : i;
	if (lx->n > 0 && lx->line[lx->n - 1] == '\r')
		lx->n--;
	for (i = 0; i < lx->n; i++) {
		unsigned char ch = (unsigned char)lx->line[i];

		if (ch == 0)
			return fail(lx, lx->lineno, (int)i + 1, "NUL byte");
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return fail(lx, lx->lineno, (int)i + 1,
			    "control character 0x%02x", ch);
		if (i > 4096)
			return fail(lx, lx->lineno, (int)i + 1, "line too long");
	}
	return 1;
}

/* next line that is not blank and not a comment */
static int
next_line(struct lexer *lx)
{
	int rc;

	while ((rc = next_raw_line(lx)) == 1) {
		size_t i = 0;

		while (i < lx->n && is_blank(lx->line[i]))
			i++;
		if (i < lx->n && lx->line[i] != '#')
			return 1;
	}
	return rc;
}

struct word {
	const char *s;
	size_t n;
	int col;
};

/*
 * Split the current line into words: w has room for max + 1 of them.
 * Returns how many there are, at most max + 1 (then w[max] is the first
 * word too many, for the error message).
 */
static int
split(const struct lexer *lx, struct word *w, int max)
{
	size_t i = 0;
	int nw = 0;

	while (i < lx->n && nw <= max) {
		while (i < lx->n && is_blank(lx->line[i]))
			i++;
		if (i >= lx->n)
			break;
		w[nw].s = lx->line + i;
		w[nw].col = (int)i + 1;
		while (i < lx->n && !is_blank(lx->line[i]))
			i++;
		w[nw].n = (size_t)(lx->line + i - w[nw].s);
		nw++;
	}
	return nw;
}

static bool
word_is(const struct word *w, const char *s)
{
	return w->n == strlen(s) && memcmp(w->s, s, w->n) == 0;
}

static int
eof_error(struct lexer *lx, const char *expected)
{
	return fail(lx, lx->lineno + 1, 1, "unexpected end of file: expected %s",
	    expected);
}

static int
expect_name(struct lexer *lx, const struct word *w, char *dst, size_t dstlen,
    const char *what)
{
	if (w->n >= dstlen)
		return fail(lx, lx->lineno, w->col, "%s too long (%zu bytes, at most %zu)",
		    what, w->n, dstlen - 1);
	for (size_t i = 0; i < w->n; i++)
		if (!is_name_char(w->s[i]))
			return fail(lx, lx->lineno, w->col + (int)i,
			    "bad character in %s", what);
	memcpy(dst, w->s, w->n);
	dst[w->n] = '\0';
	return 0;
}

static int
expect_count(struct lexer *lx, int nw, int want, const struct word *w,
    const char *form)
{
	if (nw < want)
		return fail(lx, lx->lineno, (int)lx->n + 1, "expected '%s'", form);
	if (nw > want)
		return fail(lx, lx->lineno, w[want].col,
		    "unexpected '%.*s' at end of line (expected '%s')",
		    (int)(w[want].n > 32 ? 32 : w[want].n), w[want].s, form);
	return 0;
}

static int
parse_step_number(struct lexer *lx, const struct word *w, int nsteps, int *out)
{
	unsigned long v = 0;
	int rc = parse_uint(w->s, w->n, 1000000000ul, &v);

	if (rc == -1)
		return fail(lx, lx->lineno, w->col, "expected a step number, got '%.*s'",
		    (int)(w->n > 32 ? 32 : w->n), w->s);
	if (rc == -2 || v > (unsigned long)nsteps)
		return fail(lx, lx->lineno, w->col,
		    "step number '%.*s' out of range 0..%d (the schedule has %d choices)",
		    (int)(w->n > 24 ? 24 : w->n), w->s, nsteps, nsteps);
	*out = (int)v;
	return 0;
}

static int
parse_header(struct lexer *lx, struct sched_file *sf)
{
	struct word w[3];
	unsigned long v = 0;
	int nw, rc;

	rc = next_raw_line(lx);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return fail(lx, 1, 1, "empty file: expected 'uvmcheck-schedule %d'",
		    SCHED_FORMAT_VERSION);
	nw = split(lx, w, 2);
	if (nw == 0 || !word_is(&w[0], "uvmcheck-schedule") || w[0].col != 1)
		return fail(lx, lx->lineno, 1,
		    "not a uvmcheck schedule: expected 'uvmcheck-schedule %d'",
		    SCHED_FORMAT_VERSION);
	if (nw < 2)
		return fail(lx, lx->lineno, (int)lx->n + 1,
		    "expected a format version after 'uvmcheck-schedule'");
	rc = parse_uint(w[1].s, w[1].n, 1000000000ul, &v);
	if (rc == -1)
		return fail(lx, lx->lineno, w[1].col, "expected a format version, got '%.*s'",
		    (int)(w[1].n > 32 ? 32 : w[1].n), w[1].s);
	if (rc == -2 || v != SCHED_FORMAT_VERSION)
		return fail(lx, lx->lineno, w[1].col,
		    "unsupported schedule format version '%.*s' (this uvmcheck reads %d)",
		    (int)(w[1].n > 24 ? 24 : w[1].n), w[1].s, SCHED_FORMAT_VERSION);
	if (nw > 2)
		return expect_count(lx, 3, 2, w, "uvmcheck-schedule 1");
	sf->version = (int)v;
	return 0;
}

static int
parse_config(struct lexer *lx, struct sched_file *sf)
{
	struct word w[3];
	int nw, rc;

	if ((rc = next_line(lx)) <= 0)
		return rc < 0 ? -1 : eof_error(lx, "'scenario-name NAME'");
	nw = split(lx, w, 2);
	if (!word_is(&w[0], "scenario-name"))
		return fail(lx, lx->lineno, w[0].col, "expected 'scenario-name NAME'");
	if (expect_count(lx, nw, 2, w, "scenario-name NAME") < 0 ||
	    expect_name(lx, &w[1], sf->scenario_name, sizeof(sf->scenario_name),
	    "scenario name") < 0)
		return -1;

	if ((rc = next_line(lx)) <= 0)
		return rc < 0 ? -1 : eof_error(lx, "'profile NAME'");
	nw = split(lx, w, 2);
	if (!word_is(&w[0], "profile"))
		return fail(lx, lx->lineno, w[0].col, "expected 'profile NAME'");
	if (expect_count(lx, nw, 2, w, "profile NAME") < 0)
		return -1;
	if (word_is(&w[1], "-")) {
		sf->profile[0] = '\0';
	} else {
		if (expect_name(lx, &w[1], sf->profile, sizeof(sf->profile),
		    "profile name") < 0)
			return -1;
		if (profile_lookup(sf->profile) == NULL) {
			char names[256];
			size_t used = 0;

			names[0] = '\0';
			for (int i = 0; i < nprofile_descs && used < sizeof(names); i++)
				used += (size_t)snprintf(names + used,
				    sizeof(names) - used, "%s%s", i ? " " : "",
				    profile_descs[i].name);
			return fail(lx, lx->lineno, w[1].col,
			    "unknown profile '%s' (profiles: %s)", sf->profile,
			    names);
		}
	}

	for (;;) {
		char assign[128], msg[200];

		if ((rc = next_line(lx)) <= 0)
			return rc < 0 ? -1 : eof_error(lx, "'knob' or 'begin-scenario'");
		nw = split(lx, w, 2);
		if (word_is(&w[0], "begin-scenario")) {
			if (w[0].col != 1)
				return fail(lx, lx->lineno, w[0].col,
				    "'begin-scenario' must start the line");
			return expect_count(lx, nw, 1, w, "begin-scenario");
		}
		if (!word_is(&w[0], "knob"))
			return fail(lx, lx->lineno, w[0].col,
			    "expected 'knob NAME=VALUE' or 'begin-scenario', got '%.*s'",
			    (int)(w[0].n > 32 ? 32 : w[0].n), w[0].s);
		if (expect_count(lx, nw, 2, w, "knob NAME=VALUE") < 0)
			return -1;
		if (w[1].n >= sizeof(assign) || memchr(w[1].s, '=', w[1].n) == NULL)
			return fail(lx, lx->lineno, w[1].col, "expected 'NAME=VALUE'");
		memcpy(assign, w[1].s, w[1].n);
		assign[w[1].n] = '\0';
		if (knob_parse_assignment(assign, &sf->overrides, msg,
		    (int)sizeof(msg)) < 0)
			return fail(lx, lx->lineno, w[1].col, "%s", msg);
		*strchr(assign, '=') = '\0';
		sf->override_mask[knob_lookup(assign)] = 1;
	}
}

/* the lines between begin-scenario and end-scenario, each "| text" */
static int
parse_scenario_block(struct lexer *lx, struct sched_file *sf, int *first_line)
{
	size_t cap = 1024, used = 0;
	int begin = lx->lineno, rc;
	char *buf = malloc(cap);

	if (buf == NULL)
		return fail(lx, lx->lineno, 1, "out of memory");
	*first_line = lx->lineno + 1;
	for (;;) {
		const char *s;
		size_t n;

		rc = next_raw_line(lx);
		if (rc <= 0) {
			free(buf);
			return rc < 0 ? -1 : fail(lx, lx->lineno + 1, 1,
			    "unexpected end of file inside the scenario "
			    "(begin-scenario at line %d has no end-scenario)", begin);
		}
		if (lx->n == strlen("end-scenario") &&
		    memcmp(lx->line, "end-scenario", lx->n) == 0)
			break;
		if (lx->n == 0 || lx->line[0] != '|') {
			free(buf);
			return fail(lx, lx->lineno, 1,
			    "expected '| ' (a line of the embedded scenario) or "
			    "'end-scenario'");
		}
		if (lx->n >= 2 && lx->line[1] != ' ') {
			free(buf);
			return fail(lx, lx->lineno, 2,
			    "expected a blank after '|' in the embedded scenario");
		}
		s = lx->n >= 2 ? lx->line + 2 : lx->line + lx->n;
		n = lx->n >= 2 ? lx->n - 2 : 0;
		if (used + n + 2 > cap) {
			char *nb;

			while (used + n + 2 > cap)
				cap *= 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				return fail(lx, lx->lineno, 1, "out of memory");
			}
			buf = nb;
		}
		memcpy(buf + used, s, n);
		used += n;
		buf[used++] = '\n';
	}
	buf[used] = '\0';
	free(sf->scenario_text);
	sf->scenario_text = buf;
	sf->scenario_len = used;
	return 0;
}

static int
parse_embedded(struct lexer *lx, struct sched_file *sf, struct scenario *scen,
    int first_line)
{
	struct scenario_error serr;

	memset(&serr, 0, sizeof(serr));
	if (scenario_parse(sf->scenario_text, sf->scenario_len, lx->path, scen,
	    &serr) != 0) {
		int line = serr.line > 0 ? first_line + serr.line - 1 : first_line;

		return fail(lx, line, serr.col > 0 ? serr.col + 2 : 1,
		    "in the embedded scenario: %s", serr.msg);
	}
	if (scenario_apply_config(scen, sf->profile[0] != '\0' ? sf->profile :
	    NULL, &sf->overrides, sf->override_mask) != 0)
		return fail(lx, first_line, 1,
		    "cannot apply profile '%s' and knobs to the embedded scenario",
		    sf->profile);
	return 0;
}

static int
parse_choices(struct lexer *lx, struct sched_file *sf, const struct model *m)
{
	struct word w[2];
	char msg[256];
	int rc, col = 1;

	if ((rc = next_line(lx)) <= 0)
		return rc < 0 ? -1 : eof_error(lx, "'choices THREAD...'");
	if (split(lx, w, 1) < 1 || !word_is(&w[0], "choices"))
		return fail(lx, lx->lineno, w[0].col, "expected 'choices THREAD...'");
	sf->choices_line = lx->lineno;
	size_t off = (size_t)(w[0].col - 1) + w[0].n;
	if (schedule_parse(m, lx->line + off, lx->n - off, &sf->sched,
	    sf->choice_col, &col, msg, sizeof(msg)) < 0)
		return fail(lx, lx->lineno, (int)off + col, "%s", msg);
	for (int i = 0; i < sf->sched.n; i++)
		sf->choice_col[i] = (uint16_t)(sf->choice_col[i] + off);
	return 0;
}

static int
parse_step(struct lexer *lx, struct sched_file *sf, const struct model *m,
    const struct word *w, int nw, int *last)
{
	const struct word *fpw;
	uint64_t fp = 0;
	int n;
	struct sched_rec *r;
	const char *p, *pe;
	size_t k;

	if (nw < 4)
		return fail(lx, lx->lineno, (int)lx->n + 1,
		    "expected 'step N THREAD POINT fp=HEX16'");
	if (parse_step_number(lx, &w[1], sf->sched.n, &n) < 0)
		return -1;
	if (n < 1)
		return fail(lx, lx->lineno, w[1].col, "steps are numbered from 1");
	if (n <= *last)
		return fail(lx, lx->lineno, w[1].col,
		    "step %d out of order (after step %d)", n, *last);
	*last = n;
	if (sched_thread_lookup(m, w[2].s, w[2].n) != sf->sched.c[n - 1].tid) {
		int tid = sf->sched.c[n - 1].tid;

		return fail(lx, lx->lineno, w[2].col,
		    "step %d names thread '%.*s' but choice %d is '%s'", n,
		    (int)(w[2].n > 24 ? 24 : w[2].n), w[2].s, n,
		    m->threads[tid].name);
	}
	/* the last word is fp=HEX16 */
	fpw = &w[nw - 1];
	if (fpw->n < 3 || memcmp(fpw->s, "fp=", 3) != 0)
		return fail(lx, lx->lineno, fpw->col,
		    "expected 'fp=HEX16' at the end of the step line");
	if (fpw->n != 3 + 16)
		return fail(lx, lx->lineno, fpw->col + 3,
		    "expected 16 hex digits after 'fp=', got %zu characters",
		    fpw->n - 3);
	for (size_t i = 3; i < fpw->n; i++) {
		char ch = fpw->s[i];
		int d = ch >= '0' && ch <= '9' ? ch - '0' :
		    ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
		    ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;

		if (d < 0)
			return fail(lx, lx->lineno, fpw->col + (int)i,
			    "bad hex digit '%c' in fingerprint", ch);
		fp = fp << 4 | (uint64_t)d;
	}
	r = &sf->rec[n - 1];
	r->recorded = true;
	r->fp = fp;
	/* POINT: everything between the thread and fp= */
	p = w[2].s + w[2].n;
	pe = fpw->s;
	while (p < pe && is_blank(*p))
		p++;
	while (pe > p && is_blank(pe[-1]))
		pe--;
	/*
	 * Kept as the printer writes it, so that print -> parse -> print is
	 * stable: control characters as blanks, at most SCHED_POINT_LEN - 1
	 * bytes, no blank at the end (also after the cut).
	 */
	k = 0;
	for (; p < pe && k < sizeof(r->point) - 1; p++)
		r->point[k++] = (unsigned char)*p < 0x20 || *p == 0x7f ? ' ' :
		    *p;
	while (k > 0 && r->point[k - 1] == ' ')
		k--;
	r->point[k] = '\0';
	return 0;
}

static int
parse_verdict(struct lexer *lx, struct sched_file *sf, const struct word *w,
    int nw)
{
	sf->verdict_line = lx->lineno;
	if (nw < 2)
		return fail(lx, lx->lineno, (int)lx->n + 1,
		    "expected 'clean', 'deadlock step N' or 'violation INVARIANT step N'");
	if (word_is(&w[1], "clean")) {
		sf->verdict = VERDICT_CLEAN;
		return expect_count(lx, nw, 2, w, "verdict clean");
	}
	if (word_is(&w[1], "deadlock")) {
		sf->verdict = VERDICT_DEADLOCK;
		if (expect_count(lx, nw, 4, w, "verdict deadlock step N") < 0)
			return -1;
		if (!word_is(&w[2], "step"))
			return fail(lx, lx->lineno, w[2].col, "expected 'step N'");
		return parse_step_number(lx, &w[3], sf->sched.n, &sf->verdict_step);
	}
	if (word_is(&w[1], "violation")) {
		sf->verdict = VERDICT_VIOLATION;
		if (expect_count(lx, nw, 5, w,
		    "verdict violation INVARIANT step N") < 0)
			return -1;
		if (expect_name(lx, &w[2], sf->verdict_inv, sizeof(sf->verdict_inv),
		    "invariant name") < 0)
			return -1;
		if (!word_is(&w[3], "step"))
			return fail(lx, lx->lineno, w[3].col, "expected 'step N'");
		return parse_step_number(lx, &w[4], sf->sched.n, &sf->verdict_step);
	}
	return fail(lx, lx->lineno, w[1].col,
	    "unknown verdict '%.*s' (expected clean, deadlock or violation)",
	    (int)(w[1].n > 32 ? 32 : w[1].n), w[1].s);
}

static int
parse_tail(struct lexer *lx, struct sched_file *sf, const struct model *m)
{
	struct word w[64];
	int last = 0, nw, rc;

	for (;;) {
		if ((rc = next_line(lx)) <= 0)
			return rc < 0 ? -1 : eof_error(lx, "'step' or 'verdict'");
		nw = split(lx, w, 63);
		if (nw > 63)
			nw = 63;
		if (word_is(&w[0], "step")) {
			if (parse_step(lx, sf, m, w, nw, &last) < 0)
				return -1;
			continue;
		}
		if (word_is(&w[0], "verdict")) {
			if (parse_verdict(lx, sf, w, nw) < 0)
				return -1;
			break;
		}
		return fail(lx, lx->lineno, w[0].col,
		    "expected 'step' or 'verdict', got '%.*s'",
		    (int)(w[0].n > 32 ? 32 : w[0].n), w[0].s);
	}
	if ((rc = next_line(lx)) < 0)
		return -1;
	if (rc > 0)
		return fail(lx, lx->lineno, 1,
		    "unexpected text after the verdict");
	return 0;
}

int
sched_file_parse(const char *text, size_t len, const char *path,
    struct sched_file *sf, struct scenario *scen, struct sched_error *err)
{
	struct lexer lx;
	struct scenario *own = NULL;
	int first_line = 0;
	int rc = -1;

	memset(sf, 0, sizeof(*sf));
	memset(err, 0, sizeof(*err));
	memset(&lx, 0, sizeof(lx));
	lx.text = text;
	lx.len = len;
	lx.path = path != NULL ? path : "<schedule>";
	lx.err = err;
	if (scen == NULL) {
		own = calloc(1, sizeof(*own));
		if (own == NULL)
			return fail(&lx, 0, 0, "out of memory");
		scen = own;
	}
	if (len > SCHED_MAX_FILE) {
		fail(&lx, 1, 1, "file too large (%zu bytes, at most %u)", len,
		    SCHED_MAX_FILE);
		goto out;
	}
	if (parse_header(&lx, sf) < 0 || parse_config(&lx, sf) < 0 ||
	    parse_scenario_block(&lx, sf, &first_line) < 0 ||
	    parse_embedded(&lx, sf, scen, first_line) < 0 ||
	    parse_choices(&lx, sf, &scen->model) < 0 ||
	    parse_tail(&lx, sf, &scen->model) < 0)
		goto out;
	rc = 0;
out:
	free(own);
	if (rc != 0)
		sched_file_free(sf);
	return rc;
}

int
sched_file_load(const char *path, struct sched_file *sf, struct scenario *scen,
    struct sched_error *err)
{
	FILE *fp;
	char *buf;
	size_t cap = 8192, len = 0, n;
	int rc;

	memset(sf, 0, sizeof(*sf));
	memset(err, 0, sizeof(*err));
	snprintf(err->file, sizeof(err->file), "%s", path);
	fp = fopen(path, "rb");
	if (fp == NULL) {
		snprintf(err->msg, sizeof(err->msg), "cannot open: %s",
		    strerror(errno));
		return -1;
	}
	buf = malloc(cap);
	while (buf != NULL && (n = fread(buf + len, 1, cap - len, fp)) > 0) {
		len += n;
		if (len > SCHED_MAX_FILE)
			break;
		if (len == cap) {
			char *nb = realloc(buf, cap * 2);

			if (nb == NULL) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (buf == NULL || ferror(fp)) {
		snprintf(err->msg, sizeof(err->msg), "cannot read: %s",
		    buf == NULL ? "out of memory" : strerror(errno));
		free(buf);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	rc = sched_file_parse(buf, len, path, sf, scen, err);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------- printer */

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (k < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)k < b->cap - b->len) {
			b->len += (size_t)k;
			return;
		}
		size_t ncap = b->cap * 2 + (size_t)k;
		char *ns = realloc(b->s, ncap);

		if (ns == NULL) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = ncap;
	}
}

static const char *
thread_name(const struct model *m, int tid)
{
	if (tid < 1 || tid > MAX_THREADS || m->threads[tid].name[0] == '\0')
		return "?";
	return m->threads[tid].name;
}

int
sched_file_format(const struct sched_file *sf, const struct model *m,
    char **out, size_t *outlen)
{
	struct sbuf b = { malloc(4096), 0, 4096, false };
	const char *s, *e, *end;

	if (b.s == NULL)
		return -1;
	sb_printf(&b, "uvmcheck-schedule %d\n", SCHED_FORMAT_VERSION);
	sb_printf(&b, "scenario-name %s\n", sf->scenario_name[0] != '\0' ?
	    sf->scenario_name : "unnamed");
	sb_printf(&b, "profile %s\n", sf->profile[0] != '\0' ? sf->profile : "-");
	for (int k = 0; k < NKNOBS; k++) {
		if (!sf->override_mask[k])
			continue;
		int v = sf->overrides.v[k];
		const char *vn = v < knob_nvalues(k) ?
		    knob_descs[k].values[v] : NULL;

		if (vn != NULL)
			sb_printf(&b, "knob %s=%s\n", knob_descs[k].name, vn);
	}
	sb_printf(&b, "begin-scenario\n");
	s = sf->scenario_text != NULL ? sf->scenario_text : "";
	end = s + (sf->scenario_text != NULL ? sf->scenario_len : 0);
	while (s < end) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (e == NULL)
			e = end;
		size_t n = (size_t)(e - s);

		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n == 0)
			sb_printf(&b, "|\n");
		else
			sb_printf(&b, "| %.*s\n", (int)n, s);
		s = e < end ? e + 1 : end;
	}
	sb_printf(&b, "end-scenario\n");
	sb_printf(&b, "choices");
	for (int i = 0; i < sf->sched.n; i++) {
		if (sf->sched.c[i].choice != 0)
			sb_printf(&b, " %s/f%d", thread_name(m, sf->sched.c[i].tid),
			    sf->sched.c[i].choice);
		else
			sb_printf(&b, " %s", thread_name(m, sf->sched.c[i].tid));
	}
	sb_printf(&b, "\n");
	for (int i = 0; i < sf->sched.n; i++) {
		const struct sched_rec *r = &sf->rec[i];
		char point[SCHED_POINT_LEN];
		size_t j;

		if (!r->recorded)
			continue;
		/* the point is free text: keep it printable and on one line */
		for (j = 0; r->point[j] != '\0' && j < sizeof(point) - 1; j++)
			point[j] = (unsigned char)r->point[j] < 0x20 ||
			    r->point[j] == 0x7f ? ' ' : r->point[j];
		point[j] = '\0';
		sb_printf(&b, "step %d %s %s%sfp=%016llx\n", i + 1,
		    thread_name(m, sf->sched.c[i].tid), point,
		    point[0] != '\0' ? " " : "", (unsigned long long)r->fp);
	}
	switch (sf->verdict) {
	case VERDICT_CLEAN:
		sb_printf(&b, "verdict clean\n");
		break;
	case VERDICT_DEADLOCK:
		sb_printf(&b, "verdict deadlock step %d\n", sf->verdict_step);
		break;
	case VERDICT_VIOLATION:
		sb_printf(&b, "verdict violation %s step %d\n",
		    sf->verdict_inv[0] != '\0' ? sf->verdict_inv : "unknown",
		    sf->verdict_step);
		break;
	}
	if (b.oom) {
		free(b.s);
		return -1;
	}
	*out = b.s;
	*outlen = b.len;
	return 0;
}

int
sched_file_save(const char *path, const struct sched_file *sf,
    const struct model *m, char *err, size_t errlen)
{
	char *text;
	size_t len;
	enum fw_status st;

	if (sched_file_format(sf, m, &text, &len) != 0) {
		snprintf(err, errlen, "out of memory: %s", path);
		return FW_FAILED;
	}
	st = file_write_buf(path, text, len, err, errlen);
	free(text);
	return st;
}

void
sched_error_print(const struct sched_error *err, FILE *out)
{
	if (err->line > 0)
		fprintf(out, "%s:%d:%d: error: %s\n", err->file, err->line,
		    err->col, err->msg);
	else
		fprintf(out, "%s: error: %s\n", err->file, err->msg);
}
