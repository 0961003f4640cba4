"""Language identification with lingua (offline, accurate on short text)."""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder
from pydantic import Field, field_validator

from datarefinery.gates import reasons
from datarefinery.gates.base import Gate, GateParams
from datarefinery.records import Record, Verdict

# languages the detector tells apart by default: the expected ones are always added
DEFAULT_CANDIDATES = ("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "pl", "cs", "ru", "uk", "tr", "ro",
                      "hu", "fi", "id", "vi", "zh", "ja", "ko", "ar", "hi")


def _language(code: str) -> Language:
    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
    except (AttributeError, ValueError):
        raise ValueError(f"unknown ISO 639-1 language code {code!r}") from None


@lru_cache(maxsize=8)
def detector(codes: tuple[str, ...]) -> LanguageDetector:
    """A lingua detector over ``codes`` (ISO 639-1), built once per set."""
    return LanguageDetectorBuilder.from_languages(*(_language(c) for c in codes)).build()


class LanguageParams(GateParams):
    expected: list[str] = Field(["en"], min_length=1, description="ISO 639-1 codes")
    candidates: list[str] = Field(list(DEFAULT_CANDIDATES), description="languages to tell apart")
    min_confidence: float = Field(0.5, ge=0, le=1, description="confidence needed to call a text foreign")
    min_words: int = Field(3, ge=1, description="shorter texts are not judged")

    @field_validator("expected", "candidates")
    @classmethod
    def _known(cls, codes: list[str]) -> list[str]:
        for c in codes:
            _language(c)
        return [c.lower() for c in codes]


class LanguageGate(Gate):
    """Rejects a text whose most likely language is not an expected one, when the
    detector is at least ``min_confidence`` sure. Score: confidence of the top language."""

    kind = "language"
    Params = LanguageParams
    params: LanguageParams

    def evaluate(self, record: Record, text: str) -> Verdict:
        if len(text.split()) < self.params.min_words:
            return self.ok(None, "too short to judge")
        codes = tuple(sorted(set(self.params.candidates) | set(self.params.expected)))
        top = detector(codes).compute_language_confidence_values(text)[0]
        code = top.language.iso_code_639_1.name.lower()
        if code not in self.params.expected and top.value >= self.params.min_confidence:
            return self.fail(reasons.WRONG_LANGUAGE, top.value, f"detected {code} ({top.value:.2f}); expected "
                             f"{', '.join(self.params.expected)}", [code])
        return self.ok(top.value, f"detected {code}")
