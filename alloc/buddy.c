// SPDX-License-Identifier: MIT
/*
 * buddy.c - the buddy free lists of a zone: free_area[order].free_list[mt].
 *
 * Freeing merges a block with its buddy (pfn ^ 2^order) while the buddy is
 * a free head of the same order in the same zone and node; at or above
 * pageblock_order the two pageblock types must be equal or both mergeable,
 * so ISOLATE and HIGHATOMIC blocks never merge with foreign ones.
 * Allocating takes the smallest block of the wanted type and splits it
 * (expand()), or falls back to another type, claiming the whole pageblock
 * when the kernel would.  Modelled on __free_one_page(), expand(),
 * __rmqueue_smallest(), __rmqueue_fallback(), find_suitable_fallback(),
 * try_to_claim_block(), move_freepages_block(),
 * reserve_highatomic_pageblock() and unreserve_highatomic_pageblock() of
 * mm/page_alloc.c, following the v6.10+ "freelist hygiene" rule: a free
 * block always sits on the list of its pageblock's type.
 *
 * Owns: every free block's list type equals the type of each pageblock it
 * covers; no two free buddies that may merge are left unmerged; nr_free
 * and the zone's free-page counters equal what the lists hold
 * (buddy_check(), in buddy_check.c).
 * Deliberate deviations: no watermark boost (kswapd is not modelled);
 * releasing a highatomic block of pageblock order or more re-frees it so
 * it can merge again.
 */
#include "internal.h"

static void account_free(struct zone *zone, int mt, long nr_pages)
{
	if (mt == MIGRATE_ISOLATE)
		zone->isolated_free += (unsigned long)nr_pages;
	else
		zone->free_pages += (unsigned long)nr_pages;
}

static void add_to_free_list(struct zone *zone, unsigned long pfn, unsigned int order,
			     int mt, bool tail)
{
	struct alloc_machine *m = zone->machine;
	struct page *page = pfn_to_page(m, pfn);
	struct free_area *area = &zone->free_area[order];

	debug_check_internal(!(page->flags & (PG_BUDDY | PG_PCP | PG_HEAD)));
	if (tail)
		list_add_tail(&page->lru, &area->free_list[mt]);
	else
		list_add_head(&page->lru, &area->free_list[mt]);
	page->flags |= PG_BUDDY;
	page->order = (uint8_t)order;
	page->list_mt = (uint8_t)mt;
	area->nr_free++;
	area->nr_free_mt[mt]++;
	account_free(zone, mt, 1L << order);
	touch_pfn(m, pfn);
}

static void del_from_free_list(struct zone *zone, struct page *page)
{
	struct free_area *area = &zone->free_area[page->order];

	debug_check_internal(area->nr_free_mt[page->list_mt] > 0);
	list_del(&page->lru);
	page->flags &= (uint8_t)~PG_BUDDY;
	area->nr_free--;
	area->nr_free_mt[page->list_mt]--;
	account_free(zone, page->list_mt, -(1L << page->order));
	touch_pfn(zone->machine, page_to_pfn(zone->machine, page));
}

static int find_fallback(const struct zone *zone, unsigned int order, int start_mt,
			 bool *can_steal);

/* Raw list operation for compaction.c and isolation.c: no merging. */
void buddy_del_block(struct zone *zone, struct page *page)
{
	del_from_free_list(zone, page);
}

/**
 * buddy_split_large - split_large_buddy(): a free block of an order above
 * pageblock_order that holds @pfn becomes free pageblocks on the same
 * list, so that one pageblock of it can change type alone.
 * @zone: zone of @pfn
 * @pfn: any pfn
 * @lo, @hi: widened to cover the block that was split, if any
 */
