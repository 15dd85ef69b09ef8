// SPDX-License-Identifier: MIT
/*
 * pageblock.c - the migratetype of every pageblock and the rules that read
 * it: the fallback order between the three mergeable types and whether a
 * request may claim a whole foreign pageblock.
 *
 * Modelled on set_pageblock_migratetype(), the fallbacks[] table and
 * can_steal_fallback() of mm/page_alloc.c.  Types live in one byte per
 * pageblock per zone (FLATMEM's zone->pageblock_flags), so two zones of
 * interleaved nodes that share a pageblock-sized pfn range never fight over
 * its type, and each present page of the zone keeps a copy of its
 * pageblock's byte (struct page.pageblock_mt) for the free path, written
 * with it by pageblock_write_type() only.  Every pageblock starts MOVABLE
 * (memmap_init_range()).
 *
 * Owns: every pageblock has a valid type; nr_reserved_highatomic equals
 * the HIGHATOMIC pageblocks of the zone (counting isolated ones that were
 * HIGHATOMIC before) times pageblock_nr_pages; nr_isolate_pageblock equals
 * the ISOLATE pageblocks, each of which remembers a type it can go back
 * to; grouping by mobility is off exactly when the kernel would switch it off.
 */
#include <string.h>
#include "internal.h"

/* The kernel's fallback order for each mergeable migratetype. */
const int pageblock_fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/**
 * pageblock_init - one MOVABLE byte per pageblock of every spanned zone.
 * @m: machine whose zones are sized
 * Return: 0 or ALLOC_ENOMEM (nothing kept).
 */
int pageblock_init(struct alloc_machine *m)
{
	unsigned long pb = m->pageblock_nr_pages;
	int nid;
	unsigned int zt;

	for_each_node(m, nid) {
		for_each_zone_type(zt) {
			struct zone *z = &m->nodes[nid].zones[zt];
			unsigned long base, end;

			if (!z->spanned_pages)
				continue;
			base = z->zone_start_pfn & ~(pb - 1);
			end = (zone_end_pfn(z) + pb - 1) & ~(pb - 1);
			z->pageblock_base_pfn = base;
			z->pageblock_order = m->pageblock_order;
			z->nr_pageblocks = (end - base) / pb;
			z->pageblock_mt = platform_zalloc(z->nr_pageblocks);
			z->pageblock_saved_mt = platform_zalloc(z->nr_pageblocks);
			if (!z->pageblock_mt || !z->pageblock_saved_mt) {
				pageblock_release(m);
				return ALLOC_ENOMEM;
			}
			memset(z->pageblock_mt, MIGRATE_MOVABLE, z->nr_pageblocks);
		}
	}
	return 0;
}

void pageblock_release(struct alloc_machine *m)
{
	int nid;
	unsigned int zt;

	for_each_node(m, nid) {
		for_each_zone_type(zt) {
			struct zone *z = &m->nodes[nid].zones[zt];

			platform_free(z->pageblock_mt);
			platform_free(z->pageblock_saved_mt);
			z->pageblock_mt = NULL;
			z->pageblock_saved_mt = NULL;
			z->nr_pageblocks = 0;
		}
	}
}

/*
 * Write the type of the pageblock holding @pfn (in @z's span) into the
 * slot and into struct page.pageblock_mt of each present page of the
 * pageblock that belongs to @z: the only writer of either.  Within the
 * zone's span a page of the zone's node is the zone's (the spans of one
 * node's zones are disjoint); another node's may be interleaved there.
 */
PFN_LOOP
void pageblock_write_type(struct zone *z, unsigned long pfn, uint8_t mt)
{
	struct alloc_machine *m = z->machine;
	unsigned long pb = m->pageblock_nr_pages;
	unsigned long s = max_ul(pfn & ~(pb - 1), max_ul(z->zone_start_pfn, m->memmap_start_pfn));
	unsigned long e = min_ul((pfn | (pb - 1)) + 1, min_ul(zone_end_pfn(z), m->memmap_end_pfn));

	*pageblock_slot(z, pfn) = mt;
	for (; s < e; s++) {
		struct page *p = pfn_to_page(m, s);

		if ((p->flags & PG_PRESENT) && p->nid == z->nid)
			p->pageblock_mt = mt;
	}
}

/**
 * pageblock_set_type - the pageblock holding @pfn becomes exactly @mt.
 * @z: zone whose span holds @pfn
 * @pfn: any pfn of the pageblock
 * @mt: new type, not converted when grouping by mobility is off (the
 *      type an isolated pageblock had before)
 */
void pageblock_set_type(struct zone *z, unsigned long pfn, int mt)
{
	debug_check(zone_spans_pfn(z, pfn) && mt >= 0 && mt < NR_MIGRATETYPES);
	pageblock_write_type(z, pfn, (uint8_t)mt);
}

/**
 * set_pageblock_migratetype - retype the pageblock holding @pfn.
 * @z: zone whose span holds @pfn
 * @pfn: any pfn of the pageblock
 * @mt: new type; a mergeable type becomes UNMOVABLE when grouping by
 *      mobility is off, as in the kernel
 */
void set_pageblock_migratetype(struct zone *z, unsigned long pfn, int mt)
{
	debug_check(zone_spans_pfn(z, pfn) && mt >= 0 && mt < NR_MIGRATETYPES);
	if (z->machine->mobility_disabled && mt < MIGRATE_PCPTYPES)
		mt = MIGRATE_UNMOVABLE;
	pageblock_write_type(z, pfn, (uint8_t)mt);
}

