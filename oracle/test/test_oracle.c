/* SPDX-License-Identifier: MIT */
/*
 * test_oracle.c - every oracle check, fired on a hand-made wrong answer and
 * passed on a right one, over small maps built by hand.
 *
 * The maps are those of oracle_maps.h; the randomized tests of the
 * word-at-a-time paths are in test_oracle_random.c.  Each test builds its
 * own oracle and destroys it.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pagefuzz/vocab.h>
#include "oracle/oracle.h"
#include "tests/testlib.h"
#include "oracle_maps.h"

TEST_STATE_DEFINE;

static struct oracle_verdict last;

/* The verdict id of check_alloc ("ok" if it passed); the verdict is in `last`. */
static const char *alloc_id(const struct oracle *o, uint32_t gfp, unsigned int order, int nid,
			    unsigned long pfn)
{
	struct oracle_req req = { .gfp = gfp, .order = order, .nid = nid };

	memset(&last, 0, sizeof(last));
	if (oracle_check_alloc(o, &req, pfn, &last))
		return last.id ? "passed, but set an id" : "ok";
	return last.id ? last.id : "failed without an id";
}

static const char *failure_id(const struct oracle *o, uint32_t gfp, unsigned int order, int nid)
{
	struct oracle_req req = { .gfp = gfp, .order = order, .nid = nid };

	memset(&last, 0, sizeof(last));
	if (oracle_check_failure(o, &req, &last))
		return last.id ? "passed, but set an id" : "ok";
	return last.id ? last.id : "failed without an id";
}

static const char *migrate_id(struct oracle *o, unsigned int slot, unsigned long new_pfn)
{
	memset(&last, 0, sizeof(last));
	if (oracle_note_migrate(o, slot, new_pfn, &last))
		return last.id ? "passed, but set an id" : "ok";
	return last.id ? last.id : "failed without an id";
}

/* A verdict's id, then clear it for the next check. */
static const char *id_of(struct oracle_verdict *v)
{
	const char *id = v->id ? v->id : "(no id)";

	v->id = NULL;
	return id;
}

static bool detail_has(const char *word)
{
	return strstr(last.detail, word) != NULL;
}

static void test_create(void)
{
	struct oracle *o;

	TEST_BEGIN("create");
	EXPECT_TRUE(oracle_create(16, 0) == NULL);
	EXPECT_TRUE(oracle_create(16, ORACLE_MAX_NODES + 1) == NULL);
	o = oracle_create(16, ORACLE_MAX_NODES);
	EXPECT_TRUE(o != NULL);
	EXPECT_EQ(oracle_end_pfn(o), 16);
	EXPECT_EQ(oracle_state_of(o, 3), ORC_HOLE);
	EXPECT_EQ(oracle_node_of(o, 3), -1);
	EXPECT_TRUE(oracle_slot(o, ORACLE_NR_SLOTS) == NULL);
	EXPECT_TRUE(oracle_slot(o, 0) != NULL && !oracle_slot(o, 0)->live);
	oracle_destroy(o);
	oracle_destroy(NULL);
}

