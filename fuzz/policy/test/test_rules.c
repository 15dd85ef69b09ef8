/* SPDX-License-Identifier: MIT */
/*
 * test_rules.c - the policy judge's rule functions (rules.h) against the
 * numbers Linux gives: watermarks, lowmem_reserve, per-cpu sizing,
 * zonelists, fallback sources, __zone_watermark_ok().  The judge's checks
 * through a fake port are in test_policy.c and test_policy_compact.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pagefuzz/vocab.h>
#include "fuzz/policy/rules.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;
/* ---- the rule functions against Linux's numbers ---- */

static void test_rule_numbers(void)
{
	struct pol_machine m;
	static struct pol_zone zones[POL_MAX_NODES][POL_NR_ZONES];
	unsigned long w[3], r[4];
	const unsigned long managed[4] = { 3977, 1044480, 3145728, 0 };

	TEST_BEGIN("rules/numbers");
	EXPECT_EQ(pol_int_sqrt(67108864), 8192);
	EXPECT_EQ(pol_int_sqrt(99), 9);
	/* 4 GiB of lowmem: sqrt(4194304 KiB * 16) = 8192 KiB */
	EXPECT_EQ(pol_calculate_min_free_kbytes(1UL << 20), 8192);
	EXPECT_EQ(pol_calculate_min_free_kbytes(100), 128);
	EXPECT_EQ(pol_calculate_min_free_kbytes(1UL << 34), 262144);
	/* zone_batchsize(): 63 for a zone of 1 GiB or more, 1 for a tiny one */
	EXPECT_EQ(pol_zone_batchsize(262144), 63);
	EXPECT_EQ(pol_zone_batchsize(16384), 3);
	EXPECT_EQ(pol_zone_batchsize(100), 1);
	EXPECT_EQ(pol_zone_highsize(1000, 2, 4, 63), 500);
	EXPECT_EQ(pol_zone_highsize(1000, 0, 4, 7), 250);
	EXPECT_EQ(pol_zone_highsize(100, 1, 1, 63), 252);
	EXPECT_EQ(pol_nr_pcp_free(186, 31), 31);
	EXPECT_EQ(pol_nr_pcp_free(40, 31), 9);
	EXPECT_EQ(pol_nr_pcp_free(8, 31), 1);
	EXPECT_EQ(pol_rmqueue_bulk_count(63, 3), 7);
	EXPECT_EQ(pol_rmqueue_bulk_count(3, 3), 2);
	EXPECT_EQ(pol_rmqueue_bulk_count(1, 0), 1);
	/* one zone holding all: 8192 KiB -> min 2048, step max(512, 1048) */
	pol_setup_per_zone_wmarks(8192, 1048576, 1048576, w);
	EXPECT_EQ(w[0], 2048);
	EXPECT_EQ(w[1], 2048 + 1048);
	EXPECT_EQ(w[2], 2048 + 2 * 1048);
	pol_setup_per_zone_lowmem_reserve(managed, 0, r);
	EXPECT_EQ(r[0], 0);
	EXPECT_EQ(r[1], 1044480 / 256);
	EXPECT_EQ(r[2], (1044480 + 3145728) / 256);
	EXPECT_EQ(r[3], (1044480 + 3145728) / 256);
	pol_setup_per_zone_lowmem_reserve(managed, 2, r);
	EXPECT_EQ(r[3], 0);
	/* gfp_to_alloc_flags() */
	EXPECT_EQ(pol_gfp_to_alloc_flags(GFPF_ATOMIC, 1),
		  POL_ALLOC_MIN_RESERVE | POL_ALLOC_KSWAPD | POL_ALLOC_NON_BLOCK |
		  POL_ALLOC_HIGHATOMIC);
	EXPECT_EQ(pol_gfp_to_alloc_flags(GFPF_KERNEL, 3), POL_ALLOC_CPUSET | POL_ALLOC_KSWAPD);
	EXPECT_EQ(pol_gfp_to_alloc_flags(GFPF_NOWAIT | GFPF_NOMEMALLOC, 2),
		  POL_ALLOC_CPUSET | POL_ALLOC_KSWAPD);
	EXPECT_TRUE(pol_gfp_pfmemalloc_allowed(GFPF_MEMALLOC));
	EXPECT_TRUE(!pol_gfp_pfmemalloc_allowed(GFPF_MEMALLOC | GFPF_NOMEMALLOC));
	memset(&m, 0, sizeof(m));
	memset(zones, 0, sizeof(zones));
	m.zones = zones;
	m.nr_nodes = 2;
	m.pageblock_order = 9;
	EXPECT_EQ(pol_gfp_migratetype(&m, GFPF_HIGHUSER_MOVABLE), POL_MOVABLE);
	EXPECT_EQ(pol_gfp_migratetype(&m, GFPF_RECLAIMABLE), POL_RECLAIMABLE);
	EXPECT_EQ(pol_gfp_migratetype(&m, GFPF_RECLAIMABLE | GFPF_MOVABLE), -1);
	EXPECT_EQ(pol_alloc_flags_nofragment(&m, 0, POL_NORMAL), 0);	/* no DMA32 on node 0 */
	m.zones[0][POL_DMA32].present = 1;
	EXPECT_EQ(pol_alloc_flags_nofragment(&m, 0, POL_NORMAL), POL_ALLOC_NOFRAGMENT);
	EXPECT_EQ(pol_alloc_flags_nofragment(&m, 0, POL_DMA32), 0);
	/* can_steal_fallback(): movable needs half a pageblock */
	EXPECT_TRUE(!pol_can_steal_fallback(&m, 3, POL_MOVABLE));
	EXPECT_TRUE(pol_can_steal_fallback(&m, 4, POL_MOVABLE));
	EXPECT_TRUE(pol_can_steal_fallback(&m, 0, POL_UNMOVABLE));
	EXPECT_TRUE(pol_can_steal_fallback(&m, 0, POL_RECLAIMABLE));
	m.mobility_disabled = true;
	EXPECT_EQ(pol_gfp_migratetype(&m, GFPF_MOVABLE), POL_UNMOVABLE);
}

