// SPDX-License-Identifier: MIT
/*
 * test_watermark.c - watermark.c (min/low/high, min_free_kbytes,
 * lowmem_reserve, wmark_ok, wmark_check) and the dump.c formats.
 *
 * Machines are built by hand: a zeroed struct alloc_machine with the
 * counters each test needs, no boot.  Every expected number is worked out
 * in the comment next to it, from the kernel formulas in watermark.c's
 * header, so a test fails when the behaviour it names changes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE		/* open_memstream */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

/* ---- hand-built machines ---- */

static struct alloc_machine *mk_machine(unsigned int nr_nodes, unsigned int nr_cpus,
					unsigned int max_order, unsigned int pageblock_order)
{
	struct alloc_machine *m = calloc(1, sizeof(*m));
	int nid, zt;

	if (m)
		m->nodes = calloc(ALLOC_MAX_NODES, sizeof(*m->nodes));
	if (!m || !m->nodes) {
		fprintf(stderr, "out of host memory\n");
		exit(2);
	}
	m->cfg.nr_nodes = nr_nodes;
	m->cfg.nr_cpus = nr_cpus;
	m->cfg.max_order = max_order;
	m->cfg.pageblock_order = pageblock_order;
	m->max_order = max_order;
	m->pageblock_order = pageblock_order;
	m->pageblock_nr_pages = 1UL << pageblock_order;
	for (nid = 0; nid < ALLOC_MAX_NODES; nid++) {
		m->nodes[nid].nid = nid;
		for (zt = 0; zt < NR_ZONE_TYPES; zt++) {
			struct zone *z = &m->nodes[nid].zones[zt];

			z->machine = m;
			z->nid = nid;
			z->idx = (enum zone_type)zt;
		}
	}
	return m;
}

static struct zone *zone_of(struct alloc_machine *m, int nid, int zt)
{
	return &m->nodes[nid].zones[zt];
}

/* managed == present == spanned: enough for the watermark formulas */
static void set_managed(struct alloc_machine *m, int nid, int zt, unsigned long nr_pages)
{
	struct zone *z = zone_of(m, nid, zt);

	z->managed_pages = nr_pages;
	z->present_pages = nr_pages;
	z->spanned_pages = nr_pages;
}

static void set_fixed_min_free(struct alloc_machine *m, unsigned long kbytes)
{
	m->cfg.min_free_auto = false;
	m->cfg.min_free_kbytes = kbytes;
}

static void set_auto_min_free(struct alloc_machine *m)
{
	m->cfg.min_free_auto = true;
	m->cfg.min_free_kbytes = 0;
}

#define EXPECT_WMARKS(z, mn, lo, hi)			\
	do {						\
		EXPECT_EQ((z)->wmark[WMARK_MIN], (mn));	\
		EXPECT_EQ((z)->wmark[WMARK_LOW], (lo));	\
		EXPECT_EQ((z)->wmark[WMARK_HIGH], (hi));	\
	} while (0)

/*
 * The layout most tests share: DMA 4000, DMA32 empty, Normal 100000,
 * Movable 3200 managed pages; Σ managed (lowmem_pages) = 107200.
 */
static struct alloc_machine *mk_four_zones(void)
{
	struct alloc_machine *m = mk_machine(1, 1, 10, 9);

	set_managed(m, 0, ZONE_DMA, 4000);
	set_managed(m, 0, ZONE_NORMAL, 100000);
	set_managed(m, 0, ZONE_MOVABLE, 3200);
	return m;
}

/* ---- min / low / high ---- */

static void test_wmarks_known_sizes(void)
{
	struct alloc_machine *m = mk_four_zones();

	TEST_BEGIN("wmarks/min_free_1024");
	/*
	 * min_free_kbytes 1024 -> pages_min 256.
	 * DMA:     share 256*4000/107200   = 9;   step max(9/4=2, 4000*10/10000=4)    = 4
	 *          -> 9, 13, 17
	 * Normal:  share 256*100000/107200 = 238; step max(59, 100)  = 100 -> 238, 338, 438
	 * Movable: share 256*3200/107200   = 7;   step max(1, 3)     = 3   -> 7, 10, 13
	 *          (v6.1-v6.5: Movable gets its proportional share, no cap)
	 * DMA32:   no managed pages -> 0, 0, 0
	 */
	set_fixed_min_free(m, 1024);
	wmark_setup(m);
	EXPECT_EQ(m->min_free_kbytes, 1024);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_DMA), 9, 13, 17);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_DMA32), 0, 0, 0);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_NORMAL), 238, 338, 438);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_MOVABLE), 7, 10, 13);

	TEST_BEGIN("wmarks/step_is_quarter_of_min");
	/*
	 * min_free_kbytes 65536 -> pages_min 16384; now min/4 beats the scale
	 * factor.  Normal: share 16384*100000/107200 = 15283; step 15283/4 = 3820
	 * -> 15283, 19103, 22923.  DMA: 16384*4000/107200 = 611; step 152
	 * -> 611, 763, 915.
	 */
	set_fixed_min_free(m, 65536);
	wmark_setup(m);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_NORMAL), 15283, 19103, 22923);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_DMA), 611, 763, 915);

	free(m->nodes);
	free(m);
}

