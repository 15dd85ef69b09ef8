// SPDX-License-Identifier: MIT
/*
 * dump.c - text views of the allocator state in the kernel's formats:
 * /proc/buddyinfo, /proc/pagetypeinfo, a /proc/zoneinfo subset, the
 * memblock debugfs view and the show_free_areas() report printed on an
 * allocation failure.  TRACE.md ("Dump formats") is the contract; where it
 * is silent the kernel's spacing is kept.
 *
 * Modelled on mm/vmstat.c (frag_show_print(), pagetypeinfo_showfree_print(),
 * pagetypeinfo_showblockcount_print(), zoneinfo_show_print()) and
 * mm/show_mem.c (show_free_areas(), show_migration_types()).
 *
 * Read-only: nothing here changes the machine, so a dump can be taken in
 * the middle of a failure report.  Only zones with present pages are
 * shown.  Counters the model lacks (LRU, slab, vmstat events, boost, CMA)
 * are left out, except boost which show_free_areas prints as 0kB.
 */
#include <stdio.h>
#include "internal.h"

/* K(): pages to KiB */
#define PAGES_TO_KB(nr_pages)	((unsigned long)(nr_pages) << (PAGE_SHIFT - 10))

static const char *const zone_names[NR_ZONE_TYPES] = {
	[ZONE_DMA] = "DMA",
	[ZONE_DMA32] = "DMA32",
	[ZONE_NORMAL] = "Normal",
	[ZONE_MOVABLE] = "Movable",
};

static const char *const migratetype_names[NR_MIGRATETYPES] = {
	[MIGRATE_UNMOVABLE] = "Unmovable",
	[MIGRATE_MOVABLE] = "Movable",
	[MIGRATE_RECLAIMABLE] = "Reclaimable",
	[MIGRATE_HIGHATOMIC] = "HighAtomic",
	[MIGRATE_CMA] = "CMA",
	[MIGRATE_ISOLATE] = "Isolate",
};

/* show_migration_types() letters */
static const char migratetype_letters[NR_MIGRATETYPES] = {
	[MIGRATE_UNMOVABLE] = 'U',
	[MIGRATE_MOVABLE] = 'M',
	[MIGRATE_RECLAIMABLE] = 'E',
	[MIGRATE_HIGHATOMIC] = 'H',
	[MIGRATE_CMA] = 'C',
	[MIGRATE_ISOLATE] = 'I',
};

/**
 * alloc_zone_name - the kernel's zone name.
 * @zone: enum zone_type
 * Return: "DMA", "DMA32", "Normal" or "Movable"; "?" outside the enum.
 */
const char *alloc_zone_name(int zone)
{
	if (zone < 0 || zone >= NR_ZONE_TYPES)
		return "?";
	return zone_names[zone];
}

/**
 * alloc_migratetype_name - the kernel's migratetype_names[] entry.
 * @mt: enum migratetype
 * Return: "Unmovable" ... "Isolate"; "?" outside the enum.
 */
const char *alloc_migratetype_name(int mt)
{
	if (mt < 0 || mt >= NR_MIGRATETYPES)
		return "?";
	return migratetype_names[mt];
}

/* The zone the dumps show at (@nid, @zt), or NULL if it has no present pages. */
static const struct zone *shown_zone(const struct alloc_machine *m, int nid, int zt)
{
	const struct zone *z = &m->nodes[nid].zones[zt];

	return zone_populated(z) ? z : NULL;
}

static bool node_has_memory(const struct alloc_machine *m, int nid)
{
	int zt;

	for_each_zone_type(zt)
		if (shown_zone(m, nid, zt))
			return true;
	return false;
}

/**
 * alloc_dump_buddyinfo - /proc/buddyinfo: free blocks per order per zone.
 * @m: the machine
 * @out: destination stream
 */
