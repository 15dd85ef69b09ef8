/* SPDX-License-Identifier: MIT */
/*
 * physmem.h - physical addresses of the linux-memblock port mapped onto
 * memory the port owns, for the kernel's __va() / __pa().
 *
 * Linux's memblock writes a grown region array at the physical address
 * it found for it (memblock_double_array()), and the kernel's user-space
 * shims map a physical address to the same virtual one, which a fuzzer
 * feeding arbitrary 64-bit ranges would turn into wild writes.  Here a
 * physical address lies in a 1 MiB chunk; each chunk touched gets a
 * lazily mapped host window of two chunks (anonymous, no reserve, so only
 * the pages written cost memory), so an object of up to 1 MiB starting in
 * the chunk is contiguous in the host.  Windows are found by chunk number
 * (__va) or by host address (__pa) and all released by physmem_reset().
 *
 * Objects starting in the same chunk share its window, so they alias as
 * in real memory.  Not modelled: two windows covering the same physical
 * bytes do not alias (an object crossing into the next chunk has its own
 * copy of those bytes).  Only overlapping objects could tell, and the one
 * way memblock overlaps its arrays (a Linux bug, see mb_port_linux.c) is
 * detected from the physical addresses, not from memory contents.
 */
#ifndef PAGEFUZZ_PHYSMEM_H
#define PAGEFUZZ_PHYSMEM_H

#include <stdbool.h>
#include <stdint.h>

#define PHYSMEM_CHUNK_SHIFT	20
#define PHYSMEM_CHUNK_BYTES	(1ULL << PHYSMEM_CHUNK_SHIFT)
#define PHYSMEM_MAX_CHUNKS	4096	/* chunks one run may touch */

/* The host address of physical byte @phys (maps its chunk on first use). */
void *physmem_va(uint64_t phys);
/* The physical address of host byte @p, which physmem_va() handed out. */
uint64_t physmem_pa(const volatile void *p);
/* Whether host byte @p lies in a window; if so its physical address in *@phys. */
bool physmem_holds(const volatile void *p, uint64_t *phys);
/* Unmap every window: the next run starts with no chunk mapped. */
void physmem_reset(void);
/* Chunks mapped now (for tests). */
unsigned int physmem_nr_chunks(void);

#endif /* PAGEFUZZ_PHYSMEM_H */
