// SPDX-License-Identifier: MIT
/*
 * run_end.c - the end-of-run checks every port gets, whatever its level,
 * because they need no introspection:
 *
 *  1. every live block is freed (contents verified, as any free);
 *  2. order-0 allocations until the first failure yield exactly the
 *     usable pages: each a page the oracle holds free and not handed out
 *     twice, and as many as the oracle holds free;
 *  3. those pages are freed again, and the largest block the map allows
 *     (the largest aligned, wholly free block the oracle finds, in one
 *     zone and node unless the port is level 1) can be allocated (on a
 *     sample of scenarios for a port that checks itself, see below).
 *
 * 2 and 3 need a port whose failures mean "nothing free"
 * (PORT_CAP_STRICT_FAIL); their requests carry GFPF_NO_WATERMARKS and a gfp
 * that allows every zone, from cpu 0 without a preferred node.  Step 2
 * costs one alloc and one free per usable page (run on every input it
 * took 45% of the fuzzing time), so it runs on maps of at most
 * END_COUNT_MAX_PAGES usable pages, and for fuzz inputs only on one
 * scenario in END_COUNT_EVERY, chosen by its config (check_every % 32 ==
 * 16: every .trace that does not set check_every, whose default is 16, and
 * a decision that op removal by the minimizer does not change).  On one
 * input in eight it still cost a fifth of fuzzing time.  The pages of step 2 are not
 * put in the oracle's slot table (it has 64 slots): a bitmap tracks them.
 */
#include <stdlib.h>
#include <pagefuzz/vocab.h>
#include "run_internal.h"

#define END_COUNT_MAX_PAGES	64UL
#define END_COUNT_EVERY		32
#define END_LARGEST_EVERY	4
#define END_GFP			RUN_END_GFP

static bool free_everything(struct run_ctx *c)
{
	const struct oracle_slot *slots = oracle_slots(c->orc);
	unsigned int slot;

	for (slot = 0; slot < c->nr_slots; slot++)
		if (slots[slot].live && !run_free_slot(c, slot, 0))
			return false;
	return true;
}

static bool give_back(struct run_ctx *c, const uint64_t *taken, unsigned long end_pfn)
{
	unsigned long pfn;
	int err;

	for (pfn = 0; pfn < end_pfn; pfn++) {
		if (!(taken[pfn / 64] >> (pfn % 64) & 1))
			continue;
		err = c->port->free(c->p, pfn, 0, 0);
		if (err)
			return run_fail(c, "end.free_rejected", pfn, pfn + 1,
					"free of page 0x%lx handed out by the end-of-run count "
					"answered %d (%s)", pfn, err, run_strerror(err));
	}
	return true;
}

/* The first page the oracle holds free that the count did not get. */
static unsigned long first_missed(const struct run_ctx *c, const uint64_t *taken,
				  unsigned long end_pfn)
{
	unsigned long pfn;

	for (pfn = 0; pfn < end_pfn; pfn++)
		if (oracle_state_of(c->orc, pfn) == ORC_FREE && !oracle_is_isolated(c->orc, pfn) &&
		    !(taken[pfn / 64] >> (pfn % 64) & 1))
			return pfn;
	return 0;
}

/* Step 2: order-0 allocations until failure. */
static bool count_usable(struct run_ctx *c, uint64_t *taken, unsigned long want)
{
	unsigned long end_pfn = oracle_end_pfn(c->orc), got = 0, pfn = 0;
	int err;

	for (;;) {
		err = c->port->alloc(c->p, END_GFP, 0, 0, -1, &pfn);
		if (err)
			break;
		if (pfn >= end_pfn || oracle_state_of(c->orc, pfn) != ORC_FREE ||
		    oracle_is_isolated(c->orc, pfn))
			return run_fail(c, "end.count_not_free", pfn, pfn + 1,
					"order-0 allocation %lu of the end-of-run count answered "
					"pfn 0x%lx, which is not a free page", got + 1, pfn);
		if (taken[pfn / 64] >> (pfn % 64) & 1)
			return run_fail(c, "end.count_twice", pfn, pfn + 1,
					"the end-of-run count got page 0x%lx twice", pfn);
		taken[pfn / 64] |= 1ULL << (pfn % 64);
		got++;
	}
	run_note(c, "end: %lu order-0 allocations before failure (%s), oracle %lu free\n",
		 got, run_strerror(err), want);
	if (err != PF_ENOMEM)
		return run_fail(c, "end.count_error", 0, 0, "order-0 allocation answered %d (%s)",
				err, run_strerror(err));
	if (got != want) {
		pfn = first_missed(c, taken, end_pfn);
		return run_fail(c, "end.usable_count", pfn, pfn + 1,
				"order-0 allocations until failure got %lu pages, the map has %lu "
				"usable (first missed: 0x%lx)", got, want, pfn);
	}
	return give_back(c, taken, end_pfn);
}

/*
 * Step 3: the largest block the oracle sees free can be had.  A port with
 * PORT_CAP_SELF_CHECK gets it on one scenario in END_LARGEST_EVERY, chosen
 * by its config (check_every % 4 == 0: the default 16 of every .trace
 * included), since its own walk already looks for free buddies left
 * unmerged; it cost a tenth of fuzzing time on every scenario.
 */
static bool largest_block(struct run_ctx *c)
{
	struct oracle_req req = run_request(c, END_GFP, 0, 0);
	struct oracle_verdict v;
	unsigned long pfn = 0;
	int order, err;

	if ((c->port->caps & PORT_CAP_SELF_CHECK) && c->s->cfg.check_every % END_LARGEST_EVERY)
		return true;
	order = oracle_largest_free_order(c->orc, c->s->cfg.max_order, req.anywhere);
	if (order < 0)
		return true;
	req.order = (unsigned int)order;
	err = c->port->alloc(c->p, END_GFP, (unsigned int)order, 0, -1, &pfn);
	if (err) {
		oracle_check_failure(c->orc, &req, &v);
		return run_fail(c, "end.largest_block", v.pfn, v.pfn + (1UL << order),
				"everything freed, the order-%d allocation failed (%s): %s",
				order, run_strerror(err), v.detail);
	}
	if (!oracle_check_alloc(c->orc, &req, pfn, &v))
		return run_fail(c, v.id, pfn, pfn + (1UL << order), "%s", v.detail);
	err = c->port->free(c->p, pfn, (unsigned int)order, 0);
	if (err)
		return run_fail(c, "end.free_rejected", pfn, pfn + (1UL << order),
				"free of the order-%d block answered %d (%s)", order, err,
				run_strerror(err));
	return true;
}

/**
 * run_end_checks - the checks above, after the last op.
 * @c: a run whose ops all passed
 * Return: false after reporting a failure.
 */
bool run_end_checks(struct run_ctx *c)
{
	unsigned long want, end_pfn = oracle_end_pfn(c->orc);
	uint64_t *taken;
	bool ok;

	c->at_end = true;
	c->reason[0] = 0;
	if (!free_everything(c))
		return false;
	if (c->o->trace && !diff_note_end(c))
		return false;
	if (!(c->port->caps & PORT_CAP_STRICT_FAIL))
		return true;
	want = run_oracle_free_total(c);
	if (want > END_COUNT_MAX_PAGES || c->s->cfg.check_every % END_COUNT_EVERY != 16)
		return largest_block(c);
	taken = calloc(end_pfn / 64 + 1, sizeof(*taken));
	if (!taken)
		return true;
	ok = count_usable(c, taken, want) && largest_block(c);
	free(taken);
	return ok;
}
