// SPDX-License-Identifier: MIT
/*
 * test_memblock_grow.c - unit tests of the growth of alloc/memblock.c's
 * region arrays (memblock_double_array()): both arrays past 128 slots,
 * the pending-range rule of kernel fix 48c3b583bbdd and the search below
 * a range from 0 or 1, a second growth freeing the first array, a free
 * over an array's own reservation, growth nested in a growth, and failed
 * growth undoing everything.
 *
 * Each test builds its own memblock and releases it; teardown() also
 * requires memblock_check() to pass.  Every test runs top-down and
 * bottom-up (run_variants()).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/testlib.h"
#include "memblock_fixture.h"

TEST_STATE_DEFINE;

/* ---- growth of the region arrays ---- */

static void test_grow_memory(bool bu)
{
	struct memblock mb;
	uint64_t i, want = bu ? SZ_64K : 128 * SZ_64K + 0x6000;

	begin("grow/memory", bu);
	setup(&mb, bu);
	for (i = 0; i < 128; i++)
		EXPECT_EQ(memblock_add_node(&mb, (i + 1) * SZ_64K, 0x8000, 0), 0);
	EXPECT_EQ(mb.memory.max, 128);
	EXPECT_TRUE(mb.memory.host_static);
	EXPECT_EQ(mb.reserved.cnt, 0);
	EXPECT_EQ(memblock_add_node(&mb, 129 * SZ_64K, 0x8000, 0), 0);
	EXPECT_EQ(mb.memory.cnt, 129);
	EXPECT_EQ(mb.memory.max, 256);
	EXPECT_TRUE(!mb.memory.host_static);
	EXPECT_EQ(mb.memory.array_bytes, 8192);
	EXPECT_EQ(mb.memory.array_base, want);
	EXPECT_TYPE(&mb.reserved, { want, 8192, MEMBLOCK_NO_NODE });
	EXPECT_EQ(mb.memory.regions[128].base, 129 * SZ_64K);
	teardown(&mb);
}

#define FILLER(i)	(SZ_16M + (i) * SZ_64K)

/* @n one-page reservations from 16M up, 64K apart (memory is [0, 64M)). */
static void fill_reserved(struct memblock *mb, unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		EXPECT_EQ(memblock_reserve(mb, FILLER(i), SZ_4K), 0);
}

/*
 * The reservation that makes `reserved` grow must not get the new array on
 * top of it: above it first, then below (kernel fix 48c3b583bbdd).  In the
 * "top" case for top-down and the "bottom" case for bottom-up, the array's
 * natural place is exactly the pending range.
 */
static void test_grow_reserved(bool bu)
{
	static const struct { bool top; uint64_t td, bu; } cases[] = {
		{ true, SZ_64M - 2 * SZ_8K, SZ_4K },
		{ false, SZ_64M - SZ_8K, 0x3000 },
	};
	struct memblock mb;
	unsigned int c;

	for (c = 0; c < 2; c++) {
		uint64_t pend = cases[c].top ? SZ_64M - SZ_8K : SZ_4K;
		uint64_t want = bu ? cases[c].bu : cases[c].td;

		begin(cases[c].top ? "grow/reserved-pending-top" : "grow/reserved-pending-bottom", bu);
		setup(&mb, bu);
		EXPECT_EQ(memblock_add_node(&mb, 0, SZ_64M, 0), 0);
		fill_reserved(&mb, 128);
		EXPECT_EQ(mb.reserved.max, 128);
		EXPECT_EQ(memblock_reserve(&mb, pend, SZ_8K), 0);
		EXPECT_EQ(mb.reserved.max, 256);
		EXPECT_EQ(mb.reserved.array_bytes, 8192);
		EXPECT_EQ(mb.reserved.array_base, want);
		EXPECT_TRUE(want + SZ_8K <= pend || pend + SZ_8K <= want);
		EXPECT_TRUE(reserved_holds(&mb, pend, SZ_8K));
		EXPECT_TRUE(reserved_holds(&mb, want, SZ_8K));
		EXPECT_EQ(mb.reserved.total_size, 128 * SZ_4K + 2 * SZ_8K);
		EXPECT_EQ(mb.reserved.cnt, want + SZ_8K == pend || pend + SZ_8K == want ? 129 : 130);
		teardown(&mb);
	}
}

