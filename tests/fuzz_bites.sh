#!/usr/bin/env bash
# fuzz_bites.sh FUZZER PORT CORPUS SECONDS - the harness must catch a
# deliberately broken allocator: a short run from the corpus has to stop
# with a pagefuzz report naming that port.  PORT "ref" with a mutant
# FUZZER tests a bug built into alloc/ itself.  PORT "A~B" runs a
# differential target (fuzz_diff_*) on ports A and B: the report must be
# of the two disagreeing, or of either failing.
set -u
fuzzer=$1 port=$2 corpus=$3 secs=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case $port in
  *~*) export PAGEFUZZ_DIFF=${port#*~} ;;
esac
PAGEFUZZ_PORT=${port%%~*} "$fuzzer" -max_total_time="$secs" -timeout=10 \
  -artifact_prefix="$work/" "$work" "$corpus" >"$work/log" 2>&1
rc=$?
sig=$(sed -n 's/^signature  //p' "$work/log" | head -1)
if [ $rc -eq 0 ] || [ -z "$sig" ] || [ "${sig%%:*}" != "$port" ]; then
  tail -20 "$work/log"
  echo "FAIL: port $port was not caught (exit $rc, signature '${sig}')"
  exit 1
fi
echo "caught $port: $sig"
