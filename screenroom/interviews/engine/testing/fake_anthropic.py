"""A local server speaking Anthropic's Messages API: JSON, streaming events, output_config schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from screenroom.interviews.engine.testing.script import Reply
from screenroom.interviews.engine.testing.server import (
    FakeServer,
    StreamBroken,
    count_tokens,
    scripted_pieces,
    sse,
)


class FakeAnthropic(FakeServer):
    path = "/v1/messages"

    @property
    def base_url(self) -> str:
        """What to pass as the SDK's ``base_url`` (the SDK appends /v1/messages)."""
        return self.url

    def check_request(self, headers: dict[str, str], body: dict[str, Any]) -> str | None:
        # Older SDKs send x-api-key, current ones send the key as a bearer token.
        if not headers.get("x-api-key") and not headers.get("authorization", "").startswith("Bearer "):
            return "missing API key"
        if not headers.get("anthropic-version"):
            return "missing anthropic-version"
        if not body.get("model") or not isinstance(body.get("max_tokens"), int):
            return "model and max_tokens are required"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages or messages[0].get("role") != "user":
            return "messages must start with a user turn"
        if any(m.get("role") == "system" for m in messages):
            return "system goes in the top-level system field"
        fmt = (body.get("output_config") or {}).get("format")
        if fmt is not None and (fmt.get("type") != "json_schema" or not isinstance(fmt.get("schema"), dict)):
            return "output_config.format must be {type: json_schema, schema: {...}}"
        return None

    def _input_tokens(self, body: dict[str, Any]) -> int:
        return count_tokens(
            str(body.get("system", "")) + " ".join(str(m["content"]) for m in body["messages"])
        )

    def _message(
        self, body: dict[str, Any], content: list[dict[str, Any]], out_tokens: int
    ) -> dict[str, Any]:
        return {
            "id": "msg_fake",
            "type": "message",
            "role": "assistant",
            "model": body["model"],
            "content": content,
            "stop_reason": "end_turn" if content else None,
            "stop_sequence": None,
            "usage": {"input_tokens": self._input_tokens(body), "output_tokens": out_tokens},
        }

    def render(self, body: dict[str, Any], reply: Reply) -> tuple[int, dict[str, str], bytes]:
        content = [{"type": "text", "text": reply.content, "citations": None}]
        return 200, {}, json.dumps(self._message(body, content, count_tokens(reply.content))).encode()

    def render_stream(self, body: dict[str, Any], reply: Reply) -> Iterator[bytes]:
        yield sse({"type": "message_start", "message": self._message(body, [], 1)}, "message_start")
        yield sse(
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            "content_block_start",
        )
        yield sse({"type": "ping"}, "ping")
        for n, piece in scripted_pieces(reply):
            if n == reply.break_after:
                if reply.break_how == "disconnect":
                    raise StreamBroken
                # Anthropic's mid-stream error event (e.g. overloaded); the SDK raises on it.
                yield sse(
                    {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}, "error"
                )
                return
            yield sse(
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}},
                "content_block_delta",
            )
        yield sse({"type": "content_block_stop", "index": 0}, "content_block_stop")
        yield sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": count_tokens(reply.content)},
            },
            "message_delta",
        )
        yield sse({"type": "message_stop"}, "message_stop")

    def render_error(self, status: int, message: str) -> bytes:
        kind = {
            429: "rate_limit_error",
            400: "invalid_request_error",
            529: "overloaded_error",
            404: "not_found_error",
        }.get(status, "api_error")
        return json.dumps({"type": "error", "error": {"type": kind, "message": message}}).encode()
