"""The run directory: the outputs of a run and the record of how it was made.

Layout of ``runs/<name>/``::

    accepted.jsonl        training samples (the output format) with provenance and verdicts
    rejected.jsonl        full records that failed a gate, each failed verdict with its reason code
    errored.jsonl         full records (or unreadable sources) with exception type, message and node
    documents.jsonl       the extracted text of every document used (spans index into it), in
                          place once the input is read (until then documents.jsonl.tmp)
    journal.jsonl         one line per input record whose whole tree is written (for --resume)
    run.json              how the run was started (input, limit, seed), for --resume
    recipe.resolved.yaml  the recipe as run, overrides applied
    manifest.json         model identities, counts, per-node stats, tokens, wall time,
                          the files' line counts and sha256, and ``refinery verify``'s result
    .lock                 held by the live run (see :mod:`datarefinery.runs.ownership`)

One run owns the directory at a time (an OS lock). Files written whole are written to a
temporary file and renamed into place; the JSONL files are only appended, by their owner.

Records are appended as they finish and flushed at least every ``flush_seconds``, output
files always before the journal; an input record's journal line is written only after
every record of its tree, so after a crash (even ``kill -9``)
:meth:`RunDir.resume` keeps exactly the trees the journal names and drops the rest, which
the resumed run produces again: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import yaml

from datarefinery.errors import RecipeError
from datarefinery.export.messages import MessagesFormat
from datarefinery.graph.executor import RootTally, RunCounts
from datarefinery.recipes.schema import Recipe
from datarefinery.records import Record, Status
from datarefinery.sources.base import Document
from datarefinery.sources.documents import SourceFailure

STREAMS = ("accepted", "rejected", "errored")


def output_line(record: Record, fmt: MessagesFormat) -> tuple[str, str]:
    """The stream (``accepted``, ``rejected`` or ``errored``) and JSON line of a finished
    record. An accepted record that the output format cannot convert (a missing field)
    becomes errored (``ExportError``), its status changed accordingly."""
    if record.status is Status.ACCEPTED:
        try:
            return "accepted", json.dumps(fmt.convert(record), ensure_ascii=False)
        except (KeyError, TypeError, ValueError) as exc:
            record.status = Status.ERRORED
            record.error = {"type": "ExportError", "message": f"{type(exc).__name__}: {exc}", "node": "output"}
    if record.status is Status.REJECTED:
        obj = record.to_dict()
        obj["failed"] = [v.to_dict() for v in record.failed_verdicts()]
        return "rejected", json.dumps(obj, ensure_ascii=False)
    return "errored", json.dumps(record.to_dict(), ensure_ascii=False)


def root_of(stream: str, obj: dict[str, Any]) -> str | None:
    """The input record (root) an output line of ``stream`` belongs to."""
    if stream == "accepted":
        meta = obj.get("metadata")
        return meta.get("root_id") if isinstance(meta, dict) else None
    return obj.get("root_id")


def _complete_lines(path: Path) -> Iterable[dict[str, Any]]:
    """Objects of the whole, parseable lines of ``path`` (a torn last line is skipped)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.endswith("\n"):
                return
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict):
                yield obj


