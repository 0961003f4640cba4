"""PDF reader (PDFium, through pypdfium2): page texts, wrapped lines rejoined, pages joined by blank lines.

PDFium places each word from its glyph positions, so words keep their spaces where pypdf
ran them together ("Thissectionisde-votedtodetail..." in a LaTeX-made manual), and it
marks a word hyphenated at a line end (U+FFFE, the break already taken out), so
"trans-\\nlated" reads "translated". A PDF keeps no paragraphs, only lines: a line that
runs (nearly) the full text width continues on the next one unless that one starts a new
unit, so sentences wrapped over lines are one line of text before any offset is taken, and
the sentence splitter never cuts "... is saved using\\nSetLastError, and ..." at the break.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium

from datarefinery.errors import SourceError

_SOFT_HYPHEN = "\ufffe"  # PDFium's mark of a word hyphenated at a line end
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # glyphs PDFium could not map (e.g. \x0f for a symbol)
# a line that starts a new unit even after a full line: a bullet, a list or section number, a LaTeX or shell line
_NEW_UNIT = re.compile(r"^\s*(?:[•\-*–]\s|\d+(?:\.\d+)*[.)]?\s|[\\$#>%])")


def _full_width(lines: list[str]) -> int:
    """The document's text width in characters: the 90th percentile of its line lengths."""
    lengths = sorted(len(line) for line in lines if line.strip())
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def reflow(page: str, width: int, share: float = 0.85) -> str:
    """Join each line of ``page`` that runs at least ``share`` of ``width`` characters to
    the next line with a space, unless that line is blank or starts a new unit (a bullet,
    a list or section number, a line of LaTeX or shell); other line breaks are kept."""
    lines = page.split("\n")
    out = []
    for i, line in enumerate(lines):
        out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if i + 1 < len(lines):
            joins = (width and len(line) >= share * width and line.strip() and nxt.strip()
                     and not _NEW_UNIT.match(nxt) and not line.rstrip().endswith(":"))
            out.append(" " if joins else "\n")
    return "".join(out)


class PdfReaderAdapter:
    """``.pdf`` files: the text of every page in order (wrapped lines rejoined, see
    :func:`reflow`), pages separated by ``\\n\\n``; the title from the document info where
    present.

    Raises:
        SourceError: encrypted (a password is needed), corrupt or text-less PDFs.
    """

    suffixes = (".pdf",)

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        try:
            pdf = pdfium.PdfDocument(raw)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise SourceError("PDF is encrypted", source=str(path)) from exc
            raise SourceError(f"corrupt PDF: {exc}", source=str(path)) from exc
        try:
            pages = []
            for page in pdf:
                text = page.get_textpage().get_text_range()
                pages.append(_CONTROL.sub(" ", text.replace("\r\n", "\n").replace(_SOFT_HYPHEN, "")).strip())
            title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
        except pdfium.PdfiumError as exc:
            raise SourceError(f"corrupt PDF: {exc}", source=str(path)) from exc
        finally:
            pdf.close()
        width = _full_width([line for p in pages for line in p.split("\n")])
        return title, "\n\n".join(reflow(p, width) for p in pages if p)
