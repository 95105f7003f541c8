"""Views: AI provider settings (owner), the chat builder and "Try your rubric" (staff), and the
candidate's no-JavaScript turn form. Views validate input and call one service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from screenroom.interviews import ai, builder, services
from screenroom.interviews.config import ChatConfig
from screenroom.interviews.forms import ProviderForm
from screenroom.interviews.models import AIProviderSettings
from screenroom.interviews.selectors import NoAccess, chat_access, chat_stage_get, recent_calls
from screenroom.jobs import selectors as job_selectors
from screenroom.jobs.models import JobStatus, Stage
from screenroom.orgs.models import Role
from screenroom.orgs.permissions import owner_required, recruiter_required, viewer_required
from screenroom.stages.registry import StageConfigError

SAMPLES_PER_QUESTION = 3
MAX_SAMPLE_CHARS = 4000


# --- AI provider settings --------------------------------------------------------------------------


def _provider_row(request: HttpRequest) -> AIProviderSettings | None:
    return ai.provider_settings(request.org.pk)  # type: ignore[attr-defined]


@owner_required
@require_http_methods(["GET", "POST"])
def provider_settings(request: HttpRequest) -> HttpResponse:
    row = _provider_row(request)
    has_key = bool(row and row.has_key)
    if request.method == "POST":
        form = ProviderForm(request.POST, has_key=has_key)
        if form.is_valid():
            services.provider_settings_save(
                organization_id=request.org.pk,  # type: ignore[attr-defined]
                data=form.to_input(),
                actor=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, "AI provider settings saved.")
            return redirect("interviews:provider_settings")
    else:
        initial: dict[str, Any] = {"provider": "none", "timeout_s": 20}
        if row is not None:
            initial = {
                "provider": row.provider,
                "base_url": row.base_url,
                "model": row.model,
                "timeout_s": row.timeout_s,
            }
        form = ProviderForm(initial=initial, has_key=has_key)
    return render(
        request,
        "interviews/provider_settings.html",
        {
            "form": form,
            "row": row,
            "has_key": has_key,
            "calls": list(recent_calls(organization=request.org)),  # type: ignore[attr-defined]
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@owner_required
@require_POST
def provider_test(request: HttpRequest) -> HttpResponse:
    check = services.provider_connection_test(organization_id=request.org.pk)  # type: ignore[attr-defined]
    text = check.message + (f" ({check.latency_ms:.0f} ms)" if check.latency_ms is not None else "")
    if request.headers.get("HX-Request") == "true":
        return render(request, "interviews/_connection_result.html", {"check": check, "text": text})
    (messages.success if check.ok else messages.error)(request, text)
    return redirect("interviews:provider_settings")


# --- the chat stage builder ------------------------------------------------------------------------


def _chat_stage(request: HttpRequest, job_id: int, stage_id: int) -> Stage:
    job = job_selectors.job_get(organization=request.org, job_id=job_id)  # type: ignore[attr-defined]
    try:
        return chat_stage_get(job=job, stage_id=stage_id)
    except Stage.DoesNotExist:
        raise Http404("No such chat stage.") from None


def _can_edit(request: HttpRequest) -> bool:
    return bool(request.membership and request.membership.has_role(Role.RECRUITER))  # type: ignore[attr-defined]


@recruiter_required
@require_POST
def builder_save(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _chat_stage(request, job_id, stage_id)
    form = builder.form_from_post(request.POST)
    action = request.POST.get("action", "save")
    if action == "add":
        if len(form.questions) >= builder.MAX_QUESTIONS:
            form.errors = [f"A chat interview can have at most {builder.MAX_QUESTIONS} questions."]
        else:
            form.questions.append(builder.blank_question())
            form.note = "A blank question was added at the end. Fill it in, then save."
        return _builder_page(request, stage, form)
    if action.startswith(("up:", "down:")):
        direction, _, index = action.partition(":")
        if index.isdigit():
            builder.move(form, int(index), direction)
    config = builder.validate(form)
    if config is None:
        return _builder_page(request, stage, form, status=400)
    try:
        builder.chat_config_save(stage=stage, config=config)
    except StageConfigError as exc:
        form.errors = exc.messages
        return _builder_page(request, stage, form, status=400)
    messages.success(request, "Interview plan saved.")
    return HttpResponseRedirect(reverse("jobs:stage", args=[job_id, stage_id]) + "#builder")


def _builder_page(
    request: HttpRequest, stage: Stage, form: builder.BuilderForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "interviews/builder_page.html",
        {
            "job": stage.job,
            "stage": stage,
            "builder_form": form,
            "can_edit": True,
            "is_live": stage.job.status == JobStatus.LIVE,
        },
        status=status,
    )


@viewer_required
@require_http_methods(["GET", "POST"])
def try_rubric(request: HttpRequest, job_id: int, stage_id: int) -> HttpResponse:
    stage = _chat_stage(request, job_id, stage_id)
    config = ChatConfig.model_validate(stage.config)
    samples: dict[str, list[str]] = {
        q.id: [
            (request.POST.get(f"a-{q.id}-{n}") or "")[:MAX_SAMPLE_CHARS] for n in range(SAMPLES_PER_QUESTION)
        ]
        for q in config.questions
    }
    results: list[services.SampleScore] = []
    error = ""
    if request.method == "POST":
        if not any(t.strip() for texts in samples.values() for t in texts):
            error = "Paste at least one sample answer to score."
        else:
            results = services.samples_score(
                organization_id=request.org.pk,  # type: ignore[attr-defined]
                questions=[q.to_engine() for q in config.questions],
                samples=samples,
                stage_id=stage.pk,
            )
    by_key = {(r.question_id, r.answer_index): r for r in results}
    rows = []
    for q in config.questions:
        anchors = q.anchors()
        rows.append(
            {
                "question": q,
                "anchors": sorted(anchors.items()),
                "samples": [
                    {
                        "n": n,
                        "name": f"a-{q.id}-{n}",
                        "text": samples[q.id][n],
                        "result": by_key.get((q.id, n)),
                        "anchor": _nearest_anchor(anchors, by_key[(q.id, n)].score)
                        if (q.id, n) in by_key
                        else "",
                    }
                    for n in range(SAMPLES_PER_QUESTION)
                ],
            }
        )
    engines = ai.engines_for(request.org.pk)  # type: ignore[attr-defined]
    return render(
        request,
        "interviews/try_rubric.html",
        {
            "job": stage.job,
            "stage": stage,
            "rows": rows,
            "error": error,
            "scored": bool(results),
            "engine_label": (
                f"{engines.provider.name} · {engines.provider.model}"
                if engines.provider
                else "the offline rule-based scorer"
            ),
            "can_edit": _can_edit(request),
        },
        status=400 if error else 200,
    )


def _nearest_anchor(anchors: dict[int, str], score: int) -> str:
    """The recruiter's words for this score, or which of their anchors it falls between."""
    if score in anchors:
        return f"Anchor {score}: {anchors[score]}"
    below = max((n for n in anchors if n < score), default=None)
    above = min((n for n in anchors if n > score), default=None)
    if below is not None and above is not None:
        return f"Between anchor {below} and anchor {above}."
    return ""


