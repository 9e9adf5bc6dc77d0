#!/usr/bin/env bash
# The differential test of Rosette's JSON-LD path against jsonld.js 9 and
# rdf-canonize 5 (the Digital Bazaar stack every eddsa-rdfc-2022 signer here
# uses): generated credentials, signed, mutated, verified by both, compared.
# See run.mjs for the classes and the report.
#
# Usage: scripts/differential/run.sh [--seed N] [--count N] [--mutants N] [--out DIR]
#                                    [--report-only] [--keep]
#        scripts/differential/run.sh bench [--count N] [--rounds N]
#   Defaults (CI): a fixed seed and a count that runs in a few minutes; a long
#   run is e.g. `--count 100000 --seed 7`. The report goes to --out
#   (default scripts/differential/out/: summary.txt, disagreements/).
#   --report-only: disagreements are printed but the exit status stays 0 (a
#   broken harness still fails).
#
# ROSETTE_BIN: the rosette binary to check (required: this script builds nothing).
# Installs node_modules here with `npm ci` when package-lock.json changed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [[ -z "${ROSETTE_BIN:-}" ]]; then
  echo "differential: set ROSETTE_BIN to the rosette binary to check (this script builds nothing)" >&2
  exit 2
fi
[[ -x "$ROSETTE_BIN" ]] || { echo "differential: ROSETTE_BIN=$ROSETTE_BIN is not an executable" >&2; exit 2; }

stamp=node_modules/.rosette-lock-sha256
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_hash" ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > "$stamp"
fi

if [[ "${1:-}" == "bench" ]]; then
  shift
  command -v taskset >/dev/null || { echo "differential bench: taskset (util-linux) is needed to pin one core" >&2; exit 2; }
  exec taskset -c 0 node bench.mjs "$ROSETTE_BIN" "$@"
fi
exec node run.mjs "$ROSETTE_BIN" "$@"
