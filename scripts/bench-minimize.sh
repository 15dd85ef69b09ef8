#!/usr/bin/env bash
# bench-minimize.sh [SECONDS] - how small the minimizers get real crashes.
#
# Fuzzes each deliberately broken port (the four wrapper ports of
# fuzz/port/port_buggy.c and the nocoalesce mutant of alloc/buddy.c) from
# the corpus for SECONDS (default 20) with libFuzzer, keeps the first crash
# file of each distinct signature, and minimizes each three ways:
#   ours     repro/minimize (scenario-level, same signature)
#   libFuzzer  -minimize_crash=1 -runs=RUNS (bytes; any crash), then decoded
#   afl-tmin   (bytes; any crash), on the AFL++ build
# and prints one table row per crash: ops (memblock + run ops, as the
# decoded .trace shows them) and bytes before and after each, the time
# each took, and whether each result still fails with the original
# signature.  Then the median of our ops and whether ours was ever longer.
# Needs the libfuzzer and afl presets built (scripts/ci.sh builds both;
# this script builds the targets it uses).  Timings are wall-clock on a
# shared machine: noisy.  BENCH_KEEP=1 keeps the crash files and every
# minimized result (CRASH.ours.trace, CRASH.libfuzzer, CRASH.afl-tmin).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-20} runs=${RUNS:-20000}
cd "$root"
cmake --preset libfuzzer >/dev/null
cmake --build --preset libfuzzer -j2 --target fuzz_ref fuzz_bug_nocoalesce replay replay_bug_nocoalesce \
  minimize minimize_bug_nocoalesce corpus >/dev/null
cmake --preset afl >/dev/null
cmake --build --preset afl -j2 --target fuzz_ref fuzz_bug_nocoalesce >/dev/null 2>&1
lf=$root/build/libfuzzer afl=$root/build/afl
work=$(mktemp -d)
if [ -n "${BENCH_KEEP:-}" ]; then
  echo "(crash files and results kept in $work)"
else
  trap 'rm -rf "$work"' EXIT
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
ops_of() {   # ops_of REPLAY PORT FILE: memblock + run ops of the decoded scenario
  "$1" --port "$2" --print "$3" 2>/dev/null | grep -cvE '^(#|config|zones|boot|node|[[:space:]]*$)' || true
}
longer_than() {   # longer_than OPS BYTES: ours ($o_ops/$o_bytes) has more ops, or as many in more bytes
  [ "$o_ops" -gt "$1" ] || { [ "$o_ops" -eq "$1" ] && [ "$o_bytes" -gt "$2" ]; }
}
sig_of() { { "$1" --port "$2" "$3" 2>&1 || true; } | sed -n "s/^signature  //p" | head -1; }

# name  port  fuzzer-suffix  (nocoalesce: port ref on the mutant build)
targets="offbyone:bug-offbyone: doublehand:bug-doublehand: zonelimit:bug-zonelimit: drainloss:bug-drainloss: nocoalesce:ref:_bug_nocoalesce"
printf '%-12s %-44s | %9s | %9s %5s | %9s %5s | %9s %5s\n' crash signature "before" "ours" "s" \
  "libFuzzer" "s" "afl-tmin" "s"
printf '%-12s %-44s | %9s | %9s %5s | %9s %5s | %9s %5s\n' "" "" "ops/bytes" "ops/bytes" "" \
  "ops/bytes" "" "ops/bytes" ""
