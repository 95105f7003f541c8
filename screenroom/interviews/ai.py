"""An organization's engines: the offline ones, or LLM ones over its configured provider.

Building an SDK client costs 0.1-0.2 s (and importing `anthropic` several seconds), so providers are
built once per organization and settings version and kept for the life of the process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from screenroom.interviews.crypto import decrypt
from screenroom.interviews.engine.interviewer import Interviewer, OfflineInterviewer
from screenroom.interviews.engine.providers import Provider, ProviderConfig, build_provider
from screenroom.interviews.engine.providers.llm_interviewer import LLMInterviewer
from screenroom.interviews.engine.providers.llm_scorer import LLMScorer
from screenroom.interviews.engine.scorer import OfflineRubricScorer
from screenroom.interviews.models import AICall, AIProviderSettings, ProviderKind

# The offline engines hold no state, so one of each serves every organization.
OFFLINE_INTERVIEWER = OfflineInterviewer()
OFFLINE_SCORER = OfflineRubricScorer()

_providers: dict[tuple[int, str], Provider] = {}
_lock = threading.Lock()
MAX_CACHED = 256


@dataclass(frozen=True)
class Engines:
    interviewer: Interviewer
    provider: Provider | None

    @property
    def remote(self) -> bool:
        """Whether a turn may wait on the network (so it must not run on the shared DB thread)."""
        return self.provider is not None

    def scorer(self) -> OfflineRubricScorer | LLMScorer:
        # A fresh LLMScorer per use: it collects the call logs of one scoring run.
        return LLMScorer(self.provider) if self.provider is not None else OFFLINE_SCORER


OFFLINE = Engines(interviewer=OFFLINE_INTERVIEWER, provider=None)


def provider_settings(organization_id: int) -> AIProviderSettings | None:
    return AIProviderSettings.objects.filter(organization_id=organization_id).first()


def provider_config(row: AIProviderSettings) -> ProviderConfig:
    """Raises DecryptionError when the stored key cannot be read."""
    return ProviderConfig(
        provider="anthropic" if row.provider == ProviderKind.ANTHROPIC else "openai_compatible",
        model=row.model,
        api_key=decrypt(row.api_key_encrypted) if row.api_key_encrypted else "",
        base_url=row.base_url or None,
        timeout_s=row.timeout_s,
    )


def provider_for(row: AIProviderSettings) -> Provider:
    key = (row.organization_id, row.updated_at.isoformat())
    with _lock:
        cached = _providers.get(key)
    if cached is not None:
        return cached
    provider = build_provider(provider_config(row))
    with _lock:
        if len(_providers) >= MAX_CACHED:
            _providers.clear()
        # Older versions of this organization's settings are dead entries: drop them.
        for stale in [k for k in _providers if k[0] == row.organization_id]:
            del _providers[stale]
        _providers[key] = provider
    return provider


def engines_for(organization_id: int) -> Engines:
    row = provider_settings(organization_id)
    if row is None or row.is_offline or not row.model:
        return OFFLINE
    provider = provider_for(row)
    return Engines(interviewer=LLMInterviewer(provider), provider=provider)


def record_calls(
    *,
    organization_id: int,
    purpose: str,
    logs: list[dict[str, Any]],
    fallback: bool = False,
    session_id: int | None = None,
    stage_id: int | None = None,
) -> None:
    if not logs:
        return
    AICall.objects.bulk_create(
        [
            AICall(
                organization_id=organization_id,
                session_id=session_id,
                stage_id=stage_id,
                purpose=purpose,
                provider=str(log.get("provider", ""))[:40],
                model=str(log.get("model", ""))[:200],
                prompt_version=str(log.get("prompt_version") or "")[:40],
                input_sha256=str(log.get("input_sha256") or "")[:64],
                tokens_in=log.get("tokens_in"),
                tokens_out=log.get("tokens_out"),
                latency_ms=float(log.get("latency_ms") or 0),
                attempts=int(log.get("attempts") or 0),
                ok=bool(log.get("ok")),
                error=str(log.get("error") or "")[:40],
                fallback=fallback or not log.get("ok"),
            )
            for log in logs
        ]
    )
