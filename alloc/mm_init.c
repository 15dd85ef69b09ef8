// SPDX-License-Identifier: MIT
/*
 * mm_init.c - boot: zone sizing from max_zone_pfn[] and the memblock map,
 * the memmap, and the hand-over of free memory to the buddy allocator.
 *
 * Modelled on mm/mm_init.c (free_area_init(), zone_spanned_pages_in_node(),
 * adjust_zone_range_for_zone_movable(), zone_absent_pages_in_node(),
 * memmap_init_range()) and on memblock_free_all() / __free_pages_memory()
 * in mm/memblock.c.
 *
 * Zone i of the arch spans [max_zone_pfn[i-1], max_zone_pfn[i]); on each
 * node a zone is that range clamped to the node's span.  With a ZONE_MOVABLE
 * start, every pfn at or above it (and below the end of the highest arch
 * zone) moves to ZONE_MOVABLE and the lower zones are cut there.  Pfns at
 * or above max_zone_pfn[Normal] belong to no zone and are never managed.
 *
 * Owns the invariants managed <= present <= spanned, zone spans inside the
 * node span, and managed == pages handed over (zone_check()).
 * Not modelled: deferred struct page init, mirrored memory, memmap cost
 * subtracted from managed (the kernel's "memmap pages" in free_area_init
 * are an estimate that memblock_free_all() recounts anyway).
 */
#include <string.h>
#include "internal.h"

#define PFN_UP(x)	(((x) >> PAGE_SHIFT) + (((x) & (PAGE_SIZE - 1)) != 0))
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)

/* pfn range of the whole pages of one memblock region */
static void region_pfns(const struct memblock_region *r, unsigned long *start,
			unsigned long *end)
{
	*start = PFN_UP(r->base);
	*end = PFN_DOWN(r->base + r->size);
}

/* get_pfn_range_for_nid(): first and last+1 whole page of a node. */
static bool node_pfn_range(const struct alloc_machine *m, int nid,
			   unsigned long *start, unsigned long *end)
{
	const struct memblock_type *mem = &m->memblock.memory;
	unsigned long i, s, e;
	bool any = false;

	*start = ~0UL;
	*end = 0;
	for (i = 0; i < mem->cnt; i++) {
		if (mem->regions[i].nid != nid)
			continue;
		region_pfns(&mem->regions[i], &s, &e);
		if (s >= e)
			continue;
		*start = min_ul(*start, s);
		*end = max_ul(*end, e);
		any = true;
	}
	if (!any)
		*start = *end = 0;
	return any;
}

/*
 * The zone a pfn belongs to, or NR_ZONE_TYPES for none; the same rule for
 * every node (zone_movable_pfn is the one movable start for all nodes).
 */
static unsigned int zone_of_pfn(const struct alloc_machine *m, unsigned long pfn)
{
	unsigned int i;

	if (pfn >= m->max_zone_pfn[ZONE_NORMAL])
		return NR_ZONE_TYPES;
	if (m->has_movable && pfn >= m->movable_start_pfn)
		return ZONE_MOVABLE;
	for (i = ZONE_DMA; i < ZONE_NORMAL; i++)
		if (pfn < m->max_zone_pfn[i])
			return i;
	return ZONE_NORMAL;
}

/* zone_spanned_pages_in_node() with the ZONE_MOVABLE adjustment. */
static void zone_span(const struct alloc_machine *m, unsigned long node_start,
		      unsigned long node_end, unsigned int zt,
		      unsigned long *start, unsigned long *end)
{
	unsigned long lo, hi, zmp = 0;
	bool movable = m->has_movable && m->movable_start_pfn < node_end;

	if (movable)
		zmp = max_ul(m->movable_start_pfn, node_start);
	if (zt == ZONE_MOVABLE) {
		lo = movable ? zmp : 0;
		hi = movable ? m->max_zone_pfn[ZONE_NORMAL] : 0;
	} else {
		lo = zt ? m->max_zone_pfn[zt - 1] : 0;
		hi = m->max_zone_pfn[zt];
		if (movable)
			hi = min_ul(hi, zmp);
	}
	*start = min_ul(max_ul(node_start, lo), hi);
	*end = min_ul(max_ul(node_end, lo), hi);
	if (*start >= *end)
		*start = *end = 0;
}

