// SPDX-License-Identifier: MIT
/*
 * shrink_trade.c - compound moves: one op (memblock or run) fewer in
 * exchange for zone boundaries that cut the usable memory short
 * (`zones dma=0 dma32=0 normal=P`, pfns from P on belong to no zone and
 * are never handed out).  A failure that needs a page next to the ones
 * handed out to be unusable often gets that from a reserve or from
 * allocations that fill the map; the boundary gives it with one line that
 * is no op (with min_free_kbytes=0 if it needs it: so little memory is
 * all below any watermark).  Every accepted move removes an op, so the
 * pass ends.  Only
 * on small scenarios (the candidates are ops x boundaries).
 */
#include <string.h>
#include "shrink.h"

#define TRADE_MAX_OPS 16
#define PAGE_SHIFT_BYTES 12

/* The first pfn past every `memblock add`. */
static uint64_t added_end_pfn(const struct scenario *s)
{
	uint64_t end = 0;
	unsigned int i;

	for (i = 0; i < s->nr_boot; i++)
		if (s->boot[i].kind == BOOT_MB_ADD &&
		    (s->boot[i].base + s->boot[i].size) >> PAGE_SHIFT_BYTES > end)
			end = (s->boot[i].base + s->boot[i].size) >> PAGE_SHIFT_BYTES;
	return end;
}

/* @s without op @i (boot ops first, then run ops), zones ending at @pfn. */
static void build(const struct scenario *s, unsigned int i, uint64_t pfn, struct scenario *c)
{
	memcpy(c, s, offsetof(struct scenario, ops));
	if (i < s->nr_boot) {
		memmove(&c->boot[i], &c->boot[i + 1], (s->nr_boot - i - 1) * sizeof(c->boot[0]));
		c->nr_boot--;
		memcpy(c->ops, s->ops, s->nr_ops * sizeof(s->ops[0]));
		c->nr_ops = s->nr_ops;
	} else {
		unsigned int k = i - s->nr_boot;

		memcpy(c->ops, s->ops, k * sizeof(s->ops[0]));
		memcpy(c->ops + k, s->ops + k + 1, (s->nr_ops - k - 1) * sizeof(s->ops[0]));
		c->nr_ops = s->nr_ops - 1;
	}
	memset(&c->zones, 0, sizeof(c->zones));
	c->zones.set = true;
	c->zones.max_zone_pfn[2] = pfn;
}

bool shrink_trade(struct shrink *sh, struct scenario *s)
{
	bool changed = false;
	unsigned int i;

	if (shrink_nr_ops(s) > TRADE_MAX_OPS)
		return false;
	for (i = 0; i < s->nr_boot + s->nr_ops; i++) {
		uint64_t end = added_end_pfn(s), pfn;
		bool traded = false;

		for (pfn = 1; pfn < end && !traded; pfn <<= 1) {
			build(s, i, pfn, sh->cand);
			traded = shrink_accept(sh, s, sh->cand, "one op traded for a zone boundary");
			if (traded || (!sh->cand->cfg.min_free_auto && !sh->cand->cfg.min_free_kbytes))
				continue;
			/* a map cut that short is all below the watermark: no watermark then */
			sh->cand->cfg.min_free_auto = false;
			sh->cand->cfg.min_free_kbytes = 0;
			traded = shrink_accept(sh, s, sh->cand,
					       "one op traded for a zone boundary and no watermark");
		}
		if (traded) {
			changed = true;
			i = (unsigned int)-1;	/* start over: the indices moved */
		}
	}
	return changed;
}
