// SPDX-License-Identifier: MIT
/*
 * pcp.c - per-cpu page lists: a small cache of blocks of order 0..3 per
 * simulated cpu and zone, one list per (order, migratetype).
 *
 * An allocation pops the head of its list, refilling `batch` pages from
 * the buddy first when the list is empty; a free pushes onto the head and,
 * once the cpu holds `high` pages or more, returns `batch` pages to the
 * buddy, taking lists round-robin from their tails.  Modelled on
 * rmqueue_pcplist()/rmqueue_bulk(), free_unref_page_commit(),
 * free_pcppages_bulk(), drain_pages_zone(), zone_batchsize() and
 * zone_highsize() of mm/page_alloc.c (v6.6, without the free_factor
 * scaling).  high == 0 turns caching off: every free goes straight to the
 * buddy (the boot pageset).  HIGHATOMIC pages are cached on the MOVABLE
 * list; pages of ISOLATE pageblocks bypass the cache.  A block going back
 * to the buddy is freed with its pageblock's current type, so stale list
 * types never reach a free list.
 *
 * Owns: count == Σ pages on the lists; every cached block is a PG_PCP head
 * of the list's order and cpu; a disabled cache holds nothing; each zone's
 * sets lie where page_pcp() computes them (pcp_check()).
 */
#include "internal.h"

/* zone_batchsize(): about a quarter of a 1024th of the zone, 2^n - 1. */
static unsigned int auto_batch(const struct zone *z)
{
	unsigned long batch = min_ul(z->managed_pages >> 10, (1UL << 20) / PAGE_SIZE) / 4;
	unsigned long p = 1;

	if (batch < 1)
		batch = 1;
	batch += batch / 2;
	while (p * 2 <= batch)
		p *= 2;
	return (unsigned int)(p > 1 ? p - 1 : 1);
}

/* zone_highsize(): the low watermark split over the node's cpus. */
static unsigned int auto_high(const struct alloc_machine *m, const struct zone *z,
			      unsigned int batch)
{
	unsigned int cpus = 0, cpu;
	unsigned long high;

	for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		if ((int)(cpu % m->cfg.nr_nodes) == z->nid)
			cpus++;
	if (!cpus)
		cpus = m->cfg.nr_cpus;
	high = z->wmark[WMARK_LOW] / cpus;
	return (unsigned int)max_ul(high, (unsigned long)batch << 2);
}

/**
 * pcp_setup - high and batch of every cpu's list of every zone.
 * @m: machine with watermarks computed
 */
void pcp_setup(struct alloc_machine *m)
{
	int nid;
	unsigned int zt, cpu;

	for_each_node(m, nid) {
		for_each_zone_type(zt) {
			struct zone *z = &m->nodes[nid].zones[zt];
			unsigned int high = 0, batch = 1;

			if (zone_managed(z)) {
				batch = m->cfg.pcp_auto ? auto_batch(z) : m->cfg.pcp_batch;
				high = m->cfg.pcp_auto ? auto_high(m, z, batch) : m->cfg.pcp_high;
			}
			for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
				z->pcp[cpu].high = high;
				z->pcp[cpu].batch = batch;
			}
		}
	}
}

/* rmqueue_bulk(): fetch blocks onto the list's tail (pcp_alloc() on a miss). */
void pcp_refill(struct zone *zone, unsigned int cpu, unsigned int order, int mt,
		       unsigned int alloc_flags)
{
	unsigned int batch = zone->pcp[cpu].batch, n;

	n = batch > 1 ? (unsigned int)max_ul(batch >> order, 2) : 1;
	buddy_take_bulk(zone, cpu, order, mt, alloc_flags, n);
}

/*
 * free_pcppages_bulk(): return up to @count pages, lists round-robin from
 * the one after @pindex, each from its tail.
 */
static void pcp_free_bulk(struct zone *zone, unsigned int cpu, long count, unsigned int pindex)
{
	struct per_cpu_pages *pcp = &zone->pcp[cpu];

	count = (long)min_ul((unsigned long)count, pcp->count);
	while (count > 0) {
		struct list_head *list;
		unsigned int tries = 0, order;

		do {
			pindex = (pindex + 1) % NR_PCP_LISTS;
			list = &pcp->lists[pindex];
		} while (list_empty(list) && ++tries < NR_PCP_LISTS);
		if (debug_never(list_empty(list)))
			return;
		order = pindex / MIGRATE_PCPTYPES;
		count = buddy_free_pcp_list(zone, cpu, list, order, count);
	}
}

/*
 * nr_pcp_free(): how many pages a spill returns: one when high is below
 * batch (a boot-pageset-like cache), else batch, but leaving at least
 * batch pages cached (the kernel's clamp to [batch, high - batch] with the
 * free_factor scaling left out).
 */
static long nr_pcp_free(const struct per_cpu_pages *pcp)
{
	if (pcp->high < pcp->batch)
		return 1;
	return (long)(pcp->batch < pcp->high - pcp->batch ? pcp->batch : pcp->high - pcp->batch);
}

/**
 * pcp_spill - the spill of free_unref_page_commit(): @cpu holds `high`
 * pages or more after a free to list (@order, @mt); return `batch` of
 * them, the list just freed to going first.
 * Return: 0, so that a free path ending in a spill can tail-call it.
 */
