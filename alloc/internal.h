/* SPDX-License-Identifier: MIT */
/*
 * internal.h - types shared by the mechanism files of alloc/: struct page,
 * free areas, per-cpu lists, zones, nodes and the machine.  Invariants are
 * stated next to the fields they bind; each is verified by the checker at
 * the bottom of the file that owns the structure.
 */
#ifndef PAGEFUZZ_INTERNAL_H
#define PAGEFUZZ_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "alloc.h"
#include "debug.h"
#include "memblock.h"

#define NR_PAGE_ORDERS_LIMIT	(ALLOC_MAX_ORDER_LIMIT + 1)
#define PAGE_ALLOC_COSTLY_ORDER	3
#define NR_PCP_ORDERS		(PAGE_ALLOC_COSTLY_ORDER + 1)
#define NR_PCP_LISTS		(MIGRATE_PCPTYPES * NR_PCP_ORDERS)
#define MAX_ZONELIST		(ALLOC_MAX_NODES * NR_ZONE_TYPES)

/* ---- intrusive lists (head == empty list sentinel) ---- */
struct list_head {
	struct list_head *next, *prev;
};

static inline void list_init(struct list_head *h) { h->next = h; h->prev = h; }
static inline bool list_empty(const struct list_head *h) { return h->next == h; }
static inline void list_insert(struct list_head *n, struct list_head *prev,
			       struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}
static inline void list_add_head(struct list_head *n, struct list_head *h) { list_insert(n, h, h->next); }
static inline void list_add_tail(struct list_head *n, struct list_head *h) { list_insert(n, h->prev, h); }
/* Unlinked links are cleared (a stale walk then faults) unless checks are compiled out. */
static inline void list_del(struct list_head *n)
{
	struct list_head *next = n->next, *prev = n->prev;

	prev->next = next;
	next->prev = prev;
	if (ALLOC_CHECK_LEVEL > 0)
		n->next = n->prev = NULL;
}
/*
 * list_del() of the first entry of @h, which returns it: its prev is @h,
 * so the unlink's stores go to addresses known before the entry is read.
 */
static inline struct list_head *list_del_first(struct list_head *h)
{
	struct list_head *n = h->next, *next = n->next;

	debug_check_internal(n->prev == h);
	h->next = next;
	next->prev = h;
	if (ALLOC_CHECK_LEVEL > 0)
		n->next = n->prev = NULL;
	return n;
}
#define list_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* ---- struct page ---- */
#define PG_PRESENT	(1u << 0)	/* memory behind it; 0 flags == hole */
#define PG_RESERVED	(1u << 1)	/* present but never given to the buddy */
#define PG_BUDDY	(1u << 2)	/* head of a free block on zone->free_area[order] */
#define PG_PCP		(1u << 3)	/* head of a block on a per-cpu list */
#define PG_HEAD		(1u << 4)	/* head of a live allocation of `order` */
#define PG_MOVABLE	(1u << 5)	/* with PG_HEAD: allocated with __GFP_MOVABLE, may migrate */

/*
 * One per pfn in [memmap_start_pfn, memmap_end_pfn).  Only heads carry
 * state: a pfn inside a free or allocated block has none of
 * PG_BUDDY/PG_PCP/PG_HEAD.  For a head:
 *   PG_BUDDY: pfn % 2^order == 0, on zone->free_area[order].free_list[list_mt]
 *   PG_PCP:   on zone->pcp[cpu].lists[pcp_index(order, list_mt)]
 *   PG_HEAD:  allocated, 2^order pages; PG_MOVABLE too if its gfp was movable
 * and every page of the block has the head's zone_idx and nid.
 */
struct page {
	struct list_head lru;	/* link on a free list or per-cpu list (heads) */
	uint8_t flags;		/* PG_* */
	uint8_t order;		/* block order for heads */
	uint8_t list_mt;	/* migratetype of the list it is on */
	uint8_t zone_idx;	/* enum zone_type of its zone */
	uint8_t nid;		/* node */
	uint8_t cpu;		/* PG_PCP: owning cpu */
	/*
	 * Present pages of a zone: == get_pageblock_migratetype(zone, pfn),
	 * a copy kept by every write of the zone's type (pageblock.c), so the
	 * free path reads its pageblock's type off the page itself.
	 */
	uint8_t pageblock_mt;
	uint8_t unused;
};

