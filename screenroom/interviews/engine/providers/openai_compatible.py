"""OpenAI-compatible chat completions (OpenAI, Azure, vLLM, Ollama, llama.cpp) via the official SDK."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import openai

from screenroom.interviews.engine.providers.base import (
    CallLog,
    ChatMessage,
    ErrorKind,
    JsonReply,
    ProviderConfig,
    ProviderError,
    TextStream,
    elapsed_ms,
    input_hash,
    parse_json_object,
)
from screenroom.interviews.engine.providers.retry import classify_sdk_error, with_retries


def _classify(exc: BaseException) -> tuple[ErrorKind, float | None]:
    if isinstance(exc, openai.APIResponseValidationError):
        return "malformed", None
    return classify_sdk_error(
        exc,
        timeout_cls=openai.APITimeoutError,
        connection_cls=openai.APIConnectionError,
        status_cls=openai.APIStatusError,
    )


class OpenAICompatibleProvider:
    name = "openai"

    def __init__(self, config: ProviderConfig, client: openai.OpenAI | None = None) -> None:
        self.config = config
        self.model = config.model
        self.name = config.provider
        # Local servers (Ollama, llama.cpp) ignore the key but the SDK insists on one.
        self._client = client or openai.OpenAI(
            api_key=config.api_key or "no-key",
            base_url=config.base_url,
            timeout=config.timeout_s,
            max_retries=0,
            default_headers=config.default_headers or None,
            default_query=config.default_query or None,
        )

    def _messages(self, system: str, messages: list[ChatMessage]) -> list[Any]:
        return [
            {"role": "system", "content": system},
            *({"role": m["role"], "content": m["content"]} for m in messages),
        ]

    def _limits(self) -> dict[str, Any]:
        extra: dict[str, Any] = {self.config.token_limit_param: self.config.max_tokens}
        if self.config.temperature is not None:
            extra["temperature"] = self.config.temperature
        return extra

    def _log(self, prompt_version: str, digest: str, streamed: bool = False) -> CallLog:
        return CallLog(self.name, self.model, prompt_version, digest, streamed=streamed)

    def complete_json(
        self,
        *,
        system: str,
        messages: list[ChatMessage],
        schema: dict[str, Any],
        schema_name: str,
        prompt_version: str,
    ) -> JsonReply:
        log = self._log(prompt_version, input_hash(self.model, system, messages, schema))
        started = time.perf_counter()

        def call() -> dict[str, Any]:
            resp = self._client.chat.completions.create(
                model=self.model,
                messages=self._messages(system, messages),
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": schema_name, "schema": schema, "strict": True},
                },
                **self._limits(),
            )
            if resp.usage is not None:
                log.tokens_in, log.tokens_out = resp.usage.prompt_tokens, resp.usage.completion_tokens
            if not resp.choices:
                raise ProviderError("malformed", "no choices")
            choice = resp.choices[0]
            if choice.message.refusal:
                raise ProviderError("refused", "model refused")
            if choice.finish_reason == "length":
                raise ProviderError("malformed", "reply truncated at the token limit")
            return parse_json_object(choice.message.content, schema)

        try:
            data, log.attempts = with_retries(call, self.config, _classify)
        except ProviderError as exc:
            log.attempts, log.error, log.latency_ms = exc.attempts, exc.kind, elapsed_ms(started)
            exc.log = log
            raise
        log.ok, log.latency_ms = True, elapsed_ms(started)
        return JsonReply(data, log)

    def stream_text(self, *, system: str, messages: list[ChatMessage], prompt_version: str) -> TextStream:
        log = self._log(prompt_version, input_hash(self.model, system, messages, None), streamed=True)
        started = time.perf_counter()

        def open_stream() -> openai.Stream[Any]:
            return self._client.chat.completions.create(
                model=self.model,
                messages=self._messages(system, messages),
                stream=True,
                stream_options={"include_usage": True},
                **self._limits(),
            )

        # Retries only cover opening the stream: once text reached the candidate it cannot be retried.
        try:
            stream, log.attempts = with_retries(open_stream, self.config, _classify)
        except ProviderError as exc:
            log.attempts, log.error, log.latency_ms = exc.attempts, exc.kind, elapsed_ms(started)
            exc.log = log
            raise

        def chunks() -> Iterator[str]:
            finish: str | None = None
            try:
                for chunk in stream:
                    if chunk.usage is not None:
                        log.tokens_in, log.tokens_out = (
                            chunk.usage.prompt_tokens,
                            chunk.usage.completion_tokens,
                        )
                    for choice in chunk.choices:
                        if choice.delta and choice.delta.content:
                            yield choice.delta.content
                        if choice.finish_reason:
                            finish = choice.finish_reason
            except Exception as exc:
                kind, _ = _classify(exc)
                log.error, log.latency_ms = kind, elapsed_ms(started)
                raise ProviderError(kind, f"{type(exc).__name__} mid-stream", log) from exc
            # A dropped connection ends the SSE stream quietly: without a finish_reason the text may be
            # cut off mid-sentence, and a reply cut at the token limit is no better.
            problem = {None: "stream ended without a finish_reason", "length": "reply truncated"}.get(finish)
            if problem is not None:
                log.error, log.latency_ms = "malformed", elapsed_ms(started)
                raise ProviderError("malformed", problem, log)
            log.ok, log.latency_ms = True, elapsed_ms(started)

        return TextStream(chunks(), log, stream.close)
