/* SPDX-License-Identifier: MIT */
/*
 * judge_internal.h - the policy judge's state, shared by judge.c (boot,
 * per-op decisions), judge_compact.c (the `compact` op), census.c (state
 * reads and the independent census), dump.c (dumps against the judged
 * state) and isolate.c (pageblock types across isolation).
 */
#ifndef PAGEFUZZ_POLICY_JUDGE_INTERNAL_H
#define PAGEFUZZ_POLICY_JUDGE_INTERNAL_H

#include <stdarg.h>
#include "policy.h"
#include "rules.h"

struct walk_counts;
struct pol_compact_run;

/* What Linux takes for an allocation the judge decided (predict.c). */
struct pol_expect {
	enum pol_source src;	/* CLAIM only when the claim must happen */
	bool exact;		/* pfn is the block Linux takes */
	unsigned long pfn;
	int want, alt;		/* the pageblock type it ends in before any reserve; -1: any */
	/* a per-cpu refill's first fallback block that must be claimed (predict.c) */
	bool refill_claim;
	unsigned long claim_pfn;
	unsigned int claim_order;
};

/* The decision made before the port answered an allocation. */
struct pol_pending {
	bool valid;
	uint32_t gfp;
	unsigned int order, cpu;
	int nid;
	struct pol_request rq;
	struct pol_decision d;
	bool have_expect;
	struct pol_expect e;
	/* DRAINED: the walk after the drain succeeds on the drained state's lower bound */
	bool drained_walk_ok;
	/* DRAINED, costly order: each zone's compaction outcome before the op */
	bool have_compact_before;
	int compact_before[POL_MAX_NODES][POL_NR_ZONES];
};

struct policy {
	const struct scn_config *cfg;
	const struct port_ops *port;
	const struct port_policy_ops *ops;
	void *p;
	const struct oracle *orc;
	unsigned long end_pfn;
	struct pol_machine m;		/* the judged state; decisions read it */
	unsigned long walks;		/* policy_walk() calls */
	struct walk_counts *walk;	/* census.c's tallies, kept between walks */
	struct pol_pending pending;	/* policy_before_alloc() for the next policy_alloc() */
	struct pol_compact_run *compact;	/* judge_compact.c: the `compact` op under way */
	/* isolate.c: a byte per pageblock, allocated on the first isolate, unisolate or contig */
	uint8_t *iso;
	unsigned long nr_iso_blocks;
	unsigned long nr_isolated;	/* pageblocks recorded isolated */
};

bool pol_fail(struct policy_verdict *v, const char *id, unsigned long pfn, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* census.c */
#define POL_ALL_CPUS	(~0u)
/* Re-read one zone from the port (cpu: one cpu's list, or POL_ALL_CPUS) and check it. */
bool pol_read_zone(struct policy *pol, int nid, int zone, unsigned int cpu,
		   struct policy_verdict *v);
bool pol_read_all(struct policy *pol, struct policy_verdict *v);
bool pol_census_walk(struct policy *pol, struct policy_verdict *v);
/* A lower bound of the state after a drain of every cpu (sim->zones: free() it). */
bool pol_drained_bound(struct policy *pol, struct pol_machine *sim);

/* predict.c: the block Linux takes from zone @z; false if none (a judge bug). */
bool pol_predict_block(struct policy *pol, const struct pol_zone *z, const struct pol_request *rq,
		       unsigned int alloc_flags, struct pol_expect *e);

/* predict.c: the claim a refill's later block must make (e->refill_claim). */
void pol_predict_refill_claim(struct policy *pol, const struct pol_zone *z,
			      const struct pol_request *rq, unsigned int alloc_flags,
			      struct pol_expect *e);

/* judge_compact.c: free what the `compact` judge keeps. */
void pol_compact_free(struct policy *pol);
/* judge_compact.c: each zone's compaction outcome now, for a costly request's direct compaction. */
void pol_compact_results(struct policy *pol, int out[POL_MAX_NODES][POL_NR_ZONES]);
/*
 * judge_compact.c: a costly request failed after the drain stage; every
 * eligible zone of its zonelist never compacted before (@before) must
 * have been compacted now (__alloc_pages_direct_compact()).
 */
bool pol_judge_direct_compact(struct policy *pol, const struct pol_request *rq,
			      const int before[POL_MAX_NODES][POL_NR_ZONES], struct policy_verdict *v);

/* dump.c: pageblocks per type of one zone, pagetypeinfo_showblockcount_print()'s walk. */
void pol_pageblock_counts(struct policy *pol, int nid, int zone, unsigned long count[POL_MTS]);

#endif /* PAGEFUZZ_POLICY_JUDGE_INTERNAL_H */
