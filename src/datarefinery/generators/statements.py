"""Statement location: turning what a model *said* it quoted into exact evidence spans.

Small models paraphrase, truncate and merge when asked to copy text. So instead of
trusting their quotes, this step segments the chunk into sentences and aligns each
model-proposed statement with the sentence it best matches (rapidfuzz), keeping the
sentence's exact character span. The statement a record carries is thus always a
verbatim sentence of the source, ``document_text[start:end]``, whatever the model wrote.
This is the statement-extraction stage of Axion-style grounded generation, with
provenance made exact.

``generators/selection.py`` picks statements without a model at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from datarefinery.gates import reasons
from datarefinery.gates.clauses import no_main_clause
from datarefinery.gates.qa_form import dangling_reference
from datarefinery.gates.text_stats import words
from datarefinery.graph.base import Reject
from datarefinery.records import Record, Span
from datarefinery.sources.sentences import Sentence, split_sentences

_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)]|\(\w\))\s*")
_QUOTED = re.compile(r"[\"“]([^\"”]{20,})[\"”]")
_DEICTIC = re.compile(r"^(?:this|that|these|those|it|they|he|she|its|their|such|here|there|but|and|or|so|also|"
                      r"however|thus|therefore|hence|then|for example|for instance|in addition)\b", re.IGNORECASE)


def proposals(reply: str | list[str] | dict[str, object]) -> list[str]:
    """The candidate statements in a model reply: one per line (bullets and numbering
    removed), or the text inside quotation marks where a line quotes; JSON lists and
    ``{"statements": [...]}`` are accepted too."""
    if isinstance(reply, dict):
        reply = reply.get("statements", [])  # type: ignore[assignment]
    if isinstance(reply, list):
        return [str(s).strip() for s in reply if str(s).strip()]
    out = []
    for line in str(reply).splitlines():
        quoted = _QUOTED.findall(line)
        if quoted:
            out.extend(q.strip() for q in quoted)
        else:
            line = _BULLET.sub("", line).strip()
            if line:
                out.append(line)
    return out


_ENDS_SENTENCE = re.compile(r"[.!]['\"”’)\]]*$")
_LIST_ITEM = re.compile(r"\n\s*(?:[-*•]|\d+[.)])\s")
_SECTION = re.compile(r"^(?:\d+(?:\.\d+)*|[A-Z]\.)\s")


def is_statement(sentence: str, min_words: int = 6, max_words: int = 60, *, allow_deictic: bool = False) -> bool:
    """A sentence fit to be a standalone factual statement: declarative (ends with a full
    stop, so not a heading, a question or an introduction to a list), of reasonable length,
    not numbered like a section title, not code, and (unless ``allow_deictic``) not starting
    with a word that points at a previous sentence."""
    s = sentence.strip()
    n = len(words(s))
    if not min_words <= n <= max_words or not _ENDS_SENTENCE.search(s) or _SECTION.match(s):
        return False
    if _LIST_ITEM.search(s):  # a list run into one "sentence": its items read as garbage inline
        return False
    if not allow_deictic and _DEICTIC.match(s):
        return False
    letters = sum(ch.isalpha() for ch in s)
    return letters / max(len(s), 1) >= 0.6


def _with_antecedent(text: str, sentences: list[Sentence], i: int, max_words: int) -> Sentence | None:
    """A sentence that opens with a pointing word ("It is unwise to ...") joined to the
    sentence before it, which says what the word points at; ``None`` when there is no
    such sentence (or it points back itself), so the statement is never read without
    its referent. A sentence before it with no main clause — a list's entry such as GNU
    time's "Number of minor, or recoverable, page faults." — or a bulleted list item is no
    antecedent."""
    if i == 0 or _DEICTIC.match(sentences[i - 1].text) or not is_statement(sentences[i - 1].text, 4, max_words):
        return None
    if no_main_clause(" ".join(sentences[i - 1].text.split())) or _BULLET.match(sentences[i - 1].text):
        # after a list, "It may be used in environments ..." speaks of what introduced the list, not of its last item
        return None
    prev, cur = sentences[i - 1], sentences[i]
    if len(words(prev.text)) + len(words(cur.text)) > max_words:
        return None
    return Sentence(text[prev.start:cur.end], prev.start, cur.end)  # exact, whatever lies between


@dataclass(frozen=True)
class Match:
    sentence: Sentence
    score: float
    proposal: str


def align(proposal: str, sentences: list[Sentence]) -> Match | None:
    """The sentence that best matches ``proposal``: the larger of the full-string ratio
    and, when the proposal is a fragment of at least half the sentence, the partial
    ratio (both 0–100)."""
    best: Match | None = None
    for s in sentences:
        text = " ".join(s.text.split())
        score = fuzz.ratio(proposal, text)
        if len(proposal) >= 0.5 * len(text):
            score = max(score, fuzz.partial_ratio(proposal, text))
        if best is None or score > best.score:
            best = Match(s, score, proposal)
    return best


def locate_statements(record: Record, field: str = "statements_raw", max_statements: int = 3,
                      min_similarity: float = 80.0, min_words: int = 6, max_words: int = 60) -> list[Record]:
    """Python node: fan a chunk record out into one record per located statement.

    Reads the model's proposals from ``record.data[field]``, aligns each with a sentence
    of ``record.data["text"]`` (similarity ≥ ``min_similarity``, 0–100), keeps sentences
    that pass :func:`is_statement`, at most ``max_statements``, each once. A sentence that
    opens with a pointing word ("It is unwise to ...") is taken together with the sentence
    before it, its evidence span covering both; one that points at what it does not name
    ("described above", "these macros") is skipped before any question is asked. A child gets
    ``statement`` (the verbatim sentence), ``statement_proposed`` (what the model wrote),
    ``statement_similarity`` and a provenance span in *document* offsets.

    Raises:
        Reject: ``no_statement`` when nothing could be located.
    """
    text: str = record.data["text"]
    offset: int = record.data["chunk_start"]
    every = split_sentences(text)
    sentences = [s for s in every if is_statement(s.text, min_words, max_words, allow_deictic=True)]
    index = {s.start: i for i, s in enumerate(every)}
    chosen: dict[int, Match] = {}
    for prop in proposals(record.data.get(field, "")):
        m = align(" ".join(prop.split()), sentences)
        if m is None or m.score < min_similarity:
            continue
        if _DEICTIC.match(m.sentence.text):  # resolve "It ..." with the sentence before it, or skip it
            joined = _with_antecedent(text, every, index[m.sentence.start], max_words)
            if joined is None:
                continue
            m = Match(joined, m.score, m.proposal)
        if dangling_reference(" ".join(m.sentence.text.split())) is not None:
            continue  # "described above", "these macros": no question about it can stand alone
        if m.sentence.start not in chosen:
            chosen[m.sentence.start] = m
        if len(chosen) >= max_statements:
            break
    if not chosen:
        raise Reject(reasons.NO_STATEMENT, f"none of the model's proposals matched a sentence of the chunk "
                     f"(similarity < {min_similarity}) among {len(sentences)} candidate sentences")
    children = []
    for i, m in enumerate(chosen.values()):
        s = m.sentence
        span = Span(record.data["document"], record.id, offset + s.start, offset + s.end, s.text)
        children.append(record.child("locate", i, {
            "statement": " ".join(s.text.split()), "statement_proposed": m.proposal,
            "statement_similarity": round(m.score, 1),
        }, provenance=span))
    return children
