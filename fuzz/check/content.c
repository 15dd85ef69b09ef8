// SPDX-License-Identifier: MIT
/*
 * content.c - real memory behind the simulated pfns, so a port that
 * corrupts page contents (not just pfn bookkeeping) is caught.
 *
 * The pfn space is one MAP_NORESERVE anonymous mapping: only pages the
 * harness touches cost memory.  Mappings up to REUSE_MAX_BYTES are kept
 * for the next run (page faults would otherwise cost a quarter of a small
 * run); that is host memory only: every tag is written before it is read
 * and the poisoning is undone at teardown, so no state crosses runs.  Each allocation gets a tag that differs
 * per allocation and per page and contains no 0x00 or 0xff byte; its
 * first and last word of every page are written on allocation and
 * verified on free, after a migration and at every full check.  Under
 * ASan, freed pages are poisoned (and, on small maps, every page at boot),
 * so a stray access faults where it happens; a port that keeps metadata
 * in free pages (PORT_CAP_PAGE_METADATA) gets no poisoning.
 */
#include <string.h>
#include <sys/mman.h>
#include "run_internal.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PF_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define PF_ASAN 1
#endif
#ifdef PF_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(a, n)	ASAN_POISON_MEMORY_REGION((a), (n))
#define UNPOISON(a, n)	ASAN_UNPOISON_MEMORY_REGION((a), (n))
#else
#define POISON(a, n)	((void)(a), (void)(n))
#define UNPOISON(a, n)	((void)(a), (void)(n))
#endif

#define PAGE_BYTES		4096UL
#define WORDS_PER_PAGE		(PAGE_BYTES / sizeof(uint64_t))
#define BOOT_POISON_MAX_PFNS	1024UL	/* poison everything at boot up to 4 MiB */
#define REUSE_MAX_BYTES		(64UL << 20)

/* The kept mapping (host memory reused across runs, see above). */
static uint8_t *kept_mem;
static size_t kept_bytes;

/* splitmix64 finaliser: a cheap, well-mixed tag source */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * A tag word with no 0x00 and no 0xff byte, so stuck bits show: bit 0 of
 * every byte is set and bit 1 clear, the other 48 bits are random.
 */
#define TAG_BYTE_ONES 0x0101010101010101ULL

static uint64_t tag_word(uint64_t salt, unsigned long page, unsigned int which)
{
	return (mix(salt + page * 2 + which) | TAG_BYTE_ONES) & ~(TAG_BYTE_ONES << 1);
}

static bool enabled(const struct run_ctx *c)
{
	return c->mem != NULL;
}

static bool poisoning(const struct run_ctx *c)
{
	return enabled(c) && !(c->port->caps & PORT_CAP_PAGE_METADATA);
}

static void poison_range(struct run_ctx *c, unsigned long pfn, unsigned long nr)
{
	if (!poisoning(c))
		return;
	POISON(c->mem + pfn * PAGE_BYTES, nr * PAGE_BYTES);
	if (c->poison_lo > pfn)
		c->poison_lo = pfn;
	if (c->poison_hi < pfn + nr)
		c->poison_hi = pfn + nr;
}

bool content_setup(struct run_ctx *c)
{
	void *p;

	c->env.page_memory = NULL;
	c->env.report = c->o->report;
	if (!c->o->page_contents)
		return true;
	c->mem_bytes = (size_t)c->map.end_pfn * PAGE_BYTES;
	if (kept_mem && c->mem_bytes <= kept_bytes) {
		p = kept_mem;			/* lent to this run */
		c->mem_bytes = kept_bytes;
		kept_mem = NULL;
	} else {
		p = mmap(NULL, c->mem_bytes, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED)
			return false;
	}
	c->mem = p;
	c->env.page_memory = p;
	c->poison_lo = ~0UL;
	c->poison_hi = 0;
	if (c->map.end_pfn <= BOOT_POISON_MAX_PFNS)
		poison_range(c, 0, c->map.end_pfn);
	return true;
}

void content_teardown(struct run_ctx *c)
{
	if (!c->mem)
		return;
	if (c->poison_lo < c->poison_hi)
		UNPOISON(c->mem + c->poison_lo * PAGE_BYTES,
			 (c->poison_hi - c->poison_lo) * PAGE_BYTES);
	if (c->mem_bytes <= REUSE_MAX_BYTES && (!kept_mem || kept_bytes < c->mem_bytes)) {
		if (kept_mem)
			munmap(kept_mem, kept_bytes);
		kept_mem = c->mem;		/* kept for the next run */
		kept_bytes = c->mem_bytes;
	} else {
		munmap(c->mem, c->mem_bytes);
	}
	c->mem = NULL;
}

/**
 * content_fill - tag every page of a new allocation of @slot.
 */
void content_fill(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr)
{
	unsigned long i;

	c->slot_tag[slot] = mix(++c->serial);
	if (!enabled(c))
		return;
	UNPOISON(c->mem + pfn * PAGE_BYTES, nr * PAGE_BYTES);
	for (i = 0; i < nr; i++) {
		uint64_t *w = (uint64_t *)(c->mem + (pfn + i) * PAGE_BYTES);

		w[0] = tag_word(c->slot_tag[slot], i, 0);
		w[WORDS_PER_PAGE - 1] = tag_word(c->slot_tag[slot], i, 1);
	}
}

/**
 * content_verify - the tags of a live allocation of @slot are intact.
 * Return: false after reporting "content.corrupted".
 */
bool content_verify(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr)
{
	unsigned long i;

	if (!enabled(c))
		return true;
	for (i = 0; i < nr; i++) {
		const uint64_t *w = (const uint64_t *)(c->mem + (pfn + i) * PAGE_BYTES);
		uint64_t first = tag_word(c->slot_tag[slot], i, 0);
		uint64_t last = tag_word(c->slot_tag[slot], i, 1);

		if (w[0] != first || w[WORDS_PER_PAGE - 1] != last)
			return run_fail(c, "content.corrupted", pfn + i, pfn + i + 1,
					"slot %u page %lu of the %lu-page block at 0x%lx: words 0x%016llx..0x%016llx, expected 0x%016llx..0x%016llx",
					slot, i, nr, pfn, (unsigned long long)w[0],
					(unsigned long long)w[WORDS_PER_PAGE - 1],
					(unsigned long long)first, (unsigned long long)last);
	}
	return true;
}

/** content_release - a freed block: poison it. */
void content_release(struct run_ctx *c, unsigned long pfn, unsigned long nr)
{
	poison_range(c, pfn, nr);
}

/** content_migrate - move a live block's contents to its new pfns. */
void content_migrate(struct run_ctx *c, unsigned int slot, unsigned long old_pfn,
		     unsigned long new_pfn, unsigned long nr)
{
	size_t bytes = nr * PAGE_BYTES;

	(void)slot;
	if (!enabled(c))
		return;
	UNPOISON(c->mem + new_pfn * PAGE_BYTES, bytes);
	memmove(c->mem + new_pfn * PAGE_BYTES, c->mem + old_pfn * PAGE_BYTES, bytes);
	poison_range(c, old_pfn, nr);
}
