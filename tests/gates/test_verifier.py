"""The verifier gate: P(yes) read from the first reply token's log-probabilities, probes asked in
order, and records with no evidence span."""

import pytest

from datarefinery.gates import build_gate, reasons
from datarefinery.gates.verifier import p_yes
from datarefinery.models.base import ChatResponse
from datarefinery.models.fakes import ScriptedModel
from datarefinery.records import Record
from tests.gates.texts import LIMITS, rec


def test_p_yes_reads_both_words_in_any_case():
    assert p_yes({"Yes": -0.1, "No": -2.5, "The": -4.0}) == pytest.approx(0.9168, abs=1e-3)
    assert p_yes({" no": -0.05, "yes": -3.0}) < 0.1
    assert p_yes({"The": -0.1}) is None


async def test_verifier_rejects_on_low_p_yes_and_passes_on_high():
    gate = build_gate("verify", "verify", {"model": "judge", "min_p_yes": 0.6, "probes": ["supported", "answers"]})
    record = rec("Which macro defines the maximum length of a string?", "SQLITE_MAX_LENGTH defines it.")
    yes = ChatResponse("Yes", top_logprobs=({"Yes": -0.05, "No": -3.0},))
    no = ChatResponse("No", top_logprobs=({"No": -0.2, "Yes": -1.7},))
    # the first probe (supported by the evidence) passes, the second (answers the question) fails
    v = await gate.acheck(record, {"judge": ScriptedModel([yes, no])})
    assert not v.passed and v.reason == reasons.NOT_ENTAILED and v.score == pytest.approx(0.182, abs=1e-3)
    assert "probe 2" in v.message
    # a failing first probe stops there: the second is never asked
    first_fails = ScriptedModel([no])
    assert (await gate.acheck(record, {"judge": first_fails})).reason == reasons.NOT_ENTAILED
    assert len(first_fails.requests) == 1
    assert (await gate.acheck(record, {"judge": ScriptedModel([yes, yes])})).passed
    requests = gate.requests(record, "SQLITE_MAX_LENGTH defines it.")
    assert [r.max_tokens for r in requests] == [1, 1] and requests[0].top_logprobs == 10
    assert LIMITS in requests[0].messages[-1].content and "Which macro" in requests[1].messages[-1].content


async def test_verifier_without_evidence_rejects_unless_told_it_needs_none():
    """A dialogue turn has no evidence span: the probe reads the user's message and the reply."""
    record = Record("t", data={"user_msg": "How do I undo my last git commit?",
                               "assistant_msg": "Run git reset --soft HEAD~1 to undo the commit and keep its changes."})
    params = {"field": "assistant_msg", "question_field": "user_msg", "model": "judge", "probes": [],
              "prompts": ["User: {{ question }}\nReply: {{ answer }}\nDoes the reply answer the user? Reply Yes or No."]}
    yes = ChatResponse("Yes", top_logprobs=({"Yes": -0.05, "No": -3.0},))
    v = await build_gate("verify", "turn_helpful", params).acheck(record, {"judge": ScriptedModel([yes])})
    assert not v.passed and v.reason == reasons.NO_EVIDENCE
    model = ScriptedModel([yes])
    v = await build_gate("verify", "turn_helpful", {**params, "require_evidence": False}).acheck(record, {"judge": model})
    assert v.passed and "How do I undo" in model.requests[0].messages[-1].content
