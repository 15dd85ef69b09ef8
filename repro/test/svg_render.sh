#!/usr/bin/env bash
# svg_render.sh REPLAY CASE - replay --svg must write a picture that
# rsvg-convert renders to a PNG, with the offending range marked.
set -u
replay=$1 case=$2
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
command -v rsvg-convert >/dev/null || { echo "FAIL: rsvg-convert missing (scripts/install-deps.sh installs librsvg2-bin)"; exit 1; }
"$replay" --svg "$work/map.svg" "$case" >/dev/null 2>&1
[ -s "$work/map.svg" ] || { echo "FAIL: no SVG written"; exit 1; }
grep -q 'offending pfn' "$work/map.svg" || { echo "FAIL: no offending range in the SVG"; exit 1; }
grep -q '>pageblocks<' "$work/map.svg" || { echo "FAIL: no pageblock row"; exit 1; }
rsvg-convert -o "$work/map.png" "$work/map.svg" || { echo "FAIL: rsvg-convert refused the SVG"; exit 1; }
[ "$(head -c 8 "$work/map.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  { echo "FAIL: not a PNG"; exit 1; }
echo "rendered $(stat -c %s "$work/map.png") bytes of PNG"
