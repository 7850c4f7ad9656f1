#!/usr/bin/env bash
# Builds the viewer and serves it at http://127.0.0.1:8080/, rebuilding on change.
source "$(dirname "${BASH_SOURCE[0]}")/web-tools.sh"
exec trunk serve --release --address 127.0.0.1 --port "${PORT:-8080}"