/*
 * nr_free == Σ_mt nr_free_mt[mt] == number of PG_BUDDY heads of this order
 * in the zone; nr_free_mt[mt] == length of free_list[mt].
 */
struct free_area {
	struct list_head free_list[NR_MIGRATETYPES];
	unsigned long nr_free;			/* blocks */
	unsigned long nr_free_mt[NR_MIGRATETYPES];	/* blocks per list */
};

/* count == Σ over lists of 2^order per block; high == 0 disables caching. */
struct per_cpu_pages {
	unsigned long count;		/* pages */
	unsigned int high;		/* pages */
	unsigned int batch;		/* pages */
	struct list_head lists[NR_PCP_LISTS];
};

enum zone_watermarks { WMARK_MIN, WMARK_LOW, WMARK_HIGH, NR_WMARK };

/*
 * The kernel's compact_* vmstat events, per zone (pages unless named
 * otherwise); `last` is 1 + the outcome of the latest run (enum
 * compact_result), 0 before any run.
 */
struct compact_stats {
	unsigned long migrate_scanned;	/* pages the migrate scanner looked at */
	unsigned long free_scanned;	/* pages the free scanner looked at */
	unsigned long isolated;		/* pages taken off lists by either scanner */
	unsigned long migrated;		/* pages moved (pgmigrate_success) */
	unsigned long migrate_refused;	/* pages whose owner refused (pgmigrate_fail) */
	unsigned long stall;		/* direct compaction runs */
	unsigned long success;		/* runs that ended with the block free */
	unsigned long fail;		/* runs that scanned everything without it */
	unsigned long skipped;		/* runs compaction_suitable() refused */
	int last;			/* 1 + enum compact_result; 0: never ran */
	/* deferral of direct compaction after failures (defer_compaction()) */
	unsigned int considered;	/* direct attempts since the last failure */
	unsigned int defer_shift;	/* skip up to 1 << defer_shift attempts */
	unsigned int order_failed;	/* orders below this are never deferred */
};

/*
 * A zone of one node.  managed <= present <= spanned;
 * free_pages + isolated_free == Σ_order Σ_mt nr_free_mt[mt] << order,
 * where isolated_free counts the MIGRATE_ISOLATE lists;
 * pcp pages are neither free in the buddy nor allocated.
 */
struct zone {
	struct alloc_machine *machine;
	int nid;
	enum zone_type idx;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long free_pages;		/* NR_FREE_PAGES */
	unsigned long isolated_free;		/* pages on MIGRATE_ISOLATE lists */
	unsigned long nr_reserved_highatomic;	/* pages */
	unsigned long wmark[NR_WMARK];		/* pages */
	unsigned long lowmem_reserve[NR_ZONE_TYPES]; /* pages */
	/*
	 * One migratetype byte per pageblock overlapping the span, from
	 * pageblock_base_pfn (zone_start_pfn rounded down to a pageblock).
	 * Per zone, as with FLATMEM's zone->pageblock_flags, so interleaved
	 * nodes never share a pageblock's type.
	 */
	uint8_t *pageblock_mt;
	/* type before isolation, for each pageblock whose type is ISOLATE */
	uint8_t *pageblock_saved_mt;
	unsigned long pageblock_base_pfn;
	unsigned long nr_pageblocks;
	unsigned long nr_isolate_pageblock;	/* pageblocks of type ISOLATE */
	struct compact_stats compact;
	unsigned int pageblock_order;	/* the machine's, kept here: a constant in the kernel */
	struct free_area free_area[NR_PAGE_ORDERS_LIMIT];
	/*
	 * nr_cpus sets, one per cpu (zone->per_cpu_pageset, alloc_percpu() in
	 * setup_zone_pageset()): they follow the nodes in alloc_create()'s
	 * allocation, so a machine of fewer cpus zeroes less.
	 */
	struct per_cpu_pages *pcp;
};

static inline bool zone_populated(const struct zone *z) { return z->present_pages != 0; }
static inline bool zone_managed(const struct zone *z) { return z->managed_pages != 0; }
static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}
static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}

/*
 * zones in allocation order; the walk stops at nr.  first[t] caches what
 * first_zones_zonelist() finds for highest_zoneidx t: the position of the
 * first zone of type <= t, nr when there is none (the kernel reads it off
 * the zonerefs' cached zone_idx; here it is computed once per list).
 */
struct zonelist {
	struct zone *zones[MAX_ZONELIST];
	unsigned int nr;
	uint8_t first[NR_ZONE_TYPES];
};

