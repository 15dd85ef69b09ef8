// SPDX-License-Identifier: MIT
/*
 * floor.c - the bench's floor (see floor.h): list pop and push on 24-byte
 * page structs with a counter.  A separate file so the calls stay calls.
 */
#include <stdlib.h>

#include "floor.h"

_Static_assert(sizeof(struct floor_page) == 24, "floor pages are 24 bytes, as struct page");

int floor_init(struct floor *f, unsigned long per_order, unsigned int nr_orders)
{
	unsigned long i;
	unsigned int k;

	f->nr_pages = per_order * nr_orders;
	f->pages = calloc(f->nr_pages, sizeof(*f->pages));
	f->count = 0;
	for (k = 0; k < FLOOR_ORDERS; k++)
		f->lists[k].next = f->lists[k].prev = &f->lists[k];
	if (!f->pages)
		return -1;
	/* pushed in reverse, so pops come in ascending index order */
	for (k = 0; k < nr_orders; k++)
		for (i = per_order; i-- > 0;)
			floor_push(f, k * per_order + i, k);
	return 0;
}

void floor_release(struct floor *f)
{
	free(f->pages);
	f->pages = NULL;
}

unsigned long floor_pop(struct floor *f, unsigned int order)
{
	struct floor_link *head = &f->lists[order], *n = head->next;
	struct floor_page *p;

	if (n == head)
		return FLOOR_EMPTY;
	head->next = n->next;
	n->next->prev = head;
	p = (struct floor_page *)n;
	p->flags = 0;
	f->count -= 1UL << order;
	return (unsigned long)(p - f->pages);
}

void floor_push(struct floor *f, unsigned long idx, unsigned int order)
{
	struct floor_page *p = &f->pages[idx];
	struct floor_link *head = &f->lists[order];

	p->lru.next = head->next;
	p->lru.prev = head;
	head->next->prev = &p->lru;
	head->next = &p->lru;
	p->flags = 1;
	p->order = (uint8_t)order;
	f->count += 1UL << order;
}
