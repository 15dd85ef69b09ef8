/* SPDX-License-Identifier: MIT */
/*
 * ops.c - the op descriptor table, expanded from ops.def, and the lookups
 * built on it: the name of a kind, the capability it needs, the binary kind
 * table (kinds repeated by weight, walked rather than stored so there is no
 * table to initialise), and the neutral op every decoder and parser starts
 * from.
 *
 * The descriptors are indexed by enum scn_op_kind with designated
 * initialisers, so ops.def may list kinds in any order; the static
 * assertions catch a kind listed twice or missing, and weights that do not
 * fill the kind table.
 */
#include <string.h>
#include "gen_internal.h"

const struct op_desc ops_desc[NR_OP_KINDS] = {
#define OP(kind, name, fields, cap, weight) \
	[kind] = { name, fields, cap, weight },
#include "ops.def"
};

const char *const ops_zone_names[PF_NR_ZONES] = {
	[PF_ZONE_DMA] = "DMA", [PF_ZONE_DMA32] = "DMA32", [PF_ZONE_NORMAL] = "Normal",
	[PF_ZONE_MOVABLE] = "Movable",
};

const char *const ops_dump_names[NR_DUMPS] = {
	[DUMP_BUDDYINFO] = "buddyinfo", [DUMP_PAGETYPEINFO] = "pagetypeinfo",
	[DUMP_ZONEINFO] = "zoneinfo", [DUMP_MEMBLOCK] = "memblock",
	[DUMP_COMPACTION] = "compaction",
};

const char *const ops_corrupt_names[PF_NR_CORRUPT] = {
	[PF_CORRUPT_FREE_LINK] = "free_link", [PF_CORRUPT_FREE_FLAG] = "free_flag",
	[PF_CORRUPT_FREE_ORDER] = "free_order", [PF_CORRUPT_FREE_HEAD] = "free_head",
	[PF_CORRUPT_FREE_ZONE] = "free_zone", [PF_CORRUPT_FREE_SPLIT] = "free_split",
	[PF_CORRUPT_FREE_TYPE] = "free_type", [PF_CORRUPT_FREE_MULTI] = "free_multi",
	[PF_CORRUPT_FREE_MOVABLE] = "free_movable", [PF_CORRUPT_NR_FREE] = "nr_free",
	[PF_CORRUPT_NR_FREE_MT] = "nr_free_mt", [PF_CORRUPT_FREE_PAGES] = "free_pages",
	[PF_CORRUPT_PCP_LINK] = "pcp_link", [PF_CORRUPT_PCP_CPU] = "pcp_cpu",
	[PF_CORRUPT_PCP_COUNT] = "pcp_count", [PF_CORRUPT_PCP_HIGH] = "pcp_high",
	[PF_CORRUPT_PCP_BATCH] = "pcp_batch", [PF_CORRUPT_PCP_ISOLATED] = "pcp_isolated",
	[PF_CORRUPT_PAGEBLOCK_BAD] = "pageblock_bad", [PF_CORRUPT_ISOLATE_SAVED] = "isolate_saved",
	[PF_CORRUPT_ISOLATE_COUNT] = "isolate_count",
	[PF_CORRUPT_HIGHATOMIC_COUNT] = "highatomic_count",
	[PF_CORRUPT_PAGEBLOCK_ORDER] = "pageblock_order", [PF_CORRUPT_GROUPING] = "grouping",
	[PF_CORRUPT_WATERMARKS] = "watermarks", [PF_CORRUPT_LOWMEM_RESERVE] = "lowmem_reserve",
	[PF_CORRUPT_ZONE_PRESENT] = "zone_present", [PF_CORRUPT_ZONE_SPAN] = "zone_span",
	[PF_CORRUPT_ZONE_MANAGED] = "zone_managed", [PF_CORRUPT_ZONELIST_ORDER] = "zonelist_order",
	[PF_CORRUPT_ZONELIST_DUP] = "zonelist_dup", [PF_CORRUPT_ZONELIST_FIRST] = "zonelist_first",
	[PF_CORRUPT_ZONELIST_PREFERRED] = "zonelist_preferred", [PF_CORRUPT_CPU_NODE] = "cpu_node",
	[PF_CORRUPT_HOLE] = "hole", [PF_CORRUPT_RESERVED] = "reserved", [PF_CORRUPT_TAIL] = "tail",
	[PF_CORRUPT_MB_EMPTY] = "memblock_empty", [PF_CORRUPT_MB_OVERFLOW] = "memblock_overflow",
	[PF_CORRUPT_MB_UNSORTED] = "memblock_unsorted", [PF_CORRUPT_MB_OVERLAP] = "memblock_overlap",
	[PF_CORRUPT_MB_UNMERGED] = "memblock_unmerged", [PF_CORRUPT_MB_TOTAL] = "memblock_total",
	[PF_CORRUPT_MB_COUNT] = "memblock_count",
	[PF_CORRUPT_MB_ARRAY_SIZE] = "memblock_array_size",
	[PF_CORRUPT_MB_ARRAY_PLACE] = "memblock_array_place",
};

#define OP(kind, name, fields, cap, weight) + 1
_Static_assert(0
#include "ops.def"
	       == NR_OP_KINDS, "ops.def must list every enum scn_op_kind once");

#define OP(kind, name, fields, cap, weight) + (weight)
_Static_assert(0
#include "ops.def"
	       == OP_KIND_TABLE, "ops.def weights must add up to OP_KIND_TABLE");

