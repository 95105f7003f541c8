from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from screenroom.orgs.branding import MIN_CONTRAST
from screenroom.orgs.forms import ApiTokenForm, BrandingForm, MemberAddForm, MemberRoleForm
from screenroom.orgs.middleware import SESSION_ORG_KEY
from screenroom.orgs.models import ApiToken, Membership, Role
from screenroom.orgs.permissions import owner_required, viewer_required
from screenroom.orgs.selectors import api_tokens_of, members_of
from screenroom.orgs.services import (
    api_token_create,
    api_token_revoke,
    member_add,
    member_setup_email_send,
    membership_remove,
    membership_role_change,
    organization_branding_update,
)


def _require_owner(request: HttpRequest) -> None:
    # Pages everyone may read but only owners may change: the POST half is refused here.
    if not request.membership.has_role(Role.OWNER):  # type: ignore[attr-defined]
        raise PermissionDenied("Only owners can change this.")


@viewer_required
def branding(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    initial = {
        name: getattr(org, name) for name in BrandingForm.base_fields if name not in ("logo", "remove_logo")
    }
    if request.method == "POST":
        _require_owner(request)
        form = BrandingForm(request.POST, request.FILES, initial=initial)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k not in ("logo", "remove_logo")}
            organization_branding_update(
                organization=org,
                actor=request.user,  # type: ignore[arg-type]
                values=values,
                logo=form.processed_logo,
                remove_logo=form.cleaned_data["remove_logo"],
            )
            messages.success(request, "Branding saved. Candidate pages and emails use it from now on.")
            return redirect("orgs:branding")
    else:
        form = BrandingForm(initial=initial)
    can_edit = request.membership.has_role(Role.OWNER)  # type: ignore[attr-defined]
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    preview_primary = form["primary_color"].value() or org.primary_color
    preview_accent = form["accent_color"].value() or org.accent_color
    context = {
        "form": form,
        "can_edit": can_edit,
        "org": org,
        "preview": {
            "primary": preview_primary if not form.errors.get("primary_color") else org.primary_color,
            "accent": preview_accent if not form.errors.get("accent_color") else org.accent_color,
            "welcome": form["welcome_message"].value() or "",
        },
        "min_contrast": MIN_CONTRAST,
    }
    return render(request, "orgs/branding.html", context, status=400 if form.errors else 200)


def _members_page(
    request: HttpRequest, add_form: MemberAddForm | None = None, status: int = 200
) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    members = list(members_of(org))
    owners = sum(1 for m in members if m.role == Role.OWNER)
    context = {
        "members": members,
        "owner_count": owners,
        "can_edit": request.membership.has_role(Role.OWNER),  # type: ignore[attr-defined]
        "add_form": add_form or MemberAddForm(),
        "roles": Role.choices,
    }
    return render(request, "orgs/members.html", context, status=status)


@viewer_required
def members(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _members_page(request)
    _require_owner(request)
    form = MemberAddForm(request.POST)
    if not form.is_valid():
        return _members_page(request, form, status=400)
    try:
        result = member_add(
            organization=request.org,  # type: ignore[attr-defined]
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            added_by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        form.add_error("email", exc)
        return _members_page(request, form, status=400)
    email = result.membership.user.email
    if not result.new_account:
        messages.success(request, f"{email} can now use this organization.")
    elif result.email_sent:
        messages.success(request, f"{email} was added and emailed a link to choose a password.")
    else:
        messages.error(
            request,
            f"{email} was added, but the email with the password link could not be sent. "
            "Use “Resend link” once email works again.",
        )
    return redirect("orgs:members")


def _membership_or_404(request: HttpRequest, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        pk=membership_id,
        organization=request.org,  # type: ignore[attr-defined]
    )


@require_POST
@owner_required
def member_role(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(request, membership_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose owner, recruiter or viewer.")
        return redirect("orgs:members")
    try:
        membership_role_change(
            membership=membership,
            role=form.cleaned_data["role"],
            actor=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("orgs:members")
    messages.success(request, f"{membership.user.email} is now {membership.get_role_display().lower()}.")
    return redirect("orgs:members")


@require_POST
@owner_required
def member_remove(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(request, membership_id)
    try:
        membership_remove(membership=membership, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("orgs:members")
    messages.success(request, f"{membership.user.email} no longer has access to {request.org.name}.")  # type: ignore[attr-defined]
    if membership.user_id == request.user.pk:
        request.session.pop(SESSION_ORG_KEY, None)
        return redirect("dashboard:home")
    return redirect("orgs:members")


@require_POST
@owner_required
def member_resend(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = _membership_or_404(request, membership_id)
    if membership.user.has_usable_password():
        messages.info(request, f"{membership.user.email} has already chosen a password.")
    elif member_setup_email_send(membership=membership, invited_by=request.user):  # type: ignore[arg-type]
        messages.success(request, f"A new link was emailed to {membership.user.email}.")
    else:
        messages.error(request, "The email could not be sent. Check the email settings and try again.")
    return redirect("orgs:members")


@never_cache
@owner_required
def tokens(request: HttpRequest) -> HttpResponse:
    org = request.org  # type: ignore[attr-defined]
    form = ApiTokenForm(request.POST or None)
    created_raw = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _, created_raw = api_token_create(
                organization=org,
                name=form.cleaned_data["name"],
                created_by=request.user,  # type: ignore[arg-type]
            )
            # Rendered, not redirected: the raw token is never stored, so this response is the
            # only place it appears (never_cache keeps it out of the browser's history cache).
            form = ApiTokenForm()
        else:
            status = 400
    context = {"form": form, "tokens": api_tokens_of(org), "created_raw": created_raw}
    return render(request, "orgs/tokens.html", context, status=status)


@require_POST
@owner_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, organization=request.org)  # type: ignore[attr-defined]
    api_token_revoke(token=token, actor=request.user)  # type: ignore[arg-type]
    messages.success(request, f"The token “{token.name}” is revoked; requests using it are refused.")
    return redirect("orgs:tokens")


@require_POST
@login_required
def switch(request: HttpRequest) -> HttpResponse:
    try:
        org_id = int(request.POST.get("organization", ""))
    except ValueError:
        org_id = 0
    chosen = next((m for m in request.memberships if m.organization_id == org_id), None)  # type: ignore[attr-defined]
    if chosen is None:
        messages.error(request, "You are not a member of that organization.")
        return redirect("dashboard:home")
    request.session[SESSION_ORG_KEY] = chosen.organization_id
    messages.success(request, f"Switched to {chosen.organization.name}.")
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect("dashboard:home")
