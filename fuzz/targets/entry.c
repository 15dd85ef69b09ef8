// SPDX-License-Identifier: MIT
/*
 * entry.c - LLVMFuzzerTestOneInput, shared by the libFuzzer target, the
 * AFL++ persistent target and OSS-Fuzz builds: decode the bytes into a
 * scenario for the chosen port (PAGEFUZZ_PORT, default "ref"), run it, and
 * let run_scenario() abort on the first disagreement.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fuzz/check/run.h"

static const struct port_ops *port;
static struct scenario *scn;		/* scratch, fully rewritten by every decode */
static FILE *sink;			/* /dev/null: dumps and reports run, unseen */

static void setup(void)
{
	const char *name = getenv("PAGEFUZZ_PORT");

	if (port)
		return;
	port = port_find(name);
	if (!port) {
		fprintf(stderr, "PAGEFUZZ_PORT=%s: no such port; built-in ports:\n", name);
		port_list(stderr);
		exit(2);
	}
	scn = malloc(sizeof(*scn));
	sink = fopen("/dev/null", "w");
	if (!scn || !sink)
		abort();
	setvbuf(sink, NULL, _IOFBF, 1 << 16);
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
		.port = NULL, .page_contents = true, .abort_on_failure = true,
	};
	struct run_result result;

	setup();
	opts.port = port;
	opts.out = sink;
	opts.report = sink;
	scenario_decode(data, size, port->caps, scn);
	run_scenario(scn, &opts, &result);
	return 0;
}
