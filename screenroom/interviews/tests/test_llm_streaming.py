"""With an AI provider, the interviewer's words reach the candidate while the model writes them: over the
WebSocket (Channels' WebsocketCommunicator, the real ASGI app) against the engine's fake OpenAI and
Anthropic servers, which pause between streamed deltas like a model does."""

from __future__ import annotations

import time
from typing import Any

import pytest
from channels.db import database_sync_to_async

from screenroom.interviews.engine.testing import FakeAnthropic, FakeOpenAI, Reply, broken_stream, ok, streamed
from screenroom.interviews.models import AICall, AIProviderSettings, InterviewSession, ProviderKind
from screenroom.interviews.tests.conftest import STRONG_CUSTOMER, ChatSetup, make_chat
from screenroom.interviews.tests.test_consumers import Client, run
from screenroom.interviews.tests.test_llm_provider import scripted_model

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "Could you give me a concrete example?"
DELAY = 0.2  # between streamed deltas; 7 deltas of 6 characters: the model takes ~1.2 s to write


@pytest.fixture(params=["openai", "anthropic"])
def server(request: pytest.FixtureRequest) -> Any:
    cls = FakeOpenAI if request.param == "openai" else FakeAnthropic
    if request.param == "anthropic":
        # Importing the SDK takes seconds the first time in a process: not inside a timed scenario.
        import anthropic  # noqa: F401
    with cls() as srv:
        yield request.param, srv


def _configure(org: Any, name: str, srv: Any) -> None:
    from screenroom.interviews.crypto import encrypt

    AIProviderSettings.objects.create(
        organization=org,
        provider=ProviderKind.ANTHROPIC if name == "anthropic" else ProviderKind.OPENAI_COMPATIBLE,
        base_url=srv.base_url,
        model="fake-model",
        api_key_encrypted=encrypt("sk-fake"),
        timeout_s=5,
    )


def _is_decision(body: dict[str, Any]) -> bool:
    return not body.get("stream")


def model(words: Reply) -> Any:
    """A follow-up decision (structured) and then ``words`` (streamed) for every turn."""

    def respond(body: dict[str, Any]) -> Reply:
        if _is_decision(body):
            return ok({"kind": "follow_up", "follow_up_reason": "no_example"})
        return words

    return respond


async def _collect(tab: Client, turn_id: str, text: str) -> list[tuple[float, dict[str, Any]]]:
    """Send a message; every message up to and including the reply, with its arrival time."""
    began = time.perf_counter()
    await tab.send({"type": "turn", "turn_id": turn_id, "text": text})
    got: list[tuple[float, dict[str, Any]]] = []
    while True:
        message = await tab.receive(timeout=10)
        got.append((time.perf_counter() - began, message))
        if message["type"] == "reply":
            return got


def _version(chat: ChatSetup) -> int:
    return InterviewSession.objects.get(application=chat.application).version


def test_the_first_words_arrive_while_the_model_is_still_writing(team: Any, server: Any) -> None:
    name, srv = server
    srv.default = model(streamed(WORDS, chunk_chars=6, chunk_delay_s=DELAY))
    _configure(team.org, name, srv)
    chat = make_chat(team.org)

    async def scenario() -> tuple[list[tuple[float, dict[str, Any]]], int]:
        tab = Client(f"/ws/interviews/{chat.token}/{chat.stage.pk}/")
        await tab.connect()
        await tab.receive(timeout=30)  # the history; connecting builds the provider's SDK client
        await tab.send({"type": "turn", "turn_id": "t-1", "text": "I fixed it."})
        began = time.perf_counter()
        assert (await tab.receive(timeout=10))["type"] == "typing"
        first = await tab.receive(timeout=10)
        first_at = time.perf_counter() - began
        # The reply is not complete yet, so nothing has been stored yet either.
        version_mid_stream = await database_sync_to_async(_version)(chat)
        rest = [(first_at, first)]
        while rest[-1][1]["type"] != "reply":
            message = await tab.receive(timeout=10)
            rest.append((time.perf_counter() - began, message))
        await tab.close()
        return rest, version_mid_stream

    got, version_mid_stream = run(scenario)
    chunks = [(at, m) for at, m in got if m["type"] == "chunk"]
    reply_at, reply = got[-1]
    first_at = chunks[0][0]
    assert reply["text"] == WORDS and not reply["duplicate"]
    assert "".join(m["text"] for _, m in chunks) == WORDS
    assert all(m["type"] in ("chunk", "reply") for _, m in got), "no reset on a clean stream"
    # Streamed, not chunked after the fact: the deltas arrive spread over the model's writing time,
    # the first one long before the last one was written.
    assert len(chunks) >= 5
    assert reply_at - first_at >= 4 * DELAY, (first_at, reply_at)
    assert version_mid_stream == 0
    session = InterviewSession.objects.get(application=chat.application)
    assert session.version == 1, "the state is written once, after the reply is complete"
    assert session.state["transcript"][-1]["text"] == WORDS
    assert session.state["transcript"][-1]["kind"] == "follow_up"
    calls = AICall.objects.filter(organization=team.org, purpose="turn").order_by("pk")
    assert [(c.prompt_version, c.ok) for c in calls] == [
        ("interviewer-v2", True),
        ("interviewer-wording-v1", True),
    ]
    # The candidate's text went to both calls delimited as data.
    assert len(srv.requests) == 2
    for request in srv.requests:
        assert '<candidate_text>"I fixed it."</candidate_text>' in request.body["messages"][-1]["content"]


