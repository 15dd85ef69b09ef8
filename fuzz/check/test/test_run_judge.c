// SPDX-License-Identifier: MIT
/*
 * test_run_judge.c - the runner on its own: this program links the judge
 * (pfcheck, pforacle, pfgen) and no allocator at all.  Ports defined here
 * have no memory manager behind them; they show that the boot phase runs
 * on the judge's memblock model alone, that a map a port refuses ends the
 * run as "not booted", and that a port missing a hook its capabilities
 * promise is reported instead of called.
 */
#include <stdlib.h>
#include <string.h>
#include "fuzz/check/run.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

static int dummy;

static void *mk_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	(void)cfg;
	(void)env;
	*err = 0;
	return &dummy;
}

static int refuse_boot(void *p, const struct port_map *map)
{
	(void)p;
	(void)map;
	return PF_ENOMEM;	/* a clean refusal: too big for this port */
}

static void mk_destroy(void *p)
{
	(void)p;
}

/* No memblock: the judge's model plays the boot phase. */
static const struct port_ops refusing = {
	.name = "refusing", .caps = 0,
	.create = mk_create, .boot = refuse_boot, .destroy = mk_destroy,
};

/* Promises a memblock it does not have. */
static const struct port_ops hookless = {
	.name = "hookless", .caps = PORT_CAP_MEMBLOCK,
	.create = mk_create, .boot = refuse_boot, .destroy = mk_destroy,
};

static enum run_status run_text(const struct port_ops *port, const char *text, char *out,
				size_t outlen, struct run_result *r)
{
	struct scenario *s = malloc(sizeof(*s));
	struct run_opts o = { .port = port, .honour_expect = true };
	char err[256];
	FILE *f = fmemopen(out, outlen, "w");
	FILE *e = fopen("/dev/null", "w");

	memset(out, 0, outlen);
	if (!s || !f || !e || scenario_parse(text, "t.trace", s, NULL, err, sizeof(err))) {
		fprintf(stderr, "setup: %s\n", err);
		exit(2);
	}
	o.out = f;
	o.err = e;
	run_scenario(s, &o, r);
	fclose(f);
	fclose(e);
	free(s);
	return r->status;
}

int main(void)
{
	char out[2048];
	struct run_result r;

	TEST_BEGIN("the boot phase runs on the model with no allocator linked");
	EXPECT_EQ(run_text(&refusing,
			   "memblock add 0x0 0x100000\n"
			   "memblock reserve 0x1000 0x1000\n"
			   "memblock alloc 0x1000 0x1000 bottom_up\n"
			   "expect ok\n"
			   "dump memblock\n"
			   "memblock alloc 0x200000 0x1000\n"
			   "expect fail\n"
			   "boot\n",
			   out, sizeof(out), &r), RUN_NOT_BOOTED);
	EXPECT_STREQ(out, "memblock.memory: cnt=1 max=128 total_size=0x100000\n"
			  "  [0] base=0x0000000000000000 size=0x0000000000100000 nid=0 flags=0x0\n"
			  "memblock.reserved: cnt=1 max=128 total_size=0x2000\n"
			  "  [0] base=0x0000000000001000 size=0x0000000000002000 nid=8 flags=0x0\n");
	EXPECT_STREQ(r.boot_why, "cannot run: port refusing refused the map (ENOMEM)");

	TEST_BEGIN("a boot-phase expect that does not hold is a failure");
	EXPECT_EQ(run_text(&refusing, "memblock add 0x0 0x100000\n"
			   "memblock alloc 0x200000 0x1000\nexpect ok\n", out, sizeof(out), &r),
		  RUN_FAILED);
	EXPECT_STREQ(r.signature, "refusing:expect:expect");

	TEST_BEGIN("a port missing a promised hook is reported, not called");
	EXPECT_EQ(run_text(&hookless, "memblock add 0x0 0x100000\nboot\n", out, sizeof(out), &r),
		  RUN_FAILED);
	EXPECT_STREQ(r.invariant, "port.missing_hook");
	return test_main_end();
}