struct pglist_data {
	int nid;
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;
	struct zone zones[NR_ZONE_TYPES];
	struct zonelist zonelist_fallback;	/* all nodes, by distance */
	struct zonelist zonelist_nofallback;	/* this node only (__GFP_THISNODE) */
};

/*
 * A gfp class: the bits gfp_zone() and gfp_migratetype() read (the zone
 * modifiers DMA, HIGHMEM, DMA32, MOVABLE and the mobility bits MOVABLE,
 * RECLAIMABLE), bits 0..4 of a mask.  Its byte in the machine holds the
 * highest zone in bits 0..1 and the migratetype above them, or
 * GFP_CLASS_BAD when either function refuses the mask.
 */
#define GFP_CLASS_MASK	0x1fu
#define GFP_CLASS_BAD	0xffu
#define GFP_CLASS_ZONE(c)	((int)((c) & 3u))
#define GFP_CLASS_MT(c)		((int)((c) >> 2))

/* Pfns whose blocks an op put on or took off lists; read by alloc_check_touched(). */
#define TOUCH_LOG_SIZE 64
struct touch_log {
	unsigned long pfn[TOUCH_LOG_SIZE];
	unsigned int nr;
	bool overflow;			/* more than TOUCH_LOG_SIZE: do a full walk */
};

struct alloc_machine {
	struct alloc_config cfg;
	bool booted;
	bool mobility_disabled;		/* page_group_by_mobility_disabled */
	unsigned int max_order;		/* cfg.max_order */
	unsigned int pageblock_order;	/* cfg.pageblock_order */
	unsigned long pageblock_nr_pages;
	unsigned long min_free_kbytes;	/* effective value */

	struct memblock memblock;
	bool zones_set;
	unsigned long max_zone_pfn[3];	/* DMA, DMA32, Normal */
	bool has_movable;
	unsigned long movable_start_pfn;

	/* memmap: pfn_to_page(pfn) == &memmap[pfn - memmap_start_pfn] */
	struct page *memmap;
	unsigned long memmap_start_pfn;
	unsigned long memmap_end_pfn;
	/*
	 * The address pfn 0's struct page would have, (uintptr_t)memmap -
	 * memmap_start_pfn * sizeof(struct page) (memmap_set_base()), as
	 * FLATMEM's mem_map - ARCH_PFN_OFFSET: pfn_to_page() and
	 * page_to_pfn() are then one multiply and one add, no subtraction
	 * of the start pfn (checked as memmap.base).
	 */
	uintptr_t memmap_base;

	struct pglist_data *nodes;	/* cfg.nr_nodes entries */
	/*
	 * Every zone's per-cpu sets, one block after the nodes: zone t of
	 * node nid has its nr_cpus sets at pcp_sets + (nid * NR_ZONE_TYPES +
	 * t) * nr_cpus (== zone->pcp), pcp_zone_bytes apart, so the free path
	 * finds a page's set by arithmetic on its nid and zone_idx
	 * (page_pcp()) instead of loading zone->pcp (pcp.layout).
	 */
	struct per_cpu_pages *pcp_sets;
	size_t pcp_zone_bytes;		/* nr_cpus * sizeof(struct per_cpu_pages) */
	uint8_t cpu_node[ALLOC_MAX_CPUS];	/* cpu_to_node(): cpu % nr_nodes, set at boot */
	/*
	 * preferred_zone[nid][thisnode][t]: the zone at first[t] of node nid's
	 * fallback (thisnode 0) or __GFP_THISNODE list, NULL when first[t] ==
	 * nr; one load for the fast path instead of three (zonelist_build()).
	 */
	struct zone *preferred_zone[ALLOC_MAX_NODES][2][NR_ZONE_TYPES];
	/* preferred_pcp[nid][thisnode][t]: that zone's per-cpu sets (zone->pcp), NULL with it */
	struct per_cpu_pages *preferred_pcp[ALLOC_MAX_NODES][2][NR_ZONE_TYPES];
	/*
	 * gfp_class[gfp & GFP_CLASS_MASK]: gfp_zone() and gfp_migratetype()
	 * of the zone modifiers and mobility bits in one byte
	 * (gfp_class_build(), with the zonelists: grouping by mobility is
	 * decided by then), so the fast path derives both with one load.
	 */
	uint8_t gfp_class[GFP_CLASS_MASK + 1];
	FILE *report;
	/* the owner of the pages: every migration asks it first (NULL: none moves) */
	alloc_migrate_fn migrate;
	void *migrate_ctx;
	unsigned int nr_warned;		/* failure reports printed (warn_alloc's ratelimit) */
	struct touch_log touched;
};

