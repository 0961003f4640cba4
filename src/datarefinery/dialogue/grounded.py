"""Python nodes of ``recipes/dialogue_grounded.yaml``: extractive grounded dialogues.

A 1.5B assistant asked to answer "only from this text" paraphrased its chunk into replies
the provenance gate rejected (a name or term swapped, a negation lost, a command list that
the text never gave) or the user's question did not fit, in every dialogue of a measured
run. Here, as in ``recipes/document_qa.yaml`` (instruction backtranslation, Li et al.
2023), the document writes the assistant's turns: the chunk's standalone sentences are
chosen by rule (:func:`~datarefinery.generators.selection.select_statements`, no model
call), one per exchange in document order, and the simulator writes the user's question
*from* the sentence it will get as its answer. Each assistant turn is then
``document_text[start:end]`` (a leading bullet or connective dropped) and cannot say what
the document does not; the gates judge whether the question is a standalone question the
sentence answers.

    sample ─► facts (select_statements) ─► user (LLM: the question the fact answers) ─► add_user
      ─► answer (the fact, its span) ─► question_form, question_grounded, answer_form, question_fit
      ─► turn_helpful ─► turn_filter ─► next_fact (a cut fact asked about again once, else the next) ─► user
"""

from __future__ import annotations

import re
from typing import Any

from datarefinery.dialogue.nodes import transcript
from datarefinery.gates import reasons
from datarefinery.gates.lexicon import STOPWORDS, stem
from datarefinery.gates.qa_fit import AMOUNT
from datarefinery.gates.qa_gap import no_gap, object_filled, object_given
from datarefinery.gates.text_stats import words
from datarefinery.generators.selection import select_statements
from datarefinery.generators.templates import extractive_answer
from datarefinery.graph.base import Reject
from datarefinery.records import Record, Span, Verdict


def select_facts(record: Record, max_facts: int = 4, min_facts: int = 2, min_words: int = 6,
                 max_words: int = 45) -> dict[str, Any]:
    """Python node: the chunk's standalone sentences that the dialogue's assistant turns
    will be, in document order (:func:`select_statements`: declarative, pointing at nothing
    the reader lacks, ranked by how much they state; the best ``max_facts``), as ``facts``
    (each ``statement``, as the answer will read it, and its exact ``start``/``end``/``evidence``
    in document offsets),
    with ``fact`` the first of them and ``fact_index`` 0.

    Raises:
        Reject: ``no_statement`` when fewer than ``min_facts`` sentences qualify (no
            dialogue of ``min_facts`` grounded turns can be made; no model call is spent).
    """
    children = select_statements(record, max_statements=max_facts, min_words=min_words, max_words=max_words)
    facts = [{"statement": extractive_answer(c.data["statement"]), "document": c.provenance.document, "start": c.provenance.start,
              "end": c.provenance.end, "evidence": c.provenance.evidence} for c in children if c.provenance]
    if len(facts) < min_facts:
        raise Reject(reasons.NO_STATEMENT, f"{len(facts)} standalone statement(s) in the chunk; a dialogue needs "
                     f"{min_facts}")
    return {"facts": facts, "fact_index": 0, "fact": facts[0]["statement"]}


def facts_left(record: Record) -> int:
    """Statements not yet used for a turn (``None``-safe: 0 for a record without facts)."""
    facts = record.data.get("facts") or []
    return max(0, len(facts) - int(record.data.get("fact_index", 0)))


def answer_turn(record: Record) -> dict[str, Any]:
    """Python node: the assistant's turn is the current fact itself
    (:func:`~datarefinery.generators.templates.extractive_answer`: whitespace normalised, a
    leading bullet or connective dropped); its span becomes the record's provenance and
    joins ``turn_provenance`` (exact document offsets). The next fact becomes ``fact``."""
    facts, i = record.data["facts"], int(record.data.get("fact_index", 0))
    fact = facts[i]
    msg = extractive_answer(fact["statement"])
    dialogue = [*record.data["dialogue"], {"role": "assistant", "content": msg}]
    record.provenance = Span(fact["document"], record.id, fact["start"], fact["end"], fact["evidence"])
    prov = {"turn": len(dialogue) - 1, "document": fact["document"], "start": fact["start"], "end": fact["end"],
            "evidence": fact["evidence"]}
    nxt = facts[i + 1]["statement"] if i + 1 < len(facts) else ""
    return {"dialogue": dialogue, "assistant_msg": msg, "transcript": transcript(dialogue),
            "turn_provenance": [*record.data["turn_provenance"], prov], "fact_index": i + 1, "fact": nxt}


# "What is the default build of SQLite that contains appropriate VFS objects ...?" answered by "Default builds of
# SQLite contain appropriate VFS objects ...": the question names what it asks for, then says the answer
_WHAT_IS_THE_X_THAT = re.compile(r"^\s*(?:what|which)\s+(?:is|are|was|were)\s+(?:the\s+|an?\s+)?(.+?)\s+"
                                 r"(?:that|which|who|whose)\s+\w+", re.IGNORECASE)
# "What does the ROWID of an SQLite table represent?" answered by how to access the ROWID: a meaning asked, none given
_ASKS_MEANING = re.compile(r"\b(?:represent|mean|signify|denote|stand\s+for|refer\s+to)\b\s*\?\s*$", re.IGNORECASE)
_GIVES_MEANING = re.compile(r"\b(?:is|are|was|were|means?|represents?|refers?\s+to|stands?\s+for|denotes?|signif(?:y|ies)|"
                            r"becomes?|called|named)\b", re.IGNORECASE)


