"""The steered-question check on questions the 1.5B model wrote in real runs of
recipes/session_qa.yaml over the ChatterBot transcripts: the accepted ones a curator
would not train on fail with their reason code, the good ones pass; the node asks once
more before it fails."""

from __future__ import annotations

import pytest

from datarefinery.gates import reasons
from datarefinery.generators.question_type import check_question_type, question_type_fault
from datarefinery.records import Record

MONEY = ("Standard pieces of gold, silver, copper, nickel, etc. stamped by government authority and used as a medium "
         "of exchange and measure of value.")
HISTORY = "History is the course of political, economic and military events over time, from the dawn of man to the age of AI."
OS = ("Software that coordinates between the hardware and other parts of the computer to run other software is called "
      "an operating system, or the OS.")


@pytest.mark.parametrize(("question", "qtype", "answer", "code"), [
    # accepted before: a question of examples answered by a definition fragment (drawn: analysis)
    (("What are some examples of standard pieces of gold, silver, copper, nickel, etc. that are used as a medium of "
     "exchange and measure of value?"), "analysis", MONEY, reasons.EXAMPLES_NOT_GIVEN),
    # accepted before: drawn application, asked a definition
    ("What is the course of political, economic, and military events over time?", "application", HISTORY,
     reasons.QUESTION_TYPE_MISMATCH),
    ("What is the operating system?", "analysis", OS, reasons.QUESTION_TYPE_MISMATCH),
])
def test_questions_that_miss_their_type_or_answer_fail_with_their_code(question, qtype, answer, code):
    fault = question_type_fault(question, qtype, answer)
    assert fault is not None and fault[0] == code


@pytest.mark.parametrize(("question", "qtype", "answer"), [
    ("What are super computers?", "conceptual",
     ("Computers which can perform very large numbers of calculations at very high speed and accuracy are called "
     "super computers.")),
    ("What is the operating system?", "factual", OS),
    ("How does an operating system relate to the hardware of a computer?", "analysis", OS),
    ("How can I use an operating system to run other software?", "application", OS),
    ("What are some examples of programming languages?", None, "Popular languages include Python, Java and C."),
    ("What are some kinds of currency?", "factual", "Coins are made of metals such as copper and nickel."),
    # rejected by the first version of the check in a real run; the answer does name uses
    ("What are some uses of ultrasonic waves in medical and surgical applications?", "factual",
     "ultrasonic waves, used in medical diagnosis and therapy, in surgery, etc."),
])
def test_questions_that_fit_pass(question, qtype, answer):
    assert question_type_fault(question, qtype, answer) is None


def test_the_node_asks_again_once_then_fails_with_a_verdict():
    data = {"question": "What is the operating system?", "question_type": "application", "statement": OS}
    rec = Record("s#1", data=dict(data))
    out = check_question_type(rec, reasks=1)
    assert out == {"reask_question": True, "question_reasks": 1} and rec.verdicts == []
    rec.data.update(out)
    assert check_question_type(rec, reasks=1) == {"reask_question": False}
    (v,) = rec.verdicts
    assert not v.passed and v.reason == reasons.QUESTION_TYPE_MISMATCH and v.gate == "question_type"
    rec.data["question"] = "How can I use an operating system to run other software?"  # a repair's new question
    check_question_type(rec, reasks=1)
    assert rec.failed_verdicts() == []
