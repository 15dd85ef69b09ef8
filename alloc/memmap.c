// SPDX-License-Identifier: MIT
/*
 * memmap.c - the struct page array and the pfn <-> page mapping.
 *
 * The memmap covers [memmap_start_pfn, memmap_end_pfn): from the first to
 * the last present pfn, not aligned to anything, so a buddy candidate
 * computed as pfn ^ (1 << order) can fall outside it and must be checked
 * with pfn_in_memmap() before its struct page is read (the kernel bug of
 * 787af64d05cd).  A hole keeps an all-zero struct page; present pages get
 * PG_PRESENT, their node and their zone (memmap_init_range() in
 * mm/mm_init.c), and start reserved until memblock_free_all() hands them
 * over.
 *
 * Owns: memmap_check_base(), the base pfn_to_page() adds to, and
 * memmap_check(), the pfn-by-pfn walk that proves every present, unreserved
 * page is covered by exactly one block head (free, per-cpu or
 * allocated), that no head overlaps a hole, a reserved page or another
 * zone, and that every page of a block holds its pageblock's current type
 * (struct page.pageblock_mt, which pageblock.c keeps).
 */
#include <stddef.h>
#include <string.h>
#include "internal.h"

/**
 * memmap_init - allocate a zeroed memmap for [start_pfn, end_pfn).
 * @m: machine
 * @start_pfn: first pfn covered
 * @end_pfn: first pfn not covered
 * Return: 0 or ALLOC_ENOMEM.
 */
int memmap_init(struct alloc_machine *m, unsigned long start_pfn, unsigned long end_pfn)
{
	size_t nr = end_pfn - start_pfn;

	m->memmap = platform_zalloc(nr * sizeof(struct page));
	if (!m->memmap)
		return ALLOC_ENOMEM;
	m->memmap_start_pfn = start_pfn;
	m->memmap_end_pfn = end_pfn;
	memmap_set_base(m);
	return 0;
}

void memmap_release(struct alloc_machine *m)
{
	pageblock_release(m);
	platform_free(m->memmap);
	m->memmap = NULL;
	m->memmap_start_pfn = m->memmap_end_pfn = 0;
	memmap_set_base(m);
}

/* ------------------------------------------------------------------ */
/* Consistency checks                                                   */
/* ------------------------------------------------------------------ */

/*
 * The eight bytes of a struct page from `flags` on (flags, order, list_mt,
 * zone_idx, nid, ...) as one word, so that a rule over several of those
 * fields is one masked compare per page.  The mask and the key are built
 * from struct pages the same way, so byte order does not matter.
 */
_Static_assert(sizeof(struct page) >= offsetof(struct page, flags) + sizeof(uint64_t),
	       "page_word() reads eight bytes from flags");

static inline uint64_t page_word(const struct page *p)
{
	uint64_t word;

	memcpy(&word, &p->flags, sizeof(word));
	return word;
}

/**
 * memmap_check_pageblock_mt - a page's copy of its pageblock's type
 * (struct page.pageblock_mt) against its zone's.
 * @m: machine
 * @pfn: a present page with a valid node and zone
 * @ctx: report context
 * Return: true when they agree (or the zone does not span @pfn, which
 * other checks report), false after reporting the difference.
 */
CHECK_WALK
bool memmap_check_pageblock_mt(struct alloc_machine *m, unsigned long pfn, struct check_ctx *ctx)
{
	const struct page *p = pfn_to_page(m, pfn);
	const struct zone *z = page_zone(m, p);

	if (!zone_spans_pfn(z, pfn) || p->pageblock_mt == get_pageblock_migratetype(z, pfn))
		return true;
	check_report(ctx, "memmap.pageblock_mt", pfn,
		     "page says its pageblock is type %u, the zone says %d",
		     p->pageblock_mt, get_pageblock_migratetype(z, pfn));
	return false;
}

/* The zone's type of @pfn's pageblock, or @other when the zone does not span @pfn. */
static inline CHECK_HELPER uint8_t type_or(const struct zone *z, unsigned long pfn, uint8_t other)
{
	return zone_spans_pfn(z, pfn) ? (uint8_t)get_pageblock_migratetype(z, pfn) : other;
}

/*
 * A block head's pages: all present, unreserved, of the head's zone and
 * node, each (the head too) with its pageblock's current type in
 * pageblock_mt; one masked compare per page, the type looked up once per
 * pageblock.
 */
