/*
 * ops.c: a thread's program, one operation at a time.  Each program op
 * becomes a call of the model function that implements its system call
 * (or kernel path), as the operation's registry entry says
 * (core/registry.c): the entry names the function and which of the op's
 * slots (or which constants) become the frame's arguments.
 */
#include "core/ops.h"

#include <stddef.h>

#include "core/inv_ids.h"
#include "core/uvm.h"

void
op_start(struct world *w, struct step_ctx *c, const struct op *op)
{
	const struct op_desc *d = op_desc(op->kind);
	int a[OP_CALL_NARGS];

	if (d == NULL || d->fn == FN_NONE) {
		model_event(w, c, INV_KERNEL_PANIC, op->kind, 0, 0,
		    "model: unknown operation");
		return;
	}
	for (int i = 0; i < OP_CALL_NARGS; i++) {
		int16_t v = d->call[i];

		a[i] = OP_CALL_IS_ARG(v) ? op->arg[OP_CALL_SLOT(v)] : v;
	}
	fn_call(w, c, d->fn, a[0], a[1], a[2], a[3], a[4], a[5]);
}
