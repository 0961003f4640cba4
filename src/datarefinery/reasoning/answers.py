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
