// SPDX-License-Identifier: MIT
/*
 * mb_port_linux.c - Linux's own memblock (mm/memblock.c of the installed
 * kernel source, built by CMake at configure time; never vendored) as a
 * memblock port for the boot-phase differential.
 *
 * This file is compiled against the kernel's headers (linux/memblock.h and
 * the user-space shims of tools/), the rest of the port against ours only:
 * mb_port.h is included for its types, and the two sets meet in nothing
 * else.  The build links this object, mm/memblock.c, kenv.c and physmem.c
 * into one relocatable object and keeps only mb_port_linux_ops global, so
 * the kernel's memblock_add() & co. never meet the reference's.
 *
 * Each scenario boot op is one kernel call:
 *   add     memblock_add_node(base, size, nid, MEMBLOCK_NONE)
 *   reserve memblock_reserve(); remove memblock_remove();
 *   free    memblock_phys_free()
 *   alloc   memblock_alloc_try_nid_raw(size, align, min, max, nid), which is
 *           memblock_alloc_internal(): memblock_alloc_range_nid() over
 *           [min, max), retried from 0 when min gives nothing (min is a
 *           preference, as in the trace language); the direction is
 *           memblock's global one, set with memblock_set_bottom_up() for the
 *           op and put back to top-down after it.  The trace language has
 *           no exact-nid alloc, so memblock_alloc_exact_nid_raw() is unused.
 *
 * Linux's memblock is one global instance: create() refuses a second live
 * one and resets the arrays to their static initial ones, so every run
 * starts from the same state (the simulator's reset between tests).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* Ours first: kernel headers define macros (pageblock_order) that our field names share. */
#include "fuzz/diff/mb_port.h"
#include "kenv.h"
#include "physmem.h"
#include <linux/memblock.h>

_Static_assert(MAX_NUMNODES == MB_PORT_NO_NODE, "CONFIG_NODES_SHIFT must give 8 nodes");

static bool live;
static bool captured;
static struct memblock_region *init_memory, *init_reserved;	/* the static arrays */
static unsigned long init_memory_max, init_reserved_max;

/* Put the global memblock back to its boot-time state. */
static void reset(void)
{
	if (!captured) {	/* first call: the arrays are still the static ones */
		init_memory = memblock.memory.regions;
		init_reserved = memblock.reserved.regions;
		init_memory_max = memblock.memory.max;
		init_reserved_max = memblock.reserved.max;
		captured = true;
	}
	memset(init_memory, 0, init_memory_max * sizeof(*init_memory));
	memset(init_reserved, 0, init_reserved_max * sizeof(*init_reserved));
	memblock.memory.regions = init_memory;
	memblock.memory.cnt = 0;
	memblock.memory.max = init_memory_max;
	memblock.memory.total_size = 0;
	memblock.reserved.regions = init_reserved;
	memblock.reserved.cnt = 0;
	memblock.reserved.max = init_reserved_max;
	memblock.reserved.total_size = 0;
	memblock.bottom_up = false;
	memblock.current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	physmem_reset();
}

static void *lnx_create(void)
{
	if (live)
		return NULL;
	reset();
	memblock_allow_resize();
	live = true;
	return &memblock;
}

/*
 * Intended deviation, memblock_find_in_range_node(): Linux reads an end of
 * 1 as MEMBLOCK_ALLOC_NOLEAKTRACE, "the current limit, and no kmemleak
 * record"; in the trace language max=1 is what it says, a limit of one
 * byte.  Any end up to PAGE_SIZE is the same empty window to Linux (it
 * never allocates the first page), so max=1 is passed as 2.
 */
static phys_addr_t linux_max_addr(uint64_t max_addr)
{
	return max_addr == MEMBLOCK_ALLOC_NOLEAKTRACE ? 2 : max_addr;
}

/* Where a grown array lies in physical memory; false for a static one. */
static bool array_phys(const struct memblock_type *t, const struct memblock_region *init,
		       uint64_t *start, uint64_t *end)
{
	if (t->regions == init)
		return false;
	*start = __pa(t->regions);
	*end = *start + PAGE_ALIGN(t->max * sizeof(*t->regions));
	return true;
}

/*
 * A bug of Linux 6.12 the differential found: when `memory` grows,
 * memblock_double_array() frees the old array before it reserves the new
 * one; if that free must grow `reserved`, the nested growth may take the
 * new memory array's still unreserved bytes and copy the reserved array
 * over it.  Both arrays then share physical pages (and so host memory
 * here, within a chunk): the memory array is garbage from then on.
 */
static const char *arrays_overlap(void)
{
	uint64_t ms, me, rs, re;

	if (!array_phys(&memblock.memory, init_memory, &ms, &me) ||
	    !array_phys(&memblock.reserved, init_reserved, &rs, &re))
		return NULL;
	if (ms < re && rs < me)
		return "memblock_double_array() placed the reserved array over the memory array";
	return NULL;
}

