// SPDX-License-Identifier: MIT
/*
 * test_check.c - the self-check (check.c and the per-structure checkers it
 * runs): alloc_check_all() is silent on a clean machine and names each
 * hand-made corruption with its dotted id; alloc_check_touched() catches a
 * corruption of a block the last ops touched; the limit stops the walk.
 *
 * Every test boots its own small machine through alloc.h, breaks one
 * structure through internal.h, checks the exact set of reports, repairs
 * the damage (so the clean check at the end proves the repair) and
 * destroys the machine.  The layout is one Normal zone of 64 pages, orders
 * 0..4, pageblocks of 4 pages: boot leaves four order-4 blocks at 0, 16,
 * 32 and 48, all Movable.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

#define NR_PAGES	64UL

/* ---- machines ---- */

static struct alloc_machine *boot_machine(unsigned int pcp_high, unsigned int pcp_batch)
{
	static const unsigned long zones[3] = { 0, 0, NR_PAGES };
	struct alloc_config cfg;
	struct alloc_machine *m;

	alloc_config_default(&cfg);
	cfg.max_order = 4;
	cfg.pageblock_order = 2;
	cfg.pcp_auto = false;
	cfg.pcp_high = pcp_high;
	cfg.pcp_batch = pcp_batch;
	cfg.min_free_auto = false;
	cfg.min_free_kbytes = 0;
	if (alloc_create(&cfg, &m) || alloc_memblock_add(m, 0, NR_PAGES * PAGE_SIZE, 0) ||
	    alloc_set_zones(m, zones, false, 0) || alloc_boot(m)) {
		fprintf(stderr, "cannot boot the test machine\n");
		exit(2);
	}
	return m;
}

static struct zone *normal(struct alloc_machine *m)
{
	return &m->nodes[0].zones[ZONE_NORMAL];
}

/* ---- collecting reports ---- */

#define MAX_SEEN 256

struct seen {
	unsigned int nr;
	const char *ids[MAX_SEEN];
	unsigned long pfns[MAX_SEEN];
};

static void collect(void *arg, const struct alloc_violation *v)
{
	struct seen *s = arg;

	if (s->nr < MAX_SEEN) {
		s->ids[s->nr] = v->id;
		s->pfns[s->nr] = v->pfn;
	}
	s->nr++;
}

static unsigned int check_all(struct alloc_machine *m, struct seen *s, unsigned int limit)
{
	unsigned int n;

	memset(s, 0, sizeof(*s));
	n = alloc_check_all(m, collect, s, limit);
	EXPECT_EQ(n, s->nr);		/* the return value counts what was reported */
	return n;
}

static unsigned int check_touched(struct alloc_machine *m, struct seen *s)
{
	unsigned int n;

	memset(s, 0, sizeof(*s));
	n = alloc_check_touched(m, collect, s, 0);
	EXPECT_EQ(n, s->nr);
	return n;
}

static unsigned int count_id(const struct seen *s, const char *id)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nr && i < MAX_SEEN; i++)
		n += strcmp(s->ids[i], id) == 0;
	return n;
}

/* Was @id reported at @pfn? */
static bool seen_at(const struct seen *s, const char *id, unsigned long pfn)
{
	unsigned int i;

	for (i = 0; i < s->nr && i < MAX_SEEN; i++)
		if (strcmp(s->ids[i], id) == 0 && s->pfns[i] == pfn)
			return true;
	return false;
}

static unsigned long alloc_ok(struct alloc_machine *m, uint32_t gfp, unsigned int order)
{
	unsigned long pfn = ~0UL;

	EXPECT_EQ(alloc_pages(m, gfp, order, 0, NUMA_NO_NODE, &pfn), 0);
	return pfn;
}

/* ---- clean machines ---- */

