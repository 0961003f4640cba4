"""Text of a dataset row, normalised for matching: the field a check reads, shingles, n-grams.

Rows come in several shapes (our ``accepted.jsonl`` with OpenAI ``messages``, flat QA
datasets, benchmark items); :func:`row_text` takes the field a user names and understands
``messages`` for the common ones.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from datarefinery.errors import RefineryError

_WORD = re.compile(r"\w+(?:'\w+)?", re.UNICODE)
_SPACE = re.compile(r"\s+")

#: Where a field is looked for in a row with OpenAI ``messages`` and no field of that name.
_MESSAGE_ROLES = {"question": "user", "prompt": "user", "instruction": "user", "answer": "assistant",
                  "response": "assistant", "completion": "assistant", "output": "assistant"}


class FieldMissing(RefineryError):
    """A row lacks the text field a selection step reads."""


def row_text(row: Mapping[str, Any], field: str) -> str:
    """The text of ``field`` in ``row``.

    ``field`` is a key (``question``), a dotted path (``metadata.topic``), or ``messages``
    (every message's content, one per line). A row with OpenAI-style ``messages`` and no key
    ``question``/``prompt``/``instruction`` reads its first user message for them, and its
    last assistant message for ``answer``/``response``/``completion``/``output``.

    Raises:
        FieldMissing: the field is absent, empty or not text.
    """
    value: Any = row
    for part in field.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    messages = row.get("messages")
    if value is None and isinstance(messages, list):
        role = _MESSAGE_ROLES.get(field)
        turns = [m for m in messages if isinstance(m, Mapping) and isinstance(m.get("content"), str)]
        if field == "messages":
            value = "\n".join(m["content"] for m in turns)
        elif role is not None:
            matching = [m["content"] for m in turns if m.get("role") == role]
            value = (matching[0] if role == "user" else matching[-1]) if matching else None
    if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
        value = "\n".join(str(v.get("content", "")) for v in value)
    if not isinstance(value, str) or not value.strip():
        raise FieldMissing(f"field {field!r} is missing, empty or not text")
    return value


def normalise(text: str) -> str:
    """Lower case, NFKC, punctuation and runs of space folded to one space."""
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(_WORD.findall(text))


def words(text: str) -> list[str]:
    """The normalised word tokens of ``text``."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def content_hash(text: str) -> int:
    """A 64-bit hash of the normalised text (exact duplicates share it)."""
    return int.from_bytes(hashlib.blake2b(normalise(text).encode(), digest_size=8).digest(), "little")


def shingles(text: str, unit: str = "word", n: int = 1) -> set[bytes]:
    """The set of ``n``-shingles of ``text``: word n-grams (``unit="word"``) or character
    n-grams of the normalised text (``unit="char"``). Text shorter than ``n`` units is one
    shingle, so it still has a signature."""
    if unit == "word":
        toks = words(text)
        if len(toks) <= n:
            return {" ".join(toks).encode()} if toks else set()
        return {" ".join(toks[i:i + n]).encode() for i in range(len(toks) - n + 1)}
    if unit == "char":
        flat = normalise(text)
        if len(flat) <= n:
            return {flat.encode()} if flat else set()
        return {flat[i:i + n].encode() for i in range(len(flat) - n + 1)}
    raise ValueError(f"unknown shingle unit {unit!r}: use 'word' or 'char'")


def ngrams(text: str, n: int) -> list[tuple[int, str]]:
    """``(word offset, n-gram)`` for every word n-gram of the normalised text; a text of
    fewer than ``n`` words gives itself as its only n-gram (the usual rule for short
    benchmark items)."""
    toks = words(text)
    if len(toks) < n:
        return [(0, " ".join(toks))] if toks else []
    return [(i, " ".join(toks[i:i + n])) for i in range(len(toks) - n + 1)]


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def excerpt(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    flat = _squash(text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
