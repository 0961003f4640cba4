"""Prompt templates: the fast path renders exactly what Jinja2 renders."""

from __future__ import annotations

import jinja2
import pytest

from datarefinery.prompts import TEMPLATES, compile_template

FIELDS = {"topic": "SQLite", "n": 3, "none": None, "items": ["a", "b"], "text": "line\nnext"}


@pytest.mark.parametrize("source", [
    "Write about {{ topic }}.",
    "{{topic}}{{ n }} and {{ none }} / {{ items }}\n",
    "no placeholders at all",
    "Text:\n{{ text }}\n\nQuestion about {{ topic }}?",
    "{% if n > 2 %}many{% endif %} {{ topic | upper }}",  # not simple: Jinja2 renders it
    "{{ items[0] }} {# comment #}",
])
def test_compiled_template_matches_jinja(source):
    assert compile_template(source)(FIELDS) == TEMPLATES.from_string(source).render(**FIELDS)


def test_missing_field_raises_undefined():
    for source in ("About {{ missing }}.", "{% if true %}{{ missing }}{% endif %}"):
        with pytest.raises(jinja2.UndefinedError):
            compile_template(source)(FIELDS)
