"""Extractive, model-free fallbacks built from an evidence sentence: a plain question
about its subject, and the sentence itself as the answer (the response side of
instruction backtranslation, Li et al. 2023)."""

from __future__ import annotations

import re

from datarefinery.gates.lexicon import STOPWORDS

_VERB = re.compile(r"\b(is|are|was|were|can|cannot|will|may|must|should|does|do|has|have|uses?|allows?|provides?|"
                   r"requires?|makes?|works?|means?|keeps?|holds?|returns?)\b", re.IGNORECASE)
_DISCOURSE = re.compile(r"^(?:on the other hand|of course|in other words|for this reason|unfortunately|however|"
                        r"in fact|in addition|also|so|but|and|thus|hence|therefore|clearly|normally|usually)\s*,?\s+",
                        re.IGNORECASE)


def template_question(sentence: str) -> str | None:
    """``What is known about <subject>?``, the subject being the words before the
    sentence's first verb (after any leading clause set off by a comma), or else its first
    content words; ``None`` when no subject with two content words is found."""
    m = _VERB.search(sentence)
    head = sentence[: m.start()] if m else ""
    head = head.rsplit(",", 1)[-1].strip(" ,")
    words = head.split()
    if len([w for w in words if w.lower() not in STOPWORDS]) < 2 or len(words) > 10:
        words = [w.strip(",.;:()\"") for w in sentence.split() if w.lower().strip(",.;:()\"") not in STOPWORDS][:4]
    if len(words) < 2:
        return None
    subject = " ".join(words)
    if words[0].lower() in STOPWORDS and not words[0][1:2].isupper():
        subject = subject[0].lower() + subject[1:]
    return f"What is known about {subject}?"


def extractive_answer(sentence: str) -> str:
    """The evidence sentence as an answer, whitespace normalised and a leading discourse
    marker ("On the other hand, ...") dropped."""
    text = " ".join(sentence.split())
    stripped = _DISCOURSE.sub("", text)
    return stripped[:1].upper() + stripped[1:] if stripped else text
