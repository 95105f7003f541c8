"""The adapters, through the official SDKs, over real HTTP against the local fake servers."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from screenroom.interviews.engine.providers import (
    ProviderConfig,
    ProviderError,
    build_provider,
    provider_names,
)
from screenroom.interviews.engine.providers.base import Provider
from screenroom.interviews.engine.providers.retry import backoff_delay
from screenroom.interviews.engine.testing import (
    FakeAnthropic,
    FakeOpenAI,
    broken_stream,
    error,
    malformed_body,
    ok,
    slow,
    streamed,
)
from screenroom.interviews.engine.testing.server import FakeServer

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5}, "why": {"type": "string"}},
    "required": ["score", "why"],
    "additionalProperties": False,
}
SECRET = "sk-test-SECRET-key-do-not-log"
MSGS: list[Any] = [{"role": "user", "content": "Score this."}]


@pytest.fixture(params=["openai", "anthropic"])
def server(request: pytest.FixtureRequest) -> Any:
    cls = FakeOpenAI if request.param == "openai" else FakeAnthropic
    with cls() as srv:
        yield request.param, srv


def make(name: str, srv: FakeServer, **kw: Any) -> Provider:
    base_url = srv.base_url  # type: ignore[attr-defined]
    cfg = dict(api_key=SECRET, base_url=base_url, timeout_s=0.5, backoff_base_s=0.01, backoff_max_s=0.05)
    cfg.update(kw)
    return build_provider(ProviderConfig(name, "model-x", **cfg))


def complete(p: Provider) -> Any:
    return p.complete_json(
        system="You score.", messages=MSGS, schema=SCHEMA, schema_name="s", prompt_version="p1"
    )


def test_structured_output_round_trip_and_wire_format(server: Any) -> None:
    name, srv = server
    srv.push(ok({"score": 4, "why": "specific"}))
    reply = complete(make(name, srv))
    assert reply.data == {"score": 4, "why": "specific"}
    log = reply.log
    assert (log.ok, log.attempts, log.model, log.prompt_version) == (True, 1, "model-x", "p1")
    assert log.tokens_in and log.tokens_out and log.latency_ms > 0 and len(log.input_sha256) == 64
    body = srv.requests[0].body
    if name == "openai":
        assert body["messages"][0] == {"role": "system", "content": "You score."}
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["schema"] == SCHEMA
        assert body["response_format"]["json_schema"]["strict"] is True
    else:
        assert body["system"] == "You score."
        assert body["output_config"] == {"format": {"type": "json_schema", "schema": SCHEMA}}


def test_input_hash_is_stable_and_input_sensitive(server: Any) -> None:
    name, srv = server
    srv.push(ok({"score": 1, "why": "a"}), ok({"score": 1, "why": "a"}), ok({"score": 1, "why": "a"}))
    p = make(name, srv)
    a, b = complete(p).log.input_sha256, complete(p).log.input_sha256
    other = p.complete_json(system="x", messages=MSGS, schema=SCHEMA, schema_name="s", prompt_version="p1")
    assert a == b != other.log.input_sha256


def test_streaming_text(server: Any) -> None:
    name, srv = server
    text = "Thanks for sharing that. Could you tell me what happened next?"
    srv.push(ok(text))
    stream = make(name, srv).stream_text(system="s", messages=MSGS, prompt_version="p1")
    pieces = list(stream)
    assert len(pieces) > 3 and "".join(pieces) == text
    assert stream.log.ok and stream.log.streamed and stream.log.tokens_out
    assert srv.requests[0].body["stream"] is True


@pytest.mark.parametrize("how", ["error_event", "disconnect"])
def test_a_stream_that_breaks_part_way_raises_after_the_text_so_far(server: Any, how: Any) -> None:
    name, srv = server
    srv.push(broken_stream("hello there, how are you", after_chunks=2, how=how, chunk_chars=5))
    stream = make(name, srv).stream_text(system="s", messages=MSGS, prompt_version="p1")
    got: list[str] = []
    with pytest.raises(ProviderError) as caught:
        for piece in stream:
            got.append(piece)
    # A dropped connection ends SSE quietly; without the end marker the text may be cut: an error.
    assert got == ["hello", " ther"]
    assert caught.value.log is stream.log and stream.log.ok is False and stream.log.error


def test_stream_deltas_arrive_as_the_server_sends_them(server: Any) -> None:
    name, srv = server
    srv.push(streamed("one two three four", chunk_chars=4, chunk_delay_s=0.1))
    stream = make(name, srv, timeout_s=2).stream_text(system="s", messages=MSGS, prompt_version="p1")
    began = time.perf_counter()
    arrivals = [time.perf_counter() - began for _ in stream]
    assert len(arrivals) == 5 and arrivals[-1] - arrivals[0] >= 0.3


def test_429_then_ok_is_retried_once_by_us_not_by_the_sdk(server: Any) -> None:
    name, srv = server
    srv.push(error(429, retry_after=0.01), ok({"score": 3, "why": "x"}))
    reply = complete(make(name, srv))
    assert reply.data["score"] == 3 and reply.log.attempts == 2
    assert len(srv.requests) == 2


def test_500_exhausts_attempts_exactly(server: Any) -> None:
    name, srv = server
    srv.push(*(error(500) for _ in range(5)))
    with pytest.raises(ProviderError) as info:
        complete(make(name, srv, max_attempts=3))
    assert info.value.kind == "server_error"
    assert len(srv.requests) == 3  # SDK retries are off: no 3x3 storm
    assert info.value.log is not None and info.value.log.attempts == 3 and not info.value.log.ok


def test_timeout_is_fast_and_not_retried_by_default(server: Any) -> None:
    name, srv = server
    srv.push(slow(1.0, {"score": 5, "why": "late"}))
    started = time.perf_counter()
    with pytest.raises(ProviderError) as info:
        complete(make(name, srv, timeout_s=0.2))
    assert info.value.kind == "timeout"
    assert time.perf_counter() - started < 0.9
    assert len(srv.requests) == 1


def test_stream_open_retries_on_503(server: Any) -> None:
    name, srv = server
    srv.push(error(503), ok("hello there"))
    stream = make(name, srv).stream_text(system="s", messages=MSGS, prompt_version="p1")
    assert stream.text() == "hello there" and stream.log.attempts == 2


@pytest.mark.parametrize(
    "reply",
    [
        ok('{"score": 4, "why": '),
        ok({"score": 9, "why": "x"}),
        ok({"why": "x"}),
        ok("sure! here you go"),
        ok(""),
    ],
    ids=["truncated", "out-of-range", "missing-key", "prose", "empty"],
)
def test_malformed_model_output(server: Any, reply: Any) -> None:
    name, srv = server
    srv.push(reply)
    with pytest.raises(ProviderError) as info:
        complete(make(name, srv))
    assert info.value.kind == "malformed" and len(srv.requests) == 1


def test_malformed_http_body(server: Any) -> None:
    name, srv = server
    srv.push(malformed_body())
    with pytest.raises(ProviderError) as info:
        complete(make(name, srv))
    assert info.value.kind == "malformed"


def test_auth_failure_is_not_retried(server: Any) -> None:
    name, srv = server
    srv.push(error(401))
    with pytest.raises(ProviderError) as info:
        complete(make(name, srv))
    assert info.value.kind == "auth" and len(srv.requests) == 1


def test_key_never_appears_in_logs_errors_or_reprs(server: Any) -> None:
    name, srv = server
    srv.push(ok({"score": 2, "why": "x"}), error(500), error(500), error(500))
    p = make(name, srv)
    good = complete(p)
    with pytest.raises(ProviderError) as info:
        complete(p)
    exposed = [
        json.dumps(good.log.to_dict()),
        str(info.value),
        repr(info.value),
        json.dumps(info.value.log.to_dict() if info.value.log else {}),
        repr(p.config),  # type: ignore[attr-defined]
    ]
    assert not any(SECRET in e for e in exposed)
    # ...while it did reach the server, so the test is not vacuous.
    assert SECRET in json.dumps(srv.requests[0].headers)


def test_registry_lazily_maps_names() -> None:
    assert {"openai", "anthropic", "ollama", "vllm", "llamacpp", "azure_openai"} <= set(provider_names())
    with pytest.raises(ValueError, match="unknown AI provider"):
        build_provider(ProviderConfig("nope", "m"))


def test_backoff_honours_retry_after_and_caps() -> None:
    cfg = ProviderConfig("openai", "m", backoff_base_s=1.0, backoff_max_s=4.0)
    assert backoff_delay(1, cfg, 2.5) == 2.5
    assert backoff_delay(1, cfg, 60.0) == 4.0
    assert all(0.5 <= backoff_delay(1, cfg, None) <= 1.0 for _ in range(50))
    assert all(backoff_delay(10, cfg, None) <= 4.0 for _ in range(50))
