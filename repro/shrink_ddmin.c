// SPDX-License-Identifier: MIT
/*
 * shrink_ddmin.c - Zeller and Hildebrandt's ddmin, the complement-only
 * form: split the kept elements into chunks, drop any chunk whose removal
 * keeps the test true, and halve the chunk size when none can go, down
 * to single elements.  Deterministic: chunks are tried in order.
 */
#include <stdlib.h>
#include <string.h>
#include "shrink.h"

/* Try the kept set without [from, from + len); on success remove it. */
static bool try_without(unsigned int *keep, unsigned int *n, unsigned int from,
			unsigned int len, unsigned int *scratch, shrink_test_fn test, void *ctx)
{
	unsigned int m = 0, i;

	for (i = 0; i < *n; i++)
		if (i < from || i >= from + len)
			scratch[m++] = keep[i];
	if (!test(ctx, scratch, m))
		return false;
	memcpy(keep, scratch, m * sizeof(*keep));
	*n = m;
	return true;
}

bool shrink_ddmin(unsigned int *keep, unsigned int *n, shrink_test_fn test, void *ctx)
{
	unsigned int *scratch = malloc((*n + 1) * sizeof(*scratch));
	unsigned int parts = 2;
	bool changed = false;

	if (!scratch)
		return false;
	while (*n >= 1) {
		unsigned int chunk = (*n + parts - 1) / parts, from = 0;
		bool removed = false;

		if (chunk == 0)
			chunk = 1;
		while (from < *n) {
			unsigned int len = chunk < *n - from ? chunk : *n - from;

			if (try_without(keep, n, from, len, scratch, test, ctx))
				removed = changed = true;	/* the next chunk moved into place */
			else
				from += len;
		}
		if (removed) {
			if (parts > 2)
				parts--;
			continue;
		}
		if (chunk == 1)
			break;
		parts = parts * 2 < *n ? parts * 2 : *n;
	}
	free(scratch);
	return changed;
}
