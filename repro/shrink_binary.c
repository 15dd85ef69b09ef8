// SPDX-License-Identifier: MIT
/*
 * shrink_binary.c - a .trace that says what only a .trace can (`alloc ...
 * x N`, unnamed allocations, more than 64 names, a counting `expect
 * ok=K`) brought, one step at a time, to a scenario with a binary form,
 * each step kept only if it still fails the same way:
 *   1. fewer runs of each `x N`: once, else half as many, while it fails;
 *   2. every op that is left repeated or unnamed written out as ops of
 *      its own, each run bound to a name no other op uses (a run of an
 *      unnamed allocation binds a fresh slot: so does each copy), and a
 *      counting expect after it as `expect ok` (all ran ok), `expect fail`
 *      (none did), or dropped;
 *   3. names renumbered in order of first use (64 names or fewer in all:
 *      the binary format's slots).
 * While the scenario has no binary form the other passes take candidates
 * without one (sh->binary false); once it has one, every candidate must.
 */
#include <stdlib.h>
#include <string.h>
#include "shrink.h"

static bool binds(unsigned int kind)
{
	return kind == OP_ALLOC || kind == OP_CONTIG;
}

static bool names_slot(unsigned int kind)
{
	return binds(kind) || kind == OP_FREE || kind == OP_DOUBLE_FREE ||
	       kind == OP_WRONG_ORDER;
}

/* 1. fewer runs of each `x N` */
static bool fewer_runs(struct shrink *sh, struct scenario *s)
{
	bool changed = false;

	for (unsigned int i = 0; i < s->nr_ops; i++) {
		while (binds(s->ops[i].kind) && s->ops[i].times) {
			uint32_t half = s->ops[i].times / 2;

			memcpy(sh->cand, s, sizeof(*s));
			sh->cand->ops[i].times = 0;
			if (shrink_accept(sh, s, sh->cand, "op: run once, not x N")) {
				changed = true;
				break;
			}
			if (half < 2)
				break;
			memcpy(sh->cand, s, sizeof(*s));
			sh->cand->ops[i].times = half;
			if (!shrink_accept(sh, s, sh->cand, "op: half as many runs"))
				break;
			changed = true;
		}
	}
	return changed;
}

/* A counting expect about @runs runs, as a plain one; false: it cannot be. */
static bool plain_expect(struct scn_op *e, uint32_t runs)
{
	if (e->arg != EXPECT_COUNT)
		return true;
	if (e->times != 0 && e->times != runs)
		return false;
	e->arg = e->times ? EXPECT_OK : EXPECT_FAIL;
	e->times = 0;
	return true;
}

/* 2. every run an op of its own, every allocation named */
static bool write_out_runs(struct shrink *sh, struct scenario *s)
{
	struct scenario *c = sh->cand;
	uint32_t next = s->nr_slots, runs = 1;
	unsigned int n = 0;
	bool differs = false;

	memcpy(c, s, offsetof(struct scenario, ops));
	for (unsigned int i = 0; i < s->nr_ops; i++) {
		struct scn_op op = s->ops[i];

		if (op.kind == OP_EXPECT) {
			differs |= op.arg == EXPECT_COUNT;
			if (!plain_expect(&op, runs))
				continue;
		} else if (op.kind != OP_DUMP && op.kind != OP_CHECK) {
			runs = op.times ? op.times : 1;
		}
		if (!binds(op.kind) || op.slot != SCN_SLOT_NONE) {
			if (n == SCN_MAX_OPS)
				return false;
			c->ops[n++] = op;
			continue;
		}
		differs = true;
		for (uint32_t r = 0; r < (op.times ? op.times : 1); r++) {
			if (n == SCN_MAX_OPS || next == SCN_SLOT_NONE)
				return false;
			c->ops[n] = op;
			c->ops[n].times = 0;
			c->ops[n++].slot = next++;
		}
	}
	c->nr_ops = n;
	c->nr_slots = next;
	return differs && shrink_accept(sh, s, c, "runs written out as named ops");
}

/* 3. names in order of first use */
static bool renumber(struct shrink *sh, struct scenario *s)
{
	uint32_t *map = malloc(s->nr_slots * sizeof(*map)), next = 0;
	bool differs = false, ok;

	if (!map)
		return false;
	memset(map, 0xff, s->nr_slots * sizeof(*map));
	memcpy(sh->cand, s, sizeof(*s));
	for (unsigned int i = 0; i < s->nr_ops; i++) {
		uint32_t slot = s->ops[i].slot;

		if (!names_slot(s->ops[i].kind) || slot == SCN_SLOT_NONE)
			continue;
		if (map[slot] == UINT32_MAX)
			map[slot] = next++;
		sh->cand->ops[i].slot = map[slot];
		differs |= map[slot] != slot;
	}
	sh->cand->nr_slots = next > SCN_NR_SLOTS ? next : SCN_NR_SLOTS;
	differs |= sh->cand->nr_slots != s->nr_slots;
	free(map);
	ok = differs && shrink_accept(sh, s, sh->cand, "names renumbered in order of use");
	return ok;
}

bool shrink_to_binary(struct shrink *sh, struct scenario *s)
{
	bool changed = false;

	sh->binary = !scenario_encodable(s);
	if (sh->binary)
		return false;
	changed |= fewer_runs(sh, s);
	changed |= write_out_runs(sh, s);
	changed |= renumber(sh, s);
	sh->binary = !scenario_encodable(s);
	if (sh->progress && (sh->binary || changed))
		fprintf(stderr, "minimize: %s\n", sh->binary ? "the scenario has a binary form now" :
			scenario_encodable(s));
	return changed;
}
