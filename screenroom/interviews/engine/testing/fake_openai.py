"""A local server speaking OpenAI chat completions: JSON, ``stream=true`` SSE, json_schema output."""

from __future__ import annotations

import json
import time
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


class FakeOpenAI(FakeServer):
    path = "/v1/chat/completions"

    @property
    def base_url(self) -> str:
        """What to pass as the SDK's ``base_url``."""
        return self.url + "/v1"

    def check_request(self, headers: dict[str, str], body: dict[str, Any]) -> str | None:
        if not headers.get("authorization", "").startswith("Bearer "):
            return "missing bearer token"
        if not body.get("model") or not isinstance(body.get("messages"), list):
            return "model and messages are required"
        fmt = body.get("response_format")
        if fmt is not None:
            if fmt.get("type") != "json_schema":
                return "response_format.type must be json_schema"
            spec = fmt.get("json_schema") or {}
            if not spec.get("name") or not isinstance(spec.get("schema"), dict):
                return "response_format.json_schema needs name and schema"
        return None

    def _usage(self, body: dict[str, Any], content: str) -> dict[str, int]:
        prompt = count_tokens(" ".join(str(m.get("content", "")) for m in body["messages"]))
        completion = count_tokens(content)
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def render(self, body: dict[str, Any], reply: Reply) -> tuple[int, dict[str, str], bytes]:
        payload = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.content, "refusal": None},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": self._usage(body, reply.content),
        }
        return 200, {}, json.dumps(payload).encode()

    def render_stream(self, body: dict[str, Any], reply: Reply) -> Iterator[bytes]:
        base = {
            "id": "chatcmpl-fake",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body["model"],
        }

        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            return sse({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})

        yield chunk({"role": "assistant", "content": ""})
        for n, piece in scripted_pieces(reply):
            if n == reply.break_after:
                if reply.break_how == "disconnect":
                    raise StreamBroken
                # What OpenAI sends when a stream fails part-way; the SDK raises APIError on it.
                yield sse({"error": {"message": "overloaded", "type": "server_error", "code": None}})
                return
            yield chunk({"content": piece})
        yield chunk({}, "stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            yield sse({**base, "choices": [], "usage": self._usage(body, reply.content)})
        yield sse("[DONE]")

    def render_error(self, status: int, message: str) -> bytes:
        kind = {429: "rate_limit_exceeded", 400: "invalid_request_error"}.get(status, "server_error")
        return json.dumps({"error": {"message": message, "type": kind, "param": None, "code": kind}}).encode()
