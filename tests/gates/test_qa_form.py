"""Question form checks on real questions written for the SQLite and Python documentation (and for
corpora run since): each with rejecting and passing cases and the reason code asserted."""

import pytest

from datarefinery.gates import build_gate, reasons
from tests.gates.texts import rec


def question_verdict(q: str):
    return build_gate("question_form", "qf", {}).check(rec(q))

@pytest.mark.parametrize(("question", "reason"), [
    ("What is the default value of this limit?", reasons.NOT_STANDALONE),
    ("What does Section 26.3 say about string lengths?", reasons.NOT_STANDALONE),
    ("In that case, which macro defines the maximum length?", reasons.NOT_STANDALONE),
    ("What are the function calls to pay attention to in the given code?", reasons.NOT_STANDALONE),
    ("What does the bar plot show?", reasons.NOT_STANDALONE),  # which plot? (lingua's README)
    ("What are the supported Python versions for the project?", reasons.NOT_STANDALONE),  # which? (psutil's README)
    ("What is the minimum version of Python required to use the library?", reasons.NOT_STANDALONE),
    ("What does the library do if 'small' is 1?", reasons.NOT_STANDALONE),  # GNU Info manual (which library?)
    ("What does the statement say about SQLITE_MAX_LENGTH?", reasons.MALFORMED_QUESTION),
    # what a document says, asked instead of the fact (camlidl-1.04.doc.pdf)
    ("What does the documentation of the library state about the mode of function parameters?",
     reasons.MALFORMED_QUESTION),
    ("What is the default configuration?", reasons.UNDERSPECIFIED),  # tempfiles.html: of what?
    ("What is the relationship between SQLite and web traffic?", reasons.UNDERSPECIFIED),  # whentouse.html
    ("What is the relationship between the union and the sum type?", reasons.UNDERSPECIFIED),  # camlidl-1.04.doc.pdf
    ("What does the original database file remain unaltered, which means?", reasons.MALFORMED_QUESTION),
    ("What does the developers continue to do with SQLite?", reasons.MALFORMED_QUESTION),
    ('What does the "wrap()" and "fill()" functions return?', reasons.MALFORMED_QUESTION),  # Text::Wrap's POD
    ("What does Storable have now been changed to?", reasons.MALFORMED_QUESTION),  # Storable's POD
    ('Is "The maximum length of a string or BLOB" correct?', reasons.MALFORMED_QUESTION),
    ("What is SQLITE_MAX_LENGTH? What does it define?", reasons.MALFORMED_QUESTION),
    ("What if SQLITE_MAX_LENGTH is set to zero?", reasons.MALFORMED_QUESTION),
    ("What are exceptions in Python and how are they handled?", reasons.MALFORMED_QUESTION),
    ("The maximum length of a string in SQLite.", reasons.MALFORMED_QUESTION),
    # a section by its name (Python's language reference, as pydoc carries it)
    ("What are the precedence and chaining features of comparisons, membership tests, and identity tests in the "
     "Comparisons section?", reasons.NOT_STANDALONE),
    # a phrase said twice (the rustc book's wasm32-wasip1-threads page; git's man pages)
    ("What is the default behavior of the crt-static target feature in the crt-static target feature?",
     reasons.MALFORMED_QUESTION),
    ("What is the difference between the Unix version and the Unix version?", reasons.MALFORMED_QUESTION),
    # "does" with a plural after two modifiers; the answer's doing made a noun (the Rust Book; the Clippy book)
    ("What does the different smart pointers defined in Rust's standard library provide?", reasons.MALFORMED_QUESTION),
    ("What is the Rust team's focus on enabling great IDE support?", reasons.MALFORMED_QUESTION),
    ("What is Clippy's interest in improving the experience of its users, developers, and maintainers?",
     reasons.MALFORMED_QUESTION),
    # the condition fills the gap "what" asks about (cargo-fix(1))
    ("What does the first argument to Cargo begin with if Cargo has been installed with rustup and it begins with +?",
     reasons.MALFORMED_QUESTION),
])
def test_question_form_rejects(question: str, reason: str):
    v = question_verdict(question)
    assert not v.passed and v.reason == reason, v


@pytest.mark.parametrize("question", [
    "Which preprocessor macro defines the maximum length of a string or BLOB in SQLite?",
    "What does the break statement break out of in Python?",
    "Is this kind of limit enforced at compile time?".replace("this kind of", "the SQLITE_MAX_LENGTH"),
    "How do readers and writers interact in WAL mode?",
    "What is an application file format?",  # appfileformat.html defines the kind: generic words, still standalone
    "What are file formats?",
    # a condition with another verb, or the verb again as a noun (SQLite's lang_savepoint.html)
    "What does SQLite return when the database file is missing?",
    # a perfect tense in a clause of its own (SQLite's lang_transaction.html)
    "What does the ROLLBACK command do if the transaction has already been rolled back by the error?",
    "What does the COMMIT command and the ROLLBACK command without the TO clause do in SAVEPOINT transactions?",
    # the kind with its name (psutil's README, rich's)
    "What is the purpose of the psutil library?", "What is the name of the library that supports free-threaded Python?",
    "What is known about the library size?",  # a compound: the bench's template question on SQLite's about.html
    "What is the minimum version of Python required by the Rich library?",
    # a phrase inside a longer one, said again alone, is another thing (the Rust Reference; datasketch's README)
    "What is the difference between a tuple struct type and a struct type?",
    "What does MinHash LSH and MinHash LSH Ensemble support?",
    # a compound a system names, not the prompt's text (cargo's manifest page; libxslt's manual; a model's name)
    "What is the format of the authors list in a Cargo manifest?",
    "What is the context passed to an XPath function?",
    "What are the training examples available for the Sentence Transformer model on GitHub?",
    # a way of doing asked for, and a plural after one modifier (the Python tutorial's stdlib2.html; SQLite's pages)
    "What is the approach for developing high quality software?",
    "What does the different journal mode change?",
])
def test_question_form_passes(question: str):
    assert question_verdict(question).passed
