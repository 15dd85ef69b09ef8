// SPDX-License-Identifier: MIT
/*
 * compaction.c - make a free block of a wanted order by moving movable
 * allocations out of the way.
 *
 * Per zone, a migrate scanner walks pageblocks up from the zone start and
 * collects movable allocations (skipping UNMOVABLE and ISOLATE pageblocks),
 * and a free scanner walks pageblocks down from the zone end and takes
 * free blocks out of MOVABLE pageblocks (skipping a pageblock that is one
 * free block already).  Each movable block moves to a free one through the
 * owner's migrate callback, which may refuse; the old block is freed and
 * merges.  The run stops when the scanners meet (COMPACT_COMPLETE) or, at
 * a pageblock boundary, when a free block of the order sits on a list the
 * request may use (COMPACT_SUCCESS).  compaction_suitable() (an order-0
 * watermark check with a gap of 2 << order) and, for costly orders, the
 * fragmentation index decide whether to start at all.
 *
 * Modelled on compact_zone(), isolate_migratepages(), isolate_freepages(),
 * compaction_alloc(), compact_finished(), compaction_suitable(),
 * fragmentation_index(), defer_compaction() and compaction_deferred() of
 * mm/compaction.c and mm/vmstat.c.  Not modelled: async mode, the skip
 * bits and cached scanner positions (every run starts from the zone
 * edges), the fast free-page search, capture of the freed page, kcompactd
 * and proactive compaction.  Allocations of pageblock order or more, and
 * those at least as large as the wanted order, are not moved.
 *
 * Owns: every page a scanner takes lies in the zone being compacted;
 * every free block taken by the free scanner goes back to the lists or
 * becomes a migration target before the run ends.
 */
#include "internal.h"

#define COMPACT_CLUSTER_MAX	32	/* sources migrated per batch */
#define EXTFRAG_THRESHOLD	500	/* sysctl_extfrag_threshold's default */
#define COMPACT_MAX_DEFER_SHIFT	6

struct compact_control {
	struct zone *zone;
	unsigned int order;		/* the block wanted */
	bool full;			/* compact_node(): no early stop (cc->order == -1) */
	int mt;				/* the list it is wanted on */
	unsigned long migrate_pfn;	/* next pfn the migrate scanner looks at */
	unsigned long free_pfn;		/* start of the next pageblock the free scanner takes */
	struct list_head freepages;	/* free blocks taken off the lists (page->order kept) */
	unsigned long sources[COMPACT_CLUSTER_MAX];
	unsigned int nr_sources;
};

static const char *const result_names[NR_COMPACT_RESULTS] = {
	[COMPACT_SKIPPED] = "skipped",
	[COMPACT_NOT_FRAGMENTED] = "not_fragmented",
	[COMPACT_SUCCESS] = "success",
	[COMPACT_COMPLETE] = "complete",
};

const char *compact_result_name(int result)
{
	return result >= 0 && result < NR_COMPACT_RESULTS ? result_names[result] : "none";
}

/* A present page whose struct page belongs to @zone (interleaved nodes share spans). */
static inline bool page_in_zone(const struct zone *zone, const struct page *p)
{
	return (p->flags & PG_PRESENT) && p->nid == zone->nid && p->zone_idx == zone->idx;
}

/* compaction_suitable(): enough free pages to migrate into? */
static bool compaction_suitable(const struct zone *zone, unsigned int order)
{
	unsigned long mark = zone->wmark[order > PAGE_ALLOC_COSTLY_ORDER ? WMARK_LOW : WMARK_MIN];

	return wmark_ok(zone, 0, mark + (2UL << order), zone->idx, ALLOC_CMA,
			(long)zone->free_pages);
}

/*
 * fragmentation_index(): 0 (failure would be lack of memory) to 1000
 * (failure would be fragmentation); -1000 when a block of the order is free.
 * Isolated free pages do not count.
 */
static long fragmentation_index(const struct zone *zone, unsigned int order)
{
	unsigned long free_pages = 0, blocks = 0, suitable = 0;
	unsigned int o;

	for (o = 0; o <= zone->machine->max_order; o++) {
		const struct free_area *area = &zone->free_area[o];
		unsigned long n = area->nr_free - area->nr_free_mt[MIGRATE_ISOLATE];

		blocks += n;
		free_pages += n << o;
		if (o >= order)
			suitable += n << (o - order);
	}
	if (!blocks)
		return 0;
	if (suitable)
		return -1000;
	return 1000 - (long)((1000 + free_pages * 1000 / (1UL << order)) / blocks);
}

