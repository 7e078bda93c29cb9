/*
 * test_registry.c: the operation registry (core/registry.h).
 *
 * - every operation has a complete entry: a unique name the language
 *   looks up, a model function, argument slots and frame arguments
 *   inside its struct op slots;
 * - every model function of the list has a name (the trace's);
 * - the generator makes only operations whose arguments it can write;
 * - every operation, written once with each form of its arguments,
 *   parses and prints back to the same text (and the sample list covers
 *   every operation: a new one needs its samples here);
 * - fuzz/gen.dict's operation records make the operations they name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/engine.h"
#include "core/registry.h"
#include "fuzz/gen.h"
#include "scenarios/scenario.h"

/* struct op slots an argument kind fills */
static int
kind_slots(int kind)
{
	switch (kind) {
	case OA_MAP_TAIL:
		return 4;
	case OA_ACCESS:
		return 3;
	case OA_WAITEE:
	case OA_OPT_BYTE:
		return 2;
	default:
		return 1;
	}
}

static void
test_entries(void **state)
{
	(void)state;
	assert_null(op_desc(OP_NONE));
	assert_null(op_desc(NOPS));
	for (int k = OP_NONE + 1; k < NOPS; k++) {
		const struct op_desc *d = op_desc(k);

		assert_non_null(d);
		assert_non_null(d->name);
		assert_int_equal(op_lookup(d->name), k);
		assert_string_equal(op_name(k), d->name);
		assert_true(d->fn > FN_NONE && d->fn < NFNS);
		assert_true(d->nargs <= OP_NARGS);
		assert_true(d->nsig <= OP_MAX_SIG);
		for (int i = 0; i < d->nsig; i++) {
			const struct op_arg *a = &d->sig[i];

			assert_true(a->kind >= OA_VA && a->kind <= OA_WORD);
			assert_true(a->slot + kind_slots(a->kind) <= d->nargs);
			assert_non_null(a->what);
			assert_non_null(a->placeholder);
			assert_true((a->kind != OA_WORD &&
			    a->kind != OA_ACCESS && a->kind != OA_MCL &&
			    a->kind != OA_INHERIT) || a->words != NULL);
			assert_true(!a->optional || a->kind == OA_WORD);
		}
		for (int i = 0; i < OP_CALL_NARGS; i++)
			if (OP_CALL_IS_ARG(d->call[i]))
				assert_true(OP_CALL_SLOT(d->call[i]) < d->nargs);
	}
	for (int f = FN_NONE + 1; f < NFNS; f++)
		assert_string_not_equal(fn_name(f), "?");
	assert_string_equal(fn_name(FN_NONE), "?");
}

/* the generator writes VA, N, anon mappings, PROT, r/w, mlockall flags,
 * vnode f and sizes, A or B, and keywords; no other name */
static void
test_generated(void **state)
{
	int made = 0;

	(void)state;
	for (int k = OP_NONE + 1; k < NOPS; k++) {
		const struct op_desc *d = op_desc(k);

		assert_int_equal(gen_op_made(k), d->gen_weight > 0);
		if (d->gen_weight == 0)
			continue;
		made++;
		for (int i = 0; i < d->nsig; i++) {
			int a = d->sig[i].kind;

			assert_true(a != OA_CHILD && a != OA_CLONE &&
			    a != OA_WAITEE && a != OA_INHERIT && a != OA_KVA);
		}
	}
	assert_true(made >= 10);
}

#define PRE "scenario r\nvnode f pages=2 resident=1\nproc A\nproc B\n" \
	"proc C forked\n"

/* every operation in each of its forms, canonical */
static const char *const samples[] = {
	"mmap 0 2 f 0 shared rw",
	"mmap 4 1 anon 0 private r maxprot=rw inherit=none wired fixed",
	"munmap 0 2", "touch 0 r", "touch 1 w", "touch 2 x", "touch 3 w=7",
	"mlock 0 1", "munlock 0 1", "mlockall current", "mlockall future",
	"mlockall current,future", "munlockall", "mprotect 0 2 r",
	"mprotect 0 1 none", "truncate f 1", "send 0 1", "physio-read 0 2",
	"physio-write 1 1", "fork C", "clone a2", "ptrace-write B 3",
	"ptrace-write B 3 9", "collect B", "kmem-fault 2", "minherit 0 2 none",
	"minherit 0 1 7", "mincore 0 2", "ptrace-read B 1", "wait B",
	"wait a2", "stop", "continue B", "exit",
	"msync 0 2", "msync 0 1 async", "msync 1 1 invalidate",
	"madvise 0 2 dontneed", "madvise 1 1 free", "swapoff",
};

