#!/usr/bin/env bash
# install-deps.sh - install what pagefuzz needs on a Debian machine, only
# what is missing: cmake, clang/llvm 14 (libFuzzer, ASan, UBSan, llvm-cov,
# lld for afl-clang-lto), gcc, AFL++, and rsvg-convert.  Needs root for apt-get.
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have cmake          || need+=(cmake)
have clang-14       || need+=(clang-14)
have llvm-cov-14    || need+=(llvm-14)
have llvm-symbolizer || need+=(llvm)        # symbolized sanitizer stacks
have ld.lld-14      || need+=(lld-14)
have gcc            || need+=(gcc)
have make           || need+=(make)
have zip            || need+=(zip)            # OSS-Fuzz seed corpora
have unzip          || need+=(unzip)
have afl-fuzz       || need+=(afl++)
have rsvg-convert   || need+=(librsvg2-bin)   # the memory-map SVG render test
[ -e /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] ||
  compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null ||
  need+=(libclang-rt-14-dev)

# Optional: Linux's own memblock (the linux-memblock differential port,
# README "Linux's memblock as a differential port").  Installed when the
# packages exist; a machine without them still builds everything else.
optional=()
[ -e /usr/src/linux-source-6.12.tar.xz ] || optional+=(linux-source-6.12)
dpkg -s liburcu-dev >/dev/null 2>&1        || optional+=(liburcu-dev)
install_optional() {
  [ ${#optional[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || { echo "install-deps: not root, skipping optional ${optional[*]}" >&2; return 0; }
  local try='DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null 2>&1'
  if eval "$try" || { apt-get update -qq >/dev/null 2>&1 && eval "$try"; }; then
    echo "install-deps: installed optional ${optional[*]}"
  else
    echo "install-deps: optional ${optional[*]} not available; the linux-memblock port is skipped" >&2
  fi
}

if [ ${#need[@]} -eq 0 ]; then
  install_optional
  exit 0
fi
echo "install-deps: installing ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: need root to apt-get install ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
install_optional
