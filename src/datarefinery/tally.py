"""Adding up counters kept in dataclasses (run counts, node stats, model usage)."""

from __future__ import annotations

from collections import Counter
from dataclasses import fields
from typing import Any


def accumulate(into: Any, other: Any) -> None:
    """Add the numeric and ``Counter`` fields of dataclass ``other`` into ``into`` (same
    class); other fields are left as they are."""
    for f in fields(into):
        a, b = getattr(into, f.name), getattr(other, f.name)
        if isinstance(a, Counter):
            a.update(b)
        elif isinstance(a, (int, float)) and not isinstance(a, bool):
            setattr(into, f.name, a + b)
