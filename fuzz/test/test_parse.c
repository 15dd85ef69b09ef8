/* SPDX-License-Identifier: MIT */
/*
 * test_parse.c - self-tests of fuzz/gen's text side: the printed form of
 * a known scenario is exactly what TRACE.md promises and parses back;
 * hand-written forms parse; parse errors name file, line and token; the
 * parser's limits hold; gfp names format and parse back.
 */
#include <stdlib.h>
#include <string.h>
#include "gen_testutil.h"

TEST_STATE_DEFINE;


static const char golden_text[] =
	"config max_order=10 pageblock_order=9 cpus=2 nodes=2 pcp_high=186 pcp_batch=31 "
	"mobility=on check_every=4\n"
	"node 0 distance 1=20\n"
	"node 1 distance 0=20\n"
	"memblock add 0x0 0x20000000\n"
	"memblock add 0x20000000 0x20000000 nid=1\n"
	"memblock reserve 0x100000 0x4000\n"
	"memblock alloc 0x1000 0x1000 max=0x40000000 bottom_up\n"
	"zones dma=0x1000 dma32=0x40000 normal=0x40000\n"
	"boot\n"
	"alloc 3 cpu=1 -> a\n"
	"alloc 0 gfp=GFP_HIGHUSER_MOVABLE|__GFP_THISNODE nid=1 -> s1\n"
	"free a cpu=1\n"
	"drain\n"
	"drain cpu=0\n"
	"compact nid=0 zone=Normal order=9\n"
	"isolate 0x200 512\n"
	"unisolate 0x200 512\n"
	"contig 0x400 1024 -> s2\n"
	"misuse double_free a\n"
	"misuse wrong_order s1 2\n"
	"misuse free_pfn 0x7 0\n"
	"expect fail\n"
	"check\n"
	"dump zoneinfo\n";

static struct scn_op *add_op(struct scenario *s, unsigned int kind)
{
	struct scn_op *op = &s->ops[s->nr_ops++];

	ops_clear(op, kind);
	return op;
}

static void golden_boot(struct scenario *s)
{
	struct scn_boot_op *b = s->boot;

	s->cfg.nr_cpus = 2;
	s->cfg.nr_nodes = 2;
	s->cfg.pcp_auto = false;
	s->cfg.pcp_high = 186;
	s->cfg.pcp_batch = 31;
	s->cfg.check_every = 4;
	s->cfg.distance[0][1] = s->cfg.distance[1][0] = 20;
	b[0] = (struct scn_boot_op){ .kind = BOOT_MB_ADD, .size = 0x20000000 };
	b[1] = (struct scn_boot_op){ .kind = BOOT_MB_ADD, .nid = 1, .base = 0x20000000,
				     .size = 0x20000000 };
	b[2] = (struct scn_boot_op){ .kind = BOOT_MB_RESERVE, .base = 0x100000, .size = 0x4000 };
	b[3] = (struct scn_boot_op){ .kind = BOOT_MB_ALLOC, .nid = -1, .size = 0x1000,
				     .align = 0x1000, .max_addr = 0x40000000, .bottom_up = true };
	s->nr_boot = 4;
	s->zones.set = true;
	s->zones.max_zone_pfn[0] = 0x1000;
	s->zones.max_zone_pfn[1] = s->zones.max_zone_pfn[2] = 0x40000;
	s->booted = true;
}

