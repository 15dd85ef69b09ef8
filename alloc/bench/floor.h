/* SPDX-License-Identifier: MIT */
/*
 * floor.h - the bench's floor: the least work a page allocator's fast
 * path can do, measured beside each workload so the allocator's figure is
 * read as a ratio to it on the same (possibly loaded) machine.
 *
 * A floor is an array of 24-byte page structs, one doubly linked list per
 * order 0..3 and a page counter.  floor_pop() unlinks a list's head and
 * floor_push() links a page back at the head; both live in floor.c so the
 * bench calls them across a file boundary, as it calls the allocator.
 * Nothing is split, merged, checked or counted per zone.
 */
#ifndef PAGEFUZZ_BENCH_FLOOR_H
#define PAGEFUZZ_BENCH_FLOOR_H

#include <stdint.h>

#define FLOOR_ORDERS	4
#define FLOOR_EMPTY	(~0UL)

struct floor_link {
	struct floor_link *next, *prev;
};

struct floor_page {
	struct floor_link lru;
	uint8_t flags;
	uint8_t order;
	uint8_t unused[6];
};

struct floor {
	struct floor_page *pages;
	unsigned long nr_pages;
	struct floor_link lists[FLOOR_ORDERS];
	unsigned long count;		/* pages on the lists */
};

/*
 * floor_init - @per_order page structs on each list of @nr_orders (1..4);
 * list k holds pages [k * per_order, (k + 1) * per_order).
 * Return: 0, or -1 when host memory ran out.
 */
int floor_init(struct floor *f, unsigned long per_order, unsigned int nr_orders);
void floor_release(struct floor *f);
/* floor_pop - unlink the head of list @order; its index, or FLOOR_EMPTY. */
unsigned long floor_pop(struct floor *f, unsigned int order);
/* floor_push - link page @idx back at the head of list @order. */
void floor_push(struct floor *f, unsigned long idx, unsigned int order);

#endif /* PAGEFUZZ_BENCH_FLOOR_H */