void alloc_dump_buddyinfo(const struct alloc_machine *m, FILE *out)
{
	const struct zone *z;
	unsigned int order;
	int nid, zt;

	for_each_node(m, nid)
		for_each_zone_type(zt) {
			z = shown_zone(m, nid, zt);
			if (!z)
				continue;
			fprintf(out, "Node %d, zone %8s ", nid, zone_names[zt]);
			for (order = 0; order <= m->max_order; order++)
				fprintf(out, "%6lu ", z->free_area[order].nr_free);
			fputc('\n', out);
		}
}

/* pagetypeinfo_showfree_print(): one row per migratetype of one zone. */
static void pagetypeinfo_free_rows(const struct alloc_machine *m, int nid, int zt,
				   FILE *out)
{
	const struct zone *z = &m->nodes[nid].zones[zt];
	unsigned int order;
	int mt;

	/*
	 * The kernel walks each list and stops counting at 100000 (printed
	 * ">100000"); our per-list counters are exact, so no cap.
	 */
	for (mt = 0; mt < NR_MIGRATETYPES; mt++) {
		fprintf(out, "Node %4d, zone %8s, type %12s ", nid, zone_names[zt],
			migratetype_names[mt]);
		for (order = 0; order <= m->max_order; order++)
			fprintf(out, "%6lu ", z->free_area[order].nr_free_mt[mt]);
		fputc('\n', out);
	}
}

/*
 * pagetypeinfo_showblockcount_print(): the kernel steps from the zone's
 * first pfn (aligned or not) by pageblock_nr_pages, and counts the block
 * of each step whose page is present and belongs to this zone.
 */
static void pagetypeinfo_block_row(const struct alloc_machine *m, int nid, int zt,
				   FILE *out)
{
	const struct zone *z = &m->nodes[nid].zones[zt];
	unsigned long count[NR_MIGRATETYPES] = { 0 };
	unsigned long pfn;
	int mt;

	for (pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += m->pageblock_nr_pages) {
		const struct page *page;

		if (!pfn_in_memmap(m, pfn))
			continue;
		page = pfn_to_page(m, pfn);
		if (!(page->flags & PG_PRESENT) || page->nid != nid || page->zone_idx != zt)
			continue;
		mt = get_pageblock_migratetype(z, pfn);
		if (mt >= 0 && mt < NR_MIGRATETYPES)
			count[mt]++;
	}
	fprintf(out, "Node %d, zone %8s ", nid, zone_names[zt]);
	for (mt = 0; mt < NR_MIGRATETYPES; mt++)
		fprintf(out, "%12lu ", count[mt]);
	fputc('\n', out);
}

/**
 * alloc_dump_pagetypeinfo - /proc/pagetypeinfo: free blocks per order and
 * migratetype, then pageblocks per migratetype.
 * @m: the machine (booted: reads the memmap and pageblock bits)
 * @out: destination stream
 *
 * As in the kernel, the whole report (headers included) repeats for each
 * node that has memory (pagetypeinfo_show() runs once per node).
 */
void alloc_dump_pagetypeinfo(const struct alloc_machine *m, FILE *out)
{
	unsigned int order;
	int nid, zt, mt;

	for_each_node(m, nid) {
		if (!node_has_memory(m, nid))
			continue;
		fprintf(out, "Page block order: %u\n", m->pageblock_order);
		fprintf(out, "Pages per block:  %lu\n", m->pageblock_nr_pages);
		fputc('\n', out);

		fprintf(out, "%-43s ", "Free pages count per migrate type at order");
		for (order = 0; order <= m->max_order; order++)
			fprintf(out, "%6u ", order);
		fputc('\n', out);
		for_each_zone_type(zt)
			if (shown_zone(m, nid, zt))
				pagetypeinfo_free_rows(m, nid, zt, out);

		fprintf(out, "\n%-23s", "Number of blocks type ");
		for (mt = 0; mt < NR_MIGRATETYPES; mt++)
			fprintf(out, "%12s ", migratetype_names[mt]);
		fputc('\n', out);
		for_each_zone_type(zt)
			if (shown_zone(m, nid, zt))
				pagetypeinfo_block_row(m, nid, zt, out);
	}
}

