// SPDX-License-Identifier: MIT
/*
 * memblock_fixture.c - what the memblock unit tests share (memblock_fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/testlib.h"
#include "memblock_fixture.h"

static char test_name[96];

void begin(const char *name, bool bottom_up)
{
	snprintf(test_name, sizeof(test_name), "%s/%s", name,
		 bottom_up ? "bottom-up" : "top-down");
	TEST_BEGIN(test_name);
}

/* The same test top-down, then bottom-up; each run builds a fresh memblock. */
void run_variants(void (*fn)(bool bottom_up))
{
	fn(false);
	fn(true);
}

void setup(struct memblock *mb, bool bottom_up)
{
	EXPECT_EQ(memblock_init(mb), ALLOC_OK);
	mb->bottom_up = bottom_up;
}

static void collect(void *arg, const struct alloc_violation *v)
{
	struct seen *s = arg;

	if (s->n < 16)
		s->ids[s->n] = v->id;
	s->n++;
}

unsigned int check(const struct memblock *mb, struct seen *s)
{
	struct check_ctx ctx = { .fn = collect, .arg = s };

	memset(s, 0, sizeof(*s));
	return memblock_check(mb, &ctx);
}

bool saw(const struct seen *s, const char *id)
{
	unsigned int i;

	for (i = 0; i < s->n && i < 16; i++)
		if (strcmp(s->ids[i], id) == 0)
			return true;
	return false;
}

/* Every test ends here: its final state must be consistent. */
void teardown(struct memblock *mb)
{
	struct seen s;

	EXPECT_EQ(check(mb, &s), 0);
	memblock_release(mb);
}

char *dump_str(const struct memblock *mb)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	memblock_dump(mb, f);
	fclose(f);
	return buf;
}

void expect_type(const struct memblock_type *type, const struct rgn *want,
			unsigned long n, int line)
{
	uint64_t total = 0;
	unsigned long i;

	EXPECT_EQ(type->cnt, n);
	for (i = 0; i < n && i < type->cnt; i++) {
		if (type->regions[i].base != want[i].base || type->regions[i].size != want[i].size ||
		    type->regions[i].nid != want[i].nid)
			fprintf(stderr, "  region %lu differs (expected at line %d)\n", i, line);
		EXPECT_EQ(type->regions[i].base, want[i].base);
		EXPECT_EQ(type->regions[i].size, want[i].size);
		EXPECT_EQ(type->regions[i].nid, want[i].nid);
		total += want[i].size;
	}
	EXPECT_EQ(type->total_size, total);
}

/* Is [base, base + size) inside one reserved region? */
bool reserved_holds(const struct memblock *mb, uint64_t base, uint64_t size)
{
	unsigned long i;

	for (i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (r->base <= base && base + size <= r->base + r->size)
			return true;
	}
	return false;
}

int alloc(struct memblock *mb, uint64_t size, uint64_t align, int nid,
		 uint64_t min_addr, uint64_t max_addr, uint64_t *addr)
{
	*addr = ~0ULL;
	return memblock_alloc_range(mb, size, align, nid, min_addr, max_addr,
				    mb->bottom_up, addr);
}
