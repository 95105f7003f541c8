"""Scripted replies for the fake provider servers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Reply:
    kind: Literal["ok", "error", "malformed_body"]
    content: str = ""
    delay_s: float = 0.0
    status: int = 200
    retry_after: float | None = None
    # Split the content into this many-character SSE deltas when the client asks for a stream.
    chunk_chars: int = 8
    # Streams only: the pause before each text delta after the first (a model writing as it goes).
    chunk_delay_s: float = 0.0
    # Streams only: stop after this many text deltas, with an error event or by dropping the connection.
    break_after: int | None = None
    break_how: Literal["error_event", "disconnect"] = "error_event"


def ok(content: str | dict[str, Any] | list[Any]) -> Reply:
    """A normal reply; dicts are JSON-encoded (structured output). A broken JSON string = malformed JSON."""
    return Reply("ok", content if isinstance(content, str) else json.dumps(content))


def slow(delay_s: float, content: str | dict[str, Any] = "") -> Reply:
    """Answers after ``delay_s``: longer than the client's timeout, it is a timeout."""
    return Reply("ok", content if isinstance(content, str) else json.dumps(content), delay_s=delay_s)


def streamed(content: str, *, chunk_chars: int = 8, chunk_delay_s: float = 0.0) -> Reply:
    """A text reply that, asked for as a stream, arrives in ``chunk_chars`` deltas ``chunk_delay_s`` apart."""
    return Reply("ok", content, chunk_chars=chunk_chars, chunk_delay_s=chunk_delay_s)


def broken_stream(
    content: str,
    after_chunks: int,
    *,
    how: Literal["error_event", "disconnect"] = "error_event",
    chunk_chars: int = 8,
    chunk_delay_s: float = 0.0,
) -> Reply:
    """A stream that fails after ``after_chunks`` text deltas: an SSE error event (what the APIs send
    when a model is overloaded mid-reply) or a dropped connection with no end-of-stream marker."""
    return Reply(
        "ok",
        content,
        chunk_chars=chunk_chars,
        chunk_delay_s=chunk_delay_s,
        break_after=after_chunks,
        break_how=how,
    )


def hang(delay_s: float = 5.0) -> Reply:
    return slow(delay_s, "")


def error(status: int, retry_after: float | None = None) -> Reply:
    return Reply("error", status=status, retry_after=retry_after)


def malformed_body() -> Reply:
    """HTTP 200 whose body is not JSON at all (a broken proxy, a crashed local server)."""
    return Reply("malformed_body", "{this is not json")