/* zoneinfo_show_print() for one populated zone, in TRACE.md's layout. */
static void zoneinfo_zone(const struct alloc_machine *m, int nid, int zt, FILE *out)
{
	const struct zone *z = &m->nodes[nid].zones[zt];
	unsigned int cpu;
	int j;

	fprintf(out, "Node %d, zone %8s\n", nid, zone_names[zt]);
	fprintf(out, "  pages free %lu\n", z->free_pages);
	fprintf(out, "        min %lu\n", z->wmark[WMARK_MIN]);
	fprintf(out, "        low %lu\n", z->wmark[WMARK_LOW]);
	fprintf(out, "        high %lu\n", z->wmark[WMARK_HIGH]);
	fprintf(out, "        spanned %lu\n", z->spanned_pages);
	fprintf(out, "        present %lu\n", z->present_pages);
	fprintf(out, "        managed %lu\n", z->managed_pages);
	fprintf(out, "        protection: (%lu", z->lowmem_reserve[0]);
	for (j = 1; j < NR_ZONE_TYPES; j++)
		fprintf(out, ", %lu", z->lowmem_reserve[j]);
	fprintf(out, ")\n");
	fprintf(out, "  start_pfn: %lu\n", z->zone_start_pfn);
	fprintf(out, "  pagesets\n");
	for (cpu = 0; cpu < m->cfg.nr_cpus && cpu < ALLOC_MAX_CPUS; cpu++)
		fprintf(out, "    cpu: %u count: %lu high: %u batch: %u\n", cpu,
			z->pcp[cpu].count, z->pcp[cpu].high, z->pcp[cpu].batch);
}

/**
 * alloc_dump_zoneinfo - the /proc/zoneinfo lines TRACE.md names.
 * @m: the machine
 * @out: destination stream
 *
 * Kept from zoneinfo_show_print(): the "Node %d, zone %8s" title, the
 * protection line and the pagesets header.  TRACE.md fixes single spaces
 * after the labels and puts start_pfn before the per-cpu lines, and each
 * cpu on one line; the kernel pads the labels, prints count/high/batch on
 * lines of their own and ends with start_pfn.
 */
void alloc_dump_zoneinfo(const struct alloc_machine *m, FILE *out)
{
	int nid, zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			if (shown_zone(m, nid, zt))
				zoneinfo_zone(m, nid, zt, out);
}

/**
 * alloc_dump_memblock - the memory and reserved region arrays.
 * @m: the machine
 * @out: destination stream
 */
void alloc_dump_memblock(const struct alloc_machine *m, FILE *out)
{
	memblock_dump(&m->memblock, out);
}

static unsigned long zone_pcp_pages(const struct alloc_machine *m, const struct zone *z)
{
	unsigned long nr_pages = 0;
	unsigned int cpu;

	for (cpu = 0; cpu < m->cfg.nr_cpus && cpu < ALLOC_MAX_CPUS; cpu++)
		nr_pages += z->pcp[cpu].count;
	return nr_pages;
}

/* show_free_areas(), second loop: counters and lowmem_reserve[] of one zone. */
static void free_areas_zone_counters(const struct alloc_machine *m, int nid, int zt,
				     FILE *out)
{
	const struct zone *z = &m->nodes[nid].zones[zt];
	int j;

	fprintf(out, "Node %d %s free:%lukB boost:0kB min:%lukB low:%lukB high:%lukB"
		" reserved_highatomic:%luKB present:%lukB managed:%lukB free_pcp:%lukB\n",
		nid, zone_names[zt], PAGES_TO_KB(z->free_pages),
		PAGES_TO_KB(z->wmark[WMARK_MIN]), PAGES_TO_KB(z->wmark[WMARK_LOW]),
		PAGES_TO_KB(z->wmark[WMARK_HIGH]), PAGES_TO_KB(z->nr_reserved_highatomic),
		PAGES_TO_KB(z->present_pages), PAGES_TO_KB(z->managed_pages),
		PAGES_TO_KB(zone_pcp_pages(m, z)));
	fprintf(out, "lowmem_reserve[]:");
	for (j = 0; j < NR_ZONE_TYPES; j++)
		fprintf(out, " %lu", z->lowmem_reserve[j]);
	fputc('\n', out);
}

