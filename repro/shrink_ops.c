// SPDX-License-Identifier: MIT
/*
 * shrink_ops.c - fewer run-phase ops: first everything after the op that
 * failed (a run stops there), then the `expect` ops when the input is a
 * binary one (its run ignores them, and a printed .trace would check
 * them), then ddmin over what is left, then (on small scenarios) pairs
 * of adjacent ops replaced by one copied from elsewhere.  Removing an
 * `alloc` empties its slot; the runner skips later uses of an empty slot,
 * so any subset of ops is a valid scenario.
 */
#include <stdlib.h>
#include <string.h>
#include "shrink.h"

struct ops_ctx {
	struct shrink *sh;
	struct scenario *s;
};

static void build(const struct scenario *s, struct scenario *cand, const unsigned int *keep,
		  unsigned int n)
{
	unsigned int i;

	memcpy(cand, s, offsetof(struct scenario, ops));
	for (i = 0; i < n; i++)
		cand->ops[i] = s->ops[keep[i]];
	cand->nr_ops = n;
}

static bool test_ops(void *arg, const unsigned int *keep, unsigned int n)
{
	struct ops_ctx *x = arg;

	build(x->s, x->sh->cand, keep, n);
	return shrink_try(x->sh, x->sh->cand);
}

/* Keep the ops for which @want says yes; accept if it still fails the same way. */
static bool drop_where(struct shrink *sh, struct scenario *s, bool (*want)(const struct scn_op *),
		       const char *what)
{
	unsigned int *keep = malloc((s->nr_ops + 1) * sizeof(*keep)), n = 0, i;
	bool ok = false;

	if (!keep)
		return false;
	for (i = 0; i < s->nr_ops; i++)
		if (want(&s->ops[i]))
			keep[n++] = i;
	if (n < s->nr_ops) {
		build(s, sh->cand, keep, n);
		ok = shrink_accept(sh, s, sh->cand, what);
	}
	free(keep);
	return ok;
}

static bool not_expect(const struct scn_op *op)
{
	return op->kind != OP_EXPECT;
}

static bool not_dump(const struct scn_op *op)
{
	return op->kind != OP_DUMP;
}

static bool truncate_after_failure(struct shrink *sh, struct scenario *s)
{
	struct run_result r;

	if (shrink_run(sh, s, &r) != RUN_FAILED || r.failed_op < 0 ||
	    (unsigned int)r.failed_op + 1 >= s->nr_ops)
		return false;
	memcpy(sh->cand, s, sizeof(*s));
	sh->cand->nr_ops = (unsigned int)r.failed_op + 1;
	return shrink_accept(sh, s, sh->cand, "ops after the failing one dropped");
}

/* The lowest slot no op of @s names. */
static unsigned int unused_slot(const struct scenario *s)
{
	bool used[SCN_NR_SLOTS] = { false };
	unsigned int i;

	for (i = 0; i < s->nr_ops; i++)
		if (s->ops[i].slot < SCN_NR_SLOTS)
			used[s->ops[i].slot] = true;
	for (i = 0; i < SCN_NR_SLOTS && used[i]; i++)
		;
	return i < SCN_NR_SLOTS ? i : 0;
}

/* @s with ops i and i + 1 replaced by @op. */
static bool try_pair_as(struct shrink *sh, struct scenario *s, unsigned int i,
			const struct scn_op *op)
{
	struct scenario *c = sh->cand;

	memcpy(c, s, offsetof(struct scenario, ops));
	memcpy(c->ops, s->ops, i * sizeof(*op));
	c->ops[i] = *op;
	memcpy(c->ops + i + 1, s->ops + i + 2, (s->nr_ops - i - 2) * sizeof(*op));
	c->nr_ops = s->nr_ops - 1;
	return shrink_accept(sh, s, c, "two ops replaced by one");
}

/*
 * Two adjacent ops replaced by a copy of any op of the scenario (with its
 * own slot, or a fresh one if it binds one): a step ddmin, which only
 * removes, cannot take (an alloc and free pair in place of the alloc the
 * failure counts).  Quadratic, so only on small scenarios.
 */
#define PAIR_MAX_OPS 24

static bool merge_pairs(struct shrink *sh, struct scenario *s)
{
	bool changed = false;
	unsigned int i, j;

	if (s->nr_ops > PAIR_MAX_OPS)
		return false;
	for (i = 0; i + 1 < s->nr_ops; i++) {
		bool merged = false;

		for (j = 0; j < s->nr_ops && !merged; j++) {
			struct scn_op op = s->ops[j];

			merged = try_pair_as(sh, s, i, &op);
			if (merged || (op.kind != OP_ALLOC && op.kind != OP_CONTIG) ||
			    op.slot == SCN_SLOT_NONE)
				continue;
			op.slot = (uint8_t)unused_slot(s);
			merged = try_pair_as(sh, s, i, &op);
		}
		changed |= merged;
	}
	return changed;
}

bool shrink_ops(struct shrink *sh, struct scenario *s)
{
	struct ops_ctx x = { sh, s };
	unsigned int *keep, n = s->nr_ops, i;
	bool changed = truncate_after_failure(sh, s);

	if (!sh->honour_expect)
		changed |= drop_where(sh, s, not_expect, "expect ops dropped");
	changed |= drop_where(sh, s, not_dump, "dumps dropped");
	n = s->nr_ops;
	keep = malloc((n + 1) * sizeof(*keep));
	if (!keep)
		return changed;
	for (i = 0; i < n; i++)
		keep[i] = i;
	if (shrink_ddmin(keep, &n, test_ops, &x)) {
		build(s, sh->cand, keep, n);
		memcpy(s, sh->cand, sizeof(*s));
		changed = true;
	}
	free(keep);
	return merge_pairs(sh, s) || changed;
}
