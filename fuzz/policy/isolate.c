// SPDX-License-Identifier: MIT
/*
 * isolate.c (policy judge) - pageblock isolation keeps a pageblock's type.
 *
 * Since Linux made isolation a pageblock bit of its own (PB_migrate_isolate,
 * Zi Yan's "make page isolation a standalone bit" series, in mainline from
 * v6.17), set_migratetype_isolate() sets that bit and leaves the
 * migratetype bits alone, and unset_migratetype_isolate() clears it: every
 * pageblock comes back with the type it had when it was isolated, and no
 * path retypes a pageblock while it is isolated (try_to_claim_block() and
 * compaction's __isolate_free_page() skip isolated pageblocks).
 * alloc_contig_range() isolates and un-isolates inside one call, so it
 * leaves every pageblock around its range with the type it found.  Before
 * v6.17 the caller passed the type to restore (MIGRATE_MOVABLE for
 * alloc_contig_range(), so a contig made its pageblocks Movable): rules.h
 * lists this as the one place the judge follows a later kernel than v6.6.
 *
 * One exception, also Linux's: un-isolating frees the range's free pages
 * again, and since v6.9 __free_one_page() retypes a buddy's pageblock to
 * the freed block's type when it merges pageblocks of two types, so a
 * pageblock inside a free block larger than a pageblock may end with the
 * type another pageblock of that block had (merged_type_allowed()).
 *
 * The record: one byte per pageblock of the map (allocated on the first
 * isolate, unisolate or contig, touched only by them and by the sampled
 * walk): REC_ISOLATED | type for a pageblock a judged isolate turned
 * isolated, with the type it had before; REC_PENDING | type between
 * policy_before_range() and policy_range() for the other pageblocks
 * around the op's range, widened to max_order blocks for the merge rule.
 * A pageblock's type is read at its first page of a zone, and the record
 * is that zone's: a pageblock shared by two zones (a zone boundary inside
 * it, interleaved nodes) has one type per zone (judge.c own_pfn()), and
 * only ops on its first page's zone judge it.  A pageblock with no page
 * of the range's zone (one wholly in a hole inside the zone's span, which
 * the reference still isolates) is not judged.
 *
 * Ids: policy.isolate_type (isolate: the pageblocks around the range are
 * isolated after a success, unchanged after a refusal),
 * policy.unisolate_type (unisolate: the recorded type back after a
 * success, nothing changed after a refusal), policy.contig_type (contig:
 * every type as it was), policy.isolated_type (an isolated pageblock reads
 * Isolate until it is un-isolated: the walk sample and after compaction).
 */
#include <stdlib.h>
#include "judge_internal.h"

#define REC_ISOLATED	0x80
#define REC_PENDING	0x40
#define REC_TYPE	0x07

static const char *const mt_names[POL_MTS] = { "Unmovable", "Movable", "Reclaimable",
					       "HighAtomic", "CMA", "Isolate" };

static const char *mt_name(int mt)
{
	return mt >= 0 && mt < POL_MTS ? mt_names[mt] : "none";
}

static bool record_ready(struct policy *pol)
{
	if (!pol->iso) {
		pol->nr_iso_blocks = (pol->end_pfn + pol->m.pageblock_nr_pages - 1) >>
				     pol->m.pageblock_order;
		pol->iso = calloc(pol->nr_iso_blocks ? pol->nr_iso_blocks : 1, 1);
	}
	return pol->iso != NULL;
}

/*
 * The pfn that shows the type the judge records for the pageblock at
 * @pb: its first page of a zone.  The record is that zone's (a pageblock
 * shared by two zones has a type in each; one byte holds one of them):
 * with @zone >= 0, ~0UL unless that page is of zone (@nid, @zone); ~0UL
 * too when the pageblock has no page of a zone.
 */
