"""HTML reader: main-content extraction with trafilatura (navigation, menus and footers
removed).

trafilatura writes a list item as one line, so an item made of a bold title paragraph and
a body paragraph (``<li><p><b>Maximum Database Size</b></p><p>Every database ...``, as in
SQLite's limits page) came out as one sentence, "Maximum Database Size Every database ...".
Before extraction, such an item is split into one item per block, so the title and the
body are separate lines.
"""

from __future__ import annotations

from pathlib import Path

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from datarefinery.errors import SourceError
from datarefinery.sources.base import decode_text


class HtmlReader:
    """``.html``/``.htm`` files through ``trafilatura.bare_extraction`` (tables kept,
    comments dropped)."""

    suffixes = (".html", ".htm", ".xhtml")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        html = decode_text(path, raw)
        try:
            html = separate_list_blocks(html)
            doc = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
            )
        except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
            raise SourceError(f"HTML extraction failed: {type(exc).__name__}: {exc}", source=str(path)) from exc
        if doc is None or not (doc.text or "").strip():
            raise SourceError("no main text found in HTML", source=str(path))
        return doc.title, doc.text


_BLOCKS = frozenset({"p", "div", "pre", "dl", "blockquote", "table"})


def separate_list_blocks(html: str) -> str:
    """``html`` with every ``<li>`` that holds two or more block elements (and no text of
    its own) split into consecutive ``<li>``s, one per block, inline children kept with the
    block before them; unchanged when there is no such item or the markup does not parse.

    Raises:
        nothing: markup lxml cannot parse is returned as it came.
    """
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    changed = False
    for li in list(root.iter("li")):
        children = list(li)
        if sum(c.tag in _BLOCKS for c in children) < 2 or (li.text or "").strip():
            continue
        groups: list[list[etree._Element]] = [[]]
        for child in children:
            if child.tag in _BLOCKS and any(c.tag in _BLOCKS for c in groups[-1]):
                groups.append([])
            groups[-1].append(child)
        parent, tail = li.getparent(), li.tail
        if parent is None:
            continue
        at = parent.index(li)
        parent.remove(li)
        for i, group in enumerate(groups):
            item = lxml_html.Element("li")
            item.extend(group)
            parent.insert(at + i, item)
        parent[at + len(groups) - 1].tail = tail
        changed = True
    return lxml_html.tostring(root, encoding="unicode") if changed else html