static void test_boot_layout(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("boot_layout");
	EXPECT_EQ(oracle_state_of(o, 0x0), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 0x8f), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 0x90), ORC_RESERVED);
	EXPECT_EQ(oracle_state_of(o, 0x91), ORC_RESERVED);
	EXPECT_EQ(oracle_state_of(o, 0x92), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 0x17f), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 0x180), ORC_HOLE);
	EXPECT_EQ(oracle_state_of(o, 0x187), ORC_HOLE);
	EXPECT_EQ(oracle_state_of(o, 0x188), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 0x380), ORC_HOLE);
	EXPECT_EQ(oracle_state_of(o, 0x400), ORC_HOLE);
	EXPECT_EQ(oracle_node_of(o, 0x1ef), 0);
	EXPECT_EQ(oracle_node_of(o, 0x1f0), 1);
	EXPECT_EQ(oracle_node_of(o, 0x180), -1);
	EXPECT_EQ(oracle_zone_of(o, 0x3f), DMA);
	EXPECT_EQ(oracle_zone_of(o, 0x40), DMA32);
	EXPECT_EQ(oracle_zone_of(o, 0xff), DMA32);
	EXPECT_EQ(oracle_zone_of(o, 0x100), NORMAL);
	EXPECT_EQ(oracle_zone_of(o, 0x2ff), NORMAL);
	EXPECT_EQ(oracle_zone_of(o, 0x300), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_present_pages(o, 0, DMA), 0x40);
	EXPECT_EQ(oracle_managed_pages(o, 0, DMA), 0x40);
	EXPECT_EQ(oracle_present_pages(o, 0, DMA32), 0xc0);
	EXPECT_EQ(oracle_managed_pages(o, 0, DMA32), 0xc0 - 2);
	EXPECT_EQ(oracle_free_pages(o, 0, DMA32), 0xc0 - 2);
	EXPECT_EQ(oracle_present_pages(o, 0, NORMAL), 0xf0 - 8);
	EXPECT_EQ(oracle_present_pages(o, 1, NORMAL), 0x110);
	EXPECT_EQ(oracle_free_pages(o, 1, NORMAL), 0x110);
	EXPECT_EQ(oracle_present_pages(o, 1, DMA), 0);
	EXPECT_EQ(oracle_present_pages(o, 0, MOVABLE), 0);
	EXPECT_EQ(oracle_present_pages(o, 2, NORMAL), 0);	/* no node 2 */
	EXPECT_EQ(oracle_free_pages(o, 0, ORACLE_NO_ZONE), 0);
	oracle_destroy(o);
}

/* Free pages past max_zone_pfn[2] are reserved and counted nowhere. */
static void test_beyond_normal_reserved(void)
{
	struct oracle *o = std_map();
	unsigned long present = 0, managed = 0;
	int nid, zone;

	TEST_BEGIN("beyond_normal_reserved");
	EXPECT_EQ(oracle_state_of(o, 0x300), ORC_RESERVED);
	EXPECT_EQ(oracle_state_of(o, 0x37f), ORC_RESERVED);
	EXPECT_EQ(oracle_node_of(o, 0x300), 1);
	for (nid = 0; nid < 2; nid++) {
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++) {
			present += oracle_present_pages(o, nid, zone);
			managed += oracle_managed_pages(o, nid, zone);
		}
	}
	EXPECT_EQ(present, 0x300 - 8);
	EXPECT_EQ(managed, 0x300 - 8 - 2);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 1, 0x300), "oracle.alloc_not_free");
	EXPECT_TRUE(detail_has("reserved"));
	/* with the rest of node 1 allocated, nothing there is left to hand out */
	oracle_note_alloc(o, 0, 0x1f0, 4, GFPF_KERNEL);
	oracle_note_alloc(o, 1, 0x200, 8, GFPF_KERNEL);
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | GFPF_THISNODE | GFPF_NO_WATERMARKS, 0, 1), "ok");
	oracle_destroy(o);
}

/* A page half-covered by a region stays a hole; reservations round outward. */
static void test_partial_pages(void)
{
	struct oracle *o = new_map(16, 1, 0, 0, 16);

	TEST_BEGIN("partial_pages");
	oracle_add_memory(o, 0x1800, 0x4000, 0);	/* [1.5, 5.5) pages */
	oracle_add_memory(o, 0x8000, 0x800, 0);	/* two halves of page 8 */
	oracle_add_memory(o, 0x8800, 0x800, 0);
	oracle_add_memory(o, 10 * PG, 5 * PG, 0);	/* [10, 15) */
	oracle_add_reserved(o, 0x2800, 0x1000);	/* touches pages 2 and 3 */
	oracle_add_reserved(o, 11 * PG - 1, 1);	/* last byte of page 10 */
	oracle_add_reserved(o, 12 * PG + 5, 0);	/* empty: nothing */
	oracle_add_reserved(o, 14 * PG, 2 * PG);	/* page 14, and hole 15 */
	oracle_finish_boot(o);
	EXPECT_EQ(oracle_state_of(o, 1), ORC_HOLE);
	EXPECT_EQ(oracle_state_of(o, 2), ORC_RESERVED);
	EXPECT_EQ(oracle_state_of(o, 3), ORC_RESERVED);
	EXPECT_EQ(oracle_state_of(o, 4), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 5), ORC_HOLE);
	EXPECT_EQ(oracle_state_of(o, 8), ORC_HOLE);
	EXPECT_EQ(oracle_state_of(o, 10), ORC_RESERVED);
	EXPECT_EQ(oracle_state_of(o, 11), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 12), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 14), ORC_RESERVED);
	EXPECT_EQ(oracle_state_of(o, 15), ORC_HOLE);
	EXPECT_EQ(oracle_present_pages(o, 0, NORMAL), 3 + 5);
	EXPECT_EQ(oracle_managed_pages(o, 0, NORMAL), 1 + 3);
	oracle_destroy(o);
}

