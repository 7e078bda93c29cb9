/*
 * registry.c: the operation registry (registry.h): one entry per
 * operation of the scenario language, and the operation names' look-ups.
 */
#include "core/registry.h"

#include <string.h>

#include "core/model.h"
#include "core/world.h"

#define A(n)	OP_CALL_ARG(n)

/* the arguments most operations share */
#define SIG_VA(slot)	{ OA_VA, (slot), false, 0, "VA", "VA", NULL }
#define SIG_N(slot)	{ OA_NPAGES, (slot), false, 0, "a page count", "N", \
			    NULL }
#define SIG_PROC(slot)	{ OA_PROC, (slot), false, 0, "a process name", \
			    "PROC", NULL }

static const struct op_word access_words[] = {
	{ "r", VM_PROT_READ }, { "w", VM_PROT_WRITE }, { "x", VM_PROT_EXECUTE },
	{ NULL, 0 },
};
static const struct op_word mcl_words[] = {
	{ "current", MCL_CURRENT }, { "future", MCL_FUTURE },
	{ "current,future", MCL_CURRENT | MCL_FUTURE },
	{ "future,current", MCL_CURRENT | MCL_FUTURE }, { NULL, 0 },
};
static const struct op_word inherit_words[] = {
	{ "share", MAP_INHERIT_SHARE }, { "copy", MAP_INHERIT_COPY },
	{ "none", MAP_INHERIT_NONE }, { "zero", MAP_INHERIT_ZERO },
	{ NULL, 0 },
};
/* sys___msync13's and sys_madvise's flags, as core/uvm_map_clean.c
 * numbers them */
static const struct op_word msync_words[] = {
	{ "sync", 0 }, { "async", 1 }, { "invalidate", 2 }, { NULL, 0 },
};
static const struct op_word madvise_words[] = {
	{ "dontneed", 0 }, { "free", 1 }, { NULL, 0 },
};

