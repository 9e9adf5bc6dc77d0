#!/usr/bin/env python3
"""Baking interoperability: Rosette against the two PyPI baking libraries.

Peers (versions pinned in requirements.txt):
  openbadges-bakery  Open Badges 2.0 only: PNG keyword `openbadges`, SVG
                     `<openbadges:assertion>`. Its PNG chunk goes right after IHDR;
                     its SVG element is the root's first child, the namespace is
                     declared on the root, and the text sits in CDATA (plus `verify`).
  openbadgeslib      OB 2.0 signed assertions (JWS) and OB 3.0 (JWT-VC and Data
                     Integrity JSON), through its version-agnostic `baking` module,
                     called with the arguments its own signers use. Its PNG chunk goes
                     right before IEND; its SVG element is the root's last child, the
                     namespace is declared on the element, a JWS sits in `verify` and
                     Data Integrity JSON is the element's text (not CDATA).

For every credential/image pair a peer supports, both directions are checked byte
for byte:
  (a) the peer bakes the credential -> `rosette unbake FILE` prints exactly the
      same text, and `rosette --home TMP import FILE` exits 0;
  (b) `rosette bake FIXTURE --image IMG --out OUT` -> the peer's unbake returns
      exactly the credential text;
  (c) `rosette bake` over the peer's baked file replaces the credential: exactly
      one is left, and Rosette and the peer read it.
Cases a peer cannot do by design are printed as skipped, with the reason, and not
counted. The last line is `N passed, M failed`; the exit status is 0 only when M is 0.

Usage: baking.py [ROSETTE_BIN] [FIXTURES_DIR]
  ROSETTE_BIN   the `rosette` binary (default: $ROSETTE_BIN)
  FIXTURES_DIR  default: tests/fixtures of this repository
Normally run through run.sh, which makes the virtualenv and builds Rosette.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Callable, Optional

from openbadges_bakery import utils as bakery
from openbadgeslib import baking as obl
from openbadgeslib.ob2.verifier import OB2Verifier
from openbadgeslib.ob3.verifier import OB3Verifier

REPO = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CREDENTIAL_KEYWORDS = (b"openbadges", b"openbadgecredential")


# ── images ─────────────────────────────────────────────────────────────────────


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def make_png(side: int = 600) -> bytes:
    """A round gold badge, side×side RGBA, written with zlib alone. The IDAT stream
    is split into 8 KiB chunks as libpng writes it, and pHYs/tEXt chunks precede it
    as image editors leave them, so readers have real chunks to walk past."""
    centre = (side - 1) / 2
    radius = side * 0.47
    rows = bytearray()
    for y in range(side):
        rows.append(0)  # filter type None
        for x in range(side):
            d = math.hypot(x - centre, y - centre)
            if d > radius:
                rows += b"\x00\x00\x00\x00"
            elif d > radius * 0.9:
                rows += b"\x5d\x40\x37\xff"
            else:
                shade = int(255 - 90 * d / radius)
                rows += bytes((shade, int(shade * 0.8), 0x30 + (x * y) % 32, 0xFF))
    idat = zlib.compress(bytes(rows), 9)
    out = bytearray(PNG_SIGNATURE)
    out += png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0))
    out += png_chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1))
    out += png_chunk(b"tEXt", b"Software\x00rosette interop check")
    for at in range(0, len(idat), 8192):
        out += png_chunk(b"IDAT", idat[at : at + 8192])
    out += png_chunk(b"IEND", b"")
    return bytes(out)


# Short before `<svg`: openbadges-bakery only looks for it in the first 256 bytes.
SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600">
  <title>Interop badge \u2713</title>
  <!-- a gold star on a round badge -->
  <defs>
    <radialGradient id="gold"><stop offset="0" stop-color="#ffd54f"/><stop offset="1" stop-color="#f57f17"/></radialGradient>
  </defs>
  <circle cx="300" cy="300" r="280" fill="url(#gold)" stroke="#5d4037" stroke-width="12"/>
  <path d="M300 120 L350 250 L490 250 L375 330 L420 470 L300 385 L180 470 L225 330 L110 250 L250 250 Z" fill="#fff8e1"/>
  <text x="300" y="560" font-size="36" text-anchor="middle">Rosette &amp; friends</text>
</svg>
"""


