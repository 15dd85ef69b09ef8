// SPDX-License-Identifier: MIT
/*
 * test_memblock.c - unit tests of alloc/memblock.c: add / remove /
 * reserve / free with merging and splitting, size capping, allocation
 * (direction, alignment, min / max, node fallback, first page), the
 * free-range walk, the dump format and memblock_check() on good and
 * corrupt states.  The growth of the arrays: test_memblock_grow.c.
 *
 * Each test builds its own memblock and releases it; teardown() also
 * requires memblock_check() to pass.  Direction-dependent tests run
 * top-down and bottom-up through run_variants(), as the kernel's
 * tools/testing/memblock suite does.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/testlib.h"
#include "memblock_fixture.h"

TEST_STATE_DEFINE;

/* ---- add ---- */

static void test_add(void)
{
	struct memblock mb;

	TEST_BEGIN("add/disjoint");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, 4 * SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, SZ_1M, 0), 0);
	EXPECT_TYPE(&mb.memory, { SZ_1M, SZ_1M, 0 }, { 4 * SZ_1M, SZ_1M, 0 });
	teardown(&mb);

	TEST_BEGIN("add/adjacent");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, 2 * SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, SZ_1M, 0), 0);	/* below */
	EXPECT_EQ(memblock_add_node(&mb, 3 * SZ_1M, SZ_1M, 0), 0);	/* above */
	EXPECT_TYPE(&mb.memory, { SZ_1M, 3 * SZ_1M, 0 });
	teardown(&mb);

	TEST_BEGIN("add/overlap");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, 2 * SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 2 * SZ_1M, 2 * SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M / 2, SZ_1M, 0), 0);
	EXPECT_TYPE(&mb.memory, { SZ_1M / 2, 7 * SZ_1M / 2, 0 });
	teardown(&mb);

	TEST_BEGIN("add/contained");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, 4 * SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 2 * SZ_1M, SZ_1M, 0), 0);
	EXPECT_TYPE(&mb.memory, { SZ_1M, 4 * SZ_1M, 0 });
	EXPECT_EQ(memblock_add_node(&mb, 7 * SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 9 * SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 0, 16 * SZ_1M, 0), 0);	/* covers all three */
	EXPECT_TYPE(&mb.memory, { 0, 16 * SZ_1M, 0 });
	teardown(&mb);

	TEST_BEGIN("add/different-nid");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, SZ_1M, 1), 0);
	EXPECT_TYPE(&mb.memory, { 0, SZ_1M, 0 }, { SZ_1M, SZ_1M, 1 });
	/* only the uncovered part takes the new nid; the others keep theirs */
	EXPECT_EQ(memblock_add_node(&mb, 0, 3 * SZ_1M, 2), 0);
	EXPECT_EQ(memblock_add(&mb, 3 * SZ_1M, SZ_1M), 0);
	EXPECT_TYPE(&mb.memory, { 0, SZ_1M, 0 }, { SZ_1M, SZ_1M, 1 }, { 2 * SZ_1M, SZ_1M, 2 },
		    { 3 * SZ_1M, SZ_1M, MEMBLOCK_NO_NODE });
	teardown(&mb);
}

