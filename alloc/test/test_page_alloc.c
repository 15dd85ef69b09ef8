// SPDX-License-Identifier: MIT
/*
 * test_page_alloc.c - the allocation and free paths (page_alloc.c) and
 * the machine's contract around them (machine.c, mm_init.c's alloc_boot):
 * phase errors, invalid arguments that change nothing, maps that cannot
 * boot and boot once fixed, alloc_pfn_info() for every pfn state, the
 * gfp_zone()/gfp_migratetype() tables, the zone a request lands in, and
 * the highatomic reserve: taken by a high-order atomic request on the
 * slow path, used by the next one, given back when an
 * ALLOC_NO_WATERMARKS request finds nothing else.
 *
 * Each test builds its own machine through alloc.h and destroys it; the
 * checker must be silent on every machine a test leaves behind.  internal.h
 * is used only to read gfp_zone()/gfp_migratetype() and memblock counts.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

/* ---- machines ---- */

struct layout {
	unsigned int max_order, pageblock_order, nr_cpus, nr_nodes;
	unsigned int pcp_high, pcp_batch;
	unsigned long min_free_kbytes;
	unsigned long zones[3];		/* max_zone_pfn[] */
	long movable;			/* ZONE_MOVABLE start pfn, or -1 */
};

static struct alloc_machine *create(const struct layout *l)
{
	struct alloc_config cfg;
	struct alloc_machine *m;

	alloc_config_default(&cfg);
	cfg.max_order = l->max_order;
	cfg.pageblock_order = l->pageblock_order;
	cfg.nr_cpus = l->nr_cpus;
	cfg.nr_nodes = l->nr_nodes;
	cfg.pcp_auto = false;
	cfg.pcp_high = l->pcp_high;
	cfg.pcp_batch = l->pcp_batch;
	cfg.min_free_auto = false;
	cfg.min_free_kbytes = l->min_free_kbytes;
	if (alloc_create(&cfg, &m)) {
		fprintf(stderr, "alloc_create refused a test layout\n");
		exit(2);
	}
	return m;
}

/* Boot with the layout's zones; the memory must already be added. */
static void boot(struct alloc_machine *m, const struct layout *l)
{
	EXPECT_EQ(alloc_set_zones(m, l->zones, l->movable >= 0,
				  l->movable >= 0 ? (unsigned long)l->movable : 0), 0);
	EXPECT_EQ(alloc_boot(m), 0);
	if (!alloc_is_booted(m)) {
		fprintf(stderr, "cannot boot the test machine\n");
		exit(2);
	}
}

static void add_pages(struct alloc_machine *m, unsigned long start_pfn, unsigned long nr_pages,
		      int nid)
{
	EXPECT_EQ(alloc_memblock_add(m, (uint64_t)start_pfn * PAGE_SIZE,
				     (uint64_t)nr_pages * PAGE_SIZE, nid), 0);
}

static unsigned long total_free(const struct alloc_machine *m)
{
	struct alloc_config cfg;
	struct alloc_zone_info zi;
	unsigned long sum = 0;
	int nid, zt;

	alloc_get_config(m, &cfg);
	for (nid = 0; nid < (int)cfg.nr_nodes; nid++)
		for (zt = 0; zt < NR_ZONE_TYPES; zt++)
			if (!alloc_zone_info(m, nid, (enum zone_type)zt, &zi))
				sum += zi.free_pages + zi.pcp_pages + zi.isolated_free;
	return sum;
}

static struct alloc_zone_info zone_info(const struct alloc_machine *m, int nid, int zt)
{
	struct alloc_zone_info zi;

	EXPECT_EQ(alloc_zone_info(m, nid, (enum zone_type)zt, &zi), 0);
	return zi;
}

static void expect_clean(struct alloc_machine *m)
{
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
}

/* 64 pages of Normal, orders 0..4, pageblocks of 4, no pcp, all marks 0. */
static const struct layout small = {
	.max_order = 4, .pageblock_order = 2, .nr_cpus = 1, .nr_nodes = 1,
	.pcp_high = 0, .pcp_batch = 1, .min_free_kbytes = 0,
	.zones = { 0, 0, 64 }, .movable = -1,
};

static struct alloc_machine *boot_small(void)
{
	struct alloc_machine *m = create(&small);

	add_pages(m, 0, 64, 0);
	boot(m, &small);
	return m;
}

