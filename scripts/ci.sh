#!/usr/bin/env bash
# ci.sh - the whole test suite, as the README gives it and .ci/run calls it.
#
# Builds the AFL++ target (for its smoke test) and a gcc build (warnings
# are errors there), then the libFuzzer + ASan + UBSan build that holds
# every test, and runs ctest once: unit tests, generator self-tests, golden
# scenarios, replay of the corpus and of every repro/cases file, a
# libFuzzer and an AFL++ smoke run, and the "harness bites" runs against
# deliberately broken allocators.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=$(nproc)
cmake --preset afl >/dev/null
cmake --build --preset afl -j"$jobs" --target fuzz_ref fuzz_buddytree corpus
# The AFL++ build of the Linux memblock differential, when the kernel
# source is installed (see README, "Linux's memblock as a differential port").
afl_mb=""
if cmake --build --preset afl -j"$jobs" --target help | grep fuzz_memblock_diff >/dev/null; then
  cmake --build --preset afl -j"$jobs" --target fuzz_memblock_diff
  afl_mb="$PWD/build/afl/fuzz/fuzz_memblock_diff"
fi
cmake --preset gcc >/dev/null
cmake --build --preset gcc -j"$jobs"
cmake --preset libfuzzer -DPF_AFL_TARGET="$PWD/build/afl/fuzz/fuzz_ref" \
  -DPF_AFL_BUDDYTREE_TARGET="$PWD/build/afl/fuzz/fuzz_buddytree" \
  -DPF_AFL_MB_TARGET="$afl_mb" >/dev/null
cmake --build --preset libfuzzer -j"$jobs"
ctest --preset libfuzzer -j"$jobs" "$@"
