#!/bin/sh
# check_judge_link.sh NM ALLOC_LIB JUDGE_LIB... - the judge runs none of alloc/:
# no symbol defined by the allocator library is referenced by any judge
# library.  Prints each offending reference and exits 1; 0 when clean.
set -eu
nm=$1 alloc=$2
shift 2
defs=$(mktemp) refs=$(mktemp)
trap 'rm -f "$defs" "$refs"' EXIT
"$nm" -g --defined-only "$alloc" 2>/dev/null | awk 'NF >= 3 { print $3 }' | sort -u >"$defs"
[ -s "$defs" ] || { echo "no symbols read from $alloc" >&2; exit 2; }
bad=0
for lib in "$@"; do
	"$nm" -u "$lib" 2>/dev/null | awk '{ print $NF }' | sort -u >"$refs"
	hits=$(comm -12 "$defs" "$refs")
	if [ -n "$hits" ]; then
		echo "$(basename "$lib") references alloc/: $(echo $hits)"
		bad=1
	fi
done
[ "$bad" = 0 ] && echo "judge libraries reference no symbol of $(basename "$alloc")"
exit "$bad"
