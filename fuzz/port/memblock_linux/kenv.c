// SPDX-License-Identifier: MIT
/*
 * kenv.c - what mm/memblock.c links against besides libc in the
 * linux-memblock port: the early-boot world it runs in.  The slab
 * allocator is never up (so memblock places grown arrays in its own
 * memory, as in early boot), no node is online, movable_node is off, and
 * handing regions to the page allocator does nothing (the port never
 * calls memblock_free_all()).  Compiled without the kernel's headers;
 * the prototypes are the ones mm/memblock.c declares.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

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