void buddy_split_large(struct zone *zone, unsigned long pfn, unsigned long *lo,
		       unsigned long *hi)
{
	struct alloc_machine *m = zone->machine;
	unsigned int order;

	for (order = m->pageblock_order + 1; order <= m->max_order; order++) {
		unsigned long head = pfn & ~((1UL << order) - 1), p;
		struct page *page;
		int mt;

		if (!pfn_in_memmap(m, head))
			continue;
		page = pfn_to_page(m, head);
		if (!page_is_buddy(zone, page, order))
			continue;
		mt = page->list_mt;
		del_from_free_list(zone, page);
		for (p = head; p < head + (1UL << order); p += m->pageblock_nr_pages)
			add_to_free_list(zone, p, m->pageblock_order, mt, true);
		*lo = min_ul(*lo, head);
		*hi = max_ul(*hi, head + (1UL << order));
		return;
	}
}

/**
 * buddy_block_available - is a free block of @order or more on the list
 * of @mt, or on a list @mt may steal a whole pageblock from?  The test of
 * compact_finished().
 */
bool buddy_block_available(const struct zone *zone, unsigned int order, int mt)
{
	unsigned int o;
	bool can_steal;

	for (o = order; o <= zone->machine->max_order; o++) {
		const struct free_area *area = &zone->free_area[o];

		if (!area->nr_free)
			continue;
		if (mt < MIGRATE_PCPTYPES && area->nr_free_mt[mt])
			return true;
		if (mt < MIGRATE_PCPTYPES && find_fallback(zone, o, mt, &can_steal) >= 0 && can_steal)
			return true;
	}
	return false;
}

/* buddy_merge_likely(): will the parent block's buddy merge with it soon? */
static bool merge_likely(struct zone *zone, unsigned long pfn, unsigned int order)
{
	struct alloc_machine *m = zone->machine;
	unsigned long higher, hbuddy;

	if (order + 1 >= m->max_order)
		return false;
	higher = pfn & ~(1UL << order);
	hbuddy = higher ^ (1UL << (order + 1));
	return pfn_in_memmap(m, hbuddy) && page_is_buddy(zone, pfn_to_page(m, hbuddy), order + 1);
}

/**
 * buddy_types_uniform - is every pageblock of [pfn, pfn + 2^order) of type @mt?
 * @zone: zone holding the block
 * @pfn: head
 * @order: block order
 * @mt: the type to compare with
 *
 * Blocks above pageblock_order can span pageblocks of different types
 * once one of them is isolated while the block is allocated or cached.
 */
bool buddy_types_uniform(const struct zone *zone, unsigned long pfn, unsigned int order, int mt)
{
	unsigned long p, pb = zone->machine->pageblock_nr_pages;

	for (p = pfn; order > zone->machine->pageblock_order && p < pfn + (1UL << order); p += pb)
		if (get_pageblock_migratetype(zone, p) != mt)
			return false;
	return true;
}

/**
 * buddy_free - __free_one_page(): put a block back and merge it.
 * @zone: its zone
 * @pfn: head, aligned to @order
 * @order: block order
 * @mt: the type of its pageblock(s)
 * @to_tail: FPI_TO_TAIL (boot hand-over), else head unless a merge is likely
 *
 * A block above pageblock_order whose pageblocks are not all of type @mt
 * (one was isolated meanwhile) is freed one pageblock at a time, each to
 * the list of its own type (split_large_buddy()).
 */
