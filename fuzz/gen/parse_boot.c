/* SPDX-License-Identifier: MIT */
/*
 * parse_boot.c - the boot phase of a .trace: `config KEY=VALUE ...` (keys in
 * any order, several lines allowed, the last value wins), `node N distance
 * TO=D ...`, `memblock add|reserve|remove|free|alloc ...`, `expect ok|fail`
 * and `dump memblock` among them, `zones ...` and `boot`.  Checks that need the final config (nids against `nodes`,
 * pageblock_order against max_order) run in parse_boot_check() at `boot`
 * and name the token that set the value.
 */
#include <string.h>
#include <pagefuzz/vocab.h>
#include "parse_internal.h"

enum cfg_key_id {
	CFG_MAX_ORDER, CFG_PAGEBLOCK_ORDER, CFG_CPUS, CFG_NODES, CFG_PCP_HIGH,
	CFG_PCP_BATCH, CFG_MIN_FREE_KBYTES, CFG_MOBILITY, CFG_CHECK_EVERY, CFG_EXPECT, CFG_HOST_FAIL,
	NR_CFG_KEYS
};

static const struct cfg_key {
	const char *key;
	uint64_t min, max;		/* inclusive; mobility and expect read on/off */
} cfg_keys[NR_CFG_KEYS] = {
	[CFG_MAX_ORDER] = { "max_order", 0, PF_MAX_ORDER_LIMIT },
	[CFG_PAGEBLOCK_ORDER] = { "pageblock_order", 0, PF_MAX_ORDER_LIMIT },
	[CFG_CPUS] = { "cpus", 1, SCN_MAX_CPUS },
	[CFG_NODES] = { "nodes", 1, SCN_MAX_NODES },
	[CFG_PCP_HIGH] = { "pcp_high", 0, SCN_MAX_PCP },
	[CFG_PCP_BATCH] = { "pcp_batch", 1, SCN_MAX_PCP },
	[CFG_MIN_FREE_KBYTES] = { "min_free_kbytes", 0, SCN_MAX_MIN_FREE_KBYTES },
	[CFG_MOBILITY] = { "mobility", 0, 1 },
	[CFG_CHECK_EVERY] = { "check_every", 1, SCN_MAX_CHECK_EVERY },
	[CFG_EXPECT] = { "expect", 0, 1 },
	[CFG_HOST_FAIL] = { "host_fail", 0, 255 },
};

static void set_config(struct scn_config *c, enum cfg_key_id key, uint64_t v)
{
	switch (key) {
	case CFG_MAX_ORDER: c->max_order = (uint8_t)v; break;
	case CFG_PAGEBLOCK_ORDER: c->pageblock_order = (uint8_t)v; break;
	case CFG_CPUS: c->nr_cpus = (uint8_t)v; break;
	case CFG_NODES: c->nr_nodes = (uint8_t)v; break;
	case CFG_PCP_HIGH: c->pcp_auto = false; c->pcp_high = (uint32_t)v; break;
	case CFG_PCP_BATCH: c->pcp_auto = false; c->pcp_batch = (uint32_t)v; break;
	case CFG_MIN_FREE_KBYTES: c->min_free_auto = false; c->min_free_kbytes = (uint32_t)v; break;
	case CFG_MOBILITY: c->mobility = v; break;
	case CFG_EXPECT: c->expect_off = !v; break;
	case CFG_HOST_FAIL: c->host_fail = (uint8_t)v; break;
	default: c->check_every = (uint16_t)v; break;
	}
}

static int parse_config(struct parser *p)
{
	for (unsigned int i = 1; i < p->ntok; i++) {
		const char *t = p->tok[i], *eq = strchr(t, '=');
		enum cfg_key_id k = 0;
		uint64_t v;

		while (k < NR_CFG_KEYS && !parse_key_value(t, cfg_keys[k].key))
			k++;
		if (!eq || k == NR_CFG_KEYS)
			return parse_fail(p, t, "unknown config key");
		if (k == CFG_MOBILITY || k == CFG_EXPECT) {
			if (strcmp(eq + 1, "on") && strcmp(eq + 1, "off"))
				return parse_fail(p, t, "%s is on or off", cfg_keys[k].key);
			v = strcmp(eq + 1, "on") == 0;
		} else if (parse_number(p, t, eq + 1, cfg_keys[k].min, cfg_keys[k].max, false, &v)) {
			return -1;
		}
		if (k == CFG_MAX_ORDER)
			parse_remember(p, &p->max_order_at, t);
		if (k == CFG_PAGEBLOCK_ORDER)
			parse_remember(p, &p->pageblock_at, t);
		set_config(&p->s->cfg, k, v);
	}
	return 0;
}

