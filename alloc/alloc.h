/* SPDX-License-Identifier: MIT */
/*
 * alloc.h - public API of the pagefuzz reference page allocator.
 *
 * One `struct alloc_machine` is one simulated machine: memblock, zones,
 * memmap, buddy free lists, per-cpu lists and watermarks.  There are no
 * globals, so any number of machines can live in one process.
 *
 * Life cycle:
 *   alloc_create()                      config only
 *   alloc_memblock_*(), alloc_set_zones() boot phase, byte addresses
 *   alloc_boot()                        zone init + memmap + hand-over to buddy
 *   alloc_pages(), alloc_free_pages(), alloc_drain(), ...   run phase
 *   alloc_destroy()
 *
 * Every caller mistake (bad config, wrong phase, double free, wrong order,
 * a reserved / hole / out-of-range pfn, a pfn that sits on a per-cpu list)
 * returns a negative enum alloc_err and changes nothing.  Nothing in here
 * aborts on a caller's mistake; only a broken internal invariant does (see
 * debug.h), and that is an allocator bug.
 *
 * Shared constants (gfp bits, zones, error codes) come from
 * <pagefuzz/vocab.h>; the judge (oracle/, fuzz/) never includes this
 * header, only the reference port and alloc/'s own tests do.
 */
#ifndef PAGEFUZZ_ALLOC_H
#define PAGEFUZZ_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <pagefuzz/vocab.h>

/* The kernel-style names alloc/ uses, on the shared values of vocab.h. */
#define PAGE_SHIFT		PF_PAGE_SHIFT
#define PAGE_SIZE		PF_PAGE_SIZE
#define ALLOC_MAX_NODES		PF_MAX_NODES
#define ALLOC_MAX_CPUS		PF_MAX_CPUS
#define ALLOC_MAX_ORDER_LIMIT	PF_MAX_ORDER_LIMIT
#define ALLOC_PFN_LIMIT		PF_PFN_LIMIT
#define NUMA_NO_NODE		PF_NUMA_NO_NODE

enum zone_type {
	ZONE_DMA = PF_ZONE_DMA,
	ZONE_DMA32 = PF_ZONE_DMA32,
	ZONE_NORMAL = PF_ZONE_NORMAL,
	ZONE_MOVABLE = PF_ZONE_MOVABLE,
	NR_ZONE_TYPES = PF_NR_ZONES
};

enum migratetype {
	MIGRATE_UNMOVABLE = PF_MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE = PF_MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE = PF_MIGRATE_RECLAIMABLE,
	MIGRATE_HIGHATOMIC = PF_MIGRATE_HIGHATOMIC,
	MIGRATE_CMA = PF_MIGRATE_CMA,
	MIGRATE_ISOLATE = PF_MIGRATE_ISOLATE,
	NR_MIGRATETYPES = PF_NR_MIGRATETYPES
};
#define MIGRATE_PCPTYPES	PF_MIGRATE_PCPTYPES

enum alloc_err {
	ALLOC_OK	= PF_OK,
	ALLOC_ENOMEM	= PF_ENOMEM,	/* no memory (legitimate failure) */
	ALLOC_EINVAL	= PF_EINVAL,	/* argument outside its domain */
	ALLOC_ENOENT	= PF_ENOENT,	/* no allocation of that order starts at that pfn */
	ALLOC_EBUSY	= PF_EBUSY,	/* range in use, cannot isolate / take it */
	ALLOC_ENOTSUP	= PF_ENOTSUP,	/* operation not supported (yet) */
	ALLOC_ESTATE	= PF_ESTATE,	/* wrong phase: boot op after boot, or the reverse */
};

const char *alloc_strerror(int err);