static inline __attribute__((always_inline)) void
free_one_page(struct zone *zone, unsigned long pfn, unsigned int order, int mt, bool to_tail)
{
	struct alloc_machine *m = zone->machine;
	unsigned long p;

	debug_check(!(pfn & ((1UL << order) - 1)) && order <= m->max_order);
	/* only a block above pageblock_order can cover several types */
	if (order > m->pageblock_order && !buddy_types_uniform(zone, pfn, order, mt)) {
		for (p = pfn; p < pfn + (1UL << order); p += m->pageblock_nr_pages)
			buddy_free(zone, p, m->pageblock_order, get_pageblock_migratetype(zone, p),
				   to_tail);
		return;
	}
	while (order < m->max_order) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy;

		if (!pfn_in_memmap(m, buddy_pfn))	/* validate before reading */
			break;
		buddy = pfn_to_page(m, buddy_pfn);
		if (!page_is_buddy(zone, buddy, order))
			break;
		if (order >= m->pageblock_order) {
			int buddy_mt = get_pageblock_migratetype(zone, buddy_pfn);

			if (buddy_mt != mt && (!mt_mergeable(mt) || !mt_mergeable(buddy_mt)))
				break;
			del_from_free_list(zone, buddy);
			if (buddy_mt != mt)	/* v6.10: the buddy takes our type */
				set_pageblock_range(zone, buddy_pfn, order, mt);
		} else {
			del_from_free_list(zone, buddy);
		}
		pfn &= buddy_pfn;
		order++;
	}
	add_to_free_list(zone, pfn, order, mt, to_tail || merge_likely(zone, pfn, order));
}

void buddy_free(struct zone *zone, unsigned long pfn, unsigned int order, int mt, bool to_tail)
{
	free_one_page(zone, pfn, order, mt, to_tail);
}

#define PREFETCH_AHEAD	8	/* blocks */
#define PREFETCH_LEVELS	4	/* merge levels */

/*
 * Start the loads free_one_page() will make for a block of @order at @pfn:
 * the head of its buddy at each of the first PREFETCH_LEVELS merge levels
 * (what page_is_buddy() reads), so that the cache misses of blocks freed
 * one after another overlap.  A hint only: nothing is read.  Linux's
 * free_pcppages_bulk() did this for the first level (prefetch_buddy(),
 * v4.17 to v5.19).
 */
static inline __attribute__((always_inline)) void
prefetch_buddies(const struct alloc_machine *m, unsigned long pfn, unsigned int order)
{
	unsigned long nr = m->memmap_end_pfn - m->memmap_start_pfn;
	unsigned int k;

	for (k = order; k < order + PREFETCH_LEVELS; k++) {
		unsigned long b = ((pfn & ~((1UL << k) - 1)) ^ (1UL << k)) - m->memmap_start_pfn;

		if (b < nr)
			__builtin_prefetch(&m->memmap[b]);
	}
}

/**
 * buddy_free_pcp_list - the inner loop of free_pcppages_bulk(): blocks
 * from the tail of @list, a per-cpu list of @cpu in @zone holding blocks
 * of @order, go back to the buddy with their pageblock's current type
 * (get_pfnblock_migratetype()), __free_one_page() inline, until @count
 * pages went or the list is empty.
 * Return: what is left of @count.
 */
long buddy_free_pcp_list(struct zone *zone, unsigned int cpu, struct list_head *list,
			 unsigned int order, long count)
{
	struct alloc_machine *m = zone->machine;
	struct list_head *ahead = list->prev;
	unsigned int i;

	/* the buddies of the next PREFETCH_AHEAD blocks, then one more per block freed */
	for (i = 0; i < PREFETCH_AHEAD && ahead != list; i++, ahead = ahead->prev)
		prefetch_buddies(m, page_to_pfn(m, list_entry(ahead, struct page, lru)), order);
	/* every block on a zone's lists is of that zone (pcp_check()) */
	do {
		struct page *page = list_entry(list->prev, struct page, lru);
		unsigned long pfn;

		if (ahead != list) {
			prefetch_buddies(m, page_to_pfn(m, list_entry(ahead, struct page, lru)), order);
			ahead = ahead->prev;
		}
		pfn = pcp_del(m, zone, cpu, page);

		count -= 1L << order;
		/* get_pfnblock_migratetype(), off the page (struct page.pageblock_mt) */
		free_one_page(zone, pfn, order, page->pageblock_mt, false);
	} while (count > 0 && !list_empty(list));
	return count;
}

