// SPDX-License-Identifier: MIT
/*
 * adapter_template.c - a commented starting point for a pagefuzz port:
 * copy this file into your own tree, replace the "YOUR ALLOCATOR" parts
 * with calls into your allocator, and build it with
 *
 *     find_package(pagefuzz REQUIRED)
 *     pagefuzz_add_port(mine SOURCES adapter_template.c my_alloc.c)
 *
 * or check it in one command: scripts/check-port adapter_template.c my_alloc.c
 * (README, "Check your own allocator").
 *
 * As shipped it is a complete level-1 port around a deliberately simple
 * allocator (one byte of state per page, first fit), so it builds, runs
 * and passes as is: replace that allocator, keep the shape.
 *
 * What the harness asks of a level-1 port (fuzz/port/port.h says more):
 *  - create(): the instance, from the config alone (no memory yet).
 *  - boot(): take the usable pages of the map; return < 0 to refuse a
 *    map (say why with port_reason()).
 *  - alloc(order): an aligned block of 2^order free pages, its first pfn;
 *    PF_ENOMEM when there is none.  gfp, cpu and nid may be ignored.
 *  - free(pfn, order): give it back; with SCN_CAP_DOUBLE_FREE /
 *    SCN_CAP_WRONG_ORDER / SCN_CAP_FREE_PFN in caps, each kind of bad free
 *    must be refused (a negative code other than PF_ENOMEM) and change
 *    nothing.
 *  - never write into pages it handed out: the harness tags their
 *    contents and checks them.
 */
#include <stdlib.h>
#include <string.h>
#include "port.h"	/* with <pagefuzz/vocab.h>, all an adapter needs */

/* ---- YOUR ALLOCATOR: replace this section with your own headers ---- */
enum { PG_UNUSABLE, PG_FREE, PG_HEAD, PG_TAIL };

struct tiny {
	const struct port_env *env;	/* the harness's services (port_reason()) */
	unsigned long nr_pages;
	unsigned int max_order;
	unsigned char *state;		/* one PG_* per page */
};

static int tiny_alloc(struct tiny *t, unsigned int order, unsigned long *pfn)
{
	unsigned long n = 1UL << order, p, i;

	if (order > t->max_order)
		return PF_EINVAL;
	for (p = 0; p + n <= t->nr_pages; p += n) {		/* aligned first fit */
		for (i = 0; i < n && t->state[p + i] == PG_FREE; i++)
			;
		if (i < n)
			continue;
		memset(t->state + p, PG_TAIL, n);
		t->state[p] = PG_HEAD;
		*pfn = p;
		return 0;
	}
	return PF_ENOMEM;
}

static int tiny_free(struct tiny *t, unsigned long pfn, unsigned int order)
{
	unsigned long n = 1UL << order, i;

	if (order > t->max_order || pfn >= t->nr_pages || n > t->nr_pages - pfn ||
	    t->state[pfn] != PG_HEAD)
		return PF_ENOENT;
	for (i = 1; i < n; i++)
		if (t->state[pfn + i] != PG_TAIL)
			return PF_ENOENT;	/* wrong order: more or fewer pages */
	if (pfn + n < t->nr_pages && t->state[pfn + n] == PG_TAIL)
		return PF_ENOENT;		/* the block goes on: a larger order */
	memset(t->state + pfn, PG_FREE, n);
	return 0;
}
/* ---- end of YOUR ALLOCATOR ---- */

/*
 * The usable pages come from the harness (port_map_for_each_usable(): the
 * judge's own rule, overflow-safe at the top of the address space), in
 * runs of [start_pfn, end_pfn).  Recomputing them from map->memory[] and
 * map->reserved[] is possible, but that rounding is easy to get wrong.
 */
static void give_pages(void *arg, uint64_t start_pfn, uint64_t end_pfn, int nid)
{
	uint64_t pfn;

	(void)nid;			/* level 1: one arena, nodes mean nothing */
	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		((struct tiny *)arg)->state[pfn] = PG_FREE;
}

static void *tpl_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	struct tiny *t = calloc(1, sizeof(*t));

	if (!t) {
		*err = PF_ENOMEM;
		return NULL;
	}
	t->max_order = cfg->max_order;
	t->env = env;
	return t;
}

static int tpl_boot(void *port, const struct port_map *map)
{
	struct tiny *t = port;

	if (map->end_pfn > (1UL << 20)) {		/* an example of a clean refusal */
		port_reason(t->env, "template: maps past 4 GiB are not supported");
		return PF_ENOMEM;
	}
	t->state = calloc(map->end_pfn + 1, 1);
	if (!t->state)
		return PF_ENOMEM;
	t->nr_pages = map->end_pfn;
	port_map_for_each_usable(map, give_pages, t);	/* YOUR ALLOCATOR: hand it the pages */
	return 0;
}

static void tpl_destroy(void *port)
{
	struct tiny *t = port;

	free(t->state);
	free(t);
}

static int tpl_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
		     unsigned long *pfn)
{
	(void)gfp;	/* level 1: placement by gfp, cpu and node is not judged */
	(void)cpu;
	(void)nid;
	return tiny_alloc(port, order, pfn);
}

static int tpl_free(void *port, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	(void)cpu;
	return tiny_free(port, pfn, order);
}

/* Optional (PORT_CAP_ZONE_COUNTERS): at level 1, nid = zone = -1 asks for the arena. */
static int tpl_counters(void *port, int nid, int zone, struct port_zone_counters *out)
{
	struct tiny *t = port;
	unsigned long p;

	if (nid != -1 || zone != -1)
		return PF_EINVAL;
	memset(out, 0, sizeof(*out));
	for (p = 0; p < t->nr_pages; p++)
		out->free_pages += t->state[p] == PG_FREE;
	return 0;
}

/* The port table: its name is what --port / PAGEFUZZ_PORT select. */
const struct port_ops port_template = {
	.name = "template",
	.level = PORT_LEVEL_ARENA,
	/* each misuse kind it refuses; counters; failures mean "nothing free" */
	.caps = SCN_CAP_DOUBLE_FREE | SCN_CAP_WRONG_ORDER | SCN_CAP_FREE_PFN |
		PORT_CAP_ZONE_COUNTERS | PORT_CAP_STRICT_FAIL,
	.metadata_bytes = 0,	/* bytes wanted in front of page memory (port_env.metadata) */
	.create = tpl_create,
	.boot = tpl_boot,
	.destroy = tpl_destroy,
	.alloc = tpl_alloc,
	.free = tpl_free,
	.zone_counters = tpl_counters,
};
