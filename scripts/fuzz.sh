#!/usr/bin/env bash
# fuzz.sh - the main job: a fuzzing campaign on the reference allocator (or
# any port), then a merge of the corpus and a summary of every crash by
# signature.  Run scripts/fuzz.sh --help for the options.
#
# Exit status: 0 the campaign ran and saved no new crash; 1 it saved new
# crash files (or the engine failed); 2 bad usage or an unknown port
# (nothing built, nothing run); 130 / 143 interrupted by SIGINT / SIGTERM
# (the engine is stopped, the corpus merged and the summary printed first).
#
# For the tests of this script only: FUZZ_SH_LIBFUZZER, FUZZ_SH_AFL,
# FUZZ_SH_REPLAY, FUZZ_SH_TRIAGE, FUZZ_SH_MINIMIZE and FUZZ_SH_SEEDS name prebuilt
# binaries / a seed folder;
# what they name is not built.
set -euo pipefail
# One block, read whole before any of it runs: a campaign started from a
# checkout goes on as it started when the checkout changes under it (a
# pull or a rebase while it fuzzes), instead of bash reading the new file
# at the old offset when the engine stops.
{
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"

usage() {
  cat <<'EOF'
usage: scripts/fuzz.sh [options]

A fuzzing campaign: builds the engine's preset (ASan + UBSan), fuzzes from
out/<engine>/corpus plus the seeds of corpus/ref, merges the new corpus
entries back (libFuzzer -merge=1, afl-cmin), and prints the crashes grouped
by signature with totals.

  --engine libfuzzer|afl  engine (default libfuzzer)
  --time SECONDS          campaign length (default 300); 0 = no limit: run
                          until Ctrl-C or SIGTERM, then merge and summarize
  --jobs N                libFuzzer fork jobs / AFL++ instances (default: cores)
  --port NAME             the allocator port to fuzz (default ref)
  --out DIR               output folder (default out)
  --list-ports            print the port names and exit
  --build-only            build what the campaign needs, then stop
  -h, --help              this text

Crash files land in DIR/<engine>/crashes/ named <port>--<name>; the
replayer reads the port from that prefix.  Exit status: 0 no new crash,
1 new crash files (or the engine failed), 2 bad usage or unknown port,
130/143 interrupted (after the summary).
EOF
}

die_usage() { echo "fuzz.sh: $*" >&2; echo "(scripts/fuzz.sh --help for the options)" >&2; exit 2; }

# The ports, read from the sources (before anything is built): the names
# of the `struct port_ops` definitions under fuzz/port/.  (A port that needs
# something absent here, like linux-memblock without the kernel source, is
# listed but not built: its fuzz target then says so.)
list_ports() {
  grep -rl 'const struct port_ops' "$src"/fuzz/port --include='*.c' |
    xargs grep -hoE '(\.name *= *|BUG_PORT[A-Z_]*\()"[A-Za-z0-9_.-]+"' |
    sed -E 's/.*"([^"]+)"/\1/' | sort -u
}

engine=libfuzzer secs=300 jobs=$(nproc) port=ref out=out build_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --engine|--time|--jobs|--port|--out)
      [ $# -ge 2 ] && [ -n "$2" ] && [ "${2#--}" = "$2" ] || die_usage "$1 needs a value"
      case $1 in
        --engine) engine=$2 ;; --time) secs=$2 ;; --jobs) jobs=$2 ;;
        --port) port=$2 ;; --out) out=$2 ;;
      esac
      shift 2 ;;
    --list-ports) list_ports; exit 0 ;;
    --build-only) build_only=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown option '$1'" ;;
  esac
done
case $engine in libfuzzer|afl) ;; *) die_usage "--engine must be libfuzzer or afl, not '$engine'" ;; esac
case $secs in ''|*[!0-9]*) die_usage "--time takes whole seconds (0 = no limit), not '$secs'" ;; esac
case $jobs in ''|*[!0-9]*|0) die_usage "--jobs takes a positive number, not '$jobs'" ;; esac
if ! list_ports | grep -qxF -- "$port"; then
  { echo "fuzz.sh: no port named '$port'; the ports are:"; list_ports | sed 's/^/  /'; } >&2
  exit 2
fi

# ---- build, one line of progress per preset ----