static void golden_ops(struct scenario *s)
{
	struct scn_op *op;

	op = add_op(s, OP_ALLOC);
	op->order = 3;
	op->gfp = GFPF_KERNEL;
	op->cpu = 1;
	op = add_op(s, OP_ALLOC);
	op->gfp = GFPF_HIGHUSER_MOVABLE | GFPF_THISNODE;
	op->nid = 1;
	op->slot = 1;
	add_op(s, OP_FREE)->cpu = 1;
	add_op(s, OP_DRAIN)->cpu = -1;
	add_op(s, OP_DRAIN);
	op = add_op(s, OP_COMPACT);
	op->nid = 0;
	op->zone = PF_ZONE_NORMAL;
	op->order = 9;
	for (unsigned int kind = OP_ISOLATE; kind <= OP_UNISOLATE; kind++) {
		op = add_op(s, kind);
		op->pfn = 0x200;
		op->nr_pages = 512;
	}
	op = add_op(s, OP_CONTIG);
	op->pfn = 0x400;
	op->nr_pages = 1024;
	op->slot = 2;
	add_op(s, OP_DOUBLE_FREE);
	op = add_op(s, OP_WRONG_ORDER);
	op->slot = 1;
	op->order = 2;
	add_op(s, OP_FREE_PFN)->pfn = 7;
	add_op(s, OP_EXPECT);
	add_op(s, OP_CHECK);
	add_op(s, OP_DUMP)->arg = DUMP_ZONEINFO;
}

/* (d) the printed form of a hand-built scenario, byte for byte, and back. */
static void test_golden(void)
{
	struct scenario *s = new_scenario(), *back = new_scenario();
	struct scn_names names, parsed_names = { 0 };
	char err[256], *text;

	memset(&names, 0, sizeof(names));
	strcpy(names.slot[0], "a");
	golden_boot(s);
	golden_ops(s);
	TEST_BEGIN("golden print");
	EXPECT_TRUE(scenario_validate(s) == NULL);
	text = print_to_string(s, &names);
	EXPECT_STREQ(text, golden_text);
	free(text);
	TEST_BEGIN("golden parse");
	EXPECT_EQ(scenario_parse(golden_text, "golden", back, &parsed_names, err, sizeof(err)), 0);
	EXPECT_STREQ(err, "");
	EXPECT_TRUE(scenario_equal(s, back));
	EXPECT_STREQ(parsed_names.slot[0], "a");
	EXPECT_STREQ(parsed_names.slot[1], "s1");
	EXPECT_EQ(back->ops[0].line, 10);
	EXPECT_EQ(back->boot[3].line, 7);
	check_round_trips(s, "golden round trips");
	free(back);
	free(s);
}

/* A hand-written trace: comments, suffixes, keys in any order, implicit names. */
static void test_parse_forms(void)
{
	static const char text[] =
		"# a comment line\n"
		"config nodes=2 expect=off   # trailing comment\n"
		"config cpus=4 max_order=5 pageblock_order=3 min_free_kbytes=128\n"
		"\n"
		"memblock add 1M 0x3ff00000\tnid=1\n"
		"memblock alloc 4K 0 nid=0 min=0x100000 -> early\n"
		"zones normal=0x40000 dma32=0x40000 dma=0x1000 movable=0x20000\n"
		"boot\n"
		"alloc 2 nid=1 cpu=3 gfp=ALLOC_NO_WATERMARKS|GFP_ATOMIC -> x\n"
		"alloc 0\n"
		"free s0\n"
		"free never_bound cpu=2\n"
		"drain cpu=all\n"
		"drain all\n"
		"drain\n";
	struct scenario *s = new_scenario();
	struct scn_names names = { 0 };
	char err[256];

	TEST_BEGIN("parse forms");
	EXPECT_EQ(scenario_parse(text, "forms", s, &names, err, sizeof(err)), 0);
	EXPECT_STREQ(err, "");
	EXPECT_EQ(s->cfg.nr_nodes, 2);
	EXPECT_TRUE(s->cfg.expect_off);
	EXPECT_EQ(s->cfg.max_order, 5);
	EXPECT_TRUE(!s->cfg.min_free_auto && s->cfg.min_free_kbytes == 128);
	EXPECT_EQ(s->boot[0].base, 1 << 20);
	EXPECT_EQ(s->boot[0].nid, 1);
	EXPECT_EQ(s->boot[1].size, 4096);
	EXPECT_EQ(s->boot[1].min_addr, 0x100000);
	EXPECT_TRUE(s->zones.has_movable && s->zones.movable_pfn == 0x20000);
	EXPECT_EQ(s->nr_ops, 7);
	EXPECT_EQ(s->ops[5].cpu, -1);
	EXPECT_EQ(s->ops[6].cpu, -1);
	EXPECT_EQ(s->ops[0].gfp, GFPF_ATOMIC | GFPF_NO_WATERMARKS);
	EXPECT_EQ(s->ops[0].slot, 1);	/* s0 is reserved: x takes slot 1 */
	EXPECT_EQ(s->ops[1].slot, SCN_SLOT_NONE);	/* an unnamed alloc takes no slot */
	EXPECT_EQ(s->ops[2].slot, 0);
	EXPECT_EQ(s->ops[3].slot, 2);
	EXPECT_EQ(s->ops[3].cpu, 2);
	EXPECT_EQ(s->ops[4].cpu, -1);
	EXPECT_STREQ(names.slot[1], "x");
	EXPECT_STREQ(names.slot[2], "never_bound");
	check_print_parse(s, "parse forms round trip");
	EXPECT_STREQ(scenario_encodable(s), "an unnamed allocation (the binary format binds every "
		     "allocation to one of its 64 slots: give it `-> NAME`)");
	free(s);
}

