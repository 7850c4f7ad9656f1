#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 60) from the seeds; a crash
# leaves its input in fuzz/artifacts/<target>/ (copy it to fuzz/regressions/).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
for target in $(cargo +nightly fuzz list); do
  mkdir -p "corpus/$target"
  cargo +nightly fuzz run "$target" "corpus/$target" seeds -- -max_total_time="$secs" -rss_limit_mb=2048 2>&1 | grep -E "^(Done|#[0-9]+ +DONE)|ERROR|panicked|SUMMARY" || true
done
