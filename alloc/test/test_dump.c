// SPDX-License-Identifier: MIT
/*
 * test_dump.c - the dump.c formats (buddyinfo, pagetypeinfo, zoneinfo,
 * show_free_areas) on hand-built machines, compared with exact strings.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* open_memstream */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"
#include "machine_fixture.h"

TEST_STATE_DEFINE;

/* ---- dumps ---- */

static char *capture(void (*dump)(const struct alloc_machine *, FILE *),
		     const struct alloc_machine *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f) {
		fprintf(stderr, "open_memstream failed\n");
		exit(2);
	}
	dump(m, f);
	fclose(f);
	return buf;
}

static void expect_dump(void (*dump)(const struct alloc_machine *, FILE *),
			const struct alloc_machine *m, const char *want)
{
	char *got = capture(dump, m);

	EXPECT_STREQ(got, want);
	free(got);
}

static void set_pcp(struct zone *z, unsigned int cpu, unsigned long count,
		    unsigned int high, unsigned int batch)
{
	z->pcp[cpu].count = count;
	z->pcp[cpu].high = high;
	z->pcp[cpu].batch = batch;
}

/*
 * Node 0: DMA [0, 4096) and Normal [4096, +524288) populated, DMA32 and
 * Movable empty; a second node with no memory.  max_order 3, two cpus.
 * Counters are set by hand, not derived, so every printed number is
 * visible in this function.
 */
static struct alloc_machine *mk_dump_machine(void)
{
	struct alloc_machine *m = mk_machine(2, 2, 3, 2);
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL);

	dma->zone_start_pfn = 0;
	dma->spanned_pages = 4096;
	dma->present_pages = 3998;
	dma->managed_pages = 3900;
	dma->free_pages = 49;
	dma->wmark[WMARK_MIN] = 1;
	dma->wmark[WMARK_LOW] = 2;
	dma->wmark[WMARK_HIGH] = 3;
	dma->lowmem_reserve[ZONE_NORMAL] = 3;
	dma->lowmem_reserve[ZONE_MOVABLE] = 4;
	set_pcp(dma, 0, 0, 0, 1);
	set_pcp(dma, 1, 0, 0, 1);
	/* orders 0..3: 1 U; 1 U + 1 M; 3 M; 2 H + 2 I -> 49 pages */
	add_free_block(dma, 0, MIGRATE_UNMOVABLE);
	add_free_block(dma, 1, MIGRATE_UNMOVABLE);
	add_free_block(dma, 1, MIGRATE_MOVABLE);
	add_free_block(dma, 2, MIGRATE_MOVABLE);
	add_free_block(dma, 2, MIGRATE_MOVABLE);
	add_free_block(dma, 2, MIGRATE_MOVABLE);
	add_free_block(dma, 3, MIGRATE_HIGHATOMIC);
	add_free_block(dma, 3, MIGRATE_HIGHATOMIC);
	add_free_block(dma, 3, MIGRATE_ISOLATE);
	add_free_block(dma, 3, MIGRATE_ISOLATE);

	normal->zone_start_pfn = 4096;
	normal->spanned_pages = 524288;
	normal->present_pages = 500000;
	normal->managed_pages = 450000;
	normal->free_pages = 400050;
	normal->nr_reserved_highatomic = 2;
	normal->wmark[WMARK_MIN] = 11;
	normal->wmark[WMARK_LOW] = 22;
	normal->wmark[WMARK_HIGH] = 33;
	normal->lowmem_reserve[ZONE_MOVABLE] = 5;
	set_pcp(normal, 0, 7, 186, 31);
	set_pcp(normal, 1, 3, 186, 31);
	/* orders 0..3: 10 E; none; 100000 M; 2 U + 2 M + 1 E -> 400050 pages */
	normal->free_area[0].nr_free = 10;
	normal->free_area[0].nr_free_mt[MIGRATE_RECLAIMABLE] = 10;
	normal->free_area[2].nr_free = 100000;
	normal->free_area[2].nr_free_mt[MIGRATE_MOVABLE] = 100000;
	normal->free_area[3].nr_free = 5;
	normal->free_area[3].nr_free_mt[MIGRATE_UNMOVABLE] = 2;
	normal->free_area[3].nr_free_mt[MIGRATE_MOVABLE] = 2;
	normal->free_area[3].nr_free_mt[MIGRATE_RECLAIMABLE] = 1;
	return m;
}

