"""Chunking with character offsets, and reproducible sampling across documents."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from datarefinery.sources.base import Document
from datarefinery.sources.sentences import blocks, split_sentences


@dataclass(frozen=True)
class Chunk:
    """A slice of a document: ``text == document.text[start:end]``.

    Attributes:
        id: ``<document id>:c<index, 4 digits>``.
        document: the document id.
        index: position of the chunk in its document.
        start, end: character offsets into the document's text.
        text: the chunk's text.
    """

    id: str
    document: str
    index: int
    start: int
    end: int
    text: str


def _pieces(doc: Document, max_chars: int) -> list[tuple[int, int]]:
    """Block spans (see :func:`~datarefinery.sources.sentences.blocks`), with blocks over
    ``max_chars`` split at sentence ends."""
    spans: list[tuple[int, int]] = []
    for start, end in blocks(doc.text):
        if end - start <= max_chars:
            spans.append((start, end))
            continue
        for s in split_sentences(doc.text[start:end]):
            # a single sentence longer than max_chars stays whole: spans never cut words
            spans.append((start + s.start, start + s.end))
    return spans


def chunk_document(doc: Document, max_chars: int = 1500, min_chars: int = 200) -> list[Chunk]:
    """Pack text blocks (paragraphs, headings, list items) into chunks of at most ``max_chars`` characters.

    Chunk boundaries fall at block ends (or sentence ends inside long blocks),
    never inside a word. A trailing piece shorter than ``min_chars`` joins the previous
    chunk. Offsets are characters into ``doc.text``.
    """
    groups: list[list[tuple[int, int]]] = []
    for span in _pieces(doc, max_chars):
        if groups and span[1] - groups[-1][0][0] <= max_chars:
            groups[-1].append(span)
        else:
            groups.append([span])
    if len(groups) > 1 and groups[-1][-1][1] - groups[-1][0][0] < min_chars:
        tail = groups.pop()
        groups[-1].extend(tail)
    chunks = []
    for i, g in enumerate(groups):
        start, end = g[0][0], g[-1][1]
        chunks.append(Chunk(f"{doc.id}:c{i:04d}", doc.id, i, start, end, doc.text[start:end]))
    return chunks


def sample_chunks(per_document: Iterable[list[Chunk]], limit: int | None, seed: int) -> list[Chunk]:
    """Pick ``limit`` chunks spread across all documents, reproducibly.

    Documents are visited round-robin in a seeded random order, each document's chunks in
    a seeded random order, so ``--limit 40`` over 26 documents touches every document
    before taking a second chunk from any (unlike "the first 40 chunks of the first
    file"). ``limit=None`` keeps all chunks in document order.
    """
    lists = [list(c) for c in per_document if c]
    if limit is None:
        return [c for chunks in lists for c in chunks]
    rng = random.Random(seed)
    rng.shuffle(lists)
    for chunks in lists:
        rng.shuffle(chunks)
    picked: list[Chunk] = []
    depth = 0
    while len(picked) < limit and any(depth < len(c) for c in lists):
        for chunks in lists:
            if depth < len(chunks) and len(picked) < limit:
                picked.append(chunks[depth])
        depth += 1
    return picked
