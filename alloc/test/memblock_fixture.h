/* SPDX-License-Identifier: MIT */
/*
 * memblock_fixture.h - what the memblock unit tests share (test_memblock.c,
 * test_memblock_grow.c): sizes, a fresh memblock per test and direction,
 * the check that ends every test, and expectations on region arrays.
 */
#ifndef PAGEFUZZ_MEMBLOCK_FIXTURE_H
#define PAGEFUZZ_MEMBLOCK_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>
#include "alloc.h"
#include "debug.h"
#include "memblock.h"

#define SZ_4K	0x1000ULL
#define SZ_8K	0x2000ULL
#define SZ_64K	0x10000ULL
#define SZ_1M	0x100000ULL
#define SZ_16M	0x1000000ULL
#define SZ_64M	0x4000000ULL

/* Name the test "<name>/top-down" or "<name>/bottom-up". */
void begin(const char *name, bool bottom_up);
/* The same test top-down, then bottom-up; each run builds a fresh memblock. */
void run_variants(void (*fn)(bool bottom_up));
void setup(struct memblock *mb, bool bottom_up);

struct seen {
	unsigned int n;
	const char *ids[16];
};

/* memblock_check() with its violations' ids in @s; the count. */
unsigned int check(const struct memblock *mb, struct seen *s);
bool saw(const struct seen *s, const char *id);
/* Every test ends here: its final state must be consistent. */
void teardown(struct memblock *mb);
/* memblock_dump() into a string (free it). */
char *dump_str(const struct memblock *mb);

struct rgn {
	uint64_t base, size;
	int nid;
};

void expect_type(const struct memblock_type *type, const struct rgn *want, unsigned long n,
		 int line);
#define EXPECT_TYPE(type, ...)							\
	do {									\
		const struct rgn w_[] = { __VA_ARGS__ };			\
		expect_type((type), w_, sizeof(w_) / sizeof(w_[0]), __LINE__);	\
	} while (0)

/* memblock_alloc_range() in the memblock's direction, *@addr set to ~0 first. */
int alloc(struct memblock *mb, uint64_t size, uint64_t align, int nid, uint64_t min_addr,
	  uint64_t max_addr, uint64_t *addr);
/* Is [base, base + size) inside one reserved region? */
bool reserved_holds(const struct memblock *mb, uint64_t base, uint64_t size);

#endif /* PAGEFUZZ_MEMBLOCK_FIXTURE_H */
