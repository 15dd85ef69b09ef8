// SPDX-License-Identifier: MIT
/*
 * test_memblock.c - unit tests of alloc/memblock.c: add / remove /
 * reserve / free with merging and splitting, size capping, allocation
 * (direction, alignment, min / max, node fallback, first page), growth of
 * both arrays past 128 slots (including the pending-range rule of kernel
 * fix 48c3b583bbdd and failed growth undoing everything), the free-range
 * walk, the dump format and memblock_check() on good and corrupt states.
 *
 * Each test builds its own memblock and releases it; teardown() also
 * requires memblock_check() to pass.  Direction-dependent tests run
 * top-down and bottom-up through run_variants(), as the kernel's
 * tools/testing/memblock suite does.
 */
#include <stdbool.h>
#include <stdlib.h>
#include "tests/testlib.h"
#include "alloc.h"
#include "debug.h"
#include "memblock.h"

TEST_STATE_DEFINE;

#define SZ_4K	0x1000ULL
#define SZ_8K	0x2000ULL
#define SZ_64K	0x10000ULL
#define SZ_1M	0x100000ULL
#define SZ_16M	0x1000000ULL
#define SZ_64M	0x4000000ULL

static char test_name[96];

static void begin(const char *name, bool bottom_up)
{
	snprintf(test_name, sizeof(test_name), "%s/%s", name,
		 bottom_up ? "bottom-up" : "top-down");
	TEST_BEGIN(test_name);
}

/* The same test top-down, then bottom-up; each run builds a fresh memblock. */
static void run_variants(void (*fn)(bool bottom_up))
{
	fn(false);
	fn(true);
}

static void setup(struct memblock *mb, bool bottom_up)
{
	EXPECT_EQ(memblock_init(mb), ALLOC_OK);
	mb->bottom_up = bottom_up;
}

struct seen {
	unsigned int n;
	const char *ids[16];
};

static void collect(void *arg, const struct alloc_violation *v)
{
	struct seen *s = arg;

	if (s->n < 16)
		s->ids[s->n] = v->id;
	s->n++;
}

static unsigned int check(const struct memblock *mb, struct seen *s)
{
	struct check_ctx ctx = { .fn = collect, .arg = s };

	memset(s, 0, sizeof(*s));
	return memblock_check(mb, &ctx);
}

static bool saw(const struct seen *s, const char *id)
{
	unsigned int i;

	for (i = 0; i < s->n && i < 16; i++)
		if (strcmp(s->ids[i], id) == 0)
			return true;
	return false;
}

/* Every test ends here: its final state must be consistent. */
static void teardown(struct memblock *mb)
{
	struct seen s;

	EXPECT_EQ(check(mb, &s), 0);
	memblock_release(mb);
}

static char *dump_str(const struct memblock *mb)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	memblock_dump(mb, f);
	fclose(f);
	return buf;
}

struct rgn {
	uint64_t base, size;
	int nid;
};

static void expect_type(const struct memblock_type *type, const struct rgn *want,
			unsigned long n, int line)
{
	uint64_t total = 0;
	unsigned long i;

	EXPECT_EQ(type->cnt, n);
	for (i = 0; i < n && i < type->cnt; i++) {
		if (type->regions[i].base != want[i].base || type->regions[i].size != want[i].size ||
		    type->regions[i].nid != want[i].nid)
			fprintf(stderr, "  region %lu differs (expected at line %d)\n", i, line);
		EXPECT_EQ(type->regions[i].base, want[i].base);
		EXPECT_EQ(type->regions[i].size, want[i].size);
		EXPECT_EQ(type->regions[i].nid, want[i].nid);
		total += want[i].size;
	}
	EXPECT_EQ(type->total_size, total);
}

#define EXPECT_TYPE(type, ...)							\
	do {									\
		const struct rgn w_[] = { __VA_ARGS__ };			\
		expect_type((type), w_, sizeof(w_) / sizeof(w_[0]), __LINE__);	\
	} while (0)

/* Is [base, base + size) inside one reserved region? */
static bool reserved_holds(const struct memblock *mb, uint64_t base, uint64_t size)
{
	unsigned long i;

	for (i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (r->base <= base && base + size <= r->base + r->size)
			return true;
	}
	return false;
}

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

static int alloc(struct memblock *mb, uint64_t size, uint64_t align, int nid,
		 uint64_t min_addr, uint64_t max_addr, uint64_t *addr)
{
	*addr = ~0ULL;
	return memblock_alloc_range(mb, size, align, nid, min_addr, max_addr,
				    mb->bottom_up, addr);
}

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
	run_variants(test_grow_memory);
	run_variants(test_grow_reserved);
	run_variants(test_grow_reserved_from_low);
	run_variants(test_grow_twice);
	run_variants(test_free_over_array);
	run_variants(test_grow_nested);
	run_variants(test_grow_fail);
	test_free_ranges();
	test_queries();
	test_dump();
	test_check();
	return test_main_end();
}
