"""Helpers for the dashboard tests: candidates taken through the real flow services."""

from typing import Any

from screenroom.candidates.contact import clean_contact
from screenroom.candidates.models import Application
from screenroom.candidates.services import (
    application_consent,
    application_invite,
    application_open,
    application_preview_start,
    stage_submit,
)
from screenroom.jobs.models import Job

GOOD = {"q_auth": "yes", "q_years": 3.0, "q_shift": "Day"}
BAD = {"q_auth": "no", "q_years": 3.0, "q_shift": "Night"}


def take_flow(job: Job, name: str, email: str, answers: dict[str, Any] | None = None) -> Application:
    """Invite (no email), open, consent and, when answers are given, submit the first stage."""
    application = application_invite(job=job, contact=clean_contact(name, email), send_email=False)
    application_open(application=application)
    application = application_consent(
        application=application,
        notice_version="v1",
        notice_sha256="f" * 64,
        ip="127.0.0.1",
        user_agent="pytest",
    )
    if answers is not None:
        assert application.current_stage is not None
        stage_submit(application=application, stage=application.current_stage, answers=answers)
    application.refresh_from_db()
    return application


def invite_only(job: Job, name: str, email: str) -> Application:
    return application_invite(job=job, contact=clean_contact(name, email), send_email=False)


def preview_run(job: Job, user: Any, answers: dict[str, Any] | None = None) -> Application:
    application = application_preview_start(job=job, user=user)
    application = application_consent(
        application=application, notice_version="v1", notice_sha256="f" * 64, ip=None, user_agent=""
    )
    if answers is not None and application.current_stage is not None:
        stage_submit(application=application, stage=application.current_stage, answers=answers)
    application.refresh_from_db()
    return application
