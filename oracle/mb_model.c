// SPDX-License-Identifier: MIT
/*
 * mb_model.c - the judge's memblock model (see mb_model.h).
 *
 * Each set is rebuilt on every edit: the pieces of the old regions that
 * the edit keeps, plus the new pieces, sorted by base and merged where two
 * touch with equal nid and flags.  That is the whole algorithm; it is
 * slower than editing slots in place and meant to be obviously right.
 * The semantics followed are mm/memblock.c's (v6.11): memblock_add_node(),
 * memblock_remove(), memblock_reserve(), memblock_phys_free(),
 * memblock_find_in_range_node(), memblock_alloc_range_nid(),
 * memblock_alloc_internal(), memblock_double_array().
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "mb_model.h"

#define NO_NODE PF_MEMBLOCK_NO_NODE

static uint64_t end_of(const struct port_mb_region *r) { return r->base + r->size; }
static uint64_t cap_size(uint64_t base, uint64_t size)
{
	return size < UINT64_MAX - base ? size : UINT64_MAX - base;
}

static bool list_reserve(struct mbm_list *l, unsigned long n)
{
	struct port_mb_region *r;
	unsigned long cap = l->cap ? l->cap : 16;

	if (n <= l->cap)
		return true;
	while (cap < n)
		cap *= 2;
	r = realloc(l->r, cap * sizeof(*r));
	if (!r)
		return false;
	l->r = r;
	l->cap = cap;
	return true;
}

/* Append [base, end) unless empty. */
static bool push(struct mbm_list *l, uint64_t base, uint64_t end, int nid, uint32_t flags)
{
	if (end <= base)
		return true;
	if (!list_reserve(l, l->cnt + 1))
		return false;
	l->r[l->cnt++] = (struct port_mb_region){ base, end - base, nid, flags };
	return true;
}

/*
 * Sort by base.  edit() builds the list almost in order (a gap it fills is
 * pushed right after the region that ends it), so an insertion sort does
 * about one move per gap; qsort() cost a host allocation per call.
 */
static void sort_by_base(struct port_mb_region *r, unsigned long cnt)
{
	for (unsigned long i = 1; i < cnt; i++) {
		struct port_mb_region x = r[i];
		unsigned long k = i;

		for (; k > 0 && r[k - 1].base > x.base; k--)
			r[k] = r[k - 1];
		r[k] = x;
	}
}

/* Sort, merge touching neighbours of equal nid and flags, then swap into @dst. */
static void settle(struct mb_model *m, struct mbm_list *dst)
{
	struct mbm_list *t = &m->tmp, swap;
	unsigned long i, out = 0;

	sort_by_base(t->r, t->cnt);
	for (i = 0; i < t->cnt; i++) {
		struct port_mb_region *prev = out ? &t->r[out - 1] : NULL;

		if (prev && end_of(prev) == t->r[i].base && prev->nid == t->r[i].nid &&
		    prev->flags == t->r[i].flags)
			prev->size += t->r[i].size;
		else
			t->r[out++] = t->r[i];
	}
	t->cnt = out;
	swap = *dst;
	*dst = *t;
	*t = swap;
	t->cnt = 0;
}

/* The edit itself: drop [base, end) from @l or add its uncovered parts on @nid. */
static bool edit(struct mb_model *m, struct mbm_list *l, uint64_t base, uint64_t size,
		 bool add, int nid)
{
	uint64_t end = base + cap_size(base, size), cursor = base;
	unsigned long i;

	if (end == base)
		return true;
	m->tmp.cnt = 0;
	for (i = 0; i < l->cnt; i++) {
		const struct port_mb_region *r = &l->r[i];
		uint64_t rend = end_of(r);

		if (add) {
			if (!push(&m->tmp, r->base, rend, r->nid, r->flags))
				return false;
			if (rend > cursor && r->base < end) {
				/* the gap before this region, inside the range */
				if (!push(&m->tmp, cursor, r->base < end ? r->base : end, nid, 0))
					return false;
				cursor = rend > cursor ? rend : cursor;
			}
		} else if (!push(&m->tmp, r->base, rend < base ? rend : base, r->nid, r->flags) ||
			   !push(&m->tmp, r->base > end ? r->base : end, rend, r->nid, r->flags)) {
			return false;
		}
	}
	if (add && cursor < end && !push(&m->tmp, cursor, end, nid, 0))
		return false;
	settle(m, l);
	return true;
}

