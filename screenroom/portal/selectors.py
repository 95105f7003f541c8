"""Reads for the candidate pages: the application behind a personal link, and where its candidate is."""

from __future__ import annotations

import datetime as dt
import enum

from django.utils import timezone

from screenroom.candidates.models import AccommodationRequest, Application, ApplicationStatus
from screenroom.candidates.services import FINISHED_STATUSES
from screenroom.jobs.models import JobStatus, Stage

# Every column a candidate page reads, so one indexed query serves a page (the landing page's speed
# depends on it). Deferred columns would each cost another query.
APPLICATION_COLUMNS = (
    "id",
    "organization_id",
    "job_id",
    "candidate_id",
    "status",
    "is_preview",
    "token",
    "expires_at",
    "revoked_at",
    "opened_at",
    "consented_at",
    "current_stage_id",
    "job__id",
    "job__organization_id",
    "job__title",
    "job__location",
    "job__remote",
    "job__description",
    "job__employment_type",
    "job__salary_min",
    "job__salary_max",
    "job__salary_currency",
    "job__status",
    "job__welcome_message",
    "job__disqualified_behavior",
    "job__disqualified_message",
    "job__updated_at",
    "job__organization__id",
    "job__organization__name",
    "job__organization__updated_at",
    "job__organization__logo",
    "job__organization__primary_color",
    "job__organization__accent_color",
    "job__organization__welcome_message",
    "job__organization__privacy_policy_url",
    "job__organization__accommodation_email",
    "job__organization__retention_days",
)


class LinkState(enum.Enum):
    OK = "ok"
    EXPIRED = "expired"
    REVOKED = "revoked"
    JOB_CLOSED = "job_closed"


def application_for_token(*, token: str) -> Application | None:
    """The application behind a personal link, with its job and organization, in one query."""
    if not token or len(token) > 64:
        return None
    return (
        Application.objects.select_related("job__organization")
        .only(*APPLICATION_COLUMNS)
        .filter(token=token)
        .first()
    )


def is_finished(application: Application) -> bool:
    return application.status in FINISHED_STATUSES


def link_state(application: Application, now: dt.datetime | None = None) -> LinkState:
    """Whether the link may be used. A finished candidate can still read their thank-you page."""
    if application.revoked_at is not None:
        return LinkState.REVOKED
    if is_finished(application):
        return LinkState.OK
    if application.expires_at <= (now or timezone.now()):
        return LinkState.EXPIRED
    if application.job.status == JobStatus.CLOSED and not application.is_preview:
        return LinkState.JOB_CLOSED
    return LinkState.OK


def candidate_location(application: Application) -> tuple[str, tuple[object, ...]]:
    """The URL name (and arguments besides the token) of the page the candidate should be on."""
    if is_finished(application):
        return "portal:done", ()
    if application.consented_at is None:
        return "portal:landing", ()
    if application.status == ApplicationStatus.IN_PROGRESS and application.current_stage_id:
        return "portal:stage", (application.current_stage_id,)
    return "portal:done", ()


def job_stages(*, job_id: int) -> list[Stage]:
    return list(Stage.objects.filter(job_id=job_id).order_by("position", "id"))


def stage_for_application(*, application: Application, stage_id: int) -> Stage | None:
    return Stage.objects.filter(pk=stage_id, job_id=application.job_id).first()


def accommodation_already_sent(*, application: Application, message: str, within: dt.timedelta) -> bool:
    """A double-clicked or re-posted request should not be recorded twice."""
    return AccommodationRequest.objects.filter(
        application=application, message=message, created_at__gte=timezone.now() - within
    ).exists()
