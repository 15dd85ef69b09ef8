// SPDX-License-Identifier: MIT
/*
 * memblock.c - the boot-time region allocator: `memory` and `reserved`
 * region arrays in byte addresses, add / remove / reserve / free, merging,
 * array growth, first-fit allocation and the walk over free ranges.
 *
 * Owns the invariants of struct memblock_type (sorted, disjoint, merged,
 * total_size == Σ size, cnt <= max) and the rule that a grown array's own
 * simulated bytes are reserved until a caller frees them (memblock_free).  Modelled on mm/memblock.c as of v6.11:
 * memblock_add_range(), memblock_isolate_range(), memblock_remove_range(),
 * memblock_double_array(), memblock_find_in_range_node(),
 * memblock_alloc_range_nid(), memblock_alloc_internal(), __next_mem_range().
 *
 * Not modelled: region flags (NOMAP, HOTPLUG, MIRROR, RSRV_KERN; always 0),
 * slab-backed arrays, memblock_allow_resize() (growth is always allowed),
 * set_node and trim.  Where the kernel would panic on a failed growth we
 * undo the whole operation and return ALLOC_ENOMEM instead.
 */
#include <inttypes.h>
#include <string.h>
#include "memblock.h"
#include "alloc.h"
#include "debug.h"
#include "platform.h"

static uint64_t min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static uint64_t max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }
static uint64_t region_end(const struct memblock_region *r) { return r->base + r->size; }

/* End of @r, saturated at PHYS_ADDR_MAX, for walks over untrusted state. */
static uint64_t region_end_sat(const struct memblock_region *r)
{
	return r->base + min_u64(r->size, PHYS_ADDR_MAX - r->base);
}

/* memblock_cap_size(): cut @size so that base + size never passes PHYS_ADDR_MAX. */
static uint64_t cap_size(uint64_t base, uint64_t size)
{
	return min_u64(size, PHYS_ADDR_MAX - base);
}

