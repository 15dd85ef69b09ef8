// SPDX-License-Identifier: MIT
/*
 * test_zonelist.c - zonelist.c: the fallback and no-fallback zonelists of
 * every node for 1 to 4 nodes, with the default distances (10 local, 20
 * remote) and with custom ones, with and without cpus on the remote nodes,
 * and with a memoryless node.
 *
 * The expected orders are worked out by hand from find_next_best_node():
 * the local node first, then the lowest
 *   (distance + [n < local] + [n has cpus]) * 1024 + node_load[n],
 * ties to the lower id, where node_load[n] grows by one each time n is the
 * first node of a new distance group in some node's list (node_load is
 * shared by all nodes' builds, in node order).  Each node contributes its
 * zones with managed pages from the highest index down.  Node n's memory
 * is pfns [64n, 64n + 64); cpu c sits on node c % nodes, so a node has
 * cpus iff its id < cpus.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

#define NODE_PAGES	64UL

struct topo {
	unsigned int nr_nodes, nr_cpus;
	unsigned int memoryless;		/* bit n: node n has no memory */
	unsigned long zones[3];			/* max_zone_pfn[]; 0 = all Normal */
	long movable;				/* ZONE_MOVABLE start, or -1 */
	uint8_t distance[ALLOC_MAX_NODES][ALLOC_MAX_NODES];
};

static struct alloc_machine *build(const struct topo *t)
{
	unsigned long zones[3] = { 0, 0, t->nr_nodes * NODE_PAGES };
	struct alloc_config cfg;
	struct alloc_machine *m;
	unsigned int n;

	alloc_config_default(&cfg);
	cfg.max_order = 4;
	cfg.pageblock_order = 2;
	cfg.nr_nodes = t->nr_nodes;
	cfg.nr_cpus = t->nr_cpus;
	cfg.pcp_auto = false;
	cfg.pcp_high = 0;
	cfg.min_free_auto = false;
	cfg.min_free_kbytes = 0;
	memcpy(cfg.distance, t->distance, sizeof(cfg.distance));
	if (t->zones[2])
		memcpy(zones, t->zones, sizeof(zones));
	if (alloc_create(&cfg, &m))
		goto fail;
	for (n = 0; n < t->nr_nodes; n++)
		if (!(t->memoryless & (1u << n)) &&
		    alloc_memblock_add(m, n * NODE_PAGES * PAGE_SIZE, NODE_PAGES * PAGE_SIZE,
				       (int)n))
			goto fail;
	if (alloc_set_zones(m, zones, t->movable >= 0,
			    t->movable >= 0 ? (unsigned long)t->movable : 0) || alloc_boot(m))
		goto fail;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
	return m;
fail:
	fprintf(stderr, "cannot build the test machine\n");
	exit(2);
}

/* "0:Normal 1:Normal ..." */
static const char *show(const struct zonelist *zl)
{
	static char buf[512];
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < zl->nr && used < sizeof(buf); i++)
		used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%d:%s",
					 i ? " " : "", zl->zones[i]->nid,
					 alloc_zone_name(zl->zones[i]->idx));
	return buf;
}

static void expect_lists(const char *name, const struct topo *t, const char *const *fallback,
			 const char *const *thisnode)
{
	struct alloc_machine *m = build(t);
	char label[96];
	unsigned int n;

	for (n = 0; n < t->nr_nodes; n++) {
		snprintf(label, sizeof(label), "%s/node%u", name, n);
		TEST_BEGIN(label);
		EXPECT_STREQ(show(&m->nodes[n].zonelist_fallback), fallback[n]);
		EXPECT_STREQ(show(&m->nodes[n].zonelist_nofallback), thisnode[n]);
	}
	alloc_destroy(m);
}

static void test_one_node(void)
{
	/* DMA [0,16), DMA32 [16,32), Normal [32,48), Movable [48,64) */
	struct topo t = { .nr_nodes = 1, .nr_cpus = 1, .zones = { 16, 32, 64 }, .movable = 48 };
	static const char *const both[] = { "0:Movable 0:Normal 0:DMA32 0:DMA" };

	expect_lists("one_node/four_zones", &t, both, both);
}

