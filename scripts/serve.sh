#!/usr/bin/env bash
# Builds the viewer (release) and serves it at http://127.0.0.1:8080/,
# rebuilding on change. Without Trunk's autoreload: its injected inline
# websocket script is refused by the page's Content-Security-Policy.
source "$(dirname "${BASH_SOURCE[0]}")/web-tools.sh"
exec trunk serve --release --no-autoreload --address 127.0.0.1 --port "${PORT:-8080}"
