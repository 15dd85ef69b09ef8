#!/usr/bin/env bash
# fuzz_sh_test.sh CASE - tests of scripts/fuzz.sh (issue 7 items 1-8), each
# a few seconds, on prebuilt binaries (FUZZ_SH_* below, set by ctest):
#   SRC          the source tree        FUZZ_SH_LIBFUZZER  libFuzzer fuzz_ref (and FUZZ_SH_TRIAGE)
#   TRACE2BIN    fuzz/gen/tools          FUZZ_SH_AFL        AFL++ fuzz_ref (afl cases)
#   FUZZ_SH      the script under test   FUZZ_SH_REPLAY, FUZZ_SH_SEEDS, FUZZ_SH_MINIMIZE
# (FUZZ_SH defaults to $SRC/scripts/fuzz.sh; point it at an older copy to
# see a case fail.)
set -u
case=$1
: "${SRC:?}" "${FUZZ_SH_REPLAY:?}" "${FUZZ_SH_SEEDS:?}"
export FUZZ_SH_REPLAY FUZZ_SH_SEEDS FUZZ_SH_LIBFUZZER FUZZ_SH_AFL FUZZ_SH_TRIAGE FUZZ_SH_MINIMIZE
fz=${FUZZ_SH:-$SRC/scripts/fuzz.sh}
scratch=$(mktemp -d)
export TMPDIR=$scratch/tmp
mkdir -p "$TMPDIR"
out=$scratch/out
trap 'rm -rf "$scratch"' EXIT
fails=0
fail() { echo "FAIL [$case]: $*"; fails=$((fails + 1)); }
show() { echo "---- output ----"; sed 's/^/| /' "$1" | tail -40; echo "----"; }

# A crash input for bug-offbyone: its first order-0 allocation is reported one page high.
planted_crash() {
  printf '%s\n' 'config max_order=4 pageblock_order=2 pcp_high=0 min_free_kbytes=0' \
    'memblock add 0 0x40000' 'boot' 'alloc 0 -> a' >"$scratch/c.trace"
  "$TRACE2BIN" "$scratch/c.trace" "$1" >/dev/null
}

# A cmake that only says what a build would say (the build-only case).
stub_cmake() {
  mkdir -p "$scratch/bin"
  cat >"$scratch/bin/cmake" <<EOF
#!/bin/sh
echo "\$*" >>"$scratch/cmake.called"
echo "[ 10%] Building C object alloc/CMakeFiles/pfalloc.dir/buddy.c.o"
echo "alloc/buddy.c:1:1: warning: compiler noise"
echo "[ 60%] Linking C static library libpfalloc.a"
echo "[100%] Built target fuzz_ref"
EOF
  chmod +x "$scratch/bin/cmake"
}

totals_ok() {   # the totals line, with executions > 0
  grep -qE '^== totals: [1-9][0-9]* execs in [0-9]+ s, [0-9]+ exec/s, coverage .+, corpus [0-9]+ -> [0-9]+ files' "$1"
}

case $case in
summary)          # item 1: crashes are summarized by signature, under set -e
  mkdir -p "$out/libfuzzer/crashes"
  planted_crash "$out/libfuzzer/crashes/bug-offbyone--planted"
  "$fz" --port bug-offbyone --time 2 --jobs 1 --out "$out" >"$scratch/log" 2>&1; rc=$?
  [ $rc -eq 1 ] || fail "exit $rc, want 1 (new crashes)"
  grep -qE '^== crashes of port bug-offbyone in .*: [0-9]+ file\(s\)' "$scratch/log" || fail "no crash header"
  grep -qE '^ +[0-9]+  bug-offbyone:oracle\.[a-z_]+:alloc$' "$scratch/log" || fail "no signature line with a count"
  grep -qE '^ +smallest: .*/bug-offbyone--' "$scratch/log" || fail "no smallest reproducer"
  totals_ok "$scratch/log" || fail "no totals line after the crashes"
  ;;
