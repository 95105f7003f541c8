"""Shared helpers for the candidate-page tests: an invited application and a way through consent."""

from __future__ import annotations

import re
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import Application
from screenroom.core.testing.factories import ApplicationFactory, JobFactory, StageFactory
from screenroom.jobs.models import Job, Stage

GOOD_ANSWERS = {
    "answer_q_auth": "yes",
    "answer_q_years": "3",
    "answer_q_shift": "Day",
    "answer_q_about": "Five years on the floor.",
}
FAILING_ANSWERS = {**GOOD_ANSWERS, "answer_q_auth": "no"}


def make_application(**fields: Any) -> Application:
    return cast(Application, ApplicationFactory(**fields))


def make_stage(**fields: Any) -> Stage:
    return cast(Stage, StageFactory(**fields))


def make_job(**fields: Any) -> Job:
    return cast(Job, JobFactory(**fields))


@pytest.fixture
def application(team) -> Application:  # type: ignore[no-untyped-def]
    return make_application(job=team.job)


def notice_hash(html: str) -> str:
    match = re.search(r'name="notice_sha256" value="([0-9a-f]{64})"', html)
    assert match, "the consent page must carry the hash of the notice it shows"
    return match.group(1)


def consent_through(client: Client, application: Application) -> str:
    """Open the link and agree to the notice; returns where the candidate was sent."""
    client.get(reverse("portal:landing", args=[application.token]))
    page = client.get(reverse("portal:consent", args=[application.token]))
    response = client.post(
        reverse("portal:consent", args=[application.token]),
        {"choice": "agree", "acknowledge": "yes", "notice_sha256": notice_hash(page.content.decode())},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT="Mozilla/5.0 (Phone) TestBrowser",
    )
    assert response.status_code == 302
    return response["Location"]
