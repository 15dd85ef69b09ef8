// SPDX-License-Identifier: MIT
/*
 * page_alloc.c - the allocation and free paths: glue only.
 *
 * gfp -> highest zone, migratetype and ALLOC_* flags; the zonelist walk
 * with watermark checks (get_page_from_freelist()); the slow path that
 * retries with the min watermark, the memory reserves, drained per-cpu
 * lists and released highatomic reserves before it gives up and prints a
 * show_free_areas() report; and the checked free path.  Modelled on
 * __alloc_pages(), prepare_alloc_pages(), alloc_flags_nofragment(),
 * gfp_to_alloc_flags(), __alloc_pages_slowpath() and rmqueue() of
 * mm/page_alloc.c and gfp_zone()/gfp_migratetype() of include/linux/gfp.h.
 * The mechanisms live in buddy.c, pcp.c, watermark.c and zonelist.c.
 *
 * Costly orders try direct compaction (compaction.c) before they fail, as
 * __alloc_pages_direct_compact() does, and the failure report names its
 * outcome.  Not modelled: reclaim, kswapd, cpusets, OOM kill,
 * __GFP_NOFAIL looping.
 */
#include "internal.h"

/*
 * GFP_ZONE_TABLE: the zone modifiers DMA, HIGHMEM, DMA32 and MOVABLE (bits
 * 0..3) index the highest zone; -1 is GFP_ZONE_BAD (two of DMA, DMA32,
 * HIGHMEM at once).  No ZONE_HIGHMEM on 64-bit: HIGHMEM alone is Normal,
 * HIGHMEM with MOVABLE is Movable.
 */
_Static_assert(GFPF_DMA == 1 && GFPF_HIGHMEM == 2 && GFPF_DMA32 == 4 && GFPF_MOVABLE == 8,
	       "the zone modifiers index gfp_zone_table");
#define GFP_ZONE_MASK	0xfu
static const int8_t gfp_zone_table[GFP_ZONE_MASK + 1] = {
	[0] = ZONE_NORMAL,
	[GFPF_DMA] = ZONE_DMA,
	[GFPF_HIGHMEM] = ZONE_NORMAL,
	[GFPF_DMA | GFPF_HIGHMEM] = -1,
	[GFPF_DMA32] = ZONE_DMA32,
	[GFPF_DMA | GFPF_DMA32] = -1,
	[GFPF_HIGHMEM | GFPF_DMA32] = -1,
	[GFPF_DMA | GFPF_HIGHMEM | GFPF_DMA32] = -1,
	[GFPF_MOVABLE] = ZONE_NORMAL,
	[GFPF_MOVABLE | GFPF_DMA] = ZONE_DMA,
	[GFPF_MOVABLE | GFPF_HIGHMEM] = ZONE_MOVABLE,
	[GFPF_MOVABLE | GFPF_DMA | GFPF_HIGHMEM] = -1,
	[GFPF_MOVABLE | GFPF_DMA32] = ZONE_DMA32,
	[GFPF_MOVABLE | GFPF_DMA | GFPF_DMA32] = -1,
	[GFPF_MOVABLE | GFPF_HIGHMEM | GFPF_DMA32] = -1,
	[GFPF_MOVABLE | GFPF_DMA | GFPF_HIGHMEM | GFPF_DMA32] = -1,
};

/**
 * gfp_zone - the highest zone a gfp mask may use (a table look-up, as the
 * kernel's GFP_ZONE_TABLE).
 * @gfp: GFPF_* bits
 * Return: enum zone_type, or -1 for a combination the kernel calls
 * GFP_ZONE_BAD (two of DMA, DMA32, HIGHMEM at once).
 */
int gfp_zone(uint32_t gfp)
{
	return gfp_zone_table[gfp & GFP_ZONE_MASK];
}

/*
 * gfp_migratetype(): the mobility bits shifted down are the migratetype,
 * as GFP_MOVABLE_SHIFT makes them in the kernel.
 */
_Static_assert(GFPF_MOVABLE >> 3 == MIGRATE_MOVABLE && GFPF_RECLAIMABLE >> 3 == MIGRATE_RECLAIMABLE,
	       "the mobility bits shifted down are the migratetype");
static inline int mobility_type(const struct alloc_machine *m, uint32_t gfp)
{
	unsigned int mt = (gfp >> 3) & 3;

	if (mt == 3)
		return -1;
	return m->mobility_disabled ? MIGRATE_UNMOVABLE : (int)mt;
}

