"""Changes to applications: invite, open, consent, submit a stage, and human decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from screenroom.audit.services import audit_record
from screenroom.candidates.contact import Contact
from screenroom.candidates.models import (
    AccommodationRequest,
    Application,
    ApplicationStatus,
    Candidate,
    ConsentRecord,
    Event,
    EventKind,
    Source,
    StageResult,
    StageResultStatus,
)
from screenroom.core.tokens import new_token
from screenroom.jobs.models import Job, Stage
from screenroom.stages.registry import get_stage_type
from screenroom.webhooks.services import webhook_emit

FINISHED_STATUSES = {
    ApplicationStatus.COMPLETED,
    ApplicationStatus.ADVANCED,
    ApplicationStatus.DISQUALIFIED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
}


ACCOMMODATION_MAX_CHARS = 5000
# The same request again within this window is a double click or a re-post, not a new request.
ACCOMMODATION_REPEAT_WINDOW = dt.timedelta(minutes=10)


class DuplicateApplication(ValueError):
    pass


class ActionNotAllowed(ValueError):
    pass


def _event(application: Application, kind: str, **data: Any) -> Event:
    return Event.objects.create(application=application, kind=kind, data=data)


def expiry_for(job: Job, start: dt.datetime | None = None) -> dt.datetime:
    return (start or timezone.now()) + dt.timedelta(days=job.link_expiry_days)


@transaction.atomic
def application_invite(
    *, job: Job, contact: Contact, source: str = Source.MANUAL, send_email: bool = True
) -> Application:
    """Create the candidate (or reuse them by email) and their application, and queue the email."""
    candidate, created = Candidate.objects.get_or_create(
        organization_id=job.organization_id,
        email=contact.email,
        defaults={"name": contact.name, "phone": contact.phone},
    )
    if not created and (
        candidate.name != contact.name or (contact.phone and candidate.phone != contact.phone)
    ):
        candidate.name = contact.name
        candidate.phone = contact.phone or candidate.phone
        candidate.save(update_fields=["name", "phone"])
    try:
        with transaction.atomic():
            application = Application.objects.create(
                organization_id=job.organization_id,
                job=job,
                candidate=candidate,
                source=source,
                token=new_token(),
                expires_at=expiry_for(job),
            )
    except IntegrityError:
        raise DuplicateApplication(f"{contact.email} is already invited to this job.") from None
    _event(application, EventKind.INVITED, source=source)
    if send_email:
        from screenroom.invitations.services import invitation_email_queue

        invitation_email_queue(application=application)
    return application


@transaction.atomic
def application_preview_start(*, job: Job, user: User) -> Application:
    """A test run of the job's flow by a recruiter; marked so lists, exports and webhooks skip it."""
    candidate = Candidate.objects.create(
        organization_id=job.organization_id,
        name=f"Preview by {user.get_full_name() or user.username}",
        email=f"preview+{new_token(6).lower()}@preview.screenroom.invalid",
    )
    application = Application.objects.create(
        organization_id=job.organization_id,
        job=job,
        candidate=candidate,
        source=Source.PREVIEW,
        is_preview=True,
        token=new_token(),
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    _event(application, EventKind.INVITED, source=Source.PREVIEW, by=user.username)
    return application


def application_open(*, application: Application) -> None:
    """Record the first visit only; later visits cost one read and no write."""
    if application.opened_at is not None:
        return
    now = timezone.now()
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, opened_at__isnull=True).update(
            opened_at=now, updated_at=now
        )
        Application.objects.filter(pk=application.pk, status=ApplicationStatus.INVITED).update(
            status=ApplicationStatus.OPENED
        )
        if updated:
            _event(application, EventKind.OPENED)
    application.opened_at = now
    if application.status == ApplicationStatus.INVITED:
        application.status = ApplicationStatus.OPENED


@transaction.atomic
def application_consent(
    *, application: Application, notice_version: str, notice_sha256: str, ip: str | None, user_agent: str
) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.consented_at is not None:
        return locked
    ConsentRecord.objects.create(
        application=locked,
        notice_version=notice_version,
        notice_sha256=notice_sha256,
        ip_address=ip,
        user_agent=user_agent[:300],
    )
    locked.consented_at = timezone.now()
    locked.status = ApplicationStatus.IN_PROGRESS
    first = Stage.objects.filter(job_id=locked.job_id).order_by("position", "id").first()
    locked.current_stage = first
    locked.save(update_fields=["consented_at", "status", "current_stage", "updated_at"])
    _event(locked, EventKind.CONSENTED, notice_version=notice_version)
    if first is None:
        _complete(locked)
    else:
        _start_stage(locked, first)
    return locked


