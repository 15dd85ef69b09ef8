// SPDX-License-Identifier: MIT
/*
 * run_boot.c - the boot half of a run.  The port instance is created
 * first; each boot-phase line of the scenario then runs in order:
 *  memblock op   on the port's own memblock (PORT_CAP_MEMBLOCK), judged
 *                against the judge's model (oracle/mb_model.c): the
 *                result, the array growth, both arrays; or, for a port
 *                without memblock, on the model alone
 *  expect        about the memblock op before it (replaying a .trace)
 *  dump memblock the port's arrays, or the model's
 * Nothing here runs code of alloc/.  At `boot` the model's sets are the
 * final memory map: the oracle is built from them and the port boots on
 * them, then its zone sizes are compared with the oracle's.  A map that
 * cannot boot (no memory, memory past what ports take, a port's clean
 * refusal) ends the run with RUN_NOT_BOOTED and the reason.
 *
 * `config host_fail=N` (SCN_CAP_HOST_FAIL): the port's Nth host
 * allocation from create() on fails.  The call that meets it (create(),
 * a memblock op, boot()) must answer PF_ENOMEM, a memblock op with its
 * arrays as before; the run then ends clean there ("ended by", like a
 * `corrupt`), and is judged by the sanitizers for what the failure path
 * leaked or touched.  Another answer is `port.host_fail_code`.  A port
 * that met the failure and succeeded anyway goes on, judged as usual.
 *
 * The default zone boundaries when a scenario gives none are x86-64's:
 * DMA below 16 MiB, DMA32 below 4 GiB, Normal to the end of memory.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "run_internal.h"

#define PAGE_BYTES	4096ULL

static bool has_memblock(const struct run_ctx *c)
{
	return c->port->caps & PORT_CAP_MEMBLOCK;
}

void run_to_port_op(const struct scn_boot_op *b, struct port_mb_op *op)
{
	static const enum port_mb_kind kinds[NR_MB_KINDS] = {
		[BOOT_MB_ADD] = PORT_MB_ADD, [BOOT_MB_RESERVE] = PORT_MB_RESERVE,
		[BOOT_MB_REMOVE] = PORT_MB_REMOVE, [BOOT_MB_FREE] = PORT_MB_FREE,
		[BOOT_MB_ALLOC] = PORT_MB_ALLOC,
	};

	memset(op, 0, sizeof(*op));
	op->kind = kinds[b->kind];
	op->size = b->size;
	op->nid = PF_NUMA_NO_NODE;
	if (b->kind == BOOT_MB_ALLOC) {
		op->nid = b->nid;
		op->align = b->align ? b->align : PF_MEMBLOCK_DEFAULT_ALIGN;
		op->min_addr = b->min_addr;
		op->max_addr = b->max_addr;
		op->bottom_up = b->bottom_up;
	} else {
		op->base = b->base;
		if (b->kind == BOOT_MB_ADD)
			op->nid = b->nid < 0 ? 0 : b->nid;
	}
}

/* Apply a judged (or, without a port memblock, chosen) op to the model. */
static bool model_apply(struct run_ctx *c, const struct port_mb_op *op, uint64_t addr)
{
	struct mb_model *m = &c->mbm;

	switch (op->kind) {
	case PORT_MB_ADD:
		return mbm_add(m, op->base, op->size, op->nid);
	case PORT_MB_RESERVE:
		return mbm_reserve(m, op->base, op->size, PF_MEMBLOCK_NO_NODE);
	case PORT_MB_REMOVE:
		return mbm_remove(m, op->base, op->size);
	case PORT_MB_FREE:
		return mbm_free(m, op->base, op->size);
	default:
		return mbm_reserve(m, addr, op->size, PF_MEMBLOCK_NO_NODE);
	}
}

static bool verdict_fail(struct run_ctx *c, const struct oracle_verdict *v)
{
	return run_fail(c, v->id, 0, 0, "%s", v->detail);
}