/**
 * set_pageblock_range - give every pageblock of [pfn, pfn + 2^order) in
 * the zone exactly the type @mt, with no conversion when grouping by
 * mobility is off: callers pass a type grouping allows (a request's), or
 * the type of the list a merged block goes to, which its pageblocks must
 * match (a Movable block freed while grouping is off, after isolation or
 * contig, keeps its type).
 * @z: zone
 * @pfn: first pfn
 * @order: block order
 * @mt: type
 */
void set_pageblock_range(struct zone *z, unsigned long pfn, unsigned int order, int mt)
{
	unsigned long end = pfn + (1UL << order), pb = z->machine->pageblock_nr_pages;

	debug_check(mt >= 0 && mt < NR_MIGRATETYPES);
	for (pfn &= ~(pb - 1); pfn < end; pfn += pb)
		if (zone_spans_pfn(z, pfn))
			pageblock_write_type(z, pfn, (uint8_t)mt);
		else if (pfn < z->zone_start_pfn && z->zone_start_pfn < pfn + pb)
			pageblock_write_type(z, z->zone_start_pfn, (uint8_t)mt);
}

/**
 * pageblock_can_steal - can_steal_fallback(): may a request of @start_mt
 * that found a fallback block of @order claim that block's pageblock?
 * @m: machine
 * @order: order of the fallback block found
 * @start_mt: migratetype asked for
 */
bool pageblock_can_steal(const struct alloc_machine *m, unsigned int order, int start_mt)
{
	if (order >= m->pageblock_order)
		return true;
	return order >= m->pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || m->mobility_disabled;
}

/* ------------------------------------------------------------------ */
/* Consistency checks                                                   */
/* ------------------------------------------------------------------ */

CHECK_WALK
static void check_zone_blocks(const struct zone *z, struct check_ctx *ctx)
{
	unsigned long i, highatomic = 0, isolated = 0, pb = z->machine->pageblock_nr_pages;
	const unsigned long nr = z->nr_pageblocks;
	const uint8_t *type = z->pageblock_mt;
	const bool grouping_off = z->machine->mobility_disabled;
	/* below this type nothing is reported or counted */
	const int reclaimable_ok = grouping_off ? MIGRATE_RECLAIMABLE : MIGRATE_PCPTYPES;

	if (z->pageblock_order != z->machine->pageblock_order) {
		check_report(ctx, "pageblock.order_copy", z->zone_start_pfn,
			     "node %d zone %s: pageblock order %u, the machine's is %u",
			     z->nid, alloc_zone_name(z->idx), z->pageblock_order,
			     z->machine->pageblock_order);
		return;		/* every slot it names would be wrong */
	}
	for (i = 0; i < nr; i++) {
		int mt = type[i];

		/* Unmovable, Movable, Reclaimable unless grouping is off: nothing to count */
		if (mt < reclaimable_ok)
			continue;
		if (mt >= NR_MIGRATETYPES)
			check_report(ctx, "pageblock.bad_type", z->pageblock_base_pfn + i * pb,
				     "pageblock type %u", z->pageblock_mt[i]);
		if (mt == MIGRATE_ISOLATE) {
			isolated++;
			mt = z->pageblock_saved_mt[i];
			if (mt == MIGRATE_ISOLATE || mt >= NR_MIGRATETYPES)
				check_report(ctx, "pageblock.isolate_saved", z->pageblock_base_pfn + i * pb,
					     "isolated pageblock would go back to type %d", mt);
		}
		if (mt == MIGRATE_HIGHATOMIC)
			highatomic++;
		if (grouping_off && type[i] == MIGRATE_RECLAIMABLE)
			check_report(ctx, "pageblock.grouping_off", z->pageblock_base_pfn + i * pb,
				     "Reclaimable pageblock while grouping by mobility is off");
	}
	if (highatomic * pb != z->nr_reserved_highatomic)
		check_report(ctx, "pageblock.highatomic_count", z->zone_start_pfn,
			     "node %d zone %s: %lu HighAtomic pageblocks but nr_reserved_highatomic %lu",
			     z->nid, alloc_zone_name(z->idx), highatomic,
			     z->nr_reserved_highatomic);
	if (isolated != z->nr_isolate_pageblock)
		check_report(ctx, "pageblock.isolate_count", z->zone_start_pfn,
			     "node %d zone %s: %lu Isolate pageblocks but nr_isolate_pageblock %lu",
			     z->nid, alloc_zone_name(z->idx), isolated, z->nr_isolate_pageblock);
}

/**
 * pageblock_check - types in range and the highatomic reserve counter.
 * @m: booted machine
 * @ctx: report context
 * Return: violations found.
 */
CHECK_WALK
unsigned int pageblock_check(struct alloc_machine *m, struct check_ctx *ctx)
{
	unsigned int before = ctx->count;
	unsigned long managed = 0;
	bool disabled;
	int nid;
	unsigned int zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			managed += m->nodes[nid].zones[zt].managed_pages;
	/* build_all_zonelists(): grouping needs a pageblock of every type */
	disabled = !m->cfg.mobility || managed < m->pageblock_nr_pages * NR_MIGRATETYPES;
	if (disabled != m->mobility_disabled)
		check_report(ctx, "pageblock.grouping", ~0UL,
			     "grouping by mobility %s with %lu managed pages, pageblocks of %lu",
			     m->mobility_disabled ? "off" : "on", managed, m->pageblock_nr_pages);

	for_each_node(m, nid)
		for_each_zone_type(zt)
			if (m->nodes[nid].zones[zt].spanned_pages)
				check_zone_blocks(&m->nodes[nid].zones[zt], ctx);
	return ctx->count - before;
}
