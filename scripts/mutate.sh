#!/usr/bin/env bash
# mutate.sh - mutation testing of the fuzz harness: does fuzzing from the
# corpus notice when the allocator is broken on purpose?
#
# Usage: scripts/mutate.sh [options]
#   -l, --list FILE      mutant list (default scripts/mutants/alloc.txt)
#   -t, --time T         seconds of fuzzing per mutant (default 60)
#   -j, --jobs N         mutants run in parallel, each in its own scratch
#                        copy of the tree (default 1)
#   -p, --preset NAME    configure preset (default libfuzzer); it must build
#                        a libFuzzer target and the `corpus` target
#       --build-preset N build preset (default: the configure preset's name)
#       --build-dir DIR  the preset's binary dir, relative to the tree
#                        (default: where `cmake --preset` says it wrote it)
#   -f, --filter RE      only the mutants whose "id file description"
#                        matches the extended regex RE
#       --target NAME    fuzz target to build and run (default fuzz_ref)
#       --port NAME      PAGEFUZZ_PORT for the runs (default: the target's)
#       --corpus DIR     an extra seed directory (repeatable); the built
#                        corpus (PF_CORPUS_DIR of the build) is always used
#       --dict FILE      libFuzzer dictionary (default: corpus/<name>.dict of the
#                        tree when it exists, <name> being the built corpus
#                        directory's name, as scripts/fuzz.sh does)
#       --no-dict        no dictionary
#       --fuzz-arg ARG   one more libFuzzer argument (repeatable)
#       --seed N         libFuzzer -seed=N, for repeatable runs
#       --baseline T     fuzz the unmutated tree for T s first and stop if it
#                        crashes (default 10; 0 skips)
#   -w, --work DIR       scratch directory (default: a new mktemp -d)
#       --keep           keep the scratch trees and builds (logs are kept
#                        always, under WORK/results)
#       --check          only validate the list against the tree, then exit
#       --src DIR        source tree (default: the tree holding this script)
#   -h, --help
#
# The list: one mutant per line, four TAB-separated fields
#   FILE <TAB> MATCH <TAB> REPLACEMENT <TAB> description
# FILE is relative to the tree.  MATCH is a literal substring that must
# occur exactly once in FILE; it is replaced by REPLACEMENT (which may be
# empty: a dropped statement).  In MATCH and REPLACEMENT, \t, \n and \\
# stand for a tab, a newline and one backslash (write a C "\n" as \\n).
# Blank lines and lines starting with # are ignored.  Mutant ids are
# <file stem>.<k>, the k-th mutant of that file in the list.
#
# What happens: the tree (minus build/ and .git/) is copied once into
# WORK/src; each job gets its own copy, configured with the preset and
# built once.  Per mutant: the pristine file is restored, the substitution
# applied, the fuzz target and `corpus` rebuilt incrementally through the
# build preset, and the target run as
#   TARGET -max_total_time=T -timeout=10 -rss_limit_mb=4096 [-dict=DICT]
#          [ARGS] -artifact_prefix=WORK/results/ID/ WORK/results/ID/new CORPUS...
#   (from the tree copy; CORPUS is the build's PF_CORPUS_DIR plus --corpus dirs)
# Results: killed (a pagefuzz report - its `signature` line -, a CHECK
# FAILED line, a sanitizer report or a libFuzzer timeout/oom: the seconds
# are wall-clock seconds to the crash), survived (no crash in T s),
# stillborn (does not build; not counted), error (the run failed in a way
# that says nothing about the mutant; not counted).  A list entry whose
# MATCH is not found exactly once stops everything with exit 2 before any
# build: a stale list must never count as killed.
#
# Output: a table (id, file:line, description, result, seconds, signature)
# and the line
#   mutation score: K killed / N (P%), S survived, B stillborn; killed within 60 s: ...
# Also WORK/results.tsv, and per mutant WORK/results/ID/{build,fuzz}.log
# with the crashing input.  Exit 0 whatever the score (it is a report);
# 1 if the pristine tree does not build or crashes in the baseline run;
# 2 for bad usage or a stale list.
#
# Examples:
#   scripts/mutate.sh -j 2 -t 60                 the whole alloc/ list
#   scripts/mutate.sh -f '^buddy' -t 20 --keep -w /tmp/mut
#   scripts/mutate.sh -f '^(pcp|page_alloc)\.' --corpus my-seeds/
#                                  does a new seed kill these mutants?
#   scripts/mutate.sh -l my-port-mutants.txt --port myport -j 4 -t 120
#                                  your own port: list mutants of its
#                                  files, run them under PAGEFUZZ_PORT
set -u -o pipefail

