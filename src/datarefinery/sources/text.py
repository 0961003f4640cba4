"""Plain-text reader."""

from __future__ import annotations

from pathlib import Path

from datarefinery.sources.base import decode_text


class TextReader:
    """``.txt`` files: the decoded text as is; the title is the file stem."""

    suffixes = (".txt", ".text")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        return None, decode_text(path, raw)