int pcp_spill(struct zone *zone, unsigned int cpu, unsigned int order, int mt)
{
	pcp_free_bulk(zone, cpu, nr_pcp_free(&zone->pcp[cpu]),
		      (pcp_index(order, mt) + NR_PCP_LISTS - 1) % NR_PCP_LISTS);
	return 0;
}

/**
 * pcp_drain_zone - drain_pages_zone(): empty one cpu's lists of a zone.
 * @zone: zone
 * @cpu: cpu
 */
void pcp_drain_zone(struct zone *zone, unsigned int cpu)
{
	pcp_free_bulk(zone, cpu, (long)zone->pcp[cpu].count, NR_PCP_LISTS - 1);
}

/**
 * pcp_drain_all - drain_all_pages(NULL): every cpu, every zone.
 * @m: machine
 */
void pcp_drain_all(struct alloc_machine *m)
{
	int nid;
	unsigned int zt, cpu;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
				pcp_drain_zone(&m->nodes[nid].zones[zt], cpu);
}

/* ------------------------------------------------------------------ */
/* Consistency checks                                                   */
/* ------------------------------------------------------------------ */

CHECK_WALK
static unsigned long check_pcp_list(struct zone *zone, unsigned int cpu, unsigned int pindex,
				    struct check_ctx *ctx)
{
	struct alloc_machine *m = zone->machine;
	const struct list_head *head = &zone->pcp[cpu].lists[pindex], *pos;
	unsigned int order = pindex / MIGRATE_PCPTYPES;
	int mt = (int)(pindex % MIGRATE_PCPTYPES);
	unsigned long pages = 0, n = 0, bound = m->memmap_end_pfn - m->memmap_start_pfn + 1;

	for (pos = head->next; pos != head && !check_full(ctx); pos = pos->next) {
		const struct page *p = list_entry(pos, struct page, lru);
		unsigned long pfn;

		if (p < m->memmap || p >= m->memmap + (m->memmap_end_pfn - m->memmap_start_pfn) ||
		    pos->next->prev != pos || ++n > bound) {
			check_report(ctx, "pcp.list_corrupt", ~0UL, "cpu %u list %u", cpu, pindex);
			break;
		}
		pfn = page_to_pfn(m, p);
		if (!(p->flags & PG_PCP) || p->order != order || p->list_mt != mt ||
		    p->cpu != cpu || p->nid != zone->nid || p->zone_idx != zone->idx ||
		    (pfn & ((1UL << order) - 1)))
			check_report(ctx, "pcp.entry", pfn,
				     "cpu %u order %u %s list: flags 0x%x order %u list_mt %u cpu %u",
				     cpu, order, alloc_migratetype_name(mt), p->flags, p->order,
				     p->list_mt, p->cpu);
		pages += 1UL << order;
	}
	return pages;
}

/**
 * pcp_check - list contents against count, and the disabled-cache rule.
 * @m: booted machine
 * @ctx: report context
 * Return: violations found.
 */
CHECK_WALK
unsigned int pcp_check(struct alloc_machine *m, struct check_ctx *ctx)
{
	unsigned int before = ctx->count, zt, cpu, i;
	int nid;

	for_each_node(m, nid) {
		for_each_zone_type(zt) {
			struct zone *z = &m->nodes[nid].zones[zt];

			/* the layout page_pcp() computes instead of loading zone->pcp */
			if (z->pcp != m->pcp_sets + ((size_t)nid * NR_ZONE_TYPES + zt) * m->cfg.nr_cpus ||
			    m->pcp_zone_bytes != m->cfg.nr_cpus * sizeof(*z->pcp)) {
				check_report(ctx, "pcp.layout", ~0UL,
					     "node %d zone %s: per-cpu sets not where page_pcp() finds them",
					     nid, alloc_zone_name((int)zt));
				continue;
			}
			for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++) {
				unsigned long pages = 0;

				/*
				 * A zone without managed pages is never freed to, so
				 * its lists are dead (see check_zone_lists()): its
				 * count must be 0, and a page wrongly cached there
				 * is missing from its own zone's lists or counters.
				 */
				for (i = 0; zone_managed(z) && i < NR_PCP_LISTS; i++) {
					const struct list_head *head = &z->pcp[cpu].lists[i];

					/* most lists are empty: skip the walk of a consistent one */
					if (head->next != head || head->prev != head)
						pages += check_pcp_list(z, cpu, i, ctx);
				}
				if (pages != z->pcp[cpu].count)
					check_report(ctx, "pcp.count", ~0UL,
						     "node %d zone %s cpu %u: lists hold %lu, count %lu",
						     nid, alloc_zone_name((int)zt), cpu, pages,
						     z->pcp[cpu].count);
				if (!z->pcp[cpu].high && z->pcp[cpu].count)
					check_report(ctx, "pcp.disabled_holds", ~0UL,
						     "node %d zone %s cpu %u: high 0 but %lu pages cached",
						     nid, alloc_zone_name((int)zt), cpu, z->pcp[cpu].count);
				if (!z->pcp[cpu].batch)
					check_report(ctx, "pcp.batch", ~0UL, "batch 0");
			}
		}
	}
	return ctx->count - before;
}