/* compaction_deferred(): skip this direct run after recent failures? */
static bool compaction_deferred(struct zone *zone, unsigned int order)
{
	struct compact_stats *cs = &zone->compact;

	if (order < cs->order_failed)
		return false;
	if (++cs->considered >= (1u << cs->defer_shift)) {
		cs->considered = 1u << cs->defer_shift;
		return false;
	}
	return true;
}

/* defer_compaction() after a failure, compaction_defer_reset() after a success. */
static void compaction_note_outcome(struct zone *zone, unsigned int order, bool success)
{
	struct compact_stats *cs = &zone->compact;

	cs->considered = 0;
	if (success) {
		cs->defer_shift = 0;
		if (order >= cs->order_failed)
			cs->order_failed = order + 1;
		return;
	}
	if (cs->defer_shift < COMPACT_MAX_DEFER_SHIFT)
		cs->defer_shift++;
	if (order < cs->order_failed)
		cs->order_failed = order;
}

/* compact_scanners_met(): the free scanner reached the migrate scanner's pageblock. */
static bool scanners_met(const struct compact_control *cc)
{
	unsigned int shift = cc->zone->machine->pageblock_order;

	return (cc->free_pfn >> shift) <= (cc->migrate_pfn >> shift);
}

/*
 * isolate_migratepages(): collect up to COMPACT_CLUSTER_MAX movable
 * allocations from the pageblock at migrate_pfn; resume mid-block when full.
 */
static void isolate_migratepages(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	struct alloc_machine *m = zone->machine;
	unsigned long block = cc->migrate_pfn & ~(m->pageblock_nr_pages - 1);
	unsigned long end = min_ul(block + m->pageblock_nr_pages, zone_end_pfn(zone));
	unsigned long pfn = cc->migrate_pfn;
	int mt = get_pageblock_migratetype(zone, pfn);

	cc->nr_sources = 0;
	cc->migrate_pfn = block + m->pageblock_nr_pages;
	if (mt == MIGRATE_UNMOVABLE || mt == MIGRATE_ISOLATE)
		return;
	while (pfn < end) {
		const struct page *p = pfn_to_page(m, pfn);
		unsigned long nr = 1;

		if (cc->nr_sources == COMPACT_CLUSTER_MAX) {
			cc->migrate_pfn = pfn;
			break;
		}
		if (page_in_zone(zone, p) && (p->flags & (PG_BUDDY | PG_PCP | PG_HEAD))) {
			nr = 1UL << p->order;
			if ((p->flags & PG_HEAD) && (p->flags & PG_MOVABLE) &&
			    (cc->full || p->order < cc->order) && p->order < m->pageblock_order) {
				cc->sources[cc->nr_sources++] = pfn;
				zone->compact.isolated += nr;
			}
		}
		zone->compact.migrate_scanned += min_ul(nr, end - pfn);
		pfn += nr;
	}
}

/* A block head of @zone that the free scanner looks at. */
static inline bool free_scan_page(const struct zone *zone, const struct page *p)
{
	return (p->flags & (PG_BUDDY | PG_PCP | PG_HEAD)) && page_in_zone(zone, p);
}

/* suitable_migration_target(): a MOVABLE pageblock that is not one free block. */
static bool free_target_block(const struct zone *zone, unsigned long start)
{
	const struct page *first = pfn_to_page(zone->machine, start);

	if (get_pageblock_migratetype(zone, start) != MIGRATE_MOVABLE)
		return false;
	return !((first->flags & PG_BUDDY) && first->order >= zone->machine->pageblock_order);
}

/*
 * isolate_freepages() for one pageblock: take its free blocks off the
 * lists.  Return: false when the scanners have met (nothing scanned).
 */
static bool free_scanner_step(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	struct alloc_machine *m = zone->machine;
	unsigned long block = cc->free_pfn, pfn, start, end;

	if (scanners_met(cc))
		return false;
	cc->free_pfn = block - m->pageblock_nr_pages;
	start = max_ul(block, zone->zone_start_pfn);
	end = min_ul(block + m->pageblock_nr_pages, zone_end_pfn(zone));
	if (!free_target_block(zone, start))
		return true;
	for (pfn = start; pfn < end; ) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned long nr = 1;

		if (free_scan_page(zone, p)) {
			nr = 1UL << p->order;
			if (p->flags & PG_BUDDY) {
				buddy_del_block(zone, p);
				list_add_tail(&p->lru, &cc->freepages);
				zone->compact.isolated += nr;
			}
		}
		zone->compact.free_scanned += min_ul(nr, end - pfn);
		pfn += nr;
	}
	return true;
}

