// SPDX-License-Identifier: MIT
/*
 * port_ref.c - the reference allocator (alloc/) behind the port interface.
 *
 * The port replays the scenario's memblock ops on its own machine (the
 * same code the harness used to compute the map, so both agree to the
 * byte, array-growth reservations included), sets the zone boundaries of
 * the map and boots.  Compaction and isolation are not in its caps until
 * their mechanisms land in alloc/.
 */
#include <stdlib.h>
#include <string.h>
#include "alloc/alloc.h"
#include "alloc/platform.h"
#include "port_ref.h"

struct alloc_machine *ref_machine(void *port)
{
	return port;
}

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

static void replay_boot(struct alloc_machine *m, const struct scenario *s)
{
	unsigned int i;
	uint64_t addr;

	for (i = 0; i < s->nr_boot; i++) {
		const struct scn_boot_op *op = &s->boot[i];

		switch (op->kind) {
		case BOOT_MB_ADD:
			alloc_memblock_add(m, op->base, op->size, op->nid < 0 ? 0 : op->nid);
			break;
		case BOOT_MB_RESERVE:
			alloc_memblock_reserve(m, op->base, op->size);
			break;
		case BOOT_MB_REMOVE:
			alloc_memblock_remove(m, op->base, op->size);
			break;
		case BOOT_MB_FREE:
			alloc_memblock_free(m, op->base, op->size);
			break;
		case BOOT_MB_ALLOC:
			alloc_memblock_alloc(m, op->size, op->align, op->nid, op->min_addr,
					     op->max_addr, op->bottom_up, &addr);
			break;
		}
	}
}

void *ref_create(const struct scn_config *cfg, const struct port_map *map,
		 const struct port_env *env, int *err)
{
	struct alloc_config ac;
	struct alloc_machine *m;
	unsigned long mz[3];

	to_alloc_config(cfg, &ac);
	*err = alloc_create(&ac, &m);
	if (*err)
		return NULL;
	replay_boot(m, map->scn);
	mz[0] = map->max_zone_pfn[0];
	mz[1] = map->max_zone_pfn[1];
	mz[2] = map->max_zone_pfn[2];
	*err = alloc_set_zones(m, mz, map->has_movable, map->movable_pfn);
	if (!*err)
		*err = alloc_boot(m);
	if (*err) {
		alloc_destroy(m);
		return NULL;
	}
	alloc_set_report_stream(m, env->report);
	return m;
}

void ref_destroy(void *port)
{
	alloc_destroy(port);
}

int ref_alloc(void *port, uint32_t gfp, unsigned int order, unsigned int cpu, int nid,
	      unsigned long *pfn)
{
	return alloc_pages(port, gfp, order, cpu, nid, pfn);
}

int ref_free(void *port, unsigned long pfn, unsigned int order, unsigned int cpu)
{
	return alloc_free_pages(port, pfn, order, cpu);
}

int ref_drain(void *port, int cpu)
{
	return alloc_drain(port, cpu);
}

int ref_zone_counters(void *port, int nid, int zone, struct port_zone_counters *out)
{
	int err = alloc_zone_counts(port, nid, (enum zone_type)zone, &out->free_pages,
				    &out->present, &out->managed);

	if (!err)
		alloc_zone_protection(port, nid, (enum zone_type)zone, out->lowmem_reserve);
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

	return alloc_check_all(port, fn ? relay : NULL, &r, limit);
}

unsigned int ref_check_touched(void *port, port_violation_fn fn, void *ctx, unsigned int limit)
{
	struct violation_relay r = { fn, ctx };

	return alloc_check_touched(port, fn ? relay : NULL, &r, limit);
}

void ref_describe_pfn(void *port, unsigned long pfn, char *buf, size_t len)
{
	static const char *const states[] = {
		"outside the memmap", "hole", "reserved", "free", "on a per-cpu list", "allocated",
	};
	struct alloc_pfn_info pi;

	alloc_pfn_info(port, pfn, &pi);
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
		alloc_dump_buddyinfo(port, out);
		break;
	case DUMP_PAGETYPEINFO:
		alloc_dump_pagetypeinfo(port, out);
		break;
	case DUMP_ZONEINFO:
		alloc_dump_zoneinfo(port, out);
		break;
	case DUMP_MEMBLOCK:
		alloc_dump_memblock(port, out);
		break;
	default:
		break;
	}
}

/* The allocator's failed checks reach the runner through platform.h's hook. */
void ref_set_abort_hook(port_abort_hook_fn fn, void *arg)
{
	platform_set_abort_hook(fn, arg);
}

const struct port_ops port_ref = {
	.name = "ref",
	.caps = PORT_REF_CAPS,
	.create = ref_create,
	.destroy = ref_destroy,
	.alloc = ref_alloc,
	.free = ref_free,
	.drain = ref_drain,
	.zone_counters = ref_zone_counters,
	.check_all = ref_check_all,
	.check_touched = ref_check_touched,
	.describe_pfn = ref_describe_pfn,
	.dump = ref_dump,
	.set_abort_hook = ref_set_abort_hook,
};
