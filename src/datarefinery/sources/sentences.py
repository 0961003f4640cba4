"""Sentence segmentation with character offsets (pysbd, rule-based, offline)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Sentence:
    """A sentence of some text: ``text == source[start:end]`` (trailing space stripped)."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=True)


_BLOCK_END = re.compile(r"[.!?:;\"')\]]\s*$")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text blocks: a line ends a block when it is blank, short (a heading or a
    list item) or ends with sentence punctuation; otherwise the next line continues it
    (hard-wrapped paragraphs, as PDFs give them)."""
    blocks: list[tuple[int, int]] = []
    start = None
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            if start is None:
                start = pos
            if len(line.strip()) < 60 or _BLOCK_END.search(line):
                blocks.append((start, end))
                start = None
        elif start is not None:
            blocks.append((start, pos - 1))
            start = None
        pos = end + 1
    if start is not None:
        blocks.append((start, len(text)))
    return blocks


def split_sentences(text: str, language: str = "en") -> list[Sentence]:
    """Split ``text`` into sentences, each with exact offsets into ``text``.

    Text is first cut into blocks (see :func:`_blocks`), so a heading or a list item never
    merges with the sentence after it while hard-wrapped lines still join. A sentence may
    contain ``\\n`` where its source was wrapped.
    """
    out: list[Sentence] = []
    for b_start, b_end in _blocks(text):
        block = text[b_start:b_end]
        # pysbd breaks at every newline; a space keeps offsets and lets wrapped lines join
        for span in _segmenter(language).segment(block.replace("\n", " ")):
            raw = block[span.start:span.end]
            stripped = raw.strip()
            if stripped:
                start = b_start + span.start + len(raw) - len(raw.lstrip())
                out.append(Sentence(stripped, start, start + len(stripped)))
    return out
