/* SPDX-License-Identifier: MIT */
/*
 * test_oracle_moves.c - the oracle's judging of what compaction, isolation
 * and contig do: the migration rules (movable only, a zone and node the
 * gfp allows), contig ranges, the free-block test after `compact` and the
 * isolated free count.  Each check fired on a hand-made wrong answer and
 * passed on a right one, over the standard map of oracle_maps.h.
 */
#include <stdint.h>
#include <string.h>

#include <pagefuzz/vocab.h>
#include "oracle/oracle.h"
#include "tests/testlib.h"
#include "oracle_maps.h"

TEST_STATE_DEFINE;

static struct oracle_verdict last;

static const char *migrate_id(struct oracle *o, unsigned int slot, unsigned long new_pfn)
{
	memset(&last, 0, sizeof(last));
	if (oracle_note_migrate(o, slot, new_pfn, &last))
		return last.id ? "passed, but set an id" : "ok";
	return last.id ? last.id : "failed without an id";
}

static const char *contig_id(struct oracle *o, unsigned long pfn, unsigned long nr)
{
	memset(&last, 0, sizeof(last));
	if (oracle_check_contig(o, pfn, nr, &last))
		return last.id ? "passed, but set an id" : "ok";
	return last.id ? last.id : "failed without an id";
}

static void test_migrate_rules(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("migrate/unmovable");
	oracle_note_alloc(o, 0, 0x120, 0, GFPF_KERNEL);
	EXPECT_STREQ(migrate_id(o, 0, 0x140), "oracle.migrate_unmovable");
	oracle_note_alloc(o, 1, 0x121, 0, GFPF_KERNEL | GFPF_RECLAIMABLE);
	EXPECT_STREQ(migrate_id(o, 1, 0x140), "oracle.migrate_unmovable");
	EXPECT_EQ(oracle_slot(o, 1)->pfn, 0x121);

	TEST_BEGIN("migrate/zone_not_allowed");
	oracle_note_alloc(o, 2, 0x10, 0, GFPF_DMA | GFPF_MOVABLE);	/* DMA only */
	EXPECT_STREQ(migrate_id(o, 2, 0x48), "oracle.migrate_zone_not_allowed");
	EXPECT_STREQ(migrate_id(o, 2, 0x20), "ok");			/* DMA to DMA */
	oracle_note_alloc(o, 3, 0x50, 0, GFPF_DMA32 | GFPF_MOVABLE);
	EXPECT_STREQ(migrate_id(o, 3, 0x130), "oracle.migrate_zone_not_allowed");
	EXPECT_STREQ(migrate_id(o, 3, 0x30), "ok");			/* down to DMA */

	TEST_BEGIN("migrate/thisnode");
	oracle_note_alloc(o, 4, 0x1f8, 1, GFPF_HIGHUSER_MOVABLE | GFPF_THISNODE);	/* node 1 */
	EXPECT_STREQ(migrate_id(o, 4, 0x150), "oracle.migrate_wrong_node");
	EXPECT_STREQ(migrate_id(o, 4, 0x200), "ok");
	oracle_note_alloc(o, 5, 0x1fa, 1, GFPF_HIGHUSER_MOVABLE);		/* any node */
	EXPECT_STREQ(migrate_id(o, 5, 0x150), "ok");

	TEST_BEGIN("migrate/contig_range");
	oracle_note_contig(o, 6, 0x160, 3);
	EXPECT_STREQ(migrate_id(o, 6, 0x170), "oracle.migrate_unmovable");
	oracle_destroy(o);
}

static void test_contig(void)
{
	struct oracle *o = std_map();
	unsigned long normal = oracle_free_pages(o, 0, NORMAL);

	TEST_BEGIN("contig/check");
	EXPECT_STREQ(contig_id(o, 0x101, 7), "ok");
	EXPECT_STREQ(contig_id(o, 0xfe, 4), "oracle.alloc_zone_mixed");	/* DMA32 | Normal */
	EXPECT_STREQ(contig_id(o, 0x17e, 4), "oracle.alloc_not_free");	/* into the hole */
	EXPECT_STREQ(contig_id(o, 0x1ee, 4), "oracle.alloc_node_mixed");
	EXPECT_STREQ(contig_id(o, 0x3fe, 4), "oracle.alloc_out_of_range");
	EXPECT_STREQ(contig_id(o, 0x101, 0), "oracle.alloc_out_of_range");
	oracle_note_isolate(o, 0x104, 0x105, true);
	EXPECT_STREQ(contig_id(o, 0x101, 7), "oracle.alloc_isolated");
	oracle_note_isolate(o, 0x104, 0x105, false);

	TEST_BEGIN("contig/note_free");
	oracle_note_contig(o, 0, 0x101, 7);
	EXPECT_EQ(oracle_slot(o, 0)->nr_pages, 7);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), normal - 7);
	EXPECT_STREQ(contig_id(o, 0x107, 2), "oracle.alloc_not_free");
	oracle_note_free(o, 0);
	EXPECT_EQ(oracle_free_pages(o, 0, NORMAL), normal);
	oracle_destroy(o);
}

static void test_free_block(void)
{
	struct oracle *o = std_map();

	TEST_BEGIN("free_block");
	EXPECT_TRUE(oracle_has_free_block(o, 0, NORMAL, 7));	/* [0x100, 0x180) */
	EXPECT_TRUE(!oracle_has_free_block(o, 0, NORMAL, 8));	/* the hole cuts 0x100..0x200 */
	EXPECT_TRUE(oracle_has_free_block(o, 1, NORMAL, 8));	/* [0x200, 0x300) */
	EXPECT_TRUE(!oracle_has_free_block(o, 1, NORMAL, 9));	/* Normal ends at 0x300 */
	EXPECT_TRUE(!oracle_has_free_block(o, 0, DMA32, 8));	/* DMA32 is [0x40, 0x100): no aligned 256 */
	EXPECT_TRUE(oracle_has_free_block(o, -1, -1, 8));
	oracle_note_alloc(o, 0, 0x140, 0, GFPF_MOVABLE);
	EXPECT_TRUE(!oracle_has_free_block(o, 0, NORMAL, 7));
	EXPECT_TRUE(oracle_has_free_block(o, 0, NORMAL, 6));	/* [0x100, 0x140) */
	oracle_note_isolate(o, 0x100, 0x101, true);
	EXPECT_TRUE(!oracle_has_free_block(o, 0, NORMAL, 6));	/* isolated, allocated, hole, mixed */
	oracle_note_isolate(o, 0x120, 0x121, true);
	oracle_note_isolate(o, 0x160, 0x161, true);

	TEST_BEGIN("isolated_free");
	EXPECT_EQ(oracle_isolated_free(o, 0, NORMAL), 3);
	EXPECT_EQ(oracle_isolated_free(o, 0, DMA), 0);
	oracle_destroy(o);
}

int main(void)
{
	test_migrate_rules();
	test_contig();
	test_free_block();
	return test_main_end();
}
