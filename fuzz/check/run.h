/* SPDX-License-Identifier: MIT */
/*
 * run.h - the lockstep executor: one scenario, one port, the oracle.
 *
 * Every entry point (libFuzzer, AFL++, replay, minimizer, ctest) runs a
 * scenario through run_scenario().  After each op: the oracle's verdict on
 * the op, the per-zone free counters of port and oracle, the port's
 * incremental self-check; every check_every ops and at the end, the
 * port's full walk and the contents of every live page.  The first
 * disagreement stops the run with a report whose last line is a stable
 * signature "<port>:<invariant>:<op>".  The boot phase runs first: the
 * memblock ops on the port (or the judge's model), judged after each one.
 */
#ifndef PAGEFUZZ_RUN_H
#define PAGEFUZZ_RUN_H

#include <stdbool.h>
#include <stdio.h>
#include "fuzz/gen/scenario.h"
#include "fuzz/port/port.h"

struct run_view;
struct oracle;

struct run_opts {
	const struct port_ops *port;
	bool honour_expect;		/* `expect` ops are checked, unless the scenario
					 * says cfg.expect_off (every decoded input) */
	bool page_contents;		/* back pfns with memory, tag and verify pages */
	bool abort_on_failure;		/* fuzzing: abort() so the engine records a crash */
	bool verbose;			/* print every step to `out` */
	FILE *out;			/* dumps and step log; NULL: dumps go nowhere */
	FILE *report;			/* the port's failure reports; NULL: none */
	unsigned long max_end_pfn;	/* maps ending past this are not run; 0: 1 << 24 */
	FILE *err;			/* failure report; NULL: stderr */
	const struct scn_names *names;	/* for printing ops; may be NULL */
	bool quiet;			/* no failure report at all: the result says it */
	/*
	 * Called at the end of a run whose port was created, before teardown,
	 * with the state as the first failure left it, or (a clean run) as the
	 * last op left it, before the end-of-run checks free everything; when
	 * those checks fail it is called a second time, at that failure.  The
	 * replayer draws the memory map from it.  NULL: not called.
	 */
	void (*at_end)(const struct run_view *view, void *arg);
	void *at_end_arg;
	/*
	 * The "before" half of a report (run_before_view() reruns a failed
	 * scenario with this): stop before run before_run of op before_op
	 * (== nr_ops: before the end-of-run checks) and print the port's view
	 * of [before_start, before_end) to err, as "port before" lines.
	 */
	bool describe_before;
	int before_op;
	uint32_t before_run;		/* which run of an `x N` op (result->failed_run) */
	unsigned long before_start, before_end;
	struct run_trace *trace;	/* per-op outcomes and states (diff.c); may be NULL */
	unsigned int op_mask;		/* run only op kinds in this SCN_CAP_* mask too; 0: all */
};

/*
 * RUN_NOT_BOOTED: the boot phase ran clean, but `boot` could not run on
 * the map (no memory, memory past max_end_pfn, or the port refused it
 * cleanly); boot_why says which.  No run-phase op ran.
 */
enum run_status { RUN_OK = 0, RUN_FAILED = 1, RUN_NOT_BOOTED = 2 };

/* What each op did, for comparing two ports (diff.c); filled when given. */
enum run_outcome { OUT_NOT_RUN, OUT_OK, OUT_FAILED, OUT_SKIPPED };

#define RUN_TRACE_ZONES	4	/* ORACLE_NR_ZONES */

struct run_trace {
	/* per op (up to SCN_MAX_OPS), as the op's first run found and left it */
	uint8_t outcome[SCN_MAX_OPS];		/* enum run_outcome of the first run */
	uint32_t runs[SCN_MAX_OPS], oks[SCN_MAX_OPS], skips[SCN_MAX_OPS];	/* all runs (`x N`) */
	uint64_t state[SCN_MAX_OPS];		/* the oracle's state before the first run (a hash
						 * of every live block with its slot, and of the
						 * isolate ops' outcomes) */
	uint32_t zone_free[SCN_MAX_OPS][SCN_MAX_NODES][RUN_TRACE_ZONES];	/* the oracle's free,
						 * unisolated pages per node and zone, before */
	uint64_t iso_hash;			/* (while running) the isolate ops so far */
	/* the end of the run, every block freed: */
	bool end_reached;
	int end_oracle_largest;			/* the largest free order by the port's own rule */
	int end_largest;			/* the largest order the port then gave, -1: none */
};
struct run_result {
	enum run_status status;
	unsigned int ops_run;		/* ops that reached the port */
	unsigned int ops_skipped;	/* skipped: empty slot, unsupported, ... */
	int failed_op;			/* index of the failing op, -1 for the boot phase */
	uint32_t failed_run;		/* which run of it (`x N`), from 0 */
	char boot_why[200];		/* RUN_NOT_BOOTED: why */
	char signature[160];		/* "<port>:<invariant>:<op kind>" */
	char invariant[64];		/* the invariant id alone */
	unsigned long start_pfn, end_pfn;	/* the pfn range the report names */
	bool at_end;			/* failed in the end-of-run checks */
	char ended_by[400];		/* a `corrupt` op ended the run: what the self-check said */
};

/* What at_end sees: the port and oracle of the run, read-only. */
struct run_view {
	const struct scenario *s;
	const struct port_ops *port;
	void *p;			/* the port instance (queries only) */
	const struct oracle *orc;	/* the oracle's model of the same machine */
	const struct run_result *r;
	const struct port_map *map;	/* the final memory map the port was given */
};

/*
 * run_scenario - see above.  Returns result->status.  It keeps no state
 * between calls: a tool may call it any number of times (the minimizer
 * does, with opts->quiet, comparing result->signature).
 */
enum run_status run_scenario(const struct scenario *s, const struct run_opts *opts,
			     struct run_result *result);

/*
 * run_signature - run @s on @port quietly, as the fuzz targets do (page
 * contents on, abort off) but with the replayer's map limit.
 * @honour_expect: check `expect` ops (a .trace) or not (a binary input).
 * Return: RUN_OK, RUN_NOT_BOOTED, or RUN_FAILED with result->signature set.
 */
enum run_status run_signature(const struct scenario *s, const struct port_ops *port,
			      bool honour_expect, struct run_result *result);

/*
 * run_before_view - the port's view of the pfns a failure @r names, as it
 * was before the failing op (run): a deterministic rerun of @s with
 * @opts up to there.  Return: malloc'ed "port before" lines, or NULL.
 * run_print_report - @report with @before spliced in ahead of its
 * "port after" lines.  The replayer calls both after a failed run; a fuzz
 * target's report (abort_on_failure) gets its before view from run_fail().
 */
char *run_before_view(const struct scenario *s, const struct run_opts *opts,
		      const struct run_result *r);
void run_print_report(FILE *out, const char *report, const char *before);

/*
 * run_diff - differential mode (diff.c): the scenario on @opts->port and on
 * @other (each judged by the oracle as usual; op kinds only one of them
 * takes are skipped on both), then what both did compared op by op where
 * no placement can explain a difference (diff.c says exactly where).
 * Return: RUN_FAILED after a report when either run fails or the two
 * disagree; RUN_NOT_BOOTED when @opts->port cannot boot the map; RUN_OK
 * (with a note) when only @other cannot.
 */
enum run_status run_diff(const struct scenario *s, const struct run_opts *opts,
			 const struct port_ops *other, struct run_result *result);

#endif /* PAGEFUZZ_RUN_H */