int mbm_init(struct mb_model *m)
{
	memset(m, 0, sizeof(*m));
	if (!list_reserve(&m->memory, 16) || !list_reserve(&m->reserved, 16) ||
	    !list_reserve(&m->tmp, 16)) {
		mbm_release(m);
		return -1;
	}
	return 0;
}

void mbm_release(struct mb_model *m)
{
	free(m->memory.r);
	free(m->reserved.r);
	free(m->tmp.r);
	memset(m, 0, sizeof(*m));
}

bool mbm_add(struct mb_model *m, uint64_t base, uint64_t size, int nid)
{
	return edit(m, &m->memory, base, size, true, nid);
}

bool mbm_remove(struct mb_model *m, uint64_t base, uint64_t size)
{
	return edit(m, &m->memory, base, size, false, 0);
}

bool mbm_reserve(struct mb_model *m, uint64_t base, uint64_t size, int nid)
{
	return edit(m, &m->reserved, base, size, true, nid);
}

bool mbm_free(struct mb_model *m, uint64_t base, uint64_t size)
{
	return edit(m, &m->reserved, base, size, false, 0);
}

/* ---- queries ---- */

/* Does [base, end) overlap any region of @l? */
static bool overlaps(const struct mbm_list *l, uint64_t base, uint64_t end)
{
	for (unsigned long i = 0; i < l->cnt; i++)
		if (l->r[i].base < end && base < end_of(&l->r[i]))
			return true;
	return false;
}

/* Is [base, end) covered by the union of @l (neighbours may differ in nid)? */
static bool covered(const struct mbm_list *l, uint64_t base, uint64_t end)
{
	for (unsigned long i = 0; i < l->cnt && base < end; i++)
		if (l->r[i].base <= base && base < end_of(&l->r[i]))
			base = end_of(&l->r[i]);
	return base >= end;
}

/* The memory region holding all of [base, end), or NULL. */
static const struct port_mb_region *region_holding(const struct mbm_list *l, uint64_t base,
						   uint64_t end)
{
	for (unsigned long i = 0; i < l->cnt; i++)
		if (l->r[i].base <= base && end <= end_of(&l->r[i]))
			return &l->r[i];
	return NULL;
}

struct fit_query {
	uint64_t size, align, lo, hi;
	int nid;			/* PF_NUMA_NO_NODE: any */
	bool bottom_up;
	bool found;
	uint64_t addr;
};

/* One free range [s, e) of a memory region on @nid: does it hold a fit? */
static void try_range(struct fit_query *q, uint64_t s, uint64_t e, int nid)
{
	uint64_t cand;

	if (q->nid != PF_NUMA_NO_NODE && nid != q->nid)
		return;
	s = s < q->lo ? q->lo : s > q->hi ? q->hi : s;
	e = e < q->lo ? q->lo : e > q->hi ? q->hi : e;
	if (q->bottom_up) {
		if (q->found || s > UINT64_MAX - (q->align - 1))
			return;
		cand = (s + q->align - 1) & ~(q->align - 1);
		if (cand < e && e - cand >= q->size) {
			q->found = true;
			q->addr = cand;
		}
	} else if (e >= q->size) {
		cand = (e - q->size) & ~(q->align - 1);
		if (cand >= s && (!q->found || cand > q->addr)) {
			q->found = true;
			q->addr = cand;
		}
	}
}

/* Walk every free range: each memory region minus the reserved set. */
static void find_fit(const struct mb_model *m, struct fit_query *q)
{
	q->lo = q->lo > PF_PAGE_SIZE ? q->lo : PF_PAGE_SIZE;	/* never the first page */
	q->hi = q->hi > q->lo ? q->hi : q->lo;
	q->found = false;
	for (unsigned long i = 0; i < m->memory.cnt; i++) {
		const struct port_mb_region *mr = &m->memory.r[i];
		uint64_t cursor = mr->base, mend = end_of(mr);

		for (unsigned long j = 0; j < m->reserved.cnt && cursor < mend; j++) {
			const struct port_mb_region *rr = &m->reserved.r[j];

			if (end_of(rr) <= cursor || rr->base >= mend)
				continue;
			if (rr->base > cursor)
				try_range(q, cursor, rr->base, mr->nid);
			cursor = end_of(rr);
		}
		if (cursor < mend)
			try_range(q, cursor, mend, mr->nid);
	}
}

