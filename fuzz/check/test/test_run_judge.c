// SPDX-License-Identifier: MIT
/*
 * test_run_judge.c - the runner on its own: this program links the judge
 * (pfcheck, pforacle, pfgen) and no allocator at all.  Ports defined here
 * have no memory manager behind them; they show that the boot phase runs
 * on the judge's memblock model alone, that a map a port refuses ends the
 * run as "not booted", that a port missing a hook its capabilities
 * promise is reported instead of called, that a port whose self-check
 * misses a corruption it made (`corrupt`) is reported, and so is one that
 * answers a bad call (`misuse call`) with the wrong code.
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

/*
 * An arena that owns nothing (no op allocates) with a corrupt() that
 * answers corrupt_err and a self-check that, once something is broken,
 * reports check_finds violations: the planted wrong answers of the
 * `corrupt` judge.
 */
static int corrupt_err;
static unsigned int check_finds;
static bool broken;
static bool ignore_limit;
static unsigned int full_checks;	/* calls of check_all, the full walk */

static int ok_boot(void *p, const struct port_map *map)
{
	(void)p;
	(void)map;
	broken = false;
	return 0;
}

static int none_alloc(void *p, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
		      unsigned long *pfn)
{
	(void)p, (void)gfp, (void)order, (void)cpu, (void)nid, (void)pfn;
	return PF_ENOMEM;
}

static int none_free(void *p, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	(void)p, (void)pfn, (void)order, (void)cpu;
	return PF_ENOENT;
}

static int fake_corrupt(void *p, unsigned int what, unsigned long pfn, unsigned long *where)
{
	(void)p, (void)what;
	*where = pfn;
	broken = !corrupt_err;
	return corrupt_err;
}

static unsigned int fake_check(void *p, port_violation_fn fn, void *ctx, unsigned int limit)
{
	unsigned int n = broken ? check_finds : 0;

	(void)p;
	full_checks++;
	if (limit && n > limit && !ignore_limit)
		n = limit;
	for (unsigned int i = 0; i < n; i++)
		if (fn)
			fn(ctx, "fake.broken", 7, "planted");
	return n;
}

static unsigned int no_check(void *p, port_violation_fn fn, void *ctx, unsigned int limit)
{
	(void)p, (void)fn, (void)ctx, (void)limit;
	return 0;
}

static const struct port_ops corruptible = {
	.name = "corruptible", .level = PORT_LEVEL_ARENA,
	.caps = SCN_CAP_CORRUPT | SCN_CAP_BAD_CALL | PORT_CAP_SELF_CHECK,
	.create = mk_create, .boot = ok_boot, .destroy = mk_destroy,
	.alloc = none_alloc, .free = none_free, .corrupt = fake_corrupt,
	.check_all = fake_check, .check_touched = no_check,
};

/* A port whose host allocations can fail: create() meets it, answering hf_err. */
static int hf_err;
static bool hf_armed, hf_fired;

static void *hf_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	if (hf_armed) {
		hf_fired = true;
		*err = hf_err;
		return NULL;
	}
	return mk_create(cfg, env, err);
}

static bool hf_host_fail(long nth)
{
	bool fired = hf_fired;

	if (nth >= 0) {
		hf_armed = nth > 0;
		hf_fired = false;
	}
	return fired;
}

