/* SPDX-License-Identifier: MIT */
/*
 * rules.h - the policy judge's own statement of Linux's allocation policy:
 * one function per rule, each named after the Linux function it mirrors
 * (pol_ + the kernel's name).  They compute; they never call the port or
 * alloc/.  judge.c feeds them the state it checked and compares their
 * answers with what the port did.
 *
 * Version followed: mm/page_alloc.c of about v6.6, as the reference
 * allocator's comments say (alloc/pcp.c: v6.6 zone_highsize without the
 * v6.7 auto-tuning; alloc/watermark.c: v6.1-v6.5 watermarks).  Pageblock
 * isolation alone follows a later kernel, v6.17 (isolate.c; the last
 * deviation below).
 *
 * Deviations, shared with the reference model on purpose (the judge
 * judges Linux's decisions as the model documents it follows them; one
 * place lists them all):
 *  - no watermark boost and no kswapd: boost is always 0
 *    (steal_suitable_fallback's boost_watermark() is not judged);
 *  - no free_factor / free_high scaling of nr_pcp_free(), no v6.7
 *    high_min/high_max auto-tuning of pcp->high;
 *  - no promo watermark, no highmem zones, no CMA (ALLOC_CMA and the CMA
 *    subtraction fall away), no cpusets (ALLOC_CPUSET has no effect);
 *  - the slow path has no reclaim or OOM kill: it retries with
 *    gfp_to_alloc_flags(), the memory reserves, then (for reclaiming or
 *    GFPF_NO_WATERMARKS requests) drains every per-cpu list and releases
 *    highatomic reserves (unreserve_highatomic_pageblock(), unforced once,
 *    then forced until none is left), and a costly order (> 3) tries direct
 *    compaction last, before it fails; the judge decides no zone or block
 *    after the drain (drained pages merge, compaction moves pages): it
 *    checks a non-costly failure there, and after a success the highatomic
 *    reserve when a lower bound of the drained state shows the walk after
 *    the drain succeeds (judge.c, judge_drained_success());
 *  - GFPF_NO_WATERMARKS is not a kernel bit: it asks for
 *    ALLOC_NO_WATERMARKS as __GFP_MEMALLOC does;
 *  - ZONE_MOVABLE gets its proportional share of min_free_kbytes (as up to
 *    v6.5, not the v6.6 cap);
 *  - the highatomic reserve of a block of pageblock order or more retypes
 *    every pageblock of it and counts each;
 *  - a freed per-cpu-order block spanning pageblocks of different types
 *    (possible only with pageblock_order below 3, when one of them was
 *    isolated while the block was out) goes to the buddy lists, not the
 *    per-cpu lists (alloc/buddy.c buddy_types_uniform());
 *  - grouping by mobility is off when the managed pages of the machine are
 *    fewer than pageblock_nr_pages * MIGRATE_TYPES (6);
 *  - a pageblock whose pfns belong to the zones of interleaved nodes has
 *    one type per zone (FLATMEM's zone->pageblock_flags; SPARSEMEM would
 *    share one), and a claim counts and moves only the zone's own pages
 *    (Linux's move_freepages_block() would walk the other node's free
 *    pages too, only CONFIG_DEBUG_VM catches it): the judge reads a
 *    pageblock's type at the deciding zone's own pfns (judge.c own_pfn());
 *  - compaction (the `compact` op, compaction.c): a zone's run starts from
 *    the zone's edges (no cached scanner positions, no fast searches, no
 *    deferral for the op), so a migrated block always moves to a higher
 *    pageblock; it ends early, without migrating, when compact_finished()'s
 *    free-list test already holds (a block of the order on the MOVABLE
 *    list or a stealable fallback), where Linux's compact_zone() tests
 *    zone_watermark_ok() at the order; blocks below the wanted order and
 *    pageblock_order are moved (v6.9's skip_isolation_on_order(); v6.6
 *    moved no compound page).  Two model choices the judge does not
 *    share: the model's fragmentation index leaves out isolated free
 *    blocks, which Linux's free_area[].nr_free counts (where that changes
 *    the decision, pol_compact_zone() says UNDECIDED and the judge does
 *    not decide the zone), and its migrate scanner skips UNMOVABLE and
 *    ISOLATE pageblocks as only Linux's async direct compaction does (the
 *    judge does not check the source pageblock's type);
 *  - isolation is v6.17's: a bit of its own beside the pageblock's type
 *    (PB_migrate_isolate), so un-isolating gives each pageblock back the
 *    type it had when it was isolated, and alloc_contig_range() leaves
 *    every type as it found it.  v6.6 restored the type its caller passed
 *    (unset_migratetype_isolate(page, migratetype); MIGRATE_MOVABLE for
 *    alloc_contig_range()), which made every contig's pageblocks Movable
 *    (alloc/isolation.c says the same; isolate.c judges it).  The frees
 *    of un-isolation may merge pageblocks of two types, which retypes the
 *    buddy's pageblock as __free_one_page() does since v6.9: isolate.c
 *    allows a merged block's type there.
 */