/* The passes of memblock_alloc_internal(): (lo, nid) for pass 0..3, false if skipped. */
static bool pass_of(const struct port_mb_op *op, unsigned int pass, struct fit_query *q)
{
	int nid = op->nid >= 0 && op->nid < PF_MAX_NODES ? op->nid : PF_NUMA_NO_NODE;

	if ((pass & 1) == 0 && nid == PF_NUMA_NO_NODE)
		return false;		/* the node pass is the any-node pass */
	if (pass >= 2 && !op->min_addr)
		return false;
	memset(q, 0, sizeof(*q));
	q->size = op->size;
	q->align = op->align ? op->align : PF_MEMBLOCK_DEFAULT_ALIGN;
	q->lo = pass < 2 ? op->min_addr : 0;
	q->hi = op->max_addr ? op->max_addr : UINT64_MAX;
	q->nid = pass & 1 ? PF_NUMA_NO_NODE : nid;
	q->bottom_up = op->bottom_up;
	return true;
}

bool mbm_find(const struct mb_model *m, const struct port_mb_op *op, uint64_t *addr)
{
	struct fit_query q;

	for (unsigned int pass = 0; pass < 4; pass++) {
		if (!pass_of(op, pass, &q))
			continue;
		find_fit(m, &q);
		if (q.found) {
			*addr = q.addr;
			return true;
		}
	}
	return false;
}

static void dump_list(const struct mbm_list *l, const char *name, unsigned long max,
		      FILE *out)
{
	uint64_t total = 0;

	for (unsigned long i = 0; i < l->cnt; i++)
		total += l->r[i].size;
	fprintf(out, "memblock.%s: cnt=%lu max=%lu total_size=0x%" PRIx64 "\n", name, l->cnt,
		max, total);
	for (unsigned long i = 0; i < l->cnt; i++)
		fprintf(out, "  [%lu] base=0x%016" PRIx64 " size=0x%016" PRIx64 " nid=%d flags=0x%"
			PRIx32 "\n", i, l->r[i].base, l->r[i].size, l->r[i].nid, l->r[i].flags);
}

static unsigned long model_max(unsigned long cnt)
{
	unsigned long max = PF_MEMBLOCK_INIT_REGIONS;

	while (max < cnt)
		max *= 2;
	return max;
}

void mbm_dump(const struct mb_model *m, FILE *out)
{
	dump_list(&m->memory, "memory", model_max(m->memory.cnt), out);
	dump_list(&m->reserved, "reserved", model_max(m->reserved.cnt), out);
}

/* ---- judging ---- */

static bool fail(struct oracle_verdict *v, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct oracle_verdict *v, const char *id, const char *fmt, ...)
{
	va_list ap;

	v->id = id;
	v->pfn = 0;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
	return false;
}

static const char *const type_names[2] = { "memory", "reserved" };

bool mbm_judge_initial(struct mb_model *m, const struct port_mb_state *st,
		       struct oracle_verdict *v)
{
	const struct port_mb_type *t[2] = { &st->memory, &st->reserved };

	for (int i = 0; i < 2; i++) {
		if (t[i]->cnt || t[i]->total_size || !t[i]->max)
			return fail(v, "memblock.initial_state", "%s: cnt=%lu max=%lu total 0x%"
				    PRIx64 " before any op", type_names[i], t[i]->cnt, t[i]->max,
				    t[i]->total_size);
		m->array[i] = (struct mbm_array){ t[i]->max, t[i]->array_base, t[i]->array_bytes };
	}
	return true;
}

/* The range @op reserves, if any: [*base, *end). */
static void op_reserves(const struct port_mb_op *op, int err, uint64_t addr, uint64_t *base,
			uint64_t *end)
{
	*base = *end = 0;
	if (op->kind == PORT_MB_RESERVE) {
		*base = op->base;
		*end = op->base + cap_size(op->base, op->size);
	} else if (op->kind == PORT_MB_ALLOC && !err) {
		*base = addr;
		*end = addr + cap_size(addr, op->size);
	}
}

