// SPDX-License-Identifier: MIT
/*
 * run_bad_call.c - `misuse call NAME`: a call of the port interface that a
 * caller must not make, which the port must refuse with the documented
 * code and without changing anything (SCN_CAP_BAD_CALL, vocab.h).
 *
 * An argument outside its domain (an order above max_order, a cpu or node
 * past the config's, a gfp bit outside GFPF_ALL, a zone past
 * PF_NR_ZONES) must get PF_EINVAL; a boot-phase call after boot (a
 * memblock op, a second boot()) PF_ESTATE, and so must a run-phase call
 * before boot, made on a second instance of the port that the judge
 * creates with the same config and destroys unbooted (a port that
 * refuses a second instance skips it).  A free is aimed at a live
 * block when there is one, so that a port that ignores the bad argument
 * frees it.  Refused or not, the port's free counts (and for a memblock
 * call its memblock arrays) must be as before; the usual checks after the
 * op then compare the rest with the oracle.  A call the port's level or
 * caps do not offer is skipped.
 */
#include <string.h>
#include "run_internal.h"

/* The memblock arrays' sizes, for a memblock call after boot. */
struct mb_sizes {
	unsigned long cnt[2];
	uint64_t total[2];
};

static void mb_sizes(struct run_ctx *c, struct mb_sizes *out)
{
	struct port_mb_state st;

	memset(out, 0, sizeof(*out));
	if (!c->port->memblock_report)
		return;
	c->port->memblock_report(c->p, &st);
	out->cnt[0] = st.memory.cnt;
	out->cnt[1] = st.reserved.cnt;
	out->total[0] = st.memory.total_size;
	out->total[1] = st.reserved.total_size;
}

/* A live block to aim a bad free at: the first live slot, else pfn 0 order 0. */
static void live_block(struct run_ctx *c, unsigned long *pfn, unsigned int *order)
{
	*pfn = 0;
	*order = 0;
	for (unsigned int slot = 0; slot < c->nr_slots; slot++) {
		const struct oracle_slot *os = oracle_slot(c->orc, slot);

		if (os->live && os->nr_pages == 1UL << os->order) {
			*pfn = os->pfn;
			*order = os->order;
			return;
		}
	}
}

/* A memblock op after boot; @call is one of PF_CALL_MB_*. */
static int late_memblock(struct run_ctx *c, unsigned int call)
{
	static const enum port_mb_kind kinds[] = {
		[PF_CALL_MB_ADD - PF_CALL_MB_ADD] = PORT_MB_ADD,
		[PF_CALL_MB_RESERVE - PF_CALL_MB_ADD] = PORT_MB_RESERVE,
		[PF_CALL_MB_REMOVE - PF_CALL_MB_ADD] = PORT_MB_REMOVE,
		[PF_CALL_MB_FREE - PF_CALL_MB_ADD] = PORT_MB_FREE,
		[PF_CALL_MB_ALLOC - PF_CALL_MB_ADD] = PORT_MB_ALLOC,
	};
	struct port_mb_op op = { .kind = kinds[call - PF_CALL_MB_ADD], .base = 0,
				 .size = PF_PAGE_SIZE, .nid = -1, .align = PF_PAGE_SIZE };
	uint64_t addr = 0;

	if (op.kind == PORT_MB_ADD)
		op.nid = 0;
	return c->port->memblock(c->p, &op, &addr);
}

/* A run-phase call on a second, unbooted instance; false: the port refused the instance. */
static bool early_call(struct run_ctx *c, unsigned int call, int *err)
{
	unsigned long pfn = 0;
	int cerr = 0;
	void *p = c->port->create(&c->s->cfg, &c->env, &cerr);

	if (!p)
		return false;
	switch (call) {
	case PF_CALL_EARLY_ALLOC:
		*err = c->port->alloc(p, GFPF_KERNEL, 0, 0, -1, &pfn);
		break;
	case PF_CALL_EARLY_FREE:
		*err = c->port->free(p, 0, 0, 0);
		break;
	case PF_CALL_EARLY_DRAIN:
		*err = c->port->drain(p, -1);
		break;
	case PF_CALL_EARLY_COMPACT:
		*err = c->port->compact(p, -1, -1, 0);
		break;
	case PF_CALL_EARLY_ISOLATE:
	case PF_CALL_EARLY_UNISOLATE:
		*err = c->port->isolate(p, 0, 1, call == PF_CALL_EARLY_ISOLATE);
		break;
	default:
		*err = c->port->contig(p, 0, 1);
		break;
	}
	c->port->destroy(p);
	return true;
}