/**
 * gfp_migratetype - MOVABLE, RECLAIMABLE or UNMOVABLE; -1 for both bits.
 * @m: machine (UNMOVABLE for everything when grouping is off)
 * @gfp: GFPF_* bits
 */
int gfp_migratetype(const struct alloc_machine *m, uint32_t gfp)
{
	return mobility_type(m, gfp);
}

_Static_assert(NUMA_NO_NODE == -1, "the fast path's node test counts on -1 wrapping to 0");

_Static_assert((GFPF_DMA | GFPF_HIGHMEM | GFPF_DMA32 | GFPF_MOVABLE | GFPF_RECLAIMABLE) ==
	       GFP_CLASS_MASK && NR_ZONE_TYPES <= 4 && MIGRATE_PCPTYPES <= 63,
	       "a gfp class is bits 0..4; zone and migratetype share a byte");

/* What m->gfp_class[] caches for @gfp. */
static inline uint8_t gfp_class_of(const struct alloc_machine *m, uint32_t gfp)
{
	int hz = gfp_zone(gfp), mt = gfp_migratetype(m, gfp);

	return hz < 0 || mt < 0 ? GFP_CLASS_BAD : (uint8_t)(hz | mt << 2);
}

/**
 * gfp_class_build - the fast path's gfp classes (m->gfp_class[]).
 * @m: machine whose grouping by mobility is decided
 */
void gfp_class_build(struct alloc_machine *m)
{
	uint32_t gfp;

	for (gfp = 0; gfp <= GFP_CLASS_MASK; gfp++)
		m->gfp_class[gfp] = gfp_class_of(m, gfp);
}

/**
 * gfp_class_check - every gfp class against gfp_zone() and gfp_migratetype().
 * @m: booted machine
 * @ctx: report context
 * Return: violations found.
 */
CHECK_WALK
unsigned int gfp_class_check(struct alloc_machine *m, struct check_ctx *ctx)
{
	unsigned int before = ctx->count;
	uint32_t gfp;

	for (gfp = 0; gfp <= GFP_CLASS_MASK; gfp++)
		if (m->gfp_class[gfp] != gfp_class_of(m, gfp))
			check_report(ctx, "zonelist.gfp_class", ~0UL,
				     "gfp class 0x%x cached as 0x%x, gfp_zone/gfp_migratetype say 0x%x",
				     gfp, m->gfp_class[gfp], gfp_class_of(m, gfp));
	return ctx->count - before;
}

/* the watermark of __alloc_pages()'s first attempt (get_page_from_freelist()) */
#define ALLOC_FIRST_WMARK	ALLOC_WMARK_LOW

/* struct alloc_context: what stays fixed across the attempts of one request. */
struct alloc_ctx {
	uint32_t gfp;
	unsigned int order;
	unsigned int cpu;
	int mt;
	int highest_zoneidx;
	int preferred_nid;
	const struct zonelist *zonelist;
	unsigned int first;			/* zonelist->first[highest_zoneidx] */
	int compact_result;			/* direct compaction's outcome, -1: none ran */
	const struct zone *preferred_zone;	/* the zone there, NULL if none */
};

/* zone_watermark_fast()'s order-0 shortcut: true when it alone passes. */
static inline __attribute__((always_inline)) bool
watermark_order0_shortcut(const struct zone *z, unsigned long mark, int highest_zoneidx,
			  unsigned int alloc_flags)
{
	long usable = (long)z->free_pages;
	long reserved = (alloc_flags & ALLOC_RESERVES) ? 0 :
			(long)z->nr_reserved_highatomic;

	usable -= reserved < usable ? reserved : usable;
	return usable > (long)(mark + z->lowmem_reserve[highest_zoneidx]);
}

/* zone_watermark_fast(): order-0 shortcut, then the full check. */
static inline __attribute__((always_inline)) bool watermark_fast(const struct zone *z, unsigned int order, unsigned long mark,
			   int highest_zoneidx, unsigned int alloc_flags)
{
	if (!order && watermark_order0_shortcut(z, mark, highest_zoneidx, alloc_flags))
		return true;
	return wmark_ok(z, order, mark, highest_zoneidx, alloc_flags, (long)z->free_pages);
}

/* rmqueue(): per-cpu lists for small orders, the buddy otherwise. */
static bool rmqueue(struct zone *zone, const struct alloc_ctx *ac, unsigned int alloc_flags,
		    unsigned long *pfn)
{
	if (pcp_usable(zone, ac->cpu, ac->order) &&
	    pcp_alloc(zone, ac->cpu, ac->order, ac->mt, alloc_flags, pfn))
		return true;
	return buddy_rmqueue(zone, ac->order, ac->mt, alloc_flags, pfn);
}

