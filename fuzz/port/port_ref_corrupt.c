// SPDX-License-Identifier: MIT
/*
 * port_ref_corrupt.c - the reference port's corrupt(): break one named
 * piece of alloc/'s metadata on the judge's request (`corrupt WHAT PFN`,
 * enum pf_corrupt of vocab.h), so that a run can show that each of the
 * allocator's own checkers (the check_report() calls at the bottom of each
 * alloc/ file) can fail.  The judge then requires alloc_check_all() to
 * report it and ends the run (fuzz/check/run_corrupt.c).
 *
 * This is the adapter's side, not the judge's: it is the one file of the
 * port that reaches into alloc/internal.h.  Every change keeps the
 * machine memory-safe for the checkers (list links point at list nodes,
 * indexes stay inside their arrays), since they walk it next.  A piece
 * that does not exist now (no per-cpu page, one memory region, ...) is
 * PF_ENOENT with nothing changed.  The pfn that names a block is put in the
 * touched log, as an op that moved it would, so that the incremental
 * check (alloc_check_touched()) may see it too.
 */
#include <stdint.h>
#include "alloc/internal.h"
#include "port_ref.h"

/* Which pages a piece may be taken from. */
enum pick {
	PICK_FREE,		/* a free head */
	PICK_FREE_SPLITTABLE,	/* a free head of order >= 1 */
	PICK_PCP,		/* a per-cpu head */
	PICK_ALLOC_BIG,		/* an allocated head of order >= 1 */
	PICK_HOLE,		/* a page of a hole inside the memmap */
	PICK_RESERVED,		/* a reserved page */
	PICK_MANAGED,		/* a page of a zone with managed pages */
	PICK_ISOLATED,		/* the first page of an isolated pageblock */
};

static bool pick_ok(struct alloc_machine *m, unsigned long pfn, enum pick how)
{
	const struct page *p = pfn_to_page(m, pfn);
	struct zone *z;

	switch (how) {
	case PICK_FREE:
		return p->flags & PG_BUDDY;
	case PICK_FREE_SPLITTABLE:
		return (p->flags & PG_BUDDY) && p->order >= 1;
	case PICK_PCP:
		return p->flags & PG_PCP;
	case PICK_ALLOC_BIG:
		return (p->flags & PG_HEAD) && p->order >= 1;
	case PICK_HOLE:
		return !(p->flags & PG_PRESENT);
	case PICK_RESERVED:
		return (p->flags & PG_PRESENT) && (p->flags & PG_RESERVED);
	case PICK_MANAGED:
		z = pfn_zone(m, pfn);
		return z && zone_managed(z);
	case PICK_ISOLATED:
		z = pfn_zone(m, pfn);
		return z && !(pfn & (m->pageblock_nr_pages - 1)) && zone_spans_pfn(z, pfn) &&
		       get_pageblock_migratetype(z, pfn) == MIGRATE_ISOLATE;
	}
	return false;
}

/* The first pfn at or after @from (then from the memmap's start) that fits; false if none. */
static bool pick(struct alloc_machine *m, unsigned long from, enum pick how, unsigned long *pfn)
{
	unsigned long start = m->memmap_start_pfn, end = m->memmap_end_pfn, i;

	if (from < start || from >= end)
		from = start;
	for (i = from; i < end; i++)
		if (pick_ok(m, i, how))
			return *pfn = i, true;
	for (i = start; i < from; i++)
		if (pick_ok(m, i, how))
			return *pfn = i, true;
	return false;
}

/* Unlink @page from its list and link @repl in its place. */
static void list_replace(struct list_head *page, struct list_head *repl)
{
	repl->next = page->next;
	repl->prev = page->prev;
	page->prev->next = repl;
	page->next->prev = repl;
}

