"""A candidate completes a chat interview in Debian Chromium, through the real ASGI application served
by uvicorn (HTTP pages and the WebSocket), with the offline engine; then a recruiter reads the report."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from screenroom.candidates.models import Application, StageResult, StageResultStatus
from screenroom.core.testing.factories import (
    PASSWORD,
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    MembershipFactory,
)
from screenroom.interviews.models import InterviewSession
from screenroom.interviews.tests.conftest import STRONG_CUSTOMER, STRONG_PRIORITIES, chat_config
from screenroom.jobs.models import Job, Stage
from screenroom.orgs.models import Membership, Role

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise streams static files synchronously; under ASGI Django warns about it (tests only).
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def asgi_server() -> Iterator[str]:
    """uvicorn running config.asgi in a thread: the same application `manage.py serve` starts."""
    import uvicorn
    from django.db import connections

    from config.asgi import application

    # The server's threads open their own connections; closing them after each use lets the test
    # database be dropped at the end (PostgreSQL refuses while a session is open).
    db_settings = connections["default"].settings_dict
    max_age = db_settings.get("CONN_MAX_AGE", 0)
    db_settings["CONN_MAX_AGE"] = 0

    port = _free_port()
    config = uvicorn.Config(application, host="127.0.0.1", port=port, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)
    db_settings["CONN_MAX_AGE"] = max_age


def test_candidate_completes_a_chat_interview(page: Any, asgi_server: str, settings: Any) -> None:
    base = f"http://{asgi_server}"
    settings.REALTIME_URL = f"ws://{asgi_server}"
    membership = cast(Membership, MembershipFactory(role=Role.RECRUITER, organization__name="Acme Logistics"))
    recruiter = membership.user
    job = cast(Job, JobFactory(organization=membership.organization, title="Support Lead"))
    stage = Stage.objects.create(
        job=job, position=0, kind="chat", name="Chat interview", config=chat_config()
    )
    candidate = CandidateFactory(organization=job.organization, name="Dana Candidate")
    application = cast(Application, ApplicationFactory(job=job, candidate=candidate))

    # --- The candidate: landing, consent, then the chat (on a phone-sized screen).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + reverse("portal:landing", args=[application.token]))
    page.get_by_role("link", name=re.compile("Start|Begin|Continue")).or_(
        page.get_by_role("button", name=re.compile("Start|Begin|Continue"))
    ).first.click()
    page.get_by_role("checkbox").first.check()
    page.get_by_role("button", name=re.compile("agree|consent|continue", re.I)).first.click()
    page.wait_for_url(re.compile(rf"/stages/{stage.pk}/"))

    log = page.get_by_role("list", name=re.compile("Conversation with Robin"))
    log.get_by_text("an AI interviewer for Acme Logistics").wait_for()
    box = page.get_by_label("Your answer")
    page.wait_for_function("() => !document.getElementById('chat-help').hidden")  # chat.js is running

    def answer(text: str, expect: int) -> Any:
        box.fill(text)
        box.press("Enter")  # the keyboard path; the Send button does the same
        page.locator(".chat-msg.interviewer").nth(expect - 1).wait_for()
        page.wait_for_function("() => !document.querySelector('.chat-msg[aria-busy]')")
        return page.locator(".chat-msg.interviewer").nth(expect - 1).inner_text()

    # A thin answer gets a follow-up, streamed in over the WebSocket.
    follow_up = answer("I solved the problem for the customer.", 2)
    assert "Question 1" not in follow_up and "prioritise" not in follow_up
    expect(page.locator("#chat-status")).to_have_text(re.compile(r"^Robin says: "))

    # A reload keeps the conversation.
    page.reload()
    log.get_by_text("I solved the problem for the customer.").wait_for()
    page.wait_for_function("() => !document.getElementById('chat-help').hidden")

    nxt = answer(STRONG_CUSTOMER, 3)
    assert "prioritise" in nxt
    closing = answer(STRONG_PRIORITIES, 4)
    assert "That's all from me" in closing
    page.get_by_role("button", name="Continue").wait_for()
    assert page.evaluate("document.activeElement.id") == "chat-continue"
    page.get_by_role("button", name="Continue").click()
    page.get_by_text(re.compile("Thank you", re.I)).first.wait_for()

    session = InterviewSession.objects.get(application=application)
    kinds = [e["kind"] for e in session.transcript if e["role"] == "interviewer"]
    assert kinds == ["greet", "follow_up", "ask_next", "end"]
    result = StageResult.objects.get(application=application, stage=stage)
    assert result.status == StageResultStatus.PASSED

    # --- The recruiter reads the report: scores with evidence, highlighted in the transcript.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Username or email").fill(recruiter.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/app/"))
    page.goto(base + reverse("dashboard:report", args=[application.pk]))
    page.get_by_text("Stage score:").wait_for()
    scores = page.locator("table.chat-scores tbody tr")
    assert scores.count() == 2
    assert re.search(r"[1-5] / 5", scores.first.inner_text())
    assert page.locator("table.chat-scores mark").count() >= 2
    assert page.locator(".transcript mark").count() >= 2
    assert "offline-rubric-v1" in page.content()
