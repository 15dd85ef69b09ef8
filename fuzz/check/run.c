// SPDX-License-Identifier: MIT
/*
 * run.c - the lockstep op loop: each run-phase op goes to the port, the
 * oracle judges the answer, then the per-step checks run.
 *
 * Judging, per op kind:
 *  alloc     success: oracle_check_alloc (placement); failure: ENOMEM must
 *            be legitimate (oracle_check_failure), EINVAL only for a
 *            request that is invalid (bad zone bits, both mobility bits).
 *  free      must succeed for a live slot; the pages' tags must be intact.
 *  drain     must succeed.
 *  misuse    must be rejected and change nothing (zone counters equal
 *            before and after; the incremental self-check passes).
 * After every op: every zone's free count equals the oracle's and the
 * port's incremental self-check passes; every check_every ops and at the
 * end, the full walk and every live page's tags.  On large maps the walk
 * interval is at least one op per 256 pfns (WALK_PFNS_PER_OP), so that
 * the walks cost about as much per op on every map size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "run_internal.h"

/* The name of a PF_* error code, for notes and reports. */
const char *run_strerror(int err)
{
	static const char *const names[] = {
		"ok", "ENOMEM", "EINVAL", "ENOENT", "EBUSY", "ENOTSUP", "ESTATE",
	};

	return err <= 0 && -err < (int)(sizeof(names) / sizeof(names[0])) ? names[-err] : "?";
}

static void on_violation(void *arg, const char *id, unsigned long pfn, const char *detail)
{
	struct run_ctx *c = arg;

	run_fail(c, id, pfn, pfn == ~0UL ? pfn : pfn + 1, "%s", detail);
}

/* Level 1: the arena's free count against the oracle's total. */
static bool check_arena(struct run_ctx *c)
{
	struct port_zone_counters zc = { 0 };
	unsigned long want = run_oracle_free_total(c);

	if (c->port->zone_counters(c->p, -1, -1, &zc))
		return run_fail(c, "port.counters_error", 0, 0,
				"zone_counters(-1, -1) (the arena of a level-1 port) failed");
	if (zc.free_pages == want)
		return true;
	return run_fail(c, "oracle.arena_free_mismatch", 0, 0,
			"port counts %lu free pages in its arena, oracle %lu", zc.free_pages, want);
}

/* One zone's counters against the oracle; see run_check_zones(). */
static bool check_zone(struct run_ctx *c, int nid, int zone, bool layout)
{
	struct port_zone_counters zc = { 0 };
	struct oracle_verdict v;
	bool ok;

	if (c->port->zone_counters(c->p, nid, zone, &zc))
		return true;
	if (!layout)
		ok = oracle_check_zone_free(c->orc, nid, zone, zc.free_pages, &v);
	else if (!oracle_check_layout(c->orc, nid, zone, zc.present, zc.managed, &v))
		ok = false;
	else
		ok = !(c->port->caps & PORT_CAP_PROTECTION) ||
		     oracle_check_protection(c->orc, nid, zone, zc.lowmem_reserve, &v);
	if (!ok)
		return run_fail(c, v.id, v.pfn, v.pfn + 1, "%s", v.detail);
	if (!layout && (c->op_caps & SCN_CAP_ISOLATE) &&
	    zc.isolated_free != oracle_isolated_free(c->orc, nid, zone))
		return run_fail(c, "oracle.zone_isolated_mismatch", 0, 0,
				"node %d zone %d: port has %lu free pages isolated, oracle %lu",
				nid, zone, zc.isolated_free, oracle_isolated_free(c->orc, nid, zone));
	return true;
}

/**
 * run_check_zones - every zone's counters against the oracle: the free
 * count, or (@layout, right after boot) present and managed pages.  A
 * level-1 port has one arena: its free count against the oracle's total.
 */