/* get_page_from_freelist(): the zonelist walk. */
static struct zone *get_page_from_freelist(const struct alloc_ctx *ac, unsigned int alloc_flags,
					   unsigned long *pfn)
{
	struct alloc_machine *m = ac->preferred_zone ? ac->preferred_zone->machine : NULL;
	unsigned int i;

retry:
	for (i = ac->first; i < ac->zonelist->nr; i++) {
		struct zone *z = ac->zonelist->zones[i];

		if ((int)z->idx > ac->highest_zoneidx)
			continue;
		if ((alloc_flags & ALLOC_NOFRAGMENT) && m->cfg.nr_nodes > 1 &&
		    z->nid != ac->preferred_zone->nid) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    !watermark_fast(z, ac->order, z->wmark[alloc_flags & ALLOC_WMARK_MASK],
				    ac->highest_zoneidx, alloc_flags))
			continue;
		if (rmqueue(z, ac, alloc_flags, pfn)) {
			if ((alloc_flags & ALLOC_HIGHATOMIC) && ac->order > 0)
				buddy_reserve_highatomic(z, *pfn, ac->order);
			return z;
		}
	}
	if (alloc_flags & ALLOC_NOFRAGMENT) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/*
 * The first step of get_page_from_freelist()'s walk, inline: the preferred
 * zone, zone_watermark_fast() and a hit on the per-cpu list
 * (__rmqueue_pcplist()).  It declines, changing nothing, when the list is
 * empty or the mark is not met; the full walk then makes the same checks
 * again and goes on (refill, buddy, next zone).  Not for ALLOC_HIGHATOMIC
 * (the first attempt of __alloc_pages() never sets it).
 */
static inline __attribute__((always_inline)) bool
alloc_fast(struct alloc_machine *m, const struct alloc_ctx *ac, unsigned int alloc_flags,
	   unsigned long *pfn)
{
	struct zone *z = (struct zone *)ac->preferred_zone;
	struct list_head *list;

	if (!pcp_usable(z, ac->cpu, ac->order))
		return false;
	list = &z->pcp[ac->cpu].lists[pcp_index(ac->order, ac->mt)];
	if (list_empty(list) ||
	    !watermark_fast(z, ac->order, z->wmark[alloc_flags & ALLOC_WMARK_MASK],
			    ac->highest_zoneidx, alloc_flags))
		return false;
	*pfn = pcp_del(m, z, ac->cpu, list_entry(list->next, struct page, lru));
	return true;
}

/* alloc_flags_nofragment(): avoid fragmenting Normal while DMA32 exists. */
static unsigned int nofragment_flags(const struct alloc_machine *m, const struct zone *preferred)
{
	if (!preferred || preferred->idx != ZONE_NORMAL)
		return 0;
	if (m->cfg.nr_nodes > 1 &&
	    !zone_populated(&m->nodes[preferred->nid].zones[ZONE_DMA32]))
		return 0;
	return ALLOC_NOFRAGMENT;
}

/* gfp_to_alloc_flags() */
static unsigned int slow_alloc_flags(uint32_t gfp, unsigned int order)
{
	unsigned int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	if (gfp & GFPF_HIGH)
		flags |= ALLOC_MIN_RESERVE;
	if (gfp & GFPF_KSWAPD_RECLAIM)
		flags |= ALLOC_KSWAPD;
	if (!(gfp & GFPF_DIRECT_RECLAIM)) {
		if (!(gfp & GFPF_NOMEMALLOC)) {
			flags |= ALLOC_NON_BLOCK;
			if (order > 0)
				flags |= ALLOC_HIGHATOMIC;
		}
		if (flags & ALLOC_MIN_RESERVE)
			flags &= ~ALLOC_CPUSET;
	}
	return flags;
}

/* __gfp_pfmemalloc_flags(): may this request ignore watermarks? */
static bool may_use_reserves(uint32_t gfp)
{
	if (gfp & GFPF_NO_WATERMARKS)	/* asks for ALLOC_NO_WATERMARKS outright */
		return true;
	if (gfp & GFPF_NOMEMALLOC)
		return false;
	return gfp & GFPF_MEMALLOC;
}