/* Ranges near 2^64 must neither wrap nor write past end_pfn. */
static void test_huge_ranges(void)
{
	struct oracle *o = new_map(16, 1, 0, 0, 16);

	TEST_BEGIN("huge_ranges");
	oracle_add_memory(o, UINT64_MAX - 0x1000, 0x10000, 0);
	oracle_add_memory(o, 2 * PG, UINT64_MAX, 0);	/* to the end of the map */
	oracle_add_reserved(o, UINT64_MAX - 10, UINT64_MAX);
	oracle_add_reserved(o, 15 * PG, UINT64_MAX);
	oracle_finish_boot(o);
	EXPECT_EQ(oracle_state_of(o, 1), ORC_HOLE);
	EXPECT_EQ(oracle_state_of(o, 2), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 14), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 15), ORC_RESERVED);
	EXPECT_EQ(oracle_present_pages(o, 0, NORMAL), 14);
	EXPECT_EQ(oracle_managed_pages(o, 0, NORMAL), 13);
	oracle_destroy(o);
}

static void test_movable_placement(void)
{
	struct oracle *o = movable_map(0x300, 0x200, true);

	TEST_BEGIN("movable_placement/in_normal");
	EXPECT_EQ(oracle_zone_of(o, 0x1ff), NORMAL);
	EXPECT_EQ(oracle_zone_of(o, 0x200), MOVABLE);
	EXPECT_EQ(oracle_zone_of(o, 0x2ff), MOVABLE);
	EXPECT_EQ(oracle_zone_of(o, 0x300), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_present_pages(o, 0, NORMAL), 0x100);
	EXPECT_EQ(oracle_present_pages(o, 0, MOVABLE), 0x100);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x200), "oracle.alloc_zone_not_allowed");
	EXPECT_STREQ(alloc_id(o, GFPF_MOVABLE, 0, 0, 0x200), "oracle.alloc_zone_not_allowed");
	EXPECT_STREQ(alloc_id(o, GFPF_HIGHUSER_MOVABLE, 0, 0, 0x200), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_HIGHUSER_MOVABLE, 0, 0, 0x10), "ok");
	oracle_destroy(o);

	TEST_BEGIN("movable_placement/in_dma32");	/* Normal wholly above: empty */
	o = movable_map(0x300, 0x80, true);
	EXPECT_EQ(oracle_zone_of(o, 0x7f), DMA32);
	EXPECT_EQ(oracle_zone_of(o, 0x80), MOVABLE);
	EXPECT_EQ(oracle_zone_of(o, 0x100), MOVABLE);
	EXPECT_EQ(oracle_zone_of(o, 0x2ff), MOVABLE);
	EXPECT_EQ(oracle_present_pages(o, 0, DMA32), 0x40);
	EXPECT_EQ(oracle_present_pages(o, 0, NORMAL), 0);
	EXPECT_EQ(oracle_present_pages(o, 0, MOVABLE), 0x280);
	oracle_destroy(o);

	TEST_BEGIN("movable_placement/normal_empty");	/* ends with DMA32 */
	o = movable_map(0x100, 0x80, true);
	EXPECT_EQ(oracle_zone_of(o, 0x80), MOVABLE);
	EXPECT_EQ(oracle_zone_of(o, 0xff), MOVABLE);
	EXPECT_EQ(oracle_zone_of(o, 0x100), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_state_of(o, 0x100), ORC_RESERVED);
	EXPECT_EQ(oracle_present_pages(o, 0, MOVABLE), 0x80);
	oracle_destroy(o);

	TEST_BEGIN("movable_placement/off");
	o = movable_map(0x300, 0x80, false);
	EXPECT_EQ(oracle_zone_of(o, 0x80), DMA32);
	EXPECT_EQ(oracle_zone_of(o, 0x200), NORMAL);
	EXPECT_EQ(oracle_present_pages(o, 0, MOVABLE), 0);
	oracle_destroy(o);
}

