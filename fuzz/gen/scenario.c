/* SPDX-License-Identifier: MIT */
/*
 * scenario.c - the scenario value itself: defaults, equality and the
 * validity rules every producer (decode, parse) must meet and every
 * consumer (print, encode, the runner) may rely on.
 *
 * A valid scenario is also canonical: a field that its op or boot op kind
 * does not use holds its neutral value, and pcp_high/pcp_batch and
 * min_free_kbytes hold fixed values while they are `auto`.  That is what
 * lets scenario_equal() compare field by field and still have
 * parse(print(s)) == s and decode(encode(s)) == s.
 */
#include <errno.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <pagefuzz/vocab.h>
#include "gen_internal.h"

/**
 * scenario_init - the default machine, no boot ops, no run ops
 * @s: the scenario to fill
 *
 * max_order 10, pageblock_order 9, one cpu, one node, automatic pcp sizes
 * and min_free_kbytes, grouping by mobility, a full check every 16 ops.
 */
/*
 * The boot[] and ops[] arrays are left as they are: every producer (decode,
 * parse, the tests) clears a record before it fills it, and nothing reads
 * past nr_boot / nr_ops.  Clearing 100+ KiB per fuzz input cost 2% of a run.
 */
void scenario_init(struct scenario *s)
{
	memset(s, 0, offsetof(struct scenario, boot));
	memset(&s->zones, 0, offsetof(struct scenario, ops) - offsetof(struct scenario, zones));
	s->version = SCN_FORMAT_VERSION;
	s->cfg.max_order = 10;
	s->cfg.pageblock_order = 9;
	s->cfg.nr_cpus = 1;
	s->cfg.nr_nodes = 1;
	s->cfg.pcp_auto = true;
	s->cfg.pcp_batch = 1;
	s->cfg.min_free_auto = true;
	s->cfg.mobility = true;
	s->cfg.check_every = 16;
	s->nr_slots = SCN_NR_SLOTS;
}

/**
 * scenario_release - free what a long .trace needed past the fixed arrays
 * @s: the scenario; ops past SCN_MAX_OPS are dropped from nr_ops
 */
void scenario_release(struct scenario *s)
{
	free(s->more_ops);
	s->more_ops = NULL;
	s->more_cap = 0;
	if (s->nr_ops > SCN_MAX_OPS)
		s->nr_ops = SCN_MAX_OPS;
}

/**
 * scenario_new_op - the place of op nr_ops, growing more_ops when needed
 * @s: the scenario
 *
 * Return: the op (not cleared, nr_ops not raised), or NULL when out of
 * memory or at SCN_MAX_TRACE_OPS.
 */
struct scn_op *scenario_new_op(struct scenario *s)
{
	unsigned int i = s->nr_ops;

	if (i < SCN_MAX_OPS)
		return &s->ops[i];
	if (i >= SCN_MAX_TRACE_OPS)
		return NULL;
	if (i - SCN_MAX_OPS == s->more_cap) {
		unsigned int cap = s->more_cap ? s->more_cap * 2 : SCN_MAX_OPS;
		struct scn_op *more = realloc(s->more_ops, (size_t)cap * sizeof(*more));

		if (!more)
			return NULL;
		s->more_ops = more;
		s->more_cap = cap;
	}
	return &s->more_ops[i - SCN_MAX_OPS];
}

static bool config_equal(const struct scn_config *a, const struct scn_config *b)
{
	return a->max_order == b->max_order &&
	       a->pageblock_order == b->pageblock_order &&
	       a->nr_cpus == b->nr_cpus && a->nr_nodes == b->nr_nodes &&
	       a->pcp_auto == b->pcp_auto && a->pcp_high == b->pcp_high &&
	       a->pcp_batch == b->pcp_batch &&
	       a->min_free_auto == b->min_free_auto &&
	       a->min_free_kbytes == b->min_free_kbytes &&
	       a->mobility == b->mobility && a->check_every == b->check_every &&
	       a->host_fail == b->host_fail &&
	       memcmp(a->distance, b->distance, sizeof(a->distance)) == 0;
}

static bool boot_equal(const struct scn_boot_op *a, const struct scn_boot_op *b)
{
	return a->kind == b->kind && a->nid == b->nid &&
	       a->bottom_up == b->bottom_up && a->base == b->base &&
	       a->size == b->size && a->align == b->align &&
	       a->min_addr == b->min_addr && a->max_addr == b->max_addr &&
	       a->arg == b->arg;
}

static bool zones_equal(const struct scn_zones *a, const struct scn_zones *b)
{
	return a->set == b->set && a->has_movable == b->has_movable &&
	       a->movable_pfn == b->movable_pfn &&
	       memcmp(a->max_zone_pfn, b->max_zone_pfn, sizeof(a->max_zone_pfn)) == 0;
}

