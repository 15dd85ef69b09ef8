// SPDX-License-Identifier: MIT
/*
 * test_mb_model.c - the judge's memblock model: its edits give the
 * kernel's canonical arrays, its first fit follows the kernel's passes,
 * and every judging function rejects a planted wrong answer.
 */
#include <stdlib.h>
#include <string.h>
#include "oracle/mb_model.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

#define NN PF_MEMBLOCK_NO_NODE

/* A port state that says exactly what the model holds (arrays never grown). */
static struct port_mb_state state_of(const struct mb_model *m)
{
	struct port_mb_state st;
	uint64_t t0 = 0, t1 = 0;

	for (unsigned long i = 0; i < m->memory.cnt; i++)
		t0 += m->memory.r[i].size;
	for (unsigned long i = 0; i < m->reserved.cnt; i++)
		t1 += m->reserved.r[i].size;
	st.memory = (struct port_mb_type){ m->memory.cnt, 128, t0, m->memory.r, 0, 0 };
	st.reserved = (struct port_mb_type){ m->reserved.cnt, 128, t1, m->reserved.r, 0, 0 };
	return st;
}

static const char *id_of(bool ok, const struct oracle_verdict *v)
{
	return ok ? "ok" : v->id;
}

static void test_edits(void)
{
	struct mb_model m;

	TEST_BEGIN("edits keep canonical sets");
	EXPECT_EQ(mbm_init(&m), 0);
	EXPECT_TRUE(mbm_add(&m, 0x1000, 0x1000, 0));
	EXPECT_TRUE(mbm_add(&m, 0x3000, 0x1000, 0));
	EXPECT_TRUE(mbm_add(&m, 0x2000, 0x1000, 0));		/* fills the hole: one region */
	EXPECT_EQ(m.memory.cnt, 1);
	EXPECT_EQ(m.memory.r[0].size, 0x3000);
	EXPECT_TRUE(mbm_add(&m, 0x0, 0x8000, 1));		/* only the new parts get node 1 */
	EXPECT_EQ(m.memory.cnt, 3);
	EXPECT_EQ(m.memory.r[0].nid, 1);
	EXPECT_EQ(m.memory.r[1].nid, 0);
	EXPECT_EQ(m.memory.r[2].base, 0x4000);
	EXPECT_TRUE(mbm_remove(&m, 0x1800, 0x1000));		/* splits the node-0 region */
	EXPECT_EQ(m.memory.cnt, 4);
	EXPECT_EQ(m.memory.r[1].size, 0x800);
	EXPECT_EQ(m.memory.r[2].base, 0x2800);
	EXPECT_TRUE(mbm_add(&m, 0x0, 0, 0));			/* size 0: nothing */
	EXPECT_EQ(m.memory.cnt, 4);
	EXPECT_TRUE(mbm_reserve(&m, UINT64_MAX - 0x10, 0x100, NN));	/* cut at 2^64 - 1 */
	EXPECT_EQ(m.reserved.r[0].size, 0x10);
	EXPECT_TRUE(mbm_free(&m, 0, UINT64_MAX));
	EXPECT_EQ(m.reserved.cnt, 0);
	mbm_release(&m);
}

static void test_find(void)
{
	struct port_mb_op op = { .kind = PORT_MB_ALLOC, .size = 0x1000, .align = 0x1000,
				 .nid = PF_NUMA_NO_NODE };
	struct mb_model m;
	uint64_t a = 0;

	TEST_BEGIN("first fit follows the kernel's passes");
	mbm_init(&m);
	mbm_add(&m, 0x0, 0x10000, 0);
	mbm_add(&m, 0x10000, 0x10000, 1);
	mbm_reserve(&m, 0x1f000, 0x1000, NN);
	EXPECT_TRUE(mbm_find(&m, &op, &a));
	EXPECT_EQ(a, 0x1e000);					/* top-down: highest fit */
	op.bottom_up = true;
	EXPECT_TRUE(mbm_find(&m, &op, &a));
	EXPECT_EQ(a, 0x1000);					/* never the first page */
	op.bottom_up = false;
	op.nid = 0;
	EXPECT_TRUE(mbm_find(&m, &op, &a));
	EXPECT_EQ(a, 0xf000);					/* preferred node first */
	op.min_addr = 0x10000;
	EXPECT_TRUE(mbm_find(&m, &op, &a));
	EXPECT_EQ(a, 0x1e000);					/* then any node above min */
	op.max_addr = 0x10000;
	EXPECT_TRUE(mbm_find(&m, &op, &a));
	EXPECT_EQ(a, 0xf000);					/* min is retried from 0 */
	op.size = 0x20000;
	EXPECT_TRUE(!mbm_find(&m, &op, &a));
	op = (struct port_mb_op){ .kind = PORT_MB_ALLOC, .size = 0x2000, .align = 0x1000,
				  .nid = PF_NUMA_NO_NODE };
	mbm_remove(&m, 0, 0x20000);
	mbm_add(&m, 0x0, 0x11000, 0);
	mbm_add(&m, 0x11000, 0x1000, 1);			/* no fit across two regions */
	mbm_reserve(&m, 0x0, 0x10000, NN);
	EXPECT_TRUE(!mbm_find(&m, &op, &a));
	mbm_release(&m);
}

