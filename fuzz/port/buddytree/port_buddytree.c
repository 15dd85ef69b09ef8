// SPDX-License-Identifier: MIT
/*
 * port_buddytree.c - the bitmap-tree buddy (buddytree.c) behind the port
 * interface, at level 1: one arena over pfns [0, end_pfn), gfp / cpu /
 * nid ignored.  Its metadata lives in the room the harness lends in front
 * of the page memory (port_env.metadata), and blocks are named by their
 * absolute address in the page memory, so the port runs only if page
 * memory is aligned to its largest block (it refuses the map otherwise,
 * saying why).  Without page memory (replay --no-contents) it uses
 * malloc'ed metadata and address = pfn << 12.
 *
 * Usable pages, by the rules port.h gives for the map: a page wholly
 * inside a memory region, touching no reserved region, below the end of
 * ZONE_NORMAL.
 *
 *  buddytree               the port
 *  buddytree-nosplitcheck  planted bug: an allocation of order >= 2 that
 *                          finds no free block takes the arena's first
 *                          block anyway (the harness must catch it)
 *  buddytree-losepage      planted bug: boot keeps the highest usable page
 *                          for itself; the port declares no counters and
 *                          no self-check, so only the end-of-run count
 *                          can catch it
 *  buddytree-reserve       keeps the highest usable page back, as an
 *                          allocator with a reserve would, and declares
 *                          no strict failures: the oracle cannot judge
 *                          it, a differential run against buddytree can
 *  buddytree-scribble      planted bug: each allocation writes one byte at
 *                          offset 32 of the first page of the allocation
 *                          before it, if still live (a bitmap indexed by
 *                          byte instead of page would); the page tags
 *                          must catch it
 *  buddytree-scribble-mid  the same at byte offset 2000, in the middle of
 *                          the page, where a tag lies on one page in 62
 *  buddytree-claims-zones  the same allocator declared level 2: it ignores
 *                          gfp and nodes, so the harness must report its
 *                          placement (at level 1 it must not)
 */
#include <stdlib.h>
#include <string.h>
#include "port.h"
#include "buddytree.h"

#define BT_MAX_PAGES	(1UL << 19)	/* the room below covers arenas up to 2 GiB */
#define BT_ROOM		(sizeof(struct bt) + (2UL << 19) + (2UL << 19) / 8 + 64)

struct bt_port {
	struct bt *b;
	void *owned;		/* malloc'ed metadata when no room was lent */
	bool planted_bug;	/* buddytree-nosplitcheck */
	unsigned int scribble;	/* buddytree-scribble*: byte offset written, or 0 */
	uintptr_t last_addr;	/* buddytree-scribble: the previous allocation */
	unsigned int last_order;
	bool have_last;
	const struct port_env *env;	/* for port_reason() and the memory lent */
	unsigned int max_order;
	bool lose_page;		/* buddytree-losepage, buddytree-reserve */
};

/* buddytree-losepage: the highest usable page never reaches the free pool. */
static void lose_highest_page(struct bt *b)
{
	unsigned long page;

	for (page = b->nr_pages; page-- > 0;) {
		if (b->tree[(1UL << b->depth) + page] == 1) {
			bt_set_page(b, page, false);
			bt_build(b);
			return;
		}
	}
}

static void set_usable(void *arg, uint64_t start_pfn, uint64_t end_pfn, int nid)
{
	uint64_t p;

	(void)nid;
	for (p = start_pfn; p < end_pfn; p++)
		bt_set_page(arg, (unsigned long)p, true);
}

/* Mark the usable pages of @map free in @b (the harness's rule, port.h). */
static void hand_over(struct bt *b, const struct port_map *map)
{
	port_map_for_each_usable(map, set_usable, b);
	bt_build(b);
}

static void *btp_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	struct bt_port *bp = calloc(1, sizeof(*bp));

	if (!bp) {
		*err = PF_ENOMEM;
		return NULL;
	}
	bp->env = env;
	bp->max_order = cfg->max_order;
	return bp;
}