/* expand(): split [pfn, pfn + 2^high) down to 2^low, keeping the low part. */
static void expand(struct zone *zone, unsigned long pfn, unsigned int low,
		   unsigned int high, int mt)
{
	while (high > low) {
		high--;
		add_to_free_list(zone, pfn + (1UL << high), high, mt, false);
	}
}

/* __rmqueue_smallest(), inline as the kernel's */
static inline __attribute__((always_inline)) bool rmqueue_smallest(struct zone *zone, unsigned int order, int mt, unsigned long *pfn)
{
	struct alloc_machine *m = zone->machine;
	unsigned int o;

	for (o = order; o <= m->max_order; o++) {
		struct list_head *list = &zone->free_area[o].free_list[mt];
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_entry(list->next, struct page, lru);
		*pfn = page_to_pfn(m, page);
		del_from_free_list(zone, page);
		expand(zone, *pfn, order, o, mt);
		return true;
	}
	return false;
}

/*
 * rmqueue_smallest_run - what up to @n calls of rmqueue_smallest() in a
 * row do while they carve up one block, done at once (rmqueue_bulk()'s
 * loop, refilling a per-cpu list).
 *
 * The first call takes the head P of the smallest non-empty list of @mt
 * at or above @order, say of order o, and expand() leaves one piece of P
 * on each list from @order to o - 1, all of them empty before (o was the
 * smallest non-empty order).  Each further call then takes the smallest
 * of those pieces, which is the next @order block of P, and splits what
 * it must.  So k calls take P, P + 2^order, ... up to k blocks in address
 * order, and leave [P + k * 2^order, P + 2^o) as the aligned blocks of
 * that range, each alone on its list: the state this function builds,
 * without the intermediate splits.  Blocks and lists end exactly as the
 * one-at-a-time loop leaves them (test_buddy checks it list by list).
 * @pfn: the first block's head; the others follow it in address order
 * Return: blocks taken, at most @n and 2^(o - order); 0 when no list of
 * @mt holds a block of @order or more.
 */
static inline __attribute__((always_inline)) unsigned int
rmqueue_smallest_run(struct zone *zone, unsigned int order, int mt, unsigned int n,
		     unsigned long *pfn)
{
	struct alloc_machine *m = zone->machine;
	unsigned long units, got, j;
	unsigned int o;

	for (o = order; o <= m->max_order; o++) {
		struct list_head *head = &zone->free_area[o].free_list[mt];
		struct page *page;

		if (list_empty(head))
			continue;
		page = list_entry(head->next, struct page, lru);
		*pfn = page_to_pfn(m, page);
		del_from_free_list(zone, page);
		units = 1UL << (o - order);
		got = min_ul(n, units);
		/* the remainder [got, units), in units of 2^order, as aligned blocks */
		for (j = got; j < units; j += j & -j)
			add_to_free_list(zone, *pfn + (j << order),
					 order + (unsigned int)__builtin_ctzl(j), mt, false);
		return (unsigned int)got;
	}
	return 0;
}

/* find_suitable_fallback(): the first fallback type with a block at @order. */
static int find_fallback(const struct zone *zone, unsigned int order, int start_mt,
			 bool *can_steal)
{
	const struct free_area *area = &zone->free_area[order];
	int i;

	*can_steal = false;
	if (!area->nr_free)
		return -1;
	for (i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fmt = pageblock_fallbacks[start_mt][i];

		if (list_empty(&area->free_list[fmt]))
			continue;
		*can_steal = pageblock_can_steal(zone->machine, order, start_mt);
		return fmt;
	}
	return -1;
}

/*
 * buddy_block_counts - prep_move_freepages_block(): free pages and pages
 * allocated as movable in the pageblock of @pfn.  False when the pageblock
 * is not wholly inside the zone's span.
 */