bool run_check_zones(struct run_ctx *c, bool layout)
{
	int nid, zone;

	if (!(c->port->caps & PORT_CAP_ZONE_COUNTERS))
		return true;
	if (c->port->level < PORT_LEVEL_ZONES)
		return check_arena(c);
	for (nid = 0; nid < c->s->cfg.nr_nodes; nid++)
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++)
			if (!check_zone(c, nid, zone, layout))
				return false;
	return true;
}

/** run_policy_fail - report a policy judge's verdict. */
bool run_policy_fail(struct run_ctx *c, const struct policy_verdict *v)
{
	return run_fail(c, v->id, v->pfn, v->pfn == ~0UL ? v->pfn : v->pfn + 1, "%s", v->detail);
}

/** run_oracle_free_total - free, unisolated pages of the whole map. */
unsigned long run_oracle_free_total(const struct run_ctx *c)
{
	unsigned long sum = 0;
	int nid, zone;

	for (nid = 0; nid < c->s->cfg.nr_nodes; nid++)
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++)
			sum += oracle_free_pages(c->orc, nid, zone);
	return sum;
}

/* After an op the policy judge does not decide: re-read (and check) its state. */
bool run_policy_after(struct run_ctx *c)
{
	struct policy_verdict pv;

	if (c->pol && !policy_resync(c->pol, &pv))
		return run_policy_fail(c, &pv);
	return true;
}

/*
 * The counters after a step: the free counts of the zones with managed
 * pages.  A page counted in an empty zone was taken from a zone with
 * pages, whose count then differs too; the walks check every zone.
 */
_Static_assert(SCN_MAX_NODES * ORACLE_NR_ZONES <= 64, "managed_zones holds a bit per zone");

static bool check_step_counters(struct run_ctx *c)
{
	int nid, zone;

	if (!(c->port->caps & PORT_CAP_ZONE_COUNTERS))
		return true;
	if (c->port->level < PORT_LEVEL_ZONES)
		return check_arena(c);
	if (!c->managed_known) {	/* fixed once the map is booted */
		c->managed_zones = 0;
		for (nid = 0; nid < c->s->cfg.nr_nodes; nid++)
			for (zone = 0; zone < ORACLE_NR_ZONES; zone++)
				if (oracle_managed_pages(c->orc, nid, zone))
					c->managed_zones |= 1ULL << (nid * ORACLE_NR_ZONES + zone);
		c->managed_known = true;
	}
	for (nid = 0; nid < c->s->cfg.nr_nodes; nid++)
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++)
			if ((c->managed_zones >> (nid * ORACLE_NR_ZONES + zone) & 1) &&
			    !check_zone(c, nid, zone, false))
				return false;
	return true;
}

/*
 * A sample of the live blocks' page tags: one page in CONTENT_SAMPLE_ROUNDS
 * of each block, the blocks taken in turn from where the last walk
 * stopped, until CONTENT_WALK_PAGES pages were checked.  Each pass over
 * every slot checks a different eighth of each block's pages.  Every tag
 * of a block is checked when it is freed, and the end of a run frees every
 * block: the sample only decides how soon a stray write shows, and walks
 * after every op over a few large blocks spent more on it than on the
 * allocator's own walk.
 */
static bool verify_all_contents(struct run_ctx *c)
{
	const struct oracle_slot *slots = oracle_slots(c->orc);
	unsigned long budget = CONTENT_WALK_PAGES;
	unsigned int slot = c->content_slot, seen;

	for (seen = 0; seen < c->nr_slots && budget; seen++) {
		const struct oracle_slot *os;

		if (slot >= c->nr_slots) {
			slot = 0;
			c->content_pass++;
		}
		os = &slots[slot];
		if (os->live) {
			unsigned long nr = (os->nr_pages + CONTENT_SAMPLE_ROUNDS - 1) /
					   CONTENT_SAMPLE_ROUNDS;

			if (!content_verify_sample(c, slot, os->pfn, os->nr_pages, c->content_pass))
				return false;
			budget -= nr < budget ? nr : budget;
		}
		slot++;
	}
	c->content_slot = slot;
	return true;
}