static void test_zero_and_cap(void)
{
	struct memblock mb;
	char *before, *after;

	TEST_BEGIN("size/zero");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_reserve(&mb, SZ_1M, SZ_4K), 0);
	before = dump_str(&mb);
	EXPECT_EQ(memblock_add_node(&mb, 4 * SZ_1M, 0, 0), 0);
	EXPECT_EQ(memblock_reserve(&mb, 4 * SZ_1M, 0), 0);
	EXPECT_EQ(memblock_remove(&mb, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_free(&mb, SZ_1M, 0), 0);
	after = dump_str(&mb);
	EXPECT_STREQ(after, before);
	free(before);
	free(after);
	teardown(&mb);

	TEST_BEGIN("size/capped");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, PHYS_ADDR_MAX - 0x3000, UINT64_MAX, 0), 0);
	EXPECT_TYPE(&mb.memory, { PHYS_ADDR_MAX - 0x3000, 0x3000, 0 });
	EXPECT_EQ(memblock_reserve(&mb, PHYS_ADDR_MAX - 0x1000, 0x5000), 0);
	EXPECT_TYPE(&mb.reserved, { PHYS_ADDR_MAX - 0x1000, 0x1000, MEMBLOCK_NO_NODE });
	EXPECT_EQ(memblock_add_node(&mb, PHYS_ADDR_MAX, 10, 0), 0);	/* nothing left to add */
	EXPECT_EQ(mb.memory.cnt, 1);
	EXPECT_EQ(memblock_remove(&mb, PHYS_ADDR_MAX - 0x2000, UINT64_MAX), 0);
	EXPECT_TYPE(&mb.memory, { PHYS_ADDR_MAX - 0x3000, 0x1000, 0 });
	teardown(&mb);
}

/* ---- remove and free ---- */

/* Cut the region [1M, 9M) of @type with @op: middle, both edges, across two, absent. */
static void split_cases(struct memblock *mb, struct memblock_type *type,
			int (*op)(struct memblock *, uint64_t, uint64_t), int nid)
{
	EXPECT_EQ(op(mb, 3 * SZ_1M, SZ_1M), 0);				/* middle */
	EXPECT_TYPE(type, { SZ_1M, 2 * SZ_1M, nid }, { 4 * SZ_1M, 5 * SZ_1M, nid });
	EXPECT_EQ(op(mb, SZ_1M, SZ_1M / 2), 0);				/* low edge */
	EXPECT_EQ(op(mb, 8 * SZ_1M, 2 * SZ_1M), 0);			/* high edge, past it */
	EXPECT_TYPE(type, { 3 * SZ_1M / 2, 3 * SZ_1M / 2, nid }, { 4 * SZ_1M, 4 * SZ_1M, nid });
	EXPECT_EQ(op(mb, 2 * SZ_1M, 3 * SZ_1M), 0);			/* across two */
	EXPECT_TYPE(type, { 3 * SZ_1M / 2, SZ_1M / 2, nid }, { 5 * SZ_1M, 3 * SZ_1M, nid });
	EXPECT_EQ(op(mb, 20 * SZ_1M, SZ_1M), 0);			/* absent */
	EXPECT_EQ(type->cnt, 2);
	EXPECT_EQ(op(mb, 5 * SZ_1M, 3 * SZ_1M), 0);			/* a whole region */
	EXPECT_TYPE(type, { 3 * SZ_1M / 2, SZ_1M / 2, nid });
}

static void test_remove_free(void)
{
	struct memblock mb;

	TEST_BEGIN("remove/split");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, 8 * SZ_1M, 3), 0);
	EXPECT_EQ(memblock_reserve(&mb, SZ_1M, 8 * SZ_1M), 0);
	split_cases(&mb, &mb.memory, memblock_remove, 3);
	EXPECT_TYPE(&mb.reserved, { SZ_1M, 8 * SZ_1M, MEMBLOCK_NO_NODE });	/* untouched */
	teardown(&mb);

	TEST_BEGIN("free/split");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, 8 * SZ_1M, 3), 0);
	EXPECT_EQ(memblock_reserve(&mb, SZ_1M, 8 * SZ_1M), 0);
	split_cases(&mb, &mb.reserved, memblock_free, MEMBLOCK_NO_NODE);
	EXPECT_TYPE(&mb.memory, { SZ_1M, 8 * SZ_1M, 3 });			/* untouched */
	teardown(&mb);
}

