"""Recipes: the typed config of a run, and loading it from YAML."""

from datarefinery.recipes.loader import load_recipe, parse_recipe, with_recovery_strategy
from datarefinery.recipes.schema import (
    END, ChunkingConfig, DocumentsData, EdgeConfig, EmbeddedModelConfig, GateNode, GraphConfig, JsonlData,
    LLMNode, OpenAIModelConfig, OutputConfig, PythonNode, Recipe, RecoveryConfig, FieldRecovery,
)

__all__ = [
    "END", "ChunkingConfig", "DocumentsData", "EdgeConfig", "EmbeddedModelConfig", "GateNode", "GraphConfig",
    "JsonlData", "LLMNode", "OpenAIModelConfig", "OutputConfig", "PythonNode", "Recipe", "RecoveryConfig", "FieldRecovery", "load_recipe",
    "parse_recipe", "with_recovery_strategy",
]