static void test_dump_names(void)
{
	TEST_BEGIN("dump/names");
	EXPECT_STREQ(alloc_zone_name(ZONE_DMA), "DMA");
	EXPECT_STREQ(alloc_zone_name(ZONE_DMA32), "DMA32");
	EXPECT_STREQ(alloc_zone_name(ZONE_NORMAL), "Normal");
	EXPECT_STREQ(alloc_zone_name(ZONE_MOVABLE), "Movable");
	EXPECT_STREQ(alloc_zone_name(NR_ZONE_TYPES), "?");
	EXPECT_STREQ(alloc_zone_name(-1), "?");
	EXPECT_STREQ(alloc_migratetype_name(MIGRATE_UNMOVABLE), "Unmovable");
	EXPECT_STREQ(alloc_migratetype_name(MIGRATE_MOVABLE), "Movable");
	EXPECT_STREQ(alloc_migratetype_name(MIGRATE_RECLAIMABLE), "Reclaimable");
	EXPECT_STREQ(alloc_migratetype_name(MIGRATE_HIGHATOMIC), "HighAtomic");
	EXPECT_STREQ(alloc_migratetype_name(MIGRATE_CMA), "CMA");
	EXPECT_STREQ(alloc_migratetype_name(MIGRATE_ISOLATE), "Isolate");
	EXPECT_STREQ(alloc_migratetype_name(NR_MIGRATETYPES), "?");
}

static void test_dump_buddyinfo_zoneinfo(void)
{
	struct alloc_machine *m = mk_dump_machine();

	TEST_BEGIN("dump/buddyinfo");
	/* "Node %d, zone %8s " then "%6lu " per order 0..3; empty zones skipped */
	expect_dump(alloc_dump_buddyinfo, m,
		    "Node 0, zone      DMA      1      2      3      4 \n"
		    "Node 0, zone   Normal     10      0 100000      5 \n");

	TEST_BEGIN("dump/zoneinfo");
	expect_dump(alloc_dump_zoneinfo, m,
		    "Node 0, zone      DMA\n"
		    "  pages free 49\n"
		    "        min 1\n"
		    "        low 2\n"
		    "        high 3\n"
		    "        spanned 4096\n"
		    "        present 3998\n"
		    "        managed 3900\n"
		    "        protection: (0, 0, 3, 4)\n"
		    "  start_pfn: 0\n"
		    "  pagesets\n"
		    "    cpu: 0 count: 0 high: 0 batch: 1\n"
		    "    cpu: 1 count: 0 high: 0 batch: 1\n"
		    "Node 0, zone   Normal\n"
		    "  pages free 400050\n"
		    "        min 11\n"
		    "        low 22\n"
		    "        high 33\n"
		    "        spanned 524288\n"
		    "        present 500000\n"
		    "        managed 450000\n"
		    "        protection: (0, 0, 0, 5)\n"
		    "  start_pfn: 4096\n"
		    "  pagesets\n"
		    "    cpu: 0 count: 7 high: 186 batch: 31\n"
		    "    cpu: 1 count: 3 high: 186 batch: 31\n");

	free_machine(m);
}

