/* SPDX-License-Identifier: MIT */
/*
 * gen_internal.h - what the files of fuzz/gen share and nobody else needs:
 * the op descriptors built from ops.def, the byte layout of binary format
 * version 2 (described in full at the top of decode.c), and the byte ->
 * value mappings that decode.c defines and encode.c inverts.
 *
 * Rule kept by every mapping here: each valid value has at least one byte
 * pattern that maps to it, so the encoder can always find one (often by
 * simply trying all 256 values of a byte).
 */
#ifndef PAGEFUZZ_GEN_INTERNAL_H
#define PAGEFUZZ_GEN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <pagefuzz/vocab.h>
#include "scenario.h"

/* ---- op descriptors (ops.c, from ops.def) ---- */

/* Which struct scn_op fields a kind uses, and how a .trace spells them. */
#define OPF_REF		(1u << 0)	/* slot, positional NAME of a live allocation */
#define OPF_PFN		(1u << 1)	/* pfn, positional, hex */
#define OPF_NR		(1u << 2)	/* nr_pages, positional */
#define OPF_ORDER	(1u << 3)	/* order, positional */
#define OPF_EXPECT	(1u << 4)	/* arg, positional `ok` / `fail` */
#define OPF_DUMP	(1u << 5)	/* arg, positional dump name */
#define OPF_GFP		(1u << 6)	/* gfp, `gfp=FLAGS`, default GFPF_KERNEL */
#define OPF_CPU		(1u << 7)	/* cpu, `cpu=N`, default 0 */
#define OPF_CPU_ALL	(1u << 8)	/* cpu, `cpu=N|all`, default all (-1) */
#define OPF_NID		(1u << 9)	/* nid, `nid=N`, default -1 */
#define OPF_ZONE	(1u << 10)	/* zone, `zone=NAME`, default -1 */
#define OPF_ORDER_KEY	(1u << 11)	/* order, `order=N`, required */
#define OPF_BIND	(1u << 12)	/* slot, `-> NAME` (SCN_SLOT_NONE when absent) */
#define OPF_PIN		(1u << 13)	/* arg, the word `pinned`: the owner refuses to migrate it */
#define OPF_TIMES	(1u << 14)	/* times, `x N` (a .trace only; never with -> NAME) */
#define OPF_CORRUPT	(1u << 15)	/* arg, positional corruption name (first) */
#define OPF_CALL	(1u << 16)	/* arg, positional bad call name (first) */

struct op_desc {
	const char *name;	/* .trace words, one blank between two */
	unsigned int fields;	/* OPF_* */
	unsigned int cap;	/* SCN_CAP_* or 0 */
	unsigned int weight;	/* entries in the binary kind table */
};

#define OP_KIND_TABLE	32	/* entries: Σ weight == OP_KIND_TABLE */

extern const struct op_desc ops_desc[NR_OP_KINDS];
/* .trace words for `compact zone=NAME` and `dump NAME`. */
extern const char *const ops_zone_names[PF_NR_ZONES];
extern const char *const ops_dump_names[NR_DUMPS];
/* .trace words for `corrupt NAME`, by enum pf_corrupt. */
extern const char *const ops_corrupt_names[PF_NR_CORRUPT];
/* .trace words for `misuse call NAME`, by enum pf_bad_call. */
extern const char *const ops_call_names[PF_NR_BAD_CALLS];

/* ops_kind_at - the op kind at @index (< OP_KIND_TABLE) of the kind table. */
unsigned int ops_kind_at(unsigned int index);
/*
 * ops_kind_at_phase - ops_kind_at(), except in a fragmented phase (see
 * decode.c, header flag HDRF_PHASES): the last ALLOC and the last CHECK
 * entry become COMPACT and the last FREE entry CONTIG.  The first entry
 * of every kind (the one the encoder writes) is the same in both phases.
 */
unsigned int ops_kind_at_phase(unsigned int index, bool fragmented);
/* Frees since the last COMPACT or CONTIG that make a fragmented phase. */
#define PHASE_FRAGMENTED_FREES	8
/* ops_first_index - the lowest kind-table index holding @kind. */
unsigned int ops_first_index(unsigned int kind);
/* ops_clear - an op with every field at its neutral value (nid, zone -1). */
void ops_clear(struct scn_op *op, unsigned int kind);

/* ---- binary format (versions 1 and 2): byte offsets (see decode.c) ---- */

