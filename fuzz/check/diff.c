// SPDX-License-Identifier: MIT
/*
 * diff.c - differential mode: one scenario on two ports, each judged
 * against the oracle as in any run, then what both did compared op by op.
 *
 * The ports may be of different levels: they are compared at the lower
 * one (the common level), and op kinds only one of them takes are skipped
 * on both (run_opts.op_mask).  Each run records, per op: the outcome of
 * its first run and how many of its runs (`x N`) succeeded or were
 * skipped; a hash of the oracle's state before it (every live block with
 * its slot and pfns, and the outcomes of the isolate ops so far); the
 * oracle's free, unisolated pages per node and zone before it (for a port
 * with PORT_CAP_ZONE_COUNTERS these are its own counters: the runner holds
 * them equal after every op); and at the end of the run, once every block
 * is freed, the largest order the port then gives (diff_note_end()).
 *
 * Two correct ports may place blocks differently, and placement changes
 * which later requests can succeed.  A difference is reported only where
 * no placement can explain it, under no-watermark semantics: a request
 * "compares" if its outcome may depend on nothing but the free pages it
 * may use - an alloc of an order <= max_order that, for each port of
 * level >= 2, has a valid gfp with GFPF_NO_WATERMARKS, and (common level
 * 1) allows every zone of every node (__GFP_HIGHMEM | __GFP_MOVABLE, no
 * DMA bits, no __GFP_THISNODE).  The pages it may use: at common level 1
 * every page; at level >= 2 the zones up to gfp_zone() of every node, or
 * of the preferred node (op nid, else cpu % nodes) with __GFP_THISNODE.
 * Then both ports must agree on:
 *
 *  - diff.order0_outcome: an order-0 request that compares, where both
 *    oracles held as many free pages in the zones it may use before it:
 *    one answered, so (the oracle judged that answer) those zones held a
 *    free page on both, and any free page answers order 0.  Compared: the
 *    first run's outcome, and for `x N` the number of successes (runs not
 *    skipped).
 *  - diff.alloc_outcome: a request of any order that compares, while the
 *    two oracles were in the same state before it (equal hashes: the same
 *    blocks live at the same pfns under the same slots, the same
 *    isolation): the one that succeeded proved an allowed block free, and
 *    the other machine had the same free blocks - unless the block came
 *    from a level-1 port and the other is level >= 2 (a level-1 block may
 *    straddle zones and nodes).  Only the first run of an `x N` op (the
 *    states after it may differ).
 *  - diff.end_largest: at the end of the run, every block freed (both
 *    machines hold every usable page free, whatever the history), the
 *    largest order a request with GFPF_NO_WATERMARKS gets, when both
 *    oracles see the same largest free order by each port's own rule
 *    (level 1 may straddle zones and nodes, level >= 2 may not).
 *
 * Nothing else is compared: frees, drains and misuse are judged by the
 * oracle on each run alone (they cannot differ between two runs that
 * pass); compaction, isolation and contig outcomes depend on where blocks
 * lie; per-zone free counts after an op can differ only by placement
 * (each run's counters equal its oracle's), so they enter as the
 * condition of diff.order0_outcome.  A port without PORT_CAP_STRICT_FAIL,
 * whose failures the oracle does not judge, is held by these rules to the
 * other port's no-watermark behaviour.
 */
#include <stdlib.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "run_internal.h"

_Static_assert(RUN_TRACE_ZONES == ORACLE_NR_ZONES, "run_trace holds every zone");

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

void diff_trace_reset(struct run_trace *t)
{
	memset(t->outcome, OUT_NOT_RUN, sizeof(t->outcome));
	t->iso_hash = 0;
	t->end_reached = false;
	t->end_oracle_largest = t->end_largest = -1;
}

/* The oracle's state: live blocks with their slots (order-free sum), isolations. */
static uint64_t state_hash(const struct run_ctx *c)
{
	uint64_t h = c->o->trace->iso_hash;
	unsigned int slot;

	for (slot = 0; slot < c->next_anon && slot < c->nr_slots; slot++) {
		const struct oracle_slot *os = oracle_slot(c->orc, slot);

		if (os->live)
			h += mix(mix((uint64_t)slot << 32 ^ os->nr_pages) ^ os->pfn);
	}
	return h;
}

