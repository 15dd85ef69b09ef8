#!/usr/bin/env bash
# expect_fail.sh SIGNATURE CMD [ARGS...] - CMD must exit 1 and report
# exactly SIGNATURE on its `signature` line.  SIGNATURE "clean": it must
# exit 0 and report no signature.
set -u
want=$1; shift
out=$("$@" 2>&1); rc=$?
got=$(printf '%s\n' "$out" | sed -n 's/^signature  //p' | head -1)
if [ "$want" = clean ]; then
  [ $rc -eq 0 ] && [ -z "$got" ] && { echo "clean as expected"; exit 0; }
else
  [ $rc -eq 1 ] && [ "$got" = "$want" ] && { echo "fails as expected: $got"; exit 0; }
fi
printf '%s\n' "$out" | tail -20
echo "FAIL: wanted '$want', got exit $rc signature '${got}'"
exit 1
