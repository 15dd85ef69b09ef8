/* SPDX-License-Identifier: MIT */
/*
 * run_internal.h - the state of one run, shared by the files of
 * fuzz/check: run.c (the op loop), run_boot.c (memory map, oracle and
 * port creation), content.c (page contents) and report.c (the failure
 * report).  Everything here lives for one scenario only: nothing survives
 * between fuzz inputs.
 */
#ifndef PAGEFUZZ_RUN_INTERNAL_H
#define PAGEFUZZ_RUN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <pagefuzz/vocab.h>
#include "oracle/mb_model.h"
#include "oracle/oracle.h"
#include "fuzz/policy/policy.h"
#include "run.h"

/*
 * The full walk costs time per pfn of the map: on a map of N pfns it runs
 * every max(K, N / WALK_PFNS_PER_OP) ops, so that its cost per op stays
 * below about that many pfn visits (an op itself costs about as much)
 * while the incremental check still runs after every op and the walk at
 * the end of every run.  Maps up to 256 * K pfns get their walk every K ops.
 */
#define WALK_PFNS_PER_OP 256

/* Slots one run keeps at most: the named ones plus every unnamed allocation run. */
#define RUN_MAX_SLOTS	(1u << 24)

/* A list of pfn ranges (content.c). */
struct content_ranges {
	struct { unsigned long pfn, nr; } *r;
	unsigned int nr, cap;
};

struct run_ctx {
	const struct scenario *s;
	const struct run_opts *o;
	struct run_result *r;
	const struct port_ops *port;
	void *p;				/* port instance */
	bool booted;				/* the port's boot() succeeded */
	struct oracle *orc;
	struct policy *pol;			/* the policy judge, for PORT_CAP_LINUX_POLICY ports */
	bool last_walk;				/* the walk at the end of the run */
	unsigned int content_slot;		/* where the next walk's tag sample starts */
	unsigned long content_pass;		/* sample passes over every slot so far */
	unsigned int op_caps;			/* port_op_caps(port) */
	bool failed;
	bool internal;				/* the allocator's own check failed (platform_abort) */
	int cur_op;				/* op index, -1 during boot */
	uint32_t cur_run;			/* which run of an `x N` op, from 0 */
	int cur_boot;				/* boot op index during boot, -1 for `boot` */
	unsigned int walk_every;		/* ops between full walks, at most */
	unsigned int since_walk;		/* steps since the last full walk */
	bool walk_current;			/* no op has run since the last full walk passed */
	bool managed_known;			/* managed_zones is worked out */
	uint64_t managed_zones;			/* bit nid * 4 + zone: the zone has managed pages */

	/* the boot phase and the final memory map (run_boot.c) */
	struct mb_model mbm;			/* the judge's memblock (oracle/mb_model.c) */
	bool mbm_live;
	unsigned long mb_cnt[2], mb_max[2];	/* the port's arrays as last judged */
	struct port_region *memory, *reserved;
	struct port_map map;
	struct port_env env;

	/* page contents (content.c) */
	uint8_t *raw;				/* the mapping: room, alignment pad, pages */
	size_t raw_bytes;
	uint8_t *mem;				/* pfn p at mem + p * 4096 */
	size_t mem_bytes;			/* end_pfn * 4096 */
	struct content_ranges poisoned;		/* pfn ranges whose shadow is poisoned */
	uint64_t serial;			/* allocation counter, salts the tags */
	unsigned long pages_written;		/* pages this run tagged or moved into */
	uint64_t *slot_tag;			/* [nr_slots] */

	/*
	 * Slots: the scenario's named ones (nr_slots >= SCN_NR_SLOTS), then one
	 * per run of an unnamed allocation, handed out from next_anon on.  A
	 * binary input uses the fixed arrays below; a .trace with more slots
	 * gets malloc'ed ones (run_slots_setup()).
	 */
	unsigned int nr_slots, next_anon;
	/* misuse bookkeeping: where a slot's last allocation was; [nr_slots] */
	bool *last_valid;
	unsigned long *last_pfn;
	unsigned int *last_order;
	bool *pinned;				/* the owner refuses to migrate the slot */
	uint64_t fixed_tag[SCN_NR_SLOTS];
	bool fixed_valid[SCN_NR_SLOTS];
	unsigned long fixed_pfn[SCN_NR_SLOTS];
	unsigned int fixed_order[SCN_NR_SLOTS];
	bool fixed_pinned[SCN_NR_SLOTS];
	unsigned long nr_migrated, nr_refused;	/* moves judged / refused in this run */

	enum { LAST_OK, LAST_FAILED, LAST_SKIPPED } last;	/* previous op, for `expect` */
	/* the runs of the previous op (`x N`), for `expect ok=K`: */
	uint32_t last_runs, last_oks;		/* runs, and how many succeeded */
	bool last_ok_after_fail;		/* a success came after a failure */
	bool at_end;				/* the end-of-run checks (run_end.c) are running */
	bool stopped;				/* a describe_before rerun reached its op */
	bool corrupted;				/* a `corrupt` op broke the port: the run ends */
	char reason[200];			/* the port's port_reason() for the current op */
	unsigned int step_skipped;		/* ops_skipped when the current run began */
	FILE *sink;				/* where dumps go */
};

