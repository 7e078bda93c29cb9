/*
 * model_builder.h: build a struct model by hand in unit tests, the way
 * scenarios/parse.c would from a scenario file.  One definition of each
 * builder, shared by test_fault.c, test_io.c and test_map.c (which wrap
 * them with the argument lists their tests use).
 */
#ifndef UVMCHECK_TEST_MODEL_BUILDER_H
#define UVMCHECK_TEST_MODEL_BUILDER_H

#include <stdbool.h>
#include <stdio.h>

#include "core/model.h"
#include "core/world.h"

/* an empty model with npages pages, freemin 1, freetarg 2, 2 swap slots */
static inline void
mb_base(struct model *m, int npages)
{
	model_init(m);
	m->tun.npages = (uint8_t)npages;
	m->tun.freemin = 1;
	m->tun.freetarg = 2;
	m->tun.nswap = 2;
}

static inline int
mb_obj(struct model *m, int type, int size, int resident)
{
	int o = ++m->nobjs;

	m->objs[o].type = (uint8_t)type;
	m->objs[o].size = (uint8_t)size;
	m->objs[o].resident = (uint8_t)resident;
	return o;
}

static inline int
mb_proc(struct model *m, bool forked)
{
	int p = ++m->nprocs;

	m->procs[p].forked = forked;
	return p;
}

/* a `map` line: the mapping the process starts with */
static inline void
mb_map(struct model *m, int proc, int va, int n, int obj, int off, int flags,
    int prot, int maxprot, int inherit)
{
	struct map_def *md = &m->mapdefs[m->nmapdefs++];

	md->proc = (uint8_t)proc;
	md->mmap.kind = OP_MMAP;
	md->mmap.arg[0] = (uint8_t)va;
	md->mmap.arg[1] = (uint8_t)n;
	md->mmap.arg[2] = (uint8_t)obj;
	md->mmap.arg[3] = (uint8_t)off;
	md->mmap.arg[4] = (uint8_t)flags;
	md->mmap.arg[5] = (uint8_t)prot;
	md->mmap.arg[6] = (uint8_t)maxprot;
	md->mmap.arg[7] = (uint8_t)inherit;
}

/* a thread named "tN" */
static inline int
mb_thread(struct model *m, int kthread, int proc, bool embryo)
{
	int tid = ++m->nthreads;

	m->threads[tid].kthread = (uint8_t)kthread;
	m->threads[tid].proc = (uint8_t)proc;
	m->threads[tid].embryo = embryo;
	snprintf(m->threads[tid].name, sizeof(m->threads[tid].name), "t%d",
	    tid);
	return tid;
}

static inline void
mb_op(struct model *m, int tid, int kind, int a0, int a1, int a2)
{
	struct thread_def *td = &m->threads[tid];
	struct op *op = &td->ops[td->nops++];

	op->kind = (uint8_t)kind;
	op->arg[0] = (uint8_t)a0;
	op->arg[1] = (uint8_t)a1;
	op->arg[2] = (uint8_t)a2;
}

#endif