# --- the candidate's text alternative (no JavaScript, no WebSocket) -------------------------------


@never_cache
@require_POST
def candidate_turn(request: HttpRequest, token: str, stage_id: int) -> HttpResponse:
    try:
        access = chat_access(token=token, stage_id=stage_id)
    except NoAccess as exc:
        if exc.code == 4409:  # finished meanwhile: the stage page sends them on
            return redirect("portal:stage", token, stage_id)
        return render(
            request,
            "interviews/chat_unavailable.html",
            {"message": exc.message},
            status=404 if exc.code == 4404 else 410,
        )
    session = services.session_start(application=access.application, stage=access.stage)
    stage_url = reverse("portal:stage", args=[token, stage_id])
    try:
        outcome = services.interview_turn(
            session_id=session.pk,
            turn_id=request.POST.get("turn_id", ""),
            text=request.POST.get("message", ""),
        )
    except services.TurnRejected as exc:
        return HttpResponseRedirect(f"{stage_url}?chat_error={_error_code(str(exc))}#chat-form")
    except services.TurnConflict:
        return HttpResponseRedirect(f"{stage_url}?chat_error=busy#chat-form")
    if outcome.finished:
        services.interview_finish(session_id=session.pk)
    return HttpResponseRedirect(f"{stage_url}#chat-latest")


CHAT_ERRORS = {
    "empty": "Write an answer before sending.",
    "long": f"Please keep a message under {services.MAX_MESSAGE_CHARS} characters.",
    "busy": "The interview was busy. Send your message again.",
    "stale": "The message could not be sent. Reload the page and try again.",
}


def _error_code(message: str) -> str:
    for code, text in CHAT_ERRORS.items():
        if text == message:
            return code
    return "stale"