/* Release highatomic reserves along the zonelist; true if any went. */
static bool unreserve_highatomic(const struct alloc_ctx *ac, bool force)
{
	unsigned int i;

	for (i = 0; i < ac->zonelist->nr; i++) {
		struct zone *z = ac->zonelist->zones[i];

		if ((int)z->idx <= ac->highest_zoneidx &&
		    buddy_unreserve_highatomic(z, ac->mt, force))
			return true;
	}
	return false;
}

/*
 * __alloc_pages_direct_compact(): compact each eligible zone of the
 * zonelist in turn and retry after each success.  Its outcome (the best
 * over the zones) goes into the failure report.
 */
static struct zone *direct_compact(struct alloc_ctx *ac, unsigned int alloc_flags,
				   unsigned long *pfn)
{
	unsigned int i;

	for (i = 0; i < ac->zonelist->nr; i++) {
		struct zone *z = ac->zonelist->zones[i], *got;
		enum compact_result r;

		if ((int)z->idx > ac->highest_zoneidx || !zone_managed(z))
			continue;
		r = compact_zone(z, ac->order, ac->mt, true);
		if (ac->compact_result < 0 || r == COMPACT_SUCCESS ||
		    (r == COMPACT_COMPLETE && ac->compact_result != COMPACT_SUCCESS))
			ac->compact_result = (int)r;
		if (r != COMPACT_SUCCESS)
			continue;
		got = get_page_from_freelist(ac, alloc_flags, pfn);
		if (got)
			return got;
	}
	return NULL;
}

/* __alloc_pages_slowpath() without reclaim or OOM. */
static struct zone *slowpath(struct alloc_machine *m, struct alloc_ctx *ac,
			     unsigned long *pfn)
{
	unsigned int alloc_flags = slow_alloc_flags(ac->gfp, ac->order);
	struct zone *z;

	z = get_page_from_freelist(ac, alloc_flags, pfn);
	if (z)
		return z;
	if (may_use_reserves(ac->gfp)) {
		alloc_flags = ALLOC_NO_WATERMARKS | (alloc_flags & ALLOC_KSWAPD);
		z = get_page_from_freelist(ac, alloc_flags, pfn);
		if (z)
			return z;
	}
	if (!(ac->gfp & (GFPF_DIRECT_RECLAIM | GFPF_NO_WATERMARKS)))
		return NULL;
	/* __alloc_pages_direct_reclaim()'s retry after draining */
	unreserve_highatomic(ac, false);
	pcp_drain_all(m);
	z = get_page_from_freelist(ac, alloc_flags, pfn);
	/* should_reclaim_retry(): before giving up, release every reserve */
	while (!z && unreserve_highatomic(ac, true))
		z = get_page_from_freelist(ac, alloc_flags, pfn);
	if (!z && ac->order > PAGE_ALLOC_COSTLY_ORDER)
		z = direct_compact(ac, alloc_flags, pfn);
	return z;
}

/*
 * warn_alloc(): a failure report, ratelimited as the kernel's nopage_rs
 * (a burst of DEFAULT_RATELIMIT_BURST = 10).  The model has no clock, so
 * the interval never ends: after ten reports a machine says once that it
 * suppresses the rest.  (Dumps on request are alloc_dump_free_areas().)
 */
#define WARN_ALLOC_BURST 10

static void warn_alloc(struct alloc_machine *m, const struct alloc_ctx *ac)
{
	if (!m->report || (ac->gfp & GFPF_NOWARN) || m->nr_warned > WARN_ALLOC_BURST)
		return;
	if (m->nr_warned++ == WARN_ALLOC_BURST) {
		fprintf(m->report, "warn_alloc: ratelimited, further failures are not reported\n");
		return;
	}
	fprintf(m->report, "page allocation failure: order:%u, mode:0x%x, nid=%d, cpu=%u\n",
		ac->order, ac->gfp, ac->preferred_nid, ac->cpu);
	if (ac->compact_result >= 0)
		fprintf(m->report, "direct compaction: %s\n", compact_result_name(ac->compact_result));
	alloc_dump_free_areas(m, m->report);
}

/*
 * prepare_alloc_pages(): check the request and derive the zone limit,
 * migratetype, preferred node and preferred zone (cached per node, list
 * and highest zone when the zonelists were built).  The zonelist and the
 * walk's start are set by walk_start(), on the full walk only.
 */
