// SPDX-License-Identifier: MIT
/*
 * platform.c - the host side of platform.h for a Linux user-space process:
 * calloc/realloc/free for host memory, stderr and abort() for a broken
 * invariant.  Nothing else in alloc/ calls libc's allocator or abort().
 */
#include <stdio.h>
#include <stdlib.h>
#include "platform.h"

void *platform_zalloc(size_t bytes)
{
	return calloc(1, bytes ? bytes : 1);
}

void *platform_realloc(void *ptr, size_t bytes)
{
	return realloc(ptr, bytes ? bytes : 1);
}

void platform_free(void *ptr)
{
	free(ptr);
}

void platform_abort(void)
{
	fflush(stdout);
	fflush(stderr);
	abort();
}

void platform_check_failed(const char *func, const char *expr, const char *file, int line)
{
	fprintf(stderr, "CHECK FAILED [%s] %s (%s:%d)\n", func, expr, file, line);
	platform_abort();
}