/* The call's level or caps, or NULL if the port offers it. */
static const char *unsupported(const struct run_ctx *c, unsigned int call)
{
	unsigned int ops = port_op_caps(c->port);

	if (call >= PF_CALL_MB_ADD && call <= PF_CALL_MB_ALLOC && !(c->port->caps & PORT_CAP_MEMBLOCK))
		return "the port has no memblock of its own";
	if ((call == PF_CALL_DRAIN_CPU || call == PF_CALL_EARLY_DRAIN) && !(ops & SCN_CAP_DRAIN))
		return "the port has no drain (level 3)";
	if (((call >= PF_CALL_COMPACT_ORDER && call <= PF_CALL_COMPACT_ZONE) ||
	     call == PF_CALL_EARLY_COMPACT) && !(ops & SCN_CAP_COMPACT))
		return "the port has no compaction (level 4)";
	if ((call == PF_CALL_EARLY_ISOLATE || call == PF_CALL_EARLY_UNISOLATE ||
	     call == PF_CALL_EARLY_CONTIG) && !(ops & SCN_CAP_ISOLATE))
		return "the port has no isolation (level 4)";
	return NULL;
}

bool run_bad_call(struct run_ctx *c, const struct scn_op *op)
{
	const struct scn_config *cfg = &c->s->cfg;
	const char *why = unsupported(c, op->arg);
	struct run_snapshot before, after;
	struct mb_sizes mb_before, mb_after;
	unsigned long pfn, out = 0;
	unsigned int order;
	int err, want = PF_EINVAL;

	if (why)
		return run_skip(c, why);
	run_take_snapshot(c, &before);
	mb_sizes(c, &mb_before);
	switch (op->arg) {
	case PF_CALL_ALLOC_ORDER:
		err = c->port->alloc(c->p, GFPF_KERNEL, cfg->max_order + 1U, 0, -1, &out);
		break;
	case PF_CALL_ALLOC_CPU:
		err = c->port->alloc(c->p, GFPF_KERNEL, 0, cfg->nr_cpus, -1, &out);
		break;
	case PF_CALL_ALLOC_NID:
		err = c->port->alloc(c->p, GFPF_KERNEL, 0, 0, cfg->nr_nodes, &out);
		break;
	case PF_CALL_ALLOC_GFP:
		err = c->port->alloc(c->p, GFPF_KERNEL | (GFPF_ALL + 1), 0, 0, -1, &out);
		break;
	case PF_CALL_FREE_CPU:
		live_block(c, &pfn, &order);
		err = c->port->free(c->p, pfn, order, cfg->nr_cpus);
		break;
	case PF_CALL_FREE_ORDER:
		live_block(c, &pfn, &order);
		err = c->port->free(c->p, pfn, cfg->max_order + 1U, 0);
		break;
	case PF_CALL_DRAIN_CPU:
		err = c->port->drain(c->p, cfg->nr_cpus);
		break;
	case PF_CALL_COMPACT_ORDER:
		err = c->port->compact(c->p, -1, -1, cfg->max_order + 1U);
		break;
	case PF_CALL_COMPACT_NID:
		err = c->port->compact(c->p, cfg->nr_nodes, -1, 0);
		break;
	case PF_CALL_COMPACT_ZONE:
		err = c->port->compact(c->p, -1, PF_NR_ZONES, 0);
		break;
	case PF_CALL_BOOT:
		want = PF_ESTATE;
		err = c->port->boot(c->p, &c->map);
		break;
	case PF_CALL_EARLY_ALLOC:
	case PF_CALL_EARLY_FREE:
	case PF_CALL_EARLY_DRAIN:
	case PF_CALL_EARLY_COMPACT:
	case PF_CALL_EARLY_ISOLATE:
	case PF_CALL_EARLY_UNISOLATE:
	case PF_CALL_EARLY_CONTIG:
		want = PF_ESTATE;
		if (!early_call(c, op->arg, &err))
			return run_skip(c, "the port refused a second instance");
		break;
	default:
		want = PF_ESTATE;
		err = late_memblock(c, op->arg);
		break;
	}
	c->last = err ? LAST_FAILED : LAST_OK;
	run_note(c, "  -> %s\n", err ? run_strerror(err) : "accepted");
	if (err != want)
		return run_fail(c, err ? "port.bad_call_code" : "port.bad_call_accepted", 0, 0,
				"misuse call %s: %s, where the answer must be %s",
				scn_bad_call_name(op->arg), err ? run_strerror(err) : "accepted",
				run_strerror(want));
	run_take_snapshot(c, &after);
	mb_sizes(c, &mb_after);
	if (memcmp(&before, &after, sizeof(before)) || memcmp(&mb_before, &mb_after, sizeof(mb_before)))
		return run_fail(c, "port.misuse_changed_state", 0, 0,
				"misuse call %s was refused but changed the %s",
				scn_bad_call_name(op->arg),
				memcmp(&before, &after, sizeof(before)) ? "free counts" :
				"memblock arrays");
	return true;
}
