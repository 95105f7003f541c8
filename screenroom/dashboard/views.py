"""The recruiter dashboard: jobs, a job's candidates and funnel, the report, exports and the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from screenroom.candidates.models import Application, ApplicationStatus
from screenroom.candidates.services import (
    ActionNotAllowed,
    application_decide,
    application_override_disqualification,
)
from screenroom.dashboard import exports, selectors
from screenroom.dashboard.forms import CandidateFilterForm, DecisionForm
from screenroom.jobs.models import Job
from screenroom.jobs.selectors import job_get
from screenroom.orgs.models import Role
from screenroom.orgs.permissions import recruiter_required, viewer_required
from screenroom.stages.registry import StageConfigError, get_stage_type

AUDIT_PAGE_SIZE = 50


def _url_or_none(name: str, *args: Any) -> str | None:
    # Sibling apps register their pages independently; a link to a page that does not exist yet is hidden.
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _can_change(request: HttpRequest) -> bool:
    return bool(request.membership.has_role(Role.RECRUITER))  # type: ignore[attr-defined]


def _job_or_404(request: HttpRequest, job_id: int) -> Job:
    return job_get(organization=request.org, job_id=job_id)  # type: ignore[attr-defined]


@viewer_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    summaries = selectors.job_summaries(organization=request.org)  # type: ignore[attr-defined]
    return render(
        request,
        "dashboard/home.html",
        {
            "summaries": summaries,
            "statuses": ApplicationStatus.choices,
            "new_job_url": _url_or_none("jobs:create") if _can_change(request) else None,
        },
    )


@viewer_required
@require_GET
def settings_home(request: HttpRequest) -> HttpResponse:
    links = [
        ("orgs:branding", "Branding", "Logo, colours, welcome message, sender name and privacy policy."),
        ("orgs:members", "Members", "Who can see and change jobs and candidates, and their roles."),
        ("orgs:tokens", "API tokens", "Tokens for the REST API under /api/v1/."),
        ("webhooks:endpoints", "Webhooks", "Signed notifications to your systems when things happen."),
        ("dashboard:audit", "Audit log", "Every automated decision and every human override."),
        (
            "interviews:provider_settings",
            "AI provider",
            "Offline by default, or your OpenAI-compatible or Anthropic account for chat interviews.",
        ),
    ]
    available = [
        {"url": url, "title": title, "description": description}
        for name, title, description in links
        if (url := _url_or_none(name)) is not None
    ]
    return render(request, "dashboard/settings.html", {"links": available})


@viewer_required
@require_GET
def job_candidates(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    stages = selectors.job_stages(job=job)
    form = CandidateFilterForm(
        request.GET or None,
        status_choices=list(ApplicationStatus.choices),
        stage_choices=[(s.pk, s.name) for s in stages],
    )
    filters = selectors.CandidateFilters(
        status=str(form.value("status", "")),
        stage_id=form.value("stage", None),  # type: ignore[arg-type]
        search=str(form.value("q", "")).strip(),
        sort=str(form.value("sort", selectors.DEFAULT_SORT)),
        page=int(form.value("page", 1)),  # type: ignore[call-overload]
        per_page=int(form.value("per_page", selectors.DEFAULT_PAGE_SIZE)),  # type: ignore[call-overload]
    )
    funnel = selectors.job_funnel(job=job, stages=stages)
    page = selectors.candidate_page(job=job, stages=stages, filters=filters, known_total=funnel.total)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "job": job,
        "stages": stages,
        "stage_names": {s.pk: s.name for s in stages},
        "funnel": funnel,
        "page": page,
        "filters": filters,
        "form": form,
        "sorts": [(key, label) for key, (label, _) in selectors.SORTS.items()],
        "page_sizes": selectors.PAGE_SIZES,
        "statuses": ApplicationStatus.choices,
        "query_without_page": query.urlencode(),
        # Reversed once, not once per row: "/app/applications/0/" → "/app/applications/".
        "report_base": reverse("dashboard:report", args=[0]).removesuffix("0/"),
        "export_csv": reverse("dashboard:export", args=[job.pk, "csv"]),
        "export_json": reverse("dashboard:export", args=[job.pk, "json"]),
        "invite_url": _url_or_none("invitations:invite", job.pk) if _can_change(request) else None,
    }
    return render(request, "dashboard/job.html", context)


def _report_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    stages = selectors.job_stages(job=application.job)
    reports = selectors.stage_reports(application=application, stages=stages)
    for report in reports:
        report.type_template = _type_report_template(report.stage.kind)
    return {
        "application": application,
        "job": application.job,
        "candidate": application.candidate,
        "stage_reports": reports,
        "events": list(application.events.all()),
        "consents": list(application.consents.all()),
        "accommodations": list(application.accommodations.all()),
        "emails": list(application.emails.order_by("created_at", "id")),  # type: ignore[attr-defined]
        "audit": list(
            selectors.audit_entries(organization=request.org, application_id=application.pk)  # type: ignore[attr-defined]
        ),
        "can_change": _can_change(request),
        "can_override": application.status == ApplicationStatus.DISQUALIFIED,
        "decision_form": DecisionForm(),
    }


def _type_report_template(kind: str) -> str:
    """The stage type's own report partial when it ships one; otherwise the generic answers table."""
    try:
        name = get_stage_type(kind).report_template
        get_template(name)
    except (StageConfigError, TemplateDoesNotExist, AttributeError):
        return ""
    return name


