// SPDX-License-Identifier: MIT
/*
 * test_physmem.c - the linux-memblock port's physical memory: __va() and
 * __pa() are inverse, an object crossing a chunk boundary is contiguous
 * and keeps what was written, addresses near 2^64 work, and a reset
 * forgets every chunk.
 */
#include <string.h>
#include "fuzz/port/memblock_linux/physmem.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

int main(void)
{
	const uint64_t top = UINT64_MAX - 0xfff;	/* the last page */
	const uint64_t cross = 3 * PHYSMEM_CHUNK_BYTES - 0x1000;
	uint8_t *p, *q;

	TEST_BEGIN("va-pa/roundtrip");
	p = physmem_va(0x123456);
	EXPECT_TRUE(p != NULL);
	EXPECT_EQ(physmem_pa(p), 0x123456);
	EXPECT_EQ(physmem_pa(p + 0x10), 0x123466);
	EXPECT_EQ(physmem_nr_chunks(), 1u);
	EXPECT_TRUE(physmem_va(0x100000) == p - 0x23456);	/* same chunk, same window */
	EXPECT_EQ(physmem_nr_chunks(), 1u);

	TEST_BEGIN("va-pa/cross-chunk");
	p = physmem_va(cross);
	memset(p, 0xab, 0x3000);			/* runs 8 KiB into the next chunk */
	EXPECT_EQ(p[0x2fff], 0xab);
	EXPECT_EQ(physmem_pa(p + 0xfff), cross + 0xfff);
	q = physmem_va(cross);
	EXPECT_TRUE(q == p);
	EXPECT_EQ(q[0x1000], 0xab);

	TEST_BEGIN("va-pa/near-2^64");
	p = physmem_va(top);
	p[0xfff] = 7;
	EXPECT_EQ(physmem_pa(p + 0xfff), UINT64_MAX);
	EXPECT_EQ(physmem_nr_chunks(), 3u);

	TEST_BEGIN("reset");
	physmem_reset();
	EXPECT_EQ(physmem_nr_chunks(), 0u);
	p = physmem_va(top);
	EXPECT_EQ(p[0xfff], 0);				/* a fresh window */
	EXPECT_EQ(physmem_nr_chunks(), 1u);
	physmem_reset();
	return test_main_end();
}
