// SPDX-License-Identifier: MIT
/*
 * shrink_boot.c - a smaller memory map: ddmin over the memblock ops (a
 * binary form needs one `memblock add`, which shrink_try() enforces), then
 * for each op a lower base and a smaller size (zero, halves, the largest
 * power of two below, page multiples), plain alloc arguments (no node, no
 * limits, top-down, default alignment), then the zone boundaries: none
 * given (the x86-64 defaults), no ZONE_MOVABLE, lower pfns.
 */
#include <stdlib.h>
#include <string.h>
#include "shrink.h"

#define PAGE_BYTES 4096ULL

struct boot_ctx {
	struct shrink *sh;
	struct scenario *s;
};

static void build(const struct scenario *s, struct scenario *cand, const unsigned int *keep,
		  unsigned int n)
{
	unsigned int i;

	memcpy(cand, s, sizeof(*s));
	for (i = 0; i < n; i++)
		cand->boot[i] = s->boot[keep[i]];
	cand->nr_boot = n;
}

static bool test_boot(void *arg, const unsigned int *keep, unsigned int n)
{
	struct boot_ctx *x = arg;

	build(x->s, x->sh->cand, keep, n);
	return shrink_try(x->sh, x->sh->cand);
}

static bool drop_boot_ops(struct shrink *sh, struct scenario *s)
{
	struct boot_ctx x = { sh, s };
	unsigned int *keep = malloc((s->nr_boot + 1) * sizeof(*keep)), n = s->nr_boot, i;
	bool changed;

	if (!keep)
		return false;
	for (i = 0; i < n; i++)
		keep[i] = i;
	changed = shrink_ddmin(keep, &n, test_boot, &x);
	if (changed) {
		build(s, sh->cand, keep, n);
		memcpy(s, sh->cand, sizeof(*s));
	}
	free(keep);
	return changed;
}

static uint64_t pow2_below(uint64_t v)
{
	return v ? 1ULL << (63 - __builtin_clzll(v)) : 0;
}

/*
 * Smaller values for a byte quantity, most aggressive first: 0, one page,
 * the largest power of two below, half (page-rounded), minus one page.
 * Only values strictly below @v (so the pass ends).
 */
static unsigned int smaller_values(uint64_t v, uint64_t out[6])
{
	uint64_t c[6] = { 0, PAGE_BYTES, pow2_below(v), (v / 2) & ~(PAGE_BYTES - 1),
			  v > PAGE_BYTES ? v - PAGE_BYTES : 0, v & ~(PAGE_BYTES - 1) };
	unsigned int n = 0, i, j;

	for (i = 0; i < 6; i++) {
		bool dup = c[i] >= v;

		for (j = 0; j < n && !dup; j++)
			dup = out[j] == c[i];
		if (!dup)
			out[n++] = c[i];
	}
	return n;
}

/* Lower one u64 field of boot op @i, value by value, keeping the first that works. */
static bool lower_field(struct shrink *sh, struct scenario *s, unsigned int i, size_t off,
			const char *what)
{
	bool changed = false, again = true;

	while (again) {
		uint64_t v, vals[6];
		unsigned int n, k;

		again = false;
		memcpy(&v, (char *)&s->boot[i] + off, sizeof(v));
		n = smaller_values(v, vals);
		for (k = 0; k < n && !again; k++) {
			memcpy(sh->cand, s, sizeof(*s));
			memcpy((char *)&sh->cand->boot[i] + off, &vals[k], sizeof(vals[k]));
			again = shrink_accept(sh, s, sh->cand, what);
		}
		changed |= again;
	}
	return changed;
}

static bool plain_alloc_args(struct shrink *sh, struct scenario *s, unsigned int i)
{
	struct scn_boot_op *b;
	bool changed = false;

	memcpy(sh->cand, s, sizeof(*s));
	b = &sh->cand->boot[i];
	if (b->nid != -1) {
		b->nid = -1;
		changed |= shrink_accept(sh, s, sh->cand, "memblock alloc: any node");
	}
	memcpy(sh->cand, s, sizeof(*s));
	b = &sh->cand->boot[i];
	if (b->bottom_up) {
		b->bottom_up = false;
		changed |= shrink_accept(sh, s, sh->cand, "memblock alloc: top-down");
	}
	changed |= lower_field(sh, s, i, offsetof(struct scn_boot_op, max_addr), "memblock alloc: max");
	changed |= lower_field(sh, s, i, offsetof(struct scn_boot_op, min_addr), "memblock alloc: min");
	changed |= lower_field(sh, s, i, offsetof(struct scn_boot_op, align), "memblock alloc: align");
	return changed;
}

