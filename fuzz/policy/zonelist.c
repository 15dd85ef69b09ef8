// SPDX-License-Identifier: MIT
/*
 * zonelist.c (policy judge) - build_zonelists() and find_next_best_node()
 * restated: local node first, then by distance with a penalty for lower
 * node ids and for nodes with cpus, ties spread by a load count bumped
 * for the first node of each new distance; each node's managed zones from
 * the highest index down.  cpu c sits on node c % nr_nodes.
 */
#include <string.h>
#include "rules.h"

#define POL_LOCAL_DISTANCE	10
#define POL_REMOTE_DISTANCE	20
#define POL_NODE_WEIGHT		1024

static int pol_node_distance(const struct pol_machine *m, int a, int b)
{
	if (m->distance[a][b])
		return m->distance[a][b];
	return a == b ? POL_LOCAL_DISTANCE : POL_REMOTE_DISTANCE;
}

static bool pol_node_has_memory(const struct pol_machine *m, int nid)
{
	int z;

	for (z = 0; z < POL_NR_ZONES; z++)
		if (m->zones[nid][z].managed)
			return true;
	return false;
}

static int pol_find_next_best_node(const struct pol_machine *m, int local, bool used[],
				   const unsigned long load[])
{
	unsigned long best_val = ~0UL;
	int n, best = -1;

	if (!used[local]) {
		used[local] = true;
		return local;
	}
	for (n = 0; n < (int)m->nr_nodes; n++) {
		unsigned long val;

		if (used[n] || !pol_node_has_memory(m, n))
			continue;
		val = (unsigned long)pol_node_distance(m, local, n);
		if (n < local)
			val++;
		if ((unsigned int)n < m->nr_cpus)	/* some cpu c has c % nr_nodes == n */
			val++;
		val = val * POL_NODE_WEIGHT + load[n];
		if (val < best_val) {
			best_val = val;
			best = n;
		}
	}
	if (best >= 0)
		used[best] = true;
	return best;
}

static void pol_add_node(const struct pol_machine *m, struct pol_zonelist *zl, int nid)
{
	int z;

	for (z = POL_NR_ZONES - 1; z >= 0; z--) {
		if (!m->zones[nid][z].managed)
			continue;
		zl->nid[zl->nr] = (uint8_t)nid;
		zl->zone[zl->nr] = (uint8_t)z;
		zl->nr++;
	}
}

void pol_build_zonelists(struct pol_machine *m)
{
	unsigned long load[POL_MAX_NODES] = { 0 };
	int local;

	for (local = 0; local < (int)m->nr_nodes; local++) {
		bool used[POL_MAX_NODES] = { false };
		int node, prev = local;

		memset(&m->fallback[local], 0, sizeof(m->fallback[local]));
		memset(&m->thisnode[local], 0, sizeof(m->thisnode[local]));
		while ((node = pol_find_next_best_node(m, local, used, load)) >= 0) {
			if (pol_node_distance(m, local, node) != pol_node_distance(m, local, prev))
				load[node]++;
			pol_add_node(m, &m->fallback[local], node);
			prev = node;
		}
		pol_add_node(m, &m->thisnode[local], local);
	}
}
