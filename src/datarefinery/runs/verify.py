"""``refinery verify``: check a run directory as someone about to train on it would.

The promise of a run — every record accounted for, every accepted answer traceable to
its evidence — made checkable by anyone, on any copy of the directory:

- every line of every JSONL file is whole and parses as a JSON object;
- record ids are unique across ``accepted``, ``rejected`` and ``errored``, and every
  record belongs to an input record the journal names;
- the manifest's counts balance against the files and the journal
  (``records_in + children − expanded == accepted + rejected + errored``; the rejected
  lines carry the manifest's reasons);
- every accepted record's provenance holds: ``documents[document].text[start:end] ==
  evidence`` (for runs over documents; a run over a dataset, ``refinery curate``, has no
  ``documents.jsonl`` entries: its spans came with the input and are not checked);
- the files the manifest lists exist with the line count and sha256 it recorded;
- a calibrated run's band files (``solved/learnable/unsolved.jsonl``) partition the banded
  accepted samples, as ``counts.bands`` says (:mod:`datarefinery.reasoning.bands`).

:func:`verify_run` returns every problem found (file, line, record id, message); the run
itself calls it when it ends and records the result in the manifest.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datarefinery.reasoning.bands import BAND_FILES, check_bands
from datarefinery.runs.rundir import STREAMS, root_of

JSONL_FILES = ("journal", "documents", *STREAMS)  # the journal first: records are checked against it
LISTED_FILES = tuple(f"{n}.jsonl" for n in JSONL_FILES) + ("run.json", "recipe.resolved.yaml") + BAND_FILES


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a run directory."""

    file: str
    message: str
    line: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: " + (f"record {self.record}: " if self.record else "") + self.message


@dataclass
class VerifyReport:
    """What :func:`verify_run` found. ``records``: output lines checked."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    records: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self, max_problems: int = 50) -> dict[str, Any]:
        return {"ok": self.ok, "records_checked": self.records, "problems": len(self.problems),
                "first_problems": [str(p) for p in self.problems[:max_problems]]}


def file_digests(path: Path) -> dict[str, dict[str, Any]]:
    """Line count, size (bytes) and sha256 of the run files in ``path`` (for the manifest's
    ``files``, which :func:`verify_run` checks later)."""
    out: dict[str, dict[str, Any]] = {}
    for name in LISTED_FILES:
        f = path / name
        if f.is_file():
            digest, lines, size = hashlib.sha256(), 0, 0
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
                    lines += chunk.count(b"\n")
                    size += len(chunk)
            out[name] = {"lines": lines, "bytes": size, "sha256": digest.hexdigest()}
    return out


def _lines(path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` of every good line; a problem for every bad one."""
    name = path.name
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        for n, line in enumerate(f, 1):
            if not line.endswith("\n"):
                problems.append(Problem(name, "torn line (no newline at the end: the writer stopped mid-line)", n))
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                problems.append(Problem(name, f"not JSON ({exc})", n))
                continue
            if not isinstance(obj, dict):
                problems.append(Problem(name, "not a JSON object", n))
                continue
            yield n, obj


def _record_id(stream: str, obj: dict[str, Any]) -> Any:
    if stream == "accepted":
        meta = obj.get("metadata")
        return meta.get("id") if isinstance(meta, dict) else None
    return obj.get("id")


def _short(text: str, n: int = 60) -> str:
    return repr(text if len(text) <= n else text[:n] + "…")


def verify_run(path: Path) -> VerifyReport:
    """Check the run directory ``path`` (see the module docstring). Never raises on a bad
    directory: everything wrong is a :class:`Problem` in the report."""
    report = VerifyReport(path)
    problems = report.problems
    if not path.is_dir():
        problems.append(Problem(str(path), "not a directory"))
        return report
    manifest: dict[str, Any] | None = None
    if not (path / "manifest.json").is_file():
        problems.append(Problem("manifest.json", "missing: the run did not finish (continue it with --resume)"))
    else:
        try:
            manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            problems.append(Problem("manifest.json", f"not JSON ({exc})"))

    documents: set[str] = set()  # ids only: texts are read again, one at a time, for the provenance check
    journal: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    source_failures = 0
    seen: dict[str, str] = {}
    accepted: list[tuple[int, dict[str, Any]]] = []
    for stream in JSONL_FILES:
        f = path / f"{stream}.jsonl"
        if not f.is_file():
            problems.append(Problem(f.name, "missing"))
            continue
        for n, obj in _lines(f, problems):
            if stream == "documents":
                if isinstance(obj.get("id"), str) and isinstance(obj.get("text"), str):
                    documents.add(obj["id"])
                else:
                    problems.append(Problem(f.name, "a document needs a string id and text", n))
                continue
            if stream == "journal":
                journal[str(obj.get("root"))] += 1
                continue
            report.records += 1
            counts[stream] += 1
            rid = _record_id(stream, obj)
            if stream == "errored" and rid is None and (obj.get("error") or {}).get("node") == "data":
                source_failures += 1  # an input that never became a record
                continue
            if rid is None:
                problems.append(Problem(f.name, "record without an id", n))
                continue
            where = f"{f.name}:{n}"
            if rid in seen:
                problems.append(Problem(f.name, f"id also at {seen[rid]}", n, rid))
            else:
                seen[rid] = where
            root = root_of(stream, obj)
            if (path / "journal.jsonl").is_file() and root not in journal:
                problems.append(Problem(f.name, f"its input record {root} is not in journal.jsonl (a partial tree)",
                                        n, rid))
            if stream == "rejected":
                reasons.update(v.get("reason") for v in obj.get("failed", []) if isinstance(v, dict))
            elif stream == "accepted":
                accepted.append((n, obj))
        if stream == "journal":
            for root, k in journal.items():
                if k > 1:
                    problems.append(Problem(f.name, f"input record {root} journaled {k} times"))

    if documents:  # a run over a dataset reads no documents: its spans came with the input lines
        _check_provenance(path / "documents.jsonl", accepted, documents, problems)
    if manifest is not None:
        _check_manifest(path, manifest, counts, reasons, source_failures, sum(journal.values()), problems)
        banded = {str(_record_id("accepted", obj)): (obj.get("metadata") or {}).get("band") for _, obj in accepted}
        problems.extend(Problem(f, m) for f, m in check_bands(path, manifest, banded))
    return report