/*
 * When nothing is free above the pending range, the search below it ends
 * at its base; memblock_find_in_range_node() reads an end of 0 or 1 as
 * current_limit, so a range from 0 or 1 gets the new array inside itself
 * (its reservation then absorbs it), while one from 2 finds nothing: the
 * reserve fails and changes nothing.  With 127 fillers the array inside
 * the range splits one more gap than was counted: the reference counts
 * again and grows a second time, where Linux 6.12 hits a BUG_ON (repro
 * case mbdiff-linux-bug-insert_region-max).
 */
static void test_grow_reserved_from_low(bool bu)
{
	static const struct { uint64_t base; unsigned long fill, max; int err; } cases[] = {
		{ 0, 100, 256, 0 }, { 1, 100, 256, 0 }, { 2, 100, 128, ALLOC_ENOMEM },
		{ 0, 127, 512, 0 },
	};
	static const char *const names[] = {
		"grow/reserved-pending-from-0", "grow/reserved-pending-from-1",
		"grow/reserved-pending-from-2", "grow/reserved-pending-from-0-recount",
	};
	struct memblock mb;
	unsigned int c;

	for (c = 0; c < 4; c++) {
		uint64_t b = cases[c].base;

		begin(names[c], bu);
		setup(&mb, bu);
		EXPECT_EQ(memblock_add_node(&mb, 0, SZ_64M, 0), 0);
		fill_reserved(&mb, cases[c].fill);
		EXPECT_EQ(memblock_reserve(&mb, b, 80 * SZ_1M), cases[c].err);
		EXPECT_EQ(mb.reserved.max, cases[c].max);
		if (!cases[c].err) {
			EXPECT_TRUE(mb.reserved.array_base >= b &&
				    mb.reserved.array_base + mb.reserved.array_bytes <= SZ_64M);
			EXPECT_EQ(mb.reserved.cnt, 1);
			EXPECT_TRUE(reserved_holds(&mb, b, 80 * SZ_1M));
		} else {
			EXPECT_EQ(mb.reserved.cnt, cases[c].fill);
		}
		teardown(&mb);
	}
}

/*
 * A second growth frees the first grown array.  Bottom-up, each array
 * lands just above the filler that made `reserved` grow, and merges with
 * it; top-down, under the top of memory.
 */
static void test_grow_twice(bool bu)
{
	struct memblock mb;
	uint64_t first;

	begin("grow/twice", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_64M, 0), 0);
	fill_reserved(&mb, 129);
	first = mb.reserved.array_base;
	EXPECT_EQ(first, bu ? FILLER(128) + SZ_4K : SZ_64M - SZ_8K);
	fill_reserved(&mb, 300);
	EXPECT_EQ(mb.reserved.max, 512);
	EXPECT_EQ(mb.reserved.array_bytes, 0x3000);
	EXPECT_EQ(mb.reserved.array_base, bu ? FILLER(256) + SZ_4K : SZ_64M - SZ_8K - 0x3000);
	EXPECT_TRUE(reserved_holds(&mb, mb.reserved.array_base, 0x3000));
	EXPECT_TRUE(!memblock_is_region_reserved(&mb, first, SZ_8K));
	EXPECT_EQ(mb.reserved.cnt, bu ? 300 : 301);
	teardown(&mb);

	begin("grow/free-split", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_64M, 0), 0);
	fill_reserved(&mb, 127);
	EXPECT_EQ(memblock_reserve(&mb, 32 * SZ_1M, SZ_1M), 0);
	EXPECT_EQ(mb.reserved.cnt, 128);
	/* bottom-up the array goes right above the pending range, after 33M */
	EXPECT_EQ(memblock_free(&mb, 32 * SZ_1M + SZ_64K, SZ_4K), 0);
	EXPECT_EQ(mb.reserved.max, 256);
	EXPECT_EQ(mb.reserved.cnt, bu ? 129 : 130);
	EXPECT_EQ(mb.reserved.array_base, bu ? 33 * SZ_1M : SZ_64M - SZ_8K);
	EXPECT_TRUE(reserved_holds(&mb, 32 * SZ_1M, SZ_64K));
	EXPECT_TRUE(!memblock_is_region_reserved(&mb, 32 * SZ_1M + SZ_64K, SZ_4K));
	teardown(&mb);
}