/* Simulated bytes of an array of @max entries: PAGE_ALIGN(max * 24). */
static uint64_t array_bytes_for(unsigned long max)
{
	uint64_t bytes = (uint64_t)max * MEMBLOCK_REGION_BYTES;

	return (bytes + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

/* ---- life cycle ---- */

static int type_init(struct memblock_type *type, const char *name)
{
	memset(type, 0, sizeof(*type));
	type->name = name;
	type->max = MEMBLOCK_INIT_REGIONS;
	type->host_static = true;
	type->regions = platform_zalloc(MEMBLOCK_INIT_REGIONS * sizeof(*type->regions));
	return type->regions ? ALLOC_OK : ALLOC_ENOMEM;
}

/**
 * memblock_init - an empty memblock with two arrays of MEMBLOCK_INIT_REGIONS.
 * @mb: the memblock to set up; any previous content is ignored
 *
 * The initial arrays stand for the kernel's static ones: they occupy no
 * simulated memory (host_static).  Allocation is top-down, no limit.
 * Return: 0, or ALLOC_ENOMEM when the host has no memory (@mb is then empty).
 */
int memblock_init(struct memblock *mb)
{
	memset(mb, 0, sizeof(*mb));
	mb->current_limit = PHYS_ADDR_MAX;
	if (type_init(&mb->memory, "memory") || type_init(&mb->reserved, "reserved")) {
		memblock_release(mb);
		return ALLOC_ENOMEM;
	}
	return ALLOC_OK;
}

/**
 * memblock_release - give back the host memory of @mb and clear it.
 * @mb: a memblock set up by memblock_init() (or zeroed)
 */
void memblock_release(struct memblock *mb)
{
	platform_free(mb->memory.regions);
	platform_free(mb->reserved.regions);
	memset(mb, 0, sizeof(*mb));
}

/* ---- undo of a failed operation ---- */

/* A copy of @src's header and entries that owns a host array of src->max slots. */
static int type_copy(struct memblock_type *dst, const struct memblock_type *src)
{
	struct memblock_region *regions = platform_zalloc(src->max * sizeof(*regions));

	if (!regions)
		return ALLOC_ENOMEM;
	memcpy(regions, src->regions, src->cnt * sizeof(*regions));
	*dst = *src;
	dst->regions = regions;
	return ALLOC_OK;
}

/*
 * Save both types before the first growth of an operation.  Nothing has
 * changed yet at that point (every path grows before it edits), so the
 * saved state is the state at the start of the operation.
 */
static int undo_save(struct memblock *mb)
{
	if (mb->undo_saved)
		return ALLOC_OK;
	if (type_copy(&mb->undo_memory, &mb->memory))
		return ALLOC_ENOMEM;
	if (type_copy(&mb->undo_reserved, &mb->reserved)) {
		platform_free(mb->undo_memory.regions);
		return ALLOC_ENOMEM;
	}
	mb->undo_saved = true;
	return ALLOC_OK;
}

static void swap_types(struct memblock_type *a, struct memblock_type *b)
{
	struct memblock_type t = *a;

	*a = *b;
	*b = t;
}

/*
 * Close one public operation.  On failure the saved and the current state
 * trade places first, so what is freed is always the state not kept.  At
 * check level 3 the whole memblock is then walked.
 */
static int op_end(struct memblock *mb, int err)
{
	if (mb->undo_saved) {
		if (err) {
			swap_types(&mb->memory, &mb->undo_memory);
			swap_types(&mb->reserved, &mb->undo_reserved);
		}
		platform_free(mb->undo_memory.regions);
		platform_free(mb->undo_reserved.regions);
		memset(&mb->undo_memory, 0, sizeof(mb->undo_memory));
		memset(&mb->undo_reserved, 0, sizeof(mb->undo_reserved));
		mb->undo_saved = false;
	}
	debug_check_expensive(memblock_check(mb, &(struct check_ctx){ 0 }) == 0);
	return err;
}

/* ---- editing one array ---- */

/* memblock_insert_region(): open slot @idx and fill it. */
static void insert_region(struct memblock_type *type, unsigned long idx, uint64_t base,
			  uint64_t size, int nid, uint32_t flags)
{
	struct memblock_region *r = &type->regions[idx];

	debug_check(type->cnt < type->max && idx <= type->cnt);
	memmove(r + 1, r, (type->cnt - idx) * sizeof(*r));
	r->base = base;
	r->size = size;
	r->nid = nid;
	r->flags = flags;
	type->cnt++;
	type->total_size += size;
}

/* memblock_remove_region(): close slot @idx; the freed tail slot reads as zeros. */
static void remove_region(struct memblock_type *type, unsigned long idx)
{
	struct memblock_region *r = &type->regions[idx];

	debug_check(idx < type->cnt);
	type->total_size -= r->size;
	memmove(r, r + 1, (type->cnt - idx - 1) * sizeof(*r));
	type->cnt--;
	memset(&type->regions[type->cnt], 0, sizeof(*r));
}

/*
 * memblock_merge_regions(): fold contiguous neighbours of equal nid and
 * flags, looking at the pairs that touch the slots [first, end) just
 * inserted.  Everything else is already merged (a type invariant).
 */
static void merge_regions(struct memblock_type *type, unsigned long first, unsigned long end)
{
	unsigned long i = first ? first - 1 : 0;

	while (i < end && i + 1 < type->cnt) {
		struct memblock_region *a = &type->regions[i], *b = a + 1;

		if (region_end(a) != b->base || a->nid != b->nid || a->flags != b->flags) {
			debug_check_internal(region_end(a) <= b->base);
			i++;
			continue;
		}
		a->size += b->size;
		memmove(b, b + 1, (type->cnt - i - 2) * sizeof(*b));
		type->cnt--;
		memset(&type->regions[type->cnt], 0, sizeof(*b));
		end--;
	}
}

/*
 * The two passes of memblock_add_range(): the pieces of [base, end) that no
 * region of @type covers, in address order.  Counted only, or, with
 * @insert, also inserted; [*first, *last) then holds the slots they took.
 */
static unsigned long fill_gaps(struct memblock_type *type, uint64_t base, uint64_t end,
			       int nid, uint32_t flags, bool insert,
			       unsigned long *first, unsigned long *last)
{
	unsigned long i, nr_new = 0;

	*first = *last = 0;
	for (i = 0; i < type->cnt; i++) {
		uint64_t rbase = type->regions[i].base;
		uint64_t rend = region_end(&type->regions[i]);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase > base) {
			nr_new++;
			if (insert) {
				insert_region(type, i, base, rbase - base, nid, flags);
				*first = nr_new == 1 ? i : *first;
				*last = ++i;
			}
		}
		base = min_u64(rend, end);
	}
	if (base < end) {
		nr_new++;
		if (insert) {
			insert_region(type, i, base, end - base, nid, flags);
			*first = nr_new == 1 ? i : *first;
			*last = i + 1;
		}
	}
	return nr_new;
}

static int double_array(struct memblock *mb, struct memblock_type *type,
			uint64_t pend_base, uint64_t pend_size);

/*
 * memblock_add_range(): insert what [base, base + size) adds to @type, with
 * @nid and @flags; regions it overlaps keep their own nid and flags.  The
 * gaps are recounted after every growth, since growing edits `reserved`.
 * Intended deviation: the kernel keeps its first count, and when the new
 * array lands inside the range (see double_array()) it inserts one region
 * more than it made room for and hits BUG_ON() in memblock_insert_region()
 * (repro/cases/mbdiff-linux-bug-insert_region-max--*.trace).
 */
static int add_range(struct memblock *mb, struct memblock_type *type, uint64_t base,
		     uint64_t size, int nid, uint32_t flags)
{
	unsigned long nr_new, first, last;
	uint64_t end;
	int err;

	size = cap_size(base, size);
	if (!size)
		return ALLOC_OK;
	end = base + size;
	for (;;) {
		nr_new = fill_gaps(type, base, end, nid, flags, false, &first, &last);
		if (!nr_new)
			return ALLOC_OK;
		if (type->cnt + nr_new <= type->max)
			break;
		err = double_array(mb, type, base, size);
		if (err)
			return err;
	}
	fill_gaps(type, base, end, nid, flags, true, &first, &last);
	merge_regions(type, first, last);
	return ALLOC_OK;
}

/*
 * memblock_isolate_range(): split the regions that cross base or end, so
 * that [base, base + size) is made of whole regions, the slots [*first,
 * *last).  Like the kernel it first makes room for two splits, even when
 * the range touches nothing.
 */
static int isolate_range(struct memblock *mb, struct memblock_type *type, uint64_t base,
			 uint64_t size, unsigned long *first, unsigned long *last)
{
	unsigned long i;
	uint64_t end;
	int err;

	*first = *last = 0;
	size = cap_size(base, size);
	if (!size)
		return ALLOC_OK;
	end = base + size;
	while (type->cnt + 2 > type->max) {
		err = double_array(mb, type, base, size);
		if (err)
			return err;
	}
	for (i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];
		uint64_t rbase = r->base, rend = region_end(r);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		if (rbase < base) {
			/* keep [base, rend) in this slot; the next pass looks at it again */
			r->base = base;
			r->size = rend - base;
			type->total_size -= base - rbase;
			insert_region(type, i, rbase, base - rbase, r->nid, r->flags);
			continue;
		}
		if (rend > end) {
			r->base = end;
			r->size = rend - end;
			type->total_size -= end - rbase;
			insert_region(type, i, rbase, end - rbase, r->nid, r->flags);
		}
		*first = *last ? *first : i;
		*last = i + 1;
	}
	return ALLOC_OK;
}

