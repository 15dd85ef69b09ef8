// SPDX-License-Identifier: MIT
/*
 * fallback.c (policy judge) - where rmqueue() may take a block from,
 * restated: the fallbacks[] table, can_steal_fallback(),
 * find_suitable_fallback(), __rmqueue_smallest() / __rmqueue_fallback()
 * (largest stealable block first, claimed by try_to_claim_block(); else
 * the smallest fallback block, unclaimed), rmqueue_buddy()'s use of the
 * highatomic reserve and reserve_highatomic_pageblock()'s limit.
 * Everything is decided from the zone's free-block census before the op.
 */
#include "rules.h"

const int pol_fallbacks[POL_PCPTYPES][POL_PCPTYPES - 1] = {
	[POL_UNMOVABLE] = { POL_RECLAIMABLE, POL_MOVABLE },
	[POL_MOVABLE] = { POL_RECLAIMABLE, POL_UNMOVABLE },
	[POL_RECLAIMABLE] = { POL_UNMOVABLE, POL_MOVABLE },
};

bool pol_can_steal_fallback(const struct pol_machine *m, unsigned int order, int start_mt)
{
	if (order >= m->pageblock_order)
		return true;
	if (order >= m->pageblock_order / 2)
		return true;
	if (start_mt == POL_RECLAIMABLE || start_mt == POL_UNMOVABLE)
		return true;
	return m->mobility_disabled;
}

int pol_find_suitable_fallback(const struct pol_zone *z, unsigned int order, int start_mt)
{
	int i;

	for (i = 0; i < POL_PCPTYPES - 1; i++)
		if (z->nr_free[order][pol_fallbacks[start_mt][i]])
			return pol_fallbacks[start_mt][i];
	return -1;
}

/* A free block of @mt at @order or above? */
static bool has_block(const struct pol_machine *m, const struct pol_zone *z, unsigned int order,
		      int mt)
{
	unsigned int o;

	for (o = order; o <= m->max_order; o++)
		if (z->nr_free[o][mt])
			return true;
	return false;
}

/* The lowest order the fallback may split: pageblock order under ALLOC_NOFRAGMENT. */
static unsigned int fallback_min_order(const struct pol_machine *m, unsigned int order,
				       unsigned int alloc_flags)
{
	if ((alloc_flags & POL_ALLOC_NOFRAGMENT) && order < m->pageblock_order)
		return m->pageblock_order;
	return order;
}

bool pol_rmqueue_possible(const struct pol_machine *m, const struct pol_zone *z,
			  unsigned int order, int mt, unsigned int alloc_flags)
{
	unsigned int o, min_order = fallback_min_order(m, order, alloc_flags);

	if (has_block(m, z, order, mt))
		return true;
	/*
	 * Under NOFRAGMENT every order the first loop visits is >= pageblock
	 * order, where a claim always succeeds; without it the second loop
	 * takes any fallback block.
	 */
	for (o = min_order; o <= m->max_order; o++)
		if (pol_find_suitable_fallback(z, o, mt) >= 0)
			return true;
	return false;
}

static bool pcp_hit(const struct pol_zone *z, unsigned int cpu, unsigned int order, int mt)
{
	return pol_pcp_allowed_order(order) && z->high[cpu] && z->pcp_blocks[cpu][order][mt];
}

bool pol_rmqueue_serves(const struct pol_machine *m, const struct pol_zone *z, unsigned int cpu,
			unsigned int order, int mt, unsigned int alloc_flags)
{
	if (pcp_hit(z, cpu, order, mt))
		return true;
	if (pol_rmqueue_possible(m, z, order, mt, alloc_flags))
		return true;
	return order && (alloc_flags & (POL_ALLOC_HIGHATOMIC | POL_ALLOC_OOM)) &&
	       has_block(m, z, order, POL_HIGHATOMIC);
}

struct pol_source_pred pol_rmqueue_source(const struct pol_machine *m, const struct pol_zone *z,
					  unsigned int cpu, unsigned int order, int mt,
					  unsigned int alloc_flags)
{
	struct pol_source_pred p = { POL_SRC_OWN, -1 };
	bool via_pcp = pol_pcp_allowed_order(order) && z->high[cpu];
	unsigned int o, min_order = fallback_min_order(m, order, alloc_flags);
	int fmt;

	if (pcp_hit(z, cpu, order, mt)) {
		p.src = POL_SRC_PCP;
		return p;
	}
	/* rmqueue_buddy() tries the reserve first; a pcp refill does not */
	if (!via_pcp && order && (alloc_flags & POL_ALLOC_HIGHATOMIC) &&
	    has_block(m, z, order, POL_HIGHATOMIC)) {
		p.src = POL_SRC_HIGHATOMIC;
		return p;
	}
	if (has_block(m, z, order, mt))
		return p;
	if (!pol_rmqueue_possible(m, z, order, mt, alloc_flags)) {
		p.src = POL_SRC_HIGHATOMIC;	/* the last resort */
		return p;
	}
	/* the second loop's choice: the smallest fallback block, unclaimed */
	for (o = order; o <= m->max_order; o++) {
		fmt = pol_find_suitable_fallback(z, o, mt);
		if (fmt >= 0) {
			p.src = POL_SRC_STEAL;
			p.fallback_mt = fmt;
			break;
		}
	}
	for (o = m->max_order + 1; o-- > min_order; ) {
		if (pol_find_suitable_fallback(z, o, mt) < 0)
			continue;
		if (!pol_can_steal_fallback(m, o, mt))
			break;
		/*
		 * A claim of a whole pageblock always succeeds; a smaller one
		 * depends on the pageblock's contents, and when every claim
		 * fails the second loop steals (fallback_mt).
		 */
		p.src = o >= m->pageblock_order ? POL_SRC_CLAIM : POL_SRC_MAYBE_CLAIM;
		return p;
	}
	return p;
}

bool pol_reserve_highatomic_pageblock(const struct pol_machine *m, const struct pol_zone *z,
				      unsigned long pfn, unsigned int order, int pb_mt)
{
	unsigned long max_managed = z->managed / 100 + m->pageblock_nr_pages;
	unsigned long start = pfn & ~(m->pageblock_nr_pages - 1);

	if (z->nr_reserved_highatomic >= max_managed)
		return false;
	if (pb_mt >= POL_PCPTYPES)
		return false;
	/* move_freepages_block() refuses a pageblock that leaves the zone */
	if (order < m->pageblock_order &&
	    (start < z->start_pfn || start + m->pageblock_nr_pages > z->start_pfn + z->spanned))
		return false;
	return true;
}
