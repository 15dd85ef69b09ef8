/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - a scenario is plain data: a machine config, boot ops
 * (memblock), zone boundaries and a run-phase op list.  It is the one value
 * every entry point goes through: bytes --decode--> scenario <--parse-- .trace,
 * scenario --print--> .trace, scenario --encode--> bytes.
 *
 * Contract: for every byte string b, scenario_decode(b) is a valid scenario;
 * scenario_decode(scenario_encode(s)) equals s; parsing scenario_print(s)
 * gives back s.  This directory includes nothing outside fuzz/gen except
 * <pagefuzz/vocab.h> (gfp bits, zones, limits).
 */
#ifndef PAGEFUZZ_SCENARIO_H
#define PAGEFUZZ_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <pagefuzz/vocab.h>

#define SCN_MAX_NODES		PF_MAX_NODES
#define SCN_MAX_CPUS		PF_MAX_CPUS
#define SCN_MAX_BOOT_OPS	512	/* room for memblock's array growth (> 128 regions) */
#define SCN_MAX_OPS		4096	/* ops of a binary input; a .trace may hold more */
#define SCN_MAX_TRACE_OPS	(1u << 22)	/* ops of a .trace */
#define SCN_NR_SLOTS		64	/* the binary format's allocation handles; a
					 * .trace may name more (scenario.nr_slots) */
#define SCN_SLOT_NONE		UINT32_MAX	/* an unnamed ALLOC or CONTIG (.trace only) */
#define SCN_MAX_TIMES		(1u << 20)	/* `alloc ... x N`: N <= this */
#define SCN_NAME_LEN		32

/*
 * Range limits of a valid scenario beyond the ones the field comments give.
 * They are what the binary format can carry, so that every valid
 * scenario with memory and a `boot` line encodes (see scenario_encodable()).
 */
#define SCN_FORMAT_VERSION	2	/* what encode writes; decode still reads 1 */
#define SCN_FORMAT_V1		1
#define SCN_MAX_PCP		65535		/* pcp_high <= this, 1 <= pcp_batch <= this */
#define SCN_MAX_MIN_FREE_KBYTES	(1u << 20)	/* min_free_kbytes <= this */
#define SCN_MAX_CHECK_EVERY	256		/* 1 <= check_every <= this */
#define SCN_MAX_NR_PAGES	65536		/* ISOLATE/UNISOLATE/CONTIG: 1 <= nr_pages <= this */
#define SCN_MAX_OP_PFN		UINT32_MAX	/* run-op pfns are <= this */
#define SCN_ZONE_PFN_LIMIT	(1ull << 53)	/* zone pfns are < this */
#define SCN_MIN_DISTANCE	10		/* a set distance is 10..254; local ones are 10 */
#define SCN_MAX_DISTANCE	254

/* Capability bits (SCN_CAP_*) and dump kinds (enum scn_dump) are in vocab.h. */

struct scn_config {
	uint8_t max_order;		/* 0..12 */
	uint8_t pageblock_order;	/* <= max_order */
	uint8_t nr_cpus;		/* 1..8 */
	uint8_t nr_nodes;		/* 1..8 */
	bool pcp_auto;			/* pcp_high/pcp_batch not given */
	uint32_t pcp_high;
	uint32_t pcp_batch;		/* >= 1 */
	bool min_free_auto;		/* min_free_kbytes not given */
	uint32_t min_free_kbytes;
	bool mobility;
	uint16_t check_every;		/* full invariant walk every K ops, >= 1 */
	bool expect_off;		/* `expect` ops are not checked: true for every
					 * decoded input, `config expect=off` in a .trace */
	uint8_t distance[SCN_MAX_NODES][SCN_MAX_NODES];	/* 0 = default */
	uint8_t host_fail;		/* the port's Nth host allocation from create() on
					 * fails (SCN_CAP_HOST_FAIL); 0 = none */
};

enum scn_boot_kind {
	BOOT_MB_ADD,
	BOOT_MB_RESERVE,
	BOOT_MB_REMOVE,
	BOOT_MB_FREE,
	BOOT_MB_ALLOC,
	NR_MB_KINDS,		/* the memblock ops: the kinds a binary input carries */
	BOOT_EXPECT = NR_MB_KINDS, /* `expect ok|fail` about the boot op before it; arg 1 = ok */
	BOOT_DUMP,		/* `dump memblock` before `boot`; arg: DUMP_MEMBLOCK */
	NR_BOOT_KINDS
};