# "What is the maximum string and blob length in a security-sensitive application?" answered by "it is best not to
# try to increase the maximum string and blob length": an amount asked for, none given (a digit inside a name,
# "sqlite3_limit", is no amount)
_ASKS_AMOUNT = re.compile(r"^\s*(?:how\s+(?:many|much|long|large|big|often)\b|(?:what|which)\s+(?:is|are|was|were)\s+"
                          r"the\s+(?:(?:default|maximum|minimum|largest|smallest|highest|lowest)\s+)?(?:max(?:imum)?|"
                          r"min(?:imum)?|limit|size|number|length|count|amount|value|version|default)\b"
                          r"|(?:what|which)\s+(?:is|are)\s+the\s+(?:maximum|minimum|largest|smallest)\b)", re.IGNORECASE)


# an extractive turn never opens with "Yes" or "No": a yes/no or either-or question ("Is SQLite "stand-alone" or
# "self-contained"?") only repeats its sentence back; nor does it give a reason ("What is the purpose of default builds
# of SQLite?" answered by what they contain)
_YES_NO_OPENING = re.compile(r"^\s*(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have|had|may|must)\b",
                             re.IGNORECASE)
_ASKS_REASON = re.compile(r"\bwhy\b|\b(?:purpose|reason|goal|aim|benefit|advantage)s?\b|\bin order to\b",
                          re.IGNORECASE)


def _stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def question_misfit(question: str, answer: str) -> tuple[str, str] | None:
    """Why an extractive turn's answer does not answer its question, in two shapes the
    form gates pass (each written by a 1.5B simulator in a grounded run), or ``None``:
    ``malformed_question`` — "What does X <verb> <object>?" (nothing left for "what" to
    ask); ``yes_no_mismatch`` — a yes/no or either-or question (the sentence carries no yes or
    no); ``reason_not_given`` — a why, purpose or benefit question;
    ``restates_question`` — "What is the X that ...?" where X is the answer's own subject
    (the question names what it asks for and says the answer); ``definition_not_given`` —
    "What does X represent / mean / stand for?" answered by a sentence with no defining
    verb; ``number_not_given`` — "What is the maximum X?", "How many ...?" answered with
    no number."""
    q, a = " ".join(question.split()), " ".join(answer.split())
    if no_gap(q, a) or object_filled(q) or object_given(q, a):
        return reasons.MALFORMED_QUESTION, "\"What does ...?\" with nothing left for \"what\" to ask"
    if _YES_NO_OPENING.match(q):
        return reasons.YES_NO_MISMATCH, "a yes/no or either-or question: the sentence answers it with no yes or no"
    if _ASKS_REASON.search(q):
        return reasons.REASON_NOT_GIVEN, "the question asks for a reason or purpose, which a stated fact seldom gives"
    if m := _WHAT_IS_THE_X_THAT.match(q):
        named = set(_stems(m.group(1)))
        head = _stems(a)[:max(2, len(named))]
        if named and len(named & set(head)) >= max(1, (2 * len(named) + 2) // 3):
            return reasons.RESTATES_QUESTION, (f"the question names what it asks for ({m.group(1)!r}, the answer's "
                                               "subject) and says the rest of the answer")
    if _ASKS_AMOUNT.match(q) and not AMOUNT.search(a):
        return reasons.NUMBER_NOT_GIVEN, "the question asks for an amount, limit or size; the answer gives no number"
    if _ASKS_MEANING.search(q) and not _GIVES_MEANING.search(a):
        return reasons.DEFINITION_NOT_GIVEN, "the question asks what something means; the answer says no meaning"
    return None


def question_fit(record: Record, field: str = "user_msg", against: str = "assistant_msg") -> dict[str, Any]:
    """Python node: a ``question_fit`` verdict on the last exchange (:func:`question_misfit`),
    appended for :func:`~datarefinery.dialogue.nodes.turn_filter` to read."""
    bad = question_misfit(str(record.data.get(field, "")), str(record.data.get(against, "")))
    if bad is None:
        record.verdicts.append(Verdict("question_fit", True, 1.0, reasons.OK, [], ""))
    else:
        record.verdicts.append(Verdict("question_fit", False, 0.0, bad[0], [str(record.data.get(field, ""))[:200]],
                                       bad[1]))
    return {}


def next_fact(record: Record, tries: int = 2) -> dict[str, Any]:
    """Python node, after :func:`~datarefinery.dialogue.nodes.turn_filter` when the dialogue
    goes on: when the last exchange was cut (a question that did not fit its fact), the same
    fact is asked about again, up to ``tries`` questions per fact (a new question is drawn:
    the simulator's seed changes with each visit); otherwise the next fact is."""
    cuts, seen = len(record.data.get("cuts", [])), int(record.data.get("cuts_seen", 0))
    out: dict[str, Any] = {"cuts_seen": cuts}
    if cuts > seen:
        i = int(record.data.get("fact_index", 0)) - 1  # the fact the cut exchange was about
        asked = dict(record.data.get("fact_tries", {}))
        asked[str(i)] = asked.get(str(i), 1) + 1
        if asked[str(i)] <= tries:
            out.update(fact_index=i, fact=record.data["facts"][i]["statement"], fact_tries=asked)
    return out