static void test_dump_free_areas(void)
{
	struct alloc_machine *m = mk_dump_machine();

	TEST_BEGIN("dump/free_areas");
	/*
	 * Pages to KiB: DMA free 49 -> 196, min/low/high 4/8/12, present
	 * 3998 -> 15992, managed 3900 -> 15600.  Normal free 400050 ->
	 * 1600200, 11/22/33 -> 44/88/132, highatomic 2 -> 8, present 500000
	 * -> 2000000, managed 450000 -> 1800000, pcp 7 + 3 -> 40.
	 * Free areas: DMA 1*4 + 2*8 + 3*16 + 4*32 = 196 kB; Normal 10*4 +
	 * 100000*16 + 5*32 = 1600200 kB.  Letters only after non-zero counts.
	 */
	expect_dump(alloc_dump_free_areas, m,
		    "Node 0 DMA free:196kB boost:0kB min:4kB low:8kB high:12kB"
		    " reserved_highatomic:0KB present:15992kB managed:15600kB free_pcp:0kB\n"
		    "lowmem_reserve[]: 0 0 3 4\n"
		    "Node 0 Normal free:1600200kB boost:0kB min:44kB low:88kB high:132kB"
		    " reserved_highatomic:8KB present:2000000kB managed:1800000kB free_pcp:40kB\n"
		    "lowmem_reserve[]: 0 0 0 5\n"
		    "Node 0 DMA: 1*4kB (U) 2*8kB (UM) 3*16kB (M) 4*32kB (HI) = 196kB\n"
		    "Node 0 Normal: 10*4kB (E) 0*8kB 100000*16kB (M) 5*32kB (UME) = 1600200kB\n");

	free_machine(m);
}

static void test_dump_second_node(void)
{
	struct alloc_machine *m = mk_dump_machine();

	TEST_BEGIN("dump/second_node_shown");
	/* node 1 gets a populated Movable zone: it follows node 0's zones */
	zone_of(m, 1, ZONE_MOVABLE)->present_pages = 8;
	add_free_block(zone_of(m, 1, ZONE_MOVABLE), 3, MIGRATE_MOVABLE);
	expect_dump(alloc_dump_buddyinfo, m,
		    "Node 0, zone      DMA      1      2      3      4 \n"
		    "Node 0, zone   Normal     10      0 100000      5 \n"
		    "Node 1, zone  Movable      0      0      0      1 \n");
	free_machine(m);
}

/* pagetypeinfo reads the memmap and per-zone pageblock bytes: a fixture */
struct ptinfo_fixture {
	struct alloc_machine *m;
	struct page memmap[28];
	uint8_t dma_mt[2], normal_mt[5], movable_mt[1], normal2_mt[1];
};

static void set_zone_blocks(struct zone *z, unsigned long start_pfn, unsigned long spanned,
			    unsigned long present, uint8_t *mt, unsigned long nr_pageblocks)
{
	z->zone_start_pfn = start_pfn;
	z->spanned_pages = spanned;
	z->present_pages = present;
	z->pageblock_mt = mt;
	z->pageblock_base_pfn = start_pfn;	/* all starts here are block-aligned */
	z->nr_pageblocks = nr_pageblocks;
}

/*
 * pageblock_order 2 (4 pages a block), memmap [0, 28), three nodes:
 *   node 0 DMA    [0, 8):   blocks 0 Unmovable, 4 Movable
 *   node 0 Normal [8, 28):  block 8 Movable; 12 a hole (typed Reclaimable,
 *                           linked to the zone, but not present); 16 lent
 *                           to node 2 (typed Reclaimable here too, but its
 *                           pages are node 2's); 20 Isolate; 24 typed
 *                           Unmovable here but its pages are Movable's
 *   node 0 Movable [24, 28): block 24 Movable
 *   node 1                  no memory: prints nothing at all
 *   node 2 Normal [16, 20): block 16 Reclaimable
 * so node 0 Normal counts Movable 1, Isolate 1; node 0 Movable counts
 * Movable 1; node 2 Reclaimable 1.
 */