/* memblock_remove_range(): drop [base, base + size) from @type, splitting at its ends. */
static int remove_range(struct memblock *mb, struct memblock_type *type, uint64_t base,
			uint64_t size)
{
	unsigned long first, last;
	int err;

	err = isolate_range(mb, type, base, size, &first, &last);
	if (err)
		return err;
	while (last > first)
		remove_region(type, --last);
	return ALLOC_OK;
}

/* ---- finding free memory ---- */

/*
 * memblock_find_in_range_node(): a free, @align-aligned [*addr, *addr + size)
 * inside [start, end) on node @nid (NUMA_NO_NODE: any).  The first page is
 * never used.  Bottom-up takes the lowest fit; top-down the highest, which
 * is the last fit of a forward walk (the kernel walks backwards instead).
 * Unlike the kernel, end == 0 means an empty window, not current_limit.
 */
/* One free piece [rs, re) for find_range(): a fit in it, if any, goes to *@addr. */
static bool fit_in(uint64_t rs, uint64_t re, uint64_t size, uint64_t align, bool bottom_up,
		   uint64_t *addr)
{
	uint64_t cand;

	if (bottom_up) {
		if (rs > PHYS_ADDR_MAX - (align - 1))
			return false;	/* rounding up would wrap */
		cand = (rs + align - 1) & ~(align - 1);
		if (cand < re && re - cand >= size) {
			*addr = cand;
			return true;
		}
	} else if (re >= size) {
		cand = (re - size) & ~(align - 1);
		if (cand >= rs) {
			*addr = cand;
			return true;
		}
	}
	return false;
}