/* zone_absent_pages_in_node() turned around: present pages of a node in [s, e). */
static unsigned long node_present_in(const struct alloc_machine *m, int nid,
				     unsigned long s, unsigned long e)
{
	const struct memblock_type *mem = &m->memblock.memory;
	unsigned long i, rs, re, n = 0;

	for (i = 0; i < mem->cnt; i++) {
		if (mem->regions[i].nid != nid)
			continue;
		region_pfns(&mem->regions[i], &rs, &re);
		rs = max_ul(rs, s);
		re = min_ul(re, e);
		if (rs < re)
			n += re - rs;
	}
	return n;
}

static void size_zones(struct alloc_machine *m)
{
	int nid;
	unsigned int zt;

	for_each_node(m, nid) {
		struct pglist_data *pgdat = &m->nodes[nid];
		unsigned long ns, ne;

		node_pfn_range(m, nid, &ns, &ne);
		pgdat->node_start_pfn = ns;
		pgdat->node_spanned_pages = ne - ns;
		pgdat->node_present_pages = 0;
		for_each_zone_type(zt) {
			struct zone *z = &pgdat->zones[zt];
			unsigned long s, e;

			zone_span(m, ns, ne, zt, &s, &e);
			z->zone_start_pfn = s;
			z->spanned_pages = e - s;
			z->present_pages = node_present_in(m, nid, s, e);
			z->managed_pages = 0;
			pgdat->node_present_pages += z->present_pages;
		}
	}
}

static void reset_zones(struct alloc_machine *m)
{
	int nid;
	unsigned int zt;

	for_each_node(m, nid) {
		m->nodes[nid].node_start_pfn = 0;
		m->nodes[nid].node_spanned_pages = 0;
		m->nodes[nid].node_present_pages = 0;
		for_each_zone_type(zt) {
			struct zone *z = &m->nodes[nid].zones[zt];

			z->zone_start_pfn = z->spanned_pages = 0;
			z->present_pages = z->managed_pages = 0;
		}
	}
}

/* memmap_init_range(): present pages get node, zone and PG_PRESENT. */
PFN_LOOP
static void init_present_pages(struct alloc_machine *m)
{
	const struct memblock_type *mem = &m->memblock.memory;
	unsigned long i, pfn, s, e;

	for (i = 0; i < mem->cnt; i++) {
		region_pfns(&mem->regions[i], &s, &e);
		for (pfn = s; pfn < e; ) {
			unsigned int zt = zone_of_pfn(m, pfn);
			unsigned long stop = e;
			uint8_t nid = (uint8_t)mem->regions[i].nid;

			if (zt != NR_ZONE_TYPES) {
				struct zone *z = &m->nodes[nid].zones[zt];

				stop = min_ul(e, zone_end_pfn(z));
			}
			for (; pfn < stop; pfn++) {
				struct page *p = pfn_to_page(m, pfn);

				p->flags = PG_PRESENT;
				p->nid = nid;
				p->zone_idx = (uint8_t)zt;
				p->pageblock_mt = MIGRATE_MOVABLE;	/* pageblock_init()'s type */
				if (zt == NR_ZONE_TYPES)
					p->flags |= PG_RESERVED;
			}
		}
	}
}

/* reserve_bootmem_region(): present pages touching a reserved range. */
PFN_LOOP
static void mark_reserved_pages(struct alloc_machine *m)
{
	const struct memblock_type *res = &m->memblock.reserved;
	unsigned long i, pfn, s, e;

	for (i = 0; i < res->cnt; i++) {
		s = PFN_DOWN(res->regions[i].base);
		e = PFN_DOWN(res->regions[i].base + (res->regions[i].size - 1)) + 1;
		s = max_ul(s, m->memmap_start_pfn);
		e = min_ul(e, m->memmap_end_pfn);
		for (pfn = s; pfn < e; pfn++) {
			struct page *p = pfn_to_page(m, pfn);

			if (p->flags & PG_PRESENT)
				p->flags |= PG_RESERVED;
		}
	}
}

