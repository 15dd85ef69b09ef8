// SPDX-License-Identifier: MIT
/*
 * run_compact.c - judging the ops that move pages or fence them off:
 * compact, isolate, unisolate, contig, the freeing of a contig range, and
 * every migration a port asks for through port_env.migrate.
 *
 *  migrate    the owner's answer: refused for a pinned slot (`alloc ...
 *             pinned`), else the move is judged by oracle_note_migrate()
 *             (a live movable allocation to free, unisolated pages of an
 *             allowed zone and node), the page tags must be intact before
 *             and arrive intact at the new pfns.
 *  compact    success: the zone(s) now hold a free aligned 2^order block;
 *             failure: ENOMEM (compaction would not start) or EBUSY (it
 *             ran and could not), the port's two ways of saying why; a
 *             Linux-policy port is also held to compaction's decisions
 *             (fuzz/policy/judge_compact.c).
 *  isolate    success marks the pageblocks around the range (pages of the
 *             range's zone and node) isolated in the oracle; unisolate
 *             clears them; a success on a range crossing a zone or node is
 *             a bug; the port's isolated free pages are compared with the
 *             oracle's after every op (run.c).
 *  contig     success: the range was free, unisolated, in one zone and node
 *             (after the judged migrations); failure: wrong when every page
 *             of it was free and no pageblock around it isolated.
 * For a port with PORT_CAP_LINUX_POLICY the policy judge also holds the
 * pageblock types around isolate, unisolate and contig ranges (and, after
 * a compaction, the isolated ones) to Linux's (fuzz/policy/isolate.c).
 * Each of these ops is followed by the full check.
 */
#include "run_internal.h"

/** run_on_migrate - port_env.migrate; see port.h and the comment above. */
int run_on_migrate(void *arg, unsigned long old_pfn, unsigned long new_pfn, unsigned int order)
{
	struct run_ctx *c = arg;
	struct oracle_verdict v;
	unsigned long nr = 1UL << order;
	unsigned int slot;

	if (c->failed)
		return PF_EBUSY;
	for (slot = 0; slot < c->nr_slots; slot++) {
		const struct oracle_slot *os = oracle_slot(c->orc, slot);

		if (os->live && os->pfn == old_pfn && os->order == order && os->nr_pages == nr)
			break;
	}
	if (slot == c->nr_slots) {
		run_fail(c, "port.migrate_unknown", old_pfn, old_pfn + nr,
			 "migrated order-%u block at 0x%lx is no live allocation", order, old_pfn);
		return PF_EBUSY;
	}
	if (c->pinned[slot]) {
		c->nr_refused++;
		run_note(c, "  migration of slot %u 0x%lx -> 0x%lx refused: pinned\n", slot,
			 old_pfn, new_pfn);
		return PF_EBUSY;
	}
	if (!content_verify(c, slot, old_pfn, nr))
		return PF_EBUSY;
	if (!oracle_note_migrate(c->orc, slot, new_pfn, &v)) {
		run_fail(c, v.id, new_pfn, new_pfn + nr, "%s", v.detail);
		return PF_EBUSY;
	}
	content_migrate(c, slot, old_pfn, new_pfn, nr);
	c->last_pfn[slot] = new_pfn;
	c->nr_migrated++;
	if (c->pol)
		policy_compact_migrate(c->pol, old_pfn, new_pfn, order);
	return 0;
}

static void note_result(struct run_ctx *c, int err)
{
	c->last = err ? LAST_FAILED : LAST_OK;
	run_note(c, "  -> %s\n", err ? run_strerror(err) : "ok");
}

/**
 * run_compact - judge `compact [nid=N] [zone=Z] order=N`; for a port with
 * the Linux policy, the policy judge decides each zone's start before the
 * op and judges the answer, the zones' outcomes and the moves after it.
 */