static int find_range(const struct memblock *mb, uint64_t size, uint64_t align,
		      uint64_t start, uint64_t end, int nid, bool bottom_up, uint64_t *addr)
{
	uint64_t idx = 0, rs, re, piece[2][2];
	bool found = false;
	unsigned int i;
	int rnid;

	start = max_u64(start, PAGE_SIZE);
	end = max_u64(start, end);
	while (memblock_next_free_range(mb, &idx, &rs, &re, &rnid)) {
		if (nid != NUMA_NO_NODE && nid != rnid)
			continue;
		rs = min_u64(max_u64(rs, start), end);
		re = min_u64(max_u64(re, start), end);
		/* The guard (see double_array()) is not free: up to two pieces remain. */
		piece[0][0] = rs;
		piece[0][1] = mb->guard_end > rs ? min_u64(re, max_u64(rs, mb->guard_base)) : re;
		piece[1][0] = mb->guard_end > rs ? max_u64(rs, min_u64(re, mb->guard_end)) : re;
		piece[1][1] = re;
		for (i = 0; i < 2; i++) {
			if (!fit_in(piece[i][0], piece[i][1], size, align, bottom_up, addr))
				continue;
			if (bottom_up)
				return ALLOC_OK;
			found = true;
		}
	}
	return found ? ALLOC_OK : ALLOC_ENOMEM;
}

/*
 * memblock_double_array(): give @type twice the slots.  The new array's
 * bytes come from free memory in the default direction below
 * current_limit.  For `reserved`, [pend_base, pend_base + pend_size) is
 * the range about to be reserved: look above it first, then below it, so
 * the array never lands on it (kernel fix 48c3b583bbdd).  As in the
 * kernel, the old array is freed before the new one is reserved, which
 * decides when `reserved` itself must grow (its count right after the
 * free); a growth nested in that free never picks the new array's still
 * unreserved bytes (the kernel's may: see below).  The initial host_static
 * array is never freed.
 */