enum {
	HDR_VERSION = 0,
	HDR_MAX_ORDER = 1,
	HDR_PAGEBLOCK_ORDER = 2,
	HDR_CPUS = 3,
	HDR_NODES = 4,
	HDR_FLAGS = 5,
	HDR_PCP_HIGH = 6,		/* u16 */
	HDR_PCP_BATCH = 8,		/* u16 */
	HDR_MIN_FREE = 10,		/* u32 */
	HDR_CHECK_EVERY = 14,
	HDR_ADDR_BITS = 15,
	HDR_BOOT = 16,			/* < HDR_BOOT_NONE: a first boot record */
	HDR_DISTANCE = 17,		/* 8 x 8 bytes, row = from node */
	HDR_ZONES = 81,			/* 4 x u64: DMA, DMA32, Normal, Movable */
	HDR_BYTES = 113
};

#define HDR_BOOT_NONE		224	/* byte 16 >= this: no boot records */

#define HDRF_MOBILITY_OFF	(1u << 0)
#define HDRF_PCP_SET		(1u << 1)
#define HDRF_MIN_FREE_SET	(1u << 2)
#define HDRF_ZONES_SET		(1u << 3)
#define HDRF_MOVABLE		(1u << 4)
#define HDRF_PHASES		(1u << 5)	/* the kind table follows fragmenting phases */
#define HDRF_HOST_FAIL		(3u << 6)	/* both bits: host_fail = byte HDR_DISTANCE */

enum {
	BOOT_KIND = 0,			/* low 4 bits: boot kind table; BOOT_KIND_MORE */
	BOOT_NID = 1,
	BOOT_FLAGS = 2,
	BOOT_ALIGN = 3,
	BOOT_WHERE = 4,			/* u64: base, or min_addr for ALLOC */
	BOOT_SIZE = 12,			/* u64 */
	BOOT_MAX = 20,			/* u64: max_addr for ALLOC */
	BOOT_REC_BYTES = 28
};

#define BOOT_KIND_MORE		0x80	/* byte 0: another boot record follows */

#define BOOTF_BOTTOM_UP		(1u << 0)	/* ALLOC */
#define BOOTF_NEAR_ZONE_EDGE	(1u << 1)	/* RESERVE: base from a zone edge */
#define BOOTF_MIN_SET		(1u << 2)	/* ALLOC: min_addr from the record */
#define BOOTF_MAX_SET		(1u << 3)	/* ALLOC: max_addr from the record */
#define BOOTF_SIZE_SHIFT	4		/* bits 4..7: size >>= this nibble */

#define BOOT_KIND_TABLE	16
extern const uint8_t decode_boot_kind[BOOT_KIND_TABLE];

#define OP_REC_BYTES	8
#define GFPF_BASE_TABLE	16
extern const uint32_t decode_gfp_base[GFPF_BASE_TABLE];
#define OPR_GFP_NO_WMARK	0x80	/* byte 2: add GFPF_NO_WATERMARKS */
#define OPR_GFP_RAW		0x40	/* byte 2: modifier density 3 means raw bits */
#define OPR_PINNED		0x20	/* byte 2 of ALLOC: the allocation is pinned */
#define OPR_DUMP_COMPACTION	0x04	/* byte 1 of DUMP: `dump compaction` */
#define OPR_CORRUPT_MARK	0xc5	/* byte 1 of CHECK: the record is a CORRUPT (kind in byte 2) */
#define OPR_BAD_CALL_MARK	0xca	/* byte 1 of CHECK: a `misuse call` (which in byte 2) */

/* Sizes of the address space one input works in (decode.c). */
struct gen_geom {
	unsigned int addr_bits;		/* 16..64 */
	uint64_t addr_mask;		/* boot addresses and sizes: & this */
	uint64_t zone_mask;		/* zone pfns: up to twice the address space */
	uint32_t pfn_mask;		/* run-op pfns: zone_mask cut to 32 bits */
};

void decode_geom(unsigned int addr_bits, struct gen_geom *g);

/* Byte -> value mappings of decode.c that encode.c inverts. */
unsigned int decode_max_order(uint8_t b);
unsigned int decode_pageblock_order(uint8_t b, unsigned int max_order);
unsigned int decode_nodes(uint8_t b);
unsigned int decode_addr_bits(uint8_t b, unsigned int version);
uint64_t decode_align(uint8_t b);

/* ---- little-endian fields ---- */

static inline uint64_t get_le(const uint8_t *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = (v << 8) | p[bytes];
	return v;
}

static inline void put_le(uint8_t *p, unsigned int bytes, uint64_t v)
{
	for (unsigned int i = 0; i < bytes; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

#endif /* PAGEFUZZ_GEN_INTERNAL_H */