static bool shrink_boot_values(struct shrink *sh, struct scenario *s)
{
	bool changed = false;
	unsigned int i;

	for (i = 0; i < s->nr_boot; i++) {
		if (s->boot[i].kind == BOOT_MB_ADD && s->boot[i].nid > 0) {
			memcpy(sh->cand, s, sizeof(*s));
			sh->cand->boot[i].nid = 0;
			changed |= shrink_accept(sh, s, sh->cand, "memblock add: node 0");
		}
		changed |= lower_field(sh, s, i, offsetof(struct scn_boot_op, size), "memblock: smaller size");
		if (s->boot[i].kind == BOOT_MB_ALLOC)
			changed |= plain_alloc_args(sh, s, i);
		else
			changed |= lower_field(sh, s, i, offsetof(struct scn_boot_op, base),
					       "memblock: lower base");
	}
	return changed;
}

static bool shrink_zones(struct shrink *sh, struct scenario *s)
{
	bool changed = false;
	unsigned int z;

	if (!s->zones.set)
		return false;
	memcpy(sh->cand, s, sizeof(*s));
	memset(&sh->cand->zones, 0, sizeof(sh->cand->zones));
	if (shrink_accept(sh, s, sh->cand, "zones: the defaults"))
		return true;
	if (s->zones.has_movable) {
		memcpy(sh->cand, s, sizeof(*s));
		sh->cand->zones.has_movable = false;
		sh->cand->zones.movable_pfn = 0;
		changed |= shrink_accept(sh, s, sh->cand, "zones: no movable");
	}
	for (z = 0; z < 3; z++) {
		uint64_t floor = z ? s->zones.max_zone_pfn[z - 1] : 0;

		while (s->zones.max_zone_pfn[z] > floor) {
			uint64_t v = s->zones.max_zone_pfn[z];

			memcpy(sh->cand, s, sizeof(*s));
			sh->cand->zones.max_zone_pfn[z] = floor + (v - floor) / 2;
			if (!shrink_accept(sh, s, sh->cand, "zones: lower boundary"))
				break;
			changed = true;
		}
	}
	return changed;
}

bool shrink_boot(struct shrink *sh, struct scenario *s)
{
	bool changed = drop_boot_ops(sh, s);

	changed |= shrink_boot_values(sh, s);
	changed |= shrink_zones(sh, s);
	return changed;
}

/*
 * shrink_boot_canonical_map - a lone `memblock add 0 SIZE` rounded up to a
 * power of two of at least 16 KiB: the map the decoder adds by itself
 * when an input has no boot record, so the binary form needs none.  If
 * the failure needs the map that small, the zone boundaries can still cut
 * the larger map back to SIZE (when no `zones` line is given).  Run once
 * after the rounds (the rounds lower sizes; this raises one): fewer bytes,
 * the same ops.
 */
bool shrink_boot_canonical_map(struct shrink *sh, struct scenario *s)
{
	const struct scn_boot_op *b = &s->boot[0];
	uint64_t size = 1ULL << 14;	/* the decoder's narrowest address width */

	if (s->nr_boot != 1 || b->kind != BOOT_MB_ADD || b->base || b->nid)
		return false;
	while (size < b->size && size < (1ULL << 40))
		size <<= 1;
	if (size == b->size)
		return false;
	memcpy(sh->cand, s, sizeof(*s));
	sh->cand->boot[0].size = size;
	if (shrink_accept(sh, s, sh->cand, "memblock: the decoder's default map"))
		return true;
	if (s->zones.set || b->size < PAGE_BYTES)
		return false;
	sh->cand->zones.set = true;
	sh->cand->zones.max_zone_pfn[2] = b->size / PAGE_BYTES;
	return shrink_accept(sh, s, sh->cand, "memblock: the default map, cut by the zones");
}
