// SPDX-License-Identifier: MIT
/*
 * buddytree.c - the bitmap-tree buddy allocator (see buddytree.h).
 *
 * Node n (1-based, heap order) at level l covers 2^(depth - l) pages; its
 * children are 2n and 2n + 1.  Allocation walks down from the root, left
 * first, to a wholly free node of the order asked for; freeing finds the
 * node from the address and order, checks that an allocation starts
 * there, and merges upward while both halves of the parent are wholly free
 * and the merged order stays <= max_order.  Addresses are absolute: a free
 * whose address is not aligned to its block size is refused, so the arena
 * must start at an address aligned to its largest block (bt_init()).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "buddytree.h"

#define PAGE_BYTES	(1UL << BT_PAGE_SHIFT)

static unsigned int node_order(const struct bt *b, unsigned long n)
{
	unsigned int level = 0;

	while (n >> (level + 1))
		level++;
	return b->depth - level;
}

static unsigned long first_page(const struct bt *b, unsigned long n)
{
	unsigned int o = node_order(b, n);

	return (n << o) - (1UL << b->depth);
}

/* The node of the block of @order holding page @page. */
static unsigned long node_of(const struct bt *b, unsigned long page, unsigned int order)
{
	return ((1UL << b->depth) + page) >> order;
}

static uint8_t whole(const struct bt *b, unsigned int order)
{
	return order <= b->max_order ? (uint8_t)(order + 1) : 0;
}

/* What node @n of order @o holds, from its children. */
static uint8_t combine_at(const struct bt *b, unsigned long n, unsigned int o)
{
	uint8_t l = b->tree[2 * n], r = b->tree[2 * n + 1];

	if (l == whole(b, o - 1) && r == l && l && o <= b->max_order)
		return (uint8_t)(o + 1);
	return l > r ? l : r;
}

static void update_up(struct bt *b, unsigned long n)
{
	unsigned int o = node_order(b, n);

	for (n >>= 1, o++; n; n >>= 1, o++)
		b->tree[n] = combine_at(b, n, o);
}

static bool head_get(const struct bt *b, unsigned long n)
{
	return b->head[n / 8] >> (n % 8) & 1;
}

static void head_set(struct bt *b, unsigned long n, bool on)
{
	if (on)
		b->head[n / 8] |= (uint8_t)(1u << (n % 8));
	else
		b->head[n / 8] &= (uint8_t)~(1u << (n % 8));
}

static unsigned int depth_for(unsigned long nr_pages)
{
	unsigned int d = 0;

	while ((1UL << d) < nr_pages)
		d++;
	return d;
}

size_t bt_metadata_bytes(unsigned long nr_pages)
{
	unsigned long nodes = 2UL << depth_for(nr_pages);

	return sizeof(struct bt) + nodes + nodes / 8 + 1;
}

struct bt *bt_init(void *meta, uintptr_t base, unsigned long nr_pages, unsigned int max_order)
{
	struct bt *b = meta;
	unsigned long nodes;

	if (base & ((PAGE_BYTES << max_order) - 1))
		return NULL;
	b->base = base;
	b->depth = depth_for(nr_pages);
	b->max_order = max_order;
	b->nr_pages = nr_pages;
	b->nr_free = 0;
	b->last_leaf = 1;
	nodes = 2UL << b->depth;
	b->tree = (uint8_t *)(b + 1);
	b->head = b->tree + nodes;
	return b;
}

void bt_set_page(struct bt *b, unsigned long page, bool usable)
{
	unsigned long n = node_of(b, page, 0);

	if (page >= b->nr_pages || b->tree[n] == usable)
		return;
	b->tree[n] = usable;
	if (usable)
		b->nr_free++;
	else
		b->nr_free--;
}

void bt_build(struct bt *b)
{
	unsigned long n, level_start;
	unsigned int o;

	for (o = 1; o <= b->depth; o++) {
		level_start = 1UL << (b->depth - o);
		for (n = level_start; n < 2 * level_start; n++)
			b->tree[n] = combine_at(b, n, o);
	}
}

static uintptr_t addr_of(const struct bt *b, unsigned long page)
{
	return b->base + page * PAGE_BYTES;
}

int bt_alloc(struct bt *b, unsigned int order, uintptr_t *addr)
{
	unsigned long n = 1;

	if (order > b->max_order)
		return BT_EINVAL;
	if (b->tree[1] < order + 1)
		return BT_ENOMEM;
	while (node_order(b, n) > order)
		n = b->tree[2 * n] >= order + 1 ? 2 * n : 2 * n + 1;
	b->tree[n] = 0;
	head_set(b, n, true);
	update_up(b, n);
	b->nr_free -= 1UL << order;
	b->last_leaf = n;
	*addr = addr_of(b, first_page(b, n));
	return 0;
}

