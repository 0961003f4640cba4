"""The provenance (grounding) gate: is every claim of the answer supported by its evidence?

A stage-1 gate, no model: it compares the checked field with the record's evidence span
(``record.provenance.evidence``) and rejects, in this order of precedence,

- ``number_mismatch``: a number of the answer is absent from the evidence (``2,147,483,647``
  and ``2147483647`` are the same number; ``ten`` matches ``10``);
- ``entity_mismatch``: an identifier (``sqlite3_limit()``, ``SQLITE_MAX_LENGTH``, ``WAL``)
  or a capitalised name absent from the evidence;
- ``negation_mismatch``: the answer negates while the evidence does not, or restates a
  negated phrase of the evidence without its negation;
- ``swapped_term``: aligned with the evidence, the answer puts one term in another's place,
  even one the evidence names elsewhere (:mod:`datarefinery.gates.alignment`);
- ``underspecified``: fewer than ``min_content_words`` content words ("What is the answer?");
- ``unsupported_claim``: the share of the answer's distinct content words (stop words removed,
  inflections stemmed) found in the evidence is below ``min_support``.

A name may also be supported by the fields in ``names_also_from`` (the document's title, the
chunk around the span, the corpus's subject names): a question that names the subject its
sentence leaves implicit ("What is the variable sys.path used for in Python?" for "The
variable sys.path is a list of strings …" on a page of the Python tutorial) gives the reader
the context the sentence had, and a name found nowhere near it ("… in Java?") is still
``entity_mismatch``. The names of the generating prompt's examples (``prompt_names``) are
the exception: a small model borrows "Redis" for a sentence with no subject, and the README
that mentions Redis elsewhere does not make the question right, so for them only the
evidence and ``prompt_names_also_from`` (the title, the corpus's subject names) count.

This is the evidence-grounded filter of the provenance-gating study: it judges against
the source span, not against the model's own beliefs.
"""

from __future__ import annotations

import re

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.alignment import swapped_terms
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.lexicon import CAPITALISED, IDENTIFIER, NEGATIONS, STOPWORDS, number_words, numbers, stem
from datarefinery.gates.text_stats import words
from datarefinery.records import Record, Verdict


class ProvenanceParams(GateParams):
    min_support: float = Field(0.75, ge=0, le=1, description="share of content words found in the evidence")
    also_from: list[str] = Field(default_factory=list, description="record fields that count as support too")
    names_also_from: list[str] = Field(default_factory=list, description=(
        "record fields that support a name but no other word: the document's title or the chunk, where a question "
        "may name the subject its sentence leaves implicit (\"What is sys.path used for in Python?\")"))
    prompt_names: list[str] = Field(default_factory=list, description=(
        "names the generating prompt's examples use (Git, Redis, HTTP): a small model borrows one for a sentence that "
        "lacks its subject, so in the checked field such a name counts as supported only by the evidence, the "
        "``also_from`` fields or the ``prompt_names_also_from`` fields — not by the rest of the chunk"))
    prompt_names_also_from: list[str] = Field(default_factory=lambda: ["title"], description=(
        "record fields that support a prompt's name: the document's title, the corpus's subject names "
        "(``corpus_subjects``: Git in Git's manual)"))
    check_numbers: bool = True
    check_entities: bool = True
    check_negation: bool = True
    check_alignment: bool = Field(True, description="align with the evidence to catch swapped terms")
    min_content_words: int = Field(0, ge=0, description="fewer content words fail as underspecified")