# ── layout descriptions (printed with each case, so the matrix shows what was read) ─


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, at = [], len(PNG_SIGNATURE)
    while at + 12 <= len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        chunks.append((data[at + 4 : at + 8], data[at + 8 : at + 8 + length]))
        at += 12 + length
    return chunks


def png_layout(data: bytes) -> str:
    chunks = png_chunks(data)
    found = [
        i
        for i, (kind, body) in enumerate(chunks)
        if kind in (b"iTXt", b"tEXt", b"zTXt") and body.split(b"\0", 1)[0] in CREDENTIAL_KEYWORDS
    ]
    if not found:
        return "no credential chunk"
    i = found[0]
    kind, body = chunks[i]
    if i == 1:
        where = "right after IHDR"
    elif i == len(chunks) - 2:
        where = "right before IEND"
    else:
        following = ", ".join(k.decode() for k, _ in chunks[i + 1 :])
        where = f"chunk {i + 1} of {len(chunks)}, followed by {following}"
    keyword = body.split(b"\0", 1)[0].decode()
    return f"{kind.decode()} '{keyword}' {where}"


SVG_ELEMENT = re.compile(rb"<([A-Za-z_][\w.-]*):(assertion|credential)\b([^>]*)>")


def credential_count(kind: str, data: bytes) -> int:
    if kind == "png":
        return sum(
            1
            for k, body in png_chunks(data)
            if k in (b"iTXt", b"tEXt", b"zTXt") and body.split(b"\0", 1)[0] in CREDENTIAL_KEYWORDS
        )
    return len(SVG_ELEMENT.findall(data))


def svg_layout(data: bytes) -> str:
    m = SVG_ELEMENT.search(data)
    if not m:
        return "no credential element"
    prefix, local, attrs = m.group(1), m.group(2).decode(), m.group(3)
    ns = "namespace on the element" if b"xmlns:" + prefix in attrs else "namespace on the root"
    after = data[m.end() :]
    if attrs.endswith(b"/") or after.startswith(b"</"):
        body = "empty body"
    elif after.lstrip().startswith(b"<![CDATA["):
        body = "CDATA"
    else:
        body = "text body"
    verify = ", verify=" if b"verify=" in attrs else ""
    root_end = data.index(b">", data.index(b"<svg")) + 1
    first = not data[root_end : m.start()].strip()
    position = "first child" if first else "after other content"
    return f"<{prefix.decode()}:{local}> {position}, {ns}, {body}{verify}"


def layout(kind: str, data: bytes) -> str:
    return png_layout(data) if kind == "png" else svg_layout(data)


# ── credentials and peers ─────────────────────────────────────────────────────


@dataclass(frozen=True)
class Credential:
    key: str
    generation: str  # "ob2" | "ob3"
    fixture: Path
    text: str

    @property
    def is_json(self) -> bool:
        return self.text.lstrip().startswith("{")


class Skip(Exception):
    """The peer cannot do this case by design."""


@dataclass
class Peer:
    name: str
    version: str
    bake: Callable[[Credential, str, bytes, str], bytes]  # (credential, kind, image, text) -> baked
    unbake: Callable[[Credential, str, bytes], Optional[str]]  # (credential, kind, baked) -> text
    # Why a case is impossible by design (None: supported), per direction "a"/"b".
    refuses: Callable[[Credential, str, str], Optional[str]]
    # The exact text this peer can carry for a credential in this image kind.
    text_for: Callable[[Credential, str], str]


