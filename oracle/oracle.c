/* SPDX-License-Identifier: MIT */
/*
 * oracle.c - the bitmap model that judges an allocator port.
 *
 * Models the memory map page by page (present only if one memory range
 * covers the page wholly, reserved if any reserved range touches it, as
 * memblock_free_all() frees only whole pages), the zone of every pfn (as
 * free_area_init() and adjust_zone_range_for_zone_movable() lay them out),
 * gfp_zone(), and which pages are free, allocated by which slot, or
 * isolated, with present / managed / free counts per (node, zone).
 * Does not model buddy or per-cpu lists, migratetypes, pageblocks,
 * watermarks, CMA or highatomic reserves: it judges where a block may come
 * from and that free pages are conserved, and a failure only when the port
 * promised to drain and ignore watermarks.  Plain loops, on purpose.  A
 * call the harness must never make (bad slot or node, block past end_pfn,
 * note before boot) prints one "ORACLE MISUSE" line and aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pagefuzz/vocab.h>
#include "oracle/oracle.h"

#define PAGE_BYTES	4096u
#define WORD_BITS	64u
#define ORDER_LIMIT	32u	/* orders at or past this fit no map */
#define PFN_LIMIT	(1UL << 40)	/* end_pfn must be below this */
#define REQUIRE(cond)	require((cond), __func__, #cond)

enum { OZ_DMA, OZ_DMA32, OZ_NORMAL, OZ_MOVABLE };
enum { BIT_PRESENT, BIT_RESERVED, BIT_ALLOCATED, BIT_ISOLATED, NR_BITMAPS };

/* Page counts of one (node, zone); valid once booted. */
struct oracle_counts {
	unsigned long present;		/* pages not in a hole */
	unsigned long managed;		/* pages free at boot */
	unsigned long free;		/* free and not isolated */
	unsigned long isolated_free;	/* free and isolated */
};

/*
 * state = HOLE if !present, else RESERVED if reserved, else ALLOCATED if
 * allocated, else FREE; reserved and allocated are never both set.
 * free + isolated_free of (nid, zone) = #{FREE pfns of that node and zone},
 * and every ALLOCATED pfn lies in exactly one live slot.
 */
struct oracle {
	unsigned long end_pfn;		/* pfns are [0, end_pfn) */
	unsigned int nr_nodes;
	unsigned long words;		/* length of one bitmap, in uint64_t */
	uint64_t *bitmap;		/* NR_BITMAPS bitmaps of one bit per pfn, back to back */
	unsigned char *node;		/* node per pfn, meaningful when present */
	uint64_t zone_end[3];		/* end pfn of DMA, DMA32, Normal; non-decreasing */
	bool has_movable;
	uint64_t movable_pfn;		/* first pfn of PF_ZONE_MOVABLE if has_movable */
	bool booted;			/* oracle_finish_boot() ran */
	struct oracle_counts counts[ORACLE_MAX_NODES][ORACLE_NR_ZONES];
	struct oracle_slot *slots;	/* nr_slots of them: fixed_slots, or malloc'ed */
	unsigned int nr_slots;
	struct oracle_slot fixed_slots[ORACLE_NR_SLOTS];
};

static const char *const zone_names[ORACLE_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
static const char *const state_names[] = { "hole", "reserved", "free", "allocated" };

static void require(bool ok, const char *func, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "ORACLE MISUSE [%s] %s\n", func, what);
	abort();
}

__attribute__((format(printf, 4, 5)))
static bool verdict(struct oracle_verdict *v, const char *id, unsigned long pfn,
		    const char *fmt, ...)
{
	va_list ap;

	if (!v)
		return false;
	v->id = id;
	v->pfn = pfn;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
	return false;
}

static bool bit_get(const struct oracle *o, int map, unsigned long pfn)
{
	return (o->bitmap[map * o->words + pfn / WORD_BITS] >> (pfn % WORD_BITS)) & 1;
}

static void bit_put(struct oracle *o, int map, unsigned long pfn, bool on)
{
	uint64_t *word = &o->bitmap[map * o->words + pfn / WORD_BITS];
	uint64_t mask = (uint64_t)1 << (pfn % WORD_BITS);

	*word = on ? (*word | mask) : (*word & ~mask);
}

/* The bits of bitmap word @w that fall in pfns [@lo, @hi). */
static uint64_t word_span(unsigned long w, unsigned long lo, unsigned long hi)
{
	unsigned long first = w * WORD_BITS, last = first + WORD_BITS;	/* [first, last) */
	uint64_t mask = ~0ULL;

	if (hi <= first || lo >= last)
		return 0;
	if (lo > first)
		mask &= ~0ULL << (lo - first);
	if (hi < last)
		mask &= ~0ULL >> (last - hi);
	return mask;
}

