#!/usr/bin/env python3
"""Times the PyPI baking libraries on the PNG files of `cargo bench --bench bake`.

The same operations as benches/bake.rs, on the same files (the bench writes them to
ROSETTE_BAKE_BENCH_DIR; run.sh does that for you):
  bake-memory/plain      bake the credential into the PNG bytes
  unbake-memory/PLACE    read it back, PLACE = after-ihdr | before-iend
  bake-file/plain        read the file, bake, write the baked file
  unbake-file/PLACE      read the file, read the credential
for the 600×600 and the ~6.5 MB 4000×4000 PNG, with the credential
tests/fixtures/ob3-vc2-eddsa-rdfc-2022.json.

openbadgeslib bakes and reads the OB 3.0 keyword `openbadgecredential`, so it works
on the very files Rosette's bench uses. openbadges-bakery only knows the OB 2.0 keyword
`openbadges`: it bakes with that keyword (the same work), and reads files built here
from the same PNG with the same chunk, keyword `openbadges`, at the same place.

Each operation is repeated many times (about --budget seconds, at least 15 runs);
the medians of time.perf_counter (wall) and time.process_time (CPU) are printed in ms.
When Criterion's results for the bake bench are found (--criterion, normally
target/criterion), Rosette's medians are printed beside the fastest peer's, with the
ratio and the issue's targets.

Usage: bench_peers.py IMAGES_DIR [--fixtures DIR] [--criterion DIR] [--budget SECONDS]
Normally run as `scripts/interop/run.sh bench`.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import statistics
import struct
import sys
import tempfile
import time
import zlib
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Optional

from openbadges_bakery import utils as bakery
from openbadgeslib import baking as obl

REPO = Path(__file__).resolve().parents[2]
SIZES = ("600px", "4000px")
PLACES = ("after-ihdr", "before-iend")
# (operation, size) -> (most Rosette may take in ms, least times faster than the fastest peer)
TARGETS = {
    ("bake-memory/plain", "4000px"): (1.2, 10),
    ("unbake-memory/after-ihdr", "4000px"): (0.05, 100),
    ("unbake-memory/before-iend", "4000px"): (0.05, 100),
}


def with_chunk(png: bytes, keyword: bytes, text: str, place: str) -> bytes:
    """`png` with an uncompressed iTXt credential chunk right after IHDR or before IEND."""
    body = b"iTXt" + keyword + b"\0\0\0\0\0" + text.encode("utf-8")
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    at = 8 + 25 if place == "after-ihdr" else len(png) - 12
    assert png[12:16] == b"IHDR" and png[-8:-4] == b"IEND"
    return png[:at] + chunk + png[at:]


def measure(run: Callable[[], object], budget: float) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds of `run`, over about `budget` seconds."""
    run()  # warm up (and page in the file)
    start = time.perf_counter()
    run()
    once = time.perf_counter() - start
    reps = max(15, min(5000, int(budget / max(once, 1e-6))))
    walls, cpus = [], []
    gc.collect()
    for _ in range(reps):
        w, c = time.perf_counter(), time.process_time()
        run()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return statistics.median(walls) * 1e3, statistics.median(cpus) * 1e3, reps