static unsigned long rep_pfn(const struct policy *pol, unsigned long pb, int nid, int zone)
{
	unsigned long end = pb + pol->m.pageblock_nr_pages, q;

	if (end > pol->end_pfn)
		end = pol->end_pfn;
	for (q = pb; q < end; q++) {
		if (oracle_state_of(pol->orc, q) == ORC_HOLE ||
		    oracle_zone_of(pol->orc, q) == ORACLE_NO_ZONE)
			continue;
		if (zone >= 0 && (oracle_zone_of(pol->orc, q) != zone ||
				  oracle_node_of(pol->orc, q) != nid))
			return ~0UL;
		return q;
	}
	return ~0UL;
}

static int type_at(struct policy *pol, unsigned long pfn)
{
	struct port_block_policy b;

	pol->ops->block(pol->p, pfn, &b);
	return b.pageblock_mt;
}

/* The range an op judges: its pageblocks, the region read before it, its zone. */
struct iso_range {
	unsigned long s, e;	/* the pageblocks around the range */
	unsigned long rs, re;	/* [s, e) widened to max_order blocks: pre-types kept */
	int nid, zone;		/* of the range's first page */
};

/*
 * The pageblocks around [pfn, pfn + nr) and the zone of its first page,
 * which names the range's zone as run_compact.c's judge does.  False when
 * the range holds no page of a zone.
 */
static bool range_blocks(const struct policy *pol, unsigned long pfn, unsigned long nr,
			 struct iso_range *ir)
{
	unsigned long pb = pol->m.pageblock_nr_pages, end, q, big;

	if (pfn >= pol->end_pfn || !nr)
		return false;
	end = nr > pol->end_pfn - pfn ? pol->end_pfn : pfn + nr;
	for (q = pfn; q < end && oracle_state_of(pol->orc, q) == ORC_HOLE; q++)
		;
	if (q == end || oracle_zone_of(pol->orc, q) == ORACLE_NO_ZONE)
		return false;
	ir->nid = oracle_node_of(pol->orc, q);
	ir->zone = oracle_zone_of(pol->orc, q);
	ir->s = pfn & ~(pb - 1);
	ir->e = (end + pb - 1) & ~(pb - 1);
	big = pb > (1UL << pol->m.max_order) ? pb : 1UL << pol->m.max_order;
	ir->rs = ir->s & ~(big - 1);
	ir->re = (ir->e + big - 1) & ~(big - 1);
	if (ir->e > pol->end_pfn)
		ir->e = pol->end_pfn;
	if (ir->re > pol->end_pfn)
		ir->re = pol->end_pfn;
	return true;
}

/*
 * Before the op: the type of every pageblock of the widened region (of
 * the range's zone) that is not recorded isolated, as REC_PENDING.  The
 * pageblocks past the range's own are read for the merge rule
 * (merged_type_allowed()).
 */
void policy_before_range(struct policy *pol, unsigned long pfn, unsigned long nr)
{
	struct iso_range ir;
	unsigned long p, rep;
	int mt;

	if (!range_blocks(pol, pfn, nr, &ir) || !record_ready(pol))
		return;
	for (p = ir.rs; p < ir.re; p += pol->m.pageblock_nr_pages) {
		uint8_t *r = &pol->iso[p >> pol->m.pageblock_order];

		if (*r & REC_ISOLATED)
			continue;
		*r = 0;
		rep = rep_pfn(pol, p, ir.nid, ir.zone);
		if (rep == ~0UL)
			continue;
		mt = type_at(pol, rep);
		if (mt >= 0 && mt < POL_MTS)
			*r = (uint8_t)(REC_PENDING | mt);
	}
}

/*
 * __free_one_page() (since v6.9): merging a free buddy of another
 * mergeable type retypes the buddy's pageblock to the type of the block
 * being freed.  Un-isolating frees the range's free pages again, so a
 * pageblock that is now inside a free block larger than a pageblock may
 * have taken the type another pageblock of that block had (which one wins
 * depends on the order of the frees).  @now is allowed for the pageblock
 * at @pb when such a free block holds it and another of its pageblocks
 * had type @now before the op, or a type the judge did not read.
 */
