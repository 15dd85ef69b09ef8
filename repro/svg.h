/* SPDX-License-Identifier: MIT */
/*
 * svg.h - a picture of the memory map as a run left it (at its first
 * failure, or at its end): zones and holes along the pfn axis, the
 * oracle's page states, pageblocks coloured by migratetype, free blocks
 * by order, live allocations, and the offending range marked.
 *
 * It reads only what the judge may read: the oracle's model and the
 * port's describe_pfn() line (never the allocator's internals), so it
 * draws any port; a port without describe_pfn gets the oracle rows only.
 */
#ifndef PAGEFUZZ_REPRO_SVG_H
#define PAGEFUZZ_REPRO_SVG_H

#include <stdio.h>
#include "fuzz/check/run.h"

/* svg_write - the picture of @view as one standalone SVG document on @out. */
void svg_write(const struct run_view *view, FILE *out);

#endif /* PAGEFUZZ_REPRO_SVG_H */
