// SPDX-License-Identifier: MIT
/*
 * mb_diff_entry.c - LLVMFuzzerTestOneInput of the boot-phase differential
 * (fuzz_memblock_diff): decode the bytes as any pagefuzz input (the
 * binary format of fuzz/gen/decode.c), run its memblock ops on the
 * reference and on Linux's memblock, abort on the first difference.  The
 * run-phase ops are decoded and ignored, so every seed of corpus/ seeds
 * this target too.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz/diff/mb_diff.h"

static struct scenario *scn;	/* scratch, fully rewritten by every decode */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	scn = malloc(sizeof(*scn));
	if (!scn)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_diff_opts opts = {
		.a = &mb_port_ref_ops, .b = &mb_port_linux_ops,
		.out = stderr, .abort_on_diff = true,
		.quiet_stops = true,	/* thousands per campaign: replay with mbdiff to see them */
	};
	struct mb_diff_result res;

	if (!scn)
		LLVMFuzzerInitialize(NULL, NULL);
	scenario_decode(data, size, SCN_CAP_ALL, scn);
	if (mb_diff_run(scn, &opts, &res) == 2)
		abort();
	return 0;
}