/*
 * compaction_alloc(): a taken free block of @order, split off a larger
 * one if need be (the rest stays taken), scanning further when none fits.
 */
static bool compaction_alloc(struct compact_control *cc, unsigned int order, unsigned long *pfn)
{
	struct alloc_machine *m = cc->zone->machine;

	do {
		struct list_head *pos;

		for (pos = cc->freepages.next; pos != &cc->freepages; pos = pos->next) {
			struct page *page = list_entry(pos, struct page, lru);
			unsigned int o = page->order;

			if (o < order)
				continue;
			list_del(&page->lru);
			*pfn = page_to_pfn(m, page);
			while (o > order) {	/* keep the low half, return the high ones */
				struct page *rest;

				o--;
				rest = pfn_to_page(m, *pfn + (1UL << o));
				rest->order = (uint8_t)o;
				list_add_head(&rest->lru, &cc->freepages);
			}
			return true;
		}
	} while (free_scanner_step(cc));
	return false;
}

/* Give a taken free block back to the scanner's list (a refused migration). */
static void return_target(struct compact_control *cc, unsigned long pfn, unsigned int order)
{
	struct page *page = pfn_to_page(cc->zone->machine, pfn);

	page->order = (uint8_t)order;
	list_add_head(&page->lru, &cc->freepages);
}

/* release_free_list(): every taken block back to the buddy, merging. */
static void release_freepages(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	struct alloc_machine *m = zone->machine;

	while (!list_empty(&cc->freepages)) {
		struct page *page = list_entry(cc->freepages.next, struct page, lru);
		unsigned long pfn = page_to_pfn(m, page);

		list_del(&page->lru);
		buddy_free(zone, pfn, page->order, get_pageblock_migratetype(zone, pfn), false);
	}
}

/**
 * compact_migrate_block - migrate_pages() for one movable allocation: ask
 * the owner, then make @new_pfn the allocation and free @old_pfn.
 * @zone: zone of both blocks
 * @old_pfn: head of a live movable allocation
 * @new_pfn: head of a block of its order that the caller took off the lists
 * Return: true if it moved; false if the owner refused (nothing changed).
 */
bool compact_migrate_block(struct zone *zone, unsigned long old_pfn, unsigned long new_pfn)
{
	struct alloc_machine *m = zone->machine;
	struct page *old = pfn_to_page(m, old_pfn), *new = pfn_to_page(m, new_pfn);
	unsigned int order = old->order;

	debug_check_page((old->flags & PG_HEAD) && (old->flags & PG_MOVABLE), m, old_pfn);
	if (!m->migrate || m->migrate(m->migrate_ctx, old_pfn, new_pfn, order)) {
		zone->compact.migrate_refused += 1UL << order;
		return false;
	}
	new->flags = (uint8_t)(new->flags | PG_HEAD | PG_MOVABLE);
	new->order = (uint8_t)order;
	new->list_mt = old->list_mt;
	touch_pfn(m, new_pfn);
	touch_pfn(m, old_pfn);
	old->flags &= (uint8_t)~(PG_HEAD | PG_MOVABLE);
	buddy_free(zone, old_pfn, order, get_pageblock_migratetype(zone, old_pfn), false);
	zone->compact.migrated += 1UL << order;
	return true;
}

/* migrate_pages() for a batch.  Return: false when no target is left. */
static bool migrate_batch(struct compact_control *cc)
{
	struct alloc_machine *m = cc->zone->machine;
	unsigned int i;

	for (i = 0; i < cc->nr_sources; i++) {
		unsigned long src = cc->sources[i], dst;
		unsigned int order = pfn_to_page(m, src)->order;

		if (!compaction_alloc(cc, order, &dst))
			return false;
		if (!compact_migrate_block(cc->zone, src, dst))
			return_target(cc, dst, order);
	}
	return true;
}

/* The scanners: run until they meet, no target is left, or the block is free. */
static enum compact_result run_scanners(struct compact_control *cc)
{
	struct zone *zone = cc->zone;
	struct alloc_machine *m = zone->machine;

	while (!scanners_met(cc)) {
		isolate_migratepages(cc);
		if (!migrate_batch(cc))
			break;
		/* compact_finished() looks only at pageblock boundaries */
		if (!cc->full && !(cc->migrate_pfn & (m->pageblock_nr_pages - 1)) &&
		    buddy_block_available(zone, cc->order, cc->mt))
			return COMPACT_SUCCESS;
	}
	return COMPACT_COMPLETE;
}

