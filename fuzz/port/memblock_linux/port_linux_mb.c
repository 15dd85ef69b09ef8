// SPDX-License-Identifier: MIT
/*
 * port_linux_mb.c - the port "linux-memblock": Linux's own memblock for
 * the boot phase (through mb_port_linux_ops), the reference allocator for
 * everything after boot.  The judge compares every memblock op's arrays
 * with its memblock model (port.h, PORT_CAP_MEMBLOCK), so this port puts
 * the kernel's mm/memblock.c under the ordinary fuzz targets and replayer
 * (`--port linux-memblock`, PAGEFUZZ_PORT=linux-memblock).
 *
 * boot() enters the final map into the reference machine region by region,
 * as ref-nomb does: a map of more regions than the reference's initial
 * arrays hold is refused cleanly (growing them would reserve memory the
 * map does not have).  Linux's memblock is one global instance, so one
 * port instance lives at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alloc/alloc.h"
#include "fuzz/diff/mb_port.h"
#include "fuzz/port/port_ref.h"

static void *lmb;			/* the Linux memblock, while an instance lives */
static const struct port_env *lmb_env;	/* its environment, for port_reason() */
static port_abort_hook_fn abort_hook;	/* the runner's, for a BUG of Linux */
static void *abort_hook_arg;
static struct port_mb_region *buf[MB_PORT_NR_TYPES];	/* memblock_report()'s rows */
static unsigned long buf_cap[MB_PORT_NR_TYPES];
static struct port_mb_state *report_out;

static void *lmb_create(const struct scn_config *cfg, const struct port_env *env, int *err)
{
	void *p;

	if (lmb) {
		*err = PF_EBUSY;
		return NULL;
	}
	p = ref_create(cfg, env, err);
	if (!p)
		return NULL;
	lmb = mb_port_linux_ops.create();
	if (!lmb) {
		ref_destroy(p);
		*err = PF_EBUSY;
		return NULL;
	}
	lmb_env = env;
	return p;
}

static void lmb_destroy(void *port)
{
	if (lmb)
		mb_port_linux_ops.destroy(lmb);
	lmb = NULL;
	lmb_env = NULL;
	ref_destroy(port);
}

static int lmb_memblock(void *port, const struct port_mb_op *op, uint64_t *addr)
{
	static const uint8_t kind[] = {
		[PORT_MB_ADD] = BOOT_MB_ADD, [PORT_MB_RESERVE] = BOOT_MB_RESERVE,
		[PORT_MB_REMOVE] = BOOT_MB_REMOVE, [PORT_MB_FREE] = BOOT_MB_FREE,
		[PORT_MB_ALLOC] = BOOT_MB_ALLOC,
	};
	struct scn_boot_op b = {
		.kind = kind[op->kind], .nid = (int8_t)op->nid, .bottom_up = op->bottom_up,
		.base = op->base, .size = op->size, .align = op->align,
		.min_addr = op->min_addr, .max_addr = op->max_addr,
	};
	struct mb_port_result r;

	(void)port;
	r = mb_port_linux_ops.op(lmb, &b);
	if (op->kind == PORT_MB_ALLOC)
		*addr = r.addr;
	/*
	 * Linux stopped on a BUG of its own (mb_port_linux.c): like the
	 * reference's failed debug check, the runner reports it
	 * ("internal.<function>") and the process ends, as the kernel would.
	 */
	if (!r.ok && r.known_bug) {
		/* "<what> in <function>() (<where>)": the function names the invariant */
		const char *in = strstr(r.known_bug, " in "), *paren = in ? strchr(in, '(') : NULL;
		char what[256];

		snprintf(what, sizeof(what), "linux-memblock: %s [%.*s]", r.known_bug,
			 paren ? (int)(paren - in - 4) : 3, paren ? in + 4 : "BUG");
		if (abort_hook) {
			abort_hook(what, abort_hook_arg);
			abort();
		}
		port_reason(lmb_env, "%s", r.known_bug);
	}
	return r.ok ? 0 : PF_ENOMEM;
}

static void collect(void *arg, enum mb_port_type type, const struct mb_port_array *a)
{
	struct port_mb_type *t = type == MB_PORT_MEMORY ? &report_out->memory :
							  &report_out->reserved;
	unsigned long i;

	(void)arg;
	if (a->cnt > buf_cap[type]) {
		free(buf[type]);
		buf_cap[type] = 2 * a->cnt;
		buf[type] = malloc(buf_cap[type] * sizeof(*buf[type]));
		if (!buf[type])
			abort();
	}
	for (i = 0; i < a->cnt; i++) {
		buf[type][i].base = a->regions[i].base;
		buf[type][i].size = a->regions[i].size;
		buf[type][i].nid = a->regions[i].nid;
		buf[type][i].flags = a->regions[i].flags;
	}
	t->cnt = a->cnt;
	t->max = a->max;
	t->total_size = a->total_size;
	t->regions = buf[type];
	t->array_base = a->array_base;
	t->array_bytes = a->array_bytes;
}

static void lmb_memblock_report(void *port, struct port_mb_state *out)
{
	(void)port;
	report_out = out;
	mb_port_linux_ops.report(lmb, collect, NULL);
	report_out = NULL;
}

static int lmb_boot(void *port, const struct port_map *map)
{
	struct alloc_machine *m = ref_machine(port);
	unsigned int i;
	int err = 0;

	if (map->nr_memory + 2 > PF_MEMBLOCK_INIT_REGIONS ||
	    map->nr_reserved + 2 > PF_MEMBLOCK_INIT_REGIONS)
		return PF_ENOMEM;
	for (i = 0; i < map->nr_memory && !err; i++)
		err = alloc_memblock_add(m, map->memory[i].base, map->memory[i].size,
					 map->memory[i].nid);
	for (i = 0; i < map->nr_reserved && !err; i++)
		err = alloc_memblock_reserve(m, map->reserved[i].base, map->reserved[i].size);
	return err ? err : ref_boot(port, map);
}

static void lmb_set_abort_hook(port_abort_hook_fn fn, void *arg)
{
	abort_hook = fn;
	abort_hook_arg = arg;
	ref_set_abort_hook(fn, arg);
}

const struct port_ops port_linux_memblock = {
	.name = "linux-memblock",
	.level = PORT_REF_LEVEL,
	.caps = PORT_REF_CAPS,
	.create = lmb_create,
	.memblock = lmb_memblock,
	.memblock_report = lmb_memblock_report,
	.boot = lmb_boot,
	.destroy = lmb_destroy,
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
	.set_abort_hook = lmb_set_abort_hook,
};