struct scn_boot_op {
	uint8_t kind;		/* enum scn_boot_kind */
	int8_t nid;		/* ADD: 0..7 (default 0); ALLOC: -1 = any */
	bool bottom_up;		/* ALLOC */
	uint64_t base;		/* bytes; ADD/RESERVE/REMOVE/FREE */
	uint64_t size;		/* bytes */
	uint64_t align;		/* ALLOC: power of two or 0 */
	uint64_t min_addr;	/* ALLOC */
	uint64_t max_addr;	/* ALLOC: 0 = no limit */
	uint8_t arg;		/* EXPECT: 1 = ok, 0 = fail; DUMP: enum scn_dump; ALLOC: 1 = pinned */
	uint32_t line;		/* source line in a .trace, 0 otherwise; not compared */
};

struct scn_zones {
	bool set;			/* a `zones` line was given */
	uint64_t max_zone_pfn[3];	/* DMA, DMA32, Normal; non-decreasing */
	bool has_movable;
	uint64_t movable_pfn;
};

enum scn_op_kind {
	OP_ALLOC,		/* order gfp cpu nid -> slot */
	OP_FREE,		/* slot cpu */
	OP_DRAIN,		/* cpu (-1 = all) */
	OP_COMPACT,		/* nid (-1 all) zone (-1 all) order */
	OP_ISOLATE,		/* pfn nr_pages */
	OP_UNISOLATE,		/* pfn nr_pages */
	OP_CONTIG,		/* pfn nr_pages -> slot */
	OP_DOUBLE_FREE,		/* slot */
	OP_WRONG_ORDER,		/* slot order */
	OP_FREE_PFN,		/* pfn order */
	OP_EXPECT,		/* arg: 1 = ok, 0 = fail */
	OP_CHECK,
	OP_DUMP,		/* arg: enum scn_dump */
	OP_CORRUPT,		/* arg: enum pf_corrupt, pfn: where to look; ends the run */
	OP_BAD_CALL,		/* arg: enum pf_bad_call */
	NR_OP_KINDS
};

/* EXPECT's arg: the previous op failed, succeeded, or a count (`ok=K fail=M`). */
enum scn_expect { EXPECT_FAIL, EXPECT_OK, EXPECT_COUNT, NR_EXPECTS };

struct scn_op {
	uint8_t kind;		/* enum scn_op_kind */
	uint8_t order;
	uint8_t arg;		/* EXPECT (enum scn_expect) / DUMP (enum scn_dump) / CORRUPT (enum pf_corrupt) */
	int8_t cpu;		/* 0..nr_cpus-1; DRAIN: -1 = all */
	int8_t nid;		/* -1 = default */
	int8_t zone;		/* COMPACT: enum zone_type or -1 */
	uint32_t slot;		/* < scenario.nr_slots, or SCN_SLOT_NONE (unnamed) */
	uint32_t gfp;		/* GFPF_* bits of alloc.h */
	uint64_t pfn;
	uint64_t nr_pages;
	uint32_t times;		/* ALLOC `x N`: N (2..SCN_MAX_TIMES), 0 = once;
				 * EXPECT_COUNT: K, the first K runs of the op
				 * before succeeded and the rest failed */
	uint32_t line;		/* source line in a .trace, 0 otherwise; not compared */
};

struct scenario {
	uint8_t version;	/* binary format version the scenario came from */
	struct scn_config cfg;
	unsigned int nr_boot;
	struct scn_boot_op boot[SCN_MAX_BOOT_OPS];
	struct scn_zones zones;
	bool booted;		/* a `boot` line (always true for decoded input) */
	uint32_t nr_slots;	/* slots ops may name: SCN_NR_SLOTS, or more in a
				 * .trace with more names; not compared */
	uint32_t boot_line;	/* its line in a .trace, 0 otherwise; not compared */
	unsigned int nr_ops;
	/*
	 * Op i is ops[i] for i < SCN_MAX_OPS, else more_ops[i - SCN_MAX_OPS]
	 * (scenario_op()): a binary input never has more, a long .trace gets
	 * them malloc'ed by the parser, freed by scenario_release().  A copy of
	 * a scenario shares more_ops: release only one of them.
	 */
	struct scn_op *more_ops;
	unsigned int more_cap;
	struct scn_op ops[SCN_MAX_OPS];
};

/* Op @i of @s (i < nr_ops). */
static inline const struct scn_op *scenario_op(const struct scenario *s, unsigned int i)
{
	return i < SCN_MAX_OPS ? &s->ops[i] : &s->more_ops[i - SCN_MAX_OPS];
}

/* Binary inputs carry no boot-phase `expect` or `dump` (encode refuses them). */

/*
 * Names from a .trace (or generated s<N>), for printing; optional.  Slots
 * past SCN_NR_SLOTS keep their names in @more (malloc'ed by the parser;
 * scn_names_release() frees it).  A zeroed struct holds no names.
 */
struct scn_names {
	char slot[SCN_NR_SLOTS][SCN_NAME_LEN];
	uint32_t nr_more;			/* names of slots SCN_NR_SLOTS.. */
	char (*more)[SCN_NAME_LEN];
};