static void test_reserve_overlap(void)
{
	struct memblock mb;

	TEST_BEGIN("reserve/overlap");
	setup(&mb, false);
	EXPECT_EQ(memblock_reserve(&mb, SZ_1M, SZ_1M), 0);
	EXPECT_EQ(memblock_reserve(&mb, 3 * SZ_1M, SZ_1M), 0);
	EXPECT_EQ(memblock_reserve(&mb, 3 * SZ_1M / 2, 2 * SZ_1M), 0);	/* bridges the gap */
	EXPECT_TYPE(&mb.reserved, { SZ_1M, 3 * SZ_1M, MEMBLOCK_NO_NODE });
	EXPECT_EQ(memblock_reserve(&mb, 5 * SZ_1M, SZ_1M), 0);
	EXPECT_EQ(memblock_reserve(&mb, 7 * SZ_1M, SZ_1M), 0);
	EXPECT_EQ(memblock_reserve(&mb, 9 * SZ_1M, SZ_1M), 0);
	EXPECT_EQ(memblock_reserve(&mb, 9 * SZ_1M / 2, 5 * SZ_1M), 0);	/* covers 2.5 of them */
	EXPECT_TYPE(&mb.reserved, { SZ_1M, 3 * SZ_1M, MEMBLOCK_NO_NODE },
		    { 9 * SZ_1M / 2, 11 * SZ_1M / 2, MEMBLOCK_NO_NODE });
	EXPECT_EQ(mb.memory.cnt, 0);
	teardown(&mb);
}

/* ---- alloc ---- */

static void test_alloc_align(bool bu)
{
	struct memblock mb;
	uint64_t a;

	begin("alloc/align", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_16M, 0), 0);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_64K, NUMA_NO_NODE, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? SZ_64K : SZ_16M - SZ_64K);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_64K, NUMA_NO_NODE, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? 2 * SZ_64K : SZ_16M - 2 * SZ_64K);
	EXPECT_TRUE(reserved_holds(&mb, a, SZ_4K));
	EXPECT_EQ(mb.reserved.cnt, 2);
	/* the call's direction wins over the memblock's default */
	EXPECT_EQ(memblock_alloc_range(&mb, SZ_4K, SZ_64K, NUMA_NO_NODE, 0, 0, !bu, &a), 0);
	EXPECT_EQ(a, bu ? SZ_16M - SZ_64K : SZ_64K);
	EXPECT_EQ(alloc(&mb, SZ_4K, 3, NUMA_NO_NODE, 0, 0, &a), ALLOC_EINVAL);
	EXPECT_EQ(alloc(&mb, SZ_4K, 0x30, NUMA_NO_NODE, 0, 0, &a), ALLOC_EINVAL);
	EXPECT_EQ(mb.reserved.cnt, 3);
	teardown(&mb);

	begin("alloc/default-align", bu);	/* align 0 means 32 */
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0x1010, 0xff0, 0), 0);
	EXPECT_EQ(alloc(&mb, 0x10, 0, NUMA_NO_NODE, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? 0x1020 : 0x1fe0);
	EXPECT_TYPE(&mb.reserved, { a, 0x10, MEMBLOCK_NO_NODE });
	teardown(&mb);
}

static void test_alloc_first_page(bool bu)
{
	struct memblock mb;
	uint64_t a, b;

	begin("alloc/first-page", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, 3 * SZ_4K, 0), 0);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? SZ_4K : 2 * SZ_4K);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 0, 0, &b), 0);
	EXPECT_EQ(b, bu ? 2 * SZ_4K : SZ_4K);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 0, 0, &a), ALLOC_ENOMEM);
	EXPECT_TYPE(&mb.reserved, { SZ_4K, 2 * SZ_4K, MEMBLOCK_NO_NODE });
	teardown(&mb);

	begin("alloc/below-first-page", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, 0x1800, 0), 0);
	EXPECT_EQ(alloc(&mb, SZ_4K, 32, NUMA_NO_NODE, 0, 0, &a), ALLOC_ENOMEM);
	EXPECT_EQ(alloc(&mb, 0x800, 32, NUMA_NO_NODE, 0, 0, &a), 0);
	EXPECT_EQ(a, SZ_4K);
	teardown(&mb);
}

