"""Plain-text reader."""

from __future__ import annotations

import re
from pathlib import Path

from datarefinery.sources.base import decode_text

# a word a formatter hyphenated at a line end: man(1) and groff break "pro‐\n       tocol" with U+2010 HYPHEN,
# which no one types at a line end by hand
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])\u2010\n[ \t]*(?=[^\W\d_])")
# a compound broken at its own hyphen ("system-\n       wide"): the line break goes, the hyphen stays
_COMPOUND_BREAK = re.compile(r"(?<=[^\W\d_]-)\n[ \t]*(?=[a-z])")


class TextReader:
    """``.txt`` files: the decoded text, with a word that a formatter hyphenated at a line end
    (U+2010, as ``man`` renders pages) joined again, and a compound broken after its own
    hyphen ("system-" / "wide") made whole; the title is the file stem."""

    suffixes = (".txt", ".text")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        return None, _COMPOUND_BREAK.sub("", _LINE_END_HYPHEN.sub("", decode_text(path, raw)))
