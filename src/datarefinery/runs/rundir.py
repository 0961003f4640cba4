"""The run directory: the outputs of a run and the record of how it was made.

Layout of ``runs/<name>/``::

    accepted.jsonl        training samples (the output format) with provenance and verdicts
    rejected.jsonl        full records that failed a gate, each failed verdict with its reason code
    errored.jsonl         full records (or unreadable sources) with exception type, message and node
    documents.jsonl       the extracted text of every document used (spans index into it)
    recipe.resolved.yaml  the recipe as run, overrides applied
    manifest.json         model identities, counts, per-node stats, tokens, wall time
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import yaml

from datarefinery.export.messages import MessagesFormat
from datarefinery.recipes.schema import Recipe
from datarefinery.records import Record, Status
from datarefinery.sources.base import Document
from datarefinery.sources.documents import SourceFailure


class RunDir:
    """Writes a run's files; records are appended and flushed as they finish, so a crash
    loses nothing already written."""

    def __init__(self, path: Path, recipe: Recipe):
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.format = MessagesFormat(recipe.output)
        (path / "recipe.resolved.yaml").write_text(
            yaml.safe_dump(recipe.model_dump(mode="json", by_alias=True), sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
        self._files: dict[str, IO[str]] = {
            name: (path / f"{name}.jsonl").open("w", encoding="utf-8") for name in ("accepted", "rejected", "errored")
        }

    def _write(self, name: str, obj: dict[str, Any]) -> None:
        f = self._files[name]
        f.write(json.dumps(obj, ensure_ascii=False) + "\n")
        f.flush()

    def write_record(self, record: Record) -> None:
        """Append a finished record to the file of its status."""
        if record.status is Status.ACCEPTED:
            self._write("accepted", self.format.convert(record))
        elif record.status is Status.REJECTED:
            obj = record.to_dict()
            obj["failed"] = [v.to_dict() for v in record.failed_verdicts()]
            self._write("rejected", obj)
        else:
            self._write("errored", record.to_dict())

    def write_source_failure(self, failure: SourceFailure) -> None:
        """An input that never became a record (unreadable, empty, unsupported file)."""
        self._write("errored", {"id": None, "status": "errored", "source": failure.source,
                                "error": {"type": failure.error_type, "message": failure.message, "node": "data"}})

    def write_documents(self, documents: list[Document]) -> None:
        with (self.path / "documents.jsonl").open("w", encoding="utf-8") as f:
            for d in documents:
                f.write(json.dumps({"id": d.id, "source": d.source, "title": d.title, "format": d.format,
                                    "chars": len(d.text), "text": d.text}, ensure_ascii=False) + "\n")

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        (self.path / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")

    def close(self) -> None:
        for f in self._files.values():
            f.close()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """All objects of a JSONL file (for tests and reports)."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
