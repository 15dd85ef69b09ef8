/* SPDX-License-Identifier: MIT */
/* oracle_maps.c - the hand-built maps of the oracle tests (oracle_maps.h). */
#include <stdio.h>
#include <stdlib.h>
#include "oracle_maps.h"

struct oracle *new_map(unsigned long end_pfn, unsigned int nr_nodes, uint64_t dma,
		       uint64_t dma32, uint64_t normal)
{
	const uint64_t max_zone_pfn[3] = { dma, dma32, normal };
	struct oracle *o = oracle_create(end_pfn, nr_nodes);

	if (!o) {
		fprintf(stderr, "oracle_create failed\n");
		exit(1);
	}
	oracle_set_zones(o, max_zone_pfn, false, 0);
	return o;
}

struct oracle *std_map(void)
{
	struct oracle *o = new_map(0x400, 2, 0x40, 0x100, 0x300);

	oracle_add_memory(o, 0, 0x180 * PG, 0);
	oracle_add_memory(o, 0x188 * PG, (0x1f0 - 0x188) * PG, 0);
	oracle_add_memory(o, 0x1f0 * PG, (0x380 - 0x1f0) * PG, 1);
	oracle_add_reserved(o, 0x90 * PG, 2 * PG);
	oracle_finish_boot(o);
	return o;
}

struct oracle *movable_map(uint64_t normal, uint64_t movable_pfn, bool has_movable)
{
	const uint64_t max_zone_pfn[3] = { 0x40, 0x100, normal };
	struct oracle *o = oracle_create(0x400, 1);

	oracle_set_zones(o, max_zone_pfn, has_movable, movable_pfn);
	oracle_add_memory(o, 0, 0x300 * PG, 0);
	oracle_finish_boot(o);
	return o;
}