#ifndef PAGEFUZZ_POLICY_RULES_H
#define PAGEFUZZ_POLICY_RULES_H

#include <stdbool.h>
#include <stdint.h>
#include "fuzz/port/port.h"

#define POL_MAX_NODES	8
#define POL_MAX_CPUS	8
#define POL_NR_ZONES	4
#define POL_ORDERS	PORT_POLICY_ORDERS
#define POL_MTS		PORT_POLICY_MTS
#define POL_PCPTYPES	PORT_POLICY_PCP_MTS
#define POL_COSTLY_ORDER 3

enum { POL_UNMOVABLE, POL_MOVABLE, POL_RECLAIMABLE, POL_HIGHATOMIC, POL_CMA, POL_ISOLATE };
enum { POL_DMA, POL_DMA32, POL_NORMAL, POL_MOVABLE_ZONE };

/* ALLOC_* of mm/internal.h (the judge's own copy; values are Linux's). */
#define POL_ALLOC_WMARK_MIN	0x00
#define POL_ALLOC_WMARK_LOW	0x01
#define POL_ALLOC_WMARK_HIGH	0x02
#define POL_ALLOC_NO_WATERMARKS	0x04
#define POL_ALLOC_WMARK_MASK	(POL_ALLOC_NO_WATERMARKS - 1)
#define POL_ALLOC_OOM		0x08
#define POL_ALLOC_NON_BLOCK	0x10
#define POL_ALLOC_MIN_RESERVE	0x20
#define POL_ALLOC_CPUSET	0x40
#define POL_ALLOC_NOFRAGMENT	0x100
#define POL_ALLOC_HIGHATOMIC	0x200
#define POL_ALLOC_KSWAPD	0x800
#define POL_ALLOC_RESERVES	(POL_ALLOC_NON_BLOCK | POL_ALLOC_MIN_RESERVE | \
				 POL_ALLOC_HIGHATOMIC | POL_ALLOC_OOM)

/* What the judge knows of one zone before an op (checked state). */
struct pol_zone {
	int nid, idx;
	unsigned long start_pfn, spanned, present, managed;
	unsigned long wmark[3];			/* the judge's own */
	unsigned long lowmem_reserve[POL_NR_ZONES];	/* the judge's own */
	unsigned long nr_reserved_highatomic;	/* port's, pages */
	unsigned long free_pages;		/* NR_FREE_PAGES: census without ISOLATE */
	unsigned long nr_free[POL_ORDERS][POL_MTS];	/* port's census, checked */
	unsigned int high[POL_MAX_CPUS], batch[POL_MAX_CPUS];	/* the judge's own */
	unsigned long pcp_blocks[POL_MAX_CPUS][PORT_POLICY_PCP_ORDERS][POL_PCPTYPES];
	unsigned long pcp_count[POL_MAX_CPUS];
};

struct pol_zonelist {
	unsigned int nr;
	uint8_t nid[POL_MAX_NODES * POL_NR_ZONES];
	uint8_t zone[POL_MAX_NODES * POL_NR_ZONES];
};

/* The machine as the rules see it. */
struct pol_machine {
	unsigned int nr_nodes, nr_cpus, max_order, pageblock_order;
	unsigned long pageblock_nr_pages;
	bool mobility_disabled;
	unsigned long min_free_kbytes;
	struct pol_zone (*zones)[POL_NR_ZONES];	/* nr_nodes rows */
	struct pol_zonelist fallback[POL_MAX_NODES], thisnode[POL_MAX_NODES];
	uint8_t distance[POL_MAX_NODES][POL_MAX_NODES];	/* 0 = default */
};

