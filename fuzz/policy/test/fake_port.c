// SPDX-License-Identifier: MIT
/* fake_port.c - the hand-filled port of the policy judge's tests (fake_port.h). */
#include <string.h>
#include "fake_port.h"

static int fake_zone(void *port, int nid, int zone, struct port_zone_policy *out)
{
	struct fake_port *f = port;

	if (nid != 0 || zone < 0 || zone >= POL_NR_ZONES)
		return -2;
	*out = f->zone[zone];
	return 0;
}

static int fake_pcp(void *port, int nid, int zone, unsigned int cpu, struct port_pcp_policy *out)
{
	struct fake_port *f = port;

	if (nid != 0 || zone < 0 || zone >= POL_NR_ZONES || cpu >= POL_MAX_CPUS)
		return -2;
	*out = f->pcp[zone][cpu];
	return 0;
}

static void fake_block(void *port, unsigned long pfn, struct port_block_policy *out)
{
	struct fake_port *f = port;
	unsigned int i;

	for (i = 0; i < f->nr_blocks; i++) {
		const struct port_block_policy *b = &f->blocks[i];

		if (pfn >= b->head_pfn && pfn < b->head_pfn + (1UL << b->order)) {
			*out = *b;
			return;
		}
	}
	memset(out, 0, sizeof(*out));
	out->state = PORT_BLOCK_FREE;
	out->head_pfn = pfn & ~15UL;
	out->order = 4;
	out->nid = 0;
	out->zone = oracle_zone_of(f->orc, pfn);
	out->pageblock_mt = POL_MOVABLE;
	out->list_mt = POL_MOVABLE;
	out->cpu = -1;
}

/* List heads: the zone's first pfn for a non-empty list unless a test set one. */
static int fake_list_head(void *port, int nid, int zone, int cpu, unsigned int order, int mt,
			  unsigned long *pfn)
{
	struct fake_port *f = port;

	if (nid != 0 || zone < 0 || zone >= POL_NR_ZONES || order >= POL_ORDERS || mt < 0 ||
	    mt >= POL_MTS)
		return -2;
	if (cpu >= 0) {
		if (order >= PORT_POLICY_PCP_ORDERS || mt >= POL_PCPTYPES ||
		    !f->pcp[zone][cpu].blocks[order][mt])
			return -3;
		*pfn = f->zone[zone].start_pfn;
		return 0;
	}
	if (!f->zone[zone].nr_free[order][mt])
		return -3;
	*pfn = f->head_set[zone][order][mt] ? f->head[zone][order][mt] : f->zone[zone].start_pfn;
	return 0;
}

static unsigned long fake_min_free_kbytes(void *port)
{
	return ((struct fake_port *)port)->min_free_kbytes;
}

void fake_add_block(struct fake_port *f, unsigned long head, unsigned int order,
		    enum port_block_state state, int zone, int pb_mt, int list_mt, int cpu)
{
	struct port_block_policy *b = &f->blocks[f->nr_blocks++];

	b->state = state;
	b->head_pfn = head;
	b->order = order;
	b->nid = 0;
	b->zone = zone;
	b->pageblock_mt = pb_mt;
	b->list_mt = list_mt;
	b->cpu = cpu;
}

static int fake_compact_result(void *port, int nid, int zone)
{
	struct fake_port *f = port;

	return nid == 0 && zone >= 0 && zone < POL_NR_ZONES ? f->compact_res[zone] :
	       PORT_COMPACT_NONE;
}

static const struct port_policy_ops fake_policy = {
	.zone = fake_zone,
	.pcp = fake_pcp,
	.block = fake_block,
	.min_free_kbytes = fake_min_free_kbytes,
	.list_head = fake_list_head,
	.compact_result = fake_compact_result,
};

const struct port_ops fake_port_ops = {
	.name = "fake",
	.caps = PORT_CAP_LINUX_POLICY,
	.policy = &fake_policy,
};
