// SPDX-License-Identifier: MIT
/*
 * content.c - real memory behind the simulated pfns, so a port that
 * corrupts page contents (not just pfn bookkeeping) is caught, and so a
 * real allocator can keep its metadata in it.
 *
 * Layout: one MAP_NORESERVE anonymous mapping holds the port's declared
 * room (port_ops.metadata_bytes, rounded up to pages) and then the pfn
 * space, pfn p at page_memory + p * 4096, with page_memory aligned to
 * 4096 << PORT_PAGE_ALIGN_ORDER bytes: a block aligned by pfn is aligned
 * by address, so an allocator that finds buddies by address works.  Only
 * touched pages cost memory.
 *
 * Every run starts from zeroed memory, room included, so a replay sees
 * what the fuzzer saw.  The mapping is kept for the next run, whatever the
 * map's size (it is virtual: only touched pages cost): page faults and
 * the kernel's zeroing of each touched page cost a third of a run's time
 * when every run mapped afresh (maps past 64 MiB did, until this was
 * measured).  So that pages touched by earlier runs do not pile up, the
 * mapping is dropped (MADV_DONTNEED) once the process has taken more than
 * KEPT_FAULTS_MAX page faults since the last drop (getrusage(): a fault is
 * a page that became resident, in the mapping or elsewhere, so this bounds
 * what the mapping holds; dropping on pages written instead dropped it
 * every few runs, as runs write the same pages over and over).  The count
 * is read only after every CHECK_WRITTEN_PAGES pages written (the syscall
 * on every run cost 1% of a run), so the bound is that plus 64 MiB.
 * The harness writes only tags, and takes them back as it goes: a freed
 * block's tags are zeroed right after they were checked (the lines are
 * still in cache), a migrated block's at its old place after the copy, and
 * teardown zeroes the room and the tags of the blocks still live.  A port
 * with PORT_CAP_PAGE_METADATA (which writes free pages the harness cannot
 * list), and a run that failed (a port may have written anywhere), get the
 * page memory dropped with MADV_DONTNEED instead.  A port without that bit
 * that writes pages it does not own is a bug: under ASan such a write
 * faults on pages that are poisoned (every page of maps up to
 * BOOT_POISON_MAX_PFNS at boot, every freed block always).
 *
 * Tags: each allocation gets a salt; in every page of the block, every
 * word of six 64-byte lines, the first, the last and one in each
 * 1024-byte quarter at a rotation chosen per allocation and page, is
 * written on allocation and compared on free and after a migration; the
 * periodic full checks compare a rotating sample of pages
 * (content_verify_sample).  A stray write at the start or end of a page
 * (where allocators keep links and footers, and where a bitmap indexed by
 * byte instead of page writes) is seen on every page, one anywhere else on
 * one page in sixteen, so over a few allocations every offset gets
 * checked.  The cost is memory traffic, a cache miss per line touched:
 * tagging whole pages halved fuzzing speed, and so did one word in every
 * line (the same traffic).  With one rotating line per page, a stray
 * write in the middle of pages (buddytree-scribble-mid) went unseen for
 * 290 s of fuzzing; with eight it was caught a quarter of a second in, and
 * with four as with eight, from the seeds, within 2 to 7 executions (six
 * libFuzzer seeds), for 4% less time per execution than eight.
 * No tag byte is 0x00 or 0xff, so stuck bits show too.  Under ASan, freed
 * pages are poisoned; the poisoned ranges are listed, so teardown undoes
 * exactly those (a 64 GiB span costs what its touched pages cost).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
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
/*
 * TAG_LOOP: the loops over tag words.  They read poisoned pages on
 * purpose, so no ASan; and their indexes are line and word numbers below
 * 512, so UBSan's pointer-overflow and alignment checks, on every word,
 * only cost (half of teardown's time went to them) and keep the loops
 * from being vectorised.
 */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 8)
#define TAG_LOOP	__attribute__((no_sanitize("address", "undefined")))
#else
#define TAG_LOOP
#endif