/* ---- memmap.c ---- */
int memmap_init(struct alloc_machine *m, unsigned long start_pfn, unsigned long end_pfn);
void memmap_release(struct alloc_machine *m);
static inline bool pfn_in_memmap(const struct alloc_machine *m, unsigned long pfn)
{
	return pfn >= m->memmap_start_pfn && pfn < m->memmap_end_pfn;
}
static inline void memmap_set_base(struct alloc_machine *m)
{
	m->memmap_base = (uintptr_t)m->memmap - m->memmap_start_pfn * sizeof(struct page);
}
/* Integer arithmetic: the base itself may point outside any object. */
static inline struct page *pfn_to_page(const struct alloc_machine *m, unsigned long pfn)
{
	return (struct page *)(m->memmap_base + pfn * sizeof(struct page));
}
static inline unsigned long page_to_pfn(const struct alloc_machine *m, const struct page *page)
{
	return ((uintptr_t)page - m->memmap_base) / sizeof(struct page);
}
static inline struct zone *page_zone(struct alloc_machine *m, const struct page *page)
{
	return &m->nodes[page->nid].zones[page->zone_idx];
}
/* A zone's number in m->pcp_sets: nid * NR_ZONE_TYPES + zone type. */
static inline size_t page_zone_nr(const struct page *page)
{
	return (size_t)page->nid * NR_ZONE_TYPES + page->zone_idx;
}
/* The per-cpu set of @cpu in zone number @zone_nr, without loading zone->pcp. */
static inline __attribute__((always_inline)) struct per_cpu_pages *
zone_nr_pcp(const struct alloc_machine *m, size_t zone_nr, unsigned int cpu)
{
	return (struct per_cpu_pages *)((char *)&m->pcp_sets[cpu] + zone_nr * m->pcp_zone_bytes);
}
/* &page_zone(m, page)->pcp[cpu] (see pcp_sets). */
static inline __attribute__((always_inline)) struct per_cpu_pages *
page_pcp(const struct alloc_machine *m, const struct page *page, unsigned int cpu)
{
	return zone_nr_pcp(m, page_zone_nr(page), cpu);
}
/*
 * value_opaque - hide what the compiler knows of @x (an empty asm that
 * "changes" it), so that after a test `x == y` it keeps using x rather
 * than substituting y: a guessed value that a branch confirmed stays
 * independent of what the guess was checked against.
 */
#define value_opaque(x) __asm__("" : "+r"(x))
/*
 * What the one walk of the memmap counts for the zone and buddy checkers,
 * so a full check reads every struct page once.
 */
struct memmap_census {
	unsigned long managed[ALLOC_MAX_NODES][NR_ZONE_TYPES];		/* present, unreserved */
	unsigned long buddy_heads[ALLOC_MAX_NODES][NR_ZONE_TYPES];	/* PG_BUDDY heads */
};
bool memmap_check_base(struct alloc_machine *m, struct check_ctx *ctx);
unsigned int memmap_check(struct alloc_machine *m, struct check_ctx *ctx,
			  struct memmap_census *census);
bool memmap_check_pageblock_mt(struct alloc_machine *m, unsigned long pfn, struct check_ctx *ctx);

/* ---- mm_init.c: zone sizing and hand-over ---- */
int mm_init_zones(struct alloc_machine *m);
void mm_free_all(struct alloc_machine *m);
unsigned int zone_check(struct alloc_machine *m, struct check_ctx *ctx,
			const struct memmap_census *census);