/* __free_pages_memory(): largest naturally aligned chunks, each within one zone. */
static void free_pfn_range(struct alloc_machine *m, unsigned long start, unsigned long end)
{
	while (start < end) {
		struct page *page = pfn_to_page(m, start);
		struct zone *zone;
		unsigned long zend;

		if (page->zone_idx >= NR_ZONE_TYPES) {
			start++;
			continue;
		}
		zone = page_zone(m, page);
		zend = min_ul(end, zone_end_pfn(zone));
		while (start < zend) {
			unsigned int order = m->max_order;

			while (order && ((start & ((1UL << order) - 1)) ||
					 start + (1UL << order) > zend))
				order--;
			zone->managed_pages += 1UL << order;
			buddy_free(zone, start, order, get_pageblock_migratetype(zone, start), true);
			start += 1UL << order;
		}
	}
}

/**
 * mm_free_all - memblock_free_all(): hand every free range to the buddy.
 * @m: machine with memmap, pageblocks and free lists set up
 */
void mm_free_all(struct alloc_machine *m)
{
	uint64_t idx = 0, start, end;
	int nid;

	while (memblock_next_free_range(&m->memblock, &idx, &start, &end, &nid)) {
		unsigned long s = PFN_UP(start), e = PFN_DOWN(end);

		s = max_ul(s, m->memmap_start_pfn);
		e = min_ul(e, m->memmap_end_pfn);
		if (s < e)
			free_pfn_range(m, s, e);
	}
}

static void init_zone_lists(struct alloc_machine *m)
{
	int nid;
	unsigned int zt, o, mt, cpu, i;

	for_each_node(m, nid) {
		for_each_zone_type(zt) {
			struct zone *z = &m->nodes[nid].zones[zt];

			for (o = 0; o <= m->max_order; o++)
				for (mt = 0; mt < NR_MIGRATETYPES; mt++)
					list_init(&z->free_area[o].free_list[mt]);
			for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
				for (i = 0; i < NR_PCP_LISTS; i++)
					list_init(&z->pcp[cpu].lists[i]);
		}
	}
}

/* Reject maps we cannot build; find the memmap's extent. */
static int boot_extent(struct alloc_machine *m, unsigned long *start, unsigned long *end)
{
	const struct memblock_type *mem = &m->memblock.memory;
	unsigned long i, s, e;

	*start = ~0UL;
	*end = 0;
	for (i = 0; i < mem->cnt; i++) {
		if (mem->regions[i].nid < 0 || mem->regions[i].nid >= (int)m->cfg.nr_nodes)
			return ALLOC_EINVAL;
		region_pfns(&mem->regions[i], &s, &e);
		if (s >= e)
			continue;
		*start = min_ul(*start, s);
		*end = max_ul(*end, e);
	}
	if (*end == 0 || *end > ALLOC_PFN_LIMIT)
		return ALLOC_EINVAL;
	return 0;
}

static void default_zones(struct alloc_machine *m, unsigned long end_pfn)
{
	if (m->zones_set)
		return;
	m->max_zone_pfn[ZONE_DMA] = min_ul(1UL << (24 - PAGE_SHIFT), end_pfn);
	m->max_zone_pfn[ZONE_DMA32] = min_ul(1UL << (32 - PAGE_SHIFT), end_pfn);
	m->max_zone_pfn[ZONE_NORMAL] = end_pfn;
}

/* build_all_zonelists(): grouping by mobility needs enough pages. */
static void decide_mobility(struct alloc_machine *m)
{
	unsigned long total = 0;
	int nid;
	unsigned int zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			total += m->nodes[nid].zones[zt].managed_pages;
	m->mobility_disabled = !m->cfg.mobility ||
			       total < m->pageblock_nr_pages * NR_MIGRATETYPES;
}

