#!/usr/bin/env bash
# replay_both_ways.sh REPLAY CORPUS_DIR [RANDOM [CASES_DIR [K/N]]] - a binary
# input and the .trace it prints must give the same verdict.  Every binary
# seed of CORPUS_DIR, every .bin crash case of CASES_DIR (repro/cases) and
# RANDOM (default 40) fixed pseudo-random inputs are replayed
# under every port, once decoded (replay --binary) and once printed and
# parsed back (replay --print, then replay the .trace); the exit status and
# the signature line of the two runs must be the same.  The broken ports
# turn many of these inputs into crashes, so crash verdicts are compared
# as well as clean ones.  A map whose boot cannot run is skipped quietly as
# a binary input (exit 0, "skipped: boot cannot run: WHY" with --verbose)
# and refused as a .trace (exit 2, "boot: cannot run: WHY"): that counts as
# the same verdict when WHY is the same.
# K/N takes only the ports whose place in `replay --port '?'` is K modulo
# N, so ctest runs the shards side by side (tests/CMakeLists.txt).
set -u
replay=$1 corpus=$2 nrandom=${3:-40} cases=${4:-} shard=${5:-0/1}
k=${shard%/*} n=${shard#*/}
[[ $shard =~ ^[0-9]+/[1-9][0-9]*$ ]] && [ "$k" -lt "$n" ] ||
  { echo "replay_both_ways.sh: shard '$shard' is not K/N with K < N" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ports=$("$replay" --port '?' 2>&1 | sed -n '/^ports:/,$p' | tail -n +2 |
        awk -v k="$k" -v n="$n" '(NR - 1) % n == k')
[ -n "$ports" ] || { echo "replay_both_ways.sh: no port in shard $shard" >&2; exit 1; }
mkdir "$work/in"
cp "$corpus"/*.bin "$work/in/" 2>/dev/null
[ -n "$cases" ] && cp "$cases"/*.bin "$work/in/" 2>/dev/null
# random inputs: fixed seeds, 64..963 bytes each
i=0
while [ $i -lt "$nrandom" ]; do
  python3 -c "import random,sys; r=random.Random($i); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(64 + r.randrange(900))))" \
    >"$work/in/random-$i" 2>/dev/null || break
  i=$((i + 1))
done
compared=0 crashes=0 fails=0
sig() { sed -n 's/^signature  //p' "$1" | head -1; }
# verdict STATUS ERRFILE: the status, the signature, or "not booted: WHY"
verdict() {
  local why
  why=$(sed -n 's/^.*: skipped: boot cannot run: //p; s/^.*: boot: cannot run: //p' "$2" | head -1)
  if [ -n "$why" ] && { [ "$1" -eq 0 ] || [ "$1" -eq 2 ]; }; then
    echo "not booted: $why"
  else
    echo "$1 $(sig "$2")"
  fi
}
for port in $ports; do
  for f in "$work"/in/*; do
    "$replay" --port "$port" --no-contents --binary --verbose "$f" >/dev/null 2>"$work/bin.err"
    rb=$?
    "$replay" --port "$port" --binary --print "$f" >"$work/p.trace" 2>/dev/null
    "$replay" --port "$port" --no-contents "$work/p.trace" >/dev/null 2>"$work/text.err"
    rt=$?
    compared=$((compared + 1))
    [ $rb -eq 1 ] && crashes=$((crashes + 1))
    vb=$(verdict $rb "$work/bin.err") vt=$(verdict $rt "$work/text.err")
    if [ "$vb" != "$vt" ]; then
      fails=$((fails + 1))
      echo "FAIL: $port $(basename "$f"): binary '$vb', printed .trace '$vt'"
      [ $fails -le 3 ] && sed 's/^/  | /' "$work/text.err" | tail -5
    fi
  done
done
echo "ports $(echo $ports): $compared input/port pairs compared ($crashes crash verdicts), $fails differ"
[ $fails -eq 0 ] && [ $compared -gt 0 ] && [ $crashes -gt 0 ]
