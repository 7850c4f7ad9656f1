#!/usr/bin/env bash
# Builds the viewer and runs its end-to-end test in the machine's Chromium.
# The test files' generator is a native example of the library: built in
# the native target dir (where `cargo test` has built it already), not in
# the web one web-tools.sh picks.
native_target_dir=${CARGO_TARGET_DIR:-}
source "$(dirname "${BASH_SOURCE[0]}")/web-tools.sh"
native_target_dir=${native_target_dir:-$PWD/target}
if [ ! -x /usr/bin/chromium ]; then
  # Debian's Chromium: playwright's own browser downloads are not reachable here.
  [ "$(id -u)" = 0 ] && SUDO="" || SUDO=sudo
  $SUDO apt-get update -qq
  timed "chromium" $SUDO apt-get install -y -qq chromium
fi
# Component tests (src/ui/tests.rs) in headless Chromium through chromedriver.
if [ ! -x /usr/bin/chromedriver ]; then
  [ "$(id -u)" = 0 ] && SUDO="" || SUDO=sudo
  timed "chromium-driver" $SUDO apt-get install -y -qq chromium-driver
fi
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p netvu-viewer --lib
trunk build --release
# The files the end-to-end test opens, written by the library's writers
# (no -p: the features `cargo test` built the workspace with).
e2e_files=$native_target_dir/e2e-files
CARGO_TARGET_DIR=$native_target_dir cargo run --quiet --example e2e_files -- "$e2e_files"
node tests/e2e/run.mjs "$e2e_files"
