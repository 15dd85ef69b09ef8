/* SPDX-License-Identifier: MIT */
/*
 * decode.c - fuzz bytes -> scenario.  Total: every byte string decodes to
 * a valid scenario (scenario_validate() holds), booted, with at least one
 * `memblock add`.  Nothing is rejected; values are masked, reduced modulo
 * their range or clamped, and input that runs out ends a section.
 *
 * Binary format, version 2 (version 1 differs only in byte 15).  All
 * multi-byte fields are little-endian.
 *
 * Header, 113 bytes; bytes past the end of a short input read as 0, so
 * the empty input is a small default machine with no ops.
 *   0      version: 1 reads byte 15 as version 1 did, so old crash inputs
 *          keep replaying; every other value decodes as version 2.
 *   1      max_order       = (b + 10) % 13              (0 -> 10)
 *   2      pageblock_order = (b + 9) % (max_order + 1)  (0 -> 9 when max 10)
 *   3      nr_cpus         = 1 + (b & 7)
 *   4      nr_nodes        = b & 0x80 ? 1 : 1 + (b & 7)
 *   5      flags: 0x01 mobility off, 0x02 pcp sizes given, 0x04
 *          min_free_kbytes given, 0x08 zones given, 0x10 PF_ZONE_MOVABLE given,
 *          0x20 fragmenting phases (see the kind table below), 0xc0 (both
 *          bits, and @caps has SCN_CAP_HOST_FAIL) host_fail = byte 17
 *   6..7   pcp_high  (used with flag 0x02)
 *   8..9   pcp_batch (with 0x02; 0 reads as 1)
 *   10..13 min_free_kbytes % (SCN_MAX_MIN_FREE_KBYTES + 1) (with 0x04)
 *   14     check_every = 1 + b
 *   15     addr_bits, the width of every address in this input, weighted
 *          small because a run costs time per page (a full check walks
 *          every page): b < 192: 14..19 bits (4 to 128 pages); < 248:
 *          20..23 (to 2K pages); < 253: 24..26 (to 16K pages); 253, 254:
 *          30, 32 (to 1M pages); 255: 64 (maps no port can take, which
 *          must be refused cleanly).  That is version 1; version 2 first
 *          swaps 0xfd..0xff with 0xb5..0xb7 (decode_addr_bits()): 0xb5 is
 *          30 bits, 0xb6 32 bits, 0xb7 64 bits, and 0xfd..0xff are small.
 *   16     whether boot records follow: b < 224 (7 in 8 of all values): one
 *          at least; 224..255: none
 *   17..80 distance[from][to], row by row.  0 = default; a node >= nr_nodes
 *          gives 0; a local entry gives 10; else clamped to 10..254.  Byte
 *          17 (distance[0][0], local) is host_fail with flags 0xc0 (and
 *          reads as 0 then).
 *   81..112 four u64 zone pfns: DMA, DMA32, Normal, Movable start.  Each is
 *          (v & zone_mask) >> (v >> 56 & 31), zone_mask having addr_bits-11
 *          bits so a boundary lands anywhere in the map or up to its size
 *          past the end; then made non-decreasing (DMA32 = max(DMA32, DMA),
 *          Normal = max(Normal, DMA32)).  Used only with flag 0x08 (Movable
 *          with 0x10); otherwise the runner's default zones apply.
 *
 * Boot records, 28 bytes each.  The first is there if byte 16 says so;
 * each record whose byte 0 has bit 7 set is followed by another, so any
 * count 0..SCN_MAX_BOOT_OPS has a form and each further record is half as
 * likely in random input.  Reading stops after a record with bit 7 clear
 * or after SCN_MAX_BOOT_OPS records (whatever its bit 7 says); a record
 * cut short by the end of the input ends the boot section (and the input).
 *   0      kind = table[b & 15]: add x8, reserve x3, remove x2, free, alloc
 *          x2; bit 7: another record follows (bits 4..6 unused)
 *   1      nid: add (b & 7) % nr_nodes; alloc b < 0x80 ? -1 : (b & 7) % nr_nodes
 *   2      flags: 0x01 bottom_up (alloc), 0x02 reserve near a zone edge,
 *          0x04 alloc min_addr given, 0x08 alloc max_addr given, high
 *          nibble: size >>= nibble (sizes spread over every scale)
 *   3      alloc align: 0 -> 0; 1..192 -> 1 << ((b-1) % 24); else
 *          1 << (24 + (b-193) % 40)
 *   4..11  base (add/reserve/remove/free) or min_addr (alloc), & addr_mask.
 *          A reserve with flag 0x02 (and zones given) instead starts half its
 *          size below the zone edge picked by base & 3, so it straddles it.
 *   12..19 size, & addr_mask, then shifted right by the flags nibble
 *   20..27 alloc max_addr, & addr_mask
 * If no record is an add, one `memblock add 0 (1 << addr_bits)` is put
 * first (dropping the last record if the list is full), so every input
 * boots some memory.
 *
 * Run ops, 8 bytes each, until fewer than 8 bytes remain or SCN_MAX_OPS.
 * Fields sit at fixed places, whatever the kind, so one changed byte changes
 * one op, and removing a record removes exactly one op.  Allocations are
 * named by slot (byte 7), never by "the i-th live one".
 *   0      kind = the 32-entry table of ops.def weights[b & 31]; cpu =
 *          (b >> 5) % nr_cpus.  With header flag 0x20, once 8 FREE ops
 *          have been decoded since the last COMPACT or CONTIG (a
 *          fragmented phase), the last ALLOC and the last CHECK entry
 *          decode as COMPACT and the last FREE entry as CONTIG
 *          (ops_kind_at_phase()); the first entry of each kind, which the
 *          encoder writes, never changes.  So with that flag a changed
 *          byte may also change the kind of later records at those three
 *          entries; without it every record decodes on its own.  A kind
 *          whose SCN_CAP_* bit is not in @caps decodes as ALLOC from the
 *          same bytes.  EXPECT and CHECK need none.
 *   1      order: b & 0x80 ? (b & 0x7f) % (max_order+1) : (b & 3) % (max_order+1);
 *          COMPACT: b & 0x80 ? (b & 0x7f) % (max_order+1) : max_order -
 *          (b & 3) % (max_order+1) (compaction matters for large orders);
 *          DRAIN: b & 1 = all cpus; EXPECT: ok = b & 1; DUMP: b & 4 ?
 *          compaction : b & 3 (buddyinfo, pagetypeinfo, zoneinfo, memblock)
 *   2      ALLOC: gfp composite = table[b & 15], 0x80 adds
 *          ALLOC_NO_WATERMARKS, 0x40 see byte 5, 0x20 pinned (the owner
 *          refuses to migrate it); COMPACT: zone = b & 7
 *          (4..7 = all zones)
 *   1..2   ISOLATE/UNISOLATE/CONTIG: nr_pages = 1 + (u16 >> 4 * (byte7 >> 6))
 *   3..5   ALLOC modifiers, by density = byte5 >> 6: 0 none, 1 one
 *          (1 << b3 % 22), 2 two (b3, b4), 3 with byte2 0x40 the raw 22 bits
 *          b3 | b4 << 8 | (b5 & 63) << 16, else three (b3, b4, b5 & 63)
 *   3..6   pfn (ISOLATE, UNISOLATE, CONTIG, misuse free_pfn), u32 & the low
 *          addr_bits-11 bits: inside the map or a little past its end
 *   6      nid (ALLOC, COMPACT): b < 0xc0 ? -1 : (b & 7) % nr_nodes
 *   7      slot = b & 63 (ALLOC, CONTIG bind it; FREE, misuse use it)
 * CORRUPT has no entry of its own in the kind table (weight 0): a CHECK
 * record whose byte 1 is 0xc5 (OPR_CORRUPT_MARK) is a CORRUPT when @caps
 * has SCN_CAP_CORRUPT (else a CHECK), its kind (enum pf_corrupt) byte 2 %
 * PF_NR_CORRUPT, its pfn bytes 3..6 as above.  So random input holds one
 * in about 4096 records, and every run it ends is short.  `misuse call`
 * (weight 0 too) is a CHECK record whose byte 1 is 0xca (OPR_BAD_CALL_MARK)
 * when @caps has SCN_CAP_BAD_CALL, the call (enum pf_bad_call) byte 2 %
 * PF_NR_BAD_CALLS.
 * EXPECT decodes too (a .trace with `expect` must encode); fuzzing ignores it.
 */
