// SPDX-License-Identifier: MIT
/*
 * test_policy_compact.c - the policy judge's compaction checks
 * (judge_compact.c) passed on a right answer and fired on a hand-made
 * wrong one, through the fixture of policy_fx.h; the rule functions' own
 * numbers are in test_rules.c.
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

/* ---- compact ---- */

/*
 * Normal fragmented for order 3: an order-1 allocation at the start of
 * each 8-page run, the rest free as an order-1 and an order-2 MOVABLE
 * block: 384 free pages, none in a block of order 3.  Compaction runs.
 */
static void normal_fragmented(struct fx *x)
{
	struct port_zone_policy *n = &x->f.zone[POL_NORMAL];
	unsigned int slot = 0;
	unsigned long a;

	for (a = 0x100; a < 0x300; a += 8)
		oracle_note_alloc(x->orc, slot++, a, 1, GFPF_MOVABLE);
	memset(n->nr_free, 0, sizeof(n->nr_free));
	n->nr_free[1][POL_MOVABLE] = 64;
	n->nr_free[2][POL_MOVABLE] = 64;
}

/* Normal nearly full: 8 free pages as order-1 blocks at 0x2f2, 0x2f6, ... */
static void normal_full(struct fx *x)
{
	struct port_zone_policy *n = &x->f.zone[POL_NORMAL];
	unsigned int slot = 0;
	unsigned long a;

	for (a = 0x100; a < 0x2f0; a += 16)
		oracle_note_alloc(x->orc, slot++, a, 4, GFPF_MOVABLE);
	for (a = 0x2f0; a < 0x300; a += 4)
		oracle_note_alloc(x->orc, slot++, a, 1, GFPF_MOVABLE);
	memset(n->nr_free, 0, sizeof(n->nr_free));
	n->nr_free[1][POL_MOVABLE] = 4;
}

/* Normal in order-3 pieces: an index of 469 for order 4, not fragmented enough. */
static void normal_in_halves(struct fx *x)
{
	struct port_zone_policy *n = &x->f.zone[POL_NORMAL];
	unsigned int slot = 0;
	unsigned long a;

	for (a = 0x100; a < 0x300; a += 16)
		oracle_note_alloc(x->orc, slot++, a, 3, GFPF_MOVABLE);
	memset(n->nr_free, 0, sizeof(n->nr_free));
	n->nr_free[3][POL_MOVABLE] = 32;
}

struct compact_case {
	void (*setup)(struct fx *x);	/* NULL: the fresh machine */
	unsigned int order;
	int err, res;
	unsigned long moves[4][3];	/* old, new, order; old 0 ends */
	bool made_block;		/* after: an order-3 MOVABLE block in Normal */
	int target_mt;			/* the pageblock type at 0x2fa, -1: as is */
	bool no_result_op;
	bool changed_zone[POL_NR_ZONES];	/* after: an order-0 page moved to order 1 there */
};

