/* SPDX-License-Identifier: MIT */
/* bench.h - workloads of bench that live in files of their own. */
#ifndef PAGEFUZZ_BENCH_H
#define PAGEFUZZ_BENCH_H

#include <stdbool.h>

bool bench_compaction(double *value);	/* bench_compact.c */

#endif /* PAGEFUZZ_BENCH_H */