/* ---- phases ---- */

static void test_phase_errors(void)
{
	struct alloc_machine *m = create(&small);
	struct alloc_pfn_info pi;
	unsigned long pfn = 123;
	uint64_t addr;

	TEST_BEGIN("phase/run_op_before_boot");
	EXPECT_TRUE(!alloc_is_booted(m));
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_ESTATE);
	EXPECT_EQ(pfn, 123);
	EXPECT_EQ(alloc_free_pages(m, 0, 0, 0), ALLOC_ESTATE);
	EXPECT_EQ(alloc_drain(m, -1), ALLOC_ESTATE);
	EXPECT_EQ(alloc_compact(m, 0, ZONE_NORMAL, 0), ALLOC_ESTATE);
	EXPECT_EQ(alloc_isolate(m, 0, 1), ALLOC_ESTATE);
	EXPECT_EQ(alloc_unisolate(m, 0, 1), ALLOC_ESTATE);
	EXPECT_EQ(alloc_contig(m, 0, 1), ALLOC_ESTATE);
	alloc_pfn_info(m, 0, &pi);
	EXPECT_EQ(pi.state, PFN_OUTSIDE);

	TEST_BEGIN("phase/boot_op_after_boot");
	add_pages(m, 0, 64, 0);
	boot(m, &small);
	EXPECT_EQ(alloc_memblock_add(m, 0x100000, 0x1000, 0), ALLOC_ESTATE);
	EXPECT_EQ(alloc_memblock_reserve(m, 0, 0x1000), ALLOC_ESTATE);
	EXPECT_EQ(alloc_memblock_remove(m, 0, 0x1000), ALLOC_ESTATE);
	EXPECT_EQ(alloc_memblock_free(m, 0, 0x1000), ALLOC_ESTATE);
	EXPECT_EQ(alloc_memblock_alloc(m, 0x1000, 0x1000, NUMA_NO_NODE, 0, 0, false, &addr),
		  ALLOC_ESTATE);
	EXPECT_EQ(alloc_set_zones(m, small.zones, false, 0), ALLOC_ESTATE);
	EXPECT_EQ(alloc_memblock(m)->memory.cnt, 1);
	EXPECT_EQ(alloc_memblock(m)->memory.total_size, 64 * PAGE_SIZE);
	EXPECT_EQ(alloc_memblock(m)->reserved.cnt, 0);

	TEST_BEGIN("phase/double_boot");
	EXPECT_EQ(alloc_boot(m), ALLOC_ESTATE);
	EXPECT_TRUE(alloc_is_booted(m));
	EXPECT_EQ(total_free(m), 64);
	expect_clean(m);

	TEST_BEGIN("phase/strerror");
	EXPECT_STREQ(alloc_strerror(ALLOC_ESTATE), "wrong phase");
	EXPECT_STREQ(alloc_strerror(ALLOC_EINVAL), "invalid argument");
	EXPECT_STREQ(alloc_strerror(42), "unknown error");
	alloc_destroy(m);
}

/* ---- invalid arguments: rejected, nothing changes ---- */

static void test_bad_config(void)
{
	struct alloc_config cfg;
	struct alloc_machine *m;

	TEST_BEGIN("args/config");
	alloc_config_default(&cfg);
	cfg.max_order = ALLOC_MAX_ORDER_LIMIT + 1;
	EXPECT_EQ(alloc_create(&cfg, &m), ALLOC_EINVAL);
	EXPECT_TRUE(m == NULL);
	alloc_config_default(&cfg);
	cfg.max_order = 4;
	cfg.pageblock_order = 5;
	EXPECT_EQ(alloc_create(&cfg, &m), ALLOC_EINVAL);
	alloc_config_default(&cfg);
	cfg.nr_cpus = 0;
	EXPECT_EQ(alloc_create(&cfg, &m), ALLOC_EINVAL);
	cfg.nr_cpus = ALLOC_MAX_CPUS + 1;
	EXPECT_EQ(alloc_create(&cfg, &m), ALLOC_EINVAL);
	alloc_config_default(&cfg);
	cfg.nr_nodes = ALLOC_MAX_NODES + 1;
	EXPECT_EQ(alloc_create(&cfg, &m), ALLOC_EINVAL);
	alloc_config_default(&cfg);
	cfg.pcp_auto = false;
	cfg.pcp_batch = 0;
	EXPECT_EQ(alloc_create(&cfg, &m), ALLOC_EINVAL);
}

