"""Plain-text and Markdown readers."""

from __future__ import annotations

import re
from pathlib import Path

from datarefinery.sources.base import decode_text

_HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)


class TextReader:
    """``.txt`` files: the decoded text as is; the title is the file stem."""

    suffixes = (".txt", ".text")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        return None, decode_text(path, raw)


class MarkdownReader:
    """``.md`` files: kept as Markdown source (offsets stay exact); the title is the first
    level-1 heading, if any."""

    suffixes = (".md", ".markdown")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        text = decode_text(path, raw)
        m = _HEADING.search(text)
        return (m.group(1).strip() if m else None), text