static const char *zone_name(int zone)
{
	return zone >= 0 && zone < ORACLE_NR_ZONES ? zone_names[zone] : "none";
}

/* Does the 2^order block at @pfn lie inside [0, end_pfn)? */
static bool block_in_range(const struct oracle *o, unsigned long pfn, unsigned int order)
{
	return order < ORDER_LIMIT && pfn < o->end_pfn && (1UL << order) <= o->end_pfn - pfn;
}

/* Is there a counts entry for (nid, zone)?  Not for holes or no-zone pfns. */
static bool counts_ok(const struct oracle *o, int nid, int zone)
{
	return nid >= 0 && (unsigned int)nid < o->nr_nodes && zone >= 0 && zone < ORACLE_NR_ZONES;
}

/* Add (@add) or take away this page's share of the free counts. */
static void account(struct oracle *o, unsigned long pfn, bool add)
{
	int nid, zone;
	unsigned long *count;

	if (!o->booted)		/* counters are built by oracle_finish_boot() */
		return;
	nid = oracle_node_of(o, pfn);
	zone = oracle_zone_of(o, pfn);
	if (!counts_ok(o, nid, zone) || oracle_state_of(o, pfn) != ORC_FREE)
		return;
	if (oracle_is_isolated(o, pfn))
		count = &o->counts[nid][zone].isolated_free;
	else
		count = &o->counts[nid][zone].free;
	*count = add ? *count + 1 : *count - 1;
}

/* Every state or isolation change goes through these two. */
static void set_state(struct oracle *o, unsigned long pfn, enum oracle_state st)
{
	account(o, pfn, false);
	bit_put(o, BIT_PRESENT, pfn, st != ORC_HOLE);
	bit_put(o, BIT_RESERVED, pfn, st == ORC_RESERVED);
	bit_put(o, BIT_ALLOCATED, pfn, st == ORC_ALLOCATED);
	account(o, pfn, true);
}

static void set_isolated(struct oracle *o, unsigned long pfn, bool isolated)
{
	account(o, pfn, false);
	bit_put(o, BIT_ISOLATED, pfn, isolated);
	account(o, pfn, true);
}

/*
 * A block of present, unreserved pages of one zone and one node (what a
 * port hands out) turns allocated or free a word at a time: the pages that
 * change state leave or join the free (or isolated free) count by
 * popcount.  Any other block goes page by page through set_state().
 */
static bool set_block_words(struct oracle *o, unsigned long pfn, unsigned long end,
			    enum oracle_state st)
{
	int zone = oracle_zone_of(o, pfn), nid = o->node[pfn];
	struct oracle_counts *n;
	unsigned long w;

	if (!o->booted || (st != ORC_ALLOCATED && st != ORC_FREE) ||
	    zone != oracle_zone_of(o, end - 1) || !counts_ok(o, nid, zone) ||
	    memcmp(o->node + pfn, o->node + pfn + 1, end - pfn - 1))
		return false;
	for (w = pfn / WORD_BITS; w <= (end - 1) / WORD_BITS; w++) {
		uint64_t mask = word_span(w, pfn, end);

		if ((o->bitmap[BIT_PRESENT * o->words + w] & ~o->bitmap[BIT_RESERVED * o->words + w] &
		     mask) != mask)
			return false;
	}
	n = &o->counts[nid][zone];
	for (w = pfn / WORD_BITS; w <= (end - 1) / WORD_BITS; w++) {
		uint64_t *allocated = &o->bitmap[BIT_ALLOCATED * o->words + w];
		uint64_t iso = o->bitmap[BIT_ISOLATED * o->words + w], mask = word_span(w, pfn, end);
		uint64_t change = mask & (st == ORC_ALLOCATED ? ~*allocated : *allocated);
		unsigned long plain = (unsigned long)__builtin_popcountll(change & ~iso);
		unsigned long isolated = (unsigned long)__builtin_popcountll(change & iso);

		if (st == ORC_ALLOCATED) {
			n->free -= plain;
			n->isolated_free -= isolated;
			*allocated |= mask;
		} else {
			n->free += plain;
			n->isolated_free += isolated;
			*allocated &= ~mask;
		}
	}
	return true;
}

static void set_block(struct oracle *o, unsigned long pfn, unsigned long nr_pages,
		      enum oracle_state st)
{
	unsigned long p, end = pfn + nr_pages;

	if (set_block_words(o, pfn, end, st))
		return;
	for (p = pfn; p < end; p++)
		set_state(o, p, st);
}