static void test_alloc_min_max(bool bu)
{
	struct memblock mb;
	uint64_t a;

	begin("alloc/min-preference", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_16M, 0), 0);
	EXPECT_EQ(memblock_reserve(&mb, 8 * SZ_1M, 8 * SZ_1M), 0);
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, NUMA_NO_NODE, 8 * SZ_1M, 0, &a), 0);
	EXPECT_EQ(a, bu ? SZ_4K : 7 * SZ_1M);		/* nothing above min: fell back */
	EXPECT_EQ(memblock_free(&mb, 8 * SZ_1M, 8 * SZ_1M), 0);
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, NUMA_NO_NODE, 8 * SZ_1M, 0, &a), 0);
	EXPECT_EQ(a, bu ? 8 * SZ_1M : 15 * SZ_1M);	/* min honoured */
	teardown(&mb);

	begin("alloc/max-hard", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, 15 * SZ_1M, 0), 0);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 0, SZ_1M, &a), ALLOC_ENOMEM);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 0, SZ_1M + SZ_4K - 1, &a), ALLOC_ENOMEM);
	EXPECT_EQ(mb.reserved.cnt, 0);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 0, 2 * SZ_1M, &a), 0);
	EXPECT_EQ(a, bu ? SZ_1M : 2 * SZ_1M - SZ_4K);
	/* min above max: the preference is dropped, the limit is not */
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 8 * SZ_1M, 2 * SZ_1M, &a), 0);
	EXPECT_EQ(a, bu ? SZ_1M + SZ_4K : 2 * SZ_1M - 2 * SZ_4K);
	mb.current_limit = 4 * SZ_1M;	/* max 0 and max past the limit both mean the limit */
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 3 * SZ_1M, 0, &a), 0);
	EXPECT_EQ(a, bu ? 3 * SZ_1M : 4 * SZ_1M - SZ_4K);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, NUMA_NO_NODE, 3 * SZ_1M, SZ_16M, &a), 0);
	EXPECT_EQ(a, bu ? 3 * SZ_1M + SZ_4K : 4 * SZ_1M - 2 * SZ_4K);
	teardown(&mb);

	begin("alloc/nothing-fits", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_1M, 0), 0);
	EXPECT_EQ(alloc(&mb, 2 * SZ_1M, SZ_4K, NUMA_NO_NODE, 0, 0, &a), ALLOC_ENOMEM);
	EXPECT_EQ(memblock_reserve(&mb, 0, SZ_1M), 0);
	EXPECT_EQ(alloc(&mb, SZ_4K, SZ_4K, 0, 0, 0, &a), ALLOC_ENOMEM);
	EXPECT_TYPE(&mb.reserved, { 0, SZ_1M, MEMBLOCK_NO_NODE });
	teardown(&mb);
}

static void nid_setup(struct memblock *mb, bool bu, int high_nid)
{
	setup(mb, bu);
	EXPECT_EQ(memblock_add_node(mb, 0, 8 * SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(mb, 8 * SZ_1M, 8 * SZ_1M, high_nid), 0);
}

static void test_alloc_nid(bool bu)
{
	struct memblock mb;
	uint64_t a;

	begin("alloc/nid", bu);
	nid_setup(&mb, bu, 1);
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, 0, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? SZ_4K : 7 * SZ_1M);
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, 1, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? 8 * SZ_1M : 15 * SZ_1M);
	teardown(&mb);

	begin("alloc/nid-fallback", bu);
	nid_setup(&mb, bu, 1);
	EXPECT_EQ(memblock_reserve(&mb, 8 * SZ_1M, 8 * SZ_1M), 0);	/* node 1 is full */
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, 1, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? SZ_4K : 7 * SZ_1M);
	teardown(&mb);

	begin("alloc/nid-no-node", bu);
	nid_setup(&mb, bu, MEMBLOCK_NO_NODE);
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, 0, 0, 0, &a), 0);	/* skips the no-node region */
	EXPECT_EQ(a, bu ? SZ_4K : 7 * SZ_1M);
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, 5, 0, 0, &a), 0);	/* no node 5: any */
	EXPECT_EQ(a, bu ? SZ_1M + SZ_4K : 15 * SZ_1M);
	EXPECT_EQ(alloc(&mb, SZ_1M, SZ_4K, MEMBLOCK_NO_NODE, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? 2 * SZ_1M + SZ_4K : 14 * SZ_1M);
	teardown(&mb);

	begin("alloc/zero-size", bu);	/* kernel behaviour: an address, nothing reserved */
	nid_setup(&mb, bu, 0);
	EXPECT_EQ(alloc(&mb, 0, SZ_4K, NUMA_NO_NODE, 0, 0, &a), 0);
	EXPECT_EQ(a, bu ? SZ_4K : SZ_16M);
	EXPECT_EQ(mb.reserved.cnt, 0);
	teardown(&mb);
}

