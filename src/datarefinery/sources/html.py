"""HTML reader: main-content extraction with trafilatura (navigation, menus and footers
removed)."""

from __future__ import annotations

from pathlib import Path

import trafilatura

from datarefinery.errors import SourceError
from datarefinery.sources.base import decode_text


class HtmlReader:
    """``.html``/``.htm`` files through ``trafilatura.bare_extraction`` (tables kept,
    comments dropped)."""

    suffixes = (".html", ".htm", ".xhtml")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        html = decode_text(path, raw)
        try:
            doc = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
            )
        except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
            raise SourceError(f"HTML extraction failed: {type(exc).__name__}: {exc}", source=str(path)) from exc
        if doc is None or not (doc.text or "").strip():
            raise SourceError("no main text found in HTML", source=str(path))
        return doc.title, doc.text
