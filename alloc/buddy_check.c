// SPDX-License-Identifier: MIT
/*
 * buddy_check.c - the invariants buddy.c owns, checked from outside the
 * lists' own code: every listed block is a free head of the list's order
 * and type, aligned, inside its zone, on the list of each pageblock it
 * covers, and not left unmerged with a free buddy it may merge with; the
 * lists are well linked; every free head the memmap walk saw is listed;
 * nr_free, nr_free_mt and the zone's free-page counters equal what the
 * lists hold.  Read-only: it reports through check_report() and changes
 * nothing.
 */
#include "internal.h"

/* Would the block at @pfn merge with its buddy?  (free_one_page()'s rule in buddy.c) */
CHECK_WALK
static bool left_unmerged(struct zone *zone, unsigned long pfn, unsigned int order)
{
	struct alloc_machine *m = zone->machine;
	unsigned long bpfn = pfn ^ (1UL << order);
	int mt, bmt;

	if (order >= m->max_order || !pfn_in_memmap(m, bpfn) ||
	    !page_is_buddy(zone, pfn_to_page(m, bpfn), order))
		return false;
	if (order < m->pageblock_order)
		return true;
	mt = get_pageblock_migratetype(zone, pfn);
	bmt = get_pageblock_migratetype(zone, bpfn);
	return mt == bmt || (mt_mergeable(mt) && mt_mergeable(bmt));
}

/* One free head: alignment, zone, list type vs pageblock types, merging. */
CHECK_WALK
static bool check_free_head(struct zone *zone, unsigned long pfn, const struct page *page,
			    int mt, unsigned int order, struct check_ctx *ctx)
{
	struct alloc_machine *m = zone->machine;
	unsigned long end = pfn + (1UL << order), b;

	if (!(page->flags & PG_BUDDY) || page->order != order || page->list_mt != mt)
		return check_report(ctx, "buddy.list_entry", pfn,
				    "on list order %u type %s: flags 0x%x order %u list_mt %u",
				    order, alloc_migratetype_name(mt), page->flags, page->order,
				    page->list_mt);
	if (pfn & ((1UL << order) - 1))
		return check_report(ctx, "buddy.misaligned", pfn, "order %u", order);
	if (page->nid != zone->nid || page->zone_idx != zone->idx ||
	    pfn < zone->zone_start_pfn || end > zone_end_pfn(zone))
		return check_report(ctx, "buddy.outside_zone", pfn,
				    "order %u block not inside node %d zone %s",
				    order, zone->nid, alloc_zone_name(zone->idx));
	for (b = pfn; b < end; b = (b | (m->pageblock_nr_pages - 1)) + 1)
		if (get_pageblock_migratetype(zone, b) != mt)
			return check_report(ctx, "buddy.list_type", pfn,
					    "order %u block on %s list, pageblock at 0x%lx is %s",
					    order, alloc_migratetype_name(mt), b,
					    alloc_migratetype_name(get_pageblock_migratetype(zone, b)));
	if (left_unmerged(zone, pfn, order))
		return check_report(ctx, "buddy.unmerged", pfn,
				    "order %u block and its buddy 0x%lx are both free",
				    order, pfn ^ (1UL << order));
	return true;
}

/* Walk one list, bounded so a corrupted cycle cannot hang the check. */
CHECK_WALK
static unsigned long check_list(struct zone *zone, unsigned int order, int mt,
				unsigned long *pages, struct check_ctx *ctx)
{
	struct alloc_machine *m = zone->machine;
	const struct list_head *head = &zone->free_area[order].free_list[mt], *pos;
	unsigned long n = 0, bound = m->memmap_end_pfn - m->memmap_start_pfn + 1;

	for (pos = head->next; pos != head && !check_full(ctx); pos = pos->next) {
		const struct page *page = list_entry(pos, struct page, lru);

		if (page < m->memmap || page >= m->memmap + (m->memmap_end_pfn - m->memmap_start_pfn) ||
		    pos->next->prev != pos || ++n > bound) {
			check_report(ctx, "buddy.list_corrupt", ~0UL, "order %u type %s",
				     order, alloc_migratetype_name(mt));
			break;
		}
		check_free_head(zone, page_to_pfn(m, page), page, mt, order, ctx);
		*pages += 1UL << order;
	}
	return n;
}

CHECK_WALK
static void check_zone_lists(struct zone *zone, struct check_ctx *ctx)
{
	struct alloc_machine *m = zone->machine;
	unsigned long free_pages = 0, iso_pages = 0;
	unsigned int order;
	int mt;

	for (order = 0; order <= m->max_order; order++) {
		const struct free_area *area = &zone->free_area[order];
		unsigned long total = 0;

		/*
		 * A zone without managed pages is never freed to and never in a
		 * zonelist: like the kernel's unpopulated zones, its lists are
		 * dead, so only its counters are read (0, or the checks below
		 * report them).  A page wrongly listed there still shows: it
		 * is a PG_buddy head its own zone does not count (memmap
		 * census), or a page its zone counts but its lists lack.
		 */
		for (mt = 0; zone_managed(zone) && mt < NR_MIGRATETYPES; mt++) {
			const struct list_head *head = &area->free_list[mt];
			/* most lists are empty: a consistent empty head needs no walk */
			unsigned long n = head->next == head && head->prev == head ? 0 :
				check_list(zone, order, mt,
					   mt == MIGRATE_ISOLATE ? &iso_pages : &free_pages, ctx);

			if (n != area->nr_free_mt[mt])
				check_report(ctx, "buddy.nr_free_mt", ~0UL,
					     "node %d zone %s order %u %s: list %lu, counter %lu",
					     zone->nid, alloc_zone_name(zone->idx), order,
					     alloc_migratetype_name(mt), n, area->nr_free_mt[mt]);
			total += n;
		}
		if (total != area->nr_free)
			check_report(ctx, "buddy.nr_free", ~0UL, "node %d zone %s order %u: %lu vs %lu",
				     zone->nid, alloc_zone_name(zone->idx), order, total, area->nr_free);
	}
	if (free_pages != zone->free_pages || iso_pages != zone->isolated_free)
		check_report(ctx, "buddy.free_pages", ~0UL,
			     "node %d zone %s: lists hold %lu (+%lu isolated), counters %lu (+%lu)",
			     zone->nid, alloc_zone_name(zone->idx), free_pages, iso_pages,
			     zone->free_pages, zone->isolated_free);
}