static void test_zonelists(void)
{
	struct pol_machine m;
	static struct pol_zone zones[POL_MAX_NODES][POL_NR_ZONES];
	int n;

	TEST_BEGIN("rules/build_zonelists");
	memset(&m, 0, sizeof(m));
	memset(zones, 0, sizeof(zones));
	m.zones = zones;
	m.nr_nodes = 3;
	m.nr_cpus = 1;		/* node 0 has the cpu */
	for (n = 0; n < 3; n++)
		m.zones[n][POL_NORMAL].managed = 10;
	m.zones[0][POL_DMA32].managed = 10;
	pol_build_zonelists(&m);
	/* node 0: its own zones highest first, then 1, 2 */
	EXPECT_EQ(m.fallback[0].nr, 4);
	EXPECT_EQ(m.fallback[0].zone[0], POL_NORMAL);
	EXPECT_EQ(m.fallback[0].zone[1], POL_DMA32);
	EXPECT_EQ(m.fallback[0].nid[2], 1);
	EXPECT_EQ(m.fallback[0].nid[3], 2);
	/* node 2: node 1 (lower id, +1) and node 0 (lower id and cpus, +2) */
	EXPECT_EQ(m.fallback[2].nid[0], 2);
	EXPECT_EQ(m.fallback[2].nid[1], 1);
	EXPECT_EQ(m.fallback[2].nid[2], 0);
	EXPECT_EQ(m.thisnode[2].nr, 1);
	/* a nearer node wins over the id penalty */
	m.distance[2][0] = 15;
	pol_build_zonelists(&m);
	EXPECT_EQ(m.fallback[2].nid[1], 0);
}