/** diff_note_before - the state before the first run of op @i. */
void diff_note_before(struct run_ctx *c, unsigned int i)
{
	struct run_trace *t = c->o->trace;
	int nid, zone;

	if (i >= SCN_MAX_OPS)
		return;
	t->state[i] = state_hash(c);
	t->runs[i] = t->oks[i] = t->skips[i] = 0;
	for (nid = 0; nid < c->s->cfg.nr_nodes && nid < SCN_MAX_NODES; nid++)
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++)
			t->zone_free[i][nid][zone] = (uint32_t)oracle_free_pages(c->orc, nid, zone);
}

/** diff_note_run - what run @run of op @i did (c->last). */
void diff_note_run(struct run_ctx *c, unsigned int i, uint32_t run)
{
	struct run_trace *t = c->o->trace;
	const struct scn_op *op = scenario_op(c->s, i);
	uint8_t out = c->last == LAST_OK ? OUT_OK : c->last == LAST_FAILED ? OUT_FAILED : OUT_SKIPPED;

	if (op->kind == OP_ISOLATE || op->kind == OP_UNISOLATE)
		t->iso_hash = mix(t->iso_hash ^ ((uint64_t)i << 34 | (uint64_t)run << 2 | out));
	if (i >= SCN_MAX_OPS)
		return;
	if (run == 0)
		t->outcome[i] = out;
	t->runs[i]++;
	t->oks[i] += out == OUT_OK;
	t->skips[i] += out == OUT_SKIPPED;
}

/**
 * diff_note_end - every block freed: the largest order the port gives to
 * a GFPF_NO_WATERMARKS request (each answer judged by the oracle and freed
 * again), and the largest free order the oracle sees by the port's rule.
 * Return: false after a failure report.
 */
bool diff_note_end(struct run_ctx *c)
{
	struct run_trace *t = c->o->trace;
	struct oracle_verdict v;
	unsigned long pfn = 0;
	int order, err;

	t->end_oracle_largest = oracle_largest_free_order(c->orc, c->s->cfg.max_order,
							  c->port->level < PORT_LEVEL_ZONES);
	t->end_largest = -1;
	for (order = c->s->cfg.max_order; order >= 0; order--) {
		struct oracle_req req = run_request(c, RUN_END_GFP, (unsigned int)order, 0);

		if (c->port->alloc(c->p, RUN_END_GFP, (unsigned int)order, 0, -1, &pfn))
			continue;
		if (!oracle_check_alloc(c->orc, &req, pfn, &v))
			return run_fail(c, v.id, pfn, pfn + (1UL << order), "%s", v.detail);
		err = c->port->free(c->p, pfn, (unsigned int)order, 0);
		if (err)
			return run_fail(c, "end.free_rejected", pfn, pfn + (1UL << order),
					"free of the order-%d block answered %d (%s)", order, err,
					run_strerror(err));
		t->end_largest = order;
		break;
	}
	t->end_reached = true;
	return true;
}

struct diff {
	const struct scenario *s;
	const struct port_ops *a, *b;
	unsigned int level;		/* the common level */
	const struct run_trace *ta, *tb;
	unsigned int compared, same_state;	/* requests compared, of them with equal states */
};

static bool gfp_valid(uint32_t gfp)
{
	uint32_t mob = gfp & (GFPF_MOVABLE | GFPF_RECLAIMABLE);

	return oracle_gfp_zone(gfp) != ORACLE_NO_ZONE && mob != (GFPF_MOVABLE | GFPF_RECLAIMABLE) &&
	       !(gfp & ~GFPF_ALL);
}

static bool anywhere(uint32_t gfp)
{
	uint32_t any_zone = GFPF_HIGHMEM | GFPF_MOVABLE;

	return (gfp & any_zone) == any_zone && !(gfp & (GFPF_DMA | GFPF_DMA32 | GFPF_THISNODE));
}

