"""Changes to jobs and their pipelines. Views validate input and call exactly one of these."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from screenroom.audit.services import audit_record
from screenroom.jobs.models import Job, JobStatus, Stage
from screenroom.jobs.selectors import stage_real_result_count
from screenroom.orgs.models import Organization
from screenroom.stages.registry import StageConfigError, get_stage_type

JOB_FIELDS = [
    "title",
    "location",
    "remote",
    "description",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "welcome_message",
    "disqualified_behavior",
    "disqualified_message",
    "link_expiry_days",
    "reminder_after_days",
    "reminder_max",
]

# Which lifecycle moves are allowed. A job never goes back to draft: candidates may have seen it.
TRANSITIONS: dict[str, set[str]] = {
    JobStatus.DRAFT: {JobStatus.LIVE, JobStatus.CLOSED},
    JobStatus.LIVE: {JobStatus.CLOSED},
    JobStatus.CLOSED: {JobStatus.LIVE},
}


class JobRuleError(ValueError):
    """A change that the job's state does not allow; the message is shown to the recruiter."""


@transaction.atomic
def job_create(*, organization: Organization, actor: User, data: dict[str, Any]) -> Job:
    job = Job(organization=organization, status=JobStatus.DRAFT)
    for name in JOB_FIELDS:
        if name in data:
            setattr(job, name, data[name])
    job.full_clean()
    job.save()
    audit_record(organization_id=organization.pk, job_id=job.pk, actor=actor, action="job.created", output={})
    return job


@transaction.atomic
def job_update(*, job: Job, data: dict[str, Any]) -> Job:
    changed = [name for name in JOB_FIELDS if name in data and getattr(job, name) != data[name]]
    for name in changed:
        setattr(job, name, data[name])
    if changed:
        job.full_clean()
        job.save(update_fields=[*changed, "updated_at"])
    return job


def job_readiness_problems(*, job: Job) -> list[str]:
    """What stops this job from going live, in words a recruiter can act on."""
    stages = list(job.stages.order_by("position", "id"))
    if not stages:
        return ["Add at least one stage to the pipeline."]
    problems = []
    for stage in stages:
        try:
            stage_type = get_stage_type(stage.kind)
        except StageConfigError as exc:
            problems.append(f"The stage “{stage.name}” has invalid settings: {exc}")
            continue
        problems.extend(stage_type.readiness_problems(stage))
    return problems


@transaction.atomic
def job_set_status(*, job: Job, status: str, actor: User) -> Job:
    locked = Job.objects.select_for_update().get(pk=job.pk)
    if status not in JobStatus.values:
        raise JobRuleError("Unknown status.")
    if status == locked.status:
        return locked
    if status not in TRANSITIONS[locked.status]:
        raise JobRuleError(
            f"A {locked.get_status_display().lower()} job cannot become {JobStatus(status).label.lower()}."
        )
    if status == JobStatus.LIVE:
        problems = job_readiness_problems(job=locked)
        if problems:
            raise JobRuleError("The job cannot go live yet. " + " ".join(problems))
    previous = locked.status
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        organization_id=locked.organization_id,
        job_id=locked.pk,
        actor=actor,
        action="job.status",
        output={"from": previous, "to": status},
    )
    return locked


# --- Pipeline -------------------------------------------------------------------------------------


def _renumber(job: Job, ordered: list[Stage]) -> None:
    """Positions stay 0..n-1 in the given order, so "next stage" is always well defined."""
    changed = []
    for index, stage in enumerate(ordered):
        if stage.position != index:
            stage.position = index
            changed.append(stage)
    if changed:
        Stage.objects.bulk_update(changed, ["position"])


def _locked_stages(job: Job) -> list[Stage]:
    # Lock the job row so two reorders cannot interleave and leave duplicate positions.
    Job.objects.select_for_update().filter(pk=job.pk).exists()
    return list(job.stages.order_by("position", "id"))


@transaction.atomic
def stage_add(*, job: Job, kind: str, name: str = "") -> Stage:
    stage_type = get_stage_type(kind)
    stages = _locked_stages(job)
    _renumber(job, stages)
    return Stage.objects.create(
        job=job,
        position=len(stages),
        kind=kind,
        name=(name.strip() or stage_type.label)[:200],
        config=stage_type.default_config(),
    )


@transaction.atomic
def stage_update(*, stage: Stage, name: str, enforce_criteria: bool) -> Stage:
    name = name.strip()
    if not name:
        raise JobRuleError("Give the stage a name.")
    stage.name = name[:200]
    stage.enforce_criteria = enforce_criteria
    stage.save(update_fields=["name", "enforce_criteria", "updated_at"])
    return stage


@transaction.atomic
def stage_move(*, stage: Stage, direction: str) -> None:
    stages = _locked_stages(stage.job)
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(stages):
        stages[index], stages[target] = stages[target], stages[index]
    _renumber(stage.job, stages)


@transaction.atomic
def stage_reorder(*, job: Job, stage_ids: list[int]) -> None:
    stages = _locked_stages(job)
    by_id = {s.pk: s for s in stages}
    if sorted(stage_ids) != sorted(by_id):
        # A stale tab (a stage was added or deleted meanwhile): refuse rather than guess.
        raise JobRuleError("The pipeline changed in another tab. Reload the page and try again.")
    _renumber(job, [by_id[i] for i in stage_ids])


@transaction.atomic
def stage_delete(*, stage: Stage) -> None:
    job = stage.job
    stages = _locked_stages(job)
    reached = stage_real_result_count(stage=stage)
    if reached:
        raise JobRuleError(
            f"“{stage.name}” cannot be deleted: {reached} candidate(s) have results for it, and their "
            "reports refer to it. Close the job and create a new one to change the pipeline this much."
        )
    if job.status == JobStatus.LIVE and len(stages) == 1:
        raise JobRuleError("A live job needs at least one stage. Add another stage first, or close the job.")
    deleted_pk = stage.pk  # delete() clears stage.pk
    stage.delete()
    _renumber(job, [s for s in stages if s.pk != deleted_pk])


@transaction.atomic
def stage_config_save(*, stage: Stage, config: dict[str, Any]) -> Stage:
    """Store a stage's settings after its type has validated them (raises StageConfigError)."""
    clean = get_stage_type(stage.kind).validate_config(config)
    stage.config = clean
    stage.save(update_fields=["config", "updated_at"])
    return stage
