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

struct run_opts {
	const struct port_ops *port;
	bool honour_expect;		/* replaying a .trace: `expect` lines are checked */
	bool page_contents;		/* back pfns with memory, tag and verify pages */
	bool abort_on_failure;		/* fuzzing: abort() so the engine records a crash */
	bool verbose;			/* print every step to `out` */
	FILE *out;			/* dumps and step log; NULL: dumps go nowhere */
	FILE *report;			/* the port's failure reports; NULL: none */
	unsigned long max_end_pfn;	/* maps ending past this are not run; 0: 1 << 24 */
	FILE *err;			/* failure report; NULL: stderr */
	const struct scn_names *names;	/* for printing ops; may be NULL */
};

/*
 * RUN_NOT_BOOTED: the boot phase ran clean, but `boot` could not run on
 * the map (no memory, memory past max_end_pfn, or the port refused it
 * cleanly); boot_why says which.  No run-phase op ran.
 */
enum run_status { RUN_OK = 0, RUN_FAILED = 1, RUN_NOT_BOOTED = 2 };

struct run_result {
	enum run_status status;
	unsigned int ops_run;		/* ops that reached the port */
	unsigned int ops_skipped;	/* skipped: empty slot, unsupported, ... */
	int failed_op;			/* index of the failing op, -1 for the boot phase */
	char boot_why[200];		/* RUN_NOT_BOOTED: why */
	char signature[160];		/* "<port>:<invariant>:<op kind>" */
	char invariant[64];		/* the invariant id alone */
};

/* run_scenario - see above.  Returns result->status. */
enum run_status run_scenario(const struct scenario *s, const struct run_opts *opts,
			     struct run_result *result);

#endif /* PAGEFUZZ_RUN_H */
