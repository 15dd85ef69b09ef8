#!/usr/bin/env bash
# continuous_check.sh ROOT BUILD_DIR [afl AFL_BUILD_DIR] - scripts/continuous
# with a few seconds of budget (libFuzzer, or AFL++ with the AFL++ target
# of AFL_BUILD_DIR): on the reference port it must end clean (exit 0, no
# candidate) with a non-empty merged corpus; on bug-offbyone, with no
# known cases, it must exit 1 and leave a minimized candidate that
# replays to its expected signature.
set -u
root=$1 bdir=$2
engine=(); [ "${3:-}" = afl ] && engine=(--engine afl --afl-build-dir "$4")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/nocases"
"$root/scripts/continuous" "${engine[@]}" --time 4 --jobs 1 --no-build --build-dir "$bdir" \
  --out "$work/ref" >"$work/ref.log" 2>&1
rc=$?
cat "$work/ref.log"
[ $rc -eq 0 ] || { echo "FAIL: ref run exited $rc"; exit 1; }
[ -z "$(ls "$work/ref/candidates")" ] || { echo "FAIL: ref run left candidates"; exit 1; }
[ -n "$(ls "$work/ref/corpus")" ] || { echo "FAIL: ref run merged no corpus"; exit 1; }
"$root/scripts/continuous" "${engine[@]}" --time 4 --jobs 1 --no-build --build-dir "$bdir" --port bug-offbyone \
  --cases "$work/nocases" --out "$work/bug" >"$work/bug.log" 2>&1
rc=$?
cat "$work/bug.log"
[ $rc -eq 1 ] || { echo "FAIL: bug-offbyone run exited $rc, not 1"; exit 1; }
n=0
for c in "$work"/bug/candidates/*.trace; do
  [ -f "$c" ] || continue
  n=$((n + 1))
  grep -q '^# expect-signature: bug-offbyone:' "$c" || { echo "FAIL: $c has no expected signature"; exit 1; }
  "$bdir/repro/replay" "$c" >/dev/null 2>&1 || { echo "FAIL: candidate $c does not replay as its header says"; exit 1; }
done
[ $n -ge 1 ] || { echo "FAIL: no candidate written"; exit 1; }
echo "ref clean; bug-offbyone caught with $n candidate(s)"
