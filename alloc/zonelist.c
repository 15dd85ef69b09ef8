// SPDX-License-Identifier: MIT
/*
 * zonelist.c - NUMA distances and the per-node zonelists.
 *
 * A node's fallback zonelist holds the zones with managed pages of every
 * node with memory: the node itself first, then the others in the order
 * find_next_best_node() picks them (distance, a penalty for lower ids and
 * for nodes with cpus, then a load count spreading equal-distance nodes
 * round-robin), each node's zones from the highest index down.  The
 * no-fallback list (__GFP_THISNODE) holds the node's own zones only.
 * Modelled on build_zonelists(), find_next_best_node() and
 * build_zonerefs_node() of mm/page_alloc.c.  cpu c sits on node
 * c % nr_nodes.
 *
 * Owns: each list has no duplicates, only managed zones, starts with the
 * node's own zones, and lists each node's zones highest first; its
 * first[] cache agrees with a walk of the list and the machine's
 * preferred_zone[] with first[]; cpu_node[] says
 * c % nr_nodes; gfp_class[] agrees with gfp_zone() and gfp_migratetype()
 * (zonelist_check(), through gfp_class_check() of page_alloc.c).
 */
#include <string.h>
#include "internal.h"

#define LOCAL_DISTANCE		10
#define REMOTE_DISTANCE		20
#define PENALTY_FOR_NODE_WITH_CPUS 1
#define NODE_WEIGHT		1024	/* MAX_NUMNODES of a NODES_SHIFT=10 kernel */

/**
 * node_distance - the configured distance, or 10 local / 20 remote.
 * @m: machine
 * @from: node
 * @to: node
 */