die_usage() { echo "mutate.sh: $*" >&2; echo "try: mutate.sh --help" >&2; exit 2; }
die() { echo "mutate.sh: $*" >&2; exit 1; }

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$script_dir/.." && pwd)
list=""
secs=60
jobs=1
preset=libfuzzer
build_preset=""
build_dir=""
filter=""
target=fuzz_ref
port=""
extra_corpus=()
seed=""
dict=auto
fuzz_args=()
baseline=10
work=""
keep=0
check_only=0

need_arg() { [ $# -ge 2 ] && [ -n "$2" ] || die_usage "$1 needs an argument"; }
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

while [ $# -gt 0 ]; do
	case $1 in
	-l|--list) need_arg "$@"; list=$2; shift 2 ;;
	-t|--time) need_arg "$@"; secs=$2; shift 2 ;;
	-j|--jobs) need_arg "$@"; jobs=$2; shift 2 ;;
	-p|--preset) need_arg "$@"; preset=$2; shift 2 ;;
	--build-preset) need_arg "$@"; build_preset=$2; shift 2 ;;
	--build-dir) need_arg "$@"; build_dir=$2; shift 2 ;;
	-f|--filter) need_arg "$@"; filter=$2; shift 2 ;;
	--target) need_arg "$@"; target=$2; shift 2 ;;
	--port) need_arg "$@"; port=$2; shift 2 ;;
	--corpus) need_arg "$@"; [ -d "$2" ] || die_usage "--corpus $2: no such directory"
		extra_corpus+=("$(cd "$2" && pwd)"); shift 2 ;;
	--seed) need_arg "$@"; seed=$2; shift 2 ;;
	--dict) need_arg "$@"; [ -f "$2" ] || die_usage "--dict $2: no such file"
		dict=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
	--no-dict) dict=""; shift ;;
	--fuzz-arg) need_arg "$@"; fuzz_args+=("$2"); shift 2 ;;
	--baseline) need_arg "$@"; baseline=$2; shift 2 ;;
	-w|--work) need_arg "$@"; work=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--check) check_only=1; shift ;;
	--src) need_arg "$@"; src=$(cd "$2" 2>/dev/null && pwd) || die_usage "--src $2: no such directory"; shift 2 ;;
	-h|--help) sed -n '2,/^set -u/{/^set -u/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) die_usage "unknown argument '$1'" ;;
	esac
done

[ -n "$list" ] || list=$src/scripts/mutants/alloc.txt
[ -f "$list" ] || die_usage "no mutant list '$list'"
list=$(cd "$(dirname "$list")" && pwd)/$(basename "$list")
is_uint "$secs" && [ "$secs" -gt 0 ] || die_usage "-t wants a positive number of seconds"
is_uint "$jobs" && [ "$jobs" -gt 0 ] || die_usage "-j wants a positive number"
is_uint "$baseline" || die_usage "--baseline wants a number of seconds"
[ -z "$seed" ] || is_uint "$seed" || die_usage "--seed wants a number"
[ -n "$build_preset" ] || build_preset=$preset
if [ -n "$filter" ]; then
	grep -Eq -- "$filter" <<<"" ; [ $? -le 1 ] || die_usage "bad --filter regex '$filter'"
