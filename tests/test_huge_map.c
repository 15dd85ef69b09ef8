// SPDX-License-Identifier: MIT
/*
 * test_huge_map.c - a run on a huge sparse or dense map costs what it
 * touches, not its span: run a .trace (with page contents, as the fuzzer
 * does) and require this process's peak RSS (getrusage) to stay below a
 * bound.  A memory bound, not a timing assertion; the time is printed.
 *
 *   test_huge_map FILE.trace MAX_RSS_MIB
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include "fuzz/check/run.h"

int main(int argc, char **argv)
{
	struct scenario *s = malloc(sizeof(*s));
	struct scn_names *names = malloc(sizeof(*names));
	struct run_opts opts = { 0 };
	struct run_result r;
	struct rusage ru;
	struct timespec t0, t1;
	char err[512];
	long max_mib;

	if (argc != 3 || !s || !names)
		return 2;
	max_mib = strtol(argv[2], NULL, 10);
	if (scenario_parse_file(argv[1], s, names, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	opts.port = port_find("ref");
	opts.page_contents = true;
	opts.honour_expect = true;
	opts.err = stderr;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run_scenario(s, &opts, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru);
	printf("%s: %u ops run, %.2f s, peak RSS %ld MiB (bound %ld MiB)\n", argv[1], r.ops_run,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       ru.ru_maxrss / 1024, max_mib);
	free(s);
	free(names);
	if (r.status != RUN_OK || r.ops_run == 0) {
		fprintf(stderr, "FAIL: the run did not pass (%s)\n", r.signature);
		return 1;
	}
	if (ru.ru_maxrss / 1024 >= max_mib) {
		fprintf(stderr, "FAIL: peak RSS %ld MiB is over the bound\n", ru.ru_maxrss / 1024);
		return 1;
	}
	return 0;
}