/* The live slot whose block holds @pfn, or -1. */
int oracle_slot_of(const struct oracle *o, unsigned long pfn)
{
	int i;

	for (i = 0; i < (int)o->nr_slots; i++)
		if (o->slots[i].live && pfn >= o->slots[i].pfn &&
		    pfn - o->slots[i].pfn < o->slots[i].nr_pages)
			return i;
	return -1;
}

/* Return: NULL also for nr_nodes outside [1, ORACLE_MAX_NODES] or a huge end_pfn. */
struct oracle *oracle_create(unsigned long end_pfn, unsigned int nr_nodes)
{
	struct oracle *o;

	if (nr_nodes == 0 || nr_nodes > ORACLE_MAX_NODES || end_pfn >= PFN_LIMIT)
		return NULL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->end_pfn = end_pfn;
	o->nr_nodes = nr_nodes;
	o->slots = o->fixed_slots;
	o->nr_slots = ORACLE_NR_SLOTS;
	o->words = end_pfn / WORD_BITS + 1;
	o->bitmap = calloc(NR_BITMAPS * o->words, sizeof(uint64_t));
	o->node = calloc(end_pfn + 1, 1);
	if (!o->bitmap || !o->node) {
		oracle_destroy(o);
		return NULL;
	}
	return o;
}

/* Room for @nr_slots slots (a .trace may name more than ORACLE_NR_SLOTS). */
bool oracle_set_slots(struct oracle *o, unsigned int nr_slots)
{
	struct oracle_slot *slots;

	REQUIRE(o->slots == o->fixed_slots);
	if (nr_slots <= ORACLE_NR_SLOTS)
		return true;
	slots = calloc(nr_slots, sizeof(*slots));
	if (!slots)
		return false;
	memcpy(slots, o->fixed_slots, sizeof(o->fixed_slots));
	o->slots = slots;
	o->nr_slots = nr_slots;
	return true;
}

void oracle_destroy(struct oracle *o)
{
	if (!o)
		return;
	free(o->bitmap);
	free(o->node);
	if (o->slots != o->fixed_slots)
		free(o->slots);
	free(o);
}

/* ---- boot: call set_zones, all add_memory, all add_reserved, finish_boot ---- */

void oracle_set_zones(struct oracle *o, const uint64_t max_zone_pfn[3],
		      bool has_movable, uint64_t movable_pfn)
{
	REQUIRE(!o->booted);
	REQUIRE(max_zone_pfn[0] <= max_zone_pfn[1] && max_zone_pfn[1] <= max_zone_pfn[2]);
	memcpy(o->zone_end, max_zone_pfn, sizeof(o->zone_end));
	o->has_movable = has_movable;
	o->movable_pfn = movable_pfn;
}

/* base + bytes, or UINT64_MAX if that would wrap */
static uint64_t addr_end(uint64_t base, uint64_t bytes)
{
	return bytes > UINT64_MAX - base ? UINT64_MAX : base + bytes;
}

static uint64_t pfn_up(uint64_t addr)
{
	return addr / PAGE_BYTES + (addr % PAGE_BYTES != 0);
}

static uint64_t clamp_pfn(const struct oracle *o, uint64_t pfn)
{
	return pfn < o->end_pfn ? pfn : o->end_pfn;
}

void oracle_add_memory(struct oracle *o, uint64_t base, uint64_t size, int nid)
{
	uint64_t lo = pfn_up(base), hi = clamp_pfn(o, addr_end(base, size) / PAGE_BYTES), w;

	REQUIRE(!o->booted);
	REQUIRE(nid >= 0 && (unsigned int)nid < o->nr_nodes);
	if (lo >= hi)
		return;
	for (w = lo / WORD_BITS; w <= (hi - 1) / WORD_BITS; w++)	/* hole -> free */
		o->bitmap[BIT_PRESENT * o->words + w] |= word_span(w, lo, hi);
	memset(o->node + lo, nid, hi - lo);
}

void oracle_add_reserved(struct oracle *o, uint64_t base, uint64_t size)
{
	uint64_t lo = base / PAGE_BYTES, hi = clamp_pfn(o, pfn_up(addr_end(base, size))), w;

	REQUIRE(!o->booted);
	if (size == 0 || lo >= hi)
		return;
	for (w = lo / WORD_BITS; w <= (hi - 1) / WORD_BITS; w++)	/* free -> reserved */
		o->bitmap[BIT_RESERVED * o->words + w] |=
			o->bitmap[BIT_PRESENT * o->words + w] & word_span(w, lo, hi);
}

