#!/usr/bin/env bash
# Runs fuzz targets for SECONDS each (default 60) from the seeds and prints
# one line each: every target, or the TARGETs named. A crash leaves its input
# in fuzz/artifacts/<target>/ (copy it to fuzz/regressions/, named
# <target>-<bug>, with the fix). Uses a nightly toolchain where one is
# installed, else the default one with RUSTC_BOOTSTRAP=1.
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz() { cargo +nightly fuzz "$@"; }
else
  fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && mapfile -t targets < <(fuzz list)
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  log=$(mktemp)
  seeds=seeds; [ "$target" = decode_mpeg4 ] && seeds=seeds-mpeg4
  fuzz run "$target" "corpus/$target" "$seeds" -- -max_total_time="$secs" -rss_limit_mb=2048 > "$log" 2>&1
  status=$?
  echo "$target: exit $status; $(tr '\r' '\n' < "$log" | grep -aE '^Done [0-9]+ runs' | tail -1)$(tr '\r' '\n' < "$log" | grep -aE 'panicked at' | head -1)"
  rm -f "$log"
done