def _rewrite(path: Path, lines: Iterable[str]) -> None:
    """Write ``lines`` to a temporary file and rename it over ``path``: a kill at any moment
    leaves either the old file or the new one, never a part."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _write_whole(path: Path, text: str) -> None:
    """``path`` replaced by ``text`` atomically (see :func:`_rewrite`)."""
    _rewrite(path, [text.removesuffix("\n")])


class RunDir:
    """Writes a run's files.

    Args:
        path: the run directory (created), owned by the caller (see
            :func:`~datarefinery.runs.ownership.claim_run_dir`).
        recipe: the recipe as run.
        resume: continue the run already in ``path`` instead of starting afresh (see
            :meth:`resume`); the files are then appended to.
        flush_seconds: longest time a finished record waits in memory (a crash loses at
            most this much work, which the resumed run redoes).
    """

    def __init__(self, path: Path, recipe: Recipe, resume: bool = False, flush_seconds: float = 0.2):
        self.path = path
        self.flush_seconds = flush_seconds
        self._last_flush = time.monotonic()
        self.format = MessagesFormat(recipe.output)
        self.done: set[str] = set()
        self.prior = RunCounts()
        if resume:
            self.resume(recipe)
        else:
            path.mkdir(parents=True, exist_ok=True)
            _write_whole(path / "recipe.resolved.yaml",
                         yaml.safe_dump(recipe.model_dump(mode="json", by_alias=True), sort_keys=False,
                                        allow_unicode=True))
        mode = "a" if resume else "w"
        self._files: dict[str, IO[str]] = {
            name: (path / f"{name}.jsonl").open(mode, encoding="utf-8") for name in (*STREAMS, "journal")
        }
        self._documents_tmp = path / "documents.jsonl.tmp"
        self._documents = self._documents_tmp.open("w", encoding="utf-8")

    def resume(self, recipe: Recipe) -> None:
        """Keep the trees the journal names, drop partial ones, and fill ``done`` (input
        record ids to skip) and ``prior`` (their counts).

        Raises:
            RecipeError: ``path`` is not a run directory, or ``recipe`` differs from the
                recipe it was run with.
        """
        resolved = self.path / "recipe.resolved.yaml"
        if not resolved.is_file():
            raise RecipeError("not a run directory (no recipe.resolved.yaml); nothing to resume", path=str(self.path))
        before = yaml.safe_load(resolved.read_text(encoding="utf-8"))
        now = recipe.model_dump(mode="json", by_alias=True)
        changed = sorted(k for k in set(before) | set(now) if before.get(k) != now.get(k))
        if changed:
            raise RecipeError(f"the recipe differs from the one this run was started with (in {', '.join(changed)}); "
                              "resume with the same recipe and options", path=str(resolved))
        trees: dict[str, RootTally] = {}
        for obj in _complete_lines(self.path / "journal.jsonl"):
            trees[str(obj["root"])] = RootTally(0, int(obj.get("children", 0)), int(obj.get("expanded", 0)))
        _rewrite(self.path / "journal.jsonl",
                 (json.dumps({"root": r, "children": t.children, "expanded": t.expanded}) for r, t in trees.items()))
        self.done = set(trees)
        prior = RunCounts(records_in=len(trees), children=sum(t.children for t in trees.values()),
                          expanded=sum(t.expanded for t in trees.values()))
        for stream in STREAMS:  # streamed: a resumed run of millions of records is not loaded at once
            path = self.path / f"{stream}.jsonl"
            kept = (obj for obj in _complete_lines(path) if root_of(stream, obj) in trees)
            _rewrite(path, (self._tally(prior, stream, obj) for obj in kept))
        self.prior = prior

    @staticmethod
    def _tally(prior: RunCounts, stream: str, obj: dict[str, Any]) -> str:
        """Count a kept output line into ``prior``; the line to write back."""
        setattr(prior, stream, getattr(prior, stream) + 1)
        if stream == "rejected":
            prior.rejected_by_reason.update(v["reason"] for v in obj.get("failed", []))
        elif stream == "errored":
            error = obj.get("error")
            prior.errored_by_type[error["type"] if isinstance(error, dict) and "type" in error else "Error"] += 1
        return json.dumps(obj, ensure_ascii=False)

    def write_line(self, stream: str, line: str) -> None:
        self._files[stream].write(line + "\n")
        if time.monotonic() - self._last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Flush the output files, then the journal (so the journal never names a record
        that is not on disk)."""
        for f in self._files.values():  # the journal is last in the dict
            f.flush()
        self._last_flush = time.monotonic()

    def write_record(self, record: Record) -> None:
        """Append a finished record to the file of its status (see :func:`output_line`)."""
        self.write_line(*output_line(record, self.format))

    def write_root_done(self, root: str, tally: RootTally) -> None:
        """Journal an input record whose whole tree is written."""
        self.write_line("journal", json.dumps({"root": root, "children": tally.children, "expanded": tally.expanded}))

    def write_source_failure(self, failure: SourceFailure) -> None:
        """An input that never became a record (unreadable, empty, unsupported file)."""
        self.write_line("errored", json.dumps({"id": None, "status": "errored", "source": failure.source,
                                               "error": {"type": failure.error_type, "message": failure.message,
                                                         "node": "data"}}, ensure_ascii=False))

    def write_document(self, doc: Document) -> None:
        """Append a document used by the run to ``documents.jsonl`` (written to a temporary
        file while the input streams; see :meth:`finish_documents`)."""
        self._documents.write(json.dumps({"id": doc.id, "source": doc.source, "title": doc.title, "format": doc.format,
                                          "chars": len(doc.text), "text": doc.text}, ensure_ascii=False) + "\n")

    def finish_documents(self) -> None:
        """Put the documents written so far in place as ``documents.jsonl`` (atomically:
        until then a resumed run keeps the complete file of the session before it). Call
        once the input is exhausted; a run over a dataset leaves the file empty."""
        self._documents.flush()
        os.fsync(self._documents.fileno())
        self._documents.close()
        os.replace(self._documents_tmp, self.path / "documents.jsonl")

    def write_documents(self, documents: Iterable[Document]) -> None:
        """``documents.jsonl`` holding ``documents`` (:meth:`write_document` each, then
        :meth:`finish_documents`)."""
        for d in documents:
            self.write_document(d)
        self.finish_documents()

    def write_json(self, name: str, obj: dict[str, Any]) -> None:
        """``manifest.json``, ``run.json``…, written atomically."""
        _write_whole(self.path / name, json.dumps(obj, indent=2, ensure_ascii=False))

    def read_json(self, name: str) -> dict[str, Any]:
        return json.loads((self.path / name).read_text(encoding="utf-8"))

    def close(self) -> None:
        """Flush and close the files; documents not put in place by
        :meth:`finish_documents` (a run that failed) are dropped."""
        self.flush()
        for f in self._files.values():
            f.close()
        if not self._documents.closed:
            self._documents.close()
            self._documents_tmp.unlink(missing_ok=True)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """All objects of a JSONL file (for tests and reports)."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