/* A port without memblock: the model alone decides, as the kernel would. */
static bool play_on_model(struct run_ctx *c, const struct port_mb_op *op)
{
	uint64_t addr = 0;
	bool ok = true;

	if (op->kind == PORT_MB_ALLOC) {
		ok = mbm_find(&c->mbm, op, &addr);
		run_note(c, "  memblock alloc -> %s0x%" PRIx64 "\n", ok ? "" : "failed, ", addr);
	}
	c->last = ok ? LAST_OK : LAST_FAILED;
	if (ok && !model_apply(c, op, addr))
		return run_fail(c, "harness.out_of_memory", 0, 0, "memblock model");
	return true;
}

static void remember_counts(struct run_ctx *c, const struct port_mb_state *st)
{
	c->mb_cnt[0] = st->memory.cnt;
	c->mb_max[0] = st->memory.max;
	c->mb_cnt[1] = st->reserved.cnt;
	c->mb_max[1] = st->reserved.max;
}

/* A port with its own memblock: run the op there, judge everything it reports. */
/**
 * run_judge_memblock - the port ran memblock op @op and answered @err
 * (@addr for an alloc): judge everything it reports against the model.
 */
bool run_judge_memblock(struct run_ctx *c, const struct port_mb_op *op, int err, uint64_t addr)
{
	struct port_mb_state after;
	struct oracle_verdict v;
	unsigned long *cnt = c->mb_cnt, *max = c->mb_max;	/* as judged after the last op */

	c->last = err ? LAST_FAILED : LAST_OK;
	if (op->kind == PORT_MB_ALLOC)
		run_note(c, "  memblock alloc -> 0x%" PRIx64 " (%s)\n", addr, run_strerror(err));
	c->port->memblock_report(c->p, &after);
	if (!mbm_judge_growth(&c->mbm, op, err, addr, &after, &v))
		return verdict_fail(c, &v);
	if (op->kind == PORT_MB_ALLOC) {
		if (!mbm_judge_alloc(&c->mbm, op, err, addr, cnt[1], max[1], &v))
			return verdict_fail(c, &v);
	} else if (err) {
		bool rsv = op->kind == PORT_MB_RESERVE || op->kind == PORT_MB_FREE;

		if (!mbm_judge_op_error(&c->mbm, op, err, cnt[rsv], max[rsv], &v))
			return verdict_fail(c, &v);
	}
	if (!err && !model_apply(c, op, addr))
		return run_fail(c, "harness.out_of_memory", 0, 0, "memblock model");
	if (!mbm_judge_state(&c->mbm, &after, &v))
		return verdict_fail(c, &v);
	remember_counts(c, &after);
	return true;
}

/*
 * Did the call that answered @err meet the injected host allocation
 * failure?  Then judge its answer (PF_ENOMEM), end the run clean and
 * return true; *@ok says whether the answer was right.
 */
static bool host_failure_met(struct run_ctx *c, const char *call, int err, bool *ok)
{
	if (!c->s->cfg.host_fail || !c->port->host_fail || !err || !c->port->host_fail(-1))
		return false;
	c->last = LAST_FAILED;
	if (err != PF_ENOMEM) {
		*ok = run_fail(c, "port.host_fail_code", 0, 0, "%s met the failure of host "
			       "allocation %u and answered %s, not ENOMEM", call,
			       c->s->cfg.host_fail, run_strerror(err));
		return true;
	}
	snprintf(c->r->ended_by, sizeof(c->r->ended_by), "ended by the failure of host "
		 "allocation %u (config host_fail) in %s: ENOMEM", c->s->cfg.host_fail, call);
	run_note(c, "  -> %s\n", c->r->ended_by);
	*ok = true;
	return true;
}