/* One present pfn at boot: a free page in no zone is reserved; count it. */
static void boot_count_pfn(struct oracle *o, unsigned long pfn)
{
	enum oracle_state st = oracle_state_of(o, pfn);
	int nid = o->node[pfn], zone = oracle_zone_of(o, pfn);

	if (st == ORC_HOLE)
		return;
	if (zone == ORACLE_NO_ZONE && st == ORC_FREE)
		set_state(o, pfn, ORC_RESERVED);
	if (!counts_ok(o, nid, zone))
		return;		/* no zone */
	o->counts[nid][zone].present++;
	if (st == ORC_FREE) {
		o->counts[nid][zone].managed++;
		o->counts[nid][zone].free++;
	}
}

/*
 * Count every present pfn with boot_count_pfn(); a word of 64 pfns that
 * lies in one zone and on one node (node bytes all equal) is counted with
 * popcounts instead, which is the same sum (nothing is allocated yet).
 */
void oracle_finish_boot(struct oracle *o)
{
	unsigned long w, pfn;

	REQUIRE(!o->booted);
	for (w = 0; w * WORD_BITS < o->end_pfn; w++) {
		unsigned long lo = w * WORD_BITS, hi = clamp_pfn(o, lo + WORD_BITS);
		uint64_t *reserved = &o->bitmap[BIT_RESERVED * o->words + w];
		uint64_t present = o->bitmap[BIT_PRESENT * o->words + w] & word_span(w, lo, hi);
		int zone = oracle_zone_of(o, lo), nid = o->node[lo];

		if (!present)
			continue;
		if (zone != oracle_zone_of(o, hi - 1) || memcmp(o->node + lo, o->node + lo + 1, hi - lo - 1)) {
			for (pfn = lo; pfn < hi; pfn++)
				boot_count_pfn(o, pfn);
		} else if (zone == ORACLE_NO_ZONE) {
			*reserved |= present;
		} else {
			unsigned long free = (unsigned long)__builtin_popcountll(present & ~*reserved);

			REQUIRE(counts_ok(o, nid, zone));
			o->counts[nid][zone].present += (unsigned long)__builtin_popcountll(present);
			o->counts[nid][zone].managed += free;
			o->counts[nid][zone].free += free;
		}
	}
	o->booted = true;
}

/* ---- queries ---- */

enum oracle_state oracle_state_of(const struct oracle *o, unsigned long pfn)
{
	if (pfn >= o->end_pfn || !bit_get(o, BIT_PRESENT, pfn))
		return ORC_HOLE;
	if (bit_get(o, BIT_RESERVED, pfn))
		return ORC_RESERVED;
	if (bit_get(o, BIT_ALLOCATED, pfn))
		return ORC_ALLOCATED;
	return ORC_FREE;
}

/* The first free pfn (isolated or not) at or after @pfn; end_pfn if none. */
unsigned long oracle_next_free(const struct oracle *o, unsigned long pfn)
{
	const uint64_t *present = &o->bitmap[BIT_PRESENT * o->words],
		       *reserved = &o->bitmap[BIT_RESERVED * o->words],
		       *allocated = &o->bitmap[BIT_ALLOCATED * o->words];
	unsigned long w;
	uint64_t free;

	if (pfn >= o->end_pfn)
		return o->end_pfn;
	w = pfn / WORD_BITS;
	free = (present[w] & ~reserved[w] & ~allocated[w]) >> (pfn % WORD_BITS) << (pfn % WORD_BITS);
	while (!free) {
		if (++w * WORD_BITS >= o->end_pfn)
			return o->end_pfn;
		free = present[w] & ~reserved[w] & ~allocated[w];
	}
	pfn = w * WORD_BITS + (unsigned long)__builtin_ctzll(free);
	return pfn < o->end_pfn ? pfn : o->end_pfn;
}

/*
 * Zone i spans [zone_end[i-1], zone_end[i]).  PF_ZONE_MOVABLE takes
 * [movable_pfn, end of the highest non-empty arch zone) = [movable_pfn,
 * zone_end[2]) since the ends are non-decreasing; the arch zones lose what
 * lies above movable_pfn.  Pfns at or past zone_end[2] are in no zone.
 */
int oracle_zone_of(const struct oracle *o, unsigned long pfn)
{
	int zone = OZ_DMA;

	if (pfn >= o->zone_end[OZ_NORMAL])
		return ORACLE_NO_ZONE;
	if (o->has_movable && pfn >= o->movable_pfn)
		return OZ_MOVABLE;
	while (pfn >= o->zone_end[zone])
		zone++;
	return zone;
}

/* The node of a present page; -1 for a hole. */
int oracle_node_of(const struct oracle *o, unsigned long pfn)
{
	return oracle_state_of(o, pfn) == ORC_HOLE ? -1 : o->node[pfn];
}

bool oracle_is_isolated(const struct oracle *o, unsigned long pfn)
{
	return pfn < o->end_pfn && bit_get(o, BIT_ISOLATED, pfn);
}