/*
 * show_free_areas(), third loop: "N*SIZEkB (TYPES) " per order, the
 * letters of the non-empty lists after each non-zero count, then the total.
 */
static void free_areas_zone_orders(const struct alloc_machine *m, int nid, int zt,
				   FILE *out)
{
	const struct zone *z = &m->nodes[nid].zones[zt];
	unsigned long total_pages = 0;
	unsigned int order;
	int mt;

	fprintf(out, "Node %d %s: ", nid, zone_names[zt]);
	for (order = 0; order <= m->max_order && order < NR_PAGE_ORDERS_LIMIT; order++) {
		const struct free_area *area = &z->free_area[order];

		total_pages += area->nr_free << order;
		fprintf(out, "%lu*%lukB ", area->nr_free, PAGES_TO_KB(1UL) << order);
		if (!area->nr_free)
			continue;
		fputc('(', out);
		for (mt = 0; mt < NR_MIGRATETYPES; mt++)
			if (area->nr_free_mt[mt])
				fputc(migratetype_letters[mt], out);
		fputs(") ", out);
	}
	fprintf(out, "= %lukB\n", PAGES_TO_KB(total_pages));
}

/**
 * alloc_dump_free_areas - the show_free_areas() part of an allocation
 * failure report, reduced to what the model has.
 * @m: the machine
 * @out: destination stream
 *
 * Every populated zone's counters and lowmem_reserve[], then every
 * populated zone's free blocks per order with their list letters
 * (U Unmovable, M Movable, E Reclaimable, H HighAtomic, C CMA, I Isolate).
 */
void alloc_dump_free_areas(const struct alloc_machine *m, FILE *out)
{
	int nid, zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			if (shown_zone(m, nid, zt))
				free_areas_zone_counters(m, nid, zt, out);
	for_each_node(m, nid)
		for_each_zone_type(zt)
			if (shown_zone(m, nid, zt))
				free_areas_zone_orders(m, nid, zt, out);
}

/* The compact_* events of one zone (/proc/vmstat names), then its isolation state. */
static void compaction_zone(const struct alloc_machine *m, int nid, int zt, FILE *out)
{
	const struct zone *z = &m->nodes[nid].zones[zt];
	const struct compact_stats *cs = &z->compact;

	fprintf(out, "Node %d, zone %8s\n", nid, zone_names[zt]);
	fprintf(out, "  compact_migrate_scanned %lu\n", cs->migrate_scanned);
	fprintf(out, "  compact_free_scanned %lu\n", cs->free_scanned);
	fprintf(out, "  compact_isolated %lu\n", cs->isolated);
	fprintf(out, "  compact_stall %lu\n", cs->stall);
	fprintf(out, "  compact_success %lu\n", cs->success);
	fprintf(out, "  compact_fail %lu\n", cs->fail);
	fprintf(out, "  compact_skipped %lu\n", cs->skipped);
	fprintf(out, "  pgmigrate_success %lu\n", cs->migrated);
	fprintf(out, "  pgmigrate_fail %lu\n", cs->migrate_refused);
	fprintf(out, "  compact_last %s\n", compact_result_name(cs->last - 1));
	fprintf(out, "  nr_isolate_pageblock %lu\n", z->nr_isolate_pageblock);
	fprintf(out, "  nr_free_isolated %lu\n", z->isolated_free);
}

/**
 * alloc_dump_compaction - per populated zone, the kernel's compact_* and
 * pgmigrate_* vmstat events, the outcome of the zone's last compaction
 * run, and its isolated pageblocks and free pages (format in TRACE.md).
 * @m: the machine
 * @out: destination stream
 */
void alloc_dump_compaction(const struct alloc_machine *m, FILE *out)
{
	int nid, zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			if (shown_zone(m, nid, zt))
				compaction_zone(m, nid, zt, out);
}