# build PRESET TARGET...: configure and build, progress on one line; the
# compiler's output goes to build/PRESET.log, shown only on failure.
build() {
  local preset=$1 log=$src/build/$1.log t0=$SECONDS lock; shift
  mkdir -p "$src/build"
  # Two campaigns started together (one per engine) share build/PRESET:
  # the second waits for the first's build instead of racing it (its
  # make deleted libraries the other was linking).  The lock goes with
  # this function's file descriptor, or with the process on exit.
  exec {lock}>"$src/build/$preset.lock"
  flock "$lock"
  printf '== building %s (%s) ' "$preset" "$*"
  if ! cmake --preset "$preset" >"$log" 2>&1 ||
     ! cmake --build --preset "$preset" -j"$(nproc)" --target "$@" 2>&1 | tee -a "$log" |
       awk -v tty="$([ -t 1 ] && echo 1 || echo 0)" '
         match($0, /^\[ *[0-9]+%\]/) {
           p = substr($0, RSTART + 1, RLENGTH - 2) + 0
           if (tty) { printf "\r== building %s: %3d%% ", preset, p; fflush() }
           else if (p >= last + 25) { printf "%d%% ", p; fflush(); last = p }
         }' preset="$preset"; then
    echo; echo "fuzz.sh: the build of preset $preset failed; the end of $log:" >&2
    tail -25 "$log" >&2
    exit 1
  fi
  echo "done ($((SECONDS - t0)) s)"
  exec {lock}>&-
}

scripts/install-deps.sh
replay=${FUZZ_SH_REPLAY:-$src/build/libfuzzer/repro/replay}
triage=${FUZZ_SH_TRIAGE:-$src/build/libfuzzer/repro/triage}
# The minimizer the summary names is built with the replayer: a stale one
# beside a fresh replay judges by an older judge and disagrees with it.
minimize=${FUZZ_SH_MINIMIZE:-$src/build/libfuzzer/repro/minimize}
seeds=${FUZZ_SH_SEEDS:-$src/build/libfuzzer/corpus/ref}
lf_target=${FUZZ_SH_LIBFUZZER:-$src/build/libfuzzer/fuzz/fuzz_ref}
afl_target=${FUZZ_SH_AFL:-$src/build/afl-cmplog/fuzz/fuzz_ref}
# One fuzz target per in-tree port family (fuzz/CMakeLists.txt,
# pagefuzz_add_port): fuzz_ref holds ref, ref-nomb, the bug-* ports and
# linux-memblock, fuzz_buddytree the buddytree ports; replay_<family>
# --list-ports tells which family holds the port.
families=(ref buddytree)
need=()
[ -n "${FUZZ_SH_REPLAY:-}" ] || need+=(replay)
[ -n "${FUZZ_SH_TRIAGE:-}" ] || need+=(triage)
[ -n "${FUZZ_SH_MINIMIZE:-}" ] || need+=(minimize)
[ -n "${FUZZ_SH_SEEDS:-}" ] || need+=(corpus)
if [ -z "${FUZZ_SH_LIBFUZZER:-}" ] || { [ "$engine" = afl ] && [ -z "${FUZZ_SH_AFL:-}" ]; }; then
  for t in "${families[@]}"; do need+=(replay_$t); [ "$engine" = libfuzzer ] && need+=(fuzz_$t); done