/* ---- queries, dump, check ---- */

static void test_free_ranges(void)
{
	static const struct rgn want[] = {
		{ SZ_1M, 7 * SZ_1M, 0 }, { 9 * SZ_1M, 6 * SZ_1M, 0 }, { 33 * SZ_1M, 15 * SZ_1M, 1 },
	};
	struct memblock mb;
	uint64_t idx = 0, start, end;
	unsigned int n = 0;
	int nid;

	TEST_BEGIN("free-ranges");
	setup(&mb, false);
	EXPECT_TRUE(!memblock_next_free_range(&mb, &idx, &start, &end, &nid));
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_16M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 2 * SZ_16M, SZ_16M, 1), 0);
	EXPECT_EQ(memblock_reserve(&mb, 0, SZ_1M), 0);
	EXPECT_EQ(memblock_reserve(&mb, 8 * SZ_1M, SZ_1M), 0);
	EXPECT_EQ(memblock_reserve(&mb, 15 * SZ_1M, 18 * SZ_1M), 0);
	idx = 0;
	while (memblock_next_free_range(&mb, &idx, &start, &end, &nid)) {
		if (n < 3) {
			EXPECT_EQ(start, want[n].base);
			EXPECT_EQ(end, want[n].base + want[n].size);
			EXPECT_EQ(nid, want[n].nid);
		}
		n++;
	}
	EXPECT_EQ(n, 3);
	EXPECT_EQ(idx, UINT64_MAX);
	EXPECT_TRUE(!memblock_next_free_range(&mb, &idx, &start, &end, NULL));
	teardown(&mb);
}

static void test_queries(void)
{
	struct memblock mb;

	TEST_BEGIN("queries");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 2 * SZ_1M, SZ_1M, 1), 0);
	EXPECT_TRUE(memblock_is_region_memory(&mb, SZ_1M, SZ_1M));
	EXPECT_TRUE(!memblock_is_region_memory(&mb, 3 * SZ_1M / 2, SZ_1M));	/* two regions */
	EXPECT_TRUE(!memblock_is_region_memory(&mb, 0, SZ_1M));
	EXPECT_EQ(memblock_reserve(&mb, 4 * SZ_1M, SZ_1M), 0);
	EXPECT_TRUE(!memblock_is_region_reserved(&mb, 3 * SZ_1M, SZ_1M));	/* adjacent */
	EXPECT_TRUE(memblock_is_region_reserved(&mb, 3 * SZ_1M, SZ_1M + 1));
	EXPECT_TRUE(!memblock_is_region_reserved(&mb, 5 * SZ_1M, 1));
	teardown(&mb);
}

