#!/bin/sh
# Re-extracts the bundled JSON-LD contexts into src/verify/contexts/ from the pinned
# packages of package-lock.json. Idempotent: running it twice changes nothing.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
node extract.mjs
