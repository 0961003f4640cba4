"""Evidence sentences of the SQLite and Python documentation shared by the gate tests, a
record built on them, and the answer-form gate's verdict on one."""

from datarefinery.gates import build_gate
from datarefinery.records import Record, Span, Verdict

LIMITS = "The maximum length of a string or BLOB in SQLite is defined by the preprocessor macro SQLITE_MAX_LENGTH."
WAL = ("The WAL journaling mode uses a write-ahead log instead of a rollback journal to implement transactions. "
       "In WAL mode, readers do not block writers and a writer does not block readers.")
INDEXES = ("SQLite can use a B-tree index or a hash index for an IN operator, "
           "and only a B-tree index is used when the right-hand side is a subquery.")
PYTHON = "The break statement breaks out of the innermost enclosing for or while loop."


def rec(question: str, answer: str = "", evidence: str = LIMITS) -> Record:
    """A record with ``question`` and ``answer``, its provenance span the whole ``evidence``."""
    return Record("r", data={"question": question, "answer": answer},
                  provenance=Span("d", "c", 0, len(evidence), evidence))


def answer_verdict(question: str, answer: str, evidence: str = LIMITS) -> Verdict:
    """The ``answer_form`` gate's verdict on a pair whose evidence is ``evidence``."""
    return build_gate("answer_form", "af", {}).check(rec(question, answer, evidence))