static bool block_counts(struct zone *zone, unsigned long pfn, unsigned long *free_pages,
			 unsigned long *movable_pages)
{
	struct alloc_machine *m = zone->machine;
	unsigned long start = pfn & ~(m->pageblock_nr_pages - 1);
	unsigned long end = start + m->pageblock_nr_pages;

	*free_pages = *movable_pages = 0;
	if (start < zone->zone_start_pfn || end > zone_end_pfn(zone))
		return false;
	for (pfn = start; pfn < end; ) {
		const struct page *p = pfn_to_page(m, pfn);
		unsigned long nr = 1;

		if (p->nid == zone->nid && p->zone_idx == zone->idx &&
		    (p->flags & (PG_BUDDY | PG_PCP | PG_HEAD))) {
			nr = 1UL << p->order;
			if (p->flags & PG_BUDDY)
				*free_pages += nr;
			else if ((p->flags & PG_HEAD) && p->list_mt == MIGRATE_MOVABLE)
				*movable_pages += nr;
		}
		pfn += nr;
	}
	return true;
}

/**
 * buddy_move_freepages_block - retype the pageblock of @pfn and move its
 * free blocks to the new type's lists (move_freepages_block()).
 * @zone: zone holding the pageblock
 * @pfn: any pfn of the pageblock
 * @mt: new type (UNMOVABLE instead of a mergeable type when grouping is off)
 * @movable_pages: if not NULL, pages allocated as movable in the block
 * Return: free pages moved; 0 and no change if the block leaves the zone.
 */
unsigned long buddy_move_freepages_block(struct zone *zone, unsigned long pfn, int mt,
					 unsigned long *movable_pages)
{
	struct alloc_machine *m = zone->machine;
	unsigned long free_pages, movable, start, end, moved = 0;

	if (!block_counts(zone, pfn, &free_pages, &movable))
		return 0;
	if (movable_pages)
		*movable_pages = movable;
	start = pfn & ~(m->pageblock_nr_pages - 1);
	end = start + m->pageblock_nr_pages;
	set_pageblock_migratetype(zone, start, mt);
	mt = get_pageblock_migratetype(zone, start);
	for (pfn = start; pfn < end; ) {
		struct page *p = pfn_to_page(m, pfn);
		unsigned long nr = 1;

		if ((p->flags & PG_BUDDY) && p->nid == zone->nid && p->zone_idx == zone->idx) {
			unsigned int order = p->order;

			nr = 1UL << order;
			del_from_free_list(zone, p);
			add_to_free_list(zone, pfn, order, mt, true);
			moved += nr;
		} else if ((p->flags & (PG_PCP | PG_HEAD)) && p->nid == zone->nid &&
			   p->zone_idx == zone->idx) {
			nr = 1UL << p->order;
		}
		pfn += nr;
	}
	return moved;
}

/* try_to_claim_block(): take over the pageblock(s) of a fallback block. */
static bool claim_block(struct zone *zone, unsigned long pfn, unsigned int current_order,
			unsigned int order, int start_mt, int block_mt, unsigned long *out)
{
	struct alloc_machine *m = zone->machine;
	unsigned long free_pages, movable, alike;

	if (current_order >= m->pageblock_order) {
		del_from_free_list(zone, pfn_to_page(m, pfn));
		set_pageblock_range(zone, pfn, current_order, start_mt);
		expand(zone, pfn, order, current_order, get_pageblock_migratetype(zone, pfn));
		*out = pfn;
		return true;
	}
	if (!block_counts(zone, pfn, &free_pages, &movable))
		return false;
	if (start_mt == MIGRATE_MOVABLE)
		alike = movable;
	else if (block_mt == MIGRATE_MOVABLE)
		alike = m->pageblock_nr_pages - free_pages - movable;
	else
		alike = 0;
	if (free_pages + alike < m->pageblock_nr_pages / 2 && !m->mobility_disabled)
		return false;
	buddy_move_freepages_block(zone, pfn, start_mt, NULL);
	return rmqueue_smallest(zone, order, get_pageblock_migratetype(zone, pfn), out);
}