/* ---- pageblock.c ---- */
/* @pfn must lie in the zone's span. */
static inline __attribute__((always_inline)) uint8_t *
pageblock_slot(const struct zone *z, unsigned long pfn)
{
	unsigned int shift = z->pageblock_order;

	return &z->pageblock_mt[(pfn >> shift) - (z->pageblock_base_pfn >> shift)];
}
static inline __attribute__((always_inline)) int
get_pageblock_migratetype(const struct zone *z, unsigned long pfn)
{
	return *pageblock_slot(z, pfn);
}
void set_pageblock_migratetype(struct zone *z, unsigned long pfn, int mt);
/* the pageblock holding @pfn becomes exactly @mt (no grouping conversion) */
void pageblock_set_type(struct zone *z, unsigned long pfn, int mt);
/* The raw store of a pageblock's type and its pages' copies; no checks, any byte. */
void pageblock_write_type(struct zone *z, unsigned long pfn, uint8_t mt);
/* retype every pageblock of [pfn, pfn + 2^order) that lies in the zone */
void set_pageblock_range(struct zone *z, unsigned long pfn, unsigned int order, int mt);
int pageblock_init(struct alloc_machine *m);
void pageblock_release(struct alloc_machine *m);
/* fallbacks[mt][i]: the kernel's fallback order for the three mergeable types */
extern const int pageblock_fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1];
bool pageblock_can_steal(const struct alloc_machine *m, unsigned int order, int start_mt);
unsigned int pageblock_check(struct alloc_machine *m, struct check_ctx *ctx);

/* ---- buddy.c ---- */
/* Pageblock types whose blocks merge with each other's (below ISOLATE, HIGHATOMIC). */
static inline bool mt_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

/* page_is_buddy(): a free head of @order in the same zone of the same node. */
static inline bool page_is_buddy(const struct zone *zone, const struct page *buddy,
				 unsigned int order)
{
	return (buddy->flags & PG_BUDDY) && buddy->order == order &&
	       buddy->nid == zone->nid && buddy->zone_idx == zone->idx;
}

void buddy_free(struct zone *zone, unsigned long pfn, unsigned int order, int mt, bool to_tail);
long buddy_free_pcp_list(struct zone *zone, unsigned int cpu, struct list_head *list,
			 unsigned int order, long count);
bool buddy_take(struct zone *zone, unsigned int order, int mt, unsigned int alloc_flags,
		unsigned long *pfn);
unsigned int buddy_take_bulk(struct zone *zone, unsigned int cpu, unsigned int order, int mt,
			     unsigned int alloc_flags, unsigned int n);
bool buddy_rmqueue(struct zone *zone, unsigned int order, int mt, unsigned int alloc_flags,
		   unsigned long *pfn);
unsigned long buddy_move_freepages_block(struct zone *zone, unsigned long pfn, int mt,
					 unsigned long *movable_pages);
void buddy_reserve_highatomic(struct zone *zone, unsigned long pfn, unsigned int order);
bool buddy_unreserve_highatomic(struct zone *zone, int mt, bool force);
bool buddy_types_uniform(const struct zone *zone, unsigned long pfn, unsigned int order, int mt);
/* Raw list operations for compaction.c and isolation.c (no merging). */
void buddy_del_block(struct zone *zone, struct page *page);
/* Split a free block of order > pageblock_order holding @pfn into pageblocks. */
void buddy_split_large(struct zone *zone, unsigned long pfn, unsigned long *lo,
		       unsigned long *hi);
bool buddy_block_available(const struct zone *zone, unsigned int order, int mt);
/* buddy_check.c */
unsigned int buddy_check(struct alloc_machine *m, struct check_ctx *ctx,
			 const struct memmap_census *census);
unsigned int buddy_check_block(struct alloc_machine *m, unsigned long pfn, struct check_ctx *ctx);
void buddy_check_counters(struct zone *zone, struct check_ctx *ctx);
static inline void touch_pfn(struct alloc_machine *m, unsigned long pfn)
{
	struct touch_log *t = &m->touched;

	if (ALLOC_CHECK_LEVEL == 0)
		return;
	if (t->nr < TOUCH_LOG_SIZE)
		t->pfn[t->nr++] = pfn;
	else
		t->overflow = true;
}

/* ---- pcp.c ---- */
static inline unsigned int pcp_index(unsigned int order, int mt)
{
	return order * MIGRATE_PCPTYPES + (unsigned int)mt;
}
void pcp_setup(struct alloc_machine *m);
/* pcp_allowed_order() and an enabled cache */
static inline bool pcp_usable(const struct zone *zone, unsigned int cpu, unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER && zone->pcp[cpu].high > 0;
}
void pcp_refill(struct zone *zone, unsigned int cpu, unsigned int order, int mt,
		unsigned int alloc_flags);
int pcp_spill(struct zone *zone, unsigned int cpu, unsigned int order, int mt);

/*
 * Link a block onto a list of @pcp, @cpu's set (head or tail), as a PG_PCP
 * head; its page->order must be @order already.
 */