CHECK_WALK
static bool check_block_pages(struct alloc_machine *m, unsigned long pfn,
			      const struct page *head, struct check_ctx *ctx)
{
	const struct page rule = { .flags = PG_PRESENT | PG_RESERVED | PG_BUDDY | PG_PCP | PG_HEAD |
					    PG_MOVABLE,
				   .zone_idx = 0xff, .nid = 0xff };	/* the bits compared */
	const struct page all = { .flags = rule.flags, .zone_idx = 0xff, .nid = 0xff,
				  .pageblock_mt = 0xff };		/* and the type */
	struct page want = { .flags = PG_PRESENT, .zone_idx = head->zone_idx,
			     .nid = head->nid };			/* their values */
	const uint64_t mask = page_word(&rule), all_mask = page_word(&all);
	const struct zone *z = page_zone(m, head);
	unsigned long i, nr = 1UL << head->order, pb = m->pageblock_nr_pages;
	uint64_t key;
	const struct page *p;

	if (pfn & (nr - 1))
		return check_report(ctx, "memmap.head_misaligned", pfn,
				    "order %u head not aligned", head->order);
	if (pfn + nr > m->memmap_end_pfn)
		return check_report(ctx, "memmap.block_past_end", pfn,
				    "order %u block runs past the memmap", head->order);
	want.pageblock_mt = type_or(z, pfn, head->pageblock_mt);
	if (head->pageblock_mt != want.pageblock_mt)
		return memmap_check_pageblock_mt(m, pfn, ctx);
	key = page_word(&want) & all_mask;
	for (i = 1; i < nr; i++) {
		p = pfn_to_page(m, pfn + i);
		if (!((pfn + i) & (pb - 1))) {
			want.pageblock_mt = type_or(z, pfn + i, p->pageblock_mt);
			key = page_word(&want) & all_mask;
		}
		if ((page_word(p) & all_mask) == key)
			continue;
		if ((page_word(p) & mask) != (key & mask))
			return check_report(ctx, "memmap.block_page_bad", pfn + i,
					    "page %lu of order-%u block at 0x%lx: flags 0x%x nid %u zone %u",
					    i, head->order, pfn, p->flags, p->nid, p->zone_idx);
		return memmap_check_pageblock_mt(m, pfn + i, ctx);	/* one report per block */
	}
	return true;
}

/**
 * memmap_check_base - the base pfn_to_page() adds to (memmap_base).
 * @m: machine
 * @ctx: report context
 * Return: true when it is right; false (reported as memmap.base) when every
 * pfn_to_page() would name another struct page, so no walk may run.
 */
CHECK_WALK
bool memmap_check_base(struct alloc_machine *m, struct check_ctx *ctx)
{
	if (m->memmap_base == (uintptr_t)m->memmap - m->memmap_start_pfn * sizeof(struct page))
		return true;
	check_report(ctx, "memmap.base", ~0UL, "memmap base 0x%lx, memmap %p from pfn %lu",
		     (unsigned long)m->memmap_base, (void *)m->memmap, m->memmap_start_pfn);
	return false;
}

/**
 * memmap_check - walk every pfn of the memmap.
 * @m: booted machine
 * @ctx: report context
 * @census: filled with the managed pages and free heads of every zone
 * Return: violations found.
 */
CHECK_WALK
unsigned int memmap_check(struct alloc_machine *m, struct check_ctx *ctx,
			  struct memmap_census *census)
{
	unsigned int before = ctx->count;
	unsigned long pfn = m->memmap_start_pfn;

	memset(census, 0, sizeof(*census));
	while (pfn < m->memmap_end_pfn && !check_full(ctx)) {
		const struct page *p = pfn_to_page(m, pfn);
		unsigned int heads = !!(p->flags & PG_BUDDY) + !!(p->flags & PG_PCP) +
				     !!(p->flags & PG_HEAD);

		if (!(p->flags & PG_PRESENT)) {
			if (p->flags)
				check_report(ctx, "memmap.hole_flags", pfn, "hole with flags 0x%x", p->flags);
			pfn++;
			continue;
		}
		if (p->flags & PG_RESERVED) {
			if (heads)
				check_report(ctx, "memmap.reserved_head", pfn,
					     "reserved page is also a block head (flags 0x%x)", p->flags);
			pfn++;
			continue;
		}
		if (p->zone_idx < NR_ZONE_TYPES && p->nid < m->cfg.nr_nodes)
			census->managed[p->nid][p->zone_idx]++;
		if (heads != 1) {
			check_report(ctx, heads ? "memmap.multi_head" : "memmap.orphan", pfn,
				     heads ? "page has flags 0x%x" :
				     "present unreserved page in no block (leaked), flags 0x%x",
				     p->flags);
			pfn++;
			continue;
		}
		if ((p->flags & PG_MOVABLE) && !(p->flags & PG_HEAD))
			check_report(ctx, "memmap.movable_not_allocated", pfn,
				     "PG_movable on a block that is not allocated (flags 0x%x)", p->flags);
		if (p->zone_idx >= NR_ZONE_TYPES || p->nid >= m->cfg.nr_nodes) {
			check_report(ctx, "memmap.no_zone", pfn, "managed page outside any zone");
			pfn++;
			continue;
		}
		check_block_pages(m, pfn, p, ctx);
		census->managed[p->nid][p->zone_idx] += (1UL << p->order) - 1;
		if (p->flags & PG_BUDDY)
			census->buddy_heads[p->nid][p->zone_idx]++;
		pfn += 1UL << p->order;
	}
	return ctx->count - before;
}
