"""A rule reward for verl's GRPO/PPO trainers over a ``grpo`` export.

verl calls a custom reward function as ``compute_score(data_source, solution_str,
ground_truth, extra_info)`` (recipe option ``custom_reward_function.path`` = this file,
``name`` = ``compute_score``) for every rollout, with the row's ``data_source``,
``reward_model.ground_truth`` and ``extra_info``. Here the rollout's final answer
(:func:`~datarefinery.reasoning.answers.final_answer`: ``####``, ``\\boxed{}``,
"Answer:", the last line) is compared with the ground truth by the ``exact`` comparator
(normalised text, numbers within tolerance), the same test the ``calibrate`` node used
to band the sample, so a learnable sample's reward means what its band measured.
"""

from __future__ import annotations

from typing import Any

from datarefinery.reasoning.answers import final_answer
from datarefinery.reasoning.compare import ExactComparator
from datarefinery.reasoning.config import ComparatorConfig

_EXACT = ExactComparator(ComparatorConfig(kind="exact"))


def compute_score(data_source: str, solution_str: str, ground_truth: str, extra_info: dict[str, Any] | None = None,
                  **_: Any) -> float:
    """1.0 when the final answer of ``solution_str`` equals ``ground_truth``, else 0.0."""
    answer = final_answer(solution_str or "")
    return 1.0 if answer and _EXACT.same_now(answer, str(ground_truth)) else 0.0