static void test_gfp_zone(void)
{
	TEST_BEGIN("gfp_zone");
	EXPECT_EQ(oracle_gfp_zone(0), NORMAL);
	EXPECT_EQ(oracle_gfp_zone(GFPF_KERNEL), NORMAL);
	EXPECT_EQ(oracle_gfp_zone(GFPF_DMA), DMA);
	EXPECT_EQ(oracle_gfp_zone(GFPF_HIGHMEM), NORMAL);
	EXPECT_EQ(oracle_gfp_zone(GFPF_DMA32), DMA32);
	EXPECT_EQ(oracle_gfp_zone(GFPF_MOVABLE), NORMAL);
	EXPECT_EQ(oracle_gfp_zone(GFPF_MOVABLE | GFPF_DMA), DMA);
	EXPECT_EQ(oracle_gfp_zone(GFPF_MOVABLE | GFPF_HIGHMEM), MOVABLE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_HIGHUSER_MOVABLE), MOVABLE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_MOVABLE | GFPF_DMA32), DMA32);
	EXPECT_EQ(oracle_gfp_zone(GFPF_DMA | GFPF_HIGHMEM), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_DMA | GFPF_DMA32), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_DMA32 | GFPF_HIGHMEM), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_DMA | GFPF_DMA32 | GFPF_HIGHMEM), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_MOVABLE | GFPF_DMA | GFPF_HIGHMEM), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_MOVABLE | GFPF_DMA | GFPF_DMA32), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_MOVABLE | GFPF_DMA32 | GFPF_HIGHMEM), ORACLE_NO_ZONE);
	EXPECT_EQ(oracle_gfp_zone(GFPF_ALL), ORACLE_NO_ZONE);
}

static void test_alloc_range_align(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("alloc/range_align");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x100), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 3, 1, 0x200), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x400), "oracle.alloc_out_of_range");
	EXPECT_EQ(last.pfn, 0x400);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 2, 0, 0x3fe), "oracle.alloc_out_of_range");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 40, 0, 0), "oracle.alloc_out_of_range");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 2, 0, 0x102), "oracle.alloc_misaligned");
	EXPECT_EQ(last.pfn, 0x102);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 2, 0, 0x104), "ok");
	oracle_destroy(o);
}

static void test_alloc_not_free(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("alloc/not_free");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 3, 0, 0x180), "oracle.alloc_not_free");
	EXPECT_TRUE(detail_has("hole"));
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 3, 0, 0x178), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA32, 4, 0, 0x90), "oracle.alloc_not_free");
	EXPECT_TRUE(detail_has("reserved"));
	EXPECT_EQ(last.pfn, 0x90);
	oracle_note_alloc(o, 3, 0x106, 1, GFPF_KERNEL);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 2, 0, 0x104), "oracle.alloc_not_free");
	EXPECT_TRUE(detail_has("slot 3"));
	EXPECT_TRUE(detail_has("@0x106 order 1"));
	EXPECT_EQ(last.pfn, 0x106);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x107), "oracle.alloc_not_free");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 1, 0, 0x108), "ok");
	oracle_note_free(o, 3);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 2, 0, 0x104), "ok");
	oracle_destroy(o);
}

static void test_alloc_isolated(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("alloc/isolated");
	oracle_note_isolate(o, 0x10a, 0x10b, true);
	EXPECT_TRUE(oracle_is_isolated(o, 0x10a));
	EXPECT_TRUE(!oracle_is_isolated(o, 0x10b));
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x10a), "oracle.alloc_isolated");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 3, 0, 0x108), "oracle.alloc_isolated");
	EXPECT_EQ(last.pfn, 0x10a);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x10b), "ok");
	oracle_note_isolate(o, 0x10a, 0x10b, false);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 3, 0, 0x108), "ok");
	oracle_destroy(o);
}

static void test_alloc_mixed(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("alloc/mixed");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 7, 0, 0x0), "oracle.alloc_zone_mixed");
	EXPECT_EQ(last.pfn, 0x40);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 6, 0, 0x0), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 5, 0, 0x1e0), "oracle.alloc_node_mixed");
	EXPECT_EQ(last.pfn, 0x1f0);
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 4, 0, 0x1e0), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 4, 1, 0x1f0), "ok");
	oracle_destroy(o);
}

