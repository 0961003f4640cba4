from pathlib import Path

import pytest

from datarefinery.generators.cleanup import clean_answer, clean_question
from datarefinery.generators.statements import is_statement, locate_statements, proposals
from datarefinery.graph import Reject
from datarefinery.records import Record
from datarefinery.sources import chunk_document, read_document


@pytest.fixture
def chunk_record(corpus: Path) -> tuple[Record, str]:
    doc = read_document(corpus / "limits.html", corpus)
    chunk = next(c for c in chunk_document(doc, 1200, 200) if "SQLITE_MAX_LENGTH" in c.text)
    rec = Record(chunk.id, data={"text": chunk.text, "document": doc.id, "chunk_start": chunk.start})
    return rec, doc.text


def test_proposals_parse_lists_quotes_and_json():
    reply = 'The key facts are:\n\n1. "SQLite has limits that are well defined."\n- Another fact here.\n'
    assert proposals(reply) == ["The key facts are:", "SQLite has limits that are well defined.", "Another fact here."]
    assert proposals({"statements": ["a", " b "]}) == ["a", "b"]


def test_is_statement_filters_fragments_and_deixis():
    assert is_statement("The maximum length of a string or BLOB in SQLite is defined by SQLITE_MAX_LENGTH.")
    assert not is_statement("This is the default.")  # points back at a previous sentence
    assert not is_statement("What is the limit?")
    assert not is_statement("Maximum length")
    # a list run into one sentence (transactional.html): its bullets would read inline
    assert not is_statement("All changes within a transaction occur completely or not at all, even if interrupted by\n"
                            "- a program crash,\n- an operating system crash, or\n- a power failure.")


def test_located_statements_are_exact_document_spans(chunk_record):
    rec, doc_text = chunk_record
    # a model's imperfect quote: case changed, words dropped
    rec.data["statements_raw"] = ("1. The maximum length of a string or BLOB in SQLite is defined by the macro SQLITE_MAX_LENGTH.\n"
                                  "2. SQLite is a popular database used by Google.")
    children = locate_statements(rec)
    assert len(children) == 1
    child = children[0]
    p = child.provenance
    assert doc_text[p.start:p.end] == p.evidence
    assert "preprocessor macro SQLITE_MAX_LENGTH" in p.evidence
    assert child.data["statement_proposed"].startswith("The maximum length")
    assert child.parent_id == rec.id and p.chunk == rec.id


def test_nothing_located_rejects_with_reason(chunk_record):
    rec, _ = chunk_record
    rec.data["statements_raw"] = "1. Tcl is a scripting language.\n2. The moon is made of cheese."
    with pytest.raises(Reject) as info:
        locate_statements(rec)
    assert info.value.reason == "no_statement"


def test_cleanup_strips_echoed_scaffolding():
    r = Record("x", data={"answer": 'The relevant sentence is: "SQLite is serverless."\n\nQuestion: What?',
                          "question": 'What is the answer to this question? A user asks: "Is SQLite serverless?" Yes.'})
    assert clean_answer(r)["answer"] == "SQLite is serverless."
    out = clean_question(r)
    assert out["question"] == "Is SQLite serverless?"
    assert out["question_raw"].startswith("What is the answer")


def test_cleanup_stacked_preambles_and_unclosed_quote():
    r = Record("x", data={"answer": 'Answer: The relevant sentence is: "A server can protect memory.'})
    assert clean_answer(r)["answer"] == "A server can protect memory."


@pytest.mark.parametrize("raw", [
    '"The relevant sentence is: "The amount of traffic depends on the database."',
    'The relevant sentence: "The amount of traffic depends on the database."',
    'The amount of traffic depends on the database.',
    ', "The amount of traffic depends on the database."',
])
def test_cleanup_nested_quotes_and_colon_preamble(raw):
    assert clean_answer(Record("x", data={"answer": raw}))["answer"] == "The amount of traffic depends on the database."


