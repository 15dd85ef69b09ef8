// SPDX-License-Identifier: MIT
/*
 * compaction.c (policy judge) - compaction's decisions, restated from
 * mm/compaction.c and mm/vmstat.c: whether a zone's run may start
 * (compact_zone()'s early exits: __compaction_suitable() and, for costly
 * orders, __fragmentation_index() against extfrag_threshold), when a run
 * has made its block (__compact_finished()'s free-list test), and what
 * the two scanners may move where (isolate_migratepages() below
 * isolate_freepages(), suitable_migration_target(),
 * skip_isolation_on_order()).  Pure functions of the zone's checked
 * free-block census; the deviations they share with the model are in
 * rules.h.
 */
#include "rules.h"

long pol_fragmentation_index(const struct pol_machine *m, const struct pol_zone *z,
			     unsigned int order, bool with_isolated)
{
	unsigned long free_pages = 0, blocks = 0, suitable = 0;
	unsigned int o;
	int mt;

	/* fill_contig_page_info(): free_area[o].nr_free counts every list */
	for (o = 0; o <= m->max_order; o++) {
		unsigned long n = 0;

		for (mt = 0; mt < POL_MTS; mt++)
			if (mt != POL_ISOLATE || with_isolated)
				n += z->nr_free[o][mt];
		blocks += n;
		free_pages += n << o;
		if (o >= order)
			suitable += n << (o - order);
	}
	if (!blocks)
		return 0;
	if (suitable)
		return -1000;	/* a request would fail on the watermark, not fragmentation */
	return 1000 - (long)((1000 + free_pages * 1000 / (1UL << order)) / blocks);
}

bool pol_compaction_suitable(const struct pol_machine *m, const struct pol_zone *z,
			     unsigned int order)
{
	unsigned long mark = z->wmark[order > POL_COSTLY_ORDER ? 1 : 0];

	/* compact_gap(): room for the pages being migrated and their targets */
	return pol_zone_watermark_ok(m, z, 0, mark + (2UL << order), z->idx, POL_ALLOC_WMARK_MIN,
				     (long)z->free_pages);
}

bool pol_compact_finished(const struct pol_machine *m, const struct pol_zone *z,
			  unsigned int order, int mt)
{
	unsigned int o;

	if (mt < 0 || mt >= POL_PCPTYPES)
		return false;
	for (o = order; o <= m->max_order; o++) {
		if (z->nr_free[o][mt])
			return true;
		/* find_suitable_fallback(..., only_stealable = true) */
		if (pol_find_suitable_fallback(z, o, mt) >= 0 && pol_can_steal_fallback(m, o, mt))
			return true;
	}
	return false;
}

/* compaction_suitable()'s fragmentation test: not fragmented enough to be worth a run? */
static bool not_fragmented(long fragindex)
{
	return fragindex >= 0 && fragindex <= POL_EXTFRAG_THRESHOLD;
}

enum pol_compact pol_compact_zone(const struct pol_machine *m, const struct pol_zone *z,
				  unsigned int order, int mt)
{
	bool linux_says, model_says;

	if (pol_compact_finished(m, z, order, mt))
		return POL_COMPACT_SUCCESS;
	if (!pol_compaction_suitable(m, z, order))
		return POL_COMPACT_SKIPPED;
	if (order <= POL_COSTLY_ORDER)
		return POL_COMPACT_CONTINUE;
	linux_says = not_fragmented(pol_fragmentation_index(m, z, order, true));
	model_says = not_fragmented(pol_fragmentation_index(m, z, order, false));
	if (linux_says != model_says)
		return POL_COMPACT_UNDECIDED;	/* isolated free blocks (rules.h) */
	return linux_says ? POL_COMPACT_NOT_SUITABLE : POL_COMPACT_CONTINUE;
}

bool pol_compact_scanners_order(const struct pol_machine *m, unsigned long src_pfn,
				unsigned long dst_pfn)
{
	return (src_pfn >> m->pageblock_order) < (dst_pfn >> m->pageblock_order);
}

bool pol_suitable_migration_target(int pageblock_mt)
{
	return pageblock_mt == POL_MOVABLE || pageblock_mt == POL_CMA;
}

bool pol_skip_isolation_on_order(const struct pol_machine *m, unsigned int order,
				 unsigned int target_order)
{
	return order >= target_order || order >= m->pageblock_order;
}
