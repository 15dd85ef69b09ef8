#!/usr/bin/env bash
# pagefuzz_ports_var.sh CC - the -DPAGEFUZZ_PORTS= cache variable: adapter
# files named on the command line build into binaries of their own.
#
# Two versions of one toy allocator (the adapter template, renamed), both
# defining the same global symbol `toy_allocator_version` (they would not
# link into one binary), the second with a bug planted in its free.  A
# fresh configure of this tree with PAGEFUZZ_PORTS="cli-a=A.c;cli-b=B.c"
# must make fuzz_cli-a, replay_cli-a, fuzz_cli-b and replay_cli-b; each
# replayer holds only its own port; cli-a replays a seed clean, cli-b is
# caught by the end-of-run checks.  A malformed entry stops the configure
# with a message naming it.
set -u
cc=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; tail -30 "$work/log" 2>/dev/null; exit 1; }
tpl=$repo/fuzz/port/template/adapter_template.c

sed 's/port_template/port_cli_a/; s/\.name = "template"/.name = "cli-a"/' "$tpl" >"$work/a.c"
echo 'int toy_allocator_version = 1;' >>"$work/a.c"
sed 's/port_template/port_cli_b/; s/\.name = "template"/.name = "cli-b"/
     s/memset(t->state + pfn, PG_FREE, n);/memset(t->state + pfn, PG_FREE, n > 1 ? n - 1 : n);/' \
  "$tpl" >"$work/b.c"
echo 'int toy_allocator_version = 2;' >>"$work/b.c"
grep -q '"cli-a"' "$work/a.c" && grep -q '"cli-b"' "$work/b.c" && grep -q 'n > 1 ? n - 1' "$work/b.c" ||
  fail "could not make the two adapters from the template (did it change?)"

common=(-DCMAKE_C_COMPILER="$cc" -DFUZZ_ENGINE=none -DPF_SANITIZE=OFF -DPF_LINUX_SOURCE=/nonexistent)
# A malformed entry is refused at configure time, naming it.
if cmake -S "$repo" -B "$work/bad" "${common[@]}" -DPAGEFUZZ_PORTS="no-equals-sign.c" >"$work/badlog" 2>&1; then
  fail "PAGEFUZZ_PORTS=no-equals-sign.c configured"
fi
grep -q "PAGEFUZZ_PORTS: 'no-equals-sign.c' is not name=file.c" "$work/badlog" ||
  { cat "$work/badlog"; fail "no message naming the malformed entry"; }

cmake -S "$repo" -B "$work/b" "${common[@]}" \
  -DPAGEFUZZ_PORTS="cli-a=$work/a.c;cli-b=$work/b.c" >"$work/log" 2>&1 || fail "configure"
cmake --build "$work/b" -j2 --target fuzz_cli-a replay_cli-a fuzz_cli-b replay_cli-b \
  >>"$work/log" 2>&1 || fail "building the two ports named in PAGEFUZZ_PORTS"
for p in cli-a cli-b; do
  for bin in fuzz replay; do
    [ -x "$work/b/fuzz/${bin}_$p" ] || fail "no $bin binary for $p"
  done
  "$work/b/fuzz/replay_$p" --list-ports >"$work/ports" 2>&1
  [ "$(grep -c . "$work/ports")" = 1 ] && grep -q "^ *$p\b" "$work/ports" ||
    { cat "$work/ports"; fail "replay_$p should hold port $p alone"; }
done
seed=$repo/tests/ports/end-count.trace
"$work/b/fuzz/replay_cli-a" "$seed" >"$work/run" 2>&1 || { cat "$work/run"; fail "cli-a on $seed"; }
grep -q ': ok,' "$work/run" || { cat "$work/run"; fail "cli-a ran nothing"; }
printf 'memblock add 0 0x10000\nboot\nalloc 1 -> a\nfree a\n' >"$work/o1.trace"
"$work/b/fuzz/replay_cli-b" "$work/o1.trace" >"$work/run" 2>&1 && { cat "$work/run"; fail "cli-b's planted bug not caught"; }
grep -q '^signature  cli-b:' "$work/run" || { cat "$work/run"; fail "no cli-b signature"; }
"$work/b/fuzz/replay_cli-a" "$work/o1.trace" >"$work/run" 2>&1 || { cat "$work/run"; fail "cli-a on the order-1 trace"; }
echo "PAGEFUZZ_PORTS: cli-a and cli-b built into binaries of their own; cli-a clean, cli-b caught"
