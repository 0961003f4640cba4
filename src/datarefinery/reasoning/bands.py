"""The band files of a calibrated run: ``solved.jsonl``, ``learnable.jsonl`` and
``unsolved.jsonl`` beside ``accepted.jsonl``.

They partition the accepted samples that carry a band (``metadata.band``, written by the
``calibrate`` node): each such line of ``accepted.jsonl`` is copied, unchanged, into the
file of its band, so ``accepted = solved + learnable + unsolved + unbanded`` and no
sample is counted twice. The counts go into the manifest (``counts.bands``) and
``refinery verify`` checks them (:func:`check_bands`). Written when the run ends (and
again at the end of a resumed run, from the whole ``accepted.jsonl``), each file to a
temporary name and renamed into place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

BANDS = ("solved", "learnable", "unsolved")
BAND_FILES = tuple(f"{b}.jsonl" for b in BANDS)


def _band(obj: dict[str, Any]) -> str | None:
    meta = obj.get("metadata")
    band = meta.get("band") if isinstance(meta, dict) else None
    return band if band in BANDS else None


def write_bands(run_dir: Path) -> dict[str, int] | None:
    """Split ``run_dir/accepted.jsonl`` into the band files; the count of each band and of
    ``unbanded`` samples, or ``None`` (and no files) when no accepted sample has a band.
    Unparsable lines are left to ``refinery verify``."""
    accepted = run_dir / "accepted.jsonl"
    if not accepted.is_file():
        return None
    counts = {b: 0 for b in BANDS}
    unbanded = 0
    tmps = {b: run_dir / f"{b}.jsonl.tmp" for b in BANDS}
    files = {b: p.open("w", encoding="utf-8") for b, p in tmps.items()}
    try:
        with accepted.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                band = _band(obj) if isinstance(obj, dict) else None
                if band is None:
                    unbanded += 1
                    continue
                files[band].write(line if line.endswith("\n") else line + "\n")
                counts[band] += 1
    finally:
        for f in files.values():
            f.close()
    if not any(counts.values()):
        for p in tmps.values():
            p.unlink(missing_ok=True)
        return None
    for b, p in tmps.items():
        os.replace(p, run_dir / f"{b}.jsonl")
    return {**counts, "unbanded": unbanded}


def check_bands(run_dir: Path, manifest: dict[str, Any], accepted: dict[str, str | None]) -> list[tuple[str, str]]:
    """Problems ``(file, message)`` with the band files of ``run_dir``: each line's id is an
    accepted sample's, in the file of that sample's band, once; each file's line count is the
    manifest's ``counts.bands``; the bands and unbanded samples add up to ``counts.accepted``.

    Args:
        accepted: accepted sample id → its band (``None``: unbanded).
    """
    want = (manifest.get("counts") or {}).get("bands")
    present = [b for b in BANDS if (run_dir / f"{b}.jsonl").is_file()]
    if want is None:
        return [(f"{b}.jsonl", "band file without counts.bands in manifest.json") for b in present]
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for band in BANDS:
        name = f"{band}.jsonl"
        if not (run_dir / name).is_file():
            problems.append((name, "missing (manifest.json counts bands)"))
            continue
        n = 0
        with (run_dir / name).open(encoding="utf-8") as lines:
            for i, line in enumerate(lines, 1):
                n += 1
                try:
                    rid = str(json.loads(line)["metadata"]["id"])
                except (ValueError, KeyError, TypeError):
                    problems.append((name, f"line {i}: not an accepted sample with metadata.id"))
                    continue
                if rid not in accepted:
                    problems.append((name, f"line {i}: {rid} is not in accepted.jsonl"))
                elif accepted[rid] != band:
                    problems.append((name, f"line {i}: {rid} has band {accepted[rid]!r} in accepted.jsonl"))
                elif rid in seen:
                    problems.append((name, f"line {i}: {rid} is in more than one band file"))
                seen.add(rid)
        if n != want.get(band):
            problems.append((name, f"{n} lines, manifest.json counts.bands.{band} is {want.get(band)}"))
    banded = sum(1 for b in accepted.values() if b is not None)
    if banded != len(seen):
        problems.append(("accepted.jsonl", f"{banded} samples carry a band but the band files hold {len(seen)}"))
    total = sum(int(want.get(k) or 0) for k in (*BANDS, "unbanded"))
    accepted_count = (manifest.get("counts") or {}).get("accepted")
    if total != accepted_count:
        problems.append(("manifest.json", f"counts.bands add up to {total}, counts.accepted is {accepted_count}"))
    return problems
