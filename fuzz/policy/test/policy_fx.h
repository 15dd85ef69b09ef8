/* SPDX-License-Identifier: MIT */
/*
 * policy_fx.h - the policy judge's test fixture, shared by test_policy.c,
 * test_policy_compact.c and test_isolate.c: the fake port (fake_port.h) over a
 * hand-built map, one node, DMA [0, 0x40), DMA32 [0x40, 0x100), Normal
 * [0x100, 0x300), 768 managed pages, pageblocks of 4 pages, max_order 4,
 * min_free_kbytes 256, two cpus.
 */
#ifndef PAGEFUZZ_POLICY_TEST_FX_H
#define PAGEFUZZ_POLICY_TEST_FX_H

#include <stdbool.h>
#include "fuzz/policy/policy.h"
#include "oracle/oracle.h"
#include "fake_port.h"

extern const unsigned long zstart[4], zsize[4];	/* the zones' starts and sizes */

struct fx {
	struct oracle *orc;
	struct scn_config cfg;
	struct fake_port f;
	struct policy *pol;
	struct policy_verdict v;
	struct port_block_policy *pb;	/* a block the test changes (test_isolate.c) */
};

/* The right answers for the map, pcp high/batch as given (0: caching off). */
void fx_init(struct fx *x, unsigned int high, unsigned int batch);
/* The policy judge over the fake port (x->pol). */
void fx_create(struct fx *x);
void fx_done(struct fx *x);
/* The id of the verdict, "ok" when the check passed. */
const char *id_of(struct fx *x, bool ok);
/* fx_create(), then the boot checks' verdict. */
const char *boot_id(struct fx *x);

#endif /* PAGEFUZZ_POLICY_TEST_FX_H */