fi
[ ${#need[@]} -eq 0 ] || build libfuzzer "${need[@]}"
[ "$build_only" = 1 ] && [ "$engine" = libfuzzer ] && exit 0
bin=fuzz_ref
if [ -z "${FUZZ_SH_LIBFUZZER:-}" ] || { [ "$engine" = afl ] && [ -z "${FUZZ_SH_AFL:-}" ]; }; then
  bin=''
  for t in "${families[@]}"; do
    "$src/build/libfuzzer/fuzz/replay_$t" --list-ports | grep -qxF -- "$port" && bin=fuzz_$t
  done
  if [ -z "$bin" ]; then
    echo "fuzz.sh: port '$port' is in the sources but not in this build (see fuzz/CMakeLists.txt)" >&2
    exit 2
  fi
  lf_target=${FUZZ_SH_LIBFUZZER:-$src/build/libfuzzer/fuzz/$bin}
  afl_target=${FUZZ_SH_AFL:-$src/build/afl-cmplog/fuzz/$bin}
fi
[ "$engine" = afl ] && [ -z "${FUZZ_SH_AFL:-}" ] && build afl-cmplog "$bin"
[ "$build_only" = 1 ] && exit 0

dict=$src/corpus/ref.dict
mkdir -p "$out/$engine/corpus" "$out/$engine/crashes"
out=$(cd "$out" && pwd)
work=$out/$engine
corpus=$work/corpus crashes=$work/crashes
export PAGEFUZZ_PORT=$port

count() { find "$1" -maxdepth 1 -type f | wc -l; }

# ---- signals: stop the engine, then merge and summarize as at a normal end ----
stop='' stop_at=0
engine_pids=()
stop_engine() {
  local p
  for p in "${engine_pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true; done
}
on_signal() {
  # The same signal may come twice at once (timeout(1) or a service manager
  # signals the process and then its whole group): a repeat within 3 s is
  # that and is ignored, a later one means "leave now".  (No `return` in
  # here: bash then ends a `wait` the trap interrupted as if untrapped.)
  if [ -z "$stop" ]; then
    stop=$1 stop_at=$SECONDS
    echo; echo "== $1: stopping the engine, then merging and summarizing"
    stop_engine
  elif [ $((SECONDS - stop_at)) -ge 3 ]; then
    echo "fuzz.sh: second $1, leaving now" >&2
    stop_engine
    if [ "$1" = INT ]; then exit 130; else exit 143; fi
  fi
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM

# wait_all PID...: wait until every process has ended, through signals,
# and the rest of its process group too (libFuzzer's fork jobs): 10 s after
# a stop, what is left gets SIGKILL.
wait_all() {
  local p i
  for p in "$@"; do
    while kill -0 "$p" 2>/dev/null; do wait "$p" 2>/dev/null || true; done
    for i in $(seq 20); do
      kill -0 -- "-$p" 2>/dev/null || break
      if [ -n "$stop" ] && [ "$i" -eq 20 ]; then kill -KILL -- "-$p" 2>/dev/null || true; fi
      sleep 0.5 || true
    done
  done
}

# hash_copy FROM_DIR TO_DIR PREFIX: copy every file whose content TO_DIR
# does not hold yet, named PREFIX<sha1> (libFuzzer names its corpus files
# by sha1 too, so one content is one file).  Prints the number copied.
hash_copy() {
  local f h n=0
  for f in "$1"/id:*; do  # AFL++ names findings id:...; its README.txt is none
    [ -f "$f" ] || continue
    h=$(sha1sum <"$f" | cut -c1-40)
    [ -e "$2/$3$h" ] || [ -e "$2/$h" ] || { cp "$f" "$2/$3$h"; n=$((n + 1)); }
  done
  echo "$n"
}

crash_list_before=$(mktemp)
ls "$crashes" >"$crash_list_before"
corpus_before=$(count "$corpus")
start=$(date +%s)
t_execs=0 t_rate=0 t_cov='?' t_time=0 engine_failed=0

if [ "$engine" = libfuzzer ]; then
  # ---------------- libFuzzer ----------------
  tmp=$work/tmp          # fork mode's libFuzzerTemp.* folders; removed at the end
  rm -rf "$tmp"; mkdir -p "$tmp"
  log=$work/fuzz.log
  args=(-fork="$jobs" -ignore_crashes=1 -timeout=25 -rss_limit_mb=4096
        -entropic_scale_per_exec_time=1 -print_final_stats=1
        -artifact_prefix="$crashes/$port--")
  [ "$secs" -gt 0 ] && args+=(-max_total_time="$secs")
  [ -f "$dict" ] && args+=(-dict="$dict")
  echo "== libFuzzer, $jobs job(s), $([ "$secs" -gt 0 ] && echo "$secs s" || echo "no time limit (Ctrl-C ends)"), port $port"
  echo "   corpus $corpus ($corpus_before files) + seeds; log $log"
  ( cd "$work" && TMPDIR=$tmp exec setsid "$lf_target" "${args[@]}" "$corpus" "$seeds" ) >"$log" 2>&1 &
  engine_pids=($!)
  # progress: libFuzzer's own status lines, as they come
  tail -n +1 -F --pid="${engine_pids[0]}" "$log" 2>/dev/null |
    grep --line-buffered -E '^#[0-9]+: cov|^INFO: fuzzed for|^INFO: exiting' || true &
  tailer=$!
  wait_all "${engine_pids[0]}"
  wait "$tailer" 2>/dev/null || true
  if grep -qE 'PAGEFUZZ_PORT=.*no such port|ERROR: libFuzzer|no interesting inputs' "$log" &&
     ! grep -qE '^#[0-9]+: cov' "$log"; then
    echo "fuzz.sh: libFuzzer did not fuzz; the end of $log:" >&2; tail -15 "$log" >&2
    engine_failed=1
  fi
  last=$(grep -E '^#[0-9]+: cov' "$log" | tail -1 || true)
  if [ -n "$last" ]; then
    t_execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
    t_time=$(sed -nE 's/.* time: ([0-9]+)s.*/\1/p' <<<"$last")
    t_cov="$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last") edges"
  fi
  # Merge back: keep the subset of corpus that has all of its coverage.
  echo "== merging the corpus (libFuzzer -merge=1)"
  rm -rf "$work/corpus.merged"; mkdir -p "$work/corpus.merged"
  if ( cd "$work" && TMPDIR=$tmp "$lf_target" -merge=1 -timeout=25 -rss_limit_mb=4096 \
         -merge_control_file="$tmp/merge.ctl" "$work/corpus.merged" "$corpus" ) >"$work/merge.log" 2>&1 &&
     [ "$(count "$work/corpus.merged")" -gt 0 ]; then
    rm -rf "$corpus"; mv "$work/corpus.merged" "$corpus"
  else
    echo "fuzz.sh: merge failed (corpus kept as it is); see $work/merge.log" >&2
    rm -rf "$work/corpus.merged"
  fi
  rm -rf "$tmp"
else
  # ---------------- AFL++ ----------------
  sync=$work/sync
  if [ -d "$sync" ]; then
    # An earlier campaign's output (interrupted before its merge): keep its
    # finds, then start a fresh output folder, never afl-fuzz's stale stats.
    for q in "$sync"/*/queue; do [ -d "$q" ] && hash_copy "$q" "$corpus" afl- >/dev/null; done
    for d in "$sync"/*/crashes; do [ -d "$d" ] && hash_copy "$d" "$crashes" "$port--afl-" >/dev/null; done
    rm -rf "$sync"
  fi
  input=$seeds
  [ "$corpus_before" -gt 0 ] && input=$corpus
  dictarg=(); [ -f "$dict" ] && dictarg=(-x "$dict")
  vtime=(); [ "$secs" -gt 0 ] && vtime=(-V "$secs")
  export AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
  echo "== AFL++, $jobs instance(s), $([ "$secs" -gt 0 ] && echo "$secs s" || echo "no time limit (Ctrl-C ends)"), port $port"
  echo "   input $input; output $sync; logs $work/*.log"
  # Instance i runs on core i mod nproc, its target with it: unpinned, the
  # fuzzer and target wake each other across cores at a cost larger than a
  # small run (scripts/bench-fuzz.sh).  AFL++'s own binding would refuse
  # to start when every core is busy.
  ncpu=$(nproc)
  setsid taskset -c 0 afl-fuzz -M main "${vtime[@]}" -c 0 "${dictarg[@]}" -i "$input" -o "$sync" \
    -- "$afl_target" >"$work/main.log" 2>&1 &
  engine_pids=($!)
  for i in $(seq 2 "$jobs"); do
    setsid taskset -c $(( (i - 1) % ncpu )) afl-fuzz -S "s$i" "${vtime[@]}" -p explore -i "$input" \
      -o "$sync" -- "$afl_target" >"$work/s$i.log" 2>&1 &
    engine_pids+=($!)
  done
  # Progress every 5 s.  The corpus and crash counts are read live from the
  # instances' folders; execs, exec/s and coverage come from fuzzer_stats,
  # which AFL++ rewrites only once a minute (and at the end): the line says
  # how old they are.
  afl_stats() {   # one line summed over this campaign's instances
    cat "$sync"/*/fuzzer_stats 2>/dev/null | awk -F' *: *' -v start="$start" '
      $1 == "start_time" { fresh = ($2 + 0 >= start - 5) }
      $1 == "execs_done" && fresh { e += $2 } $1 == "last_update" && fresh { if ($2 > u) u = $2 }
      $1 == "run_time" && fresh { if ($2 + 0 > t) t = $2 + 0 }
      $1 == "bitmap_cvg" && fresh { if ($2 + 0 > cov) cov = $2 + 0 }
      $1 == "edges_found" && fresh { if ($2 + 0 > ed) ed = $2 + 0 }
      END { printf "%d %d %.2f %d %d\n", e, t, cov, ed, u }'
  }
  q_count() { find "$sync"/*/queue -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l; }
  c_count() { find "$sync"/*/crashes -maxdepth 1 -type f -name 'id:*' 2>/dev/null | wc -l; }
  while kill -0 "${engine_pids[0]}" 2>/dev/null; do
    # (a signal kills the sleep too: its status must not end the script)
    for _ in 1 2 3 4 5; do kill -0 "${engine_pids[0]}" 2>/dev/null && { sleep 1 || true; }; done
    [ -n "$stop" ] && break
    read -r e t cov ed u < <(afl_stats)
    now=$(date +%s)
    if [ "$u" -gt 0 ] && [ "$t" -gt 0 ]; then
      st="execs $e  exec/s $((e / t))  coverage ${cov}% ($ed edges)  (AFL++ stats $((now - u)) s old)"
    else
      st="execs, exec/s, coverage: AFL++ rewrites its stats once a minute (first figures at ~60 s)"
    fi
    printf '%4d s  queue %d  crashes %d  %s\n' $((now - start)) "$(q_count)" "$(c_count)" "$st"
  done
  wait_all "${engine_pids[@]}"
  if ! grep -q 'All set and ready to roll' "$work/main.log"; then
    echo "fuzz.sh: afl-fuzz did not start; the end of $work/main.log:" >&2
    tail -15 "$work/main.log" | sed 's/\x1b\[[0-9;]*m//g' >&2
    engine_failed=1
  fi
  read -r e t cov ed u < <(afl_stats)
  t_execs=$e t_time=$t t_cov="${cov}% of the map ($ed edges)"
  [ "$t" -gt 0 ] && t_rate=$((e / t))
  # Crashes and the queue come back by content: one content, one file.
  for d in "$sync"/*/crashes; do [ -d "$d" ] && hash_copy "$d" "$crashes" "$port--afl-" >/dev/null; done
  added=0
  for q in "$sync"/*/queue; do [ -d "$q" ] && added=$((added + $(hash_copy "$q" "$corpus" afl-))); done
  echo "== merging the corpus ($added new entries; afl-cmin)"
  rm -rf "$work/corpus.cmin"
  if AFL_ALLOW_TMP=1 AFL_PATH=${AFL_PATH:-} afl-cmin -i "$corpus" -o "$work/corpus.cmin" -- "$afl_target" \
       >"$work/cmin.log" 2>&1 && [ "$(count "$work/corpus.cmin")" -gt 0 ]; then
    rm -rf "$corpus"; mv "$work/corpus.cmin" "$corpus"
  else
    echo "fuzz.sh: afl-cmin failed (corpus kept, deduplicated by content); see $work/cmin.log" >&2
    rm -rf "$work/corpus.cmin"
  fi
  rm -rf "$sync"
fi
[ "$t_rate" = 0 ] && [ "${t_time:-0}" -gt 0 ] && t_rate=$((t_execs / t_time))

# ---- summary: crashes grouped by signature (repro/triage) ----
summarize() {
  local f n=0 new=0 other=0 dir
  dir=$(mktemp -d)
  for f in "$crashes"/*; do
    [ -f "$f" ] || continue
    case $(basename "$f") in
      "$port--"*) ;;
      *) other=$((other + 1)); continue ;;
    esac
    n=$((n + 1))
    grep -qxF "$(basename "$f")" "$crash_list_before" || new=$((new + 1))
    ln -s "$f" "$dir/"
  done
  echo "== crashes of port $port in $crashes: $n file(s), $new new in this campaign"
  if [ "$n" -gt 0 ]; then
    # triage exits 1 when a file fails: that is the point here, not an error
    "$triage" --port "$port" "$dir" 2>"$work/triage.log" | sed -e "s|$dir/|$crashes/|" -e '/^triage /d' || true
    echo "  replay one: $replay --verbose FILE   (print it: --print)"
    echo "  minimize one: $minimize --port $port FILE -o OUT"
  fi
  [ "$other" -eq 0 ] || echo "  ($other crash file(s) of other ports in that folder not shown)"
  rm -rf "$dir"
  new_crashes=$new
}
new_crashes=0
summarize
echo "== totals: $t_execs execs in ${t_time:-0} s, $t_rate exec/s, coverage $t_cov," \
     "corpus $corpus_before -> $(count "$corpus") files ($corpus)"
rm -f "$crash_list_before"
case $stop in INT) exit 130 ;; TERM) exit 143 ;; esac
[ "$engine_failed" = 1 ] && exit 1
[ "$new_crashes" -gt 0 ] && exit 1
exit 0
}
