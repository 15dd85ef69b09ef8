// SPDX-License-Identifier: MIT
/*
 * judge_compact.c (policy judge) - the `compact [nid=N] [zone=Z] order=N`
 * op against Linux's decisions (compaction.c's rules): before the op,
 * each selected zone's start is decided on the checked state; during it,
 * every block the port moves is recorded; after it:
 *  - policy.compact_should_fail / policy.compact_should_succeed /
 *    policy.compact_result_code: the answer against the decisions (0 when
 *    a zone had the block, ENOMEM exactly when no zone may start, EBUSY
 *    only when some zone ran);
 *  - policy.compact_zone_result: a zone's own outcome (the port's
 *    compact_result, when it has one) against its decision, and a zone
 *    that says it made the block must have it on a list it may use;
 *  - policy.compact_migrated: a block moved by a zone that may not run,
 *    or by no selected zone;
 *  - policy.compact_scanners: a block moved to a pageblock not above its
 *    old one (the migrate scanner works below the free scanner);
 *  - policy.compact_target: a block moved into a pageblock that is not
 *    MOVABLE (suitable_migration_target());
 *  - policy.compact_source_order: a block of the wanted order or more, or
 *    of pageblock order, moved (skip_isolation_on_order());
 *  - policy.compact_changed_state: a zone that does not run (not
 *    selected, or its start refused) whose free or per-cpu lists changed;
 *  - policy.direct_compact_skipped: a costly allocation that failed after
 *    the drain stage left a zone it may use, never compacted before,
 *    uncompacted (judge.c calls it).
 * Runs on `compact` ops and on costly allocations that reach the drain
 * stage only: nothing here costs an ordinary alloc or free.
 */
#include <stdlib.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "judge_internal.h"

