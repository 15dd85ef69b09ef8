#!/usr/bin/env bash
# fuzz.sh - the main job: a fuzzing campaign on the reference allocator.
#
#   scripts/fuzz.sh [--engine libfuzzer|afl] [--time SECONDS] [--jobs N]
#                   [--port NAME] [--out DIR]
#
# Defaults: libFuzzer, 300 s, every core, port "ref", output in out/.
# Installs what is missing, builds the engine's preset (ASan + UBSan on),
# converts the seed .trace files, and fuzzes from out/<engine>/corpus (kept
# between campaigns) plus the seeds.  Progress (execs, exec/s, coverage,
# crashes) is printed as it goes; the summary at the end is repro/triage:
# one line per distinct failure with its count and smallest crash file.  Crashes land in out/<engine>/crashes/; replay one
# with build/libfuzzer/repro/replay --verbose FILE.
set -euo pipefail
cd "$(dirname "$0")/.."

engine=libfuzzer secs=300 jobs=$(nproc) port=ref out=out
while [ $# -gt 0 ]; do
  case $1 in
    --engine) engine=$2; shift 2 ;;
    --time) secs=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case $engine in libfuzzer|afl) ;; *) echo "fuzz.sh: engine must be libfuzzer or afl" >&2; exit 2 ;; esac
case $secs in ''|*[!0-9]*) echo "fuzz.sh: --time takes seconds" >&2; exit 2 ;; esac
case $jobs in ''|*[!0-9]*|0) echo "fuzz.sh: --jobs takes a positive number" >&2; exit 2 ;; esac

scripts/install-deps.sh
cmake --preset libfuzzer >/dev/null          # the replayer and seeds come from here
cmake --build --preset libfuzzer -j"$(nproc)" --target fuzz_ref fuzz_buddytree replay \
  replay_ref replay_buddytree triage corpus >/dev/null
# One fuzz target per in-tree port family: fuzz_ref (ref, bug-*), fuzz_buddytree.
bin=""
for t in ref buddytree; do
  build/libfuzzer/fuzz/replay_$t --list-ports | grep -qx -- "$port" && bin=fuzz_$t
done
if [ -z "$bin" ]; then
  echo "fuzz.sh: no port '$port'; ports:" >&2
  build/libfuzzer/repro/replay --list-ports >&2
  exit 2
fi
seeds=$PWD/build/libfuzzer/corpus/ref
replay=$PWD/build/libfuzzer/repro/replay
triage=$PWD/build/libfuzzer/repro/triage
dict=$PWD/corpus/ref.dict
mkdir -p "$out/$engine/corpus" "$out/$engine/crashes"
out=$(cd "$out" && pwd)
export PAGEFUZZ_PORT=$port

afl_progress() {   # afl_progress SYNC_DIR: one line summed over the instances
  cat "$1"/*/fuzzer_stats 2>/dev/null | awk -F' *: *' '
    $1 == "execs_done" { e += $2 } $1 == "run_time" { if ($2 + 0 > t) t = $2 + 0 }
    $1 == "saved_crashes" { c += $2 } $1 == "corpus_count" { q += $2 }
    $1 == "bitmap_cvg" { if ($2 + 0 > cov) cov = $2 + 0 }
    END { printf "execs %d  exec/s %.0f  coverage %.2f%%  corpus %d  crashes %d  (stats as of %d s)\n",
                 e, t ? e / t : 0, cov, q, c, t }'
}

summarize() {   # summarize CRASH_DIR: the crashes grouped by signature (repro/triage)
  local rc=0
  echo "== crashes in $1 (port $port), by signature"
  "$triage" --port "$port" "$1" || rc=$?
  [ $rc -le 1 ] || echo "  (triage failed: exit $rc)"
}

if [ "$engine" = libfuzzer ]; then
  fuzzer=$PWD/build/libfuzzer/fuzz/$bin
  dictarg=(); [ -f "$dict" ] && dictarg=(-dict="$dict")
  echo "== libFuzzer, $jobs job(s), $secs s, port $port"
  ( cd "$out/$engine" &&
    "$fuzzer" -fork="$jobs" -ignore_crashes=1 -max_total_time="$secs" -timeout=25 \
      -entropic_scale_per_exec_time=1 \
      -rss_limit_mb=4096 -print_final_stats=1 "${dictarg[@]}" \
      -artifact_prefix="$out/$engine/crashes/" "$out/$engine/corpus" "$seeds" 2>&1 |
    grep --line-buffered -E '^#[0-9]+|DONE|crash|stat::|INFO: fuzzed for' ) || true
  summarize "$out/$engine/crashes"
  echo "corpus: $(ls "$out/$engine/corpus" | wc -l) files in $out/$engine/corpus"
else
  cmake --preset afl-cmplog >/dev/null
  cmake --build --preset afl-cmplog -j"$(nproc)" --target "$bin" >/dev/null
  target=$PWD/build/afl-cmplog/fuzz/$bin
  sync=$out/$engine/sync
  input=$seeds
  [ -n "$(ls "$out/$engine/corpus")" ] && input=$out/$engine/corpus
  dictarg=(); [ -f "$dict" ] && dictarg=(-x "$dict")
  export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
  echo "== AFL++, $jobs instance(s), $secs s, port $port"
  # Instance i runs on core i mod nproc, its target with it: unpinned, the
  # fuzzer and target wake each other across cores at a cost larger than a
  # small run (scripts/bench-fuzz.sh).  AFL++'s own binding would refuse
  # to start when every core is busy.
  ncpu=$(nproc)
  pids=()
  taskset -c 0 afl-fuzz -M main -V "$secs" -c 0 "${dictarg[@]}" -i "$input" -o "$sync" -- "$target" \
    >"$out/$engine/main.log" 2>&1 & pids+=($!)
  for i in $(seq 2 "$jobs"); do
    taskset -c $(( (i - 1) % ncpu )) afl-fuzz -S "s$i" -V "$secs" -p explore -i "$input" -o "$sync" -- "$target" \
      >"$out/$engine/s$i.log" 2>&1 & pids+=($!)
  done
  while kill -0 "${pids[0]}" 2>/dev/null; do
    sleep 10
    afl_progress "$sync"
  done
  wait || true
  echo "== final"; afl_progress "$sync"
  for d in "$sync"/*/crashes; do
    for f in "$d"/id:*; do [ -f "$f" ] && cp "$f" "$out/$engine/crashes/$(basename "$(dirname "$d")")-$(basename "$f" | tr ':,' '__')"; done
  done
  for d in "$sync"/*/queue; do cp -n "$d"/id:* "$out/$engine/corpus/" 2>/dev/null || true; done
  summarize "$out/$engine/crashes"
fi