/* Boot-phase `expect` and `dump memblock`: kept in order, printed back, no binary form. */
static void test_parse_boot_phase(void)
{
	static const char text[] =
		"memblock reserve 0x80000000 0x8000000\n"
		"expect ok\n"
		"dump memblock\n"
		"memblock alloc 0x1000 0x1000\n"
		"expect fail\n";
	struct scenario *s = new_scenario(), *back = new_scenario();
	char err[256], *printed = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&printed, &len);

	TEST_BEGIN("boot-phase expect and dump");
	EXPECT_EQ(scenario_parse(text, "bp", s, NULL, err, sizeof(err)), 0);
	EXPECT_STREQ(err, "");
	EXPECT_EQ(s->nr_boot, 5);
	EXPECT_TRUE(s->boot[1].kind == BOOT_EXPECT && s->boot[1].arg == 1);
	EXPECT_TRUE(s->boot[2].kind == BOOT_DUMP && s->boot[2].arg == DUMP_MEMBLOCK);
	EXPECT_TRUE(s->boot[4].kind == BOOT_EXPECT && s->boot[4].arg == 0);
	EXPECT_TRUE(!s->booted);
	scenario_print(s, NULL, f);
	fclose(f);
	EXPECT_TRUE(strstr(printed, text) != NULL);	/* after the config line */
	EXPECT_EQ(scenario_parse(printed, "bp", back, NULL, err, sizeof(err)), 0);
	EXPECT_TRUE(scenario_equal(s, back));
	s->booted = true;
	EXPECT_STREQ(scenario_encodable(s),
		     "an `expect` or `dump` before `boot` (the binary format has no such record)");
	free(printed);
	free(s);
	free(back);
}

struct bad_trace {
	const char *text;
	const char *err;
};

