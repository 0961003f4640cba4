"""Clean-up of small-model replies, which wrap their answer in echoed prompt scaffolding.

Both functions are Python nodes; they keep the raw reply in ``<field>_raw`` so nothing
the model said is lost.
"""

from __future__ import annotations

import re

from datarefinery.gates.lexicon import starts_with_identifier
from datarefinery.records import Record

_ANSWER_PREAMBLE = re.compile(
    r"^(?:\s*(?:the\s+)?(?:relevant\s+sentence|answer|evidence)(?:\s+to\s+(?:this|the)\s+question)?"
    r"(?:\s+(?:is|was)(?:\s+that\b)?\s*:?|\s*:)\s*)+",
    re.IGNORECASE,
)
_TRAILER = re.compile(r"\n\s*(?:(?:the\s+)?answer\s+is|question|answer|passage|statement)\s*:.*",
                      re.IGNORECASE | re.DOTALL)
_QUESTION_PREAMBLE = re.compile(
    r"^\s*(?:what\s+is\s+the\s+answer\s+to\s+this\s+question\?\s*"
    r"|(?:a\s+)?user\s+(?:asks|might\s+ask|says)\s*:\s*"
    r"|(?:the\s+)?question\s+is\s*:\s*"
    r"|question\s*:\s*)+",
    re.IGNORECASE,
)


# connectives that tie a source sentence to the one before it; alone, they point at nothing
_CONNECTIVE = re.compile(
    r"^(?:on the other hand|of course|in other words|for this reason|unfortunately|however|in fact|in addition|"
    r"also|so|but|and|thus|hence|therefore|clearly|normally|usually|finally|internally|additionally|furthermore|"
    r"moreover|similarly|likewise|consequently|as a result|nevertheless|nonetheless|instead|otherwise|again|"
    r"first|firstly|second|secondly|next|then|now|still|besides|alternatively|conversely|accordingly|"
    r"specifically|notably|importantly|indeed|in practice|in short|in general|for example|for instance|"
    r"in this case|in that case|as such|to do this|because of this|for that reason|to (?:that|this) end)\s*,\s+"
    r"|^(?:also|so|but|and|thus|hence|therefore|then|nevertheless|nonetheless|consequently|moreover|furthermore|"
    r"additionally)\s+"
    # "Note that the BEGIN command does not acquire any locks": the reader told to notice a fact, which stands alone
    r"|^(?:please\s+)?(?:(?:note|notice|remember|keep\s+in\s+mind|be\s+aware)\s+that|note\s*:)\s+(?=\S)",
    re.IGNORECASE,
)


def drop_leading_connective(text: str) -> str:
    """``Finally, the journal is deleted.`` → ``The journal is deleted.``: a connective
    copied from the source at the start of an answer (which, read alone, ties it to
    nothing), or a "Note that" addressed to the reader, is dropped and the next word
    capitalised — unless it is a code identifier."""
    stripped = _CONNECTIVE.sub("", text.strip())
    if not stripped or starts_with_identifier(stripped):  # "f.write(string) writes ...": the case is the name's
        return stripped or text
    return stripped[:1].upper() + stripped[1:]


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in "\"“'" and text[-1] in "\"”'":
        return text[1:-1].strip()
    if len(text) >= 3 and text[0] in "\"“" and text[-2] in "\"”" and text[-1] in ".?":
        return text[1:-2].strip() + text[-1]
    return text


def clean_answer(record: Record, field: str = "answer") -> dict[str, str]:
    """Strip an echoed preamble (``The relevant sentence is:``, ``Answer:``), anything
    after an echoed ``Question:``/``Passage:`` line, quotation marks around the whole
    answer, and a leading connective (``Finally,``)."""
    raw = str(record.data.get(field, ""))
    text, previous = _TRAILER.sub("", raw), None
    while text != previous:  # preambles and quotes can nest: '"The relevant sentence is: "..."'
        previous = text
        text = _unquote(_ANSWER_PREAMBLE.sub("", text).strip().lstrip(",;:").strip())
    if text[:1] in "\"“" and not any(q in text[1:] for q in "\"”"):
        text = text[1:]  # an opening quote the model never closed
    return {field: drop_leading_connective(text.strip()), f"{field}_raw": raw}


def clean_question(record: Record, field: str = "question") -> dict[str, str]:
    """Strip echoed preambles (``What is the answer to this question?``, ``A user asks:``,
    ``The question is:``), quotation marks, and anything after the first question mark."""
    raw = str(record.data.get(field, ""))
    text = _unquote(_QUESTION_PREAMBLE.sub("", raw.strip()))
    if "?" in text:
        text = text[: text.index("?") + 1]
    return {field: text.strip().lstrip("\"“'").strip(), f"{field}_raw": raw}