static void test_alloc_zone_not_allowed(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("alloc/zone_not_allowed");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA, 0, 0, 0x20), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA, 0, 0, 0x40), "oracle.alloc_zone_not_allowed");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA, 0, 0, 0x100), "oracle.alloc_zone_not_allowed");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA32, 0, 0, 0x40), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA32, 0, 0, 0x20), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA32, 0, 0, 0x100), "oracle.alloc_zone_not_allowed");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x20), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_DMA | GFPF_DMA32, 0, 0, 0x20),
		     "oracle.alloc_zone_not_allowed");
	EXPECT_TRUE(detail_has("bad gfp"));
	EXPECT_STREQ(alloc_id(o, GFPF_DMA | GFPF_HIGHMEM, 0, 0, 0x20),
		     "oracle.alloc_zone_not_allowed");
	oracle_destroy(o);
}

static void test_alloc_thisnode(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("alloc/thisnode");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL | GFPF_THISNODE, 0, 0, 0x200),
		     "oracle.alloc_wrong_node");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL | GFPF_THISNODE, 0, 1, 0x200), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL, 0, 0, 0x200), "ok");
	EXPECT_STREQ(alloc_id(o, GFPF_KERNEL | GFPF_THISNODE, 0, 0, 0x100), "ok");
	EXPECT_TRUE(!oracle_check_alloc(o, &(struct oracle_req){ GFPF_KERNEL | GFPF_THISNODE, 0, 0, false },
					0x200, NULL));
	oracle_destroy(o);
}

/*
 * tiny: DMA [0, 8), DMA32 [8, 16) on node 0; Normal [16, 32) on node 1.
 */
static struct oracle *tiny_map(void)
{
	struct oracle *o = new_map(0x20, 2, 0x8, 0x10, 0x20);

	oracle_add_memory(o, 0, 16 * PG, 0);
	oracle_add_memory(o, 16 * PG, 16 * PG, 1);
	oracle_finish_boot(o);
	return o;
}

static void test_failure(void)
{
	const uint32_t nw = GFPF_NO_WATERMARKS;
	struct oracle *o = tiny_map();

	TEST_BEGIN("failure");
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL, 0, 0), "ok");	/* no flag: undecidable */
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 0, 0), "oracle.failure_with_free_block");
	EXPECT_EQ(last.pfn, 0);
	EXPECT_STREQ(failure_id(o, GFPF_DMA | GFPF_DMA32 | nw, 0, 0), "ok");	/* bad gfp */
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 40, 0), "ok");
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 5, 0), "ok");	/* crosses zones */
	oracle_note_alloc(o, 0, 0, 3, GFPF_DMA);			/* DMA now full */
	EXPECT_STREQ(failure_id(o, GFPF_DMA | nw, 0, 0), "ok");	/* only higher zones */
	EXPECT_STREQ(failure_id(o, GFPF_DMA32 | nw, 0, 0), "oracle.failure_with_free_block");
	EXPECT_EQ(last.pfn, 8);
	oracle_note_alloc(o, 1, 8, 3, GFPF_DMA32);		/* node 0 now full */
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | GFPF_THISNODE | nw, 0, 0), "ok");
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | GFPF_THISNODE | nw, 0, 1),
		     "oracle.failure_with_free_block");
	EXPECT_EQ(last.pfn, 16);
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 0, 0), "oracle.failure_with_free_block");
	oracle_note_alloc(o, 2, 17, 0, GFPF_KERNEL);
	oracle_note_alloc(o, 3, 26, 0, GFPF_KERNEL);
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 3, 1), "ok");	/* no free order-3 block */
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 2, 1), "oracle.failure_with_free_block");
	EXPECT_EQ(last.pfn, 20);
	oracle_note_isolate(o, 20, 24, true);
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 2, 1), "oracle.failure_with_free_block");
	EXPECT_EQ(last.pfn, 28);
	oracle_note_isolate(o, 28, 32, true);
	EXPECT_STREQ(failure_id(o, GFPF_KERNEL | nw, 2, 1), "ok");	/* only isolated ones */
	oracle_destroy(o);
}