static void test_wmarks_nodes_and_edges(void)
{
	struct alloc_machine *m = mk_four_zones();

	TEST_BEGIN("wmarks/share_spans_nodes");
	/*
	 * A second node with 100000 Normal pages changes only the shared
	 * denominator: lowmem_pages = 207200.  Node 0 Normal: 256*100000/207200
	 * = 123; step 100 -> 123, 223, 323.  Node 0 DMA: 256*4000/207200 = 4;
	 * step 4 -> 4, 8, 12.  Node 1 Normal is node 0 Normal's twin.
	 */
	m->cfg.nr_nodes = 2;
	set_managed(m, 1, ZONE_NORMAL, 100000);
	set_fixed_min_free(m, 1024);
	wmark_setup(m);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_NORMAL), 123, 223, 323);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_DMA), 4, 8, 12);
	EXPECT_WMARKS(zone_of(m, 1, ZONE_NORMAL), 123, 223, 323);

	TEST_BEGIN("wmarks/fixed_value_not_clamped");
	/* A configured min_free_kbytes is taken as is, even below 128. */
	set_fixed_min_free(m, 100);
	wmark_setup(m);
	EXPECT_EQ(m->min_free_kbytes, 100);
	free(m->nodes);
	free(m);

	TEST_BEGIN("wmarks/no_memory");
	/* lowmem_pages == 0 must not divide by zero: everything stays 0. */
	m = mk_machine(1, 1, 10, 9);
	set_fixed_min_free(m, 1024);
	wmark_setup(m);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_NORMAL), 0, 0, 0);
	free(m->nodes);
	free(m);
}

/* ---- calculate_min_free_kbytes ---- */

static unsigned long auto_min_free_for(int zt, unsigned long nr_pages)
{
	struct alloc_machine *m = mk_machine(1, 1, 10, 9);
	unsigned long kbytes;

	set_managed(m, 0, zt, nr_pages);
	set_auto_min_free(m);
	wmark_setup(m);
	kbytes = m->min_free_kbytes;
	free(m->nodes);
	free(m);
	return kbytes;
}

static void test_min_free_auto(void)
{
	struct alloc_machine *m;

	TEST_BEGIN("min_free_auto/sqrt");
	/* 1 GiB = 262144 pages = 1048576 KiB; int_sqrt(1048576*16) = 4096 */
	EXPECT_EQ(auto_min_free_for(ZONE_NORMAL, 262144), 4096);
	/* one page less: int_sqrt(1048572*16 = 16777152) = 4095 (floor) */
	EXPECT_EQ(auto_min_free_for(ZONE_NORMAL, 262143), 4095);
	/* 4 GiB in DMA32 = 4194304 KiB; int_sqrt(67108864) = 8192 */
	EXPECT_EQ(auto_min_free_for(ZONE_DMA32, 1048576), 8192);

	TEST_BEGIN("min_free_auto/clamp");
	/* 100 pages = 400 KiB; int_sqrt(6400) = 80 -> clamped up to 128 */
	EXPECT_EQ(auto_min_free_for(ZONE_NORMAL, 100), 128);
	/* 2^32 pages = 2^34 KiB; int_sqrt(2^38) = 524288 -> clamped to 262144 */
	EXPECT_EQ(auto_min_free_for(ZONE_NORMAL, 1UL << 32), 262144);
	/* no memory at all: int_sqrt(0) = 0 -> 128 */
	EXPECT_EQ(auto_min_free_for(ZONE_NORMAL, 0), 128);

	TEST_BEGIN("min_free_auto/movable_not_lowmem");
	/*
	 * nr_free_buffer_pages() counts zones up to Normal only: Movable's
	 * 1000000 pages add nothing; DMA32 262144 -> 4096.
	 */
	m = mk_machine(1, 1, 10, 9);
	set_managed(m, 0, ZONE_DMA32, 262144);
	set_managed(m, 0, ZONE_MOVABLE, 1000000);
	set_auto_min_free(m);
	wmark_setup(m);
	EXPECT_EQ(m->min_free_kbytes, 4096);
	free(m->nodes);
	free(m);

	TEST_BEGIN("min_free_auto/recall_subtracts_high");
	/*
	 * First call: Normal 262144 pages -> 4096 KiB -> pages_min 1024;
	 * single zone so min 1024, step max(256, 262) = 262, high 1548.
	 * Second call counts managed - high = 260596 pages = 1042384 KiB;
	 * int_sqrt(16678144) = 4083.
	 */
	m = mk_machine(1, 1, 10, 9);
	set_managed(m, 0, ZONE_NORMAL, 262144);
	set_auto_min_free(m);
	wmark_setup(m);
	EXPECT_EQ(m->min_free_kbytes, 4096);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_NORMAL), 1024, 1286, 1548);
	wmark_setup(m);
	EXPECT_EQ(m->min_free_kbytes, 4083);
	free(m->nodes);
	free(m);
}