/* A self-check that counts violations must also have reported one. */
static bool self_check_result(struct run_ctx *c, unsigned int count, const char *which)
{
	if (count && !c->failed)
		return run_fail(c, "port.check_unreported", 0, 0,
				"%s counted %u violation(s) but reported none", which, count);
	return !c->failed;
}

/**
 * run_check_all - the port's full walk, counters and every live page.
 * The periodic walk (run_check_step()) counts its steps from here, so a
 * walk an op asked for (compaction, isolation, contig, `check`) stands
 * for the periodic one: never more than walk_every steps without a walk.
 */
bool run_check_all(struct run_ctx *c)
{
	c->since_walk = 0;
	if ((c->port->caps & PORT_CAP_SELF_CHECK) &&
	    !self_check_result(c, c->port->check_all(c->p, on_violation, c, 1), "check_all"))
		return false;
	if (c->failed || !run_check_zones(c, false) || !verify_all_contents(c))
		return false;
	if (c->pol) {
		struct policy_verdict v;

		if (!policy_walk(c->pol, c->last_walk, &v))
			return run_policy_fail(c, &v);
	}
	c->walk_current = true;
	return true;
}

/**
 * run_check_last - the walk at the end of the run.  When no op has run
 * since the last full walk passed (a run without ops, a last op that
 * walked: compaction, isolation, contig, `check`, or the periodic walk),
 * the port's state is the one that walk passed, and walking it again
 * finds nothing new: only the policy judge's end-of-run census, which the
 * walk makes only on a sample of calls, is left.  About one run in six
 * while fuzzing.
 */
bool run_check_last(struct run_ctx *c)
{
	struct policy_verdict v;

	c->last_walk = true;
	if (!c->walk_current)
		return run_check_all(c);
	if (c->pol && !policy_walk(c->pol, true, &v))
		return run_policy_fail(c, &v);
	return !c->failed;
}

bool run_check_step(struct run_ctx *c)
{
	if (c->failed)
		return false;
	/* a walk checks all the step's checks would, and more */
	if (++c->since_walk >= c->walk_every)
		return run_check_all(c);
	if (!check_step_counters(c))
		return false;
	if ((c->port->caps & PORT_CAP_SELF_CHECK) &&
	    !self_check_result(c, c->port->check_touched(c->p, on_violation, c, 1),
			       "check_touched"))
		return false;
	return true;
}

static bool do_alloc(struct run_ctx *c, const struct scn_op *op)
{
	unsigned long pfn = 0;
	unsigned int slot;
	int err;

	if (!run_alloc_prepare(c, op, &slot))
		return !c->failed;
	err = c->port->alloc(c->p, op->gfp, op->order, (unsigned int)op->cpu, op->nid, &pfn);
	return run_judge_alloc(c, op, slot, err, pfn);
}

static bool do_free(struct run_ctx *c, const struct scn_op *op)
{
	if (!run_free_live(c, op))
		return true;
	return run_free_slot(c, op->slot, (unsigned int)op->cpu);
}

/* run_take_snapshot - zone counters, to prove a rejected call changed nothing (run_internal.h). */
void run_take_snapshot(struct run_ctx *c, struct run_snapshot *sn)
{
	int nid, zone;

	memset(sn, 0, sizeof(*sn));
	if (!(c->port->caps & PORT_CAP_ZONE_COUNTERS))
		return;
	if (c->port->level < PORT_LEVEL_ZONES) {
		struct port_zone_counters zc = { 0 };

		c->port->zone_counters(c->p, -1, -1, &zc);
		sn->free_pages[0][0] = zc.free_pages;
		return;
	}
	for (nid = 0; nid < c->s->cfg.nr_nodes; nid++) {
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++) {
			struct port_zone_counters zc = { 0 };

			c->port->zone_counters(c->p, nid, zone, &zc);
			sn->free_pages[nid][zone] = zc.free_pages;
		}
	}
}

