// SPDX-License-Identifier: MIT
/*
 * machine.c - one simulated machine as a value: configuration, creation
 * and destruction, the boot-phase memblock entry points, and read-only
 * introspection (zone counters, the allocator's view of one pfn).
 *
 * Owns: struct alloc_machine's lifetime and the phase rule (memblock and
 * zone calls only before alloc_boot(), page calls only after).  Every
 * argument is validated here or in the mechanism it reaches, so a caller
 * mistake returns an error and leaves the machine untouched.
 */
#include <string.h>
#include "internal.h"

const char *alloc_strerror(int err)
{
	switch (err) {
	case ALLOC_OK:		return "ok";
	case ALLOC_ENOMEM:	return "out of memory";
	case ALLOC_EINVAL:	return "invalid argument";
	case ALLOC_ENOENT:	return "no such allocation";
	case ALLOC_EBUSY:	return "busy";
	case ALLOC_ENOTSUP:	return "not supported";
	case ALLOC_ESTATE:	return "wrong phase";
	default:		return "unknown error";
	}
}

/**
 * alloc_config_default - x86-64 defaults: 4 MiB max blocks, 2 MiB
 * pageblocks, one cpu, one node, kernel-computed pcp sizes and
 * min_free_kbytes, grouping by mobility on.
 * @cfg: filled in
 */
void alloc_config_default(struct alloc_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->max_order = 10;
	cfg->pageblock_order = 9;
	cfg->nr_cpus = 1;
	cfg->nr_nodes = 1;
	cfg->pcp_auto = true;
	cfg->pcp_batch = 1;
	cfg->min_free_auto = true;
	cfg->mobility = true;
}

static bool config_valid(const struct alloc_config *cfg)
{
	if (cfg->max_order > ALLOC_MAX_ORDER_LIMIT ||
	    cfg->pageblock_order > cfg->max_order)
		return false;
	if (cfg->nr_cpus < 1 || cfg->nr_cpus > ALLOC_MAX_CPUS ||
	    cfg->nr_nodes < 1 || cfg->nr_nodes > ALLOC_MAX_NODES)
		return false;
	if (!cfg->pcp_auto && cfg->pcp_batch < 1)
		return false;
	if (!cfg->min_free_auto && cfg->min_free_kbytes > (1UL << 30))
		return false;
	return true;
}

/**
 * alloc_create - a machine in the boot phase, with empty memblock.
 * @cfg: configuration, copied
 * @out: the new machine
 * Return: 0, ALLOC_EINVAL for a bad config, ALLOC_ENOMEM.
 */
int alloc_create(const struct alloc_config *cfg, struct alloc_machine **out)
{
	struct alloc_machine *m;
	struct per_cpu_pages *sets;
	int nid, z, err;

	*out = NULL;
	if (!config_valid(cfg))
		return ALLOC_EINVAL;
	m = platform_zalloc(sizeof(*m));
	if (!m)
		return ALLOC_ENOMEM;
	m->cfg = *cfg;
	m->max_order = cfg->max_order;
	m->pageblock_order = cfg->pageblock_order;
	m->pageblock_nr_pages = 1UL << cfg->pageblock_order;
	/* one host allocation: the nodes, then every zone's per-cpu sets */
	_Static_assert(sizeof(struct pglist_data) % _Alignof(struct per_cpu_pages) == 0,
		       "the per-cpu sets after the nodes are aligned");
	m->nodes = platform_zalloc(cfg->nr_nodes * sizeof(*m->nodes) +
				   cfg->nr_nodes * NR_ZONE_TYPES * cfg->nr_cpus * sizeof(*sets));
	err = m->nodes ? memblock_init(&m->memblock) : ALLOC_ENOMEM;
	if (err) {
		platform_free(m->nodes);
		platform_free(m);
		return err;
	}
	sets = (struct per_cpu_pages *)(m->nodes + cfg->nr_nodes);
	m->pcp_sets = sets;
	m->pcp_zone_bytes = cfg->nr_cpus * sizeof(*sets);
	for (nid = 0; nid < (int)cfg->nr_nodes; nid++) {
		m->nodes[nid].nid = nid;
		for_each_zone_type(z) {
			m->nodes[nid].zones[z].machine = m;
			m->nodes[nid].zones[z].nid = nid;
			m->nodes[nid].zones[z].idx = (enum zone_type)z;
			m->nodes[nid].zones[z].pcp =
				&sets[((size_t)nid * NR_ZONE_TYPES + (size_t)z) * cfg->nr_cpus];
		}
	}
	*out = m;
	return 0;
}