/* __rmqueue_fallback(): largest stealable block first, else the smallest. */
static bool rmqueue_fallback(struct zone *zone, unsigned int order, int start_mt,
			     unsigned int alloc_flags, unsigned long *pfn)
{
	struct alloc_machine *m = zone->machine;
	unsigned int min_order = order, o;
	bool can_steal;
	int fmt;

	if ((alloc_flags & ALLOC_NOFRAGMENT) && order < m->pageblock_order)
		min_order = m->pageblock_order;
	for (o = m->max_order + 1; o-- > min_order; ) {
		struct page *page;

		fmt = find_fallback(zone, o, start_mt, &can_steal);
		if (fmt < 0)
			continue;
		if (!can_steal)
			break;
		page = list_entry(zone->free_area[o].free_list[fmt].next, struct page, lru);
		if (claim_block(zone, page_to_pfn(m, page), o, order, start_mt, fmt, pfn))
			return true;
	}
	if (alloc_flags & ALLOC_NOFRAGMENT)
		return false;
	for (o = order; o <= m->max_order; o++) {
		fmt = find_fallback(zone, o, start_mt, &can_steal);
		if (fmt >= 0)
			return rmqueue_smallest(zone, order, fmt, pfn);
	}
	return false;
}

/**
 * buddy_take - __rmqueue(): a block of @order for @mt, with fallback.
 * @zone: zone to take from
 * @order: order wanted
 * @mt: UNMOVABLE, MOVABLE or RECLAIMABLE
 * @alloc_flags: ALLOC_* (NOFRAGMENT restricts fallback)
 * @pfn: the block's head
 * Return: true on success.
 */
bool buddy_take(struct zone *zone, unsigned int order, int mt, unsigned int alloc_flags,
		unsigned long *pfn)
{
	if (rmqueue_smallest(zone, order, mt, pfn))
		return true;
	return rmqueue_fallback(zone, order, mt, alloc_flags, pfn);
}

/**
 * buddy_take_bulk - the loop of rmqueue_bulk(): up to @n blocks of @order
 * for @mt, each taken by __rmqueue() (as buddy_take(), inline) and put
 * on the tail of @cpu's per-cpu list (pcp_add()).
 * @zone: zone
 * @cpu: cpu whose list is refilled
 * @order: 0..PAGE_ALLOC_COSTLY_ORDER
 * @mt: UNMOVABLE, MOVABLE or RECLAIMABLE
 * @alloc_flags: ALLOC_*
 * @n: blocks wanted
 * Return: blocks taken (fewer when the zone runs out).
 */
unsigned int buddy_take_bulk(struct zone *zone, unsigned int cpu, unsigned int order, int mt,
			     unsigned int alloc_flags, unsigned int n)
{
	struct alloc_machine *m = zone->machine;
	unsigned long pfn;
	unsigned int i = 0, got, j;

	while (i < n) {
		/* __rmqueue(), several calls at a time while they split one block */
		got = rmqueue_smallest_run(zone, order, mt, n - i, &pfn);
		if (!got) {
			if (!rmqueue_fallback(zone, order, mt, alloc_flags, &pfn))
				break;
			got = 1;
		}
		for (j = 0; j < got; j++, pfn += 1UL << order)
			pcp_add(zone, cpu, pfn_to_page(m, pfn), pfn, order, mt, true);
		i += got;
	}
	return i;
}

/**
 * buddy_rmqueue - rmqueue_buddy(): buddy_take() plus the highatomic reserve
 * for the requests allowed to use it.
 */
