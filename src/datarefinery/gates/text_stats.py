"""Tokenising and lexical statistics shared by the heuristic gates."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits; apostrophes kept inside words)."""
    return [w.lower() for w in WORD.findall(text)]


def ttr(tokens: list[str]) -> float:
    """Type-token ratio: distinct tokens / tokens (1.0 for an empty list)."""
    return len(set(tokens)) / len(tokens) if tokens else 1.0


def _mtld_pass(tokens: list[str], threshold: float) -> float:
    factors, types, count = 0.0, set(), 0
    for tok in tokens:
        count += 1
        types.add(tok)
        if len(types) / count <= threshold:
            factors += 1
            types, count = set(), 0
    if count:
        factors += (1 - len(types) / count) / (1 - threshold)
    return len(tokens) / factors if factors else float(len(tokens))


def mtld(tokens: list[str], threshold: float = 0.72) -> float:
    """Measure of Textual Lexical Diversity (McCarthy & Jarvis, 2010): mean of a forward
    and a backward pass; the mean length, in tokens, of segments whose TTR stays above
    ``threshold``. Higher is more diverse; degenerate repetition gives values near 1–10."""
    if not tokens:
        return 0.0
    return (_mtld_pass(tokens, threshold) + _mtld_pass(tokens[::-1], threshold)) / 2


def duplicate_ngram_fraction(tokens: list[str], n: int) -> float:
    """Share of tokens covered by n-grams that occur more than once (Gopher's
    ``dup_ngram_char_frac``, counted in tokens)."""
    if len(tokens) < n:
        return 0.0
    grams = [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
    seen: dict[tuple[str, ...], int] = {}
    for g in grams:
        seen[g] = seen.get(g, 0) + 1
    covered = [False] * len(tokens)
    for i, g in enumerate(grams):
        if seen[g] > 1:
            for j in range(i, i + n):
                covered[j] = True
    return sum(covered) / len(tokens)


def most_repeated_ngram(tokens: list[str], n: int) -> tuple[tuple[str, ...], int]:
    """The most frequent n-gram and its count (``((), 0)`` for texts shorter than n)."""
    if len(tokens) < n:
        return (), 0
    counts: dict[tuple[str, ...], int] = {}
    for i in range(len(tokens) - n + 1):
        g = tuple(tokens[i:i + n])
        counts[g] = counts.get(g, 0) + 1
    top = max(counts, key=counts.__getitem__)
    return top, counts[top]


# a hole where text was lost: "line endings ( on Unix, on Windows) to just ." — an inline code
# element dropped by extraction, or a backslash escape a model's JSON turned into whitespace
_HOLE = re.compile(r"\(\s*[,;)]|\(\s+(?:on|in|or|and|for|to|of|at|by)\b|\w\s+[.,;:](?=\s|$)")


def text_hole(text: str) -> str | None:
    """Where ``text`` shows a hole left by lost text (an opening parenthesis followed by a
    comma or a preposition, a space before a full stop or comma), as the matched piece; or ``None``."""
    m = _HOLE.search(" ".join(text.split()))
    return m.group(0) if m else None


def dropped_token(text: str, source: str) -> str | None:
    """A symbol of ``source`` ("\\n", "\\r\\n", "->", "%s") that ``text`` quotes around but
    leaves out — the words on both sides of it stand side by side in ``text`` ("occurrences of
    back to" for "occurrences of \\n back to") — as ``"<before> <symbol> <after>"``; or ``None``."""
    flat = " " + " ".join(text.split()) + " "
    tokens = source.split()
    for before, token, after in zip(tokens, tokens[1:], tokens[2:]):
        if token.isalnum() or not any(not c.isalnum() for c in token) or len(token) > 8:
            continue
        if not (before.isalpha() and after.isalpha()) or token in flat:
            continue
        if f" {before} {after} " in flat:
            return f"{before} {token} {after}"
    return None
