/*
 * lexer.c: scenario text -> tokens, with the line and column of each.
 *
 * The lexer checks each line as a whole before it hands out the line's
 * first token: a NUL byte or another control character anywhere on the
 * line (comments included), or a line longer than SCN_LINE_MAX, is an
 * error at its own column, so nothing later ever sees such bytes.  Within
 * a checked line it splits words and punctuation; bytes above 0x7f are
 * allowed in comments only.  The lexer never reads past `end` and never
 * writes into the text.
 */
#include "scenarios/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/knobs.h"

void
scn_lex_init(struct lexer *lx, const char *text, size_t len)
{
	lx->p = text;
	lx->end = text + len;
	lx->line_start = text;
	lx->line = 1;
	lx->line_checked = false;
	lx->finished = false;
}

static int
lex_error(struct lexer *lx, const char *at, struct scenario_error *err,
    const char *fmt, ...)
{
	va_list ap;

	err->line = lx->line;
	err->col = (int)(at - lx->line_start) + 1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * lex_check_line: look at every byte of the line starting at line_start.
 * => stops at the first bad byte, or SCN_LINE_MAX + 1 bytes in.
 */
static int
lex_check_line(struct lexer *lx, struct scenario_error *err)
{
	const char *q = lx->line_start;

	for (; q < lx->end && *q != '\n'; q++) {
		unsigned char c = (unsigned char)*q;

		if (q - lx->line_start >= SCN_LINE_MAX)
			return lex_error(lx, q, err,
			    "line is longer than %d characters", SCN_LINE_MAX);
		if (c == '\0')
			return lex_error(lx, q, err,
			    "NUL byte in scenario text");
		if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
			return lex_error(lx, q, err,
			    "unexpected control character 0x%02x", c);
	}
	lx->line_checked = true;
	return 0;
}

static bool
word_byte(const char *q, const char *end)
{
	unsigned char c = (unsigned char)*q;

	if (c <= 0x20 || c >= 0x7f || c == ':' || c == ';' || c == '#')
		return false;
	if (c == '-' && q + 1 < end && q[1] == '>')
		return false;
	return true;
}

static void
tok_set(struct lexer *lx, struct token *t, int kind, const char *s, int len)
{
	t->kind = kind;
	t->s = s;
	t->len = len;
	t->line = lx->line;
	t->col = (int)(s - lx->line_start) + 1;
}

int
scn_lex_next(struct lexer *lx, struct token *t, struct scenario_error *err)
{
	for (;;) {
		if (lx->p == lx->end) {
			/* a last line without '\n' still ends with an EOL */
			if (!lx->finished && lx->line_start < lx->end) {
				tok_set(lx, t, TOK_EOL, lx->p, 0);
				lx->finished = true;
				return 0;
			}
			lx->finished = true;
			tok_set(lx, t, TOK_EOF, lx->p, 0);
			return 0;
		}
		if (!lx->line_checked && lex_check_line(lx, err) != 0)
			return -1;

		unsigned char c = (unsigned char)*lx->p;

		if (c == ' ' || c == '\t' || c == '\r') {
			lx->p++;
			continue;
		}
		if (c == '#') {
			while (lx->p < lx->end && *lx->p != '\n')
				lx->p++;
			continue;
		}
		if (c == '\n') {
			tok_set(lx, t, TOK_EOL, lx->p, 0);
			lx->p++;
			lx->line++;
			lx->line_start = lx->p;
			lx->line_checked = false;
			return 0;
		}
		if (c == ':' || c == ';') {
			tok_set(lx, t, c == ':' ? TOK_COLON : TOK_SEMI,
			    lx->p, 1);
			lx->p++;
			return 0;
		}
		if (c == '-' && lx->p + 1 < lx->end && lx->p[1] == '>') {
			tok_set(lx, t, TOK_ARROW, lx->p, 2);
			lx->p += 2;
			return 0;
		}
		if (c >= 0x80)
			return lex_error(lx, lx->p, err,
			    "unexpected byte 0x%02x (scenarios are ASCII outside comments)",
			    c);

		const char *s = lx->p;

		while (lx->p < lx->end && word_byte(lx->p, lx->end))
			lx->p++;
		tok_set(lx, t, TOK_WORD, s, (int)(lx->p - s));
		return 0;
	}
}

const char *
scn_tok_describe(const struct token *t, char *buf, size_t len)
{
	switch (t->kind) {
	case TOK_EOF:
		snprintf(buf, len, "end of file");
		break;
	case TOK_EOL:
		snprintf(buf, len, "end of line");
		break;
	case TOK_COLON:
		snprintf(buf, len, "':'");
		break;
	case TOK_SEMI:
		snprintf(buf, len, "';'");
		break;
	case TOK_ARROW:
		snprintf(buf, len, "'->'");
		break;
	default:
		if (t->len > 32)
			snprintf(buf, len, "'%.32s...'", t->s);
		else
			snprintf(buf, len, "'%.*s'", t->len, t->s);
		break;
	}
	return buf;
}

bool
scn_tok_is(const struct token *t, const char *word)
{
	size_t n = strlen(word);

	return t->kind == TOK_WORD && (size_t)t->len == n &&
	    memcmp(t->s, word, n) == 0;
}

/* ------------------------------------------------------------ values */

/*
 * What a word spells: numbers, names, protections, knob assignments,
 * profiles and verdicts.  Each checker that can fail fills *err with the
 * line and column of the offending bytes and says what was expected.
 */

int
scn_error(struct scenario_error *err, int line, int col, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->line = line;
	err->col = col > 0 ? col : 1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int
scn_expected(struct scenario_error *err, const struct token *t,
    const char *what)
{
	char d[48];

	return scn_error(err, t->line, t->col, "expected %s, got %s", what,
	    scn_tok_describe(t, d, sizeof(d)));
}

/* copy a word into buf; false if it does not fit */
bool
scn_tok_copy(const struct token *t, char *buf, size_t len)
{
	if (t->kind != TOK_WORD || (size_t)t->len >= len)
		return false;
	memcpy(buf, t->s, (size_t)t->len);
	buf[t->len] = '\0';
	return true;
}

/* "a page count" -> "page count", for "page count 0 is out of range" */
static const char *
noun(const char *what)
{
	if (strncmp(what, "a ", 2) == 0)
		return what + 2;
	if (strncmp(what, "an ", 3) == 0)
		return what + 3;
	return what;
}

/*
 * scn_val_number: a decimal number in s[0..len) that must lie in min..max.
 * => what names the value in messages ("VA", "a page count"); ctx says
 *    where it stands ("after 'touch'").
 */
int
scn_val_number(struct scenario_error *err, const char *s, int len, int line,
    int col, const char *what, const char *ctx, long min, long max, long *out)
{
	long v = 0;

	if (len == 0)
		return scn_error(err, line, col,
		    "expected %s (a number) %s, got nothing", what, ctx);
	for (int i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return scn_error(err, line, col,
			    "expected %s (a number) %s, got '%.*s'", what, ctx,
			    len > 32 ? 32 : len, s);
		if (v > 100000000L)
			return scn_error(err, line, col,
			    "number '%.*s' is too large",
			    len > 32 ? 32 : len, s);
		v = v * 10 + (s[i] - '0');
	}
	if (v < min || v > max)
		return scn_error(err, line, col,
		    "%s %ld is out of range (%ld..%ld)", noun(what), v, min,
		    max);
	*out = v;
	return 0;
}

bool
scn_val_name_byte(char c, bool first)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
		return true;
	if (first)
		return false;
	return (c >= '0' && c <= '9') || c == '_' || c == '-';
}

int
scn_val_prot(struct scenario_error *err, const char *s, int len, int line,
    int col, const char *ctx, int *out)
{
	int prot = 0;

	if (len == 4 && memcmp(s, "none", 4) == 0) {
		*out = VM_PROT_NONE;
		return 0;
	}
	for (int i = 0; i < len; i++) {
		int bit = s[i] == 'r' ? VM_PROT_READ : s[i] == 'w' ?
		    VM_PROT_WRITE : s[i] == 'x' ? VM_PROT_EXECUTE : 0;

		if (bit == 0 || (prot & bit) != 0 || len > 3)
			return scn_error(err, line, col,
			    "expected a protection (letters r, w, x or 'none') %s, got '%.*s'",
			    ctx, len > 32 ? 32 : len, s);
		prot |= bit;
	}
	if (prot == 0)
		return scn_error(err, line, col,
		    "expected a protection (letters r, w, x or 'none') %s", ctx);
	*out = prot;
	return 0;
}

/*
 * scn_val_knob: one K=V (or K: its first non-fixed value) into k/mask.
 * => every knob at most once per line (dup_line tracks it across lines
 *    for `bug`; NULL for one `expect` line).
 */
int
scn_val_knob(struct scenario_error *err, const struct token *t, struct knobs *k,
    uint8_t *mask, int *dup_line)
{
	char name[64], val[64];
	const char *eq;
	int n, knob, v;

	if (t->kind != TOK_WORD)
		return scn_expected(err, t, "a knob assignment NAME=VALUE");
	eq = memchr(t->s, '=', (size_t)t->len);
	n = eq != NULL ? (int)(eq - t->s) : t->len;
	if (n == 0)
		return scn_expected(err, t, "a knob assignment NAME=VALUE");
	if (n >= (int)sizeof(name))
		return scn_error(err, t->line, t->col,
		    "unknown knob '%.32s...'", t->s);
	memcpy(name, t->s, (size_t)n);
	name[n] = '\0';
	knob = knob_lookup(name);
	if (knob < 0)
		return scn_error(err, t->line, t->col,
		    "unknown knob '%s' ('uvmcheck list bugs' prints the knobs)",
		    name);
	if (mask[knob] && dup_line != NULL)
		return scn_error(err, t->line, t->col,
		    "knob '%s' is already set at line %d", name,
		    dup_line[knob]);
	if (mask[knob])
		return scn_error(err, t->line, t->col,
		    "knob '%s' is set twice on this line", name);
	if (eq == NULL) {
		v = 1;
	} else {
		int vlen = t->len - n - 1;
		int vcol = t->col + n + 1;

		if (vlen <= 0 || vlen >= (int)sizeof(val))
			v = -1;
		else {
			memcpy(val, eq + 1, (size_t)vlen);
			val[vlen] = '\0';
			v = knob_value_lookup(knob, val);
		}
		if (v < 0) {
			char vals[128];
			int len = 0;

			vals[0] = '\0';
			for (int i = 0; i < knob_nvalues(knob); i++)
				len += snprintf(vals + len,
				    sizeof(vals) - (size_t)len,
				    "%s%s", i > 0 ? ", " : "",
				    knob_descs[knob].values[i]);
			return scn_error(err, t->line, vcol,
			    "unknown value '%.*s' for knob %s (values: %s)",
			    vlen > 32 ? 32 : vlen, eq + 1, name, vals);
		}
	}
	k->v[knob] = (uint8_t)v;
	mask[knob] = 1;
	if (dup_line != NULL)
		dup_line[knob] = t->line;
	return 0;
}

const struct profile_desc *
scn_val_profile(struct scenario_error *err, const struct token *t)
{
	char name[SCN_PROFILE_MAX];
	const struct profile_desc *pd = NULL;

	if (t->kind != TOK_WORD) {
		scn_expected(err, t, "a profile name");
		return NULL;
	}
	if (scn_tok_copy(t, name, sizeof(name)))
		pd = profile_lookup(name);
	if (pd == NULL) {
		char list[160], d[48];
		int len = 0;

		list[0] = '\0';
		for (int i = 0; i < nprofile_descs; i++)
			len += snprintf(list + len, sizeof(list) - (size_t)len,
			    "%s%s", i > 0 ? ", " : "", profile_descs[i].name);
		scn_error(err, t->line, t->col,
		    "unknown profile %s (profiles: %s)",
		    scn_tok_describe(t, d, sizeof(d)), list);
	}
	return pd;
}

bool
scn_val_verdict_ok(const char *s, int len)
{
	/* kebab-case: [a-z][a-z0-9]*(-[a-z0-9]+)* */
	if (len == 0 || s[0] < 'a' || s[0] > 'z' || s[len - 1] == '-')
		return false;
	for (int i = 1; i < len; i++) {
		char c = s[i];

		if (c == '-' && s[i - 1] != '-')
			continue;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

void
scenario_error_print(const struct scenario_error *err, FILE *f)
{
	if (err->line == 0)
		fprintf(f, "%s: error: %s\n", err->file, err->msg);
	else
		fprintf(f, "%s:%d:%d: error: %s\n", err->file, err->line,
		    err->col, err->msg);
}