static void test_bad_args(void)
{
	struct layout l = small;
	struct alloc_machine *m;
	struct alloc_zone_info zi;
	unsigned long pfn, before;
	uint64_t addr;

	l.nr_cpus = 2;
	l.nr_nodes = 2;
	l.zones[2] = 128;
	m = create(&l);

	TEST_BEGIN("args/memblock_nid");
	EXPECT_EQ(alloc_memblock_add(m, 0, 64 * PAGE_SIZE, 2), ALLOC_EINVAL);
	EXPECT_EQ(alloc_memblock_add(m, 0, 64 * PAGE_SIZE, -1), ALLOC_EINVAL);
	EXPECT_EQ(alloc_memblock_alloc(m, 0x1000, 0x1000, -2, 0, 0, false, &addr), ALLOC_EINVAL);
	EXPECT_EQ(alloc_memblock(m)->memory.cnt, 0);
	add_pages(m, 0, 64, 0);
	add_pages(m, 64, 64, 1);
	boot(m, &l);
	before = total_free(m);
	EXPECT_EQ(before, 128);

	TEST_BEGIN("args/alloc");
	pfn = 777;
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 5, 0, NUMA_NO_NODE, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 0, 2, NUMA_NO_NODE, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 0, 0, 2, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 0, 0, -2, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(alloc_pages(m, GFPF_DMA | GFPF_DMA32, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(alloc_pages(m, GFPF_DMA | GFPF_HIGHMEM, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE | GFPF_RECLAIMABLE, 0, 0, NUMA_NO_NODE, &pfn),
		  ALLOC_EINVAL);
	EXPECT_EQ(alloc_pages(m, GFPF_ALL + 1, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(pfn, 777);
	EXPECT_EQ(total_free(m), before);
	/* the edges of each range are accepted */
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE, 4, 1, 1, &pfn), 0);
	EXPECT_EQ(alloc_free_pages(m, pfn, 4, 1), 0);
	EXPECT_EQ(total_free(m), before);

	TEST_BEGIN("args/free_and_drain");
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE, 1, 0, 0, &pfn), 0);
	EXPECT_EQ(alloc_free_pages(m, pfn, 1, 2), ALLOC_EINVAL);	/* cpu */
	EXPECT_EQ(alloc_free_pages(m, pfn, 5, 0), ALLOC_EINVAL);	/* order > max */
	EXPECT_EQ(alloc_free_pages(m, pfn, 2, 0), ALLOC_EINVAL);	/* wrong order */
	EXPECT_EQ(alloc_free_pages(m, 128, 0, 0), ALLOC_EINVAL);	/* past the memmap */
	EXPECT_EQ(alloc_free_pages(m, pfn + 1, 0, 0), ALLOC_ENOENT);	/* inside it */
	EXPECT_EQ(total_free(m), before - 2);
	EXPECT_EQ(alloc_free_pages(m, pfn, 1, 0), 0);
	EXPECT_EQ(alloc_free_pages(m, pfn, 1, 0), ALLOC_ENOENT);	/* double free */
	EXPECT_EQ(alloc_drain(m, 2), ALLOC_EINVAL);
	EXPECT_EQ(alloc_drain(m, 1), 0);
	EXPECT_EQ(alloc_drain(m, -1), 0);
	EXPECT_EQ(total_free(m), before);

	TEST_BEGIN("args/zone_info");
	EXPECT_EQ(alloc_zone_info(m, 2, ZONE_NORMAL, &zi), ALLOC_EINVAL);
	EXPECT_EQ(alloc_zone_info(m, -1, ZONE_NORMAL, &zi), ALLOC_EINVAL);
	EXPECT_EQ(alloc_zone_info(m, 0, NR_ZONE_TYPES, &zi), ALLOC_EINVAL);
	EXPECT_EQ(alloc_zone_info(m, 1, ZONE_DMA, &zi), 0);	/* empty: spanned 0 */
	EXPECT_EQ(zi.spanned, 0);
	expect_clean(m);
	alloc_destroy(m);
}

/* ---- maps that cannot boot ---- */

