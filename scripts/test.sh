#!/usr/bin/env bash
# Runs every test of the project. Installs what it needs, skipping what is
# already present: the wasm32 target (the parser must build for the browser).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  rustup target add wasm32-unknown-unknown
fi

echo "== native tests (library, CLI, decoders, fuzz regression corpus)"
log=$(mktemp)
cargo test 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || { echo "native tests failed"; exit 1; }

echo "== MPEG-4 decoder conformance against ffmpeg (installs Debian's ffmpeg if missing)"
scripts/conformance-mpeg4.sh

echo "== the parser builds for the browser"
cargo build -p netvu --target wasm32-unknown-unknown --quiet

if [ -f Trunk.toml ] && [ -x scripts/test-web.sh ]; then
  echo "== browser tests"
  scripts/test-web.sh
fi

passed=$(grep -oE 'test result: ok\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
echo "native: ${passed} passed, 0 failed"