/* Does the request's outcome depend on nothing but the free pages it may use? */
static bool compares(const struct diff *d, const struct scn_op *op)
{
	const struct port_ops *p[2] = { d->a, d->b };

	if (op->kind != OP_ALLOC || op->order > d->s->cfg.max_order)
		return false;
	for (int k = 0; k < 2; k++) {
		if (p[k]->level < PORT_LEVEL_ZONES)
			continue;
		if (!gfp_valid(op->gfp) || !(op->gfp & GFPF_NO_WATERMARKS))
			return false;
		if (d->level < PORT_LEVEL_ZONES && !anywhere(op->gfp))
			return false;
	}
	return true;
}

/* The oracle's free pages before op @i in the zones the request may use. */
static unsigned long usable_free(const struct diff *d, const struct run_trace *t, unsigned int i,
				 const struct scn_op *op)
{
	int nodes = d->s->cfg.nr_nodes < SCN_MAX_NODES ? d->s->cfg.nr_nodes : SCN_MAX_NODES;
	int top = ORACLE_NR_ZONES - 1, nid, zone, only = -1;
	unsigned long sum = 0;

	if (d->level >= PORT_LEVEL_ZONES) {
		top = oracle_gfp_zone(op->gfp);
		if (op->gfp & GFPF_THISNODE)
			only = op->nid >= 0 ? op->nid : op->cpu % d->s->cfg.nr_nodes;
	}
	for (nid = 0; nid < nodes; nid++)
		for (zone = 0; zone <= top && (only < 0 || nid == only); zone++)
			sum += t->zone_free[i][nid][zone];
	return sum;
}

static enum run_status disagree(const struct diff *d, const struct run_opts *o,
				struct run_result *r, unsigned int i, const char *id,
				const char *detail)
{
	FILE *err = o->err ? o->err : stderr;
	bool end = i >= d->s->nr_ops;
	const struct scn_op *op = end ? NULL : scenario_op(d->s, i);

	r->status = RUN_FAILED;
	r->failed_op = end ? -1 : (int)i;
	r->at_end = end;
	snprintf(r->invariant, sizeof(r->invariant), "%s", id);
	snprintf(r->signature, sizeof(r->signature), "%s~%s:%s:%s", d->a->name, d->b->name, id,
		 end ? "end" : scn_op_name(op->kind));
	if (o->quiet && !o->abort_on_failure)
		return RUN_FAILED;
	fprintf(err, "==== pagefuzz: ports disagree ====\n");
	fprintf(err, "ports      %s (level %u), %s (level %u): compared at level %u\n",
		d->a->name, d->a->level, d->b->name, d->b->level, d->level);
	if (end) {
		fprintf(err, "op         end of run (after %u op(s)), every block freed\n",
			d->s->nr_ops);
	} else {
		fprintf(err, "op         #%u", i);
		if (op->line)
			fprintf(err, " (line %u)", op->line);
		fprintf(err, ": ");
		scenario_print_op(d->s, op, o->names, err);
	}
	fprintf(err, "invariant  %s\ndetail     %s\n", id, detail);
	fprintf(err, "signature  %s\n", r->signature);
	fflush(err);
	if (o->abort_on_failure)
		abort();
	return RUN_FAILED;
}

static const char *said(uint8_t out)
{
	return out == OUT_OK ? "succeeded" : "failed";
}

