/* SPDX-License-Identifier: MIT */
/*
 * pagefuzz/vocab.h - the words the allocator under test and its judge
 * share, and nothing else: page size, limits, gfp bits, zone ids,
 * migratetypes, error codes, capability bits and dump kinds.
 *
 * No directory owns this header.  alloc/ (the reference allocator), the
 * judge (oracle/, fuzz/gen/, fuzz/check/) and every port include it; the
 * judge includes no header of alloc/.  It holds definitions only: no code
 * and no data, so two sides that include it share no behaviour.
 *
 * Every name starts with PF_ (or GFPF_, GFP_*, SCN_CAP_, PORT_CAP_) so that
 * an adapter can include it next to a kernel's own headers (PAGE_SIZE,
 * ZONE_DMA, NUMA_NO_NODE and MIGRATE_* would clash).  alloc/alloc.h maps
 * its traditional kernel-style names onto these values.
 */
#ifndef PAGEFUZZ_VOCAB_H
#define PAGEFUZZ_VOCAB_H

/* ---- sizes and limits ---- */
#define PF_PAGE_SHIFT		12
#define PF_PAGE_SIZE		(1UL << PF_PAGE_SHIFT)
#define PF_MAX_NODES		8	/* nodes are 0..PF_MAX_NODES-1 */
#define PF_MAX_CPUS		8	/* cpus are 0..PF_MAX_CPUS-1 */
#define PF_MAX_ORDER_LIMIT	12	/* largest max_order (MAX_PAGE_ORDER) a config may ask for */
#define PF_PFN_LIMIT		(1UL << 24) /* the reference allocator takes memory below this pfn */
#define PF_NUMA_NO_NODE		(-1)	/* "any node" in a request */
/*
 * memblock: the nid of a region given no node, as the kernel's
 * MAX_NUMNODES (reserved regions, memblock_add() without a node).
 */
#define PF_MEMBLOCK_NO_NODE	PF_MAX_NODES
#define PF_MEMBLOCK_DEFAULT_ALIGN 32	/* SMP_CACHE_BYTES: what `memblock alloc` align 0 means */
#define PF_MEMBLOCK_INIT_REGIONS 128	/* INIT_MEMBLOCK_REGIONS: initial slots of each array */

/* ---- zones (enum zone_type of a 64-bit kernel without HIGHMEM) ---- */
#define PF_ZONE_DMA		0
#define PF_ZONE_DMA32		1
#define PF_ZONE_NORMAL		2
#define PF_ZONE_MOVABLE		3
#define PF_NR_ZONES		4

/* ---- migratetypes (kernel values with CONFIG_CMA and CONFIG_MEMORY_ISOLATION) ---- */
#define PF_MIGRATE_UNMOVABLE	0
#define PF_MIGRATE_MOVABLE	1
#define PF_MIGRATE_RECLAIMABLE	2
#define PF_MIGRATE_HIGHATOMIC	3
#define PF_MIGRATE_CMA		4
#define PF_MIGRATE_ISOLATE	5
#define PF_NR_MIGRATETYPES	6
#define PF_MIGRATE_PCPTYPES	3	/* types that have per-cpu lists */

/*
 * ---- error codes: what every port call and the reference allocator return ----
 * 0 success; PF_ENOMEM a legitimate failure; anything else negative a
 * call rejected as a caller's mistake.
 */
#define PF_OK			0
#define PF_ENOMEM		(-1)	/* no memory (legitimate failure) */
#define PF_EINVAL		(-2)	/* argument outside its domain */
#define PF_ENOENT		(-3)	/* no allocation of that order starts at that pfn */
#define PF_EBUSY		(-4)	/* range in use, cannot isolate / take it */
#define PF_ENOTSUP		(-5)	/* operation not supported */
#define PF_ESTATE		(-6)	/* wrong phase: boot op after boot, or the reverse */

/* ---- capability levels (port_ops.level; fuzz/port/port.h) ---- */
#define PORT_LEVEL_ARENA	1	/* one arena: alloc(order) -> pfn, free(pfn, order) */
#define PORT_LEVEL_ZONES	2	/* + zones, nodes, gfp */
#define PORT_LEVEL_PCP		3	/* + per-cpu lists and drain() */
#define PORT_LEVEL_MIGRATE	4	/* + compact(), isolate(), contig() */

/*
 * ---- gfp bits ----
 * Names follow the kernel's __GFP_* modifiers without the reserved
 * leading underscores; values are our own.  GFPF_NO_WATERMARKS is not a
 * kernel gfp bit: it asks for ALLOC_NO_WATERMARKS directly (as
 * __GFP_MEMALLOC does in a reclaim-capable context) and makes the slow
 * path drain per-cpu lists and release highatomic reserves before failing.
 */