/* compaction_suit_allocation_order() plus the fragmentation index. */
static enum compact_result may_start(const struct zone *zone, unsigned int order, int mt)
{
	long fi;

	if (buddy_block_available(zone, order, mt))
		return COMPACT_SUCCESS;
	if (!compaction_suitable(zone, order))
		return COMPACT_SKIPPED;
	fi = order > PAGE_ALLOC_COSTLY_ORDER ? fragmentation_index(zone, order) : -1000;
	if (fi >= 0 && fi <= EXTFRAG_THRESHOLD)
		return COMPACT_NOT_FRAGMENTED;
	return NR_COMPACT_RESULTS;	/* go */
}

/* Both scanners over the zone, from its edges; the taken free blocks go back. */
static enum compact_result scan_zone(struct zone *zone, unsigned int order, int mt, bool full)
{
	struct alloc_machine *m = zone->machine;
	struct compact_control cc = { .zone = zone, .order = order, .mt = mt, .full = full };
	enum compact_result r;
	unsigned int cpu;

	for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)	/* cached pages cannot merge */
		pcp_drain_zone(zone, cpu);
	list_init(&cc.freepages);
	cc.migrate_pfn = zone->zone_start_pfn;
	cc.free_pfn = (zone_end_pfn(zone) - 1) & ~(m->pageblock_nr_pages - 1);
	r = run_scanners(&cc);
	release_freepages(&cc);
	if (r == COMPACT_COMPLETE && buddy_block_available(zone, order, mt))
		r = COMPACT_SUCCESS;
	return r;
}

static void count_result(struct zone *zone, enum compact_result r)
{
	zone->compact.last = (int)r + 1;
	if (r == COMPACT_SUCCESS)
		zone->compact.success++;
	else if (r == COMPACT_COMPLETE)
		zone->compact.fail++;
	else
		zone->compact.skipped++;
}

/**
 * compact_zone - one compaction run of a zone for a free block of @order.
 * @zone: a zone with managed pages
 * @order: order wanted
 * @mt: the migratetype it is wanted for (the lists compact_finished() reads)
 * @direct: direct compaction from the allocator's slow path (may be deferred)
 * Return: the outcome; also counted in zone->compact.
 */
enum compact_result compact_zone(struct zone *zone, unsigned int order, int mt, bool direct)
{
	enum compact_result r;

	if (direct) {
		if (compaction_deferred(zone, order))
			return COMPACT_SKIPPED;
		zone->compact.stall++;
	}
	r = may_start(zone, order, mt);
	if (r == NR_COMPACT_RESULTS) {
		r = scan_zone(zone, order, mt, false);
		if (direct)
			compaction_note_outcome(zone, order, r == COMPACT_SUCCESS);
	}
	count_result(zone, r);
	return r;
}

/** alloc_compact - see alloc.h. */
int alloc_compact(struct alloc_machine *m, int nid, int zone, unsigned int order)
{
	bool full = order == ALLOC_COMPACT_FULL;
	int n, best = -1, mt;
	unsigned int zt;

	if (!m->booted)
		return ALLOC_ESTATE;
	mt = gfp_migratetype(m, GFPF_MOVABLE);
	if ((order > m->max_order && !full) || nid < -1 || nid >= (int)m->cfg.nr_nodes ||
	    zone < -1 || zone >= NR_ZONE_TYPES)
		return ALLOC_EINVAL;
	for_each_node(m, n) {
		for_each_zone_type(zt) {
			struct zone *z = &m->nodes[n].zones[zt];
			enum compact_result r;

			if ((nid >= 0 && n != nid) || (zone >= 0 && (int)zt != zone) || !zone_managed(z))
				continue;
			if (full) {	/* compact_node(): every movable page, no early stop */
				count_result(z, scan_zone(z, m->max_order, mt, true));
				continue;
			}
			r = compact_zone(z, order, mt, false);
			if (r == COMPACT_SUCCESS)
				best = COMPACT_SUCCESS;
			else if (r == COMPACT_COMPLETE && best != COMPACT_SUCCESS)
				best = COMPACT_COMPLETE;
		}
	}
	if (best == COMPACT_SUCCESS || full)
		return 0;
	return best == COMPACT_COMPLETE ? ALLOC_EBUSY : ALLOC_ENOMEM;
}

/** alloc_compact_result - see alloc.h. */
const char *alloc_compact_result(const struct alloc_machine *m, int nid, int zone)
{
	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || zone < 0 || zone >= NR_ZONE_TYPES)
		return "none";
	return compact_result_name(m->nodes[nid].zones[zone].compact.last - 1);
}