static void test_two_nodes(void)
{
	struct topo t = { .nr_nodes = 2, .nr_cpus = 1, .movable = -1 };
	static const char *const fb[] = { "0:Normal 1:Normal", "1:Normal 0:Normal" };
	static const char *const own[] = { "0:Normal", "1:Normal" };
	/* node 0 = DMA [0,16) + Normal [16,64); node 1 = Normal [64,128) */
	struct topo dma = { .nr_nodes = 2, .nr_cpus = 2, .zones = { 16, 16, 128 }, .movable = -1 };
	static const char *const fb_dma[] = { "0:Normal 0:DMA 1:Normal", "1:Normal 0:Normal 0:DMA" };
	static const char *const own_dma[] = { "0:Normal 0:DMA", "1:Normal" };

	expect_lists("two_nodes/default", &t, fb, own);
	expect_lists("two_nodes/zones_high_to_low", &dma, fb_dma, own_dma);
}

static void test_three_nodes(void)
{
	static const char *const own[] = { "0:Normal", "1:Normal", "2:Normal" };
	/*
	 * cpus=1.  node 0: 1 and 2 both 20*1024 -> 1 (load[1] = 1), then 2.
	 * node 1: 0 = (20+1+1)*1024, 2 = 20*1024 -> 2 (load[2] = 1), then 0.
	 * node 2: 0 = 22*1024, 1 = 21*1024 + 1 -> 1, then 0.
	 */
	struct topo t = { .nr_nodes = 3, .nr_cpus = 1, .movable = -1 };
	static const char *const fb[] = {
		"0:Normal 1:Normal 2:Normal",
		"1:Normal 2:Normal 0:Normal",
		"2:Normal 1:Normal 0:Normal",
	};
	/*
	 * cpus=3: every node has cpus.  node 0 -> 1 (load[1] = 1), 2.
	 * node 1: 0 = 22*1024, 2 = 21*1024 -> 2 (load[2] = 1), 0.
	 * node 2: 0 = 22*1024 + 0, 1 = 22*1024 + 1 -> 0 first: the load
	 * spreads equal-distance nodes round-robin.
	 */
	struct topo cpus = { .nr_nodes = 3, .nr_cpus = 3, .movable = -1 };
	static const char *const fb_cpus[] = {
		"0:Normal 1:Normal 2:Normal",
		"1:Normal 2:Normal 0:Normal",
		"2:Normal 0:Normal 1:Normal",
	};
	/*
	 * node 0 -> 1 at 30, -> 2 at 20 (the other rows default): node 0 takes
	 * 2 before 1 (load[2] = 1, load[1] = 1); node 1: 0 = 22*1024,
	 * 2 = 20*1024 + 1 -> 2, 0; node 2: 0 = 22*1024, 1 = 21*1024 + 1 -> 1, 0.
	 */
	struct topo custom = { .nr_nodes = 3, .nr_cpus = 1, .movable = -1,
			       .distance = { [0] = { [1] = 30, [2] = 20 } } };
	static const char *const fb_custom[] = {
		"0:Normal 2:Normal 1:Normal",
		"1:Normal 2:Normal 0:Normal",
		"2:Normal 1:Normal 0:Normal",
	};

	expect_lists("three_nodes/default", &t, fb, own);
	expect_lists("three_nodes/cpus_everywhere", &cpus, fb_cpus, own);
	expect_lists("three_nodes/custom", &custom, fb_custom, own);
}

