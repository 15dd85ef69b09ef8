// SPDX-License-Identifier: MIT
/*
 * test_shrink.c - the minimizer's parts on their own: ddmin finds exactly
 * the elements a predicate needs, the runner reports the same signature
 * run after run without printing, shrink_try keeps only the same failure
 * (a planted other signature is refused), and the passes take a padded
 * failing scenario down to its core.
 */
#include <stdlib.h>
#include <pagefuzz/vocab.h>
#include "repro/shrink.h"
#include "tests/testlib.h"

TEST_STATE_DEFINE;

static unsigned int tests_run;

/* Holds when elements 3 and 7 are both kept. */
static bool needs_3_and_7(void *ctx, const unsigned int *keep, unsigned int n)
{
	bool has3 = false, has7 = false;
	unsigned int i;

	(void)ctx;
	tests_run++;
	for (i = 0; i < n; i++) {
		has3 |= keep[i] == 3;
		has7 |= keep[i] == 7;
	}
	return has3 && has7;
}

static void test_ddmin(void)
{
	unsigned int keep[20], n = 20, i;

	TEST_BEGIN("ddmin/needs-3-and-7");
	for (i = 0; i < n; i++)
		keep[i] = i;
	EXPECT_TRUE(shrink_ddmin(keep, &n, needs_3_and_7, NULL));
	EXPECT_EQ(n, 2);
	EXPECT_EQ(keep[0], 3);
	EXPECT_EQ(keep[1], 7);
	EXPECT_LT(tests_run, 60);
}

/*
 * A bug-offbyone failure (the only free page is 0, the port answers 1,
 * which is reserved) padded with what does not matter: more cpus, checks,
 * drains, a free of an empty slot, a gfp modifier, a late slot name.
 */
static void padded(struct scenario *s)
{
	unsigned int i;

	scenario_init(s);
	s->cfg.nr_cpus = 4;
	s->cfg.max_order = 0;
	s->cfg.pageblock_order = 0;
	s->cfg.min_free_auto = false;		/* no watermark keeps the page */
	s->boot[s->nr_boot++] = (struct scn_boot_op){ .kind = BOOT_MB_ADD, .size = 0x2000 };
	s->boot[s->nr_boot++] = (struct scn_boot_op){ .kind = BOOT_MB_RESERVE, .base = 0x1000,
						      .size = 0x1000 };
	s->booted = true;
	for (i = 0; i < 6; i++) {
		s->ops[s->nr_ops++] = (struct scn_op){ .kind = OP_CHECK, .nid = -1, .zone = -1 };
		s->ops[s->nr_ops++] = (struct scn_op){ .kind = OP_DRAIN, .cpu = (int8_t)(i % 4),
						       .nid = -1, .zone = -1 };
	}
	s->ops[s->nr_ops++] = (struct scn_op){ .kind = OP_FREE, .slot = 5, .cpu = 2, .nid = -1,
					       .zone = -1 };
	s->ops[s->nr_ops++] = (struct scn_op){ .kind = OP_ALLOC, .slot = 9, .cpu = 3, .nid = -1,
					       .zone = -1, .gfp = GFPF_KERNEL | GFPF_NOWARN };
}

static void test_signature_and_passes(void)
{
	const struct port_ops *bug = port_find("bug-offbyone"), *ref = port_find("ref");
	struct scenario *s = malloc(sizeof(*s));
	struct run_result r1, r2;
	struct shrink sh;

	TEST_BEGIN("run_signature/repeatable");
	padded(s);
	EXPECT_TRUE(scenario_validate(s) == NULL);
	EXPECT_EQ(run_signature(s, bug, false, &r1), RUN_FAILED);
	EXPECT_EQ(run_signature(s, bug, false, &r2), RUN_FAILED);
	EXPECT_STREQ(r1.signature, r2.signature);
	EXPECT_EQ(run_signature(s, ref, false, &r1), RUN_OK);

	TEST_BEGIN("shrink_try/other-signature-refused");
	EXPECT_EQ(shrink_init(&sh, bug, false), 0);
	sh.isolate = false;
	snprintf(sh.signature, sizeof(sh.signature), "bug-offbyone:oracle.zone_free_mismatch:free");
	EXPECT_TRUE(!shrink_try(&sh, s));
	snprintf(sh.signature, sizeof(sh.signature), "%s", r2.signature);
	EXPECT_TRUE(shrink_try(&sh, s));

	TEST_BEGIN("shrink_minimize/padded");
	shrink_minimize(&sh, s);
	EXPECT_EQ(shrink_nr_ops(s), 2);		/* the reserve traded for a zone boundary */
	EXPECT_TRUE(s->zones.set);
	EXPECT_EQ(s->zones.max_zone_pfn[2], 1);
	EXPECT_EQ(s->cfg.nr_cpus, 1);
	EXPECT_EQ(run_signature(s, bug, false, &r1), RUN_FAILED);
	EXPECT_STREQ(r1.signature, r2.signature);
	EXPECT_EQ(s->ops[0].kind, OP_ALLOC);
	EXPECT_EQ(s->ops[0].slot, 0);
	EXPECT_EQ(s->ops[0].gfp, GFPF_KERNEL);
	EXPECT_EQ(s->ops[0].cpu, 0);
	shrink_fini(&sh);
	free(s);
}

int main(void)
{
	test_ddmin();
	test_signature_and_passes();
	return test_main_end();
}