static void test_fallback_source(void)
{
	struct pol_machine m;
	static struct pol_zone zones[POL_MAX_NODES][POL_NR_ZONES];
	struct pol_zone *z;
	struct pol_source_pred p;

	TEST_BEGIN("rules/rmqueue_source");
	memset(&m, 0, sizeof(m));
	memset(zones, 0, sizeof(zones));
	m.zones = zones;
	m.max_order = 10;
	m.pageblock_order = 9;
	m.pageblock_nr_pages = 512;
	z = &m.zones[0][0];
	z->nr_free[2][POL_UNMOVABLE] = 1;
	/* movable order 0: no own block; only a small foreign one; no claim */
	p = pol_rmqueue_source(&m, z, 0, 0, POL_MOVABLE, 0);
	EXPECT_EQ(p.src, POL_SRC_STEAL);
	EXPECT_EQ(p.fallback_mt, POL_UNMOVABLE);
	/* under NOFRAGMENT a sub-pageblock fallback is refused */
	EXPECT_TRUE(!pol_rmqueue_possible(&m, z, 0, POL_MOVABLE, POL_ALLOC_NOFRAGMENT));
	/* unmovable: may claim a small block's pageblock */
	z->nr_free[2][POL_UNMOVABLE] = 0;
	z->nr_free[2][POL_MOVABLE] = 1;
	p = pol_rmqueue_source(&m, z, 0, 0, POL_UNMOVABLE, 0);
	EXPECT_EQ(p.src, POL_SRC_MAYBE_CLAIM);
	EXPECT_EQ(p.fallback_mt, POL_MOVABLE);	/* if the claim fails: stolen */
	/* a whole foreign pageblock is always claimed */
	z->nr_free[10][POL_RECLAIMABLE] = 1;
	p = pol_rmqueue_source(&m, z, 0, 0, POL_UNMOVABLE, POL_ALLOC_NOFRAGMENT);
	EXPECT_EQ(p.src, POL_SRC_CLAIM);
	/* the reclaimable fallback of an unmovable request comes first */
	EXPECT_EQ(pol_find_suitable_fallback(z, 10, POL_UNMOVABLE), POL_RECLAIMABLE);
	/* an atomic order-1 request outside the pcp uses the reserve first */
	z->nr_free[3][POL_HIGHATOMIC] = 1;
	p = pol_rmqueue_source(&m, z, 0, 1, POL_UNMOVABLE, POL_ALLOC_HIGHATOMIC);
	EXPECT_EQ(p.src, POL_SRC_HIGHATOMIC);
	EXPECT_TRUE(pol_rmqueue_serves(&m, z, 0, 11 - 1, POL_MOVABLE, 0));
}

static void test_watermark_ok(void)
{
	struct pol_machine m;
	static struct pol_zone zones[POL_MAX_NODES][POL_NR_ZONES];
	struct pol_zone *z;

	TEST_BEGIN("rules/zone_watermark_ok");
	memset(&m, 0, sizeof(m));
	memset(zones, 0, sizeof(zones));
	m.zones = zones;
	m.max_order = 10;
	z = &m.zones[0][0];
	z->nr_free[0][POL_MOVABLE] = 100;
	z->free_pages = 100;
	EXPECT_TRUE(pol_zone_watermark_ok(&m, z, 0, 99, 0, 0, 100));
	EXPECT_TRUE(!pol_zone_watermark_ok(&m, z, 0, 100, 0, 0, 100));	/* at the mark: fails */
	EXPECT_TRUE(pol_zone_watermark_ok(&m, z, 0, 150, 0, POL_ALLOC_MIN_RESERVE, 100));
	z->nr_reserved_highatomic = 10;
	EXPECT_TRUE(!pol_zone_watermark_ok(&m, z, 0, 90, 0, 0, 100));
	EXPECT_TRUE(pol_zone_watermark_ok(&m, z, 0, 90, 0, POL_ALLOC_HIGHATOMIC, 100));
	EXPECT_TRUE(!pol_zone_watermark_ok(&m, z, 1, 10, 0, POL_ALLOC_HIGHATOMIC, 100));
	z->nr_free[1][POL_HIGHATOMIC] = 1;
	EXPECT_TRUE(pol_zone_watermark_ok(&m, z, 1, 10, 0, POL_ALLOC_HIGHATOMIC, 100));
	EXPECT_TRUE(!pol_zone_watermark_ok(&m, z, 1, 10, 0, 0, 100));
	z->lowmem_reserve[2] = 50;
	EXPECT_TRUE(!pol_zone_watermark_fast(&m, z, 0, 45, 2, 0));
	EXPECT_TRUE(pol_zone_watermark_fast(&m, z, 0, 45, 0, 0));
}

