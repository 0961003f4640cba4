"""Markdown reader: CommonMark (markdown-it-py) rendered to plain text.

Markdown source is not the text a pair should quote: an answer copied from it carried
reference links (``[`dns.lookup()`][] uses ...``), emphasis marks (``is _not_ supported``)
and, from HTML comments, change logs that read like sentences (Node.js's API pages hold
``<!-- YAML changes: - version: v18.0.0 ... -->`` blocks). The reader renders the document
as the HTML reader's extraction reads: headings and paragraphs as blocks separated by a
blank line (a paragraph's wrapped lines joined, so no line break is read as a sentence
end), list items as ``- `` lines, table rows as cells joined by `` | ``, code blocks
verbatim; inline code, link and emphasis text kept without their marks; raw HTML, images,
link targets and a leading front-matter block (npm's docs open with ``---\ntitle:
npm-install ...\n---``, which CommonMark reads as a heading) dropped. Provenance spans
index this text, as they index the HTML reader's.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from datarefinery.sources.base import decode_text

_PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
# "[`dns.lookup()`][]" whose definition the file lacks stays literal text after parsing
_UNRESOLVED_REFERENCE = re.compile(r"\[([^\[\]\n]+)\]\[[^\[\]\n]*\]")
_INLINE_TEXT = frozenset({"text", "code_inline"})
# Jekyll / Hugo / Docusaurus front matter: metadata, not text (parsed as Markdown it becomes a heading)
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.DOTALL)


def _inline(token: Token) -> str:
    """The text of an inline token: text and code kept, marks, raw HTML and images dropped."""
    out: list[str] = []
    for child in token.children or []:  # an image's alt text is its own children: not here
        if child.type in _INLINE_TEXT:
            out.append(child.content)
        elif child.type == "softbreak":  # a wrapped line: the paragraph goes on
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return _UNRESOLVED_REFERENCE.sub(r"\1", "".join(out)).strip()


def _front_matter_title(block: str) -> str | None:
    """The ``title`` of a YAML front-matter block, or ``None`` (none, or not YAML)."""
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError:
        return None
    title = meta.get("title") if isinstance(meta, dict) else None
    return (str(title).strip() or None) if title is not None else None


def render(source: str) -> tuple[str | None, str]:
    """``(title, text)`` of Markdown ``source``: the front matter's ``title``, else the first
    heading's text (or ``None``), and the document as plain text (see the module docstring);
    a leading front-matter block (``---`` YAML or ``+++`` TOML) is metadata and left out."""
    blocks: list[str] = []
    title: str | None = None
    if m := _FRONT_MATTER.match(source):
        source = source[m.end():]
        title = _front_matter_title(m.group(2)) if m.group(1) == "---" else None
    row: list[str] = []
    open_lists = 0
    item_start = False
    tokens = _PARSER.parse(source)
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            open_lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            open_lists -= 1
        elif kind == "list_item_open":
            item_start = True
        elif kind == "inline" and tokens[i - 1].type in ("heading_open", "paragraph_open"):
            text = _inline(tok)
            if tokens[i - 1].type == "heading_open" and title is None and text:
                title = text
            if text:
                blocks.append(("- " if open_lists and item_start else "") + text)
            item_start = False
        elif kind == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_inline(tok))
        elif kind == "tr_close":
            if any(row):
                blocks.append(" | ".join(row))
            row = []
        elif kind in ("fence", "code_block"):
            if tok.content.strip():
                blocks.append(tok.content.rstrip("\n"))
            item_start = False
    return title, "\n\n".join(blocks) + ("\n" if blocks else "")


class MarkdownReader:
    """``.md`` files rendered to plain text (:func:`render`); the title is the first heading."""

    suffixes = (".md", ".markdown")

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        return render(decode_text(path, raw))
