"""Provider name -> adapter class, imported on first use so unused SDKs are never loaded."""

from __future__ import annotations

import importlib
from typing import Any

from screenroom.interviews.engine.providers.base import Provider, ProviderConfig

_OPENAI = ("screenroom.interviews.engine.providers.openai_compatible", "OpenAICompatibleProvider")
_REGISTRY: dict[str, tuple[str, str]] = {
    "openai": _OPENAI,
    "openai_compatible": _OPENAI,
    "azure_openai": _OPENAI,
    "vllm": _OPENAI,
    "ollama": _OPENAI,
    "llamacpp": _OPENAI,
    "anthropic": ("screenroom.interviews.engine.providers.anthropic_provider", "AnthropicProvider"),
}


def provider_names() -> list[str]:
    return sorted(_REGISTRY)


def provider_class(name: str) -> Any:
    try:
        module_name, attr = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown AI provider {name!r}; known: {', '.join(provider_names())}") from None
    return getattr(importlib.import_module(module_name), attr)


def build_provider(config: ProviderConfig) -> Provider:
    provider: Provider = provider_class(config.provider)(config)
    return provider