class ProvenanceGate(Gate):
    """Rejects a field whose numbers, names or content words the evidence span does not
    support. Score: the share of supported content words (0–1)."""

    kind = "provenance"
    Params = ProvenanceParams
    params: ProvenanceParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        if record.provenance is None:
            return self.fail(reasons.NO_EVIDENCE, None, "record has no provenance span to check against")
        extra = " ".join(str(record.data.get(f, "")) for f in self.params.also_from)
        support = f"{record.provenance.evidence}\n{extra}"
        support_tokens = words(support)
        support_stems = {stem(t) for t in support_tokens}
        tokens = words(text)
        names_support, named = support, set()
        if self.params.names_also_from:  # a name's words count as supported where those fields give the name
            names_support += "\n" + _fields_text(record, self.params.names_also_from)
            named = {w for e in entities(text) if _mentioned(e, names_support) for w in words(e)}
        # distinct words: a repeated supported word must not dilute one unsupported claim
        content = sorted({t for t in tokens if t not in STOPWORDS and not t.isdigit() and len(t) > 1})
        unsupported = [t for t in content if stem(t) not in support_stems and not _prefix_match(stem(t), support_stems)
                       and t not in named]
        score = 1 - len(unsupported) / len(content) if content else 1.0
        if len(content) < self.params.min_content_words:
            return self.fail(reasons.UNDERSPECIFIED, score, f"{len(content)} content words "
                             f"(minimum {self.params.min_content_words})", content)

        if self.params.check_numbers:
            have = numbers(support) | number_words(support_tokens)
            missing = sorted(n for n in numbers(text) if n not in have)
            if missing:
                return self.fail(reasons.NUMBER_MISMATCH, score, f"numbers not in the evidence: {', '.join(missing)}", missing)
        if self.params.check_entities:
            missing = sorted({e for e in entities(text) if not _mentioned(e, names_support)})
            missing += sorted({e for e in self._prompt_names(text) if e not in missing
                               and not _mentioned(e, f"{support}\n"
                                                     f"{_fields_text(record, self.params.prompt_names_also_from)}")})
            if missing:
                return self.fail(reasons.ENTITY_MISMATCH, score, f"names not in the evidence: {', '.join(missing)}", missing)
        if self.params.check_negation:
            neg = [t for t in tokens if t in NEGATIONS]
            if neg and not any(t in NEGATIONS for t in support_tokens):
                return self.fail(reasons.NEGATION_MISMATCH, score, f"negation {neg[0]!r} absent from the evidence", neg)
            dropped = _dropped_negation(words(record.provenance.evidence), tokens) if not neg else None
            if dropped:
                return self.fail(reasons.NEGATION_MISMATCH, score,
                                 f"the evidence negates {dropped!r} but the answer does not", [dropped])
        if self.params.check_alignment:
            swaps = swapped_terms(text, record.provenance.evidence)
            if swaps:
                return self.fail(reasons.SWAPPED_TERM, score, "; ".join(
                    f"{s.replacement!r} where the evidence has {s.original!r}" for s in swaps),
                    [s.replacement for s in swaps])
        if score < self.params.min_support:
            return self.fail(
                reasons.UNSUPPORTED_CLAIM, score,
                f"{score:.0%} of content words supported (minimum {self.params.min_support:.0%})", unsupported,
            )
        return self.ok(score)

    def _prompt_names(self, text: str) -> set[str]:
        """The prompt's example names ``text`` holds as whole words, in any case."""
        return {n for n in self.params.prompt_names
                if re.search(rf"(?<![\w.-]){re.escape(n)}(?![\w-])", text, re.IGNORECASE)}


def _fields_text(record: Record, fields: list[str]) -> str:
    """The text of ``record``'s ``fields``, a list's items one per line (``corpus_subjects``)."""
    values = (record.data.get(f, "") for f in fields)
    return "\n".join("\n".join(map(str, v)) if isinstance(v, list | tuple) else str(v) for v in values)


def _dropped_negation(evidence: list[str], answer: list[str]) -> str | None:
    """A negated phrase of the evidence that the answer restates without its negation:
    two of the (up to three) content words after a negation word recur in the answer, or
    the only one does ("not a bug" → "a bug")."""
    answer_stems = {stem(t) for t in answer}
    for i, tok in enumerate(evidence):
        if tok in NEGATIONS:
            following = [t for t in evidence[i + 1:i + 8] if t not in STOPWORDS][:3]
            if following and sum(stem(t) in answer_stems for t in following) >= min(2, len(following)):
                return " ".join([tok, *following])
    return None


def _prefix_match(s: str, stems: set[str]) -> bool:
    """``limitation`` ~ ``limit``: a shared prefix of at least 5 characters."""
    return len(s) >= 5 and any(len(o) >= 5 and (o.startswith(s) or s.startswith(o)) for o in stems)


def _mentioned(entity: str, support: str) -> bool:
    """Whether a name occurs as a whole word in the support text (plural ``s`` tolerated).

    All-capitals names (``WAL``, ``LIKE``, ``IN``) must match a word with at least two
    capitals (``ATTACHED`` matches ``ATTACHed``), since the same letters in lower case are
    ordinary words; other names match in any case."""
    e = entity.rstrip("()")
    if e.isupper():  # WAL, IN; also ATTACHED for the evidence's ATTACHed (two or more capitals)
        return any(m.group(0) == e or sum(c.isupper() for c in m.group(0)) >= 2 for m in re.finditer(
            rf"(?<![\w]){re.escape(e)}(?:e?s)?(?![\w])", support, re.IGNORECASE))
    return re.search(rf"(?<![\w]){re.escape(e)}(?:e?s)?(?![\w])", support, re.IGNORECASE) is not None or (
        e.lower().endswith("s") and re.search(rf"(?<![\w]){re.escape(e[:-1])}(?![\w])", support, re.IGNORECASE)
        is not None)


def entities(text: str) -> set[str]:
    """Identifiers, all-capitals names and capitalised names not at the start of a sentence."""
    found = {m.group(0) for m in IDENTIFIER.finditer(text)}
    found |= {m.group(0) for m in CAPITALISED.finditer(text)}
    # all-capitals words are names even when they spell a stop word (SQL's IN, WHERE, LIKE)
    return {e for e in found if e.isupper() or e.lower() not in STOPWORDS}