/* (f) every malformed line is reported as FILE:LINE: bad token 'TOK': why. */
static void test_parse_errors(void)
{
	static const struct bad_trace cases[] = {
		{ "boot\nfrobnicate 3\n", "t.trace:2: bad token 'frobnicate': unknown op" },
		{ "boot\nalloc 0x\n", "t.trace:2: bad token '0x': not a number" },
		{ "boot\nalloc 12abc\n", "t.trace:2: bad token '12abc': not a number" },
		{ "dump buddyinfo\n",
		  "t.trace:1: bad token 'buddyinfo': only `dump memblock` before `boot` (no zones exist yet)" },
		{ "expect ok\n", "t.trace:1: bad token 'expect': `expect` with no op before it" },
		{ "memblock reserve 0 4K\nexpect maybe\n", "t.trace:2: bad token 'maybe': expected ok or fail" },
		{ "boot\n\nalloc 0 gfp=GFP_KERNAL\n",
		  "t.trace:3: bad token 'gfp=GFP_KERNAL': unknown gfp flag" },
		{ "memblock add 0 1M\nalloc 0\n", "t.trace:2: bad token 'alloc': run op before `boot`" },
		{ "boot\nmemblock add 0 1M\n",
		  "t.trace:2: bad token 'memblock': boot-phase line after `boot`" },
		{ "config cpus=2\nboot\nalloc 0 cpu=2\n", "t.trace:3: bad token 'cpu=2': cpu >= cpus=2" },
		{ "config max_order=3 pageblock_order=2\nboot\nalloc 4\n",
		  "t.trace:3: bad token '4': order > max_order 3" },
		{ "config max_order=3\nboot\n",
		  "t.trace:1: bad token 'max_order=3': max_order < pageblock_order 9" },
		{ "memblock add 0 1M nid=3\nconfig nodes=2\nboot\n",
		  "t.trace:1: bad token 'nid=3': nid >= nodes=2" },
		{ "config pageblock_order=11\nboot\n",
		  "t.trace:1: bad token 'pageblock_order=11': pageblock_order > max_order 10" },
		{ "config max_order=13\n", "t.trace:1: bad token 'max_order=13': out of range 0..12" },
		{ "config colour=blue\n", "t.trace:1: bad token 'colour=blue': unknown config key" },
		{ "memblock alloc 4K 3\n", "t.trace:1: bad token '3': ALIGN is 0 or a power of two" },
		{ "zones dma=0x1000 dma32=0x10 normal=0x20\n",
		  "t.trace:1: bad token 'dma32=0x10': zone ends decrease" },
		{ "node 1 distance 1=20\n",
		  "t.trace:1: bad token '1=20': a node's distance to itself is 10" },
		{ "node 1 distance 0=20\nboot\n", "t.trace:1: bad token '1': node >= nodes=1" },
		{ "boot\ndrain some\n", "t.trace:2: bad token 'some': unexpected here" },
		{ "boot\nmisuse triple_free a\n",
		  "t.trace:2: bad token 'triple_free': expected double_free, wrong_order or free_pfn" },
		{ "boot\nfree\n", "t.trace:2: bad token 'free': missing NAME" },
		{ "boot\ncompact\n", "t.trace:2: bad token 'compact': missing order=N" },
		{ "boot\nfree a gfp=0\n", "t.trace:2: bad token 'gfp=0': unexpected here" },
		{ "boot\nisolate 0x100 0\n", "t.trace:2: bad token '0': out of range 1..65536" },
		{ "boot\nboot\n", "t.trace:2: bad token 'boot': boot-phase line after `boot`" },
		{ "config expect=maybe\n", "t.trace:1: bad token 'expect=maybe': expect is on or off" },
		{ "boot\nalloc 0 x 0\n", "t.trace:2: bad token '0': out of range 1..1048576" },
		{ "boot\nalloc 0 x\n", "t.trace:2: bad token 'x': missing N after x" },
		{ "boot\nalloc 0 x 2 x 3\n", "t.trace:2: bad token 'x': unexpected here" },
		{ "boot\nalloc 0 x 2 -> a\n",
		  "t.trace:2: bad token '->': a repeated op (x N) binds no name" },
		{ "boot\nfree a x 2\n", "t.trace:2: bad token 'x': unexpected here" },
		{ "boot\nexpect ok=0\n",
		  "t.trace:2: bad token 'ok=0': a counting expect needs an op before it" },
		{ "boot\nalloc 0 x 5\nexpect ok=6\n", "t.trace:3: bad token 'ok=6': out of range 0..5" },
		{ "boot\nalloc 0 x 5\ndump buddyinfo\nexpect ok=2 fail=2\n",
		  "t.trace:4: bad token 'fail=2': ok + fail must be 5, the runs of the op before" },
		{ "boot\nalloc 0\nexpect fail=1 ok=0\n", "t.trace:3: bad token 'ok=0': unexpected here" },
		{ "boot\nalloc 0\nexpect maybe\n",
		  "t.trace:3: bad token 'maybe': expected ok, fail, ok=K or fail=M" },
		{ "boot\ndrain all x\n", "t.trace:2: bad token 'x': unexpected here" },
		{ "memblock add 18446744073709551616 1M\n", "t.trace:1: bad token "
		  "'18446744073709551616': out of range (more than 64 bits)" },
		{ "memblock add 0x10000000000000000 1M\n", "t.trace:1: bad token "
		  "'0x10000000000000000': out of range (more than 64 bits)" },
		{ "memblock add 0 17179869184G\n", "t.trace:1: bad token "
		  "'17179869184G': out of range (more than 64 bits)" },
		{ "boot\n\x01\x1b[2J 1\n", "t.trace:2: bad token '\\x01\\x1b[2J': unknown op" },
		{ "config cpus=2\rboot\rfrob\r", "t.trace:3: bad token 'frob': unknown op" },
		{ "\xef\xbb\xbf" "config cpus=2\r\nboot\r\n\r\nfrob\r\n",
		  "t.trace:4: bad token 'frob': unknown op" },
	};
	struct scenario *s = new_scenario();
	char err[256];

	TEST_BEGIN("parse errors");
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_EQ(scenario_parse(cases[i].text, "t.trace", s, NULL, err, sizeof(err)), -1);
		EXPECT_STREQ(err, cases[i].err);
	}
	free(s);
}

