#!/usr/bin/env bash
# Sets up what is missing, builds Rosette and opens the desktop window on the default
# portfolio (or the one in ROSETTE_HOME). Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
printf '\033[1m==> %s\033[0m\n' "Building the UI and the desktop app (the first build takes a few minutes)"
npm --prefix ui run build
cargo build -p rosette-desktop -p rosette
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
  echo "No display found: starting Rosette inside a virtual X server (Xvfb). Nothing will be visible." >&2
  exec xvfb-run -a env WEBKIT_DISABLE_DMABUF_RENDERER=1 target/debug/rosette-desktop "$@"
fi
exec target/debug/rosette-desktop "$@"