@pytest.mark.parametrize("how", ["error_event", "disconnect"])
def test_a_provider_failing_mid_stream_is_reset_and_the_offline_reply_follows(
    team: Any, server: Any, how: Any
) -> None:
    name, srv = server
    srv.default = model(broken_stream(WORDS, after_chunks=3, how=how, chunk_chars=6, chunk_delay_s=0.05))
    _configure(team.org, name, srv)
    chat = make_chat(team.org)

    async def scenario() -> list[tuple[float, dict[str, Any]]]:
        tab = Client(f"/ws/interviews/{chat.token}/{chat.stage.pk}/")
        await tab.connect()
        await tab.receive(timeout=30)  # the history; connecting builds the provider's SDK client
        got = await _collect(tab, "t-1", "I fixed it.")
        await tab.close()
        return got

    got = run(scenario)
    kinds = [m["type"] for _, m in got]
    assert kinds[0] == "typing"
    reset = kinds.index("reset")
    before = "".join(m["text"] for _, m in got[1:reset])
    after = "".join(m["text"] for _, m in got[reset + 1 : -1] if m["type"] == "chunk")
    assert before and WORDS.startswith(before) and before != WORDS, "part of the model's words came first"
    reply = got[-1][1]
    assert got[reset][1] == {"type": "reset", "turn_id": "t-1:r"}
    assert after == reply["text"], "after the reset, exactly the reply"
    assert before not in reply["text"]
    session = InterviewSession.objects.get(application=chat.application)
    assert session.version == 1
    last = session.state["transcript"][-1]
    assert last["text"] == reply["text"] and last["kind"] == "follow_up"  # the offline rules' follow-up
    [fallback] = session.state["fallbacks"]
    assert fallback["during"] == "wording" and fallback["engine"] == "offline-rules-v1"
    calls = AICall.objects.filter(organization=team.org, purpose="turn").order_by("pk")
    assert [(c.prompt_version, c.ok, c.fallback) for c in calls] == [
        ("interviewer-v2", True, True),
        ("interviewer-wording-v1", False, True),
    ]


def test_a_duplicate_turn_is_replayed_without_a_second_model_call(team: Any, fake_openai: Any) -> None:
    fake_openai.default = scripted_model(chunk_delay_s=0.02)
    _configure(team.org, "openai", fake_openai)
    chat = make_chat(team.org)

    async def scenario() -> tuple[list[Any], list[Any], int, int]:
        tab = Client(f"/ws/interviews/{chat.token}/{chat.stage.pk}/")
        await tab.connect()
        await tab.receive(timeout=30)  # the history; connecting builds the provider's SDK client
        first = await _collect(tab, "t-1", STRONG_CUSTOMER)
        calls_after_first = len(fake_openai.requests)
        again = await _collect(tab, "t-1", STRONG_CUSTOMER)
        await tab.close()
        return first, again, calls_after_first, len(fake_openai.requests)

    first, again, calls_after_first, calls_after_again = run(scenario)
    assert calls_after_first == 2 and calls_after_again == 2, "no second model call"
    assert first[-1][1]["text"] == again[-1][1]["text"]
    assert again[-1][1]["duplicate"] is True
    assert "".join(m["text"] for _, m in again if m["type"] == "chunk") == again[-1][1]["text"]
    assert InterviewSession.objects.get(application=chat.application).version == 1


def test_the_bot_question_is_a_rule_and_never_reaches_the_model(team: Any, fake_openai: Any) -> None:
    fake_openai.default = scripted_model()
    _configure(team.org, "openai", fake_openai)
    chat = make_chat(team.org)

    async def scenario() -> list[Any]:
        tab = Client(f"/ws/interviews/{chat.token}/{chat.stage.pk}/")
        await tab.connect()
        await tab.receive(timeout=30)  # the history; connecting builds the provider's SDK client
        got = await _collect(tab, "t-1", "Wait, are you a bot?")
        await tab.close()
        return got

    got = run(scenario)
    assert fake_openai.requests == []
    reply = got[-1][1]
    assert "AI interviewer" in reply["text"]
    assert "".join(m["text"] for _, m in got if m["type"] == "chunk") == reply["text"]