/*
 * A .trace has no name limit: 1000 names, each freed by name, keep their
 * own slots (the first 64 in the binary format's range, then more), print
 * back under their names, and have no binary form.
 */
static void test_many_names(void)
{
	size_t cap = 64 * 1024, n;
	char *text = malloc(cap), err[256], *printed;
	struct scenario *s = new_scenario(), *back = new_scenario();
	struct scn_names names = { 0 }, back_names = { 0 };

	n = (size_t)snprintf(text, cap, "memblock add 0 64M\nboot\n");
	for (unsigned int i = 0; i < 1000; i++)
		n += (size_t)snprintf(text + n, cap - n, "alloc 0 -> n%u\n", i);
	for (unsigned int i = 0; i < 1000; i++)
		n += (size_t)snprintf(text + n, cap - n, "free n%u\n", 999 - i);
	TEST_BEGIN("1000 names");
	EXPECT_EQ(scenario_parse(text, "t.trace", s, &names, err, sizeof(err)), 0);
	EXPECT_STREQ(err, "");
	EXPECT_EQ(s->nr_slots, 1000);
	EXPECT_EQ(s->ops[0].slot, 0);
	EXPECT_EQ(s->ops[999].slot, 999);
	EXPECT_EQ(s->ops[1000].slot, 999);
	EXPECT_EQ(s->ops[1999].slot, 0);
	EXPECT_STREQ(scn_name(&names, 700), "n700");
	EXPECT_STREQ(scenario_encodable(s), "more than 64 names (the binary format has 64 slots)");
	printed = print_to_string(s, &names);
	EXPECT_TRUE(strstr(printed, "\nfree n998\n") != NULL);
	EXPECT_EQ(scenario_parse(printed, "printed", back, &back_names, err, sizeof(err)), 0);
	EXPECT_TRUE(scenario_equal(s, back));
	free(printed);
	scn_names_release(&names);
	scn_names_release(&back_names);
	free(back);
	free(s);
	free(text);
}