void alloc_destroy(struct alloc_machine *m)
{
	if (!m)
		return;
	memmap_release(m);
	memblock_release(&m->memblock);
	platform_free(m->nodes);
	platform_free(m);
}

void alloc_set_report_stream(struct alloc_machine *m, FILE *out)
{
	m->report = out;
}

void alloc_set_migrate(struct alloc_machine *m, alloc_migrate_fn fn, void *ctx)
{
	m->migrate = fn;
	m->migrate_ctx = ctx;
}

bool alloc_is_booted(const struct alloc_machine *m)
{
	return m->booted;
}

void alloc_get_config(const struct alloc_machine *m, struct alloc_config *cfg)
{
	*cfg = m->cfg;
}

bool alloc_mobility_enabled(const struct alloc_machine *m)
{
	return !m->mobility_disabled;
}

struct memblock *alloc_memblock(struct alloc_machine *m)
{
	return &m->memblock;
}

/* ---- boot phase ---- */

int alloc_memblock_add(struct alloc_machine *m, uint64_t base, uint64_t size, int nid)
{
	if (m->booted)
		return ALLOC_ESTATE;
	if (nid < 0 || nid >= (int)m->cfg.nr_nodes)
		return ALLOC_EINVAL;
	return memblock_add_node(&m->memblock, base, size, nid);
}

int alloc_memblock_reserve(struct alloc_machine *m, uint64_t base, uint64_t size)
{
	if (m->booted)
		return ALLOC_ESTATE;
	return memblock_reserve(&m->memblock, base, size);
}

int alloc_memblock_remove(struct alloc_machine *m, uint64_t base, uint64_t size)
{
	if (m->booted)
		return ALLOC_ESTATE;
	return memblock_remove(&m->memblock, base, size);
}

int alloc_memblock_free(struct alloc_machine *m, uint64_t base, uint64_t size)
{
	if (m->booted)
		return ALLOC_ESTATE;
	return memblock_free(&m->memblock, base, size);
}

int alloc_memblock_alloc(struct alloc_machine *m, uint64_t size, uint64_t align,
			 int nid, uint64_t min_addr, uint64_t max_addr,
			 bool bottom_up, uint64_t *addr)
{
	if (m->booted)
		return ALLOC_ESTATE;
	if (nid < NUMA_NO_NODE || nid >= (int)m->cfg.nr_nodes)
		return ALLOC_EINVAL;
	return memblock_alloc_range(&m->memblock, size, align, nid, min_addr,
				    max_addr, bottom_up, addr);
}

int alloc_set_zones(struct alloc_machine *m, const unsigned long max_zone_pfn[3],
		    bool has_movable, unsigned long movable_start_pfn)
{
	if (m->booted)
		return ALLOC_ESTATE;
	if (max_zone_pfn[0] > max_zone_pfn[1] || max_zone_pfn[1] > max_zone_pfn[2])
		return ALLOC_EINVAL;
	memcpy(m->max_zone_pfn, max_zone_pfn, sizeof(m->max_zone_pfn));
	m->has_movable = has_movable;
	m->movable_start_pfn = has_movable ? movable_start_pfn : 0;
	m->zones_set = true;
	return 0;
}

/* ---- introspection ---- */

VIEW_FN int alloc_zone_info(const struct alloc_machine *m, int nid, enum zone_type zone,
		    struct alloc_zone_info *out)
{
	const struct zone *z;
	unsigned int order, cpu;

