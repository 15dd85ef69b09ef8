/* SPDX-License-Identifier: MIT */
/*
 * encode.c - scenario -> bytes of the binary format (decode.c), in the
 * version the scenario came from (2 unless decoded from version 1), the
 * exact inverse of scenario_decode() with SCN_CAP_ALL: for every encodable
 * s, decode(encode(s)) == s.  The minimizer and trace2bin rely on it.
 *
 * Of the several byte patterns that decode to one value the encoder always
 * writes the plainest: raw fields, shift and scale nibbles 0, the empty gfp
 * composite with every bit given raw, no "near a zone edge" reserve.  The
 * address width is the smallest that holds every address, size and pfn.
 * Source lines are not encoded.
 */
#include <string.h>
#include <pagefuzz/vocab.h>
#include "gen_internal.h"

_Static_assert(SCN_MAX_ENCODED == HDR_BYTES + SCN_MAX_BOOT_OPS * BOOT_REC_BYTES +
				  SCN_MAX_OPS * OP_REC_BYTES,
	       "SCN_MAX_ENCODED in scenario.h must follow the layout");

/**
 * scenario_encodable - whether a scenario has a binary form
 * @s: the scenario
 *
 * Return: NULL, or why not: it is invalid, has no `boot`, boots no
 * memory (decoding would add a `memblock add`), or uses what only a
 * .trace can say: more names than the format's SCN_NR_SLOTS slots, an
 * unnamed allocation, `x N`, `expect ok=K`.
 */
const char *scenario_encodable(const struct scenario *s)
{
	return scenario_encodable_line(s, NULL);
}

/**
 * scenario_encodable_line - scenario_encodable(), and where
 * @s: the scenario
 * @line: set to the source line of the first op the format cannot carry
 *	(0 when the reason is no op's); may be NULL
 *
 * Return: as scenario_encodable().
 */
const char *scenario_encodable_line(const struct scenario *s, uint32_t *line)
{
	const char *why = scenario_validate(s);

	if (line)
		*line = 0;
	if (why)
		return why;
	if (!s->booted)
		return "no `boot` line (decoded scenarios are always booted)";
	if (s->nr_ops > SCN_MAX_OPS)
		return "more than 4096 ops (the binary format's limit)";
	for (unsigned int i = 0; i < s->nr_ops; i++) {
		const struct scn_op *op = &s->ops[i];
		unsigned int f = ops_desc[op->kind].fields;

		if (line)
			*line = op->line;
		if (op->times)
			return op->kind == OP_EXPECT ? "a counting `expect ok=K` (a .trace-only form)"
						     : "a repeated op `x N` (a .trace-only form)";
		if ((f & OPF_BIND) && op->slot == SCN_SLOT_NONE)
			return "an unnamed allocation (the binary format binds every "
			       "allocation to one of its 64 slots: give it `-> NAME`)";
		if ((f & (OPF_REF | OPF_BIND)) && op->slot >= SCN_NR_SLOTS)
			return "more than 64 names (the binary format has 64 slots)";
	}
	if (line)
		*line = 0;
	for (unsigned int i = 0; i < s->nr_boot; i++)
		if (s->boot[i].kind >= NR_MB_KINDS)
			return "an `expect` or `dump` before `boot` (the binary format has no such record)";
	for (unsigned int i = 0; i < s->nr_boot; i++)
		if (s->boot[i].kind == BOOT_MB_ADD)
			return NULL;
	return "no `memblock add` (decoding would add one)";
}

static unsigned int bit_length(uint64_t v)
{
	return v ? 64 - (unsigned int)__builtin_clzll(v) : 0;
}

static unsigned int max_u(unsigned int a, unsigned int b)
{
	return a > b ? a : b;
}