static void test_four_nodes(void)
{
	static const char *const own[] = { "0:Normal", "1:Normal", "2:Normal", "3:Normal" };
	/*
	 * cpus=1, default distances.  node 0: 1, 2, 3 (load[1] = 1).
	 * node 1: 2 = 20*1024, 3 = 20*1024, 0 = 22*1024 -> 2 (load[2] = 1), 3, 0.
	 * node 2: 3 = 20*1024 -> 3 (load[3] = 1); 1 = 21*1024 + 1 < 0 = 22*1024.
	 * node 3: 1 and 2 both 21*1024 + 1 -> 1 (lower id), 2, 0.
	 */
	struct topo t = { .nr_nodes = 4, .nr_cpus = 1, .movable = -1 };
	static const char *const fb[] = {
		"0:Normal 1:Normal 2:Normal 3:Normal",
		"1:Normal 2:Normal 3:Normal 0:Normal",
		"2:Normal 3:Normal 1:Normal 0:Normal",
		"3:Normal 1:Normal 2:Normal 0:Normal",
	};
	/*
	 * Two sockets {0,1} and {2,3}: 20 inside, 30 across; a cpu on every node.
	 * node 0: 1 (21*1024; load[1] = 1), then 2 and 3 tie -> 2 (load[2] = 1), 3.
	 * node 1: 0 (22*1024; load[0] = 1), then 3 = 31*1024 < 2 = 31*1024 + 1
	 *   -> 3 (load[3] = 1), 2.
	 * node 2: 3 (21*1024 + 1; load[3] = 2), then 0 and 1 tie at 32*1024 + 1
	 *   -> 0 (load[0] = 2), 1.
	 * node 3: 2 (22*1024 + 1; load[2] = 2), then 1 = 32*1024 + 1 < 0 =
	 *   32*1024 + 2 -> 1, 0.
	 */
	struct topo sockets = {
		.nr_nodes = 4, .nr_cpus = 4, .movable = -1,
		.distance = {
			{ 10, 20, 30, 30 },
			{ 20, 10, 30, 30 },
			{ 30, 30, 10, 20 },
			{ 30, 30, 20, 10 },
		},
	};
	static const char *const fb_sockets[] = {
		"0:Normal 1:Normal 2:Normal 3:Normal",
		"1:Normal 0:Normal 3:Normal 2:Normal",
		"2:Normal 3:Normal 0:Normal 1:Normal",
		"3:Normal 2:Normal 1:Normal 0:Normal",
	};

	expect_lists("four_nodes/default", &t, fb, own);
	expect_lists("four_nodes/two_sockets", &sockets, fb_sockets, own);
}

/*
 * Node 1 has no memory: it is in no list, but its own lists exist and lead
 * elsewhere (node 1: 2 = 20*1024 beats 0 = 22*1024); its no-fallback list
 * is empty.  An allocation for node 1 lands on node 2.
 */
static void test_memoryless(void)
{
	struct topo t = { .nr_nodes = 3, .nr_cpus = 1, .memoryless = 1u << 1, .movable = -1 };
	static const char *const fb[] = {
		"0:Normal 2:Normal",
		"2:Normal 0:Normal",
		"2:Normal 0:Normal",
	};
	static const char *const own[] = { "0:Normal", "", "2:Normal" };
	struct alloc_machine *m;
	struct alloc_pfn_info pi;
	unsigned long pfn;

	expect_lists("memoryless", &t, fb, own);

	TEST_BEGIN("memoryless/alloc_falls_back");
	m = build(&t);
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE, 0, 0, 1, &pfn), 0);
	alloc_pfn_info(m, pfn, &pi);
	EXPECT_EQ(pi.nid, 2);
	EXPECT_EQ(alloc_pages(m, GFPF_MOVABLE | GFPF_THISNODE, 0, 0, 1, &pfn), ALLOC_ENOMEM);
	alloc_destroy(m);
}

/* The checker accepts the lists built and names a broken one. */
static void test_check(void)
{
	struct topo t = { .nr_nodes = 2, .nr_cpus = 1, .movable = -1 };
	struct alloc_machine *m = build(&t);
	struct zonelist *zl = &m->nodes[0].zonelist_fallback;
	struct zone *first = zl->zones[0];

	TEST_BEGIN("check/own_zone_not_first");
	zl->zones[0] = zl->zones[1];
	zl->zones[1] = first;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 1);
	zl->zones[1] = zl->zones[0];
	zl->zones[0] = first;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);

	TEST_BEGIN("check/own_zone_missing");
	m->nodes[0].zonelist_nofallback.nr = 0;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 1);
	m->nodes[0].zonelist_nofallback.nr = 1;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
	alloc_destroy(m);
}

static void count_id(void *arg, const struct alloc_violation *v)
{
	if (!strcmp(v->id, "zonelist.order"))
		(*(unsigned int *)arg)++;
}

/* A node's zones must be listed highest first (build_zonerefs_node()). */
static void test_check_order(void)
{
	struct topo t = { .nr_nodes = 1, .nr_cpus = 1, .movable = -1,
			  .zones = { 16, 32, NODE_PAGES } };
	struct alloc_machine *m = build(&t);
	struct zonelist *zl = &m->nodes[0].zonelist_nofallback;
	struct zone *first = zl->zones[0];
	unsigned int order_reports = 0;

	TEST_BEGIN("check/zones_lowest_first");
	EXPECT_EQ(zl->nr, 3);
	EXPECT_STREQ(show(zl), "0:Normal 0:DMA32 0:DMA");
	zl->zones[0] = zl->zones[2];
	zl->zones[2] = first;
	EXPECT_EQ(alloc_check_all(m, count_id, &order_reports, 0), 2);
	EXPECT_EQ(order_reports, 2);
	zl->zones[2] = zl->zones[0];
	zl->zones[0] = first;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
	alloc_destroy(m);
}

