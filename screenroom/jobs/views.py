"""Job pages: details, lifecycle, pipeline, a stage's builder, and preview.

Views validate input and call one service. HTMX requests get the changed fragment back; plain POSTs
(no JavaScript) get a redirect to the same page, so every action works both ways.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from screenroom.candidates.services import application_preview_start
from screenroom.jobs import selectors, services
from screenroom.jobs.forms import JobForm, MoveForm, ReorderForm, StageAddForm, StageSettingsForm
from screenroom.jobs.models import Job, JobStatus, Stage
from screenroom.orgs.models import Role
from screenroom.orgs.permissions import recruiter_required, viewer_required
from screenroom.stages.form import builder
from screenroom.stages.registry import StageConfigError, get_stage_type


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership and request.membership.has_role(Role.RECRUITER))  # type: ignore[attr-defined]


def _job(request: HttpRequest, job_id: int) -> Job:
    return selectors.job_get(organization=request.org, job_id=job_id)  # type: ignore[attr-defined]


def _stage(request: HttpRequest, job_id: int, stage_id: int) -> Stage:
    return selectors.stage_get(job=_job(request, job_id), stage_id=stage_id)


# --- Job details and lifecycle --------------------------------------------------------------------


@recruiter_required
@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest) -> HttpResponse:
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = services.job_create(
            organization=request.org,  # type: ignore[attr-defined]
            actor=request.user,  # type: ignore[arg-type]
            data=form.cleaned_data,
        )
        messages.success(request, "Job created as a draft. Now add the stages candidates go through.")
        return redirect("jobs:pipeline", job.pk)
    return render(request, "jobs/job_form.html", {"form": form, "job": None, "can_edit": True})


@viewer_required
@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    can_edit = _can_edit(request)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Your role does not allow this.")
        form = JobForm(request.POST, instance=Job.objects.get(pk=job.pk))
        if form.is_valid():
            services.job_update(job=job, data=form.cleaned_data)
            messages.success(request, "Job details saved.")
            return redirect("jobs:edit", job.pk)
    else:
        form = JobForm(instance=job)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "jobs/job_form.html",
        {
            "form": form,
            "job": job,
            "can_edit": can_edit,
            "transitions": _transitions(job),
            "problems": services.job_readiness_problems(job=job) if job.status == JobStatus.DRAFT else [],
        },
    )


def _transitions(job: Job) -> list[tuple[str, str]]:
    labels = {JobStatus.LIVE: "Go live", JobStatus.CLOSED: "Close the job"}
    if job.status == JobStatus.CLOSED:
        labels[JobStatus.LIVE] = "Reopen"
    return [(status, labels[JobStatus(status)]) for status in sorted(services.TRANSITIONS[job.status])]


@recruiter_required
@require_POST
def job_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        job = services.job_set_status(
            job=job,
            status=request.POST.get("status", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except services.JobRuleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The job is now {job.get_status_display().lower()}.")
    return _back(request, reverse("jobs:edit", args=[job.pk]))


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Return to the page the form was on (same site only), else to the fallback."""
    target = request.POST.get("next", "")
    if not (target.startswith("/app/") and "//" not in target):
        target = fallback
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


# --- Pipeline -------------------------------------------------------------------------------------


def _pipeline_context(request: HttpRequest, job: Job, **extra: Any) -> dict[str, Any]:
    stage_types = selectors.stage_type_choices()
    stages = list(selectors.pipeline_stages(job=job))
    labels = {t.key: t.label for t in stage_types}
    for stage in stages:
        stage.type_label = labels.get(stage.kind, stage.kind)  # type: ignore[attr-defined]
    return {
        "job": job,
        "stages": stages,
        "stage_types": stage_types,
        "can_edit": _can_edit(request),
        "transitions": _transitions(job),
        "problems": services.job_readiness_problems(job=job) if job.status == JobStatus.DRAFT else [],
        **extra,
    }


def _pipeline_response(request: HttpRequest, job: Job, **extra: Any) -> HttpResponse:
    if _is_htmx(request):
        return render(request, "jobs/_pipeline.html", _pipeline_context(request, job, **extra))
    if extra.get("error"):
        messages.error(request, extra["error"])
    elif extra.get("status_message"):
        messages.success(request, extra["status_message"])
    return redirect("jobs:pipeline", job.pk)