/* A misuse free must be rejected and change nothing. */
static bool misuse_free(struct run_ctx *c, const struct scn_op *op, unsigned long pfn,
			unsigned int order, const char *what)
{
	struct run_snapshot before, after;
	int err;

	run_take_snapshot(c, &before);
	err = c->port->free(c->p, pfn, order, op->cpu >= 0 ? (unsigned int)op->cpu : 0);
	c->last = err ? LAST_FAILED : LAST_OK;
	run_note(c, "  -> %s\n", err ? run_strerror(err) : "accepted");
	if (!err)
		return run_fail(c, "port.misuse_accepted", pfn, pfn + (1UL << order),
				"%s of pfn 0x%lx order %u was accepted", what, pfn, order);
	run_take_snapshot(c, &after);
	if (memcmp(&before, &after, sizeof(before)))
		return run_fail(c, "port.misuse_changed_state", pfn, pfn + (1UL << order),
				"%s of pfn 0x%lx order %u was rejected but changed the free counts",
				what, pfn, order);
	return true;
}

/* Is any page of the block allocated now (so the call would be a legal free)? */
static bool block_has_live_head(const struct run_ctx *c, unsigned long pfn, unsigned int order)
{
	unsigned int slot;

	for (slot = 0; slot < c->nr_slots; slot++) {
		const struct oracle_slot *os = oracle_slot(c->orc, slot);

		if (os->live && os->pfn < pfn + (1UL << order) && pfn < os->pfn + os->nr_pages)
			return true;
	}
	return false;
}

bool run_skip(struct run_ctx *c, const char *why)
{
	run_note(c, "  skipped: %s\n", why);
	c->r->ops_skipped++;
	c->last = LAST_SKIPPED;
	return true;
}

static bool do_misuse(struct run_ctx *c, const struct scn_op *op)
{
	const struct oracle_slot *os = oracle_slot(c->orc, op->slot);

	switch (op->kind) {
	case OP_DOUBLE_FREE:
		if (os->live && !do_free(c, op))
			return false;
		if (!c->last_valid[op->slot])
			return run_skip(c, "the name was never bound");
		if (block_has_live_head(c, c->last_pfn[op->slot], c->last_order[op->slot]))
			return run_skip(c, "its pages were handed out again");
		return misuse_free(c, op, c->last_pfn[op->slot], c->last_order[op->slot],
				   "double free");
	case OP_WRONG_ORDER:
		if (!os->live)
			return run_skip(c, "the name holds nothing");
		if (op->order == os->order)
			return run_skip(c, "that is the right order");
		return misuse_free(c, op, os->pfn, op->order, "free with a wrong order");
	default:
		if (op->order > c->s->cfg.max_order + 1U)
			return run_skip(c, "order out of range");
		for (unsigned int slot = 0; slot < c->nr_slots; slot++) {
			os = oracle_slot(c->orc, slot);
			if (os->live && os->pfn == op->pfn && os->order == op->order &&
			    os->nr_pages == 1UL << os->order)
				return run_skip(c, "that is a live allocation");
			if (os->live && op->order == 0 && os->nr_pages != 1UL << os->order &&
			    op->pfn >= os->pfn && op->pfn - os->pfn < os->nr_pages)
				return run_skip(c, "that is a page of a live contig range");
		}
		return misuse_free(c, op, op->pfn, op->order, "free of a pfn");
	}
}

/* `expect ok=K`: the first K runs of the op before succeeded, the rest failed. */
static bool expect_count(struct run_ctx *c, const struct scn_op *op)
{
	uint32_t fails = c->last_runs - c->last_oks;

	if (c->last_oks == op->times && !c->last_ok_after_fail && c->last != LAST_SKIPPED)
		return true;
	return run_fail(c, "expect", 0, 0, "expected ok=%u fail=%u of %u runs, got ok=%u fail=%u%s",
			op->times, c->last_runs - op->times, c->last_runs, c->last_oks, fails,
			c->last_ok_after_fail ? " (a success came after a failure)" :
			c->last == LAST_SKIPPED ? " (the last run was skipped)" : "");
}