/* ---- lowmem_reserve ---- */

static void test_lowmem_reserve(void)
{
	struct alloc_machine *m = mk_four_zones();
	const struct zone *dma, *dma32, *normal, *movable;
	int zt, j;

	/* stale values everywhere: wmark_setup must rewrite every entry */
	for (zt = 0; zt < NR_ZONE_TYPES; zt++)
		for (j = 0; j < NR_ZONE_TYPES; j++)
			zone_of(m, 0, zt)->lowmem_reserve[j] = 777;
	set_fixed_min_free(m, 1024);
	wmark_setup(m);
	dma = zone_of(m, 0, ZONE_DMA);
	dma32 = zone_of(m, 0, ZONE_DMA32);
	normal = zone_of(m, 0, ZONE_NORMAL);
	movable = zone_of(m, 0, ZONE_MOVABLE);

	TEST_BEGIN("lowmem_reserve/dma_over_empty_dma32");
	/*
	 * DMA (ratio 256): [1] = DMA32 0 / 256 = 0;
	 * [2] = (0 + 100000) / 256 = 390 - the empty DMA32 in between does
	 * not stop the sum; [3] = (0 + 100000 + 3200) / 256 = 403.
	 */
	EXPECT_EQ(dma->lowmem_reserve[ZONE_DMA], 0);
	EXPECT_EQ(dma->lowmem_reserve[ZONE_DMA32], 0);
	EXPECT_EQ(dma->lowmem_reserve[ZONE_NORMAL], 390);
	EXPECT_EQ(dma->lowmem_reserve[ZONE_MOVABLE], 403);

	TEST_BEGIN("lowmem_reserve/empty_zone_protects_nothing");
	/* DMA32 has no managed pages: its whole row is 0. */
	for (j = 0; j < NR_ZONE_TYPES; j++)
		EXPECT_EQ(dma32->lowmem_reserve[j], 0);

	TEST_BEGIN("lowmem_reserve/normal_and_movable");
	/* Normal (ratio 32): [3] = 3200 / 32 = 100; [0..2] = 0 (j <= i). */
	EXPECT_EQ(normal->lowmem_reserve[ZONE_DMA], 0);
	EXPECT_EQ(normal->lowmem_reserve[ZONE_DMA32], 0);
	EXPECT_EQ(normal->lowmem_reserve[ZONE_NORMAL], 0);
	EXPECT_EQ(normal->lowmem_reserve[ZONE_MOVABLE], 100);
	/* Movable is the top zone: nothing above it. */
	for (j = 0; j < NR_ZONE_TYPES; j++)
		EXPECT_EQ(movable->lowmem_reserve[j], 0);

	TEST_BEGIN("lowmem_reserve/per_node");
	/*
	 * Node 1 with only Normal 64000 and Movable 6400: Normal[3] = 6400/32
	 * = 200, and node 0's rows do not see node 1's pages.
	 */
	m->cfg.nr_nodes = 2;
	set_managed(m, 1, ZONE_NORMAL, 64000);
	set_managed(m, 1, ZONE_MOVABLE, 6400);
	wmark_setup(m);
	EXPECT_EQ(zone_of(m, 1, ZONE_NORMAL)->lowmem_reserve[ZONE_MOVABLE], 200);
	EXPECT_EQ(zone_of(m, 0, ZONE_NORMAL)->lowmem_reserve[ZONE_MOVABLE], 100);
	EXPECT_EQ(zone_of(m, 0, ZONE_DMA)->lowmem_reserve[ZONE_MOVABLE], 403);
	free(m->nodes);
	free(m);
}

