"""HTML reader: main-content extraction with trafilatura (navigation, menus and footers
removed).

Two kinds of markup trafilatura writes as one line are reshaped before extraction:

- a list item made of a bold title paragraph and a body paragraph (``<li><p><b>Maximum
  Database Size</b></p><p>Every database ...``, as in SQLite's limits page) came out as
  one sentence, "Maximum Database Size Every database ..."; such an item is split into
  one item per block, so the title and the body are separate lines;
- a table cell: a page laid out with tables (its whole text in one cell, as libxslt's
  manual pages are) came out as a single line, and two list items without a full stop ran
  together as one sentence ("… information about DocBook Bob Stayton provides …"). A table
  that lays out the page (see :func:`unwrap_layout_tables`) becomes plain ``div``s; a table
  of content is kept.

Footnote references and their back-links are dropped (:func:`drop_note_references`): their
numbers ran into the words beside them ("structural types1 for …"); a power written with a
superscript is written with a caret (:func:`mark_powers`): SQLite's "up to 2<sup>31</sup>-1"
came out as "up to 231-1". Code nested in code is flattened (:func:`flatten_nested_code`), and a
heading's permalink ("¶") dropped (:func:`drop_heading_links`).
"""

from __future__ import annotations

import re
from pathlib import Path

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from datarefinery.errors import SourceError
from datarefinery.sources.base import decode_text


class HtmlReader:
    """``.html``/``.htm`` files through ``trafilatura.bare_extraction`` (tables kept,
    comments dropped), after :func:`prepare_html`."""

    suffixes = (".html", ".htm", ".xhtml")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        html = decode_text(path, raw)
        try:
            html = prepare_html(html)
            doc = trafilatura.bare_extraction(
                html, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
            )
        except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
            raise SourceError(f"HTML extraction failed: {type(exc).__name__}: {exc}", source=str(path)) from exc
        if doc is None or not (doc.text or "").strip():
            raise SourceError("no main text found in HTML", source=str(path))
        return page_title(html) or doc.title, doc.text


