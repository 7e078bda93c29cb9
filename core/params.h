/*
 * params.h: compile-time sizes of the model world.
 *
 * Every array in struct world is sized by one of these.  A scenario uses a
 * prefix of each array; index 0 of every table is "none" and stays zero, so
 * valid indices run from 1 to MAX_x.  Keep them small: the size of the world
 * sets the speed of every explorer (target: under 4 KiB).
 */
#ifndef UVMCHECK_PARAMS_H
#define UVMCHECK_PARAMS_H

#define MAX_PAGES	16	/* physical pages, user and page-table alike */
#define MAX_OBJS	4	/* uvm_objects: vnodes (and anonymous objects) */
#define MAX_ANONS	16	/* struct vm_anon */
#define MAX_AMAPS	8	/* struct vm_amap */
#define AMAP_SLOTS	8	/* slots per amap: one per page of the entry */
#define MAX_ENTRIES	16	/* vm_map_entry, across every map */
#define MAX_VMSPACES	5	/* 1 = kernel_map, then one per process */
#define MAX_PMAPS	MAX_VMSPACES /* pmap i belongs to vmspace i */
#define VA_PAGES	16	/* pages of virtual address space per map */
#define PTP_SPAN	4	/* VA pages covered by one page-table page */
#define NPTP		(VA_PAGES / PTP_SPAN)
#define MAX_SWAP	4	/* swap slots */
#define MAX_THREADS	8	/* LWPs and kernel threads */
#define MAX_PROCS	4	/* user processes */
#define MAX_BUFS	4	/* struct buf: physio and pager I/O in flight */
#define MAX_KLOANS	4	/* pages lent to the kernel (mbufs) */
#define FRAME_DEPTH	5	/* nested model functions per thread */
#define FRAME_ARGS	6	/* small locals per frame */

#define KERNEL_VMSPACE	1	/* vmspace and pmap index of kernel_map */

#endif