static inline __attribute__((always_inline)) int
prepare_alloc(struct alloc_machine *m, uint32_t gfp, unsigned int order, unsigned int cpu,
	      int nid, struct alloc_ctx *ac)
{
	if (!m->booted)
		return ALLOC_ESTATE;
	if (order > m->max_order || cpu >= m->cfg.nr_cpus || (gfp & ~GFPF_ALL) ||
	    nid < NUMA_NO_NODE || nid >= (int)m->cfg.nr_nodes)
		return ALLOC_EINVAL;
	ac->gfp = gfp;
	ac->order = order;
	ac->cpu = cpu;
	ac->highest_zoneidx = gfp_zone_table[gfp & GFP_ZONE_MASK];
	ac->mt = mobility_type(m, gfp);
	if (ac->highest_zoneidx < 0 || ac->mt < 0)
		return ALLOC_EINVAL;
	ac->preferred_nid = nid == NUMA_NO_NODE ? m->cpu_node[cpu] : nid;
	/* first_zones_zonelist(), cached */
	ac->preferred_zone = m->preferred_zone[ac->preferred_nid][!!(gfp & GFPF_THISNODE)]
					      [ac->highest_zoneidx];
	ac->compact_result = -1;
	return 0;
}

/* The zonelist of the request and the position of its preferred zone. */
static void walk_start(const struct alloc_machine *m, struct alloc_ctx *ac)
{
	const struct pglist_data *pgdat = &m->nodes[ac->preferred_nid];

	ac->zonelist = (ac->gfp & GFPF_THISNODE) ? &pgdat->zonelist_nofallback :
		       &pgdat->zonelist_fallback;
	ac->first = ac->zonelist->first[ac->highest_zoneidx];
}

/* prep_new_page(), the part the model keeps: the block becomes a live head. */
static inline __attribute__((always_inline)) void
prep_new_block(struct alloc_machine *m, unsigned long pfn, unsigned int order, int mt,
	       uint32_t gfp)
{
	struct page *page = pfn_to_page(m, pfn);

	debug_check_page(!(page->flags & (PG_BUDDY | PG_PCP | PG_HEAD | PG_RESERVED)), m, pfn);
	page->flags |= PG_HEAD;
	if (gfp & GFPF_MOVABLE)		/* only these may be migrated */
		page->flags |= PG_MOVABLE;
	page->order = (uint8_t)order;
	page->list_mt = (uint8_t)mt;
	touch_pfn(m, pfn);
}

/*
 * __alloc_pages() after alloc_fast() declined: the full first walk with
 * the low watermark and alloc_flags_nofragment(), then the slow path.
 * Out of line, so the fast path keeps its context in registers.
 */
static __attribute__((noinline)) int alloc_pages_walk(struct alloc_machine *m, uint32_t gfp,
						      unsigned int order, unsigned int cpu,
						      int nid, unsigned long *pfn)
{
	struct alloc_ctx ac;
	struct zone *z = NULL;
	int err = prepare_alloc(m, gfp, order, cpu, nid, &ac);

	if (err)
		return err;
	walk_start(m, &ac);
	if (ac.preferred_zone) {
		z = get_page_from_freelist(&ac, ALLOC_FIRST_WMARK |
					   nofragment_flags(m, ac.preferred_zone), pfn);
		if (!z)
			z = slowpath(m, &ac, pfn);
	}
	if (!z) {
		warn_alloc(m, &ac);
		return ALLOC_ENOMEM;
	}
	prep_new_block(m, *pfn, order, ac.mt, gfp);
	return 0;
}

/*
 * __alloc_pages() with the whole request checked again: prepare_alloc(),
 * the inline per-cpu hit with zone_watermark_fast() (alloc_fast()), else
 * the full walk.  What alloc_pages() tail-calls when its own inline try
 * declines; out of line, so alloc_pages() saves no registers.
 */
static __attribute__((noinline)) int alloc_pages_checked(struct alloc_machine *m, uint32_t gfp,
							 unsigned int order, unsigned int cpu,
							 int nid, unsigned long *pfn)
{
	struct alloc_ctx ac;
	unsigned long got;
	int err = prepare_alloc(m, gfp, order, cpu, nid, &ac);

	if (__builtin_expect(err, 0))
		return err;
	if (__builtin_expect(!ac.preferred_zone || !alloc_fast(m, &ac, ALLOC_FIRST_WMARK, &got), 0))
		return alloc_pages_walk(m, gfp, order, cpu, nid, pfn);
	prep_new_block(m, got, order, ac.mt, gfp);
	*pfn = got;
	return 0;
}

