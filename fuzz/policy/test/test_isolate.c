/* SPDX-License-Identifier: MIT */
/*
 * test_isolate.c - the policy judge's isolation rules (fuzz/policy/isolate.c)
 * passed on a right answer and fired on a hand-made wrong one, through the
 * fixture of policy_fx.h (one node, DMA [0, 0x40), DMA32 [0x40, 0x100),
 * Normal [0x100, 0x300), a hole up to 0x400, pageblocks of 4 pages), one
 * cpu.  The pageblock under test is [0x100, 0x104) of
 * Normal, Unmovable before it is isolated.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pagefuzz/vocab.h>
#include "fuzz/policy/policy.h"
#include "fuzz/policy/rules.h"
#include "oracle/test/oracle_maps.h"
#include "tests/testlib.h"
#include "policy_fx.h"

TEST_STATE_DEFINE;

/* The map of policy_fx.h with one cpu, caching off, and the pageblock under test. */
static void iso_init(struct fx *x)
{
	fx_init(x, 0, 1);
	x->cfg.nr_cpus = 1;
	x->cfg.check_every = 0;
	fake_add_block(&x->f, 0x100, 2, PORT_BLOCK_FREE, POL_NORMAL, POL_UNMOVABLE, POL_UNMOVABLE,
		       -1);
	x->pb = &x->f.blocks[0];
	fx_create(x);
	EXPECT_TRUE(policy_boot(x->pol, &x->v));
}

/*
 * One op on [pfn, pfn + nr): the judge reads the types before it, the port
 * leaves [0x100, 0x104) with type @after and answers @err.
 */
static const char *op_id(struct fx *x, enum policy_range_op op, unsigned long pfn,
			 unsigned long nr, int after, int err)
{
	policy_before_range(x->pol, pfn, nr);
	x->pb->pageblock_mt = after;
	memset(&x->v, 0, sizeof(x->v));
	return id_of(x, policy_range(x->pol, op, pfn, nr, err, &x->v));
}

static void test_unisolate(void)
{
	struct fx x;

	TEST_BEGIN("isolate/unisolate gives the type back");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x101, 2, POL_ISOLATE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_UNISOLATE, 0x100, 4, POL_UNMOVABLE, 0), "ok");
	fx_done(&x);

	TEST_BEGIN("isolate/unisolate makes the pageblock Movable");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_UNISOLATE, 0x100, 4, POL_MOVABLE, 0),
		     "policy.unisolate_type");
	EXPECT_EQ(x.v.pfn, 0x100);
	fx_done(&x);

	TEST_BEGIN("isolate/the record survives other ops (a second isolate refused)");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0xfc, 8, POL_ISOLATE, PF_EBUSY), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_UNISOLATE, 0x100, 1, POL_RECLAIMABLE, 0),
		     "policy.unisolate_type");
	fx_done(&x);

	TEST_BEGIN("isolate/unisolate succeeds and leaves the pageblock isolated");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_UNISOLATE, 0x100, 4, POL_ISOLATE, 0),
		     "policy.unisolate_type");
	fx_done(&x);

	TEST_BEGIN("isolate/unisolate refused but un-isolates");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_UNISOLATE, 0x100, 4, POL_UNMOVABLE, PF_EBUSY),
		     "policy.unisolate_type");
	fx_done(&x);

	TEST_BEGIN("isolate/unisolate retypes a pageblock that was not isolated");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_UNISOLATE, 0x100, 4, POL_MOVABLE, PF_EBUSY),
		     "policy.unisolate_type");
	fx_done(&x);
}

static void test_isolate(void)
{
	struct fx x;

	TEST_BEGIN("isolate/success leaves a pageblock unisolated");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_UNMOVABLE, 0), "policy.isolate_type");
	fx_done(&x);

	TEST_BEGIN("isolate/refusal keeps the type");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_UNMOVABLE, PF_EBUSY), "ok");
	fx_done(&x);

	TEST_BEGIN("isolate/refusal retypes");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_MOVABLE, PF_EBUSY),
		     "policy.isolate_type");
	fx_done(&x);

	/*
	 * [0x2fc, 0x304): the pageblock [0x300, 0x304) is all hole, and the
	 * fake port reads it Movable; only [0x2fc, 0x300) is judged.
	 */
	TEST_BEGIN("isolate/a pageblock in a hole is not judged");
	iso_init(&x);
	fake_add_block(&x.f, 0x2fc, 2, PORT_BLOCK_FREE, POL_NORMAL, POL_MOVABLE, POL_MOVABLE, -1);
	policy_before_range(x.pol, 0x2fc, 8);
	x.f.blocks[1].pageblock_mt = POL_ISOLATE;
	memset(&x.v, 0, sizeof(x.v));
	EXPECT_STREQ(id_of(&x, policy_range(x.pol, POLICY_ISOLATE, 0x2fc, 8, 0, &x.v)), "ok");
	policy_before_range(x.pol, 0x2fc, 8);
	x.f.blocks[1].pageblock_mt = POL_MOVABLE;
	EXPECT_STREQ(id_of(&x, policy_range(x.pol, POLICY_UNISOLATE, 0x2fc, 8, 0, &x.v)), "ok");
	fx_done(&x);
}