/* parse.c: the name of @slot, or NULL; free the extra names (zeroes @n). */
const char *scn_name(const struct scn_names *n, uint32_t slot);
void scn_names_release(struct scn_names *n);

void scenario_init(struct scenario *s);		/* defaults, no ops */
/* scenario.c: free the ops past SCN_MAX_OPS; @s then holds the first ones only. */
void scenario_release(struct scenario *s);
/* scenario.c: room for one more op at index nr_ops (not counted); NULL: no memory. */
struct scn_op *scenario_new_op(struct scenario *s);
bool scenario_equal(const struct scenario *a, const struct scenario *b);

/* decode.c: total; never fails.  @caps: PORT_CAP_* mask restricting op kinds. */
void scenario_decode(const uint8_t *data, size_t size, unsigned int caps, struct scenario *s);
/* encode.c: returns bytes written, or 0 if @cap is too small. */
size_t scenario_encode(const struct scenario *s, uint8_t *buf, size_t cap);

/* print.c: the .trace form; @names may be NULL (s<N> names). */
void scenario_print(const struct scenario *s, const struct scn_names *names, FILE *out);
void scenario_print_op(const struct scenario *s, const struct scn_op *op,
		       const struct scn_names *names, FILE *out);
void scenario_print_boot_op(const struct scn_boot_op *op, FILE *out);

/*
 * parse.c: 0, or -1 with "FILE:LINE: bad token 'TOK': why" in @err.
 * @names, when given, is overwritten; a trace with more than SCN_NR_SLOTS
 * names leaves the extra ones malloc'ed in it: scn_names_release() them
 * after use (a failed parse has released them already).
 */
int scenario_parse(const char *text, const char *file, struct scenario *s,
		   struct scn_names *names, char *err, size_t errlen);
int scenario_parse_file(const char *path, struct scenario *s, struct scn_names *names,
			char *err, size_t errlen);

/*
 * scenario.c: scenario_validate() checks every range rule above and that
 * fields an op or boot op kind does not use hold their neutral values
 * (0, nid/zone -1); NULL when valid, else a fixed string naming the rule.
 * Decoded and parsed scenarios are always valid.
 */
const char *scenario_validate(const struct scenario *s);
/*
 * scenario.c: read a whole file of at most @max bytes; 0, or -1 with errno
 * set (EFBIG past @max).  *@data is malloc'ed.  The caps: a .trace holds
 * at most SCN_MAX_TRACE_BYTES, a binary input at most SCN_MAX_INPUT_BYTES.
 */
#define SCN_MAX_TRACE_BYTES	(16u << 20)
#define SCN_MAX_INPUT_BYTES	(1u << 20)
int scenario_read_file(const char *path, size_t max, uint8_t **data, size_t *size);

/*
 * scenario.c: how many times the op an `expect` at index @i is about ran:
 * the nearest op before @i that is no expect, dump or check; its `x N`,
 * else 1; 0 when there is none.
 */
uint32_t scenario_runs_before(const struct scenario *s, unsigned int i);

/* ops.c: "alloc", "misuse double_free", ...; "?" for an unknown kind. */
const char *scn_op_name(unsigned int kind);
/* ops.c: "free_link", ... for an enum pf_corrupt ("?" if out of range). */
const char *scn_corrupt_name(unsigned int what);
/* ops.c: "alloc_order", ... for an enum pf_bad_call ("?" if out of range). */
const char *scn_bad_call_name(unsigned int call);
/* ops.c: the SCN_CAP_* bit an op kind needs; 0 for kinds every port takes. */
unsigned int scn_op_cap(unsigned int kind);

/*
 * encode.c: NULL if @s has a binary form, else why not.  Decoding always
 * yields a booted scenario with at least one `memblock add`, so a valid
 * scenario without them (a .trace without `boot` or without memory) has no
 * binary form and scenario_encode() returns 0 for it.
 */
const char *scenario_encodable(const struct scenario *s);
/* encode.c: the same, and the .trace line of the op at fault (0: none). */
const char *scenario_encodable_line(const struct scenario *s, uint32_t *line);
/* The largest binary form: header, every boot record, every op record. */
#define SCN_MAX_ENCODED		(113 + SCN_MAX_BOOT_OPS * 28 + SCN_MAX_OPS * 8)

/* gfp.c: "GFP_KERNEL|__GFP_THISNODE" <-> bits; SCN_GFP_TEXT_LEN holds any mask */
#define SCN_GFP_TEXT_LEN	512
int scn_gfp_parse(const char *text, uint32_t *gfp);
void scn_gfp_format(uint32_t gfp, char *buf, size_t len);

#endif /* PAGEFUZZ_SCENARIO_H */