static void test_impossible_maps(void)
{
	struct alloc_machine *m = create(&small);
	struct alloc_zone_info zi;
	uint64_t far = (uint64_t)ALLOC_PFN_LIMIT * PAGE_SIZE;

	TEST_BEGIN("map/no_memory");
	EXPECT_EQ(alloc_boot(m), ALLOC_EINVAL);
	EXPECT_TRUE(!alloc_is_booted(m));

	TEST_BEGIN("map/no_whole_page");
	EXPECT_EQ(alloc_memblock_add(m, 0x800, 0x800, 0), 0);	/* half a page */
	EXPECT_EQ(alloc_boot(m), ALLOC_EINVAL);
	EXPECT_TRUE(!alloc_is_booted(m));
	EXPECT_EQ(alloc_memblock_remove(m, 0x800, 0x800), 0);

	TEST_BEGIN("map/past_pfn_limit");
	add_pages(m, 0, 64, 0);
	EXPECT_EQ(alloc_memblock_add(m, far - PAGE_SIZE, 2 * PAGE_SIZE, 0), 0);
	EXPECT_EQ(alloc_boot(m), ALLOC_EINVAL);
	EXPECT_TRUE(!alloc_is_booted(m));
	/* still in the boot phase: fix the map and boot */
	EXPECT_EQ(alloc_memblock_remove(m, far - PAGE_SIZE, 2 * PAGE_SIZE), 0);
	boot(m, &small);
	zi = zone_info(m, 0, ZONE_NORMAL);
	EXPECT_EQ(zi.spanned, 64);
	EXPECT_EQ(zi.managed, 64);
	EXPECT_EQ(zi.free_pages, 64);
	expect_clean(m);
	alloc_destroy(m);
}

/* ---- alloc_pfn_info ---- */

/*
 * Pfns 0-48 and 64-80 with pfn 2 reserved, pcp high 8 / batch 4.  Boot frees
 * 0 o1, 3 o0, 4 o2, 8 o3, 16 o4, 32 o4, 64 o4.  An order-0 Movable request
 * refills 3, 0, 1, 4 (splitting 0 and 4: 5 o0 and 6 o1 stay free) and
 * takes 3; an order-4 request takes 16.
 */
static void test_pfn_info(void)
{
	struct layout l = small;
	struct alloc_machine *m;
	struct alloc_pfn_info pi;
	unsigned long a, b;

	l.pcp_high = 8;
	l.pcp_batch = 4;
	l.zones[2] = 80;
	m = create(&l);
	add_pages(m, 0, 48, 0);
	add_pages(m, 64, 16, 0);
	EXPECT_EQ(alloc_memblock_reserve(m, 2 * PAGE_SIZE, PAGE_SIZE), 0);
	boot(m, &l);
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE, 0, 0, NUMA_NO_NODE, &a), 0);
	EXPECT_EQ(a, 3);
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE, 4, 0, NUMA_NO_NODE, &b), 0);
	EXPECT_EQ(b, 16);

	TEST_BEGIN("pfn_info/outside");
	alloc_pfn_info(m, 80, &pi);
	EXPECT_EQ(pi.state, PFN_OUTSIDE);
	EXPECT_EQ(pi.zone, -1);
	EXPECT_EQ(pi.nid, -1);

	TEST_BEGIN("pfn_info/hole");
	alloc_pfn_info(m, 50, &pi);
	EXPECT_EQ(pi.state, PFN_HOLE);
	EXPECT_EQ(pi.list_mt, -1);

	TEST_BEGIN("pfn_info/reserved");
	alloc_pfn_info(m, 2, &pi);
	EXPECT_EQ(pi.state, PFN_RESERVED);
	EXPECT_EQ(pi.zone, ZONE_NORMAL);
	EXPECT_EQ(pi.nid, 0);
	EXPECT_EQ(pi.pageblock_mt, MIGRATE_MOVABLE);
	EXPECT_EQ(pi.list_mt, -1);

	TEST_BEGIN("pfn_info/allocated");
	alloc_pfn_info(m, 3, &pi);
	EXPECT_EQ(pi.state, PFN_ALLOCATED);
	EXPECT_EQ(pi.head_pfn, 3);
	EXPECT_EQ(pi.order, 0);
	alloc_pfn_info(m, 29, &pi);			/* inside b */
	EXPECT_EQ(pi.state, PFN_ALLOCATED);
	EXPECT_EQ(pi.head_pfn, 16);
	EXPECT_EQ(pi.order, 4);
	EXPECT_EQ(pi.cpu, -1);

	TEST_BEGIN("pfn_info/pcp");
	alloc_pfn_info(m, 4, &pi);
	EXPECT_EQ(pi.state, PFN_PCP);
	EXPECT_EQ(pi.head_pfn, 4);
	EXPECT_EQ(pi.cpu, 0);
	EXPECT_EQ(pi.list_mt, MIGRATE_MOVABLE);

	TEST_BEGIN("pfn_info/free");
	alloc_pfn_info(m, 7, &pi);			/* in the order-1 block at 6 */
	EXPECT_EQ(pi.state, PFN_FREE);
	EXPECT_EQ(pi.head_pfn, 6);
	EXPECT_EQ(pi.order, 1);
	EXPECT_EQ(pi.list_mt, MIGRATE_MOVABLE);
	EXPECT_EQ(pi.cpu, -1);
	alloc_pfn_info(m, 79, &pi);
	EXPECT_EQ(pi.state, PFN_FREE);
	EXPECT_EQ(pi.head_pfn, 64);
	EXPECT_EQ(pi.order, 4);

	TEST_BEGIN("pfn_info/after_drain");
	EXPECT_EQ(alloc_drain(m, -1), 0);		/* 0, 1, 4 go back: 0 o1 and 4 o2 */
	alloc_pfn_info(m, 4, &pi);
	EXPECT_EQ(pi.state, PFN_FREE);
	EXPECT_EQ(pi.head_pfn, 4);
	EXPECT_EQ(pi.order, 2);
	alloc_pfn_info(m, 1, &pi);
	EXPECT_EQ(pi.state, PFN_FREE);
	EXPECT_EQ(pi.head_pfn, 0);
	EXPECT_EQ(pi.order, 1);
	expect_clean(m);
	alloc_destroy(m);
}

