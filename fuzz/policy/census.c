// SPDX-License-Identifier: MIT
/*
 * census.c (policy judge) - the state the decisions are made on, read
 * from the port's policy table and checked before it is believed:
 *  - each re-read zone's watermarks and lowmem_reserve against the
 *    judge's own (policy.wmark, policy.lowmem_reserve), each re-read cpu's
 *    high and batch (policy.pcp_high, policy.pcp_batch), the per-cpu list
 *    count against its blocks (policy.pcp_count), the free-block census
 *    plus per-cpu pages against the oracle's free pages (policy.census_free);
 *  - on the sample: an independent census, block by block over the
 *    oracle's free pfns with the port's view of each block, against the
 *    port's counts (policy.census, policy.census_block).
 */
#include <stdlib.h>
#include <string.h>
#include "judge_internal.h"

static const char *const zone_names[POL_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

static bool check_pcp(struct policy *pol, struct pol_zone *z, unsigned int cpu,
		      const struct port_pcp_policy *pp, struct policy_verdict *v)
{
	unsigned long pages = 0;
	unsigned int o;
	int mt;

	if (pp->high != z->high[cpu])
		return pol_fail(v, "policy.pcp_high", ~0UL,
				"node %d zone %s cpu %u: high %u, Linux's zone_highsize() gives %u",
				z->nid, zone_names[z->idx], cpu, pp->high, z->high[cpu]);
	if (pp->batch != z->batch[cpu])
		return pol_fail(v, "policy.pcp_batch", ~0UL,
				"node %d zone %s cpu %u: batch %u, Linux's zone_batchsize() gives %u",
				z->nid, zone_names[z->idx], cpu, pp->batch, z->batch[cpu]);
	for (o = 0; o < PORT_POLICY_PCP_ORDERS; o++)
		for (mt = 0; mt < POL_PCPTYPES; mt++)
			pages += pp->blocks[o][mt] << o;
	if (pages != pp->count)
		return pol_fail(v, "policy.pcp_count", ~0UL,
				"node %d zone %s cpu %u: count %lu but the lists hold %lu pages",
				z->nid, zone_names[z->idx], cpu, pp->count, pages);
	(void)pol;
	memcpy(z->pcp_blocks[cpu], pp->blocks, sizeof(pp->blocks));
	z->pcp_count[cpu] = pp->count;
	return true;
}

bool pol_read_zone(struct policy *pol, int nid, int zone, unsigned int cpu,
		   struct policy_verdict *v)
{
	struct pol_zone *z = &pol->m.zones[nid][zone];
	struct port_zone_policy zp;
	struct port_pcp_policy pp;
	unsigned long free_pages = 0, pcp = 0;
	unsigned int o, c;
	int w, mt;

	if (pol->ops->zone(pol->p, nid, zone, &zp))
		return pol_fail(v, "policy.port_error", ~0UL, "zone(%d, %s) failed", nid,
				zone_names[zone]);
	for (w = 0; w < 3; w++)
		if (zp.wmark[w] != z->wmark[w])
			return pol_fail(v, "policy.wmark", ~0UL,
					"node %d zone %s: %s watermark %lu, Linux's "
					"__setup_per_zone_wmarks() gives %lu (managed %lu, "
					"min_free_kbytes %lu)", nid, zone_names[zone],
					w == 0 ? "min" : w == 1 ? "low" : "high", zp.wmark[w],
					z->wmark[w], z->managed, pol->m.min_free_kbytes);
	for (w = 0; w < POL_NR_ZONES; w++)
		if (zp.lowmem_reserve[w] != z->lowmem_reserve[w])
			return pol_fail(v, "policy.lowmem_reserve", ~0UL,
					"node %d zone %s: lowmem_reserve[%d] %lu, Linux's "
					"setup_per_zone_lowmem_reserve() gives %lu", nid,
					zone_names[zone], w, zp.lowmem_reserve[w],
					z->lowmem_reserve[w]);
	for (o = 0; o <= pol->m.max_order; o++)
		for (mt = 0; mt < POL_MTS; mt++)
			if (mt != POL_ISOLATE)
				free_pages += zp.nr_free[o][mt] << o;
	memcpy(z->nr_free, zp.nr_free, sizeof(z->nr_free));
	z->free_pages = free_pages;
	z->nr_reserved_highatomic = zp.nr_reserved_highatomic;
	for (c = 0; c < pol->m.nr_cpus; c++) {
		if (cpu == POL_ALL_CPUS || c == cpu) {
			if (pol->ops->pcp(pol->p, nid, zone, c, &pp))
				return pol_fail(v, "policy.port_error", ~0UL, "pcp(%d, %s, %u) failed",
						nid, zone_names[zone], c);
			if (!check_pcp(pol, z, c, &pp, v))
				return false;
		}
		pcp += z->pcp_count[c];
	}
	if (free_pages + pcp != oracle_free_pages(pol->orc, nid, zone))
		return pol_fail(v, "policy.census_free", ~0UL,
				"node %d zone %s: free blocks hold %lu pages and per-cpu lists %lu, "
				"the oracle counts %lu free", nid, zone_names[zone], free_pages, pcp,
				oracle_free_pages(pol->orc, nid, zone));
	return true;
}

bool pol_read_all(struct policy *pol, struct policy_verdict *v)
{
	int nid, zone;

	/* a zone without managed pages has no lists to change (boot read it once) */
	for (nid = 0; nid < (int)pol->m.nr_nodes; nid++)
		for (zone = 0; zone < POL_NR_ZONES; zone++)
			if (pol->m.zones[nid][zone].managed &&
			    !pol_read_zone(pol, nid, zone, POL_ALL_CPUS, v))
				return false;
	return true;
}

/* Blocks counted by the walk, per zone of one node. */
struct walk_counts {
	unsigned long nr_free[POL_NR_ZONES][POL_ORDERS][POL_MTS];
	unsigned long pcp[POL_NR_ZONES][POL_MAX_CPUS][PORT_POLICY_PCP_ORDERS][POL_PCPTYPES];
};

/* One free pfn: the block the port says holds it, checked and counted. */
static bool count_block(struct policy *pol, unsigned long pfn, struct walk_counts *wc,
			unsigned long *next, struct policy_verdict *v)
{
	struct port_block_policy b;
	int nid = oracle_node_of(pol->orc, pfn), zone = oracle_zone_of(pol->orc, pfn);
	unsigned long end;

	pol->ops->block(pol->p, pfn, &b);
	if (b.state != PORT_BLOCK_FREE && b.state != PORT_BLOCK_PCP)
		return pol_fail(v, "policy.census_block", pfn,
				"the oracle's free pfn 0x%lx is in no free or per-cpu block of the port",
				pfn);
	end = b.head_pfn + (1UL << b.order);
	if (b.order > pol->m.max_order || b.head_pfn > pfn || end <= pfn ||
	    (b.head_pfn & ((1UL << b.order) - 1)) || b.nid != nid || b.zone != zone ||
	    b.list_mt < 0 || b.list_mt >= POL_MTS ||
	    (b.state == PORT_BLOCK_PCP && (b.order >= PORT_POLICY_PCP_ORDERS ||
					   b.list_mt >= POL_PCPTYPES || b.cpu < 0 ||
					   b.cpu >= (int)pol->m.nr_cpus)))
		return pol_fail(v, "policy.census_block", pfn,
				"pfn 0x%lx: the port's block 0x%lx order %u (node %d zone %d list %d "
				"cpu %d) does not fit the oracle's node %d zone %d", pfn, b.head_pfn,
				b.order, b.nid, b.zone, b.list_mt, b.cpu, nid, zone);
	/* the walk lands on each block first at its head, or the block holds a non-free pfn */
	if (b.head_pfn != pfn)
		return pol_fail(v, "policy.census_block", pfn,
				"the port's block 0x%lx order %u holding free pfn 0x%lx starts at a "
				"pfn the oracle does not call free", b.head_pfn, b.order, pfn);
	if (b.state == PORT_BLOCK_FREE)
		wc[nid].nr_free[zone][b.order][b.list_mt]++;
	else
		wc[nid].pcp[zone][b.cpu][b.order][b.list_mt]++;
	*next = end;
	return true;
}

bool pol_census_walk(struct policy *pol, struct policy_verdict *v)
{
	struct walk_counts *wc = pol->walk;
	unsigned long pfn = 0, next;
	unsigned int nid, zone, o, mt, cpu;
	bool ok = true;

	if (!wc)
		wc = pol->walk = malloc(pol->m.nr_nodes * sizeof(*wc));
	if (!wc)
		return true;
	memset(wc, 0, pol->m.nr_nodes * sizeof(*wc));
	while ((pfn = oracle_next_free(pol->orc, pfn)) < pol->end_pfn && ok) {
		ok = count_block(pol, pfn, wc, &next, v);
		pfn = next > pfn ? next : pfn + 1;
	}
	for (nid = 0; ok && nid < pol->m.nr_nodes; nid++) {
		for (zone = 0; ok && zone < POL_NR_ZONES; zone++) {
			const struct pol_zone *z = &pol->m.zones[nid][zone];

			for (o = 0; ok && o <= pol->m.max_order; o++)
				for (mt = 0; ok && mt < POL_MTS; mt++)
					if (wc[nid].nr_free[zone][o][mt] != z->nr_free[o][mt])
						ok = pol_fail(v, "policy.census", ~0UL,
							      "node %u zone %s: the port counts %lu free "
							      "order-%u blocks of type %u, its blocks "
							      "are %lu", nid, zone_names[zone],
							      z->nr_free[o][mt], o, mt,
							      wc[nid].nr_free[zone][o][mt]);
			for (cpu = 0; ok && cpu < pol->m.nr_cpus; cpu++)
				for (o = 0; ok && o < PORT_POLICY_PCP_ORDERS; o++)
					for (mt = 0; ok && mt < POL_PCPTYPES; mt++)
						if (wc[nid].pcp[zone][cpu][o][mt] !=
						    z->pcp_blocks[cpu][o][mt])
							ok = pol_fail(v, "policy.census", ~0UL,
								      "node %u zone %s cpu %u: the port "
								      "counts %lu order-%u blocks on "
								      "list %u, its blocks are %lu",
								      nid, zone_names[zone], cpu,
								      z->pcp_blocks[cpu][o][mt], o, mt,
								      wc[nid].pcp[zone][cpu][o][mt]);
		}
	}
	return ok;
}

/*
 * A lower bound of the state after drain_all_pages(), for the walk that
 * follows the drain (judge.c): every per-cpu block whose pageblocks are
 * all of a per-cpu type adds its pages to the zone's free pages and one
 * free block of its order and its pageblock's type.  Drained blocks may
 * merge (with each other or with free buddies) but a merged block is of
 * at least the same order on a list of a per-cpu type (below pageblock
 * order it stays in its pageblock; above, only per-cpu types merge), so
 * every watermark and free-list test the walk makes that holds on the
 * bound holds on the real state.  Blocks of an isolated, highatomic or
 * other pageblock are left out (they may not count as free, or not for
 * this request).  @sim gets the zones, its pcp lists empty; the bound
 * keeps the highatomic reserve of before the op (the unforced release can
 * only lower it).  False if out of memory.
 */
bool pol_drained_bound(struct policy *pol, struct pol_machine *sim)
{
	const struct pol_machine *m = &pol->m;
	unsigned long pfn = 0, next, pb = m->pageblock_nr_pages, p;
	struct port_block_policy b, pbb;
	unsigned int nid, zt;
	bool pcp_types;

	*sim = *m;
	sim->zones = calloc(m->nr_nodes, sizeof(*sim->zones));
	if (!sim->zones)
		return false;
	memcpy(sim->zones, m->zones, m->nr_nodes * sizeof(*sim->zones));
	for (nid = 0; nid < m->nr_nodes; nid++)
		for (zt = 0; zt < POL_NR_ZONES; zt++) {
			memset(sim->zones[nid][zt].pcp_blocks, 0,
			       sizeof(sim->zones[nid][zt].pcp_blocks));
			memset(sim->zones[nid][zt].pcp_count, 0,
			       sizeof(sim->zones[nid][zt].pcp_count));
		}
	while ((pfn = oracle_next_free(pol->orc, pfn)) < pol->end_pfn) {
		pol->ops->block(pol->p, pfn, &b);
		next = b.head_pfn + (1UL << (b.order < 32 ? b.order : 0));
		if (b.state == PORT_BLOCK_PCP && b.head_pfn == pfn && b.order <= m->max_order &&
		    b.nid >= 0 && b.nid < (int)m->nr_nodes && b.zone >= 0 && b.zone < POL_NR_ZONES &&
		    b.pageblock_mt >= 0 && b.pageblock_mt < POL_PCPTYPES) {
			pcp_types = true;
			for (p = pfn + pb; p < next && pcp_types; p += pb) {
				pol->ops->block(pol->p, p, &pbb);
				pcp_types = pbb.pageblock_mt >= 0 && pbb.pageblock_mt < POL_PCPTYPES;
			}
			if (pcp_types) {
				struct pol_zone *z = &sim->zones[b.nid][b.zone];

				z->free_pages += 1UL << b.order;
				z->nr_free[b.order][b.pageblock_mt]++;
			}
		}
		pfn = next > pfn ? next : pfn + 1;
	}
	return true;
}
