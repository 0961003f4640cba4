"""Extractive, model-free fallbacks built from an evidence sentence: a plain question
about its subject, and the sentence itself as the answer (the response side of
instruction backtranslation, Li et al. 2023)."""

from __future__ import annotations

import re

from datarefinery.gates.lexicon import STOPWORDS
from datarefinery.generators.cleanup import drop_leading_connective
from datarefinery.records import Record

_VERB = re.compile(r"\b(is|are|was|were|can|cannot|will|may|must|should|does|do|has|have|uses?|allows?|provides?|"
                   r"requires?|makes?|works?|means?|keeps?|holds?|returns?)\b", re.IGNORECASE)


_SUBORDINATE = re.compile(r"^(?:when|if|as|because|although|though|since|while|once|unless|after|before|whether|"
                          r"where|whenever|until|in|on|at|for|with|by|from|to|of)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def template_question(sentence: str) -> str | None:
    """``What is known about <subject>?``, the subject being the two to ten words (two of
    them content words) before the sentence's first verb, after any leading clause set off
    by a comma. ``None`` when no such subject is found, or when it opens with a
    subordinating word or preposition ("When a new row ..."): a garbled question is worse
    than none."""
    text = _BULLET.sub("", sentence)
    m = _VERB.search(text)
    if not m:
        return None
    words = text[: m.start()].rsplit(",", 1)[-1].strip(" ,").split()
    if not 2 <= len(words) <= 10 or len([w for w in words if w.lower() not in STOPWORDS and w[:1].isalpha()]) < 2:
        return None
    if _SUBORDINATE.match(words[0]) or words[-1].lower() in STOPWORDS:
        return None
    subject = " ".join(words)
    if words[0].lower() in STOPWORDS and not words[0][1:2].isupper():
        subject = subject[0].lower() + subject[1:]
    return f"What is known about {subject}?"


def extractive_answer(sentence: str) -> str:
    """The evidence sentence as an answer, whitespace normalised, a leading bullet and a
    leading discourse marker ("On the other hand, ...") dropped."""
    return drop_leading_connective(_BULLET.sub("", " ".join(sentence.split())))


def answer_from_statement(record: Record, field: str = "statement", output: str = "answer") -> dict[str, str]:
    """Python node: the record's statement, verbatim, as the answer (instruction
    backtranslation, Li et al. 2023: the document's own sentence is the response and the
    model writes only the instruction). Whatever the answer says is in the evidence span by
    construction; the gates then judge whether the question fits it."""
    return {output: extractive_answer(str(record.data.get(field, "")))}
