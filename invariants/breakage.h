/*
 * breakage.h: what a kernel bug of each class leaves behind, for the
 * invariants that no catalogued kernel reaches.
 *
 * Twelve invariants of the catalogue never fire on the library under any
 * profile or single knob: the kernels modelled do not break them (a
 * wired page is dequeued by uvm_pagewire, fork write-protects, no era
 * leaks a swap slot, ...).  Each still guards the model: a change to the
 * model that breaks one of them is caught only by it.  To show that such
 * an invariant has teeth where no scenario can, `uvmcheck gate` takes
 * worlds a real run of a library scenario reached under the fixed kernel
 * and applies a breakage: the smallest change a kernel bug of that class
 * would make (an mprotect that forgets pmap_protect, an amap_copy that
 * keeps a reference it never drops, a biodone that never comes).  The
 * invariant must fire on the broken world, first of all, and the world
 * before the breakage must be clean (explore/witness.c).
 *
 * A breakage works on the world alone; it picks the first object of the
 * kind it needs (lowest index) and returns false when the world has none.
 */
#ifndef UVMCHECK_BREAKAGE_H
#define UVMCHECK_BREAKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "core/world.h"

struct inv_breakage {
	int inv;		/* enum inv_id the breakage must set off */
	const char *bug;	/* the kernel bug it stands for */
	/*
	 * Break w in place and say what was changed in what (objects by
	 * index); false, w untouched, when w has nothing of the kind.
	 */
	bool (*apply)(struct world *w, const struct model *m, char *what,
	    size_t len);
};

extern const struct inv_breakage inv_breakages[];
extern const int inv_nbreakages;

/* the breakage of invariant inv, or NULL */
const struct inv_breakage *inv_breakage_of(int inv);

#endif
