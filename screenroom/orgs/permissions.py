"""Decorators for staff views: a member of the current organization with at least a given role."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from screenroom.orgs.models import Role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

View = Callable[..., HttpResponse]


def member_required(minimum: str = Role.VIEWER) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = request.membership  # type: ignore[attr-defined]
            if not membership:
                return redirect("accounts:create_organization")
            if not membership.has_role(minimum):
                raise PermissionDenied("Your role does not allow this.")
            if request.method not in SAFE_METHODS and not membership.has_role(Role.RECRUITER):
                # Viewers read only, whatever the view: no view can forget to check it.
                raise PermissionDenied("Viewers cannot change anything.")
            request.org = membership.organization  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


viewer_required = member_required(Role.VIEWER)
recruiter_required = member_required(Role.RECRUITER)
owner_required = member_required(Role.OWNER)