/* The arena over the map: metadata in the room lent, blocks by address. */
static int btp_boot(void *port, const struct port_map *map)
{
	struct bt_port *bp = port;
	const struct port_env *env = bp->env;
	void *meta = env->metadata;
	uintptr_t base = env->page_memory ? (uintptr_t)env->page_memory : 0;

	if (map->end_pfn > BT_MAX_PAGES) {
		port_reason(env, "buddytree: an arena of %llu pages needs more than its %zu bytes "
			    "of metadata room", (unsigned long long)map->end_pfn, (size_t)BT_ROOM);
		return PF_ENOMEM;
	}
	if (!meta || env->metadata_bytes < bt_metadata_bytes(map->end_pfn)) {
		meta = bp->owned = calloc(1, bt_metadata_bytes(map->end_pfn));
		if (!meta)
			return PF_ENOMEM;
	}
	bp->b = bt_init(meta, base, map->end_pfn, bp->max_order);
	if (!bp->b) {
		port_reason(env, "buddytree: page memory at %p is not aligned to its largest "
			    "block (%lu bytes)", env->page_memory, 4096UL << bp->max_order);
		return PF_EINVAL;
	}
	hand_over(bp->b, map);
	if (bp->lose_page)
		lose_highest_page(bp->b);
	return 0;
}

static void btp_destroy(void *port)
{
	struct bt_port *bp = port;

	free(bp->owned);
	free(bp);
}

/* buddytree-scribble: the planted stray write (only with real page memory). */
static void scribble(struct bt_port *bp, uintptr_t addr, unsigned int order)
{
	char desc[80];

	if (bp->have_last && bp->b->base) {
		bt_describe(bp->b, (unsigned long)((bp->last_addr - bp->b->base) >> BT_PAGE_SHIFT),
			    desc, sizeof(desc));
		if (!strncmp(desc, "allocated", 9))
			((volatile uint8_t *)bp->last_addr)[bp->scribble] ^= 0x5a;
	}
	bp->last_addr = addr;
	bp->last_order = order;
	bp->have_last = true;
}

static int btp_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
		     unsigned long *pfn)
{
	struct bt_port *bp = port;
	uintptr_t addr;
	int err;

	(void)gfp;
	(void)cpu;
	(void)nid;
	err = bt_alloc(bp->b, order, &addr);
	if (err == BT_ENOMEM && bp->planted_bug && order >= 2 && bp->b->nr_pages >= (1UL << order)) {
		addr = bp->b->base;	/* the planted bug: the first block, free or not */
		err = 0;
		port_reason(bp->env, "buddytree-nosplitcheck: no free order-%u block, took the "
			    "first one unchecked", order);
	}
	if (err)
		return err == BT_ENOMEM ? PF_ENOMEM : PF_EINVAL;
	*pfn = (unsigned long)((addr - bp->b->base) >> BT_PAGE_SHIFT);
	if (bp->scribble)
		scribble(bp, addr, order);
	return 0;
}

static int btp_free(void *port, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	struct bt_port *bp = port;
	int err;

	(void)cpu;
	err = bt_free(bp->b, bp->b->base + ((uintptr_t)pfn << BT_PAGE_SHIFT), order);
	if (err)
		port_reason(bp->env, "buddytree: %s", err == BT_ENOENT ?
			    "no allocation of that order starts there" :
			    "address not aligned to the order, or outside the arena");
	return err == BT_ENOENT ? PF_ENOENT : err ? PF_EINVAL : 0;
}

static int btp_counters(void *port, int nid, int zone, struct port_zone_counters *out)
{
	struct bt_port *bp = port;

	if (nid != -1 || zone != -1)
		return PF_EINVAL;
	memset(out, 0, sizeof(*out));
	out->free_pages = bp->b->nr_free;
	return 0;
}

static unsigned int btp_check_all(void *port, port_violation_fn fn, void *ctx, unsigned int limit)
{
	(void)limit;
	return bt_check(((struct bt_port *)port)->b, (bt_say_fn)fn, ctx);
}

