#!/usr/bin/env bash
# Builds the viewer and runs its end-to-end test in the machine's Chromium.
source "$(dirname "${BASH_SOURCE[0]}")/web-tools.sh"
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
node tests/e2e/run.mjs