#define PAGE_BYTES		4096UL
#define WORDS_PER_PAGE		(PAGE_BYTES / sizeof(uint64_t))
#define BOOT_POISON_MAX_PFNS	1024UL	/* poison everything at boot up to 4 MiB */
#define KEPT_FAULTS_MAX		((512UL << 20) / PAGE_BYTES)	/* 512 MiB of pages */
#define CHECK_WRITTEN_PAGES	((64UL << 20) / PAGE_BYTES)
#define ALIGN_BYTES		(PAGE_BYTES << PORT_PAGE_ALIGN_ORDER)

/* The kept mapping (host memory reused across runs, see above). */
static uint8_t *kept_raw;
static size_t kept_bytes;
static long faults_at_drop;		/* the process's page faults at the last drop */
static unsigned long kept_written;	/* pages written since the count was last read */
/* The poisoned list's array, kept the same way (an allocation less per run). */
static struct content_ranges kept_poisoned;

/* Lend a kept list to this run, empty. */
static struct content_ranges take_list(struct content_ranges *kept)
{
	struct content_ranges l = *kept;

	memset(kept, 0, sizeof(*kept));
	l.nr = 0;
	return l;
}

/* A run's list back: kept if the slot is free, else freed. */
static void keep_list(struct content_ranges *kept, struct content_ranges *l)
{
	if (!kept->r)
		*kept = *l;
	else
		free(l->r);
	memset(l, 0, sizeof(*l));
}

/* splitmix64 finaliser: a cheap, well-mixed tag source */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * Tag words have no 0x00 and no 0xff byte, so stuck bits show: bit 0 of
 * every byte is set and bit 1 clear, the other 48 bits vary.  Word i of a
 * page is the page's base plus i times an odd constant, then masked: every
 * word of a page differs, and a page's words differ from every other
 * page's and allocation's (the base is mixed from salt and page).
 */
#define TAG_BYTE_ONES	0x0101010101010101ULL
#define TAG_MASK_SET	TAG_BYTE_ONES
#define TAG_MASK_CLEAR	(TAG_BYTE_ONES << 1)
#define TAG_STEP	0x9e3779b97f4a7c15ULL
#define WORDS_PER_LINE	8UL	/* a 64-byte cache line */
#define LINES_PER_PAGE	(WORDS_PER_PAGE / WORDS_PER_LINE)
#define ROTATING_LINES	4	/* one in each 1024-byte segment */
#define LINE_STRIDE	(LINES_PER_PAGE / ROTATING_LINES)
#define TAGGED_LINES	(2 + ROTATING_LINES)

static uint64_t page_base(uint64_t salt, unsigned long page)
{
	return mix(salt + page);
}

/*
 * The lines of a page that hold tags, in ascending order (a line may come
 * twice): the first, one line in each 512-byte segment at a rotation
 * chosen by the page's base (so per allocation and page), and the last.
 */
TAG_LOOP static void tagged_lines(uint64_t base, unsigned long line[TAGGED_LINES])
{
	unsigned long rot = (unsigned long)(base >> 32) % LINE_STRIDE, j;

	line[0] = 0;
	for (j = 0; j < ROTATING_LINES; j++)
		line[1 + j] = j * LINE_STRIDE + rot;
	line[TAGGED_LINES - 1] = LINES_PER_PAGE - 1;
}

/* TAG_LOOP like its callers, or sanitizer builds would not inline it into their loops */
TAG_LOOP static inline uint64_t tag_at(uint64_t base, unsigned long i)
{
	return ((base + i * TAG_STEP) | TAG_MASK_SET) & ~TAG_MASK_CLEAR;
}

static bool enabled(const struct run_ctx *c)
{
	return c->mem != NULL;
}

static bool poisoning(const struct run_ctx *c)
{
	return enabled(c) && !(c->port->caps & PORT_CAP_PAGE_METADATA);
}

