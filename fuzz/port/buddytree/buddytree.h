/* SPDX-License-Identifier: MIT */
/*
 * buddytree.h - a buddy allocator over one arena, kept as a complete
 * binary tree of bytes instead of free lists: node n covers an aligned
 * block, and tree[n] is one more than the largest order free somewhere
 * below it (0: nothing free).  Blocks are named by address: a block of
 * order o starts at an address aligned to 4096 << o, its buddy is at
 * address ^ (4096 << o).  Written from scratch for pagefuzz to show that
 * the port interface does not lean on the reference allocator: no zones,
 * no nodes, no per-cpu lists, all metadata in one caller-given area.
 *
 * Invariants (bt_check()):
 *   tree[n] <= order(n) + 1, and == order(n) + 1 iff the block is wholly
 *   free (and order(n) <= max_order); otherwise tree[n] = max(children);
 *   a leaf is 1 (free page) or 0 (allocated or never usable);
 *   head[n] set iff an allocation of order(n) starts at node n;
 *   nr_free == sum over wholly free maximal blocks of their pages.
 */
#ifndef PAGEFUZZ_BUDDYTREE_H
#define PAGEFUZZ_BUDDYTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BT_PAGE_SHIFT	12
#define BT_ENOMEM	(-1)
#define BT_EINVAL	(-2)
#define BT_ENOENT	(-3)

struct bt {
	uintptr_t base;			/* address of page 0 of the arena */
	unsigned int depth;		/* the root covers 2^depth pages */
	unsigned int max_order;		/* largest block handed out */
	unsigned long nr_pages;		/* pages the arena spans (<= 2^depth) */
	unsigned long nr_free;		/* pages free */
	unsigned long last_leaf;	/* node last changed, for bt_check_path() */
	uint8_t *tree;			/* 2^(depth+1) bytes, node 1 the root */
	uint8_t *head;			/* 2^(depth+1) bits */
};

/* Bytes of metadata an arena of @nr_pages needs (struct bt included). */
size_t bt_metadata_bytes(unsigned long nr_pages);
/*
 * bt_init - an arena of @nr_pages at @base, all pages unusable, metadata
 * in @meta (bt_metadata_bytes(), zeroed).  Return: the allocator, or NULL
 * if @base is not aligned to its largest block.
 */
struct bt *bt_init(void *meta, uintptr_t base, unsigned long nr_pages, unsigned int max_order);
/* Boot: mark page @page (index in the arena) usable (free) or not, then bt_build(). */
void bt_set_page(struct bt *b, unsigned long page, bool usable);
/* Boot: compute every inner node from the leaves. */
void bt_build(struct bt *b);
/* Return: 0 and the block's address, or BT_ENOMEM / BT_EINVAL. */
int bt_alloc(struct bt *b, unsigned int order, uintptr_t *addr);
/* Return: 0, or BT_EINVAL (misaligned, out of the arena) / BT_ENOENT (no such allocation). */
int bt_free(struct bt *b, uintptr_t addr, unsigned int order);
/* Violations of the invariants above; @say (may be NULL) gets each. */
typedef void (*bt_say_fn)(void *ctx, const char *id, unsigned long page, const char *detail);
unsigned int bt_check(const struct bt *b, bt_say_fn say, void *ctx);
unsigned int bt_check_path(const struct bt *b, bt_say_fn say, void *ctx);
/* One line about a page. */
void bt_describe(const struct bt *b, unsigned long page, char *buf, size_t len);

#endif /* PAGEFUZZ_BUDDYTREE_H */
