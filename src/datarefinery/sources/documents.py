"""Finding and reading documents: one :class:`Document` per file, failures reported by name."""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from datarefinery.errors import SourceError
from datarefinery.sources.base import Document, Reader, document_id
from datarefinery.sources.html import HtmlReader
from datarefinery.sources.info import InfoReader
from datarefinery.sources.markdown import MarkdownReader
from datarefinery.sources.pdf import PdfReaderAdapter
from datarefinery.sources.rst import RstReader
from datarefinery.sources.text import TextReader

READERS: tuple[Reader, ...] = (TextReader(), MarkdownReader(), HtmlReader(), PdfReaderAdapter(), InfoReader(),
                               RstReader())


def reader_for(path: Path) -> Reader | None:
    """The reader registered for the file's longest matching suffix (case-insensitive; a
    gzipped file, ``README.md.gz``, by the suffix under ``.gz``; the parts of a split Info
    manual, ``find.info-2.gz``, are Info files; a Sphinx build's copy of its sources,
    ``_sources/config.rst.txt``, is reStructuredText), or ``None``."""
    match = _match(path)
    return match[0] if match else None


def _match(path: Path) -> tuple[Reader, str] | None:
    """The reader for ``path`` (see :func:`reader_for`) and the suffix it matched by."""
    name = re.sub(r"(\.info)-\d+$", r"\1", _inner_name(path).lower())
    matches = [(len(s), i, s) for i, r in enumerate(READERS) for s in r.suffixes if name.endswith(s)]
    if not matches:
        return None
    _, index, suffix = max(matches)
    return READERS[index], suffix


def _inner_name(path: Path) -> str:
    """The file's name without a ``.gz`` suffix."""
    return path.name[:-3] if path.name.lower().endswith(".gz") else path.name


@dataclass(frozen=True)
class SourceFailure:
    """A file that produced no document: its path, the error type and the message."""

    source: str
    error_type: str
    message: str


def discover(path: Path, pattern: str = "**/*") -> list[Path]:
    """Files under ``path`` (or ``path`` itself when it is a file), sorted for stable order.

    Raises:
        SourceError: ``path`` does not exist.
    """
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise SourceError("no such file or directory", source=str(path))
    return sorted(p for p in path.glob(pattern) if p.is_file() and not p.name.startswith("."))


def read_document(path: Path, root: Path) -> Document:
    """Read one file into a :class:`Document`.

    Text is NFKC-normalised (ligatures such as "ﬁ" become "fi") and ``\\r\\n`` turned into ``\\n`` *before* any offset is taken.

    Raises:
        SourceError: unsupported suffix, unreadable, binary, corrupt or empty file.
    """
    match = _match(path)
    if match is None:
        raise SourceError(f"unsupported file type {path.suffix or '(none)'!r}", source=str(path))
    reader, suffix = match
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", source=str(path)) from exc
    if not raw.strip():
        raise SourceError("empty file", source=str(path))
    inner = Path(_inner_name(path))
    title, text = reader.read(path, _gunzip(path, raw) if inner.name != path.name else raw)
    text = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise SourceError("no text could be extracted", source=str(path))
    relative = str(path.relative_to(root)) if root in path.parents else path.name
    return Document(
        id=document_id(relative, raw), source=str(path), title=(title or inner.stem).strip(), text=text,
        format=suffix.split(".")[1],  # the matched suffix's first part: "time.info-1.gz": info; "x.rst.txt": rst
    )


def _gunzip(path: Path, raw: bytes) -> bytes:
    """The decompressed bytes of a ``.gz`` file (the manuals and READMEs in ``/usr/share/doc``).

    Raises:
        SourceError: the bytes do not decompress.
    """
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as exc:
        raise SourceError(f"not a readable gzip file: {exc}", source=str(path)) from None


def read_documents(path: Path, pattern: str = "**/*") -> Iterator[Document | SourceFailure]:
    """Read every file under ``path``; yield a :class:`Document` or a :class:`SourceFailure`
    for each, so that one bad file never stops the others."""
    root = path if path.is_dir() else path.parent
    for file in discover(path, pattern):
        try:
            yield read_document(file, root)
        except SourceError as exc:
            yield SourceFailure(str(file), type(exc).__name__, str(exc))