/* The smallest address width whose masks keep every value of @s. */
static unsigned int needed_addr_bits(const struct scenario *s)
{
	const unsigned int pfn_extra = PF_PAGE_SHIFT - 1;	/* zone_mask: addr_bits - 11 bits */
	unsigned int need = 16;

	for (unsigned int i = 0; i < s->nr_boot; i++) {
		const struct scn_boot_op *b = &s->boot[i];

		need = max_u(need, bit_length(b->base | b->size | b->min_addr | b->max_addr));
	}
	if (s->zones.set) {
		for (unsigned int i = 0; i < 3; i++)
			need = max_u(need, bit_length(s->zones.max_zone_pfn[i]) + pfn_extra);
		need = max_u(need, bit_length(s->zones.movable_pfn) + pfn_extra);
	}
	for (unsigned int i = 0; i < s->nr_ops; i++)
		if (ops_desc[s->ops[i].kind].fields & OPF_PFN)
			need = max_u(need, bit_length(s->ops[i].pfn) + pfn_extra);
	return need;
}

/* The byte whose decode_addr_bits() is the smallest width >= @need. */
static uint8_t addr_bits_byte(unsigned int need, unsigned int version)
{
	unsigned int best = 0, best_bits = 65;

	for (unsigned int b = 0; b < 256; b++) {
		unsigned int bits = decode_addr_bits((uint8_t)b, version);

		if (bits >= need && bits < best_bits) {
			best = b;
			best_bits = bits;
		}
	}
	return (uint8_t)best;
}

static uint8_t align_byte(uint64_t align)
{
	unsigned int b = 0;

	while (b < 255 && decode_align((uint8_t)b) != align)
		b++;
	return (uint8_t)b;
}

static void encode_header(const struct scenario *s, unsigned int addr_bits, uint8_t *h)
{
	const struct scn_config *c = &s->cfg;
	unsigned int m = c->max_order + 1u;
	uint8_t flags = 0;

	h[HDR_VERSION] = s->version;	/* 1 or 2: a version-1 input re-encodes as one */
	h[HDR_MAX_ORDER] = (uint8_t)((c->max_order + 3u) % (PF_MAX_ORDER_LIMIT + 1));
	h[HDR_PAGEBLOCK_ORDER] = (uint8_t)((c->pageblock_order + m - 9u % m) % m);
	h[HDR_CPUS] = (uint8_t)(c->nr_cpus - 1);
	h[HDR_NODES] = (uint8_t)(c->nr_nodes == 1 ? 0x80 : c->nr_nodes - 1);
	flags |= c->mobility ? 0 : HDRF_MOBILITY_OFF;
	flags |= c->pcp_auto ? 0 : HDRF_PCP_SET;
	flags |= c->min_free_auto ? 0 : HDRF_MIN_FREE_SET;
	flags |= s->zones.set ? HDRF_ZONES_SET : 0;
	flags |= s->zones.has_movable ? HDRF_MOVABLE : 0;
	flags |= HDRF_PHASES;	/* first kind entries decode alike in both phases */
	h[HDR_FLAGS] = flags;
	put_le(h + HDR_PCP_HIGH, 2, c->pcp_high);
	put_le(h + HDR_PCP_BATCH, 2, c->pcp_batch);
	put_le(h + HDR_MIN_FREE, 4, c->min_free_kbytes);
	h[HDR_CHECK_EVERY] = (uint8_t)(c->check_every - 1);
	h[HDR_ADDR_BITS] = addr_bits_byte(addr_bits, s->version);
	h[HDR_BOOT] = s->nr_boot ? 0 : HDR_BOOT_NONE;
	memcpy(h + HDR_DISTANCE, c->distance, sizeof(c->distance));
	if (c->host_fail) {
		h[HDR_FLAGS] |= HDRF_HOST_FAIL;
		h[HDR_DISTANCE] = c->host_fail;
	}
	for (unsigned int i = 0; i < 3; i++)
		put_le(h + HDR_ZONES + 8 * i, 8, s->zones.max_zone_pfn[i]);
	put_le(h + HDR_ZONES + 24, 8, s->zones.movable_pfn);
}

