"""Typed recipe configuration of the reasoning nodes (``vote``, ``calibrate``) and of the
answer comparators they share. Only pydantic here: :mod:`datarefinery.recipes.schema`
imports it into the recipe's node union."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ComparatorConfig(_Strict):
    """How two answers are judged the same.

    ``exact``: equal after normalisation (case, white space, punctuation, articles, and
    number formats: ``1,000`` = ``1000.0`` = ``1e3``; two numbers are equal within
    ``abs_tol`` or ``rel_tol`` of the larger). ``semantic``: all-MiniLM-L6-v2 cosine ≥
    ``threshold``, and the same numbers, negation and order words (the embedding alone
    cannot tell "is flushed" from "is not flushed"). ``judge``: the recipe model ``model``
    decides, with structured output ``{"equivalent": bool}``.
    """

    kind: Literal["exact", "semantic", "judge"] = "exact"
    abs_tol: float = Field(1e-6, ge=0, description="absolute tolerance between two numeric answers")
    rel_tol: float = Field(1e-4, ge=0, description="relative tolerance between two numeric answers")
    threshold: float = Field(0.85, gt=0, le=1, description="semantic: least cosine similarity of two same answers")
    model: str | None = Field(None, description="judge: the recipe model that decides")
    max_tokens: int = Field(32, ge=8, description="judge: tokens of its reply")

    @model_validator(mode="after")
    def _judge_needs_model(self) -> ComparatorConfig:
        if self.kind == "judge" and not self.model:
            raise ValueError("a judge comparator needs 'model' (a recipe model)")
        return self


class _Sampling(_Strict):
    prompt: str
    system: str | None = None
    temperature: float = Field(0.8, ge=0, description="sampling temperature of each attempt (seeds differ)")
    max_tokens: int = Field(256, ge=1)
    stop: list[str] = []
    extract: Literal["final", "choice", "text"] = Field(
        "final", description="final: the reply's final answer ('Answer: …', '#### …', \\boxed{…}, the last line); "
                             "choice: the option label a multiple-choice reply opens its final answer with "
                             "('B. female' → 'B'), else its final answer; text: the whole reply")
    comparator: ComparatorConfig = ComparatorConfig()


class VoteNode(_Sampling):
    """Self-consistency voting (Wang et al. 2023), the answer verification of DataArc
    SynData: ``model`` answers ``samples`` times (seeds ``seed + i``), the answers are
    clustered by ``comparator``, and ``output`` gets every answer, the clusters and the
    agreement share (the largest cluster's share of the samples). With ``replace``, the
    majority answer (the first member of the largest cluster) replaces that field."""

    kind: Literal["vote"]
    model: str
    samples: int = Field(5, ge=2, le=32)
    output: str = "votes"
    replace: str | None = Field(None, description="field the majority answer replaces (none: keep it)")


class CalibrateNode(_Sampling):
    """Difficulty calibration (DataArc SynData): the ``student`` model answers each record
    ``attempts`` times; each answer is compared with the reference (``reference`` field) by
    ``comparator``; the record gets ``solve_rate`` (0–1) and a ``band``: ``solved`` when
    the rate is ≥ ``solved_at``, ``unsolved`` when ≤ ``unsolved_at``, else ``learnable``."""

    kind: Literal["calibrate"]
    student: str
    attempts: int = Field(4, ge=1, le=64)
    reference: str = Field("answer", description="the field holding the reference answer")
    alternatives: str | None = Field(None, description="a field (dotted path) holding a list of equivalent "
                                     "forms of the reference; an attempt that matches any of them is right")
    output: str = "calibration"
    solved_at: float = Field(1.0, gt=0, le=1, description="solve rate at or above which a record is solved")
    unsolved_at: float = Field(0.0, ge=0, lt=1, description="solve rate at or below which a record is unsolved")

    @model_validator(mode="after")
    def _bounds(self) -> CalibrateNode:
        if self.unsolved_at >= self.solved_at:
            raise ValueError(f"unsolved_at ({self.unsolved_at}) must be below solved_at ({self.solved_at})")
        return self


class GrpoExport(_Strict):
    """The ``grpo`` export (verl's RL parquet, :mod:`datarefinery.export.grpo`):
    ``data_source`` (default ``datarefinery/<recipe name>``; verl picks the reward function
    by it), ``ability``, ``instruction`` appended to each question (verl's GSM8K example
    appends 'Let's think step by step and output the final answer after "####".'), the
    ``bands`` to export (none: all) and the ``split`` named in ``extra_info``."""

    data_source: str | None = None
    ability: str = "reasoning"
    instruction: str = ""
    bands: list[Literal["solved", "learnable", "unsolved"]] = []
    split: str = "train"
