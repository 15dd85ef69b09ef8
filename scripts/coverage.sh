#!/usr/bin/env bash
# coverage.sh - source-based coverage of the allocator and the oracle from a
# corpus: builds the `coverage` preset (clang -fprofile-instr-generate
# -fcoverage-mapping, no sanitizers), replays the corpus through the fuzz
# target (-runs=0), the .trace seeds and the repro/cases through the
# replayer, then writes an llvm-cov HTML report and prints one line per
# folder with line, function and branch coverage.
#
#   scripts/coverage.sh [--with-unit] [DIR...]
#
# DIR...: extra folders of binary inputs to replay as well (for example
# out/libfuzzer/corpus after a campaign).  Without them: the shipped corpus
# (corpus/ref/*.trace, as .trace and as binary seeds; the boot-phase seeds
# of corpus/memblock/, as the binaries ctest replays) and repro/cases.
# --with-unit: also run the unit tests of alloc/ and oracle/ and print a
# second pair of lines, "corpus + unit tests" (the unit tests plant
# corruption and caller mistakes, which no correct run reaches); the first
# pair and the HTML report stay the corpus's alone.
# Output: build/coverage/report/index.html, build/coverage/summary.txt.
# Exit status: 0 report written, 1 a step failed, 2 bad usage.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"
case ${1:-} in -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
with_unit=0
if [ "${1:-}" = --with-unit ]; then with_unit=1; shift; fi
for d in "$@"; do
  case $d in -*) echo "coverage.sh: unknown option $d (see --help)" >&2; exit 2 ;; esac
  [ -d "$d" ] || { echo "coverage.sh: $d: not a folder" >&2; exit 2; }
done
extra=()
for d in "$@"; do extra+=("$(cd "$d" && pwd)"); done

scripts/install-deps.sh
b=$src/build/coverage
echo "== building the coverage preset"
cmake --preset coverage >/dev/null
cmake --build --preset coverage -j"$(nproc)" --target fuzz_ref replay corpus corpus_memblock >"$src/build/coverage.log" 2>&1 ||
  { tail -25 "$src/build/coverage.log" >&2; exit 1; }
unit_tests=(alloc/test_memblock alloc/test_memblock_grow alloc/test_watermark alloc/test_dump alloc/test_check
            alloc/test_page_alloc alloc/test_zonelist alloc/test_compaction
            oracle/test_oracle oracle/test_oracle_random oracle/test_mb_model oracle/test_oracle_moves)
if [ "$with_unit" = 1 ]; then
  cmake --build --preset coverage -j"$(nproc)" --target "${unit_tests[@]##*/}" >>"$src/build/coverage.log" 2>&1 ||
    { tail -25 "$src/build/coverage.log" >&2; exit 1; }
fi

prof=$b/profraw
rm -rf "$prof"; mkdir -p "$prof"
echo "== replaying the corpus"
# The binary seeds and any extra folders, through the fuzz target itself.
LLVM_PROFILE_FILE="$prof/fuzz-%p.profraw" "$b/fuzz/fuzz_ref" -runs=0 -timeout=60 \
  -rss_limit_mb=4096 "$b/corpus/ref" "${extra[@]}" >"$b/replay.log" 2>&1 ||
  { tail -15 "$b/replay.log" >&2; echo "coverage.sh: an input crashed (see $b/replay.log)" >&2; exit 1; }
# The .trace seeds through the replayer (their `expect` lines and dumps run
# too); they must pass.
traces=("$src"/corpus/ref/*.trace)
LLVM_PROFILE_FILE="$prof/replay-%p.profraw" "$b/repro/replay" "${traces[@]}" \
  >>"$b/replay.log" 2>&1 ||
  { echo "coverage.sh: a .trace seed failed (see $b/replay.log)" >&2; exit 1; }
# The boot-phase seeds of corpus/memblock/ (fuzz_memblock_diff's corpus),
# as ctest replays them on the reference allocator: their binary form (a
# map near 2^64 that cannot boot is skipped quietly there, exit 0).
for f in "$src"/corpus/memblock/*.trace; do
  LLVM_PROFILE_FILE="$prof/memblock-%p.profraw" "$b/repro/replay" \
    "$b/corpus/memblock/$(basename "$f" .trace).bin" >>"$b/replay.log" 2>&1 ||
    { echo "coverage.sh: memblock seed $f failed (see $b/replay.log)" >&2; exit 1; }
done
# Every repro case too, for its coverage only: cases of broken ports and of
# mutant builds fail here by design (ctest judges them on their own builds).
for f in "$src"/repro/cases/*.trace "$src"/repro/cases/*.bin; do
  [ -f "$f" ] || continue
  LLVM_PROFILE_FILE="$prof/case-%p.profraw" "$b/repro/replay" "$f" >>"$b/replay.log" 2>&1 || true
done

llvm-profdata-14 merge -sparse "$prof"/*.profraw -o "$b/coverage.profdata"
objs=("$b/fuzz/fuzz_ref" -object "$b/repro/replay")
rm -rf "$b/report"
llvm-cov-14 show "${objs[@]}" -instr-profile="$b/coverage.profdata" -format=html \
  -show-branches=count -output-dir="$b/report" "$src/alloc" "$src/oracle" "$src/fuzz" >/dev/null

# One line per folder from llvm-cov's TOTAL row (regions, functions, lines, branches).
summary() {   # summary DIR [PROFDATA]
  local files profdata=${2:-$b/coverage.profdata}
  files=$(find "$src/$1" -maxdepth 1 -name '*.c' | sort)
  # shellcheck disable=SC2086
  llvm-cov-14 report "${objs[@]}" -instr-profile="$profdata" $files | awk -v dir="$1/" '
    $1 == "TOTAL" {
      # TOTAL regions missed cover funcs missed cover lines missed cover branches missed cover
      printf "%-8s lines %s (%d of %d)  functions %s (%d of %d)  branches %s (%d of %d)\n", dir,
        $10, $8 - $9, $8, $7, $5 - $6, $5, $13, $11 - $12, $11 }'
}
{
  summary alloc
  summary oracle
} | tee "$b/summary.txt"
echo "report: $b/report/index.html"

if [ "$with_unit" = 1 ]; then
  echo "== running the unit tests of alloc/ and oracle/"
  uprof=$b/profraw-unit
  rm -rf "$uprof"; mkdir -p "$uprof"
  for t in "${unit_tests[@]}"; do
    LLVM_PROFILE_FILE="$uprof/${t##*/}-%p.profraw" "$b/$t" >>"$b/replay.log" 2>&1 ||
      { echo "coverage.sh: unit test $t failed (see $b/replay.log)" >&2; exit 1; }
    objs+=(-object "$b/$t")
  done
  llvm-profdata-14 merge -sparse "$prof"/*.profraw "$uprof"/*.profraw -o "$b/coverage-unit.profdata"
  {
    echo "corpus + unit tests:"
    summary alloc "$b/coverage-unit.profdata"
    summary oracle "$b/coverage-unit.profdata"
  } | tee -a "$b/summary.txt"
fi
