#!/usr/bin/env bash
# diff_corpus.sh REPLAY PORT OTHER FILE... - differential mode over a
# corpus: every file must replay with the two ports agreeing (exit 0), and
# the comparison must not be empty: some request compared and some end of
# run compared (the summary lines `diff: ...` of run_diff()).
set -u
replay=$1 a=$2 b=$3
shift 3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$replay" --port "$a" --diff "$b" "$@" >/dev/null 2>"$log"
rc=$?
grep -E 'disagree|^signature|^detail' "$log"
if [ $rc -ne 0 ]; then
  echo "FAIL: $a and $b disagree or a run failed (exit $rc)"
  exit 1
fi
req=$(sed -n 's/^diff: .*: \([0-9]*\) request(s) compared.*/\1/p' "$log" | awk '{s += $1} END {print s + 0}')
ends=$(grep -c '^diff: .*end of run compared$' "$log")
files=$(grep -c '^diff: ' "$log")
echo "$a~$b: $files file(s) compared, $req request(s) compared, $ends end(s) of run compared"
[ "$files" -gt 0 ] && [ "$req" -gt 0 ] && [ "$ends" -gt 0 ] || { echo "FAIL: nothing was compared"; exit 1; }
