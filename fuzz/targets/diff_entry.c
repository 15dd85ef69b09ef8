// SPDX-License-Identifier: MIT
/*
 * diff_entry.c - LLVMFuzzerTestOneInput of a differential fuzz target
 * (pagefuzz_add_diff(), fuzz_diff_<a>_<b>): decode the bytes for the op
 * kinds both ports take, run the scenario on both with run_diff(), and
 * abort on the first failure of either run or disagreement between them
 * (fuzz/check/diff.c says where two ports must agree).
 *
 * The ports: PAGEFUZZ_PORT and PAGEFUZZ_DIFF name them (any two ports of
 * the binary); by default the first port of each library the target was
 * made from (PF_DIFF_SECOND: the index of the second library's first).
 */
#include <stdio.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include "fuzz/check/run.h"

extern const struct port_ops *const pf_ports[];

static const struct port_ops *port_a, *port_b;
static struct scenario *scn;
static FILE *sink;		/* a read-only stream: dumps cost no formatting (entry.c) */
static unsigned int op_caps;

#define FUZZ_MAX_END_PFN (1UL << 21)	/* as entry.c */

static const struct port_ops *pick(const char *var, const struct port_ops *dflt)
{
	const char *name = getenv(var);
	const struct port_ops *p = name ? port_find(name) : dflt;
	char why[300];

	if (!p) {
		fprintf(stderr, "%s=%s: no such port; built-in ports:\n", var, name);
		port_list(stderr);
		exit(2);
	}
	if (port_check(p, why, sizeof(why))) {
		fprintf(stderr, "pagefuzz: refusing %s\n", why);
		exit(2);
	}
	return p;
}

static void setup(void)
{
	if (port_a)
		return;
	port_a = pick("PAGEFUZZ_PORT", pf_ports[0]);
	port_b = pick("PAGEFUZZ_DIFF", pf_ports[PF_DIFF_SECOND]);
	op_caps = port_op_caps(port_a) & port_op_caps(port_b);
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
	scn = malloc(sizeof(*scn));
	sink = fopen("/dev/null", "r");
	if (!scn || !sink)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run_opts opts = {
		.port = NULL, .page_contents = true, .abort_on_failure = true, .quiet = true,
	};
	struct run_result result;

	setup();
	opts.port = port_a;
	opts.out = sink;
	opts.report = sink;
	opts.max_end_pfn = FUZZ_MAX_END_PFN;
	scenario_decode(data, size, op_caps, scn);
	run_diff(scn, &opts, port_b, &result);
	return 0;
}
