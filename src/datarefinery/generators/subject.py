"""The subject a document set is about, read from a page's title: what a question may name when
the sentence it asks about does not.

A reference page seldom names its own system in every sentence ("The char type represents a
single Unicode scalar value" on a page of the Rust Reference), so a question written from that
sentence alone either names nothing ("What is the char type?") or guesses ("… in programming?",
"… in Go?"). A site's pages carry the system's name in their ``<title>``, after the page's own
name: "Tuple types - The Rust Reference", "4. More Control Flow Tools — Python 3.11.2
documentation", "File system | Node.js v20.20.2 Documentation". :func:`subject_of` takes that
last part and strips it to the name.
"""

from __future__ import annotations

import re

# the separators sites put between a page's name and their own
_SEPARATOR = re.compile(r"\s+[-–—|·:]\s+")
# what dresses the site's name: "The", a version, and the kind of document it is
_ARTICLE = re.compile(r"^(?:the|an?)\s+", re.IGNORECASE)
_VERSION = re.compile(r"\s+v?\d+(?:\.\d+)*(?:[a-z]\d*)?\b", re.IGNORECASE)
_KIND = re.compile(r"(?:\s+(?:documentation|docs|manual|reference|book|guide|handbook|tutorial|wiki|edition|style|"
                   r"(?:programming\s+)?language|user'?s|programmer'?s|developer'?s|api|help|online|official|project))+"
                   r"\s*$", re.IGNORECASE)


def subject_of(title: str | None) -> str | None:
    """The name of the system a page's ``title`` says its site is about, or ``None``.

    The title's last part after a separator (" - ", " — ", " | ", " · ", " : "), with a
    leading article, version numbers and the document's kind ("documentation", "reference",
    "book" …) taken off: "Tuple types - The Rust Reference" → "Rust", "4. More Control Flow
    Tools — Python 3.11.2 documentation" → "Python", "*-hurd-gnu - The rustc book" → "rustc".
    ``None`` when the title has one part ("Implementation Limits For SQLite": the page names
    its system itself) or nothing is left of the last part, or more than four words are."""
    if not title:
        return None
    parts = _SEPARATOR.split(title.strip())
    if len(parts) < 2:
        return None
    name = _KIND.sub("", _VERSION.sub("", _ARTICLE.sub("", parts[-1].strip()))).strip(" .,")
    return name if name and len(name.split()) <= 4 and re.search(r"[A-Za-z]", name) else None