#define GFPF_DMA		(1u << 0)
#define GFPF_HIGHMEM		(1u << 1)
#define GFPF_DMA32		(1u << 2)
#define GFPF_MOVABLE		(1u << 3)
#define GFPF_RECLAIMABLE	(1u << 4)
#define GFPF_HIGH		(1u << 5)
#define GFPF_IO			(1u << 6)
#define GFPF_FS			(1u << 7)
#define GFPF_ZERO		(1u << 8)
#define GFPF_DIRECT_RECLAIM	(1u << 9)
#define GFPF_KSWAPD_RECLAIM	(1u << 10)
#define GFPF_WRITE		(1u << 11)
#define GFPF_NOWARN		(1u << 12)
#define GFPF_RETRY_MAYFAIL	(1u << 13)
#define GFPF_NORETRY		(1u << 14)
#define GFPF_MEMALLOC		(1u << 15)
#define GFPF_COMP		(1u << 16)
#define GFPF_NOMEMALLOC		(1u << 17)
#define GFPF_HARDWALL		(1u << 18)
#define GFPF_THISNODE		(1u << 19)
#define GFPF_ACCOUNT		(1u << 20)
#define GFPF_NO_WATERMARKS	(1u << 21)
#define GFPF_ALL		((1u << 22) - 1)

#define GFPF_RECLAIM		(GFPF_DIRECT_RECLAIM | GFPF_KSWAPD_RECLAIM)
/* Kernel composites (include/linux/gfp_types.h, v6.x). */
#define GFPF_ATOMIC		(GFPF_HIGH | GFPF_KSWAPD_RECLAIM)
#define GFPF_KERNEL		(GFPF_RECLAIM | GFPF_IO | GFPF_FS)
#define GFPF_NOWAIT		(GFPF_KSWAPD_RECLAIM)
#define GFPF_NOIO		(GFPF_RECLAIM)
#define GFPF_NOFS		(GFPF_RECLAIM | GFPF_IO)
#define GFPF_USER		(GFPF_RECLAIM | GFPF_IO | GFPF_FS | GFPF_HARDWALL)
#define GFPF_HIGHUSER		(GFPF_USER | GFPF_HIGHMEM)
#define GFPF_HIGHUSER_MOVABLE	(GFPF_HIGHUSER | GFPF_MOVABLE)

/*
 * ---- capability bits ----
 * SCN_CAP_*: the op kinds a port takes; the decoder emits only those in
 * its port's mask.  PORT_CAP_*: what the port can tell or do beyond them.
 * Both live in the one `caps` word of struct port_ops (fuzz/port/port.h).
 */
#define SCN_CAP_DRAIN		(1u << 0)	/* drain: per-cpu lists */
#define SCN_CAP_COMPACT		(1u << 1)	/* compact */
#define SCN_CAP_ISOLATE		(1u << 2)	/* isolate, unisolate */
#define SCN_CAP_CONTIG		(1u << 3)	/* contig */
#define SCN_CAP_DOUBLE_FREE	(1u << 4)	/* misuse double_free: a second free is refused */
#define SCN_CAP_DUMP		(1u << 5)	/* dump */
#define SCN_CAP_WRONG_ORDER	(1u << 6)	/* misuse wrong_order: a free of the wrong order is refused */
#define SCN_CAP_FREE_PFN	(1u << 7)	/* misuse free_pfn: a free of a pfn never handed out is refused */
#define SCN_CAP_MISUSE		(SCN_CAP_DOUBLE_FREE | SCN_CAP_WRONG_ORDER | SCN_CAP_FREE_PFN)
/* (bits 8..15 are PORT_CAP_*) */
#define SCN_CAP_CORRUPT		(1u << 16)	/* corrupt: breaks a named piece of its own metadata on
						   request (port_ops.corrupt); its self-check must see it */
#define SCN_CAP_BAD_CALL	(1u << 17)	/* misuse call: refuses calls outside their domain or
						   phase with PF_EINVAL / PF_ESTATE, changing nothing */
#define SCN_CAP_HOST_FAIL	(1u << 18)	/* config host_fail=N: its Nth host allocation fails on
						   request (port_ops.host_fail); it answers PF_ENOMEM */
#define SCN_CAP_ALL		(((1u << 8) - 1) | SCN_CAP_CORRUPT | SCN_CAP_BAD_CALL | \
				 SCN_CAP_HOST_FAIL)