#include <string.h>
#include <pagefuzz/vocab.h>
#include "gen_internal.h"

_Static_assert((SCN_NR_SLOTS & (SCN_NR_SLOTS - 1)) == 0 && SCN_NR_SLOTS <= 64,
	       "slot = byte & (SCN_NR_SLOTS - 1)");

_Static_assert((BOOT_KIND_MORE & (BOOT_KIND_TABLE - 1)) == 0,
	       "the more-records bit is not part of the boot kind index");

const uint8_t decode_boot_kind[BOOT_KIND_TABLE] = {
	BOOT_MB_ADD, BOOT_MB_ADD, BOOT_MB_ADD, BOOT_MB_ADD,
	BOOT_MB_ADD, BOOT_MB_ADD, BOOT_MB_ADD, BOOT_MB_ADD,
	BOOT_MB_RESERVE, BOOT_MB_RESERVE, BOOT_MB_RESERVE, BOOT_MB_REMOVE,
	BOOT_MB_REMOVE, BOOT_MB_FREE, BOOT_MB_ALLOC, BOOT_MB_ALLOC,
};

/* Index 15 is the empty mask: the encoder writes every bit as modifiers. */
const uint32_t decode_gfp_base[GFPF_BASE_TABLE] = {
	GFPF_KERNEL, GFPF_KERNEL, GFPF_HIGHUSER_MOVABLE, GFPF_HIGHUSER_MOVABLE,
	GFPF_ATOMIC, GFPF_NOWAIT, GFPF_NOIO, GFPF_NOFS,
	GFPF_USER, GFPF_HIGHUSER, GFPF_DMA, GFPF_DMA32,
	GFPF_KERNEL | GFPF_RECLAIMABLE, GFPF_KERNEL | GFPF_THISNODE,
	GFPF_NOWAIT | GFPF_NOWARN, 0,
};

