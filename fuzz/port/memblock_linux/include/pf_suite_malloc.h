/* SPDX-License-Identifier: MIT */
/*
 * pf_suite_malloc.h - forced on tools/testing/memblock/tests/common.c of
 * the kernel's memblock test suite (linux-memblock/kernel-suite) only.
 *
 * The suite takes its simulated physical memory from malloc() and its
 * expected addresses assume that memory starts on a cache line at least:
 * alloc_top_down_simple_check() expects a 2-byte, SMP_CACHE_BYTES-aligned
 * allocation at memblock_end_of_DRAM() - SMP_CACHE_BYTES.  ASan's
 * allocator page-aligns the suite's 16 MiB block; glibc's mmap'd chunks
 * start 16 bytes into a page, so without sanitizers (libfuzzer-nosan,
 * afl-nosan) the suite failed on its first allocation test.  Here
 * malloc() is page-aligned whatever the allocator.
 */
#ifndef PF_SUITE_MALLOC_H
#define PF_SUITE_MALLOC_H
#include <stdlib.h>

static inline void *pf_suite_malloc(size_t size)
{
	void *p;

	return posix_memalign(&p, 4096, size) ? NULL : p;
}
#define malloc(size) pf_suite_malloc(size)
#endif