/* node N distance TO=D ... */
static int parse_node(struct parser *p)
{
	uint64_t from, to, d;

	if (p->ntok < 4 || strcmp(p->tok[2], "distance"))
		return parse_fail(p, p->tok[p->ntok - 1], "expected `node N distance TO=D ...`");
	if (parse_number(p, p->tok[1], p->tok[1], 0, SCN_MAX_NODES - 1, false, &from))
		return -1;
	parse_remember(p, &p->node_at[from], p->tok[1]);
	for (unsigned int i = 3; i < p->ntok; i++) {
		const char *t = p->tok[i], *eq = strchr(t, '=');
		char to_text[24];

		if (!eq || (size_t)(eq - t) >= sizeof(to_text))
			return parse_fail(p, t, "expected TO=DISTANCE");
		snprintf(to_text, sizeof(to_text), "%.*s", (int)(eq - t), t);
		if (parse_number(p, t, to_text, 0, SCN_MAX_NODES - 1, false, &to) ||
		    parse_number(p, t, eq + 1, SCN_MIN_DISTANCE, SCN_MAX_DISTANCE, false, &d))
			return -1;
		if (to == from && d != SCN_MIN_DISTANCE)
			return parse_fail(p, t, "a node's distance to itself is 10");
		p->s->cfg.distance[from][to] = (uint8_t)d;
		parse_remember(p, &p->dist_at[from][to], t);
	}
	return 0;
}

/* Options after `memblock add|alloc ...`: nid=, min=, max=, bottom_up, -> NAME. */
static int memblock_options(struct parser *p, struct scn_boot_op *b, unsigned int i)
{
	bool is_alloc = b->kind == BOOT_MB_ALLOC;

	for (; i < p->ntok; i++) {
		const char *t = p->tok[i], *v;
		uint64_t n;

		if ((b->kind == BOOT_MB_ADD || is_alloc) && (v = parse_key_value(t, "nid"))) {
			if (parse_number(p, t, v, 0, SCN_MAX_NODES - 1, false, &n))
				return -1;
			b->nid = (int8_t)n;
			parse_remember(p, &p->nid_at[p->s->nr_boot], t);
		} else if (is_alloc && (v = parse_key_value(t, "min"))) {
			if (parse_number(p, t, v, 0, UINT64_MAX, true, &b->min_addr))
				return -1;
		} else if (is_alloc && (v = parse_key_value(t, "max"))) {
			if (parse_number(p, t, v, 0, UINT64_MAX, true, &b->max_addr))
				return -1;
		} else if (is_alloc && strcmp(t, "bottom_up") == 0) {
			b->bottom_up = true;
		} else if (is_alloc && strcmp(t, "->") == 0 && i + 2 == p->ntok) {
			if (!parse_name_ok(p->tok[i + 1]))
				return parse_fail(p, p->tok[i + 1], "not a name");
			i++;
		} else {
			return parse_fail(p, t, "unexpected here");
		}
	}
	return 0;
}

static int parse_memblock(struct parser *p)
{
	static const char *const words[NR_MB_KINDS] = {
		[BOOT_MB_ADD] = "add", [BOOT_MB_RESERVE] = "reserve",
		[BOOT_MB_REMOVE] = "remove", [BOOT_MB_FREE] = "free",
		[BOOT_MB_ALLOC] = "alloc",
	};
	struct scn_boot_op *b = &p->s->boot[p->s->nr_boot];
	int kind = p->ntok > 1 ? parse_lookup_word(words, NR_MB_KINDS, p->tok[1]) : -1;
	uint64_t first, second;

	if (kind < 0)
		return parse_fail(p, p->tok[p->ntok > 1], "expected add, reserve, remove, free or alloc");
	if (p->s->nr_boot == SCN_MAX_BOOT_OPS)
		return parse_fail(p, p->tok[1], "more than %d boot-phase ops", SCN_MAX_BOOT_OPS);
	if (p->ntok < 4)
		return parse_fail(p, p->tok[p->ntok - 1], "missing %s", kind == BOOT_MB_ALLOC ?
			    "SIZE ALIGN" : "BASE SIZE");
	if (parse_number(p, p->tok[2], p->tok[2], 0, UINT64_MAX, true, &first) ||
	    parse_number(p, p->tok[3], p->tok[3], 0, UINT64_MAX, true, &second))
		return -1;
	memset(b, 0, sizeof(*b));
	b->kind = (uint8_t)kind;
	b->line = p->line;
	if (kind == BOOT_MB_ALLOC) {
		if (second & (second - 1))
			return parse_fail(p, p->tok[3], "ALIGN is 0 or a power of two");
		b->nid = -1;
		b->size = first;
		b->align = second;
	} else {
		b->base = first;
		b->size = second;
	}
	p->nid_at[p->s->nr_boot].line = 0;
	if (memblock_options(p, b, 4))
		return -1;
	p->s->nr_boot++;
	return 0;
}

/*
 * `expect ok|fail` about the boot-phase op before it, and `dump memblock`:
 * boot ops of their own, so that they keep their place among the memblock ops.
 */
