/* SPDX-License-Identifier: MIT */
/*
 * policy.h - the policy judge: does a port that claims Linux's policy
 * (PORT_CAP_LINUX_POLICY) make Linux's decisions?
 *
 * Beside the bitmap oracle (which judges safety: where a block may come
 * from, conservation), this judge recomputes each decision Linux defines
 * from state it checked itself and compares it with what the port did:
 *  - at boot: min_free_kbytes (calculate_min_free_kbytes), min/low/high
 *    and lowmem_reserve of every zone (__setup_per_zone_wmarks,
 *    setup_per_zone_lowmem_reserve), batch and high of every cpu's list
 *    (zone_batchsize, zone_highsize), all from the oracle's managed pages;
 *    compared again whenever a zone is re-read;
 *  - after every alloc: success or failure and the zone and attempt it
 *    comes from (gfp_to_alloc_flags, alloc_flags_nofragment, the zonelist
 *    walk with the judge's own __zone_watermark_ok), the pageblock type of
 *    the block (own type, a fallback find_suitable_fallback allows, a claim
 *    try_to_claim_block must make, the highatomic reserve), the highatomic
 *    counter, the per-cpu list traffic (rmqueue_bulk) and the claim of a
 *    refill's first fallback when it is certain; a failure after the
 *    drain stage must leave every list empty, no free highatomic block and
 *    no zone the last walk could use, a success there no zone without its
 *    last highatomic pageblock when the walk after the drain must succeed;
 *  - after every `compact`: the answer, each zone's outcome and every
 *    move against compaction's decisions (compaction_suitable(), the
 *    fragmentation index, compact_finished(), the scanners); after a
 *    costly allocation fails past the drain stage, direct compaction of
 *    every zone it may use that was never compacted;
 *  - after every free and drain: the per-cpu spill (free_unref_page_commit,
 *    nr_pcp_free), the list a cached block went onto (its pageblock's type,
 *    free_unref_page) and the emptied lists;
 *  - on the runner's full-walk sample: an independent census of the free
 *    and per-cpu blocks, from the oracle's free pfns and the port's block
 *    view, against the port's per-order, per-type counts the decisions use,
 *    and every pageblock the judge saw isolated still isolated;
 *  - around isolate, unisolate and contig: the pageblock types isolation
 *    keeps (isolate.c: a pageblock gets back the type it had when it was
 *    isolated; a contig leaves every type as it found it).
 * The port's counts are also held to the oracle's free pages after every
 * re-read.  Deviations the judge shares with the model: rules.h.
 */
#ifndef PAGEFUZZ_POLICY_H
#define PAGEFUZZ_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include "fuzz/gen/scenario.h"
#include "fuzz/port/port.h"
#include "oracle/oracle.h"

struct policy;

struct policy_verdict {
	const char *id;		/* stable dotted id, "policy.*" */
	unsigned long pfn;	/* where, or ~0UL */
	char detail[240];
};

/* NULL if the port does not declare PORT_CAP_LINUX_POLICY (or no memory). */
struct policy *policy_create(const struct scn_config *cfg, const struct port_ops *port,
			     void *instance, const struct oracle *orc, unsigned long end_pfn);
void policy_destroy(struct policy *pol);

/* Each returns false and fills @v on a violation. */
bool policy_boot(struct policy *pol, struct policy_verdict *v);
/*
 * Just before the port is asked for an allocation: the judge decides on
 * the state before it (the zone, the attempt, the very block Linux takes).
 */
void policy_before_alloc(struct policy *pol, uint32_t gfp, unsigned int order, unsigned int cpu,
			 int nid);
/* After an alloc the oracle accepted: @err 0 (and @pfn) or ALLOC_ENOMEM. */
bool policy_alloc(struct policy *pol, uint32_t gfp, unsigned int order, unsigned int cpu,
		  int nid, int err, unsigned long pfn, struct policy_verdict *v);
/* After a successful free of [pfn, pfn + 2^order) by @cpu. */
bool policy_free(struct policy *pol, unsigned long pfn, unsigned int order, unsigned int cpu,
		 struct policy_verdict *v);
/* After a drain of @cpu (-1: all). */
bool policy_drain(struct policy *pol, int cpu, struct policy_verdict *v);
/*
 * The `compact` op (judge_compact.c): before it, each selected zone's
 * start is decided on the state re-read then; during it, each block the
 * port moved (port_env.migrate accepted it) is noted; after it, with the
 * port's answer (0 or a PF_* code), the state is re-read and the answer,
 * each zone's outcome and every move are judged.
 */
bool policy_before_compact(struct policy *pol, int nid, int zone, unsigned int order,
			   struct policy_verdict *v);
void policy_compact_migrate(struct policy *pol, unsigned long old_pfn, unsigned long new_pfn,
			    unsigned int order);
bool policy_compact(struct policy *pol, int err, struct policy_verdict *v);
/* After any other op that may have changed the port's state. */
bool policy_resync(struct policy *pol, struct policy_verdict *v);
/*
 * With the runner's full walk: the independent census of free and per-cpu
 * blocks, on every 8th call after the boot's and when @last (the end of a run).
 */
bool policy_walk(struct policy *pol, bool last, struct policy_verdict *v);
/*
 * Isolation keeps pageblock types (isolate.c, Linux v6.17's isolation
 * bit): policy_before_range() just before the port is asked to isolate,
 * un-isolate or take [pfn, pfn + nr) as a contig range, policy_range()
 * after it answered @err (0 or an error).
 */
enum policy_range_op { POLICY_ISOLATE, POLICY_UNISOLATE, POLICY_CONTIG };
void policy_before_range(struct policy *pol, unsigned long pfn, unsigned long nr);
bool policy_range(struct policy *pol, enum policy_range_op op, unsigned long pfn,
		  unsigned long nr, int err, struct policy_verdict *v);
/* Every pageblock a judged isolate isolated still reads Isolate (after a compaction). */
bool policy_isolated_kept(struct policy *pol, struct policy_verdict *v);
/* A dump the port printed (text, @len bytes): its numbers against the judged state. */
bool policy_check_dump(struct policy *pol, enum scn_dump what, const char *text, size_t len,
		       struct policy_verdict *v);

#endif /* PAGEFUZZ_POLICY_H */