static bool do_expect(struct run_ctx *c, const struct scn_op *op)
{
	bool want_ok = op->arg == EXPECT_OK;

	if (!c->o->honour_expect || c->s->cfg.expect_off)
		return true;
	if (op->arg == EXPECT_COUNT)
		return expect_count(c, op);
	if (c->last_runs > 1 && c->last != LAST_SKIPPED &&
	    c->last_oks != (want_ok ? c->last_runs : 0))
		return run_fail(c, "expect", 0, 0, "expected all %u runs of the op before to %s, "
				"%u of them succeeded", c->last_runs, want_ok ? "succeed" : "fail",
				c->last_oks);
	if (c->last == LAST_SKIPPED)
		return run_fail(c, "expect", 0, 0,
				"expected the previous op to %s, but it was skipped",
				want_ok ? "succeed" : "fail");
	if (want_ok == (c->last == LAST_OK))
		return true;
	return run_fail(c, "expect", 0, 0, "expected the previous op to %s, it %s",
			want_ok ? "succeed" : "fail", want_ok ? "failed" : "succeeded");
}

/*
 * The policy judge reads dumps back on a sample: always when replaying,
 * while fuzzing in the runs whose op count is a multiple of 4 (so the
 * input chooses, and three runs in four pay nothing).
 */
static bool policy_reads_dump(const struct run_ctx *c, const struct scn_op *op)
{
	return c->pol && c->port->dump && op->arg != DUMP_MEMBLOCK &&
	       (c->o->honour_expect || c->s->nr_ops % 4 == 0);
}

static bool do_dump(struct run_ctx *c, const struct scn_op *op)
{
	struct policy_verdict pv;
	char *text = NULL;
	size_t len = 0;
	FILE *mem;
	bool ok;

	if (!policy_reads_dump(c, op)) {
		if (c->port->dump && c->sink)
			c->port->dump(c->p, (enum scn_dump)op->arg, c->sink);
		return true;
	}
	mem = open_memstream(&text, &len);
	if (!mem)
		return true;
	c->port->dump(c->p, (enum scn_dump)op->arg, mem);
	fclose(mem);
	if (c->sink)
		fwrite(text, 1, len, c->sink);
	ok = policy_check_dump(c->pol, (enum scn_dump)op->arg, text, len, &pv);
	free(text);
	return ok ? true : run_policy_fail(c, &pv);
}

/* The op kind is one the port takes (a .trace may hold any kind). */
bool run_supported(const struct run_ctx *c, const struct scn_op *op)
{
	unsigned int need = scn_op_cap(op->kind), mask = c->o->op_mask ? c->o->op_mask : ~0u;

	return (c->op_caps & mask & need) == need;
}

bool run_do_op(struct run_ctx *c, const struct scn_op *op)
{
	struct policy_verdict pv;
	int err;

	if (!run_supported(c, op))
		return run_skip(c, "not supported by this port (yet)");
	switch (op->kind) {
	case OP_ALLOC:
		return do_alloc(c, op);
	case OP_FREE:
		return do_free(c, op);
	case OP_DRAIN:
		err = c->port->drain(c->p, op->cpu);
		return run_judge_drain(c, op, err);
	/* compaction, isolation and contig move pages: the policy judge re-reads its state */
	case OP_COMPACT:	/* the policy judge re-reads in run_compact() */
		return run_compact(c, op);
	case OP_ISOLATE:
	case OP_UNISOLATE:
		return run_isolate(c, op) && run_policy_after(c);
	case OP_CONTIG:
		return run_contig(c, op) && run_policy_after(c);
	case OP_DOUBLE_FREE:
	case OP_WRONG_ORDER:
	case OP_FREE_PFN:
		if (!do_misuse(c, op))
			return false;
		if (c->pol && !policy_resync(c->pol, &pv))
			return run_policy_fail(c, &pv);
		return true;
	case OP_EXPECT:
		return do_expect(c, op);
	case OP_CHECK:
		return run_check_all(c);
	case OP_DUMP:
		return do_dump(c, op);
	case OP_CORRUPT:
		return run_corrupt(c, op);
	case OP_BAD_CALL:
		if (!run_bad_call(c, op))
			return false;
		if (c->pol && !policy_resync(c->pol, &pv))
			return run_policy_fail(c, &pv);
		return true;
	default:
		return run_skip(c, "no judge for this op kind yet");
	}
}