static bool op_equal(const struct scn_op *a, const struct scn_op *b)
{
	return a->kind == b->kind && a->order == b->order && a->slot == b->slot &&
	       a->arg == b->arg && a->cpu == b->cpu && a->nid == b->nid &&
	       a->zone == b->zone && a->gfp == b->gfp && a->pfn == b->pfn &&
	       a->nr_pages == b->nr_pages && a->times == b->times;
}

/**
 * scenario_equal - field-by-field equality, ignoring source lines
 * @a: one scenario
 * @b: the other
 *
 * Boot ops and ops past nr_boot / nr_ops are not looked at, nor is the
 * binary version a scenario was decoded from (a .trace has none; the
 * scenario means the same either way), nor cfg.expect_off: a binary input
 * never checks its `expect`s, so encoding a .trace loses that bit, and
 * print leaves `expect=off` out when there is no `expect` to turn off.
 * Return: true when every field but the `line`s and `version` is equal.
 */
bool scenario_equal(const struct scenario *a, const struct scenario *b)
{
	if (!config_equal(&a->cfg, &b->cfg) ||
	    a->nr_boot != b->nr_boot || !zones_equal(&a->zones, &b->zones) ||
	    a->booted != b->booted || a->nr_ops != b->nr_ops)
		return false;
	for (unsigned int i = 0; i < a->nr_boot; i++)
		if (!boot_equal(&a->boot[i], &b->boot[i]))
			return false;
	for (unsigned int i = 0; i < a->nr_ops; i++)
		if (!op_equal(scenario_op(a, i), scenario_op(b, i)))
			return false;
	return true;
}

/* The kinds an `expect` looks past to find the op it is about. */
static bool is_note_kind(unsigned int kind)
{
	return kind == OP_EXPECT || kind == OP_DUMP || kind == OP_CHECK;
}

/**
 * scenario_runs_before - the runs of the op an expect at @i is about
 * @s: the scenario
 * @i: the expect's index (may be s->nr_ops, for a parser adding one)
 *
 * Return: the `x N` of the nearest op before @i that is no expect, dump or
 * check (1 when it has none), or 0 when there is no such op.
 */
uint32_t scenario_runs_before(const struct scenario *s, unsigned int i)
{
	while (i-- > 0)
		if (!is_note_kind(scenario_op(s, i)->kind))
			return scenario_op(s, i)->times ? scenario_op(s, i)->times : 1;
	return 0;
}

/* ---- validity ---- */

static const char *validate_distance(const struct scn_config *c)
{
	for (unsigned int i = 0; i < SCN_MAX_NODES; i++) {
		for (unsigned int j = 0; j < SCN_MAX_NODES; j++) {
			unsigned int d = c->distance[i][j];

			if (d == 0)
				continue;
			if (i >= c->nr_nodes || j >= c->nr_nodes)
				return "distance set for a node >= nr_nodes";
			if (i == j && d != SCN_MIN_DISTANCE)
				return "local distance is not 10";
			if (d < SCN_MIN_DISTANCE || d > SCN_MAX_DISTANCE)
				return "distance outside 10..254";
		}
	}
	return NULL;
}

static const char *validate_config(const struct scn_config *c)
{
	if (c->max_order > PF_MAX_ORDER_LIMIT)
		return "max_order > 12";
	if (c->pageblock_order > c->max_order)
		return "pageblock_order > max_order";
	if (c->nr_cpus < 1 || c->nr_cpus > SCN_MAX_CPUS)
		return "nr_cpus outside 1..8";
	if (c->nr_nodes < 1 || c->nr_nodes > SCN_MAX_NODES)
		return "nr_nodes outside 1..8";
	if (c->pcp_auto && (c->pcp_high != 0 || c->pcp_batch != 1))
		return "pcp_auto with pcp_high != 0 or pcp_batch != 1";
	if (c->pcp_high > SCN_MAX_PCP || c->pcp_batch < 1 || c->pcp_batch > SCN_MAX_PCP)
		return "pcp_high or pcp_batch out of range";
	if (c->min_free_auto && c->min_free_kbytes != 0)
		return "min_free_auto with min_free_kbytes != 0";
	if (c->min_free_kbytes > SCN_MAX_MIN_FREE_KBYTES)
		return "min_free_kbytes > 1<<20";
	if (c->check_every < 1 || c->check_every > SCN_MAX_CHECK_EVERY)
		return "check_every outside 1..256";
	return validate_distance(c);
}

