/* SPDX-License-Identifier: MIT */
/*
 * debug.h - the only check macros of alloc/, and the reporting context of
 * the per-structure consistency checkers.
 *
 * Two families, never mixed:
 *  - debug_check*(): assertions at the point of assumption.  Levels follow
 *    ALLOC_CHECK_LEVEL (0..3).  A failure prints one stable line
 *      CHECK FAILED [<function>] <expression> (<file>:<line>)
 *    and calls platform_abort().  Compiled out, the condition is still
 *    type-checked but never evaluated, so it must have no side effects.
 *  - <structure>_check(ctx): full walks that count violations and report
 *    each through check_report() with a dotted id ("buddy.order_mismatch").
 *    The context either collects everything (replay) or stops early (fuzz).
 */
#ifndef PAGEFUZZ_DEBUG_H
#define PAGEFUZZ_DEBUG_H

#include <stdbool.h>
#include "alloc.h"
#include "platform.h"

#ifndef ALLOC_CHECK_LEVEL
#define ALLOC_CHECK_LEVEL 2
#endif

#define DEBUG_CHECK_ON(cond) \
	((cond) ? (void)0 : platform_check_failed(__func__, #cond, __FILE__, __LINE__))
#define DEBUG_CHECK_OFF(cond) ((void)sizeof(!(cond)))

#if ALLOC_CHECK_LEVEL >= 1
#define debug_check(cond) DEBUG_CHECK_ON(cond)
#define debug_never(cond) ((cond) ? (platform_check_failed(__func__, #cond, __FILE__, __LINE__), 1) : 0)
#else
#define debug_check(cond) DEBUG_CHECK_OFF(cond)
#define debug_never(cond) (cond)
#endif

/* VM_BUG_ON_PAGE(): print the page's state, then fail like debug_check(). */
struct alloc_machine;
void check_page_failed(const char *func, const char *expr, const char *file, int line,
		       const struct alloc_machine *m, unsigned long pfn)
	PLATFORM_NORETURN;
#if ALLOC_CHECK_LEVEL >= 1
#define debug_check_page(cond, m, pfn) \
	((cond) ? (void)0 : check_page_failed(__func__, #cond, __FILE__, __LINE__, (m), (pfn)))
#else
#define debug_check_page(cond, m, pfn) ((void)sizeof(!(cond)), (void)sizeof(m), (void)sizeof(pfn))
#endif

#if ALLOC_CHECK_LEVEL >= 2
#define debug_check_internal(cond) DEBUG_CHECK_ON(cond)
#else
#define debug_check_internal(cond) DEBUG_CHECK_OFF(cond)
#endif

#if ALLOC_CHECK_LEVEL >= 3
#define debug_check_expensive(cond) DEBUG_CHECK_ON(cond)
#else
#define debug_check_expensive(cond) DEBUG_CHECK_OFF(cond)
#endif

/*
 * CHECK_WALK marks the consistency walkers: they are the judge, not the
 * code under test, so fuzzer coverage instrumentation is left out of them
 * (its comparison tracing would cost most of an execution and its branch
 * feedback says nothing about the allocator).  Sanitizers stay on.
 */
#if defined(__clang__) && __clang_major__ >= 13
#define CHECK_WALK __attribute__((no_sanitize("coverage"), noinline))
/*
 * CHECK_HELPER: a small helper of the walkers, inlined into them.  It must
 * carry their no_sanitize("coverage") too: clang does not inline a callee
 * whose instrumentation differs from its caller's, so a plain static
 * inline helper became an instrumented call per page.
 */
#define CHECK_HELPER __attribute__((no_sanitize("coverage"), always_inline))
#else
#define CHECK_WALK
#define CHECK_HELPER
#endif
/* PFN_LOOP: the same for per-pfn set-up loops, whose branches repeat per page. */
#define PFN_LOOP CHECK_WALK
/* VIEW_FN: the same for introspection the harness reads after every step. */
#define VIEW_FN CHECK_WALK

/* Reporting context of the *_check() walkers. */
struct check_ctx {
	alloc_violation_fn fn;	/* may be NULL: count only */
	void *arg;
	unsigned int count;	/* violations reported so far */
	unsigned int limit;	/* stop reporting (and walking) after this many; 0 = no limit */
};

/* check_report - record one violation; returns true while the walk should go on. */
bool check_report(struct check_ctx *ctx, const char *id, unsigned long pfn,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* check_full - the walk should stop now (limit reached). */
static inline bool check_full(const struct check_ctx *ctx)
{
	return ctx->limit && ctx->count >= ctx->limit;
}

#endif /* PAGEFUZZ_DEBUG_H */
