/* SPDX-License-Identifier: MIT */
/*
 * fake_port.h - a port whose policy view is whatever a test writes into
 * it, so each rule of the policy judge can be shown a right answer and a
 * hand-made wrong one.  One node; blocks not listed read as free order-4
 * MOVABLE blocks of the zone the oracle gives (the hand-built map is all
 * order-4 blocks at boot).
 */
#ifndef PAGEFUZZ_FAKE_PORT_H
#define PAGEFUZZ_FAKE_PORT_H

#include "fuzz/policy/rules.h"
#include "oracle/oracle.h"

#define FAKE_MAX_BLOCKS 16

struct fake_port {
	const struct oracle *orc;
	unsigned long min_free_kbytes;
	struct port_zone_policy zone[POL_NR_ZONES];
	struct port_pcp_policy pcp[POL_NR_ZONES][POL_MAX_CPUS];
	unsigned int nr_blocks;
	struct port_block_policy blocks[FAKE_MAX_BLOCKS];
	bool head_set[POL_NR_ZONES][POL_ORDERS][POL_MTS];	/* else: the zone's start */
	unsigned long head[POL_NR_ZONES][POL_ORDERS][POL_MTS];
	int compact_res[POL_NR_ZONES];	/* enum port_compact_result */
};

extern const struct port_ops fake_port_ops;
/* Add a block the view reports for every pfn it covers. */
void fake_add_block(struct fake_port *f, unsigned long head, unsigned int order,
		    enum port_block_state state, int zone, int pb_mt, int list_mt, int cpu);

#endif /* PAGEFUZZ_FAKE_PORT_H */