def rosette_median_ms(criterion: Optional[Path], operation: str, size: str) -> Optional[float]:
    if criterion is None:
        return None
    estimates = criterion.joinpath(*operation.split("/"), size, "new", "estimates.json")
    try:
        return json.loads(estimates.read_text())["median"]["point_estimate"] / 1e6
    except (OSError, KeyError, ValueError):
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("images", type=Path, help="the folder the bake bench wrote its PNGs to")
    parser.add_argument("--fixtures", type=Path, default=REPO / "tests" / "fixtures")
    parser.add_argument("--criterion", type=Path, help="Criterion's output folder (target/criterion)")
    parser.add_argument("--budget", type=float, default=2.0, help="seconds spent on each measurement")
    args = parser.parse_args()

    credential = (args.fixtures / "ob3-vc2-eddsa-rdfc-2022.json").read_text(encoding="utf-8")
    ob3 = obl.ITXT_KEYWORD_OB3
    print(
        f"python {sys.version.split()[0]}; openbadges-bakery {version('openbadges-bakery')}, "
        f"openbadgeslib {version('openbadgeslib')}; credential {len(credential.encode())} bytes"
    )

    results: dict[tuple[str, str], dict[str, tuple[float, float, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="rosette-bench-peers-") as tmp:
        work = Path(tmp)
        out_path = work / "out.png"
        for size in SIZES:
            plain_path = args.images / f"bake-{size}.png"
            plain = plain_path.read_bytes()
            print(f"{size}: {plain_path.name}, {len(plain)} bytes (crc32 {zlib.crc32(plain):08x})")
            # openbadgeslib reads the bench's own baked files; the bakery gets OB 2.0 twins.
            obl_files = {place: args.images / f"bake-{size}-{place}.png" for place in PLACES}
            bakery_files = {}
            for place in PLACES:
                bakery_files[place] = work / f"bakery-{size}-{place}.png"
                bakery_files[place].write_bytes(with_chunk(plain, b"openbadges", credential, place))

            def bakery_bake_memory() -> bytes:
                return bakery.bake(io.BytesIO(plain), credential, io.BytesIO()).getvalue()

            def bakery_bake_file() -> None:
                with open(plain_path, "rb") as src, open(out_path, "wb") as dst:
                    bakery.bake(src, credential, dst)

            def obl_bake_file() -> None:
                out_path.write_bytes(obl.bake_png(plain_path.read_bytes(), credential, keyword=ob3))

            def bakery_unbake_file(path: Path) -> Optional[str]:
                with open(path, "rb") as f:
                    return bakery.unbake(f)

            operations: dict[str, dict[str, Callable[[], object]]] = {
                "bake-memory/plain": {
                    "openbadges-bakery": bakery_bake_memory,
                    "openbadgeslib": lambda: obl.bake_png(plain, credential, keyword=ob3),
                },
                "bake-file/plain": {"openbadges-bakery": bakery_bake_file, "openbadgeslib": obl_bake_file},
            }
            for place in PLACES:
                bakery_bytes = bakery_files[place].read_bytes()
                obl_bytes = obl_files[place].read_bytes()
                operations[f"unbake-memory/{place}"] = {
                    "openbadges-bakery": lambda b=bakery_bytes: bakery.unbake(io.BytesIO(b)),
                    "openbadgeslib": lambda b=obl_bytes: obl.extract_png(b, keyword=ob3),
                }
                operations[f"unbake-file/{place}"] = {
                    "openbadges-bakery": lambda p=bakery_files[place]: bakery_unbake_file(p),
                    "openbadgeslib": lambda p=obl_files[place]: obl.extract_png(p.read_bytes(), keyword=ob3),
                }

            # Each peer must really do the work before it is timed.
            for peer, run in operations["bake-memory/plain"].items():
                baked = run()
                keyword = b"openbadges" if peer == "openbadges-bakery" else ob3
                read = bakery.unbake(io.BytesIO(baked)) if peer == "openbadges-bakery" else obl.extract_png(baked, keyword=keyword)
                assert read == credential, f"{peer} did not bake the credential"
            for operation, peers in operations.items():
                if operation.startswith("unbake"):
                    for peer, run in peers.items():
                        assert run() == credential, f"{peer} {operation} {size} did not read the credential"

            for operation, peers in operations.items():
                for peer, run in peers.items():
                    wall, cpu, reps = measure(run, args.budget)
                    results.setdefault((operation, size), {})[peer] = (wall, cpu, reps)
                    print(
                        f"  {operation:<26} {size:<7} {peer:<18} median wall {wall:9.3f} ms"
                        f"  cpu {cpu:9.3f} ms  ({reps} runs)",
                        flush=True,
                    )

    print()
    print("Rosette (Criterion median) against the fastest peer (median wall time):")
    found_any = False
    for (operation, size), peers in results.items():
        fastest, (wall, _, _) = min(peers.items(), key=lambda item: item[1][0])
        ours = rosette_median_ms(args.criterion, operation, size)
        if ours is None:
            print(f"  {operation:<26} {size:<7} rosette: no Criterion result   fastest peer {fastest} {wall:.3f} ms")
            continue
        found_any = True
        ratio = wall / ours
        speed = f"{ratio:8.1f}× faster" if ratio >= 1 else f"{1 / ratio:8.1f}× SLOWER"
        line = f"  {operation:<26} {size:<7} rosette {ours * 1e3:10.1f} µs   {fastest:<17} {wall:9.3f} ms {speed}"
        target = TARGETS.get((operation, size))
        if target:
            most, factor = target
            met = ours <= most and ratio >= factor
            line += f"   target ≤ {most * 1e3:g} µs and ≥ {factor}×: {'met' if met else 'MISSED'}"
        print(line)
    if not found_any:
        print("  (run `cargo bench --bench bake` first to compare with Rosette)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
