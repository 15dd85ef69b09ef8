#!/usr/bin/env bash
# minimize_check.sh MINIMIZE REPLAY PORT CRASH MAX_OPS - minimizing CRASH
# on PORT must keep its signature in at most MAX_OPS ops (memblock + run
# ops), and both outputs (.trace and .bin) must replay to that signature.
set -u
minimize=$1 replay=$2 port=$3 crash=$4 max_ops=$5
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
sig=$("$replay" --port "$port" "$crash" 2>&1 | sed -n 's/^signature  //p' | head -1)
[ -n "$sig" ] || { echo "FAIL: $crash does not fail on $port"; exit 1; }
"$minimize" --port "$port" "$crash" -o "$work/min" 2>"$work/log" || { cat "$work/log"; exit 1; }
ops=$(sed -n 's/^# minimized by .* -> \([0-9]*\) ops .*/\1/p' "$work/min.trace")
cat "$work/min.trace"
for f in "$work/min.trace" "$work/min.bin"; do
  got=$("$replay" --port "$port" "$f" 2>&1 | sed -n 's/^signature  //p' | head -1)
  [ "$got" = "$sig" ] || { echo "FAIL: $f replays as '$got', not '$sig'"; exit 1; }
done
[ -n "$ops" ] && [ "$ops" -le "$max_ops" ] || { echo "FAIL: $ops ops, more than $max_ops"; exit 1; }
# deterministic: a second run writes the same files
"$minimize" --port "$port" "$crash" -o "$work/again" 2>/dev/null
cmp -s <(grep -v '^# minimized' "$work/min.trace") <(grep -v '^# minimized' "$work/again.trace") &&
  cmp -s "$work/min.bin" "$work/again.bin" || { echo "FAIL: not deterministic"; exit 1; }
echo "minimized to $ops ops, signature $sig"
