/* SPDX-License-Identifier: MIT */
/*
 * mb_diff.h - the boot-phase differential: run a scenario's memblock ops
 * on two memblock ports in lockstep and compare, after every op, the op's
 * outcome (success, and an alloc's address) and both region arrays (cnt,
 * max, total_size, and each region's base, size, nid and flags).
 *
 * The first difference that is not a documented deviation (see mb_diff.c)
 * ends the run with a report: the op in .trace form, the
 * field that differs, both states side by side, the ops that led there,
 * and a signature line `signature  mbdiff:<field>:<op>`.
 */
#ifndef PAGEFUZZ_MB_DIFF_H
#define PAGEFUZZ_MB_DIFF_H

#include <stdbool.h>
#include <stdio.h>
#include "fuzz/diff/mb_port.h"

struct mb_diff_opts {
	const struct mb_port_ops *a;	/* left column: the reference */
	const struct mb_port_ops *b;	/* right column: the port under test */
	FILE *out;			/* report (and the trace of each op when verbose) */
	bool verbose;			/* print each op and both results */
	bool abort_on_diff;		/* abort() after the report (fuzzing) */
	bool quiet_stops;		/* say nothing of a stop at a known bug or deviation */
};

struct mb_diff_result {
	unsigned int ops_run;		/* boot ops run on both sides */
	bool differ;			/* a difference was reported */
	const char *known_bug;		/* the run stopped at a port's known bug */
	const char *deviation;		/* or at an intended deviation */
	char signature[128];		/* mbdiff:<field>:<op> when differ */
};

/*
 * mb_diff_run - play every boot op of @s on both ports.
 * Return: 0 when both agreed after every op, 1 on a difference, 2 when a
 * port could not be created.
 */
int mb_diff_run(const struct scenario *s, const struct mb_diff_opts *o,
		struct mb_diff_result *r);

#endif /* PAGEFUZZ_MB_DIFF_H */
