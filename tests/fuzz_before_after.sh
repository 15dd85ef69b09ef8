#!/usr/bin/env bash
# fuzz_before_after.sh FUZZ_TARGET ENGINE TRACE2BIN PORT TRACE WANT...
# The crash report a fuzz target prints (abort_on_failure) shows the
# port's view of the failing pfns before the failing op and after it: the
# .trace is converted to a binary input, run through the fuzz target with
# PAGEFUZZ_PORT=PORT (as a file for libFuzzer, on stdin otherwise), which
# must abort; every WANT (an extended regular expression) must match a line
# of its report, in the order given.
set -u
fuzz=$1 engine=$2 trace2bin=$3 port=$4 trace=$5
shift 5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$trace2bin" "$trace" "$work/in.bin" >/dev/null 2>&1 || { echo "FAIL: trace2bin $trace"; exit 1; }
if [ "$engine" = libfuzzer ]; then
  PAGEFUZZ_PORT=$port "$fuzz" "$work/in.bin" >"$work/out" 2>&1
else
  PAGEFUZZ_PORT=$port "$fuzz" <"$work/in.bin" >"$work/out" 2>&1
fi
rc=$?
sed -n '/==== pagefuzz/,/^signature/p' "$work/out"
[ $rc -ne 0 ] || { cat "$work/out"; echo "FAIL: the fuzz target did not crash"; exit 1; }
line=0
for want in "$@"; do
  at=$(awk -v from="$line" -v re="$want" 'NR > from && $0 ~ re { print NR; exit }' "$work/out")
  [ -n "$at" ] || { echo "FAIL: no line matching '$want' after line $line of the report"; exit 1; }
  line=$at
done
echo "the fuzz target's report shows both views"
