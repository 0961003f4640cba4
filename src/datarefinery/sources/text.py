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


# a line that opens with a bar at the left: a gutter's, if two spaces or more follow it, or nothing
_BAR_LINE = re.compile(r"^([ \t]*)\|(?= {2,}\S| *$)")
# a gutter's line: the bar, then text after two spaces or more (not a tree's next branch, "|   |-- syn",
# "|   `-- rand"), or nothing
_GUTTER = re.compile(r"^[ \t]*\|(?: {2,}[^\s|`+]| *$)")


def strip_gutters(text: str, min_lines: int = 3) -> str:
    """``text`` with the bars of a left gutter made spaces: a run of at least ``min_lines``
    lines that open with a bar at the same column, most of them as ``pydoc`` draws a class's
    body (the bar, two spaces or more and text, or nothing: "     |  Return a named tuple …"). The
    bar is layout, and left in place it ran into the sentences ("The return | value of
    ``object_pairs_hook`` will be used …"). A shell pipeline ("| tr -s …"), a grammar's
    alternatives ("| while_stmt") and a tree's branches ("|   |-- syn") have other spacing
    and keep their bars; columns stay where they were."""
    lines = text.split("\n")
    marks = [_BAR_LINE.match(line) for line in lines]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and marks[j] and marks[j].group(1) == marks[i].group(1):  # type: ignore[union-attr]
            j += 1
        run = lines[i:j]
        if len(run) >= min_lines and 2 * sum(bool(_GUTTER.match(line)) for line in run) > len(run):
            width = len(marks[i].group(1))  # type: ignore[union-attr]
            lines[i:j] = [line[:width] + " " + line[width + 1:] for line in run]
        i = max(j, i + 1)
    return "\n".join(lines)


class TextReader:
    """``.txt`` files: the decoded text, with a word that a formatter hyphenated at a line end
    (U+2010, as ``man`` renders pages) joined again, a compound broken after its own hyphen
    ("system-" / "wide") made whole, and a left gutter of bars (``pydoc``'s class bodies)
    blanked (:func:`strip_gutters`); the title is the file stem."""

    suffixes = (".txt", ".text")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        return None, strip_gutters(_COMPOUND_BREAK.sub("", _LINE_END_HYPHEN.sub("", decode_text(path, raw))))