static const char *validate_boot_op(const struct scn_boot_op *b, const struct scn_config *c)
{
	if (b->kind >= NR_BOOT_KINDS)
		return "boot op kind out of range";
	if (b->kind == BOOT_EXPECT || b->kind == BOOT_DUMP) {
		if (b->nid || b->bottom_up || b->base || b->size || b->align || b->min_addr ||
		    b->max_addr)
			return "field set on a boot-phase expect/dump";
		if (b->kind == BOOT_EXPECT ? b->arg > 1 : b->arg != DUMP_MEMBLOCK)
			return "boot-phase expect/dump argument out of range";
		return NULL;
	}
	if (b->arg)
		return "arg set on a memblock op";
	if (b->kind == BOOT_MB_ALLOC) {
		if (b->base != 0)
			return "memblock alloc with a base";
		if (b->nid < -1 || b->nid >= c->nr_nodes)
			return "memblock alloc nid out of range";
		if (b->align & (b->align - 1))
			return "memblock alloc align not a power of two";
		return NULL;
	}
	if (b->bottom_up || b->align || b->min_addr || b->max_addr)
		return "alloc-only field set on a memblock add/reserve/remove/free";
	if (b->kind == BOOT_MB_ADD)
		return b->nid < 0 || b->nid >= c->nr_nodes ? "memblock add nid out of range" : NULL;
	return b->nid != 0 ? "nid set on a memblock reserve/remove/free" : NULL;
}

static const char *validate_zones(const struct scn_zones *z)
{
	if (!z->set)
		return z->max_zone_pfn[0] || z->max_zone_pfn[1] || z->max_zone_pfn[2] ||
		       z->has_movable || z->movable_pfn ? "zone values without zones set" : NULL;
	if (z->max_zone_pfn[0] > z->max_zone_pfn[1] || z->max_zone_pfn[1] > z->max_zone_pfn[2])
		return "max_zone_pfn decreasing";
	if (z->max_zone_pfn[2] >= SCN_ZONE_PFN_LIMIT || z->movable_pfn >= SCN_ZONE_PFN_LIMIT)
		return "zone pfn >= 1<<53";
	if (!z->has_movable && z->movable_pfn)
		return "movable_pfn without has_movable";
	return NULL;
}

/* The OPF_* fields of the op, each in range. */
static const char *validate_op_fields(const struct scn_op *op, const struct scenario *s,
				      unsigned int f)
{
	const struct scn_config *c = &s->cfg;

	if ((f & (OPF_ORDER | OPF_ORDER_KEY)) && op->order > c->max_order)
		return "op order > max_order";
	if ((f & OPF_REF) && op->slot >= s->nr_slots)
		return "op slot >= nr_slots";
	if ((f & OPF_BIND) && op->slot >= s->nr_slots && op->slot != SCN_SLOT_NONE)
		return "op slot >= nr_slots";
	if ((f & OPF_TIMES) && (op->times == 1 || op->times > SCN_MAX_TIMES ||
				(op->times && op->slot != SCN_SLOT_NONE)))
		return "op times is 1, too large, or on an op that binds a name";
	if ((f & OPF_EXPECT) && op->arg >= NR_EXPECTS)
		return "expect arg out of range";
	if ((f & OPF_EXPECT) && op->arg != EXPECT_COUNT && op->times)
		return "times on an expect ok|fail";
	if ((f & OPF_DUMP) && op->arg >= NR_DUMPS)
		return "dump arg out of range";
	if ((f & OPF_CORRUPT) && op->arg >= PF_NR_CORRUPT)
		return "corrupt arg out of range";
	if ((f & OPF_CALL) && op->arg >= PF_NR_BAD_CALLS)
		return "misuse call arg out of range";
	if ((f & OPF_PIN) && op->arg > 1)
		return "pinned not 0/1";
	if ((f & OPF_GFP) && (op->gfp & ~GFPF_ALL))
		return "gfp bits outside GFPF_ALL";
	if ((f & OPF_CPU) && (op->cpu < 0 || op->cpu >= c->nr_cpus))
		return "op cpu out of range";
	if ((f & OPF_CPU_ALL) && (op->cpu < -1 || op->cpu >= c->nr_cpus))
		return "drain cpu out of range";
	if ((f & OPF_NID) && (op->nid < -1 || op->nid >= c->nr_nodes))
		return "op nid out of range";
	if ((f & OPF_ZONE) && (op->zone < -1 || op->zone >= PF_NR_ZONES))
		return "op zone out of range";
	if ((f & OPF_PFN) && op->pfn > SCN_MAX_OP_PFN)
		return "op pfn > SCN_MAX_OP_PFN";
	if ((f & OPF_NR) && (op->nr_pages < 1 || op->nr_pages > SCN_MAX_NR_PAGES))
		return "op nr_pages outside 1..SCN_MAX_NR_PAGES";
	return NULL;
}

