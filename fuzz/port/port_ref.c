// SPDX-License-Identifier: MIT
/*
 * port_ref.c - the reference allocator (alloc/) behind the port interface.
 *
 * The port has a memblock of its own (PORT_CAP_MEMBLOCK): the harness
 * passes it every boot op and judges the arrays it reports against its
 * own model; at boot it sets the zone boundaries of the map and boots.
 * "ref-nomb" is the same allocator without that capability: the judge's
 * map is entered at boot.  The harness's migrate callback becomes the
 * machine's page owner, so every migration is judged.
 */
#include <stdlib.h>
#include <string.h>
#include "alloc/alloc.h"
#include "alloc/platform.h"
#include "alloc/memblock.h"
#include "port_ref.h"

/*
 * The instance: the machine, and the host buffers memblock_report() fills
 * (struct memblock_region and struct port_mb_region differ in layout).
 */
struct ref_port {
	struct alloc_machine *m;
	struct port_mb_region *buf[2];
	unsigned long cap[2];
};

struct alloc_machine *ref_machine(void *port)
{
	return ((struct ref_port *)port)->m;
}

#define M(port) (((struct ref_port *)(port))->m)

static void to_alloc_config(const struct scn_config *cfg, struct alloc_config *ac)
{
	alloc_config_default(ac);
	ac->max_order = cfg->max_order;
	ac->pageblock_order = cfg->pageblock_order;
	ac->nr_cpus = cfg->nr_cpus;
	ac->nr_nodes = cfg->nr_nodes;
	ac->pcp_auto = cfg->pcp_auto;
	ac->pcp_high = cfg->pcp_high;
	ac->pcp_batch = cfg->pcp_batch;
	ac->min_free_auto = cfg->min_free_auto;
	ac->min_free_kbytes = cfg->min_free_kbytes;
	ac->mobility = cfg->mobility;
	memcpy(ac->distance, cfg->distance, sizeof(ac->distance));
}

void *ref_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	struct ref_port *p = calloc(1, sizeof(*p));
	struct alloc_config ac;

	if (!p) {
		*err = PF_ENOMEM;
		return NULL;
	}
	to_alloc_config(cfg, &ac);
	*err = alloc_create(&ac, &p->m);
	if (*err) {
		free(p);
		return NULL;
	}
	alloc_set_report_stream(p->m, env->report);
	alloc_set_migrate(p->m, env->migrate, env->migrate_ctx);
	return p;
}

int ref_memblock(void *port, const struct port_mb_op *op, uint64_t *addr)
{
	struct alloc_machine *m = M(port);

	switch (op->kind) {
	case PORT_MB_ADD:
		return alloc_memblock_add(m, op->base, op->size, op->nid);
	case PORT_MB_RESERVE:
		return alloc_memblock_reserve(m, op->base, op->size);
	case PORT_MB_REMOVE:
		return alloc_memblock_remove(m, op->base, op->size);
	case PORT_MB_FREE:
		return alloc_memblock_free(m, op->base, op->size);
	case PORT_MB_ALLOC:
		return alloc_memblock_alloc(m, op->size, op->align, op->nid, op->min_addr,
					    op->max_addr, op->bottom_up, addr);
	}
	return PF_EINVAL;
}

static void report_type(struct ref_port *p, int i, const struct memblock_type *t,
			struct port_mb_type *out)
{
	if (t->cnt > p->cap[i]) {
		/* doubling: a report follows every memblock op, and the count grows by one */
		unsigned long cap = p->cap[i] ? 2 * p->cap[i] : 32;
		struct port_mb_region *b;

		if (cap < t->cnt)
			cap = t->cnt;
		b = realloc(p->buf[i], cap * sizeof(*b));
		if (!b)
			abort();	/* the harness's own host memory */
		p->buf[i] = b;
		p->cap[i] = cap;
	}
	for (unsigned long k = 0; k < t->cnt; k++)
		p->buf[i][k] = (struct port_mb_region){ t->regions[k].base, t->regions[k].size,
							 t->regions[k].nid, t->regions[k].flags };
	out->cnt = t->cnt;
	out->max = t->max;
	out->total_size = t->total_size;
	out->regions = p->buf[i];
	out->array_base = t->array_base;
	out->array_bytes = t->array_bytes;
}