/* A free head: its link, mark, order, place, zone, flags. */
static int corrupt_free_page(struct alloc_machine *m, unsigned int what, unsigned long pfn)
{
	struct page *p = pfn_to_page(m, pfn), *q;

	switch (what) {
	case PF_CORRUPT_FREE_LINK:
		p->lru.next = &p->lru;		/* the walk meets a node whose next points back at it */
		break;
	case PF_CORRUPT_FREE_FLAG:
		p->flags &= (uint8_t)~PG_BUDDY;
		break;
	case PF_CORRUPT_FREE_ORDER:
		p->order++;
		break;
	case PF_CORRUPT_FREE_HEAD:
		q = p + 1;			/* order >= 1: the block's second page */
		list_replace(&p->lru, &q->lru);
		q->flags = p->flags;
		q->order = p->order;
		q->list_mt = p->list_mt;
		p->flags &= (uint8_t)~PG_BUDDY;
		touch_pfn(m, pfn + 1);
		break;
	case PF_CORRUPT_FREE_ZONE:
		p->zone_idx = NR_ZONE_TYPES;
		break;
	case PF_CORRUPT_FREE_MULTI:
		p->flags |= PG_PCP;
		break;
	case PF_CORRUPT_FREE_MOVABLE:
		p->flags |= PG_MOVABLE;
		break;
	default:
		return PF_ENOTSUP;
	}
	touch_pfn(m, pfn);
	return 0;
}

/* A free block of order >= 1 becomes its two halves, each listed and counted. */
static void split_free_block(struct alloc_machine *m, unsigned long pfn)
{
	struct page *p = pfn_to_page(m, pfn);
	struct zone *z = page_zone(m, p);
	unsigned int order = p->order;
	int mt = p->list_mt;
	struct page *q = pfn_to_page(m, pfn + (1UL << (order - 1)));
	struct free_area *big = &z->free_area[order], *half = &z->free_area[order - 1];

	list_del(&p->lru);
	big->nr_free--;
	big->nr_free_mt[mt]--;
	p->order = (uint8_t)(order - 1);
	q->flags = p->flags;
	q->order = p->order;
	q->list_mt = p->list_mt;
	list_add_head(&p->lru, &half->free_list[mt]);
	list_add_head(&q->lru, &half->free_list[mt]);
	half->nr_free += 2;
	half->nr_free_mt[mt] += 2;
	touch_pfn(m, pfn);
	touch_pfn(m, pfn + (1UL << (order - 1)));
}

/* A free block's zone counters and its pageblock's type. */
static int corrupt_free_zone(struct alloc_machine *m, unsigned int what, unsigned long pfn)
{
	struct page *p = pfn_to_page(m, pfn);
	struct zone *z = page_zone(m, p);
	uint8_t *slot = pageblock_slot(z, pfn);

	switch (what) {
	case PF_CORRUPT_FREE_TYPE:
		pageblock_write_type(z, pfn, *slot == MIGRATE_MOVABLE ? MIGRATE_RECLAIMABLE
								     : MIGRATE_MOVABLE);
		break;
	case PF_CORRUPT_NR_FREE:
		z->free_area[p->order].nr_free++;
		break;
	case PF_CORRUPT_NR_FREE_MT:
		z->free_area[p->order].nr_free_mt[p->list_mt]++;
		break;
	case PF_CORRUPT_FREE_PAGES:
		z->free_pages++;
		break;
	default:
		return PF_ENOTSUP;
	}
	touch_pfn(m, pfn);
	return 0;
}

/* A per-cpu head, its list's counters, and its pageblock. */
static int corrupt_pcp(struct alloc_machine *m, unsigned int what, unsigned long pfn)
{
	struct page *p = pfn_to_page(m, pfn);
	struct zone *z = page_zone(m, p);
	struct per_cpu_pages *pcp = &z->pcp[p->cpu];
	uint8_t *slot;

	switch (what) {
	case PF_CORRUPT_PCP_LINK:
		p->lru.next = &p->lru;
		break;
	case PF_CORRUPT_PCP_CPU:
		p->cpu = (uint8_t)((p->cpu + 1) % ALLOC_MAX_CPUS);
		break;
	case PF_CORRUPT_PCP_COUNT:
		pcp->count++;
		break;
	case PF_CORRUPT_PCP_HIGH:
		pcp->high = 0;
		break;
	case PF_CORRUPT_PCP_BATCH:
		pcp->batch = 0;
		break;
	case PF_CORRUPT_PCP_ISOLATED:
		slot = pageblock_slot(z, pfn);
		if (*slot == MIGRATE_ISOLATE)
			return PF_ENOENT;
		z->pageblock_saved_mt[slot - z->pageblock_mt] = *slot;
		pageblock_write_type(z, pfn, MIGRATE_ISOLATE);
		z->nr_isolate_pageblock++;
		break;
	default:
		return PF_ENOTSUP;
	}
	touch_pfn(m, pfn);
	return 0;
}

