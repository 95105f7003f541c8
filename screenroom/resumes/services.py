"""Changes to resumes: store a parsed upload, attach it, correct a field (and re-screen), bulk import."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from screenroom.audit.services import audit_record
from screenroom.candidates.models import (
    Application,
    ApplicationStatus,
    Event,
    EventKind,
    StageResult,
    StageResultStatus,
)
from screenroom.candidates.services import _overall_score  # the flow's own rule, not a copy of it
from screenroom.jobs.models import Stage
from screenroom.resumes import corrections as correction_rules
from screenroom.resumes.engine import ENGINE_NAME, ENGINE_VERSION, ResumeReadError
from screenroom.resumes.models import Resume, ResumeCorrection, ResumeSource
from screenroom.resumes.screening import document_of, hidden_json, read_resume, screen
from screenroom.stages.registry import get_stage_type

HUMAN_DECISIONS = {ApplicationStatus.ADVANCED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN}


def _safe_name(name: str) -> str:
    return (get_valid_filename(name.rsplit("/", 1)[-1] or "resume") or "resume")[:100]


@transaction.atomic
def resume_create(
    *,
    organization_id: int,
    data: bytes,
    filename: str,
    source: str = ResumeSource.CANDIDATE,
    application: Application | None = None,
    uploaded_by: User | None = None,
) -> Resume:
    """Read a file and keep it with what was read. Raises ``ResumeReadError`` (a message for people).

    Nothing is stored for a file that cannot be read: the error is the whole answer.
    """
    read = read_resume(data)
    doc = read.doc
    as_of = timezone.localdate()
    profile = screen(doc, None, as_of=as_of).profile
    name = _safe_name(filename)
    resume = Resume(
        organization_id=organization_id,
        application=application,
        source=source,
        uploaded_by=uploaded_by,
        original_name=(filename or "resume")[:255],
        size=len(data),
        sha256=read.sha256,
        kind=doc.kind,
        pages=doc.pages,
        text=doc.text,
        hidden=hidden_json(doc),
        metadata=doc.metadata,
        warnings=doc.warnings,
        profile=profile.to_dict(),
        engine_version=f"{ENGINE_NAME}/{ENGINE_VERSION}",
        as_of=as_of,
    )
    resume.file.save(
        f"resumes/{organization_id}/{secrets.token_hex(12)}_{name}", ContentFile(data), save=False
    )
    resume.save()
    return resume


@transaction.atomic
def resume_attach(*, resume: Resume, application: Application) -> Resume:
    if application.organization_id != resume.organization_id:
        raise ValueError("A resume can only join an application of its own organization.")
    resume.application = application
    resume.save(update_fields=["application"])
    return resume


# --- Corrections ----------------------------------------------------------------------------------


@dataclass
class CorrectionOutcome:
    correction: ResumeCorrection
    rescreened: list[StageResult]
    changed: list[tuple[StageResult, str, str]]  # (result, old status, new status)


def _status_for(stage: Stage, failed: bool, review: bool) -> str:
    if failed and stage.enforce_criteria:
        return StageResultStatus.FAILED
    if failed or review:
        return StageResultStatus.FLAGGED
    return StageResultStatus.PASSED


@transaction.atomic
def resume_correct(*, resume: Resume, actor: User, field: str, value: str, reason: str) -> CorrectionOutcome:
    """Record a recruiter's fix to one parsed field and re-screen every finished stage that used it."""
    if not reason.strip():
        raise correction_rules.CorrectionError("Give a reason for the correction.")
    new_value = correction_rules.normalise(field, value)
    Resume.objects.select_for_update().filter(pk=resume.pk).first()  # one correction at a time
    previous = list(resume.corrections.all())
    current = screen(document_of(resume), None, as_of=resume.as_of, corrections=previous).profile
    old_value = correction_rules.current_value(current, field)
    correction = ResumeCorrection.objects.create(
        resume=resume,
        field=field,
        old_value=old_value,
        new_value=new_value,
        reason=reason.strip(),
        actor=actor,
    )
    application = resume.application
    if application is not None:
        Event.objects.create(
            application=application,
            kind=EventKind.OVERRIDDEN,
            data={"by": actor.username, "reason": reason.strip(), "field": field, "resume": resume.pk},
        )
    audit_record(
        organization_id=resume.organization_id,
        application=application,
        job_id=application.job_id if application else None,
        actor=actor,
        action="resume.corrected",
        inputs={"resume": resume.pk, "field": field},
        output={"field": field, "from": old_value, "to": new_value},
        reason=reason.strip(),
    )
    rescreened, changed = _rescreen(resume=resume, actor=actor, reason=reason.strip())
    return CorrectionOutcome(correction, rescreened, changed)


