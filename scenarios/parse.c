/*
 * parse.c: scenario text -> struct scenario (docs/scenario-language.md).
 *
 * One pass over the lines, one directive per line:
 *
 *	scenario NAME                     first, once
 *	world KEY=N ...                   tunables (once; defaults otherwise)
 *	vnode NAME [pages=N] [resident=N] objects, in index order
 *	aobj NAME [pages=N]
 *	proc NAME [forked]                processes, in index order
 *	map PROC VA OBJ|anon OFF N shared|private PROT [options]
 *	thread NAME PROC [clone]: OP; OP; ...
 *	kthread NAME KIND                 threads share one index space
 *	profile NAME | bug K=V ... | expect CONFIG -> VERDICT | bound K=N ...
 *
 * Names resolve to 1-based indices into struct model's tables.  A
 * directive line may only name what earlier lines declared; an operation
 * may also name a thread, process or object declared further down (a
 * `clone` usually does): such references wait in p->refs and are
 * resolved at the end of the text.  Then the whole-scenario checks run:
 * some thread exists, every forked process is forked and every clone
 * thread cloned exactly once, every thread can start, the resident pages
 * fit in memory.  The first error stops the parse; errors come in text
 * order, except that an unresolved forward reference and the
 * whole-scenario checks can only be reported at the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/lexer.h"
#include "core/engine.h"
#include "scenarios/scenario.h"

#define LINE_MAX_TOKENS	512
#define MAX_SYMS	(MAX_OBJS + MAX_PROCS + MAX_THREADS)
#define MAX_REFS	(MAX_THREADS * MAX_OPS)

enum sym_kind { SYM_OBJ = 1, SYM_PROC, SYM_THREAD };

static const char *const sym_kind_names[] = {
	[SYM_OBJ] = "object", [SYM_PROC] = "process", [SYM_THREAD] = "thread",
};
static const char *const sym_kind_a[] = {
	[SYM_OBJ] = "an object", [SYM_PROC] = "a process",
	[SYM_THREAD] = "a thread",
};

struct sym {
	char name[NAME_MAX_LEN];
	uint8_t kind;		/* enum sym_kind */
	uint8_t index;		/* into objs[], procs[] or threads[] */
	int line;
};

/* an operation argument naming something declared further down */
struct ref {
	char name[NAME_MAX_LEN];
	uint8_t kind;		/* enum sym_kind wanted */
	uint8_t tid, opi, argi;
	int line, col;
};

struct parser {
	struct scenario *s;
	struct scenario_error *err;
	struct lexer lx;
	int ntok, pos;				/* tokens of tok[], the next */
	struct token end;			/* the EOL or EOF ending it */
	struct sym syms[MAX_SYMS];
	int nsyms;
	struct ref refs[MAX_REFS];
	int nrefs;
	/* where things were first said, for "already ... at line N" */
	int scenario_line, world_line, profile_line, depth_line, restarts_line;
	int knob_line[NKNOBS];
	int kthread_line[KT_INTR + 1];
	int proc_line[MAX_PROCS + 1], proc_col[MAX_PROCS + 1];
	int thread_line[MAX_THREADS + 1], thread_col[MAX_THREADS + 1];
	int res_line[MAX_OBJS + 1], res_col[MAX_OBJS + 1];
	bool clone_marked[MAX_THREADS + 1];
	int forked_at[MAX_PROCS + 1];		/* line of the fork op */
	int cloned_at[MAX_THREADS + 1];	/* line of the clone op */
	/*
	 * Last: scenario_parse clears the parser up to here; tok[] holds
	 * the current line's tokens, read only below ntok.
	 */
	struct token tok[LINE_MAX_TOKENS];
};

/* ------------------------------------------------------------ errors */

