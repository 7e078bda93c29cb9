/*
 * model.c: the constant half of a run: defaults, names of operations and
 * kernel threads, and what is derived from the knobs.
 */
#include "core/model.h"

#include <string.h>

#include "core/world.h"

struct op_desc {
	const char *name;
	int nargs;
};

static const struct op_desc op_descs[NOPS] = {
	[OP_MMAP] = { "mmap", 8 },
	[OP_MUNMAP] = { "munmap", 2 },
	[OP_TOUCH] = { "touch", 2 },
	[OP_MLOCK] = { "mlock", 2 },
	[OP_MUNLOCK] = { "munlock", 2 },
	[OP_MLOCKALL] = { "mlockall", 1 },
	[OP_MUNLOCKALL] = { "munlockall", 0 },
	[OP_MPROTECT] = { "mprotect", 3 },
	[OP_TRUNCATE] = { "truncate", 2 },
	[OP_SEND] = { "send", 2 },
	[OP_PHYSIO_READ] = { "physio-read", 2 },
	[OP_PHYSIO_WRITE] = { "physio-write", 2 },
	[OP_FORK] = { "fork", 1 },
	[OP_CLONE] = { "clone", 1 },
	[OP_PTRACE_WRITE] = { "ptrace-write", 2 },
	[OP_EXIT] = { "exit", 0 },
	[OP_COLLECT] = { "collect", 1 },
	[OP_KMEM_FAULT] = { "kmem-fault", 1 },
};

static const char *const kthread_names[] = {
	[KT_NONE] = "lwp",
	[KT_PAGEDAEMON] = "pagedaemon",
	[KT_NETISR] = "netisr",
	[KT_AIODONE] = "aiodone",
	[KT_INTR] = "intr",
};

void
model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->tun.npages = 8;
	m->tun.freemin = 1;
	m->tun.freetarg = 2;
	m->tun.reserve = 0;
	m->tun.nswap = 2;
	m->tun.failures = 0;
}

void
model_finish(struct model *m)
{
	m->pmap_knobs.ppp_none_removes_wired =
	    m->knobs.v[K_PPP_NONE_REMOVES_WIRED] == 0;
	m->pmap_knobs.collect_skips_wired =
	    m->knobs.v[K_COLLECT_SKIPS_WIRED] == 0;
	m->pmap_knobs.ptp_steal = (enum ptp_steal_mode)m->knobs.v[K_PTP_STEAL];
}

const char *
op_name(int kind)
{
	if (kind <= OP_NONE || kind >= NOPS)
		return "?";
	return op_descs[kind].name;
}

int
op_lookup(const char *name)
{
	for (int k = OP_NONE + 1; k < NOPS; k++)
		if (strcmp(op_descs[k].name, name) == 0)
			return k;
	return -1;
}

int
op_nargs(int kind)
{
	if (kind <= OP_NONE || kind >= NOPS)
		return 0;
	return op_descs[kind].nargs;
}

const char *
kthread_name(int kind)
{
	if (kind < KT_NONE || kind > KT_INTR)
		return "?";
	return kthread_names[kind];
}

int
kthread_lookup(const char *name)
{
	for (int k = KT_PAGEDAEMON; k <= KT_INTR; k++)
		if (strcmp(kthread_names[k], name) == 0)
			return k;
	return -1;
}
