/* SPDX-License-Identifier: MIT */
/*
 * mb_model.h - the judge's own model of memblock: the boot ops turned
 * into two sets of byte intervals, `memory` and `reserved`, each kept in
 * its canonical form (sorted, disjoint, neighbours merged when they touch
 * and have equal nid and flags) as the kernel's memblock keeps its arrays.
 *
 * It computes the final memory map for ports without a memblock, picks the
 * address a `memblock alloc` takes for them (the kernel's first fit), and
 * judges a port that runs its own memblock (PORT_CAP_MEMBLOCK, port.h):
 * its arrays after every op, its array growth reservations and its alloc
 * results.  It shares no code with alloc/memblock.c: interval sets edited
 * by "keep what lies outside, add what is new, sort, merge", no slots.
 */
#ifndef PAGEFUZZ_MB_MODEL_H
#define PAGEFUZZ_MB_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <pagefuzz/vocab.h>
#include "fuzz/port/port.h"
#include "oracle.h"

struct mbm_list {
	unsigned long cnt, cap;
	struct port_mb_region *r;	/* cnt regions, canonical */
};

/* Where the port said one of its arrays lies, as last judged. */
struct mbm_array {
	unsigned long max;
	uint64_t base, bytes;		/* 0, 0: the initial array, in no memory */
};

struct mb_model {
	struct mbm_list memory, reserved;
	struct mbm_list tmp;		/* scratch for edits */
	struct mbm_array array[2];	/* memory, reserved (PORT_CAP_MEMBLOCK ports) */
};

/* 0, or -1 when the host has no memory.  Both sets start empty. */
int mbm_init(struct mb_model *m);
void mbm_release(struct mb_model *m);

/*
 * Edits.  A size reaching past 2^64 - 1 is cut there; a size of 0 changes
 * nothing.  add: the parts of the range not in `memory` join it on @nid
 * (parts already there keep their node); remove: the range leaves
 * `memory`; reserve / free: the same on `reserved`.
 * Return: false only when the host has no memory (the set is then unchanged).
 */
bool mbm_add(struct mb_model *m, uint64_t base, uint64_t size, int nid);
bool mbm_remove(struct mb_model *m, uint64_t base, uint64_t size);
bool mbm_reserve(struct mb_model *m, uint64_t base, uint64_t size, int nid);
bool mbm_free(struct mb_model *m, uint64_t base, uint64_t size);

/*
 * mbm_find - the address the kernel's memblock_alloc_try_nid() takes for
 * a PORT_MB_ALLOC @op: passes (min, nid), (min, any node), (0, nid),
 * (0, any node); in each, the highest (or with bottom_up the lowest)
 * aligned fit inside one free range (a `memory` region minus `reserved`)
 * at or above the first page and below max_addr.  Return: false if none.
 */
bool mbm_find(const struct mb_model *m, const struct port_mb_op *op, uint64_t *addr);

/* `dump memblock` of the model, in TRACE.md's format (max: 128 doubled to fit). */
void mbm_dump(const struct mb_model *m, FILE *out);

/* ---- judging a port's own memblock ---- */

/* Right after create(): both arrays empty; remembers where they lie. */
bool mbm_judge_initial(struct mb_model *m, const struct port_mb_state *st,
		       struct oracle_verdict *v);
/*
 * mbm_judge_growth - the array moves a port made during @op (@addr: the
 * alloc result, if @op is an alloc that succeeded, else 0 size).  Each new
 * placement must be page aligned, in memory free before the op and off
 * the range the op reserves (unless that range starts at 0: the kernel's
 * second search then spans all memory); the old placement (if any) is freed, then
 * the new one reserved, as memblock_double_array() does.  Call before
 * applying the op itself to the model.
 */
bool mbm_judge_growth(struct mb_model *m, const struct port_mb_op *op, int err, uint64_t addr,
		      const struct port_mb_state *st, struct oracle_verdict *v);
/*
 * mbm_judge_alloc - a port's answer to a PORT_MB_ALLOC @op (on the model
 * before the reservation): success must be aligned, at or above the first
 * page, below max_addr, inside one memory region, on nothing reserved,
 * and honour the passes of mbm_find() (above min and on nid when a fit
 * existed there); failure needs no fit, or a full reserved array
 * (@rsv_cnt + 1 > @rsv_max) whose growth may have failed.
 */
bool mbm_judge_alloc(const struct mb_model *m, const struct port_mb_op *op, int err,
		     uint64_t addr, unsigned long rsv_cnt, unsigned long rsv_max,
		     struct oracle_verdict *v);
/*
 * mbm_judge_op_error - a port failed an add/reserve/remove/free: only
 * PF_ENOMEM, and only when the op needed more slots than its array had
 * (@cnt, @max: the array before the op).
 */
bool mbm_judge_op_error(const struct mb_model *m, const struct port_mb_op *op, int err,
			unsigned long cnt, unsigned long max, struct oracle_verdict *v);
/* mbm_judge_state - the port's arrays equal the model's sets, region for region. */
bool mbm_judge_state(const struct mb_model *m, const struct port_mb_state *st,
		     struct oracle_verdict *v);

#endif /* PAGEFUZZ_MB_MODEL_H */