/*
 * Issue 7 item 14: a caller's free over a grown array's own reservation
 * is legal, as memblock_phys_free() in Linux.  The array stays, its bytes
 * stop being reserved, and every check still passes; the next growth
 * reserves the new array again.  With the flag cleared by hand the same
 * state is a violation (the check can fail).
 */
static void test_free_over_array(bool bu)
{
	struct memblock mb;
	struct seen s;
	uint64_t base;

	begin("grow/free-over-array", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, 0, SZ_64M, 0), 0);
	fill_reserved(&mb, 129);
	base = mb.reserved.array_base;
	EXPECT_TRUE(!mb.reserved.array_released);
	EXPECT_EQ(memblock_free(&mb, base, SZ_4K), 0);
	EXPECT_TRUE(mb.reserved.array_released);
	EXPECT_TRUE(!mb.memory.array_released);
	EXPECT_TRUE(!memblock_is_region_reserved(&mb, base, SZ_4K));
	EXPECT_EQ(mb.reserved.array_base, base);
	EXPECT_EQ(check(&mb, &s), 0);
	mb.reserved.array_released = false;
	EXPECT_TRUE(check(&mb, &s) == 1 && saw(&s, "memblock.array_unreserved"));
	mb.reserved.array_released = true;
	/*
	 * The next growth may place the new array over the released one's
	 * bytes (top-down it does): it ends wholly reserved all the same, as
	 * in Linux, which frees the old array before reserving the new.
	 */
	fill_reserved(&mb, 300);
	EXPECT_EQ(mb.reserved.max, 512);
	EXPECT_TRUE(bu || (mb.reserved.array_base < base + SZ_8K &&
			   base < mb.reserved.array_base + mb.reserved.array_bytes));
	EXPECT_TRUE(!mb.reserved.array_released);
	EXPECT_TRUE(reserved_holds(&mb, mb.reserved.array_base, mb.reserved.array_bytes));
	/* a free elsewhere leaves the flag of an intact array alone */
	EXPECT_EQ(memblock_free(&mb, 0, SZ_4K), 0);
	EXPECT_TRUE(!mb.reserved.array_released);
	EXPECT_EQ(check(&mb, &s), 0);
	teardown(&mb);
}

/*
 * The second growth of `memory` frees its first grown array while
 * `reserved` is one short of full, so that free makes `reserved` grow.
 * That nested array must not take the new memory array's bytes (it would
 * if the new array were reserved only after the old one is freed).
 */
static void test_grow_nested(bool bu)
{
	struct memblock mb;
	uint64_t i, mem_want, rsv_want;
	struct seen s;

	begin("grow/nested-free", bu);
	setup(&mb, bu);
	for (i = 0; i < 129; i++)
		EXPECT_EQ(memblock_add_node(&mb, (i + 1) * SZ_64K, 0x8000, 0), 0);
	EXPECT_EQ(mb.memory.array_base, bu ? SZ_64K : 128 * SZ_64K + 0x6000);
	for (i = 1; i < 127; i++)
		EXPECT_EQ(memblock_reserve(&mb, (i + 1) * SZ_64K + 0x4000, SZ_4K), 0);
	EXPECT_EQ(mb.reserved.cnt, 127);
	for (i = 129; i < 257; i++)
		EXPECT_EQ(memblock_add_node(&mb, (i + 1) * SZ_64K, 0x8000, 0), 0);
	mem_want = bu ? SZ_64K + SZ_8K : 256 * SZ_64K + 0x5000;
	rsv_want = bu ? SZ_64K + SZ_8K + 0x3000 : 256 * SZ_64K + 0x3000;
	EXPECT_EQ(mb.memory.max, 512);
	EXPECT_EQ(mb.reserved.max, 256);
	EXPECT_EQ(mb.memory.array_base, mem_want);
	EXPECT_EQ(mb.reserved.array_base, rsv_want);
	EXPECT_TRUE(mem_want + 0x3000 <= rsv_want || rsv_want + SZ_8K <= mem_want);
	EXPECT_EQ(check(&mb, &s), 0);
	teardown(&mb);
}