/* Op limits: a .trace holds more ops than a binary input; 513 memblock ops. */
static void test_parse_limits(void)
{
	size_t cap = 256 * 1024;
	char *text = malloc(cap), err[256], *printed;
	struct scenario *s = new_scenario(), *back = new_scenario();
	size_t n = (size_t)snprintf(text, cap, "boot\n");

	/* past the binary format's 4096 ops: a .trace keeps them all */
	for (unsigned int i = 0; i < 3 * SCN_MAX_OPS; i++)
		n += (size_t)snprintf(text + n, cap - n, i % 3 ? "check\n" : "alloc %u -> a\n", i % 4);
	TEST_BEGIN("more ops than the binary format");
	EXPECT_EQ(scenario_parse(text, "t.trace", s, NULL, err, sizeof(err)), 0);
	EXPECT_STREQ(err, "");
	EXPECT_EQ(s->nr_ops, 3 * SCN_MAX_OPS);
	EXPECT_EQ(scenario_op(s, 3 * SCN_MAX_OPS - 3)->kind, OP_ALLOC);
	EXPECT_EQ(scenario_op(s, 3 * SCN_MAX_OPS - 3)->order, (3 * SCN_MAX_OPS - 3) % 4);
	EXPECT_EQ(scenario_op(s, 3 * SCN_MAX_OPS - 1)->line, 3 * SCN_MAX_OPS + 1);
	EXPECT_STREQ(scenario_encodable(s), "more than 4096 ops (the binary format's limit)");
	printed = print_to_string(s, NULL);
	EXPECT_EQ(scenario_parse(printed, "printed", back, NULL, err, sizeof(err)), 0);
	EXPECT_TRUE(scenario_equal(s, back));
	scenario_release(back);
	free(back);
	free(printed);
	scenario_release(s);
	EXPECT_EQ(s->nr_ops, SCN_MAX_OPS);
	EXPECT_TRUE(s->more_ops == NULL);
	n = 0;
	for (unsigned int i = 0; i <= SCN_MAX_BOOT_OPS; i++)
		n += (size_t)snprintf(text + n, cap - n, "memblock reserve 0x%x 4K\n", i << 16);
	TEST_BEGIN("too many memblock ops");
	EXPECT_EQ(scenario_parse(text, "t.trace", s, NULL, err, sizeof(err)), -1);
	EXPECT_STREQ(err, "t.trace:513: bad token 'reserve': more than 512 boot-phase ops");
	free(s);
	free(text);
}

static void test_gfp(void)
{
	static const struct { uint32_t bits; const char *text; } known[] = {
		{ 0, "0" },
		{ GFPF_KERNEL, "GFP_KERNEL" },
		{ GFPF_KERNEL | GFPF_THISNODE, "GFP_KERNEL|__GFP_THISNODE" },
		{ GFPF_HIGHUSER_MOVABLE, "GFP_HIGHUSER_MOVABLE" },
		{ GFPF_ATOMIC | GFPF_NOWARN, "GFP_ATOMIC|__GFP_NOWARN" },
		{ GFPF_NO_WATERMARKS, "ALLOC_NO_WATERMARKS" },
		{ GFPF_DMA | GFPF_MOVABLE, "GFP_DMA|__GFP_MOVABLE" },
		{ GFPF_IO | GFPF_COMP, "__GFP_IO|__GFP_COMP" },
		{ GFPF_DMA | GFPF_KSWAPD_RECLAIM, "GFP_NOWAIT|__GFP_DMA" },	/* tie: first */
	};
	char buf[SCN_GFP_TEXT_LEN];
	uint32_t bits;
	unsigned int bad = 0;

	TEST_BEGIN("gfp names");
	for (unsigned int i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		scn_gfp_format(known[i].bits, buf, sizeof(buf));
		EXPECT_STREQ(buf, known[i].text);
	}
	EXPECT_EQ(scn_gfp_parse("GFP_NOFS|__GFP_RECLAIM", &bits), 0);
	EXPECT_EQ(bits, GFPF_NOFS);
	EXPECT_EQ(scn_gfp_parse("GFP_KERNEL|", &bits), -1);
	EXPECT_EQ(scn_gfp_parse("gfp_kernel", &bits), -1);
	for (unsigned int i = 0; i < 100000; i++) {
		uint32_t gfp = (uint32_t)(i < 64 ? 1u << (i % 22) : rng()) & GFPF_ALL;

		scn_gfp_format(gfp, buf, sizeof(buf));
		bad += scn_gfp_parse(buf, &bits) != 0 || bits != gfp;
	}
	EXPECT_EQ(bad, 0);
	scn_gfp_format(GFPF_ALL, buf, sizeof(buf));
	EXPECT_EQ(scn_gfp_parse(buf, &bits), 0);
	EXPECT_EQ(bits, GFPF_ALL);
}

int main(void)
{
	test_golden();
	test_parse_boot_phase();
	test_parse_forms();
	test_parse_errors();
	test_parse_limits();
	test_many_names();
	test_gfp();
	return test_main_end();
}