static inline __attribute__((always_inline)) void
pcp_link(struct per_cpu_pages *pcp, unsigned int cpu, struct page *page, unsigned int order,
	 int mt, bool tail)
{
	struct list_head *list = &pcp->lists[pcp_index(order, mt)];

	if (tail)
		list_add_tail(&page->lru, list);
	else
		list_add_head(&page->lru, list);
	page->flags |= PG_PCP;
	page->list_mt = (uint8_t)mt;
	page->cpu = (uint8_t)cpu;
	pcp->count += 1UL << order;
}

/* pcp_link() onto the zone's set of @cpu, logged as touched. */
static inline __attribute__((always_inline)) void
pcp_add(struct zone *zone, unsigned int cpu, struct page *page, unsigned long pfn,
			   unsigned int order, int mt, bool tail)
{
	page->order = (uint8_t)order;
	pcp_link(&zone->pcp[cpu], cpu, page, order, mt, tail);
	touch_pfn(zone->machine, pfn);
}

/* Unlink a cached block of @m (zone->machine); its pfn. */
static inline __attribute__((always_inline)) unsigned long
pcp_del(struct alloc_machine *m, struct zone *zone, unsigned int cpu, struct page *page)
{
	unsigned long pfn = page_to_pfn(m, page);

	list_del(&page->lru);
	page->flags &= (uint8_t)~PG_PCP;
	zone->pcp[cpu].count -= 1UL << page->order;
	touch_pfn(m, pfn);
	return pfn;
}

/**
 * pcp_alloc - rmqueue_pcplist(): a block from @cpu's list, refilled if empty.
 * @zone: zone
 * @cpu: cpu
 * @order: 0..PAGE_ALLOC_COSTLY_ORDER
 * @mt: UNMOVABLE, MOVABLE or RECLAIMABLE
 * @alloc_flags: ALLOC_* for the refill
 * @pfn: the block's head
 * Return: true on success.  Inline: a hit is a list pop (__rmqueue_pcplist()).
 */
static inline __attribute__((always_inline)) bool
pcp_alloc(struct zone *zone, unsigned int cpu, unsigned int order, int mt,
			     unsigned int alloc_flags, unsigned long *pfn)
{
	struct list_head *list = &zone->pcp[cpu].lists[pcp_index(order, mt)];

	if (__builtin_expect(list_empty(list), 0)) {
		pcp_refill(zone, cpu, order, mt, alloc_flags);
		if (list_empty(list))
			return false;
	}
	*pfn = pcp_del(zone->machine, zone, cpu, list_entry(list->next, struct page, lru));
	return true;
}

/* free_unref_page_commit(): a free that leaves the cpu at high or above spills */
static inline bool pcp_over_high(const struct per_cpu_pages *pcp)
{
	return pcp->count >= pcp->high;
}

/**
 * pcp_free - free_unref_page_commit(): cache a freed block, spilling
 * `batch` pages once the cpu holds `high` (pcp_spill(), out of line).
 * @zone: zone of the block
 * @cpu: freeing cpu
 * @page: pfn_to_page(@pfn)
 * @pfn: head
 * @order: 0..PAGE_ALLOC_COSTLY_ORDER
 * @mt: its pageblock's type (ISOLATE bypasses the cache, HIGHATOMIC and
 *      CMA are cached on the MOVABLE list)
 */
static inline __attribute__((always_inline)) void
pcp_free(struct zone *zone, unsigned int cpu, struct page *page, unsigned long pfn,
			    unsigned int order, int mt)
{
	if (__builtin_expect(mt >= MIGRATE_PCPTYPES, 0)) {
		if (mt == MIGRATE_ISOLATE) {
			buddy_free(zone, pfn, order, mt, false);
			return;
		}
		mt = MIGRATE_MOVABLE;
	}
	pcp_add(zone, cpu, page, pfn, order, mt, false);
	if (__builtin_expect(pcp_over_high(&zone->pcp[cpu]), 0))
		pcp_spill(zone, cpu, order, mt);
}
void pcp_drain_zone(struct zone *zone, unsigned int cpu);
void pcp_drain_all(struct alloc_machine *m);
unsigned int pcp_check(struct alloc_machine *m, struct check_ctx *ctx);