/* A failed growth returns ALLOC_ENOMEM and leaves the dump byte-identical. */
static void expect_unchanged(struct memblock *mb, int (*op)(struct memblock *, uint64_t, uint64_t),
			     uint64_t base, uint64_t size)
{
	char *before = dump_str(mb), *after;
	struct memblock_type mem = mb->memory, rsv = mb->reserved;

	EXPECT_EQ(op(mb, base, size), ALLOC_ENOMEM);
	after = dump_str(mb);
	EXPECT_STREQ(after, before);
	EXPECT_EQ(mb->memory.max, mem.max);
	EXPECT_EQ(mb->reserved.max, rsv.max);
	EXPECT_EQ(mb->memory.host_static, mem.host_static);
	EXPECT_EQ(mb->reserved.host_static, rsv.host_static);
	EXPECT_TRUE(!mb->undo_saved);
	free(before);
	free(after);
}

static int add_nid0(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_add_node(mb, base, size, 0);
}

static int alloc_page(struct memblock *mb, uint64_t size, uint64_t align)
{
	uint64_t a;

	return alloc(mb, size, align, NUMA_NO_NODE, 0, 0, &a);
}

static void test_grow_fail(bool bu)
{
	struct memblock mb;
	uint64_t i;

	begin("grow/fail-memory", bu);	/* only single free pages: no room for 8K */
	setup(&mb, bu);
	for (i = 0; i < 128; i++)
		EXPECT_EQ(memblock_add_node(&mb, (i + 1) * SZ_8K, SZ_4K, 0), 0);
	expect_unchanged(&mb, add_nid0, SZ_16M, SZ_4K);
	teardown(&mb);

	begin("grow/fail-reserved", bu);
	setup(&mb, bu);
	EXPECT_EQ(memblock_add_node(&mb, SZ_4K, 256 * SZ_4K, 0), 0);
	for (i = 0; i < 128; i++)
		EXPECT_EQ(memblock_reserve(&mb, SZ_4K + 2 * i * SZ_4K, SZ_4K), 0);
	expect_unchanged(&mb, memblock_reserve, SZ_16M, SZ_4K);
	expect_unchanged(&mb, memblock_free, SZ_4K, SZ_4K);	/* needs room to split */
	expect_unchanged(&mb, alloc_page, SZ_4K, SZ_4K);
	teardown(&mb);

	/*
	 * Memory grows into the one 8K hole; reserving that array then needs
	 * `reserved` to grow, which finds nothing: all of it must be undone.
	 */
	begin("grow/fail-nested", bu);
	setup(&mb, bu);
	for (i = 0; i < 128; i++)
		EXPECT_EQ(memblock_add_node(&mb, (i + 1) * SZ_64K, SZ_8K, 0), 0);
	for (i = 0; i < 127; i++)
		EXPECT_EQ(memblock_reserve(&mb, (i + 1) * SZ_64K, SZ_4K), 0);
	EXPECT_EQ(memblock_reserve(&mb, 1ULL << 32, SZ_4K), 0);
	EXPECT_EQ(mb.reserved.cnt, 128);
	expect_unchanged(&mb, add_nid0, 300 * SZ_64K, SZ_4K);
	EXPECT_EQ(mb.memory.array_base, 0);
	teardown(&mb);
}

int main(void)
{
	run_variants(test_grow_memory);
	run_variants(test_grow_reserved);
	run_variants(test_grow_reserved_from_low);
	run_variants(test_grow_twice);
	run_variants(test_free_over_array);
	run_variants(test_grow_nested);
	run_variants(test_grow_fail);
	return test_main_end();
}
