"""AI provider adapters. SDKs are imported lazily so the offline engine never needs them."""

from screenroom.interviews.engine.providers.base import (
    CallLog,
    ChatMessage,
    JsonReply,
    Provider,
    ProviderConfig,
    ProviderError,
    TextStream,
)
from screenroom.interviews.engine.providers.registry import build_provider, provider_class, provider_names

__all__ = [
    "CallLog",
    "ChatMessage",
    "JsonReply",
    "Provider",
    "ProviderConfig",
    "ProviderError",
    "TextStream",
    "build_provider",
    "provider_class",
    "provider_names",
]