static int perr_at(struct parser *p, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
perr_at(struct parser *p, int line, int col, const char *fmt, ...)
{
	va_list ap;

	p->err->line = line;
	p->err->col = col > 0 ? col : 1;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

#define perr(p, t, ...) perr_at((p), (t)->line, (t)->col, __VA_ARGS__)

static int
expected(struct parser *p, const struct token *t, const char *what)
{
	char d[48];

	return perr(p, t, "expected %s, got %s", what,
	    scn_tok_describe(t, d, sizeof(d)));
}

/*
 * Where a token stands, for the message of an error at it ("after
 * 'vnode'", "after 'mmap VA N'"): either written out, or argument i of an
 * operation, whose words are only put together when an error is
 * reported (parse_arg runs for every argument of every operation).
 */
struct pctx {
	const char *text;		/* the context as written, or NULL: */
	const struct op_desc *op;	/* after the arguments before ... */
	int argi;			/* ... this one of op */
};

#define PCTX(s)	(&(const struct pctx){ .text = (s) })

static void arg_ctx(const struct op_desc *d, int i, bool quoted, char *buf,
    size_t len);

/* the context's words (in buf when they have to be put together) */
static const char *
pctx_str(const struct pctx *c, char *buf, size_t len)
{
	if (c->text != NULL)
		return c->text;
	arg_ctx(c->op, c->argi, true, buf, len);
	return buf;
}

/* "WHAT CONTEXT", the thing expected at a token */
static const char *
pctx_what(const char *what, const struct pctx *c, char *buf, size_t len)
{
	char ctx[96];

	/* cut to len - 1 bytes, as the callers' buffers always cut it */
	if (snprintf(buf, len, "%s %s", what, pctx_str(c, ctx,
	    sizeof(ctx))) < 0)
		buf[0] = '\0';
	return buf;
}

/*
 * scn_val_number, with the context formatted only when the value is
 * wrong: the message and its position are the ones scn_val_number gives.
 */
static int
num_val(struct parser *p, const char *s, int len, int line, int col,
    const char *what, const struct pctx *c, long min, long max, long *out)
{
	char ctx[96];

	if (scn_val_number(NULL, s, len, line, col, what, "", min, max,
	    out) == 0)
		return 0;
	return scn_val_number(p->err, s, len, line, col, what,
	    pctx_str(c, ctx, sizeof(ctx)), min, max, out);
}

/*
 * snprintf(dst, len, "%s", src) without a format to interpret: names are
 * copied for every declaration and reference the parser reads.
 */
static void
str_copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (len == 0)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ------------------------------------------------------------ tokens */

static int
read_line(struct parser *p)
{
	struct token t;

	p->ntok = 0;
	p->pos = 0;
	for (;;) {
		if (scn_lex_next(&p->lx, &t, p->err) != 0)
			return -1;
		if (t.kind == TOK_EOL || t.kind == TOK_EOF) {
			p->end = t;
			return 0;
		}
		if (p->ntok == LINE_MAX_TOKENS)
			return perr(p, &t,
			    "too many tokens on one line (at most %d)",
			    LINE_MAX_TOKENS);
		p->tok[p->ntok++] = t;
	}
}

static const struct token *
peek(const struct parser *p)
{
	return p->pos < p->ntok ? &p->tok[p->pos] : &p->end;
}

static const struct token *
next(struct parser *p)
{
	const struct token *t = peek(p);

	if (p->pos < p->ntok)
		p->pos++;
	return t;
}

static bool
at_end(const struct parser *p)
{
	return p->pos >= p->ntok;
}

static int
expect_end(struct parser *p, const char *after)
{
	if (at_end(p))
		return 0;
	return perr(p, peek(p), "expected end of line after %s, got %s", after,
	    scn_tok_describe(peek(p), (char[48]){ 0 }, 48));
}

/* ----------------------------------------------------------- numbers */

static int
num_tok(struct parser *p, const char *what, const struct pctx *c, long min,
    long max, long *out)
{
	const struct token *t = next(p);

	if (t->kind != TOK_WORD) {
		char w[96];

		return expected(p, t, pctx_what(what, c, w, sizeof(w)));
	}
	return num_val(p, t->s, t->len, t->line, t->col, what, c, min, max,
	    out);
}

/* KEY=VALUE: split a word; value_col is the value's column */
static int
kv_split(struct parser *p, const struct token *t, const char *what,
    char *key, size_t keylen, const char **val, int *vallen, int *valcol)
{
	const char *eq = t->kind == TOK_WORD ? memchr(t->s, '=',
	    (size_t)t->len) : NULL;

	if (eq == NULL || eq == t->s)
		return expected(p, t, what);
	if ((size_t)(eq - t->s) >= keylen)
		return perr(p, t, "unknown key '%.*s'",
		    (int)(eq - t->s) > 32 ? 32 : (int)(eq - t->s), t->s);
	memcpy(key, t->s, (size_t)(eq - t->s));
	key[eq - t->s] = '\0';
	*val = eq + 1;
	*vallen = t->len - (int)(eq - t->s) - 1;
	*valcol = t->col + (int)(eq - t->s) + 1;
	return 0;
}

/* ------------------------------------------------------------- names */

/* a name of an object, process or thread */
static int
name_tok(struct parser *p, const char *what, const struct pctx *c,
    char *out, const struct token **tp)
{
	const struct token *t = next(p);
	char w[96];

	*tp = t;
	if (t->kind != TOK_WORD)
		return expected(p, t, pctx_what(what, c, w, sizeof(w)));
	for (int i = 0; i < t->len; i++)
		if (!scn_val_name_byte(t->s[i], i == 0)) {
			char d[48];

			return perr(p, t,
			    "expected %s (a name: a letter, then letters, digits, '_' or '-'), got %s",
			    pctx_what(what, c, w, sizeof(w)),
			    scn_tok_describe(t, d, sizeof(d)));
		}
	if (!scn_tok_copy(t, out, NAME_MAX_LEN))
		return perr(p, t,
		    "name '%.24s...' is too long (at most %d characters)", t->s,
		    NAME_MAX_LEN - 1);
	return 0;
}

static struct sym *
sym_find(struct parser *p, const char *name)
{
	for (int i = 0; i < p->nsyms; i++)
		if (strcmp(p->syms[i].name, name) == 0)
			return &p->syms[i];
	return NULL;
}

static int
sym_add(struct parser *p, const struct token *t, const char *name, int kind,
    int index)
{
	struct sym *y = sym_find(p, name);

	if (strcmp(name, "anon") == 0)
		return perr(p, t,
		    "'anon' is reserved (it names anonymous memory)");
	if (y != NULL)
		return perr(p, t, "'%s' is already declared as %s at line %d",
		    name, sym_kind_a[y->kind], y->line);
	y = &p->syms[p->nsyms++];
	str_copy(y->name, sizeof(y->name), name);
	y->kind = (uint8_t)kind;
	y->index = (uint8_t)index;
	y->line = t->line;
	return 0;
}

/* a name that an earlier line must have declared */
static int
declared(struct parser *p, const struct token *t, const char *name, int kind,
    const char *decl)
{
	struct sym *y = sym_find(p, name);

	if (y == NULL)
		return perr(p, t,
		    "unknown %s '%s' (declare it with '%s %s' before this line)",
		    sym_kind_names[kind], name, decl, name);
	if (y->kind != kind)
		return perr(p, t, "'%s' is %s, not %s", name,
		    sym_kind_a[y->kind], sym_kind_a[kind]);
	return y->index;
}

/* -------------------------------------------------------- protections */

static int
prot_tok(struct parser *p, const struct pctx *c, int *out)
{
	const struct token *t = next(p);
	char w[96];

	if (t->kind != TOK_WORD)
		return expected(p, t, pctx_what(
		    "a protection (r, w, x or 'none')", c, w, sizeof(w)));
	if (scn_val_prot(NULL, t->s, t->len, t->line, t->col, "", out) == 0)
		return 0;
	return scn_val_prot(p->err, t->s, t->len, t->line, t->col,
	    pctx_str(c, w, sizeof(w)), out);
}

/* ------------------------------------------------------------- knobs */

/* --------------------------------------------------------- directives */

static int
d_scenario(struct parser *p, const struct token *d)
{
	const struct token *t = next(p);

	if (p->scenario_line != 0)
		return perr(p, d,
		    "duplicate 'scenario' line (first at line %d)",
		    p->scenario_line);
	if (t->kind != TOK_WORD)
		return expected(p, t, "a scenario name after 'scenario'");
	for (int i = 0; i < t->len; i++) {
		char c = t->s[i];
		bool digit = c >= '0' && c <= '9';

		if (!(scn_val_name_byte(c, true) || digit ||
		    (i > 0 && (c == '_' || c == '-' || c == '.'))))
			return perr(p, t,
			    "expected a scenario name (a letter or digit, then letters, digits, '_', '-' or '.'), got %s",
			    scn_tok_describe(t, (char[48]){ 0 }, 48));
	}
	if (!scn_tok_copy(t, p->s->name, sizeof(p->s->name)))
		return perr(p, t,
		    "scenario name is too long (at most %d characters)",
		    SCN_NAME_MAX - 1);
	str_copy(p->s->model.name, sizeof(p->s->model.name), p->s->name);
	p->scenario_line = d->line;
	return expect_end(p, "the scenario name");
}

enum { W_PAGES, W_SWAP, W_FREEMIN, W_FREETARG, W_RESERVE, W_FAILURES,
	W_INTRSAFE, NWKEYS };

static const struct {
	const char *key;
	long max;
} world_keys[NWKEYS] = {
	[W_PAGES] = { "pages", MAX_PAGES },
	[W_SWAP] = { "swap", MAX_SWAP },
	[W_FREEMIN] = { "freemin", MAX_PAGES },
	[W_FREETARG] = { "freetarg", MAX_PAGES },
	[W_RESERVE] = { "reserve", MAX_PAGES },
	[W_FAILURES] = { "failures", 16 },
	[W_INTRSAFE] = { "intrsafe", 1 },
};

static int
d_world(struct parser *p, const struct token *d)
{
	struct tunables *tun = &p->s->model.tun;
	int col[NWKEYS] = { 0 };
	long v[NWKEYS];

	if (p->world_line != 0)
		return perr(p, d, "duplicate 'world' line (first at line %d)",
		    p->world_line);
	p->world_line = d->line;
	v[W_PAGES] = tun->npages;
	v[W_SWAP] = tun->nswap;
	v[W_FREEMIN] = tun->freemin;
	v[W_FREETARG] = tun->freetarg;
	v[W_RESERVE] = tun->reserve;
	v[W_FAILURES] = tun->failures;
	v[W_INTRSAFE] = tun->intrsafe_kmem;
	while (!at_end(p)) {
		const struct token *t = next(p);
		char key[16], ctx[32];
		const char *val = NULL;
		int vlen = 0, vcol = 0, k;

		if (kv_split(p, t, "a world setting KEY=N", key, sizeof(key),
		    &val, &vlen, &vcol) != 0)
			return -1;
		for (k = 0; k < NWKEYS; k++)
			if (strcmp(world_keys[k].key, key) == 0)
				break;
		if (k == NWKEYS)
			return perr(p, t,
			    "unknown world setting '%s' (settings: pages, swap, freemin, freetarg, reserve, failures, intrsafe)",
			    key);
		if (col[k] != 0)
			return perr(p, t, "'%s' is set twice", key);
		if (scn_val_number(NULL, val, vlen, t->line, vcol, key, "",
		    k == W_PAGES ? 1 : 0, world_keys[k].max, &v[k]) != 0) {
			snprintf(ctx, sizeof(ctx), "after '%s='", key);
			return scn_val_number(p->err, val, vlen, t->line, vcol,
			    key, ctx, k == W_PAGES ? 1 : 0, world_keys[k].max,
			    &v[k]);
		}
		col[k] = t->col;
	}
	/* cross checks: at the later of the two keys the user wrote */
#define WCHECK(cond, a, b, ...) do {					\
	if (!(cond))							\
		return perr_at(p, d->line,				\
		    col[a] > col[b] ? col[a] : col[b], __VA_ARGS__);	\
} while (0)
	WCHECK(v[W_FREEMIN] <= v[W_FREETARG], W_FREEMIN, W_FREETARG,
	    "freemin (%ld) is above freetarg (%ld)", v[W_FREEMIN],
	    v[W_FREETARG]);
	WCHECK(v[W_FREETARG] <= v[W_PAGES], W_FREETARG, W_PAGES,
	    "freetarg (%ld) is above pages (%ld)", v[W_FREETARG], v[W_PAGES]);
	/*
	 * uvm_pdaemon.c uvmpd_tune (1.2xx, 2020): "Make sure there's
	 * always a user page free": freemin >= reserve_kernel + 1 and
	 * freetarg > freemin.  The model lets freemin be 0 (never kick the
	 * pagedaemon early) but not the level it frees up to: with freetarg
	 * <= reserve the pagedaemon stops before an ordinary allocation can
	 * succeed, and every fault waiting for memory cycles forever.
	 */
	WCHECK(v[W_FREETARG] > v[W_RESERVE], W_FREETARG, W_RESERVE,
	    "freetarg (%ld) must be above reserve (%ld): a fault's page "
	    "comes from above the reserve, and the kernel keeps freetarg > "
	    "freemin >= reserve_kernel + 1 (uvm_pdaemon.c uvmpd_tune: "
	    "\"Make sure there's always a user page free\")",
	    v[W_FREETARG], v[W_RESERVE]);
	WCHECK(v[W_RESERVE] < v[W_PAGES], W_RESERVE, W_PAGES,
	    "reserve (%ld) leaves no page of the %ld for ordinary allocations",
	    v[W_RESERVE], v[W_PAGES]);
#undef WCHECK
	tun->npages = (uint8_t)v[W_PAGES];
	tun->nswap = (uint8_t)v[W_SWAP];
	tun->freemin = (uint8_t)v[W_FREEMIN];
	tun->freetarg = (uint8_t)v[W_FREETARG];
	tun->reserve = (uint8_t)v[W_RESERVE];
	tun->failures = (uint8_t)v[W_FAILURES];
	tun->intrsafe_kmem = (uint8_t)v[W_INTRSAFE];
	return 0;
}

/* vnode NAME [pages=N] [resident=N]; aobj NAME [pages=N] */
static int
d_object(struct parser *p, const struct token *d, int type)
{
	struct model *m = &p->s->model;
	const struct token *nt;
	char name[NAME_MAX_LEN];
	bool have_pages = false, have_res = false;
	long pages = 1, resident = 0;
	int o, open = OPEN_RW;

	if (name_tok(p, "an object name", PCTX(type == UOBJ_VNODE ?
	    "after 'vnode'" : "after 'aobj'"), name, &nt) != 0)
		return -1;
	if (m->nobjs >= MAX_OBJS)
		return perr(p, nt, "too many objects (at most %d)", MAX_OBJS);
	o = m->nobjs + 1;
	if (sym_add(p, nt, name, SYM_OBJ, o) != 0)
		return -1;
	while (!at_end(p)) {
		const struct token *t = next(p);
		char key[16];
		const char *val = NULL;
		int vlen = 0, vcol = 0;

		if (kv_split(p, t, type == UOBJ_VNODE ?
		    "pages=N, resident=N or open=MODE" : "pages=N", key, sizeof(key), &val,
		    &vlen, &vcol) != 0)
			return -1;
		if (strcmp(key, "pages") == 0) {
			if (have_pages)
				return perr(p, t, "'pages' is set twice");
			have_pages = true;
			if (scn_val_number(p->err, val, vlen, t->line, vcol,
			    "pages", "after 'pages='", 1, VA_PAGES, &pages) != 0)
				return -1;
		} else if (strcmp(key, "open") == 0 && type == UOBJ_VNODE) {
			static const char *const modes[] = {
				[OPEN_RW] = "rw", [OPEN_R] = "r", [OPEN_W] = "w",
				[OPEN_CLOSED] = "closed",
			};
			int mode = -1;

			for (int i = 0; i <= OPEN_CLOSED; i++)
				if ((int)strlen(modes[i]) == vlen &&
				    memcmp(modes[i], val, (size_t)vlen) == 0)
					mode = i;
			if (mode < 0)
				return perr_at(p, t->line, vcol,
				    "expected 'r', 'w', 'rw' or 'closed' after 'open=', got '%.*s'",
				    vlen > 32 ? 32 : vlen, val);
			open = mode;
		} else if (strcmp(key, "resident") == 0 && type == UOBJ_VNODE) {
			if (have_res)
				return perr(p, t, "'resident' is set twice");
			have_res = true;
			if (scn_val_number(p->err, val, vlen, t->line, vcol,
			    "resident", "after 'resident='", 0, VA_PAGES, &resident) != 0)
				return -1;
			p->res_line[o] = t->line;
			p->res_col[o] = t->col;
		} else {
			return perr(p, t,
			    "unknown %s setting '%s' (expected %s)",
			    type == UOBJ_VNODE ? "vnode" : "aobj", key,
			    type == UOBJ_VNODE ? "pages=N, resident=N or open=r|w|rw|closed" :
			    "pages=N");
		}
	}
	if (resident > pages)
		return perr_at(p, p->res_line[o], p->res_col[o],
		    "resident (%ld) is more than the object's %ld pages",
		    resident, pages);
	m->nobjs++;
	str_copy(m->objs[o].name, sizeof(m->objs[o].name), name);
	m->objs[o].type = (uint8_t)type;
	m->objs[o].size = (uint8_t)pages;
	m->objs[o].resident = (uint8_t)resident;
	m->objs[o].open = (uint8_t)open;
	(void)d;
	return 0;
}

static int
d_vnode(struct parser *p, const struct token *d)
{
	return d_object(p, d, UOBJ_VNODE);
}

static int
d_aobj(struct parser *p, const struct token *d)
{
	return d_object(p, d, UOBJ_AOBJ);
}

static int
d_proc(struct parser *p, const struct token *d)
{
	struct model *m = &p->s->model;
	const struct token *nt;
	char name[NAME_MAX_LEN];
	int i;

	(void)d;
	if (name_tok(p, "a process name", PCTX("after 'proc'"), name, &nt) != 0)
		return -1;
	if (m->nprocs >= MAX_PROCS)
		return perr(p, nt, "too many processes (at most %d)",
		    MAX_PROCS);
	i = m->nprocs + 1;
	if (sym_add(p, nt, name, SYM_PROC, i) != 0)
		return -1;
	while (!at_end(p)) {
		const struct token *t = next(p);

		if (scn_tok_is(t, "forked")) {
			if (m->procs[i].forked)
				return perr(p, t, "'forked' is given twice");
			m->procs[i].forked = true;
		} else if (t->kind == TOK_WORD && t->len > 8 &&
		    memcmp(t->s, "memlock=", 8) == 0) {
			long v;

			if (m->procs[i].has_memlock)
				return perr(p, t, "'memlock' is set twice");
			if (scn_val_number(p->err, t->s + 8, t->len - 8, t->line,
			    t->col + 8, "a page count", "after 'memlock='", 0,
			    VA_PAGES, &v) != 0)
				return -1;
			m->procs[i].has_memlock = true;
			m->procs[i].memlock = (uint8_t)v;
		} else {
			return expected(p, t,
			    "'forked', 'memlock=N' or end of line");
		}
	}
	m->nprocs++;
	str_copy(m->procs[i].name, sizeof(m->procs[i].name), name);
	p->proc_line[i] = nt->line;
	p->proc_col[i] = nt->col;
	return 0;
}

/*
 * mapping_tail: shared|private PROT [maxprot=P] [inherit=I] [wired],
 * the part that `map` lines and `mmap` operations share.
 * => args 0..3 (va npages obj off) are set; sets 4..7.
 */
static int
mapping_tail(struct parser *p, struct op *op, const char *what)
{
	const struct token *t = next(p), *maxt = NULL, *inht = NULL,
	    *wiredt = NULL;
	int flags, prot, maxprot = VM_PROT_ALL, inherit;
	char ctx[64];

	if (scn_tok_is(t, "shared"))
		flags = MMAP_SHARED;
	else if (scn_tok_is(t, "private"))
		flags = MMAP_PRIVATE;
	else {
		snprintf(ctx, sizeof(ctx),
		    "'shared' or 'private' after the %s's offset", what);
		return expected(p, t, ctx);
	}
	inherit = flags == MMAP_SHARED ? MAP_INHERIT_SHARE : MAP_INHERIT_COPY;
	if (prot_tok(p, PCTX(flags == MMAP_SHARED ? "after 'shared'" :
	    "after 'private'"), &prot) != 0)
		return -1;
	while (peek(p)->kind == TOK_WORD) {
		char key[16];
		const char *val, *eq;
		int vlen = 0, vcol = 0;

		t = next(p);
		if (scn_tok_is(t, "wired")) {
			if (wiredt != NULL)
				return perr(p, t, "'wired' is given twice");
			wiredt = t;
			flags |= MMAP_WIRED;
			continue;
		}
		if (scn_tok_is(t, "fixed") && strcmp(what, "mmap") == 0) {
			if (flags & MMAP_FIXED)
				return perr(p, t, "'fixed' is given twice");
			flags |= MMAP_FIXED;
			continue;
		}
		eq = memchr(t->s, '=', (size_t)t->len);
		if (eq == NULL || eq == t->s ||
		    (size_t)(eq - t->s) >= sizeof(key))
			goto unknown;
		memcpy(key, t->s, (size_t)(eq - t->s));
		key[eq - t->s] = '\0';
		val = eq + 1;
		vlen = t->len - (int)(eq - t->s) - 1;
		vcol = t->col + (int)(eq - t->s) + 1;
		if (strcmp(key, "maxprot") == 0) {
			if (maxt != NULL)
				return perr(p, t, "'maxprot' is given twice");
			maxt = t;
			if (scn_val_prot(p->err, val, vlen, t->line, vcol,
			    "after 'maxprot='", &maxprot) != 0)
				return -1;
		} else if (strcmp(key, "inherit") == 0) {
			if (inht != NULL)
				return perr(p, t, "'inherit' is given twice");
			inht = t;
			if (vlen == 5 && memcmp(val, "share", 5) == 0)
				inherit = MAP_INHERIT_SHARE;
			else if (vlen == 4 && memcmp(val, "copy", 4) == 0)
				inherit = MAP_INHERIT_COPY;
			else if (vlen == 4 && memcmp(val, "none", 4) == 0)
				inherit = MAP_INHERIT_NONE;
			else if (vlen == 4 && memcmp(val, "zero", 4) == 0)
				inherit = MAP_INHERIT_ZERO;
			else
				return perr_at(p, t->line, vcol,
				    "expected 'share', 'copy', 'none' or 'zero' after 'inherit=', got '%.*s'",
				    vlen > 32 ? 32 : vlen, val);
		} else {
			goto unknown;
		}
		continue;
unknown:
		return perr(p, t,
		    "unknown %s option %s (options: maxprot=PROT, inherit=share|copy|none|zero, wired%s)",
		    what, scn_tok_describe(t, (char[48]){ 0 }, 48),
		    strcmp(what, "mmap") == 0 ? ", fixed" : "");
	}
	if ((prot & ~maxprot) != 0) {
		char b1[8], b2[8];

		return perr(p, maxt != NULL ? maxt : t,
		    "protection '%s' exceeds maxprot '%s'",
		    scenario_prot_name(prot, b1),
		    scenario_prot_name(maxprot, b2));
	}
	op->arg[4] = (uint8_t)flags;
	op->arg[5] = (uint8_t)prot;
	op->arg[6] = (uint8_t)maxprot;
	op->arg[7] = (uint8_t)inherit;
	return 0;
}

/* a word that starts like a number */
static bool
is_number(const struct token *t)
{
	return t->kind == TOK_WORD && t->s[0] >= '0' && t->s[0] <= '9';
}

/* map PROC VA OBJ|anon OFF N shared|private PROT [options] */
static int
d_map(struct parser *p, const struct token *d)
{
	struct model *m = &p->s->model;
	struct map_def *md;
	const struct token *t, *vat;
	char name[NAME_MAX_LEN];
	long va, off, n;
	int proc, obj = 0;

	if (name_tok(p, "a process name", PCTX("after 'map'"), name, &t) != 0)
		return -1;
	if ((proc = declared(p, t, name, SYM_PROC, "proc")) < 0)
		return -1;
	if (m->procs[proc].forked)
		return perr(p, t,
		    "process '%s' is forked: it inherits its mappings from its parent",
		    name);
	if (m->nmapdefs >= MAX_MAPDEFS)
		return perr(p, d, "too many 'map' lines (at most %d)",
		    MAX_MAPDEFS);
	vat = peek(p);
	if (num_tok(p, "VA", PCTX("after 'map PROC'"), 0, VA_PAGES - 1, &va) != 0)
		return -1;
	t = peek(p);
	if (scn_tok_is(t, "anon")) {
		next(p);
	} else {
		if (is_number(t))
			return perr(p, t,
			    "expected an object name or 'anon' after 'map PROC VA', got '%.*s' (map reads PROC VA OBJ OFF N; the mmap operation reads VA N OBJ OFF)",
			    t->len > 32 ? 32 : t->len, t->s);
		if (name_tok(p, "an object name or 'anon'",
		    PCTX("after 'map PROC VA'"), name, &t) != 0)
			return -1;
		if ((obj = declared(p, t, name, SYM_OBJ, "vnode")) < 0)
			return -1;
	}
	t = peek(p);
	if (num_tok(p, "an object offset", PCTX("after the object"), 0, VA_PAGES - 1,
	    &off) != 0)
		return -1;
	if (obj == 0 && off != 0)
		return perr(p, t, "an anonymous mapping has offset 0, not %ld",
		    off);
	t = peek(p);
	if (num_tok(p, "a page count", PCTX("after the object offset"), 1, VA_PAGES,
	    &n) != 0)
		return -1;
	if (va + n > VA_PAGES)
		return perr(p, t,
		    "pages %ld..%ld run past the end of the address space (VA 0..%d)",
		    va, va + n - 1, VA_PAGES - 1);
	if (obj != 0 && off + n > m->objs[obj].size)
		return perr(p, t,
		    "pages %ld..%ld of '%s' run past its end (%d pages)", off,
		    off + n - 1, m->objs[obj].name, m->objs[obj].size);
	for (int i = 0; i < m->nmapdefs; i++) {
		const struct op *o = &m->mapdefs[i].mmap;

		if (m->mapdefs[i].proc == proc && va < o->arg[0] + o->arg[1] &&
		    o->arg[0] < va + n)
			return perr(p, vat,
			    "mapping of pages %ld..%ld overlaps the one at line %d",
			    va, va + n - 1, o->line);
	}
	md = &m->mapdefs[m->nmapdefs];
	md->proc = (uint8_t)proc;
	md->mmap.kind = OP_MMAP;
	md->mmap.arg[0] = (uint8_t)va;
	md->mmap.arg[1] = (uint8_t)n;
	md->mmap.arg[2] = (uint8_t)obj;
	md->mmap.arg[3] = (uint8_t)off;
	md->mmap.line = (uint16_t)d->line;
	md->mmap.col = (uint16_t)d->col;
	if (mapping_tail(p, &md->mmap, "mapping") != 0)
		return -1;
	m->nmapdefs++;
	return 0;
}

/* --------------------------------------------------------- operations */

/* the kind of the argument that fills slot `argi` of an operation */
static int
arg_kind_at(int opkind, int argi)
{
	const struct op_desc *d = op_desc(opkind);

	for (int i = 0; d != NULL && i < d->nsig; i++)
		if (d->sig[i].slot == argi)
			return d->sig[i].kind;
	return 0;
}

/*
 * ref_check: what an operation may name, once the name is resolved.
 * => a fork's child is a `forked` process, forked once; a clone's thread
 *    a `clone` thread of the caller's own process, cloned once; a vnode
 *    argument a vnode.
 */
static int
ref_check(struct parser *p, int tid, int opi, int argi, int index, int line,
    int col)
{
	struct model *m = &p->s->model;
	const struct thread_def *td = &m->threads[tid];
	const struct op *op = &td->ops[opi];

	switch (arg_kind_at(op->kind, argi)) {
	case OA_CHILD:
		if (index == td->proc)
			return perr_at(p, line, col,
			    "process '%s' cannot fork itself",
			    m->procs[index].name);
		if (!m->procs[index].forked)
			return perr_at(p, line, col,
			    "fork creates process '%s', so declare it 'proc %s forked'",
			    m->procs[index].name, m->procs[index].name);
		if (p->forked_at[index] != 0)
			return perr_at(p, line, col,
			    "process '%s' is already forked at line %d",
			    m->procs[index].name, p->forked_at[index]);
		p->forked_at[index] = line;
		break;
	case OA_CLONE:
		if (!p->clone_marked[index])
			return perr_at(p, line, col,
			    "clone starts thread '%s', so declare it 'thread %s %s clone: ...'",
			    m->threads[index].name, m->threads[index].name,
			    m->threads[index].kthread != KT_NONE ? "PROC" :
			    m->procs[m->threads[index].proc].name);
		if (m->threads[index].proc != td->proc)
			return perr_at(p, line, col,
			    "thread '%s' belongs to process '%s', not to '%s' (clone starts an LWP in the caller's process)",
			    m->threads[index].name,
			    m->procs[m->threads[index].proc].name,
			    m->procs[td->proc].name);
		if (p->cloned_at[index] != 0)
			return perr_at(p, line, col,
			    "thread '%s' is already cloned at line %d",
			    m->threads[index].name, p->cloned_at[index]);
		p->cloned_at[index] = line;
		break;
	case OA_VNODE:
		if (m->objs[index].type != UOBJ_VNODE)
			return perr_at(p, line, col,
			    "%s needs a vnode; '%s' is an aobj",
			    op_name(op->kind), m->objs[index].name);
		break;
	default:
		break;
	}
	return 0;
}

/* an operation argument naming an object, process or thread */
static int
op_name_arg(struct parser *p, int tid, int opi, int argi, int kind,
    const char *what, const struct pctx *c)
{
	struct op *op = &p->s->model.threads[tid].ops[opi];
	const struct token *t;
	struct sym *y;
	char name[NAME_MAX_LEN];

	if (name_tok(p, what, c, name, &t) != 0)
		return -1;
	y = sym_find(p, name);
	if (y != NULL) {
		if (y->kind != kind)
			return perr(p, t, "'%s' is %s, not %s", name,
			    sym_kind_a[y->kind], sym_kind_a[kind]);
		op->arg[argi] = y->index;
		return ref_check(p, tid, opi, argi, y->index, t->line,
		    t->col);
	}
	/* declared further down (or nowhere): resolved at the end */
	struct ref *r = &p->refs[p->nrefs++];

	str_copy(r->name, sizeof(r->name), name);
	r->kind = (uint8_t)kind;
	r->tid = (uint8_t)tid;
	r->opi = (uint8_t)opi;
	r->argi = (uint8_t)argi;
	r->line = t->line;
	r->col = t->col;
	return 0;
}

/* "after 'NAME A B'": the context of argument i, naming those before it */
static void
arg_ctx(const struct op_desc *d, int i, bool quoted, char *buf, size_t len)
{
	size_t n;

	snprintf(buf, len, "after %s%s", quoted ? "'" : "", d->name);
	for (int j = 0; j < i; j++) {
		n = strlen(buf);
		snprintf(buf + n, len - n, " %s", d->sig[j].placeholder);
	}
	n = strlen(buf);
	if (quoted)
		snprintf(buf + n, len - n, "'");
}

/* `a`, `a or b`, `a, b or c`: an OA_WORD's choices */
static void
word_choices(const struct op_word *words, char *buf, size_t len)
{
	int nw = 0;

	while (words[nw].word != NULL)
		nw++;
	buf[0] = '\0';
	for (int i = 0; i < nw; i++) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, "%s'%s'", i == 0 ? "" :
		    i == nw - 1 ? " or " : ", ", words[i].word);
	}
}

