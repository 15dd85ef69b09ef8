// SPDX-License-Identifier: MIT
/*
 * port_map.c - the usable pages of a port_map, for ports that take the
 * map the harness computed (no memblock of their own).
 *
 * The rule is the oracle's (oracle_add_memory / oracle_add_reserved): a
 * page is usable when it lies wholly inside a memory region, touches no
 * reserved region, and sits below the end of ZONE_NORMAL.  Region ends
 * are computed saturating at 2^64 - 1, so a region reaching the top of the
 * address space (`memblock reserve 0x2000 0xfffffffffffff001` is capped
 * there, as memblock_cap_size() does) never wraps to a small pfn: the
 * rounding a port would otherwise write itself is where it goes wrong.
 */
#include "port.h"

#define PAGE_BYTES 4096ULL

static uint64_t region_end(const struct port_region *r)
{
	return r->base + r->size < r->base ? UINT64_MAX : r->base + r->size;
}

/* First pfn wholly past @addr's page, without overflow. */
static uint64_t pfn_up(uint64_t addr)
{
	return addr / PAGE_BYTES + (addr % PAGE_BYTES != 0);
}

unsigned long port_map_for_each_usable(const struct port_map *map, port_usable_fn fn, void *arg)
{
	uint64_t limit = map->max_zone_pfn[2] < map->end_pfn ? map->max_zone_pfn[2] : map->end_pfn;
	unsigned long total = 0;
	unsigned int i, j = 0;

	for (i = 0; i < map->nr_memory; i++) {
		const struct port_region *m = &map->memory[i];
		uint64_t start = pfn_up(m->base), end = region_end(m) / PAGE_BYTES;

		if (end > limit)
			end = limit;
		/* reserved[] is sorted and disjoint: walk it alongside memory[] */
		while (start < end) {
			uint64_t stop = end, next = end;

			while (j < map->nr_reserved &&
			       (!map->reserved[j].size || pfn_up(region_end(&map->reserved[j])) <= start))
				j++;
			if (j < map->nr_reserved && map->reserved[j].base / PAGE_BYTES < end) {
				const struct port_region *r = &map->reserved[j];

				stop = r->base / PAGE_BYTES > start ? r->base / PAGE_BYTES : start;
				next = pfn_up(region_end(r));
			}
			if (stop > start) {
				total += (unsigned long)(stop - start);
				if (fn)
					fn(arg, start, stop, m->nid);
			}
			start = next;
		}
	}
	return total;
}
