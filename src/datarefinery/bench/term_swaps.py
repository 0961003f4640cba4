"""A second injector of entity swaps, made differently from :mod:`datarefinery.bench.injection`.

That one swaps a name of the answer for a name from *another* document, which a
bag-of-words check catches by construction. These two make the swaps a bag of words
cannot see:

- ``evidence_term_swap``: a term of the answer is replaced by another term of the *same
  evidence* (two index types listed in one sentence, one put in the other's place), so
  every word of the corrupted answer still occurs in the evidence;
- ``acronym_to_phrase``: an acronym or identifier of the answer is replaced by a phrase
  of common words ("WAL" → "the redo log").

Used by ``refinery bench gates --injections terms``.
"""

from __future__ import annotations

import random
import re

from datarefinery.bench.injection import QA, Injected, Injector, Pool
from datarefinery.gates.lexicon import IDENTIFIER, STOPWORDS, stem

_WORD = re.compile(r"[A-Za-z][\w\-]*(?:\(\))?")
# common-word phrases of the documentation register, none of them a name
PHRASES = ("the redo log", "the page cache", "the main table", "the lock file", "the query planner",
           "the default handler", "the storage engine", "the shared buffer", "the index tree", "the parser",
           "the temporary store", "the schema table", "the event loop", "the package manager")


def _terms(text: str) -> list[str]:
    """Names and content words of four letters or more, in order of appearance, once each."""
    seen, out = set(), []
    for m in _WORD.finditer(text):
        w = m.group(0)
        key = stem(w)
        if (IDENTIFIER.fullmatch(w) or (len(w) >= 4 and w.lower() not in STOPWORDS)) and key not in seen:
            seen.add(key)
            out.append(w)
    return out


def _replace_once(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, text, count=1)


def evidence_term_swap(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    answer_terms = _terms(qa.answer)
    evidence_terms = _terms(qa.evidence)
    if not answer_terms or len(evidence_terms) < 2:
        return None
    # like for like where possible: a name for a name, a word for a word
    names = [t for t in answer_terms if IDENTIFIER.fullmatch(t)]
    target = rng.choice(names or answer_terms)
    others = [t for t in evidence_terms if stem(t) != stem(target)]
    other_names = [t for t in others if IDENTIFIER.fullmatch(t)]
    if not others:
        return None
    repl = rng.choice(other_names if names and other_names else others)
    swapped = _replace_once(qa.answer, target, repl)
    return (qa.question, swapped) if swapped != qa.answer else None


def acronym_to_phrase(qa: QA, pool: Pool, rng: random.Random) -> Injected | None:
    names = [t for t in _terms(qa.answer) if IDENTIFIER.fullmatch(t) and (t.isupper() or "_" in t)]
    if not names:
        return None
    evidence = qa.evidence.lower()
    phrases = [p for p in PHRASES if p.split()[-1] not in evidence.split()] or list(PHRASES)
    swapped = _replace_once(qa.answer, rng.choice(names), rng.choice(phrases))
    return (qa.question, swapped) if swapped != qa.answer else None


TERM_INJECTORS: dict[str, Injector] = {
    "evidence_term_swap": evidence_term_swap,
    "acronym_to_phrase": acronym_to_phrase,
}