void ref_memblock_report(void *port, struct port_mb_state *out)
{
	struct memblock *mb = alloc_memblock(M(port));

	report_type(port, 0, &mb->memory, &out->memory);
	report_type(port, 1, &mb->reserved, &out->reserved);
}

int ref_boot(void *port, const struct port_map *map)
{
	unsigned long mz[3];

	mz[0] = map->max_zone_pfn[0];
	mz[1] = map->max_zone_pfn[1];
	mz[2] = map->max_zone_pfn[2];
	int err = alloc_set_zones(M(port), mz, map->has_movable, map->movable_pfn);

	return err ? err : alloc_boot(M(port));
}

/*
 * ref-nomb: the same allocator, declared without a memblock: the judge
 * computes the map and boot() enters it region by region.  Maps of more
 * regions than the initial arrays hold are refused (growing an array
 * would reserve memory the judge's map does not have).
 */
static int nomb_boot(void *port, const struct port_map *map)
{
	unsigned int i;
	int err = 0;

	if (map->nr_memory + 2 > PF_MEMBLOCK_INIT_REGIONS ||
	    map->nr_reserved + 2 > PF_MEMBLOCK_INIT_REGIONS)
		return PF_ENOMEM;
	for (i = 0; i < map->nr_memory && !err; i++)
		err = alloc_memblock_add(M(port), map->memory[i].base, map->memory[i].size,
					 map->memory[i].nid);
	for (i = 0; i < map->nr_reserved && !err; i++)
		err = alloc_memblock_reserve(M(port), map->reserved[i].base, map->reserved[i].size);
	return err ? err : ref_boot(port, map);
}

void ref_destroy(void *port)
{
	struct ref_port *p = port;

	alloc_destroy(p->m);
	free(p->buf[0]);
	free(p->buf[1]);
	free(p);
}

int ref_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
	      unsigned long *pfn)
{
	return alloc_pages(M(port), gfp, order, cpu, nid, pfn);
}

int ref_free(void *port, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	return alloc_free_pages(M(port), pfn, order, cpu);
}

int ref_drain(void *port, int cpu)
{
	return alloc_drain(M(port), cpu);
}

int ref_compact(void *port, int nid, int zone, unsigned int order)
{
	return alloc_compact(M(port), nid, zone, order);
}

int ref_isolate(void *port, unsigned long start_pfn, unsigned long nr_pages, bool on)
{
	return on ? alloc_isolate(M(port), start_pfn, nr_pages) :
		    alloc_unisolate(M(port), start_pfn, nr_pages);
}

int ref_contig(void *port, unsigned long start_pfn, unsigned long nr_pages)
{
	return alloc_contig(M(port), start_pfn, nr_pages);
}

int ref_zone_counters(void *port, int nid, int zone, struct port_zone_counters *out)
{
	int err = alloc_zone_counts(M(port), nid, (enum zone_type)zone, &out->free_pages,
				    &out->present, &out->managed);

	if (!err) {
		alloc_zone_protection(M(port), nid, (enum zone_type)zone, out->lowmem_reserve);
		out->isolated_free = alloc_zone_isolated(M(port), nid, (enum zone_type)zone);
	}
	return err;
}

struct violation_relay {
	port_violation_fn fn;
	void *ctx;
};

static void relay(void *arg, const struct alloc_violation *v)
{
	struct violation_relay *r = arg;

	r->fn(r->ctx, v->id, v->pfn, v->detail);
}

unsigned int ref_check_all(void *port, port_violation_fn fn, void *ctx, unsigned int limit)
{
	struct violation_relay r = { fn, ctx };

	return alloc_check_all(M(port), fn ? relay : NULL, &r, limit);
}

unsigned int ref_check_touched(void *port, port_violation_fn fn, void *ctx, unsigned int limit)
{
	struct violation_relay r = { fn, ctx };

	return alloc_check_touched(M(port), fn ? relay : NULL, &r, limit);
}