static void ptinfo_fixture_init(struct ptinfo_fixture *f)
{
	static const uint8_t normal_mt[5] = { MIGRATE_MOVABLE, MIGRATE_RECLAIMABLE,
					      MIGRATE_RECLAIMABLE, MIGRATE_ISOLATE,
					      MIGRATE_UNMOVABLE };
	struct alloc_machine *m = mk_machine(3, 1, 3, 2);
	unsigned long pfn;

	memset(f->memmap, 0, sizeof(f->memmap));
	for (pfn = 0; pfn < 28; pfn++) {
		/* the hole keeps its zone and node links, only PG_PRESENT is off */
		f->memmap[pfn].flags = pfn >= 12 && pfn < 16 ? 0 : PG_PRESENT;
		f->memmap[pfn].nid = pfn >= 16 && pfn < 20 ? 2 : 0;
		f->memmap[pfn].zone_idx = pfn < 8 ? ZONE_DMA : pfn < 24 ? ZONE_NORMAL : ZONE_MOVABLE;
	}
	m->memmap = f->memmap;
	m->memmap_start_pfn = 0;
	m->memmap_end_pfn = 28;
	memmap_set_base(m);
	f->dma_mt[0] = MIGRATE_UNMOVABLE;
	f->dma_mt[1] = MIGRATE_MOVABLE;
	memcpy(f->normal_mt, normal_mt, sizeof(normal_mt));
	f->movable_mt[0] = MIGRATE_MOVABLE;
	f->normal2_mt[0] = MIGRATE_RECLAIMABLE;
	set_zone_blocks(zone_of(m, 0, ZONE_DMA), 0, 8, 8, f->dma_mt, 2);
	set_zone_blocks(zone_of(m, 0, ZONE_NORMAL), 8, 20, 8, f->normal_mt, 5);
	set_zone_blocks(zone_of(m, 0, ZONE_MOVABLE), 24, 4, 4, f->movable_mt, 1);
	set_zone_blocks(zone_of(m, 2, ZONE_NORMAL), 16, 4, 4, f->normal2_mt, 1);
	add_free_block(zone_of(m, 0, ZONE_DMA), 0, MIGRATE_UNMOVABLE);
	add_free_block(zone_of(m, 0, ZONE_DMA), 2, MIGRATE_MOVABLE);
	add_free_block(zone_of(m, 0, ZONE_NORMAL), 1, MIGRATE_RECLAIMABLE);
	add_free_block(zone_of(m, 0, ZONE_NORMAL), 1, MIGRATE_RECLAIMABLE);
	add_free_block(zone_of(m, 0, ZONE_NORMAL), 2, MIGRATE_ISOLATE);
	f->m = m;
}

static void test_dump_pagetypeinfo(void)
{
	struct ptinfo_fixture f;
	struct alloc_machine *m;

	ptinfo_fixture_init(&f);
	m = f.m;
	TEST_BEGIN("dump/pagetypeinfo");
	/* the whole report repeats per node with memory, as pagetypeinfo_show() */
	expect_dump(alloc_dump_pagetypeinfo, m,
		    "Page block order: 2\n"
		    "Pages per block:  4\n"
		    "\n"
		    "Free pages count per migrate type at order       0      1      2      3 \n"
		    "Node    0, zone      DMA, type    Unmovable      1      0      0      0 \n"
		    "Node    0, zone      DMA, type      Movable      0      0      1      0 \n"
		    "Node    0, zone      DMA, type  Reclaimable      0      0      0      0 \n"
		    "Node    0, zone      DMA, type   HighAtomic      0      0      0      0 \n"
		    "Node    0, zone      DMA, type          CMA      0      0      0      0 \n"
		    "Node    0, zone      DMA, type      Isolate      0      0      0      0 \n"
		    "Node    0, zone   Normal, type    Unmovable      0      0      0      0 \n"
		    "Node    0, zone   Normal, type      Movable      0      0      0      0 \n"
		    "Node    0, zone   Normal, type  Reclaimable      0      2      0      0 \n"
		    "Node    0, zone   Normal, type   HighAtomic      0      0      0      0 \n"
		    "Node    0, zone   Normal, type          CMA      0      0      0      0 \n"
		    "Node    0, zone   Normal, type      Isolate      0      0      1      0 \n"
		    "Node    0, zone  Movable, type    Unmovable      0      0      0      0 \n"
		    "Node    0, zone  Movable, type      Movable      0      0      0      0 \n"
		    "Node    0, zone  Movable, type  Reclaimable      0      0      0      0 \n"
		    "Node    0, zone  Movable, type   HighAtomic      0      0      0      0 \n"
		    "Node    0, zone  Movable, type          CMA      0      0      0      0 \n"
		    "Node    0, zone  Movable, type      Isolate      0      0      0      0 \n"
		    "\n"
		    "Number of blocks type     Unmovable      Movable  Reclaimable"
		    "   HighAtomic          CMA      Isolate \n"
		    "Node 0, zone      DMA            1            1            0"
		    "            0            0            0 \n"
		    "Node 0, zone   Normal            0            1            0"
		    "            0            0            1 \n"
		    "Node 0, zone  Movable            0            1            0"
		    "            0            0            0 \n"
		    "Page block order: 2\n"
		    "Pages per block:  4\n"
		    "\n"
		    "Free pages count per migrate type at order       0      1      2      3 \n"
		    "Node    2, zone   Normal, type    Unmovable      0      0      0      0 \n"
		    "Node    2, zone   Normal, type      Movable      0      0      0      0 \n"
		    "Node    2, zone   Normal, type  Reclaimable      0      0      0      0 \n"
		    "Node    2, zone   Normal, type   HighAtomic      0      0      0      0 \n"
		    "Node    2, zone   Normal, type          CMA      0      0      0      0 \n"
		    "Node    2, zone   Normal, type      Isolate      0      0      0      0 \n"
		    "\n"
		    "Number of blocks type     Unmovable      Movable  Reclaimable"
		    "   HighAtomic          CMA      Isolate \n"
		    "Node 2, zone   Normal            0            0            1"
		    "            0            0            0 \n");
	free_machine(m);
}

