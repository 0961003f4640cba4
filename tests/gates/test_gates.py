"""Each gate on real sentences from the SQLite docs: one case that rejects, one that passes."""

import pytest

from datarefinery.gates import build_gate, reasons
from datarefinery.gates.text_stats import mtld, ttr, words
from datarefinery.records import Record, Span

EVIDENCE = "The maximum length of a string or BLOB in SQLite is defined by the preprocessor macro SQLITE_MAX_LENGTH."
EVIDENCE_NUM = "The default value of SQLITE_MAX_LENGTH is 1 billion (1 thousand million or 1,000,000,000)."


def rec(answer: str, evidence: str = EVIDENCE, **data: str) -> Record:
    return Record("r", data={"answer": answer, **data}, provenance=Span("d", "c", 0, len(evidence), evidence))


def check(kind: str, record: Record, **params):
    return build_gate(kind, kind, params).check(record)


def test_length_gate():
    assert check("length", rec("SQLITE_MAX_LENGTH."), min_chars=20).reason == reasons.TOO_SHORT
    assert check("length", rec(EVIDENCE * 5), max_chars=300).reason == reasons.TOO_LONG
    v = check("length", rec(EVIDENCE), min_chars=20, max_chars=300, min_words=4)
    assert v.passed and v.score == len(EVIDENCE)


def test_missing_field():
    v = check("length", Record("r", data={}), min_chars=1)
    assert not v.passed and v.reason == reasons.MISSING_FIELD


def test_lexical_diversity_gate():
    degenerate = "SQLite is a lightweight, portable, low-level, low-level, low-level, low-level, low-level, low-level, low-level."
    v = check("lexical_diversity", rec(degenerate), min_ttr=0.4, min_mtld=12)
    assert not v.passed and v.reason == reasons.LOW_LEXICAL_DIVERSITY
    assert check("lexical_diversity", rec(EVIDENCE), min_ttr=0.4, min_mtld=12).passed


def test_mtld_and_ttr_values():
    toks = words(EVIDENCE)
    assert 0.8 < ttr(toks) <= 1.0
    assert mtld(toks) > mtld(words("the cat the cat the cat the cat the cat the cat"))


def test_repetition_gate():
    looped = ("The maximum number of columns is 2000. The maximum number of columns is 2000. "
              "The maximum number of columns is 2000.")
    v = check("repetition", rec(looped), ngram=3, max_dup_ngram_fraction=0.3)
    assert not v.passed and v.reason == reasons.REPETITION and v.score > 0.9
    lines = "Use WAL mode.\nUse WAL mode.\nCheck locks."
    assert check("repetition", rec(lines)).reason == reasons.REPETITION
    assert check("repetition", rec(EVIDENCE)).passed


def test_pattern_gate():
    r = Record("r", data={"question": "Statement: The maximum length is defined by a macro."})
    assert check("pattern", r, field="question", pattern=r"[^\n]{10,200}\?").reason == reasons.BAD_FORMAT
    r.data["question"] = "What defines the maximum length of a BLOB in SQLite?"
    assert check("pattern", r, field="question", pattern=r"[^\n]{10,200}\?").passed


@pytest.mark.parametrize(
    ("answer", "evidence", "reason"),
    [
        ("The maximum length of a string or BLOB in SQLite is defined by the macro SQLITE_MAX_LENGTH.", EVIDENCE, None),
        ("The default value of SQLITE_MAX_LENGTH is 1,000,000,000.", EVIDENCE_NUM, None),
        ("The default value is one billion, that is 1000000000.", EVIDENCE_NUM, None),
        ("The maximum length of a string in SQLite is 2,000,000 bytes.", EVIDENCE, reasons.NUMBER_MISMATCH),
        ("The maximum length of a string in PostgreSQL is defined by a macro.", EVIDENCE, reasons.ENTITY_MISMATCH),
        ("The maximum length is defined by SQLITE_MAX_COLUMN.", EVIDENCE, reasons.ENTITY_MISMATCH),
        ("The maximum length of a BLOB is not defined by the macro SQLITE_MAX_LENGTH.", EVIDENCE, reasons.NEGATION_MISMATCH),
        ("It protects web browsers against denial-of-service attacks from untrusted scripts.", EVIDENCE,
         reasons.UNSUPPORTED_CLAIM),
    ],
)
def test_provenance_gate(answer, evidence, reason):
    v = check("provenance", rec(answer, evidence), min_support=0.8)
    if reason is None:
        assert v.passed, v
    else:
        assert not v.passed and v.reason == reason, v
        assert v.evidence  # says what was unsupported


