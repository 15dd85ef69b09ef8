#!/usr/bin/env bash
# replay_cli.sh REPLAY GROUP - the replayer's command line and input
# handling: each case gives an exit status and a stderr line to find, and
# no case may leak (LeakSanitizer) or crash.  GROUP is one of
#   exits     wrong options and input that holds no scenario exit 2
#   limits    reads are capped: a .trace at 16 MiB, a binary at 1 MiB
#   messages  BOM, CR-only lines, 2^64, NUL, strerror, control bytes
#   expect    repeats and counting expects: wrong counts are caught
#   long      a .trace past the binary format: 3000 names, 9000 ops
set -u
replay=$1 group=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0 cases=0

# expect RC REGEX ARGS... : run the replayer, check status and stderr
expect() {
  local want=$1 regex=$2 rc
  shift 2
  cases=$((cases + 1))
  timeout 60 "$replay" "$@" >"$work/out" 2>"$work/err"
  rc=$?
  if [ $rc -ne "$want" ] || ! grep -Eq -- "$regex" "$work/err" ||
     grep -q "LeakSanitizer\|AddressSanitizer\|runtime error" "$work/err"; then
    echo "FAIL: replay $* exited $rc (want $want), stderr:"
    sed 's/^/  | /' "$work/err" | head -20
    echo "  (wanted a line matching: $regex)"
    fails=$((fails + 1))
  fi
}

good=$work/good.trace
printf 'memblock add 0 1M\nboot\nalloc 0 -> a\nfree a\n' >"$good"
case $group in
exits)
  expect 2 "no such port: bogus" --port bogus "$good"
  expect 2 "unknown option: --frob" --frob "$good"
  expect 2 "--port needs a value" "$good" --port
  expect 2 "--port needs a value" --port
  expect 2 "no FILE given"
  : >"$work/empty.trace"
  expect 2 "empty.trace: holds no scenario" "$work/empty.trace"
  printf '# only a comment\n\n   # and another\n' >"$work/comment.trace"
  expect 2 "comment.trace: holds no scenario" "$work/comment.trace"
  : >"$work/empty-bin"   # a binary input: the empty one decodes to a default machine
  expect 0 "empty-bin: ok, 0 ops run" "$work/empty-bin"
  mkdir "$work/dir.trace" "$work/dir"
  expect 2 "dir.trace: cannot read: Is a directory" "$work/dir.trace"
  expect 2 "dir: cannot read: Is a directory" "$work/dir"
  cp "$good" "$work/text.txt"
  expect 0 "text.txt: not named .trace but holds text: read as a .trace" "$work/text.txt"
  printf 'boot\nfrob\n' >"$work/bad.txt"
  expect 2 "bad.txt:2: bad token 'frob': unknown op" "$work/bad.txt"
  expect 0 "good.trace: ok, 2 ops run, 0 skipped" "$good"
  ;;
limits)
  ln -s /dev/zero "$work/zero.trace"
  expect 2 "zero.trace: cannot read: larger than 16 MiB, the limit of a .trace" "$work/zero.trace"
  ln -s /dev/zero "$work/zero.bin"
  expect 2 "zero.bin: cannot read: larger than 1 MiB, the limit of a binary input" "$work/zero.bin"
  head -c $((1024 * 1024 + 1)) /dev/urandom >"$work/big.bin"
  expect 2 "big.bin: cannot read: larger than 1 MiB" "$work/big.bin"
  { cat "$good"; head -c $((16 * 1024 * 1024)) /dev/zero | tr '\0' '#'; } >"$work/big.trace"
  expect 2 "big.trace: cannot read: larger than 16 MiB" "$work/big.trace"
  ;;