/* Op @i: diff.order0_outcome, then diff.alloc_outcome.  Return: false if they disagree. */
static bool compare_op(struct diff *d, unsigned int i, char *detail, size_t len, const char **id)
{
	const struct run_trace *ta = d->ta, *tb = d->tb;
	const struct scn_op *op = scenario_op(d->s, i);
	uint8_t a = ta->outcome[i], b = tb->outcome[i];
	unsigned long fa, fb;

	if (!compares(d, op) || a == OUT_SKIPPED || b == OUT_SKIPPED)
		return true;
	d->compared++;
	fa = usable_free(d, ta, i, op);
	fb = usable_free(d, tb, i, op);
	if (op->order == 0 && fa == fb) {
		bool counts = !ta->skips[i] && !tb->skips[i] && ta->runs[i] == tb->runs[i];

		if (a != b || (counts && ta->oks[i] != tb->oks[i])) {
			*id = "diff.order0_outcome";
			snprintf(detail, len, "an order-0 request with %lu free page(s) it may use on "
				 "both: %s on %s (%u of %u runs), %s on %s (%u of %u runs)", fa,
				 said(a), d->a->name, ta->oks[i], ta->runs[i], said(b), d->b->name,
				 tb->oks[i], tb->runs[i]);
			return false;
		}
	}
	if (ta->state[i] != tb->state[i])
		return true;
	d->same_state++;
	if (a == b)
		return true;
	/* a level-1 block may straddle zones and nodes: a level >= 2 port need not find it */
	if (op->order > 0 && (a == OUT_OK ? d->a : d->b)->level < PORT_LEVEL_ZONES &&
	    (a == OUT_OK ? d->b : d->a)->level >= PORT_LEVEL_ZONES)
		return true;
	*id = "diff.alloc_outcome";
	snprintf(detail, len, "an order-%u request on two machines in the same state (the same "
		 "blocks live at the same pfns): %s on %s, %s on %s", op->order, said(a),
		 d->a->name, said(b), d->b->name);
	return false;
}

enum run_status run_diff(const struct scenario *s, const struct run_opts *opts,
			 const struct port_ops *other, struct run_result *result)
{
	struct run_trace *ta = calloc(1, sizeof(*ta)), *tb = calloc(1, sizeof(*tb));
	struct run_opts oa = *opts, ob = *opts;
	struct diff d = { s, opts->port, other, 0, ta, tb, 0, 0 };
	FILE *err = opts->err ? opts->err : stderr;
	struct run_result rb;
	enum run_status st = RUN_OK;
	const char *id = NULL;
	char detail[300];
	unsigned int i;

	memset(result, 0, sizeof(*result));
	result->failed_op = -1;
	if (!ta || !tb)
		goto out;
	d.level = opts->port->level < other->level ? opts->port->level : other->level;
	oa.trace = ta;
	ob.trace = tb;
	oa.op_mask = ob.op_mask = port_op_caps(opts->port) & port_op_caps(other);
	ob.port = other;
	/* a .trace's expect lines are about one port with all its op kinds */
	oa.honour_expect = ob.honour_expect = false;
	ob.out = NULL;
	ob.verbose = false;
	ob.at_end = NULL;
	st = run_scenario(s, &oa, result);
	if (st != RUN_OK)
		goto out;
	st = run_scenario(s, &ob, &rb);
	if (st == RUN_NOT_BOOTED) {
		fprintf(err, "note: %s cannot boot this map (%s): nothing compared\n", other->name,
			rb.boot_why);
		st = RUN_OK;
		goto out;
	}
	if (st != RUN_OK) {
		*result = rb;
		goto out;
	}
	for (i = 0; i < s->nr_ops && i < SCN_MAX_OPS; i++) {	/* run_trace's room */
		if (ta->outcome[i] == OUT_NOT_RUN || tb->outcome[i] == OUT_NOT_RUN)
			break;
		if (!compare_op(&d, i, detail, sizeof(detail), &id)) {
			st = disagree(&d, opts, result, i, id, detail);
			goto out;
		}
	}
	if (ta->end_reached && tb->end_reached && ta->end_oracle_largest == tb->end_oracle_largest &&
	    ta->end_largest != tb->end_largest) {
		snprintf(detail, sizeof(detail), "every block freed, the largest free block is order "
			 "%d on both oracles: %s gives order %d, %s order %d",
			 ta->end_oracle_largest, d.a->name, ta->end_largest, d.b->name, tb->end_largest);
		st = disagree(&d, opts, result, s->nr_ops, "diff.end_largest", detail);
		goto out;
	}
	if (!opts->quiet)
		fprintf(err, "diff: %s~%s at level %u: %u request(s) compared (%u in the same state), "
			"end of run %s\n", d.a->name, d.b->name, d.level, d.compared, d.same_state,
			ta->end_reached && tb->end_reached ?
			(ta->end_oracle_largest == tb->end_oracle_largest ? "compared" :
			 "not compared (the oracles' largest blocks differ by level)") : "not reached");
out:
	free(ta);
	free(tb);
	return st;
}