bool run_compact(struct run_ctx *c, const struct scn_op *op)
{
	unsigned long moved = c->nr_migrated;
	struct policy_verdict pv;
	int err;

	if (c->pol && !policy_before_compact(c->pol, op->nid, op->zone, op->order, &pv))
		return run_policy_fail(c, &pv);
	err = c->port->compact(c->p, op->nid, op->zone, op->order);
	note_result(c, err);
	if (c->failed)
		return false;
	run_note(c, "  %lu block(s) migrated\n", c->nr_migrated - moved);
	if (!err && !oracle_has_free_block(c->orc, op->nid, op->zone, op->order))
		return run_fail(c, "oracle.compact_no_block", 0, 0,
				"compaction for order %u reported success, but no free aligned "
				"order-%u block is in the zone(s)", op->order, op->order);
	if (err && err != PF_ENOMEM && err != PF_EBUSY)
		return run_fail(c, "port.compact_error", 0, 0, "compact answered %d (%s)", err,
				run_strerror(err));
	if (c->pol && !policy_compact(c->pol, err, &pv))
		return run_policy_fail(c, &pv);
	if (!run_check_all(c))
		return false;
	/* compaction retypes pageblocks, never an isolated one */
	if (c->pol && !policy_isolated_kept(c->pol, &pv))
		return run_policy_fail(c, &pv);
	return true;
}

/* The first non-hole pfn of [start, end) (its zone and node name the range), or end. */
static unsigned long first_page(const struct run_ctx *c, unsigned long start, unsigned long end)
{
	unsigned long pfn;

	for (pfn = start; pfn < end && pfn < oracle_end_pfn(c->orc); pfn++)
		if (oracle_state_of(c->orc, pfn) != ORC_HOLE)
			return pfn;
	return end;
}

/* Do the non-hole pages of [start, end) lie in one zone of one node? */
static bool one_zone(const struct run_ctx *c, unsigned long start, unsigned long end)
{
	unsigned long first = first_page(c, start, end), pfn;

	for (pfn = first; pfn < end && pfn < oracle_end_pfn(c->orc); pfn++)
		if (oracle_state_of(c->orc, pfn) != ORC_HOLE &&
		    (oracle_zone_of(c->orc, pfn) != oracle_zone_of(c->orc, first) ||
		     oracle_node_of(c->orc, pfn) != oracle_node_of(c->orc, first)))
			return false;
	return true;
}

/*
 * The pageblocks around [start, end): [*s, *e), *e clipped to the oracle's
 * end.  Return: whether it was clipped.
 */
static bool block_span(const struct run_ctx *c, unsigned long start, unsigned long end,
		       unsigned long *s, unsigned long *e)
{
	unsigned long pb = 1UL << c->s->cfg.pageblock_order;

	*s = start & ~(pb - 1);
	*e = (end + pb - 1) & ~(pb - 1);
	if (*e <= oracle_end_pfn(c->orc))
		return false;
	*e = oracle_end_pfn(c->orc);
	return true;
}

/*
 * Walk the pageblocks around [start, end): the pages of the zone and node
 * of its first page.  @set: mark them isolated (1), not isolated (0), or
 * only test (-1).  Return: whether one of them was isolated.
 */
static bool blocks_around(struct run_ctx *c, unsigned long start, unsigned long end, int set)
{
	unsigned long first = first_page(c, start, end), pfn, s, e;
	bool any = false;

	if (first >= oracle_end_pfn(c->orc))
		return false;
	block_span(c, start, end, &s, &e);
	for (pfn = s; pfn < e; pfn++) {
		if (oracle_state_of(c->orc, pfn) == ORC_HOLE ||
		    oracle_zone_of(c->orc, pfn) != oracle_zone_of(c->orc, first) ||
		    oracle_node_of(c->orc, pfn) != oracle_node_of(c->orc, first))
			continue;
		any |= oracle_is_isolated(c->orc, pfn);
		if (set >= 0)
			oracle_note_isolate(c->orc, pfn, pfn + 1, set);
	}
	return any;
}

/*
 * has_unmovable_pages() as the judge sees it, over the pageblocks around
 * [start, end) that blocks_around() walks: a reserved page, or a live
 * allocation made without __GFP_MOVABLE (a contig range too), on a page of
 * the zone and node of the range's first page.
 */
