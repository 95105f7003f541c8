from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from screenroom.core.tokens import sha256_hex
from screenroom.orgs.models import ROLE_RANK, ApiToken, Membership, Organization


def memberships_for_user(user: User | AnonymousUser) -> list[Membership]:
    """All of a user's memberships in one query (people belong to a handful of organizations)."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.select_related("organization").filter(user=user).order_by("id"))


def membership_choose(memberships: list[Membership], org_id: int | None) -> Membership | None:
    """The organization picked in the session, else the oldest membership."""
    for membership in memberships:
        if membership.organization_id == org_id:
            return membership
    return memberships[0] if memberships else None


def members_of(organization: Organization) -> QuerySet[Membership]:
    rank = Case(
        *(When(role=role, then=Value(-value)) for role, value in ROLE_RANK.items()),
        output_field=IntegerField(),
    )
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .annotate(role_rank=rank)
        .order_by("role_rank", "user__email", "id")
    )


def api_tokens_of(organization: Organization) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.filter(organization=organization)
        .select_related("created_by")
        .order_by("revoked_at", "-created_at", "-id")
    )


def organization_for_api_token(raw: str) -> Organization | None:
    token = (
        ApiToken.objects.select_related("organization")
        .filter(token_hash=sha256_hex(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.organization