#define PORT_CAP_ZONE_COUNTERS	(1u << 8)	/* zone_counters(); level 1: nid = zone = -1, the arena */
#define PORT_CAP_SELF_CHECK	(1u << 9)	/* check_all() / check_touched() */
/*
 * Failures are judged: level 1, every failure (no watermarks exist);
 * level >= 2, failures of requests with GFPF_NO_WATERMARKS (the port
 * drains and ignores watermarks and reserves for them).  Also enables the
 * end-of-run largest-block and page count checks (port.h).
 */
#define PORT_CAP_STRICT_FAIL	(1u << 10)
/* (1u << 11) was PORT_CAP_ZONES: placement is judged from level 2 (port.h) */
#define PORT_CAP_PAGE_METADATA	(1u << 12)	/* keeps metadata in free page memory: no poisoning */
#define PORT_CAP_PROTECTION	(1u << 13)	/* zone_counters() fills lowmem_reserve[] */
#define PORT_CAP_MEMBLOCK	(1u << 14)	/* runs the boot ops on a memblock of its own (port.h) */
#define PORT_CAP_LINUX_POLICY	(1u << 15)	/* makes Linux's policy decisions: fills port_ops.policy,
						   judged by fuzz/policy (port.h) */

/*
 * ---- corruption kinds: `corrupt NAME PFN` (port_ops.corrupt) ----
 * One named piece of an allocator's own metadata, broken on purpose so
 * that the judge can require the port's self-check to report it.  The
 * piece is taken at or after PFN (else the first one): the first free
 * block, per-cpu block, allocated block, pageblock, hole or reserved page
 * there, or the zone, node list, memory region holding PFN.  Names and
 * meanings: fuzz/gen/TRACE.md.  A port offers the pieces its design has.
 */
enum pf_corrupt {
	PF_CORRUPT_FREE_LINK,		/* a free block's list link */
	PF_CORRUPT_FREE_FLAG,		/* a free block's "free head" mark */
	PF_CORRUPT_FREE_ORDER,		/* a free block's order, one too high */
	PF_CORRUPT_FREE_HEAD,		/* a free block listed from its second page */
	PF_CORRUPT_FREE_ZONE,		/* a free block's zone, out of range */
	PF_CORRUPT_FREE_SPLIT,		/* a free block split into two free buddies */
	PF_CORRUPT_FREE_TYPE,		/* the type of a free block's pageblock */
	PF_CORRUPT_FREE_MULTI,		/* a free head also marked per-cpu */
	PF_CORRUPT_FREE_MOVABLE,	/* a free head marked movable */
	PF_CORRUPT_NR_FREE,		/* a zone's free block count of one order */
	PF_CORRUPT_NR_FREE_MT,		/* a zone's free block count of one order and list */
	PF_CORRUPT_FREE_PAGES,		/* a zone's free page counter */
	PF_CORRUPT_PCP_LINK,		/* a per-cpu block's list link */
	PF_CORRUPT_PCP_CPU,		/* a per-cpu block's cpu */
	PF_CORRUPT_PCP_COUNT,		/* a per-cpu list's page count */
	PF_CORRUPT_PCP_HIGH,		/* a per-cpu list's high, 0 while it holds pages */
	PF_CORRUPT_PCP_BATCH,		/* a per-cpu list's batch, 0 */
	PF_CORRUPT_PCP_ISOLATED,	/* a per-cpu block's pageblock made isolated */
	PF_CORRUPT_PAGEBLOCK_BAD,	/* a pageblock type out of range */
	PF_CORRUPT_ISOLATE_SAVED,	/* an isolated pageblock's saved type */
	PF_CORRUPT_ISOLATE_COUNT,	/* a zone's isolated pageblock count */
	PF_CORRUPT_HIGHATOMIC_COUNT,	/* a zone's highatomic reserve counter */
	PF_CORRUPT_PAGEBLOCK_ORDER,	/* a zone's copy of the pageblock order */
	PF_CORRUPT_GROUPING,		/* the grouping-by-mobility decision */
	PF_CORRUPT_WATERMARKS,		/* a zone's min and high watermarks, swapped */
	PF_CORRUPT_LOWMEM_RESERVE,	/* a zone's lowmem reserve */
	PF_CORRUPT_ZONE_PRESENT,	/* a zone's present pages, below managed */
	PF_CORRUPT_ZONE_SPAN,		/* a zone's spanned pages */
	PF_CORRUPT_ZONE_MANAGED,	/* a zone's managed pages */
	PF_CORRUPT_ZONELIST_ORDER,	/* a node's zonelist, two entries swapped */
	PF_CORRUPT_ZONELIST_DUP,	/* a node's zonelist, an entry repeated */
	PF_CORRUPT_ZONELIST_FIRST,	/* a node's zonelist, a cached first position */
	PF_CORRUPT_ZONELIST_PREFERRED,	/* a node's cached preferred zone */
	PF_CORRUPT_CPU_NODE,		/* a cpu's node */
	PF_CORRUPT_HOLE,		/* a hole's page marked as a free head */
	PF_CORRUPT_RESERVED,		/* a reserved page marked as a block head */
	PF_CORRUPT_TAIL,		/* an allocated block's second page marked as a head */
	PF_CORRUPT_MB_EMPTY,		/* a memory region's size, 0 */
	PF_CORRUPT_MB_OVERFLOW,		/* a memory region's size, past 2^64 */
	PF_CORRUPT_MB_UNSORTED,		/* two memory regions swapped */
	PF_CORRUPT_MB_OVERLAP,		/* a memory region grown over the next */
	PF_CORRUPT_MB_UNMERGED,		/* a memory region grown up to the next */
	PF_CORRUPT_MB_TOTAL,		/* the memory regions' total size */
	PF_CORRUPT_MB_COUNT,		/* the memory regions' count, past the array */
	PF_CORRUPT_MB_ARRAY_SIZE,	/* a grown region array's size */
	PF_CORRUPT_MB_ARRAY_PLACE,	/* a grown region array's place */
	PF_NR_CORRUPT
};

