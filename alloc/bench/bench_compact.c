/* SPDX-License-Identifier: MIT */
/*
 * bench_compact.c - the compaction figure of bench: a 1 GiB ZONE_NORMAL
 * (262,144 pages, pageblocks of 512) filled with order-0 movable pages,
 * half of them freed at random (seed 7), then one full compaction
 * (alloc_compact(ALLOC_COMPACT_FULL), compact_node()).  Printed: the time
 * of the compaction, pages migrated per second, and the order-9 blocks
 * free afterwards against the ideal, free pages / 512.  The owner's
 * migrate callback only counts (it accepts every move).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "alloc/alloc.h"
#include "bench.h"

#define GIB		(1ULL << 30)
#define PAGES_1G	(GIB >> PAGE_SHIFT)
#define COMPACT_SEED	7
#define BLOCK_ORDER	9

static uint64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int count_move(void *ctx, unsigned long old_pfn, unsigned long new_pfn,
		      unsigned int order)
{
	unsigned long *moved = ctx;

	(void)old_pfn;
	(void)new_pfn;
	*moved += 1UL << order;
	return 0;
}

/* Free blocks of order >= BLOCK_ORDER, counted in order-9 units. */
static unsigned long big_blocks(const struct alloc_machine *m, unsigned long *free_pages)
{
	struct alloc_zone_info zi;
	unsigned long n = 0;
	unsigned int o;

	alloc_zone_info(m, 0, ZONE_NORMAL, &zi);
	for (o = BLOCK_ORDER; o <= ALLOC_MAX_ORDER_LIMIT; o++)
		n += zi.nr_free[o] << (o - BLOCK_ORDER);
	*free_pages = zi.free_pages;
	return n;
}

/* Fill with order-0 movable pages, then free a random half. */
static bool fragment(struct alloc_machine *m, unsigned long *pfns, unsigned long *n)
{
	uint64_t seed = COMPACT_SEED;
	unsigned long i, pfn;

	for (*n = 0; *n < PAGES_1G; (*n)++)
		if (alloc_pages(m, GFPF_MOVABLE | GFPF_NO_WATERMARKS | GFPF_NOWARN, 0, 0,
				NUMA_NO_NODE, &pfn))
			break;
		else
			pfns[*n] = pfn;
	for (i = *n; i > 1; i--) {	/* Fisher-Yates */
		unsigned long j = (unsigned long)(mix(&seed) % i), t = pfns[i - 1];

		pfns[i - 1] = pfns[j];
		pfns[j] = t;
	}
	for (i = 0; i < *n / 2; i++)
		if (alloc_free_pages(m, pfns[i], 0, 0))
			return false;
	return alloc_drain(m, -1) == 0;
}

/**
 * bench_compaction - run the workload above and print its lines.
 * @value: set to the recovered order-9 blocks in percent of the ideal
 * Return: false when the machine could not be set up.
 */
bool bench_compaction(double *value)
{
	static const unsigned long max_zone_pfn[3] = { 0, 0, PAGES_1G };
	unsigned long *pfns = calloc(PAGES_1G, sizeof(*pfns)), n = 0, moved = 0;
	unsigned long before, after, free_pages;
	struct alloc_config cfg;
	struct alloc_machine *m = NULL;
	uint64_t t0, t;
	bool ok = false;

	alloc_config_default(&cfg);
	cfg.min_free_auto = false;
	cfg.min_free_kbytes = 0;
	if (!pfns || alloc_create(&cfg, &m) || alloc_set_zones(m, max_zone_pfn, false, 0) ||
	    alloc_memblock_add(m, 0, GIB, 0) || alloc_boot(m) || !fragment(m, pfns, &n)) {
		fprintf(stderr, "bench: compaction: set-up failed\n");
		goto out;
	}
	alloc_set_migrate(m, count_move, &moved);
	before = big_blocks(m, &free_pages);
	t0 = ns_now();
	if (alloc_compact(m, 0, ZONE_NORMAL, ALLOC_COMPACT_FULL)) {
		fprintf(stderr, "bench: compaction: alloc_compact failed\n");
		goto out;
	}
	t = ns_now() - t0;
	after = big_blocks(m, &free_pages);
	*value = 100.0 * (double)after / (double)(free_pages >> BLOCK_ORDER);
	printf("compaction : %6.2f ms      (1 GiB, %lu of %lu pages movable, %lu free)\n",
	       (double)t / 1e6, n - n / 2, n, free_pages);
	printf("             %6.2f M pages migrated/s (%lu pages)\n",
	       (double)moved * 1e3 / (double)(t ? t : 1), moved);
	printf("             order-9 blocks %lu -> %lu of ideal %lu (%.1f%%)\n", before, after,
	       free_pages >> BLOCK_ORDER, *value);
	ok = true;
out:
	alloc_destroy(m);
	free(pfns);
	return ok;
}
