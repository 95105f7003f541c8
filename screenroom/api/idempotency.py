"""`Idempotency-Key` for POST creates: the same key and body get the first response back, unchanged.

Only successful responses are kept, so a client can fix a rejected request and retry with the same key.
A key is remembered for KEY_TTL; a different body under a live key is a 409.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Status

from screenroom.api.auth import request_org
from screenroom.api.errors import ApiError
from screenroom.api.models import IdempotencyKey
from screenroom.core.tokens import sha256_hex

HEADER = "Idempotency-Key"
KEY_TTL = dt.timedelta(hours=24)
MAX_KEY_LENGTH = 255


def _fingerprint(request: HttpRequest) -> str:
    try:
        body: Any = json.loads(request.body or b"null")
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return sha256_hex(f"{request.method} {request.path}\n{canonical}")


def _replay(stored: IdempotencyKey, fingerprint: str, response: HttpResponse) -> Status[Any]:
    if stored.request_sha256 != fingerprint:
        raise ApiError(
            409,
            f"This {HEADER} was already used with a different request. Use a new key for a new request.",
            code="idempotency_key_reused",
        )
    response["Idempotent-Replayed"] = "true"
    return Status(stored.status_code, stored.response_body)


def idempotent(
    request: HttpRequest, response: HttpResponse, create: Callable[[], tuple[int, dict[str, Any]]]
) -> Status[Any]:
    """Run `create` at most once per (organization, key); replay its stored response afterwards."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return Status(*create())
    if len(key) > MAX_KEY_LENGTH:
        raise ApiError(400, f"{HEADER} must be at most {MAX_KEY_LENGTH} characters.")
    organization = request_org(request)
    fingerprint = _fingerprint(request)
    IdempotencyKey.objects.filter(
        organization=organization, key=key, created_at__lt=timezone.now() - KEY_TTL
    ).delete()
    stored = IdempotencyKey.objects.filter(organization=organization, key=key).first()
    if stored is not None:
        return _replay(stored, fingerprint, response)
    try:
        with transaction.atomic():
            status, body = create()
            IdempotencyKey.objects.create(
                organization=organization,
                key=key,
                request_sha256=fingerprint,
                status_code=status,
                response_body=body,
            )
    except IntegrityError:
        # A concurrent request with the same key won; everything `create` did here was rolled back.
        stored = IdempotencyKey.objects.filter(organization=organization, key=key).first()
        if stored is None:
            raise
        return _replay(stored, fingerprint, response)
    return Status(status, body)
