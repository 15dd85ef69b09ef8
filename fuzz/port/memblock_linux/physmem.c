// SPDX-License-Identifier: MIT
/*
 * physmem.c - the chunk table behind physmem.h: an open-addressing hash
 * from chunk number to host window.  A run touches few chunks (one per
 * distinct megabyte that memblock hands out or places an array in), so a
 * full table is a harness limit, reported and fatal.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "physmem.h"

#define TABLE_SLOTS	(2 * PHYSMEM_MAX_CHUNKS)	/* power of two, half full at most */
#define WINDOW_BYTES	(2 * PHYSMEM_CHUNK_BYTES)

struct chunk {
	bool used;
	uint64_t nr;		/* phys >> PHYSMEM_CHUNK_SHIFT */
	uint8_t *host;		/* WINDOW_BYTES mapped */
};

static struct chunk table[TABLE_SLOTS];
static unsigned int nr_chunks;
static const uint8_t *last_host;	/* the last address physmem_va() returned, */
static uint64_t last_phys;		/* and its physical address: __pa(__va(x)) is common */

static unsigned int slot_of(uint64_t nr)
{
	return (unsigned int)((nr * 0x9e3779b97f4a7c15ULL) >> 40) & (TABLE_SLOTS - 1);
}

static void fatal(const char *what)
{
	fprintf(stderr, "physmem: %s\n", what);
	abort();
}

void *physmem_va(uint64_t phys)
{
	uint64_t nr = phys >> PHYSMEM_CHUNK_SHIFT;
	unsigned int i = slot_of(nr);
	void *host;

	while (table[i].used) {
		if (table[i].nr == nr)
			goto found;
		i = (i + 1) & (TABLE_SLOTS - 1);
	}
	if (nr_chunks == PHYSMEM_MAX_CHUNKS)
		fatal("more chunks touched than PHYSMEM_MAX_CHUNKS");
	host = mmap(NULL, WINDOW_BYTES, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (host == MAP_FAILED)
		fatal("mmap of a chunk window failed");
	table[i].used = true;
	table[i].nr = nr;
	table[i].host = host;
	nr_chunks++;
found:
	last_phys = phys;
	last_host = table[i].host + (phys & (PHYSMEM_CHUNK_BYTES - 1));
	return (void *)last_host;
}

bool physmem_holds(const volatile void *p, uint64_t *phys)
{
	const uint8_t *q = (const uint8_t *)p;
	unsigned int i;

	if (q == last_host && q) {
		*phys = last_phys;
		return true;
	}
	for (i = 0; i < TABLE_SLOTS; i++)
		if (table[i].used && q >= table[i].host && q < table[i].host + PHYSMEM_CHUNK_BYTES) {
			*phys = (table[i].nr << PHYSMEM_CHUNK_SHIFT) + (uint64_t)(q - table[i].host);
			return true;
		}
	return false;
}

uint64_t physmem_pa(const volatile void *p)
{
	uint64_t phys;

	if (!physmem_holds(p, &phys))
		fatal("__pa() of an address no chunk window holds");
	return phys;
}

void physmem_reset(void)
{
	unsigned int i;

	for (i = 0; i < TABLE_SLOTS && nr_chunks; i++) {
		if (!table[i].used)
			continue;
		munmap(table[i].host, WINDOW_BYTES);
		table[i].used = false;
		nr_chunks--;
	}
	last_host = NULL;
}

unsigned int physmem_nr_chunks(void)
{
	return nr_chunks;
}
