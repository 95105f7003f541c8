"""Reads for the job pages. Every lookup is scoped by organization: another org's job is a 404."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from screenroom.jobs.models import Job, Stage
from screenroom.orgs.models import Organization
from screenroom.stages.registry import StageType, stage_types


def job_get(*, organization: Organization, job_id: int) -> Job:
    return get_object_or_404(Job, pk=job_id, organization=organization)


def stage_get(*, job: Job, stage_id: int) -> Stage:
    return get_object_or_404(Stage, pk=stage_id, job=job)


def pipeline_stages(*, job: Job) -> QuerySet[Stage]:
    """The job's stages in order, each with how many real (non-preview) candidates reached it."""
    return job.stages.order_by("position", "id").annotate(
        result_count=Count("results", filter=Q(results__application__is_preview=False))
    )


def stage_real_result_count(*, stage: Stage) -> int:
    return stage.results.filter(application__is_preview=False).count()


def stage_type_choices() -> list[StageType]:
    return list(stage_types().values())
