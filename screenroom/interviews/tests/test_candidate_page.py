"""The chat on the candidate's stage page, and the text alternative: a plain form, no JavaScript, no
WebSocket, the whole interview through the Django test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import Application, ApplicationStatus, StageResult, StageResultStatus
from screenroom.interviews.models import InterviewSession
from screenroom.interviews.tests.conftest import STRONG_CUSTOMER, STRONG_PRIORITIES, ChatSetup

pytestmark = pytest.mark.django_db


def _stage_url(chat: ChatSetup) -> str:
    return reverse("portal:stage", args=[chat.token, chat.stage.pk])


def _turn_id(html: str) -> str:
    match = re.search(r'name="turn_id" value="([^"]+)"', html)
    assert match, "the form carries a turn id"
    return match.group(1)


def _send(client: Client, chat: ChatSetup, text: str) -> Any:
    page = client.get(_stage_url(chat)).content.decode()
    return client.post(
        reverse("interviews_candidate:turn", args=[chat.token, chat.stage.pk]),
        {"turn_id": _turn_id(page), "message": text},
    )


def test_the_stage_page_shows_the_greeting_and_an_accessible_form(chat: ChatSetup) -> None:
    html = Client().get(_stage_url(chat)).content.decode()
    assert "an AI interviewer for" in html
    assert '<label for="chat-message">Your answer</label>' in html
    assert 'id="chat-message" name="message"' in html
    assert 'role="status" aria-live="polite"' in html
    assert f'data-ws-path="/ws/interviews/{chat.token}/{chat.stage.pk}/"' in html
    assert reverse("interviews_candidate:turn", args=[chat.token, chat.stage.pk]) in html
    # Reloading does not start a second interview.
    Client().get(_stage_url(chat))
    assert InterviewSession.objects.filter(application=chat.application).count() == 1


def test_a_whole_interview_without_javascript(chat: ChatSetup) -> None:
    client = Client()
    response = _send(client, chat, "I solved the problem for the customer.")
    assert response.status_code == 302
    assert response["Location"].endswith(_stage_url(chat) + "#chat-latest")
    html = client.get(_stage_url(chat)).content.decode()
    assert "I solved the problem for the customer." in html
    assert 'id="chat-latest"' in html
    _send(client, chat, STRONG_CUSTOMER)
    response = _send(client, chat, STRONG_PRIORITIES)
    assert response.status_code == 302
    # The stage is submitted; the page sends the candidate on to the thank-you page.
    done = client.get(_stage_url(chat))
    assert done.status_code == 302
    assert done["Location"] == reverse("portal:done", args=[chat.token])
    result = StageResult.objects.get(application=chat.application, stage=chat.stage)
    assert result.status == StageResultStatus.PASSED
    kinds = [e.get("kind") for e in InterviewSession.objects.get(application=chat.application).transcript]
    assert "follow_up" in kinds
    assert Application.objects.get(pk=chat.application.pk).status == ApplicationStatus.COMPLETED


def test_the_same_form_posted_twice_counts_once(chat: ChatSetup) -> None:
    client = Client()
    page = client.get(_stage_url(chat)).content.decode()
    data = {"turn_id": _turn_id(page), "message": "It went fine."}
    url = reverse("interviews_candidate:turn", args=[chat.token, chat.stage.pk])
    client.post(url, data)
    client.post(url, data)
    transcript = InterviewSession.objects.get(application=chat.application).transcript
    assert [e["text"] for e in transcript].count("It went fine.") == 1


def test_an_empty_message_is_refused_with_a_message(chat: ChatSetup) -> None:
    client = Client()
    response = _send(client, chat, "   ")
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Write an answer before sending." in html
    assert InterviewSession.objects.get(application=chat.application).version == 0


def test_posting_the_stage_page_itself_submits_nothing(chat: ChatSetup) -> None:
    response = Client().post(_stage_url(chat), {"message": "hi"})
    assert response.status_code == 400
    assert (
        not StageResult.objects.filter(application=chat.application, stage=chat.stage)
        .exclude(status=StageResultStatus.IN_PROGRESS)
        .exists()
    )


def test_a_bad_token_gets_404_and_reveals_nothing(chat: ChatSetup) -> None:
    response = Client().post(
        reverse("interviews_candidate:turn", args=["nope", chat.stage.pk]), {"turn_id": "x", "message": "hi"}
    )
    assert response.status_code == 404
    assert chat.job.organization.name not in response.content.decode()


def test_a_turn_after_the_stage_is_over_goes_back_to_the_flow(chat: ChatSetup) -> None:
    client = Client()
    _send(client, chat, STRONG_CUSTOMER)
    _send(client, chat, STRONG_PRIORITIES)
    response = client.post(
        reverse("interviews_candidate:turn", args=[chat.token, chat.stage.pk]),
        {"turn_id": "late", "message": "hi"},
    )
    assert response.status_code == 302
    assert "late" not in [
        e["turn_id"] for e in InterviewSession.objects.get(application=chat.application).transcript
    ]


def test_the_consent_notice_explains_the_chat_stage(team: Any) -> None:
    from screenroom.core.testing.factories import ApplicationFactory
    from screenroom.interviews.tests.conftest import make_chat

    chat = make_chat(team.org)
    invited = ApplicationFactory(job=chat.job)
    html = Client().get(reverse("portal:consent", args=[invited.token])).content.decode()
    assert "written chat with an AI interviewer" in html
