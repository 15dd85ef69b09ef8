#!/usr/bin/env bash
# check_port.sh MODE [SECONDS] - scripts/check-port on the adapter template.
#   clean    the template as shipped: both engines, verdict "no disagreement"
#   planted  the template with a bug planted in its free (the last page of a
#            block of order >= 1 is never given back): the verdict must be
#            "disagreement", with a .trace that replays to a failure
set -u
mode=$1 secs=${2:-30}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=$repo/fuzz/port/template/adapter_template.c
case $mode in
  clean)
    "$repo/scripts/check-port" --time "$secs" --out "$work/out" "$src" >"$work/log" 2>&1
    rc=$?
    cat "$work/log"
    if [ $rc -ne 0 ] || ! grep -q '^VERDICT: no disagreement' "$work/log"; then
      echo "FAIL: the template adapter should build with both engines and pass (exit $rc)"
      exit 1
    fi ;;
  planted)
    sed 's/memset(t->state + pfn, PG_FREE, n);/memset(t->state + pfn, PG_FREE, n > 1 ? n - 1 : n);/' \
      "$src" >"$work/planted.c"
    if cmp -s "$src" "$work/planted.c"; then
      echo "FAIL: the bug could not be planted (the template's free changed?)"
      exit 1
    fi
    "$repo/scripts/check-port" --engine libfuzzer --time "$secs" --out "$work/out" \
      "$work/planted.c" >"$work/log" 2>&1
    rc=$?
    cat "$work/log"
    if [ $rc -ne 1 ] || ! grep -q '^VERDICT: disagreement' "$work/log" ||
       [ ! -s "$work/out/first.trace" ]; then
      echo "FAIL: check-port did not catch the planted bug (exit $rc)"
      exit 1
    fi
    if "$work/out/build-libfuzzer/replay_template" "$work/out/first.trace" >/dev/null 2>&1; then
      echo "FAIL: the minimized .trace replays clean"
      exit 1
    fi
    echo "caught: $(grep -m1 'signature' "$work/log")" ;;
  *) echo "usage: check_port.sh clean|planted [SECONDS]"; exit 2 ;;
esac