unsigned int decode_max_order(uint8_t b)
{
	return (b + 10u) % (PF_MAX_ORDER_LIMIT + 1);
}

unsigned int decode_pageblock_order(uint8_t b, unsigned int max_order)
{
	return (b + 9u) % (max_order + 1);
}

unsigned int decode_nodes(uint8_t b)
{
	return b & 0x80 ? 1 : 1 + (b & 7u);
}

/*
 * Version 2 swaps the bytes of the three widest classes (0xfd..0xff in
 * version 1) with 0xb5..0xb7: 0xff and its one-bit flips are what the
 * engines' mutators write most often, so version 1 decoded far more huge
 * maps under fuzzing than its 3 in 256.
 */
unsigned int decode_addr_bits(uint8_t b, unsigned int version)
{
	if (version != SCN_FORMAT_V1 && ((b >= 0xb5 && b <= 0xb7) || b >= 0xfd))
		b = b >= 0xfd ? (uint8_t)(b - 0xfd + 0xb5) : (uint8_t)(b - 0xb5 + 0xfd);
	if (b < 192)
		return 14 + b % 6u;
	if (b < 248)
		return 20 + (b - 192u) % 4;
	if (b < 253)
		return 24 + (b - 248u) % 3;
	return b == 255 ? 64 : 30 + 2 * (b - 253u);
}

uint64_t decode_align(uint8_t b)
{
	if (b == 0)
		return 0;
	if (b <= 192)
		return 1ull << ((b - 1u) % 24);
	return 1ull << (24 + (b - 193u) % 40);
}

/**
 * decode_geom - the masks that follow from an address width
 * @addr_bits: 14..64
 * @g: filled in
 */
void decode_geom(unsigned int addr_bits, struct gen_geom *g)
{
	unsigned int pfn_bits = addr_bits - PF_PAGE_SHIFT + 1;

	g->addr_bits = addr_bits;
	g->addr_mask = addr_bits >= 64 ? UINT64_MAX : (1ull << addr_bits) - 1;
	g->zone_mask = (1ull << pfn_bits) - 1;
	g->pfn_mask = pfn_bits >= 32 ? UINT32_MAX : (uint32_t)g->zone_mask;
}