/**
 * scn_op_name - the .trace spelling of an op kind
 * @kind: enum scn_op_kind
 *
 * Return: "alloc", "misuse double_free", ...; "?" for an unknown kind.
 */
const char *scn_op_name(unsigned int kind)
{
	return kind < NR_OP_KINDS ? ops_desc[kind].name : "?";
}

const char *const ops_call_names[PF_NR_BAD_CALLS] = {
	[PF_CALL_ALLOC_ORDER] = "alloc_order", [PF_CALL_ALLOC_CPU] = "alloc_cpu",
	[PF_CALL_ALLOC_NID] = "alloc_nid", [PF_CALL_ALLOC_GFP] = "alloc_gfp",
	[PF_CALL_FREE_CPU] = "free_cpu", [PF_CALL_FREE_ORDER] = "free_order",
	[PF_CALL_DRAIN_CPU] = "drain_cpu", [PF_CALL_COMPACT_ORDER] = "compact_order",
	[PF_CALL_COMPACT_NID] = "compact_nid", [PF_CALL_COMPACT_ZONE] = "compact_zone",
	[PF_CALL_MB_ADD] = "memblock_add", [PF_CALL_MB_RESERVE] = "memblock_reserve",
	[PF_CALL_MB_REMOVE] = "memblock_remove", [PF_CALL_MB_FREE] = "memblock_free",
	[PF_CALL_MB_ALLOC] = "memblock_alloc", [PF_CALL_BOOT] = "boot",
	[PF_CALL_EARLY_ALLOC] = "early_alloc", [PF_CALL_EARLY_FREE] = "early_free",
	[PF_CALL_EARLY_DRAIN] = "early_drain", [PF_CALL_EARLY_COMPACT] = "early_compact",
	[PF_CALL_EARLY_ISOLATE] = "early_isolate", [PF_CALL_EARLY_UNISOLATE] = "early_unisolate",
	[PF_CALL_EARLY_CONTIG] = "early_contig",
};

/**
 * scn_bad_call_name - the .trace spelling of a bad call
 * @call: enum pf_bad_call
 *
 * Return: "alloc_order", ...; "?" for an unknown call.
 */
const char *scn_bad_call_name(unsigned int call)
{
	return call < PF_NR_BAD_CALLS ? ops_call_names[call] : "?";
}

/**
 * scn_corrupt_name - the .trace spelling of a corruption kind
 * @what: enum pf_corrupt
 *
 * Return: "free_link", ...; "?" for an unknown kind.
 */
const char *scn_corrupt_name(unsigned int what)
{
	return what < PF_NR_CORRUPT ? ops_corrupt_names[what] : "?";
}

/**
 * scn_op_cap - the capability a port needs for an op kind
 * @kind: enum scn_op_kind
 *
 * Return: one SCN_CAP_* bit, or 0 for kinds every port takes (and for an
 * unknown kind).
 */
unsigned int scn_op_cap(unsigned int kind)
{
	return kind < NR_OP_KINDS ? ops_desc[kind].cap : 0;
}

/**
 * ops_kind_at - map a kind-table index to an op kind
 * @index: 0..OP_KIND_TABLE-1; larger values are reduced modulo the table
 *
 * Kinds occupy consecutive runs of `weight` entries in enum order.
 * Return: enum scn_op_kind.
 */
unsigned int ops_kind_at(unsigned int index)
{
	unsigned int kind;

	index %= OP_KIND_TABLE;
	for (kind = 0; kind < NR_OP_KINDS - 1; kind++) {
		if (index < ops_desc[kind].weight)
			break;
		index -= ops_desc[kind].weight;
	}
	return kind;
}

/* The last kind-table entry of a kind with a non-zero weight. */
static unsigned int last_index(unsigned int kind)
{
	return ops_first_index(kind) + ops_desc[kind].weight - 1;
}

_Static_assert(OP_KIND_TABLE > 0, "kind table");

/**
 * ops_kind_at_phase - see gen_internal.h
 * @index: 0..OP_KIND_TABLE-1; larger values are reduced modulo the table
 * @fragmented: the decoder is in a fragmented phase
 */
unsigned int ops_kind_at_phase(unsigned int index, bool fragmented)
{
	unsigned int kind = ops_kind_at(index);

	index %= OP_KIND_TABLE;
	if (!fragmented || ops_desc[kind].weight < 2 || index != last_index(kind))
		return kind;
	if (kind == OP_ALLOC || kind == OP_CHECK)
		return OP_COMPACT;
	return kind == OP_FREE ? OP_CONTIG : kind;
}

/**
 * ops_first_index - the first kind-table entry of a kind
 * @kind: enum scn_op_kind with a non-zero weight
 *
 * Return: the index i with ops_kind_at(i) == @kind that the encoder writes.
 */
unsigned int ops_first_index(unsigned int kind)
{
	unsigned int index = 0;

	for (unsigned int k = 0; k < kind && k < NR_OP_KINDS; k++)
		index += ops_desc[k].weight;
	return index;
}

/**
 * ops_clear - reset an op to a kind with every field neutral
 * @op: the op
 * @kind: enum scn_op_kind
 *
 * Neutral is 0 for every field except nid and zone, whose "none" is -1.
 * A valid op of @kind differs from this only in its kind's OPF_* fields.
 */
void ops_clear(struct scn_op *op, unsigned int kind)
{
	memset(op, 0, sizeof(*op));
	op->kind = (uint8_t)kind;
	op->nid = -1;
	op->zone = -1;
}
