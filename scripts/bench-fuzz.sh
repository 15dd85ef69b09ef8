#!/usr/bin/env bash
# bench-fuzz.sh [SECONDS] - executions per second of the fuzz target on one
# core, from the seed corpus: libFuzzer and AFL++, each with ASan + UBSan
# and without sanitizers.  Prints figures; asserts nothing.
# Targets: >= 5,000 exec/s with sanitizers, >= 20,000 without.
#
# Every run is pinned to one core (taskset), AFL++'s fuzzer and target
# together: left to migrate, the two processes wake each other across
# cores, and on a VM those wake-ups cost more than a small run (a do-nothing
# AFL++ target measured 19k exec/s unpinned, 47k pinned).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
core=$(( $(nproc) - 1 ))
scripts/install-deps.sh
for p in libfuzzer libfuzzer-nosan afl afl-nosan; do
  cmake --preset "$p" >/dev/null
  cmake --build --preset "$p" -j"$(nproc)" --target fuzz_ref corpus >/dev/null
done
seeds=$PWD/build/libfuzzer/corpus/ref
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

lf() {  # lf PRESET
  mkdir -p "$work/$1"
  taskset -c "$core" "build/$1/fuzz/fuzz_ref" -max_total_time="$secs" -print_final_stats=1 -timeout=25 \
    -entropic_scale_per_exec_time=1 \
    -artifact_prefix="$work/$1/" "$work/$1" "$seeds" 2>&1 |
    sed -n 's/^stat::average_exec_per_sec: *//p'
}
afl() {  # afl PRESET
  AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    taskset -c "$core" afl-fuzz -V "$secs" -i "$seeds" -o "$work/$1" -- "build/$1/fuzz/fuzz_ref" >/dev/null 2>&1 || true
  sed -n 's/^execs_per_sec *: *//p' "$work/$1/default/fuzzer_stats"
}
printf '%-34s %s\n' "target (${secs} s, 1 core)" "exec/s"
printf '%-34s %s\n' "libFuzzer, ASan+UBSan" "$(lf libfuzzer)"
printf '%-34s %s\n' "libFuzzer, no sanitizers" "$(lf libfuzzer-nosan)"
printf '%-34s %s\n' "AFL++ persistent, ASan+UBSan" "$(afl afl)"
printf '%-34s %s\n' "AFL++ persistent, no sanitizers" "$(afl afl-nosan)"
