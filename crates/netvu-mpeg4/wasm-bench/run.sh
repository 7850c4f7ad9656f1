#!/usr/bin/env bash
# WebAssembly decode speed of netvu-mpeg4 in Node (V8, the engine of
# Chromium) on the 720x576 stream of scripts/bench-mpeg4.sh (300 frames).
# Builds three variants: release (opt-level 3), release + simd128, and the
# viewer's size-optimised "web" profile. Needs ffmpeg, node and the
# wasm32-unknown-unknown target.
# Usage: crates/netvu-mpeg4/wasm-bench/run.sh [ROUNDS]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${1:-5}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export NETVU_MPEG4_BENCH_M4V="$WORK/d1.m4v"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=720x576:rate=25,scroll=h=0.005:v=0.003" -frames:v 300 \
    -c:v mpeg4 -q:v 4 -g 25 -flags +mv4 -f m4v "$NETVU_MPEG4_BENCH_M4V"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HERE/target}
cd "$HERE"
build() { # NAME PROFILE [RUSTFLAGS]
    RUSTFLAGS="${3:-}" cargo build --quiet --target wasm32-unknown-unknown --profile "$2"
    cp "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$2/netvu_mpeg4_wasm_bench.wasm" "$WORK/$1.wasm"
}
build release release
build release-simd128 release "-C target-feature=+simd128"
build web web
for v in release release-simd128 web; do node run.mjs "$WORK/$v.wasm" "$ROUNDS"; done