unsigned long oracle_end_pfn(const struct oracle *o)
{
	return o->end_pfn;
}

unsigned long oracle_free_pages(const struct oracle *o, int nid, int zone)
{
	return counts_ok(o, nid, zone) ? o->counts[nid][zone].free : 0;
}

unsigned long oracle_present_pages(const struct oracle *o, int nid, int zone)
{
	return counts_ok(o, nid, zone) ? o->counts[nid][zone].present : 0;
}

unsigned long oracle_managed_pages(const struct oracle *o, int nid, int zone)
{
	return counts_ok(o, nid, zone) ? o->counts[nid][zone].managed : 0;
}

const struct oracle_slot *oracle_slot(const struct oracle *o, unsigned int slot)
{
	return slot < o->nr_slots ? &o->slots[slot] : NULL;
}

const struct oracle_slot *oracle_slots(const struct oracle *o)
{
	return o->slots;
}

const char *oracle_zone_name(int zone)
{
	return zone_name(zone);
}

const char *oracle_state_name(enum oracle_state st)
{
	return (unsigned int)st < sizeof(state_names) / sizeof(state_names[0]) ? state_names[st] : "?";
}

/*
 * gfp_zone() as a table indexed by the zone modifiers DMA = 1, HIGHMEM = 2,
 * DMA32 = 4, MOVABLE = 8.  No highmem on 64-bit: HIGHMEM alone is Normal,
 * and with MOVABLE it is PF_ZONE_MOVABLE.
 */
int oracle_gfp_zone(uint32_t gfp)
{
	static const int table[16] = {
		OZ_NORMAL, OZ_DMA, OZ_NORMAL, ORACLE_NO_ZONE,	/* -, D, H, DH */
		OZ_DMA32, ORACLE_NO_ZONE, ORACLE_NO_ZONE, ORACLE_NO_ZONE, /* 32, 32D, 32H, 32DH */
		OZ_NORMAL, OZ_DMA, OZ_MOVABLE, ORACLE_NO_ZONE,	/* M, MD, MH, MDH */
		OZ_DMA32, ORACLE_NO_ZONE, ORACLE_NO_ZONE, ORACLE_NO_ZONE, /* M32, M32D, M32H, all */
	};
	int index = 0;

	index += (gfp & GFPF_DMA) ? 1 : 0;
	index += (gfp & GFPF_HIGHMEM) ? 2 : 0;
	index += (gfp & GFPF_DMA32) ? 4 : 0;
	index += (gfp & GFPF_MOVABLE) ? 8 : 0;
	return table[index];
}

/* ---- judging ---- */

static bool not_free(const struct oracle *o, unsigned long block, unsigned long pfn,
		     struct oracle_verdict *v)
{
	int slot = oracle_slot_of(o, pfn);

	if (slot >= 0)
		return verdict(v, "oracle.alloc_not_free", pfn,
			       "pfn 0x%lx of the block at 0x%lx is allocated (slot %d @0x%lx order %u)",
			       pfn, block, slot, o->slots[slot].pfn, o->slots[slot].order);
	return verdict(v, "oracle.alloc_not_free", pfn, "pfn 0x%lx of the block at 0x%lx is %s",
		       pfn, block, state_names[oracle_state_of(o, pfn)]);
}

/* The pages of bitmap word @w that are free and unisolated. */
static uint64_t usable_word(const struct oracle *o, unsigned long w)
{
	const uint64_t *b = &o->bitmap[w];

	return b[BIT_PRESENT * o->words] & ~b[BIT_RESERVED * o->words] &
	       ~b[BIT_ALLOCATED * o->words] & ~b[BIT_ISOLATED * o->words];
}

/*
 * Is every page of [@pfn, @pfn + @nr_pages) free and unisolated, in one zone
 * and on one node?  The same answer as the page loop of check_pages(), a
 * word of the bitmaps at a time.  Zones are pfn intervals in index order
 * (oracle_zone_of() never decreases below zone_end[Normal], and is "none"
 * from there on), so the first and last page share a zone iff all do.
 */
static bool block_usable(const struct oracle *o, unsigned long pfn, unsigned long nr_pages,
			 bool anywhere)
{
	unsigned long p, end = pfn + nr_pages;

	for (p = pfn; p < end; ) {
		unsigned long w = p / WORD_BITS, lo = p % WORD_BITS;
		unsigned long len = end - p < WORD_BITS - lo ? end - p : WORD_BITS - lo;
		uint64_t mask = (len == WORD_BITS ? ~0ULL : ((1ULL << len) - 1)) << lo;

		if ((usable_word(o, w) & mask) != mask)
			return false;
		p += len;
	}
	if (anywhere)
		return true;
	if (oracle_zone_of(o, pfn) != oracle_zone_of(o, end - 1))
		return false;
	for (p = pfn + 1; p < end; p++)
		if (o->node[p] != o->node[pfn])
			return false;
	return true;
}