/* the value token t stands for among words, or -1 */
static int
word_value(const struct token *t, const struct op_word *words)
{
	for (int k = 0; words[k].word != NULL; k++)
		if (scn_tok_is(t, words[k].word))
			return words[k].value;
	return -1;
}

/*
 * parse_arg: one argument of an operation, as its registry entry's
 * signature says (core/registry.h enum op_arg_kind).  va and n carry the
 * VA and page count to the arguments checked against them.
 */
static int
parse_arg(struct parser *p, int tid, int opi, const struct op_desc *d, int i,
    long *va, long *n, bool *anon)
{
	const struct op_arg *a = &d->sig[i];
	struct op *op = &p->s->model.threads[tid].ops[opi];
	const struct token *t;
	const struct pctx *c = &(const struct pctx){ .op = d, .argi = i };
	char ctx[96], w[160], name[NAME_MAX_LEN];
	long v;
	int prot;

	switch (a->kind) {
	case OA_VA:
	case OA_KVA:
		if (num_tok(p, a->what, c, 0, VA_PAGES - 1, &v) != 0)
			return -1;
		op->arg[a->slot] = (uint8_t)v;
		*va = v;
		return 0;
	case OA_NPAGES:
		t = peek(p);
		if (!is_number(t) && t->kind == TOK_WORD && i + 1 < d->nsig &&
		    d->sig[i + 1].kind == OA_MAP_OBJ)
			/* VA then a name: the order of a map line */
			return perr(p, t,
			    "expected a page count %s, got %s (%s reads VA N OBJ OFF; a map line reads PROC VA OBJ OFF N)",
			    pctx_str(c, ctx, sizeof(ctx)),
			    scn_tok_describe(t, (char[48]){ 0 }, 48),
			    d->name);
		if (num_tok(p, a->what, c, 1, VA_PAGES, n) != 0)
			return -1;
		if (*va + *n > VA_PAGES)
			return perr(p, t,
			    "pages %ld..%ld run past the end of the address space (VA 0..%d)",
			    *va, *va + *n - 1, VA_PAGES - 1);
		op->arg[a->slot] = (uint8_t)*n;
		return 0;
	case OA_MAP_OBJ:
		*anon = scn_tok_is(peek(p), "anon");
		if (*anon) {
			next(p);
			op->arg[a->slot] = 0;
			return 0;
		}
		return op_name_arg(p, tid, opi, a->slot, SYM_OBJ, a->what, c);
	case OA_MAP_OFF:
		t = peek(p);
		if (num_tok(p, a->what, c, 0, VA_PAGES - 1, &v) != 0)
			return -1;
		if (*anon && v != 0)
			return perr(p, t,
			    "an anonymous mapping has offset 0, not %ld", v);
		if (v + *n > VA_PAGES)
			return perr(p, t,
			    "object pages %ld..%ld run past the largest object (%d pages)",
			    v, v + *n - 1, VA_PAGES);
		op->arg[a->slot] = (uint8_t)v;
		return 0;
	case OA_MAP_TAIL:
		return mapping_tail(p, op, d->name);
	case OA_PROT:
		if (prot_tok(p, c, &prot) != 0)
			return -1;
		op->arg[a->slot] = (uint8_t)prot;
		return 0;
	case OA_ACCESS:
		t = next(p);
		if ((v = word_value(t, a->words)) >= 0)
			op->arg[a->slot] = (uint8_t)v;
		else if (t->kind == TOK_WORD && t->len > 2 &&
		    memcmp(t->s, "w=", 2) == 0) {
			op->arg[a->slot] = VM_PROT_WRITE;
			if (scn_val_number(p->err, t->s + 2, t->len - 2, t->line,
			    t->col + 2, "a byte value", "after 'w='", 0, 255,
			    &v) != 0)
				return -1;
			op->arg[a->slot + 1] = (uint8_t)v;
			op->arg[a->slot + 2] = 1;
		} else {
			arg_ctx(d, i, false, ctx, sizeof(ctx));
			snprintf(w, sizeof(w), "%s %s", a->what, ctx);
			return expected(p, t, w);
		}
		return 0;
	case OA_MCL:
		t = next(p);
		if ((v = word_value(t, a->words)) < 0) {
			return expected(p, t, pctx_what(a->what, c, w,
			    sizeof(w)));
		}
		op->arg[a->slot] = (uint8_t)v;
		return 0;
	case OA_VNODE:
		return op_name_arg(p, tid, opi, a->slot, SYM_OBJ, a->what, c);
	case OA_SIZE:
		if (num_tok(p, a->what, c, 0, VA_PAGES, &v) != 0)
			return -1;
		op->arg[a->slot] = (uint8_t)v;
		return 0;
	case OA_PROC:
	case OA_CHILD:
		return op_name_arg(p, tid, opi, a->slot, SYM_PROC, a->what,
		    c);
	case OA_CLONE:
		return op_name_arg(p, tid, opi, a->slot, SYM_THREAD, a->what,
		    c);
	case OA_WAITEE: {
		struct sym *y = NULL;

		t = peek(p);
		if (t->kind == TOK_WORD && scn_tok_copy(t, name, sizeof(name)))
			y = sym_find(p, name);
		if (y == NULL) {
			/* a thread declared further down (a clone thread) */
			op->arg[a->slot + 1] = 1;
			return op_name_arg(p, tid, opi, a->slot, SYM_THREAD,
			    a->what, c);
		}
		if (name_tok(p, a->what, c, name, &t) != 0)
			return -1;
		if (y->kind == SYM_OBJ)
			return perr(p, t, "'%s' is an object, not a process or thread",
			    name);
		op->arg[a->slot] = y->index;
		op->arg[a->slot + 1] = y->kind == SYM_THREAD;
		if (y->kind == SYM_THREAD && y->index == tid)
			return perr(p, t, "a thread cannot wait for itself");
		return 0;
	}
	case OA_OPT_BYTE:
		if (!is_number(peek(p)))
			return 0;
		if (num_tok(p, a->what, c, 0, 255, &v) != 0)
			return -1;
		op->arg[a->slot] = (uint8_t)v;
		op->arg[a->slot + 1] = 1;
		return 0;
	case OA_INHERIT:
		t = next(p);
		if ((v = word_value(t, a->words)) >= 0)
			op->arg[a->slot] = (uint8_t)v;
		else if (is_number(t)) {
			/* a raw value: minherit(2) must refuse a bad one */
			if (num_val(p, t->s, t->len, t->line, t->col,
			    "an inheritance value", c, 0, 255, &v) != 0)
				return -1;
			op->arg[a->slot] = (uint8_t)v;
		} else {
			return expected(p, t, pctx_what(a->what, c, w,
			    sizeof(w)));
		}
		return 0;
	case OA_WORD:
		t = peek(p);
		if ((v = word_value(t, a->words)) >= 0) {
			next(p);
			op->arg[a->slot] = (uint8_t)v;
			return 0;
		}
		/* an optional word left out: `;`, `->`, a number or the end */
		if (a->optional && (t->kind != TOK_WORD || is_number(t))) {
			op->arg[a->slot] = a->dflt;
			return 0;
		}
		next(p);
		word_choices(a->words, w, sizeof(w));
		snprintf(w + strlen(w), sizeof(w) - strlen(w), " %s",
		    pctx_str(c, ctx, sizeof(ctx)));
		return expected(p, t, w);
	}
	return perr(p, peek(p), "operation '%s' has an argument of unknown kind %d",
	    d->name, a->kind);
}