static const struct port_ops host_failing = {
	.name = "host-failing", .level = PORT_LEVEL_ARENA, .caps = SCN_CAP_HOST_FAIL,
	.create = hf_create, .boot = ok_boot, .destroy = mk_destroy,
	.alloc = none_alloc, .free = none_free, .host_fail = hf_host_fail,
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

	static const char corrupt_trace[] = "memblock add 0x0 0x100000\nboot\n"
					    "corrupt free_link 0x10\nexpect ok\n";

	TEST_BEGIN("a corruption the self-check reports ends the run, clean");
	corrupt_err = 0;
	check_finds = 2;
	EXPECT_EQ(run_text(&corruptible, corrupt_trace, out, sizeof(out), &r), RUN_OK);
	EXPECT_EQ(r.ops_run, 1u);
	EXPECT_STREQ(r.ended_by, "ended by `corrupt free_link`: the self-check reports 2 "
		     "violations (the incremental one 0), first fake.broken at pfn 0x7 (planted)");

	TEST_BEGIN("planted: a corruption the self-check misses is reported");
	check_finds = 0;
	EXPECT_EQ(run_text(&corruptible, corrupt_trace, out, sizeof(out), &r), RUN_FAILED);
	EXPECT_STREQ(r.signature, "corruptible:selfcheck.missed_corruption:corrupt");
	EXPECT_EQ(r.start_pfn, 0x10ul);

	TEST_BEGIN("planted: a self-check that does not stop at its limit is reported");
	ignore_limit = true;
	check_finds = 2;
	EXPECT_EQ(run_text(&corruptible, corrupt_trace, out, sizeof(out), &r), RUN_FAILED);
	EXPECT_STREQ(r.invariant, "selfcheck.limit_ignored");
	ignore_limit = false;

	TEST_BEGIN("nothing to break: the run goes on, the op failed");
	corrupt_err = PF_ENOENT;
	EXPECT_EQ(run_text(&corruptible, "memblock add 0x0 0x100000\nboot\n"
			   "corrupt nr_free 0\nexpect fail\n", out, sizeof(out), &r), RUN_OK);
	EXPECT_EQ(r.ended_by[0], '\0');
	EXPECT_EQ(run_text(&corruptible, corrupt_trace, out, sizeof(out), &r), RUN_FAILED);
	EXPECT_STREQ(r.invariant, "expect");

	TEST_BEGIN("the end of a run walks again only when an op ran since the last walk");
	full_checks = 0;	/* corrupt_err is still ENOENT: the op fails, nothing breaks */
	EXPECT_EQ(run_text(&corruptible, "memblock add 0x0 0x100000\nboot\n", out, sizeof(out),
			   &r), RUN_OK);
	EXPECT_EQ(full_checks, 1u);	/* the walk at boot stands for the one at the end */
	full_checks = 0;
	EXPECT_EQ(run_text(&corruptible, "memblock add 0x0 0x100000\nboot\ncorrupt nr_free 0\n",
			   out, sizeof(out), &r), RUN_OK);
	EXPECT_EQ(full_checks, 2u);	/* boot, end */
	full_checks = 0;
	EXPECT_EQ(run_text(&corruptible, "memblock add 0x0 0x100000\nboot\ncheck\n", out,
			   sizeof(out), &r), RUN_OK);
	EXPECT_EQ(full_checks, 2u);	/* boot, `check` */
	full_checks = 0;
	EXPECT_EQ(run_text(&corruptible, "memblock add 0x0 0x100000\nboot\ncheck\n"
			   "corrupt nr_free 0\n", out, sizeof(out), &r), RUN_OK);
	EXPECT_EQ(full_checks, 3u);	/* boot, `check`, end */

	TEST_BEGIN("planted: any other error from corrupt() is reported");
	corrupt_err = PF_EINVAL;
	EXPECT_EQ(run_text(&corruptible, corrupt_trace, out, sizeof(out), &r), RUN_FAILED);
	EXPECT_STREQ(r.invariant, "port.corrupt_error");

	TEST_BEGIN("planted: a bad call answered with the wrong code is reported");
	/* its alloc() says ENOMEM to everything, a bad order included */
	EXPECT_EQ(run_text(&corruptible, "memblock add 0x0 0x100000\nboot\n"
			   "misuse call alloc_order\n", out, sizeof(out), &r), RUN_FAILED);
	EXPECT_STREQ(r.signature, "corruptible:port.bad_call_code:misuse call");
	/* and a memblock op after boot is skipped: it has no memblock */
	EXPECT_EQ(run_text(&corruptible, "memblock add 0x0 0x100000\nboot\n"
			   "misuse call memblock_add\n", out, sizeof(out), &r), RUN_OK);
	EXPECT_EQ(r.ops_skipped, 1u);

	static const char hf_trace[] = "config host_fail=1\nmemblock add 0x0 0x100000\nboot\n";

	TEST_BEGIN("a host allocation failure met with ENOMEM ends the run, clean");
	hf_err = PF_ENOMEM;
	EXPECT_EQ(run_text(&host_failing, hf_trace, out, sizeof(out), &r), RUN_OK);
	EXPECT_STREQ(r.ended_by, "ended by the failure of host allocation 1 (config host_fail) "
		     "in create(): ENOMEM");
	EXPECT_TRUE(!hf_armed);

	TEST_BEGIN("planted: a host allocation failure met with another code is reported");
	hf_err = PF_EINVAL;
	EXPECT_EQ(run_text(&host_failing, hf_trace, out, sizeof(out), &r), RUN_FAILED);
	EXPECT_STREQ(r.invariant, "port.host_fail_code");
	return test_main_end();
}
