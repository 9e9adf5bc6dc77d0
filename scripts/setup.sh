#!/usr/bin/env bash
# Installs what Rosette needs to build, run and test on Debian/Ubuntu, skipping what is
# already there. Safe to run again. Usage: scripts/setup.sh [--test]
#   --test  also installs what the test suite needs (tauri-driver for end-to-end tests).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# System packages: WebKitGTK for the Tauri window, Xvfb to run without a display, the
# Secret Service for the OS keyring.
packages=(build-essential pkg-config libwebkit2gtk-4.1-dev libssl-dev xvfb xauth
  dbus-x11 gnome-keyring libsecret-tools libdbus-1-dev file)
# For the tests: WebKitWebDriver (end-to-end), zbar and librsvg (independent QR decoding
# and SVG rasterizing), Python's venv (the interop peers from PyPI), openssl (the test
# certificate authority of the loopback issuer the end-to-end tests go online to).
$want_test && packages+=(webkit2gtk-driver zbar-tools librsvg2-bin python3-venv openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "Installing system packages: ${missing[*]}"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Toolchains that cannot be installed from here: say what is missing, plainly.
command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2; exit 1; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js 20+ and npm are missing: install them, then run this again." >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 20)) || { echo "Node.js $node_major is too old: Rosette's UI build needs Node.js 20 or newer." >&2; exit 1; }

# npm ci in a folder, only when its package-lock.json changed since the last install (a
# stamp with the lock's SHA-256 in node_modules). Usage: npm_ci FOLDER "what it is for".
npm_ci() {
  local stamp=$1/node_modules/.rosette-lock-sha256 lock_hash
  lock_hash=$(sha256sum "$1/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
    say "Installing $2"
    npm ci --prefix "$1" --no-audit --no-fund
    echo "$lock_hash" > "$stamp"
  fi
}

# The UI's npm packages.
npm_ci ui "the UI's npm packages"

if $want_test; then
  # The Digital Bazaar verifiers the verification interop test compares Rosette with.
  npm_ci scripts/interop-vc "the verification interop test's npm packages"
  # jsonld.js and the Digital Bazaar signers the differential test compares Rosette with.
  npm_ci scripts/differential "the differential test's npm packages"
  # jsonld.js and rdf-canonize (the fixture generator's pinned stack): the oracle of the
  # JSON-LD tests (verify::jsonld::tests::agrees_with_jsonld_js), which fails under CI
  # without them.
  npm_ci scripts/fixtures "the JSON-LD oracle's npm packages (jsonld.js, rdf-canonize)"
  # tauri-driver 2.x (the newest on the registry are 3.0 alphas, so the version is pinned).
  if ! command -v tauri-driver >/dev/null || ! tauri-driver --help 2>&1 | grep -q -- '--native-port'; then
    say "Installing tauri-driver 2.x"
    cargo install tauri-driver --version '^2' --locked
  fi
fi
say "Setup complete"