/*
 * The first zone of the walk with a per-cpu list hit is taken inline; the
 * request's checks, gfp_zone(), gfp_migratetype(), the preferred zone
 * (first_zones_zonelist(), cached per node, list and highest zone),
 * pcp_allowed_order() and zone_watermark_fast()'s order-0 shortcut
 * (low watermark, lowmem_reserve, the highatomic reserve) are all made
 * here, on values read once.  Anything else - an order above 0 (the full
 * __zone_watermark_ok()), a failed shortcut, an empty list, a bad request -
 * goes to alloc_pages_checked(), which starts over.  ALLOC_NOFRAGMENT,
 * which alloc_flags_nofragment() adds, changes nothing on a hit (the
 * preferred zone is on the preferred node, and the flag matters to the
 * fallback and the buddy only), so it is worked out on the full walk.
 * Inline twice: alloc_pages() for order 0, alloc_pages_pcp() for 1..3.
 */
static inline __attribute__((always_inline)) int
alloc_pcp_hit(struct alloc_machine *m, uint32_t gfp, unsigned int order, unsigned int cpu,
	      int nid, unsigned long *pfn)
{
	struct zone *z;
	struct per_cpu_pages *pcp;
	struct list_head *list;
	struct page *page;
	unsigned int cls, thisnode;
	int hz, mt, pnid;

	/*
	 * prepare_alloc()'s checks (NUMA_NO_NODE, -1, wraps to 0 in the
	 * node's); alloc_pages_checked() names the error
	 */
	if (__builtin_expect(!m->booted || order > PAGE_ALLOC_COSTLY_ORDER || order > m->max_order ||
			     cpu >= m->cfg.nr_cpus || (gfp & ~GFPF_ALL) ||
			     (unsigned int)nid + 1u > m->cfg.nr_nodes, 0))
		return alloc_pages_checked(m, gfp, order, cpu, nid, pfn);
	/* gfp_zone() and gfp_migratetype(), one load (m->gfp_class[]) */
	cls = m->gfp_class[gfp & GFP_CLASS_MASK];
	if (__builtin_expect(cls == GFP_CLASS_BAD, 0))
		return alloc_pages_checked(m, gfp, order, cpu, nid, pfn);
	hz = GFP_CLASS_ZONE(cls);
	mt = GFP_CLASS_MT(cls);
	pnid = nid == NUMA_NO_NODE ? m->cpu_node[cpu] : nid;
	thisnode = !!(gfp & GFPF_THISNODE);
	z = m->preferred_zone[pnid][thisnode][hz];
	if (__builtin_expect(!z, 0))
		return alloc_pages_checked(m, gfp, order, cpu, nid, pfn);
	/*
	 * zone_watermark_fast() with ALLOC_FIRST_WMARK and no ALLOC_RESERVES:
	 * the order-0 shortcut here, __zone_watermark_ok() for the others
	 */
	if (!order) {
		if (__builtin_expect(!watermark_order0_shortcut(z, z->wmark[ALLOC_FIRST_WMARK], hz,
								ALLOC_FIRST_WMARK), 0))
			return alloc_pages_checked(m, gfp, order, cpu, nid, pfn);
	} else if (!zone_watermark_ok(z, order, z->wmark[ALLOC_FIRST_WMARK], hz, ALLOC_FIRST_WMARK,
				      (long)z->free_pages)) {
		return alloc_pages_checked(m, gfp, order, cpu, nid, pfn);
	}
	/* z->per_cpu_pageset, cached beside z: the list's address waits on one load less */
	pcp = &m->preferred_pcp[pnid][thisnode][hz][cpu];
	list = &pcp->lists[pcp_index(order, mt)];
	/*
	 * an empty list declines; a disabled cache (high 0) holds nothing
	 * (pcp_check()).  So does a head whose flags are not exactly a cached
	 * block's, so that the flags below are stored, not updated: the store
	 * then waits for no load of them (the free before stored them).
	 */
	page = list_entry(list->next, struct page, lru);
	if (__builtin_expect(list_empty(list) || page->flags != (PG_PRESENT | PG_PCP), 0))
		return alloc_pages_checked(m, gfp, order, cpu, nid, pfn);
	/* __rmqueue_pcplist() (pcp_del(): a list's blocks are of its order), then prep_new_page() */
	list_del_first(list);
	*pfn = page_to_pfn(m, page);
	pcp->count -= 1UL << order;
	page->flags = (uint8_t)(PG_PRESENT | PG_HEAD | ((gfp & GFPF_MOVABLE) ? PG_MOVABLE : 0));
	/* page->order: a list's blocks carry its order (pcp_add()) */
	page->list_mt = (uint8_t)mt;
	touch_pfn(m, *pfn);
	return 0;
}

