from django.http import HttpRequest


def current_organization(request: HttpRequest) -> dict[str, object]:
    membership = getattr(request, "membership", None)
    # Only evaluate for signed-in users: candidate pages stay query-free here.
    if membership is None or not request.user.is_authenticated:
        return {}
    return {
        "membership": membership,
        "organization": membership.organization if membership else None,
        # Lazy, and loaded by the same query as `membership`: the switcher partial iterates it.
        "org_memberships": getattr(request, "memberships", []),
    }
