"""GNU Info reader: the manuals that ``makeinfo`` writes (``.info``, or ``.info.gz`` as
distributions install them under ``/usr/share/info``).

An Info file is plain text with navigation in it: nodes separated by ``\\x1f``, each with a
``File: … Node: …`` header line, menus (``* Menu:`` and ``* Name:: description`` entries),
cross-references (``*note Label: Node.``, ``(*note Overview: (diff)Top.)``), and an
indirect table and tag table at the end. Read as plain text, a menu entry becomes a
"sentence" ("Invoking time:: Summary of the options to the 'time' command.") that a
question is written for. This reader keeps the prose and headings, drops the navigation,
and writes a cross-reference as its label. The format: Texinfo manual, "Info Files" and
"Menus" (https://www.gnu.org/software/texinfo/manual/texinfo/).
"""

from __future__ import annotations

import re
from pathlib import Path

from datarefinery.sources.base import decode_text

_HEADER = re.compile(r"^File: [^,\n]+,\s+Node: [^\n]*$", re.MULTILINE)
_PREAMBLE_ENTRY = re.compile(r"^START-INFO-DIR-ENTRY$.*?^END-INFO-DIR-ENTRY$\n?|^INFO-DIR-SECTION .*$\n?",
                             re.MULTILINE | re.DOTALL)
_PRODUCED_BY = re.compile(r"\AThis is [^\n]*?\.info, produced by makeinfo[^\n]*(?:\n[^\n]+)*\n")
_MENU = re.compile(r"^\* Menu:.*$", re.MULTILINE)
# a menu entry ("* Invoking time:: Summary of the options." or "* Label: Node.  Description") with the
# description's wrapped lines, which makeinfo indents deeper than the entry
_MENU_ENTRY = re.compile(r"^\* [^:\n]+:(?::|\s+[^.\n]*\.)[^\n]*(?:\n[ \t]{8,}\S[^\n]*)*\n?", re.MULTILINE)
# a cross-reference in parentheses is an aside: "(*note Overview: (diff)Top.)"
_ASIDE_REFERENCE = re.compile(r"\s*\(\*[Nn]ote\s[^()]*(?:\([^()]*\)[^()]*)*\)")
_REFERENCE = re.compile(r"\*([Nn])ote\s+(?:([^:]+?)::|([^:]+?):\s+(?:\([^)]*\))?[^.,]*(?=[.,]))")
_TABLES = ("Tag Table:", "End Tag Table", "Indirect:", "Local Variables:")


class InfoReader:
    """``.info`` files (``.info.gz`` as installed: ``read_document`` decompresses): the nodes'
    text without headers, menus, the ``dir`` entry and the tag tables, each cross-reference
    written as its label; the title is the Top node's heading (the file's name without
    ``.info`` when there is none).

    Raises:
        SourceError: bytes that are not UTF-8 text.
    """

    suffixes = (".info",)

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        nodes = decode_text(path, raw).split("\x1f")
        nodes[0] = _PRODUCED_BY.sub("", _PREAMBLE_ENTRY.sub("", nodes[0]))
        kept = [clean_node(n) for n in nodes if not n.lstrip("\n").startswith(_TABLES)]
        title = next((heading(n) for n in nodes if re.search(r"Node: Top\b", n)), None)
        return title or re.sub(r"\.info(?:-\d+)?(?:\.gz)?$", "", path.name), "\n\n".join(k for k in kept if k)


def clean_node(node: str) -> str:
    """One node's text: header line, menu and menu entries dropped, a cross-reference made
    its label ("See <label>" where it opens a sentence; an aside in parentheses dropped whole)."""
    text = _MENU_ENTRY.sub("", _MENU.sub("", _HEADER.sub("", node)))
    # "*Note X::" opens a sentence (Texinfo's @xref, "See X"); "*note X::" sits inside one (@ref)
    text = _REFERENCE.sub(lambda m: ("See " if m.group(1) == "N" else "") + (m.group(2) or m.group(3)),
                          _ASIDE_REFERENCE.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def heading(node: str) -> str | None:
    """The first heading of a node: a line underlined with ``*``, ``=``, ``-`` or ``.``."""
    m = re.search(r"^(\S[^\n]*)\n([*=.-])\2{2,}[ \t]*$", node, re.MULTILINE)
    return m.group(1).strip() if m else None