/* Append [pfn, pfn + nr) to a growable range list; false if out of memory. */
static bool add_range(struct content_ranges *l, unsigned long pfn, unsigned long nr)
{
	if (l->nr && l->r[l->nr - 1].pfn + l->r[l->nr - 1].nr == pfn) {
		l->r[l->nr - 1].nr += nr;	/* extends the last one */
		return true;
	}
	if (l->nr == l->cap) {
		unsigned int cap = l->cap ? l->cap * 2 : 64;
		void *n = realloc(l->r, cap * sizeof(*l->r));

		if (!n)
			return false;
		l->r = n;
		l->cap = cap;
	}
	l->r[l->nr].pfn = pfn;
	l->r[l->nr].nr = nr;
	l->nr++;
	return true;
}

static void poison_range(struct run_ctx *c, unsigned long pfn, unsigned long nr)
{
	if (!poisoning(c))
		return;
	if (!add_range(&c->poisoned, pfn, nr))
		return;			/* not listed: left unpoisoned */
	POISON(c->mem + pfn * PAGE_BYTES, nr * PAGE_BYTES);
}

/* Page faults this process has taken so far (the ones served without I/O). */
static long minor_faults(void)
{
	struct rusage ru;

	return getrusage(RUSAGE_SELF, &ru) ? 0 : ru.ru_minflt;
}

static size_t room_bytes(const struct run_ctx *c)
{
	return (c->port->metadata_bytes + PAGE_BYTES - 1) & ~(PAGE_BYTES - 1);
}

/* Where page memory starts in a mapping at @raw: room in front, aligned. */
static uint8_t *page_start(uint8_t *raw, size_t room)
{
	uintptr_t p = (uintptr_t)raw + room;

	return (uint8_t *)((p + ALIGN_BYTES - 1) & ~(uintptr_t)(ALIGN_BYTES - 1));
}

