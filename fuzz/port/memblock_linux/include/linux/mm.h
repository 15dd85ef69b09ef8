/* SPDX-License-Identifier: MIT */
/*
 * linux/mm.h for building Linux's mm/memblock.c in the linux-memblock
 * port.  It stands in for the kernel's user-space shim of the same name
 * (tools/include/linux/mm.h, same include guard so only one is ever
 * read), which maps a physical address to the same host address; here
 * __va() / __pa() go through physmem.h instead, so memblock's grown
 * arrays land in memory the port owns whatever physical address memblock
 * picked.  The remaining definitions are what mm/memblock.c and the
 * simulator's headers expect from this header: 4 KiB pages, the page
 * alignment helpers, and no-op memory-hotplug accounting.
 */
#ifndef _TOOLS_LINUX_MM_H
#define _TOOLS_LINUX_MM_H

#include <stdint.h>
#include <linux/align.h>
#include <linux/mmzone.h>

void *physmem_va(uint64_t phys);
uint64_t physmem_pa(const volatile void *p);

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PHYS_ADDR_MAX		(~(phys_addr_t)0)
#define PAGE_ALIGN(addr)	ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGN_DOWN(addr)	ALIGN_DOWN(addr, PAGE_SIZE)

#define __va(x)			physmem_va((uint64_t)(x))
#define __pa(x)			((phys_addr_t)physmem_pa((const volatile void *)(x)))
#define pfn_to_page(pfn)	((void *)((pfn) * PAGE_SIZE))

#define phys_to_virt phys_to_virt
static inline void *phys_to_virt(unsigned long address)
{
	return __va(address);
}

#define virt_to_phys virt_to_phys
static inline phys_addr_t virt_to_phys(volatile void *address)
{
	return __pa(address);
}

void reserve_bootmem_region(phys_addr_t start, phys_addr_t end, int nid);

static inline void totalram_pages_inc(void)
{
}

static inline void totalram_pages_add(long count)
{
	(void)count;
}

static inline int early_pfn_to_nid(unsigned long pfn)
{
	(void)pfn;
	return 0;
}

#endif /* _TOOLS_LINUX_MM_H */
