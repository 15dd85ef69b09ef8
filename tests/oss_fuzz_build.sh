#!/usr/bin/env bash
# oss_fuzz_build.sh ENGINE/SANITIZER... - run scripts/oss-fuzz/build.sh as
# OSS-Fuzz's base-builder would (its environment variables, no Docker), then
# run every produced target on its unzipped seed corpus, as OSS-Fuzz's
# build checks do.  Configurations: libfuzzer/address, libfuzzer/undefined,
# libfuzzer/coverage, afl/address.  BUILD_SH=.clusterfuzzlite/build.sh runs
# ClusterFuzzLite's build script instead (relative to the source tree).
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fails=0
fail() { echo "FAIL [$cfg]: $*"; fails=$((fails + 1)); }

# base-clang's CFLAGS, and base-builder's per-sanitizer flags (OSS-Fuzz values)
BASE="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
UBSAN_LIST=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr
UBSAN_NORECOVER=array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr

for cfg in "$@"; do
  engine=${cfg%/*} san=${cfg#*/}
  case $san in
    address) sflags="-fsanitize=address -fsanitize-address-use-after-scope" ;;
    undefined) sflags="-fsanitize=$UBSAN_LIST -fno-sanitize-recover=$UBSAN_NORECOVER" ;;
    coverage) sflags="-fprofile-instr-generate -fcoverage-mapping -pthread -Wl,--no-as-needed -Wl,-ldl -Wl,-lm -Wno-unused-command-line-argument" ;;
    *) echo "unknown sanitizer $san"; exit 2 ;;
  esac
  case $engine in
    libfuzzer) cc=clang-14 cxx=clang++-14 lfe=-fsanitize=fuzzer cov=-fsanitize=fuzzer-no-link ;;
    afl) cc=afl-clang-fast cxx=afl-clang-fast++ lfe=/usr/lib/afl/libAFLDriver.a cov= ;;
    *) echo "unknown engine $engine"; exit 2 ;;
  esac
  out=$scratch/$engine-$san/out work=$scratch/$engine-$san/work srcdir=$scratch/$engine-$san/src
  mkdir -p "$out" "$work" "$srcdir"
  ln -s "$src" "$srcdir/pagefuzz"
  t0=$SECONDS
  if ! env CC=$cc CXX=$cxx CFLAGS="$BASE $sflags $cov" CXXFLAGS="$BASE $sflags $cov" \
       LIB_FUZZING_ENGINE=$lfe OUT=$out SRC=$srcdir WORK=$work SANITIZER=$san FUZZING_ENGINE=$engine \
       AFL_QUIET=1 bash -eu "$src/${BUILD_SH:-scripts/oss-fuzz/build.sh}" >"$work/build.log" 2>&1; then
    tail -20 "$work/build.log"; fail "build.sh failed"; continue
  fi
  echo "[$cfg] build.sh: $((SECONDS - t0)) s"
  targets=$(cd "$out" && find . -maxdepth 1 -type f -perm -u+x ! -name '*.*' | sed 's|^\./||')
  [ -n "$targets" ] || fail "no fuzz target in \$OUT"
  # every target the project ships (fuzz_targets.txt adds the memblock
  # differential when the build found the Linux source)
  for t in fuzz_ref fuzz_buddytree fuzz_template $(awk '{ print $1 }' "$work"/pagefuzz-*/fuzz_targets.txt); do
    [ -x "$out/$t" ] || fail "no $t in \$OUT"
  done
  for t in $targets; do
    for f in "$t.dict" "$t.options" "${t}_seed_corpus.zip"; do [ -s "$out/$f" ] || fail "$t: no $f"; done
    grep -q '^entropic_scale_per_exec_time = 1$' "$out/$t.options" || fail "$t.options lacks the main job's scheduling"
    grep -q "^dict = $t.dict\$" "$out/$t.options" || fail "$t.options does not name the dictionary"
    seeds=$work/seeds-$t
    mkdir -p "$seeds" && unzip -q -o "$out/${t}_seed_corpus.zip" -d "$seeds"
    n=$(ls "$seeds" | wc -l)
    [ "$n" -gt 10 ] || fail "$t: only $n seeds"
    t1=$SECONDS
    case $engine in
      libfuzzer)
        export UBSAN_OPTIONS=silence_unsigned_overflow=1:halt_on_error=1 LLVM_PROFILE_FILE=$work/%p.profraw
        "$out/$t" -runs=0 -rss_limit_mb=2560 -timeout=25 "$seeds" >"$work/run-$t.log" 2>&1 ||
          { tail -20 "$work/run-$t.log"; fail "$t crashed on its seed corpus"; }
        grep -q "INFO: seed corpus: files: $n" "$work/run-$t.log" || fail "$t did not load its $n seeds"
        "$out/$t" -seed=1337 -runs=4 "$seeds/$(ls "$seeds" | head -1)" >/dev/null 2>&1 ||
          fail "$t: -runs=4 failed"
        if [ "$san" = coverage ]; then
          ls "$work"/*.profraw >/dev/null 2>&1 || fail "$t: no coverage profile written"
        fi
        ;;
      afl)
        "$out/$t" "$seeds"/* >"$work/run-$t.log" 2>&1 ||
          { tail -20 "$work/run-$t.log"; fail "$t crashed on its seed corpus"; }
        AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
          timeout 30 afl-fuzz -V 3 -i "$seeds" -o "$work/afl-$t" -x "$out/$t.dict" -- "$out/$t" \
          >"$work/afl-$t.log" 2>&1
        grep -q 'All set and ready to roll' "$work/afl-$t.log" ||
          { tail -10 "$work/afl-$t.log"; fail "$t: afl-fuzz did not start"; }
        ;;
    esac
    echo "[$cfg] $t: $n seeds ran clean ($((SECONDS - t1)) s)"
  done
done
[ $fails -eq 0 ] || exit 1
echo ok
