"""Fixtures for the chat interview tests: a job whose only stage is a chat interview, and a candidate
who has consented and stands at it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pytest

from screenroom.candidates.models import Application
from screenroom.candidates.services import application_consent
from screenroom.core.testing.factories import ApplicationFactory, CandidateFactory, JobFactory
from screenroom.interviews.engine.testing.fixtures import fake_anthropic, fake_openai  # noqa: F401
from screenroom.jobs.models import Job, Stage

STRONG_CUSTOMER = (
    "Last spring a customer's order of 300 units arrived damaged two days before their launch. "
    "I called the warehouse, arranged a replacement shipment by courier and kept the customer updated "
    "every few hours. The order arrived the next morning, the launch went ahead, and the customer renewed "
    "their contract worth 40,000 a year."
)
STRONG_PRIORITIES = (
    "I rank tasks by impact and deadline. For example, last month three urgent orders landed at once; "
    "I handled the largest client first, delegated the second to a colleague and automated the third. "
    "All three shipped the same day and we avoided a 2,000 penalty."
)


def chat_config(*, must_pass: bool = False, min_stage_score: float | None = None) -> dict[str, Any]:
    return {
        "interviewer_name": "Robin",
        "greeting": "Hello and welcome.",
        "closing": "That's all from me, thank you.",
        "time_budget_min": 20,
        "questions": [
            {
                "id": "q_customer",
                "text": "Tell me about a time you solved a difficult problem for a customer.",
                "seeks": "A specific situation, the candidate's own actions, and the result.",
                "anchor_1": "Vague, no example, blames the customer.",
                "anchor_5": "A specific example with their own actions, a measurable result and follow-up.",
                "max_follow_ups": 1,
                "must_pass": must_pass,
            },
            {
                "id": "q_priorities",
                "text": "How do you prioritise when several urgent tasks arrive at once?",
                "seeks": "A method, an example of using it, and the outcome.",
                "anchor_1": "No method; does whatever comes first.",
                "anchor_5": "A clear method by impact and deadline, a concrete example, and the result.",
                "max_follow_ups": 1,
            },
        ],
        "faq": [
            {"question": "Is the role remote?", "answer": "It is hybrid: two days a week in the office."}
        ],
        "min_stage_score": min_stage_score,
    }


@dataclass
class ChatSetup:
    job: Job
    stage: Stage
    application: Application

    @property
    def token(self) -> str:
        return self.application.token


def make_chat(
    org: Any, *, config: dict[str, Any] | None = None, enforce: bool = True, name: str = "Dana Candidate"
) -> ChatSetup:
    job = cast(Job, JobFactory(organization=org))
    stage = Stage.objects.create(
        job=job,
        position=0,
        kind="chat",
        name="Chat interview",
        config=config or chat_config(),
        enforce_criteria=enforce,
    )
    candidate = CandidateFactory(organization=org, name=name)
    invited = cast(Application, ApplicationFactory(job=job, candidate=candidate))
    application = application_consent(
        application=invited, notice_version="v1", notice_sha256="0" * 64, ip=None, user_agent="pytest"
    )
    return ChatSetup(job=job, stage=stage, application=application)


@pytest.fixture
def chat(team: Any) -> ChatSetup:
    return make_chat(team.org)
