"""Gates by the name recipes use (``gate: provenance``)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from datarefinery.errors import RecipeError
from datarefinery.gates.base import Gate
from datarefinery.gates.consistency import AnswerNoveltyGate, StandaloneQuestionGate
from datarefinery.gates.decontamination import DecontaminationGate
from datarefinery.gates.dedup import DedupGate, SemanticDedupGate
from datarefinery.gates.format import CompletenessGate, JsonGate, PatternGate
from datarefinery.gates.grounded_judge import GroundedJudgeGate
from datarefinery.gates.heuristics import LengthGate, LexicalDiversityGate, RepetitionGate
from datarefinery.gates.judge import LLMJudgeGate
from datarefinery.gates.language import LanguageGate
from datarefinery.gates.model_base import ModelGate
from datarefinery.gates.perplexity import PerplexityGate
from datarefinery.gates.provenance import ProvenanceGate
from datarefinery.gates.qa_form import AnswerFormGate, QuestionFormGate
from datarefinery.gates.reward import RewardGate
from datarefinery.gates.selfcheck import SelfCheckGate
from datarefinery.gates.verifier import VerifierGate
from datarefinery.tools.gates import ToolExecutionGate, ToolFormatGate, ToolSemanticGate
from datarefinery.reasoning.gates import REASONING_GATES

GATES: dict[str, type[Gate]] = {g.kind: g for g in (
    LengthGate, PatternGate, JsonGate, CompletenessGate, LanguageGate, LexicalDiversityGate, RepetitionGate,
    ProvenanceGate, AnswerNoveltyGate, StandaloneQuestionGate, PerplexityGate, LLMJudgeGate, GroundedJudgeGate,
    RewardGate, DedupGate, SemanticDedupGate, DecontaminationGate, QuestionFormGate, AnswerFormGate, VerifierGate,
    SelfCheckGate, ToolFormatGate, ToolExecutionGate, ToolSemanticGate,
    *REASONING_GATES,
)}


def build_gate(kind: str, name: str, params: dict[str, Any]) -> Gate:
    """Instantiate a gate from recipe config.

    Raises:
        RecipeError: unknown gate kind, or parameters that do not validate (with field names).
    """
    cls = GATES.get(kind)
    if cls is None:
        raise RecipeError(f"graph.nodes.{name}.gate: unknown gate {kind!r}; known: {', '.join(sorted(GATES))}")
    try:
        return cls.from_config(name, params)
    except ValidationError as exc:
        problems = [f"graph.nodes.{name}.params.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]
        raise RecipeError(f"bad parameters for gate {name!r}", problems=problems) from None
    except ValueError as exc:
        raise RecipeError(f"graph.nodes.{name}.params: {exc}") from None


def gate_model(gate: Gate) -> str | None:
    """The recipe model a gate calls, if any."""
    return gate.recipe_model if isinstance(gate, ModelGate) else None
