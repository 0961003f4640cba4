"""Quality gates: ``Gate.check(record) -> Verdict``."""

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.consistency import AnswerNoveltyGate, StandaloneQuestionGate
from datarefinery.gates.heuristics import LengthGate, LexicalDiversityGate, PatternGate, RepetitionGate
from datarefinery.gates.provenance import ProvenanceGate
from datarefinery.gates.registry import GATES, build_gate

__all__ = [
    "AnswerNoveltyGate", "GATES", "Gate", "GateParams", "LengthGate", "LexicalDiversityGate", "PatternGate", "ProvenanceGate", "RepetitionGate", "StandaloneQuestionGate",
    "build_gate", "reasons",
]