/* ---- gfp tables ---- */

static void test_gfp_zone_table(void)
{
	/* index: DMA 1, HIGHMEM 2, DMA32 4, MOVABLE 8 (the kernel's GFP_ZONE_TABLE) */
	static const int want[16] = {
		[0] = ZONE_NORMAL,
		[GFPF_DMA] = ZONE_DMA,
		[GFPF_HIGHMEM] = ZONE_NORMAL,		/* no ZONE_HIGHMEM on 64-bit */
		[GFPF_DMA | GFPF_HIGHMEM] = -1,
		[GFPF_DMA32] = ZONE_DMA32,
		[GFPF_DMA | GFPF_DMA32] = -1,
		[GFPF_HIGHMEM | GFPF_DMA32] = -1,
		[GFPF_DMA | GFPF_HIGHMEM | GFPF_DMA32] = -1,
		[GFPF_MOVABLE] = ZONE_NORMAL,
		[GFPF_MOVABLE | GFPF_DMA] = ZONE_DMA,
		[GFPF_MOVABLE | GFPF_HIGHMEM] = ZONE_MOVABLE,
		[GFPF_MOVABLE | GFPF_DMA | GFPF_HIGHMEM] = -1,
		[GFPF_MOVABLE | GFPF_DMA32] = ZONE_DMA32,
		[GFPF_MOVABLE | GFPF_DMA | GFPF_DMA32] = -1,
		[GFPF_MOVABLE | GFPF_HIGHMEM | GFPF_DMA32] = -1,
		[GFPF_MOVABLE | GFPF_DMA | GFPF_HIGHMEM | GFPF_DMA32] = -1,
	};
	char name[64];
	uint32_t bits;

	for (bits = 0; bits < 16; bits++) {
		snprintf(name, sizeof(name), "gfp_zone/0x%x", bits);
		TEST_BEGIN(name);
		EXPECT_EQ(gfp_zone(bits), want[bits]);
		/* the other bits do not matter */
		EXPECT_EQ(gfp_zone(bits | GFP_KERNEL | GFPF_RECLAIMABLE | GFPF_THISNODE), want[bits]);
	}
}

/*
 * DMA [0,64), DMA32 [64,128), Normal [128,192), Movable [192,256): each
 * valid zone combination lands in its zone (the highest it may use has
 * free pages); each bad one is refused.
 */
