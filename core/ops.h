/*
 * ops.h: the step functions of every resumable model function
 * (core/registry.h lists them) and the start of a program's operation.
 */
#ifndef UVMCHECK_OPS_H
#define UVMCHECK_OPS_H

#include "core/engine.h"

#define STEP_FN(name) \
	int name(struct world *w, struct step_ctx *c, struct thread *t, \
	    struct frame *f)

/* ops.c: program op -> model function call */
void op_start(struct world *w, struct step_ctx *c, const struct op *op);

/*
 * Every step function, declared from the registry's list (each file
 * documents its own: grep the name for its definition).
 */
#define OPS_DECLARE_STEP(e, name, step) STEP_FN(step);
MODEL_FUNCTIONS(OPS_DECLARE_STEP)
#undef OPS_DECLARE_STEP

#endif
