/*
 * lexer.h: tokens of the scenario language (private to scenarios/).
 *
 * The text is read line by line.  A token is a word (a run of printable
 * ASCII other than ':', ';' and '#'), or one of the punctuation tokens
 * ':', ';' and "->" (which also end a word).  '#' starts a comment that
 * runs to the end of the line.  Spaces, tabs and carriage returns
 * separate tokens.  Every line ends with a TOK_EOL token, the text with
 * TOK_EOF.  Bytes that have no place in a scenario (NUL, other control
 * characters, non-ASCII outside comments) and lines longer than
 * SCN_LINE_MAX are errors at their own line and column.
 *
 * lexer.c also checks what a word spells (numbers, names, protections,
 * knob assignments, profiles, verdicts) for the parser.
 */
#ifndef UVMCHECK_SCENARIO_LEXER_H
#define UVMCHECK_SCENARIO_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenarios/scenario.h"

enum tok_kind {
	TOK_EOF = 0, TOK_EOL, TOK_WORD, TOK_COLON, TOK_SEMI, TOK_ARROW
};

struct token {
	int kind;		/* enum tok_kind */
	const char *s;		/* the token's bytes in the text */
	int len;
	int line, col;		/* 1-based */
};

struct lexer {
	const char *p;		/* next byte */
	const char *end;
	const char *line_start;
	int line;
	bool line_checked;	/* the current line passed lex_check_line */
	bool finished;		/* the last line's EOL was handed out */
};

void scn_lex_init(struct lexer *lx, const char *text, size_t len);
/* the next token; 0, or -1 with err's line, col and msg filled */
int scn_lex_next(struct lexer *lx, struct token *t, struct scenario_error *err);
/* a token as an error message shows it: 'word', ':' or "end of line" */
const char *scn_tok_describe(const struct token *t, char *buf, size_t len);
bool scn_tok_is(const struct token *t, const char *word);
/* copy a word into buf; false if it does not fit */
bool scn_tok_copy(const struct token *t, char *buf, size_t len);

/*
 * values: each returns 0, or -1 with *err filled; err NULL: -1 only, no
 * message formatted (a caller whose context costs formatting asks first
 * without, and again with err once it reports).
 */
int scn_error(struct scenario_error *err, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* "expected WHAT, got T" at t */
int scn_expected(struct scenario_error *err, const struct token *t,
    const char *what);
int scn_val_number(struct scenario_error *err, const char *s, int len, int line,
    int col, const char *what, const char *ctx, long min, long max,
    long *out);
int scn_val_prot(struct scenario_error *err, const char *s, int len, int line,
    int col, const char *ctx, int *out);
int scn_val_knob(struct scenario_error *err, const struct token *t,
    struct knobs *k, uint8_t *mask, int *dup_line);
/* NULL (with *err filled) if t names no profile */
const struct profile_desc *scn_val_profile(struct scenario_error *err,
    const struct token *t);
bool scn_val_name_byte(char c, bool first);
bool scn_val_verdict_ok(const char *s, int len);

#endif
