from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from screenroom.core.tokens import sha256_hex
from screenroom.orgs.models import ApiToken, Membership, Organization


def membership_for_user(user: User | AnonymousUser, org_id: int | None) -> Membership | None:
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("organization").filter(user=user).order_by("id")
    if org_id is not None:
        chosen = memberships.filter(organization_id=org_id).first()
        if chosen is not None:
            return chosen
    return memberships.first()


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