/* GFP bits: GFPF_* of vocab.h; the kernel's composite names. */
#define GFP_ATOMIC		GFPF_ATOMIC
#define GFP_KERNEL		GFPF_KERNEL
#define GFP_NOWAIT		GFPF_NOWAIT
#define GFP_NOIO		GFPF_NOIO
#define GFP_NOFS		GFPF_NOFS
#define GFP_USER		GFPF_USER
#define GFP_HIGHUSER		GFPF_HIGHUSER
#define GFP_HIGHUSER_MOVABLE	GFPF_HIGHUSER_MOVABLE
#define GFP_DMA			(GFPF_DMA)
#define GFP_DMA32		(GFPF_DMA32)

/*
 * Machine configuration.  alloc_config_default() fills the kernel's x86-64
 * defaults; the *_auto flags ask for the kernel's own formulas
 * (zone_batchsize()/zone_highsize(), calculate_min_free_kbytes()).
 */
struct alloc_config {
	unsigned int max_order;		/* MAX_PAGE_ORDER, inclusive, <= ALLOC_MAX_ORDER_LIMIT */
	unsigned int pageblock_order;	/* <= max_order */
	unsigned int nr_cpus;		/* 1..ALLOC_MAX_CPUS; cpu c sits on node c % nr_nodes */
	unsigned int nr_nodes;		/* 1..ALLOC_MAX_NODES */
	bool pcp_auto;			/* high/batch from the zone size, as the kernel */
	unsigned int pcp_high;		/* pages; 0 disables per-cpu caching */
	unsigned int pcp_batch;		/* pages moved per refill / spill, >= 1 */
	bool min_free_auto;		/* min_free_kbytes from int_sqrt(lowmem_kb * 16) */
	unsigned long min_free_kbytes;
	bool mobility;			/* grouping by mobility (may still switch off on tiny machines) */
	/* node_distance(from, to); 0 means the default: 10 local, 20 remote */
	uint8_t distance[ALLOC_MAX_NODES][ALLOC_MAX_NODES];
};

void alloc_config_default(struct alloc_config *cfg);

struct alloc_machine;

int alloc_create(const struct alloc_config *cfg, struct alloc_machine **out);
void alloc_destroy(struct alloc_machine *m);

/* Where failure reports (show_free_areas style) go; NULL: nowhere. */
void alloc_set_report_stream(struct alloc_machine *m, FILE *out);

/*
 * The owner of the allocated pages.  Compaction and alloc_contig() move a
 * movable allocation (one made with GFPF_MOVABLE) only after this callback
 * agreed: it copies the contents from @old_pfn to @new_pfn (2^@order
 * pages, as migrate_pages() does) and returns 0, or refuses with a
 * non-zero value (a pinned page) and the block stays.  Without a callback
 * nothing ever moves.  Unmovable and reclaimable allocations never move.
 */
typedef int (*alloc_migrate_fn)(void *ctx, unsigned long old_pfn, unsigned long new_pfn,
				unsigned int order);
void alloc_set_migrate(struct alloc_machine *m, alloc_migrate_fn fn, void *ctx);

/* ---- boot phase: memblock, byte addresses (mm/memblock.c) ---- */
int alloc_memblock_add(struct alloc_machine *m, uint64_t base, uint64_t size, int nid);
int alloc_memblock_reserve(struct alloc_machine *m, uint64_t base, uint64_t size);
int alloc_memblock_remove(struct alloc_machine *m, uint64_t base, uint64_t size);
int alloc_memblock_free(struct alloc_machine *m, uint64_t base, uint64_t size);
/*
 * alloc_memblock_alloc - find and reserve @size bytes.
 * @align: power of two, 0 means 32 (SMP_CACHE_BYTES)
 * @nid: preferred node or NUMA_NO_NODE
 * @min_addr: preference only (retried from 0); @max_addr: hard limit, 0 = no limit
 * Return: 0 and *@addr, or ALLOC_ENOMEM / ALLOC_EINVAL.
 */
int alloc_memblock_alloc(struct alloc_machine *m, uint64_t size, uint64_t align,
			 int nid, uint64_t min_addr, uint64_t max_addr,
			 bool bottom_up, uint64_t *addr);