def test_cleanup_keeps_answers_that_start_with_the_answer():
    text = "The answer depends on how heavily the website uses its database."
    assert clean_answer(Record("x", data={"answer": text}))["answer"] == text


def test_headings_are_not_statements():
    assert not is_statement("6.1 Writing an IDL file for a C library.")
    assert not is_statement("Writing an IDL file for a C library and other things")
    assert not is_statement("The following options are accepted by the compiler:")


def test_cleanup_evidence_preamble_and_trailing_answer_line():
    r = Record("x", data={"answer": "The evidence is that IDL pointer types depend on their kind."})
    assert clean_answer(r)["answer"] == "IDL pointer types depend on their kind."
    r = Record("x", data={"answer": "The type is 'a opaque.\n\nThe answer is: \"type 'a opaque\""})
    assert clean_answer(r)["answer"] == "The type is 'a opaque."


def test_a_statement_opening_with_a_pronoun_is_joined_with_its_antecedent():
    text = ("Synchronous mode\nThe synchronous pragma controls how often SQLite flushes data to the disk.\n"
            "It is unwise to disable it on a database that must survive a power failure.")
    rec = Record("c", data={"text": text, "chunk_start": 100, "document": "d",
                            "statements_raw": "It is unwise to disable it on a database that must survive a power failure."})
    [child] = locate_statements(rec)
    assert child.data["statement"].startswith("The synchronous pragma controls")
    assert child.data["statement"].endswith("must survive a power failure.")
    assert child.provenance.start == 100 + text.index("The synchronous") and child.provenance.end == 100 + len(text)
    assert child.provenance.evidence == text[text.index("The synchronous"):]  # exact, line break included
    # with no sentence before it to resolve the pronoun, it is not used
    alone = Record("c", data={"text": text[text.index("It is"):], "chunk_start": 0, "document": "d",
                              "statements_raw": rec.data["statements_raw"]})
    with pytest.raises(Reject):
        locate_statements(alone)


def test_a_leading_connective_is_dropped_but_an_identifier_keeps_its_case():
    from datarefinery.generators.cleanup import drop_leading_connective

    assert drop_leading_connective("Finally, the journal is deleted.") == "The journal is deleted."
    # without a comma too (Valgrind manual, mc-manual.html): what is left opens with its pronoun, for selection to see
    assert drop_leading_connective("Nevertheless it can drastically reduce the effort required to identify the root "
                                   "cause.").startswith("It can drastically")
    assert drop_leading_connective("f.write(string) writes the contents of string to the file.").startswith("f.write(")
    # "To that end," points at the sentence before (the Python tutorial's stdlib2.html)
    assert drop_leading_connective("To that end, the threading module provides a number of synchronization "
                                   "primitives.") == "The threading module provides a number of synchronization primitives."


def test_a_note_to_the_reader_is_dropped_so_the_fact_stands_as_an_answer():
    from datarefinery.gates.qa_form import AnswerFormGate, AnswerFormParams
    from datarefinery.generators.templates import extractive_answer

    # the Python tutorial's datastructures.html: as the source has it, the answer read as an instruction (fragment)
    note = "Note that multiple assignment is really just a combination of tuple packing and sequence unpacking."
    question = "What is multiple assignment a combination of?"
    gate = AnswerFormGate("answer_form", AnswerFormParams())
    assert gate.evaluate(Record("r", data={"question": question}), note).reason == "fragment"
    answer = extractive_answer(note)
    assert answer == note[len("Note that "):].capitalize()
    record = Record("r", data={"question": question, "answer": answer})
    assert gate.evaluate(record, answer).passed
    # what is left still faces every check: the note's own pointing word opens the answer now
    assert extractive_answer("Note that this is an operating system and hardware issue and that there is nothing "
                             "that SQLite can do to work around it.").startswith("This is an operating system")
    assert extractive_answer("Please note: dir() does not list the names of built-in functions.").startswith("dir()")