/*
 * Every page free, unisolated, and in the zone and node of the first.
 * block_usable() answers; the page loop then names the first bad page.
 */
static bool check_pages(const struct oracle *o, unsigned long pfn, unsigned long nr_pages,
			bool anywhere, struct oracle_verdict *v)
{
	int zone = oracle_zone_of(o, pfn), nid = oracle_node_of(o, pfn);
	bool usable = block_usable(o, pfn, nr_pages, anywhere);
	unsigned long p;

	if (usable || !v)
		return usable;
	for (p = pfn; p < pfn + nr_pages; p++) {
		if (oracle_state_of(o, p) != ORC_FREE)
			return not_free(o, pfn, p, v);
		if (oracle_is_isolated(o, p))
			return verdict(v, "oracle.alloc_isolated", p,
				       "pfn 0x%lx of the block at 0x%lx is isolated", p, pfn);
		if (anywhere)
			continue;
		if (oracle_zone_of(o, p) != zone)
			return verdict(v, "oracle.alloc_zone_mixed", p, "block at 0x%lx is in %s, "
				       "its pfn 0x%lx in %s", pfn, zone_name(zone), p,
				       zone_name(oracle_zone_of(o, p)));
		if (oracle_node_of(o, p) != nid)
			return verdict(v, "oracle.alloc_node_mixed", p, "block at 0x%lx is on node %d, "
				       "its pfn 0x%lx on %d", pfn, nid, p, oracle_node_of(o, p));
	}
	REQUIRE(!"block_usable() and the page loop disagree");
	return false;
}

bool oracle_check_alloc(const struct oracle *o, const struct oracle_req *req,
			unsigned long pfn, struct oracle_verdict *v)
{
	int gz = oracle_gfp_zone(req->gfp), zone = oracle_zone_of(o, pfn);

	if (!block_in_range(o, pfn, req->order))
		return verdict(v, "oracle.alloc_out_of_range", pfn, "order-%u block at 0x%lx "
			       "passes end_pfn 0x%lx", req->order, pfn, o->end_pfn);
	if (pfn % (1UL << req->order) != 0)
		return verdict(v, "oracle.alloc_misaligned", pfn,
			       "order-%u block at 0x%lx is not aligned", req->order, pfn);
	if (req->anywhere)
		return check_pages(o, pfn, 1UL << req->order, true, v);
	if (gz == ORACLE_NO_ZONE)
		return verdict(v, "oracle.alloc_zone_not_allowed", pfn,
			       "bad gfp 0x%x (no gfp_zone) answered with 0x%lx", req->gfp, pfn);
	if (!check_pages(o, pfn, 1UL << req->order, false, v))
		return false;
	if (zone > gz)
		return verdict(v, "oracle.alloc_zone_not_allowed", pfn, "block at 0x%lx is in %s, "
			       "gfp 0x%x allows up to %s", pfn, zone_name(zone), req->gfp,
			       zone_name(gz));
	if ((req->gfp & GFPF_THISNODE) && oracle_node_of(o, pfn) != req->nid)
		return verdict(v, "oracle.alloc_wrong_node", pfn, "THISNODE for node %d "
			       "answered on node %d", req->nid, oracle_node_of(o, pfn));
	return true;
}

/* @pfn..@pfn + 2^order must be free (not necessarily unisolated: contig). */
void oracle_note_alloc(struct oracle *o, unsigned int slot, unsigned long pfn,
		       unsigned int order, uint32_t gfp)
{
	unsigned long p;

	REQUIRE(o->booted);
	REQUIRE(slot < o->nr_slots && !o->slots[slot].live);
	REQUIRE(block_in_range(o, pfn, order));
	for (p = pfn; p < pfn + (1UL << order); p++)
		REQUIRE(oracle_state_of(o, p) == ORC_FREE);
	set_block(o, pfn, 1UL << order, ORC_ALLOCATED);
	o->slots[slot] = (struct oracle_slot){ .live = true, .pfn = pfn, .order = order,
					       .nr_pages = 1UL << order, .gfp = gfp };
}

/* Free, unisolated pages of the whole map. */
static unsigned long total_free(const struct oracle *o)
{
	unsigned long sum = 0;
	unsigned int nid;
	int zone;

	for (nid = 0; nid < o->nr_nodes; nid++)
		for (zone = 0; zone < ORACLE_NR_ZONES; zone++)
			sum += oracle_free_pages(o, (int)nid, zone);
	return sum;
}