/* @more: another record follows this one. */
static void encode_boot_op(const struct scn_boot_op *b, bool more, uint8_t *r)
{
	unsigned int index = 0;

	memset(r, 0, BOOT_REC_BYTES);
	while (decode_boot_kind[index] != b->kind)
		index++;
	r[BOOT_KIND] = (uint8_t)(index | (more ? BOOT_KIND_MORE : 0));
	if (b->kind == BOOT_MB_ALLOC) {
		r[BOOT_NID] = (uint8_t)(b->nid < 0 ? 0 : 0x80 | b->nid);
		r[BOOT_FLAGS] = (uint8_t)((b->bottom_up ? BOOTF_BOTTOM_UP : 0) |
					  (b->min_addr ? BOOTF_MIN_SET : 0) |
					  (b->max_addr ? BOOTF_MAX_SET : 0));
		r[BOOT_ALIGN] = align_byte(b->align);
		put_le(r + BOOT_WHERE, 8, b->min_addr);
		put_le(r + BOOT_MAX, 8, b->max_addr);
	} else {
		r[BOOT_NID] = (uint8_t)b->nid;
		put_le(r + BOOT_WHERE, 8, b->base);
	}
	put_le(r + BOOT_SIZE, 8, b->size);
}

static uint8_t gfp_empty_index(void)
{
	uint8_t index = 0;

	while (decode_gfp_base[index] != 0)
		index++;
	return index;
}

static void encode_op(const struct scn_op *op, uint8_t *r)
{
	unsigned int f = ops_desc[op->kind].fields;
	unsigned int cpu = op->cpu > 0 ? (unsigned int)op->cpu : 0;
	bool marked = op->kind == OP_CORRUPT || op->kind == OP_BAD_CALL;	/* CHECK records */

	memset(r, 0, OP_REC_BYTES);
	r[0] = (uint8_t)(ops_first_index(marked ? OP_CHECK : op->kind) | cpu << 5);
	if (marked) {
		r[1] = op->kind == OP_CORRUPT ? OPR_CORRUPT_MARK : OPR_BAD_CALL_MARK;
		r[2] = op->arg;
	}
	if (f & (OPF_ORDER | OPF_ORDER_KEY))
		r[1] = (uint8_t)(0x80 | op->order);
	if (f & OPF_EXPECT)
		r[1] = op->arg;
	if (f & OPF_DUMP)
		r[1] = op->arg == DUMP_COMPACTION ? OPR_DUMP_COMPACTION : op->arg;
	if ((f & OPF_CPU_ALL) && op->cpu < 0)
		r[1] = 1;
	if (f & OPF_GFP) {
		r[2] = (uint8_t)(gfp_empty_index() | OPR_GFP_RAW);
		put_le(r + 3, 3, op->gfp);
		r[5] |= 0xc0;
	}
	if ((f & OPF_PIN) && op->arg)
		r[2] |= OPR_PINNED;
	if (f & OPF_ZONE)
		r[2] = (uint8_t)(op->zone < 0 ? PF_NR_ZONES : op->zone);
	if (f & OPF_NID)
		r[6] = (uint8_t)(op->nid < 0 ? 0 : 0xc0 | op->nid);
	if (f & OPF_PFN)
		put_le(r + 3, 4, op->pfn);
	if (f & OPF_NR)
		put_le(r + 1, 2, op->nr_pages - 1);
	if (f & (OPF_REF | OPF_BIND))
		r[7] = op->slot;
}

/**
 * scenario_encode - write the binary form of a scenario
 * @s: the scenario
 * @buf: output
 * @cap: size of @buf; SCN_MAX_ENCODED always suffices
 *
 * Return: bytes written, or 0 if @cap is too small or @s is not encodable
 * (scenario_encodable() says why).
 */
size_t scenario_encode(const struct scenario *s, uint8_t *buf, size_t cap)
{
	size_t need = HDR_BYTES + (size_t)s->nr_boot * BOOT_REC_BYTES +
		      (size_t)s->nr_ops * OP_REC_BYTES;
	uint8_t *p = buf + HDR_BYTES;

	if (need > cap || scenario_encodable(s))
		return 0;
	memset(buf, 0, HDR_BYTES);
	encode_header(s, needed_addr_bits(s), buf);
	for (unsigned int i = 0; i < s->nr_boot; i++, p += BOOT_REC_BYTES)
		encode_boot_op(&s->boot[i], i + 1 < s->nr_boot, p);
	for (unsigned int i = 0; i < s->nr_ops; i++, p += OP_REC_BYTES)
		encode_op(&s->ops[i], p);
	return need;
}