badport)          # item 2: an unknown port: exit 2 and the list, nothing built
  # the list read from the sources is the replayer's own
  ASAN_OPTIONS=detect_leaks=0 "$FUZZ_SH_REPLAY" --port nosuch x >"$scratch/r" 2>&1
  sed -n '/^ports:/,/^$/p' "$scratch/r" | sed '1d;/^$/d' | sort >"$scratch/want"
  [ -s "$scratch/want" ] || fail "no port list from the replayer"
  "$fz" --list-ports | sort >"$scratch/got"
  # (every port the replayer has; the sources may hold one this build left out)
  missing=$(comm -23 "$scratch/want" "$scratch/got")
  [ -z "$missing" ] || fail "--list-ports lacks the replayer's port(s): $missing"
  stub_cmake
  for eng in libfuzzer afl; do
    env -u FUZZ_SH_REPLAY -u FUZZ_SH_SEEDS -u FUZZ_SH_LIBFUZZER -u FUZZ_SH_AFL -u FUZZ_SH_TRIAGE -u FUZZ_SH_MINIMIZE PATH="$scratch/bin:$PATH" \
      "$fz" --engine $eng --port nosuch --time 2 --out "$out" >"$scratch/log" 2>&1; rc=$?
    [ $rc -eq 2 ] || fail "$eng: exit $rc, want 2"
    grep -q "nosuch" "$scratch/log" || fail "$eng: the message does not name the port"
    grep -qx '  ref' "$scratch/log" && grep -qx '  bug-offbyone' "$scratch/log" || fail "$eng: no list of ports"
    [ ! -e "$scratch/cmake.called" ] || fail "$eng: something was built first"
  done
  ;;
afl-corpus)       # item 3: the AFL++ corpus does not double
  "$fz" --engine afl --time 3 --jobs 1 --out "$out" >"$scratch/log1" 2>&1 || { show "$scratch/log1"; fail "first run"; }
  n1=$(ls "$out/afl/corpus" | wc -l)
  "$fz" --engine afl --time 3 --jobs 1 --out "$out" >"$scratch/log2" 2>&1 || { show "$scratch/log2"; fail "second run"; }
  n2=$(ls "$out/afl/corpus" | wc -l)
  totals_ok "$scratch/log2" || fail "the second campaign reports no totals of its own"
  dups=$(cd "$out/afl/corpus" && sha1sum -- * | cut -c1-40 | sort | uniq -d | wc -l)
  echo "corpus $n1 then $n2 files, $dups duplicate contents"
  [ "$n1" -gt 0 ] || fail "empty corpus after a campaign"
  [ "$dups" -eq 0 ] || fail "$dups duplicate contents in the corpus"
  [ "$n2" -lt $((2 * n1)) ] || fail "corpus doubled: $n1 -> $n2"
  ;;