/* alloc_pcp_hit() for orders 1..PAGE_ALLOC_COSTLY_ORDER, with its call of wmark_ok(). */
static __attribute__((noinline)) int alloc_pages_pcp(struct alloc_machine *m, uint32_t gfp,
						     unsigned int order, unsigned int cpu,
						     int nid, unsigned long *pfn)
{
	return alloc_pcp_hit(m, gfp, order, cpu, nid, pfn);
}

/**
 * alloc_pages - __alloc_pages(): fast path with the low watermark, then
 * the slow path.  See alloc.h for the contract.
 *
 * A per-cpu hit in the preferred zone is taken inline (alloc_pcp_hit());
 * order 0 here, where the watermark test needs no call, orders 1..3 in
 * alloc_pages_pcp().
 */
int alloc_pages(struct alloc_machine *m, uint32_t gfp, unsigned int order,
		unsigned int cpu, int nid, unsigned long *pfn)
{
	if (order)
		return alloc_pages_pcp(m, gfp, order, cpu, nid, pfn);
	return alloc_pcp_hit(m, gfp, 0, cpu, nid, pfn);
}

/*
 * free_unref_page() for the blocks the per-cpu fast path does not take:
 * no cache, a type the lists do not hold (HIGHATOMIC, ISOLATE, CMA), an
 * order above PAGE_ALLOC_COSTLY_ORDER, or a block over several pageblocks
 * (one isolated while it was allocated or cached skips the cache).
 */
static int free_pages_slow(struct alloc_machine *m, struct zone *zone, struct page *page,
			   unsigned long pfn, unsigned int order, unsigned int cpu)
{
	int mt = get_pageblock_migratetype(zone, pfn);

	page->flags &= (uint8_t)~(PG_HEAD | PG_MOVABLE);
	touch_pfn(m, pfn);
	if (pcp_usable(zone, cpu, order) && buddy_types_uniform(zone, pfn, order, mt))
		pcp_free(zone, cpu, page, pfn, order, mt);
	else
		buddy_free(zone, pfn, order, mt, false);
	return 0;
}

/*
 * alloc_free_pages() with the request checked in the contract's order (the
 * error it names), then free_pages_slow(): what the inline path tail-calls
 * when anything about the request or the block is not its common case.
 */
static __attribute__((noinline)) int free_pages_checked(struct alloc_machine *m,
							unsigned long pfn, unsigned int order,
							unsigned int cpu)
{
	struct page *page;

	if (!m->booted)
		return ALLOC_ESTATE;
	if (cpu >= m->cfg.nr_cpus || order > m->max_order || !pfn_in_memmap(m, pfn))
		return ALLOC_EINVAL;
	page = pfn_to_page(m, pfn);
	if (!(page->flags & PG_HEAD))
		return ALLOC_ENOENT;
	if (page->order != order)
		return ALLOC_EINVAL;
	return free_pages_slow(m, page_zone(m, page), page, pfn, order, cpu);
}

/*
 * The spill that ends free_unref_page_commit() when the cpu holds high or
 * more: out of line, from the block just cached (its order and list type).
 */
static __attribute__((noinline)) int free_pages_spill(struct alloc_machine *m,
						      const struct page *page, unsigned int cpu)
{
	return pcp_spill(page_zone(m, page), cpu, page->order, page->list_mt);
}

/*
 * free_unref_page_commit(): a checked live head (flags PG_PRESENT, PG_HEAD
 * and maybe PG_MOVABLE) becomes a PG_PCP head on list (@order, @mt) of
 * @pcp, @cpu's set in its zone; the spill at high.
 */
static inline __attribute__((always_inline)) int
free_pcp_commit(struct alloc_machine *m, struct page *page, unsigned long pfn,
		struct per_cpu_pages *pcp, unsigned int order, int mt, unsigned int cpu)
{
	page->flags = PG_PRESENT;	/* PG_PCP added by pcp_link() */
	touch_pfn(m, pfn);
	pcp_link(pcp, cpu, page, order, mt, false);
	if (__builtin_expect(pcp_over_high(pcp), 0))
		return free_pages_spill(m, page, cpu);
	return 0;
}

/*
 * The per-cpu free of a checked live head at an order the lists take
 * (free_unref_page()): to its zone's set of @cpu, on the list of its
 * pageblock's type, unless the type is not cached or the cache is off.
 */
