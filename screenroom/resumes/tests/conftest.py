"""Helpers for the Resume stage tests: a job whose first stage is a Resume stage, and corpus files."""

from __future__ import annotations

from functools import cache
from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse

from screenroom.candidates.models import Application
from screenroom.core.testing.factories import ApplicationFactory, CandidateFactory, JobFactory, StageFactory
from screenroom.jobs.models import Job, Stage
from screenroom.portal.tests.conftest import consent_through
from screenroom.resumes.engine.tests import corpus

# Sample 0 (PDF): Jane Kowalski, Austin TX, 4.75 years, Azure/GraphQL/Java/JavaScript, bachelor, authorized.
# Sample 1 (DOCX): Carlos Rossi, Seattle WA, 6.5 years, needs sponsorship.
PASSING = {"required_skills_all": ["JavaScript", "Java"], "min_total_years": 3, "locations": ["TX"]}


@cache
def samples() -> list[corpus.Sample]:
    return corpus.make_corpus(2)


@cache
def attacked_pdf() -> bytes:
    return corpus.attacked(0, "pdf", "white").data


def resume_job(team: Any, config: dict[str, Any] | None = None, *, enforce: bool = True) -> tuple[Job, Stage]:
    job = cast(Job, JobFactory(organization=team.org, title="Backend Engineer"))
    stage = cast(
        Stage,
        StageFactory(
            job=job, position=0, kind="resume", name="Resume", config=config or {}, enforce_criteria=enforce
        ),
    )
    StageFactory(job=job, position=1)
    return job, stage


def started(job: Job, client: Client, email: str = "cand@example.org") -> Application:
    """An application that has consented and sits at the job's first stage."""
    candidate = CandidateFactory(organization=job.organization, email=email, name="Test Candidate")
    application = cast(Application, ApplicationFactory(job=job, candidate=candidate))
    consent_through(client, application)
    application.refresh_from_db()
    return application


def upload(client: Client, application: Application, stage: Stage, data: bytes, name: str = "cv.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("portal:stage", args=[application.token, stage.pk]),
        {"resume": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
    )


@pytest.fixture
def candidate_client() -> Client:
    return Client()