def _start_stage(application: Application, stage: Stage) -> StageResult:
    result, created = StageResult.objects.get_or_create(application=application, stage=stage)
    if created:
        _event(application, EventKind.STAGE_STARTED, stage_id=stage.pk, stage=stage.name)
    return result


@transaction.atomic
def accommodation_request(*, application: Application, message: str) -> AccommodationRequest:
    """Record the request once: a repeat of the same text soon after returns the one already recorded.

    The application row is locked first, so two simultaneous posts cannot both pass the check.
    """
    message = message[:ACCOMMODATION_MAX_CHARS]
    Application.objects.select_for_update(of=("self",)).filter(pk=application.pk).first()
    earlier = AccommodationRequest.objects.filter(
        application=application,
        message=message,
        created_at__gte=timezone.now() - ACCOMMODATION_REPEAT_WINDOW,
    ).first()
    if earlier is not None:
        return earlier
    request = AccommodationRequest.objects.create(application=application, message=message)
    Application.objects.filter(pk=application.pk).update(accommodation_requested=True)
    _event(application, EventKind.ACCOMMODATION)
    return request


class StageSubmitOutcome:
    ADVANCED = "advanced"
    COMPLETED = "completed"
    DISQUALIFIED = "disqualified"
    STALE = "stale"  # a double submit or an old tab: nothing changed


@transaction.atomic
def stage_submit(*, application: Application, stage: Stage, answers: dict[str, Any]) -> str:
    """Evaluate a finished stage at once and move the candidate on (or disqualify them here).

    The application row is locked and the stage must still be the current one, so a double submit
    or a stale tab changes nothing twice.
    """
    # Lock this application's row only: a plain FOR UPDATE would also lock the joined job row and make
    # every candidate of the job wait for each other. The candidate is joined for the webhook payloads.
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("job", "candidate")
        .get(pk=application.pk)
    )
    if locked.current_stage_id != stage.pk or locked.status != ApplicationStatus.IN_PROGRESS:
        return StageSubmitOutcome.STALE
    result = _start_stage(locked, stage)
    if result.status != StageResultStatus.IN_PROGRESS:
        return StageSubmitOutcome.STALE
    stage_type = get_stage_type(stage.kind)
    evaluation = stage_type.evaluate(stage, answers)
    failed = evaluation.failed_dealbreakers
    if failed and stage.enforce_criteria:
        status = StageResultStatus.FAILED
    elif failed or evaluation.review_reasons:
        status = StageResultStatus.FLAGGED
    else:
        status = StageResultStatus.PASSED
    result.answers = answers
    result.score = evaluation.score
    result.evaluation = evaluation.as_json()
    result.engine = evaluation.engine
    result.status = status
    result.finished_at = timezone.now()
    result.save()
    _event(
        locked,
        EventKind.STAGE_FINISHED,
        stage_id=stage.pk,
        stage=stage.name,
        result=status,
        score=evaluation.score,
    )
    audit_record(
        organization_id=locked.organization_id,
        application=locked,
        job_id=locked.job_id,
        stage_id=stage.pk,
        action=f"stage.{status}",
        engine=evaluation.engine,
        inputs={"stage_config": stage.config, "answers": answers},
        output={
            "score": evaluation.score,
            "status": status,
            "enforced": stage.enforce_criteria,
            "failed_dealbreakers": [d.rule_id for d in failed],
            "review_reasons": evaluation.review_reasons,
        },
    )
    locked.overall_score = _overall_score(locked)
    locked.flagged = locked.flagged or status == StageResultStatus.FLAGGED or bool(evaluation.review_reasons)
    if not locked.is_preview:
        webhook_emit(
            organization_id=locked.organization_id,
            event_type="stage.completed",
            payload=_payload(locked, stage=stage, result=result),
        )
    if status == StageResultStatus.FAILED:
        locked.status = ApplicationStatus.DISQUALIFIED
        locked.disqualified_at = timezone.now()
        locked.save(update_fields=["status", "disqualified_at", "overall_score", "flagged", "updated_at"])
        _event(
            locked,
            EventKind.DISQUALIFIED,
            stage_id=stage.pk,
            stage=stage.name,
            rules=[{"label": d.label, "rule": d.rule, "answer": d.answer} for d in failed],
        )
        if not locked.is_preview:
            webhook_emit(
                organization_id=locked.organization_id,
                event_type="candidate.disqualified",
                payload=_payload(locked, stage=stage, result=result),
            )
            _emit_report_ready(locked)
        return StageSubmitOutcome.DISQUALIFIED
    next_stage = locked.job.stages.filter(position__gt=stage.position).order_by("position", "id").first()
    if next_stage is None:
        locked.save(update_fields=["overall_score", "flagged", "updated_at"])
        _complete(locked)
        return StageSubmitOutcome.COMPLETED
    locked.current_stage = next_stage
    locked.save(update_fields=["current_stage", "overall_score", "flagged", "updated_at"])
    _start_stage(locked, next_stage)
    return StageSubmitOutcome.ADVANCED