static bool unmovable_around(const struct run_ctx *c, unsigned long start, unsigned long end)
{
	unsigned long first = first_page(c, start, end), s, e, pfn;
	unsigned int slot;
	int zone, nid;

	if (first >= oracle_end_pfn(c->orc))
		return false;
	zone = oracle_zone_of(c->orc, first);
	nid = oracle_node_of(c->orc, first);
	block_span(c, start, end, &s, &e);
	for (pfn = s; pfn < e; pfn++)
		if (oracle_state_of(c->orc, pfn) == ORC_RESERVED &&
		    oracle_zone_of(c->orc, pfn) == zone && oracle_node_of(c->orc, pfn) == nid)
			return true;
	for (slot = 0; slot < c->nr_slots; slot++) {
		const struct oracle_slot *os = oracle_slot(c->orc, slot);

		if (os->live && !(os->gfp & GFPF_MOVABLE) && os->pfn < e &&
		    os->pfn + os->nr_pages > s && oracle_zone_of(c->orc, os->pfn) == zone &&
		    oracle_node_of(c->orc, os->pfn) == nid)
			return true;
	}
	return false;
}

/*
 * Are the pageblocks around [start, end) all memory of one zone and node?
 * Only then does the oracle, which knows pages and not pageblocks, see
 * every pageblock the port may count as isolated.
 */
static bool blocks_uniform(const struct run_ctx *c, unsigned long start, unsigned long end)
{
	unsigned long s, e, pfn;

	if (block_span(c, start, end, &s, &e) || oracle_state_of(c->orc, s) == ORC_HOLE)
		return false;
	for (pfn = s; pfn < e; pfn++)
		if (oracle_state_of(c->orc, pfn) == ORC_HOLE ||
		    oracle_zone_of(c->orc, pfn) != oracle_zone_of(c->orc, s) ||
		    oracle_node_of(c->orc, pfn) != oracle_node_of(c->orc, s))
			return false;
	return true;
}

/*
 * start_isolate_page_range() for a port that follows Linux: it refuses
 * (EBUSY) when a pageblock around the range is isolated already or holds
 * an unmovable page (set_migratetype_isolate(), has_unmovable_pages()),
 * and, when those pageblocks are all memory of one zone (the port may
 * also count pageblocks over holes, which the oracle cannot see), only
 * then.  @err: the port's answer to a range that lies in one zone and
 * holds memory.
 */
static bool judge_isolate_busy(struct run_ctx *c, const struct scn_op *op, int err)
{
	unsigned long end = op->pfn + op->nr_pages;
	bool isolated = blocks_around(c, op->pfn, end, -1);
	bool unmovable = unmovable_around(c, op->pfn, end);

	if (!err && (isolated || unmovable))
		return run_fail(c, "oracle.isolate_unmovable", op->pfn, end,
				"isolate succeeded, but a pageblock around the range %s",
				isolated ? "was isolated already" :
				"holds a reserved page or an unmovable allocation");
	if (err == PF_EBUSY && !isolated && !unmovable && blocks_uniform(c, op->pfn, end))
		return run_fail(c, "oracle.isolate_refused", op->pfn, end,
				"isolate answered EBUSY, but no pageblock around the range is "
				"isolated or holds a reserved page or an unmovable allocation");
	return true;
}

/*
 * The policy judge's word on the pageblock types around an isolate,
 * unisolate or contig range (fuzz/policy/isolate.c), after the op's own
 * judging and before the full check (whose sampled walk holds the
 * pageblocks the judge saw isolated to Isolate: it must know of the op
 * first); policy_before_range() ran just before the port's call.
 */
static bool policy_types(struct run_ctx *c, const struct scn_op *op, int err)
{
	struct policy_verdict pv;
	enum policy_range_op what = op->kind == OP_ISOLATE ? POLICY_ISOLATE :
				    op->kind == OP_UNISOLATE ? POLICY_UNISOLATE : POLICY_CONTIG;

	if (c->pol && !policy_range(c->pol, what, op->pfn, op->nr_pages, err, &pv))
		return run_policy_fail(c, &pv);
	return true;
}

