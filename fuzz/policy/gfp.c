// SPDX-License-Identifier: MIT
/*
 * gfp.c (policy judge) - from a gfp mask to the allocator's choices,
 * restated: gfp_migratetype(), gfp_to_alloc_flags(),
 * alloc_flags_nofragment() and __gfp_pfmemalloc_flags().  gfp_zone() is
 * the oracle's (oracle_gfp_zone()).  Bit values are the shared vocabulary
 * of <pagefuzz/vocab.h> (GFPF_*).
 */
#include <pagefuzz/vocab.h>
#include "rules.h"

int pol_gfp_migratetype(const struct pol_machine *m, uint32_t gfp)
{
	bool mov = gfp & GFPF_MOVABLE, rec = gfp & GFPF_RECLAIMABLE;

	if (mov && rec)
		return -1;
	if (m->mobility_disabled)
		return POL_UNMOVABLE;
	return mov ? POL_MOVABLE : rec ? POL_RECLAIMABLE : POL_UNMOVABLE;
}

unsigned int pol_gfp_to_alloc_flags(uint32_t gfp, unsigned int order)
{
	unsigned int f = POL_ALLOC_WMARK_MIN | POL_ALLOC_CPUSET;

	if (gfp & GFPF_HIGH)
		f |= POL_ALLOC_MIN_RESERVE;
	if (gfp & GFPF_KSWAPD_RECLAIM)
		f |= POL_ALLOC_KSWAPD;
	/* atomic: may not sleep, so it may dig deeper (unless NOMEMALLOC) */
	if (!(gfp & GFPF_DIRECT_RECLAIM)) {
		if (!(gfp & GFPF_NOMEMALLOC)) {
			f |= POL_ALLOC_NON_BLOCK;
			if (order)
				f |= POL_ALLOC_HIGHATOMIC;
		}
		if (f & POL_ALLOC_MIN_RESERVE)
			f &= ~POL_ALLOC_CPUSET;
	}
	return f;
}

unsigned int pol_alloc_flags_nofragment(const struct pol_machine *m, int pref_nid, int pref_zone)
{
	if (pref_zone != POL_NORMAL)
		return 0;
	if (m->nr_nodes > 1 && !m->zones[pref_nid][POL_DMA32].present)
		return 0;
	return POL_ALLOC_NOFRAGMENT;
}

bool pol_gfp_pfmemalloc_allowed(uint32_t gfp)
{
	if (gfp & GFPF_NO_WATERMARKS)
		return true;
	if (gfp & GFPF_NOMEMALLOC)
		return false;
	return (gfp & GFPF_MEMALLOC) != 0;
}