static bool judge_one_growth(struct mb_model *m, int i, const struct port_mb_type *t,
			     uint64_t pend_base, uint64_t pend_end, struct oracle_verdict *v)
{
	struct mbm_array *a = &m->array[i];
	uint64_t end = t->array_base + cap_size(t->array_base, t->array_bytes);
	unsigned long max = a->max;

	if (t->array_base == a->base && t->array_bytes == a->bytes) {
		if (t->max != a->max)
			return fail(v, "memblock.array_max", "%s: max %lu -> %lu with the array "
				    "still at 0x%" PRIx64, type_names[i], a->max, t->max, a->base);
		return true;
	}
	while (max < t->max && max < (1UL << 40))
		max *= 2;
	if (t->max <= a->max || max != t->max)
		return fail(v, "memblock.array_max", "%s: the array moved but max %lu -> %lu is "
			    "no doubling", type_names[i], a->max, t->max);
	if (!t->array_bytes || (t->array_base | t->array_bytes) & (PF_PAGE_SIZE - 1))
		return fail(v, "memblock.array_placement", "%s: new array [0x%" PRIx64 ", +0x%"
			    PRIx64 ") not whole pages", type_names[i], t->array_base, t->array_bytes);
	if (!covered(&m->memory, t->array_base, end) || overlaps(&m->reserved, t->array_base, end))
		return fail(v, "memblock.array_not_free", "%s: new array [0x%" PRIx64 ", 0x%"
			    PRIx64 ") is not in free memory", type_names[i], t->array_base, end);
	/*
	 * memblock_double_array() looks above the range being reserved, then
	 * below it; below a range that starts at 0 or 1 is an end of 0 or 1,
	 * which memblock_find_in_range() reads as current_limit: all memory,
	 * the range included (its reservation then covers the array too).
	 */
	if (pend_base > 1 && t->array_base < pend_end && pend_base < end)
		return fail(v, "memblock.array_on_request", "%s: new array [0x%" PRIx64 ", 0x%"
			    PRIx64 ") lies on the range the op reserves [0x%" PRIx64 ", 0x%" PRIx64
			    ")", type_names[i], t->array_base, end, pend_base, pend_end);
	/* memblock_double_array() frees the old array, then reserves the new one */
	if ((a->bytes && !mbm_free(m, a->base, a->bytes)) ||
	    !mbm_reserve(m, t->array_base, t->array_bytes, NO_NODE))
		return fail(v, "harness.out_of_memory", "memblock model");
	*a = (struct mbm_array){ t->max, t->array_base, t->array_bytes };
	return true;
}

bool mbm_judge_growth(struct mb_model *m, const struct port_mb_op *op, int err, uint64_t addr,
		      const struct port_mb_state *st, struct oracle_verdict *v)
{
	uint64_t pb, pe;

	op_reserves(op, err, addr, &pb, &pe);
	return judge_one_growth(m, 0, &st->memory, pb, pe, v) &&
	       judge_one_growth(m, 1, &st->reserved, pb, pe, v);
}

bool mbm_judge_alloc(const struct mb_model *m, const struct port_mb_op *op, int err,
		     uint64_t addr, unsigned long rsv_cnt, unsigned long rsv_max,
		     struct oracle_verdict *v)
{
	uint64_t align = op->align ? op->align : PF_MEMBLOCK_DEFAULT_ALIGN, end;
	bool may_grow = rsv_cnt + 1 > rsv_max;
	const struct port_mb_region *mr;
	struct fit_query q;

	if (err) {
		if (err != PF_ENOMEM)
			return fail(v, "memblock.alloc_error", "memblock alloc answered %d", err);
		if (!may_grow && mbm_find(m, op, &addr))
			return fail(v, "memblock.alloc_failed", "memblock alloc of 0x%" PRIx64
				    " failed, but 0x%" PRIx64 " was free", op->size, addr);
		return true;
	}
	if (!op->size)
		return true;	/* reserves nothing; any address will do */
	end = addr + op->size;
	if (addr & (align - 1))
		return fail(v, "memblock.alloc_misaligned", "memblock alloc returned 0x%" PRIx64
			    ", align 0x%" PRIx64, addr, align);
	if (addr < PF_PAGE_SIZE || end < addr || (op->max_addr && end > op->max_addr))
		return fail(v, "memblock.alloc_out_of_limits", "memblock alloc returned 0x%" PRIx64
			    " size 0x%" PRIx64 ", max 0x%" PRIx64, addr, op->size, op->max_addr);
	mr = region_holding(&m->memory, addr, end);
	if (!mr || overlaps(&m->reserved, addr, end))
		return fail(v, "memblock.alloc_not_free", "memblock alloc returned 0x%" PRIx64
			    " size 0x%" PRIx64 ": not free memory of one region", addr, op->size);
	if (may_grow)
		return true;	/* a reservation that failed to grow falls to the next pass */
	for (unsigned int pass = 0; pass < 4; pass++) {
		if (!pass_of(op, pass, &q))
			continue;
		find_fit(m, &q);
		if (!q.found)
			continue;
		if (addr < q.lo || (q.nid != PF_NUMA_NO_NODE && mr->nid != q.nid))
			return fail(v, "memblock.alloc_preference", "memblock alloc returned 0x%"
				    PRIx64 " (node %d), but 0x%" PRIx64 " fit at or above 0x%" PRIx64
				    " on %s%d", addr, mr->nid, q.addr, q.lo,
				    q.nid == PF_NUMA_NO_NODE ? "any node, not " : "node ",
				    q.nid == PF_NUMA_NO_NODE ? mr->nid : q.nid);
		return true;
	}
	return true;
}