/* an operation and its arguments, as its registry entry says */
static int
parse_op(struct parser *p, int tid)
{
	struct thread_def *td = &p->s->model.threads[tid];
	const struct token *t = next(p);
	const struct op_desc *d;
	char name[24];
	struct op *op;
	long va = 0, n = 0;
	int kind = -1, opi;
	bool anon = false;

	if (t->kind != TOK_WORD)
		return expected(p, t, "an operation");
	if (scn_tok_copy(t, name, sizeof(name)))
		kind = op_lookup(name);
	if (kind < 0) {
		char list[400];
		int len = 0;

		for (int k = OP_NONE + 1; k < NOPS; k++)
			len += snprintf(list + len, sizeof(list) - (size_t)len,
			    "%s%s", k > 1 ? " " : "", op_name(k));
		return perr(p, t, "unknown operation %s (operations: %s)",
		    scn_tok_describe(t, (char[48]){ 0 }, 48), list);
	}
	d = op_desc(kind);
	if (td->nops >= MAX_OPS)
		return perr(p, t,
		    "too many operations in thread '%s' (at most %d)", td->name,
		    MAX_OPS);
	if (td->nops > 0 &&
	    (op_desc(td->ops[td->nops - 1].kind)->flags & OPF_LAST))
		return perr(p, t, "'%s' must be the thread's last operation",
		    op_name(td->ops[td->nops - 1].kind));
	opi = td->nops++;
	op = &td->ops[opi];
	op->kind = (uint8_t)kind;
	op->line = (uint16_t)t->line;
	op->col = (uint16_t)t->col;

	for (int i = 0; i < d->nsig; i++)
		if (parse_arg(p, tid, opi, d, i, &va, &n, &anon) != 0)
			return -1;
	return 0;
}

