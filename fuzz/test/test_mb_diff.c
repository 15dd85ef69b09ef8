// SPDX-License-Identifier: MIT
/*
 * test_mb_diff.c - the boot-phase differential bites: the reference
 * memblock against itself agrees on every op kind; against a copy of
 * itself with one planted wrong answer (an alloc address, a total_size,
 * a region's nid, an op's verdict, an array's capacity) it reports that
 * field at that op, with the signature mbdiff:<field>:<op>.  Needs no
 * kernel source: the port under test is a skewed reference.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz/diff/mb_diff.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

enum plant { PLANT_NONE, PLANT_ADDR, PLANT_TOTAL, PLANT_NID, PLANT_VERDICT, PLANT_MAX,
	     PLANT_KNOWN_BUG, PLANT_DEVIATION };

static enum plant plant;
static unsigned int plant_at;		/* boot op index (0-based) that goes wrong */
static unsigned int ops_seen;

static void *skew_create(void)
{
	ops_seen = 0;
	return mb_port_ref_ops.create();
}

static struct mb_port_result skew_op(void *mb, const struct scn_boot_op *op)
{
	struct mb_port_result r = mb_port_ref_ops.op(mb, op);

	if (ops_seen++ == plant_at) {
		if (plant == PLANT_ADDR)
			r.addr += 0x1000;
		if (plant == PLANT_VERDICT)
			r.ok = !r.ok;
		if (plant == PLANT_KNOWN_BUG) {	/* and a wrong address the stop must hide */
			r.known_bug = "planted";
			r.addr ^= 0x1000;
		}
		if (plant == PLANT_DEVIATION) {	/* the same, for an intended deviation */
			r.deviation = "planted deviation";
			r.addr ^= 0x1000;
		}
	}
	return r;
}

struct skew_arg {
	mb_port_report_fn fn;
	void *arg;
};

static void skew_collect(void *arg, enum mb_port_type type, const struct mb_port_array *a)
{
	struct skew_arg *s = arg;
	struct mb_port_array copy = *a;
	struct mb_port_region *r = NULL;

	if (ops_seen == plant_at + 1 && type == MB_PORT_RESERVED) {
		if (plant == PLANT_TOTAL)
			copy.total_size++;
		if (plant == PLANT_MAX)
			copy.max *= 2;
		if (plant == PLANT_NID && a->cnt) {
			r = malloc(a->cnt * sizeof(*r));
			if (!r)
				abort();
			memcpy(r, a->regions, a->cnt * sizeof(*r));
			r[a->cnt - 1].nid = 0;
			copy.regions = r;
		}
	}
	s->fn(s->arg, type, &copy);
	free(r);
}

static void skew_report(void *mb, mb_port_report_fn fn, void *arg)
{
	struct skew_arg s = { fn, arg };

	mb_port_ref_ops.report(mb, skew_collect, &s);
}

static void skew_destroy(void *mb)
{
	mb_port_ref_ops.destroy(mb);
}

static const struct mb_port_ops skew_ops = {
	.name = "skewed", .create = skew_create, .op = skew_op,
	.report = skew_report, .destroy = skew_destroy,
};

static struct scenario scn;

static void add_op(uint8_t kind, uint64_t base, uint64_t size, int nid)
{
	struct scn_boot_op *op = &scn.boot[scn.nr_boot++];

	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->base = base;
	op->size = size;
	op->nid = (int8_t)nid;
}

static void build(void)
{
	scenario_init(&scn);
	add_op(BOOT_MB_ADD, 0, 0x1000000, 0);
	add_op(BOOT_MB_RESERVE, 0x100000, 0x1000, -1);
	add_op(BOOT_MB_ALLOC, 0, 0x2000, -1);		/* op 2: an alloc */
	scn.boot[2].align = 0x1000;
	add_op(BOOT_MB_REMOVE, 0x800000, 0x1000, -1);
	add_op(BOOT_MB_FREE, 0x100000, 0x1000, -1);
	add_op(BOOT_MB_ALLOC, 0, 0x1000, 0);		/* op 5: bottom-up, node 0 */
	scn.boot[5].bottom_up = true;
}