@viewer_required
@require_GET
def pipeline(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(request, "jobs/pipeline.html", _pipeline_context(request, job))


@recruiter_required
@require_POST
def stage_add(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    kinds = [(t.key, t.label) for t in selectors.stage_type_choices()]
    form = StageAddForm(request.POST, kinds=kinds)
    if not form.is_valid():
        return _pipeline_response(request, job, error="Choose a stage type from the list.")
    stage = services.stage_add(job=job, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"])
    if not _is_htmx(request):
        messages.success(request, f"Added “{stage.name}”. Now set it up.")
        return redirect("jobs:stage", job.pk, stage.pk)
    return _pipeline_response(request, job, status_message=f"Added “{stage.name}”.")


@recruiter_required
@require_POST
def stage_update(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _stage(request, job_id, stage_id)
    form = StageSettingsForm(request.POST)
    if not form.is_valid():
        return _pipeline_response(request, stage.job, error="Give the stage a name (200 characters at most).")
    services.stage_update(
        stage=stage, name=form.cleaned_data["name"], enforce_criteria=form.cleaned_data["enforce_criteria"]
    )
    return _pipeline_response(request, stage.job, status_message=f"Saved “{stage.name}”.")


@recruiter_required
@require_POST
def stage_move(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _stage(request, job_id, stage_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _pipeline_response(request, stage.job, error="Choose up or down.")
    services.stage_move(stage=stage, direction=form.cleaned_data["direction"])
    stage.refresh_from_db(fields=["position"])
    return _pipeline_response(
        request, stage.job, status_message=f"Moved “{stage.name}” to position {stage.position + 1}."
    )


@recruiter_required
@require_POST
def stage_reorder(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    form = ReorderForm(request.POST)
    try:
        if not form.is_valid():
            raise services.JobRuleError("The new order was not received. Try again.")
        ids = [int(i) for i in form.ids()]
        services.stage_reorder(job=job, stage_ids=ids)
    except ValueError as exc:  # JobRuleError, or an id that is not a number
        message = str(exc) if isinstance(exc, services.JobRuleError) else "The new order was not understood."
        return _pipeline_response(request, job, error=message)
    return _pipeline_response(request, job, status_message="Saved the new order.")


@recruiter_required
@require_http_methods(["GET", "POST"])
def stage_delete(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _stage(request, job_id, stage_id)
    if request.method == "GET":
        # The no-JavaScript confirmation step; with HTMX the browser's confirm dialog is used instead.
        return render(
            request,
            "jobs/confirm_delete.html",
            {
                "job": stage.job,
                "title": f"Delete the stage “{stage.name}”?",
                "explanation": "Its settings and questions are deleted. This cannot be undone.",
                "action": reverse("jobs:stage_delete", args=[job_id, stage_id]),
                "cancel": reverse("jobs:pipeline", args=[job_id]),
            },
        )
    name = stage.name
    try:
        services.stage_delete(stage=stage)
    except services.JobRuleError as exc:
        return _pipeline_response(request, stage.job, error=str(exc))
    return _pipeline_response(request, stage.job, status_message=f"Deleted “{name}”.")


# --- A stage's builder ----------------------------------------------------------------------------


def _builder_context(request: HttpRequest, stage: Stage, **extra: Any) -> dict[str, Any]:
    stage_type = get_stage_type(stage.kind)
    context: dict[str, Any] = {
        "job": stage.job,
        "stage": stage,
        "stage_type": stage_type,
        "can_edit": _can_edit(request),
        "is_live": stage.job.status == JobStatus.LIVE,
    }
    context.update(stage_type.builder_context(stage, request, extra))
    context.update({k: v for k, v in extra.items() if k not in context})
    return context


def _builder_response(request: HttpRequest, stage: Stage, **extra: Any) -> HttpResponse:
    context = _builder_context(request, stage, **extra)
    if _is_htmx(request):
        return render(request, context["stage_type"].builder_template, context)
    return render(request, "jobs/stage.html", context)


def _builder_done(request: HttpRequest, stage: Stage, message: str, anchor: str = "") -> HttpResponse:
    if _is_htmx(request):
        return _builder_response(request, stage, status_message=message)
    messages.success(request, message)
    url = reverse("jobs:stage", args=[stage.job_id, stage.pk])
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _builder_error(request: HttpRequest, stage: Stage, errors: list[str], **extra: Any) -> HttpResponse:
    if _is_htmx(request) or extra:
        return _builder_response(request, stage, config_errors=errors, **extra)
    for error in errors:
        messages.error(request, error)
    return redirect("jobs:stage", stage.job_id, stage.pk)


@viewer_required
@require_GET
def stage_builder(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _stage(request, job_id, stage_id)
    editing = ""
    if _can_edit(request):
        editing = "new" if "add" in request.GET else request.GET.get("edit", "")
    return _builder_response(request, stage, editing=editing)


def _form_stage(request: HttpRequest, job_id: int, stage_id: int) -> Stage:
    stage = _stage(request, job_id, stage_id)
    if stage.kind != "form":
        raise Http404("Not a Form stage.")
    return stage


@recruiter_required
@require_POST
def stage_intro(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _form_stage(request, job_id, stage_id)
    form = builder.IntroForm(request.POST)
    if not form.is_valid():
        return _builder_response(request, stage, intro_form=form)
    try:
        builder.form_intro_save(stage=stage, intro=form.cleaned_data["intro"])
    except StageConfigError as exc:
        return _builder_error(request, stage, builder.humanize_config_errors(exc.messages), intro_form=form)
    return _builder_done(request, stage, "Introduction saved.")


@recruiter_required
@require_POST
def question_save(request: HttpRequest, job_id: int, stage_id: int, question_id: str = "") -> HttpResponse:
    stage = _form_stage(request, job_id, stage_id)
    editing = question_id or "new"
    if question_id and builder.FormConfig.model_validate(stage.config).question(question_id) is None:
        return _builder_error(request, stage, ["That question no longer exists; it may have been deleted."])
    form = builder.QuestionForm(request.POST)
    if not form.is_valid():
        return _builder_response(request, stage, editing=editing, question_form=form)
    try:
        saved_id = builder.form_question_save(
            stage=stage, question_id=question_id or None, data=form.question_data()
        )
    except StageConfigError as exc:
        form.config_errors = builder.humanize_config_errors(exc.messages)
        return _builder_response(request, stage, editing=editing, question_form=form)
    verb = "Saved" if question_id else "Added"
    return _builder_done(
        request, stage, f"{verb} “{form.cleaned_data['label']}”.", anchor=f"question-{saved_id}"
    )


@recruiter_required
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, job_id: int, stage_id: int, question_id: str) -> HttpResponse:
    stage = _form_stage(request, job_id, stage_id)
    question = builder.FormConfig.model_validate(stage.config).question(question_id)
    if question is None:
        return _builder_error(request, stage, ["That question no longer exists; it may have been deleted."])
    if request.method == "GET":
        return render(
            request,
            "jobs/confirm_delete.html",
            {
                "job": stage.job,
                "title": f"Delete the question “{question.label}”?",
                "explanation": "Answers already given to it stay in candidates' reports.",
                "action": reverse("jobs:question_delete", args=[job_id, stage_id, question_id]),
                "cancel": reverse("jobs:stage", args=[job_id, stage_id]),
            },
        )
    try:
        builder.form_question_delete(stage=stage, question_id=question_id)
    except StageConfigError as exc:
        return _builder_error(request, stage, exc.messages)
    return _builder_done(request, stage, f"Deleted “{question.label}”.")


@recruiter_required
@require_POST
def question_move(request: HttpRequest, job_id: int, stage_id: int, question_id: str) -> HttpResponse:
    stage = _form_stage(request, job_id, stage_id)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise StageConfigError(["Choose up or down."])
        builder.form_question_move(
            stage=stage, question_id=question_id, direction=form.cleaned_data["direction"]
        )
    except builder.QuestionNotFound:
        return _builder_error(request, stage, ["That question no longer exists; it may have been deleted."])
    except StageConfigError as exc:
        return _builder_error(request, stage, exc.messages)
    config = builder.FormConfig.model_validate(stage.config)
    position = next(i for i, q in enumerate(config.questions) if q.id == question_id) + 1
    return _builder_done(
        request, stage, f"Moved the question to position {position}.", f"question-{question_id}"
    )


@recruiter_required
@require_POST
def question_reorder(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _form_stage(request, job_id, stage_id)
    form = ReorderForm(request.POST)
    try:
        if not form.is_valid():
            raise StageConfigError(["The new order was not received. Try again."])
        builder.form_questions_reorder(stage=stage, question_ids=form.ids())
    except StageConfigError as exc:
        return _builder_error(request, stage, exc.messages)
    return _builder_done(request, stage, "Saved the new order.")


# --- Preview --------------------------------------------------------------------------------------


@recruiter_required
@require_POST
def job_preview(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    application = application_preview_start(job=job, user=request.user)  # type: ignore[arg-type]
    url = reverse("portal:landing", args=[application.token])
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