/* report.c: record the first failure, print the report, maybe abort. Returns false. */
bool run_fail(struct run_ctx *c, const char *id, unsigned long start_pfn,
	      unsigned long end_pfn, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void run_note(struct run_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void run_port_view(struct run_ctx *c, FILE *err, const char *label, unsigned long start,
		   unsigned long end);
/* report.c: the abort hook run_scenario() installs through the port (@arg is the run_ctx). */
void run_internal_failure(const char *what, void *arg);

/* run.c: the slot tables for @s (see nr_slots above); false: no memory */
bool run_slots_setup(struct run_ctx *c);
unsigned int run_bind_slot(struct run_ctx *c, const struct scn_op *op);

/* run_boot.c: run_boot() = setup, the port's create(), created, each boot op, machine */
bool run_boot(struct run_ctx *c);
bool run_boot_setup(struct run_ctx *c);
bool run_boot_created(struct run_ctx *c, int err);
/* The port's memblock arrays (PORT_CAP_MEMBLOCK) as `dump memblock` prints them. */
void run_dump_port_memblock(struct run_ctx *c, FILE *out);
void run_to_port_op(const struct scn_boot_op *b, struct port_mb_op *op);
bool run_play_boot_op(struct run_ctx *c, const struct scn_boot_op *b);
bool run_judge_memblock(struct run_ctx *c, const struct port_mb_op *op, int err, uint64_t addr);
bool run_boot_machine(struct run_ctx *c);
void run_on_reason(void *arg, const char *text);
void run_teardown(struct run_ctx *c);

/* content.c */
bool content_setup(struct run_ctx *c);
void content_teardown(struct run_ctx *c);
void content_fill(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr);
bool content_verify(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr);
#define CONTENT_SAMPLE_ROUNDS	8	/* a walk checks one live page in this many */
#define CONTENT_WALK_PAGES	16	/* ...of the blocks it reaches with this many checks */
bool content_verify_sample(struct run_ctx *c, unsigned int slot, unsigned long pfn,
			   unsigned long nr, unsigned long round);
void content_release(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned long nr);
void content_migrate(struct run_ctx *c, unsigned int slot, unsigned long old_pfn,
		     unsigned long new_pfn, unsigned long nr);

/* run.c */
const char *run_strerror(int err);
bool run_check_all(struct run_ctx *c);
bool run_check_last(struct run_ctx *c);
bool run_policy_fail(struct run_ctx *c, const struct policy_verdict *v);
bool run_policy_after(struct run_ctx *c);	/* the policy judge re-reads its state */
bool run_check_zones(struct run_ctx *c, bool layout);
bool run_free_slot(struct run_ctx *c, unsigned int slot, unsigned int cpu);
bool run_skip(struct run_ctx *c, const char *why);
/* run_judge.c: one op in halves (run.c and step.c make the port call in between) */
bool run_alloc_prepare(struct run_ctx *c, const struct scn_op *op, unsigned int *slot);
bool run_judge_alloc(struct run_ctx *c, const struct scn_op *op, unsigned int slot, int err,
		     unsigned long pfn);
bool run_free_live(struct run_ctx *c, const struct scn_op *op);
bool run_free_prepare(struct run_ctx *c, unsigned int slot, unsigned int cpu,
		      unsigned long *pfn, unsigned int *order);
bool run_judge_free(struct run_ctx *c, unsigned int slot, unsigned long pfn, unsigned int order,
		    unsigned int cpu, int err);
bool run_judge_drain(struct run_ctx *c, const struct scn_op *op, int err);
bool run_do_op(struct run_ctx *c, const struct scn_op *op);
struct run_ctx *run_ctx_new(const struct scenario *s, const struct run_opts *opts,
			    struct run_result *result);
bool run_supported(const struct run_ctx *c, const struct scn_op *op);
void run_note_run(struct run_ctx *c, const struct scn_op *op, bool first);
bool run_check_step(struct run_ctx *c);
void run_slots_teardown(struct run_ctx *c);

/* run_compact.c: compact, isolate, unisolate, contig, and the migrate callback */
bool run_compact(struct run_ctx *c, const struct scn_op *op);
/* run.c: the port's free pages per node and zone, to see that a refused call changed nothing */
struct run_snapshot {
	unsigned long free_pages[SCN_MAX_NODES][ORACLE_NR_ZONES];
};
void run_take_snapshot(struct run_ctx *c, struct run_snapshot *sn);
/* run_bad_call.c: `misuse call` */
bool run_bad_call(struct run_ctx *c, const struct scn_op *op);
/* run_corrupt.c: `corrupt`; false ends the run (c->corrupted) or failed */
bool run_corrupt(struct run_ctx *c, const struct scn_op *op);
bool run_isolate(struct run_ctx *c, const struct scn_op *op);
bool run_contig(struct run_ctx *c, const struct scn_op *op);
bool run_free_contig(struct run_ctx *c, unsigned int slot, unsigned int cpu);
int run_on_migrate(void *arg, unsigned long old_pfn, unsigned long new_pfn, unsigned int order);
unsigned long run_oracle_free_total(const struct run_ctx *c);
struct oracle_req run_request(const struct run_ctx *c, uint32_t gfp, unsigned int order, int nid);

/* run_end.c: after the last op, the checks every level gets (see port.h). */
#define RUN_END_GFP	(GFPF_HIGHUSER_MOVABLE | GFPF_NOWARN | GFPF_NO_WATERMARKS)
bool run_end_checks(struct run_ctx *c);

/* diff.c: what differential mode records of a run (opts->trace) */
void diff_trace_reset(struct run_trace *t);
void diff_note_before(struct run_ctx *c, unsigned int i);
void diff_note_run(struct run_ctx *c, unsigned int i, uint32_t run);
bool diff_note_end(struct run_ctx *c);

#endif /* PAGEFUZZ_RUN_INTERNAL_H */