/* ---- wmark_ok ---- */

/* A Normal zone with lowmem_reserve[Movable] = 20 and no free blocks. */
static struct alloc_machine *mk_ok_machine(struct zone **zp)
{
	struct alloc_machine *m = mk_machine(1, 1, 10, 9);
	struct zone *z = zone_of(m, 0, ZONE_NORMAL);

	set_managed(m, 0, ZONE_NORMAL, 100000);
	z->lowmem_reserve[ZONE_MOVABLE] = 20;
	*zp = z;
	return m;
}

static void add_free_block(struct zone *z, unsigned int order, int mt)
{
	z->free_area[order].nr_free++;
	z->free_area[order].nr_free_mt[mt]++;
}

static void test_wmark_ok_order0(void)
{
	struct zone *z;
	struct alloc_machine *m = mk_ok_machine(&z);

	TEST_BEGIN("wmark_ok/boundary");
	/* mark 100 + reserve 20: free 120 is not above it, 121 is */
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE, 0, 120));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, 0, 121));
	/* highest_zoneidx Normal picks lowmem_reserve[Normal] = 0 */
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_NORMAL, 0, 100));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_NORMAL, 0, 101));

	TEST_BEGIN("wmark_ok/zero_and_negative");
	EXPECT_TRUE(!wmark_ok(z, 0, 0, ZONE_NORMAL, 0, 0));
	EXPECT_TRUE(wmark_ok(z, 0, 0, ZONE_NORMAL, 0, 1));
	EXPECT_TRUE(!wmark_ok(z, 0, 0, ZONE_NORMAL, 0, -5));

	TEST_BEGIN("wmark_ok/huge_mark_does_not_wrap");
	/* ULONG_MAX - 5 + 20 would wrap to 14 in unsigned arithmetic */
	EXPECT_TRUE(!wmark_ok(z, 0, ~0UL - 5, ZONE_MOVABLE, 0, 1000));
	EXPECT_TRUE(!wmark_ok(z, 0, ~0UL, ZONE_NORMAL, ALLOC_OOM, 1L << 40));

	free(m->nodes);
	free(m);
}

static void test_wmark_ok_relaxations(void)
{
	struct zone *z;
	struct alloc_machine *m = mk_ok_machine(&z);

	TEST_BEGIN("wmark_ok/min_reserve");
	/* MIN_RESERVE: 100 - 50 = 50; + 20 -> 70 fails, 71 passes */
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_MIN_RESERVE, 70));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_MIN_RESERVE, 71));

	TEST_BEGIN("wmark_ok/min_reserve_non_block");
	/* then NON_BLOCK: 50 - 50/4 = 38; + 20 -> 58 fails, 59 passes */
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 58));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 59));

	TEST_BEGIN("wmark_ok/non_block_alone");
	/* NON_BLOCK without MIN_RESERVE (GFP_NOWAIT) keeps the full mark */
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_NON_BLOCK, 120));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_NON_BLOCK, 121));

	TEST_BEGIN("wmark_ok/oom");
	/* OOM alone: 100 - 50 = 50 -> 70 / 71 */
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_OOM, 70));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_OOM, 71));
	/* OOM compounds (v6.3+): 100 -> 50 -> 38 -> 38 - 19 = 19; + 20 -> 39 / 40 */
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE,
			      ALLOC_OOM | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 39));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE,
			     ALLOC_OOM | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 40));

	free(m->nodes);
	free(m);
}

static void test_wmark_ok_highatomic_reserve(void)
{
	struct zone *z;
	struct alloc_machine *m = mk_ok_machine(&z);

	TEST_BEGIN("wmark_ok/highatomic_subtracted");
	/* 30 pages in highatomic reserve: unusable without ALLOC_RESERVES */
	z->nr_reserved_highatomic = 30;
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE, 0, 150));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, 0, 151));
	EXPECT_TRUE(!wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_CPUSET | ALLOC_KSWAPD, 150));

	TEST_BEGIN("wmark_ok/highatomic_kept_for_reserves");
	/* any ALLOC_RESERVES flag counts the reserve: NON_BLOCK alone, 121 passes */
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_NON_BLOCK, 121));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_HIGHATOMIC, 121));
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, ALLOC_MIN_RESERVE, 71));
	free(m->nodes);
	free(m);
}

