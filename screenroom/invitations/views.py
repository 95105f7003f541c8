from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from screenroom.candidates.models import Application
from screenroom.candidates.services import ActionNotAllowed, DuplicateApplication, application_invite
from screenroom.invitations.csv_import import CsvFileError, check_csv, decode_csv
from screenroom.invitations.forms import CsvUploadForm, InviteForm
from screenroom.invitations.models import CsvImport
from screenroom.invitations.services import invitation_resend, invitation_revoke
from screenroom.jobs.models import Job, JobStatus
from screenroom.jobs.selectors import job_get
from screenroom.orgs.permissions import recruiter_required, viewer_required


def _job_closed_reason(job: Job) -> str:
    if job.status == JobStatus.DRAFT:
        return "This job is a draft. Make it live (Job details › Status) before inviting candidates."
    if job.status == JobStatus.CLOSED:
        return "This job is closed: it no longer takes candidates. Reopen it to invite more."
    return ""


def _invite_page(
    request: HttpRequest,
    job: Job,
    *,
    form: InviteForm | None = None,
    upload_form: CsvUploadForm | None = None,
    csv_errors: list[Any] | None = None,
    csv_file_error: str = "",
    status: int = 200,
) -> HttpResponse:
    imports = CsvImport.objects.filter(job=job).only(
        "pk", "filename", "status", "created_at", "total_rows", "processed_rows", "created_count"
    )
    context = {
        "job": job,
        "form": form or InviteForm(),
        "upload_form": upload_form or CsvUploadForm(),
        "csv_errors": csv_errors or [],
        "csv_file_error": csv_file_error,
        "closed_reason": _job_closed_reason(job),
        "imports": imports.order_by("-created_at")[:5],
    }
    return render(request, "invitations/invite.html", context, status=status)


def _org_job(request: HttpRequest, job_id: int) -> Job:
    return job_get(organization=request.org, job_id=job_id)  # type: ignore[attr-defined]


@recruiter_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _org_job(request, job_id)
    if request.method == "GET":
        return _invite_page(request, job)
    form = InviteForm(request.POST)
    if _job_closed_reason(job):
        return _invite_page(request, job, form=form, status=409)
    if not form.is_valid():
        return _invite_page(request, job, form=form, status=400)
    try:
        application = application_invite(job=job, contact=form.contact)
    except DuplicateApplication:
        form.add_error("email", f"{form.contact.email} is already invited to this job.")
        return _invite_page(request, job, form=form, status=400)
    messages.success(request, f"Invited {application.candidate.name}; the email is on its way.")
    return redirect("invitations:invite", job_id=job.pk)


@recruiter_required
@require_POST
def csv_upload(request: HttpRequest, job_id: int) -> HttpResponse:
    """Check the whole file now; import it in the worker only if every row is good."""
    job = _org_job(request, job_id)
    upload_form = CsvUploadForm(request.POST, request.FILES)
    if _job_closed_reason(job):
        return _invite_page(request, job, upload_form=upload_form, status=409)
    if not upload_form.is_valid():
        return _invite_page(request, job, upload_form=upload_form, status=400)
    upload = upload_form.cleaned_data["file"]
    try:
        text = decode_csv(upload.read())
        checked = check_csv(text, job=job)
    except CsvFileError as exc:
        return _invite_page(request, job, upload_form=upload_form, csv_file_error=str(exc), status=400)
    filename = (upload.name or "upload.csv")[:255]
    if checked.errors:
        CsvImport.objects.create(
            organization=job.organization,
            job=job,
            created_by=cast(User, request.user),
            filename=filename,
            content="",  # a rejected file is not kept
            status=CsvImport.Status.REJECTED,
            total_rows=len(checked.rows) + len({e.line for e in checked.errors}),
            errors=[e.as_json() for e in checked.errors[:5000]],
        )
        return _invite_page(request, job, upload_form=upload_form, csv_errors=checked.errors, status=400)
    from screenroom.invitations.tasks import run_csv_import

    with transaction.atomic():
        csv_import = CsvImport.objects.create(
            organization=job.organization,
            job=job,
            created_by=cast(User, request.user),
            filename=filename,
            content=text,
            total_rows=len(checked.rows),
        )
        transaction.on_commit(lambda: run_csv_import.enqueue(csv_import.pk))
    return redirect("invitations:import_status", import_id=csv_import.pk)


@viewer_required
@require_GET
def import_status(request: HttpRequest, import_id: int) -> HttpResponse:
    """The progress page; HTMX polls the same URL for just the progress block."""
    csv_import = get_object_or_404(
        CsvImport.objects.select_related("job").defer("content"),
        pk=import_id,
        organization=request.org,  # type: ignore[attr-defined]
    )
    context = {"csv_import": csv_import, "job": csv_import.job}
    if request.headers.get("HX-Request"):
        return render(request, "invitations/_import_progress.html", context)
    return render(request, "invitations/import_status.html", context)


def _staff_application(request: HttpRequest, application_id: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("candidate", "job"),
        pk=application_id,
        organization=request.org,  # type: ignore[attr-defined]
        is_preview=False,
    )


def _back(request: HttpRequest, application: Application) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("dashboard:report", args=[application.pk])
    return HttpResponseRedirect(target)


@recruiter_required
@require_POST
def resend(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _staff_application(request, application_id)
    try:
        application = invitation_resend(application=application, actor=request.user)  # type: ignore[arg-type]
    except ActionNotAllowed as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"A new invitation email to {application.candidate.email} is on its way.")
    if request.headers.get("HX-Request"):
        application.refresh_from_db()
        return render(request, "invitations/_state.html", {"application": application})
    return _back(request, application)


@recruiter_required
@require_POST
def revoke(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _staff_application(request, application_id)
    application = invitation_revoke(application=application, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, f"The link of {application.candidate.name} no longer works.")
    if request.headers.get("HX-Request"):
        return render(request, "invitations/_state.html", {"application": application})
    return _back(request, application)
