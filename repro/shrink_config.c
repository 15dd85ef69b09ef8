// SPDX-License-Identifier: MIT
/*
 * shrink_config.c - a plainer machine: one cpu (or fewer), one node (or
 * fewer), a lower max_order and pageblock_order, and the knobs back to
 * their defaults (pcp sizes, min_free_kbytes, mobility, check_every,
 * distances).  Fewer cpus or nodes renumber what used them (cpu c ->
 * c % cpus, node n -> n % nodes); a lower max_order clamps every op's
 * order to it.
 */
#include <string.h>
#include "shrink.h"

static void set_cpus(struct scenario *s, unsigned int nr)
{
	unsigned int i;

	s->cfg.nr_cpus = (uint8_t)nr;
	for (i = 0; i < s->nr_ops; i++)
		if (s->ops[i].cpu > 0)
			s->ops[i].cpu = (int8_t)(s->ops[i].cpu % (int)nr);
}

static void set_nodes(struct scenario *s, unsigned int nr)
{
	unsigned int i, j;

	s->cfg.nr_nodes = (uint8_t)nr;
	for (i = 0; i < s->nr_boot; i++)
		if (s->boot[i].nid > 0)
			s->boot[i].nid = (int8_t)(s->boot[i].nid % (int)nr);
	for (i = 0; i < s->nr_ops; i++)
		if (s->ops[i].nid > 0)
			s->ops[i].nid = (int8_t)(s->ops[i].nid % (int)nr);
	for (i = 0; i < SCN_MAX_NODES; i++)
		for (j = 0; j < SCN_MAX_NODES; j++)
			if (i >= nr || j >= nr)
				s->cfg.distance[i][j] = 0;
}

static void set_max_order(struct scenario *s, unsigned int max)
{
	unsigned int i;

	s->cfg.max_order = (uint8_t)max;
	if (s->cfg.pageblock_order > max)
		s->cfg.pageblock_order = (uint8_t)max;
	for (i = 0; i < s->nr_ops; i++)
		if (s->ops[i].order > max && s->ops[i].kind != OP_FREE_PFN)
			s->ops[i].order = (uint8_t)max;
}

/* Lower a count from its value towards @floor: first to the floor, then one less each time. */
static bool lower_count(struct shrink *sh, struct scenario *s, unsigned int cur,
			unsigned int floor, void (*set)(struct scenario *, unsigned int),
			const char *what)
{
	bool changed = false;

	while (cur > floor) {
		memcpy(sh->cand, s, sizeof(*s));
		set(sh->cand, floor);
		if (shrink_accept(sh, s, sh->cand, what))
			return true;
		memcpy(sh->cand, s, sizeof(*s));
		set(sh->cand, cur - 1);
		if (!shrink_accept(sh, s, sh->cand, what))
			break;
		cur--;
		changed = true;
	}
	return changed;
}

static bool defaults(struct shrink *sh, struct scenario *s)
{
	bool changed = false;

	if (!s->cfg.pcp_auto) {
		memcpy(sh->cand, s, sizeof(*s));
		sh->cand->cfg.pcp_auto = true;
		sh->cand->cfg.pcp_high = 0;
		sh->cand->cfg.pcp_batch = 1;
		changed |= shrink_accept(sh, s, sh->cand, "config: pcp sizes by default");
	}
	if (!s->cfg.min_free_auto) {
		memcpy(sh->cand, s, sizeof(*s));
		sh->cand->cfg.min_free_auto = true;
		sh->cand->cfg.min_free_kbytes = 0;
		changed |= shrink_accept(sh, s, sh->cand, "config: min_free_kbytes by default");
	}
	if (!s->cfg.mobility) {
		memcpy(sh->cand, s, sizeof(*s));
		sh->cand->cfg.mobility = true;
		changed |= shrink_accept(sh, s, sh->cand, "config: mobility on");
	}
	if (s->cfg.check_every != 16) {
		memcpy(sh->cand, s, sizeof(*s));
		sh->cand->cfg.check_every = 16;
		changed |= shrink_accept(sh, s, sh->cand, "config: check_every by default");
	}
	memcpy(sh->cand, s, sizeof(*s));
	memset(sh->cand->cfg.distance, 0, sizeof(sh->cand->cfg.distance));
	if (memcmp(sh->cand->cfg.distance, s->cfg.distance, sizeof(s->cfg.distance)))
		changed |= shrink_accept(sh, s, sh->cand, "config: default distances");
	return changed;
}

bool shrink_config(struct shrink *sh, struct scenario *s)
{
	bool changed = lower_count(sh, s, s->cfg.nr_cpus, 1, set_cpus, "config: fewer cpus");

	changed |= lower_count(sh, s, s->cfg.nr_nodes, 1, set_nodes, "config: fewer nodes");
	changed |= lower_count(sh, s, s->cfg.max_order, 0, set_max_order, "config: lower max_order");
	if (s->cfg.pageblock_order > 0) {
		unsigned int pb = s->cfg.pageblock_order;

		while (pb > 0) {
			memcpy(sh->cand, s, sizeof(*s));
			sh->cand->cfg.pageblock_order = (uint8_t)(pb - 1);
			if (!shrink_accept(sh, s, sh->cand, "config: lower pageblock_order"))
				break;
			pb--;
			changed = true;
		}
	}
	changed |= defaults(sh, s);
	return changed;
}
