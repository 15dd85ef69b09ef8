// SPDX-License-Identifier: MIT
/*
 * entry.c - LLVMFuzzerTestOneInput, shared by the libFuzzer target, the
 * AFL++ persistent target and OSS-Fuzz builds: decode the bytes into a
 * scenario for the chosen port (PAGEFUZZ_PORT, default "ref"), run it, and
 * let run_scenario() abort on the first disagreement.
 */
#include <stdio.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include "fuzz/check/run.h"

static const struct port_ops *port;
static struct scenario *scn;		/* scratch, fully rewritten by every decode */
/*
 * Where dumps and the allocator's failure reports go while fuzzing: a
 * read-only stream.  The dump code runs in full (its walks, and every
 * argument it reads from the allocator, under the sanitizers), but each
 * fprintf() fails at once with EBADF instead of formatting text nobody
 * reads: formatting was a fifth of a typical run.
 */
static FILE *sink;

/*
 * Maps ending past 8 GiB are not run while fuzzing: a run costs time per
 * pfn of the span (memmap and oracle walks), so one sparse 64 GiB map would
 * cost as much as ten thousand small ones.  Maps up to 2M pages (1M-page
 * machines and sparse ones twice that) still run; the replayer takes the
 * allocator's full range.
 */
#define FUZZ_MAX_END_PFN (1UL << 21)

static unsigned int op_caps;		/* the op kinds the port takes */

/*
 * ASan's defaults for the fuzz targets (ASAN_OPTIONS overrides each one).
 * ASan keeps every freed chunk poisoned in a quarantine before reusing it,
 * 256 MiB by default.  A run mallocs and frees about 100 KiB (machine,
 * memmap, memblock arrays, judge state), so the default quarantine made
 * every run's allocations land on memory never touched before: half the
 * page faults of an ASan build, a tenth of its run time.  16 MiB still
 * holds every chunk freed during the run that uses it after the free, and
 * those of the last hundred runs or so; only a use after free whose chunk
 * was freed more than 16 MiB of frees earlier goes unseen (a run that
 * frees a memmap of more than 16 MiB).  The replayers keep ASan's default.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PF_ENTRY_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(PF_ENTRY_ASAN)
#define PF_ENTRY_ASAN 1
#endif
#ifdef PF_ENTRY_ASAN
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=16";
}
#endif

static void setup(void)
{
	const char *name = getenv("PAGEFUZZ_PORT");
	char why[300];

	if (port)
		return;
	port = port_find(name);
	if (!port) {
		fprintf(stderr, "PAGEFUZZ_PORT=%s: no such port; built-in ports:\n", name);
		port_list(stderr);
		exit(2);
	}
	if (port_check(port, why, sizeof(why))) {
		fprintf(stderr, "pagefuzz: refusing %s\n", why);
		exit(2);
	}
	op_caps = port_op_caps(port);
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	/*
	 * Every run allocates and frees its memmap and oracle bitmaps (up to
	 * 24 MiB on a 1M-page map).  glibc would hand them back to the kernel
	 * and fault them in again on the next run; keep them in the heap.
	 * (ASan's allocator ignores this.)
	 */
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
		.port = NULL, .page_contents = true, .abort_on_failure = true,
	};
	struct run_result result;

	setup();
	opts.port = port;
	opts.out = sink;
	opts.report = sink;
	opts.max_end_pfn = FUZZ_MAX_END_PFN;
	scenario_decode(data, size, op_caps, scn);
	run_scenario(scn, &opts, &result);
	return 0;
}