: >"$work/ours"
longer=0 longer_any=0
for t in $targets; do
  IFS=: read -r name port suffix <<<"$t"
  bin=fuzz${suffix:-_ref}
  replay=$lf/repro/replay minimize=$lf/repro/minimize$suffix
  [ -z "$suffix" ] || replay=$lf/fuzz/replay$suffix      # the mutant's own binary
  mkdir -p "$work/$name/crashes" "$work/$name/corpus"
  (cd "$work/$name" && TMPDIR=$work/$name PAGEFUZZ_PORT=$port "$lf/fuzz/$bin" -fork=1 -ignore_crashes=1 \
     -max_total_time="$secs" -timeout=10 -artifact_prefix="$work/$name/crashes/" \
     "$work/$name/corpus" "$lf/corpus/ref" >"$work/$name/log" 2>&1) || true
  seen=" "
  for c in $(ls "$work/$name/crashes" | sort); do
    c=$work/$name/crashes/$c
    sig=$(sig_of "$replay" "$port" "$c")
    [ -n "$sig" ] && [ "${seen#* $sig }" = "$seen" ] || continue
    seen="$seen$sig "
    b_ops=$(ops_of "$replay" "$port" "$c"); b_bytes=$(stat -c %s "$c")
    t0=$(now); "$minimize" --port "$port" "$c" -o "$work/ours.min" 2>/dev/null || true; t1=$(now)
    o_ops=$(ops_of "$replay" "$port" "$work/ours.min.bin"); o_bytes=$(stat -c %s "$work/ours.min.bin")
    o_same=$([ "$(sig_of "$replay" "$port" "$work/ours.min.bin")" = "$sig" ] && echo "" || echo "!")
    t2=$(now); (cd "$work" && PAGEFUZZ_PORT=$port "$lf/fuzz/$bin" -minimize_crash=1 -runs="$runs" \
       -timeout=10 -exact_artifact_path="$work/lf.min" "$c" >/dev/null 2>&1) || true; t3=$(now)
    [ -s "$work/lf.min" ] || cp "$c" "$work/lf.min"       # libFuzzer gave up: likewise
    l_ops=$(ops_of "$replay" "$port" "$work/lf.min"); l_bytes=$(stat -c %s "$work/lf.min")
    l_same=$([ "$(sig_of "$replay" "$port" "$work/lf.min")" = "$sig" ] && echo "" || echo "!")
    t4=$(now); PAGEFUZZ_PORT=$port AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 afl-tmin -m none -t 10000 \
       -i "$c" -o "$work/afl.min" -- "$afl/fuzz/$bin" >/dev/null 2>&1 || true; t5=$(now)
    [ -s "$work/afl.min" ] || cp "$c" "$work/afl.min"     # afl-tmin gave up: its result is the crash
    a_ops=$(ops_of "$replay" "$port" "$work/afl.min"); a_bytes=$(stat -c %s "$work/afl.min")
    a_same=$([ "$(sig_of "$replay" "$port" "$work/afl.min")" = "$sig" ] && echo "" || echo "!")
    printf '%-12s %-44s | %9s | %9s %5s | %9s %5s | %9s %5s\n' "$name" "${sig#*:}" "$b_ops/$b_bytes" \
      "$o_ops$o_same/$o_bytes" "$(elapsed "$t0" "$t1")" "$l_ops$l_same/$l_bytes" "$(elapsed "$t2" "$t3")" \
      "$a_ops$a_same/$a_bytes" "$(elapsed "$t4" "$t5")"
    echo "$o_ops" >>"$work/ours"
    # longer (more ops, or as many ops in more bytes) than a result that
    # still shows the same bug (one that changed the signature minimized
    # another bug), and than any result at all
    if { [ -z "$l_same" ] && longer_than "$l_ops" "$l_bytes"; } ||
       { [ -z "$a_same" ] && longer_than "$a_ops" "$a_bytes"; }; then
      longer=$((longer + 1))
    fi
    if longer_than "$l_ops" "$l_bytes" || longer_than "$a_ops" "$a_bytes"; then
      longer_any=$((longer_any + 1))
    fi
    k=$work/$name/$(basename "$c")
    mv "$work/lf.min" "$k.libfuzzer"; mv "$work/afl.min" "$k.afl-tmin"; mv "$work/ours.min.trace" "$k.ours.trace"
    rm -f "$work"/ours.min.*
  done
done
n=$(wc -l <"$work/ours")
median=$(sort -n "$work/ours" | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
echo "crashes: $n; our median ops: ${median:-n/a} (target <= 6)"
echo "ours longer (more ops, or as many in more bytes) than a libFuzzer or afl-tmin result with the same signature: $longer time(s);"
echo "  than any of their results (some show another bug): $longer_any time(s)"
echo "(! after an op count: that result fails with another signature than the crash did)"