def test_a_question_may_name_the_subject_its_chunk_names():
    # the Python tutorial (modules.html): the sentence leaves "Python" implicit, its chunk and title do not;
    # a name found nowhere near the sentence (the prompt's examples leak "Git") is still a mismatch
    sentence = "The variable sys.path is a list of strings that determines the interpreter's search path for modules."
    chunk = ("6.1.2. The Module Search Path. When a module named spam is imported, the interpreter first searches for "
             "a built-in module with that name. " + sentence + " Python programs can modify sys.path.")
    params = dict(field="question", min_support=0.6, check_alignment=False, names_also_from=["title", "text"])
    ok = rec("", sentence, question="What is the variable sys.path used for in Python?", text=chunk, title="6. Modules")
    assert check("provenance", ok, **params).passed
    assert check("provenance", ok, field="question", min_support=0.6, check_alignment=False).reason == \
        reasons.ENTITY_MISMATCH  # the sentence alone does not name Python
    leaked = rec("", sentence, question="What is the variable sys.path used for in Git?", text=chunk, title="6. Modules")
    v = check("provenance", leaked, **params)
    assert v.reason == reasons.ENTITY_MISMATCH and v.evidence == ["Git"], v


def test_a_question_may_name_the_corpus_subject():
    # PostgreSQL's manual (catalog-pg-largeobject-metadata.html): neither the sentence, the page nor its title names
    # PostgreSQL, the manual does on half its pages; "Git" from the prompt's examples is still borrowed there, and
    # counts only in a corpus whose subject it is
    sentence = "The catalog pg_largeobject_metadata holds metadata associated with large objects."
    chunk = "53.30. pg_largeobject_metadata. " + sentence + " The actual large object data is stored in pg_largeobject."
    params = dict(field="question", min_support=0.6, check_alignment=False,
                  names_also_from=["title", "text", "corpus_subjects"], prompt_names=["Git", "Redis", "HTTP"],
                  prompt_names_also_from=["title", "corpus_subjects"])
    question = "What table in the PostgreSQL database holds metadata associated with large objects?"
    assert check("provenance", rec("", sentence, question=question, text=chunk, title="53.30. pg_largeobject_metadata",
                                   corpus_subjects=["PostgreSQL", "SQL"]), **params).passed
    v = check("provenance", rec("", sentence, question=question, text=chunk, corpus_subjects=[]), **params)
    assert v.reason == reasons.ENTITY_MISMATCH and v.evidence == ["PostgreSQL"], v
    borrowed = "What does the catalog pg_largeobject_metadata hold in Git?"
    v = check("provenance", rec("", sentence, question=borrowed, text=chunk, corpus_subjects=["PostgreSQL", "SQL"]),
              **params)
    assert v.reason == reasons.ENTITY_MISMATCH and v.evidence == ["Git"], v
    assert check("provenance", rec("", sentence, question=borrowed, text=chunk, corpus_subjects=["Git"]),
                 **params).passed


def test_provenance_prompt_names_only_from_the_sentence_or_title():
    """datasketch's README names Redis (a storage layer) in its text, and the model, asked about a sentence with no
    subject, borrowed its prompt example's "Redis": the chunk is no support for a prompt name, the title is."""
    sentence = ('Version 2.0.0 changes the default MinHash permutation scheme to "affine32", which fixes a similarity '
                'over-estimation bias on large sets (issue #212), halves sketch memory, and speeds up updates by '
                'roughly 4x.')
    chunk = sentence + " MinHash LSH and MinHash LSH Ensemble also support Redis and Cassandra storage layer."
    params = dict(field="question", min_support=0.6, check_alignment=False, names_also_from=["title", "text"])
    leaked = rec("", sentence, question="What does the version 2.0.0 of Redis change?", text=chunk, title="datasketch")
    assert check("provenance", leaked, **params).passed  # without prompt_names the chunk supports it
    v = check("provenance", leaked, **params, prompt_names=["Git", "Redis", "HTTP"])
    assert v.reason == reasons.ENTITY_MISMATCH and v.evidence == ["Redis"], v
    titled = rec("", sentence, question="What does the version 2.0.0 of Redis change?", text=chunk, title="Redis 7")
    assert check("provenance", titled, **params, prompt_names=["Git", "Redis", "HTTP"]).passed
    named = rec("", "MinHash LSH also supports Redis as a storage layer.",
                question="What storage layer does MinHash LSH support besides Cassandra?", text=chunk)
    assert check("provenance", named, **params, prompt_names=["Redis"]).passed  # no prompt name in the question


