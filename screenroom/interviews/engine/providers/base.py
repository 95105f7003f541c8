"""Provider-neutral types: configuration, call log records, errors and the Provider protocol."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol, TypedDict

ErrorKind = Literal[
    "timeout",
    "rate_limited",
    "server_error",
    "connection",
    "malformed",
    "refused",
    "bad_request",
    "auth",
    "error",
]


class ChatMessage(TypedDict):
    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class ProviderConfig:
    provider: str  # registry name: "openai", "anthropic", "ollama", ...
    model: str
    # repr=False keeps the key out of reprs, tracebacks with locals, and log lines.
    api_key: str = field(default="", repr=False)
    base_url: str | None = None
    timeout_s: float = 20.0
    max_attempts: int = 3  # ours, not the SDK's: the SDK clients are built with max_retries=0
    backoff_base_s: float = 0.5
    backoff_max_s: float = 8.0
    # A timed-out turn already kept the candidate waiting; by default go straight to the fallback.
    retry_on_timeout: bool = False
    max_tokens: int = 1024
    temperature: float | None = None
    # OpenAI's newer models want max_completion_tokens; some compatible servers only know max_tokens.
    token_limit_param: Literal["max_completion_tokens", "max_tokens"] = "max_completion_tokens"
    default_headers: dict[str, str] = field(default_factory=dict, repr=False)
    default_query: dict[str, str] = field(default_factory=dict)  # e.g. Azure's api-version


@dataclass
class CallLog:
    """One provider call, for the audit log. Holds a hash of the input, never the input or the key."""

    provider: str
    model: str
    prompt_version: str
    input_sha256: str
    tokens_in: int | None = None
    tokens_out: int | None = None
    latency_ms: float = 0.0
    attempts: int = 0
    ok: bool = False
    error: str | None = None
    streamed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ProviderError(Exception):
    def __init__(self, kind: ErrorKind, message: str, log: CallLog | None = None, attempts: int = 1) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind: ErrorKind = kind
        self.log = log
        self.attempts = attempts


@dataclass(frozen=True)
class JsonReply:
    data: dict[str, Any]
    log: CallLog


class TextStream:
    """Iterates text deltas; ``log`` is complete once iteration ends (or fails)."""

    def __init__(
        self, chunks: Iterator[str], log: CallLog, on_close: Callable[[], None] | None = None
    ) -> None:
        self._chunks = chunks
        self.log = log
        self._on_close = on_close

    def __iter__(self) -> Iterator[str]:
        return self._chunks

    def text(self) -> str:
        return "".join(self._chunks)

    def close(self) -> None:
        if self._on_close is not None:
            self._on_close()


class Provider(Protocol):
    name: str
    model: str

    def complete_json(
        self,
        *,
        system: str,
        messages: list[ChatMessage],
        schema: dict[str, Any],
        schema_name: str,
        prompt_version: str,
    ) -> JsonReply: ...

    def stream_text(self, *, system: str, messages: list[ChatMessage], prompt_version: str) -> TextStream: ...


def input_hash(model: str, system: str, messages: list[ChatMessage], schema: dict[str, Any] | None) -> str:
    blob = json.dumps(
        {"model": model, "system": system, "messages": messages, "schema": schema}, sort_keys=True
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)


def parse_json_object(content: str | None, schema: dict[str, Any]) -> dict[str, Any]:
    """Parse a model's JSON reply and check it against the (small) schema we sent."""
    if not content:
        raise ProviderError("malformed", "empty reply")
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise ProviderError("malformed", f"reply is not JSON ({exc.msg} at {exc.pos})") from None
    problems = schema_problems(data, schema)
    if problems:
        raise ProviderError("malformed", "; ".join(problems[:3]))
    return data  # type: ignore[no-any-return]


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def schema_problems(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """A deliberately small JSON Schema subset: type, enum, required, properties, items, min/max."""
    types = schema.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else list(types)
        ok = any(
            isinstance(value, _TYPES[t]) and not (t in ("integer", "number") and isinstance(value, bool))
            for t in allowed
        )
        if not ok:
            return [f"{path}: expected {allowed}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{path}: {value!r} not in enum"]
    problems: list[str] = []
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                problems.append(f"{path}.{key}: missing")
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                problems.extend(schema_problems(value[key], sub, f"{path}.{key}"))
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems.extend(schema_problems(item, schema["items"], f"{path}[{i}]"))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{path}: below minimum")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{path}: above maximum")
    return problems