static unsigned int btp_check_touched(void *port, port_violation_fn fn, void *ctx,
				      unsigned int limit)
{
	(void)limit;
	return bt_check_path(((struct bt_port *)port)->b, (bt_say_fn)fn, ctx);
}

static void btp_describe(void *port, unsigned long pfn, char *buf, size_t len)
{
	bt_describe(((struct bt_port *)port)->b, pfn, buf, len);
}

static void *btp_create_losepage(const struct scn_config *cfg, const struct port_env *env,
				 int *err)
{
	struct bt_port *bp = btp_create(cfg, env, err);

	if (bp)
		bp->lose_page = true;
	return bp;
}

static void *btp_create_bug(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	struct bt_port *bp = btp_create(cfg, env, err);

	if (bp)
		bp->planted_bug = true;
	return bp;
}

/* Every variant: the same arena, created by @create_fn (which plants its bug). */
#define BT_ARENA_OPS(create_fn)						\
	.metadata_bytes = BT_ROOM, .create = (create_fn), .boot = btp_boot,	\
	.destroy = btp_destroy, .alloc = btp_alloc, .free = btp_free,		\
	.describe_pfn = btp_describe
/* The variants that expose counters and a self-check. */
#define BT_INTROSPECTION						\
	.zone_counters = btp_counters, .check_all = btp_check_all,		\
	.check_touched = btp_check_touched

#define BT_CAPS (SCN_CAP_MISUSE | PORT_CAP_ZONE_COUNTERS | PORT_CAP_SELF_CHECK | \
		 PORT_CAP_STRICT_FAIL)

const struct port_ops port_buddytree = {
	.name = "buddytree",
	.level = PORT_LEVEL_ARENA,
	.caps = BT_CAPS,
	BT_ARENA_OPS(btp_create),
	BT_INTROSPECTION,
};

const struct port_ops port_buddytree_losepage = {
	.name = "buddytree-losepage",
	.level = PORT_LEVEL_ARENA,
	.caps = SCN_CAP_MISUSE | PORT_CAP_STRICT_FAIL,
	BT_ARENA_OPS(btp_create_losepage),
};

static void *btp_create_scribble(const struct scn_config *cfg, const struct port_env *env,
				 int *err)
{
	struct bt_port *bp = btp_create(cfg, env, err);

	if (bp)
		bp->scribble = 32;
	return bp;
}

static void *btp_create_scribble_mid(const struct scn_config *cfg, const struct port_env *env,
				     int *err)
{
	struct bt_port *bp = btp_create(cfg, env, err);

	if (bp)
		bp->scribble = 2000;
	return bp;
}

const struct port_ops port_buddytree_scribble = {
	.name = "buddytree-scribble",
	.level = PORT_LEVEL_ARENA,
	.caps = BT_CAPS,
	BT_ARENA_OPS(btp_create_scribble),
	BT_INTROSPECTION,
};

const struct port_ops port_buddytree_scribble_mid = {
	.name = "buddytree-scribble-mid",
	.level = PORT_LEVEL_ARENA,
	.caps = BT_CAPS,
	BT_ARENA_OPS(btp_create_scribble_mid),
	BT_INTROSPECTION,
};

const struct port_ops port_buddytree_reserve = {
	.name = "buddytree-reserve",
	.level = PORT_LEVEL_ARENA,
	.caps = SCN_CAP_MISUSE,
	BT_ARENA_OPS(btp_create_losepage),
};

const struct port_ops port_buddytree_claims_zones = {
	.name = "buddytree-claims-zones",
	.level = PORT_LEVEL_ZONES,
	.caps = SCN_CAP_MISUSE | PORT_CAP_STRICT_FAIL,
	BT_ARENA_OPS(btp_create),
};

const struct port_ops port_buddytree_nosplitcheck = {
	.name = "buddytree-nosplitcheck",
	.level = PORT_LEVEL_ARENA,
	.caps = BT_CAPS,
	BT_ARENA_OPS(btp_create_bug),
	BT_INTROSPECTION,
};