void ref_describe_pfn(void *port, unsigned long pfn, char *buf, size_t len)
{
	static const char *const states[] = {
		"outside the memmap", "hole", "reserved", "free", "on a per-cpu list", "allocated",
	};
	struct alloc_pfn_info pi;

	alloc_pfn_info(M(port), pfn, &pi);
	snprintf(buf, len, "%s, block 0x%lx order %u, node %d zone %s, pageblock %s, list %s, cpu %d",
		 states[pi.state], pi.head_pfn, pi.order, pi.nid,
		 pi.zone >= 0 ? alloc_zone_name(pi.zone) : "-",
		 pi.pageblock_mt >= 0 ? alloc_migratetype_name(pi.pageblock_mt) : "-",
		 pi.list_mt >= 0 ? alloc_migratetype_name(pi.list_mt) : "-", pi.cpu);
}

void ref_dump(void *port, enum scn_dump what, FILE *out)
{
	switch (what) {
	case DUMP_BUDDYINFO:
		alloc_dump_buddyinfo(M(port), out);
		break;
	case DUMP_PAGETYPEINFO:
		alloc_dump_pagetypeinfo(M(port), out);
		break;
	case DUMP_ZONEINFO:
		alloc_dump_zoneinfo(M(port), out);
		break;
	case DUMP_MEMBLOCK:
		alloc_dump_memblock(M(port), out);
		break;
	case DUMP_COMPACTION:
		alloc_dump_compaction(M(port), out);
		break;
	default:
		break;
	}
}

static int ref_zone_policy(void *port, int nid, int zone, struct port_zone_policy *out)
{
	struct alloc_zone_info zi;
	struct alloc_zone_census zc;
	int err = alloc_zone_info(M(port), nid, (enum zone_type)zone, &zi);

	memset(out, 0, sizeof(*out));
	if (err || (err = alloc_zone_census(M(port), nid, (enum zone_type)zone, &zc)))
		return err;
	out->start_pfn = zi.start_pfn;
	out->spanned = zi.spanned;
	out->present = zi.present;
	out->managed = zi.managed;
	out->wmark[0] = zi.wmark_min;
	out->wmark[1] = zi.wmark_low;
	out->wmark[2] = zi.wmark_high;
	memcpy(out->lowmem_reserve, zi.lowmem_reserve, sizeof(out->lowmem_reserve));
	out->nr_reserved_highatomic = zi.nr_reserved_highatomic;
	memcpy(out->nr_free, zc.nr_free, sizeof(out->nr_free));
	return 0;
}

static int ref_pcp_policy(void *port, int nid, int zone, unsigned int cpu,
			  struct port_pcp_policy *out)
{
	struct alloc_pcp_info pi;
	int err = alloc_pcp_info(M(port), nid, (enum zone_type)zone, cpu, &pi);

	memset(out, 0, sizeof(*out));
	if (err)
		return err;
	out->count = pi.count;
	out->high = pi.high;
	out->batch = pi.batch;
	memcpy(out->blocks, pi.blocks, sizeof(out->blocks));
	return 0;
}

static void ref_block_policy(void *port, unsigned long pfn, struct port_block_policy *out)
{
	static const enum port_block_state states[] = {
		[PFN_OUTSIDE] = PORT_BLOCK_OTHER, [PFN_HOLE] = PORT_BLOCK_OTHER,
		[PFN_RESERVED] = PORT_BLOCK_OTHER, [PFN_FREE] = PORT_BLOCK_FREE,
		[PFN_PCP] = PORT_BLOCK_PCP, [PFN_ALLOCATED] = PORT_BLOCK_ALLOCATED,
	};
	struct alloc_pfn_info pi;

	alloc_pfn_info(M(port), pfn, &pi);
	out->state = states[pi.state];
	out->head_pfn = pi.head_pfn;
	out->order = pi.order;
	out->nid = pi.nid;
	out->zone = pi.zone;
	out->pageblock_mt = pi.pageblock_mt;
	out->list_mt = pi.list_mt;
	out->cpu = pi.cpu;
}

static unsigned long ref_min_free_kbytes(void *port)
{
	return alloc_min_free_kbytes(M(port));
}