/* ---- watermark.c ---- */
/* ALLOC_* flags of mm/internal.h; the low bits select a watermark */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08
#define ALLOC_NON_BLOCK		0x10
#define ALLOC_MIN_RESERVE	0x20
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100
#define ALLOC_HIGHATOMIC	0x200
#define ALLOC_KSWAPD		0x800
#define ALLOC_RESERVES		(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)
void wmark_setup(struct alloc_machine *m);
bool wmark_ok(const struct zone *zone, unsigned int order, unsigned long mark,
	      int highest_zoneidx, unsigned int alloc_flags, long free_pages);
/* __zone_watermark_ok(): the rule of wmark_ok() (watermark.c), inline. */
static inline __attribute__((always_inline)) bool
zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
		  int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	unsigned long min = mark, limit;
	unsigned int o, max_order = z->machine->max_order;
	int mt;

	debug_check(highest_zoneidx >= 0 && highest_zoneidx < NR_ZONE_TYPES);
	debug_check(order <= max_order);

	free_pages -= (1L << order) - 1;
	if (!(alloc_flags & ALLOC_RESERVES))
		free_pages -= (long)z->nr_reserved_highatomic;

	if (alloc_flags & ALLOC_MIN_RESERVE) {
		min -= min / 2;
		if (alloc_flags & ALLOC_NON_BLOCK)
			min -= min / 4;
	}
	if (alloc_flags & ALLOC_OOM)
		min -= min / 2;

	limit = min + z->lowmem_reserve[highest_zoneidx];
	if (limit < min)
		limit = ~0UL;
	if (free_pages <= 0 || (unsigned long)free_pages <= limit)
		return false;
	if (order == 0)
		return true;

	for (o = order; o <= max_order; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (area->nr_free_mt[mt])
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    area->nr_free_mt[MIGRATE_HIGHATOMIC])
			return true;
	}
	return false;
}
unsigned int wmark_check(struct alloc_machine *m, struct check_ctx *ctx);

/* ---- zonelist.c ---- */
void zonelist_build(struct alloc_machine *m);
int node_distance(const struct alloc_machine *m, int from, int to);
unsigned int zonelist_check(struct alloc_machine *m, struct check_ctx *ctx);

/* ---- compaction.c ---- */
enum compact_result {
	COMPACT_SKIPPED,	/* compaction_suitable(): too few free pages */
	COMPACT_NOT_FRAGMENTED,	/* fragmentation index: failure would be lack of memory */
	COMPACT_SUCCESS,	/* a free block of the order is on a suitable list */
	COMPACT_COMPLETE,	/* the scanners met without making one */
	NR_COMPACT_RESULTS
};
enum compact_result compact_zone(struct zone *zone, unsigned int order, int mt,
				 bool direct);
const char *compact_result_name(int result);
/* move one movable allocation to @new_pfn (a block the caller took off the lists) */
bool compact_migrate_block(struct zone *zone, unsigned long old_pfn, unsigned long new_pfn);

/* ---- isolation.c ---- */
unsigned int isolation_check(struct alloc_machine *m, struct check_ctx *ctx);

/* ---- page_alloc.c ---- */
int gfp_zone(uint32_t gfp);		/* enum zone_type, or -1 for GFP_ZONE_BAD */
int gfp_migratetype(const struct alloc_machine *m, uint32_t gfp);
void gfp_class_build(struct alloc_machine *m);
unsigned int gfp_class_check(struct alloc_machine *m, struct check_ctx *ctx);

/*
 * The zone that owns a present pfn's struct page, or NULL for a hole or a
 * page in no zone (present past the last zone: reserved, zone_idx out of range).
 */
static inline struct zone *pfn_zone(struct alloc_machine *m, unsigned long pfn)
{
	const struct page *p;

	if (!pfn_in_memmap(m, pfn))
		return NULL;
	p = pfn_to_page(m, pfn);
	if (!(p->flags & PG_PRESENT) || p->zone_idx >= NR_ZONE_TYPES || p->nid >= m->cfg.nr_nodes)
		return NULL;
	return page_zone(m, p);
}

/* ---- helpers ---- */
#define for_each_node(m, nid) for ((nid) = 0; (nid) < (int)(m)->cfg.nr_nodes; (nid)++)
#define for_each_zone_type(z) for ((z) = 0; (z) < NR_ZONE_TYPES; (z)++)
static inline unsigned long min_ul(unsigned long a, unsigned long b) { return a < b ? a : b; }
static inline unsigned long max_ul(unsigned long a, unsigned long b) { return a > b ? a : b; }

#endif /* PAGEFUZZ_INTERNAL_H */
