from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field as NinjaField
from ninja import Query, Router, Schema, Status

from screenroom.api.auth import api_actor, request_org
from screenroom.api.errors import ApiError, field_error
from screenroom.api.idempotency import idempotent
from screenroom.api.schemas import (
    ApplicationIn,
    ApplicationOut,
    ApplicationPage,
    ApplicationStatusLiteral,
    ErrorOut,
    ReportOut,
)
from screenroom.candidates.contact import ContactError, clean_contact
from screenroom.candidates.models import Application, Source
from screenroom.candidates.services import ActionNotAllowed, DuplicateApplication, application_invite
from screenroom.jobs.models import Job, JobStatus

router = Router(tags=["applications"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ApplicationFilters(Schema):
    job_id: int | None = None
    status: ApplicationStatusLiteral | None = None
    limit: int = NinjaField(50, ge=1, le=200)
    offset: int = NinjaField(0, ge=0)


def _applications(request: HttpRequest) -> QuerySet[Application]:
    # Preview runs are a recruiter testing the flow: never part of what integrators see.
    return Application.objects.filter(organization=request_org(request), is_preview=False).select_related(
        "candidate"
    )


def _application(request: HttpRequest, application_id: int) -> Application:
    application = _applications(request).filter(pk=application_id).first()
    if application is None:
        raise ApiError(404, f"No application {application_id} in this organization.")
    return application


@router.get("/applications", response={200: ApplicationPage, **ERRORS}, summary="List applications")
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]) -> dict[str, Any]:
    applications = _applications(request)
    if filters.job_id is not None:
        applications = applications.filter(job_id=filters.job_id)
    if filters.status:
        applications = applications.filter(status=filters.status)
    page = list(applications.order_by("-invited_at", "-id")[filters.offset : filters.offset + filters.limit])
    return {"items": page, "count": applications.count(), "limit": filters.limit, "offset": filters.offset}


@router.post(
    "/applications",
    response={201: ApplicationOut, **ERRORS, 409: ErrorOut},
    summary="Invite a candidate to a job (an email is always sent)",
)
def create_application(request: HttpRequest, response: HttpResponse, payload: ApplicationIn) -> Status[Any]:
    job = Job.objects.filter(organization=request_org(request), pk=payload.job_id).first()
    if job is None:
        raise ApiError(
            404,
            f"No job {payload.job_id} in this organization.",
            details=[field_error(["body", "job_id"], "Unknown job.")],
        )
    if job.status != JobStatus.LIVE:
        raise ApiError(
            409,
            f"The job is {job.get_status_display().lower()}; only a live job takes candidates.",
            code="job_not_live",
        )
    try:
        contact = clean_contact(payload.name, payload.email, payload.phone)
    except ContactError as exc:
        raise ApiError(
            422,
            "The candidate's contact details are invalid.",
            details=[field_error(["body", name], message) for name, message in exc.errors.items()],
        ) from exc

    def create() -> tuple[int, dict[str, Any]]:
        try:
            application = application_invite(job=job, contact=contact, source=Source.API)
        except DuplicateApplication as exc:
            raise ApiError(409, str(exc), code="duplicate_application") from exc
        return 201, ApplicationOut.from_orm(_application(request, application.pk)).model_dump(mode="json")

    return idempotent(request, response, create)


@router.get(
    "/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, summary="Get an application"
)
def get_application(request: HttpRequest, application_id: int) -> Application:
    return _application(request, application_id)


@router.get(
    "/applications/{application_id}/report",
    response={200: ReportOut, **ERRORS},
    summary="The report: stage answers, scores, dealbreakers and the timeline",
)
def get_report(request: HttpRequest, application_id: int) -> dict[str, Any]:
    application = _application(request, application_id)
    job = application.job
    results = application.stage_results.select_related("stage").order_by("stage__position", "stage_id")
    stages = [
        {
            "stage_id": r.stage_id,
            "name": r.stage.name,
            "kind": r.stage.kind,
            "position": r.stage.position,
            "status": r.status,
            "score": r.score,
            "engine": r.engine,
            "answers": r.answers,
            "dealbreakers": r.evaluation.get("dealbreakers", []),
            "details": r.evaluation.get("details", {}),
            "started_at": r.started_at,
            "finished_at": r.finished_at,
        }
        for r in results
    ]
    return {
        "application": application,
        "job": {"id": job.pk, "title": job.title, "status": job.status},
        "stages": stages,
        "events": list(application.events.order_by("created_at", "id")),
    }


def _invitation_action(request: HttpRequest, application_id: int, action: str) -> Application:
    from screenroom.invitations.services import invitation_resend, invitation_revoke

    application = _application(request, application_id)
    actor = api_actor(request)
    if actor is None:
        # The invitations services record who acted; a token whose creator left has nobody to name.
        raise ApiError(403, "This token's creator is no longer a user; ask an owner for a new API token.")
    service = invitation_resend if action == "resend" else invitation_revoke
    try:
        service(application=application, actor=actor)
    except ActionNotAllowed as exc:
        raise ApiError(409, str(exc), code="not_allowed") from exc
    return _application(request, application_id)


@router.post(
    "/applications/{application_id}/resend",
    response={200: ApplicationOut, **ERRORS, 409: ErrorOut},
    summary="Send the invitation email again (an expired link gets a new expiry)",
)
def resend_invitation(request: HttpRequest, application_id: int) -> Application:
    return _invitation_action(request, application_id, "resend")


@router.post(
    "/applications/{application_id}/revoke",
    response={200: ApplicationOut, **ERRORS},
    summary="Revoke the candidate's personal link",
)
def revoke_invitation(request: HttpRequest, application_id: int) -> Application:
    return _invitation_action(request, application_id, "revoke")