def _application_or_404(request: HttpRequest, application_id: int) -> Application:
    application = selectors.application_for_report(
        organization=request.org,  # type: ignore[attr-defined]
        application_id=application_id,
    )
    if application is None:
        raise Http404("No such candidate.")
    return application


@viewer_required
@require_GET
def report(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_or_404(request, application_id)
    return render(request, "dashboard/report.html", _report_context(request, application))


@recruiter_required
@require_POST
def decide(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application_or_404(request, application_id)
    form = DecisionForm(request.POST)
    error = ""
    if form.is_valid():
        action = form.cleaned_data["action"]
        reason = form.cleaned_data["reason"]
        try:
            if action == "override":
                application_override_disqualification(
                    application=application,
                    actor=request.user,  # type: ignore[arg-type]
                    reason=reason,
                )
                messages.success(request, "Disqualification overridden; the candidate can continue.")
            else:
                decision = ApplicationStatus.ADVANCED if action == "advance" else ApplicationStatus.REJECTED
                application_decide(
                    application=application,
                    actor=request.user,  # type: ignore[arg-type]
                    decision=decision,
                    reason=reason,
                )
                messages.success(request, f"Candidate {decision.label.lower()}.")
            return redirect("dashboard:report", application.pk)
        except ActionNotAllowed as exc:
            error = str(exc)
    context = _report_context(request, application)
    context["decision_form"] = form
    context["decision_error"] = error
    return render(request, "dashboard/report.html", context, status=400)


@viewer_required  # type: ignore[arg-type]  # a streamed response is not an HttpResponse subclass
@require_GET
def export(request: HttpRequest, job_id: int, fmt: str) -> HttpResponseBase:
    job = _job_or_404(request, job_id)
    stages = selectors.job_stages(job=job)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filename = f"{slugify(job.title) or 'job'}-{job.pk}-candidates-{stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_rows(job, stages), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "json":
        response = StreamingHttpResponse(exports.json_chunks(job, stages), content_type="application/json")
    else:
        raise Http404("Export as csv or json.")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@viewer_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    jobs = list(Job.objects.filter(organization=org).order_by("title").only("id", "title"))
    job_id: int | None = None
    raw_job = request.GET.get("job", "")
    if raw_job.isdigit() and any(j.pk == int(raw_job) for j in jobs):
        job_id = int(raw_job)
    actions = selectors.audit_actions(organization=org)
    action = request.GET.get("action", "")
    if action not in actions:
        action = ""
    entries = selectors.audit_entries(organization=org, job_id=job_id, action=action)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboard/audit.html",
        {
            "page": page,
            "jobs": jobs,
            "actions": actions,
            "job_id": job_id,
            "action": action,
            "query_without_page": query.urlencode(),
        },
    )