static void decode_distance(const uint8_t *d, struct scn_config *c)
{
	for (unsigned int i = 0; i < SCN_MAX_NODES; i++) {
		for (unsigned int j = 0; j < SCN_MAX_NODES; j++) {
			uint8_t v = d[i * SCN_MAX_NODES + j];

			if (v == 0 || i >= c->nr_nodes || j >= c->nr_nodes)
				v = 0;
			else if (i == j || v < SCN_MIN_DISTANCE)
				v = SCN_MIN_DISTANCE;
			else if (v > SCN_MAX_DISTANCE)
				v = SCN_MAX_DISTANCE;
			c->distance[i][j] = v;
		}
	}
}

static void decode_config(const uint8_t *h, struct scn_config *c)
{
	uint8_t flags = h[HDR_FLAGS];

	c->max_order = (uint8_t)decode_max_order(h[HDR_MAX_ORDER]);
	c->pageblock_order = (uint8_t)decode_pageblock_order(h[HDR_PAGEBLOCK_ORDER], c->max_order);
	c->nr_cpus = (uint8_t)(1 + (h[HDR_CPUS] & 7));
	c->nr_nodes = (uint8_t)decode_nodes(h[HDR_NODES]);
	c->mobility = !(flags & HDRF_MOBILITY_OFF);
	c->pcp_auto = !(flags & HDRF_PCP_SET);
	if (!c->pcp_auto) {
		c->pcp_high = (uint32_t)get_le(h + HDR_PCP_HIGH, 2);
		c->pcp_batch = (uint32_t)get_le(h + HDR_PCP_BATCH, 2);
		if (c->pcp_batch == 0)
			c->pcp_batch = 1;
	}
	c->min_free_auto = !(flags & HDRF_MIN_FREE_SET);
	if (!c->min_free_auto)
		c->min_free_kbytes = (uint32_t)(get_le(h + HDR_MIN_FREE, 4) %
						(SCN_MAX_MIN_FREE_KBYTES + 1));
	c->check_every = (uint16_t)(1 + h[HDR_CHECK_EVERY]);
	decode_distance(h + HDR_DISTANCE, c);
}

static uint64_t zone_pfn(const uint8_t *p, const struct gen_geom *g)
{
	uint64_t raw = get_le(p, 8);

	return (raw & g->zone_mask) >> ((raw >> 56) & 31);
}

static void decode_zones(const uint8_t *h, const struct gen_geom *g, struct scn_zones *z)
{
	uint8_t flags = h[HDR_FLAGS];
	uint64_t *max = z->max_zone_pfn;

	if (!(flags & HDRF_ZONES_SET))
		return;
	z->set = true;
	for (unsigned int i = 0; i < 3; i++) {
		max[i] = zone_pfn(h + HDR_ZONES + 8 * i, g);
		if (i && max[i] < max[i - 1])
			max[i] = max[i - 1];
	}
	if (flags & HDRF_MOVABLE) {
		z->has_movable = true;
		z->movable_pfn = zone_pfn(h + HDR_ZONES + 24, g);
	}
}

/* A reserve base half its size below the zone edge that @where picks. */
static uint64_t near_zone_edge(uint64_t where, uint64_t size, const struct scn_zones *z,
			       const struct gen_geom *g)
{
	unsigned int edge = (unsigned int)(where & 3);
	uint64_t pfn = edge < 3 ? z->max_zone_pfn[edge] : z->movable_pfn;
	uint64_t addr = pfn << PF_PAGE_SHIFT;

	if (!z->set)
		return where;
	return (addr > size / 2 ? addr - size / 2 : 0) & g->addr_mask;
}