static void test_judge_state(void)
{
	struct mb_model m;
	struct oracle_verdict v;
	struct port_mb_state st;
	struct port_mb_region wrong[2];

	TEST_BEGIN("a port's arrays against the model");
	mbm_init(&m);
	mbm_add(&m, 0x0, 0x100000, 0);
	mbm_reserve(&m, 0x2000, 0x1000, NN);
	st = state_of(&m);
	EXPECT_STREQ(id_of(mbm_judge_state(&m, &st, &v), &v), "ok");
	memcpy(wrong, m.reserved.r, sizeof(wrong[0]));
	wrong[0].nid = 0;					/* planted: wrong nid */
	st.reserved.regions = wrong;
	EXPECT_STREQ(id_of(mbm_judge_state(&m, &st, &v), &v), "memblock.region_differs");
	st = state_of(&m);
	st.reserved.total_size++;				/* planted: wrong total */
	EXPECT_STREQ(id_of(mbm_judge_state(&m, &st, &v), &v), "memblock.total_size");
	st = state_of(&m);
	st.reserved.cnt = 0;					/* planted: a lost region */
	st.reserved.total_size = 0;
	EXPECT_STREQ(id_of(mbm_judge_state(&m, &st, &v), &v), "memblock.region_missing");
	st = state_of(&m);
	st.memory.max = 0;					/* planted: cnt > max */
	EXPECT_STREQ(id_of(mbm_judge_state(&m, &st, &v), &v), "memblock.count");
	mbm_release(&m);
}

static void test_judge_alloc(void)
{
	struct port_mb_op op = { .kind = PORT_MB_ALLOC, .size = 0x1000, .align = 0x1000,
				 .nid = 1 };
	struct oracle_verdict v;
	struct mb_model m;

	TEST_BEGIN("memblock alloc results");
	mbm_init(&m);
	mbm_add(&m, 0x0, 0x10000, 0);
	mbm_add(&m, 0x10000, 0x10000, 1);
	mbm_reserve(&m, 0x1f000, 0x1000, NN);
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, 0, 0x1e000, 1, 128, &v), &v), "ok");
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, 0, 0x1e800, 1, 128, &v), &v),
		     "memblock.alloc_misaligned");
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, 0, 0x1f000, 1, 128, &v), &v),
		     "memblock.alloc_not_free");
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, 0, 0x0, 1, 128, &v), &v),
		     "memblock.alloc_out_of_limits");
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, 0, 0x5000, 1, 128, &v), &v),
		     "memblock.alloc_preference");		/* node 1 had room */
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, 0, 0x5000, 128, 128, &v), &v), "ok");
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, PF_ENOMEM, 0, 1, 128, &v), &v),
		     "memblock.alloc_failed");
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, PF_ENOMEM, 0, 128, 128, &v), &v), "ok");
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, PF_EINVAL, 0, 1, 128, &v), &v),
		     "memblock.alloc_error");
	op.max_addr = 0x10000;
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, 0, 0x1e000, 1, 128, &v), &v),
		     "memblock.alloc_out_of_limits");
	op.size = 0x100000;
	EXPECT_STREQ(id_of(mbm_judge_alloc(&m, &op, PF_ENOMEM, 0, 1, 128, &v), &v), "ok");
	mbm_release(&m);
}

