"""Stage-1 heuristic gates: length, lexical diversity and repetition (no model)."""

from __future__ import annotations

from pydantic import Field

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.gates.text_stats import duplicate_ngram_fraction, most_repeated_ngram, mtld, ttr, words
from datarefinery.records import Record, Verdict


class LengthParams(GateParams):
    min_chars: int = Field(1, ge=0)
    max_chars: int | None = Field(None, ge=1)
    min_words: int = Field(0, ge=0)
    max_words: int | None = Field(None, ge=1)


class LengthGate(Gate):
    """Length bounds in characters and in words. Score: length in characters."""

    kind = "length"
    Params = LengthParams
    params: LengthParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        p, n, w = self.params, len(text), len(words(text))
        if n < p.min_chars or w < p.min_words:
            return self.fail(reasons.TOO_SHORT, n, f"{n} characters, {w} words; minimum {p.min_chars} characters, {p.min_words} words")
        if (p.max_chars and n > p.max_chars) or (p.max_words and w > p.max_words):
            return self.fail(reasons.TOO_LONG, n, f"{n} characters, {w} words; maximum {p.max_chars} characters, {p.max_words} words")
        return self.ok(n)


class DiversityParams(GateParams):
    min_ttr: float = Field(0.0, ge=0, le=1)
    min_mtld: float = Field(0.0, ge=0)
    min_tokens: int = Field(30, ge=1, description="texts with fewer tokens are only TTR-checked (MTLD is unstable on short texts)")


class LexicalDiversityGate(Gate):
    """Type-token ratio and MTLD (McCarthy & Jarvis, 2010) thresholds. Score: MTLD
    (or TTR for texts under ``min_tokens``)."""

    kind = "lexical_diversity"
    Params = DiversityParams
    params: DiversityParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        toks = words(text)
        t = ttr(toks)
        if t < self.params.min_ttr:
            return self.fail(reasons.LOW_LEXICAL_DIVERSITY, t, f"TTR {t:.2f} < {self.params.min_ttr}")
        if len(toks) < self.params.min_tokens:
            return self.ok(t, f"TTR {t:.2f} ({len(toks)} tokens, MTLD not computed)")
        m = mtld(toks)
        if m < self.params.min_mtld:
            return self.fail(reasons.LOW_LEXICAL_DIVERSITY, m, f"MTLD {m:.1f} < {self.params.min_mtld}")
        return self.ok(m, f"TTR {t:.2f}, MTLD {m:.1f}")


class RepetitionParams(GateParams):
    ngram: int = Field(3, ge=1)
    max_dup_ngram_fraction: float = Field(0.3, ge=0, le=1)
    max_ngram_repeats: int | None = Field(None, ge=1, description="occurrences of one n-gram allowed")
    max_repeated_lines: int = Field(0, ge=0, description="identical non-empty lines allowed beyond the first")


class RepetitionGate(Gate):
    """Degenerate repetition (Gopher-style): repeated lines, an n-gram occurring more than
    ``max_ngram_repeats`` times, or too large a share of tokens inside repeated n-grams
    (the share is noisy on one-sentence texts; the repeat count is not). Score: the
    duplicate n-gram fraction."""

    kind = "repetition"
    Params = RepetitionParams
    params: RepetitionParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        lines = [ln.strip().lower() for ln in text.splitlines() if ln.strip()]
        repeated = len(lines) - len(set(lines))
        toks = words(text)
        frac = duplicate_ngram_fraction(toks, self.params.ngram)
        if repeated > self.params.max_repeated_lines:
            dup = sorted({ln for ln in lines if lines.count(ln) > 1})
            return self.fail(reasons.REPETITION, frac, f"{repeated} repeated lines", dup[:5])
        top, count = most_repeated_ngram(toks, self.params.ngram)
        if self.params.max_ngram_repeats is not None and count > self.params.max_ngram_repeats:
            return self.fail(reasons.REPETITION, frac, f"{' '.join(top)!r} occurs {count} times", [" ".join(top)])
        if frac > self.params.max_dup_ngram_fraction:
            return self.fail(reasons.REPETITION, frac, f"{frac:.0%} of tokens in repeated {self.params.ngram}-grams")
        return self.ok(frac)

