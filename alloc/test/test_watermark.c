// SPDX-License-Identifier: MIT
/*
 * test_watermark.c - watermark.c: min/low/high, min_free_kbytes,
 * lowmem_reserve, wmark_ok, wmark_check.
 *
 * Machines are built by hand: a zeroed struct alloc_machine with the
 * counters each test needs, no boot.  Every expected number is worked out
 * in the comment next to it, from the kernel formulas in watermark.c's
 * header, so a test fails when the behaviour it names changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"
#include "machine_fixture.h"

TEST_STATE_DEFINE;

/* ---- hand-built machines ---- */

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

	free_machine(m);
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
	free_machine(m);

	TEST_BEGIN("wmarks/no_memory");
	/* lowmem_pages == 0 must not divide by zero: everything stays 0. */
	m = mk_machine(1, 1, 10, 9);
	set_fixed_min_free(m, 1024);
	wmark_setup(m);
	EXPECT_WMARKS(zone_of(m, 0, ZONE_NORMAL), 0, 0, 0);
	free_machine(m);
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
	free_machine(m);
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
	free_machine(m);

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
	free_machine(m);
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
	free_machine(m);
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

	free_machine(m);
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

	free_machine(m);
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
	free_machine(m);
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
	free_machine(m);

	TEST_BEGIN("wmark_ok/max_order_block");
	m = mk_ok_machine(&z);
	add_free_block(z, 10, MIGRATE_RECLAIMABLE);
	EXPECT_TRUE(wmark_ok(z, 10, 100, ZONE_MOVABLE, 0, 100000));
	EXPECT_TRUE(wmark_ok(z, 4, 100, ZONE_MOVABLE, 0, 100000));
	free_machine(m);

	TEST_BEGIN("wmark_ok/highatomic_list");
	/* only a HighAtomic block: usable with ALLOC_HIGHATOMIC or ALLOC_OOM */
	m = mk_ok_machine(&z);
	add_free_block(z, 3, MIGRATE_HIGHATOMIC);
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, 0, 100000));
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, 100000));
	EXPECT_TRUE(wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_HIGHATOMIC, 100000));
	EXPECT_TRUE(wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_OOM, 100000));
	free_machine(m);

	TEST_BEGIN("wmark_ok/cma_and_isolate_lists");
	/* CMA (no ALLOC_CMA support modelled) and Isolate blocks never count */
	m = mk_ok_machine(&z);
	add_free_block(z, 4, MIGRATE_CMA);
	add_free_block(z, 4, MIGRATE_ISOLATE);
	EXPECT_TRUE(!wmark_ok(z, 2, 100, ZONE_MOVABLE, ALLOC_CMA | ALLOC_HIGHATOMIC | ALLOC_OOM,
			      100000));
	free_machine(m);
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

	free_machine(m);
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
	free_machine(m);
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
	return test_main_end();
}