messages)
  printf '\xef\xbb\xbfmemblock add 0 1M\nboot\nalloc 0 -> a\n' >"$work/bom.trace"
  expect 0 "bom.trace: ok, 1 ops run" "$work/bom.trace"
  printf 'config cpus=2\rmemblock add 0 1M\rboot\ralloc 0 cpu=1 -> a\rfree a\r' >"$work/cr.trace"
  expect 0 "cr.trace: ok, 2 ops run" "$work/cr.trace"
  printf 'config cpus=2\r\nmemblock add 0 1M\r\nboot\r\nfrob\r\n' >"$work/crlf.trace"
  expect 2 "crlf.trace:4: bad token 'frob': unknown op" "$work/crlf.trace"
  printf 'config cpus=2\rboot\rfrob\r' >"$work/cr-err.trace"
  expect 2 "cr-err.trace:3: bad token 'frob': unknown op" "$work/cr-err.trace"
  printf 'memblock add 18446744073709551616 1M\n' >"$work/big.trace"
  expect 2 "big.trace:1: bad token '18446744073709551616': out of range" "$work/big.trace"
  printf 'memblock add 0x10000000000000000 1M\n' >"$work/bighex.trace"
  expect 2 "bighex.trace:1: bad token '0x10000000000000000': out of range" "$work/bighex.trace"
  printf 'memblock add 0 1M\nboot\n\nalloc 0\x00\n' >"$work/nul.trace"
  expect 2 "nul.trace:4: NUL byte" "$work/nul.trace"
  ln -s "$work/nowhere" "$work/dangling.trace"
  expect 2 "dangling.trace: cannot read: No such file or directory" "$work/dangling.trace"
  printf 'boot\n\x1b]0;owned\x07 1\n' >"$work/ctl.trace"
  expect 2 "ctl.trace:2: bad token '.x1b]0;owned.x07': unknown op" "$work/ctl.trace"
  if grep -q "$(printf '\x1b')" "$work/err"; then
    echo "FAIL: a control byte reached the terminal"; fails=$((fails + 1))
  fi
  ;;
expect)
  m='config max_order=2 pageblock_order=2 pcp_high=0 min_free_kbytes=0
memblock add 0 0x10000
zones dma=0 dma32=0 normal=16
boot'
  printf '%s\nalloc 0 x 20\nexpect ok=16 fail=4\n' "$m" >"$work/right.trace"
  expect 0 "right.trace: ok, 21 ops run" "$work/right.trace"
  printf '%s\nalloc 0 x 20\nexpect ok=15 fail=5\n' "$m" >"$work/wrong.trace"
  expect 1 "expected ok=15 fail=5 of 20 runs, got ok=16 fail=4" "$work/wrong.trace"
  printf '%s\nalloc 0 x 20\nexpect ok=17\n' "$m" >"$work/wrong2.trace"
  expect 1 "signature  ref:expect:expect" "$work/wrong2.trace"
  printf '%s\nalloc 0 x 20\nexpect ok\n' "$m" >"$work/notall.trace"
  expect 1 "expected all 20 runs of the op before to succeed, 16 of them succeeded" "$work/notall.trace"
  printf '%s\nalloc 2 -> a\nalloc 0 x 16\nexpect ok=12 fail=4\n' "$m" >"$work/order.trace"
  expect 0 "order.trace: ok" "$work/order.trace"
  printf '%s\nalloc 2 -> a\nalloc 2 x 4\nexpect ok=3 fail=1\ncheck\n' "$m" >"$work/ok.trace"
  expect 0 "ok.trace: ok" "$work/ok.trace"
  printf '%s\nalloc 0 x 3\nexpect ok=4\n' "$m" >"$work/range.trace"
  expect 2 "range.trace:6: bad token 'ok=4': out of range 0..3" "$work/range.trace"
  printf '%s\nalloc 0 x 3 -> a\n' "$m" >"$work/named.trace"
  expect 2 "named.trace:5: bad token '->': a repeated op .x N. binds no name" "$work/named.trace"
  printf 'config expect=off\n%s\nalloc 0 x 20\nexpect ok=1 fail=19\n' "$m" >"$work/off.trace"
  expect 0 "off.trace: ok, 21 ops run" "$work/off.trace"
  ;;
long)
  { printf 'memblock add 0 16M\nboot\n'
    for i in $(seq 0 2999); do echo "alloc 0 -> n$i"; done
    for i in $(seq 0 2999); do echo "free n$i"; echo "expect ok"; done
    echo "alloc 0 x 3000"; echo "expect ok=3000"; echo "check"; } >"$work/long.trace"
  expect 0 "long.trace: ok, 12002 ops run, 0 skipped" "$work/long.trace"
  sed -i 's/^free n2999$/free n2998/' "$work/long.trace"
  expect 1 "expected the previous op to succeed, but it was skipped" "$work/long.trace"
  { printf 'memblock add 0 1M\nboot\n'; for i in $(seq 17); do echo "alloc 0 x 1048576"; done; } \
    >"$work/huge.trace"
  expect 1 "signature  ref:harness.too_many_allocations:boot" "$work/huge.trace"
  ;;
*)
  echo "unknown group $group"; exit 2 ;;
esac
echo "$group: $cases case(s), $fails failed"
[ $fails -eq 0 ] && [ $cases -gt 0 ]
