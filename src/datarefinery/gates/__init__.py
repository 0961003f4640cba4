"""Quality gates: ``Gate.check(record) -> Verdict``."""

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.consistency import AnswerNoveltyGate, StandaloneQuestionGate
from datarefinery.gates.format import CompletenessGate, JsonGate, PatternGate
from datarefinery.gates.heuristics import LengthGate, LexicalDiversityGate, RepetitionGate
from datarefinery.gates.language import LanguageGate
from datarefinery.gates.provenance import ProvenanceGate
from datarefinery.gates.registry import GATES, build_gate

__all__ = [
    "AnswerNoveltyGate", "CompletenessGate", "GATES", "Gate", "GateParams", "JsonGate", "LanguageGate", "LengthGate", "LexicalDiversityGate", "PatternGate", "ProvenanceGate", "RepetitionGate", "StandaloneQuestionGate",
    "build_gate", "reasons",
]