def _bakery_bake(cred: Credential, kind: str, image: bytes, text: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, f"in.{kind}"), Path(tmp, f"out.{kind}")
        src.write_bytes(image)
        with open(src, "rb") as image_file, open(dst, "w+b") as out:
            bakery.bake(image_file, text, out)
        return dst.read_bytes()


def _bakery_unbake(cred: Credential, kind: str, baked: bytes) -> Optional[str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, f"baked.{kind}")
        path.write_bytes(baked)
        with open(path, "rb") as f:
            return bakery.unbake(f)


def _bakery_refuses(cred: Credential, kind: str, direction: str) -> Optional[str]:
    if cred.generation == "ob3":
        return "openbadges-bakery is OB 2.0 only (PNG keyword `openbadges`, SVG <openbadges:assertion>)"
    if kind == "svg" and cred.is_json and direction == "b":
        return (
            "openbadges-bakery's SVG unbake returns the `verify` attribute in preference to the CDATA "
            "(also for files it bakes itself), and OB 2.0 SVG carries the hosted URL in `verify` beside the JSON"
        )
    return None


OBL_VERSION = version("openbadgeslib")


def _obl_bake(cred: Credential, kind: str, image: bytes, text: str) -> bytes:
    # The arguments OB2Signer / OB3Signer / OB3 Data Integrity signer pass in 4.6.3.
    if kind == "png":
        if cred.generation == "ob2":
            return obl.bake_png(image, text, text_comment=f"Signed with OpenBadgesLib {OBL_VERSION} (OB 2.0 JWS)")
        return obl.bake_png(image, text, keyword=obl.ITXT_KEYWORD_OB3)
    if cred.generation == "ob2":
        return obl.bake_svg(image, text, comment=f" Signed with OpenBadgesLib {OBL_VERSION} (OB 2.0 JWS) ")
    if cred.is_json:
        return obl.bake_svg(
            image,
            text,
            comment=f" Signed with OpenBadgesLib {OBL_VERSION} (OB 3.0 Data Integrity) ",
            element=obl.SVG_ELEMENT_OB3,
            namespace=obl.SVG_NS_OB3,
            as_text=True,
        )
    return obl.bake_svg(
        image,
        text,
        comment=f" Signed with OpenBadgesLib {OBL_VERSION} (OB 3.0 JWT-VC) ",
        element=obl.SVG_ELEMENT_OB3,
        namespace=obl.SVG_NS_OB3,
    )


def _obl_unbake(cred: Credential, kind: str, baked: bytes) -> Optional[str]:
    verifier = OB2Verifier if cred.generation == "ob2" else OB3Verifier
    return verifier.extract_token_from_png(baked) if kind == "png" else verifier.extract_token_from_svg(baked)


def _obl_refuses(cred: Credential, kind: str, direction: str) -> Optional[str]:
    if cred.generation == "ob2" and cred.is_json:
        return (
            "openbadgeslib's OB 2.0 path carries signed assertions (JWS) only: OB2Signer bakes a JWS "
            "and OB2Verifier.extract_token_from_svg reads only the `verify` attribute"
        )
    return None


def _obl_text_for(cred: Credential, kind: str) -> str:
    # Data Integrity JSON in SVG is the element's text, which openbadgeslib (and Rosette)
    # strip of surrounding whitespace when reading: the credential's JSON is compared
    # without the fixture file's final newline (the JSON itself is unchanged).
    if kind == "svg" and cred.is_json:
        return cred.text.strip()
    return cred.text


PEERS = [
    Peer(
        "openbadges-bakery",
        version("openbadges-bakery"),
        _bakery_bake,
        _bakery_unbake,
        _bakery_refuses,
        lambda cred, kind: cred.text,
    ),
    Peer("openbadgeslib", OBL_VERSION, _obl_bake, _obl_unbake, _obl_refuses, _obl_text_for),
]


# ── the checks ────────────────────────────────────────────────────────────────