/* A failure is wrong iff some aligned block would pass oracle_check_alloc(). */
bool oracle_check_failure(const struct oracle *o, const struct oracle_req *req,
			  struct oracle_verdict *v)
{
	unsigned long pfn;

	if (!(req->gfp & GFPF_NO_WATERMARKS) ||
	    (!req->anywhere && oracle_gfp_zone(req->gfp) == ORACLE_NO_ZONE))
		return true;
	if (total_free(o) < 1UL << req->order)
		return true;		/* too few free pages for any such block */
	for (pfn = 0; block_in_range(o, pfn, req->order); pfn += 1UL << req->order) {
		if (!(pfn % WORD_BITS) && !usable_word(o, pfn / WORD_BITS)) {
			/* no usable page in this word: no block that starts in it fits */
			pfn += WORD_BITS > 1UL << req->order ? WORD_BITS - (1UL << req->order) : 0;
			continue;
		}
		if (oracle_check_alloc(o, req, pfn, NULL))
			return verdict(v, "oracle.failure_with_free_block", pfn,
				       "order-%u gfp 0x%x failed, but 0x%lx-0x%lx is free in %s node %d",
				       req->order, req->gfp, pfn, pfn + (1UL << req->order) - 1,
				       zone_name(oracle_zone_of(o, pfn)), oracle_node_of(o, pfn));
	}
	return true;
}

int oracle_largest_free_order(const struct oracle *o, unsigned int max_order, bool anywhere)
{
	int order;
	unsigned long pfn;

	for (order = (int)max_order; order >= 0; order--)
		for (pfn = 0; block_in_range(o, pfn, (unsigned int)order); pfn += 1UL << order)
			if (block_usable(o, pfn, 1UL << order, anywhere))
				return order;
	return -1;
}

void oracle_note_free(struct oracle *o, unsigned int slot)
{
	REQUIRE(o->booted);
	REQUIRE(slot < o->nr_slots && o->slots[slot].live);
	set_block(o, o->slots[slot].pfn, o->slots[slot].nr_pages, ORC_FREE);
	o->slots[slot].live = false;
}

/*
 * A move must take a live movable allocation (not a contig range) to free,
 * unisolated pages of one zone and node, of a zone its gfp allows and, under
 * __GFP_THISNODE, on the node it was on.
 */
bool oracle_note_migrate(struct oracle *o, unsigned int slot, unsigned long new_pfn,
			 struct oracle_verdict *v)
{
	struct oracle_slot *s;
	int gz;

	REQUIRE(o->booted);
	REQUIRE(slot < o->nr_slots && o->slots[slot].live);
	s = &o->slots[slot];
	gz = oracle_gfp_zone(s->gfp);
	if (!(s->gfp & GFPF_MOVABLE) || s->nr_pages != 1UL << s->order)
		return verdict(v, "oracle.migrate_unmovable", s->pfn, "slot %u at 0x%lx (%lu pages, "
			       "gfp 0x%x) is not a movable allocation", slot, s->pfn, s->nr_pages,
			       s->gfp);
	if (!block_in_range(o, new_pfn, s->order))
		return verdict(v, "oracle.migrate_target_not_free", new_pfn, "slot %u (order %u) "
			       "moved to 0x%lx, past end_pfn", slot, s->order, new_pfn);
	if (!check_pages(o, new_pfn, s->nr_pages, false, v)) {
		v->id = "oracle.migrate_target_not_free";
		return false;
	}
	if (oracle_zone_of(o, new_pfn) > gz)
		return verdict(v, "oracle.migrate_zone_not_allowed", new_pfn, "slot %u moved to "
			       "0x%lx in %s, its gfp 0x%x allows up to %s", slot, new_pfn,
			       zone_name(oracle_zone_of(o, new_pfn)), s->gfp, zone_name(gz));
	if ((s->gfp & GFPF_THISNODE) && oracle_node_of(o, new_pfn) != oracle_node_of(o, s->pfn))
		return verdict(v, "oracle.migrate_wrong_node", new_pfn, "THISNODE slot %u moved "
			       "from node %d to node %d", slot, oracle_node_of(o, s->pfn),
			       oracle_node_of(o, new_pfn));
	set_block(o, new_pfn, s->nr_pages, ORC_ALLOCATED);
	set_block(o, s->pfn, s->nr_pages, ORC_FREE);
	s->pfn = new_pfn;
	return true;
}

