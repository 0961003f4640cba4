"""Samples for the report's browser: accepted and rejected lines of a run made uniform
(turns, verdicts, repairs, provenance), and the window of the document around each
evidence span (only the window is embedded, to keep the page small)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datarefinery.report.runfiles import jsonl_objects

TEXT_CAP = 4000  # characters of one turn or evidence shown
SOURCE_FIELDS = {"text", "title", "document", "source", "chunk_start", "chunk_end"}  # shown as the window


@dataclass
class Window:
    """The document text around a span: ``before`` + ``evidence`` (highlighted) + ``after``.
    ``chunk_only``: no span was located, so the start of the record's chunk is shown."""

    before: str
    evidence: str
    after: str
    cut_before: bool
    cut_after: bool
    chunk_only: bool = False


@dataclass
class Sample:
    """One accepted or rejected record as the browser shows it."""

    id: str
    status: str
    turns: list[tuple[str, str]]
    verdicts: list[dict[str, Any]]
    failed: list[dict[str, Any]] = field(default_factory=list)
    repairs: list[dict[str, Any]] = field(default_factory=list)
    document: str | None = None
    title: str = ""
    source: str = ""
    span: tuple[int, int] | None = None
    evidence: str | None = None
    chunk: tuple[int, int] | None = None
    window: Window | None = None
    note: str = ""

    @property
    def reasons(self) -> list[str]:
        """The reason codes of the failed verdicts that rejected the record, without repeats."""
        return list(dict.fromkeys(v["reason"] for v in self.failed))


def _cap(text: Any) -> str:
    s = text if isinstance(text, str) else json.dumps(text, ensure_ascii=False)
    return s if len(s) <= TEXT_CAP else s[:TEXT_CAP] + f" … [{len(s) - TEXT_CAP:,} more characters]"


def _verdicts(raw: Any) -> list[dict[str, Any]]:
    out = []
    for v in raw if isinstance(raw, list) else []:
        if isinstance(v, dict):
            out.append({"gate": str(v.get("gate", "")), "passed": bool(v.get("passed")), "score": v.get("score"),
                        "reason": str(v.get("reason", "")), "message": _cap(v.get("message") or "")})
    return out


def _repairs(raw: Any) -> list[dict[str, Any]]:
    return [{"action": str(r.get("action", "")), "field": str(r.get("field", "")),
             "reasons": [str(x) for x in r.get("reasons") or []],
             "before": _cap(r.get("before") or ""), "after": _cap(r.get("after") or "")}
            for r in (raw if isinstance(raw, list) else []) if isinstance(r, dict)]


def _span(prov: Any) -> tuple[str | None, tuple[int, int] | None, str | None]:
    if not isinstance(prov, dict):
        return None, None, None
    start, end = prov.get("start"), prov.get("end")
    span = (start, end) if isinstance(start, int) and isinstance(end, int) else None
    return prov.get("document"), span, prov.get("evidence")


def from_accepted(obj: dict[str, Any]) -> Sample:
    """A line of ``accepted.jsonl`` (``messages`` + ``metadata``)."""
    meta = obj.get("metadata") or {}
    turns = [(str(m.get("role", "")), _cap(m.get("content", ""))) for m in obj.get("messages") or []
             if isinstance(m, dict)]
    document, span, evidence = _span(meta.get("provenance"))
    return Sample(id=str(meta.get("id", "")), status="accepted", turns=turns, verdicts=_verdicts(meta.get("verdicts")),
                  repairs=_repairs(meta.get("repairs")), document=document, title=str(meta.get("title") or ""),
                  source=str(meta.get("source") or ""), span=span, evidence=evidence)


def from_rejected(obj: dict[str, Any], user_field: str, assistant_field: str) -> Sample:
    """A line of ``rejected.jsonl`` (a full record); its turns are the recipe's user and
    assistant fields, or, when it has neither, its other data fields."""
    data = obj.get("data") if isinstance(obj.get("data"), dict) else {}
    turns = [(role, _cap(data[name])) for role, name in (("user", user_field), ("assistant", assistant_field))
             if data.get(name) not in (None, "")]
    if not turns:  # rejected before the user turn existed: what the record had by then
        turns = [(name, _cap(value)) for name, value in data.items() if name not in SOURCE_FIELDS][:6]
    document, span, evidence = _span(obj.get("provenance"))
    chunk = None
    if isinstance(data.get("chunk_start"), int) and isinstance(data.get("chunk_end"), int):
        chunk = (data["chunk_start"], data["chunk_end"])
    # the latest failed verdict of each gate, as the run wrote it (else every failed verdict)
    failed = _verdicts(obj.get("failed")) or [v for v in _verdicts(obj.get("verdicts")) if not v["passed"]]
    return Sample(id=str(obj.get("id", "")), status="rejected", turns=turns, verdicts=_verdicts(obj.get("verdicts")),
                  failed=failed, repairs=_repairs(obj.get("repairs")),
                  document=document or (data.get("document") if isinstance(data.get("document"), str) else None),
                  title=str(data.get("title") or ""), source=str(data.get("source") or ""), span=span,
                  evidence=evidence, chunk=chunk)


def _window(text: str, sample: Sample, radius: int) -> Window | None:
    if sample.span is not None:
        start, end = sample.span
        if not 0 <= start <= end <= len(text):
            sample.note = f"span [{start}:{end}] lies outside the document ({len(text):,} characters)"
            return None
        if sample.evidence is not None and text[start:end] != sample.evidence:
            sample.note = "the evidence is not the document's text at its span (refinery verify reports this)"
        lo, hi = max(0, start - radius), min(len(text), end + radius)
        return Window(text[lo:start], _cap(text[start:end]), text[end:hi], lo > 0, hi < len(text))
    if sample.chunk is not None:
        start = max(0, min(sample.chunk[0], len(text)))
        hi = min(sample.chunk[1], start + 2 * radius, len(text))
        sample.note = "no evidence span was located for this record: the start of its chunk is shown"
        return Window(text[start:hi], "", "", start > 0, hi < len(text), chunk_only=True)
    return None


def attach_windows(samples: list[Sample], documents: Path, radius: int = 350) -> None:
    """Give each sample the window of its document around its span (``radius`` characters
    each side), reading ``documents.jsonl`` once and keeping only the windows."""
    wanted: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        if s.document and (s.span or s.chunk):
            wanted[s.document].append(s)
    for doc in jsonl_objects(documents):
        for s in wanted.pop(str(doc.get("id")), []):
            s.window = _window(str(doc.get("text") or ""), s, radius)
            if not s.title:
                s.title = str(doc.get("title") or "")
        if not wanted:
            break
    for missing in wanted.values():
        for s in missing:
            s.note = "its document is not in documents.jsonl"
