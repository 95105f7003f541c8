"""Resumes with applications: upload one (multipart) and read what was parsed and screened.

A resume sent here is read at once and kept with the application; it is screened when the candidate
reaches the job's Resume stage (they confirm it there, or upload another), after consent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from screenroom.api.auth import api_actor, request_org
from screenroom.api.errors import ApiError, field_error
from screenroom.api.schemas import ErrorOut
from screenroom.candidates.models import Application
from screenroom.resumes.engine import ResumeReadError
from screenroom.resumes.models import Resume, ResumeSource
from screenroom.resumes.selectors import resume_on_file
from screenroom.resumes.services import resume_create

router = Router(tags=["resumes"])

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class HiddenTextOut(Schema):
    text: str
    reasons: list[str]
    page: int | None = None
    part: str


class ResumeOut(Schema):
    id: int
    application_id: int | None
    file_name: str
    size: int
    sha256: str
    kind: str
    pages: int
    engine: str
    hidden_text: list[HiddenTextOut]
    warnings: list[str]
    profile: dict[str, Any]
    created_at: Any


def _out(resume: Resume) -> dict[str, Any]:
    return {
        "id": resume.pk,
        "application_id": resume.application_id,
        "file_name": resume.original_name,
        "size": resume.size,
        "sha256": resume.sha256,
        "kind": resume.kind,
        "pages": resume.pages,
        "engine": resume.engine_version,
        "hidden_text": [
            {"text": h["text"], "reasons": h["reasons"], "page": h.get("page"), "part": h.get("part", "body")}
            for h in resume.hidden
        ],
        "warnings": resume.warnings,
        "profile": resume.profile,
        "created_at": resume.created_at,
    }


def _application(request: HttpRequest, application_id: int) -> Application:
    application = Application.objects.filter(
        organization=request_org(request), is_preview=False, pk=application_id
    ).first()
    if application is None:
        raise ApiError(404, f"No application {application_id} in this organization.")
    return application


@router.post(
    "/applications/{application_id}/resume",
    response={201: ResumeOut, **ERRORS, 413: ErrorOut},
    summary="Attach a resume to an application (multipart field `file`: PDF, DOCX, RTF or TXT)",
)
def upload_resume(request: HttpRequest, application_id: int, file: File[UploadedFile]) -> Status[Any]:
    application = _application(request, application_id)
    limit = int(getattr(settings, "RESUME_MAX_BYTES", 10 * 1024 * 1024))
    if file.size is None or file.size > limit:
        raise ApiError(413, f"The file is larger than {limit // (1024 * 1024)} MB.")
    try:
        resume = resume_create(
            organization_id=application.organization_id,
            data=file.read(),
            filename=file.name or "resume",
            source=ResumeSource.API,
            application=application,
            uploaded_by=api_actor(request),
        )
    except ResumeReadError as exc:
        status = 413 if exc.code == "too_large" else 422
        raise ApiError(
            status,
            exc.message,
            code="resume_" + exc.code if status == 422 else "",
            details=[field_error(["body", "file"], exc.message, exc.code)],
        ) from exc
    return Status(201, _out(resume))


@router.get(
    "/applications/{application_id}/resume",
    response={200: ResumeOut, **ERRORS},
    summary="The latest resume of an application, as parsed (profile with evidence spans, hidden text)",
)
def get_resume(request: HttpRequest, application_id: int) -> dict[str, Any]:
    application = _application(request, application_id)
    resume = resume_on_file(application=application)
    if resume is None:
        raise ApiError(404, f"Application {application_id} has no resume.")
    return _out(resume)
