/* SPDX-License-Identifier: MIT */
/*
 * platform.h - the only door from alloc/ to the host: abort, host memory
 * for the memmap and region arrays, and the check-failure line.  Dropping
 * alloc/ into a kernel or firmware tree means rewriting platform.c only.
 */
#ifndef PAGEFUZZ_PLATFORM_H
#define PAGEFUZZ_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Coverage builds (PF_COVERAGE) drop the noreturn attribute of the failure
 * functions below: clang 14's coverage mapping counts the line after a
 * check macro whose failure branch calls a noreturn function as never
 * run, which hid about a tenth of alloc/'s executed lines.  The functions
 * never return either way.
 */
#ifdef PF_COVERAGE_BUILD
#define PLATFORM_NORETURN
#else
#define PLATFORM_NORETURN __attribute__((noreturn))
#endif

/* Zeroed host memory; NULL when the host has none (callers return ALLOC_ENOMEM). */
void *platform_zalloc(size_t bytes);
void *platform_realloc(void *ptr, size_t bytes);
void platform_free(void *ptr);
/*
 * platform_inject_alloc_failure - make the @nth host allocation from now
 * on (platform_zalloc() or platform_realloc()) return NULL, once; 0
 * disarms, a negative @nth changes nothing.  For a host that tests the
 * allocator's ENOMEM paths (the fuzz harness's `config host_fail=N`).
 * Process-wide, like the abort hook.
 * Return: whether the failure armed before this call has happened.
 */
bool platform_inject_alloc_failure(long nth);

/*
 * Never returns: an internal invariant is broken (an allocator bug).  If
 * the host installed an abort hook, it is called once first, with the
 * failed check's line ("CHECK FAILED [...] ..." or "platform_abort").
 */
void platform_abort(void) PLATFORM_NORETURN;
/*
 * platform_set_abort_hook - let the host report a broken invariant in its
 * own words before the process dies (the fuzz runner prints its failure
 * report with the op and a signature).  @fn may exit the process itself;
 * if it returns, the abort goes on.  NULL removes the hook.
 */
typedef void (*platform_abort_hook_fn)(const char *what, void *arg);
void platform_set_abort_hook(platform_abort_hook_fn fn, void *arg);
/* Prints "CHECK FAILED [func] expr (file:line)" and aborts. */
void platform_check_failed(const char *func, const char *expr, const char *file,
			   int line) PLATFORM_NORETURN;

#endif /* PAGEFUZZ_PLATFORM_H */
