// SPDX-License-Identifier: MIT
/*
 * kenv.c - what mm/memblock.c links against besides libc in the
 * linux-memblock port: the early-boot world it runs in.  The slab
 * allocator is never up (so memblock places grown arrays in its own
 * memory, as in early boot), no node is online, movable_node is off, and
 * handing regions to the page allocator does nothing (the port never
 * calls memblock_free_all()).  A BUG_ON() that fires, or a memcpy()
 * between overlapping ranges, returns to the port's op (kenv.h).
 * Compiled without the kernel's headers; the prototypes are the ones
 * mm/memblock.c declares.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kenv.h"
#include "physmem.h"

/* A kernel WARN (include/asm/bug.h): printed if PAGEFUZZ_LINUX_WARN is set. */
void kenv_warn(const char *fmt, ...)
{
	static int print = -1;
	va_list ap;

	if (print < 0)
		print = getenv("PAGEFUZZ_LINUX_WARN") != NULL;
	if (!print)
		return;
	fputs("linux-memblock: WARNING: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

jmp_buf *kenv_bug_jump;
char kenv_bug_message[192];

/* A kernel BUG() (include/pf_lnx_hooks.h): unwind to the port's op. */
void kenv_bug(const char *what, const char *func, int line)
{
	snprintf(kenv_bug_message, sizeof(kenv_bug_message), "%s in %s() (mm/memblock.c:%d)",
		 what, func, line);
	if (!kenv_bug_jump) {
		fprintf(stderr, "linux-memblock: %s, outside any port op\n", kenv_bug_message);
		abort();
	}
	longjmp(*kenv_bug_jump, 1);
}

/* memcpy() of mm/memblock.c: overlapping ranges are a BUG here. */
void *kenv_memcpy(void *dst, const void *src, size_t n, const char *func, int line)
{
	uint64_t d = (uint64_t)(uintptr_t)dst, s = (uint64_t)(uintptr_t)src;

	/* Both in physical memory: compare there (windows do not alias). */
	if (!physmem_holds(dst, &d) || !physmem_holds(src, &s)) {
		d = (uint64_t)(uintptr_t)dst;
		s = (uint64_t)(uintptr_t)src;
	}
	if (n && d < s + n && s < d + n)
		kenv_bug("memcpy() between overlapping ranges (undefined behaviour)", func, line);
	return memcpy(dst, src, n);
}

bool movable_node_enabled;

bool slab_is_available(void)
{
	return false;
}

/* Reached only once slab is up, which it never is here. */
void *kmalloc(size_t size, unsigned int gfp)
{
	(void)size;
	(void)gfp;
	fprintf(stderr, "linux-memblock: kmalloc() with slab down\n");
	abort();
}

void kfree(void *p)
{
	if (p) {
		fprintf(stderr, "linux-memblock: kfree() of a slab object that cannot exist\n");
		abort();
	}
}

struct pglist_data;

struct pglist_data *first_online_pgdat(void)
{
	return NULL;
}

struct pglist_data *next_online_pgdat(struct pglist_data *pgdat)
{
	(void)pgdat;
	return NULL;
}

void reserve_bootmem_region(unsigned long long start, unsigned long long end, int nid)
{
	(void)start;
	(void)end;
	(void)nid;
}
