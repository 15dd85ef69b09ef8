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