struct memblock *alloc_memblock(struct alloc_machine *m);

/*
 * alloc_set_zones - the arch's max_zone_pfn[] for DMA, DMA32, Normal
 * (non-decreasing) and an optional ZONE_MOVABLE start pfn.
 */
int alloc_set_zones(struct alloc_machine *m, const unsigned long max_zone_pfn[3],
		    bool has_movable, unsigned long movable_start_pfn);

/*
 * alloc_boot - size zones, build the memmap and zonelists, compute
 * watermarks and hand every unreserved present page to the buddy.
 * Return: 0, ALLOC_EINVAL for an impossible map (no memory, memory past
 * ALLOC_PFN_LIMIT), ALLOC_ENOMEM if the host cannot hold the memmap.
 * On failure the machine stays in the boot phase, unchanged.
 */
int alloc_boot(struct alloc_machine *m);

/* ---- run phase ---- */

/*
 * alloc_pages - allocate 2^@order pages.
 * @nid: preferred node, NUMA_NO_NODE for the node of @cpu
 * Return: 0 and *@pfn, ALLOC_ENOMEM, or ALLOC_EINVAL (bad order, cpu,
 * node, or a gfp zone combination the kernel calls GFP_ZONE_BAD).
 */
int alloc_pages(struct alloc_machine *m, uint32_t gfp, unsigned int order,
		unsigned int cpu, int nid, unsigned long *pfn);
/* alloc_free_pages - free an allocation; ALLOC_ENOENT / ALLOC_EINVAL on misuse. */
int alloc_free_pages(struct alloc_machine *m, unsigned long pfn, unsigned int order,
		     unsigned int cpu);
/* alloc_drain - empty the per-cpu lists of @cpu, or of all cpus if @cpu < 0. */
int alloc_drain(struct alloc_machine *m, int cpu);
/*
 * alloc_compact - compact_zone() on every populated zone matching @nid and
 * @zone (-1: all) for a free block of @order.
 * Return: 0 when a matching zone now holds a free block of @order or more
 * (COMPACT_SUCCESS); ALLOC_ENOMEM when compaction_suitable() or the
 * fragmentation index refused to start everywhere (too little free memory,
 * or not fragmented); ALLOC_EBUSY when the scanners met without making the
 * block (unmovable pages, refused migrations); ALLOC_EINVAL for a bad
 * order, node or zone.  alloc_compact_result() says which, per zone.
 * @order ALLOC_COMPACT_FULL is compact_node() (/proc/sys/vm/compact_memory):
 * every zone is compacted until its scanners meet, moving every movable
 * allocation below pageblock order; it returns 0.
 */
#define ALLOC_COMPACT_FULL	(~0u)
int alloc_compact(struct alloc_machine *m, int nid, int zone, unsigned int order);
/* The last compaction outcome of a zone, as a word ("success", "complete", ...). */
const char *alloc_compact_result(const struct alloc_machine *m, int nid, int zone);
/*
 * alloc_isolate / alloc_unisolate - start_isolate_page_range() and
 * undo_isolate_page_range() over the pageblocks covering
 * [@start_pfn, @start_pfn + @nr_pages), which must lie in one zone.
 * Isolating moves the free pages of those pageblocks to the ISOLATE lists
 * (out of NR_FREE_PAGES) and nothing is allocated from them until they are
 * un-isolated.  Return: 0; ALLOC_EBUSY if a pageblock holds an unmovable
 * or reserved page, or is isolated already (isolate) or not isolated
 * (unisolate); ALLOC_EINVAL for a range outside the memmap, crossing a
 * zone or empty.  On error nothing changes.
 */