static void test_clean(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct seen s;
	unsigned long a, b;

	TEST_BEGIN("clean/after_boot");
	EXPECT_EQ(check_all(m, &s, 0), 0);

	TEST_BEGIN("clean/after_ops");
	a = alloc_ok(m, GFPF_MOVABLE, 0);
	b = alloc_ok(m, GFP_KERNEL, 3);	/* steals a block: retypes pageblocks */
	EXPECT_EQ(check_all(m, &s, 0), 0);
	EXPECT_EQ(check_touched(m, &s), 0);
	EXPECT_EQ(alloc_free_pages(m, a, 0, 0), 0);
	EXPECT_EQ(alloc_free_pages(m, b, 3, 0), 0);
	EXPECT_EQ(check_touched(m, &s), 0);
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/* ---- one corruption each ---- */

/*
 * A free head without PG_BUDDY: its list entry is wrong, the memmap sees an
 * orphan page, and the lists hold one head more than the memmap has.  The
 * free order-0 block is pfn 1 after an order-0 allocation split block 0.
 */
static void test_buddy_flag_cleared(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct page *p;
	struct seen s;

	TEST_BEGIN("corrupt/pg_buddy_cleared");
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 0), 0);	/* leaves 1 o0, 2 o1, 4 o2, 8 o3 */
	p = pfn_to_page(m, 1);
	EXPECT_TRUE(p->flags & PG_BUDDY);
	p->flags &= ~PG_BUDDY;
	EXPECT_EQ(check_all(m, &s, 0), 3);
	EXPECT_TRUE(seen_at(&s, "memmap.orphan", 1));
	EXPECT_TRUE(seen_at(&s, "buddy.list_entry", 1));
	EXPECT_EQ(count_id(&s, "buddy.unlisted_head"), 1);
	p->flags |= PG_BUDDY;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

static void test_nr_free_bumped(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct seen s;

	TEST_BEGIN("corrupt/nr_free_bumped");
	normal(m)->free_area[4].nr_free++;		/* 5, lists hold 4 */
	EXPECT_EQ(check_all(m, &s, 0), 2);
	EXPECT_EQ(count_id(&s, "buddy.nr_free"), 1);
	EXPECT_EQ(count_id(&s, "buddy.unlisted_head"), 1);
	normal(m)->free_area[4].nr_free--;

	TEST_BEGIN("corrupt/nr_free_mt_bumped");
	normal(m)->free_area[4].nr_free_mt[MIGRATE_MOVABLE]++;
	/* the walk compares each list with its counter; nr_free with the lists */
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "buddy.nr_free_mt"), 1);	/* list 4, counter 5 */
	normal(m)->free_area[4].nr_free_mt[MIGRATE_MOVABLE]--;

	TEST_BEGIN("corrupt/free_pages_bumped");
	normal(m)->free_pages++;
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "buddy.free_pages"), 1);
	normal(m)->free_pages--;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/* The order-4 free block at 16 covers pageblocks 16, 20, 24, 28. */
static void test_pageblock_type_changed(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct seen s;

	TEST_BEGIN("corrupt/pageblock_type_under_free_block");
	pageblock_set_type(normal(m), 24, MIGRATE_UNMOVABLE);	/* slot and pages' copies */
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_TRUE(seen_at(&s, "buddy.list_type", 16));

	TEST_BEGIN("corrupt/pageblock_type_invalid");
	*pageblock_slot(normal(m), 24) = NR_MIGRATETYPES;	/* the slot only */
	EXPECT_EQ(check_all(m, &s, 0), 3);
	EXPECT_TRUE(seen_at(&s, "pageblock.bad_type", 24));
	EXPECT_TRUE(seen_at(&s, "memmap.pageblock_mt", 24));
	EXPECT_TRUE(seen_at(&s, "buddy.list_type", 16));

	TEST_BEGIN("corrupt/highatomic_without_count");
	/* a HighAtomic pageblock that nr_reserved_highatomic does not count */
	pageblock_set_type(normal(m), 24, MIGRATE_HIGHATOMIC);
	check_all(m, &s, 0);
	EXPECT_EQ(count_id(&s, "pageblock.highatomic_count"), 1);
	pageblock_set_type(normal(m), 24, MIGRATE_MOVABLE);
	EXPECT_EQ(check_all(m, &s, 0), 0);

	TEST_BEGIN("corrupt/grouping_decision");
	m->mobility_disabled = !m->mobility_disabled;
	EXPECT_EQ(count_id(&s, "pageblock.grouping"), 0);
	check_all(m, &s, 0);
	EXPECT_EQ(count_id(&s, "pageblock.grouping"), 1);
	m->mobility_disabled = !m->mobility_disabled;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/*
 * Two free buddies left unmerged: allocate order 3 (pfn 0; its buddy 8
 * stays free as order 3), then put pfn 0 on the free list by hand as
 * __free_one_page() would without merging.  Both halves report.
 */
static void test_unmerged_buddies(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct zone *z = normal(m);
	struct free_area *area = &z->free_area[3];
	struct page *p;
	struct seen s;

	TEST_BEGIN("corrupt/unmerged_buddies");
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 3), 0);
	p = pfn_to_page(m, 0);
	p->flags = (p->flags & ~(PG_HEAD | PG_MOVABLE)) | PG_BUDDY;
	p->order = 3;
	p->list_mt = MIGRATE_MOVABLE;
	list_add_head(&p->lru, &area->free_list[MIGRATE_MOVABLE]);
	area->nr_free++;
	area->nr_free_mt[MIGRATE_MOVABLE]++;
	z->free_pages += 8;
	EXPECT_EQ(check_all(m, &s, 0), 2);
	EXPECT_TRUE(seen_at(&s, "buddy.unmerged", 0));
	EXPECT_TRUE(seen_at(&s, "buddy.unmerged", 8));

	/* undo: take it off again and make it the allocation it was */
	list_del(&p->lru);
	area->nr_free--;
	area->nr_free_mt[MIGRATE_MOVABLE]--;
	z->free_pages -= 8;
	p->flags = (p->flags & ~PG_BUDDY) | PG_HEAD | PG_MOVABLE;
	EXPECT_EQ(check_all(m, &s, 0), 0);

	TEST_BEGIN("corrupt/unmerged_below_pageblock");
	/* the same below pageblock_order, where types play no part: pfn 8 split */
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 0), 8);	/* leaves 9 o0, 10 o1, 12 o2 */
	area = &z->free_area[0];
	p = pfn_to_page(m, 8);
	p->flags = (p->flags & ~(PG_HEAD | PG_MOVABLE)) | PG_BUDDY;
	p->order = 0;
	p->list_mt = MIGRATE_MOVABLE;
	list_add_head(&p->lru, &area->free_list[MIGRATE_MOVABLE]);
	area->nr_free++;
	area->nr_free_mt[MIGRATE_MOVABLE]++;
	z->free_pages += 1;
	EXPECT_EQ(check_all(m, &s, 0), 2);
	EXPECT_TRUE(seen_at(&s, "buddy.unmerged", 8));
	EXPECT_TRUE(seen_at(&s, "buddy.unmerged", 9));
	list_del(&p->lru);
	area->nr_free--;
	area->nr_free_mt[MIGRATE_MOVABLE]--;
	z->free_pages -= 1;
	p->flags = (p->flags & ~PG_BUDDY) | PG_HEAD | PG_MOVABLE;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

