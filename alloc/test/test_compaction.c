// SPDX-License-Identifier: MIT
/*
 * test_compaction.c - compaction.c and isolation.c through alloc.h, and
 * the checkers they added (each shown to fire on a planted corruption).
 *
 * The machine: one Normal zone of 256 pages, orders 0..5, pageblocks of 8
 * pages, no per-cpu caching, min_free_kbytes 0.  fragment() fills it with
 * 64 movable order-2 allocations and frees every other one: 128 free
 * pages, none in a block above order 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

#define NR_PAGES	256UL

struct owner {
	unsigned int moves, refusals;
	unsigned long refuse_pfn;	/* refuse moves of this block; ~0: none */
};

static int owner_migrate(void *ctx, unsigned long old_pfn, unsigned long new_pfn,
			 unsigned int order)
{
	struct owner *o = ctx;

	(void)new_pfn;
	(void)order;
	if (old_pfn == o->refuse_pfn) {
		o->refusals++;
		return ALLOC_EBUSY;
	}
	o->moves++;
	return 0;
}

static struct alloc_machine *boot_machine(struct owner *o)
{
	static const unsigned long zones[3] = { 0, 0, NR_PAGES };
	struct alloc_config cfg;
	struct alloc_machine *m;

	alloc_config_default(&cfg);
	cfg.max_order = 5;
	cfg.pageblock_order = 3;
	cfg.pcp_auto = false;
	cfg.pcp_high = 0;
	cfg.pcp_batch = 1;
	cfg.min_free_auto = false;
	cfg.min_free_kbytes = 0;
	if (alloc_create(&cfg, &m) || alloc_memblock_add(m, 0, NR_PAGES * PAGE_SIZE, 0) ||
	    alloc_set_zones(m, zones, false, 0) || alloc_boot(m)) {
		fprintf(stderr, "cannot boot the test machine\n");
		exit(2);
	}
	memset(o, 0, sizeof(*o));
	o->refuse_pfn = ~0UL;
	alloc_set_migrate(m, owner_migrate, o);
	return m;
}

static struct zone *normal(struct alloc_machine *m)
{
	return &m->nodes[0].zones[ZONE_NORMAL];
}

static void count_violation(void *arg, const struct alloc_violation *v)
{
	const char **first = arg;

	if (!*first)
		*first = v->id;
}

/* The id of the first violation of a full check, or NULL when clean. */
static const char *first_violation(struct alloc_machine *m)
{
	const char *first = NULL;

	alloc_check_all(m, count_violation, &first, 0);
	return first;
}

struct find {
	const char *id;
	bool seen;
};

static void find_violation(void *arg, const struct alloc_violation *v)
{
	struct find *f = arg;

	f->seen |= strcmp(f->id, v->id) == 0;
}

/* Does a full check report @id (among others)? */
static bool reports(struct alloc_machine *m, const char *id)
{
	struct find f = { id, false };

	alloc_check_all(m, find_violation, &f, 0);
	return f.seen;
}

/* 64 order-2 allocations of @gfp over the whole zone, every other one freed. */
static void fragment(struct alloc_machine *m, uint32_t gfp, unsigned long pfns[64])
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		EXPECT_EQ(alloc_pages(m, gfp, 2, 0, NUMA_NO_NODE, &pfns[i]), 0);
	for (i = 0; i < 64; i += 2)
		EXPECT_EQ(alloc_free_pages(m, pfns[i], 2, 0), 0);
}

static unsigned long nr_free_at(struct alloc_machine *m, unsigned int order)
{
	struct alloc_zone_info zi;

	alloc_zone_info(m, 0, ZONE_NORMAL, &zi);
	return zi.nr_free[order];
}