bool content_setup(struct run_ctx *c)
{
	size_t span = (size_t)c->map.end_pfn * PAGE_BYTES, room = room_bytes(c);
	size_t need = room + ALIGN_BYTES + span;
	uint8_t *raw;

	c->env.page_memory = NULL;
	c->env.metadata = NULL;
	c->env.metadata_bytes = 0;
	c->env.report = c->o->report;
	if (!c->o->page_contents)
		return true;
	if (kept_raw && need <= kept_bytes) {
		raw = kept_raw;			/* lent to this run */
		need = kept_bytes;
		kept_raw = NULL;
	} else {
		raw = mmap(NULL, need, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (raw == MAP_FAILED)
			return false;
	}
	c->raw = raw;
	c->raw_bytes = need;
	c->mem = page_start(raw, room);
	c->mem_bytes = span;
	c->env.page_memory = c->mem;
	if (room) {
		c->env.metadata = c->mem - room;
		c->env.metadata_bytes = room;
	}
	c->poisoned = take_list(&kept_poisoned);
	if (c->map.end_pfn <= BOOT_POISON_MAX_PFNS)
		poison_range(c, 0, c->map.end_pfn);
	return true;
}

/*
 * Ask for a page's tagged lines ahead of use: they are usually cold, and a
 * request for all of them at once overlaps their misses (the loops below
 * stall on each line in turn otherwise).
 */
#define PREFETCH_TAGS(page, base, rw)						\
	do {									\
		unsigned long pl_[TAGGED_LINES], pi_;				\
										\
		tagged_lines((base), pl_);					\
		for (pi_ = 0; pi_ < TAGGED_LINES; pi_++)			\
			__builtin_prefetch((const uint8_t *)(page) + pl_[pi_] * 64, (rw), 3); \
	} while (0)

TAG_LOOP static void clear_tags(uint64_t *w, uint64_t base)
{
	unsigned long line[TAGGED_LINES], i, k;

	tagged_lines(base, line);
	for (i = 0; i < TAGGED_LINES; i++)
		for (k = 0; k < WORDS_PER_LINE; k++)
			w[line[i] * WORDS_PER_LINE + k] = 0;
}

/* Zero the tags of @nr pages from @pfn, written with @salt. */
static void clear_block_tags(struct run_ctx *c, uint64_t salt, unsigned long pfn, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		clear_tags((uint64_t *)(c->mem + (pfn + i) * PAGE_BYTES), page_base(salt, i));
}

/*
 * Zero what this run wrote, so the kept mapping starts the next run
 * zeroed: the room, and the tags of the blocks still live (freed and
 * migrated blocks took theirs back already).
 */
static void zero_written(struct run_ctx *c)
{
	const struct oracle_slot *slots = oracle_slots(c->orc);
	unsigned int slot;

	if (room_bytes(c))
		memset(c->mem - room_bytes(c), 0, room_bytes(c));
	if (!poisoning(c) || c->failed) {
		madvise(c->mem, c->mem_bytes, MADV_DONTNEED);
		return;
	}
	for (slot = 0; slot < c->nr_slots; slot++) {
		const struct oracle_slot *os = &slots[slot];

		if (os->live)
			clear_block_tags(c, c->slot_tag[slot], os->pfn, os->nr_pages);
	}
}

void content_teardown(struct run_ctx *c)
{
	unsigned int i;

	if (!c->mem)
		return;
	for (i = 0; i < c->poisoned.nr; i++)
		UNPOISON(c->mem + c->poisoned.r[i].pfn * PAGE_BYTES,
			 c->poisoned.r[i].nr * PAGE_BYTES);
	if (!kept_raw || kept_bytes < c->raw_bytes) {
		/* kept_raw still set: this run mapped its own, bigger, which replaces it */
		if (kept_raw)
			munmap(kept_raw, kept_bytes);
		kept_written += c->pages_written;
		if (kept_written > CHECK_WRITTEN_PAGES &&
		    minor_faults() - faults_at_drop > (long)KEPT_FAULTS_MAX) {
			madvise(c->raw, c->raw_bytes, MADV_DONTNEED);	/* zero, and nothing resident */
			faults_at_drop = minor_faults();
		} else {
			zero_written(c);
		}
		if (kept_written > CHECK_WRITTEN_PAGES)
			kept_written = 0;
		kept_raw = c->raw;		/* kept for the next run */
		kept_bytes = c->raw_bytes;
	} else {
		munmap(c->raw, c->raw_bytes);
	}
	c->mem = NULL;
	keep_list(&kept_poisoned, &c->poisoned);
}

TAG_LOOP static void write_tags(uint64_t *w, uint64_t base)
{
	unsigned long line[TAGGED_LINES], i, k, i0;

	tagged_lines(base, line);
	for (i = 0; i < TAGGED_LINES; i++)
		for (k = 0, i0 = line[i] * WORDS_PER_LINE; k < WORDS_PER_LINE; k++)
			w[i0 + k] = tag_at(base, i0 + k);
}

/* The lowest tagged word of a page that differs from its tag, or WORDS_PER_PAGE. */
TAG_LOOP static unsigned long first_bad_word(const uint64_t *w, uint64_t base)
{
	unsigned long line[TAGGED_LINES], i, k, i0;

	tagged_lines(base, line);
	for (i = 0; i < TAGGED_LINES; i++)	/* lines in ascending order */
		for (k = 0, i0 = line[i] * WORDS_PER_LINE; k < WORDS_PER_LINE; k++)
			if (w[i0 + k] != tag_at(base, i0 + k))
				return i0 + k;
	return WORDS_PER_PAGE;
}

/**
 * content_fill - tag every word of every page of a new allocation of @slot.
 */
void content_fill(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr)
{
	unsigned long i;

	c->slot_tag[slot] = mix(++c->serial);
	if (!enabled(c))
		return;
	UNPOISON(c->mem + pfn * PAGE_BYTES, nr * PAGE_BYTES);
	c->pages_written += nr;
	PREFETCH_TAGS(c->mem + pfn * PAGE_BYTES, page_base(c->slot_tag[slot], 0), 1);
	for (i = 0; i < nr; i++) {
		if (i + 1 < nr)
			PREFETCH_TAGS(c->mem + (pfn + i + 1) * PAGE_BYTES,
				      page_base(c->slot_tag[slot], i + 1), 1);
		write_tags((uint64_t *)(c->mem + (pfn + i) * PAGE_BYTES),
			   page_base(c->slot_tag[slot], i));
	}
}

/*
 * Check the tags of a block's pages: all of them, or (@sample) those of
 * the pages i with (i + @round + @slot) % CONTENT_SAMPLE_ROUNDS == 0.
 */
static bool verify_pages(struct run_ctx *c, unsigned int slot, unsigned long pfn,
			 unsigned long nr, unsigned long round, bool sample)
{
	unsigned long i, step = sample ? CONTENT_SAMPLE_ROUNDS : 1;

	if (!enabled(c))
		return true;
	/* the first page i checked: 0, or the one with (i + round + slot) % ROUNDS == 0 */
	i = sample ? (CONTENT_SAMPLE_ROUNDS - (round + slot) % CONTENT_SAMPLE_ROUNDS) %
		     CONTENT_SAMPLE_ROUNDS : 0;
	if (i < nr)
		PREFETCH_TAGS(c->mem + (pfn + i) * PAGE_BYTES, page_base(c->slot_tag[slot], i), 0);
	for (; i < nr; i += step) {
		const uint64_t *w = (const uint64_t *)(c->mem + (pfn + i) * PAGE_BYTES);
		uint64_t base = page_base(c->slot_tag[slot], i);
		unsigned long bad;

		if (i + step < nr)
			PREFETCH_TAGS(c->mem + (pfn + i + step) * PAGE_BYTES,
				      page_base(c->slot_tag[slot], i + step), 0);
		bad = first_bad_word(w, base);
		if (bad < WORDS_PER_PAGE)
			return run_fail(c, "content.corrupted", pfn + i, pfn + i + 1,
					"slot %u page %lu of the %lu-page block at 0x%lx: byte offset %lu "
					"holds 0x%016llx, expected 0x%016llx",
					slot, i, nr, pfn, bad * 8, (unsigned long long)w[bad],
					(unsigned long long)tag_at(base, bad));
	}
	return true;
}

/**
 * content_verify - every tag of a live allocation of @slot is intact.
 * Return: false after reporting "content.corrupted".
 */
bool content_verify(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr)
{
	return verify_pages(c, slot, pfn, nr, 0, false);
}

/**
 * content_verify_sample - a periodic walk's check of a live allocation:
 * one page in CONTENT_SAMPLE_ROUNDS, a different one per @round (and the
 * blocks of different slots take turns, so a walk over many order-0
 * blocks checks one in eight).  Every tag of a block is checked when it is
 * freed or migrated (and the end of a run frees every block), so the
 * sample only decides how early a stray write is seen; checking every
 * live page at every walk cost more than the rest of the walk.
 */
bool content_verify_sample(struct run_ctx *c, unsigned int slot, unsigned long pfn,
			   unsigned long nr, unsigned long round)
{
	return verify_pages(c, slot, pfn, nr, round, true);
}

/**
 * content_release - @slot's block was freed: zero its tags (checked just
 * before the port's free, so still in cache; a port that keeps metadata in
 * free pages may have written there since, so not for it) and poison it.
 */
void content_release(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr)
{
	if (poisoning(c))
		clear_block_tags(c, c->slot_tag[slot], pfn, nr);
	poison_range(c, pfn, nr);
}

/** content_migrate - move a live block's contents to its new pfns. */
void content_migrate(struct run_ctx *c, unsigned int slot, unsigned long old_pfn,
		     unsigned long new_pfn, unsigned long nr)
{
	size_t bytes = nr * PAGE_BYTES;

	if (!enabled(c))
		return;
	UNPOISON(c->mem + new_pfn * PAGE_BYTES, bytes);
	c->pages_written += nr;
	memmove(c->mem + new_pfn * PAGE_BYTES, c->mem + old_pfn * PAGE_BYTES, bytes);
	content_release(c, slot, old_pfn, nr);
}