/* Issue 7 item 14: a free over the reserved array's own growth reservation. */
static void test_growth(void)
{
	struct port_mb_op rsv = { .kind = PORT_MB_RESERVE, .base = 0, .size = 0xd0d0d, .nid = -1 };
	struct port_mb_op fr = { .kind = PORT_MB_FREE, .base = 0xd0d0d, .size = 0xd0d0d,
				 .nid = -1 };
	struct mb_model m;
	struct oracle_verdict v;
	struct port_mb_state st;

	TEST_BEGIN("array growth reservations");
	mbm_init(&m);
	mbm_add(&m, 0, 0x140000, 0);
	st = state_of(&m);
	EXPECT_STREQ(id_of(mbm_judge_initial(&m, &(struct port_mb_state){
			{ 1, 128, 0, NULL, 0, 0 }, { 0, 128, 0, NULL, 0, 0 } }, &v), &v),
		     "memblock.initial_state");			/* planted: not empty */
	EXPECT_STREQ(id_of(mbm_judge_initial(&m, &(struct port_mb_state){
			{ 0, 128, 0, NULL, 0, 0 }, { 0, 128, 0, NULL, 0, 0 } }, &v), &v), "ok");
	st.reserved.max = 256;
	st.reserved.array_base = 0x13e000;
	st.reserved.array_bytes = 0x2000;
	/* planted: the new array on the range being reserved (from 0x1000) */
	st.reserved.array_base = 0x2000;
	{
		struct mb_model copy;

		mbm_init(&copy);
		mbm_add(&copy, 0, 0x140000, 0);
		copy.array[0] = m.array[0];
		copy.array[1] = m.array[1];
		rsv.base = 0x1000;
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v),
			     "memblock.array_on_request");
		rsv.base = 2;		/* below it is [0, 2): nothing */
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v),
			     "memblock.array_on_request");
		rsv.base = 0;		/* below a range at 0 is "up to current_limit" */
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v), "ok");
		rsv.base = 1;		/* and at 1 too (MEMBLOCK_ALLOC_NOLEAKTRACE) */
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v), "ok");
		mbm_release(&copy);
		mbm_init(&copy);
		mbm_add(&copy, 0, 0x140000, 0);
		copy.array[0] = m.array[0];
		copy.array[1] = m.array[1];
		st.reserved.array_base = 0x200000;		/* planted: outside memory */
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v),
			     "memblock.array_not_free");
		st.reserved.array_base = 0x13e800;		/* planted: not page aligned */
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v),
			     "memblock.array_placement");
		st.reserved.array_base = 0x13e000;
		st.reserved.max = 384;				/* planted: no doubling */
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v),
			     "memblock.array_max");
		st.reserved.max = 128;				/* planted: max moved, array did not */
		st.reserved.array_base = 0;
		st.reserved.array_bytes = 0;
		st.memory.max = 256;
		EXPECT_STREQ(id_of(mbm_judge_growth(&copy, &rsv, 0, 0, &st, &v), &v),
			     "memblock.array_max");
		st.memory.max = 128;
		st.reserved.array_base = 0x13e000;
		st.reserved.array_bytes = 0x2000;
		mbm_release(&copy);
	}
	st.reserved.max = 256;
	EXPECT_STREQ(id_of(mbm_judge_growth(&m, &rsv, 0, 0, &st, &v), &v), "ok");
	mbm_reserve(&m, 0, 0xd0d0d, NN);
	EXPECT_EQ(m.reserved.cnt, 2);				/* the op and the new array */
	EXPECT_EQ(m.reserved.r[1].base, 0x13e000);
	/* Linux's memblock_phys_free() takes the free over the array: it stops being reserved */
	EXPECT_STREQ(id_of(mbm_judge_growth(&m, &fr, 0, 0, &st, &v), &v), "ok");
	mbm_free(&m, 0xd0d0d, 0xd0d0d);
	EXPECT_EQ(m.reserved.cnt, 1);
	st = state_of(&m);
	st.reserved.max = 256;
	st.reserved.array_base = 0x13e000;
	st.reserved.array_bytes = 0x2000;
	EXPECT_STREQ(id_of(mbm_judge_state(&m, &st, &v), &v), "ok");
	/* the next growth may land on the released array: old freed first, new reserved whole */
	st.reserved.max = 512;
	st.reserved.array_base = 0x13c000;
	st.reserved.array_bytes = 0x3000;
	EXPECT_STREQ(id_of(mbm_judge_growth(&m, &rsv, 0, 0, &st, &v), &v), "ok");
	EXPECT_EQ(m.reserved.cnt, 2);
	EXPECT_EQ(m.reserved.r[1].base, 0x13c000);
	EXPECT_EQ(m.reserved.r[1].size, 0x3000);
	mbm_release(&m);
}

static void test_op_error(void)
{
	struct port_mb_op op = { .kind = PORT_MB_RESERVE, .base = 0x1000, .size = 0x1000,
				 .nid = -1 };
	struct oracle_verdict v;
	struct mb_model m;

	TEST_BEGIN("failed memblock ops");
	mbm_init(&m);
	EXPECT_STREQ(id_of(mbm_judge_op_error(&m, &op, PF_ENOMEM, 128, 128, &v), &v), "ok");
	EXPECT_STREQ(id_of(mbm_judge_op_error(&m, &op, PF_ENOMEM, 3, 128, &v), &v),
		     "memblock.op_failed");
	EXPECT_STREQ(id_of(mbm_judge_op_error(&m, &op, PF_EINVAL, 128, 128, &v), &v),
		     "memblock.op_error");
	op.kind = PORT_MB_FREE;
	EXPECT_STREQ(id_of(mbm_judge_op_error(&m, &op, PF_ENOMEM, 127, 128, &v), &v), "ok");
	mbm_release(&m);
}

int main(void)
{
	test_edits();
	test_find();
	test_judge_state();
	test_judge_alloc();
	test_growth();
	test_op_error();
	return test_main_end();
}
