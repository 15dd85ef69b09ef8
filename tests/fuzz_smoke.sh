#!/usr/bin/env bash
# fuzz_smoke.sh FUZZER CORPUS SECONDS - a short libFuzzer run from the corpus
# must execute inputs and find no crash.
set -u
fuzzer=$1 corpus=$2 secs=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$fuzzer" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/" "$work" "$corpus" >"$work/log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
if [ $rc -ne 0 ] || [ -z "$runs" ] || [ "$runs" -eq 0 ]; then
  tail -40 "$work/log"
  # the input dies with $work: keep it in the test's output, to rebuild with
  # `base64 -d > crash` and replay
  for f in "$work"/crash-* "$work"/timeout-* "$work"/oom-*; do
    [ -f "$f" ] || continue
    echo "input $(basename "$f") (base64):"
    base64 "$f"
  done
  echo "FAIL: libFuzzer smoke run exited $rc after ${runs:-0} executions"
  exit 1
fi
echo "libFuzzer smoke: $runs executions, $rate exec/s, no crash"