/* A rerun for the "before" half of a report: print it at run @run of op @op and stop. */
static bool before_here(struct run_ctx *c, int op, uint32_t run)
{
	FILE *err = c->o->err ? c->o->err : stderr;

	if (!c->o->describe_before || op != c->o->before_op || run != c->o->before_run)
		return false;
	run_port_view(c, err, "before", c->o->before_start, c->o->before_end);
	c->stopped = true;
	return true;
}

/**
 * run_slots_setup - slot tables for the named slots of the scenario and
 * one slot per run of an unnamed allocation: the fixed arrays when they
 * are enough (every binary input), else malloc'ed ones.  Past
 * RUN_MAX_SLOTS in all, or out of memory, the run fails before boot.
 */
bool run_slots_setup(struct run_ctx *c)
{
	uint64_t n = c->s->nr_slots;

	for (unsigned int i = 0; i < c->s->nr_ops; i++) {
		const struct scn_op *op = scenario_op(c->s, i);

		if (op->slot == SCN_SLOT_NONE && (op->kind == OP_ALLOC || op->kind == OP_CONTIG))
			n += op->times ? op->times : 1;
	}
	c->next_anon = c->s->nr_slots;
	if (n > RUN_MAX_SLOTS)
		return run_fail(c, "harness.too_many_allocations", 0, 0, "%llu named slots and "
				"unnamed allocation runs: more than the %u the runner keeps",
				(unsigned long long)n, RUN_MAX_SLOTS);
	c->nr_slots = n <= SCN_NR_SLOTS ? SCN_NR_SLOTS : (unsigned int)n;
	if (n <= SCN_NR_SLOTS) {
		c->slot_tag = c->fixed_tag;
		c->last_valid = c->fixed_valid;
		c->last_pfn = c->fixed_pfn;
		c->last_order = c->fixed_order;
		c->pinned = c->fixed_pinned;
		return true;
	}
	c->pinned = calloc(n, sizeof(*c->pinned));
	c->slot_tag = calloc(n, sizeof(*c->slot_tag));
	c->last_valid = calloc(n, sizeof(*c->last_valid));
	c->last_pfn = calloc(n, sizeof(*c->last_pfn));
	c->last_order = calloc(n, sizeof(*c->last_order));
	if (!c->slot_tag || !c->last_valid || !c->last_pfn || !c->last_order || !c->pinned)
		return run_fail(c, "harness.out_of_memory", 0, 0, "no memory for %u slots", c->nr_slots);
	return true;
}

void run_slots_teardown(struct run_ctx *c)
{
	if (c->slot_tag == c->fixed_tag)
		return;
	free(c->slot_tag);
	free(c->last_valid);
	free(c->last_pfn);
	free(c->last_order);
	free(c->pinned);
}

/* Count one run of an op for a later `expect` (its outcome is in c->last). */
void run_note_run(struct run_ctx *c, const struct scn_op *op, bool first)
{
	if (op->kind == OP_EXPECT || op->kind == OP_DUMP || op->kind == OP_CHECK)
		return;		/* an expect is about the op before these */
	if (first) {
		c->last_runs = c->last_oks = 0;
		c->last_ok_after_fail = false;
	}
	if (c->last == LAST_OK) {
		c->last_ok_after_fail |= c->last_oks < c->last_runs;
		c->last_oks++;
	}
	c->last_runs++;
}

