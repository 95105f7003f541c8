"""API writes that combine the jobs services: a job with its whole pipeline in one request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from screenroom.api.errors import ApiError, field_error
from screenroom.api.schemas import StageIn
from screenroom.jobs.models import Job, Stage
from screenroom.jobs.services import (
    JobRuleError,
    job_create,
    job_update,
    stage_add,
    stage_config_save,
    stage_delete,
    stage_reorder,
    stage_update,
)
from screenroom.orgs.models import Organization
from screenroom.stages.registry import StageConfigError, get_stage_type


def validated_stage_configs(stages: list[StageIn]) -> list[dict[str, Any] | None]:
    """Check every stage before anything is written, so all problems come back in one 422."""
    details: list[dict[str, Any]] = []
    configs: list[dict[str, Any] | None] = []
    for index, stage in enumerate(stages):
        try:
            stage_type = get_stage_type(stage.kind)
        except StageConfigError as exc:
            details.append(field_error(["body", "stages", index, "kind"], exc.messages[0]))
            configs.append(None)
            continue
        if stage.config is None:
            configs.append(None)
            continue
        try:
            configs.append(stage_type.validate_config(stage.config))
        except StageConfigError as exc:
            for message in exc.messages:
                path, _, text = message.partition(": ")
                loc: list[str | int] = ["body", "stages", index, "config"]
                loc += [int(p) if p.isdigit() else p for p in path.split(".") if p and p != "__root__"]
                details.append(field_error(loc, text or message))
            configs.append(None)
    if details:
        raise ApiError(422, "A stage's settings are invalid.", details=details)
    return configs


def _model_errors(exc: DjangoValidationError) -> ApiError:
    details = [
        field_error(["body", name], message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]
    return ApiError(422, "The job has invalid fields.", details=details)


def _apply_stage(stage: Stage, data: StageIn, config: dict[str, Any] | None) -> None:
    stage_update(stage=stage, name=data.name or stage.name, enforce_criteria=data.enforce_criteria)
    if config is not None:
        stage_config_save(stage=stage, config=config)


def _sync_pipeline(job: Job, stages: list[StageIn], configs: list[dict[str, Any] | None]) -> None:
    """Make the job's pipeline exactly `stages`, in that order (stages with results cannot go).

    `configs` is `validated_stage_configs(stages)`, checked by the caller before anything is written.
    """
    existing = {s.pk: s for s in job.stages.all()}
    kept: list[int] = []
    for index, (data, config) in enumerate(zip(stages, configs, strict=True)):
        if data.id is not None:
            stage = existing.get(data.id)
            if stage is None:
                raise ApiError(
                    422,
                    f"Stage {data.id} is not part of this job.",
                    details=[field_error(["body", "stages", index, "id"], "Unknown stage id.")],
                )
            if data.kind != stage.kind:
                raise ApiError(
                    422,
                    "A stage's kind cannot change; remove it and add a new stage.",
                    details=[field_error(["body", "stages", index, "kind"], "Cannot change kind.")],
                )
            if stage.pk in kept:
                raise ApiError(422, f"Stage {data.id} is listed twice.")
        else:
            stage = stage_add(job=job, kind=data.kind, name=data.name)
        _apply_stage(stage, data, config)
        kept.append(stage.pk)
    # Deleting after adding keeps a live job from ever having no stage in between.
    for pk, stage in existing.items():
        if pk not in kept:
            stage_delete(stage=stage)
    stage_reorder(job=job, stage_ids=kept)


def _job_data(fields: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in fields.items() if k != "stages"}
    if data.get("disqualified_message") is None:
        data.pop("disqualified_message", None)
    if data.get("salary_currency") is None:
        data.pop("salary_currency", None)
    return data


@transaction.atomic
def api_job_create(
    *, organization: Organization, actor: User | None, fields: dict[str, Any], stages: list[StageIn]
) -> Job:
    configs = validated_stage_configs(stages)
    try:
        job = job_create(organization=organization, actor=actor, data=_job_data(fields))  # type: ignore[arg-type]
        if stages:
            _sync_pipeline(job, stages, configs)
    except DjangoValidationError as exc:
        raise _model_errors(exc) from exc
    except (JobRuleError, StageConfigError) as exc:
        raise ApiError(409, str(exc), code="rule_violation") from exc
    return job


@transaction.atomic
def api_job_update(*, job: Job, fields: dict[str, Any], stages: list[StageIn] | None) -> Job:
    locked = Job.objects.select_for_update().get(pk=job.pk)
    try:
        job_update(job=locked, data=_job_data(fields))
        if stages is not None:
            _sync_pipeline(locked, stages, validated_stage_configs(stages))
    except DjangoValidationError as exc:
        raise _model_errors(exc) from exc
    except (JobRuleError, StageConfigError) as exc:
        raise ApiError(409, str(exc), code="rule_violation") from exc
    return locked