	memset(out, 0, sizeof(*out));
	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || (int)zone < 0 || zone >= NR_ZONE_TYPES)
		return ALLOC_EINVAL;
	z = &m->nodes[nid].zones[zone];
	out->nid = nid;
	out->zone = zone;
	out->start_pfn = z->zone_start_pfn;
	out->spanned = z->spanned_pages;
	out->present = z->present_pages;
	out->managed = z->managed_pages;
	out->free_pages = z->free_pages;
	out->isolated_free = z->isolated_free;
	out->nr_isolate_pageblock = z->nr_isolate_pageblock;
	for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		out->pcp_pages += z->pcp[cpu].count;
	out->wmark_min = z->wmark[WMARK_MIN];
	out->wmark_low = z->wmark[WMARK_LOW];
	out->wmark_high = z->wmark[WMARK_HIGH];
	memcpy(out->lowmem_reserve, z->lowmem_reserve, sizeof(out->lowmem_reserve));
	out->nr_reserved_highatomic = z->nr_reserved_highatomic;
	for (order = 0; order <= m->max_order; order++)
		out->nr_free[order] = z->free_area[order].nr_free;
	return 0;
}

VIEW_FN int alloc_zone_counts(const struct alloc_machine *m, int nid, enum zone_type zone,
		      unsigned long *free_pages, unsigned long *present, unsigned long *managed)
{
	const struct zone *z;
	unsigned int cpu;

	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || (int)zone < 0 || zone >= NR_ZONE_TYPES)
		return ALLOC_EINVAL;
	z = &m->nodes[nid].zones[zone];
	*free_pages = z->free_pages + z->isolated_free;
	for (cpu = 0; cpu < m->cfg.nr_cpus; cpu++)
		*free_pages += z->pcp[cpu].count;
	*present = z->present_pages;
	*managed = z->managed_pages;
	return 0;
}

VIEW_FN unsigned long alloc_zone_isolated(const struct alloc_machine *m, int nid,
					  enum zone_type zone)
{
	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || (int)zone < 0 || zone >= NR_ZONE_TYPES)
		return 0;
	return m->nodes[nid].zones[zone].isolated_free;
}

VIEW_FN int alloc_zone_protection(const struct alloc_machine *m, int nid, enum zone_type zone,
			  unsigned long lowmem_reserve[NR_ZONE_TYPES])
{
	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || (int)zone < 0 || zone >= NR_ZONE_TYPES)
		return ALLOC_EINVAL;
	memcpy(lowmem_reserve, m->nodes[nid].zones[zone].lowmem_reserve,
	       sizeof(m->nodes[nid].zones[zone].lowmem_reserve));
	return 0;
}

VIEW_FN int alloc_zone_census(const struct alloc_machine *m, int nid, enum zone_type zone,
			      struct alloc_zone_census *out)
{
	const struct zone *z;
	unsigned int order;

	memset(out, 0, sizeof(*out));
	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || (int)zone < 0 || zone >= NR_ZONE_TYPES)
		return ALLOC_EINVAL;
	z = &m->nodes[nid].zones[zone];
	for (order = 0; order <= m->max_order; order++)
		memcpy(out->nr_free[order], z->free_area[order].nr_free_mt,
		       sizeof(out->nr_free[order]));
	return 0;
}

VIEW_FN int alloc_pcp_info(const struct alloc_machine *m, int nid, enum zone_type zone,
			   unsigned int cpu, struct alloc_pcp_info *out)
{
	const struct per_cpu_pages *pcp;
	const struct list_head *pos;
	unsigned int order;
	int mt;

	memset(out, 0, sizeof(*out));
	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || (int)zone < 0 || zone >= NR_ZONE_TYPES ||
	    cpu >= m->cfg.nr_cpus)
		return ALLOC_EINVAL;
	pcp = &m->nodes[nid].zones[zone].pcp[cpu];
	out->count = pcp->count;
	out->high = pcp->high;
	out->batch = pcp->batch;
	if (!pcp->count)
		return 0;
	for (order = 0; order < NR_PCP_ORDERS; order++)
		for (mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
			const struct list_head *head = &pcp->lists[pcp_index(order, mt)];

			for (pos = head->next; pos != head; pos = pos->next)
				out->blocks[order][mt]++;
		}
	return 0;
}