/* Every PG_BUDDY head the memmap walk found must be one the lists account for. */
CHECK_WALK
static void check_heads_listed(struct alloc_machine *m, const struct memmap_census *census,
			       struct check_ctx *ctx)
{
	unsigned long listed;
	int nid;
	unsigned int zt, order;

	for_each_node(m, nid) {
		for_each_zone_type(zt) {
			listed = 0;
			for (order = 0; order <= m->max_order; order++)
				listed += m->nodes[nid].zones[zt].free_area[order].nr_free;
			if (listed != census->buddy_heads[nid][zt])
				check_report(ctx, "buddy.unlisted_head", ~0UL,
					     "node %d zone %s: %lu PG_buddy heads, %lu on lists",
					     nid, alloc_zone_name((int)zt),
					     census->buddy_heads[nid][zt], listed);
		}
	}
}

/**
 * buddy_check - every free list of every zone, and the memmap's free heads.
 * @m: booted machine
 * @ctx: report context
 * @census: what memmap_check() counted
 * Return: violations found.
 */
CHECK_WALK
unsigned int buddy_check(struct alloc_machine *m, struct check_ctx *ctx,
			 const struct memmap_census *census)
{
	unsigned int before = ctx->count;
	int nid;
	unsigned int zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			check_zone_lists(&m->nodes[nid].zones[zt], ctx);
	check_heads_listed(m, census, ctx);
	return ctx->count - before;
}

/**
 * buddy_check_block - the cheap check of one touched pfn: if it is a free
 * head, its links, placement, type and merging; if it heads a small
 * allocated or per-cpu block, that no other head hides inside.
 * @m: booted machine
 * @pfn: a pfn an op put on or took off a list
 * @ctx: report context
 * Return: violations found.
 */
CHECK_WALK
unsigned int buddy_check_block(struct alloc_machine *m, unsigned long pfn, struct check_ctx *ctx)
{
	unsigned int before = ctx->count;
	const struct page *page;
	unsigned long i;

	if (!pfn_in_memmap(m, pfn))
		return 0;
	page = pfn_to_page(m, pfn);
	if (page->flags & PG_BUDDY) {
		struct zone *zone;

		if (page->nid >= m->cfg.nr_nodes || page->zone_idx >= NR_ZONE_TYPES)
			return check_report(ctx, "buddy.outside_zone", pfn, "free head without a zone"), 1;
		zone = page_zone(m, page);
		if (page->lru.next->prev != &page->lru || page->lru.prev->next != &page->lru)
			check_report(ctx, "buddy.list_corrupt", pfn, "links of a free head");
		else
			check_free_head(zone, pfn, page, page->list_mt, page->order, ctx);
	} else if ((page->flags & (PG_HEAD | PG_PCP)) && page->order <= 6) {
		for (i = 1; i < (1UL << page->order) && pfn + i < m->memmap_end_pfn; i++)
			if (pfn_to_page(m, pfn + i)->flags & (PG_BUDDY | PG_PCP | PG_HEAD))
				check_report(ctx, "memmap.block_page_bad", pfn + i,
					     "head inside the order-%u block at 0x%lx",
					     page->order, pfn);
		/* the type the free path will read off this head */
		if ((page->flags & PG_HEAD) && page->nid < m->cfg.nr_nodes &&
		    page->zone_idx < NR_ZONE_TYPES)
			memmap_check_pageblock_mt(m, pfn, ctx);
	}
	return ctx->count - before;
}

/**
 * buddy_check_counters - O(orders) counter identities of one zone.
 * @zone: zone
 * @ctx: report context
 */
CHECK_WALK
void buddy_check_counters(struct zone *zone, struct check_ctx *ctx)
{
	unsigned long free_pages = 0, iso = 0, blocks;
	unsigned int order;
	int mt;

	for (order = 0; order <= zone->machine->max_order; order++) {
		const struct free_area *area = &zone->free_area[order];

		blocks = 0;
		for (mt = 0; mt < NR_MIGRATETYPES; mt++) {
			blocks += area->nr_free_mt[mt];
			if (mt == MIGRATE_ISOLATE)
				iso += area->nr_free_mt[mt] << order;
			else
				free_pages += area->nr_free_mt[mt] << order;
		}
		if (blocks != area->nr_free)
			check_report(ctx, "buddy.nr_free", ~0UL, "node %d zone %s order %u: %lu vs %lu",
				     zone->nid, alloc_zone_name(zone->idx), order, blocks, area->nr_free);
	}
	if (free_pages != zone->free_pages || iso != zone->isolated_free)
		check_report(ctx, "buddy.free_pages", ~0UL,
			     "node %d zone %s: counters say %lu (+%lu isolated), per-order %lu (+%lu)",
			     zone->nid, alloc_zone_name(zone->idx), zone->free_pages,
			     zone->isolated_free, free_pages, iso);
}