/* ---- watermark.c ---- */
unsigned long pol_int_sqrt(unsigned long x);
/* calculate_min_free_kbytes(): from the lowmem managed pages (zones <= Normal) */
unsigned long pol_calculate_min_free_kbytes(unsigned long lowmem_managed_pages);
/* __setup_per_zone_wmarks() for one zone */
void pol_setup_per_zone_wmarks(unsigned long min_free_kbytes, unsigned long zone_managed,
			       unsigned long all_managed, unsigned long wmark[3]);
/* setup_per_zone_lowmem_reserve() for zone @i of a node with @managed[] */
void pol_setup_per_zone_lowmem_reserve(const unsigned long managed[POL_NR_ZONES], int i,
				       unsigned long reserve[POL_NR_ZONES]);
/* __zone_watermark_ok() and zone_watermark_fast() */
bool pol_zone_watermark_ok(const struct pol_machine *m, const struct pol_zone *z,
			   unsigned int order, unsigned long mark, int highest_zoneidx,
			   unsigned int alloc_flags, long free_pages);
bool pol_zone_watermark_fast(const struct pol_machine *m, const struct pol_zone *z,
			     unsigned int order, unsigned long mark, int highest_zoneidx,
			     unsigned int alloc_flags);

/* ---- pcp.c ---- */
unsigned int pol_zone_batchsize(unsigned long managed);
unsigned int pol_zone_highsize(unsigned long low_wmark, unsigned int cpus_on_node,
			       unsigned int nr_cpus, unsigned int batch);
long pol_nr_pcp_free(unsigned int high, unsigned int batch);
unsigned int pol_rmqueue_bulk_count(unsigned int batch, unsigned int order);
bool pol_pcp_allowed_order(unsigned int order);

/* ---- gfp.c ---- */
int pol_gfp_migratetype(const struct pol_machine *m, uint32_t gfp);	/* -1: both bits */
unsigned int pol_gfp_to_alloc_flags(uint32_t gfp, unsigned int order);
unsigned int pol_alloc_flags_nofragment(const struct pol_machine *m, int pref_nid, int pref_zone);
bool pol_gfp_pfmemalloc_allowed(uint32_t gfp);	/* __gfp_pfmemalloc_flags() != 0 */

/* ---- zonelist.c ---- */
void pol_build_zonelists(struct pol_machine *m);

/* ---- fallback.c ---- */
extern const int pol_fallbacks[POL_PCPTYPES][POL_PCPTYPES - 1];
bool pol_can_steal_fallback(const struct pol_machine *m, unsigned int order, int start_mt);
/* find_suitable_fallback(): first fallback type with a free block at @order, or -1 */
int pol_find_suitable_fallback(const struct pol_zone *z, unsigned int order, int start_mt);
/* __rmqueue(): could the buddy of @z give an @order block of @mt? (no highatomic) */
bool pol_rmqueue_possible(const struct pol_machine *m, const struct pol_zone *z,
			  unsigned int order, int mt, unsigned int alloc_flags);
/* rmqueue(): pcp list, buddy, and the highatomic reserve the flags allow */
bool pol_rmqueue_serves(const struct pol_machine *m, const struct pol_zone *z, unsigned int cpu,
			unsigned int order, int mt, unsigned int alloc_flags);

enum pol_source {
	POL_SRC_PCP,		/* the cpu's list had a block: any pageblock type */
	POL_SRC_HIGHATOMIC,	/* from a HIGHATOMIC pageblock */
	POL_SRC_OWN,		/* from a pageblock of the requested type */
	POL_SRC_CLAIM,		/* fallback whose pageblock must be claimed */
	POL_SRC_MAYBE_CLAIM,	/* fallback; claimed, or else stolen from `fallback_mt` */
	POL_SRC_STEAL,		/* fallback without a claim, from type `fallback_mt` */
};
struct pol_source_pred {
	enum pol_source src;
	int fallback_mt;	/* STEAL, MAYBE_CLAIM: the type of the smallest fallback block */
};
/* Where rmqueue() takes the block from, when pol_rmqueue_serves() holds. */
struct pol_source_pred pol_rmqueue_source(const struct pol_machine *m, const struct pol_zone *z,
					  unsigned int cpu, unsigned int order, int mt,
					  unsigned int alloc_flags);
