"""reStructuredText reader: Sphinx and docutils documentation (``.rst``), parsed by docutils.

The text is what a reader of the built page sees: section titles, paragraphs, list items and
definitions, in order; code blocks, comments, substitutions and the markup itself are left
out. Sphinx's own roles (``:command:`target_sources```, ``:ref:`label <target>```) are not
docutils', so each is written as its text before parsing (``target_sources``, ``label``);
Sphinx's directives that hold prose (``versionadded``, ``deprecated``, ``only``, ``seealso``
…) keep their content, and those that hold none (``toctree``, ``index``, ``code-block`` …)
are dropped — docutils would otherwise report them as unknown and lose what they contain.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives
from docutils.statemachine import StringList

from datarefinery.errors import SourceError
from datarefinery.sources.base import decode_text

# ":role:`text`", ":domain:role:`text <target>`", ":role:`~module.name`": written as the text a reader sees
_ROLE = re.compile(r"(?<![\w`]):(?:[\w.+-]+:)+`(?P<text>[^`]+)`")
_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?P<name>[\w:.+-]+)::", re.MULTILINE)
# Sphinx directives with no prose of their own
_EMPTY = frozenset("""toctree index highlight code-block sourcecode literalinclude autosummary automodule autoclass
autofunction automethod autodata program option envvar cmake-module productionlist tabularcolumns centered
hlist graphviz digraph inheritance-diagram currentmodule module moduleauthor sectionauthor codeauthor""".split())
_SKIP = (nodes.system_message, nodes.comment, nodes.literal_block, nodes.raw, nodes.substitution_definition,
         nodes.target, nodes.doctest_block, nodes.table)


def _role_text(m: re.Match[str]) -> str:
    # "label <target>": the label ("CMAKE_DISABLE_FIND_PACKAGE_<PackageName>" is a name, no target)
    text = re.sub(r"\s+<[^<>]+>$", "", m.group("text")).strip()
    return text.lstrip("~!").rsplit(".", 1)[-1] if m.group("text").startswith("~") else text.lstrip("!")


class _Prose(Directive):
    """A directive docutils does not know, kept as the body it holds (its arguments dropped)."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = None

    def run(self) -> list[nodes.Node]:
        node = nodes.container()
        # "versionadded:: 3.1" runs on into its first lines, which docutils reads as the argument: the version
        # number goes, the prose stays; "seealso:: text" is all prose; "only:: html" is a condition
        argument = " ".join(self.arguments[0].split()) if self.arguments else ""
        name = self.name.split(":")[-1]
        prose = (argument.split(" ", 1)[1:] or [""])[0] if name.startswith(("version", "deprecated")) else (
            argument if name in ("seealso", "rubric", "topic", "sidebar") else "")
        body = StringList([prose, ""] + list(self.content)) if prose else self.content
        self.state.nested_parse(body, self.content_offset, node)
        return [node]


class _Nothing(_Prose):
    """A directive with no prose of its own (``toctree``, ``code-block`` …): dropped whole."""

    def run(self) -> list[nodes.Node]:
        return []


def _register(source: str) -> None:
    # docutils' registry is global: a name is added once, and never over one docutils has
    for name in {m.group("name") for m in _DIRECTIVE.finditer(source)}:
        if name not in directives._directive_registry and name not in directives._directives:
            directives.register_directive(name, _Nothing if name.split(":")[-1] in _EMPTY else _Prose)


def rst_text(source: str) -> tuple[str | None, str]:
    """``(title, text)`` of a reStructuredText document: the first section title, and the
    prose blocks separated by blank lines (a list item opens with "- ")."""
    source = _ROLE.sub(_role_text, source)
    _register(source)
    doctree = publish_doctree(source, settings_overrides={
        "report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(), "file_insertion_enabled": False,
        "raw_enabled": False, "input_encoding": "unicode", "syntax_highlight": "none"})
    blocks: list[str] = []
    title: str | None = None

    def walk(node: nodes.Node) -> None:
        nonlocal title
        if isinstance(node, _SKIP):
            return
        if isinstance(node, (nodes.title, nodes.paragraph, nodes.term)):
            text = node.astext().strip()
            if text:
                if isinstance(node, nodes.title) and title is None:
                    title = text
                first_in_item = isinstance(node.parent, nodes.list_item) and node.parent.index(node) == 0
                blocks.append(("- " if first_in_item else "") + text)
            return
        for child in node.children:
            walk(child)

    walk(doctree)
    return title, "\n\n".join(blocks)


class RstReader:
    """``.rst`` files through docutils (see the module's docstring); the title is the first
    section title."""

    suffixes = (".rst", ".rest", ".rst.txt")  # the last: what a Sphinx build copies to _sources/

    def read(self, path: Path, raw: bytes) -> tuple[str | None, str]:
        """Raises:
            SourceError: the bytes are not UTF-8 text, or docutils fails on them (the file is
                named, and the run goes on without it)."""
        text = decode_text(path, raw)
        try:
            return rst_text(text)
        except Exception as exc:  # docutils on input it was not written for: report the file, keep the run
            raise SourceError(f"reStructuredText could not be parsed: {type(exc).__name__}: {exc}",
                              source=str(path)) from None
