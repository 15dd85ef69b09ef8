#!/usr/bin/env bash
# names_check.sh TRIAGE TO_C DIR - triage and to-c on a folder of .trace
# files with more than 64 names (kept past the parser's fixed array): both
# must finish as they should with nothing leaked (the ASan build's leak
# check ends a leaking run with another exit code and a report).
set -u
triage=$1 to_c=$2 dir=$3
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$triage" --minimize -o "$work/min" "$dir" >"$work/out" 2>&1; rc=$?
cat "$work/out"
grep -q LeakSanitizer "$work/out" && { echo "FAIL: triage leaked"; exit 1; }
[ $rc -eq 1 ] || { echo "FAIL: triage exit $rc, wanted 1 (a failure found)"; exit 1; }
ls "$work/min"/*.trace >/dev/null 2>&1 || { echo "FAIL: triage --minimize wrote no .trace"; exit 1; }
for f in "$dir"/*.trace; do
  "$to_c" "$f" -o "$work/out.c" >"$work/out" 2>&1; rc=$?
  cat "$work/out"
  grep -q LeakSanitizer "$work/out" && { echo "FAIL: to-c leaked on $f"; exit 1; }
  [ $rc -eq 0 ] || { echo "FAIL: to-c exit $rc on $f"; exit 1; }
done
echo "triage and to-c: no leak"
