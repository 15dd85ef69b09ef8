/* SPDX-License-Identifier: MIT */
/*
 * step.h - the runner in single steps, for the C reproducers repro/to-c
 * writes: the program makes every port call itself, in straight-line
 * code, and hands each answer to the judge's function for it (the oracle's
 * verdict and bookkeeping), then asks for the per-op checks.  The judging
 * is run.c's own (run_scenario() calls the same halves), so a reproducer
 * fails exactly as the runner does, with the same report and signature.
 *
 * Order of calls: step_open; port->create; step_created; per boot op
 * step_mb_op + port->memblock + step_judge_memblock (a port with
 * PORT_CAP_MEMBLOCK) or step_boot_op; step_boot; per run of each op
 * step_begin, the op's prepare / port call / judge (or step_op), step_after;
 * step_end; step_close.  Any step returning false: go to step_close.
 */
#ifndef PAGEFUZZ_STEP_H
#define PAGEFUZZ_STEP_H

#include <stdbool.h>
#include <stdint.h>
#include "run.h"

struct run_ctx;

/* A run of @s on opts->port; NULL only without memory.  false from step_ok: failed already. */
struct run_ctx *step_open(const struct scenario *s, const struct run_opts *opts,
			  struct run_result *result);
bool step_ok(const struct run_ctx *c);
/* What port->create() takes besides the config: the harness's callbacks. */
const struct port_env *step_env(const struct run_ctx *c);
/* port->create() gave @p (NULL: @err): its initial memblock arrays are judged. */
bool step_created(struct run_ctx *c, void *p, int err);
/* Boot op @i as the port's memblock() takes it. */
void step_mb_op(const struct run_ctx *c, unsigned int i, struct port_mb_op *op);
/* The port's memblock() answered @err (@addr): its arrays against the judge's model. */
bool step_judge_memblock(struct run_ctx *c, unsigned int i, const struct port_mb_op *op,
			 int err, uint64_t addr);
/* Boot op @i with no port call of its own (model-only port, expect, dump). */
bool step_boot_op(struct run_ctx *c, unsigned int i);
/* `boot`: the map, the oracle, port->boot(), the first checks.  false: stop. */
bool step_boot(struct run_ctx *c);

/* Run @run of op @i begins; false: the port does not take this kind (skipped). */
bool step_begin(struct run_ctx *c, unsigned int i, uint32_t run);
/* alloc: false when skipped (slot live) or failed; else call port->alloc. */
bool step_alloc_prepare(struct run_ctx *c, const struct scn_op *op, unsigned int *slot);
bool step_judge_alloc(struct run_ctx *c, const struct scn_op *op, unsigned int slot, int err,
		      unsigned long pfn);
/* free: false when skipped, failed, or a contig range (freed page by page here). */
bool step_free_prepare(struct run_ctx *c, const struct scn_op *op, unsigned long *pfn,
		       unsigned int *order);
bool step_judge_free(struct run_ctx *c, const struct scn_op *op, unsigned long pfn,
		     unsigned int order, int err);
bool step_judge_drain(struct run_ctx *c, const struct scn_op *op, int err);
/* Any other kind, port call and judging both in the harness (run.c's do_op). */
bool step_op(struct run_ctx *c, const struct scn_op *op);
/* After each run of an op: count it, the per-op checks.  false: failed, or a
 * `corrupt` op ended the run (not a failure: step_close() says RUN_OK). */
bool step_after(struct run_ctx *c, const struct scn_op *op, uint32_t run);
/* After the last op: the full walk, the end-of-run checks.  false: failed. */
bool step_end(struct run_ctx *c);
/* Tear down; the run's status (RUN_FAILED with result->signature set). */
enum run_status step_close(struct run_ctx *c);

#endif /* PAGEFUZZ_STEP_H */