/* an op that gives a value: mincore, ptrace-read, mmap, a touch not a store */
static bool
gives_value(const struct op *op)
{
	const struct op_desc *d = op_desc(op->kind);

	if (d == NULL || !(d->flags & OPF_VALUE))
		return false;
	if (d->flags & OPF_VALUE_IF_READ)
		for (int i = 0; i < d->nsig; i++)
			if (d->sig[i].kind == OA_ACCESS &&
			    op->arg[d->sig[i].slot] == VM_PROT_WRITE)
				return false;
	return true;
}

static bool
raises_signal(const struct op *op)
{
	const struct op_desc *d = op_desc(op->kind);

	return d != NULL && (d->flags & OPF_SIGNAL) != 0;
}

/*
 * `-> RESULT` after an operation: what the call must give.  RESULT is
 * ok (0), an errno name (ENOMEM ...), a signal name (SIGSEGV, SIGBUS,
 * SIGKILL: only after touch), or a number 0..255: the byte a read sees
 * (touch r, touch x, ptrace-read), mincore's resident count, or the
 * page where mmap placed the mapping.
 */
static int
op_result(struct parser *p, struct op *op)
{
	const struct token *t = next(p);
	char w[24];
	long v;
	int e;

	if (t->kind != TOK_WORD || !scn_tok_copy(t, w, sizeof(w))) {
		char ctx[64];

		snprintf(ctx, sizeof(ctx), "a result after '%s ... ->'",
		    op_name(op->kind));
		return expected(p, t, ctx);
	}
	if (is_number(t)) {
		if (!gives_value(op))
			return perr(p, t,
			    "only mmap (its VA), touch r/x, ptrace-read and mincore give a value; '%s' gives ok, an errno or a signal",
			    op_name(op->kind));
		if (scn_val_number(p->err, t->s, t->len, t->line, t->col,
		    "a value", "after '->'", 0, 255, &v) != 0)
			return -1;
		op->exp_kind = EXP_VALUE;
		op->exp_val = (uint8_t)v;
		return 0;
	}
	if ((e = signal_lookup(w)) >= 0) {
		if (!raises_signal(op))
			return perr(p, t,
			    "only a touch raises a signal; '%s' returns ok or an errno",
			    op_name(op->kind));
		op->exp_kind = EXP_SIGNAL;
		op->exp_val = (uint8_t)e;
		return 0;
	}
	if ((e = errno_lookup(w)) >= 0) {
		if (raises_signal(op) && e != 0)
			return perr(p, t,
			    "a touch gives ok, a value or a signal (SIGSEGV, SIGBUS, SIGKILL), not %s",
			    w);
		op->exp_kind = EXP_ERRNO;
		op->exp_val = (uint8_t)e;
		return 0;
	}
	return perr(p, t,
	    "unknown result '%s' (ok, EINVAL, ENOMEM, EACCES, EFAULT, EBADF, EAGAIN, EBUSY, EIO, SIGSEGV, SIGBUS, SIGKILL, or a number)",
	    w);
}