static int parse_boot_expect_dump(struct parser *p)
{
	struct scn_boot_op *b = &p->s->boot[p->s->nr_boot];
	bool expect = strcmp(p->tok[0], "expect") == 0;
	const char *t = p->ntok > 1 ? p->tok[1] : p->tok[0];

	if (p->ntok != 2)
		return parse_fail(p, p->ntok > 2 ? p->tok[2] : t, expect ?
				  "expected `expect ok` or `expect fail`" : "expected `dump memblock`");
	if (expect && strcmp(t, "ok") && strcmp(t, "fail"))
		return parse_fail(p, t, "expected ok or fail");
	if (!expect && strcmp(t, "memblock"))
		return parse_fail(p, t, "only `dump memblock` before `boot` (no zones exist yet)");
	if (expect && !p->s->nr_boot)
		return parse_fail(p, p->tok[0], "`expect` with no op before it");
	if (p->s->nr_boot == SCN_MAX_BOOT_OPS)
		return parse_fail(p, p->tok[0], "more than %d boot-phase ops", SCN_MAX_BOOT_OPS);
	memset(b, 0, sizeof(*b));
	b->kind = expect ? BOOT_EXPECT : BOOT_DUMP;
	b->arg = expect ? strcmp(t, "ok") == 0 : DUMP_MEMBLOCK;
	b->line = p->line;
	p->nid_at[p->s->nr_boot].line = 0;
	p->s->nr_boot++;
	return 0;
}

/* zones dma=PFN dma32=PFN normal=PFN [movable=PFN] */
static int parse_zones(struct parser *p)
{
	static const char *const keys[] = { "dma", "dma32", "normal", "movable" };
	const char *given[4] = { NULL };
	uint64_t v[4] = { 0 };
	struct scn_zones *z = &p->s->zones;

	for (unsigned int i = 1; i < p->ntok; i++) {
		unsigned int k = 0;

		while (k < 4 && !parse_key_value(p->tok[i], keys[k]))
			k++;
		if (k == 4)
			return parse_fail(p, p->tok[i], "expected dma=, dma32=, normal= or movable=");
		given[k] = p->tok[i];
		if (parse_number(p, given[k], given[k] + strlen(keys[k]) + 1, 0,
			   SCN_ZONE_PFN_LIMIT - 1, false, &v[k]))
			return -1;
	}
	for (unsigned int k = 0; k < 3; k++)
		if (!given[k])
			return parse_fail(p, p->tok[0], "missing %s=PFN", keys[k]);
	if (v[1] < v[0] || v[2] < v[1])
		return parse_fail(p, v[1] < v[0] ? given[1] : given[2], "zone ends decrease");
	z->set = true;
	memcpy(z->max_zone_pfn, v, sizeof(z->max_zone_pfn));
	z->has_movable = given[3] != NULL;
	z->movable_pfn = v[3];
	return 0;
}

/* The checks that needed the final config; run at `boot` or the end. */
int parse_boot_check(struct parser *p)
{
	const struct scn_config *c = &p->s->cfg;

	if (c->pageblock_order > c->max_order)
		return p->pageblock_at.line ?
			parse_fail_at(p, &p->pageblock_at, "pageblock_order > max_order %u", c->max_order) :
			parse_fail_at(p, &p->max_order_at, "max_order < pageblock_order %u",
				c->pageblock_order);
	for (unsigned int i = 0; i < SCN_MAX_NODES; i++) {
		for (unsigned int j = 0; j < SCN_MAX_NODES; j++) {
			if (!c->distance[i][j])
				continue;
			if (i >= c->nr_nodes)
				return parse_fail_at(p, &p->node_at[i], "node >= nodes=%u", c->nr_nodes);
			if (j >= c->nr_nodes)
				return parse_fail_at(p, &p->dist_at[i][j], "node >= nodes=%u", c->nr_nodes);
		}
	}
	for (unsigned int i = 0; i < p->s->nr_boot; i++)
		if (p->s->boot[i].nid >= c->nr_nodes)
			return parse_fail_at(p, &p->nid_at[i], "nid >= nodes=%u", c->nr_nodes);
	return 0;
}

int parse_boot_line(struct parser *p)
{
	const char *w = p->tok[0];

	if (p->s->booted)
		return parse_fail(p, w, "boot-phase line after `boot`");
	if (strcmp(w, "config") == 0)
		return parse_config(p);
	if (strcmp(w, "node") == 0)
		return parse_node(p);
	if (strcmp(w, "memblock") == 0)
		return parse_memblock(p);
	if (strcmp(w, "zones") == 0)
		return parse_zones(p);
	if (strcmp(w, "expect") == 0 || strcmp(w, "dump") == 0)
		return parse_boot_expect_dump(p);
	if (p->ntok > 1)
		return parse_fail(p, p->tok[1], "`boot` takes no arguments");
	if (parse_boot_check(p))
		return -1;
	p->s->booted = true;
	p->s->boot_line = p->line;
	return 0;
}