static int run(enum plant p, unsigned int at, struct mb_diff_result *r, FILE *out)
{
	struct mb_diff_opts o = { .a = &mb_port_ref_ops, .b = &skew_ops, .out = out };

	plant = p;
	plant_at = at;
	return mb_diff_run(&scn, &o, r);
}

static void expect_bite(const char *name, enum plant p, unsigned int at, const char *sig,
			FILE *out)
{
	struct mb_diff_result r;

	TEST_BEGIN(name);
	EXPECT_EQ(run(p, at, &r, out), 1);
	EXPECT_TRUE(r.differ);
	EXPECT_EQ(r.ops_run, at + 1);
	EXPECT_STREQ(r.signature, sig);
}

int main(void)
{
	struct mb_diff_result r;
	FILE *out = tmpfile();
	char text[8192] = "";
	size_t n;

	build();
	TEST_BEGIN("agree/ref-vs-ref");
	EXPECT_EQ(run(PLANT_NONE, 0, &r, out), 0);
	EXPECT_EQ(r.ops_run, scn.nr_boot);
	EXPECT_TRUE(!r.differ);

	expect_bite("bite/alloc-addr", PLANT_ADDR, 2, "mbdiff:alloc_addr:memblock_alloc", NULL);
	expect_bite("bite/total-size", PLANT_TOTAL, 1, "mbdiff:reserved.total_size:memblock_reserve",
		    NULL);
	expect_bite("bite/region-nid", PLANT_NID, 5, "mbdiff:reserved.region:memblock_alloc", NULL);
	expect_bite("bite/verdict", PLANT_VERDICT, 3, "mbdiff:result:memblock_remove", NULL);
	expect_bite("bite/max", PLANT_MAX, 4, "mbdiff:reserved.max:memblock_free", out);

	/* A port's known bug stops the run quietly: no difference, no signature. */
	TEST_BEGIN("known-bug/stops");
	EXPECT_EQ(run(PLANT_KNOWN_BUG, 2, &r, NULL), 0);
	EXPECT_TRUE(!r.differ);
	EXPECT_EQ(r.ops_run, 3u);
	EXPECT_TRUE(r.known_bug != NULL && !strcmp(r.known_bug, "planted"));
	EXPECT_TRUE(r.deviation == NULL);

	/* So does an intended deviation, recorded as one. */
	TEST_BEGIN("deviation/stops");
	EXPECT_EQ(run(PLANT_DEVIATION, 2, &r, NULL), 0);
	EXPECT_TRUE(!r.differ);
	EXPECT_EQ(r.ops_run, 3u);
	EXPECT_TRUE(r.known_bug == NULL);
	EXPECT_TRUE(r.deviation != NULL && !strcmp(r.deviation, "planted deviation"));

	/* The report: the op, both columns, the ops so far, the signature. */
	TEST_BEGIN("report/text");
	EXPECT_TRUE(out != NULL);
	if (out) {
		rewind(out);
		n = fread(text, 1, sizeof(text) - 1, out);
		text[n] = '\0';
		fclose(out);
	}
	EXPECT_TRUE(strstr(text, "ref and skewed differ in reserved.max after boot op 5: "
				 "memblock free 0x100000 0x1000") != NULL);
	EXPECT_TRUE(strstr(text, "* memblock.reserved: cnt=1 max=128") != NULL);
	EXPECT_TRUE(strstr(text, "| memblock.reserved: cnt=1 max=256") != NULL);
	EXPECT_TRUE(strstr(text, "# the boot ops up to here, as a .trace:\n"
				 "memblock add 0x0 0x1000000\n") != NULL);
	EXPECT_TRUE(strstr(text, "signature  mbdiff:reserved.max:memblock_free\n") != NULL);
	return test_main_end();
}