def _claims(accepted: list[tuple[int, dict[str, Any]]], problems: dict[int, Problem]
            ) -> dict[str, list[tuple[int, str | None, int, int, str]]]:
    """The provenance of accepted records, ``document → [(line, record id, start, end,
    evidence)]``; a record whose provenance lacks a part gets a problem by its line."""
    out: dict[str, list[tuple[int, str | None, int, int, str]]] = {}
    for n, obj in accepted:
        meta = obj.get("metadata") or {}
        prov = meta.get("provenance")
        if not prov:
            continue
        rid = meta.get("id")
        try:
            doc, start, end, evidence = prov["document"], int(prov["start"]), int(prov["end"]), prov["evidence"]
            if not isinstance(doc, str):
                raise TypeError("document is not a string")
        except (KeyError, TypeError, ValueError):
            problems[n] = Problem("accepted.jsonl", "provenance lacks document, start, end or evidence", n, rid)
            continue
        out.setdefault(doc, []).append((n, rid, start, end, evidence))
    return out


def _check_provenance(documents_file: Path, accepted: list[tuple[int, dict[str, Any]]], ids: set[str],
                      problems: list[Problem]) -> None:
    """Every accepted record's evidence against its document's text at its span, reading
    ``documents.jsonl`` once more, one document at a time (the last line of an id wins);
    problems in the order of the accepted lines."""
    found: dict[int, Problem] = {}
    claims = _claims(accepted, found)
    for doc, doc_claims in claims.items():
        if doc not in ids:
            for n, rid, _, _, _ in doc_claims:
                found[n] = Problem("accepted.jsonl", f"provenance names document {doc}, which documents.jsonl lacks",
                                   n, rid)
    for _, obj in _lines(documents_file, []):  # its bad lines were reported on the first reading
        doc, text = obj.get("id"), obj.get("text")
        doc_claims = claims.get(doc) if isinstance(doc, str) and isinstance(text, str) else None
        if not doc_claims:
            continue
        for n, rid, start, end, evidence in doc_claims:
            found.pop(n, None)
            if text[start:end] != evidence:
                found[n] = Problem("accepted.jsonl", f"evidence {_short(evidence)} is not the text of {doc} at "
                                   f"[{start}:{end}] ({_short(text[start:end])})", n, rid)
    problems.extend(found[n] for n in sorted(found))


def _check_manifest(path: Path, manifest: dict[str, Any], counts: Counter[str], reasons: Counter[str],
                    source_failures: int, journaled: int, problems: list[Problem]) -> None:
    c = manifest.get("counts") or {}
    failed_sources = len((manifest.get("sources") or {}).get("failed") or [])
    expected = {"accepted": c.get("accepted"), "rejected": c.get("rejected"), "errored": c.get("errored")}
    for stream, want in expected.items():
        if want != counts[stream] - (source_failures if stream == "errored" else 0):
            problems.append(Problem("manifest.json", f"counts.{stream} is {want} but {stream}.jsonl holds "
                                    f"{counts[stream]} records" + (f" ({source_failures} of them unreadable sources)"
                                                                   if stream == "errored" and source_failures else "")))
    if source_failures != failed_sources:
        problems.append(Problem("manifest.json", f"sources.failed lists {failed_sources} unreadable sources but "
                                f"errored.jsonl holds {source_failures}"))
    try:
        if c["records_in"] + c["children"] - c["expanded"] != c["accepted"] + c["rejected"] + c["errored"]:
            problems.append(Problem("manifest.json", "counts do not balance: records_in + children - expanded != "
                                    "accepted + rejected + errored"))
        if c["records_in"] != journaled:
            problems.append(Problem("manifest.json", f"counts.records_in is {c['records_in']} but journal.jsonl names "
                                    f"{journaled} input records"))
    except (KeyError, TypeError):
        problems.append(Problem("manifest.json", "counts lacks records_in, children, expanded or a stream count"))
    by_reason = {k: v for k, v in (c.get("rejected_by_reason") or {}).items() if v}
    if by_reason != {k: v for k, v in reasons.items() if v}:
        problems.append(Problem("manifest.json", f"counts.rejected_by_reason {dict(sorted(by_reason.items()))} differs "
                                f"from the reasons in rejected.jsonl {dict(sorted(reasons.items()))}"))
    digests = file_digests(path)
    for name, want in (manifest.get("files") or {}).items():
        got = digests.get(name)
        if got is None:
            problems.append(Problem(name, "named in manifest.json but missing"))
        elif got["lines"] != want.get("lines"):
            problems.append(Problem(name, f"{got['lines']} lines, manifest.json recorded {want.get('lines')}"))
        elif got["sha256"] != want.get("sha256"):
            problems.append(Problem(name, "changed after the run wrote it (sha256 differs from manifest.json)"))