static __attribute__((noinline)) int free_pages_pcp(struct alloc_machine *m, struct page *page,
						    unsigned long pfn, unsigned int order,
						    unsigned int cpu)
{
	int mt = page->pageblock_mt;	/* get_pfnblock_migratetype(), off the page */
	struct per_cpu_pages *pcp = page_pcp(m, page, cpu);	/* page_zone(page)->per_cpu_pageset */

	if (__builtin_expect(mt >= MIGRATE_PCPTYPES || !pcp->high, 0))
		return free_pages_checked(m, pfn, order, cpu);
	return free_pcp_commit(m, page, pfn, pcp, order, mt, cpu);
}

/**
 * alloc_free_pages - free_pages(): return a live allocation.
 * @m: booted machine
 * @pfn: the allocation's first pfn
 * @order: the order it was allocated with
 * @cpu: freeing cpu (whose per-cpu list takes it)
 * Return: 0; ALLOC_ENOENT when no allocation starts at @pfn (double free,
 * a free, per-cpu, reserved or hole page, the middle of a block);
 * ALLOC_EINVAL for a wrong order, a bad cpu or a pfn outside the memmap.
 * On error nothing changes.
 *
 * The common case inline: free_unref_page() to a cache that takes the
 * pageblock's type (get_pfnblock_migratetype()) at an order within one
 * pageblock, then free_unref_page_commit() (pcp_link(), the spill at high,
 * tail-called), on a list guessed and then confirmed (below), or found
 * off the page by free_pages_pcp(); anything else goes to
 * free_pages_checked(), which starts over.  A live head's order is at most
 * max_order, so a head of the order asked for, at most
 * PAGE_ALLOC_COSTLY_ORDER, passes that check too.
 */
int alloc_free_pages(struct alloc_machine *m, unsigned long pfn, unsigned int order,
		     unsigned int cpu)
{
	struct page *page;
	struct per_cpu_pages *pcp;
	size_t local;

	/*
	 * No test of m->booted: only an allocation makes a PG_HEAD, and
	 * allocations need a booted machine (a failed boot releases the memmap)
	 */
	if (__builtin_expect(cpu >= m->cfg.nr_cpus || order > PAGE_ALLOC_COSTLY_ORDER ||
			     order > m->pageblock_order || !pfn_in_memmap(m, pfn), 0))
		return free_pages_checked(m, pfn, order, cpu);
	page = pfn_to_page(m, pfn);
	/*
	 * A live head of @order with no flag but PG_PRESENT and PG_MOVABLE
	 * besides (anything else: free_pages_checked()): its flags are then
	 * stored as a cached block's, not updated (free_pcp_commit()).
	 */
	if (__builtin_expect((page->flags & ~PG_MOVABLE) != (PG_PRESENT | PG_HEAD) ||
			     page->order != order, 0))
		return free_pages_checked(m, pfn, order, cpu);
	/*
	 * The guess: the cpu's own node's Normal zone and an UNMOVABLE
	 * pageblock, where GFP_KERNEL pages come from.  Confirmed by a
	 * branch, the list's address is the guess's, known before the
	 * struct page arrives, and the stores that link the block do not
	 * wait for it (a random free misses on it); any other zone or type
	 * goes to free_pages_pcp(), which reads both off the page.
	 */
	local = m->cpu_node[cpu];
	if (__builtin_expect(page->nid != local || page->zone_idx != ZONE_NORMAL ||
			     page->pageblock_mt != MIGRATE_UNMOVABLE, 0))
		return free_pages_pcp(m, page, pfn, order, cpu);
	value_opaque(local);
	local = local * NR_ZONE_TYPES + ZONE_NORMAL;
	pcp = zone_nr_pcp(m, local, cpu);
	if (__builtin_expect(!pcp->high, 0))
		return free_pages_checked(m, pfn, order, cpu);
	return free_pcp_commit(m, page, pfn, pcp, order, MIGRATE_UNMOVABLE, cpu);
}

/**
 * alloc_drain - drain_local_pages() for one cpu, drain_all_pages() for -1.
 * @m: booted machine
 * @cpu: cpu, or a negative value for all
 * Return: 0, ALLOC_EINVAL for a bad cpu, ALLOC_ESTATE before boot.
 */
int alloc_drain(struct alloc_machine *m, int cpu)
{
	int nid;
	unsigned int zt;

	if (!m->booted)
		return ALLOC_ESTATE;
	if (cpu >= (int)m->cfg.nr_cpus)
		return ALLOC_EINVAL;
	if (cpu < 0) {
		pcp_drain_all(m);
		return 0;
	}
	for_each_node(m, nid)
		for_each_zone_type(zt)
			pcp_drain_zone(&m->nodes[nid].zones[zt], (unsigned int)cpu);
	return 0;
}