static const char *validate_op(const struct scn_op *op, const struct scenario *s)
{
	struct scn_op neutral;
	unsigned int f;

	if (op->kind >= NR_OP_KINDS)
		return "op kind out of range";
	f = ops_desc[op->kind].fields;
	ops_clear(&neutral, op->kind);
	if ((!(f & (OPF_ORDER | OPF_ORDER_KEY)) && op->order != neutral.order) ||
	    (!(f & (OPF_REF | OPF_BIND)) && op->slot != neutral.slot) ||
	    (!(f & (OPF_EXPECT | OPF_DUMP | OPF_PIN | OPF_CORRUPT | OPF_CALL)) && op->arg != neutral.arg) ||
	    (!(f & OPF_GFP) && op->gfp != neutral.gfp) ||
	    (!(f & (OPF_CPU | OPF_CPU_ALL)) && op->cpu != neutral.cpu) ||
	    (!(f & OPF_NID) && op->nid != neutral.nid) ||
	    (!(f & OPF_ZONE) && op->zone != neutral.zone) ||
	    (!(f & OPF_PFN) && op->pfn != neutral.pfn) ||
	    (!(f & OPF_NR) && op->nr_pages != neutral.nr_pages) ||
	    (!(f & (OPF_TIMES | OPF_EXPECT)) && op->times != neutral.times))
		return "op field its kind does not use is not neutral";
	return validate_op_fields(op, s, f);
}

/**
 * scenario_validate - check every range and canonical-form rule
 * @s: the scenario
 *
 * Return: NULL when @s is valid, else a fixed string naming the first
 * broken rule.
 */
const char *scenario_validate(const struct scenario *s)
{
	const char *why;

	if (s->version != SCN_FORMAT_VERSION && s->version != SCN_FORMAT_V1)
		return "unknown version";
	why = validate_config(&s->cfg);
	if (why)
		return why;
	if (s->nr_boot > SCN_MAX_BOOT_OPS)
		return "nr_boot > SCN_MAX_BOOT_OPS";
	for (unsigned int i = 0; i < s->nr_boot; i++)
		if ((why = validate_boot_op(&s->boot[i], &s->cfg)))
			return why;
	why = validate_zones(&s->zones);
	if (why)
		return why;
	if (s->nr_ops > SCN_MAX_TRACE_OPS || (s->nr_ops > SCN_MAX_OPS && !s->more_ops))
		return "nr_ops > SCN_MAX_TRACE_OPS, or past SCN_MAX_OPS without more_ops";
	if (!s->booted && s->nr_ops)
		return "run ops without boot";
	if (s->nr_slots < SCN_NR_SLOTS)
		return "nr_slots < SCN_NR_SLOTS";
	for (unsigned int i = 0; i < s->nr_ops; i++) {
		const struct scn_op *op = scenario_op(s, i);

		if ((why = validate_op(op, s)))
			return why;
		if (op->kind == OP_EXPECT && op->arg == EXPECT_COUNT &&
		    op->times > scenario_runs_before(s, i))
			return "expect ok=K with K > the runs of the op before (or no op)";
	}
	return NULL;
}

/**
 * scenario_read_file - read a whole file into memory, at most @max bytes
 * @path: the file
 * @max: the largest size accepted (SCN_MAX_TRACE_BYTES, SCN_MAX_INPUT_BYTES)
 * @data: set to a malloc'ed buffer (one spare NUL byte past *@size)
 * @size: set to the number of bytes read
 *
 * Never reads more than @max + 1 bytes, so that a path to an endless
 * file (/dev/zero, a pipe that never closes its end) still returns.
 * Return: 0, or -1 with errno set (EFBIG: the file holds more than @max
 * bytes; EISDIR: a directory; else the error of open or read).
 */
int scenario_read_file(const char *path, size_t max, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 4096, n = 0;
	uint8_t *buf;
	int e = 0;

	if (!f)
		return -1;
	buf = malloc(cap);
	while (buf) {
		size_t want = cap - n - 1;

		errno = 0;
		n += fread(buf + n, 1, want, f);
		if (ferror(f)) {
			e = errno ? errno : EIO;
			break;
		}
		if (n > max) {
			e = EFBIG;
			break;
		}
		if (n < cap - 1)
			break;
		cap *= 2;
		uint8_t *bigger = realloc(buf, cap);
		if (!bigger)
			free(buf);
		buf = bigger;
	}
	if (!buf || e) {
		free(buf);
		fclose(f);
		errno = buf ? e : ENOMEM;
		return -1;
	}
	fclose(f);
	buf[n] = 0;
	*data = buf;
	*size = n;
	return 0;
}
