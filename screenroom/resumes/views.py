"""Staff pages for resumes: Resume stage settings, the original file, corrections and bulk import.

Every lookup is scoped to ``request.org`` (another organization's object is a 404); the shared
decorators refuse viewers any unsafe method.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from screenroom.jobs import selectors as job_selectors
from screenroom.jobs.models import JobStatus, Stage
from screenroom.jobs.services import stage_config_save
from screenroom.orgs.models import Role
from screenroom.orgs.permissions import recruiter_required, viewer_required
from screenroom.resumes import selectors
from screenroom.resumes.config import upload_limits
from screenroom.resumes.corrections import CorrectionError
from screenroom.resumes.forms import CorrectionForm, ImportForm, ResumeSettingsForm, ReviewForm
from screenroom.resumes.imports import (
    ImportRefused,
    import_counts,
    import_max_files,
    resume_import_confirm,
    resume_import_create,
    resume_import_skip,
)
from screenroom.resumes.models import Resume
from screenroom.resumes.services import resume_correct
from screenroom.stages.registry import StageConfigError, get_stage_type


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership and request.membership.has_role(Role.RECRUITER))  # type: ignore[attr-defined]


def _resume_stage(request: HttpRequest, job_id: int, stage_id: int) -> Stage:
    job = job_selectors.job_get(organization=request.org, job_id=job_id)  # type: ignore[attr-defined]
    stage = job_selectors.stage_get(job=job, stage_id=stage_id)
    if stage.kind != "resume":
        raise Http404("Not a Resume stage.")
    return stage


def _resume(request: HttpRequest, resume_id: int) -> Resume:
    resume = selectors.resume_for_staff(organization=request.org, resume_id=resume_id)  # type: ignore[attr-defined]
    if resume is None:
        raise Http404("No such resume.")
    return resume


# --- Stage settings (the builder) -----------------------------------------------------------------


@recruiter_required
@require_POST
def stage_settings(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _resume_stage(request, job_id, stage_id)
    form = ResumeSettingsForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            stage_config_save(stage=stage, config=form.config_data())
        except StageConfigError as exc:
            errors = [m.split(": ", 1)[-1] for m in exc.messages]
    if form.is_valid() and not errors:
        if _is_htmx(request):
            return _builder(request, stage, status_message="Resume settings saved.")
        messages.success(request, "Resume settings saved.")
        return redirect("jobs:stage", stage.job_id, stage.pk)
    return _builder(request, stage, resume_form=form, config_errors=errors, status=400)


def _builder(request: HttpRequest, stage: Stage, status: int = 200, **extra: Any) -> HttpResponse:
    stage_type = get_stage_type(stage.kind)
    context = {
        "job": stage.job,
        "stage": stage,
        "stage_type": stage_type,
        "can_edit": True,
        "is_live": stage.job.status == JobStatus.LIVE,
        **extra,
    }
    template = stage_type.builder_template if _is_htmx(request) else "jobs/stage.html"
    return render(request, template, context, status=status)


# --- The original file ----------------------------------------------------------------------------


@viewer_required
@require_GET
@xframe_options_sameorigin  # the report shows a PDF in a same-origin <iframe>
def resume_file(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume(request, resume_id)
    inline = request.GET.get("inline") == "1" and resume.kind == "pdf"
    try:
        handle = resume.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is no longer stored.") from None
    response = FileResponse(handle, content_type=resume.content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, resume.original_name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    # Downloads get a sandbox so a hostile file opened from the address bar runs nothing with the staff
    # session; an inline PDF cannot be sandboxed (browsers refuse to show PDFs in a sandbox), but its
    # viewer runs no page script, and nosniff keeps any other type from being rendered as HTML.
    response["Content-Security-Policy"] = "default-src 'none'" if inline else "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)  # a streaming response; the decorators only pass it through


# --- Corrections ----------------------------------------------------------------------------------


@recruiter_required
@require_POST
def correct(request: HttpRequest, resume_id: int) -> HttpResponse:
    resume = _resume(request, resume_id)
    form = CorrectionForm(request.POST)
    back = (
        reverse("dashboard:report", args=[resume.application_id]) + f"#resume-{resume.pk}"
        if resume.application_id
        else reverse("dashboard:home")
    )
    if not form.is_valid():
        for field_errors in form.errors.values():
            messages.error(request, str(field_errors[0]))
        return redirect(back)
    try:
        outcome = resume_correct(
            resume=resume,
            actor=cast(User, request.user),
            field=form.cleaned_data["field"],
            value=form.cleaned_data["value"],
            reason=form.cleaned_data["reason"],
        )
    except CorrectionError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    note = "Correction saved"
    if outcome.rescreened:
        note += "; screening re-ran"
    if outcome.changed:
        changes = ", ".join(f"{old} → {new}" for _, old, new in outcome.changed)
        note += f" and the result changed ({changes})"
    messages.success(request, note + ".")
    return redirect(back)


# --- Bulk import ----------------------------------------------------------------------------------


@recruiter_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_selectors.job_get(organization=request.org, job_id=job_id)  # type: ignore[attr-defined]
    form = ImportForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if job.status == JobStatus.CLOSED:
            error, status = "This job is closed; it takes no new candidates.", 409
        elif form.is_valid():
            try:
                resume_import = resume_import_create(
                    job=job,
                    actor=cast(User, request.user),
                    files=[(u.name or "resume", u.read()) for u in uploads],
                    send_email=form.cleaned_data["send_email"],
                )
            except ImportRefused as exc:
                error, status = str(exc), 400
            else:
                return redirect("resumes:import_status", resume_import.pk)
        else:
            status = 400
    limits = upload_limits()
    context = {
        "job": job,
        "form": form,
        "error": error,
        "max_mb": limits.max_bytes // (1024 * 1024),
        "max_files": import_max_files(),
    }
    return render(request, "resumes/import.html", context, status=status)


@viewer_required
@require_GET
def import_status(request: HttpRequest, resume_import_id: int) -> HttpResponse:
    resume_import = selectors.import_for_staff(organization=request.org, import_id=resume_import_id)  # type: ignore[attr-defined]
    if resume_import is None:
        raise Http404("No such import.")
    context = {
        "resume_import": resume_import,
        "job": resume_import.job,
        "items": list(
            selectors.import_items(resume_import=resume_import).select_related("application__candidate")
        ),
        "counts": import_counts(resume_import),
        "can_edit": _can_edit(request),
    }
    if _is_htmx(request):
        return render(request, "resumes/_import_progress.html", context)
    return render(request, "resumes/import_status.html", context)


@recruiter_required
@require_POST
def import_item(request: HttpRequest, resume_import_id: int, item_id: int) -> HttpResponse:
    item = selectors.import_item_for_staff(
        organization=request.org,  # type: ignore[attr-defined]
        import_id=resume_import_id,
        item_id=item_id,
    )
    if item is None:
        raise Http404("No such file in this import.")
    back = reverse("resumes:import_status", args=[resume_import_id]) + f"#item-{item.pk}"
    if request.POST.get("action") == "skip":
        resume_import_skip(item=item, actor=cast(User, request.user))
        messages.success(request, f"Skipped {item.filename}.")
        return redirect(back)
    form = ReviewForm(request.POST)
    form.is_valid()
    errors = resume_import_confirm(
        item=item,
        actor=cast(User, request.user),
        name=form.cleaned_data.get("name", ""),
        email=form.cleaned_data.get("email", ""),
        phone=form.cleaned_data.get("phone", ""),
    )
    if errors:
        for message in errors.values():
            messages.error(request, f"{item.filename}: {message}")
    else:
        messages.success(request, f"Added the candidate from {item.filename}.")
    return redirect(back)