int alloc_isolate(struct alloc_machine *m, unsigned long start_pfn, unsigned long nr_pages);
int alloc_unisolate(struct alloc_machine *m, unsigned long start_pfn, unsigned long nr_pages);
/*
 * alloc_contig - alloc_contig_range(): take exactly [@start_pfn,
 * @start_pfn + @nr_pages) as @nr_pages order-0 allocations (each freed
 * with alloc_free_pages(pfn, 0, cpu)), migrating movable allocations out
 * of the way.  Return: 0; ALLOC_EBUSY when an unmovable, reserved or
 * pinned page is in the way, ALLOC_ENOMEM when no target was free for a
 * migration, ALLOC_EINVAL for a range with holes, outside the memmap or
 * crossing a zone.  On failure the pageblock types are restored and no
 * page of the range is taken.
 */
int alloc_contig(struct alloc_machine *m, unsigned long start_pfn, unsigned long nr_pages);

/* ---- introspection ---- */
struct alloc_zone_info {
	int nid;
	enum zone_type zone;
	unsigned long start_pfn;	/* zone_start_pfn */
	unsigned long spanned;		/* pages in [start_pfn, start_pfn + spanned) */
	unsigned long present;		/* spanned minus holes */
	unsigned long managed;		/* present minus reserved */
	unsigned long free_pages;	/* NR_FREE_PAGES: buddy, excluding isolated pageblocks */
	unsigned long isolated_free;	/* free pages sitting in isolated pageblocks */
	unsigned long nr_isolate_pageblock;	/* pageblocks of type ISOLATE */
	unsigned long pcp_pages;	/* pages on all per-cpu lists of the zone */
	unsigned long wmark_min, wmark_low, wmark_high;
	unsigned long lowmem_reserve[NR_ZONE_TYPES];
	unsigned long nr_reserved_highatomic;
	unsigned long nr_free[ALLOC_MAX_ORDER_LIMIT + 1]; /* free blocks per order */
};
/*
 * alloc_zone_counts - the counters a harness compares after every step,
 * cheaper than alloc_zone_info(): pages not allocated (buddy, isolated
 * and per-cpu), present and managed pages.  ALLOC_EINVAL for a bad zone.
 */
int alloc_zone_counts(const struct alloc_machine *m, int nid, enum zone_type zone,
		      unsigned long *free_pages, unsigned long *present, unsigned long *managed);
/* alloc_zone_isolated - free pages on a zone's ISOLATE lists (0 for a bad zone). */
unsigned long alloc_zone_isolated(const struct alloc_machine *m, int nid, enum zone_type zone);
/* alloc_zone_protection - a zone's lowmem_reserve[] (ALLOC_EINVAL for a bad zone). */
int alloc_zone_protection(const struct alloc_machine *m, int nid, enum zone_type zone,
			  unsigned long lowmem_reserve[NR_ZONE_TYPES]);
bool alloc_is_booted(const struct alloc_machine *m);
void alloc_get_config(const struct alloc_machine *m, struct alloc_config *cfg);
bool alloc_mobility_enabled(const struct alloc_machine *m);
/* Return: 0, or ALLOC_EINVAL for a bad nid/zone; an empty zone has spanned 0. */
int alloc_zone_info(const struct alloc_machine *m, int nid, enum zone_type zone,
		    struct alloc_zone_info *out);

enum alloc_pfn_state {
	PFN_OUTSIDE,	/* not covered by the memmap */
	PFN_HOLE,	/* no memory behind it */
	PFN_RESERVED,	/* present, never handed to the buddy */
	PFN_FREE,	/* inside a free buddy block */
	PFN_PCP,	/* inside a block on a per-cpu list */
	PFN_ALLOCATED,	/* inside a live allocation */
};
struct alloc_pfn_info {
	enum alloc_pfn_state state;
	unsigned long head_pfn;		/* first pfn of the block holding it */
	unsigned int order;		/* order of that block */
	int nid;
	int zone;			/* enum zone_type, or -1 */
	int pageblock_mt;		/* enum migratetype of its pageblock, or -1 */
	int list_mt;			/* free list / pcp list it sits on, or -1 */
	int cpu;			/* pcp owner, or -1 */
};
/* alloc_pfn_info - the allocator's view of one pfn, for reports (O(max_order)). */
void alloc_pfn_info(const struct alloc_machine *m, unsigned long pfn,
		    struct alloc_pfn_info *out);