static void test_gfp_zone_placement(void)
{
	static const struct { uint32_t gfp; int zone; } cases[] = {
		{ 0, ZONE_NORMAL },
		{ GFPF_DMA, ZONE_DMA },
		{ GFPF_HIGHMEM, ZONE_NORMAL },
		{ GFPF_DMA32, ZONE_DMA32 },
		{ GFPF_MOVABLE, ZONE_NORMAL },
		{ GFPF_MOVABLE | GFPF_DMA, ZONE_DMA },
		{ GFPF_MOVABLE | GFPF_HIGHMEM, ZONE_MOVABLE },
		{ GFPF_MOVABLE | GFPF_DMA32, ZONE_DMA32 },
		{ GFP_HIGHUSER_MOVABLE, ZONE_MOVABLE },
		{ GFP_KERNEL, ZONE_NORMAL },
		{ GFP_DMA, ZONE_DMA },
	};
	struct layout l = small;
	struct alloc_machine *m;
	struct alloc_pfn_info pi;
	unsigned long pfn;
	unsigned int i;

	l.zones[0] = 64;
	l.zones[1] = 128;
	l.zones[2] = 256;
	l.movable = 192;
	m = create(&l);
	add_pages(m, 0, 256, 0);
	boot(m, &l);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[64];

		snprintf(name, sizeof(name), "gfp_zone/lands_in/0x%x", cases[i].gfp);
		TEST_BEGIN(name);
		EXPECT_EQ(alloc_pages(m, cases[i].gfp, 0, 0, NUMA_NO_NODE, &pfn), 0);
		alloc_pfn_info(m, pfn, &pi);
		EXPECT_EQ(pi.zone, cases[i].zone);
		EXPECT_EQ(alloc_free_pages(m, pfn, 0, 0), 0);
	}
	TEST_BEGIN("gfp_zone/bad_refused");
	for (i = 0; i < 16; i++)
		if (gfp_zone(i) < 0)
			EXPECT_EQ(alloc_pages(m, i, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_EINVAL);
	EXPECT_EQ(total_free(m), 256);
	expect_clean(m);
	alloc_destroy(m);
}

