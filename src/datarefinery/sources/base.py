"""Documents and the reader seam: ``Reader.read(path) -> Document``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from datarefinery.errors import SourceError


@dataclass(frozen=True)
class Document:
    """A document's extracted text.

    Attributes:
        id: stable id: ``doc-`` + 16 hex digits of sha256 over the relative path and the
            file's bytes, so the same file under the same name always gets the same id.
        source: the file path as given.
        title: the title where the format has one, else the file stem.
        text: the extracted plain text; every span offset in the project counts
            characters (not bytes) into this string.
        format: ``txt``, ``md``, ``html`` or ``pdf``.
    """

    id: str
    source: str
    title: str
    text: str
    format: str


class Reader(Protocol):
    """Extracts plain text from one file format.

    ``read`` returns ``(title, text)``; it raises :class:`~datarefinery.errors.SourceError`
    naming the file when the file cannot be read.
    """

    suffixes: tuple[str, ...]

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]: ...


def decode_text(path: Path, raw: bytes) -> str:
    """Decode bytes as UTF-8 text (BOM tolerated).

    Raises:
        SourceError: the bytes contain NUL characters or are not valid UTF-8, which is
            what a binary file with a text suffix looks like.
    """
    if b"\x00" in raw[:8192]:
        raise SourceError("looks binary (contains NUL bytes), not text", source=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid UTF-8 text ({exc.reason} at byte {exc.start})", source=str(path)) from None


def document_id(relative: str, raw: bytes) -> str:
    """``doc-`` + 16 hex digits of sha256 over the relative path and the bytes.

    A file name that is not valid UTF-8 (``caf\\xe9.html`` written by a Latin-1 system)
    reaches Python with surrogate escapes; it is hashed as the bytes it was on disk."""
    h = hashlib.sha256(relative.encode("utf-8", "surrogateescape") + b"\x00" + raw)
    return "doc-" + h.hexdigest()[:16]
