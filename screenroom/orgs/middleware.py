from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from screenroom.orgs.models import Membership
from screenroom.orgs.selectors import membership_choose, memberships_for_user

SESSION_ORG_KEY = "current_org_id"


class CurrentOrganizationMiddleware:
    """Sets request.membership (the current one) and request.memberships (all of the user's) lazily.

    Both come from one query, run only when something asks, so candidate pages pay nothing and
    the organization switcher costs no extra query on staff pages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        loaded: list[list[Membership]] = []

        def all_memberships() -> list[Membership]:
            if not loaded:
                loaded.append(memberships_for_user(request.user))
            return loaded[0]

        def current():  # type: ignore[no-untyped-def]
            return membership_choose(all_memberships(), request.session.get(SESSION_ORG_KEY))

        request.membership = SimpleLazyObject(current)  # type: ignore[attr-defined]
        request.memberships = SimpleLazyObject(all_memberships)  # type: ignore[attr-defined]
        return self.get_response(request)