static void test_zone_free(void)
{
	struct oracle *o = std_map();
	struct oracle_verdict v = { 0 };

	TEST_BEGIN("zone_free");
	EXPECT_TRUE(oracle_check_zone_free(o, 0, NORMAL, 0xf0 - 8, &v));
	EXPECT_TRUE(!oracle_check_zone_free(o, 0, NORMAL, 0xf0 - 9, &v));
	EXPECT_STREQ(id_of(&v), "oracle.zone_free_mismatch");
	EXPECT_TRUE(!oracle_check_zone_free(o, 0, NORMAL, 0xf0 - 7, &v));
	EXPECT_STREQ(id_of(&v), "oracle.zone_free_mismatch");
	EXPECT_TRUE(oracle_check_zone_free(o, 1, DMA, 0, &v));
	EXPECT_TRUE(oracle_check_zone_free(o, 5, NORMAL, 0, &v));	/* no such node */
	EXPECT_TRUE(!oracle_check_zone_free(o, 5, NORMAL, 1, &v));
	EXPECT_TRUE(oracle_check_zone_free(o, 0, 7, 0, &v));		/* no such zone */
	/* isolated free pages: out of oracle_free_pages(), in the port's count */
	oracle_note_isolate(o, 0x100, 0x110, true);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), 0xf0 - 8 - 0x10);
	EXPECT_TRUE(oracle_check_zone_free(o, 0, NORMAL, 0xf0 - 8, &v));
	EXPECT_TRUE(!oracle_check_zone_free(o, 0, NORMAL, 0xf0 - 8 - 0x10, &v));
	oracle_destroy(o);
}

/*
 * std_map node 0 manages DMA 0x40, DMA32 0xbe, Normal 0xe8 pages; node 1
 * only Normal 0x110.  DMA's ratio is 256: against DMA32 requests
 * 0xbe / 256 = 0, against Normal (0xbe + 0xe8) / 256 = 1, Movable the same.
 */
static void test_protection(void)
{
	struct oracle *o = std_map();
	struct oracle_verdict v = { 0 };
	const unsigned long dma[4] = { 0, 0, 1, 1 }, none[4] = { 0, 0, 0, 0 };
	const unsigned long dma32_bad[4] = { 0, 0, 1, 0 };

	TEST_BEGIN("protection");
	EXPECT_TRUE(oracle_check_protection(o, 0, DMA, dma, &v));
	EXPECT_TRUE(!oracle_check_protection(o, 0, DMA, none, &v));
	EXPECT_STREQ(id_of(&v), "oracle.lowmem_reserve_mismatch");
	EXPECT_TRUE(oracle_check_protection(o, 0, DMA32, none, &v));	/* 0xe8 / 256 = 0 */
	EXPECT_TRUE(!oracle_check_protection(o, 0, DMA32, dma32_bad, &v));
	EXPECT_TRUE(oracle_check_protection(o, 0, NORMAL, none, &v));	/* Movable is empty */
	/* node 1 manages nothing in DMA: no protection though Normal is full */
	EXPECT_TRUE(oracle_check_protection(o, 1, DMA, none, &v));
	EXPECT_TRUE(!oracle_check_protection(o, 1, DMA, dma, &v));
	oracle_destroy(o);
}

static void test_layout(void)
{
	struct oracle *o = std_map();
	struct oracle_verdict v = { 0 };

	TEST_BEGIN("layout");
	EXPECT_TRUE(oracle_check_layout(o, 0, DMA32, 0xc0, 0xbe, &v));
	EXPECT_TRUE(!oracle_check_layout(o, 0, DMA32, 0xc1, 0xbe, &v));
	EXPECT_STREQ(id_of(&v), "oracle.present_mismatch");
	EXPECT_TRUE(!oracle_check_layout(o, 0, DMA32, 0xc0, 0xc0, &v));
	EXPECT_STREQ(id_of(&v), "oracle.managed_mismatch");
	EXPECT_TRUE(!oracle_check_layout(o, 0, DMA32, 0xc1, 0xc0, &v));
	EXPECT_STREQ(id_of(&v), "oracle.present_mismatch");
	EXPECT_TRUE(oracle_check_layout(o, 1, DMA, 0, 0, &v));
	EXPECT_TRUE(oracle_check_layout(o, 1, NORMAL, 0x110, 0x110, &v));
	oracle_note_alloc(o, 0, 0x40, 4, GFPF_DMA32);	/* managed is a boot count */
	EXPECT_TRUE(oracle_check_layout(o, 0, DMA32, 0xc0, 0xbe, &v));
	oracle_destroy(o);
}