static int double_array(struct memblock *mb, struct memblock_type *type,
			uint64_t pend_base, uint64_t pend_size)
{
	unsigned long old_max = type->max, new_max = 2 * type->max;
	uint64_t new_bytes = array_bytes_for(new_max), old_base = type->array_base;
	uint64_t old_bytes = type->array_bytes, addr = 0;
	bool old_static = type->host_static;
	struct memblock_region *regions;
	int err;

	err = undo_save(mb);
	if (err)
		return err;
	if (type != &mb->reserved)
		pend_base = pend_size = 0;
	err = find_range(mb, new_bytes, PAGE_SIZE, pend_base + pend_size, mb->current_limit,
			 NUMA_NO_NODE, mb->bottom_up, &addr);
	if (err && pend_size) {
		/*
		 * memblock_find_in_range_node() reads an end of 0 or 1
		 * (MEMBLOCK_ALLOC_ACCESSIBLE, MEMBLOCK_ALLOC_NOLEAKTRACE) as "up
		 * to current_limit": when the pending range starts at 0 or 1, the
		 * kernel's second search is not empty but covers all memory, the
		 * pending range included (its reservation then absorbs the
		 * array's).
		 */
		uint64_t below = min_u64(pend_base, mb->current_limit);

		err = find_range(mb, new_bytes, PAGE_SIZE, 0, below > 1 ? below : mb->current_limit,
				 NUMA_NO_NODE, mb->bottom_up, &addr);
	}
	if (err)
		return ALLOC_ENOMEM;
	regions = platform_realloc(type->regions, new_max * sizeof(*regions));
	if (!regions)
		return ALLOC_ENOMEM;
	memset(regions + old_max, 0, old_max * sizeof(*regions));
	type->regions = regions;
	type->max = new_max;
	type->host_static = false;
	type->array_base = addr;
	type->array_bytes = new_bytes;
	type->array_released = false;
	/*
	 * As the kernel: the old array's bytes are freed before the new ones
	 * are reserved.  Intended deviation: while they are freed, the new
	 * array's bytes are a guard that a nested growth of `reserved` does not
	 * take.  The kernel's may take them and then copies the reserved array
	 * over the new array (a 6.12 bug; the linux-memblock port reports it).
	 */
	mb->guard_base = addr;
	mb->guard_end = addr + new_bytes;
	err = old_static ? ALLOC_OK : remove_range(mb, &mb->reserved, old_base, old_bytes);
	mb->guard_base = mb->guard_end = 0;
	if (!err)
		err = add_range(mb, &mb->reserved, addr, new_bytes, MEMBLOCK_NO_NODE, 0);
	return err;
}

/* ---- public operations ---- */

/**
 * memblock_add_node - add [base, base + size) to `memory` on node @nid.
 * @mb: the memblock
 * @base: first byte
 * @size: bytes; 0 is a no-op, past PHYS_ADDR_MAX is cut
 * @nid: node of the new parts; parts already present keep theirs
 * Return: 0, or ALLOC_ENOMEM when the array could not grow (nothing changed).
 */
int memblock_add_node(struct memblock *mb, uint64_t base, uint64_t size, int nid)
{
	return op_end(mb, add_range(mb, &mb->memory, base, size, nid, 0));
}

/**
 * memblock_add - add [base, base + size) to `memory` with no node.
 * @mb: the memblock
 * @base: first byte
 * @size: bytes
 * Return: as memblock_add_node(); the new parts get MEMBLOCK_NO_NODE.
 */
int memblock_add(struct memblock *mb, uint64_t base, uint64_t size)
{
	return memblock_add_node(mb, base, size, MEMBLOCK_NO_NODE);
}

/**
 * memblock_remove - take [base, base + size) out of `memory`.
 * @mb: the memblock
 * @base: first byte
 * @size: bytes
 * Return: 0, or ALLOC_ENOMEM when a needed growth failed (nothing changed).
 */
int memblock_remove(struct memblock *mb, uint64_t base, uint64_t size)
{
	return op_end(mb, remove_range(mb, &mb->memory, base, size));
}

/**
 * memblock_reserve - add [base, base + size) to `reserved`.
 * @mb: the memblock
 * @base: first byte; need not be memory
 * @size: bytes
 * Return: 0, or ALLOC_ENOMEM when the array could not grow (nothing changed).
 */
int memblock_reserve(struct memblock *mb, uint64_t base, uint64_t size)
{
	return op_end(mb, add_range(mb, &mb->reserved, base, size, MEMBLOCK_NO_NODE, 0));
}

/* Does [base, base + size) touch @type's grown array? */
static bool hits_array(const struct memblock_type *type, uint64_t base, uint64_t size)
{
	uint64_t end = base + cap_size(base, size);

	return !type->host_static && type->array_bytes && base < type->array_base +
	       type->array_bytes && type->array_base < end;
}

/**
 * memblock_free - take [base, base + size) out of `reserved`.
 * @mb: the memblock
 * @base: first byte
 * @size: bytes
 *
 * As memblock_phys_free() in Linux, the range may cover a grown region
 * array's own reservation: that is legal, the array stays where it is and
 * its bytes are no longer reserved (array_released; a later allocation may
 * hand them out, which here costs nothing since the array lives in host
 * memory).  Whether to reject such a free as a caller's mistake was
 * weighed: the reference follows Linux, because a differential run
 * against Linux's own memblock must agree on it.
 * Return: 0, or ALLOC_ENOMEM when a needed growth failed (nothing changed).
 */