static void test_dump(void)
{
	struct memblock mb;
	char *s;

	TEST_BEGIN("dump");
	setup(&mb, false);
	s = dump_str(&mb);
	EXPECT_STREQ(s, "memblock.memory: cnt=0 max=128 total_size=0x0\n"
		     "memblock.reserved: cnt=0 max=128 total_size=0x0\n");
	free(s);
	EXPECT_EQ(memblock_add_node(&mb, 0x30000000, 0x20000000, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 0, 0x20000000, 0), 0);
	EXPECT_EQ(memblock_reserve(&mb, 0x1000000, 0x200000), 0);
	s = dump_str(&mb);
	EXPECT_STREQ(s, "memblock.memory: cnt=2 max=128 total_size=0x40000000\n"
		     "  [0] base=0x0000000000000000 size=0x0000000020000000 nid=0 flags=0x0\n"
		     "  [1] base=0x0000000030000000 size=0x0000000020000000 nid=0 flags=0x0\n"
		     "memblock.reserved: cnt=1 max=128 total_size=0x200000\n"
		     "  [0] base=0x0000000001000000 size=0x0000000000200000 nid=8 flags=0x0\n");
	free(s);
	teardown(&mb);

	TEST_BEGIN("dump/nid-decimal");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, 0x1000, 0x1000, 10), 0);
	s = dump_str(&mb);
	EXPECT_STREQ(s, "memblock.memory: cnt=1 max=128 total_size=0x1000\n"
		     "  [0] base=0x0000000000001000 size=0x0000000000001000 nid=10 flags=0x0\n"
		     "memblock.reserved: cnt=0 max=128 total_size=0x0\n");
	free(s);
	teardown(&mb);
}

static void test_check(void)
{
	struct memblock mb;
	struct memblock_region tmp, *r;
	struct seen s;

	TEST_BEGIN("check");
	setup(&mb, false);
	EXPECT_EQ(memblock_add_node(&mb, SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 4 * SZ_1M, SZ_1M, 0), 0);
	EXPECT_EQ(memblock_add_node(&mb, 5 * SZ_1M, SZ_1M, 1), 0);
	EXPECT_EQ(check(&mb, &s), 0);
	r = mb.memory.regions;
	tmp = r[0], r[0] = r[1], r[1] = tmp;
	EXPECT_GT(check(&mb, &s), 0);
	EXPECT_TRUE(saw(&s, "memblock.unsorted"));
	tmp = r[0], r[0] = r[1], r[1] = tmp;
	mb.memory.total_size++;
	EXPECT_GT(check(&mb, &s), 0);
	EXPECT_TRUE(saw(&s, "memblock.total_size"));
	mb.memory.total_size--;
	r[1].base = 2 * SZ_1M;
	EXPECT_TRUE(check(&mb, &s) > 0 && saw(&s, "memblock.unmerged"));
	r[1].base = 3 * SZ_1M / 2;
	EXPECT_TRUE(check(&mb, &s) > 0 && saw(&s, "memblock.overlap"));
	r[1].base = 4 * SZ_1M;
	EXPECT_EQ(check(&mb, &s), 0);

	/* pretend memory's array grew into [1M, 1M + 4K): it must be reserved */
	mb.memory.host_static = false;
	mb.memory.array_base = SZ_1M;
	mb.memory.array_bytes = SZ_4K;
	EXPECT_TRUE(check(&mb, &s) == 1 && saw(&s, "memblock.array_unreserved"));
	EXPECT_EQ(memblock_reserve(&mb, SZ_1M, SZ_4K), 0);
	EXPECT_EQ(check(&mb, &s), 0);
	mb.memory.array_bytes = SZ_8K;
	EXPECT_TRUE(check(&mb, &s) > 0 && saw(&s, "memblock.array_size"));
	mb.memory.array_bytes = SZ_4K;
	/* and the reserved array may not share those bytes */
	mb.reserved.host_static = false;
	mb.reserved.array_base = SZ_1M;
	mb.reserved.array_bytes = SZ_4K;
	EXPECT_TRUE(check(&mb, &s) == 1 && saw(&s, "memblock.array_overlap"));
	mb.reserved.host_static = true;
	mb.reserved.array_base = mb.reserved.array_bytes = 0;
	teardown(&mb);
}

int main(void)
{
	test_add();
	test_zero_and_cap();
	test_remove_free();
	test_reserve_overlap();
	run_variants(test_alloc_align);
	run_variants(test_alloc_first_page);
	run_variants(test_alloc_min_max);
	run_variants(test_alloc_nid);
	test_free_ranges();
	test_queries();
	test_dump();
	test_check();
	return test_main_end();
}
