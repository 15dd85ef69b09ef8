#!/usr/bin/env bash
# afl_smoke.sh AFL_TARGET CORPUS SECONDS - AFL++ must start, execute the
# persistent target and find no crash in a short run.
set -u
target=$1 corpus=$2 secs=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 AFL_SKIP_CPUFREQ=1 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_STARTUP_CALIBRATION=1 \
  timeout $((secs + 30)) afl-fuzz -V "$secs" -i "$corpus" -o "$work/out" -- "$target" \
  >"$work/log" 2>&1
rc=$?
stats=$work/out/default/fuzzer_stats
execs=$(sed -n 's/^execs_done *: *//p' "$stats" 2>/dev/null)
crashes=$(sed -n 's/^saved_crashes *: *//p' "$stats" 2>/dev/null)
rate=$(sed -n 's/^execs_per_sec *: *//p' "$stats" 2>/dev/null)
mode=$(sed -n 's/^target_mode *: *//p' "$stats" 2>/dev/null)
if [ $rc -ne 0 ] || [ -z "$execs" ] || [ "$execs" -eq 0 ] || [ "${crashes:-1}" -ne 0 ]; then
  tail -30 "$work/log"
  ls "$work/out/default/crashes" 2>/dev/null
  for f in "$work"/out/default/crashes/id:*; do   # kept in the test's output
    [ -f "$f" ] || continue
    echo "input $(basename "$f") (base64):"
    base64 "$f"
  done
  echo "FAIL: afl-fuzz exited $rc, execs ${execs:-0}, crashes ${crashes:-?}"
  exit 1
fi
echo "AFL++ smoke: $execs executions, $rate exec/s, mode: $mode, no crash"