static void test_wmark_ok_high_order(void)
{
	struct zone *z;
	struct alloc_machine *m = mk_ok_machine(&z);

	TEST_BEGIN("wmark_ok/order_needs_block");
	/* plenty of free pages but no block of order >= 2 anywhere */
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, 0, 100000));
	add_free_block(z, 1, MIGRATE_MOVABLE);
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, 0, 100000));
	/* an order-5 Unmovable block serves an order-2 request */
	add_free_block(z, 5, MIGRATE_UNMOVABLE);
	EXPECT_TRUE(wmark_ok(z, 2, 100, ZONE_MOVABLE, 0, 100000));
	/* and an order-0 request never looks at blocks */
	EXPECT_TRUE(wmark_ok(z, 0, 100, ZONE_MOVABLE, 0, 100000));

	TEST_BEGIN("wmark_ok/order_subtracts_tail");
	/* order 1: free - 1 must exceed 120 -> 121 fails, 122 passes */
	EXPECT_TRUE(!wmark_ok(z, 1, 100, ZONE_MOVABLE, 0, 121));
	EXPECT_TRUE(wmark_ok(z, 1, 100, ZONE_MOVABLE, 0, 122));
	/* order 3: free - 7 -> 127 fails, 128 passes */
	EXPECT_TRUE(!wmark_ok(z, 3, 100, ZONE_MOVABLE, 0, 127));
	EXPECT_TRUE(wmark_ok(z, 3, 100, ZONE_MOVABLE, 0, 128));
	/* order 6: above every free block (orders 1 and 5) */
	EXPECT_TRUE(!wmark_ok(z, 6, 100, ZONE_MOVABLE, 0, 100000));
	free(m->nodes);
	free(m);

	TEST_BEGIN("wmark_ok/max_order_block");
	m = mk_ok_machine(&z);
	add_free_block(z, 10, MIGRATE_RECLAIMABLE);
	EXPECT_TRUE(wmark_ok(z, 10, 100, ZONE_MOVABLE, 0, 100000));
	EXPECT_TRUE(wmark_ok(z, 4, 100, ZONE_MOVABLE, 0, 100000));
	free(m->nodes);
	free(m);

	TEST_BEGIN("wmark_ok/highatomic_list");
	/* only a HighAtomic block: usable with ALLOC_HIGHATOMIC or ALLOC_OOM */
	m = mk_ok_machine(&z);
	add_free_block(z, 3, MIGRATE_HIGHATOMIC);
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, 0, 100000));
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 100000));
	EXPECT_TRUE(wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_HIGHATOMIC, 100000));
	EXPECT_TRUE(wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_OOM, 100000));
	free(m->nodes);
	free(m);

	TEST_BEGIN("wmark_ok/cma_and_isolate_lists");
	/* CMA (no ALLOC_CMA support modelled) and Isolate blocks never count */
	m = mk_ok_machine(&z);
	add_free_block(z, 4, MIGRATE_CMA);
	add_free_block(z, 4, MIGRATE_ISOLATE);
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_CMA | ALLOC_HIGHATOMIC | ALLOC_OOM,
			      100000));
	free(m->nodes);
	free(m);
}

/* ---- wmark_check ---- */

#define MAX_SEEN 64
struct seen {
	const char *ids[MAX_SEEN];
	unsigned int nr;
};

static void collect(void *arg, const struct alloc_violation *v)
{
	struct seen *s = arg;

	if (s->nr < MAX_SEEN)
		s->ids[s->nr++] = v->id;
}

static unsigned int run_check(struct alloc_machine *m, struct seen *s, unsigned int limit)
{
	struct check_ctx ctx = { .fn = collect, .arg = s, .count = 0, .limit = limit };
	unsigned int n;

	memset(s, 0, sizeof(*s));
	n = wmark_check(m, &ctx);
	EXPECT_EQ(n, ctx.count);
	return n;
}

static unsigned int count_id(const struct seen *s, const char *id)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nr; i++)
		n += strcmp(s->ids[i], id) == 0;
	return n;
}