bool buddy_rmqueue(struct zone *zone, unsigned int order, int mt, unsigned int alloc_flags,
		   unsigned long *pfn)
{
	if (order > 0 && (alloc_flags & ALLOC_HIGHATOMIC) &&
	    rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC, pfn))
		return true;
	if (buddy_take(zone, order, mt, alloc_flags, pfn))
		return true;
	return (alloc_flags & (ALLOC_OOM | ALLOC_HIGHATOMIC)) &&
	       rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC, pfn);
}

/**
 * buddy_reserve_highatomic - reserve_highatomic_pageblock(): after a
 * high-order atomic allocation, turn its pageblock(s) into HIGHATOMIC,
 * up to 1% of the zone plus one pageblock.
 * @zone: zone of the allocation
 * @pfn: the allocation's head
 * @order: its order
 */
void buddy_reserve_highatomic(struct zone *zone, unsigned long pfn, unsigned int order)
{
	struct alloc_machine *m = zone->machine;
	unsigned long max_managed = zone->managed_pages / 100 + m->pageblock_nr_pages;
	unsigned long start, end, nr = 0;

	if (zone->nr_reserved_highatomic >= max_managed)
		return;
	if (!mt_mergeable(get_pageblock_migratetype(zone, pfn)))
		return;
	if (order < m->pageblock_order) {
		unsigned long free_pages, movable;

		if (!block_counts(zone, pfn, &free_pages, &movable))
			return;
		buddy_move_freepages_block(zone, pfn, MIGRATE_HIGHATOMIC, NULL);
		zone->nr_reserved_highatomic += m->pageblock_nr_pages;
		return;
	}
	end = pfn + (1UL << order);
	for (start = pfn; start < end; start += m->pageblock_nr_pages)
		if (get_pageblock_migratetype(zone, start) != MIGRATE_HIGHATOMIC)
			nr += m->pageblock_nr_pages;
	set_pageblock_range(zone, pfn, order, MIGRATE_HIGHATOMIC);
	zone->nr_reserved_highatomic += nr;
}

/* Count and retype the HIGHATOMIC pageblocks of a free block being released. */
static void release_highatomic_range(struct zone *zone, unsigned long pfn,
				     unsigned int order, int mt)
{
	struct alloc_machine *m = zone->machine;
	unsigned long start, end = pfn + (1UL << order);

	for (start = pfn; start < end; start += m->pageblock_nr_pages) {
		if (get_pageblock_migratetype(zone, start) != MIGRATE_HIGHATOMIC)
			continue;
		debug_check(zone->nr_reserved_highatomic >= m->pageblock_nr_pages);
		zone->nr_reserved_highatomic -= m->pageblock_nr_pages;
		set_pageblock_migratetype(zone, start, mt);
	}
}

/**
 * buddy_unreserve_highatomic - give one HIGHATOMIC pageblock with free
 * pages back to @mt (unreserve_highatomic_pageblock() for one zone).
 * @zone: zone
 * @mt: type the pageblock returns to
 * @force: also release the last reserved pageblock
 * Return: true if something was released.
 */
bool buddy_unreserve_highatomic(struct zone *zone, int mt, bool force)
{
	struct alloc_machine *m = zone->machine;
	unsigned int order;

	if (!force && zone->nr_reserved_highatomic <= m->pageblock_nr_pages)
		return false;
	for (order = 0; order <= m->max_order; order++) {
		struct list_head *list = &zone->free_area[order].free_list[MIGRATE_HIGHATOMIC];
		unsigned long pfn;

		if (list_empty(list))
			continue;
		pfn = page_to_pfn(m, list_entry(list->next, struct page, lru));
		if (order < m->pageblock_order) {
			zone->nr_reserved_highatomic -= m->pageblock_nr_pages;
			buddy_move_freepages_block(zone, pfn, mt, NULL);
		} else {
			del_from_free_list(zone, pfn_to_page(m, pfn));
			release_highatomic_range(zone, pfn, order, mt);
			buddy_free(zone, pfn, order, get_pageblock_migratetype(zone, pfn), false);
		}
		return true;
	}
	return false;
}