/* How many pieces of [base, end) no region of @l covers (memblock_add_range's nr_new). */
static unsigned long gaps(const struct mbm_list *l, uint64_t base, uint64_t end)
{
	unsigned long n = 0;

	for (unsigned long i = 0; i < l->cnt && base < end; i++) {
		if (end_of(&l->r[i]) <= base)
			continue;
		if (l->r[i].base >= end)
			break;
		n += l->r[i].base > base;
		base = end_of(&l->r[i]);
	}
	return n + (base < end);
}

bool mbm_judge_op_error(const struct mb_model *m, const struct port_mb_op *op, int err,
			unsigned long cnt, unsigned long max, struct oracle_verdict *v)
{
	static const char *const names[] = { "add", "reserve", "remove", "free", "alloc" };
	uint64_t end = op->base + cap_size(op->base, op->size);
	unsigned long need;

	if (err != PF_ENOMEM)
		return fail(v, "memblock.op_error", "memblock %s answered %d", names[op->kind], err);
	if (op->kind == PORT_MB_ADD)
		need = cnt + gaps(&m->memory, op->base, end);
	else if (op->kind == PORT_MB_RESERVE)
		need = cnt + gaps(&m->reserved, op->base, end);
	else
		need = cnt + 2;		/* memblock_isolate_range() makes room for two splits */
	if (end > op->base && need > max)
		return true;
	return fail(v, "memblock.op_failed", "memblock %s of [0x%" PRIx64 ", 0x%" PRIx64
		    ") failed with room in its array (%lu of %lu slots needed)", names[op->kind],
		    op->base, end, need, max);
}

static bool judge_type(const struct mbm_list *l, const struct port_mb_type *t, const char *name,
		       struct oracle_verdict *v)
{
	uint64_t sum = 0;

	if (t->cnt > t->max)
		return fail(v, "memblock.count", "%s: cnt %lu > max %lu", name, t->cnt, t->max);
	for (unsigned long i = 0; i < l->cnt || i < t->cnt; i++) {
		const struct port_mb_region *want = i < l->cnt ? &l->r[i] : NULL;
		const struct port_mb_region *got = i < t->cnt ? &t->regions[i] : NULL;

		if (got)
			sum += got->size;
		if (want && got && want->base == got->base && want->size == got->size &&
		    want->nid == got->nid && want->flags == got->flags)
			continue;
		if (!got)
			return fail(v, "memblock.region_missing", "%s[%lu]: the port has %lu "
				    "regions, the model also [0x%" PRIx64 ", +0x%" PRIx64 ") nid %d",
				    name, i, t->cnt, want->base, want->size, want->nid);
		if (!want)
			return fail(v, "memblock.region_extra", "%s[%lu]: the port has [0x%" PRIx64
				    ", +0x%" PRIx64 ") nid %d beyond the model's %lu regions", name,
				    i, got->base, got->size, got->nid, l->cnt);
		return fail(v, "memblock.region_differs", "%s[%lu]: port [0x%" PRIx64 ", +0x%"
			    PRIx64 ") nid %d flags 0x%x, model [0x%" PRIx64 ", +0x%" PRIx64
			    ") nid %d flags 0x%x", name, i, got->base, got->size, got->nid,
			    got->flags, want->base, want->size, want->nid, want->flags);
	}
	if (sum != t->total_size)
		return fail(v, "memblock.total_size", "%s: total_size 0x%" PRIx64 ", regions sum "
			    "to 0x%" PRIx64, name, t->total_size, sum);
	return true;
}

bool mbm_judge_state(const struct mb_model *m, const struct port_mb_state *st,
		     struct oracle_verdict *v)
{
	return judge_type(&m->memory, &st->memory, "memory", v) &&
	       judge_type(&m->reserved, &st->reserved, "reserved", v);
}