/* A contig range is judged as a block: free, unisolated, one zone, one node. */
bool oracle_check_contig(const struct oracle *o, unsigned long pfn, unsigned long nr_pages,
			 struct oracle_verdict *v)
{
	if (!nr_pages || pfn >= o->end_pfn || nr_pages > o->end_pfn - pfn)
		return verdict(v, "oracle.alloc_out_of_range", pfn, "range 0x%lx + %lu passes "
			       "end_pfn 0x%lx", pfn, nr_pages, o->end_pfn);
	return check_pages(o, pfn, nr_pages, false, v);
}

void oracle_note_contig(struct oracle *o, unsigned int slot, unsigned long pfn,
			unsigned long nr_pages)
{
	unsigned long p;

	REQUIRE(o->booted);
	REQUIRE(slot < o->nr_slots && !o->slots[slot].live);
	REQUIRE(nr_pages && pfn < o->end_pfn && nr_pages <= o->end_pfn - pfn);
	for (p = pfn; p < pfn + nr_pages; p++)
		REQUIRE(oracle_state_of(o, p) == ORC_FREE);
	set_block(o, pfn, nr_pages, ORC_ALLOCATED);
	o->slots[slot] = (struct oracle_slot){ .live = true, .pfn = pfn, .order = 0,
					       .nr_pages = nr_pages, .gfp = 0 };
}

/* Some aligned 2^order block free and unisolated in (nid, zone); -1 matches any. */
bool oracle_has_free_block(const struct oracle *o, int nid, int zone, unsigned int order)
{
	unsigned long pfn;

	for (pfn = 0; block_in_range(o, pfn, order); pfn += 1UL << order)
		if ((zone < 0 || oracle_zone_of(o, pfn) == zone) &&
		    (nid < 0 || (oracle_state_of(o, pfn) != ORC_HOLE &&
				 oracle_node_of(o, pfn) == nid)) &&
		    block_usable(o, pfn, 1UL << order, false))
			return true;
	return false;
}

unsigned long oracle_isolated_free(const struct oracle *o, int nid, int zone)
{
	return counts_ok(o, nid, zone) ? o->counts[nid][zone].isolated_free : 0;
}

void oracle_note_isolate(struct oracle *o, unsigned long start_pfn, unsigned long end_pfn,
			 bool isolated)
{
	unsigned long pfn;

	REQUIRE(o->booted);
	for (pfn = start_pfn; pfn < clamp_pfn(o, end_pfn); pfn++)
		set_isolated(o, pfn, isolated);
}

/*
 * The port counts isolated free pages too (port.h: buddy + per-cpu +
 * isolated free) while oracle_free_pages() leaves them out, so the port's
 * number is compared with free + isolated_free.
 */
bool oracle_check_zone_free(const struct oracle *o, int nid, int zone,
			    unsigned long port_free, struct oracle_verdict *v)
{
	unsigned long isolated = counts_ok(o, nid, zone) ? o->counts[nid][zone].isolated_free : 0;
	unsigned long want = oracle_free_pages(o, nid, zone) + isolated;

	if (port_free == want)
		return true;
	return verdict(v, "oracle.zone_free_mismatch", 0, "node %d zone %d: port counts %lu "
		       "free pages, oracle %lu (%lu isolated)", nid, zone, port_free, want, isolated);
}

bool oracle_check_protection(const struct oracle *o, int nid, int zone,
			     const unsigned long reserve[ORACLE_NR_ZONES], struct oracle_verdict *v)
{
	static const unsigned long ratio[ORACLE_NR_ZONES] = { 256, 256, 32, 0 };
	unsigned long sum = 0, want;
	int j;

	for (j = 0; j < ORACLE_NR_ZONES; j++) {
		if (j > zone)
			sum += oracle_managed_pages(o, nid, j);
		want = j > zone && ratio[zone] && oracle_managed_pages(o, nid, zone) ?
		       sum / ratio[zone] : 0;
		if (reserve[j] != want)
			return verdict(v, "oracle.lowmem_reserve_mismatch", 0, "node %d zone %d: "
				       "port protects %lu pages against zone %d requests, oracle %lu",
				       nid, zone, reserve[j], j, want);
	}
	return true;
}

bool oracle_check_layout(const struct oracle *o, int nid, int zone, unsigned long present,
			 unsigned long managed, struct oracle_verdict *v)
{
	unsigned long want_present = oracle_present_pages(o, nid, zone);
	unsigned long want_managed = oracle_managed_pages(o, nid, zone);

	if (present != want_present)
		return verdict(v, "oracle.present_mismatch", 0, "node %d zone %d: port has %lu "
			       "present pages, oracle %lu", nid, zone, present, want_present);
	if (managed != want_managed)
		return verdict(v, "oracle.managed_mismatch", 0, "node %d zone %d: port has %lu "
			       "managed pages, oracle %lu", nid, zone, managed, want_managed);
	return true;
}