/*
 * The kernel steps from zone_start_pfn itself: a Normal zone [2, 14) over
 * four Movable blocks is sampled at pfns 2, 6 and 10, so it counts 3 blocks
 * (block 12 is reached by no step).  DMA and Movable are emptied, node 2
 * dropped.
 */
static void test_dump_pagetypeinfo_unaligned(void)
{
	uint8_t all_movable[4] = { MIGRATE_MOVABLE, MIGRATE_MOVABLE, MIGRATE_MOVABLE,
				   MIGRATE_MOVABLE };
	struct ptinfo_fixture f;
	struct zone *normal;
	unsigned long pfn;
	char *got;

	ptinfo_fixture_init(&f);
	for (pfn = 0; pfn < 28; pfn++) {
		f.memmap[pfn].flags = PG_PRESENT;
		f.memmap[pfn].nid = 0;
		f.memmap[pfn].zone_idx = ZONE_NORMAL;
	}
	f.m->cfg.nr_nodes = 1;
	zone_of(f.m, 0, ZONE_DMA)->present_pages = 0;
	zone_of(f.m, 0, ZONE_MOVABLE)->present_pages = 0;
	normal = zone_of(f.m, 0, ZONE_NORMAL);
	set_zone_blocks(normal, 2, 12, 12, all_movable, 4);
	normal->pageblock_base_pfn = 0;

	TEST_BEGIN("dump/pagetypeinfo_unaligned_zone_start");
	got = capture(alloc_dump_pagetypeinfo, f.m);
	EXPECT_TRUE(strstr(got, "\nNode 0, zone   Normal            0            3 ") != NULL);
	EXPECT_TRUE(strstr(got, "zone      DMA") == NULL);
	free(got);

	TEST_BEGIN("dump/pagetypeinfo_outside_memmap");
	/* a memmap that ends at pfn 8 hides the step at pfn 10: 2 blocks */
	f.m->memmap_end_pfn = 8;
	got = capture(alloc_dump_pagetypeinfo, f.m);
	EXPECT_TRUE(strstr(got, "\nNode 0, zone   Normal            0            2 ") != NULL);
	free(got);
	free_machine(f.m);
}

int main(void)
{
	test_dump_names();
	test_dump_buddyinfo_zoneinfo();
	test_dump_free_areas();
	test_dump_second_node();
	test_dump_pagetypeinfo();
	test_dump_pagetypeinfo_unaligned();
	return test_main_end();
}
