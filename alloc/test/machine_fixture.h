/* SPDX-License-Identifier: MIT */
/*
 * machine_fixture.h - hand-built, unbooted machines for unit tests that
 * need only a few counters set (watermark.c, dump.c).
 */
#ifndef PAGEFUZZ_MACHINE_FIXTURE_H
#define PAGEFUZZ_MACHINE_FIXTURE_H

#include "internal.h"

/* A zeroed machine with every node's zones wired to it (ALLOC_MAX_NODES nodes). */
struct alloc_machine *mk_machine(unsigned int nr_nodes, unsigned int nr_cpus,
				 unsigned int max_order, unsigned int pageblock_order);
void free_machine(struct alloc_machine *m);
struct zone *zone_of(struct alloc_machine *m, int nid, int zt);
/* Count one more free block of @order on list @mt (counters only, no pages). */
void add_free_block(struct zone *z, unsigned int order, int mt);

#endif /* PAGEFUZZ_MACHINE_FIXTURE_H */