static void test_pcp_count(void)
{
	struct alloc_machine *m = boot_machine(8, 4);
	struct per_cpu_pages *pcp = &normal(m)->pcp[0];
	struct seen s;

	TEST_BEGIN("corrupt/pcp_count");
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 0), 0);	/* refill 0-3, 1-3 stay cached */
	EXPECT_EQ(pcp->count, 3);
	EXPECT_EQ(check_all(m, &s, 0), 0);
	pcp->count++;
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "pcp.count"), 1);

	TEST_BEGIN("corrupt/pcp_disabled_holds");
	pcp->count--;
	pcp->high = 0;				/* a disabled cache holding 3 pages */
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "pcp.disabled_holds"), 1);
	pcp->high = 8;

	TEST_BEGIN("corrupt/pcp_entry");
	pfn_to_page(m, 2)->cpu = 1;		/* cached by cpu 0, says cpu 1 */
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_TRUE(seen_at(&s, "pcp.entry", 2));
	pfn_to_page(m, 2)->cpu = 0;
	EXPECT_EQ(check_all(m, &s, 0), 0);

	TEST_BEGIN("corrupt/pcp_layout");
	normal(m)->pcp = pcp + 1;		/* not where page_pcp() finds Normal's sets */
	EXPECT_EQ(check_all(m, &s, 0), 3);
	EXPECT_EQ(count_id(&s, "pcp.layout"), 1);
	/* and no longer what both zonelists' caches hold for Normal */
	EXPECT_EQ(count_id(&s, "zonelist.preferred_pcp"), 2);
	normal(m)->pcp = pcp;
	m->pcp_zone_bytes += sizeof(*pcp);	/* every zone's sets found a set too far */
	EXPECT_EQ(check_all(m, &s, 0), NR_ZONE_TYPES);
	EXPECT_EQ(count_id(&s, "pcp.layout"), NR_ZONE_TYPES);
	m->pcp_zone_bytes -= sizeof(*pcp);
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/*
 * A zone without managed pages (DMA here) has dead lists that the walk does
 * not read; a page moved onto one must still be reported, through its own
 * zone's counters, the dead zone's counters and the memmap census.
 */
