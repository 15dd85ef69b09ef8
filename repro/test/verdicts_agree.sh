#!/usr/bin/env bash
# verdicts_agree.sh REPLAY MINIMIZE FUZZ PORT FILE - every entry point of
# one build gives FILE the same verdict on PORT: repro/replay, the fuzz
# target (PAGEFUZZ_PORT), and run_signature() through repro/minimize, both
# forked and --no-fork.  A verdict is the report's signature or "clean".
set -u
replay=$1 minimize=$2 fuzz=$3 port=$4 file=$5
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
sig_of() { sed -n 's/^signature  //p' "$1" | head -1; }
"$replay" --port "$port" "$file" >/dev/null 2>"$work/replay"
v_replay=$(sig_of "$work/replay"); v_replay=${v_replay:-clean}
PAGEFUZZ_PORT=$port "$fuzz" "$file" >/dev/null 2>"$work/fuzz"
v_fuzz=$(sig_of "$work/fuzz"); v_fuzz=${v_fuzz:-clean}
verdicts="replay=$v_replay fuzz=$v_fuzz"
for mode in fork no-fork; do
  flag=; [ $mode = no-fork ] && flag=--no-fork
  "$minimize" --port "$port" $flag "$file" -o "$work/min" 2>"$work/min.log" >/dev/null
  first=$(head -1 "$work/min.log")
  case $first in
    *"runs clean on port $port"*) v=clean ;;
    *", signature "*) v=${first##*, signature } ;;
    *) echo "FAIL: minimize ($mode) said: $first"; exit 1 ;;
  esac
  verdicts="$verdicts minimize-$mode=$v"
done
echo "$file on $port: $verdicts"
set -- $verdicts
for v in "$@"; do
  [ "${v#*=}" = "$v_replay" ] || { echo "FAIL: the entry points disagree"; exit 1; }
done