static void test_gfp_migratetype(void)
{
	struct alloc_machine *m = boot_small();
	struct layout tiny = small;
	struct alloc_machine *t;

	TEST_BEGIN("gfp_migratetype/grouping_on");
	EXPECT_TRUE(alloc_mobility_enabled(m));
	EXPECT_EQ(gfp_migratetype(m, GFP_KERNEL), MIGRATE_UNMOVABLE);
	EXPECT_EQ(gfp_migratetype(m, GFP_KERNEL | GFPF_MOVABLE), MIGRATE_MOVABLE);
	EXPECT_EQ(gfp_migratetype(m, GFP_KERNEL | GFPF_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	EXPECT_EQ(gfp_migratetype(m, GFPF_MOVABLE | GFPF_RECLAIMABLE), -1);
	alloc_destroy(m);

	TEST_BEGIN("gfp_migratetype/grouping_off");
	/* 20 managed pages < pageblock_nr_pages 4 * 6 types: grouping switches off */
	t = create(&tiny);
	add_pages(t, 0, 20, 0);
	boot(t, &tiny);
	EXPECT_TRUE(!alloc_mobility_enabled(t));
	EXPECT_EQ(gfp_migratetype(t, GFPF_MOVABLE), MIGRATE_UNMOVABLE);
	EXPECT_EQ(gfp_migratetype(t, GFPF_RECLAIMABLE), MIGRATE_UNMOVABLE);
	EXPECT_EQ(gfp_migratetype(t, GFPF_MOVABLE | GFPF_RECLAIMABLE), -1);
	alloc_destroy(t);

	TEST_BEGIN("gfp_migratetype/grouping_threshold");
	/* 24 pages is exactly pageblock_nr_pages * 6: grouping stays on */
	t = create(&tiny);
	add_pages(t, 0, 24, 0);
	boot(t, &tiny);
	EXPECT_TRUE(alloc_mobility_enabled(t));
	alloc_destroy(t);
}

/* ---- highatomic reserve ---- */

/*
 * 256 pages of Normal, orders 0..4, pageblocks of 4 pages, no pcp, and
 * min_free_kbytes 1024: pages_min 256 = min; step max(64, 0) = 64, so low
 * 320 and high 384.  Every fast-path (low) check fails; the slow path of
 * GFP_ATOMIC (MIN_RESERVE and NON_BLOCK: min 256 -> 128 -> 96) passes.
 */
static const struct layout atomic_layout = {
	.max_order = 4, .pageblock_order = 2, .nr_cpus = 1, .nr_nodes = 1,
	.pcp_high = 0, .pcp_batch = 1, .min_free_kbytes = 1024,
	.zones = { 0, 0, 256 }, .movable = -1,
};

static void test_highatomic_not_on_fast_path(void)
{
	struct layout l = atomic_layout;
	struct alloc_machine *m;
	unsigned long pfn;

	TEST_BEGIN("highatomic/fast_path_reserves_nothing");
	l.min_free_kbytes = 0;		/* the fast path succeeds: no ALLOC_HIGHATOMIC */
	m = create(&l);
	add_pages(m, 0, 256, 0);
	boot(m, &l);
	EXPECT_EQ(alloc_pages(m, GFP_ATOMIC, 1, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(zone_info(m, 0, ZONE_NORMAL).nr_reserved_highatomic, 0);
	expect_clean(m);
	alloc_destroy(m);
}

/* The atomic layout after one order-1 GFP_ATOMIC request (pfn 0, reserve [0,4)). */
static struct alloc_machine *boot_reserved(void)
{
	struct alloc_machine *m = create(&atomic_layout);
	unsigned long pfn;

	add_pages(m, 0, 256, 0);
	boot(m, &atomic_layout);
	EXPECT_EQ(alloc_pages(m, GFP_ATOMIC, 1, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(pfn, 0);
	return m;
}

/*
 * Take every page but the reserve's free order-1 block at 2 with
 * ALLOC_NO_WATERMARKS: those requests never use HighAtomic lists while
 * other pages are free, so the reserve survives 252 of them.
 */
static void drain_all_but_reserve(struct alloc_machine *m)
{
	struct alloc_zone_info zi;
	unsigned long pfn, i;

	for (i = 0; i < 300 && zone_info(m, 0, ZONE_NORMAL).free_pages > 2; i++)
		EXPECT_EQ(alloc_pages(m, GFPF_NO_WATERMARKS, 0, 0, NUMA_NO_NODE, &pfn), 0);
	zi = zone_info(m, 0, ZONE_NORMAL);
	EXPECT_EQ(i, 252);
	EXPECT_EQ(zi.free_pages, 2);
	EXPECT_EQ(zi.nr_reserved_highatomic, 4);
}

static void test_highatomic_reserve_and_release(void)
{
	struct alloc_machine *m;
	struct alloc_zone_info zi;
	struct alloc_pfn_info pi;
	unsigned long pfn;

	TEST_BEGIN("highatomic/reserve");
	/*
	 * Order-1 GFP_ATOMIC: the fast path fails (255 <= low 320); the slow
	 * path (ALLOC_HIGHATOMIC) steals block 0 for Unmovable, takes pfn 0
	 * and reserves its pageblock [0,4): the free order-1 block at 2 moves
	 * to the HighAtomic list, nr_reserved_highatomic = 4 (limit
	 * 256/100 + 4 = 6).
	 */
	m = boot_reserved();
	zi = zone_info(m, 0, ZONE_NORMAL);
	EXPECT_EQ(zi.wmark_min, 256);
	EXPECT_EQ(zi.wmark_low, 320);
	EXPECT_EQ(zi.nr_reserved_highatomic, 4);
	alloc_pfn_info(m, 2, &pi);
	EXPECT_EQ(pi.state, PFN_FREE);
	EXPECT_EQ(pi.order, 1);
	EXPECT_EQ(pi.list_mt, MIGRATE_HIGHATOMIC);
	EXPECT_EQ(pi.pageblock_mt, MIGRATE_HIGHATOMIC);
	alloc_pfn_info(m, 4, &pi);			/* the next pageblock is not reserved */
	EXPECT_EQ(pi.pageblock_mt, MIGRATE_UNMOVABLE);
	expect_clean(m);

	TEST_BEGIN("highatomic/used_by_next_atomic");
	EXPECT_EQ(alloc_pages(m, GFP_ATOMIC, 1, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(pfn, 2);				/* from the reserve first */
	EXPECT_EQ(zone_info(m, 0, ZONE_NORMAL).nr_reserved_highatomic, 4);
	EXPECT_EQ(alloc_free_pages(m, 2, 1, 0), 0);	/* back to the HighAtomic list */
	alloc_pfn_info(m, 2, &pi);
	EXPECT_EQ(pi.list_mt, MIGRATE_HIGHATOMIC);

	TEST_BEGIN("highatomic/not_for_normal_requests");
	drain_all_but_reserve(m);
	/* a failing request that cannot reclaim leaves the reserve alone */
	EXPECT_EQ(alloc_pages(m, GFP_ATOMIC, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
	EXPECT_EQ(alloc_pages(m, GFP_NOWAIT, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
	EXPECT_EQ(zone_info(m, 0, ZONE_NORMAL).nr_reserved_highatomic, 4);

	TEST_BEGIN("highatomic/released_for_no_watermarks");
	/*
	 * Now the NO_WATERMARKS attempt finds nothing; the slow path releases
	 * the last reserved pageblock (forced) back to the request's type and
	 * retries: pfn 2 is split, 3 stays free as Unmovable.
	 */
	EXPECT_EQ(alloc_pages(m, GFPF_NO_WATERMARKS, 0, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(pfn, 2);
	zi = zone_info(m, 0, ZONE_NORMAL);
	EXPECT_EQ(zi.nr_reserved_highatomic, 0);
	EXPECT_EQ(zi.free_pages, 1);
	alloc_pfn_info(m, 3, &pi);
	EXPECT_EQ(pi.state, PFN_FREE);
	EXPECT_EQ(pi.list_mt, MIGRATE_UNMOVABLE);
	EXPECT_EQ(pi.pageblock_mt, MIGRATE_UNMOVABLE);
	EXPECT_EQ(alloc_pages(m, GFPF_NO_WATERMARKS, 0, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(pfn, 3);
	EXPECT_EQ(alloc_pages(m, GFPF_NO_WATERMARKS, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
	expect_clean(m);
	alloc_destroy(m);

	TEST_BEGIN("highatomic/released_before_reclaim_fails");
	/*
	 * A reclaiming request (GFP_KERNEL) gives the reserve back before it
	 * fails, as should_reclaim_retry() does before OOM; its min watermark
	 * still refuses the two pages, which are now Unmovable.
	 */
	m = boot_reserved();
	drain_all_but_reserve(m);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
	zi = zone_info(m, 0, ZONE_NORMAL);
	EXPECT_EQ(zi.nr_reserved_highatomic, 0);
	EXPECT_EQ(zi.free_pages, 2);
	alloc_pfn_info(m, 2, &pi);
	EXPECT_EQ(pi.list_mt, MIGRATE_UNMOVABLE);
	expect_clean(m);
	alloc_destroy(m);
}

/* ---- failure reports ---- */

static unsigned int count_lines(const char *text, const char *prefix)
{
	unsigned int n = 0;
	const char *line;

	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		n += strncmp(line, prefix, strlen(prefix)) == 0;
	return n;
}

/* warn_alloc(): a report per failure, __GFP_NOWARN silent, ratelimited after 10. */
static void test_warn_alloc_ratelimit(void)
{
	struct alloc_machine *m = boot_small();
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	unsigned long pfn;
	unsigned int i;

	TEST_BEGIN("warn_alloc/ratelimit");
	alloc_set_report_stream(m, out);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 4, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 4, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 4, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 4, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL | GFPF_NOWARN, 0, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
	fflush(out);
	EXPECT_EQ(len, 0);
	for (i = 0; i < 15; i++)
		EXPECT_EQ(alloc_pages(m, GFP_KERNEL, i % 3, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
	fclose(out);
	EXPECT_EQ(count_lines(text, "page allocation failure: order:"), 10);
	EXPECT_EQ(count_lines(text, "warn_alloc: ratelimited"), 1);
	EXPECT_GE(count_lines(text, "Node 0 Normal"), 10);	/* each report has its dump */
	free(text);
	alloc_destroy(m);
}

int main(void)
{
	test_phase_errors();
	test_bad_config();
	test_bad_args();
	test_impossible_maps();
	test_pfn_info();
	test_gfp_zone_table();
	test_gfp_zone_placement();
	test_gfp_migratetype();
	test_highatomic_not_on_fast_path();
	test_highatomic_reserve_and_release();
	test_warn_alloc_ratelimit();
	return test_main_end();
}