/* Counters and copies kept per zone. */
static int corrupt_zone(struct alloc_machine *m, unsigned int what, struct zone *z,
			unsigned long pfn)
{
	unsigned long t;

	switch (what) {
	case PF_CORRUPT_PAGEBLOCK_BAD:
		pageblock_write_type(z, pfn, NR_MIGRATETYPES + 1);
		break;
	case PF_CORRUPT_ISOLATE_COUNT:
		z->nr_isolate_pageblock++;
		break;
	case PF_CORRUPT_HIGHATOMIC_COUNT:
		z->nr_reserved_highatomic += m->pageblock_nr_pages;
		break;
	case PF_CORRUPT_PAGEBLOCK_ORDER:
		z->pageblock_order++;	/* larger: every slot it names stays in the array */
		break;
	case PF_CORRUPT_WATERMARKS:
		if (z->wmark[WMARK_MIN] == z->wmark[WMARK_HIGH])
			return PF_ENOENT;
		t = z->wmark[WMARK_MIN];
		z->wmark[WMARK_MIN] = z->wmark[WMARK_HIGH];
		z->wmark[WMARK_HIGH] = t;
		break;
	case PF_CORRUPT_LOWMEM_RESERVE:
		z->lowmem_reserve[NR_ZONE_TYPES - 1]++;
		break;
	case PF_CORRUPT_ZONE_PRESENT:
		z->present_pages = z->managed_pages - 1;
		break;
	case PF_CORRUPT_ZONE_SPAN:
		if (z->nr_isolate_pageblock)
			return PF_ENOENT;	/* the isolation check walks the span's pages */
		z->spanned_pages++;
		break;
	case PF_CORRUPT_ZONE_MANAGED:
		z->managed_pages++;
		break;
	default:
		return PF_ENOTSUP;
	}
	return 0;
}

/* A node's zonelists and the cpu -> node map. */
static int corrupt_node(struct alloc_machine *m, unsigned int what, int nid)
{
	struct zonelist *zl = &m->nodes[nid].zonelist_fallback;
	struct zone *z;
	unsigned int t = NR_ZONE_TYPES - 1;

	switch (what) {
	case PF_CORRUPT_ZONELIST_ORDER:
		if (zl->nr < 2 || zl->zones[0]->nid != zl->zones[1]->nid)
			return PF_ENOENT;
		z = zl->zones[0];
		zl->zones[0] = zl->zones[1];
		zl->zones[1] = z;
		return 0;
	case PF_CORRUPT_ZONELIST_DUP:
		if (zl->nr < 2)
			return PF_ENOENT;
		zl->zones[1] = zl->zones[0];
		return 0;
	case PF_CORRUPT_ZONELIST_FIRST:
		zl->first[t] = (uint8_t)(zl->first[t] == zl->nr ? 0 : zl->nr);
		return 0;
	case PF_CORRUPT_ZONELIST_PREFERRED:
		m->preferred_zone[nid][0][t] = m->preferred_zone[nid][0][t] ? NULL :
					       &m->nodes[nid].zones[0];
		return 0;
	case PF_CORRUPT_CPU_NODE:
		m->cpu_node[0] = (uint8_t)(m->cpu_node[0] + 1);
		return 0;
	case PF_CORRUPT_GROUPING:
		m->mobility_disabled = !m->mobility_disabled;
		return 0;
	}
	return PF_ENOTSUP;
}

/* The memory region holding @pfn's address, else the first. */
static unsigned long region_at(const struct memblock_type *t, unsigned long pfn)
{
	uint64_t addr = (uint64_t)pfn << PAGE_SHIFT;

	for (unsigned long i = 0; i < t->cnt; i++)
		if (t->regions[i].base <= addr && addr - t->regions[i].base < t->regions[i].size)
			return i;
	return 0;
}

/* Does `reserved` hold all of [base, base + bytes)?  (memblock.c's rule) */
static bool all_reserved(const struct memblock *mb, uint64_t base, uint64_t bytes)
{
	uint64_t end = base + bytes;

	for (unsigned long i = 0; i < mb->reserved.cnt && base < end; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (r->base + r->size <= base)
			continue;
		if (r->base > base)
			return false;
		base = r->base + r->size;
	}
	return base >= end;
}