/* `compact zone=Normal order=N` judged: the verdict's id, "ok" when it passes. */
static const char *compact_id(const struct compact_case *cc)
{
	static char id[64];
	struct fx x;
	struct port_ops ops = fake_port_ops;
	struct port_policy_ops pops = *fake_port_ops.policy;
	struct port_zone_policy *n;
	bool ok;
	int i;

	fx_init(&x, 0, 1);
	if (cc->setup)
		cc->setup(&x);
	if (cc->no_result_op) {
		pops.compact_result = NULL;
		ops.policy = &pops;
	}
	memset(&x.v, 0, sizeof(x.v));
	x.pol = policy_create(&x.cfg, &ops, &x.f, x.orc, 0x400);
	if (!x.pol || !policy_boot(x.pol, &x.v) ||
	    !policy_before_compact(x.pol, -1, POL_NORMAL, cc->order, &x.v)) {
		fx_done(&x);
		return "setup failed";
	}
	for (i = 0; i < 4 && cc->moves[i][0]; i++)
		policy_compact_migrate(x.pol, cc->moves[i][0], cc->moves[i][1],
				       (unsigned int)cc->moves[i][2]);
	n = &x.f.zone[POL_NORMAL];
	if (cc->made_block) {	/* two order-1 and one order-2 block became one of order 3 */
		n->nr_free[1][POL_MOVABLE] -= 2;
		n->nr_free[2][POL_MOVABLE] -= 1;
		n->nr_free[3][POL_MOVABLE] += 1;
	}
	for (i = 0; i < POL_NR_ZONES; i++) {
		struct port_zone_policy *zc = &x.f.zone[i];

		if (!cc->changed_zone[i])
			continue;
		if (zc->nr_free[4][POL_MOVABLE]) {	/* the fresh state: split one block */
			zc->nr_free[4][POL_MOVABLE]--;
			zc->nr_free[3][POL_MOVABLE]++;
			zc->nr_free[2][POL_MOVABLE]++;
			zc->nr_free[1][POL_MOVABLE]++;
			zc->nr_free[0][POL_MOVABLE] += 2;
		} else {	/* merge two order-1 blocks into an order-2 one */
			zc->nr_free[1][POL_MOVABLE] -= 2;
			zc->nr_free[2][POL_MOVABLE]++;
		}
	}
	if (cc->target_mt >= 0)
		fake_add_block(&x.f, 0x2f8, 2, PORT_BLOCK_FREE, POL_NORMAL, cc->target_mt,
			       cc->target_mt, -1);
	x.f.compact_res[POL_NORMAL] = cc->res;
	ok = policy_compact(x.pol, cc->err, &x.v);
	snprintf(id, sizeof(id), "%s", id_of(&x, ok));
	fx_done(&x);
	return id;
}

static void test_compact(void)
{
	const unsigned long up[3] = { 0x100, 0x2fa, 1 };

	TEST_BEGIN("judge/compact block free already");
	EXPECT_STREQ(compact_id(&(struct compact_case){ .order = 4, .res = PORT_COMPACT_SUCCESS,
							.target_mt = -1 }), "ok");
	EXPECT_STREQ(compact_id(&(struct compact_case){ .order = 4, .err = PF_EBUSY,
							.res = PORT_COMPACT_COMPLETE,
							.target_mt = -1 }),
		     "policy.compact_should_succeed");
	EXPECT_STREQ(compact_id(&(struct compact_case){ .order = 4, .res = PORT_COMPACT_COMPLETE,
							.target_mt = -1 }),
		     "policy.compact_zone_result");

	TEST_BEGIN("judge/compact skipped");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_full, 2, PF_ENOMEM,
							PORT_COMPACT_SKIPPED, .target_mt = -1 }),
		     "ok");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_full, 2, PF_EBUSY,
							PORT_COMPACT_COMPLETE, .target_mt = -1 }),
		     "policy.compact_should_fail");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_full, 2, PF_ENOMEM,
							PORT_COMPACT_NOT_SUITABLE,
							.target_mt = -1 }),
		     "policy.compact_zone_result");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_full, 2, PF_EBUSY,
							PORT_COMPACT_COMPLETE, .target_mt = -1,
							.no_result_op = true }),
		     "policy.compact_should_fail");

	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_full, 2, PF_ENOMEM,
							PORT_COMPACT_SKIPPED, .target_mt = -1,
							.changed_zone[POL_NORMAL] = true }),
		     "policy.compact_changed_state");

	TEST_BEGIN("judge/compact not fragmented");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_in_halves, 4, PF_ENOMEM,
							PORT_COMPACT_NOT_SUITABLE,
							.target_mt = -1 }),
		     "ok");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_in_halves, 4, PF_ENOMEM,
							PORT_COMPACT_SKIPPED, .target_mt = -1 }),
		     "policy.compact_zone_result");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_in_halves, 4, PF_ENOMEM,
							PORT_COMPACT_NOT_SUITABLE,
							{ { 0x108, 0x2f8, 3 } }, .target_mt = -1 }),
		     "policy.compact_migrated");

	TEST_BEGIN("judge/compact runs");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_EBUSY,
							PORT_COMPACT_COMPLETE, { { up[0], up[1], up[2] } },
							.target_mt = -1 }),
		     "ok");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, 0,
							PORT_COMPACT_SUCCESS, { { up[0], up[1], up[2] } },
							.made_block = true, .target_mt = -1 }),
		     "ok");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_ENOMEM,
							PORT_COMPACT_SKIPPED, .target_mt = -1 }),
		     "policy.compact_result_code");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, 0,
							PORT_COMPACT_SUCCESS, .target_mt = -1 }),
		     "policy.compact_zone_result");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_EBUSY,
							PORT_COMPACT_COMPLETE, { { 0x2f8, 0x102, 1 } },
							.target_mt = -1 }),
		     "policy.compact_scanners");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_EBUSY,
							PORT_COMPACT_COMPLETE, { { up[0], up[1], up[2] } },
							.target_mt = POL_UNMOVABLE }),
		     "policy.compact_target");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_EBUSY,
							PORT_COMPACT_COMPLETE, { { 0x100, 0x2fc, 2 } },
							.target_mt = -1 }),
		     "policy.compact_source_order");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_EBUSY,
							PORT_COMPACT_COMPLETE, { { 0x40, 0x2fa, 1 } },
							.target_mt = -1 }),
		     "policy.compact_migrated");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_EBUSY,
							PORT_COMPACT_COMPLETE, .target_mt = -1,
							.changed_zone[POL_NORMAL] = true }),
		     "ok");
	EXPECT_STREQ(compact_id(&(struct compact_case){ normal_fragmented, 3, PF_EBUSY,
							PORT_COMPACT_COMPLETE, .target_mt = -1,
							.changed_zone[POL_DMA32] = true }),
		     "policy.compact_changed_state");
}


