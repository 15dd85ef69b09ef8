// SPDX-License-Identifier: MIT
/*
 * diff.c - differential mode: one scenario on two ports of the same
 * level, each judged against the oracle as in any run, then what both
 * expose compared op by op.
 *
 * Two correct ports may place blocks differently, and placement changes
 * which later requests can succeed; so only what placement cannot change
 * is a disagreement, and only while every earlier allocation had the same
 * outcome on both:
 *  - diff.order0_outcome: an order-0 request that may use any page (level
 *    1; level >= 2: a gfp allowing every zone, no __GFP_THISNODE, with
 *    GFPF_NO_WATERMARKS) succeeded on one port and failed on the other.
 *    Both had handed out the same number of pages (every earlier outcome
 *    agreed, every answer was judged by the oracle), so both held a free
 *    page: the failing one kept it back.  This catches what the oracle
 *    alone cannot on a port without PORT_CAP_STRICT_FAIL, whose failures
 *    are not judged;
 *  - diff.free_total: both ports count free pages (PORT_CAP_ZONE_COUNTERS)
 *    and their totals differ after an op.
 * The first other outcome difference (a larger order, a zone-limited
 * request) ends the comparison with a note: from there the two may
 * legitimately go separate ways.
 */
#include <stdlib.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "run.h"

static bool placement_free(const struct port_ops *p, const struct scn_op *op)
{
	uint32_t any_zone = GFPF_HIGHMEM | GFPF_MOVABLE;

	if (op->kind != OP_ALLOC || op->order != 0)
		return false;
	if (p->level < PORT_LEVEL_ZONES)
		return true;
	return (op->gfp & any_zone) == any_zone && !(op->gfp & (GFPF_DMA | GFPF_DMA32)) &&
	       !(op->gfp & GFPF_THISNODE) && (op->gfp & GFPF_NO_WATERMARKS);
}

static enum run_status disagree(const struct scenario *s, const struct run_opts *o,
				const struct port_ops *b, struct run_result *r, unsigned int i,
				const char *id, const char *detail)
{
	FILE *err = o->err ? o->err : stderr;
	const struct scn_op *op = &s->ops[i];

	r->status = RUN_FAILED;
	r->failed_op = (int)i;
	snprintf(r->invariant, sizeof(r->invariant), "%s", id);
	snprintf(r->signature, sizeof(r->signature), "%s~%s:%s:%s", o->port->name, b->name, id,
		 scn_op_name(op->kind));
	fprintf(err, "==== pagefuzz: ports disagree ====\n");
	fprintf(err, "ports      %s, %s (level %u)\n", o->port->name, b->name, o->port->level);
	fprintf(err, "op         #%u", i);
	if (op->line)
		fprintf(err, " (line %u)", op->line);
	fprintf(err, ": ");
	scenario_print_op(s, op, o->names, err);
	fprintf(err, "invariant  %s\ndetail     %s\n", id, detail);
	fprintf(err, "signature  %s\n", r->signature);
	if (o->abort_on_failure)
		abort();
	return RUN_FAILED;
}

enum run_status run_diff(const struct scenario *s, const struct run_opts *opts,
			 const struct port_ops *other, struct run_result *result)
{
	struct run_trace *ta = calloc(1, sizeof(*ta)), *tb = calloc(1, sizeof(*tb));
	struct run_opts oa = *opts, ob = *opts;
	struct run_result rb;
	enum run_status st = RUN_OK;
	char detail[200];
	unsigned int i;

	memset(result, 0, sizeof(*result));
	result->failed_op = -1;
	if (!ta || !tb)
		goto out;
	oa.trace = ta;
	ob.trace = tb;
	ob.port = other;
	if (run_scenario(s, &oa, result) != RUN_OK) {
		st = RUN_FAILED;
		goto out;
	}
	if (run_scenario(s, &ob, &rb) != RUN_OK) {
		*result = rb;
		st = RUN_FAILED;
		goto out;
	}
	for (i = 0; i < s->nr_ops; i++) {
		uint8_t a = ta->outcome[i], b = tb->outcome[i];

		if (a == OUT_NOT_RUN || b == OUT_NOT_RUN)
			break;
		if (a != b && placement_free(opts->port, &s->ops[i]) &&
		    a != OUT_SKIPPED && b != OUT_SKIPPED) {
			snprintf(detail, sizeof(detail), "an order-0 request any free page "
				 "answers %s on %s, %s on %s", a == OUT_OK ? "succeeded" : "failed",
				 opts->port->name, b == OUT_OK ? "succeeded" : "failed", other->name);
			st = disagree(s, opts, other, result, i, "diff.order0_outcome", detail);
			goto out;
		}
		if (ta->free_pages[i] >= 0 && tb->free_pages[i] >= 0 &&
		    ta->free_pages[i] != tb->free_pages[i]) {
			snprintf(detail, sizeof(detail), "free pages after the op: %ld on %s, "
				 "%ld on %s", ta->free_pages[i], opts->port->name, tb->free_pages[i],
				 other->name);
			st = disagree(s, opts, other, result, i, "diff.free_total", detail);
			goto out;
		}
		if (a != b) {
			if (opts->err && opts->verbose)
				fprintf(opts->err, "note: from op #%u the two ports differ where "
					"placement may explain it; compared up to there\n", i);
			break;
		}
	}
out:
	free(ta);
	free(tb);
	return st;
}
