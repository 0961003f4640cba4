"""Word lists and normalisation for the provenance checks (English)."""

from __future__ import annotations

import re

STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
either else etc even ever every few for from further get gets got had hadn't has hasn't have haven't having he
her here hers herself him himself his how however i if in into is isn't it it's its itself just let's like made
make makes many may me might more most much must mustn't my myself need needs neither no nor not of off often on
once one only or other ought our ours ourselves out over own per rather same shall shan't she should shouldn't
since so some such than that that's the their theirs them themselves then there there's these they this those
though through thus to too under until up upon us use used uses using very via was wasn't we well were weren't
what what's when where whether which while who whom whose why will with within without won't would wouldn't yes
yet you your yours yourself yourselves answer question text passage statement according following called known
""".split())

NEGATIONS = frozenset("not no never none nothing nobody neither nor cannot can't don't doesn't didn't isn't "
                      "aren't wasn't weren't won't wouldn't shouldn't couldn't mustn't hasn't haven't hadn't "
                      "without".split())

NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "hundred": "100",
    "thousand": "1000", "million": "1000000", "billion": "1000000000", "once": "1", "twice": "2", "single": "1",
    "first": "1", "second": "2", "third": "3", "half": "0.5", "dozen": "12",
}

NUMBER = re.compile(r"(?<![\w.])\d+(?:,\d{3})+(?:\.\d+)?(?![\w])|(?<![\w])\d+(?:\.\d+)*")
IDENTIFIER = re.compile(
    r"[A-Za-z_][A-Za-z0-9_]*\(\)"                      # function names: sqlite3_limit()
    r"|\b[A-Za-z]*[_\d][A-Za-z0-9_]*[A-Za-z_][A-Za-z0-9_]*\b"  # identifiers: SQLITE_MAX_LENGTH, utf8
    r"|\b[A-Z]{2,}[A-Za-z0-9]*\b"                       # acronyms: WAL, BLOBs
    r"|\b[A-Za-z]+[A-Z][A-Za-z0-9]*\b"                  # mixed case: PostgreSQL, SQLite
)
CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")

_SUFFIXES = ("ational", "ization", "fulness", "iveness", "ations", "ation", "ments", "ment", "ness", "ings",
             "ing", "ies", "ied", "ers", "er", "edly", "ed", "ly", "es", "s", "e", "y")


def stem(word: str) -> str:
    """A crude suffix-stripping stem, enough to match inflections (``limits`` ~ ``limit``,
    ``defined`` ~ ``defines``); words of four letters or fewer are kept whole."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 4:
        return w
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def numbers(text: str) -> set[str]:
    """Numbers in ``text``, thousands separators removed (``2,147,483,647`` → ``2147483647``)."""
    found = {m.group(0).replace(",", "") for m in NUMBER.finditer(text)}
    return {n.rstrip(".") for n in found}


def number_words(tokens: list[str]) -> set[str]:
    """Digits for spelled-out numbers among ``tokens``."""
    return {NUMBER_WORDS[t] for t in tokens if t in NUMBER_WORDS}


_IDENTIFIER_START = re.compile(r"^[A-Za-z_][\w]*(?:[.(_]|\w*_)")


def starts_with_identifier(text: str) -> bool:
    """Whether ``text`` opens with a code identifier (``f.write(string) ...``,
    ``sys_path ...``, ``len() ...``), whose case is part of its name."""
    return bool(_IDENTIFIER_START.match(text.strip()))