struct named {
	const char *id;
	unsigned int n;		/* reports with that id */
};

static void count_named(void *arg, const struct alloc_violation *v)
{
	struct named *want = arg;

	if (!strcmp(v->id, want->id))
		want->n++;
}

/*
 * The caches the fast path reads are checked against what they cache:
 * first[] against a walk of its list, preferred_zone[] against first[],
 * preferred_pcp[] against the preferred zone's sets,
 * cpu_node[] against cpu % nr_nodes, gfp_class[] against gfp_zone() and
 * gfp_migratetype(), a zone's pageblock order against the machine's.  Each planted wrong value is named by its own id, once.
 */
static void test_check_caches(void)
{
	struct topo t = { .nr_nodes = 2, .nr_cpus = 2, .movable = -1,
			  .zones = { 16, 32, 2 * NODE_PAGES } };
	struct alloc_machine *m = build(&t);
	struct zonelist *zl = &m->nodes[1].zonelist_nofallback;
	struct zone *z = &m->nodes[0].zones[ZONE_NORMAL];
	struct named want;
	uint8_t saved;
	struct zone *saved_zone;

	TEST_BEGIN("check/caches_clean");
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
	/* node 0 holds DMA, DMA32 and Normal: DMA32 is the first zone <= DMA32 */
	EXPECT_EQ(m->nodes[0].zonelist_fallback.first[ZONE_DMA32], 1);
	EXPECT_TRUE(m->preferred_zone[0][0][ZONE_DMA32] == &m->nodes[0].zones[ZONE_DMA32]);
	/* node 1 holds Normal only: its own list has nothing at or below DMA */
	EXPECT_EQ(zl->first[ZONE_DMA], zl->nr);
	EXPECT_TRUE(m->preferred_zone[1][1][ZONE_DMA] == NULL);

	TEST_BEGIN("check/first_wrong");
	saved = m->nodes[0].zonelist_fallback.first[ZONE_DMA32];
	m->nodes[0].zonelist_fallback.first[ZONE_DMA32] = 0;
	want = (struct named){ "zonelist.first", 0 };
	EXPECT_EQ(alloc_check_all(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	m->nodes[0].zonelist_fallback.first[ZONE_DMA32] = saved;

	TEST_BEGIN("check/preferred_wrong");
	saved_zone = m->preferred_zone[1][1][ZONE_DMA];
	m->preferred_zone[1][1][ZONE_DMA] = z;
	want = (struct named){ "zonelist.preferred", 0 };
	EXPECT_EQ(alloc_check_all(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	m->preferred_zone[1][1][ZONE_DMA] = saved_zone;

	TEST_BEGIN("check/preferred_pcp_wrong");
	EXPECT_TRUE(m->preferred_pcp[0][0][ZONE_DMA32] == m->nodes[0].zones[ZONE_DMA32].pcp);
	m->preferred_pcp[0][0][ZONE_DMA32] = z->pcp;	/* Normal's sets for a DMA32 request */
	want = (struct named){ "zonelist.preferred_pcp", 0 };
	EXPECT_EQ(alloc_check_all(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	m->preferred_pcp[0][0][ZONE_DMA32] = m->nodes[0].zones[ZONE_DMA32].pcp;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);

	TEST_BEGIN("check/cpu_node_wrong");
	m->cpu_node[1] = 0;
	want = (struct named){ "zonelist.cpu_node", 0 };
	EXPECT_EQ(alloc_check_all(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	m->cpu_node[1] = 1;

	TEST_BEGIN("check/gfp_class_wrong");
	EXPECT_EQ(m->gfp_class[GFPF_MOVABLE | GFPF_HIGHMEM],
		  ZONE_MOVABLE | MIGRATE_MOVABLE << 2);
	EXPECT_EQ(m->gfp_class[GFPF_DMA | GFPF_DMA32], GFP_CLASS_BAD);
	EXPECT_EQ(m->gfp_class[GFPF_MOVABLE | GFPF_RECLAIMABLE], GFP_CLASS_BAD);
	m->gfp_class[GFPF_RECLAIMABLE] = ZONE_NORMAL | MIGRATE_UNMOVABLE << 2;
	want = (struct named){ "zonelist.gfp_class", 0 };
	EXPECT_EQ(alloc_check_all(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	m->gfp_class[GFPF_RECLAIMABLE] = ZONE_NORMAL | MIGRATE_RECLAIMABLE << 2;

	TEST_BEGIN("check/pageblock_order_copy_wrong");
	z->pageblock_order = m->pageblock_order + 1;
	want = (struct named){ "pageblock.order_copy", 0 };
	EXPECT_EQ(alloc_check_all(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	z->pageblock_order = m->pageblock_order;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
	alloc_destroy(m);
}

/*
 * struct page.pageblock_mt, the copy of the pageblock's type the free
 * path reads: a retype reaches the pages of its own zone only (DMA and
 * DMA32 share the pageblock [16, 20) here), and a wrong copy is reported
 * by the full walk (a free page) and by the incremental check of a
 * touched allocation.
 */
static void test_check_pageblock_mirror(void)
{
	struct topo t = { .nr_nodes = 1, .nr_cpus = 1, .movable = -1,
			  .zones = { 18, 32, NODE_PAGES } };
	struct alloc_machine *m = build(&t);
	struct zone *dma = &m->nodes[0].zones[ZONE_DMA], *dma32 = &m->nodes[0].zones[ZONE_DMA32];
	struct named want;
	unsigned long pfn = 0;

	TEST_BEGIN("check/pageblock_mt_follows_retype");
	set_pageblock_migratetype(dma32, 18, MIGRATE_UNMOVABLE);
	EXPECT_EQ(pfn_to_page(m, 18)->pageblock_mt, MIGRATE_UNMOVABLE);
	EXPECT_EQ(pfn_to_page(m, 19)->pageblock_mt, MIGRATE_UNMOVABLE);
	EXPECT_EQ(pfn_to_page(m, 17)->pageblock_mt, MIGRATE_MOVABLE);
	EXPECT_EQ(get_pageblock_migratetype(dma, 17), MIGRATE_MOVABLE);
	EXPECT_EQ(pfn_to_page(m, 20)->pageblock_mt, MIGRATE_MOVABLE);
	pageblock_set_type(dma32, 19, MIGRATE_MOVABLE);
	EXPECT_EQ(pfn_to_page(m, 18)->pageblock_mt, MIGRATE_MOVABLE);
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);

	TEST_BEGIN("check/pageblock_mt_wrong_free");
	pfn_to_page(m, 41)->pageblock_mt = MIGRATE_RECLAIMABLE;
	want = (struct named){ "memmap.pageblock_mt", 0 };
	EXPECT_EQ(alloc_check_all(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	pfn_to_page(m, 41)->pageblock_mt = MIGRATE_MOVABLE;
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);

	TEST_BEGIN("check/pageblock_mt_wrong_touched");
	EXPECT_EQ(alloc_pages(m, GFP_KERNEL, 0, 0, NUMA_NO_NODE, &pfn), 0);
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
	pfn_to_page(m, pfn)->pageblock_mt = MIGRATE_HIGHATOMIC;
	m->touched.pfn[0] = pfn;
	m->touched.nr = 1;
	want = (struct named){ "memmap.pageblock_mt", 0 };
	EXPECT_EQ(alloc_check_touched(m, count_named, &want, 0), 1);
	EXPECT_EQ(want.n, 1);
	pfn_to_page(m, pfn)->pageblock_mt =
		(uint8_t)get_pageblock_migratetype(page_zone(m, pfn_to_page(m, pfn)), pfn);
	EXPECT_EQ(alloc_free_pages(m, pfn, 0, 0), 0);
	EXPECT_EQ(alloc_check_all(m, NULL, NULL, 0), 0);
	alloc_destroy(m);
}

int main(void)
{
	test_one_node();
	test_two_nodes();
	test_three_nodes();
	test_four_nodes();
	test_memoryless();
	test_check();
	test_check_order();
	test_check_caches();
	test_check_pageblock_mirror();
	return test_main_end();
}
