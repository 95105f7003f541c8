from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from screenroom.orgs.selectors import membership_for_user

SESSION_ORG_KEY = "current_org_id"


class CurrentOrganizationMiddleware:
    """Sets request.membership lazily, so candidate pages that never ask pay no query for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        def load():  # type: ignore[no-untyped-def]
            return membership_for_user(request.user, request.session.get(SESSION_ORG_KEY))

        request.membership = SimpleLazyObject(load)  # type: ignore[attr-defined]
        return self.get_response(request)
