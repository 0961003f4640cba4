"""Aligned comparison of an answer with its evidence: terms put in another term's place.

A bag-of-words check passes an answer whose every word occurs in the evidence, even when
a term has been moved into the place of another ("B-tree indexes are used for range
queries" → "hash indexes are used for range queries", where the evidence names both). Here
the answer is aligned with the evidence token by token (difflib's longest matching
blocks); a substitution anchored by matching words on both sides, where the evidence's
term is nowhere in the answer and the new term either comes from elsewhere in the
evidence or replaces a name with words the evidence does not have ("WAL" → "the redo
log"), is a swapped term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from datarefinery.gates.lexicon import IDENTIFIER, STOPWORDS, stem

_TOKEN = re.compile(r"[A-Za-z0-9_][\w\-]*(?:\(\))?|[^\w\s]")


@dataclass(frozen=True)
class Swap:
    """One substitution: the evidence's ``original`` words and the answer's ``replacement``."""

    original: str
    replacement: str


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _content(tokens: list[str]) -> list[str]:
    # all-capitals words are names even when they spell a stop word (SQL's IN, OR)
    return [t for t in tokens if t[0].isalnum() and len(t) > 1 and (t.isupper() or t.lower() not in STOPWORDS)]


def _is_name(token: str) -> bool:
    return IDENTIFIER.fullmatch(token) is not None


def swapped_terms(answer: str, evidence: str, max_span: int = 4) -> list[Swap]:
    """Substitutions of the answer against its evidence that change what is named.

    The answer is aligned with the whole evidence, and again locally around each run of
    three or more matching tokens (a global alignment of a short answer with a long
    evidence can pair stray words such as "the" far from where the answer really
    follows the evidence).

    Args:
        answer, evidence: plain text.
        max_span: the longest substitution considered, in tokens on either side.

    Returns:
        The swaps found, each once (empty when the answer follows its evidence or
        paraphrases it without putting one term in another's place).
    """
    ev, an = _tokens(evidence), _tokens(answer)
    ev_norm, an_norm = [stem(t) for t in ev], [stem(t) for t in an]
    found = _replacements(ev, an, ev_norm, an_norm, 0, len(ev), 0, len(an), max_span)
    matcher = SequenceMatcher(None, ev_norm, an_norm, autojunk=False)
    w = max_span + 2
    for block in matcher.get_matching_blocks():
        if block.size >= 3:
            found += _replacements(ev, an, ev_norm, an_norm, max(0, block.a - w), min(len(ev), block.a + block.size + w),
                                   max(0, block.b - w), min(len(an), block.b + block.size + w), max_span)
    found += _context_swaps(ev, an, ev_norm, an_norm)
    return list(dict.fromkeys(found))


def _replacements(ev: list[str], an: list[str], ev_norm: list[str], an_norm: list[str],
                  e0: int, e1: int, a0: int, a1: int, max_span: int) -> list[Swap]:
    """Anchored substitutions between ``ev[e0:e1]`` and ``an[a0:a1]`` (see
    :func:`swapped_terms`)."""
    ops = SequenceMatcher(None, ev_norm[e0:e1], an_norm[a0:a1], autojunk=False).get_opcodes()
    swaps: list[Swap] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "replace" or i2 - i1 > max_span or j2 - j1 > max_span:
            continue
        i1, i2, j1, j2 = i1 + e0, i2 + e0, j1 + a0, j2 + a0
        before = ops[k - 1] if k > 0 else None
        after = ops[k + 1] if k + 1 < len(ops) else None
        # anchored in place: matching words (or the answer's start or end) on both sides,
        # two or more words on one side
        sizes = [op[2] - op[1] if op is not None and op[0] == "equal" else 0 for op in (before, after)]
        sizes = [2 if edge and (op is None or op[0] == "delete") else n
                 for op, n, edge in ((before, sizes[0], j1 == 0), (after, sizes[1], j2 == len(an)))]
        if min(sizes) < 1 or max(sizes) < 2:
            continue
        original, replacement = _content(ev[i1:i2]), _content(an[j1:j2])
        if not original or not replacement:
            continue
        orig_stems, repl_stems = {stem(t) for t in original}, {stem(t) for t in replacement}
        kept = any(an_norm.count(t) >= ev_norm.count(t) for t in orig_stems)
        if orig_stems & repl_stems or kept:
            continue  # a word kept, or moved elsewhere in the answer: a rewording, not a swap
        elsewhere = set(ev_norm[:i1] + ev_norm[i2:])
        # one term for one term (a rewording such as "put it" → "convert the report" is not a swap)
        from_elsewhere = len(original) == len(replacement) == 1 and bool(repl_stems & elsewhere)
        name_replaced = any(_is_name(t) for t in original) and not repl_stems <= set(ev_norm)
        if from_elsewhere or name_replaced:
            swaps.append(Swap(" ".join(ev[i1:i2]), " ".join(an[j1:j2])))
    return swaps


def _context_swaps(ev: list[str], an: list[str], ev_norm: list[str], an_norm: list[str]) -> list[Swap]:
    """Single terms of the answer that sit where the evidence has another term: the word
    before and the two words after match an evidence position holding a different content
    word, the answer's term is never found in that context in the evidence, and the answer
    uses the evidence's term fewer times than the evidence does. (difflib alone misses
    these when the answer's term also occurs elsewhere in the evidence: it aligns the term
    with that other occurrence.)"""
    swaps = []
    for j, t in enumerate(an_norm):
        if not an[j][0].isalnum() or an[j].lower() in STOPWORDS or j + 2 >= len(an_norm):
            continue
        left, right = (an_norm[j - 1] if j else None), an_norm[j + 1:j + 3]
        if right[0] in STOPWORDS and right[1] in STOPWORDS:
            continue  # "X is the": too weak an anchor
        # the word before must match too, unless the two after carry content of their own
        strong_right = all(t not in STOPWORDS and t[0].isalnum() for t in right)
        places = [i for i in range(len(ev_norm) - 2)
                  if ev_norm[i + 1:i + 3] == right
                  and (left is None or strong_right or (i > 0 and ev_norm[i - 1] == left))]
        held = {ev_norm[i] for i in places}
        if not places or t in held:
            continue
        others = [ev[i] for i in places if ev[i][0].isalnum() and ev[i].lower() not in STOPWORDS
                  and an_norm.count(ev_norm[i]) < ev_norm.count(ev_norm[i])]
        if others and t in ev_norm:
            swaps.append(Swap(others[0], an[j]))
    return swaps
