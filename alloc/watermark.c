// SPDX-License-Identifier: MIT
/*
 * watermark.c - per-zone min/low/high watermarks, lowmem_reserve
 * ("protection") and the watermark test every allocation passes.
 *
 * Modelled on mm/page_alloc.c (v6.1-v6.5): calculate_min_free_kbytes(),
 * __setup_per_zone_wmarks(), setup_per_zone_lowmem_reserve() (the form
 * after f7ec104458e0) and __zone_watermark_ok().
 *
 * Owns: for every zone, min <= low <= high, each a function of the zone's
 * managed pages, the machine's total managed pages and min_free_kbytes;
 * lowmem_reserve[j] a function of the managed pages of the zones above.
 * wmark_check() recomputes both from the current counts, so any change of
 * managed pages must be followed by wmark_setup().
 *
 * Not modelled: watermark boosting and kswapd (boost is always 0), the
 * promo watermark, highmem zones, CMA pages (none exist, so the CMA
 * subtraction and the ALLOC_CMA free-list test fall away), unaccepted
 * memory, and the v6.6 cap of ZONE_MOVABLE's min watermark: here every
 * zone, Movable included, gets its proportional share of min_free_kbytes,
 * as up to v6.5.
 */
#include <stdint.h>
#include "internal.h"

#define WMARK_SCALE_FACTOR	10	/* watermark_scale_factor, in 1/10000 */
#define MIN_FREE_KBYTES_FLOOR	128
#define MIN_FREE_KBYTES_CEIL	262144

/* sysctl_lowmem_reserve_ratio[] defaults; 0 means "no protection". */
static const unsigned long lowmem_reserve_ratio[NR_ZONE_TYPES] = {
	[ZONE_DMA] = 256,
	[ZONE_DMA32] = 256,
	[ZONE_NORMAL] = 32,
	[ZONE_MOVABLE] = 0,
};

/* floor(sqrt(x)) by Newton's iteration; the estimate falls monotonically. */
static unsigned long wmark_int_sqrt(unsigned long x)
{
	unsigned long r, next;

	if (x < 2)
		return x;
	r = x;
	next = (x >> 1) + (x & 1);
	while (next < r) {
		r = next;
		next = (r + x / r) >> 1;
	}
	return r;
}

/*
 * The kernel's nr_free_buffer_pages(): Σ over the zones a GFP_USER
 * allocation may use (index <= ZONE_NORMAL, every node) of the pages above
 * the high watermark.  At first boot every high watermark is still 0, so
 * this is plain managed pages; ZONE_MOVABLE never counts.
 */
static unsigned long wmark_buffer_pages(const struct alloc_machine *m)
{
	unsigned long nr_pages = 0;
	int nid, zt;

	for_each_node(m, nid) {
		for (zt = 0; zt <= ZONE_NORMAL; zt++) {
			const struct zone *z = &m->nodes[nid].zones[zt];

			if (z->managed_pages > z->wmark[WMARK_HIGH])
				nr_pages += z->managed_pages - z->wmark[WMARK_HIGH];
		}
	}
	return nr_pages;
}

/* calculate_min_free_kbytes(): sqrt(16 * lowmem KiB), clamped. */
static unsigned long wmark_auto_min_free_kbytes(const struct alloc_machine *m)
{
	unsigned long lowmem_kbytes = wmark_buffer_pages(m) << (PAGE_SHIFT - 10);
	unsigned long kbytes = wmark_int_sqrt(lowmem_kbytes * 16);

	if (kbytes < MIN_FREE_KBYTES_FLOOR)
		return MIN_FREE_KBYTES_FLOOR;
	if (kbytes > MIN_FREE_KBYTES_CEIL)
		return MIN_FREE_KBYTES_CEIL;
	return kbytes;
}

/* Σ managed pages over every zone of every node (the share denominator). */
static unsigned long wmark_lowmem_pages(const struct alloc_machine *m)
{
	unsigned long nr_pages = 0;
	int nid, zt;

	for_each_node(m, nid)
		for_each_zone_type(zt)
			nr_pages += m->nodes[nid].zones[zt].managed_pages;
	return nr_pages;
}