static void test_compact_success(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	unsigned long pfns[64];

	TEST_BEGIN("compact/success");
	fragment(m, GFP_HIGHUSER_MOVABLE, pfns);
	EXPECT_EQ(nr_free_at(m, 5), 0);
	EXPECT_EQ(alloc_compact(m, -1, -1, 5), 0);
	EXPECT_GE(nr_free_at(m, 5), 1);
	EXPECT_GT(o.moves, 0);
	EXPECT_STREQ(alloc_compact_result(m, 0, ZONE_NORMAL), "success");
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

static void test_compact_full(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	unsigned long pfns[64];

	TEST_BEGIN("compact/full");
	fragment(m, GFP_HIGHUSER_MOVABLE, pfns);
	EXPECT_EQ(alloc_compact(m, -1, -1, ALLOC_COMPACT_FULL), 0);
	/*
	 * Sixteen pageblocks give their movable block to a hole of the other
	 * sixteen, but for the one where the scanners meet: 15 moves, and at
	 * least 120 of the 128 free pages in whole free pageblocks.
	 */
	EXPECT_GE(nr_free_at(m, 5) * 32 + nr_free_at(m, 4) * 16 + nr_free_at(m, 3) * 8, 120);
	EXPECT_GE(o.moves, 15);
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

static void test_compact_unmovable(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	unsigned long pfns[64];

	TEST_BEGIN("compact/unmovable");
	fragment(m, GFP_KERNEL, pfns);
	EXPECT_EQ(alloc_compact(m, 0, ZONE_NORMAL, 5), ALLOC_EBUSY);
	EXPECT_EQ(o.moves, 0);
	EXPECT_STREQ(alloc_compact_result(m, 0, ZONE_NORMAL), "complete");
	EXPECT_EQ(nr_free_at(m, 5), 0);
	EXPECT_TRUE(first_violation(m) == NULL);
	TEST_BEGIN("compact/failure_report");
	{
		char *text = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&text, &len);
		unsigned long pfn;

		alloc_set_report_stream(m, out);
		EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 5, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
		fclose(out);
		EXPECT_TRUE(text && strstr(text, "page allocation failure: order:5"));
		EXPECT_TRUE(text && strstr(text, "direct compaction: complete"));
		free(text);
		alloc_set_report_stream(m, NULL);
	}
	TEST_BEGIN("compact/bad_args");
	EXPECT_EQ(alloc_compact(m, 0, ZONE_NORMAL, 6), ALLOC_EINVAL);
	EXPECT_EQ(alloc_compact(m, 1, -1, 1), ALLOC_EINVAL);
	EXPECT_EQ(alloc_compact(m, 0, NR_ZONE_TYPES, 1), ALLOC_EINVAL);
	alloc_destroy(m);
}

static void test_compact_refused(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	unsigned long pfns[64];

	TEST_BEGIN("compact/refused");
	fragment(m, GFP_HIGHUSER_MOVABLE, pfns);
	o.refuse_pfn = pfns[1];		/* the first movable block the scanner meets */
	EXPECT_EQ(alloc_compact(m, -1, -1, 5), 0);
	EXPECT_EQ(o.refusals, 1);
	EXPECT_EQ(normal(m)->compact.migrate_refused, 4);
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

static void test_direct_compaction(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	unsigned long pfns[64], pfn;

	TEST_BEGIN("compact/direct");
	fragment(m, GFP_HIGHUSER_MOVABLE, pfns);
	EXPECT_EQ(alloc_pages(m, GFP_NOWAIT, 5, 0, NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);
	EXPECT_EQ(normal(m)->compact.stall, 0);
	EXPECT_EQ(alloc_pages(m, GFP_HIGHUSER_MOVABLE, 5, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(normal(m)->compact.stall, 1);
	EXPECT_EQ(pfn % 32, 0);
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

static void test_isolate(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	struct zone *z;
	unsigned long pfn, before;

	TEST_BEGIN("isolate/free_pages_move");
	z = normal(m);
	before = z->free_pages;
	EXPECT_EQ(alloc_isolate(m, 12, 8), 0);		/* pageblocks 8..23 */
	EXPECT_EQ(z->nr_isolate_pageblock, 2);
	EXPECT_EQ(z->isolated_free, 16);
	EXPECT_EQ(z->free_pages, before - 16);
	EXPECT_EQ(get_pageblock_migratetype(z, 8), MIGRATE_ISOLATE);
	EXPECT_EQ(alloc_isolate(m, 16, 1), ALLOC_EBUSY);	/* already */
	EXPECT_TRUE(first_violation(m) == NULL);

	TEST_BEGIN("isolate/nothing_allocates");
	for (unsigned int i = 0; i < 240; i++) {
		EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE | GFPF_NO_WATERMARKS, 0, 0,
				      NUMA_NO_NODE, &pfn), 0);
		EXPECT_TRUE(pfn < 8 || pfn >= 24);
	}
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE | GFPF_NO_WATERMARKS | GFPF_NOWARN, 0, 0,
			      NUMA_NO_NODE, &pfn), ALLOC_ENOMEM);

	TEST_BEGIN("isolate/undo_merges");
	EXPECT_EQ(alloc_unisolate(m, 8, 16), 0);
	EXPECT_EQ(z->nr_isolate_pageblock, 0);
	EXPECT_EQ(z->isolated_free, 0);
	EXPECT_EQ(get_pageblock_migratetype(z, 8), MIGRATE_MOVABLE);
	EXPECT_EQ(nr_free_at(m, 3), 2);			/* 8 and 16 are no buddies */
	EXPECT_EQ(alloc_unisolate(m, 8, 16), ALLOC_EBUSY);
	EXPECT_EQ(alloc_isolate(m, 250, 10), ALLOC_EINVAL);	/* past the memmap */
	EXPECT_EQ(alloc_isolate(m, 0, 0), ALLOC_EINVAL);
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

static void test_isolate_unmovable(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	unsigned long pfn;

	TEST_BEGIN("isolate/unmovable_refused");
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 0, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(alloc_isolate(m, pfn, 1), ALLOC_EBUSY);
	EXPECT_EQ(normal(m)->nr_isolate_pageblock, 0);
	EXPECT_EQ(alloc_contig(m, pfn, 1), ALLOC_EBUSY);
	EXPECT_EQ(get_pageblock_migratetype(normal(m), pfn), MIGRATE_UNMOVABLE);
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

static void test_contig(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	unsigned long pfns[64], i;

	TEST_BEGIN("contig/migrates_and_takes");
	fragment(m, GFP_HIGHUSER_MOVABLE, pfns);
	EXPECT_EQ(alloc_contig(m, 5, 19), 0);		/* 5..23: not a power of two */
	EXPECT_GT(o.moves, 0);
	EXPECT_EQ(normal(m)->nr_isolate_pageblock, 0);
	for (i = 5; i < 24; i++)
		EXPECT_EQ(pfn_to_page(m, i)->flags & (PG_HEAD | PG_MOVABLE), PG_HEAD);
	EXPECT_TRUE(first_violation(m) == NULL);
	TEST_BEGIN("contig/free_returns_all");
	for (i = 5; i < 24; i++)
		EXPECT_EQ(alloc_free_pages(m, i, 0, 0), 0);
	EXPECT_TRUE(first_violation(m) == NULL);

	TEST_BEGIN("contig/refused_restores");
	o.refuse_pfn = pfns[33];
	EXPECT_EQ(alloc_contig(m, pfns[33], 4), ALLOC_EBUSY);
	EXPECT_EQ(normal(m)->nr_isolate_pageblock, 0);
	EXPECT_EQ(get_pageblock_migratetype(normal(m), pfns[33]), MIGRATE_MOVABLE);
	EXPECT_EQ(alloc_contig(m, 250, 10), ALLOC_EINVAL);
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

/* Each new checker fires on its planted corruption, and is silent once repaired. */
static void test_checkers_bite(void)
{
	struct owner o;
	struct alloc_machine *m = boot_machine(&o);
	struct zone *z = normal(m);
	unsigned long pfn;
	struct page *p;

	TEST_BEGIN("check/isolate_count");
	z->nr_isolate_pageblock++;
	EXPECT_STREQ(first_violation(m), "pageblock.isolate_count");
	z->nr_isolate_pageblock--;

	TEST_BEGIN("check/isolate_saved");
	EXPECT_EQ(alloc_isolate(m, 64, 8), 0);
	z->pageblock_saved_mt[64 >> 3] = MIGRATE_ISOLATE;
	EXPECT_STREQ(first_violation(m), "pageblock.isolate_saved");
	z->pageblock_saved_mt[64 >> 3] = MIGRATE_MOVABLE;
	EXPECT_TRUE(first_violation(m) == NULL);

	TEST_BEGIN("check/pcp_in_isolated");
	z->pcp[0].high = 100;				/* cache one page of the isolated block */
	EXPECT_EQ(alloc_unisolate(m, 64, 8), 0);
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE, 0, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(alloc_free_pages(m, pfn, 0, 0), 0);	/* now on cpu 0's list */
	*pageblock_slot(z, pfn) = MIGRATE_ISOLATE;
	z->pageblock_saved_mt[pfn >> 3] = MIGRATE_MOVABLE;
	z->nr_isolate_pageblock++;
	EXPECT_TRUE(reports(m, "isolation.pcp_page"));
	*pageblock_slot(z, pfn) = MIGRATE_MOVABLE;
	z->nr_isolate_pageblock--;
	EXPECT_TRUE(first_violation(m) == NULL);

	TEST_BEGIN("check/movable_flag");
	EXPECT_EQ(alloc_drain(m, -1), 0);
	p = pfn_to_page(m, 0);
	p->flags |= PG_MOVABLE;				/* a free head */
	EXPECT_STREQ(first_violation(m), "memmap.movable_not_allocated");
	p->flags &= (uint8_t)~PG_MOVABLE;
	EXPECT_TRUE(first_violation(m) == NULL);
	alloc_destroy(m);
}

int main(void)
{
	test_compact_success();
	test_compact_full();
	test_compact_unmovable();
	test_compact_refused();
	test_direct_compaction();
	test_isolate();
	test_isolate_unmovable();
	test_contig();
	test_checkers_bite();
	return test_main_end();
}