static void test_counters(void)
{
	struct oracle *o = std_map();
	const unsigned long dma32 = 0xc0 - 2, normal = 0xf0 - 8;

	TEST_BEGIN("counters/alloc_free");
	oracle_note_alloc(o, 0, 0x40, 2, GFPF_DMA32);
	EXPECT_TRUE(oracle_slot(o, 0)->live && oracle_slot(o, 0)->pfn == 0x40);
	EXPECT_EQ(oracle_slot(o, 0)->order, 2);
	EXPECT_EQ(oracle_slot(o, 0)->gfp, GFPF_DMA32);
	EXPECT_EQ(oracle_state_of(o, 0x43), ORC_ALLOCATED);
	EXPECT_EQ(oracle_free_pages(o, 0, DMA32), dma32 - 4);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), normal);

	TEST_BEGIN("counters/isolate");
	oracle_note_isolate(o, 0x40, 0x48, true);	/* 4 allocated, 4 free */
	oracle_note_isolate(o, 0x44, 0x46, true);	/* twice: counted once */
	EXPECT_EQ(oracle_free_pages(o, 0, DMA32), dma32 - 8);
	EXPECT_TRUE(oracle_check_zone_free(o, 0, DMA32, dma32 - 4, NULL));
	oracle_note_free(o, 0);				/* freed into isolation */
	EXPECT_TRUE(!oracle_slot(o, 0)->live);
	EXPECT_EQ(oracle_state_of(o, 0x40), ORC_FREE);
	EXPECT_EQ(oracle_free_pages(o, 0, DMA32), dma32 - 8);
	EXPECT_TRUE(oracle_check_zone_free(o, 0, DMA32, dma32, NULL));
	oracle_note_isolate(o, 0x40, 0x48, false);
	oracle_note_isolate(o, 0x40, 0x48, false);
	EXPECT_EQ(oracle_free_pages(o, 0, DMA32), dma32);
	EXPECT_TRUE(oracle_check_zone_free(o, 0, DMA32, dma32, NULL));

	TEST_BEGIN("counters/migrate");
	oracle_note_alloc(o, 1, 0x50, 1, GFPF_KERNEL | GFPF_MOVABLE);
	EXPECT_EQ(oracle_free_pages(o, 0, DMA32), dma32 - 2);
	EXPECT_STREQ(migrate_id(o, 1, 0x100), "ok");
	EXPECT_EQ(oracle_slot(o, 1)->pfn, 0x100);
	EXPECT_EQ(oracle_slot(o, 1)->order, 1);
	EXPECT_EQ(oracle_state_of(o, 0x50), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 0x51), ORC_FREE);
	EXPECT_EQ(oracle_state_of(o, 0x101), ORC_ALLOCATED);
	EXPECT_EQ(oracle_free_pages(o, 0, DMA32), dma32);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), normal - 2);
	oracle_note_free(o, 1);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), normal);
	oracle_destroy(o);
}

static void test_migrate_target(void)
{
	struct oracle *o = std_map();
	const unsigned long normal = 0xf0 - 8;

	TEST_BEGIN("migrate_target");
	oracle_note_alloc(o, 2, 0x120, 1, GFPF_MOVABLE);
	oracle_note_alloc(o, 3, 0x131, 0, GFPF_MOVABLE);
	oracle_note_isolate(o, 0x141, 0x142, true);
	EXPECT_STREQ(migrate_id(o, 2, 0x130), "oracle.migrate_target_not_free");
	EXPECT_EQ(last.pfn, 0x131);
	EXPECT_STREQ(migrate_id(o, 2, 0x121), "oracle.migrate_target_not_free");
	EXPECT_STREQ(migrate_id(o, 2, 0x90), "oracle.migrate_target_not_free");
	EXPECT_TRUE(detail_has("reserved"));
	EXPECT_STREQ(migrate_id(o, 2, 0x17f), "oracle.migrate_target_not_free");
	EXPECT_TRUE(detail_has("hole"));
	EXPECT_STREQ(migrate_id(o, 2, 0x140), "oracle.migrate_target_not_free");
	EXPECT_TRUE(detail_has("isolated"));
	EXPECT_STREQ(migrate_id(o, 2, 0x3ff), "oracle.migrate_target_not_free");
	EXPECT_STREQ(migrate_id(o, 2, (unsigned long)-1), "oracle.migrate_target_not_free");
	/* a refused migration changes nothing */
	EXPECT_EQ(oracle_slot(o, 2)->pfn, 0x120);
	EXPECT_EQ(oracle_state_of(o, 0x120), ORC_ALLOCATED);
	EXPECT_EQ(oracle_state_of(o, 0x130), ORC_FREE);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), normal - 3 - 1);
	EXPECT_STREQ(migrate_id(o, 2, 0x142), "ok");
	EXPECT_EQ(oracle_state_of(o, 0x120), ORC_FREE);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), normal - 3 - 1);
	oracle_destroy(o);
}