/*
 * ---- caller mistakes: `misuse call NAME` ----
 * A call of the port interface with an argument outside its domain (the
 * answer must be PF_EINVAL) or in the wrong phase (PF_ESTATE), which must
 * change nothing.  The judge makes the call (fuzz/check/run_bad_call.c);
 * the early_* ones on a second instance of the port that it creates and
 * never boots.
 */
enum pf_bad_call {
	PF_CALL_ALLOC_ORDER,		/* alloc() of order max_order + 1 */
	PF_CALL_ALLOC_CPU,		/* alloc() on cpu nr_cpus */
	PF_CALL_ALLOC_NID,		/* alloc() on node nr_nodes */
	PF_CALL_ALLOC_GFP,		/* alloc() with a gfp bit outside GFPF_ALL */
	PF_CALL_FREE_CPU,		/* free() of a live block on cpu nr_cpus */
	PF_CALL_FREE_ORDER,		/* free() of a live block with order max_order + 1 */
	PF_CALL_DRAIN_CPU,		/* drain() of cpu nr_cpus */
	PF_CALL_COMPACT_ORDER,		/* compact() to order max_order + 1 */
	PF_CALL_COMPACT_NID,		/* compact() of node nr_nodes */
	PF_CALL_COMPACT_ZONE,		/* compact() of zone PF_NR_ZONES */
	PF_CALL_MB_ADD,			/* memblock() add after boot: PF_ESTATE */
	PF_CALL_MB_RESERVE,		/* memblock() reserve after boot: PF_ESTATE */
	PF_CALL_MB_REMOVE,		/* memblock() remove after boot: PF_ESTATE */
	PF_CALL_MB_FREE,		/* memblock() free after boot: PF_ESTATE */
	PF_CALL_MB_ALLOC,		/* memblock() alloc after boot: PF_ESTATE */
	PF_CALL_BOOT,			/* boot() a second time: PF_ESTATE */
	/* run-phase calls on a second instance, created and never booted: PF_ESTATE */
	PF_CALL_EARLY_ALLOC,		/* alloc() before boot */
	PF_CALL_EARLY_FREE,		/* free() before boot */
	PF_CALL_EARLY_DRAIN,		/* drain() before boot */
	PF_CALL_EARLY_COMPACT,		/* compact() before boot */
	PF_CALL_EARLY_ISOLATE,		/* isolate() before boot */
	PF_CALL_EARLY_UNISOLATE,	/* isolate(off) before boot */
	PF_CALL_EARLY_CONTIG,		/* contig() before boot */
	PF_NR_BAD_CALLS
};

/* ---- dump kinds: `dump buddyinfo | pagetypeinfo | zoneinfo | memblock | compaction` ---- */
enum scn_dump { DUMP_BUDDYINFO, DUMP_PAGETYPEINFO, DUMP_ZONEINFO, DUMP_MEMBLOCK, DUMP_COMPACTION,
		NR_DUMPS };

#endif /* PAGEFUZZ_VOCAB_H */
