"""Anthropic Messages API via the official SDK."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import anthropic

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
    if isinstance(exc, anthropic.APIResponseValidationError):
        return "malformed", None
    return classify_sdk_error(
        exc,
        timeout_cls=anthropic.APITimeoutError,
        connection_cls=anthropic.APIConnectionError,
        status_cls=anthropic.APIStatusError,
    )


class AnthropicProvider:
    name = "anthropic"

    def __init__(self, config: ProviderConfig, client: anthropic.Anthropic | None = None) -> None:
        self.config = config
        self.model = config.model
        self._client = client or anthropic.Anthropic(
            api_key=config.api_key or None,
            base_url=config.base_url,
            timeout=config.timeout_s,
            max_retries=0,
            default_headers=config.default_headers or None,
        )

    @staticmethod
    def _messages(messages: list[ChatMessage]) -> list[Any]:
        return [{"role": m["role"], "content": m["content"]} for m in messages]

    def complete_json(
        self,
        *,
        system: str,
        messages: list[ChatMessage],
        schema: dict[str, Any],
        schema_name: str,
        prompt_version: str,
    ) -> JsonReply:
        log = CallLog(self.name, self.model, prompt_version, input_hash(self.model, system, messages, schema))
        started = time.perf_counter()

        def call() -> dict[str, Any]:
            resp = self._client.messages.create(
                model=self.model,
                max_tokens=self.config.max_tokens,
                system=system,
                messages=self._messages(messages),
                output_config={"format": {"type": "json_schema", "schema": schema}},
            )
            log.tokens_in, log.tokens_out = resp.usage.input_tokens, resp.usage.output_tokens
            if resp.stop_reason == "refusal":
                raise ProviderError("refused", "model refused")
            if resp.stop_reason == "max_tokens":
                raise ProviderError("malformed", "reply truncated at the token limit")
            text = "".join(getattr(b, "text", "") for b in resp.content if b.type == "text")
            return parse_json_object(text, schema)

        try:
            data, log.attempts = with_retries(call, self.config, _classify)
        except ProviderError as exc:
            log.attempts, log.error, log.latency_ms = exc.attempts, exc.kind, elapsed_ms(started)
            exc.log = log
            raise
        log.ok, log.latency_ms = True, elapsed_ms(started)
        return JsonReply(data, log)

    def stream_text(self, *, system: str, messages: list[ChatMessage], prompt_version: str) -> TextStream:
        log = CallLog(
            self.name,
            self.model,
            prompt_version,
            input_hash(self.model, system, messages, None),
            streamed=True,
        )
        started = time.perf_counter()

        def open_stream() -> anthropic.Stream[Any]:
            return self._client.messages.create(
                model=self.model,
                max_tokens=self.config.max_tokens,
                system=system,
                messages=self._messages(messages),
                stream=True,
            )

        # Retries only cover opening the stream: once text reached the candidate it cannot be retried.
        try:
            stream, log.attempts = with_retries(open_stream, self.config, _classify)
        except ProviderError as exc:
            log.attempts, log.error, log.latency_ms = exc.attempts, exc.kind, elapsed_ms(started)
            exc.log = log
            raise

        def chunks() -> Iterator[str]:
            stopped, stop_reason = False, None
            try:
                for event in stream:
                    if event.type == "message_start":
                        log.tokens_in = event.message.usage.input_tokens
                    elif event.type == "content_block_delta" and event.delta.type == "text_delta":
                        yield event.delta.text
                    elif event.type == "message_delta":
                        log.tokens_out = event.usage.output_tokens
                        stop_reason = event.delta.stop_reason
                    elif event.type == "message_stop":
                        stopped = True
            except Exception as exc:
                kind, _ = _classify(exc)
                log.error, log.latency_ms = kind, elapsed_ms(started)
                raise ProviderError(kind, f"{type(exc).__name__} mid-stream", log) from exc
            # A dropped connection ends the event stream quietly: without message_stop the text may be
            # cut off mid-sentence, and a reply cut at the token limit is no better.
            if not stopped or stop_reason in ("max_tokens", "refusal"):
                log.error, log.latency_ms = "malformed", elapsed_ms(started)
                why = stop_reason or "no message_stop"
                raise ProviderError("malformed", f"stream incomplete ({why})", log)
            log.ok, log.latency_ms = True, elapsed_ms(started)

        return TextStream(chunks(), log, stream.close)