/*
 * The three watermarks __setup_per_zone_wmarks() gives @z: min is the
 * zone's share of min_free_kbytes; low and high add one and two steps of
 * max(min/4, managed * scale / 10000).
 */
static void wmark_expected(const struct alloc_machine *m, const struct zone *z,
			   unsigned long lowmem_pages, unsigned long out[NR_WMARK])
{
	uint64_t pages_min = m->min_free_kbytes >> (PAGE_SHIFT - 10);
	uint64_t share = 0, step;

	if (lowmem_pages)
		share = pages_min * z->managed_pages / lowmem_pages;
	step = (uint64_t)z->managed_pages * WMARK_SCALE_FACTOR / 10000;
	if ((share >> 2) > step)
		step = share >> 2;
	out[WMARK_MIN] = (unsigned long)share;
	out[WMARK_LOW] = (unsigned long)(share + step);
	out[WMARK_HIGH] = (unsigned long)(share + 2 * step);
}

/*
 * setup_per_zone_lowmem_reserve() for one entry: zone @i of @pgdat keeps
 * back, from allocations that may use zones up to @j, the managed pages of
 * zones i+1..j divided by ratio[i].  Empty zones in between still add
 * their (zero) pages; an unmanaged zone @i or a zero ratio protects nothing.
 */
static unsigned long wmark_expected_reserve(const struct pglist_data *pgdat, int i, int j)
{
	unsigned long upper_pages = 0;
	int k;

	if (j <= i || !lowmem_reserve_ratio[i] || !zone_managed(&pgdat->zones[i]))
		return 0;
	for (k = i + 1; k <= j; k++)
		upper_pages += pgdat->zones[k].managed_pages;
	return upper_pages / lowmem_reserve_ratio[i];
}

/**
 * wmark_setup - (re)compute min_free_kbytes, watermarks and lowmem_reserve.
 * @m: machine whose zones' managed_pages are final for now
 *
 * Follows init_per_zone_wmark_min(): calculate_min_free_kbytes() when
 * cfg.min_free_auto (else the configured value), then
 * __setup_per_zone_wmarks() and setup_per_zone_lowmem_reserve().  Call it
 * again after any change of managed pages; a repeat call sees the current
 * high watermarks in the auto formula, as the kernel's hotplug path does.
 */
void wmark_setup(struct alloc_machine *m)
{
	unsigned long lowmem_pages;
	int nid, zt, j;

	if (m->cfg.min_free_auto)
		m->min_free_kbytes = wmark_auto_min_free_kbytes(m);
	else
		m->min_free_kbytes = m->cfg.min_free_kbytes;

	lowmem_pages = wmark_lowmem_pages(m);
	for_each_node(m, nid) {
		struct pglist_data *pgdat = &m->nodes[nid];

		for_each_zone_type(zt) {
			struct zone *z = &pgdat->zones[zt];

			wmark_expected(m, z, lowmem_pages, z->wmark);
			for_each_zone_type(j)
				z->lowmem_reserve[j] = wmark_expected_reserve(pgdat, zt, j);
		}
	}
}

/**
 * wmark_ok - __zone_watermark_ok(): may @z serve an allocation now?
 * @z: the zone
 * @order: order of the request, <= max_order
 * @mark: watermark in pages (usually z->wmark[alloc_flags & ALLOC_WMARK_MASK])
 * @highest_zoneidx: highest zone the request may use; picks lowmem_reserve[]
 * @alloc_flags: ALLOC_* flags
 * @free_pages: the zone's free pages as the caller sees them
 *
 * Free pages that the request may not touch (the tail of its own block and,
 * unless ALLOC_RESERVES, the highatomic reserve) are taken off first;
 * ALLOC_MIN_RESERVE halves the mark, ALLOC_NON_BLOCK on top of it takes a
 * further quarter, and ALLOC_OOM halves what is left.  The request fails
 * when the remainder is at or below mark + lowmem_reserve.  An order > 0
 * request also needs a free block of at least its order on a list it may
 * use.  Arithmetic saturates: a mark + reserve beyond the range of long
 * fails every request instead of wrapping around to pass it.
 *
 * The rule itself is zone_watermark_ok() in internal.h, inline so that
 * the per-cpu fast path folds its constant flags; this is its copy for
 * every other caller.
 *
 * Return: true if the allocation may proceed.
 */