static bool merged_type_allowed(struct policy *pol, unsigned long rep, unsigned long pb, int now)
{
	struct port_block_policy b;
	unsigned long q, end;

	pol->ops->block(pol->p, rep, &b);
	if (b.state != PORT_BLOCK_FREE || b.order <= pol->m.pageblock_order ||
	    b.head_pfn > pb || b.order >= 8 * sizeof(unsigned long))
		return false;
	end = b.head_pfn + (1UL << b.order);
	for (q = b.head_pfn; q < end && q < pol->end_pfn; q += pol->m.pageblock_nr_pages) {
		uint8_t r = pol->iso[q >> pol->m.pageblock_order];

		if (q == pb)
			continue;
		if (!(r & (REC_PENDING | REC_ISOLATED)) || (r & REC_TYPE) == POL_ISOLATE ||
		    (r & REC_TYPE) == now)
			return true;
	}
	return false;
}

/*
 * start_isolate_page_range(): a success isolates every pageblock around
 * the range (each keeps its type under the isolation); a refusal leaves
 * every type as it was.  @r: the pageblock's record before the op.
 */
static bool judge_start_isolate_page_range(uint8_t r, unsigned long rep, int now, int err,
					   struct policy_verdict *v)
{
	int was = r & REC_TYPE;

	if (r & REC_ISOLATED) {
		if (now != POL_ISOLATE)
			return pol_fail(v, "policy.isolate_type", rep,
					"isolate %s; the pageblock of 0x%lx was isolated before it "
					"and now reads %s", err ? "refused" : "succeeded", rep,
					mt_name(now));
		return true;
	}
	if (!err && now != POL_ISOLATE)
		return pol_fail(v, "policy.isolate_type", rep,
				"isolate succeeded, but the pageblock of 0x%lx around the range "
				"reads %s, not Isolate (start_isolate_page_range() isolates "
				"every pageblock around it)", rep, mt_name(now));
	if (err && now != was)
		return pol_fail(v, "policy.isolate_type", rep,
				"isolate refused, but the pageblock of 0x%lx went %s -> %s",
				rep, mt_name(was), mt_name(now));
	return true;
}

/*
 * undo_isolate_page_range() of v6.17: unset_migratetype_isolate() clears
 * the isolation bit, and the type the pageblock had when it was isolated
 * is back; a pageblock that was not isolated keeps its type; a refusal
 * changes nothing.  Either may have taken a merged block's type
 * (merged_type_allowed()).
 */
static bool judge_undo_isolate_page_range(struct policy *pol, uint8_t r, unsigned long p,
					  unsigned long rep, int now, int err,
					  struct policy_verdict *v)
{
	int was = r & REC_TYPE;

	if (!(r & REC_ISOLATED)) {
		if (was != POL_ISOLATE && now != was &&
		    (err || !merged_type_allowed(pol, rep, p, now)))
			return pol_fail(v, "policy.unisolate_type", rep,
					"unisolate %s; the pageblock of 0x%lx was not isolated, but "
					"went %s -> %s", err ? "refused" : "succeeded", rep,
					mt_name(was), mt_name(now));
		return true;
	}
	if (err) {
		if (now != POL_ISOLATE)
			return pol_fail(v, "policy.unisolate_type", rep,
					"unisolate refused, but the isolated pageblock of 0x%lx now "
					"reads %s", rep, mt_name(now));
		return true;
	}
	if (now == POL_ISOLATE)
		return pol_fail(v, "policy.unisolate_type", rep,
				"unisolate succeeded, but the pageblock of 0x%lx around the range "
				"is still isolated", rep);
	if (now != was && !merged_type_allowed(pol, rep, p, now))
		return pol_fail(v, "policy.unisolate_type", rep,
				"unisolate gave the pageblock of 0x%lx type %s; it was %s when it "
				"was isolated, and unset_migratetype_isolate() only clears the "
				"isolation bit", rep, mt_name(now), mt_name(was));
	return true;
}

/*
 * alloc_contig_range() of v6.17: it isolates and un-isolates the
 * pageblocks around its range, success or not, so each ends with the
 * type it had (or a merged block's, merged_type_allowed()); one isolated
 * before it stays isolated (it refuses).
 */
static bool judge_alloc_contig_range(struct policy *pol, uint8_t r, unsigned long p,
				     unsigned long rep, int now, int err,
				     struct policy_verdict *v)
{
	int was = r & REC_TYPE;