def difference(expected: str, got: Optional[str]) -> str:
    if got is None:
        return "got nothing"
    e, g = expected.encode(), got.encode()
    at = next((i for i, (a, b) in enumerate(zip(e, g)) if a != b), min(len(e), len(g)))
    return f"differs at byte {at}: expected {len(e)} bytes {e[at:at + 24]!r}…, got {len(g)} bytes {g[at:at + 24]!r}…"


class Run:
    def __init__(self, rosette: Path, work: Path):
        self.rosette = rosette
        self.work = work
        self.passed = self.failed = self.skipped = 0
        self.counter = 0

    def line(self, status: str, label: str, detail: str) -> None:
        print(f"{status:<4}  {label}: {detail}", flush=True)

    def record(self, ok: bool, label: str, detail: str) -> None:
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        self.line("ok" if ok else "FAIL", label, detail)

    def skip(self, label: str, reason: str) -> None:
        self.skipped += 1
        self.line("skip", label, reason)

    def fresh(self, name: str) -> Path:
        self.counter += 1
        path = self.work / f"{self.counter:02d}-{name}"
        return path

    def rosette_run(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([str(self.rosette), *args], capture_output=True, timeout=120)

    def peer_bakes(self, peer: Peer, cred: Credential, kind: str, image: bytes) -> None:
        label = f"{peer.name} bakes {cred.key} into {kind}"
        reason = peer.refuses(cred, kind, "a")
        if reason:
            self.skip(f"{label} -> rosette", reason)
            return
        text = peer.text_for(cred, kind)
        try:
            baked = peer.bake(cred, kind, image, text)
        except Exception as exc:  # a broken peer is a finding, not a crash
            self.record(False, f"{label} -> rosette", f"the peer failed to bake: {type(exc).__name__}: {exc}")
            return
        path = self.fresh(f"{peer.name}-{cred.key}.{kind}")
        path.write_bytes(baked)
        where = layout(kind, baked)
        note = "" if text == cred.text else " (fixture without its final newline)"

        out = self.rosette_run("unbake", str(path))
        got = out.stdout.decode("utf-8", "replace") if out.returncode == 0 else None
        if out.returncode != 0:
            detail = f"exit {out.returncode}: {out.stderr.decode(errors='replace').strip()} [{where}]"
        elif got == text:
            detail = f"identical text, {len(text.encode())} bytes{note} [{where}]"
        else:
            detail = f"{difference(text, got)} [{where}]"
        self.record(got == text, f"{label} -> rosette unbake", detail)

        home = self.fresh("home")
        out = self.rosette_run("--home", str(home), "import", str(path))
        said = (out.stdout.decode(errors="replace").strip() or out.stderr.decode(errors="replace").strip()).splitlines()
        first = said[0] if said else ""
        self.record(out.returncode == 0, f"{label} -> rosette import", f"exit {out.returncode}: {first}")
        self.rosette_rebakes(peer, cred, kind, path, text)

    def rosette_rebakes(self, peer: Peer, cred: Credential, kind: str, peer_baked: Path, text: str) -> None:
        """(c) Baking over the peer's file replaces its credential: one is left, and both read it."""
        label = f"rosette re-bakes {cred.key} over {peer.name}'s {kind}"
        fixture = cred.fixture
        if text != cred.text:
            fixture = self.fresh(cred.fixture.name)
            fixture.write_text(text, encoding="utf-8")
        out_path = self.fresh(f"rebaked-{cred.key}.{kind}")
        out = self.rosette_run("bake", str(fixture), "--image", str(peer_baked), "--out", str(out_path))
        if out.returncode != 0:
            self.record(False, label, f"rosette bake exit {out.returncode}: {out.stderr.decode(errors='replace').strip()}")
            return
        baked = out_path.read_bytes()
        where = layout(kind, baked)
        problems = []
        if (count := credential_count(kind, baked)) != 1:
            problems.append(f"{count} credentials in the file")
        unbaked = self.rosette_run("unbake", str(out_path))
        if unbaked.returncode != 0 or unbaked.stdout != text.encode():
            problems.append(f"rosette unbake: {difference(text, unbaked.stdout.decode(errors='replace'))}")
        peer_reads = peer.refuses(cred, kind, "b") is None
        if peer_reads:
            try:
                got = peer.unbake(cred, kind, baked)
            except Exception as exc:
                got = f"{type(exc).__name__}: {exc}"
            if got != text:
                problems.append(f"{peer.name} unbake: {difference(text, got)}")
        readers = "rosette and the peer read" if peer_reads else "rosette reads"
        detail = "; ".join(problems) if problems else f"one credential left, {readers} it exactly"
        self.record(not problems, label, f"{detail} [{where}]")

    def rosette_bakes(self, peer: Peer, cred: Credential, kind: str, image_path: Path) -> None:
        label = f"rosette bakes {cred.key} into {kind} -> {peer.name} unbake"
        reason = peer.refuses(cred, kind, "b")
        if reason:
            self.skip(label, reason)
            return
        text = peer.text_for(cred, kind)
        fixture = cred.fixture
        if text != cred.text:
            fixture = self.fresh(cred.fixture.name)
            fixture.write_text(text, encoding="utf-8")
        out_path = self.fresh(f"rosette-{cred.key}.{kind}")
        out = self.rosette_run("bake", str(fixture), "--image", str(image_path), "--out", str(out_path))
        if out.returncode != 0:
            self.record(False, label, f"rosette bake exit {out.returncode}: {out.stderr.decode(errors='replace').strip()}")
            return
        baked = out_path.read_bytes()
        where = layout(kind, baked)
        try:
            got = peer.unbake(cred, kind, baked)
        except Exception as exc:
            self.record(False, label, f"the peer failed to read it: {type(exc).__name__}: {exc} [{where}]")
            return
        note = "" if text == cred.text else " (fixture without its final newline)"
        detail = f"identical text, {len(text.encode())} bytes{note}" if got == text else difference(text, got)
        self.record(got == text, label, f"{detail} [{where}]")


CREDENTIALS = [
    ("ob2-json", "ob2", "ob2-assertion-embedded.json"),
    ("ob2-jws", "ob2", "ob2-signed.jws"),
    ("ob3-json", "ob3", "ob3-vc2-eddsa-rdfc-2022.json"),
    ("ob3-jwt", "ob3", "ob3-vc2-jwt-eddsa.jwt"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rosette", nargs="?", default=os.environ.get("ROSETTE_BIN"), help="the rosette binary")
    parser.add_argument("fixtures", nargs="?", default=str(REPO / "tests" / "fixtures"), type=Path)
    args = parser.parse_args()
    if not args.rosette:
        parser.error("give the rosette binary as the first argument or in ROSETTE_BIN")
    rosette = Path(args.rosette).resolve()
    if not os.access(rosette, os.X_OK):
        parser.error(f"{rosette} is not an executable")

    credentials = [
        Credential(key, generation, args.fixtures / name, (args.fixtures / name).read_text(encoding="utf-8"))
        for key, generation, name in CREDENTIALS
    ]
    print(f"python {sys.version.split()[0]}; " + ", ".join(f"{p.name} {p.version}" for p in PEERS), flush=True)

    with tempfile.TemporaryDirectory(prefix="rosette-interop-") as tmp:
        work = Path(tmp)
        images = {"png": make_png(600), "svg": SVG.encode("utf-8")}
        image_paths = {}
        for kind, data in images.items():
            image_paths[kind] = work / f"badge.{kind}"
            image_paths[kind].write_bytes(data)
        run = Run(rosette, work)
        for peer in PEERS:
            for cred in credentials:
                for kind in ("png", "svg"):
                    run.peer_bakes(peer, cred, kind, images[kind])
                    run.rosette_bakes(peer, cred, kind, image_paths[kind])
        print(f"({run.skipped} cases skipped by design)")
        print(f"{run.passed} passed, {run.failed} failed")
        return 0 if run.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