/** run_isolate - judge `isolate` and `unisolate`. */
bool run_isolate(struct run_ctx *c, const struct scn_op *op)
{
	bool on = op->kind == OP_ISOLATE;
	unsigned long end = op->pfn + op->nr_pages;
	bool valid;
	int err;

	if (c->pol)
		policy_before_range(c->pol, op->pfn, op->nr_pages);
	err = c->port->isolate(c->p, op->pfn, op->nr_pages, on);

	note_result(c, err);
	if (c->failed)
		return false;
	if (err && err != PF_EBUSY && err != PF_EINVAL)
		return run_fail(c, "port.isolate_error", op->pfn, end, "%s answered %d (%s)",
				on ? "isolate" : "unisolate", err, run_strerror(err));
	valid = first_page(c, op->pfn, end) < end && one_zone(c, op->pfn, end);
	if (on && valid && (c->port->caps & PORT_CAP_LINUX_POLICY) && !judge_isolate_busy(c, op, err))
		return false;
	if (!err) {
		if (!valid)
			return run_fail(c, "oracle.isolate_bad_range", op->pfn, end,
					"%s of a range with no memory or crossing a zone succeeded",
					on ? "isolate" : "unisolate");
		blocks_around(c, op->pfn, end, on);
	}
	return policy_types(c, op, err) && run_check_all(c);
}

/** run_contig - judge `contig START NR [-> NAME]`. */
bool run_contig(struct run_ctx *c, const struct scn_op *op)
{
	struct oracle_verdict v;
	unsigned long end = op->pfn + op->nr_pages;
	unsigned int slot = run_bind_slot(c, op);
	int err;

	if (slot == SCN_SLOT_NONE)
		return false;
	if (oracle_slot(c->orc, slot)->live)
		return run_skip(c, "the name is live");
	if (c->pol)
		policy_before_range(c->pol, op->pfn, op->nr_pages);
	err = c->port->contig(c->p, op->pfn, op->nr_pages);
	note_result(c, err);
	if (c->failed)
		return false;
	if (!err) {
		if (!oracle_check_contig(c->orc, op->pfn, op->nr_pages, &v))
			return run_fail(c, v.id, op->pfn, end, "contig: %s", v.detail);
		oracle_note_contig(c->orc, slot, op->pfn, op->nr_pages);
		content_fill(c, slot, op->pfn, op->nr_pages);
		c->pinned[slot] = false;
		c->last_valid[slot] = true;
		c->last_pfn[slot] = op->pfn;
		c->last_order[slot] = 0;
		return policy_types(c, op, err) && run_check_all(c);
	}
	if (err != PF_EBUSY && err != PF_ENOMEM && err != PF_EINVAL)
		return run_fail(c, "port.contig_error", op->pfn, end, "contig answered %d (%s)",
				err, run_strerror(err));
	if (oracle_check_contig(c->orc, op->pfn, op->nr_pages, NULL) &&
	    !blocks_around(c, op->pfn, end, -1))
		return run_fail(c, "oracle.contig_failed_free", op->pfn, end,
				"contig of 0x%lx + %lu pages failed (%s), but every page was free "
				"and nothing around it isolated", op->pfn,
				(unsigned long)op->nr_pages, run_strerror(err));
	return policy_types(c, op, err) && run_check_all(c);
}

/** run_free_contig - free a contig slot, page by page (free_contig_range()). */
bool run_free_contig(struct run_ctx *c, unsigned int slot, unsigned int cpu)
{
	const struct oracle_slot *os = oracle_slot(c->orc, slot);
	unsigned long pfn = os->pfn, nr = os->nr_pages, i;

	if (!content_verify(c, slot, pfn, nr))
		return false;
	for (i = 0; i < nr; i++) {
		int err = c->port->free(c->p, pfn + i, 0, cpu);

		if (err)
			return run_fail(c, "port.free_rejected", pfn + i, pfn + i + 1,
					"free of page %lu of the contig range at 0x%lx answered %d (%s)",
					i, pfn, err, run_strerror(err));
	}
	c->last = LAST_OK;
	oracle_note_free(c->orc, slot);
	content_release(c, slot, pfn, nr);
	return true;
}