	if (r & REC_ISOLATED) {
		if (now != POL_ISOLATE)
			return pol_fail(v, "policy.contig_type", rep,
					"contig %s; the pageblock of 0x%lx was isolated before it and "
					"now reads %s", err ? "failed" : "succeeded", rep,
					mt_name(now));
		return true;
	}
	if (was != POL_ISOLATE && now != was && !merged_type_allowed(pol, rep, p, now))
		return pol_fail(v, "policy.contig_type", rep,
				"contig %s, but the pageblock of 0x%lx around its range went %s -> %s "
				"(alloc_contig_range() gives every pageblock its type back)",
				err ? "failed" : "succeeded", rep, mt_name(was), mt_name(now));
	return true;
}

/* The record after the op: what a successful isolate or unisolate isolated or freed. */
static void update_records(struct policy *pol, enum policy_range_op op, const struct iso_range *ir,
			   int err)
{
	unsigned long p, pb = pol->m.pageblock_nr_pages;

	for (p = ir->rs; p < ir->re; p += pb) {
		uint8_t *r = &pol->iso[p >> pol->m.pageblock_order];
		bool in_span = p >= ir->s && p < ir->e;

		if (*r & REC_PENDING) {
			int was = *r & REC_TYPE;

			*r = 0;
			if (op == POLICY_ISOLATE && !err && in_span && was != POL_ISOLATE &&
			    type_at(pol, rep_pfn(pol, p, ir->nid, ir->zone)) == POL_ISOLATE) {
				*r = (uint8_t)(REC_ISOLATED | was);
				pol->nr_isolated++;
			}
		} else if ((*r & REC_ISOLATED) && op == POLICY_UNISOLATE && !err && in_span &&
			   rep_pfn(pol, p, ir->nid, ir->zone) != ~0UL) {
			*r = 0;
			pol->nr_isolated--;
		}
	}
}

bool policy_range(struct policy *pol, enum policy_range_op op, unsigned long pfn,
		  unsigned long nr, int err, struct policy_verdict *v)
{
	struct iso_range ir;
	unsigned long p, rep;
	bool ok = true;

	if (!range_blocks(pol, pfn, nr, &ir) || !pol->iso)
		return true;
	for (p = ir.s; ok && p < ir.e; p += pol->m.pageblock_nr_pages) {
		uint8_t r = pol->iso[p >> pol->m.pageblock_order];
		int now;

		if (!(r & (REC_ISOLATED | REC_PENDING)))
			continue;
		rep = rep_pfn(pol, p, ir.nid, ir.zone);
		if (rep == ~0UL)	/* judged for another zone, or a hole */
			continue;
		now = type_at(pol, rep);
		if (op == POLICY_ISOLATE)
			ok = judge_start_isolate_page_range(r, rep, now, err, v);
		else if (op == POLICY_UNISOLATE)
			ok = judge_undo_isolate_page_range(pol, r, p, rep, now, err, v);
		else
			ok = judge_alloc_contig_range(pol, r, p, rep, now, err, v);
	}
	update_records(pol, op, &ir, err);
	return ok;
}

/*
 * get_pageblock_isolate(): a pageblock a judged isolate turned isolated
 * reads Isolate until an unisolate un-isolates it.  Only the recorded
 * pageblocks are read.
 */
bool policy_isolated_kept(struct policy *pol, struct policy_verdict *v)
{
	unsigned long i, left = pol->nr_isolated, rep;
	int now;

	for (i = 0; left && i < pol->nr_iso_blocks; i++) {
		if (!(pol->iso[i] & REC_ISOLATED))
			continue;
		left--;
		rep = rep_pfn(pol, i << pol->m.pageblock_order, -1, -1);
		if (rep == ~0UL)
			continue;
		now = type_at(pol, rep);
		if (now != POL_ISOLATE)
			return pol_fail(v, "policy.isolated_type", rep,
					"the pageblock of 0x%lx is isolated (it was %s), but reads "
					"%s: Linux retypes no isolated pageblock", rep,
					mt_name(pol->iso[i] & REC_TYPE), mt_name(now));
	}
	return true;
}