int node_distance(const struct alloc_machine *m, int from, int to)
{
	uint8_t d = m->cfg.distance[from][to];

	if (d)
		return d;
	return from == to ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

static bool node_has_memory(const struct alloc_machine *m, int nid)
{
	unsigned int zt;

	for_each_zone_type(zt)
		if (zone_managed(&m->nodes[nid].zones[zt]))
			return true;
	return false;
}

static bool node_has_cpus(const struct alloc_machine *m, int nid)
{
	return (unsigned int)nid < m->cfg.nr_cpus;
}

/* find_next_best_node() */
static int next_best_node(const struct alloc_machine *m, int local, bool *used,
			  const unsigned long *load)
{
	unsigned long best_val = ~0UL;
	int n, best = -1;

	if (!used[local]) {
		used[local] = true;
		return local;
	}
	for_each_node(m, n) {
		unsigned long val;

		if (used[n] || !node_has_memory(m, n))
			continue;
		val = (unsigned long)node_distance(m, local, n) + (n < local);
		if (node_has_cpus(m, n))
			val += PENALTY_FOR_NODE_WITH_CPUS;
		val = val * NODE_WEIGHT + load[n];
		if (val < best_val) {
			best_val = val;
			best = n;
		}
	}
	if (best >= 0)
		used[best] = true;
	return best;
}

static void add_node_zones(const struct alloc_machine *m, struct zonelist *zl, int nid)
{
	int zt;

	for (zt = NR_ZONE_TYPES - 1; zt >= 0; zt--) {
		struct zone *z = (struct zone *)&m->nodes[nid].zones[zt];

		if (zone_managed(z))
			zl->zones[zl->nr++] = z;
	}
}

/* first_zones_zonelist() for highest_zoneidx @t: first position of a zone <= @t. */
static unsigned int first_zone_at_or_below(const struct zonelist *zl, int t)
{
	unsigned int i;

	for (i = 0; i < zl->nr; i++)
		if ((int)zl->zones[i]->idx <= t)
			break;
	return i;
}

static void cache_first(struct zonelist *zl, struct zone **preferred,
			struct per_cpu_pages **preferred_pcp)
{
	unsigned int t;

	for_each_zone_type(t) {
		zl->first[t] = (uint8_t)first_zone_at_or_below(zl, (int)t);
		preferred[t] = zl->first[t] < zl->nr ? zl->zones[zl->first[t]] : NULL;
		preferred_pcp[t] = preferred[t] ? preferred[t]->pcp : NULL;
	}
}

/**
 * zonelist_build - build_all_zonelists(): both lists of every node, the
 * first usable position of each per highest zone, cpu_to_node() and the
 * gfp classes of the fast path.
 * @m: machine whose zones hold their managed pages
 */
void zonelist_build(struct alloc_machine *m)
{
	unsigned long load[ALLOC_MAX_NODES] = { 0 };
	unsigned int cpu;
	int local;

	for_each_node(m, local) {
		struct pglist_data *pgdat = &m->nodes[local];
		bool used[ALLOC_MAX_NODES] = { false };
		int node, prev = local;

		pgdat->zonelist_fallback.nr = 0;
		pgdat->zonelist_nofallback.nr = 0;
		while ((node = next_best_node(m, local, used, load)) >= 0) {
			if (node_distance(m, local, node) != node_distance(m, local, prev))
				load[node]++;
			add_node_zones(m, &pgdat->zonelist_fallback, node);
			prev = node;
		}
		add_node_zones(m, &pgdat->zonelist_nofallback, local);
		cache_first(&pgdat->zonelist_fallback, m->preferred_zone[local][0],
			    m->preferred_pcp[local][0]);
		cache_first(&pgdat->zonelist_nofallback, m->preferred_zone[local][1],
			    m->preferred_pcp[local][1]);
	}
	for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		m->cpu_node[cpu] = (uint8_t)(cpu % m->cfg.nr_nodes);
	gfp_class_build(m);
}

/* ------------------------------------------------------------------ */
/* Consistency checks                                                   */
/* ------------------------------------------------------------------ */

CHECK_WALK
static void check_list(struct alloc_machine *m, const struct zonelist *zl, int nid,
		       bool fallback, struct check_ctx *ctx)
{
	struct zone *const *preferred = m->preferred_zone[nid][!fallback];
	bool seen[ALLOC_MAX_NODES][NR_ZONE_TYPES];
	unsigned int i, own = 0, before = ctx->count;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < zl->nr; i++) {
		const struct zone *z = zl->zones[i];
		const struct zone *prev = i ? zl->zones[i - 1] : NULL;

		if (seen[z->nid][z->idx] || !zone_managed(z) || (!fallback && z->nid != nid) ||
		    (z->nid == nid && i != own++))
			check_report(ctx, "zonelist.entry", ~0UL,
				     "node %d %s list entry %u: node %d zone %s",
				     nid, fallback ? "fallback" : "thisnode", i, z->nid,
				     alloc_zone_name(z->idx));
		if (prev && prev->nid == z->nid && prev->idx <= z->idx)
			check_report(ctx, "zonelist.order", ~0UL,
				     "node %d %s list: node %d zone %s after zone %s",
				     nid, fallback ? "fallback" : "thisnode", z->nid,
				     alloc_zone_name(z->idx), alloc_zone_name(prev->idx));
		seen[z->nid][z->idx] = true;
	}
	for (i = 0; i < NR_ZONE_TYPES; i++)
		if (zone_managed(&m->nodes[nid].zones[i]) && !seen[nid][i])
			check_report(ctx, "zonelist.missing", ~0UL, "node %d zone %s missing",
				     nid, alloc_zone_name((int)i));
	/* the cached first positions, judged only on a list that is itself sound */
	for (i = 0; ctx->count == before && i < NR_ZONE_TYPES; i++)
		if (zl->first[i] != first_zone_at_or_below(zl, (int)i))
			check_report(ctx, "zonelist.first", ~0UL,
				     "node %d %s list: first for %s is %u, the walk finds %u",
				     nid, fallback ? "fallback" : "thisnode",
				     alloc_zone_name((int)i), zl->first[i],
				     first_zone_at_or_below(zl, (int)i));
		else if (preferred[i] != (zl->first[i] < zl->nr ? zl->zones[zl->first[i]] : NULL))
			check_report(ctx, "zonelist.preferred", ~0UL,
				     "node %d %s list: cached preferred zone for %s is not the one at %u",
				     nid, fallback ? "fallback" : "thisnode",
				     alloc_zone_name((int)i), zl->first[i]);
		else if (m->preferred_pcp[nid][!fallback][i] != (preferred[i] ? preferred[i]->pcp : NULL))
			check_report(ctx, "zonelist.preferred_pcp", ~0UL,
				     "node %d %s list: cached per-cpu sets for %s are not its preferred zone's",
				     nid, fallback ? "fallback" : "thisnode", alloc_zone_name((int)i));
}

/**
 * zonelist_check - both lists of every node.
 * @m: booted machine
 * @ctx: report context
 * Return: violations found.
 */
CHECK_WALK
unsigned int zonelist_check(struct alloc_machine *m, struct check_ctx *ctx)
{
	unsigned int before = ctx->count;
	int nid;
	unsigned int cpu;

	for_each_node(m, nid) {
		check_list(m, &m->nodes[nid].zonelist_fallback, nid, true, ctx);
		check_list(m, &m->nodes[nid].zonelist_nofallback, nid, false, ctx);
	}
	for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		if (m->cpu_node[cpu] != cpu % m->cfg.nr_nodes)
			check_report(ctx, "zonelist.cpu_node", ~0UL, "cpu %u on node %u, not %u",
				     cpu, m->cpu_node[cpu], cpu % m->cfg.nr_nodes);
	gfp_class_check(m, ctx);
	return ctx->count - before;
}