/*
 * Read-only views for a judge of Linux's policy decisions (the policy
 * judge of fuzz/policy reaches them through the port's policy table):
 * the free-block census of a zone per order and free-list type, one cpu's
 * per-cpu list of a zone, and the effective min_free_kbytes.
 */
#define ALLOC_PCP_ORDERS	4	/* orders 0..PAGE_ALLOC_COSTLY_ORDER have per-cpu lists */
struct alloc_zone_census {
	unsigned long nr_free[ALLOC_MAX_ORDER_LIMIT + 1][NR_MIGRATETYPES]; /* blocks */
};
struct alloc_pcp_info {
	unsigned long count;		/* pages on all lists */
	unsigned int high, batch;	/* pages */
	unsigned long blocks[ALLOC_PCP_ORDERS][MIGRATE_PCPTYPES]; /* blocks per list */
};
/* Return: 0, or ALLOC_EINVAL for a bad nid/zone/cpu. */
int alloc_zone_census(const struct alloc_machine *m, int nid, enum zone_type zone,
		      struct alloc_zone_census *out);
int alloc_pcp_info(const struct alloc_machine *m, int nid, enum zone_type zone, unsigned int cpu,
		   struct alloc_pcp_info *out);
unsigned long alloc_min_free_kbytes(const struct alloc_machine *m);
/*
 * alloc_list_head - the block an allocation would take next from a list:
 * the head of free_area[order].free_list[mt] of the zone (@cpu < 0), or
 * of @cpu's per-cpu list (@order <= 3, @mt < MIGRATE_PCPTYPES).
 * Return: 0 and *@pfn, ALLOC_ENOENT for an empty list, ALLOC_EINVAL.
 */
int alloc_list_head(const struct alloc_machine *m, int nid, enum zone_type zone, int cpu,
		    unsigned int order, int mt, unsigned long *pfn);
const char *alloc_zone_name(int zone);
const char *alloc_migratetype_name(int mt);

/* ---- self-check (check.c) ---- */
struct alloc_violation {
	const char *id;			/* stable dotted id, e.g. "buddy.order_mismatch" */
	unsigned long pfn;		/* where, or ~0UL */
	char detail[160];
};
typedef void (*alloc_violation_fn)(void *ctx, const struct alloc_violation *v);
/*
 * alloc_check_all - full walk of every structure.
 * @fn: called per violation (may be NULL); @limit: stop after this many (0 = all)
 * Return: number of violations found.
 */
unsigned int alloc_check_all(struct alloc_machine *m, alloc_violation_fn fn, void *ctx,
			     unsigned int limit);
/*
 * alloc_check_touched - cheap check of what changed since the previous
 * check call: the blocks the last ops put on or took off lists, and the
 * O(orders) counters.  Falls back to the full walk when too much changed.
 */
unsigned int alloc_check_touched(struct alloc_machine *m, alloc_violation_fn fn, void *ctx,
				 unsigned int limit);

/* ---- dumps (dump.c), formats in TRACE.md ---- */
void alloc_dump_buddyinfo(const struct alloc_machine *m, FILE *out);
void alloc_dump_pagetypeinfo(const struct alloc_machine *m, FILE *out);
void alloc_dump_zoneinfo(const struct alloc_machine *m, FILE *out);
void alloc_dump_memblock(const struct alloc_machine *m, FILE *out);
/* compact_* counters and the last outcome per zone (format in TRACE.md) */
void alloc_dump_compaction(const struct alloc_machine *m, FILE *out);
/* show_free_areas style report, as printed on an allocation failure */
void alloc_dump_free_areas(const struct alloc_machine *m, FILE *out);

#endif /* PAGEFUZZ_ALLOC_H */
