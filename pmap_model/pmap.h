/*
 * pmap.h: the machine-dependent layer below UVM, modelled after pmap(9)
 * and the x86 pmap.
 *
 * The pmap knows physical page numbers (1..MAX_PAGES), never struct
 * vm_page.  Each pmap maps VA_PAGES pages of virtual address space; pmap
 * KERNEL_VMSPACE (1) is pmap_kernel().  A PTE is either a managed mapping
 * (made by pmap_enter: on the page's pv list, subject to
 * pmap_page_protect, feeding referenced/modified tracking) or an
 * unmanaged kernel mapping (pmap_kenter_pa: always wired, invisible to
 * pmap_page_protect, removed only by pmap_kremove).  The pv list of a
 * page is therefore "every managed PTE naming it" (pv.c walks it).
 *
 * Page-table pages: every PTP_SPAN pages of user VA need one page-table
 * page (PTP) before a PTE can be made there.  The pmap does not allocate
 * it: the caller (core's allocator, with the reserve, as
 * UVM_PGA_USERESERVE) passes a free page in; pmap_enter tells whether it
 * used it.  PTPs of pmap_kernel() are static and never allocated.  When a
 * PTP's last PTE goes, the PTP is handed back in a struct pmap_freed for
 * the caller to free.  Under the ptp_steal knob pmap_enter may instead
 * steal a PTP from another pmap (pmap_steal_ptp, i386 2000).
 *
 * Nothing here sleeps; every function is atomic with respect to the
 * model's interleaving.
 */
#ifndef UVMCHECK_PMAP_H
#define UVMCHECK_PMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/params.h"

/* vm_prot_t */
#define VM_PROT_NONE	0x0
#define VM_PROT_READ	0x1
#define VM_PROT_WRITE	0x2
#define VM_PROT_EXECUTE	0x4
#define VM_PROT_ALL	0x7

/* pmap_enter flags: the access type (low bits, a vm_prot_t) | these */
#define PMAP_WIRED	0x10
#define PMAP_CANFAIL	0x20

/* pte_bits */
#define PTE_PROT_MASK	0x07	/* VM_PROT_* */
#define PTE_V		0x08	/* valid */
#define PTE_WIRED	0x10	/* wired attribute (pmap_unwire clears) */
#define PTE_MANAGED	0x20	/* pmap_enter mapping, on the pv list */

/* mdpage attributes, per physical page, survive removal of mappings */
#define MDPG_REFERENCED	0x1
#define MDPG_MODIFIED	0x2

/* pm_flags */
#define PM_STATIC_PTPS	0x1	/* pmap_kernel(): PTPs always present */
#define PM_ACTIVE	0x2	/* pmap in use (its vmspace exists) */

struct pmap_pte {
	uint8_t pte_pa;		/* physical page, 0 if invalid */
	uint8_t pte_bits;	/* PTE_* and prot */
};

struct pmap {
	uint8_t pm_flags;
	uint8_t pm_ptp[NPTP];	/* page-table page per region, 0 = none */
	struct pmap_pte pm_pte[VA_PAGES];
};

/* the whole pmap layer: part of struct world, flat and copyable */
struct pmap_state {
	struct pmap pmaps[MAX_PMAPS + 1];
	uint8_t mdpg_attrs[MAX_PAGES + 1];	/* MDPG_* */
	uint8_t steal_hand;			/* pmaps_hand of pmap_steal_ptp */
};

/* machine-dependent behaviour knobs, set by core from the scenario's profile */
enum ptp_steal_mode {
	PMAP_STEAL_OFF = 0,	/* no stealing: enter fails (CANFAIL) or panics */
	PMAP_STEAL_SKIP_WIRED,	/* i386 2000: steal, skip PTPs with wired PTEs */
	PMAP_STEAL_IGNORE_WIRED, /* bug variant: steal PTPs holding wired PTEs */
};

struct pmap_knobs {
	bool ppp_none_removes_wired;	/* x86 true; hp300 1999 false (S-3) */
	bool collect_skips_wired;	/* pmap_collect PMAP_REMOVE_SKIPWIRED */
	enum ptp_steal_mode ptp_steal;	/* S-14 */
};

/* PTPs given back by a removal, for core to uvm_pagefree */
struct pmap_freed {
	uint8_t n;
	uint8_t ptp[NPTP * MAX_PMAPS];
};

/* what pmap_enter did, beyond its return value */
struct pmap_enter_result {
	bool ptp_used;		/* the caller's spare PTP page was installed */
	bool panicked;		/* resource shortage without PMAP_CANFAIL */
	uint8_t stolen_ptp;	/* PTP taken from another pmap (0 = none) */
	uint8_t steal_victim;	/* ... from this pmap */
	bool steal_took_wired;	/* the stolen PTP held a wired PTE (I16) */
	uint8_t replaced_pa;	/* a different page was mapped at va before */
};

/* pmap.c */
void pmap_init(struct pmap_state *ps);
void pmap_create(struct pmap_state *ps, int pm);
void pmap_destroy(struct pmap_state *ps, int pm, struct pmap_freed *freed);
bool pmap_ptp_needed(const struct pmap_state *ps, int pm, int va);
int pmap_enter(struct pmap_state *ps, const struct pmap_knobs *k, int pm,
    int va, int pa, int prot, int flags, int spare_ptp,
    struct pmap_enter_result *res);
void pmap_remove(struct pmap_state *ps, int pm, int sva, int eva,
    struct pmap_freed *freed);
void pmap_protect(struct pmap_state *ps, int pm, int sva, int eva, int prot);
void pmap_page_protect(struct pmap_state *ps, const struct pmap_knobs *k,
    int pa, int prot, struct pmap_freed *freed);
bool pmap_extract(const struct pmap_state *ps, int pm, int va, int *pa);
/* 0 ok; 1 = "invalid (unmapped) va" (DIAGNOSTIC panic); 2 = was not wired */
int pmap_unwire(struct pmap_state *ps, int pm, int va);
void pmap_kenter_pa(struct pmap_state *ps, int va, int pa, int prot);
void pmap_kremove(struct pmap_state *ps, int va, int npages);
void pmap_collect(struct pmap_state *ps, const struct pmap_knobs *k, int pm,
    struct pmap_freed *freed);
/* the CPU touches va: sets referenced (and modified on write) if the PTE allows */
bool pmap_access(struct pmap_state *ps, int pm, int va, int access);

/* pv.c: the pv list of a page = its managed PTEs */
int pmap_pv_count(const struct pmap_state *ps, int pa);
bool pmap_page_is_mapped(const struct pmap_state *ps, int pa);
int pmap_kmap_count(const struct pmap_state *ps, int pa); /* unmanaged */
bool pmap_page_has_writable(const struct pmap_state *ps, int pa, bool managed);
bool pmap_is_modified(const struct pmap_state *ps, int pa);
bool pmap_is_referenced(const struct pmap_state *ps, int pa);
bool pmap_clear_modify(struct pmap_state *ps, int pa);
bool pmap_clear_reference(struct pmap_state *ps, int pa);
int pmap_wired_count(const struct pmap_state *ps, int pm);
int pmap_resident_count(const struct pmap_state *ps, int pm);

/* ptp.c: page-table pages */
int pmap_ptp_region(int va);
int pmap_ptp_pte_count(const struct pmap_state *ps, int pm, int region);
bool pmap_page_is_ptp(const struct pmap_state *ps, int pa, int *pm, int *region);
bool pmap_steal_ptp(struct pmap_state *ps, const struct pmap_knobs *k,
    int requester, struct pmap_enter_result *res);

#endif