def test_provenance_inflections_count_as_support():
    v = check("provenance", rec("Preprocessor macros define the maximal lengths of strings and BLOBs.", EVIDENCE), min_support=0.8)
    assert v.passed, v


def test_provenance_without_span_and_underspecified_question():
    assert check("provenance", Record("r", data={"answer": "x y z"})).reason == reasons.NO_EVIDENCE
    r = rec("", question="What is the answer?")
    v = check("provenance", r, field="question", min_content_words=2)
    assert v.reason == reasons.UNDERSPECIFIED


def test_answer_novelty_gate():
    r = rec("The application file format SQLite used for is SQLite.", question="What is the application file format SQLite used for?")
    assert check("answer_novelty", r, min_new_words=2).reason == reasons.RESTATES_QUESTION
    r.data["answer"] = "It is defined by the preprocessor macro SQLITE_MAX_LENGTH."
    assert check("answer_novelty", r, min_new_words=2).passed


def test_standalone_question_gate():
    r = Record("r", data={"question": "What does this statement tell us about AUTOINCREMENT?"})
    v = check("standalone", r, field="question")
    assert not v.passed and v.reason == reasons.NOT_STANDALONE and v.evidence == ["this statement"]
    r.data["question"] = "What is the default value of this limit?"
    assert check("standalone", r, field="question").reason == reasons.NOT_STANDALONE
    r.data["question"] = "What is the default maximum trigger recursion depth in SQLite?"
    assert check("standalone", r, field="question").passed


def test_provenance_dropped_negation():
    ev = "The sqlite_sequence table does not track ROWID changes associated with UPDATE statements."
    v = check("provenance", rec("The sqlite_sequence table tracks ROWID changes associated with UPDATE statements.", ev))
    assert not v.passed and v.reason == reasons.NEGATION_MISMATCH
    assert check("provenance", rec("The sqlite_sequence table does not track ROWID changes from UPDATE statements.", ev)).passed


def test_completeness_gate():
    assert check("completeness", rec("The maximum length of a string or BLOB in SQLite is defined by the")).reason == reasons.TRUNCATED
    assert check("completeness", rec("The maximum length of a string or BLOB is defined by a macro")).reason == reasons.TRUNCATED
    assert check("completeness", rec(EVIDENCE)).passed


def test_json_gate():
    schema = {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]}
    assert check("json", rec('{"n": "x"}'), json_schema=schema).reason == reasons.BAD_FORMAT
    assert check("json", rec("not json"), json_schema=schema).reason == reasons.BAD_FORMAT
    assert check("json", rec('```json\n{"n": 3}\n```'), json_schema=schema).passed


def test_language_gate():
    german = "Die maximale Länge einer Zeichenkette oder eines BLOB wird in SQLite durch ein Makro festgelegt."
    v = check("language", rec(german), expected=["en"])
    assert not v.passed and v.reason == reasons.WRONG_LANGUAGE and v.evidence == ["de"]
    assert check("language", rec(EVIDENCE), expected=["en"]).passed
    assert check("language", rec(german), expected=["en", "de"]).passed


def test_language_gate_rejects_unknown_codes():
    from datarefinery.errors import RecipeError

    with pytest.raises(RecipeError, match="unknown ISO 639-1 language code 'xx'"):
        build_gate("language", "lang", {"expected": ["xx"]})


def test_dedup_gate_exact_and_near_duplicates():
    gate = build_gate("dedup", "dedup", {"field": "question", "max_jaccard": 0.8})
    first = Record("a", data={"question": "What is the default setting for SQLITE_MAX_COLUMN?"})
    assert gate.check(first).passed
    assert gate.check(first).passed  # the same record, checked again after a repair
    same = Record("b", data={"question": "what is the default setting for sqlite_max_column ?"})
    v = gate.check(same)
    assert not v.passed and v.reason == reasons.DUPLICATE and v.evidence == ["a"]
    near = Record("c", data={"question": "So what is the default setting for SQLITE_MAX_COLUMN?"})
    v = gate.check(near)
    assert v.reason == reasons.DUPLICATE and v.evidence == ["a"] and 0.8 <= v.score < 1
    assert gate.check(Record("d", data={"question": "How large can a BLOB be in SQLite?"})).passed