static void test_kept(void)
{
	struct fx x;

	TEST_BEGIN("isolate/an isolated pageblock stays isolated");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	memset(&x.v, 0, sizeof(x.v));
	EXPECT_STREQ(id_of(&x, policy_isolated_kept(x.pol, &x.v)), "ok");
	fx_done(&x);

	TEST_BEGIN("isolate/an isolated pageblock retyped");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	x.pb->pageblock_mt = POL_MOVABLE;
	memset(&x.v, 0, sizeof(x.v));
	EXPECT_STREQ(id_of(&x, policy_isolated_kept(x.pol, &x.v)), "policy.isolated_type");
	fx_done(&x);

	TEST_BEGIN("isolate/an un-isolated pageblock is no longer held");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_UNISOLATE, 0x100, 4, POL_UNMOVABLE, 0), "ok");
	x.pb->pageblock_mt = POL_MOVABLE;	/* a claim after the isolation */
	memset(&x.v, 0, sizeof(x.v));
	EXPECT_STREQ(id_of(&x, policy_isolated_kept(x.pol, &x.v)), "ok");
	fx_done(&x);
}

static void test_contig(void)
{
	struct fx x;

	TEST_BEGIN("isolate/contig leaves the type");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_CONTIG, 0x101, 2, POL_UNMOVABLE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_CONTIG, 0x101, 2, POL_UNMOVABLE, PF_EBUSY), "ok");
	fx_done(&x);

	TEST_BEGIN("isolate/contig makes the pageblock Movable");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_CONTIG, 0x101, 2, POL_MOVABLE, 0), "policy.contig_type");
	fx_done(&x);

	TEST_BEGIN("isolate/a failed contig leaves the pageblock isolated");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_CONTIG, 0x100, 4, POL_ISOLATE, PF_EBUSY),
		     "policy.contig_type");
	fx_done(&x);

	TEST_BEGIN("isolate/contig un-isolates a pageblock isolated before it");
	iso_init(&x);
	EXPECT_STREQ(op_id(&x, POLICY_ISOLATE, 0x100, 4, POL_ISOLATE, 0), "ok");
	EXPECT_STREQ(op_id(&x, POLICY_CONTIG, 0x100, 4, POL_UNMOVABLE, PF_EBUSY),
		     "policy.contig_type");
	fx_done(&x);
}

/*
 * [0x100, 0x104) Unmovable beside [0x104, 0x108) Movable, both free; a
 * contig of [0x101, 0x103) fails and un-isolating frees the first again:
 * it merges with its buddy into the order-3 block [0x100, 0x108) of type
 * @merged_mt (order @order: 2 is no merge), as __free_one_page() may.
 */
static const char *merge_id(struct fx *x, unsigned int order, int merged_mt)
{
	fake_add_block(&x->f, 0x104, 2, PORT_BLOCK_FREE, POL_NORMAL, POL_MOVABLE, POL_MOVABLE, -1);
	policy_before_range(x->pol, 0x101, 2);
	x->pb->order = order;
	x->pb->pageblock_mt = x->pb->list_mt = merged_mt;
	memset(&x->v, 0, sizeof(x->v));
	return id_of(x, policy_range(x->pol, POLICY_CONTIG, 0x101, 2, PF_EBUSY, &x->v));
}

static void test_merge(void)
{
	struct fx x;

	TEST_BEGIN("isolate/a merge gives the pageblock its buddy's type");
	iso_init(&x);
	EXPECT_STREQ(merge_id(&x, 3, POL_MOVABLE), "ok");
	fx_done(&x);

	TEST_BEGIN("isolate/a merge gives a type no pageblock of the block had");
	iso_init(&x);
	EXPECT_STREQ(merge_id(&x, 3, POL_RECLAIMABLE), "policy.contig_type");
	fx_done(&x);

	TEST_BEGIN("isolate/no merge, and the type changed");
	iso_init(&x);
	EXPECT_STREQ(merge_id(&x, 2, POL_MOVABLE), "policy.contig_type");
	fx_done(&x);
}

int main(void)
{
	test_unisolate();
	test_isolate();
	test_kept();
	test_contig();
	test_merge();
	return test_main_end();
}
