// SPDX-License-Identifier: MIT
/*
 * machine_fixture.c - hand-built machines for the unit tests of watermark.c
 * and dump.c: a zeroed struct alloc_machine with its zones wired up and no
 * boot, so a test sets exactly the counters it needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include "machine_fixture.h"

struct alloc_machine *mk_machine(unsigned int nr_nodes, unsigned int nr_cpus,
				 unsigned int max_order, unsigned int pageblock_order)
{
	struct alloc_machine *m = calloc(1, sizeof(*m));
	int nid, zt;

	struct per_cpu_pages *sets = calloc((size_t)ALLOC_MAX_NODES * NR_ZONE_TYPES * ALLOC_MAX_CPUS,
					    sizeof(*sets));

	if (m)
		m->nodes = calloc(ALLOC_MAX_NODES, sizeof(*m->nodes));
	if (!m || !m->nodes || !sets) {
		fprintf(stderr, "out of host memory\n");
		exit(2);
	}
	m->cfg.nr_nodes = nr_nodes;
	m->cfg.nr_cpus = nr_cpus;
	m->cfg.max_order = max_order;
	m->cfg.pageblock_order = pageblock_order;
	m->max_order = max_order;
	m->pageblock_order = pageblock_order;
	m->pageblock_nr_pages = 1UL << pageblock_order;
	for (nid = 0; nid < ALLOC_MAX_NODES; nid++) {
		m->nodes[nid].nid = nid;
		for (zt = 0; zt < NR_ZONE_TYPES; zt++) {
			struct zone *z = &m->nodes[nid].zones[zt];

			z->machine = m;
			z->pageblock_order = pageblock_order;	/* as pageblock_init() copies it */
			z->nid = nid;
			z->idx = (enum zone_type)zt;
			z->pcp = &sets[((size_t)nid * NR_ZONE_TYPES + (size_t)zt) * ALLOC_MAX_CPUS];
		}
	}
	return m;
}

struct zone *zone_of(struct alloc_machine *m, int nid, int zt)
{
	return &m->nodes[nid].zones[zt];
}

void free_machine(struct alloc_machine *m)
{
	free(m->nodes[0].zones[0].pcp);		/* the sets of every zone */
	free(m->nodes);
	free(m);
}

void add_free_block(struct zone *z, unsigned int order, int mt)
{
	z->free_area[order].nr_free++;
	z->free_area[order].nr_free_mt[mt]++;
}