static void
test_roundtrip_ops(void **state)
{
	static struct scenario s;
	bool seen[NOPS] = { false };
	char text[1024], out[4096], want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		struct scenario_error e;
		const char *line;

		snprintf(text, sizeof(text),
		    PRE "thread a1 A: %s\nthread a2 A clone: touch 0 r\n"
		    "thread c1 C: touch 0 r\n", samples[i]);
		/* a clone op is a2's start; without one a2 never starts */
		if (strncmp(samples[i], "clone", 5) != 0) {
			char *p = strstr(text, "thread a2 A clone");

			snprintf(p, sizeof(text) - (size_t)(p - text),
			    "thread c1 C: touch 0 r\n");
		}
		if (strncmp(samples[i], "fork", 4) != 0) {
			char *p = strstr(text, "proc C forked\n");
			size_t at, len = strlen(text);

			if (p == NULL)
				fail_msg("no 'proc C forked' in the sample");
			at = (size_t)(p - text);
			/* drop the 14 bytes of "proc C forked\n" */
			for (size_t k = at; k + 14 <= len; k++)
				text[k] = text[k + 14];
			p = strstr(text, "thread c1 C");
			if (p == NULL)
				fail_msg("no 'thread c1 C' in the sample");
			*p = '\0';
		}
		if (strcmp(samples[i], "wait a2") == 0)
			snprintf(text, sizeof(text), PRE "thread a1 A: clone a2; "
			    "%s\nthread a2 A clone: touch 0 r\n"
			    "thread c1 C: touch 0 r\n"
			    "thread z A: fork C\n", samples[i]);
		if (scenario_parse(text, strlen(text), "t.scn", &s, &e) != 0)
			fail_msg("%s: %d:%d: %s", samples[i], e.line, e.col,
			    e.msg);
		scenario_print_buf(&s, out, sizeof(out));
		snprintf(want, sizeof(want), "thread a1 A: %s%s\n",
		    strcmp(samples[i], "wait a2") == 0 ? "clone a2; " : "",
		    samples[i]);
		line = strstr(out, want);
		if (line == NULL)
			fail_msg("'%s' printed as:\n%s", want, out);
		for (int t = 0; t < s.model.threads[1].nops; t++)
			seen[s.model.threads[1].ops[t].kind] = true;
	}
	for (int k = OP_NONE + 1; k < NOPS; k++)
		if (!seen[k])
			fail_msg("operation '%s' has no sample", op_name(k));
}

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

/*
 * fuzz/gen.dict's operation records name the draw's kinds: each record,
 * as thread t1's first operation, makes the operation its token names
 */
static void
test_gen_dict(void **state)
{
	FILE *f = fopen(SOURCE_ROOT "/fuzz/gen.dict", "r");
	char line[256], text[4096];
	int checked = 0;

	(void)state;
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		char name[32], want[48], *t1;
		unsigned k, a1, a2;
		uint8_t g[GEN_THREADS + GEN_THREAD_SIZE] = { 0 };

		if (sscanf(line, "op_%31[a-z_]=\"\\x%2x\\x%2x\\x%2x\"", name, &k,
		    &a1, &a2) != 4)
			continue;
		g[GEN_THREADS + 1] = (uint8_t)k;
		g[GEN_THREADS + 2] = (uint8_t)a1;
		g[GEN_THREADS + 3] = (uint8_t)a2;
		fuzz_gen_text(g, sizeof(g), NULL, text, sizeof(text));
		t1 = strstr(text, "thread t1 A: ");
		assert_non_null(t1);
		t1 += strlen("thread t1 A: ");
		for (char *c = name; *c != '\0'; c++)
			if (*c == '_')
				*c = strcmp(name, "touch_r") == 0 ||
				    strcmp(name, "touch_w") == 0 ? ' ' : '-';
		/* touch r / touch w: the access comes after the VA */
		if (strncmp(name, "touch ", 6) == 0)
			snprintf(want, sizeof(want), "touch 0 %s", name + 6);
		else
			snprintf(want, sizeof(want), "%s", name);
		if (strncmp(t1, want, strlen(want)) != 0)
			fail_msg("gen.dict op_%s makes '%.40s'", name, t1);
		checked++;
	}
	fclose(f);
	assert_int_equal(checked, 19);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_generated),
		cmocka_unit_test(test_roundtrip_ops),
		cmocka_unit_test(test_gen_dict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