bool wmark_ok(const struct zone *z, unsigned int order, unsigned long mark,
	      int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	return zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags, free_pages);
}

/* ------------------------------------------------------------------------
 * Consistency checks
 * ------------------------------------------------------------------------ */

static const char *const wmark_ids[NR_WMARK] = {
	[WMARK_MIN] = "wmark.min",
	[WMARK_LOW] = "wmark.low",
	[WMARK_HIGH] = "wmark.high",
};
static const char *const wmark_names[NR_WMARK] = { "min", "low", "high" };

/* One zone: stored watermarks and protection against the recomputed ones. */
CHECK_WALK
static void wmark_check_zone(struct alloc_machine *m, int nid, int zt,
			     unsigned long lowmem_pages, struct check_ctx *ctx)
{
	const struct pglist_data *pgdat = &m->nodes[nid];
	const struct zone *z = &pgdat->zones[zt];
	const char *name = alloc_zone_name(zt);
	unsigned long want[NR_WMARK], reserve;
	int w, j;

	wmark_expected(m, z, lowmem_pages, want);
	for (w = 0; w < NR_WMARK && !check_full(ctx); w++)
		if (z->wmark[w] != want[w])
			check_report(ctx, wmark_ids[w], ~0UL,
				     "node %d zone %s: %s %lu, expected %lu (managed %lu, min_free_kbytes %lu)",
				     nid, name, wmark_names[w], z->wmark[w], want[w],
				     z->managed_pages, m->min_free_kbytes);
	if (!check_full(ctx) && z->wmark[WMARK_MIN] > z->wmark[WMARK_LOW])
		check_report(ctx, "wmark.low", ~0UL, "node %d zone %s: min %lu > low %lu",
			     nid, name, z->wmark[WMARK_MIN], z->wmark[WMARK_LOW]);
	if (!check_full(ctx) && z->wmark[WMARK_LOW] > z->wmark[WMARK_HIGH])
		check_report(ctx, "wmark.high", ~0UL, "node %d zone %s: low %lu > high %lu",
			     nid, name, z->wmark[WMARK_LOW], z->wmark[WMARK_HIGH]);

	for (j = 0; j < NR_ZONE_TYPES && !check_full(ctx); j++) {
		reserve = wmark_expected_reserve(pgdat, zt, j);
		if (z->lowmem_reserve[j] != reserve)
			check_report(ctx, "wmark.lowmem_reserve", ~0UL,
				     "node %d zone %s: lowmem_reserve[%d] %lu, expected %lu",
				     nid, name, j, z->lowmem_reserve[j], reserve);
	}
}

/**
 * wmark_check - recompute every zone's watermarks and lowmem_reserve.
 * @m: the machine
 * @ctx: where violations go
 *
 * Uses the current managed pages and m->min_free_kbytes, so it also
 * catches a managed-page change that was not followed by wmark_setup().
 * Ids: wmark.min, wmark.low, wmark.high (a value, or the order
 * min <= low <= high), wmark.lowmem_reserve.
 *
 * Return: number of violations reported.
 */
CHECK_WALK
unsigned int wmark_check(struct alloc_machine *m, struct check_ctx *ctx)
{
	unsigned int before = ctx->count;
	unsigned long lowmem_pages = wmark_lowmem_pages(m);
	int nid, zt;

	for_each_node(m, nid)
		for_each_zone_type(zt) {
			if (check_full(ctx))
				return ctx->count - before;
			wmark_check_zone(m, nid, zt, lowmem_pages, ctx);
		}
	return ctx->count - before;
}