static void test_dead_zone_lists(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct zone *dma = &m->nodes[0].zones[ZONE_DMA], *z = normal(m);
	struct page *p;
	struct seen s;

	TEST_BEGIN("corrupt/listed_in_dead_zone");
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 3), 0);	/* splits block 0: 8-15 stay free */
	p = pfn_to_page(m, 8);
	EXPECT_TRUE(p->flags & PG_BUDDY);
	EXPECT_EQ(p->order, 3);
	EXPECT_EQ(dma->managed_pages, 0);
	list_del(&p->lru);			/* counters follow the page to DMA */
	list_add_head(&p->lru, &dma->free_area[3].free_list[MIGRATE_MOVABLE]);
	z->free_area[3].nr_free--, z->free_area[3].nr_free_mt[MIGRATE_MOVABLE]--, z->free_pages -= 8;
	dma->free_area[3].nr_free++, dma->free_area[3].nr_free_mt[MIGRATE_MOVABLE]++,
		dma->free_pages += 8;
	EXPECT_EQ(check_all(m, &s, 0), 4);
	EXPECT_EQ(count_id(&s, "buddy.nr_free"), 1);		/* DMA: no list read, 1 counted */
	EXPECT_EQ(count_id(&s, "buddy.free_pages"), 1);	/* DMA: 0 listed, 8 counted */
	EXPECT_EQ(count_id(&s, "buddy.unlisted_head"), 2);	/* Normal 1 head uncounted, DMA 0 vs 1 */

	TEST_BEGIN("corrupt/listed_in_dead_zone_uncounted");
	dma->free_area[3].nr_free--, dma->free_area[3].nr_free_mt[MIGRATE_MOVABLE]--,
		dma->free_pages -= 8;
	z->free_area[3].nr_free++, z->free_area[3].nr_free_mt[MIGRATE_MOVABLE]++, z->free_pages += 8;
	EXPECT_EQ(check_all(m, &s, 0), 3);		/* Normal counts it, its lists lack it */
	EXPECT_EQ(count_id(&s, "buddy.nr_free_mt"), 1);
	EXPECT_EQ(count_id(&s, "buddy.nr_free"), 1);
	EXPECT_EQ(count_id(&s, "buddy.free_pages"), 1);
	list_del(&p->lru);
	list_add_head(&p->lru, &z->free_area[3].free_list[MIGRATE_MOVABLE]);
	EXPECT_EQ(check_all(m, &s, 0), 0);

	TEST_BEGIN("corrupt/pcp_count_in_dead_zone");
	dma->pcp[0].count = 1;			/* pcp off here: also "disabled but holds" */
	EXPECT_EQ(check_all(m, &s, 0), 2);
	EXPECT_EQ(count_id(&s, "pcp.count"), 1);
	EXPECT_EQ(count_id(&s, "pcp.disabled_holds"), 1);
	dma->pcp[0].count = 0;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/* Each field of a tail page that the memmap walk compares, broken alone. */
static void test_tail_page_fields(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct page *p = pfn_to_page(m, 21), saved;	/* page 5 of the free block at 16 */
	struct seen s;

	TEST_BEGIN("corrupt/tail_page_fields");
	EXPECT_EQ(check_all(m, &s, 0), 0);
	saved = *p;
	p->flags |= PG_RESERVED;
	EXPECT_GT(check_all(m, &s, 0), 0);
	EXPECT_TRUE(seen_at(&s, "memmap.block_page_bad", 21));
	*p = saved;
	p->flags |= PG_HEAD;
	EXPECT_TRUE(check_all(m, &s, 0) > 0 && seen_at(&s, "memmap.block_page_bad", 21));
	*p = saved;
	p->flags &= (uint8_t)~PG_PRESENT;
	EXPECT_TRUE(check_all(m, &s, 0) > 0 && seen_at(&s, "memmap.block_page_bad", 21));
	*p = saved;
	p->nid = 1;
	EXPECT_TRUE(check_all(m, &s, 0) > 0 && seen_at(&s, "memmap.block_page_bad", 21));
	*p = saved;
	p->zone_idx = ZONE_DMA32;
	EXPECT_TRUE(check_all(m, &s, 0) > 0 && seen_at(&s, "memmap.block_page_bad", 21));
	*p = saved;
	p->order = 3;			/* a field the rule does not read: still clean */
	p->cpu = 5;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	*p = saved;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/* An allocated head that loses its flag: its pages belong to no block. */
static void test_leaked_page(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct page *p;
	struct seen s;

	TEST_BEGIN("corrupt/leaked_order0");
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 0), 0);
	p = pfn_to_page(m, 0);
	p->flags &= ~PG_HEAD;
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_TRUE(seen_at(&s, "memmap.orphan", 0));
	p->flags |= PG_HEAD;

	TEST_BEGIN("corrupt/leaked_order2");
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 2), 4);	/* the free order-2 block */
	p = pfn_to_page(m, 4);
	p->flags &= ~PG_HEAD;
	EXPECT_EQ(check_all(m, &s, 0), 4);		/* every page of it */
	EXPECT_EQ(count_id(&s, "memmap.orphan"), 4);
	EXPECT_TRUE(seen_at(&s, "memmap.orphan", 7));
	p->flags |= PG_HEAD;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/* The zone's managed count against the memmap, and the watermarks after it. */
