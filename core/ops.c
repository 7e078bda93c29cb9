/*
 * ops.c: a thread's program, one operation at a time.  Each program op
 * becomes a call of the model function that implements its system call
 * (or kernel path); the op's arguments become the frame's arguments.
 */
#include "core/ops.h"

#include "core/uvm.h"

void
op_start(struct world *w, struct step_ctx *c, const struct op *op)
{
	const uint8_t *a = op->arg;

	switch (op->kind) {
	case OP_MMAP:
		/* 8 arguments: mmap reads the rest from the op itself */
		fn_call(w, c, FN_OP_MMAP, 0, 0, 0, 0, 0, 0);
		break;
	case OP_MUNMAP:
		fn_call(w, c, FN_OP_MUNMAP, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_TOUCH:
		fn_call(w, c, FN_OP_TOUCH, a[0], a[1], a[2], a[3], 0, 0);
		break;
	case OP_MLOCK:
		fn_call(w, c, FN_OP_MLOCK, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_MUNLOCK:
		fn_call(w, c, FN_OP_MUNLOCK, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_MLOCKALL:
		fn_call(w, c, FN_OP_MLOCKALL, a[0], 0, 0, 0, 0, 0);
		break;
	case OP_MUNLOCKALL:
		fn_call(w, c, FN_OP_MUNLOCKALL, 0, 0, 0, 0, 0, 0);
		break;
	case OP_MPROTECT:
		fn_call(w, c, FN_OP_MPROTECT, a[0], a[1], a[2], 0, 0, 0);
		break;
	case OP_TRUNCATE:
		fn_call(w, c, FN_OP_TRUNCATE, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_SEND:
		fn_call(w, c, FN_OP_SEND, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_PHYSIO_READ:
		fn_call(w, c, FN_OP_PHYSIO, a[0], a[1], 1, 0, 0, 0);
		break;
	case OP_PHYSIO_WRITE:
		fn_call(w, c, FN_OP_PHYSIO, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_FORK:
		fn_call(w, c, FN_OP_FORK, a[0], 0, 0, 0, 0, 0);
		break;
	case OP_CLONE:
		fn_call(w, c, FN_OP_CLONE, a[0], 0, 0, 0, 0, 0);
		break;
	case OP_PTRACE_WRITE:
		fn_call(w, c, FN_OP_PTRACE_WRITE, a[0], a[1], 0, 0, a[2], 0);
		break;
	case OP_EXIT:
		fn_call(w, c, FN_OP_EXIT, 0, 0, 0, 0, 0, 0);
		break;
	case OP_COLLECT:
		fn_call(w, c, FN_OP_COLLECT, a[0], 0, 0, 0, 0, 0);
		break;
	case OP_KMEM_FAULT:
		fn_call(w, c, FN_OP_KMEM_FAULT, a[0], 0, 0, 0, 0, 0);
		break;
	case OP_MINHERIT:
		fn_call(w, c, FN_OP_MINHERIT, a[0], a[1], a[2], 0, 0, 0);
		break;
	case OP_MINCORE:
		fn_call(w, c, FN_OP_MINCORE, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_PTRACE_READ:
		fn_call(w, c, FN_OP_PTRACE_READ, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_WAIT:
		fn_call(w, c, FN_OP_WAIT, a[0], a[1], 0, 0, 0, 0);
		break;
	case OP_STOP:
		fn_call(w, c, FN_OP_STOP, 0, 0, 0, 0, 0, 0);
		break;
	case OP_CONTINUE:
		fn_call(w, c, FN_OP_CONTINUE, a[0], 0, 0, 0, 0, 0);
		break;
	default:
		model_event(w, c, INV_KERNEL_PANIC, op->kind, 0, 0,
		    "model: unknown operation");
		break;
	}
}
