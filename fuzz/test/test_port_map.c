// SPDX-License-Identifier: MIT
/*
 * test_port_map.c - port_map_for_each_usable() hands a port exactly the
 * pages the oracle counts free after boot: random sorted maps, compared
 * pfn by pfn, plus the overflow case fuzzing found (a reserved region
 * reaching 2^64 - 1, whose rounded-up end wraps to pfn 0 when a port
 * computes it naively).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz/port/port.h"
#include "oracle/oracle.h"

static unsigned char *mark;

static void note(void *arg, uint64_t start_pfn, uint64_t end_pfn, int nid)
{
	(void)arg; (void)nid;
	while (start_pfn < end_pfn)
		mark[start_pfn++]++;
}

/* Compare the helper with the oracle on @map; return the number of differences. */
static unsigned int compare(const struct port_map *map, unsigned int nr_nodes)
{
	struct oracle *o = oracle_create(map->end_pfn, nr_nodes);
	unsigned long total, count = 0, p;
	unsigned int i, bad = 0;

	oracle_set_zones(o, map->max_zone_pfn, false, 0);
	for (i = 0; i < map->nr_memory; i++)
		oracle_add_memory(o, map->memory[i].base, map->memory[i].size, map->memory[i].nid);
	for (i = 0; i < map->nr_reserved; i++)
		oracle_add_reserved(o, map->reserved[i].base, map->reserved[i].size);
	oracle_finish_boot(o);
	mark = calloc(map->end_pfn + 1, 1);
	total = port_map_for_each_usable(map, note, NULL);
	for (p = 0; p < map->end_pfn; p++) {
		int want = oracle_state_of(o, p) == ORC_FREE;

		count += mark[p];
		if (mark[p] != want && bad++ < 5)
			fprintf(stderr, "pfn 0x%lx: helper %d, oracle %d\n", p, mark[p], want);
	}
	if (count != total && bad++ < 5)
		fprintf(stderr, "helper returned %lu, handed out %lu\n", total, count);
	free(mark);
	oracle_destroy(o);
	return bad;
}

static unsigned int overflow_case(void)
{
	/* the map of the fuzz finding: memory [0, 0x30000) and [0x40000, 0x60000) */
	struct port_region mem[] = { { 0x0, 0x30000, 0 }, { 0x40000, 0x20000, 0 } };
	struct port_region rsv[] = { { 0x2000, 0xffffffffffffdfffULL, 8 } };
	struct port_map map = { .memory = mem, .nr_memory = 2, .reserved = rsv, .nr_reserved = 1,
				.max_zone_pfn = { 0x8, 0x8, 0x60 }, .end_pfn = 0x60 };

	if (port_map_for_each_usable(&map, NULL, NULL) != 2) {
		fprintf(stderr, "overflow case: want 2 usable pages (pfns 0 and 1)\n");
		return 1;
	}
	return compare(&map, 1);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13; *s ^= *s >> 7; *s ^= *s << 17;
	return *s;
}

/* A sorted, disjoint map of byte ranges with unaligned edges. */
static unsigned int random_case(uint64_t *seed)
{
	struct port_region mem[6], rsv[8];
	unsigned int nm = 1 + rnd(seed) % 6, nr = rnd(seed) % 8, i;
	uint64_t at = rnd(seed) % 0x3000, end = 0;
	struct port_map map = { .memory = mem, .nr_memory = nm, .reserved = rsv };

	for (i = 0; i < nm; i++) {
		mem[i] = (struct port_region){ at, 1 + rnd(seed) % 0x40000, (int)(rnd(seed) % 2) };
		at = mem[i].base + mem[i].size + 1 + rnd(seed) % 0x9000;
		end = (mem[i].base + mem[i].size) / 4096;
	}
	at = rnd(seed) % 0x2000;
	for (i = 0; i < nr; i++) {
		rsv[i] = (struct port_region){ at, rnd(seed) % 0x18000, 8 };
		at = rsv[i].base + rsv[i].size + 1 + rnd(seed) % 0x30000;
	}
	if (nr && rnd(seed) % 4 == 0)			/* the last one reaches the top */
		rsv[nr - 1].size = UINT64_MAX - rsv[nr - 1].base;
	map.end_pfn = end;
	map.max_zone_pfn[0] = end / 4;
	map.max_zone_pfn[1] = end / 2;
	map.max_zone_pfn[2] = rnd(seed) % 3 ? end : end - end / 8;
	return compare(&map, 2);
}

int main(void)
{
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	unsigned int bad = overflow_case(), i;

	for (i = 0; i < 2000 && !bad; i++)
		bad += random_case(&seed);
	printf("port_map: %s (%u maps)\n", bad ? "FAILED" : "ok", i);
	return bad != 0;
}
