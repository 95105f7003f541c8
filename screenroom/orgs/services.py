from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from screenroom.core.tokens import new_token, sha256_hex
from screenroom.orgs.models import ApiToken, Membership, Organization, Role

API_TOKEN_PREFIX = "sr_"


def _unique_slug(name: str) -> str:
    base = slugify(name)[:60] or "org"
    slug, n = base, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organization_create(*, name: str, owner: User) -> Organization:
    org = Organization.objects.create(name=name, slug=_unique_slug(name), sender_name=name)
    Membership.objects.create(organization=org, user=owner, role=Role.OWNER)
    return org


def membership_add(*, organization: Organization, user: User, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    return membership


def api_token_create(
    *, organization: Organization, name: str, created_by: User | None = None
) -> tuple[ApiToken, str]:
    raw = API_TOKEN_PREFIX + new_token(30)
    token = ApiToken.objects.create(
        organization=organization,
        name=name,
        prefix=raw[:10],
        token_hash=sha256_hex(raw),
        created_by=created_by,
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
