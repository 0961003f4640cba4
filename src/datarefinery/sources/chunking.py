"""Chunking with character offsets, and reproducible sampling across documents."""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterable, Sequence
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


def chunk_id(document: str, index: int) -> str:
    """The id of chunk ``index`` of ``document``: ``<document id>:c<index, 4 digits>``."""
    return f"{document}:c{index:04d}"


def _pieces(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Block spans (see :func:`~datarefinery.sources.sentences.blocks`), with blocks over
    ``max_chars`` split at sentence ends."""
    spans: list[tuple[int, int]] = []
    for start, end in blocks(text):
        if end - start <= max_chars:
            spans.append((start, end))
            continue
        for s in split_sentences(text[start:end]):
            # a single sentence longer than max_chars stays whole: spans never cut words
            spans.append((start + s.start, start + s.end))
    return spans


def chunk_spans(text: str, max_chars: int = 1500, min_chars: int = 200) -> list[tuple[int, int]]:
    """The ``(start, end)`` character offsets of the chunks of ``text``, as
    :func:`chunk_document` cuts them, without copying their text."""
    groups: list[tuple[int, int]] = []  # (start of the group's first piece, end of its last)
    for start, end in _pieces(text, max_chars):
        if groups and end - groups[-1][0] <= max_chars:
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((start, end))
    if len(groups) > 1 and groups[-1][1] - groups[-1][0] < min_chars:
        tail = groups.pop()
        groups[-1] = (groups[-1][0], tail[1])
    return groups


def chunk_document(doc: Document, max_chars: int = 1500, min_chars: int = 200) -> list[Chunk]:
    """Pack text blocks (paragraphs, headings, list items) into chunks of at most ``max_chars`` characters.

    Chunk boundaries fall at block ends (or sentence ends inside long blocks),
    never inside a word. A trailing piece shorter than ``min_chars`` joins the previous
    chunk. Offsets are characters into ``doc.text``.
    """
    return [Chunk(chunk_id(doc.id, i), doc.id, i, start, end, doc.text[start:end])
            for i, (start, end) in enumerate(chunk_spans(doc.text, max_chars, min_chars))]


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


def _depth(counts: list[int], wanted: int) -> int:
    """The fewest round-robin rounds that yield ``wanted`` chunks from documents of ``counts``
    chunks: the smallest ``d`` with ``sum(min(n, d)) >= wanted``."""
    lo, hi = 0, max(counts, default=0)
    while lo < hi:
        mid = (lo + hi) // 2
        if sum(min(n, mid) for n in counts) >= wanted:
            hi = mid
        else:
            lo = mid + 1
    return lo


def pick_chunks(counts: Sequence[int], limit: int | None, seed: int) -> list[tuple[int, int]] | None:
    """The chunks :func:`sample_chunks` picks, from the documents' chunk counts alone.

    ``counts[i]`` is the number of chunks of document ``i``. Returns ``(document position,
    chunk index)`` pairs in the order :func:`sample_chunks` picks them, using exactly its
    random draws (a shuffle's draws depend only on the length of what it shuffles), so
    the same ``seed`` and ``limit`` pick the same chunks. ``limit=None`` returns ``None``:
    every chunk, in document order.

    Memory is O(largest count + limit + documents): each document's chunk order is
    shuffled in a compact array and only the prefix the rounds reach is kept.
    """
    if limit is None:
        return None
    docs = [i for i, n in enumerate(counts) if n]
    rng = random.Random(seed)
    rng.shuffle(docs)
    rounds = _depth([counts[i] for i in docs], min(limit, sum(counts)))
    lists: list[tuple[int, list[int]]] = []
    for i in docs:
        order = array("q", range(counts[i]))
        rng.shuffle(order)  # type: ignore[arg-type]  # any mutable sequence: the same draws as for a list
        lists.append((i, order[:rounds].tolist()))
    picked: list[tuple[int, int]] = []
    depth = 0
    while len(picked) < limit and any(depth < len(c) for _, c in lists):
        for i, chunks in lists:
            if depth < len(chunks) and len(picked) < limit:
                picked.append((i, chunks[depth]))
        depth += 1
    return picked
