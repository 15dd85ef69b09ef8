/* SPDX-License-Identifier: MIT */
/*
 * oracle_maps.h - small maps built by hand for the oracle's tests.
 *
 * The standard map (std_map) has 0x400 pfns on two nodes:
 *   zones     DMA [0, 0x40), DMA32 [0x40, 0x100), Normal [0x100, 0x300),
 *             no zone from 0x300
 *   node 0    [0, 0x180) and [0x188, 0x1f0): a hole at [0x180, 0x188)
 *   node 1    [0x1f0, 0x380): [0x300, 0x380) is past Normal, so reserved
 *   reserved  [0x90, 0x92)
 * movable_map() has 0x400 pfns on one node, memory [0, 0x300), DMA below
 * 0x40, DMA32 below 0x100, Normal below @normal, ZONE_MOVABLE from
 * @movable_pfn when @has_movable.  Every map comes back booted except
 * new_map()'s, which has only its zones.  A failed oracle_create() exits.
 */
#ifndef PAGEFUZZ_ORACLE_MAPS_H
#define PAGEFUZZ_ORACLE_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include "oracle/oracle.h"

enum { DMA, DMA32, NORMAL, MOVABLE };

#define PG 4096ull	/* bytes per page */

struct oracle *new_map(unsigned long end_pfn, unsigned int nr_nodes, uint64_t dma,
		       uint64_t dma32, uint64_t normal);
struct oracle *std_map(void);
struct oracle *movable_map(uint64_t normal, uint64_t movable_pfn, bool has_movable);

#endif /* PAGEFUZZ_ORACLE_MAPS_H */
