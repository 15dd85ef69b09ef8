// SPDX-License-Identifier: MIT
/*
 * platform.c - the host side of platform.h for a Linux user-space process:
 * calloc/realloc/free for host memory, stderr and abort() for a broken
 * invariant, with an optional host hook that hears of it first, and an
 * injectable failure of one host allocation.  Nothing else in alloc/ calls
 * libc's allocator or abort().
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include "platform.h"

/* The injected failure: allocations left before the one that fails (0: none). */
static unsigned long fail_countdown;
static bool fail_fired;

static bool injected_failure(void)
{
	if (!fail_countdown || --fail_countdown)
		return false;
	fail_fired = true;
	return true;
}

bool platform_inject_alloc_failure(long nth)
{
	bool fired = fail_fired;

	if (nth >= 0) {
		fail_countdown = (unsigned long)nth;
		fail_fired = false;
	}
	return fired;
}

void *platform_zalloc(size_t bytes)
{
	if (injected_failure())
		return NULL;
	return calloc(1, bytes ? bytes : 1);
}

void *platform_realloc(void *ptr, size_t bytes)
{
	if (injected_failure())
		return NULL;
	return realloc(ptr, bytes ? bytes : 1);
}

void platform_free(void *ptr)
{
	free(ptr);
}

static platform_abort_hook_fn abort_hook;
static void *abort_hook_arg;
static char abort_what[256] = "platform_abort";

void platform_set_abort_hook(platform_abort_hook_fn fn, void *arg)
{
	abort_hook = fn;
	abort_hook_arg = arg;
}

void platform_abort(void)
{
	platform_abort_hook_fn fn = abort_hook;

	/* Once only: a check failing inside the hook goes straight to abort(). */
	abort_hook = NULL;
	if (fn)
		fn(abort_what, abort_hook_arg);
	fflush(stdout);
	fflush(stderr);
	abort();
}

void platform_check_failed(const char *func, const char *expr, const char *file, int line)
{
	snprintf(abort_what, sizeof(abort_what), "CHECK FAILED [%s] %s (%s:%d)", func, expr,
		 file, line);
	fprintf(stderr, "%s\n", abort_what);
	platform_abort();
}
