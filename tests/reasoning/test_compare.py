"""Answer comparators on hand-made paraphrase and non-paraphrase sets."""

from __future__ import annotations

import asyncio

import pytest

from datarefinery.errors import BadModelOutput, RecipeError
from datarefinery.models.fakes import ScriptedModel
from datarefinery.reasoning.answers import final_answer
from datarefinery.reasoning.compare import (
    ExactComparator,
    JudgeComparator,
    SemanticComparator,
    contradiction,
    make_comparator,
    normalise,
    parse_number,
)
from datarefinery.reasoning.config import ComparatorConfig


def run(coro):
    return asyncio.run(coro)


@pytest.mark.parametrize("text, value", [
    ("42", 42), ("1,000", 1000), ("1000.0", 1000), ("1e3", 1000), ("$18", 18), ("18 dollars", 18), ("x = 5", 5),
    ("3/4", 0.75), (r"\frac{3}{4}", 0.75), ("-7", -7), ("−7", -7), ("50%", 50), ("twelve", 12), ("0.5.", 0.5),
    (r"$\$1{,}000$".replace("{,}", ","), 1000),
])
def test_numbers_in_any_format(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["not 5", "n!", "2^(n-1)", "C(10, 5)", "", "No", "five or six apples here"])
def test_not_numbers(text):
    assert parse_number(text) is None


def test_exact_comparator_normalises_and_tolerates():
    c = ExactComparator(ComparatorConfig(kind="exact", rel_tol=1e-4))
    same = [("The WAL.", "wal"), ("  Paris ", "paris!"), ("1,000", "1000.00"), ("$18", "18"), ("0.33333", "1/3"),
            ("An index", "index")]
    different = [("1000", "1001"), ("Paris", "London"), ("not 5", "5"), ("0.33", "1/3"), ("2^(n-1)", "2^n")]
    assert all(c.same_now(a, b) for a, b in same)
    assert not any(c.same_now(a, b) for a, b in different)
    assert normalise("The  Write-Ahead log, 3.5 MB.") == "write ahead log 3.5 mb"


def test_exact_clusters_and_matches():
    c = ExactComparator(ComparatorConfig())
    answers = ["18", "$18", "20", "18.0", "", "twenty"]
    assert run(c.clusters(answers)) == [[0, 1, 3], [2, 5], [4]]
    assert run(c.matches(answers, "18")) == [True, True, False, True, False, False]


def test_final_answer_conventions():
    assert final_answer("Janet has 3 eggs.\n#### 18") == "18"
    assert final_answer(r"So it is \boxed{\frac{1}{2}}.") == r"\frac{1}{2}"
    assert final_answer("Step 1: ...\nThe answer is 42.") == "42"
    assert final_answer("Reasoning...\nAnswer: Paris") == "Paris"
    assert final_answer("first line\n\nlast line.\n") == "last line"
    assert final_answer("") == ""


def test_contradiction_checks():
    assert contradiction("The WAL is flushed before commit", "Before a commit, the WAL gets flushed") is None
    assert contradiction("The WAL is flushed before commit", "The WAL is not flushed before commit") == "negation differs"
    assert contradiction("The WAL is flushed before commit", "The WAL is flushed after commit") == "before/after"
    assert contradiction("It holds 3 pages", "It holds 4 pages") == "numbers differ"


PARAPHRASES = [
    ("The WAL is flushed before commit", "Before a commit, the WAL gets flushed"),
    ("Lists in Python can be changed after they are created.", "Python lists are mutable: they can be modified after creation."),
    ("SQLite stores the whole database in a single file.", "The entire SQLite database is kept in one file."),
]
NON_PARAPHRASES = [
    ("The WAL is flushed before commit", "The WAL is not flushed before commit"),
    ("The WAL is flushed before commit", "The WAL is flushed after commit"),
    ("Lists in Python can be changed after they are created.", "Tuples in Python cannot be changed after they are created."),
    ("SQLite stores the whole database in a single file.", "PostgreSQL runs as a server process."),
    ("The limit is 1000 rows.", "The limit is 2000 rows."),
]


@pytest.fixture(scope="module")
def semantic():
    try:
        c = SemanticComparator(ComparatorConfig(kind="semantic", threshold=0.8))
        run(c.prepare(["probe"]))
    except Exception as exc:  # noqa: BLE001 - the embed extra is optional
        pytest.skip(f"embedding model unavailable: {exc}")
    return c


def test_semantic_paraphrases_cluster_together(semantic):
    for a, b in PARAPHRASES:
        assert run(semantic.same(a, b)), (a, b, semantic.cosine(a, b))


def test_semantic_non_paraphrases_stay_apart(semantic):
    for a, b in NON_PARAPHRASES:
        assert not run(semantic.same(a, b)), (a, b)


def test_semantic_clusters_the_wal_example(semantic):
    answers = ["The WAL is flushed before commit", "Before a commit, the WAL gets flushed",
               "The WAL is not flushed before commit", "the wal is flushed before commit."]
    assert run(semantic.clusters(answers)) == [[0, 1, 3], [2]]


def test_judge_comparator_asks_once_per_pair():
    def decide(req):
        a, b = (line.split(": ", 1)[1] for line in req.messages[-1].content.splitlines() if line.startswith("Answer "))
        return '{"equivalent": %s}' % ("true" if "Paris" in a and "Paris" in b else "false")

    model = ScriptedModel(decide)
    c = JudgeComparator(ComparatorConfig(kind="judge", model="m"), model)
    answers = ["Paris", "The capital is Paris", "London", "paris"]
    assert run(c.clusters(answers)) == [[0, 1, 3], [2]]
    calls = len(model.requests)
    assert calls == 2  # Paris~The capital is Paris, Paris~London; "paris" is exact
    assert model.requests[0].json_schema is not None
    assert run(c.same("The capital is Paris", "Paris")) and len(model.requests) == calls


def test_judge_bad_reply_is_typed():
    c = JudgeComparator(ComparatorConfig(kind="judge", model="m"), ScriptedModel(["maybe"]))
    with pytest.raises(BadModelOutput):
        run(c.same("a", "b"))


def test_make_comparator_errors():
    with pytest.raises(ValueError):
        ComparatorConfig(kind="judge")
    with pytest.raises(RecipeError):
        make_comparator(ComparatorConfig(kind="judge", model="nope"), {})
