#!/usr/bin/env bash
# Verification interoperability with the Digital Bazaar / Digital Credentials Consortium
# libraries (@digitalbazaar/vc and its suites, jose for VC-JWT; pinned in package-lock.json).
#
# Usage: scripts/interop-vc/run.sh           verify every signed credential in tests/fixtures
#                                            and tampered copies with both, and require the same
#                                            answer (compare.mjs prints a table; exit 1 if not)
#        scripts/interop-vc/run.sh bench [--json]
#                                            verifications per second of the libraries (bench.mjs)
#
# Installs node_modules here with `npm ci` when package-lock.json changed (needs Node.js 20+
# and access to the npm registry the first time).
# ROSETTE_BIN: the rosette binary to check (default: build target/release/rosette).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$repo_root/target}"

cd "$here"
stamp=node_modules/.rosette-lock-sha256
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi

case "${1:-check}" in
  check)
    if [ -z "${ROSETTE_BIN:-}" ]; then
      (cd "$repo_root" && cargo build --release --quiet --bin rosette)
      ROSETTE_BIN="$target_dir/release/rosette"
    fi
    exec node compare.mjs "$ROSETTE_BIN" "$repo_root/tests/fixtures"
    ;;
  bench)
    shift
    exec node bench.mjs --fixtures "$repo_root/tests/fixtures" "$@"
    ;;
  *)
    echo "usage: $0 [check | bench [--json]]" >&2
    exit 2
    ;;
esac