/* port_check() refuses a policy port without every hook, or below level 3. */
/*
 * Direct compaction: an order-4 GFP_HIGHUSER_MOVABLE request on a machine
 * whose watermarks are above every zone (min_free_kbytes 4096) fails the
 * walks before and after the drain; the slow path then compacts each
 * zone of its zonelist.  @res: the outcome the fake reports for every
 * zone after the op (NONE: direct compaction skipped).
 */
static const char *direct_id(int res, int before)
{
	static char id[64];
	struct fx x;
	bool ok;
	int z;

	fx_init(&x, 0, 1);
	x.cfg.min_free_kbytes = x.f.min_free_kbytes = 4096;
	for (z = 0; z < 4; z++) {
		pol_setup_per_zone_wmarks(4096, zsize[z], 0x300, x.f.zone[z].wmark);
		x.f.compact_res[z] = before;
	}
	if (strcmp(boot_id(&x), "ok")) {
		fx_done(&x);
		return "boot failed";
	}
	policy_before_alloc(x.pol, GFPF_HIGHUSER_MOVABLE, 4, 0, -1);
	for (z = 0; z < 4; z++)
		x.f.compact_res[z] = res;
	memset(&x.v, 0, sizeof(x.v));
	ok = policy_alloc(x.pol, GFPF_HIGHUSER_MOVABLE, 4, 0, -1, PF_ENOMEM, 0, &x.v);
	snprintf(id, sizeof(id), "%s", id_of(&x, ok));
	fx_done(&x);
	return id;
}

static void test_direct_compact(void)
{
	TEST_BEGIN("judge/direct compaction");
	EXPECT_STREQ(direct_id(PORT_COMPACT_SKIPPED, PORT_COMPACT_NONE), "ok");
	EXPECT_STREQ(direct_id(PORT_COMPACT_NONE, PORT_COMPACT_NONE),
		     "policy.direct_compact_skipped");
	/* compacted before: it may be deferred now, nothing to say */
	EXPECT_STREQ(direct_id(PORT_COMPACT_COMPLETE, PORT_COMPACT_COMPLETE), "ok");
}

int main(void)
{
	test_compact();
	test_direct_compact();
	return test_main_end();
}
