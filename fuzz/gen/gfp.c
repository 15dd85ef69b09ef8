/* SPDX-License-Identifier: MIT */
/*
 * gfp.c - the .trace spelling of gfp masks: `GFPF_KERNEL|__GFP_THISNODE`.
 *
 * Names are the kernel's: composites GFP_*, modifiers __GFP_* (our GFPF_X
 * bit is spelled __GFP_X), plus ALLOC_NO_WATERMARKS for GFPF_NO_WATERMARKS
 * and `0` for the empty mask.  Parsing ORs the named bits together.
 * Formatting is canonical: the composite with the most bits that is a
 * subset of the mask (the first in the table on a tie), then every
 * remaining bit as a modifier in bit order.  Parsing a formatted mask
 * gives back the same bits.
 */
#include <stdio.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "scenario.h"

struct gfp_name {
	const char *name;
	uint32_t bits;
};

/* Composites, tried by scn_gfp_format() in this order on equal bit counts. */
static const struct gfp_name gfp_composites[] = {
	{ "GFP_HIGHUSER_MOVABLE", GFPF_HIGHUSER_MOVABLE },
	{ "GFP_HIGHUSER", GFPF_HIGHUSER },
	{ "GFP_USER", GFPF_USER },
	{ "GFP_KERNEL", GFPF_KERNEL },
	{ "GFP_NOFS", GFPF_NOFS },
	{ "GFP_NOIO", GFPF_NOIO },
	{ "GFP_ATOMIC", GFPF_ATOMIC },
	{ "GFP_NOWAIT", GFPF_NOWAIT },
	{ "GFP_DMA", GFPF_DMA },
	{ "GFP_DMA32", GFPF_DMA32 },
};

/* One name per GFPF_* bit, in bit order. */
static const struct gfp_name gfp_modifiers[] = {
	{ "__GFP_DMA", GFPF_DMA },
	{ "__GFP_HIGHMEM", GFPF_HIGHMEM },
	{ "__GFP_DMA32", GFPF_DMA32 },
	{ "__GFP_MOVABLE", GFPF_MOVABLE },
	{ "__GFP_RECLAIMABLE", GFPF_RECLAIMABLE },
	{ "__GFP_HIGH", GFPF_HIGH },
	{ "__GFP_IO", GFPF_IO },
	{ "__GFP_FS", GFPF_FS },
	{ "__GFP_ZERO", GFPF_ZERO },
	{ "__GFP_DIRECT_RECLAIM", GFPF_DIRECT_RECLAIM },
	{ "__GFP_KSWAPD_RECLAIM", GFPF_KSWAPD_RECLAIM },
	{ "__GFP_WRITE", GFPF_WRITE },
	{ "__GFP_NOWARN", GFPF_NOWARN },
	{ "__GFP_RETRY_MAYFAIL", GFPF_RETRY_MAYFAIL },
	{ "__GFP_NORETRY", GFPF_NORETRY },
	{ "__GFP_MEMALLOC", GFPF_MEMALLOC },
	{ "__GFP_COMP", GFPF_COMP },
	{ "__GFP_NOMEMALLOC", GFPF_NOMEMALLOC },
	{ "__GFP_HARDWALL", GFPF_HARDWALL },
	{ "__GFP_THISNODE", GFPF_THISNODE },
	{ "__GFP_ACCOUNT", GFPF_ACCOUNT },
	{ "ALLOC_NO_WATERMARKS", GFPF_NO_WATERMARKS },
};

_Static_assert(sizeof(gfp_modifiers) / sizeof(gfp_modifiers[0]) == 22 && GFPF_ALL == (1u << 22) - 1,
	       "one modifier name per GFPF_* bit");

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int lookup(const struct gfp_name *t, size_t n, const char *name, size_t len, uint32_t *bits)
{
	for (size_t i = 0; i < n; i++) {
		if (strlen(t[i].name) == len && memcmp(t[i].name, name, len) == 0) {
			*bits = t[i].bits;
			return 0;
		}
	}
	return -1;
}

/**
 * scn_gfp_parse - read a gfp mask written as names joined by '|'
 * @text: e.g. "GFP_KERNEL|__GFP_THISNODE", or "0"
 * @gfp: set to the GFPF_* bits on success
 *
 * `__GFP_RECLAIM` is accepted too (both reclaim bits); empty names, blanks
 * and unknown names are errors.
 * Return: 0, or -1 with *@gfp unchanged.
 */
int scn_gfp_parse(const char *text, uint32_t *gfp)
{
	uint32_t acc = 0;
	const char *p = text;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		uint32_t bits;

		if (len == 1 && *p == '0')
			bits = 0;
		else if (len == 13 && memcmp(p, "__GFP_RECLAIM", 13) == 0)
			bits = GFPF_RECLAIM;
		else if (lookup(gfp_composites, ARRAY_SIZE(gfp_composites), p, len, &bits) &&
			 lookup(gfp_modifiers, ARRAY_SIZE(gfp_modifiers), p, len, &bits))
			return -1;
		acc |= bits;
		if (!bar)
			break;
		p = bar + 1;
	}
	*gfp = acc;
	return 0;
}

/**
 * scn_gfp_format - spell a gfp mask canonically
 * @gfp: GFPF_* bits; bits outside GFPF_ALL (only an invalid scenario has
 *        them) come out as a hex remainder that scn_gfp_parse() refuses
 * @buf: output, always NUL-terminated when @len > 0
 * @len: size of @buf; SCN_GFP_TEXT_LEN holds any mask (else it is cut short)
 */
void scn_gfp_format(uint32_t gfp, char *buf, size_t len)
{
	const struct gfp_name *best = NULL;
	size_t used = 0;
	uint32_t rest = gfp;

	if (!len)
		return;
	buf[0] = 0;
	for (size_t i = 0; i < ARRAY_SIZE(gfp_composites); i++) {
		const struct gfp_name *c = &gfp_composites[i];

		if ((gfp & c->bits) == c->bits &&
		    (!best || __builtin_popcount(c->bits) > __builtin_popcount(best->bits)))
			best = c;
	}
	if (best) {
		used += (size_t)snprintf(buf, len, "%s", best->name);
		rest &= ~best->bits;
	}
	for (size_t i = 0; i < ARRAY_SIZE(gfp_modifiers) && used < len; i++) {
		if (rest & gfp_modifiers[i].bits)
			used += (size_t)snprintf(buf + used, len - used, "%s%s",
						 used ? "|" : "", gfp_modifiers[i].name);
	}
	rest &= ~GFPF_ALL;
	if (used < len && rest)
		snprintf(buf + used, len - used, "%s0x%x", used ? "|" : "", (unsigned int)rest);
	else if (!gfp)
		snprintf(buf, len, "0");
}
