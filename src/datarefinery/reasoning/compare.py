"""Answer comparators: are two answers the same answer?

Used by answer voting (clusters of equivalent answers; self-consistency, Wang et al. 2023)
and by difficulty calibration (a student's answer against the reference; DataArc
SynData). Three kinds, from cheap to expensive:

- :class:`ExactComparator` — equal after normalisation (SQuAD-style: case, punctuation,
  articles, white space; Rajpurkar et al. 2016) or, for numeric answers, equal within a
  tolerance whatever their format (``1,000`` = ``1000.0`` = ``1e3`` = ``$1000``; ``3/4`` =
  ``0.75``).
- :class:`SemanticComparator` — sentence embeddings (all-MiniLM-L6-v2, the pinned
  :class:`~datarefinery.select.embed.Embedder`) with a cosine threshold, plus three
  checks the embedding cannot make: the same numbers, the same negation, the same order
  words. Measured here: "The WAL is flushed before commit" has cosine 0.96 with "Before a
  commit, the WAL gets flushed" but 0.98 with "The WAL is not flushed before commit" and
  0.99 with "... after commit", so a threshold alone would merge opposites.
- :class:`JudgeComparator` — an LLM decides, with structured output
  ``{"equivalent": true|false}``.

Each gives :meth:`Comparator.clusters` (greedy: an answer joins the first cluster whose
first member it equals, else starts one) and :meth:`Comparator.matches` (each answer
against a reference).
"""

from __future__ import annotations

import math
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import lru_cache

import numpy as np

from datarefinery.errors import BadModelOutput, RecipeError
from datarefinery.gates.lexicon import NEGATIONS, NUMBER_WORDS, numbers
from datarefinery.gates.text_stats import words
from datarefinery.models.base import ChatModel, ChatRequest
from datarefinery.models.parsing import parse_json_reply
from datarefinery.reasoning.config import ComparatorConfig

_ARTICLES = frozenset({"a", "an", "the"})
_NUMBER = r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+−]?\.\d+"
_NUMERIC = re.compile(
    rf"^(?:[a-z]\s*=\s*)?(?:[$€£¥]\s*)?(?P<n>{_NUMBER})(?:\s*/\s*(?P<d>{_NUMBER}))?\s*(?P<pct>%)?"
    r"(?P<unit>(?:\s+[a-z]+){0,2})$")
_FRAC = re.compile(r"^\\[dt]?frac\{(?P<n>[^{}]+)\}\{(?P<d>[^{}]+)\}$")
_LATEX_NOISE = re.compile(r"\\[,!;: ]|\\left|\\right|\\?\$|\\text\{([^{}]*)\}")
# words that reverse a statement's meaning when swapped for their partner
_OPPOSED = (("before", "after"), ("true", "false"), ("yes", "no"), ("increase", "decrease"),
            ("increases", "decreases"), ("more", "less"), ("larger", "smaller"), ("greater", "smaller"),
            ("above", "below"), ("first", "last"), ("enabled", "disabled"), ("enable", "disable"),
            ("always", "never"), ("minimum", "maximum"), ("min", "max"), ("left", "right"), ("input", "output"),
            ("read", "write"), ("reads", "writes"), ("synchronous", "asynchronous"), ("mutable", "immutable"),
            ("lower", "upper"), ("start", "end"), ("open", "closed"), ("inside", "outside"))


def parse_number(text: str) -> float | None:
    """The value of a numeric answer, or ``None`` when ``text`` is not one.

    Accepts thousands separators, decimals, exponents, a leading currency sign or
    ``x =``, a trailing ``%`` (kept as written: ``50%`` is 50) and up to two unit words
    (``18 dollars``), fractions ``3/4`` and ``\\frac{3}{4}``, and a single number word
    (``twelve``). A negation anywhere makes it text ("not 5")."""
    t = unicodedata.normalize("NFKC", text).strip().lower().rstrip(".").strip()
    t = _LATEX_NOISE.sub(lambda m: m.group(1) or "", t).strip()
    if not t:
        return None
    if t in NUMBER_WORDS and t not in {"first", "second", "third", "once", "twice", "single"}:
        return float(NUMBER_WORDS[t])
    frac = _FRAC.match(t)
    if frac:
        num, den = parse_number(frac.group("n")), parse_number(frac.group("d"))
        return num / den if num is not None and den else None
    m = _NUMERIC.match(t)
    if m is None or any(w in NEGATIONS for w in m.group("unit").split()):
        return None
    try:
        value = float(Fraction(m.group("n").replace(",", "").replace("−", "-")))
        if m.group("d"):
            den = float(Fraction(m.group("d").replace(",", "").replace("−", "-")))
            if den == 0:
                return None
            value /= den
    except (ValueError, ZeroDivisionError):
        return None
    return value if math.isfinite(value) else None


