#!/usr/bin/env bash
# bench-fuzz.sh [SECONDS] [--against REV] [--rounds R] [--only PRESET] - executions per
# second of the fuzz target on one core, from the seed corpus: libFuzzer
# and AFL++, each with ASan + UBSan and without sanitizers.  Prints
# figures; asserts nothing.
# Targets: >= 5,000 exec/s with sanitizers, >= 20,000 without.
#
# Every run is pinned to one core (taskset), AFL++'s fuzzer and target
# together: left to migrate, the two processes wake each other across
# cores, and on a VM those wake-ups cost more than a small run (a do-nothing
# AFL++ target measured 19k exec/s unpinned, 47k pinned).
#
# --against REV compares this tree with git revision REV on a noisy
# machine: REV is checked out in a temporary git worktree and built with
# the same presets (its own CMakePresets.json), then each of the four
# configurations runs for both trees interleaved, old then new, for R
# rounds (default 5), each from its own tree's seed corpus and a fresh
# working corpus, on the same core.  It prints every round's figures and,
# per configuration, the median of the per-round ratios new / old.
#
# --only PRESET (libfuzzer, libfuzzer-nosan, afl or afl-nosan) builds and
# runs that configuration alone: more rounds of the one in question in the
# time four would take.  Exec/s varies by a third or more from one run of
# the same binary to the next (it follows which inputs each run finds), so
# a ratio needs many rounds.
set -euo pipefail
cd "$(dirname "$0")/.."
usage() {
  echo "usage: scripts/bench-fuzz.sh [SECONDS] [--against REV] [--rounds R] [--only PRESET]" >&2
  exit 2
}
secs=60 against="" rounds=5 only=""
while [ $# -gt 0 ]; do
  case $1 in
    --against) [ $# -ge 2 ] || usage; against=$2; shift 2 ;;
    --rounds) [ $# -ge 2 ] && [[ $2 =~ ^[1-9][0-9]*$ ]] || usage; rounds=$2; shift 2 ;;
    --only) [ $# -ge 2 ] || usage; only=$2; shift 2 ;;
    -h|--help) usage ;;
    *) [[ $1 =~ ^[1-9][0-9]*$ ]] || usage; secs=$1; shift ;;
  esac
done
core=$(( $(nproc) - 1 ))
presets=(libfuzzer libfuzzer-nosan afl afl-nosan)
labels=("libFuzzer, ASan+UBSan" "libFuzzer, no sanitizers" "AFL++ persistent, ASan+UBSan"
        "AFL++ persistent, no sanitizers")
configs=(0 1 2 3)	# indexes into presets and labels
if [ -n "$only" ]; then
  configs=()
  for i in 0 1 2 3; do [ "${presets[$i]}" = "$only" ] && configs=("$i"); done
  [ ${#configs[@]} -eq 1 ] ||
    { echo "bench-fuzz: --only $only: not one of ${presets[*]}" >&2; exit 2; }
fi
scripts/install-deps.sh
# Working corpora on tmpfs when there is one: a run writes every new input
# to disk, and on this machine's ext4 creating files cost up to a tenth of
# a libFuzzer run's time (the more coverage found, the more), which is the
# disk's figure, not the target's.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  work=$(mktemp -d -p /dev/shm)
else
  work=$(mktemp -d)
fi
old=""
cleanup() {
  if [ -n "$old" ] && [ -d "$old" ]; then
    git worktree remove --force "$old" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

build_tree() {  # build_tree DIR: the fuzz target and seeds of every preset
  local p i
  # every run's seeds are the libfuzzer preset's corpus (see lf() and afl())
  if [ "${configs[0]}" != 0 ]; then
    (cd "$1" && cmake --preset libfuzzer >/dev/null &&
     cmake --build --preset libfuzzer -j"$(nproc)" --target corpus >/dev/null) ||
      { echo "bench-fuzz: building the seed corpus in $1 failed" >&2; exit 1; }
  fi
  for i in "${configs[@]}"; do
    p=${presets[$i]}
    (cd "$1" && cmake --preset "$p" >/dev/null &&
     cmake --build --preset "$p" -j"$(nproc)" --target fuzz_ref corpus >/dev/null) ||
      { echo "bench-fuzz: building preset $p in $1 failed" >&2; exit 1; }
  done
}

lf() {  # lf TREE PRESET OUT: exec/s of a libFuzzer run
  mkdir -p "$3"
  taskset -c "$core" "$1/build/$2/fuzz/fuzz_ref" -max_total_time="$secs" -print_final_stats=1 \
    -timeout=25 -entropic_scale_per_exec_time=1 \
    -artifact_prefix="$3/" "$3" "$1/build/libfuzzer/corpus/ref" 2>&1 |
    sed -n "s/^stat::average_exec_per_sec: *//p" || true
}
afl() {  # afl TREE PRESET OUT: exec/s of an AFL++ run
  AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
    taskset -c "$core" afl-fuzz -V "$secs" -i "$1/build/libfuzzer/corpus/ref" -o "$3" -- \
    "$1/build/$2/fuzz/fuzz_ref" >/dev/null 2>&1 || true
  sed -n 's/^execs_per_sec *: *//p' "$3/default/fuzzer_stats" 2>/dev/null
}
measure() {  # measure TREE PRESET OUT
  case $2 in
    libfuzzer*) lf "$@" ;;
    *) afl "$@" ;;
  esac
}

if [ -z "$against" ]; then
  build_tree "$PWD"
  printf '%-34s %s\n' "target (${secs} s, 1 core)" "exec/s"
  for i in "${configs[@]}"; do
    printf '%-34s %s\n' "${labels[$i]}" "$(measure "$PWD" "${presets[$i]}" "$work/${presets[$i]}")"
  done
  exit 0
fi

rev=$(git rev-parse --verify --quiet "$against^{commit}") ||
  { echo "bench-fuzz: --against $against: no such revision" >&2; exit 2; }
old=$work/old
git worktree add --detach "$old" "$rev" >/dev/null 2>&1 ||
  { echo "bench-fuzz: could not check out $rev in a worktree" >&2; exit 1; }
echo "old: $(git log -1 --format='%h %s' "$rev")"
echo "new: this tree ($(git log -1 --format='%h' HEAD)$(git diff --quiet HEAD || echo ', with changes'))"
echo "building both trees (${#configs[@]} preset(s) each)..."
build_tree "$old"
build_tree "$PWD"
printf '%-6s %-34s %10s %10s %7s\n' round "configuration (${secs} s, core $core)" old new new/old
for r in $(seq 1 "$rounds"); do
  for i in "${configs[@]}"; do
    p=${presets[$i]}
    a=$(measure "$old" "$p" "$work/r$r-old-$p")
    b=$(measure "$PWD" "$p" "$work/r$r-new-$p")
    ratio=$(awk -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", b / a; else print "-" }')
    printf '%-6s %-34s %10s %10s %7s\n' "$r" "${labels[$i]}" "${a:--}" "${b:--}" "$ratio"
    echo "$i $ratio" >>"$work/ratios"
    rm -rf "$work/r$r-old-$p" "$work/r$r-new-$p"
  done
done
echo
echo "median new/old over $rounds round(s) (1.000 = the same speed; a noisy machine: compare medians, not rounds)"
for i in "${configs[@]}"; do
  med=$(awk -v i="$i" '$1 == i && $2 != "-" { print $2 }' "$work/ratios" | sort -g |
        awk '{ v[NR] = $1 } END { if (!NR) print "-"; else if (NR % 2) printf "%.3f", v[(NR + 1) / 2];
                                   else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
  printf '%-34s %s\n' "${labels[$i]}" "$med"
done
