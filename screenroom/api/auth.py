"""Per-organization API tokens: `Authorization: Bearer sr_…`."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja.security import HttpBearer

from screenroom.core.tokens import sha256_hex
from screenroom.orgs.models import ApiToken, Organization
from screenroom.orgs.selectors import organization_for_api_token


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Organization | None:
        token = token.strip()
        if not token:
            return None
        organization = organization_for_api_token(token)
        if organization is not None:
            request.org = organization  # type: ignore[attr-defined]
            request.api_token_hash = sha256_hex(token)  # type: ignore[attr-defined]
        return organization


def request_org(request: HttpRequest) -> Organization:
    return request.org  # type: ignore[attr-defined,no-any-return]


def api_actor(request: HttpRequest) -> User | None:
    """Who is behind a write: the person who created the token (None if they left), for the audit log."""
    token = (
        ApiToken.objects.select_related("created_by")
        .filter(token_hash=request.api_token_hash)  # type: ignore[attr-defined]
        .first()
    )
    return token.created_by if token else None
