# Sourced by serve.sh and test-web.sh: installs what the web build needs,
# skipping whatever is already there at the right version.
# Cold: about 11 minutes (mostly Trunk); warm: instant.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14 # 0.22 needs a newer rustc than ours
# The CLI must equal the crate, which Cargo.toml pins with "=".
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' Cargo.toml)
# A target dir of its own, so a web build does not wait on native builds' lock.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-web}"
# wasm-opt comes from the npm package binaryen; Debian's is too old for wasm-bindgen's output.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

timed() { # timed WHAT COMMAND...: runs it and says how long it took
  local what=$1 start=$SECONDS
  shift
  echo "installing $what…"
  "$@"
  echo "installed $what in $((SECONDS - start)) s"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  timed "the wasm32 target" rustup target add wasm32-unknown-unknown
fi
if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  timed "trunk $TRUNK_VERSION" cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # Not --locked: one of its locked dependency versions is missing from the registry.
  timed "wasm-bindgen-cli $WASM_BINDGEN_VERSION" cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if ! node -e '
  const want = require("./package.json").devDependencies;
  for (const [name, version] of Object.entries(want)) {
    if (require(`./node_modules/${name}/package.json`).version !== version) process.exit(1);
  }' 2>/dev/null; then
  timed "npm packages (binaryen, playwright-core, typescript)" npm ci --no-audit --no-fund
fi