_TITLE = re.compile(r"<title\b[^>]*>(?P<title>.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


def page_title(html: str) -> str | None:
    """The text of the page's ``<title>`` element, whitespace collapsed, or ``None``. It is
    the page's title by its author, with the site's name beside it ("Tuple types - The Rust
    Reference", "4. More Control Flow Tools — Python 3.14 documentation"): the name a
    question may use for context. trafilatura's own choice prefers headings, and took the
    heading of mdBook's keyboard-help popup ("Keyboard shortcuts") for every page of the
    Rust Reference."""
    m = _TITLE.search(html)
    if not m:
        return None
    try:  # entities and stray tags in the title read as a browser reads them
        text = " ".join(lxml_html.fromstring(f"<p>{m.group('title')}</p>").text_content().split())
    except (etree.ParserError, ValueError):
        return None
    return text or None


_BLOCKS = frozenset({"p", "div", "pre", "dl", "blockquote", "table"})
_LAYOUT_CONTENT = _BLOCKS | {"ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "center", "form"}
_TABLE_PARTS = ("tbody", "thead", "tfoot", "tr", "td", "th")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def prepare_html(html: str) -> str:
    """``html`` with its layout tables unwrapped (:func:`unwrap_layout_tables`), its
    list items split at their blocks (:func:`separate_list_blocks`) and its code listings
    taken out of figures (:func:`unwrap_code_figures`), its footnote references dropped
    (:func:`drop_note_references`), its powers marked (:func:`mark_powers`), its code in
    code flattened (:func:`flatten_nested_code`) and its headings' permalinks dropped
    (:func:`drop_heading_links`); unchanged
    when none applies or the markup does not parse.

    Raises:
        nothing: markup lxml cannot parse is returned as it came.
    """
    try:  # the text is decoded already: an XHTML page's encoding declaration would make lxml refuse it
        root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return html
    changed = unwrap_layout_tables(root)
    changed = separate_list_blocks(root) or changed
    changed = unwrap_code_figures(root) or changed
    changed = drop_note_references(root) or changed
    changed = mark_powers(root) or changed
    changed = flatten_nested_code(root) or changed
    changed = drop_heading_links(root) or changed
    return lxml_html.tostring(root, encoding="unicode") if changed else html


def unwrap_layout_tables(root: etree._Element) -> bool:
    """Turn, in place, every table that lays out the page into ``div``s (its own rows and
    cells too, not those of tables inside it); whether any was. A table lays out the page
    when a cell of it holds a paragraph, list, heading or table, none is a header (``th``),
    and it holds another table or has one cell a row. Tables of content are left as they
    are: cells of text, a header row (an options table whose descriptions run to
    paragraphs, as in SQLite's cli.html) or a grid of rows (the Valgrind FAQ's numbered
    questions and answers)."""
    layout, grid = set(), set()
    for cell in root.iter("td", "th"):
        table = next(cell.iterancestors("table"), None)
        if table is None:
            continue
        if cell.tag == "th":
            grid.add(table)
        elif any(child.tag in _LAYOUT_CONTENT for child in cell):
            layout.add(table)
    for table in layout:  # a grid of rows with several cells and no table inside is content
        if not any(t is not table for t in table.iter("table")) and \
                any(len(row.findall("td")) + len(row.findall("th")) > 1 for row in table.iter("tr")):
            grid.add(table)
    layout -= grid
    for table in layout:
        for part in list(table.iter(*_TABLE_PARTS)):
            if next(part.iterancestors("table"), None) is table:
                part.tag = "div"
                part.attrib.clear()
        table.tag = "div"
        table.attrib.clear()
    return bool(layout)


def separate_list_blocks(root: etree._Element) -> bool:
    """Split, in place, every ``<li>`` that holds two or more block elements (and no text
    of its own) into consecutive ``<li>``s, one per block, inline children kept with the
    block before them; whether any was."""
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
    return changed


def unwrap_code_figures(root: etree._Element) -> bool:
    """Turn, in place, every ``<figure>`` that holds a ``<pre>`` into a ``div`` (its caption
    into a paragraph); whether any was. trafilatura drops figures as pictures, and mdBook
    (the Rust Book, the Rust Reference and many projects' docs) puts every numbered code
    listing in one (``<figure class="listing"><pre>…</pre><figcaption>Listing 13-16: …``):
    the prose that explains a listing was kept and the listing lost."""
    figures = [f for f in root.iter("figure") if next(f.iter("pre"), None) is not None]
    for figure in figures:
        figure.tag = "div"
        for caption in figure.iter("figcaption"):
            caption.tag = "p"
    return bool(figures)


# what a link to a note on the same page shows: "1", "[1]", "12", a back arrow
_NOTE_MARK = re.compile(r"\[?\d{1,3}\]?|[↩↑⤴^]")


def drop_note_references(root: etree._Element) -> bool:
    """Remove, in place, every link to a note on the same page that shows only a note's
    mark — a number, "[1]", or a back arrow — with the ``<sup>`` it is the whole of (the
    text after it kept); whether any was. A number is a note's mark only in a ``<sup>`` or
    when the link says it is one (a class or role naming a footnote, as Sphinx's
    ``footnote-reference`` and ``doc-noteref``): mdBook writes ``types<sup><a
    href="#footnote-1">1</a></sup> for``, which came out as "types1 for", and Sphinx "object).
    [1] When …"; a superscript that is no link (``2<sup>31</sup>``) stays."""
    marks = []
    for link in root.iter("a"):
        text = link.text_content().strip()
        if not (link.get("href") or "").startswith("#") or not _NOTE_MARK.fullmatch(text):
            continue
        parent = link.getparent()
        in_sup = parent is not None and parent.tag == "sup" and parent.text_content().strip() == text
        said = "note" in f"{link.get('class', '')} {link.get('role', '')}".lower()
        if in_sup or said or not text[0].isalnum() and text[0] != "[":
            marks.append(parent if in_sup else link)
    for mark in marks:
        mark.drop_tree()
    return bool(marks)


_EXPONENT = re.compile(r"[-−+]?\d{1,4}")


def _text_before(element: etree._Element) -> str:
    """The text that comes right before ``element`` in document order (its previous
    sibling's tail, or its parent's own text, climbing through parents that have none)."""
    node = element
    while (parent := node.getparent()) is not None:
        previous = node.getprevious()
        if previous is not None:
            return previous.tail or previous.text_content()
        if parent.text:
            return parent.text
        node = parent
    return ""


def mark_powers(root: etree._Element) -> bool:
    """Write a caret before every superscript number that follows a digit and is no link
    (``2<sup>31</sup>`` becomes "2^31", also through ``<small>``); whether any was. Without
    it the exponent runs into its base: "2<sup>64</sup>" read as 264."""
    powers = [sup for sup in root.iter("sup")
              if _EXPONENT.fullmatch(sup.text_content().strip()) and next(sup.iter("a"), None) is None
              and _text_before(sup)[-1:].isdigit()]
    for sup in powers:
        sup.insert(0, lxml_html.Element("span"))
        sup[0].text, sup[0].tail, sup.text = "^", sup.text, None
    return bool(powers)


_CODE = ("code", "tt", "kbd", "samp", "var")


def flatten_nested_code(root: etree._Element) -> bool:
    """Replace, in place, the content of every code element (``code``, ``tt``, ``kbd``,
    ``samp``, ``var``) that holds another code element by its text; whether any was.
    trafilatura moves code nested in code out of its place: PostgreSQL's ``<code>FROM LATERAL
    (SELECT <em><code>func</code></em>(...)) …</code>`` (a placeholder inside a literal) came
    out as "FROM LATERAL (SELECT . Note that func(...)) aliasLATERAL is …"."""
    outer = [element for element in root.iter(*_CODE)
             if any(inner is not element for inner in element.iter(*_CODE))]
    for element in outer:
        if element.getparent() is None or any(a.tag in _CODE for a in element.iterancestors()):
            continue  # inside another flattened element: its text is taken with it
        text = element.text_content()
        for child in list(element):
            element.remove(child)
        element.text = text
    return bool(outer)


# what a heading's permalink shows: Sphinx's pilcrow, a hash, a section sign, a link symbol
_PERMALINK = frozenset({"¶", "#", "§", "🔗"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt"})


def drop_heading_links(root: etree._Element) -> bool:
    """Remove, in place, every permalink of a heading or a definition term: a link that shows
    only "¶", "#" or "§" inside an ``h1``–``h6`` or ``dt``, or whose class says it is one
    (Sphinx's ``headerlink``); whether any was. Sphinx writes ``<h2>Binding Externally<a
    class="headerlink" href="#binding-externally">¶</a></h2>``: the heading came out as
    "Binding Externally¶", which no longer read as a heading, and ran into the paragraph
    after it ("Binding Externally¶ eventlet should not be run as root …", Flask's docs)."""
    links = [a for a in root.iter("a")
             if a.text_content().strip() in _PERMALINK and (
                 "headerlink" in (a.get("class") or "")
                 or any(parent.tag in _HEADINGS for parent in a.iterancestors()))]
    for link in links:
        link.drop_tree()
    return bool(links)