/* thread NAME PROC [clone]: OP; OP; ... */
static int
d_thread(struct parser *p, const struct token *d)
{
	struct model *m = &p->s->model;
	struct thread_def *td;
	const struct token *nt, *pt, *t;
	char name[NAME_MAX_LEN], pname[NAME_MAX_LEN];
	int tid, proc;

	(void)d;
	if (name_tok(p, "a thread name", PCTX("after 'thread'"), name, &nt) != 0)
		return -1;
	if (m->nthreads >= MAX_THREADS)
		return perr(p, nt,
		    "too many threads (at most %d, kernel threads included)",
		    MAX_THREADS);
	tid = m->nthreads + 1;
	if (sym_add(p, nt, name, SYM_THREAD, tid) != 0)
		return -1;
	if (name_tok(p, "a process name", PCTX("after the thread name"), pname,
	    &pt) != 0)
		return -1;
	if ((proc = declared(p, pt, pname, SYM_PROC, "proc")) < 0)
		return -1;
	m->nthreads++;
	td = &m->threads[tid];
	str_copy(td->name, sizeof(td->name), name);
	td->kthread = KT_NONE;
	td->proc = (uint8_t)proc;
	td->embryo = m->procs[proc].forked;
	p->thread_line[tid] = nt->line;
	p->thread_col[tid] = nt->col;
	if (scn_tok_is(peek(p), "clone")) {
		next(p);
		td->embryo = true;
		p->clone_marked[tid] = true;
	}
	t = next(p);
	if (t->kind != TOK_COLON)
		return expected(p, t, p->clone_marked[tid] ?
		    "':' after 'clone'" : "':' or 'clone' after the process name");
	for (;;) {
		if (parse_op(p, tid) != 0)
			return -1;
		if (peek(p)->kind == TOK_ARROW) {
			next(p);
			if (op_result(p, &td->ops[td->nops - 1]) != 0)
				return -1;
		}
		t = next(p);
		if (t->kind == TOK_EOL || t->kind == TOK_EOF)
			return 0;
		if (t->kind != TOK_SEMI) {
			char w[80];

			snprintf(w, sizeof(w),
			    "';' or end of line after the arguments of '%s'",
			    op_name(td->ops[td->nops - 1].kind));
			return expected(p, t, w);
		}
	}
}