/* compaction's decisions (compaction.c) on one zone: min 100, low 125, pageblock order 9 */
static void test_compaction(void)
{
	struct pol_machine m;
	static struct pol_zone zones[POL_MAX_NODES][POL_NR_ZONES];
	struct pol_zone *z;

	TEST_BEGIN("rules/compaction");
	memset(&m, 0, sizeof(m));
	memset(zones, 0, sizeof(zones));
	m.zones = zones;
	m.max_order = 10;
	m.pageblock_order = 9;
	m.pageblock_nr_pages = 512;
	z = &m.zones[0][POL_NORMAL];
	z->idx = POL_NORMAL;
	z->wmark[0] = 100;
	z->wmark[1] = 125;
	z->wmark[2] = 150;
	/* __fragmentation_index(): no free block at all is "lack of memory" */
	EXPECT_EQ(pol_fragmentation_index(&m, z, 4, true), 0);
	/* four order-3 blocks: 1000 - (1000 + 32000 / 16) / 4 = 250 */
	z->nr_free[3][POL_MOVABLE] = 4;
	EXPECT_EQ(pol_fragmentation_index(&m, z, 4, true), 250);
	/* a hundred single pages: 1000 - (1000 + 6250) / 100 = 928 */
	z->nr_free[3][POL_MOVABLE] = 0;
	z->nr_free[0][POL_UNMOVABLE] = 100;
	EXPECT_EQ(pol_fragmentation_index(&m, z, 4, true), 928);
	/* a free block of the order on any list: -1000; an isolated one only for Linux */
	z->nr_free[6][POL_HIGHATOMIC] = 1;
	EXPECT_EQ(pol_fragmentation_index(&m, z, 4, true), -1000);
	z->nr_free[6][POL_HIGHATOMIC] = 0;
	z->nr_free[4][POL_ISOLATE] = 1;
	EXPECT_EQ(pol_fragmentation_index(&m, z, 4, true), -1000);
	EXPECT_EQ(pol_fragmentation_index(&m, z, 4, false), 928);
	z->nr_free[4][POL_ISOLATE] = 0;
	z->nr_free[0][POL_UNMOVABLE] = 0;

	/* __compaction_suitable(): costly orders at low + 2 << order, others at min */
	z->free_pages = 158;
	EXPECT_TRUE(pol_compaction_suitable(&m, z, 4));
	z->free_pages = 157;
	EXPECT_TRUE(!pol_compaction_suitable(&m, z, 4));
	z->free_pages = 109;
	EXPECT_TRUE(pol_compaction_suitable(&m, z, 2));
	z->free_pages = 108;
	EXPECT_TRUE(!pol_compaction_suitable(&m, z, 2));
	z->free_pages = 158;
	z->nr_reserved_highatomic = 1;	/* not free to compaction */
	EXPECT_TRUE(!pol_compaction_suitable(&m, z, 4));
	z->nr_reserved_highatomic = 0;

	/* __compact_finished(): the own list, or a fallback it may steal */
	EXPECT_TRUE(!pol_compact_finished(&m, z, 2, POL_MOVABLE));
	z->nr_free[3][POL_UNMOVABLE] = 1;	/* order 3 < pageblock_order / 2: no steal */
	EXPECT_TRUE(!pol_compact_finished(&m, z, 2, POL_MOVABLE));
	EXPECT_TRUE(pol_compact_finished(&m, z, 2, POL_RECLAIMABLE));
	z->nr_free[5][POL_UNMOVABLE] = 1;
	EXPECT_TRUE(pol_compact_finished(&m, z, 2, POL_MOVABLE));
	z->nr_free[3][POL_UNMOVABLE] = z->nr_free[5][POL_UNMOVABLE] = 0;
	z->nr_free[5][POL_HIGHATOMIC] = 1;	/* never a compaction target list */
	EXPECT_TRUE(!pol_compact_finished(&m, z, 2, POL_MOVABLE));
	z->nr_free[5][POL_HIGHATOMIC] = 0;
	z->nr_free[2][POL_MOVABLE] = 1;
	EXPECT_TRUE(pol_compact_finished(&m, z, 2, POL_MOVABLE));
	z->nr_free[2][POL_MOVABLE] = 0;

	/* compact_zone()'s start */
	z->nr_free[0][POL_MOVABLE] = 100;
	z->free_pages = 100;
	EXPECT_EQ(pol_compact_zone(&m, z, 4, POL_MOVABLE), POL_COMPACT_SKIPPED);
	z->nr_free[0][POL_MOVABLE] = 400;
	z->free_pages = 400;	/* index 1000 - 26000 / 400 = 935: fragmented */
	EXPECT_EQ(pol_compact_zone(&m, z, 4, POL_MOVABLE), POL_COMPACT_CONTINUE);
	z->nr_free[0][POL_MOVABLE] = 0;
	z->nr_free[3][POL_MOVABLE] = 24;
	z->free_pages = 192;	/* index 1000 - 13000 / 24 = 459: not fragmented enough */
	EXPECT_EQ(pol_fragmentation_index(&m, z, 4, true), 459);
	EXPECT_EQ(pol_compact_zone(&m, z, 4, POL_MOVABLE), POL_COMPACT_NOT_SUITABLE);
	EXPECT_EQ(pol_compact_zone(&m, z, 3, POL_MOVABLE), POL_COMPACT_SUCCESS);
	/* non-costly orders ignore the index */
	z->nr_free[3][POL_MOVABLE] = 0;
	z->nr_free[2][POL_MOVABLE] = 48;
	EXPECT_EQ(pol_compact_zone(&m, z, 3, POL_MOVABLE), POL_COMPACT_CONTINUE);
	/* an isolated free order-4 block: Linux runs, the model would not (rules.h) */
	z->nr_free[2][POL_MOVABLE] = 0;
	z->nr_free[3][POL_MOVABLE] = 24;
	z->nr_free[4][POL_ISOLATE] = 1;
	EXPECT_EQ(pol_compact_zone(&m, z, 4, POL_MOVABLE), POL_COMPACT_UNDECIDED);
	z->nr_free[4][POL_ISOLATE] = 0;
	z->nr_free[5][POL_MOVABLE] = 1;
	EXPECT_EQ(pol_compact_zone(&m, z, 4, POL_MOVABLE), POL_COMPACT_SUCCESS);

	/* the scanners, the target pageblock, the orders that stay */
	EXPECT_TRUE(pol_compact_scanners_order(&m, 0x100, 0x300));
	EXPECT_TRUE(!pol_compact_scanners_order(&m, 0x300, 0x310));
	EXPECT_TRUE(!pol_compact_scanners_order(&m, 0x400, 0x300));
	EXPECT_TRUE(pol_suitable_migration_target(POL_MOVABLE));
	EXPECT_TRUE(pol_suitable_migration_target(POL_CMA));
	EXPECT_TRUE(!pol_suitable_migration_target(POL_UNMOVABLE));
	EXPECT_TRUE(!pol_suitable_migration_target(POL_ISOLATE));
	EXPECT_TRUE(!pol_skip_isolation_on_order(&m, 3, 4));
	EXPECT_TRUE(pol_skip_isolation_on_order(&m, 4, 4));
	EXPECT_TRUE(pol_skip_isolation_on_order(&m, 9, 10));
	EXPECT_TRUE(!pol_skip_isolation_on_order(&m, 8, 10));
}

int main(void)
{
	test_rule_numbers();
	test_zonelists();
	test_fallback_source();
	test_watermark_ok();
	test_compaction();
	return test_main_end();
}