/* A port with its own memblock: run the op there, judge everything it reports. */
static bool play_on_port(struct run_ctx *c, const struct port_mb_op *op)
{
	static const char *const names[] = {
		[PORT_MB_ADD] = "memblock add", [PORT_MB_RESERVE] = "memblock reserve",
		[PORT_MB_REMOVE] = "memblock remove", [PORT_MB_FREE] = "memblock free",
		[PORT_MB_ALLOC] = "memblock alloc",
	};
	uint64_t addr = 0;
	int err = c->port->memblock(c->p, op, &addr);
	struct port_mb_state after;
	struct oracle_verdict v;
	bool ok;

	if (host_failure_met(c, names[op->kind], err, &ok)) {
		/* a failed op leaves the arrays as they were: the model's, before it */
		c->port->memblock_report(c->p, &after);
		if (ok && !mbm_judge_state(&c->mbm, &after, &v))
			verdict_fail(c, &v);
		return false;
	}
	return run_judge_memblock(c, op, err, addr);
}

/* `dump memblock` before `boot`: the port's arrays, in TRACE.md's format. */
void run_dump_port_memblock(struct run_ctx *c, FILE *out)
{
	const struct port_mb_type *types[2];
	static const char *const names[2] = { "memory", "reserved" };
	struct port_mb_state st;

	c->port->memblock_report(c->p, &st);
	types[0] = &st.memory;
	types[1] = &st.reserved;
	for (int t = 0; t < 2; t++) {
		fprintf(out, "memblock.%s: cnt=%lu max=%lu total_size=0x%" PRIx64 "\n", names[t],
			types[t]->cnt, types[t]->max, types[t]->total_size);
		for (unsigned long i = 0; i < types[t]->cnt; i++) {
			const struct port_mb_region *r = &types[t]->regions[i];

			fprintf(out, "  [%lu] base=0x%016" PRIx64 " size=0x%016" PRIx64
				" nid=%d flags=0x%" PRIx32 "\n", i, r->base, r->size, r->nid,
				r->flags);
		}
	}
}

static bool boot_expect(struct run_ctx *c, const struct scn_boot_op *b)
{
	bool want_ok = b->arg != 0;

	if (!c->o->honour_expect || c->s->cfg.expect_off || want_ok == (c->last == LAST_OK))
		return true;
	return run_fail(c, "expect", 0, 0, "expected the previous op to %s, it %s",
			want_ok ? "succeed" : "fail", want_ok ? "failed" : "succeeded");
}

bool run_play_boot_op(struct run_ctx *c, const struct scn_boot_op *b)
{
	struct port_mb_op op;

	if (c->o->verbose && c->o->out) {
		fprintf(c->o->out, "[boot %d] ", c->cur_boot);
		scenario_print_boot_op(b, c->o->out);
	}
	if (b->kind == BOOT_EXPECT)
		return boot_expect(c, b);
	if (b->kind == BOOT_DUMP) {
		if (c->sink && has_memblock(c))
			run_dump_port_memblock(c, c->sink);
		else if (c->sink)
			mbm_dump(&c->mbm, c->sink);
		return true;
	}
	run_to_port_op(b, &op);
	return has_memblock(c) ? play_on_port(c, &op) : play_on_model(c, &op);
}

static bool build_map(struct run_ctx *c)
{
	const struct scn_zones *z = &c->s->zones;
	const struct mbm_list *mem = &c->mbm.memory, *rsv = &c->mbm.reserved;
	uint64_t end = 0;
	unsigned long i;

	c->memory = calloc(mem->cnt + 1, sizeof(*c->memory));
	c->reserved = calloc(rsv->cnt + 1, sizeof(*c->reserved));
	if (!c->memory || !c->reserved)
		return false;
	for (i = 0; i < mem->cnt; i++) {
		c->memory[i] = (struct port_region){ mem->r[i].base, mem->r[i].size, mem->r[i].nid };
		if ((mem->r[i].base + mem->r[i].size) / PAGE_BYTES > end)
			end = (mem->r[i].base + mem->r[i].size) / PAGE_BYTES;
	}
	for (i = 0; i < rsv->cnt; i++)
		c->reserved[i] = (struct port_region){ rsv->r[i].base, rsv->r[i].size, rsv->r[i].nid };
	c->map.scn = c->s;
	c->map.memory = c->memory;
	c->map.nr_memory = (unsigned int)mem->cnt;
	c->map.reserved = c->reserved;
	c->map.nr_reserved = (unsigned int)rsv->cnt;
	c->map.end_pfn = end;
	if (z->set) {
		memcpy(c->map.max_zone_pfn, z->max_zone_pfn, sizeof(c->map.max_zone_pfn));
		c->map.has_movable = z->has_movable;
		c->map.movable_pfn = z->movable_pfn;
	} else {
		c->map.max_zone_pfn[0] = end < 4096 ? end : 4096;
		c->map.max_zone_pfn[1] = end < (1ULL << 20) ? end : (1ULL << 20);
		c->map.max_zone_pfn[2] = end;
	}
	return true;
}

