// SPDX-License-Identifier: MIT
/*
 * watermark.c (policy judge) - Linux's watermark rules, restated:
 * calculate_min_free_kbytes(), __setup_per_zone_wmarks(),
 * setup_per_zone_lowmem_reserve(), __zone_watermark_ok() and
 * zone_watermark_fast() of mm/page_alloc.c.  Deviations: rules.h.
 */
#include "rules.h"

#define POL_WMARK_SCALE_FACTOR	10	/* watermark_scale_factor default, 1/10000 */
#define POL_MIN_FREE_FLOOR	128
#define POL_MIN_FREE_CEIL	262144
#define POL_PAGE_KB		4

/* sysctl_lowmem_reserve_ratio[] defaults: DMA, DMA32, Normal, Movable. */
static const unsigned long pol_lowmem_ratio[POL_NR_ZONES] = { 256, 256, 32, 0 };

/* int_sqrt(): the largest r with r * r <= x, bit by bit. */
unsigned long pol_int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(x) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

unsigned long pol_calculate_min_free_kbytes(unsigned long lowmem_managed_pages)
{
	unsigned long kb = pol_int_sqrt(lowmem_managed_pages * POL_PAGE_KB * 16);

	if (kb < POL_MIN_FREE_FLOOR)
		kb = POL_MIN_FREE_FLOOR;
	if (kb > POL_MIN_FREE_CEIL)
		kb = POL_MIN_FREE_CEIL;
	return kb;
}

void pol_setup_per_zone_wmarks(unsigned long min_free_kbytes, unsigned long zone_managed,
			       unsigned long all_managed, unsigned long wmark[3])
{
	uint64_t pages_min = min_free_kbytes / POL_PAGE_KB;
	uint64_t min = all_managed ? pages_min * zone_managed / all_managed : 0;
	uint64_t tmp = (uint64_t)zone_managed * POL_WMARK_SCALE_FACTOR / 10000;

	if (min / 4 > tmp)
		tmp = min / 4;
	wmark[0] = (unsigned long)min;
	wmark[1] = (unsigned long)(min + tmp);
	wmark[2] = (unsigned long)(min + 2 * tmp);
}

void pol_setup_per_zone_lowmem_reserve(const unsigned long managed[POL_NR_ZONES], int i,
				       unsigned long reserve[POL_NR_ZONES])
{
	unsigned long upper = 0;
	int j;

	for (j = 0; j < POL_NR_ZONES; j++) {
		if (j > i)
			upper += managed[j];
		reserve[j] = (j > i && pol_lowmem_ratio[i] && managed[i]) ?
			     upper / pol_lowmem_ratio[i] : 0;
	}
}

bool pol_zone_watermark_ok(const struct pol_machine *m, const struct pol_zone *z,
			   unsigned int order, unsigned long mark, int highest_zoneidx,
			   unsigned int alloc_flags, long free_pages)
{
	unsigned long min = mark, limit;
	unsigned int o;
	int mt;

	free_pages -= (1L << order) - 1;
	if (!(alloc_flags & POL_ALLOC_RESERVES))
		free_pages -= (long)z->nr_reserved_highatomic;
	if (alloc_flags & POL_ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & POL_ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (alloc_flags & POL_ALLOC_OOM)
		min -= min / 2;
	limit = min + z->lowmem_reserve[highest_zoneidx];
	if (limit < min)
		limit = ~0UL;
	if (free_pages <= 0 || (unsigned long)free_pages <= limit)
		return false;
	if (!order)
		return true;
	for (o = order; o <= m->max_order; o++) {
		for (mt = 0; mt < POL_PCPTYPES; mt++)
			if (z->nr_free[o][mt])
				return true;
		if ((alloc_flags & (POL_ALLOC_HIGHATOMIC | POL_ALLOC_OOM)) &&
		    z->nr_free[o][POL_HIGHATOMIC])
			return true;
	}
	return false;
}

bool pol_zone_watermark_fast(const struct pol_machine *m, const struct pol_zone *z,
			     unsigned int order, unsigned long mark, int highest_zoneidx,
			     unsigned int alloc_flags)
{
	long free_pages = (long)z->free_pages;

	if (!order) {
		long reserved = (alloc_flags & POL_ALLOC_RESERVES) ? 0 :
				(long)z->nr_reserved_highatomic;
		long usable = free_pages - (reserved < free_pages ? reserved : free_pages);

		if (usable > (long)(mark + z->lowmem_reserve[highest_zoneidx]))
			return true;
	}
	return pol_zone_watermark_ok(m, z, order, mark, highest_zoneidx, alloc_flags, free_pages);
}