static void decode_boot_rec(const uint8_t *r, const struct scenario *s,
			    const struct gen_geom *g, struct scn_boot_op *b)
{
	uint8_t flags = r[BOOT_FLAGS];
	uint64_t where = get_le(r + BOOT_WHERE, 8) & g->addr_mask;
	unsigned int nodes = s->cfg.nr_nodes;

	memset(b, 0, sizeof(*b));
	b->kind = decode_boot_kind[r[BOOT_KIND] & (BOOT_KIND_TABLE - 1)];
	b->size = (get_le(r + BOOT_SIZE, 8) & g->addr_mask) >> (flags >> BOOTF_SIZE_SHIFT);
	switch (b->kind) {
	case BOOT_MB_ALLOC:
		b->nid = (int8_t)(r[BOOT_NID] < 0x80 ? -1 : (int)((r[BOOT_NID] & 7u) % nodes));
		b->bottom_up = flags & BOOTF_BOTTOM_UP;
		b->align = decode_align(r[BOOT_ALIGN]);
		if (flags & BOOTF_MIN_SET)
			b->min_addr = where;
		if (flags & BOOTF_MAX_SET)
			b->max_addr = get_le(r + BOOT_MAX, 8) & g->addr_mask;
		break;
	case BOOT_MB_ADD:
		b->nid = (int8_t)((r[BOOT_NID] & 7u) % nodes);
		b->base = where;
		break;
	case BOOT_MB_RESERVE:
		b->base = flags & BOOTF_NEAR_ZONE_EDGE ? near_zone_edge(where, b->size, &s->zones, g)
						       : where;
		break;
	default:
		b->base = where;
		break;
	}
}

/* Put `memblock add 0 (1 << addr_bits)` first when no record adds memory. */
static void ensure_memory(struct scenario *s, const struct gen_geom *g)
{
	for (unsigned int i = 0; i < s->nr_boot; i++)
		if (s->boot[i].kind == BOOT_MB_ADD)
			return;
	if (s->nr_boot == SCN_MAX_BOOT_OPS)
		s->nr_boot--;
	memmove(&s->boot[1], &s->boot[0], s->nr_boot * sizeof(s->boot[0]));
	memset(&s->boot[0], 0, sizeof(s->boot[0]));
	s->boot[0].kind = BOOT_MB_ADD;
	s->boot[0].size = 1ull << (g->addr_bits < 64 ? g->addr_bits : 63);
	s->nr_boot++;
}

static unsigned int decode_order(uint8_t b, unsigned int max_order)
{
	return (b & 0x80 ? b & 0x7fu : b & 3u) % (max_order + 1);
}

static uint32_t decode_gfp(const uint8_t *r)
{
	uint32_t gfp = decode_gfp_base[r[2] & (GFPF_BASE_TABLE - 1)];
	unsigned int a = r[3], b = r[4], c = r[5] & 0x3fu;

	switch (r[5] >> 6) {
	case 0:
		break;
	case 1:
		gfp |= 1u << (a % 22);
		break;
	case 2:
		gfp |= 1u << (a % 22) | 1u << (b % 22);
		break;
	default:
		if (r[2] & OPR_GFP_RAW)
			gfp |= a | b << 8 | c << 16;
		else
			gfp |= 1u << (a % 22) | 1u << (b % 22) | 1u << (c % 22);
		break;
	}
	if (r[2] & OPR_GFP_NO_WMARK)
		gfp |= GFPF_NO_WATERMARKS;
	return gfp & GFPF_ALL;
}

static void decode_op_rec(const uint8_t *r, const struct scn_config *c,
			  const struct gen_geom *g, unsigned int caps, bool fragmented,
			  struct scn_op *op)
{
	unsigned int kind = ops_kind_at_phase(r[0] & (OP_KIND_TABLE - 1), fragmented);
	unsigned int f, cpu = (r[0] >> 5) % c->nr_cpus;

