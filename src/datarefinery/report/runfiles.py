"""Reading a run directory for the report: JSONL lines that parse (a line cut short by a
crash is skipped, not fatal), and bounded uniform samples of long streams."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def jsonl_objects(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of ``path``, one per line, streamed; missing file: none; a line that
    does not parse (or is not an object) is skipped."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                yield obj


@dataclass
class Reservoir(Generic[T]):
    """A uniform sample of at most ``size`` items of a stream (Algorithm R, seeded, so the
    same run gives the same report); ``seen`` counts the whole stream."""

    size: int
    seed: int = 0
    seen: int = 0
    items: list[tuple[int, T]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def add(self, item: T) -> None:
        """Offer one item of the stream."""
        if len(self.items) < self.size:
            self.items.append((self.seen, item))
        else:
            j = self._rng.randrange(self.seen + 1)
            if j < self.size:
                self.items[j] = (self.seen, item)
        self.seen += 1

    def kept(self) -> list[T]:
        """The sampled items, in stream order."""
        return [item for _, item in sorted(self.items, key=lambda pair: pair[0])]

    @property
    def capped(self) -> bool:
        """Whether items were left out."""
        return self.seen > len(self.items)
