#!/bin/bash -eu
# build.sh - OSS-Fuzz / ClusterFuzzLite build of pagefuzz's fuzz targets.
#
# Runs inside OSS-Fuzz's base-builder image (or anywhere with the same
# environment): $CC $CXX $CFLAGS $CXXFLAGS carry the sanitizer and coverage
# flags, $LIB_FUZZING_ENGINE links the engine (-fsanitize=fuzzer for
# libFuzzer, libAFLDriver.a for AFL++), the sources are in $SRC/pagefuzz,
# intermediates go to $WORK, and for every target of fuzz_targets.txt
# (CMake target `fuzz_targets`: fuzz_ref, fuzz_buddytree, fuzz_template, and
# fuzz_memblock_diff when the build finds the Linux source, which OSS-Fuzz's
# image does not hold) it writes to $OUT:
#   <target>                    the fuzz target (linked with $CXX)
#   <target>_seed_corpus.zip    its seeds (corpus/ref, or corpus/memblock for
#                               the memblock differential), in the binary format
#   <target>.dict               corpus/ref.dict
#   <target>.options            the main job's libFuzzer settings (scripts/fuzz.sh)
# Engines: libfuzzer, afl (and none: a replayer of files); sanitizers:
# address, undefined, coverage (memory is not supported: the seeds are
# converted by a tool built in the same tree).
proj=${PAGEFUZZ_SRC:-$SRC/pagefuzz}
build=$WORK/pagefuzz-${FUZZING_ENGINE:-libfuzzer}-${SANITIZER:-address}

# The seed converter runs at build time: keep the build's sanitizer
# runtime quiet about leaks in it and let it run under AFL++'s compiler.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
cmake -S "$proj" -B "$build" -DFUZZ_ENGINE=ossfuzz -DCMAKE_BUILD_TYPE=None \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_targets corpus corpus_memblock

# fuzz_targets.txt: one "<target> <seed folder under corpus/>" per line
while read -r t seeds; do
  [ -n "$t" ] || continue
  cp "$build/fuzz/$t" "$OUT/$t"
  rm -f "$OUT/${t}_seed_corpus.zip"
  (cd "$build/corpus/$seeds" && zip -q -j "$OUT/${t}_seed_corpus.zip" ./*.bin)
  cp "$proj/corpus/ref.dict" "$OUT/$t.dict"
  # The main job's settings: entropic scheduling that prefers fast inputs
  # (about 2.7x the executions per second on this target), the dictionary,
  # its time and memory limits.
  cat >"$OUT/$t.options" <<OPTIONS
[libfuzzer]
dict = $t.dict
entropic_scale_per_exec_time = 1
timeout = 25
rss_limit_mb = 4096
OPTIONS
done <"$build/fuzz_targets.txt"
