"""What the mock OpenAI-compatible server does: latency, faults and reply shapes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Burst(BaseModel):
    """Every ``every`` requests, the first ``length`` of them get HTTP ``status``
    (requests counted from 0 in arrival order): errors in bursts, not spread evenly."""

    model_config = ConfigDict(extra="forbid")

    every: int = Field(ge=1)
    length: int = Field(ge=1)
    status: Literal[429, 500, 502, 503] = 500


class MockConfig(BaseModel):
    """Behaviour of :mod:`datarefinery.mock.server`.

    Latency (seconds) is drawn per request: ``fixed`` waits ``latency``; ``uniform`` waits
    between ``latency - jitter`` and ``latency + jitter``; ``lognormal`` has median
    ``latency`` and shape ``sigma``. Fault rates are probabilities per request, drawn from a
    generator seeded with ``seed``:

    - ``rate_429`` / ``rate_500``: answer 429 (with ``Retry-After: retry_after``) or 500;
    - ``rate_hang``: wait ``hang_seconds`` before answering (past a client's timeout);
    - ``rate_close``: close the connection without answering;
    - ``rate_malformed``: a body that is not JSON;
    - ``rate_truncated``: a reply whose content is cut off mid-way (``finish_reason: length``);
    - ``rate_schema_violation``: with a JSON schema in the request, content that is JSON but
      violates it.

    ``bursts`` add deterministic runs of errors; ``die_after`` makes the server process exit
    after that many requests (a server dying mid-run).
    """

    model_config = ConfigDict(extra="forbid")

    latency: float = Field(0.0, ge=0)
    distribution: Literal["fixed", "uniform", "lognormal"] = "fixed"
    jitter: float = Field(0.0, ge=0)
    sigma: float = Field(0.5, gt=0)
    rate_429: float = Field(0.0, ge=0, le=1)
    rate_500: float = Field(0.0, ge=0, le=1)
    rate_hang: float = Field(0.0, ge=0, le=1)
    rate_close: float = Field(0.0, ge=0, le=1)
    rate_malformed: float = Field(0.0, ge=0, le=1)
    rate_truncated: float = Field(0.0, ge=0, le=1)
    rate_schema_violation: float = Field(0.0, ge=0, le=1)
    retry_after: float = Field(0.1, ge=0, description="seconds, sent in the Retry-After header of a 429")
    hang_seconds: float = Field(30.0, ge=0)
    bursts: list[Burst] = []
    die_after: int | None = Field(None, ge=1)
    seed: int = 0