	if (ops_desc[kind].cap && !(caps & ops_desc[kind].cap))
		kind = OP_ALLOC;
	if (kind == OP_CHECK && r[1] == OPR_CORRUPT_MARK && (caps & SCN_CAP_CORRUPT))
		kind = OP_CORRUPT;	/* weight 0: 1 CHECK record in 256 */
	if (kind == OP_CHECK && r[1] == OPR_BAD_CALL_MARK && (caps & SCN_CAP_BAD_CALL))
		kind = OP_BAD_CALL;	/* the same */
	ops_clear(op, kind);
	f = ops_desc[kind].fields;
	if (f & OPF_ORDER)
		op->order = (uint8_t)decode_order(r[1], c->max_order);
	if (f & OPF_ORDER_KEY)	/* compaction is worth most for the large orders */
		op->order = (uint8_t)(r[1] & 0x80 ? (r[1] & 0x7fu) % (c->max_order + 1u) :
				      c->max_order - (r[1] & 3u) % (c->max_order + 1u));
	if (f & (OPF_REF | OPF_BIND))
		op->slot = r[7] & (SCN_NR_SLOTS - 1);
	if (f & OPF_EXPECT)
		op->arg = r[1] & 1;
	if (f & OPF_DUMP)
		op->arg = r[1] & OPR_DUMP_COMPACTION ? DUMP_COMPACTION : r[1] & 3;
	if (f & OPF_CORRUPT)
		op->arg = (uint8_t)(r[2] % PF_NR_CORRUPT);
	if (f & OPF_CALL)
		op->arg = (uint8_t)(r[2] % PF_NR_BAD_CALLS);
	if (f & OPF_PIN)
		op->arg = (r[2] & OPR_PINNED) != 0;
	if (f & OPF_GFP)
		op->gfp = decode_gfp(r);
	if (f & OPF_CPU)
		op->cpu = (int8_t)cpu;
	if (f & OPF_CPU_ALL)
		op->cpu = (int8_t)(r[1] & 1 ? -1 : (int)cpu);
	if (f & OPF_NID)
		op->nid = (int8_t)(r[6] < 0xc0 ? -1 : (int)((r[6] & 7u) % c->nr_nodes));
	if (f & OPF_ZONE)
		op->zone = (int8_t)((r[2] & 7) < PF_NR_ZONES ? r[2] & 7 : -1);
	if (f & OPF_PFN)
		op->pfn = get_le(r + 3, 4) & g->pfn_mask;
	if (f & OPF_NR)
		op->nr_pages = 1 + (get_le(r + 1, 2) >> (4 * (r[7] >> 6)));
}

/**
 * scenario_decode - turn fuzz bytes into a scenario
 * @data: the input (may be NULL when @size is 0)
 * @size: its length
 * @caps: SCN_CAP_* kinds the port takes; other kinds decode as ALLOC
 * @s: filled in; its previous content is discarded
 *
 * Context: total and deterministic; the layout is described at the top of
 * this file.
 */
void scenario_decode(const uint8_t *data, size_t size, unsigned int caps, struct scenario *s)
{
	uint8_t h[HDR_BYTES] = { 0 };
	struct gen_geom g;
	size_t pos = HDR_BYTES;
	unsigned int frees = 0;		/* since the last COMPACT or CONTIG */
	bool more, phases;

	if (size)
		memcpy(h, data, size < HDR_BYTES ? size : HDR_BYTES);
	scenario_init(s);
	s->version = h[HDR_VERSION] == SCN_FORMAT_V1 ? SCN_FORMAT_V1 : SCN_FORMAT_VERSION;
	s->cfg.expect_off = true;	/* a fuzzer's expect ops are random: never checked */
	if ((caps & SCN_CAP_HOST_FAIL) && (h[HDR_FLAGS] & HDRF_HOST_FAIL) == HDRF_HOST_FAIL) {
		s->cfg.host_fail = h[HDR_DISTANCE];	/* distance[0][0]: local, the default */
		h[HDR_DISTANCE] = 0;
	}
	decode_config(h, &s->cfg);
	decode_geom(decode_addr_bits(h[HDR_ADDR_BITS], s->version), &g);
	decode_zones(h, &g, &s->zones);
	more = h[HDR_BOOT] < HDR_BOOT_NONE;
	while (more && s->nr_boot < SCN_MAX_BOOT_OPS && pos + BOOT_REC_BYTES <= size) {
		more = data[pos + BOOT_KIND] & BOOT_KIND_MORE;
		decode_boot_rec(data + pos, s, &g, &s->boot[s->nr_boot++]);
		pos += BOOT_REC_BYTES;
	}
	more = more && s->nr_boot < SCN_MAX_BOOT_OPS;	/* cut short by the input's end */
	ensure_memory(s, &g);
	s->booted = true;
	if (more)
		return;
	phases = h[HDR_FLAGS] & HDRF_PHASES;
	while (s->nr_ops < SCN_MAX_OPS && pos + OP_REC_BYTES <= size) {
		struct scn_op *op = &s->ops[s->nr_ops++];

		decode_op_rec(data + pos, &s->cfg, &g, caps,
			      phases && frees >= PHASE_FRAGMENTED_FREES, op);
		if (op->kind == OP_FREE)
			frees++;
		else if (op->kind == OP_COMPACT || op->kind == OP_CONTIG)
			frees = 0;
		pos += OP_REC_BYTES;
	}
}