int bt_free(struct bt *b, uintptr_t addr, unsigned int order)
{
	unsigned long page, n;

	if (order > b->max_order || addr < b->base || (addr & ((PAGE_BYTES << order) - 1)))
		return BT_EINVAL;
	page = (addr - b->base) / PAGE_BYTES;
	if (page + (1UL << order) > (1UL << b->depth))
		return BT_EINVAL;
	n = node_of(b, page, order);
	if (!head_get(b, n))
		return BT_ENOENT;
	head_set(b, n, false);
	b->tree[n] = whole(b, order);
	b->nr_free += 1UL << order;
	/* merging: each parent whose two halves are wholly free becomes so */
	update_up(b, n);
	b->last_leaf = n;
	return 0;
}

/* ---- Consistency checks ---- */

/* A node of order @o against its children (or, allocated, against 0). */
static unsigned int node_bad(const struct bt *b, unsigned long n, unsigned int o, bt_say_fn say,
			     void *ctx)
{
	char detail[160];
	uint8_t want;

	if (head_get(b, n))
		want = 0;
	else if (o == 0)
		want = b->tree[n] <= 1 ? b->tree[n] : 1;
	else
		want = combine_at(b, n, o);
	if (b->tree[n] == want)
		return 0;
	if (say) {
		snprintf(detail, sizeof(detail), "node %lu (order %u%s): value %u, should be %u",
			 n, o, head_get(b, n) ? ", allocated" : "", b->tree[n], want);
		say(ctx, "buddytree.node_value", first_page(b, n), detail);
	}
	return 1;
}

/* Check the subtree of @n (not below an allocation); add its free pages. */
static unsigned int check_subtree(const struct bt *b, unsigned long n, unsigned int o,
				  unsigned long *free_pages, bt_say_fn say, void *ctx)
{
	unsigned int bad = 0;

	if (head_get(b, n))
		return node_bad(b, n, o, say, ctx);
	if (o > 0 && b->tree[n] == whole(b, o) && b->tree[n]) {
		*free_pages += 1UL << o;	/* wholly free: children are not read */
		return 0;
	}
	if (o > 0) {
		bad += check_subtree(b, 2 * n, o - 1, free_pages, say, ctx);
		bad += check_subtree(b, 2 * n + 1, o - 1, free_pages, say, ctx);
	} else {
		*free_pages += b->tree[n] == 1;
	}
	return bad + node_bad(b, n, o, say, ctx);
}

unsigned int bt_check(const struct bt *b, bt_say_fn say, void *ctx)
{
	unsigned long free_pages = 0;
	unsigned int bad = check_subtree(b, 1, b->depth, &free_pages, say, ctx);
	char detail[120];

	if (free_pages != b->nr_free) {
		bad++;
		if (say) {
			snprintf(detail, sizeof(detail), "nr_free %lu, the tree holds %lu free pages",
				 b->nr_free, free_pages);
			say(ctx, "buddytree.nr_free", 0, detail);
		}
	}
	return bad;
}

unsigned int bt_check_path(const struct bt *b, bt_say_fn say, void *ctx)
{
	unsigned long n;
	unsigned int bad = 0, o = node_order(b, b->last_leaf);

	for (n = b->last_leaf >> 1, o++; n; n >>= 1, o++)
		bad += node_bad(b, n, o, say, ctx);
	return bad;
}

void bt_describe(const struct bt *b, unsigned long page, char *buf, size_t len)
{
	unsigned int o, top = b->max_order < b->depth ? b->max_order : b->depth;

	if (page >= b->nr_pages) {
		snprintf(buf, len, "outside the arena");
		return;
	}
	for (o = top + 1; o-- > 0;) {		/* an allocation covering the page */
		unsigned long n = node_of(b, page, o);

		if (head_get(b, n)) {
			snprintf(buf, len, "allocated, block at page 0x%lx order %u",
				 first_page(b, n), o);
			return;
		}
	}
	for (o = top + 1; o-- > 0;) {		/* the largest free block holding it */
		unsigned long n = node_of(b, page, o);

		if (b->tree[n] && b->tree[n] == whole(b, o)) {
			snprintf(buf, len, "free, block at page 0x%lx order %u", first_page(b, n), o);
			return;
		}
	}
	snprintf(buf, len, "not usable (never handed to the arena)");
}
