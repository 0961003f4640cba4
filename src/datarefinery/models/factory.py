"""Building models from recipe config."""

from __future__ import annotations

from datarefinery.models.base import ChatModel
from datarefinery.models.embedded import EmbeddedModel
from datarefinery.models.openai_compat import OpenAICompatModel
from datarefinery.recipes.schema import EmbeddedModelConfig, OpenAIModelConfig


def build_model(config: EmbeddedModelConfig | OpenAIModelConfig) -> ChatModel:
    """A backend for one ``models:`` entry (unwrapped: the run adds the timeout, retries,
    limits, cache and metering of :mod:`datarefinery.models.stack`).

    Raises:
        ModelUnavailable: embedded weights cannot be pulled.
        ModelError: ``api_key_env`` names an unset variable.
    """
    if isinstance(config, EmbeddedModelConfig):
        return EmbeddedModel(config.model, n_parallel=config.n_parallel, n_ctx=config.n_ctx, threads=config.threads,
                             timeout=config.timeout)
    return OpenAICompatModel(config.model, config.base_url, api_key_env=config.api_key_env, timeout=None,
                             max_connections=config.max_concurrency)


async def close_model(model: ChatModel) -> None:
    """Release a backend's resources (servers, connection pools) if it has any."""
    aclose = getattr(model, "aclose", None)
    if aclose is not None:
        await aclose()
