"""Per-organization API tokens: `Authorization: Bearer sr_…`."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from screenroom.core.tokens import sha256_hex
from screenroom.orgs.models import ApiToken, Organization


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Organization | None:
        token = token.strip()
        if not token:
            return None
        # One read loads the organization and the token's creator, so a write's actor costs nothing more.
        api_token = (
            ApiToken.objects.select_related("organization", "created_by")
            .filter(token_hash=sha256_hex(token), revoked_at__isnull=True)
            .first()
        )
        if api_token is None:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.org = api_token.organization  # type: ignore[attr-defined]
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.organization


def request_org(request: HttpRequest) -> Organization:
    return request.org  # type: ignore[attr-defined,no-any-return]


def api_actor(request: HttpRequest) -> User | None:
    """Who is behind a write: the person who created the token (None if they left), for the audit log."""
    api_token: ApiToken = request.api_token  # type: ignore[attr-defined]
    return api_token.created_by
