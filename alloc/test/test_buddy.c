// SPDX-License-Identifier: MIT
/*
 * test_buddy.c - buddy.c's batch refill of a per-cpu list.
 *
 * buddy_take_bulk() takes the blocks of one split at once
 * (rmqueue_smallest_run()) instead of one __rmqueue() call per block.
 * It must leave the machine exactly as the one-at-a-time loop does: the
 * same blocks on the per-cpu list in the same order, and the same free
 * lists, block by block and in list order, with the same counters and
 * pageblock types.  Two machines are booted and fragmented by the same
 * seeded op sequence; one is refilled in bulk, the other by buddy_take()
 * and pcp_add() per block, and every list of the zone is compared.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

#define NR_PAGES	4096UL
#define MAX_LIVE	2048

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 16 MiB of Normal, orders 0..6, pageblocks of 16 pages, one cpu, no caching. */
static struct alloc_machine *boot_machine(void)
{
	static const unsigned long zones[3] = { 0, 0, NR_PAGES };
	struct alloc_config cfg;
	struct alloc_machine *m;

	alloc_config_default(&cfg);
	cfg.max_order = 6;
	cfg.pageblock_order = 4;
	cfg.nr_cpus = 1;
	cfg.nr_nodes = 1;
	cfg.pcp_auto = false;
	cfg.pcp_high = 0;
	cfg.pcp_batch = 1;
	cfg.min_free_auto = false;
	cfg.min_free_kbytes = 0;
	if (alloc_create(&cfg, &m) || alloc_set_zones(m, zones, false, 0) ||
	    alloc_memblock_add(m, 0, NR_PAGES * PAGE_SIZE, 0) || alloc_boot(m)) {
		fprintf(stderr, "cannot boot the test machine\n");
		exit(2);
	}
	return m;
}

/*
 * Seeded allocations of every order and type, about half freed again in
 * another order: free lists of mixed orders, several blocks per list,
 * pageblocks of every type.
 */
static void fragment(struct alloc_machine *m, uint64_t seed)
{
	static const uint32_t gfps[] = { GFP_KERNEL, GFP_HIGHUSER_MOVABLE,
					 GFP_KERNEL | GFPF_RECLAIMABLE };
	unsigned long pfn[MAX_LIVE];
	unsigned int order[MAX_LIVE], n = 0, i;

	while (n < MAX_LIVE) {
		unsigned int o = (unsigned int)(rng_next(&seed) % 4);
		uint32_t gfp = gfps[rng_next(&seed) % 3] | GFPF_NO_WATERMARKS;

		if (alloc_pages(m, gfp, o, 0, NUMA_NO_NODE, &pfn[n]))
			break;
		order[n++] = o;
	}
	for (i = 0; i < n; i++) {
		unsigned int j = i + (unsigned int)(rng_next(&seed) % (n - i));
		unsigned long tp = pfn[i];
		unsigned int to = order[i];

		pfn[i] = pfn[j], order[i] = order[j];
		pfn[j] = tp, order[j] = to;
		if (rng_next(&seed) % 2)
			EXPECT_EQ(alloc_free_pages(m, pfn[i], order[i], 0), 0);
	}
}

static bool same_list(const struct alloc_machine *a, const struct list_head *la,
		      const struct alloc_machine *b, const struct list_head *lb)
{
	const struct list_head *pa = la->next, *pb = lb->next;

	for (; pa != la && pb != lb; pa = pa->next, pb = pb->next) {
		const struct page *ga = list_entry(pa, struct page, lru);
		const struct page *gb = list_entry(pb, struct page, lru);

		if (page_to_pfn(a, ga) != page_to_pfn(b, gb) || ga->order != gb->order ||
		    ga->flags != gb->flags || ga->list_mt != gb->list_mt)
			return false;
	}
	return pa == la && pb == lb;
}

/* Every free list, the cpu's per-cpu lists, the counters and the pageblock types. */
static void expect_same(struct alloc_machine *a, struct alloc_machine *b)
{
	struct zone *za = &a->nodes[0].zones[ZONE_NORMAL], *zb = &b->nodes[0].zones[ZONE_NORMAL];
	unsigned long pfn;
	unsigned int o, i;
	int mt;

	EXPECT_EQ(za->free_pages, zb->free_pages);
	EXPECT_EQ(za->pcp[0].count, zb->pcp[0].count);
	for (o = 0; o <= a->max_order; o++) {
		EXPECT_EQ(za->free_area[o].nr_free, zb->free_area[o].nr_free);
		for (mt = 0; mt < NR_MIGRATETYPES; mt++) {
			EXPECT_EQ(za->free_area[o].nr_free_mt[mt], zb->free_area[o].nr_free_mt[mt]);
			EXPECT_TRUE(same_list(a, &za->free_area[o].free_list[mt],
					      b, &zb->free_area[o].free_list[mt]));
		}
	}
	for (i = 0; i < NR_PCP_LISTS; i++)
		EXPECT_TRUE(same_list(a, &za->pcp[0].lists[i], b, &zb->pcp[0].lists[i]));
	for (pfn = 0; pfn < NR_PAGES; pfn += a->pageblock_nr_pages)
		EXPECT_EQ(get_pageblock_migratetype(za, pfn), get_pageblock_migratetype(zb, pfn));
}

/* The loop buddy_take_bulk() replaces: one __rmqueue() per block. */
static unsigned int take_one_at_a_time(struct zone *zone, unsigned int order, int mt,
				       unsigned int n)
{
	unsigned long pfn;
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!buddy_take(zone, order, mt, 0, &pfn))
			break;
		pcp_add(zone, 0, pfn_to_page(zone->machine, pfn), pfn, order, mt, true);
	}
	return i;
}

/*
 * From 8 fragmented states each, refills of every order and type, of
 * sizes 1 to 70 blocks, in turn until the zone runs dry: each refill is
 * compared list by list.
 */
static void test_bulk_matches_one_at_a_time(void)
{
	static const unsigned int sizes[] = { 1, 2, 3, 7, 31, 63, 70 };
	uint64_t seed;

	TEST_BEGIN("bulk refill leaves what one-at-a-time refills leave");
	for (seed = 1; seed <= 8; seed++) {
		struct alloc_machine *a = boot_machine(), *b = boot_machine();
		struct zone *za = &a->nodes[0].zones[ZONE_NORMAL];
		struct zone *zb = &b->nodes[0].zones[ZONE_NORMAL];
		unsigned int step, got_a, got_b;

		fragment(a, seed);
		fragment(b, seed);
		expect_same(a, b);
		for (step = 0; step < 200; step++) {
			unsigned int order = step % 4, n = sizes[(step / 4) % 7];
			int mt = (int)((step / 2) % MIGRATE_PCPTYPES);

			got_a = buddy_take_bulk(za, 0, order, mt, 0, n);
			got_b = take_one_at_a_time(zb, order, mt, n);
			EXPECT_EQ(got_a, got_b);
			expect_same(a, b);
			if (!got_a && order == 0)
				break;
		}
		/* the zone was taken down to its last pages */
		EXPECT_LT(za->free_pages, NR_PAGES / 4);
		pcp_drain_all(a);
		pcp_drain_all(b);
		expect_same(a, b);
		EXPECT_EQ(alloc_check_all(a, NULL, NULL, 0), 0);
		EXPECT_EQ(alloc_check_all(b, NULL, NULL, 0), 0);
		alloc_destroy(a);
		alloc_destroy(b);
	}
}

int main(void)
{
	test_bulk_matches_one_at_a_time();
	return test_main_end();
}