int memblock_free(struct memblock *mb, uint64_t base, uint64_t size)
{
	int err = remove_range(mb, &mb->reserved, base, size);

	if (!err) {
		if (hits_array(&mb->memory, base, size))
			mb->memory.array_released = true;
		if (hits_array(&mb->reserved, base, size))
			mb->reserved.array_released = true;
	}
	return op_end(mb, err);
}

/**
 * memblock_alloc_range - find free memory, reserve it and return it.
 * @mb: the memblock
 * @size: bytes; 0 returns an address and reserves nothing, as in the kernel
 * @align: power of two; 0 means MEMBLOCK_DEFAULT_ALIGN
 * @nid: preferred node, or NUMA_NO_NODE (MEMBLOCK_NO_NODE counts as that);
 *	a region's node must equal it, then any node is tried
 * @min_addr: preference: if nothing fits above it, retried from 0
 * @max_addr: hard exclusive limit; 0 or anything above means current_limit
 * @bottom_up: lowest fit instead of highest, for the search and for any
 *	growth of `reserved` the reservation needs
 * @addr: the result
 *
 * Modelled on memblock_alloc_internal() and memblock_alloc_range_nid().
 * The result never lies in the first page.
 * Return: 0 and *@addr, ALLOC_ENOMEM if nothing fits (nothing changed),
 * ALLOC_EINVAL for an align that is not a power of two.
 */
int memblock_alloc_range(struct memblock *mb, uint64_t size, uint64_t align,
			 int nid, uint64_t min_addr, uint64_t max_addr,
			 bool bottom_up, uint64_t *addr)
{
	bool saved_bottom_up = mb->bottom_up;
	uint64_t found;
	unsigned int pass;
	int err = ALLOC_ENOMEM;

	if (!align)
		align = MEMBLOCK_DEFAULT_ALIGN;
	if (align & (align - 1))
		return ALLOC_EINVAL;
	/*
	 * The kernel has one direction, memblock.bottom_up, set around the
	 * call (memblock_set_bottom_up()): a growth of `reserved` that the
	 * reservation needs places the new array in the same direction.
	 */
	mb->bottom_up = bottom_up;
	if (nid == MEMBLOCK_NO_NODE)
		nid = NUMA_NO_NODE;
	if (!max_addr || max_addr > mb->current_limit)
		max_addr = mb->current_limit;
	/*
	 * Passes: (min_addr, nid), (min_addr, any), (0, nid), (0, any).  A
	 * reservation that fails (its growth found no room) is undone at once
	 * by op_end() and the next pass runs on the untouched state.
	 */
	for (pass = 0; pass < 4; pass++) {
		uint64_t lo = pass < 2 ? min_addr : 0;
		int want = pass & 1 ? NUMA_NO_NODE : nid;

		if ((pass & 1 && nid == NUMA_NO_NODE) || (pass >= 2 && !min_addr))
			continue;
		if (find_range(mb, size, align, lo, max_addr, want, bottom_up, &found))
			continue;
		if (op_end(mb, add_range(mb, &mb->reserved, found, size, MEMBLOCK_NO_NODE, 0)))
			continue;
		*addr = found;
		err = ALLOC_OK;
		break;
	}
	mb->bottom_up = saved_bottom_up;
	return err;
}

/* ---- queries ---- */

/**
 * memblock_next_free_range - the next range of memory not reserved.
 * @mb: the memblock
 * @idx: cursor: memory slot in the low 32 bits, reserved gap in the high 32
 *	(gap g lies between reserved slots g - 1 and g); 0 to start
 * @start: first byte of the range
 * @end: byte after the range
 * @nid: node of the memory region holding it (may be NULL)
 *
 * Modelled on __next_mem_range() over memory and reserved.  Empty gaps,
 * left by contiguous reserved regions that could not merge, are skipped.
 * Return: true and a non-empty range, or false (and *@idx = UINT64_MAX).
 */