static const struct op_desc op_descs[NOPS] = {
	[OP_MMAP] = { "mmap", 8, FN_OP_MMAP, { 0 }, OPF_VALUE, 1, 5, {
	    SIG_VA(0), SIG_N(1),
	    { OA_MAP_OBJ, 2, false, 0, "an object name or 'anon'", "OBJ",
		NULL },
	    { OA_MAP_OFF, 3, false, 0, "an object offset", "OFF", NULL },
	    { OA_MAP_TAIL, 4, false, 0, "'shared' or 'private'", "SHARING",
		NULL } } },
	[OP_MUNMAP] = { "munmap", 2, FN_OP_MUNMAP, { A(0), A(1) }, 0, 1, 2,
	    { SIG_VA(0), SIG_N(1) } },
	[OP_TOUCH] = { "touch", 4, FN_OP_TOUCH, { A(0), A(1), A(2), A(3) },
	    OPF_VALUE | OPF_VALUE_IF_READ | OPF_SIGNAL, 2, 2, {
	    SIG_VA(0),
	    { OA_ACCESS, 1, false, 0, "'r', 'w', 'w=V' or 'x'", "ACCESS",
		access_words } } },
	[OP_MLOCK] = { "mlock", 2, FN_OP_MLOCK, { A(0), A(1) }, 0, 1, 2,
	    { SIG_VA(0), SIG_N(1) } },
	[OP_MUNLOCK] = { "munlock", 2, FN_OP_MUNLOCK, { A(0), A(1) }, 0, 1, 2,
	    { SIG_VA(0), SIG_N(1) } },
	[OP_MLOCKALL] = { "mlockall", 1, FN_OP_MLOCKALL, { A(0) }, 0, 1, 1, {
	    { OA_MCL, 0, false, 0,
		"'current', 'future' or 'current,future'", "FLAGS",
		mcl_words } } },
	[OP_MUNLOCKALL] = { "munlockall", 0, FN_OP_MUNLOCKALL, { 0 }, 0, 1, 0,
	    { { 0 } } },
	[OP_MPROTECT] = { "mprotect", 3, FN_OP_MPROTECT, { A(0), A(1), A(2) },
	    0, 1, 3, { SIG_VA(0), SIG_N(1),
	    { OA_PROT, 2, false, 0, "a protection", "PROT", NULL } } },
	[OP_TRUNCATE] = { "truncate", 2, FN_OP_TRUNCATE, { A(0), A(1) }, 0, 1,
	    2, {
	    { OA_VNODE, 0, false, 0, "a vnode name", "OBJ", NULL },
	    { OA_SIZE, 1, false, 0, "a size in pages", "SIZE", NULL } } },
	[OP_SEND] = { "send", 2, FN_OP_SEND, { A(0), A(1) }, 0, 1, 2,
	    { SIG_VA(0), SIG_N(1) } },
	[OP_PHYSIO_READ] = { "physio-read", 2, FN_OP_PHYSIO,
	    { A(0), A(1), 1 }, 0, 1, 2, { SIG_VA(0), SIG_N(1) } },
	[OP_PHYSIO_WRITE] = { "physio-write", 2, FN_OP_PHYSIO,
	    { A(0), A(1), 0 }, 0, 1, 2, { SIG_VA(0), SIG_N(1) } },
	[OP_FORK] = { "fork", 1, FN_OP_FORK, { A(0) }, OPF_KEEP, 0, 1, {
	    { OA_CHILD, 0, false, 0, "the child process's name", "CHILD",
		NULL } } },
	[OP_CLONE] = { "clone", 1, FN_OP_CLONE, { A(0) }, OPF_KEEP, 0, 1, {
	    { OA_CLONE, 0, false, 0, "a thread name", "THREAD", NULL } } },
	[OP_PTRACE_WRITE] = { "ptrace-write", 4, FN_OP_PTRACE_WRITE,
	    { A(0), A(1), 0, 0, A(2), 0 }, 0, 1, 3, { SIG_PROC(0), SIG_VA(1),
	    { OA_OPT_BYTE, 2, false, 0, "a byte value", "BYTE", NULL } } },
	[OP_EXIT] = { "exit", 0, FN_OP_EXIT, { 0 }, OPF_LAST | OPF_KEEP, 1,
	    0, { { 0 } } },
	[OP_COLLECT] = { "collect", 1, FN_OP_COLLECT, { A(0) }, 0, 1, 1,
	    { SIG_PROC(0) } },
	[OP_KMEM_FAULT] = { "kmem-fault", 1, FN_OP_KMEM_FAULT, { A(0) }, 0, 0,
	    1, { { OA_KVA, 0, false, 0, "a kernel VA", "KVA", NULL } } },
	[OP_MINHERIT] = { "minherit", 3, FN_OP_MINHERIT, { A(0), A(1), A(2) },
	    0, 0, 3, { SIG_VA(0), SIG_N(1),
	    { OA_INHERIT, 2, false, 0,
		"'share', 'copy', 'none', 'zero' or a number", "INHERIT",
		inherit_words } } },
	[OP_MINCORE] = { "mincore", 2, FN_OP_MINCORE, { A(0), A(1) },
	    OPF_VALUE, 0, 2, { SIG_VA(0), SIG_N(1) } },
	[OP_PTRACE_READ] = { "ptrace-read", 2, FN_OP_PTRACE_READ,
	    { A(0), A(1) }, OPF_VALUE, 0, 2, { SIG_PROC(0), SIG_VA(1) } },
	[OP_WAIT] = { "wait", 2, FN_OP_WAIT, { A(0), A(1) }, 0, 0, 1, {
	    { OA_WAITEE, 0, false, 0, "a process or thread name", "WHO",
		NULL } } },
	[OP_STOP] = { "stop", 0, FN_OP_STOP, { 0 }, 0, 0, 0, { { 0 } } },
	[OP_CONTINUE] = { "continue", 1, FN_OP_CONTINUE, { A(0) }, 0, 0, 1,
	    { SIG_PROC(0) } },
	[OP_MSYNC] = { "msync", 3, FN_OP_MSYNC, { A(0), A(1), A(2) }, 0, 1, 3,
	    { SIG_VA(0), SIG_N(1),
	    { OA_WORD, 2, true, 0, "'sync', 'async' or 'invalidate'", "FLAGS",
		msync_words } } },
	[OP_MADVISE] = { "madvise", 3, FN_OP_MADVISE, { A(0), A(1), A(2) }, 0,
	    1, 3, { SIG_VA(0), SIG_N(1),
	    { OA_WORD, 2, false, 0, "'dontneed' or 'free'", "ADVICE",
		madvise_words } } },
	[OP_SWAPOFF] = { "swapoff", 0, FN_OP_SWAPOFF, { 0 }, 0, 1, 0,
	    { { 0 } } },
};

const struct op_desc *
op_desc(int kind)
{
	if (kind <= OP_NONE || kind >= NOPS || op_descs[kind].name == NULL)
		return NULL;
	return &op_descs[kind];
}

const char *
op_name(int kind)
{
	const struct op_desc *d = op_desc(kind);

	return d != NULL ? d->name : "?";
}

int
op_lookup(const char *name)
{
	for (int k = OP_NONE + 1; k < NOPS; k++)
		if (op_descs[k].name != NULL &&
		    strcmp(op_descs[k].name, name) == 0)
			return k;
	return -1;
}

int
op_nargs(int kind)
{
	const struct op_desc *d = op_desc(kind);

	return d != NULL ? d->nargs : 0;
}
