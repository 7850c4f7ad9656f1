#!/usr/bin/env bash
# MPEG-4 Part 2 decode speed, native (netvu-mpeg4, one thread, decode only)
# against FFmpeg (`-threads 1`, decode to the null muxer), on the same
# 720x576 stream of 300 frames that this script encodes with FFmpeg's mpeg4
# encoder (GOP 25, 4MV, moving test card). Best of ROUNDS runs each.
# Usage: scripts/bench-mpeg4.sh [ROUNDS]   (needs ffmpeg; honours CARGO_TARGET_DIR)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
ROUNDS=${1:-3}
command -v ffmpeg >/dev/null 2>&1 || { echo "bench-mpeg4: ffmpeg not found (apt-get install ffmpeg)" >&2; exit 1; }
cd "$ROOT"
cargo build --quiet --release -p netvu-mpeg4 --example bench
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
S="$WORK/d1.m4v"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=720x576:rate=25,scroll=h=0.005:v=0.003" -frames:v 300 \
    -c:v mpeg4 -q:v 4 -g 25 -flags +mv4 -f m4v "$S"
frames=300
native=$("$TARGET/release/examples/bench" "$S" "$ROUNDS")
native_fps=$(printf '%s\n' "$native" | awk '{print $6}')
best=
for _ in $(seq "$ROUNDS"); do
    # "bench: utime=0.350s stime=0.010s rtime=0.364s"
    t=$(ffmpeg -hide_banner -nostats -benchmark -threads 1 -i "$S" -f null - 2>&1 |
        sed -n 's/.*rtime=\([0-9.]*\)s.*/\1/p' | tail -n1)
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
done
ffmpeg_fps=$(awk "BEGIN{printf \"%.1f\", $frames / $best}")
echo "stream: 720x576, $frames frames, $(stat -c %s "$S") bytes (mpeg4 -q:v 4 -g 25 +mv4)"
printf '%-28s %10s fps\n' "netvu-mpeg4 (1 thread)" "$native_fps" "ffmpeg -threads 1" "$ffmpeg_fps"
awk "BEGIN{printf \"ratio native/ffmpeg: %.2f\n\", $native_fps / $ffmpeg_fps}"