/* Every run of op @i (`x N`: N of them), each with the per-step checks. */
static bool run_op(struct run_ctx *c, unsigned int i)
{
	const struct scn_op *op = scenario_op(c->s, i);
	uint32_t runs = op->times && op->kind != OP_EXPECT ? op->times : 1;

	for (uint32_t r = 0; r < runs; r++) {
		unsigned int skipped = c->r->ops_skipped;

		c->cur_run = r;
		c->reason[0] = 0;
		if (before_here(c, (int)i, r))
			return false;
		c->walk_current = false;
		if (c->o->trace && r == 0)
			diff_note_before(c, i);
		if (!run_do_op(c, op)) {
			c->r->ops_run += c->corrupted;	/* `corrupt` ran, and ended the run */
			return false;
		}
		if (c->r->ops_skipped == skipped)
			c->r->ops_run++;
		run_note_run(c, op, r == 0);
		if (c->o->trace)
			diff_note_run(c, i, r);
		if (!run_check_step(c))
			return false;
	}
	return true;
}

static void print_step(struct run_ctx *c, unsigned int i)
{
	if (!c->o->verbose || !c->o->out)
		return;
	fprintf(c->o->out, "[%u] ", i);
	scenario_print_op(c->s, scenario_op(c->s, i), c->o->names, c->o->out);
}

/* opts->at_end, if any, on the state as it is now; true if it was called. */
static bool show_end(struct run_ctx *c)
{
	struct run_view view = { c->s, c->port, c->p, c->orc, c->r, &c->map };

	if (!c->o->at_end || !c->p)
		return false;
	c->o->at_end(&view, c->o->at_end_arg);
	return true;
}

/**
 * run_scenario - boot, then every op with its checks, then a final walk.
 * See run.h.
 */
/**
 * run_ctx_new - a context for one run of @s (run_scenario(), step_open()).
 * Return: NULL if out of memory (@result is cleared either way).
 */
struct run_ctx *run_ctx_new(const struct scenario *s, const struct run_opts *opts,
			    struct run_result *result)
{
	struct run_ctx *c = calloc(1, sizeof(*c));

	memset(result, 0, sizeof(*result));
	result->failed_op = -1;
	if (!c)
		return NULL;
	c->s = s;
	c->o = opts;
	c->r = result;
	c->port = opts->port;
	c->op_caps = port_op_caps(c->port);
	c->cur_op = -1;
	c->cur_boot = -1;
	c->sink = opts->out;
	c->last = LAST_OK;
	/* An internal check of the allocator failing becomes our report (report.c). */
	if (c->port->set_abort_hook)
		c->port->set_abort_hook(run_internal_failure, c);
	return c;
}

enum run_status run_scenario(const struct scenario *s, const struct run_opts *opts,
			     struct run_result *result)
{
	struct run_ctx *c = run_ctx_new(s, opts, result);
	bool shown = false;
	unsigned int i;

	if (!c)
		return RUN_OK;
	if (opts->trace)
		diff_trace_reset(opts->trace);
	if (run_slots_setup(c) && run_boot(c)) {
		for (i = 0; i < s->nr_ops && !c->failed; i++) {
			c->cur_op = (int)i;
			print_step(c, i);
			if (!run_op(c, i))
				break;
		}
		if (!c->failed && !c->stopped && !c->corrupted &&
		    !before_here(c, (int)s->nr_ops, 0)) {
			c->cur_op = s->nr_ops ? (int)s->nr_ops - 1 : -1;
			if (run_check_last(c)) {
				/* the state after the last op: the end checks free everything */
				shown = show_end(c);
				if (run_end_checks(c))
					run_check_zones(c, false);
			}
		}
	}
	if (!shown || c->failed)
		show_end(c);
	run_teardown(c);
	run_slots_teardown(c);
	if (c->port->set_abort_hook)
		c->port->set_abort_hook(NULL, NULL);
	free(c);
	return result->status;
}

enum run_status run_signature(const struct scenario *s, const struct port_ops *port,
			      bool honour_expect, struct run_result *result)
{
	struct run_opts opts = { .port = port, .honour_expect = honour_expect,
				 .page_contents = true, .quiet = true };

	return run_scenario(s, &opts, result);
}