static const char *const zone_names[POL_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
static const char *const decision_names[] = {
	[POL_COMPACT_SUCCESS] = "the block is free already (compact_finished())",
	[POL_COMPACT_SKIPPED] = "compaction_suitable() fails (too few free pages)",
	[POL_COMPACT_NOT_SUITABLE] = "the fragmentation index is in [0, 500]",
	[POL_COMPACT_CONTINUE] = "compaction runs",
	[POL_COMPACT_UNDECIDED] = "undecided",
};

struct pol_move {
	unsigned long old_pfn, new_pfn;
	unsigned int order;
};

struct pol_compact_run {
	bool active;
	unsigned int order;
	int mt;
	bool selected[POL_MAX_NODES][POL_NR_ZONES];
	enum pol_compact decided[POL_MAX_NODES][POL_NR_ZONES];
	struct pol_move *moves;
	size_t nr_moves, cap_moves;
	bool lost_moves;	/* no memory to record one: the moves are not judged */
	struct pol_zone (*before)[POL_NR_ZONES];	/* every zone before the op */
};

void pol_compact_free(struct policy *pol)
{
	if (pol->compact) {
		free(pol->compact->moves);
		free(pol->compact->before);
	}
	free(pol->compact);
	pol->compact = NULL;
}

bool policy_before_compact(struct policy *pol, int nid, int zone, unsigned int order,
			   struct policy_verdict *v)
{
	struct pol_compact_run *cr;
	int n, zt;

	if (!pol->compact && !(pol->compact = calloc(1, sizeof(*pol->compact))))
		return true;	/* no memory: the op goes unjudged */
	cr = pol->compact;
	if (!cr->before && !(cr->before = calloc(pol->m.nr_nodes, sizeof(*cr->before))))
		return true;
	cr->active = false;
	cr->nr_moves = 0;
	cr->lost_moves = false;
	/* every zone as it is now: the decisions read the whole state */
	if (!pol_read_all(pol, v))
		return false;
	if (order > pol->m.max_order)
		return true;	/* refused as a bad call; the runner judges that */
	cr->order = order;
	cr->mt = pol_gfp_migratetype(&pol->m, GFPF_MOVABLE);
	for (n = 0; n < (int)pol->m.nr_nodes; n++) {
		for (zt = 0; zt < POL_NR_ZONES; zt++) {
			const struct pol_zone *z = &pol->m.zones[n][zt];

			cr->selected[n][zt] = (nid < 0 || nid == n) && (zone < 0 || zone == zt) &&
					      z->managed;
			if (cr->selected[n][zt])
				cr->decided[n][zt] = pol_compact_zone(&pol->m, z, order, cr->mt);
		}
	}
	memcpy(cr->before, pol->m.zones, pol->m.nr_nodes * sizeof(*cr->before));
	cr->active = true;
	return true;
}

void policy_compact_migrate(struct policy *pol, unsigned long old_pfn, unsigned long new_pfn,
			    unsigned int order)
{
	struct pol_compact_run *cr = pol->compact;

	if (!cr || !cr->active)
		return;		/* a contig range's or direct compaction's move */
	if (cr->nr_moves == cr->cap_moves) {
		size_t cap = cr->cap_moves ? 2 * cr->cap_moves : 64;
		struct pol_move *mv = realloc(cr->moves, cap * sizeof(*mv));

		if (!mv) {
			cr->lost_moves = true;
			return;
		}
		cr->moves = mv;
		cr->cap_moves = cap;
	}
	cr->moves[cr->nr_moves++] = (struct pol_move){ old_pfn, new_pfn, order };
}

/* Every recorded move: by a zone that runs, upward, into a MOVABLE pageblock, of a movable order. */
static bool judge_moves(struct policy *pol, const struct pol_compact_run *cr,
			struct policy_verdict *v)
{
	struct port_block_policy b;
	size_t i;

	for (i = 0; i < cr->nr_moves && !cr->lost_moves; i++) {
		const struct pol_move *mv = &cr->moves[i];
		int n = oracle_node_of(pol->orc, mv->old_pfn), zt = oracle_zone_of(pol->orc, mv->old_pfn);
		enum pol_compact d;

		if (n < 0 || zt < 0 || n >= (int)pol->m.nr_nodes || !cr->selected[n][zt] ||
		    oracle_node_of(pol->orc, mv->new_pfn) != n ||
		    oracle_zone_of(pol->orc, mv->new_pfn) != zt)
			return pol_fail(v, "policy.compact_migrated", mv->old_pfn,
					"order-%u block 0x%lx moved to 0x%lx: compaction moves blocks "
					"within a zone the op compacts", mv->order, mv->old_pfn,
					mv->new_pfn);
		d = cr->decided[n][zt];
		if (d != POL_COMPACT_CONTINUE && d != POL_COMPACT_UNDECIDED)
			return pol_fail(v, "policy.compact_migrated", mv->old_pfn,
					"order-%u block 0x%lx moved to 0x%lx by node %d zone %s, "
					"where Linux does not run compaction for order %u: %s",
					mv->order, mv->old_pfn, mv->new_pfn, n, zone_names[zt],
					cr->order, decision_names[d]);
		if (!pol_compact_scanners_order(&pol->m, mv->old_pfn, mv->new_pfn))
			return pol_fail(v, "policy.compact_scanners", mv->old_pfn,
					"order-%u block 0x%lx moved to 0x%lx: the migrate scanner "
					"works below the free scanner, a block moves to a higher "
					"pageblock", mv->order, mv->old_pfn, mv->new_pfn);
		if (pol_skip_isolation_on_order(&pol->m, mv->order, cr->order))
			return pol_fail(v, "policy.compact_source_order", mv->old_pfn,
					"order-%u block 0x%lx moved for an order-%u block: "
					"skip_isolation_on_order() leaves blocks of the wanted order "
					"or more, or of pageblock order (%u), in place", mv->order,
					mv->old_pfn, cr->order, pol->m.pageblock_order);
		pol->ops->block(pol->p, mv->new_pfn, &b);
		if (!pol_suitable_migration_target(b.pageblock_mt))
			return pol_fail(v, "policy.compact_target", mv->new_pfn,
					"order-%u block 0x%lx moved to 0x%lx, whose pageblock is "
					"type %d: suitable_migration_target() takes MOVABLE ones "
					"only", mv->order, mv->old_pfn, mv->new_pfn, b.pageblock_mt);
	}
	return true;
}

/*
 * A zone that does not run (not selected, or compact_zone() returns
 * before its scanners start) is left as it was: free lists, per-cpu
 * lists (no drain), highatomic reserve.
 */
static bool judge_untouched(struct policy *pol, const struct pol_compact_run *cr,
			    struct policy_verdict *v)
{
	int n, zt;

	for (n = 0; n < (int)pol->m.nr_nodes; n++)
		for (zt = 0; zt < POL_NR_ZONES; zt++) {
			const struct pol_zone *was = &cr->before[n][zt], *is = &pol->m.zones[n][zt];

			if (cr->selected[n][zt] && (cr->decided[n][zt] == POL_COMPACT_CONTINUE ||
						    cr->decided[n][zt] == POL_COMPACT_UNDECIDED))
				continue;
			if (memcmp(was->nr_free, is->nr_free, sizeof(was->nr_free)) ||
			    memcmp(was->pcp_blocks, is->pcp_blocks, sizeof(was->pcp_blocks)) ||
			    was->nr_reserved_highatomic != is->nr_reserved_highatomic)
				return pol_fail(v, "policy.compact_changed_state", ~0UL,
						"node %d zone %s's free or per-cpu lists changed in a "
						"compaction for order %u that %s%s", n, zone_names[zt],
						cr->order, cr->selected[n][zt] ?
						"does not run there: " : "does not select the zone",
						cr->selected[n][zt] ? decision_names[cr->decided[n][zt]] : "");
		}
	return true;
}

/* A zone's own outcome, as the port reports it, against its decision. */
static bool judge_zone_result(struct policy *pol, const struct pol_compact_run *cr, int n,
			      int zt, int res, struct policy_verdict *v)
{
	enum pol_compact d = cr->decided[n][zt];
	bool ok;

	switch (d) {
	case POL_COMPACT_SUCCESS:
		ok = res == PORT_COMPACT_SUCCESS;
		break;
	case POL_COMPACT_SKIPPED:
		ok = res == PORT_COMPACT_SKIPPED;
		break;
	case POL_COMPACT_NOT_SUITABLE:
		ok = res == PORT_COMPACT_NOT_SUITABLE;
		break;
	case POL_COMPACT_CONTINUE:
		ok = res == PORT_COMPACT_SUCCESS || res == PORT_COMPACT_COMPLETE;
		break;
	default:
		ok = res >= PORT_COMPACT_NOT_SUITABLE && res <= PORT_COMPACT_COMPLETE;
		break;
	}
	if (!ok)
		return pol_fail(v, "policy.compact_zone_result", ~0UL,
				"node %d zone %s: compaction for order %u came to outcome %d, but "
				"%s", n, zone_names[zt], cr->order, res, decision_names[d]);
	/* __compact_finished() said COMPACT_SUCCESS: the block is on a list it may use */
	if (res == PORT_COMPACT_SUCCESS &&
	    !pol_compact_finished(&pol->m, &pol->m.zones[n][zt], cr->order, cr->mt))
		return pol_fail(v, "policy.compact_zone_result", ~0UL,
				"node %d zone %s: compaction for order %u reports success, but no "
				"free block of the order is on a list type %d may use", n,
				zone_names[zt], cr->order, cr->mt);
	return true;
}

/* The op's answer: 0 when a zone succeeds, ENOMEM when none may start, else EBUSY. */
static bool judge_answer(const struct pol_compact_run *cr, const struct pol_machine *m, int err,
			 struct policy_verdict *v)
{
	bool done = false, runs = false, undecided = false;
	int n, zt;

	for (n = 0; n < (int)m->nr_nodes; n++)
		for (zt = 0; zt < POL_NR_ZONES; zt++) {
			if (!cr->selected[n][zt])
				continue;
			done |= cr->decided[n][zt] == POL_COMPACT_SUCCESS;
			runs |= cr->decided[n][zt] == POL_COMPACT_CONTINUE;
			undecided |= cr->decided[n][zt] == POL_COMPACT_UNDECIDED;
		}
	if (done && err)
		return pol_fail(v, "policy.compact_should_succeed", ~0UL,
				"compact for order %u answered %d, but a zone it compacts has the "
				"block free already (compact_finished())", cr->order, err);
	if (!done && !runs && !undecided && err != PF_ENOMEM)
		return pol_fail(v, "policy.compact_should_fail", ~0UL,
				"compact for order %u answered %d, but Linux starts no zone "
				"(compaction_suitable() or the fragmentation index refuse all): "
				"ENOMEM", cr->order, err);
	if ((runs || done) && err == PF_ENOMEM)
		return pol_fail(v, "policy.compact_result_code", ~0UL,
				"compact for order %u answered ENOMEM (no zone may start), but a "
				"zone %s", cr->order, done ? "has the block free already" :
				"passes compaction_suitable() and runs");
	return true;
}

bool policy_compact(struct policy *pol, int err, struct policy_verdict *v)
{
	struct pol_compact_run *cr = pol->compact;
	int n, zt;

	if (!pol_read_all(pol, v))
		return false;
	if (!cr || !cr->active)
		return true;
	cr->active = false;
	if (err && err != PF_ENOMEM && err != PF_EBUSY)
		return true;	/* the runner reports a wrong error code */
	if (!judge_answer(cr, &pol->m, err, v) || !judge_moves(pol, cr, v) ||
	    !judge_untouched(pol, cr, v))
		return false;
	if (!pol->ops->compact_result)
		return true;
	for (n = 0; n < (int)pol->m.nr_nodes; n++)
		for (zt = 0; zt < POL_NR_ZONES; zt++)
			if (cr->selected[n][zt] &&
			    !judge_zone_result(pol, cr, n, zt, pol->ops->compact_result(pol->p, n, zt),
					       v))
				return false;
	return true;
}

/* ---- direct compaction (a costly allocation's slow path) ---- */

void pol_compact_results(struct policy *pol, int out[POL_MAX_NODES][POL_NR_ZONES])
{
	int n, zt;

	for (n = 0; n < (int)pol->m.nr_nodes; n++)
		for (zt = 0; zt < POL_NR_ZONES; zt++)
			out[n][zt] = pol->ops->compact_result && pol->m.zones[n][zt].managed ?
				     pol->ops->compact_result(pol->p, n, zt) : PORT_COMPACT_NONE;
}

/*
 * try_to_compact_pages() visits every zone of the zonelist up to the
 * highest the request may use, skipping only the ones compaction_deferred()
 * defers; deferral follows a failed run, so a zone never compacted before
 * is never deferred, and its compact_zone() leaves an outcome (compact_zone()
 * counts every start it decides, COMPACT_SKIPPED included).
 */
bool pol_judge_direct_compact(struct policy *pol, const struct pol_request *rq,
			      const int before[POL_MAX_NODES][POL_NR_ZONES], struct policy_verdict *v)
{
	const struct pol_zonelist *zl = pol_request_zonelist(&pol->m, rq);
	int now[POL_MAX_NODES][POL_NR_ZONES];
	unsigned int i;

	if (!pol->ops->compact_result)
		return true;
	pol_compact_results(pol, now);
	for (i = 0; i < zl->nr; i++) {
		int n = zl->nid[i], zt = zl->zone[i];

		if (zt > rq->highest_zoneidx || !pol->m.zones[n][zt].managed)
			continue;
		if (before[n][zt] == PORT_COMPACT_NONE && now[n][zt] == PORT_COMPACT_NONE)
			return pol_fail(v, "policy.direct_compact_skipped", ~0UL,
					"order-%u gfp 0x%x failed after the drain stage without "
					"compacting node %d zone %s, which was never compacted before "
					"(so not deferred): __alloc_pages_direct_compact() compacts "
					"it", rq->order, rq->gfp, n, zone_names[zt]);
	}
	return true;
}