static void test_wmark_check(void)
{
	struct alloc_machine *m = mk_four_zones();
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL);
	struct seen s;
	unsigned long saved;

	set_fixed_min_free(m, 1024);
	wmark_setup(m);

	TEST_BEGIN("wmark_check/clean");
	EXPECT_EQ(run_check(m, &s, 0), 0);

	TEST_BEGIN("wmark_check/corrupt_low");
	saved = normal->wmark[WMARK_LOW];
	normal->wmark[WMARK_LOW] = saved + 1;	/* 339, still <= high 438 */
	EXPECT_EQ(run_check(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "wmark.low"), 1);
	normal->wmark[WMARK_LOW] = saved;

	TEST_BEGIN("wmark_check/corrupt_min");
	normal->wmark[WMARK_MIN] = 237;
	EXPECT_EQ(run_check(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "wmark.min"), 1);
	normal->wmark[WMARK_MIN] = 238;

	TEST_BEGIN("wmark_check/order");
	/* high 300 < low 338: a wrong value and a broken order */
	normal->wmark[WMARK_HIGH] = 300;
	EXPECT_EQ(run_check(m, &s, 0), 2);
	EXPECT_EQ(count_id(&s, "wmark.high"), 2);
	normal->wmark[WMARK_HIGH] = 438;

	TEST_BEGIN("wmark_check/corrupt_lowmem_reserve");
	zone_of(m, 0, ZONE_DMA)->lowmem_reserve[ZONE_NORMAL] = 391;
	zone_of(m, 0, ZONE_MOVABLE)->lowmem_reserve[ZONE_DMA] = 1;
	EXPECT_EQ(run_check(m, &s, 0), 2);
	EXPECT_EQ(count_id(&s, "wmark.lowmem_reserve"), 2);
	zone_of(m, 0, ZONE_DMA)->lowmem_reserve[ZONE_NORMAL] = 390;
	zone_of(m, 0, ZONE_MOVABLE)->lowmem_reserve[ZONE_DMA] = 0;
	EXPECT_EQ(run_check(m, &s, 0), 0);

	free(m->nodes);
	free(m);
}

static void test_wmark_check_stale_and_limit(void)
{
	struct alloc_machine *m = mk_four_zones();
	struct zone *normal = zone_of(m, 0, ZONE_NORMAL);
	struct seen s;

	set_fixed_min_free(m, 1024);
	wmark_setup(m);

	TEST_BEGIN("wmark_check/stale_after_managed_change");
	/*
	 * Normal grows to 200000 without wmark_setup(): every zone's share
	 * and the protection above DMA change, so the check must complain;
	 * after wmark_setup() it is clean again.
	 */
	set_managed(m, 0, ZONE_NORMAL, 200000);
	EXPECT_GT(run_check(m, &s, 0), 0);
	EXPECT_GT(count_id(&s, "wmark.min"), 0);
	EXPECT_GT(count_id(&s, "wmark.lowmem_reserve"), 0);
	wmark_setup(m);
	EXPECT_EQ(run_check(m, &s, 0), 0);

	TEST_BEGIN("wmark_check/limit");
	normal->wmark[WMARK_MIN]++;
	normal->wmark[WMARK_LOW]++;
	normal->wmark[WMARK_HIGH]++;
	EXPECT_EQ(run_check(m, &s, 1), 1);
	EXPECT_EQ(s.nr, 1);
	EXPECT_EQ(run_check(m, &s, 0), 3);
	free(m->nodes);
	free(m);
}

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

	free(m->nodes);
	free(m);
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

	free(m->nodes);
	free(m);
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
	free(m->nodes);
	free(m);
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
	free(m->nodes);
	free(m);
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
	free(f.m->nodes);
	free(f.m);
}

int main(void)
{
	test_wmarks_known_sizes();
	test_wmarks_nodes_and_edges();
	test_min_free_auto();
	test_lowmem_reserve();
	test_wmark_ok_order0();
	test_wmark_ok_relaxations();
	test_wmark_ok_highatomic_reserve();
	test_wmark_ok_high_order();
	test_wmark_check();
	test_wmark_check_stale_and_limit();
	test_dump_names();
	test_dump_buddyinfo_zoneinfo();
	test_dump_free_areas();
	test_dump_second_node();
	test_dump_pagetypeinfo();
	test_dump_pagetypeinfo_unaligned();
	return test_main_end();
}