static bool build_oracle(struct run_ctx *c)
{
	unsigned int i;

	c->orc = oracle_create(c->map.end_pfn, c->s->cfg.nr_nodes);
	if (!c->orc || !oracle_set_slots(c->orc, c->nr_slots))
		return false;
	oracle_set_zones(c->orc, c->map.max_zone_pfn, c->map.has_movable, c->map.movable_pfn);
	for (i = 0; i < c->map.nr_memory; i++)
		oracle_add_memory(c->orc, c->memory[i].base, c->memory[i].size, c->memory[i].nid);
	for (i = 0; i < c->map.nr_reserved; i++)
		oracle_add_reserved(c->orc, c->reserved[i].base, c->reserved[i].size);
	oracle_finish_boot(c->orc);
	return true;
}

/* port_env.reason: the port's word on its next answer, kept for the report. */
void run_on_reason(void *arg, const char *text)
{
	struct run_ctx *c = arg;

	snprintf(c->reason, sizeof(c->reason), "%s", text);
}

/* The run ends here: the map cannot boot, for the reason given. */
static bool not_booted(struct run_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static bool not_booted(struct run_ctx *c, const char *fmt, ...)
{
	va_list ap;

	c->r->status = RUN_NOT_BOOTED;
	va_start(ap, fmt);
	vsnprintf(c->r->boot_why, sizeof(c->r->boot_why), fmt, ap);
	va_end(ap);
	run_note(c, "  boot: %s\n", c->r->boot_why);
	return false;
}

/* Maps the ports cannot hold end the run before the oracle is built. */
static bool map_possible(struct run_ctx *c)
{
	uint64_t limit = c->o->max_end_pfn ? c->o->max_end_pfn : PF_PFN_LIMIT;

	if (!c->map.end_pfn)
		return not_booted(c, "cannot run: the memory map holds no page of memory");
	if (c->map.end_pfn > limit)
		return not_booted(c, "cannot run: the memory map ends at pfn 0x%" PRIx64
				  ", past pfn 0x%" PRIx64 ", the most this run takes",
				  c->map.end_pfn, limit);
	return true;
}

/* `boot`: the map, the oracle, page memory, the port's machine, first checks. */
bool run_boot_machine(struct run_ctx *c)
{
	bool ok;
	int err;

	if (!build_map(c))
		return false;
	if (!map_possible(c))
		return false;
	if (!build_oracle(c) || !content_setup(c))
		return false;
	/* every K ops, but at most one walk per WALK_PFNS_PER_OP pfns of map per op */
	c->walk_every = (unsigned int)((c->map.end_pfn + WALK_PFNS_PER_OP - 1) / WALK_PFNS_PER_OP);
	if (c->walk_every < c->s->cfg.check_every)
		c->walk_every = c->s->cfg.check_every;
	err = c->port->boot(c->p, &c->map);
	if (host_failure_met(c, "boot()", err, &ok))
		return false;
	if (c->s->cfg.host_fail && c->port->host_fail)
		c->port->host_fail(0);	/* booted: no later call meets it */
	if (err) {
		/* any error is a clean refusal (port.h); the port's reason goes with it */
		c->port->destroy(c->p);
		c->p = NULL;
		if (err > 0)
			return run_fail(c, "port.boot_error", 0, 0,
					"port %s: boot answered %d (a refusal is < 0)", c->port->name, err);
		return not_booted(c, "cannot run: port %s refused the map (%s%s%s)", c->port->name,
				  run_strerror(err), c->reason[0] ? ": " : "", c->reason);
	}
	c->booted = true;
	c->last = LAST_OK;	/* an `expect` right after `boot` is about it */
	if (!run_check_zones(c, true))
		return false;
	c->pol = policy_create(&c->s->cfg, c->port, c->p, c->orc, c->map.end_pfn);
	if (c->pol) {
		struct policy_verdict v;

		if (!policy_boot(c->pol, &v))
			return run_policy_fail(c, &v);
	}
	return run_check_all(c);
}

/**
 * run_boot - everything before the first run-phase op.
 * @c: run context with s, o, r and port set
 * Return: true to go on with the ops; false when the run is over (a
 * failure was reported, the scenario has no `boot`, or the map cannot boot).
 */
bool run_boot(struct run_ctx *c)
{
	int err = 0;
	bool ok;

	if (!run_boot_setup(c))
		return false;
	if (c->s->cfg.host_fail && c->port->host_fail)
		c->port->host_fail(c->s->cfg.host_fail);
	c->p = c->port->create(&c->s->cfg, &c->env, &err);
	if (!c->p && host_failure_met(c, "create()", err ? err : PF_EINVAL, &ok))
		return false;
	if (!run_boot_created(c, err))
		return false;
	for (unsigned int i = 0; i < c->s->nr_boot; i++) {
		c->cur_boot = (int)i;
		if (!run_play_boot_op(c, &c->s->boot[i]))
			return false;
	}
	c->cur_boot = -1;
	if (!c->s->booted)
		return false;
	return run_boot_machine(c);
}

/* run_boot's first half: the judge's memblock, the port's env, its hooks present. */
bool run_boot_setup(struct run_ctx *c)
{
	if (mbm_init(&c->mbm))
		return false;
	c->mbm_live = true;
	c->env.report = c->o->report;
	c->env.migrate = run_on_migrate;
	c->env.migrate_ctx = c;
	c->env.reason = run_on_reason;
	c->env.reason_ctx = c;
	if (!c->port->create || !c->port->boot || !c->port->destroy ||
	    (has_memblock(c) && (!c->port->memblock || !c->port->memblock_report)))
		return run_fail(c, "port.missing_hook", 0, 0, "port %s lacks create, boot, destroy "
				"or (PORT_CAP_MEMBLOCK) memblock / memblock_report", c->port->name);
	return true;
}

/* The port's create() gave c->p (NULL: @err): its initial memblock judged. */
bool run_boot_created(struct run_ctx *c, int err)
{
	struct port_mb_state st;
	struct oracle_verdict v;

	if (!c->p)
		return run_fail(c, "port.create_failed", 0, 0, "port %s: create answered %d (%s)",
				c->port->name, err, run_strerror(err));
	if (has_memblock(c)) {
		c->port->memblock_report(c->p, &st);
		if (!mbm_judge_initial(&c->mbm, &st, &v))
			return verdict_fail(c, &v);
		remember_counts(c, &st);
	}
	return true;
}

void run_teardown(struct run_ctx *c)
{
	if (c->s->cfg.host_fail && c->port->host_fail)
		c->port->host_fail(0);	/* process-wide: the next run starts disarmed */
	policy_destroy(c->pol);
	c->pol = NULL;
	if (c->p)
		c->port->destroy(c->p);
	c->p = NULL;
	content_teardown(c);
	oracle_destroy(c->orc);
	c->orc = NULL;
	if (c->mbm_live)
		mbm_release(&c->mbm);
	c->mbm_live = false;
	free(c->memory);
	free(c->reserved);
	c->memory = c->reserved = NULL;
}
