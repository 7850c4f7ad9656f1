#!/usr/bin/env bash
# Whole-file benchmark: generates a 4-camera AD binary and PAR recording
# and a disk image of JPEGs to carve (1 GiB each by default), then times
# `netvu info --json` against
# `dd bs=16M` on the same file, warm cache (medians of 11 alternating runs),
# and prints the ratios and the peak memory. Figures, not assertions.
# Usage: scripts/bench.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
dir=bench-data
mkdir -p "$dir"
cargo build --release --quiet -p netvu-cli
cargo build --release --quiet -p netvu --example make_recording
for kind in adbinary par carve; do
  f="$dir/rec_${size}.$kind"
  [ -s "$f" ] || target/release/examples/make_recording "$kind" "$size" "$f"
  cat "$f" > /dev/null   # warm the page cache
  # dd and info alternate, 11 runs each; the medians are compared.
  ms() { local s e; s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 100000 )); }
  runs=$(for _ in $(seq 11); do
    echo "dd $(ms dd if="$f" of=/dev/null bs=16M)"
    echo "info $(ms target/release/netvu info --json "$f")"
  done)
  median() { grep "^$1 " <<< "$runs" | awk '{print $2}' | sort -n | sed -n 6p; }
  dd_ms=$(median dd | awk '{print $1 / 10}')
  info_ms=$(median info | awk '{print $1 / 10}')
  rss=$( { /usr/bin/time -f '%M' target/release/netvu info --json "$f" > /dev/null; } 2>&1 | tail -1)
  frames=$(target/release/netvu info --json "$f" | python3 -c 'import json,sys; print(json.load(sys.stdin)["frames"])')
  bytes=$(stat -c %s "$f")
  awk -v k="$kind" -v d="$dd_ms" -v i="$info_ms" -v r="$rss" -v n="$frames" -v b="$bytes" 'BEGIN {
    printf "%-8s %6.0f MiB %8d frames  dd %5.1f ms  info %5.1f ms  ratio info/dd %.2f  peak RSS %d KiB (budget %d KiB)\n",
      k, b/1048576, n, d, i, (d > 0 ? i/d : 0), r, (n*64 + 64*1048576)/1024 }'
done
echo "scan vs memmem: cargo bench -p netvu --bench scan"
