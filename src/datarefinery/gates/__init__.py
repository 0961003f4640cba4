"""Quality gates: ``Gate.check(record) -> Verdict``."""

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.consistency import AnswerNoveltyGate, StandaloneQuestionGate
from datarefinery.gates.dedup import DedupGate
from datarefinery.gates.format import CompletenessGate, JsonGate, PatternGate
from datarefinery.gates.grounded_judge import GroundedJudgeGate
from datarefinery.gates.heuristics import LengthGate, LexicalDiversityGate, RepetitionGate
from datarefinery.gates.judge import LLMJudgeGate
from datarefinery.gates.language import LanguageGate
from datarefinery.gates.model_base import ModelGate
from datarefinery.gates.perplexity import PerplexityGate
from datarefinery.gates.provenance import ProvenanceGate
from datarefinery.gates.reward import RewardGate
from datarefinery.gates.registry import GATES, build_gate, gate_model

__all__ = [
    "AnswerNoveltyGate", "CompletenessGate", "DedupGate", "GATES", "Gate", "GateParams", "GroundedJudgeGate", "LLMJudgeGate", "ModelGate", "PerplexityGate", "RewardGate", "JsonGate", "LanguageGate", "LengthGate", "LexicalDiversityGate", "PatternGate", "ProvenanceGate", "RepetitionGate", "StandaloneQuestionGate",
    "build_gate", "gate_model", "reasons",
]