VIEW_FN unsigned long alloc_min_free_kbytes(const struct alloc_machine *m)
{
	return m->min_free_kbytes;
}

VIEW_FN int alloc_list_head(const struct alloc_machine *m, int nid, enum zone_type zone, int cpu,
			    unsigned int order, int mt, unsigned long *pfn)
{
	const struct zone *z;
	const struct list_head *head;

	if (nid < 0 || nid >= (int)m->cfg.nr_nodes || (int)zone < 0 || zone >= NR_ZONE_TYPES ||
	    cpu >= (int)m->cfg.nr_cpus || mt < 0 || order > m->max_order)
		return ALLOC_EINVAL;
	z = &m->nodes[nid].zones[zone];
	if (cpu < 0) {
		if (mt >= NR_MIGRATETYPES)
			return ALLOC_EINVAL;
		head = &z->free_area[order].free_list[mt];
	} else {
		if (order >= NR_PCP_ORDERS || mt >= MIGRATE_PCPTYPES)
			return ALLOC_EINVAL;
		head = &z->pcp[cpu].lists[pcp_index(order, mt)];
	}
	if (list_empty(head))
		return ALLOC_ENOENT;
	*pfn = page_to_pfn(m, list_entry(head->next, struct page, lru));
	return 0;
}

/* Find the head of the block that covers @pfn, looking at aligned candidates. */
static const struct page *covering_head(const struct alloc_machine *m, unsigned long pfn,
					unsigned long *head_pfn)
{
	unsigned int order;

	for (order = 0; order <= m->max_order; order++) {
		unsigned long start = pfn & ~((1UL << order) - 1);
		const struct page *p;

		if (!pfn_in_memmap(m, start))
			break;
		p = pfn_to_page(m, start);
		if ((p->flags & (PG_BUDDY | PG_PCP | PG_HEAD)) && p->order >= order &&
		    start + (1UL << p->order) > pfn) {
			*head_pfn = start;
			return p;
		}
	}
	return NULL;
}

VIEW_FN void alloc_pfn_info(const struct alloc_machine *m, unsigned long pfn,
		    struct alloc_pfn_info *out)
{
	const struct page *page, *head;

	memset(out, 0, sizeof(*out));
	out->zone = out->pageblock_mt = out->list_mt = out->cpu = -1;
	out->nid = -1;
	out->head_pfn = pfn;
	if (!m->booted || !pfn_in_memmap(m, pfn)) {
		out->state = PFN_OUTSIDE;
		return;
	}
	page = pfn_to_page(m, pfn);
	if (!(page->flags & PG_PRESENT)) {
		out->state = PFN_HOLE;
		return;
	}
	out->nid = page->nid;
	if (page->zone_idx < NR_ZONE_TYPES && page->nid < m->cfg.nr_nodes) {
		const struct zone *z = &m->nodes[page->nid].zones[page->zone_idx];

		out->zone = page->zone_idx;
		if (zone_spans_pfn(z, pfn))
			out->pageblock_mt = get_pageblock_migratetype(z, pfn);
	}
	if (page->flags & PG_RESERVED) {
		out->state = PFN_RESERVED;
		return;
	}
	head = covering_head(m, pfn, &out->head_pfn);
	if (!head) {
		out->state = PFN_ALLOCATED;	/* orphan: the self-check reports it */
		return;
	}
	out->order = head->order;
	if (head->flags & PG_BUDDY) {
		out->state = PFN_FREE;
		out->list_mt = head->list_mt;
	} else if (head->flags & PG_PCP) {
		out->state = PFN_PCP;
		out->list_mt = head->list_mt;
		out->cpu = head->cpu;
	} else {
		out->state = PFN_ALLOCATED;
	}
}
