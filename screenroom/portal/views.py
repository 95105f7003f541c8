"""The candidate's pages under /c/<token>/: landing, notice and consent, stages, thank-you.

Every page starts from the personal link: one indexed query loads the application with its job and
organization. The landing page is the hot path (every invitation opens it, often several times): its
HTML is cached per job/organization version and served without touching the session.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from screenroom.candidates.models import Application, ApplicationStatus
from screenroom.candidates.services import (
    ACCOMMODATION_MAX_CHARS,
    accommodation_request,
    application_consent,
    application_open,
    stage_submit,
)
from screenroom.jobs.models import DisqualifiedBehavior, Stage
from screenroom.portal.branding import theme_css
from screenroom.portal.notices import notice_render
from screenroom.portal.selectors import (
    LANDING_COLUMNS,
    LinkState,
    application_for_token,
    candidate_location,
    is_finished,
    job_stages,
    link_state,
    stage_for_application,
)
from screenroom.stages.registry import Submission, get_stage_type

LANDING_CACHE_SECONDS = 3600
LANDING_TEMPLATE_VERSION = "1"  # bump when landing.html or portal/base.html change shape
KEPT_FILE_SALT = "portal.kept-upload"
KEPT_FILE_MAX_AGE = 24 * 3600


# --- helpers ---------------------------------------------------------------------------------------


def _branding(application: Application, token: str | None) -> dict[str, Any]:
    """What portal/base.html needs: theme, organization, preview flag, links back into the flow.

    With `token=None` the links are relative to /c/<token>/, which keeps the cached landing page
    independent of any one candidate.
    """
    org = application.job.organization
    if token is None:
        accommodation_url, home_url = "accommodation/", "./"
    else:
        accommodation_url = reverse("portal:accommodation", args=[token])
        home_url = reverse("portal:landing", args=[token])
    return {
        "org": org,
        "job": application.job,
        "theme_css": theme_css(org.primary_color, org.accent_color),
        "is_preview": application.is_preview,
        "accommodation_url": accommodation_url,
        "home_url": home_url,
    }


def _to_location(application: Application) -> HttpResponseRedirect:
    name, args = candidate_location(application)
    return redirect(name, application.token, *args)


def _link_problem(application: Application | None) -> HttpResponse | None:
    """The page for an unusable link, or None when the candidate may go on."""
    if application is None:
        # Nothing about any job or organization: an unknown token must reveal nothing.
        html = render_to_string("portal/link_invalid.html")
        return HttpResponse(html, status=404)
    state = link_state(application)
    if state is LinkState.OK:
        return None
    if state is LinkState.JOB_CLOSED:
        html = render_to_string("portal/closed.html", _branding(application, application.token))
        return HttpResponse(html, status=410)
    html = render_to_string(
        "portal/link_expired.html",
        {"revoked": state is LinkState.REVOKED, "org_name": application.job.organization.name},
    )
    return HttpResponse(html, status=410)


CandidateView = Callable[..., HttpResponse]


def candidate_link(view: CandidateView) -> CandidateView:
    """Resolve the personal link once for a candidate page; unusable links get their page instead."""

    @wraps(view)
    def wrapped(request: HttpRequest, token: str, **kwargs: Any) -> HttpResponse:
        application = application_for_token(token=token)
        problem = _link_problem(application)
        if problem is not None:
            return problem
        assert application is not None
        return view(request, application, token, **kwargs)

    return wrapped


def _client_ip(request: HttpRequest) -> str | None:
    # The proxy in front decides what REMOTE_ADDR means; forwarded headers are not trusted here.
    return request.META.get("REMOTE_ADDR") or None


# Rendered landing pages by cache key, in this process: the key changes with every edit, so an entry
# is never stale, only unused; the bound keeps memory flat.
_landing_memo: dict[str, str] = {}
LANDING_MEMO_MAX = 256


def _landing_key(application: Application) -> str:
    job = application.job
    org = job.organization
    return ":".join(
        [
            "portal:landing",
            LANDING_TEMPLATE_VERSION,
            str(job.pk),
            str(job.updated_at.timestamp()),
            str(org.pk),
            str(org.updated_at.timestamp()),
            "p" if application.is_preview else "c",
        ]
    )


def _cached_landing_html(application: Application) -> str | None:
    key = _landing_key(application)
    html = _landing_memo.get(key)
    if html is None:
        html = cache.get(key)
        if html is not None:
            _remember(key, html)
    return html


def _render_landing_html(application: Application) -> str:
    job = application.job
    context = {
        **_branding(application, None),
        "welcome_message": job.welcome_message or job.organization.welcome_message,
        "start_url": "consent/",
    }
    html = render_to_string("portal/landing.html", context)
    key = _landing_key(application)
    cache.set(key, html, LANDING_CACHE_SECONDS)
    _remember(key, html)
    return html


def _remember(key: str, html: str) -> None:
    if len(_landing_memo) >= LANDING_MEMO_MAX:
        _landing_memo.clear()
    _landing_memo[key] = html


# --- pages -----------------------------------------------------------------------------------------


# What never_cache sets, as one constant header: never_cache's header parsing costs more than the
# rest of a cache hit. Personal links must not be stored by browsers or proxies.
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


@require_safe
def landing(request: HttpRequest, token: str) -> HttpResponse:
    # The hot path: a slim query, then HTML cached per job/organization version.
    application = application_for_token(token=token, columns=LANDING_COLUMNS)
    if application is None or link_state(application) is not LinkState.OK:
        response = _link_problem(application_for_token(token=token)) or redirect("portal:landing", token)
    elif application.consented_at is not None or is_finished(application):
        response = _to_location(application)
    else:
        application_open(application=application)
        html = _cached_landing_html(application)
        if html is None:
            full = application_for_token(token=token)
            assert full is not None
            html = _render_landing_html(full)
        response = HttpResponse(html)
    response["Cache-Control"] = NO_STORE
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@candidate_link
def consent(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if application.consented_at is not None or is_finished(application):
        return _to_location(application)
    application_open(application=application)
    branding = _branding(application, token)
    notice = notice_render(
        application=application,
        stages=job_stages(job_id=application.job_id),
        accommodation_url=branding["accommodation_url"],
    )
    error = ""
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "decline":
            return redirect("portal:declined", token)
        agreed = choice == "agree" and request.POST.get("acknowledge") == "yes"
        if agreed and request.POST.get("notice_sha256") == notice.sha256:
            application = application_consent(
                application=application,
                notice_version=notice.version,
                notice_sha256=notice.sha256,
                ip=_client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
            )
            return _to_location(application)
        if agreed:
            error = "This notice was updated since you opened it. Please read it again before you agree."
        elif choice == "agree":
            error = "Tick the box to confirm you have read the notice, or choose “I do not agree”."
        else:
            error = "Choose whether you agree to continue."
    context = {**branding, "notice": notice, "error": error}
    return render(request, "portal/consent.html", context, status=409 if error else 200)


@never_cache
@require_safe
@candidate_link
def declined(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if application.consented_at is not None or is_finished(application):
        return _to_location(application)
    context = {**_branding(application, token), "consent_url": reverse("portal:consent", args=[token])}
    return render(request, "portal/declined.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@candidate_link
def accommodation(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    error = ""
    message = ""
    if request.method == "POST":
        message = (request.POST.get("message") or "").strip()
        if not message:
            error = "Tell us what you need, so the hiring team can help."
        elif len(message) > ACCOMMODATION_MAX_CHARS:
            error = f"Please keep this under {ACCOMMODATION_MAX_CHARS} characters."
        else:
            accommodation_request(application=application, message=message)
            return redirect("portal:accommodation_sent", token)
    context = {
        **_branding(application, token),
        "error": error,
        "message": message,
        "max_chars": ACCOMMODATION_MAX_CHARS,
    }
    return render(request, "portal/accommodation.html", context, status=400 if error else 200)


@never_cache
@require_safe
@candidate_link
def accommodation_sent(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    return render(request, "portal/accommodation_sent.html", _branding(application, token))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@candidate_link
def stage(request: HttpRequest, application: Application, token: str, stage_id: int) -> HttpResponse:
    # An old tab or a second click lands wherever the candidate now is; nothing is submitted twice.
    if candidate_location(application) != ("portal:stage", (stage_id,)):
        return _to_location(application)
    current = stage_for_application(application=application, stage_id=stage_id)
    if current is None:
        return _to_location(application)
    stage_type = get_stage_type(current.kind)
    if request.method != "POST":
        return _render_stage(request, application, current, Submission(answers={}, errors={}), None)
    submission = stage_type.parse_submission(current, application, request.POST, request.FILES)
    _restore_kept_uploads(request, application, submission)
    if submission.errors:
        return _render_stage(request, application, current, submission, request.POST, status=400)
    stage_submit(application=application, stage=current, answers=submission.answers)
    fresh = application_for_token(token=token)
    assert fresh is not None
    return _to_location(fresh)


def _render_stage(
    request: HttpRequest,
    application: Application,
    current: Stage,
    submission: Submission,
    posted: Any,
    status: int = 200,
) -> HttpResponse:
    stage_type = get_stage_type(current.kind)
    stages = job_stages(job_id=application.job_id)
    step = next((i for i, s in enumerate(stages, start=1) if s.pk == current.pk), 1)
    context = {
        **_branding(application, application.token),
        **stage_type.candidate_context(current, application),
        "application": application,
        "stage": current,
        "candidate_template": stage_type.candidate_template,
        "errors": submission.errors,
        "posted": posted or {},
        "kept": _kept_tokens(application, submission),
        "action_url": reverse("portal:stage", args=[application.token, current.pk]),
        "max_file_mb": settings.MAX_ANSWER_FILE_BYTES // (1024 * 1024),
        "step": step,
        "step_count": len(stages),
    }
    return render(request, "portal/stage.html", context, status=status)


def _kept_tokens(application: Application, submission: Submission) -> dict[str, dict[str, Any]]:
    """Uploads that were accepted while another answer had an error, signed so they survive the re-render.

    A browser cannot refill a file input, so without this the candidate would lose the file.
    """
    kept: dict[str, dict[str, Any]] = {}
    for question_id, value in submission.answers.items():
        if isinstance(value, dict) and "path" in value:
            signed = signing.dumps({"a": application.pk, "q": question_id, "v": value}, salt=KEPT_FILE_SALT)
            kept[question_id] = {"token": signed, "name": value.get("name", "")}
    return kept


def _restore_kept_uploads(request: HttpRequest, application: Application, submission: Submission) -> None:
    for name, signed in request.POST.items():
        if not name.startswith("kept_") or not isinstance(signed, str):
            continue
        try:
            data = signing.loads(signed, salt=KEPT_FILE_SALT, max_age=KEPT_FILE_MAX_AGE)
        except signing.BadSignature:
            continue
        question_id = data.get("q")
        if data.get("a") != application.pk or name != f"kept_{question_id}":
            continue
        # A new file for the same question replaces the kept one (and its errors stand).
        if question_id in submission.answers or request.FILES.get(f"answer_{question_id}"):
            continue
        submission.answers[question_id] = data["v"]
        submission.errors.pop(question_id, None)


@never_cache
@require_safe
@candidate_link
def done(request: HttpRequest, application: Application, token: str) -> HttpResponse:
    if candidate_location(application)[0] != "portal:done":
        return _to_location(application)
    job = application.job
    # "Silent" disqualification must read exactly like a normal finish.
    show_disqualified = (
        application.status == ApplicationStatus.DISQUALIFIED
        and job.disqualified_behavior == DisqualifiedBehavior.SHOW_MESSAGE
    )
    context = {
        **_branding(application, token),
        "disqualified_message": job.disqualified_message if show_disqualified else "",
        "show_disqualified": show_disqualified,
    }
    return render(request, "portal/done.html", context)


def bench_trivial(request: HttpRequest) -> HttpResponse:
    """The baseline of the landing-page benchmark (only routed when SCREENROOM_BENCH=1)."""
    return HttpResponse("ok", content_type="text/plain")