/**
 * alloc_boot - free_area_init() + memblock_free_all() + the setup that
 * follows (zonelists, watermarks, per-cpu list sizes).
 * @m: machine in the boot phase
 * Return: 0; ALLOC_EINVAL for an impossible map; ALLOC_ENOMEM when the host
 * cannot hold the memmap; ALLOC_ESTATE if already booted.  On failure
 * nothing changed.
 */
int alloc_boot(struct alloc_machine *m)
{
	unsigned long start, end;
	int err;

	if (m->booted)
		return ALLOC_ESTATE;
	err = boot_extent(m, &start, &end);
	if (err)
		return err;
	default_zones(m, end);
	size_zones(m);
	err = memmap_init(m, start, end);
	if (!err)
		err = pageblock_init(m);
	if (err) {
		memmap_release(m);
		reset_zones(m);
		return err;
	}
	init_zone_lists(m);
	init_present_pages(m);
	mark_reserved_pages(m);
	mm_free_all(m);
	decide_mobility(m);
	zonelist_build(m);
	wmark_setup(m);
	pcp_setup(m);
	m->booted = true;
	m->touched.nr = 0;
	m->touched.overflow = true;	/* first check after boot is a full walk */
	return 0;
}

/* ------------------------------------------------------------------ */
/* Consistency checks                                                   */
/* ------------------------------------------------------------------ */

CHECK_WALK
static void check_one_zone(struct alloc_machine *m, const struct zone *z,
			   struct check_ctx *ctx)
{
	const struct pglist_data *pgdat = &m->nodes[z->nid];
	unsigned long s, e;

	if (z->managed_pages > z->present_pages || z->present_pages > z->spanned_pages)
		check_report(ctx, "zone.page_counts", z->zone_start_pfn,
			     "node %d zone %s: managed %lu present %lu spanned %lu",
			     z->nid, alloc_zone_name(z->idx), z->managed_pages,
			     z->present_pages, z->spanned_pages);
	if (z->spanned_pages &&
	    (z->zone_start_pfn < pgdat->node_start_pfn ||
	     zone_end_pfn(z) > pgdat->node_start_pfn + pgdat->node_spanned_pages))
		check_report(ctx, "zone.outside_node", z->zone_start_pfn,
			     "node %d zone %s spans beyond its node", z->nid,
			     alloc_zone_name(z->idx));
	zone_span(m, pgdat->node_start_pfn, pgdat->node_start_pfn + pgdat->node_spanned_pages,
		  z->idx, &s, &e);
	if (s != z->zone_start_pfn || e - s != z->spanned_pages)
		check_report(ctx, "zone.span", z->zone_start_pfn,
			     "node %d zone %s: span [0x%lx,+%lu) expected [0x%lx,0x%lx)",
			     z->nid, alloc_zone_name(z->idx), z->zone_start_pfn,
			     z->spanned_pages, s, e);
}

/* managed_pages of each zone against the pages the memmap walk counted. */
CHECK_WALK
static void check_managed(struct alloc_machine *m, const struct memmap_census *census,
			  struct check_ctx *ctx)
{
	int nid;
	unsigned int zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			if (census->managed[nid][zt] != m->nodes[nid].zones[zt].managed_pages)
				check_report(ctx, "zone.managed", ~0UL,
					     "node %d zone %s: managed %lu, memmap has %lu",
					     nid, alloc_zone_name((int)zt),
					     m->nodes[nid].zones[zt].managed_pages,
					     census->managed[nid][zt]);
}

/**
 * zone_check - zone sizes against the memblock map and the memmap.
 * @m: booted machine
 * @ctx: report context
 * @census: what memmap_check() counted
 * Return: violations found.
 */
CHECK_WALK
unsigned int zone_check(struct alloc_machine *m, struct check_ctx *ctx,
			const struct memmap_census *census)
{
	unsigned int before = ctx->count;
	int nid;
	unsigned int zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			check_one_zone(m, &m->nodes[nid].zones[zt], ctx);
	check_managed(m, census, ctx);
	return ctx->count - before;
}
