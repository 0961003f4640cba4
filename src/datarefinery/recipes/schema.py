"""The typed shape of a recipe: ``data``, ``models``, ``graph`` and ``output`` blocks.

Every model forbids unknown fields, so a typo fails at load time with its field path
instead of being ignored. The same classes build a recipe in Python.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from datarefinery.reasoning.config import CalibrateNode, GrpoExport, VoteNode

END = "END"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ---- data -----------------------------------------------------------------------------

class ChunkingConfig(_Strict):
    """Chunk sizes in characters."""

    max_chars: int = Field(1500, ge=100)
    min_chars: int = Field(200, ge=0)


class DocumentsData(_Strict):
    """Documents (txt, md, html, pdf) under ``path``, chunked; one record per chunk."""

    source: Literal["documents"] = "documents"
    path: str
    glob: str = "**/*"
    chunking: ChunkingConfig = ChunkingConfig()
    limit: int | None = Field(None, ge=1, description="records entering the graph, sampled across documents")
    seed: int = 0


class JsonlData(_Strict):
    """One record per line of a JSONL file.

    ``format: raw`` makes the line's object ``record.data``; ``messages``, ``sharegpt``,
    ``alpaca`` or ``auto`` read a conversational dataset into ``question``/``answer``
    fields with its evidence as provenance (see :mod:`datarefinery.sources.datasets`).
    """

    source: Literal["jsonl"]
    path: str
    format: Literal["raw", "auto", "messages", "sharegpt", "alpaca"] = "raw"
    id_field: str | None = None
    limit: int | None = Field(None, ge=1)
    seed: int = 0


class SeedData(_Strict):
    """A seed question set (:mod:`datarefinery.sources.seed`): one record per row of a
    JSONL, CSV, parquet or Hugging Face ``datasets`` file (``format``, default by
    extension; ``hf``: a ``save_to_disk`` folder's ``split``, or an ``.arrow`` file), with
    ``question`` from ``question_field`` and the reference ``answer`` from
    ``answer_field`` (or the first group of ``answer_pattern`` in it, e.g. GSM8K's
    ``"####\\s*(.+)$"``; the whole field is kept as ``solution``)."""

    source: Literal["seed"]
    path: str
    format: Literal["auto", "jsonl", "csv", "parquet", "hf"] = "auto"
    split: str = "train"
    question_field: str = "question"
    answer_field: str = "answer"
    answer_pattern: str | None = None
    id_field: str | None = None
    limit: int | None = Field(None, ge=1)
    seed: int = 0

    @field_validator("answer_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        import re

        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a regular expression: {exc}") from None
        return value


class ToolsData(_Strict):
    """Tool-use examples from an API (:mod:`datarefinery.tools`): ``path`` is an OpenAPI
    3.x document or an OpenAI-style tool list (``format``); one record per example to
    make, ``limit`` of them. ``mode`` is ``single`` (one call, Toolformer), ``multi`` (a
    chain of ``min_calls``–``max_calls`` calls where later ones use earlier results,
    ToolLLM), ``chain_first`` (the calls are sampled and run first, the request written
    after, ToolGrad) or ``auto`` (each example's mode drawn from ``mix``, seeded).
    ``error_share`` of the examples are meant to show an API error and its handling.
    Calls go to ``base_url`` (default: the document's first server), to the bundled
    example API when ``server: example`` (started on loopback for the run), or to the
    Python callables of ``functions`` (tool name → ``package.module:function``), each
    within ``timeout`` seconds. ``reset`` (``package.module:function``, called as
    ``hook(record_id, base_url)``, sync or async, returning headers for the calls or
    ``None``) restores the API's state before every attempt of an example, first pass and
    each repair; with ``server: example`` it defaults to the example API's snapshot
    restore. Without a hook nothing is rolled back: against another server, an attempt
    sees what earlier attempts changed."""

    source: Literal["tools"]
    path: str
    format: Literal["auto", "openapi", "openai"] = "auto"
    mode: Literal["single", "multi", "chain_first", "auto"] = "auto"
    mix: dict[Literal["single", "multi", "chain_first"], float] = Field(
        default_factory=lambda: {"single": 0.4, "multi": 0.4, "chain_first": 0.2},
        description="auto: the weight of each mode")
    min_calls: int = Field(2, ge=2, le=4)
    max_calls: int = Field(3, ge=2, le=4)
    error_share: float = Field(0.0, ge=0, le=1, description="share of examples meant to show an error response")
    server: Literal["example"] | None = None
    base_url: str | None = None
    functions: dict[str, str] = {}
    reset: str | None = Field(None, description="state hook 'package.module:function' called before every attempt's "
                              "calls (default with server: example: the example API's snapshot restore)")
    timeout: float = Field(10.0, gt=0, description="seconds per call")
    limit: int | None = Field(10, ge=1, description="examples to make (records entering the graph)")
    seed: int = 0

    @model_validator(mode="after")
    def _bounds(self) -> "ToolsData":
        if self.min_calls > self.max_calls:
            raise ValueError("min_calls must not exceed max_calls")
        if self.mode == "auto" and (not self.mix or sum(self.mix.values()) <= 0):
            raise ValueError("mode auto needs a mix with a positive weight")
        return self


class SessionsData(_Strict):
    """Conversation transcripts (:mod:`datarefinery.sources.sessions`): JSONL of OpenAI
    ``messages`` lists or ShareGPT ``conversations``, or plain-text logs (``.txt``, one
    file per session) whose turns start with a speaker prefix (``speakers``: prefix →
    role). One record per message of a role in ``roles`` with at least ``min_chars``
    characters; its text is that message, its provenance a span inside it."""

    source: Literal["sessions"]
    path: str
    format: Literal["auto", "messages", "sharegpt", "text"] = "auto"
    glob: str = "**/*"
    speakers: dict[str, Literal["user", "assistant", "system"]] = Field(
        default_factory=lambda: {"User:": "user", "Assistant:": "assistant"})
    roles: list[Literal["user", "assistant", "system"]] = ["assistant"]
    min_chars: int = Field(40, ge=1)
    id_field: str | None = Field(None, description="the JSONL key holding a session id (default: file and line)")
    limit: int | None = Field(None, ge=1)
    seed: int = 0


class SyntheticData(_Strict):
    """No input: ``limit`` empty records (ids ``synthetic:<n>``), for recipes whose first
    node makes everything, such as a dialogue whose persona, topic and style are sampled."""

    source: Literal["synthetic"]
    path: str = ""
    limit: int | None = Field(10, ge=1, description="records entering the graph")
    seed: int = 0


DataConfig = Annotated[DocumentsData | JsonlData | ToolsData | SessionsData | SeedData | SyntheticData,
                       Field(discriminator="source")]


# ---- models ---------------------------------------------------------------------------

class ModelPrices(_Strict):
    """What a model costs, per million tokens (in the provider's currency, USD for most):
    ``input`` for prompt tokens, ``output`` for completion tokens."""

    input: float = Field(0.0, ge=0, description="per million prompt tokens")
    output: float = Field(0.0, ge=0, description="per million completion tokens")


class _ModelCommon(_Strict):
    """Flow control of one model, applied as wrappers (see :mod:`datarefinery.models.stack`).

    ``max_concurrency`` bounds requests in flight (and sizes the connection pool); with
    ``adaptive_concurrency`` the bound backs off on 429/5xx/timeouts and grows back on
    success (AIMD). ``requests_per_minute`` / ``tokens_per_minute`` are rate limits
    (tokens estimated before the call). A failed request is retried ``max_retries`` times
    with exponential backoff from ``retry_base_delay`` up to ``retry_max_delay`` seconds,
    honouring ``Retry-After``; each attempt gets ``timeout`` seconds.

    ``prices`` (per million tokens; or ``price_per_million_input`` /
    ``price_per_million_output``, stored as ``prices``) make the run's cost known: the
    manifest, summary, progress line and report show it. Without them an embedded model
    costs 0 and a remote one is unknown.
    """

    max_concurrency: int = Field(8, ge=1, description="requests in flight to this model (the AIMD ceiling)")
    adaptive_concurrency: bool = True
    requests_per_minute: int | None = Field(None, ge=1)
    tokens_per_minute: int | None = Field(None, ge=1)
    max_retries: int = Field(3, ge=0)
    retry_base_delay: float = Field(0.5, ge=0, description="seconds")
    retry_max_delay: float = Field(30.0, ge=0, description="seconds")
    timeout: float = Field(120.0, gt=0, description="seconds per request attempt")
    prices: ModelPrices | None = Field(None, description="per million tokens; unknown when not given")

    @model_validator(mode="before")
    @classmethod
    def _flat_prices(cls, data: Any) -> Any:
        """``price_per_million_input`` / ``price_per_million_output`` are the ``prices`` block."""
        if not isinstance(data, dict) or not {"price_per_million_input", "price_per_million_output"} & set(data):
            return data
        if data.get("prices") is not None:
            raise ValueError("give either a prices block or price_per_million_input/output, not both")
        data = dict(data)
        data["prices"] = {"input": data.pop("price_per_million_input", 0.0),
                          "output": data.pop("price_per_million_output", 0.0)}
        return data


class EmbeddedModelConfig(_ModelCommon):
    """The in-process llama.cpp server; ``model`` is a catalogue name or a ``.gguf`` path."""

    backend: Literal["embedded"]
    model: str = "smollm2-135m"
    n_parallel: int | None = Field(None, ge=1, description="server slots; default: the catalogue model's "
                                   "measured best (refinery bench embedded), 4 for a .gguf path")
    n_ctx: int = Field(8192, ge=512, description="tokens, shared by the slots")
    threads: int | None = Field(None, ge=1)
    timeout: float = Field(600.0, gt=0, description="seconds per request attempt")


class OpenAIModelConfig(_ModelCommon):
    """Any OpenAI-compatible server. ``api_key_env`` names the variable holding the key."""

    backend: Literal["openai"]
    model: str
    base_url: str
    api_key_env: str | None = None


ModelConfig = Annotated[EmbeddedModelConfig | OpenAIModelConfig, Field(discriminator="backend")]


# ---- graph ----------------------------------------------------------------------------

class LLMNode(_Strict):
    """Renders Jinja2 templates over ``record.data``, calls a model, stores the reply.

    ``parse``: ``text`` stores the stripped reply; ``json`` parses it (and validates it
    against ``json_schema`` when given). A reply that fails to parse or validate is
    retried up to ``retries`` times at ``retry_temperature``.
    """

    kind: Literal["llm"]
    model: str
    prompt: str
    system: str | None = None
    output: str
    parse: Literal["text", "json"] = "text"
    json_schema: dict[str, Any] | None = None
    temperature: float = Field(0.0, ge=0)
    retry_temperature: float = Field(0.7, ge=0)
    max_tokens: int = Field(256, ge=1)
    retries: int = Field(2, ge=0)
    stop: list[str] = []

    @model_validator(mode="after")
    def _schema_means_json(self) -> "LLMNode":
        if self.json_schema is not None:
            self.parse = "json"
        return self


class PythonNode(_Strict):
    """Calls ``function`` (``package.module:name``, sync or async) as ``fn(record, **params)``."""

    kind: Literal["python"]
    function: str
    params: dict[str, Any] = {}


class GateNode(_Strict):
    """Runs a quality gate. ``on_fail: reject`` ends the record at once (rejected);
    ``continue`` records the verdict and follows the edges (for repair loops)."""

    kind: Literal["gate"]
    gate: str
    params: dict[str, Any] = {}
    on_fail: Literal["reject", "continue"] = "reject"


class JudgeRef(_Strict):
    """A gate used as a rater: its kind and parameters, as under a gate node."""

    gate: str
    params: dict[str, Any] = {}


class MultiLLMNode(_Strict):
    """Sends one prompt to several models, ``samples`` times each (different seeds), and
    rates every answer with ``judge`` (a model-backed gate such as ``judge`` with a rubric,
    or ``grounded_judge``) — SyGra's ``multi_llm`` with a rater. Stores in ``output`` a list
    of ``{model, seed, text, score, passed, reason}``, best score first."""

    kind: Literal["multi_llm"]
    models: list[str] = Field(min_length=1)
    samples: int = Field(1, ge=1, le=16)
    prompt: str
    system: str | None = None
    output: str = "candidates"
    rate_field: str = "answer"
    temperature: float = Field(0.8, ge=0)
    max_tokens: int = Field(256, ge=1)
    judge: JudgeRef


NodeConfig = Annotated[LLMNode | PythonNode | GateNode | MultiLLMNode | VoteNode | CalibrateNode,
                       Field(discriminator="kind")]


class EdgeConfig(_Strict):
    """An edge. Out-edges of a node are tried in order; the first that applies is taken.

    ``when`` is a Jinja2 expression over the record (its data fields, ``passed``,
    ``failed``, ``verdicts``, ``visits``); ``when_fn`` names a Python predicate
    ``fn(record) -> bool``. ``max_iterations`` bounds how often one record may take this
    edge; every cycle of the graph must contain such an edge.
    """

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    when: str | None = None
    when_fn: str | None = None
    max_iterations: int | None = Field(None, ge=1)

    @model_validator(mode="after")
    def _one_condition(self) -> "EdgeConfig":
        if self.when and self.when_fn:
            raise ValueError("give either 'when' or 'when_fn', not both")
        return self


class GraphConfig(_Strict):
    """Nodes by name, edges, the start node, and how many records run at once."""

    start: str
    nodes: dict[str, NodeConfig]
    edges: list[EdgeConfig]
    concurrency: int = Field(16, ge=1, description="records in flight")


# ---- output ---------------------------------------------------------------------------

def _export_format(name: str) -> str:
    from datarefinery.export import FORMATS  # the export package imports this module

    if name not in FORMATS:
        raise ValueError(f"unknown export format {name!r}; one of: {', '.join(FORMATS)}")
    return name


def _row_format(name: str) -> str:
    if _export_format(name) == "hf":
        raise ValueError("the hf export's rows need a row format (chatml, dpo, kto, ...), not hf")
    return name


class FieldMapping(_Strict):
    """One key of the accepted line (``output.map``): taken ``from`` a record field (a
    dotted path into its data), a constant ``value``, or made by a named ``transform`` (of
    the ``from`` field, or of the whole record; see :mod:`datarefinery.export.fieldmap`).
    A plain string is short for ``{from: <string>}``."""

    source: str | None = Field(None, alias="from")
    value: Any = None
    transform: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"from": data} if isinstance(data, str) else data

    @field_validator("transform")
    @classmethod
    def _known_transform(cls, name: str | None) -> str | None:
        from datarefinery.export.fieldmap import TRANSFORMS

        if name is not None and name not in TRANSFORMS:
            raise ValueError(f"unknown transform {name!r}; one of: {', '.join(TRANSFORMS)}")
        return name

    @model_validator(mode="after")
    def _one_source(self) -> "FieldMapping":
        from datarefinery.export.fieldmap import TRANSFORMS

        if self.value is not None and (self.source is not None or self.transform is not None):
            raise ValueError("a constant 'value' takes no 'from' or 'transform'")
        if self.value is None and self.source is None and self.transform is None:
            raise ValueError("give 'from' (a record field), 'value' (a constant) or 'transform'")
        if self.transform is not None and self.source is None and TRANSFORMS[self.transform].takes_value:
            raise ValueError(f"transform {self.transform!r} changes a field's value: give 'from'")
        return self


class HubExport(_Strict):
    """The ``hf`` export (Hugging Face ``datasets``): rows of the format ``rows``, split into
    train and validation by ``split`` (the train share) and ``seed``; pushed to the dataset
    repo ``push_to_hub`` when one is named, with the token read from the environment
    variable ``token_env`` (never written anywhere)."""

    rows: Annotated[str, AfterValidator(_row_format)] = "chatml"
    split: float = Field(0.9, gt=0, le=1, description="share of rows in train; the rest is validation")
    seed: int = 0
    push_to_hub: str | None = None
    token_env: str = "HF_TOKEN"
    private: bool = True


class OutputConfig(_Strict):
    """Where results go and how accepted records become training samples.

    A record with the ``user_field`` and ``assistant_field`` becomes ``messages``; ``map``
    adds top-level keys to the accepted line (see :mod:`datarefinery.export.fieldmap`); a
    record with neither is written with its fields under ``data``. ``formats`` are exported
    when the run ends, to ``RUN_DIR/export/`` (``hf`` configured by ``hf``, ``grpo`` by ``grpo``); ``license``
    and ``language`` go into the dataset card.
    """

    dir: str = "runs/{name}"
    format: Literal["messages"] = "messages"
    user_field: str = "question"
    assistant_field: str = "answer"
    system: str | None = None
    map: dict[str, FieldMapping] = {}
    formats: list[Annotated[str, AfterValidator(_export_format)]] = []
    hf: HubExport = HubExport()
    grpo: GrpoExport = GrpoExport()
    license: str = Field("other", description="a Hugging Face licence id (apache-2.0, cc-by-4.0, ...)")
    language: list[str] = Field(["en"], description="ISO 639-1 codes of the samples' language")

    @field_validator("language", mode="before")
    @classmethod
    def _one_language(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("map")
    @classmethod
    def _not_metadata(cls, value: dict[str, FieldMapping]) -> dict[str, FieldMapping]:
        if "metadata" in value:
            raise ValueError("'metadata' is the accepted line's own key; map to another name")
        return value


# ---- recovery -------------------------------------------------------------------------

class FieldRecovery(_Strict):
    """How a generated field is redone: ``regenerate`` is the node that generates it (run
    again by ``resample``); ``reenter`` is where a record continues after an adaptive
    repair wrote the field (typically the clean-up or first gate after the generator)."""

    regenerate: str
    reenter: str


class RecoveryConfig(_Strict):
    """What happens to a rejected record (the provenance-gating study's adaptive recovery).

    ``adaptive`` diagnoses the failed verdicts and applies a targeted repair; ``resample``
    regenerates the failing field blindly (the baseline); ``off`` rejects at once. Repairs
    are bounded per record by ``max_attempts`` and by ``token_budget`` (model tokens spent
    after the first rejection), and a repaired record passes through every gate again.
    """

    strategy: Literal["adaptive", "resample", "off"] = "off"
    model: str | None = Field(None, description="model for repairs (default: the first declared)")
    max_attempts: int = Field(2, ge=1)
    token_budget: int = Field(2000, ge=1, description="tokens per record after its first rejection")
    extractive_fallback: bool = Field(
        True, description="adaptive: the last attempt answers with the evidence sentence itself, or asks a "
                          "template question about its subject, at no model cost")
    fields: dict[str, FieldRecovery] = {}
    reasons: list[str] | None = Field(
        None, description="repair only records that failed with one of these reason codes; any other rejection "
                          "is final at once, with no token spent (default: every reason a repair exists for)")

    @field_validator("reasons")
    @classmethod
    def _known_reasons(cls, value: list[str] | None) -> list[str] | None:
        from datarefinery.gates import reasons as codes

        unknown = sorted(set(value or ()) - codes.ALL)
        if unknown:
            raise ValueError(f"unknown reason codes: {', '.join(unknown)}")
        return value


class CacheConfig(_Strict):
    """The response cache: ``path`` is a SQLite file (default
    ``<user cache>/datarefinery/responses.sqlite``; relative paths are taken from the
    working directory). ``--no-cache`` turns it off for one run."""

    enabled: bool = True
    path: str | None = None


class Recipe(_Strict):
    """A whole recipe."""

    name: str
    description: str = ""
    data: DataConfig
    models: dict[str, ModelConfig] = {}
    graph: GraphConfig
    recovery: RecoveryConfig = RecoveryConfig()
    output: OutputConfig = OutputConfig()
    cache: CacheConfig = CacheConfig()

    def output_dir(self) -> str:
        return self.output.dir.format(name=self.name)


def for_dataset(recipe: Recipe, path: str | Path) -> Recipe:
    """The recipe with its data block replaced by a conversational dataset at ``path``
    (format detected per line), as ``refinery curate`` runs it."""
    return recipe.model_copy(update={"data": JsonlData(source="jsonl", path=str(path), format="auto")})
