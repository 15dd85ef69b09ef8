// SPDX-License-Identifier: MIT
/*
 * test_buddytree.c - unit tests of the bitmap-tree buddy: it refuses an
 * arena whose base is not aligned to its largest block, splits and merges,
 * refuses each kind of bad free and changes nothing, and its checker
 * catches a planted corruption of the tree and of the free count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddytree.h"

static int failures;

#define EXPECT(cond) do { if (!(cond)) { failures++; \
	fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); } } while (0)

static unsigned int nviol;

static void count(void *ctx, const char *id, unsigned long page, const char *detail)
{
	(void)ctx;
	(void)id;
	(void)page;
	(void)detail;
	nviol++;
}

static struct bt *fresh(void *meta, uintptr_t base, unsigned long pages, unsigned int max_order)
{
	struct bt *b;
	unsigned long p;

	memset(meta, 0, bt_metadata_bytes(pages));
	b = bt_init(meta, base, pages, max_order);
	if (!b)
		return NULL;
	for (p = 0; p < pages; p++)
		bt_set_page(b, p, true);
	bt_build(b);
	return b;
}

int main(void)
{
	void *meta = malloc(bt_metadata_bytes(64));
	uintptr_t base = (uintptr_t)1 << 40, a, c, d;
	struct bt *b;

	/* base aligned to 4 KiB only: an order-3 arena is refused */
	EXPECT(bt_init(meta, base + 4096, 64, 3) == NULL);
	b = fresh(meta, base, 64, 3);
	EXPECT(b != NULL);
	EXPECT(b->nr_free == 64);
	EXPECT(bt_check(b, count, NULL) == 0);

	/* split: order 0 then order 1 come from the lowest block */
	EXPECT(bt_alloc(b, 0, &a) == 0 && a == base);
	EXPECT(bt_alloc(b, 1, &c) == 0 && c == base + 2 * 4096);
	EXPECT(bt_alloc(b, 4, &d) == BT_EINVAL);	/* above max_order */
	EXPECT(b->nr_free == 61);
	EXPECT(bt_check(b, count, NULL) == 0);

	/* bad frees are refused and change nothing */
	EXPECT(bt_free(b, a + 4096, 0) == BT_ENOENT);	/* never allocated */
	EXPECT(bt_free(b, c, 0) == BT_ENOENT);		/* wrong order */
	EXPECT(bt_free(b, c + 4096, 1) == BT_EINVAL);	/* misaligned address */
	EXPECT(b->nr_free == 61);
	EXPECT(bt_free(b, a, 0) == 0);
	EXPECT(bt_free(b, a, 0) == BT_ENOENT);		/* double free */
	EXPECT(bt_free(b, c, 1) == 0);
	EXPECT(b->nr_free == 64);
	EXPECT(bt_check(b, count, NULL) == 0);
	/* merged again: an order-3 block at the base */
	EXPECT(bt_alloc(b, 3, &d) == 0 && d == base);
	EXPECT(bt_free(b, d, 3) == 0);

	/* planted corruption: the checker must see it */
	nviol = 0;
	b->tree[2] = 0;
	EXPECT(bt_check(b, count, NULL) > 0 && nviol > 0);
	b = fresh(meta, base, 64, 3);
	b->nr_free++;
	nviol = 0;
	EXPECT(bt_check(b, count, NULL) == 1 && nviol == 1);

	free(meta);
	if (failures)
		fprintf(stderr, "%d failure(s)\n", failures);
	else
		printf("buddytree: all checks passed\n");
	return failures != 0;
}
