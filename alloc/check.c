// SPDX-License-Identifier: MIT
/*
 * check.c - the allocator's self-check entry points.  Each structure has
 * its checker at the bottom of its own file; this file only runs them in
 * dependency order (memblock -> memmap -> zone -> pageblock -> buddy ->
 * pcp -> watermark -> zonelist) and reports through struct check_ctx.
 */
#include <stdarg.h>
#include <stdio.h>
#include "internal.h"

bool check_report(struct check_ctx *ctx, const char *id, unsigned long pfn,
		  const char *fmt, ...)
{
	struct alloc_violation v;
	va_list ap;

	if (check_full(ctx))
		return false;
	v.id = id;
	v.pfn = pfn;
	va_start(ap, fmt);
	vsnprintf(v.detail, sizeof(v.detail), fmt, ap);
	va_end(ap);
	ctx->count++;
	if (ctx->fn)
		ctx->fn(ctx->arg, &v);
	return !check_full(ctx);
}
