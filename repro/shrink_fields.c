// SPDX-License-Identifier: MIT
/*
 * shrink_fields.c - plainer ops, one field at a time: order 0 (else one
 * lower), gfp closer to GFPF_KERNEL (first GFPF_KERNEL itself, then one
 * differing bit at a time), cpu 0, no node, `drain` of every cpu, compact
 * of every zone, a smaller pfn range (one page, then halves) and lower
 * pfns; then slot names in order of first use (s0, s1, ...).  Each
 * accepted change lowers a field or the number of gfp bits that differ
 * from GFPF_KERNEL, so the pass ends.
 */
#include <string.h>
#include <pagefuzz/vocab.h>
#include "shrink.h"

/* Try op @i of a copy of @s as changed by @edit; keep it if it still fails the same way. */
static bool try_op(struct shrink *sh, struct scenario *s, unsigned int i,
		   const struct scn_op *edited, const char *what)
{
	if (!memcmp(edited, &s->ops[i], sizeof(*edited)))
		return false;
	memcpy(sh->cand, s, sizeof(*s));
	sh->cand->ops[i] = *edited;
	return shrink_accept(sh, s, sh->cand, what);
}

static bool lower_order(struct shrink *sh, struct scenario *s, unsigned int i)
{
	bool changed = false;

	while (s->ops[i].order > 0) {
		struct scn_op e = s->ops[i];

		e.order = 0;
		if (try_op(sh, s, i, &e, "op: order 0")) {
			changed = true;
			break;
		}
		e.order = (uint8_t)(s->ops[i].order - 1);
		if (!try_op(sh, s, i, &e, "op: lower order"))
			break;
		changed = true;
	}
	return changed;
}

static bool plainer_gfp(struct shrink *sh, struct scenario *s, unsigned int i)
{
	struct scn_op e = s->ops[i];
	bool changed = false;
	uint32_t diff, bit;

	e.gfp = GFPF_KERNEL;
	if (try_op(sh, s, i, &e, "op: gfp GFPF_KERNEL"))
		return true;
	diff = s->ops[i].gfp ^ GFPF_KERNEL;
	for (bit = 1; bit && bit <= diff; bit <<= 1) {
		if (!(diff & bit))
			continue;
		e = s->ops[i];
		e.gfp ^= bit;
		changed |= try_op(sh, s, i, &e, "op: one gfp flag fewer");
	}
	return changed;
}

static bool smaller_range(struct shrink *sh, struct scenario *s, unsigned int i)
{
	bool changed = false;
	struct scn_op e;

	while (s->ops[i].nr_pages > 1) {
		e = s->ops[i];
		e.nr_pages = 1;
		if (try_op(sh, s, i, &e, "op: one page")) {
			changed = true;
			break;
		}
		e.nr_pages = s->ops[i].nr_pages / 2;
		if (!try_op(sh, s, i, &e, "op: fewer pages"))
			break;
		changed = true;
	}
	while (s->ops[i].pfn > 0) {
		e = s->ops[i];
		e.pfn = 0;
		if (try_op(sh, s, i, &e, "op: pfn 0")) {
			changed = true;
			break;
		}
		e.pfn = s->ops[i].pfn / 2;
		if (!try_op(sh, s, i, &e, "op: lower pfn"))
			break;
		changed = true;
	}
	return changed;
}

static bool plainer_op(struct shrink *sh, struct scenario *s, unsigned int i)
{
	unsigned int kind = s->ops[i].kind;
	bool changed = false;
	struct scn_op e;

	if (kind == OP_ALLOC || kind == OP_COMPACT || kind == OP_WRONG_ORDER || kind == OP_FREE_PFN)
		changed |= lower_order(sh, s, i);
	if (kind == OP_ALLOC)
		changed |= plainer_gfp(sh, s, i);
	e = s->ops[i];
	if (kind == OP_DRAIN)
		e.cpu = -1;
	else if (e.cpu > 0)
		e.cpu = 0;
	changed |= try_op(sh, s, i, &e, "op: cpu 0 (drain: all)");
	e = s->ops[i];
	e.nid = e.nid >= 0 && kind != OP_EXPECT ? -1 : e.nid;
	changed |= try_op(sh, s, i, &e, "op: no node");
	e = s->ops[i];
	e.zone = kind == OP_COMPACT ? -1 : e.zone;
	changed |= try_op(sh, s, i, &e, "op: every zone");
	if (kind == OP_ISOLATE || kind == OP_UNISOLATE || kind == OP_CONTIG || kind == OP_FREE_PFN)
		changed |= smaller_range(sh, s, i);
	return changed;
}

bool shrink_fields(struct shrink *sh, struct scenario *s)
{
	bool changed = false;
	unsigned int i;

	for (i = 0; i < s->nr_ops; i++)
		changed |= plainer_op(sh, s, i);
	return changed;
}

static bool uses_slot(unsigned int kind)
{
	return kind == OP_ALLOC || kind == OP_FREE || kind == OP_CONTIG ||
	       kind == OP_DOUBLE_FREE || kind == OP_WRONG_ORDER;
}

/* Slots renamed in order of first use: the first slot named becomes s0, and so on. */
bool shrink_slots(struct shrink *sh, struct scenario *s)
{
	int map[SCN_NR_SLOTS];
	unsigned int i, next = 0;
	bool differs = false;

	for (i = 0; i < SCN_NR_SLOTS; i++)
		map[i] = -1;
	for (i = 0; i < s->nr_ops; i++) {
		unsigned int slot = s->ops[i].slot;

		if (!uses_slot(s->ops[i].kind))
			continue;
		if (slot >= SCN_NR_SLOTS)	/* unnamed, or past 64: shrink_binary.c's */
			return false;
		if (map[slot] < 0)
			map[slot] = (int)next++;
	}
	memcpy(sh->cand, s, sizeof(*s));
	for (i = 0; i < s->nr_ops; i++) {
		if (!uses_slot(s->ops[i].kind))
			continue;
		sh->cand->ops[i].slot = (uint8_t)map[s->ops[i].slot];
		differs |= sh->cand->ops[i].slot != s->ops[i].slot;
	}
	return differs && shrink_accept(sh, s, sh->cand, "slots renamed in order of use");
}
