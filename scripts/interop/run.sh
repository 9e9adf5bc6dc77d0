#!/usr/bin/env bash
# Baking interoperability with the two PyPI baking libraries (openbadges-bakery and
# openbadgeslib, pinned in requirements.txt).
#
# Usage: scripts/interop/run.sh             check both directions, byte for byte (baking.py)
#        scripts/interop/run.sh bench [DIR]  time the peers on the PNGs of the bake bench
#                                            (bench_peers.py); run `cargo bench --bench bake`
#                                            first to see Rosette's medians and the ratios
#
# Makes .venv here on the first run (needs python3 >= 3.10 and access to PyPI).
# ROSETTE_BIN: the rosette binary to check (default: build target/release/rosette).
# PYTHON: the interpreter for the virtualenv (default: python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$repo_root/target}"

cd "$here"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt

case "${1:-check}" in
  check)
    if [ -z "${ROSETTE_BIN:-}" ]; then
      (cd "$repo_root" && cargo build --release --quiet --bin rosette)
      ROSETTE_BIN="$target_dir/release/rosette"
    fi
    exec .venv/bin/python baking.py "$ROSETTE_BIN" "$repo_root/tests/fixtures"
    ;;
  bench)
    images="${2:-$target_dir/bake-bench}"
    if [ ! -f "$images/bake-4000px-before-iend.png" ]; then
      # The bench makes its PNGs deterministically; a test-mode run just writes them.
      echo "writing the bench PNGs to $images" >&2
      (cd "$repo_root" && ROSETTE_BAKE_BENCH_DIR="$images" cargo bench --quiet --bench bake -- --test >/dev/null)
    fi
    exec .venv/bin/python bench_peers.py "$images" --fixtures "$repo_root/tests/fixtures" \
      --criterion "$target_dir/criterion"
    ;;
  *)
    echo "usage: $0 [check | bench [IMAGES_DIR]]" >&2
    exit 2
    ;;
esac
