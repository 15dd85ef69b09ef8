// SPDX-License-Identifier: MIT
/*
 * mb_port_ref.c - the reference memblock (alloc/memblock.c) as a memblock
 * port: each scenario boot op becomes the call run_boot.c makes for it
 * (an add without a node gets node 0, an alloc keeps its own direction),
 * and the arrays are reported field by field.
 */
#include <stdlib.h>
#include "alloc/alloc.h"
#include "alloc/memblock.h"
#include "fuzz/diff/mb_port.h"

_Static_assert(MEMBLOCK_NO_NODE == MB_PORT_NO_NODE, "one 'no node' value on both sides");

static void *ref_create(void)
{
	struct memblock *mb = calloc(1, sizeof(*mb));

	if (mb && memblock_init(mb)) {
		free(mb);
		return NULL;
	}
	return mb;
}

static struct mb_port_result ref_op(void *arg, const struct scn_boot_op *op)
{
	struct memblock *mb = arg;
	struct mb_port_result res = { false, 0, NULL, NULL };
	int err = ALLOC_EINVAL;

	switch (op->kind) {
	case BOOT_MB_ADD:
		err = memblock_add_node(mb, op->base, op->size, op->nid < 0 ? 0 : op->nid);
		break;
	case BOOT_MB_RESERVE:
		err = memblock_reserve(mb, op->base, op->size);
		break;
	case BOOT_MB_REMOVE:
		err = memblock_remove(mb, op->base, op->size);
		break;
	case BOOT_MB_FREE:
		err = memblock_free(mb, op->base, op->size);
		break;
	case BOOT_MB_ALLOC:
		err = memblock_alloc_range(mb, op->size, op->align, op->nid, op->min_addr,
					   op->max_addr, op->bottom_up, &res.addr);
		if (err)
			res.addr = 0;
		break;
	}
	res.ok = err == ALLOC_OK;
	return res;
}

static void report_type(const struct memblock_type *t, enum mb_port_type type,
			mb_port_report_fn fn, void *arg)
{
	struct mb_port_region *r = calloc(t->cnt + 1, sizeof(*r));
	struct mb_port_array a = { t->cnt, t->max, t->total_size, r,
				   t->host_static ? 0 : t->array_base,
				   t->host_static ? 0 : t->array_bytes };
	unsigned long i;

	if (!r)
		abort();
	for (i = 0; i < t->cnt; i++) {
		r[i].base = t->regions[i].base;
		r[i].size = t->regions[i].size;
		r[i].flags = t->regions[i].flags;
		r[i].nid = t->regions[i].nid;
	}
	fn(arg, type, &a);
	free(r);
}

static void ref_report(void *arg, mb_port_report_fn fn, void *fn_arg)
{
	struct memblock *mb = arg;

	report_type(&mb->memory, MB_PORT_MEMORY, fn, fn_arg);
	report_type(&mb->reserved, MB_PORT_RESERVED, fn, fn_arg);
}

static void ref_destroy(void *arg)
{
	struct memblock *mb = arg;

	if (!mb)
		return;
	memblock_release(mb);
	free(mb);
}

const struct mb_port_ops mb_port_ref_ops = {
	.name = "ref",
	.create = ref_create,
	.op = ref_op,
	.report = ref_report,
	.destroy = ref_destroy,
};
