/* SPDX-License-Identifier: MIT */
/*
 * shrink.h - the scenario minimizer's parts: delta debugging over a
 * struct scenario (not its bytes), keeping one failure signature.
 *
 * A pass takes the current scenario, tries simpler candidates one at a
 * time through shrink_try() and keeps each that still fails with the same
 * signature.  Every accepted candidate is strictly smaller in one measure
 * (fewer ops or boot ops, a smaller number, fewer gfp bits away from
 * GFP_KERNEL, earlier slot names), so the passes end.  minimize.c runs
 * them in rounds until a round changes nothing.
 *
 *  shrink_ops.c     ops past the failing one, `expect`s a binary run
 *                   ignores, then ddmin over the run ops
 *  shrink_boot.c    ddmin over the memblock ops, then each one's base,
 *                   size and alloc limits, then the zone boundaries
 *  shrink_config.c  cpus, nodes, max_order, pageblock_order, the pcp and
 *                   watermark knobs, distances
 *  shrink_fields.c  each op's order, gfp, cpu, node, pfn range; slot names
 *  shrink_trade.c   an op fewer for zone boundaries that cut the map short
 *  shrink_ddmin.c   the ddmin loop shared by ops and boot ops
 *  shrink_bytes.c   a second starting point: the bytes shrunk as afl-tmin does
 *  shrink_binary.c  a .trace's `x N`, unnamed allocations and extra names
 *                   brought to a scenario with a binary form
 *  shrink_core.c    the test: valid, encodable, same signature; the rounds
 *  shrink_output.c  the .trace and .bin written
 */
#ifndef PAGEFUZZ_SHRINK_H
#define PAGEFUZZ_SHRINK_H

#include <stdbool.h>
#include "fuzz/check/run.h"

struct shrink {
	const struct port_ops *port;
	bool honour_expect;		/* the input was a .trace: `expect` ops count */
	bool isolate;			/* run candidates in a worker process */
	bool verbose;			/* a line per accepted candidate */
	bool progress;			/* a line per round */
	bool binary;			/* candidates must have a binary form (the
					 * scenario has one: shrink_to_binary()) */
	char signature[160];		/* the failure to keep */
	unsigned long runs;		/* candidates run so far */
	unsigned long accepted;		/* of which kept */
	struct scenario *cand;		/* scratch candidate, owned */
	int worker_pid;			/* the worker, 0 if none yet */
	int to_worker, from_worker;	/* its pipes */
};

/* shrink_core.c */
int shrink_init(struct shrink *sh, const struct port_ops *port, bool honour_expect);
void shrink_fini(struct shrink *sh);
/*
 * shrink_run - run @s in the way shrink_try does, without comparing.
 * Return: its status; @r holds the signature.  A candidate that kills
 * the worker process (an abort inside the port, a sanitizer report, a
 * run past CANDIDATE_TIMEOUT_S) reads as a failure with the signature
 * "<port>:crash:<signal>"; the next candidate starts a new worker.
 */
enum run_status shrink_run(struct shrink *sh, const struct scenario *s, struct run_result *r);
/*
 * shrink_try - true if @cand is valid, has a binary form (when sh->binary)
 * and fails the same way.
 */
bool shrink_try(struct shrink *sh, const struct scenario *cand);
/* shrink_accept - shrink_try(), and on success copy @cand over @s. */
bool shrink_accept(struct shrink *sh, struct scenario *s, const struct scenario *cand,
		   const char *what);
/*
 * shrink_minimize - every pass, in rounds, until a round changes nothing
 * (at most SHRINK_MAX_ROUNDS).  @s must fail with sh->signature.
 */
#define SHRINK_MAX_ROUNDS 16
void shrink_minimize(struct shrink *sh, struct scenario *s);
/* Seconds on a monotonic clock, for progress lines. */
double shrink_now(void);
/*
 * shrink_output.c: write @out.trace and @out.bin (a trailing ".trace" on
 * @out is dropped first).  @from, @ops_before, @bytes_before go into the
 * header line.  Return: 0, or 2 after printing why.
 */
int shrink_write(const char *out, const char *from, const struct shrink *sh,
		 const struct scenario *s, unsigned int ops_before, size_t bytes_before);
/* shrink_output.c: warn on stderr if @s printed and parsed back fails otherwise. */
void shrink_check_printed(struct shrink *sh, const struct scenario *s);
/* The size measures the report prints: memblock + run ops, and encoded bytes. */
unsigned int shrink_nr_ops(const struct scenario *s);
size_t shrink_encoded_bytes(const struct scenario *s);

/*
 * shrink_ddmin - Zeller's ddmin over @n elements: remove chunks while
 * @test (given the indices kept, in order) still holds, halving the
 * chunk size when no chunk can go.  On return keep[0..*n) are the kept
 * indices.  Return: whether anything was removed.
 */
typedef bool (*shrink_test_fn)(void *ctx, const unsigned int *keep, unsigned int n);
bool shrink_ddmin(unsigned int *keep, unsigned int *n, shrink_test_fn test, void *ctx);

/* The passes; each returns whether it changed @s. */
bool shrink_ops(struct shrink *sh, struct scenario *s);
bool shrink_boot(struct shrink *sh, struct scenario *s);
bool shrink_config(struct shrink *sh, struct scenario *s);
bool shrink_fields(struct shrink *sh, struct scenario *s);
bool shrink_slots(struct shrink *sh, struct scenario *s);
bool shrink_trade(struct shrink *sh, struct scenario *s);
bool shrink_boot_canonical_map(struct shrink *sh, struct scenario *s);
/* shrink_binary.c: sets sh->binary (whether @s has a binary form after it). */
bool shrink_to_binary(struct shrink *sh, struct scenario *s);
/*
 * shrink_bytes.c: @data (@n bytes, a binary input failing with
 * sh->signature) shrunk byte-wise, decoded into @out.  Return: false if
 * @data does not fail that way (then @out is untouched).
 */
bool shrink_bytes(struct shrink *sh, const uint8_t *data, size_t n, struct scenario *out);

#endif /* PAGEFUZZ_SHRINK_H */
