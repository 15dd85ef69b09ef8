#!/usr/bin/env bash
# out_of_tree.sh BUILD_DIR CC - the adapter template builds out of tree:
# install pagefuzz from BUILD_DIR into a scratch prefix, configure a tiny
# project of its own that does find_package(pagefuzz) and
# pagefuzz_add_port(template ...), build it, and run both binaries it
# made (the replayer on a seed, the engine-less fuzz target on stdin).
set -u
build=$1 cc=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; tail -30 "$work/log" 2>/dev/null; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >"$work/log" 2>&1 || fail "cmake --install"
mkdir -p "$work/mine"
cp "$repo/fuzz/port/template/adapter_template.c" "$work/mine/"
cat >"$work/mine/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(mine C)
find_package(pagefuzz REQUIRED)
pagefuzz_add_port(template SOURCES adapter_template.c)
CM
cmake -S "$work/mine" -B "$work/mine/build" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_PREFIX_PATH="$work/prefix" -DPAGEFUZZ_SANITIZE=OFF >>"$work/log" 2>&1 ||
  fail "configuring a project with find_package(pagefuzz)"
# From a checkout, without installing: -Dpagefuzz_DIR=<pagefuzz>/fuzz/cmake.
cmake -S "$work/mine" -B "$work/mine/build-checkout" -DCMAKE_C_COMPILER="$cc" \
  -Dpagefuzz_DIR="$repo/fuzz/cmake" -DPAGEFUZZ_SANITIZE=OFF >>"$work/log" 2>&1 ||
  fail "configuring with pagefuzz_DIR=$repo/fuzz/cmake"
grep -q "^PAGEFUZZ_ROOT:.*=$repo\$" "$work/mine/build-checkout/CMakeCache.txt" 2>/dev/null ||
  grep -q "$repo/fuzz/cmake" "$work/mine/build-checkout/CMakeCache.txt" ||
  fail "pagefuzz_DIR from the checkout not used"
cmake --build "$work/mine/build" -j2 >>"$work/log" 2>&1 || fail "building the template out of tree"
seed=$repo/corpus/ref/$(ls "$repo/corpus/ref" | grep '[.]trace$' | head -1)
"$work/mine/build/replay_template" --verbose "$seed" >"$work/run" 2>&1 ||
  { cat "$work/run"; fail "replay_template on $seed"; }
grep -q ': ok,' "$work/run" || { cat "$work/run"; fail "replay_template ran nothing"; }
"$work/mine/build/fuzz_template" </dev/null >"$work/run2" 2>&1 || fail "fuzz_template (stdin form)"
echo "out of tree: find_package(pagefuzz) + pagefuzz_add_port(template) built and ran"
tail -1 "$work/run"
