#!/usr/bin/env bash
# coverage-memblock.sh [CORPUS_DIR...] - line and branch coverage of Linux's
# mm/memblock.c and of the reference alloc/memblock.c reached by the
# boot-phase differential's corpus: the seeds (corpus/memblock and the
# memblock seeds of corpus/ref) plus any corpus directories given, for
# example a campaign's.  Builds the `coverage` preset (llvm source-based
# coverage), runs every input once through fuzz_memblock_diff, and prints
# llvm-cov's figures for the two files.  Needs the kernel source
# (linux-source-6.12); prints one line and exits 0 without it.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset coverage >/dev/null
if ! cmake --build --preset coverage --target help | grep fuzz_memblock_diff >/dev/null; then
  echo "coverage-memblock: no linux-memblock port in this build (install linux-source-6.12)"
  exit 0
fi
cmake --build --preset coverage -j"$(nproc)" --target fuzz_memblock_diff corpus_memblock >/dev/null
bin=build/coverage/fuzz/fuzz_memblock_diff
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=(build/coverage/corpus/memblock "$@")
LLVM_PROFILE_FILE="$work/run.profraw" "$bin" -runs=0 "${inputs[@]}" >"$work/log" 2>&1 || {
  tail -20 "$work/log"; echo "coverage-memblock: the corpus run failed"; exit 1; }
n=$(grep -o 'INITED.*corp: [0-9]*' "$work/log" | sed 's/.*corp: //' || true)
llvm-profdata-14 merge -o "$work/run.profdata" "$work/run.profraw"
kernel=$(ls build/coverage/fuzz/port/memblock_linux/kernel/memblock.c)
echo "inputs: ${inputs[*]} (${n:-?} kept by libFuzzer's corpus load)"
printf '%-60s %10s %8s %8s %8s %9s %8s\n' file functions "func%" lines "line%" branches "branch%"
for f in "$kernel" "$PWD/alloc/memblock.c"; do
  llvm-cov-14 report "$bin" -instr-profile="$work/run.profdata" "$f" 2>/dev/null |
    awk -v name="$f" '$1 == "TOTAL" {
      # columns: regions missed cover functions missed exec lines missed cover branches missed cover
      printf "%-60s %10s %8s %8s %8s %9s %8s\n", name, $5, $7, $8, $10, $11, $13 }'
done
# mm/memblock.c is mostly API the boot ops never call (memblock_free_all,
# NOMAP/MIRROR/HOTPLUG marking, debugfs, ...): also the figures within the
# functions the differential reaches at all.
llvm-cov-14 report "$bin" -instr-profile="$work/run.profdata" -show-functions "$kernel" 2>/dev/null |
  awk 'NF == 10 && $1 != "TOTAL" && $5 ~ /^[0-9]+$/ && $5 > $6 {
         n++; l += $5; lm += $6; b += $8; bm += $9 }
       END { if (n) printf "%s: the %d functions reached: lines %d/%d (%.2f%%), branches %d/%d (%.2f%%)\n",
             "mm/memblock.c", n, l - lm, l, 100 * (l - lm) / l, b - bm, b, b ? 100 * (b - bm) / b : 0 }'
