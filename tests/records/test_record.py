import pytest

from datarefinery.records import Record, Span, Status, Verdict


def test_span_requires_evidence_of_its_length():
    Span("d", "c", 3, 8, "hello")
    with pytest.raises(ValueError):
        Span("d", "c", 3, 9, "hello")
    with pytest.raises(ValueError):
        Span("d", "c", 5, 3, "")


def test_child_keeps_lineage_and_root():
    parent = Record("doc:c0001", data={"text": "t"})
    child = parent.child("locate", 2, {"statement": "s"}, Span("doc", "doc:c0001", 0, 1, "t"))
    assert child.id == "doc:c0001/locate:2"
    assert child.parent_id == parent.id and child.root_id == parent.id
    assert child.data == {"text": "t", "statement": "s"}
    assert child.lineage[-1].event == "fan_out"
    assert child.status is Status.PENDING


def test_failed_verdicts_use_the_latest_verdict_per_gate():
    r = Record("x")
    r.verdicts += [Verdict("g", False, reason="too_short"), Verdict("h", True), Verdict("g", True)]
    assert r.failed_verdicts() == []
    r.verdicts.append(Verdict("h", False, reason="repetition"))
    assert [v.reason for v in r.failed_verdicts()] == ["repetition"]