bool memblock_next_free_range(const struct memblock *mb, uint64_t *idx,
			      uint64_t *start, uint64_t *end, int *nid)
{
	const struct memblock_type *mem = &mb->memory, *rsv = &mb->reserved;
	unsigned long im = (uint32_t)*idx, ir = (unsigned long)(*idx >> 32);

	for (; im < mem->cnt; im++) {
		const struct memblock_region *m = &mem->regions[im];
		uint64_t mbase = m->base, mend = region_end(m);

		for (; ir <= rsv->cnt; ir++) {
			uint64_t gbase = ir ? region_end(&rsv->regions[ir - 1]) : 0;
			uint64_t gend = ir < rsv->cnt ? rsv->regions[ir].base : PHYS_ADDR_MAX;

			if (gbase >= mend)
				break;
			if (gbase >= gend || mbase >= gend)
				continue;
			*start = max_u64(mbase, gbase);
			*end = min_u64(mend, gend);
			if (nid)
				*nid = m->nid;
			if (mend <= gend)
				im++;
			else
				ir++;
			*idx = (uint64_t)ir << 32 | im;
			return true;
		}
	}
	*idx = UINT64_MAX;
	return false;
}

/**
 * memblock_is_region_memory - does one memory region hold all of the range?
 * @mb: the memblock
 * @base: first byte
 * @size: bytes, cut at PHYS_ADDR_MAX
 * Return: true if a single `memory` region contains [base, base + size).
 */
bool memblock_is_region_memory(const struct memblock *mb, uint64_t base, uint64_t size)
{
	uint64_t end = base + cap_size(base, size);
	unsigned long i;

	for (i = 0; i < mb->memory.cnt; i++) {
		const struct memblock_region *r = &mb->memory.regions[i];

		if (r->base <= base && base < region_end(r))
			return end <= region_end(r);
	}
	return false;
}

/**
 * memblock_is_region_reserved - does the range overlap any reservation?
 * @mb: the memblock
 * @base: first byte
 * @size: bytes, cut at PHYS_ADDR_MAX
 *
 * The kernel's half-open overlap test: a size of 0 strictly inside a
 * reserved region still counts as overlapping.
 * Return: true if some `reserved` region overlaps [base, base + size).
 */
bool memblock_is_region_reserved(const struct memblock *mb, uint64_t base, uint64_t size)
{
	uint64_t end = base + cap_size(base, size);
	unsigned long i;

	for (i = 0; i < mb->reserved.cnt; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (base < region_end(r) && r->base < end)
			return true;
	}
	return false;
}

static void dump_type(const struct memblock_type *type, FILE *out)
{
	unsigned long i;

	fprintf(out, "memblock.%s: cnt=%lu max=%lu total_size=0x%" PRIx64 "\n",
		type->name, type->cnt, type->max, type->total_size);
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		fprintf(out, "  [%lu] base=0x%016" PRIx64 " size=0x%016" PRIx64
			" nid=%d flags=0x%" PRIx32 "\n", i, r->base, r->size, r->nid, r->flags);
	}
}

/**
 * memblock_dump - print `memory` then `reserved` in TRACE.md's format.
 * @mb: the memblock
 * @out: the stream
 */
void memblock_dump(const struct memblock *mb, FILE *out)
{
	dump_type(&mb->memory, out);
	dump_type(&mb->reserved, out);
}

/* ---- Consistency checks ---- */

