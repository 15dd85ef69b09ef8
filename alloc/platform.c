// SPDX-License-Identifier: MIT
/*
 * platform.c - the host side of platform.h for a Linux user-space process:
 * calloc/realloc/free for host memory (large blocks kept for the next
 * machine), stderr and abort() for a broken
 * invariant, with an optional host hook that hears of it first, and an
 * injectable failure of one host allocation.  Nothing else in alloc/ calls
 * libc's allocator or abort().
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include "platform.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PLATFORM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(PLATFORM_ASAN)
#define PLATFORM_ASAN 1
#endif
#ifdef PLATFORM_ASAN
#include <sanitizer/asan_interface.h>
#define KEPT_POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define KEPT_UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define KEPT_POISON(p, n)	((void)(p), (void)(n))
#define KEPT_UNPOISON(p, n)	((void)(p), (void)(n))
#endif

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

/*
 * Large blocks (the memmap, pageblock type arrays) are kept when freed, for
 * the next allocation of a similar size.  A process that boots machine
 * after machine (the fuzz harness boots one per run) otherwise takes fresh
 * pages from the kernel each time and faults every one in: ASan's
 * allocator maps each block above 128 KiB anew, and the faults were a
 * quarter of an ASan run's time.  Zeroing a resident block is cheaper.  A
 * kept block is poisoned under ASan until it is handed out again, and
 * only the bytes asked for are unpoisoned then, so a use after free and
 * an overflow past the end are still caught.
 */
#define KEPT_MIN_BYTES	(64UL << 10)
#define KEPT_SLOTS	4
static struct kept_block {
	void *p;
	size_t bytes;		/* the size it was allocated with */
} kept[KEPT_SLOTS];

/* The kept block that best fits @bytes (under 4x larger), taken out; or NULL. */
static void *take_kept(size_t bytes)
{
	struct kept_block *best = NULL;
	unsigned int i;
	void *p;

	for (i = 0; i < KEPT_SLOTS; i++)
		if (kept[i].p && kept[i].bytes >= bytes && kept[i].bytes / 4 < bytes &&
		    (!best || kept[i].bytes < best->bytes))
			best = &kept[i];
	if (!best)
		return NULL;
	p = best->p;
	best->p = NULL;
	KEPT_UNPOISON(p, bytes);
	return memset(p, 0, bytes);
}

/* Keep @p (@bytes long) in place of the smallest kept block, which is freed. */
static void keep(void *p, size_t bytes)
{
	struct kept_block *slot = &kept[0];
	unsigned int i;

	for (i = 1; i < KEPT_SLOTS && slot->p; i++)
		if (!kept[i].p || kept[i].bytes < slot->bytes)
			slot = &kept[i];
	if (slot->p) {
		if (slot->bytes >= bytes) {
			free(p);
			return;
		}
		KEPT_UNPOISON(slot->p, slot->bytes);
		free(slot->p);
	}
	KEPT_POISON(p, bytes);
	slot->p = p;
	slot->bytes = bytes;
}

void *platform_zalloc(size_t bytes)
{
	void *p;

	if (injected_failure())
		return NULL;
	if (bytes >= KEPT_MIN_BYTES && (p = take_kept(bytes)))
		return p;
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
	size_t bytes = ptr ? malloc_usable_size(ptr) : 0;

	if (bytes >= KEPT_MIN_BYTES)
		keep(ptr, bytes);
	else
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