static void test_managed_changed(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct seen s;

	TEST_BEGIN("corrupt/managed");
	normal(m)->managed_pages--;
	/* min_free_kbytes 0: the watermarks of 63 and 64 pages are the same */
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "zone.managed"), 1);
	normal(m)->managed_pages++;
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/* ---- limit and the incremental check ---- */

static void test_limit(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct seen s;

	TEST_BEGIN("limit/stops_at_limit");
	normal(m)->free_area[4].nr_free++;	/* two reports without a limit */
	EXPECT_EQ(check_all(m, &s, 0), 2);
	EXPECT_EQ(check_all(m, &s, 1), 1);
	normal(m)->free_area[4].nr_free--;
	EXPECT_EQ(check_all(m, &s, 1), 0);
	alloc_destroy(m);
}

/*
 * alloc_check_touched() looks at the blocks the ops since the last check
 * put on or took off a list, and at the counters of their zones.
 */
static void test_touched(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct seen s;
	unsigned long a;

	TEST_BEGIN("touched/first_is_full_walk");
	/* right after boot the incremental check walks everything */
	normal(m)->free_pages++;
	EXPECT_EQ(check_touched(m, &s), 1);
	EXPECT_EQ(count_id(&s, "buddy.free_pages"), 1);
	normal(m)->free_pages--;
	EXPECT_EQ(check_all(m, &s, 0), 0);

	TEST_BEGIN("touched/corrupt_touched_free_block");
	a = alloc_ok(m, GFPF_MOVABLE, 2);		/* 0: splits 0, frees 4 (o2) and 8 (o3) */
	EXPECT_EQ(a, 0);
	pageblock_set_type(normal(m), 8, MIGRATE_UNMOVABLE);	/* under the touched block 8 */
	EXPECT_EQ(check_touched(m, &s), 1);
	EXPECT_TRUE(seen_at(&s, "buddy.list_type", 8));
	pageblock_set_type(normal(m), 8, MIGRATE_MOVABLE);

	TEST_BEGIN("touched/counters_of_touched_zone");
	EXPECT_EQ(alloc_free_pages(m, a, 2, 0), 0);	/* touches 0, 4, 8 again */
	normal(m)->free_pages += 2;
	EXPECT_EQ(check_touched(m, &s), 1);
	EXPECT_EQ(count_id(&s, "buddy.free_pages"), 1);
	normal(m)->free_pages -= 2;

	TEST_BEGIN("touched/log_is_consumed");
	/* nothing touched since: an untouched corruption is not its business */
	pageblock_set_type(normal(m), 40, MIGRATE_UNMOVABLE);
	EXPECT_EQ(check_touched(m, &s), 0);
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_TRUE(seen_at(&s, "buddy.list_type", 32));
	pageblock_set_type(normal(m), 40, MIGRATE_MOVABLE);
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

/*
 * A memmap base one struct page off makes every pfn_to_page() name the
 * next page: reported once as memmap.base, by the full and the incremental
 * check, and no walk runs on it (each would read past the memmap's end).
 */
static void test_memmap_base(void)
{
	struct alloc_machine *m = boot_machine(0, 1);
	struct seen s;

	TEST_BEGIN("corrupt/memmap_base");
	EXPECT_EQ(alloc_ok(m, GFPF_MOVABLE, 0), 0);	/* something in the touch log */
	EXPECT_TRUE(pfn_to_page(m, 0) == &m->memmap[0]);
	EXPECT_EQ(page_to_pfn(m, &m->memmap[5]), 5);
	m->memmap_base += sizeof(struct page);
	EXPECT_EQ(check_touched(m, &s), 1);
	EXPECT_EQ(count_id(&s, "memmap.base"), 1);
	EXPECT_EQ(check_all(m, &s, 0), 1);
	EXPECT_EQ(count_id(&s, "memmap.base"), 1);
	m->memmap_base -= sizeof(struct page);
	EXPECT_EQ(check_all(m, &s, 0), 0);
	alloc_destroy(m);
}

int main(void)
{
	test_clean();
	test_buddy_flag_cleared();
	test_nr_free_bumped();
	test_pageblock_type_changed();
	test_unmerged_buddies();
	test_pcp_count();
	test_dead_zone_lists();
	test_tail_page_fields();
	test_leaked_page();
	test_managed_changed();
	test_limit();
	test_touched();
	test_memmap_base();
	return test_main_end();
}
