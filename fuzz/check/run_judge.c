// SPDX-License-Identifier: MIT
/*
 * run_judge.c - alloc, free and drain in halves: what comes before the
 * port's call (the slot bound, a live slot skipped, contents verified) and
 * the judging of its answer (the oracle's verdict and bookkeeping, page
 * contents, the policy judge).  run.c's op loop makes the port call in
 * between, and so do the C reproducers repro/to-c writes (step.c).
 */
#include <pagefuzz/vocab.h>
#include "run_internal.h"

/* The node an allocation prefers: the op's, or that of its cpu. */
static int preferred_nid(const struct run_ctx *c, const struct scn_op *op)
{
	return op->nid >= 0 ? op->nid : op->cpu % c->s->cfg.nr_nodes;
}

/* A level-1 port is judged on the order alone: gfp means nothing to it. */
static bool request_valid(const struct run_ctx *c, const struct scn_op *op)
{
	uint32_t mob = op->gfp & (GFPF_MOVABLE | GFPF_RECLAIMABLE);

	if (c->port->level < PORT_LEVEL_ZONES)
		return op->order <= c->s->cfg.max_order;
	return op->order <= c->s->cfg.max_order && oracle_gfp_zone(op->gfp) != ORACLE_NO_ZONE &&
	       mob != (GFPF_MOVABLE | GFPF_RECLAIMABLE) && !(op->gfp & ~GFPF_ALL);
}

/**
 * run_request - what the oracle judges an allocation against.  Level 1:
 * anywhere, and (with PORT_CAP_STRICT_FAIL) every failure is judged; level
 * >= 2: the gfp as given, and without PORT_CAP_STRICT_FAIL no failure is.
 */
struct oracle_req run_request(const struct run_ctx *c, uint32_t gfp, unsigned int order, int nid)
{
	struct oracle_req req = { gfp, order, nid, false };
	bool strict = c->port->caps & PORT_CAP_STRICT_FAIL;

	if (c->port->level < PORT_LEVEL_ZONES) {
		req.anywhere = true;
		req.gfp = strict ? GFPF_NO_WATERMARKS : 0;
	} else if (!strict) {
		req.gfp &= ~GFPF_NO_WATERMARKS;
	}
	return req;
}

/**
 * run_bind_slot - the slot an ALLOC or CONTIG binds: its name's, or for an
 * unnamed one the next slot past the named ones (taken for good: a failed
 * run wastes one; run_slots_setup() made room for every run).
 * Return: the slot, or SCN_SLOT_NONE after a failure report.
 */
unsigned int run_bind_slot(struct run_ctx *c, const struct scn_op *op)
{
	if (op->slot != SCN_SLOT_NONE)
		return op->slot;
	if (c->next_anon == c->nr_slots) {
		run_fail(c, "harness.no_slot", 0, 0, "no slot left for an unnamed allocation");
		return SCN_SLOT_NONE;
	}
	return c->next_anon++;
}

/**
 * run_alloc_prepare - before the port's alloc(): bind the slot (*slot),
 * skip when it is live, tell the policy judge.  Return: true to call the
 * port; false when the op is over (skipped, or failed: c->failed says).
 */
bool run_alloc_prepare(struct run_ctx *c, const struct scn_op *op, unsigned int *slot)
{
	*slot = run_bind_slot(c, op);
	if (*slot == SCN_SLOT_NONE)
		return false;
	if (oracle_slot(c->orc, *slot)->live) {
		run_note(c, "  skipped: slot %u is live\n", *slot);
		c->r->ops_skipped++;
		c->last = LAST_SKIPPED;
		return false;
	}
	if (c->pol)
		policy_before_alloc(c->pol, op->gfp, op->order, (unsigned int)op->cpu, op->nid);
	return true;
}

/**
 * run_judge_alloc - the port's alloc() answered @err (@pfn): the oracle's
 * verdict (oracle_check_alloc / oracle_check_failure), then the oracle,
 * the page contents and the policy judge take the answer (oracle_note_alloc).
 */
