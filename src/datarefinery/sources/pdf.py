"""PDF reader (pypdf): page texts joined by blank lines."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from datarefinery.errors import SourceError

logging.getLogger("pypdf").setLevel(logging.ERROR)


class PdfReaderAdapter:
    """``.pdf`` files: text of every page in order, pages separated by ``\\n\\n``; the title
    from the document info where present.

    Raises:
        SourceError: encrypted, corrupt or text-less PDFs.
    """

    suffixes = (".pdf",)

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        try:
            reader = PdfReader(io.BytesIO(raw))
            if reader.is_encrypted:
                raise SourceError("PDF is encrypted", source=str(path))
            pages = [(page.extract_text() or "").strip() for page in reader.pages]
            title = reader.metadata.title if reader.metadata else None
        except SourceError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
            raise SourceError(f"corrupt PDF: {type(exc).__name__}: {exc}", source=str(path)) from exc
        return title, "\n\n".join(p for p in pages if p)