static int ref_list_head(void *port, int nid, int zone, int cpu, unsigned int order, int mt,
			 unsigned long *pfn)
{
	return alloc_list_head(M(port), nid, (enum zone_type)zone, cpu, order, mt, pfn);
}

/* alloc_compact_result()'s word as port.h's enum. */
static int ref_compact_result(void *port, int nid, int zone)
{
	static const char *const words[] = {
		[PORT_COMPACT_NONE] = "none", [PORT_COMPACT_SKIPPED] = "skipped",
		[PORT_COMPACT_NOT_SUITABLE] = "not_fragmented", [PORT_COMPACT_SUCCESS] = "success",
		[PORT_COMPACT_COMPLETE] = "complete",
	};
	const char *w = alloc_compact_result(M(port), nid, zone);
	int r;

	for (r = PORT_COMPACT_SKIPPED; r <= PORT_COMPACT_COMPLETE; r++)
		if (!strcmp(w, words[r]))
			return r;
	return PORT_COMPACT_NONE;
}

/* The sizes port.h fixes must hold the reference allocator's. */
_Static_assert(PORT_POLICY_ORDERS == ALLOC_MAX_ORDER_LIMIT + 1, "orders");
_Static_assert(PORT_POLICY_MTS == NR_MIGRATETYPES, "migratetypes");
_Static_assert(PORT_POLICY_PCP_ORDERS == ALLOC_PCP_ORDERS, "pcp orders");
_Static_assert(PORT_POLICY_PCP_MTS == MIGRATE_PCPTYPES, "pcp types");

const struct port_policy_ops port_ref_policy = {
	.zone = ref_zone_policy,
	.pcp = ref_pcp_policy,
	.block = ref_block_policy,
	.min_free_kbytes = ref_min_free_kbytes,
	.list_head = ref_list_head,
	.compact_result = ref_compact_result,
};

/* config host_fail: platform.h's injected host allocation failure. */
static bool ref_host_fail(long nth)
{
	return platform_inject_alloc_failure(nth);
}

/* The allocator's failed checks reach the runner through platform.h's hook. */
void ref_set_abort_hook(port_abort_hook_fn fn, void *arg)
{
	platform_set_abort_hook(fn, arg);
}

const struct port_ops port_ref = {
	.name = "ref",
	.level = PORT_REF_LEVEL,
	.caps = PORT_REF_CAPS | PORT_CAP_LINUX_POLICY | SCN_CAP_CORRUPT | SCN_CAP_BAD_CALL |
		SCN_CAP_HOST_FAIL,
	.policy = &port_ref_policy,
	.create = ref_create,
	.memblock = ref_memblock,
	.memblock_report = ref_memblock_report,
	.boot = ref_boot,
	.destroy = ref_destroy,
	.alloc = ref_alloc,
	.free = ref_free,
	.drain = ref_drain,
	.compact = ref_compact,
	.isolate = ref_isolate,
	.contig = ref_contig,
	.zone_counters = ref_zone_counters,
	.check_all = ref_check_all,
	.check_touched = ref_check_touched,
	.describe_pfn = ref_describe_pfn,
	.dump = ref_dump,
	.set_abort_hook = ref_set_abort_hook,
	.corrupt = ref_corrupt,
	.host_fail = ref_host_fail,
};

const struct port_ops port_ref_nomb = {
	.name = "ref-nomb",
	.level = PORT_REF_LEVEL,
	.caps = (PORT_REF_CAPS & ~PORT_CAP_MEMBLOCK) | SCN_CAP_BAD_CALL,
	.create = ref_create,
	.boot = nomb_boot,
	.destroy = ref_destroy,
	.alloc = ref_alloc,
	.free = ref_free,
	.drain = ref_drain,
	.compact = ref_compact,
	.isolate = ref_isolate,
	.contig = ref_contig,
	.zone_counters = ref_zone_counters,
	.check_all = ref_check_all,
	.check_touched = ref_check_touched,
	.describe_pfn = ref_describe_pfn,
	.dump = ref_dump,
	.set_abort_hook = ref_set_abort_hook,
};
