from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Field as NinjaField
from ninja import Query, Router, Schema, Status

from screenroom.api.auth import api_actor, request_org
from screenroom.api.errors import ApiError
from screenroom.api.idempotency import idempotent
from screenroom.api.schemas import ErrorOut, JobIn, JobOut, JobPage, JobPatch, JobStatusIn, JobStatusLiteral
from screenroom.api.services import api_job_create, api_job_update
from screenroom.jobs.models import Job, Stage
from screenroom.jobs.services import JobRuleError, job_set_status

router = Router(tags=["jobs"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class JobFilters(Schema):
    status: JobStatusLiteral | None = None
    limit: int = NinjaField(50, ge=1, le=200)
    offset: int = NinjaField(0, ge=0)


def _jobs(request: HttpRequest) -> Any:
    return Job.objects.filter(organization=request_org(request)).prefetch_related(
        Prefetch("stages", queryset=Stage.objects.order_by("position", "id"))
    )


def _job(request: HttpRequest, job_id: int) -> Job:
    job = _jobs(request).filter(pk=job_id).first()
    if job is None:
        raise ApiError(404, f"No job {job_id} in this organization.")
    return job


def _out(job: Job) -> dict[str, Any]:
    return JobOut.from_orm(job).model_dump(mode="json")


@router.get("/jobs", response={200: JobPage, **ERRORS}, summary="List jobs")
def list_jobs(request: HttpRequest, filters: Query[JobFilters]) -> dict[str, Any]:
    jobs = _jobs(request).order_by("-created_at", "-id")
    if filters.status:
        jobs = jobs.filter(status=filters.status)
    page = list(jobs[filters.offset : filters.offset + filters.limit])
    return {"items": page, "count": jobs.count(), "limit": filters.limit, "offset": filters.offset}


@router.post("/jobs", response={201: JobOut, **ERRORS, 409: ErrorOut}, summary="Create a job (draft)")
def create_job(request: HttpRequest, response: HttpResponse, payload: JobIn) -> Status[Any]:
    def create() -> tuple[int, dict[str, Any]]:
        job = api_job_create(
            organization=request_org(request),
            actor=api_actor(request),
            fields=payload.model_dump(exclude_unset=True),
            stages=payload.stages,
        )
        return 201, _out(_job(request, job.pk))

    return idempotent(request, response, create)


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS}, summary="Get a job with its pipeline")
def get_job(request: HttpRequest, job_id: int) -> Job:
    return _job(request, job_id)


@router.patch(
    "/jobs/{job_id}",
    response={200: JobOut, **ERRORS, 409: ErrorOut},
    summary="Update a job; `stages`, when sent, replaces the pipeline",
)
def update_job(request: HttpRequest, job_id: int, payload: JobPatch) -> Job:
    job = _job(request, job_id)
    fields = payload.model_dump(exclude_unset=True)
    api_job_update(job=job, fields=fields, stages=payload.stages if "stages" in fields else None)
    return _job(request, job_id)


@router.post(
    "/jobs/{job_id}/status",
    response={200: JobOut, **ERRORS, 409: ErrorOut},
    summary="Change a job's status (draft → live → closed)",
)
def set_job_status(request: HttpRequest, job_id: int, payload: JobStatusIn) -> Job:
    job = _job(request, job_id)
    try:
        job_set_status(job=job, status=payload.status, actor=api_actor(request))  # type: ignore[arg-type]
    except JobRuleError as exc:
        raise ApiError(409, str(exc), code="job_status_not_allowed") from exc
    return _job(request, job_id)
