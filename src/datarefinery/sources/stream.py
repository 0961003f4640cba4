"""Documents in two passes, so that a corpus of any size is read in memory bounded by its
largest document.

Pass 1 (:func:`survey`) reads and chunks every file and keeps only what sampling needs:
the file, the document id and its number of chunks; the chunk offsets go to an anonymous
temporary file (16 bytes a chunk), since chunking (sentence splitting) costs far more
than reading. :func:`~datarefinery.sources.chunking.pick_chunks` then picks the chunks
from the counts, with the draws ``sample_chunks`` makes. Pass 2 (:func:`chunk_records`)
reads again only the documents that have picked chunks, one at a time, hands each to a
callback (the run directory writes it to ``documents.jsonl``) and yields its picked
chunks as records, in document order.

Pass 1 also finds the corpus's subject (:func:`corpus_subjects`): the name its documents
mention most, such as "PostgreSQL" across PostgreSQL's manual, which a question may name
although its sentence and page do not.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from datarefinery.errors import SourceError
from datarefinery.records import Record
from datarefinery.sources.base import Document
from datarefinery.sources.chunking import chunk_id, chunk_spans
from datarefinery.sources.documents import SourceFailure, discover, read_document


@dataclass(frozen=True)
class Surveyed:
    """What pass 1 keeps of a readable document: its file, its id (which covers the
    file's bytes, so pass 2 can tell a file that changed), its number of chunks and where
    their offsets start in the survey's ``spans`` file."""

    path: Path
    id: str
    chunks: int
    offset: int = 0


@dataclass
class Survey:
    """Pass 1 over ``path``: the readable documents in discovery order, the files that
    failed, ``root`` (what document ids are relative to) and ``spans``, a temporary file
    of every document's chunk offsets (``int64`` start, end pairs; gone once closed);
    ``subjects``, the corpus's subject names (:func:`corpus_subjects`)."""

    root: Path
    documents: list[Surveyed]
    failures: list[SourceFailure]
    spans: IO[bytes]
    subjects: tuple[str, ...] = ()

    def spans_of(self, doc: Surveyed) -> list[tuple[int, int]]:
        """The chunk offsets of ``doc``, as :func:`~datarefinery.sources.chunking.chunk_spans` gave them."""
        self.spans.seek(doc.offset)
        flat = array("q")
        flat.frombytes(self.spans.read(16 * doc.chunks))
        return list(zip(flat[::2], flat[1::2]))


def survey(path: Path, pattern: str, max_chars: int, min_chars: int) -> Survey:
    """Read and chunk every file under ``path`` (one at a time; no text is kept).

    Raises:
        SourceError: ``path`` does not exist (a file that cannot be read is a failure in
            the survey instead).
    """
    root = path if path.is_dir() else path.parent
    files = discover(path, pattern)
    out = Survey(root, [], [], tempfile.TemporaryFile())
    named: Counter[str] = Counter()
    for file in files:
        try:
            doc = read_document(file, root)
        except SourceError as exc:
            out.failures.append(SourceFailure(str(file), type(exc).__name__, str(exc)))
            continue
        spans = chunk_spans(doc.text, max_chars, min_chars)
        out.documents.append(Surveyed(file, doc.id, len(spans), out.spans.tell()))
        out.spans.write(array("q", itertools.chain.from_iterable(spans)).tobytes())
        named.update(set(_NAME_IN_SENTENCE.findall(doc.text)))
        del doc, spans  # before the next file is read: one document's text at a time
    out.subjects = corpus_subjects(named, len(out.documents))
    return out


# a name inside a sentence, after a word in lower case: "in PostgreSQL", "with Python", "the SQL standard"
_NAME_IN_SENTENCE = re.compile(r"(?<=[a-z,;] )[A-Z][\w+#-]*[\w+#]")


# words that name a part of a document, not a subject ("see Section 4.2", "the Linux Programmer's Manual")
_PARTS = frozenset("section sections chapter chapters table figure listing example appendix manual page note "
                   "version part".split())


def corpus_subjects(document_counts: Counter[str], documents: int, *, min_share: float = 0.3,
                    near: float = 0.8, min_documents: int = 3, max_subjects: int = 3) -> tuple[str, ...]:
    """The subject names of a corpus: the name inside sentences that the most documents
    mention, when at least ``min_share`` of the ``documents`` (and ``min_documents``) do, and
    any name that nearly as many do (``near`` times as many): "PostgreSQL" and "SQL" in
    PostgreSQL's manual (577 and 479 of 1169 pages), "Python" in the Python tutorial (12 of
    12; "Windows" 5), "Rust" in the Rust Book (102 of 132). A document's parts ("Section",
    "Chapter") are no subject; more than ``max_subjects`` names that near is a text every
    document shares (four GNU manuals' licence), not a subject: none.

    Args:
        document_counts: for each name, the number of documents that mention it.
        documents: the number of documents.
    Returns:
        the names, most mentioned first; ``()`` for a corpus with no such name.
    """
    ranked = [(name, count) for name, count in document_counts.most_common() if name.lower() not in _PARTS]
    if not ranked or documents < min_documents or ranked[0][1] < max(min_documents, min_share * documents):
        return ()
    subjects = tuple(name for name, count in ranked if count >= near * ranked[0][1])
    return subjects if len(subjects) <= max_subjects else ()


def _reread(s: Surveyed, root: Path) -> Document:
    """Read a surveyed document again.

    Raises:
        SourceError: it cannot be read now, or it changed since the survey.
    """
    doc = read_document(s.path, root)
    if doc.id != s.id:
        raise SourceError("the file changed while the run was reading the corpus", source=str(s.path))
    return doc


def chunk_records(found: Survey, picks: dict[int, list[int]] | None,
                  on_document: Callable[[Document], None]) -> Iterator[Record | SourceFailure]:
    """Pass 2: the records of the picked chunks, document by document.

    Args:
        found: the survey.
        picks: chunk indices to keep by position in ``found.documents`` (``None``: all
            chunks of every document). Documents without picks are not read.
        on_document: called with each document before its first record is yielded.

    Closes ``found.spans`` when done. A document that cannot be read again, or has changed, becomes a
    :class:`SourceFailure` and yields no record. Each record is
    ``{text, title, document, source, chunk_start, chunk_end, corpus_subjects}`` with the
    chunk's id;
    ``text`` is the chunk's slice, so a record never holds its whole document.
    """
    with found.spans:
        for position, s in enumerate(found.documents):
            wanted = range(s.chunks) if picks is None else sorted(picks.get(position, ()))
            if not wanted:
                continue
            try:
                doc = _reread(s, found.root)
            except SourceError as exc:
                yield SourceFailure(str(s.path), type(exc).__name__, str(exc))
                continue
            spans = found.spans_of(s)
            on_document(doc)
            for index in wanted:
                start, end = spans[index]
                yield Record(id=chunk_id(doc.id, index),
                             data={"text": doc.text[start:end], "title": doc.title, "document": doc.id,
                                   "source": doc.source, "chunk_start": start, "chunk_end": end,
                                   "corpus_subjects": list(found.subjects)})
            del doc, spans