/* reserve_highatomic_pageblock(): would it retype the allocation's pageblock? */
bool pol_reserve_highatomic_pageblock(const struct pol_machine *m, const struct pol_zone *z,
				      unsigned long pfn, unsigned int order, int pb_mt);

/* ---- decide.c ---- */
struct pol_request {
	uint32_t gfp;
	unsigned int order, cpu;
	int nid;		/* preferred node, resolved */
	int mt, highest_zoneidx;
};
enum pol_pass { POL_PASS_FAST, POL_PASS_SLOW, POL_PASS_RESERVES, POL_PASS_DRAINED, POL_PASS_NONE };
struct pol_decision {
	enum pol_pass pass;	/* where Linux succeeds; DRAINED: not decidable before the op */
	int nid, zone;		/* FAST/SLOW/RESERVES: the zone it must come from */
	unsigned int alloc_flags;	/* of that pass, NOFRAGMENT as it was in that zone */
	bool may_drain;		/* the request reaches the drain stage when it fails */
	unsigned int final_flags;	/* flags of the walks after the drain */
};
bool pol_prepare_request(const struct pol_machine *m, uint32_t gfp, unsigned int order,
			 unsigned int cpu, int nid, struct pol_request *rq);
const struct pol_zonelist *pol_request_zonelist(const struct pol_machine *m,
					       const struct pol_request *rq);
/* get_page_from_freelist(): the zone it would serve from, or false; *flags_out the flags there */
bool pol_get_page_from_freelist(const struct pol_machine *m, const struct pol_request *rq,
				unsigned int alloc_flags, int *nid, int *zone,
				unsigned int *flags_out);
/* __alloc_pages(): the decision on state @m */
void pol_alloc_pages(const struct pol_machine *m, const struct pol_request *rq,
		     struct pol_decision *d);

/* ---- compaction.c ---- */
#define POL_EXTFRAG_THRESHOLD	500	/* sysctl_extfrag_threshold's default */
/*
 * fill_contig_page_info() + __fragmentation_index(): -1000 when a block
 * of @order is free, else 0 (failure from lack of memory) to 1000
 * (failure from fragmentation); @with_isolated counts the ISOLATE lists
 * (Linux does: free_area[].nr_free counts every list).
 */
long pol_fragmentation_index(const struct pol_machine *m, const struct pol_zone *z,
			     unsigned int order, bool with_isolated);
/* __compaction_suitable(): the order-0 check at min (low for costly orders) + 2 << order */
bool pol_compaction_suitable(const struct pol_machine *m, const struct pol_zone *z,
			     unsigned int order);
/* __compact_finished()'s test: a free block of @order or more on @mt's list or a stealable fallback */
bool pol_compact_finished(const struct pol_machine *m, const struct pol_zone *z,
			  unsigned int order, int mt);
enum pol_compact {
	POL_COMPACT_SUCCESS,		/* the block is free already: no run */
	POL_COMPACT_SKIPPED,		/* compaction_suitable(): too few free pages */
	POL_COMPACT_NOT_SUITABLE,	/* costly order, fragmentation index in [0, 500] */
	POL_COMPACT_CONTINUE,		/* the scanners run */
	POL_COMPACT_UNDECIDED,		/* NOT_SUITABLE or CONTINUE: isolated blocks (rules.h) */
};
/* compact_zone()'s start for a block of @order on @mt's lists */
enum pol_compact pol_compact_zone(const struct pol_machine *m, const struct pol_zone *z,
				  unsigned int order, int mt);
/* The migrate scanner stays below the free scanner: @src_pfn's pageblock below @dst_pfn's. */
bool pol_compact_scanners_order(const struct pol_machine *m, unsigned long src_pfn,
				unsigned long dst_pfn);
/* suitable_migration_target(): the pageblock type a target may have */
bool pol_suitable_migration_target(int pageblock_mt);
/* skip_isolation_on_order() (v6.9): is an allocation of @order left where it is? */
bool pol_skip_isolation_on_order(const struct pol_machine *m, unsigned int order,
				 unsigned int target_order);

#endif /* PAGEFUZZ_POLICY_RULES_H */