static void test_describe(void)
{
	struct oracle *o = std_map();
	char buf[160], small[12];

	TEST_BEGIN("describe");
	oracle_note_alloc(o, 3, 0x16, 1, GFPF_DMA);
	oracle_describe(o, 0x10, 0x18, buf, sizeof(buf));
	EXPECT_STREQ(buf, "pfn 0x10-0x17: free x6, allocated x2 (slot 3 @0x16 order 1), "
		     "zone DMA, node 0");
	oracle_describe(o, 0x17e, 0x18a, buf, sizeof(buf));
	EXPECT_STREQ(buf, "pfn 0x17e-0x189: hole x8, free x4, zone Normal, node 0");
	oracle_describe(o, 0x8e, 0x92, buf, sizeof(buf));
	EXPECT_STREQ(buf, "pfn 0x8e-0x91: reserved x2, free x2, zone DMA32, node 0");
	oracle_describe(o, 0x3e, 0x42, buf, sizeof(buf));
	EXPECT_STREQ(buf, "pfn 0x3e-0x41: free x4, zone DMA..DMA32, node 0");
	oracle_describe(o, 0x1ee, 0x1f2, buf, sizeof(buf));
	EXPECT_STREQ(buf, "pfn 0x1ee-0x1f1: free x4, zone Normal, node 0..1");
	oracle_describe(o, 0x3fe, 0x500, buf, sizeof(buf));
	EXPECT_STREQ(buf, "pfn 0x3fe-0x3ff: hole x2, zone none, node -1");
	oracle_describe(o, 0x500, 0x510, buf, sizeof(buf));
	EXPECT_STREQ(buf, "pfn 0x500: outside the map");
	oracle_describe(o, 0x10, 0x18, small, sizeof(small));
	EXPECT_STREQ(small, "pfn 0x10-0x");
	oracle_destroy(o);
}

/* A call the harness must never make aborts; run it in a child. */
static bool aborts(void (*fn)(struct oracle *))
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		struct oracle *o = std_map();

		if (!freopen("/dev/null", "w", stderr))
			_exit(2);
		fn(o);
		oracle_destroy(o);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return false;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void free_empty_slot(struct oracle *o) { oracle_note_free(o, 5); }
static void alloc_reserved(struct oracle *o) { oracle_note_alloc(o, 0, 0x90, 0, 0); }
static void alloc_live_slot(struct oracle *o)
{
	oracle_note_alloc(o, 0, 0x100, 0, 0);
	oracle_note_alloc(o, 0, 0x101, 0, 0);
}
static void alloc_past_end(struct oracle *o) { oracle_note_alloc(o, 0, 0x3fe, 2, 0); }
static void boot_twice(struct oracle *o) { oracle_finish_boot(o); }
static void alloc_ok(struct oracle *o) { oracle_note_alloc(o, 0, 0x100, 0, 0); }

static void test_misuse(void)
{
	TEST_BEGIN("misuse");
	EXPECT_TRUE(aborts(free_empty_slot));
	EXPECT_TRUE(aborts(alloc_reserved));
	EXPECT_TRUE(aborts(alloc_live_slot));
	EXPECT_TRUE(aborts(alloc_past_end));
	EXPECT_TRUE(aborts(boot_twice));
	EXPECT_TRUE(!aborts(alloc_ok));
}

int main(void)
{
	test_create();
	test_boot_layout();
	test_beyond_normal_reserved();
	test_partial_pages();
	test_huge_ranges();
	test_movable_placement();
	test_gfp_zone();
	test_alloc_range_align();
	test_alloc_not_free();
	test_alloc_isolated();
	test_alloc_mixed();
	test_alloc_zone_not_allowed();
	test_alloc_thisnode();
	test_failure();
	test_zone_free();
	test_layout();
	test_protection();
	test_counters();
	test_migrate_target();
	test_describe();
	test_misuse();
	return test_main_end();
}
