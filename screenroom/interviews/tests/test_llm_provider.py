"""An organization whose interviews use an OpenAI-compatible provider: a whole chat interview over the
WebSocket against the engine's fake OpenAI server (real HTTP through the official SDK), calls logged,
a provider failure falling back to the offline engine and said so on the report."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from screenroom.candidates.models import StageResult, StageResultStatus
from screenroom.interviews.engine.testing import Reply, error, ok, streamed
from screenroom.interviews.models import AICall, AIProviderSettings, ProviderKind
from screenroom.interviews.tests.conftest import STRONG_CUSTOMER, STRONG_PRIORITIES, ChatSetup, make_chat
from screenroom.interviews.tests.test_consumers import Client, run

# The scorer runs on a worker thread with its own database connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

_DELIMITED = re.compile(r"<candidate_text>(.*?)</candidate_text>", re.S)


def _latest_candidate_text(body: dict[str, Any]) -> str:
    content = body["messages"][-1]["content"]
    return json.loads(_DELIMITED.findall(content)[-1])


def scripted_model(hallucinate: bool = False, chunk_delay_s: float = 0.0) -> Any:
    """Plays the model: follow up once on a short answer, then move on; score with a real quote.
    Decisions come as structured JSON, the words as a stream (``chunk_delay_s`` between deltas)."""

    def respond(body: dict[str, Any]) -> Reply:
        if body.get("stream"):
            system = body["messages"][0]["content"]
            words = (
                "Could you give me a concrete example?"
                if "follow-up question" in system
                else "Thank you, that is clear."
            )
            return streamed(words, chunk_chars=6, chunk_delay_s=chunk_delay_s)
        schema = body["response_format"]["json_schema"]["name"]
        text = _latest_candidate_text(body)
        if schema == "interviewer_decision":
            if len(text.split()) < 12:
                return ok({"kind": "follow_up", "follow_up_reason": "no_example"})
            return ok({"kind": "ask_next", "follow_up_reason": None})
        quote = "I was not there at all." if hallucinate else text.split(". ")[0]
        return ok({"score": 4, "evidence": [quote], "rationale": "Specific, with a result."})

    return respond


def _configure(org: Any, base_url: str) -> None:
    from screenroom.interviews.crypto import encrypt

    AIProviderSettings.objects.create(
        organization=org,
        provider=ProviderKind.OPENAI_COMPATIBLE,
        base_url=base_url,
        model="fake-gpt",
        api_key_encrypted=encrypt("sk-fake"),
        timeout_s=5,
    )


def _interview(chat: ChatSetup, answers: list[str]) -> list[dict[str, Any]]:
    async def scenario() -> list[dict[str, Any]]:
        tab = Client(f"/ws/interviews/{chat.token}/{chat.stage.pk}/")
        await tab.connect()
        received = [await tab.receive()]
        for n, text in enumerate(answers, start=1):
            received.append(await tab.turn(f"t-{n}", text))
        received.append(await tab.receive(timeout=15))
        await tab.close()
        return received

    return run(scenario)


def test_a_whole_interview_with_an_openai_compatible_provider(
    team: Any, fake_openai: Any, client: Any
) -> None:
    fake_openai.default = scripted_model()
    _configure(team.org, fake_openai.base_url)
    chat = make_chat(team.org)
    received = _interview(chat, ["I fixed it.", STRONG_CUSTOMER, STRONG_PRIORITIES])
    assert received[1]["text"] == "Could you give me a concrete example?"
    assert received[2]["text"].startswith("Thank you, that is clear. How do you prioritise")
    assert received[-1]["type"] == "finished"

    result = StageResult.objects.get(application=chat.application, stage=chat.stage)
    assert result.status == StageResultStatus.PASSED
    assert result.score == 75  # 4 of 5 on both questions
    assert result.engine.startswith("llm:openai_compatible fake-gpt")
    scoring = result.evaluation["details"]["scoring"]
    # Both answers to question 1 (the thin one and the one after the follow-up) were scored together.
    assert scoring["questions"][0]["evidence"] == ["I fixed it"]
    assert scoring["questions"][1]["evidence"] == [STRONG_PRIORITIES.split(". ")[0]]
    assert result.evaluation["details"]["interviewer_engine"] == "llm:openai_compatible:fake-gpt"
    # Candidate text reached the model delimited as data, and the key as a bearer token.
    assert all(r.headers["authorization"] == "Bearer sk-fake" for r in fake_openai.requests)
    assert "<candidate_text>" in fake_openai.requests[0].body["messages"][-1]["content"]

    calls = AICall.objects.filter(organization=team.org)
    # Three turns, each a decision and its streamed words; the last is the closing (no words needed).
    assert calls.filter(purpose="turn").count() == 5
    assert calls.filter(purpose="scoring").count() == 2
    assert all(c.ok and len(c.input_sha256) == 64 and c.tokens_in and c.model == "fake-gpt" for c in calls)
    assert set(calls.values_list("prompt_version", flat=True)) == {
        "interviewer-v2",
        "interviewer-wording-v1",
        "scorer-v1",
    }
    first_turn = calls.filter(purpose="turn").first()
    assert first_turn is not None and first_turn.session_id is not None


def test_provider_failures_fall_back_to_offline_and_the_report_says_so(
    team: Any, fake_openai: Any, owner_client: Any
) -> None:
    fake_openai.default = scripted_model(hallucinate=True)
    # The first turn's call fails with 500 three times (our retries), then the model answers.
    fake_openai.push(error(500), error(500), error(500))
    _configure(team.org, fake_openai.base_url)
    chat = make_chat(team.org)
    received = _interview(chat, [STRONG_CUSTOMER, STRONG_PRIORITIES])
    assert received[-1]["type"] == "finished"
    result = StageResult.objects.get(application=chat.application, stage=chat.stage)
    session_state = result.evaluation["details"]
    assert session_state["turn_fallbacks"][0]["error"] == "server_error"
    scoring = session_state["scoring"]
    # Every quote the "model" offered was invented: rejected, and the offline scorer answered.
    for q in scoring["questions"]:
        assert q["rejected_quotes"] == ["I was not there at all."]
        assert q["fallback"]["error"] == "no_verifiable_evidence"
        assert q["engine"] == "offline-rubric-v1"
    assert AICall.objects.filter(organization=team.org, purpose="turn", ok=False, fallback=True).exists()
    html = owner_client.get(reverse("dashboard:report", args=[chat.application.pk])).content.decode()
    assert "The AI provider failed on 1 turn" in html
    assert "the offline engine answered instead" in html
    assert "I was not there at all." not in html