fi
[ -f "$src/CMakePresets.json" ] || die_usage "$src has no CMakePresets.json"
for tool in cmake perl tar timeout; do
	command -v $tool >/dev/null || die "needs $tool"
done

# ---- the list: parse and validate against a tree (perl does the text work) ----

# parse_list TREE: one record per mutant, fields separated by \x1f:
# id, file, line, description, match, replacement (the last two still escaped).
# Every problem is reported; any problem makes perl exit 2.
parse_list() {
	LIST=$1 TREE=$2 perl -e '
		use strict; use warnings;
		my ($list, $tree) = @ENV{qw(LIST TREE)};
		sub unesc { my $s = shift; $s =~ s/\\(.)/$1 eq "t" ? "\t" : $1 eq "n" ? "\n" : $1/ge; $s }
		open(my $fh, "<", $list) or die "$list: $!\n";
		my (%k, $bad);
		while (my $l = <$fh>) {
			my $ln = $.;
			chomp $l; $l =~ s/\r$//;
			next if $l =~ /^\s*(#|$)/;
			my @f = split /\t/, $l, -1;
			if (@f != 4 || $f[0] eq "" || $f[1] eq "" || $f[3] eq "") {
				print STDERR "$list:$ln: want FILE<TAB>MATCH<TAB>REPLACEMENT<TAB>description\n";
				$bad = 1; next;
			}
			my ($file, $m, $r, $desc) = @f;
			my ($um, $ur) = (unesc($m), unesc($r));
			if ($um eq $ur) { print STDERR "$list:$ln: replacement equals the match\n"; $bad = 1; next; }
			my $text;
			if (open(my $s, "<", "$tree/$file")) { local $/; $text = <$s>; }
			if (!defined $text) { print STDERR "$list:$ln: $file: no such file\n"; $bad = 1; next; }
			my ($n, $at, $p) = (0, -1, 0);
			while (($p = index($text, $um, $p)) >= 0) { $at = $p if !$n++; $p++; }
			if ($n != 1) {
				print STDERR "$list:$ln: $file: match found $n times (must be exactly once): $m\n";
				$bad = 1; next;
			}
			my $line = 1 + (substr($text, 0, $at) =~ tr/\n//) + length(($um =~ /^(\n*)/)[0]);
			(my $stem = $file) =~ s{.*/}{}; $stem =~ s/\.[^.]*$//;
			my $id = "$stem." . ++$k{$stem};
			print join("\x1f", $id, $file, $line, $desc, $m, $r), "\n";
		}
		exit($bad ? 2 : 0);
	'
}

# apply_mutant TREE FILE MATCH REPL: write PRISTINE/FILE with the one
# substitution into TREE/FILE.  Exit 2 if the match is not there once.
apply_mutant() {
	TREE=$1 PRISTINE=$work/src FILE=$2 MATCH=$3 REPL=$4 perl -e '
		use strict; use warnings;
		sub unesc { my $s = shift; $s =~ s/\\(.)/$1 eq "t" ? "\t" : $1 eq "n" ? "\n" : $1/ge; $s }
		my ($m, $r) = (unesc($ENV{MATCH}), unesc($ENV{REPL}));
		my $text = do { local $/; open(my $s, "<", "$ENV{PRISTINE}/$ENV{FILE}") or die "$!\n"; <$s> };
		my $at = index($text, $m);
		exit 2 if $at < 0 || index($text, $m, $at + 1) >= 0;
		substr($text, $at, length $m) = $r;
		open(my $o, ">", "$ENV{TREE}/$ENV{FILE}") or die "$ENV{TREE}/$ENV{FILE}: $!\n";
		print $o $text; close($o) or die "$!\n";
	'
}

restore_file() { cp "$work/src/$2" "$1/$2"; }

# ---- scratch trees ----

if [ -z "$work" ]; then
	work=$(mktemp -d "${TMPDIR:-/tmp}/pagefuzz-mutate.XXXXXX") || die "mktemp failed"
else
	mkdir -p "$work" || die "cannot create $work"
	work=$(cd "$work" && pwd)
	[ -z "$(ls -A "$work")" ] || die_usage "--work $work is not empty"
fi
mkdir -p "$work/src" "$work/results" "$work/claims"
tar -C "$src" --exclude=./build --exclude=./.git -cf - . | tar -C "$work/src" -xf - ||
	die "copying $src failed"

records=$work/mutants.rec
parse_list "$list" "$work/src" >"$records"
case $? in
0) ;;
2) echo "mutate.sh: the mutant list does not match the tree (see above); nothing was run" >&2
   [ $keep = 1 ] || rm -rf "$work"; exit 2 ;;
