/*
 * model.c: the constant half of a run: defaults, names of kernel threads
 * and results, and what is derived from the knobs.  Operations are
 * registry.c's.
 */
#include "core/model.h"

#include <stdio.h>
#include <string.h>

#include "core/engine.h"
#include "core/world.h"

/* the errno values the model returns, by name (engine.h M_E*) */
static const struct { int e; const char *name; } errno_names[] = {
	{ 0, "ok" }, { M_EIO, "EIO" }, { M_EBADF, "EBADF" },
	{ M_EAGAIN, "EAGAIN" }, { M_ENOMEM, "ENOMEM" }, { M_EACCES, "EACCES" },
	{ M_EFAULT, "EFAULT" }, { M_EBUSY, "EBUSY" }, { M_EINVAL, "EINVAL" },
	{ M_EDEADLK, "EDEADLK" }, { M_ERESTART, "ERESTART" },
	{ M_ENXIO, "ENXIO" },
};

static const struct { int sig; const char *name; } signal_names[] = {
	{ M_SIGKILL, "SIGKILL" }, { M_SIGBUS, "SIGBUS" },
	{ M_SIGSEGV, "SIGSEGV" },
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
	    m->knobs.v[K_PPP_NONE_REMOVES_WIRED] ==
	    PPP_NONE_REMOVES_WIRED_REMOVES;
	m->pmap_knobs.collect_skips_wired =
	    m->knobs.v[K_COLLECT_SKIPS_WIRED] == COLLECT_SKIPS_WIRED_SKIPS_WIRED;
	switch (m->knobs.v[K_PTP_STEAL]) {
	case PTP_STEAL_SKIP_WIRED:
		m->pmap_knobs.ptp_steal = PMAP_STEAL_SKIP_WIRED;
		break;
	case PTP_STEAL_IGNORE_WIRED:
		m->pmap_knobs.ptp_steal = PMAP_STEAL_IGNORE_WIRED;
		break;
	default:
		m->pmap_knobs.ptp_steal = PMAP_STEAL_OFF;
		break;
	}
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

const char *
errno_name(int e)
{
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].e == e)
			return errno_names[i].name;
	return NULL;
}

int
errno_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (strcmp(errno_names[i].name, name) == 0)
			return errno_names[i].e;
	return -1;
}

const char *
signal_name(int sig)
{
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]);
	    i++)
		if (signal_names[i].sig == sig)
			return signal_names[i].name;
	return NULL;
}

int
signal_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]);
	    i++)
		if (strcmp(signal_names[i].name, name) == 0)
			return signal_names[i].sig;
	return -1;
}

/*
 * trap_signal: the signal a failed user page fault raises, as
 * sys/arch/amd64/amd64/trap.c trap() (T_PAGEFLT, NetBSD 9/10) maps
 * uvm_fault's error: EINVAL (the pager: genfs_getpages past end of
 * file) -> SIGBUS/BUS_ADRERR; EACCES -> SIGSEGV/SEGV_ACCERR; ENOMEM ->
 * SIGKILL ("out of swap"); anything else (EFAULT: no mapping) ->
 * SIGSEGV/SEGV_MAPERR.
 */
int
trap_signal(int error)
{
	switch (error) {
	case 0:
		return 0;
	case M_EINVAL:
		return M_SIGBUS;
	case M_ENOMEM:
		return M_SIGKILL;
	default:
		return M_SIGSEGV;
	}
}

const char *
op_result_str(int kind, int rc, int value, bool has_value, char *buf, int len)
{
	const char *n;

	if (rc == 0) {
		snprintf(buf, (size_t)len, "%d", has_value ? value : 0);
		return buf;
	}
	if (op_desc(kind) != NULL && (op_desc(kind)->flags & OPF_SIGNAL))
		n = signal_name(trap_signal(rc));
	else
		n = errno_name(rc);
	if (n != NULL)
		snprintf(buf, (size_t)len, "%s", n);
	else
		snprintf(buf, (size_t)len, "error %d", rc);
	return buf;
}