def _rescreen(
    *, resume: Resume, actor: User, reason: str
) -> tuple[list[StageResult], list[tuple[StageResult, str, str]]]:
    if resume.application_id is None:
        return [], []
    results = [
        r
        for r in StageResult.objects.select_for_update()
        .select_related("stage")
        .filter(application_id=resume.application_id, stage__kind="resume")
        .exclude(status=StageResultStatus.IN_PROGRESS)
        if r.answers.get("resume_id") == resume.pk
    ]
    changed: list[tuple[StageResult, str, str]] = []
    for result in results:
        stage = result.stage
        evaluation = get_stage_type(stage.kind).evaluate(stage, result.answers)
        old = result.status
        new = _status_for(stage, bool(evaluation.failed_dealbreakers), bool(evaluation.review_reasons))
        result.score = evaluation.score
        result.evaluation = evaluation.as_json()
        result.engine = evaluation.engine
        result.status = new
        result.save(update_fields=["score", "evaluation", "engine", "status"])
        audit_record(
            organization_id=resume.organization_id,
            application=result.application,
            job_id=stage.job_id,
            stage_id=stage.pk,
            actor=actor,
            action="stage.rescreened",
            engine=evaluation.engine,
            inputs={"stage_config": stage.config, "answers": result.answers},
            output={
                "from": old,
                "to": new,
                "score": evaluation.score,
                "failed_dealbreakers": [d.rule_id for d in evaluation.failed_dealbreakers],
                "review_reasons": evaluation.review_reasons,
            },
            reason=reason,
        )
        if (old == StageResultStatus.FAILED) != (new == StageResultStatus.FAILED):
            changed.append((result, old, new))
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("job")
        .get(pk=resume.application_id)
    )
    for result, old, new in changed:
        _follow(application=application, result=result, old=old, new=new, actor=actor, reason=reason)
    application.overall_score = _overall_score(application)
    application.flagged = any(
        status == StageResultStatus.FLAGGED or (evaluation or {}).get("review_reasons")
        for status, evaluation in StageResult.objects.filter(application=application).values_list(
            "status", "evaluation"
        )
    )
    application.save(update_fields=["overall_score", "flagged", "updated_at"])
    return results, changed


def _follow(
    *, application: Application, result: StageResult, old: str, new: str, actor: User, reason: str
) -> None:
    """A re-screen that turns a pass into a fail (or back) moves the application with it."""
    if application.status in HUMAN_DECISIONS:
        return  # a person already decided; the report shows the new result for them to revisit
    stage = result.stage
    before = application.status
    now = timezone.now()
    if new == StageResultStatus.FAILED:
        application.status = ApplicationStatus.DISQUALIFIED
        application.disqualified_at = now
        application.current_stage = stage
        fired = [d for d in result.evaluation.get("dealbreakers", []) if not d.get("passed", True)]
        Event.objects.create(
            application=application,
            kind=EventKind.DISQUALIFIED,
            data={
                "stage_id": stage.pk,
                "stage": stage.name,
                "by": actor.username,
                "reason": f"re-screened after a correction: {reason}",
                "rules": [{"label": d["label"], "rule": d["rule"], "answer": d["answer"]} for d in fired],
            },
        )
    elif application.status == ApplicationStatus.DISQUALIFIED:
        nxt = application.job.stages.filter(position__gt=stage.position).order_by("position", "id").first()
        application.disqualified_at = None
        if nxt is None:
            application.status = ApplicationStatus.COMPLETED
            application.completed_at = application.completed_at or now
            application.current_stage = None
        else:
            application.status = ApplicationStatus.IN_PROGRESS
            application.current_stage = nxt
            StageResult.objects.get_or_create(application=application, stage=nxt)
        Event.objects.create(
            application=application,
            kind=EventKind.OVERRIDDEN,
            data={
                "stage": stage.name,
                "by": actor.username,
                "reason": f"re-screened after a correction: {reason}",
            },
        )
    else:
        return
    application.save(
        update_fields=["status", "disqualified_at", "completed_at", "current_stage", "updated_at"]
    )
    audit_record(
        organization_id=application.organization_id,
        application=application,
        job_id=application.job_id,
        stage_id=stage.pk,
        actor=actor,
        action="resume.status_changed",
        output={
            "stage_result": {"from": old, "to": new},
            "application": {"from": before, "to": application.status},
        },
        reason=reason,
    )


__all__ = ["CorrectionOutcome", "ResumeReadError", "resume_attach", "resume_correct", "resume_create"]