*) die "reading $list failed" ;;
esac
if [ -n "$filter" ]; then
	selected=$(while IFS=$'\x1f' read -r id file line desc m r; do
		grep -Eq -- "$filter" <<<"$id $file $desc" && printf '%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\n' \
			"$id" "$file" "$line" "$desc" "$m" "$r"
	done <"$records")
	printf '%s\n' "$selected" | sed '/^$/d' >"$records"
fi
total=$(wc -l <"$records")
if [ "$total" -eq 0 ]; then
	rm -rf "$work"
	die_usage "no mutant matches --filter '$filter'"
fi
if [ $check_only = 1 ]; then
	echo "mutant list OK: $total mutant(s)"
	rm -rf "$work"
	exit 0
fi

nproc=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -le "$total" ] || jobs=$total
build_par=$(( nproc / jobs > 0 ? nproc / jobs : 1 ))

# build TREE LOG: incremental build of the fuzz target and the corpus.
build() {
	(cd "$1" && cmake --build --preset "$build_preset" --parallel "$build_par" \
		--target "$target" corpus) >"$2" 2>&1
}

# setup_tree W: copy, configure and build tree W (pristine).
setup_tree() {
	local t=$work/tree.$1
	mkdir -p "$t" && tar -C "$work/src" -cf - . | tar -C "$t" -xf - || return 1
	(cd "$t" && cmake --preset "$preset") >"$work/results/configure.$1.log" 2>&1 || return 1
	build "$t" "$work/results/build.$1.log"
}

echo "mutate.sh: $total mutant(s) from $list, ${secs}s each, $jobs job(s), preset $preset" >&2
echo "mutate.sh: work dir $work" >&2
for ((w = 0; w < jobs; w++)); do
	setup_tree $w &
done
failed=0
for ((w = 0; w < jobs; w++)); do
	wait -n || failed=1
done
if [ $failed = 1 ]; then
	tail -n 30 "$work"/results/configure.*.log "$work"/results/build.*.log >&2
	die "the unmutated tree does not configure or build (logs in $work/results)"
fi

if [ -z "$build_dir" ]; then	# where the preset put it, as cmake said
	build_dir=$(sed -n "s|^-- Build files have been written to: $work/tree.0/||p" \
		"$work/results/configure.0.log" | tail -1)
