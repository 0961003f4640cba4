"""Sentence segmentation with character offsets (pysbd, rule-based, offline)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pysbd


@dataclass(frozen=True)
class Sentence:
    """A sentence of some text: ``text == source[start:end]`` (trailing space stripped)."""

    text: str
    start: int
    end: int


@lru_cache(maxsize=4)
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False, char_span=True)


_SENTENCE_END = re.compile(r"[.!?:;]['\")\]”’]*\s*$")
# a line ending in a word that needs what follows goes on, a subordinator too ("... is set to '-c'.  When" / "-m
# module is used, ...")
_CONTINUES = re.compile(r"(?:\b(?:a|an|the|and|or|but|of|to|be|in|on|at|by|for|with|from|as|is|are|was|were|that|"
                        r"which|than|into|its|their|this|these|when|whenever|if|unless|while|where|whether|because|"
                        r"although|whose)|[,(\-–/])\s*$", re.IGNORECASE)
# a heading in capitals on a line of its own ("EXIT STATUS", "SEE ALSO" in a man page): it ends its block, whatever
# the next line starts with
_CAPS_HEADING = re.compile(r"^\s*[A-Z][A-Z0-9 /&-]{2,60}$")
# a heading in title case opening a block, one to five words and no punctuation at its end ("Target Features" before
# "x86, and ARMv8 are two popular CPU architectures." in the rustc book: a code name in lower case opens the next line)
_TITLE_HEADING = re.compile(r"^\s*[A-Z0-9][\w-]*(?:\s+(?:[A-Z0-9][\w-]*|of|and|or|the|for|to|in|on|a|an|with)){0,4}"
                            r"\s*$")
# a label and its value on a line of their own, opening a block ("Tier: 2/3" before "illumos, is a Unix operating
# system …" in the rustc book: the next line opens with a name in lower case)
_LABEL_LINE = re.compile(r"^\s*[A-Z][\w -]{0,30}:\s+\S+(?:\s+\S+){0,2}\s*$")
_STARTS_NEW = re.compile(r"^\s*(?:[A-Z#>*•\-]|\d{1,2}(?:\.\d+)*[.)]?\s)")
# a line ending in one of these words continues with the number on the next line ("RFC\n7159.")
_REFERENCE = re.compile(r"\b(?:RFC|PEP|ISO|section|chapter|page|figure|table|version|release|no\.|§)\s*$",
                        re.IGNORECASE)
# what such a line goes on with: a number ("7159.", "3.2", "IV"), or inside a block a name ("See section\nStandard
# Modules"); a short heading that opens a block and ends in one of those words ("OS version" before "The minimum
# supported version is watchOS 5.0." in the rustc book) ends it
_REFERENCE_NUMBER = re.compile(r"^\s*(?:\d|[IVXLC]+\b|§)")
# a wrapped line of running prose (six words or more, lower case or a name in capitals at both ends, no code or
# option) ends inside a sentence when the next line opens with a name and goes on in lower case: "… as
# factoring a 1024-bit\nRSA modulo, and …", "… will return a rejected\nPromise with …", "… The subsequent
# CREATE\nINDEX locks out writes …"
_PROSE_BODY = r"(?![^\n]*(?:\.\.\.|\s-))[\w\s,.;'’\"“”()-]*(?:[a-z]|\s[A-Z][A-Z0-9_]+)\s*$"
_PROSE_LINE = re.compile(r"^\s*(?:[a-z]|[A-Z][A-Z0-9_]+\s)" + _PROSE_BODY)
# a block's first line of such prose opens with a word in sentence case, or with a name in capitals and has a
# common word of prose after it (not a command's synopsis, "ALTER GROUP group_name RENAME TO new_name"), and it has
# no word in title case after its first, which a heading would ("For foreign tables that are specified to be
# locked by a SELECT" / "FOR UPDATE/SHARE command, the ForeignScan …"; "CREATE COLLATION takes a SHARE ROW" /
# "EXCLUSIVE lock, …")
_PROSE_OPENING = re.compile(r"^\s*(?:[A-Z][a-z]+\s|[A-Z][A-Z0-9_]+\s(?=.*\b(?:a|an|the|is|are|be|can|will|must|of)\s))"
                            + _PROSE_BODY)
# a capitalised word after a line's first: a heading in title case ("Type Resolution with Underspecified Types")
_TITLE_WORD = re.compile(r"\s[A-Z][a-z]")
# a name (a dotted one too: "SandboxedEnvironment.binop_table and"), or a run of names in capitals (SQL's "FOR
# UPDATE/SHARE", "CREATE COLLATION"), then a word in lower case
_NAME_THEN_LOWER = re.compile(r"^\s*([A-Z][\w-]*(?:\.[A-Za-z_][\w-]*)*)(?:[\s/]+[A-Z][A-Z0-9_/-]*)*,?\s+[a-z]")
# words that open a sentence of their own ("The readable.pipe() method …", "This command …", "Once the …")
_OPENERS = frozenset("""a after all also although an and any as at because before both but by each every for from
he her here his how however if in it its many most no not note now on once or our she since so some such that the
their then there these they this those though thus to unless use we what when where whether which while who why
with you your""".split())


def _inside_sentence(line: str, nxt: str, continuing: bool) -> bool:
    """Whether a ``line`` of prose runs on into ``nxt`` (see ``_PROSE_LINE``; a block's first
    line only into a name in capitals, see ``_PROSE_OPENING``); a next line opening with a
    common word ("The", "This", "If") starts a sentence of its own, one in capitals ("FOR
    UPDATE") does not."""
    name = _NAME_THEN_LOWER.match(nxt)
    if not name:
        return False
    first = name.group(1)
    in_capitals = len(first) > 1 and first.isupper()
    if first.lower() in _OPENERS and not in_capitals:
        return False
    if continuing:
        return len(line.split()) >= 6 and bool(_PROSE_LINE.match(line))
    return (in_capitals and len(line.split()) >= 6 and bool(_PROSE_OPENING.match(line))
            and not _TITLE_WORD.search(line.strip()))


def blocks(text: str) -> list[tuple[int, int]]:
    """Spans of text blocks (paragraphs, headings, list items), as ``(start, end)``.

    Extracted text keeps the hard line breaks of its source (HTML source lines, PDF
    lines), so a line break alone says little. A line ends its block when the next line
    is blank, when it is a heading in capitals ("EXIT STATUS") or a block's first line in
    title case ("Target Features", up to five words) or a label and its value ("Tier: 2/3"),
    when it ends with sentence punctuation and the next line does not start in lower case,
    or when it does not end on
    a word that needs a continuation (``the``, ``of``, ``to be``, a comma, a reference word
    such as ``RFC`` or ``section``) and the next line starts like a new unit (a capital, a
    bullet, a list or section number) —
    unless the line continues a block of prose and the next line opens with a name inside
    its sentence ("… factoring a 1024-bit" / "RSA modulo, and …").
    Otherwise the next line continues the block.
    """
    lines = text.split("\n")
    out: list[tuple[int, int]] = []
    start: int | None = None
    pos = 0
    for i, line in enumerate(lines):
        end = pos + len(line)
        if line.strip():
            continuing = start is not None
            if start is None:
                start = pos
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if (not nxt.strip() or _CAPS_HEADING.match(line)
                    or (not continuing and (_TITLE_HEADING.match(line) or _LABEL_LINE.match(line))
                        and not _CONTINUES.search(line))
                    or (_SENTENCE_END.search(line) and not nxt.lstrip()[:1].islower())
                    or (not _CONTINUES.search(line) and not (_REFERENCE.search(line) and (
                        _REFERENCE_NUMBER.match(nxt) or continuing or len(line.split()) > 4))
                        and _STARTS_NEW.match(nxt)
                        and not _inside_sentence(line, nxt, continuing))):
                out.append((start, end))
                start = None
        pos = end + 1
    if start is not None:
        out.append((start, len(text)))
    return out


def split_sentences(text: str, language: str = "en") -> list[Sentence]:
    """Split ``text`` into sentences, each with exact offsets into ``text``.

    Text is first cut into blocks (see :func:`blocks`), so a heading or a list item never
    merges with the sentence after it while hard-wrapped lines still join. A sentence may
    contain ``\\n`` where its source was wrapped.
    """
    out: list[Sentence] = []
    for b_start, b_end in blocks(text):
        block = text[b_start:b_end]
        # pysbd breaks at every newline; a space keeps offsets and lets wrapped lines join
        spans: list[list[int]] = []
        for span in _segmenter(language).segment(block.replace("\n", " ")):
            # pysbd cuts before a name that starts with a dot ("the executable or .dylib", "the .pyc
            # files") and inside a relative path ("run ./configure", "`../lib`"): a cut with no space after
            # its period is inside a word, so the pieces join
            after_period = spans and span.start == spans[-1][1] and block[span.start - 1] == "."
            if after_period and (block.startswith(("/", "./"), span.start) or block[span.start].isalnum() and (
                    span.start < 2 or block[span.start - 2] in " \t\n(\"'`“" or block[span.start].islower())):
                spans[-1][1] = span.end
            elif spans and block[span.start] in ")]" and span.start == spans[-1][1]:
                # pysbd ends a sentence inside its parentheses ("… max(SCALE, scale(a))).)  It should be …", bc.info)
                # and starts the next with the closing bracket, which belongs to the one before
                spans[-1][1] = span.start + 1
                spans.append([span.start + 1, span.end])
            else:
                spans.append([span.start, span.end])
        for s_start, s_end in spans:
            raw = block[s_start:s_end]
            stripped = raw.strip()
            if stripped:
                start = b_start + s_start + len(raw) - len(raw.lstrip())
                out.append(Sentence(stripped, start, start + len(stripped)))
    return out