def _overall_score(application: Application) -> int | None:
    """The mean of the scored stages (a stage without a score, such as an unscored Form, does not count)."""
    scored = StageResult.objects.filter(application=application, score__isnull=False)
    scores = [score for score in scored.values_list("score", flat=True) if score is not None]
    return round(sum(scores) / len(scores)) if scores else None


def _complete(application: Application) -> None:
    application.status = ApplicationStatus.COMPLETED
    application.completed_at = timezone.now()
    application.current_stage = None
    application.save(update_fields=["status", "completed_at", "current_stage", "updated_at"])
    _event(application, EventKind.COMPLETED)
    if not application.is_preview:
        _emit_report_ready(application)


def _emit_report_ready(application: Application) -> None:
    webhook_emit(
        organization_id=application.organization_id,
        event_type="report.ready",
        payload=_payload(application),
    )


def _payload(
    application: Application, stage: Stage | None = None, result: StageResult | None = None
) -> dict[str, Any]:
    from screenroom.core.urls import absolute_url

    data: dict[str, Any] = {
        "application_id": application.pk,
        "job_id": application.job_id,
        "candidate": {
            "id": application.candidate_id,
            "name": application.candidate.name,
            "email": application.candidate.email,
        },
        "status": application.status,
        "overall_score": application.overall_score,
        "report_url": absolute_url("dashboard:report", application.pk),
    }
    if stage is not None and result is not None:
        data["stage"] = {
            "id": stage.pk,
            "name": stage.name,
            "kind": stage.kind,
            "status": result.status,
            "score": result.score,
            "dealbreakers": result.evaluation.get("dealbreakers", []),
        }
    return data


# --- Human decisions -------------------------------------------------------------------------------


@transaction.atomic
def application_override_disqualification(
    *, application: Application, actor: User, reason: str
) -> Application:
    """Let a disqualified candidate continue from the stage after the one that disqualified them."""
    if not reason.strip():
        raise ActionNotAllowed("Give a reason for the override.")
    locked = Application.objects.select_for_update(of=("self",)).select_related("job").get(pk=application.pk)
    if locked.status != ApplicationStatus.DISQUALIFIED:
        raise ActionNotAllowed("Only a disqualified candidate can be reinstated.")
    failed = (
        StageResult.objects.filter(application=locked, status=StageResultStatus.FAILED)
        .select_related("stage")
        .order_by("-stage__position")
        .first()
    )
    next_stage = None
    if failed is not None:
        next_stage = (
            locked.job.stages.filter(position__gt=failed.stage.position).order_by("position", "id").first()
        )
    locked.disqualified_at = None
    _event(locked, EventKind.OVERRIDDEN, by=actor.username, reason=reason)
    if next_stage is None:
        # Nothing left to do: finished like any other candidate (timeline event, report.ready webhook).
        locked.save(update_fields=["disqualified_at", "updated_at"])
        _complete(locked)
    else:
        locked.status = ApplicationStatus.IN_PROGRESS
        locked.current_stage = next_stage
        locked.save(update_fields=["status", "disqualified_at", "current_stage", "updated_at"])
        _start_stage(locked, next_stage)
    audit_record(
        organization_id=locked.organization_id,
        application=locked,
        job_id=locked.job_id,
        stage_id=failed.stage_id if failed else None,
        actor=actor,
        action="override.reinstate",
        output={"status": locked.status},
        reason=reason,
    )
    return locked


@transaction.atomic
def application_decide(*, application: Application, actor: User, decision: str, reason: str) -> Application:
    """A human rejects or advances a candidate."""
    if decision not in (ApplicationStatus.REJECTED, ApplicationStatus.ADVANCED):
        raise ActionNotAllowed("Unknown decision.")
    if not reason.strip():
        raise ActionNotAllowed("Give a reason for the decision.")
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status == decision:
        return locked
    previous = locked.status
    locked.status = decision
    locked.save(update_fields=["status", "updated_at"])
    _event(
        locked,
        EventKind.REJECTED if decision == ApplicationStatus.REJECTED else EventKind.ADVANCED,
        by=actor.username,
        reason=reason,
    )
    audit_record(
        organization_id=locked.organization_id,
        application=locked,
        job_id=locked.job_id,
        actor=actor,
        action=f"decision.{decision}",
        output={"from": previous, "to": decision},
        reason=reason,
    )
    return locked