fi
bdir=$work/tree.0/$build_dir
[ -n "$build_dir" ] && [ -f "$bdir/CMakeCache.txt" ] || die "no CMakeCache.txt in '$build_dir': pass --build-dir"
corpus=$(sed -n 's/^PF_CORPUS_DIR:[A-Z]*=//p' "$bdir/CMakeCache.txt")
corpus=${corpus#"$work/tree.0/"}
[ -n "$corpus" ] || corpus=$build_dir/corpus/ref
fuzzer=$(cd "$bdir" && find . -type f -name "$target" -perm -u+x | head -1)
[ -n "$fuzzer" ] || die "no $target in $build_dir"
fuzzer=$build_dir/${fuzzer#./}
nseeds=$(ls "$work/tree.0/$corpus" 2>/dev/null | wc -l)
if [ "$dict" = auto ]; then
	dict=corpus/$(basename "$corpus").dict
	[ -f "$work/tree.0/$dict" ] || dict=""
fi
[ -z "$dict" ] || fuzz_args+=(-dict="$dict")
echo "mutate.sh: target $fuzzer, corpus $corpus ($nseeds seed(s))${dict:+, dictionary $dict}" >&2

# ---- one fuzz run and its verdict ----

# fuzz TREE DIR SECS: run the target; DIR gets fuzz.log, new/, artifacts.
# Prints "RC SECONDS".
fuzz() {
	local t=$1 d=$2 s=$3 t0 t1 rc
	rm -rf "$d/new"; mkdir -p "$d/new"
	t0=$(date +%s.%N)
	(cd "$t" && env ${port:+PAGEFUZZ_PORT="$port"} timeout -k 10 $((s + 120)) "$fuzzer" \
		-max_total_time="$s" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
		${seed:+-seed="$seed"} "${fuzz_args[@]}" -artifact_prefix="$d/" "$d/new" "$corpus" \
		"${extra_corpus[@]}") >"$d/fuzz.log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	echo "$rc $(echo "$t0 $t1" | awk '{ printf "%.1f", $2 - $1 }')"
}

# verdict LOG RC: "killed<TAB>signature", "survived<TAB>" or "error<TAB>why".
verdict() {
	local log=$1 rc=$2 sig
	if [ "$rc" = 0 ]; then
		printf 'survived\t\n'
		return
	fi
	sig=$(sed -n 's/^signature  //p' "$log" | head -1)
	[ -n "$sig" ] || sig=$(sed -n 's/^CHECK FAILED \(\[[^]]*\] .*\) ([^()]*)$/CHECK FAILED \1/p' "$log" | head -1)
	[ -n "$sig" ] || sig=$(sed -n 's/^\([^ ]*\/\)\{0,1\}\([^/ ]*:[0-9]*\):[0-9]*: runtime error: \(.*\)$/ubsan: \3 (\2)/p' "$log" | head -1)
	[ -n "$sig" ] || sig=$(grep -m1 -o 'ERROR: LeakSanitizer: [a-z ]*' "$log" | sed 's/^ERROR: //')
	[ -n "$sig" ] || sig=$(sed -n 's/^SUMMARY: \([A-Za-z]*Sanitizer\): \([^ ]*\) \([^ ]*\/\)\{0,1\}\([^/ ]*:[0-9]*\)[:0-9]* in \(.*\)$/\1: \2 in \5 (\4)/p' "$log" | head -1)
	[ -n "$sig" ] || sig=$(sed -n 's/^SUMMARY: \([A-Za-z]*Sanitizer\): \([^ ]*\).*$/\1: \2/p' "$log" | head -1)
	[ -n "$sig" ] || sig=$(sed -n 's/^==[0-9]*== ERROR: libFuzzer: \(.*\)$/libFuzzer: \1/p' "$log" | head -1)
	if [ -z "$sig" ] && { [ "$rc" = 124 ] || [ "$rc" = 137 ]; }; then
		sig="hang (stopped after $((secs + 120)) s)"
	fi
	if [ -n "$sig" ]; then
		printf 'killed\t%s\n' "$sig"
	else
		printf 'error\t%s\n' "exit $rc: $(grep -m1 -E "ERROR:|[Ee]rror:" "$log" | cut -c1-120)"
	fi
}

if [ "$baseline" -gt 0 ]; then
	mkdir -p "$work/results/baseline"
	read -r rc _ < <(fuzz "$work/tree.0" "$work/results/baseline" "$baseline")
	IFS=$'\t' read -r res sig < <(verdict "$work/results/baseline/fuzz.log" "$rc")
	if [ "$res" != survived ]; then
		tail -n 30 "$work/results/baseline/fuzz.log" >&2
		die "the unmutated tree fails a ${baseline}s run ($res: $sig); mutation results would mean nothing"
	fi
	echo "mutate.sh: baseline: unmutated tree survives ${baseline}s" >&2
fi

# ---- workers: each claims the next unclaimed mutant (mkdir is atomic) ----

worker() {
	local w=$1 t=$work/tree.$1 id file line desc m r d rc s res sig n=0
	while IFS=$'\x1f' read -r id file line desc m r; do
		n=$((n + 1))
		mkdir "$work/claims/$id" 2>/dev/null || continue
		d=$work/results/$id
		mkdir -p "$d"
		if ! apply_mutant "$t" "$file" "$m" "$r"; then
			res=error sig="could not apply" s=-
		elif ! build "$t" "$d/build.log"; then
			res=stillborn s=- sig=$(grep -m1 -E 'error:|Error' "$d/build.log" | cut -c1-120)
		else
			read -r rc s < <(fuzz "$t" "$d" "$secs")
			IFS=$'\t' read -r res sig < <(verdict "$d/fuzz.log" "$rc")
			[ "$res" != error ] || s=-
		fi
		restore_file "$t" "$file"
		printf '%s\t%s:%s\t%s\t%s\t%s\t%s\n' "$id" "$file" "$line" "$desc" "$res" "$s" "$sig" \
			>"$d/result.tsv"
		echo "mutate.sh: [$(ls "$work/claims" | wc -l)/$total] $id $file:$line $res ${s}s $sig" >&2
	done <"$records"
}

# kill_tree PID: PID (first, so it starts nothing new), then all it started.
kill_tree() {
	local c kids
	kids=$(ps -o pid= --ppid "$1" 2>/dev/null)
	kill "$1" 2>/dev/null
	for c in $kids; do
		kill_tree "$c"
	done
}

cleanup_workers() {
	local p
	trap - INT TERM
	for p in $(jobs -p); do
		kill_tree "$p"
	done
	echo "mutate.sh: interrupted; partial results in $work/results" >&2
	exit 130
}
trap cleanup_workers INT TERM
for ((w = 0; w < jobs; w++)); do
	worker $w &
done
wait
trap - INT TERM

# ---- report ----

tsv=$work/results.tsv
printf 'id\tfile:line\tdescription\tresult\tseconds\tsignature\n' >"$tsv"
while IFS=$'\x1f' read -r id _; do
	cat "$work/results/$id/result.tsv" 2>/dev/null ||
		printf '%s\t?\t?\terror\t-\tno result\n' "$id"
done <"$records" >>"$tsv"

awk -F'\t' '
	NR == 1 { next }
	{ row[NR] = $0; for (i = 1; i <= 4; i++) if (length($i) > w[i]) w[i] = length($i) }
	END {
		fmt = "%-" w[1] "s  %-" w[2] "s  %-" w[3] "s  %-" (w[4] > 9 ? w[4] : 9) "s  %7s  %s\n"
		printf fmt, "id", "file:line", "description", "result", "seconds", "signature"
		for (r = 2; r <= NR; r++) {
			split(row[r], f, "\t")
			printf fmt, f[1], f[2], f[3], f[4], f[5], f[6]
			if (f[4] == "killed") { k++; if (f[5] + 0 <= 60) k60++ }
			else if (f[4] == "survived") s++
			else if (f[4] == "stillborn") b++
			else e++
		}
		n = k + s
		printf "\nmutation score: %d killed / %d (%.1f%%), %d survived, %d stillborn; " \
		       "killed within 60 s: %d / %d (%.1f%%)%s\n", k, n, n ? 100 * k / n : 0, s, b,
		       k60, n, n ? 100 * k60 / n : 0, e ? sprintf("; %d error(s), not counted", e) : ""
	}' "$tsv"

if [ $keep = 1 ]; then
	echo "mutate.sh: scratch trees kept in $work" >&2
else
	rm -rf "$work"/tree.* "$work/src" "$work/claims"
fi
echo "mutate.sh: results in $tsv, logs and crashing inputs in $work/results" >&2
exit 0