afl-rerun)        # item 4: a campaign after a long one runs, with its own stats
  mkdir -p "$out/afl/sync/main/queue" "$out/afl/sync/main/crashes"
  now=$(date +%s)
  printf 'start_time        : %d\nlast_update       : %d\nrun_time          : 7200\nexecs_done        : 987654321\n' \
    $((now - 7300)) $((now - 100)) >"$out/afl/sync/main/fuzzer_stats"
  # what the earlier campaign found is kept: its crash file (afl-cmin may
  # rightly drop a queue entry that adds no coverage, so a crash is the witness)
  printf 'stale crash %s' "$now" >"$out/afl/sync/main/crashes/id:000000,sig:06,stale"
  want=$(sha1sum <"$out/afl/sync/main/crashes/id:000000,sig:06,stale" | cut -c1-40)
  "$fz" --engine afl --time 3 --jobs 1 --out "$out" >"$scratch/log" 2>&1; rc=$?
  [ $rc -eq 1 ] || fail "exit $rc, want 1 (the kept crash file is new to the crash folder)"
  grep -q 987654321 "$scratch/log" && fail "old stats reported as new"
  totals_ok "$scratch/log" || fail "no fresh totals"
  grep -q 'At-risk' "$out"/afl/*.log 2>/dev/null && fail "afl-fuzz refused the output folder"
  [ -e "$out/afl/crashes/ref--afl-$want" ] || fail "the earlier campaign's crash file was not kept"
  ;;
crash-port)       # item 5: crash files record their port; the replayer says so
  "$fz" --port bug-offbyone --time 3 --jobs 1 --out "$out" >"$scratch/log" 2>&1
  f=$(ls "$out"/libfuzzer/crashes/* 2>/dev/null | head -1)
  [ -n "$f" ] || { show "$scratch/log"; fail "no crash found in 3 s"; }
  ls "$out"/libfuzzer/crashes | grep -v '^bug-offbyone--' && fail "crash files without the port prefix"
  grep -q 'crashes of port bug-offbyone' "$scratch/log" || fail "the summary does not name the port"
  "$FUZZ_SH_REPLAY" "$f" >"$scratch/r" 2>&1; rc=$?
  [ $rc -eq 1 ] || fail "replay without --port: exit $rc, want 1"
  grep -q "was found under port bug-offbyone" "$scratch/r" || fail "replay does not tell the port"
  grep -q '^signature  bug-offbyone:' "$scratch/r" || fail "replay did not run it on its port"
  "$FUZZ_SH_REPLAY" --port ref "$f" >"$scratch/r" 2>&1
  grep -q "found under port bug-offbyone; replaying on ref as asked" "$scratch/r" || fail "no note with --port ref"
  ;;
afl-crash-port)   # every file the AFL++ campaign calls a crash fails on replay (no README.txt, no stray file)
  "$fz" --engine afl --port bug-offbyone --time 8 --jobs 1 --out "$out" >"$scratch/log" 2>&1
  n=0
  for f in "$out"/afl/crashes/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    "$FUZZ_SH_REPLAY" "$f" >"$scratch/r" 2>&1; rc=$?
    [ $rc -eq 1 ] || { show "$scratch/r"; fail "crash file $f replays with exit $rc, want 1"; }
  done
  [ $n -gt 0 ] || { show "$scratch/log"; fail "no crash found in 8 s"; }
  grep -q "crashes of port bug-offbyone in .*: $n file(s)" "$scratch/log" || { show "$scratch/log"; fail "the summary does not count $n file(s)"; }
  ;;
sigterm|sigint)   # item 6: a signal stops the engine, then the summary; 143 / 130
  if [ $case = sigterm ]; then
    # TERM twice, 0.2 s apart (as timeout(1) or a service manager may send
    # it): the repeat is the same stop, not an exit without a summary
    sig=TERM want=143 eng=libfuzzer
    "$fz" --engine $eng --time 120 --jobs 1 --out "$out" >"$scratch/log" 2>&1 &
    pid=$!
    sleep 6; kill -TERM $pid; sleep 0.2; kill -TERM $pid
    wait $pid; rc=$?
  else
    sig=INT want=130 eng=afl
    timeout -s $sig --preserve-status 7 "$fz" --engine $eng --time 120 --jobs 1 --out "$out" \
      >"$scratch/log" 2>&1; rc=$?
  fi
  [ $rc -eq $want ] || fail "exit $rc, want $want"
  grep -q "^== $sig: stopping the engine" "$scratch/log" || fail "no word on the signal"
  grep -q '^== totals: ' "$scratch/log" || fail "no summary"
  sleep 1
  pgrep -f "$out" >/dev/null && fail "the engine is still running"
  [ "$(ls "$out/$eng/corpus" | wc -l)" -gt 0 ] || fail "the corpus was not kept"
  left=$(find "$scratch" "$out" -name 'libFuzzerTemp*' 2>/dev/null | wc -l)
  [ "$left" -eq 0 ] || fail "$left libFuzzerTemp folder(s) left behind"
  ;;
options)          # item 7
  "$fz" --time >"$scratch/log" 2>&1; rc=$?
  [ $rc -eq 2 ] || fail "--time without a value: exit $rc, want 2"
  grep -q 'unbound' "$scratch/log" && fail "--time without a value: shell error"
  grep -q -- '--time needs a value' "$scratch/log" || fail "--time without a value: no message"
  "$fz" --time abc >/dev/null 2>&1; [ $? -eq 2 ] || fail "--time abc accepted"
  "$fz" --port >/dev/null 2>&1; [ $? -eq 2 ] || fail "--port without a value accepted"
  "$fz" --frob >/dev/null 2>&1; [ $? -eq 2 ] || fail "unknown option accepted"
  "$fz" --help >"$scratch/log" 2>&1; rc=$?
  [ $rc -eq 0 ] || fail "--help: exit $rc"
  head -1 "$scratch/log" | grep -q '^usage: ' || fail "--help does not start with usage"
  grep -q '^#' "$scratch/log" && fail "--help prints script lines"
  grep -q -- '--time SECONDS' "$scratch/log" || fail "--help does not list --time"
  # --time 0 = no limit: it runs until a signal ends it
  timeout -s TERM --preserve-status 5 "$fz" --time 0 --jobs 1 --out "$out" >"$scratch/log" 2>&1; rc=$?
  [ $rc -eq 143 ] || fail "--time 0: exit $rc, want 143 (stopped by the signal)"
  grep -q 'no time limit' "$scratch/log" || fail "--time 0: does not say 'no time limit'"
  ;;
progress)         # item 8: one-line build progress, totals (libFuzzer)
  stub_cmake
  env -u FUZZ_SH_REPLAY -u FUZZ_SH_SEEDS -u FUZZ_SH_LIBFUZZER -u FUZZ_SH_TRIAGE -u FUZZ_SH_MINIMIZE PATH="$scratch/bin:$PATH" \
    "$fz" --build-only --out "$out" >"$scratch/log" 2>&1; rc=$?
  [ $rc -eq 0 ] || fail "--build-only: exit $rc"
  [ "$(grep -c 'building' "$scratch/log")" -eq 1 ] || fail "build progress is not one line"
  grep -q 'noise\|Building C object' "$scratch/log" && fail "compiler output shown"
  grep -q '^== building libfuzzer.* done' "$scratch/log" || fail "no 'done' at the end of the build line"
  "$fz" --time 3 --jobs 1 --out "$out" >"$scratch/log" 2>&1 || fail "campaign failed"
  totals_ok "$scratch/log" || fail "no totals line"
  grep -qE '^== crashes of port ref .*: 0 file\(s\)' "$scratch/log" || fail "no crash count"
  ;;
afl-progress)     # item 8: live AFL++ progress from the first seconds, real totals
  "$fz" --engine afl --time 8 --jobs 1 --out "$out" >"$scratch/log" 2>&1 || fail "campaign failed"
  grep -qE '^ +[0-9]+ s  queue [1-9][0-9]*  crashes [0-9]+' "$scratch/log" || fail "no live progress line"
  totals_ok "$scratch/log" || fail "no totals line"
  ;;
tools)            # every tool the summary names is built with the campaign's replayer
  # (a minimize left from an older build judged a crash clean that replay
  # reported: the buddy.4 input of the policy mutation run)
  stub_cmake
  env -u FUZZ_SH_REPLAY -u FUZZ_SH_SEEDS -u FUZZ_SH_LIBFUZZER -u FUZZ_SH_TRIAGE -u FUZZ_SH_MINIMIZE PATH="$scratch/bin:$PATH" \
    "$fz" --build-only --out "$out" >"$scratch/log" 2>&1; rc=$?
  [ $rc -eq 0 ] || fail "--build-only: exit $rc"
  targets=$(sed -n 's/.*--target //p' "$scratch/cmake.called" 2>/dev/null | tr ' ' '\n')
  for t in replay triage minimize fuzz_ref; do
    printf '%s\n' "$targets" | grep -qx "$t" || fail "--build-only does not build $t"
  done
  # the summary names the minimizer by its full path in the same build as replay
  grep -q 'minimize one: \$minimize --port' "$fz" || fail "the summary does not name \$minimize"
  ;;
*) echo "unknown case $case"; exit 2 ;;
esac
if [ $fails -gt 0 ]; then
  show "$scratch/log" 2>/dev/null
  exit 1
fi
echo "ok [$case]"