/* A place for @grown's array that `reserved` does not hold; false if none of three. */
static bool unreserved_place(const struct memblock *mb, const struct memblock_type *grown,
			     uint64_t *base)
{
	const struct memblock_type *t = &mb->memory;
	uint64_t tries[3] = { t->regions[t->cnt - 1].base + t->regions[t->cnt - 1].size, 0,
			      1ULL << 62 };

	for (int i = 0; i < 3; i++)
		if (!all_reserved(mb, tries[i], grown->array_bytes))
			return *base = tries[i], true;
	return false;
}

/* The memblock's `memory` regions and the grown arrays. */
static int corrupt_memblock(struct alloc_machine *m, unsigned int what, unsigned long pfn)
{
	struct memblock *mb = &m->memblock;
	struct memblock_type *t = &mb->memory, *grown;
	unsigned long i = region_at(t, pfn);
	struct memblock_region *r = &t->regions[i], tmp;

	if (!t->cnt)
		return PF_ENOENT;
	if (what == PF_CORRUPT_MB_UNSORTED || what == PF_CORRUPT_MB_OVERLAP ||
	    what == PF_CORRUPT_MB_UNMERGED) {
		if (t->cnt < 2)
			return PF_ENOENT;
		if (i + 1 == t->cnt)
			r = &t->regions[--i];
	}
	grown = !mb->memory.host_static ? &mb->memory : !mb->reserved.host_static ?
		&mb->reserved : NULL;
	switch (what) {
	case PF_CORRUPT_MB_EMPTY:
		r->size = 0;
		return 0;
	case PF_CORRUPT_MB_OVERFLOW:
		if (!r->base)
			return PF_ENOENT;	/* no size takes [0, ...) past 2^64 */
		r->size = UINT64_MAX;
		return 0;
	case PF_CORRUPT_MB_UNSORTED:
		tmp = r[0];
		r[0] = r[1];
		r[1] = tmp;
		return 0;
	case PF_CORRUPT_MB_OVERLAP:
		r->size = r[1].base - r->base + PAGE_SIZE;
		return 0;
	case PF_CORRUPT_MB_UNMERGED:
		if (r->nid != r[1].nid || r->flags != r[1].flags)
			return PF_ENOENT;
		r->size = r[1].base - r->base;
		return 0;
	case PF_CORRUPT_MB_TOTAL:
		t->total_size += PAGE_SIZE;
		return 0;
	case PF_CORRUPT_MB_COUNT:
		t->cnt = t->max + 1;	/* the checker reads no further than max */
		return 0;
	case PF_CORRUPT_MB_ARRAY_SIZE:
		if (!grown)
			return PF_ENOENT;
		grown->array_bytes += PAGE_SIZE;
		return 0;
	case PF_CORRUPT_MB_ARRAY_PLACE:
		if (!grown)
			return PF_ENOENT;
		if (!mb->memory.host_static && !mb->reserved.host_static) {
			mb->memory.array_base = mb->reserved.array_base;	/* on each other */
			return 0;
		}
		/* a freed reservation lets the array lie anywhere (array_released) */
		if (grown->array_released || !unreserved_place(mb, grown, &grown->array_base))
			return PF_ENOENT;
		return 0;
	}
	return PF_ENOTSUP;
}