/* Order, overlap, merging, sizes and totals of one type. */
CHECK_WALK
static void check_type(const struct memblock_type *type, struct check_ctx *ctx)
{
	unsigned long i, n = type->cnt;
	uint64_t sum = 0;

	if (n > type->max) {
		check_report(ctx, "memblock.count", ~0UL, "%s: cnt %lu > max %lu",
			     type->name, n, type->max);
		n = type->max;
	}
	for (i = 0; i < n && !check_full(ctx); i++) {
		const struct memblock_region *r = &type->regions[i], *p;

		sum += r->size;
		if (!r->size)
			check_report(ctx, "memblock.empty", ~0UL, "%s[%lu]: size 0", type->name, i);
		if (r->size > PHYS_ADDR_MAX - r->base)
			check_report(ctx, "memblock.overflow", ~0UL, "%s[%lu]: base 0x%" PRIx64
				     " size 0x%" PRIx64 " passes 2^64", type->name, i, r->base, r->size);
		if (!i)
			continue;
		p = r - 1;
		if (p->base >= r->base)
			check_report(ctx, "memblock.unsorted", ~0UL, "%s[%lu]: base 0x%" PRIx64
				     " after 0x%" PRIx64, type->name, i, r->base, p->base);
		else if (region_end_sat(p) > r->base)
			check_report(ctx, "memblock.overlap", ~0UL, "%s[%lu]: base 0x%" PRIx64
				     " below previous end 0x%" PRIx64, type->name, i, r->base,
				     region_end_sat(p));
		else if (region_end(p) == r->base && p->nid == r->nid && p->flags == r->flags)
			check_report(ctx, "memblock.unmerged", ~0UL, "%s[%lu]: base 0x%" PRIx64
				     " continues its neighbour", type->name, i, r->base);
	}
	if (!check_full(ctx) && n == type->cnt && sum != type->total_size)
		check_report(ctx, "memblock.total_size", ~0UL, "%s: total_size 0x%" PRIx64
			     " but regions sum to 0x%" PRIx64, type->name, type->total_size, sum);
}

/* Is [base, end) wholly covered by `reserved` (walked in address order)? */
static bool covered_by_reserved(const struct memblock *mb, uint64_t base, uint64_t end)
{
	unsigned long i;

	for (i = 0; i < mb->reserved.cnt && base < end; i++) {
		const struct memblock_region *r = &mb->reserved.regions[i];

		if (region_end_sat(r) <= base)
			continue;
		if (r->base > base)
			return false;
		base = region_end_sat(r);
	}
	return base >= end;
}

/*
 * A grown array has the size its capacity asks for and lies inside
 * `reserved`, unless a caller freed its reservation (array_released).
 */
CHECK_WALK
static void check_array(const struct memblock *mb, const struct memblock_type *type,
			struct check_ctx *ctx)
{
	uint64_t end;

	if (type->host_static || check_full(ctx))
		return;
	if (type->array_bytes != array_bytes_for(type->max))
		check_report(ctx, "memblock.array_size", ~0UL, "%s: array of %lu slots takes 0x%"
			     PRIx64 " bytes", type->name, type->max, type->array_bytes);
	end = type->array_base + min_u64(type->array_bytes, PHYS_ADDR_MAX - type->array_base);
	if (!type->array_released && !covered_by_reserved(mb, type->array_base, end))
		check_report(ctx, "memblock.array_unreserved", ~0UL, "%s: array [0x%" PRIx64
			     ", 0x%" PRIx64 ") not reserved", type->name, type->array_base, end);
}

/**
 * memblock_check - full walk of both types and of the grown arrays.
 * @mb: the memblock
 * @ctx: where violations go (ids memblock.count, .empty, .overflow,
 *	.unsorted, .overlap, .unmerged, .total_size, .array_size,
 *	.array_unreserved, .array_overlap); all use pfn ~0UL
 * Return: the number of violations reported by this call.
 */
CHECK_WALK
unsigned int memblock_check(const struct memblock *mb, struct check_ctx *ctx)
{
	const struct memblock_type *m = &mb->memory, *r = &mb->reserved;
	unsigned int before = ctx->count;

	check_type(m, ctx);
	check_type(r, ctx);
	check_array(mb, m, ctx);
	check_array(mb, r, ctx);
	if (!m->host_static && !r->host_static && !check_full(ctx) &&
	    m->array_base < r->array_base + r->array_bytes &&
	    r->array_base < m->array_base + m->array_bytes)
		check_report(ctx, "memblock.array_overlap", ~0UL, "memory array at 0x%" PRIx64
			     " overlaps reserved array at 0x%" PRIx64, m->array_base, r->array_base);
	return ctx->count - before;
}