/*
 * Where Linux itself cannot go on (kenv.h): a BUG_ON() that fires, or a
 * memcpy() between overlapping ranges.  The state is whatever the kernel
 * left half done, so the run stops here.  Seen so far (both kept in
 * repro/cases/mbdiff-linux-bug-*):
 * - memblock_insert_region(): BUG_ON(type->cnt >= type->max).
 *   memblock_add_range() counts the gaps to insert, grows the array, and
 *   inserts without counting again; when memblock_double_array() found
 *   room only inside the range being reserved (its second search, whose
 *   end of 0 or 1 means "up to current_limit"), reserving the new array
 *   split one more gap than was counted (insert_region-max).
 *   The reference counts again after each growth.
 * - memblock_double_array(): memcpy() from the old array onto a new one
 *   that overlaps it, which needs a scenario that freed the old array's
 *   own reservation (double_array-self-copy).
 */
static struct mb_port_result bug_result(void)
{
	struct mb_port_result res = { false, 0, kenv_bug_message, NULL };

	memblock_set_bottom_up(false);
	return res;
}

/*
 * Intended deviation (mb_diff.c): an op that failed after growing an
 * array.  memblock_add_range() doubles until the count it needs fits and
 * memblock_isolate_range() until two more slots fit; a doubling that
 * fails returns -ENOMEM with the earlier ones kept.
 */
static const char *kept_growth(unsigned long memory_max, unsigned long reserved_max)
{
	static char why[200];
	bool mem = memblock.memory.max != memory_max;

	if (!mem && memblock.reserved.max == reserved_max)
		return NULL;
	snprintf(why, sizeof(why), "the op failed after growing the %s array from %lu to %lu "
		 "slots, and Linux keeps that growth (the reference undoes a failed op whole)",
		 mem ? "memory" : "reserved", mem ? memory_max : reserved_max,
		 mem ? memblock.memory.max : memblock.reserved.max);
	return why;
}

static struct mb_port_result lnx_op(void *arg, const struct scn_boot_op *op)
{
	struct mb_port_result res = { false, 0, NULL, NULL };
	unsigned long memory_max = memblock.memory.max, reserved_max = memblock.reserved.max;
	jmp_buf bug;
	void *p;

	(void)arg;
	kenv_bug_jump = &bug;
	if (setjmp(bug)) {
		kenv_bug_jump = NULL;
		return bug_result();
	}
	switch (op->kind) {
	case BOOT_MB_ADD:
		res.ok = !memblock_add_node(op->base, op->size, op->nid < 0 ? 0 : op->nid,
					    MEMBLOCK_NONE);
		break;
	case BOOT_MB_RESERVE:
		res.ok = !memblock_reserve(op->base, op->size);
		break;
	case BOOT_MB_REMOVE:
		res.ok = !memblock_remove(op->base, op->size);
		break;
	case BOOT_MB_FREE:
		res.ok = !memblock_phys_free(op->base, op->size);
		break;
	case BOOT_MB_ALLOC:
		memblock_set_bottom_up(op->bottom_up);
		p = memblock_alloc_try_nid_raw(op->size, op->align, op->min_addr,
					       linux_max_addr(op->max_addr),
					       op->nid < 0 ? NUMA_NO_NODE : op->nid);
		memblock_set_bottom_up(false);
		res.ok = p != NULL;
		res.addr = p ? __pa(p) : 0;
		break;
	}
	kenv_bug_jump = NULL;
	res.known_bug = arrays_overlap();
	if (!res.ok)
		res.deviation = kept_growth(memory_max, reserved_max);
	return res;
}

static void report_type(struct memblock_type *t, const struct memblock_region *init,
			enum mb_port_type type, mb_port_report_fn fn, void *arg)
{
	struct mb_port_region *r = calloc(t->cnt + 1, sizeof(*r));
	struct mb_port_array a = { t->cnt, t->max, t->total_size, r, 0, 0 };
	uint64_t end;
	unsigned long i;

	if (!r)
		abort();
	if (array_phys(t, init, &a.array_base, &end))
		a.array_bytes = end - a.array_base;
	for (i = 0; i < t->cnt; i++) {
		r[i].base = t->regions[i].base;
		r[i].size = t->regions[i].size;
		r[i].flags = t->regions[i].flags;
		r[i].nid = memblock_get_region_node(&t->regions[i]);
	}
	fn(arg, type, &a);
	free(r);
}

static void lnx_report(void *arg, mb_port_report_fn fn, void *fn_arg)
{
	(void)arg;
	report_type(&memblock.memory, init_memory, MB_PORT_MEMORY, fn, fn_arg);
	report_type(&memblock.reserved, init_reserved, MB_PORT_RESERVED, fn, fn_arg);
}

static void lnx_destroy(void *arg)
{
	if (!arg)
		return;
	reset();
	live = false;
}

const struct mb_port_ops mb_port_linux_ops = {
	.name = "linux",
	.create = lnx_create,
	.op = lnx_op,
	.report = lnx_report,
	.destroy = lnx_destroy,
};
