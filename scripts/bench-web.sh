#!/usr/bin/env bash
# Browser benchmark of the built viewer: generates a 4-camera AD binary and
# PAR recording (1 GiB each by default), drops each on the page in headless
# Chromium and prints indexing speed against a plain Blob.slice read of the
# same file, drop → first picture, memory after indexing, a 4×4 grid of 16
# cameras at 25 pictures/s for 10 s, MPEG-4 decoding speed of the decoding
# worker on a 720×576 stream (when Debian's ffmpeg is there to make it), and
# the gzipped size of dist/.
# Figures, not assertions. Usage: scripts/bench-web.sh [SIZE_MIB]
source "$(dirname "${BASH_SOURCE[0]}")/web-tools.sh"
size=${1:-1024}
dir=bench-data
mkdir -p "$dir"
# The generator is a native tool: its own target dir, not the web one.
CARGO_TARGET_DIR="$PWD/target" cargo build --release --quiet -p netvu --example make_recording --example access_units
for kind in adbinary par; do
  f="$dir/rec_${size}.$kind"
  [ -s "$f" ] || target/release/examples/make_recording "$kind" "$size" "$f"
done
# 720×576 MPEG-4 Part 2 (8 s at 25 pictures/s, an I-VOP a second) for the decoder's speed.
m4v="$dir/bench.m4v"
if [ ! -s "$m4v" ] && command -v ffmpeg >/dev/null; then
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=720x576:rate=25 -frames:v 200 \
    -c:v mpeg4 -q:v 4 -g 25 -f m4v "$m4v"
fi
if [ -s "$m4v" ]; then
  # Where each VOP is: the page feeds the decoding worker VOP by VOP.
  CARGO_TARGET_DIR="$PWD/target" cargo run --release --quiet -p netvu --example access_units -- mpeg4 "$m4v" "$m4v.units.json"
  export BENCH_MPEG4="$m4v"
else
  echo "no ffmpeg: MPEG-4 decoding speed not measured"
fi
trunk build --release
node tests/e2e/bench.mjs "$dir/rec_${size}.adbinary" "$dir/rec_${size}.par"