/* kthread NAME KIND */
static int
d_kthread(struct parser *p, const struct token *d)
{
	struct model *m = &p->s->model;
	const struct token *nt, *t;
	char name[NAME_MAX_LEN], kname[16];
	int tid, kind = -1;

	(void)d;
	if (name_tok(p, "a thread name", PCTX("after 'kthread'"), name, &nt) != 0)
		return -1;
	if (m->nthreads >= MAX_THREADS)
		return perr(p, nt,
		    "too many threads (at most %d, kernel threads included)",
		    MAX_THREADS);
	tid = m->nthreads + 1;
	if (sym_add(p, nt, name, SYM_THREAD, tid) != 0)
		return -1;
	t = next(p);
	if (t->kind != TOK_WORD)
		return expected(p, t,
		    "a kernel thread kind (pagedaemon, netisr, aiodone or intr)");
	if (scn_tok_copy(t, kname, sizeof(kname)))
		kind = kthread_lookup(kname);
	if (kind <= KT_NONE)
		return perr(p, t,
		    "unknown kernel thread kind %s (kinds: pagedaemon, netisr, aiodone, intr)",
		    scn_tok_describe(t, (char[48]){ 0 }, 48));
	if (p->kthread_line[kind] != 0)
		return perr(p, t, "a %s thread is already declared at line %d",
		    kthread_name(kind), p->kthread_line[kind]);
	p->kthread_line[kind] = t->line;
	if (expect_end(p, "the kernel thread kind") != 0)
		return -1;
	m->nthreads++;
	str_copy(m->threads[tid].name, sizeof(m->threads[tid].name), name);
	m->threads[tid].kthread = (uint8_t)kind;
	p->thread_line[tid] = nt->line;
	p->thread_col[tid] = nt->col;
	return 0;
}

static int
d_profile(struct parser *p, const struct token *d)
{
	const struct profile_desc *pd;

	if (p->profile_line != 0)
		return perr(p, d, "duplicate 'profile' line (first at line %d)",
		    p->profile_line);
	if ((pd = scn_val_profile(p->err, next(p))) == NULL)
		return -1;
	str_copy(p->s->profile, sizeof(p->s->profile), pd->name);
	p->profile_line = d->line;
	return expect_end(p, "the profile name");
}

static int
d_bug(struct parser *p, const struct token *d)
{
	(void)d;
	if (at_end(p))
		return expected(p, peek(p),
		    "a knob assignment NAME=VALUE after 'bug'");
	while (!at_end(p))
		if (scn_val_knob(p->err, next(p), &p->s->knobs, p->s->knob_mask,
		    p->knob_line) != 0)
			return -1;
	return 0;
}

/* expect (fixed | profile NAME [bug K=V...] | bug K=V...) -> VERDICT */
static int
d_expect(struct parser *p, const struct token *d)
{
	struct scenario *s = p->s;
	struct scenario_expect e;
	const struct token *t;
	bool bugs = false, profile = false;

	memset(&e, 0, sizeof(e));
	if (s->nexpect >= SCN_MAX_EXPECT)
		return perr(p, d, "too many 'expect' lines (at most %d)",
		    SCN_MAX_EXPECT);
	snprintf(e.profile, sizeof(e.profile), "fixed");
	e.kind = SCN_EXPECT_FIXED;
	t = next(p);
	if (scn_tok_is(t, "fixed")) {
		/* the configuration is complete */
	} else if (scn_tok_is(t, "profile")) {
		const struct profile_desc *pd = scn_val_profile(p->err,
		    next(p));

		if (pd == NULL)
			return -1;
		profile = true;
		/* `profile fixed [bug ...]` is `fixed` (`bug ...`) */
		e.kind = strcmp(pd->name, "fixed") == 0 ? SCN_EXPECT_FIXED :
		    SCN_EXPECT_PROFILE;
		str_copy(e.profile, sizeof(e.profile), pd->name);
		if (scn_tok_is(peek(p), "bug")) {
			next(p);
			bugs = true;
		}
	} else if (scn_tok_is(t, "bug")) {
		bugs = true;
	} else {
		return expected(p, t,
		    "'fixed', 'profile NAME' or 'bug NAME=VALUE' after 'expect'");
	}
	if (bugs) {
		if (peek(p)->kind != TOK_WORD)
			return expected(p, peek(p),
			    "a knob assignment NAME=VALUE after 'bug'");
		while (peek(p)->kind == TOK_WORD)
			if (scn_val_knob(p->err, next(p), &e.knobs, e.knob_mask,
			    NULL) != 0)
				return -1;
		if (e.kind == SCN_EXPECT_FIXED)
			e.kind = SCN_EXPECT_BUG;
	}
	t = next(p);
	if (t->kind != TOK_ARROW)
		return expected(p, t, bugs ?
		    "'->' and a verdict after the knob assignments" :
		    e.kind == SCN_EXPECT_FIXED && !profile ?
		    "'->' and a verdict after 'expect fixed'" :
		    "'bug', or '->' and a verdict, after the profile");
	t = next(p);
	if (t->kind != TOK_WORD || !scn_val_verdict_ok(t->s, t->len))
		return expected(p, t,
		    "a verdict ('clean', 'deadlock' or an invariant id like 'freed-page-in-use')");
	if (!scn_tok_copy(t, e.verdict, sizeof(e.verdict)))
		return perr(p, t, "verdict is too long (at most %d characters)",
		    SCN_VERDICT_MAX - 1);
	e.line = (uint16_t)t->line;
	e.col = (uint16_t)t->col;
	for (int i = 0; i < s->nexpect; i++) {
		const struct scenario_expect *o = &s->expect[i];

		if (o->kind == e.kind && strcmp(o->profile, e.profile) == 0 &&
		    memcmp(o->knob_mask, e.knob_mask, sizeof(e.knob_mask)) ==
		    0 && memcmp(o->knobs.v, e.knobs.v, sizeof(e.knobs.v)) == 0)
			return perr(p, d,
			    "duplicate expectation for this configuration (first at line %d)",
			    o->line);
	}
	/* unset knobs stay zero so that equal configurations compare equal */
	s->expect[s->nexpect++] = e;
	return expect_end(p, "the verdict");
}

static int
d_bound(struct parser *p, const struct token *d)
{
	(void)d;
	if (at_end(p))
		return expected(p, peek(p),
		    "depth=N or restarts=N after 'bound'");
	while (!at_end(p)) {
		const struct token *t = next(p);
		char key[16];
		const char *val = NULL;
		int vlen = 0, vcol = 0;
		long v;

		if (kv_split(p, t, "depth=N or restarts=N", key, sizeof(key),
		    &val, &vlen, &vcol) != 0)
			return -1;
		if (strcmp(key, "depth") == 0) {
			if (p->depth_line != 0)
				return perr(p, t,
				    "'depth' is already bounded at line %d",
				    p->depth_line);
			if (scn_val_number(p->err, val, vlen, t->line, vcol,
			    "depth", "after 'depth='", 1, SCN_MAX_DEPTH, &v) != 0)
				return -1;
			p->depth_line = t->line;
			p->s->bound_depth = (uint32_t)v;
		} else if (strcmp(key, "restarts") == 0) {
			if (p->restarts_line != 0)
				return perr(p, t,
				    "'restarts' is already bounded at line %d",
				    p->restarts_line);
			if (scn_val_number(p->err, val, vlen, t->line, vcol,
			    "restarts", "after 'restarts='", 1, 255, &v) != 0)
				return -1;
			p->restarts_line = t->line;
			p->s->bound_restarts = (uint32_t)v;
		} else {
			return perr(p, t,
			    "unknown bound '%s' (bounds: depth=N, restarts=N)",
			    key);
		}
	}
	return 0;
}

