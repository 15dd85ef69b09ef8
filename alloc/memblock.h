/* SPDX-License-Identifier: MIT */
/*
 * memblock.h - the boot-time region allocator, usable on its own.
 *
 * Behaviour follows mm/memblock.c as of v6.11 (before allocations got their
 * own MEMBLOCK_RSRV_KERN reserve flag): two region arrays, `memory` and
 * `reserved`, in byte addresses.  The region arrays live in host memory;
 * when one is full it doubles, and the bytes the new array would occupy
 * (24 bytes an entry, page aligned) are taken from memblock's own free
 * memory and reserved, exactly as the kernel's memblock_double_array()
 * does, so the simulated physical map reflects them.
 */
#ifndef PAGEFUZZ_MEMBLOCK_H
#define PAGEFUZZ_MEMBLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <pagefuzz/vocab.h>

#define MEMBLOCK_INIT_REGIONS	PF_MEMBLOCK_INIT_REGIONS
#define MEMBLOCK_REGION_BYTES	24	/* sizeof(struct memblock_region) in the kernel */
#define MEMBLOCK_NO_NODE	PF_MEMBLOCK_NO_NODE /* nid of a region added without one: MAX_NUMNODES */
#define PHYS_ADDR_MAX		UINT64_MAX
#define MEMBLOCK_DEFAULT_ALIGN	PF_MEMBLOCK_DEFAULT_ALIGN /* SMP_CACHE_BYTES: what align=0 means */

struct memblock_region {
	uint64_t base;		/* bytes */
	uint64_t size;		/* bytes, > 0 */
	uint32_t flags;		/* MEMBLOCK_* flags; always 0 here */
	int nid;		/* node, or MEMBLOCK_NO_NODE */
};

/*
 * Invariants of a type: regions[0..cnt) sorted by base, non-overlapping,
 * no two neighbours contiguous with equal nid and flags (they would have
 * been merged); total_size == Σ regions[i].size; cnt <= max.
 */
struct memblock_type {
	const char *name;		/* "memory" or "reserved" */
	unsigned long cnt;		/* regions in use */
	unsigned long max;		/* capacity of regions[] */
	uint64_t total_size;		/* bytes */
	struct memblock_region *regions;
	bool host_static;		/* regions[] is the initial array (never "freed") */
	/*
	 * Where a grown regions[] sits in simulated memory.  Unless
	 * host_static: array_bytes == PAGE_ALIGN(max * MEMBLOCK_REGION_BYTES)
	 * and, unless array_released, [array_base, array_base + array_bytes)
	 * lies inside `reserved`.
	 */
	uint64_t array_base;		/* bytes; 0 while host_static */
	uint64_t array_bytes;		/* bytes; 0 while host_static */
	/*
	 * A caller's memblock_free() took (part of) the array's own
	 * reservation away since it was placed.  Linux allows that
	 * (memblock_phys_free() does not look at the arrays): the array stays
	 * where it is, its bytes simply are not reserved any more.  Cleared
	 * when the array grows again (the new array is reserved).
	 */
	bool array_released;
};

struct memblock {
	bool bottom_up;			/* default allocation direction */
	uint64_t current_limit;		/* MEMBLOCK_ALLOC_ACCESSIBLE resolves to this */
	struct memblock_type memory;
	struct memblock_type reserved;
	/*
	 * Private to memblock.c: both types as they were when the running
	 * operation first had to grow an array (own host copies), so that a
	 * failed growth undoes the whole operation.  undo_saved is false
	 * between operations.
	 */
	bool undo_saved;
	/*
	 * Private to memblock.c: [guard_base, guard_end) is not free while a
	 * growth frees the old array (the new one's bytes); empty otherwise.
	 */
	uint64_t guard_base;		/* bytes */
	uint64_t guard_end;		/* bytes, exclusive */
	struct memblock_type undo_memory;
	struct memblock_type undo_reserved;
};

/*
 * Return codes are enum alloc_err values (0, ALLOC_ENOMEM, ALLOC_EINVAL).
 * A size of 0 is a no-op; a size reaching past PHYS_ADDR_MAX is cut to
 * PHYS_ADDR_MAX - base.  Any operation may have to grow a region array;
 * when that fails (no free simulated memory for it, or no host memory)
 * it returns ALLOC_ENOMEM and the memblock is exactly as before the call.
 * Full kernel-doc of each function sits at its definition in memblock.c.
 */
int memblock_init(struct memblock *mb);
void memblock_release(struct memblock *mb);

int memblock_add_node(struct memblock *mb, uint64_t base, uint64_t size, int nid);
int memblock_add(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size);
int memblock_free(struct memblock *mb, uint64_t base, uint64_t size);

/*
 * memblock_alloc_range - memblock_alloc_range_nid(): find, reserve, return.
 * @align: power of two; 0 means MEMBLOCK_DEFAULT_ALIGN
 * @nid: preferred node, or -1 for any; falls back to any node
 * @min_addr: preference only; @max_addr: hard limit, 0 = current_limit
 * Return: 0 and *@addr, ALLOC_ENOMEM if nothing fits, ALLOC_EINVAL for a bad align.
 * As in the kernel, a @size of 0 returns an address and reserves nothing.
 */
int memblock_alloc_range(struct memblock *mb, uint64_t size, uint64_t align,
			 int nid, uint64_t min_addr, uint64_t max_addr,
			 bool bottom_up, uint64_t *addr);

/*
 * for_each_free_mem_range: walk memory minus reserved, in address order.
 * Set *idx = 0 before the first call; returns false when done.  Each
 * range lies inside one memory region; *@nid (may be NULL) is its node.
 */
bool memblock_next_free_range(const struct memblock *mb, uint64_t *idx,
			      uint64_t *start, uint64_t *end, int *nid);

bool memblock_is_region_memory(const struct memblock *mb, uint64_t base, uint64_t size);
bool memblock_is_region_reserved(const struct memblock *mb, uint64_t base, uint64_t size);

/* /sys/kernel/debug/memblock-like dump in TRACE.md's format. */
void memblock_dump(const struct memblock *mb, FILE *out);

struct check_ctx;
/* memblock_check - sorted, disjoint, merged, totals; returns violations. */
unsigned int memblock_check(const struct memblock *mb, struct check_ctx *ctx);

#endif /* PAGEFUZZ_MEMBLOCK_H */