/* The page-level pieces: the kind of page each is taken from. */
static const uint8_t page_pick[PF_NR_CORRUPT] = {
	[PF_CORRUPT_FREE_LINK] = PICK_FREE + 1, [PF_CORRUPT_FREE_FLAG] = PICK_FREE + 1,
	[PF_CORRUPT_FREE_ORDER] = PICK_FREE + 1, [PF_CORRUPT_FREE_HEAD] = PICK_FREE_SPLITTABLE + 1,
	[PF_CORRUPT_FREE_ZONE] = PICK_FREE + 1, [PF_CORRUPT_FREE_SPLIT] = PICK_FREE_SPLITTABLE + 1,
	[PF_CORRUPT_FREE_TYPE] = PICK_FREE + 1, [PF_CORRUPT_FREE_MULTI] = PICK_FREE + 1,
	[PF_CORRUPT_FREE_MOVABLE] = PICK_FREE + 1, [PF_CORRUPT_NR_FREE] = PICK_FREE + 1,
	[PF_CORRUPT_NR_FREE_MT] = PICK_FREE + 1, [PF_CORRUPT_FREE_PAGES] = PICK_FREE + 1,
	[PF_CORRUPT_PCP_LINK] = PICK_PCP + 1, [PF_CORRUPT_PCP_CPU] = PICK_PCP + 1,
	[PF_CORRUPT_PCP_COUNT] = PICK_PCP + 1, [PF_CORRUPT_PCP_HIGH] = PICK_PCP + 1,
	[PF_CORRUPT_PCP_BATCH] = PICK_PCP + 1, [PF_CORRUPT_PCP_ISOLATED] = PICK_PCP + 1,
	[PF_CORRUPT_ISOLATE_SAVED] = PICK_ISOLATED + 1, [PF_CORRUPT_HOLE] = PICK_HOLE + 1,
	[PF_CORRUPT_RESERVED] = PICK_RESERVED + 1, [PF_CORRUPT_TAIL] = PICK_ALLOC_BIG + 1,
};

static int corrupt_page(struct alloc_machine *m, unsigned int what, unsigned long pfn)
{
	struct page *p = pfn_to_page(m, pfn);
	struct zone *z;

	switch (what) {
	case PF_CORRUPT_FREE_SPLIT:
		split_free_block(m, pfn);
		return 0;
	case PF_CORRUPT_FREE_TYPE:
	case PF_CORRUPT_NR_FREE:
	case PF_CORRUPT_NR_FREE_MT:
	case PF_CORRUPT_FREE_PAGES:
		return corrupt_free_zone(m, what, pfn);
	case PF_CORRUPT_PCP_LINK:
	case PF_CORRUPT_PCP_CPU:
	case PF_CORRUPT_PCP_COUNT:
	case PF_CORRUPT_PCP_HIGH:
	case PF_CORRUPT_PCP_BATCH:
	case PF_CORRUPT_PCP_ISOLATED:
		return corrupt_pcp(m, what, pfn);
	case PF_CORRUPT_ISOLATE_SAVED:
		z = pfn_zone(m, pfn);
		z->pageblock_saved_mt[pageblock_slot(z, pfn) - z->pageblock_mt] = MIGRATE_ISOLATE;
		return 0;
	case PF_CORRUPT_HOLE:
		p->flags = PG_BUDDY;
		return 0;
	case PF_CORRUPT_RESERVED:
		p->flags |= PG_HEAD;
		return 0;
	case PF_CORRUPT_TAIL:
		p[1].flags |= PG_HEAD;
		touch_pfn(m, pfn);
		return 0;
	}
	return corrupt_free_page(m, what, pfn);
}

/**
 * ref_corrupt - port_ops.corrupt of the reference port (see port.h).
 * @port: a booted instance
 * @what: enum pf_corrupt
 * @pfn: where to start looking for the piece
 * @where: the pfn of the block or page broken, ~0UL for a zone, node or
 *	memblock piece
 * Return: 0, PF_ENOENT (no such piece now), PF_ENOTSUP (unknown @what).
 */
int ref_corrupt(void *port, unsigned int what, unsigned long pfn, unsigned long *where)
{
	struct alloc_machine *m = ref_machine(port);
	unsigned long at;
	int err;

	*where = ~0UL;
	if (what >= PF_NR_CORRUPT)
		return PF_ENOTSUP;
	if (what >= PF_CORRUPT_MB_EMPTY)
		return corrupt_memblock(m, what, pfn);
	if (!m->booted || !m->memmap)
		return PF_ENOENT;
	if (page_pick[what]) {
		if (!pick(m, pfn, (enum pick)(page_pick[what] - 1), &at))
			return PF_ENOENT;
		err = corrupt_page(m, what, at);
		if (!err)
			*where = at;
		return err;
	}
	if (!pick(m, pfn, PICK_MANAGED, &at))
		return PF_ENOENT;
	err = corrupt_zone(m, what, pfn_zone(m, at), at);
	if (err == PF_ENOTSUP)
		err = corrupt_node(m, what, pfn_zone(m, at)->nid);
	return err;
}
