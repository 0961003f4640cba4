"""The final answer of a model's reply, and of a reference solution.

Reasoning replies put their answer at the end, in one of a few conventions: GSM8K's
``#### 42``, LaTeX ``\\boxed{42}`` (MATH, most reasoning models), ``Answer: 42`` or
"the answer is 42" (prompted models). :func:`final_answer` takes the last of these that
the reply contains, else its last non-empty line.
"""

from __future__ import annotations

import re

_BOXED = re.compile(r"\\boxed\{")
_MARKERS = (
    re.compile(r"####\s*(?P<a>[^\n]+)"),
    re.compile(r"(?:final\s+)?answer\s*(?:is|:|=)\s*:?\s*(?P<a>[^\n]+)", re.IGNORECASE),
)


def _boxed(text: str) -> str | None:
    """The content of the last ``\\boxed{...}`` (braces balanced), or ``None``."""
    starts = [m.end() for m in _BOXED.finditer(text)]
    if not starts:
        return None
    i = start = starts[-1]
    depth = 1
    while i < len(text) and depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return text[start:i - 1].strip() if depth == 0 else None


def final_answer(text: str) -> str:
    """The final answer in ``text``: the last ``\\boxed{}``, else the text after the last
    ``####``, else after the last "answer is" / "Answer:", else the last non-empty line
    (trailing full stop removed). Empty text gives ``""``."""
    boxed = _boxed(text)
    if boxed:
        return boxed
    for marker in _MARKERS:
        found = list(marker.finditer(text))
        if found:
            answer = found[-1].group("a").strip()
            if answer:
                return answer.rstrip(".").strip()
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1].rstrip(".").strip() if lines else ""


_CHOICE = re.compile(r"^(?:option\s+)?\(?(?P<label>[A-Ea-e1-9])\s*(?:[.):]|$)", re.IGNORECASE)


def choice_answer(text: str) -> str:
    """The option a multiple-choice reply picks: the label (``A``–``E``, ``1``–``9``, upper
    case) its :func:`final_answer` opens with — ``B``, ``B.``, ``(B)``, ``B) female``,
    ``Option B: female``, "The answer is B. female" — else that final answer as it is (an
    option's text, compared with the right option's text)."""
    answer = final_answer(text)
    m = _CHOICE.match(answer)
    return m.group("label").upper() if m else answer
