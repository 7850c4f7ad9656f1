#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) from the seeds and prints
# one line each; a crash leaves its input in fuzz/artifacts/<target>/ (copy
# it to fuzz/regressions/, named after the bug, with the fix).
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target" "artifacts/$target"
  log=$(mktemp)
  seeds=seeds; [ "$target" = decode_mpeg4 ] && seeds=seeds-mpeg4
  cargo +nightly fuzz run "$target" "corpus/$target" "$seeds" -- -max_total_time="$secs" -rss_limit_mb=2048 > "$log" 2>&1
  status=$?
  echo "$target: exit $status; $(tr '\r' '\n' < "$log" | grep -aE '^Done [0-9]+ runs' | tail -1)$(tr '\r' '\n' < "$log" | grep -aE 'panicked at' | head -1)"
  rm -f "$log"
done
