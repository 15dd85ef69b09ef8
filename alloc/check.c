// SPDX-License-Identifier: MIT
/*
 * check.c - the allocator's self-check entry points.  Each structure has
 * its checker at the bottom of its own file; this file only runs them in
 * dependency order (memblock -> memmap -> zone -> pageblock -> buddy ->
 * pcp -> isolation -> watermark -> zonelist) and reports through struct check_ctx.
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

void check_page_failed(const char *func, const char *expr, const char *file, int line,
		       const struct alloc_machine *m, unsigned long pfn)
{
	struct alloc_pfn_info info;

	alloc_pfn_info(m, pfn, &info);
	fprintf(stderr, "page 0x%lx: state %d head 0x%lx order %u nid %d zone %d pageblock %d list %d\n",
		pfn, info.state, info.head_pfn, info.order, info.nid, info.zone,
		info.pageblock_mt, info.list_mt);
	platform_check_failed(func, expr, file, line);
}

static void ctx_init(struct check_ctx *ctx, alloc_violation_fn fn, void *arg,
		     unsigned int limit)
{
	ctx->fn = fn;
	ctx->arg = arg;
	ctx->count = 0;
	ctx->limit = limit;
}

/**
 * alloc_check_all - every structure's checker, in dependency order.
 * See alloc.h for the contract.
 */
CHECK_WALK
unsigned int alloc_check_all(struct alloc_machine *m, alloc_violation_fn fn, void *arg,
			     unsigned int limit)
{
	struct check_ctx ctx;
	struct memmap_census census;

	ctx_init(&ctx, fn, arg, limit);
	memblock_check(&m->memblock, &ctx);
	/* a wrong memmap base misleads every walk below: none runs */
	if (m->booted && memmap_check_base(m, &ctx)) {
		if (!check_full(&ctx))
			memmap_check(m, &ctx, &census);
		if (!check_full(&ctx))
			zone_check(m, &ctx, &census);
		if (!check_full(&ctx))
			pageblock_check(m, &ctx);
		if (!check_full(&ctx))
			buddy_check(m, &ctx, &census);
		if (!check_full(&ctx))
			pcp_check(m, &ctx);
		if (!check_full(&ctx))
			isolation_check(m, &ctx);
		if (!check_full(&ctx))
			wmark_check(m, &ctx);
		if (!check_full(&ctx))
			zonelist_check(m, &ctx);
	}
	m->touched.nr = 0;
	m->touched.overflow = false;
	return ctx.count;
}

/**
 * alloc_check_touched - the incremental check: each touched block, then
 * the counter identities of the zones they belong to.
 * See alloc.h for the contract.
 */
CHECK_WALK
unsigned int alloc_check_touched(struct alloc_machine *m, alloc_violation_fn fn, void *arg,
				 unsigned int limit)
{
	struct check_ctx ctx;
	bool seen[ALLOC_MAX_NODES][NR_ZONE_TYPES] = { { false } };
	unsigned int i;

	if (!m->booted || m->touched.overflow || ALLOC_CHECK_LEVEL == 0)
		return alloc_check_all(m, fn, arg, limit);
	ctx_init(&ctx, fn, arg, limit);
	for (i = memmap_check_base(m, &ctx) ? 0 : m->touched.nr;	/* a wrong base: no walk */
	     i < m->touched.nr && !check_full(&ctx); i++) {
		unsigned long pfn = m->touched.pfn[i];
		const struct page *p;

		buddy_check_block(m, pfn, &ctx);
		if (!pfn_in_memmap(m, pfn))
			continue;
		p = pfn_to_page(m, pfn);
		if (p->nid < m->cfg.nr_nodes && p->zone_idx < NR_ZONE_TYPES &&
		    !seen[p->nid][p->zone_idx]) {
			seen[p->nid][p->zone_idx] = true;
			buddy_check_counters(page_zone(m, p), &ctx);
		}
	}
	m->touched.nr = 0;
	return ctx.count;
}
