"""The ``decontamination`` gate: a record whose field contains or paraphrases an item of an
evaluation benchmark is rejected with ``contaminated`` (see :mod:`datarefinery.select.decontam`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.records import Record, Verdict


class BenchmarkSpec(BaseModel):
    """A benchmark to match against: a path, or ``{path, name, fields}``."""

    model_config = ConfigDict(extra="forbid")
    path: str
    name: str | None = None
    fields: list[str] | None = Field(None, description="the benchmark's text columns (default: question, prompt, …)")


class DecontaminationParams(GateParams):
    field: str = "question"
    against: list[BenchmarkSpec] = Field(min_length=1, description="benchmark files or save_to_disk folders")
    ngram: int = Field(13, ge=3, le=50, description="shared word n-gram length that marks contamination")
    cosine: float | None = Field(0.75, ge=-1, le=1, description="embedding cosine for paraphrases; null: n-grams only")

    @field_validator("against", mode="before")
    @classmethod
    def _paths(cls, value: object) -> object:
        return [{"path": v} if isinstance(v, str) else v for v in value] if isinstance(value, list) else value


class DecontaminationGate(Gate):
    """Rejects a record that contains a benchmark item: a shared normalised word 13-gram,
    or (``cosine``) an all-MiniLM-L6-v2 embedding this close to a passage of an item.
    The message names the benchmark, the item and the overlapping text; evidence:
    ``benchmark:item``. A missing benchmark path is a recipe error; the benchmarks load on
    the first record checked."""

    kind = "decontamination"
    Params = DecontaminationParams
    params: DecontaminationParams

    def __init__(self, name: str, params: GateParams):
        super().__init__(name, params)
        missing = [b.path for b in self.params.against if not Path(b.path).exists()]
        if missing:
            raise ValueError(f"against: no such benchmark file or folder (paths are relative to the working "
                             f"directory): {', '.join(missing)}")
        self._index = None

    def _load(self):
        if self._index is None:
            from datarefinery.select.decontam import ContaminationIndex, load_benchmark

            benches = [load_benchmark(Path(b.path), b.fields, b.name) for b in self.params.against]
            self._index = ContaminationIndex(benches, self.params.ngram, self.params.cosine)
        return self._index

    def evaluate(self, record: Record, text: str) -> Verdict:
        hit = self._load().check([text])[0]
        if hit is None:
            return self.ok(None)
        return self.fail(reasons.CONTAMINATED, hit.similarity, hit.message(), [f"{hit.benchmark}:{hit.item}"])