bool run_judge_alloc(struct run_ctx *c, const struct scn_op *op, unsigned int slot, int err,
		     unsigned long pfn)
{
	struct oracle_req req = run_request(c, op->gfp, op->order, preferred_nid(c, op));
	struct oracle_verdict v;
	struct policy_verdict pv;

	c->last = err ? LAST_FAILED : LAST_OK;
	if (!err) {
		if (!request_valid(c, op))
			return run_fail(c, "port.accepted_invalid_alloc", pfn, pfn + (1UL << op->order),
					"gfp 0x%x order %u should have been rejected", op->gfp, op->order);
		if (!oracle_check_alloc(c->orc, &req, pfn, &v))
			return run_fail(c, v.id, pfn, pfn + (1UL << op->order), "%s", v.detail);
		oracle_note_alloc(c->orc, slot, pfn, op->order, op->gfp);
		content_fill(c, slot, pfn, 1UL << op->order);
		c->pinned[slot] = op->arg;
		c->last_valid[slot] = true;
		c->last_pfn[slot] = pfn;
		c->last_order[slot] = op->order;
		run_note(c, "  -> pfn 0x%lx\n", pfn);
		if (c->pol && !policy_alloc(c->pol, op->gfp, op->order, (unsigned int)op->cpu, op->nid,
					    0, pfn, &pv))
			return run_policy_fail(c, &pv);
		return true;
	}
	run_note(c, "  -> failed (%s)\n", run_strerror(err));
	if (err < 0 && err != PF_ENOMEM && !request_valid(c, op))
		return true;
	if (err != PF_ENOMEM)
		return run_fail(c, "port.alloc_error", 0, 0, "valid request answered %d (%s)",
				err, run_strerror(err));
	if (!oracle_check_failure(c->orc, &req, &v))
		return run_fail(c, v.id, v.pfn, v.pfn + (1UL << op->order), "%s", v.detail);
	if (c->pol && !policy_alloc(c->pol, op->gfp, op->order, (unsigned int)op->cpu, op->nid,
				    err, 0, &pv))
		return run_policy_fail(c, &pv);
	return true;
}

/**
 * run_free_prepare - before the port's free() of @slot's live block: its
 * contents must be intact.  A contig range is freed here, page by page.
 * Return: true to call port->free(*pfn, *order); false when the op is
 * over (c->failed says whether it failed).
 */
bool run_free_prepare(struct run_ctx *c, unsigned int slot, unsigned int cpu,
		      unsigned long *pfn, unsigned int *order)
{
	const struct oracle_slot *os = oracle_slot(c->orc, slot);

	*pfn = os->pfn;
	*order = os->order;
	if (os->nr_pages != 1UL << os->order) {	/* page by page: the policy judge re-reads */
		if (run_free_contig(c, slot, cpu))
			run_policy_after(c);
		return false;
	}
	return content_verify(c, slot, *pfn, 1UL << *order);
}

/** run_judge_free - the port's free() of @slot's block answered @err. */
bool run_judge_free(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned int order,
		    unsigned int cpu, int err)
{
	c->last = err ? LAST_FAILED : LAST_OK;
	if (err)
		return run_fail(c, "port.free_rejected", pfn, pfn + (1UL << order),
				"free of a live order-%u block answered %d (%s)", order, err,
				run_strerror(err));
	oracle_note_free(c->orc, slot);
	content_release(c, slot, pfn, 1UL << order);
	if (c->pol) {
		struct policy_verdict pv;

		if (!policy_free(c->pol, pfn, order, cpu, &pv))
			return run_policy_fail(c, &pv);
	}
	return true;
}

/**
 * run_free_slot - free the live block of @slot through the port: its
 * contents must be intact and the port must take it.
 */
bool run_free_slot(struct run_ctx *c, unsigned int slot, unsigned int cpu)
{
	unsigned long pfn;
	unsigned int order;

	if (!run_free_prepare(c, slot, cpu, &pfn, &order))
		return !c->failed;
	return run_judge_free(c, slot, pfn, order, cpu, c->port->free(c->p, pfn, order, cpu));
}

/** run_free_live - `free NAME`: skipped when the slot holds nothing (true: go on). */
bool run_free_live(struct run_ctx *c, const struct scn_op *op)
{
	if (oracle_slot(c->orc, op->slot)->live)
		return true;
	run_note(c, "  skipped: slot %u holds nothing\n", op->slot);
	c->r->ops_skipped++;
	c->last = LAST_SKIPPED;
	return false;
}

/** run_judge_drain - the port's drain() answered @err. */
bool run_judge_drain(struct run_ctx *c, const struct scn_op *op, int err)
{
	struct policy_verdict pv;

	c->last = err ? LAST_FAILED : LAST_OK;
	if (err)
		return run_fail(c, "port.drain_error", 0, 0, "drain answered %d", err);
	if (c->pol && !policy_drain(c->pol, op->cpu, &pv))
		return run_policy_fail(c, &pv);
	return true;
}