static const struct directive {
	const char *name;
	int (*fn)(struct parser *p, const struct token *d);
} directives[] = {
	{ "scenario", d_scenario }, { "world", d_world },
	{ "vnode", d_vnode }, { "aobj", d_aobj }, { "proc", d_proc },
	{ "map", d_map }, { "thread", d_thread }, { "kthread", d_kthread },
	{ "profile", d_profile }, { "bug", d_bug }, { "expect", d_expect },
	{ "bound", d_bound },
};
#define NDIRECTIVES (int)(sizeof(directives) / sizeof(directives[0]))

static int
parse_line(struct parser *p)
{
	const struct token *t = next(p);
	int i;

	for (i = 0; i < NDIRECTIVES; i++)
		if (scn_tok_is(t, directives[i].name))
			break;
	if (i == NDIRECTIVES)
		return perr(p, t,
		    "unknown directive %s (directives: scenario, world, vnode, aobj, proc, map, thread, kthread, profile, bug, expect, bound)",
		    scn_tok_describe(t, (char[48]){ 0 }, 48));
	if (p->scenario_line == 0 && i != 0)
		return perr(p, t,
		    "expected 'scenario NAME' as the first line, got %s",
		    scn_tok_describe(t, (char[48]){ 0 }, 48));
	return directives[i].fn(p, t);
}

/* ------------------------------------------------- whole-scenario checks */

static int
resolve_refs(struct parser *p)
{
	for (int i = 0; i < p->nrefs; i++) {
		const struct ref *r = &p->refs[i];
		struct sym *y = sym_find(p, r->name);

		if (y == NULL)
			return perr_at(p, r->line, r->col, "unknown %s '%s'",
			    sym_kind_names[r->kind], r->name);
		if (y->kind != r->kind)
			return perr_at(p, r->line, r->col, "'%s' is %s, not %s",
			    r->name, sym_kind_a[y->kind], sym_kind_a[r->kind]);
		p->s->model.threads[r->tid].ops[r->opi].arg[r->argi] = y->index;
		if (ref_check(p, r->tid, r->opi, r->argi, y->index, r->line,
		    r->col) != 0)
			return -1;
	}
	return 0;
}

/*
 * check_start: every thread must be able to start.  Threads of processes
 * that exist at the start run; a fork starts the child's threads that are
 * not clone threads; a clone starts its thread.
 */
static int
check_start(struct parser *p)
{
	const struct model *m = &p->s->model;
	bool started[MAX_THREADS + 1] = { false }, changed = true;
	int nuser = 0;

	for (int i = 1; i <= m->nprocs; i++)
		if (m->procs[i].forked && p->forked_at[i] == 0)
			return perr_at(p, p->proc_line[i], p->proc_col[i],
			    "process '%s' is declared forked but no thread forks it",
			    m->procs[i].name);
	for (int tid = 1; tid <= m->nthreads; tid++) {
		if (m->threads[tid].kthread != KT_NONE)
			continue;
		nuser++;
		if (p->clone_marked[tid] && p->cloned_at[tid] == 0)
			return perr_at(p, p->thread_line[tid],
			    p->thread_col[tid],
			    "thread '%s' is declared clone but no thread clones it",
			    m->threads[tid].name);
		started[tid] = !m->threads[tid].embryo;
	}
	if (nuser == 0)
		return perr_at(p, p->end.line, p->end.col,
		    "scenario has no threads (add a line 'thread NAME PROC: OP; ...')");
	while (changed) {
		changed = false;
		for (int tid = 1; tid <= m->nthreads; tid++) {
			const struct thread_def *td = &m->threads[tid];

			if (!started[tid])
				continue;
			for (int i = 0; i < td->nops; i++) {
				const struct op *op = &td->ops[i];

				for (int u = 1; u <= m->nthreads; u++) {
					bool s = (op->kind == OP_CLONE &&
					    op->arg[0] == u) ||
					    (op->kind == OP_FORK &&
					    m->threads[u].kthread == KT_NONE &&
					    m->threads[u].proc == op->arg[0] &&
					    !p->clone_marked[u]);

					if (s && !started[u])
						started[u] = changed = true;
				}
			}
		}
	}
	for (int tid = 1; tid <= m->nthreads; tid++)
		if (m->threads[tid].kthread == KT_NONE && !started[tid])
			return perr_at(p, p->thread_line[tid],
			    p->thread_col[tid],
			    "thread '%s' never starts: the fork or clone that starts it is in a thread that never starts",
			    m->threads[tid].name);
	return 0;
}

static int
check_resident(struct parser *p)
{
	const struct model *m = &p->s->model;
	int total = 0;

	for (int o = 1; o <= m->nobjs; o++) {
		total += m->objs[o].resident;
		if (total > m->tun.npages)
			return perr_at(p, p->res_line[o], p->res_col[o],
			    "resident pages of '%s' bring the total to %d, more than the machine's %d pages",
			    m->objs[o].name, total, m->tun.npages);
	}
	return 0;
}

/* ---------------------------------------------------------------- API */

/*
 * check_wired_setup: a `map ... wired` mapping is mlock()ed when the
 * world is set up (world_init); an mlock that cannot complete there
 * (too few pages, over uvmexp.wiredmax) is the scenario's error, at its
 * map line.
 */
static int
check_wired_setup(struct parser *p)
{
	const struct model *m = &p->s->model;
	struct world *w;
	char err[200];
	int rc, any = 0;

	for (int i = 0; i < m->nmapdefs; i++)
		if (m->mapdefs[i].mmap.arg[4] & MMAP_WIRED)
			any = 1;
	if (!any)
		return 0;
	w = malloc(sizeof(*w));
	if (w == NULL)
		return perr_at(p, 1, 1, "out of memory");
	rc = world_init_checked(w, m, err, sizeof(err));
	free(w);
	if (rc < 0) {
		const struct op *o = &m->mapdefs[-rc - 1].mmap;

		return perr_at(p, o->line, o->col, "mapping 'wired': %s", err);
	}
	return 0;
}

static int
parse_all(struct parser *p, const char *text, size_t len)
{
	struct scenario *s = p->s;

	if (len > SCN_TEXT_MAX) {
		/* point at the first byte past the limit */
		int line = 1, col = 1;

		for (size_t i = 0; i < SCN_TEXT_MAX; i++) {
			if (text[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		return perr_at(p, line, col, "scenario is longer than %d bytes",
		    SCN_TEXT_MAX);
	}
	memcpy(s->text, text, len);
	s->text[len] = '\0';
	s->textlen = len;

	scn_lex_init(&p->lx, text, len);
	do {
		if (read_line(p) != 0)
			return -1;
		if (p->ntok > 0 && parse_line(p) != 0)
			return -1;
	} while (p->end.kind != TOK_EOF);

	if (p->scenario_line == 0)
		return perr_at(p, p->end.line, p->end.col,
		    "expected a 'scenario NAME' line; the text has none");
	if (resolve_refs(p) != 0 || check_start(p) != 0 ||
	    check_resident(p) != 0)
		return -1;
	if (scenario_apply_config(s, NULL, NULL, NULL) != 0)
		return perr_at(p, p->profile_line, 1, "unknown profile '%s'",
		    s->profile);
	return check_wired_setup(p);
}

int
scenario_parse(const char *text, size_t len, const char *path,
    struct scenario *out, struct scenario_error *err)
{
	struct parser p;

	/*
	 * A generator exec parses one short text: clearing only what is
	 * read costs a tenth of clearing the parser's token array and the
	 * scenario's text buffer, which are written before they are read.
	 * The scenario is cleared but for text[], whose bytes past the
	 * text's NUL are left as they were (scenario.h); on error it is
	 * cleared whole.
	 */
	memset(&p, 0, offsetof(struct parser, tok));
	memset(err, 0, sizeof(*err));
	str_copy(err->file, sizeof(err->file), path != NULL ? path : "<input>");
	memset(out, 0, offsetof(struct scenario, text));
	model_init(&out->model);
	out->bound_depth = SCN_DEFAULT_DEPTH;
	if (path != NULL)
		str_copy(out->path, sizeof(out->path), path);
	p.s = out;
	p.err = err;
	if (text == NULL && len != 0)
		len = 0;
	if (parse_all(&p, text != NULL ? text : "", len) != 0) {
		memset(out, 0, sizeof(*out));
		return -1;
	}
	return 0;
}