def normalise(text: str) -> str:
    """Lower case, NFKC, LaTeX spacing and ``$`` removed, punctuation as spaces (except
    inside numbers), articles dropped (unless the text is nothing else: ``A`` is a
    multiple-choice answer, not an article), white space collapsed."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = _LATEX_NOISE.sub(lambda m: m.group(1) or "", t)
    t = re.sub(r"(?<=\d)[,](?=\d{3}\b)", "", t)           # 1,000 → 1000
    t = re.sub(r"(?<!\d)\.|\.(?!\d)|[^\w\s.]", " ", t)    # punctuation, but 3.5 stays
    kept = [w for w in t.split() if w not in _ARTICLES]
    return " ".join(kept or t.split())


def numbers_equal(a: float, b: float, abs_tol: float, rel_tol: float) -> bool:
    """``|a − b| ≤ max(abs_tol, rel_tol · max(|a|, |b|))``."""
    return abs(a - b) <= max(abs_tol, rel_tol * max(abs(a), abs(b)))


class Comparator(ABC):
    """Decides whether two answers are the same; subclasses implement :meth:`same`."""

    kind: str = ""

    def __init__(self, config: ComparatorConfig):
        self.config = config

    async def prepare(self, texts: Sequence[str]) -> None:
        """Get ready to compare ``texts`` (the semantic comparator embeds them in one batch)."""

    @abstractmethod
    async def same(self, a: str, b: str) -> bool:
        """Whether answers ``a`` and ``b`` are the same answer."""

    async def clusters(self, answers: Sequence[str]) -> list[list[int]]:
        """Indices of ``answers`` grouped into clusters of the same answer, largest first
        (ties: the cluster that started first). Each answer joins the first cluster whose
        first member it equals, else starts a new one; an empty answer is a cluster of its own."""
        await self.prepare([a for a in answers if a.strip()])
        groups: list[list[int]] = []
        for i, answer in enumerate(answers):
            for group in groups:
                head = answers[group[0]]
                if answer.strip() and head.strip() and await self.same(head, answer):
                    group.append(i)
                    break
            else:
                groups.append([i])
        return sorted(groups, key=lambda g: (-len(g), g[0]))

    async def matches(self, answers: Sequence[str], reference: str) -> list[bool]:
        """Whether each of ``answers`` is the same as ``reference`` (an empty answer never is)."""
        await self.prepare([reference, *(a for a in answers if a.strip())])
        return [bool(a.strip()) and await self.same(a, reference) for a in answers]


class ExactComparator(Comparator):
    """Equal after :func:`normalise`, or two numbers equal within the tolerances."""

    kind = "exact"

    async def same(self, a: str, b: str) -> bool:
        return self.same_now(a, b)

    def same_now(self, a: str, b: str) -> bool:
        """:meth:`same`, synchronously."""
        na, nb = parse_number(a), parse_number(b)
        if na is not None and nb is not None:
            return numbers_equal(na, nb, self.config.abs_tol, self.config.rel_tol)
        return normalise(a) == normalise(b)


@lru_cache(maxsize=1)
def _embedder():  # one per process: the model loads once
    from datarefinery.select.embed import Embedder

    return Embedder()


def _polarity(tokens: list[str]) -> bool:
    return sum(t in NEGATIONS for t in tokens) % 2 == 1


def contradiction(a: str, b: str) -> str | None:
    """Why two close paraphrases still differ, or ``None``: different numbers, one negated
    and the other not, or a word of an opposed pair (before/after, true/false, ...) in one
    where the other has its partner."""
    if numbers(a) != numbers(b):
        return "numbers differ"
    ta, tb = words(a), words(b)
    if _polarity(ta) != _polarity(tb):
        return "negation differs"
    sa, sb = set(ta), set(tb)
    for x, y in _OPPOSED:
        if (x in sa and y in sb and x not in sb and y not in sa) or (y in sa and x in sb and y not in sb and x not in sa):
            return f"{x}/{y}"
    return None


class SemanticComparator(Comparator):
    """Cosine of all-MiniLM-L6-v2 embeddings ≥ ``threshold`` and no
    :func:`contradiction`; exact equality (numbers with tolerance) counts as the same."""

    kind = "semantic"

    def __init__(self, config: ComparatorConfig, embedder: object | None = None):
        super().__init__(config)
        self._embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}
        self._exact = ExactComparator(config)

    async def prepare(self, texts: Sequence[str]) -> None:
        todo = sorted({t for t in texts if t not in self._vectors})
        if todo:
            embedder = self._embedder or _embedder()
            # on the loop's thread: the embedding cache is an SQLite connection of this thread
            vectors = embedder.encode(todo)  # type: ignore[attr-defined]
            self._vectors.update(zip(todo, vectors))

    def cosine(self, a: str, b: str) -> float:
        """Cosine similarity of two prepared texts (unit vectors: their dot product)."""
        return float(self._vectors[a] @ self._vectors[b])

    async def same(self, a: str, b: str) -> bool:
        if self._exact.same_now(a, b):
            return True
        if parse_number(a) is not None and parse_number(b) is not None:
            return False  # two different numbers, however close their embeddings
        await self.prepare([a, b])
        return self.cosine(a, b) >= self.config.threshold and contradiction(a, b) is None


JUDGE_SCHEMA = {"type": "object", "properties": {"equivalent": {"type": "boolean"}}, "required": ["equivalent"]}
JUDGE_PROMPT = (
    "Do these two answers to the same question say the same thing? Answers that differ only in wording, "
    "format or units of the same value are equivalent; answers with different values, a negation or an "
    "opposite claim are not.\n\nAnswer A: {a}\nAnswer B: {b}\n\n"
    'Reply with JSON: {{"equivalent": true}} or {{"equivalent": false}}.'
)


class JudgeComparator(Comparator):
    """An LLM decides equivalence (structured output :data:`JUDGE_SCHEMA`, greedy); exact
    equality is decided without a call, and each unordered pair is asked once.

    Raises (from :meth:`same`):
        BadModelOutput: the reply is not JSON valid under the schema.
        ModelError: the call failed.
    """

    kind = "judge"

    def __init__(self, config: ComparatorConfig, model: ChatModel):
        super().__init__(config)
        self.model = model
        self._exact = ExactComparator(config)
        self._decided: dict[tuple[str, str], bool] = {}

    async def same(self, a: str, b: str) -> bool:
        if self._exact.same_now(a, b):
            return True
        key = (a, b) if a <= b else (b, a)
        if key not in self._decided:
            reply = await self.model.complete(ChatRequest.of(
                JUDGE_PROMPT.format(a=key[0], b=key[1]), temperature=0.0, max_tokens=self.config.max_tokens,
                json_schema=JUDGE_SCHEMA))
            value = parse_json_reply(reply.text, JUDGE_SCHEMA, self.model.identity)
            if not isinstance(value, dict) or not isinstance(value.get("equivalent"), bool):
                raise BadModelOutput("judge reply lacks a boolean 'equivalent'", output=reply.text,
                                     model=self.model.identity)
            self._decided[key] = value["equivalent"]
        return self._decided[key]


def make_comparator(config: ComparatorConfig, models: Mapping[str, ChatModel] | None = None,
                    embedder: object | None = None) -> Comparator:
    """The comparator ``config`` describes; a judge gets its model from ``models``.

    Raises:
        RecipeError: a judge whose model is not among ``models``.
    """
    if config.kind == "exact":
        return ExactComparator(config)
    if config.kind == "semantic":
        return SemanticComparator(config, embedder)
    model = (models or {}).get(config.model or "")
    if model is None:
        raise RecipeError(f"comparator.model: {config.model!r} is not a declared model")
    return JudgeComparator(config, model)
